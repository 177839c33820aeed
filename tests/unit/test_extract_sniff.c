/*
 * test_extract_sniff.c - which members extract probes as archives
 * (ex_maybe_archive): text in UTF-8 or GB18030 is not probed, wherever the
 * first 4 KiB happen to cut a character; anything with a NUL, a byte that
 * is neither, or an ar or WARC magic is.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "source_private.h"
#include "text.h"

/* "政府信息公开" in GB18030: two-byte sequences */
static const char gb_text[] = "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA";
/* U+0080 in GB18030: a four-byte sequence */
static const char gb_four[] = "\x81\x30\x81\x30";

static int
sniff(const char *p, size_t n)
{
    return ex_maybe_archive(p, n, nb_utf8_check(p, n));
}

/* buf[0..n) as GB18030 text: two four-byte sequences, then gb_text over
 * and over.  Its bytes after the first 8 are all in 0xA1..0xFE, so that
 * wherever put cuts a character, what is left is still well formed. */
static void
fill_gb(char *buf, size_t n)
{
    size_t k = strlen(gb_text);

    memcpy(buf, gb_four, 4);
    memcpy(buf + 4, gb_four, 4);
    for (size_t i = 8; i < n; i += k)
        memcpy(buf + i, gb_text, n - i < k ? n - i : k);
}

/* seq at buf + off, with ASCII on either side: a sequence starts at off */
static void
put(char *buf, size_t off, const char *seq)
{
    size_t k = strlen(seq);

    memset(buf + off - 8, 'a', 8);
    memcpy(buf + off, seq, k);
    memset(buf + off + k, 'a', 8);
}

static void
test_text(void)
{
    static char buf[6000];
    const char *utf8 = "2023年政府信息公开工作年度报告\n一、总体情况\n";

    CHECK_INT(sniff("", 0), 0);
    CHECK_INT(sniff(utf8, strlen(utf8)), 0);
    CHECK_INT(sniff(gb_text, strlen(gb_text)), 0);
    CHECK_INT(sniff(gb_four, 4), 0);
    /* GB18030 with its first 4 KiB ending in every place of a two-byte
     * and of a four-byte sequence */
    for (size_t off = 4090; off < 4100; off++) {
        fill_gb(buf, sizeof buf);
        put(buf, off, "\xD5\xFE");
        CHECK_INT(sniff(buf, sizeof buf), 0);
        CHECK_INT(sniff(buf, off + 1), 0);
        put(buf, off, gb_four);
        CHECK_INT(sniff(buf, sizeof buf), 0);
        /* and a member that ends inside the sequence */
        CHECK_INT(sniff(buf, off + 1), 0);
        CHECK_INT(sniff(buf, off + 3), 0);
    }
    /* only the first 4 KiB decide: a bad byte or a NUL after them is the
     * decoder's business */
    fill_gb(buf, sizeof buf);
    buf[5000] = '\x80';
    buf[5500] = '\0';
    CHECK_INT(sniff(buf, sizeof buf), 0);
}

static void
test_archives(void)
{
    static char buf[6000];
    /* a gzip header with no NUL, as a FTEXT flag and a set mtime make it */
    static const char gz[] = "\x1f\x8b\x08\x01\x01\x01\x01\x01\x02\x03\x4b\x4c\x4a";
    /* a compress(1) header and codes: 0x9d 0x90 is a two-byte GB18030
     * sequence, what follows is not */
    static const char z[] = "\x1f\x9d\x90\x61\xc4\x0c\x21\x43\x86";
    static const char *bad[] = {
        "\x80", "\xff", "\xd5\x20", "\xd5\x7f", "\xd5\xff", "\x81\x30\x20\x30", "\x81\x30\x81\x20",
    };

    CHECK_INT(sniff(gz, sizeof gz - 1), 1);
    CHECK_INT(sniff(z, sizeof z - 1), 1);
    CHECK_INT(sniff("!<arch>\nreport.txt/", 19), 1);
    CHECK_INT(sniff("WARC/1.0\r\n", 10), 1);
    CHECK_INT(sniff("ustar\0", 6), 1);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fill_gb(buf, sizeof buf);
        put(buf, 4000, bad[i]);
        CHECK_INT(sniff(buf, sizeof buf), 1);
        CHECK_INT(sniff(bad[i], strlen(bad[i])), 1);
    }
    /* a NUL in the first 4 KiB of text */
    fill_gb(buf, sizeof buf);
    buf[4095] = '\0';
    CHECK_INT(sniff(buf, sizeof buf), 1);
}

int
main(void)
{
    test_text();
    test_archives();
    return check_done("test_extract_sniff");
}
