/* test_gazetteer.c - division table loading, the resolver's traps (gazetteer
 * reference 2), bad data files; then the full table on the seeds and on
 * shared/real (skipped when shared is absent). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "region.h"

#define FIX  NB_SOURCE_DIR "/tests/unit/fixtures/"
#define DATA NB_SOURCE_DIR "/data/"

static nb_gazetteer *g;
static nb_categories *cats;

static char *
slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long len;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)len + 1);
    *n = fread(s, 1, (size_t)len, f);
    s[*n] = '\0';
    fclose(f);
    return s;
}

/* Resolve name with optional context; returns the code or "-" (static). */
static const char *
resolve(const char *name, const char *doc, const char *text, nb_region *r)
{
    nb_region_ctx ctx = {doc, text, text ? strlen(text) : 0};
    static nb_region tmp;
    if (!r)
        r = &tmp;
    CHECK(nb_region_resolve(g, cats, name, strlen(name), &ctx, r) == 0);
    return r->div >= 0 ? nb_gazetteer_get(g, r->div)->code : "-";
}

static char *
seed(const char *prefix)
{
    char path[512];
    size_t n;
    snprintf(path, sizeof path, "%s/corpus/seeds/%s", NB_SOURCE_DIR, prefix);
    return slurp(path, &n);
}

/* Names that need the report around them, and the evidence that settles them. */
static void
traps_context(const char *s000, const char *s003)
{
    nb_region r;

    CHECK_STR(resolve("岭东区民政局", NULL, NULL, &r), "230503");
    CHECK_INT(r.status, NB_REGION_RESOLVED);
    CHECK_INT(r.level, NB_LV_COUNTY);
    CHECK_STR(r.by, "name");

    /* 鼓楼区 ×4: no evidence → ambiguous, no common ancestor */
    CHECK_STR(resolve("鼓楼区民政局", NULL, NULL, &r), "-");
    CHECK_INT(r.status, NB_REGION_AMBIGUOUS);
    CHECK_INT(r.ncand, 4);
    CHECK_INT(r.level, NB_LV_COUNTY);
    /* the archive path narrows to 江苏 → LCA 320000 */
    CHECK_STR(resolve("鼓楼区民政局", "r.tar.gz!江苏省/鼓楼区民政局.txt", NULL, &r), "320000");
    CHECK_INT(r.status, NB_REGION_AMBIGUOUS);
    CHECK_INT(r.ncand, 2);
    /* a chain in the text settles it */
    CHECK_STR(resolve("鼓楼区民政局", NULL,
                      "本报告由南京市鼓楼区民政局编制。地址：南京市鼓楼区北京西路", &r),
              "320106");
    CHECK_INT(r.status, NB_REGION_RESOLVED);
    CHECK_STR(r.by, "context");
    /* a phone area code alone (+3) settles it too */
    CHECK_STR(resolve("鼓楼区民政局", NULL, "联系电话：025-83200000。", &r), "320106");
    /* 双鸭山 evidence fits none of the four */
    CHECK_STR(resolve("鼓楼区民政局", NULL, s000, &r), "-");
    CHECK_INT(r.status, NB_REGION_AMBIGUOUS);

    /* 宝山区 in a 双鸭山 text: 230506, not 上海 */
    CHECK_STR(resolve("宝山区民政局", NULL, s000, &r), "230506");
    CHECK_STR(r.by, "context");
    CHECK_STR(resolve("宝山区民政局", NULL, NULL, &r), "-");
    CHECK_INT(r.ncand, 2);

    /* 中心街道 in two cities: alone ambiguous at 黑龙江, settled by 003's text */
    CHECK_STR(resolve("中心街道办事处", NULL, NULL, &r), "230000");
    CHECK_INT(r.status, NB_REGION_AMBIGUOUS);
    CHECK_INT(r.level, NB_LV_TOWNSHIP);
    CHECK_STR(resolve("中心街道办事处", NULL, s003, &r), "230503005");
    CHECK_INT(r.status, NB_REGION_RESOLVED);
    CHECK_STR(resolve("岭东区中心街道办事处", NULL, NULL, &r), "230503005");
    CHECK_STR(r.by, "name");
    /* context never overrides a name that resolved on its own */
    CHECK_STR(
        resolve("岭东区中心街道办事处", NULL, "地址：鸡西市密山市中心街道，电话：0467-5223344", &r),
        "230503005");
    CHECK_STR(resolve("鼓楼区中心街道办事处", NULL, NULL, &r), "-");
    CHECK_INT(r.status, NB_REGION_AMBIGUOUS);
}

/* Names that settle alone: levels, aliases, short forms, brackets. */
static void
traps_names(void)
{
    nb_region r;

    /* 荆州市公安局 is the prefecture's police, not 公安县 + 局 */
    CHECK_STR(resolve("荆州市公安局", NULL, NULL, &r), "421000");
    CHECK_INT(r.level, NB_LV_CITY);
    CHECK_STR(resolve("荆州市公安县民政局", NULL, NULL, &r), "421022");
    CHECK_STR(resolve("公安局", NULL, NULL, &r), "-");
    CHECK_INT(r.status, NB_REGION_UNRESOLVED);

    /* a municipality is province level */
    CHECK_STR(resolve("上海市人民政府办公厅", NULL, NULL, &r), "310000");
    CHECK_INT(r.level, NB_LV_PROVINCE);
    CHECK_STR(resolve("上海市宝山区民政局", NULL, NULL, &r), "310113");
    /* a county-level city: …市 does not mean prefecture */
    CHECK_STR(resolve("高平市人民政府办公室", NULL, NULL, &r), "140581");
    CHECK_INT(r.level, NB_LV_COUNTY);
    CHECK_STR(resolve("石嘴山市民政局", NULL, NULL, &r), "640200");
    CHECK_INT(r.level, NB_LV_CITY);
    /* aliases */
    CHECK_STR(resolve("文登市民政局", NULL, NULL, &r), "371003");
    CHECK_STR(r.by, "alias");
    CHECK_STR(resolve("平潭综合实验区", NULL, NULL, &r), "350128");
    CHECK_STR(resolve("威海市文登区民政局", NULL, NULL, &r), "371003");
    /* a trailing （…）, letter spaces, full-width spaces */
    CHECK_STR(resolve("延津县民政局（加挂延津县老龄工作委员会办公室牌子）", NULL, NULL, &r),
              "410726");
    CHECK_STR(resolve("岭 东 区 民 政 局", NULL, NULL, &r), "230503");
    CHECK_STR(resolve("石嘴山市\xe3\x80\x80民政局", NULL, NULL, &r), "640200");
    /* short forms: 自治州, 自治县, province, 林区; vertical prefixes */
    CHECK_STR(resolve("恩施州民政局", NULL, NULL, &r), "422800");
    CHECK_STR(resolve("孟村县教育局", NULL, NULL, &r), "130930");
    CHECK_STR(resolve("宁夏民政厅", NULL, NULL, &r), "640000");
    CHECK_STR(resolve("神农架林区民政局", NULL, NULL, &r), "429021");
    CHECK_STR(resolve("国家税务总局延津县税务局", NULL, NULL, &r), "410726");
    CHECK_STR(resolve("黑龙江省双鸭山市人民政府岭东区民政局", NULL, NULL, &r), "230503");
    /* 人民政府 is not 人民(街道) + 政府: found by scripts/sweep-regions */
    CHECK_STR(resolve("衡阳市石鼓区人民政府办公室", NULL, NULL, &r), "430407");
    CHECK_INT(r.status, NB_REGION_RESOLVED);
    CHECK_STR(resolve("石鼓区人民街道办事处", NULL, NULL, &r), "430407001");
    /* a township named like its county: the name is the county's */
    CHECK_STR(resolve("福建省泉州市金门县民政局", NULL, NULL, &r), "350527");
    CHECK_INT(r.status, NB_REGION_RESOLVED);
    CHECK_INT(r.level, NB_LV_COUNTY);
    /* table names with 街道办事处 or a remark in brackets, as agencies
     * write them; 保康镇 is another township of the same county */
    CHECK_STR(resolve("科尔沁左翼中旗保康街道办事处", NULL, NULL, &r), "150521403");
    CHECK_STR(resolve("科尔沁左翼中旗保康镇人民政府", NULL, NULL, &r), "150521100");
    CHECK_STR(resolve("洮北区城南街道办事处", NULL, NULL, &r), "220802006");
    CHECK_INT(r.level, NB_LV_TOWNSHIP);
    /* 城关区 ×2 in different provinces: the path filter */
    CHECK_STR(resolve("城关区民政局", "x/甘肃省/城关区民政局.html", NULL, &r), "620102");
    CHECK_STR(r.by, "context");
}

/* Hostile names, and the area codes. */
static void
traps_hostile(void)
{
    nb_region r;

    /* hostile names: long repetitive chains, invalid UTF-8, empty */
    {
        char big[4096] = "";
        for (int i = 0; i < 300; i++)
            strcat(big, "鼓楼区");
        resolve(big, NULL, NULL, &r);
        CHECK(r.status != NB_REGION_RESOLVED || r.div >= 0);
        CHECK_STR(resolve("\xff\xfe鼓楼\xe5", NULL, NULL, &r), "-");
        CHECK_STR(resolve("", NULL, NULL, &r), "-");
        CHECK_INT(r.status, NB_REGION_UNRESOLVED);
    }
    /* area codes */
    {
        int n;
        const int *a = nb_gazetteer_areacode(g, "0469", &n);
        CHECK(a && n == 1 && !strcmp(nb_gazetteer_get(g, a[0])->code, "230500"));
        CHECK(nb_gazetteer_areacode(g, "0999", &n) == NULL && n == 0);
    }
}

static void
fixture_traps(void)
{
    nb_error err = {0};
    char *s000 = seed("000_4d27c7cf704db1e1.txt"), *s003 = seed("003_555b38ce0adfb193.txt");

    g = nb_gazetteer_load(FIX "divisions-mini.tsv", FIX "aliases-mini.tsv",
                          FIX "areacodes-mini.tsv", &err);
    CHECK(g != NULL);
    if (!g) {
        fprintf(stderr, "%s\n", err.text);
        return;
    }
    CHECK_INT(nb_gazetteer_count(g), 74);
    CHECK(s000 && s003);

    traps_context(s000, s003);
    traps_names();
    traps_hostile();
    nb_gazetteer_free(g);
    g = NULL;
    free(s000);
    free(s003);
}

/* A data file with the given content; returns its path (static). */
static const char *
tmpfile_with(const char *name, const char *content, size_t n)
{
    static char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/nb-gz-%d-%s", P_tmpdir, (int)getpid(), name);
    f = fopen(path, "wb");
    fwrite(content, 1, n, f);
    fclose(f);
    return path;
}

static void
expect_bad(const char *what, const char *divs, const char *aliases, const char *areas, int code,
           long line)
{
    nb_error err = {0};
    nb_gazetteer *bad = nb_gazetteer_load(divs, aliases, areas, &err);
    CHECK(bad == NULL);
    CHECK_INT(err.code, code);
    if (line >= 0)
        CHECK_INT(err.line, line);
    CHECK(err.text[0] != '\0');
    if (bad || err.code != code)
        fprintf(stderr, "  (%s: %s)\n", what, err.text);
    nb_gazetteer_free(bad);
}

#define HDR  "code\tname\tlevel\tparent_code\tprovince\tcity\tcounty\n"
#define PROV "230000\t黑龙江省\tprovince\t\t黑龙江省\t\t\n"

static void
bad_files(void)
{
    char path[256], tmp[256];
    size_t n;
    char *gz = slurp(DATA "divisions.tsv.gz", &n);

    expect_bad("missing", "/nonexistent/divisions.tsv.gz", NULL, NULL, NB_E_IO, -1);
    /* a truncated gzip stream */
    CHECK(gz != NULL);
    if (gz) {
        snprintf(tmp, sizeof tmp, "%s", tmpfile_with("trunc.gz", gz, n / 3));
        expect_bad("truncated gz", tmp, NULL, NULL, NB_E_IO, -1);
        unlink(tmp);
        /* corrupt bytes in the middle of the deflate stream */
        memset(gz + n / 2, 0x55, 64);
        snprintf(tmp, sizeof tmp, "%s", tmpfile_with("corrupt.gz", gz, n));
        {
            /* zlib may hand out garbage rows before its check fails */
            nb_error e = {0};
            nb_gazetteer *bad = nb_gazetteer_load(tmp, NULL, NULL, &e);
            CHECK(bad == NULL);
            CHECK(e.code == NB_E_IO || e.code == NB_E_RECORD);
            nb_gazetteer_free(bad);
        }
        unlink(tmp);
        free(gz);
    }
    static const struct {
        const char *what, *text;
        long line;
    } rows[] = {
        {"empty", "", 0},
        {"no header", PROV, 1},
        {"header only", HDR, 1},
        {"few fields", HDR "230000\t黑龙江省\tprovince\n", 2},
        {"bad code", HDR "23000x\t黑龙江省\tprovince\t\t\t\t\n", 2},
        {"9-digit county", HDR PROV "230000001\t某区\tcounty\t230000\t\t\t\n", 3},
        {"unknown level", HDR "230000\t黑龙江省\tstate\t\t\t\t\n", 2},
        {"unknown parent", HDR PROV "230500\t双鸭山市\tcity\t240000\t\t\t\n", 3},
        {"parent not above",
         HDR PROV "230500\t双鸭山市\tcity\t230000\t\t\t\n230503\t岭东区\tcity\t230500\t\t\t\n", 4},
        {"out of order", HDR PROV "220000\t吉林省\tprovince\t\t\t\t\n", 3},
        {"province with parent", HDR PROV "240000\t某省\tprovince\t230000\t\t\t\n", 3},
        {"empty name", HDR "230000\t\tprovince\t\t\t\t\n", 2},
        {"invalid UTF-8", HDR "230000\t\xff\xfe\tprovince\t\t\t\t\n", 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(path, sizeof path, "%s",
                 tmpfile_with("rows.tsv", rows[i].text, strlen(rows[i].text)));
        expect_bad(rows[i].what, path, NULL, NULL, NB_E_RECORD, rows[i].line);
        unlink(path);
    }
    /* aliases and area codes naming unknown divisions */
    snprintf(tmp, sizeof tmp, "%s", tmpfile_with("al.tsv", "name\tcode\n某市\t999999\n", 19));
    expect_bad("alias code", FIX "divisions-mini.tsv", tmp, NULL, NB_E_RECORD, 2);
    unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s", tmpfile_with("al.tsv", "name\tcode\n某市\n", 14));
    expect_bad("alias row", FIX "divisions-mini.tsv", tmp, NULL, NB_E_RECORD, 2);
    unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s",
             tmpfile_with("ac.tsv", "areacode\tcodes\n0469\t230500,999999\n", 34));
    expect_bad("area code", FIX "divisions-mini.tsv", NULL, tmp, NB_E_RECORD, 2);
    unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s", tmpfile_with("ac.tsv", "areacode\tcodes\nabc\t230500\n", 25));
    expect_bad("area code digits", FIX "divisions-mini.tsv", NULL, tmp, NB_E_RECORD, 2);
    unlink(tmp);
    expect_bad("missing aliases", FIX "divisions-mini.tsv", "/nonexistent/aliases.tsv", NULL,
               NB_E_IO, -1);
}

/* The committed table: counts, the seeds, and every shared/real truth. */
static void
full_table(void)
{
    nb_error err = {0};
    static const struct {
        const char *agency, *code;
        int level;
    } cases[] = {
        {"岭东区民政局", "230503", NB_LV_COUNTY},
        {"延津县民政局", "410726", NB_LV_COUNTY},
        {"威海市文登区民政局", "371003", NB_LV_COUNTY},
        {"岭东区中心街道办事处", "230503005", NB_LV_TOWNSHIP},
        {"石嘴山市民政局", "640200", NB_LV_CITY},
        {"高平市人民政府办公室", "140581", NB_LV_COUNTY},
        {"湛江市人民政府地方志办公室", "440800", NB_LV_CITY},
        {"淮安市人民政府", "320800", NB_LV_CITY},
        {"上海市科学技术委员会", "310000", NB_LV_PROVINCE},
        {"平潭综合实验区", "350128", NB_LV_COUNTY},
        {"文登市民政局", "371003", NB_LV_COUNTY},
        {"荆州市公安局", "421000", NB_LV_CITY},
        {"加格达奇区民政局", "232761", NB_LV_COUNTY},
    };
    int count[NB_LV_TOWNSHIP + 1] = {0};

    g = nb_gazetteer_load(DATA "divisions.tsv.gz", DATA "aliases.tsv", DATA "areacodes.tsv", &err);
    CHECK(g != NULL);
    if (!g) {
        fprintf(stderr, "%s\n", err.text);
        return;
    }
    CHECK_INT(nb_gazetteer_count(g), 44690);
    for (int i = 0; i < nb_gazetteer_count(g); i++)
        count[nb_gazetteer_get(g, i)->level]++;
    CHECK_INT(count[NB_LV_PROVINCE], 31);
    CHECK_INT(count[NB_LV_CITY], 333);
    CHECK_INT(count[NB_LV_COUNTY], 2845 + 129);
    CHECK_INT(count[NB_LV_TOWNSHIP], 41352);
    /* the bound by the first two characters holds for every full name */
    for (int i = 0; i < nb_gazetteer_count(g); i++) {
        const char *name = nb_gazetteer_get(g, i)->name;
        size_t n = strlen(name), f = 1;
        for (int starts = 0; f < n; f++)
            if (((unsigned char)name[f] & 0xC0) != 0x80 && ++starts == 2)
                break;
        if (nb_gazetteer_prefix_max(g, name, f) < n) {
            CHECK(nb_gazetteer_prefix_max(g, name, f) >= n);
            break;
        }
    }
    CHECK(nb_gazetteer_prefix_max(g, "岭东", strlen("岭东")) >= strlen("岭东区"));
    CHECK(nb_gazetteer_prefix_max(g, "岭东", strlen("岭东")) <= nb_gazetteer_max_key(g));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nb_region r;
        CHECK_STR(resolve(cases[i].agency, NULL, NULL, &r), cases[i].code);
        CHECK_INT(r.status, NB_REGION_RESOLVED);
        CHECK_INT(r.level, cases[i].level);
    }
    /* every real report's truth agency resolves to its truth code */
    {
        static const char *const truths[] = {"003_huaian_city_2024", "005_shanghai_stcsm_2024",
                                             "007_shanghai_govoffice_2019", "010_pingtan_2021",
                                             NULL};
        char path[512];
        size_t n;
        for (int i = 0; truths[i]; i++) {
            snprintf(path, sizeof path, "%s/real/truth/%s.json", NB_SHARED_DIR, truths[i]);
            char *t = slurp(path, &n), *a, *c;
            if (!t) {
                printf("test_gazetteer: %s absent, skipped\n", path);
                continue;
            }
            a = strstr(t, "\"agency\": \"");
            c = strstr(t, "\"region_code\": \"");
            CHECK(a && c);
            if (a && c) {
                a += 11;
                c += 16;
                *strchr(a, '"') = '\0';
                *strchr(c, '"') = '\0';
                CHECK_STR(resolve(a, NULL, NULL, NULL), c);
            }
            free(t);
        }
    }
    nb_gazetteer_free(g);
    g = NULL;
}

/* Names as the resolver reads them: NFKC (skipped when it changes nothing),
 * no white space, no trailing remark, no leading 中共. */
static void
normalize(void)
{
    static const struct {
        const char *in, *out;
        int match;
    } cases[] = {
        {"岭东区 民政\t局\n", "岭东区民政局", 0},
        {"延津县民政局（加挂老龄办牌子）", "延津县民政局", 0},
        {"ＡＢ１２县\u3000民政局", "AB12县民政局", 0},
        {"中共威海市委", "威海市委", 0},
        {"城南街道办事处", "城南街道", 1},
        {"城南街道办事处", "城南街道办事处", 0},
        {"一\xe9\xbf\xbf\xe4\xb8\x80", "一\xe9\xbf\xbf\xe4\xb8\x80", 0},
        {"\xe4\xb7\x80"
         "a",
         "\xe4\xb7\x80"
         "a",
         0},                             /* U+4DC0, below the ideographs */
        {"\xff\xfe局", "\xff\xfe局", 0}, /* not UTF-8: kept */
        {"e\xcc\x81", "\xc3\xa9", 0},    /* composed */
        {"", "", 0},
    };
    nb_buf b = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK(nb_name_normalize(cases[i].in, strlen(cases[i].in), cases[i].match, &b) == 0);
        CHECK_STR(b.p, cases[i].out);
    }
    nb_buf_fini(&b);
}

/* tb_hash against its byte-for-byte reference (the tail by memcpy into a
 * zeroed word): every length up to 40 at every offset, random bytes. */
static uint32_t
hash_ref(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0x100000001B3ull;
    return (uint32_t)(h ^ h >> 32);
}

static void
hash_tail(void)
{
    char buf[64];
    uint64_t x = 88172645463325252ull;
    int bad = 0;

    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = (char)x;
        }
        for (size_t off = 0; off < 8; off++)
            for (size_t n = 0; n <= 40; n++)
                bad += tb_hash(buf + off, n) != hash_ref(buf + off, n);
    }
    CHECK_INT(bad, 0);
}

int
main(void)
{
    nb_error err = {0};
    cats = nb_categories_load(DATA "categories.tsv", &err);
    CHECK(cats != NULL);
    if (!cats) {
        fprintf(stderr, "%s\n", err.text);
        return check_done("test_gazetteer");
    }
    hash_tail();
    normalize();
    fixture_traps();
    bad_files();
    full_table();
    nb_categories_free(cats);
    return check_done("test_gazetteer");
}
