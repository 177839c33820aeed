/*
 * rules.c - derived cells and the rules of SCHEMA 8, as tabulate reads
 * them from the formula table (data/formulas.tsv through
 * pipeline/formula.h).  Derived cells are never operands: every rule
 * expands to reported leaves.  Only the value-domain rules of SCHEMA 8.4,
 * one per cell, are C.
 */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "formula.h"
#include "record.h"

int
tb_rules_init(void)
{
    for (size_t f = 0; f < nb_nformulas; f++)
        if (nb_formulas[f].target >= TB_MAX_METRICS)
            return -1;
    return nb_nmetrics <= TB_MAX_METRICS ? 0 : -1;
}

/* State of a cell for sums: absent cells are missing. */
static int
state(const tb_doc *d, int idx)
{
    return d->cells[idx].state < 0 ? NB_ST_MISSING : d->cells[idx].state;
}

/* The evaluator's view of a cell. */
static int
operand(const void *ctx, int metric, int64_t *micro)
{
    const tb_doc *d = ctx;

    *micro = d->cells[metric].micro;
    return state(d, metric);
}

/* A derived cell: the sum of its leaves, missing when one is unknown. */
static void
derive(tb_doc *d, const nb_formula *f, unsigned extra)
{
    tb_cell *x = &d->cells[f->target];
    nb_sides s;

    nb_formula_eval(f, operand, d, NB_MIX_LEAF, &s);
    x->line = x->field = 0;
    x->state = s.unknown ? NB_ST_MISSING : NB_ST_NUM;
    x->micro = s.unknown ? 0 : s.sum[0];
    x->flags = extra | (!s.unknown && s.placeholder ? NB_FL_H0 : 0);
}

void
tb_derive(tb_doc *d)
{
    if (d->status[1] == NB_TS_ABSENT)
        return;
    for (size_t i = 0; i < nb_nformulas; i++) {
        const nb_formula *f = &nb_formulas[i];
        tb_cell *x;

        if (f->kind != NB_F_DERIVE)
            continue;
        if (nb_metrics[f->target].origin == NB_ORIGIN_DERIVED) {
            derive(d, f, 0);
        } else if (d->format[1] == NB_FMT_2021) {
            derive(d, f, NB_FL_DERIVED); /* t3.other.<col>: reported in 2019 only */
        } else if (d->format[1] == NB_FMT_UNDETERMINED) {
            x = &d->cells[f->target];
            x->state = NB_ST_MISSING;
            x->flags = 0;
            x->line = x->field = 0;
        }
    }
}

/* NB_WHEN_READ: some operand (a mixed id itself, not its parts) was read
 * from the document rather than derived. */
static int
read_from_doc(const tb_doc *d, const nb_formula *f)
{
    for (int w = 0; w < 2; w++)
        for (int t = 0; t < f->n[w]; t++) {
            const tb_cell *c = &d->cells[f->side[w][t].metric];
            if (f->side[w][t].mix != NB_TERM_PART && c->state >= 0 && c->line > 0)
                return 1;
        }
    return 0;
}

static int
applies(const tb_doc *d, const nb_formula *f)
{
    switch (f->when) {
    case NB_WHEN_READ: return read_from_doc(d, f);
    case NB_WHEN_ART20_1_2019: return d->subfmt[0] == NB_FMT_2019;
    }
    return 1;
}

/* The names of the value-domain rules, "c.dom.nonneg.<id>" and
 * "c.dom.int.<id>" for every metric, and whether every name a check can
 * have (these and the formulas' ids) is written as it is in JSON: made
 * once, on first use.  A check used to copy its name into itself, and a
 * domain rule's by snprintf, for every cell of every document. */
static char dom_names[TB_MAX_METRICS][2][96];
static int names_made, names_plain;

static void
make_names(void)
{
    names_plain = 1;
    for (size_t i = 0; i < nb_nmetrics && i < TB_MAX_METRICS; i++) {
        snprintf(dom_names[i][0], sizeof dom_names[i][0], "c.dom.nonneg.%s", nb_metrics[i].id);
        snprintf(dom_names[i][1], sizeof dom_names[i][1], "c.dom.int.%s", nb_metrics[i].id);
        for (int k = 0; k < 2; k++)
            names_plain &= nb_record_plain(dom_names[i][k], strlen(dom_names[i][k]));
    }
    for (size_t f = 0; f < nb_nformulas; f++)
        names_plain &= nb_record_plain(nb_formulas[f].id, strlen(nb_formulas[f].id));
    names_made = 1;
}

/* Whether a record lists a check of this verdict without --all-checks:
 * a failing rule, or a warning that does not pass (report.c decides; this
 * keeps no fewer). */
static int
notable(int verdict, int warning)
{
    return verdict == TB_FAIL || verdict == TB_FAIL_H0 ||
           (warning && verdict != TB_PASS && verdict != TB_NA);
}

static int
push(tb_check *checks, int n, int max, const char *name, int verdict, int64_t lhs, int64_t rhs,
     int warning)
{
    if (n >= max)
        return n;
    checks[n] = (tb_check){.rule = name,
                           .verdict = verdict,
                           .lhs = lhs,
                           .rhs = rhs,
                           .warning = warning,
                           .plain = names_plain};
    return n + 1;
}

/* The mix of OTHER (SCHEMA 8.2): the three 2021 rows, the 2019 one, or
 * for an undetermined t3 whichever is present. */
static int
mix_of(const tb_doc *d)
{
    return d->format[1] == NB_FMT_2021           ? NB_MIX_EXPAND
           : d->format[1] == NB_FMT_UNDETERMINED ? NB_MIX_IF_PRESENT
                                                 : NB_MIX_LEAF;
}

/* The rules of one kind (NB_F_RULE or NB_F_WARN), in table order; only
 * the notable ones when all is 0. */
static int
check_kind(const tb_doc *d, int kind, int all, tb_check *checks, int n, int max)
{
    int mix = mix_of(d);

    for (size_t i = 0; i < nb_nformulas; i++) {
        const nb_formula *f = &nb_formulas[i];
        nb_sides s;
        int v;

        if (f->kind != kind || !applies(d, f))
            continue;
        nb_formula_eval(f, operand, d, mix, &s);
        v = nb_formula_verdict(f, &s);
        if (all || notable(v, kind == NB_F_WARN))
            n = push(checks, n, max, f->id, v, s.sum[0], s.sum[1], kind == NB_F_WARN);
    }
    return n;
}

/* SCHEMA 8.4, one instance per cell: only the failing ones. */
static int
check_domains(const tb_doc *d, tb_check *checks, int n, int max)
{
    for (size_t i = 0; i < nb_nmetrics && i < TB_MAX_METRICS; i++) {
        const tb_cell *x = &d->cells[i];

        if (x->state != NB_ST_NUM || x->line == 0 || nb_metrics[i].origin == NB_ORIGIN_DERIVED)
            continue;
        if (nb_metrics[i].kind != NB_KIND_SIGNED && x->micro < 0)
            n = push(checks, n, max, dom_names[i][0], TB_FAIL, x->micro, 0, 0);
        if (nb_metrics[i].kind != NB_KIND_AMOUNT && x->micro % NB_MICRO)
            n = push(checks, n, max, dom_names[i][1], TB_FAIL, x->micro, 0, 0);
    }
    return n;
}

static int
check(const tb_doc *d, int all, tb_check *checks, int max)
{
    int n;

    if (!names_made)
        make_names();
    n = check_kind(d, NB_F_RULE, all, checks, 0, max);
    n = check_domains(d, checks, n, max);
    return check_kind(d, NB_F_WARN, all, checks, n, max);
}

int
tb_check_rules(const tb_doc *d, tb_check *checks, int max)
{
    return check(d, 1, checks, max);
}

int
tb_check_listed(const tb_doc *d, int all, tb_check *checks, int max)
{
    return check(d, all, checks, max);
}

int
tb_t3_rules_fail(const tb_doc *d)
{
    int mix = mix_of(d);

    for (size_t i = 0; i < nb_nformulas; i++) {
        const nb_formula *f = &nb_formulas[i];
        nb_sides s;
        int v;

        if ((f->kind != NB_F_RULE && f->kind != NB_F_WARN) || strncmp(f->id, "c.t3.", 5) ||
            !applies(d, f))
            continue;
        nb_formula_eval(f, operand, d, mix, &s);
        v = nb_formula_verdict(f, &s);
        if (v == TB_FAIL || v == TB_FAIL_H0)
            return 1;
    }
    return 0;
}
