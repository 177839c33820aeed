/*
 * record.c - writing the report record (DESIGN 2.2) and its numbers.
 * Written by hand rather than through jansson objects: a record has a few
 * hundred members, tabulate writes one per document, and numbers must
 * print exactly (fixed point, no binary float).
 */
#include "record.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "formula.h"
#include "schema.h"

void
nb_record_clear(nb_record *r)
{
    memset(r, 0, sizeof *r);
    memset(r->state, NB_REC_ABSENT, sizeof r->state);
}

/* The escape of byte c in a JSON string, as jansson writes it, or NULL. */
static const char *
escape(unsigned char c, char buf[8])
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default:
        if (c >= 0x20)
            return NULL;
        snprintf(buf, 8, "\\u%04X", c);
        return buf;
    }
}

/* Whether s[0..n) is printable ASCII with no quote or backslash: the
 * rule names, states and most text, written as they are. */
int
nb_record_plain(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;

    /* eight bytes a step while none can be wrong; the byte loop decides
     * the rest (the tests are those of "bit twiddling hacks": a byte at or
     * above 0x80, below 0x20, 0x7F, a quote, a backslash) */
    for (; i + 8 <= n; i += 8) {
        uint64_t w, q, b;
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        if ((w | ((w - ones * 0x20) & ~w) | (w + ones) | ((q - ones) & ~q) | ((b - ones) & ~b)) &
            highs)
            break;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
            return 0;
    }
    return 1;
}

int
nb_record_string(nb_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    int rc;

    if (nb_record_plain(s, n)) {
        if (nb_buf_reserve(out, n + 2) < 0)
            return -1;
        out->p[out->n++] = '"';
        memcpy(out->p + out->n, s, n);
        out->n += n;
        out->p[out->n++] = '"';
        return 0;
    }
    rc = nb_buf_addc(out, '"');

    while (i < n && rc == 0) {
        size_t ok = nb_utf8_check(s + i, n - i), run = i;

        for (size_t k = i; k < i + ok && rc == 0; k++) {
            char buf[8];
            const char *e = escape((unsigned char)s[k], buf);

            if (!e)
                continue;
            rc |= nb_buf_add(out, s + run, k - run);
            rc |= nb_buf_adds(out, e);
            run = k + 1;
        }
        rc |= nb_buf_add(out, s + run, i + ok - run);
        i += ok;
        if (i < n) { /* not UTF-8: the byte as text, so nothing is lost */
            char esc[8];

            snprintf(esc, sizeof esc, "\\\\x%02X", (unsigned char)s[i]);
            rc |= nb_buf_adds(out, esc);
            i++;
        }
    }
    return rc | nb_buf_addc(out, '"');
}

/* ,"key": then a string, or null. */
static int
member_str(nb_buf *out, const char *key, const char *s)
{
    int rc = nb_buf_adds(out, ",\"") | nb_buf_adds(out, key) | nb_buf_adds(out, "\":");

    return rc | (s ? nb_record_string(out, s, strlen(s)) : nb_buf_adds(out, "null"));
}

static int
add_micro(nb_buf *out, int64_t micro)
{
    char buf[32];

    return nb_buf_add(out, buf, nb_micro_format_n(micro, buf));
}

/* "name":{"status":…[,"format":…] (left open for t2's sub-tables). */
static int
table(nb_buf *out, const char *name, int status, int format)
{
    int rc = nb_buf_addc(out, '"') | nb_buf_adds(out, name) |
             nb_buf_adds(out, "\":{\"status\":\"") |
             nb_buf_adds(out, nb_table_status_name(status)) | nb_buf_addc(out, '"');

    if (nb_format_name(format) && status != NB_TS_ABSENT)
        rc |= nb_buf_adds(out, ",\"format\":\"") | nb_buf_adds(out, nb_format_name(format)) |
              nb_buf_addc(out, '"');
    return rc;
}

static int
tables(nb_buf *out, const nb_record *r)
{
    int rc = nb_buf_adds(out, ",\"tables\":");

    if (r->tables_json)
        return rc | nb_buf_adds(out, r->tables_json);
    rc |= nb_buf_addc(out, '{') | table(out, "t2", r->status[0], r->format[0]);
    for (int s = 0; s < r->nsub; s++) {
        rc |= nb_buf_adds(out, s ? ",\"" : ",\"subtables\":{\"") |
              nb_buf_adds(out, r->sub[s].name) | nb_buf_adds(out, "\":\"") |
              nb_buf_adds(out, nb_format_name(r->sub[s].format)) | nb_buf_addc(out, '"');
    }
    rc |= nb_buf_adds(out, r->nsub ? "}}," : "},");
    rc |= table(out, "t3", r->status[1], r->format[1]) | nb_buf_adds(out, "},");
    rc |= table(out, "t4", r->status[2], r->format[2]) | nb_buf_adds(out, "}}");
    return rc;
}

/* Append the string constant s. */
#define ADD_LIT(out, s) nb_buf_add(out, s, sizeof s - 1)

/* Longest text of a values or states cell: a number (nb_micro_format) or
 * a state's name. */
#define CELL_TEXT_MAX 64

/* The key ,"id": of every metric, padded to KEY_ROOM bytes so that a
 * cell's key is one copy of a fixed size; made on first use (the ids are
 * the schema's).  len 0: an id too long for the room, written by parts.
 * Copying the id by its length, and measuring it, were a fifth of the
 * writing. */
#define KEY_ROOM 48
static struct {
    char s[KEY_ROOM];
    unsigned char len;
} keys[NB_REC_METRICS];
static size_t nkeys, key_room; /* key_room: room for the longest key */

static void
make_keys(void)
{
    nkeys = nb_nmetrics < NB_REC_METRICS ? nb_nmetrics : NB_REC_METRICS;
    key_room = KEY_ROOM;
    for (size_t m = 0; m < nkeys; m++) {
        size_t n = strlen(nb_metrics[m].id);

        if (n + 4 > key_room)
            key_room = n + 4;
        if (n + 4 > KEY_ROOM)
            continue;
        memcpy(keys[m].s, ",\"", 2);
        memcpy(keys[m].s + 2, nb_metrics[m].id, n);
        memcpy(keys[m].s + 2 + n, "\":", 2);
        keys[m].len = (unsigned char)(n + 4);
    }
}

/* ,"id": of metric m at p, which has key_room bytes; returns the end. */
static char *
put_key(char *p, size_t m)
{
    size_t n;

    if (keys[m].len) {
        memcpy(p, keys[m].s, KEY_ROOM);
        return p + keys[m].len;
    }
    n = strlen(nb_metrics[m].id);
    memcpy(p, ",\"", 2);
    memcpy(p + 2, nb_metrics[m].id, n);
    memcpy(p + 2 + n, "\":", 2);
    return p + n + 4;
}

/*
 * ,"values":{"id":…,…} in schema order (every cell in the document; {}
 * when none), and from the same pass the cells the states map lists (not
 * num) into st and those the flags map lists into fl, with their counts.
 */
static int
values(nb_buf *out, const nb_record *r, unsigned short *st, size_t *nst, unsigned short *fl,
       size_t *nfl)
{
    char *p, *open;

    if (nb_buf_reserve(out, 16 + nkeys * (key_room + CELL_TEXT_MAX)) < 0)
        return -1;
    p = out->p + out->n;
    memcpy(p, ",\"values\":", 10);
    p += 10;
    open = p; /* the first key's comma becomes the brace */
    *p = '{';
    for (size_t m = 0; m < nkeys; m++) {
        int s = r->state[m];

        if (s == NB_REC_ABSENT)
            continue;
        if (s != NB_ST_NUM)
            st[(*nst)++] = (unsigned short)m;
        if (r->flags[m])
            fl[(*nfl)++] = (unsigned short)m;
        p = put_key(p, m);
        if (s == NB_ST_NUM) {
            p += nb_micro_format_n(r->value[m], p);
        } else {
            memcpy(p, "null", 4);
            p += 4;
        }
    }
    if (p == open)
        p++;
    *open = '{';
    *p++ = '}';
    out->n = (size_t)(p - out->p);
    return 0;
}

/* ,"states":{"id":"name",…} of the n cells idx (none: nothing). */
static int
states(nb_buf *out, const nb_record *r, const unsigned short *idx, size_t n)
{
    char *p, *open;

    if (!n)
        return 0;
    if (nb_buf_reserve(out, 16 + n * (key_room + CELL_TEXT_MAX)) < 0)
        return -1;
    p = out->p + out->n;
    memcpy(p, ",\"states\":", 10);
    open = p += 10;
    for (size_t i = 0; i < n; i++) {
        const char *name = nb_state_name(r->state[idx[i]]);
        size_t sn = name ? strlen(name) : 0;

        if (sn > CELL_TEXT_MAX - 2)
            return -1;
        p = put_key(p, idx[i]);
        *p++ = '"';
        if (sn)
            memcpy(p, name, sn);
        p += sn;
        *p++ = '"';
    }
    *open = '{';
    *p++ = '}';
    out->n = (size_t)(p - out->p);
    return 0;
}

/* ,"flags":{"id":["name",…],…} of the n cells idx (none: nothing). */
static int
flags(nb_buf *out, const nb_record *r, const unsigned short *idx, size_t n)
{
    size_t open = out->n + 9;
    int rc = 0;

    /* the first key's comma becomes the brace, as in values() */
    if (n && ADD_LIT(out, ",\"flags\":") < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *names[16];
        int k = nb_flag_names(r->flags[idx[i]], names, 16);

        if (nb_buf_reserve(out, key_room) < 0)
            return -1;
        out->n = (size_t)(put_key(out->p + out->n, idx[i]) - out->p);
        rc |= nb_buf_addc(out, '[');
        for (int j = 0; j < k; j++)
            rc |= nb_buf_add(out, j ? ",\"" : "\"", j ? 2 : 1) | nb_buf_adds(out, names[j]) |
                  nb_buf_addc(out, '"');
        rc |= nb_buf_addc(out, ']');
    }
    if (!n)
        return 0;
    out->p[open] = '{';
    return rc | nb_buf_addc(out, '}');
}

/* ,"at":{"id":"line:field",…} of the cells read from a line (none:
 * nothing). */
static int
at(nb_buf *out, const nb_record *r)
{
    size_t open = out->n + 6;
    int rc = 0, first = 1;

    for (size_t m = 0; m < nkeys; m++) {
        char text[32];

        if (r->state[m] == NB_REC_ABSENT || r->at_line[m] <= 0)
            continue;
        if (first && ADD_LIT(out, ",\"at\":") < 0)
            return -1;
        first = 0;
        if (nb_buf_reserve(out, key_room) < 0)
            return -1;
        out->n = (size_t)(put_key(out->p + out->n, m) - out->p);
        snprintf(text, sizeof text, "\"%d:%d\"", r->at_line[m], r->at_field[m]);
        rc |= nb_buf_adds(out, text);
    }
    if (first)
        return 0;
    out->p[open] = '{';
    return rc | nb_buf_addc(out, '}');
}

static int
number_or_null(nb_buf *out, int has, int64_t v)
{
    return has ? add_micro(out, v) : nb_buf_adds(out, "null");
}

/* name (",\"lhs\":", its comma and colon) then a number or null, written
 * in place at p, which has room; returns the end. */
static char *
put_number(char *p, const char *name, size_t len, int has, int64_t v)
{
    memcpy(p, name, len);
    p += len;
    if (has)
        return p + nb_micro_format_n(v, p);
    memcpy(p, "null", 4);
    return p + 4;
}

/* One check whose rule and verdict are plain ASCII (all of tabulate's),
 * written in place: {"rule":…,"verdict":…,"lhs":…,"rhs":…[,"delta":…]}.
 * Returns 0, 1 when they are not plain (the caller writes it), -1. */
static int
plain_check(nb_buf *out, const nb_rec_check *c)
{
    size_t rl = strlen(c->rule), vl = strlen(c->verdict);
    char *p;

    if (!c->plain && (!nb_record_plain(c->rule, rl) || !nb_record_plain(c->verdict, vl)))
        return 1;
    if (nb_buf_reserve(out, rl + vl + 64 + 3 * CELL_TEXT_MAX) < 0)
        return -1;
    p = out->p + out->n;
    memcpy(p, "{\"rule\":\"", 9);
    memcpy(p += 9, c->rule, rl);
    memcpy(p += rl, "\",\"verdict\":\"", 13);
    memcpy(p += 13, c->verdict, vl);
    p += vl;
    *p++ = '"';
    p = put_number(p, ",\"lhs\":", 7, c->has_lhs, c->lhs);
    p = put_number(p, ",\"rhs\":", 7, c->has_rhs, c->rhs);
    if (c->has_delta)
        p = put_number(p, ",\"delta\":", 9, 1, c->delta);
    *p++ = '}';
    out->n = (size_t)(p - out->p);
    return 0;
}

static int
checks(nb_buf *out, const nb_record *r)
{
    int rc = 0;

    for (int i = 0; i < r->nchecks; i++) {
        const nb_rec_check *c = &r->checks[i];
        int plain;

        rc |= i ? nb_buf_addc(out, ',') : ADD_LIT(out, ",\"checks\":[");
        if ((plain = plain_check(out, c)) <= 0) {
            rc |= plain;
            continue;
        }
        rc |= nb_buf_adds(out, "{\"rule\":");
        rc |= nb_record_string(out, c->rule, strlen(c->rule));
        rc |= nb_buf_adds(out, ",\"verdict\":") |
              nb_record_string(out, c->verdict, strlen(c->verdict));
        rc |= nb_buf_adds(out, ",\"lhs\":") | number_or_null(out, c->has_lhs, c->lhs);
        rc |= nb_buf_adds(out, ",\"rhs\":") | number_or_null(out, c->has_rhs, c->rhs);
        if (c->has_delta)
            rc |= nb_buf_adds(out, ",\"delta\":") | add_micro(out, c->delta);
        rc |= nb_buf_addc(out, '}');
    }
    for (int i = 0; i < r->nwarnings; i++)
        rc |= nb_buf_adds(out, i            ? ","
                               : r->nchecks ? "],\"warnings\":["
                                            : ",\"warnings\":[") |
              nb_record_string(out, r->warnings[i], strlen(r->warnings[i]));
    return rc | (r->nchecks || r->nwarnings ? nb_buf_addc(out, ']') : 0);
}

static int
doc(nb_buf *out, const nb_record *r)
{
    int rc = nb_buf_adds(out, "{\"doc\":");

    if (r->doc_json)
        return rc | nb_buf_adds(out, r->doc_json);
    return rc | (r->doc ? nb_record_string(out, r->doc, strlen(r->doc)) : nb_buf_adds(out, "null"));
}

static int
error_record(nb_buf *out, const nb_record *r)
{
    int rc = doc(out, r) | nb_buf_adds(out, ",\"error\":");

    if (r->error_json)
        return rc | nb_buf_adds(out, r->error_json) | nb_buf_adds(out, "}\n");
    rc |= nb_buf_addc(out, '{');
    rc |=
        nb_buf_adds(out, "\"stage\":") | nb_record_string(out, r->err_stage ? r->err_stage : "",
                                                          r->err_stage ? strlen(r->err_stage) : 0);
    rc |= member_str(out, "code", r->err_code) | member_str(out, "message", r->err_message);
    return rc | nb_buf_adds(out, "}}\n");
}

int
nb_record_write(nb_buf *out, const nb_record *r)
{
    unsigned short st[NB_REC_METRICS], fl[NB_REC_METRICS]; /* the cells of states, flags */
    size_t nst = 0, nfl = 0;
    int rc;

    if (r->is_error)
        return error_record(out, r) ? -1 : 0;
    rc = doc(out, r) | member_str(out, "agency", r->agency);
    if (r->agency_evidence)
        rc |= member_str(out, "agency_evidence", r->agency_evidence);
    rc |= nb_buf_adds(out, ",\"year\":");
    if (r->year) {
        char y[16];

        snprintf(y, sizeof y, "%d", r->year);
        rc |= nb_buf_adds(out, y);
    } else {
        rc |= nb_buf_adds(out, "null");
    }
    if (r->cites)
        rc |= member_str(out, "cites", r->cites);
    if (r->region_json)
        rc |= nb_buf_adds(out, ",\"region\":") | nb_buf_adds(out, r->region_json);
    if (r->category_json)
        rc |= nb_buf_adds(out, ",\"category\":") | nb_buf_adds(out, r->category_json);
    rc |= tables(out, r);
    if (!nkeys)
        make_keys();
    rc |= values(out, r, st, &nst, fl, &nfl) | states(out, r, st, nst) | flags(out, r, fl, nfl);
    if (r->has_at)
        rc |= at(out, r);
    rc |= checks(out, r) | nb_buf_adds(out, "}\n");
    return rc ? -1 : 0;
}
