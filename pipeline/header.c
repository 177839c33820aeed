/*
 * header.c - the document header read from tokens and written by hand
 * (header.h).  perf put jansson at 7 to 10% of extract's, normalize's and
 * tabulate's time when every header was a json_t tree (HACKING, "The
 * document header").
 */
#include "header.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_tok.h"
#include "record.h"

struct nb_header {
    nb_jtok j;
    const char *s;
    size_t n;
};

nb_header *
nb_header_new(void)
{
    nb_header *h = calloc(1, sizeof *h);

    if (h)
        h->j.every_key = 1; /* JSON_REJECT_DUPLICATES, at every depth */
    return h;
}

void
nb_header_free(nb_header *h)
{
    if (!h)
        return;
    nb_jtok_fini(&h->j);
    free(h);
}

/* Not a header: jansson says why, in the words it always used. */
static int
malformed(const char *s, size_t n, nb_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);

    json_decref(j);
    return nb_fail(err, NB_E_HEADER, "malformed header: %s",
                   !j && jerr.text[0] ? jerr.text : "not a JSON object");
}

int
nb_header_parse(nb_header *h, const char *s, size_t n, nb_error *err)
{
    h->s = s, h->n = n;
    h->j.nt = 0;
    if (n >= UINT32_MAX / 2) /* token offsets are 32 bits; the line cap is far below */
        return nb_fail(err, NB_E_HEADER, "malformed header: longer than 2 GiB");
    if (nb_jtok_run(&h->j, s, n) < 0) {
        h->j.nt = 0;
        return h->j.nomem ? nb_fail(err, NB_E_NOMEM, "out of memory") : malformed(s, n, err);
    }
    if (h->j.t[0].type != T_OBJ) {
        h->j.nt = 0;
        return nb_fail(err, NB_E_HEADER, "malformed header: not a JSON object");
    }
    return 0;
}

nb_view
nb_header_raw(const nb_header *h)
{
    nb_view v = {h->s, h->n};
    return v;
}

/* The token of member key's value, or 0. */
static uint32_t
value(const nb_header *h, const char *key)
{
    return h->j.nt ? nb_jtok_member(&h->j, 0, key) : 0;
}

int
nb_header_has(const nb_header *h, const char *key)
{
    return value(h, key) != 0;
}

nb_view
nb_header_json(const nb_header *h, const char *key)
{
    uint32_t v = value(h, key);
    nb_view out = {NULL, 0};
    const tok *t;

    if (!v)
        return out;
    t = &h->j.t[v];
    out.p = h->s + t->start - (t->type == T_STR); /* a string's token is inside its quotes */
    out.n = t->len + 2 * (t->type == T_STR);
    return out;
}

/* The string at token v (0: none) decoded into out. */
static int
decoded(const nb_header *h, uint32_t v, nb_buf *out)
{
    out->n = 0;
    if (!v || h->j.t[v].type != T_STR)
        return 0;
    if (nb_buf_reserve(out, h->j.t[v].len + 5) < 0)
        return -1;
    out->n = nb_jtok_decode(&h->j, &h->j.t[v], out->p, h->j.t[v].len + 5);
    return 1;
}

int
nb_header_string(const nb_header *h, const char *key, nb_buf *out)
{
    return decoded(h, value(h, key), out);
}

int
nb_header_string_in(const nb_header *h, const char *obj, const char *key, nb_buf *out)
{
    uint32_t o = value(h, obj);

    return decoded(h, o ? nb_jtok_member(&h->j, o, key) : 0, out);
}

/* Would json_dumps(JSON_COMPACT) write the value at token v as it reads?
 * No white space, no escapes (jansson may spell them otherwise), no real
 * (jansson prints %.17g), no -0 (an integer 0).  Conservative: jansson
 * writes what is not. */
static int
compact(const nb_header *h, uint32_t v)
{
    size_t want = 0;

    for (uint32_t k = v; k < h->j.t[v].next; k++) {
        const tok *t = &h->j.t[k];
        const char *p = h->s + t->start;

        if (t->type == T_STR && t->esc)
            return 0;
        if (t->type == T_NUM &&
            (memchr(p, '.', t->len) || memchr(p, 'e', t->len) || memchr(p, 'E', t->len) ||
             (t->len == 2 && p[0] == '-' && p[1] == '0')))
            return 0;
        if (t->type == T_OBJ)
            want += 2 + 2 * (size_t)t->size - (t->size > 0); /* {}, colons, commas */
        else if (t->type == T_ARR)
            want += 2 + (size_t)t->size - (t->size > 0);
        else
            want += t->len + 2 * (t->type == T_STR);
    }
    return want == h->j.t[v].len + 2 * (h->j.t[v].type == T_STR);
}

int
nb_header_dump(const nb_header *h, const char *key, nb_buf *out)
{
    uint32_t v = value(h, key);
    nb_view raw = nb_header_json(h, key);
    json_t *j;
    char *s;
    int rc;

    if (!v)
        return 0;
    if (compact(h, v))
        return nb_buf_add(out, raw.p, raw.n) < 0 ? -1 : 1;
    if (h->j.t[v].type == T_STR) { /* decoded, then jansson's escapes */
        size_t len = h->j.t[v].len;

        if (!(s = malloc(len + 5)))
            return -1;
        len = nb_jtok_decode(&h->j, &h->j.t[v], s, len + 5);
        rc = nb_record_string(out, s, len);
        free(s);
        return rc < 0 ? -1 : 1;
    }
    j = json_loadb(raw.p, raw.n, JSON_DECODE_ANY, NULL);
    s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    rc = s && nb_buf_adds(out, s) == 0 ? 1 : -1;
    free(s);
    json_decref(j);
    return rc;
}

json_t *
nb_header_tree(const nb_header *h, const char *key)
{
    nb_view raw = nb_header_json(h, key);

    return raw.p ? json_loadb(raw.p, raw.n, JSON_DECODE_ANY, NULL) : NULL;
}

json_t *
nb_header_object(const nb_header *h)
{
    return json_loadb(h->s, h->n, 0, NULL);
}

/* ---- writing ---- */

/* ,"key": (no comma after the opening brace). */
static int
key(nb_buf *b, const char *k)
{
    int rc = b->n && b->p[b->n - 1] != '{' ? nb_buf_addc(b, ',') : 0;

    return rc | nb_record_string(b, k, strlen(k)) | nb_buf_addc(b, ':');
}

int
nb_hdr_begin(nb_buf *b)
{
    b->n = 0;
    return nb_buf_adds(b, "\x1e{");
}

int
nb_hdr_strn(nb_buf *b, const char *k, const char *s, size_t n)
{
    return key(b, k) | nb_record_string(b, s, n);
}

int
nb_hdr_str(nb_buf *b, const char *k, const char *s)
{
    return nb_hdr_strn(b, k, s, strlen(s));
}

int
nb_hdr_int(nb_buf *b, const char *k, long long v)
{
    char num[32];

    snprintf(num, sizeof num, "%lld", v);
    return key(b, k) | nb_buf_adds(b, num);
}

int
nb_hdr_json(nb_buf *b, const char *k, const char *json, size_t n)
{
    return key(b, k) | nb_buf_add(b, json, n);
}

int
nb_hdr_object(nb_buf *b, const char *k)
{
    return key(b, k) | nb_buf_addc(b, '{');
}

int
nb_hdr_close(nb_buf *b)
{
    return nb_buf_addc(b, '}');
}

int
nb_hdr_end(nb_buf *b, FILE *out, int bad, nb_error *err)
{
    if (bad || nb_buf_adds(b, "}\n") < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (fwrite(b->p, 1, b->n, out) != b->n)
        return nb_fail(err, NB_E_IO, "write error: %s", strerror(errno));
    return 0;
}

int
nb_write_error_header(FILE *out, nb_buf *b, const char *doc, const char *stage, const char *code,
                      const char *message, nb_error *err)
{
    int rc = nb_hdr_begin(b);

    rc |= nb_hdr_str(b, "doc", doc);
    rc |= nb_hdr_object(b, "error");
    rc |= nb_hdr_str(b, "stage", stage);
    rc |= nb_hdr_str(b, "code", code);
    rc |= nb_hdr_str(b, "message", message);
    rc |= nb_hdr_close(b);
    return nb_hdr_end(b, out, rc, err);
}
