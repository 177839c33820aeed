/* tsv.c - the data tables' reader (tsv.h). */
#include "tsv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int
nb_tsv_open(nb_tsv *t, const char *path, nb_error *err)
{
    *t = (nb_tsv){.path = path};
    t->f = fopen(path, "r");
    if (!t->f)
        return nb_fail(err, NB_E_IO, "%s: %s", path, strerror(errno));
    return 0;
}

int
nb_tsv_next(nb_tsv *t, nb_error *err)
{
    ssize_t got;

    while ((got = getline(&t->line, &t->cap, t->f)) != -1) {
        t->n = (size_t)got;
        t->lineno++;
        while (t->n && (t->line[t->n - 1] == '\n' || t->line[t->n - 1] == '\r'))
            t->line[--t->n] = '\0';
        if (t->n && t->line[0] != '#')
            return 1;
    }
    if (ferror(t->f)) {
        if (err)
            err->line = t->lineno;
        return nb_fail(err, errno == ENOMEM ? NB_E_NOMEM : NB_E_IO, "%s: read error", t->path);
    }
    return 0;
}

int
nb_tsv_split(char *line, char **f, int max)
{
    int n = 0;

    f[n++] = line;
    /* strchr, not a byte loop: the division table has 45,000 lines */
    for (char *p = line; (p = strchr(p, '\t')) != NULL;) {
        *p++ = '\0';
        if (n == max)
            return max + 1;
        f[n++] = p;
    }
    return n;
}

char *
nb_tsv_take(nb_tsv *t)
{
    char *line = t->line;

    t->line = NULL;
    t->cap = t->n = 0;
    return line;
}

int
nb_tsv_fail(const nb_tsv *t, nb_error *err, int code, const char *fmt, ...)
{
    char msg[sizeof err->text];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err)
        err->line = t->lineno;
    return nb_fail(err, code, "%s:%ld: %s", t->path, t->lineno, msg);
}

void
nb_tsv_close(nb_tsv *t)
{
    if (t->f)
        fclose(t->f);
    free(t->line);
    *t = (nb_tsv){0};
}
