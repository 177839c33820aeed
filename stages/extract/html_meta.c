/*
 * html_meta.c - what a page says about itself: whether bytes are HTML, the
 * charset it declares, and its evidence of who wrote it (DESIGN 2.1 meta:
 * <title>, <meta name=SiteName…>, the URL it was saved from).
 */
#include "html_private.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "stream.h"

/* A meta value longer than this is not a title or a code: cut. */
#define MAX_META 1024

int
nb_html_sniff(const char *s, size_t n)
{
    static const char *const tags[] = {
        "!doctype html", "html", "head", "body", "meta", "table", "p>",     "p ", "div",
        "title",         "!--",  "span", "h1",   "h2",   "font",  "center", NULL};
    size_t i = 0;

    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '<')
        return 0;
    i++;
    for (int k = 0; tags[k]; k++) {
        size_t len = strlen(tags[k]);
        if (i + len <= n && !strncasecmp(s + i, tags[k], len))
            return 1;
    }
    return 0;
}

int
nb_html_charset(const char *s, size_t n, char *name, size_t size)
{
    size_t lim = n < 4096 ? n : 4096;

    for (size_t i = 0; i + 8 < lim; i++) {
        size_t k, j = 0;

        if (strncasecmp(s + i, "charset", 7))
            continue;
        k = i + 7;
        while (k < lim && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k >= lim || s[k] != '=')
            continue;
        k++;
        while (k < lim && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
            k++;
        while (k < lim && j + 1 < size &&
               (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_'))
            name[j++] = s[k++];
        name[j] = '\0';
        if (j > 0)
            return 1;
    }
    return 0;
}

/* The <meta name=…> keys kept as evidence (DESIGN 2.1), as sites spell them. */
static const char *const meta_names[] = {"SiteName",      "SiteDomain", "SiteIDCode",
                                         "ArticleTitle",  "ColumnName", "PubDate",
                                         "ContentSource", NULL};

/* Set meta[key] to s trimmed, white space runs as one space, at most
 * MAX_META bytes cut at a character; the first value found wins and an
 * empty one is no value.  Returns 0, or -1 when out of memory. */
static int
meta_set(json_t *meta, const char *key, const char *s)
{
    char buf[MAX_META + 1];
    size_t o = 0;
    int space = 0;

    if (!s || json_object_get(meta, key))
        return 0;
    for (; *s && o < MAX_META; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
            space = o > 0;
            continue;
        }
        if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* NBSP */
            s++;
            space = o > 0;
            continue;
        }
        if (space && o + 1 < MAX_META)
            buf[o++] = ' ';
        space = 0;
        buf[o++] = (char)c;
    }
    if (((unsigned char)*s & 0xC0) == 0x80) {
        /* the limit cut a character: drop its first bytes */
        while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0)
            o--;
    }
    if (o == 0)
        return 0;
    return json_object_set_new(meta, key, nb_json_string_lossless(buf, o));
}

/* The URL of a "<!-- saved from url=(0053)http://… -->" comment. */
static int
meta_saved_from(json_t *meta, const char *c)
{
    const char *p = c ? strstr(c, "saved from url=") : NULL;
    char url[MAX_META + 1];
    size_t n = 0;

    if (!p)
        return 0;
    p += strlen("saved from url=");
    if (*p == '(') {
        const char *e = strchr(p, ')');
        if (!e)
            return 0;
        p = e + 1;
    }
    while (p[n] && !isspace((unsigned char)p[n]) && n < MAX_META)
        n++;
    memcpy(url, p, n);
    url[n] = '\0';
    return strncasecmp(url, "http", 4) ? 0 : meta_set(meta, "url", url);
}

static int
meta_attr(json_t *meta, const char *key, const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int rc = meta_set(meta, key, (const char *)v);
    xmlFree(v);
    return rc;
}

/* The element n's own evidence: <title>, <meta name|property>, <link rel=canonical>. */
static int
meta_element(json_t *meta, const xmlNode *n)
{
    int rc = 0;

    if (name_is(n, "title")) {
        xmlChar *t = xmlNodeGetContent(n);
        rc = meta_set(meta, "title", (const char *)t);
        xmlFree(t);
    } else if (name_is(n, "meta")) {
        xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
        xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
        for (int k = 0; name && meta_names[k]; k++)
            if (!strcasecmp((const char *)name, meta_names[k]))
                rc = meta_attr(meta, meta_names[k], n, "content");
        if (prop && !strcasecmp((const char *)prop, "og:url"))
            rc = meta_attr(meta, "url.og", n, "content");
        xmlFree(name);
        xmlFree(prop);
    } else if (name_is(n, "link")) {
        xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
        if (rel && !strcasecmp((const char *)rel, "canonical"))
            rc = meta_attr(meta, "url.canonical", n, "href");
        xmlFree(rel);
    }
    return rc;
}

/* Walk the tree for the page's evidence about itself (DESIGN 2.1 meta),
 * to MAX_DEPTH levels. */
static int
collect_meta(json_t *meta, const xmlNode *n, int depth)
{
    int rc = 0;

    for (; n && !rc; n = n->next) {
        if (n->type == XML_COMMENT_NODE)
            rc = meta_saved_from(meta, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE) {
            rc = meta_element(meta, n);
            /* a page's evidence sits near the top: deeper is not looked at,
             * so a hostile nesting cannot exhaust the stack */
            if (!rc && depth < MAX_DEPTH && !name_is(n, "script") && !name_is(n, "style"))
                rc = collect_meta(meta, n->children, depth + 1);
        }
    }
    return rc;
}

/* One url: the saved-from comment (what the crawler fetched), else the
 * canonical link, else og:url. */
static int
meta_url(json_t *meta)
{
    static const char *const order[] = {"url.canonical", "url.og", NULL};
    int rc = 0;

    for (int k = 0; order[k]; k++) {
        json_t *v = json_object_get(meta, order[k]);
        if (v && !json_object_get(meta, "url"))
            rc |= json_object_set(meta, "url", v);
        json_object_del(meta, order[k]);
    }
    return rc;
}

int
nb_html_meta(json_t *meta, const xmlDoc *doc)
{
    if (collect_meta(meta, doc->children, 0) < 0 || meta_url(meta) < 0)
        return -1;
    return 0;
}
