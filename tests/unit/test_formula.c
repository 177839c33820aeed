/* test_formula.c - the formula table (data/formulas.tsv) and the one
 * evaluator of rules and rates (pipeline/formula.h). */
#include <stdint.h>
#include <string.h>

#include "cell.h"
#include "check.h"
#include "formula.h"
#include "schema.h"

/* A report: every metric missing unless set. */
static int st[512];
static int64_t val[512];

static void
clear(void)
{
    for (size_t i = 0; i < nb_nmetrics; i++)
        st[i] = NB_ST_MISSING, val[i] = 0;
}

static void
set(const char *id, int state, int64_t v)
{
    int m = nb_metric_find(id, strlen(id));
    CHECK(m >= 0);
    if (m >= 0)
        st[m] = state, val[m] = v * NB_MICRO;
}

static int
get(const void *ctx, int metric, int64_t *micro)
{
    (void)ctx;
    *micro = val[metric];
    return st[metric];
}

static const nb_formula *
find(const char *id)
{
    for (size_t i = 0; i < nb_nformulas; i++)
        if (!strcmp(nb_formulas[i].id, id))
            return &nb_formulas[i];
    return NULL;
}

static int
verdict(const char *id, int mix, nb_sides *s)
{
    const nb_formula *f = find(id);
    if (!f)
        return -1;
    nb_formula_eval(f, get, NULL, mix, s);
    return nb_formula_verdict(f, s);
}

static void
test_table(void)
{
    const nb_formula *f;
    int nrule = 0, nrate = 0;

    for (size_t i = 0; i < nb_nformulas; i++) {
        nrule += nb_formulas[i].kind == NB_F_RULE;
        nrate += nb_formulas[i].kind == NB_F_RATE;
    }
    /* SCHEMA 8.2-8.3: 7 + 7 + 26 rows + 3; SCHEMA 9: 7 + 7 + 5 + 5 + 5 + 5 */
    CHECK_INT(nrule, 7 + 7 + 26 + 3);
    CHECK_INT(nrate, 28);
    f = find("c.t3.results.total");
    CHECK(f && f->op == NB_OP_EQ && f->n[0] == 1);
    /* open, partial, 8 deny, 3 unable, 5 decline, other and its three parts */
    CHECK(f && f->n[1] == 2 + 8 + 3 + 5 + 1 + 3);
    f = find("t3.deny.total");
    CHECK(f && f->kind == NB_F_DERIVE && f->target == nb_metric_find("t3.deny.total", 13));
    f = find("d.t3.deny_rate");
    CHECK(f && f->op == NB_OP_DIV && f->n[0] == 8 && f->n[1] == 1);
    CHECK_STR(find("d.t4.suit.maintain")->zh, "行政诉讼合计·结果维持");
    CHECK(find("c.t3.rowsum.deny") == NULL); /* a derived row has no row sum */
    CHECK(find("c.t3.rowsum.other") != NULL);
    CHECK(find("w.t2.published_le_total.normative")->op == NB_OP_LE);
}

static void
test_verdicts(void)
{
    nb_sides s;

    clear();
    set("t4.review.total", NB_ST_NUM, 5);
    set("t4.review.maintain", NB_ST_NUM, 2);
    set("t4.review.correct", NB_ST_NUM, 3);
    set("t4.review.other", NB_ST_NUM, 0);
    set("t4.review.pending", NB_ST_NUM, 0);
    CHECK_INT(verdict("c.t4.sum.review", NB_MIX_LEAF, &s), NB_V_PASS);
    CHECK(s.sum[0] == 5 * NB_MICRO && s.sum[1] == 5 * NB_MICRO);
    set("t4.review.other", NB_ST_DASH, 0);
    CHECK_INT(verdict("c.t4.sum.review", NB_MIX_LEAF, &s), NB_V_PASS_H0);
    set("t4.review.correct", NB_ST_SLASH, 0);
    CHECK_INT(verdict("c.t4.sum.review", NB_MIX_LEAF, &s), NB_V_FAIL_H0);
    set("t4.review.correct", NB_ST_NUM, 4);
    set("t4.review.other", NB_ST_NUM, 0);
    CHECK_INT(verdict("c.t4.sum.review", NB_MIX_LEAF, &s), NB_V_FAIL);
    set("t4.review.pending", NB_ST_TEXT, 0);
    CHECK_INT(verdict("c.t4.sum.review", NB_MIX_LEAF, &s), NB_V_NA);
    CHECK_INT(verdict("c.t4.sum.suit_after", NB_MIX_LEAF, &s), NB_V_NA); /* all missing */
    /* <= */
    set("t2.art20_1.rules.published", NB_ST_NUM, 3);
    set("t2.art20_1.rules.public_total", NB_ST_NUM, 3);
    CHECK_INT(verdict("w.t2.published_le_total.rules", NB_MIX_LEAF, &s), NB_V_PASS);
    set("t2.art20_1.rules.published", NB_ST_NUM, 4);
    CHECK_INT(verdict("w.t2.published_le_total.rules", NB_MIX_LEAF, &s), NB_V_FAIL);
    CHECK_STR(nb_verdict_name(NB_V_FAIL_H0), "fail_h0");
    CHECK_STR(nb_verdict_name(-1), "na");
}

/* OTHER of SCHEMA 8.2: the 2019 row, the three 2021 rows, or whichever is there. */
static void
test_mixed(void)
{
    static const char *const fixed[] = {"open", "partial", NULL};
    nb_sides s;
    char id[96];

    clear();
    set("t3.result_total.natural", NB_ST_NUM, 6);
    for (int i = 0; fixed[i]; i++) {
        snprintf(id, sizeof id, "t3.%s.natural", fixed[i]);
        set(id, NB_ST_NUM, 1);
    }
    for (size_t m = 0; m < nb_nmetrics; m++) {
        const char *i = nb_metrics[m].id;
        size_t n = strlen(i);
        if ((!strncmp(i, "t3.deny.", 8) || !strncmp(i, "t3.unable.", 10) ||
             !strncmp(i, "t3.decline.", 11)) &&
            n > 8 && !strcmp(i + n - 8, ".natural") && nb_metrics[m].origin != NB_ORIGIN_DERIVED)
            st[m] = NB_ST_NUM, val[m] = 0;
    }
    set("t3.other.natural", NB_ST_NUM, 4); /* 2019: 1 + 1 + 4 = 6 */
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_LEAF, &s), NB_V_PASS);
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_EXPAND, &s), NB_V_NA); /* 2021 rows missing */
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_IF_PRESENT, &s), NB_V_PASS);
    set("t3.other.no_correction.natural", NB_ST_NUM, 1);
    set("t3.other.unpaid_fee.natural", NB_ST_NUM, 1);
    set("t3.other.misc.natural", NB_ST_NUM, 2);
    st[nb_metric_find("t3.other.natural", 16)] = NB_ST_MISSING;
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_EXPAND, &s), NB_V_PASS);
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_IF_PRESENT, &s), NB_V_PASS);
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_LEAF, &s), NB_V_NA);
    set("t3.other.misc.natural", NB_ST_NUM, 3);
    CHECK_INT(verdict("c.t3.results.natural", NB_MIX_EXPAND, &s), NB_V_FAIL);
    CHECK(s.sum[1] == 7 * NB_MICRO);
}

static void
test_rates(void)
{
    const nb_formula *f = find("d.t4.review_correct_rate");
    nb_sides s;

    clear();
    set("t4.review.correct", NB_ST_NUM, 2);
    set("t4.review.total", NB_ST_NUM, 10);
    set("t4.review.pending", NB_ST_NUM, 2);
    nb_formula_eval(f, get, NULL, NB_MIX_LEAF, &s);
    CHECK(s.sum[0] == 2 * NB_MICRO && s.sum[1] == 8 * NB_MICRO); /* a minus sign */
    CHECK(!s.unknown && !s.placeholder && !s.overflow);
    /* a sum out of the int64 range is flagged, never silently wrapped */
    st[nb_metric_find("t4.review.total", 15)] = NB_ST_NUM;
    val[nb_metric_find("t4.review.total", 15)] = INT64_MAX;
    val[nb_metric_find("t4.review.pending", 17)] = -5;
    nb_formula_eval(f, get, NULL, NB_MIX_LEAF, &s);
    CHECK(s.overflow);
}

int
main(void)
{
    test_table();
    test_verdicts();
    test_mixed();
    test_rates();
    return check_done("test_formula");
}
