/*
 * label.c - the label keys of SCHEMA 11.1 (nb_label_key, declared in
 * cell.h): NFKC, white space, quotes and brackets dropped, the Traditional
 * characters of the form labels mapped to Simplified.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cell.h"
#include "uchar.h"

/* Traditional characters of the form labels, to Simplified. */
static const int32_t trad_simp[][2] = {
    {0x8907, 0x590D}, /* 複 复 */
    {0x5FA9, 0x590D}, /* 復 复 */
    {0x898F, 0x89C4}, /* 規 规 */
    {0x8655, 0x5904}, /* 處 处 */
    {0x7D50, 0x7ED3}, /* 結 结 */
    {0x8F49, 0x8F6C}, /* 轉 转 */
    {0x5BE9, 0x5BA1}, /* 審 审 */
    {0x7DAD, 0x7EF4}, /* 維 维 */
    {0x7CFE, 0x7EA0}, /* 糾 纠 */
    {0x8A34, 0x8BC9}, /* 訴 诉 */
    {0x7E3D, 0x603B}, /* 總 总 */
    {0x6578, 0x6570}, /* 數 数 */
    {0x8ACB, 0x8BF7}, /* 請 请 */
    {0x958B, 0x5F00}, /* 開 开 */
    {0x52D9, 0x52A1}, /* 務 务 */
    {0x9580, 0x95E8}, /* 門 门 */
    {0x8A08, 0x8BA1}, /* 計 计 */
    {0x8B70, 0x8BAE}, /* 議 议 */
    {0x8A31, 0x8BB8}, /* 許 许 */
    {0x9805, 0x9879}, /* 項 项 */
    {0x8CBB, 0x8D39}, /* 費 费 */
    {0x7D1A, 0x7EA7}, /* 級 级 */
    {0x8CC7, 0x8D44}, /* 資 资 */
    {0x8A0A, 0x8BAF}, /* 訊 讯 */
    {0x932F, 0x9519}, /* 錯 错 */
    {0x6A5F, 0x673A}, /* 機 机 */
    {0x95DC, 0x5173}, /* 關 关 */
    {0x767C, 0x53D1}, /* 發 发 */
    {0x5EE2, 0x5E9F}, /* 廢 废 */
    {0x73FE, 0x73B0}, /* 現 现 */
    {0x932B, 0x9521}, /* 錫 锡 */
    {0x8B49, 0x8BC1}, /* 證 证 */
    {0x9AD4, 0x4F53}, /* 體 体 */
    {0x570B, 0x56FD}, /* 國 国 */
    {0x5BF6, 0x5B9D}, /* 寶 宝 */
    {0x8207, 0x4E0E}, /* 與 与 */
    {0x8AAA, 0x8BF4}, /* 說 说 */
    {0x5C08, 0x4E13}, /* 專 专 */
    {0x7121, 0x65E0}, /* 無 无 */
    {0x8F09, 0x8F7D}, /* 載 载 */
    {0x52DE, 0x52B3}, /* 勞 劳 */
    {0x696D, 0x4E1A}, /* 業 业 */
    {0x69CB, 0x6784}, /* 構 构 */
    {0x6A19, 0x6807}, /* 標 标 */
    {0x6E96, 0x51C6}, /* 準 准 */
    {0x8ABF, 0x8C03}, /* 調 调 */
    {0x7D71, 0x7EDF}, /* 統 统 */
    {0x9304, 0x5F55}, /* 錄 录 */
    {0x5831, 0x62A5}, /* 報 报 */
    {0x6771, 0x4E1C}, /* 東 东 */
    {0x9EDE, 0x70B9}, /* 點 点 */
    {0x6C7A, 0x51B3}, /* 決 决 */
    {0x8A02, 0x8BA2}, /* 訂 订 */
    {0x5354, 0x534F}, /* 協 协 */
    {0x8A2D, 0x8BBE}, /* 設 设 */
    {0x984D, 0x989D}, /* 額 额 */
    {0x5340, 0x533A}, /* 區 区 */
    {0x7E23, 0x53BF}, /* 縣 县 */
    {0x9109, 0x4E61}, /* 鄉 乡 */
    {0x93AE, 0x9547}, /* 鎮 镇 */
    {0x8F44, 0x8F96}, /* 轄 辖 */
    {0x7E7C, 0x7EE7}, /* 繼 继 */
    {0x7E8C, 0x7EED}, /* 續 续 */
    {0x8FA6, 0x529E}, /* 辦 办 */
    {0x8A1F, 0x8BBC}, /* 訟 讼 */
    {0x7A69, 0x7A33}, /* 穩 稳 */
    {0x5167, 0x5185}, /* 內 内 */
    {0x904E, 0x8FC7}, /* 過 过 */
    {0x57F7, 0x6267}, /* 執 执 */
    {0x8A62, 0x8BE2}, /* 詢 询 */
    {0x88FD, 0x5236}, /* 製 制 */
    {0x78BA, 0x786E}, /* 確 确 */
    {0x8A2A, 0x8BBF}, /* 訪 访 */
    {0x88DC, 0x8865}, /* 補 补 */
    {0x7E73, 0x7F34}, /* 繳 缴 */
    {0x7D0D, 0x7EB3}, /* 納 纳 */
    {0x7BC4, 0x8303}, /* 範 范 */
    {0x5C0D, 0x5BF9}, /* 對 对 */
    {0x7F70, 0x7F5A}, /* 罰 罚 */
    {0x5F37, 0x5F3A}, /* 強 强 */
    {0x63A1, 0x91C7}, /* 採 采 */
    {0x8CFC, 0x8D2D}, /* 購 购 */
    {0x4FC2, 0x7CFB}, /* 係 系 */
    {0x70BA, 0x4E3A}, /* 為 为 */
    {0x6CC1, 0x51B5}, /* 況 况 */
    {0x689D, 0x6761}, /* 條 条 */
    {0x52D5, 0x52A8}, /* 動 动 */
    {0x554F, 0x95EE}, /* 問 问 */
    {0x984C, 0x9898}, /* 題 题 */
    {0x9032, 0x8FDB}, /* 進 进 */
    {0x7D44, 0x7EC4}, /* 組 组 */
    {0x7E54, 0x7EC7}, /* 織 织 */
    {0x6703, 0x4F1A}, /* 會 会 */
    {0x5718, 0x56E2}, /* 團 团 */
    {0x64DA, 0x636E}, /* 據 据 */
    {0x7372, 0x83B7}, /* 獲 获 */
    {0x500B, 0x4E2A}, /* 個 个 */
    {0x985E, 0x7C7B}, /* 類 类 */
    {0x6B0A, 0x6743}, /* 權 权 */
    {0x8B77, 0x62A4}, /* 護 护 */
    {0x96AA, 0x9669}, /* 險 险 */
    {0x8209, 0x4E3E}, /* 舉 举 */
    {0x7522, 0x4EA7}, /* 產 产 */
    {0x7D93, 0x7ECF}, /* 經 经 */
    {0x71DF, 0x8425}, /* 營 营 */
    {0x5BE6, 0x5B9E}, /* 實 实 */
    {0x969B, 0x9645}, /* 際 际 */
    {0x5169, 0x4E24}, /* 兩 两 */
    {0x7FA9, 0x4E49}, /* 義 义 */
    {0x885B, 0x536B}, /* 衛 卫 */
    {0x5EF3, 0x5385}, /* 廳 厅 */
    {0x5C6C, 0x5C5E}, /* 屬 属 */
    {0x6FDF, 0x6D4E}, /* 濟 济 */
    {0x91AB, 0x533B}, /* 醫 医 */
    {0x7642, 0x7597}, /* 療 疗 */
    {0x85E5, 0x836F}, /* 藥 药 */
    {0x865F, 0x53F7}, /* 號 号 */
    {0x55AE, 0x5355}, /* 單 单 */
    {0x61C9, 0x5E94}, /* 應 应 */
    {0x7576, 0x5F53}, /* 當 当 */
    {0x5F9E, 0x4ECE}, /* 從 从 */
    {0x5C07, 0x5C06}, /* 將 将 */
    {0x6642, 0x65F6}, /* 時 时 */
    {0x9593, 0x95F4}, /* 間 间 */
    {0x6B78, 0x5F52}, /* 歸 归 */
    {0x6A94, 0x6863}, /* 檔 档 */
    {0x8B80, 0x8BFB}, /* 讀 读 */
    {0x7C21, 0x7B80}, /* 簡 简 */
    {0x7A4D, 0x79EF}, /* 積 积 */
    {0x6975, 0x6781}, /* 極 极 */
    {0x50B3, 0x4F20}, /* 傳 传 */
    {0x9054, 0x8FBE}, /* 達 达 */
    {0x7D61, 0x7EDC}, /* 絡 络 */
    {0x7DB2, 0x7F51}, /* 網 网 */
    {0x9801, 0x9875}, /* 頁 页 */
    {0x806F, 0x8054}, /* 聯 联 */
    {0x7E6B, 0x7CFB}, /* 繫 系 */
    {0x96FB, 0x7535}, /* 電 电 */
    {0x8A71, 0x8BDD}, /* 話 话 */
    {0x90F5, 0x90AE}, /* 郵 邮 */
    {0x7DE8, 0x7F16}, /* 編 编 */
    {0x5C46, 0x5C4A}, /* 屆 届 */
    {0x8846, 0x4F17}, /* 衆 众 */
    {0x773E, 0x4F17}, /* 眾 众 */
    {0x6236, 0x6237}, /* 戶 户 */
    {0x6AA2, 0x68C0}, /* 檢 检 */
    {0x9A57, 0x9A8C}, /* 驗 验 */
    {0x74B0, 0x73AF}, /* 環 环 */
    {0x614B, 0x6001}, /* 態 态 */
    {0x66F8, 0x4E66}, /* 書 书 */
    {0x8A18, 0x8BB0}, /* 記 记 */
    {0x5EAB, 0x5E93}, /* 庫 库 */
    {0x7A05, 0x7A0E}, /* 稅 税 */
    {0x5712, 0x56ED}, /* 園 园 */
    {0x8FB2, 0x519C}, /* 農 农 */
    {0x6F01, 0x6E14}, /* 漁 渔 */
    {0x7926, 0x77FF}, /* 礦 矿 */
    {0x5EE3, 0x5E7F}, /* 廣 广 */
    {0x8996, 0x89C6}, /* 視 视 */
    {0x85DD, 0x827A}, /* 藝 艺 */
    {0x8853, 0x672F}, /* 術 术 */
    {0x6B77, 0x5386}, /* 歷 历 */
    {0x8CEA, 0x8D28}, /* 質 质 */
    {0x76E3, 0x76D1}, /* 監 监 */
    {0x50F9, 0x4EF7}, /* 價 价 */
    {0x8CBF, 0x8D38}, /* 貿 贸 */
    {0x9280, 0x94F6}, /* 銀 银 */
    {0x9928, 0x9986}, /* 館 馆 */
    {0x9577, 0x957F}, /* 長 长 */
    {0x54E1, 0x5458}, /* 員 员 */
    {0x5E79, 0x5E72}, /* 幹 干 */
    {0x9EE8, 0x515A}, /* 黨 党 */
    {0x8ECD, 0x519B}, /* 軍 军 */
    {0x7D00, 0x7EAA}, /* 紀 纪 */
    {0x50D1, 0x4FA8}, /* 僑 侨 */
    {0x81FA, 0x53F0}, /* 臺 台 */
    {0x7063, 0x6E7E}, /* 灣 湾 */
    {0x50C5, 0x4EC5}, /* 僅 仅 */
    {0x5104, 0x4EBF}, /* 億 亿 */
    {0x842C, 0x4E07}, /* 萬 万 */
    {0x9918, 0x4F59}, /* 餘 余 */
    {0x4E26, 0x5E76}, /* 並 并 */
    {0x65BC, 0x4E8E}, /* 於 于 */
    {0x5F8C, 0x540E}, /* 後 后 */
};

static int
cmp_pair(const void *a, const void *b)
{
    int32_t x = ((const int32_t *)a)[0], y = ((const int32_t *)b)[0];
    return (x > y) - (x < y);
}

static int32_t trad_sorted[sizeof trad_simp / sizeof trad_simp[0]][2];
static unsigned char trad_bits[(0xA000 - 0x4E00) / 8]; /* which ideographs have an entry */
static int trad_ready;

static void
trad_build(void)
{
    const size_t n = sizeof trad_simp / sizeof trad_simp[0];

    memcpy(trad_sorted, trad_simp, sizeof trad_sorted);
    qsort(trad_sorted, n, sizeof trad_sorted[0], cmp_pair);
    for (size_t i = 0; i < n; i++)
        if (trad_sorted[i][0] >= 0x4E00 && trad_sorted[i][0] < 0xA000)
            trad_bits[(trad_sorted[i][0] - 0x4E00) >> 3] |=
                (unsigned char)(1u << (trad_sorted[i][0] & 7));
    trad_ready = 1;
}

/* Whether the ideograph c (U+4E00..U+9FFF) has an entry (after
 * trad_build). */
static inline int
is_trad(int32_t c)
{
    return trad_bits[(c - 0x4E00) >> 3] & (1u << (c & 7));
}

int32_t
nb_to_simplified(int32_t c)
{
    const int32_t(*hit)[2];
    const size_t n = sizeof trad_simp / sizeof trad_simp[0];

    if (c < 0x4E00)
        return c;
    if (!trad_ready)
        trad_build();
    if (c < 0xA000 && !is_trad(c))
        return c;
    hit = bsearch(&c, trad_sorted, n, sizeof trad_sorted[0], cmp_pair);
    return hit ? (*hit)[1] : c;
}

/* The ideograph U+4E00..U+9FFF whose three bytes of UTF-8 are at u (m of
 * them readable), or 0. */
static inline int32_t
ideograph3(const unsigned char *u, size_t m)
{
    int32_t c;

    if (m < 3 || u[0] < 0xE4 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    c = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    return c >= 0x4E00 ? c : 0;
}

static int
is_key_dropped(int32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 0; /* the common case: an ideograph */
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
    case 0x200C:
    case 0x200D: return 1;
    }
    if (c < 0x80)
        return nb_uc_is_blank(c);
    return nb_uc_is_blank(c) || utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/*
 * Whether NFKC of s is plain for certain: valid UTF-8 made of ASCII other
 * than controls, CJK Unified Ideographs (not the compatibility ones), the
 * punctuation labels use that has no compatibility form, and full-width
 * ASCII and U+3000, which NFKC maps one to one (done in the key loop).
 * Labels and prose are nearly all so; the rest goes through utf8proc.
 */
static int
nfkc_stable_char(int32_t c)
{
    if (c < 0x80)
        return c >= 0x20;
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000 ||
           c == 0x3001 || c == 0x3002 || c == 0x300A || c == 0x300B || c == 0x201C || c == 0x201D ||
           c == 0x2018 || c == 0x2019;
}

static int
nfkc_stable(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len;
        int32_t c;

        if (ideograph3((const unsigned char *)s + i, n - i)) {
            i += 3; /* the common case */
            continue;
        }
        c = nb_utf8_next(s + i, n - i, &len);
        /* a stray byte is returned as itself, length 1: never stable */
        if (!(c < 0x80 ? len == 1 : len == 3) || !nfkc_stable_char(c))
            return 0;
        i += len;
    }
    return 1;
}

int32_t
nb_label_key_char(int32_t c)
{
    if (!nfkc_stable_char(c))
        return -1;
    c = nb_uc_narrow(c);
    return is_key_dropped(c) ? 0 : nb_to_simplified(c);
}

size_t
nb_label_key(const char *s, size_t n, char *out, size_t cap)
{
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m;
    size_t i = 0, o = 0, start;

    if (cap == 0)
        return 0;
    if (nfkc_stable(s, n)) {
        /* the common case: NFKC would give back the same text */
        nfkc = (utf8proc_uint8_t *)(uintptr_t)s;
        m = (utf8proc_ssize_t)n;
        goto mapped;
    }
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
mapped:
    if (!trad_ready)
        trad_build();
    while (i < (size_t)m) {
        size_t len;
        const utf8proc_uint8_t *at = nfkc + i;
        int32_t c0 = ideograph3(at, (size_t)m - i), c;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k;

        if (c0 && !is_trad(c0)) {
            /* the common case: an ideograph that keys to itself (what the
             * steps below do with it, in fewer steps) */
            if (o + 3 + 1 > cap)
                break;
            out[o++] = (char)at[0];
            out[o++] = (char)at[1];
            out[o++] = (char)at[2];
            i += 3;
            continue;
        }
        c0 = nb_utf8_next((const char *)at, (size_t)m - i, &len);
        c = nb_uc_narrow(c0); /* what NFKC does to full-width forms, for the fast path */
        i += len;
        if (is_key_dropped(c))
            continue;
        c = nb_to_simplified(c);
        if (c == c0) {
            /* unchanged (nearly every ideograph): the bytes as they are */
            if (o + len + 1 > cap)
                break;
            for (size_t j = 0; j < len; j++)
                out[o++] = (char)at[j];
            continue;
        }
        if (c < 0x80) {
            enc[0] = (utf8proc_uint8_t)c;
            k = 1;
        } else {
            k = utf8proc_encode_char(c, enc);
        }
        if (o + (size_t)k + 1 > cap)
            break;
        for (utf8proc_ssize_t j = 0; j < k; j++) /* 1 to 4 bytes: no memcpy call */
            out[o++] = (char)enc[j];
    }
    if ((const char *)nfkc != s)
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

/* ---- nb_label_key_may_hold: which texts' keys can hold a given ideograph ---- */

/* An ideograph in the compatibility decomposition of a character
 * (U+F900 豈, ⼀ U+2F00, ㈠ U+3220, 〸 U+3038 ...): NFKC gives the one for
 * the other. */
typedef struct compat_pair {
    int32_t ideo, from;
} compat_pair;

static compat_pair *compat;
static size_t ncompat;

static int
cmp_compat(const void *a, const void *b)
{
    int32_t x = ((const compat_pair *)a)->ideo, y = ((const compat_pair *)b)->ideo;
    return (x > y) - (x < y);
}

/* Every (ideograph, character) pair of the compatibility decompositions,
 * sorted by ideograph: built once, a pass over the code points up to the
 * last that has a decomposition.  Returns 0, or -1 when out of memory. */
static int
compat_build(void)
{
    size_t cap = 0;

    if (compat)
        return 0;
    for (int32_t u = 0x80; u <= NB_LAST_DECOMPOSED; u++) {
        utf8proc_int32_t dec[32];
        utf8proc_ssize_t k;
        int bound = 0;

        if ((u >= 0xD800 && u <= 0xDFFF) || utf8proc_get_property(u)->decomp_seqindex == UINT16_MAX)
            continue;
        k = utf8proc_decompose_char(u, dec, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
        for (utf8proc_ssize_t i = 0; i < k && i < 32; i++) {
            if (dec[i] < 0x4E00 || dec[i] > 0x9FFF)
                continue;
            if (ncompat == cap) {
                size_t c2 = cap ? 2 * cap : 2048;
                compat_pair *p = realloc(compat, c2 * sizeof *p);
                if (!p)
                    return -1;
                compat = p;
                cap = c2;
            }
            compat[ncompat++] = (compat_pair){dec[i], u};
        }
    }
    if (!compat && !(compat = malloc(sizeof *compat)))
        return -1;
    qsort(compat, ncompat, sizeof *compat, cmp_compat);
    return 0;
}

/* The first pair of the ideograph c, or NULL. */
static const compat_pair *
first_compat(int32_t c)
{
    compat_pair key = {c, 0};
    const compat_pair *hit = bsearch(&key, compat, ncompat, sizeof *compat, cmp_compat);

    while (hit && hit > compat && hit[-1].ideo == c)
        hit--;
    return hit;
}

/* Add u to out[0..*n) unless it is there.  Returns -1 when full. */
static int
add_source(int32_t *out, int *n, int max, int32_t u)
{
    for (int i = 0; i < *n; i++)
        if (out[i] == u)
            return 0;
    if (*n == max)
        return -1;
    out[(*n)++] = u;
    return 0;
}

int
nb_label_key_sources(int32_t c, int32_t *out, int max)
{
    int n = 0, direct;

    if (c < 0x4E00 || c > 0x9FFF || compat_build() < 0 || add_source(out, &n, max, c) < 0)
        return -1;
    for (size_t i = 0; i < sizeof trad_simp / sizeof trad_simp[0]; i++)
        if (trad_simp[i][1] == c && add_source(out, &n, max, trad_simp[i][0]) < 0)
            return -1;
    direct = n;
    for (int k = 0; k < direct; k++)
        for (const compat_pair *p = first_compat(out[k]);
             p && p < compat + ncompat && p->ideo == out[k]; p++)
            if (add_source(out, &n, max, p->from) < 0)
                return -1;
    return n;
}
