/* render_json.h - the JSON writing findings.json and findings.ndjson share: a buffered
 * writer, and the object of one finding, so both files carry the same fields. */
#ifndef PSREPORT_RENDER_JSON_H
#define PSREPORT_RENDER_JSON_H

#include "render.h"
#include "util/strbuf.h"

typedef struct json_writer jw_t;

/* A writer appending to out through a buffer; with jobs > 1 a second thread does the
 * writes to out, until jw_end. */
jw_t *jw_new(FILE *out, int jobs);
/* Flushes and frees w. Returns 0, or -1 when any write to the stream failed. */
int jw_end(jw_t *w);
void jw_puts(jw_t *w, const char *s);

/* One finding as an object, from "{" to "}"; br separates its groups of fields
 * (",\n     " in findings.json, ", " on one line). sb is scratch space. */
void jw_finding(jw_t *w, const run_t *r, const finding_t *f, const char *br, strbuf_t *sb);

#endif
