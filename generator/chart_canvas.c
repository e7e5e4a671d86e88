/* chart_canvas.c - the canvas the chart layouts draw on, with its two backends.
 *
 * Every shape is built as a cairo path. On the SVG (and PNG) backend cairo draws it;
 * on the PDF backend the path is copied (cairo_copy_path) and replayed as libharu path
 * operators, so both outputs get the same vectors. Text is measured with cairo on SVG
 * and through the PDF renderer's callbacks on PDF, and set as the output's own text.
 * Patterns (hatches, stripes, dots) are fills and strokes only, for the same reason.
 */
#define _POSIX_C_SOURCE 200809L
#include "chart_canvas.h"

#include "pdf_ops.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

static void rgb(unsigned c, double *r, double *g, double *b)
{
    *r = ((c >> 16) & 255) / 255.0;
    *g = ((c >> 8) & 255) / 255.0;
    *b = (c & 255) / 255.0;
}

/* Replays the current cairo path of the scratchpad into the PDF page: in page
 * coordinates, or (local) in chart coordinates under a matrix set by the caller.
 * An axis-aligned closed four-sided subpath (cairo_rectangle's, or a bar's) is written as
 * one `re`, which builds the same points in the same order; the move_to that cairo adds
 * after a close_path is dropped when nothing follows it (a lone m is not painted). */
static void replay(canvas_t *cv, int local)
{
    cairo_path_t *path = cairo_copy_path(cv->cr);
    double ox = local ? 0 : cv->ox, oy = local ? 0 : cv->oy, sx = local ? 1 : cv->scale;
    double sy = local ? -1 : cv->scale;
#define PX(d, k) pdf_grid(ox + (d)[k].point.x * sx, 4)
#define PY(d, k) pdf_grid(oy - (d)[k].point.y * sy, 4)
    for (int i = 0, step; i < path->num_data; i += step) {
        cairo_path_data_t *d = &path->data[i];
        step = d->header.length;
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
            if (i > 0 && i + step >= path->num_data)
                break; /* cairo's move_to after a final close_path */
            if (i + 9 <= path->num_data && d[2].header.type == CAIRO_PATH_LINE_TO &&
                d[4].header.type == CAIRO_PATH_LINE_TO && d[6].header.type == CAIRO_PATH_LINE_TO &&
                d[8].header.type == CAIRO_PATH_CLOSE_PATH) {
                HPDF_REAL x0 = PX(d, 1), y0 = PY(d, 1), x1 = PX(d, 3), y1 = PY(d, 3);
                HPDF_REAL x2 = PX(d, 5), y2 = PY(d, 5), x3 = PX(d, 7), y3 = PY(d, 7);
                if (y1 == y0 && x2 == x1 && y3 == y2 && x3 == x0) {
                    pdf_rect(cv->page, x0, y0, x1 - x0, y2 - y1);
                    step = 9; /* move_to, three line_to (2 slots each), close_path (1) */
                    break;
                }
            }
            pdf_move_to(cv->page, PX(d, 1), PY(d, 1));
            break;
        case CAIRO_PATH_LINE_TO: pdf_line_to(cv->page, PX(d, 1), PY(d, 1)); break;
        case CAIRO_PATH_CURVE_TO:
            pdf_curve_to(cv->page, PX(d, 1), PY(d, 1), PX(d, 2), PY(d, 2), PX(d, 3), PY(d, 3));
            break;
        case CAIRO_PATH_CLOSE_PATH: HPDF_Page_ClosePath(cv->page); break;
        }
    }
#undef PX
#undef PY
    cairo_path_destroy(path);
    cairo_new_path(cv->cr);
}

static void fill_path(canvas_t *cv, unsigned color)
{
    if (cv->page) {
        pdf_end_text(cv->page);
        pdf_color(cv->page, 0, color);
        replay(cv, 0);
        HPDF_Page_Fill(cv->page);
    } else {
        double r, g, b;
        rgb(color, &r, &g, &b);
        cairo_set_source_rgb(cv->cr, r, g, b);
        cairo_fill(cv->cr);
    }
}

/* Strokes the current path; on > 0 dashes it (on, off in chart units, the first dash
 * starting `phase` into the pattern). The PDF draws a dashed stroke in chart units
 * under a matrix, since libharu takes whole-number dash lengths. */
void cv_stroke_dash(canvas_t *cv, unsigned color, double width, int on, int off, int phase)
{
    if (cv->page && on > 0) {
        pdf_end_text(cv->page);
        HPDF_Page_GSave(cv->page);
        HPDF_Page_Concat(cv->page, (HPDF_REAL)cv->scale, 0, 0, (HPDF_REAL)-cv->scale,
                         (HPDF_REAL)cv->ox, (HPDF_REAL)cv->oy);
        pdf_color(cv->page, 1, color);
        pdf_line_width(cv->page, width);
        HPDF_UINT16 dash[2] = {(HPDF_UINT16)on, (HPDF_UINT16)off};
        HPDF_Page_SetDash(cv->page, dash, 2, (HPDF_UINT)phase);
        replay(cv, 1);
        HPDF_Page_Stroke(cv->page);
        HPDF_Page_GRestore(cv->page);
    } else if (cv->page) {
        pdf_end_text(cv->page);
        pdf_color(cv->page, 1, color);
        pdf_line_width(cv->page, width * cv->scale);
        replay(cv, 0);
        HPDF_Page_Stroke(cv->page);
    } else {
        double dash[2] = {on, off}, r, g, b;
        rgb(color, &r, &g, &b);
        cairo_set_source_rgb(cv->cr, r, g, b);
        cairo_set_line_width(cv->cr, width);
        cairo_set_dash(cv->cr, dash, on > 0 ? 2 : 0, phase);
        cairo_stroke(cv->cr);
        cairo_set_dash(cv->cr, NULL, 0, 0);
    }
}

static void stroke_path(canvas_t *cv, unsigned color, double width, int dashed)
{
    cv_stroke_dash(cv, color, width, dashed ? 4 : 0, 3, 0);
}

void cv_rect(canvas_t *cv, double x, double y, double w, double h, unsigned color)
{
    if (w <= 0 || h <= 0)
        return;
    cairo_new_path(cv->cr);
    cairo_rectangle(cv->cr, x, y, w, h);
    fill_path(cv, color);
}

void cv_line(canvas_t *cv, double x1, double y1, double x2, double y2, double width,
             unsigned color, int dashed)
{
    cairo_new_path(cv->cr);
    cairo_move_to(cv->cr, x1, y1);
    cairo_line_to(cv->cr, x2, y2);
    stroke_path(cv, color, width, dashed);
}

void cv_circle(canvas_t *cv, double cx, double cy, double r, unsigned color, int filled)
{
    cairo_new_path(cv->cr);
    cairo_arc(cv->cr, cx, cy, r, 0, 2 * PI);
    cairo_close_path(cv->cr);
    if (filled) {
        fill_path(cv, color);
    } else {
        fill_path(cv, 0xffffff);
        cairo_arc(cv->cr, cx, cy, r, 0, 2 * PI);
        cairo_close_path(cv->cr);
        stroke_path(cv, color, 1.5, 0);
    }
}


/* White "/" (dir 1) or "\\" (dir -1) lines 6 px apart across a rectangle, cut at its
 * edges here (no clipping), on a grid shared by all rectangles so neighbours line up. */
static void hatch(canvas_t *cv, double x, double y, double w, double h, int dir)
{
    const double p = 6;
    cairo_new_path(cv->cr);
    double lo = dir > 0 ? x + y : x - (y + h), hi = dir > 0 ? x + w + y + h : x + w - y;
    for (double k = ceil(lo / p) * p; k < hi; k += p) {
        /* dir 1: x + y = k; dir -1: x - y = k */
        double xa = dir > 0 ? fmax(x, k - (y + h)) : fmax(x, k + y);
        double xb = dir > 0 ? fmin(x + w, k - y) : fmin(x + w, k + y + h);
        if (xb - xa < 0.5)
            continue;
        cairo_move_to(cv->cr, xa, dir > 0 ? k - xa : xa - k);
        cairo_line_to(cv->cr, xb, dir > 0 ? k - xb : xb - k);
    }
    cv_stroke_dash(cv, WHITE, 1.5, 0, 0, 0);
}

/* Stripes across a rectangle as one dashed stroke: vertical stripes (vertical = 1) are
 * a horizontal line as thick as the rectangle, dashed along it; on, off in px. */
static void stripes(canvas_t *cv, double x, double y, double w, double h, int vertical,
                    unsigned color, int on, int off)
{
    cairo_new_path(cv->cr);
    if (vertical) {
        cairo_move_to(cv->cr, x, y + h / 2);
        cairo_line_to(cv->cr, x + w, y + h / 2);
    } else {
        cairo_move_to(cv->cr, x + w / 2, y + h);
        cairo_line_to(cv->cr, x + w / 2, y);
    }
    cv_stroke_dash(cv, color, vertical ? h : w, on, off, on);
}

/* A rectangle in its colour and pattern: fills and strokes only, so both backends draw
 * the same picture. */
void cv_pattern_rect(canvas_t *cv, double x, double y, double w, double h, unsigned color,
                     chart_pattern_t p)
{
    if (w <= 0 || h <= 0)
        return;
    if (p == CHART_DOTS || p == CHART_OUTLINE) {
        cv_rect(cv, x, y, w, h, WHITE);
        if (p == CHART_DOTS) {
            stripes(cv, x, y, w, h, 1, color, 3, 2);
            stripes(cv, x, y, w, h, 0, WHITE, 2, 3);
        } else {
            cairo_new_path(cv->cr);
            cairo_rectangle(cv->cr, x + 0.75, y + 0.75, fmax(w - 1.5, 0.1), fmax(h - 1.5, 0.1));
            cv_stroke_dash(cv, color, 1.5, 0, 0, 0);
        }
        return;
    }
    cv_rect(cv, x, y, w, h, color);
    if (p == CHART_HATCH || p == CHART_CROSSHATCH)
        hatch(cv, x, y, w, h, 1);
    if (p == CHART_BACKHATCH || p == CHART_CROSSHATCH)
        hatch(cv, x, y, w, h, -1);
    if (p == CHART_VERTICAL || p == CHART_GRID)
        stripes(cv, x, y, w, h, 1, WHITE, 2, 4);
    if (p == CHART_HORIZONTAL || p == CHART_GRID)
        stripes(cv, x, y, w, h, 0, WHITE, 2, 4);
}

static int by_start(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A vertical line from y1 to y2 (y1 < y2), left out where it would cross a box. */
void cv_vline_around(canvas_t *cv, double x, double y1, double y2, double width,
                     unsigned color, int dashed, const box_t *boxes, int n)
{
    const double pad = 2;
    double cut[64][2];
    int k = 0;
    for (int i = 0; i < n && k < 64; i++)
        if (x >= boxes[i].x0 - pad && x <= boxes[i].x1 + pad) {
            cut[k][0] = boxes[i].y0 - pad;
            cut[k++][1] = boxes[i].y1 + pad;
        }
    qsort(cut, (size_t)k, sizeof *cut, by_start);
    double y = y1;
    for (int i = 0; i < k && y < y2; i++) {
        if (cut[i][0] > y)
            cv_line(cv, x, y, x, fmin(cut[i][0], y2), width, color, dashed);
        y = fmax(y, cut[i][1]);
    }
    if (y < y2)
        cv_line(cv, x, y, x, y2, width, color, dashed);
}

/* The widths cairo gave the SVG backend, by size and text. The charts of a run measure
 * the same labels again and again (ticks, legends, the words of every page), and
 * cairo_text_extents was a sixth of drawing a chart. On SVG the face and the matrix never
 * change and metrics are not hinted, so a width depends on size and text alone. Emptied
 * when it holds WIDTHS texts. */
#define WIDTHS 4096
static struct {
    hash_t ix;    /* key -> index into key and w */
    char **key;   /* the size's 8 bytes as 16 letters, then the text */
    double *w;
    long n;
} widths;

void cv_widths_forget(void)
{
    for (long i = 0; i < widths.n; i++)
        free(widths.key[i]);
    free(widths.key);
    free(widths.w);
    hash_free(&widths.ix);
    memset(&widths, 0, sizeof widths);
}

double cv_text_width(canvas_t *cv, const char *s, double size)
{
    if (cv->page)
        return cv->text->width(cv->text->ctx, s, size * cv->scale) / cv->scale;
    char key[256]; /* a longer text is measured each time */
    size_t sn = strlen(s);
    int keep = cv->svg_text && sn < sizeof key - 16;
    if (keep) {
        unsigned char b[sizeof size];
        memcpy(b, &size, sizeof b);
        for (size_t k = 0; k < sizeof b; k++) {
            key[2 * k] = (char)('a' + (b[k] >> 4));
            key[2 * k + 1] = (char)('a' + (b[k] & 15));
        }
        memcpy(key + 16, s, sn + 1);
    }
    long i = keep ? hash_get(&widths.ix, key) : -1;
    if (i >= 0)
        return widths.w[i];
    cairo_text_extents_t ext;
    cairo_set_font_size(cv->cr, size);
    cairo_text_extents(cv->cr, s, &ext);
    if (keep) {
        if (widths.n == WIDTHS)
            cv_widths_forget();
        if (!widths.key) {
            widths.key = xmalloc(WIDTHS * sizeof *widths.key);
            widths.w = xmalloc(WIDTHS * sizeof *widths.w);
        }
        widths.key[widths.n] = xstrdup(key);
        widths.w[widths.n] = ext.x_advance;
        hash_put(&widths.ix, widths.key[widths.n], (uint32_t)widths.n);
        widths.n++;
    }
    return ext.x_advance;
}

/* Text with its baseline at y; align LEFT/CENTER/RIGHT on x. */
void cv_text(canvas_t *cv, double x, double y, const char *s, double size, int align,
             unsigned color)
{
    double w = cv_text_width(cv, s, size);
    if (align == CENTER)
        x -= w / 2;
    else if (align == RIGHT)
        x -= w;
    if (cv->page) {
        pdf_color(cv->page, 0, color);
        cv->text->show(cv->text->ctx, cv->page, cv->ox + x * cv->scale, cv->oy - y * cv->scale,
                       size * cv->scale, s);
    } else if (cv->svg_text) {
        /* anchored where it is aligned, so another sans-serif font stays in place */
        static const char *const anchor[] = {"", " text-anchor=\"middle\"", " text-anchor=\"end\""};
        double ax = align == CENTER ? x + w / 2 : align == RIGHT ? x + w : x;
        sb_printf(cv->svg_text, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%g\"%s", ax, y, size,
                  anchor[align]);
        if (color != 0) /* as cairo writes colours: "#..." is only ever a reference */
            sb_printf(cv->svg_text, " fill=\"rgb(%u,%u,%u)\"", (color >> 16) & 255,
                      (color >> 8) & 255, color & 255);
        xmlChar *esc = xmlEncodeSpecialChars(NULL, (const xmlChar *)s);
        if (!esc)
            alloc_fail(); /* NULL only without memory */
        sb_printf(cv->svg_text, ">%s</text>", (const char *)esc);
        xmlFree(esc);
    } else {
        double r, g, b;
        rgb(color, &r, &g, &b);
        cairo_set_source_rgb(cv->cr, r, g, b);
        cairo_set_font_size(cv->cr, size);
        cairo_move_to(cv->cr, x, y);
        cairo_show_text(cv->cr, s);
        cairo_new_path(cv->cr);
    }
}

struct fit_ctx {
    canvas_t *cv;
    double size;
};

static double fit_width(void *ctx, const char *s)
{
    struct fit_ctx *f = ctx;
    return cv_text_width(f->cv, s, f->size);
}

/* s cut to at most max_w wide, with "…" when cut (utf8_fit). Caller frees. */
char *cv_ellipsize(canvas_t *cv, const char *s, double size, double max_w)
{
    struct fit_ctx f = {cv, size};
    strbuf_t b = {0};
    char *r = xstrdup(utf8_fit(&b, s, max_w, fit_width, &f));
    sb_free(&b);
    return r;
}

/* s in one line of at most max_w, or two: the first up to the last space that fits, the
 * second ellipsised. *second is NULL for one line. */
void cv_split_label(canvas_t *cv, const char *s, double size, double max_w, char **first,
                    char **second)
{
    *second = NULL;
    if (cv_text_width(cv, s, size) <= max_w) {
        *first = xstrdup(s);
        return;
    }
    size_t cut = 0;
    for (size_t i = 1; s[i]; i++) {
        if (s[i] != ' ')
            continue;
        char *head = xstrndup(s, i);
        int fits = cv_text_width(cv, head, size) <= max_w;
        free(head);
        if (!fits)
            break;
        cut = i;
    }
    if (!cut) { /* no space that fits: one line, ellipsised */
        *first = cv_ellipsize(cv, s, size, max_w);
        return;
    }
    *first = xstrndup(s, cut);
    *second = cv_ellipsize(cv, s + cut + 1, size, max_w);
}

/* The box a text drawn by cv_text() takes (ascent and descent of DejaVu Sans, roughly). */
box_t cv_text_box(canvas_t *cv, double x, double y, const char *s, double size, int align)
{
    double w = cv_text_width(cv, s, size);
    double x0 = align == CENTER ? x - w / 2 : align == RIGHT ? x - w : x;
    return (box_t){x0, y - size * 0.78, x0 + w, y + size * 0.24};
}
