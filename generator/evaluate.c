/* evaluate.c - rules.md as code: one small function per group of rules.
 *
 * "Visible" means dated on or before as-of (rules.md, Time). A <delivered> event is
 * visible from its end date; its start is used only once it is visible.
 */
#define _GNU_SOURCE /* qsort_r */
#include "evaluate.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/pages.h"
#include "util/slices.h"
#include "waiver.h"

#include <stdlib.h>
#include <string.h>

const char *const variant_names[VAR_COUNT] = {
    [VAR_NONE] = "",
    [VAR_NO_PARTNER] = "no-partner",
    [VAR_UNKNOWN_OFFERING] = "unknown-offering",
    [VAR_NO_BENEFIT] = "no-benefit",
    [VAR_NOT_CONSULTANT] = "not-consultant",
    [VAR_NO_CONSULTANT] = "no-consultant",
};

const char *eval_variant_name(const finding_t *f)
{
    if (f->variant > VAR_DEADLINE && f->variant < VAR_DEADLINE + DL_COUNT)
        return deadline_kind_names[f->variant - VAR_DEADLINE];
    if (f->variant > VAR_REASON && f->variant < VAR_REASON + RS_COUNT)
        return reason_names[f->variant - VAR_REASON];
    return f->variant < VAR_COUNT ? variant_names[f->variant] : "";
}

uint8_t eval_deadline_variant(deadline_kind_t kind)
{
    return kind == DL_NONE ? VAR_NONE : (uint8_t)(VAR_DEADLINE + kind);
}

void eval_count_severity(const eval_t *e, const idx_t *ix, long n, long *errors, long *warnings)
{
    for (long k = 0; k < n; k++) {
        if (e->f[ix ? ix[k] : k].waiver >= 0)
            continue; /* a waived finding is not an error or warning (rules.md "Waivers") */
        if (rule_info[e->f[ix ? ix[k] : k].rule].severity == SEV_ERROR)
            (*errors)++;
        else
            (*warnings)++;
    }
}

typedef struct {
    const model_t *m;
    const program_t *p;
    int as_of;
    eval_t *e;
} ctx_t;

static int visible(const ctx_t *c, int d) { return d != DATE_NONE && d <= c->as_of; }

/* Room for cap findings in e->f. The run's findings and a slice's (voucher_slices) live
 * in pages of their own (util/pages.h): grown without a copy beside them, and a slice's
 * unmapped once copied (freed into the slice thread's heap, it stayed there: 10 MB more
 * peak RSS at a million vouchers). A replay's few (trend.c) are malloc's. */
static void f_room(eval_t *e, long cap)
{
    if (e->f_mapped)
        e->f = pages_resize(e->f, (size_t)e->cap_f * sizeof *e->f, (size_t)cap * sizeof *e->f);
    else
        e->f = xrealloc(e->f, (size_t)cap * sizeof *e->f);
    e->cap_f = cap;
}

static finding_t *add(ctx_t *c, rule_t rule, int date)
{
    eval_t *e = c->e;
    if (e->n_f == e->cap_f) /* the first pages: 128 findings, 12 KB */
        f_room(e, e->cap_f ? e->cap_f * 2 : e->f_mapped ? 128 : 1024);
    finding_t *f = &e->f[e->n_f++];
    memset(f, 0, sizeof *f);
    f->rule = (uint8_t)rule;
    f->date = date;
    f->d1 = f->d2 = DATE_NONE;
    f->partner_ix = f->voucher_ix = f->file = f->waiver = -1;
    f->region = REGION_NONE;
    return f;
}

/* A finding about voucher i. */
static finding_t *vfind(ctx_t *c, long i, rule_t rule, int date)
{
    const voucher_t *v = &c->m->vouchers[i];
    finding_t *f = add(c, rule, date);
    f->voucher = v->id;
    f->partner = v->partner;
    f->customer = v->customer;
    f->partner_ix = voucher_partner_ix(v);
    f->voucher_ix = (int32_t)i;
    f->region = c->e->v[i - c->e->v_first].region;
    return f;
}

/* expires(v): the given date, else created + validity + the extensions that apply. */
static int expires_of(const program_t *p, const voucher_t *v)
{
    if (v->expires_given != DATE_NONE)
        return v->expires_given;
    int d = v->ev[EV_CREATED] + p->window[WIN_VALIDITY];
    for (int k = 0; k < p->n_ext; k++)
        if (p->ext[k].created_before > v->ev[EV_CREATED])
            d += p->ext[k].days;
    return d;
}

/* The visible events of a voucher: ev[] with invisible ones set to DATE_NONE. */
static void visible_events(const ctx_t *c, const voucher_t *v, int ev[EV_COUNT])
{
    for (int k = 0; k < EV_COUNT; k++)
        ev[k] = visible(c, v->ev[k]) ? v->ev[k] : DATE_NONE;
    if (ev[EV_DELIVERED_END] == DATE_NONE) /* delivered counts from its end date */
        ev[EV_DELIVERED_START] = DATE_NONE;
}

static void status_and_deadline(ctx_t *c, long i, const int ev[EV_COUNT])
{
    const program_t *p = c->p;
    veval_t *r = &c->e->v[i - c->e->v_first];
    int last = p->milestone[MS_REDEEM_LAST_DAY];
    int exp = r->expires;
    int redeem_deadline = exp < last ? exp : last;
    int redeemed = ev[EV_REDEEMED] != DATE_NONE;
    int pay_deadline = redeemed ? ev[EV_REDEEMED] + p->window[WIN_PAYMENT] : DATE_NONE;

    status_t s;
    if (ev[EV_PAYMENT] != DATE_NONE)
        s = ST_PAYMENT_REQUESTED;
    else if (redeemed && c->as_of > pay_deadline)
        s = ST_PAYMENT_MISSED;
    else if (redeemed)
        s = ST_REDEEMED;
    else if (c->as_of > redeem_deadline)
        s = exp <= last ? ST_EXPIRED : ST_FORFEITED;
    else if (ev[EV_DELIVERED_END] != DATE_NONE)
        s = ST_DELIVERED;
    else if (ev[EV_RESERVED] != DATE_NONE)
        s = ST_RESERVED;
    else if (ev[EV_ASSIGNED] != DATE_NONE)
        s = ST_ASSIGNED;
    else
        s = ST_CREATED;
    r->status = (uint8_t)s;

    r->kind = DL_NONE;
    r->deadline = DATE_NONE;
    if (!redeemed && c->as_of <= redeem_deadline) {
        r->deadline = redeem_deadline;
        r->kind = exp <= last ? DL_VOUCHER_EXPIRY : DL_REDEEM_LAST_DAY;
    } else if (redeemed && ev[EV_PAYMENT] == DATE_NONE && c->as_of <= pay_deadline) {
        r->deadline = pay_deadline;
        r->kind = DL_PAYMENT_REQUEST;
    }
}

static void milestone_rules(ctx_t *c, long i, const int ev[EV_COUNT])
{
    const program_t *p = c->p;
    const voucher_t *v = &c->m->vouchers[i];
    finding_t *f;

    int32_t gx = voucher_engagement_ix(v, p);
    if (gx >= 0 && p->eng[gx].cloud) {
        int ms = p->milestone[MS_CLOUD_RETIRED];
        int first = DATE_NONE;
        event_t which = EV_RESERVED;
        if (ev[EV_RESERVED] != DATE_NONE && ev[EV_RESERVED] >= ms)
            first = ev[EV_RESERVED];
        if (ev[EV_DELIVERED_START] != DATE_NONE && ev[EV_DELIVERED_START] >= ms &&
            (first == DATE_NONE || ev[EV_DELIVERED_START] < first)) {
            first = ev[EV_DELIVERED_START];
            which = EV_DELIVERED_START;
        }
        if (first != DATE_NONE) {
            f = vfind(c, i, R_CLOUD_ENGAGEMENT_RETIRED, first);
            f->ev1 = (uint8_t)which;
            f->d1 = ms;
        }
    }
    int cut = p->milestone[MS_CREATE_LAST_DAY];
    if (ev[EV_CREATED] > cut) {
        f = vfind(c, i, R_VOUCHER_CREATED_AFTER_CUTOFF, ev[EV_CREATED]);
        f->d1 = cut;
    }
    if (ev[EV_ASSIGNED] != DATE_NONE && ev[EV_ASSIGNED] > cut) {
        f = vfind(c, i, R_VOUCHER_ASSIGNED_AFTER_CUTOFF, ev[EV_ASSIGNED]);
        f->d1 = cut;
    }
    int last = p->milestone[MS_REDEEM_LAST_DAY];
    if (ev[EV_REDEEMED] != DATE_NONE && ev[EV_REDEEMED] > last) {
        f = vfind(c, i, R_REDEEMED_AFTER_LAST_DAY, ev[EV_REDEEMED]);
        f->d1 = last;
    }
    if (ev[EV_REDEEMED] != DATE_NONE) {
        int pay_deadline = ev[EV_REDEEMED] + p->window[WIN_PAYMENT];
        if (ev[EV_PAYMENT] != DATE_NONE && ev[EV_PAYMENT] > pay_deadline) {
            f = vfind(c, i, R_PAYMENT_REQUEST_LATE, ev[EV_PAYMENT]);
            f->d1 = pay_deadline;
            f->d2 = ev[EV_REDEEMED];
        }
        if (ev[EV_PAYMENT] == DATE_NONE && c->as_of > pay_deadline) {
            f = vfind(c, i, R_PAYMENT_WINDOW_MISSED, pay_deadline);
            f->d1 = ev[EV_REDEEMED];
        }
    }
}

static void lifecycle_rules(ctx_t *c, long i, const int ev[EV_COUNT])
{
    const program_t *p = c->p;
    const voucher_t *v = &c->m->vouchers[i];
    const veval_t *r = &c->e->v[i - c->e->v_first];
    finding_t *f;
    int exp = r->expires;

    if (ev[EV_RESERVED] != DATE_NONE && ev[EV_RESERVED] > exp) {
        f = vfind(c, i, R_RESERVED_AFTER_EXPIRY, ev[EV_RESERVED]);
        f->d1 = exp;
    }
    if (ev[EV_DELIVERED_END] != DATE_NONE && ev[EV_DELIVERED_END] > exp) {
        f = vfind(c, i, R_DELIVERED_AFTER_EXPIRY, ev[EV_DELIVERED_END]);
        f->d1 = exp;
    }
    if (ev[EV_REDEEMED] != DATE_NONE && ev[EV_REDEEMED] > exp) {
        f = vfind(c, i, R_REDEEMED_AFTER_EXPIRY, ev[EV_REDEEMED]);
        f->d1 = exp;
    }

    /* events-out-of-order: the first event dated before an event that should precede it */
    int latest = DATE_NONE, latest_ev = 0;
    for (int k = 0; k < EV_COUNT; k++) {
        if (ev[k] == DATE_NONE)
            continue;
        if (latest != DATE_NONE && ev[k] < latest) {
            f = vfind(c, i, R_EVENTS_OUT_OF_ORDER, ev[k]);
            f->ev1 = (uint8_t)k;
            f->ev2 = (uint8_t)latest_ev;
            f->d1 = latest;
            break;
        }
        if (latest == DATE_NONE || ev[k] > latest) {
            latest = ev[k];
            latest_ev = k;
        }
    }

    /* missing-step: a step present while the step it needs is absent */
    static const struct {
        event_t step, needs;
    } needs[] = {{EV_ASSIGNED, EV_CREATED},        {EV_RESERVED, EV_ASSIGNED},
                 {EV_DELIVERED_START, EV_RESERVED}, {EV_COMPLETION, EV_DELIVERED_START},
                 {EV_REDEEMED, EV_COMPLETION},      {EV_PAYMENT, EV_REDEEMED}};
    for (size_t k = 0; k < sizeof needs / sizeof *needs; k++) {
        if (ev[needs[k].step] != DATE_NONE && ev[needs[k].needs] == DATE_NONE) {
            f = vfind(c, i, R_MISSING_STEP, ev[needs[k].step]);
            f->ev1 = (uint8_t)needs[k].step;
            f->ev2 = (uint8_t)needs[k].needs;
            break;
        }
    }

    int32_t gx = voucher_engagement_ix(v, p);
    if (gx >= 0 && v->days > p->eng[gx].days) {
        f = vfind(c, i, R_DAYS_EXCEED_ENGAGEMENT, ev[EV_CREATED]);
        f->n1 = v->days;
        f->n2 = p->eng[gx].days;
    }
    if (voucher_customer_ix(v) >= 0) {
        const customer_t *u = &c->m->customers[voucher_customer_ix(v)];
        if (u->activated == DATE_NONE || u->activated > ev[EV_CREATED]) {
            f = vfind(c, i, R_CREATED_BEFORE_ACTIVATION, ev[EV_CREATED]);
            f->d1 = u->activated;
            f->variant = u->activated == DATE_NONE ? VAR_NO_BENEFIT : VAR_NONE;
        }
    }
    if (r->kind != DL_NONE && r->deadline - c->as_of <= p->window[WIN_WARNING]) {
        f = vfind(c, i, R_DEADLINE_APPROACHING, r->deadline);
        f->n1 = r->deadline - c->as_of;
        f->variant = eval_deadline_variant((deadline_kind_t)r->kind);
    }
    if (r->status == ST_EXPIRED || r->status == ST_FORFEITED) {
        int last = p->milestone[MS_REDEEM_LAST_DAY];
        int rd = exp < last ? exp : last;
        f = vfind(c, i, r->status == ST_EXPIRED ? R_VOUCHER_EXPIRED : R_VOUCHER_FORFEITED, rd);
        f->d1 = exp;
    }
}

static int has_competency(const engagement_t *g, const partner_t *pa, int start)
{
    for (int k = 0; k < pa->n_comp; k++) {
        const competency_t *x = &pa->comp[k];
        if (x->earned == DATE_NONE || x->earned > start)
            continue;
        if (x->expires != DATE_NONE && start > x->expires)
            continue;
        for (int j = 0; j < g->n_comp; j++)
            if (strcmp(x->name, g->comp[j]) == 0)
                return 1;
    }
    return 0;
}

static void eligibility_rules(ctx_t *c, long i, const int ev[EV_COUNT])
{
    const program_t *p = c->p;
    const voucher_t *v = &c->m->vouchers[i];
    finding_t *f;
    if (voucher_partner_ix(v) < 0)
        return;
    const partner_t *pa = &c->m->partners[voucher_partner_ix(v)];
    int res = ev[EV_RESERVED];
    if (res != DATE_NONE) {
        if (pa->agreement == DATE_NONE || pa->agreement > res) {
            f = vfind(c, i, R_AGREEMENT_MISSING, res);
            f->d1 = pa->agreement;
        }
        int enrolled = 0;
        for (int k = 0; k < pa->n_enr && !enrolled; k++)
            enrolled = pa->enr[k].date <= res && pa->enr[k].offering &&
                       strcmp(pa->enr[k].offering, v->offering) == 0;
        if (!enrolled)
            vfind(c, i, R_NOT_ENROLLED, res);
    }
    int start = ev[EV_DELIVERED_START];
    int32_t gx = voucher_engagement_ix(v, p);
    if (start == DATE_NONE || gx < 0)
        return;
    const engagement_t *g = &p->eng[gx];
    if (!has_competency(g, pa, start))
        vfind(c, i, R_COMPETENCY_MISSING, start);
    const consultant_t *who = NULL;
    for (int k = 0; v->consultant && k < pa->n_cons && !who; k++)
        if (pa->cons[k].id && strcmp(pa->cons[k].id, v->consultant) == 0)
            who = &pa->cons[k];
    int qualified = 0;
    for (int k = 0; who && k < who->n_exams && !qualified; k++) {
        if (who->exams[k].passed == DATE_NONE || who->exams[k].passed > start)
            continue;
        for (int j = 0; j < g->n_exams && !qualified; j++)
            qualified = strcmp(who->exams[k].id, g->exams[j]) == 0;
    }
    if (!qualified) {
        f = vfind(c, i, R_CONSULTANT_NOT_QUALIFIED, start);
        f->variant = !v->consultant ? VAR_NO_CONSULTANT : !who ? VAR_NOT_CONSULTANT : VAR_NONE;
    }
}

static void integrity_rules(ctx_t *c, long i, const int ev[EV_COUNT])
{
    const voucher_t *v = &c->m->vouchers[i];
    finding_t *f;
    if (v->partner && voucher_partner_ix(v) < 0)
        vfind(c, i, R_UNKNOWN_PARTNER, DATE_NONE);
    else if (!v->partner && ev[EV_RESERVED] != DATE_NONE)
        vfind(c, i, R_UNKNOWN_PARTNER, DATE_NONE)->variant = VAR_NO_PARTNER;
    if (voucher_customer_ix(v) < 0)
        vfind(c, i, R_UNKNOWN_CUSTOMER, DATE_NONE);
    if (voucher_engagement_ix(v, c->p) < 0) {
        f = vfind(c, i, R_UNKNOWN_ENGAGEMENT, DATE_NONE);
        f->variant = program_find_offering(c->p, v->offering) < 0 ? VAR_UNKNOWN_OFFERING
                                                                  : VAR_NONE;
    }
}

static finding_t *cfind(ctx_t *c, long u, rule_t rule, int date)
{
    const customer_t *cu = &c->m->customers[u];
    finding_t *f = add(c, rule, date);
    f->customer = cu->id;
    f->region = cu->region;
    return f;
}

static void customer_rules(ctx_t *c, long u, long voucher_days)
{
    const program_t *p = c->p;
    const customer_t *cu = &c->m->customers[u];
    finding_t *f;
    for (int k = 0; k < cu->n_conv; k++)
        if (visible(c, cu->conv[k].date) &&
            cu->conv[k].date >= p->milestone[MS_TRAINING_CONVERSION_END]) {
            f = cfind(c, u, R_TRAINING_CONVERSION_RETIRED, cu->conv[k].date);
            f->d1 = p->milestone[MS_TRAINING_CONVERSION_END];
            f->n1 = cu->conv[k].planning;
            f->n2 = cu->conv[k].training;
        }
    for (int k = 0; k < cu->n_acc; k++)
        if (visible(c, cu->acc[k].date) && cu->acc[k].date >= p->milestone[MS_ACCRUAL_END]) {
            f = cfind(c, u, R_ACCRUAL_AFTER_END, cu->acc[k].date);
            f->d1 = p->milestone[MS_ACCRUAL_END];
            f->n1 = cu->acc[k].days;
        }
    int removed = p->milestone[MS_DAYS_REMOVED];
    for (int k = 0; k < cu->n_bal; k++)
        if (visible(c, cu->bal[k].date) && cu->bal[k].days > 0 && cu->bal[k].date >= removed) {
            f = cfind(c, u, R_DAYS_NOT_REMOVED, cu->bal[k].date);
            f->d1 = removed;
            f->n1 = cu->bal[k].days;
        }

    /* unassigned days: the latest visible balance, else accrued + converted - vouchers */
    long days = DAYS_UNKNOWN;
    int best = DATE_NONE;
    for (int k = 0; k < cu->n_bal; k++)
        if (visible(c, cu->bal[k].date) && cu->bal[k].date >= best) {
            best = cu->bal[k].date;
            days = cu->bal[k].days;
        }
    if (best == DATE_NONE) {
        int any = 0;
        long sum = 0;
        for (int k = 0; k < cu->n_acc; k++)
            if (visible(c, cu->acc[k].date)) {
                any = 1;
                sum += cu->acc[k].days;
            }
        for (int k = 0; k < cu->n_conv; k++)
            if (visible(c, cu->conv[k].date)) {
                any = 1;
                sum += cu->conv[k].planning;
            }
        if (any)
            days = sum - voucher_days;
    }
    c->e->unassigned[u] = days;
    if (days != DAYS_UNKNOWN && days > 0 && c->as_of < removed &&
        removed - c->as_of <= p->window[WIN_WARNING]) {
        f = cfind(c, u, R_DAYS_REMOVAL_PENDING, removed);
        f->n1 = days;
        f->d1 = p->milestone[MS_CREATE_LAST_DAY];
    }
}

/* Everything eval_run says about voucher i: its veval_t and its findings. Returns 0 when
 * the voucher does not exist yet (created after as-of). */
static int voucher_rules(ctx_t *c, long i)
{
    const model_t *m = c->m;
    const voucher_t *v = &m->vouchers[i];
    veval_t *r = &c->e->v[i - c->e->v_first];
    r->deadline = DATE_NONE;
    r->kind = DL_NONE;
    r->exists = 0;
    if (!visible(c, v->ev[EV_CREATED]))
        return 0;
    r->exists = 1;
    r->region = voucher_partner_ix(v) >= 0   ? m->partners[voucher_partner_ix(v)].region
                : voucher_customer_ix(v) >= 0 ? m->customers[voucher_customer_ix(v)].region
                                      : REGION_NONE;
    r->expires = expires_of(c->p, v);
    int ev[EV_COUNT];
    visible_events(c, v, ev);
    status_and_deadline(c, i, ev);
    milestone_rules(c, i, ev);
    lifecycle_rules(c, i, ev);
    eligibility_rules(c, i, ev);
    integrity_rules(c, i, ev);
    return 1;
}

int eval_voucher(const model_t *m, const program_t *p, int as_of, long i, eval_t *e)
{
    ctx_t c = {m, p, as_of, e};
    e->as_of = as_of;
    return voucher_rules(&c, i);
}

int eval_customer(const model_t *m, const program_t *p, int as_of, long u, long voucher_days,
                   eval_t *e)
{
    ctx_t c = {m, p, as_of, e};
    e->as_of = as_of;
    customer_rules(&c, u, voucher_days);
    return 0;
}

/* ---- ordering ------------------------------------------------------------------------ */

static int by_voucher_id(const void *a, const void *b, void *model)
{
    const model_t *m = model;
    return strcmp(m->vouchers[*(const idx_t *)a].id, m->vouchers[*(const idx_t *)b].id);
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL); /* null first */
    return strcmp(a, b);
}

static int cmp_int(long a, long b) { return (a > b) - (a < b); }

static int by_finding(const void *pa, const void *pb)
{
    const finding_t *a = pa, *b = pb;
    int r;
    if ((r = cmp_int(rule_info[a->rule].severity, rule_info[b->rule].severity)))
        return r;
    if ((r = strcmp(rule_info[a->rule].name, rule_info[b->rule].name)))
        return r;
    if ((r = cmp_str(a->partner, b->partner)))
        return r;
    if ((r = cmp_str(a->voucher, b->voucher)))
        return r;
    if ((r = cmp_int(a->date, b->date))) /* DATE_NONE is the smallest: null first */
        return r;
    if ((r = cmp_str(a->customer, b->customer)))
        return r;
    if ((r = cmp_int(a->file, b->file)))
        return r;
    if ((r = cmp_int(a->line, b->line)))
        return r;
    if ((r = cmp_int(a->d1, b->d1)))
        return r;
    return cmp_str(a->text, b->text); /* two waivers' findings */
}

/* The waivers of the model as of as-of: which finding each waives, and the
 * waiver-expired / waiver-unused findings they raise (rules.md "Waivers"). */
static void apply_waivers(ctx_t *c)
{
    const waivers_t *ws = c->m->waivers;
    eval_t *e = c->e;
    if (!ws || !ws->n)
        return;
    int32_t *by = xmalloc((size_t)(e->n_f ? e->n_f : 1) * sizeof *by);
    waiver_use_t u;
    waivers_use_init(&u, ws);
    waivers_apply(ws, c->as_of, e->f, e->n_f, by, &u);
    for (long k = 0; k < e->n_f; k++)
        e->f[k].waiver = by[k];
    free(by);
    for (long k = 0; k < ws->n; k++) {
        int date;
        int rule = waiver_raises(ws, &u, k, c->as_of, &date);
        finding_t *f = rule >= 0 ? add(c, (rule_t)rule, date) : NULL;
        if (!f)
            continue;
        const waiver_t *w = &ws->w[k];
        f->partner = w->partner;
        f->customer = w->customer;
        f->voucher = w->voucher;
        f->text = w->id;
        f->d1 = w->expires;
        waiver_scope(w, c->m, &f->region, &f->partner_ix);
        if (rule == R_WAIVER_UNUSED) /* for the programme office: no partner report */
            f->partner_ix = -1;
    }
    waivers_use_free(&u);
}

static void partner_rules(ctx_t *c, long k)
{
    const partner_t *pa = &c->m->partners[k];
    /* <profile updated> is the date of the last update, not of the profile's creation:
     * a property, like <expires>, not an event of the as-of filter */
    if (pa->profile == DATE_NONE) {
        finding_t *f = add(c, R_PROFILE_MISSING, DATE_NONE);
        f->partner = pa->id;
        f->partner_ix = (int32_t)k;
        f->region = pa->region;
        f->d1 = pa->profile;
    }
}

/* The findings raised while reading (invalid-file, invalid-record, duplicate-id). */
static void ingest_finding(ctx_t *c, const ingest_finding_t *g)
{
    const model_t *m = c->m;
    finding_t *f = add(c, (rule_t)g->rule, DATE_NONE);
    f->partner = g->partner;
    f->customer = g->customer;
    f->voucher = g->voucher;
    f->file = g->file;
    f->line = g->line;
    f->text = g->message;
    f->arg = g->arg;
    f->n1 = g->n1;
    f->n2 = g->n2;
    f->variant = g->reason != RS_NONE ? (uint8_t)(VAR_REASON + g->reason) : VAR_NONE;
    long pk = g->partner ? hash_get(&m->partner_ix, g->partner) : -1;
    f->partner_ix = (int32_t)pk;
    long ck = g->customer ? hash_get(&m->customer_ix, g->customer) : -1;
    f->region = pk >= 0 ? m->partners[pk].region : ck >= 0 ? m->customers[ck].region : REGION_NONE;
}

/* One slice of the vouchers, [lo, hi): its rules write the run's slots (each voucher its
 * own) and the slice's own findings. */
typedef struct {
    ctx_t c;
    eval_t e;
    long lo, hi;
} slice_t;

static void *slice_main(void *arg)
{
    slice_t *s = arg;
    for (long i = s->lo; i < s->hi; i++)
        voucher_rules(&s->c, i);
    return NULL;
}

/* Every voucher's rules (voucher_rules), the vouchers cut into up to 8 slices on threads
 * when jobs > 1 and there are 100,000 or more of them (util/slices.h, as the trend's
 * replays); the first slice runs here, into c->e. The slices' findings follow the
 * first's in slice order: the list is then the one a single pass makes, voucher by
 * voucher. A slot is written by its voucher's slice alone. */
static void voucher_slices(ctx_t *c, int jobs)
{
    long n = c->m->n_vouchers;
    int ns = slices_for(n, jobs, 100000);
    slice_t s[SLICES_MAX];
    for (int k = 0; k < ns; k++) {
        s[k].e = (eval_t){.v = c->e->v, .as_of = c->as_of, .f_mapped = 1};
        s[k].c = *c;
        s[k].c.e = k ? &s[k].e : c->e;
        s[k].lo = n * k / ns;
        s[k].hi = n * (k + 1) / ns;
    }
    slices_run(ns, slice_main, s, sizeof *s);
    eval_t *e = c->e;
    for (int k = 1; k < ns; k++) {
        if (e->n_f + s[k].e.n_f > e->cap_f)
            f_room(e, e->n_f + s[k].e.n_f);
        if (s[k].e.n_f)
            memcpy(e->f + e->n_f, s[k].e.f, (size_t)s[k].e.n_f * sizeof *e->f);
        e->n_f += s[k].e.n_f;
        pages_resize(s[k].e.f, (size_t)s[k].e.cap_f * sizeof *e->f, 0);
    }
}

int eval_run(const model_t *m, const program_t *p, int as_of, int jobs, eval_t *e)
{
    memset(e, 0, sizeof *e);
    e->as_of = as_of;
    e->f_mapped = 1;
    ctx_t c = {m, p, as_of, e};
    e->v = xcalloc((size_t)m->n_vouchers, sizeof *e->v);
    e->order = xcalloc((size_t)m->n_vouchers, sizeof *e->order);
    e->unassigned = xcalloc((size_t)m->n_customers, sizeof *e->unassigned);
    long *vdays = xcalloc((size_t)m->n_customers, sizeof *vdays);

    voucher_slices(&c, jobs);
    for (long i = 0; i < m->n_vouchers; i++) {
        if (!e->v[i].exists)
            continue;
        e->order[e->n_exist++] = (idx_t)i;
        const voucher_t *v = &m->vouchers[i];
        if (voucher_customer_ix(v) >= 0)
            vdays[voucher_customer_ix(v)] += v->days;
    }
    for (long u = 0; u < m->n_customers; u++)
        customer_rules(&c, u, vdays[u]);
    free(vdays);
    for (long k = 0; k < m->n_partners; k++)
        partner_rules(&c, k);
    for (long k = 0; k < m->n_ifind; k++)
        ingest_finding(&c, &m->ifind[k]);
    apply_waivers(&c);

    long unsorted = 0; /* exports are often in ID order already: then skip the sort */
    for (long k = 1; k < e->n_exist && !unsorted; k++)
        unsorted = by_voucher_id(&e->order[k - 1], &e->order[k], (void *)m) > 0;
    if (unsorted)
        qsort_r(e->order, (size_t)e->n_exist, sizeof *e->order, by_voucher_id, (void *)m);
    if (e->n_f)
        qsort(e->f, (size_t)e->n_f, sizeof *e->f, by_finding);
    eval_count_severity(e, NULL, e->n_f, &e->errors, &e->warnings);
    for (long k = 0; k < e->n_f; k++)
        e->waived += e->f[k].waiver >= 0;
    return 0;
}

void eval_release_records(eval_t *e)
{
    free(e->v);
    free(e->order);
    free(e->unassigned);
    if (e->f_mapped)
        pages_resize(e->f, (size_t)e->cap_f * sizeof *e->f, 0);
    else
        free(e->f);
    e->v = NULL;
    e->order = NULL;
    e->unassigned = NULL;
    e->f = NULL;
    e->n_f = e->cap_f = 0;
    e->f_mapped = 0;
}

void eval_free(eval_t *e)
{
    eval_release_records(e);
    memset(e, 0, sizeof *e);
}

/* The layouts evaluate.h promises (memory per finding and per voucher). */
_Static_assert(sizeof(finding_t) == 96, "finding_t is 96 bytes");
_Static_assert(sizeof(idx_t) == 4, "an index list takes 4 bytes an entry");
