/* test_rule.c - the one grammar of rule lines (pipeline/rule.h). */
#include <string.h>

#include "check.h"
#include "rule.h"

static int
pipes(const char *s)
{
    return nb_rule_fields(s, strlen(s), NB_RULE_PIPES, NULL, 0);
}

static int
tabs(const char *s)
{
    return nb_rule_fields(s, strlen(s), NB_RULE_TABS, NULL, 0);
}

/* Lines that are not rule lines, whatever the separators. */
static void
test_not_rules(void)
{
    static const char *const no[] = {
        "", " ", "|", "||", "| |", "\t", "-", "--", "-- ", "|-|", "|--|", "| --- | x |", "a---",
        "---a", "--- ---", "- - -", "|---|:--:|", "-:-", "::---", "---::", ":", ":-:", "—————",
        "1---", "---1", "\\---", "| --- | - |", "---|--", "第---页", "---\x01", "---\xff",
        /* a character cut short after the dashes */
        "---\xe3\x80", NULL};

    for (int i = 0; no[i]; i++) {
        CHECK_INT(pipes(no[i]), 0);
        CHECK_INT(tabs(no[i]), 0);
    }
}

static void
test_rules(void)
{
    int f[4] = {0};

    CHECK_INT(pipes("---"), 1);
    CHECK_INT(pipes("  ---  "), 1);
    CHECK_INT(pipes(":---:"), 1);
    CHECK_INT(pipes("|---|:---:|"), 2);
    CHECK_INT(pipes("| :--- | ---: |"), 2);
    CHECK_INT(pipes("|---||---|"), 2);
    CHECK_INT(pipes("\xe3\x80\x80---\xc2\xa0"), 1); /* U+3000, NBSP: blank */
    CHECK_INT(pipes("|\xe2\x80\x8b|---|"), 1);      /* a zero-width field is blank */
    /* TAB: blank between '|' fields, a separator for tabulate */
    CHECK_INT(pipes("---\t---"), 0);
    CHECK_INT(tabs("---\t---"), 2);
    CHECK_INT(pipes("\t---\t"), 1);
    CHECK_INT(tabs("------------------\t-------"), 2);
    CHECK_INT(nb_rule_fields("\t---\t\t|---", 10, NB_RULE_TABS, f, 4), 2);
    CHECK_INT(f[0], 2);
    CHECK_INT(f[1], 5);
    CHECK_INT(nb_rule_fields("---\t---\t---", 11, NB_RULE_TABS, f, 2), 3);
    CHECK_INT(f[1], 2);
}

int
main(void)
{
    test_not_rules();
    test_rules();
    return check_done("test_rule");
}
