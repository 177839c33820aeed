/*
 * tables.c - the wide and long CSV tables of a rollup (DESIGN 2.3).
 */
#include <stdio.h>
#include <stdlib.h>

#include "names.h"
#include "rollup.h"
#include "schema.h"

static void
header_keys(agg_csv *w, const agg_rollup *r, const agg_view *v)
{
    int nkeys;
    const int *keys = agg_rollup_keys(r, &nkeys);

    for (int i = 0; i < nkeys; i++)
        agg_csv_name(w, v->zh ? agg_key_zh[keys[i]] : agg_key_names[keys[i]]);
    for (int c = AGG_C_N_REPORTS; c <= AGG_C_N_DUPLICATES; c++)
        agg_csv_name(w, v->zh ? agg_col_zh[c] : agg_col_names[c]);
}

static void
row_keys(agg_csv *w, const agg_rollup *r, const agg_group *g, const agg_view *v)
{
    int nkeys;
    const int *keys = agg_rollup_keys(r, &nkeys);

    for (int i = 0; i < nkeys; i++) {
        if (keys[i] == AGG_K_YEAR && g->key[i]) {
            agg_csv_int(w, strtoll(g->key[i], NULL, 10)); /* a number, not text */
            continue;
        }
        agg_csv_text(w, v->zh ? agg_value_zh(keys[i], g->key[i]) : g->key[i]);
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
        row_keys(w, r, g[i], v);
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
                agg_csv_int(w, g[i]->acc ? g[i]->n_h0[agg_slot_h0_at(s)] : 0);
            if (agg_slot_has_derived(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_derived[agg_slot_derived_at(s)] : 0);
        }
        agg_csv_end(w);
    }
}

void
agg_write_long(agg_csv *w, const agg_rollup *r, agg_group *const *g, size_t n, const agg_view *v)
{
    int ns = agg_nslots(), last = v->rates ? AGG_C_DENOMINATOR : AGG_C_N_DERIVED;
    char *kbuf = NULL;
    size_t kcap = 0;
    FILE *ks = open_memstream(&kbuf, &kcap);

    if (!ks) {
        w->err = 1;
        return;
    }
    header_keys(w, r, v);
    for (int c = AGG_C_METRIC; c <= last; c++)
        agg_csv_name(w, v->zh ? agg_col_zh[c] : agg_col_names[c]);
    agg_csv_end(w);
    for (size_t i = 0; i < n && !w->err; i++) {
        agg_csv kw;
        long klen;

        /* The keys and counters begin every row of the group: made once
         * (the long table has a row per group and metric). */
        rewind(ks);
        agg_csv_init(&kw, ks, w->null);
        row_keys(&kw, r, g[i], v);
        if (fflush(ks) == EOF || kw.err || (klen = ftell(ks)) < 0) {
            w->err = 1;
            break;
        }
        for (int s = 0; s < ns; s++) {
            int64_t nn, np;

            if (!v->sel[s])
                continue;
            if (fwrite_unlocked(kbuf, 1, (size_t)klen, w->f) != (size_t)klen)
                w->err = 1;
            w->ncells = kw.ncells;
            agg_csv_name(w, agg_slot_id(s));
            cell_value(w, g[i], s);
            counts(g[i], s, &nn, &np);
            agg_csv_int(w, nn);
            agg_csv_int(w, np);
            agg_csv_int(w, g[i]->n_reports - nn - np);
            if (agg_slot_has_h0(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_h0[agg_slot_h0_at(s)] : 0);
            else
                agg_csv_null(w);
            if (agg_slot_has_derived(s))
                agg_csv_int(w, g[i]->acc ? g[i]->n_derived[agg_slot_derived_at(s)] : 0);
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
    fclose(ks);
    free(kbuf);
}
