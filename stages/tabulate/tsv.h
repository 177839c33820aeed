/*
 * tsv.h - the one reader of the data tables (the .tsv files of data/: aliases, area
 * codes, categories; tabulate's --regions file): a line at a time, its LF
 * or CR LF removed, blank lines and '#' comments passed over, errors
 * named "PATH:LINE: ...".
 */
#ifndef NB_TSV_H
#define NB_TSV_H

#include <stdio.h>

#include "nb.h"

typedef struct nb_tsv {
    FILE *f;
    const char *path; /* borrowed: lives as long as the reader */
    char *line;       /* the current line, NUL-terminated; the reader's buffer */
    size_t n, cap;    /* its length and capacity */
    long lineno;      /* 1-based number of the current line */
} nb_tsv;

/* Open path for reading.  Returns 0, or -1 with NB_E_IO ("PATH: reason"). */
int nb_tsv_open(nb_tsv *t, const char *path, nb_error *err);

/*
 * The next line that is not blank or a comment, in t->line (valid until
 * the next call).  Returns 1, 0 at the end, -1 on a read error (NB_E_IO,
 * err->line set) or when out of memory.
 */
int nb_tsv_next(nb_tsv *t, nb_error *err);

/* Cut line at TABs, in place, into fields f[0..max): returns how many, or
 * max + 1 when there are more (f then holds the first max). */
int nb_tsv_split(char *line, char **f, int max);

/* The current line as a new string the caller frees (the reader takes a
 * new buffer for the next line). */
char *nb_tsv_take(nb_tsv *t);

/* Fill err with code and "PATH:LINE: " then the message, err->line set;
 * returns -1. */
int nb_tsv_fail(const nb_tsv *t, nb_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Close the file and free the buffer; t may be zeroed or closed already. */
void nb_tsv_close(nb_tsv *t);

#endif
