/*
 * groups.c - the groups of a rollup: a hash table from key tuples to
 * groups, and the groups in the order of their keys.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rollup.h"

struct agg_rollup {
    int keys[AGG_NKEYS], nkeys;
    agg_group **tab; /* open addressing, by hash_keys */
    size_t cap, n;
};

agg_rollup *
agg_rollup_create(const int *keys, int nkeys)
{
    agg_rollup *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    memcpy(r->keys, keys, (size_t)nkeys * sizeof *keys);
    r->nkeys = nkeys;
    return r;
}

static void
group_free(agg_group *g)
{
    if (!g)
        return;
    for (int i = 0; i < AGG_NKEYS; i++)
        free(g->key[i]);
    free(g->acc);
    free(g);
}

void
agg_rollup_free(agg_rollup *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->cap; i++)
        group_free(r->tab[i]);
    free(r->tab);
    free(r);
}

int
agg_rollup_identifies(const agg_rollup *r)
{
    int has[AGG_NKEYS] = {0};

    for (int i = 0; i < r->nkeys; i++)
        has[r->keys[i]] = 1;
    return has[AGG_K_DOC]                                                   ? 1
           : has[AGG_K_AGENCY] && has[AGG_K_REGION_CODE] && has[AGG_K_YEAR] ? 2
                                                                            : 0;
}

const int *
agg_rollup_keys(const agg_rollup *r, int *n)
{
    *n = r->nkeys;
    return r->keys;
}

size_t
agg_rollup_ngroups(const agg_rollup *r)
{
    return r->n;
}

static uint64_t
fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Hash of the key tuple; a null key hashes apart from an empty one. */
static uint64_t
hash_keys(const agg_rollup *r, const char *const key[AGG_NKEYS])
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (int i = 0; i < r->nkeys; i++) {
        const char *k = key[r->keys[i]];

        h = k ? fnv(h, k, strlen(k) + 1) : fnv(h, "\x01\x01", 2);
    }
    return h;
}

static int
same_keys(const agg_rollup *r, const agg_group *g, const char *const key[AGG_NKEYS])
{
    for (int i = 0; i < r->nkeys; i++) {
        const char *a = g->key[i], *b = key[r->keys[i]];

        if (!a != !b || (a && strcmp(a, b)))
            return 0;
    }
    return 1;
}

static int
grow(agg_rollup *r)
{
    size_t cap = r->cap ? r->cap * 2 : 64;
    agg_group **tab = calloc(cap, sizeof *tab);

    if (!tab)
        return -1;
    for (size_t i = 0; i < r->cap; i++) {
        agg_group *g = r->tab[i];
        const char *key[AGG_NKEYS] = {0};
        size_t j;

        if (!g)
            continue;
        for (int k = 0; k < r->nkeys; k++)
            key[r->keys[k]] = g->key[k];
        for (j = hash_keys(r, key) & (cap - 1); tab[j]; j = (j + 1) & (cap - 1))
            ;
        tab[j] = g;
    }
    free(r->tab);
    r->tab = tab;
    r->cap = cap;
    return 0;
}

agg_group *
agg_rollup_find(const agg_rollup *r, const char *const key[AGG_NKEYS])
{
    if (r->cap == 0)
        return NULL;
    for (size_t j = hash_keys(r, key) & (r->cap - 1); r->tab[j]; j = (j + 1) & (r->cap - 1))
        if (same_keys(r, r->tab[j], key))
            return r->tab[j];
    return NULL;
}

agg_group *
agg_rollup_group(agg_rollup *r, const char *const key[AGG_NKEYS])
{
    size_t j;
    agg_group *g;

    if ((r->n + 1) * 10 > r->cap * 7 && grow(r) < 0)
        return NULL;
    for (j = hash_keys(r, key) & (r->cap - 1); r->tab[j]; j = (j + 1) & (r->cap - 1))
        if (same_keys(r, r->tab[j], key))
            return r->tab[j];
    g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    for (int i = 0; i < r->nkeys; i++) {
        const char *k = key[r->keys[i]];

        if (k && !(g->key[i] = strdup(k))) {
            group_free(g);
            return NULL;
        }
    }
    r->tab[j] = g;
    r->n++;
    return g;
}

static const agg_rollup *sort_ctx;

static int
cmp_groups(const void *pa, const void *pb)
{
    const agg_group *a = *(agg_group *const *)pa, *b = *(agg_group *const *)pb;

    for (int i = 0; i < sort_ctx->nkeys; i++) {
        const char *x = a->key[i], *y = b->key[i];
        int c;

        if (!x || !y) {
            if (!x && !y)
                continue;
            return x ? -1 : 1; /* unknown last */
        }
        if (sort_ctx->keys[i] == AGG_K_YEAR) {
            long long u = strtoll(x, NULL, 10), v = strtoll(y, NULL, 10);

            if (u != v)
                return u < v ? -1 : 1;
        }
        c = strcmp(x, y); /* compares as unsigned char: UTF-8 byte order */
        if (c)
            return c;
    }
    return 0;
}

agg_group **
agg_rollup_sorted(agg_rollup *r, size_t *n)
{
    agg_group **v;
    size_t k = 0;

    *n = 0;
    if (r->n == 0)
        return NULL;
    v = malloc(r->n * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->cap; i++)
        if (r->tab[i])
            v[k++] = r->tab[i];
    sort_ctx = r;
    qsort(v, k, sizeof *v, cmp_groups);
    sort_ctx = NULL;
    *n = k;
    return v;
}
