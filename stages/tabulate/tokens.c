/*
 * tokens.c - a document body to lines and tokens.
 *
 * Fields are TAB-separated (normalize turned pipes and aligned columns
 * into TABs).  A field is a value token, empty, or text; text that mixes
 * a label and numbers is cut into label and value tokens here, so that
 * "行政许可 97" and the glued "规章000行政规范性文件693665" read like
 * the tab-separated rows they stand for.  Page footers and markdown rule
 * lines are not rows and yield no tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "rule.h"
#include "uchar.h"

void
tb_doc_reset(tb_doc *d)
{
    d->body.n = 0;
    d->keys.n = 0;
    d->nlines = 0;
    d->ntok = 0;
    d->split_budget = TB_SPLIT_BUDGET;
    d->work_budget = TB_WORK_BUDGET;
    for (int i = 0; i < TB_MAX_METRICS; i++)
        d->cells[i].state = -1;
    memset(d->status, 0, sizeof d->status);
    memset(d->format, 0, sizeof d->format);
    memset(d->subfmt, 0, sizeof d->subfmt);
    d->nwarn = 0;
}

void
tb_doc_free(tb_doc *d)
{
    nb_buf_fini(&d->body);
    nb_buf_fini(&d->keys);
    free(d->lines);
    free(d->tok);
    free(d->scratch);
    d->lines = NULL;
    d->tok = NULL;
    d->scratch = NULL;
}

void
tb_warn(tb_doc *d, const char *w)
{
    for (int i = 0; i < d->nwarn; i++)
        if (!strcmp(d->warn[i], w))
            return;
    if (d->nwarn < TB_MAX_WARN)
        d->warn[d->nwarn++] = w;
}

/* nb_label_key, remembered for short labels: the row labels recur in
 * every report, and keying them was a sixth of the stage's time. */
static size_t
label_key(const char *s, size_t n, char *out, size_t cap)
{
    static struct {
        char text[96], key[96];
        unsigned char n, klen;
    } memo[1024];
    uint32_t h;
    size_t k;

    if (n == 0 || n >= sizeof memo[0].text)
        return nb_label_key(s, n, out, cap);
    h = nb_hash(s, n) % (sizeof memo / sizeof memo[0]);
    if (memo[h].n == n && !memcmp(memo[h].text, s, n)) {
        memcpy(out, memo[h].key, memo[h].klen);
        out[memo[h].klen] = '\0';
        return memo[h].klen;
    }
    k = nb_label_key(s, n, out, cap);
    if (k < sizeof memo[0].key) {
        memcpy(memo[h].text, s, n);
        memcpy(memo[h].key, out, k);
        memo[h].n = (unsigned char)n;
        memo[h].klen = (unsigned char)k;
    }
    return k;
}

static int
add_tok(tb_doc *d, int kind, int line, int field, size_t off, size_t len, int glued)
{
    tb_tok *t;

    if (d->ntok == d->tok_cap) {
        int cap = d->tok_cap ? d->tok_cap * 2 : 1024;
        tb_tok *p = realloc(d->tok, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        d->tok = p;
        d->tok_cap = cap;
    }
    t = &d->tok[d->ntok++];
    t->kind = (unsigned char)kind;
    t->glued = (unsigned char)glued;
    t->line = line;
    t->field = field;
    t->off = off;
    t->len = len;
    t->koff = d->keys.n; /* keys stay in token order: koff never decreases */
    t->klen = 0;
    if (kind == TK_LABEL) {
        /* keyed once here: the recognizer looks labels up many times */
        size_t cap = 3 * len + 16;
        if (nb_buf_reserve(&d->keys, cap) < 0)
            return -1;
        t->koff = d->keys.n;
        t->klen = label_key(d->body.p + off, len, d->keys.p + d->keys.n, cap);
        d->keys.n += t->klen;
    }
    return 0;
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t
u8len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int
has_prefix(const char *s, const char *end, const char *p)
{
    size_t n = strlen(p);
    return (size_t)(end - s) >= n && !memcmp(s, p, n);
}

/* Trim ASCII space and NBSP / U+3000 from both ends of [*a, *b). */
static void
trim(const char *base, size_t *a, size_t *b)
{
    const unsigned char *u = (const unsigned char *)base;

    for (;;) {
        if (*a < *b && (u[*a] == ' ' || u[*a] == '\r'))
            (*a)++;
        else if (*b - *a >= 2 && u[*a] == 0xC2 && u[*a + 1] == 0xA0)
            *a += 2;
        else if (*b - *a >= 3 && u[*a] == 0xE3 && u[*a + 1] == 0x80 && u[*a + 2] == 0x80)
            *a += 3;
        else
            break;
    }
    for (;;) {
        if (*b > *a && (u[*b - 1] == ' ' || u[*b - 1] == '\r'))
            (*b)--;
        else if (*b - *a >= 2 && u[*b - 2] == 0xC2 && u[*b - 1] == 0xA0)
            *b -= 2;
        else if (*b - *a >= 3 && u[*b - 3] == 0xE3 && u[*b - 2] == 0x80 && u[*b - 1] == 0x80)
            *b -= 3;
        else
            break;
    }
}

/* Characters after a number that make it prose ("2023年", "12月"). */
static const char *const prose_suffix[] = {"年", "月", "日", "号", "%",  "时", "岁", "周", "亿",
                                           "级", "类", "名", "位", "余", "多", "倍", "千", "百",
                                           "届", "期", "点", "分", "秒", "页", "篇", "份", "人",
                                           "户", "场", "批", "万", ":",  "/",  "-",  "~",  NULL};
static const char *const unit_suffix[] = {"万元", "元", "人次", "件", "条",
                                          "个",   "项", "次",   "家", NULL};

static int
emit_label(tb_doc *d, int line, int field, size_t a, size_t b)
{
    trim(d->body.p, &a, &b);
    if (a >= b)
        return 0;
    return add_tok(d, TK_LABEL, line, field, a, b - a, 0);
}

/* The length of the change's sign word (增加 减少 新增 增 减, SCHEMA 7.3)
 * that ends at s[i] and begins at or after s[lab]; 0 when none. */
static size_t
sign_before(const char *s, size_t lab, size_t i)
{
    static const char *const words[] = {"增加", "新增", "减少", "增", "减"};

    for (int w = 0; w < 5; w++) {
        size_t m = strlen(words[w]);
        if (i >= lab + m && !memcmp(s + i - m, words[w], m))
            return m;
    }
    return 0;
}

/*
 * Cut a text field [a, b) into label and value tokens.  A digit run is a
 * value unless it is an enumerator ("1.属于"), follows 第, or reads as
 * prose ("2023年").  A run glued to a following enumerator
 * ("2200003252.没有") gives its last digit to the enumerator.  增 or 减
 * before a run is the change column's sign and part of the value
 * ("16减12": 16 and -12); it also ends what the run is glued to on the
 * left.
 */
static int
split_text(tb_doc *d, int line, int field, size_t a, size_t b)
{
    const char *s = d->body.p;
    size_t i = a, lab = a;

    while (i < b) {
        size_t j, k, end, prev, v0;
        int value = 1, glued;

        if (!is_digit(s[i]) ||
            (i > a && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' ||
                       ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')))) {
            i += u8len(s + i);
            continue;
        }
        j = i;
        while (j < b && (is_digit(s[j]) ||
                         ((s[j] == '.' || s[j] == ',') && j + 1 < b && is_digit(s[j + 1]))))
            j++;
        end = j;
        /* the character before, skipping spaces */
        prev = i;
        while (prev > a && s[prev - 1] == ' ')
            prev--;
        if (prev >= a + 3 && !memcmp(s + prev - 3, "第", 3))
            value = 0;
        /* invented column names of OCR and LLM tables: 数据1, 列2, 栏3 */
        if ((prev >= a + 6 && !memcmp(s + prev - 6, "数据", 6)) ||
            (prev >= a + 6 && !memcmp(s + prev - 6, "字段", 6)) ||
            (prev >= a + 3 && (!memcmp(s + prev - 3, "列", 3) || !memcmp(s + prev - 3, "栏", 3))))
            value = 0;
        /* an enumerator after the run: "1.属于", "2、申请人" */
        if (value && j < b &&
            (((s[j] == '.' || s[j] == ')') && !(j + 1 < b && is_digit(s[j + 1]))) ||
             has_prefix(s + j, s + b, "、") || has_prefix(s + j, s + b, "）"))) {
            int digits_only = 1;
            for (k = i; k < j; k++)
                if (!is_digit(s[k]))
                    digits_only = 0;
            if (digits_only && j - i >= 2 && prev > lab) {
                end = j - 1; /* the last digit opens the next label */
            } else {
                value = 0;
            }
        }
        if (value && end == j && j < b) {
            for (int u = 0; prose_suffix[u]; u++)
                if (has_prefix(s + j, s + b, prose_suffix[u]) && !has_prefix(s + j, s + b, "万元"))
                    value = 0;
        }
        if (value && end == j && j < b) {
            for (int u = 0; unit_suffix[u]; u++) {
                size_t n = strlen(unit_suffix[u]);
                if (has_prefix(s + j, s + b, unit_suffix[u])) {
                    size_t after = j + n;
                    while (after < b && s[after] == ' ')
                        after++;
                    if (after >= b)
                        end = j + n; /* "97件" ending the field */
                    else
                        value = 0; /* "1件信息": prose */
                    break;
                }
            }
        }
        if (!value) {
            i = j;
            continue;
        }
        /* glued to text, or a run no single number is written as
         * ("0027", thirteen digits and more): several cells */
        v0 = i - sign_before(s, lab, i);
        glued = (v0 == i && i > a && s[i - 1] != ' ') || (end < b && s[end] != ' ') ||
                (end - i > 1 && s[i] == '0' && is_digit(s[i + 1])) || end - i > 12;
        if (emit_label(d, line, field, lab, v0) < 0 ||
            add_tok(d, TK_VALUE, line, field, v0, end - v0, glued) < 0)
            return -1;
        lab = i = end;
    }
    return emit_label(d, line, field, lab, b);
}

/* The length of the dash at s, if one is there, else 0: footers are drawn
 * with — – ― − (normalize folds them to '-', but tabulate reads
 * unnormalized text too). */
static size_t
dash_len(const char *s, const char *end)
{
    size_t len;

    return nb_uc_is_dash(nb_utf8_next(s, (size_t)(end - s), &len)) ? len : 0;
}

/* "— 5 —": a number between dashes, nothing else. */
static int
dash_footer(const char *s, size_t n)
{
    const char *p = s, *e = s + n;
    size_t k;
    int digits = 0, dashes = 0;

    while (p < e) {
        if (*p == ' ' || *p == '-') {
            dashes += *p == '-';
            p++;
        } else if ((k = dash_len(p, e)) > 0) {
            dashes++;
            p += k;
        } else if (is_digit(*p)) {
            if (dashes == 0 || digits)
                return 0;
            while (p < e && is_digit(*p))
                p++, digits++;
        } else {
            return 0;
        }
    }
    return digits >= 1 && digits <= 3 && dashes >= 2;
}

/* A page footer ("-4-", "- 4 -", "— 5 —", "第 4 页"), or a markdown rule line. */
static int
skip_line(const char *s, size_t n)
{
    size_t digits = 0, dashes = 0, other = 0;

    if (nb_rule_fields(s, n, NB_RULE_TABS, NULL, 0) > 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-')
            dashes++;
        else if (is_digit(c))
            digits++;
        else if (c == '\t' || c == '|' || c == ':' || c == ' ')
            ;
        else if (n >= 40)
            return 0; /* text: too long for a footer */
        else
            other++;
    }
    if (dash_footer(s, n))
        return 1;
    /* "-4-", "- 12 -" */
    if (other == 0 && digits >= 1 && digits <= 3 && dashes == 2 && n > 0) {
        size_t a = 0, b = n;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (b - a >= 3 && s[a] == '-' && s[b - 1] == '-')
            return 1;
    }
    /* "第 4 页", "第4页 共6页" */
    if (n >= 7 && n < 40) {
        size_t a = 0;
        while (a < n && s[a] == ' ')
            a++;
        if (has_prefix(s + a, s + n, "第") && strstr(s + a, "页") && digits >= 1 && digits <= 6) {
            int ok = 1;
            for (size_t k = a + 3; k < n; k++) {
                unsigned char c = (unsigned char)s[k];
                if (c < 0x80 && !is_digit((char)c) && c != ' ')
                    ok = 0;
            }
            if (ok && !strstr(s + a, "条"))
                return 1;
        }
    }
    return 0;
}

/*
 * A cell's note: "22（其中修订16件）" is the value 22 with a remark whose
 * numbers are not cells.  Returns the end of the value when the field
 * [a, b) is a value followed by one bracketed note, else b.
 */
static size_t
drop_note(const char *s, size_t a, size_t b)
{
    size_t p = a, v;

    /* most fields do not end in a bracket: say so before scanning */
    if (!(b >= a + 3 && has_prefix(s + b - 3, s + b, "）")) && !(b > a && s[b - 1] == ')'))
        return b;
    while (p < b && !has_prefix(s + p, s + b, "（") && s[p] != '(')
        p += u8len(s + p);
    if (p >= b || p == a)
        return b;
    v = p;
    while (v > a && s[v - 1] == ' ')
        v--;
    if (!nb_is_value_token(s + a, v - a))
        return b;
    /* one note: no other bracket opens inside it */
    for (size_t q = p + 1; q < b - 1; q++)
        if (s[q] == '(' || has_prefix(s + q, s + b - 1, "（"))
            return b;
    return v;
}

int
tb_tokenize(tb_doc *d)
{
    const char *s;
    size_t pos = 0;
    int lineno = 0;

    if (nb_buf_addc(&d->body, '\0') < 0)
        return -1;
    d->body.n--;
    s = d->body.p;
    while (pos < d->body.n) {
        const char *nl = memchr(s + pos, '\n', d->body.n - pos);
        size_t end = nl ? (size_t)(nl - s) : d->body.n;
        tb_line *L;
        int field = 0;
        size_t a = pos;

        lineno++;
        if (d->nlines == d->lines_cap) {
            int cap = d->lines_cap ? d->lines_cap * 2 : 256;
            tb_line *p = realloc(d->lines, (size_t)cap * sizeof *p);
            if (!p)
                return -1;
            d->lines = p;
            d->lines_cap = cap;
        }
        L = &d->lines[d->nlines++];
        L->off = pos;
        L->len = end - pos;
        L->ntok0 = d->ntok;
        L->nfields = 1;
        for (const char *t = s + pos; (t = memchr(t, '\t', (size_t)(s + end - t))) != NULL; t++)
            L->nfields++;
        if (!skip_line(s + pos, end - pos)) {
            for (size_t k = pos; k <= end; k++) {
                size_t fa, fb;
                int vt;
                const char *tab = memchr(s + k, '\t', end - k);

                k = tab ? (size_t)(tab - s) : end;
                field++;
                fa = a;
                fb = k;
                trim(s, &fa, &fb);
                if (L->nfields > 1)
                    fb = drop_note(s, fa, fb);
                if (fa >= fb) {
                    if (L->nfields > 1 && add_tok(d, TK_EMPTY, lineno, field, fa, 0, 0) < 0)
                        return -1;
                } else if ((vt = nb_is_value_token(s + fa, fb - fa)) != 0) {
                    /* "0 0 0 0": space-separated numbers, one token each */
                    size_t x = fa;
                    int many = vt == 2 && memchr(s + fa, ' ', fb - fa) != NULL;

                    while (x < fb) {
                        size_t y = x;
                        while (y < fb && (!many || s[y] != ' '))
                            y++;
                        if (y > x && add_tok(d, TK_VALUE, lineno, field, x, y - x, 0) < 0)
                            return -1;
                        x = y + 1;
                    }
                } else if (split_text(d, lineno, field, fa, fb) < 0) {
                    return -1;
                }
                a = k + 1;
            }
        }
        L->ntok = d->ntok - L->ntok0;
        pos = end + 1;
    }
    return 0;
}
