/*
 * rule.h - the one grammar of rule lines (SCHEMA 12.1): a line of fields
 * every non-blank one of which is `:?-{3,}:?` in ASCII hyphens, with one
 * such field at least (`---`, `|---|:---:|`, `------------------⇥-------`).
 * Blank is SCHEMA 7.1's (uchar.h): spaces, NBSP, U+3000, zero-width.
 * normalize drops the markdown rule lines (fields split by '|' only: a
 * TAB row of dashes carries columns, it is data); tabulate skips rule
 * lines (split by '|' and TAB) but reads one as table 四's row of dash
 * cells when it is the only candidate.
 */
#ifndef NB_RULE_H
#define NB_RULE_H

#include <stddef.h>

/* Field separators: '|' always, TAB too with NB_RULE_TABS (else a TAB is
 * blank). */
enum { NB_RULE_PIPES = 0, NB_RULE_TABS = 1 };

/*
 * The number of rule fields of s[0..n) when it is a rule line, else 0.
 * fields (NULL when max is 0) receives the 1-based field numbers of the
 * first max rule fields, blank fields counted.
 */
int nb_rule_fields(const char *s, size_t n, int seps, int *fields, int max);

#endif
