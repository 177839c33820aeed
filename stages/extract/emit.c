/*
 * emit.c - documents and error documents on extract's output: the bytes
 * of a member decoded, HTML turned into text, controls cleaned, and one
 * header builder for every format.
 */
#include "source_private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "office.h"
#include "stream.h"
#include "text.h"

void
ex_diag(nb_extract *x, const char *doc, const char *msg)
{
    char d[1024], m[1024];

    if (!x->quiet)
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), nb_term_text(doc, d, sizeof d),
                nb_term_text(msg, m, sizeof m));
}

/* Write an error document; raise the status to at least level.  Returns
 * 0, or -1 on a write error or out of memory. */
int
ex_error_doc(nb_extract *x, const char *doc, int code, const char *msg, int level)
{
    nb_error err = {0};

    ex_diag(x, doc, msg);
    x->errors++;
    if (x->status < level)
        x->status = level;
    return nb_write_error_header(x->out, &x->hdr, doc, "extract", nb_error_code_name(code), msg,
                                 &err);
}

int
nb_extract_error(nb_extract *x, const char *doc, int code, const char *msg)
{
    return ex_error_doc(x, doc, code, msg, 1);
}

static int
has_html_ext(const char *name)
{
    const char *dot = strrchr(name, '.');

    if (!dot || strchr(dot, '/'))
        return 0;
    return !strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".shtml") ||
           !strcasecmp(dot, ".xhtml");
}

int
nb_extract_header(nb_extract *x, const char *doc, const char *archive, const char *member,
                  long long mtime, int has_mtime, const char *format, const char *encoding)
{
    nb_buf *h = &x->hdr;
    int rc = nb_hdr_begin(h);

    rc |= nb_hdr_str(h, "doc", doc);
    if (archive)
        rc |= nb_hdr_str(h, "archive", archive);
    if (member)
        rc |= nb_hdr_str(h, "member", member);
    rc |= nb_hdr_int(h, "bytes", (long long)x->raw.n);
    if (has_mtime)
        rc |= nb_hdr_int(h, "mtime", mtime);
    rc |= nb_hdr_str(h, "format", format);
    rc |= nb_hdr_str(h, "encoding", encoding);
    return rc ? -1 : 0;
}

/* The page's evidence of who wrote it, as jansson writes the object. */
static int
add_meta(nb_buf *h, const json_t *meta)
{
    char *m;
    int rc;

    if (!meta || json_object_size(meta) == 0)
        return 0;
    if (!(m = json_dumps(meta, JSON_COMPACT)))
        return -1;
    rc = nb_hdr_json(h, "meta", m, strlen(m));
    free(m);
    return rc;
}

/*
 * Emit one document from the bytes in x->raw: decode, HTML to text, clean
 * controls.  archive and member may be NULL (a plain file).  Returns 0, or
 * -1 on a write error or out of memory.
 */
int
ex_emit(nb_extract *x, const char *doc, const char *archive, const char *member, long long mtime,
        int has_mtime)
{
    int kind = nb_office_kind(x->raw.p, x->raw.n);

    if (kind != NB_OFFICE_NONE)
        return nb_extract_office(x, kind, doc, archive, member, mtime, has_mtime);
    return ex_emit_checked(x, doc, archive, member, mtime, has_mtime,
                           nb_utf8_check(x->raw.p, x->raw.n));
}

int
ex_emit_checked(nb_extract *x, const char *doc, const char *archive, const char *member,
                long long mtime, int has_mtime, size_t utf8)
{
    const char *name = member ? member : doc;
    char charset[64];
    const char *enc = NULL, *hint = NULL, *format = "text";
    nb_error err = {0};
    long removed = 0;
    nb_buf *body;
    json_t *meta = NULL;
    int html, rc;

    /* The charset a page declares is read from the raw bytes (it is
     * ASCII); whether it is HTML is decided again after decoding, so a
     * UTF-16 page is recognised too. */
    html = has_html_ext(name) || nb_html_sniff(x->raw.p, x->raw.n);
    if (html && nb_html_charset(x->raw.p, x->raw.n, charset, sizeof charset))
        hint = charset;
    if (nb_decode_checked(x->raw.p, x->raw.n, utf8, hint, &x->dec, &enc, &err) < 0)
        return err.code == NB_E_NOMEM ? -1 : ex_error_doc(x, doc, err.code, err.text, 1);
    html = html || nb_html_sniff(x->dec.p, x->dec.n);
    body = &x->dec;
    if (html) {
        format = "html";
        x->text.n = 0;
        meta = json_object();
        if (!meta)
            return -1;
        if (nb_html_read(x->dec.p, x->dec.n, &x->text, meta, &err) < 0) {
            json_decref(meta);
            return err.code == NB_E_NOMEM ? -1 : ex_error_doc(x, doc, err.code, err.text, 1);
        }
        body = &x->text;
    }
    body->n = nb_clean_controls(body->p, body->n, &removed);

    rc = nb_extract_header(x, doc, archive, member, mtime, has_mtime, format, enc);
    rc |= nb_hdr_int(&x->hdr, "controls", removed);
    rc |= add_meta(&x->hdr, meta);
    json_decref(meta);
    if (nb_hdr_end(&x->hdr, x->out, rc, &err) < 0)
        return -1;
    if (nb_write_body(x->out, body->p, body->n, &err) < 0)
        return -1;
    x->docs++;
    return 0;
}
