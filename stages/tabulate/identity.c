/*
 * identity.c - who reports, for which year (SCHEMA 10), from every piece of
 * evidence a page carries, first found wins:
 *
 *  1. the title line among the first lines of the body: a line holding
 *     年度报告 (also broken over two or three lines, after a breadcrumb
 *     that ends in it, or after markdown); its year is the first 19xx/20xx
 *     followed by 年; the agency is the text before the year, or between the
 *     year and 政府信息公开 ("2019年上海市人民政府办公厅政府信息公开…"), or
 *     the line above when the title starts with the year, or before
 *     政府信息公开 when the title has no year or puts it last.  Breadcrumbs,
 *     covering letters ("…关于报送…的函") and sentences are not titles;
 *  2. the page's own title (meta ArticleTitle, then title);
 *  3. the file name (scrapers name files by title);
 *  4. the statistics period (统计期限…20xx年1月1日) for the year;
 *  5. the first sentences: 本报告由X按照…编制, 现公布X2022年度…,
 *     向社会公布X…, 《X2021年…年度报告》, 结合2022年X政府信息公开工作,
 *     2023年，X认真贯彻…;
 *  6. the 发布机构 line.
 *
 * The year is never the publication date.  Markers are matched on a
 * Simplified fold of the text (same byte offsets), so a page a mirror
 * turned Traditional reads the same; the agency is kept as printed.
 */
#include "identity_int.h"

#include "cell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_LINES 30

/* Copy s[0..n) into out without white space; returns the length. */
static size_t
compact(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t k = 0; k < n && o + 4 < cap; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (c == 0xE3 && k + 2 < n && (unsigned char)s[k + 1] == 0x80 &&
            (unsigned char)s[k + 2] == 0x80) {
            k += 2; /* U+3000 */
            continue;
        }
        if (c == 0xC2 && k + 1 < n && (unsigned char)s[k + 1] == 0xA0) {
            k++;
            continue;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return o;
}

/* Copy line i's text into out without white space; returns length. */
size_t
id_line_compact(const tb_doc *d, int i, char *out, size_t cap)
{
    return compact(d->body.p + d->lines[i].off, d->lines[i].len, out, cap);
}

/* Position of the first "19xx年"/"20xx年" in s, its year in *year. */
char *
id_find_year(char *s, int *year)
{
    for (char *p = s; *p; p++) {
        if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
            if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
                !strncmp(p + 4, "年", 3) && (p == s || p[-1] < '0' || p[-1] > '9')) {
                *year = atoi(p);
                return p;
            }
        }
    }
    return NULL;
}

/* Strip markdown markers, "标题:" and quotes from the front of s. */
static char *
strip_front(char *s)
{
    static const char *const prefixes[] = {"#",     "*",      ">",  "标题:", "标题：",
                                           "题目:", "题目：", "《", "“",     NULL};
    int again = 1;

    while (again) {
        again = 0;
        for (int k = 0; prefixes[k]; k++) {
            size_t n = strlen(prefixes[k]);
            if (!strncmp(s, prefixes[k], n)) {
                s += n;
                again = 1;
            }
        }
    }
    return s;
}

static int
plausible_agency(const char *s, size_t n)
{
    /* a name, not a sentence: short, no sentence punctuation */
    if (n < 6 || n > 180)
        return 0;
    if (strstr(s, "，") || strstr(s, "。") || strstr(s, "：") || strstr(s, ":") ||
        strstr(s, "http") || strstr(s, "年度报告"))
        return 0;
    return 1;
}

/* plausible_agency of s[0..n) alone (s goes on past n). */
static int
plausible_span(const char *s, size_t n)
{
    char buf[256];

    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return plausible_agency(buf, n);
}

/*
 * Official names for the abbreviations agencies use in their own titles
 * ("2024年上海市科委政府信息公开工作年度报告"): the record carries the
 * official name so that rollups and duplicates see one agency.
 */
static const char *const abbrev[][2] = {
    {"科委", "科学技术委员会"},
    {"发改委", "发展和改革委员会"},
    {"卫健委", "卫生健康委员会"},
    {"经信委", "经济和信息化委员会"},
    {"教委", "教育委员会"},
    {"住建委", "住房和城乡建设委员会"},
    {"国资委", "国有资产监督管理委员会"},
    {"民宗委", "民族宗教事务委员会"},
    {"人社局", "人力资源和社会保障局"},
    {"住建局", "住房和城乡建设局"},
    {"市监局", "市场监督管理局"},
    {"文旅局", "文化和旅游局"},
    {"医保局", "医疗保障局"},
    {"林草局", "林业和草原局"},
    {"发改局", "发展和改革局"},
    {"卫健局", "卫生健康局"},
    {"政府办", "人民政府办公室"},
};

/* Expand a trailing abbreviation of agency when it follows a place
 * (…市/区/县/省/州/旗/盟) or stands alone. */
static void
expand_abbrev(char *agency, size_t cap)
{
    static const char *const places[] = {"市", "区", "县", "省", "州", "旗", "盟", NULL};
    size_t n = strlen(agency);

    for (size_t k = 0; k < sizeof abbrev / sizeof abbrev[0]; k++) {
        size_t al = strlen(abbrev[k][0]), fl = strlen(abbrev[k][1]);
        int after_place = n == al;
        if (n < al || strcmp(agency + n - al, abbrev[k][0]))
            continue;
        for (int p = 0; places[p] && !after_place; p++)
            after_place = n >= al + 3 && !memcmp(agency + n - al - 3, places[p], 3);
        /* 市监局 is itself a place + bureau: 上海市监局 → …市市场监督管理局 is wrong */
        if (!after_place || n - al + fl >= cap)
            continue;
        memcpy(agency + n - al, abbrev[k][1], fl + 1);
        return;
    }
}

void
id_set_agency(tb_identity *id, const char *s, size_t n)
{
    /* drop a trailing 的 or 关于 and a leading "关于" */
    if (n >= 3 && !strncmp(s, "关于", 6))
        s += 6, n -= 6;
    if (n >= 3 && !memcmp(s + n - 3, "的", 3))
        n -= 3;
    if (n >= sizeof id->agency)
        n = sizeof id->agency - 1;
    memcpy(id->agency, s, n);
    id->agency[n] = '\0';
    expand_abbrev(id->agency, sizeof id->agency);
}

/* 1 when s starts with the UTF-8 string w. */
int
id_starts(const char *s, const char *w)
{
    return !strncmp(s, w, strlen(w));
}

/* 1 when s[0..n) ends with w. */
int
id_ends(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && !memcmp(s + n - l, w, l);
}

/* A breadcrumb or navigation line: "当前位置:首页>政府信息公开>…". */
int
id_is_chrome(const char *s)
{
    static const char *const lead[] = {"当前位置", "您的位置", "您现在的位置", "您当前的位置",
                                       "所在位置", "位置:",    "位置：",       "首页>",
                                       "首页＞",   "首页»",    "首页/",        NULL};
    int arrows = 0;

    for (int k = 0; lead[k]; k++)
        if (id_starts(s, lead[k]))
            return 1;
    for (const char *p = s; (p = strchr(p, '>')); p++)
        arrows++;
    for (const char *p = s; (p = strstr(p, "＞")); p += 3)
        arrows++;
    for (const char *p = s; (p = strstr(p, "»")); p += 2)
        arrows++;
    return arrows >= 2;
}

/* The text after the last separator of a breadcrumb, or NULL. */
static char *
last_crumb(char *s)
{
    char *last = NULL;

    for (char *p = s; *p; p++) {
        if (*p == '>')
            last = p + 1;
        else if (id_starts(p, "＞"))
            last = p + 3;
        else if (id_starts(p, "»"))
            last = p + 2;
    }
    return last && *last ? last : NULL;
}

/* A covering letter's line ("福建省公安厅关于报送2020年…年度报告的函"),
 * a sentence ("根据…的通知要求，…编制…年度报告。") or a cited document
 * ("《关于做好2022年…年度报告的通知》"): not the report's own title. */
static int
not_a_title(const char *s, const char *year)
{
    size_t n = strlen(s);
    static const char *const punct[] = {"，", ",", "。", "；", ";", "《", "根据", "按照", NULL};

    if (id_ends(s, n, "的函") || id_ends(s, n, "的通知") || id_ends(s, n, "通知》") ||
        strstr(s, "关于报送") || strstr(s, "关于印发") || strstr(s, "关于做好"))
        return 1;
    for (int k = 0; punct[k]; k++) {
        const char *p = strstr(s, punct[k]);
        if (p && (!year || p < year))
            return 1;
    }
    return 0;
}

void
id_set_year(tb_identity *id, int year, const char *ev)
{
    if (!id->year && year >= 1990 && year <= 2099) {
        id->year = year;
        id->year_evidence = ev;
    }
}

/* The agency and year of a title string t (compact): "X20xx年…报告" or
 * "20xx年X政府信息公开…".  Fills what id lacks; returns 1 when t is a
 * title. */
static int
parse_title(char *t, tb_identity *id, const char *ev)
{
    int year = 0;
    char *y;

    t = strip_front(t);
    if (!strstr(t, "年度报告") && !strstr(t, "年报") && !strstr(t, "年度工作报告"))
        return 0;
    y = id_find_year(t, &year);
    if (!y || not_a_title(t, y))
        return 0;
    id_set_year(id, year, ev);
    if (id->agency[0])
        return 1;
    if (y > t && plausible_span(t, (size_t)(y - t))) {
        id_set_agency(id, t, (size_t)(y - t));
    } else if (y == t) {
        char *a = y + 4 + strlen("年"), *e;
        if (id_starts(a, "度"))
            a += 3;
        e = strstr(a, "政府信息公开");
        if (!e)
            e = strstr(a, "信息公开");
        if (!e)
            e = strstr(a, "政务公开");
        if (e && e > a && plausible_span(a, (size_t)(e - a)))
            id_set_agency(id, a, (size_t)(e - a));
    }
    if (id->agency[0] && !id->evidence)
        id->evidence = ev;
    return 1;
}

/* 1 when s can continue a title broken over lines: it starts with the
 * rest of one and is short. */
static int
title_rest(const char *s)
{
    static const char *const rest[] = {"年度报告", "工作年度报告",   "政府信息公开",     "信息公开",
                                       "政务公开", "年政府信息公开", "年度政府信息公开", NULL};
    if (strlen(s) > 90)
        return 0;
    for (int k = 0; rest[k]; k++)
        if (id_starts(s, rest[k]))
            return 1;
    return 0;
}

/* A breadcrumb line (n its length) is read only for the title it ends in:
 * "当前位置：首页>…>X2023年度…年度报告".  Returns 0 to skip the line. */
static int
crumb_title(char *line, size_t *n)
{
    char *last;

    if (!id_is_chrome(line))
        return 1;
    last = last_crumb(line);
    if (!last || !strstr(last, "年度报告"))
        return 0;
    memmove(line, last, strlen(last) + 1);
    *n = strlen(line);
    return 1;
}

/* A title broken over two or three lines ("2024年上海市科委政府信息公开工作" /
 * "年度报告", "XX县民政局2021年" / "政府信息公开" / "工作年度报告"): join
 * the lines after line i that continue it into line (cap bytes, *n its
 * length).  Returns the index of the last line read. */
static int
join_title(const tb_doc *d, int i, char *line, size_t *n, size_t cap)
{
    char next[1024];
    int j = i + 1, joined = 0;

    while (joined < 2 && !strstr(line, "年度报告")) {
        while (j < d->nlines && j < i + 4 && id_line_compact(d, j, next, sizeof next) == 0)
            j++;
        if (j >= d->nlines || !title_rest(next) || *n + strlen(next) + 1 >= cap)
            break;
        strcat(line, next);
        *n = strlen(line);
        j++;
        joined++;
    }
    return j - 1;
}

/* A title that starts with its year y: the agency follows the year, or is
 * the line above (prev). */
static void
agency_after_year(char *y, char *prev, tb_identity *id)
{
    char *a = y + 4 + strlen("年"), *e, *p = strip_front(prev);

    if (!strncmp(a, "度", 3))
        a += 3;
    e = strstr(a, "政府信息公开");
    if (!e)
        e = strstr(a, "信息公开");
    if (e && e > a)
        id_set_agency(id, a, (size_t)(e - a));
    else if (plausible_agency(p, strlen(p)) && !id_is_chrome(prev))
        id_set_agency(id, p, strlen(p));
}

/* The title line among the first lines of the body (see the top). */
static void
title_lines(const tb_doc *d, tb_identity *id)
{
    char line[1024], prev[1024] = "";
    int lim = d->nlines < TITLE_LINES ? d->nlines : TITLE_LINES;

    for (int i = 0; i < lim; i++) {
        size_t n = id_line_compact(d, i, line, sizeof line);
        char *t, *y;
        int year = 0;

        if (n == 0 || !crumb_title(line, &n))
            continue;
        if (!strstr(line, "年度报告") && !strstr(line, "年报")) {
            int last = join_title(d, i, line, &n, sizeof line);
            if (!strstr(line, "年度报告")) {
                if (n < 200)
                    memcpy(prev, line, n + 1);
                continue;
            }
            i = last; /* the lines joined are read */
        }
        if (n > 300)
            continue; /* a sentence, or a whole body on one line (read below) */
        t = strip_front(line);
        y = id_find_year(t, &year);
        if (y && strstr(t, "年度报告") && y > strstr(t, "年度报告") && !not_a_title(t, NULL)) {
            /* the year after the title: "X政府信息公开工作年度报告（2022年度）" */
            id_set_year(id, year, "title");
            y = NULL;
        }
        if (!y && !not_a_title(t, NULL)) {
            /* a title without a year: "X政府信息公开工作年度报告" names X;
             * the year comes from the statistics period */
            char *e = strstr(t, "政府信息公开");
            if (e && e > t && plausible_span(t, (size_t)(e - t))) {
                id_set_agency(id, t, (size_t)(e - t));
                id->evidence = "title";
                break;
            }
        }
        if (!y || not_a_title(t, y)) {
            memcpy(prev, line, n + 1);
            continue;
        }
        id_set_year(id, year, "title");
        if (y > t)
            id_set_agency(id, t, (size_t)(y - t));
        else
            agency_after_year(y, prev, id);
        if (id->agency[0])
            id->evidence = "title";
        break;
    }
}

/* The page's own title: meta ArticleTitle, then the HTML title. */
static void
meta_title(const tb_meta *meta, tb_identity *id)
{
    static const int keys[] = {TB_META_ARTICLE_TITLE, TB_META_TITLE};
    char t[1024];

    for (int k = 0; meta && k < 2 && (!id->agency[0] || !id->year); k++) {
        const char *v = tb_meta_get(meta, keys[k]);
        if (!v)
            continue;
        compact(v, strlen(v), t, sizeof t);
        /* "标题 - 站点名" / "标题_站点名": the title is the first part */
        for (const char *sep = "-_|"; *sep; sep++) {
            char *x = strrchr(t, *sep);
            if (x && strstr(t, "报告") && strstr(t, "报告") < x)
                *x = '\0';
        }
        parse_title(t, id, "meta");
    }
}

/* The document's file name: scrapers name files by title
 * ("沭阳县人民政府2025年政府信息公开工作年度报告-沭阳县人民政府.txt"). */
static void
path_title(const char *doc, tb_identity *id)
{
    char t[1024];
    const char *base;

    if (!doc || (id->agency[0] && id->year))
        return;
    base = strrchr(doc, '/');
    base = base ? base + 1 : doc;
    if (strrchr(base, '!'))
        base = strrchr(base, '!') + 1;
    compact(base, strlen(base), t, sizeof t);
    for (char *x; (x = strrchr(t, '.')) && strlen(x) <= 6;)
        *x = '\0'; /* .html.txt */
    for (char *x = t; (x = strpbrk(x, "-_")); x++)
        if (strstr(t, "报告") && strstr(t, "报告") < x) {
            *x = '\0';
            break;
        }
    parse_title(t, id, "path");
}

/* Fold a compact line to Simplified characters in place (same lengths). */
void
id_fold_simplified(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
            int32_t c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            int32_t z = nb_to_simplified(c);
            if (z != c && z >= 0x800 && z <= 0xFFFF) {
                p[0] = (unsigned char)(0xE0 | (z >> 12));
                p[1] = (unsigned char)(0x80 | ((z >> 6) & 0x3F));
                p[2] = (unsigned char)(0x80 | (z & 0x3F));
            }
            p += 2;
        }
    }
}

/* A body on one line (a crawler's dump): the title at its start. */
static void
one_line_title(const tb_doc *d, tb_identity *id)
{
    for (int i = 0; i < d->nlines && i < 3; i++) {
        char *big = malloc(d->lines[i].len + 1), *t, *y, *r;
        int year = 0;
        if (!big)
            break;
        id_line_compact(d, i, big, d->lines[i].len + 1);
        r = strstr(big, "年度报告");
        if (r && (size_t)(r - big) < 400) {
            r[0] = '\0';
            t = strip_front(big);
            y = id_find_year(t, &year);
            if (y && !not_a_title(t, y)) {
                id_set_year(id, year, "title");
                if (y > t && plausible_agency(t, (size_t)(y - t)) && !id->agency[0]) {
                    id_set_agency(id, t, (size_t)(y - t));
                    id->evidence = "title";
                }
            }
        }
        free(big);
        if (id->year)
            break;
    }
}

void
tb_identify(const tb_doc *d, const char *doc, const tb_meta *meta, tb_identity *id)
{
    memset(id, 0, sizeof *id);
    title_lines(d, id);
    if (!id->year && d->nlines > 0)
        one_line_title(d, id);
    meta_title(meta, id);
    path_title(doc, id);
    /* the statistics period when no title gave the year; then the first
     * sentences' (a name, and the year they state), the 发布机构 line */
    if (!id->year)
        id_period_year(d, id);
    id_first_sentences(d, id);
    id_publisher(d, id);
    id_cited_notice(d, id);
    id->report = id->year || id->agency[0] || id_reads_as_report(d);
    memcpy(id->simple, id->agency, sizeof id->simple);
    id_fold_simplified(id->simple);
}
