/*
 * normalize - make every document's text uniform for tabulate: NFKC and
 * the other character folds, TAB as the one cell separator, letter-spaced
 * labels rejoined, numeric cells folded (fold.h).  Headers pass
 * through byte-identical with a "normalize" object of counts appended.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cli.h"
#include "fold.h"
#include "nb.h"
#include "stream.h"

typedef struct opts {
    size_t max_line;
    int quiet, verbose;
} opts;

typedef struct totals {
    long docs, errors, forwarded;
    int status;
} totals;

static void
usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTION]... [FILE]...\n"
            "Read a document stream (from extract) from FILEs or standard input and\n"
            "write it with uniform bodies: NFKC (full-width forms to ASCII), dashes to\n"
            "'-', NBSP and zero-width characters folded, markdown pipe tables and\n"
            "space-aligned columns to TAB-separated cells, letter-spaced labels\n"
            "rejoined, thousands separators removed from numeric cells.  Headers pass\n"
            "through unchanged but for an added \"normalize\" object of counts.\n"
            "With no FILE, or when FILE is -, read standard input.\n"
            "\n"
            "      --max-line N     longest body line read (default 64 MiB)\n"
            "  -q, --quiet          no diagnostics on stderr\n"
            "  -v, --verbose        a summary line on stderr at the end\n"
            "  -h, --help           this help\n"
            "      --version        version\n"
            "\n"
            "Exit status: 0 all documents read; 1 error documents written; 2 trouble.\n",
            nb_getprogname());
}

static void
diag(const opts *o, const char *doc, const char *msg)
{
    char d[1024], m[1024];

    if (!o->quiet) /* names from the stream may hold controls */
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), nb_term_text(doc, d, sizeof d),
                nb_term_text(msg, m, sizeof m));
}

/* v as "%ld" at p; returns the end. */
static char *
put_long(char *p, long v)
{
    char d[24];
    int k = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

    if (v < 0)
        *p++ = '-';
    do
        d[k++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    while (k > 0)
        *p++ = d[--k];
    return p;
}

/* The header member of counts, ",\"normalize\":{...}", into buf (320
 * bytes: eight numbers of 20 characters at most and the names).  By hand:
 * snprintf took 3,500 instructions a document. */
static void
counts_json(const nb_fold_counts *c, char *buf)
{
    static const char *const names[] = {",\"normalize\":{\"nfkc\":",
                                        ",\"dashes\":",
                                        ",\"spaces\":",
                                        ",\"pipes\":",
                                        ",\"rules\":",
                                        ",\"aligned\":",
                                        ",\"letterspaced\":",
                                        ",\"numeric\":"};
    const long v[] = {c->nfkc,  c->dashes,  c->spaces,       c->pipes,
                      c->rules, c->aligned, c->letterspaced, c->numeric};
    char *p = buf;

    for (int k = 0; k < 8; k++) {
        size_t n = strlen(names[k]);

        memcpy(p, names[k], n);
        p = put_long(p + n, v[k]);
    }
    *p++ = '}';
    *p = '\0';
}

/* Write an error document for header h: its members and "error", as
 * jansson writes them (rare: the header's tree is built for it); returns
 * 0 or -1. */
static int
write_error(const nb_header *h, const char *code, const char *msg, nb_error *err)
{
    json_t *j = nb_header_object(h);
    int rc;

    if (!j || nb_header_set_error(j, "normalize", code, msg) < 0) {
        json_decref(j);
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    }
    rc = nb_write_header(stdout, j, err);
    json_decref(j);
    return rc;
}

/*
 * One document whose header was just read: each line folded into body (a
 * bad line makes it an error document, so nothing is written before the
 * end; scratch holds a line between the character and the cell folds);
 * write it.  Returns 0, 1 when it became an error document, -1 on a write
 * error or out of memory (err set).
 */
static int
document(nb_reader *r, const nb_header *h, const opts *o, nb_buf *body, nb_buf *scratch,
         nb_error *err)
{
    nb_view raw = nb_reader_header_raw(r), line;
    nb_fold_counts c = {0};
    char bad[512] = "", extra[320] = "";
    const char *badcode = NULL;
    long bodyline = 0;
    int lr;

    body->n = 0;
    while ((lr = nb_reader_line(r, &line, err)) != 0) {
        bodyline++;
        if (lr < 0) {
            if (err->code == NB_E_IO)
                return -1;
            if (!badcode) {
                badcode = nb_error_code_name(err->code);
                snprintf(bad, sizeof bad, "body line %ld (input line %ld): %s", bodyline,
                         nb_reader_lineno(r), err->text);
            }
            continue;
        }
        if (badcode)
            continue;
        {
            size_t at = nb_reader_line_utf8(r) ? line.n : nb_utf8_check(line.p, line.n);
            if (at < line.n) {
                badcode = nb_error_code_name(NB_E_UTF8);
                snprintf(bad, sizeof bad,
                         "body line %ld (input line %ld): invalid UTF-8 at byte %zu", bodyline,
                         nb_reader_lineno(r), at + 1);
                continue;
            }
        }
        if (nb_fold_line(line.p, line.n, body, scratch, &c, err) < 0)
            return -1;
    }
    if (badcode) {
        int isdoc = nb_header_string(h, "doc", scratch); /* the folds are done with it */

        if (isdoc < 0)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        diag(o, isdoc ? scratch->p : "-", bad);
        if (write_error(h, badcode, bad, err) < 0)
            return -1;
        return 1;
    }
    /* a document normalized before keeps its header: twice is once */
    if (!nb_header_has(h, "normalize"))
        counts_json(&c, extra);
    if (nb_write_header_raw(stdout, raw, extra, err) < 0)
        return -1;
    return nb_write_body(stdout, body->p, body->n, err);
}

/* Pass an upstream error document on untouched. */
static int
forward(nb_reader *r, nb_error *err)
{
    nb_view line;
    int lr;

    if (nb_write_header_raw(stdout, nb_reader_header_raw(r), "", err) < 0)
        return -1;
    while ((lr = nb_reader_line(r, &line, err)) != 0) {
        if (lr < 0) {
            if (err->code == NB_E_IO)
                return -1;
            continue;
        }
        if (fwrite(line.p, 1, line.n, stdout) != line.n || putc('\n', stdout) == EOF)
            return nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
    }
    return 0;
}

/* Every document of one input.  Returns 0, or -1 on trouble that ends
 * the run (reported here). */
static int
run(FILE *in, const char *name, const opts *o, totals *t, nb_buf *body, nb_buf *scratch)
{
    nb_reader *r = nb_reader_create(in, o->max_line);
    int ret = 0;

    if (!r) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return -1;
    }
    for (;;) {
        nb_error err = {0};
        const nb_header *h = NULL;
        int rc = nb_reader_next(r, &h, &err);

        if (rc == 0)
            break;
        if (rc < 0) {
            char where[64];

            if (err.code == NB_E_IO || err.code == NB_E_NOMEM)
                goto fail;
            snprintf(where, sizeof where, "%s:%ld", name, err.line);
            diag(o, where, err.text);
            if (nb_write_error_header(stdout, scratch, where, "normalize",
                                      nb_error_code_name(err.code), err.text, &err) < 0)
                goto fail;
            t->errors++;
            t->status = t->status < 1 ? 1 : t->status;
        } else if (nb_header_has(h, "error")) {
            rc = forward(r, &err);
            if (rc < 0)
                goto fail;
            t->forwarded++;
        } else {
            rc = document(r, h, o, body, scratch, &err);
            if (rc < 0)
                goto fail;
            if (rc > 0) {
                t->errors++;
                t->status = t->status < 1 ? 1 : t->status;
            }
        }
        t->docs++;
        continue;
    fail:
        if (errno != EPIPE)
            fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        ret = -1;
        break;
    }
    nb_reader_free(r);
    return ret;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"max-line", required_argument, NULL, 'L'}, {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},        {NULL, 0, NULL, 0},
    };
    opts o = {0};
    totals t = {0, 0, 0, 0};
    nb_buf body = {0}, scratch = {0};
    int c, fatal = 0;

    nb_setprogname(argv[0]);
    nb_cli_stream_out();
    opterr = 0; /* getopt would name argv[0] in full */
    while ((c = getopt_long(argc, argv, ":qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'L':
            if (nb_cli_size(optarg, &o.max_line) < 0)
                return nb_cli_usage(stderr, "invalid size", optarg);
            break;
        case 'q': o.quiet = 1; break;
        case 'v': o.verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("normalize (nianbao) %s; utf8proc %s (Unicode %s); jansson %s\n", NB_VERSION,
                   utf8proc_version(), utf8proc_unicode_version(), JANSSON_VERSION);
            return 0;
        default: return nb_cli_getopt_error(stderr, c, argc, argv);
        }
    }
    if (optind == argc && run(stdin, "-", &o, &t, &body, &scratch) < 0)
        fatal = 1;
    for (int i = optind; i < argc && !fatal; i++) {
        FILE *in = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
        if (!in) {
            fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), argv[i], strerror(errno));
            t.status = 2;
            continue;
        }
        if (run(in, argv[i], &o, &t, &body, &scratch) < 0)
            fatal = 1;
        if (in != stdin)
            fclose(in);
    }
    if (fatal)
        t.status = 2;
    nb_buf_fini(&body);
    nb_buf_fini(&scratch);
    if (nb_cli_close(stdout, NULL, 0, stderr))
        return 2;
    if (o.verbose)
        fprintf(stderr, "%s: %ld documents, %ld error documents written, %ld forwarded\n",
                nb_getprogname(), t.docs, t.errors, t.forwarded);
    return t.status;
}
