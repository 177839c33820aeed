/* names.c - Chinese names of levels and categories for --labels zh. */
#include "names.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "records.h"

static char **cat_id, **cat_zh;
static size_t ncat;

static int
add(const char *id, size_t idn, const char *zh, size_t zhn)
{
    char **a = realloc(cat_id, (ncat + 1) * sizeof *a), **b;

    if (!a)
        return -1;
    cat_id = a;
    if (!(b = realloc(cat_zh, (ncat + 1) * sizeof *b)))
        return -1;
    cat_zh = b;
    if (!(cat_id[ncat] = strndup(id, idn)))
        return -1;
    if (!(cat_zh[ncat] = strndup(zh, zhn))) {
        free(cat_id[ncat]);
        return -1;
    }
    ncat++;
    return 0;
}

int
agg_names_load(nb_error *err)
{
    char path[PATH_MAX], *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    FILE *f;
    int rc = 0;

    if (snprintf(path, sizeof path, "%s/categories.tsv", nb_datadir("categories.tsv")) >=
        (int)sizeof path)
        return nb_fail(err, NB_E_IO, "the data directory's name is too long");
    if (!(f = fopen(path, "r")))
        return nb_fail(err, NB_E_IO, "%s: %s", path, strerror(errno));
    while (rc == 0 && getline(&line, &cap, f) != -1) {
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

        if (++lineno == 1) /* the header */
            continue;
        if (!t1 || !t2 || t1 == line || t2 == t1 + 1) {
            rc = nb_fail(err, NB_E_RECORD, "%s:%ld: not id, name, ...", path, lineno);
            break;
        }
        if (add(line, (size_t)(t1 - line), t1 + 1, (size_t)(t2 - t1 - 1)) < 0)
            rc = nb_fail(err, NB_E_NOMEM, "out of memory");
    }
    if (rc == 0 && ferror(f))
        rc = nb_fail(err, NB_E_IO, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    return rc;
}

void
agg_names_free(void)
{
    for (size_t i = 0; i < ncat; i++)
        free(cat_id[i]), free(cat_zh[i]);
    free(cat_id), free(cat_zh);
    cat_id = cat_zh = NULL;
    ncat = 0;
}

static const char *const level[][2] = {
    {"province", "省级"}, {"city", "市级"}, {"county", "县级"}, {"township", "乡级"}};

/* v looked up in column from of the level or category table, the value of
 * column 1 - from returned; v itself when it is not there. */
static const char *
lookup(int key, const char *v, int from)
{
    if (!v)
        return v;
    if (key == AGG_K_LEVEL) {
        for (size_t i = 0; i < sizeof level / sizeof level[0]; i++)
            if (!strcmp(v, level[i][from]))
                return level[i][1 - from];
    } else if (key == AGG_K_CATEGORY) {
        for (size_t i = 0; i < ncat; i++)
            if (!strcmp(v, from ? cat_zh[i] : cat_id[i]))
                return from ? cat_id[i] : cat_zh[i];
    }
    return v;
}

const char *
agg_value_zh(int key, const char *v)
{
    return lookup(key, v, 0);
}

const char *
agg_value_id(int key, const char *v)
{
    return lookup(key, v, 1);
}
