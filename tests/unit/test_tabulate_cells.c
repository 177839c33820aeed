/* test_tabulate_cells.c - label keys (SCHEMA 11), the glued-digit splitter (12.5),
 * amount units (7.3, 7.4). */
#include "tabulate-test.h"

/* ---- label keys (SCHEMA 11.1, 11.2) ---- */

static void
test_label_keys(void)
{
    /* full width: NFKC, brackets folded away */
    CHECK_STR(key("（一）予以公开"), "一予以公开");
    CHECK_STR(key("１２３ａｂｃ"), "123abc");
    CHECK_STR(key("【规章】"), "规章");
    CHECK_STR(key("(七) 总计"), "七总计");
    /* traditional to simplified */
    CHECK_STR(key("行政複議"), "行政复议");
    CHECK_STR(key("行政復議"), "行政复议");
    CHECK_STR(key("總計"), "总计");
    CHECK_STR(key("其他處理"), "其他处理");
    CHECK_STR(key("結轉下年度"), "结转下年度");
    CHECK_STR(key("結果糾正"), "结果纠正");
    CHECK_STR(key("行政訴"), "行政诉");
    /* 繼續辦理 (结转下年度继续办理) and 訟 (行政诉讼) are in the form labels */
    CHECK_STR(key("結轉下年度繼續辦理"), "结转下年度继续办理");
    CHECK_STR(key("行政訴訟"), "行政诉讼");
    CHECK_STR(key("逾期不補正"), "逾期不补正");
    CHECK_STR(key("申請"), "申请");
    CHECK_STR(key("審結"), "审结");
    CHECK_STR(key("規章"), "规章");
    CHECK_STR(key("數量"), "数量");
    CHECK_STR(key("公開"), "公开");
    CHECK_STR(key("服務"), "服务");
    CHECK_STR(key("部門"), "部门");
    /* letter spaces: ASCII, NBSP, U+3000, zero width */
    CHECK_STR(key("结 果 维 持"), "结果维持");
    CHECK_STR(key("结\xC2\xA0果\xE3\x80\x80维\xE2\x80\x8B持"), "结果维持");
    CHECK_STR(key("三、 本年 度办 理结 果"), "三、本年度办理结果");
    CHECK_STR(key(" \t 总计 \t"), "总计");
    /* quotes */
    CHECK_STR(key("3.危及“三安全一稳定”"), "3.危及三安全一稳定");
    CHECK_STR(key("‘三安全一稳定’"), "三安全一稳定");
    CHECK_STR(key("「规章」『规范性文件』"), "规章规范性文件");
    CHECK_STR(key("\"规章\" '件'"), "规章件");
    /* markdown markers and a trailing colon */
    CHECK_STR(key("## 二、主动公开政府信息情况"), "二、主动公开政府信息情况");
    CHECK_STR(key("### 三、收到和处理政府信息公开申请情况"), "三、收到和处理政府信息公开申请情况");
    CHECK_STR(key("| 规章 |"), "规章");
    CHECK_STR(key("- 行政许可"), "行政许可");
    CHECK_STR(key("* 行政处罚"), "行政处罚");
    CHECK_STR(key("申请人情况："), "申请人情况");
    CHECK_STR(key("申请人情况:"), "申请人情况");
    CHECK_STR(key(""), "");
    /* a leading minus inside a label survives: only leading markers go */
    CHECK_STR(key("总计-合计"), "总计-合计");
    /* the known collisions of 11.2, as keys */
    CHECK(strstr(key("（三）不予公开"), key("予以公开")) == NULL);
    CHECK(strstr(key("（一）予以公开"), key("予以公开")) != NULL);
    CHECK(strstr(key("2.其他法律行政法规禁止公开"), "其他") != NULL);
    CHECK_STR(key("（七）总计"), "七总计");
    /* truncation keeps whole characters */
    {
        char small[8];
        size_t n = nb_label_key("规章规章", strlen("规章规章"), small, sizeof small);
        CHECK(n <= 7 && n % 3 == 0);
        CHECK_INT(strlen(small), n);
    }
}

/* ---- the glued-digit splitter (SCHEMA 12.5) ---- */

static int
split1(const char *s, int S, int rule, int64_t *vals)
{
    const char *t[1] = {s};
    int g[1] = {1}, j[1] = {0};
    return tb_split_strings(t, g, j, 1, S, rule, vals);
}

static int
split1_all(const char *s, int S, int rule, int64_t (*sols)[16], int max)
{
    const char *t[1] = {s};
    int g[1] = {1}, j[1] = {0};
    return tb_split_strings_all(t, g, j, 1, S, rule, sols, max);
}

static void
test_splitter(void)
{
    int64_t v[16], sols[16][16];
    char big[128];

    /* unique: one reading makes the row sum hold */
    CHECK_INT(split1("100000010", 7, TB_RULE_T3ROW, v), 1);
    CHECK_INT(v[0], 10 * NB_MICRO);
    CHECK_INT(v[1], 0);
    CHECK_INT(v[6], 10 * NB_MICRO);
    CHECK_INT(split1("2100003", 7, TB_RULE_T3ROW, v), 1);
    CHECK_INT(v[0], 2 * NB_MICRO);
    CHECK_INT(v[1], 1 * NB_MICRO);
    CHECK_INT(v[6], 3 * NB_MICRO);
    /* several: the row cannot decide; _all lists both */
    CHECK_INT(split1("110000011", 7, TB_RULE_T3ROW, v), 0);
    CHECK_INT(split1_all("110000011", 7, TB_RULE_T3ROW, sols, 16), 2);
    {
        int one = 0, eleven = 0;
        for (int k = 0; k < 2; k++) {
            one += sols[k][0] == 1 * NB_MICRO && sols[k][1] == 10 * NB_MICRO;
            eleven += sols[k][0] == 11 * NB_MICRO && sols[k][1] == 0;
            CHECK_INT(sols[k][6], 11 * NB_MICRO);
        }
        CHECK_INT(one, 1);
        CHECK_INT(eleven, 1);
    }
    /* the glued example of the issue: no sum applies, so no cut is made
     * (ten readings; "35" in a row of two would read as 3 and 5) */
    CHECK_INT(split1("693665", 3, TB_RULE_NONE, v), 0);
    CHECK_INT(split1_all("693665", 3, TB_RULE_NONE, sols, 16), 0);
    CHECK_INT(split1_all("123", 2, TB_RULE_NONE, sols, 16), 0);
    CHECK_INT(split1("35", 2, TB_RULE_NONE, v), 0);
    CHECK_INT(split1("16", 2, TB_RULE_NONE, v), 0);
    /* where a sum checks the cuts, every reading is listed */
    CHECK_INT(split1_all("693665", 3, TB_RULE_T3ROW, sols, 16), 10);
    CHECK_INT(split1_all("110000011", 7, TB_RULE_T3ROW, sols, 1), -1); /* more than room */
    /* the grammar alone forces a cut: no number opens with 0 */
    CHECK_INT(split1("000", 3, TB_RULE_NONE, v), 1);
    CHECK_INT(split1("005", 3, TB_RULE_NONE, v), 1);
    CHECK_INT(v[2], 5 * NB_MICRO);
    CHECK_INT(split1("000", 2, TB_RULE_NONE, v), 0);
    /* 增 and 减 sign the change column (SCHEMA 7.3): 行政事业性收费16减12 */
    {
        const char *t[2] = {"16", "减12"};
        int g[2] = {1, 1}, j[2] = {0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 2, 2, TB_RULE_NONE, v), 1);
        CHECK_INT(v[0], 16 * NB_MICRO);
        CHECK_INT(v[1], -12 * NB_MICRO);
    }
    {
        const char *t[3] = {"16", "增加3", "减少0"};
        int g[3] = {0, 0, 0}, j[3] = {0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 3, 3, TB_RULE_NONE, v), 1);
        CHECK_INT(v[1], 3 * NB_MICRO);
        CHECK_INT(v[2], 0);
    }
    {
        /* a sign opens a number: 减 alone, 减 before a leading zero, 减 in
         * the middle are no numbers */
        const char *t1[1] = {"减"}, *t2[1] = {"减012"}, *t3[1] = {"1减2"};
        int g[1] = {0}, j[1] = {0};
        CHECK_INT(tb_split_strings(t1, g, j, 1, 1, TB_RULE_NONE, v), 0);
        CHECK_INT(tb_split_strings(t2, g, j, 1, 1, TB_RULE_NONE, v), 0);
        CHECK_INT(tb_split_strings(t3, g, j, 1, 1, TB_RULE_NONE, v), 0);
    }
    /* none: no reading makes the sum hold */
    CHECK_INT(split1("20000002", 7, TB_RULE_T3ROW, v), 0);
    CHECK_INT(split1_all("20000002", 7, TB_RULE_T3ROW, sols, 16), 0);
    CHECK_INT(split1("12", 3, TB_RULE_NONE, v), 0); /* too few digits */
    /* exactly S digits: one reading only */
    CHECK_INT(split1("1000001", 7, TB_RULE_T3ROW, v), 1);
    CHECK_INT(v[0], NB_MICRO);
    CHECK_INT(v[6], NB_MICRO);
    /* leading zeros: no part starts with 0 unless it is 0; "0012" is 0 0 12
     * or 0 0 1 2, which only a sum could tell */
    CHECK_INT(split1("0012", 3, TB_RULE_NONE, v), 0);
    {
        const char *t[3] = {"01", "2", "3"};
        int g[3] = {0, 0, 0}, j[3] = {0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 3, 3, TB_RULE_NONE, v), 0);
    }
    /* decimals are atomic: read as one number, never cut */
    {
        const char *t[3] = {"1.5", "0.25", "2"};
        int g[3] = {0, 1, 0}, j[3] = {0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 3, 3, TB_RULE_NONE, v), 1);
        CHECK_INT(v[0], 1500000);
        CHECK_INT(v[1], 250000);
        CHECK_INT(v[2], 2 * NB_MICRO);
    }
    {
        const char *t[2] = {"1.2345678", "2"}; /* more than millionths */
        int g[2] = {0, 0}, j[2] = {0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 2, 2, TB_RULE_NONE, v), 0);
    }
    {
        const char *t[2] = {"1.2.3", "2"}; /* not a number */
        int g[2] = {0, 0}, j[2] = {0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 2, 2, TB_RULE_NONE, v), 0);
    }
    {
        const char *t[2] = {"1a", "2"};
        int g[2] = {1, 0}, j[2] = {0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 2, 2, TB_RULE_NONE, v), 0);
    }
    /* "1 0": joined only when the row sum says so */
    {
        const char *t[8] = {"1", "0", "0", "0", "0", "0", "0", "10"};
        int g[8] = {0}, j[8] = {1, 0, 0, 0, 0, 0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 8, 7, TB_RULE_T3ROW, v), 1);
        CHECK_INT(v[0], 10 * NB_MICRO);
        CHECK_INT(v[6], 10 * NB_MICRO);
    }
    {
        const char *t[8] = {"1", "0", "0", "0", "0", "0", "0", "1"};
        int g[8] = {0}, j[8] = {1, 0, 0, 0, 0, 0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 8, 7, TB_RULE_T3ROW, v), 0);
    }
    {
        /* S tokens already: the join is not needed and does not hold */
        const char *t[7] = {"1", "0", "0", "0", "0", "0", "1"};
        int g[7] = {0}, j[7] = {1, 0, 0, 0, 0, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 7, 7, TB_RULE_T3ROW, v), 1);
        CHECK_INT(v[0], NB_MICRO);
        CHECK_INT(v[1], 0);
    }
    {
        /* not joinable (two spaces, or a TAB): the extra token stays */
        const char *t[8] = {"1", "0", "0", "0", "0", "0", "0", "10"};
        int g[8] = {0}, j[8] = {0};
        CHECK_INT(tb_split_strings(t, g, j, 8, 7, TB_RULE_T3ROW, v), 0);
    }
    {
        /* no sum applies: join or not is a free choice, so ambiguous */
        const char *t[3] = {"1", "0", "5"};
        int g[3] = {0}, j[3] = {1, 0, 0};
        CHECK_INT(tb_split_strings(t, g, j, 3, 2, TB_RULE_NONE, v), 1); /* 10 5 only */
        CHECK_INT(v[0], 10 * NB_MICRO);
        CHECK_INT(tb_split_strings(t, g, j, 3, 3, TB_RULE_NONE, v), 1); /* 1 0 5 only */
        CHECK_INT(v[0], NB_MICRO);
    }
    /* t4: each block of five ends in the sum of its four */
    CHECK_INT(split1("1000010"
                     "0000000000",
                     15, TB_RULE_T4, v),
              1);
    CHECK_INT(v[0], 10 * NB_MICRO);
    CHECK_INT(v[4], 10 * NB_MICRO);
    CHECK_INT(v[14], 0);
    CHECK_INT(split1("000000000000000", 15, TB_RULE_T4, v), 1);
    CHECK_INT(split1("100000000000000", 15, TB_RULE_T4, v), 0); /* 1 0 0 0 0: fails */
    {
        /* three glued blocks of five */
        const char *t[3] = {"10001", "21003", "00000"};
        int g[3] = {1, 1, 1}, j[3] = {0};
        CHECK_INT(tb_split_strings(t, g, j, 3, 15, TB_RULE_T4, v), 1);
        CHECK_INT(v[5], 2 * NB_MICRO);
        CHECK_INT(v[9], 3 * NB_MICRO);
    }
    /* budget: an enormous search gives up instead of hanging */
    memset(big, '1', 60);
    big[60] = '\0';
    CHECK_INT(split1_all(big, 7, TB_RULE_T3ROW, sols, 16), -1);
    CHECK_INT(split1(big, 7, TB_RULE_T3ROW, v), 0);
    /* bad shapes */
    CHECK_INT(split1("123", 0, TB_RULE_NONE, v), 0);
    CHECK_INT(split1("123", 17, TB_RULE_NONE, v), 0);
    CHECK_INT(split1("", 1, TB_RULE_NONE, v), 0);
}

/* ---- amount units (SCHEMA 7.3, 7.4) ---- */

static void
test_amounts(void)
{
    nb_cell c;

    nb_cell_parse("251000元", strlen("251000元"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    CHECK_INT(c.micro, 25100000);
    CHECK(c.flags & NB_FL_UNIT_CONVERTED);
    CHECK_INT(c.unit, NB_UNIT_YUAN);
    nb_cell_parse("25.1万元", strlen("25.1万元"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    CHECK_INT(c.micro, 25100000);
    CHECK(!(c.flags & NB_FL_UNIT_CONVERTED));
    CHECK_INT(c.unit, NB_UNIT_WAN);
    nb_cell_parse("1,234.5", strlen("1,234.5"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    CHECK_INT(c.micro, 1234500000LL);
    CHECK_INT(c.unit, NB_UNIT_NONE);
    /* one 分 is the smallest unit: 0.01 元 = 0.000001 万元 */
    nb_cell_parse("0.01元", strlen("0.01元"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    CHECK_INT(c.micro, 1);
    /* finer than that: precision loss */
    nb_cell_parse("0.001元", strlen("0.001元"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_AMBIGUOUS);
    CHECK(c.flags & NB_FL_PRECISION);
    nb_cell_parse("1.0000001万元", strlen("1.0000001万元"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_AMBIGUOUS);
    CHECK(c.flags & NB_FL_PRECISION);
    /* a zero amount is 0 whatever the unit */
    nb_cell_parse("0", 1, NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    CHECK_INT(c.micro, 0);
    /* SCHEMA 7.3: an amount's only suffixes are 万元 and 元, a count's
     * are units of things */
    nb_cell_parse("5件", strlen("5件"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_TEXT);
    nb_cell_parse("5万元", strlen("5万元"), NB_KIND_COUNT, &c);
    CHECK_INT(c.state, NB_ST_TEXT);
    nb_cell_parse("5件", strlen("5件"), NB_KIND_COUNT, &c);
    CHECK_INT(c.state, NB_ST_NUM);
    /* placeholders in amount cells stay placeholders */
    nb_cell_parse("/", 1, NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_SLASH);
    nb_cell_parse("无", strlen("无"), NB_KIND_AMOUNT, &c);
    CHECK_INT(c.state, NB_ST_NONE);

    /* through a document: the fee of a 2021 art20_8 in 元 */
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（八）项\t\n"
              "信息内容\t本年收费金额（单位：万元）\n"
              "行政事业性收费\t251000元\n"
              "\n" SEC5);
    CHECK_INT(st("t2.art20_8.fee.amount"), NB_ST_NUM);
    CHECK_INT(D.cells[ix("t2.art20_8.fee.amount")].micro, 25100000);
    CHECK(flags("t2.art20_8.fee.amount") & NB_FL_UNIT_CONVERTED);
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（八）项\t\n"
              "信息内容\t本年收费金额（单位：万元）\n"
              "行政事业性收费\t3.5\n"
              "\n" SEC5);
    CHECK_INT(st("t2.art20_8.fee.amount"), NB_ST_NUM);
    CHECK_INT(D.cells[ix("t2.art20_8.fee.amount")].micro, 3500000);
    /* SCHEMA 7.4: a unit in the column header applies to its cells;
     * "（单位：元）" makes 35000 mean 3.5 万元. */
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（八）项\t\n"
              "信息内容\t本年收费金额（单位：元）\n"
              "行政事业性收费\t35000\n"
              "\n" SEC5);
    CHECK_INT(D.cells[ix("t2.art20_8.fee.amount")].micro, 3500000);
    CHECK(flags("t2.art20_8.fee.amount") & NB_FL_UNIT_CONVERTED);
}

int
main(void)
{
    if (tabulate_init())
        return 1;
    test_label_keys();
    test_splitter();
    test_amounts();
    tb_doc_free(&D);
    return check_done("test_tabulate_cells");
}
