/* render_html.c - XSLT over the report model, charts inlined as SVG. */
#define _POSIX_C_SOURCE 200809L
#include "render_html.h"

#include "chart.h"
#include "util/output.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdlib.h>
#include <string.h>

struct html {
    xsltStylesheetPtr report, index;
    xsltSecurityPrefsPtr sec;
    char *css, *js;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *g = realloc(buf, cap *= 2);
            if (!g) {
                free(buf);
                buf = NULL;
            }
            buf = g;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

html_t *html_new(const char *dir, FILE *err)
{
    html_t *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/report.xsl", dir);
    h->report = xsltParseStylesheetFile((const xmlChar *)path);
    if (!h->report)
        fprintf(err, "%s: error: cannot compile the HTML template\n", path);
    snprintf(path, sizeof path, "%s/index.xsl", dir);
    h->index = h->report ? xsltParseStylesheetFile((const xmlChar *)path) : NULL;
    if (h->report && !h->index)
        fprintf(err, "%s: error: cannot compile the index template\n", path);
    snprintf(path, sizeof path, "%s/report.css", dir);
    h->css = slurp(path);
    snprintf(path, sizeof path, "%s/report.js", dir);
    h->js = slurp(path);
    if (h->index && (!h->css || !h->js))
        fprintf(err, "%s: error: cannot read report.css or report.js\n", dir);
    h->sec = xsltNewSecurityPrefs();
    if (!h->report || !h->index || !h->css || !h->js || !h->sec) {
        html_free(h);
        return NULL;
    }
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    return h;
}

void html_free(html_t *h)
{
    if (!h)
        return;
    if (h->report)
        xsltFreeStylesheet(h->report);
    if (h->index)
        xsltFreeStylesheet(h->index);
    if (h->sec)
        xsltFreeSecurityPrefs(h->sec);
    free(h->css);
    free(h->js);
    free(h);
}

/* Draws every <chart> and inserts its <svg> as the chart's first child. */
static int insert_charts(xmlDocPtr model, char *err, size_t errlen)
{
    xmlNodePtr root = xmlDocGetRootElement(model);
    int n = 0;
    for (xmlNodePtr cs = root ? root->children : NULL; cs; cs = cs->next) {
        if (cs->type != XML_ELEMENT_NODE || strcmp((const char *)cs->name, "charts") != 0)
            continue;
        for (xmlNodePtr c = cs->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "chart") != 0)
                continue;
            chart_t ch;
            const char *why = NULL;
            if (chart_from_xml(c, &ch, &why) != 0) {
                snprintf(err, errlen, "chart: %s", why ? why : "invalid description");
                return -1;
            }
            char prefix[32];
            snprintf(prefix, sizeof prefix, "c%d-", n++);
            size_t len = 0;
            char *svg = chart_svg(&ch, prefix, &len);
            chart_free(&ch);
            if (!svg) {
                snprintf(err, errlen, "chart: cairo could not draw it");
                return -1;
            }
            xmlDocPtr sd = xmlReadMemory(svg, (int)len, "chart.svg", NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
            free(svg);
            if (!sd) {
                snprintf(err, errlen, "chart: the SVG is not well-formed");
                return -1;
            }
            xmlNodePtr copy = xmlDocCopyNode(xmlDocGetRootElement(sd), model, 1);
            xmlFreeDoc(sd);
            if (!copy)
                return -1;
            if (c->children)
                xmlAddPrevSibling(c->children, copy);
            else
                xmlAddChild(c, copy);
        }
    }
    return 0;
}

static int transform(html_t *h, xsltStylesheetPtr style, xmlDocPtr model, const char *path,
                     char *err, size_t errlen)
{
    xsltTransformContextPtr ctxt = xsltNewTransformContext(style, model);
    if (!ctxt) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    xsltSetCtxtSecurityPrefs(h->sec, ctxt);
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"css", (const xmlChar *)h->css);
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"js", (const xmlChar *)h->js);
    xmlDocPtr res = xsltApplyStylesheetUser(style, model, NULL, NULL, NULL, ctxt);
    int failed = ctxt->state != XSLT_STATE_OK;
    xsltFreeTransformContext(ctxt);
    if (!res || failed) {
        xmlFreeDoc(res);
        snprintf(err, errlen, "the HTML transform failed");
        return -1;
    }
    outfile_t o;
    int rc = -1;
    if (out_begin(&o, path) != 0) {
        snprintf(err, errlen, "cannot write: %s", strerror(errno));
    } else if (xsltSaveResultToFile(o.f, res, style) < 0) {
        out_abort(&o);
        snprintf(err, errlen, "cannot write the HTML");
    } else if (out_commit(&o) != 0) {
        snprintf(err, errlen, "cannot write: %s", strerror(errno));
    } else {
        rc = 0;
    }
    xmlFreeDoc(res);
    return rc;
}

int html_render(html_t *h, xmlDocPtr model, const char *path, char *err, size_t errlen)
{
    if (insert_charts(model, err, errlen) != 0)
        return -1;
    return transform(h, h->report, model, path, err, errlen);
}

int html_render_index(html_t *h, xmlDocPtr index, const char *path, char *err, size_t errlen)
{
    return transform(h, h->index, index, path, err, errlen);
}
