/*
 * copies.h - copies of one report, and the choice of the best (DESIGN 5).
 *
 * Reports with the same agency, region code and year are copies of one
 * report.  Which copy counts must not depend on the order of the input, so
 * every copy is kept (compactly: its keys, the state and value of each
 * cell present, its failed checks as CSV text, about 1 KB) until the end,
 * when the best of each report is chosen: most numeric cells, then fewest
 * failed rules, then the smallest doc in byte order, then the smallest
 * cells.  The copies are kept in an unlinked temporary file in $TMPDIR
 * (or /tmp); memory keeps each report's key and 16 bytes per copy.
 */
#ifndef AGG_COPIES_H
#define AGG_COPIES_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

typedef struct agg_copies agg_copies;

agg_copies *agg_copies_create(void);
void agg_copies_free(agg_copies *c);

/* The duplicate key of rec ("agency\x1fcode\x1fyear"), or 0 when one of
 * them is unknown: such a report is never a copy of another. */
int agg_copies_keyed(const agg_record *rec);

/*
 * Keep a copy of rec, with checks_csv[0..n) (its rows of --checks, ready
 * to write; may be empty).  Returns 0, or -1 when out of memory or the
 * temporary file fails (agg_copies_error says which).
 */
int agg_copies_add(agg_copies *c, const agg_record *rec, const char *checks_csv, size_t n);

/* What made the last call fail: "out of memory" or the temporary file's
 * error. */
const char *agg_copies_error(agg_copies *c);

/* How many copies and distinct reports are kept. */
size_t agg_copies_count(const agg_copies *c);
size_t agg_copies_reports(const agg_copies *c);

/* What agg_copies_resolve hands back for each report. */
typedef struct agg_copies_fns {
    /* The chosen copy, decoded into rec (its checks rows in csv[0..n)).
     * Return 0 or -1 to stop. */
    int (*chosen)(void *ctx, const agg_record *rec, const char *csv, size_t n);
    /* A copy that was not chosen (keys set in rec, cells too). */
    int (*dropped)(void *ctx, const agg_record *rec);
    /* A cell on which a dropped copy and the chosen one hold different
     * numbers. */
    int (*conflict)(void *ctx, const agg_record *chosen, const agg_record *other, int metric);
} agg_copies_fns;

/*
 * Choose the best copy of every report and hand the copies back: reports
 * in the byte order of their key, for each the chosen copy first, then the
 * dropped ones best first, each followed by its conflicts in schema order.
 * Returns 0, or -1 when out of memory, the temporary file fails or a
 * callback stopped it.
 */
int agg_copies_resolve(agg_copies *c, const agg_copies_fns *fns, void *ctx);

/*
 * --once-per-doc: the docs read so far, to read each one once.  A doc is
 * the report's id through every stage: a second record of it is the same
 * input read again (the same scrape on another night).  Strings are kept
 * whole (an arena of 1 MiB blocks), so no two docs are ever taken for one.
 */
typedef struct agg_docs agg_docs;

agg_docs *agg_docs_create(void);
void agg_docs_free(agg_docs *d);

/* Add doc: 1 when it is new, 0 when it was read before, -1 out of memory. */
int agg_docs_add(agg_docs *d, const char *doc);

#endif
