/*
 * region_private.h - what region.c (Step A, the chain parse) and
 * region_context.c (Step B, the evidence around the name) share.
 */
#ifndef NB_REGION_PRIVATE_H
#define NB_REGION_PRIVATE_H

#include "region.h"
#include "text.h"

#define MAX_NAME 512 /* bytes of a name that are parsed */

/* One chain parse: the name, the best score so far and its candidates. */
typedef struct parse {
    const nb_gazetteer *g;
    const char *s;
    size_t n;
    int nch;
    int nodes;
    int best, alias_best;
    int cand[NB_REGION_MAX_CAND];
    int ncand, level;
    size_t gov_first, gov_last; /* the first and last 人民政府 in s; SIZE_MAX, 0 when none */
    size_t tail;                /* a rest of at least tail bytes ends in a category pattern
                                   (nb_category_suffix_len); SIZE_MAX for none */
    size_t bound[MAX_NAME + 1]; /* byte offset of each character; last, not cleared */
} parse;

/* Chain-parse s[0..n) (normalised) into p: p->cand[0..p->ncand) the
 * divisions the best parses end in, p->level the deepest one's level. */
void rg_chain_parse(parse *p, const nb_gazetteer *g, const nb_categories *cats, const char *s,
                    size_t n);

/* A name with no place (县人民政府办公室, 教育局), s[0..n) normalised: the
 * page's own hints place it, else a county-level body that names one
 * place most; out is left unresolved otherwise. */
void rg_descend(const nb_gazetteer *g, const nb_categories *cats, const char *s, size_t n,
                const nb_region_ctx *ctx, nb_region *out);

/* Step B for p's two candidates or more: fills out (resolved by context,
 * or ambiguous).  Returns 0, or -1 when out of memory. */
int rg_by_context(const nb_gazetteer *g, const nb_region_ctx *ctx, parse *p, nb_region *out);

#endif
