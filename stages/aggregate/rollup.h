/*
 * rollup.h - groups and their accumulators (SCHEMA 7.7, 9), the derived
 * metrics, headers, and the wide and long CSV tables of aggregate
 * (rollup.c: names, slots, accumulators; groups.c: the group table;
 * tables.c: the tables).
 *
 * Metrics are addressed by slot: slots 0 .. nb_nmetrics-1 are the schema's
 * ids in SCHEMA order, the next agg_nderived slots the derived metrics of
 * SCHEMA 9 in their order.
 */
#ifndef AGG_ROLLUP_H
#define AGG_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "csvout.h"
#include "nb.h"
#include "records.h"

/* Key names ("province", ...) and their Chinese headers, by enum agg_key. */
extern const char *const agg_key_names[AGG_NKEYS];
extern const char *const agg_key_zh[AGG_NKEYS];

/* The key named name (English or Chinese), or -1. */
int agg_key_find(const char *name);

/* Build the derived-metric table.  Returns 0, or -1 when a formula names
 * an id that is not in the schema (a bug, checked by the unit test) or the
 * schema is larger than AGG_MAX_METRICS. */
int agg_schema_init(void);

/* Number of derived metrics and of slots (after agg_schema_init). */
extern int agg_nderived;
int agg_nslots(void);

/* The id of slot ("t3.new.natural", "d.t3.disclosure_rate"). */
const char *agg_slot_id(int slot);
/* The slot named id, or -1. */
int agg_slot_find(const char *id);
/* 1 for a derived metric that is a ratio (printed with 6 decimals). */
int agg_slot_is_ratio(int slot);
/* 1 when the n_h0 count applies (derived cells), resp. n_derived
 * (t3.other.<col>: reported in 2019, derived in 2021). */
int agg_slot_has_h0(int slot);
int agg_slot_has_derived(int slot);
/* The index of slot in a group's n_h0, resp. n_derived, or -1. */
int agg_slot_h0_at(int slot);
int agg_slot_derived_at(int slot);

/*
 * The Chinese header of slot into buf: the label path of the schema joined
 * with "·" (for t2 without the sub-table caption, which the row names
 * already imply, and without the 2019 column variant), e.g. 行政复议·结果维持.
 * Returns buf.
 */
char *agg_slot_zh(int slot, char *buf, size_t n);

typedef struct agg_acc {
    int64_t sum;          /* micro-units of the num cells */
    uint32_t n_num, n_ph; /* n_unknown = n_reports - n_num - n_ph */
} agg_acc;

typedef struct agg_dacc {
    int64_t num, den; /* sums over the reports where every operand is num */
    uint32_t n, n_ph; /* that subset; those with a placeholder and no unknown operand */
} agg_dacc;

typedef struct agg_group {
    char *key[AGG_NKEYS]; /* by position in the rollup's key list; NULL = unknown */
    int64_t n_reports, n_errors, n_check_failures, n_duplicates;
    agg_acc *acc;               /* nb_nmetrics, NULL while the group has no report */
    uint32_t *n_h0, *n_derived; /* by agg_slot_has_h0 / _derived order */
    agg_dacc *dacc;             /* agg_nderived */
    int src;                    /* --merge: the input part that last added to it (1-based) */
} agg_group;

typedef struct agg_rollup agg_rollup;

/* A rollup grouped by keys[0..nkeys) (enum agg_key).  NULL when out of
 * memory. */
agg_rollup *agg_rollup_create(const int *keys, int nkeys);
void agg_rollup_free(agg_rollup *r);

size_t agg_rollup_ngroups(const agg_rollup *r);

/* The keys the rollup groups by (enum agg_key), *n of them. */
const int *agg_rollup_keys(const agg_rollup *r, int *n);

/* The group of a record's keys (indexed by enum agg_key; NULL = unknown),
 * created when new.  NULL when out of memory. */
agg_group *agg_rollup_group(agg_rollup *r, const char *const key[AGG_NKEYS]);

/* The group of those keys, or NULL when there is none (none is made). */
agg_group *agg_rollup_find(const agg_rollup *r, const char *const key[AGG_NKEYS]);

/* Whether agg_rollup_add would count rec: 0, or -1 with NB_E_RECORD (a sum
 * would leave the int64 range).  Nothing is made or counted. */
int agg_rollup_fits(agg_rollup *r, const agg_record *rec, nb_error *err);

/* Count report rec in its group: n_reports, n_check_failures, every
 * metric's sum and coverage, the derived metrics.  Returns 0, or -1 with
 * NB_E_RECORD when a sum would leave the int64 range (nothing counted) or
 * NB_E_NOMEM. */
int agg_rollup_add(agg_rollup *r, const agg_record *rec, nb_error *err);

/* Add the counters of one input group of a long rollup (--merge):
 * count[] is n_reports, n_errors, n_check_failures, n_duplicates.  Returns
 * 0, or -1 with NB_E_RECORD (a negative count, out of range) or NB_E_NOMEM. */
int agg_rollup_merge_counts(agg_rollup *r, const char *const key[AGG_NKEYS], const int64_t count[4],
                            nb_error *err);

/* One row of a long rollup, as --merge reads it.  has_* is 0 for a null. */
typedef struct agg_mrow {
    int64_t n_reports; /* of the input group, to check the coverage counts */
    int slot;
    int has_sum, has_h0, has_derived, has_num, has_den;
    int64_t sum, n_num, n_ph, n_unknown, n_h0, n_derived, num, den;
} agg_mrow;

/* Add one long row's sum and counts to the group of key.  Returns 0, or
 * -1 with NB_E_RECORD (counts that do not add up to n_reports, a null
 * where a value must be or the reverse, a sum out of range; nothing added)
 * or NB_E_NOMEM. */
int agg_rollup_merge_row(agg_rollup *r, const char *const key[AGG_NKEYS], const agg_mrow *row,
                         nb_error *err);

/* Whether the keys name one report: 1 by doc, 2 by agency, region_code
 * and year together, 0 not. */
int agg_rollup_identifies(const agg_rollup *r);

/* The groups sorted by their keys: byte order of UTF-8, year numerically,
 * unknown keys last.  A new array of borrowed groups, NULL when out of
 * memory (or for no groups, with *n = 0). */
agg_group **agg_rollup_sorted(agg_rollup *r, size_t *n);

/* What the tables show. */
typedef struct agg_view {
    const unsigned char *sel; /* per slot: selected */
    int coverage;             /* wide: count columns beside each metric */
    int rates;                /* derived slots may be selected; long: numerator, denominator */
    int zh;                   /* Chinese headers */
} agg_view;

/* Write the wide table (header and one row per group) or the long table
 * (one row per group and selected slot).  Errors stick in w->err. */
void agg_write_wide(agg_csv *w, const agg_rollup *r, agg_group *const *g, size_t n,
                    const agg_view *v);
void agg_write_long(agg_csv *w, const agg_rollup *r, agg_group *const *g, size_t n,
                    const agg_view *v);

/* Column names of the long table after the keys, in order; nlong of them
 * (the last two only with rates), and their Chinese headers. */
enum {
    AGG_C_N_REPORTS,
    AGG_C_N_ERRORS,
    AGG_C_N_CHECK_FAILURES,
    AGG_C_N_DUPLICATES,
    AGG_C_METRIC,
    AGG_C_SUM,
    AGG_C_N_NUM,
    AGG_C_N_PLACEHOLDER,
    AGG_C_N_UNKNOWN,
    AGG_C_N_H0,
    AGG_C_N_DERIVED,
    AGG_C_NUMERATOR,
    AGG_C_DENOMINATOR,
    AGG_NCOLS
};
extern const char *const agg_col_names[AGG_NCOLS];
extern const char *const agg_col_zh[AGG_NCOLS];
int agg_col_find(const char *name);

#endif
