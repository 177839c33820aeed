/*
 * stream.h - the document stream (DESIGN 2.1).
 *
 * A document is a header line, 0x1E followed by one compact JSON object,
 * then body lines up to the next line that starts with 0x1E or the end of
 * input.  The reader yields headers and body lines with memory bounded by
 * the line cap; the writer emits headers and bodies.  A body needs no
 * escaping, but it may hold no NUL and no 0x1E: nb_write_body refuses one
 * that does, whoever made it.
 */
#ifndef NB_STREAM_H
#define NB_STREAM_H

#include <jansson.h>
#include <stdio.h>

#include "header.h"
#include "nb.h"

#define NB_RS               '\x1e'
#define NB_DEFAULT_MAX_LINE (64u << 20)
/* The reader's read size.  Large, so that a stage in a pipe is woken
 * rarely: each wake-up of the stage before it costs an interrupt round
 * trip, dear in a virtual machine (HACKING, "Pipes and output buffers"). */
#define NB_STREAM_CHUNK     (256u << 10)

typedef struct nb_reader nb_reader;

/* Create a reader on in (not closed by nb_reader_free).  Lines longer than
 * max_line bytes are reported as errors, never held whole (0: default).
 * Returns NULL when out of memory. */
nb_reader *nb_reader_create(FILE *in, size_t max_line);
void nb_reader_free(nb_reader *r);

/*
 * Advance to the next document, skipping what is left of the current body.
 * Returns 1 with *header set to a view of the header (header.h; the reader
 * owns it, valid until the next nb_reader_next), 0 at the end of input, -1 on a unit that is not a
 * document: a malformed header, a header line over the cap, or body text before the first header
 * (code NB_E_HEADER or NB_E_LINE, err->line set); the reader then stays usable and the next call
 * goes on after it.  NB_E_IO on a read error is final.
 */
int nb_reader_next(nb_reader *r, const nb_header **header, nb_error *err);

/* The raw text of the current header, JSON only (no 0x1E, no newline),
 * for stages that pass headers on byte-identical.  Valid until the next
 * nb_reader_next. */
nb_view nb_reader_header_raw(const nb_reader *r);

/*
 * The next body line of the current document, without its newline.
 * Returns 1 with *line set, 0 at the end of the body, -1 on a line longer
 * than the cap (NB_E_LINE; the line is skipped, the next call goes on), a
 * line holding NUL or 0x1E (NB_E_CONTROL, likewise: no body a reader
 * returns ever holds either, whatever wrote the stream) or a read error
 * (NB_E_IO).
 */
int nb_reader_line(nb_reader *r, nb_view *line, nb_error *err);

/* Whether the line the last nb_reader_line returned is known to be UTF-8:
 * 1 when it is (checked with the lines after it, a chunk at a time: one
 * call for many short lines), 0 when that is not known (check it). */
int nb_reader_line_utf8(nb_reader *r);

/* The 1-based input line number of the last line read. */
long nb_reader_lineno(const nb_reader *r);

/* Write header as a header line: 0x1E, compact JSON, newline.  Returns 0,
 * or -1 with NB_E_IO / NB_E_NOMEM. */
int nb_write_header(FILE *out, const json_t *header, nb_error *err);

/* Write a raw header (JSON text without 0x1E and newline) with extra
 * inserted as the last members: extra is ",\"key\":value..." or empty.
 * Returns 0 or -1 (NB_E_IO). */
int nb_write_header_raw(FILE *out, nb_view raw, const char *extra, nb_error *err);

/* Write a document body p[0..n) after its header: the bytes, then a
 * newline when they do not end with one (the next header starts a line).
 * A body holding NUL or 0x1E anywhere is refused whole and nothing is
 * written (NB_E_CONTROL): it would end the document early or forge a
 * header downstream.  Returns 0, or -1 with NB_E_CONTROL / NB_E_IO. */
int nb_write_body(FILE *out, const char *p, size_t n, nb_error *err);

/* Set header's "error" to {"stage","code","message"}.  Returns 0, or -1
 * when out of memory or a string is not UTF-8 (it is then hex-escaped
 * first, so this only fails on memory). */
int nb_header_set_error(json_t *header, const char *stage, const char *code, const char *message);

/* A new JSON string from bytes that may not be UTF-8: invalid bytes are
 * written as \xNN.  Returns NULL only when out of memory. */
json_t *nb_json_string_lossless(const char *s, size_t n);

#endif
