/*
 * region_context.c - Step B of region resolution (region.c): when the name
 * leaves two candidates or more, the page's own hints, the archive path,
 * the provinces the body names, then phone area codes, the address line,
 * a labelled postcode and mentions of each candidate's city and province
 * weigh them; and a name with no place (教育局) is placed by the page's
 * hints or the county its body names most.
 */
#include "region_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "text.h"

static const struct {
    char pre[3];
    char prov[3][3];
} postcodes[] = {
    {"10", {"11"}}, {"30", {"12"}},       {"05", {"13"}},       {"06", {"13"}},
    {"07", {"13"}}, {"03", {"14"}},       {"04", {"14"}},       {"01", {"15"}},
    {"02", {"15"}}, {"11", {"21"}},       {"12", {"21"}},       {"13", {"22", "15"}},
    {"15", {"23"}}, {"16", {"23", "15"}}, {"20", {"31"}},       {"21", {"32"}},
    {"22", {"32"}}, {"31", {"33"}},       {"32", {"33"}},       {"23", {"34"}},
    {"24", {"34"}}, {"35", {"35"}},       {"36", {"35"}},       {"33", {"36"}},
    {"34", {"36"}}, {"25", {"37"}},       {"26", {"37"}},       {"27", {"37"}},
    {"45", {"41"}}, {"46", {"41"}},       {"47", {"41"}},       {"43", {"42"}},
    {"44", {"42"}}, {"41", {"43"}},       {"42", {"43"}},       {"51", {"44"}},
    {"52", {"44"}}, {"53", {"45"}},       {"54", {"45"}},       {"57", {"46"}},
    {"40", {"50"}}, {"61", {"51"}},       {"62", {"51"}},       {"63", {"51"}},
    {"64", {"51"}}, {"55", {"52"}},       {"56", {"52"}},       {"65", {"53"}},
    {"66", {"53"}}, {"67", {"53"}},       {"85", {"54"}},       {"86", {"54"}},
    {"71", {"61"}}, {"72", {"61"}},       {"73", {"62", "15"}}, {"74", {"62"}},
    {"81", {"63"}}, {"75", {"64", "15"}}, {"83", {"65"}},       {"84", {"65"}},
};

#define MAX_EVID 16

typedef struct context {
    int phone[MAX_EVID], nphone; /* divisions served by the area codes found */
    char post[MAX_EVID][3];      /* provinces (2 digits) of labelled postcodes */
    int npost;
    int addr[MAX_EVID], naddr; /* unique chain parses of address lines */
    int path[MAX_EVID], npath; /* unique chain parses of path parts */
} context;

/*
 * The first occurrence of needle[0..m) in hay[0..n), or NULL, as
 * tb_memmem, but memchr jumps between the occurrences of needle[k], not
 * of its last byte: for the fixed labels below a byte that is rarer in
 * Chinese text (址 ends in 80, every 35 bytes of the bench's reports; its
 * 9D comes every 154).  0 <= k < m.
 */
static const char *
find_by(const char *hay, size_t n, const char *needle, size_t m, size_t k)
{
    const char *p, *end = hay + n;

    if (m > n)
        return NULL;
    for (p = hay + k; p < end - (m - 1 - k) &&
                      (p = memchr(p, needle[k], (size_t)(end - (m - 1 - k) - p))) != NULL;
         p++)
        if (!memcmp(p - k, needle, m))
            return p - k;
    return NULL;
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int
related(const nb_gazetteer *g, int a, int b)
{
    return nb_gazetteer_is_ancestor(g, a, b) || nb_gazetteer_is_ancestor(g, b, a);
}

/* Resolve a snippet of text to one division (unique parse), or -1. */
static int
snippet_div(const nb_gazetteer *g, const char *s, size_t n, nb_buf *tmp, parse *p)
{
    if (nb_name_normalize(s, n, 1, tmp) < 0)
        return -1;
    rg_chain_parse(p, g, NULL, tmp->p, tmp->n);
    return p->ncand == 1 ? p->cand[0] : -1;
}

static void
add_unique(int *arr, int *n, int v)
{
    for (int i = 0; i < *n; i++)
        if (arr[i] == v)
            return;
    if (*n < MAX_EVID)
        arr[(*n)++] = v;
}

static void
scan_phones(const nb_gazetteer *g, const char *t, size_t n, context *c)
{
    static const char *const seps[] = {"-", "—", "–", "－", ")", "）", NULL};
    for (size_t i = 0; i + 3 < n; i++) {
        size_t k, dl;
        char code[6];
        int nd = 0;
        const char *z = memchr(t + i, '0', n - 3 - i); /* the next '0' a code may begin with */
        if (!z)
            break;
        i = k = (size_t)(z - t);
        if (i > 0 && is_digit((unsigned char)t[i - 1]))
            continue;
        while (k < n && is_digit((unsigned char)t[k]) && nd < 6)
            k++, nd++;
        if (nd < 3 || nd > 4)
            continue;
        memcpy(code, t + i, (size_t)nd);
        code[nd] = '\0';
        while (k < n && t[k] == ' ')
            k++;
        size_t sl = 0;
        for (int s = 0; seps[s]; s++) {
            size_t l = strlen(seps[s]);
            if (k + l <= n && !memcmp(t + k, seps[s], l)) {
                sl = l;
                break;
            }
        }
        if (!sl)
            continue;
        k += sl;
        while (k < n && t[k] == ' ')
            k++;
        for (dl = 0; k + dl < n && is_digit((unsigned char)t[k + dl]); dl++)
            ;
        if (dl < 7 || dl > 8)
            continue;
        int na;
        const int *divs = nb_gazetteer_areacode(g, code, &na);
        for (int a = 0; a < na; a++)
            add_unique(c->phone, &c->nphone, divs[a]);
        i = k + dl - 1;
    }
}

static void
scan_postcodes(const char *t, size_t n, context *c)
{
    /* each by its rarest byte: 码's A0 (every 242 bytes), 邮's 82 (every 143) */
    static const struct {
        const char *s;
        size_t k;
    } labels[] = {{"邮政编码", 10}, {"邮编", 1}, {NULL, 0}};
    for (int l = 0; labels[l].s; l++) {
        size_t ll = strlen(labels[l].s);
        for (const char *q = t; (q = find_by(q, n - (size_t)(q - t), labels[l].s, ll, labels[l].k));
             q += ll) {
            const char *e = t + n, *d = q + ll;
            while (d < e && (*d == ' ' || *d == ':'))
                d++;
            if (e - d >= 3 && !memcmp(d, "：", 3))
                d += 3;
            while (d < e && *d == ' ')
                d++;
            int nd = 0;
            while (d + nd < e && is_digit((unsigned char)d[nd]))
                nd++;
            if (nd != 6)
                continue;
            for (size_t k = 0; k < sizeof postcodes / sizeof postcodes[0]; k++) {
                if (memcmp(postcodes[k].pre, d, 2))
                    continue;
                for (int j = 0; j < 3 && postcodes[k].prov[j][0] && c->npost < MAX_EVID; j++)
                    memcpy(c->post[c->npost++], postcodes[k].prov[j], 3);
            }
        }
    }
}

static void
scan_addresses(const nb_gazetteer *g, const char *t, size_t n, context *c, nb_buf *tmp, parse *p)
{
    static const char *const ends[] = {"，", ",", "；", ";", ")", "）", "。", "\n", NULL};
    const char *lab = "地址";
    for (const char *q = t; (q = find_by(q, n - (size_t)(q - t), lab, 6, 4)); q += 6) {
        const char *d = q + 6, *e = t + n, *stop_at;
        while (d < e && (*d == ' ' || *d == ':'))
            d++;
        if (e - d >= 3 && !memcmp(d, "：", 3))
            d += 3;
        stop_at = d + 180 < e ? d + 180 : e;
        for (int k = 0; ends[k]; k++) {
            const char *x = tb_memmem(d, (size_t)(stop_at - d), ends[k], strlen(ends[k]));
            if (x)
                stop_at = x;
        }
        int v = snippet_div(g, d, (size_t)(stop_at - d), tmp, p);
        if (v >= 0)
            add_unique(c->addr, &c->naddr, v);
    }
}

static void
scan_path(const nb_gazetteer *g, const char *doc, context *c, nb_buf *tmp, parse *p)
{
    const char *s = doc;
    while (*s) {
        size_t l = strcspn(s, "/\\!_-. ");
        if (l >= 6) {
            int v = snippet_div(g, s, l, tmp, p);
            if (v >= 0)
                add_unique(c->path, &c->npath, v);
        }
        s += l;
        if (*s)
            s++;
    }
}

static int
count_mentions(const char *t, size_t n, const char *w, int cap)
{
    size_t wl = strlen(w);
    int k = 0;
    for (const char *q = t; k < cap && (q = tb_memmem(q, n - (size_t)(q - t), w, wl)); q += wl)
        k++;
    return k;
}

static double
score(const nb_gazetteer *g, int cand, const context *c, const char *t, size_t n)
{
    const nb_division *d = nb_gazetteer_get(g, cand);
    double s = 0;
    int city = nb_gazetteer_at_level(g, cand, NB_LV_CITY);

    for (int i = 0; i < c->nphone; i++) {
        if (related(g, c->phone[i], cand)) {
            s += 3;
            break;
        }
    }
    for (int i = 0; i < c->npost; i++) {
        if (!memcmp(c->post[i], d->code, 2)) {
            s += 1;
            break;
        }
    }
    for (int i = 0; i < c->naddr; i++) {
        int ac = nb_gazetteer_at_level(g, c->addr[i], NB_LV_CITY);
        if (related(g, c->addr[i], cand)) {
            s += 3;
            break;
        }
        if (city >= 0 && ac == city) {
            s += 1;
            break;
        }
    }
    if (t && n) {
        /* "ancestor+candidate" in the text is the candidate's name with the
         * ancestor's just before it: the candidate's places (every one,
         * overlapping too) are found once, not the pair once per ancestor */
        enum { MAX_OCC = 32 };
        const char *occ[MAX_OCC];
        size_t dl = strlen(d->name);
        int nocc = 0, many = dl == 0;
        for (const char *q = t;
             d->parent >= 0 && !many && (q = tb_memmem(q, n - (size_t)(q - t), d->name, dl)); q++) {
            if (nocc == MAX_OCC)
                many = 1; /* read the text once per pair, as before */
            else
                occ[nocc++] = q;
        }
        int chain = 0;
        for (int a = d->parent; a >= 0 && !chain; a = nb_gazetteer_get(g, a)->parent) {
            const nb_division *ad = nb_gazetteer_get(g, a);
            size_t al = strlen(ad->name);
            char w[512];
            if (al + dl >= sizeof w) {
                /* too long to be looked for */
            } else if (many) {
                int wl = snprintf(w, sizeof w, "%s%s", ad->name, d->name);
                chain = wl > 0 && count_mentions(t, n, w, 1);
            } else {
                for (int k = 0; k < nocc && !chain; k++)
                    chain = (size_t)(occ[k] - t) >= al && !memcmp(occ[k] - al, ad->name, al);
            }
            if (ad->level == NB_LV_CITY)
                s += count_mentions(t, n, ad->name, 5);
            else if (ad->level == NB_LV_PROVINCE && strlen(ad->name) >= 9)
                s += 0.5 * count_mentions(t, n, ad->name, 5);
        }
        if (chain)
            s += 3;
    }
    return s;
}

/* The level a name-less agency names by its first character (县民政局 is
 * a county's), NB_LV_NONE for none; *skip is that character's length.
 * 市 may be a county-level city: the caller allows both. */
static int
prefix_level(const char *s, size_t n, size_t *skip)
{
    static const struct {
        const char *c;
        int level;
    } pre[] = {{"省", NB_LV_PROVINCE}, {"市", NB_LV_CITY},   {"州", NB_LV_CITY},
               {"盟", NB_LV_CITY},     {"县", NB_LV_COUNTY}, {"区", NB_LV_COUNTY},
               {"旗", NB_LV_COUNTY}};
    *skip = 0;
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++)
        if (n > 3 && !memcmp(s, pre[k].c, 3)) {
            *skip = 3;
            return pre[k].level;
        }
    return NB_LV_NONE;
}

/* 1 when a division of level lv may be the place of a name-less agency
 * that names level want. */
static int
level_fits(int want, int lv)
{
    if (want == NB_LV_NONE)
        return lv != NB_LV_TOWNSHIP;
    if (want == NB_LV_CITY)
        return lv == NB_LV_CITY || lv == NB_LV_COUNTY;
    return lv == want;
}

/* The index of the first largest of v[0..n), n > 0, and in *second the
 * largest of the others (0 when none): a winner and its lead. */
static int
best_of(const double *v, int n, double *second)
{
    int best = 0;

    *second = 0;
    for (int i = 1; i < n; i++) {
        if (v[i] > v[best]) {
            *second = v[best];
            best = i;
        } else if (v[i] > *second) {
            *second = v[i];
        }
    }
    return best;
}

/*
 * The county-level division a body names most by full name ("湟源县"),
 * at the level want: at least twice, and twice as often as any other;
 * -1 when none stands out.  Only the first bytes of the body are read.
 */
static int
body_place(const nb_gazetteer *g, const char *t, size_t n, int want)
{
    enum { SCAN = 12000, TOP = 32 };
    int div[TOP], nd = 0, best;
    double cnt[TOP], second;
    size_t lim = n < SCAN ? n : SCAN, maxk = nb_gazetteer_max_key(g);

    for (size_t i = 0; i < lim; i++) {
        size_t room = maxk, j = 1;
        if (((unsigned char)t[i] & 0xC0) == 0x80)
            continue;
        /* the keys tried (6 bytes and more) all begin with t[i..i+j) when
         * the third character starts within 6 bytes (or the text ends at
         * 6): no key longer than the longest that begins so */
        for (int starts = 0; j <= 6 && i + j < lim; j++)
            if (((unsigned char)t[i + j] & 0xC0) != 0x80 && ++starts == 2)
                break;
        if (j <= 6 && i + j <= lim)
            room = nb_gazetteer_prefix_max(g, t + i, j);
        for (size_t len = 6; len <= 24 && len <= room && i + len <= lim; len += 3) {
            nb_gz_hit h[2];
            const nb_division *d;
            int nh = nb_gazetteer_lookup(g, t + i, len, h, 2), k;
            if (nh != 1 || h[0].form != NB_FORM_FULL)
                continue;
            d = nb_gazetteer_get(g, h[0].div);
            if (!level_fits(want, d->level))
                continue;
            for (k = 0; k < nd && div[k] != h[0].div; k++)
                ;
            if (k == nd) {
                if (nd == TOP)
                    continue;
                div[nd] = h[0].div;
                cnt[nd++] = 0;
            }
            cnt[k]++;
        }
    }
    if (nd == 0)
        return -1;
    best = best_of(cnt, nd, &second);
    return cnt[best] >= 2 && cnt[best] >= 2 * second ? div[best] : -1;
}

/* A name with no place (县人民政府办公室, 教育局): the page's own hints
 * place it, else a county-level body that names one place most. */
void
rg_descend(const nb_gazetteer *g, const nb_categories *cats, const char *s, size_t n,
           const nb_region_ctx *ctx, nb_region *out)
{
    size_t skip;
    int want = prefix_level(s, n, &skip);

    if (!cats || !nb_category_is_pattern(cats, s + skip, n - skip))
        return;
    for (int i = 0; ctx && i < ctx->nhints; i++) {
        const nb_division *d = nb_gazetteer_get(g, ctx->hints[i].div);
        /* a site's code names its owner; a host's letters only narrow */
        if (ctx->hints[i].set || !strcmp(ctx->hints[i].by, "host"))
            continue;
        if (d && level_fits(want, d->level)) {
            out->status = NB_REGION_RESOLVED;
            out->div = ctx->hints[i].div;
            out->level = d->level;
            out->by = "context";
            out->evidence = ctx->hints[i].by;
            return;
        }
    }
    if (want == NB_LV_COUNTY && ctx && ctx->text) {
        int v = body_place(g, ctx->text, ctx->n, want);
        if (v >= 0) {
            out->status = NB_REGION_RESOLVED;
            out->div = v;
            out->level = nb_gazetteer_get(g, v)->level;
            out->by = "context";
            out->evidence = "context:body";
        }
    }
}

/* Keep the candidates a hint names (the hint is the candidate, or its
 * ancestor or descendant), hint by hint, strongest first; a hint that
 * keeps none is another's evidence and is passed over.  Returns the
 * hint of the last narrowing, or NULL. */
static const char *
filter_hints(const nb_gazetteer *g, const nb_region_ctx *ctx, int *cand, int *ncand)
{
    const char *by = NULL;

    if (!ctx)
        return NULL;
    for (int h = 0, e; h < ctx->nhints && (*ncand) > 1; h = e) {
        int keep[NB_REGION_MAX_CAND], nk = 0;
        /* one piece of evidence: hints h..e-1 of one set */
        e = h + 1;
        while (e < ctx->nhints && ctx->hints[h].set && ctx->hints[e].set == ctx->hints[h].set)
            e++;
        for (int i = 0; i < *ncand; i++) {
            int ok = 0;
            for (int k = h; k < e && !ok; k++)
                ok = related(g, ctx->hints[k].div, cand[i]);
            if (ok)
                keep[nk++] = cand[i];
        }
        if (nk > 0 && nk < *ncand) {
            memcpy(cand, keep, (size_t)nk * sizeof *keep);
            *ncand = nk;
            by = ctx->hints[h].by;
        }
    }
    return by;
}

/* Keep the candidates whose province the body names, when it names the
 * province of some candidates and of no other ("江西省…" for 西湖区: 南昌,
 * not 杭州).  Returns 1 when it narrowed. */
static int
filter_provinces(const nb_gazetteer *g, const char *t, size_t n, int *cand, int *ncand)
{
    int keep[NB_REGION_MAX_CAND], nk = 0;

    if (!t)
        return 0;
    for (int i = 0; i < *ncand; i++) {
        int pv = nb_gazetteer_at_level(g, cand[i], NB_LV_PROVINCE);
        const nb_division *d = nb_gazetteer_get(g, pv);
        if (d && strlen(d->name) >= 9 && count_mentions(t, n < 20000 ? n : 20000, d->name, 1))
            keep[nk++] = cand[i];
    }
    if (nk == 0 || nk == *ncand)
        return 0;
    memcpy(cand, keep, (size_t)nk * sizeof *keep);
    *ncand = nk;
    return 1;
}

static void
resolved(nb_region *out, int div)
{
    out->status = NB_REGION_RESOLVED;
    out->div = div;
    out->by = "context";
}

/* The candidates cand[0..ncand) related to every division the archive path
 * names, into keep; all of them when the path names none or keeps none.
 * Returns how many. */
static int
by_path(const nb_gazetteer *g, const context *c, const int *cand, int ncand, int *keep)
{
    int nkeep = 0;

    for (int i = 0; i < ncand; i++) {
        int ok = c->npath > 0;
        for (int k = 0; k < c->npath && ok; k++)
            ok = related(g, c->path[k], cand[i]);
        if (ok)
            keep[nkeep++] = cand[i];
    }
    if (nkeep > 0)
        return nkeep;
    memcpy(keep, cand, (size_t)ncand * sizeof *keep);
    return ncand;
}

/* Score keep[0..nkeep), nkeep > 1: the best wins with at least 3 and a
 * lead of 2, else the name is ambiguous at the candidates' lowest common
 * ancestor. */
static void
weigh(const nb_gazetteer *g, const context *c, const nb_region_ctx *ctx, const int *keep, int nkeep,
      nb_region *out)
{
    double sc[NB_REGION_MAX_CAND], second = 0;
    int best = -1;

    for (int i = 0; i < nkeep; i++)
        sc[i] = score(g, keep[i], c, ctx ? ctx->text : NULL, ctx ? ctx->n : 0);
    best = best_of(sc, nkeep, &second);
    if (sc[best] >= 3 && sc[best] - second >= 2) {
        resolved(out, keep[best]);
        out->evidence = "context";
        return;
    }
    out->status = NB_REGION_AMBIGUOUS;
    out->div = nb_gazetteer_lca(g, keep, nkeep);
    out->ncand = nkeep;
    memcpy(out->cand, keep, (size_t)nkeep * sizeof *keep);
}

int
rg_by_context(const nb_gazetteer *g, const nb_region_ctx *ctx, parse *p, nb_region *out)
{
    nb_buf tmp = {0};
    parse *q;
    context c;
    int keep[NB_REGION_MAX_CAND], nkeep;

    /* the page's own hints, then the archive path, then the provinces the
     * body names filter, each when some candidate survives it; the path
     * and the body are read only when the hints leave several */
    out->evidence = filter_hints(g, ctx, p->cand, &p->ncand);
    if (p->ncand == 1) {
        resolved(out, p->cand[0]);
        return 0;
    }
    if (!(q = malloc(sizeof *q)))
        return -1;
    memset(&c, 0, sizeof c);
    if (ctx && ctx->doc)
        scan_path(g, ctx->doc, &c, &tmp, q);
    if (ctx && ctx->text) {
        scan_phones(g, ctx->text, ctx->n, &c);
        scan_postcodes(ctx->text, ctx->n, &c);
        scan_addresses(g, ctx->text, ctx->n, &c, &tmp, q);
    }
    free(q);
    nb_buf_fini(&tmp);
    nkeep = by_path(g, &c, p->cand, p->ncand, keep);
    if (nkeep < p->ncand)
        out->evidence = "path";
    if (nkeep > 1 && ctx && filter_provinces(g, ctx->text, ctx->n, keep, &nkeep))
        out->evidence = "context:body";
    if (nkeep == 1)
        resolved(out, keep[0]);
    else
        weigh(g, &c, ctx, keep, nkeep, out);
    return 0;
}
