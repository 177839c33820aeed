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

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

typedef struct gz_key {
    size_t off; /* in keys */
    unsigned len;
    int first; /* first entry */
} gz_key;

typedef struct gz_ent {
    int div, form, next;
} gz_ent;

typedef struct gz_area {
    char code[8];
    int off, n; /* in acdiv */
} gz_area;

struct nb_gazetteer {
    nb_division *div;
    int ndiv, divcap;
    size_t *name_off; /* while loading: offsets into names */
    nb_buf names;
    nb_buf keys;
    gz_key *k;
    int nk, kcap;
    int *slot; /* -1 or an index into k */
    size_t nslot;
    gz_ent *e;
    int ne, ecap;
    size_t max_key;
    gz_area *ac;
    int nac, accap;
    int *acdiv;
    int nacdiv, acdivcap;
};

size_t
nb_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static int
ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && !memcmp(s + n - m, suf, m);
}

static int
grow(void **p, int *cap, int need, size_t size)
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

static int
rehash(nb_gazetteer *g, size_t nslot)
{
    int *s = malloc(nslot * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < nslot; i++)
        s[i] = -1;
    for (int i = 0; i < g->nk; i++) {
        size_t h = nb_hash(g->keys.p + g->k[i].off, g->k[i].len) & (nslot - 1);
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
    size_t h = nb_hash(s, n) & (g->nslot - 1);
    for (; g->slot[h] >= 0; h = (h + 1) & (g->nslot - 1)) {
        const gz_key *k = &g->k[g->slot[h]];
        if (k->len == n && !memcmp(g->keys.p + k->off, s, n))
            return g->slot[h];
    }
    return -1;
}

/* Index s[0..n) → div.  Keys of fewer than two characters are skipped. */
static int
add_key(nb_gazetteer *g, const char *s, size_t n, int div, int form)
{
    int ki;

    if (n == 0 || nb_utf8_chars(s, n) < 2 || n > 255)
        return 0;
    ki = find_key(g, s, n);
    if (ki < 0) {
        if ((size_t)(g->nk + 1) * 2 > g->nslot && rehash(g, g->nslot ? g->nslot * 2 : 1u << 16) < 0)
            return -1;
        if (grow((void **)&g->k, &g->kcap, g->nk + 1, sizeof *g->k) < 0)
            return -1;
        ki = g->nk++;
        g->k[ki].off = g->keys.n;
        g->k[ki].len = (unsigned)n;
        g->k[ki].first = -1;
        if (nb_buf_add(&g->keys, s, n) < 0)
            return -1;
        size_t h = nb_hash(s, n) & (g->nslot - 1);
        while (g->slot[h] >= 0)
            h = (h + 1) & (g->nslot - 1);
        g->slot[h] = ki;
        if (n > g->max_key)
            g->max_key = n;
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
    if (grow((void **)&g->e, &g->ecap, g->ne + 1, sizeof *g->e) < 0)
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

static int
add_short_forms(nb_gazetteer *g, int i)
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
     * "（工业园区）城南街道" → 城南街道, "保康街道办事处" → 保康街道 */
    if (n < sizeof clean) {
        size_t m = clean_name(s, n, clean);
        if (m != n && nb_utf8_chars(clean, m) >= 2) {
            if (add_key(g, clean, m, i, NB_FORM_FULL) < 0)
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
            if (add_key(g, buf, m + 3, i, NB_FORM_SHORT) < 0)
                return -1;
        }
        return add_key(g, s, m, i, NB_FORM_SHORT);
    }
    if (d->level == NB_LV_COUNTY && (ends_with(s, n, "自治县") || ends_with(s, n, "自治旗"))) {
        size_t m = strip_peoples(s, n - strlen("自治县"));
        if (m + 3 < sizeof buf) {
            memcpy(buf, s, m);
            memcpy(buf + m, s + n - 3, 3); /* 县 or 旗 */
            if (add_key(g, buf, m + 3, i, NB_FORM_SHORT) < 0)
                return -1;
        }
        return add_key(g, s, m, i, NB_FORM_SHORT);
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
            return add_key(g, s, m, i, NB_FORM_SHORT);
        }
    }
    return 0;
}

static int
level_of(const char *s, unsigned char *stat)
{
    *stat = 0;
    if (!strcmp(s, "province"))
        return NB_LV_PROVINCE;
    if (!strcmp(s, "city"))
        return NB_LV_CITY;
    if (!strcmp(s, "county"))
        return NB_LV_COUNTY;
    if (!strcmp(s, "county_stat")) {
        *stat = 1;
        return NB_LV_COUNTY;
    }
    if (!strcmp(s, "township"))
        return NB_LV_TOWNSHIP;
    return NB_LV_NONE;
}

static int
all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Split line (modified) at tabs into at most max fields; returns count. */
static int
split_tabs(char *line, char **f, int max)
{
    int n = 0;
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == '\t') {
            *p = '\0';
            if (n == max)
                return max + 1;
            f[n++] = p + 1;
        }
    }
    return n;
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

static int
load_divisions(nb_gazetteer *g, const char *path, nb_error *err)
{
    gzFile f = gzopen(path, "rb");
    char line[2048];
    long lineno = 0;
    int rc = -1, last[NB_LV_TOWNSHIP + 1] = {-1, -1, -1, -1, -1};

    if (!f)
        return nb_fail(err, errno == ENOMEM ? NB_E_NOMEM : NB_E_IO, "%s: %s", path,
                       errno ? strerror(errno) : "cannot open");
    gzbuffer(f, 1u << 17);
    for (;;) {
        char *fld[8];
        int nf, lv, parent = -1;
        unsigned char stat;

        if (!gzgets(f, line, sizeof line)) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                nb_fail(err, NB_E_IO, "%s: corrupt or truncated gzip data (%s)", path, msg);
                goto done;
            }
            break;
        }
        lineno++;
        if (!strchr(line, '\n')) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                nb_fail(err, NB_E_IO, "%s: corrupt or truncated gzip data (%s)", path, msg);
                goto done;
            }
        }
        if (!strchr(line, '\n') && !gzeof(f)) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: line too long", path, lineno);
            goto done;
        }
        if (lineno == 1) {
            if (strncmp(line, "code\tname\tlevel\tparent_code", 27)) {
                nb_fail(err, NB_E_RECORD, "%s:1: not a division table (no header row)", path);
                goto done;
            }
            continue;
        }
        nf = split_tabs(line, fld, 7);
        if (nf == 1 && !fld[0][0])
            continue;
        if (nf != 7) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: %d fields, want 7", path, lineno, nf);
            goto done;
        }
        lv = level_of(fld[2], &stat);
        if (!all_digits(fld[0]) || (strlen(fld[0]) != 6 && strlen(fld[0]) != 9) ||
            (strlen(fld[0]) == 9) != (lv == NB_LV_TOWNSHIP)) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: bad code '%.12s'", path, lineno, fld[0]);
            goto done;
        }
        if (lv == NB_LV_NONE) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: unknown level '%.16s'", path, lineno, fld[2]);
            goto done;
        }
        if (!fld[1][0] || !nb_utf8_valid(fld[1], strlen(fld[1]))) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: empty or invalid name", path, lineno);
            goto done;
        }
        if (g->ndiv && strcmp(g->div[g->ndiv - 1].code, fld[0]) >= 0) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: code %s out of order", path, lineno, fld[0]);
            goto done;
        }
        if (lv != NB_LV_PROVINCE) {
            /* the parent is nearly always the last row of its level */
            for (int l = lv - 1; l >= NB_LV_PROVINCE && parent < 0; l--)
                if (last[l] >= 0 && !strcmp(g->div[last[l]].code, fld[3]))
                    parent = last[l];
            if (parent < 0)
                parent = nb_gazetteer_find(g, fld[3]);
            if (parent < 0 || g->div[parent].level >= lv) {
                nb_fail(err, NB_E_RECORD, "%s:%ld: parent '%.12s' unknown or not above", path,
                        lineno, fld[3]);
                goto done;
            }
        } else if (fld[3][0]) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: a province with a parent", path, lineno);
            goto done;
        }
        if (g->ndiv == g->divcap) {
            size_t *no;
            if (grow((void **)&g->div, &g->divcap, g->ndiv + 1, sizeof *g->div) < 0 ||
                !(no = realloc(g->name_off, (size_t)g->divcap * sizeof *no))) {
                nb_fail(err, NB_E_NOMEM, "out of memory");
                goto done;
            }
            g->name_off = no;
        }
        nb_division *d = &g->div[g->ndiv];
        memset(d, 0, sizeof *d);
        strcpy(d->code, fld[0]);
        d->level = (unsigned char)lv;
        d->stat = stat;
        d->parent = parent;
        last[lv] = g->ndiv;
        g->name_off[g->ndiv++] = g->names.n;
        if (nb_buf_add(&g->names, fld[1], strlen(fld[1]) + 1) < 0) {
            nb_fail(err, NB_E_NOMEM, "out of memory");
            goto done;
        }
    }
    if (g->ndiv == 0) {
        nb_fail(err, NB_E_RECORD, "%s: no divisions", path);
        goto done;
    }
    for (int i = 0; i < g->ndiv; i++)
        g->div[i].name = g->names.p + g->name_off[i];
    rc = 0;
done:
    if (rc < 0)
        err->line = lineno;
    gzclose(f);
    return rc;
}

/* Read a small TSV (aliases or area codes) with a header row and # comments. */
static int
load_tsv(nb_gazetteer *g, const char *path, int areas, nb_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = -1, header = 0;

    if (!f)
        return nb_fail(err, NB_E_IO, "%s: %s", path, strerror(errno));
    while (getline(&line, &cap, f) != -1) {
        char *fld[4];
        int nf;
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (!header) {
            header = 1;
            if (!strncmp(line, areas ? "areacode\t" : "name\t", areas ? 9 : 5))
                continue;
        }
        nf = split_tabs(line, fld, 3);
        if (nf < 2 || nf > 3 || !fld[0][0]) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: malformed row", path, lineno);
            goto done;
        }
        if (areas) {
            if (!all_digits(fld[0]) || strlen(fld[0]) > 5 ||
                grow((void **)&g->ac, &g->accap, g->nac + 1, sizeof *g->ac) < 0) {
                nb_fail(err, NB_E_RECORD, "%s:%ld: bad area code '%.8s'", path, lineno, fld[0]);
                goto done;
            }
            gz_area *a = &g->ac[g->nac++];
            strcpy(a->code, fld[0]);
            a->off = g->nacdiv;
            a->n = 0;
            for (char *c = strtok(fld[1], ","); c; c = strtok(NULL, ",")) {
                int d = nb_gazetteer_find(g, c);
                if (d < 0) {
                    nb_fail(err, NB_E_RECORD, "%s:%ld: unknown code '%.12s'", path, lineno, c);
                    goto done;
                }
                if (grow((void **)&g->acdiv, &g->acdivcap, g->nacdiv + 1, sizeof *g->acdiv) < 0) {
                    nb_fail(err, NB_E_NOMEM, "out of memory");
                    goto done;
                }
                g->acdiv[g->nacdiv++] = d;
                a->n++;
            }
        } else {
            int d = nb_gazetteer_find(g, fld[1]);
            if (d < 0 || !nb_utf8_valid(fld[0], strlen(fld[0]))) {
                nb_fail(err, NB_E_RECORD, "%s:%ld: unknown code '%.12s'", path, lineno, fld[1]);
                goto done;
            }
            if (add_key(g, fld[0], strlen(fld[0]), d, NB_FORM_ALIAS) < 0) {
                nb_fail(err, NB_E_NOMEM, "out of memory");
                goto done;
            }
        }
    }
    if (ferror(f)) {
        nb_fail(err, NB_E_IO, "%s: read error", path);
        goto done;
    }
    rc = 0;
done:
    if (rc < 0)
        err->line = lineno;
    free(line);
    fclose(f);
    return rc;
}

nb_gazetteer *
nb_gazetteer_load(const char *divisions, const char *aliases, const char *areacodes, nb_error *err)
{
    nb_gazetteer *g = calloc(1, sizeof *g);

    if (!g) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        return NULL;
    }
    if (load_divisions(g, divisions, err) < 0)
        goto fail;
    /* sized for the full table (~45k divisions, ~80k keys) */
    if (rehash(g, 1u << 18) < 0 || grow((void **)&g->k, &g->kcap, 2 * g->ndiv, sizeof *g->k) < 0 ||
        grow((void **)&g->e, &g->ecap, 2 * g->ndiv, sizeof *g->e) < 0 ||
        nb_buf_reserve(&g->keys, 2 * g->names.n) < 0)
        goto nomem;
    for (int i = 0; i < g->ndiv; i++) {
        if (add_key(g, g->div[i].name, strlen(g->div[i].name), i, NB_FORM_FULL) < 0)
            goto nomem;
    }
    for (int i = 0; i < g->ndiv; i++) {
        if (add_short_forms(g, i) < 0)
            goto nomem;
    }
    free(g->name_off);
    g->name_off = NULL;
    if (aliases && load_tsv(g, aliases, 0, err) < 0)
        goto fail;
    if (areacodes && load_tsv(g, areacodes, 1, err) < 0)
        goto fail;
    return g;
nomem:
    nb_fail(err, NB_E_NOMEM, "out of memory");
fail:
    nb_gazetteer_free(g);
    return NULL;
}

void
nb_gazetteer_free(nb_gazetteer *g)
{
    if (!g)
        return;
    free(g->div);
    free(g->name_off);
    nb_buf_fini(&g->names);
    nb_buf_fini(&g->keys);
    free(g->k);
    free(g->slot);
    free(g->e);
    free(g->ac);
    free(g->acdiv);
    free(g);
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

int
nb_name_normalize(const char *s, size_t n, int match, nb_buf *out)
{
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfkc,
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
