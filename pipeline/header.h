/*
 * header.h - the header of a document (DESIGN 2.1) read and written
 * without a jansson tree.
 *
 * A header read is cut into tokens once (json_tok.c: the whole JSON grammar
 * checked as json_loadb with JSON_REJECT_DUPLICATES checks it) and the
 * stages ask for the few members they need.  A header that jansson would
 * refuse is refused with jansson's own message (only that path calls
 * jansson).  A header written is appended member by member in jansson's
 * compact form and escapes, the bytes json_dumps(JSON_COMPACT) writes.
 */
#ifndef NB_HEADER_H
#define NB_HEADER_H

#include <jansson.h>
#include <stdio.h>

#include "nb.h"
#include "text.h"

/* A borrowed view of bytes.  Views into a reader's line live until the
 * next call on that reader. */
typedef struct nb_view {
    const char *p;
    size_t n;
} nb_view;

/* A header read: a view of its JSON text and its tokens. */
typedef struct nb_header nb_header;

nb_header *nb_header_new(void);
void nb_header_free(nb_header *h);

/* Read s[0..n) (JSON without 0x1E and newline, which must live as long as
 * h is used) into h.  Returns 0, or -1 with NB_E_HEADER ("malformed header:
 * " and jansson's diagnostic, or "not a JSON object") or NB_E_NOMEM. */
int nb_header_parse(nb_header *h, const char *s, size_t n, nb_error *err);

/* The header's JSON text as read. */
nb_view nb_header_raw(const nb_header *h);

/* Is member key present (whatever its value, null included)? */
int nb_header_has(const nb_header *h, const char *key);

/* The JSON text of member key's value as it was read; p is NULL when
 * absent. */
nb_view nb_header_json(const nb_header *h, const char *key);

/* Member key's string value, decoded and NUL-terminated, into out (which
 * is cleared first).  Returns 1, 0 when absent or not a string, -1 when
 * out of memory. */
int nb_header_string(const nb_header *h, const char *key, nb_buf *out);

/* Member key's string value of the object member obj (a subtree read in
 * place: tabulate's meta), as nb_header_string gives it.  Returns 1, 0 when
 * obj is absent or not an object or key absent or not a string, -1 when
 * out of memory. */
int nb_header_string_in(const nb_header *h, const char *obj, const char *key, nb_buf *out);

/* Append member key's value as json_dumps(JSON_COMPACT | JSON_ENCODE_ANY)
 * writes it: the text read when it is already that, else through jansson.
 * Returns 1, 0 when absent, -1 when out of memory. */
int nb_header_dump(const nb_header *h, const char *key, nb_buf *out);

/* Member key's value as a new jansson value (json_loadb of its text, for
 * a stage that needs a subtree), or NULL when absent or out of memory. */
json_t *nb_header_tree(const nb_header *h, const char *key);

/* The whole header as a new jansson object, or NULL when out of memory. */
json_t *nb_header_object(const nb_header *h);

/*
 * Writing a header into a buffer: nb_hdr_begin clears b and opens the
 * object, each member is appended in order (a key is written once: the
 * caller never repeats one), nb_hdr_end closes it and writes 0x1E, the
 * object and a newline to out.  Strings that are not UTF-8 keep their
 * bytes as the text \xNN (nb_utf8_escape).  The appenders return 0 or -1
 * when out of memory; nb_hdr_end 0 or -1 (NB_E_NOMEM, NB_E_IO).
 */
int nb_hdr_begin(nb_buf *b);
int nb_hdr_str(nb_buf *b, const char *key, const char *s);
int nb_hdr_strn(nb_buf *b, const char *key, const char *s, size_t n);
int nb_hdr_int(nb_buf *b, const char *key, long long v);
/* A member whose value is JSON text already in compact form. */
int nb_hdr_json(nb_buf *b, const char *key, const char *json, size_t n);
/* Open an object member (its members follow), close it. */
int nb_hdr_object(nb_buf *b, const char *key);
int nb_hdr_close(nb_buf *b);
int nb_hdr_end(nb_buf *b, FILE *out, int bad, nb_error *err);

/* Write {"doc":doc,"error":{"stage","code","message"}} as a header line
 * (b is scratch).  Returns 0 or -1 (NB_E_NOMEM, NB_E_IO). */
int nb_write_error_header(FILE *out, nb_buf *b, const char *doc, const char *stage,
                          const char *code, const char *message, nb_error *err);

#endif
