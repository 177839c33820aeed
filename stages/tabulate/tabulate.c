/*
 * tabulate - documents to report records: the statistical tables of each
 * report, every cell under its SCHEMA id, the consistency rules checked.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "identity.h"
#include "nb.h"
#include "place.h"
#include "report.h"
#include "recognize.h"
#include "rules.h"
#include "stream.h"

#define MAX_CHECKS 1024

typedef struct opts {
    tb_record_opts rec;
    size_t max_line;
    int quiet, verbose;
    const char *regions, *data_dir;
    tb_place *place;
} opts;

static void
usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTION]...\n"
            "Read a document stream (from extract | normalize) on standard input and\n"
            "write one report record (JSON) per document: agency, year, the tables\n"
            "found, every cell under its SCHEMA id, and the rule verdicts.\n"
            "\n"
            "      --trace          add \"at\": the body line:field of every cell\n"
            "      --all-checks     list passing rule instances too\n"
            "      --regions FILE   region overrides: lines doc-or-agency<TAB>code\n"
            "      --data-dir DIR   division and category tables (default: $NB_DATA_DIR,\n"
            "                       else the installed or source data/)\n"
            "      --max-line N     longest body line read (default 64 MiB)\n"
            "  -q, --quiet          no diagnostics on stderr\n"
            "  -v, --verbose        a summary line on stderr at the end\n"
            "  -h, --help           this help\n"
            "      --version        version\n"
            "\n"
            "Exit status: 0 all documents read; 1 error records written; 2 trouble.\n",
            nb_getprogname());
}

/* Write an error record {"doc","error"} for doc (raw JSON text or NULL). */
static int
error_record(nb_buf *out, const char *doc_json, const char *doc, const char *code, const char *msg,
             int quiet)
{
    char d[1024], m[1024];

    if (!quiet) /* names from the stream may hold controls */
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), nb_term_text(doc, d, sizeof d),
                nb_term_text(msg, m, sizeof m));
    return tb_error_record(out, doc_json, doc, code, msg);
}

static int
all_placeholder(const tb_doc *d)
{
    int any = 0;
    for (size_t i = 0; i < nb_nmetrics && i < TB_MAX_METRICS; i++) {
        const tb_cell *c = &d->cells[i];
        if (strncmp(nb_metrics[i].id, "t3.", 3) || c->state < 0 || c->line == 0)
            continue;
        if (!nb_state_placeholder(c->state))
            return 0;
        any = 1;
    }
    return any;
}

/* Text normalize(1) never leaves: a markdown pipe row or rule (a line
 * that begins, blanks aside, with a '|' and holds another), or a
 * full-width digit (EF BC 90..99).  tabulate reads what normalize writes,
 * and reads such text only in part. */
static int
pipe_row(const char *p, size_t n)
{
    size_t i = 0;

    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    return i + 1 < n && p[i] == '|' && memchr(p + i + 1, '|', n - i - 1);
}

/* Whether s[0..n) holds a full-width digit: once over the body, where a
 * search per line cost a memchr call a line (a newline is none of the
 * three bytes, so none is found across two lines). */
static int
fullwidth_digit(const char *s, size_t n)
{
    if (n == 0)
        return 0; /* an empty body has no buffer yet: s is NULL */
    for (const char *q = s, *e = s + n; (q = memchr(q, 0xEF, (size_t)(e - q))) != NULL; q++)
        if (e - q > 2 && (unsigned char)q[1] == 0xBC && (unsigned char)q[2] >= 0x90 &&
            (unsigned char)q[2] <= 0x99)
            return 1;
    return 0;
}

/* One document: body lines are in d->body.  Returns 1 when it became an
 * error record, 0 for a report record, -1 when out of memory. */
static int
process(tb_doc *d, const char *doc_json, const char *doc, const tb_meta *meta, const opts *o,
        nb_buf *out)
{
    static tb_check checks[MAX_CHECKS];
    tb_identity id;
    nb_buf region = {0}, category = {0};
    int n, rc;

    if (tb_lines(d) < 0 || tb_recognize_lines(d) < 0)
        return -1;
    tb_identify(d, doc, meta, &id);
    if (d->status[0] == NB_TS_ABSENT && d->status[1] == NB_TS_ABSENT &&
        d->status[2] == NB_TS_ABSENT && !id.report) {
        if (error_record(out, doc_json, doc, nb_error_code_name(NB_E_NOTABLE),
                         "not a report: no title and no statistical table found", o->quiet))
            return -1;
        return 1;
    }
    tb_derive(d);
    if (all_placeholder(d))
        tb_warn(d, "w.t3.all_placeholder");
    n = tb_check_listed(d, o->rec.all_checks, checks, MAX_CHECKS);
    rc = tb_place_identify(o->place, d, doc, meta, &id, &region, &category);
    if (rc == 0)
        rc = tb_record_write(out, doc_json, d, &id, region.p, category.p, checks, n, &o->rec);
    nb_buf_fini(&region);
    nb_buf_fini(&category);
    return rc < 0 ? -1 : 0;
}

/* Options into o.  Returns -1 to go on, else the exit status (help,
 * version, a usage error). */
static int
parse_options(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        {"trace", no_argument, NULL, 't'},          {"all-checks", no_argument, NULL, 'a'},
        {"max-line", required_argument, NULL, 'L'}, {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},        {"regions", required_argument, NULL, 'R'},
        {"data-dir", required_argument, NULL, 'D'}, {NULL, 0, NULL, 0},
    };
    int c;

    opterr = 0; /* getopt would name argv[0] in full */
    while ((c = getopt_long(argc, argv, ":qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 't': o->rec.trace = 1; break;
        case 'a': o->rec.all_checks = 1; break;
        case 'L':
            if (nb_cli_size(optarg, &o->max_line) < 0)
                return nb_cli_usage(stderr, "invalid size", optarg);
            break;
        case 'R': o->regions = optarg; break;
        case 'D': o->data_dir = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("tabulate (nianbao) %s; jansson %s\n", NB_VERSION, JANSSON_VERSION);
            return 0;
        default: return nb_cli_getopt_error(stderr, c, argc, argv);
        }
    }
    if (optind < argc)
        return nb_cli_usage(stderr, "extra operand (tabulate reads standard input)", argv[optind]);
    return -1;
}

/* The strings of the header's meta that tabulate weighs, read from its
 * tokens (a jansson tree of meta cost three times the whole header's
 * tokens).  Returns 0, or -1 when out of memory. */
static int
read_meta(const nb_header *h, tb_meta *m)
{
    static const char *const keys[TB_META_N] = {
        [TB_META_TITLE] = "title",
        [TB_META_ARTICLE_TITLE] = "ArticleTitle",
        [TB_META_URL] = "url",
        [TB_META_SITE_ID] = "SiteIDCode",
        [TB_META_SITE_NAME] = "SiteName",
    };
    static nb_buf b[TB_META_N];

    for (int k = 0; k < TB_META_N; k++) {
        int rc = nb_header_string_in(h, "meta", keys[k], &b[k]);

        if (rc < 0)
            return -1;
        m->v[k] = rc ? b[k].p : NULL;
    }
    return 0;
}

/* The document whose header h was just read: its body lines into d, then
 * a report record or an error record into out; *nraw counts the documents
 * that were not normalized.  Returns 1 for an error record, 0 for a report
 * record, -1 when out of memory. */
static int
one_document(nb_reader *r, const nb_header *h, tb_doc *d, const opts *o, nb_buf *out, long *nraw)
{
    static nb_buf docb, docj; /* the doc's text and its JSON, reused */
    int isdoc = nb_header_string(h, "doc", &docb), dumped;
    const char *doc = isdoc > 0 ? docb.p : "-", *doc_json = NULL;
    tb_meta meta;
    nb_view line;
    nb_error err = {0}, first = {0}; /* the first bad line's */
    int lr, rc = 0, bad = 0, raw = 0;

    docj.n = 0;
    dumped = isdoc < 0 ? -1 : nb_header_dump(h, "doc", &docj);
    if (dumped == 0) /* no doc */
        dumped = nb_buf_adds(&docj, "\"-\"") == 0;
    if (dumped > 0 && nb_buf_addc(&docj, '\0') == 0)
        doc_json = docj.p;
    tb_doc_reset(d);
    while ((lr = nb_reader_line(r, &line, &err)) != 0) {
        if (lr < 0) {
            if (err.code == NB_E_IO)
                break;
            if (!bad)
                first = err;
            bad = 1;
            continue;
        }
        if (tb_add_line(d, line.p, line.n) < 0)
            rc = -1;
        raw = raw || pipe_row(line.p, line.n);
    }
    raw = raw || fullwidth_digit(d->body.p, d->body.n);
    if (raw && (*nraw)++ == 0 && !o->quiet)
        fprintf(stderr,
                "%s: %s: markdown or full-width text: was the input normalized? "
                "(extract | normalize | tabulate)\n",
                nb_getprogname(), doc);
    if (!doc_json || rc < 0)
        rc = -1;
    else if (bad)
        rc = error_record(out, doc_json, doc, nb_error_code_name(first.code), first.text, o->quiet)
                 ? -1
                 : 1;
    else if (read_meta(h, &meta) < 0)
        rc = -1;
    else
        rc = process(d, doc_json, doc, nb_header_has(h, "meta") ? &meta : NULL, o, out);
    return rc;
}

/* Read the stream: one record per unit into stdout.  Returns the exit
 * status so far (0, 1) or 2 on trouble; counts into *ndocs, *nerr. */
static int
run(nb_reader *r, tb_doc *d, const opts *o, long *ndocs, long *nerr, long *nraw)
{
    nb_buf out = {0};
    int status = 0;

    for (;;) {
        nb_error err = {0};
        const nb_header *h;
        int rc = nb_reader_next(r, &h, &err);

        out.n = 0;
        if (rc == 0)
            break;
        if (rc < 0 && (err.code == NB_E_IO || err.code == NB_E_NOMEM)) {
            fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
            status = 2;
            break;
        }
        if (rc < 0) {
            char where[32];
            snprintf(where, sizeof where, "-:%ld", err.line);
            rc = error_record(&out, NULL, where, nb_error_code_name(err.code), err.text, o->quiet)
                     ? -1
                     : 1;
        } else if (nb_header_has(h, "error")) {
            rc = tb_forward_error(&out, h) < 0 ? -1 : 2; /* counted, status unchanged */
        } else {
            rc = one_document(r, h, d, o, &out, nraw);
        }
        if (rc < 0) {
            fprintf(stderr, "%s: out of memory\n", nb_getprogname());
            status = 2;
            break;
        }
        *nerr += rc > 0;
        if (rc == 1 && status < 1)
            status = 1;
        ++*ndocs;
        if (fwrite(out.p, 1, out.n, stdout) != out.n)
            break;
    }
    nb_buf_fini(&out);
    return status;
}

int
main(int argc, char **argv)
{
    opts o = {{0}, 0, 0, 0, NULL, NULL, NULL};
    static tb_doc d;
    nb_reader *r;
    nb_error err = {0};
    int status;
    long ndocs = 0, nerr = 0, nraw = 0;

    nb_setprogname(argv[0]);
    nb_cli_stream_out();
    if ((status = parse_options(argc, argv, &o)) >= 0)
        return status;
    if (tb_recognize_init() < 0 || tb_rules_init() < 0) {
        fprintf(stderr, "%s: the schema tables disagree (a build defect)\n", nb_getprogname());
        return 2;
    }
    o.place = tb_place_load(o.data_dir ? o.data_dir : tb_place_datadir(), o.regions, &err);
    if (!o.place) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        return 2;
    }
    r = nb_reader_create(stdin, o.max_line);
    if (!r) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        tb_place_free(o.place);
        return 2;
    }
    status = run(r, &d, &o, &ndocs, &nerr, &nraw);
    nb_reader_free(r);
    tb_place_free(o.place);
    tb_doc_free(&d);
    if (nb_cli_close(stdout, NULL, 0, stderr))
        return 2;
    if (nraw > 1 && !o.quiet)
        fprintf(stderr, "%s: %ld documents held markdown or full-width text\n", nb_getprogname(),
                nraw);
    if (o.verbose)
        fprintf(stderr, "%s: %ld documents, %ld error records\n", nb_getprogname(), ndocs, nerr);
    return status;
}
