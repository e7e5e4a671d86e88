/* test_html.c - render_html.c on its own: the templates that cannot be compiled or read,
 * a template failing at run time (its message in the page's one error line), the charts
 * (drawn, remembered, refused), ps:date with and without the model's month names, the
 * index page, and the <!--svg:N--> markers that are not a chart's.
 * The model is the programme's report model that `psreport --format xml` writes
 * (findings.xml of the samples), made by this test with build/psreport. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "render.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/xsltutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;
static char dir[] = "/tmp/psreport-html-XXXXXX";

static void check(int cond, const char *what)
{
    printf("%s - html: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static void put(const char *sub, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A templates directory dir/sub: a copy of templates/, then name replaced by text
 * (removed when text is NULL). */
static const char *templates(const char *sub, const char *name, const char *text)
{
    static char path[512];
    char cmd[1200];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r templates '%s'", path, path);
    if (system(cmd) != 0)
        return path;
    if (name && text)
        put(sub, name, text);
    else if (name) {
        char f[600];
        snprintf(f, sizeof f, "%s/%s", path, name);
        unlink(f);
    }
    return path;
}

/* prepare's state for the templates in tdir, its messages in msg. */
static void *prepare(const char *tdir, char *msg, size_t n)
{
    static render_opts_t o;
    o = (render_opts_t){.templates_dir = tdir, .fonts_dir = "fonts", .warn = NULL};
    FILE *err = fmemopen(msg, n, "w");
    void *h = render_html_prepare(&o, err);
    fclose(err);
    return h;
}

/* Renders model with state h: its rc, the page in page (free it), the why in why. */
static int render(void *h, xmlDocPtr model, char **page, char why[256])
{
    render_opts_t o = {.templates_dir = "templates", .fonts_dir = "fonts"};
    page_t pg = {.opts = &o, .state = h};
    size_t len = 0;
    FILE *out = open_memstream(page, &len);
    int rc = render_html(&pg, model, out);
    fclose(out);
    memcpy(why, pg.why, sizeof pg.why);
    return rc;
}

static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static const char *XSL_HEAD =
    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
    "xmlns:ps=\"urn:psreport\">\n<xsl:output method=\"html\"/>\n";

int main(void)
{
    char msg[2048], why[256], cmd[600], *page = NULL, *again = NULL;
    if (!mkdtemp(dir))
        return 1;
    snprintf(cmd, sizeof cmd, "%s -q --no-progress --format xml -o %s/x input/ 2>/dev/null",
             getenv("PSREPORT_BIN") ? getenv("PSREPORT_BIN") : "build/psreport", dir);
    int rc = system(cmd);
    snprintf(cmd, sizeof cmd, "%s/x/findings.xml", dir);
    xmlDocPtr model = xmlReadFile(cmd, NULL, 0);
    check(rc != -1 && model, "the programme's report model of the samples (findings.xml)");
    if (!model)
        return 1;
    /* the compile errors of the broken ones go to libxml2's and libxslt's handlers */
    xmlSetGenericErrorFunc(NULL, quiet);
    xsltSetGenericErrorFunc(NULL, quiet);

    /* ---- what prepare cannot compile or read ---- */
    snprintf(cmd, sizeof cmd, "%s/none", dir);
    check(!prepare(cmd, msg, sizeof msg) && strstr(msg, "/none/report.xsl: error: cannot compile the HTML template"),
          "no report.xsl: 'cannot compile the HTML template', naming it");
    check(!prepare(templates("t1", "index.xsl", "<xsl:stylesheet"), msg, sizeof msg) &&
              strstr(msg, "index.xsl: error: cannot compile the index template") &&
              !strstr(msg, "HTML template"),
          "a malformed index.xsl: 'cannot compile the index template', and only that");
    check(!prepare(templates("t2", "report.js", NULL), msg, sizeof msg) &&
              strstr(msg, "/t2: error: cannot read report.css or report.js"),
          "no report.js: 'cannot read report.css or report.js', naming the directory");
    check(!prepare(templates("t3", "report.css", NULL), msg, sizeof msg) &&
              strstr(msg, "cannot read report.css or report.js"),
          "no report.css: the same");

    /* ---- the real templates ---- */
    msg[0] = '\0';
    void *h = prepare("templates", msg, sizeof msg);
    check(h && !msg[0], "the shipped templates compile, nothing said");
    if (!h)
        return 1;
    rc = render(h, model, &page, why);
    check(rc == 0 && strstr(page, "<html") && strstr(page, "<svg") && !strstr(page, "<!--svg:") &&
              strstr(page, "15 June 2021"),
          "the programme page: HTML, every chart's SVG in place of its marker, dates in words");
    int rc2 = render(h, model, &again, why);
    check(rc2 == 0 && strcmp(page, again) == 0, "the same page again (charts from the memo): the same bytes");
    free(page);
    free(again);

    /* a model without month names: ps:date gives the ISO date as it is */
    xmlDocPtr bare = xmlCopyDoc(model, 1);
    for (xmlNodePtr n = xmlDocGetRootElement(bare)->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "labels") == 0) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            break;
        }
    rc = render(h, bare, &page, why);
    check(rc == 0 && strstr(page, "Services (2021-06-15)</title>"),
          "without the model's month names ps:date leaves the ISO date");
    free(page);
    xmlFreeDoc(bare);

    /* charts: an unknown kind, and more than the 16 a page holds */
    xmlDocPtr bad = xmlCopyDoc(model, 1);
    xmlNodePtr charts = NULL;
    for (xmlNodePtr n = xmlDocGetRootElement(bad)->children; n && !charts; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "charts") == 0)
            charts = n;
    check(charts && charts->children, "the model has a <charts> element");
    if (!charts)
        return 1;
    xmlNodePtr first = charts->children;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    xmlNodePtr pie = xmlCopyNode(first, 1);
    xmlSetProp(pie, (const xmlChar *)"kind", (const xmlChar *)"pie");
    xmlAddChild(charts, pie);
    rc = render(h, bad, &page, why);
    check(rc == -1 && strncmp(why, "chart: ", 7) == 0, "a chart of an unknown kind: the page fails, 'chart: ...'");
    free(page);
    xmlUnlinkNode(pie);
    xmlFreeNode(pie);
    for (int i = 0; i < 17; i++)
        xmlAddChild(charts, xmlCopyNode(first, 1));
    rc = render(h, bad, &page, why);
    check(rc == -1 && strcmp(why, "more than 16 charts on one page") == 0,
          "more than 16 charts: the page fails, saying so");
    free(page);
    xmlFreeDoc(bad);

    /* the index page: a model whose root is <index> goes through index.xsl */
    xmlDocPtr ix = xmlReadMemory("<index lang=\"en\"/>", 18, "index", NULL, 0);
    rc = render(h, ix, &page, why);
    check(rc == 0 && strstr(page, "<html"), "a model whose root is <index>: index.xsl's page");
    free(page);
    xmlFreeDoc(ix);
    render_html_release(h);

    /* ---- templates that fail at run time, and markers that are not charts ---- */
    char xsl[1024];
    snprintf(xsl, sizeof xsl,
             "%s<xsl:template match=\"/\"><p>before</p><xsl:message terminate=\"yes\">the "
             "template\nstops here</xsl:message></xsl:template></xsl:stylesheet>\n", XSL_HEAD);
    h = prepare(templates("t4", "report.xsl", xsl), msg, sizeof msg);
    rc = h ? render(h, model, &page, why) : 1;
    check(h && rc == -1 && strncmp(why, "the HTML transform failed: ", 27) == 0 &&
              strstr(why, "the template stops here") && !strchr(why, '\n'),
          "xsl:message terminate: the page fails with the template's message, on one line");
    free(h ? page : NULL);
    render_html_release(h);

    snprintf(xsl, sizeof xsl,
             "%s<xsl:template match=\"/\"><p><xsl:value-of select=\"ps:date('a', 'b')\"/></p>"
             "</xsl:template></xsl:stylesheet>\n", XSL_HEAD);
    h = prepare(templates("t5", "report.xsl", xsl), msg, sizeof msg);
    page = NULL;
    rc = h ? render(h, model, &page, why) : 1;
    check(h && rc == -1 && strncmp(why, "the HTML transform failed", 25) == 0,
          "ps:date with two arguments: the transform fails");
    free(page);
    render_html_release(h);

    snprintf(xsl, sizeof xsl,
             "%s<xsl:template match=\"/\"><p><xsl:comment>svg:7</xsl:comment><xsl:comment>svg:"
             "</xsl:comment>[<xsl:value-of select=\"ps:date(/report/program/@as-of)\"/>]</p>"
             "</xsl:template></xsl:stylesheet>\n", XSL_HEAD);
    h = prepare(templates("t6", "report.xsl", xsl), msg, sizeof msg);
    page = NULL;
    rc = h ? render(h, model, &page, why) : 1;
    check(h && rc == 0 && strstr(page, "<!--svg:7-->") && strstr(page, "<!--svg:-->") &&
              strstr(page, "[15 June 2021]"),
          "a marker of no chart (svg:7 on a page of fewer, svg: without a number) stays as written");
    check(page && !strstr(page, "<svg"), "... and no chart is put in its place");
    free(page);
    render_html_release(h);

    xmlFreeDoc(model);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return failed;
}
