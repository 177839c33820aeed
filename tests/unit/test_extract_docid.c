/*
 * test_extract_docid.c - the count of names behind the \#N of repeated
 * member names (docid.c): against a plain count, over names enough to
 * grow its tables many times, near repeats, and names spelled like
 * repeats.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "source_private.h"

/* n names, name i being "r" + (i * 7919 mod distinct): each distinct name
 * comes n / distinct times, in an order that mixes them. */
static void
test_counts(long n, long distinct)
{
    ex_names *names = ex_names_new();
    long *want = calloc((size_t)distinct, sizeof *want), wrong = 0;
    char buf[64];

    CHECK(names && want);
    if (!names || !want)
        return;
    for (long i = 0; i < n; i++) {
        long k = (i * 7919) % distinct;
        uint64_t got;

        snprintf(buf, sizeof buf, "reports/省/%06ld_局.txt", k);
        got = ex_names_count(names, buf);
        if (got != (uint64_t)++want[k] && wrong++ < 5)
            fprintf(stderr, "%s: count %llu, want %ld\n", buf, (unsigned long long)got, want[k]);
    }
    CHECK_INT(wrong, 0);
    ex_names_free(names);
    free(want);
}

static void
test_near(void)
{
    ex_names *names = ex_names_new();
    static const char *const list[] = {"r.txt", "r.txt ",      "R.txt", "r.tx",  "r.txt\\\\#2",
                                       "r.txt", "r.txt\\\\#2", "",      "r.txt", ""};
    static const uint64_t want[] = {1, 1, 1, 1, 1, 2, 2, 1, 3, 2};

    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        CHECK_INT(ex_names_count(names, list[i]), want[i]);
    CHECK_INT(ex_names_said(names), 0);
    CHECK_INT(ex_names_said(names), 1);
    CHECK_INT(ex_names_count(names, "r.txt"), 4);
    ex_names_free(names);
}

int
main(void)
{
    test_near();
    test_counts(1000, 1000);     /* no repeat */
    test_counts(200000, 200000); /* the tables grown 12 times */
    test_counts(200000, 50000);  /* each name 4 times */
    test_counts(100000, 3);      /* a few names, many times */
    return check_done("test_extract_docid");
}
