/*
 * identity_int.h - what the files of tb_identify share: identity.c (titles,
 * meta and file names) and sentences.c (the rest of the body's evidence).
 * Internal to tabulate.
 */
#ifndef NB_TAB_IDENTITY_INT_H
#define NB_TAB_IDENTITY_INT_H

#include <stddef.h>

#include "cell.h"
#include "identity.h"

/* Body line i without white space into out (cap bytes); returns its length. */
size_t id_line_compact(const tb_doc *d, int i, char *out, size_t cap);
/* The first 19xx/20xx followed by 年 in s, its value in *year; or NULL. */
char *id_find_year(char *s, int *year);
/* Set the agency to s[0..n), less a leading 关于 and a trailing 的, its
 * abbreviations expanded. */
void id_set_agency(tb_identity *id, const char *s, size_t n);
/* Set the year, with its evidence, unless it is set or implausible. */
void id_set_year(tb_identity *id, int year, const char *ev);
int id_starts(const char *s, const char *w);
int id_ends(const char *s, size_t n, const char *w);
/* A breadcrumb, a navigation or a page's chrome rather than text. */
int id_is_chrome(const char *s);
/* Fold a NUL-terminated line to Simplified characters in place (same lengths). */
void id_fold_simplified(char *s);

/* sentences.c: evidence 4 to 6 (the statistics period's year, the first
 * sentences, the 发布机构 line), the cited notice (id->cites), and whether
 * the sections or first sentences read as an annual report. */
void id_period_year(const tb_doc *d, tb_identity *id);
void id_first_sentences(const tb_doc *d, tb_identity *id);
void id_publisher(const tb_doc *d, tb_identity *id);
void id_cited_notice(const tb_doc *d, tb_identity *id);
int id_reads_as_report(const tb_doc *d);

#endif
