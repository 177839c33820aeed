/*
 * aggregate - report records (or long rollups, with --merge) to CSV:
 * grouped sums with their coverage, derived rates, failed checks, errors.
 */
#include <csv.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "merge.h"
#include "nb.h"
#include "records.h"
#include "rollup.h"
#include "schema.h"

typedef struct agg_stage {
    agg_rollup *r;
    agg_merge *mg; /* with --merge: the rollup is its own */
    agg_record rec;
    FILE *fchecks, *ferrors;
    agg_csv checks, errors;
    int quiet, keep_dups, status;
    long records, malformed, upstream, duplicates;
} agg_stage;

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
            "  -k, --keep-duplicates  count every record of an agency, region and year\n"
            "      --checks FILE      write every failed check to FILE\n"
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

static int
bad_usage(const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s: '%s'\nTry '%s --help'.\n", nb_getprogname(), what, arg,
            nb_getprogname());
    return 2;
}

/* A malformed unit (line or row): counted in the group of unknown keys,
 * listed in --errors, status 1. */
static void
malformed(void *ctx, const char *where, const char *msg)
{
    agg_stage *x = ctx;
    const char *key[AGG_NKEYS] = {0};
    const char *doc = x->rec.key[AGG_K_DOC] ? x->rec.key[AGG_K_DOC] : where;
    agg_rollup *r = x->mg ? agg_merge_rollup(x->mg) : x->r;
    agg_group *g;

    /* Only the doc of a malformed record is trusted (its other keys may be
     * what made it malformed): --by doc lists it on its own row. */
    key[AGG_K_DOC] = x->rec.key[AGG_K_DOC];
    g = r ? agg_rollup_group(r, key) : NULL;
    char full[640];

    snprintf(full, sizeof full, "%s: %s", where, msg);
    if (!g) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        exit(2);
    }
    g->n_errors++;
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
write_checks(agg_stage *x)
{
    size_t i;
    json_t *c;

    json_array_foreach(x->rec.checks, i, c)
    {
        const char *verdict = json_string_value(json_object_get(c, "verdict"));
        static const char *const nums[] = {"lhs", "rhs", "delta"};

        if (strcmp(verdict, "fail") && strcmp(verdict, "fail_h0"))
            continue;
        agg_csv_text(&x->checks, x->rec.key[AGG_K_DOC]);
        agg_csv_text(&x->checks, x->rec.key[AGG_K_AGENCY]);
        if (x->rec.key[AGG_K_YEAR])
            agg_csv_name(&x->checks, x->rec.key[AGG_K_YEAR]);
        else
            agg_csv_null(&x->checks);
        agg_csv_text(&x->checks, json_string_value(json_object_get(c, "rule")));
        agg_csv_text(&x->checks, verdict);
        int64_t v[3] = {0, 0, 0};
        int has[3] = {0, 0, 0};

        for (int k = 0; k < 3; k++) {
            has[k] = agg_json_micro(json_object_get(c, nums[k]), &v[k]) == 0;
            if (k == 2 && !has[2] && has[0] && has[1]) { /* delta = lhs - rhs (SCHEMA 8.1) */
                has[2] = !__builtin_sub_overflow(v[0], v[1], &v[2]);
            }
            if (has[k])
                agg_csv_fixed(&x->checks, v[k]);
            else
                agg_csv_null(&x->checks);
        }
        agg_csv_end(&x->checks);
    }
}

static void
record(agg_stage *x, const char *name, agg_lines *l)
{
    nb_error err = {0};
    char where[300];
    int dup = 0;

    snprintf(where, sizeof where, "%s:%ld", name, l->lineno);
    if (agg_record_parse(&x->rec, l->line, l->n, &err) < 0) {
        malformed(x, where, err.text);
        return;
    }
    x->records++;
    if (x->rec.is_error) {
        agg_group *g = agg_rollup_group(x->r, x->rec.key);

        if (!g)
            goto nomem;
        g->n_errors++;
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
    if (!x->keep_dups && (dup = agg_rollup_seen(x->r, &x->rec)) < 0)
        goto nomem;
    if (dup) {
        agg_group *g = agg_rollup_group(x->r, x->rec.key);

        if (!g)
            goto nomem;
        g->n_duplicates++;
        x->duplicates++;
        return;
    }
    if (agg_rollup_add(x->r, &x->rec, &err) < 0) {
        if (err.code == NB_E_NOMEM)
            goto nomem;
        malformed(x, where, err.text);
        return;
    }
    if (x->fchecks && x->rec.checks)
        write_checks(x);
    return;
nomem:
    fprintf(stderr, "%s: out of memory\n", nb_getprogname());
    exit(2);
}

static void
read_records(agg_stage *x, FILE *f, const char *name, size_t max_line)
{
    agg_lines l;
    int rc;

    if (agg_lines_init(&l, f, max_line) < 0) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        exit(2);
    }
    while ((rc = agg_lines_next(&l)) > 0) {
        char where[300];

        agg_record_fini(&x->rec);
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
        if (agg_merge_file(x->mg, f, name, &err) < 0) {
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

static int
close_file(FILE *f, const char *name, int err)
{
    if (fflush(f) == EOF || ferror(f) || err || fclose(f) == EOF) {
        if (errno != EPIPE)
            fprintf(stderr, "%s: %s: write error: %s\n", nb_getprogname(), name,
                    strerror(errno ? errno : EIO));
        return -1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},        {"long", no_argument, NULL, 'l'},
        {"coverage", no_argument, NULL, 'c'},        {"metrics", required_argument, NULL, 'm'},
        {"rates", no_argument, NULL, 'r'},           {"merge", no_argument, NULL, 'M'},
        {"keep-duplicates", no_argument, NULL, 'k'}, {"checks", required_argument, NULL, 'C'},
        {"errors", required_argument, NULL, 'E'},    {"bom", no_argument, NULL, 'B'},
        {"null", required_argument, NULL, 'N'},      {"labels", required_argument, NULL, 'L'},
        {"max-line", required_argument, NULL, 'X'},  {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},         {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},         {NULL, 0, NULL, 0},
    };
    static const char *const ckcols[] = {"doc",     "agency", "year", "rule",
                                         "verdict", "lhs",    "rhs",  "delta"};
    static const char *const ckzh[] = {"文档", "机关", "年度", "规则",
                                       "结论", "左边", "右边", "差额"};
    static const char *const ercols[] = {"doc", "stage", "code", "message"};
    static const char *const erzh[] = {"文档", "阶段", "代码", "信息"};
    agg_stage x = {0};
    agg_view view = {0};
    agg_merge *mg = NULL;
    unsigned char sel[AGG_MAX_METRICS + 64] = {0};
    const char *by = NULL, *metrics = "*", *checks = NULL, *errors = NULL, *null = "";
    int keys[AGG_NKEYS], nkeys = 0, c, longf = 0, merge = 0, bom = 0, verbose = 0;
    size_t max_line = 64u << 20, ngroups = 0;
    agg_group **sorted;
    agg_csv out;

    nb_setprogname(argv[0]);
    argv[0] = (char *)nb_getprogname(); /* getopt's messages name the stage, not a path */
    if (agg_schema_init() < 0) {
        fprintf(stderr, "%s: internal error: derived metric table\n", nb_getprogname());
        return 2;
    }
    while ((c = getopt_long(argc, argv, "b:lcm:rMkqvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'b': by = optarg; break;
        case 'l': longf = 1; break;
        case 'c': view.coverage = 1; break;
        case 'm': metrics = optarg; break;
        case 'r': view.rates = 1; break;
        case 'M': merge = 1; break;
        case 'k': x.keep_dups = 1; break;
        case 'C': checks = optarg; break;
        case 'E': errors = optarg; break;
        case 'B': bom = 1; break;
        case 'N': null = optarg; break;
        case 'L':
            if (strcmp(optarg, "zh") && strcmp(optarg, "id"))
                return bad_usage("--labels takes zh or id", optarg);
            view.zh = !strcmp(optarg, "zh");
            break;
        case 'X': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);

            if (*end || end == optarg || *optarg == '-' || v == 0)
                return bad_usage("invalid size", optarg);
            max_line = (size_t)v;
            break;
        }
        case 'q': x.quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("aggregate (nianbao) %s; jansson %s; libcsv %d.%d.%d\n", NB_VERSION,
                   JANSSON_VERSION, CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
            return 0;
        default: fprintf(stderr, "Try '%s --help'.\n", nb_getprogname()); return 2;
        }
    }
    if (by) {
        char *copy = strdup(by), *save = NULL, *p;

        if (!copy) {
            fprintf(stderr, "%s: out of memory\n", nb_getprogname());
            return 2;
        }
        for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
            int k = agg_key_find(p);

            for (int i = 0; i < nkeys && k >= 0; i++)
                k = keys[i] == k ? -1 : k;
            if (k < 0) {
                int rc = bad_usage("unknown or repeated key", p);

                free(copy); /* p points into copy */
                return rc;
            }
            keys[nkeys++] = k;
        }
        free(copy);
    }
    {
        int64_t ignored;

        /* A null must never read back as a number (SCHEMA 7.8), nor break
         * a row: --null 0 would print nulls as zeros. */
        if (agg_parse_fixed(null, &ignored) == 0 || strpbrk(null, "\r\n"))
            return bad_usage("--null must not be a number or hold a line break", null);
    }
    if (select_slots(sel, metrics, view.rates) == 0)
        return bad_usage("--metrics selects no metric", metrics);
    if (merge && checks)
        return bad_usage("--checks needs report records, not --merge", checks);
    view.sel = sel;
    if (checks)
        x.fchecks = side_file(checks, &x.checks, null, bom, view.zh, ckcols, ckzh, 8);
    if (errors)
        x.ferrors = side_file(errors, &x.errors, null, bom, view.zh, ercols, erzh, 4);
    if (merge) {
        mg = agg_merge_create(keys, by ? nkeys : -1, sel, null, malformed, &x);
        if (!mg) {
            fprintf(stderr, "%s: out of memory\n", nb_getprogname());
            return 2;
        }
        x.mg = mg;
    } else if (!(x.r = agg_rollup_create(keys, nkeys))) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return 2;
    }
    if (optind == argc)
        operand(&x, "-", max_line);
    for (int i = optind; i < argc; i++)
        operand(&x, argv[i], max_line);
    if (merge && !(x.r = agg_merge_rollup(mg))) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return 2;
    }
    sorted = agg_rollup_sorted(x.r, &ngroups);
    if (!sorted && agg_rollup_ngroups(x.r) > 0) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return 2;
    }
    agg_csv_init(&out, stdout, null);
    if (bom)
        agg_csv_bom(&out);
    if (longf)
        agg_write_long(&out, x.r, sorted, ngroups, &view);
    else
        agg_write_wide(&out, x.r, sorted, ngroups, &view);
    if (verbose)
        fprintf(stderr,
                "%s: %ld records, %zu groups, %ld upstream errors, %ld malformed, %ld "
                "duplicates\n",
                nb_getprogname(), x.records, ngroups, x.upstream, x.malformed, x.duplicates);
    free(sorted);
    agg_record_fini(&x.rec);
    if (merge)
        agg_merge_free(mg);
    else
        agg_rollup_free(x.r);
    if ((x.fchecks && close_file(x.fchecks, checks, x.checks.err) < 0) |
        (x.ferrors && close_file(x.ferrors, errors, x.errors.err) < 0) |
        (close_file(stdout, "standard output", out.err) < 0))
        return 2;
    return x.status;
}
