/*
 * scan.h - the lines of a document that may hold a region's marker, found
 * in the raw text before any line is tokenized (scan.c).
 */
#ifndef NB_TAB_SCAN_H
#define NB_TAB_SCAN_H

#include "doc.h"

#define TB_SCAN_MAX 16 /* needles */

/*
 * Register the needles the regions are found by (rg_find_label's: a label
 * token whose key holds one) and, for each, its probe: one of its
 * characters, looked for in the raw text.  Once, before tb_scan_lines.
 * Returns 0, or -1 when a needle is not a label key or its probe is not
 * one of its characters (a build defect): tb_scan_lines then gives every
 * line every bit.
 */
int tb_scan_init(const char *const *needles, const char *const *probes, int n);

/*
 * Set the mark_bits of every line of d (after tb_lines): bit i when the
 * line may hold a label token whose key holds needle i.  A bit is clear
 * only when the line cannot, for certain.  Linear in the body's size.
 */
void tb_scan_lines(tb_doc *d);

/* tb_scan_lines a byte at a time: the reference the tests compare its
 * block steps with (each level of nb_simd_ceiling, simd.h). */
void tb_scan_lines_bytes(tb_doc *d);

#endif
