/* test_tabulate_t3.c - the alignment of tab rows (SCHEMA 12.3) through small
 * documents. */
#include "tabulate-test.h"

/* ---- the alignment of SCHEMA 12.3, through documents ---- */

static void
test_alignment(void)
{
    const char *v[NR21] = {0};
    const char *l[NR21] = {0};
    const tb_check *k;

    /* plain: exactly seven values after the label */
    v[R_NEW] = "1\t0\t0\t0\t0\t0\t1";
    v[R_OPEN] = "1\t0\t0\t0\t0\t0\t1";
    v[R_TOTAL] = "1\t0\t0\t0\t0\t0\t1";
    t3doc(v, NULL);
    CHECK_STR(nb_table_status_name(D.status[1]), "present");
    CHECK_STR(nb_format_name(D.format[1]), "2021");
    CHECK_STR(row("new"), "1 0 0 0 0 0 1");
    CHECK_STR(row("carried_in"), "0 0 0 0 0 0 0");
    CHECK_STR(row("open"), "1 0 0 0 0 0 1");
    CHECK_STR(row("result_total"), "1 0 0 0 0 0 1");
    CHECK_STR(row("carried_out"), "0 0 0 0 0 0 0");
    CHECK_INT(D.cells[ix("t3.new.natural")].line, 8); /* title 3 lines, header 4 */
    CHECK_INT(D.cells[ix("t3.new.natural")].field, 2);
    CHECK_INT(D.cells[ix("t3.open.total")].field, 9);

    /* seed 001: a leading colspan artifact and a trailing empty field */
    v[R_NEW] = "\t2\t0\t0\t0\t0\t0\t2\t";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "2 0 0 0 0 0 2");
    CHECK_INT(D.cells[ix("t3.new.natural")].field, 3);
    /* seed 004: two trailing empty fields */
    v[R_NEW] = "3\t0\t0\t0\t0\t0\t3\t\t";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "3 0 0 0 0 0 3");
    /* a blank total is a blank total, not a shifted row */
    v[R_NEW] = "5\t2\t\t\t1\t1\t\t";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "5 2 b b 1 1 b");
    nchecks = tb_check_rules(&D, checks, 1024);
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_FAIL_H0);
    /* placeholders: states, never 0 */
    v[R_NEW] = "/\t-\t无\t\t——\t暂无\t不适用";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "s d n b d n s");
    CHECK_INT(D.cells[ix("t3.new.natural")].micro, 0);
    nchecks = tb_check_rules(&D, checks, 1024);
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_PASS_H0);
    /* new (slash, as 0) + carried_in 0 against result_total 1 + carried_out 0 */
    CHECK_INT(verdict("c.t3.balance.natural"), TB_FAIL_H0);
    k = find_check("c.t3.balance.natural");
    CHECK(k && k->lhs == 0 && k->rhs == NB_MICRO);
    /* text in the first value field ends the label fields (12.3 step 1):
     * six values are left for seven slots, so the row is ambiguous */
    v[R_NEW] = "详见附件\t0\t0\t0\t0\t0\t0";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "a a a a a a a");
    nchecks = tb_check_rules(&D, checks, 1024);
    CHECK_INT(verdict("c.t3.rowsum.new"), TB_NA);
    /* fewer fields than slots: ambiguous, never padded */
    v[R_NEW] = "1\t0\t0\t0\t0\t1";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "a a a a a a a");
    CHECK_STR(row("carried_in"), "0 0 0 0 0 0 0"); /* the next row keeps its place */
    /* "1 0" in one tab field: ambiguous (7.3); 12.5 MAY repair it when
     * the row sum makes the join the only reading; never 1 or 0 */
    v[R_NEW] = "1 0\t0\t0\t0\t0\t0\t10";
    t3doc(v, NULL);
    CHECK(st("t3.new.natural") == NB_ST_AMBIGUOUS ||
          (val("t3.new.natural") == 10 && (flags("t3.new.natural") & NB_FL_REPAIRED_SPLIT)));
    CHECK_INT(val("t3.new.total"), 10);
    v[R_NEW] = "1 0\t0\t0\t0\t0\t0\t7";
    t3doc(v, NULL);
    CHECK_INT(st("t3.new.natural"), NB_ST_AMBIGUOUS);
    CHECK_INT(val("t3.new.total"), 7);

    /* a row that lost its leading tabs (seed 001's 3.其他) */
    memset(v, 0, sizeof v);
    l[R_OTHER0 + 2] = "3.其他\t0\t0\t0\t0\t2\t0\t2";
    t3doc(v, l);
    CHECK_STR(row("other.misc"), "0 0 0 0 2 0 2");
    CHECK_STR(row("result_total"), "0 0 0 0 0 0 0");
    CHECK_STR(row("other.unpaid_fee"), "0 0 0 0 0 0 0");
    l[R_OTHER0 + 2] = NULL;
    /* seed 003: 7. 属于行政执法案卷 without its leading tabs */
    l[R_DENY0 + 6] = "7. 属于行政执法案卷\t\t4\t0\t0\t0\t0\t0\t4";
    t3doc(v, l);
    CHECK_STR(row("deny.enforcement"), "4 0 0 0 0 0 4");
    CHECK_STR(row("deny.process"), "0 0 0 0 0 0 0");
    l[R_DENY0 + 6] = NULL;

    /* a page footer and a stray page number inside the table */
    l[R_PARTIAL] =
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0\n"
        "- 4 -\n\n— 5 —\n";
    v[R_DENY0] = "1\t0\t0\t0\t0\t0\t1";
    t3doc(v, l);
    CHECK_STR(row("partial"), "0 0 0 0 0 0 0");
    CHECK_STR(row("deny.secret"), "1 0 0 0 0 0 1");
    CHECK_STR(row("deny.law"), "0 0 0 0 0 0 0");
    /* a bare page number on a line of its own between tab rows */
    l[R_PARTIAL] =
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0\n"
        "4\n";
    t3doc(v, l);
    CHECK_STR(row("partial"), "0 0 0 0 0 0 0");
    CHECK_STR(row("deny.secret"), "1 0 0 0 0 0 1");
    l[R_PARTIAL] = NULL;
    v[R_DENY0] = NULL;

    /* a row broken over two lines: label, then values */
    l[R_OPEN] = "三、本年度办理结果\t（一）予以公开\n3\t0\t0\t0\t0\t0\t3";
    t3doc(v, l);
    CHECK_STR(row("open"), "3 0 0 0 0 0 3");
    CHECK_STR(row("partial"), "0 0 0 0 0 0 0");
    l[R_OPEN] = NULL;

    /* several windows with different content and no table offset to
     * follow: every row of the table is shifted the same two ways */
    for (int r = 0; r < NR21; r++)
        v[r] = "\t1\t0\t0\t0\t0\t0\t";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "a a a a a a a");
    CHECK_STR(row("carried_out"), "a a a a a a a");
    /* the same row in a table of clear rows: the most frequent offset
     * (values right after the label) decides */
    memset(v, 0, sizeof v);
    v[R_CARRIED_IN] = "\t1\t0\t0\t0\t0\t0\t";
    t3doc(v, NULL);
    CHECK_STR(row("new"), "0 0 0 0 0 0 0");
    /* SCHEMA 12.3 step 3 would take the window at the table's usual
     * offset; the recognizer follows the usual first field instead (see
     * align_window), that of the rows whose label takes the same fields
     * (usual_first_fields): the other top rows' values start right after
     * the label, so this row's first value field would be blank; but then
     * its 总计 0 is not the sum 1 of its columns, and the row shifted by
     * one (1 0 0 0 0 0 and a blank 总计) could not be checked: which end
     * the blank was at is not known, the row is not read (shift_suspect) */
    CHECK_STR(row("carried_in"), "a a a a a a a");
    /* seed 001's layout: a row whose label takes one field puts a spacer
     * after it and a trailing empty field (values at fields 3 to 9), the
     * sub-rows' labels take three fields (values at 4 to 10, most of the
     * rows): the rows of its own layout decide, and a blank first cell
     * stays a blank natural, not a shift onto a blank 总计 */
    {
        static char sp[NR21][512];
        const char *sl[NR21] = {0};
        for (int r = 0; r < NR21; r++) {
            const char *lab = label21[r];
            int one = lab[0] != '\t' && strchr(lab, '\t')[1] == '\0';
            snprintf(sp[r], sizeof sp[r], "%s%s%s", lab, one ? "\t" : "",
                     r == R_NEW ? "\t1\t0\t0\t0\t0\t1\t"
                     : one      ? ZEROS "\t"
                                : ZEROS);
            sl[r] = sp[r];
        }
        t3doc(NULL, sl);
        CHECK_STR(row("new"), "b 1 0 0 0 0 1");
        CHECK_STR(row("carried_in"), "0 0 0 0 0 0 0");
        CHECK_STR(row("deny.secret"), "0 0 0 0 0 0 0");
    }
    /* every other row starting at field 2: the window starting there */
    {
        static char flat[NR21][512];
        const char *fl[NR21] = {0};
        for (int r = 0; r < NR21; r++) {
            const char *lab = label21[r];
            while (*lab == '\t')
                lab++;
            snprintf(flat[r], sizeof flat[r], "%s%s", lab,
                     r == R_CARRIED_IN ? "\t1\t0\t0\t0\t0\t0\t" : ZEROS);
            fl[r] = flat[r];
        }
        t3doc(NULL, fl);
        CHECK_STR(row("carried_in"), "a a a a a a a"); /* as above */
        CHECK_STR(row("new"), "0 0 0 0 0 0 0");
    }
    /* the same layout with rows that add up: a blank at one end of a row
     * with a spare empty field is read where the row adds up, and not at
     * all where neither placement settles it */
    {
        static char fx[NR21][512];
        const char *fl[NR21] = {0};
        static const char *const rows3[][3] = {
            /* row, then what it is read as */
            {"\t\t2\t0\t0\t0\t0\t2\t", "b 2 0 0 0 0 2"}, /* 2019's 其他处理, seed 003 */
            {"\t2\t0\t0\t0\t0\t0\t\t", "2 0 0 0 0 0 b"}, /* the other way fails */
            {"\t3\t1\t0\t0\t0\t0", "a a a a a a a"},     /* 总计 blank, trailing TABs cut */
        };
        for (size_t k = 0; k < sizeof rows3 / sizeof rows3[0]; k++) {
            for (int r = 0; r < NR21; r++) {
                const char *lab = label21[r];
                while (*lab == '\t')
                    lab++;
                snprintf(fx[r], sizeof fx[r], "%s%s", lab,
                         r == R_CARRIED_IN ? rows3[k][0] : "\t" ZEROS "\t");
                fl[r] = fx[r];
            }
            t3doc(NULL, fl);
            CHECK_STR(row("carried_in"), rows3[k][1]);
            CHECK_STR(row("new"), "0 0 0 0 0 0 0");
        }
    }
    /* digits glued to the label, read by the row sum */
    memset(v, 0, sizeof v);
    l[R_CARRIED_IN] = "二、上年结转政府信息公开申请数量100000010";
    t3doc(v, l);
    CHECK_STR(row("carried_in"), "10 0 0 0 0 0 10");
    CHECK(flags("t3.carried_in.natural") & NB_FL_REPAIRED_SPLIT);
    CHECK_STR(row("new"), "0 0 0 0 0 0 0");
    l[R_CARRIED_IN] = "二、上年结转政府信息公开申请数量110000011"; /* two readings */
    t3doc(v, l);
    CHECK_INT(st("t3.carried_in.natural"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.carried_in.total"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.carried_in.commercial"), NB_ST_AMBIGUOUS);
    l[R_CARRIED_IN] = "二、上年结转政府信息公开申请数量20000002"; /* none */
    t3doc(v, l);
    CHECK_INT(st("t3.carried_in.natural"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.carried_in.total"), NB_ST_AMBIGUOUS);
    l[R_CARRIED_IN] = NULL;
    /* a digit run alone in one tab field: one field for seven slots is
     * ambiguous by 12.3; a repair, if any, must be the unique reading */
    v[R_CARRIED_IN] = "100000010";
    t3doc(v, NULL);
    CHECK(!strcmp(row("carried_in"), "a a a a a a a") ||
          !strcmp(row("carried_in"), "10 0 0 0 0 0 10"));
    v[R_CARRIED_IN] = "110000011";
    t3doc(v, NULL);
    CHECK_INT(st("t3.carried_in.natural"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.carried_in.total"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.carried_in.commercial"), NB_ST_AMBIGUOUS);
}

int
main(void)
{
    if (tabulate_init())
        return 1;
    test_alignment();
    tb_doc_free(&D);
    return check_done("test_tabulate_t3");
}
