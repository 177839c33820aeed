/*
 * json_tok.c - one line of JSON cut into tokens for the record reader and
 * the document header: the whole of JSON's grammar checked as jansson's
 * json_loadb (JSON_REJECT_DUPLICATES) checks it: UTF-8, no \\u0000, no lone
 * surrogate, integers within int64, reals within a double, depth 2048, no
 * repeated key; no allocation per value.
 */
#include "json_tok.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simd.h"
#include "text.h"
#include "uchar.h"

void
nb_jtok_fini(nb_jtok *j)
{
    free(j->t);
    free(j->slots);
    j->t = NULL, j->slots = NULL;
    j->nt = j->cap = j->nslots = 0;
}

/* The tokenizer's loop is compiled once per string scan (nb_jtok_run):
 * what it inlines must be, for the AVX2 scan to be inlined at all. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* ---- numbers ---- */

static size_t
digits(const char *s, size_t n, size_t i)
{
    size_t k = i;

    while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
    return k - i;
}

int
nb_jnum_split(const char *s, size_t n, nb_jnum *p)
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
        p->real = 1;
        p->fp = s + ++i;
        if ((p->nf = digits(s, n, i)) == 0)
            return -1;
        i += p->nf;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;

        p->real = 1;
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

/* An integer jansson would refuse as too big for json_int_t. */
static int
too_big(const nb_jnum *p)
{
    static const char max[] = "9223372036854775807", min[] = "9223372036854775808";

    if (p->real || p->ni < 19)
        return 0;
    return p->ni > 19 || memcmp(p->ip, p->neg ? min : max, 19) > 0;
}

/* A real jansson would refuse: strtod overflows (underflow is taken).
 * The leading digit's power of ten decides, but near 10^308 and for
 * numbers too long to count, strtod itself.  -1 when out of memory. */
static int
real_overflows(const char *s, size_t n, const nb_jnum *p)
{
    char small[64], *c;
    double v;
    int over;

    if (p->ni + p->nf < 1000 && p->exp > -100000 && p->exp < 100000) {
        size_t k = 0;

        while (k < p->ni + p->nf && (k < p->ni ? p->ip[k] : p->fp[k - p->ni]) == '0')
            k++;
        if (k == p->ni + p->nf || (long)p->ni - 1 - (long)k + p->exp < 308)
            return 0;
        if ((long)p->ni - 1 - (long)k + p->exp > 308)
            return 1;
    }
    c = n < sizeof small ? small : malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    errno = 0;
    v = strtod(c, NULL);
    over = (v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE;
    if (c != small)
        free(c);
    return over;
}

/* ---- tokens ---- */

static tok *
push(nb_jtok *j, int type, size_t start)
{
    tok *t;

    if (j->nt == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 1024;
        tok *p = realloc(j->t, cap * sizeof *p);

        if (!p) {
            j->nomem = 1;
            return NULL;
        }
        j->t = p, j->cap = cap;
    }
    t = &j->t[j->nt++];
    t->type = (unsigned char)type, t->esc = 0;
    t->start = (uint32_t)start, t->len = t->size = 0;
    t->next = (uint32_t)j->nt;
    return t;
}

/* Past white space at s[i]: records have none, so one compare says so. */
static inline size_t
ws(const char *s, size_t n, size_t i)
{
    while (i < n && (unsigned char)s[i] <= ' ' &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
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

/* The first byte at or after s[i] (or n) that a string's scan stops at:
 * the quote, a backslash, a control.  Eight bytes a step, with the
 * has-zero and has-less-than tricks of "Bit Twiddling Hacks" (exact for
 * whether a word holds one: bytes past ASCII trigger neither), then one by
 * one.  *high is set when a byte past ASCII was passed: the string is then
 * checked as UTF-8 whole, once. */
static size_t
plain_words(const char *s, size_t n, size_t i, int *high)
{
    const uint64_t ones = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
    uint64_t seen = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b, m;

        memcpy(&x, s + i, 8);
        q = x ^ (ones * '"'), b = x ^ (ones * '\\');
        m = (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) & hi;
        if (m) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* no borrow reaches the bytes below the first match: the
             * lowest flag is that byte */
            int k = __builtin_ctzll(m) >> 3;

            seen |= k ? x & (~0ULL >> (64 - 8 * k)) : 0;
            *high |= (seen & hi) != 0;
            return i + (size_t)k;
#else
            break;
#endif
        }
        seen |= x;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\' || c < 0x20)
            break;
        seen |= c;
    }
    *high |= (seen & hi) != 0;
    return i;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/*
 * x86-64: sixteen bytes a step (SSE2, every x86-64), or thirty-two where
 * the processor has AVX2 (nb_simd_level): a bit per byte (movemask) for the
 * bytes that stop the scan and one for those past ASCII, so the stop is
 * the lowest bit and *high the bits below it.  A record's keys are 20-40
 * bytes: one or two steps where the words took three to five.  The last
 * bytes of the line (fewer than a step) go to plain_words: no load reads
 * past s[n).
 */
#include <immintrin.h>

#define HAVE_SIMD_SCAN 1

static inline size_t
plain_sse2(const char *s, size_t n, size_t i, int *high)
{
    const __m128i quote = _mm_set1_epi8('"'), bsl = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);

    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bsl)),
                                    _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x));
        unsigned m = (unsigned)_mm_movemask_epi8(stop), h = (unsigned)_mm_movemask_epi8(x);

        if (m) {
            *high |= (h & (m - 1) & ~m) != 0;
            return i + (size_t)__builtin_ctz(m);
        }
        *high |= h != 0;
    }
    return plain_words(s, n, i, high);
}

__attribute__((target("avx2"))) static inline size_t
plain_avx2(const char *s, size_t n, size_t i, int *high)
{
    const __m256i quote = _mm256_set1_epi8('"'), bsl = _mm256_set1_epi8('\\'),
                  ctl = _mm256_set1_epi8(0x1F);

    for (; i + 32 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i stop =
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, bsl)),
                            _mm256_cmpeq_epi8(_mm256_min_epu8(x, ctl), x));
        unsigned m = (unsigned)_mm256_movemask_epi8(stop), h = (unsigned)_mm256_movemask_epi8(x);

        if (m) {
            *high |= (h & (m - 1) & ~m) != 0;
            return i + (size_t)__builtin_ctz(m);
        }
        *high |= h != 0;
    }
    return plain_sse2(s, n, i, high);
}
#endif

static ALWAYS_INLINE size_t
plain(const char *s, size_t n, size_t i, int *high, int how)
{
#ifdef HAVE_SIMD_SCAN
    if (how == NB_SIMD_AVX2)
        return plain_avx2(s, n, i, high);
    if (how == NB_SIMD_SSE2)
        return plain_sse2(s, n, i, high);
#endif
    return plain_words(s, n, i, high);
}

size_t
nb_jtok_plain(const char *s, size_t n, size_t i, int *high, int how)
{
    return plain(s, n, i, high, how);
}

/* The rest of string token t from s[i], a backslash or a control byte
 * (the escapes, rare): the index past the closing quote, or 0. */
static size_t
string_rest(nb_jtok *j, tok *t, const char *s, size_t n, size_t i, int high)
{
    for (; i < n; i++) {
        unsigned char c;
        int32_t cp;
        size_t len;

        i = nb_jtok_plain(s, n, i, &high, j->scan);
        if (i >= n || (c = (unsigned char)s[i]) == '"')
            break;
        if (c < 0x20)
            return 0;
        if (unescape(s, n, i + 1, &cp, &len) < 0) /* c is the backslash */
            return 0;
        t->esc = 1;
        i += len;
    }
    if (i >= n)
        return 0;
    t->len = (uint32_t)(i - t->start);
    if (high && !nb_utf8_valid(s + t->start, t->len))
        return 0;
    return i + 1;
}

/* A string at s[i] (the opening quote); returns the index past it or 0.
 * Most strings end at the first byte the scan stops at. */
static ALWAYS_INLINE size_t
string(nb_jtok *j, const char *s, size_t n, size_t i, int how)
{
    tok *t = push(j, T_STR, i + 1);
    int high = 0;
    size_t k;

    if (!t)
        return 0;
    k = plain(s, n, i + 1, &high, how);
    if (k >= n || s[k] != '"' || high)
        return string_rest(j, t, s, n, k, high);
    t->len = (uint32_t)(k - i - 1);
    return k + 1;
}

/* A byte of a number other than a digit. */
static inline int
num_byte(char c)
{
    return c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* number() for what its first loop did not take, from s[k] on. */
static __attribute__((noinline)) size_t
number_rest(nb_jtok *j, const char *s, size_t n, size_t i, size_t k)
{
    nb_jnum p;
    tok *t;
    int over;

    while (k < n && (num_byte(s[k]) || (s[k] >= '0' && s[k] <= '9')))
        k++;
    if (nb_jnum_split(s + i, k - i, &p) < 0 || too_big(&p))
        return 0;
    if (p.real && (over = real_overflows(s + i, k - i, &p)) != 0) {
        j->nomem = over < 0;
        return 0;
    }
    if (!(t = push(j, T_NUM, i)))
        return 0;
    t->len = (uint32_t)(k - i);
    return k;
}

/* A number at s[i]; returns the index past it or 0.  Inline: a record's
 * cells are some 160 numbers, nearly all plain integers. */
static ALWAYS_INLINE size_t
number(nb_jtok *j, const char *s, size_t n, size_t i)
{
    size_t k = i;
    tok *t;

    /* most numbers: fewer than 19 digits and nothing else, which is
     * valid unless it begins with a 0 that is not the whole number (what
     * nb_jnum_split and too_big would say of it) */
    while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
    if (k > i && k - i < 19 && (k == n || !num_byte(s[k]))) {
        if (s[i] == '0' && k - i > 1)
            return 0;
        if (!(t = push(j, T_NUM, i)))
            return 0;
        t->len = (uint32_t)(k - i);
        return k;
    }
    return number_rest(j, s, n, i, k);
}

static size_t
literal(nb_jtok *j, const char *s, size_t n, size_t i)
{
    static const char *const words[] = {"true", "false", "null"};

    for (int w = 0; w < 3; w++) {
        size_t len = strlen(words[w]);
        tok *t;

        if (i + len <= n && !memcmp(s + i, words[w], len)) {
            if (!(t = push(j, T_TRUE + w, i)))
                return 0;
            t->len = (uint32_t)len;
            return i + len;
        }
    }
    return 0;
}

/* ---- strings decoded ---- */

/* A string token read back one decoded byte at a time. */
typedef struct cursor {
    const char *s;
    size_t n, i;
    char u[4];
    int un, ui;
} cursor;

static cursor
cursor_at(const nb_jtok *j, const tok *t)
{
    cursor c = {j->s + t->start, t->len, 0, {0}, 0, 0};
    return c;
}

/* The next decoded byte, or -1 at the end. */
static int
next_byte(cursor *c)
{
    int32_t cp;
    size_t len;

    if (c->ui < c->un)
        return (unsigned char)c->u[c->ui++];
    if (c->i >= c->n)
        return -1;
    if (c->s[c->i] != '\\')
        return (unsigned char)c->s[c->i++];
    unescape(c->s, c->n, c->i + 1, &cp, &len);
    c->i += len + 1;
    c->un = (int)nb_utf8_encode(cp, c->u);
    c->ui = 1;
    return (unsigned char)c->u[0];
}

size_t
nb_jtok_decode(const nb_jtok *j, const tok *t, char *out, size_t cap)
{
    const char *s = j->s + t->start;
    size_t o = 0;

    if (!t->esc && t->len + 5 <= cap) { /* most strings: as they are */
        memcpy(out, s, t->len);
        out[t->len] = '\0';
        return t->len;
    }
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

int
nb_jtok_is(const nb_jtok *j, const tok *t, const char *s, size_t n)
{
    cursor c;
    size_t o = 0;
    int b;

    if (!t->esc)
        return t->len == n && !memcmp(j->s + t->start, s, n);
    c = cursor_at(j, t);
    while ((b = next_byte(&c)) >= 0)
        if (o >= n || (unsigned char)s[o++] != b)
            return 0;
    return o == n;
}

uint32_t
nb_jtok_member(const nb_jtok *j, uint32_t o, const char *key)
{
    size_t len = strlen(key);

    if (j->t[o].type != T_OBJ)
        return 0;
    for (uint32_t a = o + 1; a < j->t[o].next; a = j->t[a + 1].next)
        if (nb_jtok_is(j, &j->t[a], key, len))
            return a + 1;
    return 0;
}

/* Do string tokens a and b, one with an escape, say the same? */
static int
same_escaped(const nb_jtok *j, const tok *a, const tok *b)
{
    cursor x, y;
    int bx, by;

    x = cursor_at(j, a), y = cursor_at(j, b);
    do {
        bx = next_byte(&x), by = next_byte(&y);
    } while (bx == by && bx >= 0);
    return bx == by;
}

/* Do string tokens a and b say the same?  Inline: the keys of an object
 * mostly differ in length. */
static inline int
same_key(const nb_jtok *j, const tok *a, const tok *b)
{
    if (!a->esc && !b->esc)
        return a->len == b->len && !memcmp(j->s + a->start, j->s + b->start, a->len);
    return same_escaped(j, a, b);
}

static uint64_t
key_hash(const nb_jtok *j, const tok *t)
{
    cursor c = cursor_at(j, t);
    uint64_t h = 1469598103934665603ULL;
    int b;

    while ((b = next_byte(&c)) >= 0)
        h = (h ^ (uint64_t)b) * 1099511628211ULL;
    return h;
}

/* A large object's keys into a hash table: -1 on a repeat, -2 out of
 * memory. */
static int
unique_hashed(nb_jtok *j, uint32_t o)
{
    size_t want = 64, mask;

    while (want < 2 * (size_t)j->t[o].size)
        want *= 2;
    if (want > j->nslots) {
        uint32_t *p = realloc(j->slots, want * sizeof *p);

        if (!p)
            return -2;
        j->slots = p, j->nslots = want;
    }
    memset(j->slots, 0, want * sizeof *j->slots);
    mask = want - 1;
    for (uint32_t a = o + 1; a < j->t[o].next; a = j->t[a + 1].next) {
        size_t h = (size_t)key_hash(j, &j->t[a]) & mask;

        for (; j->slots[h]; h = (h + 1) & mask)
            if (same_key(j, &j->t[j->slots[h]], &j->t[a]))
                return -1;
        j->slots[h] = a;
    }
    return 0;
}

/* The object at token o closes: refuse a repeated key (as jansson's
 * JSON_REJECT_DUPLICATES does) among few members, or among any number
 * when every_key is set (the record reader checks its cell maps itself). */
static int
unique_keys(nb_jtok *j, uint32_t o)
{
    uint32_t a, b;

    if (j->t[o].size > SMALL_OBJ) {
        int rc = j->every_key ? unique_hashed(j, o) : 0;

        j->nomem = rc == -2;
        return rc < 0 ? -1 : 0;
    }
    for (a = o + 1; a < j->t[o].next; a = j->t[a + 1].next)
        for (b = j->t[a + 1].next; b < j->t[o].next; b = j->t[b + 1].next)
            if (same_key(j, &j->t[a], &j->t[b]))
                return -1;
    return 0;
}

/* A scalar value at s[i]: the index past it, or 0.  jansson reads one
 * byte past a number or a word and puts it back, and a NUL put back is
 * lost (its stream takes a NUL in its buffer for "read the next byte"):
 * one NUL there is skipped, as jansson does. */
static ALWAYS_INLINE size_t
scalar(nb_jtok *j, const char *s, size_t n, size_t i, int how)
{
    size_t k;

    if (s[i] == '"')
        return string(j, s, n, i, how);
    if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9'))
        k = number(j, s, n, i);
    else
        k = literal(j, s, n, i);
    if (!k || k >= n || s[k] != '\0')
        return k;
    if (!j->nul)
        j->nul = k + 1;
    return k + 1;
}

static ALWAYS_INLINE int
run(nb_jtok *j, const char *s, size_t n, int how)
{
    size_t i = ws(s, n, 0);
    int depth = 0;

    j->nt = 0;
    j->s = s;
    j->nomem = 0;
    j->nul = 0;
    j->scan = how;
    if (i >= n || (s[i] != '{' && s[i] != '['))
        return -1;
    for (;;) {
        tok *top;

        /* a value at s[i], at jansson's depth + 1: the outer one is 1 */
        if (depth == MAX_DEPTH)
            return -1;
        if (s[i] == '{' || s[i] == '[') {
            if (!push(j, s[i] == '{' ? T_OBJ : T_ARR, i))
                return -1;
            j->stack[depth++] = (uint32_t)(j->nt - 1);
            i = ws(s, n, i + 1);
            if (i < n && (s[i] == '}' || s[i] == ']'))
                goto close;
            goto member;
        }
        if ((i = scalar(j, s, n, i, how)) == 0)
            return -1;
    after:
        i = ws(s, n, i);
        if (depth == 0)
            return i == n ? 0 : -1;
        top = &j->t[j->stack[depth - 1]];
        top->size++;
        if (i < n && s[i] == ',') {
            i = ws(s, n, i + 1);
            goto member;
        }
        if (i >= n || s[i] != (top->type == T_OBJ ? '}' : ']'))
            return -1;
    close:
        top = &j->t[j->stack[--depth]];
        if ((s[i] == '}') != (top->type == T_OBJ))
            return -1;
        top->next = (uint32_t)j->nt;
        top->len = (uint32_t)(i + 1 - top->start);
        if (top->type == T_OBJ && unique_keys(j, j->stack[depth]) < 0)
            return -1;
        i++;
        goto after;
    member:
        if (i >= n)
            return -1;
        if (j->t[j->stack[depth - 1]].type == T_OBJ) {
            if (s[i] != '"' || !(i = string(j, s, n, i, how)))
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

#ifdef HAVE_SIMD_SCAN
/* The loop with the AVX2 scan inlined: a call per string (its constants
 * loaded, its registers saved) cost 2 % of aggregate. */
__attribute__((target("avx2"))) static int
run_avx2(nb_jtok *j, const char *s, size_t n)
{
    return run(j, s, n, NB_SIMD_AVX2);
}
#endif

int
nb_jtok_run(nb_jtok *j, const char *s, size_t n)
{
    int how = nb_simd_level();

#ifdef HAVE_SIMD_SCAN
    if (how == NB_SIMD_AVX2)
        return run_avx2(j, s, n);
    if (how == NB_SIMD_SSE2)
        return run(j, s, n, NB_SIMD_SSE2);
#endif
    return run(j, s, n, NB_SIMD_PORTABLE);
}
