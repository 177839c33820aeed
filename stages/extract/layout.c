/*
 * layout.c - glyph boxes to lines and TAB-separated cells.
 *
 * The algorithm, on a page of table 三 as 003_huaian_city_2024.pdf prints
 * it (size 7.5 pt, baselines in pt):
 *
 *   469.0  一、本年新收政府信息公开申请数量      (x 76.8)
 *   471.3  3001  53  0  0  61  4  3119            (x 260 .. 500)
 *   540.5  （二）部分公开（区分处理的，只计这一情  (x 101)
 *   550.2  447  7  0  0  0  0  454
 *   555.5  形，不计其他情形）                      (x 101)
 *
 * 1. Rows: glyphs sorted by baseline; a glyph within 0.4 em of the
 *    previous one's baseline and 1 em of the row's first belongs to the
 *    row (the label and its numbers above, set in two fonts, are 2.3 pt
 *    apart: one row).
 * 2. Cells: a row's glyphs sorted by x; a gap wider than LAYOUT_CELL_GAP
 *    em starts a cell (TAB), a narrower one wider than LAYOUT_SPACE_GAP em
 *    is a space.  A glyph drawn twice at the same place (fake bold) once.
 * 3. Wrapped cells: a lone text cell, a row of numbers below it and a
 *    lone text cell at the same x below that, within 2.5 em, are one row
 *    label wrapped around its numbers: "（二）…情形，不计其他情形）" TAB 447
 *    TAB 7 ...  Likewise a lone continuation below a labelled row, a
 *    label's first line above its row, and a row of text cells each
 *    under a text cell of a row just above (a header over two lines).
 */
#include "layout_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WRAP_PITCH 2.5f /* ems between the lines of one wrapped cell, at most */
#define ALIGN      0.6f /* ems by which the lines of one cell may differ in x */
#define LABEL_MIN  4    /* glyphs in a wrapped label's first line, at least */

typedef struct cell {
    float x0, x1;
    nb_buf s;
    int glyphs, numeric;
} cell;

typedef struct row {
    float base, size, top, bottom;
    cell *c;
    int nc, cap, gone;
} row;

static int
is_numeric(int c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == '.' || c == ',' ||
           c == '-' || c == '%' || c == '+';
}

static int
put_utf8(nb_buf *b, int c)
{
    char u[4];

    return nb_buf_add(b, u, nb_utf8_encode(c, u));
}

static int
by_base(const void *a, const void *b)
{
    const nb_glyph *p = a, *q = b;

    if (p->base != q->base)
        return p->base < q->base ? -1 : 1;
    if (p->x0 != q->x0)
        return p->x0 < q->x0 ? -1 : 1;
    return (p->c > q->c) - (p->c < q->c);
}

static int
by_x(const void *a, const void *b)
{
    const nb_glyph *p = a, *q = b;

    if (p->x0 != q->x0)
        return p->x0 < q->x0 ? -1 : 1;
    return (p->c > q->c) - (p->c < q->c);
}

static void
free_rows(row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < r[i].nc; k++)
            nb_buf_fini(&r[i].c[k].s);
        free(r[i].c);
    }
    free(r);
}

static cell *
new_cell(row *r, const nb_glyph *g)
{
    cell *c;

    if (r->nc == r->cap) {
        int cap = r->cap ? 2 * r->cap : 8;
        cell *p = realloc(r->c, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        r->c = p;
        r->cap = cap;
    }
    c = &r->c[r->nc++];
    *c = (cell){.x0 = g->x0, .x1 = g->x1, .numeric = 1};
    return c;
}

/* Cut one row's glyphs g[0..n), sorted by x, into cells. */
static int
fill_row(row *r, const nb_glyph *g, size_t n)
{
    cell *c = NULL;
    const nb_glyph *prev = NULL;
    float end = 0;  /* where the cell's text ends, a single space included */
    int spaced = 0; /* a space glyph since the last glyph */

    for (size_t i = 0; i < n; i++) {
        const nb_glyph *q = &g[i];
        float em = prev ? fmaxf(prev->size, q->size) : q->size;
        float gap = prev ? q->x0 - end : 0;

        if (lo_is_space(q->c)) {
            /* one space between words is part of the text; a run of
             * spaces padding a column is not */
            if (prev && end == prev->x1 && q->x0 - prev->x1 < LAYOUT_CELL_GAP * em) {
                end = fmaxf(end, q->x1);
                spaced = 1;
            }
            continue;
        }
        if (prev && q->c == prev->c && fabsf(q->x0 - prev->x0) < 0.3f * em)
            continue; /* the same glyph drawn again: fake bold or a shadow */
        if (!c || gap > LAYOUT_CELL_GAP * em) {
            c = new_cell(r, q);
            if (!c)
                return -1;
        } else if ((spaced || gap > LAYOUT_SPACE_GAP * em) && nb_buf_addc(&c->s, ' ') < 0)
            return -1;
        spaced = 0;
        if (put_utf8(&c->s, q->c) < 0)
            return -1;
        c->glyphs++;
        c->numeric &= is_numeric(q->c);
        c->x1 = fmaxf(c->x1, q->x1);
        end = q->x1;
        r->top = fminf(r->top, q->y0);
        r->bottom = fmaxf(r->bottom, q->y1);
        prev = q;
    }
    return 0;
}

/* Group g[0..n) (sorted by baseline) into rows. */
static int
build_rows(nb_glyph *g, size_t n, row **out, size_t *nout)
{
    row *r = NULL;
    size_t nr = 0, cap = 0;

    for (size_t i = 0, j; i < n; i = j) {
        float em = g[i].size > 0.5f ? g[i].size : 0.5f;

        /* chained: a label and its numbers in another font sit a few
         * points apart, and a row may start with either */
        for (j = i + 1;
             j < n && g[j].base - g[j - 1].base <= 0.4f * em && g[j].base - g[i].base <= 1.0f * em;
             j++)
            ;
        if (nr == cap) {
            size_t c2 = cap ? 2 * cap : 64;
            row *p = realloc(r, c2 * sizeof *p);
            if (!p)
                goto fail;
            r = p;
            cap = c2;
        }
        r[nr] = (row){.base = g[i].base, .size = em, .top = g[i].y0, .bottom = g[i].y1};
        nr++;
        qsort(g + i, j - i, sizeof *g, by_x);
        if (fill_row(&r[nr - 1], g + i, j - i) < 0)
            goto fail;
    }
    *out = r;
    *nout = nr;
    return 0;
fail:
    free_rows(r, nr);
    return -1;
}

static int
aligned(const cell *a, const cell *b, float em)
{
    return fabsf(a->x0 - b->x0) <= ALIGN * em ||
           fabsf((a->x0 + a->x1) - (b->x0 + b->x1)) <= 2 * ALIGN * em;
}

static int
cjk_numeral(int c)
{
    return (c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
            c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 || c == 0x767E);
}

/* Whether a cell starts as a list item or a heading does: 第N, （N）, N、,
 * 1. or 1、 (N a Chinese numeral).  A label wraps mid-phrase, so such a
 * line begins a row of its own. */
static int
starts_item(const cell *c)
{
    size_t i = 0, n = c->s.n;
    int a = n ? lo_next_cp(c->s.p, n, &i) : 0, b = i < n ? lo_next_cp(c->s.p, n, &i) : 0;
    int k = 1;

    if (a == 0x7B2C) /* 第 */
        return cjk_numeral(b) || (b >= '0' && b <= '9');
    if (a == '(' || a == 0xFF08) {
        while (cjk_numeral(b) || (b >= '0' && b <= '9'))
            b = i < n ? lo_next_cp(c->s.p, n, &i) : 0, k++;
        return k > 1 && (b == ')' || b == 0xFF09);
    }
    if (cjk_numeral(a) || (a >= '0' && a <= '9')) {
        while (cjk_numeral(b) || (b >= '0' && b <= '9'))
            b = i < n ? lo_next_cp(c->s.p, n, &i) : 0;
        return b == 0x3001 || b == '.' || b == 0xFF0E; /* 、 . ． */
    }
    return 0;
}

/* Whether next can be the line after first in one wrapped cell: at the
 * same x (or centred alike), and first is full, as a line that wrapped is
 * (ends no more than half an em short of where next ends), and next
 * does not start as an item does.  The next table row's shorter label
 * right under a longer one is not a wrap. */
static int
wraps(const cell *first, const cell *next, float em)
{
    return aligned(first, next, em) && first->x1 >= next->x1 - 0.5f * em && !starts_item(next);
}

static int
row_overlaps(const row *r, float x0, float x1)
{
    for (int k = 0; k < r->nc; k++)
        if (r->c[k].x0 < x1 && r->c[k].x1 > x0)
            return 1;
    return 0;
}

/* Cell a takes in cell b's glyphs and box (b stays). */
static void
merge_box(cell *a, const cell *b)
{
    a->glyphs += b->glyphs;
    a->numeric &= b->numeric;
    a->x0 = fminf(a->x0, b->x0);
    a->x1 = fmaxf(a->x1, b->x1);
}

/* Append cell b's text to a (b stays). */
static int
join_cell(cell *a, const cell *b)
{
    if (nb_buf_add(&a->s, b->s.p, b->s.n) < 0)
        return -1;
    merge_box(a, b);
    return 0;
}

/* Put cell b's text before a's. */
static int
prepend_cell(cell *a, const cell *b)
{
    nb_buf t = {0};

    if (nb_buf_add(&t, b->s.p, b->s.n) < 0 || nb_buf_add(&t, a->s.p, a->s.n) < 0) {
        nb_buf_fini(&t);
        return -1;
    }
    nb_buf_fini(&a->s);
    a->s = t;
    merge_box(a, b);
    return 0;
}

static void
drop_row(row *r)
{
    for (int k = 0; k < r->nc; k++)
        nb_buf_fini(&r->c[k].s);
    r->nc = 0;
    r->gone = 1;
}

/* Index of the next row after i still present, or n. */
static size_t
next_row(const row *r, size_t n, size_t i)
{
    for (i++; i < n && r[i].gone; i++)
        ;
    return i;
}

static int
text_cell(const cell *c)
{
    return !c->numeric;
}

/* A row with a number in it: the rows a wrapped label belongs to. */
static int
has_number(const row *r)
{
    for (int k = 0; k < r->nc; k++)
        if (r->c[k].numeric)
            return 1;
    return 0;
}

/* A row of text cells each under a text cell of a row just above, with
 * nothing in their columns between: a header row wrapped over two lines.
 * Returns 1 when c was joined into a row above, 0 when not, -1 on ENOMEM. */
static int
join_header(row *r, size_t c)
{
    row *C = &r[c];

    if (C->nc < 2)
        return 0;
    for (int k = 0; k < C->nc; k++)
        if (!text_cell(&C->c[k]))
            return 0;
    for (size_t a = c; a-- > 0;) {
        row *A = &r[a];
        int match[64], all = C->nc <= 64;

        if (A->gone)
            continue;
        if (C->base - A->base > WRAP_PITCH * C->size)
            return 0;
        for (int k = 0; all && k < C->nc; k++) {
            match[k] = -1;
            for (int m = 0; m < A->nc && match[k] < 0; m++)
                if (text_cell(&A->c[m]) && wraps(&A->c[m], &C->c[k], C->size))
                    match[k] = m;
            all = match[k] >= 0 && (k == 0 || match[k] > match[k - 1]);
        }
        if (all) {
            for (int k = 0; k < C->nc; k++)
                if (join_cell(&A->c[match[k]], &C->c[k]) < 0)
                    return -1;
            drop_row(C);
            return 1;
        }
        for (int k = 0; k < C->nc; k++)
            if (row_overlaps(A, C->c[k].x0, C->c[k].x1))
                return 0;
    }
    return 0;
}

/* A row label wrapped over two lines, rows a and c (each with the label's
 * line first, at the same x), with its numbers on a's line, on c's line or
 * on the one row b between them.  Returns 1 when joined, 0, or -1. */
static int
join_label(row *r, size_t n, size_t a)
{
    size_t b = next_row(r, n, a), c;
    row *A = &r[a], *B, *C;

    if (b >= n || A->nc == 0 || !text_cell(&A->c[0]))
        return 0;
    B = &r[b];
    if (B->base - A->base > WRAP_PITCH * A->size || B->nc == 0)
        return 0;
    /* numbers on the first line: a lone continuation below */
    if (A->nc >= 2 && has_number(A) && B->nc == 1 && text_cell(&B->c[0]) &&
        wraps(&A->c[0], &B->c[0], A->size) &&
        B->c[0].x1 <= A->c[1].x0 - 0.5f * A->size) { /* inside the label's column */
        if (join_cell(&A->c[0], &B->c[0]) < 0)
            return -1;
        drop_row(B);
        return 1;
    }
    if (A->nc != 1 || A->c[0].glyphs < LABEL_MIN)
        return 0;
    /* numbers on the last line: the label's first line alone above */
    if (B->nc >= 2 && has_number(B) && text_cell(&B->c[0]) && wraps(&A->c[0], &B->c[0], A->size)) {
        if (prepend_cell(&B->c[0], &A->c[0]) < 0)
            return -1;
        drop_row(A);
        return 1;
    }
    /* numbers between the label's two lines */
    c = next_row(r, n, b);
    if (c >= n)
        return 0;
    C = &r[c];
    if (C->nc != 1 || !text_cell(&C->c[0]) || C->base - A->base > WRAP_PITCH * A->size ||
        !wraps(&A->c[0], &C->c[0], A->size) ||
        row_overlaps(B, A->c[0].x0, fmaxf(A->c[0].x1, C->c[0].x1)) || !has_number(B))
        return 0;
    if (join_cell(&A->c[0], &C->c[0]) < 0)
        return -1;
    drop_row(C);
    /* the joined label becomes b's first cell */
    if (B->nc == B->cap) {
        cell *p = realloc(B->c, (size_t)(B->cap + 1) * sizeof *p);
        if (!p)
            return -1;
        B->c = p;
        B->cap++;
    }
    memmove(B->c + 1, B->c, (size_t)B->nc * sizeof *B->c);
    B->c[0] = A->c[0];
    B->nc++;
    A->c[0] = (cell){0};
    A->nc = 0;
    A->gone = 1;
    return 1;
}

static int
join_rows(row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc;

        if (r[i].gone)
            continue;
        rc = join_label(r, n, i);
        if (rc < 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!r[i].gone && join_header(r, i) < 0)
            return -1;
    return 0;
}

static int
add_line(nb_layout *lo, const row *r, int page)
{
    nb_line *l;

    if (lo->n == lo->cap) {
        size_t cap = lo->cap ? 2 * lo->cap : 256;
        nb_line *p = realloc(lo->line, cap * sizeof *p);
        if (!p)
            return -1;
        lo->line = p;
        lo->cap = cap;
    }
    l = &lo->line[lo->n];
    *l = (nb_line){
        .off = lo->text.n, .top = r->top, .bottom = r->bottom, .page = page, .cells = r->nc};
    for (int k = 0; k < r->nc; k++)
        if ((k && nb_buf_addc(&lo->text, '\t') < 0) ||
            nb_buf_add(&lo->text, r->c[k].s.p, r->c[k].s.n) < 0)
            return -1;
    l->len = lo->text.n - l->off;
    lo->n++;
    return 0;
}

int
nb_layout_page(nb_layout *lo, nb_glyph *g, size_t n, int page)
{
    row *r = NULL;
    size_t nr = 0, k = 0;
    int rc = 0;

    for (size_t i = 0; i < n; i++)
        if (g[i].x1 >= g[i].x0 && g[i].size > 0)
            g[k++] = g[i];
    if (k == 0)
        return 0; /* a page of drawings and images only */
    qsort(g, k, sizeof *g, by_base);
    if (build_rows(g, k, &r, &nr) < 0)
        return -1;
    rc = join_rows(r, nr);
    for (size_t i = 0; rc == 0 && i < nr; i++)
        if (!r[i].gone && r[i].nc > 0)
            rc = add_line(lo, &r[i], page);
    free_rows(r, nr);
    return rc;
}

int
nb_layout_write(const nb_layout *lo, nb_buf *out)
{
    for (size_t i = 0; i < lo->n; i++) {
        const nb_line *l = &lo->line[i];

        if (l->dropped)
            continue;
        if (nb_buf_add(out, lo->text.p + l->off, l->len) < 0 || nb_buf_addc(out, '\n') < 0)
            return -1;
    }
    return 0;
}

void
nb_layout_fini(nb_layout *lo)
{
    nb_buf_fini(&lo->text);
    free(lo->line);
    *lo = (nb_layout){0};
}
