/* test_html.c - HTML to text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"

static const char *
text(const char *html)
{
    static nb_buf b;
    nb_error err = {0};

    b.n = 0;
    if (nb_html_to_text(html, strlen(html), &b, &err) < 0)
        return NULL;
    nb_buf_addc(&b, '\0');
    return b.p;
}

/* The meta object of html as compact JSON ("{}" when it has none). */
static const char *
meta(const char *html)
{
    static char out[4096];
    nb_buf b = {0};
    nb_error err = {0};
    json_t *m = json_object();
    char *s;

    if (!m || nb_html_read(html, strlen(html), &b, m, &err) < 0) {
        json_decref(m);
        nb_buf_fini(&b);
        return NULL;
    }
    s = json_dumps(m, JSON_COMPACT);
    snprintf(out, sizeof out, "%s", s ? s : "");
    free(s);
    json_decref(m);
    nb_buf_fini(&b);
    return out;
}

static void
test_meta(void)
{
    char big[3000];

    /* every kind of evidence, entities decoded and white space trimmed */
    CHECK_STR(meta("<html><head><title>\n 县民政局 &amp; 年报 </title>"
                   "<meta name=SiteName content='固阳县人民政府'>"
                   "<meta name=sitedomain content=guyang.gov.cn>"
                   "<meta name=\"SiteIDCode\" content=\" 1502220001 \">"
                   "<meta name=ArticleTitle content='a&lt;b'><meta name=ColumnName content=年报>"
                   "<meta name=PubDate content='2022-01-10 08:00'>"
                   "<meta name=ContentSource content=民政局></head><p>x</p>"),
              "{\"title\":\"县民政局 & 年报\",\"SiteName\":\"固阳县人民政府\",\"SiteDomain\":"
              "\"guyang.gov.cn\",\"SiteIDCode\":\"1502220001\",\"ArticleTitle\":\"a<b\","
              "\"ColumnName\":\"年报\",\"PubDate\":\"2022-01-10 08:00\",\"ContentSource\":"
              "\"民政局\"}");
    /* the URL: the saved-from comment wins over canonical, canonical over og:url */
    CHECK_STR(meta("<!-- saved from url=(0030)http://www.a.gov.cn/1.html -->"
                   "<html><head><link rel=canonical href='http://b/'>"
                   "<meta property='og:url' content='http://c/'></head></html>"),
              "{\"url\":\"http://www.a.gov.cn/1.html\"}");
    CHECK_STR(meta("<html><head><meta property='og:url' content='http://c/'>"
                   "<link rel=canonical href='http://b/'></head></html>"),
              "{\"url\":\"http://b/\"}");
    CHECK_STR(meta("<meta property='og:url' content='http://c/'><p>x"), "{\"url\":\"http://c/\"}");
    /* absent, empty and blank values are no value; the first non-empty one wins */
    CHECK_STR(meta("<p>no head</p>"), "{}");
    CHECK_STR(meta(""), "{}");
    CHECK_STR(meta("<meta name=SiteIDCode content=''><meta name=SiteIDCode content='  '>"
                   "<meta name=SiteIDCode content=bm01><meta name=SiteIDCode content=bm02>"),
              "{\"SiteIDCode\":\"bm01\"}");
    CHECK_STR(meta("<meta name=SiteName><meta content=x><meta name=Other content=y>"), "{}");
    /* a comment that is not a saved-from, or names no http URL */
    CHECK_STR(meta("<!-- saved from url=(0010)file:///x --><!-- saved from --><p>x"), "{}");
    /* a title in a script is not the page's */
    CHECK_STR(meta("<script>var t='<title>x</title>'</script><p>y"), "{}");
    /* a huge value is cut at a character, never inside one */
    strcpy(big, "<title>");
    for (int i = 0; i < 500; i++)
        strcat(big, "年");
    strcat(big, "</title>");
    CHECK(meta(big) != NULL && strlen(meta(big)) < 1100 && strstr(meta(big), "年\"}") != NULL);
}

/* Count the TABs of the first line of t. */
static size_t
tabs(const char *t)
{
    size_t n = 0;

    for (; t && *t && *t != '\n'; t++)
        n += *t == '\t';
    return n;
}

static void
test_hostile(void)
{
    const char *t;

    /* spans are capped: a hostile colspan or rowspan gives bounded output */
    t = text("<table><tr><td colspan=100000000>a</td><td>b</td></tr></table>");
    CHECK(t != NULL && tabs(t) <= 1000);
    t = text("<table><tr><td colspan=-5>a</td><td colspan=x>b</td></tr></table>");
    CHECK_STR(t, "a\tb\n");
    t = text("<table><tr><td rowspan=999999>a</td><td>1</td></tr><tr><td>2</td></tr></table>");
    CHECK_STR(t, "a\t1\n\t2\n");
    /* unclosed tags, stray closing tags, a cell outside any table */
    CHECK_STR(text("<table><tr><td>1<td>2<tr><td>3</table></td></tr><p>end"), "1\t2\n3\nend\n");
    t = text("</p></td><td>x</td>");
    CHECK(t != NULL && strstr(t, "x") != NULL);
    /* nothing but script, an empty page, a comment */
    CHECK_STR(text("<script>document.write('<p>x</p>')</script>"), "");
    CHECK_STR(text(""), "");
    CHECK_STR(text("<!-- <p>hidden</p> --><p>shown</p>"), "shown\n");
    /* entities: numeric, named, unknown kept as text */
    CHECK_STR(text("<p>&#32467;&#x679C;&nbsp;&copy;&bogus;</p>"), "结果 ©&bogus;\n");
}

/* A page built by repeating a piece: head, n times piece, tail. */
static char *
page(const char *head, const char *piece, int n, const char *tail)
{
    size_t k = strlen(piece);
    nb_buf b = {0};

    nb_buf_adds(&b, head);
    for (int i = 0; i < n; i++)
        nb_buf_add(&b, piece, k);
    nb_buf_adds(&b, tail);
    nb_buf_addc(&b, '\0');
    return b.p;
}

static size_t
lines(const char *t)
{
    size_t n = 0;

    for (; t && *t; t++)
        n += *t == '\n';
    return n;
}

/* Issue 15: nothing past depth 256 is lost; spans stay bounded. */
static void
test_deep(void)
{
    nb_buf out = {0};
    nb_error err = {0};
    char *p;
    const char *t;

    /* 400 unclosed <font> (Word-pasted pages): 400 lines, the last too */
    p = page("<html><body>", "<font size=3>line<br>", 400, "last</body></html>");
    t = text(p);
    CHECK(t != NULL && lines(t) == 401 && strstr(t, "last") != NULL);
    free(p);
    /* 100,000 <div>: the text deep inside and the text after */
    p = page("<html><body>", "<div>", 100000, "deep text");
    {
        char *q = page(p, "</div>", 100000, "<p>after</p></body></html>");
        t = text(q);
        CHECK(t != NULL && strstr(t, "deep text") != NULL && strstr(t, "after\n") != NULL);
        free(q);
    }
    free(p);
    /* rowspan x colspan over thousands of rows: an error, not gigabytes */
    p = page("<table><tr><td rowspan=1000 colspan=1000>a</td><td rowspan=1000 colspan=1000>b"
             "</td><td rowspan=1000 colspan=1000>c</td></tr>",
             "<tr><td>1</td></tr>", 999, "</table>");
    CHECK(nb_html_to_text(p, strlen(p), &out, &err) < 0 && err.code == NB_E_HTML);
    CHECK(out.n <= strlen(p) * 8 + (1u << 20));
    free(p);
    /* the same spans over empty rows: nothing is written, yet each row
     * builds 3,000 empty cells; the work is bounded as the text is */
    p = page("<table><tr><td rowspan=1000 colspan=1000>a</td><td rowspan=1000 colspan=1000>b"
             "</td><td rowspan=1000 colspan=1000>c</td></tr>",
             "<tr></tr>", 999, "</table>");
    out.n = 0;
    CHECK(nb_html_to_text(p, strlen(p), &out, &err) < 0 && err.code == NB_E_HTML);
    CHECK(out.n < 4096);
    free(p);
    nb_buf_fini(&out);
}

/* Layout tables at any depth, rowspans far to the right. */
static void
test_layout(void)
{
    char *p, *q;
    const char *t;

    /* the inner table 50 elements down in the cell: a layout row still */
    p = page("<table><tr><td><p>标题</p>", "<div>", 50, "<table><tr><td>1</td><td>2</td></tr>");
    q = page(p, "</div>", 50, "</table></td></tr></table>");
    CHECK_STR(text(q), "标题\n1\t2\n");
    free(p);
    free(q);
    /* past the walk's depth: the cell is read as flat text, a data row,
     * its cells still apart (libxml2's content of the subtree said 12) */
    p = page("<table><tr><td>标题", "<div>", 1200, "<table><tr><td>1</td><td>2</td></tr>");
    q = page(p, "</div>", 1200, "</table></td><td>3</td></tr></table>");
    CHECK_STR(text(q), "标题 1 2\t3\n");
    free(p);
    free(q);
    /* past the depth, as a cell's text: blocks and <br> apart, script out */
    p = page("<body>", "<div>", 1200, "<p>a</p><script>x=1</script><p>b<br>c</p><b>d</b>e");
    CHECK_STR(text(p), "a b c de\n");
    free(p);
    /* three layout tables, one in the other, the real one innermost */
    CHECK_STR(text("<table><tr><td>a<table><tr><td>b<table><tr><td>1</td><td>2</td></tr></table>"
                   "</td></tr></table></td></tr><tr><td>x</td><td>y</td></tr></table>"),
              "a\nb\n1\t2\nx\ty\n");
    /* a rowspan past the first columns: the position below is kept */
    p = page("<table><tr>", "<td>v</td>", 40, "<td rowspan=2>w</td></tr><tr>");
    q = page(p, "<td>u</td>", 40, "<td>z</td></tr></table>");
    t = text(q);
    CHECK(t != NULL && tabs(t) == 40 && tabs(strchr(t, '\n') + 1) == 41);
    CHECK(t != NULL && strstr(t, "w\nu\t") != NULL && strstr(t, "u\t\tz\n") != NULL);
    free(p);
    free(q);
}

int
main(void)
{
    char cs[32];

    CHECK_STR(text("<p>一、总体情况</p><p>第二段</p>"), "一、总体情况\n第二段\n");
    CHECK_STR(text("<table><tr><td>规章</td><td>&nbsp;</td><td>1</td></tr></table>"),
              "规章\t\t1\n");
    /* colspan keeps positions */
    CHECK_STR(text("<table><tr><td colspan=3>总计</td><td>5</td></tr></table>"), "总计\t\t\t5\n");
    /* rowspan: the covered position below is an empty cell */
    CHECK_STR(text("<table><tr><td rowspan=2>A</td><td>1</td></tr><tr><td>2</td></tr></table>"),
              "A\t1\n\t2\n");
    /* <br> inside a cell is a space; spans are joined */
    CHECK_STR(
        text("<table><tr><td>结果<br>维持</td><td><span>1</span><span>2</span></td></tr></table>"),
        "结果 维持\t12\n");
    /* script and style dropped; entities decoded */
    CHECK_STR(text("<html><head><style>p{}</style></head><body><script>x=1</script>"
                   "<div>a &amp; b&lt;</div></body></html>"),
              "a & b<\n");
    /* rows of nothing are dropped; a th counts as a cell */
    CHECK_STR(
        text("<table><tr><td>&nbsp;</td><td> </td></tr><tr><th>x</th><td>y</td></tr></table>"),
        "x\ty\n");
    /* <br> between blocks breaks the line */
    CHECK_STR(text("<p>a<br>b</p>"), "a\nb\n");
    /* a layout table holding the real one */
    CHECK_STR(text("<table><tr><td><p>标题</p><table><tr><td>1</td><td>2</td></tr></table></td></"
                   "tr></table>"),
              "标题\n1\t2\n");
    CHECK(nb_html_sniff("  <p style='x'>", 15));
    CHECK(nb_html_sniff("<!DOCTYPE html>", 15));
    CHECK(!nb_html_sniff("一、总体情况", strlen("一、总体情况")));
    CHECK(!nb_html_sniff("<<not", 5));
    CHECK(nb_html_charset("<meta charset=\"gb2312\">", 23, cs, sizeof cs));
    CHECK_STR(cs, "gb2312");
    CHECK(nb_html_charset("<meta http-equiv=Content-Type content='text/html; charset=GBK'>", 62, cs,
                          sizeof cs));
    CHECK_STR(cs, "GBK");
    CHECK(!nb_html_charset("<p>none</p>", 11, cs, sizeof cs));
    /* a charset name too long for the buffer is not copied cut short */
    CHECK(!nb_html_charset("<meta charset=\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghij\">", 60,
                           cs, 8) ||
          strlen(cs) < 8);
    test_hostile();
    test_meta();
    test_deep();
    test_layout();
    return check_done("test_html");
}
