/* cell.c - cell folding and classification, label keys. */
#include "cell.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <utf8proc.h>

#include "schema.h"

static const char *const flag_names[] = {
    "cjk_zero",      "unit_converted",  "unit_unknown", "precision", "repaired_split",
    "label_variant", "header_inferred", "h0",           "derived",
};

int
nb_flag_names(unsigned fl, const char **names, int max)
{
    int k = 0;

    for (unsigned i = 0; i < sizeof flag_names / sizeof flag_names[0] && k < max; i++)
        if (fl & (1u << i))
            names[k++] = flag_names[i];
    return k;
}

/* Decode one UTF-8 character at s (valid input assumed; a bad byte is
 * returned as itself with length 1). */
static int32_t
next_cp(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);

    if (k <= 0) {
        *len = 1;
        return (unsigned char)s[0];
    }
    *len = (size_t)k;
    return cp;
}

static int
is_dash(int32_t c)
{
    return c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2212 || c == 0x2010 ||
           c == 0x2011 || c == 0xFF0D || c == 0x2012 || c == 0xFE58 || c == 0xFE63 || c == 0x2E3A ||
           c == 0x2E3B;
}

static int
is_space_cp(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           c == 0x200B || c == 0xFEFF || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x202F;
}

/*
 * Fold a cell for classification (SCHEMA 7.2) into out (ASCII-ish, at
 * most cap-1 bytes): full-width ASCII to ASCII, dashes to '-', runs of
 * '-' to one, white space to ' ', trimmed.  Returns the length.
 */
static size_t
fold_cell(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, o = 0;

    while (i < n && o + 4 < cap) {
        size_t len;
        int32_t c = next_cp(s + i, n - i, &len);

        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        if (is_dash(c)) {
            if (o == 0 || out[o - 1] != '-')
                out[o++] = '-';
        } else if (is_space_cp(c)) {
            if (o > 0 && out[o - 1] != ' ')
                out[o++] = ' ';
        } else if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    /* &nbsp; left over from HTML is a space */
    {
        char *p;
        while ((p = strstr(out, "&nbsp;")) != NULL) {
            memmove(p, p + 6, strlen(p + 6) + 1);
            o -= 6;
        }
        while (o > 0 && out[o - 1] == ' ')
            out[--o] = '\0';
    }
    return o;
}

static int
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Parse digits with optional ',' groups and an optional fraction at *p
 * into millionths.  Returns 1 and advances *p; 0 when no number; -1 on
 * more than 6 decimals or too many digits. */
static int
parse_decimal(const char **p, int64_t *micro, int *decimals)
{
    const char *s = *p;
    int64_t ip = 0, fp = 0;
    int nd = 0, nf = 0, group = 0, commas = 0;

    if (*s < '0' || *s > '9')
        return 0;
    while ((*s >= '0' && *s <= '9') || (*s == ',' && s[1] >= '0' && s[1] <= '9')) {
        if (*s == ',') {
            if (commas == 0 && (group < 1 || group > 3))
                return 0;
            if (commas > 0 && group != 3)
                return 0;
            commas++;
            group = 0;
            s++;
            continue;
        }
        if (++nd > 12)
            return -1;
        ip = ip * 10 + (*s - '0');
        group++;
        s++;
    }
    if (commas > 0 && group != 3)
        return 0;
    if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (++nf > 6)
                return -1;
            fp = fp * 10 + (*s - '0');
            s++;
        }
    }
    *decimals = nf;
    for (int k = nf; k < 6; k++)
        fp *= 10;
    *micro = ip * NB_MICRO + fp;
    *p = s;
    return 1;
}

static const char *const count_units[] = {"人次", "件", "条", "个", "项", "次", "家", NULL};

void
nb_cell_parse(const char *s, size_t n, int kind, nb_cell *out)
{
    char buf[256];
    const char *p;
    int64_t micro = 0;
    int neg = 0, decimals = 0, rc;
    size_t len;

    memset(out, 0, sizeof *out);
    if (n > sizeof buf / 2) {
        out->state = NB_ST_TEXT;
        return;
    }
    len = fold_cell(s, n, buf, sizeof buf);
    if (len == 0) {
        out->state = NB_ST_BLANK;
        return;
    }
    if (!strcmp(buf, "-")) {
        out->state = NB_ST_DASH;
        return;
    }
    if (!strcmp(buf, "/") || !strcmp(buf, "\\") || !strcmp(buf, "//") || !strcmp(buf, "不适用") ||
        !strcasecmp(buf, "n/a") || !strcasecmp(buf, "na")) {
        out->state = NB_ST_SLASH;
        return;
    }
    if (!strcmp(buf, "无") || !strcmp(buf, "暂无") || !strcmp(buf, "没有")) {
        out->state = NB_ST_NONE;
        return;
    }
    if (!strcmp(buf, "〇") || !strcmp(buf, "零")) {
        out->state = NB_ST_NUM;
        out->flags = NB_FL_CJK_ZERO;
        return;
    }
    p = buf;
    if (kind == NB_KIND_SIGNED || kind < 0) {
        if (starts(p, "增加") || starts(p, "新增"))
            p += strlen("增加");
        else if (starts(p, "增"))
            p += strlen("增");
        else if (starts(p, "减少"))
            p += strlen("减少"), neg = 1;
        else if (starts(p, "减"))
            p += strlen("减"), neg = 1;
    }
    if (*p == '+')
        p++;
    else if (*p == '-' && !neg)
        p++, neg = 1;
    rc = parse_decimal(&p, &micro, &decimals);
    if (rc == 0) {
        out->state = NB_ST_TEXT;
        return;
    }
    if (rc < 0) {
        out->state = NB_ST_AMBIGUOUS;
        out->flags = NB_FL_PRECISION;
        return;
    }
    /* "1 0", "1 234": digit groups split by spaces are never joined here */
    if (*p == ' ' && p[1] >= '0' && p[1] <= '9') {
        out->state = NB_ST_AMBIGUOUS;
        return;
    }
    if (*p == ' ')
        p++;
    if (*p) {
        int ok = 0;

        if (!strcmp(p, "万元")) {
            out->unit = NB_UNIT_WAN;
            ok = 1;
        } else if (!strcmp(p, "元")) {
            out->unit = NB_UNIT_YUAN;
            ok = 1;
        } else {
            for (int k = 0; count_units[k]; k++)
                if (!strcmp(p, count_units[k]))
                    ok = 1;
        }
        if (!ok) {
            out->state = NB_ST_TEXT;
            return;
        }
    }
    if (out->unit == NB_UNIT_YUAN && (kind == NB_KIND_AMOUNT || kind < 0)) {
        /* 1 元 = 10^-4 万元: millionths of 万元 are hundredths of 元 */
        if (decimals > 2 || micro % 10000 != 0) {
            out->state = NB_ST_AMBIGUOUS;
            out->flags = NB_FL_PRECISION;
            return;
        }
        micro /= 10000;
        out->flags |= NB_FL_UNIT_CONVERTED;
    }
    out->state = NB_ST_NUM;
    out->micro = neg ? -micro : micro;
}

int
nb_is_value_token(const char *s, size_t n)
{
    nb_cell c;

    nb_cell_parse(s, n, -1, &c);
    if (c.state == NB_ST_TEXT || c.state == NB_ST_BLANK)
        return 0;
    if (c.state == NB_ST_AMBIGUOUS) {
        /* digit groups split by spaces, or an over-long number */
        for (size_t i = 0; i < n; i++)
            if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '.' || s[i] == ','))
                return 0;
    }
    return 1;
}

char *
nb_micro_format(int64_t micro, char *buf)
{
    uint64_t m = micro < 0 ? (uint64_t)(-(micro + 1)) + 1 : (uint64_t)micro;
    uint64_t ip = m / NB_MICRO, fp = m % NB_MICRO;
    int len = snprintf(buf, 32, "%s%llu", micro < 0 ? "-" : "", (unsigned long long)ip);

    if (fp) {
        char f[8];
        int k = 6;

        snprintf(f, sizeof f, "%06llu", (unsigned long long)fp);
        while (k > 0 && f[k - 1] == '0')
            k--;
        f[k] = '\0';
        snprintf(buf + len, 32 - (size_t)len, ".%s", f);
    }
    return buf;
}

/* Traditional characters of the form labels, to Simplified. */
static const int32_t trad_simp[][2] = {
    {0x8907, 0x590D},
    /* 複 复 */ {0x5FA9, 0x590D},
    /* 復 复 */ {0x898F, 0x89C4}, /* 規 规 */
    {0x8655, 0x5904},
    /* 處 处 */ {0x7D50, 0x7ED3},
    /* 結 结 */ {0x8F49, 0x8F6C}, /* 轉 转 */
    {0x5BE9, 0x5BA1},
    /* 審 审 */ {0x7DAD, 0x7EF4},
    /* 維 维 */ {0x7CFE, 0x7EA0}, /* 糾 纠 */
    {0x8A34, 0x8BC9},
    /* 訴 诉 */ {0x7E3D, 0x603B},
    /* 總 总 */ {0x6578, 0x6570}, /* 數 数 */
    {0x8ACB, 0x8BF7},
    /* 請 请 */ {0x958B, 0x5F00},
    /* 開 开 */ {0x52D9, 0x52A1}, /* 務 务 */
    {0x9580, 0x95E8},
    /* 門 门 */ {0x8A08, 0x8BA1},
    /* 計 计 */ {0x8B70, 0x8BAE}, /* 議 议 */
    {0x8A31, 0x8BB8},
    /* 許 许 */ {0x9805, 0x9879},
    /* 項 项 */ {0x8CBB, 0x8D39}, /* 費 费 */
    {0x7D1A, 0x7EA7},
    /* 級 级 */ {0x8CC7, 0x8D44},
    /* 資 资 */ {0x8A0A, 0x8BAF}, /* 訊 讯 */
    {0x932F, 0x9519},
    /* 錯 错 */ {0x6A5F, 0x673A},
    /* 機 机 */ {0x95DC, 0x5173}, /* 關 关 */
    {0x767C, 0x53D1},
    /* 發 发 */ {0x5EE2, 0x5E9F},
    /* 廢 废 */ {0x73FE, 0x73B0}, /* 現 现 */
    {0x6548, 0x6548},
    {0x932B, 0x9521},
    {0x8655, 0x5904},
    {0x8B49, 0x8BC1}, /* 證 证 */
    {0x9AD4, 0x4F53},
    /* 體 体 */ {0x570B, 0x56FD},
    /* 國 国 */ {0x5BF6, 0x5B9D},
    {0x8207, 0x4E0E},
    /* 與 与 */ {0x8AAA, 0x8BF4},
    {0x5C08, 0x4E13},
    {0x7121, 0x65E0}, /* 無 无 */
    {0x8F09, 0x8F7D},
    {0x52DE, 0x52B3},
    {0x696D, 0x4E1A},
    /* 業 业 */ {0x69CB, 0x6784}, /* 構 构 */
    {0x6A19, 0x6807},
    {0x6E96, 0x51C6},
    {0x8ABF, 0x8C03},
    {0x7D71, 0x7EDF}, /* 統 统 */
    {0x9304, 0x5F55},
    {0x5831, 0x62A5},
    /* 報 报 */ {0x5831, 0x62A5},
    {0x9EDE, 0x70B9},
    {0x6C7A, 0x51B3},
    /* 決 决 */ {0x8A02, 0x8BA2},
    {0x5354, 0x534F},
    {0x8A2D, 0x8BBE},
    {0x984D, 0x989D},
    /* 額 额 */ {0x5340, 0x533A},
    /* 區 区 */ {0x7E23, 0x53BF}, /* 縣 县 */
    {0x9109, 0x4E61},
    /* 鄉 乡 */ {0x93AE, 0x9547},
    /* 鎮 镇 */ {0x8F44, 0x8F96}, /* 轄 辖 */
};

static int32_t
to_simplified(int32_t c)
{
    for (size_t i = 0; i < sizeof trad_simp / sizeof trad_simp[0]; i++)
        if (trad_simp[i][0] == c)
            return trad_simp[i][1];
    return c;
}

static int
is_key_dropped(int32_t c)
{
    switch (c) {
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:
    case '"':
    case '\'':
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0xFF08:
    case 0xFF09:
    case '(':
    case ')':
    case 0x3010:
    case 0x3011:
    case 0x200B:
    case 0xFEFF:
    case 0x200C:
    case 0x200D: return 1;
    }
    return is_space_cp(c) || utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

size_t
nb_label_key(const char *s, size_t n, char *out, size_t cap)
{
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m;
    size_t i = 0, o = 0, start;

    if (cap == 0)
        return 0;
    m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfkc,
                     UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
    if (m < 0) {
        /* not UTF-8: keep the bytes as they are, minus ASCII space */
        nfkc = NULL;
        for (i = 0; i < n && o + 1 < cap; i++)
            if (s[i] != ' ' && s[i] != '\t')
                out[o++] = s[i];
        out[o] = '\0';
        return o;
    }
    while (i < (size_t)m) {
        size_t len;
        int32_t c = next_cp((const char *)nfkc + i, (size_t)m - i, &len);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k;

        i += len;
        if (is_key_dropped(c))
            continue;
        c = to_simplified(c);
        k = utf8proc_encode_char(c, enc);
        if (o + (size_t)k + 1 > cap)
            break;
        memcpy(out + o, enc, (size_t)k);
        o += (size_t)k;
    }
    free(nfkc);
    out[o] = '\0';
    /* leading markdown markers, a trailing colon */
    start = 0;
    while (start < o && (out[start] == '#' || out[start] == '|' || out[start] == '-' ||
                         out[start] == '*' || out[start] == '>'))
        start++;
    if (start) {
        memmove(out, out + start, o - start + 1);
        o -= start;
    }
    while (o > 0 && (out[o - 1] == ':' || out[o - 1] == '|'))
        out[--o] = '\0';
    return o;
}
