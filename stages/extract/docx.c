/*
 * docx.c - Word files to text.
 *
 * WordprocessingML as reports use it: w:body holds paragraphs (w:p) and
 * tables (w:tbl of w:tr of w:tc); text is in runs (w:r/w:t), with w:tab
 * and w:br inside.  Content controls (w:sdt), tracked insertions (w:ins)
 * and the like are walked through; deleted text (w:del), field codes
 * (w:instrText) and the fallback copy of alternate content (mc:Fallback,
 * a second rendering of the same text box) are skipped.  Elements are
 * matched by local name.  libxml2's own limits (depth 256, no network, no
 * entity substitution) stand against hostile XML.
 */
#include "docx.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#define BLOCK    (64u << 10)
#define MAX_SPAN 1000 /* gridSpan past this is hostile, not a table */

static int
is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int
is_zip(const char *p, size_t n)
{
    return n >= 4 && !memcmp(p, "PK\3\4", 4);
}

int
nb_docx_hint(const char *p, size_t n)
{
    return is_zip(p, n) &&
           (memmem(p, n, "[Content_Types].xml", 19) || memmem(p, n, "mimetype", 8) ||
            memmem(p, n, "_rels/.rels", 11) || memmem(p, n, "word/", 5));
}

static struct archive *
open_zip(const char *p, size_t n)
{
    struct archive *a = archive_read_new();

    if (!a)
        return NULL;
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, p, n) != ARCHIVE_OK) {
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Read the part named name (at most max bytes) into b.  Returns 1 when
 * read, 0 when there is no such part, -1 with err on failure. */
static int
read_part(const char *p, size_t n, const char *name, size_t max, nb_buf *b, nb_error *err)
{
    struct archive *a = open_zip(p, n);
    struct archive_entry *e;
    int r, found = 0;

    b->n = 0;
    if (!a)
        return nb_fail(err, NB_E_DAMAGED, "damaged Word file: not a readable zip");
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *nm = archive_entry_pathname(e);
        la_ssize_t got;

        if (!nm || strcmp(nm, name))
            continue;
        found = 1;
        do {
            if (b->n > max) {
                archive_read_free(a);
                return nb_fail(err, NB_E_TOOBIG, "part %s larger than %zu bytes", name, max);
            }
            if (nb_buf_reserve(b, BLOCK) < 0) {
                archive_read_free(a);
                return nb_fail(err, NB_E_NOMEM, "out of memory");
            }
            got = archive_read_data(a, b->p + b->n, BLOCK);
            if (got > 0)
                b->n += (size_t)got;
        } while (got > 0 || got == ARCHIVE_WARN);
        if (got < 0) {
            nb_fail(err, NB_E_DAMAGED, "damaged Word file: part %s: %s", name,
                    archive_error_string(a) ? archive_error_string(a) : "unreadable");
            archive_read_free(a);
            return -1;
        }
        break;
    }
    if (!found && r != ARCHIVE_EOF) {
        nb_fail(err, NB_E_DAMAGED, "damaged Word file: %s",
                archive_error_string(a) ? archive_error_string(a) : "unreadable zip");
        archive_read_free(a);
        return -1;
    }
    archive_read_free(a);
    return found;
}

static xmlDoc *
parse(const nb_buf *b, const char *name)
{
    if (b->n > INT_MAX)
        return NULL;
    return xmlReadMemory(b->p, (int)b->n, name, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_COMPACT);
}

/* The main part named by [Content_Types].xml ("word/document.xml") into
 * part, or the kind of Office file it is when not Word. */
static int
content_types(const nb_buf *b, char *part, size_t size)
{
    xmlDoc *doc = parse(b, "[Content_Types].xml");
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    int kind = NB_ZIP_ARCHIVE;

    part[0] = '\0';
    for (xmlNode *c = root ? root->children : NULL; c && kind != NB_ZIP_DOCX; c = c->next) {
        xmlChar *ct, *pn;

        if (!is(c, "Override"))
            continue;
        ct = xmlGetProp(c, (const xmlChar *)"ContentType");
        pn = xmlGetProp(c, (const xmlChar *)"PartName");
        if (ct && pn &&
            (strstr((const char *)ct, "wordprocessingml.document.main+xml") ||
             strstr((const char *)ct, "wordprocessingml.template.main+xml") ||
             strstr((const char *)ct, "ms-word.document.macroEnabled.main+xml") ||
             strstr((const char *)ct, "ms-word.template.macroEnabledTemplate.main+xml"))) {
            snprintf(part, size, "%s", (const char *)pn + (pn[0] == '/'));
            kind = NB_ZIP_DOCX;
        } else if (ct && strstr((const char *)ct, "main+xml"))
            kind = NB_ZIP_OOXML; /* a spreadsheet's, a presentation's */
        xmlFree(ct);
        xmlFree(pn);
    }
    if (root && kind == NB_ZIP_ARCHIVE && is(root, "Types"))
        kind = NB_ZIP_OOXML; /* Office Open XML, main part unnamed */
    xmlFreeDoc(doc);
    return kind;
}

/* The kind, and the main part's name into part when Word. */
static int
probe(const char *p, size_t n, char *part, size_t size)
{
    nb_buf b = {0};
    nb_error err;
    int kind = NB_ZIP_ARCHIVE;

    part[0] = '\0';
    if (!is_zip(p, n))
        return NB_ZIP_ARCHIVE;
    if (read_part(p, n, "[Content_Types].xml", 1u << 20, &b, &err) == 1)
        kind = content_types(&b, part, size);
    else if (read_part(p, n, "mimetype", 256, &b, &err) == 1 && b.n >= 31 &&
             !memcmp(b.p, "application/vnd.oasis.opendocument", 34 <= b.n ? 34 : b.n))
        kind = NB_ZIP_ODF;
    nb_buf_fini(&b);
    return kind;
}

int
nb_docx_probe(const char *p, size_t n)
{
    char part[256];

    return probe(p, n, part, sizeof part);
}

typedef struct walker {
    nb_buf *out;
    nb_buf line, cell;
    int failed;
} walker;

static void
add(walker *w, nb_buf *b, const char *s, size_t n)
{
    if (nb_buf_add(b, s, n) < 0)
        w->failed = 1;
}

static int
skipped(const xmlNode *n)
{
    return is(n, "del") || is(n, "delText") || is(n, "instrText") || is(n, "Fallback") ||
           is(n, "rPr") || is(n, "pPr") || is(n, "tblPr") || is(n, "trPr") || is(n, "tcPr") ||
           is(n, "tblGrid") || is(n, "sectPr") || is(n, "fldData");
}

/* The text of runs under n into b; TAB and breaks as sep (a TAB between
 * paragraph fields; a space inside a cell, where TAB separates cells). */
static void
runs(walker *w, nb_buf *b, const xmlNode *n, char sep)
{
    for (const xmlNode *c = n->children; c && !w->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || skipped(c))
            continue;
        if (is(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE && t->content) {
                    const char *s = (const char *)t->content;
                    for (; *s; s++)
                        add(w, b, *s == '\t' || *s == '\n' || *s == '\r' ? " " : s, 1);
                }
        } else if (is(c, "tab") || is(c, "br") || is(c, "cr"))
            add(w, b, &sep, 1);
        else if (is(c, "noBreakHyphen"))
            add(w, b, "-", 1);
        else if (!is(c, "tbl"))
            runs(w, b, c, sep);
    }
}

/* Strip spaces and NO-BREAK SPACEs (Word's filler of an empty cell, as
 * &nbsp; is HTML's) from both ends; full-width spaces stay for normalize. */
static void
trim(nb_buf *b)
{
    size_t i = 0;

    for (;;) {
        if (b->n > 0 && (b->p[b->n - 1] == ' ' || b->p[b->n - 1] == '\t'))
            b->n--;
        else if (b->n > 1 && (unsigned char)b->p[b->n - 2] == 0xC2 &&
                 (unsigned char)b->p[b->n - 1] == 0xA0)
            b->n -= 2;
        else
            break;
    }
    for (;;) {
        if (i < b->n && b->p[i] == ' ')
            i++;
        else if (i + 1 < b->n && (unsigned char)b->p[i] == 0xC2 &&
                 (unsigned char)b->p[i + 1] == 0xA0)
            i += 2;
        else
            break;
    }
    if (i == 0) /* nothing to trim; b->p may be NULL (UBSan: memmove) */
        return;
    memmove(b->p, b->p + i, b->n - i);
    b->n -= i;
}

static void
flush(walker *w)
{
    trim(&w->line);
    if (w->line.n > 0) {
        add(w, w->out, w->line.p, w->line.n);
        add(w, w->out, "\n", 1);
    }
    w->line.n = 0;
}

static long
int_prop(const xmlNode *pr, const char *name)
{
    for (const xmlNode *c = pr ? pr->children : NULL; c; c = c->next)
        if (is(c, name)) {
            xmlChar *v = xmlGetProp(c, (const xmlChar *)"val");
            long k = v ? strtol((const char *)v, NULL, 10) : 0;
            xmlFree(v);
            return k;
        }
    return 0;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

static int
holds_table(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, "tbl") || (c->type == XML_ELEMENT_NODE && !skipped(c) && holds_table(c)))
            return 1;
    return 0;
}

static void blocks(walker *w, const xmlNode *n);

/* One cell's text: its paragraphs joined by a space. */
static void
cell_text(walker *w, const xmlNode *tc)
{
    w->cell.n = 0;
    for (const xmlNode *c = tc->children; c && !w->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || skipped(c))
            continue;
        if (w->cell.n > 0)
            add(w, &w->cell, " ", 1);
        runs(w, &w->cell, c, ' ');
        trim(&w->cell);
    }
}

static void
empty_cells(walker *w, long k)
{
    for (long i = 0; i < k && i < MAX_SPAN; i++)
        add(w, &w->line, "\t", 1);
}

/* A table row: a line of cells; a row whose cells hold tables (a layout
 * table) is read as blocks; a row of empty cells says nothing. */
static void
table_row(walker *w, const xmlNode *tr)
{
    const xmlNode *pr = child(tr, "trPr");
    int cells = 0, filled = 0;

    if (holds_table(tr)) {
        for (const xmlNode *c = tr->children; c; c = c->next)
            if (is(c, "tc"))
                blocks(w, c);
        return;
    }
    flush(w);
    empty_cells(w, int_prop(pr, "gridBefore"));
    for (const xmlNode *c = tr->children; c && !w->failed; c = c->next) {
        const xmlNode *tc = c;

        if (is(c, "sdt") && (tc = child(c, "sdtContent")) != NULL)
            tc = child(tc, "tc"); /* a content control around a cell */
        if (!tc || !is(tc, "tc"))
            continue;
        if (cells++)
            add(w, &w->line, "\t", 1);
        cell_text(w, tc);
        filled |= w->cell.n > 0;
        add(w, &w->line, w->cell.p ? w->cell.p : "", w->cell.n);
        empty_cells(w, int_prop(child(tc, "tcPr"), "gridSpan") - 1);
    }
    if (filled) {
        add(w, w->out, w->line.p, w->line.n);
        add(w, w->out, "\n", 1);
    }
    w->line.n = 0;
}

/* Body-level content: paragraphs, tables, and containers of them. */
static void
blocks(walker *w, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !w->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || skipped(c))
            continue;
        if (is(c, "p")) {
            runs(w, &w->line, c, '\t');
            flush(w);
        } else if (is(c, "tbl")) {
            for (const xmlNode *r = c->children; r; r = r->next)
                if (is(r, "tr"))
                    table_row(w, r);
                else if (r->type == XML_ELEMENT_NODE && !skipped(r))
                    blocks(w, r); /* rows inside a content control */
        } else if (is(c, "tr"))
            table_row(w, c);
        else
            blocks(w, c);
    }
}

/* dc:title and dc:creator of docProps/core.xml, when present. */
static void
core(const char *p, size_t n, nb_docx_info *info)
{
    nb_buf b = {0};
    nb_error err;
    xmlDoc *doc;
    xmlNode *root;

    if (read_part(p, n, "docProps/core.xml", 1u << 20, &b, &err) == 1 &&
        (doc = parse(&b, "core.xml")) != NULL) {
        root = xmlDocGetRootElement(doc);
        for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
            xmlChar *s;
            char *dst = is(c, "title") ? info->title : is(c, "creator") ? info->author : NULL;
            size_t size = dst == info->title ? sizeof info->title : sizeof info->author;

            if (!dst || !(s = xmlNodeGetContent(c)))
                continue;
            snprintf(dst, size, "%s", (const char *)s);
            xmlFree(s);
        }
        xmlFreeDoc(doc);
    }
    nb_buf_fini(&b);
}

int
nb_docx_to_text(const char *p, size_t n, size_t max_part, nb_buf *out, nb_docx_info *info,
                nb_error *err)
{
    char part[256];
    nb_buf b = {0};
    walker w = {.out = out};
    xmlDoc *doc;
    xmlNode *body = NULL;
    int r;

    memset(info, 0, sizeof *info);
    if (probe(p, n, part, sizeof part) != NB_ZIP_DOCX)
        return nb_fail(err, NB_E_DAMAGED, "damaged Word file: no main document part named");
    r = read_part(p, n, part, max_part, &b, err);
    if (r == 0)
        nb_fail(err, NB_E_DAMAGED, "damaged Word file: its main part %s is missing", part);
    if (r <= 0) {
        nb_buf_fini(&b);
        return -1;
    }
    core(p, n, info);
    doc = parse(&b, part);
    nb_buf_fini(&b);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return nb_fail(err, NB_E_DAMAGED, "damaged Word file: %s: %s", part,
                       e && e->message ? e->message : "not well-formed XML");
    }
    for (xmlNode *c = xmlDocGetRootElement(doc); c && !body; c = c->children)
        if (is(c, "document") || is(c, "body"))
            body = is(c, "body") ? c : (xmlNode *)child(c, "body");
    if (body)
        blocks(&w, body);
    flush(&w);
    xmlFreeDoc(doc);
    nb_buf_fini(&w.line);
    nb_buf_fini(&w.cell);
    if (w.failed)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (!body)
        return nb_fail(err, NB_E_DAMAGED, "damaged Word file: %s has no w:body", part);
    return 0;
}
