/*
 * fuzz_stream.c - the document stream reader (pipeline/stream.c) over any
 * bytes: it never crashes or hangs; every header it returns is a JSON
 * object; no body line it returns holds NUL, 0x1E or a newline; and it
 * reads no more lines than the input has.
 */
#include <string.h>

#include "fuzz.h"
#include "stream.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    nb_reader *r;
    nb_error err = {0};
    json_t *h;
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

        if (rc > 0) {
            INVARIANT(json_is_object(h));
            json_decref(h);
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
