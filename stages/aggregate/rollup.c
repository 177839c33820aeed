/*
 * rollup.c - groups, accumulators, duplicates, derived metrics, tables.
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
#include <stdlib.h>
#include <string.h>

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

#define MAXTERMS 16

typedef struct derived {
    char id[48];
    char zh[64];
    int nterm[2]; /* numerator, denominator; no denominator: a sum */
    short term[2][MAXTERMS];
    signed char sign[2][MAXTERMS];
} derived;

static derived dtab[40];
int agg_nderived;
static int h0_index[AGG_MAX_METRICS], der_index[AGG_MAX_METRICS], nh0, nder;

/* Formulas as SCHEMA 9 writes them, over reported leaves; "@" stands for
 * each column of the list named by cols. */
static const struct {
    const char *id, *zh, *num, *den;
    int cols; /* 0: none, 1: t3 columns, 2: t4 outcomes */
} dsrc[] = {
    {"d.t3.received.@", "受理合计·@", "t3.new.@ + t3.carried_in.@", NULL, 1},
    {"d.t3.disclosed.@", "予以公开和部分公开·@", "t3.open.@ + t3.partial.@", NULL, 1},
    {"d.t3.disclosure_rate", "实质公开率", "t3.open.total + t3.partial.total",
     "t3.result_total.total", 0},
    {"d.t3.deny_rate", "不予公开率",
     "t3.deny.secret.total + t3.deny.law.total + t3.deny.safety.total + "
     "t3.deny.third_party.total + t3.deny.internal.total + t3.deny.process.total + "
     "t3.deny.enforcement.total + t3.deny.query.total",
     "t3.result_total.total", 0},
    {"d.t3.unable_rate", "无法提供率",
     "t3.unable.not_held.total + t3.unable.need_create.total + t3.unable.unclear.total",
     "t3.result_total.total", 0},
    {"d.t3.decline_rate", "不予处理率",
     "t3.decline.petition.total + t3.decline.repeat.total + t3.decline.publication.total + "
     "t3.decline.mass.total + t3.decline.confirm.total",
     "t3.result_total.total", 0},
    {"d.t3.backlog_rate", "结转率", "t3.carried_out.total", "t3.new.total + t3.carried_in.total",
     0},
    {"d.t4.review_closed", "复议结案数", "t4.review.total - t4.review.pending", NULL, 0},
    {"d.t4.review_correct_rate", "复议纠错率", "t4.review.correct",
     "t4.review.total - t4.review.pending", 0},
    {"d.t4.suit.@", "行政诉讼合计·@", "t4.suit_direct.@ + t4.suit_after.@", NULL, 2},
    {"d.t4.suit_correct_rate", "诉讼纠错率", "t4.suit_direct.correct + t4.suit_after.correct",
     "t4.suit_direct.total - t4.suit_direct.pending + t4.suit_after.total - "
     "t4.suit_after.pending",
     0},
    {"d.t4.dispute_rate", "争议率", "t4.review.total + t4.suit_direct.total", "t3.new.total", 0},
};

static const char *const t3cols[] = {"natural", "commercial", "research", "nonprofit",
                                     "legal",   "other_org",  "total"};
static const char *const t3cols_zh[] = {"自然人",       "商业企业", "科研机构", "社会公益组织",
                                        "法律服务机构", "其他",     "总计"};
static const char *const t4outs[] = {"maintain", "correct", "other", "pending", "total"};
static const char *const t4outs_zh[] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};

/* Copy src to dst (n bytes) with every '@' replaced by col. */
static void
subst(char *dst, size_t n, const char *src, const char *col)
{
    size_t k = 0, cl = strlen(col);

    for (; *src && k + 1 < n; src++) {
        if (*src == '@') {
            if (k + cl + 1 >= n)
                break;
            memcpy(dst + k, col, cl);
            k += cl;
        } else {
            dst[k++] = *src;
        }
    }
    dst[k] = '\0';
}

/* Parse "a + b - c" into terms.  Returns 0 or -1 (unknown id, too many). */
static int
parse_terms(derived *d, int which, const char *expr, const char *col)
{
    char buf[512], *tok, *save = NULL;
    int sign = 1;

    subst(buf, sizeof buf, expr, col);
    d->nterm[which] = 0;
    for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        int m;

        if (!strcmp(tok, "+") || !strcmp(tok, "-")) {
            sign = *tok == '-' ? -1 : 1;
            continue;
        }
        m = nb_metric_find(tok, strlen(tok));
        if (m < 0 || d->nterm[which] == MAXTERMS)
            return -1;
        d->term[which][d->nterm[which]] = (short)m;
        d->sign[which][d->nterm[which]++] = (signed char)sign;
        sign = 1;
    }
    return 0;
}

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
    for (size_t i = 0; i < sizeof dsrc / sizeof dsrc[0]; i++) {
        int ncol = dsrc[i].cols == 1 ? 7 : dsrc[i].cols == 2 ? 5 : 1;

        for (int c = 0; c < ncol; c++) {
            const char *col = dsrc[i].cols == 1 ? t3cols[c] : dsrc[i].cols == 2 ? t4outs[c] : "";
            const char *czh = dsrc[i].cols == 1   ? t3cols_zh[c]
                              : dsrc[i].cols == 2 ? t4outs_zh[c]
                                                  : "";
            derived *d = &dtab[agg_nderived];

            if ((size_t)agg_nderived == sizeof dtab / sizeof dtab[0])
                return -1;
            subst(d->id, sizeof d->id, dsrc[i].id, col);
            subst(d->zh, sizeof d->zh, dsrc[i].zh, czh);
            if (parse_terms(d, 0, dsrc[i].num, col) < 0)
                return -1;
            d->nterm[1] = 0;
            if (dsrc[i].den && parse_terms(d, 1, dsrc[i].den, col) < 0)
                return -1;
            agg_nderived++;
        }
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
    return slot < (int)nb_nmetrics ? nb_metrics[slot].id : dtab[slot - (int)nb_nmetrics].id;
}

int
agg_slot_find(const char *id)
{
    int m = nb_metric_find(id, strlen(id));

    if (m >= 0)
        return m;
    for (int d = 0; d < agg_nderived; d++)
        if (!strcmp(dtab[d].id, id))
            return (int)nb_nmetrics + d;
    return -1;
}

int
agg_slot_is_ratio(int slot)
{
    return slot >= (int)nb_nmetrics && dtab[slot - (int)nb_nmetrics].nterm[1] > 0;
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
        snprintf(buf, n, "%s", dtab[slot - (int)nb_nmetrics].zh);
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
    return buf;
}

/* ---- the group table ---- */

struct agg_rollup {
    int keys[AGG_NKEYS], nkeys;
    agg_group **tab;
    size_t cap, n;
    char **dup; /* open-addressed set of "agency\x1fcode\x1fyear" */
    size_t dcap, dn;
};

agg_rollup *
agg_rollup_create(const int *keys, int nkeys)
{
    agg_rollup *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    memcpy(r->keys, keys, (size_t)nkeys * sizeof *keys);
    r->nkeys = nkeys;
    return r;
}

static void
group_free(agg_group *g)
{
    if (!g)
        return;
    for (int i = 0; i < AGG_NKEYS; i++)
        free(g->key[i]);
    free(g->acc);
    free(g);
}

void
agg_rollup_free(agg_rollup *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->cap; i++)
        group_free(r->tab[i]);
    free(r->tab);
    for (size_t i = 0; i < r->dcap; i++)
        free(r->dup[i]);
    free(r->dup);
    free(r);
}

size_t
agg_rollup_ngroups(const agg_rollup *r)
{
    return r->n;
}

static uint64_t
fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Hash of the key tuple; a null key hashes apart from an empty one. */
static uint64_t
hash_keys(const agg_rollup *r, const char *const key[AGG_NKEYS])
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (int i = 0; i < r->nkeys; i++) {
        const char *k = key[r->keys[i]];

        h = k ? fnv(h, k, strlen(k) + 1) : fnv(h, "\x01\x01", 2);
    }
    return h;
}

static int
same_keys(const agg_rollup *r, const agg_group *g, const char *const key[AGG_NKEYS])
{
    for (int i = 0; i < r->nkeys; i++) {
        const char *a = g->key[i], *b = key[r->keys[i]];

        if (!a != !b || (a && strcmp(a, b)))
            return 0;
    }
    return 1;
}

static int
grow(agg_rollup *r)
{
    size_t cap = r->cap ? r->cap * 2 : 64;
    agg_group **tab = calloc(cap, sizeof *tab);

    if (!tab)
        return -1;
    for (size_t i = 0; i < r->cap; i++) {
        agg_group *g = r->tab[i];
        const char *key[AGG_NKEYS] = {0};
        size_t j;

        if (!g)
            continue;
        for (int k = 0; k < r->nkeys; k++)
            key[r->keys[k]] = g->key[k];
        for (j = hash_keys(r, key) & (cap - 1); tab[j]; j = (j + 1) & (cap - 1))
            ;
        tab[j] = g;
    }
    free(r->tab);
    r->tab = tab;
    r->cap = cap;
    return 0;
}

agg_group *
agg_rollup_group(agg_rollup *r, const char *const key[AGG_NKEYS])
{
    size_t j;
    agg_group *g;

    if ((r->n + 1) * 10 > r->cap * 7 && grow(r) < 0)
        return NULL;
    for (j = hash_keys(r, key) & (r->cap - 1); r->tab[j]; j = (j + 1) & (r->cap - 1))
        if (same_keys(r, r->tab[j], key))
            return r->tab[j];
    g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    for (int i = 0; i < r->nkeys; i++) {
        const char *k = key[r->keys[i]];

        if (k && !(g->key[i] = strdup(k))) {
            group_free(g);
            return NULL;
        }
    }
    r->tab[j] = g;
    r->n++;
    return g;
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

int
agg_rollup_seen(agg_rollup *r, const agg_record *rec)
{
    const char *agency = rec->key[AGG_K_AGENCY], *code = rec->key[AGG_K_REGION_CODE],
               *year = rec->key[AGG_K_YEAR];
    size_t la, lc, ly, j;
    char *k;

    if (!agency || !code || !year)
        return 0;
    if ((r->dn + 1) * 10 > r->dcap * 7) {
        size_t cap = r->dcap ? r->dcap * 2 : 64;
        char **t = calloc(cap, sizeof *t);

        if (!t)
            return -1;
        for (size_t i = 0; i < r->dcap; i++) {
            if (!r->dup[i])
                continue;
            for (j = fnv(0xcbf29ce484222325ULL, r->dup[i], strlen(r->dup[i])) & (cap - 1); t[j];
                 j = (j + 1) & (cap - 1))
                ;
            t[j] = r->dup[i];
        }
        free(r->dup);
        r->dup = t;
        r->dcap = cap;
    }
    la = strlen(agency), lc = strlen(code), ly = strlen(year);
    k = malloc(la + lc + ly + 3);
    if (!k)
        return -1;
    snprintf(k, la + lc + ly + 3, "%s\x1f%s\x1f%s", agency, code, year);
    for (j = fnv(0xcbf29ce484222325ULL, k, strlen(k)) & (r->dcap - 1); r->dup[j];
         j = (j + 1) & (r->dcap - 1)) {
        if (!strcmp(r->dup[j], k)) {
            free(k);
            return 1;
        }
    }
    r->dup[j] = k;
    r->dn++;
    return 0;
}

/* The terms of derived metric d in report rec: 1 with *num, *den when every
 * operand is num, 0 when some operand is a placeholder and none unknown,
 * -1 when some is unknown, -2 when a sum leaves the int64 range. */
static int
derive(const derived *d, const agg_record *rec, int64_t *num, int64_t *den)
{
    int ph = 0, unk = 0;
    int64_t s[2] = {0, 0};

    for (int w = 0; w < 2; w++) {
        for (int t = 0; t < d->nterm[w]; t++) {
            int m = d->term[w][t], st = rec->state[m];
            int64_t v = d->sign[w][t] * rec->value[m];

            if (st != NB_ST_NUM) {
                ph |= nb_state_placeholder(st);
                unk |= !nb_state_placeholder(st);
            } else if (__builtin_add_overflow(s[w], v, &s[w])) {
                return -2;
            }
        }
    }
    *num = s[0];
    *den = s[1];
    return unk ? -1 : ph ? 0 : 1;
}

int
agg_rollup_add(agg_rollup *r, const agg_record *rec, nb_error *err)
{
    agg_group *g = agg_rollup_group(r, rec->key);
    int64_t dn[64], dd[64], tmp;
    int dk[64];

    if (!g || ensure_acc(g) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (g->n_reports >= UINT32_MAX)
        return nb_fail(err, NB_E_RECORD, "more than %" PRIu32 " reports in a group", UINT32_MAX);
    /* Check every sum first, so a record is counted whole or not at all. */
    for (size_t m = 0; m < nb_nmetrics; m++)
        if (rec->state[m] == NB_ST_NUM &&
            __builtin_add_overflow(g->acc[m].sum, rec->value[m], &tmp))
            return nb_fail(err, NB_E_RECORD, "%s: sum out of range", nb_metrics[m].id);
    for (int d = 0; d < agg_nderived; d++) {
        dk[d] = derive(&dtab[d], rec, &dn[d], &dd[d]);
        if (dk[d] == -2 || (dk[d] == 1 && (__builtin_add_overflow(g->dacc[d].num, dn[d], &tmp) ||
                                           __builtin_add_overflow(g->dacc[d].den, dd[d], &tmp))))
            return nb_fail(err, NB_E_RECORD, "%s: sum out of range", dtab[d].id);
    }
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

/* ---- sorting ---- */

static const agg_rollup *sort_ctx;

static int
cmp_groups(const void *pa, const void *pb)
{
    const agg_group *a = *(agg_group *const *)pa, *b = *(agg_group *const *)pb;

    for (int i = 0; i < sort_ctx->nkeys; i++) {
        const char *x = a->key[i], *y = b->key[i];
        int c;

        if (!x || !y) {
            if (!x && !y)
                continue;
            return x ? -1 : 1; /* unknown last */
        }
        if (sort_ctx->keys[i] == AGG_K_YEAR) {
            long long u = strtoll(x, NULL, 10), v = strtoll(y, NULL, 10);

            if (u != v)
                return u < v ? -1 : 1;
        }
        c = strcmp(x, y); /* compares as unsigned char: UTF-8 byte order */
        if (c)
            return c;
    }
    return 0;
}

agg_group **
agg_rollup_sorted(agg_rollup *r, size_t *n)
{
    agg_group **v;
    size_t k = 0;

    *n = 0;
    if (r->n == 0)
        return NULL;
    v = malloc(r->n * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->cap; i++)
        if (r->tab[i])
            v[k++] = r->tab[i];
    sort_ctx = r;
    qsort(v, k, sizeof *v, cmp_groups);
    sort_ctx = NULL;
    *n = k;
    return v;
}

/* ---- tables ---- */

static void
header_keys(agg_csv *w, const agg_rollup *r, const agg_view *v)
{
    for (int i = 0; i < r->nkeys; i++)
        agg_csv_name(w, v->zh ? agg_key_zh[r->keys[i]] : agg_key_names[r->keys[i]]);
    for (int c = AGG_C_N_REPORTS; c <= AGG_C_N_DUPLICATES; c++)
        agg_csv_name(w, v->zh ? agg_col_zh[c] : agg_col_names[c]);
}

static void
row_keys(agg_csv *w, const agg_rollup *r, const agg_group *g)
{
    for (int i = 0; i < r->nkeys; i++) {
        if (r->keys[i] == AGG_K_YEAR && g->key[i]) {
            agg_csv_int(w, strtoll(g->key[i], NULL, 10)); /* a number, not text */
            continue;
        }
        agg_csv_text(w, g->key[i]);
    }
    agg_csv_int(w, g->n_reports);
    agg_csv_int(w, g->n_errors);
    agg_csv_int(w, g->n_check_failures);
    agg_csv_int(w, g->n_duplicates);
}

/* A slot's name with a suffix: "t3.new.natural:n_num" or its Chinese. */
static void
slot_name(agg_csv *w, int s, const char *suffix, const char *suffix_zh, const agg_view *v)
{
    char buf[512], lab[448];

    if (v->zh)
        snprintf(buf, sizeof buf, "%s%s", agg_slot_zh(s, lab, sizeof lab), suffix_zh);
    else
        snprintf(buf, sizeof buf, "%s%s", agg_slot_id(s), suffix);
    agg_csv_name(w, buf);
}

/* The value of slot s in g: 1 with *v (micro-units, or a ratio string in
 * rbuf when *ratio), 0 for null. */
static int
slot_value(const agg_group *g, int s, int64_t *v, char *rbuf, const char **ratio)
{
    *ratio = NULL;
    if (!g->acc)
        return 0;
    if (s < (int)nb_nmetrics) {
        *v = g->acc[s].sum;
        return g->acc[s].n_num > 0;
    }
    {
        const agg_dacc *a = &g->dacc[s - (int)nb_nmetrics];

        if (a->n == 0)
            return 0;
        if (!agg_slot_is_ratio(s)) {
            *v = a->num;
            return 1;
        }
        *ratio = agg_fmt_ratio(rbuf, a->num, a->den);
        return *ratio != NULL;
    }
}

static void
cell_value(agg_csv *w, const agg_group *g, int s)
{
    char rbuf[AGG_NUMBUF];
    const char *ratio;
    int64_t v = 0;

    if (!slot_value(g, s, &v, rbuf, &ratio))
        agg_csv_null(w);
    else if (ratio)
        agg_csv_name(w, ratio);
    else
        agg_csv_fixed(w, v);
}

static void
counts(const agg_group *g, int s, int64_t *n_num, int64_t *n_ph)
{
    *n_num = *n_ph = 0;
    if (!g->acc)
        return;
    if (s < (int)nb_nmetrics) {
        *n_num = g->acc[s].n_num;
        *n_ph = g->acc[s].n_ph;
    } else {
        *n_num = g->dacc[s - (int)nb_nmetrics].n;
        *n_ph = g->dacc[s - (int)nb_nmetrics].n_ph;
    }
}

void
agg_write_wide(agg_csv *w, const agg_rollup *r, agg_group *const *g, size_t n, const agg_view *v)
{
    int ns = agg_nslots();

    header_keys(w, r, v);
    for (int s = 0; s < ns; s++) {
        if (!v->sel[s])
            continue;
        slot_name(w, s, "", "", v);
        if (s >= (int)nb_nmetrics) {
            slot_name(w, s, ":n", "·报告数", v);
            continue;
        }
        if (!v->coverage)
            continue;
        slot_name(w, s, ":n_num", "·数值报告数", v);
        slot_name(w, s, ":n_placeholder", "·占位报告数", v);
        slot_name(w, s, ":n_unknown", "·未知报告数", v);
        if (agg_slot_has_h0(s))
            slot_name(w, s, ":n_h0", "·按零推算数", v);
        if (agg_slot_has_derived(s))
            slot_name(w, s, ":n_derived", "·推算数", v);
    }
    agg_csv_end(w);
    for (size_t i = 0; i < n && !w->err; i++) {
        row_keys(w, r, g[i]);
        for (int s = 0; s < ns; s++) {
            int64_t nn, np;

            if (!v->sel[s])
                continue;
            cell_value(w, g[i], s);
            counts(g[i], s, &nn, &np);
            if (s >= (int)nb_nmetrics) {
                agg_csv_int(w, nn);
                continue;
            }
            if (!v->coverage)
                continue;
            agg_csv_int(w, nn);
            agg_csv_int(w, np);
            agg_csv_int(w, g[i]->n_reports - nn - np);
            if (agg_slot_has_h0(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_h0[h0_index[s]] : 0);
            if (agg_slot_has_derived(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_derived[der_index[s]] : 0);
        }
        agg_csv_end(w);
    }
}

void
agg_write_long(agg_csv *w, const agg_rollup *r, agg_group *const *g, size_t n, const agg_view *v)
{
    int ns = agg_nslots(), last = v->rates ? AGG_C_DENOMINATOR : AGG_C_N_DERIVED;

    header_keys(w, r, v);
    for (int c = AGG_C_METRIC; c <= last; c++)
        agg_csv_name(w, v->zh ? agg_col_zh[c] : agg_col_names[c]);
    agg_csv_end(w);
    for (size_t i = 0; i < n && !w->err; i++) {
        for (int s = 0; s < ns; s++) {
            int64_t nn, np;

            if (!v->sel[s])
                continue;
            row_keys(w, r, g[i]);
            agg_csv_name(w, agg_slot_id(s));
            cell_value(w, g[i], s);
            counts(g[i], s, &nn, &np);
            agg_csv_int(w, nn);
            agg_csv_int(w, np);
            agg_csv_int(w, g[i]->n_reports - nn - np);
            if (agg_slot_has_h0(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_h0[h0_index[s]] : 0);
            else
                agg_csv_null(w);
            if (agg_slot_has_derived(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_derived[der_index[s]] : 0);
            else
                agg_csv_null(w);
            if (v->rates) {
                const agg_dacc *a =
                    s >= (int)nb_nmetrics && g[i]->acc ? &g[i]->dacc[s - (int)nb_nmetrics] : NULL;

                if (a && a->n > 0)
                    agg_csv_fixed(w, a->num);
                else
                    agg_csv_null(w);
                if (a && a->n > 0 && agg_slot_is_ratio(s))
                    agg_csv_fixed(w, a->den);
                else
                    agg_csv_null(w);
            }
            agg_csv_end(w);
        }
    }
}
