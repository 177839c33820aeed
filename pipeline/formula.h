/*
 * formula.h - the formulas of SCHEMA 7.6 (derived cells), 8 (rules) and 9
 * (derived metrics), and the one evaluator tabulate's rules and
 * aggregate's rates share.  The formulas are data: data/formulas.tsv,
 * expanded over the ids of data/schema.tsv by scripts/gen-schema into
 * formula_table.h (every term a metric index of nb_metrics).
 */
#ifndef NB_FORMULA_H
#define NB_FORMULA_H

#include <stddef.h>
#include <stdint.h>

enum nb_fkind {
    NB_F_DERIVE, /* a derived cell: target = the sum of the lhs */
    NB_F_RULE,   /* an error rule: lhs op rhs */
    NB_F_WARN,   /* a warning rule */
    NB_F_RATE,   /* a derived metric: lhs, or lhs / rhs */
};
enum nb_fop { NB_OP_SUM, NB_OP_EQ, NB_OP_LE, NB_OP_DIV };
enum nb_fwhen {
    NB_WHEN_ALWAYS,
    NB_WHEN_READ,         /* only when an operand was read from the document */
    NB_WHEN_ART20_1_2019, /* only when t2's art20_1 sub-table is in 2019 format */
};

/* A term: a metric, its sign and its part in a mixed id (SCHEMA 7.6:
 * t3.other.<col> is reported in 2019 and the sum of three rows in 2021). */
enum nb_fmix {
    NB_TERM_LEAF,  /* always an operand */
    NB_TERM_MIXED, /* an operand unless the formula is expanded */
    NB_TERM_PART,  /* of the mixed term before it: an operand when expanded */
};
typedef struct nb_term {
    short metric;
    signed char sign;
    unsigned char mix; /* enum nb_fmix */
} nb_term;

typedef struct nb_formula {
    unsigned char kind, op, when; /* enum nb_fkind, nb_fop, nb_fwhen */
    int target;                   /* NB_F_DERIVE: the metric computed; else -1 */
    const char *id;               /* "c.t3.balance.natural" */
    const char *zh;               /* NB_F_RATE: the Chinese header; else "" */
    const nb_term *side[2];       /* lhs, rhs (rhs empty for a sum) */
    int n[2];
} nb_formula;

/* Every formula in the order of data/formulas.tsv. */
extern const nb_formula nb_formulas[];
extern const size_t nb_nformulas;

/* How mixed terms are read: as the reported leaf, as their parts, or as
 * their parts when one of the parts is in the document (else the leaf). */
enum nb_mixmode { NB_MIX_LEAF, NB_MIX_EXPAND, NB_MIX_IF_PRESENT };

/* An operand's state (enum nb_state; NB_ST_MISSING when the report lacks
 * it) and, for NB_ST_NUM, its value in *micro. */
typedef int (*nb_operand_fn)(const void *ctx, int metric, int64_t *micro);

/* The sums of a formula's two sides over one report. */
typedef struct nb_sides {
    int64_t sum[2];  /* the num operands' sums (placeholders count 0) */
    int placeholder; /* some operand is a placeholder state */
    int unknown;     /* some operand is text, ambiguous or missing */
    int overflow;    /* a sum left the int64 range (sum[] wrapped) */
} nb_sides;

void nb_formula_eval(const nb_formula *f, nb_operand_fn get, const void *ctx, int mix,
                     nb_sides *out);

/* The verdict of SCHEMA 8.1 for a rule evaluated into s. */
enum nb_verdict { NB_V_PASS, NB_V_FAIL, NB_V_PASS_H0, NB_V_FAIL_H0, NB_V_NA };
int nb_formula_verdict(const nb_formula *f, const nb_sides *s);

/* "pass", "fail", "pass_h0", "fail_h0", "na" ("na" when out of range). */
const char *nb_verdict_name(int v);

/* Whether term t of side is an operand under mix (with the first of a
 * mixed term's parts found present when mix is NB_MIX_IF_PRESENT). */
int nb_term_used(const nb_term *side, int n, int t, int mix, nb_operand_fn get, const void *ctx);

#endif
