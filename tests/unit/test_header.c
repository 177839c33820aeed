/*
 * test_header.c - the document header read without a jansson tree
 * (pipeline/header.c, json_tok.c) against jansson itself: the same verdict
 * and the same message on every header, the same values read, and the
 * header writer's bytes against json_dumps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "header.h"

static nb_header *hdr;

/* jansson's verdict and message on s[0..n) as the reader words it. */
static int
jansson_says(const char *s, size_t n, char *msg, size_t cap, json_t **out)
{
    json_error_t jerr;
    json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);

    *out = NULL;
    if (j && json_is_object(j)) {
        *out = j;
        return 0;
    }
    snprintf(msg, cap, "malformed header: %s", j ? "not a JSON object" : jerr.text);
    json_decref(j);
    return -1;
}

/* Every member of jansson's tree j as the header view gives it. */
static int
same_members(const nb_header *h, json_t *j)
{
    const char *key;
    json_t *v;
    int ok = 1;
    nb_buf b = {0};

    json_object_foreach(j, key, v)
    {
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        json_t *tree = nb_header_tree(h, key);
        nb_view raw = nb_header_json(h, key);

        ok &= nb_header_has(h, key) && raw.p != NULL && tree && json_equal(tree, v);
        b.n = 0;
        ok &= nb_header_dump(h, key, &b) == 1 && want && b.n == strlen(want) &&
              !memcmp(b.p, want, b.n);
        if (json_is_string(v))
            ok &= nb_header_string(h, key, &b) == 1 && b.n == json_string_length(v) &&
                  !memcmp(b.p, json_string_value(v), b.n) && b.p[b.n] == '\0';
        else
            ok &= nb_header_string(h, key, &b) == 0;
        if (!ok)
            fprintf(stderr, "member %s: want %s, got %.*s\n", key, want, (int)b.n, b.p);
        free(want);
        json_decref(tree);
    }
    nb_buf_fini(&b);
    return ok;
}

/* The header reader and jansson agree on s[0..n): 1, else 0 (said). */
static int
agree(const char *s, size_t n)
{
    char want[256];
    json_t *j;
    nb_error err = {0};
    int jrc = jansson_says(s, n, want, sizeof want, &j);
    int rc = nb_header_parse(hdr, s, n, &err), ok;

    if (rc != jrc) {
        fprintf(stderr, "verdict %d, jansson's %d on '%.*s'\n", rc, jrc, n > 200 ? 200 : (int)n, s);
        json_decref(j);
        return 0;
    }
    if (rc < 0) {
        ok = err.code == NB_E_HEADER && !strcmp(err.text, want);
        if (!ok)
            fprintf(stderr, "message '%s', jansson's '%s'\n", err.text, want);
        return ok;
    }
    ok = same_members(hdr, j);
    {
        json_t *all = nb_header_object(hdr);
        ok &= all && json_equal(all, j);
        json_decref(all);
    }
    json_decref(j);
    return ok;
}

#define AGREE(lit) CHECK(agree(lit, sizeof lit - 1))

static void
test_valid(void)
{
    AGREE("{\"doc\":\"a.tar!b.txt\",\"bytes\":7123,\"mtime\":1706000000,\"format\":\"text\"}");
    AGREE("{}");
    AGREE("  { \"doc\" : \"a\" , \"n\" : [ 1 , 2 ] }  ");
    AGREE(
        "{\"doc\":\"\\u6c5f\\u82cf\\\\#2\",\"x\":\"\\ud83d\\ude00\",\"y\":\"\\/\\b\\f\\n\\r\\t\"}");
    AGREE("{\"doc\":\"江苏省/洪泽区.txt\",\"meta\":{\"title\":\"报告\",\"url\":\"http://a/b\"}}");
    AGREE("{\"e\":{\"stage\":\"extract\",\"code\":\"decode\",\"message\":\"bad \\\\xFF\"}}");
    AGREE(
        "{\"error\":null,\"t\":true,\"f\":false,\"z\":-0,\"r\":1.5,\"big\":1e308,\"tiny\":1e-400}");
    AGREE("{\"i\":9223372036854775807,\"j\":-9223372036854775808,\"k\":1E5,\"l\":-0.0e-0}");
    AGREE("{\"x\":1e0,\"y\":92233720368547758070e0,\"w\":1.7976931348623157e308}");
    AGREE("{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}],\"c\":\"\\u0041\",\"A\":1}");
    AGREE("{\"doc\":\"a\",\"ctl\":\"\\u001f\\u007f\",\"sp\":\" x \"}");
    AGREE("{\"a\":1}\t\r\n ");
}

static void
test_malformed(void)
{
    AGREE("");
    AGREE("   ");
    AGREE("[1,2]");
    AGREE("\"doc\"");
    AGREE("1");
    AGREE("null");
    AGREE("{");
    AGREE("{\"doc\"");
    AGREE("{\"doc\":");
    AGREE("{\"doc\":}");
    AGREE("{\"doc\":\"a\",}");
    AGREE("{\"doc\":\"a\"}}");
    AGREE("{\"doc\":\"a\"} x");
    AGREE("{\"doc\":\"a\"}{}");
    AGREE("{doc:\"a\"}");
    AGREE("{'doc':'a'}");
    AGREE("{\"doc\" \"a\"}");
    AGREE("{\"a\":[1,]}");
    AGREE("{\"a\":[1 2]}");
    AGREE("{\"a\":]");
    AGREE("{\"a\":[}");
    AGREE("{\"a\":tru}");
    AGREE("{\"a\":truex}");
    AGREE("{\"a\":nul}");
    AGREE("{\"a\":True}");
    /* numbers */
    AGREE("{\"a\":01}");
    AGREE("{\"a\":-}");
    AGREE("{\"a\":+1}");
    AGREE("{\"a\":1.}");
    AGREE("{\"a\":.5}");
    AGREE("{\"a\":1e}");
    AGREE("{\"a\":1e+}");
    AGREE("{\"a\":1.2.3}");
    AGREE("{\"a\":1-2}");
    AGREE("{\"a\":9223372036854775808}");
    AGREE("{\"a\":-9223372036854775809}");
    AGREE("{\"a\":99999999999999999999999}");
    AGREE("{\"a\":1e309}");
    AGREE("{\"a\":-1e400}");
    AGREE("{\"a\":1.8e308}");
    AGREE("{\"a\":0.00000000000000000000000000000000000001e346}");
    AGREE("{\"a\":0x10}");
    AGREE("{\"a\":NaN}");
    AGREE("{\"a\":Infinity}");
    /* strings */
    AGREE("{\"a\":\"x}");
    AGREE("{\"a\":\"x\ty\"}");
    AGREE("{\"a\":\"x\ny\"}");
    AGREE("{\"a\":\"\\x\"}");
    AGREE("{\"a\":\"\\'\"}");
    AGREE("{\"a\":\"\\u12\"}");
    AGREE("{\"a\":\"\\u12G4\"}");
    AGREE("{\"a\":\"\\u0000\"}");
    AGREE("{\"a\":\"\\ud800\"}");
    AGREE("{\"a\":\"\\udc00\"}");
    AGREE("{\"a\":\"\\ud800x\"}");
    AGREE("{\"a\":\"\\ud800\\u0041\"}");
    AGREE("{\"a\":\"\\ud800\\ud800\"}");
    AGREE("{\"a\":\"\\udc00\\ud800\"}");
    AGREE("{\"a\":\"\\ud800\\\"}");
    AGREE("{\"a\":\"\\\"}");
    AGREE("{\"\\u0000\":1}");
    /* bytes that are not UTF-8, in and out of strings */
    AGREE("{\"a\":\"\xff\"}");
    AGREE("{\"a\":\"\xc0\xaf\"}");
    AGREE("{\"a\":\"\xe0\x80\xaf\"}");
    AGREE("{\"a\":\"\xed\xa0\x80\"}");
    AGREE("{\"a\":\"\xf4\x90\x80\x80\"}");
    AGREE("{\"a\":\"\xe6\xb1\"}");
    AGREE("{\"a\":\"\xe6\xb1\x9f\x9f\"}");
    AGREE("{\"\xff\":1}");
    AGREE("{\"a\":1}\xff");
    AGREE("\xef\xbb\xbf{\"a\":1}");
    /* NUL and controls */
    AGREE("{\"a\":\"x\0y\"}");
    AGREE("{\"a\":1\0}");
    AGREE("\0{}");
    AGREE("{\"a\":1}\0");
    AGREE("{\"a\":1,\f\"b\":2}");
    /* jansson loses one NUL after a number or a word (it reads one byte
     * ahead and puts it back): taken, as jansson takes it */
    AGREE("{\"a\":true\0,\"b\":null\0,\"c\":-1.5e3\0}");
    AGREE("{\"a\":1\0\0}");
    AGREE("{\"a\":\"x\"\0}");
    AGREE("{\"a\":1 \0}");
    AGREE("{\"a\":[1]\0}");
    AGREE("{\"a\":tru\0e}");
}

static void
test_duplicates(void)
{
    AGREE("{\"doc\":\"a\",\"doc\":\"b\"}");
    AGREE("{\"doc\":\"a\",\"d\\u006fc\":\"b\"}");
    AGREE("{\"\\u6c5f\":1,\"江\":2}");
    AGREE("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}");
    AGREE("{\"a\":{\"x\":1,\"x\":2}}");
    AGREE("{\"a\":[{\"x\":1},{\"y\":1,\"y\":2}]}");
    AGREE("{\"a\":{\"x\":1},\"b\":{\"x\":1}}");
    AGREE("{\"a\":1,\"A\":2,\"a \":3}");
    AGREE("{\"\":1,\"\":2}");
}

/* An object of n members named k0..k(n-1), with member dup repeated (as
 * escaped text when esc), nested depth levels down. */
static char *
big_object(int n, int dup, int esc, int depth)
{
    nb_buf b = {0};
    char key[64];

    for (int d = 0; d < depth; d++)
        nb_buf_adds(&b, "{\"x\":");
    nb_buf_addc(&b, '{');
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "%s\"k%d\":%d", i ? "," : "", i, i);
        nb_buf_adds(&b, key);
    }
    if (dup >= 0) {
        snprintf(key, sizeof key, esc ? ",\"\\u006b%d\":0" : ",\"k%d\":0", dup);
        nb_buf_adds(&b, key);
    }
    nb_buf_addc(&b, '}');
    for (int d = 0; d < depth; d++)
        nb_buf_addc(&b, '}');
    nb_buf_addc(&b, '\0');
    return b.p;
}

static void
test_large_objects(void)
{
    int sizes[] = {15, 16, 17, 100, 3000};

    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        for (int esc = 0; esc < 2; esc++) {
            char *a = big_object(sizes[k], -1, esc, 0),
                 *b = big_object(sizes[k], sizes[k] / 2, esc, 0),
                 *c = big_object(sizes[k], sizes[k] - 1, esc, 3),
                 *d = big_object(sizes[k], 0, esc, 1);

            CHECK(agree(a, strlen(a)));
            CHECK(agree(b, strlen(b)));
            CHECK(agree(c, strlen(c)));
            CHECK(agree(d, strlen(d)));
            free(a), free(b), free(c), free(d);
        }
    }
}

/* depth levels of opening brackets around inner, then closed. */
static char *
deep(int depth, const char *inner)
{
    size_t n = strlen(inner);
    char *s = malloc(2 * (size_t)depth + n + 16);
    size_t o = 0;

    o += (size_t)sprintf(s, "{\"a\":");
    for (int i = 1; i < depth - 1; i++)
        s[o++] = '[';
    memcpy(s + o, inner, n), o += n;
    for (int i = 1; i < depth - 1; i++)
        s[o++] = ']';
    s[o++] = '}';
    s[o] = '\0';
    return s;
}

static void
test_depth(void)
{
    /* jansson counts every value, a scalar too: the outer object is 1 */
    const char *inner[] = {"1", "[]", "{}", "[1]", "\"s\"", "{\"k\":null}"};

    for (int d = 2040; d <= 2052; d++)
        for (size_t k = 0; k < sizeof inner / sizeof *inner; k++) {
            char *s = deep(d, inner[k]);

            CHECK(agree(s, strlen(s)));
            free(s);
        }
}

/* A string's scan goes eight bytes a step: a quote, an escape, a control
 * or a byte that is not UTF-8 at every offset of the word, after ASCII or
 * after bytes past ASCII (whole characters or cut ones). */
static void
test_scan_offsets(void)
{
    static const char *const fills[] = {"abcdefghijklmnopqrstuvwxyz", "江苏省淮安市洪泽区民政局",
                                        "a江b苏c省d淮e安f市g"};
    static const char *const stops[] = {"\"",     "\\n\"",  "\\u6c5f\"", "\x01\"",
                                        "\x1f\"", "\xff\"", "\x7f\"",    "\xc3\""};
    char s[128];

    for (size_t f = 0; f < sizeof fills / sizeof *fills; f++)
        for (size_t k = 0; k <= 20; k++)
            for (size_t t = 0; t < sizeof stops / sizeof *stops; t++) {
                int n = snprintf(s, sizeof s, "{\"a\":\"%.*s%s,\"b\":\"%.*s\"}", (int)k, fills[f],
                                 stops[t], (int)(20 - k), fills[f]);

                CHECK(agree(s, (size_t)n));
            }
}

/* ---- generated headers: the property ---- */

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void
gen_string(nb_buf *b)
{
    static const char *const parts[] = {"a",
                                        "doc",
                                        "江苏",
                                        "\\u6c5f",
                                        "\\ud83d\\ude00",
                                        "\\\"",
                                        "\\\\",
                                        "\\/",
                                        "\\n",
                                        "\\t",
                                        "\\u001f",
                                        "\\u0000",
                                        "\\ud800",
                                        "\\udc00",
                                        "\xff",
                                        "\xe6\xb1",
                                        "\x7f",
                                        "/",
                                        " ",
                                        "\\x",
                                        "\\u00e9",
                                        "\xc3\xa9",
                                        "\xf0\x9f\x98\x80",
                                        "\\b\\f\\r",
                                        "\\u00",
                                        "\x01"};
    int n = (int)rnd(4);

    nb_buf_addc(b, '"');
    for (int i = 0; i < n; i++)
        nb_buf_adds(b, parts[rnd(rnd(8) ? 12 : sizeof parts / sizeof *parts)]);
    nb_buf_addc(b, '"');
}

static void
gen_value(nb_buf *b, int depth)
{
    static const char *const scalars[] = {
        "0",      "-0",  "17",   "-3",    "1.5",  "1e5",  "2E-3", "9223372036854775807",
        "1e309",  "01",  "true", "false", "null", "-0.0", "1.",   "9223372036854775808",
        "1e-999", "tru", "-",    "0.1e1", "1E+2", "nul",  ".5",   "123456789012345678901e-5"};
    unsigned k = rnd(depth > 3 ? 4 : 7);

    if (k < 2) {
        gen_string(b);
    } else if (k < 4) {
        nb_buf_adds(b, scalars[rnd(rnd(6) ? 14 : sizeof scalars / sizeof *scalars)]);
    } else if (k < 6) {
        int n = (int)rnd(5);

        nb_buf_addc(b, '{');
        for (int i = 0; i < n; i++) {
            if (i)
                nb_buf_adds(b, rnd(40) ? "," : ", ");
            gen_string(b);
            nb_buf_adds(b, rnd(40) ? ":" : " : ");
            gen_value(b, depth + 1);
        }
        nb_buf_addc(b, '}');
    } else {
        int n = (int)rnd(4);

        nb_buf_addc(b, '[');
        for (int i = 0; i < n; i++) {
            if (i)
                nb_buf_addc(b, ',');
            gen_value(b, depth + 1);
        }
        nb_buf_addc(b, ']');
    }
}

/* A header: doc, a few known members, some generated ones (keys from a
 * small set, so repeats happen), perhaps one byte changed. */
static void
gen_header(nb_buf *b)
{
    static const char *const keys[] = {"doc",   "meta", "error",    "normalize",
                                       "bytes", "x",    "d\\u006fc"};
    int n = (int)rnd(6);

    b->n = 0;
    nb_buf_adds(b, "{\"doc\":");
    gen_string(b);
    for (int i = 0; i < n; i++) {
        nb_buf_adds(b, ",\"");
        nb_buf_adds(b, keys[rnd(sizeof keys / sizeof *keys)]);
        nb_buf_adds(b, rnd(3) ? "\":" : "1\":");
        gen_value(b, 1);
    }
    nb_buf_addc(b, '}');
    if (rnd(4) == 0) {
        static const char bytes[] = "{}[],:\" \\0-e.\x1f\xff\0";

        b->p[rnd((unsigned)b->n)] = bytes[rnd(sizeof bytes - 1)];
    }
}

static void
test_generated(void)
{
    nb_buf b = {0};
    int bad = 0, valid = 0;

    for (int i = 0; i < 20000; i++) {
        gen_header(&b);
        nb_buf_addc(&b, '\0');
        b.n--;
        if (!agree(b.p, b.n) && ++bad > 5)
            break;
        valid += nb_header_parse(hdr, b.p, b.n, &(nb_error){0}) == 0;
    }
    CHECK_INT(bad, 0);
    CHECK(valid > 2000 && valid < 18000); /* both verdicts well covered */
    nb_buf_fini(&b);
}

/* ---- accessors ---- */

static void
test_accessors(void)
{
    static const char s[] =
        "{\"doc\":\"a\\\\#2\",\"n\":null,\"e\":{ \"x\" : 1.0 },\"m\":{\"t\":\"\\u00e9\"}}";
    nb_buf b = {0};
    nb_view v;

    CHECK_INT(nb_header_parse(hdr, s, sizeof s - 1, &(nb_error){0}), 0);
    CHECK(nb_header_has(hdr, "n"));
    CHECK(!nb_header_has(hdr, "error"));
    CHECK(!nb_header_has(hdr, "x"));
    CHECK_INT(nb_header_string(hdr, "doc", &b), 1);
    CHECK_STR(b.p, "a\\#2");
    CHECK_INT(nb_header_string(hdr, "n", &b), 0);
    CHECK_INT(nb_header_string(hdr, "none", &b), 0);
    v = nb_header_json(hdr, "e");
    CHECK_INT(v.n, 13);
    CHECK(v.p && !memcmp(v.p, "{ \"x\" : 1.0 }", 13));
    CHECK(nb_header_json(hdr, "none").p == NULL);
    b.n = 0;
    CHECK_INT(nb_header_dump(hdr, "e", &b), 1);
    CHECK_INT(nb_header_dump(hdr, "doc", &b), 1);
    CHECK_INT(nb_header_dump(hdr, "m", &b), 1);
    CHECK_INT(nb_header_dump(hdr, "none", &b), 0);
    nb_buf_addc(&b, '\0');
    CHECK_STR(b.p, "{\"x\":1.0}\"a\\\\#2\"{\"t\":\"é\"}");
    CHECK(nb_header_tree(hdr, "none") == NULL);
    CHECK_INT(nb_header_string_in(hdr, "m", "t", &b), 1);
    CHECK_STR(b.p, "é");
    CHECK_INT(nb_header_string_in(hdr, "m", "x", &b), 0);
    CHECK_INT(nb_header_string_in(hdr, "e", "x", &b), 0);    /* not a string */
    CHECK_INT(nb_header_string_in(hdr, "doc", "t", &b), 0);  /* not an object */
    CHECK_INT(nb_header_string_in(hdr, "none", "t", &b), 0); /* absent */
    v = nb_header_raw(hdr);
    CHECK(v.p == s && v.n == sizeof s - 1);
    nb_buf_fini(&b);
}

/* ---- writing ---- */

static void
test_write(void)
{
    static const char *const strs[] = {
        "a.tar!b.txt",   "江苏省/洪泽区", "q\"b\\s/", "\x01\x1f\x7f\t\n",
        "bad \xff byte", "\xe6\xb1",      ""};
    char buf[2048];

    for (size_t k = 0; k < sizeof strs / sizeof *strs; k++) {
        FILE *f = fmemopen(buf, sizeof buf, "w");
        json_t *j = json_object(), *m = json_object();
        nb_buf b = {0};
        char *want, *esc = nb_utf8_escape(strs[k], strlen(strs[k]));
        int rc = nb_hdr_begin(&b);

        rc |= nb_hdr_str(&b, "doc", strs[k]);
        rc |= nb_hdr_int(&b, "bytes", -12345678901LL);
        rc |= nb_hdr_object(&b, "meta");
        rc |= nb_hdr_str(&b, "title", strs[k]);
        rc |= nb_hdr_close(&b);
        rc |= nb_hdr_json(&b, "n", "{\"k\":[1,2]}", 11);
        CHECK_INT(nb_hdr_end(&b, f, rc, &(nb_error){0}), 0);
        fputc('\0', f);
        fclose(f);
        json_object_set_new(j, "doc", json_string(esc));
        json_object_set_new(j, "bytes", json_integer(-12345678901LL));
        json_object_set_new(m, "title", json_string(esc));
        json_object_set_new(j, "meta", m);
        json_object_set_new(j, "n", json_pack("{s:[i,i]}", "k", 1, 2));
        want = json_dumps(j, JSON_COMPACT);
        CHECK(buf[0] == '\x1e' && want && !strncmp(buf + 1, want, strlen(want)) &&
              !strcmp(buf + 1 + strlen(want), "\n"));
        free(want), free(esc);
        json_decref(j);
        nb_buf_fini(&b);
    }
}

static void
test_error_header(void)
{
    char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    nb_buf b = {0};

    CHECK_INT(nb_write_error_header(f, &b, "x.tar!a.txt", "extract", "decode", "bad \xff byte",
                                    &(nb_error){0}),
              0);
    fputc('\0', f);
    fclose(f);
    CHECK_STR(buf,
              "\x1e{\"doc\":\"x.tar!a.txt\",\"error\":{\"stage\":\"extract\",\"code\":\"decode\","
              "\"message\":\"bad \\\\xFF byte\"}}\n");
    f = fopen("/dev/full", "w");
    if (f) {
        nb_error err = {0};

        setvbuf(f, NULL, _IONBF, 0);
        CHECK_INT(nb_write_error_header(f, &b, "a", "s", "c", "m", &err), -1);
        CHECK_INT(err.code, NB_E_IO);
        fclose(f);
    }
    nb_buf_fini(&b);
}

int
main(void)
{
    hdr = nb_header_new();
    if (!hdr)
        return 2;
    test_valid();
    test_malformed();
    test_duplicates();
    test_large_objects();
    test_depth();
    test_scan_offsets();
    test_generated();
    test_accessors();
    test_write();
    test_error_header();
    nb_header_free(hdr);
    return check_done("test_header");
}
