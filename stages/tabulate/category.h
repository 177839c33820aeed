/*
 * category.h - the kind of agency (DESIGN 3): the longest category pattern
 * that ends the agency's name, with the fallbacks of the gazetteer
 * reference (3).
 *
 * The table is data/categories.tsv: a header row, then
 * `category_id chinese_name match_patterns('|'-separated) level_hints`.
 * Three ids have roles: `gov` and `public_institution` are skipped when a
 * department is searched inside a name, `public_institution` matches only
 * when nothing else does, and `other` (required) is the fallback.
 */
#ifndef NB_CATEGORY_H
#define NB_CATEGORY_H

#include <stddef.h>

#include "nb.h"

typedef struct nb_category {
    const char *id;   /* "civil_affairs" */
    const char *name; /* "民政" */
} nb_category;

typedef struct nb_categories nb_categories;

/* Load the table.  Returns a new table or NULL with err: NB_E_IO,
 * NB_E_RECORD (a malformed row, a pattern used twice, no `other`),
 * NB_E_NOMEM. */
nb_categories *nb_categories_load(const char *path, nb_error *err);
void nb_categories_free(nb_categories *c);

/*
 * The category of an agency name s[0..n) (as printed; it is normalised
 * here as nb_name_normalize does):
 *  1. the longest pattern that is a suffix of the name (public_institution
 *     excluded);
 *  2. else the department pattern ending rightmost inside the name (branch
 *     units: XX市公安局XX分局), gov and public_institution excluded;
 *  3. else public_institution when one of its patterns is a suffix;
 *  4. else other.
 * Returns a category borrowed from c; never NULL.
 */
const nb_category *nb_category_match(const nb_categories *c, const char *s, size_t n);

/* 1 when the (already normalised) s[0..n) ends with a pattern of any
 * category but public_institution: used by the region resolver to score
 * the rest of an agency name after its place names. */
int nb_category_is_suffix(const nb_categories *c, const char *s, size_t n);

/* The length in bytes of the shortest such pattern s[0..n) ends with, or
 * SIZE_MAX when none: a part s[k..n) of it ends with a pattern exactly
 * when n - k is at least that (the resolver asks it once per name). */
size_t nb_category_suffix_len(const nb_categories *c, const char *s, size_t n);

/* 1 when the (already normalised) s[0..n) is a pattern of a category but
 * public_institution: a name with no place in it (教育局, 人民政府办公室). */
int nb_category_is_pattern(const nb_categories *c, const char *s, size_t n);

#endif
