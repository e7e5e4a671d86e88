/* render.h - what every renderer receives: the evaluated run, read-only.
 *
 * The machine-readable renderers (json, csv) walk the run directly, because they list
 * everything; the page renderers (html, pdf, xml) read the per-scope report model of
 * report.h instead.
 */
#ifndef PSREPORT_RENDER_H
#define PSREPORT_RENDER_H

#include "evaluate.h"
#include "messages.h"

#include <stdio.h>

#define PSREPORT_VERSION "0.1.0"

typedef struct {
    const model_t *m;
    const program_t *p;
    const eval_t *e;
    const catalogue_t *cat;
} run_t;

/* findings.json as cli.md shows it (plus "remedy" and "step" per finding). */
int render_json(const run_t *r, FILE *out);
/* findings.csv: RFC 4180, UTF-8 with a BOM so spreadsheets pick the encoding. */
int render_csv(const run_t *r, FILE *out);

/* JSON string escaping, shared with other writers. NULL writes null. */
void json_string(FILE *out, const char *s);

#endif
