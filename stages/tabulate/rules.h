/* rules.h - derived cells (SCHEMA 7.6) and consistency rules (SCHEMA 8). */
#ifndef NB_TAB_RULES_H
#define NB_TAB_RULES_H

#include <stdint.h>

#include "doc.h"

enum tb_verdict { TB_PASS, TB_FAIL, TB_PASS_H0, TB_FAIL_H0, TB_NA };

typedef struct tb_check {
    char rule[96];
    int verdict;
    int64_t lhs, rhs; /* millionths; meaningless for TB_NA */
    int warning;      /* a w.* rule or flag */
} tb_check;

/* Resolve ids once; returns 0 or -1 on a schema defect. */
int tb_rules_init(void);

/* Compute the derived cells of d (needs d->status and d->format). */
void tb_derive(tb_doc *d);

/* Evaluate every rule instance on d into checks (at most max); returns
 * how many were written. */
int tb_check_rules(const tb_doc *d, tb_check *checks, int max);

/* "pass", "fail", "pass_h0", "fail_h0", "na". */
const char *tb_verdict_name(int v);

#endif
