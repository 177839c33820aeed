/*
 * office.c - PDF and Word files to documents; the office formats extract
 * does not read to error documents.
 */
#include "office.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "guard.h"
#include "pdf.h"
#include "stream.h"

#define CONVERT "convert it with: libreoffice --headless --convert-to docx FILE"

int
nb_office_kind(const char *p, size_t n)
{
    static const char ole2[8] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

    if (nb_pdf_sniff(p, n))
        return NB_OFFICE_PDF;
    if (n >= 8 && !memcmp(p, ole2, 8))
        return NB_OFFICE_OLE2;
    switch (nb_docx_probe(p, n)) {
    case NB_ZIP_DOCX: return NB_OFFICE_DOCX;
    case NB_ZIP_ODF: return NB_OFFICE_ODF;
    case NB_ZIP_OOXML: return NB_OFFICE_OOXML;
    default: return NB_OFFICE_NONE;
    }
}

/* "meta": {"title", "author"} from the file's own properties, when any. */
static int
set_meta(nb_buf *h, const char *title, const char *author)
{
    int rc;

    if (!title[0] && !author[0])
        return 0;
    rc = nb_hdr_object(h, "meta");
    if (title[0])
        rc |= nb_hdr_str(h, "title", title);
    if (author[0])
        rc |= nb_hdr_str(h, "author", author);
    return rc | nb_hdr_close(h);
}

/* End the header in x->hdr (bad: an appender failed) and write the body. */
static int
write_doc(nb_extract *x, int bad, const nb_buf *body)
{
    nb_error err = {0};

    if (nb_hdr_end(&x->hdr, x->out, bad, &err) < 0)
        return -1;
    if (nb_write_body(x->out, body->p, body->n, &err) < 0)
        return -1;
    x->docs++;
    return 0;
}

/* The error record of a damaged PDF's lost pages, after the document of
 * the pages read: a further unit of one member, DOC\+lost
 * (nianbao-stream(5)); not DOC\#2, the id of a second member of the same
 * name in the same archive. */
static int
lost_pages(nb_extract *x, const char *doc, const char *msg)
{
    size_t n = strlen(doc) + 7;
    char *id = malloc(n);
    int rc;

    if (!id)
        return -1;
    snprintf(id, n, "%s\\+lost", doc);
    rc = nb_extract_error(x, id, NB_E_DAMAGED, msg);
    free(id);
    return rc;
}

/* nb_pdf_to_text as a guarded conversion (guard.h) */
static int
pdf_text(const char *in, size_t n, nb_buf *out, void *res, nb_error *err)
{
    return nb_pdf_to_text(in, n, out, res, err);
}

static int
pdf_doc(nb_extract *x, const char *doc, const char *archive, const char *member, long long mtime,
        int has_mtime)
{
    nb_pdf_info info = {0};
    nb_error err = {0};
    long removed = 0;
    int rc, bad;

    x->text.n = 0;
    if (x->pdf_seconds > 0 && !x->pdf_guard &&
        !(x->pdf_guard = nb_guard_new(pdf_text, sizeof info, "PDF reader (MuPDF)", x->pdf_seconds)))
        return -1;
    if (x->pdf_guard)
        rc = nb_guard_call(x->pdf_guard, x->raw.p, x->raw.n, &x->text, &info, &err);
    else
        rc = pdf_text(x->raw.p, x->raw.n, &x->text, &info, &err);
    if (rc < 0)
        return err.code == NB_E_NOMEM ? -1 : nb_extract_error(x, doc, err.code, err.text);
    x->text.n = nb_clean_controls(x->text.p, x->text.n, &removed);
    bad = nb_extract_header(x, doc, archive, member, mtime, has_mtime, "pdf", "utf-8");
    bad |= nb_hdr_int(&x->hdr, "controls", removed);
    bad |= nb_hdr_int(&x->hdr, "pages", info.pages);
    bad |= set_meta(&x->hdr, info.title, info.author);
    if (write_doc(x, bad, &x->text) < 0)
        return -1;
    return rc == 1 ? lost_pages(x, doc, err.text) : 0;
}

static int
docx_doc(nb_extract *x, const char *doc, const char *archive, const char *member, long long mtime,
         int has_mtime)
{
    nb_docx_info info;
    nb_error err = {0};
    long removed = 0;
    int bad;

    x->text.n = 0;
    if (nb_docx_to_text(x->raw.p, x->raw.n, x->max_member, &x->text, &info, &err) < 0)
        return err.code == NB_E_NOMEM ? -1 : nb_extract_error(x, doc, err.code, err.text);
    x->text.n = nb_clean_controls(x->text.p, x->text.n, &removed);
    bad = nb_extract_header(x, doc, archive, member, mtime, has_mtime, "docx", "utf-8");
    bad |= nb_hdr_int(&x->hdr, "controls", removed);
    bad |= set_meta(&x->hdr, info.title, info.author);
    if (write_doc(x, bad, &x->text) < 0)
        return -1;
    return 0;
}

int
nb_extract_office(nb_extract *x, int kind, const char *doc, const char *archive, const char *member,
                  long long mtime, int has_mtime)
{
    switch (kind) {
    case NB_OFFICE_PDF: return pdf_doc(x, doc, archive, member, mtime, has_mtime);
    case NB_OFFICE_DOCX: return docx_doc(x, doc, archive, member, mtime, has_mtime);
    case NB_OFFICE_OLE2:
        return nb_extract_error(
            x, doc, NB_E_FORMAT,
            "a legacy binary Office file (.doc, .wps, .xls), not read: " CONVERT);
    case NB_OFFICE_ODF:
        return nb_extract_error(x, doc, NB_E_FORMAT,
                                "an OpenDocument file (.odt), not read: " CONVERT);
    default:
        return nb_extract_error(x, doc, NB_E_FORMAT,
                                "an Office file that is not a Word document (a spreadsheet or a "
                                "presentation), not read");
    }
}
