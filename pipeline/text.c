/* text.c - UTF-8 checks, decoding, buffers, control characters. */
#include "text.h"
#include "simd.h"
#include "uchar.h"

#include <errno.h>
#include <stdio.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Eight bytes at p as one word (any alignment). */
static inline uint64_t
load8(const unsigned char *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof w);
    return w;
}

/* Eight bytes at p as a little-endian word, whatever the machine's order
 * (compilers make it one load where they can). */
static inline uint64_t
le64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

#if defined(__x86_64__) && defined(__SSE2__)
#define NB_X86 1
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2")))
#endif

/* Sixteen bytes, compared lane by lane: GCC's and clang's vector
 * extension (SSE2 on x86-64, NEON on ARM, plain words elsewhere). */
typedef unsigned char v16 __attribute__((vector_size(16)));

/* The lanes of v that lead a three-byte character whose continuations
 * may be any (E1-EC, EE, EF: not E0 nor ED, which limit the second). */
static inline v16
lead3(v16 v)
{
    return (v16)((v & 0xF0) == 0xE0) & (v16)(v != 0xE0) & (v16)(v != 0xED);
}

/*
 * Whether the sixteen bytes at p are ASCII and whole three-byte characters
 * of lead3 with the bytes around them (p[-2..18) readable, and p[-2..0)
 * already checked): a lead has two continuations after it, a continuation
 * a lead one or two bytes before it.  So a block may begin or end inside
 * a character.  The common mix of Chinese text in one step; anything else
 * (E0, ED, two- and four-byte characters, a bad byte) fails it.
 */
static inline int
block_ok(const unsigned char *p)
{
    v16 v, b1, b2, a1, a2, ok;
    uint64_t w[2];

    memcpy(&v, p, 16);
    memcpy(&b1, p - 1, 16);
    memcpy(&b2, p - 2, 16);
    memcpy(&a1, p + 1, 16);
    memcpy(&a2, p + 2, 16);
    ok = (v16)(v < 0x80) | (lead3(v) & (v16)((a1 & 0xC0) == 0x80) & (v16)((a2 & 0xC0) == 0x80)) |
         ((v16)((v & 0xC0) == 0x80) & (lead3(b1) | (lead3(b2) & (v16)((b1 & 0xC0) == 0x80))));
    memcpy(w, &ok, sizeof w);
    return (w[0] & w[1]) == UINT64_MAX;
}

#if NB_X86

/*
 * From u[i], the start of a character, sixteen bytes a step while they are
 * ASCII and whole three-byte characters led by E1-EC, EE, EF (any
 * continuations: no overlong, no surrogate), a character allowed to
 * cross from one block into the next.  Returns the start of the first
 * character not checked (i when none is).  Each byte is classed once and
 * the lanes that must be continuations are the leads shifted by one and
 * by two, the last block's leads carried into the next: about half the
 * instructions of block_ok, which classes three loads of every block,
 * and no read past u[n - 1].  SSE2 is in every x86-64.
 */
static size_t
blocks_ok(const unsigned char *u, size_t i, size_t n)
{
    const __m128i m32 = _mm_set1_epi8(-32), m16 = _mm_set1_epi8(-16);
    const __m128i m64 = _mm_set1_epi8(-64), m1 = _mm_set1_epi8(-1);
    const __m128i ed = _mm_set1_epi8((char)0xED);
    __m128i carry = _mm_setzero_si128(); /* the leads of the last block */
    int last;

    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const void *)(u + i));
        /* signed: E1-EF are -31..-17, 80-BF -128..-65, ASCII 0..127 */
        __m128i lead = _mm_andnot_si128(
            _mm_cmpeq_epi8(v, ed), _mm_and_si128(_mm_cmpgt_epi8(v, m32), _mm_cmpgt_epi8(m16, v)));
        __m128i cont = _mm_cmpgt_epi8(m64, v), ascii = _mm_cmpgt_epi8(v, m1);
        __m128i want =
            _mm_or_si128(_mm_or_si128(_mm_slli_si128(lead, 1), _mm_srli_si128(carry, 15)),
                         _mm_or_si128(_mm_slli_si128(lead, 2), _mm_srli_si128(carry, 14)));

        /* a continuation exactly where a lead wants one, nothing else */
        if (_mm_movemask_epi8(_mm_xor_si128(cont, want)) |
            (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ascii, cont), lead)) ^ 0xFFFF))
            break;
        carry = lead;
        i += 16;
    }
    /* back to the start of a character the last block left unfinished */
    last = _mm_movemask_epi8(carry);
    return i - (last & 0x8000 ? 1 : last & 0x4000 ? 2 : 0);
}

/* blocks_ok thirty-two bytes a step (AVX2): the lanes one and two bytes
 * after a lead are found across the two halves and from the last block
 * by alignr over the halves the permute puts side by side. */
AVX2 static size_t
blocks_avx2(const unsigned char *u, size_t i, size_t n)
{
    const __m256i m32 = _mm256_set1_epi8(-32), m16 = _mm256_set1_epi8(-16);
    const __m256i m64 = _mm256_set1_epi8(-64), m1 = _mm256_set1_epi8(-1);
    const __m256i ed = _mm256_set1_epi8((char)0xED);
    __m256i carry = _mm256_setzero_si256();
    unsigned last;

    while (n - i >= 32) {
        __m256i v = _mm256_loadu_si256((const void *)(u + i));
        __m256i lead = _mm256_andnot_si256(
            _mm256_cmpeq_epi8(v, ed),
            _mm256_and_si256(_mm256_cmpgt_epi8(v, m32), _mm256_cmpgt_epi8(m16, v)));
        __m256i cont = _mm256_cmpgt_epi8(m64, v), ascii = _mm256_cmpgt_epi8(v, m1);
        /* [last block's high half, this block's low half] */
        __m256i before = _mm256_permute2x128_si256(carry, lead, 0x21);
        __m256i want = _mm256_or_si256(_mm256_alignr_epi8(lead, before, 15),
                                       _mm256_alignr_epi8(lead, before, 14));

        if (_mm256_movemask_epi8(_mm256_xor_si256(cont, want)) |
            ~_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(ascii, cont), lead)))
            break;
        carry = lead;
        i += 32;
    }
    last = (unsigned)_mm256_movemask_epi8(carry);
    return i - (last & 0x80000000u ? 1 : last & 0x40000000u ? 2 : 0);
}
#endif

/*
 * Thirty-two or sixteen bytes a step where they are ASCII and common three-byte
 * characters (blocks_avx2 and blocks_ok on x86-64, block_ok elsewhere), then word-at-a-time: ASCII
 * is skipped eight bytes a step, a run of three-byte characters (all of CJK) is checked in a tight
 * loop with the exact ranges (E0 needs A0-BF after it, ED 80-9F: no overlong, no surrogate), and
 * anything else goes through nb_utf8_decode.  Every path advances by whole characters, so the first
 * bad offset is the one a character-at-a-time decoder finds (tests/unit/test_text_fast.c compares
 * them).
 */
size_t
nb_utf8_check(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len;
    int32_t cp;
    int level = nb_simd_level();

    for (;;) {
#if NB_X86
        if (level == NB_SIMD_AVX2 && n - i >= 32)
            i = blocks_avx2(u, i, n);
        if (level >= NB_SIMD_SSE2 && n - i >= 16)
            i = blocks_ok(u, i, n);
#endif
        if (level == NB_SIMD_PORTABLE && i >= 2 && n - i >= 18 && block_ok(u + i)) {
            do
                i += 16;
            while (n - i >= 18 && block_ok(u + i));
            while ((u[i] & 0xC0) == 0x80) /* back to the start of a checked character */
                i--;
        }
        while (n - i >= 8 && !(load8(u + i) & HIGHS))
            i += 8;
        while (i < n && u[i] < 0x80)
            i++;
        /* two three-byte characters a step, neither led by E0 or ED
         * (bit 0 and bit 13 of 0x2001: their ranges differ) */
        while (n - i >= 8) {
            uint64_t w = le64(u + i);

            if ((w & 0xC0C0F0C0C0F0ull) != 0x8080E08080E0ull ||
                ((0x2001u >> (w & 0xF)) | (0x2001u >> (w >> 24 & 0xF))) & 1)
                break;
            i += 6;
        }
        while (n - i >= 3 && (u[i] & 0xF0) == 0xE0) {
            unsigned c = u[i], b1 = u[i + 1], b2 = u[i + 2];

            if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || (c == 0xE0 && b1 < 0xA0) ||
                (c == 0xED && b1 > 0x9F))
                break;
            i += 3;
        }
        if (i == n)
            return n;
        if (u[i] < 0x80)
            continue;
        if ((len = nb_utf8_decode(s + i, n - i, &cp)) == 0)
            return i;
        i += len;
    }
}

int
nb_utf8_valid(const char *s, size_t n)
{
    return nb_utf8_check(s, n) == n;
}

char *
nb_utf8_escape(const char *s, size_t n)
{
    nb_buf b = {0};
    size_t i = 0;

    while (i < n) {
        size_t ok = nb_utf8_check(s + i, n - i);
        char hex[5];

        if (nb_buf_add(&b, s + i, ok) < 0)
            goto fail;
        i += ok;
        if (i < n) {
            snprintf(hex, sizeof hex, "\\x%02X", (unsigned char)s[i]);
            if (nb_buf_adds(&b, hex) < 0)
                goto fail;
            i++;
        }
    }
    if (nb_buf_addc(&b, '\0') < 0)
        goto fail;
    return b.p;
fail:
    nb_buf_fini(&b);
    return NULL;
}

int
nb_buf_reserve(nb_buf *b, size_t extra)
{
    size_t cap;
    char *p;

    if (b->n + extra <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int
nb_buf_add(nb_buf *b, const void *p, size_t n)
{
    if (nb_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->p + b->n, p, n);
    b->n += n;
    return 0;
}

int
nb_buf_addc_slow(nb_buf *b, int c)
{
    char ch = (char)c;
    return nb_buf_add(b, &ch, 1);
}

int
nb_buf_adds(nb_buf *b, const char *s)
{
    return nb_buf_add(b, s, strlen(s));
}

void
nb_buf_fini(nb_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/*
 * The last iconv descriptor opened to UTF-8, kept open: opening costs more
 * than converting a small report (a module lookup and 32 KiB of state),
 * and nearly every member that is not UTF-8 is GB18030.  The stages are
 * single threaded.
 */
static iconv_t kept = (iconv_t)-1;
static char kept_name[64];

/* A descriptor to UTF-8 from the encoding named from, in its initial
 * state, or (iconv_t)-1 when iconv does not know the name.  Give it back
 * with done_with. */
static iconv_t
to_utf8(const char *from)
{
    iconv_t cd;

    if (kept != (iconv_t)-1 && !strcmp(kept_name, from)) {
        iconv(kept, NULL, NULL, NULL, NULL);
        return kept;
    }
    cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1 || strlen(from) >= sizeof kept_name)
        return cd;
    if (kept != (iconv_t)-1)
        iconv_close(kept);
    kept = cd;
    strcpy(kept_name, from);
    return cd;
}

static void
done_with(iconv_t cd)
{
    if (cd != kept)
        iconv_close(cd);
}

/*
 * Convert with iconv, strictly: any invalid or incomplete sequence fails
 * and *bad receives its offset.  Returns 0, -1 on bad bytes, -2 on memory.
 */
static int
convert(const char *from, const char *in, size_t n, nb_buf *out, size_t *bad)
{
    iconv_t cd = to_utf8(from);
    char *ip = (char *)in;
    size_t il = n;
    int rc = 0;

    if (cd == (iconv_t)-1)
        return -1;
    out->n = 0;
    while (il > 0) {
        char *op;
        size_t ol, before;

        if (nb_buf_reserve(out, il * 2 + 16) < 0) {
            rc = -2;
            break;
        }
        op = out->p + out->n;
        ol = out->cap - out->n;
        before = ol;
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != E2BIG) {
            out->n += before - ol;
            *bad = (size_t)(ip - in);
            rc = -1;
            break;
        }
        out->n += before - ol;
    }
    if (rc == 0) {
        /* Flush the shift state; GB18030 has none but be exact. */
        char *op;
        size_t ol;

        if (nb_buf_reserve(out, 16) < 0)
            rc = -2;
        else {
            op = out->p + out->n;
            ol = 16;
            iconv(cd, NULL, NULL, &op, &ol);
            out->n += 16 - ol;
        }
    }
    done_with(cd);
    return rc;
}

static int
is_gb_name(const char *s)
{
    return !strcasecmp(s, "gb2312") || !strcasecmp(s, "gbk") || !strcasecmp(s, "gb18030") ||
           !strcasecmp(s, "x-gbk") || !strcasecmp(s, "cp936") || !strcasecmp(s, "euc-cn");
}

/* in[0..n) as GB18030 into out, after the encoding tried (named tried,
 * failing at byte bad) did not fit.  Returns 0, or -1 with err filled. */
static int
gb18030_else(const char *in, size_t n, nb_buf *out, const char *tried, size_t bad,
             const char **encoding, nb_error *err)
{
    size_t gbad = 0;
    int rc = convert("GB18030", in, n, out, &gbad);

    if (rc == -2)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (rc < 0)
        return nb_fail(err, NB_E_DECODE,
                       "neither %s (bad byte at %zu) nor GB18030 (bad byte at %zu)", tried, bad,
                       gbad);
    *encoding = "gb18030";
    return 0;
}

int
nb_decode(const char *in, size_t n, const char *hint, nb_buf *out, const char **encoding,
          nb_error *err)
{
    return nb_decode_checked(in, n, nb_utf8_check(in, n), hint, out, encoding, err);
}

int
nb_decode_checked(const char *in, size_t n, size_t utf8, const char *hint, nb_buf *out,
                  const char **encoding, nb_error *err)
{
    const unsigned char *u = (const unsigned char *)in;
    size_t bad = 0;
    int rc;

    out->n = 0;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        int le = u[0] == 0xFF;

        *encoding = le ? "utf-16le" : "utf-16be";
        rc = convert(le ? "UTF-16LE" : "UTF-16BE", in + 2, n - 2, out, &bad);
        if (rc == -2)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        if (rc < 0)
            return nb_fail(err, NB_E_DECODE, "invalid UTF-16 at byte %zu", bad + 2);
        return 0;
    }
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        /* the BOM is one whole character (U+FEFF): the check of what
         * follows it is the check of the whole, 3 bytes on */
        if (utf8 < n)
            return nb_fail(err, NB_E_DECODE, "invalid UTF-8 after a UTF-8 BOM at byte %zu", utf8);
        in += 3, n -= 3;
        *encoding = "utf-8";
        return nb_buf_add(out, in, n) < 0 ? nb_fail(err, NB_E_NOMEM, "out of memory") : 0;
    }
    /* Valid UTF-8 is UTF-8 whatever a meta tag claims: pages lie more
     * often than byte sequences happen to be valid UTF-8 by chance. */
    bad = utf8;
    if (bad == n) {
        *encoding = "utf-8";
        return nb_buf_add(out, in, n) < 0 ? nb_fail(err, NB_E_NOMEM, "out of memory") : 0;
    }
    if (!hint || is_gb_name(hint) || !strcasecmp(hint, "utf-8") || !strcasecmp(hint, "utf8"))
        return gb18030_else(in, n, out, "UTF-8", bad, encoding, err);
    rc = convert(hint, in, n, out, &bad);
    if (rc == -2)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (rc < 0) /* a charset iconv does not know ("x-user-defined", a typo), or
                 * bytes that are not in it: the page may still be GB18030 */
        return gb18030_else(in, n, out, hint, bad, encoding, err);
    *encoding = hint;
    return 0;
}

#if NB_X86
/* The lanes of v that nb_clean_controls does not keep as they are: C0
 * controls (max(v, 1F) is 1F) but TAB and LF. */
static inline int
special16(__m128i v)
{
    __m128i c0 = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    __m128i tl = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));

    return _mm_movemask_epi8(_mm_andnot_si128(tl, c0));
}

/* From u[i], sixteen bytes a step to the first block with a byte that is
 * not ordinary: returns its start (or where fewer than 16 bytes are
 * left). */
static size_t
ordinary_sse2(const unsigned char *u, size_t i, size_t n)
{
    while (n - i >= 16 && !special16(_mm_loadu_si128((const void *)(u + i))))
        i += 16;
    return i;
}

/* special16 of thirty-two lanes, as a vector */
AVX2 static inline __m256i
special32(__m256i v)
{
    __m256i c0 =
        _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x1F)), _mm256_set1_epi8(0x1F));
    __m256i tl = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')),
                                 _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));

    return _mm256_andnot_si256(tl, c0);
}

/* ordinary_sse2 sixty-four bytes a step, then thirty-two. */
AVX2 static size_t
ordinary_avx2(const unsigned char *u, size_t i, size_t n)
{
    while (n - i >= 64) {
        __m256i a = special32(_mm256_loadu_si256((const void *)(u + i)));
        __m256i b = special32(_mm256_loadu_si256((const void *)(u + i + 32)));

        if (_mm256_movemask_epi8(_mm256_or_si256(a, b)))
            break;
        i += 64;
    }
    while (n - i >= 32 &&
           !_mm256_movemask_epi8(special32(_mm256_loadu_si256((const void *)(u + i)))))
        i += 32;
    return i;
}
#endif

/* The length of the run at s[0..n) of bytes nb_clean_controls keeps as
 * they are: everything but the C0 controls, TAB and LF excepted. */
static size_t
ordinary_run(const char *s, size_t n, int level)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

#if NB_X86
    if (level == NB_SIMD_AVX2)
        i = ordinary_avx2(u, i, n);
    if (level >= NB_SIMD_SSE2)
        i = ordinary_sse2(u, i, n);
#else
    (void)level;
#endif
    while (n - i >= 8) {
        uint64_t w = load8(u + i);
        /* a byte's high bit: set in (w | low7 + 0x60) iff it is >= 0x20;
         * set in zero(w ^ c) iff it is c (exact per byte: no carries) */
        uint64_t low = w & ~HIGHS, big = (low + 0x60 * ONES) | w;
        uint64_t tab = w ^ (0x09 * ONES), lf = w ^ (0x0A * ONES);
        uint64_t is_tab = ~(((tab & ~HIGHS) + ~HIGHS) | tab) & HIGHS;
        uint64_t is_lf = ~(((lf & ~HIGHS) + ~HIGHS) | lf) & HIGHS;

        if (~big & HIGHS & ~is_tab & ~is_lf)
            break;
        i += 8;
    }
    while (i < n && ((unsigned char)s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n'))
        i++;
    return i;
}

/* Runs of ordinary bytes stay where they are until the first change, and
 * move by memmove after it: most bodies are never written to. */
size_t
nb_clean_controls(char *s, size_t n, long *removed)
{
    size_t i = 0, o = 0;
    int level = nb_simd_level();

    while (i < n) {
        size_t run = ordinary_run(s + i, n - i, level);

        if (o != i)
            memmove(s + o, s + i, run);
        o += run;
        i += run;
        if (i == n)
            break;
        if (s[i] == '\r') {
            s[o++] = '\n';
            i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
        } else {
            (*removed)++;
            i++;
        }
    }
    return o;
}
