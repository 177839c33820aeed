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

/* part (a new string, stolen) with \#N after it when it is the N-th of its
 * name that seen has counted, N > 1: a repeated member or operand.
 * Returns a new string, or NULL when out of memory. */
static char *
counted(json_t *seen, char *part)
{
    char tail[32], *id;
    json_int_t k;

    if (!part)
        return NULL;
    k = json_integer_value(json_object_get(seen, part)) + 1;
    if (json_object_set_new(seen, part, json_integer(k)) < 0) {
        free(part);
        return NULL;
    }
    if (k == 1)
        return part;
    snprintf(tail, sizeof tail, "\\#%lld", (long long)k);
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
ex_entry_doc(json_t *seen, const char *name, struct archive_entry *e, long index)
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

    if (part && !x->ids && !(x->ids = json_object())) {
        free(part);
        return NULL;
    }
    return counted(x->ids, part);
}
