/*
 * pdf.h - a PDF's text layer as lines, tables as TAB-separated rows, read
 * with MuPDF (HACKING "PDF": why MuPDF).  Glyphs and their boxes come
 * from MuPDF; layout.c makes the lines.
 */
#ifndef NB_PDF_H
#define NB_PDF_H

#include <stddef.h>

#include "nb.h"
#include "text.h"

typedef struct nb_pdf_info {
    int pages;       /* in the document (after any repair) */
    int pages_read;  /* of which read */
    char title[512]; /* the Info dictionary's, UTF-8, "" when none */
    char author[256];
} nb_pdf_info;

/* 1 when s[0..n) starts with "%PDF-" (within its first 1 KiB, as readers
 * allow). */
int nb_pdf_sniff(const char *s, size_t n);

/*
 * Append the text of the PDF in[0..n) to out.  Returns 0 when every page
 * was read; 1 when some were (out holds them) and err says what was lost
 * (NB_E_DAMAGED); -1 when no text comes out: NB_E_ENCRYPTED (a password
 * is needed), NB_E_NOTEXT (no text layer: a scan; or fonts without a
 * Unicode map), NB_E_DAMAGED (unreadable), NB_E_NOMEM.  info is filled as
 * far as known in every case.
 */
int nb_pdf_to_text(const char *in, size_t n, nb_buf *out, nb_pdf_info *info, nb_error *err);

/* Free the MuPDF context kept between documents (safe to call when none). */
void nb_pdf_cleanup(void);

#endif
