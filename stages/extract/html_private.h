/*
 * html_private.h - what html.c (HTML to text) and html_meta.c (a page's
 * evidence about itself) share.
 */
#ifndef NB_HTML_PRIVATE_H
#define NB_HTML_PRIVATE_H

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <strings.h>

#include "html.h"

/* Elements nested deeper than this are read as flat text (their text is
 * kept, their lines and cells are not): the walk recurses, and libxml2
 * with HTML_PARSE_HUGE keeps any depth (without it, it dropped everything
 * past depth 256: 400 unclosed <font> tags lost all but 255 lines). */
#define MAX_DEPTH 1000

/* name is lower case: its first byte settles most questions without a
 * call (the walk asks several per element) */
static inline int
name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && (n->name[0] | 0x20) == name[0] &&
           !strcasecmp((const char *)n->name, name);
}

/* Add doc's evidence about itself to meta (DESIGN 2.1): the kept <meta>
 * names, title, url.  Returns 0, or -1 when out of memory. */
int nb_html_meta(json_t *meta, const xmlDoc *doc);

#endif
