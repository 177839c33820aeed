/* recognize.h - tables and cells of one document (see recognize.c). */
#ifndef NB_TAB_RECOGNIZE_H
#define NB_TAB_RECOGNIZE_H

#include "doc.h"

/* Resolve the schema's rows to metric indices.  Call once; returns 0, or
 * -1 when schema_rows.h names an id the schema lacks (a build defect). */
int tb_recognize_init(void);

/* The name of t2's sub-table s ("art20_1"), as the schema's ids spell it;
 * NULL out of range.  After tb_recognize_init. */
const char *tb_subtable_name(int s);

/* Find t2, t3 and t4 in the tokenized d and fill d->cells, d->status,
 * d->format and d->subfmt.  Returns 0, or -1 when out of memory. */
int tb_recognize(tb_doc *d);

/* The same result as tb_tokenize then tb_recognize, from a document after
 * tb_lines, tokenizing only the lines of the tables' regions (and, to find
 * them, the lines that may hold their markers).  Returns 0, or -1 when out
 * of memory. */
int tb_recognize_lines(tb_doc *d);

/* Whether a and b hold the same tables (cells, statuses, formats,
 * warnings): the tests' and fuzz_tabulate's check that
 * tb_recognize_lines reads what tb_recognize does. */
int tb_same_tables(const tb_doc *a, const tb_doc *b);

#endif
