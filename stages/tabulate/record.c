/*
 * record.c - report records.  Written by hand rather than through jansson
 * objects: a record has a few hundred keys and tabulate writes one per
 * document, and numbers must print exactly (fixed point, no binary float).
 */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "recognize.h"

int
tb_json_string(nb_buf *out, const char *s, size_t n)
{
    size_t i = 0;

    if (nb_buf_addc(out, '"') < 0)
        return -1;
    while (i < n) {
        size_t ok = nb_utf8_check(s + i, n - i), k;

        for (k = i; k < i + ok; k++) {
            unsigned char c = (unsigned char)s[k];
            char esc[8];

            if (c == '"' || c == '\\') {
                if (nb_buf_addc(out, '\\') < 0 || nb_buf_addc(out, c) < 0)
                    return -1;
            } else if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                if (nb_buf_adds(out, esc) < 0)
                    return -1;
            } else if (nb_buf_addc(out, c) < 0) {
                return -1;
            }
        }
        i += ok;
        if (i < n) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\\\x%02X", (unsigned char)s[i]);
            if (nb_buf_adds(out, esc) < 0)
                return -1;
            i++;
        }
    }
    return nb_buf_addc(out, '"');
}

static int
add_json(nb_buf *out, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    int rc;

    if (!s)
        return -1;
    rc = nb_buf_adds(out, s);
    free(s);
    return rc;
}

static int
add_micro(nb_buf *out, int64_t micro)
{
    char buf[32];
    return nb_buf_adds(out, nb_micro_format(micro, buf));
}

static int
table(nb_buf *out, const char *name, int status, int format, int comma)
{
    int rc = 0;

    if (comma)
        rc |= nb_buf_addc(out, ',');
    rc |= nb_buf_addc(out, '"');
    rc |= nb_buf_adds(out, name);
    rc |= nb_buf_adds(out, "\":{\"status\":\"");
    rc |= nb_buf_adds(out, nb_table_status_name(status));
    rc |= nb_buf_addc(out, '"');
    if (format != NB_FMT_NONE && status != NB_TS_ABSENT) {
        rc |= nb_buf_adds(out, ",\"format\":\"");
        rc |= nb_buf_adds(out, nb_format_name(format));
        rc |= nb_buf_addc(out, '"');
    }
    return rc;
}

int
tb_record_write(nb_buf *out, const char *doc_json, const tb_doc *d, const tb_identity *id,
                const json_t *region, const json_t *category, const tb_check *checks, int nchecks,
                const tb_record_opts *o)
{
    int rc = 0, first;
    size_t nm = nb_nmetrics < TB_MAX_METRICS ? nb_nmetrics : TB_MAX_METRICS;

    rc |= nb_buf_adds(out, "{\"doc\":");
    rc |= nb_buf_adds(out, doc_json);
    rc |= nb_buf_adds(out, ",\"agency\":");
    if (id->agency[0])
        rc |= tb_json_string(out, id->agency, strlen(id->agency));
    else
        rc |= nb_buf_adds(out, "null");
    if (id->evidence) {
        rc |= nb_buf_adds(out, ",\"agency_evidence\":\"");
        rc |= nb_buf_adds(out, id->evidence);
        rc |= nb_buf_addc(out, '"');
    }
    rc |= nb_buf_adds(out, ",\"year\":");
    if (id->year) {
        char y[16];
        snprintf(y, sizeof y, "%d", id->year);
        rc |= nb_buf_adds(out, y);
    } else {
        rc |= nb_buf_adds(out, "null");
    }
    if (id->cites) {
        rc |= nb_buf_adds(out, ",\"cites\":\"");
        rc |= nb_buf_adds(out, id->cites);
        rc |= nb_buf_addc(out, '"');
    }
    if (region) {
        rc |= nb_buf_adds(out, ",\"region\":");
        rc |= add_json(out, region);
    }
    if (category) {
        rc |= nb_buf_adds(out, ",\"category\":");
        rc |= add_json(out, category);
    }

    rc |= nb_buf_adds(out, ",\"tables\":{");
    rc |= table(out, "t2", d->status[0], d->format[0], 0);
    first = 1;
    for (int s = 0; s < TB_NSUB; s++) {
        if (d->subfmt[s] == NB_FMT_NONE)
            continue;
        rc |= nb_buf_adds(out, first ? ",\"subtables\":{" : ",");
        rc |= nb_buf_addc(out, '"');
        rc |= nb_buf_adds(out, tb_subtable_name(s));
        rc |= nb_buf_adds(out, "\":\"");
        rc |= nb_buf_adds(out, nb_format_name(d->subfmt[s]));
        rc |= nb_buf_addc(out, '"');
        first = 0;
    }
    if (!first)
        rc |= nb_buf_addc(out, '}');
    rc |= nb_buf_addc(out, '}');
    rc |= table(out, "t3", d->status[1], d->format[1], 1);
    rc |= nb_buf_addc(out, '}');
    rc |= table(out, "t4", d->status[2], d->format[2], 1);
    rc |= nb_buf_adds(out, "}}");

    /* values, states, flags, at: in SCHEMA order */
    rc |= nb_buf_adds(out, ",\"values\":{");
    first = 1;
    for (size_t i = 0; i < nm; i++) {
        const tb_cell *c = &d->cells[i];
        if (c->state < 0)
            continue;
        rc |= nb_buf_adds(out, first ? "\"" : ",\"");
        rc |= nb_buf_adds(out, nb_metrics[i].id);
        rc |= nb_buf_adds(out, "\":");
        rc |= c->state == NB_ST_NUM ? add_micro(out, c->micro) : nb_buf_adds(out, "null");
        first = 0;
    }
    rc |= nb_buf_adds(out, "},\"states\":{");
    first = 1;
    for (size_t i = 0; i < nm; i++) {
        const tb_cell *c = &d->cells[i];
        if (c->state < 0 || c->state == NB_ST_NUM)
            continue;
        rc |= nb_buf_adds(out, first ? "\"" : ",\"");
        rc |= nb_buf_adds(out, nb_metrics[i].id);
        rc |= nb_buf_adds(out, "\":\"");
        rc |= nb_buf_adds(out, nb_state_name(c->state));
        rc |= nb_buf_addc(out, '"');
        first = 0;
    }
    rc |= nb_buf_adds(out, "},\"flags\":{");
    first = 1;
    for (size_t i = 0; i < nm; i++) {
        const tb_cell *c = &d->cells[i];
        const char *names[16];
        int k;

        if (c->state < 0 || !c->flags)
            continue;
        k = nb_flag_names(c->flags, names, 16);
        rc |= nb_buf_adds(out, first ? "\"" : ",\"");
        rc |= nb_buf_adds(out, nb_metrics[i].id);
        rc |= nb_buf_adds(out, "\":[");
        for (int j = 0; j < k; j++) {
            rc |= nb_buf_adds(out, j ? ",\"" : "\"");
            rc |= nb_buf_adds(out, names[j]);
            rc |= nb_buf_addc(out, '"');
        }
        rc |= nb_buf_addc(out, ']');
        first = 0;
    }
    rc |= nb_buf_addc(out, '}');
    if (o->trace) {
        rc |= nb_buf_adds(out, ",\"at\":{");
        first = 1;
        for (size_t i = 0; i < nm; i++) {
            const tb_cell *c = &d->cells[i];
            char at[48];
            if (c->state < 0 || c->line <= 0)
                continue;
            snprintf(at, sizeof at, "\":\"%d:%d\"", c->line, c->field);
            rc |= nb_buf_adds(out, first ? "\"" : ",\"");
            rc |= nb_buf_adds(out, nb_metrics[i].id);
            rc |= nb_buf_adds(out, at);
            first = 0;
        }
        rc |= nb_buf_addc(out, '}');
    }

    rc |= nb_buf_adds(out, ",\"checks\":[");
    first = 1;
    for (int i = 0; i < nchecks; i++) {
        const tb_check *c = &checks[i];
        if (c->warning || (c->verdict == TB_PASS && !o->all_checks))
            continue;
        rc |= nb_buf_adds(out, first ? "{\"rule\":\"" : ",{\"rule\":\"");
        rc |= nb_buf_adds(out, c->rule);
        rc |= nb_buf_adds(out, "\",\"verdict\":\"");
        rc |= nb_buf_adds(out, nb_verdict_name(c->verdict));
        rc |= nb_buf_adds(out, "\",\"lhs\":");
        if (c->verdict == TB_NA) {
            rc |= nb_buf_adds(out, "null,\"rhs\":null,\"delta\":null}");
        } else {
            rc |= add_micro(out, c->lhs);
            rc |= nb_buf_adds(out, ",\"rhs\":");
            rc |= add_micro(out, c->rhs);
            rc |= nb_buf_adds(out, ",\"delta\":");
            rc |= add_micro(out, c->lhs - c->rhs);
            rc |= nb_buf_addc(out, '}');
        }
        first = 0;
    }
    rc |= nb_buf_adds(out, "],\"warnings\":[");
    first = 1;
    for (int i = 0; i < nchecks; i++) {
        const tb_check *c = &checks[i];
        if (!c->warning || c->verdict == TB_PASS || c->verdict == TB_NA)
            continue;
        rc |= nb_buf_adds(out, first ? "\"" : ",\"");
        rc |= nb_buf_adds(out, c->rule);
        rc |= nb_buf_addc(out, '"');
        first = 0;
    }
    for (int i = 0; i < d->nwarn; i++) {
        rc |= nb_buf_adds(out, first ? "\"" : ",\"");
        rc |= nb_buf_adds(out, d->warn[i]);
        rc |= nb_buf_addc(out, '"');
        first = 0;
    }
    rc |= nb_buf_adds(out, "]}\n");
    return rc ? -1 : 0;
}
