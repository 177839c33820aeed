/*
 * csvout.h - CSV cells for aggregate (DESIGN 2.3): RFC 4180 quoting by
 * libcsv, neutralised formula-like text, nulls as a chosen string, and
 * exact fixed-point numbers.
 *
 * Values are int64 in micro-units (10^-6 of the metric's unit: 1 = 10^-6
 * 万元 for amounts, 10^-6 件 for counts), so sums are exact and printing
 * never goes through binary floating point.
 */
#ifndef AGG_CSVOUT_H
#define AGG_CSVOUT_H

#include <stdint.h>
#include <stdio.h>

#include "cell.h" /* NB_MICRO, nb_micro_format */

/* Room for any number this file prints, NUL included. */
#define AGG_NUMBUF 48

/* A CSV writer on a FILE.  Cells are separated by commas and rows end in
 * LF.  The first write error sticks in err (the FILE's errno lost). */
typedef struct agg_csv {
    FILE *f;
    const char *null; /* how a null cell is printed; borrowed, lives as long as the writer */
    int ncells;       /* cells written in the current row */
    int err;
} agg_csv;

void agg_csv_init(agg_csv *w, FILE *f, const char *null);

/* Write a UTF-8 byte order mark (for --bom). */
void agg_csv_bom(agg_csv *w);

/* A text cell from the data (agency, doc, keys, messages): NULL prints the
 * null string; text that starts with = + - @ TAB CR or ' gets a leading '
 * so no spreadsheet evaluates it (agg_csv_unneutralise undoes it); quoted
 * by libcsv when it holds a comma, a quote, CR or LF. */
void agg_csv_text(agg_csv *w, const char *s);

/* A header name: quoted when needed, never neutralised. */
void agg_csv_name(agg_csv *w, const char *s);

void agg_csv_null(agg_csv *w);
void agg_csv_int(agg_csv *w, int64_t v);

/* A fixed-point micro-unit value, printed by nb_micro_format: "-3",
 * "25.1", "0.000001"; no exponent, no trailing zeros, no "-0". */
void agg_csv_fixed(agg_csv *w, int64_t micro);

/* End the row. */
void agg_csv_end(agg_csv *w);

/* 1 when s must be neutralised (its first byte is = + - @ TAB CR or '). */
int agg_csv_formula_like(const char *s);

/* The text a neutralised cell stood for: s without its leading ' when s
 * starts with one.  Returns a pointer into s. */
const char *agg_csv_unneutralise(const char *s);

/* Start libcsv's parser p to read back what this file writes: strict,
 * with no byte taken for a space.  libcsv trims spaces and TABs around an
 * unquoted field by default, and a cell is quoted only for a comma, a
 * quote or a line break, so " x" and "x" would be read as one key.
 * Returns 0, or -1 out of memory. */
struct csv_parser;
int agg_csv_parser_init(struct csv_parser *p);

/*
 * Parse what nb_micro_format prints (an optional '-', digits, optionally '.'
 * and 1 to 6 digits) into micro-units.  Returns 0, or -1 for anything else
 * or a value out of the int64 range.
 */
int agg_parse_fixed(const char *s, int64_t *micro);

/*
 * num / den rounded half away from zero to 6 decimals, printed with exactly
 * 6 decimals ("0.500000").  Both operands are in the same unit, so the
 * scale cancels; the quotient is computed in 128-bit integers, never in
 * floating point.  Returns buf, or NULL when den is 0.
 */
char *agg_fmt_ratio(char *buf, int64_t num, int64_t den);

#endif
