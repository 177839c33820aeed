/*
 * gazetteer.c - load the division table with zlib and index every full
 * name, short form and alias in one open-addressing hash table.
 *
 * Short forms follow the gazetteer reference (2.4): a province without
 * 省/市/自治区 (and the people named before 自治区: 广西壮族自治区 →
 * 广西), a 自治州 as "stem州" and the bare stem, a city without
 * 市/地区/盟, a 自治县/自治旗 as "stem县/旗" and the bare stem, a county
 * without 区/县/市/旗, a township without 街道/镇/乡/苏木.  A short form
 * has at least two characters; the resolver ranks it below a full name.
 */
#include "gazetteer.h"
#include "gazetteer_int.h"
#include "hash.h"
#include "uchar.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int
ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && !memcmp(s + n - m, suf, m);
}

int
gz_grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return 0;
    int nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, (size_t)nc * size);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

int
gz_rehash(nb_gazetteer *g, size_t nslot)
{
    int *s = malloc(nslot * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < nslot; i++)
        s[i] = -1;
    for (int i = 0; i < g->nk; i++) {
        size_t h = tb_hash(g->keys.p + g->k[i].off, g->k[i].len) & (nslot - 1);
        while (s[h] >= 0)
            h = (h + 1) & (nslot - 1);
        s[h] = i;
    }
    free(g->slot);
    g->slot = s;
    g->nslot = nslot;
    return 0;
}

static int
find_key(const nb_gazetteer *g, const char *s, size_t n)
{
    if (!g->nslot)
        return -1;
    size_t h = tb_hash(s, n) & (g->nslot - 1);
    for (; g->slot[h] >= 0; h = (h + 1) & (g->nslot - 1)) {
        const gz_key *k = &g->k[g->slot[h]];
        if (k->len == n && !memcmp(g->keys.p + k->off, s, n))
            return g->slot[h];
    }
    return -1;
}

/* The slot of g->first2 for a key's first two characters s[0..n). */
static size_t
first2_slot(const char *s, size_t n)
{
    uint32_t h = (uint32_t)n * 0x9E3779B9u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return (h ^ h >> 16) & (GZ_FIRST2 - 1);
}

/* Whether s[0..n) has two characters or more (nb_utf8_chars(s, n) >= 2),
 * looking no further than the second. */
static int
two_chars(const char *s, size_t n)
{
    int starts = 0;

    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++starts == 2)
            return 1;
    return 0;
}

/* Index s[0..n) → div.  Keys of fewer than two characters are skipped. */
int
gz_add_key(nb_gazetteer *g, const char *s, size_t n, int div, int form)
{
    int ki;

    if (n == 0 || n > 255 || !two_chars(s, n))
        return 0;
    ki = find_key(g, s, n);
    if (ki < 0) {
        if ((size_t)(g->nk + 1) * 2 > g->nslot &&
            gz_rehash(g, g->nslot ? g->nslot * 2 : 1u << 16) < 0)
            return -1;
        if (gz_grow((void **)&g->k, &g->kcap, g->nk + 1, sizeof *g->k) < 0)
            return -1;
        ki = g->nk++;
        g->k[ki].off = g->keys.n;
        g->k[ki].len = (unsigned)n;
        g->k[ki].first = -1;
        if (nb_buf_add(&g->keys, s, n) < 0)
            return -1;
        size_t h = tb_hash(s, n) & (g->nslot - 1);
        while (g->slot[h] >= 0)
            h = (h + 1) & (g->nslot - 1);
        g->slot[h] = ki;
        if (n > g->max_key)
            g->max_key = n;
        if (g->first2) {
            /* its first two characters: up to its third byte that starts one */
            size_t f = 1;
            for (int starts = 0; f < n; f++)
                if (((unsigned char)s[f] & 0xC0) != 0x80 && ++starts == 2)
                    break;
            unsigned char *e = &g->first2[first2_slot(s, f)];
            if (n > *e)
                *e = (unsigned char)n; /* n <= 255 */
        }
    }
    /* A division adds its own keys one after the other, so only aliases
     * (loaded last) can repeat an entry further down the chain. */
    for (int e = g->k[ki].first; e >= 0; e = form == NB_FORM_ALIAS ? g->e[e].next : -1) {
        if (g->e[e].div == div) {
            if (form < g->e[e].form)
                g->e[e].form = form; /* a full name beats a short form */
            return 0;
        }
    }
    if (gz_grow((void **)&g->e, &g->ecap, g->ne + 1, sizeof *g->e) < 0)
        return -1;
    g->e[g->ne].div = div;
    g->e[g->ne].form = form;
    g->e[g->ne].next = g->k[ki].first;
    g->k[ki].first = g->ne++;
    return 0;
}

/* The peoples named in autonomous units, longest first where one is a
 * prefix of another.  Single-character names are stripped only with 族. */
static const char *const peoples[] = {
    "维吾尔", "哈萨克", "柯尔克孜", "乌孜别克", "塔吉克", "塔塔尔", "俄罗斯", "鄂温克",
    "鄂伦春", "达斡尔", "蒙古",     "土家",     "哈尼",   "布依",   "朝鲜",   "傈僳",
    "拉祜",   "纳西",   "景颇",     "仫佬",     "布朗",   "撒拉",   "毛南",   "仡佬",
    "锡伯",   "阿昌",   "普米",     "德昂",     "保安",   "裕固",   "独龙",   "赫哲",
    "门巴",   "珞巴",   "基诺",     "东乡",     "高山",   "回",     "藏",     "苗",
    "彝",     "壮",     "侗",       "瑶",       "白",     "傣",     "黎",     "佤",
    "畲",     "水",     "土",       "羌",       "怒",     "京",     "满",     NULL};

/* Length of stem s[0..n) without the trailing peoples ("恩施土家族苗族" →
 * "恩施"); the whole stem when nothing would be left. */
static size_t
strip_peoples(const char *s, size_t n)
{
    size_t m = n;
    for (int again = 1; again;) {
        again = 0;
        if (ends_with(s, m, "各族"))
            m -= strlen("各族"), again = 1;
        for (int i = 0; peoples[i] && !again; i++) {
            size_t pl = strlen(peoples[i]);
            int single = nb_utf8_chars(peoples[i], pl) == 1;
            if (m >= pl + 3 && !memcmp(s + m - 3, "族", 3) &&
                !memcmp(s + m - 3 - pl, peoples[i], pl))
                m -= pl + 3, again = 1;
            else if (!single && ends_with(s, m, peoples[i]))
                m -= pl, again = 1;
        }
    }
    return nb_utf8_chars(s, m) >= 2 ? m : n;
}

/* Name s[0..n) without its parenthesised remarks and with 街道办事处 as
 * 街道, into out (room for n bytes); returns the length. */
static size_t
clean_name(const char *s, size_t n, char *out)
{
    static const char *const open[] = {"（", "("}, *const close[] = {"）", ")"};
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        int skipped = 0;
        for (int k = 0; k < 2 && !skipped; k++) {
            size_t ol = strlen(open[k]);
            const char *e;
            if (i + ol <= n && !memcmp(s + i, open[k], ol) &&
                (e = memmem(s + i + ol, n - i - ol, close[k], strlen(close[k]))) != NULL) {
                i = (size_t)(e - s) + strlen(close[k]);
                skipped = 1;
            }
        }
        if (!skipped && n - i >= strlen("街道办事处") &&
            !memcmp(s + i, "街道办事处", strlen("街道办事处"))) {
            memcpy(out + o, "街道", strlen("街道"));
            o += strlen("街道");
            i += strlen("街道办事处");
        } else if (!skipped) {
            out[o++] = s[i++];
        }
    }
    return o;
}

int
gz_add_short_forms(nb_gazetteer *g, int i)
{
    static const char *const prov[] = {"特别行政区", "自治区", "省", "市", NULL};
    static const char *const city[] = {"地区", "市", "盟", NULL};
    static const char *const county[] = {"林区", "特区", "区", "县", "市", "旗", NULL};
    static const char *const town[] = {"街道", "苏木", "镇", "乡", NULL};
    const nb_division *d = &g->div[i];
    const char *s = d->name;
    size_t n = strlen(s);
    const char *const *sufs = NULL;
    char buf[256], clean[256];

    if (d->stat)
        return 0; /* 经济技术开发区 etc.: no meaningful short form */
    /* names as agencies write them, and as nb_name_normalize reads them:
     * "（工业园区）城南街道" → 城南街道, "保康街道办事处" → 保康街道 (only
     * names with a parenthesis or 街道办事处 change) */
    if (n < sizeof clean &&
        (memchr(s, '(', n) || memchr(s, 0xEF, n) || /* （ is EF BC 88 */
         (n >= strlen("街道办事处") && memmem(s, n, "街道办事处", strlen("街道办事处"))))) {
        size_t m = clean_name(s, n, clean);
        if (m != n && nb_utf8_chars(clean, m) >= 2) {
            if (gz_add_key(g, clean, m, i, NB_FORM_FULL) < 0)
                return -1;
            s = clean;
            n = m;
        }
    }
    if (d->level == NB_LV_CITY && ends_with(s, n, "自治州")) {
        size_t m = strip_peoples(s, n - strlen("自治州"));
        if (m + 3 < sizeof buf) {
            memcpy(buf, s, m);
            memcpy(buf + m, "州", 3);
            if (gz_add_key(g, buf, m + 3, i, NB_FORM_SHORT) < 0)
                return -1;
        }
        return gz_add_key(g, s, m, i, NB_FORM_SHORT);
    }
    if (d->level == NB_LV_COUNTY && (ends_with(s, n, "自治县") || ends_with(s, n, "自治旗"))) {
        size_t m = strip_peoples(s, n - strlen("自治县"));
        if (m + 3 < sizeof buf) {
            memcpy(buf, s, m);
            memcpy(buf + m, s + n - 3, 3); /* 县 or 旗 */
            if (gz_add_key(g, buf, m + 3, i, NB_FORM_SHORT) < 0)
                return -1;
        }
        return gz_add_key(g, s, m, i, NB_FORM_SHORT);
    }
    switch (d->level) {
    case NB_LV_PROVINCE: sufs = prov; break;
    case NB_LV_CITY: sufs = city; break;
    case NB_LV_COUNTY: sufs = county; break;
    default: sufs = town; break;
    }
    for (int k = 0; sufs[k]; k++) {
        if (ends_with(s, n, sufs[k])) {
            size_t m = n - strlen(sufs[k]);
            if (d->level == NB_LV_PROVINCE && !strcmp(sufs[k], "自治区"))
                m = strip_peoples(s, m);
            return gz_add_key(g, s, m, i, NB_FORM_SHORT);
        }
    }
    return 0;
}

int
nb_gazetteer_find(const nb_gazetteer *g, const char *code)
{
    int lo = 0, hi = g->ndiv - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(g->div[mid].code, code);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int
nb_gazetteer_count(const nb_gazetteer *g)
{
    return g->ndiv;
}

const nb_division *
nb_gazetteer_get(const nb_gazetteer *g, int i)
{
    return i >= 0 && i < g->ndiv ? &g->div[i] : NULL;
}

int
nb_gazetteer_lookup(const nb_gazetteer *g, const char *s, size_t n, nb_gz_hit *hits, int cap)
{
    int ki = find_key(g, s, n), count = 0;
    if (ki < 0)
        return 0;
    for (int e = g->k[ki].first; e >= 0; e = g->e[e].next) {
        if (count < cap) {
            hits[count].div = g->e[e].div;
            hits[count].form = g->e[e].form;
        }
        count++;
    }
    return count;
}

size_t
nb_gazetteer_max_key(const nb_gazetteer *g)
{
    return g->max_key;
}

size_t
nb_gazetteer_prefix_max(const nb_gazetteer *g, const char *s, size_t n)
{
    return g->first2 ? g->first2[first2_slot(s, n)] : g->max_key;
}

int
nb_gazetteer_is_ancestor(const nb_gazetteer *g, int a, int b)
{
    if (a < 0)
        return 0;
    for (; b >= 0; b = g->div[b].parent)
        if (b == a)
            return 1;
    return 0;
}

int
nb_gazetteer_at_level(const nb_gazetteer *g, int i, int level)
{
    for (; i >= 0; i = g->div[i].parent)
        if (g->div[i].level == level)
            return i;
    return -1;
}

int
nb_gazetteer_lca(const nb_gazetteer *g, const int *idx, int n)
{
    int a;
    if (n <= 0)
        return -1;
    for (a = idx[0]; a >= 0; a = g->div[a].parent) {
        int all = 1;
        for (int k = 1; k < n && all; k++)
            all = nb_gazetteer_is_ancestor(g, a, idx[k]);
        if (all)
            return a;
    }
    return -1;
}

const int *
nb_gazetteer_areacode(const nb_gazetteer *g, const char *code, int *n)
{
    for (int i = 0; i < g->nac; i++) {
        if (!strcmp(g->ac[i].code, code)) {
            *n = g->ac[i].n;
            return g->acdiv + g->ac[i].off;
        }
    }
    *n = 0;
    return NULL;
}

/* Replace every occurrence of from by to (to no longer than from) in b. */
static void
replace_all(nb_buf *b, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), o = 0;
    for (size_t i = 0; i < b->n;) {
        if (i + fl <= b->n && !memcmp(b->p + i, from, fl)) {
            memmove(b->p + o, to, tl);
            o += tl;
            i += fl;
        } else {
            b->p[o++] = b->p[i++];
        }
    }
    b->n = o;
}

/* 1 when every character of s[0..n) is ASCII or a CJK unified ideograph
 * (U+4E00..U+9FFF, E4 B8 80..E9 BF BF): none of them decomposes under
 * NFKC or composes with another, so NFKC leaves s as it is.  Most names
 * are so, and utf8proc_map was most of the cost of normalising them. */
static int
nfkc_stable(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i], c1, c2;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c < 0xE4 || c > 0xE9 || n - i < 3)
            return 0;
        c1 = (unsigned char)s[i + 1];
        c2 = (unsigned char)s[i + 2];
        if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || (c == 0xE4 && c1 < 0xB8))
            return 0;
        i += 3;
    }
    return 1;
}

int
nb_name_normalize(const char *s, size_t n, int match, nb_buf *out)
{
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m = -1; /* below 0: s as it is (NFKC's, or utf8proc failed) */
    if (!nfkc_stable(s, n))
        m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfkc,
                         UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
    const char *src = m >= 0 ? (const char *)nfkc : s;
    size_t len = m >= 0 ? (size_t)m : n;
    int rc = -1;

    out->n = 0;
    if (nb_buf_reserve(out, len + 1) < 0)
        goto done;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == 0xE2 && i + 2 < len && (unsigned char)src[i + 1] == 0x80 &&
            (unsigned char)src[i + 2] == 0x8B) {
            i += 2; /* U+200B zero width space */
            continue;
        }
        out->p[out->n++] = (char)c;
    }
    /* a trailing remark: (加挂XX牌子), (市科委) */
    while (out->n && out->p[out->n - 1] == ')') {
        size_t k = out->n - 1;
        int depth = 0;
        for (;; k--) {
            if (out->p[k] == ')')
                depth++;
            else if (out->p[k] == '(' && --depth == 0)
                break;
            if (k == 0)
                break;
        }
        if (depth != 0 || k == 0)
            break;
        out->n = k;
    }
    for (int again = 1; again;) {
        static const char *const lead[] = {"国家税务总局", "中共", NULL};
        again = 0;
        for (int k = 0; lead[k]; k++) {
            size_t l = strlen(lead[k]);
            if (out->n > l && !memcmp(out->p, lead[k], l)) {
                memmove(out->p, out->p + l, out->n - l);
                out->n -= l;
                again = 1;
            }
        }
    }
    if (match) {
        replace_all(out, "街道办事处", "街道");
        replace_all(out, "街道办", "街道");
    }
    out->p[out->n] = '\0';
    rc = 0;
done:
    free(nfkc);
    return rc;
}
