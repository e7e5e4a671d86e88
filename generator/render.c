/* render.c - the table of output formats (render.h): a new format is its renderer file
 * and one row here; --format, --help and the output tree read nothing else. */
#include "render.h"

#include "render_pdf.h"

#include <string.h>

static void pdf_release(void *state)
{
    (void)state;
    pdf_engine_free();
}

static void pdf_early(const render_opts_t *o) { pdf_engine_init(o->fonts_dir); }

const format_t formats[] = {
    {.name = "pdf", .kind = FORMAT_PAGE, .by_default = 1,
     .help = "one PDF per report (A4, libharu)",
     .page = render_pdf, .release = pdf_release, .early = pdf_early, .index_link = "pdf"},
    {.name = "html", .kind = FORMAT_PAGE, .by_default = 1,
     .help = "one self-contained HTML page per report, and index.html",
     .page = render_html, .prepare = render_html_prepare, .release = render_html_release,
     .early = render_html_early,
     .index_link = "href", .index_page = 1},
    {.name = "json", .kind = FORMAT_FINDINGS, .by_default = 1,
     .help = "findings.json: vouchers and findings of the whole run",
     .findings = render_json},
    {.name = "csv", .kind = FORMAT_FINDINGS, .by_default = 1,
     .help = "findings.csv: one row per finding (RFC 4180)",
     .findings = render_csv},
    {.name = "xml", .kind = FORMAT_FINDINGS,
     .help = "findings.xml: the programme's report model, no row limit",
     .findings = render_xml},
    {.name = "ndjson", .kind = FORMAT_FINDINGS,
     .help = "findings.ndjson: one finding a line, for log pipelines", .findings = render_ndjson},
};
const int n_formats = (int)(sizeof formats / sizeof formats[0]);

int format_find(const char *name)
{
    for (int i = 0; i < n_formats; i++)
        if (strcmp(formats[i].name, name) == 0)
            return i;
    return -1;
}

unsigned format_defaults(void)
{
    unsigned set = 0;
    for (int i = 0; i < n_formats; i++)
        if (formats[i].by_default)
            set |= FORMAT_BIT(i);
    return set;
}
