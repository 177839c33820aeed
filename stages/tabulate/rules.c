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

static int
push(tb_check *checks, int n, int max, const char *name, const tb_check *c)
{
    size_t len = strlen(name);

    if (n >= max)
        return n;
    if (len >= sizeof checks[n].rule)
        len = sizeof checks[n].rule - 1;
    checks[n] = *c;
    memcpy(checks[n].rule, name, len); /* no snprintf: t3 checks every rule per trial reading */
    checks[n].rule[len] = '\0';
    return n + 1;
}

/* The rules of one kind (NB_F_RULE or NB_F_WARN), in table order. */
static int
check_kind(const tb_doc *d, int kind, tb_check *checks, int n, int max)
{
    /* OTHER of SCHEMA 8.2: the three 2021 rows, the 2019 one, or for an
     * undetermined t3 whichever is present */
    int mix = d->format[1] == NB_FMT_2021           ? NB_MIX_EXPAND
              : d->format[1] == NB_FMT_UNDETERMINED ? NB_MIX_IF_PRESENT
                                                    : NB_MIX_LEAF;

    for (size_t i = 0; i < nb_nformulas; i++) {
        const nb_formula *f = &nb_formulas[i];
        nb_sides s;
        tb_check c;

        if (f->kind != kind || !applies(d, f))
            continue;
        nb_formula_eval(f, operand, d, mix, &s);
        memset(&c, 0, sizeof c);
        c.lhs = s.sum[0];
        c.rhs = s.sum[1];
        c.verdict = nb_formula_verdict(f, &s);
        c.warning = kind == NB_F_WARN;
        n = push(checks, n, max, f->id, &c);
    }
    return n;
}

/* SCHEMA 8.4, one instance per cell: only the failing ones. */
static int
check_domains(const tb_doc *d, tb_check *checks, int n, int max)
{
    char name[96];
    tb_check c;

    for (size_t i = 0; i < nb_nmetrics && i < TB_MAX_METRICS; i++) {
        const tb_cell *x = &d->cells[i];
        if (x->state != NB_ST_NUM || nb_metrics[i].origin == NB_ORIGIN_DERIVED || x->line == 0)
            continue;
        memset(&c, 0, sizeof c);
        c.verdict = TB_FAIL;
        if (nb_metrics[i].kind != NB_KIND_SIGNED && x->micro < 0) {
            c.lhs = x->micro;
            snprintf(name, sizeof name, "c.dom.nonneg.%s", nb_metrics[i].id);
            n = push(checks, n, max, name, &c);
        }
        if (nb_metrics[i].kind != NB_KIND_AMOUNT && x->micro % NB_MICRO) {
            c.lhs = x->micro;
            snprintf(name, sizeof name, "c.dom.int.%s", nb_metrics[i].id);
            n = push(checks, n, max, name, &c);
        }
    }
    return n;
}

int
tb_check_rules(const tb_doc *d, tb_check *checks, int max)
{
    int n = check_kind(d, NB_F_RULE, checks, 0, max);

    n = check_domains(d, checks, n, max);
    return check_kind(d, NB_F_WARN, checks, n, max);
}
