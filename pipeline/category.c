/*
 * category.c - agency categories by the longest matching suffix.
 *
 * Chinese names are head-final: the kind of an agency is at its end
 * (湛江市人民政府地方志办公室 is a 地方志办公室, not a 人民政府), so the
 * longest pattern that is a suffix wins.  Patterns are kept sorted by
 * length, longest first; a table of ~450 patterns is scanned linearly,
 * which costs microseconds per report.
 */
#include "category.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "text.h"

enum { ROLE_DEPT, ROLE_GOV, ROLE_PUBLIC, ROLE_OTHER };

typedef struct cat_pat {
    const char *s;
    size_t n;
    int cat;
} cat_pat;

struct nb_categories {
    nb_category *cat;
    int *role;
    int ncat;
    cat_pat *pat;
    int npat;
    int other;
    char *text; /* the file, fields cut in place */
};

static int
by_length(const void *a, const void *b)
{
    const cat_pat *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return x->cat - y->cat;
}

nb_categories *
nb_categories_load(const char *path, nb_error *err)
{
    FILE *f = fopen(path, "rb");
    nb_categories *c = NULL;
    nb_buf b = {0};
    char chunk[8192], *line, *next;
    size_t got;
    long lineno = 0;

    if (!f) {
        nb_fail(err, NB_E_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (nb_buf_add(&b, chunk, got) < 0)
            goto nomem;
    }
    if (ferror(f)) {
        nb_fail(err, NB_E_IO, "%s: read error", path);
        goto fail;
    }
    if (nb_buf_addc(&b, '\0') < 0)
        goto nomem;
    if (!nb_utf8_valid(b.p, b.n - 1)) {
        nb_fail(err, NB_E_RECORD, "%s: not UTF-8", path);
        goto fail;
    }
    c = calloc(1, sizeof *c);
    if (!c)
        goto nomem;
    c->text = b.p;
    b.p = NULL;
    c->other = -1;
    for (line = c->text; line && *line; line = next) {
        char *fld[4], *p;
        int nf = 0, npat = 0;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (line[0] == '\r')
            line[0] = '\0';
        if (lineno == 1 || line[0] == '#' || !line[0]) {
            if (lineno == 1 && strncmp(line, "category_id\t", 12)) {
                nb_fail(err, NB_E_RECORD, "%s:1: not a category table (no header row)", path);
                goto fail;
            }
            continue;
        }
        fld[nf++] = line;
        for (p = line; *p && nf < 4; p++) {
            if (*p == '\t') {
                *p = '\0';
                fld[nf++] = p + 1;
            }
        }
        if ((p = strchr(fld[nf - 1], '\r')))
            *p = '\0';
        if (nf < 3 || !fld[0][0] || !fld[1][0]) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: want id, name, patterns", path, lineno);
            goto fail;
        }
        for (int k = 0; k < c->ncat; k++) {
            if (!strcmp(c->cat[k].id, fld[0])) {
                nb_fail(err, NB_E_RECORD, "%s:%ld: category '%.40s' twice", path, lineno, fld[0]);
                goto fail;
            }
        }
        nb_category *nc = realloc(c->cat, (size_t)(c->ncat + 1) * sizeof *nc);
        if (!nc)
            goto nomem;
        c->cat = nc;
        int *nr = realloc(c->role, (size_t)(c->ncat + 1) * sizeof *nr);
        if (!nr)
            goto nomem;
        c->role = nr;
        c->cat[c->ncat].id = fld[0];
        c->cat[c->ncat].name = fld[1];
        c->role[c->ncat] = !strcmp(fld[0], "gov")                  ? ROLE_GOV
                           : !strcmp(fld[0], "public_institution") ? ROLE_PUBLIC
                           : !strcmp(fld[0], "other")              ? ROLE_OTHER
                                                                   : ROLE_DEPT;
        if (c->role[c->ncat] == ROLE_OTHER)
            c->other = c->ncat;
        for (char *s = fld[2], *e; s && *s; s = e) {
            e = strchr(s, '|');
            if (e)
                *e++ = '\0';
            if (!*s)
                continue;
            cat_pat *np = realloc(c->pat, (size_t)(c->npat + 1) * sizeof *np);
            if (!np)
                goto nomem;
            c->pat = np;
            for (int k = 0; k < c->npat; k++) {
                if (!strcmp(c->pat[k].s, s)) {
                    nb_fail(err, NB_E_RECORD, "%s:%ld: pattern '%.40s' used twice", path, lineno,
                            s);
                    goto fail;
                }
            }
            c->pat[c->npat].s = s;
            c->pat[c->npat].n = strlen(s);
            c->pat[c->npat].cat = c->ncat;
            c->npat++;
            npat++;
        }
        if (!npat && c->role[c->ncat] != ROLE_OTHER) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: category '%.40s' has no pattern", path, lineno,
                    fld[0]);
            goto fail;
        }
        c->ncat++;
    }
    if (c->other < 0) {
        nb_fail(err, NB_E_RECORD, "%s: no 'other' category", path);
        goto fail;
    }
    qsort(c->pat, (size_t)c->npat, sizeof *c->pat, by_length);
    fclose(f);
    return c;
nomem:
    nb_fail(err, NB_E_NOMEM, "out of memory");
fail:
    err->line = lineno;
    nb_buf_fini(&b);
    nb_categories_free(c);
    fclose(f);
    return NULL;
}

void
nb_categories_free(nb_categories *c)
{
    if (!c)
        return;
    free(c->cat);
    free(c->role);
    free(c->pat);
    free(c->text);
    free(c);
}

static int
is_suffix(const char *s, size_t n, const cat_pat *p)
{
    return p->n <= n && !memcmp(s + n - p->n, p->s, p->n);
}

int
nb_category_is_suffix(const nb_categories *c, const char *s, size_t n)
{
    for (int i = 0; i < c->npat; i++)
        if (c->role[c->pat[i].cat] != ROLE_PUBLIC && is_suffix(s, n, &c->pat[i]))
            return 1;
    return 0;
}

int
nb_category_is_pattern(const nb_categories *c, const char *s, size_t n)
{
    for (int i = 0; i < c->npat; i++)
        if (c->role[c->pat[i].cat] != ROLE_PUBLIC && c->pat[i].n == n &&
            is_suffix(s, n, &c->pat[i]))
            return 1;
    return 0;
}

const nb_category *
nb_category_match(const nb_categories *c, const char *s, size_t n)
{
    nb_buf b = {0};
    const nb_category *r = &c->cat[c->other];
    int best = -1, pub = -1;
    size_t best_end = 0;

    if (nb_name_normalize(s, n, 0, &b) < 0)
        return r;
    s = b.p;
    n = b.n;
    /* 1: the longest suffix (patterns are sorted longest first) */
    for (int i = 0; i < c->npat; i++) {
        if (!is_suffix(s, n, &c->pat[i]))
            continue;
        if (c->role[c->pat[i].cat] == ROLE_PUBLIC) {
            if (pub < 0)
                pub = i;
            continue;
        }
        r = &c->cat[c->pat[i].cat];
        goto done;
    }
    /* 2: the department ending rightmost inside the name */
    for (int i = 0; i < c->npat; i++) {
        const cat_pat *p = &c->pat[i];
        const char *hit = NULL;
        if (c->role[p->cat] != ROLE_DEPT)
            continue;
        for (const char *q = s; (q = memmem(q, n - (size_t)(q - s), p->s, p->n)); q++)
            hit = q;
        if (hit && (size_t)(hit - s) + p->n > best_end) {
            best_end = (size_t)(hit - s) + p->n;
            best = i;
        }
    }
    if (best >= 0)
        r = &c->cat[c->pat[best].cat];
    else if (pub >= 0)
        r = &c->cat[c->pat[pub].cat];
done:
    nb_buf_fini(&b);
    return r;
}
