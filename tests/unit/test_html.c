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

/* Renders model through a report.xsl of XSL_HEAD, body and the stylesheet's end, in
 * templates sub: render's rc (the page in page: free it; the why in why), or 2 when the
 * templates did not compile. */
static int render_xsl(const char *sub, const char *body, xmlDocPtr model, char **page,
                      char why[256])
{
    char msg[2048];
    size_t n = strlen(XSL_HEAD) + strlen(body) + 32;
    char *xsl = malloc(n);
    if (!xsl)
        return 2;
    snprintf(xsl, n, "%s%s</xsl:stylesheet>\n", XSL_HEAD, body);
    void *h = prepare(templates(sub, "report.xsl", xsl), msg, sizeof msg);
    free(xsl);
    *page = NULL;
    int rc = h ? render(h, model, page, why) : 2;
    render_html_release(h);
    return rc;
}

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
    rc = render_xsl("t4", "<xsl:template match=\"/\"><p>before</p><xsl:message terminate=\"yes\">the "
                    "template\nstops here</xsl:message></xsl:template>", model, &page, why);
    check(rc == -1 && strncmp(why, "the HTML transform failed: ", 27) == 0 &&
              strstr(why, "the template stops here") && !strchr(why, '\n'),
          "xsl:message terminate: the page fails with the template's message, on one line");
    free(page);

    rc = render_xsl("t5", "<xsl:template match=\"/\"><p><xsl:value-of select=\"ps:date('a', 'b')\"/></p>"
                    "</xsl:template>", model, &page, why);
    check(rc == -1 && strncmp(why, "the HTML transform failed", 25) == 0,
          "ps:date with two arguments: the transform fails");
    free(page);

    rc = render_xsl("t6", "<xsl:template match=\"/\"><p><xsl:comment>svg:7</xsl:comment><xsl:comment>svg:"
                    "</xsl:comment>[<xsl:value-of select=\"ps:date(/report/program/@as-of)\"/>]</p>"
                    "</xsl:template>", model, &page, why);
    check(rc == 0 && strstr(page, "<!--svg:7-->") && strstr(page, "<!--svg:-->") &&
              strstr(page, "[15 June 2021]"),
          "a marker of no chart (svg:7 on a page of fewer, svg: without a number) stays as written");
    check(page && !strstr(page, "<svg"), "... and no chart is put in its place");
    free(page);

    /* more markers that are not charts: a negative number, a number followed by
     * something else, a marker cut at the page's end */
    rc = render_xsl("t7", "<xsl:template match=\"/\"><p><xsl:comment>svg:-1</xsl:comment><xsl:comment>svg:0x"
                    "</xsl:comment><xsl:comment>svg:0</xsl:comment></p>&lt;!--svg:</xsl:template>",
                    model, &page, why);
    check(rc == 0 && strstr(page, "<!--svg:-1-->") && strstr(page, "<!--svg:0x-->") &&
              !strstr(page, "<!--svg:0-->") && strstr(page, "<svg") &&
              strstr(page, "&lt;!--svg:"),
          "svg:-1 and svg:0x stay as written; svg:0 becomes the first chart; text that looks like a marker stays");
    free(page);

    /* ps:date without an argument: an arity error, the page fails with libxslt's words */
    rc = render_xsl("t8", "<xsl:template match=\"/\"><p><xsl:value-of select=\"ps:date()\"/></p>"
                    "</xsl:template>", model, &page, why);
    check(rc == -1 && strncmp(why, "the HTML transform failed", 25) == 0 && !strchr(why, '\n'),
          "ps:date() without an argument: the transform fails, said on one line");
    free(page);

    /* a message longer than what is kept, with tabs and carriage returns: one line, cut */
    char longmsg[700];
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    memcpy(longmsg, "tab\there\rcr ", 12);
    char body[2048];
    snprintf(body, sizeof body,
             "<xsl:template match=\"/\"><xsl:message>%s</xsl:message><xsl:message terminate=\"yes\">"
             "%s</xsl:message></xsl:template>", longmsg, longmsg);
    rc = render_xsl("t9", body, model, &page, why);
    check(rc == -1 && strstr(why, "tab here cr xxx") && !strchr(why, '\t') && !strchr(why, '\r') &&
              strlen(why) < 256,
          "two long xsl:messages with a tab and a CR: one line, cut to what fits");
    free(page);

    /* a stylesheet of more than 64 KB of CSS: read whole into the page */
    {
        char big[80 * 1024];
        for (size_t i = 0; i + 1 < sizeof big; i++)
            big[i] = i % 64 == 63 ? '\n' : 'a';
        big[sizeof big - 1] = '\0';
        memcpy(big + sizeof big - 12, "/*the-end*/", 11);
        h = prepare(templates("t10", "report.css", big), msg, sizeof msg);
        page = NULL;
        rc = h ? render(h, model, &page, why) : 1;
        check(h && rc == 0 && strstr(page, "/*the-end*/"), "an 80 KB report.css is put whole into the page");
        free(page);
        render_html_release(h);
    }

    /* month names: labels month-0, month-13, month-1x, one without a key, one without
     * text, one holding an element, are not month names; month-6 alone is not enough
     * (January is missing): dates stay in ISO form */
    {
        xmlDocPtr m2 = xmlCopyDoc(model, 1);
        xmlNodePtr labels = NULL;
        for (xmlNodePtr k = xmlDocGetRootElement(m2)->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "labels") == 0)
                labels = k;
        for (xmlNodePtr k = labels ? labels->children : NULL; k;) {
            xmlNodePtr next = k->next;
            xmlChar *key = xmlGetProp(k, (const xmlChar *)"key");
            if (key && strncmp((const char *)key, "month-", 6) == 0) {
                xmlUnlinkNode(k);
                xmlFreeNode(k);
            }
            xmlFree(key);
            k = next;
        }
        const char *odd[][2] = {{"month-0", "Zero"}, {"month-13", "Tredici"}, {"month-1x", "Ics"},
                                {"month-6", "Giugno"}, {"month-2", NULL}, {NULL, "Senza chiave"}};
        for (size_t i = 0; labels && i < sizeof odd / sizeof *odd; i++) {
            xmlNodePtr l = xmlNewChild(labels, NULL, (const xmlChar *)"label", (const xmlChar *)odd[i][1]);
            if (odd[i][0])
                xmlSetProp(l, (const xmlChar *)"key", (const xmlChar *)odd[i][0]);
        }
        xmlNodePtr el = labels ? xmlNewChild(labels, NULL, (const xmlChar *)"label", NULL) : NULL;
        if (el) {
            xmlSetProp(el, (const xmlChar *)"key", (const xmlChar *)"month-3");
            xmlNewChild(el, NULL, (const xmlChar *)"b", (const xmlChar *)"Marzo");
        }
        xmlNodePtr pi = labels ? xmlNewDocPI(m2, (const xmlChar *)"pi", (const xmlChar *)"x") : NULL;
        if (pi)
            xmlAddChild(labels, pi);
        h = prepare(templates("t11", "report.xsl", NULL), msg, sizeof msg);
        snprintf(xsl, sizeof xsl,
                 "%s<xsl:template match=\"/\"><p>[<xsl:value-of select=\"ps:date(/report/program/@as-of)\"/>]"
                 "[<xsl:value-of select=\"ps:date(/report/program/@nothing)\"/>]</p>"
                 "</xsl:template></xsl:stylesheet>\n", XSL_HEAD);
        render_html_release(h);
        h = prepare(templates("t11", "report.xsl", xsl), msg, sizeof msg);
        page = NULL;
        rc = h ? render(h, m2, &page, why) : 1;
        check(h && rc == 0 && strstr(page, "[2021-06-15]") && strstr(page, "[]") && !strstr(page, "Giugno"),
              "odd month labels (0, 13, 1x, no key, no text, an element, June without January): ISO dates");
        free(page);
        render_html_release(h);
        xmlFreeDoc(m2);
    }

    xmlFreeDoc(model);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return failed;
}
