/* test_render.c - the table of formats: what --format, --help and the output tree rely on;
 * the PDF writer on report models read back from findings.xml (the model as --format xml
 * writes it, then with parts of it missing). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "render.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - render: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static char dir[] = "/tmp/psreport-render-XXXXXX";

/* The whole of file path (free it), or NULL; its length in *len. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap + 1);
    for (size_t got; s && (got = fread(s + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap)
            s = realloc(s, (cap *= 2) + 1);
    }
    fclose(f);
    if (s) {
        s[n] = '\0';
        *len = n;
    }
    return s;
}

/* Renders model as a PDF into dir/name.pdf (fonts as a run without PSREPORT_FONTS finds
 * them); its rc, its text as pdftotext reads it in *text (free it), why it failed in why. */
static int pdf_of(xmlDocPtr model, const char *name, char **text, char why[256])
{
    render_opts_t o = {.templates_dir = "templates", .fonts_dir = NULL, .warn = NULL};
    page_t pg = {.opts = &o, .name = name};
    char path[300], cmd[700];
    snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
    FILE *out = fopen(path, "wb");
    if (!out)
        return 2;
    int rc = render_pdf(&pg, model, out);
    fclose(out);
    memcpy(why, pg.why, sizeof pg.why);
    snprintf(cmd, sizeof cmd, "pdftotext -q '%s' '%s.txt'", path, path);
    size_t len;
    snprintf(path + strlen(path), sizeof path - strlen(path), ".txt");
    *text = rc == 0 && system(cmd) == 0 ? slurp(path, &len) : NULL;
    return rc;
}

/* Removes the children of model's root called one of names. */
static void drop(xmlDocPtr model, const char *const *names)
{
    for (xmlNodePtr n = xmlDocGetRootElement(model)->children, next; n; n = next) {
        next = n->next;
        for (const char *const *k = names; *k; k++)
            if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, *k) == 0) {
                xmlUnlinkNode(n);
                xmlFreeNode(n);
                break;
            }
    }
}

/* The PDF of the programme's model as findings.xml holds it (indented: text between the
 * elements), and of that model without its labels, without its sections, as a partner's. */
static void pdf_models(void)
{
    char cmd[600], path[300], why[256], *text = NULL;
    snprintf(cmd, sizeof cmd,
             "%s -q --no-progress --format xml,pdf --scope program -o %s/run input/ 2>/dev/null",
             getenv("PSREPORT_BIN") ? getenv("PSREPORT_BIN") : "build/psreport", dir);
    int rc = system(cmd);
    snprintf(path, sizeof path, "%s/run/findings.xml", dir);
    xmlDocPtr model = xmlReadFile(path, NULL, 0);
    check(rc != -1 && model, "the programme's report model of the samples (findings.xml)");
    if (!model)
        return;
    const format_t *pdf = &formats[format_find("pdf")];
    render_opts_t early = {.templates_dir = "templates"};
    pdf->early(&early);

    rc = pdf_of(model, "same", &text, why);
    size_t n1 = 0, n2 = 0;
    snprintf(path, sizeof path, "%s/run/program.pdf", dir);
    char *run = slurp(path, &n1);
    snprintf(path, sizeof path, "%s/same.pdf", dir);
    char *again = slurp(path, &n2);
    check(rc == 0 && run && again && n1 == n2 && memcmp(run, again, n1) == 0,
          "the model read back from findings.xml (text between its elements; fonts_dir NULL, "
          "the run's \"\") gives the run's program.pdf byte for byte");
    check(text && strstr(text, "As of 15 June 2021") && strstr(text, "Report details"),
          "... with dates in words and every section");
    free(run);
    free(again);
    free(text);

    /* no labels: each label is its key, dates stay ISO */
    xmlDocPtr bare = xmlCopyDoc(model, 1);
    drop(bare, (const char *const[]){"labels", NULL});
    rc = pdf_of(bare, "nolabels", &text, why);
    check(rc == 0 && text && strstr(text, "as-of 2021-06-15 - generated-by psreport") &&
              strstr(text, "executive-summary") && strstr(text, "report-details") &&
              !strstr(text, "Report details"),
          "a model without labels: each label's key, the as-of date in ISO form");
    free(text);
    xmlFreeDoc(bare);

    /* the sections a scope may not have: none of them drawn, the title still there */
    static const char *const sections[] = {"inputs", "charts", "partners", "regions", "vouchers",
                                           "findings", "waived", "rules", "details", NULL};
    bare = xmlCopyDoc(model, 1);
    drop(bare, sections);
    rc = pdf_of(bare, "nosections", &text, why);
    check(rc == 0 && text && strstr(text, "Programme report: Software Assurance") &&
              strstr(text, "What falls due") && strstr(text, "Page 1 of 2") &&
              !strstr(text, "Page 1 of 3") && !strstr(text, "PS-2021-") &&
              !strstr(text, "Report details"),
          "a model with none of its optional sections: the title and key figures only (2 pages)");
    free(text);

    /* the same as a partner's page: no actions, no partner to say the eligibility of */
    xmlSetProp(xmlDocGetRootElement(bare), (const xmlChar *)"scope", (const xmlChar *)"partner");
    xmlNewChild(xmlDocGetRootElement(bare), NULL, (const xmlChar *)"partners", NULL);
    rc = pdf_of(bare, "partnerpage", &text, why);
    check(rc == 0 && text && strstr(text, "Key figures") && !strstr(text, "Summary") &&
              !strstr(text, "Next actions") && !strstr(text, "Nothing to do") &&
              !strstr(text, "Eligibility"),
          "a partner's model without actions or its partner: key figures, no actions or eligibility");
    free(text);
    xmlFreeDoc(bare);

    /* a chart the PDF cannot read fails the page, as it fails the HTML page (render_html.c
     * says "chart: ..."): a report is never written without one of its charts */
    bare = xmlCopyDoc(model, 1);
    xmlNodePtr charts = xmlDocGetRootElement(bare)->children;
    while (charts && !(charts->type == XML_ELEMENT_NODE && !strcmp((const char *)charts->name, "charts")))
        charts = charts->next;
    xmlNodePtr chart = charts ? charts->children : NULL;
    while (chart && chart->type != XML_ELEMENT_NODE)
        chart = chart->next;
    if (chart)
        xmlSetProp(chart, (const xmlChar *)"kind", (const xmlChar *)"no-such-kind");
    rc = pdf_of(bare, "badchart", &text, why);
    check(chart && rc != 0 && strcmp(why, "chart: unknown chart kind") == 0,
          "a chart of an unknown kind: the PDF fails, \"chart: unknown chart kind\" as the HTML says");
    free(text);
    xmlFreeDoc(bare);

    pdf->release(NULL);
    xmlFreeDoc(model);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    int writers = 1, unique = 1, index_pages = 0, names = 1;
    for (int i = 0; i < n_formats; i++) {
        const format_t *f = &formats[i];
        writers &= f->kind == FORMAT_FINDINGS ? f->findings && !f->page && !f->prepare
                                              : f->page && !f->findings;
        for (int j = 0; j < i; j++)
            unique &= strcmp(formats[j].name, f->name) != 0;
        index_pages += f->index_page;
        names &= f->name[0] && strspn(f->name, "abcdefghijklmnopqrstuvwxyz") == strlen(f->name) &&
                 f->help && f->help[0];
    }
    check(n_formats > 0 && n_formats <= 32, "the formats fit a 32-bit set");
    check(writers, "every row has exactly the writer of its kind");
    check(unique, "format names are unique");
    check(names, "names are lower-case words (file extensions) and every row has its help line");
    check(format_find("pdf") < format_find("html"), "the PDF is made before the HTML changes the model");
    check(index_pages == 1 && formats[format_find("html")].index_page, "html, and only html, renders index.html");
    unsigned want = FORMAT_BIT(format_find("pdf")) | FORMAT_BIT(format_find("html")) |
                    FORMAT_BIT(format_find("json")) | FORMAT_BIT(format_find("csv"));
    check(format_defaults() == want, "the default set is pdf,html,json,csv (cli.md)");
    check(format_find("ndjson") >= 0 && formats[format_find("ndjson")].kind == FORMAT_FINDINGS,
          "ndjson is a findings format");
    check(format_find("docx") == -1 && format_find("") == -1 && format_find("PDF") == -1,
          "unknown names are not found (case counts)");
    pdf_models();
    char rm[200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (!failed && system(rm) != 0)
        return 1;
    return failed;
}
