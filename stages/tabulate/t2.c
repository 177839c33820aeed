/* t2.c - table 二: the sub-tables of 第二十条, their headers and units. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

/* ---- table 二 ---- */

/* A sub-table's columns at most (its widest header). */
#define T2_COLS 3

static int
sub_index(const char *sub)
{
    for (int i = 0; i < TB_NSUB; i++)
        if (!strcmp(subtables[i], sub))
            return i;
    return -1;
}

/* The t2 row whose label ends the context key, or -1. */
static int
t2_anchor(const char *key, size_t n)
{
    int best = -1;
    size_t bestlen = 0;

    for (int r = 0; r < NT2; r++) {
        size_t m = strlen(t2rows[r].key);
        if (rg_ends_with(key, n, t2rows[r].key) && m > bestlen)
            best = r, bestlen = m;
        if (t2rows[r].variant && rg_ends_with(key, n, t2rows[r].variant) &&
            strlen(t2rows[r].variant) > bestlen)
            best = r, bestlen = strlen(t2rows[r].variant);
    }
    return best;
}

/* The header of sub-table sub found in key, or -1. */
static int
t2_header(const char *sub, const char *key, size_t n)
{
    for (int h = 0; h < NT2H; h++) {
        if (strcmp(t2heads[h].sub, sub))
            continue;
        if (!rg_last_end(key, n, t2heads[h].k1))
            continue;
        if (t2heads[h].k2 && !rg_last_end(key, n, t2heads[h].k2))
            continue;
        return h;
    }
    return -1;
}

static int
count_words(const char *s)
{
    int n = 0, in = 0;
    for (; *s; s++) {
        if (*s != ' ' && !in)
            n++;
        in = *s != ' ';
    }
    return n;
}

/* Header lost: the header of row r's sub-table whose column count is
 * the row's count of values nv, when only one has it (SCHEMA 12.2); -1
 * otherwise and for art20_1, whose headers have the same width. */
static int
infer_header(int r, int nv)
{
    int h = -1;

    if (!strcmp(t2rows[r].sub, "art20_1"))
        return -1;
    for (int k = 0; k < NT2H; k++) {
        if (strcmp(t2heads[k].sub, t2rows[r].sub) || count_words(t2heads[k].cols) != nv)
            continue;
        if (h >= 0)
            return -1; /* two headers fit */
        h = k;
    }
    return h;
}

/* The metric indices of row r under header h, into idx[0..T2_COLS);
 * returns how many columns. */
static int
row_metrics_uncached(int r, int h, int *idx)
{
    char cols[64], *save = NULL, *w;
    int S = 0;

    snprintf(cols, sizeof cols, "%s", t2heads[h].cols);
    for (w = strtok_r(cols, " ", &save); w && S < T2_COLS; w = strtok_r(NULL, " ", &save)) {
        char id[96];
        int len = snprintf(id, sizeof id, "t2.%s.%s.%s", t2rows[r].sub, t2rows[r].row, w);
        idx[S++] = nb_metric_find(id, (size_t)len);
    }
    return S;
}

/* row_metrics_uncached, made once per row and header: they are the
 * schema's, and the ids printed and looked up for every row read were 2%
 * of the stage. */
static int
row_metrics(int r, int h, int *idx)
{
    static struct {
        signed char S; /* -1 until made */
        int idx[T2_COLS];
    } memo[NT2][NT2H];
    static int init;

    if (!init) {
        for (int i = 0; i < NT2; i++)
            for (int k = 0; k < NT2H; k++)
                memo[i][k].S = -1;
        init = 1;
    }
    if (memo[r][h].S < 0)
        memo[r][h].S = (signed char)row_metrics_uncached(r, h, memo[r][h].idx);
    memcpy(idx, memo[r][h].idx, sizeof memo[r][h].idx);
    return memo[r][h].S;
}

/* An amount's unit (SCHEMA 7.4): the cell's own, else the header's
 * (hkey[0..hlen)), else none; sub is the row's sub-table. */
static void
resolve_unit(tb_cell *cell, const char *hkey, size_t hlen, const char *sub)
{
    int unit = cell->unit;

    cell->unit = NB_UNIT_NONE;
    if (unit != NB_UNIT_NONE || (cell->flags & NB_FL_UNIT_CONVERTED))
        return;
    if (rg_last_end(hkey, hlen, "万元"))
        return;
    if (rg_last_end(hkey, hlen, "元")) {
        if (cell->micro % 10000) {
            cell->state = NB_ST_AMBIGUOUS;
            cell->flags |= NB_FL_PRECISION;
        } else {
            cell->micro /= 10000;
            cell->flags |= NB_FL_UNIT_CONVERTED;
        }
        return;
    }
    /* the 2021 fee header fixes 万元; procurement has no unit */
    if (!strcmp(sub, "art20_9") && cell->micro != 0) {
        cell->state = NB_ST_AMBIGUOUS;
        cell->flags |= NB_FL_UNIT_UNKNOWN;
    }
}

/* t2's format and status from the sub-tables' formats and the rows seen. */
static void
t2_status(tb_doc *d, const int *fmt_of, const int *seen)
{
    int f21 = 0, f19 = 0, want = 0, got = 0;

    for (int s = 0; s < TB_NSUB; s++) {
        f21 |= fmt_of[s] == NB_FMT_2021;
        f19 |= fmt_of[s] == NB_FMT_2019;
    }
    d->format[0] = f21 && f19 ? NB_FMT_MIXED : f21 ? NB_FMT_2021 : NB_FMT_2019;
    for (int r = 0; r < NT2; r++) {
        int s = sub_index(t2rows[r].sub);
        int in21 = strcmp(t2rows[r].sub, "art20_9") && strcmp(t2rows[r].row, "other_service");
        if ((f21 && !f19 && in21) || (f19 && !f21) || (f21 && f19 && fmt_of[s])) {
            want++;
            got += seen[r];
        }
    }
    d->status[0] = got == want ? NB_TS_PRESENT : NB_TS_PARTIAL;
}

/* A row read, as the sub-table's columns may read it again: where its
 * values begin (start, the field after its label), and the fields of its
 * values when it shows all its columns. */
typedef struct t2read {
    int o, r, s, S, gen, start, idx[T2_COLS], shows, field[T2_COLS];
    unsigned flags;
} t2read;

/* Amount cells of a row read: their units (see resolve_unit). */
static void
row_units(tb_doc *d, const t2read *e, const char *hkey, size_t hlen)
{
    for (int c = 0; c < e->S; c++)
        if (e->idx[c] >= 0 && nb_metrics[e->idx[c]].kind == NB_KIND_AMOUNT &&
            d->cells[e->idx[c]].state == NB_ST_NUM)
            resolve_unit(&d->cells[e->idx[c]], hkey, hlen, t2rows[e->r].sub);
}

/*
 * The rows of a sub-table again, by its columns' fields.  HTML expanded
 * for its colspans puts a header's columns at fields that need not be
 * consecutive (规章⇥本年新制作⇥本年新公开⇥⇥对外公开总数 keeps a spacer
 * field): a row with a blank value cell then has one window of S
 * consecutive fields (SCHEMA 12.3) that is not its columns', and takes
 * its neighbour's value ("规章⇥⇥13⇥⇥524" read made 13).  When every row
 * of the sub-table (under its last header) that shows all S columns (S
 * fields hold one token each) shows them at the same fields, after a
 * label that ends at the same field, a row laid out the same (its label
 * ends there too) with a field at each of them and nothing elsewhere is
 * read at those fields.
 */
static void
reread_by_columns(tb_doc *d, const rows *R, t2read *e, int ne, const int *gen,
                  char (*hkey)[KEY_MAX], const size_t *hlen)
{
    for (int s = 0; s < TB_NSUB; s++) {
        const int *col = NULL;
        int ncol = 0, start = 0, agree = 1;

        for (int i = 0; i < ne && agree; i++) {
            if (e[i].s != s || !e[i].shows || e[i].gen != gen[s])
                continue;
            if (!col)
                col = e[i].field, ncol = e[i].S, start = e[i].start;
            else if (e[i].S != ncol || e[i].start != start ||
                     memcmp(col, e[i].field, (size_t)ncol * sizeof *col))
                agree = 0;
        }
        if (!col || !agree)
            continue;
        for (int i = 0; i < ne; i++) {
            if (e[i].s != s || e[i].shows || e[i].S != ncol || e[i].gen != gen[s] ||
                e[i].start != start)
                continue;
            if (rg_read_fields(d, &R->r[e[i].o], e[i].idx, e[i].S, col, e[i].flags))
                row_units(d, &e[i], hkey[s], hlen[s]);
        }
    }
}

void
rg_recognize_t2(tb_doc *d, int t0, int t1)
{
    rows *R = &d->scratch->R;
    char key[KEY_MAX], hkey[TB_NSUB][KEY_MAX];
    size_t hlen[TB_NSUB] = {0};
    int last_sub = -1, seen[NT2] = {0}, fmt_of[TB_NSUB] = {0}, any = 0, since = t0;
    int gen[TB_NSUB] = {0}, ne = 0;
    t2read e[NT2];

    rg_make_rows(d, t0, t1, 0, R);
    for (int i = 0; i < R->n; i++) {
        const orow *o = &R->r[i];
        int r = t2_anchor(key, rg_range_key(d, o->ctx0, o->ctx1, key)), s, h, S, nv = 0,
            idx[T2_COLS];
        unsigned flags = 0;

        if (r < 0 || seen[r])
            continue;
        s = sub_index(t2rows[r].sub);
        /* the header: every label since the previous sub-table's last
         * row, rows that named nothing (a note) included */
        if (s != last_sub) {
            hlen[s] = rg_range_key(d, since, o->ctx1, hkey[s]);
            gen[s]++;
        }
        last_sub = s;
        since = o->tok0 + o->ntok;
        for (int t = o->tok0; t < o->tok0 + o->ntok; t++)
            nv += d->tok[t].kind == TK_VALUE;
        if ((h = t2_header(t2rows[r].sub, hkey[s], hlen[s])) < 0 && (h = infer_header(r, nv)) >= 0)
            flags |= NB_FL_HEADER_INFERRED;
        if (h < 0) {
            d->subfmt[s] = NB_FMT_UNKNOWN;
            tb_warn(d, "t2_header_lost");
            continue;
        }
        /* a 2019-only row under a 2021 header cannot be */
        if (!strcmp(t2rows[r].row, "other_service") && t2heads[h].format != NB_FMT_2019)
            continue;
        S = row_metrics(r, h, idx);
        seen[r] = any = 1;
        fmt_of[s] = t2heads[h].format;
        d->subfmt[s] = t2heads[h].format == NB_FMT_2021 ? NB_FMT_2021 : NB_FMT_2019;
        rg_read_row(d, o, idx, S, TB_RULE_NONE, 0, flags, NULL);
        e[ne] = (t2read){.o = i,
                         .r = r,
                         .s = s,
                         .S = S,
                         .gen = gen[s],
                         .flags = flags,
                         .start = o->ntok > 0 ? d->tok[o->tok0].field : 0};
        memcpy(e[ne].idx, idx, sizeof idx);
        e[ne].shows = rg_row_fields(d, o, S, e[ne].field);
        row_units(d, &e[ne], hkey[s], hlen[s]);
        ne++;
    }
    reread_by_columns(d, R, e, ne, gen, hkey, hlen);
    if (any)
        t2_status(d, fmt_of, seen);
    else
        d->status[0] = NB_TS_ABSENT;
}
