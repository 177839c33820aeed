/*
 * find.h - memmem for tabulate's needles: short fixed strings (markers,
 * row keys, labels, names of places) looked for in Chinese text.
 */
#ifndef NB_TAB_FIND_H
#define NB_TAB_FIND_H

#include <stddef.h>
#include <string.h>

/*
 * The first occurrence of needle[0..m) in hay[0..n), or NULL (hay when m
 * is 0): what memmem returns.  glibc's memmem looks at every byte of the
 * text, and in Chinese text the first byte of a needle's first character
 * (E4..E9) is a third of all bytes; the needle's last byte, a continuation
 * byte of its last character, is rare, so memchr jumps from one
 * occurrence of it to the next and only those are compared.  The cost is
 * at most n x m byte comparisons, linear for the short needles it is for.
 */
static inline const char *
tb_memmem(const char *hay, size_t n, const char *needle, size_t m)
{
    const char *p, *end = hay + n;

    if (m == 0)
        return hay;
    if (m > n)
        return NULL;
    for (p = hay + m - 1; p < end && (p = memchr(p, needle[m - 1], (size_t)(end - p))) != NULL; p++)
        if (!memcmp(p - (m - 1), needle, m - 1))
            return p - (m - 1);
    return NULL;
}

#endif
