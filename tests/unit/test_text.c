/* test_text.c - UTF-8 checks, decoding, control characters. */
#include <string.h>

#include "check.h"
#include "text.h"

static const char *
dec(const char *s, size_t n, const char *hint, const char **enc, int *code)
{
    static nb_buf b;
    nb_error err = {0};

    *code = 0;
    *enc = "";
    if (nb_decode(s, n, hint, &b, enc, &err) < 0) {
        *code = err.code;
        return NULL;
    }
    nb_buf_addc(&b, '\0');
    return b.p;
}

static void
test_utf8(void)
{
    CHECK(nb_utf8_valid("abc", 3));
    CHECK(nb_utf8_valid("结果维持", strlen("结果维持")));
    CHECK(!nb_utf8_valid("\xC0\x80", 2));         /* overlong NUL */
    CHECK(!nb_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    CHECK(!nb_utf8_valid("\xE7\xBB", 2));         /* truncated */
    CHECK(!nb_utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
    CHECK_INT(nb_utf8_check("ab\xFF", 3), 2);
    {
        char *e = nb_utf8_escape("a\xFFz", 3);
        CHECK_STR(e, "a\\xFFz");
        free(e);
    }
}

static void
test_decode(void)
{
    const char *enc;
    int code;
    /* 结果 in GB18030 */
    const char gb[] = "\xBD\xE1\xB9\xFB 12";
    const char u16le[] = "\xFF\xFE\xD3\x7E\x9C\x67";
    const char u16be[] = "\xFE\xFF\x7E\xD3\x67\x9C";

    CHECK_STR(dec("plain", 5, NULL, &enc, &code), "plain");
    CHECK_STR(enc, "utf-8");
    CHECK_STR(dec("\xEF\xBB\xBF"
                  "abc",
                  6, NULL, &enc, &code),
              "abc");
    CHECK_STR(dec(gb, sizeof gb - 1, NULL, &enc, &code), "结果 12");
    CHECK_STR(enc, "gb18030");
    CHECK_STR(dec(gb, sizeof gb - 1, "gb2312", &enc, &code), "结果 12");
    CHECK_STR(dec(u16le, sizeof u16le - 1, NULL, &enc, &code), "结果");
    CHECK_STR(enc, "utf-16le");
    CHECK_STR(dec(u16be, sizeof u16be - 1, NULL, &enc, &code), "结果");
    CHECK_STR(enc, "utf-16be");
    /* a lone lead byte at the end decodes as nothing */
    CHECK(dec("abc\x81", 4, NULL, &enc, &code) == NULL);
    CHECK_INT(code, NB_E_DECODE);
    /* odd UTF-16 */
    CHECK(dec("\xFF\xFE\x41", 3, NULL, &enc, &code) == NULL);
    CHECK_INT(code, NB_E_DECODE);
    /* a bad byte after a UTF-8 BOM */
    CHECK(dec("\xEF\xBB\xBF\xFF", 4, NULL, &enc, &code) == NULL);
    /* a declared single-byte charset */
    CHECK_STR(dec("caf\xE9", 4, "iso-8859-1", &enc, &code), "café");
    CHECK_STR(enc, "iso-8859-1");
    /* an unknown declared charset on invalid bytes */
    CHECK(dec("caf\xE9", 4, "no-such-charset", &enc, &code) == NULL);
    /* an unknown declared charset on GB18030 bytes: GB18030 (issue 15) */
    CHECK_STR(dec(gb, sizeof gb - 1, "x-user-defined-zz", &enc, &code), "结果 12");
    CHECK_STR(enc, "gb18030");
}

static void
test_controls(void)
{
    char s[] = "a\r\nb\rc\0d\x01\x1e\te\x7f\n";
    long removed = 0;
    size_t n = nb_clean_controls(s, sizeof s - 1, &removed);

    CHECK_INT(n, 10);
    CHECK(!memcmp(s, "a\nb\ncd\te\x7f\n", n));
    CHECK_INT(removed, 3);
}

/* Diagnostics escape what a terminal would obey (issue 15). */
static void
test_term_text(void)
{
    char b[64];

    CHECK_STR(nb_term_text("r.txt", b, sizeof b), "r.txt");
    CHECK_STR(nb_term_text("\x1b[2J", b, sizeof b), "\\x1b[2J");
    CHECK_STR(nb_term_text("a\nextract: b", b, sizeof b), "a\\x0aextract: b");
    CHECK_STR(nb_term_text("\xc2\x9b"
                           "1m\x7f",
                           b, sizeof b),
              "\\u009b1m\\x7f");
    CHECK_STR(nb_term_text("\xff\xc2中", b, sizeof b), "\\xff\\xc2中");
    CHECK_STR(nb_term_text("\xc2\xa0", b, sizeof b), "\xc2\xa0"); /* NBSP is text */
    CHECK_STR(nb_term_text("0123456789abcdef", b, 12), "01234567...");
    CHECK_STR(nb_term_text("\x01\x02\x03", b, 10), "\\x01...");
}

int
main(void)
{
    test_utf8();
    test_decode();
    test_controls();
    test_term_text();
    return check_done("test_text");
}
