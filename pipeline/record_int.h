/*
 * record_int.h - inside the record reader: tokens of one JSON line
 * (record_json.c) and the members taken from them (record_read.c).
 */
#ifndef NB_RECORD_INT_H
#define NB_RECORD_INT_H

#include <stdint.h>

#include "record.h"

enum { T_OBJ, T_ARR, T_STR, T_NUM, T_TRUE, T_FALSE, T_NULL };

#define MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */
#define SMALL_OBJ 16   /* objects checked for repeated keys as they close */

typedef struct tok {
    unsigned char type, esc; /* esc: a string with a backslash */
    uint32_t start, len;     /* strings: between the quotes */
    uint32_t size;           /* members or elements */
    uint32_t next;           /* the token after this value's subtree */
} tok;

struct nb_record_reader {
    tok *t;
    size_t nt, cap;
    uint32_t stack[MAX_DEPTH + 1];
    const char *s; /* the line */
    char *arena;   /* decoded strings and kept objects */
    size_t an, acap;
    nb_rec_check *checks;
    int ccap;
    const char **warn;
    int wcap;
    int nomem;
    unsigned char seen[NB_REC_METRICS];
    size_t idlen[NB_REC_METRICS];
};

/* Cut s[0..n) into rd->t.  0, or -1 when it is not one JSON object or
 * array (or out of memory: rd->nomem). */
int nb_rec_tokenize(nb_record_reader *rd, const char *s, size_t n);

/* Decode string token t into out (cap bytes, NUL-terminated); its length,
 * or (size_t)-1 when it does not fit. */
size_t nb_rec_decode(const nb_record_reader *rd, const tok *t, char *out, size_t cap);

#endif
