/*
 * record.h - the report record of DESIGN 2.2, one JSON object per line: the
 * one owner of its form.  tabulate fills an nb_record and writes it;
 * aggregate reads a line back into one.  Numbers travel as exact decimal
 * text and int64 millionths (NB_MICRO), never through a double.
 *
 * What the record leaves out, and the reader puts back (HACKING, "The
 * report record, version 2"): a cell not in the document (absent from
 * values: state missing); an empty states, flags, checks or warnings; a
 * check's delta (lhs - rhs); passing and na checks unless --all-checks.
 */
#ifndef NB_RECORD_H
#define NB_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "nb.h"
#include "text.h"

/* Room for the schema's metrics (nb_nmetrics is checked against it). */
#define NB_REC_METRICS 256

/* Largest magnitude of a number in a record, in units (not millionths):
 * sums of a few million such values still fit in int64 millionths. */
#define NB_REC_MAX_UNITS 1000000000000LL

/* state[] of a cell that is not in the document (not in values). */
#define NB_REC_ABSENT (-1)

/* The region's members a reader extracts (the group keys of aggregate). */
enum nb_rec_region {
    NB_RR_CODE,
    NB_RR_PROVINCE,
    NB_RR_CITY,
    NB_RR_COUNTY,
    NB_RR_LEVEL,
    NB_RR_STATUS,
    NB_RR_COUNT_
};

/* One rule verdict (SCHEMA 8.1). */
typedef struct nb_rec_check {
    const char *rule, *verdict; /* "c.t3.balance.total", "fail" */
    int has_lhs, has_rhs;       /* 0: null (an operand unknown) */
    int has_delta;              /* only in records of version 1 */
    int64_t lhs, rhs, delta;    /* millionths */
    int plain;                  /* writing: the caller knows rule and verdict are
                                   plain (nb_record_plain); not looked at again.
                                   nb_record_read sets 0 */
} nb_rec_check;

/* A t2 sub-table's format ("art20_1": "2021"). */
typedef struct nb_rec_sub {
    const char *name;
    int format; /* enum nb_formats */
} nb_rec_sub;

#define NB_REC_NSUB 8

/*
 * One record.  Writing: strings are borrowed and NULL means null or not
 * written; a *_json member, when set, is written as it is (it must be one
 * compact JSON value) in place of the fields it stands for.  Reading:
 * strings point into the reader's storage and live until the next read;
 * an empty string reads as NULL.
 */
typedef struct nb_record {
    const char *doc;      /* NULL: the record has none (malformed) */
    const char *doc_json; /* a doc that is not a string, as JSON text */
    const char *agency, *agency_evidence, *cites;
    int year; /* 0: null */

    const char *region_json;          /* the region object */
    const char *region[NB_RR_COUNT_]; /* reader: its members */
    const char *category_json;        /* the category object */
    const char *category_id;          /* reader: its id */

    /* tables: the reader keeps tables_json and t3_format */
    const char *tables_json, *t3_format;
    unsigned char status[3], format[3]; /* t2, t3, t4: enum nb_table_status, nb_formats */
    nb_rec_sub sub[NB_REC_NSUB];
    int nsub;

    /* cells, by index in nb_metrics */
    signed char state[NB_REC_METRICS];                     /* enum nb_state, or NB_REC_ABSENT */
    unsigned short flags[NB_REC_METRICS];                  /* NB_FL_* */
    int64_t value[NB_REC_METRICS];                         /* millionths, when state is num */
    int has_at;                                            /* write "at" (tabulate --trace) */
    int at_line[NB_REC_METRICS], at_field[NB_REC_METRICS]; /* 0: none */

    nb_rec_check *checks;
    int nchecks;
    const char **warnings;
    int nwarnings;

    /* an error record: {"doc","error":{"stage","code","message"}} */
    int is_error;
    const char *error_json; /* the error object */
    const char *err_stage, *err_code, *err_message;
} nb_record;

/* Clear r for writing: every cell absent, no checks. */
void nb_record_clear(nb_record *r);

/*
 * Append r as one JSON line (LF included) to out.  Returns 0, or -1 when
 * out of memory (out then holds part of a line).
 */
int nb_record_write(nb_buf *out, const nb_record *r);

/* Append s as a JSON string: the escapes jansson writes, and a byte that
 * is not UTF-8 as the text \xNN.  Returns 0 or -1. */
int nb_record_string(nb_buf *out, const char *s, size_t n);

/* Whether s[0..n) is written as it is in a JSON string: printable ASCII
 * with no quote or backslash. */
int nb_record_plain(const char *s, size_t n);

/* The reader's storage, reused from line to line. */
typedef struct nb_record_reader nb_record_reader;

nb_record_reader *nb_record_reader_new(void);
void nb_record_reader_free(nb_record_reader *rd);

/*
 * Read line[0..n) into r.  Returns 0, or -1 for a malformed record with
 * NB_E_RECORD and the reason in err (NB_E_NOMEM when out of memory); r->doc
 * is then the record's doc when it had a usable one.  Not JSON, a member
 * of the wrong type, a repeated member, a number out of range, a number
 * with a state other than num, a null without a state, an unknown state
 * name: malformed.  Ids that are not in the schema are ignored.
 */
int nb_record_read(nb_record_reader *rd, const char *line, size_t n, nb_record *r, nb_error *err);

/*
 * A JSON number s[0..n) as millionths, exactly: rounded half away from
 * zero past the sixth decimal, never through a double.  Returns 0, or -1
 * when s is not a JSON number or its magnitude exceeds NB_REC_MAX_UNITS.
 */
int nb_record_number(const char *s, size_t n, int64_t *micro);

#endif
