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
    int status;           /* enum nb_region_status */
    int div;              /* the division; for an ambiguous name the candidates'
                             lowest common ancestor; -1 when none */
    int level;            /* enum nb_level of the deepest named element; NB_LV_NONE
                             when unresolved */
    const char *by;       /* static: "name", "alias", "context"; NULL when unresolved */
    const char *evidence; /* static: what placed it when context did: a hint's
                             by ("meta.SiteIDCode", "index_no", "host"…),
                             "path", "context:body", "context"; else NULL */
    int ncand;            /* ambiguous: the candidates (at most NB_REGION_MAX_CAND) */
    int cand[NB_REGION_MAX_CAND];
} nb_region;

/* A division the page names as its owner, and how (a static string). */
typedef struct nb_region_hint {
    int div;
    const char *by; /* "meta.SiteIDCode", "index_no", "credit_code", "host" */
    int set;        /* hints in a row with the same set (not 0) are one piece of
                       evidence naming either place (gdsx: 始兴 or 遂溪) */
} nb_region_hint;

/* The report around the name; every member may be NULL/0. */
typedef struct nb_region_ctx {
    const char *doc;  /* the doc id: ARCHIVE!MEMBER or a path */
    const char *text; /* the body */
    size_t n;
    const nb_region_hint *hints; /* strongest first */
    int nhints;
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

/*
 * Evidence parsers.  Each writes the 6-digit division code it reads into
 * code[7] and returns 1, or returns 0 (the caller checks that the code is
 * in the table).
 *  - nb_evidence_siteid: a SiteIDCode: 10 digits whose first 6 are the
 *    owner's division on local sites ("3213220037"); central bodies'
 *    "bm…" codes give 0.
 *  - nb_evidence_index_no: an 索引号 value: a 统一社会信用代码 (18
 *    characters; characters 3-8 are the registering division), or 6 digits
 *    or more starting it ("620702074/2024-00047"), cut by '/', '-', a space
 *    or a letter.
 *  - nb_evidence_credit: an 18-character 统一社会信用代码 alone.
 */
int nb_evidence_siteid(const char *s, size_t n, char code[7]);
int nb_evidence_index_no(const char *s, size_t n, char code[7]);
int nb_evidence_credit(const char *s, size_t n, char code[7]);

/* "province", "city", "county", "township" or NULL for NB_LV_NONE. */
const char *nb_level_name(int level);

#endif
