/*
 * names.h - Chinese names of key values for --labels zh: levels (province
 * → 省级) and categories (civil_affairs → 民政局, from data/categories.tsv).
 */
#ifndef AGG_NAMES_H
#define AGG_NAMES_H

#include "nb.h"

/* Load the category names from DIR/categories.tsv, DIR the first of
 * $NB_DATA_DIR, PREFIX/share/nianbao beside the executable, the source
 * tree's data/, the install directory.  Returns 0, or -1 with err. */
int agg_names_load(nb_error *err);
void agg_names_free(void);

/* The Chinese name of value v of key (enum agg_key): a level or a category
 * id; v itself when there is none (other keys, unknown ids, not loaded). */
const char *agg_value_zh(int key, const char *v);

/* The id whose Chinese name is v (a long rollup written with --labels zh,
 * read back by --merge); v itself when there is none. */
const char *agg_value_id(int key, const char *v);

#endif
