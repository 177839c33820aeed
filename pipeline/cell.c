/* cell.c - cell folding and classification (SCHEMA 7); label keys are label.c. */
#include "cell.h"
#include "uchar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

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
        int32_t c = nb_uc_narrow(nb_utf8_next(s + i, n - i, &len));

        if (nb_uc_is_dash(c)) {
            if (o == 0 || out[o - 1] != '-')
                out[o++] = '-';
        } else if (nb_uc_is_blank(c)) {
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
    if (memchr(out, '&', o)) {
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

/* The common case, a plain count of at most 12 digits: 1 with out set. */
static int
plain_count(const char *s, size_t n, nb_cell *out)
{
    int64_t micro = 0;
    size_t i = 0;

    if (n == 0 || n > 12)
        return 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        micro = micro * 10 + (s[i++] - '0');
    if (i != n)
        return 0;
    out->state = NB_ST_NUM;
    out->micro = micro * NB_MICRO;
    return 1;
}

/* The state of a folded cell that is a word or a sign rather than a
 * number (SCHEMA 7.1): blank, dash, slash, none, or num for a Chinese
 * zero (flag cjk_zero); -1 for anything else. */
static int
word_state(const char *buf, size_t len, unsigned *flags)
{
    if (len == 0)
        return NB_ST_BLANK;
    if (!strcmp(buf, "-"))
        return NB_ST_DASH;
    if (!strcmp(buf, "/") || !strcmp(buf, "\\") || !strcmp(buf, "//") || !strcmp(buf, "不适用") ||
        !strcasecmp(buf, "n/a") || !strcasecmp(buf, "na"))
        return NB_ST_SLASH;
    if (!strcmp(buf, "无") || !strcmp(buf, "暂无") || !strcmp(buf, "没有"))
        return NB_ST_NONE;
    if (!strcmp(buf, "〇") || !strcmp(buf, "零")) {
        *flags = NB_FL_CJK_ZERO;
        return NB_ST_NUM;
    }
    return -1;
}

/* Past a signed value's word (增加 新增 增 减少 减) and sign; *neg set for
 * a decrease. */
static const char *
skip_sign(const char *p, int kind, int *neg)
{
    if (kind == NB_KIND_SIGNED || kind < 0) {
        if (starts(p, "增加") || starts(p, "新增"))
            p += strlen("增加");
        else if (starts(p, "增"))
            p += strlen("增");
        else if (starts(p, "减少"))
            p += strlen("减少"), *neg = 1;
        else if (starts(p, "减"))
            p += strlen("减"), *neg = 1;
    }
    if (*p == '+')
        p++;
    else if (*p == '-' && !*neg)
        p++, *neg = 1;
    return p;
}

/* SCHEMA 7.3: the unit p after a number, a unit of money for amounts, of
 * things for counts (kind < 0: any, for telling values from text).
 * Returns 1 when it is one (out->unit set for money), else 0. */
static int
unit_ok(const char *p, int kind, nb_cell *out)
{
    if (!*p)
        return 1;
    if (!strcmp(p, "万元") && kind != NB_KIND_COUNT && kind != NB_KIND_SIGNED) {
        out->unit = NB_UNIT_WAN;
        return 1;
    }
    if (!strcmp(p, "元") && kind != NB_KIND_COUNT && kind != NB_KIND_SIGNED) {
        out->unit = NB_UNIT_YUAN;
        return 1;
    }
    if (kind != NB_KIND_AMOUNT)
        for (int k = 0; count_units[k]; k++)
            if (!strcmp(p, count_units[k]))
                return 1;
    return 0;
}

void
nb_cell_parse(const char *s, size_t n, int kind, nb_cell *out)
{
    char buf[256];
    const char *p;
    int64_t micro = 0;
    int neg = 0, decimals = 0, rc;
    size_t len;

    memset(out, 0, sizeof *out);
    if (plain_count(s, n, out))
        return;
    if (n > sizeof buf / 2) {
        out->state = NB_ST_TEXT;
        return;
    }
    len = fold_cell(s, n, buf, sizeof buf);
    if ((out->state = word_state(buf, len, &out->flags)) >= 0)
        return;
    p = skip_sign(buf, kind, &neg);
    rc = parse_decimal(&p, &micro, &decimals);
    if (rc <= 0) {
        /* no number (text), or more decimals than a millionth */
        out->state = rc == 0 ? NB_ST_TEXT : NB_ST_AMBIGUOUS;
        out->flags = rc == 0 ? 0 : NB_FL_PRECISION;
        return;
    }
    /* "1 0", "1 234": digit groups split by spaces are never joined here */
    if (*p == ' ' && p[1] >= '0' && p[1] <= '9') {
        out->state = NB_ST_AMBIGUOUS;
        return;
    }
    if (*p == ' ')
        p++;
    if (!unit_ok(p, kind, out)) {
        out->state = NB_ST_TEXT;
        return;
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
    size_t at = 0;

    /* most fields are text: a field that starts with an ideograph other
     * than those that begin a placeholder or a signed value (无 暂无 没有
     * 不适用 零 增 减 新增: nb_cell_parse's words) is text, without folding it */
    while (at < n && s[at] == ' ')
        at++;
    if (at < n) {
        size_t len;
        int32_t cp = nb_utf8_next(s + at, n - at, &len);
        if (cp >= 0x4E00 && cp <= 0x9FFF && cp != 0x65E0 /* 无 */ && cp != 0x6682 /* 暂 */ &&
            cp != 0x6CA1 /* 没 */ && cp != 0x4E0D /* 不 */ && cp != 0x96F6 /* 零 */ &&
            cp != 0x589E /* 增 */ && cp != 0x51CF /* 减 */ && cp != 0x65B0 /* 新增 */)
            return 0;
    }
    nb_cell_parse(s, n, -1, &c);
    if (c.state == NB_ST_TEXT || c.state == NB_ST_BLANK)
        return 0;
    if (c.state == NB_ST_AMBIGUOUS) {
        /* digit groups split by spaces, or an over-long number */
        for (size_t i = 0; i < n; i++)
            if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '.' || s[i] == ','))
                return 0;
        return 2;
    }
    return 1;
}

/* The decimal digits of v at o, two a step from a table, their count
 * found by comparisons (most cells are counts of a few digits, and the
 * division per digit was most of the cost); returns the end. */
static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";

static char *
put_digits(char *o, uint64_t v)
{
    uint64_t p10 = 10;
    int nd = 1;
    char *p;

    while (nd < 20 && v >= p10) {
        nd++;
        if (nd < 20)
            p10 *= 10;
    }
    p = o + nd;
    for (; v >= 100; v /= 100) {
        p -= 2;
        p[0] = pairs[2 * (v % 100)];
        p[1] = pairs[2 * (v % 100) + 1];
    }
    if (v >= 10) {
        p[-2] = pairs[2 * v];
        p[-1] = pairs[2 * v + 1];
    } else {
        p[-1] = (char)('0' + v);
    }
    return o + nd;
}

size_t
nb_micro_format_n(int64_t micro, char *buf)
{
    uint64_t m = micro < 0 ? (uint64_t)(-(micro + 1)) + 1 : (uint64_t)micro;
    uint64_t ip = m / NB_MICRO, fp = m % NB_MICRO;
    char *o = buf;
    int k = 6;

    /* most cells: a whole count below 10,000, its digits straight from
     * the table (test_record's test_micro_format compares every one) */
    if (micro >= 0 && ip < 10000 && fp == 0) {
        unsigned u = (unsigned)ip;

        if (u < 10) {
            *o++ = (char)('0' + u);
        } else if (u < 100) {
            memcpy(o, pairs + 2 * u, 2), o += 2;
        } else if (u < 1000) {
            *o++ = (char)('0' + u / 100);
            memcpy(o, pairs + 2 * (u % 100), 2), o += 2;
        } else {
            memcpy(o, pairs + 2 * (u / 100), 2);
            memcpy(o + 2, pairs + 2 * (u % 100), 2), o += 4;
        }
        *o = '\0';
        return (size_t)(o - buf);
    }
    /* by hand, in place: snprintf was a tenth of tabulate's time */
    if (micro < 0)
        *o++ = '-';
    o = put_digits(o, ip);
    if (fp) {
        while (fp % 10 == 0)
            fp /= 10, k--;
        *o++ = '.';
        for (char *p = o + k; p > o; fp /= 10)
            *--p = (char)('0' + fp % 10);
        o += k;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

char *
nb_micro_format(int64_t micro, char *buf)
{
    nb_micro_format_n(micro, buf);
    return buf;
}
