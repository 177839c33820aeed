/*
 * gunzip.c - a gzip operand inflated with ISA-L, under libarchive.
 *
 * A .tar.gz is most of a night's input, and zlib's inflate was most of
 * extract's time: 0.43 of 0.62 CPU seconds on the bench's 43 MB archive,
 * where ISA-L's igzip takes 0.18 for the whole file.  So an operand that
 * begins with a gzip header is inflated here and libarchive reads the
 * plain stream, as it would read it from its own gzip filter.
 *
 * It is that filter (libarchive 3.6's filter_gzip.c) step for step, so
 * that a sound archive gives the same documents, and a cut one the same
 * error: the same header rules (deflate, no reserved flag; the header CRC
 * is not checked), members one after another until what follows is not a
 * header, 64 KiB blocks of output, and on a fault the block being filled
 * dropped, with the filter's own words ("truncated gzip input", "gzip
 * decompression failed").  One thing more: the trailer's CRC-32 and
 * length are checked (libarchive skips them, a bug extract(1) lists),
 * which costs little with ISA-L's CRC.  It matters more here: ISA-L does
 * not check that a block's Huffman code is complete, so damaged data that
 * zlib refuses at once may inflate to garbage, which the CRC then refuses
 * at the member's end.  Damaged data is thus an error either way, but not
 * always the same one, nor after the same documents; only garbage forged
 * to match its trailer (fuzz_extract_gunzip's fuzzer does it in minutes;
 * by chance, once in 2^32) passes as data.
 * test_extract_gunzip and fuzz_extract_gunzip compare the two readers.
 * Without ISA-L (other processors, or -DNB_ISAL=OFF) every gzip goes
 * through libarchive's filter.
 */
#include "source_private.h"

#ifdef NB_HAVE_ISAL

#include <errno.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OUT_BLOCK  (64u << 10) /* libarchive's out_block_size */
#define ERRNO_MISC (-1)        /* libarchive's ARCHIVE_ERRNO_MISC, not in archive.h */
#define READ_BLOCK (64u << 10)
#define KEEP       8u /* bytes ISA-L may have read past a member's end */
/* A header longer than this (its name or comment unending) is taken for
 * no header, where libarchive would read on: only a hostile file has one. */
#define MAX_HEADER (1u << 20)

struct ex_gz {
    int fd;
    size_t read_size;          /* bytes a read(2) asks for */
    int *err;                  /* the operand's errno of a failed read */
    unsigned long long *total; /* the operand's bytes read */
    unsigned char *in;         /* in[pos..end) not yet consumed */
    size_t cap, pos, end;
    int at_end;    /* read() gave end of input, or failed */
    int in_stream; /* inside a member's deflate data */
    int eof;       /* no more members */
    uint32_t crc;  /* the member's CRC-32 and length so far */
    uint32_t size;
    struct inflate_state st;
    unsigned char out[OUT_BLOCK];
};

/*
 * Make k bytes at in + pos readable, reading more as needed.  Returns 1,
 * or 0 when the input ends (or a read fails: *err) before them.
 */
static int
ahead(ex_gz *g, size_t k)
{
    while (g->end - g->pos < k) {
        ssize_t n;

        if (g->at_end)
            return 0;
        if (g->pos > KEEP) { /* the last KEEP bytes consumed stay: see ex_gz_read */
            memmove(g->in, g->in + g->pos - KEEP, g->end - g->pos + KEEP);
            g->end -= g->pos - KEEP;
            g->pos = KEEP;
        }
        if (g->cap - g->end < READ_BLOCK || g->cap < k) {
            size_t cap = (g->end + READ_BLOCK > k ? g->end + READ_BLOCK : k) * 2;
            unsigned char *p = realloc(g->in, cap);

            if (!p) {
                *g->err = ENOMEM;
                g->at_end = 1;
                return 0;
            }
            g->in = p;
            g->cap = cap;
        }
        do
            n = read(g->fd, g->in + g->end,
                     g->cap - g->end < g->read_size ? g->cap - g->end : g->read_size);
        while (n < 0 && errno == EINTR);
        if (n <= 0) {
            if (n < 0)
                *g->err = errno;
            g->at_end = 1;
            return 0;
        }
        g->end += (size_t)n;
        *g->total += (unsigned long long)n;
    }
    return 1;
}

/*
 * The length of the gzip header at in + pos as libarchive's filter reads
 * one (peek_at_header), or 0 when there is none.  Like it, an extra field
 * is counted but not read: a header cut there is found by the caller.
 */
static size_t
header_len(ex_gz *g)
{
    size_t len = 10;
    unsigned flags;

    if (!ahead(g, len))
        return 0;
    if (memcmp(g->in + g->pos, "\x1f\x8b\x08", 3) != 0 || (g->in[g->pos + 3] & 0xE0))
        return 0;
    flags = g->in[g->pos + 3];
    if (flags & 4) { /* extra field: two bytes of length, then as many */
        if (!ahead(g, len + 2))
            return 0;
        len += 2 + (g->in[g->pos + len] | (size_t)g->in[g->pos + len + 1] << 8);
    }
    for (unsigned f = 8; f <= 16; f += 8) /* name, then comment: up to a NUL */
        if (flags & f)
            do
                if (++len > MAX_HEADER || !ahead(g, len))
                    return 0;
            while (g->in[g->pos + len - 1] != 0);
    if (flags & 2) { /* header CRC: two bytes, not checked */
        if (!ahead(g, len + 2))
            return 0;
        len += 2;
    }
    return len;
}

int
ex_gz_new(ex_gz **gp, int fd, const char *first, size_t n, size_t read_size, int *err,
          unsigned long long *total)
{
    ex_gz *g;
    size_t len;

    *gp = NULL;
    /* libarchive bids on the first header whole in what was read ahead;
     * one that is not (a name past 64 KiB) is left to it */
    if (n < 10 || memcmp(first, "\x1f\x8b\x08", 3) != 0)
        return 0;
    g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    g->in = malloc(n);
    if (!g->in) {
        free(g);
        return -1;
    }
    memcpy(g->in, first, n);
    g->cap = g->end = n;
    g->at_end = 1; /* the header must lie in first[0..n) */
    len = header_len(g);
    g->at_end = 0;
    if (len == 0 || len > n) {
        ex_gz_free(g);
        return 0;
    }
    g->fd = fd;
    g->read_size = read_size ? read_size : READ_BLOCK;
    g->err = err;
    g->total = total;
    *gp = g;
    return 1;
}

void
ex_gz_free(ex_gz *g)
{
    if (g)
        free(g->in);
    free(g);
}

static uint32_t
le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A member's header, and the start of its deflate data.  Returns 1, or 0
 * when what follows is no header: the end of the stream. */
static int
next_member(ex_gz *g)
{
    size_t len = header_len(g);

    if (len == 0)
        return 0;
    /* libarchive consumes len even when fewer bytes are left (an extra
     * field cut by the end): the next read finds the input truncated */
    g->pos = ahead(g, len) ? g->pos + len : g->end;
    isal_inflate_init(&g->st);
    g->in_stream = 1;
    g->crc = g->size = 0;
    return 1;
}

/* The inflated stream for libarchive: 64 KiB a call, 0 at its end. */
la_ssize_t
ex_gz_read(struct archive *a, void *data, const void **buf)
{
    ex_gz *g = data;
    struct inflate_state *st = &g->st;
    size_t done = 0;

    while (done < OUT_BLOCK && !g->eof) {
        int have, r;
        uint32_t before;

        if (!g->in_stream && !next_member(g)) {
            g->eof = 1;
            break;
        }
        /* the filter asks for one more byte of input before each pass;
         * ISA-L may hold the last bytes in its own buffers, so a pass
         * without input is made first, and the input is truncated only
         * when it gave nothing */
        have = ahead(g, 1);
        st->next_in = g->in + g->pos;
        st->avail_in = (uint32_t)(g->end - g->pos < UINT32_MAX ? g->end - g->pos : UINT32_MAX);
        st->next_out = g->out + done;
        st->avail_out = (uint32_t)(OUT_BLOCK - done);
        before = st->avail_out;
        r = isal_inflate(st);
        g->pos = (size_t)(st->next_in - g->in);
        g->crc = crc32_gzip_refl(g->crc, g->out + done, before - st->avail_out);
        g->size += before - st->avail_out;
        done = OUT_BLOCK - st->avail_out;
        if (r < 0) {
            archive_set_error(a, ERRNO_MISC, "gzip decompression failed");
            return ARCHIVE_FATAL;
        }
        if (st->block_state == ISAL_BLOCK_FINISH) {
            size_t back = (size_t)st->read_in_length / 8;

            /* ISA-L reads 8 bytes at a time: the whole ones it holds
             * unused are the trailer's, given back */
            if (back > g->pos || back > KEEP)
                return ARCHIVE_FATAL; /* cannot be: ISA-L holds 64 bits */
            g->pos -= back;
            g->in_stream = 0;
            /* the trailer; cut short, the stream fails without a word
             * of the filter's own */
            if (!ahead(g, 8))
                return ARCHIVE_FATAL;
            if (le32(g->in + g->pos) != g->crc || le32(g->in + g->pos + 4) != g->size) {
                archive_set_error(a, ERRNO_MISC, "gzip data damaged: %s",
                                  "its CRC or length is not the trailer's");
                return ARCHIVE_FATAL;
            }
            g->pos += 8;
        } else if (!have && st->avail_out == before) {
            archive_set_error(a, ERRNO_MISC, "truncated gzip input");
            return ARCHIVE_FATAL;
        }
    }
    *buf = g->out;
    return (la_ssize_t)done;
}

#else /* no ISA-L: libarchive's filter reads every gzip */

int
ex_gz_new(ex_gz **gp, int fd, const char *first, size_t n, size_t read_size, int *err,
          unsigned long long *total)
{
    (void)fd, (void)first, (void)n, (void)read_size, (void)err, (void)total;
    *gp = NULL;
    return 0;
}

la_ssize_t
ex_gz_read(struct archive *a, void *data, const void **buf)
{
    (void)a, (void)data, (void)buf;
    return ARCHIVE_FATAL;
}

void
ex_gz_free(ex_gz *g)
{
    (void)g;
}

#endif
