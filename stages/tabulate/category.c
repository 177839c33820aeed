/*
 * category.c - agency categories by the longest matching suffix.
 *
 * Chinese names are head-final: the kind of an agency is at its end
 * (湛江市人民政府地方志办公室 is a 地方志办公室, not a 人民政府), so the
 * longest pattern that is a suffix wins.  Patterns are kept sorted by
 * length, longest first; a table of ~450 patterns is scanned linearly,
 * which costs microseconds per report.  The region resolver's tests (is a
 * pattern, ends with one) run for every parse of a name and look only at
 * the patterns that end in the name's last byte (by_end).
 */
#include "category.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "gazetteer.h"
#include "text.h"
#include "tsv.h"

enum { ROLE_DEPT, ROLE_GOV, ROLE_PUBLIC, ROLE_OTHER };

typedef struct cat_pat {
    const char *s;
    size_t n;
    int cat;
} cat_pat;

/* A pattern and its last four bytes (fewer when shorter) as a number:
 * most patterns end in the same character (局), the one before it tells
 * them apart without a memcmp. */
typedef struct cat_end {
    const cat_pat *p;
    uint32_t last, mask;
} cat_end;

/* The last four bytes of s[0..n) (fewer when n is smaller), s[n-1] lowest. */
static uint32_t
last4(const char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4 && i < n; i++)
        v |= (uint32_t)(unsigned char)s[n - 1 - i] << (8 * i);
    return v;
}

struct nb_categories {
    nb_category *cat;
    int *role;
    int ncat;
    cat_pat *pat;
    int npat;
    int other;
    char **lines; /* the table's rows, fields cut in place */
    int nlines;
    /* the patterns but public_institution's by their last byte: those
     * ending in byte b are by_end[end_off[b]..end_off[b+1]), longest first */
    struct cat_end *by_end;
    int end_off[257];
};

static int
by_length(const void *a, const void *b)
{
    const cat_pat *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return x->cat - y->cat;
}

/* Append pattern s of category cat; 0, or -1 with err set. */
static int
add_pattern(nb_categories *c, const char *s, int cat, const nb_tsv *t, nb_error *err)
{
    cat_pat *np;

    for (int k = 0; k < c->npat; k++)
        if (!strcmp(c->pat[k].s, s))
            return nb_tsv_fail(t, err, NB_E_RECORD, "pattern '%.40s' used twice", s);
    np = realloc(c->pat, (size_t)(c->npat + 1) * sizeof *np);
    if (!np)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    c->pat = np;
    c->pat[c->npat++] = (cat_pat){.s = s, .n = strlen(s), .cat = cat};
    return 0;
}

/* Append category fld (id, name, patterns split by '|', cut in place)
 * read from t's current line; 0, or -1 with err set. */
static int
add_category(nb_categories *c, char **fld, const nb_tsv *t, nb_error *err)
{
    int npat = 0, role;
    nb_category *nc;
    int *nr;

    for (int k = 0; k < c->ncat; k++)
        if (!strcmp(c->cat[k].id, fld[0]))
            return nb_tsv_fail(t, err, NB_E_RECORD, "category '%.40s' twice", fld[0]);
    nc = realloc(c->cat, (size_t)(c->ncat + 1) * sizeof *nc);
    if (nc)
        c->cat = nc;
    nr = nc ? realloc(c->role, (size_t)(c->ncat + 1) * sizeof *nr) : NULL;
    if (!nr)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    c->role = nr;
    role = !strcmp(fld[0], "gov")                  ? ROLE_GOV
           : !strcmp(fld[0], "public_institution") ? ROLE_PUBLIC
           : !strcmp(fld[0], "other")              ? ROLE_OTHER
                                                   : ROLE_DEPT;
    c->cat[c->ncat] = (nb_category){.id = fld[0], .name = fld[1]};
    c->role[c->ncat] = role;
    if (role == ROLE_OTHER)
        c->other = c->ncat;
    for (char *s = fld[2], *e; *s; s = e) {
        e = strchr(s, '|');
        if (e)
            *e++ = '\0';
        else
            e = s + strlen(s);
        if (*s && add_pattern(c, s, c->ncat, t, err) < 0)
            return -1;
        npat += *s != '\0';
    }
    if (!npat && role != ROLE_OTHER)
        return nb_tsv_fail(t, err, NB_E_RECORD, "category '%.40s' has no pattern", fld[0]);
    c->ncat++;
    return 0;
}

/* The rows of t after its header, into c; 0, or -1 with err set.  Each
 * line is kept (c->lines): the categories' strings point into it. */
static int
read_rows(nb_categories *c, nb_tsv *t, nb_error *err)
{
    int rc;

    while ((rc = nb_tsv_next(t, err)) > 0) {
        char *fld[4], **nl;
        int nf;

        if (!nb_utf8_valid(t->line, t->n))
            return nb_tsv_fail(t, err, NB_E_RECORD, "not UTF-8");
        nl = realloc(c->lines, (size_t)(c->nlines + 1) * sizeof *nl);
        if (!nl)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        c->lines = nl;
        c->lines[c->nlines++] = nb_tsv_take(t);
        nf = nb_tsv_split(c->lines[c->nlines - 1], fld, 4);
        if (nf < 3 || nf > 4 || !fld[0][0] || !fld[1][0])
            return nb_tsv_fail(t, err, NB_E_RECORD, "want id, name, patterns");
        if (add_category(c, fld, t, err) < 0)
            return -1;
    }
    return rc;
}

/* Fill c->by_end and c->end_off (a counting sort by last byte; patterns
 * are never empty, add_category skips empty ones); 0, or -1 when out of
 * memory. */
static int
index_ends(nb_categories *c)
{
    int fill[256];

    c->by_end = malloc((size_t)(c->npat ? c->npat : 1) * sizeof *c->by_end);
    if (!c->by_end)
        return -1;
    memset(c->end_off, 0, sizeof c->end_off);
    for (int i = 0; i < c->npat; i++)
        if (c->role[c->pat[i].cat] != ROLE_PUBLIC)
            c->end_off[(unsigned char)c->pat[i].s[c->pat[i].n - 1] + 1]++;
    for (int b = 0; b < 256; b++) {
        c->end_off[b + 1] += c->end_off[b];
        fill[b] = c->end_off[b];
    }
    for (int i = 0; i < c->npat; i++) {
        const cat_pat *p = &c->pat[i];
        if (c->role[p->cat] != ROLE_PUBLIC)
            c->by_end[fill[(unsigned char)p->s[p->n - 1]]++] =
                (cat_end){.p = p,
                          .last = last4(p->s, p->n),
                          .mask = p->n >= 4 ? ~0u : (1u << (8 * p->n)) - 1};
    }
    return 0;
}

nb_categories *
nb_categories_load(const char *path, nb_error *err)
{
    nb_categories *c;
    nb_tsv t;
    int rc;

    if (nb_tsv_open(&t, path, err) < 0)
        return NULL;
    c = calloc(1, sizeof *c);
    if (!c) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        nb_tsv_close(&t);
        return NULL;
    }
    c->other = -1;
    rc = nb_tsv_next(&t, err);
    if (rc >= 0 && (rc == 0 || t.lineno != 1 || strncmp(t.line, "category_id\t", 12))) {
        err->line = 1;
        rc = nb_fail(err, NB_E_RECORD, "%s:1: not a category table (no header row)", path);
    }
    if (rc >= 0)
        rc = read_rows(c, &t, err);
    if (rc >= 0 && c->other < 0)
        rc = nb_fail(err, NB_E_RECORD, "%s: no 'other' category", path);
    nb_tsv_close(&t);
    if (rc < 0) {
        nb_categories_free(c);
        return NULL;
    }
    qsort(c->pat, (size_t)c->npat, sizeof *c->pat, by_length);
    if (index_ends(c) < 0) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        nb_categories_free(c);
        return NULL;
    }
    return c;
}

void
nb_categories_free(nb_categories *c)
{
    if (!c)
        return;
    free(c->cat);
    free(c->role);
    free(c->pat);
    free(c->by_end);
    for (int i = 0; i < c->nlines; i++)
        free(c->lines[i]);
    free(c->lines);
    free(c);
}

/* The last byte first: most patterns fail on it, without a call. */
static int
is_suffix(const char *s, size_t n, const cat_pat *p)
{
    return p->n <= n && (p->n == 0 || s[n - 1] == p->s[p->n - 1]) &&
           !memcmp(s + n - p->n, p->s, p->n);
}

size_t
nb_category_suffix_len(const nb_categories *c, const char *s, size_t n)
{
    uint32_t v;
    int lo;

    if (n == 0)
        return SIZE_MAX;
    v = last4(s, n);
    lo = c->end_off[(unsigned char)s[n - 1]];
    /* the bucket is longest first: the first that fits from its end is the shortest */
    for (int k = c->end_off[(unsigned char)s[n - 1] + 1] - 1; k >= lo; k--) {
        const cat_end *e = &c->by_end[k];
        if ((v & e->mask) == e->last && e->p->n <= n && !memcmp(s + n - e->p->n, e->p->s, e->p->n))
            return e->p->n;
    }
    return SIZE_MAX;
}

int
nb_category_is_suffix(const nb_categories *c, const char *s, size_t n)
{
    return nb_category_suffix_len(c, s, n) != SIZE_MAX;
}

int
nb_category_is_pattern(const nb_categories *c, const char *s, size_t n)
{
    uint32_t v;

    if (n == 0)
        return 0;
    v = last4(s, n);
    for (int k = c->end_off[(unsigned char)s[n - 1]]; k < c->end_off[(unsigned char)s[n - 1] + 1];
         k++) {
        const cat_end *e = &c->by_end[k];
        if ((v & e->mask) == e->last && e->p->n == n && !memcmp(s, e->p->s, n))
            return 1;
    }
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
        for (const char *q = s; (q = tb_memmem(q, n - (size_t)(q - s), p->s, p->n)); q++)
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
