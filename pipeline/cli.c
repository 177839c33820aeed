/* cli.c - the command-line helpers of the stages. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nb.h"

/* Decimal digits only, into *v; -1 on anything else or on overflow. */
static int
digits(const char *s, const char **end, unsigned long long *v)
{
    unsigned long long x = 0;

    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (x > (ULLONG_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
    }
    *end = s;
    *v = x;
    return 0;
}

/* The power of two of a size suffix, 0 for none, -1 for another one. */
static int
suffix_shift(const char *end)
{
    if (*end == '\0')
        return 0;
    if (end[1] != '\0')
        return -1;
    switch (*end) {
    case 'k':
    case 'K': return 10;
    case 'm':
    case 'M': return 20;
    case 'g':
    case 'G': return 30;
    }
    return -1;
}

int
nb_cli_size(const char *s, size_t *out)
{
    unsigned long long v;
    const char *end;
    int shift;

    if (digits(s, &end, &v) < 0 || (shift = suffix_shift(end)) < 0 || v == 0 ||
        v > (unsigned long long)SIZE_MAX >> shift)
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

int
nb_cli_count(const char *s, long lo, long hi, long *out)
{
    unsigned long long v;
    const char *end;

    if (digits(s, &end, &v) < 0 || *end || v < (unsigned long long)(lo < 0 ? 0 : lo) ||
        v > (unsigned long long)hi)
        return -1;
    *out = (long)v;
    return 0;
}

int
nb_cli_usage(FILE *f, const char *what, const char *arg)
{
    if (arg)
        fprintf(f, "%s: %s: '%s'\n", nb_getprogname(), what, arg);
    else
        fprintf(f, "%s: %s\n", nb_getprogname(), what);
    fprintf(f, "Try '%s --help'.\n", nb_getprogname());
    return 2;
}

int
nb_cli_getopt_error(FILE *f, int c, int argc, char *const *argv)
{
    const char *what = c == ':' ? "option needs an argument" : "invalid option";
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    char opt[3] = {'-', (char)optopt, '\0'};

    /* a short option named in a cluster ("-qx") or alone: "-x"; a long
     * one as written */
    if (optopt && optind < argc && argv[optind][0] == '-' && argv[optind][1] != '-' &&
        strchr(argv[optind] + 1, optopt))
        arg = opt;
    else if (optopt && strncmp(arg, "--", 2))
        arg = opt;
    return nb_cli_usage(f, what, arg);
}

int
nb_cli_close(FILE *out, const char *name, int failed, FILE *diag)
{
    int bad;

    errno = 0;
    bad = fflush(out) == EOF || ferror(out) || failed;
    /* errno tells only when this fflush failed, not an earlier write */
    if (fclose(out) == EOF && !bad)
        bad = 1;
    if (!bad)
        return 0;
    if (errno != EPIPE)
        fprintf(diag, "%s: %s%swrite error%s%s\n", nb_getprogname(), name ? name : "",
                name ? ": " : "", errno ? ": " : "", errno ? strerror(errno) : "");
    return 2;
}

char *
nb_cli_buffer(FILE *f, size_t size)
{
    char *buf = malloc(size);

    if (buf && setvbuf(f, buf, _IOFBF, size) != 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

void
nb_cli_stream_out(void)
{
    static char buf[256u << 10]; /* standard output is closed at exit */
    struct stat st;

    if (isatty(STDOUT_FILENO))
        return; /* a terminal keeps its lines as they come */
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
#ifdef F_SETPIPE_SZ
    if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
        (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#else
    (void)st;
#endif
}
