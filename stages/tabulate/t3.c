/* t3.c - table 三: rows anchored and aligned with a format's row list (steps 3 and 4
 * of the comment in recognize.c). */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

/* ---- table 三 ---- */

/* Whether t3 row r names one leaf row only: 总计 and 其他 also head
 * columns and groups (其他组织, 其他处理), so they do not count as a second
 * row's label in a context. */
static int
t3_specific(int r)
{
    const char *p = t3rows[r].path;
    return strcmp(p, "result_total") && strcmp(p, "other.misc") && strcmp(p, "other");
}

/* The t3 row named by the label key k[0..n), or -1; *nspec counts the
 * specific rows (t3_specific) whose labels occur in it. */
static int
t3_key_row_uncached(const char *key, size_t n, int *nspec)
{
    size_t best_end = 0, best_len = 0;
    int best = -1;

    *nspec = 0;
    if (n == 0)
        return -1;
    for (int r = 0; r < NT3; r++) {
        size_t e = rg_last_end(key, n, t3rows[r].key), m = strlen(t3rows[r].key);

        if (t3rows[r].variant) {
            size_t e2 = rg_last_end(key, n, t3rows[r].variant);
            if (e2 > e)
                e = e2, m = strlen(t3rows[r].variant);
        }
        if (e == 0)
            continue;
        *nspec += t3_specific(r);
        /* 其他 names the 2021 row 3.其他, and 其他处理 the 2019 row,
         * only when it ends the label (else it is the group's label) */
        if ((!strcmp(t3rows[r].path, "other.misc") || !strcmp(t3rows[r].path, "other")) && e != n)
            continue;
        if (e > best_end || (e == best_end && m > best_len)) {
            best = r;
            best_end = e;
            best_len = m;
        }
    }
    return best;
}

/* t3_key_row_uncached, remembered: every report prints the same few
 * dozen labels, and matching one against all rows was a tenth of the
 * stage's time. */
static int
t3_key_row(const char *key, size_t n, int *nspec)
{
    static struct {
        char key[120];
        unsigned char n;
        signed char row, nspec;
    } memo[512];
    uint32_t h;
    int r;

    if (n == 0 || n >= sizeof memo[0].key)
        return t3_key_row_uncached(key, n, nspec);
    h = nb_hash(key, n) % (sizeof memo / sizeof memo[0]);
    if (memo[h].n == n && !memcmp(memo[h].key, key, n)) {
        *nspec = memo[h].nspec;
        return memo[h].row;
    }
    r = t3_key_row_uncached(key, n, nspec);

    memcpy(memo[h].key, key, n);
    memo[h].n = (unsigned char)n;
    memo[h].row = (signed char)r;
    memo[h].nspec = (signed char)(*nspec > 127 ? 127 : *nspec);
    return r;
}

/* The level of the enumerator opening a label token: 1 for 一、, 2 for
 * （一）, 3 for 1. 1、 1．, 4 for (1); 0 when it opens none. */
static int
opens_label(const tb_doc *d, const tb_tok *k)
{
    static const char *const num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const char *s = tb_tok_text(d, k), *e = s + k->len;
    int open = 0;

    if (s < e && *s == '(')
        s++, open = 1;
    else if (e - s >= 3 && !memcmp(s, "（", 3))
        s += 3, open = 1;
    int digits = s < e && *s >= '0' && *s <= '9';

    if (digits) {
        while (s < e && *s >= '0' && *s <= '9')
            s++;
    } else {
        int any = 0;
        for (int again = 1; again;) {
            again = 0;
            for (int i = 0; i < 10; i++)
                if (e - s >= 3 && !memcmp(s, num[i], 3)) {
                    s += 3;
                    any = again = 1;
                }
        }
        if (!any)
            return 0;
    }
    if (open) {
        if (!((s < e && *s == ')') || (e - s >= 3 && !memcmp(s, "）", 3))))
            return 0;
        return digits ? 4 : 2;
    }
    if (!((s < e && *s == '.') || (e - s >= 3 && (!memcmp(s, "、", 3) || !memcmp(s, "．", 3)))))
        return 0;
    return digits ? 3 : 1;
}

/*
 * The t3 row named by the labels around row o, or -1; next0 is where the
 * next row's values begin.
 *
 * 1. The label on the row's own line, when it names one row.
 * 2. A row with no label on its line (markdown fragments, one cell per
 *    line) takes the whole context, unless its enumerators show the
 *    labels of several rows (see below).
 * 3. Else the label assembled the way PDFs wrap it: from the last label
 *    that opens with an enumerator (1. （三） 四、) before the values,
 *    through the continuation lines after them up to the next label that
 *    opens one.  It alone decides when such an opening exists: the text
 *    before it is the previous row's wrapped tail ("1.属于国家秘密" under
 *    that row's numbers) and must not name this one.
 * 4. Else the whole context since the previous row, unless it holds the
 *    labels of two or more rows: label fragments printed loose beside a
 *    table (PDF to markdown) come in reading order, not row order, and the
 *    label that ends last need not be this row's.
 */
static int
t3_anchor(const tb_doc *d, const orow *o, int next0)
{
    char key[KEY_MAX], *p;
    size_t n;
    int own = o->ctx1, r, nspec, open = -1, cont, last = 0;

    while (own > o->ctx0 && d->tok[own - 1].line == o->line)
        own--;
    if (own < o->ctx1) {
        n = rg_range_key(d, own, o->ctx1, key);
        r = t3_key_row(key, n, &nspec);
        if (r >= 0 && nspec <= 1)
            return r;
    }
    if (own == o->ctx1) {
        /* a row without a label of its own: its context may be labels
         * printed loose before several such rows ("3.其他 （七）总计"
         * before two rows).  Openings that do not descend (group, then
         * item) belong to more than one row: order places it. */
        for (int t = o->ctx0; t < o->ctx1; t++) {
            int lv = d->tok[t].kind == TK_LABEL ? opens_label(d, &d->tok[t]) : 0;
            if (lv && last && lv <= last)
                return -1;
            if (lv)
                last = lv;
        }
        n = rg_range_key(d, o->ctx0, o->ctx1, key);
        r = t3_key_row(key, n, &nspec);
        return nspec <= 1 ? r : -1;
    }
    for (int t = o->ctx0; t < o->ctx1; t++)
        if (d->tok[t].kind == TK_LABEL && opens_label(d, &d->tok[t]))
            open = t;
    if (open >= 0) {
        n = rg_range_key(d, open, o->ctx1, key);
        p = key + n;
        for (cont = o->tok0 + o->ntok; cont < next0; cont++) {
            const tb_tok *k = &d->tok[cont];
            if (k->kind != TK_LABEL)
                continue;
            if (opens_label(d, k) || n + k->klen >= KEY_MAX)
                break;
            memcpy(p, tb_tok_key(d, k), k->klen);
            p += k->klen;
            n += k->klen;
        }
        *p = '\0';
        r = t3_key_row(key, n, &nspec);
        return nspec <= 1 ? r : -1;
    }
    n = rg_range_key(d, o->ctx0, o->ctx1, key);
    r = t3_key_row(key, n, &nspec);
    return nspec <= 1 ? r : -1;
}

/*
 * Align observed rows with the row list of one format (step 4).
 *
 * Every observed row takes an official position, positions increasing
 * with the rows; a row left out costs 2, a row on its anchor's position
 * earns 1.  So order wins over a label: an anchor that would leave rows
 * with no room (a loose label that ended last but was another row's) is
 * overruled, while a stray row (a note's number, a footer) is left out
 * rather than shift the anchored rows after it.  Where the two readings
 * weigh the same, the rows concerned are ambiguous.  A row whose
 * position is the same in every best alignment is placed; a row with
 * several makes those positions ambiguous.  Forward and backward passes
 * over (row, last position used) find both in O(rows x positions^2).
 */
#define DROP 2
#define NEG  (-1000000)

static int
score_at(const rows *R, const plan *P, int i, int p)
{
    return R->r[i].anchor >= 0 && R->r[i].anchor == P->list[p];
}

static void
align(const rows *R, int format, plan *P)
{
    /* F[k][q+1]: best over rows before the k-th with last position q;
     * B[k][q+1]: best over the k-th row on, after position q */
    static int F[MAX_ROWS + 1][NT3 + 1], B[MAX_ROWS + 1][NT3 + 1], row[MAX_ROWS];
    int K = 0, m, best;

    P->m = 0;
    for (int r = 0; r < NT3; r++)
        if (t3rows[r].formats & format)
            P->list[P->m++] = r;
    m = P->m;
    memset(P->amb, 0, sizeof P->amb);
    P->assigned = P->ambiguous = P->dropped = 0;
    for (int i = 0; i < R->n; i++) {
        P->assign[i] = -1;
        if (!R->r[i].blob)
            row[K++] = i;
    }
    /* running maxima keep each pass O(rows x positions) */
    for (int k = 0; k <= K; k++)
        for (int q = 0; q <= m; q++)
            F[k][q] = B[k][q] = NEG;
    F[0][0] = 0;
    for (int k = 0; k < K; k++) {
        int run = NEG;
        for (int q = 0; q <= m; q++) {
            if (F[k][q] > NEG && F[k][q] - DROP > F[k + 1][q])
                F[k + 1][q] = F[k][q] - DROP;
            if (q < m) { /* position q, stored at q+1, after any q' <= q */
                if (F[k][q] > run)
                    run = F[k][q];
                if (run > NEG && run + score_at(R, P, row[k], q) > F[k + 1][q + 1])
                    F[k + 1][q + 1] = run + score_at(R, P, row[k], q);
            }
        }
    }
    for (int q = 0; q <= m; q++)
        B[K][q] = 0;
    for (int k = K - 1; k >= 0; k--) {
        int run = NEG;
        for (int q = m; q >= 0; q--) {
            if (q < m && score_at(R, P, row[k], q) + B[k + 1][q + 1] > run)
                run = score_at(R, P, row[k], q) + B[k + 1][q + 1];
            B[k][q] = B[k + 1][q] - DROP > run ? B[k + 1][q] - DROP : run;
        }
    }
    best = B[0][0];
    for (int k = 0; k < K; k++) {
        int where = -2, several = 0, can[NT3] = {0}, run = NEG;

        for (int q = 0; q <= m; q++)
            if (F[k][q] > NEG && F[k][q] - DROP + B[k + 1][q] == best) {
                where = -1; /* leaving it out is one best choice */
                break;
            }
        for (int p = 0; p < m; p++) {
            if (F[k][p] > run)
                run = F[k][p];
            if (run > NEG && run + score_at(R, P, row[k], p) + B[k + 1][p + 1] == best) {
                can[p] = 1;
                several |= where != -2;
                where = where == -2 ? p : where;
            }
        }
        if (!several && where >= 0) {
            P->assign[row[k]] = where;
            P->assigned++;
        } else if (!several) {
            P->dropped++;
        } else {
            for (int p = 0; p < m; p++)
                if (can[p] && !P->amb[p]) {
                    P->amb[p] = 1;
                    P->ambiguous++;
                }
        }
    }
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
    tb_check *checks = d->scratch->checks;
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
        int fail = 0, nc;

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
        nc = tb_check_rules(d, checks, RG_MAX_CHECKS);
        for (int c = 0; c < nc && !fail; c++)
            fail = !strncmp(checks[c].rule, "c.t3.", 5) &&
                   (checks[c].verdict == TB_FAIL || checks[c].verdict == TB_FAIL_H0);
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

/* Anchor every row that is not a blob; 0 when there is none.  *has21 and
 * *has19 say whether an anchor names a row of one format only. */
static int
anchor_rows(tb_doc *d, rows *R, int t1, int *has21, int *has19)
{
    int nrows = 0;

    *has21 = *has19 = 0;
    for (int i = 0; i < R->n; i++) {
        int next0 = t1;

        if (R->r[i].blob)
            continue;
        nrows++;
        for (int j = i + 1; j < R->n; j++)
            if (!R->r[j].blob) {
                next0 = R->r[j].tok0;
                break;
            }
        R->r[i].anchor = t3_anchor(d, &R->r[i], next0);
        if (R->r[i].anchor >= 0) {
            int f = t3rows[R->r[i].anchor].formats;
            *has21 |= f == NB_FMT_2021;
            *has19 |= f == NB_FMT_2019;
        }
    }
    return nrows;
}

/* The format of t3 (step 4), and in *P the alignment to read it by. */
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

/* The usual first field of the tab rows with one window (SCHEMA 12.3),
 * for the rows with several; 0 when there is none. */
static int
usual_first_field(const tb_doc *d, const rows *R, const plan *P, int fmt)
{
    int firsts[MAX_ROWS], nfirst = 0, mode = 0, bestc = 0;

    for (int i = 0; i < R->n; i++) {
        int r = official(P, i), n, off, unique;
        slot sl[128];

        if (!kept(r, fmt) || !R->r[i].tabbed)
            continue;
        n = rg_row_slots(d, &R->r[i], sl, 128);
        off = rg_align_window(d, sl, n, S3, 0, &unique);
        if (off >= 0 && unique && d->tok[sl[off].tok0].field > 0)
            firsts[nfirst++] = d->tok[sl[off].tok0].field;
    }
    for (int a = 0; a < nfirst; a++) {
        int c = 0;
        for (int b = 0; b < nfirst; b++)
            c += firsts[b] == firsts[a];
        if (c > bestc)
            bestc = c, mode = firsts[a];
    }
    return mode;
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
    tb_check *checks = d->scratch->checks;
    int saved = d->format[1], nc, fail = 0;

    d->format[1] = (unsigned char)fmt;
    nc = tb_check_rules(d, checks, RG_MAX_CHECKS);
    for (int c = 0; c < nc && !fail; c++)
        fail = !strncmp(checks[c].rule, "c.t3.", 5) &&
               (checks[c].verdict == TB_FAIL || checks[c].verdict == TB_FAIL_H0);
    d->format[1] = (unsigned char)saved;
    return fail;
}

/* Whether a label in [t0, t1) names a row only the 2021 form has. */
static int
names_2021_row(tb_doc *d, int t0, int t1)
{
    for (int r = 0; r < NT3; r++)
        if (t3rows[r].formats == NB_FMT_2021 && t3_specific(r) &&
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
    int has21, has19, mode, fmt;

    rg_make_rows(d, t0, t1, S3, R);
    for (int i = 0; i < R->n; i++)
        cd[i].n = 0; /* rows read_row skips keep no readings of another document */
    if (anchor_rows(d, R, t1, &has21, &has19) == 0) {
        d->status[1] = NB_TS_ABSENT;
        return;
    }
    align(R, NB_FMT_2021, &d->scratch->P21);
    align(R, NB_FMT_2019, &d->scratch->P19);
    fmt = choose_format(&d->scratch->P21, &d->scratch->P19, has21, has19, &P);
    mode = usual_first_field(d, R, P, fmt);
    for (int i = 0; i < R->n; i++)
        if (kept(official(P, i), fmt))
            rg_read_row(d, &R->r[i], t3rows[official(P, i)].idx, S3, TB_RULE_T3ROW, mode, 0,
                        &cd[i]);
    for (int p = 0; p < P->m; p++)
        if (P->amb[p] && kept(P->list[p], fmt))
            rg_fill_state(d, t3rows[P->list[p]].idx, S3, NB_ST_AMBIGUOUS, 0, 0);
    settle_glued(d, R, P, cd, fmt);
    distrust_unsummed(d, R, P);
    distrust_vertical(d, R, P, fmt, t0, t1);
    d->status[1] = (unsigned char)t3_status(d, P, fmt);
    d->format[1] = (unsigned char)fmt;
}
