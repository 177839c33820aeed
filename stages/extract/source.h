/*
 * source.h - extract's reading of operands: archives (every format and
 * filter libarchive reads), compressed single files, plain files,
 * directories and stdin, each turned into documents on a stream.
 */
#ifndef NB_SOURCE_H
#define NB_SOURCE_H

#include <jansson.h>
#include <stdio.h>

#include "text.h"

struct ex_names; /* docid.c */
struct nb_guard; /* guard.h */

typedef struct nb_extract {
    FILE *out;
    size_t max_member; /* bytes; a larger member is an error document */
    int max_depth;     /* archives inside archives: levels read */
    int quiet;
    int pdf_seconds; /* CPU limit of a PDF's conversion in a worker; 0: in this process */
    struct nb_guard *pdf_guard; /* the worker, from the first PDF */
    int status;                 /* 0, 1 (error documents written), 2 (trouble) */
    long docs, errors;          /* counts, for -v */
    nb_buf raw, dec, text;      /* reused across members */
    nb_buf hdr;                 /* the header being written */
    struct ex_names *ids;       /* the operands' ids so far, for repeats (docid.c) */
    int gzip_by_libarchive;     /* inflate gzip operands with libarchive, not ISA-L, */
    size_t gzip_read_size;      /* or with ISA-L, this many bytes a read (0: 64 KiB):
                                 * the tests compare the ways (gunzip.c) */
} nb_extract;

/* Extract one operand: a path ("-" for stdin).  Documents and error
 * documents go to x->out; x->status is raised as DESIGN 4 says.  Returns
 * -1 only on a write error (the caller stops), else 0. */
int nb_extract_operand(nb_extract *x, const char *path);

/* Write an error document for doc (code an NB_E_ value, msg the reason)
 * and raise x->status to 1.  Returns 0, or -1 on a write error. */
int nb_extract_error(nb_extract *x, const char *doc, int code, const char *msg);

/* Begin the document header for the member in x->raw (DESIGN 2.1) in
 * x->hdr (header.h's writer): doc, archive and member (NULL: none), bytes,
 * mtime (when has_mtime), format and encoding; the caller adds what its
 * format knows and ends it with nb_hdr_end.  Returns 0, or -1 when out of
 * memory. */
int nb_extract_header(nb_extract *x, const char *doc, const char *archive, const char *member,
                      long long mtime, int has_mtime, const char *format, const char *encoding);

void nb_extract_fini(nb_extract *x);

#endif
