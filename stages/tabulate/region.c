/*
 * region.c - region resolution (gazetteer reference 2.4): the chain parse.
 *
 * Step A, the chain parse.  The normalised name is read from its first
 * character as a chain of index keys, each a division below the one
 * before (人民政府/政府 may sit between two), for example
 *
 *     威海市 文登区 | 民政局        → 371003
 *     荆州市 | 公安局               beats 荆州市 公安(县) | 局
 *     岭东区 中心街道 |             → 230503005 (街道办事处 reads 街道)
 *
 * Every parse is scored: characters covered, +1 per full name, +10 when
 * what is left is empty or ends in a category pattern.  A parse of short
 * forms only must leave such a rest (公安局 is not 公安县).  The
 * candidates are the last elements of the best parses.
 *
 * Step B, context (region_context.c), only for two candidates or more: the archive path
 * filters; phone area codes (+3), the address line (+3, +1 same city),
 * a labelled postcode's province (+1), chains "city+candidate" in the
 * text (+3) and mentions of each candidate's city (+1) and province
 * (+0.5) add up.  The best candidate wins with at least 3 and a lead of
 * 2; otherwise the report stays ambiguous at the candidates' lowest
 * common ancestor.
 */
#include "region_private.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "text.h"
#include "uchar.h"

#define MAX_CHARS 24   /* longest element tried, in characters */
#define MAX_DEPTH 5    /* province city county township + 1 */
#define MAX_NODES 4000 /* parse nodes per name: hostile input stays cheap */
#define MAX_HITS  128

const char *
nb_level_name(int level)
{
    static const char *const names[] = {NULL, "province", "city", "county", "township"};
    return level > 0 && level <= NB_LV_TOWNSHIP ? names[level] : NULL;
}

static void
stop(parse *p, int pos, int leaf, int covered, int nfull, int alias)
{
    size_t rn = p->n - p->bound[pos];
    int tail = rn == 0 || rn >= p->tail; /* the rest ends in a category pattern */
    int score = covered + nfull + (tail ? 10 : 0);

    if (!nfull && !tail)
        return; /* short forms only, and the rest means nothing */
    if (score < p->best)
        return;
    if (score > p->best) {
        p->best = score;
        p->ncand = 0;
        p->alias_best = 1;
    }
    p->alias_best &= alias;
    for (int i = 0; i < p->ncand; i++)
        if (p->cand[i] == leaf)
            return;
    if (p->ncand < NB_REGION_MAX_CAND)
        p->cand[p->ncand++] = leaf;
}

/* 1 when an element at bytes [b0, b1) would cut the word 人民政府 in two:
 * 石鼓区人民政府 names no 人民街道. */
static int
cuts_government(const parse *p, size_t b0, size_t b1)
{
    static const char word[] = "人民政府";
    const size_t m = sizeof word - 1;
    size_t x = b0 >= m ? b0 - m + 1 : 0;

    if (x < p->gov_first)
        x = p->gov_first; /* SIZE_MAX when the name has no 人民政府 */
    for (; x < b1 && x <= p->gov_last && x + m <= p->n; x++)
        if (!memcmp(p->s + x, word, m) && (x < b0 || x + m > b1))
            return 1;
    return 0;
}

static void
walk(parse *p, int pos, int prev, int covered, int nfull, int depth, int alias)
{
    static const char *const connectors[] = {"人民政府", "政府", NULL};
    nb_gz_hit hits[MAX_HITS];
    int starts[3], nstart = 0;

    if (++p->nodes > MAX_NODES)
        return;
    if (prev >= 0)
        stop(p, pos, prev, covered, nfull, alias);
    if (depth >= MAX_DEPTH || pos >= p->nch)
        return;
    starts[nstart++] = pos;
    if (prev >= 0) {
        for (int c = 0; connectors[c]; c++) {
            size_t l = strlen(connectors[c]);
            if (p->n - p->bound[pos] > l && !memcmp(p->s + p->bound[pos], connectors[c], l)) {
                starts[nstart++] = pos + (int)nb_utf8_chars(connectors[c], l);
                break;
            }
        }
    }
    for (int si = 0; si < nstart; si++) {
        int at = starts[si], skipped = at - pos;
        int maxlen = p->nch - at < MAX_CHARS ? p->nch - at : MAX_CHARS;
        size_t room = nb_gazetteer_max_key(p->g);
        /* no key is longer than the longest that begins with the same two
         * characters (bound[at + 2] is the third's first byte; the last
         * bound may hold more characters when the name was cut at MAX_NAME) */
        if (at + 2 < p->nch)
            room =
                nb_gazetteer_prefix_max(p->g, p->s + p->bound[at], p->bound[at + 2] - p->bound[at]);
        for (int len = maxlen; len >= 2; len--) {
            size_t b0 = p->bound[at], b1 = p->bound[at + len];
            int nh;
            if (b1 - b0 > room || cuts_government(p, b0, b1))
                continue;
            nh = nb_gazetteer_lookup(p->g, p->s + b0, b1 - b0, hits, MAX_HITS);
            if (nh > MAX_HITS)
                nh = MAX_HITS;
            for (int h = 0; h < nh; h++) {
                const nb_division *d = nb_gazetteer_get(p->g, hits[h].div);
                if (prev < 0) {
                    if (d->level == NB_LV_TOWNSHIP && hits[h].form != NB_FORM_FULL)
                        continue; /* 中心 alone is no place */
                } else if (hits[h].div == prev || d->level <= nb_gazetteer_get(p->g, prev)->level ||
                           !nb_gazetteer_is_ancestor(p->g, prev, hits[h].div)) {
                    continue;
                }
                walk(p, at + len, hits[h].div, covered + skipped + len,
                     nfull + (hits[h].form == NB_FORM_FULL), depth + 1,
                     alias | (hits[h].form == NB_FORM_ALIAS));
            }
        }
    }
}

/* Chain-parse s[0..n) (normalised) into p. */
void
rg_chain_parse(parse *p, const nb_gazetteer *g, const nb_categories *cats, const char *s, size_t n)
{
    memset(p, 0, offsetof(parse, bound));
    p->g = g;
    p->s = s;
    p->n = n;
    p->best = -1;
    /* every rest is an end of s: one question of the categories, not one per stop */
    p->tail = cats ? nb_category_suffix_len(cats, s, n) : SIZE_MAX;
    p->nch = 0;
    for (size_t i = 0; i < n && p->nch < MAX_NAME; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            p->bound[p->nch++] = i;
    }
    p->bound[p->nch] = n;
    p->gov_first = SIZE_MAX;
    for (const char *x = s; (x = tb_memmem(x, n - (size_t)(x - s), "人民政府", 12)) != NULL; x++) {
        if (p->gov_first == SIZE_MAX)
            p->gov_first = (size_t)(x - s);
        p->gov_last = (size_t)(x - s);
    }
    walk(p, 0, -1, 0, 0, 0, 0);
    /* one span read as a division and as its same-named child (金门县 the
     * county and 金门县 350527000 the township): the name is the parent's */
    for (int i = 0; i < p->ncand; i++)
        for (int k = 0; k < p->ncand; k++)
            if (k != i && nb_gazetteer_is_ancestor(g, p->cand[k], p->cand[i])) {
                p->cand[i--] = p->cand[--p->ncand];
                break;
            }
    /* the level of the deepest candidate */
    for (int i = 0; i < p->ncand; i++)
        if (nb_gazetteer_get(g, p->cand[i])->level > p->level)
            p->level = nb_gazetteer_get(g, p->cand[i])->level;
}

int
nb_region_resolve(const nb_gazetteer *g, const nb_categories *cats, const char *s, size_t n,
                  const nb_region_ctx *ctx, nb_region *out)
{
    nb_buf name = {0};
    parse *p = malloc(sizeof *p);
    int rc = 0;

    memset(out, 0, sizeof *out);
    out->div = -1;
    if (!p || nb_name_normalize(s, n, 1, &name) < 0) {
        rc = -1;
    } else {
        rg_chain_parse(p, g, cats, name.p, name.n);
        if (p->ncand == 0) {
            out->status = NB_REGION_UNRESOLVED;
            rg_descend(g, cats, name.p, name.n, ctx, out);
        } else {
            out->level = p->level;
            out->by = p->alias_best ? "alias" : "name";
            if (p->ncand == 1) {
                out->status = NB_REGION_RESOLVED;
                out->div = p->cand[0];
            } else {
                rc = rg_by_context(g, ctx, p, out); /* Step B */
            }
        }
    }
    free(p);
    nb_buf_fini(&name);
    return rc;
}
