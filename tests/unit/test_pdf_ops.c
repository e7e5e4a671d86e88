/* test_pdf_ops.c - the page operators pdf_ops.h writes itself (m, l, c, re, Td, rg, RG)
 * give the bytes and the page state libharu's own operators give: the same drawing is
 * made on two pages, one through HPDF_Page_*, one through pdf_ops.h, and the content
 * streams, graphics modes, positions, text matrices and colours are compared; an
 * operator in the wrong graphics mode fails the document with libharu's error. */
#include "pdf_ops.h"

#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - pdf_ops: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static jmp_buf jb;
static HPDF_STATUS last_error;
static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)d, (void)u;
    last_error = e;
    longjmp(jb, 1);
}

/* The page's content stream so far, as a new NUL-terminated string. */
static char *content(HPDF_Page page)
{
    HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
    HPDF_UINT n = HPDF_Stream_Size(s);
    char *buf = calloc(1, (size_t)n + 1);
    if (buf && n == 0)
        return buf;
    HPDF_UINT got = n;
    if (!buf || HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK)
        abort();
    HPDF_STATUS r = HPDF_Stream_Read(s, (HPDF_BYTE *)buf, &got); /* the end of the stream: EOF */
    if ((r != HPDF_OK && r != HPDF_STREAM_EOF) || got != n)
        abort();
    HPDF_Stream_Seek(s, 0, HPDF_SEEK_END);
    return buf;
}

static int same_state(HPDF_Page a, HPDF_Page b)
{
    HPDF_PageAttr x = (HPDF_PageAttr)a->attr, y = (HPDF_PageAttr)b->attr;
    return x->gmode == y->gmode && x->cur_pos.x == y->cur_pos.x && x->cur_pos.y == y->cur_pos.y &&
           x->str_pos.x == y->str_pos.x && x->str_pos.y == y->str_pos.y && x->text_pos.x == y->text_pos.x &&
           x->text_pos.y == y->text_pos.y && memcmp(&x->text_matrix, &y->text_matrix, sizeof x->text_matrix) == 0 &&
           memcmp(&x->gstate->rgb_fill, &y->gstate->rgb_fill, sizeof x->gstate->rgb_fill) == 0 &&
           memcmp(&x->gstate->rgb_stroke, &y->gstate->rgb_stroke, sizeof x->gstate->rgb_stroke) == 0 &&
           x->gstate->cs_fill == y->gstate->cs_fill && x->gstate->cs_stroke == y->gstate->cs_stroke;
}

/* Numbers as the drawers give them (on their grids) and as they might not: negative,
 * zero, whole, off the grid, large, tiny. */
static const HPDF_REAL values[] = {0,      1,       -1,     42.25f,  -3.5f,     0.001f, 0.333f,
                                   595.3f, 12.125f, 1e-7f,  -0.004f, 30000.5f,  7.0625f, 0.1f,
                                   -250.75f, 99.99999f, 1.000004f, 0.5f, 100, 0.999f};
#define NV (int)(sizeof values / sizeof values[0])

#define STEPS 10
/* Step s of drawing number i: one operator, libharu's (ours = 0) or ours. */
static void draw(HPDF_Page page, int ours, int i, int s)
{
    HPDF_REAL a = values[i % NV], b = values[(i + 3) % NV], c = values[(i + 7) % NV];
    HPDF_REAL d = values[(i + 11) % NV], e = values[(i + 13) % NV], f = values[(i + 17) % NV];
    switch (s * 2 + ours) {
    case 0: HPDF_Page_MoveTo(page, a, b); break;
    case 1: pdf_move_to(page, a, b); break;
    case 2: HPDF_Page_LineTo(page, c, d); break;
    case 3: pdf_line_to(page, c, d); break;
    case 4: HPDF_Page_CurveTo(page, a, b, c, d, e, f); break;
    case 5: pdf_curve_to(page, a, b, c, d, e, f); break;
    case 6: case 7: HPDF_Page_Stroke(page); break;
    case 8: HPDF_Page_Rectangle(page, e, f, a, b); break;
    case 9: pdf_rect(page, e, f, a, b); break;
    case 10: case 11: HPDF_Page_Fill(page); break;
    case 12: case 13: HPDF_Page_BeginText(page); break;
    case 14: HPDF_Page_MoveTextPos(page, c, e); break;
    case 15: pdf_move_text(page, c, e); break;
    case 16: HPDF_Page_MoveTextPos(page, f, a); break;
    case 17: pdf_move_text(page, f, a); break;
    case 18: case 19: HPDF_Page_EndText(page); break;
    }
}

/* Colours as pdf_color sets them (components on 1/1000), libharu's way and ours. */
static void colour(HPDF_Page page, int ours, unsigned rgb, int stroke)
{
    if (ours) {
        pdf_color(page, stroke, rgb);
        return;
    }
    HPDF_REAL r = pdf_component((rgb >> 16) & 255), g = pdf_component((rgb >> 8) & 255), b = pdf_component(rgb & 255);
    HPDF_RGBColor now = stroke ? HPDF_Page_GetRGBStroke(page) : HPDF_Page_GetRGBFill(page);
    if (now.r == r && now.g == g && now.b == b)
        return;
    if (stroke)
        HPDF_Page_SetRGBStroke(page, r, g, b);
    else
        HPDF_Page_SetRGBFill(page, r, g, b);
}

/* Operator k of the list in main in a graphics mode it is not allowed in, libharu's
 * (ours = 0) or ours; for ours, the content stream before and after it. Returns the
 * error the document's handler was called with (0: none). */
static HPDF_STATUS wrong_mode(HPDF_Doc doc, int k, int ours, char **before, char **after)
{
    HPDF_Page volatile page = NULL;
    last_error = 0;
    if (!setjmp(jb)) {
        page = HPDF_AddPage(doc);
        if (k == 2 || k == 3) /* m and re are wrong in a text object */
            HPDF_Page_BeginText(page);
        if (k == 5) /* rg is wrong in a path object */
            HPDF_Page_MoveTo(page, 0, 0);
        if (ours)
            *before = content(page);
        switch (k * 2 + ours) {
        case 0: HPDF_Page_LineTo(page, 1, 2); break;
        case 1: pdf_line_to(page, 1, 2); break;
        case 2: HPDF_Page_CurveTo(page, 1, 2, 3, 4, 5, 6); break;
        case 3: pdf_curve_to(page, 1, 2, 3, 4, 5, 6); break;
        case 4: HPDF_Page_MoveTo(page, 1, 2); break;
        case 5: pdf_move_to(page, 1, 2); break;
        case 6: HPDF_Page_Rectangle(page, 1, 2, 3, 4); break;
        case 7: pdf_rect(page, 1, 2, 3, 4); break;
        case 8: HPDF_Page_MoveTextPos(page, 1, 2); break;
        case 9: pdf_move_text(page, 1, 2); break;
        case 10: HPDF_Page_SetRGBFill(page, 0.071f, 0.204f, 0.337f); break;
        case 11: pdf_color(page, 0, 0x123456); break;
        }
    }
    HPDF_STATUS e = last_error;
    HPDF_ResetError(doc);
    if (ours && page)
        *after = content(page);
    return e;
}

int main(void)
{
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    HPDF_Page theirs = NULL, ours = NULL;
    int drawn = 0;
    if (!setjmp(jb)) {
        theirs = HPDF_AddPage(doc);
        ours = HPDF_AddPage(doc);
        int same = 1;
        for (int i = 0; i < 4 * NV; i++)
            for (int st = 0; st < STEPS; st++) {
                draw(theirs, 0, i, st);
                draw(ours, 1, i, st);
                same &= same_state(theirs, ours);
            }
        /* colours: every channel value, fill and stroke, in and out of a text object */
        static const unsigned colours[] = {0x000000, 0xffffff, 0x1f4e79, 0x1f4e79, 0x808080, 0x010203, 0xfefdfc, 0xc00000};
        for (int text = 0; text < 2; text++) { /* in a text object, and not */
            if (text) {
                HPDF_Page_BeginText(theirs);
                HPDF_Page_BeginText(ours);
            }
            for (unsigned k = 0; k < sizeof colours / sizeof colours[0]; k++)
                for (int stroke = 0; stroke < 2; stroke++) {
                    colour(theirs, 0, colours[k], stroke);
                    colour(ours, 1, colours[k], stroke);
                    same &= same_state(theirs, ours);
                }
            for (unsigned c = 0; c < 256; c += 5) {
                colour(theirs, 0, c << 16 | (255 - c) << 8 | (c * 7 & 255), 0);
                colour(ours, 1, c << 16 | (255 - c) << 8 | (c * 7 & 255), 0);
            }
            same &= same_state(theirs, ours);
        }
        char *t = content(theirs), *o = content(ours);
        check(strlen(t) > 5000, "the drawing is long enough to tell (over 5,000 bytes of operators)");
        check(strcmp(t, o) == 0, "the content stream is byte for byte libharu's");
        check(strstr(o, "42.25 ") && strstr(o, " re\n") && strstr(o, " c\n") && strstr(o, " Td\n") &&
                  strstr(o, " RG\n") && strstr(o, " rg\n"),
              "every operator is among the bytes compared");
        check(same, "graphics mode, positions, text matrix and colours are libharu's after every operator");
        free(t);
        free(o);
        drawn = 1;
    }
    check(drawn, "no libharu error while drawing");
    /* the wrong graphics mode: libharu's error, through the document's handler */
    static const char *const ops[] = {"l", "c", "m", "re", "Td", "rg"};
    for (int k = 0; k < 6; k++) {
        char *before = NULL, *after = NULL;
        HPDF_STATUS theirs_error = wrong_mode(doc, k, 0, NULL, NULL);
        HPDF_STATUS ours_error = wrong_mode(doc, k, 1, &before, &after);
        char what[120];
        snprintf(what, sizeof what, "%s in the wrong graphics mode: libharu's error 0x%04X, nothing written", ops[k],
                 (unsigned)ours_error);
        check(ours_error == HPDF_PAGE_INVALID_GMODE && ours_error == theirs_error && before && after &&
                  strcmp(before, after) == 0,
              what);
        free(before);
        free(after);
    }
    HPDF_Free(doc);
    return failed;
}
