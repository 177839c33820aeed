/*
 * source.c - operands to documents.
 *
 * Every operand goes through one libarchive reader with the archive
 * formats and all filters enabled plus the "raw" format: real archives
 * win the bidding, anything else (a plain file, a report.txt.gz) comes
 * out of "raw" as one entry.  So stdin needs no sniffing and no rewind.
 * mtree is left out: it bids on ordinary text.  "empty" bids only on no
 * bytes at all, so an empty file and an empty .gz are empty documents.
 *
 * Nothing vanishes and damage is never read as data: every libarchive
 * status has an outcome (read_archive, read_member), and an input that
 * gives neither a document nor an error record gets an error record
 * (end_of_archive).
 *
 * Member names: libarchive converts names stored with a declared charset
 * (zip's UTF-8 flag, pax, 7-Zip, Joliet) to the locale's charset, which
 * is why extract's main() sets a UTF-8 LC_CTYPE; names stored as bare
 * bytes (tar, cpio, zip made on Chinese Windows) come back as they are
 * and go through utf8_name(): UTF-8, else GB18030, else \xNN escapes.
 */
#include "source.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docx.h"
#include "html.h"
#include "office.h"
#include "pdf.h"
#include "stream.h"

#define BLOCK (64u << 10)

/* Consecutive failed headers (ARCHIVE_RETRY, ARCHIVE_FAILED) passed over
 * before a reader is given up: a damaged archive must not loop for ever,
 * and the tar reader steps one 512-byte block per retry (32 MiB here). */
#define MAX_FAILURES 65536L

/* An operand opened as a file descriptor, read through callbacks so that
 * an empty input and an operating-system read error can be told apart
 * from a damaged archive (libarchive reports all three alike). */
typedef struct src {
    int fd;
    int seekable;
    int err;                  /* errno of a failed read, else 0 */
    unsigned long long total; /* bytes read or skipped */
    size_t pending;           /* bytes of buf read ahead, to be returned first */
    char *buf;
} src;

static la_ssize_t
read_cb(struct archive *a, void *data, const void **buf)
{
    src *s = data;
    ssize_t n;

    if (s->pending) {
        *buf = s->buf;
        n = (ssize_t)s->pending;
        s->pending = 0;
        return n;
    }
    do
        n = read(s->fd, s->buf, BLOCK);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        s->err = errno;
        archive_set_error(a, errno, "read error: %s", strerror(errno));
        return -1;
    }
    s->total += (unsigned long long)n;
    *buf = s->buf;
    return n;
}

/* Skipping by lseek is what lets a zip bomb in a tar on disk be passed
 * over without inflating it; on a pipe libarchive reads instead. */
static la_int64_t
skip_cb(struct archive *a, void *data, la_int64_t request)
{
    src *s = data;
    off_t from, to;

    (void)a;
    if (!s->seekable)
        return 0;
    from = lseek(s->fd, 0, SEEK_CUR);
    to = from < 0 ? -1 : lseek(s->fd, (off_t)request, SEEK_CUR);
    if (to < 0) {
        s->seekable = 0;
        return 0;
    }
    s->total += (unsigned long long)(to - from);
    return (la_int64_t)(to - from);
}

static la_int64_t
seek_cb(struct archive *a, void *data, la_int64_t offset, int whence)
{
    src *s = data;
    off_t r = lseek(s->fd, (off_t)offset, whence);

    if (r < 0) {
        archive_set_error(a, errno, "seek error: %s", strerror(errno));
        return ARCHIVE_FATAL;
    }
    return (la_int64_t)r;
}

static struct archive *
new_reader(void)
{
    struct archive *a = archive_read_new();

    if (!a)
        return NULL;
    archive_read_support_filter_all(a);
    /* Order matters: with iso9660 registered before tar (libarchive
     * 3.6.2), a tar cut inside a header reads as a clean end of archive
     * instead of "Truncated tar archive".  tests/e2e/extract-bad.sh
     * (cut.tar) holds it. */
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_ar(a);
    archive_read_support_format_cab(a);
    archive_read_support_format_lha(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_warc(a);
    archive_read_support_format_xar(a);
    archive_read_support_format_iso9660(a);
    archive_read_support_format_raw(a);
    /* bids only on no data at all: an empty file, an empty .gz */
    archive_read_support_format_empty(a);
    return a;
}

static const char *
errstr(struct archive *a)
{
    static char why[160];
    const char *s = archive_error_string(a), *f = archive_format_name(a);

    if (s)
        return s;
    /* the 7-Zip reader of a file cut short says nothing */
    snprintf(why, sizeof why, "the %s reader stopped without a reason: cut short or damaged",
             f ? f : "archive");
    return why;
}

static void
diag(nb_extract *x, const char *doc, const char *msg)
{
    char d[1024], m[1024];

    if (!x->quiet)
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), nb_term_text(doc, d, sizeof d),
                nb_term_text(msg, m, sizeof m));
}

/* Write an error document; raise the status to at least level.  Returns
 * 0, or -1 on a write error or out of memory. */
static int
error_doc(nb_extract *x, const char *doc, int code, const char *msg, int level)
{
    json_t *h = nb_error_header(doc, "extract", nb_error_code_name(code), msg);
    nb_error err = {0};
    int rc;

    diag(x, doc, msg);
    x->errors++;
    if (x->status < level)
        x->status = level;
    if (!h)
        return -1;
    rc = nb_write_header(x->out, h, &err);
    json_decref(h);
    return rc;
}

int
nb_extract_error(nb_extract *x, const char *doc, int code, const char *msg)
{
    return error_doc(x, doc, code, msg, 1);
}

/* A new NUL-terminated name as UTF-8: as is when valid, else GB18030 (the
 * names of zips made on Chinese Windows), else with \xNN escapes.
 * Returns NULL when out of memory. */
static char *
utf8_name(const char *s)
{
    size_t n = strlen(s);
    nb_buf b = {0};
    const char *enc;
    nb_error err;

    if (nb_utf8_valid(s, n))
        return strdup(s);
    if (nb_decode(s, n, "gb18030", &b, &enc, &err) == 0 && nb_buf_addc(&b, '\0') == 0 &&
        strlen(b.p) == b.n - 1)
        return b.p;
    nb_buf_fini(&b);
    return nb_utf8_escape(s, n);
}

/*
 * One part of a document id, as a new string: the name as UTF-8 (as is,
 * else decoded from GB18030), with a backslash written \\, '!' written
 * \x21, and controls and bytes that are neither written \xNN.  So a part
 * never holds a bare '!' (the parts of ARCHIVE!MEMBER!INNER stay apart)
 * and never a backslash before anything but a backslash or 'x':
 * read_entries adds \#N to the N-th entry of a repeated name and writes
 * \?N for entry N whose name is unreadable, which no name can spell.
 * Returns NULL when out of memory.
 */
static char *
id_part(const char *s)
{
    size_t n = strlen(s), i = 0;
    nb_buf u = {0}, b = {0};
    const char *enc;
    nb_error err;
    int rc = 0;

    if (nb_utf8_valid(s, n) || nb_decode(s, n, "gb18030", &u, &enc, &err) < 0 ||
        memchr(u.p, '\0', u.n)) {
        u.n = 0;
        rc = nb_buf_add(&u, s, n);
    }
    while (rc == 0 && i < u.n) {
        size_t v = i + nb_utf8_check(u.p + i, u.n - i);
        char esc[8];

        for (; i < v && rc == 0; i++) {
            unsigned char c = (unsigned char)u.p[i];
            if (c == '\\')
                rc = nb_buf_adds(&b, "\\\\");
            else if (c == '!' || c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof esc, "\\x%02x", c);
                rc = nb_buf_adds(&b, esc);
            } else
                rc = nb_buf_addc(&b, c);
        }
        if (rc == 0 && v < u.n) { /* a byte that is not UTF-8 */
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)u.p[v]);
            rc = nb_buf_adds(&b, esc);
            i = v + 1;
        }
    }
    nb_buf_fini(&u);
    if (rc < 0 || nb_buf_addc(&b, '\0') < 0) {
        nb_buf_fini(&b);
        return NULL;
    }
    return b.p;
}

/* The entry's name as new UTF-8, or a placeholder naming its position when
 * libarchive could not convert it.  Returns NULL when out of memory. */
static char *
member_name(struct archive_entry *e, long index)
{
    const char *p = archive_entry_pathname(e);
    char tmp[64];

    if (!p)
        p = archive_entry_pathname_utf8(e);
    if (!p) {
        snprintf(tmp, sizeof tmp, "#%ld (name not convertible)", index);
        p = tmp;
    }
    return utf8_name(p);
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

static int
set_str(json_t *h, const char *key, const char *s)
{
    return json_object_set_new(h, key, nb_json_string_lossless(s, strlen(s)));
}

json_t *
nb_extract_header(const nb_extract *x, const char *doc, const char *archive, const char *member,
                  long long mtime, int has_mtime, const char *format, const char *encoding)
{
    json_t *h = json_object();
    int rc;

    if (!h)
        return NULL;
    rc = set_str(h, "doc", doc);
    if (archive)
        rc |= set_str(h, "archive", archive);
    if (member)
        rc |= set_str(h, "member", member);
    rc |= json_object_set_new(h, "bytes", json_integer((json_int_t)x->raw.n));
    if (has_mtime)
        rc |= json_object_set_new(h, "mtime", json_integer(mtime));
    rc |= json_object_set_new(h, "format", json_string(format));
    rc |= set_str(h, "encoding", encoding);
    if (rc) {
        json_decref(h);
        return NULL;
    }
    return h;
}

/*
 * Emit one document from the bytes in x->raw: decode, HTML to text, clean
 * controls.  archive and member may be NULL (a plain file).  Returns 0, or
 * -1 on a write error or out of memory.
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
    json_t *h, *meta = NULL;
    int html, rc, kind = nb_office_kind(x->raw.p, x->raw.n);

    if (kind != NB_OFFICE_NONE)
        return nb_extract_office(x, kind, doc, archive, member, mtime, has_mtime);
    /* The charset a page declares is read from the raw bytes (it is
     * ASCII); whether it is HTML is decided again after decoding, so a
     * UTF-16 page is recognised too. */
    html = has_html_ext(name) || nb_html_sniff(x->raw.p, x->raw.n);
    if (html && nb_html_charset(x->raw.p, x->raw.n, charset, sizeof charset))
        hint = charset;
    if (nb_decode(x->raw.p, x->raw.n, hint, &x->dec, &enc, &err) < 0)
        return err.code == NB_E_NOMEM ? -1 : error_doc(x, doc, err.code, err.text, 1);
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
            return err.code == NB_E_NOMEM ? -1 : error_doc(x, doc, err.code, err.text, 1);
        }
        body = &x->text;
    }
    body->n = nb_clean_controls(body->p, body->n, &removed);

    h = nb_extract_header(x, doc, archive, member, mtime, has_mtime, format, enc);
    if (!h) {
        json_decref(meta);
        return -1;
    }
    rc = json_object_set_new(h, "controls", json_integer(removed));
    if (meta && json_object_size(meta) > 0)
        rc |= json_object_set(h, "meta", meta); /* the page's evidence of who wrote it */
    json_decref(meta);
    if (rc || nb_write_header(x->out, h, &err) < 0) {
        json_decref(h);
        return -1;
    }
    json_decref(h);
    if (nb_write_body(x->out, body->p, body->n, &err) < 0)
        return -1;
    x->docs++;
    return 0;
}

enum { MEMBER_OK, MEMBER_TOOBIG, MEMBER_DAMAGED, MEMBER_FAILED, MEMBER_FATAL, MEMBER_NOMEM };

/* Put a block read at offset off into x->raw, zeros in the holes before
 * it (a sparse member).  Returns MEMBER_OK, MEMBER_TOOBIG or MEMBER_NOMEM. */
static int
put_block(nb_extract *x, const void *buf, size_t size, la_int64_t off)
{
    size_t at = off < 0 ? x->raw.n : (size_t)off, end;

    if ((off >= 0 && (unsigned long long)off > x->max_member) || size > x->max_member - at)
        return MEMBER_TOOBIG;
    end = at + size;
    if (end > x->raw.n) {
        if (nb_buf_reserve(&x->raw, end - x->raw.n) < 0)
            return MEMBER_NOMEM;
        if (at > x->raw.n)
            memset(x->raw.p + x->raw.n, 0, at - x->raw.n);
    }
    if (size > 0)
        memcpy(x->raw.p + at, buf, size);
    if (end > x->raw.n)
        x->raw.n = end;
    return MEMBER_OK;
}

/*
 * Read the current entry's data into x->raw, at most x->max_member bytes
 * (holes of a sparse member as zeros): a larger member is skipped, never
 * held whole.  Every libarchive status has its outcome: ARCHIVE_WARN (a
 * bad CRC, most often) keeps its bytes but makes the member
 * MEMBER_DAMAGED; ARCHIVE_RETRY and ARCHIVE_FAILED make it MEMBER_FAILED
 * (this entry is unreadable, the next may not be), ARCHIVE_FATAL
 * MEMBER_FATAL (the reader is done).  msg then holds libarchive's reason.
 */
static int
read_member(nb_extract *x, struct archive *a, char *msg, size_t msgsize)
{
    int damaged = 0;

    x->raw.n = 0;
    for (;;) {
        const void *buf;
        size_t size;
        la_int64_t off;
        int r = archive_read_data_block(a, &buf, &size, &off), put;

        if (r == ARCHIVE_EOF)
            return damaged ? MEMBER_DAMAGED : MEMBER_OK;
        if (r == ARCHIVE_WARN && !damaged) {
            snprintf(msg, msgsize, "%s", errstr(a));
            damaged = 1;
        } else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(msg, msgsize, "%s", errstr(a));
            return r == ARCHIVE_FATAL ? MEMBER_FATAL : MEMBER_FAILED;
        }
        put = put_block(x, buf, size, off);
        if (put == MEMBER_TOOBIG && archive_read_data_skip(a) == ARCHIVE_FATAL) {
            snprintf(msg, msgsize, "%s", errstr(a));
            return MEMBER_FATAL;
        }
        if (put != MEMBER_OK)
            return put;
    }
}

static int read_archive(nb_extract *x, struct archive *a, const char *name, int depth,
                        long long mtime, int has_mtime, const char *archive, const char *member);

/*
 * Whether bytes may be an archive or compressed data, worth a libarchive
 * probe (which costs more than decoding a small report).  Report text is
 * UTF-8 without NUL; tar, cpio, zip, 7z, compressed data and ISO images
 * all have a NUL or a non-UTF-8 byte in their first 4 KiB.  ar and WARC
 * can be all text: their magic is checked.
 */
static int
maybe_archive(const char *p, size_t n)
{
    size_t k = n < 4096 ? n : 4096;
    /* a character cut by the 4 KiB mark is still text: look 3 bytes on */
    size_t k3 = n < 4099 ? n : 4099;

    if (n == 0) /* an empty member: p may be NULL */
        return 0;
    if (k >= 8 && !memcmp(p, "!<arch>\n", 8))
        return 1;
    if (k >= 5 && !memcmp(p, "WARC/", 5))
        return 1;
    return memchr(p, '\0', k) != NULL || nb_utf8_check(p, k3) < k;
}

/*
 * x->raw holds a member.  A nested archive is read (to x->max_depth
 * levels), a compressed single file (x.txt.gz) through its filter;
 * anything else is a document as it is.
 */
static int
member_or_nested(nb_extract *x, const char *doc, const char *archive, const char *member,
                 long long mtime, int depth)
{
    struct archive *a;
    struct archive_entry *e;
    char msg[400];
    nb_buf saved;
    int rc, opened, ok, raw, filtered, kind = nb_office_kind(x->raw.p, x->raw.n);

    if (kind != NB_OFFICE_NONE) /* a .docx is a zip but one document */
        return nb_extract_office(x, kind, doc, archive, member, mtime, 1);
    if (!maybe_archive(x->raw.p, x->raw.n))
        return emit(x, doc, archive, member, mtime, 1);
    a = new_reader();
    if (!a)
        return -1;
    opened = archive_read_open_memory(a, x->raw.p, x->raw.n) == ARCHIVE_OK;
    ok = opened && archive_read_next_header(a, &e) >= ARCHIVE_WARN;
    raw = ok && archive_format(a) == ARCHIVE_FORMAT_RAW;
    filtered = archive_filter_count(a) > 1;
    snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", errstr(a));
    archive_read_free(a);
    if (!ok && filtered) /* a damaged .gz or .tar.gz member */
        return error_doc(x, doc, NB_E_ARCHIVE, msg, 1);
    if (!ok || (raw && !filtered))
        return emit(x, doc, archive, member, mtime, 1);
    if (!raw && depth >= x->max_depth) {
        snprintf(msg, sizeof msg, "an archive nested more than %d level%s deep", x->max_depth,
                 x->max_depth == 1 ? "" : "s");
        return error_doc(x, doc, NB_E_NESTING, msg, 1);
    }
    /* Reading the inner data reuses x->raw: move the bytes aside. */
    saved = x->raw;
    x->raw = (nb_buf){0};
    a = new_reader();
    if (!a)
        rc = -1;
    else if (archive_read_open_memory(a, saved.p, saved.n) != ARCHIVE_OK) {
        snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", errstr(a));
        rc = error_doc(x, doc, NB_E_ARCHIVE, msg, 1);
    } else
        rc = read_archive(x, a, doc, depth + 1, mtime, 1, archive, member);
    archive_read_free(a);
    nb_buf_fini(&x->raw);
    x->raw = saved;
    return rc;
}

static const char *
entry_kind(unsigned type)
{
    switch (type) {
    case AE_IFLNK: return "symbolic link";
    case AE_IFCHR: return "character device";
    case AE_IFBLK: return "block device";
    case AE_IFIFO: return "FIFO";
    case AE_IFSOCK: return "socket";
    default: return "unknown type";
    }
}

/* "name!member" as a new string, or NULL when out of memory. */
static char *
join_doc(const char *name, const char *member)
{
    size_t n = strlen(name) + strlen(member) + 2;
    char *doc = malloc(n);

    if (doc)
        snprintf(doc, n, "%s!%s", name, member);
    return doc;
}

/*
 * An error record for the archive name itself: one per archive, so that
 * its id stays unique (seen remembers it under a key no part can be);
 * later trouble with the same archive is said on standard error only.
 * Returns 0, or -1 on a write error or out of memory.
 */
static int
archive_error(nb_extract *x, json_t *seen, const char *name, const char *msg)
{
    static const char said[] = "\\!";

    if (json_object_get(seen, said)) {
        diag(x, name, msg);
        if (x->status < 1)
            x->status = 1;
        return 0;
    }
    if (json_object_set_new(seen, said, json_true()) < 0)
        return -1;
    return error_doc(x, name, NB_E_ARCHIVE, msg, 1);
}

/* One regular entry of an archive: a document, a nested archive or an
 * error document.  Returns 0, 1 when the reader is done (a fatal archive
 * error, already reported), -1 on a write error or out of memory. */
static int
archive_member(nb_extract *x, struct archive *a, struct archive_entry *e, json_t *seen,
               const char *name, const char *doc, int depth, long index)
{
    char *member = member_name(e, index);
    char msg[400], full[600];
    int rc;

    if (!member)
        return -1;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)x->max_member) {
        /* Declared too big: skipped without inflating where the format
         * allows (zip, 7z, a tar on disk). */
        snprintf(msg, sizeof msg, "member of %lld bytes, larger than --max-member-bytes (%zu)",
                 (long long)archive_entry_size(e), x->max_member);
        rc = error_doc(x, doc, NB_E_TOOBIG, msg, 1);
        if (rc == 0 && archive_read_data_skip(a) == ARCHIVE_FATAL) {
            snprintf(full, sizeof full, "corrupt or truncated archive after member '%s': %s",
                     member, errstr(a));
            rc = archive_error(x, seen, name, full);
            rc = rc < 0 ? -1 : 1;
        }
        free(member);
        return rc;
    }
    switch (read_member(x, a, msg, sizeof msg)) {
    case MEMBER_OK:
        rc = member_or_nested(x, doc, name, member, (long long)archive_entry_mtime(e), depth);
        break;
    case MEMBER_TOOBIG:
        snprintf(msg, sizeof msg, "member larger than --max-member-bytes (%zu)", x->max_member);
        rc = error_doc(x, doc, NB_E_TOOBIG, msg, 1);
        break;
    case MEMBER_DAMAGED: /* a bad CRC: its bytes are not the member's */
        snprintf(full, sizeof full, "damaged member (%zu bytes read, not used): %s", x->raw.n, msg);
        rc = error_doc(x, doc, NB_E_ARCHIVE, full, 1);
        break;
    case MEMBER_FAILED: /* e.g. an encrypted member: the others may be fine */
        snprintf(full, sizeof full, "unreadable member: %s", msg);
        rc = error_doc(x, doc, NB_E_ARCHIVE, full, 1);
        break;
    case MEMBER_FATAL:
        snprintf(full, sizeof full, "corrupt or truncated archive at member '%s': %s", member, msg);
        rc = archive_error(x, seen, name, full);
        rc = rc < 0 ? -1 : 1;
        break;
    default: rc = -1; break;
    }
    free(member);
    return rc;
}

/*
 * The end of an archive that gave no document and no error record: an
 * empty input (the "empty" format: a document with no body; an empty
 * .gz too), else an archive with no files, or bytes that only look like
 * one (a file beginning with 512 zero bytes reads as an empty tar).
 * Either way the input is accounted for by an error record.
 */
static int
end_of_archive(nb_extract *x, struct archive *a, const char *name, long before, long long mtime,
               int has_mtime, const char *archive, const char *member_of)
{
    if (x->docs + x->errors != before)
        return 0;
    if (archive_format(a) == ARCHIVE_FORMAT_EMPTY) {
        x->raw.n = 0;
        return emit(x, name, archive, member_of, mtime, has_mtime);
    }
    return error_doc(x, name, NB_E_ARCHIVE,
                     "no files: an empty archive, or data that begins like one (zero bytes)", 1);
}

/* An entry that is not a regular file: a directory is passed over; a
 * link, a device, a FIFO or a socket is a "skipped" record, so that every
 * member is accounted for.  Returns 0, or -1 on a write error or out of
 * memory. */
static int
special_entry(nb_extract *x, struct archive_entry *e, const char *doc)
{
    const char *hard = archive_entry_hardlink(e), *soft = archive_entry_symlink(e);
    char *target = NULL;
    char msg[600];
    int rc = -1;

    if (hard || (archive_entry_filetype(e) == AE_IFLNK && soft))
        target = utf8_name(hard ? hard : soft);
    if (target || !(hard || soft)) {
        if (hard)
            snprintf(msg, sizeof msg, "hard link to '%s': not read twice", target);
        else if (archive_entry_filetype(e) == AE_IFLNK)
            snprintf(msg, sizeof msg, "symbolic link to '%s': not followed", target ? target : "");
        else
            snprintf(msg, sizeof msg, "not a regular file (%s): not read",
                     entry_kind(archive_entry_filetype(e)));
        rc = error_doc(x, doc, NB_E_SKIPPED, msg, 1);
    }
    free(target);
    return rc;
}

/*
 * The id of an entry: NAME!PART (id_part), with \#N after the N-th
 * entry of a part already seen in this archive (seen counts them), or
 * NAME!\?N for entry N whose name libarchive cannot give.  Returns a new
 * string, or NULL when out of memory.
 */
static char *
entry_doc(json_t *seen, const char *name, struct archive_entry *e, long index)
{
    const char *p = archive_entry_pathname(e);
    char *part, *doc = NULL, tail[32] = "";
    json_int_t k;

    if (!p)
        p = archive_entry_pathname_utf8(e);
    if (!p) {
        snprintf(tail, sizeof tail, "\\?%ld", index);
        return join_doc(name, tail);
    }
    part = id_part(p);
    if (!part)
        return NULL;
    k = json_integer_value(json_object_get(seen, part)) + 1;
    if (json_object_set_new(seen, part, json_integer(k)) == 0) {
        if (k > 1)
            snprintf(tail, sizeof tail, "\\#%lld", (long long)k);
        doc = malloc(strlen(part) + strlen(tail) + 1);
        if (doc) {
            strcpy(doc, part);
            strcat(doc, tail);
        }
    }
    free(part);
    part = doc ? join_doc(name, doc) : NULL;
    free(doc);
    return part;
}

/*
 * Every regular entry of an open reader becomes a document.  name is the
 * operand's display name (the path, or ARCHIVE!MEMBER when nested); a
 * reader in the raw format (no archive) yields one document named name,
 * with archive and member_of as its provenance (NULL for a plain file).
 * Returns 0, or -1 on a write error or out of memory.
 */
static int
read_entries(nb_extract *x, struct archive *a, json_t *seen, const char *name, int depth,
             long long mtime, int has_mtime, const char *archive, const char *member_of)
{
    struct archive_entry *e;
    char *doc;
    char msg[400], full[600];
    long index = 0, before = x->docs + x->errors, failures = 0;

    for (;;) {
        int r = archive_read_next_header(a, &e), rc;

        if (r == ARCHIVE_EOF)
            return end_of_archive(x, a, name, before, mtime, has_mtime, archive, member_of);
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            /* ARCHIVE_RETRY (a damaged tar header: the reader steps to
             * the next block), ARCHIVE_FAILED, ARCHIVE_FATAL: one record
             * for a run of failures */
            if (failures++ == 0 || r == ARCHIVE_FATAL || failures == MAX_FAILURES) {
                snprintf(msg, sizeof msg, "corrupt or truncated archive%s: %s",
                         failures == MAX_FAILURES ? " (given up)" : "", errstr(a));
                if (archive_error(x, seen, name, msg) < 0)
                    return -1;
            }
            if (r == ARCHIVE_FATAL || failures == MAX_FAILURES)
                return 0;
            continue;
        }
        if (r == ARCHIVE_WARN) { /* a name not convertible, an odd field */
            snprintf(msg, sizeof msg, "warning at entry %ld: %s", index + 1, errstr(a));
            diag(x, name, msg);
        }
        failures = 0;
        index++;
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            /* Not an archive: a plain or a compressed single file. */
            switch (read_member(x, a, msg, sizeof msg)) {
            case MEMBER_OK: return emit(x, name, archive, member_of, mtime, has_mtime);
            case MEMBER_TOOBIG:
                snprintf(msg, sizeof msg, "larger than --max-member-bytes (%zu)", x->max_member);
                return error_doc(x, name, NB_E_TOOBIG, msg, 1);
            case MEMBER_NOMEM: return -1;
            case MEMBER_DAMAGED:
                snprintf(full, sizeof full, "damaged data (%zu bytes read, not used): %s", x->raw.n,
                         msg);
                return error_doc(x, name, NB_E_ARCHIVE, full, 1);
            default: return error_doc(x, name, NB_E_ARCHIVE, msg, 1);
            }
        }
        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        doc = entry_doc(seen, name, e, index);
        if (!doc)
            return -1;
        if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))
            rc = special_entry(x, e, doc);
        else
            rc = archive_member(x, a, e, seen, name, doc, depth, index);
        free(doc);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
    }
}

static int
read_archive(nb_extract *x, struct archive *a, const char *name, int depth, long long mtime,
             int has_mtime, const char *archive, const char *member_of)
{
    json_t *seen = json_object();
    int rc;

    if (!seen)
        return -1;
    rc = read_entries(x, a, seen, name, depth, mtime, has_mtime, archive, member_of);
    json_decref(seen);
    return rc;
}

/*
 * Read ahead the operand's first block into s->buf (read_cb returns it
 * first).  When it may be an Office zip (a .docx is one document, not an
 * archive, and a zip cannot be rewound on a pipe), read the whole operand
 * into x->raw and decide on all of it.  Returns 0 when the operand is left
 * to libarchive, 1 when done here, -1 on a write error or out of memory.
 */
static int
office_operand(nb_extract *x, src *s, const char *name, const struct stat *st)
{
    long long mtime = st ? (long long)st->st_mtime : 0;
    ssize_t n = 1;
    char msg[200];
    int kind;

    while (s->pending < BLOCK && n > 0) {
        n = read(s->fd, s->buf + s->pending, BLOCK - s->pending);
        if (n > 0)
            s->pending += (size_t)n;
        else if (n < 0 && errno == EINTR)
            n = 1;
    }
    s->total = s->pending;
    if (!nb_docx_hint(s->buf, s->pending))
        return 0;
    x->raw.n = 0;
    if (nb_buf_add(&x->raw, s->buf, s->pending) < 0)
        return -1;
    s->pending = 0;
    for (n = 1; n > 0 && x->raw.n <= x->max_member;) {
        if (nb_buf_reserve(&x->raw, BLOCK) < 0)
            return -1;
        n = read(s->fd, x->raw.p + x->raw.n, BLOCK);
        if (n > 0)
            x->raw.n += (size_t)n;
        else if (n < 0 && errno == EINTR)
            n = 1;
    }
    if (n < 0) {
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        return error_doc(x, name, NB_E_IO, msg, 2) < 0 ? -1 : 1;
    }
    if (x->raw.n > x->max_member && s->seekable && lseek(s->fd, 0, SEEK_SET) == 0) {
        s->total = 0; /* too big for a Word file: an archive, read from the start */
        return 0;
    }
    if (x->raw.n > x->max_member) {
        snprintf(msg, sizeof msg,
                 "a zip naming Office parts, larger than --max-member-bytes (%zu) and not "
                 "seekable: give it as a file",
                 x->max_member);
        return error_doc(x, name, NB_E_TOOBIG, msg, 1) < 0 ? -1 : 1;
    }
    kind = nb_office_kind(x->raw.p, x->raw.n);
    if (kind != NB_OFFICE_NONE)
        return nb_extract_office(x, kind, name, NULL, NULL, mtime, st != NULL) < 0 ? -1 : 1;
    /* a zip after all, now in memory: read as a member is, one level up */
    return member_or_nested(x, name, NULL, NULL, mtime, -1) < 0 ? -1 : 1;
}

/* An empty operand is an empty document, not an unreadable archive. */
static int
empty_doc(nb_extract *x, const char *name, const struct stat *st)
{
    x->raw.n = 0;
    return emit(x, name, NULL, NULL, st ? (long long)st->st_mtime : 0, st != NULL);
}

static int
extract_file(nb_extract *x, const char *path, const char *name, const struct stat *st)
{
    src s = {.fd = 0};
    struct archive *a = NULL;
    struct stat fst;
    char msg[400];
    int rc = 0;
    int own = strcmp(path, "-") != 0;

    if (own) {
        do
            s.fd = open(path, O_RDONLY | O_CLOEXEC);
        while (s.fd < 0 && errno == EINTR);
        if (s.fd < 0) {
            snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
            return error_doc(x, name, NB_E_IO, msg, 2);
        }
    }
    s.seekable = fstat(s.fd, &fst) == 0 && S_ISREG(fst.st_mode);
    s.buf = malloc(BLOCK);
    a = new_reader();
    if (!s.buf || !a) {
        rc = -1;
        goto done;
    }
    rc = office_operand(x, &s, name, st);
    if (rc != 0) {
        rc = rc < 0 ? -1 : 0;
        goto done;
    }
    archive_read_set_callback_data(a, &s);
    archive_read_set_read_callback(a, read_cb);
    archive_read_set_skip_callback(a, skip_cb);
    if (s.seekable)
        archive_read_set_seek_callback(a, seek_cb);
    if (archive_read_open1(a) != ARCHIVE_OK) {
        if (s.err) {
            snprintf(msg, sizeof msg, "cannot read: %s", strerror(s.err));
            rc = error_doc(x, name, NB_E_IO, msg, 2);
        } else if (s.total == 0) {
            rc = empty_doc(x, name, st);
        } else {
            snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", errstr(a));
            rc = error_doc(x, name, NB_E_ARCHIVE, msg, 1);
        }
        goto done;
    }
    rc = read_archive(x, a, name, 0, st ? (long long)st->st_mtime : 0, st != NULL, NULL, NULL);
    if (rc == 0 && s.err && x->status < 2)
        x->status = 2; /* an I/O error, reported as a damaged archive */
done:
    archive_read_free(a);
    free(s.buf);
    if (own)
        close(s.fd);
    return rc;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int operand(nb_extract *x, const char *path, int walked);

static int
extract_dir(nb_extract *x, const char *path, const char *name)
{
    struct dirent **list;
    int n = scandir(path, &list, NULL, by_name), rc = 0;

    if (n < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        return error_doc(x, name, NB_E_IO, msg, 2);
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
                snprintf(sub, len, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", d);
                rc = operand(x, sub, 1);
                free(sub);
            }
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

/* The id of an operand (id_part), with \\#N when the same path comes
 * again ("extract a.txt a.txt", "-" twice), as a repeated member's.
 * Returns a new string, or NULL when out of memory. */
static char *
operand_id(nb_extract *x, const char *path)
{
    char *part = strcmp(path, "-") ? id_part(path) : strdup("-"), *id;
    char tail[32] = "";
    json_int_t k;

    if (!part)
        return NULL;
    if (!x->ids && !(x->ids = json_object())) {
        free(part);
        return NULL;
    }
    k = json_integer_value(json_object_get(x->ids, part)) + 1;
    if (json_object_set_new(x->ids, part, json_integer(k)) < 0 || k == 1)
        return k == 1 ? part : (free(part), NULL);
    snprintf(tail, sizeof tail, "\\#%lld", (long long)k);
    id = malloc(strlen(part) + strlen(tail) + 1);
    if (id) {
        strcpy(id, part);
        strcat(id, tail);
    }
    free(part);
    return id;
}

/* walked: path was found in a directory walk, where symbolic links to
 * directories are not followed (a link to a parent would loop) and
 * sockets, devices and FIFOs are not reports. */
static int
operand(nb_extract *x, const char *path, int walked)
{
    struct stat st;
    char *name;
    int rc;

    name = operand_id(x, path);
    if (!name)
        return -1;
    if (!strcmp(path, "-")) {
        rc = extract_file(x, path, name, NULL);
        free(name);
        return rc;
    }
    if (walked && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode))
        rc = 0;
    else if (stat(path, &st) < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        rc = error_doc(x, name, NB_E_IO, msg, 2);
    } else if (S_ISDIR(st.st_mode))
        rc = extract_dir(x, path, name);
    else if (walked && !S_ISREG(st.st_mode))
        rc = 0;
    else
        rc = extract_file(x, path, name, &st);
    free(name);
    return rc;
}

int
nb_extract_operand(nb_extract *x, const char *path)
{
    return operand(x, path, 0);
}

void
nb_extract_fini(nb_extract *x)
{
    nb_buf_fini(&x->raw);
    nb_buf_fini(&x->dec);
    nb_buf_fini(&x->text);
    json_decref(x->ids);
    x->ids = NULL;
    nb_pdf_cleanup();
}
