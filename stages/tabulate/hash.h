/*
 * hash.h - the hash of tabulate's memo tables and of the gazetteer's index.
 */
#ifndef NB_TAB_HASH_H
#define NB_TAB_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A hash of a short text, eight bytes a step: nb_hash's byte loop is a
 * chain of multiplications as long as the text, and the memos hash every
 * label and field they are asked about. */
static inline uint32_t
tb_hash(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    /* the last n - i < 8 bytes, as a memcpy into a zeroed w puts them on
     * a little-endian machine, from two loads that may overlap (a memcpy
     * of a variable length is a call) */
    w = 0;
    if (n - i >= 4) {
        uint32_t a, b;
        memcpy(&a, s + i, 4);
        memcpy(&b, s + n - 4, 4);
        w = a | (uint64_t)b << (n - i - 4) * 8;
    } else if (n - i >= 2) {
        uint16_t a, b;
        memcpy(&a, s + i, 2);
        memcpy(&b, s + n - 2, 2);
        w = a | (uint64_t)b << (n - i - 2) * 8;
    } else if (n - i == 1) {
        w = (unsigned char)s[i];
    }
    h = (h ^ w) * 0x100000001B3ull;
    return (uint32_t)(h ^ h >> 32);
}

#endif
