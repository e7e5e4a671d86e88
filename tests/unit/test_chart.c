/* test_chart.c - chart descriptions to SVG and PDF vectors: well-formed, ids unique per
 * chart, every reference resolved, degenerate inputs drawn, PDF valid (qpdf --check).
 * PNG previews go to $CHART_PNG_DIR when it is set, for looking at them. */
#define _POSIX_C_SOURCE 200809L
#include "chart.h"

#include <hpdf.h>
#include <libxml/parser.h>
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
};

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
    char *svgs[8] = {0};
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
    xmlCleanupParser();
    return failed;
}
