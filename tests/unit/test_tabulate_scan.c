/* test_tabulate_scan.c - the lines that may hold a region's marker, found in
 * the raw text (scan.c), and tabulate's reading of only those and the
 * regions' lines (tb_recognize_lines) against the whole document's. */
#include "scan.h"
#include "simd.h"
#include "tabulate-test.h"

/* The needles of the scan's own tests: a probe with a Traditional form (议
 * 議), one alone (要), one with compatibility forms (十: ⼗ 〸 ㈩ ㊉). */
static const char *const needles[] = {"行政复议", "主要问题", "第二十条第一项"};
static const char *const probes[] = {"议", "要", "十"};

/* The mark_bits of line l (0-based) of body[0..n) after the scan. */
static unsigned
bits_n(const char *text, size_t n, int l)
{
    tb_doc_reset(&D);
    if (nb_buf_add(&D.body, text, n) < 0 || tb_lines(&D) < 0)
        exit(2);
    tb_scan_lines(&D);
    return l < D.nlines ? D.lines[l].mark_bits : 0xDEAD;
}

static unsigned
bits(const char *text, int l)
{
    return bits_n(text, strlen(text), l);
}

/* The needle as written, and in prose. */
static void
test_plain(void)
{
    CHECK_INT(bits("行政复议\n", 0), 1);
    CHECK_INT(bits("本机关今年的行政复议案件为零\n", 0), 1);
    CHECK_INT(bits("主要问题\n", 0), 2);
    CHECK_INT(bits("第二十条第一项\n", 0), 4);
    CHECK_INT(bits("存在的主要问题及行政复议情况\n", 0), 3);
    /* the probe without the rest, or the rest in another order */
    CHECK_INT(bits("复议\n", 0), 0);
    CHECK_INT(bits("行政审议\n", 0), 0);
    CHECK_INT(bits("复议行政\n", 0), 0);
    CHECK_INT(bits("重要问题\n", 0), 0);
    CHECK_INT(bits("第二十一条第一项\n", 0), 0);
    CHECK_INT(bits("没有行政许可\n", 0), 0);
}

/* What the key drops or maps between the needle's characters. */
static void
test_forms(void)
{
    CHECK_INT(bits("行 政 复 议\n", 0), 1);          /* spaces */
    CHECK_INT(bits("行政\xE3\x80\x80复议\n", 0), 1); /* U+3000 */
    CHECK_INT(bits("行政“复议”\n", 0), 1);           /* quotes */
    CHECK_INT(bits("行政（复议）\n", 0), 1);         /* brackets */
    CHECK_INT(bits("行政複議\n", 0), 1);             /* Traditional forms */
    CHECK_INT(bits("⾏政复议\n", 0), 1);             /* a Kangxi radical: NFKC */
    CHECK_INT(bits("第二〸条第一项\n", 0), 4);       /* the probe's compatibility form */
    CHECK_INT(bits("行政①复议\n", 0), 1);            /* NFKC may drop anything: maybe */
    CHECK_INT(bits("主要\xE2\x80\x8D问题\n", 0), 2); /* a joiner (not plain): maybe */
    /* what stays in the key breaks the needle */
    CHECK_INT(bits("行政、复议\n", 0), 0);
    CHECK_INT(bits("行政ａ复议\n", 0), 0);
    CHECK_INT(bits("行政2复议\n", 0), 0);
    /* a token never spans a TAB or a line */
    CHECK_INT(bits("行政\t复议\n", 0), 0);
    CHECK_INT(bits("行政\n复议\n", 0), 0);
    CHECK_INT(bits("行政\n复议\n", 1), 0);
}

/* Where the needle sits: the ends of the body, every lane of the
 * sixteen-byte steps, a huge line, no newline at the end. */
static void
test_edges(void)
{
    static char big[300000];
    char buf[256];
    size_t n;

    CHECK_INT(bits("行政复议", 0), 1); /* the whole body, no newline */
    CHECK_INT(bits("序\n\n行政复议", 2), 1);
    CHECK_INT(bits("序\n\n行政复议", 0), 0);
    CHECK_INT(bits("议", 0), 0);
    CHECK_INT(bits("复议", 0), 0);
    CHECK_INT(bits_n("行政复议", 11, 0), 0); /* its last byte cut off */
    for (int pad = 0; pad < 72; pad++) {
        n = (size_t)snprintf(buf, sizeof buf, "%*s行政复议%*s\n", pad, "", 72 - pad, "");
        CHECK_INT(bits_n(buf, n, 0), 1);
        n = (size_t)snprintf(buf, sizeof buf, "%*s行政复议", pad, "");
        CHECK_INT(bits_n(buf, n, 0), 1);
        n = (size_t)snprintf(buf, sizeof buf, "%*s\n行政复议\n", pad, "");
        CHECK_INT(bits_n(buf, n, 0), 0);
        CHECK_INT(bits_n(buf, n, 1), 1);
    }
    /* a line of 100,000 characters, the needle at its end, then another */
    n = 0;
    while (n + 3 < 300000 - 32) {
        memcpy(big + n, "议", 3);
        n += 3;
    }
    memcpy(big + n, "行政复议\n无\n", strlen("行政复议\n无\n"));
    n += strlen("行政复议\n无\n");
    CHECK_INT(bits_n(big, n, 0), 1);
    CHECK_INT(bits_n(big, n, 1), 0);
    /* and without it */
    memcpy(big + n - strlen("行政复议\n无\n"), "行政复核\n无\n", strlen("行政复核\n无\n"));
    CHECK_INT(bits_n(big, n, 0), 0);
}

/* The ways of stepping over the body (a byte at a time, and the blocks of
 * each level of nb_simd_ceiling: portable, SSE2, AVX2 where the CPU has
 * it) mark the same lines, on random bodies made of the patterns' bytes,
 * spaces, continuation bytes, TABs and newlines, of every length around
 * the steps' ends. */
static void
test_steps(void)
{
    static const char *const pieces[] = {"议",   "議",   "要",   "十",       "〸", "行政",
                                         "复",   "主要", "问题", " ",        "\t", "\n",
                                         "\xAE", "\xE8", "第二", "条第一项", "a",  "0"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    unsigned seed = 12345, differ = 0;
    char buf[400];

    for (int round = 0; round < 4000; round++) {
        size_t n = 0, want = (size_t)(round % 130);
        unsigned ref[200];
        int nl;

        while (n < want) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % np];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        tb_doc_reset(&D);
        if (nb_buf_add(&D.body, buf, n) < 0 || tb_lines(&D) < 0 || D.nlines > 200)
            exit(2);
        nl = D.nlines;
        tb_scan_lines_bytes(&D);
        for (int l = 0; l < nl; l++)
            ref[l] = D.lines[l].mark_bits;
        for (int level = NB_SIMD_PORTABLE; level <= NB_SIMD_AVX2; level++) {
            nb_simd_ceiling = level;
            tb_scan_lines(&D);
            for (int l = 0; l < nl; l++)
                differ += D.lines[l].mark_bits != ref[l];
        }
        nb_simd_ceiling = NB_SIMD_AVX2;
    }
    CHECK_INT(differ, 0);
}

/* A token that is not UTF-8 is keyed as its bytes less spaces, which may
 * join what a space splits. */
static void
test_bad_bytes(void)
{
    CHECK_INT(bits("行政复\xE8 \xAE\xAE\n", 0), 1); /* 议 split by a space */
    CHECK_INT(bits("行政复\xE8\xAE \xAE\n", 0), 1);
    CHECK_INT(bits("行政复\xE8  \xAE  \xAE\n", 0), 1);
    CHECK_INT(bits("行政\xE5\xA4 \x8D议\n", 0), 1); /* 复 split: the walk meets its bytes */
    CHECK_INT(bits("行政复议\xFF\n", 0), 1);
    CHECK_INT(bits("\xFF行政复议\n", 0), 1);
    CHECK_INT(bits("\xAE\xAE\n", 0), 0); /* a probe's tail, nothing before it */
    CHECK_INT(bits("\xFF\xFE 重要\n", 0), 0);
}

/* A needle set the scan cannot use: every line may hold every needle. */
static void
test_init(void)
{
    static const char *const bad_probe[] = {"要"}, *const ascii[] = {"ab"}, *const a[] = {"a"};
    static const char *const many[TB_SCAN_MAX + 1] = {0};

    CHECK_INT(tb_scan_init(needles, bad_probe, 1), -1);
    CHECK_INT(bits("没有\n", 0), ~0u);
    CHECK_INT(tb_scan_init(ascii, a, 1), -1);
    CHECK_INT(tb_scan_init(many, many, TB_SCAN_MAX + 1), -1);
    CHECK_INT(tb_scan_init(needles, probes, 0), -1);
    CHECK_INT(tb_scan_init(needles, probes, 3), 0);
    CHECK_INT(bits("没有\n", 0), 0);
}

/* tabulate.c appends each line read with tb_add_line: the body and the
 * lines must be those tb_lines finds in the body joined with newlines
 * (empty lines, a lone '\r', TABs), with the same budgets. */
static void
test_add_line(void)
{
    static const char *const pieces[] = {"", "\r", "\t", "a", "行政复议", " ", "\xE8", "12"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    static tb_doc A;
    unsigned seed = 777;
    int differ = 0;

    for (int round = 0; round < 2000; round++) {
        char line[64];
        int nlines = round % 40;

        tb_doc_reset(&D);
        tb_doc_reset(&A);
        for (int l = 0; l < nlines; l++) {
            size_t n = 0;
            for (int k = 0; k < l % 7; k++) {
                const char *p;
                seed = seed * 1103515245u + 12345u;
                p = pieces[(seed >> 16) % np];
                memcpy(line + n, p, strlen(p));
                n += strlen(p);
            }
            if (tb_add_line(&A, line, n) < 0 || nb_buf_add(&D.body, line, n) < 0 ||
                nb_buf_addc(&D.body, '\n') < 0)
                exit(2);
        }
        if (tb_lines(&D) < 0 || tb_lines(&A) < 0)
            exit(2);
        differ += A.body.n != D.body.n || memcmp(A.body.p, D.body.p, D.body.n + 1) ||
                  A.nlines != D.nlines || A.split_budget != D.split_budget ||
                  A.work_budget != D.work_budget;
        for (int l = 0; l < D.nlines && l < A.nlines; l++)
            differ += A.lines[l].off != D.lines[l].off || A.lines[l].len != D.lines[l].len ||
                      A.lines[l].mark_bits != D.lines[l].mark_bits;
    }
    CHECK_INT(differ, 0);
    tb_doc_free(&A);
}

/* ---- tb_recognize_lines against the whole document's tokens ---- */

static tb_doc E;

static int
same(const char *text)
{
    return both_ways(&D, &E, text, strlen(text));
}

static void
test_same(void)
{
    static char doc[1 << 16];
    const char *t3 = T3HEAD "一、本年新收政府信息公开申请数量\t" ZEROS "\n";
    const char *prose = "一、总体情况\n本机关依法办理行政复议，改进情况良好，主要问题在于"
                        "主动公开政府信息情况需要报告。\n";
    const char *bodies[] = {
        "",
        "\n",
        "没有表格\n",
        "行政复议", /* a marker at the body's end, no newline */
        T4HEAD T4ZEROS "\n",
        T4HEAD T4ZEROS,                                            /* no newline at the end */
        "四、政府信息公开行政\n复议、行政诉讼情况\n" T4ZEROS "\n", /* a title split over lines */
        "| 行政复议 | | | | | 行政诉讼 |\n| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | "
        "0 | 0 |\n",
        "行政复\xE8 \xAE\xAE\t\t\t\t\t行政诉讼\n" T4ZEROS "\n", /* keyed as bytes */
        "行政複議\t\t\t\t\t行政诉讼\n" T4ZEROS "\n",
        "⾏政复议\t\t\t\t\t行政诉讼\n" T4ZEROS "\n",
        "五、存在的主要问题及改进情况\n" T4HEAD T4ZEROS "\n", /* 五 before 四 */
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t"
        "现行有效件数\n规章\t3\t8\t2\n",
    };

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        int ok = same(bodies[i]);
        if (!ok)
            fprintf(stderr, "not the same: body %zu\n", i);
        CHECK(ok);
    }
    /* prose around the tables, with the markers in it */
    snprintf(doc, sizeof doc, "%s%s%s%s\n%s%s\n%s%s", TITLE, prose, prose, t3, T4HEAD, T4ZEROS,
             SEC5, prose);
    CHECK(same(doc));
    CHECK(D.status[1] != NB_TS_ABSENT);
    /* a bare row of 15 ends t3 and is t4 */
    snprintf(doc, sizeof doc, "%s%s%s" T4ZEROS "\n%s%s", TITLE, prose, t3, prose, prose);
    CHECK(same(doc));
    CHECK(D.status[2] != NB_TS_ABSENT);
    /* no section 五: t4 runs to the end, its rule row last */
    snprintf(doc, sizeof doc,
             "%s%s%s%s\n%s|---|---|---|---|---|---|---|---|---|---|---|---|---|"
             "---|---|\n",
             TITLE, prose, t3, prose, T4HEAD);
    CHECK(same(doc));
}

int
main(void)
{
    if (tb_scan_init(needles, probes, 3) < 0)
        return 1;
    test_plain();
    test_forms();
    test_edges();
    test_steps();
    test_bad_bytes();
    test_init();
    test_add_line();
    if (tabulate_init())
        return 1;
    test_same();
    tb_doc_free(&D);
    tb_doc_free(&E);
    return check_done("test_tabulate_scan");
}
