/* links: stages/tabulate/tokens.c stages/tabulate/recognize.c stages/tabulate/split.c
 * stages/tabulate/rules.c stages/tabulate/identity.c stages/tabulate/record.c */
/*
 * test_tabulate.c - tabulate's parts: label keys (SCHEMA 11), the
 * glued-digit splitter (12.5), amount units (7.4), every rule verdict
 * (8.1) and derived cell (7.6), the alignment of tab rows (12.3) and
 * table detection (12.1, 12.2) through small documents.
 *
 */
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "check.h"
#include "doc.h"
#include "identity.h"
#include "recognize.h"
#include "rules.h"
#include "schema.h"
#include "split.h"

static tb_doc D;

/* ---- helpers ---- */

/* The label key of s, in one of four rotating buffers (so that two keys
 * can be compared in one expression). */
static const char *
key(const char *s)
{
    static char out[4][512];
    static int k;
    k = (k + 1) % 4;
    nb_label_key(s, strlen(s), out[k], sizeof out[k]);
    return out[k];
}

static int
ix(const char *id)
{
    int i = nb_metric_find(id, strlen(id));
    if (i < 0) {
        fprintf(stderr, "test_tabulate: no metric '%s'\n", id);
        exit(2);
    }
    return i;
}

/* The state of a cell, NB_ST_MISSING when it is not in the document. */
static int
st(const char *id)
{
    int s = D.cells[ix(id)].state;
    return s < 0 ? NB_ST_MISSING : s;
}

/* The value of a num cell in whole units, or -999 when it is not num. */
static long long
val(const char *id)
{
    const tb_cell *c = &D.cells[ix(id)];
    return c->state == NB_ST_NUM ? (long long)(c->micro / NB_MICRO) : -999;
}

static unsigned
flags(const char *id)
{
    return D.cells[ix(id)].flags;
}

/* Tokenize, recognize and derive body (lines ending in '\n'). */
static void
run(const char *body)
{
    tb_doc_reset(&D);
    if (nb_buf_adds(&D.body, body) < 0 || tb_tokenize(&D) < 0) {
        fprintf(stderr, "test_tabulate: out of memory\n");
        exit(2);
    }
    tb_recognize(&D);
    tb_derive(&D);
}

static const char *const cols[7] = {"natural", "commercial", "research", "nonprofit",
                                    "legal",   "other_org",  "total"};

/* The seven states (or values) of a t3 row as a compact string for
 * comparison: "1 0 0 0 0 0 1", with b s d n t a m for the non-num states. */
static const char *
row(const char *path)
{
    static char out[128];
    size_t n = 0;

    for (int c = 0; c < 7; c++) {
        char id[96];
        int s;
        snprintf(id, sizeof id, "t3.%s.%s", path, cols[c]);
        s = st(id);
        if (s == NB_ST_NUM)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%lld", c ? " " : "", val(id));
        else
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%c", c ? " " : "", "-bsdntam"[s]);
    }
    return out;
}

/* ---- a t3 table to vary: seed 004's layout (2021, tab-separated) ---- */

enum {
    R_NEW,
    R_CARRIED_IN,
    R_OPEN,
    R_PARTIAL,
    R_DENY0,
    R_UNABLE0 = R_DENY0 + 8,
    R_DECLINE0 = R_UNABLE0 + 3,
    R_OTHER0 = R_DECLINE0 + 5,
    R_TOTAL = R_OTHER0 + 3,
    R_CARRIED_OUT,
    NR21
};

static const char *const label21[NR21] = {
    "一、本年新收政府信息公开申请数量\t",
    "二、上年结转政府信息公开申请数量\t",
    "三、本年度办理结果\t（一）予以公开\t",
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t",
    "\t（三）不予公开\t1.属于国家秘密\t",
    "\t\t2.其他法律行政法规禁止公开\t",
    "\t\t3.危及“三安全一稳定”\t",
    "\t\t4.保护第三方合法权益\t",
    "\t\t5.属于三类内部事务信息\t",
    "\t\t6.属于四类过程性信息\t",
    "\t\t7.属于行政执法案卷\t",
    "\t\t8.属于行政查询事项\t",
    "\t（四）无法提供\t1.本机关不掌握相关政府信息\t",
    "\t\t2.没有现成信息需要另行制作\t",
    "\t\t3.补正后申请内容仍不明确\t",
    "\t（五）不予处理\t1.信访举报投诉类申请\t",
    "\t\t2.重复申请\t",
    "\t\t3.要求提供公开出版物\t",
    "\t\t4.无正当理由大量反复申请\t",
    "\t\t5.要求行政机关确认或重新出具已获取信息\t",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t",
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t",
    "\t\t3.其他\t",
    "\t（七）总计\t",
    "四、结转下年度继续办理\t",
};

#define TITLE "某某县民政局\n2023年政府信息公开工作年度报告\n\n"
#define T3HEAD                                                                                                                      \
    "三、收到和处理政府信息公开申请情况\n"                                                                         \
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t" \
    "\t\t\t总计\n"                                                                                                                \
    "\t自然人\t法人或其他组织\t\t\t\t\t\n"                                                                                \
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
#define ZEROS   "0\t0\t0\t0\t0\t0\t0"
#define T4ZEROS "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
#define T4HEAD                                                                                                            \
    "四、政府信息公开行政复议、行政诉讼情况\n"                                                         \
    "行政复议\t\t\t\t\t行政诉讼\n"                                                                                \
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n" \
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果"  \
    "\t尚未审结\t总计\n"
#define SEC5 "五、存在的主要问题及改进情况\n\n今后将继续做好工作。\n"

static char body[1 << 16];

/*
 * A 2021 t3 with rows whose value text (after the label) is vals[r], or
 * ZEROS when NULL; lines[r], when not NULL, replaces the whole line.
 * Followed by a t4 of zeros and section 五.
 */
static void
t3doc(const char *const *vals, const char *const *lines)
{
    size_t n = (size_t)snprintf(body, sizeof body, "%s%s", TITLE, T3HEAD);

    for (int r = 0; r < NR21; r++) {
        if (lines && lines[r])
            n += (size_t)snprintf(body + n, sizeof body - n, "%s\n", lines[r]);
        else
            n += (size_t)snprintf(body + n, sizeof body - n, "%s%s\n", label21[r],
                                  vals && vals[r] ? vals[r] : ZEROS);
    }
    snprintf(body + n, sizeof body - n, "\n%s%s\n%s", T4HEAD, T4ZEROS, SEC5);
    run(body);
}

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
    /* the glued example of the issue: ten readings, no sum applies */
    CHECK_INT(split1("693665", 3, TB_RULE_NONE, v), 0);
    CHECK_INT(split1_all("693665", 3, TB_RULE_NONE, sols, 16), 10);
    CHECK_INT(split1_all("693665", 3, TB_RULE_NONE, sols, 4), -1); /* more than room */
    CHECK_INT(split1_all("123", 2, TB_RULE_NONE, sols, 16), 2);
    /* none: no reading makes the sum hold */
    CHECK_INT(split1("20000002", 7, TB_RULE_T3ROW, v), 0);
    CHECK_INT(split1_all("20000002", 7, TB_RULE_T3ROW, sols, 16), 0);
    CHECK_INT(split1("12", 3, TB_RULE_NONE, v), 0); /* too few digits */
    /* exactly S digits: one reading only */
    CHECK_INT(split1("1000001", 7, TB_RULE_T3ROW, v), 1);
    CHECK_INT(v[0], NB_MICRO);
    CHECK_INT(v[6], NB_MICRO);
    /* leading zeros: no part starts with 0 unless it is 0 */
    CHECK_INT(split1("0012", 3, TB_RULE_NONE, v), 1);
    CHECK_INT(v[0], 0);
    CHECK_INT(v[1], 0);
    CHECK_INT(v[2], 12 * NB_MICRO);
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
    CHECK_INT(split1_all(big, 16, TB_RULE_NONE, sols, 16), -1);
    CHECK_INT(split1(big, 16, TB_RULE_NONE, v), 0);
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

/* ---- rule verdicts (SCHEMA 8.1) and derived cells (7.6) ---- */

static tb_check checks[1024];
static int nchecks;

static void
setc(const char *id, int state, long long v)
{
    tb_cell *c = &D.cells[ix(id)];
    c->state = (signed char)state;
    c->micro = v * NB_MICRO;
    c->flags = 0;
    c->line = 1;
    c->field = 1;
}

/* A t3 of format fmt (its 其他处理 rows: 2019 one, 2021 three,
 * undetermined none) and a t4, every cell num 0. */
static void
zero_doc(const char *fmt)
{
    static const char *const rows19[] = {"other", NULL};
    static const char *const rows21[] = {"other.no_correction", "other.unpaid_fee", "other.misc",
                                         NULL};
    static const char *const common[] = {"new",
                                         "carried_in",
                                         "open",
                                         "partial",
                                         "deny.secret",
                                         "deny.law",
                                         "deny.safety",
                                         "deny.third_party",
                                         "deny.internal",
                                         "deny.process",
                                         "deny.enforcement",
                                         "deny.query",
                                         "unable.not_held",
                                         "unable.need_create",
                                         "unable.unclear",
                                         "decline.petition",
                                         "decline.repeat",
                                         "decline.publication",
                                         "decline.mass",
                                         "decline.confirm",
                                         "result_total",
                                         "carried_out",
                                         NULL};
    char id[96];

    tb_doc_reset(&D);
    D.status[0] = "absent";
    D.status[1] = "present";
    D.status[2] = "present";
    D.format[1] = fmt;
    D.format[2] = "both";
    for (int r = 0; common[r]; r++)
        for (int c = 0; c < 7; c++) {
            snprintf(id, sizeof id, "t3.%s.%s", common[r], cols[c]);
            setc(id, NB_ST_NUM, 0);
        }
    for (int r = 0; r < 3 && strcmp(fmt, "undetermined"); r++) {
        const char *p = !strcmp(fmt, "2019") ? rows19[r] : rows21[r];
        if (!p)
            break;
        for (int c = 0; c < 7; c++) {
            snprintf(id, sizeof id, "t3.%s.%s", p, cols[c]);
            setc(id, NB_ST_NUM, 0);
        }
    }
    {
        static const char *const blocks[] = {"review", "suit_direct", "suit_after"};
        static const char *const parts[] = {"maintain", "correct", "other", "pending", "total"};
        for (int b = 0; b < 3; b++)
            for (int p = 0; p < 5; p++) {
                snprintf(id, sizeof id, "t4.%s.%s", blocks[b], parts[p]);
                setc(id, NB_ST_NUM, 0);
            }
    }
}

static void
rules(void)
{
    tb_derive(&D);
    nchecks = tb_check_rules(&D, checks, 1024);
}

/* The verdict of rule name, or -1 when it was not emitted. */
static int
verdict(const char *name)
{
    for (int i = 0; i < nchecks; i++)
        if (!strcmp(checks[i].rule, name))
            return checks[i].verdict;
    return -1;
}

static const tb_check *
find_check(const char *name)
{
    for (int i = 0; i < nchecks; i++)
        if (!strcmp(checks[i].rule, name))
            return &checks[i];
    return NULL;
}

static void
test_rules(void)
{
    const tb_check *k;

    CHECK_STR(tb_verdict_name(TB_PASS), "pass");
    CHECK_STR(tb_verdict_name(TB_FAIL), "fail");
    CHECK_STR(tb_verdict_name(TB_PASS_H0), "pass_h0");
    CHECK_STR(tb_verdict_name(TB_FAIL_H0), "fail_h0");
    CHECK_STR(tb_verdict_name(TB_NA), "na");
    CHECK_STR(tb_verdict_name(99), "na");

    /* all zeros: everything passes; 7 + 7 + 25 + 3 instances */
    zero_doc("2021");
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
    zero_doc("2021");
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
    zero_doc("2021");
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
    zero_doc("2019");
    setc("t3.result_total.natural", NB_ST_NUM, 2);
    setc("t3.other.natural", NB_ST_NUM, 2);
    rules();
    CHECK_INT(verdict("c.t3.results.natural"), TB_PASS);
    CHECK_INT(verdict("c.t3.rowsum.other"), TB_FAIL); /* total 0 != 2 */
    /* undetermined without any 其他处理 row: na */
    zero_doc("undetermined");
    rules();
    CHECK_INT(verdict("c.t3.results.natural"), TB_NA);
    CHECK_INT(verdict("c.t3.balance.natural"), TB_PASS);

    /* rowsum: total = the six applicant columns */
    zero_doc("2021");
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
    zero_doc("2021");
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
    zero_doc("2021");
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
    zero_doc("2021");
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
    zero_doc("2019");
    setc("t3.other.natural", NB_ST_NUM, 4);
    rules();
    CHECK_INT(val("t3.other.natural"), 4);
    CHECK(!(flags("t3.other.natural") & NB_FL_DERIVED));
    CHECK_INT(D.cells[ix("t3.other.natural")].line, 1);
    /* undetermined: other is missing */
    zero_doc("undetermined");
    rules();
    CHECK_INT(st("t3.other.natural"), NB_ST_MISSING);
    CHECK_INT(st("t3.deny.natural"), NB_ST_NUM);
    /* t3 absent: nothing derived */
    tb_doc_reset(&D);
    D.status[1] = "absent";
    D.format[1] = NULL;
    rules();
    CHECK_INT(D.cells[ix("t3.deny.natural")].state, -1);
    CHECK_INT(verdict("c.t3.balance.natural"), TB_NA);
    CHECK_INT(verdict("c.t4.sum.review"), TB_NA);
    /* the 2019 warning w.t2.published_le_total: published <= public_total */
    zero_doc("2019");
    D.subfmt[0] = "2019";
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
    D.subfmt[0] = "2021"; /* the warning belongs to 2019 tables only */
    rules();
    CHECK_INT(verdict("w.t2.published_le_total.rules"), -1);
    /* a bounded output */
    zero_doc("2021");
    tb_derive(&D);
    CHECK_INT(tb_check_rules(&D, checks, 5), 5);
}

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
    CHECK_STR(D.status[1], "present");
    CHECK_STR(D.format[1], "2021");
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
     * align_window), and the rows here start at fields 2 and 3, so the
     * row stays ambiguous, never the wrong window */
    CHECK_STR(row("carried_in"), "a a a a a a a");
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
        CHECK_STR(row("carried_in"), "b 1 0 0 0 0 0");
        CHECK_STR(row("new"), "0 0 0 0 0 0 0");
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

/* ---- table location and format (SCHEMA 12.1, 12.2) ---- */

static void
test_tables(void)
{
    size_t n;
    const char *rows19 = "一、本年新收政府信息公开申请数量\t" ZEROS "\n"
                         "二、上年结转政府信息公开申请数量\t" ZEROS "\n"
                         "三、本年度办理结果\t（一）予以公开\t" ZEROS "\n"
                         "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t" ZEROS "\n"
                         "\t（三）不予公开\t1.属于国家秘密\t" ZEROS "\n"
                         "\t\t2.其他法律行政法规禁止公开\t" ZEROS "\n"
                         "\t\t3.危及“三安全一稳定”\t" ZEROS "\n"
                         "\t\t4.保护第三方合法权益\t" ZEROS "\n"
                         "\t\t5.属于三类内部事务信息\t" ZEROS "\n"
                         "\t\t6.属于四类过程性信息\t" ZEROS "\n"
                         "\t\t7.属于行政执法案卷\t" ZEROS "\n"
                         "\t\t8.属于行政查询事项\t" ZEROS "\n"
                         "\t（四）无法提供\t1.本机关不掌握相关政府信息\t" ZEROS "\n"
                         "\t\t2.没有现成信息需要另行制作\t" ZEROS "\n"
                         "\t\t3.补正后申请内容仍不明确\t" ZEROS "\n"
                         "\t（五）不予处理\t1.信访举报投诉类申请\t" ZEROS "\n"
                         "\t\t2.重复申请\t" ZEROS "\n"
                         "\t\t3.要求提供公开出版物\t" ZEROS "\n"
                         "\t\t4.无正当理由大量反复申请\t" ZEROS "\n"
                         "\t\t5.要求行政机关确认或重新出具已获取信息\t" ZEROS "\n"
                         "\t（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n"
                         "\t（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
                         "四、结转下年度继续办理\t" ZEROS "\n";

    /* 2021 by its 逾期不补正 and 缴纳费用 rows */
    t3doc(NULL, NULL);
    CHECK_STR(D.format[1], "2021");
    CHECK_STR(D.status[1], "present");
    CHECK_INT(st("t3.other.no_correction.natural"), NB_ST_NUM);
    CHECK(flags("t3.other.natural") & NB_FL_DERIVED);
    CHECK_STR(D.status[2], "present");
    CHECK_INT(st("t4.review.maintain"), NB_ST_NUM);
    CHECK(!(flags("t4.review.maintain") & NB_FL_HEADER_INFERRED));
    CHECK_STR(D.status[0], "absent");

    /* 2019 by a 其他处理 row with its own values before 总计 */
    n = (size_t)snprintf(body, sizeof body, "%s%s%s\n%s%s\n%s", TITLE, T3HEAD, rows19, T4HEAD,
                         T4ZEROS, SEC5);
    CHECK(n < sizeof body);
    run(body);
    CHECK_STR(D.format[1], "2019");
    CHECK_STR(row("other"), "1 0 0 0 0 0 1");
    CHECK(!(flags("t3.other.natural") & NB_FL_DERIVED));
    CHECK_INT(st("t3.other.misc.natural"), NB_ST_MISSING);
    CHECK_STR(row("result_total"), "1 0 0 0 0 0 1");

    /* header-less t4: a bare row of 15 values after t3 (seed 000) */
    snprintf(body, sizeof body, "%s%s%s\n" T4ZEROS "\n---\n\n%s", TITLE, T3HEAD, rows19, SEC5);
    run(body);
    CHECK_STR(D.status[2], "present");
    CHECK_INT(st("t4.review.maintain"), NB_ST_NUM);
    CHECK_INT(st("t4.suit_after.total"), NB_ST_NUM);
    CHECK(flags("t4.review.maintain") & NB_FL_HEADER_INFERRED);
    CHECK(flags("t4.suit_after.total") & NB_FL_HEADER_INFERRED);
    CHECK_STR(D.format[1], "2019"); /* t3 is not disturbed by the t4 row */
    CHECK_STR(row("carried_out"), "0 0 0 0 0 0 0");
    /* a t4 of 14 values is not a t4 */
    snprintf(body, sizeof body, "%s%s%s\n" T4HEAD "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n%s",
             TITLE, T3HEAD, rows19, SEC5);
    run(body);
    CHECK(st("t4.review.maintain") != NB_ST_NUM);
    CHECK(strcmp(D.status[2], "present") != 0);
    /* t4 values in one space-separated line */
    snprintf(body, sizeof body, "%s%s%s\n" T4HEAD "2 1 0 0 3 0 0 0 0 0 1 0 0 0 1\n%s", TITLE,
             T3HEAD, rows19, SEC5);
    run(body);
    CHECK_INT(val("t4.review.maintain"), 2);
    CHECK_INT(val("t4.review.total"), 3);
    CHECK_INT(val("t4.suit_after.total"), 1);
    /* the t4 values with placeholders */
    snprintf(body, sizeof body, "%s%s%s\n" T4HEAD "/\t/\t/\t/\t/\t0\t0\t0\t0\t0\t无\t-\t\t0\t0\n%s",
             TITLE, T3HEAD, rows19, SEC5);
    run(body);
    CHECK_INT(st("t4.review.maintain"), NB_ST_SLASH);
    CHECK_INT(st("t4.suit_after.maintain"), NB_ST_NONE);
    CHECK_INT(st("t4.suit_after.correct"), NB_ST_DASH);
    CHECK_INT(st("t4.suit_after.other"), NB_ST_BLANK);
    nchecks = tb_check_rules(&D, checks, 1024);
    CHECK_INT(verdict("c.t4.sum.review"), TB_PASS_H0);
    CHECK_INT(verdict("c.t4.sum.suit_direct"), TB_PASS);

    /* truncated t3: rows up to unable.need_create, then the end */
    snprintf(body, sizeof body, "%s%s", TITLE, T3HEAD);
    n = strlen(body);
    for (int r = 0; r <= R_UNABLE0 + 1; r++)
        n += (size_t)snprintf(body + n, sizeof body - n, "%s" ZEROS "\n", label21[r]);
    run(body);
    CHECK_STR(D.status[1], "partial");
    CHECK_STR(row("unable.need_create"), "0 0 0 0 0 0 0");
    CHECK_STR(row("unable.unclear"), "m m m m m m m");
    CHECK_STR(row("result_total"), "m m m m m m m");
    CHECK_STR(D.status[2], "absent");
    CHECK_INT(st("t3.deny.natural"), NB_ST_NUM);
    CHECK_INT(st("t3.unable.natural"), NB_ST_MISSING);

    /* no tables: everything absent, narrative numbers unused (seed 002) */
    run(TITLE "二、主动公开政府信息情况\n\n本年度收到1件信息公开申请，已按时办结。\n\n" SEC5);
    CHECK_STR(D.status[0], "absent");
    CHECK_STR(D.status[1], "absent");
    CHECK_STR(D.status[2], "absent");
    CHECK_INT(st("t3.new.total"), NB_ST_MISSING);
    CHECK_INT(D.cells[ix("t3.new.total")].state, -1);
    rules();
    CHECK_INT(verdict("c.t3.balance.total"), TB_NA);
    CHECK_INT(verdict("c.t3.rowsum.new"), -1);

    /* t2 2021 and 2019 headers */
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（一）项\n"
              "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
              "规章\t/\t/\t/\n"
              "行政规范性文件\t2\t1\t9\n"
              "第二十条第（五）项\n"
              "信息内容\t本年处理决定数量\n"
              "行政许可\t97\n" SEC5);
    CHECK_STR(D.subfmt[0], "2021");
    CHECK_INT(st("t2.art20_1.rules.issued"), NB_ST_SLASH);
    CHECK_INT(val("t2.art20_1.normative.issued"), 2);
    CHECK_INT(val("t2.art20_1.normative.valid"), 9);
    CHECK_INT(val("t2.art20_5.license.decisions"), 97);
    CHECK_STR(D.subfmt[1], "2021");
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（一）项\n"
              "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
              "规章\t0\t0\t0\n"
              "规范性文件\t3\t3\t12\n" SEC5);
    CHECK_STR(D.subfmt[0], "2019");
    CHECK_INT(val("t2.art20_1.normative.public_total"), 12);
    CHECK_INT(st("t2.art20_1.normative.issued"), NB_ST_MISSING);
    /* the glued example of the issue: one line, ten readings, no sum */
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（一）项\n"
              "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
              "规章000行政规范性文件693665\n" SEC5);
    CHECK_INT(st("t2.art20_1.normative.issued"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t2.art20_1.normative.valid"), NB_ST_AMBIGUOUS);
    CHECK_INT(val("t2.art20_1.rules.issued"), 0);

    /* identity: the title before 20xx年…年度报告, the year never the date */
    {
        tb_identity id;
        run("某某县民政局\n2023年政府信息公开工作年度报告\n\n发布日期：2024-01-20\n");
        tb_identify(&D, NULL, NULL, &id);
        CHECK_STR(id.agency, "某某县民政局");
        CHECK_INT(id.year, 2023);
        run("2022年度某某市人民政府办公室政府信息公开工作年度报告\n"
            "根据《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作"
            "年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。\n");
        tb_identify(&D, NULL, NULL, &id);
        CHECK_INT(id.year, 2022);
        CHECK(id.cites && !strcmp(id.cites, "2021-30"));
        run("本站首页 > 通知公告\n2024年3月1日\n");
        tb_identify(&D, NULL, NULL, &id);
        CHECK_INT(id.year, 0);
        run("");
        tb_identify(&D, NULL, NULL, &id);
        CHECK_INT(id.year, 0);
        CHECK_STR(id.agency, "");
    }
}

static int
warned(const char *w)
{
    for (int i = 0; i < D.nwarn; i++)
        if (!strcmp(D.warn[i], w))
            return 1;
    return 0;
}

/* Every loop of the recognizer moves on, and the work budget ends what
 * would not (issue 15: a row of labels between TAB-less values hung). */
static void
test_progress(void)
{
    static const char *const bodies[] = {
        "四、政府信息公开行政复议、行政诉讼情况\n1\n行政复议\t\t\t\t\t行政诉讼\n2\n",
        "三、收到和处理政府信息公开申请情况\n1\n申请人情况\t\t自然人\n2\n3\n",
        "本年新收政府信息公开申请数量\n1\n2\n\t\t\n3\n行政复议\n4\n\t行政诉讼\t\n5\n",
    };

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        run(bodies[i]);
        CHECK(D.work_budget > 0);
        CHECK(!warned("w.budget"));
    }
    /* a spent budget stops the recognizer and says so */
    tb_doc_reset(&D);
    if (nb_buf_adds(&D.body, bodies[0]) < 0 || tb_tokenize(&D) < 0)
        exit(2);
    D.work_budget = 3;
    tb_recognize(&D);
    CHECK(warned("w.budget"));
    CHECK(D.work_budget == 0);
}

int
main(void)
{
    if (tb_recognize_init() < 0 || tb_rules_init() < 0) {
        fprintf(stderr, "test_tabulate: the schema tables disagree\n");
        return 1;
    }
    test_label_keys();
    test_splitter();
    test_amounts();
    test_rules();
    test_alignment();
    test_tables();
    test_progress();
    tb_doc_free(&D);
    return check_done("test_tabulate");
}
