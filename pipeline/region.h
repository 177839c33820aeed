/*
 * region.h - place an agency on the map (DESIGN 3, gazetteer reference
 * 2.4): read its name as a chain of division names, and only when that
 * leaves several candidates, weigh the evidence of the report around it.
 */
#ifndef NB_REGION_H
#define NB_REGION_H

#include <stddef.h>

#include "category.h"
#include "gazetteer.h"

enum nb_region_status { NB_REGION_UNRESOLVED, NB_REGION_RESOLVED, NB_REGION_AMBIGUOUS };

#define NB_REGION_MAX_CAND 128

typedef struct nb_region {
    int status;     /* enum nb_region_status */
    int div;        /* the division; for an ambiguous name the candidates'
                       lowest common ancestor; -1 when none */
    int level;      /* enum nb_level of the deepest named element; NB_LV_NONE
                       when unresolved */
    const char *by; /* static: "name", "alias", "context"; NULL when unresolved */
    int ncand;      /* ambiguous: the candidates (at most NB_REGION_MAX_CAND) */
    int cand[NB_REGION_MAX_CAND];
} nb_region;

/* The report around the name; every member may be NULL/0. */
typedef struct nb_region_ctx {
    const char *doc;  /* the doc id: ARCHIVE!MEMBER or a path */
    const char *text; /* the body */
    size_t n;
} nb_region_ctx;

/*
 * Resolve the agency name s[0..n) against g.  cats (may be NULL) scores
 * the part of the name after the place names (荆州市 + 公安局 beats
 * 荆州市 + 公安县 + 局).  Context from ctx is used only when the name
 * alone leaves two or more candidates, and never overrides a name that
 * resolved on its own.  Fills *out; returns 0, or -1 when out of memory.
 */
int nb_region_resolve(const nb_gazetteer *g, const nb_categories *cats, const char *s, size_t n,
                      const nb_region_ctx *ctx, nb_region *out);

/* "province", "city", "county", "township" or NULL for NB_LV_NONE. */
const char *nb_level_name(int level);

#endif
