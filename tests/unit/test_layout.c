#include <stdio.h>
#include <string.h>

#include "check.h"
#include "layout.h"

/* A run of glyphs of text s (ASCII) from x at baseline base, each w wide. */
static size_t
run(nb_glyph *g, const char *s, float x, float base, float w, float size)
{
    size_t n = 0;

    for (; *s; s++, x += w)
        g[n++] = (nb_glyph){x, base - size, x + w, base, base, size, (unsigned char)*s};
    return n;
}

static const char *
lay(nb_glyph *g, size_t n, nb_buf *out)
{
    nb_layout lo = {0};

    out->n = 0;
    CHECK(nb_layout_page(&lo, g, n, 0) == 0);
    CHECK(nb_layout_write(&lo, out) == 0);
    nb_layout_fini(&lo);
    CHECK(nb_buf_addc(out, '\0') == 0);
    return out->p;
}

/* Rows and cells: gaps, baselines, spaces, fake bold, empty pages. */
static void
test_rows(void)
{
    nb_glyph g[256];
    nb_buf out = {0};
    size_t n;

    /* two columns far apart: one row, two cells; a baseline 2 pt lower joins */
    n = run(g, "label", 50, 100, 10, 10);
    n += run(g + n, "42", 200, 102, 5, 10);
    CHECK_STR(lay(g, n, &out), "label\t42\n");
    /* a narrow gap is a space, a wide one a cell; lines in baseline order */
    n = run(g, "ab", 50, 130, 10, 10);
    n += run(g + n, "cd", 73, 130, 10, 10);
    n += run(g + n, "top", 50, 100, 10, 10);
    CHECK_STR(lay(g, n, &out), "top\nab cd\n");
    /* a glyph drawn twice (fake bold) once */
    n = run(g, "x", 50, 100, 10, 10);
    n += run(g + n, "x", 50.5f, 100, 10, 10);
    CHECK_STR(lay(g, n, &out), "x\n");
    /* lines far apart stay apart */
    n = run(g, "one", 50, 100, 10, 10);
    n += run(g + n, "two", 50, 140, 10, 10);
    CHECK_STR(lay(g, n, &out), "one\ntwo\n");
    /* a page without glyphs (a drawing, a scan) gives no line */
    {
        nb_layout lo = {0};
        CHECK(nb_layout_page(&lo, NULL, 0, 0) == 0);
        CHECK(lo.n == 0);
        nb_layout_fini(&lo);
    }
    /* spaces: one between words is text; a run padding a column is a gap */
    n = run(g, "ab cd", 50, 100, 5, 10);
    CHECK_STR(lay(g, n, &out), "ab cd\n");
    n = run(g, "ab      cd", 50, 100, 5, 10);
    CHECK_STR(lay(g, n, &out), "ab\tcd\n");
    nb_buf_fini(&out);
}

/* Cells wrapped over two lines joined back, and lines that are not. */
static void
test_wrapped(void)
{
    nb_glyph g[256];
    nb_buf out = {0};
    size_t n;

    /* a row label wrapped around its numbers */
    n = run(g, "longlabel", 50, 100, 10, 10);
    n += run(g + n, "7", 200, 108, 5, 10);
    n += run(g + n, "9", 250, 108, 5, 10);
    n += run(g + n, "end", 50, 116, 10, 10);
    CHECK_STR(lay(g, n, &out), "longlabelend\t7\t9\n");
    /* numbers on the label's first line, its continuation under it */
    n = run(g, "longlabel", 50, 100, 10, 10);
    n += run(g + n, "7", 200, 100, 5, 10);
    n += run(g + n, "end", 50, 114, 10, 10);
    CHECK_STR(lay(g, n, &out), "longlabelend\t7\n");
    /* but the next row's heading, longer than the label above it, is not
     * a continuation (it would have fitted on the line above) */
    n = run(g, "label", 50, 100, 10, 10);
    n += run(g + n, "8", 200, 100, 5, 10);
    n += run(g + n, "heading", 50, 114, 10, 10);
    CHECK_STR(lay(g, n, &out), "label\t8\nheading\n");
    /* nor a row label under a row label: the numbers say which is a row */
    n = run(g, "first", 50, 100, 10, 10);
    n += run(g + n, "second", 50, 114, 10, 10);
    CHECK_STR(lay(g, n, &out), "first\nsecond\n");
    /* a header row over two lines, each cell under its first line */
    n = run(g, "headone", 50, 100, 10, 10);
    n += run(g + n, "headtwo", 200, 100, 10, 10);
    n += run(g + n, "x", 50, 114, 10, 10);
    n += run(g + n, "y", 200, 114, 10, 10);
    CHECK_STR(lay(g, n, &out), "headonex\theadtwoy\n");
    nb_buf_fini(&out);
}

/* A heading that starts as an item is never a continuation. */
static void
test_items(void)
{
    nb_glyph g[256];
    size_t n;

    /* nor a heading that starts as an item does, even when shorter */
    {
        static const char *const items[] = {"第二十条", "（五）", "三、", "2.", "(一)"};
        for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
            nb_layout lo = {0};
            const char *s = items[k];
            size_t m = 0;
            n = run(g, "longerlabel", 50, 100, 10, 10);
            n += run(g + n, "8", 200, 100, 5, 10);
            for (size_t i = 0; s[i]; m++) { /* one glyph per UTF-8 character */
                unsigned char c = (unsigned char)s[i];
                int len = c < 0x80   ? 1
                          : c < 0xE0 ? 2
                          : c < 0xF0 ? 3
                                     : 4,
                    cp = len == 1 ? c : c & (0x3F >> (len - 1));
                for (int j = 1; j < len; j++)
                    cp = cp << 6 | (s[i + (size_t)j] & 0x3F);
                i += (size_t)len;
                g[n++] =
                    (nb_glyph){50 + 10.0f * (float)m, 104, 60 + 10.0f * (float)m, 114, 114, 10, cp};
            }
            CHECK(nb_layout_page(&lo, g, n, 0) == 0);
            CHECK_INT((long)lo.n, 2);
            nb_layout_fini(&lo);
        }
    }
}

/* Page numbers and running headers dropped. */
static void
test_margins(void)
{
    nb_glyph g[256];
    nb_buf out = {0};
    size_t n;

    /* margins: page numbers and a running header dropped on 3 pages of
     * height 800, a body line and a line in the margin that is text kept */
    {
        nb_layout lo = {0};
        float h[3] = {800, 800, 800};
        for (int p = 0; p < 3; p++) {
            char num[16];
            snprintf(num, sizeof num, "- %d -", p + 1);
            n = run(g, "header", 50, 30, 10, 10);
            n += run(g + n, "body", 50, 400, 10, 10);
            n += run(g + n, num, 280, 780, 5, 10);
            if (p == 0)
                n += run(g + n, "note", 50, 760, 10, 10);
            CHECK(nb_layout_page(&lo, g, n, p) == 0);
        }
        CHECK_INT((long)nb_layout_margins(&lo, h, 3, 0.1f), 6);
        out.n = 0;
        CHECK(nb_layout_write(&lo, &out) == 0 && nb_buf_addc(&out, '\0') == 0);
        CHECK_STR(out.p, "body\nnote\nbody\nbody\n");
        nb_layout_fini(&lo);
    }
    nb_buf_fini(&out);
}

int
main(void)
{
    test_rows();
    test_wrapped();
    test_items();
    test_margins();
    return check_done("test_layout");
}
