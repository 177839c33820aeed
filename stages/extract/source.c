/*
 * source.c - operands to documents.
 *
 * Every operand goes through one libarchive reader with the archive
 * formats and all filters enabled plus the "raw" format: real archives
 * win the bidding, anything else (a plain file, a report.txt.gz) comes
 * out of "raw" as one entry.  So stdin needs no sniffing and no rewind.
 * mtree and "empty" are left out: mtree bids on ordinary text.
 */
#include "source.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "html.h"
#include "stream.h"

#define BLOCK (64u << 10)

static struct archive *
new_reader(void)
{
    struct archive *a = archive_read_new();

    if (!a)
        return NULL;
    archive_read_support_filter_all(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_ar(a);
    archive_read_support_format_cab(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_iso9660(a);
    archive_read_support_format_lha(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_warc(a);
    archive_read_support_format_xar(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_raw(a);
    return a;
}

static void
diag(nb_extract *x, const char *doc, const char *msg)
{
    if (!x->quiet)
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), doc, msg);
}

/* Write an error document; raise the status to at least level. */
static int
error_doc(nb_extract *x, const char *doc, int code, const char *msg, int level)
{
    json_t *h = nb_error_header(doc, "extract", nb_error_code_name(code), msg);
    nb_error err = {0};
    int rc;

    diag(x, doc, msg);
    if (!h)
        return -1;
    rc = nb_write_header(x->out, h, &err);
    json_decref(h);
    x->errors++;
    if (x->status < level)
        x->status = level;
    return rc;
}

/* A member name as UTF-8: as is when valid, else GB18030, else \xNN. */
static char *
utf8_name(const char *s)
{
    size_t n = strlen(s);
    nb_buf b = {0};
    const char *enc;
    nb_error err;
    char *r;

    if (nb_utf8_valid(s, n))
        return strdup(s);
    if (nb_decode(s, n, "gb18030", &b, &enc, &err) == 0 && nb_buf_addc(&b, '\0') == 0)
        return b.p;
    nb_buf_fini(&b);
    r = nb_utf8_escape(s, n);
    return r;
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

/*
 * Emit one document from the bytes in x->raw: decode, HTML to text, clean
 * controls.  archive and member may be NULL (a plain file).
 */
static int
emit(nb_extract *x, const char *doc, const char *archive, const char *member, long long mtime,
     int has_mtime)
{
    const char *name = member ? member : doc;
    char charset[64];
    const char *enc = NULL, *hint = NULL, *format = "text";
    nb_error err = {0};
    long removed = 0;
    nb_buf *body;
    json_t *h;
    int html, rc;

    html = has_html_ext(name) || nb_html_sniff(x->raw.p, x->raw.n);
    if (html && nb_html_charset(x->raw.p, x->raw.n, charset, sizeof charset))
        hint = charset;
    if (nb_decode(x->raw.p, x->raw.n, hint, &x->dec, &enc, &err) < 0)
        return error_doc(x, doc, err.code, err.text, 1);
    body = &x->dec;
    if (html) {
        format = "html";
        x->text.n = 0;
        if (nb_html_to_text(x->dec.p, x->dec.n, &x->text, &err) < 0)
            return error_doc(x, doc, err.code, err.text, 1);
        body = &x->text;
    }
    body->n = nb_clean_controls(body->p, body->n, &removed);

    h = json_object();
    if (!h)
        return -1;
    rc = json_object_set_new(h, "doc", json_string(doc));
    if (archive)
        rc |= json_object_set_new(h, "archive", json_string(archive));
    if (member)
        rc |= json_object_set_new(h, "member", json_string(member));
    rc |= json_object_set_new(h, "bytes", json_integer((json_int_t)x->raw.n));
    if (has_mtime)
        rc |= json_object_set_new(h, "mtime", json_integer(mtime));
    rc |= json_object_set_new(h, "format", json_string(format));
    rc |= json_object_set_new(h, "encoding", json_string(enc));
    rc |= json_object_set_new(h, "controls", json_integer(removed));
    if (rc || nb_write_header(x->out, h, &err) < 0) {
        json_decref(h);
        return -1;
    }
    json_decref(h);
    if (body->n > 0) {
        if (fwrite(body->p, 1, body->n, x->out) != body->n)
            return -1;
        if (body->p[body->n - 1] != '\n' && putc('\n', x->out) == EOF)
            return -1;
    }
    x->docs++;
    return 0;
}

/*
 * Read the current entry's data into x->raw, at most x->max_member bytes.
 * Returns 0, 1 when the member is too big (the rest skipped), -1 on an
 * archive error (message in msg).
 */
static int
read_member(nb_extract *x, struct archive *a, char *msg, size_t msgsize)
{
    x->raw.n = 0;
    for (;;) {
        la_ssize_t got;

        if (nb_buf_reserve(&x->raw, BLOCK) < 0) {
            snprintf(msg, msgsize, "out of memory");
            return -1;
        }
        got = archive_read_data(a, x->raw.p + x->raw.n, BLOCK);
        if (got == 0)
            return 0;
        if (got < 0) {
            if (got == ARCHIVE_WARN)
                continue;
            snprintf(msg, msgsize, "%s", archive_error_string(a) ? archive_error_string(a) : "read error");
            return -1;
        }
        x->raw.n += (size_t)got;
        if (x->raw.n > x->max_member) {
            archive_read_data_skip(a);
            return 1;
        }
    }
}

static int read_archive(nb_extract *x, struct archive *a, const char *name, int depth,
                        long long mtime, int has_mtime, const char *archive, const char *member);

/*
 * x->raw holds a member.  A nested archive is read (to x->max_depth
 * levels), a compressed single file (x.txt.gz) through its filter;
 * anything else is a document as it is.
 */
static int
member_or_nested(nb_extract *x, const char *doc, const char *archive, const char *member,
                 long long mtime, int depth)
{
    struct archive *a = new_reader();
    struct archive_entry *e;
    nb_buf saved;
    int rc, raw, compressed, ok;

    if (!a)
        return -1;
    ok = archive_read_open_memory(a, x->raw.p, x->raw.n) == ARCHIVE_OK &&
         archive_read_next_header(a, &e) >= ARCHIVE_WARN;
    raw = ok && archive_format(a) == ARCHIVE_FORMAT_RAW;
    compressed = ok && archive_filter_count(a) > 1;
    archive_read_free(a);
    if (!ok || (raw && !compressed))
        return emit(x, doc, archive, member, mtime, 1);
    if (!raw && depth >= x->max_depth) {
        char msg[160];
        snprintf(msg, sizeof msg, "an archive nested more than %d level%s deep", x->max_depth,
                 x->max_depth == 1 ? "" : "s");
        return error_doc(x, doc, NB_E_NESTING, msg, 1);
    }
    /* Reading the inner data reuses x->raw: move the bytes aside. */
    saved = x->raw;
    x->raw = (nb_buf){0};
    a = new_reader();
    if (!a || archive_read_open_memory(a, saved.p, saved.n) != ARCHIVE_OK)
        rc = -1;
    else
        rc = read_archive(x, a, doc, depth + 1, mtime, 1, archive, member);
    if (a)
        archive_read_free(a);
    nb_buf_fini(&x->raw);
    x->raw = saved;
    return rc;
}

/*
 * Every regular entry of an open reader becomes a document.  name is the
 * operand's display name (the path, or ARCHIVE!MEMBER when nested); a
 * reader in the raw format (no archive) yields one document named name,
 * with archive and member_of as its provenance (NULL for a plain file).
 */
static int
read_archive(nb_extract *x, struct archive *a, const char *name, int depth, long long mtime,
             int has_mtime, const char *archive, const char *member_of)
{
    struct archive_entry *e;
    char msg[400];

    for (;;) {
        int r = archive_read_next_header(a, &e);
        char *member, *doc;
        size_t dn;
        int rc;

        if (r == ARCHIVE_EOF)
            return 0;
        if (r < ARCHIVE_WARN) {
            snprintf(msg, sizeof msg, "corrupt or truncated archive: %s",
                     archive_error_string(a) ? archive_error_string(a) : "unknown error");
            if (error_doc(x, name, NB_E_ARCHIVE, msg, 1) < 0)
                return -1;
            if (r == ARCHIVE_FATAL)
                return 0;
            continue;
        }
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            /* Not an archive: a plain or a compressed single file. */
            rc = read_member(x, a, msg, sizeof msg);
            if (rc < 0)
                return error_doc(x, name, NB_E_ARCHIVE, msg, 1);
            if (rc > 0) {
                snprintf(msg, sizeof msg, "larger than --max-member-bytes (%zu)", x->max_member);
                return error_doc(x, name, NB_E_TOOBIG, msg, 1);
            }
            return emit(x, name, archive, member_of, mtime, has_mtime);
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        {
            const char *p = archive_entry_pathname_utf8(e);
            if (!p)
                p = archive_entry_pathname(e);
            member = utf8_name(p ? p : "?");
        }
        if (!member)
            return -1;
        dn = strlen(name) + strlen(member) + 2;
        doc = malloc(dn);
        if (!doc) {
            free(member);
            return -1;
        }
        snprintf(doc, dn, "%s!%s", name, member);
        if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)x->max_member) {
            archive_read_data_skip(a);
            snprintf(msg, sizeof msg, "member of %lld bytes, larger than --max-member-bytes (%zu)",
                     (long long)archive_entry_size(e), x->max_member);
            rc = error_doc(x, doc, NB_E_TOOBIG, msg, 1);
        } else {
            rc = read_member(x, a, msg, sizeof msg);
            if (rc < 0) {
                char full[600];
                snprintf(full, sizeof full, "corrupt or truncated archive at member '%s': %s",
                         member, msg);
                rc = error_doc(x, name, NB_E_ARCHIVE, full, 1);
                free(doc);
                free(member);
                return rc;
            } else if (rc > 0) {
                snprintf(msg, sizeof msg, "member larger than --max-member-bytes (%zu)",
                         x->max_member);
                rc = error_doc(x, doc, NB_E_TOOBIG, msg, 1);
            } else {
                rc = member_or_nested(x, doc, name, member, (long long)archive_entry_mtime(e),
                                      depth);
            }
        }
        free(doc);
        free(member);
        if (rc < 0)
            return -1;
    }
}

static int
extract_file(nb_extract *x, const char *path, const struct stat *st)
{
    struct archive *a = new_reader();
    int rc, r;

    if (!a)
        return -1;
    if (!strcmp(path, "-"))
        r = archive_read_open_fd(a, 0, BLOCK);
    else
        r = archive_read_open_filename(a, path, BLOCK);
    if (r != ARCHIVE_OK) {
        char msg[400];
        snprintf(msg, sizeof msg, "cannot read: %s",
                 archive_error_string(a) ? archive_error_string(a) : "unknown error");
        archive_read_free(a);
        return error_doc(x, path, NB_E_IO, msg, 2);
    }
    rc = read_archive(x, a, path, 0, st ? (long long)st->st_mtime : 0, st != NULL, NULL, NULL);
    archive_read_free(a);
    return rc;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int
extract_dir(nb_extract *x, const char *path)
{
    struct dirent **list;
    int n = scandir(path, &list, NULL, by_name), rc = 0;

    if (n < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        return error_doc(x, path, NB_E_IO, msg, 2);
    }
    for (int i = 0; i < n; i++) {
        const char *d = list[i]->d_name;
        size_t len = strlen(path) + strlen(d) + 2;
        char *sub;

        if (rc == 0 && strcmp(d, ".") && strcmp(d, "..")) {
            sub = malloc(len);
            if (!sub)
                rc = -1;
            else {
                snprintf(sub, len, "%s%s%s", path,
                         path[strlen(path) - 1] == '/' ? "" : "/", d);
                rc = nb_extract_operand(x, sub);
                free(sub);
            }
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

int
nb_extract_operand(nb_extract *x, const char *path)
{
    struct stat st;

    if (!strcmp(path, "-"))
        return extract_file(x, path, NULL);
    if (stat(path, &st) < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        return error_doc(x, path, NB_E_IO, msg, 2);
    }
    if (S_ISDIR(st.st_mode))
        return extract_dir(x, path);
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        return 0; /* sockets, devices in a walked tree: not reports */
    return extract_file(x, path, &st);
}

void
nb_extract_fini(nb_extract *x)
{
    nb_buf_fini(&x->raw);
    nb_buf_fini(&x->dec);
    nb_buf_fini(&x->text);
}
