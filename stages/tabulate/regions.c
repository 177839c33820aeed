/* regions.c - label keys of token ranges, and where a table begins. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "uchar.h"

/* ---- label keys of token ranges ---- */

/* The label key of the label tokens in [t0, t1): their keys joined.
 * Returns its length; out holds KEY_MAX bytes.  When too long, the end
 * is kept: the row's own label is nearest the values. */
size_t
rg_range_key(const tb_doc *d, int t0, int t1, char *out)
{
    size_t n = 0;
    int from = t1;

    /* from the end back, as many whole keys as fit */
    while (from > t0) {
        const tb_tok *k = &d->tok[from - 1];
        if (k->kind == TK_LABEL && n + k->klen >= KEY_MAX)
            break;
        if (k->kind == TK_LABEL)
            n += k->klen;
        from--;
    }
    n = 0;
    for (int t = from; t < t1; t++) {
        const tb_tok *k = &d->tok[t];
        if (k->kind != TK_LABEL)
            continue;
        memcpy(out + n, tb_tok_key(d, k), k->klen);
        n += k->klen;
    }
    out[n] = '\0';
    return n;
}

/* End offset of the last occurrence of needle in hay, or 0. */
size_t
rg_last_end(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), best = 0;
    const char *p = hay;

    if (!needle || m == 0 || m > n)
        return 0;
    while ((p = tb_memmem(p, n - (size_t)(p - hay), needle, m)) != NULL) {
        best = (size_t)(p - hay) + m;
        p++;
    }
    return best;
}

int
rg_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return m <= n && !memcmp(s + n - m, suffix, m);
}

/* ---- regions ---- */

/*
 * Most label tokens are prose that no table reads: they are keyed only when
 * their text may key to a marker the regions are found by.  Each ideograph
 * of the markers (rg_markers_init) has a bit; a token's marks are the bits
 * of the characters of its text that key to one (nb_label_key_sources), and
 * a token whose marks miss a bit of the needle cannot hold it.
 */
#define MARK_SRC_MAX 255

typedef struct mark_src {
    int32_t cp;
    uint64_t bits;
} mark_src;

static int32_t mark_char[64]; /* bit i: the ideograph mark_char[i] */
static int nmark_char;
static mark_src msrc[MARK_SRC_MAX];
static int nmsrc;
static unsigned char mark_bmp[0x10000];      /* BMP character -> 1 + its msrc index, or 0 */
static uint64_t mark_bits[MARK_SRC_MAX + 1]; /* mark_bmp's value -> the bits (0 for none) */
static uint64_t mark_any[0x10000 / 64];      /* bit c: mark_bmp[c] is not 0 */
static unsigned char mark_bit[0x10000];      /* a marker's ideograph -> 1 + its bit, else 0 */

/* Give the ideograph c a bit, and its sources that bit. */
static void
mark_add(int32_t c)
{
    int32_t src[64];
    int n;

    for (int i = 0; i < nmark_char; i++)
        if (mark_char[i] == c)
            return;
    n = nb_label_key_sources(c, src, 64);
    if (nmark_char == 64 || n < 0 || nmsrc + n > MARK_SRC_MAX)
        return; /* no bit: c rules nothing out */
    for (int k = 0; k < n; k++) {
        int j = 0;
        while (j < nmsrc && msrc[j].cp != src[k])
            j++;
        if (j == nmsrc)
            msrc[nmsrc++] = (mark_src){src[k], 0};
        msrc[j].bits |= 1ull << nmark_char;
        mark_bits[j + 1] = msrc[j].bits;
        if (src[k] < 0x10000) {
            mark_bmp[src[k]] = (unsigned char)(j + 1);
            mark_any[src[k] >> 6] |= 1ull << (src[k] & 63);
        }
    }
    mark_bit[c] = (unsigned char)(nmark_char + 1); /* c is a BMP ideograph (rg_markers_init) */
    mark_char[nmark_char++] = c;
}

void
rg_markers_init(const char *const *needles, int n)
{
    for (int i = 0; i < n; i++)
        for (size_t k = 0, m = strlen(needles[i]); k < m;) {
            size_t len;
            int32_t c = nb_utf8_next(needles[i] + k, m - k, &len);
            if (c >= 0x4E00 && c <= 0x9FFF)
                mark_add(c);
            k += len;
        }
}

static uint64_t
char_marks(int32_t c)
{
    if (c < 0x10000)
        return mark_bits[mark_bmp[c]];
    for (int j = 0; j < nmsrc; j++) /* U+2F800.. (CJK compatibility supplement) */
        if (msrc[j].cp == c)
            return msrc[j].bits;
    return 0;
}

/* The bits of the ideographs of needle that have one. */
static uint64_t
needle_marks(const char *needle, size_t m)
{
    uint64_t bits = 0;

    for (size_t k = 0; k < m;) {
        size_t len;
        int32_t c = nb_utf8_next(needle + k, m - k, &len);
        if (c >= 0 && c < 0x10000 && mark_bit[c])
            bits |= 1ull << (mark_bit[c] - 1);
        k += len;
    }
    return bits;
}

/* The marks of the BMP character c. */
static inline uint64_t
bmp_marks(unsigned c)
{
    /* the bitmap (8 KiB) rules out most characters without reading mark_bmp (64 KiB) */
    return mark_any[c >> 6] >> (c & 63) & 1 ? mark_bits[mark_bmp[c]] : 0;
}

/* The marks of a label token's text. */
static uint64_t
tok_marks(tb_doc *d, tb_tok *t)
{
    const unsigned char *u = (const unsigned char *)tb_tok_text(d, t), *e = u + t->len;
    uint64_t bits = 0;
    int bad = 0, blank = 0;

    if (t->marks_known)
        return t->marks;
    while (u < e) {
        size_t len;
        int32_t c;

        /* the common case in a tight loop: three bytes, U+1000..U+CFFF (no
         * overlong form, no surrogate) */
        while (e - u >= 3 && (unsigned)(u[0] - 0xE1) < 12 && (u[1] & 0xC0) == 0x80 &&
               (u[2] & 0xC0) == 0x80) {
            bits |= bmp_marks((unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 |
                              (unsigned)(u[2] & 0x3F));
            u += 3;
        }
        if (u >= e)
            break;
        if (u[0] < 0x80) {
            blank |= u[0] == ' ' || u[0] == '\t';
            u++;
            continue;
        }
        c = nb_utf8_next((const char *)u, (size_t)(e - u), &len);
        if (len == 1)
            bad = 1;
        else
            bits |= char_marks(c);
        u += len;
    }
    /* not UTF-8: keyed as its bytes less blanks, which may join anything */
    t->marks = bad && blank ? ~(uint64_t)0 : bits;
    t->marks_known = 1;
    return t->marks;
}

/* The first label token at or after t0 whose key contains needle. */
int
rg_find_label(tb_doc *d, int t0, int t1, const char *needle, int maxkey)
{
    size_t m = strlen(needle);
    uint64_t need = needle_marks(needle, m);

    for (int i = t0; i < t1; i++) {
        tb_tok *k = &d->tok[i];

        if (k->kind != TK_LABEL || (k->keyed && k->klen < m))
            continue;
        /* the marks spare keying prose that cannot hold needle (a key is
         * searched as soon as they are known) */
        if (!k->keyed && need && (tok_marks(d, k) & need) != need)
            continue;
        if (!k->keyed && tb_key_tokens(d, i, i + 1) < 0)
            return -1;
        if ((maxkey && k->klen > (size_t)maxkey) || k->klen < m)
            continue;
        if (tb_memmem(tb_tok_key(d, k), k->klen, needle, m))
            return i;
    }
    return -1;
}

int
rg_min_pos(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}
