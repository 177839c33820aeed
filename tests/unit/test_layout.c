/* links: stages/extract/layout.c */
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

int
main(void)
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
    /* a row label wrapped around its numbers */
    n = run(g, "longlabel", 50, 100, 10, 10);
    n += run(g + n, "7", 200, 108, 5, 10);
    n += run(g + n, "9", 250, 108, 5, 10);
    n += run(g + n, "end", 50, 116, 10, 10);
    CHECK_STR(lay(g, n, &out), "longlabelend\t7\t9\n");
    /* lines far apart stay apart */
    n = run(g, "one", 50, 100, 10, 10);
    n += run(g + n, "two", 50, 140, 10, 10);
    CHECK_STR(lay(g, n, &out), "one\ntwo\n");
    nb_buf_fini(&out);
    return check_done("test_layout");
}
