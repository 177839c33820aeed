/*
 * rollup.c - key and column names, the metric slots and their derived
 * metrics (SCHEMA 9), and the accumulators of a group.  The group table is
 * groups.c, the CSV tables tables.c, the copies of a report copies.c.
 *
 * Every group keeps, per schema metric, the exact sum of its num cells in
 * int64 micro-units and two counts (n_num, n_placeholder); n_unknown is
 * n_reports minus both, which makes SCHEMA 7.7's invariant
 * n_num + n_placeholder + n_unknown = n_reports true by construction: a
 * report counts for every metric, a cell absent from it as unknown
 * (missing).  A derived metric (SCHEMA 9) keeps the sums of its numerator
 * and denominator over the reports where every operand is num, and that
 * count.  Everything is a sum, so a long table (which prints all of it)
 * can be merged exactly.
 */
#include "rollup.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "schema.h"

const char *const agg_key_names[AGG_NKEYS] = {
    "province", "city",   "county", "region_code", "level",         "category",
    "year",     "agency", "doc",    "format",      "region_status",
};
const char *const agg_key_zh[AGG_NKEYS] = {
    "省份", "城市", "区县", "区划代码", "层级",     "类别",
    "年度", "机关", "文档", "表三格式", "定位状态",
};

const char *const agg_col_names[AGG_NCOLS] = {
    "n_reports", "n_errors",  "n_check_failures", "n_duplicates", "metric",
    "sum",       "n_num",     "n_placeholder",    "n_unknown",    "n_h0",
    "n_derived", "numerator", "denominator",
};
const char *const agg_col_zh[AGG_NCOLS] = {
    "报告数",     "错误数",     "校验失败报告数", "重复报告数", "指标", "合计", "数值报告数",
    "占位报告数", "未知报告数", "按零推算数",     "推算数",     "分子", "分母",
};

int
agg_key_find(const char *name)
{
    for (int i = 0; i < AGG_NKEYS; i++)
        if (!strcmp(name, agg_key_names[i]) || !strcmp(name, agg_key_zh[i]))
            return i;
    return -1;
}

int
agg_col_find(const char *name)
{
    for (int i = 0; i < AGG_NCOLS; i++)
        if (!strcmp(name, agg_col_names[i]) || !strcmp(name, agg_col_zh[i]))
            return i;
    return -1;
}

/* ---- derived metrics (SCHEMA 9) ---- */

/* The rates of the formula table (data/formulas.tsv), in its order; dtab[64]
 * bounds the per-record arrays of agg_rollup_add. */
static const nb_formula *dtab[64];
int agg_nderived;
static int h0_index[AGG_MAX_METRICS], der_index[AGG_MAX_METRICS], nh0, nder;

int
agg_schema_init(void)
{
    if (nb_nmetrics > AGG_MAX_METRICS)
        return -1;
    nh0 = nder = 0;
    for (size_t i = 0; i < nb_nmetrics; i++) {
        h0_index[i] = nb_metrics[i].origin != NB_ORIGIN_REPORTED ? nh0++ : -1;
        der_index[i] = nb_metrics[i].origin == NB_ORIGIN_MIXED ? nder++ : -1;
    }
    agg_nderived = 0;
    for (size_t f = 0; f < nb_nformulas; f++) {
        if (nb_formulas[f].kind != NB_F_RATE)
            continue;
        if ((size_t)agg_nderived == sizeof dtab / sizeof dtab[0])
            return -1;
        dtab[agg_nderived++] = &nb_formulas[f];
    }
    return 0;
}

int
agg_nslots(void)
{
    return (int)nb_nmetrics + agg_nderived;
}

const char *
agg_slot_id(int slot)
{
    return slot < (int)nb_nmetrics ? nb_metrics[slot].id : dtab[slot - (int)nb_nmetrics]->id;
}

int
agg_slot_find(const char *id)
{
    int m = nb_metric_find(id, strlen(id));

    if (m >= 0)
        return m;
    for (int d = 0; d < agg_nderived; d++)
        if (!strcmp(dtab[d]->id, id))
            return (int)nb_nmetrics + d;
    return -1;
}

int
agg_slot_is_ratio(int slot)
{
    return slot >= (int)nb_nmetrics && dtab[slot - (int)nb_nmetrics]->op == NB_OP_DIV;
}

int
agg_slot_has_h0(int slot)
{
    return slot < (int)nb_nmetrics && h0_index[slot] >= 0;
}

int
agg_slot_has_derived(int slot)
{
    return slot < (int)nb_nmetrics && der_index[slot] >= 0;
}

int
agg_slot_h0_at(int slot)
{
    return slot < (int)nb_nmetrics ? h0_index[slot] : -1;
}

int
agg_slot_derived_at(int slot)
{
    return slot < (int)nb_nmetrics ? der_index[slot] : -1;
}

/* Append s[0..n) to buf (size cap, length *k), dropping an English
 * annotation of the schema's label: " (flat position N)" goes, " (group)"
 * becomes （合计）. */
static void
label_part(char *buf, size_t cap, size_t *k, const char *s, size_t n)
{
    const char *paren = NULL, *tail = "";

    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == ' ' && s[i + 1] == '(') {
            paren = s + i;
            break;
        }
    }
    if (paren) {
        if (!strncmp(paren, " (group)", 8))
            tail = "（合计）";
        n = (size_t)(paren - s);
    }
    if (*k + n + strlen(tail) + 1 > cap)
        return;
    memcpy(buf + *k, s, n);
    *k += n;
    memcpy(buf + *k, tail, strlen(tail));
    *k += strlen(tail);
    buf[*k] = '\0';
}

char *
agg_slot_zh(int slot, char *buf, size_t n)
{
    const char *p, *sep;
    size_t k = 0;
    int part = 0, first, last;

    buf[0] = '\0';
    if (slot >= (int)nb_nmetrics) {
        snprintf(buf, n, "%s", dtab[slot - (int)nb_nmetrics]->zh);
        return buf;
    }
    /* t2 labels are caption / row / column [/ 2019 column variant]. */
    first = !strncmp(nb_metrics[slot].id, "t2.", 3) ? 1 : 0;
    last = first ? 2 : 99;
    for (p = nb_metrics[slot].label; p; p = sep ? sep + 3 : NULL, part++) {
        size_t len;

        sep = strstr(p, " / ");
        len = sep ? (size_t)(sep - p) : strlen(p);
        if (part < first || part > last)
            continue;
        if (k > 0)
            label_part(buf, n, &k, "·", strlen("·"));
        label_part(buf, n, &k, p, len);
    }
    if (nb_metrics[slot].kind == NB_KIND_AMOUNT && !strstr(buf, nb_metrics[slot].unit) &&
        k + strlen(nb_metrics[slot].unit) + 7 < n)
        snprintf(buf + k, n - k, "（%s）", nb_metrics[slot].unit); /* 金额（万元） */
    return buf;
}

/* The per-metric arrays, in one block, made on first use: a group of error
 * records only needs none. */
static int
ensure_acc(agg_group *g)
{
    size_t a = nb_nmetrics * sizeof(agg_acc), d = (size_t)agg_nderived * sizeof(agg_dacc);
    char *p;

    if (g->acc)
        return 0;
    p = calloc(1, a + d + (size_t)(nh0 + nder) * sizeof(uint32_t));
    if (!p)
        return -1;
    g->acc = (agg_acc *)p;
    g->dacc = (agg_dacc *)(p + a);
    g->n_h0 = (uint32_t *)(p + a + d);
    g->n_derived = g->n_h0 + nh0;
    return 0;
}

/* The evaluator's view of a record's cell. */
static int
operand(const void *ctx, int metric, int64_t *micro)
{
    const agg_record *rec = ctx;

    *micro = rec->value[metric];
    return rec->state[metric];
}

/* The terms of derived metric d in report rec: 1 with *num, *den when every
 * operand is num, 0 when some operand is a placeholder and none unknown,
 * -1 when some is unknown, -2 when a sum leaves the int64 range. */
static int
derive(const nb_formula *d, const agg_record *rec, int64_t *num, int64_t *den)
{
    nb_sides s;

    nb_formula_eval(d, operand, rec, NB_MIX_LEAF, &s);
    if (s.overflow)
        return -2;
    *num = s.sum[0];
    *den = s.sum[1];
    return s.unknown ? -1 : s.placeholder ? 0 : 1;
}

/* Whether rec can be counted in group g (NULL: a new one, whose sums are
 * 0), its derived terms in dk, dn, dd.  0, or -1 with NB_E_RECORD. */
static int
fits(const agg_group *g, const agg_record *rec, int *dk, int64_t *dn, int64_t *dd, nb_error *err)
{
    int64_t tmp;

    if (g && g->n_reports >= UINT32_MAX)
        return nb_fail(err, NB_E_RECORD, "more than %" PRIu32 " reports in a group", UINT32_MAX);
    for (size_t m = 0; m < nb_nmetrics; m++)
        if (rec->state[m] == NB_ST_NUM &&
            __builtin_add_overflow(g && g->acc ? g->acc[m].sum : 0, rec->value[m], &tmp))
            return nb_fail(err, NB_E_RECORD, "%s: sum out of range", nb_metrics[m].id);
    for (int d = 0; d < agg_nderived; d++) {
        int64_t num = g && g->acc ? g->dacc[d].num : 0, den = g && g->acc ? g->dacc[d].den : 0;

        dk[d] = derive(dtab[d], rec, &dn[d], &dd[d]);
        if (dk[d] == -2 || (dk[d] == 1 && (__builtin_add_overflow(num, dn[d], &tmp) ||
                                           __builtin_add_overflow(den, dd[d], &tmp))))
            return nb_fail(err, NB_E_RECORD, "%s: sum out of range", dtab[d]->id);
    }
    return 0;
}

int
agg_rollup_fits(agg_rollup *r, const agg_record *rec, nb_error *err)
{
    int64_t dn[64], dd[64];
    int dk[64];

    return fits(agg_rollup_find(r, rec->key), rec, dk, dn, dd, err);
}

int
agg_rollup_add(agg_rollup *r, const agg_record *rec, nb_error *err)
{
    agg_group *g = agg_rollup_group(r, rec->key);
    int64_t dn[64], dd[64];
    int dk[64];

    if (!g || ensure_acc(g) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    /* Check every sum first, so a record is counted whole or not at all. */
    if (fits(g, rec, dk, dn, dd, err) < 0)
        return -1;
    g->n_reports++;
    g->n_check_failures += rec->check_failed;
    for (size_t m = 0; m < nb_nmetrics; m++) {
        int st = rec->state[m];

        if (st == NB_ST_NUM) {
            g->acc[m].sum += rec->value[m];
            g->acc[m].n_num++;
            if (h0_index[m] >= 0 && (rec->flags[m] & AGG_F_H0))
                g->n_h0[h0_index[m]]++;
            if (der_index[m] >= 0 && (rec->flags[m] & AGG_F_DERIVED))
                g->n_derived[der_index[m]]++;
        } else if (nb_state_placeholder(st)) {
            g->acc[m].n_ph++;
        }
    }
    for (int d = 0; d < agg_nderived; d++) {
        if (dk[d] == 1) {
            g->dacc[d].num += dn[d];
            g->dacc[d].den += dd[d];
            g->dacc[d].n++;
        } else if (dk[d] == 0) {
            g->dacc[d].n_ph++;
        }
    }
    return 0;
}

int
agg_rollup_merge_counts(agg_rollup *r, const char *const key[AGG_NKEYS], const int64_t count[4],
                        nb_error *err)
{
    agg_group *g = agg_rollup_group(r, key);
    int64_t *c[4], sum[4];

    if (!g)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    c[0] = &g->n_reports, c[1] = &g->n_errors, c[2] = &g->n_check_failures;
    c[3] = &g->n_duplicates;
    for (int i = 0; i < 4; i++)
        if (count[i] < 0 || __builtin_add_overflow(*c[i], count[i], &sum[i]) ||
            (i == 0 && sum[i] > UINT32_MAX))
            return nb_fail(err, NB_E_RECORD, "%s out of range", agg_col_names[i]);
    for (int i = 0; i < 4; i++)
        *c[i] = sum[i];
    return 0;
}

/* Add b to the uint32 count *a, or fail when out of range. */
static int
add_u32(uint32_t *a, int64_t b, uint32_t *out)
{
    if (b < 0 || b > UINT32_MAX || (uint64_t)*a + (uint64_t)b > UINT32_MAX)
        return -1;
    *out = (uint32_t)(*a + (uint64_t)b);
    return 0;
}

int
agg_rollup_merge_row(agg_rollup *r, const char *const key[AGG_NKEYS], const agg_mrow *row,
                     nb_error *err)
{
    agg_group *g;
    int s = row->slot;
    const char *id = agg_slot_id(s);

    if (row->n_num < 0 || row->n_ph < 0 || row->n_unknown < 0 ||
        row->n_num + row->n_ph + row->n_unknown != row->n_reports)
        return nb_fail(err, NB_E_RECORD, "%s: n_num + n_placeholder + n_unknown != n_reports", id);
    if (!(g = agg_rollup_group(r, key)) || ensure_acc(g) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (s < (int)nb_nmetrics) {
        agg_acc *a = &g->acc[s], na = *a;
        uint32_t h0 = 0, dv = 0;

        if (row->has_sum != (row->n_num > 0) || row->has_h0 != agg_slot_has_h0(s) ||
            row->has_derived != agg_slot_has_derived(s) || row->has_num || row->has_den)
            return nb_fail(err, NB_E_RECORD, "%s: a null where a number must be, or the reverse",
                           id);
        if ((row->has_sum && __builtin_add_overflow(a->sum, row->sum, &na.sum)) ||
            add_u32(&a->n_num, row->n_num, &na.n_num) < 0 ||
            add_u32(&a->n_ph, row->n_ph, &na.n_ph) < 0 ||
            (row->has_h0 && add_u32(&g->n_h0[h0_index[s]], row->n_h0, &h0) < 0) ||
            (row->has_derived && add_u32(&g->n_derived[der_index[s]], row->n_derived, &dv) < 0))
            return nb_fail(err, NB_E_RECORD, "%s: out of range", id);
        *a = na;
        if (row->has_h0)
            g->n_h0[h0_index[s]] = h0;
        if (row->has_derived)
            g->n_derived[der_index[s]] = dv;
    } else {
        agg_dacc *a = &g->dacc[s - (int)nb_nmetrics], na = *a;

        if (row->has_num != (row->n_num > 0) ||
            row->has_den != (row->n_num > 0 && agg_slot_is_ratio(s)) || row->has_h0 ||
            row->has_derived)
            return nb_fail(err, NB_E_RECORD, "%s: a null where a number must be, or the reverse",
                           id);
        if ((row->has_num && __builtin_add_overflow(a->num, row->num, &na.num)) ||
            (row->has_den && __builtin_add_overflow(a->den, row->den, &na.den)) ||
            add_u32(&a->n, row->n_num, &na.n) < 0 || add_u32(&a->n_ph, row->n_ph, &na.n_ph) < 0)
            return nb_fail(err, NB_E_RECORD, "%s: out of range", id);
        *a = na;
    }
    return 0;
}
