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
#include <math.h>
#include <stdlib.h>

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
    if (stroke)
        HPDF_Page_SetRGBStroke(page, r, g, b);
    else
        HPDF_Page_SetRGBFill(page, r, g, b);
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
