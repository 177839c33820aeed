/* identity.h - agency, reporting year and cited format notice of a report. */
#ifndef NB_TAB_IDENTITY_H
#define NB_TAB_IDENTITY_H

#include <jansson.h>

#include "doc.h"

/* The page's evidence about itself that tabulate weighs: strings of the
 * header's meta (DESIGN 2.1), each NULL when absent or not a string. */
enum {
    TB_META_TITLE,
    TB_META_ARTICLE_TITLE,
    TB_META_URL,
    TB_META_SITE_ID,
    TB_META_SITE_NAME,
    TB_META_N
};

typedef struct tb_meta {
    const char *v[TB_META_N];
} tb_meta;

/* Member k of meta (which may be NULL: no meta). */
static inline const char *
tb_meta_get(const tb_meta *meta, int k)
{
    return meta ? meta->v[k] : NULL;
}

typedef struct tb_identity {
    char agency[256];          /* as printed, white space removed; empty when not found */
    char simple[256];          /* agency with Traditional characters as Simplified */
    int year;                  /* the reporting year, 0 when not found */
    const char *cites;         /* "2021-30", "2019-60" or NULL */
    const char *evidence;      /* where agency came from: "title", "meta", "path",
                                  "sentence", "publisher"; NULL when not found */
    const char *year_evidence; /* "title", "meta", "path", "sentence", "period" */
    int report;                /* the sections or first sentences say it is an
                                  annual report (一、总体情况, 现公布…年度报告) */
} tb_identity;

/*
 * Who reports, for which year, weighing in this order: the title line of
 * the body, the page's own title (meta ArticleTitle, then title), the
 * document's file name (doc), the first sentences, the 发布机构 line.
 * meta is the header's meta or NULL; doc the doc id or NULL.
 * Never fails; unknown fields stay empty.
 */
void tb_identify(const tb_doc *d, const char *doc, const tb_meta *meta, tb_identity *id);

#endif
