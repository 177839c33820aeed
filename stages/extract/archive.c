/*
 * archive.c - the entries of an archive to documents.
 *
 * mtree is left out of the reader: it bids on ordinary text.  "empty"
 * bids only on no bytes at all, so an empty file and an empty .gz are
 * empty documents.
 *
 * Nothing vanishes and damage is never read as data: every libarchive
 * status has an outcome (read_entries, read_member), and an input that
 * gives neither a document nor an error record gets an error record
 * (end_of_archive).
 */
#include "source_private.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "text.h"

/* Consecutive failed headers (ARCHIVE_RETRY, ARCHIVE_FAILED) passed over
 * before a reader is given up: a damaged archive must not loop for ever,
 * and the tar reader steps one 512-byte block per retry (32 MiB here). */
#define MAX_FAILURES 65536L

struct archive *
ex_new_reader(void)
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

const char *
ex_errstr(struct archive *a)
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
            snprintf(msg, msgsize, "%s", ex_errstr(a));
            damaged = 1;
        } else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(msg, msgsize, "%s", ex_errstr(a));
            return r == ARCHIVE_FATAL ? MEMBER_FATAL : MEMBER_FAILED;
        }
        put = put_block(x, buf, size, off);
        if (put == MEMBER_TOOBIG && archive_read_data_skip(a) == ARCHIVE_FATAL) {
            snprintf(msg, msgsize, "%s", ex_errstr(a));
            return MEMBER_FATAL;
        }
        if (put != MEMBER_OK)
            return put;
    }
}

/*
 * Whether the sequences of GB18030 that start in p[0..k) are well formed
 * (n >= k bytes readable; one cut by the end of p is).  Only their shape is
 * checked: whether iconv maps them is the decoder's business.
 */
static int
gb18030_shaped(const unsigned char *p, size_t n, size_t k)
{
    size_t i = 0;

    while (i < k) {
        unsigned c = p[i];

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF)
            return 0;
        if (i + 1 >= n)
            return 1;
        c = p[i + 1];
        if ((c >= 0x40 && c <= 0x7E) || (c >= 0x80 && c <= 0xFE)) {
            i += 2;
            continue;
        }
        if (c < 0x30 || c > 0x39)
            return 0;
        if (i + 2 < n && (p[i + 2] < 0x81 || p[i + 2] == 0xFF))
            return 0;
        if (i + 3 < n && (p[i + 3] < 0x30 || p[i + 3] > 0x39))
            return 0;
        i += 4;
    }
    return 1;
}

/*
 * Whether p[0..n) may be an archive or compressed data, worth a libarchive
 * probe (which costs more than decoding a small report, and far more
 * than this).  Report text is UTF-8 or GB18030 without NUL; tar, cpio,
 * zip, 7z, xz, rar, cab, xar and ISO images have a NUL in their first
 * 4 KiB, and gzip, bzip2, zstd or compress data a sequence that is
 * neither UTF-8 nor GB18030 within a few bytes of their start.  ar and
 * WARC can be all text: their magic is checked.
 */
int
ex_maybe_archive(const char *p, size_t n, size_t utf8)
{
    size_t k = n < 4096 ? n : 4096;

    if (n == 0) /* an empty member: p may be NULL */
        return 0;
    if (k >= 8 && !memcmp(p, "!<arch>\n", 8))
        return 1;
    if (k >= 5 && !memcmp(p, "WARC/", 5))
        return 1;
    if (memchr(p, '\0', k))
        return 1;
    /* utf8 is the whole member's check: it is below k exactly when the
     * first 4 KiB and 3 bytes (a character cut by the mark is still
     * text) hold a bad byte below k */
    return utf8 < k && !gb18030_shaped((const unsigned char *)p, n, k);
}

/*
 * x->raw holds a member.  A nested archive is read (to x->max_depth
 * levels), a compressed single file (x.txt.gz) through its filter;
 * anything else is a document as it is.
 */
int
ex_member_or_nested(nb_extract *x, const char *doc, const char *archive, const char *member,
                    long long mtime, int depth)
{
    struct archive *a;
    struct archive_entry *e;
    char msg[400];
    nb_buf saved;
    int rc, opened, ok, raw, filtered, kind = nb_office_kind(x->raw.p, x->raw.n);
    size_t utf8;

    if (kind != NB_OFFICE_NONE) /* a .docx is a zip but one document */
        return nb_extract_office(x, kind, doc, archive, member, mtime, 1);
    /* checked once: whether it is text, then how to decode it */
    utf8 = nb_utf8_check(x->raw.p, x->raw.n);
    if (!ex_maybe_archive(x->raw.p, x->raw.n, utf8))
        return ex_emit_checked(x, doc, archive, member, mtime, 1, utf8);
    a = ex_new_reader();
    if (!a)
        return -1;
    opened = archive_read_open_memory(a, x->raw.p, x->raw.n) == ARCHIVE_OK;
    ok = opened && archive_read_next_header(a, &e) >= ARCHIVE_WARN;
    raw = ok && archive_format(a) == ARCHIVE_FORMAT_RAW;
    filtered = archive_filter_count(a) > 1;
    snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", ex_errstr(a));
    archive_read_free(a);
    if (!ok && filtered) /* a damaged .gz or .tar.gz member */
        return ex_error_doc(x, doc, NB_E_ARCHIVE, msg, 1);
    if (!ok || (raw && !filtered))
        return ex_emit_checked(x, doc, archive, member, mtime, 1, utf8);
    if (!raw && depth >= x->max_depth) {
        snprintf(msg, sizeof msg, "an archive nested more than %d level%s deep", x->max_depth,
                 x->max_depth == 1 ? "" : "s");
        return ex_error_doc(x, doc, NB_E_NESTING, msg, 1);
    }
    /* Reading the inner data reuses x->raw: move the bytes aside. */
    saved = x->raw;
    x->raw = (nb_buf){0};
    a = ex_new_reader();
    if (!a)
        rc = -1;
    else if (archive_read_open_memory(a, saved.p, saved.n) != ARCHIVE_OK) {
        snprintf(msg, sizeof msg, "corrupt or truncated archive: %s", ex_errstr(a));
        rc = ex_error_doc(x, doc, NB_E_ARCHIVE, msg, 1);
    } else
        rc = ex_read_archive(x, a, doc, depth + 1, mtime, 1, archive, member);
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

/*
 * An error record for the archive name itself: one per archive, so that
 * its id stays unique (seen remembers that it was written);
 * later trouble with the same archive is said on standard error only.
 * Returns 0, or -1 on a write error or out of memory.
 */
static int
archive_error(nb_extract *x, ex_names *seen, const char *name, const char *msg)
{
    if (ex_names_said(seen)) {
        ex_diag(x, name, msg);
        if (x->status < 1)
            x->status = 1;
        return 0;
    }
    return ex_error_doc(x, name, NB_E_ARCHIVE, msg, 1);
}

/* One regular entry of an archive: a document, a nested archive or an
 * error document.  Returns 0, 1 when the reader is done (a fatal archive
 * error, already reported), -1 on a write error or out of memory. */
static int
archive_member(nb_extract *x, struct archive *a, struct archive_entry *e, ex_names *seen,
               const char *name, const char *doc, int depth, long index)
{
    char *member = ex_member_name(e, index);
    char msg[400], full[600];
    int rc;

    if (!member)
        return -1;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)x->max_member) {
        /* Declared too big: skipped without inflating where the format
         * allows (zip, 7z, a tar on disk). */
        snprintf(msg, sizeof msg, "member of %lld bytes, larger than --max-member-bytes (%zu)",
                 (long long)archive_entry_size(e), x->max_member);
        rc = ex_error_doc(x, doc, NB_E_TOOBIG, msg, 1);
        if (rc == 0 && archive_read_data_skip(a) == ARCHIVE_FATAL) {
            snprintf(full, sizeof full, "corrupt or truncated archive after member '%s': %s",
                     member, ex_errstr(a));
            rc = archive_error(x, seen, name, full);
            rc = rc < 0 ? -1 : 1;
        }
        free(member);
        return rc;
    }
    switch (read_member(x, a, msg, sizeof msg)) {
    case MEMBER_OK:
        rc = ex_member_or_nested(x, doc, name, member, (long long)archive_entry_mtime(e), depth);
        break;
    case MEMBER_TOOBIG:
        snprintf(msg, sizeof msg, "member larger than --max-member-bytes (%zu)", x->max_member);
        rc = ex_error_doc(x, doc, NB_E_TOOBIG, msg, 1);
        break;
    case MEMBER_DAMAGED: /* a bad CRC: its bytes are not the member's */
        snprintf(full, sizeof full, "damaged member (%zu bytes read, not used): %s", x->raw.n, msg);
        rc = ex_error_doc(x, doc, NB_E_ARCHIVE, full, 1);
        break;
    case MEMBER_FAILED: /* e.g. an encrypted member: the others may be fine */
        snprintf(full, sizeof full, "unreadable member: %s", msg);
        rc = ex_error_doc(x, doc, NB_E_ARCHIVE, full, 1);
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
        return ex_emit(x, name, archive, member_of, mtime, has_mtime);
    }
    return ex_error_doc(x, name, NB_E_ARCHIVE,
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
        target = ex_utf8_name(hard ? hard : soft);
    if (target || !(hard || soft)) {
        if (hard)
            snprintf(msg, sizeof msg, "hard link to '%s': not read twice", target);
        else if (archive_entry_filetype(e) == AE_IFLNK)
            snprintf(msg, sizeof msg, "symbolic link to '%s': not followed", target ? target : "");
        else
            snprintf(msg, sizeof msg, "not a regular file (%s): not read",
                     entry_kind(archive_entry_filetype(e)));
        rc = ex_error_doc(x, doc, NB_E_SKIPPED, msg, 1);
    }
    free(target);
    return rc;
}

/*
 * Every regular entry of an open reader becomes a document.  name is the
 * operand's display name (the path, or ARCHIVE!MEMBER when nested); a
 * reader in the raw format (no archive) yields one document named name,
 * with archive and member_of as its provenance (NULL for a plain file).
 * Returns 0, or -1 on a write error or out of memory.
 */
static int
read_entries(nb_extract *x, struct archive *a, ex_names *seen, const char *name, int depth,
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
                         failures == MAX_FAILURES ? " (given up)" : "", ex_errstr(a));
                if (archive_error(x, seen, name, msg) < 0)
                    return -1;
            }
            if (r == ARCHIVE_FATAL || failures == MAX_FAILURES)
                return 0;
            continue;
        }
        if (r == ARCHIVE_WARN) { /* a name not convertible, an odd field */
            snprintf(msg, sizeof msg, "warning at entry %ld: %s", index + 1, ex_errstr(a));
            ex_diag(x, name, msg);
        }
        failures = 0;
        index++;
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            /* Not an archive: a plain or a compressed single file. */
            switch (read_member(x, a, msg, sizeof msg)) {
            case MEMBER_OK: return ex_emit(x, name, archive, member_of, mtime, has_mtime);
            case MEMBER_TOOBIG:
                snprintf(msg, sizeof msg, "larger than --max-member-bytes (%zu)", x->max_member);
                return ex_error_doc(x, name, NB_E_TOOBIG, msg, 1);
            case MEMBER_NOMEM: return -1;
            case MEMBER_DAMAGED:
                snprintf(full, sizeof full, "damaged data (%zu bytes read, not used): %s", x->raw.n,
                         msg);
                return ex_error_doc(x, name, NB_E_ARCHIVE, full, 1);
            default: return ex_error_doc(x, name, NB_E_ARCHIVE, msg, 1);
            }
        }
        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        doc = ex_entry_doc(seen, name, e, index);
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

int
ex_read_archive(nb_extract *x, struct archive *a, const char *name, int depth, long long mtime,
                int has_mtime, const char *archive, const char *member_of)
{
    ex_names *seen = ex_names_new();
    int rc;

    if (!seen)
        return -1;
    rc = read_entries(x, a, seen, name, depth, mtime, has_mtime, archive, member_of);
    ex_names_free(seen);
    return rc;
}
