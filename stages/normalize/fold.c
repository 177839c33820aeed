/*
 * fold.c - the separator and cell folds of the normalize stage (fold.h):
 * rule lines dropped, pipe rows and space-aligned columns to TAB-separated
 * cells, letter-spaced labels rejoined, numeric cells folded.  The
 * character folds are charfold.c's.
 */
#include "fold.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "cell.h"
#include "rule.h"
#include "uchar.h"

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
    int join;

    if (is_cjk(l) && (is_cjk(r) || r == '(' || r == '[' || r == 0x201C || r == 0x2018))
        join = 1;
    else if (!is_cjk(r))
        join = 0;
    else if (l == ')' || l == ']' || l == ':' || l == ',' || l == ';' || l == 0x201D || l == 0x2019)
        join = 1;
    else
        join = l == '.' && enumerator_before(s, w);
    /* a combining mark keeps the space before it: joined, it would attach
     * to the character before and NFKC would reorder or compose it on the
     * next pass (normalize must be idempotent); looked up last, for the
     * spaces that would go */
    return join && utf8proc_get_property(r)->combining_class == 0;
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

/* The units, with their lengths: a cell's tail is compared with each. */
static const struct {
    const char *s;
    size_t n;
} units[] = {
    {"万元", sizeof "万元" - 1}, {"元", sizeof "元" - 1}, {"人次", sizeof "人次" - 1},
    {"件", sizeof "件" - 1},     {"条", sizeof "条" - 1}, {"个", sizeof "个" - 1},
    {"项", sizeof "项" - 1},     {"次", sizeof "次" - 1}, {"家", sizeof "家" - 1},
};

/* Length of the unit that is exactly s[0..n), or 0. */
static size_t
unit_at(const char *s, size_t n)
{
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (units[u].n == n && !memcmp(s, units[u].s, n))
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

/* Whether s[0..n) holds two spaces in a row. */
static int
two_spaces(const char *s, size_t n)
{
    const char *p = s, *e = s + n;

    while (p < e && (p = memchr(p, ' ', (size_t)(e - p))) != NULL && ++p < e)
        if (*p == ' ')
            return 1;
    return 0;
}

/* Whether s[0..n) holds a TAB or two spaces in a row. */
static int
blank_run(const char *s, size_t n)
{
    return n > 0 && (memchr(s, '\t', n) || two_spaces(s, n));
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
    if (!two_spaces(t + a, b - a))
        return 0; /* one cell: prose, or a label alone */
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

/* Whether t[0..m) may be a rule line (nb_rule_fields with
 * NB_RULE_PIPES): a rule's first field begins with a blank (as rule.c's
 * blank_at reads one), '|', ':' or '-', and an empty line is none.  Most
 * lines begin with a letter, a digit or an ideograph. */
static int
may_be_rule(const char *t, size_t m)
{
    unsigned char c = m > 0 ? (unsigned char)t[0] : 'a';
    int32_t cp;

    if (c >= 0xE4 && c <= 0xE9)
        return 0; /* U+4000-U+9FFF, ideographs: no blank (test_fold_ref) */
    if (c >= 0x80)
        return nb_utf8_decode(t, m, &cp) > 0 && nb_uc_is_blank(cp);
    return c == ' ' || c == '\t' || c == '|' || c == ':' || c == '-';
}

/* Whether the line t[0..m) is a rule line, dropped. */
static int
rule_line(const char *t, size_t m)
{
    return (nb_fold_slow || may_be_rule(t, m)) && nb_rule_fields(t, m, NB_RULE_PIPES, NULL, 0) > 0;
}

/*
 * Whether nb_fold_cells writes the line t[0..m) as it is: most lines
 * (table rows of TAB-separated cells, prose) are no rule, have no space,
 * so no pipe row after spaces, no aligned columns and nothing
 * letter-spaced, and no comma, so no number to fold: every cell stays as
 * it is, TABs included.
 */
static int
plain_line(const char *t, size_t m)
{
    return !nb_fold_slow && (m == 0 || t[0] != '|') && !memchr(t, ' ', m) && !memchr(t, ',', m) &&
           !rule_line(t, m);
}

/* nb_fold_cells of a line that is not plain_line. */
static int
fold_cells(const char *t, size_t m, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    size_t a = 0;

    if (rule_line(t, m)) {
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
        for (;;) {
            const char *tab = memchr(t + f, '\t', m - f);
            size_t k = tab ? (size_t)(tab - t) : m, start = out->n;

            if (nb_buf_add(out, t + f, k - f) < 0)
                goto nomem;
            fold_cell(out, start, &c->letterspaced, &c->numeric);
            if (k == m)
                break;
            if (nb_buf_addc(out, '\t') < 0)
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
nb_fold_cells(const char *t, size_t m, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    if (!t)
        t = "";
    if (!plain_line(t, m))
        return fold_cells(t, m, out, c, err);
    if (nb_buf_add(out, t, m) < 0 || nb_buf_addc(out, '\n') < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 1;
}

int
nb_fold_line(const char *s, size_t n, nb_buf *out, nb_buf *scratch, nb_fold_counts *c,
             nb_error *err)
{
    /* what normalize does line by line: a rule is recognized after the
     * character folds, so that a line folded once is never dropped by a
     * second pass */
    size_t start = out->n;

    if (nb_fold_chars(s, n, out, c, err) < 0)
        return -1;
    /* folded in place where it is written; the cell folds, when they have
     * work, read it from scratch */
    if (plain_line(out->p + start, out->n - start))
        return nb_buf_addc(out, '\n') < 0 ? nb_fail(err, NB_E_NOMEM, "out of memory") : 1;
    scratch->n = 0;
    if (nb_buf_add(scratch, out->p + start, out->n - start) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    out->n = start;
    return fold_cells(scratch->p, scratch->n, out, c, err);
}
