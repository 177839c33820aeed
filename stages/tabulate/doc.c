/* doc.c - a document's life (reset, free, warnings) and the label keys of
 * its tokens, made when the recognizer first needs them. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "hash.h"

void
tb_doc_reset(tb_doc *d)
{
    d->body.n = 0;
    d->keys.n = 0;
    d->nlines = 0;
    d->ntok = 0;
    d->split_budget = TB_SPLIT_FLOOR;
    d->work_budget = TB_WORK_FLOOR;
    for (int i = 0; i < TB_MAX_METRICS; i++)
        d->cells[i].state = -1;
    memset(d->status, 0, sizeof d->status);
    memset(d->format, 0, sizeof d->format);
    memset(d->subfmt, 0, sizeof d->subfmt);
    d->nwarn = 0;
    d->nomem = 0;
}

void
tb_doc_free(tb_doc *d)
{
    nb_buf_fini(&d->body);
    nb_buf_fini(&d->keys);
    free(d->lines);
    free(d->tok);
    free(d->tok_aside);
    d->tok_aside = NULL;
    free(d->scratch);
    d->lines = NULL;
    d->tok = NULL;
    d->scratch = NULL;
}

void
tb_warn(tb_doc *d, const char *w)
{
    for (int i = 0; i < d->nwarn; i++)
        if (!strcmp(d->warn[i], w))
            return;
    if (d->nwarn < TB_MAX_WARN)
        d->warn[d->nwarn++] = w;
}

/* nb_label_key of a label of 96 bytes or more, remembered too: the
 * long ones recur as much as the short (a table's note 本列数据的勾稽关系为…,
 * a heading with its 说明) and cost some 3,400 instructions each, a
 * twentieth of tabulate's time on the bench.  Each entry is one heap
 * block, text then key; labels past LONG_TEXT bytes are keyed each time. */
#define LONG_MEMO 256
#define LONG_TEXT 4096

static size_t
long_label_key(const char *s, size_t n, char *out, size_t cap)
{
    static struct {
        char *text, *key;
        size_t n, klen;
    } memo[LONG_MEMO];
    uint32_t h = tb_hash(s, n) % LONG_MEMO;
    size_t k;
    char *p;

    if (memo[h].text && memo[h].n == n && !memcmp(memo[h].text, s, n)) {
        memcpy(out, memo[h].key, memo[h].klen);
        out[memo[h].klen] = '\0';
        return memo[h].klen;
    }
    k = nb_label_key(s, n, out, cap);
    if (n <= LONG_TEXT && k < cap && (p = malloc(n + k)) != NULL) {
        free(memo[h].text);
        memcpy(p, s, n);
        memcpy(p + n, out, k);
        memo[h].text = p;
        memo[h].key = p + n;
        memo[h].n = n;
        memo[h].klen = k;
    }
    return k;
}

/* nb_label_key, remembered for short labels: the row labels recur in
 * every report, and keying them was a sixth of the stage's time. */
static size_t
label_key(const char *s, size_t n, char *out, size_t cap)
{
    static struct {
        char text[96], key[96];
        unsigned char n, klen;
    } memo[1024];
    uint32_t h;
    size_t k;

    if (n == 0)
        return nb_label_key(s, n, out, cap);
    if (n >= sizeof memo[0].text)
        return long_label_key(s, n, out, cap);
    h = tb_hash(s, n) % (sizeof memo / sizeof memo[0]);
    if (memo[h].n == n && !memcmp(memo[h].text, s, n)) {
        memcpy(out, memo[h].key, memo[h].klen);
        out[memo[h].klen] = '\0';
        return memo[h].klen;
    }
    k = nb_label_key(s, n, out, cap);
    if (k < sizeof memo[0].key) {
        memcpy(memo[h].text, s, n);
        memcpy(memo[h].key, out, k);
        memo[h].n = (unsigned char)n;
        memo[h].klen = (unsigned char)k;
    }
    return k;
}

int
tb_key_tokens(tb_doc *d, int t0, int t1)
{
    for (int i = t0; i < t1; i++) {
        tb_tok *t = &d->tok[i];
        size_t cap = 3 * t->len + 16;

        if (t->keyed)
            continue;
        if (nb_buf_reserve(&d->keys, cap) < 0) {
            d->nomem = 1;
            return -1;
        }
        t->koff = d->keys.n;
        t->klen = label_key(d->body.p + t->off, t->len, d->keys.p + d->keys.n, cap);
        t->keyed = 1;
        d->keys.n += t->klen;
    }
    return 0;
}
