/* render_ndjson.c - findings.ndjson: one finding a line, for log pipelines (jq -c,
 * Loki, Splunk). Each line is the finding object of findings.json (render_json.h), in
 * the same order, with nothing around it. */
#include "render_json.h"

int render_ndjson(const run_t *r, FILE *out)
{
    jw_t *w = jw_new(out, r->jobs);
    strbuf_t sb = {0};
    for (long k = 0; k < r->e->n_f; k++) {
        jw_finding(w, r, &r->e->f[k], ", ", &sb);
        jw_puts(w, "\n");
    }
    sb_free(&sb);
    return jw_end(w);
}
