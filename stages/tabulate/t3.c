/* t3.c - table 三: rows aligned with a format's row list (step 4 of the
 * comment in recognize.c), glued rows settled by the table's sums, the
 * format and status; the anchors (step 3) are t3anchor.c's. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

/*
 * Align observed rows with the row list of one format (step 4).
 *
 * Every observed row takes an official position, positions increasing
 * with the rows; a row left out costs 2, a row on its anchor's position
 * earns 1.  So order wins over a label of the context: an anchor that
 * would leave rows with no room (a loose label that ended last but was
 * another row's) is overruled, while a stray row (a note's number, a
 * footer) is left out rather than shift the anchored rows after it, and
 * the overruled row is not read (align_decide).  A label on the row's own
 * line is not overruled: that row sits on its anchor or nowhere
 * (may_sit).  Where the two readings weigh the same, the rows concerned
 * are ambiguous.  A row whose position is the same in every best
 * alignment is placed; a row with several makes those positions
 * ambiguous.  Forward and backward passes over (row, last position used)
 * find both in O(rows x positions^2).
 */
#define DROP 2
#define NEG  (-1000000)

/* The position of row i's anchor in P's list, or -1: the one position
 * where the row earns 1. */
static int
anchor_pos(const rows *R, const plan *P, int i, int m)
{
    for (int q = 0; q < m; q++)
        if (R->r[i].anchor >= 0 && R->r[i].anchor == P->list[q])
            return q;
    return -1;
}

/* F[k][q+1]: best over rows before the k-th with last position q;
 * B[k][q+1]: best over the k-th row on, after position q. */
typedef int table[MAX_ROWS + 1][NT3 + 1];

/* Whether row k, anchored at a, may sit at position q: anywhere, unless
 * its own line names a position of the list (hard 1): then there only;
 * nowhere when its loose labels name rows out of order (hard -1).
 * Rows printed out of order ("3.补正后申请内容仍不明确" above
 * "2.没有现成信息需要另行制作") took each other's positions and numbers
 * by order, and a fragment row printed above a labelled row took that
 * row's place. */
static inline int
may_sit(int q, int a, int hard)
{
    return hard == 0 || (hard > 0 && q == a);
}

/* The forward and backward passes over K rows whose anchors are at at[k]
 * (hard[k]: their own line's) and m positions; running maxima keep each
 * pass O(rows x positions). */
static void
align_passes(const int *at, const int *hard, int K, int m, table F, table B)
{
    for (int k = 0; k <= K; k++)
        for (int q = 0; q <= m; q++)
            F[k][q] = NEG; /* B's rows are all written below */
    F[0][0] = 0;
    for (int k = 0; k < K; k++) {
        const int *f = F[k];
        int *g = F[k + 1], run = NEG, a = at[k], h = hard[k];
        for (int q = 0; q < m; q++) {
            int v = f[q];
            if (v > NEG && v - DROP > g[q])
                g[q] = v - DROP;
            /* position q, stored at q+1, after any q' <= q */
            if (v > run)
                run = v;
            if (run > NEG && may_sit(q, a, h) && run + (q == a) > g[q + 1])
                g[q + 1] = run + (q == a);
        }
        if (f[m] > NEG && f[m] - DROP > g[m])
            g[m] = f[m] - DROP;
    }
    for (int q = 0; q <= m; q++)
        B[K][q] = 0;
    for (int k = K - 1; k >= 0; k--) {
        const int *c = B[k + 1];
        int *b = B[k], run = NEG, a = at[k], h = hard[k];
        b[m] = c[m] - DROP > run ? c[m] - DROP : run;
        for (int q = m - 1; q >= 0; q--) {
            if (may_sit(q, a, h) && (q == a) + c[q + 1] > run)
                run = (q == a) + c[q + 1];
            b[q] = c[q] - DROP > run ? c[q] - DROP : run;
        }
    }
}

/* Whether row k, anchored at a, sits at position p in a best alignment. */
static inline int
best_at(const table B, int k, int p, int run, int a, int hard)
{
    return run > NEG && may_sit(p, a, hard) && run + (p == a) + B[k + 1][p + 1] == B[0][0];
}

/* Row k (row[k] of R, anchored at a) in the best alignments: placed when
 * it has one position in all of them, dropped when left out in all, else
 * its positions are ambiguous.  Placed off its anchor (order overruled a
 * label of its context), the position is ambiguous and 1 is returned: the
 * label may be a loose one of another row, or the rows may be printed
 * out of order, and the text does not say which. */
static int
align_decide(plan *P, const int *row, int k, int a, int hard, int m, table F, table B)
{
    int where = -2, several = 0, run = NEG, best = B[0][0];

    for (int q = 0; q <= m; q++)
        if (F[k][q] > NEG && F[k][q] - DROP + B[k + 1][q] == best) {
            where = -1; /* leaving it out is one best choice */
            break;
        }
    for (int p = 0; p < m; p++) {
        if (F[k][p] > run)
            run = F[k][p];
        if (best_at(B, k, p, run, a, hard)) {
            several |= where != -2;
            where = where == -2 ? p : where;
        }
    }
    if (!several && where >= 0 && a >= 0 && where != a) {
        if (!P->amb[where]) {
            P->amb[where] = 1;
            P->ambiguous++;
        }
        return 1;
    }
    if (!several && where >= 0) {
        P->assign[row[k]] = where;
        P->assigned++;
    } else if (!several) {
        P->dropped++;
        return hard < 0; /* its loose labels say the rows are out of order */
    } else {
        run = NEG;
        for (int p = 0; p < m; p++) {
            if (F[k][p] > run)
                run = F[k][p];
            if (best_at(B, k, p, run, a, hard) && !P->amb[p]) {
                P->amb[p] = 1;
                P->ambiguous++;
            }
        }
    }
    return 0;
}

/* Row k's position is ambiguous: it was placed there by order alone. */
static void
unplace(plan *P, const int *row, int k)
{
    int p = P->assign[row[k]];

    P->assign[row[k]] = -1;
    P->assigned--;
    if (!P->amb[p]) {
        P->amb[p] = 1;
        P->ambiguous++;
    }
}

/* Whether row k sits on its anchor. */
static int
on_anchor(const plan *P, const int *row, const int *at, int k)
{
    return at[k] >= 0 && P->assign[row[k]] == at[k];
}

/*
 * Rows placed by order beside a row that order moved off its anchor, or
 * whose loose labels name rows out of order (overruled[k]), are not
 * trusted either: the text says the rows there are not in the official
 * order, so order does not place them.  They are the rows around it up
 * to the nearest row on its anchor.  Nor is a row placed by order on a
 * position another row's label names, when that row is not there (left
 * out, overruled): the labels say that position's row is another.
 */
static void
distrust_neighbours(plan *P, const int *row, const int *at, const int *overruled, int K)
{
    int named[NT3] = {0};

    for (int k = 0; k < K; k++) {
        if (at[k] >= 0)
            named[at[k]] = 1;
        if (!overruled[k])
            continue;
        for (int j = k - 1; j >= 0 && !on_anchor(P, row, at, j); j--)
            if (P->assign[row[j]] >= 0)
                unplace(P, row, j);
        for (int j = k + 1; j < K && !on_anchor(P, row, at, j); j++)
            if (P->assign[row[j]] >= 0)
                unplace(P, row, j);
    }
    for (int k = 0; k < K; k++)
        if (P->assign[row[k]] >= 0 && !on_anchor(P, row, at, k) && named[P->assign[row[k]]])
            unplace(P, row, k);
}

/* Whether every row has an anchor and they rise with the rows. */
static int
in_order(const int *at, int K)
{
    for (int k = 0; k < K; k++)
        if (at[k] < 0 || (k > 0 && at[k] <= at[k - 1]))
            return 0;
    return 1;
}

static void
align(const rows *R, int format, plan *P)
{
    static table F, B;
    static int row[MAX_ROWS], at[MAX_ROWS], hard[MAX_ROWS], overruled[MAX_ROWS];
    int K = 0;

    P->m = 0;
    for (int r = 0; r < NT3; r++)
        if (t3rows[r].formats & format)
            P->list[P->m++] = r;
    memset(P->amb, 0, sizeof P->amb);
    P->assigned = P->ambiguous = P->dropped = 0;
    for (int i = 0; i < R->n; i++) {
        P->assign[i] = -1;
        if (!R->r[i].blob) {
            at[K] = anchor_pos(R, P, i, P->m);
            hard[K] = R->r[i].own < 0 ? -1 : R->r[i].own && at[K] >= 0;
            row[K++] = i;
        }
    }
    if (in_order(at, K)) {
        /* every row on its anchor scores K, and any other alignment less
         * (a row left out loses 2, a row off its anchor earns nothing):
         * the one best alignment, without the passes */
        for (int k = 0; k < K; k++)
            P->assign[row[k]] = at[k];
        P->assigned = K;
        return;
    }
    align_passes(at, hard, K, P->m, F, B);
    for (int k = 0; k < K; k++)
        overruled[k] = align_decide(P, row, k, at[k], hard[k], P->m, F, B);
    distrust_neighbours(P, row, at, overruled, K);
}

static int64_t
micro_of(const tb_doc *d, int idx, int *ok)
{
    const tb_cell *c = &d->cells[idx];
    if (c->state != NB_ST_NUM) {
        *ok = 0;
        return 0;
    }
    return c->micro;
}

/*
 * Glued rows with several readings that each add up (27|0|0|2|0|1|30 and
 * 2|7|0|0|20|1|30 both make 30): try every combination of their readings
 * against the table's column sums (c.t3.balance, c.t3.results).  Exactly
 * one combination that breaks no sum settles them all; otherwise they
 * stay ambiguous.  A table whose sums fail anyway settles nothing.
 */
static void
settle_glued(tb_doc *d, const rows *R, const plan *P, const cands *cd, int fmt)
{
    int who[MAX_ROWS], pick[MAX_ROWS], hit[MAX_ROWS], nw = 0, nok = 0;
    long combos = 1;
    int saved = d->format[1];

    for (int i = 0; i < R->n; i++)
        if (P->assign[i] >= 0 && cd[i].n > 1) {
            who[nw++] = i;
            combos *= cd[i].n;
            if (combos > MAXCOMBO)
                return;
        }
    if (nw == 0)
        return;
    d->format[1] = (unsigned char)fmt;
    memset(pick, 0, sizeof pick);
    for (long k = 0; k < combos; k++) {
        long rest = k;
        int fail;

        if (!tb_spend(d, 1000)) { /* each try checks every rule */
            nok = 0;              /* not all tried: none is settled */
            break;
        }

        for (int w = 0; w < nw; w++) {
            const int *idx = t3rows[P->list[P->assign[who[w]]]].idx;
            pick[w] = (int)(rest % cd[who[w]].n);
            rest /= cd[who[w]].n;
            for (int c = 0; c < S3; c++) {
                d->cells[idx[c]].state = NB_ST_NUM;
                d->cells[idx[c]].micro = cd[who[w]].v[pick[w]][c];
            }
        }
        fail = tb_t3_rules_fail(d);
        if (!fail && nok++ == 0)
            memcpy(hit, pick, sizeof pick);
    }
    for (int w = 0; w < nw; w++) {
        const orow *o = &R->r[who[w]];
        const int *idx = t3rows[P->list[P->assign[who[w]]]].idx;

        if (nok == 1)
            for (int c = 0; c < S3; c++)
                rg_set_cell(d, idx[c], NB_ST_NUM, cd[who[w]].v[hit[w]][c], NB_FL_REPAIRED_SPLIT,
                            o->line, d->tok[o->tok0].field);
        else
            rg_fill_state(d, idx, S3, NB_ST_AMBIGUOUS, 0, o->line);
    }
    d->format[1] = (unsigned char)saved;
}

/* The format of t3 (step 4), and in *P the alignment to read it by.  When
 * an anchor only one format has decides, the other's plan is not read
 * (rg_recognize_t3 does not make it). */
static int
choose_format(const plan *P21, const plan *P19, int has21, int has19, const plan **P)
{
    int s21 = P21->assigned - 2 * P21->ambiguous, s19 = P19->assigned - 2 * P19->ambiguous;
    int full21 = P21->assigned == P21->m && !P21->ambiguous && !P21->dropped;
    int full19 = P19->assigned == P19->m && !P19->ambiguous && !P19->dropped;
    int f;

    /* an anchor only one format has decides; else the format whose rows
     * the table fills exactly; else the better alignment, unless the
     * other format has an anchor */
    if (has21 != has19)
        f = has21 ? NB_FMT_2021 : NB_FMT_2019;
    else if (full21 != full19)
        f = full21 ? NB_FMT_2021 : NB_FMT_2019;
    else if (s21 > s19 && !has19)
        f = NB_FMT_2021;
    else if (s19 > s21 && !has21)
        f = NB_FMT_2019;
    else
        f = NB_FMT_UNDETERMINED;
    *P = f == NB_FMT_2019 ? P19 : P21;
    return f;
}

/* Whether official row r is read in a t3 of format fmt: an undetermined
 * table keeps only the rows both formats share. */
static int
kept(int r, int fmt)
{
    return r >= 0 && (fmt != NB_FMT_UNDETERMINED || t3rows[r].formats == NB_FMT_BOTH);
}

/* The official row observed row i takes, or -1. */
static int
official(const plan *P, int i)
{
    return P->assign[i] >= 0 ? P->list[P->assign[i]] : -1;
}

/* The most frequent of v[0..n), n <= MAX_ROWS, 0 when there is none or
 * a tie.  Counted per distinct value: a table's rows have two or three. */
static int
most_frequent(const int *v, int n)
{
    int val[MAX_ROWS], cnt[MAX_ROWS], nv = 0, best = -1, tie = 0;

    for (int a = 0; a < n; a++) {
        int k = 0;

        while (k < nv && val[k] != v[a])
            k++;
        if (k == nv)
            val[nv] = v[a], cnt[nv++] = 0;
        cnt[k]++;
    }
    for (int k = 0; k < nv; k++) {
        if (best < 0 || cnt[k] > cnt[best])
            best = k, tie = 0;
        else if (cnt[k] == cnt[best])
            tie = 1;
    }
    return best < 0 || tie ? 0 : val[best];
}

/*
 * The usual first field of the tab rows with one window (SCHEMA 12.3), for
 * each row with several, into mode[i]: that of the rows whose slots start
 * at the same field as row i's (the same label fields: in a table whose
 * rows of one layout put their values one field further than those of
 * another, the most frequent field of all rows shifts the others by one),
 * when two or more of them have one most frequent; else the most frequent
 * of all the rows (HTML expanded for its colspans keeps every column at
 * one field); 0 when there is none.
 */
static void
usual_first_fields(const tb_doc *d, const rows *R, const plan *P, int fmt, int *mode)
{
    int start[MAX_ROWS], first[MAX_ROWS], nfirst = 0, all, fam[MAX_ROWS];
    int starts[MAX_ROWS], modes[MAX_ROWS], nstarts = 0;

    for (int i = 0; i < R->n; i++) {
        int r = official(P, i), n, off, unique;
        slot sl[128];

        mode[i] = 0;
        if (!kept(r, fmt) || !R->r[i].tabbed)
            continue;
        n = rg_row_slots(d, &R->r[i], sl, 128);
        off = rg_align_window(d, sl, n, S3, 0, &unique);
        if (off >= 0 && unique && d->tok[sl[off].tok0].field > 0) {
            start[nfirst] = d->tok[sl[0].tok0].field;
            first[nfirst++] = d->tok[sl[off].tok0].field;
        }
    }
    all = most_frequent(first, nfirst);
    for (int i = 0; i < R->n; i++) {
        int r = official(P, i), s, k = 0, m, seen;
        slot sl[1];

        if (!kept(r, fmt) || !R->r[i].tabbed || rg_row_slots(d, &R->r[i], sl, 1) < 1)
            continue;
        s = d->tok[sl[0].tok0].field;
        /* the rows of a table start at a few fields: each counted once */
        for (seen = 0; seen < nstarts && starts[seen] != s; seen++)
            ;
        if (seen == nstarts) {
            for (int j = 0; j < nfirst; j++)
                if (start[j] == s)
                    fam[k++] = first[j];
            m = k >= 2 ? most_frequent(fam, k) : 0; /* one row is not a layout */
            starts[nstarts] = s, modes[nstarts++] = m ? m : all;
        }
        mode[i] = modes[seen];
    }
}

enum { SUM_FAILS, SUM_HOLDS, SUM_UNKNOWN };

/* Whether a t3 row's sum (总计 = its six columns, placeholders as 0) holds
 * when read from the window of slots sl[off..off+S3) (a slot past n is
 * blank): unknown when 总计 or a column is not a number or placeholder. */
static int
window_sum(const tb_doc *d, const slot *sl, int n, int off)
{
    int64_t sum = 0, total = 0;

    for (int c = 0; c < S3; c++) {
        const tb_tok *k = off + c < n ? &d->tok[sl[off + c].tok0] : NULL;
        nb_cell x = {NB_ST_BLANK, 0, 0, 0};

        if (k && sl[off + c].ntok > 1)
            return SUM_UNKNOWN;
        if (k && k->kind != TK_EMPTY)
            nb_cell_parse(tb_tok_text(d, k), k->len, NB_KIND_COUNT, &x);
        if (c == S3 - 1) {
            if (x.state != NB_ST_NUM)
                return SUM_UNKNOWN;
            total = x.micro;
        } else if (x.state == NB_ST_NUM) {
            if (__builtin_add_overflow(sum, x.micro, &sum))
                return SUM_UNKNOWN;
        } else if (!nb_state_placeholder(x.state)) {
            return SUM_UNKNOWN;
        }
    }
    return sum == total ? SUM_HOLDS : SUM_FAILS;
}

/* window_sum of the window a row's cells idx[0..S3) were just read from
 * (fill_slots): the same verdict from the cells, without parsing them
 * again (a slot of several tokens was read ambiguous, a blank one blank);
 * -1 when a cell is not a count, which window_sum would parse otherwise
 * than fill_slots did. */
static int
read_sum(const tb_doc *d, const int *idx)
{
    int64_t sum = 0;

    for (int c = 0; c < S3; c++)
        if (nb_metrics[idx[c]].kind != NB_KIND_COUNT)
            return -1;
    for (int c = 0; c < S3 - 1; c++) {
        const tb_cell *x = &d->cells[idx[c]];

        if (x->state == NB_ST_NUM) {
            if (__builtin_add_overflow(sum, x->micro, &sum))
                return SUM_UNKNOWN;
        } else if (!nb_state_placeholder(x->state)) {
            return SUM_UNKNOWN;
        }
    }
    if (d->cells[idx[S3 - 1]].state != NB_ST_NUM)
        return SUM_UNKNOWN;
    return sum == d->cells[idx[S3 - 1]].micro ? SUM_HOLDS : SUM_FAILS;
}

/* Whether another placement of a row, whose sum is other, speaks against
 * the one read, whose sum is read (not SUM_HOLDS): it adds up, or it
 * cannot be checked where the one read fails. */
static int
other_placement(int read, int other)
{
    return other == SUM_HOLDS || (read == SUM_FAILS && other == SUM_UNKNOWN);
}

/*
 * A tab row whose own fields do not pin its window, read from the usual
 * first field usual: when that reading does not add up and the row placed
 * another way adds up (or, where it fails, cannot be checked), which end
 * of the row a blank cell was at decides every value, and the text does
 * not say it: the row is not read.  Not pinned: several windows (a blank at either end of a
 * row with a spare empty field), or one window whose first slot is blank
 * where the rows of its layout begin a field later (its trailing empty
 * fields cut off).  A row that fails where nothing else could be read
 * keeps what it prints.
 */
static int
shift_suspect(const tb_doc *d, const orow *o, int usual, const int *idx, int read_off)
{
    slot sl[128];
    int cand[64], n, nc, chosen = -1, s;

    if (!o->tabbed || (n = rg_row_slots(d, o, sl, 128)) < S3)
        return 0;
    nc = rg_windows(d, sl, n, S3, cand, 64);
    for (int c = 0; c < nc; c++)
        if (nc == 1 || d->tok[sl[cand[c]].tok0].field == usual)
            chosen = cand[c];
    if (chosen < 0)
        return 0;
    if (chosen != read_off || (s = read_sum(d, idx)) < 0)
        s = window_sum(d, sl, n, chosen);
    if (s == SUM_HOLDS)
        return 0;
    for (int c = 0; c < nc; c++)
        if (cand[c] != chosen && other_placement(s, window_sum(d, sl, n, cand[c])))
            return 1;
    return nc == 1 && d->tok[sl[chosen].tok0].kind == TK_EMPTY &&
           d->tok[sl[chosen].tok0].field + 1 == usual &&
           other_placement(s, window_sum(d, sl, n, chosen + 1));
}

/*
 * A row placed by order only (no anchor) must at least add up: when its
 * 总计 differs from the sum of its six columns, the placement is not
 * trusted and its cells are ambiguous.  Anchored rows keep what they
 * print (a failing report keeps its numbers).
 */
static void
distrust_unsummed(tb_doc *d, const rows *R, const plan *P)
{
    for (int i = 0; i < R->n; i++) {
        int r = official(P, i), ok = 1;
        int64_t sum = 0, tot;

        if (r < 0 || R->r[i].anchor >= 0)
            continue;
        for (int c = 0; c < 6; c++)
            sum += micro_of(d, t3rows[r].idx[c], &ok);
        tot = micro_of(d, t3rows[r].idx[6], &ok);
        if (ok && sum != tot)
            rg_fill_state(d, t3rows[r].idx, S3, NB_ST_AMBIGUOUS, 0, R->r[i].line);
    }
}

/* Whether row o came from a run of values one per line (plain pdftotext):
 * its cells lie on several lines and no label stands beside them. */
static int
vertical(const tb_doc *d, const orow *o)
{
    return !o->tabbed && o->ntok > 1 && d->tok[o->tok0].line != d->tok[o->tok0 + o->ntok - 1].line;
}

/* Whether a rule of table 三 fails on the cells as read in format fmt. */
static int
t3_sums_fail(tb_doc *d, int fmt)
{
    int saved = d->format[1], fail;

    d->format[1] = (unsigned char)fmt;
    fail = tb_t3_rules_fail(d);
    d->format[1] = (unsigned char)saved;
    return fail;
}

/* Whether a label in [t0, t1) names a row only the 2021 form has. */
static int
names_2021_row(tb_doc *d, int t0, int t1)
{
    for (int r = 0; r < NT3; r++)
        if (t3rows[r].formats == NB_FMT_2021 && rg_t3_specific(r) &&
            rg_find_label(d, t0, t1, t3rows[r].key, 0) >= 0)
            return 1;
    return 0;
}

/*
 * Rows read one value per line have no label of their own: the labels
 * around them come in the PDF's reading order, which moves a wrapped
 * label after its values or past the next row's.  Their place is settled
 * when they fill the format's rows exactly, in order (the count alone
 * places them), or when every one of them sits on the row its label
 * names; and in either case the table's sums hold and a 2019 reading
 * meets no 2021 row's label (a 2021 table missing two rows, or printing
 * 其他处理 as one row, has the 2019 count).  Otherwise (a row without a label among
 * rows missing, a single 其他处理 row under a 2021 anchor, an anchor
 * overruled by order, a failing sum) each such row's cells are ambiguous.
 */
static void
distrust_vertical(tb_doc *d, const rows *R, const plan *P, int fmt, int t0, int t1)
{
    int settled = fmt != NB_FMT_UNDETERMINED && !P->ambiguous && !P->dropped, any = 0;

    for (int i = 0; i < R->n; i++)
        if (kept(official(P, i), fmt) && vertical(d, &R->r[i])) {
            any = 1;
            if (P->assigned != P->m)
                settled &= R->r[i].anchor == official(P, i);
        }
    if (fmt == NB_FMT_2019 && names_2021_row(d, t0, t1))
        settled = 0;
    if (!any || (settled && !t3_sums_fail(d, fmt)))
        return;
    for (int i = 0; i < R->n; i++) {
        int r = official(P, i);

        if (kept(r, fmt) && vertical(d, &R->r[i]))
            rg_fill_state(d, t3rows[r].idx, S3, NB_ST_AMBIGUOUS, 0, R->r[i].line);
    }
}

/* present when every kept row was found and the format is known. */
static int
t3_status(const tb_doc *d, const plan *P, int fmt)
{
    int found = 0, want = 0;

    for (int p = 0; p < P->m; p++) {
        int r = P->list[p];
        if (!kept(r, fmt))
            continue;
        want++;
        found += d->cells[t3rows[r].idx[0]].state >= 0;
    }
    return found == 0                                    ? NB_TS_ABSENT
           : found == want && fmt != NB_FMT_UNDETERMINED ? NB_TS_PRESENT
                                                         : NB_TS_PARTIAL;
}

void
rg_recognize_t3(tb_doc *d, int t0, int t1)
{
    rows *R = &d->scratch->R;
    cands *cd = d->scratch->cd;
    const plan *P;
    int has21, has19, fmt;
    int *mode = d->scratch->mode;

    rg_make_rows(d, t0, t1, S3, R);
    for (int i = 0; i < R->n; i++)
        cd[i].n = 0, cd[i].off = -1; /* rows read_row skips keep no readings of another document */
    if (rg_t3_anchor_rows(d, R, t1, &has21, &has19) == 0) {
        d->status[1] = NB_TS_ABSENT;
        return;
    }
    /* an anchor only one format has decides the format (choose_format):
     * the other's alignment would not be read */
    if (has21 || !has19)
        align(R, NB_FMT_2021, &d->scratch->P21);
    if (has19 || !has21)
        align(R, NB_FMT_2019, &d->scratch->P19);
    fmt = choose_format(&d->scratch->P21, &d->scratch->P19, has21, has19, &P);
    usual_first_fields(d, R, P, fmt, mode);
    for (int i = 0; i < R->n; i++) {
        const int *idx = kept(official(P, i), fmt) ? t3rows[official(P, i)].idx : NULL;

        if (idx && rg_read_row(d, &R->r[i], idx, S3, TB_RULE_T3ROW, mode[i], 0, &cd[i]) &&
            shift_suspect(d, &R->r[i], mode[i], idx, cd[i].off))
            rg_fill_state(d, idx, S3, NB_ST_AMBIGUOUS, 0, R->r[i].line);
    }
    for (int p = 0; p < P->m; p++)
        if (P->amb[p] && kept(P->list[p], fmt))
            rg_fill_state(d, t3rows[P->list[p]].idx, S3, NB_ST_AMBIGUOUS, 0, 0);
    settle_glued(d, R, P, cd, fmt);
    distrust_unsummed(d, R, P);
    distrust_vertical(d, R, P, fmt, t0, t1);
    d->status[1] = (unsigned char)t3_status(d, P, fmt);
    d->format[1] = (unsigned char)fmt;
}
