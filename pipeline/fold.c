/*
 * fold.c - the folds of the normalize stage (see fold.h).
 *
 * NFKC is utf8proc's, applied only to spans that need it: a quick check
 * lets ASCII, CJK ideographs, kana and CJK punctuation through as bytes,
 * so that Chinese text costs little more than a copy.  A span is a run of
 * other codepoints plus the one codepoint before it (a combining mark
 * composes with its base); it ends at the next codepoint that passes the
 * quick check.  CJK compatibility ideographs (U+F900-U+FAFF,
 * U+2F800-U+2FA1F) and the Kangxi radicals do change under NFKC, so they
 * are never on the quick path.
 */
#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cell.h"
#include "uchar.h"

#define NFKC_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE)

enum { CP_FAST, CP_SLOW, CP_DASH, CP_SPACE, CP_ZW };

/* How the character fold treats codepoint c (not ASCII); *marks is set
 * when c is a footnote or group mark (fold_marks has work to look at). */
static int
classify(int32_t c, int *marks)
{
    const utf8proc_property_t *p;
    int cls;

    if (c >= 0x4E00 && c <= 0x9FFF)
        return CP_FAST;
    cls = nb_uc_class(c);
    if (cls & (NB_UC_MARK_DIGIT | NB_UC_GROUP_MARK))
        *marks = 1;
    if (cls & NB_UC_MARK_DIGIT)
        return CP_FAST; /* kept for fold_marks, never NFKC'd */
    if (cls & NB_UC_DASH)
        return CP_DASH;
    if (cls & NB_UC_SPACE)
        return CP_SPACE;
    if (cls & NB_UC_INVISIBLE)
        return CP_ZW;
    if ((c >= 0x3001 && c <= 0x3029) || (c >= 0x3030 && c <= 0x3035) ||
        (c >= 0x303B && c <= 0x303F) || (c >= 0x3041 && c <= 0x3096) ||
        (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x20000 && c <= 0x2F7FF) || (c >= 0x30000 && c <= 0x3FFFF))
        return CP_FAST;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7A3))
        return CP_SLOW; /* Hangul composes algorithmically */
    p = utf8proc_get_property(c);
    if (p->decomp_seqindex != UINT16_MAX || p->combining_class != 0 || p->comb_index != UINT16_MAX)
        return CP_SLOW;
    return CP_FAST;
}

/* Append NFKC of s[0..n) to out, with dashes folded; count a change; set
 * *marks when the result holds a footnote or group mark. */
static int
emit_nfkc(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, int *marks, nb_error *err)
{
    int32_t stack[64];
    int32_t *buf = stack;
    utf8proc_ssize_t len, cap = 64;
    size_t start = out->n;
    int rc = 0;

    len = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, cap, NFKC_OPTS);
    if (len > cap) {
        buf = malloc((size_t)len * sizeof *buf);
        if (!buf)
            return nb_fail(err, NB_E_NOMEM, "out of memory");
        cap = len;
        len = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, cap,
                                 NFKC_OPTS);
    }
    if (len >= 0)
        len = utf8proc_reencode(buf, len, NFKC_OPTS);
    if (len < 0) {
        /* cannot happen on valid UTF-8: keep the text as it is */
        rc = nb_buf_add(out, s, n);
    } else {
        const char *u = (const char *)buf;
        for (utf8proc_ssize_t i = 0; i < len && rc == 0;) {
            int32_t cp;
            size_t l;
            int cls;
            cp = nb_utf8_next(u + i, (size_t)(len - i), &l);
            cls = nb_uc_class(cp);
            if (cls & (NB_UC_MARK_DIGIT | NB_UC_GROUP_MARK))
                *marks = 1;
            if (cls & NB_UC_DASH) {
                rc = nb_buf_addc(out, '-');
                c->dashes++;
            } else {
                rc = nb_buf_add(out, u + i, l);
            }
            i += (utf8proc_ssize_t)l;
        }
        if (rc == 0 && (out->n - start != n || memcmp(out->p + start, s, n)))
            c->nfkc++;
    }
    if (buf != stack)
        free(buf);
    if (rc < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}

/* The value of the superscript or subscript digit at s[0..n), with its
 * length in *len; -1 when there is none. */
static int
mark_at(const unsigned char *s, size_t n, size_t *len)
{
    if (n > 1 && s[0] == 0xC2 && (s[1] == 0xB2 || s[1] == 0xB3 || s[1] == 0xB9)) {
        *len = 2;
        return s[1] == 0xB9 ? 1 : s[1] - 0xB0;
    }
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0xB0 || (s[2] >= 0xB4 && s[2] <= 0xB9))) {
        *len = 3;
        return s[2] - 0xB0;
    }
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x82 && s[2] >= 0x80 && s[2] <= 0x89) {
        *len = 3;
        return s[2] - 0x80;
    }
    return -1;
}

/* The length of the apostrophe or prime at s[0..n) (' ` ’ ′ ´), or 0. */
static size_t
sep_at(const unsigned char *s, size_t n)
{
    int32_t c;
    size_t l;

    if (n == 0)
        return 0;
    l = nb_utf8_decode((const char *)s, n, &c);
    return l > 0 && (nb_uc_class(c) & NB_UC_GROUP_MARK) ? l : 0;
}

static int
digit_or_mark(const unsigned char *s, size_t n)
{
    size_t len;
    return (n > 0 && s[0] >= '0' && s[0] <= '9') || mark_at(s, n, &len) >= 0;
}

/*
 * Footnote marks and digit group marks in the folded text t[0..n),
 * appended to out (issue 15).  NFKC would make "3²" 32, "12¹" 121, "５⁰"
 * 50, and the tokenizer read "1'234" as 234: never a digit of the number
 * beside it.  A superscript or subscript digit next to a digit becomes
 * that digit set apart by spaces ("3 2"), an apostrophe or prime between
 * digits a space ("1 234"): digit groups apart are ambiguous (SCHEMA
 * 7.3), never joined.  A mark next to no digit ("m²") is kept.  It runs on
 * folded text, after the character fold, so that a second pass finds
 * nothing left to do.  Returns the number of marks rewritten, -1 when out
 * of memory.
 */
static long
fold_marks(const char *t, size_t n, nb_buf *out)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = 0;
    long changed = 0;
    int rc = 0, before = 0; /* the last unit written was a digit */

    while (i < n && rc == 0) {
        size_t len = 0, k;
        int d = mark_at(u + i, n - i, &len), after;

        if (d >= 0 && (before || digit_or_mark(u + i + len, n - i - len))) {
            after = digit_or_mark(u + i + len, n - i - len);
            if (before && out->p[out->n - 1] != ' ')
                rc |= nb_buf_addc(out, ' ');
            rc |= nb_buf_addc(out, '0' + d);
            if (after)
                rc |= nb_buf_addc(out, ' ');
            i += len;
            changed++;
            before = 1;
        } else if ((k = sep_at(u + i, n - i)) > 0 && before &&
                   digit_or_mark(u + i + k, n - i - k)) {
            rc |= nb_buf_addc(out, ' ');
            i += k;
            changed++;
            before = 0;
        } else {
            before = u[i] >= '0' && u[i] <= '9';
            rc |= nb_buf_addc(out, t[i++]);
        }
    }
    return rc < 0 ? -1 : changed;
}

/* The character fold of s[0..n) appended to out; *marks as classify's. */
static int
fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, int *marks, nb_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, flushed = 0, prev = 0, span = 0;
    int open = 0;

    if (nb_buf_reserve(out, n + 1) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    while (i < n) {
        int32_t cp;
        size_t l;
        int kind;

        if (u[i] < 0x80) {
            if (u[i] == '&' && n - i >= 6 && !memcmp(s + i, "&nbsp;", 6)) {
                l = 6;
                kind = CP_SPACE;
            } else {
                if (u[i] == '\'' || u[i] == '`')
                    *marks = 1;
                if (open) {
                    if (emit_nfkc(s + span, i - span, out, c, marks, err) < 0)
                        return -1;
                    flushed = i;
                    open = 0;
                }
                prev = i++;
                continue;
            }
        } else {
            cp = nb_utf8_next((const char *)u + i, n - i, &l);
            kind = classify(cp, marks);
        }
        if (kind == CP_FAST) {
            if (open) {
                if (emit_nfkc(s + span, i - span, out, c, marks, err) < 0)
                    return -1;
                flushed = i;
                open = 0;
            }
        } else if (kind == CP_SLOW) {
            if (!open) {
                span = prev >= flushed && i > 0 ? prev : i;
                if (nb_buf_add(out, s + flushed, span - flushed) < 0)
                    return nb_fail(err, NB_E_NOMEM, "out of memory");
                open = 1;
            }
        } else {
            if (open) {
                if (emit_nfkc(s + span, i - span, out, c, marks, err) < 0)
                    return -1;
                open = 0;
            } else if (nb_buf_add(out, s + flushed, i - flushed) < 0) {
                return nb_fail(err, NB_E_NOMEM, "out of memory");
            }
            if (kind == CP_DASH) {
                c->dashes++;
                if (nb_buf_addc(out, '-') < 0)
                    return nb_fail(err, NB_E_NOMEM, "out of memory");
            } else {
                c->spaces++;
                if (kind == CP_SPACE && nb_buf_addc(out, ' ') < 0)
                    return nb_fail(err, NB_E_NOMEM, "out of memory");
            }
            flushed = i + l;
        }
        prev = i;
        i += l;
    }
    if (open)
        return emit_nfkc(s + span, n - span, out, c, marks, err);
    if (nb_buf_add(out, s + flushed, n - flushed) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}

/*
 * Whether fold_marks would rewrite anything in t[0..n): the first mark or
 * group mark it rewrites.  Until then what it writes is t as it is, so
 * "the last unit written was a digit" is t[i - 1].  Most lines hold a
 * candidate byte (0xE2 starts “ and ”) and no mark at all: they are
 * neither copied nor rewritten.
 */
static int
marks_to_fold(const char *t, size_t n)
{
    const unsigned char *u = (const unsigned char *)t;

    for (size_t i = 0; i < n; i++) {
        size_t len, k;
        int before;

        if (u[i] != 0xC2 && u[i] != 0xE2 && u[i] != '\'' && u[i] != '`')
            continue;
        before = i > 0 && u[i - 1] >= '0' && u[i - 1] <= '9';
        if (mark_at(u + i, n - i, &len) >= 0) {
            if (before || digit_or_mark(u + i + len, n - i - len))
                return 1;
        } else if (before && (k = sep_at(u + i, n - i)) > 0 && digit_or_mark(u + i + k, n - i - k))
            return 1;
    }
    return 0;
}

int
nb_fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    size_t start = out->n;
    nb_buf tmp = {0};
    long changed;
    int marks = 0;

    if (fold_chars(s, n, out, c, &marks, err) < 0)
        return -1;
    if (!marks || !marks_to_fold(out->p + start, out->n - start))
        return 0;
    /* marks to rewrite: from a copy */
    if (nb_buf_add(&tmp, out->p + start, out->n - start) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    out->n = start;
    changed = fold_marks(tmp.p, tmp.n, out);
    nb_buf_fini(&tmp);
    if (changed < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    c->numeric += changed;
    return 0;
}

/* A rule field: empty, or :?-{3,}:? with spaces around. */
static int
rule_field(const char *s, size_t n, int *nonempty)
{
    size_t a = 0, b = n, d = 0;

    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (a == b)
        return 1;
    *nonempty = 1;
    if (s[a] == ':')
        a++;
    if (b > a && s[b - 1] == ':')
        b--;
    for (size_t k = a; k < b; k++) {
        if (s[k] != '-')
            return 0;
        d++;
    }
    return d >= 3;
}

int
nb_fold_is_rule(const char *s, size_t n)
{
    size_t a = 0, b = n, f;
    int nonempty = 0;

    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    if (a == b)
        return 0;
    if (!memchr(s + a, '|', b - a)) {
        for (size_t k = a; k < b; k++)
            if (s[k] != '-')
                return 0;
        return b - a >= 3;
    }
    for (f = a;;) {
        const char *bar = memchr(s + f, '|', b - f);
        size_t e = bar ? (size_t)(bar - s) : b;
        if (!rule_field(s + f, e - f, &nonempty))
            return 0;
        if (!bar)
            break;
        f = e + 1;
    }
    return nonempty;
}

static int
is_cjk(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3001 && c <= 0x303F) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x31C0 && c <= 0x31EF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF01 && c <= 0xFF65) || (c >= 0x20000 && c <= 0x3FFFF);
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* 1 when out[0..w), ending in '.', ends in an enumerator: 1 to 3 digits
 * after the start, a space or a character that is not part of a number. */
static int
enumerator_before(const char *s, size_t w)
{
    size_t k = w - 1, d = 0;

    while (k > 0 && is_digit(s[k - 1]) && d < 4)
        k--, d++;
    if (d == 0 || d > 3)
        return 0;
    if (k == 0)
        return 1;
    return !(s[k - 1] == '.' || s[k - 1] == ',' ||
             ((s[k - 1] | 0x20) >= 'a' && (s[k - 1] | 0x20) <= 'z'));
}

/* Whether the single space between out[0..w) and the codepoint r goes. */
static int
join_space(const char *s, size_t w, int32_t r)
{
    int32_t l = nb_utf8_last(s, w);

    if (is_cjk(l) && (is_cjk(r) || r == '(' || r == '[' || r == 0x201C || r == 0x2018))
        return 1;
    if (!is_cjk(r))
        return 0;
    if (l == ')' || l == ']' || l == ':' || l == ',' || l == ';' || l == 0x201D || l == 0x2019)
        return 1;
    return l == '.' && enumerator_before(s, w);
}

size_t
nb_fold_letterspace(char *s, size_t n, long *removed)
{
    size_t w = 0, i = 0;
    char prevb = 0; /* the input byte before s[i] */

    /* from space to space: the bytes between are kept as they are,
     * moved down once a space has gone */
    while (i < n) {
        const char *sp = memchr(s + i, ' ', n - i);
        size_t j = sp ? (size_t)(sp - s) : n;

        if (j > i) {
            prevb = s[j - 1]; /* not yet overwritten: w <= i */
            if (w != i)
                memmove(s + w, s + i, j - i);
            w += j - i;
        }
        if (j == n)
            break;
        if (w > 0 && prevb != ' ' && prevb != '\t' && j + 1 < n && s[j + 1] != ' ' &&
            s[j + 1] != '\t') {
            size_t rl;
            int32_t r = nb_utf8_next(s + j + 1, n - j - 1, &rl);
            if (join_space(s, w, r))
                (*removed)++;
            else
                s[w++] = ' ';
        } else
            s[w++] = ' ';
        prevb = ' ';
        i = j + 1;
    }
    return w;
}

static const char *const units[] = {"万元", "元", "人次", "件", "条", "个", "项", "次", "家", NULL};

/* Length of the unit that is exactly s[0..n), or 0. */
static size_t
unit_at(const char *s, size_t n)
{
    for (int u = 0; units[u]; u++)
        if (strlen(units[u]) == n && !memcmp(s, units[u], n))
            return n;
    return 0;
}

size_t
nb_fold_numeric(char *s, size_t n, int *changed)
{
    size_t a = 0, b = n, i, first, j;
    int commas = 0, space_unit = 0;

    *changed = 0;
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    i = a;
    if (i < b && (s[i] == '+' || s[i] == '-'))
        i++;
    first = i;
    while (i < b && is_digit(s[i]))
        i++;
    if (i == first)
        return n;
    if (i - first <= 3) {
        while (i + 3 < b && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
               is_digit(s[i + 3]) && (i + 4 >= b || !is_digit(s[i + 4]))) {
            i += 4;
            commas++;
        }
    }
    if (i < b && s[i] == ',')
        return n; /* "12,34", "1,2345": not a thousands grouping */
    if (i + 1 < b && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < b && is_digit(s[i]))
            i++;
    }
    if (i < b) {
        if (s[i] == ' ' && i + 1 < b && unit_at(s + i + 1, b - i - 1))
            space_unit = 1;
        else if (!unit_at(s + i, b - i))
            return n;
    }
    if (!commas && !space_unit)
        return n;
    /* rewrite s[first..b): digits without commas, unit without the space */
    j = first;
    for (size_t k = first; k < b; k++) {
        if (s[k] == ',' && k < i)
            continue;
        if (space_unit && k == i)
            continue;
        s[j++] = s[k];
    }
    memmove(s + j, s + b, n - b);
    *changed = 1;
    return j + (n - b);
}

/* Fold one cell appended at out->p[start..out->n) in place. */
static void
fold_cell(nb_buf *out, size_t start, long *spaced, long *numeric)
{
    size_t n = out->n - start;
    int changed;

    if (n == 0) /* out->p may be NULL: no NULL + 0 */
        return;
    n = nb_fold_letterspace(out->p + start, n, spaced);
    n = nb_fold_numeric(out->p + start, n, &changed);
    *numeric += changed;
    out->n = start + n;
}

/* Whether s[0..n) holds a TAB or two spaces in a row. */
static int
blank_run(const char *s, size_t n)
{
    const char *p = s, *e = s + n;

    if (n == 0 || memchr(s, '\t', n))
        return n > 0;
    while ((p = memchr(p, ' ', (size_t)(e - p))) != NULL && ++p < e)
        if (*p == ' ')
            return 1;
    return 0;
}

/* Append s[0..n) as a cell and fold it.  A run of TABs and spaces inside
 * becomes one space: a cell of one pipe cell must not read as aligned
 * columns on a second pass ("|--&nbsp;\t---" once gave "--  ---", then
 * "--\t---"). */
static int
add_cell(nb_buf *out, const char *s, size_t n, long *spaced, long *numeric)
{
    size_t start = out->n, w;

    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (nb_buf_add(out, s, n) < 0)
        return -1;
    w = out->n; /* most cells hold no TAB and no double space: nothing to fold */
    if (blank_run(s, n))
        w = start;
    for (size_t k = w; k < out->n; k++) {
        char ch = out->p[k] == '\t' ? ' ' : out->p[k];
        if (ch == ' ' && w > start && out->p[w - 1] == ' ')
            continue;
        out->p[w++] = ch;
    }
    out->n = w;
    fold_cell(out, start, spaced, numeric);
    return 0;
}

/* A markdown pipe row t[0..m) (first non-space is '|') to TAB-separated
 * cells.  An escaped "\|" stays inside its cell. */
static int
pipe_row(const char *t, size_t m, nb_buf *out, nb_fold_counts *c)
{
    size_t a = 0, b = m, f;

    while (a < b && t[a] == ' ')
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
        b--;
    a++; /* the leading '|' */
    if (b > a && t[b - 1] == '|' && t[b - 2] != '\\')
        b--;
    f = a;
    for (size_t k = a; k <= b; k++) {
        if (k < b && (t[k] != '|' || t[k - 1] == '\\'))
            continue;
        if (f > a && nb_buf_addc(out, '\t') < 0)
            return -1;
        if (add_cell(out, t + f, k - f, &c->letterspaced, &c->numeric) < 0)
            return -1;
        f = k + 1;
    }
    c->pipes++;
    return 0;
}

/* A line of cells aligned with runs of 2+ spaces, when one cell is a
 * value token: TAB-separated cells.  Returns 1 when written, 0 when the
 * line is not such a row (out unchanged), -1 when out of memory. */
static int
aligned_row(const char *t, size_t m, nb_buf *out, nb_fold_counts *c)
{
    size_t a = 0, b = m, mark = out->n, f;
    long spaced = 0, numeric = 0;
    int cells = 0, values = 0;

    while (a < b && t[a] == ' ')
        a++;
    while (b > a && t[b - 1] == ' ')
        b--;
    f = a;
    for (size_t k = a; k <= b; k++) {
        size_t start;

        if (k < b && !(t[k] == ' ' && k + 1 < b && t[k + 1] == ' '))
            continue;
        if (cells++ && nb_buf_addc(out, '\t') < 0)
            return -1;
        start = out->n;
        if (add_cell(out, t + f, k - f, &spaced, &numeric) < 0)
            return -1;
        values += out->n > start && nb_is_value_token(out->p + start, out->n - start);
        while (k < b && t[k] == ' ')
            k++;
        f = k;
    }
    if (cells < 2 || values == 0) {
        out->n = mark;
        return 0;
    }
    c->letterspaced += spaced;
    c->numeric += numeric;
    c->aligned++;
    return 1;
}

int
nb_fold_cells(const char *t, size_t m, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    size_t a = 0;

    if (!t)
        t = "";
    if (nb_fold_is_rule(t, m)) {
        c->rules++;
        return 0;
    }
    while (a < m && t[a] == ' ')
        a++;
    if (a < m && t[a] == '|') {
        if (pipe_row(t, m, out, c) < 0)
            goto nomem;
    } else if (memchr(t, '\t', m)) {
        /* TABs carry column positions: keep every field, fold inside */
        size_t f = 0;
        for (size_t k = 0; k <= m; k++) {
            size_t start;
            if (k < m && t[k] != '\t')
                continue;
            start = out->n;
            if (nb_buf_add(out, t + f, k - f) < 0)
                goto nomem;
            fold_cell(out, start, &c->letterspaced, &c->numeric);
            if (k < m && nb_buf_addc(out, '\t') < 0)
                goto nomem;
            f = k + 1;
        }
    } else {
        int rc = aligned_row(t, m, out, c);
        if (rc < 0)
            goto nomem;
        if (rc == 0) {
            size_t start = out->n;
            if (nb_buf_add(out, t, m) < 0)
                goto nomem;
            fold_cell(out, start, &c->letterspaced, &c->numeric);
        }
    }
    if (nb_buf_addc(out, '\n') < 0)
        goto nomem;
    return 1;
nomem:
    return nb_fail(err, NB_E_NOMEM, "out of memory");
}

int
nb_fold_line(const char *s, size_t n, nb_buf *out, nb_buf *scratch, nb_fold_counts *c,
             nb_error *err)
{
    /* what normalize does line by line: a rule is recognized after the
     * character folds, so that a line folded once is never dropped by a
     * second pass */
    scratch->n = 0;
    if (nb_fold_chars(s, n, scratch, c, err) < 0)
        return -1;
    return nb_fold_cells(scratch->p, scratch->n, out, c, err);
}
