/*
 * aggregate - report records (or long rollups, with --merge) to CSV:
 * grouped sums with their coverage, derived rates, failed checks, errors.
 */
#include <csv.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "copies.h"
#include "cli.h"
#include "csvout.h"
#include "merge.h"
#include "names.h"
#include "nb.h"
#include "records.h"
#include "rollup.h"
#include "schema.h"
#include "xlsx.h"

/* Most tables one run writes (--output). */
#define AGG_MAX_TABLES 16

/* One table to write: its options, its rollup, where it goes. */
typedef struct agg_table {
    const char *path; /* NULL: standard output */
    int hidden;       /* only a sheet of --xlsx, no CSV */
    const char *by, *metrics;
    int longf;
    agg_view view;
    unsigned char sel[AGG_MAX_METRICS + 64];
    int keys[AGG_NKEYS], nkeys;
    agg_rollup *r;
    FILE *f;
} agg_table;

typedef struct agg_stage {
    agg_table t[AGG_MAX_TABLES + 1]; /* and --xlsx's chart table */
    int nt;
    agg_merge *mg; /* with --merge: the rollup is its own */
    agg_copies *copies;
    agg_record rec;
    FILE *fchecks, *ferrors, *fconflicts;
    agg_csv checks, errors, conflicts;
    int quiet, keep_dups, status, force;
    struct seen_input { /* --merge: the inputs read so far */
        dev_t dev;
        ino_t ino;
        off_t size;
        uint64_t hash;
        const char *name;
    } seen[64];
    int nseen;
    long records, malformed, upstream, duplicates, counted, failing, conflicting, unplaced;
} agg_stage;

static void
nomem(void)
{
    fprintf(stderr, "%s: out of memory\n", nb_getprogname());
    exit(2);
}

/* The group of key in every table's rollup, or exit when out of memory. */
typedef void agg_group_fn(agg_group *g);

static void
each_group(agg_stage *x, const char *const key[AGG_NKEYS], agg_group_fn *fn)
{
    for (int i = 0; i < x->nt; i++) {
        agg_rollup *r = x->mg ? agg_merge_rollup(x->mg) : x->t[i].r;
        agg_group *g = r ? agg_rollup_group(r, key) : NULL;

        if (!g)
            nomem();
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

static void
usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTION]... [FILE]...\n"
            "Sum report records (JSON Lines from tabulate) into CSV on standard output:\n"
            "one row per group, one column per metric.  With no FILE, or when FILE is -,\n"
            "read standard input.\n"
            "\n"
            "  -b, --by KEYS          group by a comma list of province, city, county,\n"
            "                         region_code, level, category, year, agency, doc,\n"
            "                         format, region_status (default: one group of\n"
            "                         everything)\n"
            "  -l, --long             one row per group and metric, mergeable\n"
            "  -c, --coverage         n_num, n_placeholder, n_unknown columns per metric\n"
            "  -m, --metrics PATTERNS comma list of globs over metric ids (default '*')\n"
            "  -r, --rates            the derived metrics of SCHEMA 9 (d.*)\n"
            "  -M, --merge            FILEs are long rollups of aggregate: combine them\n"
            "      --force            with --merge, merge the same rollup twice, or rollups\n"
            "                         that share a report\n"
            "  -k, --keep-duplicates  count every record of an agency, region and year\n"
            "  -o, --output FILE      write the table the options before it describe to\n"
            "                         FILE (- for standard output); repeat for more tables\n"
            "                         from one pass over the records\n"
            "      --checks FILE      write every failed check to FILE\n"
            "      --conflicts FILE   write every number on which copies of a report differ\n"
            "      --stats FILE       write the counts of the run to FILE\n"
            "      --xlsx FILE        also write every table as a sheet of an .xlsx workbook,\n"
            "                         with charts by province\n"
            "      --errors FILE      write every error record and malformed line to FILE\n"
            "      --bom              begin every CSV with a UTF-8 byte order mark\n"
            "      --null STR         print a null as STR (default: empty)\n"
            "      --labels zh|id     column headers in Chinese, or ids (default)\n"
            "      --max-line BYTES   longest input line read (default 64 MiB)\n"
            "  -q, --quiet            no diagnostics for malformed lines\n"
            "  -v, --verbose          a summary line on stderr at the end\n"
            "  -h, --help             this help\n"
            "      --version          version and library versions\n"
            "\n"
            "Exit status: 0 fine; 1 malformed input lines counted as errors; 2 trouble.\n",
            nb_getprogname());
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

static void
malformed(void *ctx, const char *where, const char *msg)
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

    for (int i = 0; i < x->nt; i++) {
        if (agg_rollup_add(x->t[i].r, rec, &err) < 0) {
            if (err.code == NB_E_NOMEM)
                nomem();
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

        if (!m)
            nomem();
        agg_csv_init(&w, m, x->checks.null);
        write_checks(&w, &x->rec);
        if (fclose(m) == EOF || w.err)
            nomem();
    }
    if (agg_copies_add(x->copies, &x->rec, text ? text : "", n) < 0)
        nomem();
    free(text);
}

static void
record(agg_stage *x, const char *name, agg_lines *l)
{
    nb_error err = {0};
    char where[300];

    snprintf(where, sizeof where, "%s:%ld", name, l->lineno);
    if (agg_record_parse(&x->rec, l->line, l->n, &err) < 0) {
        malformed(x, where, err.text);
        return;
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

/* ---- the copies of each report, at the end ---- */

static int
chosen(void *ctx, const agg_record *rec, const char *csv, size_t n)
{
    agg_stage *x = ctx;

    count(x, rec, rec->key[AGG_K_DOC]);
    if (x->fchecks && n && fwrite(csv, 1, n, x->fchecks) != n)
        x->checks.err = 1;
    return 0;
}

static int
dropped(void *ctx, const agg_record *rec)
{
    agg_stage *x = ctx;

    each_group(x, rec->key, one_duplicate);
    x->duplicates++;
    return 0;
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
    int rc;

    if (agg_lines_init(&l, f, max_line) < 0)
        nomem();
    while ((rc = agg_lines_next(&l)) > 0) {
        char where[300];

        memset(x->rec.key, 0, sizeof x->rec.key);
        if (rc == 2) {
            snprintf(where, sizeof where, "%s:%ld", name, l.lineno);
            malformed(x, where, "line longer than --max-line");
        } else if (l.line[strspn(l.line, " \t")] != '\0') {
            record(x, name, &l);
        }
    }
    if (rc < 0) {
        fprintf(stderr, "%s: %s: read error: %s\n", nb_getprogname(), name, strerror(l.ioerr));
        x->status = 2;
    }
    agg_lines_fini(&l);
}

/* The FNV-1a hash of what is left of f, which is rewound.  0 on a read
 * error (then nothing is compared). */
static uint64_t
hash_file(FILE *f)
{
    unsigned char buf[1 << 16];
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t n;

    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            h = (h ^ buf[i]) * 0x100000001b3ULL;
    if (ferror(f) || fseeko(f, 0, SEEK_SET) != 0)
        return 0;
    return h;
}

/* --merge: is f the same file as an earlier input, or a copy of one?
 * Merging it would count every report of it twice.  Regular files only
 * (standard input cannot be read twice). */
static int
seen_before(agg_stage *x, FILE *f, const char *name)
{
    struct stat st;
    struct seen_input *s;

    if (x->force || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode))
        return 0;
    s = &x->seen[x->nseen < 64 ? x->nseen : 63];
    s->dev = st.st_dev, s->ino = st.st_ino, s->size = st.st_size, s->name = name;
    s->hash = hash_file(f);
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
static void
operand(agg_stage *x, const char *path, size_t max_line)
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

/* Mark the slots matched by a comma list of globs.  Returns how many. */
static int
select_slots(unsigned char *sel, const char *patterns, int rates)
{
    char *copy = strdup(patterns), *save = NULL, *p;
    int n = 0;

    if (!copy)
        return 0;
    for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
        for (int s = 0; s < (rates ? agg_nslots() : (int)nb_nmetrics); s++)
            if (!sel[s] && fnmatch(p, agg_slot_id(s), 0) == 0)
                sel[s] = 1, n++;
    free(copy);
    return n;
}

static FILE *
side_file(const char *path, agg_csv *w, const char *null, int bom, int zh, const char *const *cols,
          const char *const *zhcols, int ncols)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, strerror(errno));
        exit(2);
    }
    agg_csv_init(w, f, null);
    if (bom)
        agg_csv_bom(w);
    for (int i = 0; i < ncols; i++)
        agg_csv_name(w, zh ? zhcols[i] : cols[i]);
    agg_csv_end(w);
    return f;
}

/* Close f (named name in messages); 0, or -1 after a message. */
static int
close_file(FILE *f, const char *name, int err)
{
    return nb_cli_close(f, f == stdout ? NULL : name, err, stderr) ? -1 : 0;
}

/* Parse --by into t->keys.  Returns 0, or 2 after a usage message. */
static int
parse_by(agg_table *t)
{
    char *copy, *save = NULL, *p;

    t->nkeys = 0;
    if (!t->by)
        return 0;
    if (!(copy = strdup(t->by)))
        nomem();
    for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        int k = agg_key_find(p);

        for (int i = 0; i < t->nkeys && k >= 0; i++)
            k = t->keys[i] == k ? -1 : k;
        if (k < 0) {
            int rc = nb_cli_usage(stderr, "unknown or repeated key", p);

            free(copy); /* p points into copy */
            return rc;
        }
        t->keys[t->nkeys++] = k;
    }
    free(copy);
    return 0;
}

/* Check a table's options and open its file.  Returns 0, or 2. */
static int
table_open(agg_table *t)
{
    int rc = parse_by(t);

    if (rc)
        return rc;
    if (select_slots(t->sel, t->metrics, t->view.rates) == 0)
        return nb_cli_usage(stderr, "--metrics selects no metric", t->metrics);
    t->view.sel = t->sel;
    if (t->hidden) {
        t->f = NULL;
    } else if (!t->path || !strcmp(t->path, "-")) {
        t->f = stdout;
    } else if (!(t->f = fopen(t->path, "w"))) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), t->path, strerror(errno));
        return 2;
    }
    return 0;
}

/* Write table t from rollup r.  Returns 0, or -1 on a write error. */
static int
table_write(agg_table *t, agg_rollup *r, const char *null, int bom)
{
    size_t ngroups = 0;
    agg_group **sorted = agg_rollup_sorted(r, &ngroups);
    agg_csv out;

    if (!sorted && agg_rollup_ngroups(r) > 0)
        nomem();
    if (t->hidden) {
        free(sorted);
        return 0;
    }
    agg_csv_init(&out, t->f, null);
    if (bom)
        agg_csv_bom(&out);
    if (t->longf)
        agg_write_long(&out, r, sorted, ngroups, &t->view);
    else
        agg_write_wide(&out, r, sorted, ngroups, &t->view);
    free(sorted);
    return close_file(t->f, t->f == stdout ? "standard output" : t->path, out.err);
}

/* --stats: the counts of the run, one "name value" line each, for
 * nianbao's summary. */
static int
write_stats(const agg_stage *x, const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, strerror(errno));
        return -1;
    }
    fprintf(f,
            "records %ld\nreports %ld\nduplicates %ld\nfailing %ld\nerrors %ld\nmalformed "
            "%ld\nconflicts %ld\nunplaced %ld\n",
            x->records, x->counted, x->duplicates, x->failing, x->upstream, x->malformed,
            x->conflicting, x->unplaced);
    return close_file(f, path, 0);
}

static int
select_count(const agg_table *t)
{
    int n = 0;

    for (int s = 0; s < agg_nslots(); s++)
        n += t->sel[s] != 0;
    return n;
}

/* One sheet of --xlsx: table t with Chinese labels, nulls empty.  Returns
 * its number of rows, or -1 after a message. */
static long
xlsx_sheet(agg_xlsx *wb, agg_table *t, agg_rollup *r)
{
    size_t ngroups = 0, n = 0;
    agg_group **sorted = agg_rollup_sorted(r, &ngroups);
    agg_view view = t->view;
    char *buf = NULL, name[256];
    FILE *m = open_memstream(&buf, &n);
    nb_error err = {0};
    agg_csv w;
    int year_col = -1;
    long rows;

    if (!m || (!sorted && agg_rollup_ngroups(r) > 0))
        nomem();
    if ((t->longf ? ngroups * (size_t)select_count(t) : ngroups) >= 1048576) {
        /* Excel's limit: a sheet cut short would lose numbers silently */
        fprintf(stderr, "%s: --xlsx: %s has more rows than a sheet holds; it is only in CSV\n",
                nb_getprogname(), t->path ? t->path : "the table");
        fclose(m);
        free(buf);
        free(sorted);
        return 0;
    }
    view.zh = 1;
    agg_csv_init(&w, m, "");
    if (t->longf)
        agg_write_long(&w, r, sorted, ngroups, &view);
    else
        agg_write_wide(&w, r, sorted, ngroups, &view);
    free(sorted);
    if (fclose(m) == EOF || w.err)
        nomem();
    for (int i = 0; i < t->nkeys; i++)
        year_col = t->keys[i] == AGG_K_YEAR ? i : year_col;
    {
        const char *base = t->hidden                           ? t->path
                           : !t->path || !strcmp(t->path, "-") ? "table"
                                                               : t->path;
        const char *slash = strrchr(base, '/');
        char *dot;

        snprintf(name, sizeof name, "%s", slash ? slash + 1 : base);
        if ((dot = strrchr(name, '.')) && dot != name)
            *dot = '\0';
    }
    rows = agg_xlsx_sheet(wb, name, buf, n, t->nkeys, year_col, &err);
    if (rows < 0)
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
    free(buf);
    return rows;
}

/* --xlsx: every table a sheet, and the charts of the hidden table by
 * province (applications received, administrative reconsiderations). */
static int
write_xlsx(agg_stage *x, const char *path)
{
    nb_error err = {0};
    agg_xlsx *wb = agg_xlsx_open(path, &err);
    long rows = 0;
    int rc = 0;

    if (!wb) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        return -1;
    }
    for (int i = 0; i < x->nt && rc == 0; i++) {
        long k = xlsx_sheet(wb, &x->t[i], x->t[i].r);

        if (k < 0)
            rc = -1;
        if (x->t[i].hidden)
            rows = k;
    }
    /* the hidden table's columns: province, 4 counters, t3.new.total,
     * t4.review.total */
    if (rc == 0 && x->t[x->nt - 1].hidden &&
        (agg_xlsx_chart(wb, "新收申请", x->t[x->nt - 1].path, rows, 5,
                        "本年新收政府信息公开申请数量（按省份）", &err) < 0 ||
         agg_xlsx_chart(wb, "行政复议", x->t[x->nt - 1].path, rows, 6, "行政复议总计（按省份）",
                        &err) < 0)) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        rc = -1;
    }
    if (agg_xlsx_close(wb, &err) < 0) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, err.text);
        rc = -1;
    }
    return rc;
}

static void
summary(const agg_stage *x)
{
    fprintf(stderr,
            "%s: %ld records: %ld reports counted, %ld duplicate copies not counted, %ld "
            "reports failing a rule, %ld upstream errors, %ld malformed; %ld numbers on which "
            "copies differ\n",
            nb_getprogname(), x->records, x->counted, x->duplicates, x->failing, x->upstream,
            x->malformed, x->conflicting);
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},
        {"long", no_argument, NULL, 'l'},
        {"coverage", no_argument, NULL, 'c'},
        {"metrics", required_argument, NULL, 'm'},
        {"rates", no_argument, NULL, 'r'},
        {"merge", no_argument, NULL, 'M'},
        {"keep-duplicates", no_argument, NULL, 'k'},
        {"checks", required_argument, NULL, 'C'},
        {"errors", required_argument, NULL, 'E'},
        {"bom", no_argument, NULL, 'B'},
        {"null", required_argument, NULL, 'N'},
        {"labels", required_argument, NULL, 'L'},
        {"max-line", required_argument, NULL, 'X'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"output", required_argument, NULL, 'o'},
        {"conflicts", required_argument, NULL, 'F'},
        {"stats", required_argument, NULL, 'S'},
        {"force", no_argument, NULL, 'f'},
        {"xlsx", required_argument, NULL, 'W'},
        {NULL, 0, NULL, 0},
    };
    static const char *const ckcols[] = {"doc",     "agency", "year", "rule",
                                         "verdict", "lhs",    "rhs",  "delta"};
    static const char *const ckzh[] = {"文档", "机关", "年度", "规则",
                                       "结论", "左边", "右边", "差额"};
    static const char *const ercols[] = {"doc", "stage", "code", "message"};
    static const char *const erzh[] = {"文档", "阶段", "代码", "信息"};
    static const char *const cfcols[] = {"agency", "region_code", "year",      "metric",
                                         "doc",    "value",       "other_doc", "other_value"};
    static const char *const cfzh[] = {"机关", "区划代码", "年度",     "指标",
                                       "文档", "数值",     "另一文档", "另一数值"};
    static agg_stage x;
    agg_table cur = {.metrics = "*"};
    int pending = 0; /* table options given since the last --output */
    const char *checks = NULL, *errors = NULL, *conflicts = NULL, *stats = NULL, *null = "";
    const char *xlsx = NULL;
    int c, merge = 0, bom = 0, verbose = 0, zh = 0, rc = 0;
    size_t max_line = 64u << 20;

    nb_setprogname(argv[0]);
    opterr = 0; /* getopt would name argv[0] in full */
    if (agg_schema_init() < 0) {
        fprintf(stderr, "%s: internal error: derived metric table\n", nb_getprogname());
        return 2;
    }
    while ((c = getopt_long(argc, argv, ":b:lcm:rMkqvho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'b': cur.by = optarg, pending = 1; break;
        case 'l': cur.longf = 1, pending = 1; break;
        case 'c': cur.view.coverage = 1, pending = 1; break;
        case 'm': cur.metrics = optarg, pending = 1; break;
        case 'r': cur.view.rates = 1, pending = 1; break;
        case 'o':
            if (x.nt == AGG_MAX_TABLES)
                return nb_cli_usage(stderr, "too many --output", optarg);
            cur.path = optarg;
            x.t[x.nt++] = cur;
            memset(&cur, 0, sizeof cur);
            cur.metrics = "*";
            pending = 0;
            break;
        case 'M': merge = 1; break;
        case 'k': x.keep_dups = 1; break;
        case 'C': checks = optarg; break;
        case 'E': errors = optarg; break;
        case 'F': conflicts = optarg; break;
        case 'S': stats = optarg; break;
        case 'f': x.force = 1; break;
        case 'W': xlsx = optarg; break;
        case 'B': bom = 1; break;
        case 'N': null = optarg; break;
        case 'L':
            if (strcmp(optarg, "zh") && strcmp(optarg, "id"))
                return nb_cli_usage(stderr, "--labels takes zh or id", optarg);
            zh = !strcmp(optarg, "zh");
            break;
        case 'X':
            if (nb_cli_size(optarg, &max_line) < 0)
                return nb_cli_usage(stderr, "invalid size", optarg);
            break;
        case 'q': x.quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("aggregate (nianbao) %s; jansson %s; libcsv %d.%d.%d\n", NB_VERSION,
                   JANSSON_VERSION, CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
            return 0;
        default: return nb_cli_getopt_error(stderr, c, argc, argv);
        }
    }
    if (x.nt == 0)
        x.t[x.nt++] = cur;
    else if (pending)
        return nb_cli_usage(stderr, "table options after the last --output", argv[optind - 1]);
    {
        int64_t ignored;

        /* A null must never read back as a number (SCHEMA 7.8), nor break
         * a row: --null 0 would print nulls as zeros. */
        if (agg_parse_fixed(null, &ignored) == 0 || strpbrk(null, "\r\n"))
            return nb_cli_usage(stderr, "--null must not be a number or hold a line break", null);
    }
    if (merge && checks)
        return nb_cli_usage(stderr, "--checks needs report records, not --merge", checks);
    if (merge && conflicts)
        return nb_cli_usage(stderr, "--conflicts needs report records, not --merge", conflicts);
    if (merge && x.nt > 1)
        return nb_cli_usage(stderr, "--merge writes one table", x.t[1].path);
    if (xlsx && !merge) { /* the charts' table */
        agg_table *t = &x.t[x.nt++];

        memset(t, 0, sizeof *t);
        t->hidden = 1;
        t->path = "按省份";
        t->by = "province";
        t->metrics = "t3.new.total,t4.review.total";
    }
    if (zh) {
        nb_error nerr = {0};

        /* Without the table, categories stay ids: a name is never guessed. */
        if (agg_names_load(&nerr) < 0)
            fprintf(stderr, "%s: category names: %s (categories stay ids)\n", nb_getprogname(),
                    nerr.text);
    }
    for (int i = 0; i < x.nt; i++) {
        x.t[i].view.zh = zh;
        if ((rc = table_open(&x.t[i])) != 0)
            return rc;
    }
    if (checks)
        x.fchecks = side_file(checks, &x.checks, null, bom, zh, ckcols, ckzh, 8);
    if (errors)
        x.ferrors = side_file(errors, &x.errors, null, bom, zh, ercols, erzh, 4);
    if (conflicts)
        x.fconflicts = side_file(conflicts, &x.conflicts, null, bom, zh, cfcols, cfzh, 8);
    if (merge) {
        agg_table *t = &x.t[0];

        if (!(x.mg = agg_merge_create(t->keys, t->by ? t->nkeys : -1, t->sel, null, malformed, &x)))
            nomem();
        agg_merge_force(x.mg, x.force);
    } else {
        for (int i = 0; i < x.nt; i++)
            if (!(x.t[i].r = agg_rollup_create(x.t[i].keys, x.t[i].nkeys)))
                nomem();
        if (!(x.copies = agg_copies_create()))
            nomem();
    }
    if (optind == argc)
        operand(&x, "-", max_line);
    for (int i = optind; i < argc; i++)
        operand(&x, argv[i], max_line);
    agg_record_fini(&x.rec);
    memset(x.rec.key, 0, sizeof x.rec.key);
    if (merge && !(x.t[0].r = agg_merge_rollup(x.mg)))
        nomem();
    if (!merge) {
        agg_copies_fns fns = {chosen, dropped, conflict};

        if (agg_copies_resolve(x.copies, &fns, &x) < 0)
            nomem();
    }
    for (int i = 0; i < x.nt; i++)
        if (table_write(&x.t[i], x.t[i].r, null, bom) < 0)
            rc = 2;
    if (xlsx && write_xlsx(&x, xlsx) < 0)
        rc = 2;
    if (verbose)
        summary(&x);
    if (stats && write_stats(&x, stats) < 0)
        rc = 2;
    if (merge) {
        agg_merge_free(x.mg);
    } else {
        for (int i = 0; i < x.nt; i++)
            agg_rollup_free(x.t[i].r);
        agg_copies_free(x.copies);
    }
    agg_names_free();
    if ((x.fchecks && close_file(x.fchecks, checks, x.checks.err) < 0) |
        (x.ferrors && close_file(x.ferrors, errors, x.errors.err) < 0) |
        (x.fconflicts && close_file(x.fconflicts, conflicts, x.conflicts.err) < 0))
        rc = 2;
    if (rc == 0 && x.t[0].f != stdout && fflush(stdout) == EOF)
        rc = 2;
    return rc ? rc : x.status;
}
