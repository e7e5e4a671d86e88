/* test_chart.c - chart descriptions to SVG and PDF vectors: well-formed, ids unique per
 * chart, every reference resolved, degenerate inputs drawn, PDF valid (qpdf --check);
 * series patterns read and drawn, and the days-remaining tiers told apart in grey.
 * PNG previews go to $CHART_PNG_DIR when it is set, for looking at them. */
#define _POSIX_C_SOURCE 200809L
#include "chart.h"
#include "chart_canvas.h"
#include "util/date.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <hpdf.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - chart: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static const char *examples[] = {
    "<chart id='days-remaining' kind='hbar' title='t' caption='c' alt='a' x-label='Days remaining'>"
    "<col label='Voucher'/><col label='Days'/>"
    "<row color='#c0392b'><v>PS-2021-000123</v><v>3</v></row>"
    "<row color='#d68910'><v>Ελληνικά Συστήματα — a very long label that must be cut short</v><v>45</v></row>"
    "<row color='#1e8449'><v>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"</v><v>160</v></row></chart>",
    "<chart id='empty' kind='hbar' title='t' caption='c' alt='a'><col label='x'/></chart>",
    "<chart id='expiring' kind='stacked' title='t' caption='c' alt='a' x-label='Week starting' y-label='Vouchers'>"
    "<series id='a' label='Voucher expiry' color='#c0392b'/><series id='b' label='Last day to redeem' color='#8e44ad'/>"
    "<series id='c' label='Payment request' color='#2980b9'/>"
    "<marker at='2.4' label='Last day to create vouchers 2021-06-30'/><marker at='2.6' label='Days removed 2021-07-01'/>"
    "<col label='w'/><col label='a'/><col label='b'/><col label='c'/>"
    "<row><v>2021-06-14</v><v>3</v><v>0</v><v>1</v></row><row><v>2021-06-21</v><v>5</v><v>1</v><v>0</v></row>"
    "<row><v>2021-06-28</v><v>2</v><v>0</v><v>4</v></row><row><v>2021-07-05</v><v>0</v><v>0</v><v>0</v></row>"
    "<row><v>2021-07-12</v><v>7</v><v>0</v><v>2</v></row><row><v>2021-07-19</v><v>1</v><v>0</v><v>0</v></row>"
    "<row><v>2021-07-26</v><v>3</v><v>0</v><v>1</v></row><row><v>2021-08-02</v><v>5</v><v>1</v><v>0</v></row>"
    "<row><v>2021-08-09</v><v>2</v><v>0</v><v>4</v></row><row><v>2021-08-16</v><v>0</v><v>0</v><v>0</v></row>"
    "<row><v>2021-08-23</v><v>7</v><v>0</v><v>2</v></row><row><v>2021-08-30</v><v>1</v><v>0</v><v>0</v></row>"
    "</chart>",
    "<chart id='timeline' kind='timeline' as-of='2021-06-15' title='t' caption='c' alt='a'>"
    "<col label='m'/><col label='d'/>"
    "<row><v>Cloud engagements retired</v><v>2020-02-01</v></row>"
    "<row><v>Training vouchers no longer convertible</v><v>2020-02-01</v></row>"
    "<row><v>Planning days no longer accrue</v><v>2021-02-01</v></row>"
    "<row><v>Last day to create or assign vouchers</v><v>2021-06-30</v></row>"
    "<row><v>Remaining planning days removed</v><v>2021-07-01</v></row>"
    "<row><v>Last day to redeem vouchers</v><v>2022-01-01</v></row></chart>",
    "<chart id='bad' kind='hbar' title='t' caption='c' alt='a'><row><v>x</v><v>nan</v></row>"
    "<row><v>y</v><v>-5</v></row><row><v>z</v><v>1e400</v></row><row/></chart>",
    /* every pattern, in a stacked chart with its legend, and tiny and zero segments */
    "<chart id='patterns' kind='stacked' title='t' caption='c' alt='a'>"
    "<series id='s0' label='solid' color='#196f3d' pattern='solid'/>"
    "<series id='s1' label='hatch' color='#c0392b' pattern='hatch'/>"
    "<series id='s2' label='backhatch' color='#8e44ad' pattern='backhatch'/>"
    "<series id='s3' label='crosshatch' color='#e67e22' pattern='crosshatch'/>"
    "<series id='s4' label='vertical' color='#1abc9c' pattern='vertical'/>"
    "<series id='s5' label='horizontal' color='#2e86c1' pattern='horizontal'/>"
    "<series id='s6' label='grid' color='#27ae60' pattern='grid'/>"
    "<series id='s7' label='dots' color='#5dade2' pattern='dots'/>"
    "<series id='s8' label='outline' color='#95a5a6' pattern='outline'/>"
    "<series id='s9' label='unknown' color='#95a5a6' pattern='zigzag'/>"
    "<row><v>A</v><v>9</v><v>8</v><v>7</v><v>6</v><v>5</v><v>4</v><v>3</v><v>2</v><v>1</v><v>0.01</v></row>"
    "<row><v>B</v><v>0</v><v>1</v><v>0</v><v>30</v><v>0</v><v>1</v><v>0</v><v>1</v><v>0</v><v>0</v></row>"
    "</chart>",
};

/* The days-remaining chart as report.c describes it: one series per tier (colour and
 * pattern), each bar naming its tier's series; %s is the series of the one bar. */
static const char tiers_fmt[] =
    "<chart id='days-remaining' kind='hbar' title='t' caption='c' alt='a' x-label='Days remaining'>"
    "<series id='tier-red' label='30 days or less' color='#c0392b' pattern='%s'/>"
    "<series id='tier-amber' label='31 to 90 days' color='#d68910' pattern='%s'/>"
    "<series id='tier-green' label='more than 90 days' color='#1e8449' pattern='%s'/>"
    "<row series='%s'><v>PS-2021-000123</v><v>40</v></row></chart>";

static int parse(const char *xml, chart_t *c)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "x.xml", NULL, 0);
    const char *err = NULL;
    int rc = doc ? chart_from_xml(xmlDocGetRootElement(doc), c, &err) : -1;
    xmlFreeDoc(doc);
    return rc;
}

/* The chart drawn at 1.5x and seen in grey (ITU-R 601 luma, as print and pdftoppm -gray
 * see it), malloc'd, w * h bytes. */
static unsigned char *grey(const chart_t *c, int *w, int *h)
{
    char tmp[] = "/tmp/test_chart_grey_XXXXXX";
    int fd = mkstemp(tmp);
    close(fd);
    unsigned char *g = NULL;
    if (chart_png(c, tmp, 1.5) == 0) {
        cairo_surface_t *s = cairo_image_surface_create_from_png(tmp);
        *w = cairo_image_surface_get_width(s);
        *h = cairo_image_surface_get_height(s);
        int stride = cairo_image_surface_get_stride(s);
        const unsigned char *px = cairo_image_surface_get_data(s);
        g = px ? malloc((size_t)*w * (size_t)*h) : NULL;
        for (int y = 0; g && y < *h; y++)
            for (int x = 0; x < *w; x++) {
                uint32_t v = *(const uint32_t *)(px + y * stride + 4 * x);
                g[y * *w + x] = (unsigned char)(0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) +
                                                0.114 * (v & 255) + 0.5);
            }
        cairo_surface_destroy(s);
    }
    unlink(tmp);
    return g;
}

/* Pixels whose grey differs by more than a fifth of the scale between the drawings of
 * the same bar in two tiers. The legend is the same in both, so what differs is the bar. */
static long grey_difference(const char *patterns[3], const char *a, const char *b)
{
    char xml[1024];
    unsigned char *g[2] = {0};
    int w[2] = {0}, h[2] = {0};
    const char *tier[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        chart_t c;
        snprintf(xml, sizeof xml, tiers_fmt, patterns[0], patterns[1], patterns[2], tier[k]);
        if (parse(xml, &c) != 0)
            return -1;
        g[k] = grey(&c, &w[k], &h[k]);
        chart_free(&c);
    }
    long n = -1;
    if (g[0] && g[1] && w[0] == w[1] && h[0] == h[1]) {
        n = 0;
        for (long i = 0; i < (long)w[0] * h[0]; i++)
            n += abs(g[0][i] - g[1][i]) > 51;
    }
    free(g[0]);
    free(g[1]);
    return n;
}

/* The PDF path operators of the canvas: a rectangle is one `re` with the same corner and
 * direction as its four sides (y flips: a negative height), a circle's path ends at its
 * close_path (cairo's trailing move_to left out), a line stays m/l. The page content is
 * read back uncompressed. */
static void test_pdf_paths(void)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_Page page = HPDF_AddPage(pdf);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(s);
    canvas_t cv = {cr, page, NULL, 40, 800, 0.5, NULL};
    cv_rect(&cv, 10, 20, 30, 40, 0xff0000);
    cv_rect(&cv, 10, 20, 0, 40, 0x00ff00); /* no width: nothing */
    cv_circle(&cv, 100, 100, 8, 0x0000ff, 1);
    cv_line(&cv, 0, 0, 50, 50, 2, 0x000000, 0);
    check(HPDF_GetError(pdf) == HPDF_OK, "canvas paths drawn into a page without a libharu error");
    check(HPDF_SaveToStream(pdf) == HPDF_OK, "the page saves");
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    char *buf = calloc(1, (size_t)size + 1);
    HPDF_UINT32 got = size;
    check(buf && HPDF_ReadFromStream(pdf, (HPDF_BYTE *)buf, &got) != HPDF_INVALID_DOCUMENT &&
              got == size, "the saved PDF is read back");
    if (buf) {
        for (HPDF_UINT32 i = 0; i < got; i++)
            if (!buf[i])
                buf[i] = ' '; /* binary parts must not end the string early */
        check(strstr(buf, "1 0 0 rg\n45 790 15 -20 re\nf\n") != NULL,
              "a rectangle is one re: corner (45, 790), 15 wide, 20 down, then filled");
        check(!strstr(buf, "0 1 0 rg"), "a rectangle of no width draws nothing");
        const char *circle = strstr(buf, "0 0 1 rg\n");
        const char *fill = circle ? strstr(circle, "\nf\n") : NULL;
        const char *curve = circle ? strstr(circle, " c\n") : NULL;
        check(fill && curve && curve < fill && fill[-1] == 'h',
              "a circle's path ends at its close_path, with no move_to before the fill");
        check(strstr(buf, "40 800 m\n65 775 l\nS\n") != NULL, "a line stays move_to, line_to, stroke");
    }
    free(buf);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    HPDF_Free(pdf);
}

static void test_tiers_in_grey(void)
{
    /* the patterns report.c gives the tiers; then colour alone, as before */
    const char *patterned[3] = {"solid", "vertical", "outline"};
    const char *colour_only[3] = {"solid", "solid", "solid"};
    const char *names[3] = {"tier-red", "tier-amber", "tier-green"};
    chart_t c;
    char xml[1024];
    snprintf(xml, sizeof xml, tiers_fmt, "solid", "vertical", "outline", "tier-green");
    check(parse(xml, &c) == 0 && c.n_series == 3 && c.rows[0].series == 2 &&
              c.series[0].pattern == CHART_SOLID && c.series[1].pattern == CHART_VERTICAL &&
              c.series[2].pattern == CHART_OUTLINE,
          "a bar takes the series it names, with the series' pattern");
    chart_free(&c);
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            long n = grey_difference(patterned, names[i], names[j]);
            char what[160];
            snprintf(what, sizeof what, "in grey, a %s bar and a %s bar differ (%ld pixels)", names[i],
                     names[j], n);
            check(n > 300, what);
        }
    /* the check above is not idle: by colour alone red and green are one grey */
    long n = grey_difference(colour_only, "tier-red", "tier-green");
    char what[160];
    snprintf(what, sizeof what, "by colour alone, red and green bars are the same grey (%ld pixels differ)", n);
    check(n >= 0 && n < 30, what);
    snprintf(xml, sizeof xml, tiers_fmt, "solid", "vertical", "outline", "no-such-series");
    check(parse(xml, &c) == 0 && c.rows[0].series == -1, "a bar naming no known series has none");
    chart_free(&c);
}

static double tw(void *ctx, const char *s, double size)
{
    HPDF_Font f = ctx;
    HPDF_TextWidth w = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
    return w.width * size / 1000.0;
}

static void show(void *ctx, HPDF_Page page, double x, double y, double size, const char *s)
{
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, ctx, (HPDF_REAL)size);
    HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s);
    HPDF_Page_EndText(page);
}

/* every id starts with prefix and every #reference names an id of the same SVG */
static int ids_ok(const char *svg, const char *prefix)
{
    for (const char *p = svg; (p = strstr(p, "id=\"")); p += 4)
        if (strncmp(p + 4, prefix, strlen(prefix)) != 0)
            return 0;
    for (const char *p = svg; (p = strstr(p, "\"#")); p += 2) {
        const char *e = strchr(p + 2, '"');
        if (!e)
            return 0;
        char id[128];
        snprintf(id, sizeof id, "id=\"%.*s\"", (int)(e - p - 2), p + 2);
        if (!strstr(svg, id))
            return 0;
    }
    return 1;
}


/* ---- descriptions at their edges ------------------------------------------------------ */

/* The chart of xml (a format with one %s, or none), drawn as SVG and into a PDF page;
 * the SVG (malloc'd, NULL when it failed) and the chart's size. */
static HPDF_Doc edge_pdf;
static chart_pdf_text_t edge_text;

static char *edge_svg(const char *xml, chart_t *c, double *h)
{
    if (parse(xml, c) != 0)
        return NULL;
    double w;
    chart_size(c, &w, h);
    size_t len = 0;
    char *svg = chart_svg(c, "e-", &len);
    HPDF_Page page = HPDF_AddPage(edge_pdf);
    double used = chart_pdf(c, page, &edge_text, 40, 800, 515);
    if (used <= 0 || HPDF_GetError(edge_pdf) != HPDF_OK) {
        free(svg);
        return NULL;
    }
    return svg;
}

/* How many <text> elements of svg hold exactly s. */
static int texts_of(const char *svg, const char *s)
{
    int n = 0;
    char want[512];
    snprintf(want, sizeof want, ">%s</text>", s);
    for (const char *p = svg; p && (p = strstr(p, want)); p += strlen(want))
        n++;
    return n;
}

/* Pixels of exactly colour rgb in the chart drawn at scale 1 (RGB24). */
static long pixels_of(const chart_t *c, unsigned rgb)
{
    char tmp[] = "/tmp/test_chart_px_XXXXXX";
    int fd = mkstemp(tmp);
    close(fd);
    long n = -1;
    if (chart_png(c, tmp, 1) == 0) {
        cairo_surface_t *s = cairo_image_surface_create_from_png(tmp);
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        int stride = cairo_image_surface_get_stride(s);
        const unsigned char *px = cairo_image_surface_get_data(s);
        n = 0;
        for (int y = 0; px && y < h; y++)
            for (int x = 0; x < w; x++)
                n += (*(const uint32_t *)(px + y * stride + 4 * x) & 0xFFFFFF) == rgb;
        cairo_surface_destroy(s);
    }
    unlink(tmp);
    return n;
}

static void test_reading(void)
{
    chart_t c;
    const char *err = NULL;
    xmlDocPtr doc = xmlReadMemory("<chart title='t'/>", 18, "x.xml", NULL, 0);
    check(chart_from_xml(xmlDocGetRootElement(doc), &c, &err) == -1 && err &&
              strcmp(err, "unknown chart kind") == 0,
          "a chart without a kind is refused: unknown chart kind");
    xmlFreeDoc(doc);
    check(parse("<chart kind='pie'/>", &c) == -1, "kind='pie' is refused");
    check(parse("<chart kind='stacked'>"
                "<series id='a' color='red'/><series id='b' color='#12345'/>"
                "<series id='c' color='#12345g'/><series color='#0a0b0c'/><series id='e' color='#ABCDEF'/>"
                "<row color='#zzzzzz'><v>r</v><v>1</v><v>2</v><v>3</v><v>4</v><v>5</v><v>6</v><v>7</v></row>"
                "</chart>", &c) == 0 &&
              c.series[0].rgb == 0x888888 && c.series[1].rgb == 0x888888 &&
              c.series[2].rgb == 0x888888 && c.series[3].rgb == 0x0a0b0c &&
              c.series[4].rgb == 0xABCDEF && c.rows[0].rgb == 0xFFFFFFFFu,
          "colours: 'red', 5 digits, a non-hex digit fall back to grey; #rrggbb in either case is read");
    check(c.n_rows == 1 && c.rows[0].values[4] == 5 && c.rows[0].values[0] == 1,
          "stacked: one value per series, the values past the series ignored");
    chart_free(&c);
    check(parse("<chart kind='hbar'><series label='no id'/><series id='s' label='S'/>"
                "<row series='s'><v>a</v><v>1</v></row></chart>", &c) == 0 && c.rows[0].series == 1,
          "a series without an id is passed over when a bar names its series");
    chart_free(&c);
    check(parse("<chart kind='stacked'><series id='a'/><marker label='none'/>"
                "<marker at='inf' label='inf'/><marker at='nan'/><marker at='1.5' label='x'/>"
                "<row><v>a</v><v>1</v></row></chart>", &c) == 0 &&
              c.n_markers == 4 && c.markers[0].at == 0 && c.markers[1].at == 0 && c.markers[2].at == 0 &&
              c.markers[3].at == 1.5 && c.markers[2].label == NULL,
          "markers: no 'at', 'inf' and 'nan' are at 0; a marker may have no label");
    chart_free(&c);
    check(parse("<chart kind='hbar'><row><v>a</v><v>2.5</v><v>99</v><v>7</v></row></chart>", &c) == 0 &&
              c.rows[0].values[0] == 2.5,
          "hbar: the first value is the bar, the others are ignored");
    chart_free(&c);
    check(parse("<chart kind='timeline'><row><v>m</v><v date='2021-06-30'>30 giugno</v>"
                "<v date='2022-01-01'>1 gennaio</v></row></chart>", &c) == 0 &&
              c.rows[0].date == date_parse("2022-01-01", 10) &&
              strcmp(c.rows[0].date_text, "30 giugno") == 0,
          "timeline: two dated values, the last date and the first reader's text kept");
    chart_free(&c);
}

static void test_hbar_edges(void)
{
    chart_t c;
    double h = 0;
    char *svg = edge_svg("<chart kind='hbar'><row><v>half</v><v>2.5</v></row>"
                         "<row><v>zero</v><v>0</v></row></chart>", &c, &h);
    check(svg && texts_of(svg, "2.5") == 1 && texts_of(svg, "half") == 1 && h == 16 + 2 * 20 + 40,
          "hbar: a fractional value is written with one decimal; two rows, 96 px high");
    /* no series, no colour: the default blue */
    check(pixels_of(&c, 0x2e86c1) > 100, "hbar: a bar without series or colour is blue (#2e86c1)");
    chart_free(&c);
    free(svg);
    svg = edge_svg("<chart kind='hbar'><series id='s' color='#117a65'/>"
                   "<row><v>a</v><v>8</v></row></chart>", &c, &h);
    check(svg && pixels_of(&c, 0x117a65) > 100 && texts_of(svg, "8") >= 1,
          "hbar: a bar without series or colour takes the first series' colour");
    check(svg && !strstr(svg, ">s</text>") && h == 16 + 20 + 40,
          "hbar: one series, no legend (a legend only from two series on)");
    chart_free(&c);
    free(svg);
    /* 70 rows: more than the 64 value boxes the grid lines go round */
    char xml[8192] = "<chart kind='hbar'>";
    for (int i = 1; i <= 70; i++)
        snprintf(xml + strlen(xml), sizeof xml - strlen(xml), "<row><v>r%d</v><v>%d</v></row>", i, i * 1000);
    strcat(xml, "</chart>");
    svg = edge_svg(xml, &c, &h);
    check(svg && texts_of(svg, "r70") == 1 && texts_of(svg, "70000") == 1 && h == 16 + 70 * 20 + 40,
          "hbar: 70 rows, every one labelled and valued (1456 px)");
    chart_free(&c);
    free(svg);
    svg = edge_svg("<chart kind='hbar'><row><v>huge</v><v>1e300</v></row>"
                   "<row><v>neg</v><v>-5</v></row></chart>", &c, &h);
    check(svg && c.rows[1].values[0] == 0 && texts_of(svg, "neg") == 1,
          "hbar: a huge value draws, a negative one is 0");
    chart_free(&c);
    free(svg);
}

static void test_stacked_edges(void)
{
    chart_t c;
    double h = 0;
    char *svg = edge_svg("<chart kind='stacked' no-data='Nessun dato'>"
                         "<row><v>a</v><v>1</v></row></chart>", &c, &h);
    check(svg && h == 60 && texts_of(svg, "Nessun dato") == 1,
          "stacked without series: the chart's no-data words, 60 px");
    chart_free(&c);
    free(svg);
    svg = edge_svg("<chart kind='stacked'><series id='a'/></chart>", &c, &h);
    check(svg && h == 60 && texts_of(svg, "No data") == 1, "stacked without rows: 'No data', 60 px");
    chart_free(&c);
    free(svg);
    /* markers out of view (before the first, after the last category) take no row; a
     * marker at the right edge has its label on the left of its line */
    svg = edge_svg("<chart kind='stacked'><series id='a' color='#884ea0'/><series id='b'/>"
                   "<marker at='-1' label='before'/><marker at='9' label='after'/>"
                   "<marker at='2' label='At the very end of the last category'/><marker at='0'/>"
                   "<row><v>one</v><v>3</v><v>1</v></row><row><v>two</v><v>0</v><v>0</v></row></chart>",
                   &c, &h);
    check(svg && h == 320 + 2 * 13 && texts_of(svg, "before") == 0 && texts_of(svg, "after") == 0 &&
              texts_of(svg, "At the very end of the last category") == 1,
          "stacked: markers out of view are not drawn nor given a row; two in view, 346 px");
    const char *end = svg ? strstr(svg, ">At the very end of the last category</text>") : NULL;
    const char *x = end;
    while (x && x > svg && strncmp(x, "<text x=\"", 9) != 0)
        x--;
    check(x && atof(x + 9) < 708 - 4, "stacked: a marker at the right edge has its label left of its line");
    check(svg && texts_of(svg, "") >= 1, "stacked: a series and a marker without a label draw an empty text");
    chart_free(&c);
    free(svg);
}

static void test_timeline_edges(void)
{
    chart_t c;
    double h = 0;
    char *svg = edge_svg("<chart kind='timeline'/>", &c, &h);
    check(svg && h == 60 && texts_of(svg, "No data") == 1, "timeline without rows: 'No data', 60 px");
    chart_free(&c);
    free(svg);
    svg = edge_svg("<chart kind='timeline'><row><v>undated</v><v>soon</v></row></chart>", &c, &h);
    check(svg && texts_of(svg, "No data") == 1 && texts_of(svg, "undated") == 0,
          "timeline with no date at all and no as-of: 'No data'");
    chart_free(&c);
    free(svg);
    /* no as-of: no marker, every milestone past (filled); an undated row left out */
    svg = edge_svg("<chart kind='timeline'><row><v>first</v><v>2021-01-10</v></row>"
                   "<row><v>undated</v><v>later</v></row><row><v>second</v><v>2021-03-01</v></row></chart>",
                   &c, &h);
    check(svg && h == 256 && texts_of(svg, "first") == 1 && texts_of(svg, "second") == 1 &&
              texts_of(svg, "undated") == 0 && !strstr(svg, "As of"),
          "timeline without as-of: the dated milestones, no as-of line, the undated left out");
    long past = pixels_of(&c, 0x1f4e79);
    printf("# dot pixels without as-of: %ld\n", past);
    check(past > 100, "timeline without as-of: the dots are filled (past)");
    chart_free(&c);
    free(svg);
    /* the as-of day before every milestone (all open dots), then after every one */
    svg = edge_svg("<chart kind='timeline' as-of='2020-01-01'><row><v>m</v><v>2021-01-10</v></row></chart>",
                   &c, &h);
    long open_dots = pixels_of(&c, 0x1f4e79);
    check(svg && texts_of(svg, "As of 2020-01-01") == 1, "timeline: the as-of day before the first milestone");
    chart_free(&c);
    free(svg);
    svg = edge_svg("<chart kind='timeline' as-of='2023-01-01' as-of-label='Al'>"
                   "<row><v>m</v><v>2021-01-10</v></row></chart>", &c, &h);
    long filled = pixels_of(&c, 0x1f4e79);
    printf("# dot pixels: open %ld, filled %ld\n", open_dots, filled);
    check(svg && texts_of(svg, "Al 2023-01-01") == 1 && filled > open_dots,
          "timeline: the as-of day after the last milestone, in the chart's words; its dot filled");
    chart_free(&c);
    free(svg);
    /* 90 years: ticks for the first 32 only; 70 milestones: 64 labelled; crowded labels
     * on every level; a long label without a space on one line, cut */
    char xml[16384] = "<chart kind='timeline' as-of='1990-06-01'>"
                      "<row><v>Averyveryverylonglabelwithoutanyspaceatalltobreakitonwhatsoever</v>"
                      "<v>1950-01-01</v></row><row><v>end</v><v>2040-01-01</v></row>";
    for (int i = 0; i < 70; i++)
        snprintf(xml + strlen(xml), sizeof xml - strlen(xml),
                 "<row><v>m%02d</v><v>1990-01-%02d</v></row>", i, 1 + i % 28);
    strcat(xml, "</chart>");
    svg = edge_svg(xml, &c, &h);
    check(svg && texts_of(svg, "1981") == 1 && texts_of(svg, "2039") == 1,
          "timeline over 90 years: a tick and a year label every year");
    check(svg && texts_of(svg, "m61") == 1 && texts_of(svg, "m62") == 0 && texts_of(svg, "end") == 1,
          "timeline: the first 64 milestones labelled, the rest left out");
    check(svg && !strstr(svg, "Averyveryverylonglabelwithoutanyspaceatalltobreakitonwhatsoever<") &&
              strstr(svg, ">Averyvery"),
          "timeline: a label too long for two lines and without a space is cut on one");
    chart_free(&c);
    free(svg);
}

static void test_entry_edges(void)
{
    chart_t c;
    check(parse("<chart kind='hbar'><row><v>a</v><v>1</v></row></chart>", &c) == 0 &&
              chart_png(&c, "/nonexistent-dir/x.png", 1) == -1,
          "chart_png into a missing directory: -1");
    chart_free(&c);
    chart_fonts_init();
    chart_fonts_init(); /* held once */
    size_t len = 0;
    check(parse("<chart kind='hbar'><row><v>after init</v><v>1</v></row></chart>", &c) == 0, "parses");
    char *svg = chart_svg(&c, "f-", &len);
    check(svg && texts_of(svg, "after init") == 1, "charts draw with the face held (chart_fonts_init twice)");
    free(svg);
    chart_free(&c);
    chart_fonts_free();
    chart_fonts_free();
}

/* cv_text_width on SVG remembers cairo's widths by size and text: 5,000 texts (more than
 * the 4,096 it holds: it empties and goes on) in three sizes, asked twice, each equal to
 * cairo's own measure; a text too long to remember is measured each time. */
static void text_widths(void)
{
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(NULL, NULL, 100, 100);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    strbuf_t texts = {0};
    canvas_t cv = {cr, NULL, NULL, 0, 0, 1, &texts};
    static const double sizes[] = {9, 10.5, 11};
    int same = 1, differ = 0;
    char t[400];
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 5000; k++) {
            double size = sizes[k % 3];
            snprintf(t, sizeof t, "P%06d %s", k * 7919 % 100000, k % 2 ? "W" : "i");
            double w = cv_text_width(&cv, t, size);
            cairo_text_extents_t e;
            cairo_set_font_size(cr, size);
            cairo_text_extents(cr, t, &e);
            same &= w == e.x_advance;
            differ |= k > 0 && w != cv_text_width(&cv, t, sizes[(k + 1) % 3]);
        }
    memset(t, 'W', 300);
    t[300] = '\0';
    cairo_text_extents_t e;
    cairo_set_font_size(cr, 10);
    cairo_text_extents(cr, t, &e);
    check(same && differ && cv_text_width(&cv, t, 10) == e.x_advance && cv_text_width(&cv, t, 10) == e.x_advance,
          "SVG text widths remembered by size and text: 5,000 texts twice in three sizes, each cairo's "
          "own width; a 300-letter text measured");
    cv_widths_forget();
    sb_free(&texts);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

int main(void)
{
    const char *png_dir = getenv("CHART_PNG_DIR");
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    const char *fname =
        HPDF_LoadTTFontFromFile(pdf, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", HPDF_TRUE);
    HPDF_Font font = HPDF_GetFont(pdf, fname, "UTF-8");
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    chart_pdf_text_t text = {font, tw, show};
    char *svgs[16] = {0};
    int n = (int)(sizeof examples / sizeof *examples);
    for (int i = 0; i < n; i++) {
        xmlDocPtr doc = xmlReadMemory(examples[i], (int)strlen(examples[i]), "x.xml", NULL, 0);
        chart_t c;
        const char *err = NULL;
        char what[128];
        snprintf(what, sizeof what, "example %d parses", i);
        check(doc && chart_from_xml(xmlDocGetRootElement(doc), &c, &err) == 0, what);
        char prefix[16];
        snprintf(prefix, sizeof prefix, "c%d-", i);
        size_t len = 0;
        svgs[i] = chart_svg(&c, prefix, &len);
        xmlDocPtr sd = svgs[i] ? xmlReadMemory(svgs[i], (int)len, "s.svg", NULL, XML_PARSE_NOERROR) : NULL;
        snprintf(what, sizeof what, "example %d: SVG is well-formed (%zu bytes)", i, len);
        check(sd != NULL, what);
        xmlFreeDoc(sd);
        snprintf(what, sizeof what, "example %d: SVG ids prefixed and references resolved", i);
        check(svgs[i] && ids_ok(svgs[i], prefix), what);
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        double used = chart_pdf(&c, page, &text, 40, 800, 515);
        snprintf(what, sizeof what, "example %d: drawn into the PDF (%.0f pt high)", i, used);
        check(used > 0 && HPDF_GetError(pdf) == HPDF_OK, what);
        if (png_dir) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s.png", png_dir, c.id);
            chart_png(&c, path, 1.5);
        }
        chart_free(&c);
        xmlFreeDoc(doc);
    }
    check(svgs[0] && svgs[2] && !strstr(svgs[2], "id=\"c0-"), "two charts share no id");
    check(svgs[0] && !strstr(svgs[0], "<script>"), "label text is escaped in the SVG");
    for (int i = 0; i < n; i++)
        free(svgs[i]);
    char tmp[] = "/tmp/test_chart_XXXXXX";
    int fd = mkstemp(tmp);
    close(fd);
    check(HPDF_SaveToFile(pdf, tmp) == HPDF_OK, "PDF saved");
    HPDF_Free(pdf);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", tmp);
    check(system(cmd) == 0, "qpdf --check passes on the charts' PDF");
    if (png_dir) {
        snprintf(cmd, sizeof cmd, "cp %s %s/charts.pdf", tmp, png_dir);
        if (system(cmd) != 0)
            check(0, "copy the PDF preview");
    }
    unlink(tmp);
    test_tiers_in_grey();
    test_pdf_paths();
    edge_pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(edge_pdf);
    HPDF_SetCurrentEncoder(edge_pdf, "UTF-8");
    fname = HPDF_LoadTTFontFromFile(edge_pdf, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", HPDF_TRUE);
    edge_text = (chart_pdf_text_t){HPDF_GetFont(edge_pdf, fname, "UTF-8"), tw, show};
    test_reading();
    test_hbar_edges();
    test_stacked_edges();
    test_timeline_edges();
    test_entry_edges();
    check(HPDF_SaveToStream(edge_pdf) == HPDF_OK, "the edge charts' PDF saves");
    HPDF_Free(edge_pdf);
    xmlCleanupParser();
    text_widths();
    return failed;
}
