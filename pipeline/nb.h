/*
 * nb.h - the nianbao pipeline library: errors, program name, allocation.
 *
 * The library never prints and never exits.  Functions return 0 (or a
 * pointer) on success and -1 (or NULL) on failure, filling a caller-owned
 * nb_error, in the manner of jansson's json_error_t.
 */
#ifndef NB_H
#define NB_H

#include <stddef.h>

#define NB_VERSION "0.1.0"

/* Error codes.  The names (nb_error_code_name) appear in error records. */
enum nb_code {
    NB_OK = 0,
    NB_E_NOMEM,   /* out of memory */
    NB_E_IO,      /* read or write error */
    NB_E_HEADER,  /* malformed document header */
    NB_E_LINE,    /* line longer than the cap */
    NB_E_DECODE,  /* bytes that decode as no supported encoding */
    NB_E_ARCHIVE, /* corrupt or truncated archive */
    NB_E_TOOBIG,  /* member larger than --max-member-bytes */
    NB_E_NESTING, /* archives nested too deep */
    NB_E_HTML,    /* HTML that could not be parsed */
    NB_E_UTF8,    /* a body line that is not valid UTF-8 */
    NB_E_NOTABLE, /* tabulate found nothing to read */
    NB_E_RECORD,  /* malformed report record */
    NB_E_SKIPPED, /* an archive entry that is not a file: a link, a device */
    NB_E_CONTROL, /* a body line holding NUL or 0x1E */
    NB_E_USAGE,
    NB_E_NOTEXT,    /* a PDF with no text layer, or fonts without a Unicode map */
    NB_E_ENCRYPTED, /* a PDF that needs a password */
    NB_E_FORMAT,    /* a format extract does not read (legacy binary .doc) */
    NB_E_DAMAGED,   /* a PDF or Word file damaged: read in part or not at all */
};

typedef struct nb_error {
    int code;       /* enum nb_code */
    long line;      /* 1-based line in the input, 0 when unknown */
    char text[320]; /* human-readable message, UTF-8 */
} nb_error;

/* Return the short stable name of code ("decode", "archive", ...). */
const char *nb_error_code_name(int code);

/* Fill err and return -1: a convenience for "return nb_fail(err, ...)". */
int nb_fail(nb_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Program name for diagnostics: the basename of argv0.  Returns a static. */
void nb_setprogname(const char *argv0);
const char *nb_getprogname(void);

/* s as text safe for a terminal, in buf[0..cap): C0 and C1 controls, DEL
 * and bytes that are not UTF-8 written \xNN (U+0080..U+009F as \u00NN),
 * so that a name cannot move the cursor or forge a diagnostic line;
 * cut with "..." when it does not fit.  Returns buf. */
const char *nb_term_text(const char *s, char *buf, size_t cap);

#endif
