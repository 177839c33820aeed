/*
 * rows.c - observed rows: the value rows of a table region, from TAB lines
 * or runs of values, and the cells of one row (steps 2 and 5 of the
 * comment in recognize.c).
 */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

/* ---- observed rows ---- */

static void
add_row(rows *R, int tok0, int ntok, int tabbed, int line, int ctx0, int ctx1, int blob)
{
    orow *o;

    if (R->n >= MAX_ROWS)
        return;
    o = &R->r[R->n++];
    o->tok0 = tok0;
    o->ntok = ntok;
    o->tabbed = tabbed;
    o->line = line;
    o->ctx0 = ctx0;
    o->ctx1 = ctx1;
    o->blob = blob;
    o->anchor = -1;
    o->own = 0;
}

/* Whether a line holds label text: its values are then a row of their
 * own, not cells of a one-cell-per-line run. */
static int
line_has_label(const tb_doc *d, int line)
{
    const tb_line *L = &d->lines[line - 1];

    for (int t = L->ntok0; t < L->ntok0 + L->ntok; t++)
        if (d->tok[t].kind == TK_LABEL)
            return 1;
    return 0;
}

/*
 * Flush a run of value tokens [p0, p1) that came from lines without TABs.
 * Tokens of one line are one row; single values on lines of their own are
 * cut into rows of S (S = 0: the whole run is one row), else a blob.
 */
static void
flush_run(tb_doc *d, rows *R, int p0, int p1, int S, int ctx0, int ctx1)
{
    int t = p0, first = 1;

    while (t < p1 && tb_spend(d, 1)) {
        int line = d->tok[t].line, e = t, k;

        while (e < p1 && d->tok[e].line == line && d->tok[e].kind != TK_LABEL)
            e++;
        if (e == t) {
            /* a label inside the run is no value: step over it, so that
             * every pass of this loop moves t */
            t++;
            continue;
        }
        if (e - t == 1 && S >= S3 && !d->tok[t].glued && line_has_label(d, line)) {
            /* one plain number in text ("（其中修订16件）", "共 3 页"):
             * a note, not a row of a wide table */
            add_row(R, t, 1, 0, line, ctx1, ctx1, 1);
            t = e;
            continue;
        }
        if (e - t > 1 || S == 0 || line_has_label(d, line)) {
            /* several values on one line, or any run when S is open */
            if (S == 0) {
                /* the whole run, whatever its lines */
                e = p1;
            }
            add_row(R, t, e - t, 0, line, first ? ctx0 : ctx1, ctx1, 0);
            first = 0;
            t = e;
            continue;
        }
        /* one value per line: gather the vertical run */
        k = t;
        while (k < p1) {
            int kl = d->tok[k].line, ke = k;
            while (ke < p1 && d->tok[ke].line == kl)
                ke++;
            if (ke - k != 1)
                break;
            k = ke;
        }
        if ((k - t) % S == 0) {
            for (int u = t; u < k; u += S) {
                add_row(R, u, S, 0, d->tok[u].line, first ? ctx0 : ctx1, ctx1, 0);
                first = 0;
            }
        } else {
            add_row(R, t, k - t, 0, d->tok[t].line, ctx1, ctx1, 1);
        }
        t = k;
    }
}

/* Whether token k is label text with no ideograph, short: a stray mark
 * or text typed in a value cell ("5/3", "。" of "22。", "*"), not a row's
 * label, which always holds one. */
static int
is_mark(const tb_doc *d, const tb_tok *k)
{
    const unsigned char *s = (const unsigned char *)tb_tok_text(d, k);

    if (k->kind != TK_LABEL || k->len > 24)
        return 0;
    for (size_t i = 0; i < k->len; i++)
        if (s[i] >= 0xE4 && s[i] <= 0xE9)
            return 0;
    return 1;
}

/*
 * The end of the row of the TAB line whose tokens are [t, lend), lv its
 * last value, when a label follows lv and what follows it is marks
 * (is_mark) and empty fields: without it, the mark would be the line's
 * last label and the line a header, and the row lost (a row without its
 * own label then took its context, and its place).  A mark in the last
 * value's field ("22。") is in the row, which reads that cell as
 * ambiguous; a mark in a field of its own is a cell of the row (text),
 * with the empty fields after it, when the row has fewer than S cells
 * before it ("5/3" typed for 总计), else a stray mark past the row, left
 * out with what follows.  *lastlab is then the last label before lv.
 * lend, *lastlab as it was, when anything else follows lv.
 */
static int
row_end(const tb_doc *d, int t, int lend, int lv, int S, int *lastlab)
{
    int j0 = -1, lab = -1, v0, nslot = 0;

    for (int u = lv + 1; u < lend; u++) {
        if (d->tok[u].kind == TK_EMPTY)
            continue;
        if (!is_mark(d, &d->tok[u]))
            return lend;
        if (j0 < 0)
            j0 = u;
    }
    for (int u = t; u < lv; u++)
        if (d->tok[u].kind == TK_LABEL)
            lab = u;
    *lastlab = lab;
    v0 = lab + 1 > t ? lab + 1 : t;
    for (int u = v0; u < j0; u++)
        nslot += u == v0 || d->tok[u].field != d->tok[u - 1].field;
    if (d->tok[j0].field == d->tok[lv].field || nslot < S)
        return lend;
    return j0;
}

/* Rows of the token range [t0, t1) (see the comment at the top). */
void
rg_make_rows(tb_doc *d, int t0, int t1, int S, rows *R)
{
    int ctx = t0, run0 = -1, run1 = -1;

    R->n = 0;
    for (int t = t0; t < t1 && tb_spend(d, 1);) {
        const tb_tok *k = &d->tok[t];
        const tb_line *L = &d->lines[k->line - 1];
        int lend = L->ntok0 + L->ntok;

        if (lend > t1)
            lend = t1;
        if (L->nfields >= 2) {
            int lastlab = -1, lv = -1, nval = 0, end = lend;

            for (int u = t; u < lend; u++) {
                if (d->tok[u].kind == TK_LABEL)
                    lastlab = u;
                else if (d->tok[u].kind == TK_VALUE)
                    lv = u;
            }
            /* a label past the last value: a mark? (not in table 二,
             * whose rows carry their labels: a row of fewer values would
             * be read shifted there) */
            if (S > 0 && lv >= 0 && lastlab > lv)
                end = row_end(d, t, lend, lv, S, &lastlab);
            for (int u = lastlab + 1 > t ? lastlab + 1 : t; u < end; u++)
                nval += d->tok[u].kind == TK_VALUE;
            if (nval == 0 && lastlab >= 0 && run0 >= 0) {
                /* a row of labels only (a header) ends a vertical run
                 * as a label on a line without TABs does */
                flush_run(d, R, run0, run1, S, ctx, run0);
                ctx = run1;
                run0 = -1;
            }
            if (nval > 0) {
                int v0 = lastlab + 1 > t ? lastlab + 1 : t;
                if (run0 >= 0) {
                    flush_run(d, R, run0, run1, S, ctx, run0);
                    ctx = run1;
                    run0 = -1;
                }
                add_row(R, v0, end - v0, 1, k->line, ctx, v0, 0);
                ctx = end; /* a mark left out ("1." of the next row) is the next one's */
            }
            t = lend;
            continue;
        }
        /* a line without TABs: labels and values in reading order */
        for (; t < lend; t++) {
            if (d->tok[t].kind == TK_VALUE) {
                if (run0 < 0)
                    run0 = t;
                run1 = t + 1;
            } else if (d->tok[t].kind == TK_LABEL && run0 >= 0) {
                flush_run(d, R, run0, run1, S, ctx, run0);
                ctx = run1;
                run0 = -1;
            }
        }
    }
    if (run0 >= 0)
        flush_run(d, R, run0, run1, S, ctx, run0);
}

/* ---- cells of a row ---- */

int
rg_row_slots(const tb_doc *d, const orow *o, slot *sl, int max)
{
    int n = 0;

    for (int t = o->tok0; t < o->tok0 + o->ntok && n < max; t++) {
        if (o->tabbed && n > 0 && d->tok[t].field == d->tok[sl[n - 1].tok0].field) {
            sl[n - 1].ntok++;
            continue;
        }
        sl[n].tok0 = t;
        sl[n].ntok = 1;
        n++;
    }
    return n;
}

void
rg_set_cell(tb_doc *d, int idx, int state, int64_t micro, unsigned flags, int line, int field)
{
    tb_cell *c;

    if (idx < 0 || idx >= TB_MAX_METRICS)
        return;
    c = &d->cells[idx];
    c->state = (signed char)state;
    c->micro = micro;
    c->flags = flags;
    c->unit = NB_UNIT_NONE;
    c->line = line;
    c->field = field;
}

/* Fill the metric indices idx[0..S) from slots sl[0..S). */
static void
fill_slots(tb_doc *d, const int *idx, const slot *sl, int S, unsigned flags)
{
    for (int i = 0; i < S; i++) {
        const tb_tok *k = &d->tok[sl[i].tok0];
        int kind = idx[i] >= 0 ? nb_metrics[idx[i]].kind : NB_KIND_COUNT;
        nb_cell c;

        if (sl[i].ntok > 1) {
            rg_set_cell(d, idx[i], NB_ST_AMBIGUOUS, 0, flags, k->line, k->field);
            continue;
        }
        if (k->kind == TK_EMPTY) {
            rg_set_cell(d, idx[i], NB_ST_BLANK, 0, flags, k->line, k->field);
            continue;
        }
        nb_cell_parse(tb_tok_text(d, k), k->len, kind, &c);
        rg_set_cell(d, idx[i], c.state, c.micro, c.flags | flags, k->line, k->field);
        /* an amount's unit as written, for recognize_t2 to resolve */
        if (idx[i] >= 0 && c.state == NB_ST_NUM && kind == NB_KIND_AMOUNT)
            d->cells[idx[i]].unit = (unsigned char)c.unit;
    }
}

void
rg_fill_state(tb_doc *d, const int *idx, int S, int state, unsigned flags, int line)
{
    for (int i = 0; i < S; i++)
        rg_set_cell(d, idx[i], state, 0, flags, line, 0);
}

/*
 * SCHEMA 12.3: choose S of the n tab slots.  Returns the offset of the
 * window, or -1 when the row is ambiguous.  mode is the most frequent
 * first field of the table's unambiguous rows (0: unknown); *unique is
 * set when the window did not need it.  SCHEMA says the most frequent
 * window offset; the absolute field is used because HTML expanded for
 * its colspans keeps columns at fixed fields while the label fields
 * vary, so offsets of rows of different widths are not comparable
 * (real/007: four cells shifted by the offset rule).
 */
int
rg_windows(const tb_doc *d, const slot *sl, int n, int S, int *cand, int max)
{
    int nc = 0;

    for (int off = 0; off + S <= n && nc < max; off++) {
        int ok = 1;
        for (int i = 0; i < n && ok; i++) {
            if (i >= off && i < off + S)
                continue;
            for (int t = sl[i].tok0; t < sl[i].tok0 + sl[i].ntok; t++)
                if (d->tok[t].kind != TK_EMPTY)
                    ok = 0;
        }
        if (ok)
            cand[nc++] = off;
    }
    return nc;
}

int
rg_align_window(const tb_doc *d, const slot *sl, int n, int S, int mode, int *unique)
{
    int cand[64], nc;

    *unique = 0;
    if (n == S) {
        *unique = 1;
        return 0;
    }
    if (n < S)
        return -1;
    nc = rg_windows(d, sl, n, S, cand, 64);
    if (nc == 0)
        return -1;
    if (nc == 1) {
        *unique = 1;
        return cand[0];
    }
    /* several windows: the same content? */
    {
        int same = 1;
        for (int c = 1; c < nc && same; c++)
            for (int i = 0; i < S && same; i++) {
                const tb_tok *a = &d->tok[sl[cand[0] + i].tok0];
                const tb_tok *b = &d->tok[sl[cand[c] + i].tok0];
                if (a->kind != b->kind || a->len != b->len ||
                    memcmp(tb_tok_text(d, a), tb_tok_text(d, b), a->len))
                    same = 0;
            }
        if (same) {
            *unique = 1;
            return cand[0];
        }
    }
    for (int c = 0; c < nc; c++)
        if (mode > 0 && d->tok[sl[cand[c]].tok0].field == mode)
            return cand[c];
    return -1;
}

/* The slots of sl[0..n) that hold something, into pick[0..S), when
 * exactly S do, one token each (a row that shows its S columns); 1 then,
 * else 0. */
static int
shown_slots(const tb_doc *d, const slot *sl, int n, int S, slot *pick)
{
    int m = 0;

    for (int i = 0; i < n; i++) {
        if (d->tok[sl[i].tok0].kind == TK_EMPTY)
            continue;
        if (sl[i].ntok != 1 || m == S)
            return 0;
        pick[m++] = sl[i];
    }
    return m == S;
}

/*
 * A tab row whose blanks sit between its values, where no window of S
 * consecutive fields drops only blanks: HTML whose value cells span other
 * columns than the header's (规章⇥0⇥⇥0⇥0 under 上一年⇥本年增/减(2)⇥处理决定).
 * When exactly S fields are non-empty, each holding one value, every slot
 * has one of them and they are in order: take them.  Fewer is ambiguous
 * (which slot is the blank one?), more is ambiguous (which is stray?).
 */
static int
filled_in_order(tb_doc *d, const slot *sl, int n, int S, const int *idx, unsigned flags)
{
    slot pick[S4];

    if (!shown_slots(d, sl, n, S, pick))
        return 0;
    fill_slots(d, idx, pick, S, flags);
    return 1;
}

/*
 * The fields of a tab row's values when exactly S of its fields hold
 * something, one token each (a row that shows its columns), into
 * field[0..S); 1 then, else 0.
 */
int
rg_row_fields(const tb_doc *d, const orow *o, int S, int *field)
{
    slot sl[128], pick[S4];
    int n = rg_row_slots(d, o, sl, 128);

    if (!o->tabbed || n == 128 || S > S4 || !shown_slots(d, sl, n, S, pick))
        return 0; /* n == 128: more fields than looked at */
    for (int m = 0; m < S; m++)
        field[m] = d->tok[pick[m].tok0].field;
    return 1;
}

/*
 * Read a tab row by the fields its table's columns are known to sit at
 * (field[0..S), ascending): when it has a field at each of them, one
 * token or empty, and nothing elsewhere.  1 when read so, else 0 with
 * nothing set.
 */
int
rg_read_fields(tb_doc *d, const orow *o, const int *idx, int S, const int *field, unsigned flags)
{
    slot sl[128], pick[S4];
    int n = rg_row_slots(d, o, sl, 128), k = 0;

    if (!o->tabbed || S > S4 || n == 128) /* more fields than looked at */
        return 0;
    for (int i = 0; i < n; i++) {
        const tb_tok *t = &d->tok[sl[i].tok0];
        if (k < S && t->field == field[k]) {
            if (sl[i].ntok != 1)
                return 0;
            pick[k++] = sl[i];
        } else if (t->kind != TK_EMPTY || sl[i].ntok != 1) {
            return 0;
        }
    }
    if (k != S)
        return 0;
    fill_slots(d, idx, pick, S, flags);
    return 1;
}

/* Repair a row by splitting; 1 when one reading settles it, else 0 with
 * the readings kept in cd (when given and there are few). */
static int
split_fill(tb_doc *d, const orow *o, const int *idx, int S, int rule, unsigned flags, cands *cd)
{
    int64_t sols[MAXCAND][16];
    int n = tb_split_row_all(d, o->tok0, o->ntok, S, rule, sols, MAXCAND);

    if (n == 1) {
        for (int i = 0; i < S; i++)
            rg_set_cell(d, idx[i], NB_ST_NUM, sols[0][i], flags | NB_FL_REPAIRED_SPLIT, o->line,
                        d->tok[o->tok0].field);
        return 1;
    }
    if (cd && n > 1) {
        cd->n = n;
        memcpy(cd->v, sols, sizeof sols);
    }
    rg_fill_state(d, idx, S, NB_ST_AMBIGUOUS, flags, o->line);
    return 0;
}

/*
 * Read one row into idx[0..S).  rule (split.h) says which sums may settle
 * a repair of glued or space-split numbers; mode is as for align_window.
 * Returns 1 when the cells were read, 0 when they are ambiguous (cells set
 * so).
 */
int
rg_read_row(tb_doc *d, const orow *o, const int *idx, int S, int rule, int mode, unsigned flags,
            cands *cd)
{
    slot sl[128];
    int n = rg_row_slots(d, o, sl, 128), glued = 0;

    if (cd)
        cd->n = 0, cd->off = -1;
    if (o->tabbed) {
        int unique, off = rg_align_window(d, sl, n, S, mode, &unique);
        if (off < 0 && filled_in_order(d, sl, n, S, idx, flags))
            return 1;
        if (off < 0) /* one value glued or split by spaces in a tab row */
            return split_fill(d, o, idx, S, rule, flags, cd);
        fill_slots(d, idx, sl + off, S, flags);
        if (cd)
            cd->off = off;
        return 1;
    }
    for (int t = o->tok0; t < o->tok0 + o->ntok; t++)
        glued |= d->tok[t].glued;
    if (n == S && !glued) {
        fill_slots(d, idx, sl, S, flags);
        return 1;
    }
    return split_fill(d, o, idx, S, rule, flags, cd);
}
