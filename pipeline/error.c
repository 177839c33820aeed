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
