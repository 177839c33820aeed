/*
 * records.h - report records (DESIGN 2.2) as aggregate reads them: a line
 * reader with a length cap, and a parser from one JSON line to the group
 * keys, cell states, values, flags and check outcome of one report.
 */
#ifndef AGG_RECORDS_H
#define AGG_RECORDS_H

#include <stdint.h>
#include <stdio.h>

#include "nb.h"
#include "record.h"

/* The group-by keys, in the order the man page lists them. */
enum agg_key {
    AGG_K_PROVINCE,
    AGG_K_CITY,
    AGG_K_COUNTY,
    AGG_K_REGION_CODE,
    AGG_K_LEVEL,
    AGG_K_CATEGORY,
    AGG_K_YEAR,
    AGG_K_AGENCY,
    AGG_K_DOC,
    AGG_K_FORMAT,
    AGG_K_REGION_STATUS,
    AGG_NKEYS
};

/* Room for the schema's metrics (nb_nmetrics, checked at start-up). */
#define AGG_MAX_METRICS 256

/* Cell flags aggregate counts (SCHEMA 7.5, 7.7). */
enum { AGG_F_H0 = 1, AGG_F_DERIVED = 2 };

/*
 * One parsed record.  Strings are borrowed from the record read (nr) and
 * live until the next agg_record_parse or agg_record_fini.  A key is NULL
 * when the record does not say (unknown); an empty string counts as not
 * saying.
 */
typedef struct agg_record {
    int is_error;               /* an upstream error record */
    const char *key[AGG_NKEYS]; /* doc, agency, region fields, year (as text), ... */
    int check_failed;           /* some check has verdict fail or fail_h0 */
    int n_failed;               /* how many checks have that verdict */
    const char *err_stage, *err_code, *err_message; /* of an error record */
    unsigned char state[AGG_MAX_METRICS]; /* enum nb_state per metric; missing when absent */
    unsigned char flags[AGG_MAX_METRICS]; /* AGG_F_* */
    int64_t value[AGG_MAX_METRICS];       /* micro-units, meaningful when state is num */
    const nb_rec_check *checks;           /* borrowed from nr, or NULL */
    int nchecks;
    nb_record *nr;        /* the record as read (owned) */
    nb_record_reader *rd; /* its reader (owned) */
    char yearbuf[24];
} agg_record;

/*
 * Parse line[0..n) into r (whose previous contents are released) with
 * nb_record_read.  Returns 0, or -1 for a malformed record with
 * NB_E_RECORD and the reason in err (NB_E_NOMEM when out of memory);
 * r->key[AGG_K_DOC] is then the record's doc when it had a usable one.
 */
int agg_record_parse(agg_record *r, const char *line, size_t n, nb_error *err);

void agg_record_init(agg_record *r);
/* Release r's reader; r may be parsed into again after agg_record_init. */
void agg_record_fini(agg_record *r);

/* A reader of lines with a length cap: memory stays bounded by the cap. */
typedef struct agg_lines {
    FILE *f;
    size_t max; /* cap on a line's length, newline excluded */
    char *buf;  /* raw input chunk */
    size_t pos, len;
    char *line; /* the current line, NUL-terminated, without LF or CRLF */
    size_t n, cap;
    long lineno; /* 1-based number of the current line */
    int eof, ioerr;
} agg_lines;

/* Returns 0, or -1 when out of memory. */
int agg_lines_init(agg_lines *l, FILE *f, size_t max);
void agg_lines_fini(agg_lines *l);

/* Read the next line: 1 with l->line set, 2 for a line over the cap (read
 * and dropped), 0 at the end, -1 on a read error (errno in l->ioerr). */
int agg_lines_next(agg_lines *l);

#endif
