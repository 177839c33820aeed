/* links: stages/extract/source.c stages/extract/docx.c stages/extract/layout.c
 * stages/extract/office.c stages/extract/pdf.c */
/*
 * fuzz_extract.c - extract over archive bytes (any format libarchive
 * reads, nested, compressed): it ends; it writes at least one record
 * (nothing vanishes); every record's header is a JSON object with a doc;
 * doc ids are unique; bodies hold no NUL, no 0x1E, no CR and are valid
 * UTF-8; no document is larger than a multiple of --max-member-bytes.
 */
#include <locale.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "source.h"
#include "stream.h"

#define MAX_MEMBER (1u << 20)

/* Check the stream out[0..n): returns the number of records. */
static long
check_stream(const char *p, size_t n)
{
    json_t *seen = json_object();
    long records = 0;
    size_t body = 0, i = 0;

    INVARIANT(seen != NULL);
    INVARIANT(n == 0 || p[n - 1] == '\n');
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = (size_t)(nl - p);

        if (p[i] == NB_RS) {
            json_t *h = json_loadb(p + i + 1, e - i - 1, 0, NULL);
            const char *doc;

            INVARIANT(json_is_object(h));
            doc = json_string_value(json_object_get(h, "doc"));
            INVARIANT(doc != NULL);
            INVARIANT(json_object_get(seen, doc) == NULL); /* ids are unique */
            json_object_set_new(seen, doc, json_true());
            json_decref(h);
            records++;
            body = 0;
        } else {
            INVARIANT(records > 0);
            INVARIANT(!memchr(p + i, '\0', e - i) && !memchr(p + i, NB_RS, e - i));
            INVARIANT(!memchr(p + i, '\r', e - i));
            INVARIANT(nb_utf8_valid(p + i, e - i));
            body += e - i + 1;
            INVARIANT(body <= 2 * (size_t)MAX_MEMBER + 4096);
        }
        i = e + 1;
    }
    json_decref(seen);
    return records;
}

/* as extract's main(): libarchive converts member names to UTF-8 */
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
    int fd = memfd_create("fuzz", 0);
    char path[64], *out = NULL;
    size_t outn = 0;
    nb_extract x = {0};

    INVARIANT(fd >= 0);
    INVARIANT(write(fd, data, size) == (ssize_t)size);
    lseek(fd, 0, SEEK_SET);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    x.out = open_memstream(&out, &outn);
    INVARIANT(x.out != NULL);
    x.max_member = MAX_MEMBER;
    x.max_depth = 2;
    x.quiet = 1;
    INVARIANT(nb_extract_operand(&x, path) == 0);
    fclose(x.out);
    INVARIANT(check_stream(out, outn) >= 1); /* nothing vanishes */
    INVARIANT(x.docs + x.errors >= 1);
    nb_extract_fini(&x);
    free(out);
    close(fd);
    return 0;
}
