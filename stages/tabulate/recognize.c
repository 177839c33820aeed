/*
 * recognize.c - find the statistical tables of a report and map every
 * cell to its SCHEMA id.
 *
 * The layouts met in the wild (tab-separated HTML rows, pdftotext -layout
 * columns, plain pdftotext with one cell per line, markdown fragments
 * whose value rows lost their labels, crawler dumps with the cells glued
 * together) differ in where labels and numbers sit, but seldom in the
 * order of the rows: nearly every form prints its rows in the official
 * order.  So the recognizer does not look for a row's label and then its
 * numbers; it reads the table as a sequence of value rows and uses the
 * labels as anchors:
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
 * 4. Alignment.  The anchors that keep the official order are trusted
 *    (t3.c weighs them against the rows left out).  Between two trusted
 *    anchors, k unanchored rows fill the k official rows between them, in
 *    order; any other count leaves those official rows ambiguous.  A row
 *    whose own line's label names a row is never placed elsewhere: out of
 *    order, it is left out or its positions are ambiguous.  The format of
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
#include "recog.h"
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the schema's rows, resolved to metric indices once ---- */

t3row t3rows[NT3] = {
#define NB_T3ROW(path, fm, key, var) {path, fm, key, var, {0}},
#include "schema_rows.h"
#undef NB_T3ROW
};

const t2row t2rows[NT2] = {
#define NB_T2ROW(sub, row, key, var) {sub, row, key, var},
#include "schema_rows.h"
#undef NB_T2ROW
};

const t2head t2heads[NT2H] = {
#define NB_T2HEAD(sub, fm, cols, k1, k2) {sub, fm, cols, k1, k2},
#include "schema_rows.h"
#undef NB_T2HEAD
};

/* What the regions are found by (tb_recognize), as label keys. */
enum {
    MK_T3NOTE,
    MK_T3APP,
    MK_T3NEW,
    MK_T2ITEM,
    MK_T2TITLE,
    MK_T2ART,
    MK_T4,
    MK_T5PROBLEM,
    MK_T5FIX,
    MK_T5OTHER,
    NMARKERS
};
static const char *const marker[NMARKERS] = {
    "勾稽关系为",
    "申请人情况",
    "本年新收政府信息公开申请数量",
    "第二十条第一项",
    "主动公开政府信息情况",
    "第二十条第",
    "行政复议",
    "主要问题",
    "改进情况",
    "其他需要报告",
};
/* The character of each marker that scan.c looks for in the raw text: one
 * with few forms that key to it (议 and 議; the others alone), in few
 * lines of prose, and shared where it can be (情, 第, 要), since each
 * form costs the scan a compare per byte.  A choice of speed only: any of
 * the marker's characters would find the same lines. */
static const char *const probe[NMARKERS] = {
    "勾", "情", "收", "第", "情", "第", "议", "要", "情", "要",
};

/* Read from the schema by tb_recognize_init. */
char t3cols[S3 + 1][NB_PART_MAX], subtables[TB_NSUB + 1][NB_PART_MAX];
int t4idx[S4];

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
    int n4 = 0;

    if (nb_metric_parts("t3.new.", t3cols, S3 + 1) != S3 ||
        nb_metric_parts("t2.", subtables, TB_NSUB + 1) != TB_NSUB)
        return -1;
    for (size_t i = 0; i < nb_nmetrics; i++)
        if (!strncmp(nb_metrics[i].id, "t4.", 3) && n4 < S4 + 1)
            n4++;
    if (n4 != S4)
        return -1;
    for (int r = 0; r < NT3; r++)
        for (int c = 0; c < S3; c++)
            if ((t3rows[r].idx[c] = metric("t3", t3rows[r].path, t3cols[c])) < 0)
                return -1;
    n4 = 0;
    for (size_t i = 0; i < nb_nmetrics; i++)
        if (!strncmp(nb_metrics[i].id, "t4.", 3))
            t4idx[n4++] = (int)i;
    rg_markers_init(marker, NMARKERS);
    return tb_scan_init(marker, probe, NMARKERS);
}

const char *
tb_subtable_name(int s)
{
    return s >= 0 && s < TB_NSUB ? subtables[s] : NULL;
}

/* ---- the whole document ---- */

/* The tables read the label keys of their whole region: key it first. */
static void
recognize_t2(tb_doc *d, int t0, int t1)
{
    if (tb_key_tokens(d, t0, t1) == 0)
        rg_recognize_t2(d, t0, t1);
}

static void
recognize_t3(tb_doc *d, int t0, int t1)
{
    if (tb_key_tokens(d, t0, t1) == 0)
        rg_recognize_t3(d, t0, t1);
}

static void
recognize_t4(tb_doc *d, int t0, int t1, int inferred)
{
    if (tb_key_tokens(d, t0, t1) == 0)
        rg_recognize_t4(d, t0, t1, inferred);
}

/* Where the regions begin (token positions, -1 when absent; t5 is n when
 * there is no section 五). */
typedef struct marks_at {
    int t2, t3, t4, t5;
} marks_at;

/* rg_find_label of marker m, on the lines that may hold it (mark_bits). */
static int
find_marker(tb_doc *d, int t0, int t1, int m, int maxkey)
{
    if (t0 >= t1)
        return -1;
    for (int l = d->tok[t0].line - 1, end = d->tok[t1 - 1].line; l < end; l++) {
        const tb_line *L = &d->lines[l];
        int a = L->ntok0 > t0 ? L->ntok0 : t0,
            b = L->ntok0 + L->ntok < t1 ? L->ntok0 + L->ntok : t1;
        int t;

        if (!(L->mark_bits >> m & 1) || a >= b)
            continue;
        /* the line may hold it (its marks would pass): key it whole */
        if (tb_key_tokens(d, a, b) < 0)
            return -1;
        if ((t = rg_find_label(d, a, b, marker[m], maxkey)) >= 0 || d->nomem)
            return t;
    }
    return -1;
}

/* The markers of the regions: the first label token holding each, in the
 * ranges the tables' order allows. */
static void
find_markers(tb_doc *d, marks_at *g)
{
    int n = d->ntok, t2, t3, t4, t5, t3note, t3app, t3new, from;

    /* t3 first: its markers are the most specific */
    t3note = find_marker(d, 0, n, MK_T3NOTE, 0);
    t3app = find_marker(d, 0, n, MK_T3APP, 30);
    t3new = find_marker(d, 0, n, MK_T3NEW, 0);
    t3 = rg_min_pos(rg_min_pos(t3note, t3app), t3new);
    t2 = rg_min_pos(find_marker(d, 0, t3 >= 0 ? t3 : n, MK_T2ITEM, 0),
                    find_marker(d, 0, t3 >= 0 ? t3 : n, MK_T2TITLE, 60));
    if (t2 < 0)
        t2 = find_marker(d, 0, t3 >= 0 ? t3 : n, MK_T2ART, 0);
    t4 = find_marker(d, t3 >= 0 ? t3 : (t2 >= 0 ? t2 : 0), n, MK_T4, 0);
    from = t4 >= 0 ? t4 : t3 >= 0 ? t3 : t2 >= 0 ? t2 : 0;
    t5 = rg_min_pos(find_marker(d, from, n, MK_T5PROBLEM, 90),
                    find_marker(d, from, n, MK_T5FIX, 90));
    t5 = rg_min_pos(t5, find_marker(d, from, n, MK_T5OTHER, 90));
    *g = (marks_at){t2, t3, t4, t5 < 0 ? n : t5};
}

/* The ends of the regions: t2's, t3's (before a bare row ends it sooner)
 * and t4's; -1 for an absent table. */
static void
region_ends(const tb_doc *d, const marks_at *g, int *e2, int *e3, int *e4)
{
    *e2 = g->t2 < 0 ? -1 : g->t3 >= 0 ? g->t3 : g->t4 >= 0 ? g->t4 : g->t5;
    *e3 = g->t3 < 0 ? -1 : g->t4 >= 0 ? g->t4 : g->t5;
    *e4 = g->t4 < 0 ? -1 : g->t5 > g->t4 ? g->t5 : d->ntok;
}

/* The tables, from their markers. */
static int
read_tables(tb_doc *d, const marks_at *g)
{
    int n = d->ntok, t2, t3, t4, t5, e2, e3, e4;

    if (!d->scratch && !(d->scratch = calloc(1, sizeof *d->scratch)))
        return -1;
    region_ends(d, g, &e2, &e3, &e4);
    t2 = g->t2, t3 = g->t3, t4 = g->t4, t5 = g->t5;
    if (t2 >= 0)
        recognize_t2(d, t2, e2);
    else
        d->status[0] = NB_TS_ABSENT;
    if (t3 >= 0) {
        int end = e3, inferred = 0;
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
            d->status[2] = NB_TS_ABSENT;
    } else {
        d->status[1] = NB_TS_ABSENT;
        if (t4 >= 0)
            recognize_t4(d, t4, e4, 0);
        else
            d->status[2] = NB_TS_ABSENT;
    }
    return d->nomem ? -1 : 0;
}

int
tb_recognize(tb_doc *d)
{
    marks_at g;

    find_markers(d, &g);
    return read_tables(d, &g);
}

/* The line (1-based) of token t, or the number of lines past the last
 * token. */
static int
line_of(const tb_doc *d, int t)
{
    return t < d->ntok ? d->tok[t].line : d->nlines;
}

/*
 * The lines [*l0, *l1) (0-based) that hold the regions' tokens, *l0 ==
 * *l1 when there is no region.  The tables read the tokens of their
 * regions and the lines between them (t4's rule row), nothing before the
 * first region's first line, nothing after the line of the last region's
 * end (its whole line is taken: its tokens before the end are the
 * region's).  A bare row that ends t3 early only shrinks t3 and begins
 * t4 inside it.
 */
static void
region_lines(const tb_doc *d, const marks_at *g, int *l0, int *l1)
{
    int e2, e3, e4, first = -1, last = -1;

    region_ends(d, g, &e2, &e3, &e4);
    first = rg_min_pos(rg_min_pos(g->t2, g->t3), g->t4);
    last = e2 > e3 ? e2 : e3;
    last = e4 > last ? e4 : last;
    if (first < 0) {
        *l0 = *l1 = 0;
        return;
    }
    *l0 = d->tok[first].line - 1;
    *l1 = line_of(d, last);
}

/* A token's place while the tokens are made again: its line (0-based)
 * and its rank there; line -1 for none (-1), -2 for the end (n). */
typedef struct place {
    int line, k;
} place;

static place
place_of(const tb_doc *d, int t)
{
    if (t < 0)
        return (place){-1, 0};
    if (t >= d->ntok)
        return (place){-2, 0};
    return (place){d->tok[t].line - 1, t - d->lines[d->tok[t].line - 1].ntok0};
}

/* The token at p among the tokens of lines [l0, l1), the end when its line
 * is not among them. */
static int
token_at(const tb_doc *d, place p, int l0, int l1)
{
    if (p.line == -1)
        return -1;
    if (p.line < l0 || p.line >= l1)
        return d->ntok;
    return d->lines[p.line].ntok0 + p.k;
}

/* Set the first pass's tokens aside (d->tok_aside), and begin d->tok
 * again; their keys stay in d->keys. */
static void
set_aside(tb_doc *d)
{
    tb_tok *t = d->tok;
    int cap = d->tok_cap;

    d->tok = d->tok_aside;
    d->tok_cap = d->aside_cap;
    d->tok_aside = t;
    d->aside_cap = cap;
    d->ntok = 0;
}

/* The tokens of lines [l0, l1), in order: a line the first pass
 * tokenized (mark_bits set) is taken from d->tok_aside as it is, keys and
 * all; runs of the others are tokenized. */
static int
region_tokens(tb_doc *d, int l0, int l1)
{
    for (int i = l0, j; i < l1; i = j) {
        tb_line *L = &d->lines[i];

        if (L->mark_bits) {
            int from = L->ntok0;
            L->ntok0 = d->ntok;
            if (tb_append_tokens(d, d->tok_aside + from, L->ntok) < 0)
                return -1;
            j = i + 1;
            continue;
        }
        for (j = i + 1; j < l1 && !d->lines[j].mark_bits; j++)
            ;
        if (tb_tokenize_lines(d, i, j) < 0)
            return -1;
    }
    return 0;
}

/*
 * tb_recognize of the document after tb_lines, tokenizing only what the
 * tables read.  The markers are label tokens, and a line whose mark_bits
 * lack a marker holds none (tb_scan_lines): so a first pass tokenizes only
 * the lines that may hold one and finds the markers among them (the same
 * tokens as among all lines, since the lines left out hold none and every
 * search's range begins and ends at a marker or an end), and so the lines
 * of the regions.  The second takes those lines alone (a line's tokens
 * are the same whatever else is tokenized: the first pass's are reused,
 * the others made) and reads the tables there, from the markers found
 * first: every table sees the same tokens in the same order as over the
 * whole document (nothing before the first region and nothing after the
 * last region's end is read), so the cells are the same.
 */
int
tb_recognize_lines(tb_doc *d)
{
    marks_at g;
    place p2, p3, p4, p5;
    int l0, l1;

    d->ntok = 0;
    tb_scan_lines(d);
    for (int i = 0; i < d->nlines; i++) {
        tb_line *L = &d->lines[i];
        if (L->mark_bits) {
            if (tb_tokenize_lines(d, i, i + 1) < 0)
                return -1;
        } else {
            L->ntok0 = d->ntok;
            L->ntok = 0;
        }
    }
    find_markers(d, &g);
    if (d->nomem)
        return -1;
    region_lines(d, &g, &l0, &l1);
    p2 = place_of(d, g.t2), p3 = place_of(d, g.t3), p4 = place_of(d, g.t4), p5 = place_of(d, g.t5);
    set_aside(d);
    for (int i = 0; i < l0; i++)
        d->lines[i].ntok0 = d->lines[i].ntok = 0;
    if (region_tokens(d, l0, l1) < 0)
        return -1;
    for (int i = l1; i < d->nlines; i++) {
        d->lines[i].ntok0 = d->ntok;
        d->lines[i].ntok = 0;
    }
    g = (marks_at){token_at(d, p2, l0, l1), token_at(d, p3, l0, l1), token_at(d, p4, l0, l1),
                   token_at(d, p5, l0, l1)};
    return read_tables(d, &g);
}

/* Whether two documents' tables came out the same: every cell (state,
 * value, flags, provenance), status, format and warning. */
int
tb_same_tables(const tb_doc *a, const tb_doc *b)
{
    for (int i = 0; i < TB_MAX_METRICS; i++) {
        const tb_cell *x = &a->cells[i], *y = &b->cells[i];
        if (x->state != y->state ||
            (x->state >= 0 && (x->unit != y->unit || x->flags != y->flags || x->micro != y->micro ||
                               x->line != y->line || x->field != y->field)))
            return 0;
    }
    if (memcmp(a->status, b->status, sizeof a->status) ||
        memcmp(a->format, b->format, sizeof a->format) ||
        memcmp(a->subfmt, b->subfmt, sizeof a->subfmt) || a->nwarn != b->nwarn)
        return 0;
    for (int i = 0; i < a->nwarn; i++)
        if (strcmp(a->warn[i], b->warn[i]))
            return 0;
    return 1;
}
