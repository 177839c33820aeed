/*
 * fuzz_fold.c - normalize's line folding (nb_fold_line) over any UTF-8
 * line: it never crashes; its output is UTF-8 with no NUL and no 0x1E
 * (a CR, which extract never writes, may stay); it is bounded by a
 * multiple of the input; and folding is idempotent, line by line
 * (normalize twice is normalize once).
 */
#include <string.h>

#include "fold.h"
#include "fuzz.h"
#include "stream.h"
#include "text.h"

/* Fold each line of s[0..n) into out. */
static void
fold_all(const char *s, size_t n, nb_buf *out, nb_buf *scratch)
{
    nb_fold_counts c = {0};
    nb_error err = {0};
    size_t i = 0;

    out->n = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;

        INVARIANT(nb_fold_line(s + i, e - i, out, scratch, &c, &err) >= 0);
        i = e + 1;
    }
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static nb_buf once, twice, scratch;
    const char *s = (const char *)data;

    /* what a reader hands normalize: UTF-8 lines, no NUL, no 0x1E */
    if (size == 0 || !nb_utf8_valid(s, size) || memchr(s, '\0', size) || memchr(s, NB_RS, size))
        return 0;
    fold_all(s, size, &once, &scratch);
    if (once.n == 0)
        return 0;
    INVARIANT(once.n <= size * FUZZ_GROWTH + 64);
    INVARIANT(nb_utf8_valid(once.p, once.n));
    INVARIANT(!memchr(once.p, '\0', once.n) && !memchr(once.p, NB_RS, once.n));
    fold_all(once.p, once.n, &twice, &scratch);
    if (twice.n != once.n || twice.n == 0 || memcmp(twice.p, once.p, once.n) != 0) {
        fprintf(stderr, "once:  %.*s\ntwice: %.*s\n", (int)once.n, once.p, (int)twice.n, twice.p);
        INVARIANT(!"normalize is idempotent");
    }
    return 0;
}
