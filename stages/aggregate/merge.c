/* merge.c - long rollups back into a rollup, exactly (aggregate --merge). */
#include "merge.h"

#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "schema.h"

#define MAXFIELDS 64

struct agg_merge {
    int by[AGG_NKEYS], nby;
    const unsigned char *sel;
    long nsel;
    const char *null;
    agg_bad_fn *bad;
    void *ctx;
    agg_rollup *r;
    int force, part; /* --force; the input part being read (1-based) */

    /* the input being read */
    const char *name;
    long rowno;
    nb_error *err;
    int fatal;
    char *hdr[MAXFIELDS];
    int nhdr;
    int colkey[MAXFIELDS], colc[MAXFIELDS];
    int has_rates;

    char *f[MAXFIELDS]; /* fields of the row being read */
    int nf, toomany;

    /* the run of rows of one input group */
    int inrun;
    char *runkey[AGG_NKEYS];
    int64_t runcount[4];
    long runrows, runstart;
};

agg_merge *
agg_merge_create(const int *by, int nby, const unsigned char *sel, const char *null,
                 agg_bad_fn *bad, void *ctx)
{
    agg_merge *m = calloc(1, sizeof *m);

    if (!m)
        return NULL;
    m->nby = nby;
    if (nby > 0)
        memcpy(m->by, by, (size_t)nby * sizeof *by);
    m->sel = sel;
    for (int s = 0; s < agg_nslots(); s++)
        m->nsel += sel[s] != 0;
    m->null = null ? null : "";
    m->bad = bad;
    m->ctx = ctx;
    return m;
}

void
agg_merge_force(agg_merge *m, int force)
{
    m->force = force;
}

static void
clear_fields(char **f, int *n)
{
    for (int i = 0; i < *n; i++) {
        free(f[i]);
        f[i] = NULL;
    }
    *n = 0;
}

static void
clear_run(agg_merge *m)
{
    for (int i = 0; i < AGG_NKEYS; i++) {
        free(m->runkey[i]);
        m->runkey[i] = NULL;
    }
    m->inrun = 0;
}

void
agg_merge_free(agg_merge *m)
{
    if (!m)
        return;
    clear_fields(m->f, &m->nf);
    clear_fields(m->hdr, &m->nhdr);
    clear_run(m);
    agg_rollup_free(m->r);
    free(m);
}

agg_rollup *
agg_merge_rollup(agg_merge *m)
{
    if (!m->r)
        m->r = agg_rollup_create(m->by, m->nby > 0 ? m->nby : 0);
    return m->r;
}

static void bad_row(agg_merge *m, long row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fatal(agg_merge *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
bad_row(agg_merge *m, long row, const char *fmt, ...)
{
    char where[320], msg[320];
    va_list ap;

    snprintf(where, sizeof where, "%s:%ld", m->name, row);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    m->bad(m->ctx, where, msg);
}

static int
fatal(agg_merge *m, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    m->fatal = 1;
    return nb_fail(m->err, NB_E_RECORD, "%s: %s", m->name, msg);
}

static int
header(agg_merge *m)
{
    unsigned inkeys = 0, cols = 0;
    int k[AGG_NKEYS], nk = 0;

    for (int i = 0; i < m->nf; i++) {
        int key = agg_key_find(m->f[i]), c = key < 0 ? agg_col_find(m->f[i]) : -1;

        m->colkey[i] = key;
        m->colc[i] = c;
        if (key < 0 && c < 0)
            return fatal(m, "unknown column '%s' (not a long rollup?)", m->f[i]);
        if ((key >= 0 && (inkeys & 1u << key)) || (c >= 0 && (cols & 1u << c)))
            return fatal(m, "column '%s' twice", m->f[i]);
        if (key >= 0) {
            inkeys |= 1u << key;
            k[nk++] = key;
        } else {
            cols |= 1u << c;
        }
    }
    for (int c = 0; c <= AGG_C_N_DERIVED; c++)
        if (!(cols & 1u << c))
            return fatal(m, "no column '%s' (not a long rollup?)", agg_col_names[c]);
    m->has_rates = (cols >> AGG_C_NUMERATOR & 1) && (cols >> AGG_C_DENOMINATOR & 1);
    for (int s = (int)nb_nmetrics; s < agg_nslots(); s++)
        if (m->sel[s] && !m->has_rates)
            return fatal(m, "%s", "no rate columns (make the shards with --rates)");
    if (!m->r) {
        if (m->nby < 0) {
            memcpy(m->by, k, (size_t)nk * sizeof *k);
            m->nby = nk;
        }
        if (!agg_merge_rollup(m))
            return fatal(m, "%s", "out of memory");
    }
    for (int i = 0; i < m->nby; i++)
        if (!(inkeys & 1u << m->by[i]))
            return fatal(m, "no column '%s' to group by", agg_key_names[m->by[i]]);
    /* An input with more keys than the grouping is combined into it. */
    for (int i = 0; i < m->nf; i++)
        m->hdr[i] = m->f[i], m->f[i] = NULL;
    m->nhdr = m->nf;
    m->nf = 0;
    return 0;
}

static int
is_header_again(agg_merge *m)
{
    if (m->nf != m->nhdr)
        return 0;
    for (int i = 0; i < m->nf; i++)
        if (strcmp(m->f[i], m->hdr[i]))
            return 0;
    return 1;
}

static void
close_run(agg_merge *m)
{
    if (m->inrun && m->runrows != m->nsel) {
        bad_row(m, m->runstart,
                "a group with %ld rows for the %ld selected metrics and rates (make the "
                "shards with the same --metrics and --rates)",
                m->runrows, m->nsel);
    }
    clear_run(m);
}

static int
parse_count(const char *s, int64_t *v)
{
    char *end;
    long long x;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    x = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

/* A nullable number: 0 with *has = 0 for null, 0 with the value, or -1. */
static int
parse_opt(agg_merge *m, const char *s, int fixed, int *has, int64_t *v)
{
    *has = 0;
    if (!strcmp(s, m->null) || !*s)
        return 0;
    *has = 1;
    return fixed ? agg_parse_fixed(s, v) : parse_count(s, v);
}

static int
same_run(agg_merge *m, const char *const key[AGG_NKEYS])
{
    if (!m->inrun)
        return 0;
    for (int i = 0; i < AGG_NKEYS; i++) {
        const char *a = m->runkey[i], *b = key[i];

        if (!a != !b || (a && strcmp(a, b)))
            return 0;
    }
    return 1;
}

/* Is the group of key, which names one report, also in an earlier input
 * or part?  Then the input is unusable (unless --force): a report would
 * count twice. */
static int
overlaps(agg_merge *m, const char *const key[AGG_NKEYS])
{
    int by = agg_rollup_identifies(m->r);
    agg_group *g;

    /* A group with an unknown key is not one report. */
    if (m->force || !by || (by == 1 && !key[AGG_K_DOC]) ||
        (by == 2 && !(key[AGG_K_AGENCY] && key[AGG_K_REGION_CODE] && key[AGG_K_YEAR])))
        return 0;
    if (!(g = agg_rollup_group(m->r, key))) {
        fatal(m, "%s", "out of memory");
        return 1;
    }
    if (g->src && g->src != m->part) {
        fatal(m,
              "row %ld: %s is also in an earlier rollup: merging overlapping rollups counts "
              "it twice (--force merges them anyway)",
              m->rowno, key[AGG_K_DOC] ? key[AGG_K_DOC] : key[AGG_K_AGENCY]);
        return 1;
    }
    g->src = m->part;
    return 0;
}

/* The group keys and counter cells of the current row into key and cell.
 * Returns 0, or -1 after bad_row. */
static int
row_fields(agg_merge *m, const char *key[AGG_NKEYS], const char *cell[AGG_NCOLS], char *yearbuf,
           size_t yearcap)
{
    if (m->toomany || m->nf != m->nhdr) {
        bad_row(m, m->rowno, "not %d fields as the header", m->nhdr);
        return -1;
    }
    for (int i = 0; i < m->nf; i++) {
        const char *v = m->f[i];

        if (m->colc[i] >= 0) {
            cell[m->colc[i]] = v;
            continue;
        }
        if (!*v || !strcmp(v, m->null))
            continue;
        if (m->colkey[i] == AGG_K_YEAR) {
            int64_t y;

            if ((*v == '-' ? parse_count(v + 1, &y) : parse_count(v, &y)) < 0 || y > 99999) {
                bad_row(m, m->rowno, "year '%s' is not an integer", v);
                return -1;
            }
            /* "02023" and "2023" are one group, printed as aggregate prints it */
            snprintf(yearbuf, yearcap, "%s%" PRId64, *v == '-' && y ? "-" : "", y);
            v = yearbuf;
        } else {
            /* a level or category of a --labels zh rollup is its id again,
             * so that it groups and sorts as the ids do */
            v = agg_value_id(m->colkey[i], agg_csv_unneutralise(v));
        }
        key[m->colkey[i]] = v;
    }
    return 0;
}

/* The group counters and the metric's counts and sums into count and r.
 * Returns 0, or -1 after bad_row. */
static int
row_numbers(agg_merge *m, const char *const cell[AGG_NCOLS], int64_t count[4], agg_mrow *r)
{
    int ok = 1;

    for (int c = 0; c < 4; c++)
        ok &= parse_count(cell[c], &count[c]) == 0;
    if (!ok) {
        bad_row(m, m->rowno, "%s", "a group counter is not a count");
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->n_reports = count[0];
    r->slot = agg_slot_find(cell[AGG_C_METRIC]);
    if (r->slot < 0) {
        bad_row(m, m->rowno, "unknown metric '%s'", cell[AGG_C_METRIC]);
        return -1;
    }
    if (parse_count(cell[AGG_C_N_NUM], &r->n_num) < 0 ||
        parse_count(cell[AGG_C_N_PLACEHOLDER], &r->n_ph) < 0 ||
        parse_count(cell[AGG_C_N_UNKNOWN], &r->n_unknown) < 0 ||
        parse_opt(m, cell[AGG_C_N_H0], 0, &r->has_h0, &r->n_h0) < 0 ||
        parse_opt(m, cell[AGG_C_N_DERIVED], 0, &r->has_derived, &r->n_derived) < 0 ||
        (r->slot < (int)nb_nmetrics &&
         parse_opt(m, cell[AGG_C_SUM], 1, &r->has_sum, &r->sum) < 0) ||
        (m->has_rates && (parse_opt(m, cell[AGG_C_NUMERATOR], 1, &r->has_num, &r->num) < 0 ||
                          parse_opt(m, cell[AGG_C_DENOMINATOR], 1, &r->has_den, &r->den) < 0))) {
        bad_row(m, m->rowno, "%s: a count or sum is not a number (nor the --null given)",
                cell[AGG_C_METRIC]);
        return -1;
    }
    return 0;
}

/* A row whose keys differ from the run's starts a new run (one group):
 * its counters are merged once.  Returns 0, or -1 after a message. */
static int
row_run(agg_merge *m, const char *const key[AGG_NKEYS], const int64_t count[4])
{
    nb_error err = {0};

    if (same_run(m, key)) {
        if (!memcmp(m->runcount, count, sizeof m->runcount))
            return 0;
        bad_row(m, m->rowno, "%s", "group counters differ from the group's first row");
        return -1;
    }
    close_run(m);
    for (int i = 0; i < AGG_NKEYS; i++)
        if (key[i] && !(m->runkey[i] = strdup(key[i])))
            return fatal(m, "%s", "out of memory"), -1;
    m->inrun = 1;
    m->runrows = 0;
    m->runstart = m->rowno;
    memcpy(m->runcount, count, sizeof m->runcount);
    if (overlaps(m, key))
        return -1;
    if (agg_rollup_merge_counts(m->r, key, count, &err) < 0) {
        if (err.code == NB_E_NOMEM)
            fatal(m, "%s", "out of memory");
        else
            bad_row(m, m->rowno, "%s", err.text);
        return -1;
    }
    return 0;
}

static void
row(agg_merge *m)
{
    const char *key[AGG_NKEYS] = {0}, *cell[AGG_NCOLS] = {0};
    char yearbuf[24];
    int64_t count[4];
    agg_mrow r;
    nb_error err = {0};

    if (row_fields(m, key, cell, yearbuf, sizeof yearbuf) < 0 ||
        row_numbers(m, cell, count, &r) < 0 || row_run(m, key, count) < 0)
        return;
    if (!m->sel[r.slot])
        return;
    if (agg_rollup_merge_row(m->r, key, &r, &err) < 0) {
        if (err.code == NB_E_NOMEM)
            fatal(m, "%s", "out of memory");
        else
            bad_row(m, m->rowno, "%s", err.text);
        return;
    }
    m->runrows++;
}

static void
cb_field(void *s, size_t len, void *data)
{
    agg_merge *m = data;

    (void)len;
    if (m->nf == MAXFIELDS) {
        m->toomany = 1;
        return;
    }
    m->f[m->nf] = strdup(s);
    if (!m->f[m->nf]) {
        fatal(m, "%s", "out of memory");
        return;
    }
    m->nf++;
}

static void
cb_row(int c, void *data)
{
    agg_merge *m = data;

    (void)c;
    m->rowno++;
    if (m->nf > 0 && !strncmp(m->f[0], "\xef\xbb\xbf", 3))
        memmove(m->f[0], m->f[0] + 3, strlen(m->f[0] + 3) + 1);
    if (!m->fatal) {
        if (m->nhdr == 0)
            header(m);
        else if (is_header_again(m))
            close_run(m), m->part++;
        else
            row(m);
    }
    clear_fields(m->f, &m->nf);
    m->toomany = 0;
}

int
agg_merge_file(agg_merge *m, FILE *f, const char *name, nb_error *err)
{
    struct csv_parser p;
    char buf[1 << 16];
    size_t n;

    m->name = name;
    m->err = err;
    m->rowno = 0;
    m->part++;
    m->fatal = 0;
    clear_fields(m->hdr, &m->nhdr);
    clear_run(m);
    if (agg_csv_parser_init(&p) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    while (!m->fatal && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, cb_field, cb_row, m) != n) {
            if (!m->fatal)
                fatal(m, "%s", csv_strerror(csv_error(&p)));
            break;
        }
    }
    if (!m->fatal && ferror(f))
        fatal(m, "read error: %s", strerror(errno));
    if (!m->fatal && csv_fini(&p, cb_field, cb_row, m) != 0)
        fatal(m, "%s", csv_strerror(csv_error(&p)));
    csv_free(&p);
    clear_fields(m->f, &m->nf);
    if (!m->fatal) {
        close_run(m);
        if (m->nhdr == 0)
            fatal(m, "%s", "empty: not a rollup");
    }
    clear_run(m);
    return m->fatal ? -1 : 0;
}
