/*
 * gazetteer.h - the official division table (DESIGN 3): provinces,
 * prefectures, counties and townships with their codes, indexed by full
 * name, short form and alias for the region resolver (region.h).
 *
 * The table is data/divisions.tsv.gz, made by scripts/update-gazetteer:
 * a header row, then `code name level parent_code province city county`
 * sorted by code, every parent before its children.  Aliases
 * (data/aliases.tsv: `name code source`) and phone area codes
 * (data/areacodes.tsv: `areacode code,code…`) are optional.
 */
#ifndef NB_GAZETTEER_H
#define NB_GAZETTEER_H

#include <stddef.h>

#include "nb.h"
#include "text.h"

enum nb_level { NB_LV_NONE, NB_LV_PROVINCE, NB_LV_CITY, NB_LV_COUNTY, NB_LV_TOWNSHIP };

/* How an index key names a division. */
enum nb_form { NB_FORM_FULL, NB_FORM_SHORT, NB_FORM_ALIAS };

typedef struct nb_division {
    char code[10];       /* 6 digits, 9 for townships */
    unsigned char level; /* enum nb_level; county_stat rows are NB_LV_COUNTY */
    unsigned char stat;  /* 1 for an NBS-only county-level unit (county_stat) */
    int parent;          /* index of the parent, -1 for a province */
    const char *name;    /* full name, owned by the gazetteer */
} nb_division;

typedef struct nb_gazetteer nb_gazetteer;

/* A hit of nb_gazetteer_lookup: a division and how the key names it. */
typedef struct nb_gz_hit {
    int div;
    int form; /* enum nb_form */
} nb_gz_hit;

/*
 * Load the division table from the gzip file divisions and, when not NULL,
 * the aliases and area-code tables.  Returns a new gazetteer, or NULL with
 * err filled: NB_E_IO (a file cannot be opened or read, or the gzip stream
 * is corrupt), NB_E_RECORD (a malformed row; err->line and the message
 * name it), NB_E_NOMEM.
 */
nb_gazetteer *nb_gazetteer_load(const char *divisions, const char *aliases, const char *areacodes,
                                nb_error *err);
void nb_gazetteer_free(nb_gazetteer *g);

/* Number of divisions; division i (0 <= i < count), borrowed. */
int nb_gazetteer_count(const nb_gazetteer *g);
const nb_division *nb_gazetteer_get(const nb_gazetteer *g, int i);

/* Index of the division with this code, or -1. */
int nb_gazetteer_find(const nb_gazetteer *g, const char *code);

/* Every division named by the key s[0..n): writes up to cap hits and
 * returns how many there are (possibly more than cap). */
int nb_gazetteer_lookup(const nb_gazetteer *g, const char *s, size_t n, nb_gz_hit *hits, int cap);

/* Longest key of the index in bytes (for probing prefixes). */
size_t nb_gazetteer_max_key(const nb_gazetteer *g);

/*
 * At least the length in bytes of every key that begins with the two
 * characters s[0..n) (n: up to the third byte of the key that is not a
 * UTF-8 continuation byte, or the whole key), and 0 only when no key
 * begins so.  One question instead of a lookup per length: a key longer
 * than this, or beginning with characters it gives 0 for, is no key.
 */
size_t nb_gazetteer_prefix_max(const nb_gazetteer *g, const char *s, size_t n);

/* 1 when a is b or one of its ancestors. */
int nb_gazetteer_is_ancestor(const nb_gazetteer *g, int a, int b);

/* The ancestor-or-self of i at the given level, or -1. */
int nb_gazetteer_at_level(const nb_gazetteer *g, int i, int level);

/* The lowest common ancestor of idx[0..n), or -1 when they share none. */
int nb_gazetteer_lca(const nb_gazetteer *g, const int *idx, int n);

/* Divisions served by a phone area code ("0469"): a borrowed array and its
 * length in *n, or NULL when the code is unknown. */
const int *nb_gazetteer_areacode(const nb_gazetteer *g, const char *code, int *n);

/*
 * Normalise an agency or place name into out (replacing its contents, NUL
 * terminated): NFKC (full-width letters and digits fold), white space
 * removed, a trailing （…） remark cut, a leading 国家税务总局 or 中共
 * dropped.  With match set, 街道办事处/街道办 also become 街道 (for
 * matching only).  Returns 0, or -1 when out of memory.
 */
int nb_name_normalize(const char *s, size_t n, int match, nb_buf *out);

#endif
