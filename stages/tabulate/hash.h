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
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0x100000001B3ull;
    return (uint32_t)(h ^ h >> 32);
}

#endif
