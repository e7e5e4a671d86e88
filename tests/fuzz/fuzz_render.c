/* fuzz_render.c - libFuzzer harness for the page renderers: one input is a partners
 * export and a vouchers export separated by a NUL byte (XML never holds one). Both are
 * read, linked and evaluated; then the report models of the programme and of the first
 * partner are set as PDF (libharu) and as HTML (XSLT, cairo charts), as report_write.c
 * does for each page report. (A region's page is the programme's filtered: left out, as
 * the PDF is most of the time of an input.)
 *
 *   make fuzz FUZZ_TARGET=render   (corpus tests/fuzz/corpus/render)
 *
 * Written against today's report.h, render_pdf.h and render_html.h. The renderers write
 * files by path (through temporary names), so the pages go to a directory on tmpfs
 * (/dev/shm, else TMPDIR) made at start and removed at exit. A page the renderers refuse
 * to write is a finding (abort): the model of any input must be printable.
 * Crashers found are kept in tests/fuzz/regressions/render/ and replayed by make test. */
#define _GNU_SOURCE
#include "evaluate.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "render_html.h"
#include "render_pdf.h"
#include "report.h"
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
static html_t *html;
static int fd[2] = {-1, -1};
static char path[2][64];
static char outdir[256], fonts[4096], pdf_path[512], html_path[512];

/* fontconfig (through cairo) keeps a cache it never frees: tests/lsan.supp, built in */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig\nleak:FcPatternObjectInsertElt\nleak:FcValueSave\n";
}

static void cleanup(void)
{
    html_free(html);
    pdf_engine_free();
    unlink(pdf_path);
    unlink(html_path);
    rmdir(outdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = getenv("PSREPORT_DATADIR");
    if (!root)
        root = PSREPORT_SRCDIR;
    char schema[4096], program[4096], xsd[4096], i18n[4096], templates[4096];
    snprintf(schema, sizeof schema, "%s/input/schema", root);
    snprintf(program, sizeof program, "%s/input/program.xml", root);
    snprintf(xsd, sizeof xsd, "%s/input/schema/program.xsd", root);
    snprintf(i18n, sizeof i18n, "%s/templates/i18n", root);
    snprintf(templates, sizeof templates, "%s/templates", root);
    /* the PDF font as psreport finds it: $PSREPORT_FONTS, a build-time subset, the system's */
    const char *fenv = getenv("PSREPORT_FONTS");
    snprintf(fonts, sizeof fonts, "%s/build/fonts/DejaVuSans.ttf", root);
    if (fenv && *fenv)
        snprintf(fonts, sizeof fonts, "%s", fenv);
    else if (access(fonts, R_OK) == 0)
        *strrchr(fonts, '/') = '\0';
    else
        snprintf(fonts, sizeof fonts, "/usr/share/fonts/truetype/dejavu");
    xmlInitParser();
    model_init(&boot);
    in = ingest_new(&boot, schema, NULL, 0, stderr);
    if (!in || program_load(&prog, program, xsd, stderr) || cat_load(&cat, i18n, "en", stderr))
        abort();
    html = html_new(templates, stderr);
    if (!html)
        abort();
    for (int k = 0; k < 2; k++) {
        fd[k] = memfd_create(k ? "vouchers" : "partners", MFD_CLOEXEC);
        if (fd[k] < 0)
            abort();
        snprintf(path[k], sizeof path[k], "/proc/self/fd/%d", fd[k]);
    }
    const char *tmpdir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(outdir, sizeof outdir, "%s/psreport-fuzz-XXXXXX", tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(outdir))
        abort();
    snprintf(pdf_path, sizeof pdf_path, "%s/report.pdf", outdir);
    snprintf(html_path, sizeof html_path, "%s/report.html", outdir);
    atexit(cleanup);
    return 0;
}

/* One page report, as report_write.c's render_job sets it: PDF first, then HTML (which
 * inserts the charts' SVGs into the model). */
static void render(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id)
{
    xmlDocPtr doc = report_build(r, ix, kind, id, kind == SC_PARTNER ? 5000 : 1000);
    if (!doc)
        abort();
    char err[512] = "";
    if (pdf_render(doc, pdf_path, "report.pdf", fonts, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "the PDF was refused: %s\n", err);
        abort();
    }
    if (html_render(html, doc, html_path, err, sizeof err) != 0) {
        fprintf(stderr, "the HTML was refused: %s\n", err);
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
    if (eval_run(&m, &prog, as_of, &e) == 0) {
        run_t r = {&m, &prog, &e, &cat};
        report_index_t *ix = report_index_new(&r);
        if (!ix)
            abort();
        render(&r, ix, SC_PROGRAM, 0);
        if (m.n_partners > 0) {
            long p = report_partner_order(ix, 0);
            render(&r, ix, SC_PARTNER, p);
        }
        report_index_free(ix);
    }
    eval_free(&e);
    model_free(&m);
    return 0;
}
