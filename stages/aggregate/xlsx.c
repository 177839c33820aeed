/* xlsx.c - the tables as an .xlsx workbook with libxlsxwriter. */
#include "xlsx.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "csvout.h"
#include "uchar.h"

#define MAXCOLS 4096

struct agg_xlsx {
    lxw_workbook *wb;
    lxw_format *head;
};

int
agg_xlsx_source_date(time_t *t, nb_error *err)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long k;

    *t = 0;
    if (!s)
        return 0;
    errno = 0;
    k = strtoll(s, &end, 10);
    /* 253402300799: 9999-12-31T23:59:59Z, the last time core.xml holds;
     * libxlsxwriter reads 0 as "now", so 0 is refused too */
    if (*s < '0' || *s > '9' || *end || errno || k < 1 || k > 253402300799LL)
        return nb_fail(err, NB_E_USAGE,
                       "SOURCE_DATE_EPOCH=%s: not a number of seconds since 1970 (1 to "
                       "253402300799)",
                       s);
    *t = (time_t)k;
    return 0;
}

agg_xlsx *
agg_xlsx_open(const char *path, nb_error *err)
{
    agg_xlsx *x;
    time_t created;

    if (agg_xlsx_source_date(&created, err) < 0)
        return NULL;
    if (!(x = calloc(1, sizeof *x))) {
        nb_fail(err, NB_E_NOMEM, "out of memory");
        return NULL;
    }
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};

    /* constant memory: rows go to a temporary file as they are written
     * (in order), so a sheet of 20,000 reports x 250 metrics does not
     * sit in memory */
    if (!(x->wb = workbook_new_opt(path, &opt))) {
        free(x);
        nb_fail(err, NB_E_IO, "%s: cannot create the workbook", path);
        return NULL;
    }
    if (created) {
        lxw_doc_properties p = {.created = created};

        if (workbook_set_properties(x->wb, &p) != LXW_NO_ERROR) {
            nb_error ignored = {0}; /* out of memory says it all */

            agg_xlsx_close(x, &ignored);
            nb_fail(err, NB_E_NOMEM, "out of memory");
            return NULL;
        }
    }
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_text_wrap(x->head);
    return x;
}

/* The state of one sheet being filled by libcsv's callbacks. */
typedef struct fill {
    lxw_worksheet *ws;
    lxw_format *head;
    int nkeys, year_col, col, ncols;
    long row;
    double width[MAXCOLS];
    int err;
} fill;

/* A cell as a number: what aggregate prints for sums, counts and ratios. */
static int
as_number(const char *s, double *d)
{
    int64_t micro;

    if (agg_parse_fixed(s, &micro) < 0)
        return 0;
    *d = (double)micro / (double)NB_MICRO;
    return 1;
}

/* Display width of UTF-8 s: a CJK character counts two. */
static double
text_width(const char *s)
{
    double w = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w += (unsigned char)*s >= 0xE0 ? 2 : 1;
    return w;
}

static void
cb_field(void *data, size_t len, void *ctx)
{
    fill *f = ctx;
    const char *s = data ? data : "";
    double d, w;
    lxw_error e = LXW_NO_ERROR;

    (void)len;
    if (f->col >= MAXCOLS) {
        f->err = 1;
        return;
    }
    if (f->row == 0)
        e = worksheet_write_string(f->ws, 0, (lxw_col_t)f->col, s, f->head);
    else if (!*s)
        ; /* a null stays an empty cell */
    else if ((f->col >= f->nkeys || f->col == f->year_col) && as_number(s, &d))
        e = worksheet_write_number(f->ws, (lxw_row_t)f->row, (lxw_col_t)f->col, d, NULL);
    else
        e = worksheet_write_string(f->ws, (lxw_row_t)f->row, (lxw_col_t)f->col,
                                   agg_csv_unneutralise(s), NULL);
    if (e != LXW_NO_ERROR)
        f->err = 1;
    w = text_width(s);
    if (f->row == 0 && w > 24)
        w = 24; /* long headers wrap */
    if (w > f->width[f->col])
        f->width[f->col] = w;
    f->col++;
}

static void
cb_row(int c, void *ctx)
{
    fill *f = ctx;

    (void)c;
    if (f->col > f->ncols)
        f->ncols = f->col;
    f->col = 0;
    f->row++;
}

/* A sheet name Excel takes and no sheet of x has yet: name in at most 31
 * characters, none of []:*?/\ and no byte that is not UTF-8 (each an _),
 * then " (2)", " (3)"... in place of its end while one is taken (two
 * tables -o a/r.csv -o b/r.csv, or a table named as a chart sheet).  out
 * has room for 31 characters of 4 bytes. */
static void
sheet_name(agg_xlsx *x, char out[128], const char *name)
{
    char tail[16] = "";
    size_t n = strlen(name);

    for (int no = 2; no < 100000; no++) {
        size_t k = 0, room = 31 - strlen(tail);

        for (size_t i = 0, len; i < n && room > 0; i += len ? len : 1, room--) {
            int32_t cp;

            len = nb_utf8_decode(name + i, n - i, &cp);
            if (!len || strchr("[]:*?/\\", name[i]))
                out[k++] = '_';
            else
                memcpy(out + k, name + i, len), k += len;
        }
        memcpy(out + k, tail, strlen(tail) + 1);
        if (workbook_validate_sheet_name(x->wb, out) != LXW_ERROR_SHEETNAME_ALREADY_USED)
            return;
        snprintf(tail, sizeof tail, " (%d)", no);
    }
}

long
agg_xlsx_sheet(agg_xlsx *x, const char *name, const char *csv, size_t n, int nkeys, int year_col,
               char sname[128], nb_error *err)
{
    struct csv_parser p;
    fill *f = calloc(1, sizeof *f);

    if (!f)
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    sheet_name(x, sname, name);
    f->ws = workbook_add_worksheet(x->wb, sname);
    f->head = x->head;
    f->nkeys = nkeys;
    f->year_col = year_col;
    if (!f->ws || agg_csv_parser_init(&p) < 0) {
        free(f);
        return nb_fail(err, NB_E_NOMEM, "%s: cannot add the sheet", sname);
    }
    if (n >= 3 && !memcmp(csv, "\xef\xbb\xbf", 3)) /* a --bom */
        csv += 3, n -= 3;
    if (csv_parse(&p, csv, n, cb_field, cb_row, f) != n || csv_fini(&p, cb_field, cb_row, f) != 0)
        f->err = 1;
    csv_free(&p);
    if (!f->err && f->row > 0) {
        worksheet_freeze_panes(f->ws, 1, 0);
        worksheet_autofilter(f->ws, 0, 0, (lxw_row_t)(f->row - 1), (lxw_col_t)(f->ncols - 1));
        for (int c = 0; c < f->ncols; c++)
            worksheet_set_column(f->ws, (lxw_col_t)c, (lxw_col_t)c, f->width[c] + 2, NULL);
    }
    long rows = f->err ? -1 : f->row - 1;

    free(f);
    if (rows < 0)
        return nb_fail(err, NB_E_RECORD, "%s: the table could not be written to the sheet", sname);
    return rows;
}

int
agg_xlsx_chart(agg_xlsx *x, const char *name, const char *sheet, long nrows, int col,
               const char *title, nb_error *err)
{
    char cname[128];
    lxw_chartsheet *cs;
    lxw_chart *chart;
    lxw_chart_series *s;

    if (nrows <= 0)
        return 0;
    sheet_name(x, cname, name);
    if (!(cs = workbook_add_chartsheet(x->wb, cname)) ||
        !(chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN)) ||
        !(s = chart_add_series(chart, NULL, NULL)))
        return nb_fail(err, NB_E_NOMEM, "%s: cannot add the chart", cname);
    chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)nrows, 0);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)col, (lxw_row_t)nrows, (lxw_col_t)col);
    chart_series_set_name(s, title);
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    if (chartsheet_set_chart(cs, chart) != LXW_NO_ERROR)
        return nb_fail(err, NB_E_NOMEM, "%s: cannot add the chart", cname);
    return 0;
}

int
agg_xlsx_close(agg_xlsx *x, nb_error *err)
{
    lxw_error e = workbook_close(x->wb);

    free(x);
    if (e != LXW_NO_ERROR)
        return nb_fail(err, NB_E_IO, "workbook: %s", lxw_strerror(e));
    return 0;
}
