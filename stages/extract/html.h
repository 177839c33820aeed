/*
 * html.h - HTML to text with libxml2's HTML parser.
 *
 * One line per table row with its cells separated by TAB; a cell spanning
 * columns (colspan) or rows (rowspan) keeps the positions of the others:
 * the spanned positions are emitted as empty cells.  Block elements become
 * lines, <br> is a newline between blocks and a space inside a cell,
 * entities are decoded (&nbsp; is a space), script and style are dropped,
 * text split over inline elements is joined.
 */
#ifndef NB_HTML_H
#define NB_HTML_H

#include <jansson.h>
#include <stddef.h>

#include "nb.h"
#include "text.h"

/* 1 when the bytes look like HTML (a tag such as <html>, <p>, <table> as
 * the first thing after white space and a BOM). */
int nb_html_sniff(const char *s, size_t n);

/* The charset declared by a <meta> in the first 4 KiB, copied into
 * name[0..size), or 0 when there is none.  Returns 1 when found. */
int nb_html_charset(const char *s, size_t n, char *name, size_t size);

/* Convert UTF-8 HTML in[0..n) to text, appended to out, each line ending
 * in LF.  Returns 0, or -1 with NB_E_HTML or NB_E_NOMEM. */
int nb_html_to_text(const char *in, size_t n, nb_buf *out, nb_error *err);

/*
 * nb_html_to_text, and when meta (a JSON object) is not NULL, the page's
 * evidence about itself added to it (DESIGN 2.1): "title" (<title>),
 * "url" (a "saved from url=" comment, else <link rel=canonical>, else
 * og:url), and the <meta name=…> SiteName, SiteDomain, SiteIDCode,
 * ArticleTitle, ColumnName, PubDate, ContentSource.  Values are strings
 * as found: entities decoded, trimmed, white space runs as one space, at
 * most 1 KiB; the first non-empty one of each wins; absent keys are
 * absent.  Returns 0, or -1 with NB_E_HTML or NB_E_NOMEM.
 */
int nb_html_read(const char *in, size_t n, nb_buf *out, json_t *meta, nb_error *err);

#endif
