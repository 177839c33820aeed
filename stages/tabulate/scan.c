/*
 * scan.c - the lines of a document that may hold a region's marker, found
 * in the raw text (tb_scan_lines).
 *
 * A marker is found as a label token whose key (SCHEMA 11.1) holds it
 * (rg_find_label).  Working that out token by token (the characters of
 * each label decoded for their marks, the candidates keyed) was a sixth of
 * tabulate's time, for some 30 lines of a report that hold a marker at
 * all.  So each needle has a probe, one of its characters, and the body
 * is searched for the characters that key to a probe, sixteen byte pairs
 * a step; around each, the neighbouring characters are read the way
 * nb_label_key reads them (nb_label_key_char: dropped, or the key's
 * character) to see whether the needle's other characters are there.  A
 * line is cleared of a needle only when it cannot hold it: a character
 * NFKC may change, a compatibility form of the probe, or bytes that are
 * not UTF-8 answer "maybe".
 *
 * Why that is certain.  A label token is a piece of its line, cut between
 * characters; it never spans a TAB or a newline.  A token made of plain
 * characters (nb_label_key_char >= 0) is keyed character by character, so
 * its key holds the needle only where its text holds characters keyed to
 * the needle's, in order, with only dropped characters between them.  A
 * token holding any other character is keyed through NFKC, which leaves a
 * plain character as it is (ASCII, CJK Unified Ideographs, the labels'
 * punctuation): one that is not dropped and is not the character the
 * needle wants still breaks the needle, so the characters met on the way
 * decide, and any other one answers "maybe".  A token that is not UTF-8 is
 * keyed as its bytes less spaces (a TAB never is in a token): the probe's
 * bytes are then in the text with spaces between them or none, and when
 * none, the walk meets its neighbours' bytes or spaces; a byte that begins
 * no character answers "maybe".
 */
#include "scan.h"

#include <stdint.h>
#include <string.h>

#include "cell.h"
#include "simd.h"
#include "text.h"
#include "uchar.h"

#define MAX_NCHARS   32 /* characters of a needle */
#define MAX_PATTERNS 8  /* the scan compares each, sixteen bytes a step */
#define MAX_AT       8  /* (needle, position) pairs of a probe */

#define MAX_ALT 4 /* Traditional forms of a needle's character */

typedef struct needle {
    int32_t c[MAX_NCHARS];
    int32_t alt[MAX_NCHARS][MAX_ALT]; /* other ideographs keyed to c[i], 0 past the last */
    int n;
} needle;

/* A character keyed to a probe, as the bytes looked for. */
typedef struct pattern {
    unsigned char bytes[4];
    int len;
    int plain; /* keyed character by character: its neighbours are read; else "maybe" */
    int nat;
    unsigned char at[MAX_AT][2]; /* the needles and positions of its probe */
    unsigned bits;               /* those needles */
} pattern;

/* Sixteen bytes, compared lane by lane: GCC's and clang's vector extension
 * (SSE2 on x86-64, NEON on ARM, plain words elsewhere), as in text.c. */
typedef unsigned char v16 __attribute__((vector_size(16)));

static needle needles[TB_SCAN_MAX];
static pattern pats[MAX_PATTERNS];
static int npats;
static v16 pair0[MAX_PATTERNS], pair1[MAX_PATTERNS]; /* each pattern's last two bytes */
static unsigned char last[MAX_PATTERNS];             /* each pattern's last byte */
static int ready;                                    /* 0: every line may hold any needle */

/* The characters of UTF-8 s, or -1 when it is not UTF-8 or too long. */
static int
decode(const char *s, int32_t *out, int max)
{
    size_t n = strlen(s), len;
    int k = 0;

    if (!nb_utf8_valid(s, n))
        return -1;
    for (size_t i = 0; i < n; i += len) {
        if (k == max)
            return -1;
        out[k++] = nb_utf8_next(s + i, n - i, &len);
    }
    return k;
}

/* Add src, a source of the probe of needle i at position j. */
static int
add_pattern(int32_t src, int i, int j)
{
    char b[4];
    size_t len = nb_utf8_encode(src, b);
    pattern *p = NULL;

    for (int k = 0; k < npats; k++)
        if (pats[k].len == (int)len && !memcmp(pats[k].bytes, b, len))
            p = &pats[k];
    if (!p) {
        if (npats == MAX_PATTERNS || len < 2)
            return -1;
        p = &pats[npats++];
        memcpy(p->bytes, b, len);
        p->len = (int)len;
        p->nat = 0;
        p->bits = 0;
        /* a Traditional form keys to the probe by itself; a compatibility
         * character only through NFKC */
        p->plain = nb_label_key_char(src) == needles[i].c[j];
    }
    if (p->nat == MAX_AT)
        return -1;
    p->at[p->nat][0] = (unsigned char)i;
    p->at[p->nat][1] = (unsigned char)j;
    p->nat++;
    p->bits |= 1u << i;
    return 0;
}

/* Register needle i and its probe. */
static int
add_needle(int i, const char *str, const char *probe_str)
{
    needle *nd = &needles[i];
    int32_t probe[2], src[64];
    int ns, found = 0;

    if ((nd->n = decode(str, nd->c, MAX_NCHARS)) <= 0 || decode(probe_str, probe, 2) != 1)
        return -1;
    for (int j = 0; j < nd->n; j++) {
        int na = 0;

        if (nd->c[j] < 0x80 || nb_label_key_char(nd->c[j]) != nd->c[j])
            return -1; /* not a key of ideographs and the like */
        memset(nd->alt[j], 0, sizeof nd->alt[j]);
        if ((ns = nb_label_key_sources(nd->c[j], src, 64)) < 0)
            return -1;
        for (int k = 0; k < ns; k++)
            if (src[k] != nd->c[j] && src[k] >= 0x4E00 && src[k] <= 0x9FFF) {
                if (na == MAX_ALT)
                    return -1;
                nd->alt[j][na++] = src[k];
            }
    }
    if ((ns = nb_label_key_sources(probe[0], src, 64)) <= 0)
        return -1;
    for (int j = 0; j < nd->n; j++) {
        if (nd->c[j] != probe[0])
            continue;
        found = 1;
        for (int k = 0; k < ns; k++)
            if (add_pattern(src[k], i, j) < 0)
                return -1;
    }
    return found ? 0 : -1;
}

int
tb_scan_init(const char *const *strs, const char *const *probes, int n)
{
    ready = 0;
    npats = 0;
    if (n <= 0 || n > TB_SCAN_MAX)
        return -1;
    for (int i = 0; i < n; i++)
        if (add_needle(i, strs[i], probes[i]) < 0)
            return -1;
    /* the slots past the last pattern repeat the first: the same hits */
    for (int k = 0; k < MAX_PATTERNS; k++) {
        const pattern *p = &pats[k < npats ? k : 0];

        last[k] = p->bytes[p->len - 1];
        for (int lane = 0; lane < 16; lane++) {
            pair0[k][lane] = p->bytes[p->len - 2];
            pair1[k][lane] = p->bytes[p->len - 1];
        }
    }
    ready = 1;
    return 0;
}

/* The key character of the character that ends before b[q] on its line
 * (its start in *at), -2 at the line's start or a TAB, -1 when it is not
 * plain or not a character. */
static int32_t
key_before(const char *b, size_t q, size_t *at)
{
    size_t p, len;
    int32_t c;

    if (q == 0 || b[q - 1] == '\n' || b[q - 1] == '\t')
        return -2;
    p = q - 1;
    while (p > 0 && q - p < 4 && ((unsigned char)b[p] & 0xC0) == 0x80)
        p--;
    c = nb_utf8_next(b + p, q - p, &len);
    if (p + len != q)
        return -1;
    *at = p;
    return nb_label_key_char(c);
}

/* The key character of the character at b[q] on its line (its end in
 * *end), -2 at the line's end or a TAB, -1 when it is not plain or not a
 * character (a stray byte is never plain). */
static int32_t
key_at(const char *b, size_t n, size_t q, size_t *end)
{
    size_t len;
    int32_t c;

    if (q >= n || b[q] == '\n' || b[q] == '\t')
        return -2;
    c = nb_utf8_next(b + q, n - q, &len);
    *end = q + len;
    return nb_label_key_char(c);
}

/* The ideograph (U+4E00..U+9FFF) of the three bytes at u, or 0. */
static inline int32_t
ideograph_at(const unsigned char *u)
{
    int32_t c;

    if (u[0] < 0xE4 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    c = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    return c >= 0x4E00 ? c : 0;
}

/* Whether the key character k (of nb_label_key_char) is needle nd's
 * character i: 1, 0 when not, -1 when k is -1. */
static int
is_char(const needle *nd, int i, int32_t k)
{
    if (k == -1)
        return -1;
    if (k == nd->c[i])
        return 1;
    return 0;
}

/* An ideograph x, which keys to itself or to its Simplified form: whether
 * that is needle nd's character i (the common case, without a call). */
static int
is_ideograph(const needle *nd, int i, int32_t x)
{
    if (x == nd->c[i])
        return 1;
    for (int k = 0; k < MAX_ALT && nd->alt[i][k]; k++)
        if (x == nd->alt[i][k])
            return 1;
    return 0;
}

/* Whether needle nd may be keyed from the text around its character j, the
 * plain character at b[a..e): 1, or 0 when it cannot. */
static int
may_hold(const char *b, size_t n, size_t a, size_t e, const needle *nd, int j)
{
    const unsigned char *u = (const unsigned char *)b;
    size_t q = a;

    for (int i = j - 1; i >= 0; i--) {
        int32_t k, x;
        int is;

        if (q >= 3 && (x = ideograph_at(u + q - 3)) != 0) {
            if (!is_ideograph(nd, i, x))
                return 0;
            q -= 3;
            continue;
        }
        while ((k = key_before(b, q, &q)) == 0) /* a dropped character: q moved back */
            ;
        if ((is = is_char(nd, i, k)) != 1)
            return is != 0;
    }
    q = e;
    for (int i = j + 1; i < nd->n; i++) {
        int32_t k, x;
        int is;

        if (n - q >= 3 && (x = ideograph_at(u + q)) != 0) {
            if (!is_ideograph(nd, i, x))
                return 0;
            q += 3;
            continue;
        }
        while ((k = key_at(b, n, q, &q)) == 0) /* a dropped character: q moved on */
            ;
        if ((is = is_char(nd, i, k)) != 1)
            return is != 0;
    }
    return 1;
}

/* Whether pattern p's bytes end at b[z]: 0 no, 1 as one character, 2 with
 * spaces between them (the bytes of a token that is not UTF-8). */
static int
ends_at(const char *b, size_t z, const pattern *p)
{
    size_t q = z;
    int spaced = 0;

    if ((unsigned char)b[z] != p->bytes[p->len - 1])
        return 0;
    for (int k = p->len - 2; k >= 0; k--) {
        if (q == 0)
            return 0;
        q--;
        while (b[q] == ' ' && q > 0) {
            q--;
            spaced = 1;
        }
        if ((unsigned char)b[q] != p->bytes[k])
            return 0;
    }
    return spaced ? 2 : 1;
}

/* The needles that may be keyed around b[z], the last byte of a pattern's
 * bytes (as bits), of those not in have (the line's bits so far: a needle
 * the line may hold already is not looked for again). */
static unsigned
needles_at(const char *b, size_t n, size_t z, unsigned have)
{
    unsigned bits = 0;

    for (int k = 0; k < npats; k++) {
        const pattern *p = &pats[k];
        int how;

        if ((unsigned char)b[z] != last[k] || !(p->bits & ~have) || (how = ends_at(b, z, p)) == 0)
            continue;
        if (how == 2 || !p->plain) {
            bits |= p->bits;
            continue;
        }
        for (int m = 0; m < p->nat; m++)
            if (!(have >> p->at[m][0] & 1) &&
                may_hold(b, n, z + 1 - (size_t)p->len, z + 1, &needles[p->at[m][0]], p->at[m][1]))
                bits |= 1u << p->at[m][0];
    }
    return bits;
}

/* Mark the line of b[z] with the needles that may be keyed around it.  The
 * bytes come in order: *line is the line of the last one, moved on. */
static void
scan_at(tb_doc *d, size_t z, int *line)
{
    tb_line *L;

    while (*line + 1 < d->nlines && d->lines[*line + 1].off <= z)
        (*line)++;
    if (d->nlines == 0)
        return;
    L = &d->lines[*line];
    L->mark_bits |= needles_at(d->body.p, d->body.n, z, L->mark_bits);
}

/* The lanes k < 16 (0xFF, else 0) where some pattern's last two bytes, or
 * a space and a continuation byte (a pattern's bytes with spaces between),
 * are at b[i + k] and b[i + k + 1] (b[i..i+17) readable).  Returns
 * whether there is any. */
static int
block_hits(const char *b, size_t i, unsigned char lanes[16])
{
    v16 x, y, hit;
    uint64_t w[2];

    memcpy(&x, b + i, 16);
    memcpy(&y, b + i + 1, 16);
    hit = (v16)(x == ' ') & (v16)((y & 0xC0) == 0x80);
    for (int k = 0; k < MAX_PATTERNS; k++) /* a constant count: unrolled */
        hit |= (v16)(x == pair0[k]) & (v16)(y == pair1[k]);
    memcpy(w, &hit, sizeof w);
    memcpy(lanes, &hit, 16);
    return (w[0] | w[1]) != 0;
}

/* The blocks of every processor (the compilers' vector extension): the
 * offset where the one-by-one tail begins. */
static size_t
scan_portable(tb_doc *d, const char *b, size_t n, int *line)
{
    size_t i = 0;

    for (; i + 17 <= n; i += 16) {
        unsigned char lanes[16];

        if (block_hits(b, i, lanes))
            for (int k = 0; k < 16; k++)
                if (lanes[k])
                    scan_at(d, i + (size_t)k + 1, line);
    }
    return i;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/*
 * The blocks with x86's instructions: a bit per lane (movemask), so a
 * block with hits visits only them, and 32 bytes a step where the
 * processor has AVX2 (nearly all x86-64 since 2013: nb_simd_level).  The
 * hits are those of block_hits (the other processors' step, above): some
 * pattern's last two bytes, or a space and a continuation byte, at b[z -
 * 1] and b[z].  Each returns the offset where the one-by-one tail begins.
 * The bench's 20 MB: 1,507 M -> 1,447 M instructions, the scan's block
 * loop a third of what it was.
 */
#include <immintrin.h>

static void
scan_mask(tb_doc *d, size_t i, uint32_t m, int *line)
{
    for (; m; m &= m - 1)
        scan_at(d, i + (size_t)__builtin_ctz(m) + 1, line);
}

static size_t
scan_sse2(tb_doc *d, const char *b, size_t n, int *line)
{
    const __m128i sp = _mm_set1_epi8(' '), hi2 = _mm_set1_epi8((char)0xC0),
                  cont = _mm_set1_epi8((char)0x80);
    __m128i p0[MAX_PATTERNS], p1[MAX_PATTERNS];
    size_t i = 0;

    for (int k = 0; k < MAX_PATTERNS; k++)
        p0[k] = _mm_set1_epi8((char)pair0[k][0]), p1[k] = _mm_set1_epi8((char)pair1[k][0]);
    for (; i + 17 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(b + i));
        __m128i y = _mm_loadu_si128((const __m128i *)(b + i + 1));
        __m128i hit =
            _mm_and_si128(_mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(_mm_and_si128(y, hi2), cont));

        for (int k = 0; k < MAX_PATTERNS; k++)
            hit = _mm_or_si128(hit,
                               _mm_and_si128(_mm_cmpeq_epi8(x, p0[k]), _mm_cmpeq_epi8(y, p1[k])));
        scan_mask(d, i, (uint32_t)_mm_movemask_epi8(hit), line);
    }
    return i;
}

__attribute__((target("avx2"))) static size_t
scan_avx2(tb_doc *d, const char *b, size_t n, int *line)
{
    const __m256i sp = _mm256_set1_epi8(' '), hi2 = _mm256_set1_epi8((char)0xC0),
                  cont = _mm256_set1_epi8((char)0x80);
    __m256i p0[MAX_PATTERNS], p1[MAX_PATTERNS];
    size_t i = 0;

    for (int k = 0; k < MAX_PATTERNS; k++)
        p0[k] = _mm256_set1_epi8((char)pair0[k][0]), p1[k] = _mm256_set1_epi8((char)pair1[k][0]);
    for (; i + 33 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(b + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(b + i + 1));
        __m256i hit = _mm256_and_si256(_mm256_cmpeq_epi8(x, sp),
                                       _mm256_cmpeq_epi8(_mm256_and_si256(y, hi2), cont));

        for (int k = 0; k < MAX_PATTERNS; k++)
            hit = _mm256_or_si256(
                hit, _mm256_and_si256(_mm256_cmpeq_epi8(x, p0[k]), _mm256_cmpeq_epi8(y, p1[k])));
        scan_mask(d, i, (uint32_t)_mm256_movemask_epi8(hit), line);
    }
    return i;
}

#define HAVE_X86_SCAN 1
#endif

/* The blocks at the level nb_simd_level gives (asked once per document):
 * the offset where the one-by-one tail begins. */
static size_t
scan_blocks(tb_doc *d, const char *b, size_t n, int *line)
{
    int level = nb_simd_level();

#ifdef HAVE_X86_SCAN
    if (level == NB_SIMD_AVX2)
        return scan_avx2(d, b, n, line);
    if (level == NB_SIMD_SSE2)
        return scan_sse2(d, b, n, line);
#else
    (void)level;
#endif
    return scan_portable(d, b, n, line);
}

/* Mark every line of d: a block a step when blocks is set, else a byte at
 * a time (the tests' reference). */
static void
scan_lines(tb_doc *d, int blocks)
{
    const char *b = d->body.p;
    size_t n = d->body.n;
    int line = 0;

    for (int l = 0; l < d->nlines; l++)
        d->lines[l].mark_bits = ready ? 0 : ~0u;
    if (!ready)
        return;
    /* the pairs b[z - 1], b[z] for z in [1, n): a block a step (most
     * blocks have none), then one by one */
    for (size_t z = (blocks ? scan_blocks(d, b, n, &line) : 0) + 1; z < n; z++)
        scan_at(d, z, &line);
}

void
tb_scan_lines(tb_doc *d)
{
    scan_lines(d, 1);
}

void
tb_scan_lines_bytes(tb_doc *d)
{
    scan_lines(d, 0);
}
