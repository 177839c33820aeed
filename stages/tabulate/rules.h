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
    const char *rule; /* "c.t3.balance.total": static, lives as long as tabulate */
    int verdict;
    int64_t lhs, rhs; /* millionths; meaningless for TB_NA */
    int warning;      /* a w.* rule or flag */
    int plain;        /* rule is plain ASCII (nb_record_plain) */
} tb_check;

/* Check the formula table against tb_doc's limits; 0 or -1 (a build defect). */
int tb_rules_init(void);

/* Compute the derived cells of d (needs d->status and d->format). */
void tb_derive(tb_doc *d);

/* Evaluate every rule instance on d into checks (at most max); returns
 * how many were written.  Rules first, then the failing value-domain
 * instances, then warnings, each in table order. */
int tb_check_rules(const tb_doc *d, tb_check *checks, int max);

/* The same with all set; else only the instances a record lists without
 * --all-checks (failing rules, warnings that do not pass), in the same
 * order: the verdicts that pass are not kept. */
int tb_check_listed(const tb_doc *d, int all, tb_check *checks, int max);

/* Whether a rule of table 三 (c.t3.*) fails (fail or fail_h0) on d: what
 * t3's trial readings ask of tb_check_rules, without the others. */
int tb_t3_rules_fail(const tb_doc *d);

#endif
