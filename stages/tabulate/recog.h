/*
 * recog.h - what the files of the recognizer share (recognize.c: the
 * schema's rows and the dispatch; regions.c: label keys and table regions;
 * rows.c: observed rows and the cells of a row; t2.c, t3.c, t4.c: one table
 * each).  Internal to tabulate: the stage's interface is recognize.h.
 */
#ifndef NB_TAB_RECOG_H
#define NB_TAB_RECOG_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "recognize.h"
#include "rules.h"

#define S3       7  /* cells of a t3 row */
#define S4       15 /* cells of t4 */
#define MAX_ROWS 512
#define KEY_MAX  4096
#define MAXCAND  8    /* readings of one glued row kept for the table to decide */
#define MAXCOMBO 4096 /* combinations of such readings tried against the sums */

/* ---- the schema's rows (schema_rows.h), resolved by tb_recognize_init ---- */

enum {
    NT3 = 0
#define NB_T3ROW(path, fm, key, var) +1
#include "schema_rows.h"
#undef NB_T3ROW
};
enum {
    NT2 = 0
#define NB_T2ROW(sub, row, key, var) +1
#include "schema_rows.h"
#undef NB_T2ROW
};
enum {
    NT2H = 0
#define NB_T2HEAD(sub, fm, cols, k1, k2) +1
#include "schema_rows.h"
#undef NB_T2HEAD
};

typedef struct t3row {
    const char *path;
    int formats;
    const char *key, *variant;
    int idx[S3]; /* metric index per column */
} t3row;

extern t3row t3rows[NT3];

typedef struct t2row {
    const char *sub, *row, *key, *variant;
} t2row;

extern const t2row t2rows[NT2];

typedef struct t2head {
    const char *sub;
    int format;
    const char *cols, *k1, *k2;
} t2head;

extern const t2head t2heads[NT2H];

/* t3's applicant columns (t3.new.<col>), t2's sub-tables, t4's cells. */
extern char t3cols[S3 + 1][NB_PART_MAX], subtables[TB_NSUB + 1][NB_PART_MAX];
extern int t4idx[S4];

/* ---- label keys and regions (regions.c) ---- */

/* The label key of the label tokens in [t0, t1): their keys joined.
 * Returns its length; out holds KEY_MAX bytes.  When too long, the end
 * is kept: the row's own label is nearest the values. */
size_t rg_range_key(const tb_doc *d, int t0, int t1, char *out);
/* End offset of the last occurrence of needle in hay, or 0. */
size_t rg_last_end(const char *hay, size_t n, const char *needle);
int rg_ends_with(const char *s, size_t n, const char *suffix);
/* Register the strings rg_find_label looks for in unkeyed prose (the
 * markers of the regions), so that it keys only the labels that may hold
 * one; other needles are searched all the same, less quickly.  Once, at
 * tb_recognize_init. */
void rg_markers_init(const char *const *needles, int n);
/* The first label token in [t0, t1) whose key contains needle (a key of
 * at most maxkey bytes unless maxkey is 0), or -1. */
int rg_find_label(tb_doc *d, int t0, int t1, const char *needle, int maxkey);
/* The smaller of two token positions, -1 standing for none. */
int rg_min_pos(int a, int b);

/* ---- observed rows and their cells (rows.c) ---- */

typedef struct orow {
    int tok0, ntok; /* value tokens (and empty fields) of the row */
    int tabbed;     /* from a TAB line: one slot per field, blanks visible */
    int line;
    int ctx0, ctx1; /* its context: label tokens in [ctx0, ctx1) */
    int blob;       /* stray values, not a row */
    int anchor;     /* t3rows / t2rows index, or -1 */
    int own;        /* t3: 1 the anchor is the label on the row's own line,
                     * -1 its loose labels name rows out of order */
} orow;

typedef struct rows {
    orow r[MAX_ROWS];
    int n;
} rows;

/* A slot: the tokens of one field (tab rows) or one token. */
typedef struct slot {
    int tok0, ntok;
} slot;

/* The readings of a glued row that its own sums could not tell apart. */
typedef struct cands {
    int n;
    int64_t v[MAXCAND][16];
    int off; /* the slot the row's window began at, when read by one; else -1 */
} cands;

/* Rows of the token range [t0, t1) (see the comment in recognize.c). */
void rg_make_rows(tb_doc *d, int t0, int t1, int S, rows *R);
int rg_row_slots(const tb_doc *d, const orow *o, slot *sl, int max);
void rg_set_cell(tb_doc *d, int idx, int state, int64_t micro, unsigned flags, int line, int field);
void rg_fill_state(tb_doc *d, const int *idx, int S, int state, unsigned flags, int line);
/* The offsets of the windows of S consecutive slots of sl[0..n) whose
 * other slots are all empty (SCHEMA 12.3 step 3), at most max of them;
 * their number. */
int rg_windows(const tb_doc *d, const slot *sl, int n, int S, int *cand, int max);
/* SCHEMA 12.3: choose S of the n tab slots (see rows.c). */
int rg_align_window(const tb_doc *d, const slot *sl, int n, int S, int mode, int *unique);
/* The fields of a tab row that shows its S columns (rows.c); 1 when it does. */
int rg_row_fields(const tb_doc *d, const orow *o, int S, int *field);
/* Read a tab row by known column fields (rows.c); 1 when it fits them. */
int rg_read_fields(tb_doc *d, const orow *o, const int *idx, int S, const int *field,
                   unsigned flags);
/* Read one row into idx[0..S); 1 when read, 0 when ambiguous (see rows.c). */
int rg_read_row(tb_doc *d, const orow *o, const int *idx, int S, int rule, int mode, unsigned flags,
                cands *cd);

/* ---- the tables ---- */

typedef struct plan {
    int list[NT3], m;     /* expected t3rows indices in order */
    int assign[MAX_ROWS]; /* row -> position in list, or -1 */
    int amb[NT3];         /* position -> content found but not assignable */
    int assigned, ambiguous, dropped;
} plan;

/* The recognizer's working memory, one per document (d->scratch), so
 * that nothing of a document lives on in function statics. */
typedef struct tb_scratch {
    rows R;             /* the observed rows of the table being read */
    plan P21, P19;      /* t3 aligned with either format's rows */
    cands cd[MAX_ROWS]; /* t3: readings of glued rows */
    int mode[MAX_ROWS]; /* t3: the usual first field for each row */
} tb_scratch;

/* t3's anchors (t3anchor.c): whether row r of t3rows names one leaf row
 * only (总计 and 其他 also head columns and groups); the anchor of every
 * row of R that is not a blob, 0 when there is no such row, *has21 and
 * *has19 set when an anchor names a row of one format only. */
int rg_t3_specific(int r);
int rg_t3_anchor_rows(tb_doc *d, rows *R, int t1, int *has21, int *has19);

void rg_recognize_t2(tb_doc *d, int t0, int t1);
void rg_recognize_t3(tb_doc *d, int t0, int t1);
void rg_recognize_t4(tb_doc *d, int t0, int t1, int inferred);

#endif
