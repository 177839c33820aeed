/* links: stages/aggregate/records.c */
/*
 * fuzz_records.c - aggregate's record reader (stages/aggregate/records.c)
 * over any bytes: lines are split within the cap and never past the
 * input; every line parses or fails with a message, never a crash; a
 * parsed record's states are in range.
 */
#include <string.h>

#include "fuzz.h"
#include "records.h"
#include "schema.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    static agg_record rec;
    static int ready;
    agg_lines l;
    long lines = 0;
    int rc;

    if (!in)
        return 0;
    if (!ready) {
        agg_record_init(&rec);
        ready = 1;
    }
    INVARIANT(agg_lines_init(&l, in, 4096) == 0);
    while ((rc = agg_lines_next(&l)) > 0) {
        nb_error err = {0};

        lines++;
        INVARIANT(l.lineno == lines);
        INVARIANT(lines <= (long)size + 1);
        agg_record_fini(&rec);
        memset(rec.key, 0, sizeof rec.key);
        if (rc == 2)
            continue; /* over the cap: not held */
        INVARIANT(l.n <= 4096 && strlen(l.line) <= l.n);
        if (agg_record_parse(&rec, l.line, l.n, &err) < 0) {
            INVARIANT(err.text[0] != '\0');
            continue;
        }
        for (int i = 0; i < AGG_MAX_METRICS; i++)
            INVARIANT(rec.state[i] <= NB_ST_MISSING);
    }
    agg_record_fini(&rec);
    memset(rec.key, 0, sizeof rec.key);
    agg_lines_fini(&l);
    fclose(in);
    return 0;
}
