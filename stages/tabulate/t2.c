/* t2.c - table 二: the sub-tables of 第二十条, their headers and units. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

/* ---- table 二 ---- */

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

void
rg_recognize_t2(tb_doc *d, int t0, int t1)
{
    rows *R = &d->scratch->R;
    char key[KEY_MAX], hkey[TB_NSUB][KEY_MAX];
    size_t hlen[TB_NSUB] = {0};
    int last_sub = -1, seen[NT2] = {0}, fmt_of[TB_NSUB] = {0}, any = 0, since = t0;

    rg_make_rows(d, t0, t1, 0, R);
    for (int i = 0; i < R->n; i++) {
        const orow *o = &R->r[i];
        size_t n = rg_range_key(d, o->ctx0, o->ctx1, key);
        int r = t2_anchor(key, n), s, h, S, nv = 0, idx[3];
        char cols[64], *save = NULL, *w;
        unsigned flags = 0;

        if (r < 0 || seen[r])
            continue;
        s = sub_index(t2rows[r].sub);
        if (s != last_sub) {
            /* the header: every label since the previous sub-table's
             * last row, rows that named nothing (a note) included */
            hlen[s] = rg_range_key(d, since, o->ctx1, hkey[s]);
        }
        last_sub = s;
        since = o->tok0 + o->ntok;
        h = t2_header(t2rows[r].sub, hkey[s], hlen[s]);
        for (int t = o->tok0; t < o->tok0 + o->ntok; t++)
            nv += d->tok[t].kind == TK_VALUE;
        if (h < 0) {
            /* header lost: the slot count decides where it can (12.2) */
            for (int k = 0; k < NT2H; k++) {
                if (strcmp(t2heads[k].sub, t2rows[r].sub) || !strcmp(t2rows[r].sub, "art20_1"))
                    continue;
                if (count_words(t2heads[k].cols) == nv) {
                    int clash = 0;
                    for (int k2 = 0; k2 < NT2H; k2++)
                        if (k2 != k && !strcmp(t2heads[k2].sub, t2rows[r].sub) &&
                            count_words(t2heads[k2].cols) == nv)
                            clash = 1;
                    if (!clash)
                        h = k, flags |= NB_FL_HEADER_INFERRED;
                }
            }
        }
        if (h < 0) {
            d->subfmt[s] = NB_FMT_UNKNOWN;
            tb_warn(d, "t2_header_lost");
            continue;
        }
        /* a 2019-only row under a 2021 header cannot be */
        if (!strcmp(t2rows[r].row, "other_service") && t2heads[h].format != NB_FMT_2019)
            continue;
        snprintf(cols, sizeof cols, "%s", t2heads[h].cols);
        S = 0;
        for (w = strtok_r(cols, " ", &save); w && S < 3; w = strtok_r(NULL, " ", &save)) {
            char id[96];
            int len = snprintf(id, sizeof id, "t2.%s.%s.%s", t2rows[r].sub, t2rows[r].row, w);
            idx[S++] = nb_metric_find(id, (size_t)len);
        }
        seen[r] = 1;
        any = 1;
        fmt_of[s] = t2heads[h].format;
        d->subfmt[s] = t2heads[h].format == NB_FMT_2021 ? NB_FMT_2021 : NB_FMT_2019;
        rg_read_row(d, o, idx, S, TB_RULE_NONE, 0, flags, NULL);
        /* amounts: the unit from the cell, else the header, else none */
        for (int c = 0; c < S; c++) {
            tb_cell *cell;
            int unit;

            if (idx[c] < 0 || nb_metrics[idx[c]].kind != NB_KIND_AMOUNT)
                continue;
            cell = &d->cells[idx[c]];
            if (cell->state != NB_ST_NUM)
                continue;
            unit = cell->unit;
            cell->unit = NB_UNIT_NONE;
            if (unit != NB_UNIT_NONE || (cell->flags & NB_FL_UNIT_CONVERTED))
                continue;
            if (rg_last_end(hkey[s], hlen[s], "万元"))
                continue;
            if (rg_last_end(hkey[s], hlen[s], "元")) {
                if (cell->micro % 10000) {
                    cell->state = NB_ST_AMBIGUOUS;
                    cell->flags |= NB_FL_PRECISION;
                } else {
                    cell->micro /= 10000;
                    cell->flags |= NB_FL_UNIT_CONVERTED;
                }
                continue;
            }
            /* the 2021 fee header fixes 万元; procurement has no unit */
            if (!strcmp(t2rows[r].sub, "art20_9") && cell->micro != 0) {
                cell->state = NB_ST_AMBIGUOUS;
                cell->flags |= NB_FL_UNIT_UNKNOWN;
            }
        }
    }
    /* status and format */
    if (!any) {
        d->status[0] = NB_TS_ABSENT;
        return;
    }
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
}
