/*
 * charfold.c - the character folds of the normalize stage (fold.h,
 * nb_fold_chars): NFKC, dashes, blanks and invisible characters, then
 * footnote and digit group marks.
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

#include "uchar.h"

#define NFKC_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE)

/* CP_MARK, a footnote mark, is fast too but never the character a span
 * of NFKC begins with: NFKC would make it a digit ("3²，" read 32). */
enum { CP_FAST, CP_MARK, CP_SLOW, CP_DASH, CP_SPACE, CP_ZW };

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
        return CP_MARK; /* kept for fold_marks, never NFKC'd */
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

/* classify over the BMP, one byte a codepoint: the kind, and KIND_MARKS
 * when classify sets *marks.  Filled on first use from classify itself
 * (so from utf8proc's tables, never typed), 64 KiB. */
enum { KIND_MARKS = 0x10 };
int nb_fold_slow;
static unsigned char bmp_kind[0x10000];
static int bmp_ready;

static void
fill_bmp_kind(void)
{
    for (int32_t c = 0; c < 0x10000; c++) {
        int marks = 0, kind = c < 0x80 ? CP_FAST : classify(c, &marks);

        bmp_kind[c] = (unsigned char)(kind | (marks ? KIND_MARKS : 0));
    }
    bmp_ready = 1;
}

/* classify(c, marks), by the table below U+10000. */
static inline int
kind_of(int32_t c, int *marks)
{
    int k;

    if (c >= 0x10000 || nb_fold_slow)
        return classify(c, marks);
    if (!bmp_ready)
        fill_bmp_kind();
    k = bmp_kind[c];
    if (k & KIND_MARKS)
        *marks = 1;
    return k & 0x0F;
}

/* Whether c is a full-width ASCII form (U+FF01-U+FF5E): NFKC makes it
 * the ASCII character c - 0xFEE0, which composes with nothing. */
static int
is_wide(int32_t c)
{
    return c >= 0xFF01 && c <= 0xFF5E;
}

/*
 * emit_nfkc's quick path for the commonest span of Chinese text, full-width
 * punctuation after an ideograph or ASCII ("数量：", "（一）"): a first
 * character NFKC leaves as it is, then full-width forms only, whose NFKC is
 * nb_uc_narrow.  What emit_nfkc would write and count, without utf8proc.
 * Returns 1 when done, 0 when the span is not such (out unchanged), -1
 * when out of memory.
 */
static int
emit_wide(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, int *marks)
{
    size_t l0, l, k;
    int32_t first = nb_utf8_next(s, n, &l0);

    if (!(first < 0x80 || (first >= 0x4E00 && first <= 0x9FFF) || is_wide(first)))
        return 0;
    for (k = l0; k < n; k += l)
        if (!is_wide(nb_utf8_next(s + k, n - k, &l)))
            return 0;
    if (nb_buf_reserve(out, n) < 0)
        return -1;
    for (k = 0; k < n; k += l) {
        int32_t w = nb_utf8_next(s + k, n - k, &l);

        if (k > 0 || is_wide(w))
            w = nb_uc_narrow(w);
        if (w >= 0x80) { /* the ideograph before the span */
            memcpy(out->p + out->n, s + k, l);
            out->n += l;
            continue;
        }
        c->dashes += w == '-'; /* emit_nfkc counts every dash it writes */
        *marks |= w == '\'' || w == '`';
        out->p[out->n++] = (char)w;
    }
    c->nfkc++; /* a full-width form was narrowed: the span changed */
    return 1;
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
    int rc = emit_wide(s, n, out, c, marks);

    if (rc != 0)
        return rc < 0 ? nb_fail(err, NB_E_NOMEM, "out of memory") : 0;
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

/* Whether s[0..n) begins with a circled number, ① to ⑳ or ⓪. */
static int
circled_at(const unsigned char *s, size_t n)
{
    return n > 2 && s[0] == 0xE2 &&
           ((s[1] == 0x91 && s[2] >= 0xA0 && s[2] <= 0xB3) || (s[1] == 0x93 && s[2] == 0xAA));
}

/* The value of the superscript or subscript digit, or of the circled
 * number, at s[0..n), with its length in *len; -1 when there is none. */
static int
mark_at(const unsigned char *s, size_t n, size_t *len)
{
    if (circled_at(s, n)) {
        *len = 3;
        return s[1] == 0x93 ? 0 : s[2] - 0xA0 + 1;
    }
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
 * 50, "2①" 21, and the tokenizer read "1'234" as 234: never a digit of
 * the number beside it.  A superscript, subscript or circled number next
 * to a digit becomes its digits set apart by spaces ("3 2", "2 1"), an
 * apostrophe or prime between digits a space ("1 234"): digit groups
 * apart are ambiguous (SCHEMA 7.3), never joined.  A mark next to no
 * digit ("m²", "①属于", "—①") is kept: made a digit, it read as a count.
 * It runs on
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
            if (d >= 10)
                rc |= nb_buf_addc(out, '0' + d / 10);
            rc |= nb_buf_addc(out, '0' + d % 10);
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

/* Whether byte k of memory is bits 8k to 8k+7 of a word, as the portable
 * block_stop reads its lanes; elsewhere it goes a lane at a time. */
#define LITTLE_ENDIAN_WORDS (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

#if defined(__SSE2__)
#include <emmintrin.h>

/*
 * skip_plain's vector step over the sixteen bytes at p (two more readable
 * after them; UTF-8 that may end in zeros): the first lane that starts a
 * character skip_plain does not pass over, 16 when none does.  Passed
 * over: continuations, ASCII but '&', '\'' and '`', the leads of
 * U+4E00-U+9FFF (E5-E9, E4 before B8-BF) and of U+3001-U+3029 (E3 80
 * before 81-A9: 、。《》「」【】〔〕).  Signed compares, as SSE2 has only
 * those: ASCII is 0..127, continuations 80-BF -128..-65, leads C0-FF
 * -64..-1.  SSE2 is in every x86-64.
 */
static inline unsigned
block_stop(const unsigned char *p)
{
    const __m128i v = _mm_loadu_si128((const void *)p);
    const __m128i n1 = _mm_loadu_si128((const void *)(p + 1));
    const __m128i n2 = _mm_loadu_si128((const void *)(p + 2));
    __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-65)),
                                 _mm_cmpgt_epi8(_mm_setzero_si128(), v));
    /* E5-E9 are -27..-23; E4 is -28, B8-BF -72..-65 */
    __m128i cjk = _mm_or_si128(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-28)), _mm_cmpgt_epi8(_mm_set1_epi8(-22), v)),
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(-28)),
                      _mm_cmpgt_epi8(n1, _mm_set1_epi8(-73))));
    /* E3 is -29, 80 -128, 81-A9 -127..-87 */
    __m128i punct = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(-29)),
                                                _mm_cmpeq_epi8(n1, _mm_set1_epi8(-128))),
                                  _mm_and_si128(_mm_cmpgt_epi8(n2, _mm_set1_epi8(-128)),
                                                _mm_cmpgt_epi8(_mm_set1_epi8(-86), n2)));
    /* '&' and '\'' are 0x26 and 0x27 */
    __m128i marks = _mm_or_si128(
        _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8(0x26)),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
    unsigned stops = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_andnot_si128(_mm_or_si128(cjk, punct), lead), marks));

    return stops ? (unsigned)__builtin_ctz(stops) : 16;
}
#else
/* Sixteen bytes, compared lane by lane: GCC's and clang's vector
 * extension (NEON on ARM, plain words elsewhere). */
typedef unsigned char v16 __attribute__((vector_size(16)));

/* block_stop for other processors, with unsigned lanes. */
static inline unsigned
block_stop(const unsigned char *p)
{
    v16 v, next, next2, cont, cjk, e4_low, punct, stop;
    uint64_t w[2];

    memcpy(&v, p, 16);
    memcpy(&next, p + 1, 16);
    memcpy(&next2, p + 2, 16);
    cont = (v16)((v & 0xC0) == 0x80);
    /* leads E4-E9, less an E4 before a byte under B8 (U+4000-U+4DFF) */
    cjk = (v16)(v >= 0xE4) & (v16)(v <= 0xE9);
    e4_low = (v16)(v == 0xE4) & (v16)(next < 0xB8);
    /* U+3001-U+3029 (E3 80 81 to E3 80 A9) */
    punct = (v16)(v == 0xE3) & (v16)(next == 0x80) & (v16)(next2 >= 0x81) & (v16)(next2 <= 0xA9);
    stop = ((v16)(v >= 0x80) & ~cont & ~cjk & ~punct) | e4_low | (v16)(v == '&') |
           (v16)(v == '\'') | (v16)(v == '`');
    memcpy(w, &stop, 16);
    if (LITTLE_ENDIAN_WORDS) /* lane k is byte k % 8 of word k / 8 */
        return w[0]   ? (unsigned)__builtin_ctzll(w[0]) / 8
               : w[1] ? 8 + (unsigned)__builtin_ctzll(w[1]) / 8
                      : 16;
    for (unsigned k = 0; k < 16; k++)
        if (stop[k])
            return k;
    return 16;
}
#endif

/*
 * The end of the run from u[i] (the start of a character) of characters
 * fold_chars passes over when no span is open: ASCII but '&', '\'' and
 * '`', and the BMP characters bmp_kind says are CP_FAST with no mark (the
 * ideographs U+4E00-U+9FFF and CJK punctuation, most of a report).  What
 * fold_chars' loop does for these, a character at a time, without
 * classifying them; sixteen bytes a step (block_stop) for the ideographs
 * and U+3001-U+3029 (s is valid UTF-8, so the bytes after a lead are its
 * continuations), the last bytes of the line too, copied before zeros.
 * tests/unit/test_fold_ref.c compares the fold with the one before this
 * step on every code point.
 */
static size_t
skip_plain(const unsigned char *u, size_t i, size_t n)
{
    for (;;) {
        unsigned c, k = 16;

        /* from a character or from inside a plain one (its continuations
         * stop nothing), i moves on whatever the bytes */
        while (i < n) {
            if (n - i >= 18) {
                k = block_stop(u + i);
            } else {
                unsigned char tail[18] = {0}; /* zeros: ASCII that stops nothing */

                memcpy(tail, u + i, n - i);
                k = block_stop(tail);
            }
            if (k < 16)
                break;
            i += 16;
        }
        if (i >= n)
            return n;
        i += k; /* a lead or an ASCII mark, never past n (the zeros) */
        c = u[i];
        if ((c & 0xF0) == 0xE0 && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            /* another BMP character fold_chars passes over: CJK
             * punctuation, kana, quotes (bmp_kind: CP_FAST, no mark) */
            int32_t cp = (int32_t)(c & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);

            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || bmp_kind[cp] != CP_FAST)
                return i;
            i += 3;
        } else
            return i;
    }
}

/*
 * fold_chars' path for the commonest span of Chinese text, a full-width
 * form after an ideograph ("数量：", "，" a sentence's every clause): the
 * end of the run of full-width forms from u[i], or 0 when the span that
 * would open at i is not one emit_wide narrows.  That is when each form is
 * CP_SLOW with no mark (not U+FF0D, a dash), and the character after the
 * run closes the span (it is not CP_SLOW: a combining mark after "＝"
 * composes with it, and NFKC, not narrowing, decides).  The first
 * character of the span, u[span..i), is checked as emit_wide checks it.
 */
static size_t
wide_run_end(const unsigned char *u, size_t span, size_t i, size_t n)
{
    size_t l;
    int32_t cp;

    if (span < i) {
        cp = nb_utf8_next((const char *)u + span, n - span, &l);
        if (span + l != i || !(cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)))
            return 0;
    }
    for (;;) {
        if (n - i < 3 || u[i] != 0xEF || (u[i + 1] != 0xBC && u[i + 1] != 0xBD) ||
            (u[i + 2] & 0xC0) != 0x80)
            break;
        cp = 0xF000 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
        if (!is_wide(cp) || bmp_kind[cp] != CP_SLOW)
            break;
        i += 3;
    }
    if (i < n && u[i] >= 0x80) {
        int ignored = 0; /* the loop classifies it again, marks and all */

        cp = nb_utf8_next((const char *)u + i, n - i, &l);
        if (kind_of(cp, &ignored) == CP_SLOW)
            return 0;
    }
    return i;
}

/* emit_wide for the span s[span..end) wide_run_end found, after
 * s[flushed..span) as it is: the same bytes and counts. */
static int
emit_wide_run(const char *s, size_t flushed, size_t span, size_t i, size_t end, nb_buf *out,
              nb_fold_counts *c, int *marks)
{
    if (nb_buf_reserve(out, end - flushed) < 0)
        return -1;
    memcpy(out->p + out->n, s + flushed, i - flushed); /* the first character too */
    out->n += i - flushed;
    if (span < i && i - span == 1) { /* an ASCII first character, counted */
        c->dashes += s[span] == '-';
        *marks |= s[span] == '\'' || s[span] == '`';
    }
    for (; i < end; i += 3) {
        int32_t w = (0xF000 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F)) - 0xFEE0;

        c->dashes += w == '-';
        *marks |= w == '\'' || w == '`';
        out->p[out->n++] = (char)w;
    }
    c->nfkc++;
    return 0;
}

/* What a dash (CP_DASH), a space (CP_SPACE) or a zero-width character
 * (CP_ZW) stands for in out, counted in c.  Returns 0, or -1 when out of
 * memory. */
static int
put_replacement(int kind, nb_buf *out, nb_fold_counts *c)
{
    if (kind == CP_DASH) {
        c->dashes++;
        return nb_buf_addc(out, '-');
    }
    c->spaces++;
    return kind == CP_SPACE ? nb_buf_addc(out, ' ') : 0;
}

/* The character fold of s[0..n) appended to out; *marks as classify's. */
static int
fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, int *marks, nb_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, flushed = 0, prev = 0, span = 0;
    int open = 0, mark = 0; /* mark: the character at prev is CP_MARK */

    if (nb_buf_reserve(out, n + 1) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (!bmp_ready)
        fill_bmp_kind();
    while (i < n) {
        int32_t cp;
        size_t l;
        int kind;

        if (!open && !nb_fold_slow) {
            size_t j = skip_plain(u, i, n);

            if (j > i) {
                if ((i = j) == n)
                    break;
                /* prev: the start of the last character passed over */
                for (prev = j - 1; (u[prev] & 0xC0) == 0x80; prev--)
                    ;
                mark = 0;
            }
        }
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
                mark = 0;
                prev = i++;
                continue;
            }
        } else {
            cp = nb_utf8_next((const char *)u + i, n - i, &l);
            kind = kind_of(cp, marks);
        }
        if (kind == CP_FAST || kind == CP_MARK) {
            if (open) {
                if (emit_nfkc(s + span, i - span, out, c, marks, err) < 0)
                    return -1;
                flushed = i;
                open = 0;
            }
        } else if (kind == CP_SLOW) {
            if (!open) {
                size_t end;

                span = prev >= flushed && i > 0 && !mark ? prev : i;
                if (!nb_fold_slow && is_wide(cp) && (end = wide_run_end(u, span, i, n)) > 0) {
                    /* the span narrowed here, closed at end as the loop
                     * would close it; prev and mark are not read there */
                    if (emit_wide_run(s, flushed, span, i, end, out, c, marks) < 0)
                        return nb_fail(err, NB_E_NOMEM, "out of memory");
                    flushed = end;
                    prev = end - 3;
                    mark = 0;
                    i = end;
                    continue;
                }
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
            if (put_replacement(kind, out, c) < 0)
                return nb_fail(err, NB_E_NOMEM, "out of memory");
            flushed = i + l;
        }
        mark = kind == CP_MARK;
        prev = i;
        i += l;
    }
    if (open)
        return emit_nfkc(s + span, n - span, out, c, marks, err);
    if (nb_buf_add(out, s + flushed, n - flushed) < 0)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    return 0;
}

/* The first of u[i..n) that may begin a mark or a group mark: C2, E2,
 * '\'' or '`' (n when none).  A line gets here when it holds a mark, and
 * such lines are long prose: sixteen bytes a step on x86-64. */
static size_t
next_candidate(const unsigned char *u, size_t i, size_t n)
{
#if defined(__SSE2__)
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const void *)(u + i));
        /* C2 and E2 are the two bytes that are E2 with bit 0x20 set */
        __m128i hit = _mm_or_si128(
            _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)0xE2)),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('`'))));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);

        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    while (i < n && u[i] != 0xC2 && u[i] != 0xE2 && u[i] != '\'' && u[i] != '`')
        i++;
    return i;
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

    for (size_t i = 0; (i = next_candidate(u, i, n)) < n; i++) {
        size_t len, k;
        int before;

        before = i > 0 && u[i - 1] >= '0' && u[i - 1] <= '9';
        if (mark_at(u + i, n - i, &len) >= 0) {
            if (before || digit_or_mark(u + i + len, n - i - len))
                return 1;
        } else if (before && (k = sep_at(u + i, n - i)) > 0 && digit_or_mark(u + i + k, n - i - k))
            return 1;
    }
    return 0;
}

/*
 * An "&nbsp;" in the folded text out->p[start..out->n) becomes a space:
 * fold_chars reads the entity in its input, but the fold can assemble
 * one (a zero-width character removed inside it, "＆ｎｂｓｐ；" under
 * NFKC) that a second pass would read (found by fuzz_fold).  One pass is
 * enough: a space can be part of no other.
 */
static void
fold_made_nbsp(nb_buf *out, size_t start, nb_fold_counts *c)
{
    size_t i = start, o = start;

    while (i < out->n) {
        if (out->n - i >= 6 && !memcmp(out->p + i, "&nbsp;", 6)) {
            out->p[o++] = ' ';
            i += 6;
            c->spaces++;
        } else {
            out->p[o++] = out->p[i++];
        }
    }
    out->n = o;
}

int
nb_fold_chars(const char *s, size_t n, nb_buf *out, nb_fold_counts *c, nb_error *err)
{
    size_t start = out->n;
    nb_buf tmp = {0};
    long changed, counted = c->nfkc + c->dashes + c->spaces;
    int marks = 0;

    if (fold_chars(s, n, out, c, &marks, err) < 0)
        return -1;
    /* Every rewrite of fold_chars is counted in one of these: when none
     * moved, out holds s as it is, whose every "&nbsp;" fold_chars read
     * (and counted): there is none to look for. */
    if ((nb_fold_slow || c->nfkc + c->dashes + c->spaces != counted) && out->n > start &&
        memchr(out->p + start, '&', out->n - start))
        fold_made_nbsp(out, start, c);
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
