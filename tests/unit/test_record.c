/* test_record.c - the report record (pipeline/record.c): exact numbers,
 * write -> read -> write byte-identical, generated records, bad lines. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "check.h"
#include "record.h"
#include "schema.h"

static int64_t
num(const char *s)
{
    int64_t v = 0;

    if (nb_record_number(s, strlen(s), &v) < 0)
        return INT64_MIN;
    return v;
}

static void
test_numbers(void)
{
    char buf[32];

    /* exact where a double is not: >= 10^9 with decimals, 2^53 + 1 */
    CHECK_INT(num("1234567890.123456"), 1234567890123456LL);
    CHECK_INT(num("9007199254.740993"), 9007199254740993LL);
    CHECK_STR(nb_micro_format(9007199254740993LL, buf), "9007199254.740993");
    CHECK_INT(num("999999999999.999999"), 999999999999999999LL);
    CHECK_INT(num("-999999999999.999999"), -999999999999999999LL);
    CHECK_INT(num("1000000000000"), 1000000000000LL * NB_MICRO);
    CHECK_INT(num("-1000000000000"), -1000000000000LL * NB_MICRO);
    /* past the sixth decimal: half away from zero, by the next digit */
    CHECK_INT(num("0.0000005"), 1);
    CHECK_INT(num("-0.0000005"), -1);
    CHECK_INT(num("0.00000049999999999"), 0);
    CHECK_INT(num("0.1234565"), 123457);
    CHECK_INT(num("2.5e-6"), 3);
    /* exponents, zeros */
    CHECK_INT(num("1e3"), 1000 * NB_MICRO);
    CHECK_INT(num("1E+2"), 100 * NB_MICRO);
    CHECK_INT(num("12e-1"), 1200000);
    CHECK_INT(num("0e99999"), 0);
    CHECK_INT(num("-0"), 0);
    CHECK_INT(num("0.000000"), 0);
    CHECK_INT(num("1e-100000000"), 0);
    /* out of range: 2^53 units, 10^12 units and a millionth, huge exponents */
    CHECK_INT(num("9007199254740993"), INT64_MIN);
    CHECK_INT(num("1000000000000.000001"), INT64_MIN);
    CHECK_INT(num("1e13"), INT64_MIN);
    CHECK_INT(num("1e100000000"), INT64_MIN);
    CHECK_INT(num("99999999999999999999999999"), INT64_MIN);
    /* not JSON numbers */
    static const char *const bad[] = {"",    "-",  "01", "1.", ".5",   "1e",  "1e+",   "+1",
                                      "--1", "1x", " 1", "1 ", "0x10", "NaN", "1.2.3", "1e2e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(num(bad[i]), INT64_MIN);
}

/* v as printf writes its units and millionths, trailing zeros of the
 * fraction cut: nb_micro_format_n's reference. */
static void
micro_ref(int64_t v, char *want, size_t cap)
{
    uint64_t m = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    int k = snprintf(want, cap, "%s%llu.%06llu", v < 0 ? "-" : "",
                     (unsigned long long)(m / NB_MICRO), (unsigned long long)(m % NB_MICRO));

    while (want[k - 1] == '0')
        want[--k] = '\0';
    if (want[k - 1] == '.')
        want[--k] = '\0';
}

/* nb_micro_format_n against printf: every length of either part, and
 * signs; and every whole number around its short way (0 to 9,999), the
 * edges of that way with a millionth more or less. */
static void
test_micro_format(void)
{
    static const int64_t edge[] = {0,         1,          -1,        9,         10,
                                   999999,    1000000,    -1000000,  1000001,   10000000,
                                   123456789, 1000000000, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    static const int64_t near[] = {0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 10001};
    const int nedge = (int)(sizeof edge / sizeof edge[0]),
              nnear = (int)(sizeof near / sizeof near[0]);
    uint64_t x = 88172645463325252ull;
    int bad = 0;

    for (int i = 0; i < 20000 + nedge + 24000 + 5 * nnear; i++) {
        char got[32], want[48];
        int64_t v;
        size_t n;
        int j = i - 20000 - nedge;

        if (i < nedge)
            v = edge[i];
        else if (j >= 24000)
            v = near[(j - 24000) % nnear] * NB_MICRO + (j - 24000) / nnear - 2;
        else if (j >= 0)
            v = (int64_t)(j - 2000) * NB_MICRO; /* whole numbers from -2,000 to 21,999 */
        else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift */
            v = (int64_t)(x >> (x % 64));            /* every magnitude */
            v = x & 1 ? -v : v;
        }
        micro_ref(v, want, sizeof want);
        n = nb_micro_format_n(v, got);
        bad += n != strlen(got) || strcmp(got, want);
    }
    CHECK_INT(bad, 0);
}

/* The numbers of a record's cells and checks are nb_micro_format_n's,
 * small whole numbers (its short way) included: every whole number
 * around it, its edges, fractions, signs and every magnitude. */
static void
test_written_numbers(void)
{
    int m = nb_metric_find("t3.new.total", 12), bad = 0;
    uint64_t x = 2463534242ull;
    static nb_record r;
    nb_rec_check c = {.rule = "c.x", .verdict = "fail", .has_lhs = 1, .has_rhs = 1};
    nb_buf out = {0};

    CHECK(m >= 0);
    for (int i = 0; i < 60000; i++) {
        char want[48], got[48];
        const char *p;
        int64_t v;
        size_t n;

        if (i < 24000) { /* whole numbers from -2,000 to 22,000 */
            v = (i - 2000) * NB_MICRO;
        } else if (i < 24100) { /* next to the short way's bounds (cell.c) */
            static const int64_t near[] = {0, 1, 10, 100, 1000, 9999, 10000, 10001};
            v = near[i % 8] * NB_MICRO + (i / 8 % 5) - 2;
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            v = (int64_t)(x >> (x % 64));
            v = x & 1 ? -v : v;
            if (x & 2)
                v -= v % NB_MICRO; /* whole */
        }
        nb_micro_format_n(v, want);
        nb_record_clear(&r);
        r.doc = "d";
        r.state[m] = NB_ST_NUM, r.value[m] = v;
        c.lhs = v, c.rhs = -v;
        c.plain = i & 1;
        r.checks = &c, r.nchecks = 1;
        out.n = 0;
        if (nb_record_write(&out, &r) < 0 || nb_buf_addc(&out, '\0') < 0) {
            bad++;
            continue;
        }
        p = strstr(out.p, "\"t3.new.total\":");
        n = p ? strcspn(p += 15, ",}") : 0;
        snprintf(got, sizeof got, "%.*s", (int)n, p ? p : "");
        bad += strcmp(got, want) != 0;
        p = strstr(out.p, "\"lhs\":");
        n = p ? strcspn(p += 6, ",}") : 0;
        snprintf(got, sizeof got, "%.*s", (int)n, p ? p : "");
        bad += strcmp(got, want) != 0;
    }
    CHECK_INT(bad, 0);
    nb_buf_fini(&out);
}

/* nb_record_string writes what jansson writes, whatever byte sits wherever
 * in a string of ASCII (its eight-bytes-a-step test of a plain string). */
static void
test_string_bytes(void)
{
    int bad = 0;

    for (int c = 1; c < 256; c++) {
        for (size_t at = 0; at < 19; at++) {
            char s[19];
            nb_buf out = {0};
            memset(s, 'a', sizeof s);
            s[at] = (char)c;
            json_t *j = json_stringn(s, sizeof s); /* NULL when not UTF-8 */
            char *want = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
            if (nb_record_string(&out, s, sizeof s) < 0 || nb_buf_addc(&out, '\0') < 0)
                bad++;
            else if (want ? strcmp(out.p, want) != 0 : strstr(out.p, "\\\\x") == NULL)
                bad++; /* a byte that is not UTF-8 is written as the text \xNN */
            free(want);
            json_decref(j);
            nb_buf_fini(&out);
        }
    }
    CHECK_INT(bad, 0);
}

/* A record with one of everything, by hand. */
static void
sample(nb_record *r, nb_rec_check *checks, const char **warn)
{
    int m1 = nb_metric_find("t3.new.total", 12), m2 = nb_metric_find("t3.open.total", 13);
    int m3 = nb_metric_find("t2.art20_8.fee.amount", 21);

    nb_record_clear(r);
    r->doc = "a.tar.gz!甲/\"quoted\"\\x01\t.txt";
    r->agency = "洪泽区民政局", r->agency_evidence = "title", r->year = 2023;
    r->region_json = "{\"code\":\"320813\",\"province\":\"江苏省\",\"level\":\"county\","
                     "\"status\":\"resolved\"}";
    r->category_json = "{\"id\":\"civil_affairs\",\"name\":\"民政\"}";
    r->status[0] = NB_TS_PRESENT, r->format[0] = NB_FMT_2021;
    r->status[1] = NB_TS_PARTIAL, r->format[1] = NB_FMT_2019;
    r->sub[0] = (nb_rec_sub){"art20_1", NB_FMT_2021};
    r->nsub = 1;
    r->state[m1] = NB_ST_NUM, r->value[m1] = 9007199254740993LL, r->flags[m1] = NB_FL_H0;
    r->state[m2] = NB_ST_SLASH;
    r->state[m3] = NB_ST_NUM, r->value[m3] = -1234567890123456LL;
    r->has_at = 1, r->at_line[m1] = 57, r->at_field[m1] = 3;
    checks[0] = (nb_rec_check){"c.t3.balance.total", "fail", 1, 1, 0, 3000000, 2500000, 0};
    checks[1] = (nb_rec_check){"c.t4.sum.review", "na", 0, 0, 0, 0, 0, 0};
    r->checks = checks, r->nchecks = 2;
    warn[0] = "w.budget";
    r->warnings = warn, r->nwarnings = 1;
}

static void
test_sample(nb_record_reader *rd)
{
    static nb_record r, back;
    nb_rec_check checks[2];
    const char *warn[1];
    nb_buf a = {0}, b = {0};
    nb_error err = {0};
    int m1 = nb_metric_find("t3.new.total", 12);

    sample(&r, checks, warn);
    CHECK(nb_record_write(&a, &r) == 0);
    CHECK(a.n > 0 && a.p[a.n - 1] == '\n' && !memchr(a.p, '\n', a.n - 1));
    CHECK(nb_record_read(rd, a.p, a.n - 1, &back, &err) == 0);
    CHECK(nb_record_write(&b, &back) == 0);
    CHECK(a.n == b.n && !memcmp(a.p, b.p, a.n));
    CHECK_STR(back.doc, r.doc);
    CHECK_STR(back.region[NB_RR_CODE], "320813");
    CHECK(back.region[NB_RR_CITY] == NULL);
    CHECK_STR(back.category_id, "civil_affairs");
    CHECK_STR(back.t3_format, "2019");
    CHECK_INT(back.value[m1], 9007199254740993LL);
    CHECK_INT(back.flags[m1], NB_FL_H0);
    CHECK_INT(back.at_line[m1], 57);
    CHECK_INT(back.nchecks, 2);
    CHECK(back.checks[1].has_lhs == 0 && back.checks[0].lhs == 3000000);
    /* the form: exact decimals, no delta, nothing for absent tables */
    CHECK(nb_buf_addc(&a, '\0') == 0);
    CHECK(strstr(a.p, "\"t3.new.total\":9007199254.740993") != NULL);
    CHECK(strstr(a.p, "\"t2.art20_8.fee.amount\":-1234567890.123456") != NULL);
    CHECK(strstr(a.p, "\"lhs\":3,\"rhs\":2.5}") != NULL);
    CHECK(strstr(a.p, "delta") == NULL);
    CHECK(strstr(a.p, "\"t4\":{\"status\":\"absent\"}") != NULL);
    CHECK(strstr(a.p, "\\\"quoted\\\"\\\\x01\\t.txt\"") != NULL);
    nb_buf_fini(&a);
    nb_buf_fini(&b);
}

/* ---- generated records ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static unsigned
below(unsigned n)
{
    return (unsigned)(next() % n);
}

/* A non-empty string with hostile bytes: quotes, backslashes, controls,
 * bytes that are not UTF-8, CJK, U+2028, escapes written as text. */
static char *
hostile(char *buf, size_t cap)
{
    static const char *const parts[] = {"a",
                                        "\"",
                                        "\\",
                                        "\x01",
                                        "\x1f",
                                        "\t",
                                        "\n",
                                        "\xff",
                                        "\xc3",
                                        "甲",
                                        "\xe2\x80\xa8",
                                        "\\u0000",
                                        "\\x41",
                                        "!",
                                        "{",
                                        "}",
                                        ",",
                                        ":",
                                        "null",
                                        "\xf0\x9f\x98\x80",
                                        " ",
                                        "\x7f"};
    size_t n = 0, k = 1 + below(12);

    for (size_t i = 0; i < k; i++) {
        const char *p = parts[below(sizeof parts / sizeof parts[0])];
        size_t len = strlen(p);

        if (n + len + 1 >= cap)
            break;
        memcpy(buf + n, p, len);
        n += len;
    }
    buf[n] = '\0';
    return buf;
}

static int64_t
value(void)
{
    static const int64_t edge[] = {0,
                                   1,
                                   -1,
                                   9007199254740993LL,
                                   1234567890123456LL,
                                   NB_REC_MAX_UNITS * NB_MICRO,
                                   -NB_REC_MAX_UNITS * NB_MICRO,
                                   999999999999999999LL};

    if (below(4) == 0)
        return edge[below(8)];
    return (int64_t)(next() % (2 * (uint64_t)NB_REC_MAX_UNITS * NB_MICRO + 1)) -
           NB_REC_MAX_UNITS * NB_MICRO;
}

typedef struct gen {
    nb_record r;
    nb_rec_check checks[24];
    const char *warn[8];
    char text[64][64];
    char regbuf[512], catbuf[256];
} gen;

static const char *
json_text(nb_buf *b, const char *s)
{
    b->n = 0;
    nb_record_string(b, s, strlen(s));
    nb_buf_addc(b, '\0');
    return b->p;
}

static void
gen_region(gen *g, nb_buf *tmp)
{
    static const char *const levels[] = {"province", "city", "county", "township"};
    int amb = below(3) == 0;

    snprintf(g->regbuf, sizeof g->regbuf,
             "{\"code\":\"%06u\",\"province\":%s,\"level\":\"%s\",\"status\":\"%s\"%s}",
             below(1000000), json_text(tmp, hostile(g->text[60], 64)), levels[below(4)],
             amb ? "ambiguous" : "resolved",
             amb ? ",\"candidates\":[\"320803\",\"320804\"],\"n_candidates\":88" : "");
    g->r.region_json = g->regbuf;
}

static void
gen_cells(gen *g)
{
    for (size_t m = 0; m < nb_nmetrics; m++) {
        int k = (int)below(12);

        if (k < 4)
            continue; /* absent */
        g->r.state[m] = (signed char)(k < 8 ? NB_ST_NUM : below(NB_ST_COUNT_));
        if (g->r.state[m] == NB_ST_NUM)
            g->r.value[m] = value();
        g->r.flags[m] = below(3) ? 0 : (unsigned short)below(1u << 9);
        if (g->r.has_at && below(2))
            g->r.at_line[m] = 1 + (int)below(1000000), g->r.at_field[m] = (int)below(40);
    }
}

static void
gen_record(gen *g, nb_buf *tmp)
{
    static const char *const verdicts[] = {"pass", "fail", "pass_h0", "fail_h0", "na"};
    static const char *const subs[] = {"art20_1", "art20_5", "art20_6", "art20_8"};
    nb_record *r = &g->r;
    int t = 0;

    nb_record_clear(r);
    r->doc = hostile(g->text[t++], 64);
    if (below(8) == 0) { /* an error record */
        r->is_error = 1;
        r->err_stage = "extract", r->err_code = hostile(g->text[t++], 64);
        r->err_message = hostile(g->text[t++], 64);
        return;
    }
    r->agency = below(4) ? hostile(g->text[t++], 64) : NULL;
    r->agency_evidence = below(2) ? "title" : NULL;
    r->year = below(4) ? 1 + (int)below(9999) : 0;
    r->cites = below(3) ? NULL : hostile(g->text[t++], 64);
    if (below(4))
        gen_region(g, tmp);
    if (below(4)) {
        snprintf(g->catbuf, sizeof g->catbuf, "{\"id\":%s}",
                 below(3) ? json_text(tmp, hostile(g->text[t++], 64)) : "null");
        r->category_json = g->catbuf;
    }
    for (int k = 0; k < 3; k++)
        r->status[k] = (unsigned char)below(NB_TS_COUNT_),
        r->format[k] = (unsigned char)below(NB_FMT_COUNT_);
    r->nsub = (int)below(4);
    for (int s = 0; s < r->nsub; s++)
        r->sub[s] = (nb_rec_sub){subs[s], 1 + (int)below(NB_FMT_COUNT_ - 1)};
    r->has_at = below(4) == 0;
    gen_cells(g);
    r->nchecks = (int)below(24);
    for (int i = 0; i < r->nchecks; i++) {
        nb_rec_check *c = &g->checks[i];

        *c = (nb_rec_check){.rule = hostile(g->text[t++ % 56 + 4], 64),
                            .verdict = verdicts[below(5)]};
        c->has_lhs = (int)below(4) != 0, c->has_rhs = (int)below(4) != 0;
        c->lhs = c->has_lhs ? value() : 0, c->rhs = c->has_rhs ? value() : 0;
    }
    r->checks = g->checks;
    r->nwarnings = (int)below(4);
    for (int i = 0; i < r->nwarnings; i++)
        g->warn[i] = hostile(g->text[i + 40], 64);
    r->warnings = g->warn;
}

/* What the reader gives back equals what was written. */
static int
same_cells(const nb_record *a, const nb_record *b)
{
    for (size_t m = 0; m < nb_nmetrics; m++) {
        if (a->state[m] != b->state[m])
            return 0;
        if (a->state[m] == NB_REC_ABSENT)
            continue;
        if ((a->state[m] == NB_ST_NUM && a->value[m] != b->value[m]) || a->flags[m] != b->flags[m])
            return 0;
    }
    return 1;
}

static void
test_generated(nb_record_reader *rd)
{
    static gen g;
    static nb_record back;
    nb_buf a = {0}, b = {0}, tmp = {0};
    int bad = 0, unjson = 0, cells = 0;

    for (int i = 0; i < 5000; i++) {
        nb_error err = {0};
        json_error_t jerr;
        json_t *j;

        gen_record(&g, &tmp);
        a.n = b.n = 0;
        if (nb_record_write(&a, &g.r) < 0 || nb_record_read(rd, a.p, a.n - 1, &back, &err) < 0 ||
            nb_record_write(&b, &back) < 0 || a.n != b.n || memcmp(a.p, b.p, a.n)) {
            if (bad++ < 3)
                fprintf(stderr, "record %d: %s\n%.300s\n", i, err.text, a.p);
            continue;
        }
        if (!(j = json_loadb(a.p, a.n - 1, JSON_REJECT_DUPLICATES, &jerr)))
            unjson++;
        json_decref(j);
        if (memchr(a.p, '\n', a.n - 1) || (!g.r.is_error && !same_cells(&g.r, &back)))
            cells++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(unjson, 0);
    CHECK_INT(cells, 0);
    nb_buf_fini(&a);
    nb_buf_fini(&b);
    nb_buf_fini(&tmp);
}

/* ---- lines that are not records ---- */

static void
test_bad(nb_record_reader *rd)
{
    static const char *const bad[] = {
        "",
        "   ",
        "this is not JSON",
        "[1,2]",
        "\"a string\"",
        "{\"doc\":\"a\"",
        "{\"doc\":\"a\"} x",
        "{\"doc\":\"a\",\"doc\":\"b\"}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":1,\"t3.new.total\":2}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":1,\"t3.new\\u002etotal\":2}}",
        "{\"doc\":\"a\\u0000b\"}",
        "{\"doc\":\"a\\ud800\"}",
        "{\"doc\":\"a\\udc00\"}",
        "{\"doc\":\"a\\x\"}",
        "{\"doc\":\"a\tb\"}",
        "{\"doc\":\"\xff\"}",
        "{\"doc\":\"\xed\xa0\x80\"}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":01}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":NaN}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":99999999999999999999}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":1e13}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":\"1\"}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":null}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":1},\"states\":{\"t3.new.total\":\"slash\"}}",
        "{\"doc\":\"a\",\"values\":{\"t3.new.total\":null},\"states\":{\"t3.new.total\":\"zero\"}}",
        "{\"doc\":\"a\",\"values\":[1]}",
        "{\"doc\":\"a\",\"flags\":{\"t3.new.total\":\"h0\"}}",
        "{\"doc\":\"a\",\"flags\":{\"t3.new.total\":[1]}}",
        "{\"doc\":\"a\",\"year\":2023.0}",
        "{\"doc\":\"a\",\"year\":0}",
        "{\"doc\":\"a\",\"year\":\"2023\"}",
        "{\"doc\":\"a\",\"region\":\"江苏省\"}",
        "{\"doc\":\"a\",\"region\":{\"code\":320813}}",
        "{\"doc\":\"a\",\"tables\":{\"t3\":[]}}",
        "{\"doc\":\"a\",\"checks\":{}}",
        "{\"doc\":\"a\",\"checks\":[1]}",
        "{\"doc\":\"a\",\"checks\":[{\"rule\":\"c.x\"}]}",
        "{\"doc\":\"a\",\"checks\":[{\"rule\":\"c.x\",\"verdict\":\"fail\",\"lhs\":\"1\"}]}",
        "{\"doc\":\"a\",\"checks\":[{\"rule\":\"c.x\",\"verdict\":\"fail\",\"delta\":1e300}]}",
        "{\"doc\":\"a\",\"error\":\"it broke\"}",
        "{\"doc\":7}",
        "{\"doc\":\"\"}",
        "{\"agency\":\"no doc\"}",
        "{\"doc\":\"a\",}",
        "{\"doc\" \"a\"}",
        "{\"doc\":\"a\",\"x\":tru}",
        "{\"doc\":\"a\",\"x\":[1,]}",
        "{\"doc\":\"a\",\"x\":{\"k\":1,\"k\":2}}",
    };
    static nb_record r;
    char deep[5000];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_error err = {0};
        int rc = nb_record_read(rd, bad[i], strlen(bad[i]), &r, &err);

        if (rc == 0 || err.code != NB_E_RECORD || !err.text[0])
            fprintf(stderr, "read as a record: %s\n", bad[i]);
        CHECK(rc < 0 && err.code == NB_E_RECORD && err.text[0]);
    }
    {
        static const char c[] = "{\"doc\":\"a\",\"values\":{\"t3.new.total\":1},\"states\":{"
                                "\"t3.new\\u002etotal\":\"slash\"}}";
        nb_error err = {0};

        CHECK(nb_record_read(rd, c, strlen(c), &r, &err) < 0);
        CHECK_STR(err.text, "states.t3.new.total: 'slash' contradicts values.t3.new.total");
    }
    memset(deep, '[', 2500);
    memset(deep + 2500, ']', 2500);
    {
        nb_error err = {0};

        CHECK(nb_record_read(rd, deep, sizeof deep, &r, &err) < 0);
        CHECK(strstr(err.text, "depth") != NULL);
    }
    {
        /* a NUL right after a literal, which jansson takes: the region's
         * text would end at it, and the record written back would not
         * read (fuzz_records) */
        static const char z[] = "{\"doc\":\"a\",\"region\":{\"code\":null\0,\"status\":\"x\"}}";
        nb_error err = {0};

        CHECK(nb_record_read(rd, z, sizeof z - 1, &r, &err) < 0);
        CHECK_STR(err.text, "not JSON: a NUL byte (column 33)");
    }
}

/* Records of version 1 (every check, delta, empty members) still read. */
static void
test_version1(nb_record_reader *rd)
{
    static const char line[] =
        "{\"doc\":\"v1\",\"agency\":\"甲局\",\"year\":2021,\"tables\":{\"t2\":{\"status\":"
        "\"absent\"},\"t3\":{\"status\":\"present\",\"format\":\"2021\"},\"t4\":{\"status\":"
        "\"absent\"}},\"values\":{\"t3.new.total\":1.5,\"t3.open.total\":null},\"states\":{"
        "\"t3.open.total\":\"missing\"},\"flags\":{},\"checks\":[{\"rule\":\"c.a\",\"verdict\":"
        "\"na\",\"lhs\":null,\"rhs\":null,\"delta\":null},{\"rule\":\"c.b\",\"verdict\":\"fail\","
        "\"lhs\":1,\"rhs\":0,\"delta\":1}],\"warnings\":[],\"unknown\":{\"x\":[1,{\"y\":null}]}}";
    static nb_record r;
    nb_error err = {0};
    int m = nb_metric_find("t3.open.total", 13);

    CHECK(nb_record_read(rd, line, strlen(line), &r, &err) == 0);
    CHECK_INT(r.nchecks, 2);
    CHECK(r.checks[1].has_delta && r.checks[1].delta == NB_MICRO);
    CHECK_STR(r.t3_format, "2021");
    CHECK_INT(r.state[m], NB_ST_MISSING);
    CHECK_INT(r.value[nb_metric_find("t3.new.total", 12)], 1500000);
}

/* A check read from a line is written as any other: its rule and verdict
 * escaped, whatever the reader's array held before (fuzz_records found a
 * check whose plain, left from the memory, let a control byte through
 * unescaped).  The array is poisoned through the record, which points at
 * it, and the line read again. */
static void
test_read_checks_plain(nb_record_reader *rd)
{
    static const char line[] = "{\"doc\":\"d\",\"values\":{},\"checks\":["
                               "{\"rule\":\"c.x\\fy\",\"verdict\":\"fail\",\"lhs\":1,\"rhs\":2},"
                               "{\"rule\":\"c.\\\"q\\\"\",\"verdict\":\"na\\u0001\",\"lhs\":null,"
                               "\"rhs\":null}]}";
    static nb_record r, back;
    nb_buf a = {0};
    nb_error err = {0};

    CHECK(nb_record_read(rd, line, sizeof line - 1, &r, &err) == 0);
    CHECK_INT(r.nchecks, 2);
    for (int i = 0; i < r.nchecks; i++)
        r.checks[i].plain = 1; /* what the memory may hold */
    CHECK(nb_record_read(rd, line, sizeof line - 1, &r, &err) == 0);
    for (int i = 0; i < r.nchecks; i++)
        CHECK_INT(r.checks[i].plain, 0);
    CHECK(nb_record_write(&a, &r) == 0);
    CHECK(strstr(a.p, "\"c.x\\fy\"") != NULL);
    CHECK(nb_record_read(rd, a.p, a.n - 1, &back, &err) == 0);
    nb_buf_fini(&a);
}

int
main(void)
{
    nb_record_reader *rd = nb_record_reader_new();

    CHECK(rd != NULL);
    test_numbers();
    test_micro_format();
    test_written_numbers();
    test_string_bytes();
    test_sample(rd);
    test_generated(rd);
    test_bad(rd);
    test_version1(rd);
    test_read_checks_plain(rd);
    nb_record_reader_free(rd);
    return check_done("test_record");
}
