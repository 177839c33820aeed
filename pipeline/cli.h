/*
 * cli.h - what every stage's command line shares: one grammar for sizes
 * and counts, the usage-error lines, and closing an output stream.  So
 * that `--max-line 8M` means the same to every stage and no stage refuses
 * what another accepts.  These functions write only to the FILE the
 * caller passes (its stderr), never on their own, and never exit: a
 * usage error returns the exit status for main to return.
 */
#ifndef NB_CLI_H
#define NB_CLI_H

#include <stddef.h>
#include <stdio.h>

/*
 * A size: decimal digits and an optional K, M or G (either case; powers
 * of 1024), with nothing before or after ("64M", "8192", "1g").  Zero,
 * signs, spaces and values that overflow size_t are refused.  Returns 0
 * with *out set, or -1.
 */
int nb_cli_size(const char *s, size_t *out);

/* A decimal count in lo..hi (no sign, no spaces).  Returns 0 or -1. */
int nb_cli_count(const char *s, long lo, long hi, long *out);

/*
 * Print "PROG: WHAT: 'ARG'" (or "PROG: WHAT" when arg is NULL) and
 * "Try 'PROG --help'." to f.  Returns 2, the exit status of a usage error.
 */
int nb_cli_usage(FILE *f, const char *what, const char *arg);

/*
 * The usage error for getopt_long's return c ('?' or ':'; the optstring
 * must begin with ':' and opterr be 0, so that getopt prints nothing and
 * names no path): "invalid option" or "option needs an argument", naming
 * the option as the user wrote it.  Returns 2.
 */
int nb_cli_getopt_error(FILE *f, int c, int argc, char *const *argv);

/*
 * Flush and close out (standard output or a side file named name; NULL
 * for standard output).  failed is non-zero when a write through a
 * buffer of the caller's own already failed.  On any failure prints
 * "PROG: [NAME: ]write error[: REASON]" to diag, unless the reader went
 * away (EPIPE), which is quiet.  Returns 0, or 2 on failure.
 */
int nb_cli_close(FILE *out, const char *name, int failed, FILE *diag);

/*
 * Before a stage writes its stream to standard output, unless it is a
 * terminal: a 256 KiB stdio buffer (stdio's own for a pipe is 4 KiB, two
 * write calls a document; the next stage reads as much at a time, so
 * that each is woken once a quarter megabyte, not once a line)
 * and, when standard output is a pipe, a 1 MiB pipe where the kernel
 * allows it (Linux's F_SETPIPE_SZ; else the pipe stays as it is), so that
 * a stage runs ahead of the next one instead of waiting on the next.
 */
void nb_cli_stream_out(void);

/*
 * Give f a buffer of size bytes, before its first read or write.  glibc's
 * setvbuf ignores the size unless it is given the buffer: stdio keeps its
 * own of st_blksize, 4 KiB.  Returns the buffer, to free after f is
 * closed; NULL when out of memory (f keeps stdio's buffer).
 */
char *nb_cli_buffer(FILE *f, size_t size);

#endif
