/*
 * merge.h - reading long rollups back (aggregate --merge).
 *
 * A long rollup is a header row and one row per group and metric.  Rows of
 * one input group are consecutive (aggregate writes them so); the group's
 * counters are added once per run of rows, and every run must carry the
 * same counters on each row and one row per selected metric.  A header row
 * in the middle of an input (cat of several rollups) starts a new part.
 */
#ifndef AGG_MERGE_H
#define AGG_MERGE_H

#include <stdio.h>

#include "rollup.h"

typedef struct agg_merge agg_merge;

/* Called for each malformed row: where is "FILE:N" (N the row's number in
 * the file, the header being 1), msg the reason. */
typedef void agg_bad_fn(void *ctx, const char *where, const char *msg);

/*
 * A merger.  by[0..nby) are the keys to group by, or nby < 0 to take the
 * keys of the first input's header.  sel marks the selected slots (as
 * agg_view.sel; borrowed); null is the string that stands for a null cell.
 * NULL when out of memory.
 */
agg_merge *agg_merge_create(const int *by, int nby, const unsigned char *sel, const char *null,
                            agg_bad_fn *bad, void *ctx);
void agg_merge_free(agg_merge *m);

/* Merge overlapping inputs anyway (--force): by default, when the --by
 * keys name one report (agg_rollup_identifies), a report found in two
 * inputs, or two parts of one, makes the second unusable. */
void agg_merge_force(agg_merge *m, int force);

/*
 * Read one input.  Returns 0, or -1 when the input cannot be used (no
 * header, an unknown column, keys that do not match, no rate columns when
 * rates are selected, a CSV syntax error, a read error) with the reason in
 * err; malformed rows are passed to bad and skipped.
 */
int agg_merge_file(agg_merge *m, FILE *f, const char *name, nb_error *err);

/* The rollup built so far (created on first use with the --by keys, or no
 * keys when no input had a header).  Borrowed; NULL when out of memory. */
agg_rollup *agg_merge_rollup(agg_merge *m);

#endif
