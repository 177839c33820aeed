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
static int
plain_ascii(const char *s, size_t n)
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

    if (plain_ascii(s, n)) {
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

/* Which cells a cell map lists. */
enum which { W_VALUES, W_STATES, W_FLAGS, W_AT };

static int
listed(const nb_record *r, size_t m, enum which w)
{
    switch (w) {
    case W_VALUES: return r->state[m] != NB_REC_ABSENT;
    case W_STATES: return r->state[m] != NB_REC_ABSENT && r->state[m] != NB_ST_NUM;
    case W_FLAGS: return r->state[m] != NB_REC_ABSENT && r->flags[m];
    default: return r->state[m] != NB_REC_ABSENT && r->at_line[m] > 0;
    }
}

static int
cell(nb_buf *out, const nb_record *r, size_t m, enum which w)
{
    const char *names[16];
    char at[32];
    int rc = 0, k;

    switch (w) {
    case W_VALUES:
        return r->state[m] == NB_ST_NUM ? add_micro(out, r->value[m]) : nb_buf_adds(out, "null");
    case W_STATES:
        return nb_buf_addc(out, '"') | nb_buf_adds(out, nb_state_name(r->state[m])) |
               nb_buf_addc(out, '"');
    case W_FLAGS:
        k = nb_flag_names(r->flags[m], names, 16);
        rc |= nb_buf_addc(out, '[');
        for (int j = 0; j < k; j++)
            rc |= nb_buf_adds(out, j ? ",\"" : "\"") | nb_buf_adds(out, names[j]) |
                  nb_buf_addc(out, '"');
        return rc | nb_buf_addc(out, ']');
    default:
        snprintf(at, sizeof at, "\"%d:%d\"", r->at_line[m], r->at_field[m]);
        return nb_buf_adds(out, at);
    }
}

/* The length of every metric's id, measured once: the ids are the
 * schema's, and strlen of each id in every record was a tenth of the
 * writing. */
static size_t
id_len(size_t m)
{
    static unsigned short len[NB_REC_METRICS];

    if (!len[m])
        len[m] = (unsigned short)strlen(nb_metrics[m].id);
    return len[m];
}

/* Longest text of a values or states cell: a number (nb_micro_format) or
 * a state's name. */
#define CELL_TEXT_MAX 64

/* ,"id": (no comma when first) then the cell of a values or states map,
 * written in place. */
static int
short_cell(nb_buf *out, const nb_record *r, size_t m, enum which w, int first)
{
    size_t n = id_len(m);
    const char *st = w == W_STATES ? nb_state_name(r->state[m]) : NULL;
    size_t sn = st ? strlen(st) : 0;
    char *p;

    if (sn > CELL_TEXT_MAX - 2 || nb_buf_reserve(out, n + 4 + CELL_TEXT_MAX) < 0)
        return -1;
    p = out->p + out->n;
    if (!first)
        *p++ = ',';
    *p++ = '"';
    memcpy(p, nb_metrics[m].id, n);
    p += n;
    *p++ = '"', *p++ = ':';
    if (w == W_STATES) {
        *p++ = '"';
        memcpy(p, st, sn);
        p += sn;
        *p++ = '"';
    } else if (r->state[m] == NB_ST_NUM) {
        p += nb_micro_format_n(r->value[m], p);
    } else {
        memcpy(p, "null", 4);
        p += 4;
    }
    out->n = (size_t)(p - out->p);
    return 0;
}

/* ,"name":{"id":…,…} in schema order; left out when empty, but values. */
static int
cells(nb_buf *out, const nb_record *r, const char *name, enum which w)
{
    size_t nm = nb_nmetrics < NB_REC_METRICS ? nb_nmetrics : NB_REC_METRICS;
    int rc = 0, first = 1;

    for (size_t m = 0; m < nm; m++) {
        if (!listed(r, m, w))
            continue;
        if (first)
            rc |= nb_buf_adds(out, ",\"") | nb_buf_adds(out, name) | nb_buf_adds(out, "\":{");
        if (w == W_VALUES || w == W_STATES)
            rc |= short_cell(out, r, m, w, first);
        else
            rc |= nb_buf_add(out, first ? "\"" : ",\"", first ? 1 : 2) |
                  nb_buf_add(out, nb_metrics[m].id, id_len(m)) | nb_buf_add(out, "\":", 2) |
                  cell(out, r, m, w);
        first = 0;
    }
    if (first && w == W_VALUES)
        return nb_buf_adds(out, ",\"values\":{}");
    return rc | (first ? 0 : nb_buf_addc(out, '}'));
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

    if (!plain_ascii(c->rule, rl) || !plain_ascii(c->verdict, vl))
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

        rc |= nb_buf_adds(out, i ? "," : ",\"checks\":[");
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
    rc |= cells(out, r, "values", W_VALUES) | cells(out, r, "states", W_STATES) |
          cells(out, r, "flags", W_FLAGS);
    if (r->has_at)
        rc |= cells(out, r, "at", W_AT);
    rc |= checks(out, r) | nb_buf_adds(out, "}\n");
    return rc ? -1 : 0;
}
