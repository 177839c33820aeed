/*
 * margins.c - running headers, footers and page numbers of a laid-out
 * document (nb_layout_margins): lines of one cell in a page's top or
 * bottom margin that read as a page number, or whose text without digits
 * recurs in the margins of most pages, are dropped, so that a table
 * continued over a page break reads as one.
 */
#include "layout_private.h"

#include <string.h>

/* "- 3 -", "第 3 页", "第3页 共6页", "3/6", "3": a page number. */
static int
page_number(const char *s, size_t n)
{
    int digits = 0;

    for (size_t i = 0; i < n;) {
        int c = lo_next_cp(s, n, &i);

        if (c >= '0' && c <= '9')
            digits++;
        else if (!(lo_is_space(c) || nb_uc_is_dash(c) || c == 0x2500 || c == 0x7B2C ||
                   c == 0x9875 || c == 0x5171 || c == '/' || c == '.' || c == 0xB7 || c == '(' ||
                   c == ')' || c == 0xFF08 || c == 0xFF09))
            return 0; /* 第 页 共, dashes, brackets */
    }
    return digits > 0 && digits <= 8;
}

/* The line's text with ASCII digits and spaces removed, into key.
 * Returns 0, or -1 when out of memory (key then matches nothing). */
static int
margin_key(const char *s, size_t n, nb_buf *key)
{
    key->n = 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != ' ' && s[i] != '\t' &&
            nb_buf_addc(key, s[i]) < 0) {
            key->n = 0;
            return -1;
        }
    return 0;
}

static int
in_margin(const nb_line *l, const float *height, int pages, float margin)
{
    float h = l->page >= 0 && l->page < pages ? height[l->page] : 0;

    return h > 0 && l->cells == 1 && (l->bottom < margin * h || l->top > (1 - margin) * h);
}

/* On how many distinct pages a margin line with l's key appears. */
static int
recurs(const nb_layout *lo, size_t i, const float *height, int pages, float margin, nb_buf *k1,
       nb_buf *k2)
{
    int count = 0, last = -1;

    if (margin_key(lo->text.p + lo->line[i].off, lo->line[i].len, k1) < 0 || k1->n == 0)
        return 0;
    for (size_t j = 0; j < lo->n; j++) {
        const nb_line *l = &lo->line[j];

        if (l->page == last || !in_margin(l, height, pages, margin))
            continue;
        if (margin_key(lo->text.p + l->off, l->len, k2) < 0)
            return 0;
        if (k2->n == k1->n && !memcmp(k1->p, k2->p, k1->n)) {
            count++;
            last = l->page;
        }
    }
    return count;
}

size_t
nb_layout_margins(nb_layout *lo, const float *height, int pages, float margin)
{
    nb_buf k1 = {0}, k2 = {0};
    size_t marked = 0;

    for (size_t i = 0; i < lo->n; i++) {
        nb_line *l = &lo->line[i];
        int n;

        if (!in_margin(l, height, pages, margin))
            continue;
        if (page_number(lo->text.p + l->off, l->len))
            l->dropped = 1;
        else if (pages >= 2 && (n = recurs(lo, i, height, pages, margin, &k1, &k2)) >= 2 &&
                 2 * n >= pages)
            l->dropped = 1;
        marked += (size_t)l->dropped;
    }
    nb_buf_fini(&k1);
    nb_buf_fini(&k2);
    return marked;
}
