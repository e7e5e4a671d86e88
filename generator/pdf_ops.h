/* pdf_ops.h - the page operators every PDF drawer writes (render_pdf.c, pdf_font.c,
 * chart_canvas.c), written short: a page's content stream is most of a partner PDF.
 *
 * - State (colours, line width, text rendering mode) is written only when it changes:
 *   libharu keeps the current state and these compare against it.
 * - Numbers sit on binary grids (1/4 pt for positions, 1/1000 for colour components,
 *   1/16 pt for widths) so libharu, which prints a float with up to five decimals,
 *   prints "42.25" and not "42.25002".
 * - Text stays in one text object (BT ... ET) for as long as only text is drawn: the
 *   first text opens it (pdf_fonts_show), the next shape or the end of the page closes
 *   it (pdf_end_text), and each text moves from the previous one (Td is relative).
 */
#ifndef PSREPORT_PDF_OPS_H
#define PSREPORT_PDF_OPS_H

#include "util/alloc.h"

#include <hpdf.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* libharu's memory: through xmalloc, so running out ends the run (util/alloc.h);
 * libharu 2.3.0 does not check every allocation it makes. */
static inline void *pdf_alloc(HPDF_UINT size) { return xmalloc(size); }
static inline void pdf_free(void *ptr) { free(ptr); }

/* A libharu document with that memory and the error handler on_error(user). */
static inline HPDF_Doc pdf_doc_new(HPDF_Error_Handler on_error, void *user)
{
    return HPDF_NewEx(on_error, pdf_alloc, pdf_free, 0, user);
}

/* v on the grid of 1/q (q a power of two: exact in a float). */
static inline HPDF_REAL pdf_grid(double v, double q) { return (HPDF_REAL)(floor(v * q + 0.5) / q); }

/* ---- Operators written here, not by libharu ------------------------------------------
 * libharu 2.3.0's path, colour and text-position operators each clear a 512-byte buffer a
 * byte at a time (HPDF_MemSet) before printing two to six numbers into it: 2.6 % of the
 * CPU of a partner report, which has some 2,500 of them. These write the same bytes
 * (numbers through libharu's own HPDF_FToA) into the page's content stream, refuse a
 * wrong graphics mode as libharu does (the document then fails the same way) and keep
 * the page state libharu keeps (hpdf_page_operator.c). */

/* n numbers (at most 6) and op (at most 2 characters), "10 20.25 m\n", when the page is
 * in one of the graphics modes `modes`. Returns 1, or 0 with the document's error raised. */
static inline int pdf_op(HPDF_Page page, HPDF_UINT16 modes, const HPDF_REAL *v, int n, const char *op)
{
    HPDF_PageAttr a = (HPDF_PageAttr)page->attr;
    if (!(a->gmode & modes)) {
        HPDF_RaiseError(page->error, HPDF_PAGE_INVALID_GMODE, 0);
        return 0;
    }
    char buf[96], *p = buf; /* a number is at most 12 characters ("-32767.99999") */
    for (int i = 0; i < n; i++) {
        p = HPDF_FToA(p, v[i], buf + 80);
        *p++ = ' ';
    }
    size_t len = strlen(op);
    memcpy(p, op, len);
    p += len;
    *p++ = '\n';
    if (HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf)) != HPDF_OK) {
        HPDF_CheckError(page->error);
        return 0;
    }
    return 1;
}

/* An operator that moves the current point to v[k], v[k + 1] (with `subpath`, a new
 * subpath starts there: m and re), as libharu keeps it. */
static inline void path_op(HPDF_Page page, HPDF_UINT16 modes, const HPDF_REAL *v, int n, const char *op,
                           int k, int subpath)
{
    HPDF_PageAttr a = (HPDF_PageAttr)page->attr;
    if (!pdf_op(page, modes, v, n, op))
        return;
    a->cur_pos.x = v[k];
    a->cur_pos.y = v[k + 1];
    if (subpath) {
        a->str_pos = a->cur_pos;
        a->gmode = HPDF_GMODE_PATH_OBJECT;
    }
}

/* m: starts a path at x, y. */
static inline void pdf_move_to(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    HPDF_REAL v[2] = {x, y};
    path_op(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT, v, 2, "m", 0, 1);
}

/* l: a line to x, y. */
static inline void pdf_line_to(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    HPDF_REAL v[2] = {x, y};
    path_op(page, HPDF_GMODE_PATH_OBJECT, v, 2, "l", 0, 0);
}

/* c: a Bézier curve to x3, y3. */
static inline void pdf_curve_to(HPDF_Page page, HPDF_REAL x1, HPDF_REAL y1, HPDF_REAL x2, HPDF_REAL y2,
                                HPDF_REAL x3, HPDF_REAL y3)
{
    HPDF_REAL v[6] = {x1, y1, x2, y2, x3, y3};
    path_op(page, HPDF_GMODE_PATH_OBJECT, v, 6, "c", 4, 0);
}

/* re: a rectangle path (the current point its corner x, y). */
static inline void pdf_rect(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, HPDF_REAL w, HPDF_REAL h)
{
    HPDF_REAL v[4] = {x, y, w, h};
    path_op(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT, v, 4, "re", 0, 1);
}

/* Td: moves the text position by x, y in the open text object. */
static inline void pdf_move_text(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    HPDF_REAL v[2] = {x, y};
    HPDF_PageAttr a = (HPDF_PageAttr)page->attr;
    if (!pdf_op(page, HPDF_GMODE_TEXT_OBJECT, v, 2, "Td"))
        return;
    HPDF_TransMatrix *m = &a->text_matrix;
    m->x += x * m->a + y * m->c;
    m->y += y * m->d + x * m->b;
    a->text_pos.x = m->x;
    a->text_pos.y = m->y;
}

/* Closes the page's text object, if one is open: call before any shape. */
static inline void pdf_end_text(HPDF_Page page)
{
    if (HPDF_Page_GetGMode(page) == HPDF_GMODE_TEXT_OBJECT)
        HPDF_Page_EndText(page);
}

/* A colour component (0..255) with 3 decimals. */
static inline HPDF_REAL pdf_component(unsigned c)
{
    return (HPDF_REAL)(floor(c / 255.0 * 1000 + 0.5) / 1000);
}

/* Sets the fill (stroke = 0) or stroke colour 0xRRGGBB when it changes. */
static inline void pdf_color(HPDF_Page page, int stroke, unsigned c)
{
    HPDF_REAL r = pdf_component((c >> 16) & 255), g = pdf_component((c >> 8) & 255),
              b = pdf_component(c & 255);
    HPDF_RGBColor now = stroke ? HPDF_Page_GetRGBStroke(page) : HPDF_Page_GetRGBFill(page);
    if (now.r == r && now.g == g && now.b == b)
        return;
    HPDF_REAL v[3] = {r, g, b}; /* rg / RG, as libharu's HPDF_Page_SetRGBFill / Stroke */
    if (!pdf_op(page, HPDF_GMODE_TEXT_OBJECT | HPDF_GMODE_PAGE_DESCRIPTION, v, 3, stroke ? "RG" : "rg"))
        return;
    HPDF_GState gs = ((HPDF_PageAttr)page->attr)->gstate;
    if (stroke) {
        gs->rgb_stroke = (HPDF_RGBColor){r, g, b};
        gs->cs_stroke = HPDF_CS_DEVICE_RGB;
    } else {
        gs->rgb_fill = (HPDF_RGBColor){r, g, b};
        gs->cs_fill = HPDF_CS_DEVICE_RGB;
    }
}

/* Sets the line width (on a 1/16 pt grid) when it changes. */
static inline void pdf_line_width(HPDF_Page page, double w)
{
    HPDF_REAL v = pdf_grid(w, 16);
    if (v <= 0)
        v = (HPDF_REAL)(1.0 / 16);
    if (HPDF_Page_GetLineWidth(page) != v)
        HPDF_Page_SetLineWidth(page, v);
}

/* Sets the text rendering mode (fill; fill then stroke for bold) when it changes. */
static inline void pdf_text_mode(HPDF_Page page, HPDF_TextRenderingMode mode)
{
    if (HPDF_Page_GetTextRenderingMode(page) != mode)
        HPDF_Page_SetTextRenderingMode(page, mode);
}

#endif
