/*
 * json_tok.h - inside the library: one line of JSON cut into tokens
 * (json_tok.c), the whole grammar checked as jansson's json_loadb checks it
 * with JSON_REJECT_DUPLICATES, no allocation per value.  The record reader
 * (record_read.c) and the document header (header.c) read their members
 * from the tokens.
 */
#ifndef NB_JSON_TOK_H
#define NB_JSON_TOK_H

#include <stddef.h>
#include <stdint.h>

enum { T_OBJ, T_ARR, T_STR, T_NUM, T_TRUE, T_FALSE, T_NULL };

#define MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */
#define SMALL_OBJ 16   /* objects checked pairwise for repeated keys */

typedef struct tok {
    unsigned char type, esc; /* esc: a string with a backslash */
    uint32_t start, len;     /* strings: between the quotes */
    uint32_t size;           /* members or elements */
    uint32_t next;           /* the token after this value's subtree */
} tok;

typedef struct nb_jtok {
    tok *t;
    size_t nt, cap;
    uint32_t stack[MAX_DEPTH + 1];
    const char *s; /* the line */
    int nomem;
    size_t nul;      /* 1 + the offset of the first NUL skipped after a scalar, or 0 */
    int every_key;   /* refuse a repeated key in objects of any size */
    uint32_t *slots; /* hash table of a large object's keys */
    size_t nslots;
    int scan; /* the string scan of this run: NB_SIMD_* */
} nb_jtok;

/* The scan of a string's plain bytes: the offset of the first quote,
 * backslash or control byte at or after s[i], or n; *high is set when a
 * byte past ASCII lies before it.  how: an NB_SIMD_* level (simd.h), which
 * the caller knows the processor has: eight bytes a step in a word
 * (portable), sixteen with SSE2, thirty-two with AVX2.  nb_jtok_run takes
 * nb_simd_level()'s.  Never reads s[n] or past it. */
size_t nb_jtok_plain(const char *s, size_t n, size_t i, int *high, int how);

/* Cut s[0..n) into j->t (token 0 the outer value).  0, or -1 when it is
 * not one JSON object or array as jansson reads it (or out of memory:
 * j->nomem).  Objects of up to SMALL_OBJ members are checked for repeated
 * keys, every object when j->every_key is set. */
int nb_jtok_run(nb_jtok *j, const char *s, size_t n);

/* Free what j holds (not j). */
void nb_jtok_fini(nb_jtok *j);

/* Decode string token t into out (cap bytes, NUL-terminated); its length,
 * or (size_t)-1 when it does not fit: cap must leave 5 bytes past the
 * decoded text (t->len + 5 always fits). */
size_t nb_jtok_decode(const nb_jtok *j, const tok *t, char *out, size_t cap);

/* Does string token t say s[0..n)? */
int nb_jtok_is(const nb_jtok *j, const tok *t, const char *s, size_t n);

/* The value of member key of object token o, or 0 (no token 0 is a
 * member's value). */
uint32_t nb_jtok_member(const nb_jtok *j, uint32_t o, const char *key);

/* A JSON number's parts. */
typedef struct nb_jnum {
    int neg, real;       /* real: a fraction or an exponent */
    const char *ip, *fp; /* integer and fraction digits */
    size_t ni, nf;
    long exp; /* saturated at +-100000 */
} nb_jnum;

/* The parts of the JSON number s[0..n): 0, or -1 when it is not one. */
int nb_jnum_split(const char *s, size_t n, nb_jnum *p);

#endif
