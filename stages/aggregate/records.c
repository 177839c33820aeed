/* records.c - reading report records: capped lines, then JSON to cells. */
#include "records.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "schema.h"

#define CHUNK (64u << 10)

int
agg_lines_init(agg_lines *l, FILE *f, size_t max)
{
    memset(l, 0, sizeof *l);
    l->f = f;
    l->max = max;
    l->cap = 4096;
    l->buf = malloc(CHUNK);
    l->line = malloc(l->cap);
    if (!l->buf || !l->line) {
        agg_lines_fini(l);
        return -1;
    }
    return 0;
}

void
agg_lines_fini(agg_lines *l)
{
    free(l->buf);
    free(l->line);
    l->buf = l->line = NULL;
}

static int
fill(agg_lines *l)
{
    if (l->eof)
        return 0;
    l->len = fread(l->buf, 1, CHUNK, l->f);
    l->pos = 0;
    if (l->len == 0) {
        if (ferror(l->f))
            l->ioerr = errno ? errno : EIO;
        l->eof = 1;
        return 0;
    }
    return 1;
}

int
agg_lines_next(agg_lines *l)
{
    int over = 0, got = 0;

    l->n = 0;
    l->line[0] = '\0';
    for (;;) {
        const char *p, *nl;
        size_t k;

        if (l->pos == l->len && !fill(l)) {
            if (l->ioerr)
                return -1;
            break;
        }
        got = 1;
        p = l->buf + l->pos;
        nl = memchr(p, '\n', l->len - l->pos);
        k = nl ? (size_t)(nl - p) : l->len - l->pos;
        l->pos += k + (nl != NULL);
        if (!over && l->n + k > l->max)
            over = 1; /* drop the rest of the line, but read it */
        if (!over) {
            if (l->n + k + 1 > l->cap) {
                size_t cap = l->cap;
                char *q;

                while (l->n + k + 1 > cap)
                    cap *= 2;
                q = realloc(l->line, cap);
                if (!q) {
                    l->ioerr = ENOMEM;
                    return -1;
                }
                l->line = q;
                l->cap = cap;
            }
            memcpy(l->line + l->n, p, k);
            l->n += k;
            l->line[l->n] = '\0';
        }
        if (nl)
            break;
    }
    if (!got)
        return 0;
    l->lineno++;
    if (over) {
        l->n = 0;
        l->line[0] = '\0';
        return 2;
    }
    if (l->n > 0 && l->line[l->n - 1] == '\r')
        l->line[--l->n] = '\0';
    return 1;
}

void
agg_record_init(agg_record *r)
{
    memset(r, 0, sizeof *r);
}

void
agg_record_fini(agg_record *r)
{
    json_decref(r->root);
    r->root = NULL;
}

int
agg_json_micro(const json_t *v, int64_t *micro)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);

        if (i > AGG_MAX_UNITS || i < -AGG_MAX_UNITS)
            return -1;
        *micro = (int64_t)i * NB_MICRO;
        return 0;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);

        if (!(d <= (double)AGG_MAX_UNITS && d >= -(double)AGG_MAX_UNITS)) /* NaN too */
            return -1;
        /* jansson gives the nearest double to the decimal; rounding it
         * (half away from zero) to micro-units recovers the decimal when it
         * has <= 6 places (llround differs above 2^52 micro-units). */
        d *= (double)NB_MICRO;
        *micro = (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
        return 0;
    }
    return -1;
}

/* An optional string member: NULL when absent, null or empty. */
static int
opt_string(const json_t *obj, const char *key, const char **out, const char *where, nb_error *err)
{
    const json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return nb_fail(err, NB_E_RECORD, "%s%s: not a string", where, key);
    if (json_string_length(v) > 0)
        *out = json_string_value(v);
    return 0;
}

/* An optional object member: NULL when absent or null. */
static int
opt_object(const json_t *obj, const char *key, json_t **out, nb_error *err)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return nb_fail(err, NB_E_RECORD, "%s: not an object", key);
    *out = v;
    return 0;
}

/* The group keys: doc, agency, year, region, category, t3 format. */
static int
parse_keys(agg_record *r, nb_error *err)
{
    json_t *region, *category, *tables, *t3 = NULL, *year;

    if (opt_string(r->root, "agency", &r->key[AGG_K_AGENCY], "", err) < 0)
        return -1;
    year = json_object_get(r->root, "year");
    if (json_is_integer(year)) {
        if (json_integer_value(year) < 1 || json_integer_value(year) > 9999)
            return nb_fail(err, NB_E_RECORD, "year: out of range");
        snprintf(r->yearbuf, sizeof r->yearbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(year));
        r->key[AGG_K_YEAR] = r->yearbuf;
    } else if (year && !json_is_null(year)) {
        return nb_fail(err, NB_E_RECORD, "year: not an integer or null");
    }
    if (opt_object(r->root, "region", &region, err) < 0 ||
        opt_object(r->root, "category", &category, err) < 0 ||
        opt_object(r->root, "tables", &tables, err) < 0)
        return -1;
    if (region && (opt_string(region, "province", &r->key[AGG_K_PROVINCE], "region.", err) < 0 ||
                   opt_string(region, "city", &r->key[AGG_K_CITY], "region.", err) < 0 ||
                   opt_string(region, "county", &r->key[AGG_K_COUNTY], "region.", err) < 0 ||
                   opt_string(region, "code", &r->key[AGG_K_REGION_CODE], "region.", err) < 0 ||
                   opt_string(region, "level", &r->key[AGG_K_LEVEL], "region.", err) < 0 ||
                   opt_string(region, "status", &r->key[AGG_K_REGION_STATUS], "region.", err) < 0))
        return -1;
    if (category && opt_string(category, "id", &r->key[AGG_K_CATEGORY], "category.", err) < 0)
        return -1;
    if (tables && opt_object(tables, "t3", &t3, err) < 0)
        return -1;
    if (t3 && opt_string(t3, "format", &r->key[AGG_K_FORMAT], "tables.t3.", err) < 0)
        return -1;
    return 0;
}

/* The metric named id, or -1.  tabulate writes the ids in schema order and
 * jansson keeps that order: *hint, the one after the last found, is
 * nearly always right and saves the binary search. */
static int
metric(const char *id, size_t *hint)
{
    int m;

    if (*hint < nb_nmetrics && !strcmp(nb_metrics[*hint].id, id))
        return (int)(*hint)++;
    m = nb_metric_find(id, strlen(id));
    if (m >= 0)
        *hint = (size_t)m + 1;
    return m;
}

/* Values and states into r->state / r->value (SCHEMA 7.1, DESIGN 2.2). */
static int
parse_cells(agg_record *r, nb_error *err)
{
    json_t *values, *states, *flags, *v;
    const char *id;
    unsigned char seen[AGG_MAX_METRICS];
    size_t hint;

    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < nb_nmetrics; i++) {
        r->state[i] = NB_ST_MISSING;
        r->flags[i] = 0;
        r->value[i] = 0;
    }
    if (opt_object(r->root, "values", &values, err) < 0 ||
        opt_object(r->root, "states", &states, err) < 0 ||
        opt_object(r->root, "flags", &flags, err) < 0)
        return -1;
    hint = 0;
    json_object_foreach(values, id, v)
    {
        int m = metric(id, &hint);

        if (!json_is_null(v) && !json_is_number(v))
            return nb_fail(err, NB_E_RECORD, "values.%s: not a number or null", id);
        if (m < 0)
            continue;
        seen[m] = 1;
        if (json_is_number(v)) {
            if (agg_json_micro(v, &r->value[m]) < 0)
                return nb_fail(err, NB_E_RECORD, "values.%s: out of range", id);
            r->state[m] = NB_ST_NUM;
            seen[m] = 2;
        }
    }
    hint = 0;
    json_object_foreach(states, id, v)
    {
        int m = metric(id, &hint), s;

        if (!json_is_string(v) || (s = nb_state_find(json_string_value(v))) < 0)
            return nb_fail(err, NB_E_RECORD, "states.%s: not a state name", id);
        if (m < 0)
            continue;
        if ((seen[m] == 2) != (s == NB_ST_NUM))
            return nb_fail(err, NB_E_RECORD, "states.%s: '%s' contradicts values.%s", id,
                           json_string_value(v), id);
        r->state[m] = (unsigned char)s;
        seen[m] = 3;
    }
    for (size_t i = 0; i < nb_nmetrics; i++)
        if (seen[i] == 1)
            return nb_fail(err, NB_E_RECORD, "values.%s: null without a state", nb_metrics[i].id);
    hint = 0;
    json_object_foreach(flags, id, v)
    {
        int m = metric(id, &hint);
        size_t k;
        json_t *f;

        if (!json_is_array(v))
            return nb_fail(err, NB_E_RECORD, "flags.%s: not an array", id);
        json_array_foreach(v, k, f)
        {
            if (!json_is_string(f))
                return nb_fail(err, NB_E_RECORD, "flags.%s: not an array of strings", id);
            if (m < 0)
                continue;
            if (!strcmp(json_string_value(f), "h0"))
                r->flags[m] |= AGG_F_H0;
            else if (!strcmp(json_string_value(f), "derived"))
                r->flags[m] |= AGG_F_DERIVED;
        }
    }
    return 0;
}

static int
parse_checks(agg_record *r, nb_error *err)
{
    json_t *checks = json_object_get(r->root, "checks"), *c;
    size_t i;

    r->checks = NULL;
    if (!checks || json_is_null(checks))
        return 0;
    if (!json_is_array(checks))
        return nb_fail(err, NB_E_RECORD, "checks: not an array");
    json_array_foreach(checks, i, c)
    {
        const char *verdict, *rule;
        static const char *const nums[] = {"lhs", "rhs", "delta"};

        if (!json_is_object(c))
            return nb_fail(err, NB_E_RECORD, "checks[%zu]: not an object", i);
        if (opt_string(c, "rule", &rule, "checks[].", err) < 0 ||
            opt_string(c, "verdict", &verdict, "checks[].", err) < 0)
            return -1;
        if (!rule || !verdict)
            return nb_fail(err, NB_E_RECORD, "checks[%zu]: no rule or verdict", i);
        for (size_t k = 0; k < 3; k++) {
            json_t *x = json_object_get(c, nums[k]);
            int64_t ignored;

            if (x && !json_is_null(x) && agg_json_micro(x, &ignored) < 0)
                return nb_fail(err, NB_E_RECORD, "checks[%zu].%s: not a number in range", i,
                               nums[k]);
        }
        if (!strcmp(verdict, "fail") || !strcmp(verdict, "fail_h0")) {
            r->check_failed = 1;
            r->n_failed++;
        }
    }
    r->checks = checks;
    return 0;
}

int
agg_record_parse(agg_record *r, const char *line, size_t n, nb_error *err)
{
    json_error_t jerr;
    json_t *error;

    agg_record_fini(r);
    memset(r->key, 0, sizeof r->key);
    r->is_error = r->check_failed = r->n_failed = 0;
    r->err_stage = r->err_code = r->err_message = NULL;
    r->checks = NULL;
    r->root = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!r->root)
        return nb_fail(err, NB_E_RECORD, "not JSON: %s (column %d)", jerr.text, jerr.column);
    if (!json_is_object(r->root))
        return nb_fail(err, NB_E_RECORD, "not a JSON object");
    if (opt_string(r->root, "doc", &r->key[AGG_K_DOC], "", err) < 0)
        return -1;
    if (!r->key[AGG_K_DOC])
        return nb_fail(err, NB_E_RECORD, "no doc");
    if (parse_keys(r, err) < 0)
        return -1;
    error = json_object_get(r->root, "error");
    if (error && !json_is_null(error)) {
        if (!json_is_object(error))
            return nb_fail(err, NB_E_RECORD, "error: not an object");
        r->is_error = 1;
        if (opt_string(error, "stage", &r->err_stage, "error.", err) < 0 ||
            opt_string(error, "code", &r->err_code, "error.", err) < 0 ||
            opt_string(error, "message", &r->err_message, "error.", err) < 0)
            return -1;
        return 0;
    }
    if (parse_cells(r, err) < 0 || parse_checks(r, err) < 0)
        return -1;
    return 0;
}
