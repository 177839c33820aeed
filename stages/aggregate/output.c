/*
 * output.c - aggregate's outputs: each table's options checked and its CSV
 * written, the side files, --stats, --xlsx and --verbose.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "nb.h"
#include "schema.h"
#include "stage.h"
#include "xlsx.h"

static int
nomem(void)
{
    fprintf(stderr, "%s: out of memory\n", nb_getprogname());
    return -1;
}

/* Mark the slots matched by a comma list of globs.  Returns how many. */
static int
select_slots(unsigned char *sel, const char *patterns, int rates)
{
    char *copy = strdup(patterns), *save = NULL, *p;
    int n = 0;

    if (!copy)
        return 0;
    for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
        for (int s = 0; s < (rates ? agg_nslots() : (int)nb_nmetrics); s++)
            if (!sel[s] && fnmatch(p, agg_slot_id(s), 0) == 0)
                sel[s] = 1, n++;
    free(copy);
    return n;
}

/* A file to write, with a buffer of OUT_BUF: stdio's own is st_blksize,
 * a page, and a conflicts list of 700 MB took 180,000 write calls.  The
 * buffers of the files open are kept here, to free when each is closed
 * (agg_close_file); a file past MAX_OPEN keeps stdio's buffer. */
#define OUT_BUF  (256u << 10)
#define MAX_OPEN 64

static struct {
    FILE *f;
    char *buf;
} open_bufs[MAX_OPEN];

static FILE *
open_out(const char *path)
{
    FILE *f = fopen(path, "w");

    for (int i = 0; f && i < MAX_OPEN; i++)
        if (!open_bufs[i].f) {
            if ((open_bufs[i].buf = nb_cli_buffer(f, OUT_BUF)))
                open_bufs[i].f = f;
            break;
        }
    return f;
}

FILE *
agg_side_file(const char *path, agg_csv *w, const char *null, int bom, int zh,
              const char *const *cols, const char *const *zhcols, int ncols)
{
    FILE *f = open_out(path);

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, strerror(errno));
        return NULL;
    }
    agg_csv_init(w, f, null);
    if (bom)
        agg_csv_bom(w);
    for (int i = 0; i < ncols; i++)
        agg_csv_name(w, zh ? zhcols[i] : cols[i]);
    agg_csv_end(w);
    return f;
}

int
agg_close_file(FILE *f, const char *name, int err)
{
    int rc = nb_cli_close(f, f == stdout ? NULL : name, err, stderr) ? -1 : 0;

    for (int i = 0; i < MAX_OPEN; i++)
        if (open_bufs[i].f == f) {
            free(open_bufs[i].buf);
            open_bufs[i].f = NULL;
            open_bufs[i].buf = NULL;
        }
    return rc;
}

/* Parse --by into t->keys.  Returns 0, or 2 after a usage message. */
static int
parse_by(agg_table *t)
{
    char *copy, *save = NULL, *p;

    t->nkeys = 0;
    if (!t->by)
        return 0;
    if (!(copy = strdup(t->by)))
        return nomem(), 2;
    for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        int k = agg_key_find(p);

        for (int i = 0; i < t->nkeys && k >= 0; i++)
            k = t->keys[i] == k ? -1 : k;
        if (k < 0) {
            int rc = nb_cli_usage(stderr, "unknown or repeated key", p);

            free(copy); /* p points into copy */
            return rc;
        }
        t->keys[t->nkeys++] = k;
    }
    free(copy);
    return 0;
}

int
agg_table_open(agg_table *t)
{
    int rc = parse_by(t);

    if (rc)
        return rc;
    if (select_slots(t->sel, t->metrics, t->view.rates) == 0)
        return nb_cli_usage(stderr, "--metrics selects no metric", t->metrics);
    t->view.sel = t->sel;
    if (t->hidden) {
        t->f = NULL;
    } else if (!t->path || !strcmp(t->path, "-")) {
        t->f = stdout;
    } else if (!(t->f = open_out(t->path))) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), t->path, strerror(errno));
        return 2;
    }
    return 0;
}

int
agg_table_write(agg_table *t, agg_rollup *r, const char *null, int bom)
{
    size_t ngroups = 0;
    agg_group **sorted = agg_rollup_sorted(r, &ngroups);
    agg_csv out;

    if (!sorted && agg_rollup_ngroups(r) > 0)
        return nomem();
    if (t->hidden) {
        free(sorted);
        return 0;
    }
    agg_csv_init(&out, t->f, null);
    if (bom)
        agg_csv_bom(&out);
    if (t->longf)
        agg_write_long(&out, r, sorted, ngroups, &t->view);
    else
        agg_write_wide(&out, r, sorted, ngroups, &t->view);
    free(sorted);
    return agg_close_file(t->f, t->f == stdout ? "standard output" : t->path, out.err);
}

/* --stats: the counts of the run, one "name value" line each, for
 * nianbao's summary. */
int
agg_write_stats(const agg_stage *x, const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, strerror(errno));
        return -1;
    }
    fprintf(f,
            "records %ld\nreports %ld\nduplicates %ld\nfailing %ld\nerrors %ld\nmalformed "
            "%ld\nconflicts %ld\nunplaced %ld\nrepeated %ld\n",
            x->records, x->counted, x->duplicates, x->failing, x->upstream, x->malformed,
            x->conflicting, x->unplaced, x->repeated);
    return agg_close_file(f, path, 0);
}

static int
select_count(const agg_table *t)
{
    int n = 0;

    for (int s = 0; s < agg_nslots(); s++)
        n += t->sel[s] != 0;
    return n;
}

/* One sheet of --xlsx: table t with Chinese labels, nulls empty.  Returns
 * its number of rows, or -1 after a message. */
static long
xlsx_sheet(agg_xlsx *wb, agg_table *t, agg_rollup *r, char sname[128])
{
    size_t ngroups = 0, n = 0;
    agg_group **sorted = agg_rollup_sorted(r, &ngroups);
    agg_view view = t->view;
    char *buf = NULL, name[256];
    FILE *m = open_memstream(&buf, &n);
    nb_error err = {0};
    agg_csv w;
    int year_col = -1;
    long rows;

    sname[0] = '\0';

    if (!m || (!sorted && agg_rollup_ngroups(r) > 0)) {
        if (m)
            fclose(m);
        free(buf);
        free(sorted);
        return nomem();
    }
    if ((t->longf ? ngroups * (size_t)select_count(t) : ngroups) >= 1048576) {
        /* Excel's limit: a sheet cut short would lose numbers silently */
        fprintf(stderr, "%s: --xlsx: %s has more rows than a sheet holds; it is only in CSV\n",
                nb_getprogname(), t->path ? t->path : "the table");
        fclose(m);
        free(buf);
        free(sorted);
        return 0;
    }
    view.zh = 1;
    agg_csv_init(&w, m, "");
    if (t->longf)
        agg_write_long(&w, r, sorted, ngroups, &view);
    else
        agg_write_wide(&w, r, sorted, ngroups, &view);
    free(sorted);
    if (fclose(m) == EOF || w.err) {
        free(buf);
        return nomem();
    }
    for (int i = 0; i < t->nkeys; i++)
        year_col = t->keys[i] == AGG_K_YEAR ? i : year_col;
    {
        const char *base = t->hidden                           ? t->path
                           : !t->path || !strcmp(t->path, "-") ? "table"
                                                               : t->path;
        const char *slash = strrchr(base, '/');
        char *dot;

        snprintf(name, sizeof name, "%s", slash ? slash + 1 : base);
        if ((dot = strrchr(name, '.')) && dot != name)
            *dot = '\0';
    }
    rows = agg_xlsx_sheet(wb, name, buf, n, t->nkeys, year_col, sname, &err);
    if (rows < 0)
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
    free(buf);
    return rows;
}

/* --xlsx: every table a sheet, and the charts of the hidden table by
 * province (applications received, administrative reconsiderations). */
int
agg_write_xlsx(agg_stage *x, const char *path)
{
    nb_error err = {0};
    agg_xlsx *wb = agg_xlsx_open(path, &err);
    long rows = 0;
    int rc = 0;
    char sname[128], chart_sheet[128] = "";

    if (!wb) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        return -1;
    }
    for (int i = 0; i < x->nt && rc == 0; i++) {
        long k = xlsx_sheet(wb, &x->t[i], x->t[i].r, sname);

        if (k < 0)
            rc = -1;
        if (x->t[i].hidden) {
            rows = k;
            memcpy(chart_sheet, sname, sizeof chart_sheet);
        }
    }
    /* the hidden table's columns: province, 4 counters, t3.new.total,
     * t4.review.total */
    if (rc == 0 && x->t[x->nt - 1].hidden &&
        (agg_xlsx_chart(wb, "新收申请", chart_sheet, rows, 5,
                        "本年新收政府信息公开申请数量（按省份）", &err) < 0 ||
         agg_xlsx_chart(wb, "行政复议", chart_sheet, rows, 6, "行政复议总计（按省份）", &err) <
             0)) {
        fprintf(stderr, "%s: %s\n", nb_getprogname(), err.text);
        rc = -1;
    }
    if (agg_xlsx_close(wb, &err) < 0) {
        fprintf(stderr, "%s: %s: %s\n", nb_getprogname(), path, err.text);
        rc = -1;
    }
    return rc;
}

void
agg_summary(const agg_stage *x)
{
    fprintf(stderr,
            "%s: %ld records: %ld reports counted, %ld duplicate copies not counted, %ld "
            "reports failing a rule, %ld upstream errors, %ld malformed; %ld numbers on which "
            "copies differ\n",
            nb_getprogname(), x->records, x->counted, x->duplicates, x->failing, x->upstream,
            x->malformed, x->conflicting);
}
