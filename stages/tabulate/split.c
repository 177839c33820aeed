/*
 * split.c - enumerate the readings of glued or space-split digit runs.
 *
 * A depth-first search over the tokens: an atomic token is one number, or
 * is joined with the next; a glued token is cut into 1..k numbers.  The
 * search stops as soon as a second reading satisfies the rule (the row
 * is then ambiguous) or when its budget runs out.  t4 readings are
 * checked block by block as they grow, which keeps 15-slot rows cheap.
 */
#include "split.h"

#include <string.h>

#define MAXT   64
#define BUDGET 2000000L /* steps per search, within the document's d->split_budget */

typedef struct search {
    const char *s[MAXT];
    size_t n[MAXT];
    int glued[MAXT], join[MAXT], dot[MAXT], neg[MAXT];
    size_t rest[MAXT + 1]; /* characters of the tokens after the k-th, as slots can use them */
    int nt, S, rule;
    int64_t cur[16];
    int64_t (*sol)[16]; /* room for maxsol readings */
    int nsol, maxsol;
    long budget, start;
    long *pool; /* the document's budget, shared by all its searches */
} search;

/* The value of digits s[0..n) in millionths; -1 when not a valid part. */
static int64_t
part(const char *s, size_t n, int dot)
{
    int64_t v = 0;

    if (n == 0 || n > 12 || (n > 1 && s[0] == '0' && !dot))
        return -1;
    if (dot) {
        int64_t ip = 0, fp = 0;
        size_t i = 0;
        int nf = 0;
        while (i < n && s[i] != '.')
            ip = ip * 10 + (s[i++] - '0');
        for (i++; i < n; i++, nf++) {
            if (nf >= 6)
                return -1;
            fp = fp * 10 + (s[i] - '0');
        }
        while (nf++ < 6)
            fp *= 10;
        return ip * 1000000 + fp;
    }
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v * 1000000;
}

/* part() of the len characters at pos of token ti, negative for the first
 * part of a token signed 减 (the change column's sign, SCHEMA 7.3). */
static int
token_part(const search *p, int ti, size_t pos, size_t len, int64_t *v)
{
    int64_t x = part(p->s[ti] + pos, len, p->dot[ti]);

    if (x < 0)
        return 0;
    *v = pos == 0 && p->neg[ti] ? -x : x;
    return 1;
}

/* 1 when the values so far do not break the rule. */
static int
partial_ok(const search *p, int slots)
{
    if (p->rule == TB_RULE_T4 && slots % 5 == 0 && slots > 0) {
        const int64_t *b = p->cur + slots - 5;
        return b[4] == b[0] + b[1] + b[2] + b[3];
    }
    if (p->rule == TB_RULE_T3ROW && slots == 7) {
        const int64_t *b = p->cur;
        return b[6] == b[0] + b[1] + b[2] + b[3] + b[4] + b[5];
    }
    return 1;
}

/* Whether glued token ti reads one way whatever the slots: every digit
 * but the last is 0, and no number opens with 0 ("000", "05"). */
static int
forced_cuts(const search *p, int ti)
{
    for (size_t k = 0; k + 1 < p->n[ti]; k++)
        if (p->s[ti][k] != '0')
            return 0;
    return 1;
}

static void
rec(search *p, int ti, size_t pos, int slot)
{
    if (--p->budget < 0 || p->nsol > p->maxsol)
        return;
    if (ti == p->nt) {
        if (slot == p->S) {
            if (p->nsol < p->maxsol)
                memcpy(p->sol[p->nsol], p->cur, sizeof p->cur);
            p->nsol++;
        }
        return;
    }
    if (slot >= p->S)
        return;
    {
        /* not enough characters left for the slots left (rest[]: one
         * step stays O(1), else a row of 64 tokens made each of the
         * budget's steps 64 times dearer; fuzz_tabulate) */
        size_t room = p->n[ti] - pos + p->rest[ti + 1];
        if ((size_t)(p->S - slot) > room)
            return;
    }
    /* a glued run is cut only where a sum checks the cut, or where the
     * grammar forces it ("000": no number opens with 0): else "35" in a
     * row of two would read as 3 and 5 for want of another reading */
    if (!p->glued[ti] || p->dot[ti] || (p->rule == TB_RULE_NONE && !forced_cuts(p, ti))) {
        int64_t v;
        if (token_part(p, ti, 0, p->n[ti], &v)) {
            p->cur[slot] = v;
            if (partial_ok(p, slot + 1))
                rec(p, ti + 1, 0, slot + 1);
        }
        if (p->join[ti] && ti + 1 < p->nt && !p->dot[ti] && !p->dot[ti + 1] && !p->neg[ti] &&
            !p->neg[ti + 1] && p->n[ti] + p->n[ti + 1] <= 12) {
            char buf[32];
            memcpy(buf, p->s[ti], p->n[ti]);
            memcpy(buf + p->n[ti], p->s[ti + 1], p->n[ti + 1]);
            v = part(buf, p->n[ti] + p->n[ti + 1], 0);
            if (v >= 0) {
                p->cur[slot] = v;
                if (partial_ok(p, slot + 1))
                    rec(p, ti + 2, 0, slot + 1);
            }
        }
        return;
    }
    for (size_t len = 1; pos + len <= p->n[ti] && len <= 12; len++) {
        int64_t v;
        if (!token_part(p, ti, pos, len, &v))
            break; /* a leading zero: longer parts are no better */
        p->cur[slot] = v;
        if (!partial_ok(p, slot + 1))
            continue;
        if (pos + len == p->n[ti])
            rec(p, ti + 1, 0, slot + 1);
        else
            rec(p, ti, pos + len, slot + 1);
    }
}

/* Search; the number of readings (at most maxsol), or -1 when there are
 * more or the budget ran out. */
static int
run(search *p, int64_t (*sols)[16], int maxsol)
{
    if (p->S < 1 || p->S > 16 || p->nt == 0)
        return 0;
    p->rest[p->nt] = 0;
    for (int k = p->nt - 1; k >= 0; k--)
        p->rest[k] = p->rest[k + 1] + (p->glued[k] ? p->n[k] : 1);
    p->nsol = 0;
    p->sol = sols;
    p->maxsol = maxsol;
    p->budget = BUDGET;
    if (p->pool && *p->pool < p->budget)
        p->budget = *p->pool;
    p->start = p->budget;
    rec(p, 0, 0, 0);
    if (p->pool)
        *p->pool -= p->start - (p->budget < 0 ? 0 : p->budget);
    if (p->budget < 0 || p->nsol > maxsol)
        return -1;
    return p->nsol;
}

static int
unique(search *p, int64_t *vals)
{
    int64_t sol[1][16];

    if (run(p, sol, 1) != 1)
        return 0;
    memcpy(vals, sol[0], (size_t)p->S * sizeof *vals);
    return 1;
}

/* The length of a change's sign word opening s[0..n) (增加 减少 新增 增
 * 减, as nb_cell_parse reads them), with *neg set for 减; 0 when none. */
static size_t
sign_word(const char *s, size_t n, int *neg)
{
    static const char *const words[] = {"增加", "新增", "减少", "增", "减"};

    *neg = 0;
    for (int w = 0; w < 5; w++) {
        size_t m = strlen(words[w]);
        if (n > m && !memcmp(s, words[w], m)) {
            *neg = w == 2 || w == 4;
            return m;
        }
    }
    return 0;
}

static int
load(search *p, int i, const char *s, size_t n, int glued, int join)
{
    int dots = 0;
    size_t sign = sign_word(s, n, &p->neg[i]);

    s += sign;
    n -= sign;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '.')
            dots++;
        else if (s[k] < '0' || s[k] > '9')
            return -1;
    }
    if (n == 0 || dots > 1)
        return -1;
    p->s[i] = s;
    p->n[i] = n;
    p->glued[i] = glued;
    p->join[i] = join;
    p->dot[i] = dots;
    return 0;
}

static int
load_strings(search *p, const char *const *tokens, const int *glued, const int *joinable, int n,
             int S, int rule)
{
    if (n > MAXT)
        return -1;
    memset(p, 0, sizeof *p);
    p->S = S;
    p->rule = rule;
    for (int i = 0; i < n; i++)
        if (load(p, i, tokens[i], strlen(tokens[i]), glued[i], joinable[i]) < 0)
            return -1;
    p->nt = n;
    return 0;
}

int
tb_split_strings(const char *const *tokens, const int *glued, const int *joinable, int n, int S,
                 int rule, int64_t *vals)
{
    search p;

    if (load_strings(&p, tokens, glued, joinable, n, S, rule) < 0)
        return 0;
    return unique(&p, vals);
}

static int
load_row(search *p, tb_doc *d, int tok0, int ntok, int S, int rule)
{
    memset(p, 0, sizeof *p);
    p->S = S;
    p->rule = rule;
    p->pool = &d->split_budget;
    for (int t = tok0; t < tok0 + ntok; t++) {
        const tb_tok *k = &d->tok[t];
        const tb_tok *nx = t + 1 < tok0 + ntok ? &d->tok[t + 1] : NULL;
        int join;

        if (k->kind == TK_EMPTY)
            return -1; /* a blank is a cell: nothing to repair here */
        if (p->nt >= MAXT)
            return -1;
        /* joinable: the next token follows after exactly one space */
        join = nx && nx->kind == TK_VALUE && nx->line == k->line &&
               nx->off == k->off + k->len + 1 && d->body.p[k->off + k->len] == ' ';
        if (load(p, p->nt, tb_tok_text(d, k), k->len, k->glued, join) < 0)
            return -1;
        p->nt++;
    }
    return 0;
}

int
tb_split_row_all(tb_doc *d, int tok0, int ntok, int S, int rule, int64_t (*sols)[16], int maxsol)
{
    search p;
    int n;

    if (load_row(&p, d, tok0, ntok, S, rule) < 0)
        return 0;
    n = run(&p, sols, maxsol);
    if (p.budget < 0)
        tb_warn(d, "w.budget"); /* the row stays ambiguous for want of work, not of sums */
    return n;
}

int
tb_split_strings_all(const char *const *tokens, const int *glued, const int *joinable, int n, int S,
                     int rule, int64_t (*sols)[16], int maxsol)
{
    search p;

    if (load_strings(&p, tokens, glued, joinable, n, S, rule) < 0)
        return 0;
    return run(&p, sols, maxsol);
}
