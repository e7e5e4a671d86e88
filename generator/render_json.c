/* render_json.c - findings.json: the complete, machine-readable result of a run. */
#include "render.h"

#include "util/date.h"

#include <string.h>

void json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                putc(*p, out);
        }
    }
    putc('"', out);
}

static void json_date(FILE *out, int d)
{
    char buf[11];
    if (d == DATE_NONE) {
        fputs("null", out);
        return;
    }
    date_format(d, buf);
    fprintf(out, "\"%s\"", buf);
}

int render_json(const run_t *r, FILE *out)
{
    const model_t *m = r->m;
    const eval_t *e = r->e;
    fputs("{\n  \"tool\": {\"name\": \"psreport\", \"version\": \"" PSREPORT_VERSION "\"},\n",
          out);
    fputs("  \"program\": ", out);
    json_string(out, r->p->id);
    fputs(",\n  \"as_of\": ", out);
    json_date(out, e->as_of);
    fputs(",\n  \"inputs\": [", out);
    for (int i = 0; i < m->n_files; i++) {
        const input_file_t *f = &m->files[i];
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", out);
        json_string(out, f->path);
        fprintf(out, ", \"kind\": \"%s\", \"records\": %ld, \"rejected\": %ld}",
                file_kind_names[f->kind], f->records, f->rejected);
    }
    fputs(m->n_files ? "\n  ],\n" : "],\n", out);
    fprintf(out,
            "  \"summary\": {\"partners\": %ld, \"customers\": %ld, \"vouchers\": %ld, "
            "\"errors\": %ld, \"warnings\": %ld},\n",
            m->n_partners, m->n_customers, e->n_exist, e->errors, e->warnings);
    fputs("  \"vouchers\": [", out);
    for (long k = 0; k < e->n_exist; k++) {
        long i = e->order[k];
        const voucher_t *v = &m->vouchers[i];
        const veval_t *x = &e->v[i];
        fputs(k ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        json_string(out, v->id);
        fputs(", \"partner\": ", out);
        json_string(out, v->partner);
        fputs(", \"customer\": ", out);
        json_string(out, v->customer);
        fputs(", \"region\": ", out);
        json_string(out, x->region >= 0 ? region_names[x->region] : NULL);
        fputs(", \"offering\": ", out);
        json_string(out, v->offering);
        fputs(", \"engagement\": ", out);
        json_string(out, v->engagement);
        fprintf(out, ", \"days\": %ld, \"status\": \"%s\", \"expires\": ", v->days,
                status_names[x->status]);
        json_date(out, x->expires);
        fputs(", \"deadline\": ", out);
        json_date(out, x->deadline);
        fputs(", \"deadline_kind\": ", out);
        json_string(out, deadline_kind_names[x->kind]);
        if (x->kind == DL_NONE)
            fputs(", \"days_remaining\": null}", out);
        else
            fprintf(out, ", \"days_remaining\": %d}", x->deadline - e->as_of);
    }
    fputs(e->n_exist ? "\n  ],\n" : "],\n", out);
    fputs("  \"findings\": [", out);
    strbuf_t sb = {0};
    for (long k = 0; k < e->n_f; k++) {
        const finding_t *f = &e->f[k];
        const rule_info_t *ri = &rule_info[f->rule];
        fputs(k ? ",\n    {\"rule\": " : "\n    {\"rule\": ", out);
        fprintf(out, "\"%s\", \"severity\": \"%s\",\n     \"partner\": ", ri->name,
                severity_names[ri->severity]);
        json_string(out, f->partner);
        fputs(", \"customer\": ", out);
        json_string(out, f->customer);
        fputs(", \"voucher\": ", out);
        json_string(out, f->voucher);
        fputs(",\n     \"date\": ", out);
        json_date(out, f->date);
        fputs(", \"file\": ", out);
        json_string(out, f->file >= 0 ? m->files[f->file].path : NULL);
        if (f->file >= 0 && f->line > 0)
            fprintf(out, ", \"line\": %u", f->line);
        else
            fputs(", \"line\": null", out);
        fputs(",\n     \"message\": ", out);
        sb_reset(&sb);
        msg_format(r->cat, m, r->p, e, f, "message", &sb);
        json_string(out, sb_str(&sb));
        fputs(",\n     \"remedy\": ", out);
        sb_reset(&sb);
        msg_format(r->cat, m, r->p, e, f, "remedy", &sb);
        json_string(out, sb_str(&sb));
        fprintf(out, ", \"step\": %d}", ri->step);
    }
    sb_free(&sb);
    fputs(e->n_f ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
