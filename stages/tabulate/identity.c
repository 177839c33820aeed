/*
 * identity.c - who reports, for which year (SCHEMA 10).
 *
 * The title is the first line, among the first lines of the body, that
 * holds 年度报告 (or a line ending in 工作 whose next line starts with
 * 年度报告: a title broken in two).  Its year is the first 19xx/20xx
 * followed by 年; the agency is the text before the year, or the text
 * between the year and 政府信息公开 ("2019年上海市人民政府办公厅政府信息
 * 公开…"), or the line above the title when the title starts with the
 * year.  The year is never the publication date: a title without a year
 * falls back to the statistics period (统计期限…20xx年1月1日).
 */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_LINES 30

/* Copy line i's text into out without white space; returns length. */
static size_t
line_compact(const tb_doc *d, int i, char *out, size_t cap)
{
    const char *s = d->body.p + d->lines[i].off;
    size_t n = d->lines[i].len, o = 0;

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

/* Position of the first "19xx年"/"20xx年" in s, its year in *year. */
static char *
find_year(char *s, int *year)
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

static void
set_agency(tb_identity *id, const char *s, size_t n)
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

void
tb_identify(const tb_doc *d, tb_identity *id)
{
    char line[1024], prev[1024] = "", next[1024];
    int lim = d->nlines < TITLE_LINES ? d->nlines : TITLE_LINES;

    memset(id, 0, sizeof *id);
    id->agency[0] = '\0';
    id->year = 0;
    id->cites = NULL;
    for (int i = 0; i < lim; i++) {
        size_t n = line_compact(d, i, line, sizeof line);
        char *t, *y;
        int year = 0;

        if (n == 0)
            continue;
        if (!strstr(line, "年度报告") && !strstr(line, "年报")) {
            /* a title broken after 工作: "2024年上海市科委政府信息公开工作" / "年度报告" */
            int j = i + 1;
            while (j < d->nlines && line_compact(d, j, next, sizeof next) == 0)
                j++;
            if (j < d->nlines && !strncmp(next, "年度报告", strlen("年度报告")) &&
                n + strlen(next) + 1 < sizeof line) {
                strcat(line, next);
                n = strlen(line);
            } else {
                if (n < 200)
                    memcpy(prev, line, n + 1);
                continue;
            }
        }
        if (n > 300)
            break; /* a whole body on one line: the title is its start */
        t = strip_front(line);
        y = find_year(t, &year);
        if (!y) {
            memcpy(prev, line, n + 1);
            continue;
        }
        id->year = year;
        if (y > t) {
            set_agency(id, t, (size_t)(y - t));
        } else {
            /* the year first: the agency follows it, or is the line above */
            char *a = y + 4 + strlen("年");
            char *e;
            if (!strncmp(a, "度", 3))
                a += 3;
            e = strstr(a, "政府信息公开");
            if (!e)
                e = strstr(a, "信息公开");
            if (e && e > a)
                set_agency(id, a, (size_t)(e - a));
            else if (plausible_agency(strip_front(prev), strlen(strip_front(prev))))
                set_agency(id, strip_front(prev), strlen(strip_front(prev)));
        }
        break;
    }
    /* a body on one line (a crawler's dump): look at its start */
    if (!id->year && d->nlines > 0) {
        for (int i = 0; i < d->nlines && i < 3; i++) {
            char *big = malloc(d->lines[i].len + 1), *t, *y, *r;
            int year = 0;
            if (!big)
                break;
            line_compact(d, i, big, d->lines[i].len + 1);
            r = strstr(big, "年度报告");
            if (r && (size_t)(r - big) < 400) {
                r[0] = '\0';
                t = strip_front(big);
                y = find_year(t, &year);
                if (y) {
                    id->year = year;
                    if (y > t && plausible_agency(t, (size_t)(y - t)))
                        set_agency(id, t, (size_t)(y - t));
                }
            }
            free(big);
            if (id->year)
                break;
        }
    }
    /* the statistics period when the title gave no year */
    if (!id->year) {
        for (int i = 0; i < d->nlines && i < 80 && !id->year; i++) {
            char *big = malloc(d->lines[i].len + 1), *p;
            if (!big)
                break;
            line_compact(d, i, big, d->lines[i].len + 1);
            p = strstr(big, "统计期限");
            if (!p)
                p = strstr(big, "统计期");
            if (p) {
                int year = 0;
                char *y = find_year(p, &year);
                if (y && !strncmp(y + 4 + 3, "1月1日", strlen("1月1日")))
                    id->year = year;
            }
            free(big);
        }
    }
    /* the cited format notice */
    for (int i = 0; i < d->nlines && i < 60 && !id->cites; i++) {
        const char *s = d->body.p + d->lines[i].off;
        size_t n = d->lines[i].len;
        char *copy;
        if (!memmem(s, n, "国办公开办函", strlen("国办公开办函")))
            continue;
        copy = malloc(n + 1);
        if (!copy)
            break;
        line_compact(d, i, copy, n + 1);
        if (strstr(copy, "2021〕30号") || strstr(copy, "2021]30号") || strstr(copy, "2021)30号"))
            id->cites = "2021-30";
        else if (strstr(copy, "2019〕60号") || strstr(copy, "2019]60号") ||
                 strstr(copy, "2019)60号"))
            id->cites = "2019-60";
        free(copy);
    }
}
