/* test_tsv.c - the data tables' reader (stages/tabulate/tsv.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tsv.h"

static const char *
tmpfile_with(const char *text)
{
    static char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/nb-tsv-%d.tsv", P_tmpdir, (int)getpid());
    f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void
test_bad(void)
{
    nb_tsv t;
    nb_error err = {0};
    char line[] = "a\tb\tc\td", *f[3];

    CHECK_INT(nb_tsv_open(&t, "/nonexistent/x.tsv", &err), -1);
    CHECK_INT(err.code, NB_E_IO);
    CHECK(strstr(err.text, "/nonexistent/x.tsv: ") == err.text);
    nb_tsv_close(&t); /* a reader that never opened */
    /* a directory opens but cannot be read */
    CHECK_INT(nb_tsv_open(&t, P_tmpdir, &err), 0);
    CHECK_INT(nb_tsv_next(&t, &err), -1);
    CHECK_INT(err.code, NB_E_IO);
    nb_tsv_close(&t);
    nb_tsv_close(&t); /* twice */
    /* more fields than asked for */
    CHECK_INT(nb_tsv_split(line, f, 3), 4);
    CHECK_STR(f[2], "c");
    /* an error names the file and the line */
    CHECK_INT(nb_tsv_open(&t, tmpfile_with("#c\n\nx\n"), &err), 0);
    CHECK_INT(nb_tsv_next(&t, &err), 1);
    CHECK_INT(nb_tsv_fail(&t, &err, NB_E_RECORD, "bad '%s'", "x"), -1);
    CHECK_INT(err.code, NB_E_RECORD);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.text, ":3: bad 'x'") != NULL);
    nb_tsv_close(&t);
    /* empty: no line at all */
    CHECK_INT(nb_tsv_open(&t, tmpfile_with(""), &err), 0);
    CHECK_INT(nb_tsv_next(&t, &err), 0);
    nb_tsv_close(&t);
}

static void
test_lines(void)
{
    nb_tsv t;
    nb_error err = {0};
    char *f[4], *kept;

    CHECK_INT(nb_tsv_open(&t,
                          tmpfile_with("# a comment\r\n\r\nh1\th2\r\n\n"
                                       "a\t\tc\n#x\ny\tz"),
                          &err),
              0);
    CHECK_INT(nb_tsv_next(&t, &err), 1);
    CHECK_STR(t.line, "h1\th2");
    CHECK_INT(t.lineno, 3);
    CHECK_INT(nb_tsv_next(&t, &err), 1);
    CHECK_INT(t.lineno, 5);
    CHECK_INT(nb_tsv_split(t.line, f, 4), 3);
    CHECK_STR(f[0], "a");
    CHECK_STR(f[1], "");
    CHECK_STR(f[2], "c");
    CHECK_INT(nb_tsv_next(&t, &err), 1); /* a last line without LF */
    kept = nb_tsv_take(&t);
    CHECK_STR(kept, "y\tz");
    CHECK_INT(nb_tsv_next(&t, &err), 0);
    CHECK_INT(t.lineno, 7);
    nb_tsv_close(&t);
    free(kept);
}

int
main(void)
{
    test_bad();
    test_lines();
    unlink(tmpfile_with(""));
    return check_done("test_tsv");
}
