/* rules.h - derived cells (SCHEMA 7.6) and consistency rules (SCHEMA 8). */
#ifndef NB_TAB_RULES_H
#define NB_TAB_RULES_H

#include <stdint.h>

#include "doc.h"
#include "formula.h"

/* The verdicts of SCHEMA 8.1 (pipeline/formula.h names them). */
enum tb_verdict {
    TB_PASS = NB_V_PASS,
    TB_FAIL = NB_V_FAIL,
    TB_PASS_H0 = NB_V_PASS_H0,
    TB_FAIL_H0 = NB_V_FAIL_H0,
    TB_NA = NB_V_NA
};

typedef struct tb_check {
    char rule[96];
    int verdict;
    int64_t lhs, rhs; /* millionths; meaningless for TB_NA */
    int warning;      /* a w.* rule or flag */
} tb_check;

/* Check the formula table against tb_doc's limits; 0 or -1 (a build defect). */
int tb_rules_init(void);

/* Compute the derived cells of d (needs d->status and d->format). */
void tb_derive(tb_doc *d);

/* Evaluate every rule instance on d into checks (at most max); returns
 * how many were written. */
int tb_check_rules(const tb_doc *d, tb_check *checks, int max);

#endif
