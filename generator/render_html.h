/* render_html.h - the HTML pages: report models through the XSLT templates.
 *
 * The stylesheets of templates/ are compiled once (html_new) and applied per report,
 * with the CSS and JS of templates/ passed in as string parameters so each page is one
 * self-contained file. Before the transform, every <chart> of the model gets its SVG
 * drawn by cairo (chart.h) with ids unique to the chart. The transform runs under
 * libxslt security preferences that forbid reading or writing files and the network.
 */
#ifndef PSREPORT_RENDER_HTML_H
#define PSREPORT_RENDER_HTML_H

#include <libxml/tree.h>
#include <stdio.h>

typedef struct html html_t;

html_t *html_new(const char *templates_dir, FILE *err);
void html_free(html_t *h);

/* Renders a report model (modified: SVGs are inserted) to path via a temporary file.
 * Returns 0, or -1 with a message in err. */
int html_render(html_t *h, xmlDocPtr model, const char *path, char *err, size_t errlen);
/* Renders the index model (docs/report-model.md, "index") to path. */
int html_render_index(html_t *h, xmlDocPtr index, const char *path, char *err, size_t errlen);

#endif
