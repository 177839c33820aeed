/*
 * report.c - tabulate's side of the report record: a document's cells,
 * identity and verdicts into an nb_record, which pipeline/record.c writes.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "recognize.h"

/* The checks the record lists: failing ones, or every one (--all-checks);
 * w.* rules go to warnings.  Returns how many went into out. */
static int
verdicts(const tb_check *checks, int nchecks, int all, nb_rec_check *out, nb_record *r,
         const char **warn, int maxwarn)
{
    int n = 0;

    for (int i = 0; i < nchecks; i++) {
        const tb_check *c = &checks[i];

        if (c->warning) {
            if (c->verdict != TB_PASS && c->verdict != TB_NA && r->nwarnings < maxwarn)
                warn[r->nwarnings++] = c->rule;
            continue;
        }
        if (!all && c->verdict != TB_FAIL && c->verdict != TB_FAIL_H0)
            continue;
        out[n] = (nb_rec_check){
            .rule = c->rule, .verdict = nb_verdict_name(c->verdict), .plain = c->plain};
        out[n].has_lhs = out[n].has_rhs = c->verdict != TB_NA;
        out[n].lhs = c->lhs, out[n].rhs = c->rhs;
        n++;
    }
    return n;
}

static void
cells(nb_record *r, const tb_doc *d, int trace)
{
    size_t nm = nb_nmetrics < TB_MAX_METRICS ? nb_nmetrics : TB_MAX_METRICS;

    r->has_at = trace;
    for (size_t m = 0; m < nm && m < NB_REC_METRICS; m++) {
        const tb_cell *c = &d->cells[m];

        r->state[m] = c->state < 0 ? NB_REC_ABSENT : c->state;
        r->flags[m] = (unsigned short)c->flags;
        r->value[m] = c->micro;
        r->at_line[m] = c->line, r->at_field[m] = c->field;
    }
}

int
tb_record_write(nb_buf *out, const char *doc_json, const tb_doc *d, const tb_identity *id,
                const char *region, const char *category, const tb_check *checks, int nchecks,
                const tb_record_opts *o)
{
    static nb_record r;
    static nb_rec_check listed[1024];
    const char *warn[TB_MAX_WARN + 64];

    nb_record_clear(&r);
    r.doc_json = doc_json;
    r.agency = id->agency[0] ? id->agency : NULL;
    r.agency_evidence = id->evidence, r.year = id->year, r.cites = id->cites;
    r.region_json = region, r.category_json = category;
    for (int t = 0; t < 3; t++)
        r.status[t] = d->status[t], r.format[t] = d->format[t];
    for (int s = 0; s < TB_NSUB && r.nsub < NB_REC_NSUB; s++)
        if (d->subfmt[s] != NB_FMT_NONE)
            r.sub[r.nsub++] = (nb_rec_sub){tb_subtable_name(s), d->subfmt[s]};
    cells(&r, d, o->trace);
    r.warnings = warn;
    r.checks = listed;
    r.nchecks =
        verdicts(checks, nchecks < 1024 ? nchecks : 1024, o->all_checks, listed, &r, warn, 64);
    for (int i = 0; i < d->nwarn && r.nwarnings < TB_MAX_WARN + 64; i++)
        warn[r.nwarnings++] = d->warn[i];
    return nb_record_write(out, &r);
}

int
tb_error_record(nb_buf *out, const char *doc_json, const char *doc, const char *code,
                const char *msg)
{
    nb_record r;

    nb_record_clear(&r);
    r.is_error = 1;
    r.doc_json = doc_json, r.doc = doc;
    r.err_stage = "tabulate", r.err_code = code, r.err_message = msg;
    return nb_record_write(out, &r);
}

int
tb_forward_error(nb_buf *out, const nb_header *header)
{
    static nb_buf dj, ej; /* the members' JSON, reused */
    int doc, rc;
    nb_record r;

    dj.n = ej.n = 0;
    doc = nb_header_dump(header, "doc", &dj);
    rc = nb_header_dump(header, "error", &ej);
    if (doc < 0 || rc <= 0 || nb_buf_addc(&dj, '\0') < 0 || nb_buf_addc(&ej, '\0') < 0)
        return -1;
    nb_record_clear(&r);
    r.is_error = 1;
    r.doc_json = doc ? dj.p : NULL, r.error_json = ej.p;
    return nb_record_write(out, &r);
}
