/* test_evidence.c - the parsers of a page's evidence about its owner
 * (SiteIDCode, 索引号, 统一社会信用代码, site hosts) and how the region
 * resolver weighs them: hints only choose among a name's candidates, or
 * place a name-less agency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hosts.h"
#include "region.h"

#define DATA NB_SOURCE_DIR "/data/"

static nb_gazetteer *g;
static nb_categories *cats;

/* The code a parser reads from s, or "-" (static). */
static const char *
parse(int (*f)(const char *, size_t, char[7]), const char *s)
{
    static char code[7];
    if (!f(s, strlen(s), code))
        return "-";
    return code;
}

static void
parsers(void)
{
    /* SiteIDCode: 10 digits, the first 6 are the owner's division */
    CHECK_STR(parse(nb_evidence_siteid, "3213220037"), "321322");
    CHECK_STR(parse(nb_evidence_siteid, " 3590000001 "), "359000");
    CHECK_STR(parse(nb_evidence_siteid, "bm17000001"), "-"); /* central */
    CHECK_STR(parse(nb_evidence_siteid, "321322003"), "-");
    CHECK_STR(parse(nb_evidence_siteid, "32132200370"), "-");
    CHECK_STR(parse(nb_evidence_siteid, "0213220037"), "-");
    CHECK_STR(parse(nb_evidence_siteid, "32132a0037"), "-");
    CHECK_STR(parse(nb_evidence_siteid, ""), "-");
    /* 索引号: a division prefix, or a credit code */
    CHECK_STR(parse(nb_evidence_index_no, "620702074/2024-00047"), "620702");
    CHECK_STR(parse(nb_evidence_index_no, " 360733-2021-000123"), "360733");
    CHECK_STR(parse(nb_evidence_index_no, "11360733014511234X/2021-00012"), "360733");
    CHECK_STR(parse(nb_evidence_index_no, "000014348/2022-00012"), "-"); /* an org number */
    CHECK_STR(parse(nb_evidence_index_no, "12345/2022"), "-");
    CHECK_STR(parse(nb_evidence_index_no, "620702abc/2022"), "-");
    CHECK_STR(parse(nb_evidence_index_no, "XM-2022-001"), "-");
    CHECK_STR(parse(nb_evidence_index_no, ""), "-");
    /* 统一社会信用代码: 18 characters of its alphabet, division at 3-8 */
    CHECK_STR(parse(nb_evidence_credit, "11620702013911234X"), "620702");
    CHECK_STR(parse(nb_evidence_credit, "91360733MA35XXXX1Y"), "360733");
    CHECK_STR(parse(nb_evidence_credit, "11620702013911234"), "-");   /* 17 */
    CHECK_STR(parse(nb_evidence_credit, "11620702013911234XY"), "-"); /* 19 */
    CHECK_STR(parse(nb_evidence_credit, "116207020139112340"), "620702");
    CHECK_STR(parse(nb_evidence_credit, "1162O702013911234X"), "-"); /* O is not in it */
    CHECK_STR(parse(nb_evidence_credit, "01620702013911234X"), "-"); /* no authority 0 */
    CHECK_STR(parse(nb_evidence_credit, "11ABCDEF013911234X"), "-");
}

static const char *
host(const char *s)
{
    static char h[64];
    return nb_host_of(s, h, sizeof h) ? h : "-";
}

static void
hosts(void)
{
    nb_error err = {0};
    nb_hosts *t;
    int divs[NB_HOST_MAX_DIVS], n;
    char path[] = "/tmp/test_evidence.XXXXXX";
    FILE *f;
    int fd;

    CHECK_STR(host("http://www.huichang.gov.cn/hc/1.shtml"), "www.huichang.gov.cn");
    CHECK_STR(host("HTTPS://GSGZ.Gov.CN:8080/x"), "gsgz.gov.cn");
    CHECK_STR(host("www.gsgz.gov.cn/gzzfxxgk/t20240126_1178155.html.txt"), "www.gsgz.gov.cn");
    CHECK_STR(host("crawl.tar.gz!huichang.gov.cn/a.html"), "huichang.gov.cn");
    CHECK_STR(host("/data/crawl/www.xianyou.gov.cn/x.htm"), "www.xianyou.gov.cn");
    /* a mirror's host, a URL whose host is not a government's, no host */
    CHECK_STR(host("http://www.tmaiface.com/art/huichang.gov.cn/a.html"), "-");
    CHECK_STR(host("www.tmaiface.com/art/2023/1.html"), "-");
    CHECK_STR(host("报告.txt"), "-");
    CHECK_STR(host(".gov.cn/a"), "-");
    CHECK_STR(host("a_b.gov.cn/x"), "-");
    CHECK_STR(host(NULL), "-");

    t = nb_hosts_load(DATA "pinyin.tsv.gz", g, &err);
    CHECK(t != NULL);
    if (t) {
        n = nb_hosts_lookup(t, "huichang", 8, divs);
        CHECK_INT(n, 1);
        CHECK_STR(n == 1 ? nb_gazetteer_get(g, divs[0])->code : "-", "360733");
        CHECK_INT(nb_hosts_lookup(t, "GSGZ", 4, divs), 2); /* 甘州区 and 甘州 of 甘肃 */
        CHECK_INT(nb_hosts_lookup(t, "jmsqjq", 6, divs), 1);
        CHECK_INT(nb_hosts_lookup(t, "www", 3, divs), 0);
        CHECK_INT(nb_hosts_lookup(t, "huichang-x", 10, divs), 0);
        CHECK_INT(nb_hosts_lookup(t, "", 0, divs), 0);
        nb_hosts_free(t);
    }
    /* bad tables: unsorted, a bad code, too many codes, a bad key, absent */
    static const char *const bad[] = {
        "key\tcode\tkind\nb\t360733\tfull\na\t360733\tfull\n",
        "key\tcode\tkind\na\t36073\tfull\n",
        "key\tcode\tkind\na\t110000,120000,130000,140000\tfull\n",
        "key\tcode\tkind\nA-b\t360733\tfull\n",
        "key\tcode\tkind\na360733\n",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        fd = mkstemp(path);
        CHECK(fd >= 0);
        if (fd < 0)
            return;
        f = fdopen(fd, "w");
        fputs(bad[k], f);
        fclose(f);
        t = nb_hosts_load(path, g, &err);
        CHECK(t == NULL && err.code == NB_E_RECORD);
        nb_hosts_free(t);
        unlink(path);
        strcpy(path, "/tmp/test_evidence.XXXXXX");
    }
    CHECK(nb_hosts_load("/nonexistent/pinyin.tsv.gz", g, &err) == NULL && err.code == NB_E_IO);
}

/* Resolve name with hints (codes, one set each unless set says so) and
 * text; returns "code status evidence" (static). */
static const char *
resolve(const char *name, const char *const *codes, const int *sets, const char *text)
{
    static char out[128];
    nb_region_hint h[8];
    nb_region r;
    int n = 0;

    for (; codes && codes[n]; n++) {
        h[n].div = nb_gazetteer_find(g, codes[n]);
        h[n].by = sets && sets[n] ? "host" : "meta.SiteIDCode";
        h[n].set = sets ? sets[n] : 0;
    }
    nb_region_ctx ctx = {NULL, text, text ? strlen(text) : 0, h, n};
    if (nb_region_resolve(g, cats, name, strlen(name), &ctx, &r) < 0)
        return "nomem";
    const nb_division *d = nb_gazetteer_get(g, r.div);
    snprintf(out, sizeof out, "%s %d %s", d ? d->code : "-", r.status,
             r.evidence ? r.evidence : "-");
    return out;
}

static void
weighing(void)
{
    static const char *const ganzhou[] = {"620702", NULL}, *const other[] = {"360733", NULL},
                             *const both[] = {"360733", "620702", NULL},
                             *const city[] = {"321300", NULL}, *const county[] = {"321322", NULL};
    static const int one_set[] = {1, 1};

    /* a hint chooses among the name's candidates */
    CHECK_STR(resolve("东街街道", ganzhou, NULL, NULL), "620702001 1 meta.SiteIDCode");
    /* a hint that names none of them is another's evidence: ignored */
    CHECK_STR(resolve("东街街道", other, NULL, NULL), "- 2 -");
    /* the first hint that narrows wins; a later one that contradicts is passed over */
    CHECK_STR(resolve("东街街道", both, NULL, NULL), "620702001 1 meta.SiteIDCode");
    /* two places of one set (a shared host key) narrow together */
    CHECK_STR(resolve("东街街道", both, one_set, NULL), "620702001 1 host");
    /* never against a name that resolved on its own */
    CHECK_STR(resolve("岭东区民政局", other, NULL, NULL), "230503 1 -");
    CHECK_STR(resolve("仙游县水利局", other, NULL, "地址：仙游县鲤城街道"), "350322 1 -");
    /* a name-less agency descends to a hint of its level, never another's */
    CHECK_STR(resolve("教育局", county, NULL, NULL), "321322 1 meta.SiteIDCode");
    CHECK_STR(resolve("县教育局", county, NULL, NULL), "321322 1 meta.SiteIDCode");
    CHECK_STR(resolve("县教育局", city, NULL, NULL), "- 0 -");
    CHECK_STR(resolve("省教育厅", county, NULL, NULL), "- 0 -");
    /* a host's letters only narrow: they never place a name-less agency */
    CHECK_STR(resolve("县教育局", county, one_set, NULL), "- 0 -");
    /* a name that is no place and no agency pattern stays unplaced */
    CHECK_STR(resolve("某某管委会", county, NULL, NULL), "- 0 -");
    /* the body: a county named most, twice at least and twice as often */
    CHECK_STR(resolve("县人民政府办公室", NULL, NULL, "湟源县始终坚持…《湟源县关于…》"),
              "630123 1 context:body");
    CHECK_STR(resolve("县人民政府办公室", NULL, NULL, "湟源县始终坚持"), "- 0 -");
    CHECK_STR(resolve("县人民政府办公室", NULL, NULL, "湟源县，湟源县，仙游县，仙游县"), "- 0 -");
    /* the provinces the body names narrow an ambiguous name */
    CHECK_STR(resolve("西湖区人力资源和社会保障局", NULL, NULL, "《江西省人民政府…》"),
              "360103 1 context:body");
    CHECK_STR(resolve("西湖区人力资源和社会保障局", NULL, NULL, "江西省…浙江省"), "- 2 -");
}

int
main(void)
{
    nb_error err = {0};

    parsers();
    cats = nb_categories_load(DATA "categories.tsv", &err);
    g = nb_gazetteer_load(DATA "divisions.tsv.gz", DATA "aliases.tsv", DATA "areacodes.tsv", &err);
    CHECK(g != NULL && cats != NULL);
    if (g && cats) {
        hosts();
        weighing();
    }
    nb_gazetteer_free(g);
    nb_categories_free(cats);
    return check_done("test_evidence");
}
