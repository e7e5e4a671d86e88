/* render_html.c - the HTML pages: report models through the XSLT templates.
 *
 * The stylesheets of templates/ are compiled once per run (render_html_prepare) and
 * applied per report, with the CSS and JS of templates/ passed in as string parameters
 * so each page is one self-contained file. Before the transform, every <chart> of the
 * model gets its SVG drawn by cairo (chart.h) with ids unique to the chart. The
 * transform runs under libxslt security preferences that forbid reading or writing
 * files and the network. The index model (root <index>) goes through index.xsl.
 */
#define _POSIX_C_SOURCE 200809L
#include "render.h"

#include "chart.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/xmltree.h"

#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Charts drawn earlier by this process, by their description: partner pages share some
 * (the programme timeline is the same on every page), and cairo's SVG is the costly part
 * of a page. The least recently used goes first: a partner page draws four charts of its
 * own, which evicted the timeline every other page when the oldest went first. */
#define MEMO 8
typedef struct {
    char *key; /* the serialised <chart> element */
    char *svg; /* ids prefixed with the slot's "cN-" */
    size_t len;
    int slot;
    unsigned long used; /* html_t.clock at its last use */
} memo_t;

typedef struct {
    memo_t memo[MEMO];
    unsigned long clock;
    xsltStylesheetPtr report, index;
    xsltSecurityPrefsPtr sec;
    char *css, *js;
} html_t;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

void *render_html_prepare(const render_opts_t *o, FILE *err)
{
    const char *dir = o->templates_dir;
    html_t *h = xcalloc(1, sizeof *h);
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
    if (!h->report || !h->index || !h->css || !h->js) {
        render_html_release(h);
        return NULL;
    }
    if (!(h->sec = xsltNewSecurityPrefs()))
        alloc_fail();
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(h->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    return h;
}

void render_html_early(const render_opts_t *o)
{
    (void)o;
    chart_fonts_init();
}

void render_html_release(void *state)
{
    chart_fonts_free();
    html_t *h = state;
    if (!h)
        return;
    if (h->report)
        xsltFreeStylesheet(h->report);
    if (h->index)
        xsltFreeStylesheet(h->index);
    if (h->sec)
        xsltFreeSecurityPrefs(h->sec);
    for (int i = 0; i < MEMO; i++) {
        free(h->memo[i].key);
        free(h->memo[i].svg);
    }
    free(h->css);
    free(h->js);
    free(h);
}

/* The SVGs of one page. The transform places a comment <!--svg:N--> where chart N goes
 * (templates decide where); the SVG text replaces it in the serialised page, so the
 * thousands of nodes of cairo's glyph outlines are never parsed into a tree. */
typedef struct {
    char *svg[16];
    size_t len[16];
    int n;
} svgs_t;

static void svgs_free(svgs_t *sv)
{
    for (int i = 0; i < sv->n; i++)
        free(sv->svg[i]);
    sv->n = 0;
}

/* The SVG of chart c in slot n: from the memo when this process drew the same
 * description in the same slot before, else drawn by cairo and remembered. */
static char *chart_for(html_t *h, xmlNodePtr c, int n, size_t *len, char *err, size_t errlen)
{
    xmlBufferPtr b = xmlBufferCreate();
    if (!b)
        alloc_fail();
    xmlNodeDump(b, c->doc, c, 0, 0);
    const char *key = (const char *)xmlBufferContent(b);
    for (int i = 0; i < MEMO; i++)
        if (h->memo[i].key && h->memo[i].slot == n && strcmp(h->memo[i].key, key) == 0) {
            h->memo[i].used = ++h->clock;
            char *copy = xmalloc(h->memo[i].len + 1);
            memcpy(copy, h->memo[i].svg, h->memo[i].len + 1);
            *len = h->memo[i].len;
            xmlBufferFree(b);
            return copy;
        }
    chart_t ch;
    const char *why = NULL;
    char *svg = NULL;
    if (chart_from_xml(c, &ch, &why) != 0) {
        snprintf(err, errlen, "chart: %s", why ? why : "invalid description");
    } else {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "c%d-", n);
        svg = chart_svg(&ch, prefix, len);
        chart_free(&ch);
        if (!svg)
            snprintf(err, errlen, "chart: cairo could not draw it");
    }
    if (svg) {
        memo_t *m = &h->memo[0];
        for (int i = 1; i < MEMO; i++)
            if (h->memo[i].used < m->used)
                m = &h->memo[i];
        free(m->key);
        free(m->svg);
        m->key = xstrdup(key);
        m->svg = xmalloc(*len + 1);
        memcpy(m->svg, svg, *len + 1);
        m->len = *len;
        m->slot = n;
        m->used = ++h->clock;
    }
    xmlBufferFree(b);
    return svg;
}

/* Draws every <chart> and marks it with svg-slot="N" for the template. */
static int draw_charts(html_t *h, xmlDocPtr model, svgs_t *sv, char *err, size_t errlen)
{
    xmlNodePtr root = xmlDocGetRootElement(model);
    for (xmlNodePtr cs = root ? root->children : NULL; cs; cs = cs->next) {
        if (cs->type != XML_ELEMENT_NODE || strcmp((const char *)cs->name, "charts") != 0)
            continue;
        for (xmlNodePtr c = cs->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "chart") != 0)
                continue;
            if (sv->n == 16) {
                snprintf(err, errlen, "more than 16 charts on one page");
                return -1;
            }
            char slot[16];
            sv->svg[sv->n] = chart_for(h, c, sv->n, &sv->len[sv->n], err, errlen);
            if (!sv->svg[sv->n])
                return -1;
            snprintf(slot, sizeof slot, "%d", sv->n++);
            xmlSetProp(c, (const xmlChar *)"svg-slot", (const xmlChar *)slot);
        }
    }
    return 0;
}

/* Writes html to f with every <!--svg:N--> replaced by chart N. */
static int write_page(FILE *f, const char *html, size_t len, const svgs_t *sv)
{
    const char *p = html, *end = html + len;
    while (p < end) {
        const char *m = strstr(p, "<!--svg:");
        if (!m || m >= end) {
            fwrite(p, 1, (size_t)(end - p), f);
            break;
        }
        fwrite(p, 1, (size_t)(m - p), f);
        char *after;
        long i = strtol(m + 8, &after, 10);
        if (after > m + 8 && strncmp(after, "-->", 3) == 0 && i >= 0 && i < sv->n) {
            fwrite(sv->svg[i], 1, sv->len[i], f);
            p = after + 3;
        } else {
            fwrite(m, 1, 8, f);
            p = m + 8;
        }
    }
    return ferror(f) ? -1 : 0;
}

/* The month names of a model (its labels month-1 .. month-12); NULLs when it has none. */
static void model_months(xmlDocPtr model, const char *months[12])
{
    memset(months, 0, 12 * sizeof *months);
    xmlNodePtr root = xmlDocGetRootElement(model);
    for (xmlNodePtr ls = root ? root->children : NULL; ls; ls = ls->next) {
        if (ls->type != XML_ELEMENT_NODE || strcmp((const char *)ls->name, "labels") != 0)
            continue;
        for (xmlNodePtr l = ls->children; l; l = l->next) {
            xmlAttrPtr key = l->type == XML_ELEMENT_NODE ? xmlHasProp(l, (const xmlChar *)"key") : NULL;
            const char *k = key && key->children ? (const char *)key->children->content : "";
            char *end;
            long m = strncmp(k, "month-", 6) == 0 ? strtol(k + 6, &end, 10) : 0;
            if (m >= 1 && m <= 12 && !*end && l->children && l->children->type == XML_TEXT_NODE)
                months[m - 1] = (const char *)l->children->content;
        }
    }
}

/* XPath ps:date(ISO): the date as the page's reader reads it ("15 giugno 2021"), through
 * util/date.c with the model's month names; anything else (an absent attribute, a model
 * without month names) is returned as it is. */
static void xpath_date(xmlXPathParserContextPtr xp, int nargs)
{
    if (nargs != 1) {
        xmlXPathSetArityError(xp);
        return;
    }
    xmlChar *iso = xmlXPathPopString(xp);
    xsltTransformContextPtr t = xsltXPathGetTransformContext(xp);
    const char *const *months = t ? t->_private : NULL;
    char buf[128];
    if (months && months[0])
        date_text_of_iso((const char *)(iso ? iso : (const xmlChar *)""), months, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%s", iso ? (const char *)iso : "");
    xmlFree(iso);
    valuePush(xp, xmlXPathNewString((const xmlChar *)buf));
}

/* What libxslt says while a transform runs (xsl:message terminate, a runtime error),
 * kept for the page's one error line instead of going to stderr on its own. */
typedef struct {
    char text[400];
    size_t len;
} xslt_said_t;

static void on_xslt_error(void *ctx, const char *fmt, ...)
{
    xslt_said_t *s = ctx;
    if (s->len + 1 >= sizeof s->text)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->text + s->len, sizeof s->text - s->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->len += (size_t)n < sizeof s->text - s->len ? (size_t)n : sizeof s->text - s->len - 1;
}

/* Applies style to model and writes the page, charts in place, to out. */
static int transform(const html_t *h, xsltStylesheetPtr style, xmlDocPtr model, FILE *out,
                     const svgs_t *sv, char *err, size_t errlen)
{
    xsltTransformContextPtr ctxt = xsltNewTransformContext(style, model);
    if (!ctxt)
        alloc_fail();
    const char *months[12];
    model_months(model, months);
    ctxt->_private = (void *)months;
    xsltRegisterExtFunction(ctxt, (const xmlChar *)"date", (const xmlChar *)"urn:psreport",
                            xpath_date);
    xsltSetCtxtSecurityPrefs(h->sec, ctxt);
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"css", (const xmlChar *)h->css);
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"js", (const xmlChar *)h->js);
    xslt_said_t said = {{0}, 0};
    xsltSetTransformErrorFunc(ctxt, &said, on_xslt_error);
    xmlResetLastError();
    xmlDocPtr res = xsltApplyStylesheetUser(style, model, NULL, NULL, NULL, ctxt);
    int failed = ctxt->state != XSLT_STATE_OK;
    xsltFreeTransformContext(ctxt);
    if (!res || failed) {
        xmlFreeDoc(res);
        /* libxml2 records its allocation failures; libxslt says its own in words */
        xt_check_memory(xmlGetLastError());
        if (strstr(said.text, "out of memory") || strstr(said.text, "Memory allocation"))
            alloc_fail();
        for (char *c = said.text; *c; c++) /* one line: "runtime error: file F line N ..." */
            if (*c == '\n' || *c == '\r' || *c == '\t')
                *c = ' ';
        while (said.len && said.text[said.len - 1] == ' ')
            said.text[--said.len] = '\0';
        snprintf(err, errlen, "the HTML transform failed%s%.200s", said.len ? ": " : "", said.text);
        return -1;
    }
    int rc = -1;
    xmlChar *text = NULL;
    int len = 0;
    if (xsltSaveResultToString(&text, &len, res, style) < 0 || !text)
        snprintf(err, errlen, "cannot serialise the HTML");
    else
        rc = write_page(out, (const char *)text, (size_t)len, sv);
    xmlFree(text);
    xmlFreeDoc(res);
    return rc;
}

int render_html(page_t *pg, xmlDocPtr model, FILE *out)
{
    const html_t *h = pg->state;
    xmlNodePtr root = xmlDocGetRootElement(model);
    svgs_t sv = {{0}, {0}, 0};
    if (root && strcmp((const char *)root->name, "index") == 0)
        return transform(h, h->index, model, out, &sv, pg->why, sizeof pg->why);
    int rc = draw_charts(pg->state, model, &sv, pg->why, sizeof pg->why);
    if (rc == 0)
        rc = transform(h, h->report, model, out, &sv, pg->why, sizeof pg->why);
    svgs_free(&sv);
    return rc;
}
