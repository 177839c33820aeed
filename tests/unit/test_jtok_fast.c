/*
 * test_jtok_fast.c - the string scans of json_tok.c (eight bytes a step in a
 * word, sixteen with SSE2, thirty-two with AVX2) against a byte-at-a-time
 * reference kept here: the same stop and the same "a byte past ASCII came
 * before it" on every special byte at every offset around the 8/16/32-byte
 * steps and at the end of the buffer (each buffer allocated to its exact
 * length, so that ASan sees a read past it), on random buffers, and the
 * same tokens from nb_jtok_run under every scan.  And the numbers' fast
 * paths (plain integers): nb_jtok_run's verdict against jansson's and
 * nb_record_number against its general path, kept here verbatim.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "check.h"
#include "json_tok.h"
#include "record.h"
#include "simd.h"

static long mismatches;

/* The reference: the first quote, backslash or control at or after s[i]. */
static size_t
ref_plain(const char *s, size_t n, size_t i, int *high)
{
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\' || c < 0x20)
            break;
        *high |= c >= 0x80;
    }
    return i;
}

static int nscans;
static int scans[3];

/* The levels this processor has: nb_simd_level lowers a ceiling to them. */
static void
find_scans(void)
{
    static const char *const names[] = {"portable", "SSE2", "AVX2"};

    for (int level = NB_SIMD_PORTABLE; level <= NB_SIMD_AVX2; level++) {
        nb_simd_ceiling = level;
        if (nb_simd_level() == level)
            scans[nscans++] = level;
        else
            fprintf(stderr, "test_jtok_fast: no %s here, its scan is not tested\n", names[level]);
    }
    nb_simd_ceiling = NB_SIMD_AVX2;
}

/* Every scan from every start of s[0..n) agrees with the reference. */
static void
same_scans(const char *s, size_t n)
{
    for (size_t i = 0; i <= n; i++) {
        int want_high = 0;
        size_t want = ref_plain(s, n, i, &want_high);

        for (int k = 0; k < nscans; k++) {
            int high = 0;
            size_t got = nb_jtok_plain(s, n, i, &high, scans[k]);

            if (got != want || high != want_high) {
                if (mismatches++ < 10)
                    fprintf(stderr, "scan %d, n %zu, from %zu: stop %zu high %d, want %zu %d\n",
                            scans[k], n, i, got, high, want, want_high);
            }
        }
    }
}

/* One special byte at every offset p of buffers of every length up to 72
 * (the steps' boundaries and the tail), with a byte past ASCII before it,
 * after it, or none. */
static void
test_every_offset(void)
{
    static const unsigned char special[] = {'"',  '\\', 0x00, 0x01, 0x1F, 0x20, 0x7F,
                                            0x80, 0xC3, 0xE4, 0xFF, 'a',  '!',  ']'};

    for (size_t n = 0; n <= 72; n++) {
        char *s = malloc(n ? n : 1);

        for (size_t si = 0; si < sizeof special; si++)
            for (size_t p = 0; p < n; p++)
                for (int other = 0; other < 5; other++) {
                    size_t q = other == 1 ? p - 1 : other == 2 ? p + 1 : other == 3 ? 0 : n - 1;

                    memset(s, 'x', n);
                    if (other && q < n)
                        s[q] = (char)0xE5;
                    s[p] = (char)special[si];
                    same_scans(s, n);
                }
        free(s);
    }
    CHECK_INT(mismatches, 0);
}

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A byte of a string's likely classes: mostly plain, sometimes special. */
static char
rnd_byte(void)
{
    static const char some[] = "\"\\\x01\x1f\x7f\x80\xbf\xc3\xe4\xff /u";
    unsigned r = rnd(100);

    if (r < 70)
        return (char)('a' + rnd(26));
    if (r < 80)
        return (char)(0x80 + rnd(0x80));
    return some[rnd(sizeof some - 1)];
}

static void
test_random(void)
{
    for (int round = 0; round < 20000; round++) {
        size_t n = rnd(200);
        char *s = malloc(n ? n : 1);
        int sparse = rnd(2);

        for (size_t i = 0; i < n; i++)
            s[i] = sparse && rnd(40) ? (char)('a' + rnd(26)) : rnd_byte();
        same_scans(s, n);
        free(s);
    }
    CHECK_INT(mismatches, 0);
}

/* The tokens of s[0..n) under scan how: rc, and the tokens into a string. */
static int
tokens(nb_jtok *j, const char *s, size_t n, int how, char *out, size_t cap)
{
    int rc, o = 0;

    nb_simd_ceiling = how;
    rc = nb_jtok_run(j, s, n);
    nb_simd_ceiling = NB_SIMD_AVX2;
    out[0] = '\0';
    for (size_t t = 0; rc == 0 && t < j->nt && (size_t)o + 64 < cap; t++)
        o += snprintf(out + o, cap - (size_t)o, "%d/%d/%u/%u/%u/%u ", j->t[t].type, j->t[t].esc,
                      j->t[t].start, j->t[t].len, j->t[t].size, j->t[t].next);
    return rc;
}

/* Lines of strings (keys and values) with escapes, controls, UTF-8 and
 * bytes that are not, near every step: every scan cuts the same tokens and
 * refuses the same lines.  The line is allocated to its length. */
static void
test_lines(void)
{
    static const char *const pieces[] = {"a",
                                         "bcdefgh",
                                         "\\n",
                                         "\\\"",
                                         "\\u00e9",
                                         "\\ud83d\\ude00",
                                         "\\ud83d",
                                         "\\u0000",
                                         "\\x",
                                         "\xe4\xb8\xad",
                                         "\xc3\xa9",
                                         "\xc3",
                                         "\xed\xa0\x80",
                                         "\x1f",
                                         "\x7f",
                                         "\"",
                                         "\\",
                                         "\xf0\x9f\x98\x80"};
    nb_jtok j = {0};
    char want[4096], got[4096], line[512];
    long lines = 0, ok = 0, differ = 0;

    for (int round = 0; round < 30000; round++) {
        size_t n = 0;
        int obj = rnd(2), nstr = 1 + (int)rnd(4);

        n += (size_t)snprintf(line, sizeof line, "%s", obj ? "{" : "[");
        for (int k = 0; k < nstr && n < 300; k++) {
            int npieces = (int)rnd(12);

            if (k && !rnd(4)) /* white space jansson skips, or a byte it does not */
                n += (size_t)snprintf(line + n, sizeof line - n, "%s",
                                      (const char *[]){" ", "\t\n\r ", "\f", "\v"}[rnd(4)]);
            line[n++] = '"';
            if (obj && k && !rnd(3)) { /* a key repeated, maybe as an escape */
                n += (size_t)snprintf(line + n, sizeof line - n, "%s",
                                      (const char *[]){"k", "\\u006b", "k2"}[rnd(3)]);
                npieces = 0;
            } else if (obj && !rnd(3)) {
                line[n++] = 'k';
                npieces = 0;
            }
            for (int p = 0; p < npieces && n < 300; p++) {
                const char *x = rnd(3) ? "abcdefghijklmnop" + rnd(16) : pieces[rnd(18)];
                size_t len = strlen(x);

                memcpy(line + n, x, len), n += len;
            }
            line[n++] = '"';
            if (obj)
                n += (size_t)snprintf(line + n, sizeof line - n, ":%d", k);
            if (k + 1 < nstr)
                line[n++] = ',';
        }
        line[n++] = obj ? '}' : ']';
        if (!rnd(10)) /* cut short: the scan meets the end of the buffer */
            n = rnd((unsigned)n + 1);
        {
            char *s = malloc(n ? n : 1);
            int rc0;

            memcpy(s, line, n);
            rc0 = tokens(&j, s, n, NB_SIMD_PORTABLE, want, sizeof want);
            for (int k = 1; k < nscans; k++) {
                int rc = tokens(&j, s, n, scans[k], got, sizeof got);

                if (rc != rc0 || strcmp(want, got)) {
                    if (differ++ < 5)
                        fprintf(stderr, "scan %d: %.*s: rc %d, want %d\n", scans[k], (int)n, s, rc,
                                rc0);
                }
            }
            {
                json_t *t = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);

                if ((t ? 0 : -1) != rc0 && differ++ < 5)
                    fprintf(stderr, "%.*s: rc %d, jansson %s\n", (int)n, s, rc0,
                            t ? "takes it" : "refuses it");
                json_decref(t);
            }
            ok += rc0 == 0;
            lines++;
            free(s);
        }
    }
    nb_jtok_fini(&j);
    CHECK_INT(differ, 0);
    CHECK(ok > lines / 10 && ok < lines); /* both verdicts were seen */
}

/* The reference: nb_record_number as it was (before its plain integers'
 * fast path). */
static int
ref_record_number(const char *s, size_t n, int64_t *micro)
{
    const uint64_t lim = (uint64_t)NB_REC_MAX_UNITS * (uint64_t)NB_MICRO;
    nb_jnum p;
    uint64_t acc = 0;
    long q;
    int round = 0;

    if (nb_jnum_split(s, n, &p) < 0)
        return -1;
    q = (long)p.ni - 1 + p.exp + 6;
    for (size_t k = 0; k < p.ni + p.nf; k++, q--) {
        int d = (k < p.ni ? p.ip[k] : p.fp[k - p.ni]) - '0';

        if (q < 0) {
            round = q == -1 && d >= 5;
            break;
        }
        if (acc > lim / 10 || acc * 10 > lim - (uint64_t)d)
            return -1;
        acc = acc * 10 + (uint64_t)d;
    }
    for (; q >= 0 && acc; q--)
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

/* A number-like text: sign, digits (a leading 0 at times), fraction,
 * exponent, each maybe missing or malformed. */
static size_t
rnd_number(char *out)
{
    size_t n = 0;
    int nd = (int)rnd(24);

    if (!rnd(6))
        out[n++] = '-';
    if (!rnd(4))
        out[n++] = '0';
    for (int k = 0; k < nd; k++)
        out[n++] = (char)(k == 0 && rnd(2) ? '1' + rnd(9) : '0' + rnd(10));
    if (!rnd(8)) {
        out[n++] = '.';
        for (int k = (int)rnd(8); k > 0; k--)
            out[n++] = (char)('0' + rnd(10));
    }
    if (!rnd(10)) {
        out[n++] = rnd(2) ? 'e' : 'E';
        if (rnd(2))
            out[n++] = rnd(2) ? '+' : '-';
        for (int k = (int)rnd(4); k > 0; k--)
            out[n++] = (char)('0' + rnd(10));
    }
    return n;
}

static void
test_numbers(void)
{
    static const char *const after[] = {"]", " ]", ",1]", ".]", "e]", "-]", "+]", "x]", "", "]]"};
    nb_jtok j = {0};
    long differ = 0, ok = 0;

    for (int round = 0; round < 300000; round++) {
        char num[64], line[96];
        size_t nn = rnd_number(num), n;
        int64_t a = 0, b = 0;
        int ra, rb, rc, want;
        json_t *t;

        ra = nb_record_number(num, nn, &a);
        rb = ref_record_number(num, nn, &b);
        if (ra != rb || (ra == 0 && a != b)) {
            if (differ++ < 5)
                fprintf(stderr, "nb_record_number(%.*s): %d %lld, want %d %lld\n", (int)nn, num, ra,
                        (long long)a, rb, (long long)b);
        }
        n = (size_t)snprintf(line, sizeof line, "[%.*s%s", (int)nn, num, after[rnd(10)]);
        for (int k = 0; k < nscans; k++) { /* the line allocated to its length */
            char *s = malloc(n);

            memcpy(s, line, n);
            nb_simd_ceiling = scans[k];
            rc = nb_jtok_run(&j, s, n);
            nb_simd_ceiling = NB_SIMD_AVX2;
            t = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
            want = t ? 0 : -1;
            json_decref(t);
            if (rc != want && differ++ < 5)
                fprintf(stderr, "nb_jtok_run(%s): %d, jansson %d\n", line, rc, want);
            ok += rc == 0;
            free(s);
        }
    }
    nb_jtok_fini(&j);
    CHECK_INT(differ, 0);
    CHECK(ok > 1000);
}

int
main(void)
{
    find_scans();
    test_every_offset();
    test_random();
    test_lines();
    test_numbers();
    return check_done("test_jtok_fast");
}
