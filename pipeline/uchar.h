/*
 * uchar.h - the one UTF-8 decoder and the one table of character classes
 * (SCHEMA 7.1 and 7.2: dashes, blanks, invisible characters, full-width
 * forms).  fold.c (normalize), cell.c and tabulate's tokens take them from
 * here, so a character folds the same way in every stage.
 */
#ifndef NB_UCHAR_H
#define NB_UCHAR_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length (1 to 4) of the well-formed UTF-8 character at s[0..n), n > 0,
 * with its code point in *cp; 0 when the bytes there are not one (a
 * stray byte, a truncated, overlong or surrogate sequence, above U+10FFFF).
 */
/* inline: every stage decodes text with it, a character at a time */
static inline size_t
nb_utf8_decode(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    size_t len;
    int32_t v;

    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = (int32_t)(c & 0x1F);
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = (int32_t)(c & 0x0F);
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = (int32_t)(c & 0x07);
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* The character at s[0..n), n > 0, and its length in *len: ASCII and the
 * three-byte forms (all of CJK) inline; a byte that starts no character is
 * returned as itself with length 1. */
static inline int32_t
nb_utf8_next(const char *s, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    int32_t cp;

    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    if (n >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        cp = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *len = 3;
            return cp;
        }
    }
    *len = nb_utf8_decode(s, n, &cp);
    if (*len == 0) {
        *len = 1;
        return u[0];
    }
    return cp;
}

/* Write code point c as UTF-8 into u (4 bytes at least); a surrogate or
 * a value out of range is written as U+FFFD.  Returns the length. */
size_t nb_utf8_encode(int32_t c, char *u);

/* The character that ends s[0..n) (valid UTF-8, n > 0). */
int32_t nb_utf8_last(const char *s, size_t n);

/* The number of characters of UTF-8 s[0..n) (its lead bytes). */
size_t nb_utf8_chars(const char *s, size_t n);

/* Character classes, a bit set. */
enum {
    /* the dash set of SCHEMA 7.1 (- — – ― − ‐ ‑ －), the forms NFKC folds
     * into it (small and vertical dashes, small hyphen-minus), the figure
     * dash and the two- and three-em dashes (⸺ ⸻) agencies draw "none" with */
    NB_UC_DASH = 1 << 0,
    /* blanks other than ASCII: NBSP, U+1680, U+2000-200A, U+202F, U+205F,
     * U+3000 (SCHEMA 7.1 blank; normalize folds them to ' ') */
    NB_UC_SPACE = 1 << 1,
    /* invisible: zero-width space, word joiner, BOM, soft hyphen
     * (normalize removes them; a cell of them is blank) */
    NB_UC_INVISIBLE = 1 << 2,
    /* superscript and subscript digits (² ³ ¹ ⁰ ⁴-⁹ ₀-₉) and circled
     * numbers (①-⑳ ⓪): footnote marks, never digits of the number beside
     * them (NFKC would make them so) */
    NB_UC_MARK_DIGIT = 1 << 3,
    /* marks some writers group digits with (' ` ’ ′ ´): between digits,
     * a separator, never nothing */
    NB_UC_GROUP_MARK = 1 << 4,
};

/* The classes of code point c (0 for most characters). */
int nb_uc_class(int32_t c);

static inline int
nb_uc_is_dash(int32_t c)
{
    return (nb_uc_class(c) & NB_UC_DASH) != 0;
}

/* Blank in a cell (SCHEMA 7.1): ASCII white space, the other blanks and
 * the invisible characters. */
static inline int
nb_uc_is_blank(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    return (nb_uc_class(c) & (NB_UC_SPACE | NB_UC_INVISIBLE)) != 0;
}

/* A full-width ASCII form (U+FF01-FF5E) as ASCII, U+3000 as ' ', else c:
 * what NFKC does to them, for the paths that skip NFKC. */
static inline int32_t
nb_uc_narrow(int32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    return c == 0x3000 ? ' ' : c;
}

#endif
