/* report.h - tabulate's report records (DESIGN 2.2), written by
 * pipeline/record.c. */
#ifndef NB_TAB_REPORT_H
#define NB_TAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "doc.h"
#include "header.h" /* pipeline's */
#include "identity.h"
#include "record.h" /* pipeline's */
#include "rules.h"
#include "text.h"

typedef struct tb_record_opts {
    int trace;      /* add "at": line:field of every cell */
    int all_checks; /* list passing and na rule instances too */
} tb_record_opts;

/*
 * Append the record of d to out: doc (the header's, as raw JSON text),
 * identity, region and category (JSON objects as text, or NULL), tables,
 * values, states, flags, failing checks, warnings.  Returns 0 or -1 (out
 * of memory).
 */
int tb_record_write(nb_buf *out, const char *doc_json, const tb_doc *d, const tb_identity *id,
                    const char *region, const char *category, const tb_check *checks, int nchecks,
                    const tb_record_opts *o);

/* Append the error record of tabulate for a document: doc_json (raw JSON
 * text) or else doc; code and message.  Returns 0 or -1. */
int tb_error_record(nb_buf *out, const char *doc_json, const char *doc, const char *code,
                    const char *msg);

/* Append the error record of an upstream error document (its header's
 * doc and error, as they are).  Returns 0 or -1. */
int tb_forward_error(nb_buf *out, const nb_header *header);

#endif
