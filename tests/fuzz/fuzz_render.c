/* fuzz_render.c - libFuzzer harness for the page renderers: one input is a partners
 * export and a vouchers export separated by a NUL byte (XML never holds one). Both are
 * read, linked and evaluated; then the report models of the programme and of the first
 * partner are set as PDF (libharu) and as HTML (XSLT, cairo charts), as report_write.c
 * does for each page report. (A region's page is the programme's filtered: left out, as
 * the PDF is most of the time of an input.)
 *
 *   make fuzz FUZZ_TARGET=render   (corpus tests/fuzz/corpus/render)
 *
 * Written against report.h and render.h: the page writers of the formats table write to
 * the stream they are given, here one that discards the bytes. A page a writer refuses
 * is a finding (abort): the model of any input must be printable.
 * Crashers found are kept in tests/fuzz/regressions/render/ and replayed by make test. */
#define _GNU_SOURCE
#include "evaluate.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "render.h"
#include "render_pdf.h"
#include "report.h"
#include "trend.h"
#include "util/date.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static ingest_t *in;
static model_t boot;
static program_t prog;
static catalogue_t cat;
static void *html; /* the html format's run-wide state (compiled templates) */
static render_opts_t ropts;
static FILE *sink;
static int fd[2] = {-1, -1};
static char path[2][64];
static char fonts[4096], templates[4096];

/* fontconfig (through cairo) keeps a cache it never frees: tests/lsan.supp, built in */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig\nleak:FcPatternObjectInsertElt\nleak:FcValueSave\n";
}

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    (void)buf;
    return (ssize_t)size;
}

static void cleanup(void)
{
    render_html_release(html);
    pdf_engine_free();
    fclose(sink);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = getenv("PSREPORT_DATADIR");
    if (!root)
        root = PSREPORT_SRCDIR;
    char schema[4096], program[4096], xsd[4096], i18n[4096];
    snprintf(schema, sizeof schema, "%s/input/schema", root);
    snprintf(program, sizeof program, "%s/input/program.xml", root);
    snprintf(xsd, sizeof xsd, "%s/input/schema/program.xsd", root);
    snprintf(i18n, sizeof i18n, "%s/templates/i18n", root);
    snprintf(templates, sizeof templates, "%s/templates", root);
    /* the PDF font as psreport finds it: $PSREPORT_FONTS, else fontconfig's DejaVu Sans */
    const char *fenv = getenv("PSREPORT_FONTS");
    if (fenv && *fenv) /* else "": fontconfig's DejaVu Sans */
        snprintf(fonts, sizeof fonts, "%s", fenv);
    xmlInitParser();
    model_init(&boot);
    in = ingest_new(&boot, schema, NULL, 0, stderr);
    if (!in || program_load(&prog, program, xsd, stderr) || cat_load(&cat, i18n, "en", stderr))
        abort();
    ropts = (render_opts_t){.templates_dir = templates, .fonts_dir = fonts, .warn = NULL};
    html = render_html_prepare(&ropts, stderr);
    sink = fopencookie(NULL, "w", (cookie_io_functions_t){.write = discard});
    if (!html || !sink)
        abort();
    for (int k = 0; k < 2; k++) {
        fd[k] = memfd_create(k ? "vouchers" : "partners", MFD_CLOEXEC);
        if (fd[k] < 0)
            abort();
        snprintf(path[k], sizeof path[k], "/proc/self/fd/%d", fd[k]);
    }
    atexit(cleanup);
    return 0;
}

/* One page report, as report_write.c's render_job sets it: PDF first, then HTML (which
 * inserts the charts' SVGs into the model). */
static void render(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id)
{
    xmlDocPtr doc = report_build(r, ix, kind, id, kind == SC_PARTNER ? 5000 : 1000);
    page_t pdf = {.opts = &ropts, .name = "report.pdf"};
    if (render_pdf(&pdf, doc, sink) != 0 || fflush(sink) != 0) {
        fprintf(stderr, "the PDF was refused: %s\n", pdf.why);
        abort();
    }
    page_t page = {.opts = &ropts, .state = html, .name = "report.html"};
    if (render_html(&page, doc, sink) != 0 || fflush(sink) != 0) {
        fprintf(stderr, "the HTML was refused: %s\n", page.why);
        abort();
    }
    xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t len[2] = {nul ? (size_t)(nul - data) : size, nul ? size - (size_t)(nul - data) - 1 : 0};
    const uint8_t *part[2] = {data, nul ? nul + 1 : data + size};
    model_t m;
    model_init(&m);
    ingest_set_model(in, &m);
    for (int k = 0; k < 2; k++) {
        if (ftruncate(fd[k], 0) != 0 || pwrite(fd[k], part[k], len[k], 0) != (ssize_t)len[k])
            abort();
        ingest_file(in, path[k]);
    }
    model_link(&m, &prog);
    int as_of = m.files[1].exported != DATE_NONE   ? m.files[1].exported
                : m.files[0].exported != DATE_NONE ? m.files[0].exported
                                                   : date_from_ymd(2021, 6, 15);
    eval_t e;
    trend_t t;
    if (eval_run(&m, &prog, as_of, 1, &e) == 0 && trend_run(&m, &prog, &e, 1, &t) == 0) {
        run_t r = {&m, &prog, &e, &cat, &t, NULL, 0, 1}; /* the trend charts too */
        report_index_t *ix = report_index_new(&r);
        render(&r, ix, SC_PROGRAM, 0);
        if (m.n_partners > 0) {
            long p = report_partner_order(ix, 0);
            render(&r, ix, SC_PARTNER, p);
        }
        report_index_free(ix);
        trend_free(&t);
    }
    eval_free(&e);
    model_free(&m);
    return 0;
}
