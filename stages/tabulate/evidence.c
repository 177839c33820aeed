/*
 * evidence.c - the division codes a report's page carries (region.h,
 * "Evidence parsers"): a site's SiteIDCode, an 索引号, a 统一社会信用代码.
 */
#include "region.h"

#include <ctype.h>
#include <string.h>

static int
is_digit_c(char c)
{
    return c >= '0' && c <= '9';
}

static int
digits(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && is_digit_c(s[k]))
        k++;
    return (int)k;
}

int
nb_evidence_credit(const char *s, size_t n, char code[7])
{
    /* GB 32100: registering authority (1 char), kind (1), division (6),
     * organisation code (9), check (1); no I O Z S V in the alphabet */
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    if (n < 18)
        return 0;
    for (size_t k = 0; k < 18; k++)
        if (!s[k] || !strchr(alpha, s[k]))
            return 0;
    if (n > 18 && (isalnum((unsigned char)s[18])))
        return 0;
    if (digits(s + 2, 6) != 6 || !strchr("123456789ANY", s[0]))
        return 0;
    memcpy(code, s + 2, 6);
    code[6] = '\0';
    return 1;
}

int
nb_evidence_index_no(const char *s, size_t n, char code[7])
{
    int nd;

    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (nb_evidence_credit(s, n, code))
        return 1;
    nd = digits(s, n);
    /* an organisation's own number (9 digits, "000014348/…") starts with
     * 0; a division code never does */
    if (nd < 6 || s[0] == '0' || ((size_t)nd < n && isalpha((unsigned char)s[nd])))
        return 0;
    memcpy(code, s, 6);
    code[6] = '\0';
    return 1;
}

int
nb_evidence_siteid(const char *s, size_t n, char code[7])
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n != 10 || digits(s, n) != 10 || s[0] == '0')
        return 0;
    memcpy(code, s, 6);
    code[6] = '\0';
    return 1;
}
