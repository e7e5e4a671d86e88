/* chart.c - the three chart kinds, laid out once and drawn onto a canvas.
 *
 * The layout code (draw_hbar, draw_stacked, draw_timeline) knows nothing of the output:
 * it asks the canvas (chart_canvas.h) for text widths and draws rectangles, lines,
 * circles and text. The entry points below make the canvas: on an SVG surface (HTML),
 * a PNG image (tests), or a libharu page (PDF), where chart_canvas.c replays each cairo
 * path as PDF path operators and sets text through the renderer's callbacks.
 * Coordinates are chart pixels, origin top left, y down.
 */
#define _POSIX_C_SOURCE 200809L
#include "chart.h"
#include "chart_canvas.h"
#include "pdf_ops.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "util/xmltree.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading the description ------------------------------------------------------ */

static unsigned parse_color(const char *s, unsigned fallback)
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return fallback;
    char *end;
    unsigned long v = strtoul(s + 1, &end, 16);
    return *end ? fallback : (unsigned)v;
}

const char *const chart_pattern_names[CHART_PATTERN_COUNT] = {
    "solid", "hatch", "backhatch", "crosshatch", "vertical", "horizontal", "grid", "dots", "outline"};

static chart_pattern_t parse_pattern(const char *s)
{
    for (int i = 0; s && i < CHART_PATTERN_COUNT; i++)
        if (strcmp(s, chart_pattern_names[i]) == 0)
            return (chart_pattern_t)i;
    return CHART_SOLID;
}

/* The index of the series with this id, or -1. */
static int series_index(const chart_t *c, const char *id)
{
    for (int i = 0; id && i < c->n_series; i++)
        if (c->series[i].id && strcmp(c->series[i].id, id) == 0)
            return i;
    return -1;
}

int chart_from_xml(xmlNodePtr el, chart_t *c, const char **err)
{
    memset(c, 0, sizeof *c);
    c->as_of = DATE_NONE;
    const char *kind = xt_at(el, "kind");
    if (!kind || (strcmp(kind, "hbar") && strcmp(kind, "stacked") && strcmp(kind, "timeline"))) {
        *err = "unknown chart kind";
        return -1;
    }
    c->kind = !strcmp(kind, "hbar") ? CHART_HBAR : !strcmp(kind, "stacked") ? CHART_STACKED : CHART_TIMELINE;
    c->id = xt_prop(el, "id");
    c->title = xt_prop(el, "title");
    c->caption = xt_prop(el, "caption");
    c->alt = xt_prop(el, "alt");
    c->x_label = xt_prop(el, "x-label");
    c->y_label = xt_prop(el, "y-label");
    const char *as_of = xt_at(el, "as-of");
    if (as_of)
        c->as_of = date_parse(as_of, strlen(as_of));
    c->as_of_label = xt_prop(el, "as-of-label");
    c->as_of_text = xt_prop(el, "as-of-text");
    c->no_data = xt_prop(el, "no-data");
    int ns = xt_count(el, "series");
    c->series = xcalloc((size_t)ns + 1, sizeof *c->series);
    c->rows = xcalloc((size_t)xt_count(el, "row") + 1, sizeof *c->rows);
    c->markers = xcalloc((size_t)xt_count(el, "marker") + 1, sizeof *c->markers);
    int values = c->kind == CHART_STACKED ? (ns ? ns : 1) : 1;
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (xt_is(k, "series")) {
            chart_series_t *s = &c->series[c->n_series++];
            s->id = xt_prop(k, "id");
            s->label = xt_prop(k, "label");
            s->rgb = parse_color(xt_at(k, "color"), 0x888888);
            s->pattern = parse_pattern(xt_at(k, "pattern"));
        } else if (xt_is(k, "marker")) {
            chart_marker_t *m = &c->markers[c->n_markers++];
            const char *at = xt_at(k, "at");
            m->at = at ? strtod(at, NULL) : 0;
            if (!isfinite(m->at))
                m->at = 0;
            m->label = xt_prop(k, "label");
        } else if (xt_is(k, "row")) {
            chart_row_t *r = &c->rows[c->n_rows++];
            r->rgb = parse_color(xt_at(k, "color"), 0xFFFFFFFFu);
            r->series = series_index(c, xt_at(k, "series")); /* the series come before the rows */
            r->date = DATE_NONE;
            r->values = xcalloc((size_t)values, sizeof *r->values);
            int i = 0;
            for (xmlNodePtr v = k->children; v; v = v->next) {
                if (!xt_is(v, "v"))
                    continue;
                xmlChar *t = xt_content(v);
                const char *s = (const char *)t;
                if (i == 0)
                    r->label = xstrdup(s);
                else if (c->kind == CHART_TIMELINE && xt_at(v, "date")) {
                    /* <v date="ISO">the reader's form</v> */
                    const char *iso = xt_at(v, "date");
                    r->date = date_parse(iso, strlen(iso));
                    if (!r->date_text)
                        r->date_text = xstrdup(s);
                } else if (c->kind == CHART_TIMELINE)
                    r->date = date_parse(s, strlen(s));
                else if (i - 1 < values) {
                    double d = strtod(s, NULL);
                    r->values[i - 1] = isfinite(d) && d > 0 ? d : 0;
                }
                xmlFree(t);
                i++;
            }
            if (!r->label)
                r->label = xstrdup("");
        }
    }
    return 0;
}

void chart_free(chart_t *c)
{
    free(c->id);
    free(c->title);
    free(c->caption);
    free(c->alt);
    free(c->as_of_label);
    free(c->as_of_text);
    free(c->no_data);
    free(c->x_label);
    free(c->y_label);
    for (int i = 0; i < c->n_series; i++) {
        free(c->series[i].id);
        free(c->series[i].label);
    }
    for (int i = 0; i < c->n_rows; i++) {
        free(c->rows[i].label);
        free(c->rows[i].date_text);
        free(c->rows[i].values);
    }
    for (int i = 0; i < c->n_markers; i++)
        free(c->markers[i].label);
    free(c->series);
    free(c->rows);
    free(c->markers);
    memset(c, 0, sizeof *c);
}

/* ---- axes and legends ------------------------------------------------------------------ */

static double nice_step(double max, int ticks)
{
    if (max <= 0)
        return 1;
    double raw = max / ticks, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    return step < 1 ? 1 : step;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (fabs(v - floor(v + 0.5)) < 1e-9)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
}



/* One legend entry: a swatch in the series' colour and pattern, then the label. Returns
 * its width. */
static double legend_entry(canvas_t *cv, double x, double y, const chart_series_t *s, int draw)
{
    double w = 18 + cv_text_width(cv, s->label ? s->label : "", 11);
    if (!draw)
        return w;
    cv_pattern_rect(cv, x, y - 10, 13, 13, s->rgb, s->pattern);
    if (s->pattern == CHART_DOTS) { /* framed, or it would be a few dots */
        cairo_new_path(cv->cr);
        cairo_rectangle(cv->cr, x, y - 10, 13, 13);
        cv_stroke_dash(cv, MUTED, 0.6, 0, 0, 0);
    }
    cv_text(cv, x + 18, y, s->label ? s->label : "", 11, LEFT, INK);
    return w;
}

/* The legend of every series, in rows from (x, y) wrapped before max_x. Returns the
 * baseline of its last row. */
static double legend(canvas_t *cv, const chart_t *c, double x, double y, double max_x)
{
    double lx = x;
    for (int i = 0; i < c->n_series; i++) {
        double w = legend_entry(cv, 0, 0, &c->series[i], 0) + 18;
        if (lx > x && lx + w > max_x) {
            lx = x;
            y += 18;
        }
        legend_entry(cv, lx, y, &c->series[i], 1);
        lx += w;
    }
    return y;
}

static void no_data(canvas_t *cv, const chart_t *c, double h)
{
    cv_rect(cv, 0.5, 0.5, CHART_W - 1, h - 1, 0xf6f6f6);
    cv_text(cv, CHART_W / 2, h / 2 + 4, c->no_data ? c->no_data : "No data", 13, CENTER, MUTED);
}

/* ---- hbar -------------------------------------------------------------------------------- */

#define HBAR_ROW 20.0
#define HBAR_LEGEND 22.0

/* hbar rows take their colour and pattern from a series; with two or more series
 * (tiers, severities) a legend on top says which is which. */
static int hbar_legend(const chart_t *c) { return c->n_series >= 2; }

static double hbar_height(const chart_t *c)
{
    return c->n_rows ? 16 + c->n_rows * HBAR_ROW + 40 + (hbar_legend(c) ? HBAR_LEGEND : 0) : 60;
}

static void draw_hbar(canvas_t *cv, const chart_t *c)
{
    double h = hbar_height(c);
    if (!c->n_rows) {
        no_data(cv, c, h);
        return;
    }
    double label_w = 0, max = 0;
    for (int i = 0; i < c->n_rows; i++) {
        double w = cv_text_width(cv, c->rows[i].label, 11);
        label_w = w > label_w ? w : label_w;
        max = c->rows[i].values[0] > max ? c->rows[i].values[0] : max;
    }
    if (label_w > 230)
        label_w = 230;
    double top = 12;
    if (hbar_legend(c))
        top += HBAR_LEGEND + legend(cv, c, 14, 14, CHART_W - 10) - 14;
    double x0 = label_w + 14, x1 = CHART_W - 50, bottom = top + c->n_rows * HBAR_ROW;
    double step = nice_step(max, 6), axis_max = ceil((max > 0 ? max : 1) / step) * step;
    char buf[32];
    /* the values go after the bars; the grid lines go round them */
    box_t boxes[64];
    int nb = 0;
    for (int i = 0; i < c->n_rows && nb < 64; i++) {
        const chart_row_t *r = &c->rows[i];
        fmt_num(buf, sizeof buf, r->values[0]);
        boxes[nb++] = cv_text_box(cv, x0 + (x1 - x0) * r->values[0] / axis_max + 5,
                                  top + i * HBAR_ROW + HBAR_ROW / 2 + 4, buf, 10, LEFT);
    }
    for (double v = 0; v <= axis_max + 1e-9; v += step) {
        double x = x0 + (x1 - x0) * v / axis_max;
        cv_vline_around(cv, x, top - 4, bottom, 1, GRID, 0, boxes, nb);
        fmt_num(buf, sizeof buf, v);
        cv_text(cv, x, bottom + 15, buf, 10, CENTER, MUTED);
    }
    for (int i = 0; i < c->n_rows; i++) {
        const chart_row_t *r = &c->rows[i];
        double y = top + i * HBAR_ROW;
        char *label = cv_ellipsize(cv, r->label, 11, label_w);
        cv_text(cv, x0 - 8, y + HBAR_ROW / 2 + 4, label, 11, RIGHT, INK);
        free(label);
        double w = (x1 - x0) * r->values[0] / axis_max;
        const chart_series_t *se = r->series >= 0 ? &c->series[r->series] : NULL;
        unsigned col = se ? se->rgb : r->rgb != 0xFFFFFFFFu ? r->rgb : c->n_series ? c->series[0].rgb : 0x2e86c1;
        cv_pattern_rect(cv, x0, y + 4, w, HBAR_ROW - 8, col, se ? se->pattern : CHART_SOLID);
        fmt_num(buf, sizeof buf, r->values[0]);
        cv_text(cv, x0 + w + 5, y + HBAR_ROW / 2 + 4, buf, 10, LEFT, INK);
    }
    cv_line(cv, x0, top - 4, x0, bottom, 1, 0x9a9a9a, 0);
    if (c->x_label)
        cv_text(cv, (x0 + x1) / 2, bottom + 32, c->x_label, 11, CENTER, MUTED);
}

/* ---- stacked ------------------------------------------------------------------------------ */

#define STACKED_H 320.0
#define MARKER_ROW 13.0
#define MARKER_ROWS_MAX 3

/* Rows of marker labels above a stacked chart: one per marker in view, up to 3. */
static int stacked_marker_rows(const chart_t *c)
{
    int n = 0;
    for (int m = 0; m < c->n_markers; m++)
        n += c->markers[m].at >= 0 && c->markers[m].at <= c->n_rows;
    return n < MARKER_ROWS_MAX ? n : MARKER_ROWS_MAX;
}

static double stacked_height(const chart_t *c)
{
    return c->n_rows && c->n_series ? STACKED_H + stacked_marker_rows(c) * MARKER_ROW : 60;
}

static void draw_stacked(canvas_t *cv, const chart_t *c)
{
    double h = stacked_height(c);
    if (!c->n_rows || !c->n_series) {
        no_data(cv, c, 60);
        return;
    }
    double ly = legend(cv, c, 56, 14, CHART_W - 10); /* on top, wrapped */
    double max = 0;
    for (int i = 0; i < c->n_rows; i++) {
        double sum = 0;
        for (int s = 0; s < c->n_series; s++)
            sum += c->rows[i].values[s];
        max = sum > max ? sum : max;
    }
    int rows = stacked_marker_rows(c); /* the markers' labels: a band above the bars */
    double x0 = 56, x1 = CHART_W - 12, top = ly + 30 + rows * MARKER_ROW, bottom = h - 56;
    double step = nice_step(max, 5), axis_max = ceil((max > 0 ? max : 1) / step) * step;
    char buf[32];
    for (double v = 0; v <= axis_max + 1e-9; v += step) {
        double y = bottom - (bottom - top) * v / axis_max;
        cv_line(cv, x0, y, x1, y, 1, GRID, 0);
        fmt_num(buf, sizeof buf, v);
        cv_text(cv, x0 - 6, y + 4, buf, 10, RIGHT, MUTED);
    }
    double slot = (x1 - x0) / c->n_rows, bar = fmin(slot * 0.7, 160); /* one bar stays a bar */
    /* category labels: as many as fit without overlapping */
    double widest = 0;
    for (int i = 0; i < c->n_rows; i++) {
        double w = cv_text_width(cv, c->rows[i].label, 10);
        widest = w > widest ? w : widest;
    }
    int every = (int)ceil((widest + 8) / slot);
    if (every < 1)
        every = 1;
    for (int i = 0; i < c->n_rows; i++) {
        double x = x0 + slot * i + (slot - bar) / 2, y = bottom;
        for (int s = 0; s < c->n_series; s++) {
            double hh = (bottom - top) * c->rows[i].values[s] / axis_max;
            cv_pattern_rect(cv, x, y - hh, bar, hh, c->series[s].rgb, c->series[s].pattern);
            y -= hh;
        }
        if (i % every == 0) {
            char *label = cv_ellipsize(cv, c->rows[i].label, 10, slot * every - 4);
            cv_text(cv, x0 + slot * i + slot / 2, bottom + 15, label, 10, CENTER, INK);
            free(label);
        }
    }
    cv_line(cv, x0, bottom, x1, bottom, 1, 0x9a9a9a, 0);
    /* markers: the labels in the band above the bars, on the first row (from the bars
     * up) where they overlap no other label; the lines go round the other labels */
    if (rows) {
        box_t boxes[16];
        double xs[16];
        int nb = 0;
        double end[MARKER_ROWS_MAX];
        for (int k = 0; k < MARKER_ROWS_MAX; k++)
            end[k] = -1e9;
        for (int m = 0; m < c->n_markers && nb < 16; m++) {
            double x = x0 + slot * c->markers[m].at;
            if (x < x0 || x > x1)
                continue;
            const char *label = c->markers[m].label ? c->markers[m].label : "";
            double w = cv_text_width(cv, label, 10);
            double tx = x + 4 + w > CHART_W - 4 ? x - 4 - w : x + 4;
            int level = 0;
            while (level < rows - 1 && tx < end[level] + 6)
                level++;
            end[level] = tx + w;
            xs[nb] = x;
            boxes[nb] = cv_text_box(cv, tx, top - 8 - level * MARKER_ROW, label, 10, LEFT);
            cv_text(cv, tx, top - 8 - level * MARKER_ROW, label, 10, LEFT, 0x444444);
            nb++;
        }
        for (int k = 0; k < nb; k++) {
            box_t own = boxes[k];
            boxes[k] = (box_t){0, 0, 0, 0}; /* a line runs beside its own label */
            cv_vline_around(cv, xs[k], own.y0, bottom, 1.2, 0x444444, 1, boxes, nb);
            boxes[k] = own;
        }
    }
    if (c->x_label)
        cv_text(cv, (x0 + x1) / 2, bottom + 36, c->x_label, 11, CENTER, MUTED);
    if (c->y_label)
        cv_text(cv, 4, top - 12, c->y_label, 10, LEFT, MUTED);
}

/* ---- timeline ------------------------------------------------------------------------------ */

#define TIMELINE_H 256.0
#define TIMELINE_LABELS 64 /* milestones labelled; the rest are left out */

/* Label levels: above near, below near, above far, below far (offsets from the axis). */
static const double timeline_offset[4] = {-30, 44, -78, 92};

/* One milestone as placed: its dot at x, its label block at (tx, ty) on a level. */
typedef struct {
    double x, tx, ty;
    int level, lines, past;
    char *label, *second, d[96];
} milestone_t;

/* The timeline's layout. Every label is placed first, so the lines can go round them:
 * the as-of line, the leaders from the dots and the year ticks never run through a
 * label. boxes holds the year labels, then the as-of label, then the milestones'. */
typedef struct {
    int lo, hi;          /* the days at x0 and x1 */
    double x0, x1, axis; /* the axis, y */
    int year_first, year_last; /* the years whose 1 January gets a tick: first + 1 .. last */
    double ax;           /* x of the as-of line, -1e9 without one */
    char as_of_text[200];
    double as_of_x;
    box_t boxes[TIMELINE_LABELS + 33];
    int nb;
    double end[4]; /* right end of the last label on each level */
    milestone_t lab[TIMELINE_LABELS];
    int nl;
} timeline_t;

/* The days the axis spans: every dated milestone and the as-of day, with a margin.
 * Returns 0 when there is no date at all. */
static int timeline_span(const chart_t *c, int *lo_out, int *hi_out)
{
    int lo = DATE_NONE, hi = DATE_NONE;
    for (int i = 0; i < c->n_rows; i++) {
        int d = c->rows[i].date;
        if (d == DATE_NONE)
            continue;
        lo = lo == DATE_NONE || d < lo ? d : lo;
        hi = hi == DATE_NONE || d > hi ? d : hi;
    }
    if (c->as_of != DATE_NONE) {
        lo = lo == DATE_NONE || c->as_of < lo ? c->as_of : lo;
        hi = hi == DATE_NONE || c->as_of > hi ? c->as_of : hi;
    }
    if (lo == DATE_NONE)
        return 0;
    int span = hi - lo > 30 ? hi - lo : 30;
    *lo_out = lo - span / 12;
    *hi_out = hi + span / 12;
    return 1;
}

/* The x of day d on the axis. */
static double timeline_x(const timeline_t *t, int d)
{
    return t->x0 + (t->x1 - t->x0) * (d - t->lo) / (double)(t->hi - t->lo);
}

static void place_year_labels(canvas_t *cv, timeline_t *t)
{
    char buf[64];
    for (int y = t->year_first + 1; y <= t->year_last && t->nb < 32; y++) {
        snprintf(buf, sizeof buf, "%d", y);
        t->boxes[t->nb++] = cv_text_box(cv, timeline_x(t, date_from_ymd(y, 1, 1)), t->axis + 17,
                                        buf, 10, CENTER);
    }
}

/* "As of <date>" at the top, right of the as-of line, or left of it near the edge. */
static void place_as_of(canvas_t *cv, timeline_t *t, const chart_t *c)
{
    char d[11];
    date_format(c->as_of, d);
    snprintf(t->as_of_text, sizeof t->as_of_text, "%s %s",
             c->as_of_label ? c->as_of_label : "As of", c->as_of_text ? c->as_of_text : d);
    double w = cv_text_width(cv, t->as_of_text, 11);
    t->as_of_x = t->ax + 5 + w > CHART_W ? t->ax - 5 - w : t->ax + 5;
    t->boxes[t->nb++] = cv_text_box(cv, t->as_of_x, 12, t->as_of_text, 11, LEFT);
}

/* Places the label of milestone r (label, maybe a second line, then its date) centred on
 * its dot, off the as-of line, on the first level where it overlaps no label before it.
 * A label wider than 180 px takes two lines, growing away from the axis. */
static void place_milestone(canvas_t *cv, timeline_t *t, const chart_t *c, const chart_row_t *r)
{
    double x = timeline_x(t, r->date), ax = t->ax;
    char *label, *second;
    cv_split_label(cv, r->label, 10.5, 180, &label, &second);
    char d[96];
    if (r->date_text)
        snprintf(d, sizeof d, "%s", r->date_text);
    else
        date_format(r->date, d);
    double w = cv_text_width(cv, label, 10.5);
    double w2 = second ? cv_text_width(cv, second, 10.5) : 0;
    double wd = cv_text_width(cv, d, 10);
    w = w > wd ? w : wd;
    w = w > w2 ? w : w2;
    double tx = x - w / 2;
    if (tx - 4 < ax && ax < tx + w + 4) /* off the as-of line, on the dot's side */
        tx = x >= ax ? ax + 5 : ax - 5 - w;
    tx = tx < 2 ? 2 : tx + w > CHART_W - 2 ? CHART_W - 2 - w : tx;
    int level = 0;
    while (level < 3 && tx < t->end[level] + 8)
        level++;
    t->end[level] = tx + w;
    int n = second ? 2 : 1;
    double ty = t->axis + timeline_offset[level];
    /* the block of lines: above the axis it ends with the date at ty + 1 */
    double first_base = timeline_offset[level] < 0 ? ty - 11 - 12 * (n - 1) : ty;
    double last_base = timeline_offset[level] < 0 ? ty + 1 : ty + 12 * n;
    t->boxes[t->nb++] = (box_t){tx, first_base - 10.5 * 0.78, tx + w, last_base + 10 * 0.24};
    milestone_t *m = &t->lab[t->nl++];
    m->x = x;
    m->tx = tx;
    m->ty = ty;
    m->level = level;
    m->lines = n;
    m->past = c->as_of == DATE_NONE || r->date <= c->as_of;
    m->label = label;
    m->second = second;
    memcpy(m->d, d, sizeof d);
}

static void draw_year_ticks(canvas_t *cv, const timeline_t *t)
{
    char buf[64];
    for (int y = t->year_first + 1; y <= t->year_last; y++) {
        double x = timeline_x(t, date_from_ymd(y, 1, 1));
        cv_vline_around(cv, x, t->axis - 5, t->axis + 5, 1, 0x7a7a7a, 0, t->boxes, t->nb);
        snprintf(buf, sizeof buf, "%d", y);
        cv_text(cv, x, t->axis + 17, buf, 10, CENTER, MUTED);
    }
}

/* The leaders from the dots to their labels, round every other label. */
static void draw_leaders(canvas_t *cv, timeline_t *t)
{
    int first_label = t->nb - t->nl;
    for (int i = 0; i < t->nl; i++) {
        const milestone_t *m = &t->lab[i];
        double off = timeline_offset[m->level];
        box_t own = t->boxes[first_label + i];
        t->boxes[first_label + i] = (box_t){0, 0, 0, 0};
        double ya = t->axis, yb = m->ty + (off < 0 ? 4 : -12);
        cv_vline_around(cv, m->x, ya < yb ? ya : yb, ya < yb ? yb : ya, 1, 0xb0b0b0, 0, t->boxes,
                        t->nb);
        t->boxes[first_label + i] = own;
    }
}

/* A milestone's dot (filled when past) and its label block; frees its lines. */
static void draw_milestone(canvas_t *cv, milestone_t *m, double axis)
{
    cv_circle(cv, m->x, axis, 5, 0x1f4e79, m->past);
    double tx = m->tx, ty = m->ty;
    int n = m->lines;
    if (timeline_offset[m->level] < 0) { /* above: the date on the axis side, lines stacked upwards */
        cv_text(cv, tx, ty - 11 - 12 * (n - 1), m->label, 10.5, LEFT, INK);
        if (m->second)
            cv_text(cv, tx, ty - 11, m->second, 10.5, LEFT, INK);
        cv_text(cv, tx, ty + 1, m->d, 10, LEFT, MUTED);
    } else {
        cv_text(cv, tx, ty, m->label, 10.5, LEFT, INK);
        if (m->second)
            cv_text(cv, tx, ty + 12, m->second, 10.5, LEFT, INK);
        cv_text(cv, tx, ty + 12 * n, m->d, 10, LEFT, MUTED);
    }
    free(m->label);
    free(m->second);
}

static void draw_timeline(canvas_t *cv, const chart_t *c)
{
    double h = TIMELINE_H;
    timeline_t t = {.x0 = 20, .x1 = CHART_W - 20, .axis = h / 2 + 6, .ax = -1e9,
                    .end = {-1e9, -1e9, -1e9, -1e9}};
    if (!c->n_rows || !timeline_span(c, &t.lo, &t.hi)) {
        no_data(cv, c, 60);
        return;
    }
    cv_line(cv, t.x0, t.axis, t.x1, t.axis, 2, 0x7a7a7a, 0);
    int m, d;
    date_to_ymd(t.lo, &t.year_first, &m, &d);
    date_to_ymd(t.hi, &t.year_last, &m, &d);
    place_year_labels(cv, &t);
    if (c->as_of != DATE_NONE) {
        t.ax = timeline_x(&t, c->as_of);
        place_as_of(cv, &t, c);
    }
    for (int i = 0; i < c->n_rows && t.nl < TIMELINE_LABELS; i++)
        if (c->rows[i].date != DATE_NONE)
            place_milestone(cv, &t, c, &c->rows[i]);
    draw_year_ticks(cv, &t);
    if (c->as_of != DATE_NONE) {
        cv_vline_around(cv, t.ax, 14, h - 8, 2, 0xc0392b, 0, t.boxes, t.nb);
        cv_text(cv, t.as_of_x, 12, t.as_of_text, 11, LEFT, 0xc0392b);
    }
    draw_leaders(cv, &t);
    for (int i = 0; i < t.nl; i++)
        draw_milestone(cv, &t.lab[i], t.axis);
}

/* ---- entry points ------------------------------------------------------------------------------ */

void chart_size(const chart_t *c, double *w, double *h)
{
    *w = CHART_W;
    if (c->kind == CHART_HBAR)
        *h = hbar_height(c);
    else if (c->kind == CHART_STACKED)
        *h = stacked_height(c);
    else
        *h = c->n_rows ? TIMELINE_H : 60;
}

static void draw(canvas_t *cv, const chart_t *c)
{
    if (c->kind == CHART_HBAR)
        draw_hbar(cv, c);
    else if (c->kind == CHART_STACKED)
        draw_stacked(cv, c);
    else
        draw_timeline(cv, c);
}

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int length)
{
    sb_put(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* 1 when cairo failed; a cairo out of memory ends the run like any other. */
static int cairo_failed(cairo_status_t st)
{
    if (st == CAIRO_STATUS_NO_MEMORY)
        alloc_fail();
    return st != CAIRO_STATUS_SUCCESS;
}

/* Renames every id="..." cairo wrote, and every reference to one (#...), to
 * prefix + its rank of first appearance. cairo numbers glyphs and surfaces with
 * process-wide counters, so the rename makes the SVG the same whichever charts the
 * process drew before, and unique among the charts of one page. */
static char *prefix_ids(const char *svg, const char *prefix, size_t *len)
{
    strbuf_t out = {0};
    hash_t ids = {0};
    char tag[32] = "";
    char **names = NULL;
    long n_names = 0;
    const char *p = svg;
    if (strncmp(p, "<?xml", 5) == 0) { /* inlined into HTML: no XML declaration */
        const char *e = strstr(p, "?>");
        p = e ? e + 2 : p;
        while (*p == '\n' || *p == '\r')
            p++;
    }
    while (*p) {
        const char *q = p + strcspn(p, "i=u</"); /* only these can start what we rewrite */
        sb_put(&out, p, (size_t)(q - p));
        p = q;
        if (!*p)
            break;
        size_t n = strncmp(p, "id=\"", 4) == 0 ? 4 : strncmp(p, "=\"#", 3) == 0 ? 3
                 : strncmp(p, "url(#", 5) == 0 ? 5 : 0;
        if (n) {
            sb_put(&out, p, n);
            p += n;
            size_t k = strcspn(p, "\")");
            char *name = xstrndup(p, k);
            long rank = hash_get(&ids, name);
            if (rank < 0) {
                names = xrealloc(names, (size_t)(n_names + 1) * sizeof *names);
                names[n_names] = name;
                rank = n_names;
                hash_put(&ids, name, (uint32_t)n_names++);
            } else {
                free(name);
            }
            sb_printf(&out, "%s%ld", prefix, rank + 1);
            p += k;
        } else if (strncmp(p, "<svg ", 5) == 0) {
            sb_puts(&out, "<svg role=\"img\" focusable=\"false\" ");
            p += 5;
            snprintf(tag, sizeof tag, "svg");
        } else if (p[0] == '<' && p[1] != '/' && p[1] != '!' && p[1] != '?') {
            /* remember the element name, to close it in HTML's way below */
            size_t k = strcspn(p + 1, " \t\n/>");
            snprintf(tag, sizeof tag, "%.*s", (int)(k < sizeof tag - 1 ? k : sizeof tag - 1), p + 1);
            sb_putc(&out, *p++);
        } else if (p[0] == '/' && p[1] == '>' && tag[0]) {
            /* "<path .../>" becomes "<path ...></path>": the same for an HTML5 parser,
             * and unambiguous for HTML4 parsers such as libxml2's */
            sb_printf(&out, "></%s>", tag);
            p += 2;
        } else {
            sb_putc(&out, *p++);
        }
    }
    hash_free(&ids);
    for (long i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    *len = out.len;
    return out.s;
}

static cairo_font_face_t *held_face; /* chart_fonts_init */

void chart_fonts_init(void)
{
    if (held_face)
        return;
    held_face = cairo_toy_font_face_create(FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(s);
    cairo_set_font_face(cr, held_face);
    cairo_set_font_size(cr, 11);
    cairo_text_extents_t e; /* a first measure: the face resolved through fontconfig */
    cairo_text_extents(cr, "0", &e);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

void chart_fonts_free(void)
{
    cv_widths_forget();
    if (held_face)
        cairo_font_face_destroy(held_face);
    held_face = NULL;
}

char *chart_svg(const chart_t *c, const char *id_prefix, size_t *len)
{
    double w, h;
    chart_size(c, &w, &h);
    strbuf_t buf = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buffer, &buf, w, h);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    strbuf_t texts = {0};
    canvas_t cv = {cr, NULL, NULL, 0, 0, 1, &texts};
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(&cv, c);
    int bad = cairo_failed(cairo_status(cr));
    cairo_destroy(cr);
    cairo_surface_finish(s);
    bad |= cairo_failed(cairo_surface_status(s));
    cairo_surface_destroy(s);
    char *out = NULL;
    if (!bad) {
        sb_putc(&buf, '\0');
        out = prefix_ids(buf.s, id_prefix, len);
        /* the labels go last, inside the root: after the renaming, which must not
         * touch their text */
        char *end = strstr(out, "</svg>");
        if (end) {
            strbuf_t page = {0};
            sb_put(&page, out, (size_t)(end - out));
            sb_puts(&page, "<g font-family=\"" FONT ", Verdana, Arial, sans-serif\">");
            sb_put(&page, texts.s ? texts.s : "", texts.len);
            sb_puts(&page, "</g>");
            sb_puts(&page, end);
            free(out);
            out = page.s;
            *len = page.len;
        }
    }
    sb_free(&texts);
    sb_free(&buf);
    return out;
}

int chart_png(const chart_t *c, const char *path, double scale)
{
    double w, h;
    chart_size(c, &w, &h);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale), (int)(h * scale));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    canvas_t cv = {cr, NULL, NULL, 0, 0, 1, NULL};
    draw(&cv, c);
    cairo_destroy(cr);
    int rc = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(s);
    return rc;
}

double chart_pdf(const chart_t *c, HPDF_Page page, const chart_pdf_text_t *text, double x,
                 double y_top, double w)
{
    double cw, ch;
    chart_size(c, &cw, &ch);
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    canvas_t cv = {cr, page, text, x, y_top, w / cw, NULL};
    pdf_end_text(page);
    HPDF_Page_GSave(page);
    draw(&cv, c);
    pdf_end_text(page);
    HPDF_Page_GRestore(page);
    int bad = cairo_failed(cairo_status(cr));
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return bad ? -1 : ch * cv.scale;
}
