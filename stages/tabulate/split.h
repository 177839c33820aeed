/*
 * split.h - the glued-digit splitter and split-number repair (SCHEMA
 * 12.5): digit runs that hold several cells ("693665") or one cell split
 * by a space ("1 0") are read only when exactly one reading makes the
 * row's own sums hold.
 */
#ifndef NB_TAB_SPLIT_H
#define NB_TAB_SPLIT_H

#include <stdint.h>

#include "doc.h"

enum tb_rule {
    TB_RULE_NONE,  /* no sum applies: only a reading that is the only one possible */
    TB_RULE_T3ROW, /* 7 slots: the last is the sum of the six others */
    TB_RULE_T4,    /* 15 slots: each block of 5 ends in the sum of its 4 */
};

/*
 * Read tokens into S values (in millionths) in vals: tokens[i] may be cut
 * into several numbers (no part with a leading zero) when glued[i]; it may
 * be joined with the next when joinable[i] (two digit runs one space
 * apart).  Returns 1 when exactly one reading satisfies rule, 0 when none
 * or several do (or a token is not a plain number, or the search exceeds
 * its budget).  For unit tests; tabulate uses tb_split_row_all.
 */
int tb_split_strings(const char *const *tokens, const int *glued, const int *joinable, int n, int S,
                     int rule, int64_t *vals);

/*
 * Every reading of the value tokens d->tok[tok0 .. tok0+ntok), for a
 * decision the row alone cannot make (the table's column sums may):
 * writes up to maxsol readings into sols and returns their number, 0 when
 * there is none (or the row holds a blank or text), -1 when there are
 * more than maxsol or the search ran out of budget (warning "w.budget").
 * The steps spent come out of d->split_budget, so that no document,
 * however hostile, costs more than its budget (doc.h) in all.
 */
int tb_split_row_all(tb_doc *d, int tok0, int ntok, int S, int rule, int64_t (*sols)[16],
                     int maxsol);
int tb_split_strings_all(const char *const *tokens, const int *glued, const int *joinable, int n,
                         int S, int rule, int64_t (*sols)[16], int maxsol);

#endif
