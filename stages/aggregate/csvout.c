/* csvout.c - CSV cells: quoting, neutralising, fixed-point numbers. */
#include "csvout.h"

#include <csv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void
agg_csv_init(agg_csv *w, FILE *f, const char *null)
{
    w->f = f;
    w->null = null ? null : "";
    w->ncells = 0;
    w->err = 0;
}

void
agg_csv_bom(agg_csv *w)
{
    if (fputs("\xef\xbb\xbf", w->f) == EOF)
        w->err = 1;
}

static void
sep(agg_csv *w)
{
    if (w->ncells++ > 0 && putc_unlocked(',', w->f) == EOF)
        w->err = 1;
}

/* Plain bytes, or a quoted field (libcsv doubles the quotes) when the
 * bytes hold a separator, a quote or a line break.  Numbers never need it,
 * which keeps them readable by tools that do not parse quotes (datamash). */
static void
field(agg_csv *w, const char *prefix, const char *s)
{
    size_t n = strlen(s);

    if (strpbrk(s, ",\"\r\n")) {
        char *tmp = NULL;
        const char *p = s;

        if (*prefix) {
            size_t pn = strlen(prefix);

            tmp = malloc(pn + n + 1);
            if (!tmp) {
                w->err = 1;
                return;
            }
            memcpy(tmp, prefix, pn);
            memcpy(tmp + pn, s, n + 1);
            p = tmp;
            n += pn;
        }
        if (csv_fwrite(w->f, p, n) != 0)
            w->err = 1;
        free(tmp);
        return;
    }
    if ((*prefix && fputs_unlocked(prefix, w->f) == EOF) || fwrite_unlocked(s, 1, n, w->f) != n)
        w->err = 1;
}

int
agg_csv_formula_like(const char *s)
{
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r' ||
                 *s == '\'');
}

const char *
agg_csv_unneutralise(const char *s)
{
    return *s == '\'' ? s + 1 : s;
}

void
agg_csv_text(agg_csv *w, const char *s)
{
    if (!s) {
        agg_csv_null(w);
        return;
    }
    sep(w);
    field(w, agg_csv_formula_like(s) ? "'" : "", s);
}

void
agg_csv_name(agg_csv *w, const char *s)
{
    sep(w);
    field(w, "", s);
}

void
agg_csv_null(agg_csv *w)
{
    sep(w);
    field(w, "", w->null);
}

void
agg_csv_int(agg_csv *w, int64_t v)
{
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

    /* by hand: the long table prints millions of counts, and fprintf
     * costs more than the rest of the row */
    sep(w);
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    if (fwrite_unlocked(p, 1, (size_t)(buf + sizeof buf - p), w->f) !=
        (size_t)(buf + sizeof buf - p))
        w->err = 1;
}

void
agg_csv_fixed(agg_csv *w, int64_t micro)
{
    char buf[AGG_NUMBUF];

    sep(w);
    if (fputs_unlocked(nb_micro_format(micro, buf), w->f) == EOF)
        w->err = 1;
}

void
agg_csv_end(agg_csv *w)
{
    if (putc_unlocked('\n', w->f) == EOF)
        w->err = 1;
    w->ncells = 0;
}

static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int
agg_csv_parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_APPEND_NULL) != 0)
        return -1;
    csv_set_space_func(p, no_space);
    return 0;
}

int
agg_parse_fixed(const char *s, int64_t *micro)
{
    int neg = 0, nd = 0;
    uint64_t ip = 0, fp = 0, lim;

    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (ip > (UINT64_MAX - 9) / 10)
            return -1;
        ip = ip * 10 + (uint64_t)(*s - '0');
    }
    if (*s == '.') {
        s++;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (++nd > 6)
                return -1;
            fp = fp * 10 + (uint64_t)(*s - '0');
        }
        if (nd == 0)
            return -1;
        for (int k = nd; k < 6; k++)
            fp *= 10;
    }
    if (*s)
        return -1;
    lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (ip > (lim - fp) / NB_MICRO)
        return -1;
    ip = ip * NB_MICRO + fp;
    *micro = neg ? (int64_t)((uint64_t)0 - ip) : (int64_t)ip;
    return 0;
}

char *
agg_fmt_ratio(char *buf, int64_t num, int64_t den)
{
    __int128 n = num, d = den, q, r;
    int neg;

    if (den == 0)
        return NULL;
    neg = (n < 0) != (d < 0);
    if (n < 0)
        n = -n;
    if (d < 0)
        d = -d;
    n *= NB_MICRO;
    q = n / d;
    r = n % d;
    if (2 * r >= d)
        q++;
    {
        uint64_t ip = (uint64_t)(q / NB_MICRO), fp = (uint64_t)(q % NB_MICRO);

        snprintf(buf, AGG_NUMBUF, "%s%" PRIu64 ".%06" PRIu64, neg && q ? "-" : "", ip, fp);
    }
    return buf;
}
