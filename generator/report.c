/* report.c - builds the per-scope report model and the index model (docs/report-model.md).
 *
 * A scope is a list of voucher indexes, a list of finding indexes and a list of
 * partner indexes, chosen once by report_index.c (grouping by partner and region) and
 * never widened afterwards: everything in a model comes from those three lists.
 */
#define _GNU_SOURCE /* qsort_r */
#include "report.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/xmltree.h"
#include "baseline.h"
#include "trend.h"
#include "waiver.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const scope_names[SC_COUNT] = {"program", "region", "partner"};

/* ---- small tree helpers ---------------------------------------------------------------- */

static xmlNodePtr el(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (!n)
        alloc_fail();
    return n;
}

static xmlNodePtr text_el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = el(parent, name);
    xmlNodeAddContent(n, (const xmlChar *)(text ? text : ""));
    return n;
}

static void attr_long(xmlNodePtr n, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    xt_set(n, name, buf);
}

static void attr_date(xmlNodePtr n, const char *name, int d)
{
    if (d == DATE_NONE)
        return;
    char buf[11];
    date_format(d, buf);
    xt_set(n, name, buf);
}

/* The date d as the reader reads it ("15 giugno 2021"; short month names for chart
 * axes), in buf. */
static const char *date_text(const run_t *r, int d, int short_names, char *buf, size_t n)
{
    date_format_text(d, short_names ? r->cat->months_short : r->cat->months, buf, n);
    return buf;
}

static const char *color_of_kind[DL_COUNT] = {"#7f8c8d", "#c0392b", "#8e44ad", "#2980b9"};

/* The urgency tiers of rules.h, as the charts draw them. */
static const char *const tier_colors[TIER_COUNT] = {"#c0392b", "#d68910", "#1e8449"};
static const char *const tier_patterns[TIER_COUNT] = {"solid", "vertical", "outline"};

/* ---- the scope ---------------------------------------------------------------------------- */

typedef struct {
    const run_t *r;
    const report_index_t *ix;
    scope_kind_t kind;
    long id;
    const long *v, *f, *p; /* vouchers, findings (not waived), partners of the scope */
    long nv, nf, np;
    const long *w;         /* waived findings */
    long nw;
    const long *b;         /* baseline findings (NULL: all of them; nb 0 without --baseline) */
    long nb;
} scope_t;

typedef struct {
    long vouchers, open, open_days, errors, warnings;
    long due_v[3], due_d[3];
    long st_count[ST_COUNT], st_days[ST_COUNT];
    long customers;
    long closed, rejected; /* vouchers without an open deadline; records set aside */
} figures_t;

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
    } else { /* distinct customers of the partner's vouchers */
        hash_t seen = {0};
        for (long k = 0; k < s->nv; k++) {
            const char *c = r->m->vouchers[s->v[k]].customer;
            if (c && hash_put(&seen, c, 0) == 1)
                fg->customers++;
        }
        hash_free(&seen);
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
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* The text of sb with every input's path in it shortened to the base name (a message of
 * ingest names the file where an ID was first seen). */
static const char *without_dirs(const run_t *r, strbuf_t *sb)
{
    for (int i = 0; i < r->m->n_files && strchr(sb_str(sb), '/'); i++) {
        const char *path = r->m->files[i].path, *base = base_name(path);
        size_t n = (size_t)(base - path);
        if (!n)
            continue;
        strbuf_t out = {0};
        for (const char *t = sb_str(sb), *hit; *t; t = hit + n) {
            if (!(hit = strstr(t, path))) {
                sb_puts(&out, t);
                break;
            }
            sb_put(&out, t, (size_t)(hit - t));
        }
        sb_reset(sb);
        sb_puts(sb, sb_str(&out));
        sb_free(&out);
    }
    return sb_str(sb);
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
    xt_set(pg, "file", base_name(r->p->path));
    hex(r->p->sha256, h);
    xt_set(pg, "sha256", h);
    sb_printf(&sb, "%s\n", h);
    for (int i = 0; i < r->m->n_files; i++) {
        const input_file_t *f = &r->m->files[i];
        xmlNodePtr n = el(d, "input");
        xt_set(n, "file", base_name(f->path));
        xt_set(n, "kind", file_kind_names[f->kind]);
        xt_set(n, "exported", f->exported_at);
        if (f->hashed) {
            hex(f->sha256, h);
            xt_set(n, "sha256", h);
        }
        sb_printf(&sb, "%s %s\n", base_name(f->path), f->hashed ? h : "-");
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
        xt_set(n, "path", base_name(f->path));
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

/* ---- charts ---------------------------------------------------------------------------------- */

static xmlNodePtr chart(xmlNodePtr charts, const run_t *r, const char *id, const char *kind)
{
    xmlNodePtr c = el(charts, "chart");
    char key[64];
    xt_set(c, "id", id);
    xt_set(c, "kind", kind);
    snprintf(key, sizeof key, "chart-%s-title", id);
    xt_set(c, "title", cat_label(r->cat, key));
    snprintf(key, sizeof key, "chart-%s-caption", id);
    xt_set(c, "caption", cat_label(r->cat, key));
    xt_set(c, "no-data", cat_label(r->cat, "chart-no-data"));
    return c;
}

static void col(xmlNodePtr c, const char *label) { xt_set(el(c, "col"), "label", label); }

/* The caption of the catalogue's key with the numbers the chart shows: {n}, {total}. */
static void caption(xmlNodePtr c, const run_t *r, const char *key, long n, long total)
{
    strbuf_t t = {0};
    for (const char *p = cat_label(r->cat, key); *p; p++) {
        if (!strncmp(p, "{n}", 3) || !strncmp(p, "{total}", 7)) {
            sb_printf(&t, "%ld", p[1] == 'n' ? n : total);
            p += p[1] == 'n' ? 2 : 6;
        } else {
            sb_putc(&t, *p);
        }
    }
    xmlSetProp(c, (const xmlChar *)"caption", (const xmlChar *)sb_str(&t));
    sb_free(&t);
}

/* A series of a chart: its colour and, told apart in black and white, its pattern. */
static void series(xmlNodePtr c, const char *id, const char *label, const char *color,
                   const char *pattern)
{
    xmlNodePtr se = el(c, "series");
    xt_set(se, "id", id);
    xt_set(se, "label", label);
    xt_set(se, "color", color);
    xt_set(se, "pattern", pattern);
}

static xmlNodePtr row(xmlNodePtr c, const char *label)
{
    xmlNodePtr rw = el(c, "row");
    text_el(rw, "v", label);
    return rw;
}

static void val(xmlNodePtr rw, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    text_el(rw, "v", buf);
}

static void chart_timeline(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    xmlNodePtr c = chart(charts, r, "timeline", "timeline");
    attr_date(c, "as-of", r->e->as_of);
    xt_set(c, "as-of-label", cat_label(r->cat, "as-of"));
    char alt[512], d[96];
    xt_set(c, "as-of-text", date_text(r, r->e->as_of, 0, d, sizeof d));
    snprintf(alt, sizeof alt, "%s (%s %s)", cat_label(r->cat, "chart-timeline-alt"),
             cat_label(r->cat, "as-of"), d);
    xt_set(c, "alt", alt);
    col(c, cat_label(r->cat, "milestone"));
    col(c, cat_label(r->cat, "date"));
    for (xmlNodePtr m = xmlDocGetRootElement(c->doc)->children; m; m = m->next) {
        if (strcmp((const char *)m->name, "program") != 0)
            continue;
        for (xmlNodePtr k = m->children; k; k = k->next) {
            if (strcmp((const char *)k->name, "milestone") != 0)
                continue;
            xmlChar *label = xmlGetProp(k, (const xmlChar *)"label");
            xmlChar *date = xmlGetProp(k, (const xmlChar *)"date");
            xmlNodePtr rw = row(c, (const char *)label);
            /* the date as the reader reads it; the chart places it by the ISO date */
            int day = date ? date_parse((const char *)date, strlen((const char *)date)) : DATE_NONE;
            xt_set(text_el(rw, "v", date_text(r, day, 0, d, sizeof d)), "date", (const char *)date);
            xmlFree(label);
            xmlFree(date);
        }
    }
}

static void chart_status(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    static const char *colors[ST_COUNT] = {"#95a5a6", "#5dade2", "#2e86c1", "#1abc9c", "#27ae60",
                                           "#196f3d", "#e67e22", "#c0392b", "#8e44ad"};
    static const char *patterns[ST_COUNT] = {"outline", "dots",  "horizontal", "vertical", "grid",
                                             "solid",   "crosshatch", "hatch", "backhatch"};
    xmlNodePtr c = chart(charts, r, "status", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, s->kind == SC_PROGRAM ? "region" : "scope"));
    xt_set(c, "y-label", cat_label(r->cat, "vouchers"));
    for (int st = 0; st < ST_COUNT; st++)
        series(c, status_names[st], cat_get(r->cat, "status", status_names[st], NULL, status_names[st]),
               colors[st], patterns[st]);
    col(c, cat_label(r->cat, s->kind == SC_PROGRAM ? "region" : "scope"));
    for (int st = 0; st < ST_COUNT; st++)
        col(c, cat_get(r->cat, "status", status_names[st], NULL, status_names[st]));
    long counts[REGION_COUNT + 1][ST_COUNT];
    memset(counts, 0, sizeof counts);
    for (long k = 0; k < s->nv; k++) {
        const veval_t *x = &r->e->v[s->v[k]];
        int g = s->kind == SC_PROGRAM ? (x->region >= 0 ? x->region : REGION_COUNT) : 0;
        counts[g][x->status]++;
    }
    long total = 0;
    int groups = s->kind == SC_PROGRAM ? REGION_COUNT + 1 : 1;
    for (int g = 0; g < groups; g++) {
        long sum = 0;
        for (int st = 0; st < ST_COUNT; st++)
            sum += counts[g][st];
        if (g == REGION_COUNT && sum == 0)
            continue;
        const char *label = s->kind == SC_PROGRAM
                                ? (g < REGION_COUNT ? region_names[g] : cat_label(r->cat, "no-region"))
                            : s->kind == SC_REGION ? region_names[s->id]
                                                   : r->m->partners[s->id].id;
        xmlNodePtr rw = row(c, label);
        for (int st = 0; st < ST_COUNT; st++)
            val(rw, counts[g][st]);
        total += sum;
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld", cat_label(r->cat, "chart-status-alt"), total);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-status-caption", total, total);
}

static int by_urgency(const void *a, const void *b, void *run)
{
    const run_t *urgent_run = run;
    const veval_t *x = &urgent_run->e->v[*(const long *)a], *y = &urgent_run->e->v[*(const long *)b];
    int xo = x->kind != DL_NONE, yo = y->kind != DL_NONE;
    if (xo != yo)
        return yo - xo; /* open first */
    if (xo && x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    return strcmp(urgent_run->m->vouchers[*(const long *)a].id,
                  urgent_run->m->vouchers[*(const long *)b].id);
}

/* The scope's vouchers, open ones first by deadline, then the rest by ID. */
static long *urgent_order(const scope_t *s)
{
    long *o = xmalloc((size_t)(s->nv ? s->nv : 1) * sizeof *o);
    memcpy(o, s->v, (size_t)s->nv * sizeof *o);
    qsort_r(o, (size_t)s->nv, sizeof *o, by_urgency, (void *)s->r);
    return o;
}

static void chart_days_remaining(xmlNodePtr charts, const scope_t *s, const long *urgent)
{
    const run_t *r = s->r;
    xmlNodePtr c = chart(charts, r, "days-remaining", "hbar");
    xt_set(c, "x-label", cat_label(r->cat, "days-remaining"));
    for (int t = 0; t < TIER_COUNT; t++) {
        char id[16];
        snprintf(id, sizeof id, "tier-%s", tier_info[t].name);
        series(c, id, cat_label(r->cat, id), tier_colors[t], tier_patterns[t]);
    }
    col(c, cat_label(r->cat, "voucher"));
    col(c, cat_label(r->cat, "days-remaining"));
    long n = 0, max = 0, open = 0;
    for (long k = 0; k < s->nv && n < 25; k++) {
        const veval_t *x = &r->e->v[urgent[k]];
        if (x->kind == DL_NONE)
            break;
        int days = x->deadline - r->e->as_of;
        xmlNodePtr rw = row(c, r->m->vouchers[urgent[k]].id);
        char tier_id[16];
        snprintf(tier_id, sizeof tier_id, "tier-%s", tier_info[tier_of(days)].name);
        xt_set(rw, "series", tier_id);
        val(rw, days);
        if (days > max)
            max = days;
        n++;
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld, 0-%ld", cat_label(r->cat, "chart-days-remaining-alt"), n,
             max);
    xt_set(c, "alt", alt);
    for (long k = 0; k < s->nv; k++)
        open += r->e->v[s->v[k]].kind != DL_NONE;
    caption(c, r, n < open ? "chart-days-remaining-caption" : "chart-days-remaining-caption-all", n,
            open);
}

static void chart_expiring(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    int as_of = r->e->as_of;
    int week0 = as_of - date_weekday(as_of); /* the Monday of the as-of week */
    enum { WEEKS = 26 };
    long counts[WEEKS][DL_COUNT];
    memset(counts, 0, sizeof counts);
    long total = 0;
    for (long k = 0; k < s->nv; k++) {
        const veval_t *x = &r->e->v[s->v[k]];
        if (x->kind == DL_NONE)
            continue;
        long w = (x->deadline - week0) / 7;
        if (w >= 0 && w < WEEKS) {
            counts[w][x->kind]++;
            total++;
        }
    }
    xmlNodePtr c = chart(charts, r, "expiring", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "week-starting"));
    xt_set(c, "y-label", cat_label(r->cat, "vouchers"));
    static const char *pattern_of_kind[DL_COUNT] = {"solid", "solid", "hatch", "horizontal"};
    for (int kd = 1; kd < DL_COUNT; kd++)
        series(c, deadline_kind_names[kd],
               cat_get(r->cat, "deadline", deadline_kind_names[kd], NULL, deadline_kind_names[kd]),
               color_of_kind[kd], pattern_of_kind[kd]);
    for (int i = 0; i < MS_COUNT; i++) {
        int d = r->p->milestone[i];
        if (d < week0 || d >= week0 + WEEKS * 7)
            continue;
        xmlNodePtr mk = el(c, "marker");
        char at[32], label[300], ds[96];
        snprintf(at, sizeof at, "%.3f", (d - week0) / 7.0);
        date_text(r, d, 1, ds, sizeof ds);
        snprintf(label, sizeof label, "%s %s",
                 cat_get(r->cat, "milestone", milestone_names[i], NULL, milestone_names[i]), ds);
        xt_set(mk, "at", at);
        xt_set(mk, "label", label);
    }
    col(c, cat_label(r->cat, "week-starting"));
    for (int kd = 1; kd < DL_COUNT; kd++)
        col(c, cat_get(r->cat, "deadline", deadline_kind_names[kd], NULL, deadline_kind_names[kd]));
    for (int w = 0; w < WEEKS; w++) {
        char ds[96];
        xmlNodePtr rw = row(c, date_text(r, week0 + 7 * w, 1, ds, sizeof ds));
        for (int kd = 1; kd < DL_COUNT; kd++)
            val(rw, counts[w][kd]);
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld", cat_label(r->cat, "chart-expiring-alt"), total);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-expiring-caption", total, total);
}

/* The trend of the scope (trend.c): errors and warnings at each month-end (waived ones
 * excluded), stacked, and the open planning days. Errors solid and dark, warnings light
 * and hatched, so the chart reads in black and white; the numbers are the table under it. */
static void chart_trend(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    const trend_point_t *pt = r->trend ? trend_of(r->trend, s->kind, s->id) : NULL;
    if (!pt)
        return;
    xmlNodePtr c = chart(charts, r, "trend", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "month-end"));
    xt_set(c, "y-label", cat_label(r->cat, "findings"));
    static const char *ids[2] = {"errors", "warnings"}, *colors[2] = {"#922b21", "#f0b27a"};
    static const char *patterns[2] = {"solid", "hatch"};
    for (int k = 0; k < 2; k++)
        series(c, ids[k], cat_label(r->cat, ids[k]), colors[k], patterns[k]);
    col(c, cat_label(r->cat, "month-end"));
    col(c, cat_label(r->cat, "errors"));
    col(c, cat_label(r->cat, "warnings"));
    for (int k = 0; k < TREND_POINTS; k++) {
        char ds[64];
        xmlNodePtr rw = row(c, date_text(r, pt[k].date, 1, ds, sizeof ds));
        val(rw, pt[k].errors);
        val(rw, pt[k].warnings);
    }
    char alt[300], d0[64], d1[64];
    date_text(r, pt[0].date, 0, d0, sizeof d0);
    date_text(r, pt[TREND_POINTS - 1].date, 0, d1, sizeof d1);
    snprintf(alt, sizeof alt, "%s, %s: %ld / %ld; %s: %ld / %ld", cat_label(r->cat, "chart-trend-alt"),
             d0, pt[0].errors, pt[0].warnings, d1, pt[TREND_POINTS - 1].errors,
             pt[TREND_POINTS - 1].warnings);
    xt_set(c, "alt", alt);

    c = chart(charts, r, "trend-open", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "month-end"));
    xt_set(c, "y-label", cat_label(r->cat, "open-days"));
    series(c, "open-days", cat_label(r->cat, "open-days"), "#2e86c1", "solid");
    col(c, cat_label(r->cat, "month-end"));
    col(c, cat_label(r->cat, "open-days"));
    for (int k = 0; k < TREND_POINTS; k++) {
        char ds[64];
        val(row(c, date_text(r, pt[k].date, 1, ds, sizeof ds)), pt[k].open_days);
    }
    snprintf(alt, sizeof alt, "%s, %s: %ld; %s: %ld", cat_label(r->cat, "chart-trend-open-alt"), d0,
             pt[0].open_days, d1, pt[TREND_POINTS - 1].open_days);
    xt_set(c, "alt", alt);
}

static void chart_findings(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    long counts[R_COUNT];
    memset(counts, 0, sizeof counts);
    for (long k = 0; k < s->nf; k++)
        counts[r->e->f[s->f[k]].rule]++;
    xmlNodePtr c = chart(charts, r, "findings", "hbar");
    xt_set(c, "x-label", cat_label(r->cat, "findings"));
    for (int sv = 0; sv < 2; sv++)
        series(c, severity_names[sv], cat_get(r->cat, "severity", severity_names[sv], NULL,
                                             severity_names[sv]),
               sv == 0 ? "#c0392b" : "#d68910", sv == 0 ? "solid" : "vertical");
    col(c, cat_label(r->cat, "rule"));
    col(c, cat_label(r->cat, "findings"));
    long rules = 0;
    for (int sv = 0; sv < 2; sv++)
        for (int i = 0; i < R_COUNT; i++) {
            if (!counts[i] || (int)rule_info[i].severity != sv)
                continue;
            xmlNodePtr rw = row(c, cat_get(r->cat, "rule", rule_info[i].name, "title",
                                           rule_info[i].name));
            xt_set(rw, "series", severity_names[sv]);
            val(rw, counts[i]);
            rules++;
        }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld, %ld", cat_label(r->cat, "chart-findings-alt"), rules,
             s->nf);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-findings-caption", s->nf, s->nf);
}

/* ---- tables ------------------------------------------------------------------------------------ */

typedef struct {
    long p, errors, warnings, vouchers, open_days, due30;
} prisk_t;

static int by_risk(const void *a, const void *b, void *run)
{
    const run_t *sort_run = run;
    const prisk_t *x = a, *y = b;
    if (x->errors != y->errors)
        return x->errors > y->errors ? -1 : 1;
    if (x->warnings != y->warnings)
        return x->warnings > y->warnings ? -1 : 1;
    if (x->due30 != y->due30)
        return x->due30 > y->due30 ? -1 : 1;
    return strcmp(sort_run->m->partners[x->p].id, sort_run->m->partners[y->p].id);
}

static void eligibility(xmlNodePtr n, const run_t *r, const partner_t *pa)
{
    int as_of = r->e->as_of;
    if (pa->agreement != DATE_NONE)
        attr_date(el(n, "agreement"), "signed", pa->agreement);
    if (pa->profile != DATE_NONE)
        attr_date(el(n, "profile"), "updated", pa->profile);
    for (int k = 0; k < pa->n_enr; k++) {
        xmlNodePtr x = el(n, "enrollment");
        xt_set(x, "offering", pa->enr[k].offering);
        int o = program_find_offering(r->p, pa->enr[k].offering);
        xt_set(x, "offering-name", o >= 0 ? r->p->off[o].name : NULL);
        attr_date(x, "date", pa->enr[k].date);
    }
    for (int k = 0; k < pa->n_comp; k++) {
        const competency_t *c = &pa->comp[k];
        xmlNodePtr x = el(n, "competency");
        xt_set(x, "name", c->name);
        xt_set(x, "level", c->gold ? "gold" : "silver");
        attr_date(x, "earned", c->earned);
        attr_date(x, "expires", c->expires);
        int valid = c->earned <= as_of && (c->expires == DATE_NONE || as_of <= c->expires);
        xt_set(x, "valid", valid ? "true" : "false");
    }
    for (int k = 0; k < pa->n_cons; k++) {
        xmlNodePtr x = el(n, "consultant");
        xt_set(x, "id", pa->cons[k].id);
        xt_set(x, "name", pa->cons[k].name);
        for (int j = 0; j < pa->cons[k].n_exams; j++) {
            xmlNodePtr ex = el(x, "exam");
            xt_set(ex, "id", pa->cons[k].exams[j].id);
            attr_date(ex, "passed", pa->cons[k].exams[j].passed);
        }
    }
}

/* The errors, warnings and open planning days of each partner of the scope, ranked by
 * risk (by_risk). The caller frees the array of s->np. */
static prisk_t *partner_risks(const scope_t *s)
{
    const run_t *r = s->r;
    const report_index_t *ix = s->ix;
    prisk_t *pr = xcalloc((size_t)(s->np ? s->np : 1), sizeof *pr);
    for (long k = 0; k < s->np; k++) {
        long p = s->p[k];
        prisk_t *x = &pr[k];
        x->p = p;
        scope_lists_t l;
        report_scope_lists(ix, SC_PARTNER, p, &l);
        for (long j = 0; j < l.nv; j++) {
            long i = l.v[j];
            const veval_t *v = &r->e->v[i];
            x->vouchers++;
            if (v->kind != DL_NONE) {
                x->open_days += r->m->vouchers[i].days;
                if (v->deadline - r->e->as_of <= 30)
                    x->due30 += r->m->vouchers[i].days;
            }
        }
        eval_count_severity(r->e, l.f, l.nf, &x->errors, &x->warnings);
    }
    qsort_r(pr, (size_t)s->np, sizeof *pr, by_risk, (void *)r);
    return pr;
}

static void add_partners(xmlNodePtr root, const scope_t *s, long cap)
{
    const run_t *r = s->r;
    const report_index_t *ix = s->ix;
    prisk_t *pr = partner_risks(s);
    xmlNodePtr ps = el(root, "partners");
    long shown = cap && s->np > cap ? cap : s->np;
    attr_long(ps, "total", s->np);
    attr_long(ps, "shown", shown);
    for (long k = 0; k < shown; k++) {
        const partner_t *pa = &r->m->partners[pr[k].p];
        xmlNodePtr n = el(ps, "partner");
        xt_set(n, "id", pa->id);
        xt_set(n, "name", pa->name);
        xt_set(n, "region", pa->region >= 0 ? region_names[pa->region] : NULL);
        xt_set(n, "country", pa->country[0] ? pa->country : NULL);
        attr_long(n, "rank", k + 1);
        attr_long(n, "errors", pr[k].errors);
        attr_long(n, "warnings", pr[k].warnings);
        attr_long(n, "vouchers", pr[k].vouchers);
        attr_long(n, "open-days", pr[k].open_days);
        attr_long(n, "due30-days", pr[k].due30);
        if (s->kind == SC_PARTNER) {
            eligibility(n, r, pa);
        } else {
            char path[400], href[404];
            report_path(ix, SC_PARTNER, pr[k].p, "html", path, sizeof path);
            snprintf(href, sizeof href, "%s%s", s->kind == SC_REGION ? "../" : "", path);
            xt_set(n, "report", href);
        }
    }
    free(pr);
}

static void add_regions(xmlNodePtr root, const scope_t *s)
{
    const run_t *r = s->r;
    const report_index_t *ix = s->ix;
    xmlNodePtr rs = el(root, "regions");
    for (int g = 0; g < REGION_COUNT; g++) {
        xmlNodePtr n = el(rs, "region");
        long errors = 0, warnings = 0, open_days = 0;
        scope_lists_t l;
        report_scope_lists(ix, SC_REGION, g, &l);
        eval_count_severity(r->e, l.f, l.nf, &errors, &warnings);
        for (long j = 0; j < l.nv; j++) {
            long i = l.v[j];
            if (r->e->v[i].kind != DL_NONE)
                open_days += r->m->vouchers[i].days;
        }
        xt_set(n, "id", region_names[g]);
        attr_long(n, "partners", l.np);
        attr_long(n, "vouchers", l.nv);
        attr_long(n, "errors", errors);
        attr_long(n, "warnings", warnings);
        attr_long(n, "open-days", open_days);
        char href[64];
        report_path(ix, SC_REGION, g, "html", href, sizeof href);
        xt_set(n, "report", href);
    }
}

/* ---- the manager's summary: where the risk is ------------------------------------------- */

typedef struct {
    const char *id, *name;
    long value;
} top_t;

static int by_top(const void *a, const void *b)
{
    const top_t *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Up to TOP_N of t[0..n) with a value above 0, largest first, as <top> of summary. */
enum { TOP_N = 5 };
static void tops(xmlNodePtr summary, top_t *t, long n, const char *by, const char *kind)
{
    qsort(t, (size_t)n, sizeof *t, by_top);
    for (long k = 0; k < n && k < TOP_N && t[k].value > 0; k++) {
        xmlNodePtr x = el(summary, "top");
        xt_set(x, "by", by);
        xt_set(x, "kind", kind);
        attr_long(x, "rank", k + 1);
        xt_set(x, "id", t[k].id);
        xt_set(x, "name", t[k].name);
        attr_long(x, "value", t[k].value);
    }
}

/* Programme and region: the regions (programme only) and partners with the most errors
 * and with the most planning days due within 30 days (days at risk). */
static void add_tops(xmlNodePtr summary, const scope_t *s)
{
    const run_t *r = s->r;
    const report_index_t *ix = s->ix;
    if (s->kind == SC_PARTNER)
        return;
    if (s->kind == SC_PROGRAM) {
        top_t err[REGION_COUNT], risk[REGION_COUNT];
        for (int g = 0; g < REGION_COUNT; g++) {
            err[g] = risk[g] = (top_t){region_names[g], region_names[g], 0};
            scope_lists_t l;
            long warnings = 0;
            report_scope_lists(ix, SC_REGION, g, &l);
            eval_count_severity(r->e, l.f, l.nf, &err[g].value, &warnings);
            for (long j = 0; j < l.nv; j++) {
                long i = l.v[j];
                const veval_t *v = &r->e->v[i];
                if (v->kind != DL_NONE && v->deadline - r->e->as_of <= 30)
                    risk[g].value += r->m->vouchers[i].days;
            }
        }
        tops(summary, err, REGION_COUNT, "errors", "region");
        tops(summary, risk, REGION_COUNT, "days-at-risk", "region");
    }
    prisk_t *pr = partner_risks(s);
    top_t *err = xcalloc((size_t)(s->np ? s->np : 1), sizeof *err);
    top_t *risk = xcalloc((size_t)(s->np ? s->np : 1), sizeof *risk);
    for (long k = 0; k < s->np; k++) {
        const partner_t *pa = &r->m->partners[pr[k].p];
        err[k] = (top_t){pa->id, pa->name, pr[k].errors};
        risk[k] = (top_t){pa->id, pa->name, pr[k].due30};
    }
    tops(summary, err, s->np, "errors", "partner");
    tops(summary, risk, s->np, "days-at-risk", "partner");
    free(err);
    free(risk);
    free(pr);
}

static void add_vouchers(xmlNodePtr root, const scope_t *s, const long *urgent, long cap)
{
    const run_t *r = s->r;
    const model_t *m = r->m;
    xmlNodePtr vs = el(root, "vouchers");
    long shown = cap && s->nv > cap ? cap : s->nv;
    attr_long(vs, "total", s->nv);
    attr_long(vs, "shown", shown);
    for (long k = 0; k < shown; k++) {
        long i = urgent[k];
        const voucher_t *v = &m->vouchers[i];
        const veval_t *x = &r->e->v[i];
        xmlNodePtr n = el(vs, "voucher");
        xt_set(n, "id", v->id);
        xt_set(n, "partner", v->partner);
        xt_set(n, "customer", v->customer);
        if (v->customer_ix >= 0)
            xt_set(n, "customer-name", m->customers[v->customer_ix].name);
        xt_set(n, "region", x->region >= 0 ? region_names[x->region] : NULL);
        xt_set(n, "offering", v->offering);
        xt_set(n, "engagement", v->engagement);
        if (v->engagement_ix >= 0)
            xt_set(n, "engagement-name", r->p->eng[v->engagement_ix].name);
        attr_long(n, "days", v->days);
        xt_set(n, "status", status_names[x->status]);
        xt_set(n, "status-label", cat_get(r->cat, "status", status_names[x->status], NULL,
                                        status_names[x->status]));
        attr_date(n, "expires", x->expires);
        if (x->kind != DL_NONE) {
            int days = x->deadline - r->e->as_of;
            attr_date(n, "deadline", x->deadline);
            xt_set(n, "deadline-kind", deadline_kind_names[x->kind]);
            xt_set(n, "deadline-label", cat_get(r->cat, "deadline", deadline_kind_names[x->kind],
                                              NULL, deadline_kind_names[x->kind]));
            attr_long(n, "days-remaining", days);
            xt_set(n, "tier", tier_info[tier_of(days)].name);
        }
    }
}

/* A list of findings (<findings> or <waived>): a waived one carries its waiver, and with
 * --baseline each says whether it is new. */
static void finding_list(xmlNodePtr root, const scope_t *s, const char *name, const long *list,
                         long n_list, long cap)
{
    const run_t *r = s->r;
    xmlNodePtr fs = el(root, name);
    long shown = cap && n_list > cap ? cap : n_list;
    attr_long(fs, "total", n_list);
    attr_long(fs, "shown", shown);
    strbuf_t sb = {0};
    char step[8];
    for (long k = 0; k < shown; k++) {
        const finding_t *f = &r->e->f[list[k]];
        const rule_info_t *ri = &rule_info[f->rule];
        xmlNodePtr n = el(fs, "finding");
        xt_set(n, "rule", ri->name);
        xt_set(n, "severity", severity_names[ri->severity]);
        xt_set(n, "severity-label",
             cat_get(r->cat, "severity", severity_names[ri->severity], NULL, severity_names[ri->severity]));
        xt_set(n, "title", cat_get(r->cat, "rule", ri->name, "title", ri->name));
        xt_set(n, "partner", f->partner);
        xt_set(n, "customer", f->customer);
        xt_set(n, "voucher", f->voucher);
        attr_date(n, "date", f->date);
        if (f->file >= 0) {
            xt_set(n, "file", base_name(r->m->files[f->file].path));
            if (f->line)
                attr_long(n, "line", f->line);
        }
        snprintf(step, sizeof step, "%d", ri->step);
        xt_set(n, "step", step);
        xt_set(n, "step-label", cat_get(r->cat, "step", step, NULL, step));
        if (f->change != CHANGE_NONE)
            xt_set(n, "change", f->change == CHANGE_NEW ? "new" : "unchanged");
        if (f->waiver >= 0) {
            const waiver_t *w = &r->m->waivers->w[f->waiver];
            xt_set(n, "waiver", w->id);
            xt_set(n, "waiver-approved-by", w->approved_by);
            attr_date(n, "waiver-expires", w->expires);
            text_el(n, "waiver-reason", w->reason);
        }
        sb_reset(&sb);
        msg_format(r->cat, r->m, r->p, r->e, f, "message", &sb);
        text_el(n, "message", without_dirs(r, &sb));
        sb_reset(&sb);
        msg_remedy(r->cat, r->m, r->p, r->e, f, s->kind == SC_PARTNER ? MSG_PARTNER : MSG_OPERATOR,
                   &sb);
        text_el(n, "remedy", sb_str(&sb));
    }
    sb_free(&sb);
}

static void add_findings(xmlNodePtr root, const scope_t *s, long cap)
{
    finding_list(root, s, "findings", s->f, s->nf, cap);
}

/* Waived findings: shown, never hidden, with the waiver's id, reason, approver and expiry
 * (only those of the scope: a partner sees its own). */
static void add_waived(xmlNodePtr root, const scope_t *s, long cap)
{
    finding_list(root, s, "waived", s->w, s->nw, cap);
}

/* With --baseline: the baseline's findings of this scope that are gone now. */
static void add_resolved(xmlNodePtr root, const scope_t *s, long cap)
{
    const run_t *r = s->r;
    if (!r->base)
        return;
    xmlNodePtr rs = el(root, "resolved");
    attr_date(rs, "since", r->base->as_of);
    long total = 0, shown = 0;
    for (long k = 0; k < s->nb; k++) {
        long i = s->b ? s->b[k] : k;
        if (!report_resolved(s->ix, i))
            continue;
        total++;
        if (cap && shown >= cap)
            continue;
        shown++;
        const base_finding_t *b = &r->base->f[i];
        const char *sev = b->error ? "error" : "warning";
        xmlNodePtr n = el(rs, "finding");
        xt_set(n, "rule", b->rule);
        xt_set(n, "severity", sev);
        xt_set(n, "severity-label", cat_get(r->cat, "severity", sev, NULL, sev));
        xt_set(n, "title", cat_get(r->cat, "rule", b->rule, "title", b->rule));
        xt_set(n, "partner", b->partner);
        xt_set(n, "customer", b->customer);
        xt_set(n, "voucher", b->voucher);
        attr_date(n, "date", b->date);
        text_el(n, "message", b->message ? b->message : "");
    }
    attr_long(rs, "total", total);
    attr_long(rs, "shown", shown);
}

/* ---- the partner's action list ---------------------------------------------------------- */

typedef struct {
    int group;      /* 0: errors, 1: deadlines and warnings */
    int date;       /* the date to act by; DATE_NONE: none (last in its group) */
    long seq;       /* the order of making, for ties */
    long finding;   /* index into e->f, -1 for a voucher's open deadline */
    long voucher;   /* model voucher of a deadline item */
} action_t;

static int by_action(const void *a, const void *b)
{
    const action_t *x = a, *y = b;
    if (x->group != y->group)
        return x->group - y->group;
    if (x->date != y->date) { /* undated last */
        if (x->date == DATE_NONE || y->date == DATE_NONE)
            return x->date == DATE_NONE ? 1 : -1;
        return x->date < y->date ? -1 : 1;
    }
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What an action is about, as the reader finds it: the voucher, else the customer, else
 * the record in the export (a duplicate or invalid record: the file's base name and line). */
static void action_subject(xmlNodePtr n, const run_t *r, const finding_t *f)
{
    if (f->voucher) {
        xt_set(n, "subject", f->voucher);
        xt_set(n, "subject-kind", "voucher");
    } else if (f->customer) {
        xt_set(n, "subject", f->customer);
        xt_set(n, "subject-kind", "customer");
    } else if (f->file >= 0 && f->file < r->m->n_files) {
        const char *path = r->m->files[f->file].path, *slash = strrchr(path, '/');
        char where[300];
        snprintf(where, sizeof where, "%s:%u", slash ? slash + 1 : path, (unsigned)f->line);
        xt_set(n, "subject", where);
        xt_set(n, "subject-kind", "record");
    }
}

/* Next actions of a partner, one per finding and one per open deadline: its errors
 * first, then what falls due soonest. An error on an open voucher is to be fixed by that
 * voucher's deadline and replaces the voucher's plain deadline item (which would say
 * "deliver by" to a voucher that must not be delivered as it is); deadline-approaching
 * is that deadline item. Every remedy fits the voucher's state (msg_remedy), and a
 * finding only the export's operator can fix reads what it means for the partner. The
 * list is empty only with no finding and no open deadline. */
static void add_actions(xmlNodePtr root, const scope_t *s, const long *urgent)
{
    const run_t *r = s->r;
    const eval_t *e = r->e;
    action_t *a = xcalloc((size_t)(s->nf + s->nv + 1), sizeof *a);
    long n = 0;
    hash_t fixing = {0}; /* vouchers whose errors replace their deadline item */
    for (long k = 0; k < s->nf; k++) {
        const finding_t *f = &e->f[s->f[k]];
        int err = rule_info[f->rule].severity == SEV_ERROR, oper = msg_for_operator(r->cat, f);
        if (f->rule == R_DEADLINE_APPROACHING)
            continue; /* the voucher's deadline item */
        int open = f->voucher_ix >= 0 && e->v[f->voucher_ix].kind != DL_NONE && !oper;
        if (open && err)
            hash_put(&fixing, r->m->vouchers[f->voucher_ix].id, 0);
        a[n] = (action_t){err ? 0 : 1, open ? e->v[f->voucher_ix].deadline : DATE_NONE, n,
                          s->f[k], -1};
        n++;
    }
    for (long k = 0; k < s->nv; k++) {
        long i = urgent[k];
        if (e->v[i].kind == DL_NONE)
            break;
        if (hash_get(&fixing, r->m->vouchers[i].id) >= 0)
            continue;
        a[n] = (action_t){1, e->v[i].deadline, n, -1, i};
        n++;
    }
    hash_free(&fixing);
    qsort(a, (size_t)n, sizeof *a, by_action);

    xmlNodePtr as = el(root, "actions");
    strbuf_t sb = {0};
    for (long k = 0; k < n; k++) {
        finding_t g;
        const finding_t *f = a[k].finding >= 0 ? &e->f[a[k].finding] : &g;
        if (a[k].finding < 0) { /* an open deadline: the remedy of deadline-approaching */
            long i = a[k].voucher;
            memset(&g, 0, sizeof g);
            g.rule = R_DEADLINE_APPROACHING;
            g.variant = eval_deadline_variant((deadline_kind_t)e->v[i].kind);
            g.voucher = r->m->vouchers[i].id;
            g.voucher_ix = (int32_t)i;
            g.date = e->v[i].deadline;
            g.file = g.waiver = -1;
        }
        sb_reset(&sb);
        msg_remedy(r->cat, r->m, r->p, e, f, MSG_PARTNER, &sb);
        xmlNodePtr x = text_el(as, "action", sb_str(&sb));
        const char *state = msg_state(e, f);
        xt_set(x, "kind", a[k].finding < 0 ? "deadline"
                        : msg_for_operator(r->cat, f) ? "notice"
                        : !strcmp(state, "closed") ? "record" : "fix");
        if (a[k].finding < 0) {
            int left = e->v[a[k].voucher].deadline - e->as_of;
            xt_set(x, "rule", left <= r->p->window[WIN_WARNING] ? "deadline-approaching"
                                                               : "open-deadline");
        } else {
            xt_set(x, "rule", rule_info[f->rule].name);
            xt_set(x, "title", cat_get(r->cat, "rule", rule_info[f->rule].name, "title",
                                     rule_info[f->rule].name));
            xt_set(x, "severity", severity_names[rule_info[f->rule].severity]);
            xt_set(x, "severity-label", cat_get(r->cat, "severity",
                                              severity_names[rule_info[f->rule].severity], NULL,
                                              severity_names[rule_info[f->rule].severity]));
        }
        xt_set(x, "voucher", f->voucher);
        action_subject(x, r, f);
        if (a[k].date != DATE_NONE) {
            attr_date(x, "date", a[k].date);
            attr_long(x, "days-remaining", a[k].date - e->as_of);
            if (f->voucher_ix >= 0) {
                const char *dk = deadline_kind_names[e->v[f->voucher_ix].kind];
                xt_set(x, "deadline-label", cat_get(r->cat, "deadline", dk, NULL, dk));
            }
        }
        if (*state)
            xt_set(x, "state", state);
    }
    sb_free(&sb);
    free(a);
}

/* tpl with the programme's own values filled in: {milestone:ID} becomes the milestone's
 * date, {window:ID} the window's days. A rule's description names no internal ID. */
static void fill_programme(strbuf_t *out, const run_t *r, const char *tpl)
{
    for (const char *s = tpl; *s; s++) {
        const char *close = *s == '{' ? strchr(s, '}') : NULL;
        int done = 0;
        for (int i = 0; close && !done && i < MS_COUNT; i++)
            if (!strncmp(s + 1, "milestone:", 10) && (size_t)(close - s - 11) == strlen(milestone_names[i]) &&
                !strncmp(s + 11, milestone_names[i], (size_t)(close - s - 11))) {
                cat_date(r->cat, r->p->milestone[i], 0, out); /* in the reader's form */
                done = 1;
            }
        for (int i = 0; close && !done && i < WIN_COUNT; i++)
            if (!strncmp(s + 1, "window:", 7) && (size_t)(close - s - 8) == strlen(window_names[i]) &&
                !strncmp(s + 8, window_names[i], (size_t)(close - s - 8))) {
                sb_printf(out, "%d", r->p->window[i]);
                done = 1;
            }
        if (done)
            s = close;
        else
            sb_putc(out, *s);
    }
}

/* The rules appendix: every rule on programme and region pages; on a partner page the
 * rules its findings name (what the partner needs explained, and a shorter PDF). */
static void add_rules(xmlNodePtr root, const scope_t *s)
{
    const run_t *r = s->r;
    xmlNodePtr rs = el(root, "rules");
    char step[8];
    int fired[R_COUNT] = {0};
    for (long k = 0; k < s->nf; k++)
        fired[r->e->f[s->f[k]].rule] = 1;
    for (int i = 0; i < R_COUNT; i++) {
        const rule_info_t *ri = &rule_info[i];
        if (s->kind == SC_PARTNER && !fired[i])
            continue;
        xmlNodePtr n = el(rs, "rule");
        xt_set(n, "id", ri->name);
        xt_set(n, "severity", severity_names[ri->severity]);
        xt_set(n, "title", cat_get(r->cat, "rule", ri->name, "title", ri->name));
        snprintf(step, sizeof step, "%d", ri->step);
        xt_set(n, "step", step);
        xt_set(n, "step-label", cat_get(r->cat, "step", step, NULL, step));
        strbuf_t sb = {0};
        fill_programme(&sb, r, cat_get(r->cat, "rule", ri->name, "description", ""));
        text_el(n, "description", sb_str(&sb));
        /* the appendix explains a rule, not one finding: its remedy names no voucher or
         * date; a partner reads its own wording of what only the export's operator can fix */
        const char *rem = NULL;
        if (s->kind == SC_PARTNER) {
            rem = cat_get(r->cat, "rule", ri->name, "remedy/partner-general", NULL);
            if (!rem)
                rem = cat_get(r->cat, "rule", ri->name, "remedy/partner", NULL);
        }
        if (!rem)
            rem = cat_get(r->cat, "rule", ri->name, "remedy/general", NULL);
        if (!rem)
            rem = cat_get(r->cat, "rule", ri->name, "remedy", "");
        sb_reset(&sb);
        fill_programme(&sb, r, rem);
        text_el(n, "remedy", sb_str(&sb));
        sb_free(&sb);
    }
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
    long *urgent = urgent_order(&s);
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
    add_tops(add_summary(root, &s, &fg), &s);
    xmlNodePtr charts = el(root, "charts");
    chart_timeline(charts, &s);
    if (kind != SC_PARTNER)
        chart_status(charts, &s);
    chart_days_remaining(charts, &s, urgent);
    chart_expiring(charts, &s);
    if (kind != SC_PARTNER) /* a partner's findings are few: its table says it all */
        chart_findings(charts, &s);
    chart_trend(charts, &s);
    add_partners(root, &s, cap);
    if (kind == SC_PROGRAM)
        add_regions(root, &s);
    add_vouchers(root, &s, urgent, cap);
    add_findings(root, &s, cap);
    add_waived(root, &s, cap);
    add_resolved(root, &s, cap);
    if (kind == SC_PARTNER)
        add_actions(root, &s, urgent);
    add_rules(root, &s);
    add_details(root, &s);
    add_labels(root, r);
    free(urgent);
    return doc;
}

/* ---- the index ------------------------------------------------------------------------- */

/* One <report> of the index: its title, its files and its key figures. */
static void index_entry(xmlNodePtr root, const run_t *r, const report_index_t *ix,
                        const report_ref_t *ref, const report_link_t *links, int n_links)
{
    scope_t s;
    scope_init(&s, r, ix, ref->kind, ref->id);
    figures_t fg;
    figures(&s, &fg);
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
    attr_long(e, "errors", fg.errors);
    attr_long(e, "warnings", fg.warnings);
    attr_long(e, "vouchers", fg.vouchers);
    attr_long(e, "open-days", fg.open_days);
    attr_long(e, "partners", s.np);
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
        index_entry(root, r, ix, &spec->refs[k], spec->links, spec->n_links);
    for (int k = 0; k < spec->n_files; k++) {
        xmlNodePtr f = el(root, "findings");
        xt_set(f, "href", spec->files[k].href);
        xt_set(f, "format", spec->files[k].format);
    }
    add_labels(root, r);
    return doc;
}
