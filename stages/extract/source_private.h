/*
 * source_private.h - what extract's reading of operands shares between its
 * files: source.c (operands: files, directories, stdin), archive.c (the
 * libarchive reader: entries, members, nested archives), docid.c (member
 * names and document ids) and emit.c (documents and error documents).
 */
#ifndef NB_SOURCE_PRIVATE_H
#define NB_SOURCE_PRIVATE_H

#include <stdint.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "source.h"

/* emit.c */

/* A diagnostic "extract: doc: msg" on stderr, unless x->quiet. */
void ex_diag(nb_extract *x, const char *doc, const char *msg);

/* Write an error document; raise x->status to at least level.  Returns
 * 0, or -1 on a write error or out of memory. */
int ex_error_doc(nb_extract *x, const char *doc, int code, const char *msg, int level);

/* Emit one document from the bytes in x->raw: decode, HTML to text, clean
 * controls.  archive and member may be NULL (a plain file).  Returns 0, or
 * -1 on a write error or out of memory. */
int ex_emit(nb_extract *x, const char *doc, const char *archive, const char *member,
            long long mtime, int has_mtime);

/* ex_emit when x->raw has been checked: it is no PDF nor Office file
 * (nb_office_kind), and utf8 is nb_utf8_check of it. */
int ex_emit_checked(nb_extract *x, const char *doc, const char *archive, const char *member,
                    long long mtime, int has_mtime, size_t utf8);

/* archive.c */

/* A new reader with every filter and the archive formats extract reads,
 * "raw" last (anything else is one entry), or NULL when out of memory. */
struct archive *ex_new_reader(void);

/* libarchive's reason for a's last error, or one naming the format when it
 * gave none (a static string, valid until the next call). */
const char *ex_errstr(struct archive *a);

/* Every regular entry of an open reader becomes a document (see archive.c).
 * Returns 0, or -1 on a write error or out of memory. */
int ex_read_archive(nb_extract *x, struct archive *a, const char *name, int depth, long long mtime,
                    int has_mtime, const char *archive, const char *member_of);

/* Whether a member's bytes p[0..n) may be an archive or compressed data,
 * worth a probe by libarchive, rather than text; utf8 is nb_utf8_check of
 * them. */
int ex_maybe_archive(const char *p, size_t n, size_t utf8);

/* x->raw holds a member: a nested archive is read (to x->max_depth
 * levels), a compressed single file through its filter, anything else is
 * a document.  Returns 0, or -1 on a write error or out of memory. */
int ex_member_or_nested(nb_extract *x, const char *doc, const char *archive, const char *member,
                        long long mtime, int depth);

/* gunzip.c: a gzip operand inflated with ISA-L (when NB_HAVE_ISAL) */

typedef struct ex_gz ex_gz;

/* A reader of the gzip members of the operand fd whose first n bytes,
 * first[0..n), were read ahead, when they begin with a whole gzip header;
 * it asks read(2) for read_size bytes at a time (0: 64 KiB); read errors
 * go to *err, bytes read are added to *total.  Returns 1 with *gp set, 0
 * when it is no gzip (*gp NULL), -1 when out of memory. */
int ex_gz_new(ex_gz **gp, int fd, const char *first, size_t n, size_t read_size, int *err,
              unsigned long long *total);

/* libarchive's read callback over the inflated stream (data: the ex_gz). */
la_ssize_t ex_gz_read(struct archive *a, void *data, const void **buf);

void ex_gz_free(ex_gz *g);

/* docid.c */

/* A new NUL-terminated name as UTF-8 (as is, else GB18030, else with \xNN
 * escapes), or NULL when out of memory. */
char *ex_utf8_name(const char *s);

/* The entry's name as new UTF-8, or a placeholder naming its position when
 * libarchive could not convert it.  NULL when out of memory. */
char *ex_member_name(struct archive_entry *e, long index);

/* The names met in one archive (or among the operands), counted by hash
 * for the \#N of repeats. */
typedef struct ex_names ex_names;

/* A new empty count of names, or NULL when out of memory. */
ex_names *ex_names_new(void);
void ex_names_free(ex_names *names);

/* How many times part has now been met (this time included): 1 the
 * first time, counted by a 64-bit hash of part.  0 when out of memory. */
uint64_t ex_names_count(ex_names *names, const char *part);

/* Whether the archive's own error record was written already; it is
 * from now on. */
int ex_names_said(ex_names *names);

/* The id of entry number index of archive name (seen counts the parts
 * met so far), as a new string; NULL when out of memory. */
char *ex_entry_doc(ex_names *seen, const char *name, struct archive_entry *e, long index);

/* The id of an operand, as a new string; NULL when out of memory. */
char *ex_operand_id(nb_extract *x, const char *path);

#endif
