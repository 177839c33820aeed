/*
 * input.c - aggregate's input: report records (each counted in every
 * table, or kept as a copy until the end) or, with --merge, long rollups.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvout.h"
#include "nb.h"
#include "schema.h"
#include "stage.h"

static void
oom(agg_stage *x)
{
    if (!x->fatal)
        x->fatal = "out of memory";
}

/* fn on the group of key in every table's rollup (x->fatal when out of
 * memory). */
typedef void agg_group_fn(agg_group *g);

static void
each_group(agg_stage *x, const char *const key[AGG_NKEYS], agg_group_fn *fn)
{
    for (int i = 0; i < x->nt; i++) {
        agg_rollup *r = x->mg ? agg_merge_rollup(x->mg) : x->t[i].r;
        agg_group *g = r ? agg_rollup_group(r, key) : NULL;

        if (!g) {
            oom(x);
            return;
        }
        fn(g);
    }
}

static void
one_error(agg_group *g)
{
    g->n_errors++;
}

static void
one_duplicate(agg_group *g)
{
    g->n_duplicates++;
}

/* A malformed unit (line or row): counted in the group of unknown keys,
 * listed in --errors, status 1. */
static void
malformed_doc(agg_stage *x, const char *docp, const char *where, const char *msg)
{
    const char *key[AGG_NKEYS] = {0};
    const char *doc = docp ? docp : where;
    char full[640];

    /* Only the doc of a malformed record is trusted (its other keys may be
     * what made it malformed): --by doc lists it on its own row. */
    key[AGG_K_DOC] = docp;
    each_group(x, key, one_error);
    snprintf(full, sizeof full, "%s: %s", where, msg);
    x->malformed++;
    if (x->status < 1)
        x->status = 1;
    if (!x->quiet) { /* names from the records may hold controls */
        char safe[1024];
        fprintf(stderr, "%s: %s\n", nb_getprogname(), nb_term_text(full, safe, sizeof safe));
    }
    if (x->ferrors) {
        agg_csv_text(&x->errors, doc);
        agg_csv_text(&x->errors, "aggregate");
        agg_csv_text(&x->errors, "record");
        agg_csv_text(&x->errors, full);
        agg_csv_end(&x->errors);
    }
}

void
agg_stage_malformed(void *ctx, const char *where, const char *msg)
{
    agg_stage *x = ctx;

    malformed_doc(x, x->rec.key[AGG_K_DOC], where, msg);
}

static void
write_checks(agg_csv *w, const agg_record *rec)
{
    for (int i = 0; i < rec->nchecks; i++) {
        const nb_rec_check *c = &rec->checks[i];
        int64_t delta;

        if (strcmp(c->verdict, "fail") && strcmp(c->verdict, "fail_h0"))
            continue;
        agg_csv_text(w, rec->key[AGG_K_DOC]);
        agg_csv_text(w, rec->key[AGG_K_AGENCY]);
        if (rec->key[AGG_K_YEAR])
            agg_csv_name(w, rec->key[AGG_K_YEAR]);
        else
            agg_csv_null(w);
        agg_csv_text(w, c->rule);
        agg_csv_text(w, c->verdict);
        c->has_lhs ? agg_csv_fixed(w, c->lhs) : agg_csv_null(w);
        c->has_rhs ? agg_csv_fixed(w, c->rhs) : agg_csv_null(w);
        if (c->has_delta) /* a record of version 1 */
            agg_csv_fixed(w, c->delta);
        else if (c->has_lhs && c->has_rhs && !__builtin_sub_overflow(c->lhs, c->rhs, &delta))
            agg_csv_fixed(w, delta); /* delta = lhs - rhs (SCHEMA 8.1) */
        else
            agg_csv_null(w);
        agg_csv_end(w);
    }
}

/* Count rec in every table; a sum out of range makes it malformed. */
static void
count(agg_stage *x, const agg_record *rec, const char *where)
{
    nb_error err = {0};

    /* counted in every table or in none: a sum that one table cannot
     * hold makes the record malformed in all of them */
    for (int i = 0; x->nt > 1 && i < x->nt; i++)
        if (agg_rollup_fits(x->t[i].r, rec, &err) < 0) {
            malformed_doc(x, rec->key[AGG_K_DOC], where, err.text);
            return;
        }
    for (int i = 0; i < x->nt; i++) {
        if (agg_rollup_add(x->t[i].r, rec, &err) < 0) {
            if (err.code == NB_E_NOMEM) {
                oom(x);
                return;
            }
            malformed_doc(x, rec->key[AGG_K_DOC], where, err.text);
            return;
        }
    }
    x->counted++;
    x->failing += rec->check_failed;
    x->unplaced += !rec->key[AGG_K_PROVINCE];
}

/* Keep a copy of the current record until the end (DESIGN 5), with its
 * rows of --checks written ahead. */
static void
keep_copy(agg_stage *x)
{
    char *text = NULL;
    size_t n = 0;

    if (x->fchecks && x->rec.check_failed) {
        FILE *m = open_memstream(&text, &n);
        agg_csv w;

        if (!m) {
            oom(x);
            return;
        }
        agg_csv_init(&w, m, x->checks.null);
        write_checks(&w, &x->rec);
        if (fclose(m) == EOF || w.err) {
            free(text);
            {
                oom(x);
                return;
            }
        }
    }
    if (agg_copies_add(x->copies, &x->rec, text ? text : "", n) < 0)
        x->fatal = agg_copies_error(x->copies);
    free(text);
}

static void
record(agg_stage *x, const char *name, agg_lines *l)
{
    nb_error err = {0};
    char where[300];

    snprintf(where, sizeof where, "%s:%ld", name, l->lineno);
    if (agg_record_parse(&x->rec, l->line, l->n, &err) < 0) {
        if (err.code == NB_E_NOMEM) {
            oom(x);
            return;
        }
        agg_stage_malformed(x, where, err.text);
        return;
    }
    /* (standard input's doc, -, names no page: each night's is another) */
    if (x->docs && x->rec.key[AGG_K_DOC] && strcmp(x->rec.key[AGG_K_DOC], "-")) {
        int fresh = agg_docs_add(x->docs, x->rec.key[AGG_K_DOC]);

        if (fresh < 0) {
            oom(x);
            return;
        }
        if (!fresh) {
            x->repeated++;
            return;
        }
    }
    x->records++;
    if (x->rec.is_error) {
        each_group(x, x->rec.key, one_error);
        x->upstream++;
        if (x->ferrors) {
            agg_csv_text(&x->errors, x->rec.key[AGG_K_DOC]);
            agg_csv_text(&x->errors, x->rec.err_stage);
            agg_csv_text(&x->errors, x->rec.err_code);
            agg_csv_text(&x->errors, x->rec.err_message);
            agg_csv_end(&x->errors);
        }
        return;
    }
    if (!x->keep_dups && agg_copies_keyed(&x->rec)) {
        keep_copy(x);
        return;
    }
    count(x, &x->rec, where);
    if (x->fchecks && x->rec.checks)
        write_checks(&x->checks, &x->rec);
}

/* What agg_stage_resolve hands the copies to. */
static int
chosen(void *ctx, const agg_record *rec, const char *csv, size_t n)
{
    agg_stage *x = ctx;

    count(x, rec, rec->key[AGG_K_DOC]);
    if (x->fchecks && n && fwrite(csv, 1, n, x->fchecks) != n)
        x->checks.err = 1;
    return x->fatal ? -1 : 0;
}

static int
dropped(void *ctx, const agg_record *rec)
{
    agg_stage *x = ctx;

    each_group(x, rec->key, one_duplicate);
    x->duplicates++;
    return x->fatal ? -1 : 0;
}

static int
conflict(void *ctx, const agg_record *a, const agg_record *b, int m)
{
    agg_stage *x = ctx;

    x->conflicting++;
    if (!x->fconflicts)
        return 0;
    agg_csv_text(&x->conflicts, a->key[AGG_K_AGENCY]);
    agg_csv_text(&x->conflicts, a->key[AGG_K_REGION_CODE]);
    agg_csv_name(&x->conflicts, a->key[AGG_K_YEAR]);
    agg_csv_name(&x->conflicts, nb_metrics[m].id);
    agg_csv_text(&x->conflicts, a->key[AGG_K_DOC]);
    agg_csv_fixed(&x->conflicts, a->value[m]);
    agg_csv_text(&x->conflicts, b->key[AGG_K_DOC]);
    agg_csv_fixed(&x->conflicts, b->value[m]);
    agg_csv_end(&x->conflicts);
    return 0;
}

static void
read_records(agg_stage *x, FILE *f, const char *name, size_t max_line)
{
    agg_lines l;
    int rc = 0;

    if (agg_lines_init(&l, f, max_line) < 0) {
        oom(x);
        return;
    }
    while (!x->fatal && (rc = agg_lines_next(&l)) > 0) {
        char where[300];

        memset(x->rec.key, 0, sizeof x->rec.key);
        if (rc == 2) {
            snprintf(where, sizeof where, "%s:%ld", name, l.lineno);
            agg_stage_malformed(x, where, "line longer than --max-line");
        } else if (l.line[strspn(l.line, " \t")] != '\0') {
            record(x, name, &l);
        }
    }
    if (rc < 0 && l.ioerr == ENOMEM) {
        oom(x);
    } else if (rc < 0) {
        fprintf(stderr, "%s: %s: read error: %s\n", nb_getprogname(), name, strerror(l.ioerr));
        x->status = 2;
    }
    agg_lines_fini(&l);
}

/* The FNV-1a hash of what is left of f, which is rewound, and its number
 * of line ends in *lines.  0 on a read error (then nothing is compared). */
static uint64_t
hash_file(FILE *f, size_t *lines)
{
    unsigned char buf[1 << 16];
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t n;

    *lines = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++) {
            h = (h ^ buf[i]) * 0x100000001b3ULL;
            *lines += buf[i] == '\n';
        }
    if (ferror(f) || fseeko(f, 0, SEEK_SET) != 0)
        return 0;
    return h;
}

/* --merge: is f the same file as an earlier input, or a copy of one?
 * Merging it would count every report of it twice.  Regular files only
 * (standard input cannot be read twice).  A rollup of no group (its header
 * alone: a shard that got no input) counts nothing twice, and shards of
 * nothing are alike byte for byte: it is never taken for a copy. */
static int
seen_before(agg_stage *x, FILE *f, const char *name)
{
    struct stat st;
    struct seen_input *s;
    size_t lines;

    if (x->force || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode))
        return 0;
    s = &x->seen[x->nseen < 64 ? x->nseen : 63];
    s->dev = st.st_dev, s->ino = st.st_ino, s->size = st.st_size, s->name = name;
    s->hash = hash_file(f, &lines);
    if (s->hash && lines <= 1)
        return 0;
    for (struct seen_input *o = x->seen; o < s; o++) {
        if ((o->dev == s->dev && o->ino == s->ino) ||
            (s->hash && o->size == s->size && o->hash == s->hash)) {
            fprintf(stderr,
                    "%s: %s: %s %s: merging it would count its reports twice (--force merges "
                    "it anyway)\n",
                    nb_getprogname(), name,
                    o->dev == s->dev && o->ino == s->ino ? "the same file as" : "a copy of",
                    o->name);
            x->status = 2;
            return 1;
        }
    }
    if (x->nseen < 64)
        x->nseen++;
    return 0;
}

/* Read one operand: records, or a long rollup with --merge. */
void
agg_stage_operand(agg_stage *x, const char *path, size_t max_line)
{
    const char *name = strcmp(path, "-") ? path : "stdin";
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    nb_error err = {0};

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, strerror(errno));
        x->status = 2;
        return;
    }
    if (x->mg) {
        if (seen_before(x, f, name))
            ;
        else if (agg_merge_file(x->mg, f, name, &err) < 0) {
            fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
            x->status = 2;
        }
    } else {
        read_records(x, f, name, max_line);
    }
    if (f != stdin)
        fclose(f);
}

/* ---- the copies of each report, at the end ---- */

int
agg_stage_resolve(agg_stage *x)
{
    agg_copies_fns fns = {chosen, dropped, conflict};

    if (agg_copies_resolve(x->copies, &fns, x) < 0) {
        x->fatal = agg_copies_error(x->copies);
        return -1;
    }
    return x->fatal ? -1 : 0;
}
