/* test_aggregate.c - aggregate's exact numbers, derived-metric table, record
 * parser and rollup arithmetic (SCHEMA 7.7, 9). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "csvout.h"
#include "records.h"
#include "names.h"
#include "rollup.h"
#include "schema.h"

static void
test_fixed(void)
{
    char b[AGG_NUMBUF];
    int64_t v;

    CHECK_STR(nb_micro_format(0, b), "0");
    CHECK_STR(nb_micro_format(25100000, b), "25.1");
    CHECK_STR(nb_micro_format(-3000000, b), "-3");
    CHECK_STR(nb_micro_format(1, b), "0.000001");
    CHECK_STR(nb_micro_format(-1, b), "-0.000001");
    CHECK_STR(nb_micro_format(INT64_MIN, b), "-9223372036854.775808");
    CHECK(agg_parse_fixed("25.1", &v) == 0 && v == 25100000);
    CHECK(agg_parse_fixed("-0.000001", &v) == 0 && v == -1);
    CHECK(agg_parse_fixed("-9223372036854.775808", &v) == 0 && v == INT64_MIN);
    CHECK(agg_parse_fixed("9223372036854.775808", &v) < 0); /* one past INT64_MAX */
    CHECK(agg_parse_fixed("1.0000001", &v) < 0);            /* 7 places */
    CHECK(agg_parse_fixed("", &v) < 0);
    CHECK(agg_parse_fixed("1.", &v) < 0);
    CHECK(agg_parse_fixed(".5", &v) < 0);
    CHECK(agg_parse_fixed("1e3", &v) < 0);
    CHECK(agg_parse_fixed("NA", &v) < 0);
    CHECK(agg_parse_fixed(" 1", &v) < 0);
    CHECK_STR(agg_fmt_ratio(b, 15, 17), "0.882353");
    CHECK_STR(agg_fmt_ratio(b, 1, 2), "0.500000");
    CHECK_STR(agg_fmt_ratio(b, -1, 3), "-0.333333");
    CHECK_STR(agg_fmt_ratio(b, 0, 5), "0.000000");
    CHECK_STR(agg_fmt_ratio(b, INT64_MAX, 1), "9223372036854775807.000000");
    CHECK(agg_fmt_ratio(b, 1, 0) == NULL); /* never 0 % or 100 % */
}

static void
test_formula(void)
{
    const char *bad[] = {"=1+1", "+86", "-x", "@SUM", "\tx", "\rx", "'x"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(agg_csv_formula_like(bad[i]));
    CHECK(!agg_csv_formula_like("民政局"));
    CHECK(!agg_csv_formula_like("a=b"));
    CHECK(!agg_csv_formula_like(""));
    CHECK_STR(agg_csv_unneutralise("'=1"), "=1");
    CHECK_STR(agg_csv_unneutralise("x'"), "x'");
}

static void
test_slots(void)
{
    char zh[256];
    int s;

    CHECK_INT(agg_schema_init(), 0);
    CHECK_INT(agg_nslots(), (int)nb_nmetrics + agg_nderived);
    CHECK_INT(agg_nderived, 7 + 7 + 5 + 2 + 5 + 2); /* SCHEMA 9 with its column lists */
    CHECK((s = agg_slot_find("d.t3.disclosure_rate")) >= (int)nb_nmetrics);
    CHECK(agg_slot_is_ratio(s));
    CHECK(!agg_slot_is_ratio(agg_slot_find("d.t4.review_closed")));
    CHECK(!agg_slot_is_ratio(agg_slot_find("t3.new.total")));
    CHECK(agg_slot_find("d.t9.nothing") < 0);
    CHECK(agg_slot_has_h0(agg_slot_find("t3.deny.total")));
    CHECK(!agg_slot_has_h0(agg_slot_find("t3.new.total")));
    CHECK(agg_slot_has_derived(agg_slot_find("t3.other.natural")));
    CHECK_STR(agg_slot_zh(agg_slot_find("t4.review.maintain"), zh, sizeof zh), "行政复议·结果维持");
    CHECK_STR(agg_slot_zh(agg_slot_find("d.t3.disclosure_rate"), zh, sizeof zh), "实质公开率");
    /* amounts say their unit, once */
    CHECK_STR(agg_slot_zh(agg_slot_find("t2.art20_9.procurement.amount"), zh, sizeof zh),
              "政府集中采购·采购总金额（万元）");
    CHECK_STR(agg_slot_zh(agg_slot_find("t2.art20_8.fee.amount"), zh, sizeof zh),
              "行政事业性收费·本年收费金额（单位：万元）");
    CHECK(!strstr(agg_slot_zh(agg_slot_find("t3.new.total"), zh, sizeof zh), "（"));
    CHECK_STR(agg_value_zh(AGG_K_LEVEL, "county"), "县级");
    CHECK_STR(agg_value_zh(AGG_K_PROVINCE, "county"), "county");
    CHECK(agg_key_find("province") == AGG_K_PROVINCE && agg_key_find("省份") == AGG_K_PROVINCE);
    CHECK(agg_key_find("nowhere") < 0);
}

/* Parse one record line; returns the parser's result. */
static int
parse(agg_record *r, const char *line)
{
    nb_error err = {0};

    return agg_record_parse(r, line, strlen(line), &err);
}

static void
test_rollup(void)
{
    int keys[] = {AGG_K_PROVINCE};
    agg_rollup *r = agg_rollup_create(keys, 1);
    agg_record rec;
    nb_error err = {0};
    agg_group **g;
    size_t n;
    int m = nb_metric_find("t3.new.total", 12), d = agg_slot_find("d.t3.disclosure_rate");

    agg_record_init(&rec);
    CHECK(r != NULL);
    /* a number, a placeholder, a report without the cell: sum 3, 1/1/1 */
    CHECK(parse(&rec, "{\"doc\":\"a\",\"region\":{\"province\":\"P\"},"
                      "\"values\":{\"t3.new.total\":3,\"t3.open.total\":2,\"t3.partial.total\":0,"
                      "\"t3.result_total.total\":4}}") == 0);
    CHECK(agg_rollup_add(r, &rec, &err) == 0);
    CHECK(parse(&rec,
                "{\"doc\":\"b\",\"region\":{\"province\":\"P\"},"
                "\"values\":{\"t3.new.total\":null,\"t3.open.total\":5,"
                "\"t3.partial.total\":null,\"t3.result_total.total\":5},"
                "\"states\":{\"t3.new.total\":\"slash\",\"t3.partial.total\":\"blank\"}}") == 0);
    CHECK(agg_rollup_add(r, &rec, &err) == 0);
    CHECK(parse(&rec, "{\"doc\":\"c\",\"region\":{\"province\":\"P\"},\"values\":{}}") == 0);
    CHECK(agg_rollup_add(r, &rec, &err) == 0);
    /* a value that would overflow the sum is refused whole */
    CHECK(parse(&rec, "{\"doc\":\"d\",\"region\":{\"province\":\"P\"},"
                      "\"values\":{\"t3.new.total\":1000000000000}}") == 0);
    CHECK(agg_rollup_add(r, &rec, &err) == 0);
    for (int i = 0; i < 8; i++) /* 9 x 10^18 micro-units: still in int64 */
        CHECK(agg_rollup_add(r, &rec, &err) == 0);
    CHECK(agg_rollup_add(r, &rec, &err) < 0 && err.code == NB_E_RECORD);
    g = agg_rollup_sorted(r, &n);
    CHECK(n == 1 && g && g[0]->n_reports == 12);
    if (g && n == 1) {
        CHECK_INT(g[0]->acc[m].n_num, 10);
        CHECK_INT(g[0]->acc[m].n_ph, 1);
        CHECK_INT(g[0]->acc[m].sum, 3 * NB_MICRO + 9 * 1000000000000LL * NB_MICRO);
        /* the rate uses report a only (b has a placeholder operand): 2/4 */
        CHECK_INT(g[0]->dacc[d - (int)nb_nmetrics].n, 1);
        CHECK_INT(g[0]->dacc[d - (int)nb_nmetrics].num, 2 * NB_MICRO);
        CHECK_INT(g[0]->dacc[d - (int)nb_nmetrics].den, 4 * NB_MICRO);
        CHECK_INT(g[0]->dacc[d - (int)nb_nmetrics].n_ph, 1);
    }
    free(g);
    /* the parser: reals to micro-units, contradictions refused */
    CHECK(parse(&rec, "{\"doc\":\"e\",\"values\":{\"t2.art20_8.fee.amount\":1234.5678}}") == 0);
    CHECK_INT(rec.value[nb_metric_find("t2.art20_8.fee.amount", 21)], 1234567800);
    CHECK(parse(&rec, "{\"doc\":\"f\",\"values\":{\"t3.new.total\":1},"
                      "\"states\":{\"t3.new.total\":\"blank\"}}") < 0);
    CHECK(parse(&rec, "{\"doc\":\"g\",\"values\":{\"t3.new.total\":true}}") < 0);
    CHECK(parse(&rec, "{\"doc\":\"h\",\"year\":0}") < 0);
    CHECK(parse(&rec, "{\"doc\":\"i\",\"values\":{\"t9.unknown\":1}}") == 0); /* ignored */
    agg_record_fini(&rec);
    agg_rollup_free(r);
}

int
main(void)
{
    test_fixed();
    test_formula();
    test_slots();
    test_rollup();
    return check_done("test_aggregate");
}
