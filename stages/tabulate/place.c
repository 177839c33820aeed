/*
 * place.c - tabulate's region and category: data lookup, user overrides,
 * and the JSON objects of DESIGN 2.2:
 *
 *   "region":{"code":"230503005","province":"黑龙江省","city":"双鸭山市",
 *             "county":"岭东区","township":"中心街道","level":"township",
 *             "status":"resolved","by":"name"}
 *   "category":{"id":"subdistrict","name":"街道办事处"}
 *
 * code is null when nothing is known; an ambiguous name gives the lowest
 * common ancestor of its candidates and "candidates":[codes].
 */
#include "place.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "category.h"
#include "gazetteer.h"
#include "datadir.h"
#include "find.h"
#include "hosts.h"
#include "record.h"
#include "region.h"
#include "tsv.h"

#define PLACE_MAX_LISTED 16 /* candidates listed in a record */

typedef struct override {
    char *key;
    int div;
} override;

struct tb_place {
    nb_gazetteer *g;
    nb_categories *cats;
    nb_hosts *hosts; /* NULL without data/pinyin.tsv.gz */
    override *ov;
    int nov;
};

const char *
tb_place_datadir(void)
{
    return nb_datadir("divisions.tsv.gz");
}

static int
load_overrides(tb_place *p, const char *path, nb_error *err)
{
    nb_tsv t;
    int rc;

    if (nb_tsv_open(&t, path, err) < 0)
        return -1;
    while ((rc = nb_tsv_next(&t, err)) > 0) {
        char *tab = strrchr(t.line, '\t'); /* the key may hold TABs */
        override *no;
        int div;

        if (!tab || tab == t.line) {
            rc = nb_tsv_fail(&t, err, NB_E_RECORD, "want doc-or-agency<TAB>code");
            break;
        }
        div = nb_gazetteer_find(p->g, tab + 1);
        if (div < 0) {
            rc = nb_tsv_fail(&t, err, NB_E_RECORD, "unknown division code '%.12s'", tab + 1);
            break;
        }
        no = realloc(p->ov, (size_t)(p->nov + 1) * sizeof *no);
        if (!no) {
            rc = nb_fail(err, NB_E_NOMEM, "out of memory");
            break;
        }
        *tab = '\0';
        p->ov = no;
        p->ov[p->nov].key = nb_tsv_take(&t); /* cut at the tab */
        p->ov[p->nov++].div = div;
    }
    nb_tsv_close(&t);
    return rc < 0 ? -1 : 0;
}

tb_place *
tb_place_load(const char *dir, const char *regions, nb_error *err)
{
    tb_place *p = calloc(1, sizeof *p);
    char a[PATH_MAX], b[PATH_MAX], c[PATH_MAX];

    if (!p) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(a, sizeof a, "%s/divisions.tsv.gz", dir);
    snprintf(b, sizeof b, "%s/aliases.tsv", dir);
    snprintf(c, sizeof c, "%s/areacodes.tsv", dir);
    p->g = nb_gazetteer_load(a, b, c, err);
    if (!p->g)
        goto fail;
    snprintf(a, sizeof a, "%s/categories.tsv", dir);
    p->cats = nb_categories_load(a, err);
    if (!p->cats)
        goto fail;
    snprintf(a, sizeof a, "%s/pinyin.tsv.gz", dir);
    if (access(a, F_OK) == 0) {
        p->hosts = nb_hosts_load(a, p->g, err);
        if (!p->hosts)
            goto fail;
    }
    if (regions && load_overrides(p, regions, err) < 0)
        goto fail;
    return p;
fail:
    tb_place_free(p);
    return NULL;
}

void
tb_place_free(tb_place *p)
{
    if (!p)
        return;
    nb_gazetteer_free(p->g);
    nb_categories_free(p->cats);
    nb_hosts_free(p->hosts);
    for (int i = 0; i < p->nov; i++)
        free(p->ov[i].key);
    free(p->ov);
    free(p);
}

/* ,"k":"v" or ,"k":null into b, without the comma when first: what
 * jansson's compact dump of the member wrote (nb_record_string escapes as
 * it does). */
static int
put_str(nb_buf *b, int *first, const char *k, const char *v)
{
    int rc = nb_buf_adds(b, *first ? "\"" : ",\"") | nb_buf_adds(b, k) | nb_buf_adds(b, "\":");

    *first = 0;
    return rc | (v ? nb_record_string(b, v, strlen(v)) : nb_buf_adds(b, "null"));
}

/* The region object of DESIGN 2.2 as JSON text into b (written by hand:
 * building a jansson object and dumping it for every record was 3% of the
 * stage). */
static int
region_json(const tb_place *p, const nb_region *r, int level, const char *evidence, nb_buf *b)
{
    static const char *const status[] = {"unresolved", "resolved", "ambiguous"};
    const nb_division *d = nb_gazetteer_get(p->g, r->div);
    int rc = nb_buf_addc(b, '{'), first = 1;

    rc |= put_str(b, &first, "code", d ? d->code : NULL);
    for (int lv = NB_LV_PROVINCE; lv <= NB_LV_TOWNSHIP && d; lv++) {
        const nb_division *a = nb_gazetteer_get(p->g, nb_gazetteer_at_level(p->g, r->div, lv));
        if (a)
            rc |= put_str(b, &first, nb_level_name(lv), a->name);
    }
    if (nb_level_name(level))
        rc |= put_str(b, &first, "level", nb_level_name(level));
    rc |= put_str(b, &first, "status", status[r->status]);
    if (r->by)
        rc |= put_str(b, &first, "by", r->by);
    if (evidence)
        rc |= put_str(b, &first, "evidence", evidence);
    if (r->status == NB_REGION_AMBIGUOUS) {
        /* records stay small (DESIGN 2.2): a bare 城关镇 has 88 candidates;
         * the first ones and their count tell the user enough */
        rc |= nb_buf_adds(b, ",\"candidates\":[");
        for (int i = 0; i < r->ncand && i < PLACE_MAX_LISTED; i++) {
            const char *code = nb_gazetteer_get(p->g, r->cand[i])->code;
            rc |= (i ? nb_buf_addc(b, ',') : 0) | nb_record_string(b, code, strlen(code));
        }
        rc |= nb_buf_addc(b, ']');
        if (r->ncand > PLACE_MAX_LISTED) {
            char n[32];
            snprintf(n, sizeof n, ",\"n_candidates\":%d", r->ncand);
            rc |= nb_buf_adds(b, n);
        }
    }
    return rc | nb_buf_addc(b, '}') | nb_buf_addc(b, '\0') ? -1 : 0;
}

/* The category object: {"id":…,"name":…}, or {"id":null}. */
static int
category_json(const nb_category *cat, nb_buf *b)
{
    int rc = nb_buf_addc(b, '{'), first = 1;

    rc |= put_str(b, &first, "id", cat ? cat->id : NULL);
    if (cat)
        rc |= put_str(b, &first, "name", cat->name);
    return rc | nb_buf_addc(b, '}') | nb_buf_addc(b, '\0') ? -1 : 0;
}

#define MAX_HINTS 16

/* The host of the page's URL, else of its path ("www.gsgz.gov.cn/…"): each
 * label that spells a division is one piece of evidence. */
static void
host_hints(const tb_place *p, const char *doc, const tb_meta *meta, nb_region_hint *h, int *n)
{
    static const char *const skip[] = {"www", "gov", "cn", "xxgk", "zwgk", NULL};
    const char *url = tb_meta_get(meta, TB_META_URL);
    char host[256];
    int set = 1;

    if (!p->hosts || !(nb_host_of(url, host, sizeof host) || nb_host_of(doc, host, sizeof host)))
        return;
    for (char *l = host; *l;) {
        size_t len = strcspn(l, ".");
        int divs[NB_HOST_MAX_DIVS], nd, known = 0;
        for (int k = 0; skip[k]; k++)
            known |= strlen(skip[k]) == len && !strncmp(l, skip[k], len);
        nd = known ? 0 : nb_hosts_lookup(p->hosts, l, len, divs);
        for (int k = 0; k < nd && *n < MAX_HINTS; k++) {
            h[*n].div = divs[k];
            h[*n].by = "host";
            h[(*n)++].set = set;
        }
        set++;
        l += len;
        if (*l)
            l++;
    }
}

static void
add_hint(const tb_place *p, nb_region_hint *h, int *n, const char *code, const char *by)
{
    int div = nb_gazetteer_find(p->g, code);

    if (div < 0) {
        /* a county code the table lacks (a zone): its city, then province */
        char up[7];
        memcpy(up, code, 7);
        memcpy(up + 4, "00", 2);
        div = nb_gazetteer_find(p->g, up);
    }
    for (int i = 0; i < *n; i++)
        if (h[i].div == div)
            return;
    if (div >= 0 && *n < MAX_HINTS) {
        h[*n].div = div;
        h[*n].set = 0;
        h[(*n)++].by = by;
    }
}

/* The 索引号 of the page's metadata table, among the first lines. */
static void
index_hint(const tb_place *p, const tb_doc *d, nb_region_hint *h, int *n)
{
    static const char lab[] = "索引号";

    for (int i = 0; i < d->nlines && i < 60; i++) {
        const char *s = d->body.p + d->lines[i].off, *e = s + d->lines[i].len, *q;
        char code[7];
        q = tb_memmem(s, (size_t)(e - s), lab, sizeof lab - 1);
        if (!q)
            continue;
        q += sizeof lab - 1;
        while (q < e && (*q == ' ' || *q == '\t' || *q == ':' || *q == '|'))
            q++;
        if (e - q >= 3 && !memcmp(q, "：", 3))
            q += 3;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        if (nb_evidence_index_no(q, (size_t)(e - q), code)) {
            add_hint(p, h, n, code,
                     nb_evidence_credit(q, (size_t)(e - q), code) ? "credit_code" : "index_no");
            return;
        }
    }
}

/* A site's name ("会昌县人民政府", the SiteName or the part of the page
 * title after its last " - ", "_" or "|") as a hint when it names one
 * place on its own.  Returns 0, or -1 when out of memory. */
static int
site_name_hint(const tb_place *p, const char *s, const char *by, nb_region_hint *h, int *n)
{
    nb_region r;
    const char *cut = NULL;

    if (!s)
        return 0;
    for (const char *q = s; *q; q++)
        if (*q == '-' || *q == '_' || *q == '|')
            cut = q + 1;
    if (!strcmp(by, "meta.title")) {
        if (!cut)
            return 0; /* a title alone is the report's, read as its title */
        s = cut;
    }
    while (*s == ' ')
        s++;
    if (!*s || strlen(s) > 90)
        return 0;
    if (nb_region_resolve(p->g, p->cats, s, strlen(s), NULL, &r) < 0)
        return -1;
    if (r.status == NB_REGION_RESOLVED && *n < MAX_HINTS) {
        h[*n].div = r.div;
        h[*n].set = 0;
        h[(*n)++].by = by;
    }
    return 0;
}

/* The places a breadcrumb names ("当前位置：首页 > 会昌县 > 乡镇信息公开"):
 * each segment that is a place on its own is a hint.  Returns 0, or -1
 * when out of memory. */
static int
breadcrumb_hints(const tb_place *p, const tb_doc *d, nb_region_hint *h, int *n)
{
    static const char *const leads[] = {"当前位置",     "您的位置", "您现在的位置",
                                        "您当前的位置", "所在位置", NULL};
    char seg[96];

    for (int i = 0; i < d->nlines && i < 30; i++) {
        const char *s = d->body.p + d->lines[i].off, *e = s + d->lines[i].len, *q;
        int lead = 0;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        for (int k = 0; leads[k] && !lead; k++)
            lead = (size_t)(e - s) >= strlen(leads[k]) && !memcmp(s, leads[k], strlen(leads[k]));
        if (!lead || e - s > 600)
            continue;
        for (q = s; q < e;) {
            size_t len = 0;
            /* a segment ends at >, ＞, », / or a TAB */
            while (q + len < e && q[len] != '>' && q[len] != '/' && q[len] != '\t' &&
                   !((size_t)(e - q - len) >= 3 && !memcmp(q + len, "＞", 3)) &&
                   !((size_t)(e - q - len) >= 2 && !memcmp(q + len, "»", 2)))
                len++;
            if (len > 0 && len < sizeof seg) {
                memcpy(seg, q, len);
                seg[len] = '\0';
                if (site_name_hint(p, seg, "breadcrumb", h, n) < 0)
                    return -1;
            }
            q += len;
            q += q < e ? (*q == '>' || *q == '/' || *q == '\t' ? 1 : (*q == '\xC2' ? 2 : 3)) : 0;
        }
        break;
    }
    return 0;
}

/* The hints of the page about its owner, strongest first: the site's
 * SiteIDCode, its SiteName, the 索引号 (or a credit code), the host, the
 * breadcrumb, the site's name in the page title.  Returns how many, or -1 when out of
 * memory. */
static int
page_hints(const tb_place *p, const tb_doc *d, const char *doc, const tb_meta *meta,
           nb_region_hint *h)
{
    const char *site = tb_meta_get(meta, TB_META_SITE_ID);
    char code[7];
    int n = 0;

    if (site && nb_evidence_siteid(site, strlen(site), code))
        add_hint(p, h, &n, code, "meta.SiteIDCode");
    if (site_name_hint(p, tb_meta_get(meta, TB_META_SITE_NAME), "meta.SiteName", h, &n) < 0)
        return -1;
    index_hint(p, d, h, &n);
    host_hints(p, doc, meta, h, &n);
    if (breadcrumb_hints(p, d, h, &n) < 0)
        return -1;
    if (site_name_hint(p, tb_meta_get(meta, TB_META_TITLE), "meta.title", h, &n) < 0)
        return -1;
    return n;
}

/* The category of an agency name, with the fallbacks of a name the
 * patterns miss: a township named without 人民政府 (背荫河镇), a region
 * named alone (上海市: its government's report), X服务局 as X局. */
static const nb_category *
category_of(const tb_place *p, const char *name, const nb_region *r)
{
    const nb_category *cat = nb_category_match(p->cats, name, strlen(name));
    size_t n = strlen(name);
    char buf[300];

    if (strcmp(cat->id, "other"))
        return cat;
    if (n >= 6 && (!strcmp(name + n - 3, "镇") || !strcmp(name + n - 3, "乡") ||
                   !strcmp(name + n - 6, "苏木")))
        return nb_category_match(p->cats, "乡人民政府", strlen("乡人民政府"));
    if (r->status == NB_REGION_RESOLVED) {
        const nb_division *d = nb_gazetteer_get(p->g, r->div);
        size_t dl = d ? strlen(d->name) : 0;
        if (d && d->level < NB_LV_TOWNSHIP && n >= dl && !strcmp(name + n - dl, d->name))
            return nb_category_match(p->cats, "人民政府", strlen("人民政府"));
    }
    const char *sv = strstr(name, "服务局");
    if (sv && !strcmp(sv, "服务局") && n < sizeof buf) {
        memcpy(buf, name, (size_t)(sv - name));
        strcpy(buf + (sv - name), "局");
        const nb_category *c2 = nb_category_match(p->cats, buf, strlen(buf));
        if (strcmp(c2->id, "other"))
            return c2;
    }
    return cat;
}

int
tb_place_identify(const tb_place *p, const tb_doc *d, const char *doc, const tb_meta *meta,
                  const tb_identity *id, nb_buf *region, nb_buf *category)
{
    const nb_category *cat = NULL;
    nb_region_hint hints[MAX_HINTS];
    const char *evidence = NULL;
    nb_region r;
    int level;

    region->n = category->n = 0;
    memset(&r, 0, sizeof r);
    r.div = -1;
    for (int i = 0; i < p->nov && r.div < 0; i++) {
        if ((doc && !strcmp(p->ov[i].key, doc)) || !strcmp(p->ov[i].key, id->agency)) {
            r.status = NB_REGION_RESOLVED;
            r.div = p->ov[i].div;
            r.level = nb_gazetteer_get(p->g, r.div)->level;
            r.by = "user";
        }
    }
    if (r.div < 0 && id->agency[0]) {
        nb_region_ctx ctx = {doc, d->body.p, d->body.n, hints, 0};
        ctx.nhints = page_hints(p, d, doc, meta, hints);
        if (ctx.nhints < 0)
            return -1;
        if (nb_region_resolve(p->g, p->cats, id->agency, strlen(id->agency), &ctx, &r) < 0)
            return -1;
        /* a name in Traditional characters (山東省): its Simplified form, only
         * when the name as printed is no place (於潜镇 is a place, 于潜 is not) */
        if (r.status == NB_REGION_UNRESOLVED && strcmp(id->simple, id->agency) &&
            nb_region_resolve(p->g, p->cats, id->simple, strlen(id->simple), &ctx, &r) < 0)
            return -1;
    }
    if (id->agency[0]) {
        cat = category_of(p, id->agency, &r);
        if (!strcmp(cat->id, "other") && strcmp(id->simple, id->agency))
            cat = category_of(p, id->simple, &r);
    }
    if (r.by && !strcmp(r.by, "user"))
        evidence = "user";
    else if (r.evidence)
        evidence = r.evidence;
    else if (r.status != NB_REGION_UNRESOLVED)
        evidence = id->evidence; /* the name placed it: where the name came from */
    level = r.level;
    /* a 街道办事处 or 乡镇 is a township even when its code is unknown */
    if (cat && r.status != NB_REGION_UNRESOLVED &&
        (!strcmp(cat->id, "subdistrict") || !strcmp(cat->id, "township_gov")))
        level = NB_LV_TOWNSHIP;
    return region_json(p, &r, level, evidence, region) | category_json(cat, category);
}
