/*
 * fuzz_extract_gunzip.c - extract's ISA-L reader of a gzip operand
 * (gunzip.c) against libarchive's own gzip filter, for any bytes after a
 * gzip header.  Sound gzip (zlib inflates every member and it matches its
 * trailer): the same document stream, status and counts.  Sound or not:
 * the same whatever the size of the reader's reads, and no crash, hang or
 * leak (the sanitizers).  The first input byte is the header's flags
 * (name, comment, extra field, header CRC: their bytes come from the
 * input), the rest is what follows the header: deflate data, a trailer,
 * more members, anything.
 */
#include <locale.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz.h"
#include "source.h"

typedef struct {
    char *out;
    size_t n;
    int status;
    long docs, errors;
} result;

/* extract over path: libarchive's way (how < 0) or ISA-L's, how bytes a
 * read (0: its own size) */
static result
run(const char *path, int how)
{
    nb_extract x = {0};
    result r = {0};

    x.out = open_memstream(&r.out, &r.n);
    INVARIANT(x.out != NULL);
    x.max_member = 1u << 20;
    x.max_depth = 2;
    x.quiet = 1;
    x.gzip_by_libarchive = how < 0;
    x.gzip_read_size = how > 0 ? (size_t)how : 0;
    INVARIANT(nb_extract_operand(&x, path) == 0);
    fclose(x.out);
    r.status = x.status, r.docs = x.docs, r.errors = x.errors;
    nb_extract_fini(&x);
    return r;
}

static int
same(const result *a, const result *b)
{
    return a->n == b->n && !memcmp(a->out, b->out, a->n) && a->status == b->status &&
           a->docs == b->docs && a->errors == b->errors;
}

/* The length of the gzip header at p[0..n) as libarchive reads one, or 0
 * when there is none or it is cut short. */
static size_t
header_len(const unsigned char *p, size_t n)
{
    size_t len = 10;

    if (n < 10 || memcmp(p, "\x1f\x8b\x08", 3) || (p[3] & 0xE0))
        return 0;
    if (p[3] & 4) {
        if (n < 12)
            return 0;
        len += 2 + (p[10] | (size_t)p[11] << 8);
    }
    for (unsigned f = 8; f <= 16; f += 8)
        if (p[3] & f) {
            const unsigned char *z = len < n ? memchr(p + len, 0, n - len) : NULL;

            if (!z)
                return 0;
            len = (size_t)(z - p) + 1;
        }
    len += p[3] & 2 ? 2 : 0;
    return len <= n ? len : 0;
}

/* Whether every gzip member of p[0..n), up to what is no gzip header,
 * inflates whole with zlib and matches its trailer's CRC and length (its
 * header's CRC is not asked: libarchive does not check it). */
static int
zlib_sound(const unsigned char *p, size_t n)
{
    size_t pos = 0;

    while (n - pos >= 10 && !memcmp(p + pos, "\x1f\x8b\x08", 3) && !(p[pos + 3] & 0xE0)) {
        static unsigned char out[65536];
        size_t len = header_len(p + pos, n - pos);
        z_stream z = {0};
        uLong crc = crc32(0, NULL, 0), size = 0;
        int r;

        if (len == 0)
            return 0;
        pos += len;
        INVARIANT(inflateInit2(&z, -15) == Z_OK);
        z.next_in = (unsigned char *)p + pos;
        z.avail_in = (uInt)(n - pos);
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            r = inflate(&z, Z_NO_FLUSH);
            crc = crc32(crc, out, (uInt)(sizeof out - z.avail_out));
            size += sizeof out - z.avail_out;
        } while (r == Z_OK);
        pos = n - z.avail_in;
        inflateEnd(&z);
        if (r != Z_STREAM_END || n - pos < 8)
            return 0;
        if ((p[pos] | (uLong)p[pos + 1] << 8 | (uLong)p[pos + 2] << 16 | (uLong)p[pos + 3] << 24) !=
                crc ||
            (p[pos + 4] | (uLong)p[pos + 5] << 8 | (uLong)p[pos + 6] << 16 |
             (uLong)p[pos + 7] << 24) != (size & 0xFFFFFFFFu))
            return 0;
        pos += 8;
    }
    return 1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "C.utf8");
    return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    unsigned char *file = malloc(size + 9);
    int fd = memfd_create("fuzz", 0);
    char path[64];
    result a, b, c;

    if (size == 0) {
        free(file);
        return 0;
    }
    INVARIANT(file != NULL && fd >= 0);
    memcpy(file, "\x1f\x8b\x08\0\0\0\0\0\0\x03", 10);
    file[3] = data[0] & 0x1F; /* the defined flags: libarchive refuses the rest */
    memcpy(file + 10, data + 1, size - 1);
    INVARIANT(write(fd, file, size + 9) == (ssize_t)(size + 9));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    a = run(path, 0);
    b = run(path, -1);
    c = run(path, 1 + (int)(size % 13));
    /* the same whatever ISA-L's reads */
    INVARIANT(same(&a, &c));
    /* sound gzip: the same as libarchive's filter.  Damaged gzip (zlib
     * says so) is not compared: ISA-L inflates some damage that zlib
     * refuses, and the trailer's CRC then refuses the garbage, but this
     * fuzzer forges a CRC to match in minutes (gunzip.c) */
    if (zlib_sound(file, size + 9))
        INVARIANT(same(&a, &b));
    free(a.out);
    free(b.out);
    free(c.out);
    free(file);
    close(fd);
    return 0;
}
