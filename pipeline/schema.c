/* schema.c - the metric table and cell states. */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

const nb_metric nb_metrics[] = {
#define NB_METRIC(id, fm, org, kind, unit, label) {id, fm, org, kind, unit, label},
#include "schema_table.h"
#undef NB_METRIC
};
const size_t nb_nmetrics = sizeof nb_metrics / sizeof nb_metrics[0];

/* Sorted indices for binary search, built on first use.  The table is
 * constant, so a race would only build the same order twice. */
static int *sorted;

static int
by_id(const void *a, const void *b)
{
    return strcmp(nb_metrics[*(const int *)a].id, nb_metrics[*(const int *)b].id);
}

int
nb_metric_find(const char *id, size_t n)
{
    size_t lo = 0, hi = nb_nmetrics;

    if (!sorted) {
        int *s = malloc(nb_nmetrics * sizeof *s);
        if (!s) {
            for (size_t i = 0; i < nb_nmetrics; i++)
                if (strlen(nb_metrics[i].id) == n && !memcmp(nb_metrics[i].id, id, n))
                    return (int)i;
            return -1;
        }
        for (size_t i = 0; i < nb_nmetrics; i++)
            s[i] = (int)i;
        qsort(s, nb_nmetrics, sizeof *s, by_id);
        sorted = s;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = nb_metrics[sorted[mid]].id;
        int c = strncmp(m, id, n);

        if (c == 0 && m[n] != '\0')
            c = 1;
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int
nb_metric_parts(const char *prefix, char (*names)[NB_PART_MAX], int max)
{
    size_t pl = strlen(prefix);
    int n = 0;

    for (size_t i = 0; i < nb_nmetrics && n < max; i++) {
        const char *id = nb_metrics[i].id, *part;
        size_t len;
        int seen = 0;

        if (strncmp(id, prefix, pl))
            continue; /* before looking past the prefix: id may be shorter */
        part = id + pl;
        len = strcspn(part, ".");
        if (len == 0 || len >= NB_PART_MAX)
            continue;
        for (int k = 0; k < n && !seen; k++)
            seen = strlen(names[k]) == len && !memcmp(names[k], part, len);
        if (!seen) {
            memcpy(names[n], part, len);
            names[n++][len] = '\0';
        }
    }
    return n;
}

static const char *const format_names[NB_FMT_COUNT_] = {
    NULL, "2019", "2021", "both", "mixed", "undetermined", "unknown",
};

const char *
nb_format_name(int format)
{
    return format >= 0 && format < NB_FMT_COUNT_ ? format_names[format] : NULL;
}

static const char *const table_status_names[NB_TS_COUNT_] = {"absent", "partial", "present"};

const char *
nb_table_status_name(int status)
{
    return status >= 0 && status < NB_TS_COUNT_ ? table_status_names[status] : NULL;
}

static const char *const state_names[NB_ST_COUNT_] = {
    "num", "blank", "slash", "dash", "none", "text", "ambiguous", "missing",
};

const char *
nb_state_name(int state)
{
    return state >= 0 && state < NB_ST_COUNT_ ? state_names[state] : NULL;
}

int
nb_state_find(const char *name)
{
    for (int i = 0; i < NB_ST_COUNT_; i++)
        if (!strcmp(state_names[i], name))
            return i;
    return -1;
}

int
nb_state_placeholder(int state)
{
    return state >= NB_ST_BLANK && state <= NB_ST_NONE;
}

int
nb_state_unknown(int state)
{
    return state >= NB_ST_TEXT && state <= NB_ST_MISSING;
}
