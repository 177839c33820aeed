/*
 * sentences.c - what a report's own sentences say of it, beside its title
 * (identity.c): the year of the statistics period, the agency and year of
 * the first sentences (本报告由X按照…编制, 现公布X2022年度…, 2023年，X认真
 * 贯彻…), the 发布机构 line of a page's metadata table (evidence 4 to 6 of
 * identity.c), the format notice it cites, and whether it reads as a report.
 * Markers are matched on a Simplified fold of each line.
 */
#include "identity_int.h"

#include <stdlib.h>
#include <string.h>

#include "find.h"

/* A name an agency gives itself in a sentence: short, no punctuation,
 * not a self-reference (我局, 本单位, 区人社局) and ending like an agency
 * or a place. */
static int
sentence_name(const char *s, size_t n)
{
    static const char *const bad_start[] = {"我", "本", "该", "省", "市", "县", "区",
                                            "在", "各", "全", "按", "根", "结", "并",
                                            "对", "为", "由", "以", "经", "于", NULL};
    static const char *const tails[] = {"局", "厅", "委", "会", "室", "府", "处", "道",
                                        "镇", "乡", "木", "心", "院", "署", "站", "所",
                                        "办", "队", "馆", "部", "区", "县", "市", "省",
                                        "旗", "盟", "州", "司", "社", "场", "园", NULL};
    size_t chars = 0;
    int tail = 0;

    for (size_t k = 0; k < n; k++)
        chars += ((unsigned char)s[k] & 0xC0) != 0x80;
    if (chars < 3 || chars > 30 || (unsigned char)s[0] < 0x80)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (strchr(",.;:()<>\"'!?/0123456789", s[k]))
            return 0;
    for (int k = 0; bad_start[k]; k++)
        if (!memcmp(s, bad_start[k], 3))
            return 0;
    static const char *const bad[] = {"，", "。", "、", "；",   "：",   "《",       "》",   "（",
                                      "）", "“",  "”",  "年度", "报告", "信息公开", "工作", NULL};
    for (int k = 0; bad[k]; k++)
        if (tb_memmem(s, n, bad[k], strlen(bad[k])))
            return 0;
    for (int k = 0; tails[k] && !tail; k++)
        tail = id_ends(s, n, tails[k]);
    return tail;
}

/* Cut the agency of a first sentence out of line (as printed), found in
 * its Simplified fold f (same offsets).  Returns 1 when found. */
static int
sentence_agency(const char *line, const char *f, tb_identity *id)
{
    /* "X" between a lead and a stop: 本报告由X按照…编制, 现公布X2022年度…,
     * 向社会公布X2023年…, 制定X2023年…, 结合2022年X政府信息公开工作 */
    static const struct {
        const char *lead, *stops[6];
    } spans[] = {
        {"报告由", {"按照", "根据", "依据", "依照", "结合", "编制"}},
        {"现公布", {"20", "政府信息公开", "政务公开", NULL}},
        {"向社会公布", {"20", "政府信息公开", "政务公开", NULL}},
        {"特公布", {"20", "政府信息公开", "政务公开", NULL}},
        {"制定", {"20", "政府信息公开", NULL}},
        {"结合", {"政府信息公开", "政务公开", NULL}},
        {"编制了《", {"20", NULL}},
        {"《", {"20", NULL}},
    };
    /* "X" before a verb at the start of a sentence: 2023年，X认真贯彻落实… */
    static const char *const verbs[] = {
        "认真贯彻", "深入贯彻", "全面贯彻", "始终坚持", "坚持以",   "以习近平", "结合单位实际",
        "严格按照", "严格落实", "高度重视", "紧紧围绕", "坚决贯彻", "扎实推进", NULL};
    size_t n = strlen(f);

    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
        for (const char *p = f; (p = strstr(p, spans[k].lead)); p++) {
            const char *a = p + strlen(spans[k].lead), *e = NULL;
            int yy;
            /* "结合2022年X政府信息公开工作", "现公布2022年度X…": the year first */
            if (id_find_year((char *)a, &yy) == a)
                a += 4 + strlen("年") + (id_starts(a + 4 + strlen("年"), "度") ? strlen("度") : 0);
            for (int j = 0; j < 6 && spans[k].stops[j]; j++) {
                const char *x = strstr(a, spans[k].stops[j]);
                if (x && (!e || x < e))
                    e = x;
            }
            if (!e || e - a > 120)
                continue;
            if (sentence_name(f + (a - f), (size_t)(e - a))) {
                id_set_agency(id, line + (a - f), (size_t)(e - a));
                return 1;
            }
        }
    }
    for (int k = 0; verbs[k]; k++) {
        for (const char *p = f; (p = strstr(p, verbs[k])); p++) {
            const char *a = p;
            /* back to the start of the sentence or clause */
            while (a > f) {
                const char *b = a - 1;
                while (b > f && ((unsigned char)*b & 0xC0) == 0x80)
                    b--;
                if (strchr(",;:", *b) || id_starts(b, "，") || id_starts(b, "。") ||
                    id_starts(b, "；") || id_starts(b, "：") || id_starts(b, "年") ||
                    id_starts(b, "、") || id_starts(b, "）") || (*b >= '0' && *b <= '9'))
                    break;
                a = b;
            }
            if (a < p && sentence_name(a, (size_t)(p - a))) {
                id_set_agency(id, line + (a - f), (size_t)(p - a));
                return 1;
            }
        }
    }
    (void)n;
    return 0;
}

/* The year of a first sentence: "…2022年度报告", "现公布…工作2022年度报告",
 * or "20xx年，X认真…" opening the 总体情况 paragraph. */
static int
sentence_year(const char *f)
{
    int year = 0;

    /* the year nearest before a 年度报告 ("…局2023年政府信息公开工作年度报告",
     * "编制本单位2022年度政务公开工作年度报告") */
    for (const char *r = f; (r = strstr(r, "年度报告")); r += strlen("年度报告")) {
        const char *from = r - f > 60 ? r - 60 : f, *best = NULL;
        for (const char *y = from; y + 4 <= r; y++) {
            int yy = 0;
            if ((y == f || y[-1] < '0' || y[-1] > '9') && id_find_year((char *)y, &yy) == y)
                best = y, year = yy;
        }
        if (best)
            return year;
    }
    /* "结合2022年X政府信息公开工作", "现公布2022年度X…" */
    static const char *const leads[] = {"结合", "公布", "编制", NULL};
    for (int k = 0; leads[k]; k++) {
        const char *p = strstr(f, leads[k]);
        if (p && id_find_year((char *)p + strlen(leads[k]), &year) == p + strlen(leads[k]))
            return year;
    }
    if (id_find_year((char *)f, &year) == f)
        return year;
    return 0;
}

/* The agency and year of the first sentences: the lines before and just
 * after the first section heading. */
void
id_first_sentences(const tb_doc *d, tb_identity *id)
{
    static char line[4096], f[4096];
    int heading = 0, after = 0;

    for (int i = 0; i < d->nlines && i < 40 && after < 3; i++) {
        size_t n = id_line_compact(d, i, line, sizeof line);
        if (!n || id_is_chrome(line))
            continue;
        memcpy(f, line, n + 1);
        id_fold_simplified(f);
        if (id_starts(f, "一、") || id_starts(f, "(一)") || id_starts(f, "（一）")) {
            heading = 1;
            continue;
        }
        if (heading)
            after++;
        if (!id->agency[0] && sentence_agency(line, f, id)) {
            id->evidence = "sentence";
            id_set_year(id, sentence_year(f), "sentence");
        }
        if (!id->year && (strstr(f, "年度报告") || heading))
            id_set_year(id, sentence_year(f), "sentence");
        if (id->agency[0] && id->year)
            break;
    }
}

/* The 发布机构 line of a page's metadata table: the agency when nothing
 * else named it (a publisher is often the portal's office, so it comes last). */
void
id_publisher(const tb_doc *d, tb_identity *id)
{
    char line[1024];

    for (int i = 0; i < d->nlines && i < 30 && !id->agency[0]; i++) {
        char *p, *e;
        id_line_compact(d, i, line, sizeof line);
        p = strstr(line, "发布机构");
        if (!p)
            continue;
        p += strlen("发布机构");
        if (id_starts(p, ":") || id_starts(p, "："))
            p += *p == ':' ? 1 : 3;
        for (e = p; *e && *e != ':' && *e != '|' && !id_starts(e, "：") && !id_starts(e, "发布") &&
                    !id_starts(e, "索引") && !id_starts(e, "生成") && !id_starts(e, "公开");) {
            e++; /* one character, never past the end of a cut one */
            while (((unsigned char)*e & 0xC0) == 0x80)
                e++;
        }
        if (e > p && sentence_name(p, (size_t)(e - p))) {
            id_set_agency(id, p, (size_t)(e - p));
            id->evidence = "publisher";
        }
    }
}

/* The year of the statistics period: 统计期限…20xx年1月1日. */
void
id_period_year(const tb_doc *d, tb_identity *id)
{
    for (int i = 0; i < d->nlines && i < 80 && !id->year; i++) {
        char *big = malloc(d->lines[i].len + 1), *p;
        if (!big)
            break;
        id_line_compact(d, i, big, d->lines[i].len + 1);
        id_fold_simplified(big);
        p = strstr(big, "统计期限");
        if (!p)
            p = strstr(big, "统计期");
        if (p) {
            int year = 0;
            char *y = id_find_year(p, &year);
            if (y && !strncmp(y + 4 + 3, "1月1日", strlen("1月1日")))
                id_set_year(id, year, "period");
        }
        free(big);
    }
}

/* The format notice the report cites (国办公开办函〔2021〕30号). */
void
id_cited_notice(const tb_doc *d, tb_identity *id)
{
    for (int i = 0; i < d->nlines && i < 60 && !id->cites; i++) {
        const char *s = d->body.p + d->lines[i].off;
        size_t n = d->lines[i].len;
        char *copy;
        if (!tb_memmem(s, n, "国办公开办函", strlen("国办公开办函")))
            continue;
        copy = malloc(n + 1);
        if (!copy)
            break;
        id_line_compact(d, i, copy, n + 1);
        if (strstr(copy, "2021〕30号") || strstr(copy, "2021]30号") || strstr(copy, "2021)30号"))
            id->cites = "2021-30";
        else if (strstr(copy, "2019〕60号") || strstr(copy, "2019]60号") ||
                 strstr(copy, "2019)60号"))
            id->cites = "2019-60";
        free(copy);
    }
}

/* The sections or first sentences of an annual report. */
int
id_reads_as_report(const tb_doc *d)
{
    static const char *const marks[] = {"总体情况", "主动公开政府信息情况",
                                        "收到和处理政府信息公开申请情况", "年度报告", NULL};
    char line[512];
    int hits = 0;

    for (int i = 0; i < d->nlines && i < 200; i++) {
        id_line_compact(d, i, line, sizeof line);
        id_fold_simplified(line);
        for (int k = 0; marks[k]; k++)
            if (strstr(line, marks[k])) {
                hits++;
                break;
            }
    }
    return hits >= 2;
}
