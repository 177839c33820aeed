/* test_cell.c - cell states, the number grammar, label keys. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "cell.h"
#include "check.h"
#include "schema.h"

static nb_cell
parse(const char *s, int kind)
{
    nb_cell c;
    nb_cell_parse(s, strlen(s), kind, &c);
    return c;
}

static const char *
key(const char *s)
{
    static char out[256];
    nb_label_key(s, strlen(s), out, sizeof out);
    return out;
}

static const char *
fmt(int64_t m)
{
    static char buf[32];
    return nb_micro_format(m, buf);
}

/* Every character whose label key holds c is one of nb_label_key_sources(c):
 * the recognizer skips keying prose on that promise.  Checked over every
 * code point, for ideographs with Traditional forms and compatibility ones. */
static void
test_key_sources(void)
{
    static const int32_t cs[] = {0x4E00 /* 一 */, 0x5341 /* 十 */, 0x590D /* 复 */,
                                 0x8BAE /* 议 */, 0x884C /* 行 */, 0x4E3A /* 为 */};
    int32_t src[sizeof cs / sizeof cs[0]][64];
    int n[sizeof cs / sizeof cs[0]], missed = 0;

    for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++) {
        n[k] = nb_label_key_sources(cs[k], src[k], 64);
        CHECK(n[k] >= 1 && src[k][0] == cs[k]);
    }
    CHECK(n[2] >= 3); /* 复: 複 復 */
    CHECK(nb_label_key_sources('a', src[0], 64) < 0);
    for (int32_t u = 0x80; u <= 0x10FFFF; u++) {
        char text[8], out[64];
        size_t len;

        if (u >= 0xD800 && u <= 0xDFFF)
            continue;
        len = (size_t)utf8proc_encode_char(u, (utf8proc_uint8_t *)text);
        nb_label_key(text, len, out, sizeof out);
        for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++) {
            char c8[4];
            int in = 0;
            c8[utf8proc_encode_char(cs[k], (utf8proc_uint8_t *)c8)] = '\0';
            if (!strstr(out, c8))
                continue;
            for (int j = 0; j < n[k]; j++)
                in |= src[k][j] == u;
            if (!in && missed++ < 5)
                fprintf(stderr, "test_cell: U+%04X keys to U+%04X but is not a source\n",
                        (unsigned)u, (unsigned)cs[k]);
        }
    }
    CHECK_INT(missed, 0);
    for (int32_t u = NB_LAST_DECOMPOSED + 1; u <= 0x10FFFF; u++)
        if (utf8proc_get_property(u)->decomp_seqindex != UINT16_MAX && missed++ < 5)
            fprintf(stderr, "test_cell: U+%04X has a decomposition\n", (unsigned)u);
    CHECK_INT(missed, 0);
}

/* The states of SCHEMA 7.1. */
static void
test_states(void)
{
    CHECK_INT(parse("", NB_KIND_COUNT).state, NB_ST_BLANK);
    CHECK_INT(parse(" \xC2\xA0\xE3\x80\x80", NB_KIND_COUNT).state, NB_ST_BLANK);
    CHECK_INT(parse("&nbsp;", NB_KIND_COUNT).state, NB_ST_BLANK);
    CHECK_INT(parse("/", NB_KIND_COUNT).state, NB_ST_SLASH);
    CHECK_INT(parse("／", NB_KIND_COUNT).state, NB_ST_SLASH);
    CHECK_INT(parse("不适用", NB_KIND_COUNT).state, NB_ST_SLASH);
    CHECK_INT(parse("N/A", NB_KIND_COUNT).state, NB_ST_SLASH);
    CHECK_INT(parse("——", NB_KIND_COUNT).state, NB_ST_DASH);
    CHECK_INT(parse("---", NB_KIND_COUNT).state, NB_ST_DASH);
    CHECK_INT(parse("－", NB_KIND_COUNT).state, NB_ST_DASH);
    CHECK_INT(parse("无", NB_KIND_COUNT).state, NB_ST_NONE);
    CHECK_INT(parse("暂无", NB_KIND_COUNT).state, NB_ST_NONE);
    CHECK_INT(parse("详见附件", NB_KIND_COUNT).state, NB_ST_TEXT);
    CHECK_INT(parse("O", NB_KIND_COUNT).state, NB_ST_TEXT);
    CHECK_INT(parse("1 0", NB_KIND_COUNT).state, NB_ST_AMBIGUOUS);
}

/* Numbers and amounts (SCHEMA 7.3, 7.4). */
static void
test_numbers(void)
{
    nb_cell c;

    c = parse("0", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 0);
    c = parse("１２", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 12 * NB_MICRO);
    c = parse("1,234", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 1234 * NB_MICRO);
    CHECK_INT(parse("12,34", NB_KIND_COUNT).state, NB_ST_TEXT);
    c = parse("5件", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 5 * NB_MICRO);
    c = parse("〇", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 0 && (c.flags & NB_FL_CJK_ZERO));
    c = parse("-3", NB_KIND_SIGNED);
    CHECK(c.state == NB_ST_NUM && c.micro == -3 * NB_MICRO);
    c = parse("减少2", NB_KIND_SIGNED);
    CHECK(c.state == NB_ST_NUM && c.micro == -2 * NB_MICRO);
    c = parse("+1036", NB_KIND_SIGNED);
    CHECK(c.state == NB_ST_NUM && c.micro == 1036 * NB_MICRO);
    c = parse("2.5", NB_KIND_COUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 2500000);
    /* amounts */
    c = parse("251000元", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 25100000 && (c.flags & NB_FL_UNIT_CONVERTED));
    c = parse("96171.6", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 96171600000LL && c.unit == NB_UNIT_NONE);
    c = parse("24252.311082", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_NUM && c.micro == 24252311082LL);
    c = parse("1.2345678", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_AMBIGUOUS && (c.flags & NB_FL_PRECISION));
    c = parse("3.456元", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_AMBIGUOUS);
    c = parse("12万元", NB_KIND_AMOUNT);
    CHECK(c.state == NB_ST_NUM && c.unit == NB_UNIT_WAN && c.micro == 12 * NB_MICRO);
    CHECK_INT(parse("1234567890123", NB_KIND_COUNT).state, NB_ST_AMBIGUOUS);
}

/* Value tokens, formatting, label keys. */
static void
test_tokens_keys(void)
{
    /* value tokens */
    CHECK(nb_is_value_token("0", 1));
    CHECK(nb_is_value_token("/", 1));
    CHECK(nb_is_value_token("1 0", 3));
    CHECK(nb_is_value_token("251000元", strlen("251000元")));
    CHECK(!nb_is_value_token("规章", strlen("规章")));
    CHECK(nb_is_value_token("新增5", strlen("新增5")));
    CHECK(nb_is_value_token("减少2", strlen("减少2")));
    CHECK(!nb_is_value_token("新收", strlen("新收")));
    CHECK(!nb_is_value_token("", 0));
    /* formatting */
    CHECK_STR(fmt(25100000), "25.1");
    CHECK_STR(fmt(-3 * NB_MICRO), "-3");
    CHECK_STR(fmt(0), "0");
    CHECK_STR(fmt(1), "0.000001");
    CHECK_STR(fmt(-1500000), "-1.5");
    CHECK_STR(fmt(10 * NB_MICRO + 100000), "10.1");
    CHECK_STR(fmt(-1), "-0.000001");
    CHECK_STR(fmt(INT64_MAX), "9223372036854.775807");
    CHECK_STR(fmt(INT64_MIN), "-9223372036854.775808");
    /* label keys */
    CHECK_STR(key("结 果 维 持"), "结果维持");
    CHECK_STR(key("三、 本年 度办 理结 果"), "三、本年度办理结果");
    CHECK_STR(key("（二）部分公开（区分处理的，只计这一情形）"),
              "二部分公开区分处理的,只计这一情形");
    CHECK_STR(key("3.危及“三安全一稳定”"), "3.危及三安全一稳定");
    CHECK_STR(key("## 二、主动公开政府信息情况："), "二、主动公开政府信息情况");
    CHECK_STR(key("結果維持"), "结果维持");
    CHECK_STR(key("第二十条 第(一)项"), "第二十条第一项");
    CHECK_STR(key("| 规章 |"), "规章");
}

int
main(void)
{
    test_states();
    test_numbers();
    test_tokens_keys();
    test_key_sources();
    return check_done("test_cell");
}
