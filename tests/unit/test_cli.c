/* test_cli.c - the one option grammar of the stages (pipeline/cli.h). */
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "cli.h"

static size_t
size_of(const char *s)
{
    size_t v = 0;
    return nb_cli_size(s, &v) < 0 ? 0 : v;
}

int
main(void)
{
    long n = -1;
    char big[32];

    CHECK_INT(size_of("1"), 1);
    CHECK_INT(size_of("8192"), 8192);
    CHECK_INT(size_of("12k"), 12 << 10);
    CHECK_INT(size_of("8M"), 8 << 20);
    CHECK_INT(size_of("8m"), 8 << 20);
    CHECK_INT(size_of("1G"), 1 << 30);
    CHECK_INT(size_of("64M"), 64 << 20);
    /* refused: zero, signs, spaces, other suffixes, junk, overflow */
    CHECK_INT(size_of("0"), 0);
    CHECK_INT(size_of("0K"), 0);
    CHECK_INT(size_of("-1"), 0);
    CHECK_INT(size_of("+5"), 0);
    CHECK_INT(size_of(" 5"), 0);
    CHECK_INT(size_of("5 "), 0);
    CHECK_INT(size_of(""), 0);
    CHECK_INT(size_of("K"), 0);
    CHECK_INT(size_of("12kb"), 0);
    CHECK_INT(size_of("12KiB"), 0);
    CHECK_INT(size_of("12T"), 0);
    CHECK_INT(size_of("1.5M"), 0);
    CHECK_INT(size_of("0x10"), 0);
    CHECK_INT(size_of("17179869185G"), 0);
    CHECK_INT(size_of("18446744073709551616"), 0);
    CHECK_INT(size_of("99999999999999999999999"), 0);
    snprintf(big, sizeof big, "%zu", (size_t)SIZE_MAX);
    CHECK(size_of(big) == SIZE_MAX);
    snprintf(big, sizeof big, "%zuK", (size_t)(SIZE_MAX >> 10));
    CHECK(size_of(big) == (SIZE_MAX >> 10) << 10);
    snprintf(big, sizeof big, "%zuK", (size_t)(SIZE_MAX >> 10) + 1);
    CHECK_INT(size_of(big), 0);

    CHECK_INT(nb_cli_count("0", 0, 8, &n), 0);
    CHECK_INT(n, 0);
    CHECK_INT(nb_cli_count("8", 0, 8, &n), 0);
    CHECK_INT(n, 8);
    CHECK_INT(nb_cli_count("9", 0, 8, &n), -1);
    CHECK_INT(nb_cli_count("-1", 0, 8, &n), -1);
    CHECK_INT(nb_cli_count("1x", 0, 8, &n), -1);
    CHECK_INT(nb_cli_count("", 0, 8, &n), -1);
    CHECK_INT(nb_cli_count("99999999999999999999", 0, 8, &n), -1);
    CHECK_INT(nb_cli_count("3", 5, 8, &n), -1);
    return check_done("test_cli");
}
