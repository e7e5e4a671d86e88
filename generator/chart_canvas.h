/* chart_canvas.h - internal to the chart: the canvas the layouts of chart.c draw on.
 *
 * A canvas draws onto one of two backends: a cairo context (SVG for HTML, or PNG), or a
 * libharu page, where each shape is built as a cairo path on a scratchpad context and
 * replayed as PDF path operators, and text is set through the PDF renderer's callbacks.
 * The layout code sees only the functions below. Coordinates are chart pixels, origin
 * top left, y down. Not part of the chart's interface (chart.h): only chart*.c use it.
 */
#ifndef PSREPORT_CHART_CANVAS_H
#define PSREPORT_CHART_CANVAS_H

#include "chart.h"

#include "util/strbuf.h"

#include <cairo.h>

#define CHART_W 720.0
#define FONT "DejaVu Sans"
#define INK 0x2b2b2bu
#define MUTED 0x6b6b6bu
#define GRID 0xdededeu
#define WHITE 0xffffffu

enum { LEFT, CENTER, RIGHT }; /* text alignment on its x */

typedef struct canvas canvas_t;
struct canvas {
    cairo_t *cr;                  /* svg: the surface's context; pdf: a path scratchpad */
    HPDF_Page page;               /* pdf only */
    const chart_pdf_text_t *text; /* pdf only */
    double ox, oy, scale;         /* pdf: chart (x, y) -> (ox + x*scale, oy - y*scale) */
    strbuf_t *svg_text;           /* svg: the <text> elements, put after cairo's shapes */
};

/* The areas labels take, so that lines drawn later go round them (boxes, as y down). */
typedef struct {
    double x0, y0, x1, y1;
} box_t;

/* Strokes the canvas's current cairo path (built by the caller on cv->cr); on > 0
 * dashes it (on, off in chart units, the first dash starting `phase` into the pattern). */
void cv_stroke_dash(canvas_t *cv, unsigned color, double width, int on, int off, int phase);

/* Shapes; a rectangle of no width or height draws nothing. */
void cv_rect(canvas_t *cv, double x, double y, double w, double h, unsigned color);
void cv_line(canvas_t *cv, double x1, double y1, double x2, double y2, double width,
             unsigned color, int dashed);
void cv_circle(canvas_t *cv, double cx, double cy, double r, unsigned color, int filled);
/* A rectangle in its colour and pattern (chart_pattern_t). */
void cv_pattern_rect(canvas_t *cv, double x, double y, double w, double h, unsigned color,
                     chart_pattern_t p);
/* A vertical line from y1 to y2 (y1 < y2), left out where it would cross one of the n
 * boxes (at most 64 of them are gone round). */
void cv_vline_around(canvas_t *cv, double x, double y1, double y2, double width,
                     unsigned color, int dashed, const box_t *boxes, int n);

/* Text: its width, and the text set with its baseline at y, aligned LEFT/CENTER/RIGHT
 * on x. */
double cv_text_width(canvas_t *cv, const char *s, double size);
/* Frees the widths cv_text_width remembers for the SVG backend (chart_fonts_free). */
void cv_widths_forget(void);
void cv_text(canvas_t *cv, double x, double y, const char *s, double size, int align,
             unsigned color);
/* The box a text drawn by cv_text() takes (ascent and descent of DejaVu Sans, roughly). */
box_t cv_text_box(canvas_t *cv, double x, double y, const char *s, double size, int align);
/* s cut to at most max_w wide, with "…" when cut. Caller frees. */
char *cv_ellipsize(canvas_t *cv, const char *s, double size, double max_w);
/* s in one line of at most max_w, or two: the first up to the last space that fits, the
 * second ellipsised; *second is NULL for one line. Caller frees both. */
void cv_split_label(canvas_t *cv, const char *s, double size, double max_w, char **first,
                    char **second);

#endif
