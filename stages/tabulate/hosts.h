/*
 * hosts.h - the division a government site's host names (DESIGN 3):
 * huichang.gov.cn is 会昌县, gdsx.gov.cn 广东始兴 (始兴县 or 遂溪县).
 *
 * The table is data/pinyin.tsv.gz, made by scripts/update-pinyin: a header
 * row, then `key code[,code…] kind` sorted by key, the keys in lower case
 * ASCII, at most NB_HOST_MAX_DIVS codes each.
 */
#ifndef NB_HOSTS_H
#define NB_HOSTS_H

#include <stddef.h>

#include "gazetteer.h"
#include "nb.h"

#define NB_HOST_MAX_DIVS 3

typedef struct nb_hosts nb_hosts;

/* Load the table; codes are looked up in g (a code g lacks is skipped).
 * Returns a new table, or NULL with err: NB_E_IO, NB_E_RECORD (a bad or
 * unsorted row; err->line), NB_E_NOMEM. */
nb_hosts *nb_hosts_load(const char *path, const nb_gazetteer *g, nb_error *err);
void nb_hosts_free(nb_hosts *h);

/* The divisions the host label s[0..n) names (case folded), at most
 * NB_HOST_MAX_DIVS into divs; returns how many (0 when none). */
int nb_hosts_lookup(const nb_hosts *h, const char *s, size_t n, int *divs);

/*
 * The host of a government site in s: the host of a URL ("http://host/…")
 * or the first path component that is one ("www.gsgz.gov.cn/gzzfxxgk/…",
 * "crawl.tar!huichang.gov.cn/…").  Only hosts under .gov.cn count: a
 * mirror's host names nobody.  Copies it, lower case, into host[0..cap)
 * and returns 1, or returns 0.
 */
int nb_host_of(const char *s, char *host, size_t cap);

#endif
