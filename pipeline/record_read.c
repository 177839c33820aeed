/*
 * record_read.c - reading a report record (DESIGN 2.2) back.
 *
 * Not through jansson's tree: json_loadb spent ~90% of aggregate's time in
 * its allocations (HACKING, "The report record, version 2").  A line is
 * first cut into tokens (one reused array, no allocation per value), which
 * checks the whole of JSON's grammar, then the members aggregate needs are
 * taken from the tokens.  Only a line that is not JSON goes to jansson, so
 * that its diagnostic says what jansson always said.
 */
#include "record_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "schema.h"
#include "uchar.h"

/* ---- members ---- */

/* The value of member key of object o, or 0 (no token 0 is a value). */
static uint32_t
member(const nb_record_reader *rd, uint32_t o, const char *key)
{
    return nb_jtok_member(&rd->j, o, key);
}

typedef struct key_name {
    const char *s;
    size_t n;
} key_name;

#define NAME(s)                                                                                    \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }

/* The values of the members of object o named names[0..nn) into v[] (0
 * for a name it lacks, or when o is not an object), as member() finds
 * them (the first of a repeated key), but in one walk over the members
 * where member() walked them once per name: a record's 12 top-level
 * members were walked 15 times, a check's 5 members 5 times. */
static void
members(const nb_record_reader *rd, uint32_t o, const key_name *names, int nn, uint32_t *v)
{
    const nb_jtok *j = &rd->j;

    memset(v, 0, (size_t)nn * sizeof *v);
    if (j->t[o].type != T_OBJ)
        return;
    for (uint32_t a = o + 1; a < j->t[o].next; a = j->t[a + 1].next)
        for (int k = 0; k < nn; k++)
            if (!v[k] && (j->t[a].esc || j->t[a].len == names[k].n) &&
                nb_jtok_is(j, &j->t[a], names[k].s, names[k].n)) {
                v[k] = a + 1;
                break;
            }
}

/* The record's top-level members the reader takes. */
enum {
    TOP_DOC,
    TOP_AGENCY,
    TOP_YEAR,
    TOP_REGION,
    TOP_CATEGORY,
    TOP_TABLES,
    TOP_AGENCY_EVIDENCE,
    TOP_CITES,
    TOP_ERROR,
    TOP_VALUES,
    TOP_STATES,
    TOP_FLAGS,
    TOP_AT,
    TOP_CHECKS,
    TOP_WARNINGS,
    TOP_COUNT_
};

static const key_name top_names[TOP_COUNT_] = {
    NAME("doc"),    NAME("agency"),          NAME("year"),  NAME("region"), NAME("category"),
    NAME("tables"), NAME("agency_evidence"), NAME("cites"), NAME("error"),  NAME("values"),
    NAME("states"), NAME("flags"),           NAME("at"),    NAME("checks"), NAME("warnings")};

/* String token t decoded into the arena (room is reserved per line). */
static const char *
text(nb_record_reader *rd, uint32_t t)
{
    char *p = rd->arena + rd->an;
    size_t n = nb_jtok_decode(&rd->j, &rd->j.t[t], p, rd->acap - rd->an);

    if (n == (size_t)-1) /* cannot happen: the arena holds the line twice */
        n = 0, *p = '\0';
    rd->an += n + 1;
    return p;
}

/* The JSON text of token t, copied into the arena. */
static const char *
raw(nb_record_reader *rd, uint32_t t)
{
    char *p = rd->arena + rd->an;

    if (rd->an + rd->j.t[t].len + 1 > rd->acap) /* cannot happen, as in text() */
        return NULL;
    memcpy(p, rd->j.s + rd->j.t[t].start, rd->j.t[t].len);
    p[rd->j.t[t].len] = '\0';
    rd->an += rd->j.t[t].len + 1;
    return p;
}

static int
is_null(const nb_record_reader *rd, uint32_t v)
{
    return v == 0 || rd->j.t[v].type == T_NULL;
}

/* An optional string member key (value token v, 0 when absent): NULL
 * when absent, null or empty. */
static int
opt_string(nb_record_reader *rd, uint32_t v, const char *key, const char **out, const char *where,
           nb_error *err)
{
    *out = NULL;
    if (is_null(rd, v))
        return 0;
    if (rd->j.t[v].type != T_STR)
        return nb_fail(err, NB_E_RECORD, "%s%s: not a string", where, key);
    if (rd->j.t[v].len > 0)
        *out = text(rd, v);
    return 0;
}

/* An optional object member key (value token v, 0 when absent): 0 when
 * absent or null. */
static int
opt_object(nb_record_reader *rd, uint32_t v, const char *key, uint32_t *out, nb_error *err)
{
    *out = 0;
    if (is_null(rd, v))
        return 0;
    if (rd->j.t[v].type != T_OBJ)
        return nb_fail(err, NB_E_RECORD, "%s: not an object", key);
    *out = v;
    return 0;
}

static const char *
num_text(const nb_record_reader *rd, uint32_t v, size_t *n)
{
    *n = rd->j.t[v].len;
    return rd->j.s + rd->j.t[v].start;
}

/* agency, year, region, category, tables.t3.format: the group keys. */
static int
read_keys(nb_record_reader *rd, nb_record *r, const uint32_t *top, nb_error *err)
{
    static const key_name reg[] = {NAME("code"),   NAME("province"), NAME("city"),
                                   NAME("county"), NAME("level"),    NAME("status")};
    static const int order[] = {NB_RR_PROVINCE, NB_RR_CITY,  NB_RR_COUNTY,
                                NB_RR_CODE,     NB_RR_LEVEL, NB_RR_STATUS};
    uint32_t year = top[TOP_YEAR], region, category, tables, t3 = 0, rv[NB_RR_COUNT_];

    if (opt_string(rd, top[TOP_AGENCY], "agency", &r->agency, "", err) < 0)
        return -1;
    if (!is_null(rd, year)) {
        size_t n;
        const char *s = num_text(rd, year, &n);
        int64_t y;

        if (rd->j.t[year].type != T_NUM || memchr(s, '.', n) || memchr(s, 'e', n) ||
            memchr(s, 'E', n))
            return nb_fail(err, NB_E_RECORD, "year: not an integer or null");
        if (nb_record_number(s, n, &y) < 0 || y < NB_MICRO || y > 9999 * NB_MICRO)
            return nb_fail(err, NB_E_RECORD, "year: out of range");
        r->year = (int)(y / NB_MICRO);
    }
    if (opt_object(rd, top[TOP_REGION], "region", &region, err) < 0 ||
        opt_object(rd, top[TOP_CATEGORY], "category", &category, err) < 0 ||
        opt_object(rd, top[TOP_TABLES], "tables", &tables, err) < 0)
        return -1;
    if (region)
        members(rd, region, reg, NB_RR_COUNT_, rv);
    for (int k = 0; region && k < NB_RR_COUNT_; k++)
        if (opt_string(rd, rv[order[k]], reg[order[k]].s, &r->region[order[k]], "region.", err) < 0)
            return -1;
    if (category &&
        opt_string(rd, member(rd, category, "id"), "id", &r->category_id, "category.", err) < 0)
        return -1;
    if (tables && opt_object(rd, member(rd, tables, "t3"), "t3", &t3, err) < 0)
        return -1;
    if (t3 &&
        opt_string(rd, member(rd, t3, "format"), "format", &r->t3_format, "tables.t3.", err) < 0)
        return -1;
    r->region_json = region ? raw(rd, region) : NULL;
    r->category_json = category ? raw(rd, category) : NULL;
    r->tables_json = tables ? raw(rd, tables) : NULL;
    return 0;
}

/* The metric of key token k (*hint: the one after the last found, nearly
 * always right, as records list cells in schema order), or -1. */
static int
metric(const nb_record_reader *rd, uint32_t k, size_t *hint)
{
    const tok *t = &rd->j.t[k];
    const char *s = rd->j.s + t->start;
    size_t n = t->len;
    char id[256];
    int m;

    if (t->esc) {
        if ((n = nb_jtok_decode(&rd->j, t, id, sizeof id)) == (size_t)-1)
            return -1;
        s = id;
    }
    if (*hint < nb_nmetrics && rd->idlen[*hint] == n && !memcmp(nb_metrics[*hint].id, s, n))
        return (int)(*hint)++;
    m = nb_metric_find(s, n);
    if (m >= 0)
        *hint = (size_t)m + 1;
    return m;
}

/* The text of key token k, for a message. */
static const char *
key_text(const nb_record_reader *rd, uint32_t k, char id[256])
{
    if (nb_jtok_decode(&rd->j, &rd->j.t[k], id, 256) == (size_t)-1)
        snprintf(id, 256, "%.200s", rd->j.s + rd->j.t[k].start);
    return id;
}

/* A cell named twice in one map (objects with few members are checked as
 * they close). */
static int
repeated(nb_record_reader *rd, int m, unsigned char bit)
{
    if (rd->seen[m] & bit)
        return 1;
    rd->seen[m] |= bit;
    return 0;
}

enum { SEEN_VALUE = 1, SEEN_STATE = 2, SEEN_FLAGS = 4, SEEN_AT = 8, NULL_VALUE = 16 };

#define EACH_MEMBER(rd, o, a)                                                                      \
    for (uint32_t a = (o) + 1; (o) && a < (rd)->j.t[o].next; a = (rd)->j.t[a + 1].next)

static int
read_values(nb_record_reader *rd, nb_record *r, uint32_t values, nb_error *err, int *dup)
{
    size_t hint = 0;
    char id[256];

    EACH_MEMBER(rd, values, a)
    {
        uint32_t v = a + 1;
        int m = metric(rd, a, &hint);
        size_t n;
        const char *s;

        if (rd->j.t[v].type != T_NULL && rd->j.t[v].type != T_NUM)
            return nb_fail(err, NB_E_RECORD, "values.%s: not a number or null",
                           key_text(rd, a, id));
        if (m < 0)
            continue;
        if (repeated(rd, m, SEEN_VALUE))
            return *dup = 1, -1;
        if (rd->j.t[v].type == T_NULL) {
            rd->seen[m] |= NULL_VALUE;
            r->state[m] = NB_ST_MISSING;
            continue;
        }
        s = num_text(rd, v, &n);
        if (nb_record_number(s, n, &r->value[m]) < 0)
            return nb_fail(err, NB_E_RECORD, "values.%s: out of range", key_text(rd, a, id));
        r->state[m] = NB_ST_NUM;
    }
    return 0;
}

static int
read_states(nb_record_reader *rd, nb_record *r, uint32_t states, nb_error *err, int *dup)
{
    size_t hint = 0;
    char id[256], name[32];

    EACH_MEMBER(rd, states, a)
    {
        uint32_t v = a + 1;
        int m = metric(rd, a, &hint), st = -1;

        if (rd->j.t[v].type == T_STR &&
            nb_jtok_decode(&rd->j, &rd->j.t[v], name, sizeof name) != (size_t)-1)
            st = nb_state_find(name);
        if (st < 0)
            return nb_fail(err, NB_E_RECORD, "states.%s: not a state name", key_text(rd, a, id));
        if (m < 0)
            continue;
        if (repeated(rd, m, SEEN_STATE))
            return *dup = 1, -1;
        if ((r->state[m] == NB_ST_NUM) != (st == NB_ST_NUM))
            return key_text(rd, a, id),
                   nb_fail(err, NB_E_RECORD, "states.%s: '%s' contradicts values.%s", id, name, id);
        r->state[m] = (signed char)st;
        rd->seen[m] &= (unsigned char)~NULL_VALUE;
    }
    for (size_t m = 0; m < nb_nmetrics; m++)
        if (rd->seen[m] & NULL_VALUE)
            return nb_fail(err, NB_E_RECORD, "values.%s: null without a state", nb_metrics[m].id);
    return 0;
}

/* The bit of flag name s, or 0 for a name aggregate does not know. */
static unsigned
flag_bit(const char *s)
{
    for (unsigned b = 0; b < 16; b++) {
        const char *name;

        if (nb_flag_names(1u << b, &name, 1) == 1 && !strcmp(name, s))
            return 1u << b;
    }
    return 0;
}

static int
read_flags(nb_record_reader *rd, nb_record *r, uint32_t flags, nb_error *err, int *dup)
{
    size_t hint = 0;
    char id[256], name[64];

    EACH_MEMBER(rd, flags, a)
    {
        uint32_t v = a + 1;
        int m = metric(rd, a, &hint);

        if (rd->j.t[v].type != T_ARR)
            return nb_fail(err, NB_E_RECORD, "flags.%s: not an array", key_text(rd, a, id));
        for (uint32_t e = v + 1; e < rd->j.t[v].next; e = rd->j.t[e].next)
            if (rd->j.t[e].type != T_STR)
                return nb_fail(err, NB_E_RECORD, "flags.%s: not an array of strings",
                               key_text(rd, a, id));
        if (m < 0)
            continue;
        if (repeated(rd, m, SEEN_FLAGS))
            return *dup = 1, -1;
        for (uint32_t e = v + 1; e < rd->j.t[v].next; e = rd->j.t[e].next)
            if (nb_jtok_decode(&rd->j, &rd->j.t[e], name, sizeof name) != (size_t)-1)
                r->flags[m] |= (unsigned short)flag_bit(name);
    }
    return 0;
}

/* "at": "line:field" per cell; anything else there is ignored. */
static void
read_at(nb_record_reader *rd, nb_record *r, uint32_t at)
{
    size_t hint = 0;
    char s[32];

    r->has_at = at != 0;
    EACH_MEMBER(rd, at, a)
    {
        uint32_t v = a + 1;
        int m = metric(rd, a, &hint), line, field;
        char end;

        if (m < 0 || rd->j.t[v].type != T_STR || repeated(rd, m, SEEN_AT) ||
            nb_jtok_decode(&rd->j, &rd->j.t[v], s, sizeof s) == (size_t)-1 ||
            sscanf(s, "%d:%d%c", &line, &field, &end) != 2 || line <= 0)
            continue;
        r->at_line[m] = line, r->at_field[m] = field;
    }
}

static int
grow_checks(nb_record_reader *rd, int n)
{
    nb_rec_check *c;

    if (n <= rd->ccap)
        return 0;
    if (!(c = realloc(rd->checks, (size_t)n * 2 * sizeof *c)))
        return -1;
    rd->checks = c, rd->ccap = n * 2;
    return 0;
}

/* An operand of a check (value token x, 0 when absent): null, or a number
 * in range. */
static int
operand(nb_record_reader *rd, uint32_t x, int *has, int64_t *v)
{
    size_t n;
    const char *s;

    *has = 0, *v = 0;
    if (is_null(rd, x))
        return 0;
    s = num_text(rd, x, &n);
    if (rd->j.t[x].type != T_NUM || nb_record_number(s, n, v) < 0)
        return -1;
    *has = 1;
    return 0;
}

static int
read_checks(nb_record_reader *rd, nb_record *r, uint32_t checks, nb_error *err)
{
    static const key_name names[] = {NAME("rule"), NAME("verdict"), NAME("lhs"), NAME("rhs"),
                                     NAME("delta")};
    int i = 0;

    if (is_null(rd, checks))
        return 0;
    if (rd->j.t[checks].type != T_ARR)
        return nb_fail(err, NB_E_RECORD, "checks: not an array");
    if (grow_checks(rd, (int)rd->j.t[checks].size) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    r->checks = rd->checks;
    for (uint32_t c = checks + 1; c < rd->j.t[checks].next; c = rd->j.t[c].next, i++) {
        nb_rec_check *k = &r->checks[i];
        int *has[] = {&k->has_lhs, &k->has_rhs, &k->has_delta};
        int64_t *v[] = {&k->lhs, &k->rhs, &k->delta};
        uint32_t m[5];

        *k = (nb_rec_check){0}; /* every member: plain above all, which the line never sets */
        if (rd->j.t[c].type != T_OBJ)
            return nb_fail(err, NB_E_RECORD, "checks[%d]: not an object", i);
        members(rd, c, names, 5, m);
        if (opt_string(rd, m[0], "rule", &k->rule, "checks[].", err) < 0 ||
            opt_string(rd, m[1], "verdict", &k->verdict, "checks[].", err) < 0)
            return -1;
        if (!k->rule || !k->verdict)
            return nb_fail(err, NB_E_RECORD, "checks[%d]: no rule or verdict", i);
        for (int j = 0; j < 3; j++)
            if (operand(rd, m[2 + j], has[j], v[j]) < 0)
                return nb_fail(err, NB_E_RECORD, "checks[%d].%s: not a number in range", i,
                               names[2 + j].s);
        r->nchecks = i + 1;
    }
    return 0;
}

/* warnings: the strings of the array; anything else is ignored. */
static int
read_warnings(nb_record_reader *rd, nb_record *r, uint32_t w)
{
    int n = 0;

    if (!w || rd->j.t[w].type != T_ARR || rd->j.t[w].size == 0)
        return 0;
    if ((int)rd->j.t[w].size > rd->wcap) {
        const char **p = realloc(rd->warn, rd->j.t[w].size * 2 * sizeof *p);

        if (!p)
            return -1;
        rd->warn = p, rd->wcap = (int)rd->j.t[w].size * 2;
    }
    for (uint32_t e = w + 1; e < rd->j.t[w].next; e = rd->j.t[e].next)
        if (rd->j.t[e].type == T_STR)
            rd->warn[n++] = text(rd, e);
    r->warnings = rd->warn, r->nwarnings = n;
    return 0;
}

/* agency_evidence and cites: kept when they are strings. */
static void
read_notes(nb_record_reader *rd, nb_record *r, const uint32_t *top)
{
    uint32_t e = top[TOP_AGENCY_EVIDENCE], c = top[TOP_CITES];

    if (e && rd->j.t[e].type == T_STR && rd->j.t[e].len)
        r->agency_evidence = text(rd, e);
    if (c && rd->j.t[c].type == T_STR && rd->j.t[c].len)
        r->cites = text(rd, c);
}

static int
read_error(nb_record_reader *rd, nb_record *r, uint32_t e, nb_error *err)
{
    if (rd->j.t[e].type != T_OBJ)
        return nb_fail(err, NB_E_RECORD, "error: not an object");
    r->is_error = 1;
    if (opt_string(rd, member(rd, e, "stage"), "stage", &r->err_stage, "error.", err) < 0 ||
        opt_string(rd, member(rd, e, "code"), "code", &r->err_code, "error.", err) < 0 ||
        opt_string(rd, member(rd, e, "message"), "message", &r->err_message, "error.", err) < 0)
        return -1;
    r->error_json = raw(rd, e);
    return 0;
}

/* Not JSON: jansson says why, as it always did. */
static int
not_json(const char *line, size_t n, nb_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);

    if (!j)
        return nb_fail(err, NB_E_RECORD, "not JSON: %s (column %d)", jerr.text, jerr.column);
    json_decref(j);
    return nb_fail(err, NB_E_RECORD, "not JSON: a repeated member");
}

static int
read_cells(nb_record_reader *rd, nb_record *r, const uint32_t *top, const char *line, size_t n,
           nb_error *err)
{
    uint32_t values, states, flags;
    int dup = 0;

    memset(rd->seen, 0, sizeof rd->seen);
    if (opt_object(rd, top[TOP_VALUES], "values", &values, err) < 0 ||
        opt_object(rd, top[TOP_STATES], "states", &states, err) < 0 ||
        opt_object(rd, top[TOP_FLAGS], "flags", &flags, err) < 0)
        return -1;
    if (read_values(rd, r, values, err, &dup) < 0 || read_states(rd, r, states, err, &dup) < 0 ||
        read_flags(rd, r, flags, err, &dup) < 0)
        return dup ? not_json(line, n, err) : -1;
    read_at(rd, r, top[TOP_AT]);
    return 0;
}

int
nb_record_read(nb_record_reader *rd, const char *line, size_t n, nb_record *r, nb_error *err)
{
    uint32_t e, top[TOP_COUNT_];

    nb_record_clear(r);
    if (n >= UINT32_MAX / 2)
        return nb_fail(err, NB_E_RECORD, "line too long");
    rd->j.nomem = 0;
    if (nb_jtok_run(&rd->j, line, n) < 0)
        return rd->j.nomem ? nb_fail(err, NB_E_NOMEM, "out of memory") : not_json(line, n, err);
    /* jansson, and so the tokenizer, takes a NUL right after a literal
     * ({"a":null\0}); no record holds one, and a value's text read on
     * as a C string would end there (fuzz_records) */
    if (rd->j.nul)
        return nb_fail(err, NB_E_RECORD, "not JSON: a NUL byte (column %zu)", rd->j.nul);
    if (rd->acap < 2 * n + 64) {
        char *p = realloc(rd->arena, 2 * n + 64);

        if (!p)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        rd->arena = p, rd->acap = 2 * n + 64;
    }
    rd->an = 0;
    if (rd->j.t[0].type != T_OBJ)
        return nb_fail(err, NB_E_RECORD, "not a JSON object");
    members(rd, 0, top_names, TOP_COUNT_, top);
    if (opt_string(rd, top[TOP_DOC], "doc", &r->doc, "", err) < 0)
        return -1;
    if (!r->doc)
        return nb_fail(err, NB_E_RECORD, "no doc");
    if (read_keys(rd, r, top, err) < 0)
        return -1;
    read_notes(rd, r, top);
    if ((e = top[TOP_ERROR]) && rd->j.t[e].type != T_NULL)
        return read_error(rd, r, e, err);
    if (read_cells(rd, r, top, line, n, err) < 0 || read_checks(rd, r, top[TOP_CHECKS], err) < 0)
        return -1;
    if (read_warnings(rd, r, top[TOP_WARNINGS]) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}
