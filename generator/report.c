/* report.c - builds the per-scope report model and the index model (docs/report-model.md).
 *
 * A scope is a list of voucher indexes, a list of finding indexes and a list of
 * partner indexes, chosen once by report_index.c (grouping by partner and region) and
 * never widened afterwards: everything in a model comes from those three lists.
 *
 * This file owns the scope, its key figures and the model's frame: report_build lists
 * every section in the order of the model; the head sections (programme, subject,
 * inputs, summary, details, labels) are made here, the charts by report_charts.c, the
 * tables, the action list and the rules appendix by report_sections.c.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "report_internal.h"

#include "baseline.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/xmltree.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const scope_names[SC_COUNT] = {"program", "region", "partner"};

/* ---- the scope ---------------------------------------------------------------------------- */

typedef struct {
    long vouchers, open, open_days, errors, warnings;
    long due_v[3], due_d[3];
    long st_count[ST_COUNT], st_days[ST_COUNT];
    long customers;
    long closed, rejected; /* vouchers without an open deadline; records set aside */
} figures_t;

/* Interned strings are equal when their addresses are (model_intern). */
static int by_address(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return (x > y) - (x < y);
}

static void figures(const scope_t *s, figures_t *fg)
{
    const run_t *r = s->r;
    memset(fg, 0, sizeof *fg);
    static const int due[3] = {30, 60, 90};
    for (long k = 0; k < s->nv; k++) {
        long i = s->v[k];
        const veval_t *x = &r->e->v[i];
        long days = r->m->vouchers[i].days;
        fg->vouchers++;
        fg->st_count[x->status]++;
        fg->st_days[x->status] += days;
        if (x->kind == DL_NONE)
            continue;
        fg->open++;
        fg->open_days += days;
        for (int d = 0; d < 3; d++)
            if (x->deadline - r->e->as_of <= due[d]) {
                fg->due_v[d]++;
                fg->due_d[d] += days;
            }
    }
    eval_count_severity(r->e, s->f, s->nf, &fg->errors, &fg->warnings);
    fg->closed = fg->vouchers - fg->open;
    for (long k = 0; k < s->nf; k++) { /* every record set aside at reading has one of these */
        int rule = r->e->f[s->f[k]].rule;
        fg->rejected += rule == R_DUPLICATE_ID || rule == R_INVALID_RECORD;
    }
    if (s->kind == SC_PROGRAM) {
        fg->customers = r->m->n_customers;
    } else if (s->kind == SC_REGION) {
        for (long u = 0; u < r->m->n_customers; u++)
            fg->customers += r->m->customers[u].region == s->id;
    } else { /* distinct customers of the partner's vouchers: their interned IDs sorted */
        uintptr_t *c = xmalloc((size_t)(s->nv ? s->nv : 1) * sizeof *c);
        long n = 0;
        for (long k = 0; k < s->nv; k++)
            if (r->m->vouchers[s->v[k]].customer)
                c[n++] = (uintptr_t)r->m->vouchers[s->v[k]].customer;
        qsort(c, (size_t)n, sizeof *c, by_address);
        for (long k = 0; k < n; k++)
            fg->customers += k == 0 || c[k] != c[k - 1];
        free(c);
    }
}

static void add_program(xmlNodePtr root, const run_t *r)
{
    const program_t *p = r->p;
    xmlNodePtr pr = el(root, "program");
    xt_set(pr, "id", p->id);
    xt_set(pr, "name", p->name);
    attr_date(pr, "as-of", r->e->as_of);
    /* milestones in date order (there are six: insertion sort) */
    int order[MS_COUNT];
    for (int i = 0; i < MS_COUNT; i++) {
        int j = i;
        while (j > 0 && p->milestone[order[j - 1]] > p->milestone[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (int k = 0; k < MS_COUNT; k++) {
        int i = order[k];
        xmlNodePtr n = el(pr, "milestone");
        xt_set(n, "id", milestone_names[i]);
        attr_date(n, "date", p->milestone[i]);
        xt_set(n, "past", p->milestone[i] <= r->e->as_of ? "true" : "false");
        xt_set(n, "label", cat_get(r->cat, "milestone", milestone_names[i], NULL, milestone_names[i]));
    }
    for (int i = 0; i < WIN_COUNT; i++) {
        xmlNodePtr n = el(pr, "window");
        xt_set(n, "id", window_names[i]);
        attr_long(n, "days", p->window[i]);
    }
}

/* The id, name and title of a scope, as its page and the index show them. */
static void scope_title(const run_t *r, scope_kind_t kind, long id, const char **sid,
                        const char **name, strbuf_t *title)
{
    static const char *const title_keys[SC_COUNT] = {"programme-report", "region-report",
                                                     "partner-report"};
    const partner_t *pa = kind == SC_PARTNER ? &r->m->partners[id] : NULL;
    *sid = kind == SC_PROGRAM ? "program" : pa ? pa->id : region_names[id];
    *name = kind == SC_PROGRAM ? r->p->name : pa ? pa->name : region_names[id];
    sb_printf(title, "%s: %s", cat_label(r->cat, title_keys[kind]), *name);
    if (pa)
        sb_printf(title, " (%s)", pa->id);
}

static void add_subject(xmlNodePtr root, const scope_t *s)
{
    const run_t *r = s->r;
    xmlNodePtr n = el(root, "subject");
    const char *id, *name;
    strbuf_t t = {0};
    scope_title(r, s->kind, s->id, &id, &name, &t);
    xt_set(n, "kind", scope_names[s->kind]);
    xt_set(n, "id", id);
    xt_set(n, "name", name);
    if (s->kind == SC_PARTNER) {
        const partner_t *pa = &r->m->partners[s->id];
        xt_set(n, "region", pa->region >= 0 ? region_names[pa->region] : NULL);
        xt_set(n, "country", pa->country[0] ? pa->country : NULL);
    }
    xt_set(n, "title", sb_str(&t));
    sb_free(&t);
}

/* The base name of an input: a report never shows where an operator keeps the files. */
const char *report_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}


static void hex(const unsigned char d[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The report details, a record support can file with a ticket: the scope, the as-of
 * date, when and by what it was made, the programme definition and every input with
 * its export timestamp and SHA-256, and an ID derived from all of them. */
static void add_details(xmlNodePtr root, const scope_t *s)
{
    const run_t *r = s->r;
    xmlNodePtr d = el(root, "details");
    struct sha256_ctx id;
    sha256_init(&id);
    char when[32], h[65], day[11];
    time_t t = (time_t)r->generated;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(when, sizeof when, "%lld", r->generated);
    date_format(r->e->as_of, day);
    strbuf_t sb = {0};
    static const char *const kinds[] = {"program", "region", "partner"};
    const char *subject = s->kind == SC_PROGRAM  ? r->p->id
                          : s->kind == SC_REGION ? region_names[s->id]
                                                 : r->m->partners[s->id].id;
    sb_printf(&sb, "psreport %s\n%s\n%s\n%s\n%s\n%s\n", PSREPORT_VERSION, kinds[s->kind],
              subject, r->cat->lang, day, when);
    xt_set(d, "generated", when);
    xt_set(d, "version", PSREPORT_VERSION);
    xmlNodePtr pg = el(d, "program");
    xt_set(pg, "id", r->p->id);
    xt_set(pg, "name", r->p->name);
    xt_set(pg, "version", r->p->version);
    xt_set(pg, "file", report_base_name(r->p->path));
    hex(r->p->sha256, h);
    xt_set(pg, "sha256", h);
    sb_printf(&sb, "%s\n", h);
    for (int i = 0; i < r->m->n_files; i++) {
        const input_file_t *f = &r->m->files[i];
        xmlNodePtr n = el(d, "input");
        xt_set(n, "file", report_base_name(f->path));
        xt_set(n, "kind", file_kind_names[f->kind]);
        xt_set(n, "exported", f->exported_at);
        if (f->hashed) {
            hex(f->sha256, h);
            xt_set(n, "sha256", h);
        }
        sb_printf(&sb, "%s %s\n", report_base_name(f->path), f->hashed ? h : "-");
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_update(&id, sb.len, (const uint8_t *)sb_str(&sb));
    sha256_digest(&id, sizeof digest, digest);
    hex(digest, h);
    char rid[24];
    snprintf(rid, sizeof rid, "PSR-%.4s-%.4s-%.4s-%.4s", h, h + 4, h + 8, h + 12);
    for (char *c = rid; *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'f' ? *c - 'a' + 'A' : *c);
    xmlSetProp(d, (const xmlChar *)"id", (const xmlChar *)rid);
    sb_free(&sb);
}

static void add_inputs(xmlNodePtr root, const run_t *r)
{
    xmlNodePtr ins = el(root, "inputs");
    for (int i = 0; i < r->m->n_files; i++) {
        const input_file_t *f = &r->m->files[i];
        xmlNodePtr n = el(ins, "input");
        xt_set(n, "path", report_base_name(f->path));
        xt_set(n, "kind", file_kind_names[f->kind]);
        attr_long(n, "records", f->records);
        attr_long(n, "kept", f->records - f->rejected);
        attr_long(n, "rejected", f->rejected);
        if (f->invalid)
            xt_set(n, "invalid", "true");
    }
}

static xmlNodePtr add_summary(xmlNodePtr root, const scope_t *s, const figures_t *fg)
{
    const run_t *r = s->r;
    xmlNodePtr n = el(root, "summary");
    attr_long(n, "partners", s->np);
    attr_long(n, "customers", fg->customers);
    attr_long(n, "vouchers", fg->vouchers);
    attr_long(n, "errors", fg->errors);
    attr_long(n, "warnings", fg->warnings);
    attr_long(n, "open-vouchers", fg->open);
    attr_long(n, "open-days", fg->open_days);
    attr_long(n, "closed-vouchers", fg->closed);
    attr_long(n, "rejected", fg->rejected);
    static const char *dv[3] = {"due30-vouchers", "due60-vouchers", "due90-vouchers"};
    static const char *dd[3] = {"due30-days", "due60-days", "due90-days"};
    for (int d = 0; d < 3; d++) {
        attr_long(n, dv[d], fg->due_v[d]);
        attr_long(n, dd[d], fg->due_d[d]);
    }
    for (int st = 0; st < ST_COUNT; st++) {
        xmlNodePtr x = el(n, "status");
        xt_set(x, "id", status_names[st]);
        xt_set(x, "label", cat_get(r->cat, "status", status_names[st], NULL, status_names[st]));
        attr_long(x, "count", fg->st_count[st]);
        attr_long(x, "days", fg->st_days[st]);
    }
    if (r->base) { /* the headline figures' change since the baseline, in this scope */
        long be = 0, bw = 0;
        for (long k = 0; k < s->nb; k++) {
            const base_finding_t *b = &r->base->f[s->b ? s->b[k] : k];
            if (!b->waived)
                *(b->error ? &be : &bw) += 1;
        }
        attr_date(n, "baseline-as-of", r->base->as_of);
        attr_long(n, "errors-change", fg->errors - be);
        attr_long(n, "warnings-change", fg->warnings - bw);
    }
    for (int sv = 0; sv < 2; sv++) {
        xmlNodePtr x = el(n, "severity");
        xt_set(x, "id", severity_names[sv]);
        xt_set(x, "label", cat_get(r->cat, "severity", severity_names[sv], NULL, severity_names[sv]));
        attr_long(x, "count", sv == 0 ? fg->errors : fg->warnings);
    }
    return n;
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The scope's vouchers, open ones first by deadline, then the rest by ID. A scope's list
 * is in ID order (report_index.c), so an ID is its position there: each voucher is one
 * 64-bit key, its deadline in the high half (the sign flipped, so that the unsigned
 * order is the date order; all ones for a closed voucher, after every date, which stays
 * within years 1-9999) and its position in the low half, and the keys sort as integers
 * where a comparison of two vouchers' IDs took a strcmp (2.4 % of a partner report). */
static idx_t *urgent_order(const scope_t *s)
{
    size_t n = (size_t)s->nv;
    uint64_t *key = xmalloc((n ? n : 1) * sizeof *key);
    for (size_t k = 0; k < n; k++) {
        const veval_t *x = &s->r->e->v[s->v[k]];
        uint64_t when = x->kind == DL_NONE ? UINT32_MAX : (uint32_t)x->deadline ^ 0x80000000u;
        key[k] = when << 32 | (uint64_t)k;
    }
    qsort(key, n, sizeof *key, by_key);
    idx_t *o = xmalloc((n ? n : 1) * sizeof *o);
    for (size_t k = 0; k < n; k++)
        o[k] = s->v[key[k] & UINT32_MAX];
    free(key);
    return o;
}

static void add_labels(xmlNodePtr root, const run_t *r)
{
    xmlNodePtr ls = el(root, "labels");
    for (long k = 0; k < r->cat->n_labels; k++) {
        xmlNodePtr n = text_el(ls, "label", cat_label(r->cat, r->cat->label_keys[k]));
        xt_set(n, "key", r->cat->label_keys[k]);
    }
}

/* The vouchers, findings and partners a scope sees. */
static void scope_init(scope_t *s, const run_t *r, const report_index_t *ix, scope_kind_t kind,
                       long id)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->ix = ix;
    s->kind = kind;
    s->id = id;
    scope_lists_t l;
    report_scope_lists(ix, kind, id, &l);
    s->v = l.v;
    s->nv = l.nv;
    s->f = l.f;
    s->nf = l.nf;
    s->p = l.p;
    s->np = l.np;
    s->w = l.w;
    s->nw = l.nw;
    s->b = l.b;
    s->nb = l.nb;
}

xmlDocPtr report_build(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id,
                       long cap)
{
    scope_t s;
    scope_init(&s, r, ix, kind, id);
    idx_t *urgent = urgent_order(&s);
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    if (!doc)
        alloc_fail();
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"report", NULL);
    xmlDocSetRootElement(doc, root);
    xt_set(root, "version", "1");
    xt_set(root, "scope", scope_names[kind]);
    xt_set(root, "lang", r->cat->lang);
    xt_set(root, "generated-by", "psreport " PSREPORT_VERSION);
    figures_t fg;
    figures(&s, &fg);
    add_program(root, r);
    add_subject(root, &s);
    if (kind != SC_PARTNER)
        add_inputs(root, r);
    report_add_tops(add_summary(root, &s, &fg), &s);
    report_add_charts(root, &s, urgent);
    report_add_partners(root, &s, cap);
    if (kind == SC_PROGRAM)
        report_add_regions(root, &s);
    report_add_vouchers(root, &s, urgent, cap);
    report_add_findings(root, &s, cap);
    report_add_waived(root, &s, cap);
    report_add_resolved(root, &s, cap);
    if (kind == SC_PARTNER)
        report_add_actions(root, &s, urgent);
    report_add_rules(root, &s);
    add_details(root, &s);
    add_labels(root, r);
    free(urgent);
    return doc;
}

/* ---- the index ------------------------------------------------------------------------- */

report_row_t *report_index_rows(const run_t *r, const report_index_t *ix, const report_ref_t *refs,
                                long n)
{
    report_row_t *rows = xcalloc((size_t)(n ? n : 1), sizeof *rows);
    for (long k = 0; k < n; k++) {
        scope_t s;
        scope_init(&s, r, ix, refs[k].kind, refs[k].id);
        figures_t fg;
        figures(&s, &fg);
        rows[k] = (report_row_t){fg.errors, fg.warnings, fg.vouchers, fg.open_days, s.np};
    }
    return rows;
}

/* One <report> of the index: its title, its files and its key figures. */
static void index_entry(xmlNodePtr root, const run_t *r, const report_index_t *ix,
                        const report_ref_t *ref, const report_row_t *row, const report_link_t *links,
                        int n_links)
{
    xmlNodePtr e = el(root, "report");
    xt_set(e, "kind", scope_names[ref->kind]);
    char buf[600];
    for (int k = 0; k < n_links; k++) {
        report_path(ix, ref->kind, ref->id, links[k].ext, buf, sizeof buf);
        xt_set(e, links[k].attr, buf);
    }
    const char *id, *name;
    strbuf_t t = {0};
    scope_title(r, ref->kind, ref->id, &id, &name, &t);
    xt_set(e, "title", sb_str(&t));
    sb_free(&t);
    xt_set(e, "id", id);
    xt_set(e, "name", name);
    attr_long(e, "errors", row->errors);
    attr_long(e, "warnings", row->warnings);
    attr_long(e, "vouchers", row->vouchers);
    attr_long(e, "open-days", row->open_days);
    attr_long(e, "partners", row->partners);
    if (ref->kind == SC_PARTNER && r->m->partners[ref->id].region >= 0)
        xt_set(e, "region", region_names[r->m->partners[ref->id].region]);
}

xmlDocPtr report_index_model(const run_t *r, const report_index_t *ix,
                             const report_index_spec_t *spec)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    if (!doc)
        alloc_fail();
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"index", NULL);
    xmlDocSetRootElement(doc, root);
    attr_date(root, "as-of", r->e->as_of);
    xt_set(root, "program-name", r->p->name);
    xt_set(root, "lang", r->cat->lang);
    for (long k = 0; k < spec->n_refs; k++)
        index_entry(root, r, ix, &spec->refs[k], &spec->rows[k], spec->links, spec->n_links);
    for (int k = 0; k < spec->n_files; k++) {
        xmlNodePtr f = el(root, "findings");
        xt_set(f, "href", spec->files[k].href);
        xt_set(f, "format", spec->files[k].format);
    }
    add_labels(root, r);
    return doc;
}
