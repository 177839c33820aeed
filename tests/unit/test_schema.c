/* test_schema.c - the metric table. */
#include <string.h>

#include "check.h"
#include "schema.h"

int
main(void)
{
    int n2 = 0, n3 = 0, n4 = 0, derived = 0;

    CHECK_INT(nb_nmetrics, 247);
    for (size_t i = 0; i < nb_nmetrics; i++) {
        const char *id = nb_metrics[i].id;
        n2 += !strncmp(id, "t2.", 3);
        n3 += !strncmp(id, "t3.", 3);
        n4 += !strncmp(id, "t4.", 3);
        derived += nb_metrics[i].origin == NB_ORIGIN_DERIVED;
        CHECK_INT(nb_metric_find(id, strlen(id)), i);
    }
    CHECK_INT(n2, 29);
    CHECK_INT(n3, 203);
    CHECK_INT(n4, 15);
    CHECK_INT(derived, 21);
    CHECK_INT(nb_metric_find("t3.new", 6), -1);
    CHECK_INT(nb_metric_find("t3.new.naturalx", 15), -1);
    CHECK(nb_metric_find("t3.new.naturalx", 14) >= 0);
    CHECK_STR(nb_metrics[nb_metric_find("t2.art20_9.procurement.amount", 29)].unit, "万元");
    CHECK_INT(nb_metrics[nb_metric_find("t3.other.total", 14)].origin, NB_ORIGIN_MIXED);
    CHECK_INT(nb_metrics[nb_metric_find("t2.art20_8.fee.delta_items", 26)].kind, NB_KIND_SIGNED);
    CHECK_STR(nb_state_name(NB_ST_SLASH), "slash");
    CHECK_INT(nb_state_find("ambiguous"), NB_ST_AMBIGUOUS);
    CHECK(nb_state_placeholder(NB_ST_NONE) && !nb_state_placeholder(NB_ST_TEXT));
    CHECK(nb_state_unknown(NB_ST_MISSING) && !nb_state_unknown(NB_ST_NUM));
    /* name parts as the ids spell them, in SCHEMA order */
    {
        char parts[9][NB_PART_MAX];
        CHECK_INT(nb_metric_parts("t3.new.", parts, 9), 7);
        CHECK_STR(parts[0], "natural");
        CHECK_STR(parts[6], "total");
        CHECK_INT(nb_metric_parts("t2.", parts, 9), 5);
        CHECK_STR(parts[0], "art20_1");
        CHECK_STR(parts[4], "art20_9");
        CHECK_INT(nb_metric_parts("t2.", parts, 2), 2);
        CHECK_INT(nb_metric_parts("t4.", parts, 9), 3);
        CHECK_STR(parts[2], "suit_after");
        CHECK_INT(nb_metric_parts("t9.", parts, 9), 0);
        CHECK_INT(nb_metric_parts("t3.new.natural", parts, 9), 0);
    }
    /* the names a record prints for a table's status and format */
    CHECK_STR(nb_table_status_name(NB_TS_ABSENT), "absent");
    CHECK_STR(nb_table_status_name(NB_TS_PRESENT), "present");
    CHECK(nb_table_status_name(NB_TS_COUNT_) == NULL && nb_table_status_name(-1) == NULL);
    CHECK(nb_format_name(NB_FMT_NONE) == NULL);
    CHECK_STR(nb_format_name(NB_FMT_2019), "2019");
    CHECK_STR(nb_format_name(NB_FMT_BOTH), "both");
    CHECK_STR(nb_format_name(NB_FMT_UNDETERMINED), "undetermined");
    CHECK_STR(nb_format_name(NB_FMT_UNKNOWN), "unknown");
    CHECK(nb_format_name(NB_FMT_COUNT_) == NULL && nb_format_name(-1) == NULL);
    return check_done("test_schema");
}
