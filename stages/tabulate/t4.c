/* t4.c - table 四: fifteen cells in one row, one per line, or a rule line. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "split.h"

/* ---- table 四 ---- */

/* SCHEMA 12.1: a rule-like line is a row of dash cells when it is the
 * only candidate for the table's value row.  tokens.c drops rule lines, so
 * they are looked for among the lines of t4 that gave no tokens. */
static int
rule_row(tb_doc *d, int t0, int t1, unsigned flags)
{
    int l0 = d->tok[t0].line, l1 = t1 < d->ntok ? d->tok[t1].line : d->nlines + 1;
    int at = 0, fields[S4];

    for (int l = l0; l < l1; l++) {
        const tb_line *L = &d->lines[l - 1];

        if (L->ntok == 0 &&
            nb_rule_fields(d->body.p + L->off, L->len, NB_RULE_TABS, NULL, 0) == S4) {
            if (at)
                return 0; /* two candidates */
            at = l;
        }
    }
    if (!at)
        return 0;
    nb_rule_fields(d->body.p + d->lines[at - 1].off, d->lines[at - 1].len, NB_RULE_TABS, fields,
                   S4);
    for (int i = 0; i < S4; i++)
        rg_set_cell(d, t4idx[i], NB_ST_DASH, 0, flags, at, fields[i]);
    d->status[2] = NB_TS_PRESENT;
    d->format[2] = NB_FMT_BOTH;
    return 1;
}

/* A row giving the 15 cells: a tab row, or 15 values on one line.
 * Returns 1 when read. */
static int
value_row(tb_doc *d, int t0, int t1, unsigned flags)
{
    rows *R = &d->scratch->R;

    rg_make_rows(d, t0, t1, S4, R);
    for (int i = 0; i < R->n; i++) {
        const orow *o = &R->r[i];
        slot sl[128];
        int n, nv = 0;

        if (o->blob)
            continue;
        n = rg_row_slots(d, o, sl, 128);
        for (int t = o->tok0; t < o->tok0 + o->ntok; t++)
            nv += d->tok[t].kind == TK_VALUE;
        if (nv == 0 || (o->tabbed && n < S4 && nv < 2))
            continue;
        if (rg_read_row(d, o, t4idx, S4, o->tabbed && n >= S4 ? TB_RULE_NONE : TB_RULE_T4, 0, flags,
                        NULL))
            return 1;
        if (nv >= 4)
            break; /* the value row was there but unreadable */
    }
    return 0;
}

/* Values one per line, in reading order: trusted only when the three
 * block sums hold, since the PDF's reading order may not be the table's.
 * Returns 1 when read; *nvals counts the values (-1: labels among them). */
static int
values_per_line(tb_doc *d, int t0, int t1, unsigned flags, int *nvals)
{
    int toks[S4 + 1], ok = 1;
    int64_t v[S4];

    *nvals = 0;
    for (int t = t0; t < t1 && *nvals <= S4; t++)
        if (d->tok[t].kind == TK_VALUE) {
            if (*nvals < S4 + 1)
                toks[*nvals] = t;
            (*nvals)++;
        }
    /* and only when no label text comes between them: labels among
     * the values mean the PDF was read block by block, in an order
     * that need not be the table's (real/003 reads 复议后起诉's parts
     * before 直接起诉's), and block sums cannot tell blocks apart */
    if (*nvals == S4)
        for (int t = toks[0]; t < toks[S4 - 1]; t++)
            if (d->tok[t].kind == TK_LABEL)
                *nvals = -1;
    if (*nvals != S4)
        return 0;
    for (int i = 0; i < S4 && ok; i++) {
        nb_cell c;
        nb_cell_parse(tb_tok_text(d, &d->tok[toks[i]]), d->tok[toks[i]].len, NB_KIND_COUNT, &c);
        ok = c.state == NB_ST_NUM;
        v[i] = c.micro;
    }
    for (int b = 0; b < 3 && ok; b++)
        ok = v[b * 5 + 4] == v[b * 5] + v[b * 5 + 1] + v[b * 5 + 2] + v[b * 5 + 3];
    if (!ok)
        return 0;
    for (int i = 0; i < S4; i++)
        rg_set_cell(d, t4idx[i], NB_ST_NUM, v[i], flags, d->tok[toks[i]].line,
                    d->tok[toks[i]].field);
    return 1;
}

void
rg_recognize_t4(tb_doc *d, int t0, int t1, int inferred)
{
    unsigned flags = inferred ? NB_FL_HEADER_INFERRED : 0;
    int nvals = 0;

    if (value_row(d, t0, t1, flags) || values_per_line(d, t0, t1, flags, &nvals)) {
        d->status[2] = NB_TS_PRESENT;
        d->format[2] = NB_FMT_BOTH;
        return;
    }
    if (nvals == 0 && !inferred && rule_row(d, t0, t1, flags))
        return;
    if (nvals > 0 && !inferred &&
        (rg_find_label(d, t0, t1, "维持", 0) >= 0 || rg_find_label(d, t0, t1, "审结", 0) >= 0)) {
        rg_fill_state(d, t4idx, S4, NB_ST_AMBIGUOUS, 0, 0);
        d->status[2] = NB_TS_PARTIAL;
        d->format[2] = NB_FMT_BOTH;
        tb_warn(d, "t4_unreadable");
        return;
    }
    d->status[2] = NB_TS_ABSENT;
}
