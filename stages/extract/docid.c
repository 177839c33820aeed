/*
 * docid.c - member names and document ids.
 *
 * Member names: libarchive converts names stored with a declared charset
 * (zip's UTF-8 flag, pax, 7-Zip, Joliet) to the locale's charset, which
 * is why extract's main() sets a UTF-8 LC_CTYPE; names stored as bare
 * bytes (tar, cpio, zip made on Chinese Windows) come back as they are
 * and go through ex_utf8_name(): UTF-8, else GB18030, else \xNN escapes.
 */
#include "source_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "uchar.h"

/* A new NUL-terminated name as UTF-8: as is when valid, else GB18030 (the
 * names of zips made on Chinese Windows), else with \xNN escapes.
 * Returns NULL when out of memory. */
char *
ex_utf8_name(const char *s)
{
    size_t n = strlen(s);
    nb_buf b = {0};
    const char *enc;
    nb_error err;

    if (nb_utf8_valid(s, n))
        return strdup(s);
    if (nb_decode(s, n, "gb18030", &b, &enc, &err) == 0 && nb_buf_addc(&b, '\0') == 0 &&
        strlen(b.p) == b.n - 1)
        return b.p;
    nb_buf_fini(&b);
    return nb_utf8_escape(s, n);
}

/*
 * One part of a document id, as a new string: the name as UTF-8 (as is,
 * else decoded from GB18030), with a backslash written \\, '!' written
 * \x21, and controls and bytes that are neither written \xNN.  So a part
 * never holds a bare '!' (the parts of ARCHIVE!MEMBER!INNER stay apart)
 * and never a backslash before anything but a backslash or 'x':
 * read_entries adds \#N to the N-th entry of a repeated name and writes
 * \?N for entry N whose name is unreadable, which no name can spell.
 * Returns NULL when out of memory.
 */
static char *
id_part(const char *s)
{
    size_t n = strlen(s), i = 0;
    nb_buf u = {0}, b = {0};
    const char *enc;
    nb_error err;
    int rc = 0;

    if (nb_utf8_valid(s, n) || nb_decode(s, n, "gb18030", &u, &enc, &err) < 0 ||
        memchr(u.p, '\0', u.n)) {
        u.n = 0;
        rc = nb_buf_add(&u, s, n);
    }
    while (rc == 0 && i < u.n) {
        size_t v = i + nb_utf8_check(u.p + i, u.n - i);
        char esc[8];

        for (; i < v && rc == 0; i++) {
            unsigned char c = (unsigned char)u.p[i];
            if (c == '\\')
                rc = nb_buf_adds(&b, "\\\\");
            else if (c == '!' || c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof esc, "\\x%02x", c);
                rc = nb_buf_adds(&b, esc);
            } else
                rc = nb_buf_addc(&b, c);
        }
        if (rc == 0 && v < u.n) { /* a byte that is not UTF-8 */
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)u.p[v]);
            rc = nb_buf_adds(&b, esc);
            i = v + 1;
        }
    }
    nb_buf_fini(&u);
    if (rc < 0 || nb_buf_addc(&b, '\0') < 0) {
        nb_buf_fini(&b);
        return NULL;
    }
    return b.p;
}

/* The entry's name as new UTF-8, or a placeholder naming its position when
 * libarchive could not convert it.  Returns NULL when out of memory. */
char *
ex_member_name(struct archive_entry *e, long index)
{
    const char *p = archive_entry_pathname(e);
    char tmp[64];

    if (!p)
        p = archive_entry_pathname_utf8(e);
    if (!p) {
        snprintf(tmp, sizeof tmp, "#%ld (name not convertible)", index);
        p = tmp;
    }
    return ex_utf8_name(p);
}

/* "name!member" as a new string, or NULL when out of memory. */
static char *
join_doc(const char *name, const char *member)
{
    size_t n = strlen(name) + strlen(member) + 2;
    char *doc = malloc(n);

    if (doc)
        snprintf(doc, n, "%s!%s", name, member);
    return doc;
}

/*
 * The names seen: a count per 64-bit hash of the name, not the name, so
 * that extract's memory stays nearly flat however many members an archive
 * has (8 bytes per distinct name; the names themselves took 150).  Two
 * names with one hash share a count: the later of them gets a needless
 * \#N.  Ids stay unique all the same: a name's N grows at each of its
 * entries, N = 1 is written as nothing only once per hash, and no part
 * can spell "\#" (HACKING, "Doc ids are unique by construction").  The
 * keys are a set (first sightings); names seen twice or more have their
 * count in a second, usually tiny, table.
 */
typedef struct ex_table {
    uint64_t *key; /* 0: an empty slot (no hash is 0: see name_hash) */
    uint64_t *val; /* NULL in a set */
    size_t cap, n;
} ex_table;

struct ex_names {
    ex_table seen, repeats;
    int said; /* archive_error's one record for the archive itself */
};

/* FNV-1a over s with a final mix (so that nearby names spread over the
 * slots), never 0. */
static uint64_t
name_hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

/* The slot of key in t (cap a power of two, never full), or the empty
 * slot where it goes. */
static size_t
slot_of(const ex_table *t, uint64_t key)
{
    size_t i = (size_t)key & (t->cap - 1);

    while (t->key[i] && t->key[i] != key)
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* Room for one more key (at most 3/4 full).  Returns 0, -1 when out of
 * memory (t unchanged). */
static int
table_room(ex_table *t, int with_val)
{
    ex_table g = {0};

    if (t->cap && (t->n + 1) * 4 <= t->cap * 3)
        return 0;
    g.cap = t->cap ? t->cap * 2 : 64;
    g.key = calloc(g.cap, sizeof *g.key);
    g.val = with_val ? calloc(g.cap, sizeof *g.val) : NULL;
    if (!g.key || (with_val && !g.val)) {
        free(g.key);
        free(g.val);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->key[i]) {
            size_t j = slot_of(&g, t->key[i]);
            g.key[j] = t->key[i];
            if (with_val)
                g.val[j] = t->val[i];
        }
    g.n = t->n;
    free(t->key);
    free(t->val);
    *t = g;
    return 0;
}

ex_names *
ex_names_new(void)
{
    return calloc(1, sizeof(ex_names));
}

void
ex_names_free(ex_names *names)
{
    if (!names)
        return;
    free(names->seen.key);
    free(names->repeats.key);
    free(names->repeats.val);
    free(names);
}

int
ex_names_said(ex_names *names)
{
    int said = names->said;

    names->said = 1;
    return said;
}

uint64_t
ex_names_count(ex_names *names, const char *part)
{
    uint64_t h = name_hash(part);
    size_t i;

    if (table_room(&names->seen, 0) < 0)
        return 0;
    i = slot_of(&names->seen, h);
    if (!names->seen.key[i]) {
        names->seen.key[i] = h;
        names->seen.n++;
        return 1;
    }
    if (table_room(&names->repeats, 1) < 0)
        return 0;
    i = slot_of(&names->repeats, h);
    if (!names->repeats.key[i]) {
        names->repeats.key[i] = h;
        names->repeats.val[i] = 1;
        names->repeats.n++;
    }
    return ++names->repeats.val[i];
}

/* part (a new string, stolen) with \#N after it when it is the N-th of its
 * name that names has counted, N > 1: a repeated member or operand.
 * Returns a new string, or NULL when out of memory. */
static char *
counted(ex_names *names, char *part)
{
    char tail[32], *id;
    uint64_t k;

    if (!part)
        return NULL;
    k = ex_names_count(names, part);
    if (k == 0) {
        free(part);
        return NULL;
    }
    if (k == 1)
        return part;
    snprintf(tail, sizeof tail, "\\#%llu", (unsigned long long)k);
    id = malloc(strlen(part) + strlen(tail) + 1);
    if (id) {
        strcpy(id, part);
        strcat(id, tail);
    }
    free(part);
    return id;
}

/*
 * The id of an entry: NAME!PART (id_part), with \#N after the N-th
 * entry of a part already seen in this archive (seen counts them), or
 * NAME!\?N for entry N whose name libarchive cannot give.  Returns a new
 * string, or NULL when out of memory.
 */
char *
ex_entry_doc(ex_names *seen, const char *name, struct archive_entry *e, long index)
{
    const char *p = archive_entry_pathname(e);
    char *part, *doc, tail[32];

    if (!p)
        p = archive_entry_pathname_utf8(e);
    if (!p) {
        snprintf(tail, sizeof tail, "\\?%ld", index);
        return join_doc(name, tail);
    }
    part = counted(seen, id_part(p));
    if (!part)
        return NULL;
    doc = join_doc(name, part);
    free(part);
    return doc;
}

/* The id of an operand (id_part), with \#N when the same path comes
 * again ("extract a.txt a.txt", "-" twice), as a repeated member's.
 * Returns a new string, or NULL when out of memory. */
char *
ex_operand_id(nb_extract *x, const char *path)
{
    char *part = strcmp(path, "-") ? id_part(path) : strdup("-");

    if (part && !x->ids && !(x->ids = ex_names_new())) {
        free(part);
        return NULL;
    }
    return counted(x->ids, part);
}
