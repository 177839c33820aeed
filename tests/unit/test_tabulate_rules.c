/* test_tabulate_rules.c - every rule verdict (SCHEMA 8.1) and derived cell (7.6). */
#include "tabulate-test.h"

static void
test_rules(void)
{
    const tb_check *k;

    CHECK_STR(nb_verdict_name(TB_PASS), "pass");
    CHECK_STR(nb_verdict_name(TB_FAIL), "fail");
    CHECK_STR(nb_verdict_name(TB_PASS_H0), "pass_h0");
    CHECK_STR(nb_verdict_name(TB_FAIL_H0), "fail_h0");
    CHECK_STR(nb_verdict_name(TB_NA), "na");
    CHECK_STR(nb_verdict_name(99), "na");

    /* all zeros: everything passes; 7 + 7 + 25 + 3 instances */
    zero_doc(NB_FMT_2021);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_PASS);
    CHECK_INT(verdict("c.t3.results.total"), TB_PASS);
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_PASS);
    CHECK_INT(verdict("c.t3.rowsum.other.misc"), TB_PASS);
    CHECK_INT(verdict("c.t3.rowsum.other"), -1); /* derived in 2021: no instance */
    CHECK_INT(verdict("c.t4.sum.suit_after"), TB_PASS);
    CHECK_INT(nchecks, 7 + 7 + 25 + 3);
    CHECK_INT(verdict("c.dom.nonneg.t3.new.natural"), -1); /* only failures are listed */

    /* balance: new + carried_in = result_total + carried_out */
    zero_doc(NB_FMT_2021);
    setc("t3.new.natural", NB_ST_NUM, 3);
    setc("t3.carried_in.natural", NB_ST_NUM, 1);
    setc("t3.result_total.natural", NB_ST_NUM, 2);
    setc("t3.carried_out.natural", NB_ST_NUM, 2);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_PASS);
    k = find_check("c.t3.balance.natural");
    CHECK(k && k->lhs == 4 * NB_MICRO && k->rhs == 4 * NB_MICRO);
    setc("t3.carried_out.natural", NB_ST_NUM, 1);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_FAIL);
    k = find_check("c.t3.balance.natural");
    CHECK(k && k->lhs == 4 * NB_MICRO && k->rhs == 3 * NB_MICRO);
    setc("t3.carried_out.natural", NB_ST_BLANK, 0);
    setc("t3.result_total.natural", NB_ST_NUM, 4);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_PASS_H0);
    setc("t3.carried_out.natural", NB_ST_SLASH, 0);
    setc("t3.result_total.natural", NB_ST_NUM, 3);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_FAIL_H0);
    k = find_check("c.t3.balance.natural");
    CHECK(k && k->lhs == 4 * NB_MICRO && k->rhs == 3 * NB_MICRO);
    setc("t3.carried_out.natural", NB_ST_TEXT, 0);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_NA);
    setc("t3.carried_out.natural", NB_ST_AMBIGUOUS, 0);
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_NA);
    D.cells[ix("t3.carried_out.natural")].state = -1; /* not in the document */
    rules();
    CHECK_INT(verdict("c.t3.balance.natural"), TB_NA);
    CHECK_INT(verdict("c.t3.balance.total"), TB_PASS); /* other columns untouched */

    /* results: result_total = open + partial + deny.* + unable.* + decline.* + other.* */
    zero_doc(NB_FMT_2021);
    setc("t3.result_total.total", NB_ST_NUM, 3);
    setc("t3.open.total", NB_ST_NUM, 1);
    setc("t3.deny.query.total", NB_ST_NUM, 1);
    setc("t3.other.misc.total", NB_ST_NUM, 1);
    rules();
    CHECK_INT(verdict("c.t3.results.total"), TB_PASS);
    setc("t3.other.misc.total", NB_ST_NUM, 0);
    rules();
    CHECK_INT(verdict("c.t3.results.total"), TB_FAIL);
    setc("t3.other.misc.total", NB_ST_DASH, 0);
    setc("t3.unable.unclear.total", NB_ST_NUM, 1);
    rules();
    CHECK_INT(verdict("c.t3.results.total"), TB_PASS_H0);
    setc("t3.unable.unclear.total", NB_ST_NONE, 0);
    rules();
    CHECK_INT(verdict("c.t3.results.total"), TB_FAIL_H0);
    setc("t3.decline.mass.total", NB_ST_MISSING, 0);
    rules();
    CHECK_INT(verdict("c.t3.results.total"), TB_NA);
    /* 2019: the other row is an operand, not the 2021 sub-rows */
    zero_doc(NB_FMT_2019);
    setc("t3.result_total.natural", NB_ST_NUM, 2);
    setc("t3.other.natural", NB_ST_NUM, 2);
    rules();
    CHECK_INT(verdict("c.t3.results.natural"), TB_PASS);
    CHECK_INT(verdict("c.t3.rowsum.other"), TB_FAIL); /* total 0 != 2 */
    /* undetermined without any 其他处理 row: na */
    zero_doc(NB_FMT_UNDETERMINED);
    rules();
    CHECK_INT(verdict("c.t3.results.natural"), TB_NA);
    CHECK_INT(verdict("c.t3.balance.natural"), TB_PASS);

    /* rowsum: total = the six applicant columns */
    zero_doc(NB_FMT_2021);
    setc("t3.new.natural", NB_ST_NUM, 5);
    setc("t3.new.commercial", NB_ST_NUM, 2);
    setc("t3.new.total", NB_ST_NUM, 7);
    rules();
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_PASS);
    setc("t3.new.total", NB_ST_NUM, 8);
    rules();
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_FAIL);
    setc("t3.new.total", NB_ST_BLANK, 0);
    rules();
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_FAIL_H0);
    k = find_check("c.t3.rowsum.new");
    CHECK(k && k->lhs == 0 && k->rhs == 7 * NB_MICRO);
    setc("t3.new.total", NB_ST_NUM, 7);
    setc("t3.new.research", NB_ST_SLASH, 0);
    rules();
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_PASS_H0);
    setc("t3.new.research", NB_ST_TEXT, 0);
    rules();
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_NA);
    /* a row not in the document has no rowsum instance */
    for (int c = 0; c < 7; c++) {
        char id[96];
        snprintf(id, sizeof id, "t3.carried_out.%s", cols[c]);
        D.cells[ix(id)].state = -1;
    }
    rules();
    CHECK_INT(verdict("c.t3.rowsum.carried_out"), -1);
    CHECK_INT(verdict("c.t3.balance.total"), TB_NA);

    /* t4 block sums */
    zero_doc(NB_FMT_2021);
    setc("t4.review.maintain", NB_ST_NUM, 2);
    setc("t4.review.correct", NB_ST_NUM, 1);
    setc("t4.review.total", NB_ST_NUM, 3);
    rules();
    CHECK_INT(verdict("c.t4.sum.review"), TB_PASS);
    setc("t4.review.total", NB_ST_NUM, 4);
    rules();
    CHECK_INT(verdict("c.t4.sum.review"), TB_FAIL);
    setc("t4.review.pending", NB_ST_BLANK, 0);
    rules();
    CHECK_INT(verdict("c.t4.sum.review"), TB_FAIL_H0);
    setc("t4.review.total", NB_ST_NUM, 3);
    rules();
    CHECK_INT(verdict("c.t4.sum.review"), TB_PASS_H0);
    setc("t4.review.other", NB_ST_AMBIGUOUS, 0);
    rules();
    CHECK_INT(verdict("c.t4.sum.review"), TB_NA);
    CHECK_INT(verdict("c.t4.sum.suit_direct"), TB_PASS);

    /* value domains: only failing instances, with the value */
    zero_doc(NB_FMT_2021);
    setc("t3.new.natural", NB_ST_NUM, -2);
    D.cells[ix("t3.new.commercial")].micro = 1500000; /* 1.5 */
    rules();
    CHECK_INT(verdict("c.dom.nonneg.t3.new.natural"), TB_FAIL);
    CHECK_INT(verdict("c.dom.int.t3.new.natural"), -1);
    CHECK_INT(verdict("c.dom.int.t3.new.commercial"), TB_FAIL);
    CHECK_INT(verdict("c.dom.nonneg.t3.new.commercial"), -1);
    k = find_check("c.dom.int.t3.new.commercial");
    CHECK(k && k->lhs == 1500000);
    /* signed deltas may be negative; amounts may be fractional */
    setc("t2.art20_5.license.delta_items", NB_ST_NUM, -3);
    setc("t2.art20_8.fee.amount", NB_ST_NUM, 0);
    D.cells[ix("t2.art20_8.fee.amount")].micro = 25100000;
    rules();
    CHECK_INT(verdict("c.dom.nonneg.t2.art20_5.license.delta_items"), -1);
    CHECK_INT(verdict("c.dom.int.t2.art20_8.fee.amount"), -1);
    setc("t2.art20_8.fee.amount", NB_ST_NUM, -1);
    setc("t2.art20_5.license.delta_items", NB_ST_NUM, 0);
    D.cells[ix("t2.art20_5.license.delta_items")].micro = 500000;
    rules();
    CHECK_INT(verdict("c.dom.nonneg.t2.art20_8.fee.amount"), TB_FAIL);
    CHECK_INT(verdict("c.dom.int.t2.art20_5.license.delta_items"), TB_FAIL);
    /* placeholders are no values: no domain verdict */
    setc("t2.art20_8.fee.amount", NB_ST_SLASH, -1);
    rules();
    CHECK_INT(verdict("c.dom.nonneg.t2.art20_8.fee.amount"), -1);

    /* derived cells: all num -> sum; placeholders -> sum of nums + h0;
     * an unknown operand -> missing */
    zero_doc(NB_FMT_2021);
    setc("t3.deny.secret.natural", NB_ST_NUM, 2);
    setc("t3.deny.query.natural", NB_ST_NUM, 3);
    setc("t3.deny.law.commercial", NB_ST_BLANK, 0);
    setc("t3.deny.safety.commercial", NB_ST_NUM, 4);
    setc("t3.deny.law.research", NB_ST_TEXT, 0);
    setc("t3.unable.unclear.total", NB_ST_MISSING, 0);
    setc("t3.other.unpaid_fee.legal", NB_ST_NUM, 6);
    setc("t3.other.misc.legal", NB_ST_DASH, 0);
    rules();
    CHECK_INT(st("t3.deny.natural"), NB_ST_NUM);
    CHECK_INT(val("t3.deny.natural"), 5);
    CHECK(!(flags("t3.deny.natural") & NB_FL_H0));
    CHECK_INT(D.cells[ix("t3.deny.natural")].line, 0);
    CHECK_INT(st("t3.deny.commercial"), NB_ST_NUM);
    CHECK_INT(val("t3.deny.commercial"), 4);
    CHECK(flags("t3.deny.commercial") & NB_FL_H0);
    CHECK_INT(st("t3.deny.research"), NB_ST_MISSING);
    CHECK_INT(st("t3.unable.total"), NB_ST_MISSING);
    CHECK_INT(st("t3.unable.natural"), NB_ST_NUM);
    CHECK_INT(val("t3.decline.natural"), 0);
    CHECK_INT(st("t3.other.legal"), NB_ST_NUM);
    CHECK_INT(val("t3.other.legal"), 6);
    CHECK(flags("t3.other.legal") & NB_FL_H0);
    CHECK(flags("t3.other.legal") & NB_FL_DERIVED);
    CHECK(!(flags("t3.deny.natural") & NB_FL_DERIVED)); /* reported nowhere, not "other" */
    /* derived cells are never operands: a wrong derived value changes nothing */
    D.cells[ix("t3.deny.natural")].micro = 99 * NB_MICRO;
    nchecks = tb_check_rules(&D, checks, 1024);
    CHECK_INT(verdict("c.t3.results.natural"), TB_FAIL); /* 0 != 5 */
    k = find_check("c.t3.results.natural");
    CHECK(k && k->lhs == 0 && k->rhs == 5 * NB_MICRO);
    /* 2019: other is reported and kept */
    zero_doc(NB_FMT_2019);
    setc("t3.other.natural", NB_ST_NUM, 4);
    rules();
    CHECK_INT(val("t3.other.natural"), 4);
    CHECK(!(flags("t3.other.natural") & NB_FL_DERIVED));
    CHECK_INT(D.cells[ix("t3.other.natural")].line, 1);
    /* undetermined: other is missing */
    zero_doc(NB_FMT_UNDETERMINED);
    rules();
    CHECK_INT(st("t3.other.natural"), NB_ST_MISSING);
    CHECK_INT(st("t3.deny.natural"), NB_ST_NUM);
    /* t3 absent: nothing derived */
    tb_doc_reset(&D);
    D.status[1] = NB_TS_ABSENT;
    D.format[1] = NB_FMT_NONE;
    rules();
    CHECK_INT(D.cells[ix("t3.deny.natural")].state, -1);
    CHECK_INT(verdict("c.t3.balance.natural"), TB_NA);
    CHECK_INT(verdict("c.t4.sum.review"), TB_NA);
    /* the 2019 warning w.t2.published_le_total: published <= public_total */
    zero_doc(NB_FMT_2019);
    D.subfmt[0] = NB_FMT_2019;
    setc("t2.art20_1.rules.published", NB_ST_NUM, 2);
    setc("t2.art20_1.rules.public_total", NB_ST_NUM, 5);
    setc("t2.art20_1.normative.published", NB_ST_NUM, 6);
    setc("t2.art20_1.normative.public_total", NB_ST_NUM, 5);
    rules();
    CHECK_INT(verdict("w.t2.published_le_total.rules"), TB_PASS);
    CHECK_INT(verdict("w.t2.published_le_total.normative"), TB_FAIL);
    k = find_check("w.t2.published_le_total.normative");
    CHECK(k && k->warning);
    setc("t2.art20_1.rules.published", NB_ST_TEXT, 0);
    rules();
    CHECK_INT(verdict("w.t2.published_le_total.rules"), TB_NA);
    /* SCHEMA 8.5/8.1: the verdict scheme applies to warnings too, so a
     * placeholder operand gives pass_h0 / fail_h0 */
    setc("t2.art20_1.rules.published", NB_ST_SLASH, 0);
    rules();
    CHECK_INT(verdict("w.t2.published_le_total.rules"), TB_PASS_H0);
    D.subfmt[0] = NB_FMT_2021; /* the warning belongs to 2019 tables only */
    rules();
    CHECK_INT(verdict("w.t2.published_le_total.rules"), -1);
    /* a bounded output */
    zero_doc(NB_FMT_2021);
    tb_derive(&D);
    CHECK_INT(tb_check_rules(&D, checks, 5), 5);
}

/* tb_check_listed and tb_t3_rules_fail against tb_check_rules, their
 * reference, on many documents of random cells: the same checks, only
 * the notable ones without all, and the same answer for table 三. */
static void
test_listed(void)
{
    static tb_check every[1024], listed[1024];
    static const int fmts[] = {NB_FMT_2019, NB_FMT_2021, NB_FMT_UNDETERMINED, NB_FMT_NONE};
    uint64_t x = 88172645463325252ull;
    int bad = 0, fails = 0;

    for (int doc = 0; doc < 3000; doc++) {
        int n, nl, k = 0, t3 = 0;

        zero_doc(fmts[doc % 4]);
        D.subfmt[0] = doc % 3 ? NB_FMT_2019 : NB_FMT_2021;
        for (int j = 0; j < 4; j++) { /* the warnings' operands */
            static const char *const t2[] = {
                "t2.art20_1.rules.published", "t2.art20_1.rules.public_total",
                "t2.art20_1.normative.published", "t2.art20_1.normative.public_total"};
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            setc(t2[j], x % 4 ? NB_ST_NUM : (int)(x >> 8) % NB_ST_COUNT_, (long long)(x >> 16) % 4);
        }
        for (int j = doc % 7; j > 0; j--) { /* a few cells changed: some rules fail */
            tb_cell *c;

            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            c = &D.cells[x % (nb_nmetrics < TB_MAX_METRICS ? nb_nmetrics : TB_MAX_METRICS)];
            c->state = (signed char)((x >> 8) % 16 < 12 ? NB_ST_NUM : (x >> 12) % NB_ST_COUNT_ - 1);
            c->micro = (int64_t)((x >> 16) % 7) * NB_MICRO - (x % 13 == 0) * 9 * NB_MICRO -
                       (x % 11 == 0) * 5;
            c->line = (int)((x >> 40) % 3);
        }
        tb_derive(&D);
        n = tb_check_rules(&D, every, 1024);
        nl = tb_check_listed(&D, 1, listed, 1024);
        bad += n != nl || memcmp(every, listed, (size_t)n * sizeof *every);
        nl = tb_check_listed(&D, 0, listed, 1024);
        for (int i = 0; i < n; i++) {
            const tb_check *c = &every[i];
            int v = c->verdict;

            if (v == TB_FAIL || v == TB_FAIL_H0 || (c->warning && v != TB_PASS && v != TB_NA))
                bad += k >= nl || memcmp(c, &listed[k++], sizeof *c);
            bad += !c->plain; /* every name is plain ASCII */
            t3 |= !strncmp(c->rule, "c.t3.", 5) && (v == TB_FAIL || v == TB_FAIL_H0);
        }
        bad += k != nl;
        bad += tb_t3_rules_fail(&D) != t3;
        fails += t3;
    }
    CHECK_INT(bad, 0);
    CHECK(fails > 100 && fails < 2900); /* both answers were tried */
}

int
main(void)
{
    if (tabulate_init())
        return 1;
    test_rules();
    test_listed();
    tb_doc_free(&D);
    return check_done("test_tabulate_rules");
}
