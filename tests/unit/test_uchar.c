/* test_uchar.c - the one UTF-8 decoder and the character classes, and
 * that normalize's fold and the cell grammar agree on them. */
#include <string.h>

#include "cell.h"
#include "check.h"
#include "fold.h"
#include "schema.h"
#include "uchar.h"

/* The dash set of SCHEMA 7.1 and its NFKC and glyph relatives. */
static const char *const dashes[] = {"-", "—", "–", "―",  "−",  "‐",  "‑",  "－",
                                     "‒", "⸺", "⸻", "﹘", "﹣", "︱", "︲", NULL};
/* Look-alikes that are not dashes: katakana prolonged mark, tilde, box
 * drawing, 一 (one), low line. */
static const char *const not_dashes[] = {"ー", "~", "─", "一", "_", "～", NULL};

static int32_t
cp_of(const char *s, size_t *len)
{
    return nb_utf8_next(s, strlen(s), len);
}

static int
state_of(const char *s)
{
    nb_cell c;
    nb_cell_parse(s, strlen(s), NB_KIND_COUNT, &c);
    return c.state;
}

/* normalize's character fold of s, NUL-terminated in a static buffer. */
static const char *
fold(const char *s)
{
    static char res[256];
    nb_buf out = {0};
    nb_fold_counts cnt;
    nb_error err = {0};

    memset(&cnt, 0, sizeof cnt);
    res[0] = '\0';
    if (nb_fold_chars(s, strlen(s), &out, &cnt, &err) == 0 && out.n < sizeof res) {
        memcpy(res, out.p, out.n);
        res[out.n] = '\0';
    }
    nb_buf_fini(&out);
    return res;
}

static void
test_decode(void)
{
    int32_t cp = 0;
    size_t len = 0;

    CHECK_INT(nb_utf8_decode("A", 1, &cp), 1);
    CHECK_INT(nb_utf8_decode("\xC2\xA0", 2, &cp), 2);
    CHECK_INT(cp, 0xA0);
    CHECK_INT(nb_utf8_decode("表", 3, &cp), 3);
    CHECK_INT(cp, 0x8868);
    CHECK_INT(nb_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x20000);
    /* bad: stray continuation, overlong, surrogate, truncated, too high, C0/C1, F5 */
    CHECK_INT(nb_utf8_decode("\x80", 1, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xE0\x80\xAF", 3, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xE8\xA1", 2, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xC0\xAF", 2, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xF5\x80\x80\x80", 4, &cp), 0);
    CHECK_INT(nb_utf8_decode("\xE8\x41\x41", 3, &cp), 0);
    /* next: a bad byte is itself, one byte long */
    CHECK_INT(nb_utf8_next("\xFF"
                           "a",
                           2, &len),
              0xFF);
    CHECK_INT(len, 1);
    CHECK_INT(nb_utf8_next("\xED\xA0\x80", 3, &len), 0xED);
    CHECK_INT(len, 1);
    CHECK_INT(nb_utf8_next("\xF0\x9F\x98\x80", 4, &len), 0x1F600);
    CHECK_INT(len, 4);
    CHECK_INT(nb_utf8_last("a表", 4), 0x8868);
    CHECK_INT(nb_utf8_last("表a", 4), 'a');
    CHECK_INT(nb_utf8_check("ok\xE8\xA1", 4), 2);
    /* the encoder: round trips, and U+FFFD for what is no character */
    {
        static const int32_t cps[] = {0x41, 0xA0, 0x7FF, 0x800, 0x8868, 0xFFFF, 0x10000, 0x10FFFF};
        char u[4];
        for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
            size_t n = nb_utf8_encode(cps[i], u);
            CHECK(nb_utf8_decode(u, n, &cp) == n && cp == cps[i]);
        }
        CHECK_INT(nb_utf8_encode(0xD800, u), 3);
        CHECK(!memcmp(u, "\xEF\xBF\xBD", 3));
        CHECK_INT(nb_utf8_encode(0x110000, u), 3);
        CHECK_INT(nb_utf8_encode(-1, u), 3);
    }
    CHECK_INT(nb_utf8_check("ok表", 5), 5);
}

static void
test_classes(void)
{
    size_t len;

    for (int i = 0; dashes[i]; i++) {
        CHECK(nb_uc_is_dash(cp_of(dashes[i], &len)));
        CHECK_INT(len, strlen(dashes[i]));
        /* the same set in the cell grammar and in normalize */
        CHECK_INT(state_of(dashes[i]), NB_ST_DASH);
        CHECK_STR(fold(dashes[i]), "-");
    }
    for (int i = 0; not_dashes[i]; i++) {
        CHECK(!nb_uc_is_dash(cp_of(not_dashes[i], &len)));
        CHECK(state_of(not_dashes[i]) != NB_ST_DASH);
        CHECK(strcmp(fold(not_dashes[i]), "-") != 0);
    }
    CHECK_INT(state_of("——"), NB_ST_DASH);
    CHECK_INT(state_of("⸺⸺"), NB_ST_DASH);
    CHECK_INT(state_of("－3"), NB_ST_NUM);
    CHECK_INT(nb_uc_class(0x3000), NB_UC_SPACE);
    CHECK_INT(nb_uc_class(0x00A0), NB_UC_SPACE);
    CHECK_INT(nb_uc_class(0x2009), NB_UC_SPACE);
    CHECK_INT(nb_uc_class(0x200B), NB_UC_INVISIBLE);
    CHECK_INT(nb_uc_class(0xFEFF), NB_UC_INVISIBLE);
    CHECK_INT(nb_uc_class(0x8868), 0);
    CHECK_INT(nb_uc_class('a'), 0);
    CHECK_INT(nb_uc_class(-1), 0);
    /* blanks and invisible characters: blank in a cell, folded by normalize */
    CHECK_INT(state_of("\xC2\xA0\xE3\x80\x80"), NB_ST_BLANK);
    CHECK_INT(state_of("\xE2\x80\x8B"), NB_ST_BLANK);
    CHECK_INT(state_of("\xE2\x80\x89"), NB_ST_BLANK);
    CHECK_STR(fold("a\xE2\x80\x89"
                   "b"),
              "a b");
    CHECK_STR(fold("a\xE2\x80\x8B"
                   "b"),
              "ab");
    CHECK_INT(nb_uc_narrow(0xFF15), '5');
    CHECK_INT(nb_uc_narrow(0x3000), ' ');
    CHECK_INT(nb_uc_narrow(0xFF5F), 0xFF5F);
}

int
main(void)
{
    test_decode();
    test_classes();
    return check_done("test_uchar");
}
