/*
 * test_text_fast.c - the word-at-a-time nb_utf8_check and nb_clean_controls
 * against the byte-at-a-time functions they replaced (kept here verbatim as
 * the reference): the same verdict, the same first bad offset, the same
 * cleaned bytes and count, on every short sequence of bytes of every class
 * at every alignment, and on random and adversarial buffers; at each level
 * of nb_simd_ceiling (the portable path, SSE2, AVX2 where the CPU has it).
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "simd.h"
#include "text.h"
#include "uchar.h"

/* The reference: nb_utf8_check as it was (main 6a51f8c). */
static size_t
ref_utf8_check(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len;
    int32_t cp;

    while (i < n) {
        unsigned c = u[i];

        if (c < 0x80)
            len = 1;
        else if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
                 (u[i + 2] & 0xC0) == 0x80)
            len = 3;
        else if ((len = nb_utf8_decode(s + i, n - i, &cp)) == 0)
            return i;
        i += len;
    }
    return n;
}

/* The reference: nb_clean_controls as it was (main 6a51f8c). */
static size_t
ref_clean_controls(char *s, size_t n, long *removed)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '\r') {
            s[o++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else if (c < 0x20 && c != '\t' && c != '\n') {
            (*removed)++;
        } else {
            s[o++] = (char)c;
        }
    }
    return o;
}

static long mismatches;

/* The first bytes of a buffer that differs, in hex. */
static void
dump(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n && i < 48; i++)
        fprintf(stderr, " %02X", b[i]);
    fprintf(stderr, n > 48 ? " ... (%zu bytes)\n" : "\n", n);
}

/* Compare both checks on b[0..n), which the caller placed at an offset
 * of a larger buffer (so every alignment of the word loads is met). */
static void
same_check(const unsigned char *b, size_t n)
{
    size_t want = ref_utf8_check((const char *)b, n), got = nb_utf8_check((const char *)b, n);

    if (got != want && mismatches++ < 5) {
        fprintf(stderr, "nb_utf8_check: %zu, reference %zu, on", got, want);
        dump(b, n);
    }
}

/* Compare both cleaners on a copy each of b[0..n). */
static void
same_clean(const unsigned char *b, size_t n)
{
    static char x[4096], y[4096];
    long rx = 0, ry = 0;
    size_t nx, ny;

    memcpy(x, b, n);
    memcpy(y, b, n);
    nx = ref_clean_controls(x, n, &rx);
    ny = nb_clean_controls(y, n, &ry);
    if ((nx != ny || rx != ry || memcmp(x, y, nx)) && mismatches++ < 5) {
        fprintf(stderr, "nb_clean_controls: %zu bytes, %ld removed; reference %zu, %ld on", ny, ry,
                nx, rx);
        dump(b, n);
    }
}

/* Every byte value that is a boundary of a class the UTF-8 grammar or the
 * cleaner tells apart: controls, TAB, LF, CR, 0x1E, ASCII, the edges of
 * the continuation ranges (80-8F, 90-9F, A0-BF), C0/C1, the 2-, 3- and
 * 4-byte leads and the special ones (E0, ED, F0, F4), and F5-FF. */
static const unsigned char edges[] = {
    0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1E, 0x1F, 0x20, 0x41, 0x7F, 0x80, 0x81, 0x8F,
    0x90, 0x9F, 0xA0, 0xA1, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xE7,
    0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF,
};
#define NEDGES (sizeof edges / sizeof edges[0])

/* buf with `pre` ASCII bytes, the sequence, then `post` ASCII bytes. */
static size_t
place(unsigned char *buf, size_t pre, const unsigned char *seq, size_t n, size_t post)
{
    memset(buf, 'a', pre);
    memcpy(buf + pre, seq, n);
    memset(buf + pre + n, 'b', post);
    return pre + n + post;
}

/* Every sequence of one, two and three bytes, alone and inside ASCII;
 * every four-byte sequence of any first byte and edge bytes after it. */
static void
test_exhaustive(void)
{
    unsigned char seq[4], buf[64];

    mismatches = 0;
    for (unsigned v = 0; v < 1u << 24; v++) {
        seq[0] = (unsigned char)(v >> 16), seq[1] = (unsigned char)(v >> 8);
        seq[2] = (unsigned char)v;
        same_check(seq, 3);
        if ((v & 0xFFFF) == 0)
            same_check(seq, 1);
        if ((v & 0xFF) == 0) {
            same_check(seq + 1, 2);
            for (size_t pre = 0; pre < 10; pre++)
                for (size_t post = 0; post < 10; post += 3)
                    same_check(buf, place(buf, pre, seq, 3, post));
        }
    }
    CHECK_INT(mismatches, 0);
    for (unsigned b0 = 0; b0 < 256; b0++)
        for (size_t i = 0; i < NEDGES; i++)
            for (size_t j = 0; j < NEDGES; j++)
                for (size_t k = 0; k < NEDGES; k++) {
                    seq[0] = (unsigned char)b0, seq[1] = edges[i], seq[2] = edges[j];
                    seq[3] = edges[k];
                    same_check(seq, 4);
                    same_check(buf, place(buf, 1 + (i + j + k) % 9, seq, 4, k % 9));
                }
    CHECK_INT(mismatches, 0);
}

/* Every three edge bytes written over mixed Chinese text at each of the
 * first 72 offsets: the sixteen- and thirty-two-byte steps of
 * nb_utf8_check meet them in every lane, at the start or the end of a
 * block, across the halves of an AVX2 block, and in the bytes before and
 * after a block it reads. */
static void
test_blocks(void)
{
    static const char text[] = "a结果维持abcdef结果维持结果维持12结果维持结果维持结果维持abc结果"
                               "结果维持a结果维持结果维持12结果";
    unsigned char buf[sizeof text];

    mismatches = 0;
    for (size_t i = 0; i < NEDGES; i++)
        for (size_t j = 0; j < NEDGES; j++)
            for (size_t k = 0; k < NEDGES; k++)
                for (size_t at = 0; at < 72; at++) {
                    memcpy(buf, text, sizeof text - 1);
                    buf[at + 4] = edges[i], buf[at + 5] = edges[j], buf[at + 6] = edges[k];
                    same_check(buf, sizeof text - 1);
                }
    CHECK_INT(mismatches, 0);
}

/* Each edge byte, and a CR LF, at every offset of mixed text long enough
 * for two 64-byte steps, the text starting at every offset of a word:
 * the blocks of 16, 32 and 64 bytes meet it in every lane of each. */
static void
test_clean_blocks(void)
{
    static const char text[] =
        "a结果\t维持abcdef结果维持结果维持12结果维\n持结果维持结果维持abc结果"
        "1234567890结果维持abcdefghijklmnopqrstuvwxyz结果维持\n\t结";
    unsigned char buf[sizeof text + 8];

    mismatches = 0;
    for (size_t start = 0; start < 8; start++)
        for (size_t at = 0; at < sizeof text - 2; at++)
            for (size_t e = 0; e < NEDGES + 1; e++) {
                memcpy(buf + start, text, sizeof text - 1);
                if (e == NEDGES)
                    buf[start + at] = '\r', buf[start + at + 1] = '\n';
                else
                    buf[start + at] = edges[e];
                same_clean(buf + start, sizeof text - 1);
                same_clean(buf + start, at + 1);                    /* the byte last */
                same_clean(buf + start + at, sizeof text - 1 - at); /* first */
                same_check(buf + start, sizeof text - 1);
                same_check(buf + start, at + 1);
            }
    CHECK_INT(mismatches, 0);
}

/* Every string of up to four edge bytes through both cleaners, inside
 * ASCII at every alignment. */
static void
test_clean_exhaustive(void)
{
    unsigned char seq[4], buf[64];

    mismatches = 0;
    for (size_t i = 0; i < NEDGES; i++)
        for (size_t j = 0; j < NEDGES; j++)
            for (size_t k = 0; k < NEDGES; k++)
                for (size_t l = 0; l < NEDGES; l++) {
                    seq[0] = edges[i], seq[1] = edges[j], seq[2] = edges[k], seq[3] = edges[l];
                    for (size_t len = 1; len <= 4; len++)
                        same_clean(seq, len);
                    same_clean(buf, place(buf, (i + l) % 11, seq, 4, (j + k) % 11));
                }
    CHECK_INT(mismatches, 0);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned
next(unsigned bound)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

/* A buffer of n bytes: valid text (ASCII, Greek, CJK, emoji and the
 * boundary characters) with, by mode, nothing, one or a few edge bytes,
 * or a truncated character, written over it anywhere. */
static size_t
make_text(unsigned char *b, size_t n, int mode)
{
    static const char *const chars[] = {
        "a",
        " ",
        "\n",
        "\t",
        "\r",
        "1",
        "α",
        "\xC2\x80",
        "\xDF\xBF",
        "结",
        "果",
        "\xE0\xA0\x80",
        "\xED\x9F\xBF",
        "\xEE\x80\x80",
        "\xEF\xBF\xBF",
        "😀",
        "\xF0\x90\x80\x80",
        "\xF4\x8F\xBF\xBF",
        "，",
        "\x01",
        "\x1E",
        "\x00",
    };
    size_t o = 0;

    while (o < n) {
        size_t k = next(10) < 6 ? 9 + next(2) : next(sizeof chars / sizeof chars[0]);
        size_t len = k == 21 ? 1 : strlen(chars[k]);

        if (o + len > n)
            break;
        memcpy(b + o, chars[k], len);
        o += len;
    }
    for (int m = 0; o > 0 && m < mode; m++) {
        size_t at = next((unsigned)o);

        if (next(3) == 0 && at + 1 < o) /* cut a character short */
            b[at] = (unsigned char)(0xE0 | next(16));
        else
            b[at] = edges[next(NEDGES)];
    }
    return o;
}

static void
test_random(void)
{
    static unsigned char buf[4096 + 16];

    mismatches = 0;
    for (int round = 0; round < 200000; round++) {
        size_t n = next(round % 10 == 0 ? 4096 : 80), off = next(16);
        size_t len = make_text(buf + off, n, (int)next(4));

        same_check(buf + off, len);
        same_clean(buf + off, len);
    }
    /* uniformly random bytes, and random bytes from the edge set */
    for (int round = 0; round < 100000; round++) {
        size_t n = next(64), off = next(16);

        for (size_t i = 0; i < n; i++)
            buf[off + i] = round % 2 ? (unsigned char)next(256) : edges[next(NEDGES)];
        same_check(buf + off, n);
        same_clean(buf + off, n);
    }
    CHECK_INT(mismatches, 0);
}

/* Long valid text with one bad byte at each position in turn: the first
 * bad offset is found past any number of word-sized steps. */
static void
test_every_position(void)
{
    static unsigned char buf[600];
    size_t n = make_text(buf, sizeof buf - 8, 0);

    mismatches = 0;
    for (size_t at = 0; at < n; at++)
        for (size_t e = 0; e < NEDGES; e += 3) {
            unsigned char was = buf[at];

            buf[at] = edges[e];
            same_check(buf, n);
            same_check(buf + 1, n - 1);
            same_clean(buf, n);
            buf[at] = was;
        }
    CHECK_INT(mismatches, 0);
}

/* Known answers, so that the test fails if both functions drift together. */
static void
test_known(void)
{
    const char cjk[] = "结果维持abcdefgh结果维持";
    char crlf[] = "12345678\r\n12345678\r\r\n\x01z";
    long removed = 0;

    CHECK_INT(nb_utf8_check(cjk, sizeof cjk - 1), sizeof cjk - 1);
    CHECK_INT(nb_utf8_check("abcdefghijklmnop\xE7\xBB", 18), 16);
    CHECK_INT(nb_utf8_check("abcdefghij\xED\xA0\x80xyz", 16), 10);
    CHECK_INT(nb_utf8_check("\xE0\x9F\xBF", 3), 0);
    CHECK_INT(nb_utf8_check("\xE0\xA0\x80", 3), 3);
    CHECK_INT(nb_utf8_check("结果\xEF\xBF", 8), 6);
    /* a character the sixteen-byte step leaves unfinished at its end */
    CHECK_INT(nb_utf8_check("abcdefghijklmno\xE7", 16), 15);
    CHECK_INT(nb_utf8_check("abcdefghijklmn\xE7\xBB", 16), 14);
    CHECK_INT(nb_utf8_check("abcdefghijklmno\xE7\xBB\x93", 18), 18);
    CHECK_INT(nb_utf8_check("abcdefghijklmn\xE7\xBB\x93", 17), 17);
    CHECK_INT(nb_utf8_check("abcdefghijklmno\xE7\xBBz", 18), 15);
    CHECK_INT(nb_utf8_check("abcdefghijklmn\xE7\xBBzz", 18), 14);
    CHECK_INT(nb_clean_controls(crlf, sizeof crlf - 1, &removed), 20);
    CHECK(!memcmp(crlf, "12345678\n12345678\n\nz", 20));
    CHECK_INT(removed, 1);
}

int
main(void)
{
    static const char *const names[] = {"portable", "SSE2", "AVX2"};

    for (int level = NB_SIMD_PORTABLE; level <= NB_SIMD_AVX2; level++) {
        int before = check_failures;

        nb_simd_ceiling = level;
        test_known();
        test_exhaustive();
        test_blocks();
        test_clean_blocks();
        test_clean_exhaustive();
        test_random();
        test_every_position();
        if (check_failures != before)
            fprintf(stderr, "test_text_fast: failures with nb_simd_ceiling %s\n", names[level]);
    }
    return check_done("test_text_fast");
}
