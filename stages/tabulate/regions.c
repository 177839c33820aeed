/* regions.c - label keys of token ranges, and where a table begins. */
#include "recog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    while ((p = memmem(p, n - (size_t)(p - hay), needle, m)) != NULL) {
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

/* The first label token at or after t0 whose key contains needle. */
int
rg_find_label(const tb_doc *d, int t0, int t1, const char *needle, int maxkey)
{
    size_t m = strlen(needle), at, end;

    if (t0 >= t1)
        return -1;
    /* the keys lie back to back in token order: one search over them,
     * then the token the match falls in */
    at = d->tok[t0].koff;
    end = d->tok[t1 - 1].koff + d->tok[t1 - 1].klen;
    while (at + m <= end) {
        const char *hit = memmem(d->keys.p + at, end - at, needle, m);
        size_t off;
        int lo = t0, hi = t1 - 1;

        if (!hit)
            return -1;
        off = (size_t)(hit - d->keys.p);
        while (lo < hi) { /* the last token with koff <= off */
            int mid = lo + (hi - lo + 1) / 2;
            if (d->tok[mid].koff <= off)
                lo = mid;
            else
                hi = mid - 1;
        }
        {
            const tb_tok *k = &d->tok[lo];
            if (k->kind == TK_LABEL && off + m <= k->koff + k->klen &&
                !(maxkey && k->klen > (size_t)maxkey))
                return lo;
        }
        at = off + 1;
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
