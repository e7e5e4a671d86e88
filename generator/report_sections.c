/* report_sections.c - the tables of a report model, the partner's action list and the
 * rules appendix.
 *
 * Each section reads only the lists of its scope (scope_t): the partners ranked by risk
 * (with a partner's own eligibility facts on its page), the regions, where the risk is,
 * the vouchers most urgent first, the findings, the waived and the resolved ones, what a
 * partner does next, and the rules its findings name. A long table keeps its first cap
 * rows and says how many there are in all.
 */
#define _GNU_SOURCE /* qsort_r */
#include "report_internal.h"

#include "baseline.h"
#include "util/alloc.h"
#include "util/xmltree.h"
#include "waiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of sb with every input's path in it shortened to the base name (a message of
 * ingest names the file where an ID was first seen). */
static const char *without_dirs(const run_t *r, strbuf_t *sb)
{
    for (int i = 0; i < r->m->n_files && strchr(sb_str(sb), '/'); i++) {
        const char *path = r->m->files[i].path, *base = report_base_name(path);
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

void report_add_partners(xmlNodePtr root, const scope_t *s, long cap)
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

void report_add_regions(xmlNodePtr root, const scope_t *s)
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
void report_add_tops(xmlNodePtr summary, const scope_t *s)
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

void report_add_vouchers(xmlNodePtr root, const scope_t *s, const idx_t *urgent, long cap)
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
        if (voucher_customer_ix(v) >= 0)
            xt_set(n, "customer-name", m->customers[voucher_customer_ix(v)].name);
        xt_set(n, "region", x->region >= 0 ? region_names[x->region] : NULL);
        xt_set(n, "offering", v->offering);
        xt_set(n, "engagement", v->engagement);
        int32_t gx = voucher_engagement_ix(v, r->p);
        if (gx >= 0)
            xt_set(n, "engagement-name", r->p->eng[gx].name);
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
static void finding_list(xmlNodePtr root, const scope_t *s, const char *name, const idx_t *list,
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
            xt_set(n, "file", report_base_name(r->m->files[f->file].path));
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

void report_add_findings(xmlNodePtr root, const scope_t *s, long cap)
{
    finding_list(root, s, "findings", s->f, s->nf, cap);
}

/* Waived findings: shown, never hidden, with the waiver's id, reason, approver and expiry
 * (only those of the scope: a partner sees its own). */
void report_add_waived(xmlNodePtr root, const scope_t *s, long cap)
{
    finding_list(root, s, "waived", s->w, s->nw, cap);
}

/* With --baseline: the baseline's findings of this scope that are gone now. */
void report_add_resolved(xmlNodePtr root, const scope_t *s, long cap)
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
        char where[300];
        snprintf(where, sizeof where, "%s:%u", report_base_name(r->m->files[f->file].path),
                 (unsigned)f->line);
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
void report_add_actions(xmlNodePtr root, const scope_t *s, const idx_t *urgent)
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
void report_add_rules(xmlNodePtr root, const scope_t *s)
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
