/*
 * xlsx.h - the tables of one aggregate run as an .xlsx workbook (--xlsx):
 * one sheet per table, read from the table's CSV as aggregate writes it
 * with Chinese labels, text keys as text and every other cell that is a
 * number as a number; a frozen header row, an autofilter, column widths;
 * and native column charts on chart sheets.
 */
#ifndef AGG_XLSX_H
#define AGG_XLSX_H

#include <stddef.h>
#include <time.h>

#include "nb.h"

typedef struct agg_xlsx agg_xlsx;

/* A new workbook at path (written by agg_xlsx_close).  NULL with err. */
agg_xlsx *agg_xlsx_open(const char *path, nb_error *err);

/*
 * The workbook's creation time (docProps/core.xml, its only byte that
 * changes from run to run): SOURCE_DATE_EPOCH when it is set, the
 * reproducible-builds convention, so that a night's workbook is the same
 * bytes when its records are; else the time of the run (*t = 0).  A
 * malformed value is an error, as the convention asks.  0 or -1.
 * aggregate checks it before reading the input, agg_xlsx_open again.
 */
int agg_xlsx_source_date(time_t *t, nb_error *err);

/*
 * A sheet named name (cut to Excel's 31 characters, []:*?/\ replaced, and
 * numbered when a sheet has that name already; the name given is written
 * to sname) from csv[0..n): a header row and rows.  The first nkeys columns are text
 * (names, codes, doc ids), except column year_col (-1: none), a number.
 * A text cell that aggregate neutralised with a leading ' is shown as the
 * text it stood for (a workbook cell written as text is never a formula).
 * Returns the number of data rows, or -1 with err.
 */
long agg_xlsx_sheet(agg_xlsx *x, const char *name, const char *csv, size_t n, int nkeys,
                    int year_col, char sname[128], nb_error *err);

/* A chart sheet named name (as agg_xlsx_sheet names it): a column chart
 * of column col of the sheet named sheet (as it was given) over
 * its rows 1..nrows, labelled by column 0, titled title.  Returns 0 or -1
 * with err. */
int agg_xlsx_chart(agg_xlsx *x, const char *name, const char *sheet, long nrows, int col,
                   const char *title, nb_error *err);

/* Write the file and free x.  Returns 0 or -1 with err. */
int agg_xlsx_close(agg_xlsx *x, nb_error *err);

#endif
