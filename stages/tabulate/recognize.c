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
#include "recog.h"

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
    return 0;
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

int
tb_recognize(tb_doc *d)
{
    int n = d->ntok, t2, t3, t4, t5, t3note, t3app, t3new;

    if (!d->scratch && !(d->scratch = calloc(1, sizeof *d->scratch)))
        return -1;
    /* t3 first: its markers are the most specific */
    t3note = rg_find_label(d, 0, n, marker[MK_T3NOTE], 0);
    t3app = rg_find_label(d, 0, n, marker[MK_T3APP], 30);
    t3new = rg_find_label(d, 0, n, marker[MK_T3NEW], 0);
    t3 = rg_min_pos(rg_min_pos(t3note, t3app), t3new);
    t2 = rg_min_pos(rg_find_label(d, 0, t3 >= 0 ? t3 : n, marker[MK_T2ITEM], 0),
                    rg_find_label(d, 0, t3 >= 0 ? t3 : n, marker[MK_T2TITLE], 60));
    if (t2 < 0)
        t2 = rg_find_label(d, 0, t3 >= 0 ? t3 : n, marker[MK_T2ART], 0);
    t4 = rg_find_label(d, t3 >= 0 ? t3 : (t2 >= 0 ? t2 : 0), n, marker[MK_T4], 0);
    t5 = -1;
    {
        int from = t4 >= 0 ? t4 : t3 >= 0 ? t3 : t2 >= 0 ? t2 : 0;
        t5 = rg_min_pos(rg_find_label(d, from, n, marker[MK_T5PROBLEM], 90),
                        rg_find_label(d, from, n, marker[MK_T5FIX], 90));
        t5 = rg_min_pos(t5, rg_find_label(d, from, n, marker[MK_T5OTHER], 90));
    }
    if (t5 < 0)
        t5 = n;
    if (t2 >= 0)
        recognize_t2(d, t2, t3 >= 0 ? t3 : t4 >= 0 ? t4 : t5);
    else
        d->status[0] = NB_TS_ABSENT;
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
            d->status[2] = NB_TS_ABSENT;
    } else {
        d->status[1] = NB_TS_ABSENT;
        if (t4 >= 0)
            recognize_t4(d, t4, t5 > t4 ? t5 : n, 0);
        else
            d->status[2] = NB_TS_ABSENT;
    }
    return d->nomem ? -1 : 0;
}
