/* test_html.c - HTML to text. */
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
    CHECK_STR(text("<table><tr><td>结果<br>维持</td><td><span>1</span><span>2</span></td></tr></table>"),
              "结果 维持\t12\n");
    /* script and style dropped; entities decoded */
    CHECK_STR(text("<html><head><style>p{}</style></head><body><script>x=1</script>"
                   "<div>a &amp; b&lt;</div></body></html>"),
              "a & b<\n");
    /* rows of nothing are dropped; a th counts as a cell */
    CHECK_STR(text("<table><tr><td>&nbsp;</td><td> </td></tr><tr><th>x</th><td>y</td></tr></table>"),
              "x\ty\n");
    /* <br> between blocks breaks the line */
    CHECK_STR(text("<p>a<br>b</p>"), "a\nb\n");
    /* a layout table holding the real one */
    CHECK_STR(text("<table><tr><td><p>标题</p><table><tr><td>1</td><td>2</td></tr></table></td></tr></table>"),
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
    return check_done("test_html");
}
