/*
 * layout.h - positioned glyphs of a page to text lines with table rows as
 * TAB-separated cells.  No PDF here: pdf.c feeds glyphs, unit tests feed
 * synthetic boxes.
 *
 * A page's glyphs are grouped into rows by baseline, a row is cut into
 * cells where the horizontal gap between two glyphs is a column's gap
 * (wider than LAYOUT_CELL_GAP em), a cell wrapped over two lines is joined
 * back (a row label beside its numbers, a header cell over two lines).
 * Across pages, lines in the top or bottom margin that are page numbers or
 * that repeat on many pages (running headers and footers) are dropped, so
 * a table continued over a page break reads as one.
 */
#ifndef NB_LAYOUT_H
#define NB_LAYOUT_H

#include <stddef.h>

#include "text.h"

/* Gaps, in ems of the larger of the two glyphs' sizes: wider than CELL
 * starts a new cell, wider than SPACE (but not CELL) is a space. */
#define LAYOUT_CELL_GAP  1.0f
#define LAYOUT_SPACE_GAP 0.2f

/* One glyph: its box (y grows downwards), baseline, font size, code point. */
typedef struct nb_glyph {
    float x0, y0, x1, y1;
    float base, size;
    int c;
} nb_glyph;

/* One output line: text[off..off+len) of the layout's text, no LF. */
typedef struct nb_line {
    size_t off, len;
    float top, bottom; /* of the row, in page coordinates */
    int page, cells, dropped;
} nb_line;

typedef struct nb_layout {
    nb_buf text;
    nb_line *line;
    size_t n, cap;
} nb_layout;

/*
 * Lay out one page's glyphs (reordered in place) as lines appended to lo.
 * Returns 0, or -1 when out of memory.
 */
int nb_layout_page(nb_layout *lo, nb_glyph *g, size_t n, int page);

/*
 * Mark the running headers, footers and page numbers of lo: lines with one
 * cell within the top or bottom `margin` fraction of their page (heights
 * height[page]) that read as a page number ("- 3 -", "第3页", "3/6"), or
 * whose text with digits removed recurs in a margin on at least half of
 * the pages (and on two or more).  Returns the number of lines marked.
 */
size_t nb_layout_margins(nb_layout *lo, const float *height, int pages, float margin);

/* Append the lines not marked dropped to out, each ending in LF.  Returns
 * 0, or -1 when out of memory. */
int nb_layout_write(const nb_layout *lo, nb_buf *out);

void nb_layout_fini(nb_layout *lo);

#endif
