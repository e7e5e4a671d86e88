/* chart.h - one chart description, drawn by cairo for HTML (SVG) and PDF (vectors).
 *
 * The description is the <chart> element of the report model (docs/report-model.md):
 * chart_from_xml() reads it into a chart_t, and the same chart_t is drawn either onto a
 * cairo SVG surface (chart_svg) or replayed into a libharu page as PDF path operators
 * with text set by libharu (chart_pdf). Layout is computed once (chart_draw) so the two
 * outputs show the same picture. Text is measured with cairo (DejaVu Sans) and set as
 * the output's own text: SVG <text> (anchored where it is aligned) and libharu text, so
 * labels stay text (selectable, searchable) and the SVG carries no glyph outlines.
 *
 * Ownership: chart_from_xml allocates; chart_free releases everything it allocated.
 * The strings point into copies owned by the chart, not into the XML tree.
 */
#ifndef PSREPORT_CHART_H
#define PSREPORT_CHART_H

#include <hpdf.h>
#include <libxml/tree.h>
#include <stddef.h>

typedef enum { CHART_HBAR, CHART_STACKED, CHART_TIMELINE } chart_kind_t;

/* How a bar or a stacked segment is filled besides its colour, so that series and tiers
 * stay apart in black and white. Names (the pattern attribute) in chart_pattern_names. */
typedef enum {
    CHART_SOLID,
    CHART_HATCH,      /* white "/" lines on the colour */
    CHART_BACKHATCH,  /* white "\" lines */
    CHART_CROSSHATCH, /* both */
    CHART_VERTICAL,   /* white vertical stripes */
    CHART_HORIZONTAL, /* white horizontal stripes */
    CHART_GRID,       /* white vertical and horizontal lines */
    CHART_DOTS,       /* small squares of the colour on white */
    CHART_OUTLINE,    /* white, framed in the colour */
    CHART_PATTERN_COUNT
} chart_pattern_t;

extern const char *const chart_pattern_names[CHART_PATTERN_COUNT];

typedef struct {
    char *id;
    char *label;
    unsigned rgb; /* 0xRRGGBB */
    chart_pattern_t pattern;
} chart_series_t;

typedef struct {
    char *label;    /* category label (hbar/stacked) or milestone label (timeline) */
    double *values; /* n_series values (hbar: 1); timeline: unused */
    int date;       /* timeline: day number (util/date.h) */
    char *date_text; /* timeline: the date as the reader reads it (the <v>'s text when
                      * it carries date="ISO"), NULL for the ISO form */
    unsigned rgb;   /* hbar: bar colour; 0xFFFFFFFF = series colour */
    int series;     /* hbar: index of the series (series="id") whose colour and pattern
                     * the bar takes, or -1 */
} chart_row_t;

typedef struct {
    double at; /* fractional category index (stacked) */
    char *label;
} chart_marker_t;

typedef struct {
    chart_kind_t kind;
    char *id, *title, *caption, *alt, *x_label, *y_label;
    int as_of; /* timeline: day number of the as-of marker */
    char *as_of_label; /* timeline: the marker's words ("As of"), NULL for the default */
    char *as_of_text;  /* timeline: the as-of date as the reader reads it, NULL for ISO */
    char *no_data;     /* what an empty chart says ("No data" when NULL) */
    int n_series;
    chart_series_t *series;
    int n_rows;
    chart_row_t *rows;
    int n_markers;
    chart_marker_t *markers;
} chart_t;

/* Reads a <chart> element. Returns 0, or -1 with *err set to a static message. */
int chart_from_xml(xmlNodePtr el, chart_t *out, const char **err);
void chart_free(chart_t *c);

/* The size chart_svg / chart_pdf draw at, in px (= pt in the PDF). */
void chart_size(const chart_t *c, double *w, double *h);

/* Makes cairo's face for the charts' font now and holds it until chart_fonts_free:
 * cairo asks fontconfig for it when it is first used, and fontconfig 2.14.1 crashes
 * when an allocation fails inside it, so main asks before the exports fill the memory;
 * every chart then finds the face in cairo's cache. */
void chart_fonts_init(void);
void chart_fonts_free(void);

/* Draws the chart as a standalone <svg> document in px units. Every id inside the SVG
 * (cairo's glyph symbols, surfaces, clips) is prefixed with id_prefix so several charts
 * can be inlined in one HTML page. Returns a malloc'd NUL-terminated string, or NULL. */
char *chart_svg(const chart_t *c, const char *id_prefix, size_t *len);

/* Draws the chart into a PNG file at scale (tests and previews). Returns 0 or -1. */
int chart_png(const chart_t *c, const char *path, double scale);

/* How chart_pdf sets text: the PDF renderer owns fonts and encodings (UTF-8 with an
 * embedded TTF, or WinAnsi with a base-14 font), so it lends the chart two callbacks. */
typedef struct {
    void *ctx;
    /* width in pt of utf8 at size pt */
    double (*width)(void *ctx, const char *utf8, double size);
    /* shows utf8 with its baseline starting at (x, y), PDF coordinates */
    void (*show)(void *ctx, HPDF_Page page, double x, double y, double size,
                 const char *utf8);
} chart_pdf_text_t;

/* Draws the chart into a libharu page with its top-left corner at (x, y_top) in PDF
 * coordinates (y grows upwards), scaled to width w. Shapes are cairo paths replayed as
 * HPDF path operators; text is set through `text`. Returns the height used, or -1 on
 * error. */
double chart_pdf(const chart_t *c, HPDF_Page page, const chart_pdf_text_t *text, double x,
                 double y_top, double w);

#endif
