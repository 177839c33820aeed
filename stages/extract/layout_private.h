/*
 * layout_private.h - what layout.c (glyphs to rows and cells) and
 * margins.c (running headers and footers) share.
 */
#ifndef NB_LAYOUT_PRIVATE_H
#define NB_LAYOUT_PRIVATE_H

#include "layout.h"
#include "uchar.h"

/* A glyph that is white space in a PDF's text: the C0 controls and ' ',
 * NBSP, U+3000, U+2000-U+200B, BOM. */
static inline int
lo_is_space(int c)
{
    return c <= 0x20 || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

/* The character at s[*i..n), *i moved past it. */
static inline int
lo_next_cp(const char *s, size_t n, size_t *i)
{
    size_t len;
    int32_t cp = nb_utf8_next(s + *i, n - *i, &len);

    *i += len;
    return cp;
}

#endif
