/*
 * rules.c - derived cells and the rules of SCHEMA 8.  Derived cells are
 * never operands: every rule expands to reported leaves.
 */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const cols[7] = {"natural", "commercial", "research", "nonprofit",
                                    "legal",   "other_org",  "total"};
static const char *const deny[] = {"deny.secret",      "deny.law",      "deny.safety",
                                   "deny.third_party", "deny.internal", "deny.process",
                                   "deny.enforcement", "deny.query",    NULL};
static const char *const unable[] = {"unable.not_held", "unable.need_create", "unable.unclear",
                                     NULL};
static const char *const decline[] = {"decline.petition", "decline.repeat",  "decline.publication",
                                      "decline.mass",     "decline.confirm", NULL};
static const char *const other21[] = {"other.no_correction", "other.unpaid_fee", "other.misc",
                                      NULL};
static const char *const reported_rows[] = {"new",
                                            "carried_in",
                                            "open",
                                            "partial",
                                            "deny.secret",
                                            "deny.law",
                                            "deny.safety",
                                            "deny.third_party",
                                            "deny.internal",
                                            "deny.process",
                                            "deny.enforcement",
                                            "deny.query",
                                            "unable.not_held",
                                            "unable.need_create",
                                            "unable.unclear",
                                            "decline.petition",
                                            "decline.repeat",
                                            "decline.publication",
                                            "decline.mass",
                                            "decline.confirm",
                                            "other.no_correction",
                                            "other.unpaid_fee",
                                            "other.misc",
                                            "other",
                                            "result_total",
                                            "carried_out",
                                            NULL};

/* The metric index of t3.<a>.<b>.  Called with the static names above
 * thousands of times per report, so remembered by their addresses. */
static int
id(const char *a, const char *b)
{
    static struct {
        const char *a, *b;
        int v;
    } memo[1024];
    size_t h = (((uintptr_t)a >> 2) * 31u + ((uintptr_t)b >> 2)) & 1023u;
    char s[96];
    int n;

    if (memo[h].a == a && memo[h].b == b)
        return memo[h].v;
    n = snprintf(s, sizeof s, "t3.%s.%s", a, b);
    memo[h].a = a;
    memo[h].b = b;
    memo[h].v = nb_metric_find(s, (size_t)n);
    return memo[h].v;
}

int
tb_rules_init(void)
{
    for (int r = 0; reported_rows[r]; r++)
        for (int c = 0; c < 7; c++)
            if (id(reported_rows[r], cols[c]) < 0)
                return -1;
    return 0;
}

const char *
tb_verdict_name(int v)
{
    static const char *const names[] = {"pass", "fail", "pass_h0", "fail_h0", "na"};
    return v >= 0 && v <= TB_NA ? names[v] : "na";
}

/* State of a cell for sums: absent cells are missing. */
static int
state(const tb_doc *d, int idx)
{
    return d->cells[idx].state < 0 ? NB_ST_MISSING : d->cells[idx].state;
}

static void
derive_group(tb_doc *d, const char *group, const char *const *rows, unsigned extra)
{
    for (int c = 0; c < 7; c++) {
        int unknown = 0, ph = 0, target = id(group, cols[c]);
        int64_t sum = 0;

        for (int r = 0; rows[r]; r++) {
            int st = state(d, id(rows[r], cols[c]));
            if (nb_state_unknown(st))
                unknown = 1;
            else if (nb_state_placeholder(st))
                ph = 1;
            else
                sum += d->cells[id(rows[r], cols[c])].micro;
        }
        d->cells[target].line = d->cells[target].field = 0;
        if (unknown) {
            d->cells[target].state = NB_ST_MISSING;
            d->cells[target].flags = extra;
            d->cells[target].micro = 0;
        } else {
            d->cells[target].state = NB_ST_NUM;
            d->cells[target].micro = sum;
            d->cells[target].flags = extra | (ph ? NB_FL_H0 : 0);
        }
    }
}

void
tb_derive(tb_doc *d)
{
    if (d->status[1] == NB_TS_ABSENT)
        return;
    derive_group(d, "deny", deny, 0);
    derive_group(d, "unable", unable, 0);
    derive_group(d, "decline", decline, 0);
    if (d->format[1] == NB_FMT_2021)
        derive_group(d, "other", other21, NB_FL_DERIVED);
    else if (d->format[1] == NB_FMT_UNDETERMINED)
        for (int c = 0; c < 7; c++) {
            tb_cell *x = &d->cells[id("other", cols[c])];
            x->state = NB_ST_MISSING;
            x->flags = 0;
            x->line = x->field = 0;
        }
}

/* One rule instance: lhs ids and rhs ids, metric indices. */
static int
evaluate(const tb_doc *d, const int *l, int nl, const int *r, int nr, tb_check *out)
{
    int unknown = 0, ph = 0;
    int64_t ls = 0, rs = 0;

    for (int i = 0; i < nl + nr; i++) {
        int idx = i < nl ? l[i] : r[i - nl];
        int st = state(d, idx);
        if (nb_state_unknown(st))
            unknown = 1;
        else if (nb_state_placeholder(st))
            ph = 1;
        else if (i < nl)
            ls += d->cells[idx].micro;
        else
            rs += d->cells[idx].micro;
    }
    out->lhs = ls;
    out->rhs = rs;
    if (unknown)
        out->verdict = TB_NA;
    else if (ph)
        out->verdict = ls == rs ? TB_PASS_H0 : TB_FAIL_H0;
    else
        out->verdict = ls == rs ? TB_PASS : TB_FAIL;
    return out->verdict;
}

static int
push(tb_check *checks, int n, int max, const char *name, const tb_check *c)
{
    if (n >= max)
        return n;
    checks[n] = *c;
    snprintf(checks[n].rule, sizeof checks[n].rule, "%s", name);
    return n + 1;
}

int
tb_check_rules(const tb_doc *d, tb_check *checks, int max)
{
    int n = 0, l[32], r[32], nr;
    int fmt = d->format[1];
    tb_check c;
    char name[96];

    memset(&c, 0, sizeof c);
    for (int k = 0; k < 7; k++) {
        l[0] = id("new", cols[k]);
        l[1] = id("carried_in", cols[k]);
        r[0] = id("result_total", cols[k]);
        r[1] = id("carried_out", cols[k]);
        evaluate(d, l, 2, r, 2, &c);
        snprintf(name, sizeof name, "c.t3.balance.%s", cols[k]);
        n = push(checks, n, max, name, &c);
    }
    for (int k = 0; k < 7; k++) {
        const char *const *groups[] = {deny, unable, decline};
        int has21 = 0;

        l[0] = id("result_total", cols[k]);
        nr = 0;
        r[nr++] = id("open", cols[k]);
        r[nr++] = id("partial", cols[k]);
        for (int g = 0; g < 3; g++)
            for (int i = 0; groups[g][i]; i++)
                r[nr++] = id(groups[g][i], cols[k]);
        for (int i = 0; other21[i]; i++)
            has21 |= d->cells[id(other21[i], cols[k])].state >= 0;
        if (fmt == NB_FMT_2021 || (fmt == NB_FMT_UNDETERMINED && has21)) {
            for (int i = 0; other21[i]; i++)
                r[nr++] = id(other21[i], cols[k]);
        } else {
            r[nr++] = id("other", cols[k]); /* 2019; when missing, the rule is na */
        }
        evaluate(d, l, 1, r, nr, &c);
        snprintf(name, sizeof name, "c.t3.results.%s", cols[k]);
        n = push(checks, n, max, name, &c);
    }
    for (int row = 0; reported_rows[row]; row++) {
        int present = 0;

        if (!strcmp(reported_rows[row], "other") && fmt == NB_FMT_2021)
            continue; /* derived there */
        for (int k = 0; k < 7; k++)
            present |= d->cells[id(reported_rows[row], cols[k])].state >= 0 &&
                       d->cells[id(reported_rows[row], cols[k])].line > 0;
        if (!present)
            continue;
        l[0] = id(reported_rows[row], "total");
        for (nr = 0; nr < 6; nr++)
            r[nr] = id(reported_rows[row], cols[nr]);
        evaluate(d, l, 1, r, 6, &c);
        snprintf(name, sizeof name, "c.t3.rowsum.%s", reported_rows[row]);
        n = push(checks, n, max, name, &c);
    }
    {
        static const char *const blocks[] = {"review", "suit_direct", "suit_after"};
        static const char *const parts[] = {"maintain", "correct", "other", "pending"};
        for (int b = 0; b < 3; b++) {
            char s[96];
            int len = snprintf(s, sizeof s, "t4.%s.total", blocks[b]);
            l[0] = nb_metric_find(s, (size_t)len);
            for (int p = 0; p < 4; p++) {
                len = snprintf(s, sizeof s, "t4.%s.%s", blocks[b], parts[p]);
                r[p] = nb_metric_find(s, (size_t)len);
            }
            evaluate(d, l, 1, r, 4, &c);
            snprintf(name, sizeof name, "c.t4.sum.%s", blocks[b]);
            n = push(checks, n, max, name, &c);
        }
    }
    /* value domains: only failing instances */
    for (size_t i = 0; i < nb_nmetrics && i < TB_MAX_METRICS; i++) {
        const tb_cell *x = &d->cells[i];
        if (x->state != NB_ST_NUM || nb_metrics[i].origin == NB_ORIGIN_DERIVED || x->line == 0)
            continue;
        memset(&c, 0, sizeof c);
        c.verdict = TB_FAIL;
        if (nb_metrics[i].kind != NB_KIND_SIGNED && x->micro < 0) {
            c.lhs = x->micro;
            snprintf(name, sizeof name, "c.dom.nonneg.%s", nb_metrics[i].id);
            n = push(checks, n, max, name, &c);
        }
        if (nb_metrics[i].kind != NB_KIND_AMOUNT && x->micro % NB_MICRO) {
            c.lhs = x->micro;
            snprintf(name, sizeof name, "c.dom.int.%s", nb_metrics[i].id);
            n = push(checks, n, max, name, &c);
        }
    }
    /* warnings */
    if (d->subfmt[0] == NB_FMT_2019) {
        static const char *const rows[] = {"rules", "normative"};
        for (int k = 0; k < 2; k++) {
            char s[96];
            int len = snprintf(s, sizeof s, "t2.art20_1.%s.published", rows[k]);
            int a = nb_metric_find(s, (size_t)len), b;
            len = snprintf(s, sizeof s, "t2.art20_1.%s.public_total", rows[k]);
            b = nb_metric_find(s, (size_t)len);
            memset(&c, 0, sizeof c);
            c.warning = 1;
            {
                /* the verdicts of 8.1, with <= for = */
                int sa = state(d, a), sb = state(d, b);
                if (nb_state_unknown(sa) || nb_state_unknown(sb)) {
                    c.verdict = TB_NA;
                } else {
                    int h0 = nb_state_placeholder(sa) || nb_state_placeholder(sb);
                    c.lhs = sa == NB_ST_NUM ? d->cells[a].micro : 0;
                    c.rhs = sb == NB_ST_NUM ? d->cells[b].micro : 0;
                    c.verdict =
                        c.lhs <= c.rhs ? (h0 ? TB_PASS_H0 : TB_PASS) : (h0 ? TB_FAIL_H0 : TB_FAIL);
                }
            }
            snprintf(name, sizeof name, "w.t2.published_le_total.%s", rows[k]);
            n = push(checks, n, max, name, &c);
        }
    }
    return n;
}
