/*
 * hosts.c - host labels to divisions: a sorted array read with zlib,
 * searched by bsearch.
 */
#include "hosts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define MAX_KEY 48

typedef struct host_key {
    char key[MAX_KEY];
    int div[NB_HOST_MAX_DIVS];
    int ndiv;
} host_key;

struct nb_hosts {
    host_key *k;
    int n, cap;
};

void
nb_hosts_free(nb_hosts *h)
{
    if (!h)
        return;
    free(h->k);
    free(h);
}

/* Parse one row "key<TAB>codes<TAB>kind" into k.  Returns 0, or -1. */
static int
parse_row(char *line, const nb_gazetteer *g, host_key *k)
{
    char *t1 = strchr(line, '\t'), *t2, *code, *save = NULL;
    size_t kl;

    if (!t1)
        return -1;
    kl = (size_t)(t1 - line);
    if (kl == 0 || kl >= MAX_KEY)
        return -1;
    for (size_t i = 0; i < kl; i++)
        if (line[i] < 'a' || line[i] > 'z')
            return -1;
    memcpy(k->key, line, kl);
    k->key[kl] = '\0';
    t2 = strchr(t1 + 1, '\t');
    if (!t2)
        return -1;
    *t2 = '\0';
    k->ndiv = 0;
    for (code = strtok_r(t1 + 1, ",", &save); code; code = strtok_r(NULL, ",", &save)) {
        int d;
        if (strlen(code) != 6 || strspn(code, "0123456789") != 6 || k->ndiv == NB_HOST_MAX_DIVS)
            return -1;
        d = nb_gazetteer_find(g, code);
        if (d >= 0)
            k->div[k->ndiv++] = d;
    }
    return 0;
}

nb_hosts *
nb_hosts_load(const char *path, const nb_gazetteer *g, nb_error *err)
{
    nb_hosts *h = calloc(1, sizeof *h);
    gzFile f;
    char line[512];
    long lineno = 0;

    if (!h) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        return NULL;
    }
    f = gzopen(path, "rb");
    if (!f) {
        nb_fail(err, NB_E_IO, "%s: %s", path, errno ? strerror(errno) : "cannot open");
        free(h);
        return NULL;
    }
    while (gzgets(f, line, sizeof line)) {
        size_t n = strlen(line);
        lineno++;
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if (lineno == 1 && !strncmp(line, "key\t", 4))
            continue;
        if (!n)
            continue;
        if (h->n == h->cap) {
            int nc = h->cap ? 2 * h->cap : 1024;
            host_key *nk = realloc(h->k, (size_t)nc * sizeof *nk);
            if (!nk) {
                nb_fail(err, NB_E_NOMEM, "out of memory");
                goto fail;
            }
            h->k = nk;
            h->cap = nc;
        }
        if (parse_row(line, g, &h->k[h->n]) < 0 ||
            (h->n > 0 && strcmp(h->k[h->n - 1].key, h->k[h->n].key) >= 0)) {
            nb_fail(err, NB_E_RECORD, "%s:%ld: want key<TAB>code[,code]<TAB>kind, sorted", path,
                    lineno);
            err->line = lineno;
            goto fail;
        }
        h->n++;
    }
    {
        int zerr;
        const char *msg = gzerror(f, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END) {
            nb_fail(err, NB_E_IO, "%s: corrupt or truncated gzip data (%s)", path, msg);
            goto fail;
        }
    }
    gzclose(f);
    return h;
fail:
    gzclose(f);
    nb_hosts_free(h);
    return NULL;
}

static int
cmp_key(const void *a, const void *b)
{
    return strcmp((const char *)a, ((const host_key *)b)->key);
}

int
nb_hosts_lookup(const nb_hosts *h, const char *s, size_t n, int *divs)
{
    char key[MAX_KEY];
    const host_key *k;

    if (!h || n == 0 || n >= MAX_KEY)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            return 0;
        key[i] = c;
    }
    key[n] = '\0';
    k = bsearch(key, h->k, (size_t)h->n, sizeof *h->k, cmp_key);
    if (!k)
        return 0;
    memcpy(divs, k->div, (size_t)k->ndiv * sizeof *divs);
    return k->ndiv;
}

/* 1 when s[0..n) is a host name under .gov.cn. */
static int
gov_host(const char *s, size_t n)
{
    static const char tail[] = ".gov.cn";
    const size_t tl = sizeof tail - 1;

    if (n <= tl || strncasecmp(s + n - tl, tail, tl))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

int
nb_host_of(const char *s, char *host, size_t cap)
{
    const char *p = s, *scheme;

    if (!s)
        return 0;
    scheme = strstr(s, "://");
    if (scheme)
        p = scheme + 3;
    while (*p) {
        size_t n = strcspn(p, "/\\!:?#");
        if (gov_host(p, n) && n < cap) {
            for (size_t i = 0; i < n; i++)
                host[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
            host[n] = '\0';
            return 1;
        }
        if (scheme)
            return 0; /* a URL names its host first */
        p += n;
        if (*p)
            p++;
    }
    return 0;
}
