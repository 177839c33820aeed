/* stream.c - reader and writer of the document stream (DESIGN 2.1). */
#include "stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct nb_reader {
    FILE *in;
    size_t max_line;

    char *buf; /* raw input chunk */
    size_t pos, len;
    int eof, ioerr;

    const char *cur;           /* the line read, NUL-terminated: in buf or in line */
    int dirty;                 /* cur may hold 0x1E or NUL (0: it holds neither) */
    size_t rs_at;              /* the first 0x1E in buf at or after the line read, */
    size_t nul_at;             /* and the first NUL: len when none, NOT_YET unknown */
    size_t utf8_from, utf8_to; /* buf[utf8_from..utf8_to) is known UTF-8 */
    char *line;                /* a line assembled from several chunks */
    size_t linelen, linecap;
    long lineno;

    int pending; /* line holds a header line not yet consumed */
    int in_body; /* between a header and the next one */
    int started; /* a header has been seen */

    char *hdr; /* raw text of the current header */
    size_t hdrlen, hdrcap;
    nb_header *view; /* its tokens */
};

nb_reader *
nb_reader_create(FILE *in, size_t max_line)
{
    nb_reader *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->in = in;
    r->max_line = max_line ? max_line : NB_DEFAULT_MAX_LINE;
    r->buf = malloc(NB_STREAM_CHUNK);
    r->linecap = 4096;
    r->line = malloc(r->linecap);
    r->view = nb_header_new();
    if (!r->buf || !r->line || !r->view) {
        nb_reader_free(r);
        return NULL;
    }
    return r;
}

void
nb_reader_free(nb_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->line);
    free(r->hdr);
    nb_header_free(r->view);
    free(r);
}

#define NOT_YET ((size_t)-1)

static int
fill(nb_reader *r)
{
    if (r->eof || r->ioerr)
        return 0;
    r->len = fread(r->buf, 1, NB_STREAM_CHUNK, r->in);
    r->pos = 0;
    r->rs_at = r->nul_at = NOT_YET;
    r->utf8_from = r->utf8_to = 0;
    if (r->len == 0) {
        if (ferror(r->in))
            r->ioerr = errno ? errno : EIO;
        r->eof = 1;
        return 0;
    }
    return 1;
}

static int
append(nb_reader *r, const char *p, size_t n)
{
    if (r->linelen + n + 1 > r->linecap) {
        size_t cap = r->linecap;
        char *q;

        while (r->linelen + n + 1 > cap)
            cap *= 2;
        if (cap > r->max_line + 1)
            cap = r->max_line + 1;
        q = realloc(r->line, cap);
        if (!q)
            return -1;
        r->line = q;
        r->linecap = cap;
    }
    memcpy(r->line + r->linelen, p, n);
    r->linelen += n;
    r->line[r->linelen] = '\0';
    return 0;
}

/* The first byte c in buf at or after from (len when none), cached in
 * *at: a body holds neither 0x1E nor NUL, so one memchr passes over the
 * lines up to the next header, where a memchr per line and byte looked
 * at each line twice.  from only grows within a chunk, and the bytes
 * from it on are as read (read_line ends a line with a NUL after this). */
static size_t
first_at(const nb_reader *r, size_t *at, int c, size_t from)
{
    if (*at == NOT_YET || *at < from) {
        const char *q = memchr(r->buf + from, c, r->len - from);

        *at = q ? (size_t)(q - r->buf) : r->len;
    }
    return *at;
}

/*
 * Read one physical line into r->cur.  Returns 1 for a line, 0 at end of
 * input, 2 for a line over the cap (consumed, not kept), -1 on a read error
 * or out of memory (err filled).
 */
static int
read_line(nb_reader *r, nb_error *err)
{
    int over = 0, got = 0;

    r->linelen = 0;
    r->line[0] = '\0';
    r->cur = NULL;
    r->dirty = 1;
    for (;;) {
        char *p, *nl;
        size_t n;

        if (r->pos == r->len && !fill(r)) {
            if (r->ioerr)
                return nb_fail(err, NB_E_IO, "read error: %s", strerror(r->ioerr));
            break;
        }
        got = 1;
        p = r->buf + r->pos;
        nl = memchr(p, '\n', r->len - r->pos);
        n = nl ? (size_t)(nl - p) : r->len - r->pos;
        r->pos += n + (nl != NULL);
        if (nl && r->linelen == 0 && n <= r->max_line) {
            /* most lines lie whole in the chunk: read in place, the
             * newline (consumed) made the terminator, not copied */
            size_t at = (size_t)(p - r->buf), end = at + n;

            r->dirty =
                first_at(r, &r->rs_at, NB_RS, at) < end || first_at(r, &r->nul_at, '\0', at) < end;
            *nl = '\0';
            r->cur = p;
            r->linelen = n;
            break;
        }
        if (!over) {
            size_t keep = n;

            /* Over the cap: keep what fits (the caller needs the first
             * byte to tell a header from a body line), drop the rest. */
            if (r->linelen + n > r->max_line) {
                keep = r->max_line - r->linelen;
                over = 1;
            }
            if (append(r, p, keep) < 0)
                return nb_fail(err, NB_E_NOMEM, "out of memory");
        }
        if (nl)
            break;
    }
    if (!r->cur)
        r->cur = r->line; /* (append may have moved it) */
    if (!got)
        return 0;
    r->lineno++;
    return over ? 2 : 1;
}

nb_view
nb_reader_header_raw(const nb_reader *r)
{
    nb_view v = {r->hdr ? r->hdr : "", r->hdrlen};
    return v;
}

long
nb_reader_lineno(const nb_reader *r)
{
    return r->lineno;
}

static int
keep_header(nb_reader *r)
{
    size_t n = r->linelen - 1;

    if (n + 1 > r->hdrcap) {
        char *q = realloc(r->hdr, n + 1);
        if (!q)
            return -1;
        r->hdr = q;
        r->hdrcap = n + 1;
    }
    memcpy(r->hdr, r->cur + 1, n);
    r->hdr[n] = '\0';
    r->hdrlen = n;
    return 0;
}

int
nb_reader_next(nb_reader *r, const nb_header **header, nb_error *err)
{
    long stray = 0;
    int rc;

    *header = NULL;
    while (!r->pending) {
        rc = read_line(r, err);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            r->in_body = 0;
            break;
        }
        if (rc == 1 && r->cur[0] == NB_RS) {
            r->pending = 1;
            break;
        }
        if (rc == 2 && r->linelen > 0 && r->cur[0] == NB_RS) {
            /* A header line over the cap: not a document we can read. */
            r->in_body = 0;
            r->started = 1;
            err->line = r->lineno;
            return nb_fail(err, NB_E_LINE, "header line longer than %zu bytes", r->max_line);
        }
        if (!r->in_body && !r->started && !stray)
            stray = r->lineno;
    }
    if (stray && !r->started) {
        /* Body text before any header: one error unit, reported once. */
        r->started = 1;
        err->line = stray;
        return nb_fail(err, NB_E_HEADER, "text before the first document header");
    }
    if (!r->pending)
        return 0;
    r->pending = 0;
    r->started = 1;
    r->in_body = 1;
    if (keep_header(r) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (nb_header_parse(r->view, r->hdr, r->hdrlen, err) < 0) {
        if (err->code == NB_E_NOMEM)
            return -1;
        r->in_body = 0; /* its body is skipped by the next call */
        err->line = r->lineno;
        return -1;
    }
    *header = r->view;
    return 1;
}

int
nb_reader_line(nb_reader *r, nb_view *line, nb_error *err)
{
    int rc;

    if (!r->in_body || r->pending)
        return 0;
    rc = read_line(r, err);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        r->in_body = 0;
        return 0;
    }
    if (r->linelen > 0 && r->cur[0] == NB_RS) {
        if (rc == 2) {
            /* An over-long header ends this body; report it on next(). */
            r->in_body = 0;
            return 0;
        }
        r->pending = 1;
        r->in_body = 0;
        return 0;
    }
    if (rc == 2) {
        err->line = r->lineno;
        return nb_fail(err, NB_E_LINE, "line %ld longer than %zu bytes", r->lineno, r->max_line);
    }
    if (r->dirty && (memchr(r->cur, NB_RS, r->linelen) || memchr(r->cur, '\0', r->linelen))) {
        /* whatever wrote it, a body never holds these: a fold that trims
         * a cell could make a header of the one, C strings end at the
         * other (issue 15) */
        err->line = r->lineno;
        return nb_fail(err, NB_E_CONTROL, "line %ld holds a %s byte", r->lineno,
                       memchr(r->cur, '\0', r->linelen) ? "NUL" : "0x1E");
    }
    line->p = r->cur;
    line->n = r->linelen;
    return 1;
}

/* The rest of the chunk is checked from the line on, to its first byte
 * that is not UTF-8: the lines up to that byte need no check of their
 * own (a newline ends a character, so a line is UTF-8 when the text
 * around it is).  The next check starts past the line that holds it, so
 * that no byte is checked more than twice. */
int
nb_reader_line_utf8(nb_reader *r)
{
    size_t at, end;

    if (!r->cur || r->cur == r->line)
        return 0; /* assembled from chunks: not in buf */
    at = (size_t)(r->cur - r->buf), end = at + r->linelen;
    if (at >= r->utf8_to) {
        r->utf8_from = at;
        r->utf8_to = at + nb_utf8_check(r->cur, r->len - at);
    }
    return at >= r->utf8_from && end <= r->utf8_to;
}

int
nb_write_header(FILE *out, const json_t *header, nb_error *err)
{
    char *s = json_dumps(header, JSON_COMPACT);
    int rc = 0;

    if (!s)
        return nb_fail(err, NB_E_NOMEM, "cannot serialise header");
    if (putc(NB_RS, out) == EOF || fputs(s, out) == EOF || putc('\n', out) == EOF)
        rc = nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
    free(s);
    return rc;
}

int
nb_write_body(FILE *out, const char *p, size_t n, nb_error *err)
{
    const char *nul, *rs;

    if (n == 0)
        return 0;
    nul = memchr(p, '\0', n);
    rs = memchr(p, NB_RS, n);
    if (nul || rs) { /* the first of either: where the body would break */
        const char *at = !nul ? rs : !rs ? nul : nul < rs ? nul : rs;

        return nb_fail(err, NB_E_CONTROL, "body holds %s at byte %zu: not written",
                       *at ? "0x1E" : "NUL", (size_t)(at - p) + 1);
    }
    if (fwrite(p, 1, n, out) != n || (p[n - 1] != '\n' && putc('\n', out) == EOF))
        return nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
    return 0;
}

int
nb_write_header_raw(FILE *out, nb_view raw, const char *extra, nb_error *err)
{
    size_t n = raw.n;

    /* raw is a JSON object: drop trailing space and the closing brace. */
    while (n > 0 && (raw.p[n - 1] == ' ' || raw.p[n - 1] == '\t' || raw.p[n - 1] == '\r'))
        n--;
    if (extra && *extra && n > 0 && raw.p[n - 1] == '}') {
        int empty;
        size_t k = n - 1;

        while (k > 0 && (raw.p[k - 1] == ' ' || raw.p[k - 1] == '\t'))
            k--;
        empty = k > 0 && raw.p[k - 1] == '{';
        if (putc(NB_RS, out) == EOF || fwrite(raw.p, 1, k, out) != k ||
            fputs(extra + (empty && *extra == ','), out) == EOF || fputs("}\n", out) == EOF)
            return nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
        return 0;
    }
    if (putc(NB_RS, out) == EOF || fwrite(raw.p, 1, n, out) != n || putc('\n', out) == EOF)
        return nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
    return 0;
}

json_t *
nb_json_string_lossless(const char *s, size_t n)
{
    char *esc;
    json_t *j;

    if (nb_utf8_valid(s, n))
        return json_stringn(s, n);
    esc = nb_utf8_escape(s, n);
    if (!esc)
        return NULL;
    j = json_string(esc);
    free(esc);
    return j;
}

int
nb_header_set_error(json_t *header, const char *stage, const char *code, const char *message)
{
    json_t *e = json_object();

    if (!e)
        return -1;
    if (json_object_set_new(e, "stage", nb_json_string_lossless(stage, strlen(stage))) < 0 ||
        json_object_set_new(e, "code", nb_json_string_lossless(code, strlen(code))) < 0 ||
        json_object_set_new(e, "message", nb_json_string_lossless(message, strlen(message))) < 0 ||
        json_object_set_new(header, "error", e) < 0)
        return -1;
    return 0;
}
