/*
 * fuzz_tabulate.c - tabulate's work on one document (tokenize, recognize,
 * identify, derive, check, write the record) over any UTF-8 body: it ends
 * (the work budget: no hang), and writes exactly one record that is one
 * line of JSON, an object with the doc, no larger than a multiple of the
 * body; and reading only the lines of the tables' regions (tb_recognize_lines,
 * what the stage does) gives the same tables as reading every line.
 *
 * NB_FUZZ_BUDGET_DIVISOR=K (scripts/fuzz's long runs) divides both work
 * budgets of each document by K: a unit that spends the whole budget
 * takes seconds even at -O2, so a long run would spend its hour on a few
 * such units; what it checks is that every loop is charged to a budget
 * (an uncharged one still times out), not how large the budgets are.
 * The smoke test leaves it unset: the budgets are tabulate's own.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fuzz.h"
#include "identity.h"
#include "recognize.h"
#include "report.h"
#include "rules.h"
#include "stream.h"

static long budget_divisor = 1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *k = getenv("NB_FUZZ_BUDGET_DIVISOR");

    (void)argc;
    (void)argv;
    if (k && atol(k) > 1)
        budget_divisor = atol(k);
    return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static tb_doc d, fast;
    static tb_check checks[1024];
    static nb_buf out;
    static int ready;
    static const tb_record_opts ro = {1, 1};
    const char *s = (const char *)data;
    tb_identity id;
    json_error_t jerr;
    json_t *rec;
    int n;

    if (!ready) {
        INVARIANT(tb_recognize_init() == 0 && tb_rules_init() == 0);
        ready = 1;
    }
    /* what normalize hands tabulate: UTF-8 lines, no NUL, no 0x1E */
    if (!nb_utf8_valid(s, size) || memchr(s, '\0', size) || memchr(s, NB_RS, size))
        return 0;
    tb_doc_reset(&d);
    INVARIANT(nb_buf_add(&d.body, s, size) == 0);
    if (size == 0 || s[size - 1] != '\n')
        INVARIANT(nb_buf_addc(&d.body, '\n') == 0);
    INVARIANT(tb_tokenize(&d) == 0); /* which sets the budgets from the body's size */
    d.work_budget /= budget_divisor;
    d.split_budget /= budget_divisor;
    tb_recognize(&d);
    INVARIANT(d.work_budget >= 0);
    /* tabulate's own way, reading only the regions' lines: the same tables */
    tb_doc_reset(&fast);
    INVARIANT(nb_buf_add(&fast.body, d.body.p, d.body.n) == 0);
    INVARIANT(tb_lines(&fast) == 0);
    fast.work_budget /= budget_divisor;
    fast.split_budget /= budget_divisor;
    INVARIANT(tb_recognize_lines(&fast) == 0);
    INVARIANT(tb_same_tables(&d, &fast));
    tb_identify(&d, "f", NULL, &id);
    tb_derive(&d);
    n = tb_check_rules(&d, checks, 1024);
    INVARIANT(n >= 0 && n <= 1024);
    out.n = 0;
    INVARIANT(tb_record_write(&out, "\"f\"", &d, &id, NULL, NULL, checks, n, &ro) == 0);
    INVARIANT(out.n > 0 && out.p[out.n - 1] == '\n');
    INVARIANT(memchr(out.p, '\n', out.n) == out.p + out.n - 1); /* one line */
    INVARIANT(out.n <= 65536 + size * FUZZ_GROWTH);
    rec = json_loadb(out.p, out.n, 0, &jerr);
    if (!rec)
        fprintf(stderr, "not JSON: %s\n%.*s", jerr.text, (int)out.n, out.p);
    INVARIANT(json_is_object(rec));
    INVARIANT(json_is_string(json_object_get(rec, "doc")));
    json_decref(rec);
    return 0;
}
