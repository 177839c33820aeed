/*
 * html.c - HTML to text.  libxml2 parses (it recovers from the broken
 * markup of scraped pages and decodes entities); this file only walks the
 * tree and decides where lines and cells end.  What a page says about
 * itself (its charset, its evidence) is html_meta.c's.
 */
#include "html_private.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stream.h"

/* Rows and columns past these are hostile, not tables. */
#define MAX_SPAN 1000
#define MAX_COLS 4096
/* The text may be at most GROWTH times the page plus GROWTH_SLACK bytes:
 * spans fill cells, and a page of rowspan x colspan could otherwise
 * write thousands of times its size. */
#define GROWTH   8
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define GROWTH_SLACK (1u << 20)
#else
/* the same bound, met 256 times sooner: a fuzzer's 4 KB page would
 * otherwise write a megabyte of empty cells on every run */
#define GROWTH_SLACK (1u << 12)
#endif

typedef struct walker {
    nb_buf *out;
    nb_buf line;  /* the pending inline text of the current block */
    size_t limit; /* of out->n */
    size_t built; /* bytes of table rows built, written or not */
    size_t most;  /* of built: an empty row is work too */
    int depth;
    int failed;    /* out of memory */
    int overgrown; /* the text would pass limit */
} walker;

static int
is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",      "div",     "h1",         "h2",    "h3",         "h4",       "h5",      "h6",
        "li",     "ul",      "ol",         "dl",    "dt",         "dd",       "section", "article",
        "header", "footer",  "nav",        "aside", "blockquote", "pre",      "hr",      "form",
        "center", "address", "table",      "tr",    "tbody",      "thead",    "tfoot",   "caption",
        "main",   "figure",  "figcaption", "body",  "html",       "fieldset", "title",   NULL,
    };
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    for (int i = 0; blocks[i]; i++)
        if ((n->name[0] | 0x20) == blocks[i][0] && !strcasecmp((const char *)n->name, blocks[i]))
            return 1;
    return 0;
}

static int
is_dropped(const xmlNode *n)
{
    return name_is(n, "script") || name_is(n, "style") || name_is(n, "noscript") ||
           name_is(n, "template") || name_is(n, "head");
}

/* Append text with HTML white space collapsed: runs of space, tab, CR, LF
 * and NBSP become one space; no space at the start of a line. */
static void
add_text(walker *w, nb_buf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    while (*u) {
        int space = 0;

        if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r' || *u == '\f')
            space = 1, u++;
        else if (u[0] == 0xC2 && u[1] == 0xA0)
            space = 1, u += 2;
        if (space) {
            if (b->n > 0 && b->p[b->n - 1] != ' ' && b->p[b->n - 1] != '\t' &&
                nb_buf_addc(b, ' ') < 0)
                w->failed = 1;
            continue;
        }
        if (nb_buf_addc(b, *u++) < 0)
            w->failed = 1;
    }
}

static void
trim_tail(nb_buf *b, size_t from)
{
    while (b->n > from && b->p[b->n - 1] == ' ')
        b->n--;
}

/* Append a line of text to the output, within its limit. */
static void
put_line(walker *w, const nb_buf *b)
{
    if (w->out->n + b->n + 1 > w->limit) {
        w->overgrown = 1;
        return;
    }
    if (nb_buf_add(w->out, b->p, b->n) < 0 || nb_buf_addc(w->out, '\n') < 0)
        w->failed = 1;
}

static void
flush_line(walker *w)
{
    trim_tail(&w->line, 0);
    if (w->line.n > 0)
        put_line(w, &w->line);
    w->line.n = 0;
}

/* Whether n parts the text of a cell: a <br>, a block, a cell. */
static int
breaks(const xmlNode *n)
{
    return name_is(n, "br") || is_block(n) || name_is(n, "td") || name_is(n, "th");
}

/*
 * The text of n and all below it as one run, for elements past MAX_DEPTH:
 * what cell_text makes of it (blocks, cells and <br> as spaces, script and
 * style dropped), in a loop over the tree instead of recursion (libxml2
 * keeps any depth).  The content of the subtree in one piece would glue
 * the cells of a table: "1" and "2" read as 12.
 */
static void
flat_text(walker *w, nb_buf *b, const xmlNode *n)
{
    const xmlNode *c = n->children;

    add_text(w, b, " ");
    while (c) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            add_text(w, b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !is_dropped(c)) {
            if (breaks(c))
                add_text(w, b, " ");
            if (c->children) {
                c = c->children;
                continue;
            }
        }
        /* c is done: on to the next, leaving the elements it ends */
        while (c != n && !c->next) {
            c = c->parent;
            if (c != n && breaks(c))
                add_text(w, b, " ");
        }
        if (c == n)
            break;
        c = c->next;
    }
    add_text(w, b, " ");
}

/* The text of a cell, with blocks and <br> as spaces. */
static void
cell_text(walker *w, nb_buf *b, const xmlNode *n)
{
    if (w->depth >= MAX_DEPTH) {
        flat_text(w, b, n);
        return;
    }
    w->depth++;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            add_text(w, b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !is_dropped(c)) {
            if (breaks(c))
                add_text(w, b, " ");
            cell_text(w, b, c);
            if (breaks(c))
                add_text(w, b, " ");
        }
    }
    w->depth--;
}

static int
span_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    long k = 1;

    if (v) {
        k = strtol((const char *)v, NULL, 10);
        xmlFree(v);
    }
    if (k < 1)
        k = 1;
    if (k > MAX_SPAN)
        k = MAX_SPAN;
    return (int)k;
}

/* Whether a table lies under n, within depth levels. */
static int
has_table(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth > 0; c = c->next) {
        if (name_is(c, "table") || (c->type == XML_ELEMENT_NODE && has_table(c, depth - 1)))
            return 1;
    }
    return 0;
}

static void walk(walker *w, const xmlNode *n);

/* Collect the rows of a table (skipping nested tables' rows). */
static void
collect_rows(const xmlNode *n, const xmlNode ***rows, size_t *nrows, size_t *cap, walker *w)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (name_is(c, "tr")) {
            if (*nrows == *cap) {
                size_t nc = *cap ? *cap * 2 : 32;
                const xmlNode **r = realloc(*rows, nc * sizeof *r);
                if (!r) {
                    w->failed = 1;
                    return;
                }
                *rows = r;
                *cap = nc;
            }
            (*rows)[(*nrows)++] = c;
        } else if (name_is(c, "thead") || name_is(c, "tbody") || name_is(c, "tfoot")) {
            collect_rows(c, rows, nrows, cap, w);
        }
    }
}

/* A table's rowspans: p[col] counts the rows that a rowspan from above
 * still covers at col, for col < n (past n, none); grown as rowspans
 * reach further, since most tables have none and a page has many. */
typedef struct spans {
    int *p;
    int n;
} spans;

/* Sets s->p[col] to k, growing s; 0 or -1 (out of memory). */
static int
spans_set(spans *s, int col, int k)
{
    if (col >= s->n) {
        int n = s->n ? s->n : 16;
        int *p;

        while (n <= col)
            n *= 2;
        if (n > MAX_COLS)
            n = MAX_COLS;
        p = realloc(s->p, (size_t)n * sizeof *p);
        if (!p)
            return -1;
        memset(p + s->n, 0, (size_t)(n - s->n) * sizeof *p);
        s->p = p;
        s->n = n;
    }
    s->p[col] = k;
    return 0;
}

/* Empty cells for the rowspans from above that cover col and the columns
 * after it; *col is moved past them. */
static void
pending_cells(walker *w, nb_buf *row, spans *pending, int *col)
{
    while (*col < pending->n && pending->p[*col] > 0) {
        pending->p[*col]--;
        if (*col > 0 && nb_buf_addc(row, '\t') < 0)
            w->failed = 1;
        (*col)++;
    }
}

/* Cell c's text appended to row, trimmed, its TABs as spaces. */
static void
put_cell(walker *w, nb_buf *row, const xmlNode *c)
{
    size_t start = row->n;

    cell_text(w, row, c);
    trim_tail(row, start);
    if (row->n > start && row->p[start] == ' ') {
        memmove(row->p + start, row->p + start + 1, row->n - start - 1);
        row->n--;
    }
    for (size_t k = start; k < row->n; k++)
        if (row->p[k] == '\t')
            row->p[k] = ' ';
}

/* One row tr of a table as a line in row, written unless every cell is
 * empty (it carries no information).  pending and width as walk_table's. */
static void
table_row(walker *w, const xmlNode *tr, spans *pending, int *width, nb_buf *row)
{
    int col = 0;

    row->n = 0;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        int cs, rs;

        if (!name_is(c, "td") && !name_is(c, "th"))
            continue;
        pending_cells(w, row, pending, &col);
        if (col >= MAX_COLS)
            break;
        if (col > 0 && nb_buf_addc(row, '\t') < 0)
            w->failed = 1;
        put_cell(w, row, c);
        cs = span_attr(c, "colspan");
        rs = span_attr(c, "rowspan");
        for (int k = 0; k < cs && col < MAX_COLS; k++, col++) {
            if (k > 0 && nb_buf_addc(row, '\t') < 0)
                w->failed = 1;
            if (rs > 1 && spans_set(pending, col, rs - 1) < 0)
                w->failed = 1;
            else if (rs > 1)
                *width = col + 1 > *width ? col + 1 : *width;
        }
    }
    pending_cells(w, row, pending, &col); /* rowspans from above at the end */
    for (int k = col; k < *width; k++)
        if (pending->p[k] > 0)
            pending->p[k]--;
    /* rows of empty spans are never written, so the text's limit would
     * not stop them: a page of <tr> under a wide rowspan is all work */
    w->built += row->n + 1;
    if (w->built > w->most) {
        w->overgrown = 1;
        return;
    }
    for (size_t k = 0; k < row->n; k++)
        if (row->p[k] != '\t' && row->p[k] != ' ') {
            put_line(w, row);
            return;
        }
}

/* Whether a cell of row tr holds a table: a layout table's row. */
static int
layout_row(const walker *w, const xmlNode *tr)
{
    for (const xmlNode *c = tr->children; c; c = c->next)
        if ((name_is(c, "td") || name_is(c, "th")) && has_table(c, MAX_DEPTH - w->depth))
            return 1;
    return 0;
}

/*
 * A table: one line per row.  The positions that a rowspan from above
 * still covers (pending) become empty cells; width is one past the last
 * col a rowspan has covered.
 * A row whose cells hold tables (layout tables) is walked as blocks.
 */
static void
walk_table(walker *w, const xmlNode *table)
{
    const xmlNode **rows = NULL;
    size_t nrows = 0, cap = 0;
    spans pending = {0};
    nb_buf row = {0};
    int width = 0;

    flush_line(w);
    for (const xmlNode *c = table->children; c; c = c->next)
        if (name_is(c, "caption")) {
            cell_text(w, &w->line, c);
            flush_line(w);
        }
    collect_rows(table, &rows, &nrows, &cap, w);
    for (size_t r = 0; r < nrows && !w->failed && !w->overgrown; r++) {
        if (layout_row(w, rows[r])) {
            for (const xmlNode *c = rows[r]->children; c; c = c->next)
                walk(w, c);
            flush_line(w);
        } else {
            table_row(w, rows[r], &pending, &width, &row);
        }
    }
    free(rows);
    free(pending.p);
    nb_buf_fini(&row);
}

static void
walk(walker *w, const xmlNode *n)
{
    if (w->failed || w->overgrown)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        add_text(w, &w->line, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE &&
        n->type != XML_HTML_DOCUMENT_NODE)
        return;
    if (n->type == XML_ELEMENT_NODE && is_dropped(n))
        return;
    if (n->type == XML_ELEMENT_NODE && w->depth >= MAX_DEPTH) {
        flat_text(w, &w->line, n);
        return;
    }
    if (name_is(n, "table")) {
        w->depth++;
        walk_table(w, n);
        w->depth--;
        return;
    }
    if (name_is(n, "br")) {
        flush_line(w);
        return;
    }
    if (name_is(n, "td") || name_is(n, "th")) {
        /* a cell outside a table row: keep it a separate field */
        add_text(w, &w->line, " ");
    }
    if (is_block(n))
        flush_line(w);
    w->depth++;
    for (const xmlNode *c = n->children; c && !w->overgrown; c = c->next)
        walk(w, c);
    w->depth--;
    if (is_block(n))
        flush_line(w);
}

int
nb_html_to_text(const char *in, size_t n, nb_buf *out, nb_error *err)
{
    return nb_html_read(in, n, out, NULL, err);
}

int
nb_html_read(const char *in, size_t n, nb_buf *out, json_t *meta, nb_error *err)
{
    walker w = {.out = out};
    htmlDocPtr doc;

    w.most = n * GROWTH + GROWTH_SLACK;
    w.limit = out->n + w.most;
    if (n > INT_MAX)
        return nb_fail(err, NB_E_HTML, "HTML larger than 2 GiB");
    while (n > 0 && (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n' || *in == '\f')) {
        in++;
        n--;
    }
    if (n == 0)
        return 0; /* libxml2 gives no document for no bytes: an empty page is no text */
    doc = htmlReadMemory(in, (int)n, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    if (!doc)
        return nb_fail(err, NB_E_HTML, "libxml2 could not parse the HTML");
    if (meta && nb_html_meta(meta, doc) < 0)
        w.failed = 1;
    walk(&w, (const xmlNode *)doc);
    flush_line(&w);
    xmlFreeDoc(doc);
    nb_buf_fini(&w.line);
    if (w.failed)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (w.overgrown)
        return nb_fail(err, NB_E_HTML,
                       "its text would be more than %d times the page (rowspan and colspan): "
                       "not read",
                       GROWTH);
    return 0;
}
