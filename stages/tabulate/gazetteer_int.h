/*
 * gazetteer_int.h - the gazetteer's index, shared by gazetteer.c (the
 * index and lookups) and gazetteer_load.c (reading the tables).
 */
#ifndef NB_GAZETTEER_INT_H
#define NB_GAZETTEER_INT_H

#include "gazetteer.h"

typedef struct gz_key {
    size_t off; /* in keys */
    unsigned len;
    int first; /* first entry */
} gz_key;

typedef struct gz_ent {
    int div, form, next;
} gz_ent;

typedef struct gz_area {
    char code[8];
    int off, n; /* in acdiv */
} gz_area;

struct nb_gazetteer {
    nb_division *div;
    int ndiv, divcap;
    size_t *name_off; /* while loading: offsets into names */
    nb_buf names;
    nb_buf keys;
    gz_key *k;
    int nk, kcap;
    int *slot; /* -1 or an index into k */
    size_t nslot;
    gz_ent *e;
    int ne, ecap;
    size_t max_key;
    unsigned char *first2; /* GZ_FIRST2 slots: the longest key (bytes) by the
                              hash of its first two characters, 0 for none */
    gz_area *ac;
    int nac, accap;
    int *acdiv;
    int nacdiv, acdivcap;
};

#define GZ_FIRST2 (1u << 16)

/* Grow *p (of *cap elements of size bytes) to hold need; 0 or -1. */
int gz_grow(void **p, int *cap, int need, size_t size);
/* Rebuild the hash slots with nslot (a power of two) of them; 0 or -1. */
int gz_rehash(nb_gazetteer *g, size_t nslot);
/* Index s[0..n) -> division div as form (enum nb_gz_form); 0 or -1. */
int gz_add_key(nb_gazetteer *g, const char *s, size_t n, int div, int form);
/* Index the short forms of division i (see gazetteer.c); 0 or -1. */
int gz_add_short_forms(nb_gazetteer *g, int i);

#endif
