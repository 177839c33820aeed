/* formula.c - the formula table and its evaluator. */
#include "formula.h"

#include "schema.h"

static const nb_term terms[] = {
#define NB_TERM(m, s, mix) {m, s, mix},
#include "formula_table.h"
#undef NB_TERM
};

const nb_formula nb_formulas[] = {
#define NB_FORMULA(kind, op, when, target, id, zh, first, nl, nr)                                  \
    {kind, op, when, target, id, zh, {terms + (first), terms + (first) + (nl)}, {nl, nr}},
#include "formula_table.h"
#undef NB_FORMULA
};
const size_t nb_nformulas = sizeof nb_formulas / sizeof nb_formulas[0];

/* Whether the mixed term at side[t] is read as its parts. */
static int
expanded(const nb_term *side, int n, int t, int mix, nb_operand_fn get, const void *ctx)
{
    int64_t ignored;

    if (mix != NB_MIX_IF_PRESENT)
        return mix == NB_MIX_EXPAND;
    for (int p = t + 1; p < n && side[p].mix == NB_TERM_PART; p++)
        if (get(ctx, side[p].metric, &ignored) != NB_ST_MISSING)
            return 1;
    return 0;
}

int
nb_term_used(const nb_term *side, int n, int t, int mix, nb_operand_fn get, const void *ctx)
{
    int m = t;

    if (side[t].mix == NB_TERM_LEAF)
        return 1;
    while (m > 0 && side[m].mix == NB_TERM_PART)
        m--; /* the mixed term the part belongs to */
    return expanded(side, n, m, mix, get, ctx) == (side[t].mix == NB_TERM_PART);
}

void
nb_formula_eval(const nb_formula *f, nb_operand_fn get, const void *ctx, int mix, nb_sides *out)
{
    out->placeholder = out->unknown = out->overflow = 0;
    for (int w = 0; w < 2; w++) {
        const nb_term *side = f->side[w];
        int expand = 0;

        out->sum[w] = 0;
        for (int t = 0; t < f->n[w]; t++) {
            int64_t v = 0;
            int st;

            if (side[t].mix == NB_TERM_MIXED)
                expand = expanded(side, f->n[w], t, mix, get, ctx);
            if (side[t].mix != NB_TERM_LEAF && expand != (side[t].mix == NB_TERM_PART))
                continue;
            st = get(ctx, side[t].metric, &v);
            if (st == NB_ST_NUM)
                out->overflow |=
                    __builtin_add_overflow(out->sum[w], side[t].sign * v, &out->sum[w]);
            else if (nb_state_placeholder(st))
                out->placeholder = 1;
            else
                out->unknown = 1;
        }
    }
}

int
nb_formula_verdict(const nb_formula *f, const nb_sides *s)
{
    int holds = f->op == NB_OP_LE ? s->sum[0] <= s->sum[1] : s->sum[0] == s->sum[1];

    if (s->unknown)
        return NB_V_NA;
    if (s->placeholder)
        return holds ? NB_V_PASS_H0 : NB_V_FAIL_H0;
    return holds ? NB_V_PASS : NB_V_FAIL;
}

const char *
nb_verdict_name(int v)
{
    static const char *const names[] = {"pass", "fail", "pass_h0", "fail_h0", "na"};
    return v >= 0 && v <= NB_V_NA ? names[v] : "na";
}
