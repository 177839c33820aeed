/*
 * fold.h - the folds of the normalize stage, one body line at a time.
 *
 * A line goes through, in order:
 *   1. rule lines: a markdown rule (`|---|:---:|`, `---`), in ASCII as
 *      written, is dropped;
 *   2. characters: NFKC (utf8proc) on the spans that need it, the dash
 *      set of SCHEMA 7.1 to '-', NBSP and the other fixed-width spaces to
 *      ' ', zero-width space / word joiner / BOM removed, "&nbsp;" to ' ';
 *   3. cell separators: a markdown pipe row becomes TAB-separated cells;
 *      a line that already has TABs keeps them exactly; a line of columns
 *      aligned with runs of 2+ spaces (pdftotext -layout) becomes
 *      TAB-separated when one of its cells is a value token (a table row);
 *   4. per cell: letter-spaced labels rejoined, numeric cells folded.
 * Every fold is idempotent and so is their composition: a line folded
 * twice is the line folded once.
 */
#ifndef NB_FOLD_H
#define NB_FOLD_H

#include <stddef.h>

#include "nb.h"
#include "text.h"

/* Tests only (tests/unit/test_fold_ref.c): nonzero folds without the
 * shortcuts that only make it faster, a character and a cell at a time,
 * so that the two can be compared on every input: in charfold.c
 * bmp_kind, skip_plain, the full-width runs narrowed in place and the
 * look for an assembled "&nbsp;" only after a change; in fold.c the
 * plain-line copy and the rule test after a first byte that may begin
 * one. */
extern int nb_fold_slow;

/* What the folds changed, added up over a document. */
typedef struct nb_fold_counts {
    long nfkc;         /* character spans rewritten by NFKC */
    long dashes;       /* dash characters folded to '-' */
    long spaces;       /* NBSP-like spaces to ' ', zero-width removed, &nbsp; */
    long pipes;        /* markdown pipe rows turned into TAB-separated cells */
    long rules;        /* markdown rule lines dropped */
    long aligned;      /* space-aligned rows turned into TAB-separated cells */
    long letterspaced; /* spaces removed inside letter-spaced labels */
    long numeric;      /* numeric cells rewritten (thousands separators, unit spacing) */
} nb_fold_counts;

/*
 * Character folds of s[0..n) (valid UTF-8), appended to out.  Returns 0,
 * or -1 with NB_E_NOMEM.  Codepoints NFKC leaves alone (ASCII, CJK
 * ideographs, most CJK punctuation) are copied without calling utf8proc.
 */
int nb_fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, nb_error *err);

/*
 * Remove the single spaces of a letter-spaced label in s[0..n) in place:
 * between two CJK characters (`结 果` → `结果`, `三、 本年` → `三、本年`),
 * around CJK brackets and quotes, and after an enumerator before CJK
 * (`1. 属于` → `1.属于`).  Spaces between two numbers, runs of two or
 * more spaces and spaces next to Latin text stay.  Returns the new length;
 * adds the spaces removed to *removed.
 */
size_t nb_fold_letterspace(char *s, size_t n, long *removed);

/*
 * Fold a numeric cell s[0..n) in place: when the cell, trimmed, is a
 * number with thousands separators (`1,234`) and/or a unit after one
 * space (`5 件`), the commas and that space go (`1234`, `5件`).  Anything
 * else is left as it is (placeholders, `1 0`, `12,34`, text).  Returns
 * the new length; *changed is set to 1 when the cell changed.
 */
size_t nb_fold_numeric(char *s, size_t n, int *changed);

/*
 * The separator and cell folds (steps 2 to 4) of a line t[0..m) that went
 * through nb_fold_chars, appended with a newline to out.
 * Returns 1 when written, 0 when dropped (a rule line), -1 (NB_E_NOMEM).
 */
int nb_fold_cells(const char *t, size_t m, nb_buf *out, nb_fold_counts *c, nb_error *err);

/*
 * Fold one body line s[0..n) (valid UTF-8, no newline) and append it with
 * a newline to out, unless it is dropped.  scratch is a caller-owned
 * buffer reused across calls.  Returns 1 when the line was written, 0 when
 * it was dropped (a rule line), -1 with NB_E_NOMEM.
 */
int nb_fold_line(const char *s, size_t n, nb_buf *out, nb_buf *scratch, nb_fold_counts *c,
                 nb_error *err);

#endif
