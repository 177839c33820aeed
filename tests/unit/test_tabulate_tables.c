/* test_tabulate_tables.c - table location and format (SCHEMA 12.1, 12.2), and a
 * recognizer that always moves on. */
#include "tabulate-test.h"

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
    CHECK_STR(nb_format_name(D.format[1]), "2021");
    CHECK_STR(nb_table_status_name(D.status[1]), "present");
    CHECK_INT(st("t3.other.no_correction.natural"), NB_ST_NUM);
    CHECK(flags("t3.other.natural") & NB_FL_DERIVED);
    CHECK_STR(nb_table_status_name(D.status[2]), "present");
    CHECK_INT(st("t4.review.maintain"), NB_ST_NUM);
    CHECK(!(flags("t4.review.maintain") & NB_FL_HEADER_INFERRED));
    CHECK_STR(nb_table_status_name(D.status[0]), "absent");

    /* 2019 by a 其他处理 row with its own values before 总计 */
    n = (size_t)snprintf(body, sizeof body, "%s%s%s\n%s%s\n%s", TITLE, T3HEAD, rows19, T4HEAD,
                         T4ZEROS, SEC5);
    CHECK(n < sizeof body);
    run(body);
    CHECK_STR(nb_format_name(D.format[1]), "2019");
    CHECK_STR(row("other"), "1 0 0 0 0 0 1");
    CHECK(!(flags("t3.other.natural") & NB_FL_DERIVED));
    CHECK_INT(st("t3.other.misc.natural"), NB_ST_MISSING);
    CHECK_STR(row("result_total"), "1 0 0 0 0 0 1");

    /* header-less t4: a bare row of 15 values after t3 (seed 000) */
    snprintf(body, sizeof body, "%s%s%s\n" T4ZEROS "\n---\n\n%s", TITLE, T3HEAD, rows19, SEC5);
    run(body);
    CHECK_STR(nb_table_status_name(D.status[2]), "present");
    CHECK_INT(st("t4.review.maintain"), NB_ST_NUM);
    CHECK_INT(st("t4.suit_after.total"), NB_ST_NUM);
    CHECK(flags("t4.review.maintain") & NB_FL_HEADER_INFERRED);
    CHECK(flags("t4.suit_after.total") & NB_FL_HEADER_INFERRED);
    CHECK_STR(nb_format_name(D.format[1]), "2019"); /* t3 is not disturbed by the t4 row */
    CHECK_STR(row("carried_out"), "0 0 0 0 0 0 0");
    /* a t4 of 14 values is not a t4 */
    snprintf(body, sizeof body, "%s%s%s\n" T4HEAD "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n%s",
             TITLE, T3HEAD, rows19, SEC5);
    run(body);
    CHECK(st("t4.review.maintain") != NB_ST_NUM);
    CHECK(D.status[2] != NB_TS_PRESENT);
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
    CHECK_STR(nb_table_status_name(D.status[1]), "partial");
    CHECK_STR(row("unable.need_create"), "0 0 0 0 0 0 0");
    CHECK_STR(row("unable.unclear"), "m m m m m m m");
    CHECK_STR(row("result_total"), "m m m m m m m");
    CHECK_STR(nb_table_status_name(D.status[2]), "absent");
    CHECK_INT(st("t3.deny.natural"), NB_ST_NUM);
    CHECK_INT(st("t3.unable.natural"), NB_ST_MISSING);

    /* no tables: everything absent, narrative numbers unused (seed 002) */
    run(TITLE "二、主动公开政府信息情况\n\n本年度收到1件信息公开申请，已按时办结。\n\n" SEC5);
    CHECK_STR(nb_table_status_name(D.status[0]), "absent");
    CHECK_STR(nb_table_status_name(D.status[1]), "absent");
    CHECK_STR(nb_table_status_name(D.status[2]), "absent");
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
    CHECK_STR(nb_format_name(D.subfmt[0]), "2021");
    CHECK_INT(st("t2.art20_1.rules.issued"), NB_ST_SLASH);
    CHECK_INT(val("t2.art20_1.normative.issued"), 2);
    CHECK_INT(val("t2.art20_1.normative.valid"), 9);
    CHECK_INT(val("t2.art20_5.license.decisions"), 97);
    CHECK_STR(nb_format_name(D.subfmt[1]), "2021");
    run(TITLE "二、主动公开政府信息情况\n"
              "第二十条第（一）项\n"
              "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
              "规章\t0\t0\t0\n"
              "规范性文件\t3\t3\t12\n" SEC5);
    CHECK_STR(nb_format_name(D.subfmt[0]), "2019");
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

/* The budgets grow with the document, so that the work per byte is
 * bounded: a page of glued rows, whose readings no sum can settle in time,
 * ends with the warning w.budget and those rows ambiguous, never a hang. */
static void
test_budget(void)
{
    static char lines[NR21][256];
    const char *line[NR21];
    char glued[64];
    long small, big;
    size_t n;

    tb_doc_reset(&D);
    if (nb_buf_adds(&D.body, "四、\n1\n") < 0 || tb_tokenize(&D) < 0)
        exit(2);
    small = D.split_budget;
    CHECK(D.work_budget == TB_WORK_FLOOR + 9 * TB_WORK_PER_BYTE);
    for (n = 0; n < 60; n++) /* 60 digits: no single number, very many readings */
        glued[n] = (char)('1' + n % 9);
    glued[n] = '\0';
    for (int r = 0; r < NR21; r++) { /* each row's label with its digits glued on */
        snprintf(lines[r], sizeof lines[r], "%.*s%s", (int)strlen(label21[r]) - 1, label21[r],
                 glued);
        line[r] = lines[r];
    }
    t3doc(NULL, line);
    big = tb_budget(TB_SPLIT_FLOOR, TB_SPLIT_PER_BYTE, strlen(body));
    CHECK(big > small && big <= TB_SPLIT_FLOOR + TB_SPLIT_PER_BYTE * (long)strlen(body));
    CHECK(warned("w.budget"));
    CHECK(D.split_budget == 0);
    CHECK_INT(st("t3.new.natural"), NB_ST_AMBIGUOUS);
    CHECK_INT(st("t3.result_total.total"), NB_ST_AMBIGUOUS);
    /* and the budget saturates instead of wrapping */
    CHECK(tb_budget(TB_WORK_FLOOR, TB_WORK_PER_BYTE, (size_t)-1) > 0);
}

/* ---- markers written in forms that key to them ---- */

/* The prose outside the tables is keyed only when its text may hold a
 * marker: a Traditional form (複 for 复) or a compatibility character (the
 * Kangxi radical ⾏ U+2F8F for 行) must still find the region. */
static void
test_marker_forms(void)
{
    static const char *const t4word[] = {"行政复议", "行政複議", "\xE2\xBE\x8F政复议"};

    for (size_t i = 0; i < sizeof t4word / sizeof t4word[0]; i++) {
        snprintf(
            body, sizeof body,
            "%s四、政府信息公开%s情况\n%s\t\t\t\t\t行政诉讼\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t"
            "复议后起诉\n\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t"
            "结果纠正\t其他结果\t尚未审结\t总计\n2\t0\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n%s",
            TITLE, t4word[i], t4word[i], SEC5);
        run(body);
        CHECK_STR(nb_table_status_name(D.status[2]), "present");
        CHECK_INT(val("t4.review.maintain"), 2);
    }
    /* and prose that only looks like one does not */
    snprintf(body, sizeof body, "%s行政许可办理情况\n2\t0\t0\t0\t2\n%s", TITLE, SEC5);
    run(body);
    CHECK_STR(nb_table_status_name(D.status[2]), "absent");
}

/* The tokens of body, one letter a token (L label, V value, E empty) and
 * its text, space-separated. */
static const char *
tokens(const char *body)
{
    static char out[1024];
    size_t n = 0;

    tb_doc_reset(&D);
    if (nb_buf_adds(&D.body, body) < 0 || tb_tokenize(&D) < 0)
        exit(2);
    out[0] = '\0';
    for (int t = 0; t < D.ntok && n < sizeof out - 64; t++) {
        const tb_tok *k = &D.tok[t];
        int len = (int)k->len;

        n += (size_t)snprintf(out + n, sizeof out - n, "%s%c:%.*s", t ? " " : "", "LVE"[k->kind],
                              len, tb_tok_text(&D, k));
    }
    return out;
}

/* A value cell holding text is one value token, whatever it holds; a
 * number after 5/, 12+ or 22- is no value anywhere. */
static void
test_text_cells(void)
{
    CHECK_STR(tokens("（一）予以公开\t5/3\t0\t7"), "L:（一）予以公开 V:5/3 V:0 V:7");
    CHECK_STR(tokens("（一）予以公开\t0\tO\t7"), "L:（一）予以公开 V:0 V:O V:7");
    CHECK_STR(tokens("（一）予以公开\t0\t22。\t7"), "L:（一）予以公开 V:0 V:22。 V:7");
    /* past the last value it may be a stray mark: kept as label */
    CHECK_STR(tokens("（一）予以公开\t0\t1\t22。"), "L:（一）予以公开 V:0 V:1 V:22 L:。");
    CHECK_STR(tokens("（一）予以公开\t0\t1\t*"), "L:（一）予以公开 V:0 V:1 L:*");
    CHECK_STR(tokens("三、\t（一）予以公开\t12+3\t\t7"), "L:三、 L:（一）予以公开 V:12+3 E: V:7");
    /* not in a value's place: before the last label, or no values */
    CHECK_STR(tokens("（三）不予公开\t1.\t属于国家秘密\t0"),
              "L:（三）不予公开 L:1. L:属于国家秘密 V:0");
    CHECK_STR(tokens("信息内容\t(1)\t(2)"), "L:信息内容 L:(1) L:(2)");
    /* in running text: the numbers of an expression or a date are prose */
    CHECK_STR(tokens("（一）予以公开 1288 21 5/3 1362"),
              "L:（一）予以公开 V:1288 V:21 L:5/3 V:1362");
    CHECK_STR(tokens("电话:0483-6522289"), "L:电话:0483-6522289");
    CHECK_STR(tokens("2023-12-31 12+3 -3"), "L:2023-12-31 12+3 - V:3");
}

/* The tokenizer takes a count of up to six digits with no leading zero
 * for one value without asking nb_is_value_token (tokens.c,
 * plain_count): that is what it answers for every one of them. */
static void
test_plain_counts(void)
{
    int wrong = 0;
    char buf[16];

    for (int v = 0; v < 1000000; v++) {
        int n = snprintf(buf, sizeof buf, "%d", v);
        wrong += nb_is_value_token(buf, (size_t)n) != 1;
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(nb_is_value_token("007", 3), 1); /* read by the lookup, not the shortcut */
    CHECK_STR(tokens("规章\t0\t121\t007\t1234567"), "L:规章 V:0 V:121 V:007 V:1234567");
}

/* Fields under 256 bytes are looked up in a memo of nb_is_value_token's
 * answers (tokens.c): labels and runs of numbers of one length, more of
 * them than the memo has places (so that some share one), each keep their
 * own answer, read first or again. */
static void
test_value_memo(void)
{
    static const char label[] = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
    char lab[256], nums[256], line[600], want[1200];
    int bad = 0;

    for (int len = 90; len < 256; len += 55) {
        for (int i = 0; i < 2 * 600; i++) {
            int k = i % 600;
            char *o = want;

            if (i % 2 == 0) { /* a label of len bytes: letters after the long one */
                size_t m = strlen(label);

                memcpy(lab, label, m);
                for (; m < (size_t)len; m++)
                    lab[m] = (char)('a' + (k / (int)(1 + m % 3)) % 26);
                lab[m] = '\0';
                snprintf(line, sizeof line, "%s\t5", lab);
                snprintf(want, sizeof want, "L:%s V:5", lab);
                bad += strcmp(tokens(line), want) != 0;
                continue;
            }
            /* numbers of one digit, spaced, of len bytes (an odd one: a
             * last number of two digits) */
            for (int m = 0; m < len; m++)
                nums[m] = m % 2 ? ' ' : (char)('1' + (k + m) % 9);
            if (len % 2 == 0)
                nums[len - 2] = '2';
            nums[len - 1] = '3';
            nums[len] = '\0';
            snprintf(line, sizeof line, "%s\t5", nums);
            for (const char *p = nums; *p;) {
                size_t w = strcspn(p, " ");
                o += sprintf(o, "V:%.*s ", (int)w, p);
                p += w + (p[w] == ' ');
            }
            strcpy(o, "V:5");
            bad += strcmp(tokens(line), want) != 0;
        }
    }
    CHECK_INT(bad, 0);
}

int
main(void)
{
    if (tabulate_init())
        return 1;
    test_tables();
    test_progress();
    test_marker_forms();
    test_budget();
    test_text_cells();
    test_plain_counts();
    test_value_memo();
    tb_doc_free(&D);
    return check_done("test_tabulate_tables");
}
