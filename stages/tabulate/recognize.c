/*
 * recognize.c - find the statistical tables of a report and map every
 * cell to its SCHEMA id.
 *
 * The layouts met in the wild (tab-separated HTML rows, pdftotext -layout
 * columns, plain pdftotext with one cell per line, markdown fragments
 * whose value rows lost their labels, crawler dumps with the cells glued
 * together) differ in where labels and numbers sit, but not in the order
 * of the rows: every form prints its rows in the official order.  So the
 * recognizer does not look for a row's label and then its numbers; it
 * reads the table as a sequence of value rows and uses the labels as
 * anchors:
 *
 * 1. Regions.  tokens.c has cut the body into label and value tokens.
 *    t2 starts at its first caption (第二十条第（一）项) or section
 *    title, t3 at its header note (本列数据的勾稽关系…), 申请人情况 or the
 *    本年新收 row, t4 at the first 行政复议 after t3 (or at a bare row that
 *    is not 7 values wide, SCHEMA 12.1), and t4 ends at section 五.
 *
 * 2. Observed rows.  In a region, a line with TABs whose fields end in
 *    values is one row (its blanks are visible: empty fields).  Values on
 *    lines of their own (one cell per line) form runs; a run of 7k values
 *    in t3 is k rows.  A stray value that fits no row (a page number) is
 *    a blob and takes no place.
 *
 * 3. Anchors.  The label text since the previous row (on the row's line
 *    and the lines above it, joined, so labels broken over lines are
 *    whole again) is the row's context.  Its label key (SCHEMA 11.1) is
 *    searched for every row key of schema_rows.h; the key that ends last
 *    names the row (in "(三)不予公开 1.属于国家秘密" that is 国家秘密).
 *
 * 4. Alignment.  The anchors that keep the official order (a longest
 *    increasing subsequence) are trusted.  Between two trusted anchors, k
 *    unanchored rows fill the k official rows between them, in order;
 *    any other count leaves those official rows ambiguous.  The format of
 *    t3 follows from anchors only one format has (逾期不补正 for 2021, a
 *    其他处理 row with values for 2019), else from which format's row list
 *    the rows fill exactly, else it is undetermined.
 *
 * 5. Cells.  A tab row's value fields are aligned with the table's slots
 *    as SCHEMA 12.3 says.  Values separated by spaces or glued to labels
 *    fill the slots only when their count is right, or when exactly one
 *    way of splitting the digit runs (merging single-space pairs) makes
 *    the row's own sums hold (split.c); otherwise the cells are ambiguous.
 *
 * Worked example, a markdown fragment (005):
 *
 *     | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
 *     | 三、 | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
 *     | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
 *     （二）部分公开（区分处理的，只 … 2.其他法律行政法规禁 止公开
 *     | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
 *     | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
 *     | 3.危及“三安全一稳定” | 0 | …
 *
 * gives rows anchored carried_in, open, (none), deny.secret, (none),
 * deny.safety: one unanchored row between open and deny.secret fills
 * partial, one between deny.secret and deny.safety fills deny.law.  The
 * loose label text is not trusted to place a row (its fragments come in
 * the PDF's reading order); only order and the anchors are.
 */
#include "recognize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "split.h"

#define S3       7
#define S4       15
#define MAX_ROWS 512
#define KEY_MAX  4096
#define MAXCAND  8    /* readings of one glued row kept for the table to decide */
#define MAXCOMBO 4096 /* combinations of such readings tried against the sums */

/* ---- the schema's rows, resolved to metric indices once ---- */

typedef struct t3row {
    const char *path;
    int formats;
    const char *key, *variant;
    int idx[S3]; /* metric index per column */
} t3row;

static t3row t3rows[] = {
#define NB_T3ROW(path, fm, key, var) {path, fm, key, var, {0}},
#include "schema_rows.h"
#undef NB_T3ROW
};
#define NT3 ((int)(sizeof t3rows / sizeof t3rows[0]))

typedef struct t2row {
    const char *sub, *row, *key, *variant;
} t2row;

static const t2row t2rows[] = {
#define NB_T2ROW(sub, row, key, var) {sub, row, key, var},
#include "schema_rows.h"
#undef NB_T2ROW
};
#define NT2 ((int)(sizeof t2rows / sizeof t2rows[0]))

typedef struct t2head {
    const char *sub;
    int format;
    const char *cols, *k1, *k2;
} t2head;

static const t2head t2heads[] = {
#define NB_T2HEAD(sub, fm, cols, k1, k2) {sub, fm, cols, k1, k2},
#include "schema_rows.h"
#undef NB_T2HEAD
};
#define NT2H ((int)(sizeof t2heads / sizeof t2heads[0]))

static const char *const t3cols[S3] = {"natural", "commercial", "research", "nonprofit",
                                       "legal",   "other_org",  "total"};
static const char *const t4cols[S4] = {
    "review.maintain",     "review.correct",       "review.other",        "review.pending",
    "review.total",        "suit_direct.maintain", "suit_direct.correct", "suit_direct.other",
    "suit_direct.pending", "suit_direct.total",    "suit_after.maintain", "suit_after.correct",
    "suit_after.other",    "suit_after.pending",   "suit_after.total",
};
static const char *const subtables[5] = {"art20_1", "art20_5", "art20_6", "art20_8", "art20_9"};

static int t4idx[S4];

static int
metric(const char *table, const char *a, const char *b)
{
    char id[96];
    int n = b ? snprintf(id, sizeof id, "%s.%s.%s", table, a, b)
              : snprintf(id, sizeof id, "%s.%s", table, a);
    return nb_metric_find(id, (size_t)n);
}

int
tb_recognize_init(void)
{
    for (int r = 0; r < NT3; r++)
        for (int c = 0; c < S3; c++)
            if ((t3rows[r].idx[c] = metric("t3", t3rows[r].path, t3cols[c])) < 0)
                return -1;
    for (int c = 0; c < S4; c++)
        if ((t4idx[c] = metric("t4", t4cols[c], NULL)) < 0)
            return -1;
    return 0;
}

/* ---- label keys of token ranges ---- */

/* The label key of the label tokens in [t0, t1): their keys joined.
 * Returns its length; out holds KEY_MAX bytes.  When too long, the end
 * is kept: the row's own label is nearest the values. */
static size_t
range_key(const tb_doc *d, int t0, int t1, char *out)
{
    size_t n = 0;
    int from = t1;

    /* from the end back, as many whole keys as fit */
    while (from > t0) {
        const tb_tok *k = &d->tok[from - 1];
        if (k->kind == TK_LABEL && n + k->klen >= KEY_MAX)
            break;
        if (k->kind == TK_LABEL)
            n += k->klen;
        from--;
    }
    n = 0;
    for (int t = from; t < t1; t++) {
        const tb_tok *k = &d->tok[t];
        if (k->kind != TK_LABEL)
            continue;
        memcpy(out + n, tb_tok_key(d, k), k->klen);
        n += k->klen;
    }
    out[n] = '\0';
    return n;
}

/* End offset of the last occurrence of needle in hay, or 0. */
static size_t
last_end(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), best = 0;
    const char *p = hay;

    if (!needle || m == 0 || m > n)
        return 0;
    while ((p = memmem(p, n - (size_t)(p - hay), needle, m)) != NULL) {
        best = (size_t)(p - hay) + m;
        p++;
    }
    return best;
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return m <= n && !memcmp(s + n - m, suffix, m);
}

/* ---- regions ---- */

typedef struct region {
    int t0, t1; /* token range */
    int found;
} region;

/* The first label token at or after t0 whose key contains needle. */
static int
find_label(const tb_doc *d, int t0, int t1, const char *needle, int maxkey)
{
    size_t m = strlen(needle), at, end;

    if (t0 >= t1)
        return -1;
    /* the keys lie back to back in token order: one search over them,
     * then the token the match falls in */
    at = d->tok[t0].koff;
    end = d->tok[t1 - 1].koff + d->tok[t1 - 1].klen;
    while (at + m <= end) {
        const char *hit = memmem(d->keys.p + at, end - at, needle, m);
        size_t off;
        int lo = t0, hi = t1 - 1;

        if (!hit)
            return -1;
        off = (size_t)(hit - d->keys.p);
        while (lo < hi) { /* the last token with koff <= off */
            int mid = lo + (hi - lo + 1) / 2;
            if (d->tok[mid].koff <= off)
                lo = mid;
            else
                hi = mid - 1;
        }
        {
            const tb_tok *k = &d->tok[lo];
            if (k->kind == TK_LABEL && off + m <= k->koff + k->klen &&
                !(maxkey && k->klen > (size_t)maxkey))
                return lo;
        }
        at = off + 1;
    }
    return -1;
}

static int
min_pos(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

/* ---- observed rows ---- */

typedef struct orow {
    int tok0, ntok; /* value tokens (and empty fields) of the row */
    int tabbed;     /* from a TAB line: one slot per field, blanks visible */
    int line;
    int ctx0, ctx1; /* its context: label tokens in [ctx0, ctx1) */
    int blob;       /* stray values, not a row */
    int anchor;     /* t3rows / t2rows index, or -1 */
} orow;

typedef struct rows {
    orow r[MAX_ROWS];
    int n;
} rows;

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

/* Rows of the token range [t0, t1) (see the comment at the top). */
static void
make_rows(tb_doc *d, int t0, int t1, int S, rows *R)
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
            int lastlab = -1, nval = 0;

            for (int u = t; u < lend; u++)
                if (d->tok[u].kind == TK_LABEL)
                    lastlab = u;
            for (int u = lastlab + 1 > t ? lastlab + 1 : t; u < lend; u++)
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
                add_row(R, v0, lend - v0, 1, k->line, ctx, v0, 0);
                ctx = lend;
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

/* A slot: the tokens of one field (tab rows) or one token. */
typedef struct slot {
    int tok0, ntok;
} slot;

static int
row_slots(const tb_doc *d, const orow *o, slot *sl, int max)
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

static void
set_cell(tb_doc *d, int idx, int state, int64_t micro, unsigned flags, int line, int field)
{
    tb_cell *c;

    if (idx < 0 || idx >= TB_MAX_METRICS)
        return;
    c = &d->cells[idx];
    c->state = (signed char)state;
    c->micro = micro;
    c->flags = flags;
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
            set_cell(d, idx[i], NB_ST_AMBIGUOUS, 0, flags, k->line, k->field);
            continue;
        }
        if (k->kind == TK_EMPTY) {
            set_cell(d, idx[i], NB_ST_BLANK, 0, flags, k->line, k->field);
            continue;
        }
        nb_cell_parse(tb_tok_text(d, k), k->len, kind, &c);
        set_cell(d, idx[i], c.state, c.micro, c.flags | flags, k->line, k->field);
        /* an amount's unit as written, for recognize_t2 to resolve */
        if (idx[i] >= 0 && c.state == NB_ST_NUM && kind == NB_KIND_AMOUNT)
            d->cells[idx[i]].flags |= (unsigned)c.unit << 16;
    }
}

static void
fill_state(tb_doc *d, const int *idx, int S, int state, unsigned flags, int line)
{
    for (int i = 0; i < S; i++)
        set_cell(d, idx[i], state, 0, flags, line, 0);
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
static int
align_window(const tb_doc *d, const slot *sl, int n, int S, int mode, int *unique)
{
    int cand[64], nc = 0;

    *unique = 0;
    if (n == S) {
        *unique = 1;
        return 0;
    }
    if (n < S)
        return -1;
    for (int off = 0; off + S <= n && nc < 64; off++) {
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
    int m = 0;

    for (int i = 0; i < n; i++) {
        if (d->tok[sl[i].tok0].kind == TK_EMPTY)
            continue;
        if (sl[i].ntok != 1 || m == S)
            return 0;
        pick[m++] = sl[i];
    }
    if (m != S)
        return 0;
    fill_slots(d, idx, pick, S, flags);
    return 1;
}

/* The readings of a glued row that its own sums could not tell apart. */
typedef struct cands {
    int n;
    int64_t v[MAXCAND][16];
} cands;

/* Repair a row by splitting; 1 when one reading settles it, else 0 with
 * the readings kept in cd (when given and there are few). */
static int
split_fill(tb_doc *d, const orow *o, const int *idx, int S, int rule, unsigned flags, cands *cd)
{
    int64_t sols[MAXCAND][16];
    int n = tb_split_row_all(d, o->tok0, o->ntok, S, rule, sols, MAXCAND);

    if (n == 1) {
        for (int i = 0; i < S; i++)
            set_cell(d, idx[i], NB_ST_NUM, sols[0][i], flags | NB_FL_REPAIRED_SPLIT, o->line,
                     d->tok[o->tok0].field);
        return 1;
    }
    if (cd && n > 1) {
        cd->n = n;
        memcpy(cd->v, sols, sizeof sols);
    }
    fill_state(d, idx, S, NB_ST_AMBIGUOUS, flags, o->line);
    return 0;
}

/*
 * Read one row into idx[0..S).  rule (split.h) says which sums may settle
 * a repair of glued or space-split numbers; mode is as for align_window.
 * Returns 1 when the cells were read, 0 when they are ambiguous (cells set
 * so).
 */
static int
read_row(tb_doc *d, const orow *o, const int *idx, int S, int rule, int mode, unsigned flags,
         cands *cd)
{
    slot sl[128];
    int n = row_slots(d, o, sl, 128), glued = 0;

    if (cd)
        cd->n = 0;
    if (o->tabbed) {
        int unique, off = align_window(d, sl, n, S, mode, &unique);
        if (off < 0 && filled_in_order(d, sl, n, S, idx, flags))
            return 1;
        if (off < 0) /* one value glued or split by spaces in a tab row */
            return split_fill(d, o, idx, S, rule, flags, cd);
        fill_slots(d, idx, sl + off, S, flags);
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
        size_t e = last_end(key, n, t3rows[r].key), m = strlen(t3rows[r].key);

        if (t3rows[r].variant) {
            size_t e2 = last_end(key, n, t3rows[r].variant);
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
        n = range_key(d, own, o->ctx1, key);
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
        n = range_key(d, o->ctx0, o->ctx1, key);
        r = t3_key_row(key, n, &nspec);
        return nspec <= 1 ? r : -1;
    }
    for (int t = o->ctx0; t < o->ctx1; t++)
        if (d->tok[t].kind == TK_LABEL && opens_label(d, &d->tok[t]))
            open = t;
    if (open >= 0) {
        n = range_key(d, open, o->ctx1, key);
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
    n = range_key(d, o->ctx0, o->ctx1, key);
    r = t3_key_row(key, n, &nspec);
    return nspec <= 1 ? r : -1;
}

typedef struct plan {
    int list[NT3], m;     /* expected t3rows indices in order */
    int assign[MAX_ROWS]; /* row -> position in list, or -1 */
    int amb[NT3];         /* position -> content found but not assignable */
    int assigned, ambiguous, dropped;
} plan;

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
settle_glued(tb_doc *d, const rows *R, const plan *P, const cands *cd, const char *fmt)
{
    static tb_check checks[512];
    int who[MAX_ROWS], pick[MAX_ROWS], hit[MAX_ROWS], nw = 0, nok = 0;
    long combos = 1;
    const char *saved = d->format[1];

    for (int i = 0; i < R->n; i++)
        if (P->assign[i] >= 0 && cd[i].n > 1) {
            who[nw++] = i;
            combos *= cd[i].n;
            if (combos > MAXCOMBO)
                return;
        }
    if (nw == 0)
        return;
    d->format[1] = fmt;
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
        nc = tb_check_rules(d, checks, 512);
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
                set_cell(d, idx[c], NB_ST_NUM, cd[who[w]].v[hit[w]][c], NB_FL_REPAIRED_SPLIT,
                         o->line, d->tok[o->tok0].field);
        else
            fill_state(d, idx, S3, NB_ST_AMBIGUOUS, 0, o->line);
    }
    d->format[1] = saved;
}

static void
recognize_t3(tb_doc *d, int t0, int t1)
{
    static rows R;
    static plan P21, P19;
    static cands cd[MAX_ROWS];
    plan *P;
    int has21 = 0, has19 = 0, nrows = 0, mode = 0;
    int firsts[MAX_ROWS], nfirst = 0;
    const char *fmt;

    make_rows(d, t0, t1, S3, &R);
    for (int i = 0; i < R.n; i++)
        cd[i].n = 0; /* rows read_row skips keep no readings of another document */
    for (int i = 0; i < R.n; i++) {
        if (R.r[i].blob)
            continue;
        nrows++;
        {
            int next0 = t1;
            for (int j = i + 1; j < R.n; j++)
                if (!R.r[j].blob) {
                    next0 = R.r[j].tok0;
                    break;
                }
            R.r[i].anchor = t3_anchor(d, &R.r[i], next0);
        }
        if (R.r[i].anchor >= 0) {
            int f = t3rows[R.r[i].anchor].formats;
            has21 |= f == NB_FMT_2021;
            has19 |= f == NB_FMT_2019;
        }
    }
    if (nrows == 0) {
        d->status[1] = "absent";
        return;
    }
    align(&R, NB_FMT_2021, &P21);
    align(&R, NB_FMT_2019, &P19);
    if (has21 && !has19) {
        P = &P21, fmt = "2021";
    } else if (has19 && !has21) {
        P = &P19, fmt = "2019";
    } else {
        int s21 = P21.assigned - 2 * P21.ambiguous, s19 = P19.assigned - 2 * P19.ambiguous;
        int full21 = P21.assigned == P21.m && !P21.ambiguous && !P21.dropped;
        int full19 = P19.assigned == P19.m && !P19.ambiguous && !P19.dropped;
        if (full21 && !full19)
            P = &P21, fmt = "2021";
        else if (full19 && !full21)
            P = &P19, fmt = "2019";
        else if (s21 > s19 && !has19)
            P = &P21, fmt = "2021";
        else if (s19 > s21 && !has21)
            P = &P19, fmt = "2019";
        else {
            P = &P21;
            fmt = "undetermined";
        }
    }
    /* an undetermined table keeps only the rows both formats share;
     * rows with several windows take the usual first field of the rows
     * with one (SCHEMA 12.3) */
    for (int i = 0; i < R.n; i++) {
        int p = P->assign[i], r = p >= 0 ? P->list[p] : -1, n, off, unique;
        slot sl[128];

        if (r < 0 || !R.r[i].tabbed ||
            (!strcmp(fmt, "undetermined") && t3rows[r].formats != NB_FMT_BOTH))
            continue;
        n = row_slots(d, &R.r[i], sl, 128);
        off = align_window(d, sl, n, S3, 0, &unique);
        if (off >= 0 && unique && d->tok[sl[off].tok0].field > 0)
            firsts[nfirst++] = d->tok[sl[off].tok0].field;
    }
    {
        int bestc = 0;
        for (int a = 0; a < nfirst; a++) {
            int c = 0;
            for (int b = 0; b < nfirst; b++)
                c += firsts[b] == firsts[a];
            if (c > bestc)
                bestc = c, mode = firsts[a];
        }
    }
    for (int i = 0; i < R.n; i++) {
        int p = P->assign[i], r = p >= 0 ? P->list[p] : -1;

        if (r < 0 || (!strcmp(fmt, "undetermined") && t3rows[r].formats != NB_FMT_BOTH))
            continue;
        read_row(d, &R.r[i], t3rows[r].idx, S3, TB_RULE_T3ROW, mode, 0, &cd[i]);
    }
    for (int p = 0; p < P->m; p++)
        if (P->amb[p] && (strcmp(fmt, "undetermined") || t3rows[P->list[p]].formats == NB_FMT_BOTH))
            fill_state(d, t3rows[P->list[p]].idx, S3, NB_ST_AMBIGUOUS, 0, 0);
    settle_glued(d, &R, P, cd, fmt);
    /*
     * A row placed by order only (no anchor) must at least add up: when
     * its 总计 differs from the sum of its six columns, the placement is
     * not trusted and its cells are ambiguous.  Anchored rows keep what
     * they print (a failing report keeps its numbers).
     */
    for (int i = 0; i < R.n; i++) {
        int p = P->assign[i], r, ok = 1;
        int64_t sum = 0, tot;

        if (p < 0 || R.r[i].anchor >= 0)
            continue;
        r = P->list[p];
        for (int c = 0; c < 6; c++)
            sum += micro_of(d, t3rows[r].idx[c], &ok);
        tot = micro_of(d, t3rows[r].idx[6], &ok);
        if (ok && sum != tot)
            fill_state(d, t3rows[r].idx, S3, NB_ST_AMBIGUOUS, 0, R.r[i].line);
    }
    {
        int found = 0, want = 0;
        for (int p = 0; p < P->m; p++) {
            int r = P->list[p];
            if (!strcmp(fmt, "undetermined") && t3rows[r].formats != NB_FMT_BOTH)
                continue;
            want++;
            found += d->cells[t3rows[r].idx[0]].state >= 0;
        }
        d->status[1] = found == 0                                     ? "absent"
                       : found == want && strcmp(fmt, "undetermined") ? "present"
                                                                      : "partial";
    }
    d->format[1] = fmt;
}

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

        if (L->ntok == 0 && tb_rule_fields(d->body.p + L->off, L->len, NULL, 0) == S4) {
            if (at)
                return 0; /* two candidates */
            at = l;
        }
    }
    if (!at)
        return 0;
    tb_rule_fields(d->body.p + d->lines[at - 1].off, d->lines[at - 1].len, fields, S4);
    for (int i = 0; i < S4; i++)
        set_cell(d, t4idx[i], NB_ST_DASH, 0, flags, at, fields[i]);
    d->status[2] = "present";
    d->format[2] = "both";
    return 1;
}

static void
recognize_t4(tb_doc *d, int t0, int t1, int inferred)
{
    static rows R;
    unsigned flags = inferred ? NB_FL_HEADER_INFERRED : 0;
    int nvals = 0;

    make_rows(d, t0, t1, S4, &R);
    /* a row giving the 15 cells: a tab row, or 15 values on one line */
    for (int i = 0; i < R.n; i++) {
        const orow *o = &R.r[i];
        slot sl[128];
        int n, nv = 0;

        if (o->blob)
            continue;
        n = row_slots(d, o, sl, 128);
        for (int t = o->tok0; t < o->tok0 + o->ntok; t++)
            nv += d->tok[t].kind == TK_VALUE;
        if (nv == 0 || (o->tabbed && n < S4 && nv < 2))
            continue;
        if (read_row(d, o, t4idx, S4, o->tabbed && n >= S4 ? TB_RULE_NONE : TB_RULE_T4, 0, flags,
                     NULL)) {
            d->status[2] = "present";
            d->format[2] = "both";
            return;
        }
        if (nv >= 4)
            break; /* the value row was there but unreadable */
    }
    /* values one per line, in reading order: trusted only when the three
     * block sums hold, since the PDF's reading order may not be the table's */
    {
        int toks[S4 + 1];
        for (int t = t0; t < t1 && nvals <= S4; t++)
            if (d->tok[t].kind == TK_VALUE) {
                if (nvals < S4 + 1)
                    toks[nvals] = t;
                nvals++;
            }
        /* and only when no label text comes between them: labels among
         * the values mean the PDF was read block by block, in an order
         * that need not be the table's (real/003 reads 复议后起诉's parts
         * before 直接起诉's), and block sums cannot tell blocks apart */
        if (nvals == S4)
            for (int t = toks[0]; t < toks[S4 - 1]; t++)
                if (d->tok[t].kind == TK_LABEL)
                    nvals = -1;
        if (nvals == S4) {
            int ok = 1;
            int64_t v[S4];
            for (int i = 0; i < S4 && ok; i++) {
                nb_cell c;
                nb_cell_parse(tb_tok_text(d, &d->tok[toks[i]]), d->tok[toks[i]].len, NB_KIND_COUNT,
                              &c);
                ok = c.state == NB_ST_NUM;
                v[i] = c.micro;
            }
            for (int b = 0; b < 3 && ok; b++)
                ok = v[b * 5 + 4] == v[b * 5] + v[b * 5 + 1] + v[b * 5 + 2] + v[b * 5 + 3];
            if (ok) {
                for (int i = 0; i < S4; i++)
                    set_cell(d, t4idx[i], NB_ST_NUM, v[i], flags, d->tok[toks[i]].line,
                             d->tok[toks[i]].field);
                d->status[2] = "present";
                d->format[2] = "both";
                return;
            }
        }
    }
    if (nvals == 0 && !inferred && rule_row(d, t0, t1, flags))
        return;
    if (nvals > 0 && !inferred &&
        (find_label(d, t0, t1, "维持", 0) >= 0 || find_label(d, t0, t1, "审结", 0) >= 0)) {
        fill_state(d, t4idx, S4, NB_ST_AMBIGUOUS, 0, 0);
        d->status[2] = "partial";
        d->format[2] = "both";
        tb_warn(d, "t4_unreadable");
        return;
    }
    d->status[2] = "absent";
}

/* ---- table 二 ---- */

static int
sub_index(const char *sub)
{
    for (int i = 0; i < 5; i++)
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
        if (ends_with(key, n, t2rows[r].key) && m > bestlen)
            best = r, bestlen = m;
        if (t2rows[r].variant && ends_with(key, n, t2rows[r].variant) &&
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
        if (!last_end(key, n, t2heads[h].k1))
            continue;
        if (t2heads[h].k2 && !last_end(key, n, t2heads[h].k2))
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

static void
recognize_t2(tb_doc *d, int t0, int t1)
{
    static rows R;
    char key[KEY_MAX], hkey[5][KEY_MAX];
    size_t hlen[5] = {0};
    int last_sub = -1, seen[NT2] = {0}, fmt_of[5] = {0}, any = 0, since = t0;

    make_rows(d, t0, t1, 0, &R);
    for (int i = 0; i < R.n; i++) {
        const orow *o = &R.r[i];
        size_t n = range_key(d, o->ctx0, o->ctx1, key);
        int r = t2_anchor(key, n), s, h, S, nv = 0, idx[3];
        char cols[64], *save = NULL, *w;
        unsigned flags = 0;

        if (r < 0 || seen[r])
            continue;
        s = sub_index(t2rows[r].sub);
        if (s != last_sub) {
            /* the header: every label since the previous sub-table's
             * last row, rows that named nothing (a note) included */
            hlen[s] = range_key(d, since, o->ctx1, hkey[s]);
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
            d->subfmt[s] = "unknown";
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
        d->subfmt[s] = t2heads[h].format == NB_FMT_2021 ? "2021" : "2019";
        read_row(d, o, idx, S, TB_RULE_NONE, 0, flags, NULL);
        /* amounts: the unit from the cell, else the header, else none */
        for (int c = 0; c < S; c++) {
            tb_cell *cell;
            int unit;

            if (idx[c] < 0 || nb_metrics[idx[c]].kind != NB_KIND_AMOUNT)
                continue;
            cell = &d->cells[idx[c]];
            if (cell->state != NB_ST_NUM)
                continue;
            unit = (int)(cell->flags >> 16);
            cell->flags &= 0xFFFF;
            if (unit != NB_UNIT_NONE || (cell->flags & NB_FL_UNIT_CONVERTED))
                continue;
            if (last_end(hkey[s], hlen[s], "万元"))
                continue;
            if (last_end(hkey[s], hlen[s], "元")) {
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
        d->status[0] = "absent";
        return;
    }
    {
        int f21 = 0, f19 = 0, want = 0, got = 0;
        for (int s = 0; s < 5; s++) {
            f21 |= fmt_of[s] == NB_FMT_2021;
            f19 |= fmt_of[s] == NB_FMT_2019;
        }
        d->format[0] = f21 && f19 ? "mixed" : f21 ? "2021" : "2019";
        for (int r = 0; r < NT2; r++) {
            int s = sub_index(t2rows[r].sub);
            int in21 = strcmp(t2rows[r].sub, "art20_9") && strcmp(t2rows[r].row, "other_service");
            if ((f21 && !f19 && in21) || (f19 && !f21) || (f21 && f19 && fmt_of[s])) {
                want++;
                got += seen[r];
            }
        }
        d->status[0] = got == want ? "present" : "partial";
    }
}

/* ---- the whole document ---- */

int
tb_recognize(tb_doc *d)
{
    int n = d->ntok, t2, t3, t4, t5, t3note, t3app, t3new;

    /* t3 first: its markers are the most specific */
    t3note = find_label(d, 0, n, "勾稽关系为", 0);
    t3app = find_label(d, 0, n, "申请人情况", 30);
    t3new = find_label(d, 0, n, "本年新收政府信息公开申请数量", 0);
    t3 = min_pos(min_pos(t3note, t3app), t3new);
    t2 = min_pos(find_label(d, 0, t3 >= 0 ? t3 : n, "第二十条第一项", 0),
                 find_label(d, 0, t3 >= 0 ? t3 : n, "主动公开政府信息情况", 60));
    if (t2 < 0)
        t2 = find_label(d, 0, t3 >= 0 ? t3 : n, "第二十条第", 0);
    t4 = find_label(d, t3 >= 0 ? t3 : (t2 >= 0 ? t2 : 0), n, "行政复议", 0);
    t5 = -1;
    {
        int from = t4 >= 0 ? t4 : t3 >= 0 ? t3 : t2 >= 0 ? t2 : 0;
        t5 =
            min_pos(find_label(d, from, n, "主要问题", 90), find_label(d, from, n, "改进情况", 90));
        t5 = min_pos(t5, find_label(d, from, n, "其他需要报告", 90));
    }
    if (t5 < 0)
        t5 = n;
    if (t2 >= 0)
        recognize_t2(d, t2, t3 >= 0 ? t3 : t4 >= 0 ? t4 : t5);
    else
        d->status[0] = "absent";
    if (t3 >= 0) {
        int end = t4 >= 0 ? t4 : t5, inferred = 0;
        /* a bare row that is not 7 values wide ends t3 (SCHEMA 12.1) */
        for (int t = t3; t < end; t++) {
            const tb_line *L = &d->lines[d->tok[t].line - 1];
            int nv = 0, nl = 0;
            if (t != L->ntok0 || L->nfields < 2)
                continue;
            for (int u = L->ntok0; u < L->ntok0 + L->ntok; u++) {
                nv += d->tok[u].kind == TK_VALUE;
                nl += d->tok[u].kind == TK_LABEL;
            }
            if (nl == 0 && nv > S3) {
                if (t4 < 0 || t < t4) {
                    end = t;
                    if (t4 < 0)
                        inferred = 1;
                    t4 = t;
                }
                break;
            }
        }
        recognize_t3(d, t3, end);
        if (t4 >= 0)
            recognize_t4(d, t4, t5 > t4 ? t5 : n, inferred);
        else
            d->status[2] = "absent";
    } else {
        d->status[1] = "absent";
        if (t4 >= 0)
            recognize_t4(d, t4, t5 > t4 ? t5 : n, 0);
        else
            d->status[2] = "absent";
    }
    return 0;
}
