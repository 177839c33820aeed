/*
 * fuzz_stream.c - the document stream reader (pipeline/stream.c) over any
 * bytes: it never crashes or hangs; it takes the headers jansson takes
 * (json_loadb, JSON_REJECT_DUPLICATES: a JSON object) and no other, and
 * each member reads back as jansson writes it; no body line it returns
 * holds NUL, 0x1E or a newline; and it reads no more lines than the input
 * has.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "stream.h"

/* Header h as jansson reads it: an object, each member dumped alike. */
static void
same_as_jansson(const nb_header *h)
{
    nb_view raw = nb_header_raw(h);
    json_t *j = json_loadb(raw.p, raw.n, JSON_REJECT_DUPLICATES, NULL), *v;
    const char *key;
    nb_buf b = {0};

    INVARIANT(json_is_object(j));
    json_object_foreach(j, key, v)
    {
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

        b.n = 0;
        INVARIANT(want && nb_header_dump(h, key, &b) == 1);
        INVARIANT(b.n == strlen(want) && !memcmp(b.p, want, b.n));
        free(want);
    }
    json_decref(j);
    nb_buf_fini(&b);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    nb_reader *r;
    nb_error err = {0};
    const nb_header *h;
    long lines = 0, newlines = 0;
    int rc;

    if (!in || size == 0) {
        if (in)
            fclose(in);
        return 0;
    }
    for (size_t i = 0; i < size; i++)
        newlines += data[i] == '\n';
    r = nb_reader_create(in, 4096);
    INVARIANT(r != NULL);
    while ((rc = nb_reader_next(r, &h, &err)) != 0) {
        nb_view line;
        int lr;

        if (rc > 0)
            same_as_jansson(h);
        else if (!strncmp(err.text, "malformed header: ", 18)) {
            nb_view raw = nb_reader_header_raw(r);
            json_t *j = json_loadb(raw.p, raw.n, JSON_REJECT_DUPLICATES, NULL);

            INVARIANT(!json_is_object(j));
            json_decref(j);
        }
        while ((lr = nb_reader_line(r, &line, &err)) != 0) {
            lines++;
            if (lr < 0)
                continue;
            INVARIANT(!memchr(line.p, '\0', line.n));
            INVARIANT(!memchr(line.p, NB_RS, line.n));
            INVARIANT(!memchr(line.p, '\n', line.n));
        }
        INVARIANT(lines <= newlines + 1);
    }
    nb_reader_free(r);
    fclose(in);
    return 0;
}
