/*
 * source.c - operands to documents: files, directories and stdin.
 *
 * Every operand goes through one libarchive reader (archive.c) with the
 * archive formats and all filters enabled plus the "raw" format: real
 * archives win the bidding, anything else (a plain file, a report.txt.gz)
 * comes out of "raw" as one entry.  So stdin needs no sniffing and no
 * rewind; only a zip that may be a Word file is read ahead whole
 * (office_operand).  The operand is read through callbacks so that an
 * empty input and a read error are told apart from a damaged archive.
 */
#include "source_private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docx.h"
#include "guard.h"
#include "office.h"
#include "pdf.h"

#define BLOCK (64u << 10)

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
        return ex_error_doc(x, name, NB_E_IO, msg, 2) < 0 ? -1 : 1;
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
        return ex_error_doc(x, name, NB_E_TOOBIG, msg, 1) < 0 ? -1 : 1;
    }
    kind = nb_office_kind(x->raw.p, x->raw.n);
    if (kind != NB_OFFICE_NONE)
        return nb_extract_office(x, kind, name, NULL, NULL, mtime, st != NULL) < 0 ? -1 : 1;
    /* a zip after all, now in memory: read as a member is, one level up */
    return ex_member_or_nested(x, name, NULL, NULL, mtime, -1) < 0 ? -1 : 1;
}

/* An empty operand is an empty document, not an unreadable archive. */
static int
empty_doc(nb_extract *x, const char *name, const struct stat *st)
{
    x->raw.n = 0;
    return ex_emit(x, name, NULL, NULL, st ? (long long)st->st_mtime : 0, st != NULL);
}

static int
extract_file(nb_extract *x, const char *path, const char *name, const struct stat *st)
{
    src s = {.fd = 0};
    ex_gz *gz = NULL;
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
            return ex_error_doc(x, name, NB_E_IO, msg, 2);
        }
    }
    s.seekable = fstat(s.fd, &fst) == 0 && S_ISREG(fst.st_mode);
    s.buf = malloc(BLOCK);
    a = ex_new_reader();
    if (!s.buf || !a) {
        rc = -1;
        goto done;
    }
    rc = office_operand(x, &s, name, st);
    if (rc != 0) {
        rc = rc < 0 ? -1 : 0;
        goto done;
    }
    if (!x->gzip_by_libarchive &&
        ex_gz_new(&gz, s.fd, s.buf, s.pending, x->gzip_read_size, &s.err, &s.total) < 0) {
        rc = -1;
        goto done;
    }
    if (gz) { /* inflated here; not seekable, as through libarchive's filter */
        archive_read_set_callback_data(a, gz);
        archive_read_set_read_callback(a, ex_gz_read);
    } else {
        archive_read_set_callback_data(a, &s);
        archive_read_set_read_callback(a, read_cb);
        archive_read_set_skip_callback(a, skip_cb);
        if (s.seekable)
            archive_read_set_seek_callback(a, seek_cb);
    }
    if (archive_read_open1(a) != ARCHIVE_OK) {
        if (s.err) {
            snprintf(msg, sizeof msg, "cannot read: %s", strerror(s.err));
            rc = ex_error_doc(x, name, NB_E_IO, msg, 2);
        } else if (s.total == 0) {
            rc = empty_doc(x, name, st);
        } else {
            snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", ex_errstr(a));
            rc = ex_error_doc(x, name, NB_E_ARCHIVE, msg, 1);
        }
        goto done;
    }
    rc = ex_read_archive(x, a, name, 0, st ? (long long)st->st_mtime : 0, st != NULL, NULL, NULL);
    if (rc == 0 && s.err && x->status < 2)
        x->status = 2; /* an I/O error, reported as a damaged archive */
done:
    archive_read_free(a);
    ex_gz_free(gz);
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
        return ex_error_doc(x, name, NB_E_IO, msg, 2);
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

/* walked: path was found in a directory walk, where symbolic links to
 * directories are not followed (a link to a parent would loop) and
 * sockets, devices and FIFOs are not reports: each is a skipped record,
 * as in an archive.  An entry that cannot be opened (a dangling link) is
 * an error record of its own, not trouble: the operand was read. */
static int
operand(nb_extract *x, const char *path, int walked)
{
    struct stat st;
    char *name;
    int rc;

    name = ex_operand_id(x, path);
    if (!name)
        return -1;
    if (!strcmp(path, "-")) {
        rc = extract_file(x, path, name, NULL);
        free(name);
        return rc;
    }
    if (walked && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode))
        rc = ex_error_doc(x, name, NB_E_SKIPPED, "a link to a directory: not followed", 1);
    else if (stat(path, &st) < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        rc = ex_error_doc(x, name, NB_E_IO, msg, walked ? 1 : 2);
    } else if (S_ISDIR(st.st_mode))
        rc = extract_dir(x, path, name);
    else if (walked && !S_ISREG(st.st_mode))
        rc =
            ex_error_doc(x, name, NB_E_SKIPPED, "not a regular file (a FIFO, socket or device)", 1);
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
    nb_buf_fini(&x->hdr);
    ex_names_free(x->ids);
    x->ids = NULL;
    nb_guard_free(x->pdf_guard);
    x->pdf_guard = NULL;
    nb_pdf_cleanup();
}
