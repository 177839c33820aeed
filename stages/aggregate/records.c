/* records.c - reading report records: capped lines, then JSON to cells. */
#include "records.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "csvout.h"
#include "schema.h"
#include "stream.h"

#define CHUNK NB_STREAM_CHUNK /* stream.h: large, to be woken rarely */

int
agg_lines_init(agg_lines *l, FILE *f, size_t max)
{
    memset(l, 0, sizeof *l);
    l->f = f;
    l->max = max;
    l->cap = 4096;
    l->buf = malloc(CHUNK);
    l->line = malloc(l->cap);
    if (!l->buf || !l->line) {
        agg_lines_fini(l);
        return -1;
    }
    return 0;
}

void
agg_lines_fini(agg_lines *l)
{
    free(l->buf);
    free(l->line);
    l->buf = l->line = NULL;
}

static int
fill(agg_lines *l)
{
    if (l->eof)
        return 0;
    l->len = fread(l->buf, 1, CHUNK, l->f);
    l->pos = 0;
    if (l->len == 0) {
        if (ferror(l->f))
            l->ioerr = errno ? errno : EIO;
        l->eof = 1;
        return 0;
    }
    return 1;
}

int
agg_lines_next(agg_lines *l)
{
    int over = 0, got = 0;

    l->n = 0;
    l->line[0] = '\0';
    for (;;) {
        const char *p, *nl;
        size_t k;

        if (l->pos == l->len && !fill(l)) {
            if (l->ioerr)
                return -1;
            break;
        }
        got = 1;
        p = l->buf + l->pos;
        nl = memchr(p, '\n', l->len - l->pos);
        k = nl ? (size_t)(nl - p) : l->len - l->pos;
        l->pos += k + (nl != NULL);
        if (!over && l->n + k > l->max)
            over = 1; /* drop the rest of the line, but read it */
        if (!over) {
            if (l->n + k + 1 > l->cap) {
                size_t cap = l->cap;
                char *q;

                while (l->n + k + 1 > cap)
                    cap *= 2;
                q = realloc(l->line, cap);
                if (!q) {
                    l->ioerr = ENOMEM;
                    return -1;
                }
                l->line = q;
                l->cap = cap;
            }
            memcpy(l->line + l->n, p, k);
            l->n += k;
            l->line[l->n] = '\0';
        }
        if (nl)
            break;
    }
    if (!got)
        return 0;
    l->lineno++;
    if (over) {
        l->n = 0;
        l->line[0] = '\0';
        return 2;
    }
    if (l->n > 0 && l->line[l->n - 1] == '\r')
        l->line[--l->n] = '\0';
    return 1;
}

void
agg_record_init(agg_record *r)
{
    memset(r, 0, sizeof *r);
}

void
agg_record_fini(agg_record *r)
{
    nb_record_reader_free(r->rd);
    free(r->nr);
    r->rd = NULL;
    r->nr = NULL;
    r->checks = NULL;
    r->nchecks = 0;
}

/* The record read into the group keys, cells and check counts. */
static void
take(agg_record *r, const nb_record *nr)
{
    static const int region_key[] = {
        [NB_RR_CODE] = AGG_K_REGION_CODE, [NB_RR_PROVINCE] = AGG_K_PROVINCE,
        [NB_RR_CITY] = AGG_K_CITY,        [NB_RR_COUNTY] = AGG_K_COUNTY,
        [NB_RR_LEVEL] = AGG_K_LEVEL,      [NB_RR_STATUS] = AGG_K_REGION_STATUS,
    };

    r->key[AGG_K_AGENCY] = nr->agency;
    if (nr->year) {
        snprintf(r->yearbuf, sizeof r->yearbuf, "%d", nr->year);
        r->key[AGG_K_YEAR] = r->yearbuf;
    }
    for (int k = 0; k < NB_RR_COUNT_; k++)
        r->key[region_key[k]] = nr->region[k];
    r->key[AGG_K_CATEGORY] = nr->category_id;
    r->key[AGG_K_FORMAT] = nr->t3_format;
    r->is_error = nr->is_error;
    r->err_stage = nr->err_stage, r->err_code = nr->err_code, r->err_message = nr->err_message;
    for (size_t m = 0; m < nb_nmetrics; m++) {
        unsigned fl = nr->flags[m];

        r->state[m] = nr->state[m] == NB_REC_ABSENT ? NB_ST_MISSING : (unsigned char)nr->state[m];
        r->value[m] = nr->state[m] == NB_ST_NUM ? nr->value[m] : 0;
        r->flags[m] = (unsigned char)((fl & NB_FL_H0 ? AGG_F_H0 : 0) |
                                      (fl & NB_FL_DERIVED ? AGG_F_DERIVED : 0));
    }
    r->checks = nr->checks, r->nchecks = nr->nchecks;
    for (int i = 0; i < nr->nchecks; i++)
        if (!strcmp(nr->checks[i].verdict, "fail") || !strcmp(nr->checks[i].verdict, "fail_h0")) {
            r->check_failed = 1;
            r->n_failed++;
        }
}

int
agg_record_parse(agg_record *r, const char *line, size_t n, nb_error *err)
{
    memset(r->key, 0, sizeof r->key);
    r->is_error = r->check_failed = r->n_failed = 0;
    r->err_stage = r->err_code = r->err_message = NULL;
    r->checks = NULL;
    r->nchecks = 0;
    if (!r->rd && !(r->rd = nb_record_reader_new()))
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (!r->nr && !(r->nr = malloc(sizeof *r->nr)))
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (nb_record_read(r->rd, line, n, r->nr, err) < 0) {
        r->key[AGG_K_DOC] = r->nr->doc;
        return -1;
    }
    r->key[AGG_K_DOC] = r->nr->doc;
    take(r, r->nr);
    return 0;
}
