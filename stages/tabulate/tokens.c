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
#include "hash.h"
#include "rule.h"
#include "uchar.h"

/* Room for n more tokens. */
static int
tok_room(tb_doc *d, int n)
{
    while (d->tok_cap - d->ntok < n) {
        int cap = d->tok_cap ? d->tok_cap * 2 : 1024;
        tb_tok *p;

        if (cap <= d->tok_cap || !(p = realloc(d->tok, (size_t)cap * sizeof *p)))
            return -1;
        d->tok = p;
        d->tok_cap = cap;
    }
    return 0;
}

int
tb_append_tokens(tb_doc *d, const tb_tok *t, int n)
{
    if (n <= 0)
        return 0;
    if (tok_room(d, n) < 0)
        return -1;
    memcpy(d->tok + d->ntok, t, (size_t)n * sizeof *t);
    d->ntok += n;
    return 0;
}

static int
add_tok(tb_doc *d, int kind, int line, int field, size_t off, size_t len, int glued)
{
    tb_tok *t;

    if (d->ntok == d->tok_cap && tok_room(d, 1) < 0)
        return -1;
    t = &d->tok[d->ntok++];
    t->kind = (unsigned char)kind;
    t->glued = (unsigned char)glued;
    t->line = line;
    t->field = field;
    t->off = off;
    t->len = len;
    t->keyed = kind != TK_LABEL;
    t->marks_known = 0;
    t->koff = 0;
    t->klen = 0;
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

/* Whether [s, end) begins with p: a byte loop, as the first byte nearly
 * always differs (strlen and memcmp were a tenth of the tokenizer). */
static inline int
has_prefix(const char *s, const char *end, const char *p)
{
    for (size_t i = 0; p[i]; i++)
        if (s + i >= end || s[i] != p[i])
            return 0;
    return 1;
}

/* Trim ASCII space and NBSP / U+3000 from both ends of [*a, *b). */
static void
trim(const char *base, size_t *a, size_t *b)
{
    const unsigned char *u = (const unsigned char *)base;

    /* most fields have nothing to trim: neither end is, or ends, a blank */
    if (*a < *b && u[*a] != ' ' && u[*a] != '\r' && u[*a] != 0xC2 && u[*a] != 0xE3 &&
        u[*b - 1] != ' ' && u[*b - 1] != '\r' && u[*b - 1] != 0xA0 && u[*b - 1] != 0x80)
        return;
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

/* The length of an apostrophe at s (' ’ ′ ＇), a digit-group separator in
 * some hands ("1'234"), else 0. */
static size_t
apostrophe_len(const char *s, const char *end)
{
    if (s < end && *s == '\'')
        return 1;
    if (has_prefix(s, end, "’") || has_prefix(s, end, "′") || has_prefix(s, end, "＇"))
        return 3;
    return 0;
}

/* Characters after a number that make it prose ("2023年", "12月"). */
static const char *const prose_suffix[] = {
    "年", "月", "日", "号", "%",  "时", "岁", "周", "亿", "级", "类", "名", "位",
    "余", "多", "倍", "千", "百", "届", "期", "点", "分", "秒", "页", "篇", "份",
    "人", "户", "场", "批", "万", ":",  "/",  "-",  "~",  "+",  NULL};
static const char *const unit_suffix[] = {"万元", "元", "人次", "件", "条",
                                          "个",   "项", "次",   "家", NULL};

/* Whether the byte c begins some prose or unit suffix: a table of their
 * first bytes, made at the first call. */
static int
may_begin_suffix(unsigned char c)
{
    static unsigned char first[256];
    static int made;

    if (!made) {
        for (int u = 0; prose_suffix[u]; u++)
            first[(unsigned char)prose_suffix[u][0]] = 1;
        for (int u = 0; unit_suffix[u]; u++)
            first[(unsigned char)unit_suffix[u][0]] = 1;
        made = 1;
    }
    return first[c];
}

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
/* The end of the digit run at s[j] (digits, '.' or ',' before a digit). */
static size_t
run_end(const char *s, size_t j, size_t b)
{
    for (;;) {
        size_t q;
        if (j < b &&
            (is_digit(s[j]) || ((s[j] == '.' || s[j] == ',') && j + 1 < b && is_digit(s[j + 1]))))
            j++;
        else if ((q = apostrophe_len(s + j, s + b)) > 0 && j + q < b && is_digit(s[j + q]))
            j += q; /* "1'234": one value no cell grammar reads (a text cell), not 1 and 234 */
        else
            return j;
    }
}

/* Whether the digit run s[i..j) of the field [a, b), whose label text began
 * at lab, is a value (see split_text); its end (a unit or the enumerator's
 * digit aside) in *end. */
static int
is_value_run(const char *s, size_t a, size_t lab, size_t i, size_t j, size_t b, size_t *end)
{
    size_t prev = i; /* the character before, skipping spaces */

    *end = j;
    while (prev > a && s[prev - 1] == ' ')
        prev--;
    if (prev >= a + 3 && !memcmp(s + prev - 3, "第", 3))
        return 0;
    /* invented column names of OCR and LLM tables: 数据1, 列2, 栏3 */
    if ((prev >= a + 6 && !memcmp(s + prev - 6, "数据", 6)) ||
        (prev >= a + 6 && !memcmp(s + prev - 6, "字段", 6)) ||
        (prev >= a + 3 && (!memcmp(s + prev - 3, "列", 3) || !memcmp(s + prev - 3, "栏", 3))))
        return 0;
    /* an enumerator after the run: "1.属于", "2、申请人" */
    if (j < b && (((s[j] == '.' || s[j] == ')') && !(j + 1 < b && is_digit(s[j + 1]))) ||
                  has_prefix(s + j, s + b, "、") || has_prefix(s + j, s + b, "）"))) {
        for (size_t k = i; k < j; k++)
            if (!is_digit(s[k]))
                return 0;
        if (j - i < 2 || prev <= lab)
            return 0;
        *end = j - 1; /* the last digit opens the next label */
        return 1;
    }
    if (j >= b)
        return 1;
    if (!may_begin_suffix((unsigned char)s[j]))
        return 1; /* most runs in prose: no suffix's first byte follows */
    for (int u = 0; prose_suffix[u]; u++)
        if (has_prefix(s + j, s + b, prose_suffix[u]) && !has_prefix(s + j, s + b, "万元"))
            return 0;
    for (int u = 0; unit_suffix[u]; u++) {
        size_t n = strlen(unit_suffix[u]), after = j + n;
        if (!has_prefix(s + j, s + b, unit_suffix[u]))
            continue;
        while (after < b && s[after] == ' ')
            after++;
        if (after < b)
            return 0; /* "1件信息": prose */
        *end = j + n; /* "97件" ending the field */
        return 1;
    }
    return 1;
}

static int
split_text(tb_doc *d, int line, int field, size_t a, size_t b)
{
    const char *s = d->body.p;
    size_t i = a, lab = a;

    while (i < b) {
        size_t j, end, v0;
        int glued;

        /* the common case first, in a tight loop: three-byte characters
         * (all of CJK), which are never digits */
        while (i < b && ((unsigned char)s[i] & 0xF0) == 0xE0)
            i += 3;
        if (i >= b)
            break;
        if (!is_digit(s[i]) ||
            (i > a && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' ||
                       ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))) ||
            (i > a + 1 && (s[i - 1] == '/' || s[i - 1] == '+' || s[i - 1] == '-') &&
             is_digit(s[i - 2]))) {
            /* "5/3", "12+3", "22-3", "2023-12-31": no number after the
             * first is a value (the first is prose, prose_suffix) */
            i += u8len(s + i);
            continue;
        }
        j = run_end(s, i, b);
        if (!is_value_run(s, a, lab, i, j, b, &end)) {
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

/* Where the last 页 and 条 of the body begin, looked up once per document
 * when first needed: -2 before, -1 when there is none. */
typedef struct last_of {
    const char *body;
    size_t n;
    long ye, tiao; /* -2 unknown, -1 none, else the offset */
} last_of;

/* The offset of the last occurrence of the 3-byte character u in the body,
 * or -1. */
static long
last_char3(const last_of *lo, const char *u)
{
    const char *p = lo->body, *e = lo->body + lo->n;

    while (e - p >= 3) {
        const char *q = memrchr(p, u[0], (size_t)(e - p) - 2);
        if (!q)
            return -1;
        if (q[1] == u[1] && q[2] == u[2])
            return (long)(q - lo->body);
        e = q + 2; /* the next try ends before q */
    }
    return -1;
}

/* Whether the 3-byte character u ("页" or "条") occurs anywhere in the body
 * from s on: what strstr(s, u) said of the NUL-terminated body (a body
 * line holds no NUL), without scanning the rest of the body every time. */
static int
occurs_from(last_of *lo, const char *s, const char *u, long *cache)
{
    if (*cache == -2)
        *cache = last_char3(lo, u);
    return *cache >= 0 && (size_t)*cache >= (size_t)(s - lo->body);
}

/* A page footer ("-4-", "- 4 -", "— 5 —", "第 4 页"), or a markdown rule line. */
static int
skip_line(last_of *lo, const char *s, size_t n)
{
    size_t digits = 0, dashes = 0, other = 0, a0 = 0;

    /* most lines begin with an ideograph (E4..E9), which begins neither a
     * rule nor a footer but 第 */
    while (a0 < n && s[a0] == ' ')
        a0++;
    if (a0 < n && (unsigned char)s[a0] >= 0xE4 && (unsigned char)s[a0] <= 0xE9 &&
        !has_prefix(s + a0, s + n, "第"))
        return 0;
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
        if (has_prefix(s + a, s + n, "第") && occurs_from(lo, s + a, "页", &lo->ye) &&
            digits >= 1 && digits <= 6) {
            int ok = 1;
            for (size_t k = a + 3; k < n; k++) {
                unsigned char c = (unsigned char)s[k];
                if (c < 0x80 && !is_digit((char)c) && c != ' ')
                    ok = 0;
            }
            if (ok && !occurs_from(lo, s + a, "条", &lo->tiao))
                return 1;
        }
    }
    return 0;
}

/* Whether s[0..n), n > 0, is a count as reports print most cells: digits
 * with no leading zero ("0", "121"), which nb_is_value_token reads as one
 * value (test_tabulate_tables checks every one up to six digits). */
static int
plain_count(const char *s, size_t n)
{
    if (n > 1 && s[0] == '0')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

/* A memo of nb_is_value_token's answers: places of width bytes of text,
 * its length and the answer, a field in the place its hash names. */
typedef struct vt_memo {
    size_t width, places;
    char *text; /* places * width */
    unsigned short *len;
    signed char *vt;
} vt_memo;

/* nb_is_value_token of s[0..n), n < m->width, from the memo or put in it. */
static int
remembered(const vt_memo *m, const char *s, size_t n)
{
    uint32_t h = tb_hash(s, n) % m->places;
    char *t = m->text + h * m->width;

    if (m->len[h] == n && !memcmp(t, s, n))
        return m->vt[h];
    memcpy(t, s, n);
    m->len[h] = (unsigned short)n;
    return m->vt[h] = (signed char)nb_is_value_token(s, n);
}

/* nb_is_value_token, remembered for fields under 256 bytes: the rows'
 * labels and the placeholders recur in every report, and a field that
 * does not begin with an ideograph is folded and parsed (a twentieth of
 * the stage).  Short fields have many places, long ones (the rows' long
 * labels, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", some
 * 2,000 instructions each) fewer. */
static int
is_value_token(const char *s, size_t n)
{
    static char short_text[4096][64], long_text[256][256];
    static unsigned short short_len[4096], long_len[256];
    static signed char short_vt[4096], long_vt[256];
    static const vt_memo short_memo = {64, 4096, &short_text[0][0], short_len, short_vt},
                         long_memo = {256, 256, &long_text[0][0], long_len, long_vt};

    if (n == 0 || n >= long_memo.width)
        return nb_is_value_token(s, n);
    if (n <= 6 && plain_count(s, n))
        return 1; /* most value fields: no need to look them up */
    return remembered(n < short_memo.width ? &short_memo : &long_memo, s, n);
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
    if (!is_value_token(s + a, v - a))
        return b;
    /* one note: no other bracket opens inside it */
    for (size_t q = p + 1; q < b - 1; q++)
        if (s[q] == '(' || has_prefix(s + q, s + b - 1, "（"))
            return b;
    return v;
}

/* The tokens of one field [fa, fb) (trimmed; field number field); 1 when
 * it was text (cut by split_text), 0 when empty or values, -1 when out of
 * memory. */
static int
tokenize_field(tb_doc *d, const tb_line *L, int lineno, int field, size_t fa, size_t fb)
{
    const char *s = d->body.p;
    int vt;

    if (fa >= fb)
        return L->nfields > 1 ? add_tok(d, TK_EMPTY, lineno, field, fa, 0, 0) : 0;
    if ((vt = is_value_token(s + fa, fb - fa)) != 0) {
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
        return 0;
    }
    return split_text(d, lineno, field, fa, fb) < 0 ? -1 : 1;
}

/* Whether [a, b) holds an ideograph of U+4000-U+9FFF (lead bytes E4-E9),
 * as every label of a row does. */
static int
has_ideograph(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if ((unsigned char)s[i] >= 0xE4 && (unsigned char)s[i] <= 0xE9)
            return 1;
    return 0;
}

/* A field of a tab line, as text_in_value_cells sees it from its tokens. */
enum { F_EMPTY, F_VALUES, F_LABEL, F_OTHER };
#define MAX_BROKEN_FIELD 24 /* bytes: "O", "22。", "5/3", "12+3" */

/* The kind of the field whose tokens are d->tok[t0..t1), and its text
 * (trimmed: from its first token to the end of its last) in [*fa, *fb). */
static int
field_is(const tb_doc *d, int t0, int t1, size_t *fa, size_t *fb)
{
    int empty = 1, values = 1;

    for (int t = t0; t < t1; t++) {
        empty &= d->tok[t].kind == TK_EMPTY;
        values &= d->tok[t].kind == TK_VALUE;
    }
    *fa = d->tok[t0].off;
    *fb = d->tok[t1 - 1].off + d->tok[t1 - 1].len;
    if (empty)
        return F_EMPTY;
    if (values)
        return F_VALUES;
    return has_ideograph(d->body.p, *fa, *fb) ? F_LABEL : F_OTHER;
}

/*
 * A value cell that holds text, on a tab line: "O" typed for 0, "22。",
 * "5/3", "12+3".  Cut as label text, it joined the row's label ("5/", and
 * 3 a value) and the row's values began after it, one cell off.  A short
 * field with no ideograph, after the line's last label field (one with an
 * ideograph) and before the line's last field of values, is one value
 * token of its whole text instead, which no cell grammar reads: the cell
 * is text, null.
 * The line's tokens are d->tok[t0..d->ntok).
 */
static void
text_in_value_cells(tb_doc *d, int t0)
{
    int last_label = -1, last_values = -1;
    size_t fa, fb;

    /* the last label field, and the last field of values */
    for (int a = t0, b; a < d->ntok; a = b) {
        int is;
        for (b = a + 1; b < d->ntok && d->tok[b].field == d->tok[a].field; b++)
            ;
        is = field_is(d, a, b, &fa, &fb);
        if (is == F_LABEL)
            last_label = d->tok[a].field;
        if (is == F_VALUES)
            last_values = d->tok[a].field;
    }
    if (last_label < 0 || last_values < 0)
        return;
    for (int a = t0, b; a < d->ntok; a = b) {
        tb_tok *t = &d->tok[a];
        int gone;

        for (b = a + 1; b < d->ntok && d->tok[b].field == t->field; b++)
            ;
        /* past the values it may be a stray mark ("*", "※", "22。" past the
         * 总计 column): a cell there would make the row's window, and shift
         * it; as label, rows.c (row_end) decides whether it is the row's
         * last cell or a mark past it */
        if (t->field <= last_label || t->field > last_values ||
            field_is(d, a, b, &fa, &fb) != F_OTHER || fb - fa > MAX_BROKEN_FIELD)
            continue;
        t->kind = TK_VALUE;
        t->glued = 0;
        t->keyed = 1;
        t->marks_known = 0;
        t->koff = t->klen = 0;
        t->off = fa;
        t->len = fb - fa;
        gone = b - a - 1;
        memmove(t + 1, t + 1 + gone, (size_t)(d->ntok - b) * sizeof *t);
        d->ntok -= gone;
        b = a + 1;
    }
}

/* The tokens of the line [pos, end), line number lineno. */
static int
tokenize_line(tb_doc *d, tb_line *L, int lineno, size_t pos, size_t end)
{
    const char *s = d->body.p;
    size_t a = pos;
    int field = 0, t0 = d->ntok, suspect = 0;

    for (size_t k = pos; k <= end; k++) {
        /* a line of one field has no TAB to look for */
        const char *tab = L->nfields > 1 ? memchr(s + k, '\t', end - k) : NULL;
        size_t fa = a, fb;
        int text;

        k = tab ? (size_t)(tab - s) : end;
        fb = k;
        trim(s, &fa, &fb);
        if (L->nfields > 1)
            fb = drop_note(s, fa, fb);
        if ((text = tokenize_field(d, L, lineno, ++field, fa, fb)) < 0)
            return -1;
        /* a short text field with no ideograph: see text_in_value_cells */
        suspect |=
            text && L->nfields > 1 && fb - fa <= MAX_BROKEN_FIELD && !has_ideograph(s, fa, fb);
        a = k + 1;
    }
    L->nfields = field;
    if (suspect)
        text_in_value_cells(d, t0);
    return 0;
}

/* The TAB-separated fields of s[0..n). */
static int
count_fields(const char *s, size_t n)
{
    int k = 1;

    for (const char *t = s, *e = s + n; (t = memchr(t, '\t', (size_t)(e - t))) != NULL; t++)
        k++;
    return k;
}

/* A new line [off, off + len) of the body, with no tokens yet. */
static int
new_line(tb_doc *d, size_t off, size_t len)
{
    tb_line *L;

    if (d->nlines == d->lines_cap) {
        int cap = d->lines_cap ? d->lines_cap * 2 : 256;
        tb_line *p = realloc(d->lines, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        d->lines = p;
        d->lines_cap = cap;
    }
    L = &d->lines[d->nlines++];
    L->off = off;
    L->len = len;
    L->ntok0 = 0;
    L->ntok = 0;
    L->nfields = 0;     /* counted when tokenized */
    L->mark_bits = ~0u; /* until tb_scan_lines knows better */
    return 0;
}

int
tb_add_line(tb_doc *d, const char *p, size_t n)
{
    size_t off = d->body.n;

    if (nb_buf_add(&d->body, p, n) < 0 || nb_buf_addc(&d->body, '\n') < 0)
        return -1;
    return new_line(d, off, n);
}

int
tb_lines(tb_doc *d)
{
    const char *s;
    size_t pos = 0;

    if (nb_buf_addc(&d->body, '\0') < 0)
        return -1;
    d->body.n--;
    d->split_budget = tb_budget(TB_SPLIT_FLOOR, TB_SPLIT_PER_BYTE, d->body.n);
    d->work_budget = tb_budget(TB_WORK_FLOOR, TB_WORK_PER_BYTE, d->body.n);
    d->last_ye = d->last_tiao = -2;
    d->ntok = 0;
    if (d->nlines > 0)
        return 0; /* made by tb_add_line */
    s = d->body.p;
    while (pos < d->body.n) {
        const char *nl = memchr(s + pos, '\n', d->body.n - pos);
        size_t end = nl ? (size_t)(nl - s) : d->body.n;

        if (new_line(d, pos, end - pos) < 0)
            return -1;
        pos = end + 1;
    }
    return 0;
}

int
tb_tokenize_lines(tb_doc *d, int l0, int l1)
{
    last_of lo = {d->body.p, d->body.n, d->last_ye, d->last_tiao};
    int rc = 0;

    for (int i = l0; i < l1 && rc == 0; i++) {
        tb_line *L = &d->lines[i];

        L->ntok0 = d->ntok;
        /* one field or more than one, until tokenize_line counts them */
        L->nfields = memchr(d->body.p + L->off, '\t', L->len) ? 2 : 1;
        if (!skip_line(&lo, d->body.p + L->off, L->len))
            rc = tokenize_line(d, L, i + 1, L->off, L->off + L->len);
        else if (L->nfields > 1)
            L->nfields = count_fields(d->body.p + L->off, L->len);
        L->ntok = d->ntok - L->ntok0;
    }
    d->last_ye = lo.ye;
    d->last_tiao = lo.tiao;
    return rc;
}

int
tb_tokenize(tb_doc *d)
{
    if (tb_lines(d) < 0)
        return -1;
    return tb_tokenize_lines(d, 0, d->nlines);
}
