/*
 * record_json.c - the record reader's state (its tokens are json_tok.c's)
 * and the record's numbers read as exact decimals.
 */
#include "record_int.h"

#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "schema.h"
#include "text.h"
#include "uchar.h"

nb_record_reader *
nb_record_reader_new(void)
{
    nb_record_reader *rd = calloc(1, sizeof *rd);

    if (!rd)
        return NULL;
    for (size_t m = 0; m < nb_nmetrics && m < NB_REC_METRICS; m++)
        rd->idlen[m] = strlen(nb_metrics[m].id);
    return rd;
}

void
nb_record_reader_free(nb_record_reader *rd)
{
    if (!rd)
        return;
    nb_jtok_fini(&rd->j);
    free(rd->arena);
    free(rd->checks);
    free(rd->warn);
    free(rd);
}

/* ---- numbers ---- */

int
nb_record_number(const char *s, size_t n, int64_t *micro)
{
    const uint64_t lim = (uint64_t)NB_REC_MAX_UNITS * (uint64_t)NB_MICRO;
    nb_jnum p;
    uint64_t acc = 0;
    long q; /* the power of ten, in millionths, of the digit at hand */
    int round = 0;

    if (n - 1 < 12 && (s[0] != '0' || n == 1)) { /* most: a count, digits only */
        uint64_t v = 0;
        size_t k = 0;

        while (k < n && s[k] >= '0' && s[k] <= '9')
            v = v * 10 + (uint64_t)(s[k++] - '0');
        if (k == n) { /* below 10^12 = NB_REC_MAX_UNITS */
            *micro = (int64_t)(v * (uint64_t)NB_MICRO);
            return 0;
        }
    }
    if (nb_jnum_split(s, n, &p) < 0)
        return -1;
    q = (long)p.ni - 1 + p.exp + 6;
    for (size_t k = 0; k < p.ni + p.nf; k++, q--) {
        int d = (k < p.ni ? p.ip[k] : p.fp[k - p.ni]) - '0';

        if (q < 0) { /* half away from zero: only the next digit counts */
            round = q == -1 && d >= 5;
            break;
        }
        if (acc > lim / 10 || acc * 10 > lim - (uint64_t)d)
            return -1;
        acc = acc * 10 + (uint64_t)d;
    }
    for (; q >= 0 && acc; q--) /* 12e3: the places the exponent adds */
        if (acc > lim / 10)
            return -1;
        else
            acc *= 10;
    acc += (uint64_t)round;
    if (acc > lim)
        return -1;
    *micro = p.neg ? -(int64_t)acc : (int64_t)acc;
    return 0;
}
