/*
 * text.h - byte and text utilities: UTF-8 checks, decoding to UTF-8,
 * cleaning of control characters.
 */
#ifndef NB_TEXT_H
#define NB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "nb.h"

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int nb_utf8_valid(const char *s, size_t n);

/* Offset of the first byte that is not well-formed UTF-8, or n. */
size_t nb_utf8_check(const char *s, size_t n);

/* A new NUL-terminated copy of s[0..n) with each byte that is not part of
 * valid UTF-8 written as \xNN.  Returns NULL when out of memory. */
char *nb_utf8_escape(const char *s, size_t n);

/* FNV-1a of s[0..n): the hash of the gazetteer index and of tabulate's
 * memo tables. */
static inline uint32_t
nb_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* A growable byte buffer. */
typedef struct nb_buf {
    char *p;
    size_t n, cap;
} nb_buf;

int nb_buf_reserve(nb_buf *b, size_t extra);
int nb_buf_add(nb_buf *b, const void *p, size_t n);
int nb_buf_addc_slow(nb_buf *b, int c);

/* Append the byte c; 0, or -1 when out of memory.  Inline: the folds
 * and the writers add a byte at a time. */
static inline int
nb_buf_addc(nb_buf *b, int c)
{
    if (b->n < b->cap) {
        b->p[b->n++] = (char)c;
        return 0;
    }
    return nb_buf_addc_slow(b, c);
}
int nb_buf_adds(nb_buf *b, const char *s);
void nb_buf_fini(nb_buf *b);

/*
 * Decode in[0..n) to UTF-8 into out (replacing its contents).  hint is a
 * charset name from the document itself (an HTML <meta charset>) or NULL.
 * Rules: a UTF-8 BOM is stripped; a UTF-16 LE/BE BOM decodes as UTF-16;
 * valid UTF-8 stays; otherwise GB18030 when the bytes decode cleanly as
 * GB18030.  *encoding receives a static name ("utf-8", "gb18030", ...)
 * or hint itself when the bytes decode only as the declared charset.
 * Returns 0, or -1 with NB_E_DECODE (bytes decode as nothing; the message
 * names the offset) or NB_E_NOMEM.
 */
int nb_decode(const char *in, size_t n, const char *hint, nb_buf *out, const char **encoding,
              nb_error *err);

/* nb_decode when the caller has already checked the bytes: utf8 must be
 * nb_utf8_check(in, n) (extract checks a member once, to tell text from
 * an archive and to decode it). */
int nb_decode_checked(const char *in, size_t n, size_t utf8, const char *hint, nb_buf *out,
                      const char **encoding, nb_error *err);

/*
 * Clean decoded text in place: CRLF and CR become LF; NUL, 0x1E and the C0
 * controls other than TAB and LF are removed.  Returns the new length and
 * adds the number of removed controls to *removed.
 */
size_t nb_clean_controls(char *s, size_t n, long *removed);

#endif
