/*
 * place.h - region and category of a report (DESIGN 2.2, 3): the data
 * files loaded once, then per document the "region" and "category"
 * objects of the report record.
 */
#ifndef NB_TAB_PLACE_H
#define NB_TAB_PLACE_H

#include <jansson.h>

#include "doc.h"
#include "identity.h"
#include "nb.h"

typedef struct tb_place tb_place;

/*
 * The data directory: $NB_DATA_DIR when set; else share/nianbao beside
 * the installed executable (PREFIX/libexec/nianbao/tabulate →
 * PREFIX/share/nianbao); else the source tree's data/ (a build tree); else
 * the configured install directory.  The first that holds
 * divisions.tsv.gz wins; $NB_DATA_DIR is taken as given.  Returns a static
 * string.
 */
const char *tb_place_datadir(void);

/*
 * Load divisions.tsv.gz, aliases.tsv, areacodes.tsv and categories.tsv
 * from dir, and the user's overrides from regions (NULL: none): lines
 * `doc-or-agency<TAB>code`, # comments.  Returns a new tb_place or NULL
 * with err filled (the message names the file).
 */
tb_place *tb_place_load(const char *dir, const char *regions, nb_error *err);
void tb_place_free(tb_place *p);

/*
 * The region and category of the document d with id doc and header meta
 * (may be NULL): their JSON objects as text (NUL-terminated) in region and
 * category, which are emptied first (category is {"id":null} when the
 * agency is unknown).  A
 * user override for the doc id or the agency wins; else the agency name
 * is resolved, with the page's hints (SiteIDCode, 索引号) and the body
 * as context.  region.evidence says what placed it.
 * Returns 0, or -1 when out of memory.
 */
int tb_place_identify(const tb_place *p, const tb_doc *d, const char *doc, const tb_meta *meta,
                      const tb_identity *id, nb_buf *region, nb_buf *category);

#endif
