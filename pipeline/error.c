/* error.c - error codes and the program name. */
#include "nb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
    [NB_OK] = "ok",
    [NB_E_NOMEM] = "nomem",
    [NB_E_IO] = "io",
    [NB_E_HEADER] = "header",
    [NB_E_LINE] = "line-too-long",
    [NB_E_DECODE] = "decode",
    [NB_E_ARCHIVE] = "archive",
    [NB_E_TOOBIG] = "too-big",
    [NB_E_NESTING] = "nesting",
    [NB_E_HTML] = "html",
    [NB_E_UTF8] = "utf8",
    [NB_E_NOTABLE] = "no-table",
    [NB_E_RECORD] = "record",
    [NB_E_SKIPPED] = "skipped",
    [NB_E_CONTROL] = "control",
    [NB_E_USAGE] = "usage",
    [NB_E_NOTEXT] = "no_text",
    [NB_E_ENCRYPTED] = "encrypted",
    [NB_E_FORMAT] = "unsupported_format",
    [NB_E_DAMAGED] = "damaged",
};

const char *
nb_error_code_name(int code)
{
    if (code < 0 || (size_t)code >= sizeof code_names / sizeof code_names[0] || !code_names[code])
        return "unknown";
    return code_names[code];
}

int
nb_fail(nb_error *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->text, sizeof err->text, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *progname = "nianbao";

void
nb_setprogname(const char *argv0)
{
    const char *slash;

    if (!argv0 || !*argv0)
        return;
    slash = strrchr(argv0, '/');
    progname = slash ? slash + 1 : argv0;
}

const char *
nb_getprogname(void)
{
    return progname;
}

/* The length of the UTF-8 character at s[0..n), 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;

    if (k == 0 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return k;
}

const char *
nb_term_text(const char *s, char *buf, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, w = 0;

    if (cap < 8) {
        if (cap)
            buf[0] = '\0';
        return buf;
    }
    while (i < n) {
        char esc[8];
        size_t k = p[i] < 0x80 ? 1 : utf8_len(p + i, n - i);
        const char *put = (const char *)p + i;
        size_t m = k;

        if (k == 0 || p[i] < 0x20 || p[i] == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            put = esc, m = 4, k = 1;
        } else if (k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
            snprintf(esc, sizeof esc, "\\u%04x", p[i + 1]);
            put = esc, m = 6;
        }
        if (w + m + 4 > cap) { /* room for "..." and the NUL */
            memcpy(buf + w, "...", 3);
            w += 3;
            break;
        }
        memcpy(buf + w, put, m);
        w += m;
        i += k;
    }
    buf[w] = '\0';
    return buf;
}
