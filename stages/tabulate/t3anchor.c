/* t3anchor.c - table 三's anchors (step 3 of the comment in recognize.c):
 * the official row a row's label context names. */
#include "recog.h"

#include <string.h>

#include "hash.h"

/* Whether t3 row r names one leaf row only: 总计 and 其他 also head
 * columns and groups (其他组织, 其他处理), so they do not count as a second
 * row's label in a context. */
int
rg_t3_specific(int r)
{
    const char *p = t3rows[r].path;
    return strcmp(p, "result_total") && strcmp(p, "other.misc") && strcmp(p, "other");
}

/* The t3 row named by the label key k[0..n), or -1; *nspec counts the
 * specific rows (t3_specific) whose labels occur in it. */
static int
t3_key_row_uncached(const char *key, size_t n, int *nspec)
{
    size_t best_end = 0, best_len = 0;
    int best = -1;

    *nspec = 0;
    if (n == 0)
        return -1;
    for (int r = 0; r < NT3; r++) {
        size_t e = rg_last_end(key, n, t3rows[r].key), m = strlen(t3rows[r].key);

        if (t3rows[r].variant) {
            size_t e2 = rg_last_end(key, n, t3rows[r].variant);
            if (e2 > e)
                e = e2, m = strlen(t3rows[r].variant);
        }
        if (e == 0)
            continue;
        *nspec += rg_t3_specific(r);
        /* 其他 names the 2021 row 3.其他, and 其他处理 the 2019 row,
         * only when it ends the label (else it is the group's label) */
        if ((!strcmp(t3rows[r].path, "other.misc") || !strcmp(t3rows[r].path, "other")) && e != n)
            continue;
        if (e > best_end || (e == best_end && m > best_len)) {
            best = r;
            best_end = e;
            best_len = m;
        }
    }
    return best;
}

/* t3_key_row_uncached, remembered: every report prints the same few
 * dozen labels, and matching one against all rows was a tenth of the
 * stage's time. */
static int
t3_key_row(const char *key, size_t n, int *nspec)
{
    static struct {
        char key[120];
        unsigned char n;
        signed char row, nspec;
    } memo[512];
    uint32_t h;
    int r;

    if (n == 0 || n >= sizeof memo[0].key)
        return t3_key_row_uncached(key, n, nspec);
    h = tb_hash(key, n) % (sizeof memo / sizeof memo[0]);
    if (memo[h].n == n && !memcmp(memo[h].key, key, n)) {
        *nspec = memo[h].nspec;
        return memo[h].row;
    }
    r = t3_key_row_uncached(key, n, nspec);

    memcpy(memo[h].key, key, n);
    memo[h].n = (unsigned char)n;
    memo[h].row = (signed char)r;
    memo[h].nspec = (signed char)(*nspec > 127 ? 127 : *nspec);
    return r;
}

/* The level of the enumerator opening a label token: 1 for 一、, 2 for
 * （一）, 3 for 1. 1、 1．, 4 for (1); 0 when it opens none. */
static int
opens_label(const tb_doc *d, const tb_tok *k)
{
    static const char *const num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const char *s = tb_tok_text(d, k), *e = s + k->len;
    int open = 0;

    if (s < e && *s == '(')
        s++, open = 1;
    else if (e - s >= 3 && !memcmp(s, "（", 3))
        s += 3, open = 1;
    int digits = s < e && *s >= '0' && *s <= '9';

    if (digits) {
        while (s < e && *s >= '0' && *s <= '9')
            s++;
    } else {
        int any = 0;
        for (int again = 1; again;) {
            again = 0;
            for (int i = 0; i < 10; i++)
                if (e - s >= 3 && !memcmp(s, num[i], 3)) {
                    s += 3;
                    any = again = 1;
                }
        }
        if (!any)
            return 0;
    }
    if (open) {
        if (!((s < e && *s == ')') || (e - s >= 3 && !memcmp(s, "）", 3))))
            return 0;
        return digits ? 4 : 2;
    }
    if (!((s < e && *s == '.') || (e - s >= 3 && (!memcmp(s, "、", 3) || !memcmp(s, "．", 3)))))
        return 0;
    return digits ? 3 : 1;
}

/* The openings of items (level 3: 2. 2、 2．) inside label token k after
 * its first character, where PDF to markdown glued a row's label to the
 * tail of another ("（四）无2.没有现成信息"); their number. */
static int
items_inside(const tb_doc *d, const tb_tok *k)
{
    const char *s = tb_tok_text(d, k), *e = s + k->len;
    int n = 0;

    for (const char *p = s + 1; p < e; p++) {
        const char *q = p;

        if (*p < '0' || *p > '9' || (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.')
            continue;
        while (q < e && *q >= '0' && *q <= '9')
            q++;
        if ((q < e && *q == '.' && !(q + 1 < e && q[1] >= '0' && q[1] <= '9')) ||
            (e - q >= 3 && (!memcmp(q, "、", 3) || !memcmp(q, "．", 3))))
            n++;
        p = q - 1;
    }
    return n;
}

/* Whether the label key k[0..n) names two leaf rows in the reverse of
 * the official order ("8.属于行政查询事项 7.属于行政执法案卷"): loose
 * labels printed before rows that are printed out of order. */
static int
names_out_of_order(const char *key, size_t n)
{
    size_t last_end = 0;
    int last = -1;

    /* the rows named, in official order (t3rows'), must end in order */
    for (int r = 0; r < NT3; r++) {
        size_t e = rg_last_end(key, n, t3rows[r].key);

        if (t3rows[r].variant) {
            size_t e2 = rg_last_end(key, n, t3rows[r].variant);
            e = e2 > e ? e2 : e;
        }
        if (e == 0 || !rg_t3_specific(r))
            continue;
        if (last >= 0 && e < last_end)
            return 1;
        last = r;
        last_end = e;
    }
    return 0;
}

/*
 * The t3 row named by the labels around row o, or -1; next0 is where the
 * next row's values begin.
 *
 * 1. The label on the row's own line, when it names one row.
 * 2. A row with no label on its line (markdown fragments, one cell per
 *    line) is placed nowhere (*own_line -1) when its context names rows
 *    out of the official order (they were printed out of order); else it
 *    takes the whole context, unless its enumerators show the
 *    labels of several rows (see below), those glued inside a label
 *    ("（四）无2.没有现成信息需要另 … 3.补正后申请内容仍不明确" holds two
 *    items: 明确 ending it did not make the row unclear's).
 * 3. Else the label assembled the way PDFs wrap it: from the last label
 *    that opens with an enumerator (1. （三） 四、) before the values,
 *    through the continuation lines after them up to the next label that
 *    opens one.  It alone decides when such an opening exists: the text
 *    before it is the previous row's wrapped tail ("1.属于国家秘密" under
 *    that row's numbers) and must not name this one.
 * 4. Else the whole context since the previous row, unless it holds the
 *    labels of two or more rows: label fragments printed loose beside a
 *    table (PDF to markdown) come in reading order, not row order, and the
 *    label that ends last need not be this row's.
 */
static int
t3_anchor(const tb_doc *d, const orow *o, int next0, int *own_line)
{
    char key[KEY_MAX], *p;
    size_t n;
    int own = o->ctx1, r, nspec, open = -1, cont, last = 0;

    while (own > o->ctx0 && d->tok[own - 1].line == o->line)
        own--;
    if (own < o->ctx1) {
        n = rg_range_key(d, own, o->ctx1, key);
        r = t3_key_row(key, n, &nspec);
        if (r >= 0 && nspec <= 1) {
            *own_line = 1;
            return r;
        }
    }
    if (own == o->ctx1) {
        n = rg_range_key(d, o->ctx0, o->ctx1, key);
        if (names_out_of_order(key, n)) {
            *own_line = -1;
            return -1;
        }
        /* a row without a label of its own: its context may be labels
         * printed loose before several such rows ("3.其他 （七）总计"
         * before two rows).  Openings that do not descend (group, then
         * item) belong to more than one row: order places it. */
        for (int t = o->ctx0; t < o->ctx1; t++) {
            int lv = d->tok[t].kind == TK_LABEL ? opens_label(d, &d->tok[t]) : 0, in;
            if (lv && last && lv <= last)
                return -1;
            if (lv)
                last = lv;
            if (d->tok[t].kind == TK_LABEL && (in = items_inside(d, &d->tok[t])) > 0) {
                if (in > 1 || last == 3)
                    return -1;
                last = 3;
            }
        }
        r = t3_key_row(key, n, &nspec); /* the key of the whole context, made above */
        return nspec <= 1 ? r : -1;
    }
    for (int t = o->ctx0; t < o->ctx1; t++)
        if (d->tok[t].kind == TK_LABEL && opens_label(d, &d->tok[t]))
            open = t;
    if (open >= 0) {
        n = rg_range_key(d, open, o->ctx1, key);
        p = key + n;
        for (cont = o->tok0 + o->ntok; cont < next0; cont++) {
            const tb_tok *k = &d->tok[cont];
            if (k->kind != TK_LABEL)
                continue;
            if (opens_label(d, k) || n + k->klen >= KEY_MAX)
                break;
            memcpy(p, tb_tok_key(d, k), k->klen);
            p += k->klen;
            n += k->klen;
        }
        *p = '\0';
        r = t3_key_row(key, n, &nspec);
        return nspec <= 1 ? r : -1;
    }
    n = rg_range_key(d, o->ctx0, o->ctx1, key);
    r = t3_key_row(key, n, &nspec);
    return nspec <= 1 ? r : -1;
}

/* Anchor every row that is not a blob; 0 when there is none.  *has21 and
 * *has19 say whether an anchor names a row of one format only. */
int
rg_t3_anchor_rows(tb_doc *d, rows *R, int t1, int *has21, int *has19)
{
    int nrows = 0;

    *has21 = *has19 = 0;
    for (int i = 0; i < R->n; i++) {
        int next0 = t1;

        if (R->r[i].blob)
            continue;
        nrows++;
        for (int j = i + 1; j < R->n; j++)
            if (!R->r[j].blob) {
                next0 = R->r[j].tok0;
                break;
            }
        R->r[i].own = 0;
        R->r[i].anchor = t3_anchor(d, &R->r[i], next0, &R->r[i].own);
        if (R->r[i].anchor >= 0) {
            int f = t3rows[R->r[i].anchor].formats;
            *has21 |= f == NB_FMT_2021;
            *has19 |= f == NB_FMT_2019;
        }
    }
    return nrows;
}
