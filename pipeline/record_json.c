/*
 * record_json.c - one line of JSON cut into tokens for the record reader:
 * the whole of JSON's grammar checked (as jansson checks it: UTF-8, no
 * \\u0000, no lone surrogate, integers within int64, depth 2048, no
 * repeated key in an object of few members), no allocation per value.
 */
#include "record_int.h"

#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "schema.h"
#include "text.h"
#include "uchar.h"

nb_record_reader *
nb_record_reader_new(void)
{
    nb_record_reader *rd = calloc(1, sizeof *rd);

    if (!rd)
        return NULL;
    for (size_t m = 0; m < nb_nmetrics && m < NB_REC_METRICS; m++)
        rd->idlen[m] = strlen(nb_metrics[m].id);
    return rd;
}

void
nb_record_reader_free(nb_record_reader *rd)
{
    if (!rd)
        return;
    free(rd->t);
    free(rd->arena);
    free(rd->checks);
    free(rd->warn);
    free(rd);
}

/* ---- numbers ---- */

typedef struct numparts {
    int neg;
    const char *ip, *fp; /* integer and fraction digits */
    size_t ni, nf;
    long exp; /* saturated at +-100000 */
} numparts;

static size_t
digits(const char *s, size_t n, size_t i)
{
    size_t k = i;

    while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
    return k - i;
}

/* The parts of the JSON number s[0..n), or -1 when it is not one. */
static int
split_number(const char *s, size_t n, numparts *p)
{
    size_t i = 0;

    memset(p, 0, sizeof *p);
    if (i < n && s[i] == '-')
        p->neg = 1, i++;
    p->ip = s + i;
    p->ni = digits(s, n, i);
    if (p->ni == 0 || (p->ip[0] == '0' && p->ni > 1))
        return -1;
    i += p->ni;
    if (i < n && s[i] == '.') {
        p->fp = s + ++i;
        if ((p->nf = digits(s, n, i)) == 0)
            return -1;
        i += p->nf;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;

        if (++i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        if (digits(s, n, i) == 0)
            return -1;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            p->exp = p->exp < 100000 ? p->exp * 10 + (s[i] - '0') : p->exp;
        p->exp = eneg ? -p->exp : p->exp;
    }
    return i == n ? 0 : -1;
}

int
nb_record_number(const char *s, size_t n, int64_t *micro)
{
    const uint64_t lim = (uint64_t)NB_REC_MAX_UNITS * (uint64_t)NB_MICRO;
    numparts p;
    uint64_t acc = 0;
    long q; /* the power of ten, in millionths, of the digit at hand */
    int round = 0;

    if (split_number(s, n, &p) < 0)
        return -1;
    q = (long)p.ni - 1 + p.exp + 6;
    for (size_t k = 0; k < p.ni + p.nf; k++, q--) {
        int d = (k < p.ni ? p.ip[k] : p.fp[k - p.ni]) - '0';

        if (q < 0) { /* half away from zero: only the next digit counts */
            round = q == -1 && d >= 5;
            break;
        }
        if (acc > lim / 10 || acc * 10 > lim - (uint64_t)d)
            return -1;
        acc = acc * 10 + (uint64_t)d;
    }
    for (; q >= 0 && acc; q--) /* 12e3: the places the exponent adds */
        if (acc > lim / 10)
            return -1;
        else
            acc *= 10;
    acc += (uint64_t)round;
    if (acc > lim)
        return -1;
    *micro = p.neg ? -(int64_t)acc : (int64_t)acc;
    return 0;
}

/* ---- tokens ---- */

static tok *
push(nb_record_reader *rd, int type, size_t start)
{
    tok *t;

    if (rd->nt == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 1024;
        tok *p = realloc(rd->t, cap * sizeof *p);

        if (!p) {
            rd->nomem = 1;
            return NULL;
        }
        rd->t = p, rd->cap = cap;
    }
    t = &rd->t[rd->nt++];
    t->type = (unsigned char)type, t->esc = 0;
    t->start = (uint32_t)start, t->len = t->size = 0;
    t->next = (uint32_t)rd->nt;
    return t;
}

static size_t
ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

static int
hex4(const char *s, size_t n, size_t i, int32_t *cp)
{
    *cp = 0;
    if (i + 4 > n)
        return -1;
    for (size_t k = i; k < i + 4; k++) {
        int c = (unsigned char)s[k], d = c >= '0' && c <= '9'   ? c - '0'
                                         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                : -1;
        if (d < 0)
            return -1;
        *cp = *cp * 16 + d;
    }
    return 0;
}

/* One escape at s[i] (after the backslash): its code point and length, or
 * -1 (an unknown escape, \u0000, a lone surrogate: jansson refuses them). */
static int
unescape(const char *s, size_t n, size_t i, int32_t *cp, size_t *len)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = i < n && s[i] ? strchr(from, s[i]) : NULL;
    int32_t lo;

    if (k) {
        *cp = to[k - from], *len = 1;
        return 0;
    }
    if (i >= n || s[i] != 'u' || hex4(s, n, i + 1, cp) < 0 || *cp == 0)
        return -1;
    *len = 5;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return -1;
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 0;
    if (i + 6 >= n || s[i + 5] != '\\' || s[i + 6] != 'u' || hex4(s, n, i + 7, &lo) < 0 ||
        lo < 0xDC00 || lo > 0xDFFF)
        return -1;
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    *len = 11;
    return 0;
}

/* Bytes a string's scan stops at: the quote, a backslash, controls and
 * bytes past ASCII. */
static int
special(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

/* The first special byte at or after s[i] (or n): eight bytes a step,
 * with the has-less-than trick of "Bit Twiddling Hacks", then one by one. */
static size_t
plain(const char *s, size_t n, size_t i)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;

    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b;

        memcpy(&x, s + i, 8);
        q = x ^ (ones * '"'), b = x ^ (ones * '\\');
        if ((((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & high)
            break;
    }
    while (i < n && !special((unsigned char)s[i]))
        i++;
    return i;
}

/* A string at s[i] (the opening quote); returns the index past it or 0. */
static size_t
string(nb_record_reader *rd, const char *s, size_t n, size_t i)
{
    tok *t = push(rd, T_STR, i + 1);
    int high = 0;

    if (!t)
        return 0;
    for (i++; i < n; i++) {
        unsigned char c;
        int32_t cp;
        size_t len;

        i = plain(s, n, i);
        if (i >= n || (c = (unsigned char)s[i]) == '"')
            break;
        if (c < 0x20)
            return 0;
        high |= c >= 0x80;
        if (c == '\\') {
            if (unescape(s, n, i + 1, &cp, &len) < 0)
                return 0;
            t->esc = 1;
            i += len;
        }
    }
    if (i >= n)
        return 0;
    t->len = (uint32_t)(i - t->start);
    if (high && !nb_utf8_valid(s + t->start, t->len))
        return 0;
    return i + 1;
}

/* An integer jansson would refuse as too big for json_int_t. */
static int
too_big(const numparts *p)
{
    static const char max[] = "9223372036854775807", min[] = "9223372036854775808";

    if (p->fp || p->exp || p->ni < 19)
        return 0;
    return p->ni > 19 || memcmp(p->ip, p->neg ? min : max, 19) > 0;
}

static size_t
number(nb_record_reader *rd, const char *s, size_t n, size_t i)
{
    size_t k = i;
    numparts p;
    tok *t;

    while (k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '+' || s[k] == '.' ||
                     s[k] == 'e' || s[k] == 'E'))
        k++;
    if (split_number(s + i, k - i, &p) < 0 || too_big(&p) || !(t = push(rd, T_NUM, i)))
        return 0;
    t->len = (uint32_t)(k - i);
    return k;
}

static size_t
literal(nb_record_reader *rd, const char *s, size_t n, size_t i)
{
    static const char *const words[] = {"true", "false", "null"};

    for (int w = 0; w < 3; w++) {
        size_t len = strlen(words[w]);
        tok *t;

        if (i + len <= n && !memcmp(s + i, words[w], len)) {
            if (!(t = push(rd, T_TRUE + w, i)))
                return 0;
            t->len = (uint32_t)len;
            return i + len;
        }
    }
    return 0;
}

size_t
nb_rec_decode(const nb_record_reader *rd, const tok *t, char *out, size_t cap)
{
    const char *s = rd->s + t->start;
    size_t o = 0;

    for (size_t i = 0; i < t->len; i++) {
        int32_t cp = (unsigned char)s[i];
        size_t len = 0;

        if (o + 5 > cap)
            return (size_t)-1;
        if (s[i] != '\\') {
            out[o++] = s[i];
            continue;
        }
        unescape(s, t->len, i + 1, &cp, &len);
        i += len;
        o += nb_utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    return o;
}

/* Do string tokens a and b say the same? */
static int
same_key(const nb_record_reader *rd, const tok *a, const tok *b)
{
    char x[256], y[256];
    size_t nx, ny;

    if (!a->esc && !b->esc)
        return a->len == b->len && !memcmp(rd->s + a->start, rd->s + b->start, a->len);
    nx = nb_rec_decode(rd, a, x, sizeof x);
    ny = nb_rec_decode(rd, b, y, sizeof y);
    return nx != (size_t)-1 && nx == ny && !memcmp(x, y, nx);
}

/* The object at token o closes: refuse a repeated key (as jansson's
 * JSON_REJECT_DUPLICATES did) among few members; the reader checks the
 * cell maps itself. */
static int
unique_keys(const nb_record_reader *rd, uint32_t o)
{
    uint32_t a, b;

    if (rd->t[o].size > SMALL_OBJ)
        return 0;
    for (a = o + 1; a < rd->t[o].next; a = rd->t[a + 1].next)
        for (b = rd->t[a + 1].next; b < rd->t[o].next; b = rd->t[b + 1].next)
            if (same_key(rd, &rd->t[a], &rd->t[b]))
                return -1;
    return 0;
}

int
nb_rec_tokenize(nb_record_reader *rd, const char *s, size_t n)
{
    size_t i = ws(s, n, 0);
    int depth = 0;

    rd->nt = 0;
    rd->s = s;
    if (i >= n || (s[i] != '{' && s[i] != '['))
        return -1;
    for (;;) {
        tok *top;

        /* a value at s[i] */
        if (s[i] == '{' || s[i] == '[') {
            if (depth == MAX_DEPTH || !push(rd, s[i] == '{' ? T_OBJ : T_ARR, i))
                return -1;
            rd->stack[depth++] = (uint32_t)(rd->nt - 1);
            i = ws(s, n, i + 1);
            if (i < n && (s[i] == '}' || s[i] == ']'))
                goto close;
            goto member;
        }
        if (s[i] == '"')
            i = string(rd, s, n, i);
        else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9'))
            i = number(rd, s, n, i);
        else
            i = literal(rd, s, n, i);
        if (i == 0)
            return -1;
    after:
        i = ws(s, n, i);
        if (depth == 0)
            return i == n ? 0 : -1;
        top = &rd->t[rd->stack[depth - 1]];
        top->size++;
        if (i < n && s[i] == ',') {
            i = ws(s, n, i + 1);
            goto member;
        }
        if (i >= n || s[i] != (top->type == T_OBJ ? '}' : ']'))
            return -1;
    close:
        top = &rd->t[rd->stack[--depth]];
        if ((s[i] == '}') != (top->type == T_OBJ))
            return -1;
        top->next = (uint32_t)rd->nt;
        top->len = (uint32_t)(i + 1 - top->start);
        if (top->type == T_OBJ && unique_keys(rd, rd->stack[depth]) < 0)
            return -1;
        i++;
        goto after;
    member:
        if (i >= n)
            return -1;
        if (rd->t[rd->stack[depth - 1]].type == T_OBJ) {
            if (s[i] != '"' || !(i = string(rd, s, n, i)))
                return -1;
            i = ws(s, n, i);
            if (i >= n || s[i] != ':')
                return -1;
            i = ws(s, n, i + 1);
        }
        if (i >= n)
            return -1;
    }
}
