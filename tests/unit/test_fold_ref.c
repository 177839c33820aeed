/*
 * test_fold_ref.c - normalize's character fold (nb_fold_chars, with its
 * table of kinds over the BMP and its vector step over plain text) against
 * the fold without them (nb_fold_slow): the same bytes and the same counts
 * for every code point of the BMP and the first astral planes in a dozen
 * contexts, for random text over the characters each path tells apart,
 * and for every line of the seed reports; and the whole line fold
 * (nb_fold_line: characters, then separators and cells) on
 * random lines of what the cell folds look at and on the seeds.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fold.h"
#include "uchar.h"

/* The fold without its shortcuts (fold.h, nb_fold_slow): what the fold
 * was before them, a character and a cell at a time. */
static int
ref_fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    int rc;

    nb_fold_slow = 1;
    rc = nb_fold_chars(s, n, out, c, err);
    nb_fold_slow = 0;
    return rc;
}

static int
ref_fold_line(const char *s, size_t n, nb_buf *out, nb_buf *scratch, nb_fold_counts *c,
              nb_error *err)
{
    int rc;

    nb_fold_slow = 1;
    rc = nb_fold_line(s, n, out, scratch, c, err);
    nb_fold_slow = 0;
    return rc;
}

static long mismatches;

/* Fold s[0..n) both ways and compare bytes and counts. */
static void
same(const char *s, size_t n)
{
    static nb_buf a, b;
    nb_fold_counts ca = {0}, cb = {0};
    nb_error err = {0};
    int ra, rb;

    a.n = b.n = 0;
    ra = ref_fold_chars(s, n, &a, &ca, &err);
    rb = nb_fold_chars(s, n, &b, &cb, &err);
    if (ra != rb || a.n != b.n || (a.n && memcmp(a.p, b.p, a.n)) || memcmp(&ca, &cb, sizeof ca)) {
        if (mismatches++ < 5)
            fprintf(stderr,
                    "fold of '%.*s' (%zu bytes): '%.*s' (nfkc %ld dashes %ld), want '%.*s' "
                    "(nfkc %ld dashes %ld)\n",
                    (int)n, s, n, (int)b.n, b.p ? b.p : "", cb.nfkc, cb.dashes, (int)a.n,
                    a.p ? a.p : "", ca.nfkc, ca.dashes);
    }
}

/* Every code point in contexts: alone, after ASCII and ideographs (the
 * character a span of NFKC takes with it), between digits (footnote and
 * group marks), before full-width forms and combining marks, and inside
 * text long enough for the vector step on both sides. */
static void
test_every_code_point(void)
{
    static const char *const ctx[][2] = {
        {"", ""},
        {"a", "b"},
        {"中", "文"},
        {"3", "4"},
        {"１", "，"},
        {"结，", "，a"}, /* after a run of full-width forms: does it close the span */
        {"-", "＇"},
        {"-", "\xCC\x81"},
        {"&nbsp", ";"},
        {"结果", "（一）"},
        {"一二三四五六七八九十百千万亿", "零壹贰叁肆伍陆柒捌玖拾佰仟"},
        {"abcdefghijklmnopqrstuvwxyz0123", "、。《》“”一丁七万丈三上下不与丐丑专且丕世"},
        {"年度报告 2024 年 12 月 31 日：", "'`&"},
        {"\xE4\xB7\xBF\xE4\xB8\x80\xE4\xBF\xBF\xE9\xBF\xBF\xEA\x80\x80 x",
         "\xE3\x80\x80\xE3\x80\xA9"},
        /* in the last bytes of a line, which the vector step copies
         * before zeros: at the end, one, two and three bytes before it,
         * in lines of 16 to 19 bytes and longer */
        {"一二三四五六七", ""},
        {"abcdefghijklmnop", "q"},
        {"abcdefghijklmno", "pq"},
        {"一二三四五", "六"},
        {"一二三四五", "a"},
        {"", "一二三四五六"},
        {"abcdefghijklmnopqrstuvwxyz", "，"},
    };
    char s[256], u[4];

    mismatches = 0;
    for (int32_t c = 1; c < 0x30000; c++) {
        size_t l;

        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (c >= 0x10000 && c % 7) /* the astral planes sampled */
            continue;
        l = nb_utf8_encode(c, u);
        for (size_t k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            int n = snprintf(s, sizeof s, "%s%.*s%s", ctx[k][0], (int)l, u, ctx[k][1]);

            same(s, (size_t)n);
        }
    }
    CHECK_INT(mismatches, 0);
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static unsigned
next(unsigned bound)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

/* Random text of the characters the paths tell apart: plain ASCII and
 * ideographs (long runs, so the vector step runs), the bytes and marks
 * that stop it, the edges of its ranges (U+4DFF, U+4E00, U+9FFF, U+A000,
 * U+3000, U+3001, U+3029, U+302A), full-width forms, compatibility
 * ideographs, Hangul, combining marks, dashes and blanks. */
static void
test_random(void)
{
    static const char *const pal[] = {
        "a",
        " ",
        "1",
        "中",
        "国",
        "一",
        "&",
        "'",
        "`",
        "&nbsp;",
        "-",
        "，",
        "、",
        "。",
        "《",
        "》",
        "“",
        "”",
        "：",
        "（",
        "）",
        "１",
        "２",
        "²",
        "³",
        "⁰",
        "₁",
        "’",
        "′",
        "´",
        "\xE4\xB7\xBF",
        "\xE4\xB8\x80",
        "\xE9\xBF\xBF",
        "\xEA\x80\x80",
        "\xE3\x80\x80",
        "\xE3\x80\x81",
        "\xE3\x80\xA9",
        "\xE3\x80\xAA",
        "\xEF\xA4\x80",
        "한",
        "\xCC\x81",
        "—",
        "－",
        "\xC2\xA0",
        "\xE2\x80\x8B",
        "ｆｉ",
        "ﬁ",
        "㎡",
        "①",
        "😀",
        "\t",
        "\xE5\x8F\x82",
        "\xE4\xB9\x9F",
        "＝",
        "\xCC\xB8", /* composes with "=" under NFKC: "≠" */
        "＇",
        "｀",
        "＆",
        "ｎｂｓｐ；",
        "あ",
    };
    static char s[2048];

    mismatches = 0;
    for (int round = 0; round < 100000; round++) {
        size_t n = 0, len = next(round % 8 ? 60 : 600);

        while (n < len) {
            unsigned k = next(4) ? next(7) : next(sizeof pal / sizeof pal[0]);
            size_t l = strlen(pal[k]);

            if (n + l >= sizeof s)
                break;
            memcpy(s + n, pal[k], l);
            n += l;
        }
        same(s, n);
    }
    CHECK_INT(mismatches, 0);
}

/* Fold a line both ways, characters and cells, and compare. */
static void
same_line(const char *s, size_t n)
{
    static nb_buf a, b, sa, sb;
    nb_fold_counts ca = {0}, cb = {0};
    nb_error err = {0};
    int ra, rb;

    /* appended after a line, as normalize appends to a document's body */
    a.n = b.n = 0;
    if (nb_buf_adds(&a, "前\n") < 0 || nb_buf_adds(&b, "前\n") < 0)
        abort();
    ra = ref_fold_line(s, n, &a, &sa, &ca, &err);
    rb = nb_fold_line(s, n, &b, &sb, &cb, &err);
    if (ra != rb || a.n != b.n || (a.n && memcmp(a.p, b.p, a.n)) || memcmp(&ca, &cb, sizeof ca)) {
        if (mismatches++ < 5)
            fprintf(stderr, "line '%.*s': '%.*s' (%d), want '%.*s' (%d)\n", (int)n, s, (int)b.n,
                    b.p ? b.p : "", rb, (int)a.n, a.p ? a.p : "", ra);
    }
}

/* Random lines of what the cell folds look at: TABs, single and double
 * spaces, commas, pipes, rules, numbers with separators and units,
 * letter-spaced labels, enumerators. */
static void
test_random_lines(void)
{
    static const char *const pal[] = {
        "\t",    " ",    "  ", ",",  "|",   "---",    ":", "1",        "23",           "1,234",
        "5 件",  "万元", "件", "结", "果",  "中",     "a", "-",        "。",           "，",
        "（",    "）",   "１", "1.", "\\|", "&nbsp;", "²", "\xC2\xA0", "\xE3\x80\x80", "3",
        "12,34", "+",    "个", "项", "(",   "“",
    };
    static char s[1024];

    mismatches = 0;
    for (int round = 0; round < 200000; round++) {
        size_t n = 0, len = next(round % 8 ? 40 : 300);

        while (n < len) {
            unsigned k = next(sizeof pal / sizeof pal[0]);
            size_t l = strlen(pal[k]);

            if (n + l >= sizeof s)
                break;
            memcpy(s + n, pal[k], l);
            n += l;
        }
        same_line(s, n);
    }
    CHECK_INT(mismatches, 0);
}

/* Every line of every seed report. */
static void
test_seeds(void)
{
    char dir[1024];
    DIR *d;
    struct dirent *e;
    long lines = 0;

    snprintf(dir, sizeof dir, "%s/corpus/seeds", NB_SOURCE_DIR);
    d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    mismatches = 0;
    while ((e = readdir(d)) != NULL) {
        char path[2048], *p;
        FILE *f;
        nb_buf b = {0};
        char chunk[4096];
        size_t k;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!(f = fopen(path, "rb")))
            continue;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
            nb_buf_add(&b, chunk, k);
        fclose(f);
        for (p = b.p; p && p < b.p + b.n;) {
            char *nl = memchr(p, '\n', (size_t)(b.p + b.n - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(b.p + b.n - p);

            if (nb_utf8_valid(p, len)) {
                same(p, len);
                same_line(p, len);
                lines++;
            }
            p += len + 1;
        }
        nb_buf_fini(&b);
    }
    closedir(d);
    CHECK(lines > 300);
    CHECK_INT(mismatches, 0);
}

/* Rule lines and lines that begin as one: the fold looks for a rule
 * only after a first byte that may begin one. */
static void
test_rule_lines(void)
{
    static const char *const head[] = {
        "",  " ",  "\t", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B", "|", ":", "-",
        "a", "中", "，", "－",       "\xE4\x80\x80", "\xE9\xBF\xBF",
    };
    static const char *const body[] = {
        "", "---", ":---:", "|---|", "--- | ---", "-- -", "---a", "|", "---\t---", "—————", ":--",
    };
    static const char *const tail[] = {"", " ", "|", "\t", ":"};
    char s[128];

    mismatches = 0;
    for (size_t h = 0; h < sizeof head / sizeof head[0]; h++)
        for (size_t b = 0; b < sizeof body / sizeof body[0]; b++)
            for (size_t t = 0; t < sizeof tail / sizeof tail[0]; t++) {
                int n = snprintf(s, sizeof s, "%s%s%s", head[h], body[b], tail[t]);

                same_line(s, (size_t)n);
            }
    CHECK_INT(mismatches, 0);
    /* the fold takes a line that begins with a lead byte E4-E9 for no
     * rule without decoding it: none of U+4000-U+9FFF is blank */
    for (int32_t c = 0x4000; c <= 0x9FFF; c++)
        if (nb_uc_is_blank(c))
            mismatches++;
    CHECK_INT(mismatches, 0);
}

/* A mark or a group mark to fold after text of every length: the look
 * for one (marks_to_fold) goes sixteen bytes a step.  The fold of the
 * line is the text as it is around the fold of the mark alone. */
static void
test_marks_everywhere(void)
{
    static const char *const marks[] = {
        "3²", "12¹", "1’234", "1'234", "1`234", "1′234", "2①", "3⁴", "4₂", "5²³",
    };
    static nb_buf a, b;
    char s[256], want[256];

    mismatches = 0;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        nb_fold_counts c = {0};
        nb_error err = {0};

        b.n = 0;
        if (nb_fold_chars(marks[k], strlen(marks[k]), &b, &c, &err) < 0)
            abort();
        for (size_t len = 0; len < 40; len++) {
            size_t n = 0;

            for (size_t j = 0; j < len; j++) /* letters and ideographs: every alignment */
                n += (size_t)snprintf(s + n, sizeof s - n, "%s", j % 3 ? "a" : "中");
            snprintf(want, sizeof want, "%.*s%.*s文中", (int)n, s, (int)b.n, b.p);
            n += (size_t)snprintf(s + n, sizeof s - n, "%s文中", marks[k]);
            a.n = 0;
            if (nb_fold_chars(s, n, &a, &c, &err) < 0)
                abort();
            if (a.n != strlen(want) || memcmp(a.p, want, a.n)) {
                if (mismatches++ < 5)
                    fprintf(stderr, "fold of '%s': '%.*s', want '%s'\n", s, (int)a.n, a.p, want);
            }
        }
    }
    CHECK_INT(mismatches, 0);
}

int
main(void)
{
    test_every_code_point();
    test_random();
    test_random_lines();
    test_rule_lines();
    test_marks_everywhere();
    test_seeds();
    return check_done("test_fold_ref");
}
