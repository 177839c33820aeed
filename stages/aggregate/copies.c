/*
 * copies.c - the copies of each report, kept compactly until the end, and
 * the order-independent choice of the best (DESIGN 5).
 *
 * A copy is one block: a header, the keys as NUL-terminated strings, its
 * rows of --checks, then its cells: for each metric not missing, the metric
 * (2 bytes), the state and flags (1 byte) and, for a number, the value as
 * a zigzag varint (small counts take one or two bytes).  Blocks go to an
 * unlinked temporary file as they come; memory keeps, per copy, where its
 * block is (16 bytes), and per report its key, so that it stays flat with
 * the number of reports.  At the end each report's blocks are read back,
 * sorted and handed out, one report at a time.
 */
#include "copies.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "schema.h"

typedef struct copy {
    uint32_t n_num, n_failed;
    int check_failed;
    int32_t koff[AGG_NKEYS]; /* offset of each key in data, -1 for unknown */
    size_t checks_off, checks_len, cells_off, cells_len;
    char data[];
} copy;

/* Where a copy's block is in the spill file. */
typedef struct spilled {
    uint64_t off, len;
} spilled;

typedef struct bucket {
    char *key; /* agency \x1f code \x1f year */
    spilled *v;
    size_t n, cap;
} bucket;

struct agg_copies {
    bucket *tab;
    size_t cap, n, ncopies;
    FILE *spill; /* unlinked temporary file, opened at the first copy */
    char *spill_buf;
    uint64_t end;
    int err;        /* errno of a failed temporary file, 0 when out of memory */
    char msg[4200]; /* what agg_copies_error says of it */
};

agg_copies *
agg_copies_create(void)
{
    return calloc(1, sizeof(agg_copies));
}

void
agg_copies_free(agg_copies *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->tab[i].v);
        free(c->tab[i].key);
    }
    if (c->spill)
        fclose(c->spill);
    free(c->spill_buf);
    free(c->tab);
    free(c);
}

const char *
agg_copies_error(agg_copies *c)
{
    const char *dir = getenv("TMPDIR");

    if (!c->err)
        return "out of memory";
    snprintf(c->msg, sizeof c->msg, "the temporary file of the copies of reports, in %s%s: %s",
             dir && *dir ? dir : "/tmp", dir && *dir ? " ($TMPDIR)" : "", strerror(c->err));
    return c->msg;
}

/* An unlinked file in $TMPDIR (or /tmp). */
static FILE *
spill_open(agg_copies *c)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int fd;
    FILE *f;

    snprintf(path, sizeof path, "%s/nianbao-aggregate.XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0) {
        c->err = errno;
        return NULL;
    }
    unlink(path);
    if (!(f = fdopen(fd, "w+b"))) {
        c->err = errno;
        close(fd);
    } else {
        c->spill_buf = nb_cli_buffer(f, 1 << 16); /* 400 writes, not 6,400, on the bench */
    }
    return f;
}

/* Append block p[0..n) to the spill file; its place into *s. */
static int
spill_write(agg_copies *c, const void *p, size_t n, spilled *s)
{
    if (!c->spill && !(c->spill = spill_open(c)))
        return -1;
    if (fwrite(p, 1, n, c->spill) != n) {
        c->err = errno ? errno : EIO;
        return -1;
    }
    s->off = c->end, s->len = n;
    c->end += n;
    return 0;
}

/* Read the block at s back, or NULL; the spill file was flushed.  pread,
 * not fseeko and fread: a seek drops stdio's buffer, and each block read
 * refilled 4 KiB for some 700 bytes (22,770 system calls instead of
 * 54,841 on the bench records). */
static copy *
spill_read(agg_copies *c, const spilled *s)
{
    copy *cp = malloc(s->len);
    size_t got = 0;

    if (!cp)
        return NULL;
    while (got < s->len) {
        ssize_t r = pread(fileno(c->spill), (char *)cp + got, s->len - got, (off_t)(s->off + got));

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            c->err = r < 0 ? errno : EIO;
            free(cp);
            return NULL;
        }
        got += (size_t)r;
    }
    return cp;
}

size_t
agg_copies_count(const agg_copies *c)
{
    return c->ncopies;
}

size_t
agg_copies_reports(const agg_copies *c)
{
    return c->n;
}

/* An ambiguous region's code is the candidates' common ancestor, not the
 * report's place: two 太平镇人民政府 of one year in two counties share it,
 * and are two reports. */
int
agg_copies_keyed(const agg_record *rec)
{
    const char *st = rec->key[AGG_K_REGION_STATUS];

    return rec->key[AGG_K_AGENCY] && rec->key[AGG_K_REGION_CODE] && rec->key[AGG_K_YEAR] &&
           (!st || strcmp(st, "ambiguous"));
}

/* ---- a growable byte buffer ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
    int oom;
} buf;

/* Room for n more bytes at b->p + b->n; 0, or -1 (b->oom set). */
static int
reserve(buf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;

        while (cap < b->n + n)
            cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->oom = 1;
            return -1;
        }
        b->p = p, b->cap = cap;
    }
    return 0;
}

static void
put(buf *b, const void *s, size_t n)
{
    if (reserve(b, n) < 0)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

/* v as a zigzag varint at out (10 bytes at most); returns its length. */
static size_t
varint(unsigned char *out, int64_t v)
{
    uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    size_t k = 0;

    do {
        out[k++] = (unsigned char)((z & 0x7f) | (z > 0x7f ? 0x80 : 0));
        z >>= 7;
    } while (z);
    return k;
}

static const unsigned char *
get_varint(const unsigned char *p, int64_t *v)
{
    uint64_t z = 0;
    int shift = 0;

    do {
        z |= (uint64_t)(*p & 0x7f) << shift;
        shift += 7;
    } while (*p++ & 0x80);
    *v = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
    return p;
}

/* The copy of rec as one block, spilled; its place into *s.  0 or -1. */
static int
encode(agg_copies *c, const agg_record *rec, const char *checks, size_t nchecks, spilled *s)
{
    static buf b; /* reused: its capacity is the largest record's */
    const size_t h = offsetof(copy, data);
    copy head = {0};

    b.n = 0;
    b.oom = 0;
    put(&b, &head, h); /* filled in below; offsets count from after it */
    head.check_failed = rec->check_failed;
    head.n_failed = (uint32_t)rec->n_failed;
    for (int k = 0; k < AGG_NKEYS; k++) {
        head.koff[k] = rec->key[k] ? (int32_t)(b.n - h) : -1;
        if (rec->key[k])
            put(&b, rec->key[k], strlen(rec->key[k]) + 1);
    }
    head.checks_off = b.n - h;
    head.checks_len = nchecks;
    put(&b, checks, nchecks);
    head.cells_off = b.n - h;
    /* the cells, written in place: a metric is 13 bytes at most */
    if (reserve(&b, nb_nmetrics * 13) == 0) {
        unsigned char *o = (unsigned char *)b.p + b.n;

        for (size_t m = 0; m < nb_nmetrics; m++) {
            if (rec->state[m] == NB_ST_MISSING)
                continue;
            *o++ = (unsigned char)(m & 0xff);
            *o++ = (unsigned char)(m >> 8);
            *o++ = (unsigned char)(rec->state[m] | rec->flags[m] << 4);
            if (rec->state[m] == NB_ST_NUM) {
                o += varint(o, rec->value[m]);
                head.n_num++;
            }
        }
        b.n = (size_t)(o - (unsigned char *)b.p);
    }
    head.cells_len = b.n - h - head.cells_off;
    if (b.oom)
        return -1;
    memcpy(b.p, &head, h);
    return spill_write(c, b.p, b.n, s);
}

/* Fill rec from cp: keys point into cp, which must outlive rec's use. */
static void
decode(const copy *cp, agg_record *rec)
{
    const unsigned char *p = (const unsigned char *)cp->data + cp->cells_off,
                        *end = p + cp->cells_len;

    memset(rec->key, 0, sizeof rec->key);
    rec->is_error = 0;
    for (int k = 0; k < AGG_NKEYS; k++)
        rec->key[k] = cp->koff[k] >= 0 ? cp->data + cp->koff[k] : NULL;
    rec->check_failed = cp->check_failed;
    rec->n_failed = (int)cp->n_failed;
    memset(rec->state, NB_ST_MISSING, nb_nmetrics);
    memset(rec->flags, 0, nb_nmetrics);
    memset(rec->value, 0, nb_nmetrics * sizeof rec->value[0]);
    while (p < end) {
        int m = p[0] | p[1] << 8;

        rec->state[m] = p[2] & 0x0f;
        rec->flags[m] = p[2] >> 4;
        p += 3;
        if (rec->state[m] == NB_ST_NUM)
            p = get_varint(p, &rec->value[m]);
    }
    rec->checks = NULL;
    rec->nchecks = 0;
}

/* ---- the set of reports ---- */

static uint64_t
fnv(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int
grow(agg_copies *c)
{
    size_t cap = c->cap ? c->cap * 2 : 256;
    bucket *t = calloc(cap, sizeof *t);

    if (!t)
        return -1;
    for (size_t i = 0; i < c->cap; i++) {
        size_t j;

        if (!c->tab[i].key)
            continue;
        for (j = fnv(c->tab[i].key) & (cap - 1); t[j].key; j = (j + 1) & (cap - 1))
            ;
        t[j] = c->tab[i];
    }
    free(c->tab);
    c->tab = t;
    c->cap = cap;
    return 0;
}

int
agg_copies_add(agg_copies *c, const agg_record *rec, const char *checks_csv, size_t n)
{
    const char *a = rec->key[AGG_K_AGENCY], *rc = rec->key[AGG_K_REGION_CODE],
               *y = rec->key[AGG_K_YEAR];
    size_t len = strlen(a) + strlen(rc) + strlen(y) + 3, j;
    char *key = malloc(len);
    bucket *b;

    if (!key)
        return -1;
    snprintf(key, len, "%s\x1f%s\x1f%s", a, rc, y);
    if ((c->n + 1) * 10 > c->cap * 7 && grow(c) < 0) {
        free(key);
        return -1;
    }
    for (j = fnv(key) & (c->cap - 1); c->tab[j].key; j = (j + 1) & (c->cap - 1))
        if (!strcmp(c->tab[j].key, key))
            break;
    b = &c->tab[j];
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1;
        spilled *v = realloc(b->v, cap * sizeof *v);

        if (!v) {
            free(key);
            return -1;
        }
        b->v = v, b->cap = cap;
    }
    if (encode(c, rec, checks_csv, n, &b->v[b->n]) < 0) {
        free(key);
        return -1;
    }
    b->n++;
    c->ncopies++;
    if (b->key) {
        free(key);
    } else {
        b->key = key;
        c->n++;
    }
    return 0;
}

/* Better copies first: most numbers, fewest failed rules, smallest doc,
 * smallest cells (so that even two copies of one doc sort the same way
 * whatever their order). */
static int
cmp_copies(const void *pa, const void *pb)
{
    const copy *a = *(copy *const *)pa, *b = *(copy *const *)pb;
    int d;

    if (a->n_num != b->n_num)
        return a->n_num > b->n_num ? -1 : 1;
    if (a->n_failed != b->n_failed)
        return a->n_failed < b->n_failed ? -1 : 1;
    if ((d = strcmp(a->data + a->koff[AGG_K_DOC], b->data + b->koff[AGG_K_DOC])))
        return d;
    if (a->cells_len != b->cells_len)
        return a->cells_len < b->cells_len ? -1 : 1;
    if ((d = memcmp(a->data + a->cells_off, b->data + b->cells_off, a->cells_len)))
        return d;
    if (a->checks_len != b->checks_len)
        return a->checks_len < b->checks_len ? -1 : 1;
    return memcmp(a->data + a->checks_off, b->data + b->checks_off, a->checks_len);
}

static int
cmp_buckets(const void *pa, const void *pb)
{
    return strcmp((*(bucket *const *)pa)->key, (*(bucket *const *)pb)->key);
}

/* Hand out the copies v[0..n) of one report, read back and sorted. */
static int
resolve_copies(copy **v, size_t n, const agg_copies_fns *fns, void *ctx, agg_record *best,
               agg_record *other)
{
    qsort(v, n, sizeof *v, cmp_copies);
    decode(v[0], best);
    if (fns->chosen(ctx, best, v[0]->data + v[0]->checks_off, v[0]->checks_len) < 0)
        return -1;
    for (size_t k = 1; k < n; k++) {
        decode(v[k], other);
        if (fns->dropped(ctx, other) < 0)
            return -1;
        for (size_t m = 0; m < nb_nmetrics; m++)
            if (best->state[m] == NB_ST_NUM && other->state[m] == NB_ST_NUM &&
                best->value[m] != other->value[m] && fns->conflict(ctx, best, other, (int)m) < 0)
                return -1;
    }
    return 0;
}

static int
resolve_one(agg_copies *c, bucket *b, const agg_copies_fns *fns, void *ctx, agg_record *best,
            agg_record *other)
{
    copy **v = calloc(b->n, sizeof *v);
    int rc = v ? 0 : -1;

    for (size_t k = 0; k < b->n && rc == 0; k++)
        if (!(v[k] = spill_read(c, &b->v[k])))
            rc = -1;
    if (rc == 0)
        rc = resolve_copies(v, b->n, fns, ctx, best, other);
    for (size_t k = 0; v && k < b->n; k++)
        free(v[k]);
    free(v);
    return rc;
}

int
agg_copies_resolve(agg_copies *c, const agg_copies_fns *fns, void *ctx)
{
    bucket **order;
    agg_record *best, *other;
    size_t k = 0;
    int rc = 0;

    if (c->n == 0)
        return 0;
    if (fflush(c->spill) != 0) {
        c->err = errno ? errno : EIO;
        return -1;
    }
    order = malloc(c->n * sizeof *order);
    best = malloc(sizeof *best);
    other = malloc(sizeof *other);
    if (!order || !best || !other) {
        free(order), free(best), free(other);
        return -1;
    }
    for (size_t i = 0; i < c->cap; i++)
        if (c->tab[i].key)
            order[k++] = &c->tab[i];
    qsort(order, k, sizeof *order, cmp_buckets);
    for (size_t i = 0; i < k && rc == 0; i++)
        rc = resolve_one(c, order[i], fns, ctx, best, other);
    free(order), free(best), free(other);
    return rc;
}

/* ---- the docs read so far ---- */

struct agg_docs {
    const char **tab; /* open addressing by fnv, NULL for empty */
    size_t cap, n;
    char *block; /* the arena's current block, its next byte and end */
    size_t used, size;
    char **blocks;
    size_t nblocks;
};

agg_docs *
agg_docs_create(void)
{
    return calloc(1, sizeof(agg_docs));
}

void
agg_docs_free(agg_docs *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nblocks; i++)
        free(d->blocks[i]);
    free(d->blocks);
    free(d->tab);
    free(d);
}

/* A copy of s[0..n] (its NUL too) in the arena, or NULL. */
static const char *
docs_keep(agg_docs *d, const char *s, size_t n)
{
    char *p;

    if (n > d->size - d->used) {
        size_t size = n > (1u << 20) ? n : 1u << 20;
        char **bl = realloc(d->blocks, (d->nblocks + 1) * sizeof *bl);

        if (!bl)
            return NULL;
        d->blocks = bl;
        if (!(d->block = malloc(size)))
            return NULL;
        d->blocks[d->nblocks++] = d->block;
        d->used = 0;
        d->size = size;
    }
    p = d->block + d->used;
    memcpy(p, s, n);
    d->used += n;
    return p;
}

int
agg_docs_add(agg_docs *d, const char *doc)
{
    size_t j;

    if ((d->n + 1) * 10 > d->cap * 7) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        const char **t = calloc(cap, sizeof *t);

        if (!t)
            return -1;
        for (size_t i = 0; i < d->cap; i++) {
            if (!d->tab[i])
                continue;
            for (j = fnv(d->tab[i]) & (cap - 1); t[j]; j = (j + 1) & (cap - 1))
                ;
            t[j] = d->tab[i];
        }
        free(d->tab);
        d->tab = t;
        d->cap = cap;
    }
    for (j = fnv(doc) & (d->cap - 1); d->tab[j]; j = (j + 1) & (d->cap - 1))
        if (!strcmp(d->tab[j], doc))
            return 0;
    if (!(d->tab[j] = docs_keep(d, doc, strlen(doc) + 1)))
        return -1;
    d->n++;
    return 1;
}
