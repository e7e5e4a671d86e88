/* fuzz_ingest.c - libFuzzer harness: one input is one export file of any kind, read,
 * linked, evaluated and written as findings.json and findings.csv, the whole of what an
 * export reaches short of the page reports (fuzz_render.c takes those).
 *
 *   make fuzz FUZZ_TARGET=ingest   (FUZZ_SECONDS=300; corpus tests/fuzz/corpus/ingest)
 *
 * Fast because nothing is done twice: the schemas, the program definition and the
 * catalogue are compiled once (LLVMFuzzerInitialize); each input is written into one
 * memfd kept for the whole run (nothing touches the disk) and read through its
 * /proc/self/fd path, as ingest_file reads any file; the findings go to a stream that
 * discards them without a system call. The fuzz build also gives the model's arena
 * 64 KB blocks instead of 1 MB (ARENA_BLOCK, Makefile): ASan maps every allocation
 * over 128 KB afresh and that alone was most of the time of an input.
 *
 * Besides crashes, leaks and undefined behaviour, it checks what ingest.h promises:
 * every record read is kept or rejected (records = kept + rejected).
 * Crashers found are kept in tests/fuzz/regressions/ingest/ and replayed by make test. */
#define _GNU_SOURCE
#include "evaluate.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "render.h"
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
static FILE *sink;
static int fd = -1;
static char path[64];

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    (void)buf;
    return (ssize_t)size;
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
    xmlInitParser();
    model_init(&boot);
    in = ingest_new(&boot, schema, NULL, 0, stderr);
    if (!in || program_load(&prog, program, xsd, stderr) || cat_load(&cat, i18n, "en", stderr))
        abort();
    sink = fopencookie(NULL, "w", (cookie_io_functions_t){.write = discard});
    fd = memfd_create("export", MFD_CLOEXEC);
    if (!sink || fd < 0)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    model_t m;
    model_init(&m);
    ingest_set_model(in, &m);
    ingest_file(in, path);
    if (m.n_files != 1 ||
        m.files[0].records - m.files[0].rejected != m.n_partners + m.n_customers + m.n_vouchers) {
        fprintf(stderr, "records = kept + rejected does not hold: %ld records, %ld rejected, "
                        "%ld + %ld + %ld kept\n",
                m.n_files ? m.files[0].records : -1, m.n_files ? m.files[0].rejected : -1,
                m.n_partners, m.n_customers, m.n_vouchers);
        abort();
    }
    model_link(&m, &prog);
    int as_of = m.files[0].exported != DATE_NONE ? m.files[0].exported : date_from_ymd(2021, 6, 15);
    eval_t e;
    if (eval_run(&m, &prog, as_of, 1, &e) == 0) {
        run_t r = {&m, &prog, &e, &cat, NULL, NULL, 0, 1};
        render_json(&r, sink);
        render_csv(&r, sink);
        fflush(sink);
    }
    eval_free(&e);
    model_free(&m);
    return 0;
}
