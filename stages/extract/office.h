/*
 * office.h - extract's documents that are not text: PDF and Word files read
 * as one document each, and the office formats it recognises but does not
 * read (legacy binary .doc/.wps, OpenDocument, spreadsheets) turned into
 * error documents that say what to do.  Decided by content, never by name.
 */
#ifndef NB_OFFICE_H
#define NB_OFFICE_H

#include <stddef.h>

#include "source.h"

enum nb_office {
    NB_OFFICE_NONE = 0, /* text or HTML, or an archive */
    NB_OFFICE_PDF,
    NB_OFFICE_DOCX,
    NB_OFFICE_OLE2,  /* legacy binary Word (.doc, .wps), Excel, ... */
    NB_OFFICE_ODF,   /* OpenDocument */
    NB_OFFICE_OOXML, /* Office Open XML that is not Word */
};

/* What the bytes p[0..n) are (enum nb_office).  A zip is probed for its
 * [Content_Types].xml, which costs a reading of its directory. */
int nb_office_kind(const char *p, size_t n);

/*
 * Emit x->raw, of kind (not NB_OFFICE_NONE), as a document or an error
 * document named doc; archive and member give its provenance (NULL for a
 * plain file).  A damaged PDF gives the document of the pages read and
 * then an error document.  Returns 0, or -1 on a write error or out of
 * memory.
 */
int nb_extract_office(nb_extract *x, int kind, const char *doc, const char *archive,
                      const char *member, long long mtime, int has_mtime);

#endif
