/* record.h - the report record of DESIGN 2.2, written as one JSON line. */
#ifndef NB_TAB_RECORD_H
#define NB_TAB_RECORD_H

#include <jansson.h>
#include <stdio.h>

#include "doc.h"
#include "identity.h"
#include "rules.h"
#include "text.h"

typedef struct tb_record_opts {
    int trace;      /* add "at": line:field of every cell */
    int all_checks; /* list passing rule instances too */
} tb_record_opts;

/*
 * Append the record of d to out: doc (the header's, as raw JSON text),
 * identity, region and category (new JSON objects or NULL, borrowed),
 * tables, values, states, flags, checks, warnings.  Returns 0 or -1 (out
 * of memory).
 */
int tb_record_write(nb_buf *out, const char *doc_json, const tb_doc *d, const tb_identity *id,
                    const json_t *region, const json_t *category, const tb_check *checks,
                    int nchecks, const tb_record_opts *o);

/* Append a JSON string for s[0..n) (invalid UTF-8 bytes become \xNN text). */
int tb_json_string(nb_buf *out, const char *s, size_t n);

#endif
