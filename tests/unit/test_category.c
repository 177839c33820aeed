/* test_category.c - agency categories: longest suffix, branch units,
 * fallbacks (gazetteer reference 3), and bad category tables. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "category.h"
#include "check.h"

static const char *
cat(const nb_categories *c, const char *name)
{
    return nb_category_match(c, name, strlen(name))->id;
}

static void
expect_bad(const char *what, const char *text, int code)
{
    char path[256];
    nb_error err = {0};
    FILE *f;
    nb_categories *c;

    snprintf(path, sizeof path, "%s/nb-cat-%d.tsv", P_tmpdir, (int)getpid());
    f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    c = nb_categories_load(path, &err);
    CHECK(c == NULL);
    CHECK_INT(err.code, code);
    if (c || err.code != code)
        fprintf(stderr, "  (%s: %s)\n", what, err.text);
    nb_categories_free(c);
    unlink(path);
}

#define HDR "category_id\tchinese_name\tmatch_patterns\tlevel_hints\n"

int
main(void)
{
    nb_error err = {0};
    nb_categories *c = nb_categories_load(NB_SOURCE_DIR "/data/categories.tsv", &err);

    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "%s\n", err.text);
        return check_done("test_category");
    }
    /* the seeds */
    CHECK_STR(cat(c, "岭东区民政局"), "civil_affairs");
    CHECK_STR(cat(c, "延津县民政局"), "civil_affairs");
    CHECK_STR(cat(c, "威海市文登区民政局"), "civil_affairs");
    CHECK_STR(cat(c, "岭东区中心街道办事处"), "subdistrict");
    CHECK_STR(cat(c, "石嘴山市民政局"), "civil_affairs");
    CHECK_STR(nb_category_match(c, "石嘴山市民政局", strlen("石嘴山市民政局"))->name, "民政");
    /* longest suffix, head-final names */
    CHECK_STR(cat(c, "上海市人民政府办公厅"), "gov_office");
    CHECK_STR(cat(c, "高平市人民政府办公室"), "gov_office");
    CHECK_STR(cat(c, "淮安市人民政府"), "gov");
    CHECK_STR(cat(c, "湛江市人民政府地方志办公室"), "local_chronicles");
    CHECK_STR(cat(c, "城关镇人民政府"), "township_gov");
    CHECK_STR(cat(c, "上海市科学技术委员会"), "sci_tech");
    CHECK_STR(cat(c, "上海市科委"), "sci_tech");
    CHECK_STR(cat(c, "某县科技和工业信息化局"), "sci_tech");
    CHECK_STR(cat(c, "平潭综合实验区"), "dev_zone");
    CHECK_STR(cat(c, "荆州市公安局"), "public_security");
    /* branch units: the department ending rightmost inside the name */
    CHECK_STR(cat(c, "荆州市公安局沙市区某某大队"), "public_security");
    CHECK_STR(cat(c, "某市生态环境局某某县分局"), "eco_env");
    /* fallbacks */
    CHECK_STR(cat(c, "某县人民医院"), "public_institution");
    CHECK_STR(cat(c, "某省驻京办事处"), "other");
    CHECK_STR(cat(c, "某某委员会"), "other");
    CHECK_STR(cat(c, ""), "other");
    CHECK_STR(cat(c, "\xff\xfe"), "other");
    /* noise: spaces, a trailing remark, full-width */
    CHECK_STR(cat(c, "岭东区 民政 局"), "civil_affairs");
    CHECK_STR(cat(c, "延津县民政局（加挂老龄办牌子）"), "civil_affairs");
    CHECK_STR(cat(c, "国家税务总局延津县税务局"), "tax");
    /* the rest-of-name test used by the resolver */
    CHECK(nb_category_is_suffix(c, "公安局", strlen("公安局")));
    CHECK(!nb_category_is_suffix(c, "局", strlen("局")));
    CHECK(!nb_category_is_suffix(c, "医院", strlen("医院")));
    CHECK(!nb_category_is_suffix(c, "", 0));
    CHECK(nb_category_is_pattern(c, "教育局", strlen("教育局")));
    CHECK(nb_category_is_pattern(c, "人民政府办公室", strlen("人民政府办公室")));
    CHECK(!nb_category_is_pattern(c, "县教育局", strlen("县教育局")));
    CHECK(!nb_category_is_pattern(c, "医院", strlen("医院")));
    CHECK(!nb_category_is_pattern(c, "", 0));
    /* the shortest pattern a name ends with: every end of the name at least
     * that long ends with a pattern, and no shorter one does */
    CHECK_INT(nb_category_suffix_len(c, "人民政府办公室", strlen("人民政府办公室")),
              strlen("政府办公室"));
    CHECK(nb_category_suffix_len(c, "局", strlen("局")) == SIZE_MAX);
    CHECK(nb_category_suffix_len(c, "", 0) == SIZE_MAX);
    CHECK(nb_category_suffix_len(c, "某县人民医院", strlen("某县人民医院")) == SIZE_MAX);
    {
        static const char *const names[] = {
            "荆州市公安局",   "威海市文登区民政局",         "公安县局",
            "石鼓区人民政府", "湛江市人民政府地方志办公室", "\xe5\xb1\x80\x80",
            "中心街道"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t n = strlen(names[i]), m = nb_category_suffix_len(c, names[i], n);
            for (size_t k = 0; k <= n; k++)
                CHECK_INT(nb_category_is_suffix(c, names[i] + n - k, k), m != SIZE_MAX && k >= m);
        }
    }
    nb_categories_free(c);

    /* bad tables */
    c = nb_categories_load("/nonexistent/categories.tsv", &err);
    CHECK(c == NULL && err.code == NB_E_IO);
    expect_bad("empty", "", NB_E_RECORD);
    expect_bad("no header", "gov\t政府\t人民政府\t\nother\t其他\t\t\n", NB_E_RECORD);
    expect_bad("no other", HDR "gov\t政府\t人民政府\t\n", NB_E_RECORD);
    expect_bad("pattern twice", HDR "gov\t政府\t人民政府\t\nx\tX\t人民政府\t\nother\t其他\t\t\n",
               NB_E_RECORD);
    expect_bad("id twice", HDR "gov\t政府\t人民政府\t\ngov\t政府\t政府\t\nother\t其他\t\t\n",
               NB_E_RECORD);
    expect_bad("no patterns", HDR "gov\t政府\t\t\nother\t其他\t\t\n", NB_E_RECORD);
    expect_bad("few fields", HDR "gov\t政府\nother\t其他\t\t\n", NB_E_RECORD);
    expect_bad("not UTF-8", HDR "gov\t\xff\t人民政府\t\nother\t其他\t\t\n", NB_E_RECORD);
    return check_done("test_category");
}
