/* uchar.c - the UTF-8 decoder and the character classes. */
#include "uchar.h"

size_t
nb_utf8_encode(int32_t c, char *u)
{
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        u[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        u[0] = (char)(0xC0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        u[0] = (char)(0xE0 | c >> 12);
        u[1] = (char)(0x80 | (c >> 6 & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | c >> 18);
    u[1] = (char)(0x80 | (c >> 12 & 0x3F));
    u[2] = (char)(0x80 | (c >> 6 & 0x3F));
    u[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

int32_t
nb_utf8_last(const char *s, size_t n)
{
    size_t k = n - 1, len;

    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && n - k < 4)
        k--;
    return nb_utf8_next(s + k, n - k, &len);
}

int
nb_uc_class(int32_t c)
{
    if (c < 0x80)
        return c == '-' ? NB_UC_DASH : c == '\'' || c == '`' ? NB_UC_GROUP_MARK : 0;
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 0; /* the common case: an ideograph */
    switch (c) {
    case 0x2010: /* ‐ hyphen */
    case 0x2011: /* ‑ non-breaking hyphen */
    case 0x2012: /* ‒ figure dash */
    case 0x2013: /* – */
    case 0x2014: /* — */
    case 0x2015: /* ― */
    case 0x2212: /* − minus */
    case 0x2E3A: /* ⸺ */
    case 0x2E3B: /* ⸻ */
    case 0xFE31: /* vertical em dash */
    case 0xFE32: /* vertical en dash */
    case 0xFE58: /* small em dash */
    case 0xFE63: /* small hyphen-minus */
    case 0xFF0D: /* － */ return NB_UC_DASH;
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000: return NB_UC_SPACE;
    case 0x00AD:
    case 0x200B:
    case 0x2060:
    case 0xFEFF: return NB_UC_INVISIBLE;
    case 0x00B2:
    case 0x00B3:
    case 0x00B9:
    case 0x2070: return NB_UC_MARK_DIGIT;
    case 0x00B4:
    case 0x2019:
    case 0x2032: return NB_UC_GROUP_MARK;
    }
    if ((c >= 0x2074 && c <= 0x2079) || (c >= 0x2080 && c <= 0x2089) ||
        (c >= 0x2460 && c <= 0x2473) || c == 0x24EA) /* ① to ⑳, ⓪: footnotes too */
        return NB_UC_MARK_DIGIT;
    return c >= 0x2000 && c <= 0x200A ? NB_UC_SPACE : 0;
}

size_t
nb_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}
