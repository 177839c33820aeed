/*
 * docx.h - a Word file (.docx: a zip of XML parts) as one document:
 * paragraphs as lines, table rows as TAB-separated cells.  The zip is
 * read with libarchive, the XML with libxml2.
 *
 * Which zip is a Word file is decided by its content: the zip's
 * [Content_Types].xml names a WordprocessingML main part.  Other Office
 * Open XML files (spreadsheets, presentations) and OpenDocument files
 * (a "mimetype" part) are told apart so that they are not read as
 * archives of reports either.
 */
#ifndef NB_DOCX_H
#define NB_DOCX_H

#include <stddef.h>

#include "nb.h"
#include "text.h"

enum nb_zip_kind {
    NB_ZIP_ARCHIVE = 0, /* an ordinary zip: an archive of documents */
    NB_ZIP_DOCX,        /* a Word document (.docx, .docm, .dotx) */
    NB_ZIP_ODF,         /* OpenDocument (.odt, .ods, ...): not read */
    NB_ZIP_OOXML,       /* Office Open XML that is not Word (.xlsx, .pptx) */
};

/* 1 when the first bytes p[0..n) of a file may be an Office zip: a zip
 * whose local headers there name [Content_Types].xml, _rels/.rels, word/...
 * or mimetype.  A cheap
 * test for a stream whose start is all that is known. */
int nb_docx_hint(const char *p, size_t n);

/* What the whole zip p[0..n) is (enum nb_zip_kind); not a zip is
 * NB_ZIP_ARCHIVE. */
int nb_docx_probe(const char *p, size_t n);

typedef struct nb_docx_info {
    char title[512]; /* docProps/core.xml dc:title, "" when none */
    char author[256];
} nb_docx_info;

/*
 * Append the text of the Word file p[0..n) to out: paragraphs as lines,
 * each table row a line of cells separated by TAB, a cell spanning
 * columns (gridSpan) followed by empty cells for the columns it covers, a
 * vertically merged cell's continuations empty (the HTML rowspan rule).
 * Parts larger than max_part bytes are refused.  Returns 0, or -1 with
 * NB_E_DAMAGED (no main part, unreadable zip or XML), NB_E_TOOBIG or
 * NB_E_NOMEM.
 */
int nb_docx_to_text(const char *p, size_t n, size_t max_part, nb_buf *out, nb_docx_info *info,
                    nb_error *err);

#endif
