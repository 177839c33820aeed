/*
 * pdf.c - PDF to text with MuPDF.
 *
 * MuPDF opens the document from memory (repairing a broken cross-reference
 * table as it goes), each page becomes a structured-text page whose
 * characters carry a box, a baseline origin and a font size: those are the
 * glyphs layout.c lays out.  MuPDF's own errors and warnings are kept, not
 * printed (the library never prints): the last one explains a damaged
 * file.
 *
 * A text layer that is there but says nothing is told by its characters:
 * a report is Chinese, so a document of 20 or more glyphs with almost no
 * CJK character and mostly U+FFFD, Latin-1 accents, ligatures or private
 * use code points is a font without a Unicode map (pdftotext prints such
 * text as "¿”¿¡fl‹…").
 */
#include "pdf.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <string.h>

#include "layout.h"

#define STORE  (64u << 20) /* MuPDF's cache of fonts and images, bytes */
#define MARGIN 0.1f        /* top and bottom tenth of a page: headers, footers */

static fz_context *ctx;
static char last_msg[256];

static void
keep_msg(void *user, const char *msg)
{
    (void)user;
    snprintf(last_msg, sizeof last_msg, "%s", msg);
}

static fz_context *
context(void)
{
    if (!ctx) {
        ctx = fz_new_context(NULL, NULL, STORE);
        if (ctx) {
            fz_set_error_callback(ctx, keep_msg, NULL);
            fz_set_warning_callback(ctx, keep_msg, NULL);
        }
    }
    return ctx;
}

void
nb_pdf_cleanup(void)
{
    fz_drop_context(ctx);
    ctx = NULL;
}

int
nb_pdf_sniff(const char *s, size_t n)
{
    size_t k = n < 1024 ? n : 1024;
    const char *p = s, *end;

    /* memmem(s, k, "%PDF-", 5), by memchr: glibc's memmem sets up a
     * two-way search each call, ~3,000 instructions on a report's 1 KiB
     * (twice per member); a '%' is rare enough in text */
    if (k < 5) /* s may be NULL (an empty member) */
        return 0;
    end = s + k;
    while ((p = memchr(p, '%', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) < 5)
            return 0;
        if (!memcmp(p, "%PDF-", 5))
            return 1;
        p++;
    }
    return 0;
}

/* Counts of the characters seen, to tell text from a font's raw codes. */
typedef struct tally {
    long glyphs, cjk, junk;
} tally;

static void
count(tally *t, int c)
{
    t->glyphs++;
    if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
        t->cjk++;
    else if (c == 0xFFFD || (c >= 0x80 && c <= 0x24F) || (c >= 0xE000 && c <= 0xF8FF) ||
             (c >= 0x2000 && c <= 0x206F) || (c >= 0xFB00 && c <= 0xFB06) || c < 0x20)
        t->junk++;
}

/* The direction most of a page's text runs in, 0 to 3 quarter turns
 * clockwise from left-to-right: a landscape table on a portrait page, or a
 * page with /Rotate, is laid out along its text. */
static int
text_turns(fz_stext_page *tp)
{
    float w[4] = {0};
    int best = 0;

    for (fz_stext_block *b = tp->first_block; b; b = b->next)
        for (fz_stext_line *l = b->type == FZ_STEXT_BLOCK_TEXT ? b->u.t.first_line : NULL; l;
             l = l->next) {
            float n = 0;
            for (fz_stext_char *c = l->first_char; c; c = c->next)
                n++;
            w[0] += n * fmaxf(l->dir.x, 0);
            w[1] += n * fmaxf(l->dir.y, 0);
            w[2] += n * fmaxf(-l->dir.x, 0);
            w[3] += n * fmaxf(-l->dir.y, 0);
        }
    for (int k = 1; k < 4; k++)
        if (w[k] > w[best])
            best = k;
    return best;
}

/* Point p of a page w by h turned back by `turns` quarter turns, so that
 * text runs left to right; y still grows downwards. */
static fz_point
unturn(fz_point p, int turns, float w, float h)
{
    switch (turns) {
    case 1: return fz_make_point(p.y, w - p.x);
    case 2: return fz_make_point(w - p.x, h - p.y);
    case 3: return fz_make_point(h - p.y, p.x);
    default: return p;
    }
}

/* The glyphs of one structured-text page into *g (grown as needed), in
 * the page's text direction; *height receives the page's height in it. */
static int
page_glyphs(fz_stext_page *tp, nb_glyph **g, size_t *n, size_t *cap, tally *t, float *height)
{
    fz_rect mb = tp->mediabox;
    float w = mb.x1 - mb.x0, h = mb.y1 - mb.y0;
    int turns = text_turns(tp);

    *height = turns % 2 ? w : h;
    *n = 0;
    for (fz_stext_block *b = tp->first_block; b; b = b->next) {
        if (b->type != FZ_STEXT_BLOCK_TEXT)
            continue;
        for (fz_stext_line *l = b->u.t.first_line; l; l = l->next)
            for (fz_stext_char *c = l->first_char; c; c = c->next) {
                fz_point o = fz_make_point(mb.x0, mb.y0);
                fz_point q[4] = {c->quad.ul, c->quad.ur, c->quad.ll, c->quad.lr};
                fz_point org =
                    unturn(fz_make_point(c->origin.x - o.x, c->origin.y - o.y), turns, w, h);
                fz_rect r = fz_empty_rect;

                for (int k = 0; k < 4; k++)
                    r = fz_include_point_in_rect(
                        r, unturn(fz_make_point(q[k].x - o.x, q[k].y - o.y), turns, w, h));
                if (*n == *cap) {
                    size_t nc = *cap ? 2 * *cap : 1024;
                    nb_glyph *p = realloc(*g, nc * sizeof *p);
                    if (!p)
                        return -1;
                    *g = p;
                    *cap = nc;
                }
                (*g)[(*n)++] = (nb_glyph){r.x0, r.y0, r.x1, r.y1, org.y, c->size, c->c};
                if (c->c > 0x20 && c->c != 0x3000)
                    count(t, c->c);
            }
    }
    return 0;
}

static void
meta(fz_document *doc, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    fz_try(ctx)
    {
        if (fz_lookup_metadata(ctx, doc, key, buf, (int)size) < 0)
            buf[0] = '\0';
    }
    fz_catch(ctx) buf[0] = '\0';
    buf[size - 1] = '\0';
}

static int number_nodes(pdf_document *pdf);

/* Page i as structured text, or NULL when it cannot be read; *pagep
 * receives the page to drop after the text (NULL when none). */
static fz_stext_page *
load_text(fz_document *doc, int i, fz_page **pagep)
{
    fz_page *volatile page = NULL;
    fz_stext_page *volatile tp = NULL;
    fz_stext_options opts = {.flags = FZ_STEXT_INHIBIT_SPACES | FZ_STEXT_MEDIABOX_CLIP};

    fz_var(page);
    fz_var(tp);
    fz_try(ctx)
    {
        page = fz_load_page(ctx, doc, i);
        tp = fz_new_stext_page_from_page(ctx, page, &opts);
    }
    fz_catch(ctx) tp = NULL;
    *pagep = page;
    return tp;
}

/*
 * Read every page into lo; heights[] (zeroed) receives the page heights.  Returns
 * the number of pages read; *nomem is set when out of memory.  repaired is
 * pdf_was_repaired when the page tree was last walked: MuPDF repairs a
 * file when it first meets an object that is not where the table says,
 * which may be at any page, and then reads the tree again from the file,
 * inline nodes and all, so the tree is walked again (once: a file is
 * repaired once).  When that walk fails, the pages left are not read.
 */
static int
read_pages(fz_document *doc, pdf_document *pdf, int pages, int repaired, nb_layout *lo,
           float *heights, tally *t, int *nomem)
{
    nb_glyph *g = NULL;
    size_t n = 0, cap = 0;
    int read = 0;

    for (int i = 0; i < pages && !*nomem; i++) {
        fz_page *page;
        fz_stext_page *tp;

        if (pdf_was_repaired(ctx, pdf) != repaired) {
            int rc = number_nodes(pdf);

            repaired = pdf_was_repaired(ctx, pdf);
            if (rc == -1)
                *nomem = 1;
            if (rc < 0)
                break;
        }
        tp = load_text(doc, i, &page);
        if (tp) {
            if (page_glyphs(tp, &g, &n, &cap, t, &heights[i]) < 0 ||
                nb_layout_page(lo, g, n, i) < 0)
                *nomem = 1;
            else
                read++;
        }
        fz_drop_stext_page(ctx, tp);
        fz_drop_page(ctx, page);
    }
    free(g);
    return read;
}

/* Whether obj is a node of the page tree (not a page) as MuPDF's page
 * lookup tells one. */
static int
is_node(pdf_obj *obj)
{
    pdf_obj *type = pdf_dict_get(ctx, obj, PDF_NAME(Type));

    if (type)
        return pdf_name_eq(ctx, type, PDF_NAME(Pages));
    return pdf_dict_get(ctx, obj, PDF_NAME(Kids)) && !pdf_dict_get(ctx, obj, PDF_NAME(MediaBox));
}

/* The walk of the page tree: the nodes to read, and those read (each
 * marked with pdf_mark_obj, unmarked at the end). */
typedef struct walk {
    pdf_obj **stack, **done;
    size_t n, cap, ndone, capdone;
} walk;

/* Append obj to list[0..*n); -1 when out of memory. */
static int
push_obj(pdf_obj ***list, size_t *n, size_t *cap, pdf_obj *obj)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        pdf_obj **l = realloc(*list, c * sizeof *l);

        if (!l)
            return -1;
        *list = l;
        *cap = c;
    }
    (*list)[(*n)++] = obj;
    return 0;
}

/* obj, stored at key of dict or at index i of array, as an object of its
 * own: the reference that now stands in its place. */
static pdf_obj *
own_object(pdf_document *pdf, pdf_obj *obj, pdf_obj *dict, pdf_obj *key, pdf_obj *array, int i)
{
    pdf_obj *ref = pdf_add_object(ctx, pdf, obj);

    if (dict)
        pdf_dict_put_drop(ctx, dict, key, ref);
    else
        pdf_array_put_drop(ctx, array, i, ref);
    return ref;
}

/*
 * Give every node of the page tree an object number.  MuPDF's page lookup
 * (pdf_lookup_page_loc, 1.21) stops on a cycle by the object numbers of
 * the nodes it walks down; a node written inline, which ISO 32000 7.7.3.2
 * forbids, has none, and a lookup that lands on a null kid in it goes
 * round forever.  Each inline node becomes an object of its own, so the
 * lookup sees the cycle and that page is an error.  Each node is walked
 * once (marked).  Throws on MuPDF's errors; -1 when out of memory.
 */
static int
walk_nodes(pdf_document *pdf, walk *w)
{
    pdf_obj *root = pdf_dict_get(ctx, pdf_trailer(ctx, pdf), PDF_NAME(Root));
    pdf_obj *node = pdf_dict_get(ctx, root, PDF_NAME(Pages));
    int rc = 0;

    if (!node)
        return 0;
    if (!pdf_is_indirect(ctx, node))
        node = own_object(pdf, node, root, PDF_NAME(Pages), NULL, 0);
    rc = push_obj(&w->stack, &w->n, &w->cap, node);
    while (rc == 0 && w->n > 0) {
        pdf_obj *kids;

        node = pdf_resolve_indirect(ctx, w->stack[--w->n]);
        if (pdf_mark_obj(ctx, node))
            continue;
        if (push_obj(&w->done, &w->ndone, &w->capdone, node) < 0) {
            pdf_unmark_obj(ctx, node);
            return -1;
        }
        kids = pdf_dict_get(ctx, node, PDF_NAME(Kids));
        for (int i = 0; rc == 0 && i < pdf_array_len(ctx, kids); i++) {
            pdf_obj *kid = pdf_array_get(ctx, kids, i);

            if (!is_node(kid))
                continue;
            /* read all the lookup reads, so that a repair it would set off
             * happens here */
            (void)pdf_dict_get_int(ctx, kid, PDF_NAME(Count));
            if (!pdf_is_indirect(ctx, kid))
                kid = own_object(pdf, kid, NULL, NULL, kids, i);
            rc = push_obj(&w->stack, &w->n, &w->cap, kid);
        }
    }
    return rc;
}

/* walk_nodes, its marks and memory undone whatever MuPDF throws: 0, -1
 * when out of memory, -2 when MuPDF failed (the last message says why;
 * an inline node may be left, so no page may be looked up).  The walk is
 * on the heap: a local changed inside fz_try is indeterminate after a
 * throw. */
static int
number_nodes(pdf_document *pdf)
{
    walk *w = calloc(1, sizeof *w);
    int volatile rc = 0;

    if (!w)
        return -1;
    fz_try(ctx) rc = walk_nodes(pdf, w);
    fz_catch(ctx) rc = fz_caught(ctx) == FZ_ERROR_MEMORY ? -1 : -2;
    for (size_t i = 0; i < w->ndone; i++)
        pdf_unmark_obj(ctx, w->done[i]);
    free(w->stack);
    free(w->done);
    free(w);
    return rc;
}

/* Whether the bytes end as a PDF does: a truncated file has no %%EOF. */
static int
has_eof(const char *in, size_t n)
{
    size_t k = n < 1024 ? n : 1024;

    return memmem(in + n - k, k, "%%EOF", 5) != NULL;
}

static int
convert(fz_document *doc, pdf_document *pdf, const char *in, size_t n, nb_buf *out,
        nb_pdf_info *info, nb_error *err)
{
    nb_layout lo = {0};
    tally t = {0};
    float *heights;
    int nomem = 0, rc = 0, repaired;

    repaired = pdf_was_repaired(ctx, pdf);
    switch (number_nodes(pdf)) {
    case -1: return nb_fail(err, NB_E_NOMEM, "out of memory");
    case -2:
        return nb_fail(err, NB_E_DAMAGED, "damaged PDF: its page tree cannot be read: %s",
                       last_msg);
    }
    meta(doc, FZ_META_INFO_TITLE, info->title, sizeof info->title);
    meta(doc, FZ_META_INFO_AUTHOR, info->author, sizeof info->author);
    heights = calloc((size_t)info->pages + 1, sizeof *heights);
    if (!heights)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    info->pages_read = read_pages(doc, pdf, info->pages, repaired, &lo, heights, &t, &nomem);
    repaired = pdf_was_repaired(ctx, pdf);
    if (nomem)
        rc = nb_fail(err, NB_E_NOMEM, "out of memory");
    else if (info->pages == 0)
        rc = nb_fail(err, NB_E_DAMAGED, "damaged PDF: no page could be found%s%s",
                     last_msg[0] ? ": " : "", last_msg);
    else if (info->pages_read == 0 && info->pages > 0)
        rc = nb_fail(err, NB_E_DAMAGED, "damaged PDF: none of its %d pages could be read: %s",
                     info->pages, last_msg);
    else if (t.glyphs == 0 && repaired && !has_eof(in, n))
        rc = nb_fail(err, NB_E_DAMAGED,
                     "truncated PDF (no %%%%EOF): no text could be read from its %d page%s",
                     info->pages, info->pages == 1 ? "" : "s");
    else if (t.glyphs == 0)
        rc = nb_fail(err, NB_E_NOTEXT,
                     "no text layer in its %d page%s (a scan? extract does not OCR)", info->pages,
                     info->pages == 1 ? "" : "s");
    else if (t.glyphs >= 20 && t.cjk * 20 < t.glyphs && t.junk * 3 > t.glyphs)
        rc = nb_fail(err, NB_E_NOTEXT,
                     "the text of its %d page%s has no Unicode map (fonts without ToUnicode: "
                     "%ld of %ld characters are not text)",
                     info->pages, info->pages == 1 ? "" : "s", t.junk, t.glyphs);
    if (rc == 0) {
        nb_layout_margins(&lo, heights, info->pages, MARGIN);
        if (nb_layout_write(&lo, out) < 0)
            rc = nb_fail(err, NB_E_NOMEM, "out of memory");
        else if (info->pages_read < info->pages) {
            nb_fail(err, NB_E_DAMAGED, "damaged PDF: %d of its %d pages could not be read: %s",
                    info->pages - info->pages_read, info->pages, last_msg);
            rc = 1;
        } else if (repaired && !has_eof(in, n)) {
            nb_fail(err, NB_E_DAMAGED,
                    "truncated PDF (no %%%%EOF; repaired): %d page%s read, the rest lost",
                    info->pages_read, info->pages_read == 1 ? "" : "s");
            rc = 1;
        }
    }
    nb_layout_fini(&lo);
    free(heights);
    return rc;
}

/* Open the PDF in[0..n): the document (NULL with err when it cannot be
 * opened), *stm the stream under it, *locked when a password is needed. */
static pdf_document *
open_pdf(const char *in, size_t n, fz_stream **stmp, int *locked, int *pages, nb_error *err)
{
    fz_stream *volatile stm = NULL;
    pdf_document *volatile pdf = NULL;

    fz_var(stm);
    fz_var(pdf);
    fz_try(ctx)
    {
        stm = fz_open_memory(ctx, (const unsigned char *)in, n);
        pdf = pdf_open_document_with_stream(ctx, stm);
        *locked = pdf_needs_password(ctx, pdf) && !pdf_authenticate_password(ctx, pdf, "");
        if (!*locked)
            *pages = pdf_count_pages(ctx, pdf);
    }
    fz_catch(ctx)
    {
        nb_fail(err, NB_E_DAMAGED, "damaged PDF, nothing could be read: %s",
                fz_caught_message(ctx));
        fz_drop_document(ctx, (fz_document *)pdf);
        pdf = NULL;
    }
    *stmp = stm;
    return pdf;
}

int
nb_pdf_to_text(const char *in, size_t n, nb_buf *out, nb_pdf_info *info, nb_error *err)
{
    fz_stream *stm;
    pdf_document *pdf;
    int rc, locked = 0;

    memset(info, 0, sizeof *info);
    last_msg[0] = '\0';
    if (!context())
        return nb_fail(err, NB_E_NOMEM, "out of memory (MuPDF context)");
    pdf = open_pdf(in, n, &stm, &locked, &info->pages, err);
    if (!pdf)
        rc = -1;
    else if (!locked && (size_t)info->pages > n / 20 + 1)
        /* a page takes more than 20 bytes: a page count this large is a
         * lie that would have every missing page looked for */
        rc = nb_fail(err, NB_E_DAMAGED, "damaged PDF: it claims %d pages in %zu bytes", info->pages,
                     n);
    else if (locked)
        rc = nb_fail(err, NB_E_ENCRYPTED, "encrypted PDF: it needs a password to be read");
    else
        rc = convert((fz_document *)pdf, pdf, in, n, out, info, err);
    fz_drop_document(ctx, (fz_document *)pdf);
    fz_drop_stream(ctx, stm);
    return rc;
}
