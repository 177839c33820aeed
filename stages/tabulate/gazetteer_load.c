/*
 * gazetteer_load.c - read the division table (gzip TSV, with zlib), the
 * aliases and the area codes into the gazetteer's index.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gazetteer.h"
#include "gazetteer_int.h"
#include "tsv.h"

static int
level_of(const char *s, unsigned char *stat)
{
    *stat = 0;
    if (!strcmp(s, "township")) /* most rows */
        return NB_LV_TOWNSHIP;
    if (!strcmp(s, "province"))
        return NB_LV_PROVINCE;
    if (!strcmp(s, "city"))
        return NB_LV_CITY;
    if (!strcmp(s, "county"))
        return NB_LV_COUNTY;
    if (!strcmp(s, "county_stat")) {
        *stat = 1;
        return NB_LV_COUNTY;
    }
    return NB_LV_NONE;
}

static int
all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The next line of f into line, counted in *lineno: 1, 0 at the end, -1
 * on damage or a line longer than cap (err set). */
static int
gz_line(gzFile f, char *line, int cap, const char *path, long *lineno, nb_error *err)
{
    int zerr;
    const char *msg;

    if (!gzgets(f, line, cap)) {
        msg = gzerror(f, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END)
            return nb_fail(err, NB_E_IO, "%s: corrupt or truncated gzip data (%s)", path, msg);
        return 0;
    }
    ++*lineno;
    if (!strchr(line, '\n')) {
        msg = gzerror(f, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END)
            return nb_fail(err, NB_E_IO, "%s: corrupt or truncated gzip data (%s)", path, msg);
        if (!gzeof(f))
            return nb_fail(err, NB_E_RECORD, "%s:%ld: line too long", path, *lineno);
    }
    return 1;
}

/* Check row fld of level lv and find its parent in *parent (-1 for a
 * province; nearly always the last row of a level above).  Returns 0, or
 * -1 with err set. */
static int
check_row(const nb_gazetteer *g, char **fld, int lv, const int *last, int *parent, const char *path,
          long lineno, nb_error *err)
{
    size_t cl = strlen(fld[0]);

    *parent = -1;
    if (!all_digits(fld[0]) || (cl != 6 && cl != 9) || (cl == 9) != (lv == NB_LV_TOWNSHIP))
        return nb_fail(err, NB_E_RECORD, "%s:%ld: bad code '%.12s'", path, lineno, fld[0]);
    if (lv == NB_LV_NONE)
        return nb_fail(err, NB_E_RECORD, "%s:%ld: unknown level '%.16s'", path, lineno, fld[2]);
    if (!fld[1][0] || !nb_utf8_valid(fld[1], strlen(fld[1])))
        return nb_fail(err, NB_E_RECORD, "%s:%ld: empty or invalid name", path, lineno);
    if (g->ndiv && strcmp(g->div[g->ndiv - 1].code, fld[0]) >= 0)
        return nb_fail(err, NB_E_RECORD, "%s:%ld: code %s out of order", path, lineno, fld[0]);
    if (lv == NB_LV_PROVINCE) {
        if (fld[3][0])
            return nb_fail(err, NB_E_RECORD, "%s:%ld: a province with a parent", path, lineno);
        return 0;
    }
    for (int l = lv - 1; l >= NB_LV_PROVINCE && *parent < 0; l--)
        if (last[l] >= 0 && !strcmp(g->div[last[l]].code, fld[3]))
            *parent = last[l];
    if (*parent < 0)
        *parent = nb_gazetteer_find(g, fld[3]);
    if (*parent < 0 || g->div[*parent].level >= lv)
        return nb_fail(err, NB_E_RECORD, "%s:%ld: parent '%.12s' unknown or not above", path,
                       lineno, fld[3]);
    return 0;
}

/* Append division fld (code, name) of level lv under parent; 0 or -1. */
static int
add_division(nb_gazetteer *g, char **fld, int lv, unsigned char stat, int parent, nb_error *err)
{
    nb_division *d;

    if (g->ndiv == g->divcap) {
        size_t *no;
        if (gz_grow((void **)&g->div, &g->divcap, g->ndiv + 1, sizeof *g->div) < 0 ||
            !(no = realloc(g->name_off, (size_t)g->divcap * sizeof *no)))
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        g->name_off = no;
    }
    d = &g->div[g->ndiv];
    memset(d, 0, sizeof *d);
    strcpy(d->code, fld[0]);
    d->level = (unsigned char)lv;
    d->stat = stat;
    d->parent = parent;
    g->name_off[g->ndiv++] = g->names.n;
    if (nb_buf_add(&g->names, fld[1], strlen(fld[1]) + 1) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}

static int
load_divisions(nb_gazetteer *g, const char *path, nb_error *err)
{
    gzFile f = gzopen(path, "rb");
    char line[2048];
    long lineno = 0;
    int rc = -1, r, last[NB_LV_TOWNSHIP + 1] = {-1, -1, -1, -1, -1};

    if (!f)
        return nb_fail(err, errno == ENOMEM ? NB_E_NOMEM : NB_E_IO, "%s: %s", path,
                       errno ? strerror(errno) : "cannot open");
    gzbuffer(f, 1u << 17);
    while ((r = gz_line(f, line, sizeof line, path, &lineno, err)) > 0) {
        char *fld[8];
        int nf, lv, parent;
        unsigned char stat;

        if (lineno == 1) {
            if (strncmp(line, "code\tname\tlevel\tparent_code", 27)) {
                nb_fail(err, NB_E_RECORD, "%s:1: not a division table (no header row)", path);
                goto done;
            }
            continue;
        }
        for (size_t n = strlen(line); n && (line[n - 1] == '\n' || line[n - 1] == '\r');)
            line[--n] = '\0';
        nf = nb_tsv_split(line, fld, 7);
        if (nf == 1 && !fld[0][0])
            continue;
        if (nf != 7) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: %d fields, want 7", path, lineno, nf);
            goto done;
        }
        lv = level_of(fld[2], &stat);
        if (check_row(g, fld, lv, last, &parent, path, lineno, err) < 0 ||
            add_division(g, fld, lv, stat, parent, err) < 0)
            goto done;
        last[lv] = g->ndiv - 1;
    }
    if (r < 0)
        goto done;
    if (g->ndiv == 0) {
        nb_fail(err, NB_E_RECORD, "%s: no divisions", path);
        goto done;
    }
    for (int i = 0; i < g->ndiv; i++)
        g->div[i].name = g->names.p + g->name_off[i];
    rc = 0;
done:
    if (rc < 0)
        err->line = lineno;
    gzclose(f);
    return rc;
}

/* One row of the area codes: AREACODE, then division codes split by ','. */
static int
add_areacode(nb_gazetteer *g, char **fld, const nb_tsv *t, nb_error *err)
{
    gz_area *a;

    if (!all_digits(fld[0]) || strlen(fld[0]) > 5)
        return nb_tsv_fail(t, err, NB_E_RECORD, "bad area code '%.8s'", fld[0]);
    if (gz_grow((void **)&g->ac, &g->accap, g->nac + 1, sizeof *g->ac) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    a = &g->ac[g->nac++];
    strcpy(a->code, fld[0]);
    a->off = g->nacdiv;
    a->n = 0;
    for (char *c = strtok(fld[1], ","); c; c = strtok(NULL, ",")) {
        int d = nb_gazetteer_find(g, c);
        if (d < 0)
            return nb_tsv_fail(t, err, NB_E_RECORD, "unknown code '%.12s'", c);
        if (gz_grow((void **)&g->acdiv, &g->acdivcap, g->nacdiv + 1, sizeof *g->acdiv) < 0)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        g->acdiv[g->nacdiv++] = d;
        a->n++;
    }
    return 0;
}

/* One row of the aliases: NAME, then the division's code. */
static int
add_alias(nb_gazetteer *g, char **fld, const nb_tsv *t, nb_error *err)
{
    int d = nb_gazetteer_find(g, fld[1]);

    if (d < 0 || !nb_utf8_valid(fld[0], strlen(fld[0])))
        return nb_tsv_fail(t, err, NB_E_RECORD, "unknown code '%.12s'", fld[1]);
    if (gz_add_key(g, fld[0], strlen(fld[0]), d, NB_FORM_ALIAS) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}

/* Read a small TSV (aliases or area codes) with a header row and # comments. */
static int
load_tsv(nb_gazetteer *g, const char *path, int areas, nb_error *err)
{
    nb_tsv t;
    int rc, header = 0;

    if (nb_tsv_open(&t, path, err) < 0)
        return -1;
    while ((rc = nb_tsv_next(&t, err)) > 0) {
        char *fld[4];
        int nf;

        if (!header++ && !strncmp(t.line, areas ? "areacode\t" : "name\t", areas ? 9 : 5))
            continue;
        nf = nb_tsv_split(t.line, fld, 3);
        if (nf < 2 || nf > 3 || !fld[0][0]) {
            rc = nb_tsv_fail(&t, err, NB_E_RECORD, "malformed row");
            break;
        }
        rc = areas ? add_areacode(g, fld, &t, err) : add_alias(g, fld, &t, err);
        if (rc < 0)
            break;
    }
    nb_tsv_close(&t);
    return rc < 0 ? -1 : 0;
}

nb_gazetteer *
nb_gazetteer_load(const char *divisions, const char *aliases, const char *areacodes, nb_error *err)
{
    nb_gazetteer *g = calloc(1, sizeof *g);

    if (!g) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        return NULL;
    }
    if (load_divisions(g, divisions, err) < 0)
        goto fail;
    /* sized for the full table (~45k divisions, ~80k keys) */
    if (gz_rehash(g, 1u << 18) < 0 || !(g->first2 = calloc(GZ_FIRST2, 1)) ||
        gz_grow((void **)&g->k, &g->kcap, 2 * g->ndiv, sizeof *g->k) < 0 ||
        gz_grow((void **)&g->e, &g->ecap, 2 * g->ndiv, sizeof *g->e) < 0 ||
        nb_buf_reserve(&g->keys, 2 * g->names.n) < 0)
        goto nomem;
    for (int i = 0; i < g->ndiv; i++) {
        if (gz_add_key(g, g->div[i].name, strlen(g->div[i].name), i, NB_FORM_FULL) < 0)
            goto nomem;
    }
    for (int i = 0; i < g->ndiv; i++) {
        if (gz_add_short_forms(g, i) < 0)
            goto nomem;
    }
    free(g->name_off);
    g->name_off = NULL;
    if (aliases && load_tsv(g, aliases, 0, err) < 0)
        goto fail;
    if (areacodes && load_tsv(g, areacodes, 1, err) < 0)
        goto fail;
    return g;
nomem:
    nb_fail(err, NB_E_NOMEM, "out of memory");
fail:
    nb_gazetteer_free(g);
    return NULL;
}

void
nb_gazetteer_free(nb_gazetteer *g)
{
    if (!g)
        return;
    free(g->div);
    free(g->name_off);
    nb_buf_fini(&g->names);
    nb_buf_fini(&g->keys);
    free(g->k);
    free(g->slot);
    free(g->first2);
    free(g->e);
    free(g->ac);
    free(g->acdiv);
    free(g);
}
