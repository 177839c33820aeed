/*
 * stage.h - one run of aggregate: the tables it writes, its side files and
 * counts (aggregate.c parses the options; input.c reads records and
 * rollups; output.c writes the tables).
 */
#ifndef AGG_STAGE_H
#define AGG_STAGE_H

#include <stdio.h>
#include <sys/types.h>

#include "copies.h"
#include "csvout.h"
#include "merge.h"
#include "records.h"
#include "rollup.h"

/* Most tables one run writes (--output). */
#define AGG_MAX_TABLES 16

/* One table to write: its options, its rollup, where it goes. */
typedef struct agg_table {
    const char *path; /* NULL: standard output */
    int hidden;       /* only a sheet of --xlsx, no CSV */
    const char *by, *metrics;
    int longf;
    agg_view view;
    unsigned char sel[AGG_MAX_METRICS + 64];
    int keys[AGG_NKEYS], nkeys;
    agg_rollup *r;
    FILE *f;
} agg_table;

typedef struct agg_stage {
    agg_table t[AGG_MAX_TABLES + 1]; /* and --xlsx's chart table */
    int nt;
    agg_merge *mg; /* with --merge: the rollup is its own */
    agg_copies *copies;
    agg_docs *docs; /* --once-per-doc */
    agg_record rec;
    FILE *fchecks, *ferrors, *fconflicts;
    agg_csv checks, errors, conflicts;
    int quiet, keep_dups, status, force;
    struct seen_input { /* --merge: the inputs read so far */
        dev_t dev;
        ino_t ino;
        off_t size;
        uint64_t hash;
        const char *name;
    } seen[64];
    int nseen;
    long records, malformed, upstream, duplicates, counted, failing, conflicting, unplaced;
    long repeated;     /* --once-per-doc: records of a doc read before */
    const char *fatal; /* "out of memory" or a temporary file's error: stop, exit 2 */
} agg_stage;

/* Read one operand (a path, - for standard input): records, or a long
 * rollup with --merge.  Trouble sets x->status to 2 (or x->fatal). */
void agg_stage_operand(agg_stage *x, const char *path, size_t max_line);

/* A malformed line or row (agg_merge's callback too): counted in the
 * group of unknown keys, listed in --errors, status 1. */
void agg_stage_malformed(void *ctx, const char *where, const char *msg);

/* The end of the input: the best copy of every report counted, the other
 * copies as duplicates.  Returns 0, or -1 with x->fatal. */
int agg_stage_resolve(agg_stage *x);

/* Check table t's options and open its file.  Returns 0, or 2 after a
 * message. */
int agg_table_open(agg_table *t);

/* Write table t from rollup r.  Returns 0, or -1 after a message. */
int agg_table_write(agg_table *t, agg_rollup *r, const char *null, int bom);

/* A side file (--checks, --errors, --conflicts) with its header row, or
 * NULL after a message. */
FILE *agg_side_file(const char *path, agg_csv *w, const char *null, int bom, int zh,
                    const char *const *cols, const char *const *zhcols, int ncols);

/* Close f (named name in messages); 0, or -1 after a message. */
int agg_close_file(FILE *f, const char *name, int err);

/* --stats and --xlsx; 0, or -1 after a message. */
int agg_write_stats(const agg_stage *x, const char *path);
int agg_write_xlsx(agg_stage *x, const char *path);

/* --verbose: the counts of the run on stderr. */
void agg_summary(const agg_stage *x);

#endif
