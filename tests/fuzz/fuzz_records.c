/*
 * fuzz_records.c - the record reader (pipeline/record_read.c, through
 * aggregate's records.c) over any bytes: lines are split within the cap
 * and never past the input; every line reads or fails with a message,
 * never a crash; a record read is in range, and written back it reads
 * again to the same bytes (nb_record_write's form is a fixed point).
 */
#include <string.h>

#include "cell.h"
#include "fuzz.h"
#include "record.h"
#include "records.h"
#include "schema.h"

/* Written back, the record reads again and writes the same bytes. */
static void
round_trip(const nb_record *r)
{
    static nb_record_reader *rd;
    static nb_record again;
    static nb_buf a, b;
    nb_error err = {0};

    if (!rd)
        INVARIANT((rd = nb_record_reader_new()) != NULL);
    a.n = b.n = 0;
    INVARIANT(nb_record_write(&a, r) == 0);
    INVARIANT(a.n > 0 && a.p[a.n - 1] == '\n' && !memchr(a.p, '\n', a.n - 1));
    INVARIANT(nb_record_read(rd, a.p, a.n - 1, &again, &err) == 0);
    INVARIANT(nb_record_write(&b, &again) == 0);
    INVARIANT(a.n == b.n && !memcmp(a.p, b.p, a.n));
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    static agg_record rec;
    static int ready;
    agg_lines l;
    long lines = 0;
    int rc;

    if (!in)
        return 0;
    if (!ready) {
        agg_record_init(&rec);
        ready = 1;
    }
    INVARIANT(agg_lines_init(&l, in, 4096) == 0);
    while ((rc = agg_lines_next(&l)) > 0) {
        nb_error err = {0};

        lines++;
        INVARIANT(l.lineno == lines);
        INVARIANT(lines <= (long)size + 1);
        memset(rec.key, 0, sizeof rec.key);
        if (rc == 2)
            continue; /* over the cap: not held */
        INVARIANT(l.n <= 4096 && strlen(l.line) <= l.n);
        if (agg_record_parse(&rec, l.line, l.n, &err) < 0) {
            INVARIANT(err.text[0] != '\0');
            continue;
        }
        for (int i = 0; i < AGG_MAX_METRICS; i++)
            INVARIANT(rec.state[i] <= NB_ST_MISSING);
        for (size_t m = 0; m < nb_nmetrics; m++)
            INVARIANT(rec.state[m] != NB_ST_NUM || (rec.value[m] <= NB_REC_MAX_UNITS * NB_MICRO &&
                                                    rec.value[m] >= -NB_REC_MAX_UNITS * NB_MICRO));
        round_trip(rec.nr);
    }
    memset(rec.key, 0, sizeof rec.key);
    agg_lines_fini(&l);
    fclose(in);
    return 0;
}
