/* test_aggregate_copies.c - the copies of a report: kept whole (values from -10^18
 * to 10^18, states, flags, checks text), the best chosen whatever the
 * order, conflicts named (DESIGN 5). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "cell.h"
#include "copies.h"
#include "records.h"
#include "schema.h"

typedef struct seen {
    char chosen[64], dropped[4][64], checks[256];
    int ndropped, nconflicts, conflict_metric;
    int64_t big, neg;
    int state_blank, flags;
} seen;

static int
on_chosen(void *ctx, const agg_record *rec, const char *csv, size_t n)
{
    seen *s = ctx;

    snprintf(s->chosen, sizeof s->chosen, "%s", rec->key[AGG_K_DOC]);
    snprintf(s->checks, sizeof s->checks, "%.*s", (int)n, csv);
    s->big = rec->value[nb_metric_find("t3.new.total", 12)];
    s->neg = rec->value[nb_metric_find("t3.open.total", 13)];
    s->state_blank = rec->state[nb_metric_find("t3.partial.total", 16)] == NB_ST_BLANK;
    s->flags = rec->flags[nb_metric_find("t3.open.total", 13)];
    return 0;
}

static int
on_dropped(void *ctx, const agg_record *rec)
{
    seen *s = ctx;

    if (s->ndropped < 4)
        snprintf(s->dropped[s->ndropped], 64, "%s", rec->key[AGG_K_DOC]);
    s->ndropped++;
    return 0;
}

static int
on_conflict(void *ctx, const agg_record *a, const agg_record *b, int m)
{
    seen *s = ctx;

    (void)a, (void)b;
    s->nconflicts++;
    s->conflict_metric = m;
    return 0;
}

/* Three copies of one report, added in the order of idx[]. */
static void
run(const int idx[3], seen *s)
{
    static const char *const lines[3] = {
        /* most numbers, big and negative values, a flag, a blank */
        "{\"doc\":\"z\",\"agency\":\"A\",\"region\":{\"code\":\"1\"},\"year\":2023,"
        "\"values\":{\"t3.new.total\":1000000000000,\"t3.open.total\":-123456789.5,"
        "\"t3.partial.total\":null},\"states\":{\"t3.partial.total\":\"blank\"},"
        "\"flags\":{\"t3.open.total\":[\"h0\"]},"
        "\"checks\":[{\"rule\":\"r\",\"verdict\":\"fail\"}]}",
        /* as many numbers, no failed rule, a later doc: beats z? no, fewer nums */
        "{\"doc\":\"a\",\"agency\":\"A\",\"region\":{\"code\":\"1\"},\"year\":2023,"
        "\"values\":{\"t3.new.total\":7}}",
        /* same numbers as z but no failed rule and a greater doc */
        "{\"doc\":\"zz\",\"agency\":\"A\",\"region\":{\"code\":\"1\"},\"year\":2023,"
        "\"values\":{\"t3.new.total\":1000000000000,\"t3.open.total\":-123456789.5}}",
    };
    agg_copies *c = agg_copies_create();
    agg_record rec;
    agg_copies_fns fns = {on_chosen, on_dropped, on_conflict};
    nb_error err = {0};

    memset(s, 0, sizeof *s);
    agg_record_init(&rec);
    CHECK(c != NULL);
    for (int i = 0; i < 3; i++) {
        const char *l = lines[idx[i]];

        CHECK(agg_record_parse(&rec, l, strlen(l), &err) == 0);
        CHECK(agg_copies_keyed(&rec));
        CHECK(agg_copies_add(c, &rec, idx[i] == 0 ? "z,row\n" : "", idx[i] == 0 ? 6 : 0) == 0);
    }
    CHECK(agg_copies_count(c) == 3 && agg_copies_reports(c) == 1);
    CHECK(agg_copies_resolve(c, &fns, s) == 0);
    agg_record_fini(&rec);
    agg_copies_free(c);
}

int
main(void)
{
    static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    seen first, s;
    agg_record rec;
    nb_error err = {0};

    run(orders[0], &first);
    /* z and zz both have 2 numbers (z's blank is not one); zz has no
     * failed rule: zz wins, then z, then a (1 number) */
    CHECK_STR(first.chosen, "zz");
    CHECK(first.ndropped == 2);
    CHECK_STR(first.dropped[0], "z");
    CHECK_STR(first.dropped[1], "a");
    CHECK(first.big == 1000000000000 * NB_MICRO);
    CHECK(first.neg == -123456789500000LL);
    CHECK(first.nconflicts == 1); /* a's 7 against zz's 10^12 */
    CHECK(first.conflict_metric == nb_metric_find("t3.new.total", 12));
    for (int o = 1; o < 6; o++) {
        run(orders[o], &s);
        CHECK(!strcmp(s.chosen, first.chosen) && s.ndropped == 2 &&
              !strcmp(s.dropped[0], first.dropped[0]) && s.nconflicts == first.nconflicts);
    }
    /* the store keeps a copy whole: states, flags and checks text */
    {
        static const int only_z[3] = {0, 0, 0};

        run(only_z, &s);
        CHECK_STR(s.chosen, "z");
        CHECK(s.state_blank && s.flags == AGG_F_H0);
        CHECK_STR(s.checks, "z,row\n");
        CHECK(s.neg == -123456789500000LL && s.ndropped == 2 && s.nconflicts == 0);
    }
    /* unknown agency, code or year: never a copy */
    agg_record_init(&rec);
    CHECK(agg_record_parse(&rec, "{\"doc\":\"u\",\"agency\":\"A\",\"year\":2023}", 36, &err) == 0);
    CHECK(!agg_copies_keyed(&rec));
    agg_record_fini(&rec);
    return check_done("test_aggregate_copies");
}
