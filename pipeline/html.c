/*
 * html.c - HTML to text.  libxml2 parses (it recovers from the broken
 * markup of scraped pages and decodes entities); this file only walks the
 * tree and decides where lines and cells end.
 */
#include "html.h"

#include <ctype.h>
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
/* A meta value longer than this is not a title or a code: cut. */
#define MAX_META 1024

/* Elements nested deeper than this are read as flat text (their text is
 * kept, their lines and cells are not): the walk recurses, and libxml2
 * with HTML_PARSE_HUGE keeps any depth (without it, it dropped everything
 * past depth 256: 400 unclosed <font> tags lost all but 255 lines). */
#define MAX_DEPTH 1000

/* The text may be at most GROWTH times the page plus GROWTH_SLACK bytes:
 * spans fill cells, and a page of rowspan x colspan could otherwise
 * write thousands of times its size. */
#define GROWTH       8
#define GROWTH_SLACK (1u << 20)

typedef struct walker {
    nb_buf *out;
    nb_buf line;  /* the pending inline text of the current block */
    size_t limit; /* of out->n */
    int depth;
    int failed;    /* out of memory */
    int overgrown; /* the text would pass limit */
} walker;

static int
name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

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
        if (!strcasecmp((const char *)n->name, blocks[i]))
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

/* The text of n and all below it as one run (libxml2 walks it without
 * recursion): for elements past MAX_DEPTH. */
static void
flat_text(walker *w, nb_buf *b, const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);

    if (t) {
        add_text(w, b, " ");
        add_text(w, b, (const char *)t);
        add_text(w, b, " ");
        xmlFree(t);
    }
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
            if (name_is(c, "br") || is_block(c) || name_is(c, "td") || name_is(c, "th"))
                add_text(w, b, " ");
            cell_text(w, b, c);
            if (is_block(c) || name_is(c, "td") || name_is(c, "th"))
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

/*
 * A table: one line per row.  pending[col] counts the rows that a rowspan
 * from above still covers at col; those positions become empty cells.
 * A row whose cells hold tables (layout tables) is walked as blocks.
 */
static void
walk_table(walker *w, const xmlNode *table)
{
    const xmlNode **rows = NULL;
    size_t nrows = 0, cap = 0;
    int *pending = calloc(MAX_COLS, sizeof *pending);
    nb_buf row = {0};

    if (!pending) {
        w->failed = 1;
        return;
    }
    flush_line(w);
    for (const xmlNode *c = table->children; c; c = c->next)
        if (name_is(c, "caption")) {
            cell_text(w, &w->line, c);
            flush_line(w);
        }
    collect_rows(table, &rows, &nrows, &cap, w);
    for (size_t r = 0; r < nrows; r++) {
        int col = 0, layout = 0;

        for (const xmlNode *c = rows[r]->children; c; c = c->next)
            if ((name_is(c, "td") || name_is(c, "th")) && has_table(c, MAX_DEPTH - w->depth))
                layout = 1;
        if (layout) {
            for (const xmlNode *c = rows[r]->children; c; c = c->next)
                walk(w, c);
            flush_line(w);
            continue;
        }
        row.n = 0;
        for (const xmlNode *c = rows[r]->children; c; c = c->next) {
            int cs, rs;

            if (!name_is(c, "td") && !name_is(c, "th"))
                continue;
            while (col < MAX_COLS && pending[col] > 0) {
                pending[col]--;
                if (col > 0 && nb_buf_addc(&row, '\t') < 0)
                    w->failed = 1;
                col++;
            }
            if (col >= MAX_COLS)
                break;
            if (col > 0 && nb_buf_addc(&row, '\t') < 0)
                w->failed = 1;
            {
                size_t start = row.n;
                cell_text(w, &row, c);
                /* trim the cell */
                trim_tail(&row, start);
                if (row.n > start && row.p[start] == ' ') {
                    memmove(row.p + start, row.p + start + 1, row.n - start - 1);
                    row.n--;
                }
                for (size_t k = start; k < row.n; k++)
                    if (row.p[k] == '\t')
                        row.p[k] = ' ';
            }
            cs = span_attr(c, "colspan");
            rs = span_attr(c, "rowspan");
            for (int k = 0; k < cs && col < MAX_COLS; k++, col++) {
                if (k > 0 && nb_buf_addc(&row, '\t') < 0)
                    w->failed = 1;
                if (rs > 1)
                    pending[col] = rs - 1;
            }
        }
        /* rowspans from above at the end of this row */
        while (col < MAX_COLS && pending[col] > 0) {
            pending[col]--;
            if (col > 0 && nb_buf_addc(&row, '\t') < 0)
                w->failed = 1;
            col++;
        }
        for (int k = col; k < MAX_COLS; k++)
            if (pending[k] > 0)
                pending[k]--;
        /* a row of nothing but empty cells carries no information */
        {
            int content = 0;
            for (size_t k = 0; k < row.n; k++)
                if (row.p[k] != '\t' && row.p[k] != ' ')
                    content = 1;
            if (content)
                put_line(w, &row);
        }
    }
    free(rows);
    free(pending);
    nb_buf_fini(&row);
}

static void
walk(walker *w, const xmlNode *n)
{
    if (w->failed)
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
nb_html_sniff(const char *s, size_t n)
{
    static const char *const tags[] = {
        "!doctype html", "html", "head", "body", "meta", "table", "p>",     "p ", "div",
        "title",         "!--",  "span", "h1",   "h2",   "font",  "center", NULL};
    size_t i = 0;

    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '<')
        return 0;
    i++;
    for (int k = 0; tags[k]; k++) {
        size_t len = strlen(tags[k]);
        if (i + len <= n && !strncasecmp(s + i, tags[k], len))
            return 1;
    }
    return 0;
}

int
nb_html_charset(const char *s, size_t n, char *name, size_t size)
{
    size_t lim = n < 4096 ? n : 4096;

    for (size_t i = 0; i + 8 < lim; i++) {
        size_t k, j = 0;

        if (strncasecmp(s + i, "charset", 7))
            continue;
        k = i + 7;
        while (k < lim && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k >= lim || s[k] != '=')
            continue;
        k++;
        while (k < lim && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
            k++;
        while (k < lim && j + 1 < size &&
               (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_'))
            name[j++] = s[k++];
        name[j] = '\0';
        if (j > 0)
            return 1;
    }
    return 0;
}

/* The <meta name=…> keys kept as evidence (DESIGN 2.1), as sites spell them. */
static const char *const meta_names[] = {"SiteName",      "SiteDomain", "SiteIDCode",
                                         "ArticleTitle",  "ColumnName", "PubDate",
                                         "ContentSource", NULL};

/* Set meta[key] to s trimmed, white space runs as one space, at most
 * MAX_META bytes cut at a character; the first value found wins and an
 * empty one is no value.  Returns 0, or -1 when out of memory. */
static int
meta_set(json_t *meta, const char *key, const char *s)
{
    char buf[MAX_META + 1];
    size_t o = 0;
    int space = 0;

    if (!s || json_object_get(meta, key))
        return 0;
    for (; *s && o < MAX_META; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
            space = o > 0;
            continue;
        }
        if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* NBSP */
            s++;
            space = o > 0;
            continue;
        }
        if (space && o + 1 < MAX_META)
            buf[o++] = ' ';
        space = 0;
        buf[o++] = (char)c;
    }
    if (((unsigned char)*s & 0xC0) == 0x80) {
        /* the limit cut a character: drop its first bytes */
        while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0)
            o--;
    }
    if (o == 0)
        return 0;
    return json_object_set_new(meta, key, nb_json_string_lossless(buf, o));
}

/* The URL of a "<!-- saved from url=(0053)http://… -->" comment. */
static int
meta_saved_from(json_t *meta, const char *c)
{
    const char *p = c ? strstr(c, "saved from url=") : NULL;
    char url[MAX_META + 1];
    size_t n = 0;

    if (!p)
        return 0;
    p += strlen("saved from url=");
    if (*p == '(') {
        const char *e = strchr(p, ')');
        if (!e)
            return 0;
        p = e + 1;
    }
    while (p[n] && !isspace((unsigned char)p[n]) && n < MAX_META)
        n++;
    memcpy(url, p, n);
    url[n] = '\0';
    return strncasecmp(url, "http", 4) ? 0 : meta_set(meta, "url", url);
}

static int
meta_attr(json_t *meta, const char *key, const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int rc = meta_set(meta, key, (const char *)v);
    xmlFree(v);
    return rc;
}

/* The element n's own evidence: <title>, <meta name|property>, <link rel=canonical>. */
static int
meta_element(json_t *meta, const xmlNode *n)
{
    int rc = 0;

    if (name_is(n, "title")) {
        xmlChar *t = xmlNodeGetContent(n);
        rc = meta_set(meta, "title", (const char *)t);
        xmlFree(t);
    } else if (name_is(n, "meta")) {
        xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
        xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
        for (int k = 0; name && meta_names[k]; k++)
            if (!strcasecmp((const char *)name, meta_names[k]))
                rc = meta_attr(meta, meta_names[k], n, "content");
        if (prop && !strcasecmp((const char *)prop, "og:url"))
            rc = meta_attr(meta, "url.og", n, "content");
        xmlFree(name);
        xmlFree(prop);
    } else if (name_is(n, "link")) {
        xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
        if (rel && !strcasecmp((const char *)rel, "canonical"))
            rc = meta_attr(meta, "url.canonical", n, "href");
        xmlFree(rel);
    }
    return rc;
}

/* Walk the tree for the page's evidence about itself (DESIGN 2.1 meta),
 * to MAX_DEPTH levels. */
static int
collect_meta(json_t *meta, const xmlNode *n, int depth)
{
    int rc = 0;

    for (; n && !rc; n = n->next) {
        if (n->type == XML_COMMENT_NODE)
            rc = meta_saved_from(meta, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE) {
            rc = meta_element(meta, n);
            /* a page's evidence sits near the top: deeper is not looked at,
             * so a hostile nesting cannot exhaust the stack */
            if (!rc && depth < MAX_DEPTH && !name_is(n, "script") && !name_is(n, "style"))
                rc = collect_meta(meta, n->children, depth + 1);
        }
    }
    return rc;
}

/* One url: the saved-from comment (what the crawler fetched), else the
 * canonical link, else og:url. */
static int
meta_url(json_t *meta)
{
    static const char *const order[] = {"url.canonical", "url.og", NULL};
    int rc = 0;

    for (int k = 0; order[k]; k++) {
        json_t *v = json_object_get(meta, order[k]);
        if (v && !json_object_get(meta, "url"))
            rc |= json_object_set(meta, "url", v);
        json_object_del(meta, order[k]);
    }
    return rc;
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

    w.limit = out->n + n * GROWTH + GROWTH_SLACK;
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
    if (meta && (collect_meta(meta, doc->children, 0) < 0 || meta_url(meta) < 0))
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
