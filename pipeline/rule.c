/* rule.c - rule lines (rule.h). */
#include "rule.h"

#include "uchar.h"

/* The length of the blank at s[0..n), n > 0, or 0.  A TAB is blank only
 * when it does not separate fields. */
static size_t
blank_at(const char *s, size_t n, int seps)
{
    unsigned char c = (unsigned char)s[0];
    int32_t cp;
    size_t len;

    if (c == ' ')
        return 1;
    if (c == '\t')
        return seps & NB_RULE_TABS ? 0 : 1;
    if (c < 0x80)
        return 0;
    len = nb_utf8_decode(s, n, &cp);
    return len > 0 && nb_uc_is_blank(cp) ? len : 0;
}

static int
field_end(const char *s, size_t n, size_t i, int seps)
{
    return i == n || s[i] == '|' || (s[i] == '\t' && (seps & NB_RULE_TABS));
}

/* Read the field at s[*i..n) up to its end: -1 when it is neither blank
 * nor a rule field, 0 when blank, 1 for a rule field. */
static int
field(const char *s, size_t n, size_t *i, int seps)
{
    size_t k = *i, l, dashes = 0;

    while (k < n && (l = blank_at(s + k, n - k, seps)) > 0)
        k += l;
    if (field_end(s, n, k, seps)) {
        *i = k;
        return 0;
    }
    if (s[k] == ':')
        k++;
    while (k < n && s[k] == '-')
        k++, dashes++;
    if (dashes < 3)
        return -1;
    if (k < n && s[k] == ':')
        k++;
    while (k < n && (l = blank_at(s + k, n - k, seps)) > 0)
        k += l;
    *i = k;
    return field_end(s, n, k, seps) ? 1 : -1;
}

int
nb_rule_fields(const char *s, size_t n, int seps, int *fields, int max)
{
    size_t i = 0;
    int nrule = 0;

    for (int number = 1;; number++) {
        int f = field(s, n, &i, seps);

        if (f < 0)
            return 0;
        if (f > 0 && nrule < max)
            fields[nrule] = number;
        nrule += f;
        if (i == n)
            return nrule;
        i++; /* the separator */
    }
}
