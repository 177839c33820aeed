/*
 * schema.h - the one table of metric ids (SCHEMA.md Appendix A) and the
 * cell states (SCHEMA 7.1).  Every stage takes ids, kinds and labels from
 * here; none spells them again.
 */
#ifndef NB_SCHEMA_H
#define NB_SCHEMA_H

#include <stddef.h>

/* Formats (SCHEMA 5).  1-3 are also a bit set: the editions a metric or a
 * row exists in.  A record's table format is any of them but NONE (not
 * stated); MIXED (t2's sub-tables disagree), UNDETERMINED (t3 fits both)
 * and UNKNOWN (a t2 sub-table whose header was lost) only name a table. */
enum nb_formats {
    NB_FMT_NONE,
    NB_FMT_2019,
    NB_FMT_2021,
    NB_FMT_BOTH,
    NB_FMT_MIXED,
    NB_FMT_UNDETERMINED,
    NB_FMT_UNKNOWN,
    NB_FMT_COUNT_
};

/* "2019", "2021", "both", "mixed", "undetermined", "unknown"; NULL for
 * NB_FMT_NONE and out-of-range values. */
const char *nb_format_name(int format);

/* A table's status in a record (SCHEMA 10). */
enum nb_table_status { NB_TS_ABSENT, NB_TS_PARTIAL, NB_TS_PRESENT, NB_TS_COUNT_ };

/* "absent", "partial", "present"; NULL for an out-of-range status. */
const char *nb_table_status_name(int status);
enum nb_origin {
    NB_ORIGIN_REPORTED,
    NB_ORIGIN_DERIVED,
    NB_ORIGIN_MIXED, /* t3.other.<col>: reported in 2019, derived in 2021 */
};
enum nb_kind { NB_KIND_COUNT, NB_KIND_SIGNED, NB_KIND_AMOUNT };

typedef struct nb_metric {
    const char *id; /* "t3.new.natural" */
    unsigned char formats, origin, kind;
    const char *unit;  /* "件", "万元", ... */
    const char *label; /* official label path, " / " between parts */
} nb_metric;

/* The metrics in SCHEMA order; nb_nmetrics of them. */
extern const nb_metric nb_metrics[];
extern const size_t nb_nmetrics;

/* Index of id in nb_metrics, or -1.  n is the length of id. */
int nb_metric_find(const char *id, size_t n);

/*
 * The distinct name parts that follow prefix in the ids, in SCHEMA order,
 * with how deep they reach: "t2." gives art20_1, art20_5, ... (the
 * sub-tables), "t3.new." natural ... total (the applicant columns).  Each
 * is written NUL-terminated into names[i] (NB_PART_MAX bytes; longer
 * parts are skipped); at most max.  Returns how many.
 */
#define NB_PART_MAX 32
int nb_metric_parts(const char *prefix, char (*names)[NB_PART_MAX], int max);

/* Cell states (SCHEMA 7.1). */
enum nb_state {
    NB_ST_NUM,
    NB_ST_BLANK,
    NB_ST_SLASH,
    NB_ST_DASH,
    NB_ST_NONE,
    NB_ST_TEXT,
    NB_ST_AMBIGUOUS,
    NB_ST_MISSING,
    NB_ST_COUNT_
};

/* "num", "blank", ...; NULL for an out-of-range state. */
const char *nb_state_name(int state);
/* The state named name, or -1. */
int nb_state_find(const char *name);
/* 1 for blank, slash, dash, none. */
int nb_state_placeholder(int state);
/* 1 for text, ambiguous, missing. */
int nb_state_unknown(int state);

#endif
