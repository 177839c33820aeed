/*
 * test_extract_gunzip.c - a gzip operand inflated with ISA-L (gunzip.c)
 * gives the same documents, errors and status as libarchive's own gzip
 * filter: on good archives (one member, several, header fields, trailing
 * bytes, a gzip inside a gzip, a single file, nothing) and cut at 70
 * places; damaged at 120, the same or an error where the trailer's CRC
 * or length does not match (which only ISA-L's reader checks).  Skipped
 * when extract is built without ISA-L.
 */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "source_private.h"

static char dir[] = "/tmp/nb-gunzip-XXXXXX";

typedef struct {
    unsigned char *p;
    size_t n;
} bytes;

static void
add(bytes *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    if (!b->p)
        abort();
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

/* A tar of the seed reports, a 300 KB member (inflated across many 64 KiB
 * blocks) and small ones. */
static bytes
make_tar(void)
{
    static unsigned char buf[4u << 20];
    struct archive *a = archive_write_new();
    size_t used = 0;
    bytes t = {0};

    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_none(a);
    archive_write_open_memory(a, buf, sizeof buf, &used);
    for (int i = 0; i < 40; i++) {
        struct archive_entry *e = archive_entry_new();
        char name[64], path[512];
        bytes body = {0};

        if (i < 5) {
            static const char *seeds[] = {"000_4d27c7cf704db1e1", "001_148ca16f23ea2526",
                                          "002_0a737c20a99ed187", "003_555b38ce0adfb193",
                                          "004_4d0dc32836f03b08"};
            char chunk[4096];
            size_t k;
            FILE *f;

            snprintf(path, sizeof path, "%s/corpus/seeds/%s.txt", NB_SOURCE_DIR, seeds[i]);
            f = fopen(path, "rb");
            CHECK(f != NULL);
            while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
                add(&body, chunk, k);
            if (f)
                fclose(f);
        } else {
            size_t len = i == 5 ? 300000 : (size_t)(i * 97);
            unsigned seed = (unsigned)i;

            static const char *words[] = {"一", "二", "三", "政府", "信息",
                                          "\t", " ",  "\n", "12",   "0"};

            while (body.n < len) {
                const char *w;

                seed = seed * 1103515245u + 12345u;
                w = words[(seed >> 16) % 10];
                add(&body, w, strlen(w));
            }
        }
        snprintf(name, sizeof name, "reports/r%02d.txt", i);
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        archive_entry_set_size(e, (la_int64_t)body.n);
        archive_write_header(a, e);
        archive_write_data(a, body.p, body.n);
        archive_entry_free(e);
        free(body.p);
    }
    archive_write_close(a);
    archive_write_free(a);
    add(&t, buf, used);
    return t;
}

/* p[0..n) as one gzip member; with header fields when fields is set. */
static void
gzip_member(bytes *out, const unsigned char *p, size_t n, int fields)
{
    static unsigned char extra[] = "XYab", name[] = "reports.tar", comment[] = "a comment";
    z_stream z = {0};
    gz_header h = {0};
    unsigned char buf[65536];
    int r;

    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    if (fields) {
        h.time = 1700000000;
        h.os = 3;
        h.extra = extra;
        h.extra_len = 4;
        h.name = name;
        h.comment = comment;
        h.hcrc = 1;
        deflateSetHeader(&z, &h);
    }
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)n;
    do {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        r = deflate(&z, Z_FINISH);
        add(out, buf, sizeof buf - z.avail_out);
    } while (r == Z_OK);
    CHECK_INT(r, Z_STREAM_END);
    deflateEnd(&z);
}

/* Run extract over p[0..n) as a file, libarchive's way (how < 0) or
 * ISA-L's, reading how bytes at a time (0: its own size): the document
 * stream, with the status and counts appended. */
static bytes
run(const char *path, const bytes *in, int how)
{
    nb_extract x = {.max_member = 64u << 20, .max_depth = 1, .quiet = 1};
    bytes out = {0};
    char *mem = NULL, tail[80];
    size_t memn = 0;
    FILE *f = fopen(path, "wb");

    fwrite(in->p, 1, in->n, f);
    fclose(f);
    x.out = open_memstream(&mem, &memn);
    x.gzip_by_libarchive = how < 0;
    x.gzip_read_size = how > 0 ? (size_t)how : 0;
    CHECK_INT(nb_extract_operand(&x, path), 0);
    nb_extract_fini(&x);
    fclose(x.out);
    add(&out, mem, memn);
    snprintf(tail, sizeof tail, "status %d docs %ld errors %ld\n", x.status, x.docs, x.errors);
    add(&out, tail, strlen(tail));
    free(mem);
    return out;
}

static int compared, differ, caught;

/* Whether every gzip member of in, up to what is no gzip header, inflates
 * whole with zlib and matches its trailer. */
static int
zlib_sound(const bytes *in)
{
    size_t pos = 0;

    while (in->n - pos >= 10 && !memcmp(in->p + pos, "\x1f\x8b\x08", 3) &&
           !(in->p[pos + 3] & 0xE0)) {
        static unsigned char out[65536];
        z_stream z = {0};
        int r;

        inflateInit2(&z, 31);
        z.next_in = in->p + pos;
        z.avail_in = (uInt)(in->n - pos);
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            r = inflate(&z, Z_NO_FLUSH);
        } while (r == Z_OK);
        pos = in->n - z.avail_in;
        inflateEnd(&z);
        if (r != Z_STREAM_END)
            return 0;
    }
    return 1;
}

/* Whether a run's output holds text (out is NUL-terminated by add). */
static int
has(const bytes *out, const char *text)
{
    return strstr((const char *)out->p, text) != NULL;
}

/*
 * extract over in, ISA-L's way and libarchive's.  They must give the same
 * bytes, but where damaged is set: there ISA-L's reader may instead stop
 * on a member whose CRC or length is not its trailer's (libarchive never
 * checks them, and zlib refuses some damage that ISA-L inflates), where
 * zlib finds the damage too.
 */
static void
compare(const char *what, const bytes *in, int damaged)
{
    char path[256];
    bytes a, b;

    snprintf(path, sizeof path, "%s/in.gz", dir);
    a = run(path, in, 0);
    b = run(path, in, -1);
    a.p[a.n] = b.p[b.n] = 0;
    compared++;
    if (a.n == b.n && !memcmp(a.p, b.p, a.n)) {
        /* fine */
    } else if (damaged && has(&a, "gzip data damaged") && has(&a, "\nstatus 1 ") &&
               !zlib_sound(in)) {
        caught++;
    } else if (differ++ < 8) {
        const char *ta = strstr((char *)a.p, "\nstatus"), *tb = strstr((char *)b.p, "\nstatus");

        fprintf(stderr, "%s: ISA-L and libarchive differ (%zu and %zu bytes;%s /%s)\n", what, a.n,
                b.n, ta ? ta : "?", tb ? tb : "?");
    }
    free(a.p);
    free(b.p);
}

static void
same(const char *what, const bytes *in)
{
    compare(what, in, 0);
}

/* ISA-L's reader gives the same whatever the size of its reads: members,
 * headers, block headers and trailers cut at every place across reads
 * (ISA-L keeps bytes of a block header, and reads 8 bytes ahead). */
static void
test_read_sizes(const bytes *const *ins, int nins)
{
    static const int sizes[] = {1, 2, 3, 7, 13, 500, 4099};
    char path[256];

    snprintf(path, sizeof path, "%s/in.gz", dir);
    for (int i = 0; i < nins; i++) {
        bytes want = run(path, ins[i], 0);

        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            bytes got = run(path, ins[i], sizes[k]);

            if (got.n != want.n || memcmp(got.p, want.p, got.n)) {
                fprintf(stderr, "input %d read %d bytes at a time: not the same\n", i, sizes[k]);
                CHECK(0);
            }
            free(got.p);
        }
        free(want.p);
    }
}

/* A sound member whose trailer lies: ISA-L's reader says so, libarchive's
 * filter does not (extract(1), BUGS). */
static void
test_trailer(const bytes *one)
{
    char path[256];
    bytes v = {0}, a, b;

    snprintf(path, sizeof path, "%s/in.gz", dir);
    for (size_t k = 8; k >= 1; k--) {
        v.n = 0;
        add(&v, one->p, one->n);
        v.p[v.n - k] ^= 0x01; /* the CRC's bytes, then the length's */
        a = run(path, &v, 0);
        b = run(path, &v, -1);
        a.p[a.n] = b.p[b.n] = 0;
        CHECK(has(&a, "gzip data damaged: its CRC or length is not the trailer's"));
        CHECK(has(&a, "\nstatus 1 "));
        CHECK(has(&b, "\nstatus 0 ") && !has(&b, "damaged"));
        free(a.p);
        free(b.p);
    }
    free(v.p);
}

/* ex_gz_new takes the operand when it begins with a whole gzip header,
 * and only then. */
static void
test_takes(const bytes *gz, const bytes *fields)
{
    static const struct {
        const char *p;
        size_t n;
        int want;
    } cases[] = {
        {"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10, 1},
        {"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00", 9, 0},          /* cut */
        {"\x1f\x8b\x08\x20\x00\x00\x00\x00\x00\x03", 10, 0},     /* a reserved flag */
        {"\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x03", 10, 0},     /* not deflate */
        {"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x03na", 12, 0},   /* a name not ended */
        {"\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\x03\x05", 11, 0}, /* an extra length cut */
        {"PK\x03\x04", 4, 0},
    };
    int err = 0;
    unsigned long long total = 0;
    ex_gz *g;

    CHECK_INT(ex_gz_new(&g, -1, (const char *)gz->p, gz->n, 0, &err, &total), 1);
    ex_gz_free(g);
    CHECK_INT(ex_gz_new(&g, -1, (const char *)fields->p, fields->n, 0, &err, &total), 1);
    ex_gz_free(g);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK_INT(ex_gz_new(&g, -1, cases[i].p, cases[i].n, 0, &err, &total), cases[i].want);
        ex_gz_free(g);
    }
}

int
main(void)
{
#ifndef NB_HAVE_ISAL
    fprintf(stderr, "test_extract_gunzip: built without ISA-L: skipped\n");
    return 77;
#else
    bytes tar, one = {0}, fields = {0}, three = {0}, v = {0}, text = {0}, empty = {0}, twice = {0};
    char what[80];

    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "C.utf8");
    if (!mkdtemp(dir))
        return 2;
    tar = make_tar();
    gzip_member(&one, tar.p, tar.n, 0);
    gzip_member(&fields, tar.p, tar.n, 1);
    /* the tar in three members, cut at places of no meaning */
    gzip_member(&three, tar.p, 100000, 0);
    gzip_member(&three, tar.p + 100000, 250001, 1);
    gzip_member(&three, tar.p + 350001, tar.n - 350001, 0);
    gzip_member(&text, tar.p + 512, 20000, 0);
    gzip_member(&empty, (const unsigned char *)"", 0, 0);
    gzip_member(&twice, one.p, one.n, 0);
    test_takes(&one, &fields);

    same("one member", &one);
    same("header fields", &fields);
    same("three members", &three);
    same("a single file", &text);
    same("an empty gzip", &empty);
    same("gzip in gzip", &twice);
    add(&v, three.p, three.n);
    add(&v, "trailing bytes\n", 15);
    same("trailing bytes", &v);
    v.n = 0;
    add(&v, one.p, one.n);
    add(&v, "\x1f\x8b\x08", 3);
    same("a header cut after a member", &v);
    v.n = 0;
    add(&v, one.p, one.n);
    add(&v, "\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\x03\xff\x00", 12);
    same("an extra field cut after a member", &v);
    v.n = 0;
    add(&v, one.p, one.n);
    v.p[3] |= 0x20;
    same("a reserved flag", &v);

    /* cut: at 60 places through the three members, and in the last 10
     * bytes (the trailer) */
    for (size_t k = 1; k <= 70; k++) {
        size_t at = k <= 60 ? three.n * k / 61 : three.n - (71 - k);

        v.n = 0;
        add(&v, three.p, at);
        snprintf(what, sizeof what, "cut at %zu of %zu", at, three.n);
        same(what, &v);
    }
    /* damaged: a byte changed at 120 places, headers included */
    for (size_t k = 0; k < 120; k++) {
        size_t at = k < 20 ? k : (three.n - 1) * (k - 19) / 101;

        v.n = 0;
        add(&v, three.p, three.n);
        v.p[at] ^= (unsigned char)(0x55 + k);
        snprintf(what, sizeof what, "byte %zu of %zu changed", at, three.n);
        compare(what, &v, 1);
    }
    test_trailer(&one);
    {
        bytes cut = {0}, damaged = {0}, trailing = {0};
        const bytes *ins[] = {&one,   &fields, &three,   &text,    &empty,
                              &twice, &cut,    &damaged, &trailing};

        add(&cut, three.p, three.n / 2);
        add(&damaged, three.p, three.n);
        damaged.p[three.n / 3] ^= 0x5A;
        add(&trailing, three.p, three.n);
        add(&trailing, "\x1f\x8b\x08\x1e", 4);
        test_read_sizes(ins, (int)(sizeof ins / sizeof *ins));
        free(cut.p), free(damaged.p), free(trailing.p);
    }
    CHECK_INT(differ, 0);
    fprintf(stderr, "test_extract_gunzip: %d inputs compared, %d damaged ones caught by the CRC\n",
            compared, caught);
    free(tar.p), free(one.p), free(fields.p), free(three.p), free(v.p), free(text.p);
    free(empty.p), free(twice.p);
    {
        char path[256];

        snprintf(path, sizeof path, "%s/in.gz", dir);
        unlink(path);
        rmdir(dir);
    }
    return check_done("test_extract_gunzip");
#endif
}
