/*
 * aggregate - report records (or long rollups, with --merge) to CSV:
 * grouped sums with their coverage, derived rates, failed checks, errors.
 * This file is the options and the run; input.c reads, output.c writes.
 */
#include <csv.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "names.h"
#include "nb.h"
#include "schema.h"
#include "stage.h"
#include "xlsx.h"

/* What the options ask besides the tables. */
typedef struct agg_opts {
    const char *checks, *errors, *conflicts, *stats, *null, *xlsx;
    int merge, bom, verbose, zh, once;
    size_t max_line;
} agg_opts;

static const struct option longopts[] = {
    {"by", required_argument, NULL, 'b'},
    {"long", no_argument, NULL, 'l'},
    {"coverage", no_argument, NULL, 'c'},
    {"metrics", required_argument, NULL, 'm'},
    {"rates", no_argument, NULL, 'r'},
    {"merge", no_argument, NULL, 'M'},
    {"keep-duplicates", no_argument, NULL, 'k'},
    {"once-per-doc", no_argument, NULL, 'D'}, /* nianbao run --keep */
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
            "      --once-per-doc     read the first record of each doc only (the same\n"
            "                         input again, on another night: read newest first)\n"
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

/* One option of a table (before its --output) into cur; 1 when c is one. */
static int
table_option(int c, agg_table *cur)
{
    switch (c) {
    case 'b': cur->by = optarg; return 1;
    case 'l': cur->longf = 1; return 1;
    case 'c': cur->view.coverage = 1; return 1;
    case 'm': cur->metrics = optarg; return 1;
    case 'r': cur->view.rates = 1; return 1;
    default: return 0;
    }
}

/* The options into x and o.  Returns -1 to go on, else the exit status
 * (help, version, a usage error). */
static int
parse_options(int argc, char **argv, agg_stage *x, agg_opts *o)
{
    agg_table cur = {.metrics = "*"};
    int c, pending = 0; /* table options given since the last --output */

    opterr = 0; /* getopt would name argv[0] in full */
    while ((c = getopt_long(argc, argv, ":b:lcm:rMkqvho:", longopts, NULL)) != -1) {
        if (table_option(c, &cur)) {
            pending = 1;
            continue;
        }
        switch (c) {
        case 'o':
            if (x->nt == AGG_MAX_TABLES)
                return nb_cli_usage(stderr, "too many --output", optarg);
            cur.path = optarg;
            x->t[x->nt++] = cur;
            memset(&cur, 0, sizeof cur);
            cur.metrics = "*";
            pending = 0;
            break;
        case 'M': o->merge = 1; break;
        case 'k': x->keep_dups = 1; break;
        case 'C': o->checks = optarg; break;
        case 'E': o->errors = optarg; break;
        case 'F': o->conflicts = optarg; break;
        case 'S': o->stats = optarg; break;
        case 'f': x->force = 1; break;
        case 'D': o->once = 1; break;
        case 'W': o->xlsx = optarg; break;
        case 'B': o->bom = 1; break;
        case 'N': o->null = optarg; break;
        case 'L':
            if (strcmp(optarg, "zh") && strcmp(optarg, "id"))
                return nb_cli_usage(stderr, "--labels takes zh or id", optarg);
            o->zh = !strcmp(optarg, "zh");
            break;
        case 'X':
            if (nb_cli_size(optarg, &o->max_line) < 0)
                return nb_cli_usage(stderr, "invalid size", optarg);
            break;
        case 'q': x->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("aggregate (nianbao) %s; jansson %s; libcsv %d.%d.%d\n", NB_VERSION,
                   JANSSON_VERSION, CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
            return 0;
        default: return nb_cli_getopt_error(stderr, c, argc, argv);
        }
    }
    if (x->nt == 0)
        x->t[x->nt++] = cur;
    else if (pending)
        return nb_cli_usage(stderr, "table options after the last --output", argv[optind - 1]);
    return -1;
}

/* Options that do not go together.  Returns -1 to go on, or 2. */
/* Two outputs that name one file would write over each other, and a
 * second table on standard output would find it closed: a usage error
 * (names are compared as given; a side file named - is a file).  Returns
 * -1 to go on, or 2. */
static int
same_file(const agg_stage *x, const agg_opts *o)
{
    const char *path[AGG_MAX_TABLES + 5];
    int n = 0, out = 0;

    for (int i = 0; i < x->nt; i++)
        if (!x->t[i].path || !strcmp(x->t[i].path, "-")) {
            if (out++)
                return nb_cli_usage(stderr, "two tables on standard output", "-");
        } else {
            path[n++] = x->t[i].path;
        }
    path[n++] = o->checks;
    path[n++] = o->conflicts;
    path[n++] = o->errors;
    path[n++] = o->stats;
    path[n++] = o->xlsx;
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++)
            if (path[i] && path[k] && !strcmp(path[i], path[k]))
                return nb_cli_usage(stderr, "two outputs name the same file", path[i]);
    return -1;
}

/* Whether a spreadsheet, datamash or pandas would read s as a number: all
 * of it a number to strtod (+0, .5, 1e3, 0x10, inf), spaces around it and
 * a % after it allowed; or digits with only what a spreadsheet reads
 * around them as a number or a date (1,000, (1), 1/2, 1-2, 1:2); or a
 * full-width digit.  NaN is their null, so it is not one. */
static int
reads_as_number(const char *s)
{
    char *end;
    double v;

    if (strpbrk(s, "0123456789") && s[strspn(s, "0123456789 \t+-.,/:%()")] == '\0')
        return 1;
    for (const char *f = s; (f = strstr(f, "\xef\xbc")) != NULL; f += 2)
        if ((unsigned char)f[2] >= 0x90 && (unsigned char)f[2] <= 0x99) /* ０ to ９ */
            return 1;
    s += strspn(s, " \t");
    v = strtod(s, &end);
    if (end == s)
        return 0;
    end += *end == '%';
    end += strspn(end, " \t");
    return *end == '\0' && !isnan(v);
}

static int
check_options(agg_stage *x, const agg_opts *o)
{
    /* A null must never read back as a number (SCHEMA 7.8), nor break a
     * row: --null 0 would print nulls as zeros. */
    if (reads_as_number(o->null) || strpbrk(o->null, "\r\n"))
        return nb_cli_usage(stderr, "--null must not be a number or hold a line break", o->null);
    if (o->merge && o->checks)
        return nb_cli_usage(stderr, "--checks needs report records, not --merge", o->checks);
    if (o->merge && o->conflicts)
        return nb_cli_usage(stderr, "--conflicts needs report records, not --merge", o->conflicts);
    if (o->xlsx) {
        nb_error err = {0};
        time_t ignored;

        if (agg_xlsx_source_date(&ignored, &err) < 0) {
            fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
            return 2;
        }
    }
    if (o->merge && o->once)
        return nb_cli_usage(stderr, "--once-per-doc needs report records, not --merge", NULL);
    if (o->merge && x->nt > 1)
        return nb_cli_usage(stderr, "--merge writes one table", x->t[1].path);
    return same_file(x, o);
}

/* Open every output, the charts' table of --xlsx included.  Returns -1 to
 * go on, or 2 after a message. */
static int
open_outputs(agg_stage *x, const agg_opts *o)
{
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
    int rc;

    if (o->xlsx && !o->merge) {
        agg_table *t = &x->t[x->nt++];

        memset(t, 0, sizeof *t);
        t->hidden = 1;
        t->path = "按省份";
        t->by = "province";
        t->metrics = "t3.new.total,t4.review.total";
    }
    for (int i = 0; i < x->nt; i++) {
        x->t[i].view.zh = o->zh;
        if ((rc = agg_table_open(&x->t[i])) != 0)
            return rc;
    }
    if ((o->checks && !(x->fchecks = agg_side_file(o->checks, &x->checks, o->null, o->bom, o->zh,
                                                   ckcols, ckzh, 8))) ||
        (o->errors && !(x->ferrors = agg_side_file(o->errors, &x->errors, o->null, o->bom, o->zh,
                                                   ercols, erzh, 4))) ||
        (o->conflicts && !(x->fconflicts = agg_side_file(o->conflicts, &x->conflicts, o->null,
                                                         o->bom, o->zh, cfcols, cfzh, 8))))
        return 2;
    return -1;
}

/* The rollups (or --merge's), and the store of copies.  0 or -1. */
static int
start(agg_stage *x, const agg_opts *o)
{
    agg_table *t = &x->t[0];

    if (o->merge) {
        x->mg = agg_merge_create(t->keys, t->by ? t->nkeys : -1, t->sel, o->null,
                                 agg_stage_malformed, x);
        if (x->mg)
            agg_merge_force(x->mg, x->force);
        return x->mg ? 0 : -1;
    }
    for (int i = 0; i < x->nt; i++)
        if (!(x->t[i].r = agg_rollup_create(x->t[i].keys, x->t[i].nkeys)))
            return -1;
    if (o->once && !(x->docs = agg_docs_create()))
        return -1;
    return (x->copies = agg_copies_create()) ? 0 : -1;
}

/* After the input: the copies chosen, every table written.  Returns the
 * exit status so far (0 or 2). */
static int
finish(agg_stage *x, const agg_opts *o)
{
    int rc = 0;

    agg_record_fini(&x->rec);
    memset(x->rec.key, 0, sizeof x->rec.key);
    if (x->fatal || (o->merge && !(x->t[0].r = agg_merge_rollup(x->mg))) ||
        (!o->merge && agg_stage_resolve(x) < 0)) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), x->fatal ? x->fatal : "out of memory");
        return 2;
    }
    for (int i = 0; i < x->nt; i++)
        if (agg_table_write(&x->t[i], x->t[i].r, o->null, o->bom) < 0)
            rc = 2;
    if (o->xlsx && agg_write_xlsx(x, o->xlsx) < 0)
        rc = 2;
    if (o->verbose)
        agg_summary(x);
    if (o->stats && agg_write_stats(x, o->stats) < 0)
        rc = 2;
    return rc;
}

/* Free what the run holds and close the side files: 0, or 2. */
static int
release(agg_stage *x, const agg_opts *o)
{
    if (o->merge) {
        agg_merge_free(x->mg);
    } else {
        for (int i = 0; i < x->nt; i++)
            agg_rollup_free(x->t[i].r);
        agg_copies_free(x->copies);
        agg_docs_free(x->docs);
    }
    agg_names_free();
    if ((x->fchecks && agg_close_file(x->fchecks, o->checks, x->checks.err) < 0) |
        (x->ferrors && agg_close_file(x->ferrors, o->errors, x->errors.err) < 0) |
        (x->fconflicts && agg_close_file(x->fconflicts, o->conflicts, x->conflicts.err) < 0))
        return 2;
    return 0;
}

int
main(int argc, char **argv)
{
    static agg_stage x;
    agg_opts o = {.null = "", .max_line = 64u << 20};
    int rc;

    nb_setprogname(argv[0]);
    if (agg_schema_init() < 0) {
        fprintf(stderr, "%s: internal error: derived metric table\n", nb_getprogname());
        return 2;
    }
    if ((rc = parse_options(argc, argv, &x, &o)) >= 0 || (rc = check_options(&x, &o)) >= 0)
        return rc;
    /* the workbook is in Chinese whatever --labels; --merge reads the
     * Chinese names of a --labels zh rollup */
    if (o.zh || o.xlsx || o.merge) {
        nb_error nerr = {0};

        /* Without the table, categories stay ids: a name is never guessed. */
        if (agg_names_load(&nerr) < 0)
            fprintf(stderr, "%s: category names: %s (categories stay ids)\n", nb_getprogname(),
                    nerr.text);
    }
    if ((rc = open_outputs(&x, &o)) >= 0)
        return rc;
    if (start(&x, &o) < 0) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return 2;
    }
    if (optind == argc)
        agg_stage_operand(&x, "-", o.max_line);
    for (int i = optind; i < argc && !x.fatal; i++)
        agg_stage_operand(&x, argv[i], o.max_line);
    rc = finish(&x, &o);
    rc |= release(&x, &o);
    if (rc == 0 && x.t[0].f != stdout && fflush(stdout) == EOF)
        rc = 2;
    return rc ? rc : x.status;
}
