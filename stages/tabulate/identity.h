/* identity.h - agency, reporting year and cited format notice of a report. */
#ifndef NB_TAB_IDENTITY_H
#define NB_TAB_IDENTITY_H

#include "doc.h"

typedef struct tb_identity {
    char agency[256];  /* as printed, white space removed; empty when not found */
    int year;          /* the reporting year, 0 when not found */
    const char *cites; /* "2021-30", "2019-60" or NULL */
} tb_identity;

/* Read the title (the lines before and including 20xx年…年度报告) and the
 * preamble of d.  Never fails; unknown fields stay empty. */
void tb_identify(const tb_doc *d, tb_identity *id);

#endif
