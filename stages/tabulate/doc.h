/*
 * doc.h - tabulate's view of one document: its body as lines and tokens,
 * and the cells it finds.
 */
#ifndef NB_TAB_DOC_H
#define NB_TAB_DOC_H

#include <assert.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "cell.h"
#include "schema.h"
#include "text.h"

enum tk_kind { TK_LABEL, TK_VALUE, TK_EMPTY };

/* A token: one field of a line, or one part of a field that mixes label
 * text and numbers ("行政许可 97", "规章000行政规范性文件693665"). */
typedef struct tb_tok {
    unsigned char kind;        /* enum tk_kind */
    unsigned char glued;       /* a digit run glued to text: may hold several cells */
    unsigned char keyed;       /* koff and klen are set (tb_key_tokens) */
    unsigned char marks_known; /* labels: marks is set (regions.c) */
    int line, field;           /* 1-based body line and field */
    uint64_t marks;            /* labels: the markers' ideographs its key may hold */
    size_t off, len;           /* text in the document buffer (labels: trimmed) */
    size_t koff, klen;         /* labels: the label key (SCHEMA 11.1) in d->keys */
} tb_tok;

typedef struct tb_line {
    size_t off, len;    /* in the document buffer */
    int ntok0, ntok;    /* its tokens: tok[ntok0 .. ntok0+ntok) */
    int nfields;        /* TAB-separated fields, once tokenized (0 before) */
    unsigned mark_bits; /* bit i: may hold the region's marker i (scan.c) */
} tb_line;

/* What tabulate knows about one cell of the schema. */
typedef struct tb_cell {
    signed char state;  /* enum nb_state, or -1 when the cell is not in the document */
    unsigned char unit; /* enum nb_unit as written in an amount's cell, until t2 resolves it */
    unsigned flags;
    int64_t micro;
    int line, field; /* provenance, 0 when derived */
} tb_cell;

#define TB_MAX_METRICS 256
#define TB_NSUB        5 /* t2's sub-tables (art20_1 5 6 8 9; tb_subtable_name) */
#define TB_MAX_WARN    16

typedef struct tb_doc {
    /* input */
    nb_buf body; /* the body, lines separated by '\n' */
    tb_line *lines;
    int nlines, lines_cap;
    tb_tok *tok;
    int ntok, tok_cap;
    tb_tok *tok_aside; /* tb_recognize_lines: the first pass's tokens, set aside */
    int aside_cap;
    nb_buf keys;                /* the label keys of the keyed label tokens */
    int nomem;                  /* keying a label ran out of memory */
    long last_ye, last_tiao;    /* tokens.c: where the body's last 页 and 条 are (-2 unknown) */
    long split_budget;          /* search steps left for splitting glued rows */
    long work_budget;           /* recognizer steps left (tb_spend) */
    struct tb_scratch *scratch; /* the recognizer's working memory (recog.h) */

    /* results */
    tb_cell cells[TB_MAX_METRICS];
    unsigned char status[3];       /* t2, t3, t4: enum nb_table_status */
    unsigned char format[3];       /* t2 overall, t3, t4: enum nb_formats */
    unsigned char subfmt[TB_NSUB]; /* NB_FMT_2021, _2019, _UNKNOWN or _NONE */
    const char *warn[TB_MAX_WARN];
    int nwarn;
} tb_doc;

/*
 * The work one document may spend, in proportion to its size so that the
 * work per input byte is bounded (a hostile page of glued rows ends as
 * soon, per byte, as a small one), with a floor for short documents.  A
 * real report spends under half a recognizer step and a tenth of a
 * search step per byte (4,035 and 707 at most on the bench archive and
 * ../shared/real/); what a hostile one would need beyond its budget is not
 * read (cells missing or ambiguous, warning "w.budget"), never a hang.
 */
#define TB_WORK_FLOOR     200000L /* recognizer steps (tb_spend) */
#define TB_WORK_PER_BYTE  200L
#define TB_SPLIT_FLOOR    100000L /* search steps for splitting glued rows (split.c) */
#define TB_SPLIT_PER_BYTE 50L

/* floor + per_byte * bytes, saturating. */
static inline long
tb_budget(long floor, long per_byte, size_t bytes)
{
    size_t cap = (size_t)(LONG_MAX / 2 - floor) / (size_t)per_byte;
    return floor + per_byte * (long)(bytes < cap ? bytes : cap);
}

/* Reset for the next document, keeping allocations. */
void tb_doc_reset(tb_doc *d);
void tb_doc_free(tb_doc *d);

/* Split d->body into lines, with no tokens yet, unless tb_add_line made
 * them, and give the document its budgets (tb_budget of the body's size).
 * Returns 0 or -1 (out of memory). */
int tb_lines(tb_doc *d);

/* Append the line p[0..n) (no newline in it) and its newline to d->body,
 * and the line to d->lines: the lines tb_lines would find in the body,
 * without looking for its newlines again.  Returns 0 or -1. */
int tb_add_line(tb_doc *d, const char *p, size_t n);

/* Append the tokens of lines [l0, l1) (0-based) after tb_lines, setting
 * their ntok0 and ntok; lines are tokenized in increasing order, each at
 * most once since the last reset of d->ntok.  A line's tokens do not
 * depend on the other lines tokenized (only on the body).  Returns 0 or -1
 * (out of memory).  Label tokens are not keyed yet: most of a report is
 * prose that no table reads, and keying it was a fifth of the stage's
 * time. */
int tb_tokenize_lines(tb_doc *d, int l0, int l1);

/* Append the n tokens t (made by tb_tokenize_lines for one line of this
 * document, keys and all) to d->tok.  Returns 0 or -1 (out of memory). */
int tb_append_tokens(tb_doc *d, const tb_tok *t, int n);

/* tb_lines, then the tokens of every line. */
int tb_tokenize(tb_doc *d);

/* Key the label tokens of [t0, t1) that are not keyed yet.  Returns 0, or
 * -1 when out of memory (d->nomem is then set). */
int tb_key_tokens(tb_doc *d, int t0, int t1);

/* The text of a token (not NUL-terminated). */
static inline const char *
tb_tok_text(const tb_doc *d, const tb_tok *t)
{
    return d->body.p + t->off;
}

/* The label key of a keyed label token (not NUL-terminated; empty for
 * others). */
static inline const char *
tb_tok_key(const tb_doc *d, const tb_tok *t)
{
    assert(t->keyed);
    return t->klen ? d->keys.p + t->koff : "";
}

/* Add a warning (a static string); extra ones are dropped. */
void tb_warn(tb_doc *d, const char *w);

/* Spend n steps of the document's work budget: 1 while some is left, 0
 * (and the warning "w.budget") once it is spent. */
static inline int
tb_spend(tb_doc *d, long n)
{
    if (d->work_budget >= n) {
        d->work_budget -= n;
        return 1;
    }
    d->work_budget = 0;
    tb_warn(d, "w.budget");
    return 0;
}

#endif
