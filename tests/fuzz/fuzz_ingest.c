/* fuzz_ingest.c - libFuzzer harness: one input is one export file of any kind, read,
 * linked, evaluated and written as findings.json, the whole of what an export reaches.
 *
 *   make fuzz                 (FUZZ_SECONDS=300 by default; corpus tests/fuzz/corpus)
 *
 * The schemas, program definition and catalogue are loaded once; each input is read
 * from a memfd so nothing touches the disk. Crashers found are kept in
 * tests/fuzz/regressions/ and replayed by `make test`. */
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
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("export", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    model_t m;
    model_init(&m);
    ingest_set_model(in, &m);
    ingest_file(in, path);
    model_link(&m, &prog);
    int as_of = m.files[0].exported != DATE_NONE ? m.files[0].exported : date_from_ymd(2021, 6, 15);
    eval_t e;
    if (eval_run(&m, &prog, as_of, &e) == 0) {
        run_t r = {&m, &prog, &e, &cat};
        render_json(&r, sink);
        render_csv(&r, sink);
    }
    eval_free(&e);
    model_free(&m);
    close(fd);
    return 0;
}
