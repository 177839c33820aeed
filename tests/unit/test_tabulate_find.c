/* test_tabulate_find.c - tb_memmem (find.h) finds what memmem finds;
 * tb_hash (hash.h) reads its text and nothing else. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "find.h"
#include "hash.h"

/* tb_memmem and memmem agree on needle in hay (lengths given). */
static int
agree(const char *hay, size_t n, const char *needle, size_t m)
{
    return tb_memmem(hay, n, needle, m) == (const char *)memmem(hay, n, needle, m);
}

static void
test_cases(void)
{
    static const char *const hay = "本年新收政府信息公开申请数量本年新收";
    size_t n = strlen(hay);

    CHECK(tb_memmem(hay, n, "本年新收", strlen("本年新收")) == hay);
    CHECK(tb_memmem(hay, n, "数量", strlen("数量")) == hay + n - 18);
    CHECK(tb_memmem(hay, n, "行政复议", strlen("行政复议")) == NULL);
    CHECK(tb_memmem(hay, n, "", 0) == hay);             /* an empty needle: the start */
    CHECK(tb_memmem(hay, 0, "本", 3) == NULL);          /* an empty text */
    CHECK(tb_memmem(hay, 2, "本", 3) == NULL);          /* a needle longer than the text */
    CHECK(tb_memmem(hay, 3, "本", 3) == hay);           /* the whole text */
    CHECK(tb_memmem(hay, n - 1, "新收", 6) == hay + 6); /* the last one cut short */
    CHECK(tb_memmem(hay + 3, n - 3, "本年", 6) == hay + 14 * 3);
    /* the needle's last byte everywhere, its first nowhere */
    CHECK(tb_memmem("bbbbbbbb", 8, "ab", 2) == NULL);
    CHECK(tb_memmem("bbbbbbab", 8, "ab", 2) != NULL);
    /* overlapping candidates: aab in aaab, abab in ababab */
    CHECK(agree("aaab", 4, "aab", 3));
    CHECK(agree("ababab", 6, "abab", 4));
    CHECK(agree("xabcabd", 7, "abd", 3));
    /* bytes that are not UTF-8, NUL inside the text and the needle */
    CHECK(agree("\xff\xfe\x00\x80\x00\x80", 6, "\x00\x80", 2));
    CHECK(agree("\xe6\x9c\xac\xe6\x9c", 5, "\xe6\x9c\xac\xe6\x9c\xac", 6));
    /* a one-byte needle */
    CHECK(agree("abc", 3, "c", 1));
    CHECK(agree("abc", 3, "d", 1));
}

/* Random texts over a small alphabet (many partial matches) against
 * memmem, every needle length from 0 to 9, at every start. */
static void
test_random(void)
{
    unsigned seed = 12345;
    char hay[200], needle[10];
    int bad = 0;

    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 200), m = (size_t)(round % 10);
        for (size_t i = 0; i < n; i++)
            hay[i] = "ab\xe6\x9c"[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
        for (size_t i = 0; i < m; i++)
            needle[i] = "ab\xe6\x9c"[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
        if (m && n > m && round % 3 == 0) /* a needle that occurs */
            memcpy(needle, hay + (seed >> 16) % (n - m), m);
        bad += !agree(hay, n, needle, m);
    }
    CHECK_INT(bad, 0);
}

/* tb_hash of s[0..n): the bytes after n change nothing, each byte before
 * it does, and the memos' distinct texts rarely share a slot. */
static void
test_hash(void)
{
    char a[40], b[40];
    int beyond = 0, within = 0, same = 0;
    static unsigned char seen[4096];

    for (size_t n = 0; n <= 24; n++) {
        memset(a, 'x', sizeof a);
        memset(b, 'y', sizeof b);
        memcpy(b, a, n);
        beyond += tb_hash(a, n) != tb_hash(b, n);
        for (size_t i = 0; i < n; i++) {
            memcpy(b, a, n);
            b[i] ^= 1;
            within += tb_hash(a, n) == tb_hash(b, n);
        }
    }
    CHECK_INT(beyond, 0);
    CHECK_INT(within, 0);
    CHECK(tb_hash("", 0) == tb_hash("z", 0));
    /* 2000 labels "第N项" into 4096 slots: about 400 share one by chance */
    for (int i = 0; i < 2000; i++) {
        char t[32];
        int n = snprintf(t, sizeof t, "第%d项", i);
        uint32_t h = tb_hash(t, (size_t)n) % 4096;
        same += seen[h];
        seen[h] = 1;
    }
    CHECK(same < 600);
}

int
main(void)
{
    test_cases();
    test_random();
    test_hash();
    return check_done("test_tabulate_find");
}
