/* test_stream.c - the document stream reader and writer. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stream.h"
#include "text.h"

/* Read all of s; return a summary: H<doc> per header, L<text> per line,
 * E<code> per error, joined by '|'. */
static char *
summarise(const char *s, size_t n, size_t cap)
{
    FILE *f = fmemopen((void *)s, n, "r");
    nb_reader *r = nb_reader_create(f, cap);
    static char out[4096];
    nb_error err = {0};
    const nb_header *h;
    nb_buf doc = {0};
    int rc;

    out[0] = '\0';
    while ((rc = nb_reader_next(r, &h, &err)) != 0) {
        nb_view v;
        int lr;

        if (rc < 0) {
            snprintf(out + strlen(out), sizeof out - strlen(out), "E%s@%ld|",
                     nb_error_code_name(err.code), err.line);
            if (err.code == NB_E_IO)
                break;
            continue;
        }
        snprintf(out + strlen(out), sizeof out - strlen(out), "H%s|",
                 nb_header_string(h, "doc", &doc) > 0 ? doc.p : "(null)");
        while ((lr = nb_reader_line(r, &v, &err)) != 0) {
            if (lr < 0) {
                snprintf(out + strlen(out), sizeof out - strlen(out), "E%s|",
                         nb_error_code_name(err.code));
                continue;
            }
            if (v.n > 20)
                snprintf(out + strlen(out), sizeof out - strlen(out), "L#%zu|", v.n);
            else
                snprintf(out + strlen(out), sizeof out - strlen(out), "L%.*s|", (int)v.n, v.p);
        }
    }
    nb_reader_free(r);
    nb_buf_fini(&doc);
    fclose(f);
    return out;
}

#define S(lit) summarise(lit, sizeof lit - 1, 0)

static void
test_basic(void)
{
    CHECK_STR(S("\x1e{\"doc\":\"a\"}\nx\ny\n\x1e{\"doc\":\"b\"}\nz\n"), "Ha|Lx|Ly|Hb|Lz|");
    /* missing final newline */
    CHECK_STR(S("\x1e{\"doc\":\"a\"}\nx\ny"), "Ha|Lx|Ly|");
    /* empty body, then a body with an empty line */
    CHECK_STR(S("\x1e{\"doc\":\"a\"}\n\x1e{\"doc\":\"b\"}\n\n"), "Ha|Hb|L|");
    /* empty input */
    CHECK_STR(S(""), "");
    /* header only, no newline */
    CHECK_STR(S("\x1e{\"doc\":\"a\"}"), "Ha|");
    /* tabs and empty fields are kept */
    CHECK_STR(S("\x1e{\"doc\":\"a\"}\n\ta\t\tb\t\n"), "Ha|L\ta\t\tb\t|");
}

static void
test_malformed(void)
{
    /* a malformed header: an error unit, its body skipped, then on */
    CHECK_STR(S("\x1e{\"doc\":\"a\"\nx\n\x1e{\"doc\":\"b\"}\nz\n"), "Eheader@1|Hb|Lz|");
    /* not an object */
    CHECK_STR(S("\x1e[1,2]\nx\n\x1e{\"doc\":\"b\"}\n"), "Eheader@1|Hb|");
    /* duplicate keys are rejected */
    CHECK_STR(S("\x1e{\"doc\":\"a\",\"doc\":\"b\"}\n"), "Eheader@1|");
    /* text before the first header */
    CHECK_STR(S("junk\nmore\n\x1e{\"doc\":\"a\"}\nx\n"), "Eheader@1|Ha|Lx|");
    /* text only */
    CHECK_STR(S("junk\n"), "Eheader@1|");
    /* an empty header line */
    CHECK_STR(S("\x1e\nx\n"), "Eheader@1|");
}

static void
test_long_lines(void)
{
    size_t big = 10u << 20;
    char *s = malloc(big + 64);
    size_t n = 0;

    n += (size_t)sprintf(s, "\x1e{\"doc\":\"a\"}\n");
    memset(s + n, 'x', big);
    n += big;
    s[n++] = '\n';
    n += (size_t)sprintf(s + n, "end\n");
    CHECK_STR(summarise(s, n, 0), "Ha|L#10485760|Lend|");
    /* under a 1 MiB cap the line is an error; the next line still comes */
    CHECK_STR(summarise(s, n, 1u << 20), "Ha|Eline-too-long|Lend|");
    free(s);
    /* an over-long header */
    {
        static const char over[] =
            "\x1e{\"doc\":\"aaaaaaaaaaaaaaaaaaaa\"}\nx\n\x1e{\"doc\":\"b\"}\n";
        CHECK_STR(summarise(over, sizeof over - 1, 16), "Eline-too-long@1|Hb|");
    }
}

static void
test_write(void)
{
    char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    nb_error err = {0};
    json_t *h = json_pack("{s:s}", "doc", "x.tar!a.txt");
    nb_view raw = {"{\"doc\":\"a\",\"zz\":1.50}", 21};
    nb_view empty = {"{}", 2};

    CHECK(h != NULL);
    CHECK_INT(nb_header_set_error(h, "extract", "decode", "bad \xff byte"), 0);
    CHECK_INT(nb_write_header(f, h, &err), 0);
    CHECK_INT(nb_write_header_raw(f, raw, ",\"n\":{\"k\":1}", &err), 0);
    CHECK_INT(nb_write_header_raw(f, empty, ",\"n\":2", &err), 0);
    CHECK_INT(nb_write_header_raw(f, raw, "", &err), 0);
    fputc('\0', f);
    fclose(f);
    CHECK_STR(buf,
              "\x1e{\"doc\":\"x.tar!a.txt\",\"error\":{\"stage\":\"extract\",\"code\":\"decode\","
              "\"message\":\"bad \\\\xFF byte\"}}\n"
              "\x1e{\"doc\":\"a\",\"zz\":1.50,\"n\":{\"k\":1}}\n"
              "\x1e{\"n\":2}\n"
              "\x1e{\"doc\":\"a\",\"zz\":1.50}\n");
    json_decref(h);
    /* writing to a full device fails */
    f = fopen("/dev/full", "w");
    if (f) {
        h = json_pack("{s:s}", "doc", "a");
        setvbuf(f, NULL, _IONBF, 0);
        CHECK_INT(nb_write_header(f, h, &err), -1);
        CHECK_INT(err.code, NB_E_IO);
        json_decref(h);
        fclose(f);
    }
}

/* Write one body with nb_write_body into a buffer: returns its rc, the
 * bytes written in out. */
static int
write_body(const char *body, size_t n, char *out, size_t cap, nb_error *err)
{
    FILE *f = fmemopen(out, cap, "w");
    int rc;

    memset(out, 0, cap);
    rc = nb_write_body(f, body, n, err);
    fclose(f);
    return rc;
}

/* The writer keeps the stream's contract whatever body it is handed: a
 * NUL or 0x1E anywhere would end the document early or forge a header
 * (what a reader downstream would see), so such a body is refused whole,
 * nothing written; and the body ends with a newline, so that the next
 * header starts a line. */
static void
test_write_body(void)
{
    static const char *bad[] = {
        "a\x1e{\"doc\":\"F\"}\n",      /* a header forged at the start of a line */
        "| \x1e{\"doc\":\"F\"} | |\n", /* inside a line */
        "x\n\x1e",                     /* the last byte */
        "\x1e",                        /* the only byte */
    };
    char out[256];
    nb_error err = {0};

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err.code = 0;
        CHECK_INT(write_body(bad[i], strlen(bad[i]), out, sizeof out, &err), -1);
        CHECK_INT(err.code, NB_E_CONTROL);
        CHECK_STR(out, "");
    }
    err.code = 0;
    CHECK_INT(write_body("a\0b\n", 4, out, sizeof out, &err), -1); /* a NUL */
    CHECK_INT(err.code, NB_E_CONTROL);
    CHECK_STR(out, "");
    CHECK_INT(write_body("a\nb\n", 4, out, sizeof out, &err), 0);
    CHECK_STR(out, "a\nb\n");
    CHECK_INT(write_body("a\tb", 3, out, sizeof out, &err), 0); /* no final newline */
    CHECK_STR(out, "a\tb\n");
    CHECK_INT(write_body("", 0, out, sizeof out, &err), 0); /* an empty body is no line */
    CHECK_STR(out, "");
    /* what a reader makes of a header and a written body: one document */
    {
        char stream[256] = "\x1e{\"doc\":\"a\"}\n";
        size_t k = strlen(stream);

        CHECK_INT(write_body("x\ty", 3, stream + k, sizeof stream - k, &err), 0);
        strcat(stream, "\x1e{\"doc\":\"b\"}\n");
        CHECK_STR(summarise(stream, strlen(stream), 0), "Ha|Lx\ty|Hb|");
    }
    {
        FILE *f = fopen("/dev/full", "w");

        if (f) {
            setvbuf(f, NULL, _IONBF, 0);
            CHECK_INT(nb_write_body(f, "a\n", 2, &err), -1);
            CHECK_INT(err.code, NB_E_IO);
            fclose(f);
        }
    }
}

/* A body line holding a NUL or a 0x1E is an error, the line after it is
 * read: wherever the byte is (every place around the reader's sixteen-byte
 * steps, right before or after the newline, in a line that crosses the
 * reader's chunks), and a line next to it is not touched. */
static void
test_control_bytes(void)
{
    static const char head[] = "\x1e{\"doc\":\"a\"}\n";
    const size_t chunk = NB_STREAM_CHUNK;
    char *s = malloc(2 * chunk + 256);
    int bad = 0;

    for (int c = 0; c < 2; c++) {
        char ctl = c ? '\x1e' : '\0';

        for (size_t len = 1; len < 40; len++) {
            for (size_t at = 0; at < len; at++) {
                size_t n = sizeof head - 1;

                memcpy(s, head, n);
                memset(s + n, 'x', len);
                s[n + at] = ctl;
                n += len;
                if (at == 0 && ctl == '\x1e')
                    continue; /* a header, not a body line */
                memcpy(s + n, "\nok\n", 4);
                n += 4;
                bad += strcmp(summarise(s, n, 0), "Ha|Econtrol|Lok|") != 0;
                /* a NUL right after the newline instead: the line is
                 * clean, the next one is not */
                if (ctl == '\0') {
                    char want[64];

                    s[n - 4 - len + at] = 'x';
                    s[n - 3] = ctl;
                    if (len > 20)
                        snprintf(want, sizeof want, "Ha|L#%zu|Econtrol|", len);
                    else
                        snprintf(want, sizeof want, "Ha|L%.*s|Econtrol|", (int)len,
                                 "xxxxxxxxxxxxxxxxxxxx");
                    bad += strcmp(summarise(s, n, 0), want) != 0;
                }
            }
        }
        /* a line across the first chunk's end, the byte before or after it */
        for (int side = 0; side < 2; side++) {
            size_t n = sizeof head - 1, cut = chunk - n, at = side ? cut + 5 : cut - 5;

            memcpy(s, head, n);
            memset(s + n, 'x', chunk + 100);
            s[n + at] = ctl;
            n += chunk + 100;
            memcpy(s + n, "\nok\n", 4);
            n += 4;
            bad += strcmp(summarise(s, n, 0), "Ha|Econtrol|Lok|") != 0;
        }
        /* a clean line across the chunk's end, the byte in the next line */
        {
            size_t n = sizeof head - 1;
            char want[64];

            memcpy(s, head, n);
            memset(s + n, 'x', chunk);
            n += chunk;
            memcpy(s + n, "\nz", 3);
            n += 3;
            s[n++] = ctl;
            memcpy(s + n, "z\nok\n", 5);
            n += 5;
            snprintf(want, sizeof want, "Ha|L#%zu|Econtrol|Lok|", chunk);
            bad += strcmp(summarise(s, n, 0), want) != 0;
        }
    }
    CHECK_INT(bad, 0);
    CHECK_STR(S("\x1e{\"doc\":\"a\"}\nab\0c\nd\x1e\nok\n"), "Ha|Econtrol|Econtrol|Lok|");
    /* clean lines between and after bad ones, and in the next document:
     * the reader looks for the two bytes once per run of clean lines */
    CHECK_STR(
        S("\x1e{\"doc\":\"a\"}\na\nb\nc\0\nd\ne\x1e\n\0\nf\n\x1e{\"doc\":\"b\"}\ng\nh\x1e\ni\n"),
        "Ha|La|Lb|Econtrol|Ld|Econtrol|Econtrol|Lf|Hb|Lg|Econtrol|Li|");
    free(s);
}

/* Lines read in place in the reader's chunk and lines assembled across
 * its end: every line's bytes as written, NUL-terminated, and headers
 * that straddle a chunk's end found, for each shift of the stream. */
static void
test_chunk_lines(void)
{
    const size_t chunk = NB_STREAM_CHUNK, total = 3 * chunk + 5000;
    char *s = malloc(total + 1024);
    int bad = 0;

    for (size_t shift = 0; shift < 700; shift += 139) {
        size_t n = 0, nlines = 0, want_docs = 0;
        FILE *f;
        nb_reader *r;
        nb_error err = {0};
        const nb_header *h;
        int rc;

        /* line k has k % 301 bytes, a letter of k each; a header every
         * 97 lines, the first after shift bytes of padding line */
        n += (size_t)sprintf(s + n, "\x1e{\"doc\":\"d0\"}\n");
        memset(s + n, 'p', shift);
        n += shift;
        s[n++] = '\n';
        for (size_t k = 1; n < total; k++) {
            size_t len = k % 301;

            if (k % 97 == 0) {
                n += (size_t)sprintf(s + n, "\x1e{\"doc\":\"d%zu\"}\n", k);
                want_docs++;
                continue;
            }
            memset(s + n, 'a' + (int)(k % 26), len);
            n += len;
            s[n++] = '\n';
        }
        f = fmemopen(s, n, "r");
        r = nb_reader_create(f, 0);
        size_t docs = 0, k = 0;
        while ((rc = nb_reader_next(r, &h, &err)) > 0) {
            nb_view v;

            docs++;
            while (nb_reader_line(r, &v, &err) > 0) {
                if (k == 0) {
                    bad += v.n != shift;
                } else {
                    size_t len = k % 301;

                    bad += v.n != len || v.p[v.n] != '\0';
                    for (size_t i = 0; i < v.n && i < len; i++)
                        bad += v.p[i] != 'a' + (int)(k % 26);
                }
                nlines++;
                if (++k % 97 == 0)
                    k++; /* the header's number */
            }
        }
        bad += rc != 0 || docs != want_docs + 1 || nlines == 0;
        nb_reader_free(r);
        fclose(f);
    }
    CHECK_INT(bad, 0);
    free(s);
}

/* nb_reader_line_utf8 says 1 only of a line that is UTF-8, and of most
 * such lines: random lines of ASCII, Chinese, bad bytes and characters
 * cut, some longer than a chunk, at every shift of the chunk's end. */
static void
test_line_utf8(void)
{
    static const char *const parts[] = {
        "a",           "bc ", "\t", "数", "量：", "\xc3", "\xe6\x95", "\xff", "\xf0\x9f\x98\x80",
        "\xed\xa0\x80"};
    const size_t total = 3 * NB_STREAM_CHUNK;
    char *s = malloc(total + 2 * NB_STREAM_CHUNK);
    unsigned seed = 7;
    int bad = 0;
    size_t known = 0, valid = 0;

    for (int round = 0; round < 6; round++) {
        size_t n = 0;
        FILE *f;
        nb_reader *r;
        nb_error err = {0};
        const nb_header *h;

        n += (size_t)sprintf(s + n, "\x1e{\"doc\":\"d\"}\n");
        while (n < total) {
            size_t len;

            seed = seed * 1103515245u + 12345u;
            len = (seed >> 16) % (round == 5 && n < 100 ? 60000 : 80);
            for (size_t k = 0; k < len; k++) {
                const char *p;

                seed = seed * 1103515245u + 12345u;
                /* bad parts (5 on) seldom, and never in round 0 */
                p = parts[(seed >> 16) % 100 < (round ? 97u : 100u) ? (seed >> 8) % 5
                                                                    : 5 + (seed >> 8) % 5];
                memcpy(s + n, p, strlen(p));
                n += strlen(p);
            }
            s[n++] = '\n';
            if ((seed >> 20) % 200 == 0)
                n += (size_t)sprintf(s + n, "\x1e{\"doc\":\"e\"}\n");
        }
        f = fmemopen(s, n, "r");
        r = nb_reader_create(f, 0);
        while (nb_reader_next(r, &h, &err) > 0) {
            nb_view v;

            while (nb_reader_line(r, &v, &err) > 0) {
                int ok = nb_utf8_check(v.p, v.n) == v.n, says = nb_reader_line_utf8(r);

                bad += says && !ok;
                known += says, valid += ok;
            }
        }
        nb_reader_free(r);
        fclose(f);
    }
    CHECK_INT(bad, 0);
    CHECK(known > valid * 9 / 10);
    free(s);
}

int
main(void)
{
    test_basic();
    test_malformed();
    test_long_lines();
    test_write();
    test_write_body();
    test_control_bytes();
    test_chunk_lines();
    test_line_utf8();
    return check_done("test_stream");
}
