/* trend.c - the 13-point trend by replaying the rules at each month-end (see trend.h). */
#include "trend.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/slices.h"
#include "waiver.h"

#include <stdlib.h>
#include <string.h>

#define REPLAYS (TREND_POINTS - 1) /* the month-ends; the last point is the run itself */

void trend_dates(int as_of, int dates[TREND_POINTS])
{
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    for (int k = 0; k < REPLAYS; k++) {
        /* the month k + 1 months after the one 12 months before as-of's: its last day is
         * the day before the first of the month after it */
        int mm = m - REPLAYS + k + 1; /* 1-based month of the day after, may be <= 0 */
        int yy = y;
        while (mm <= 0) {
            mm += 12;
            yy--;
        }
        dates[k] = date_from_ymd(yy, mm, 1) - 1;
    }
    dates[REPLAYS] = as_of;
}

/* Counts for every scope at the replay dates, one set per thread. */
typedef struct {
    trend_point_t program[TREND_POINTS];
    trend_point_t region[REGION_COUNT * TREND_POINTS];
    trend_point_t *partner; /* n_partners * TREND_POINTS */
} acc_t;

static void acc_add(acc_t *a, int k, int region, long pix, long open, long days, long err,
                    long warn)
{
    trend_point_t *pts[3] = {&a->program[k],
                             region >= 0 ? &a->region[region * TREND_POINTS + k] : NULL,
                             pix >= 0 ? &a->partner[pix * TREND_POINTS + k] : NULL};
    for (int s = 0; s < 3; s++)
        if (pts[s]) {
            pts[s]->open_vouchers += open;
            pts[s]->open_days += days;
            pts[s]->errors += err;
            pts[s]->warnings += warn;
        }
}

static void acc_finding(acc_t *a, int k, const finding_t *f)
{
    int err = rule_info[f->rule].severity == SEV_ERROR;
    acc_add(a, k, f->region, f->partner_ix, 0, 0, err, !err);
}

/* Findings a waiver could match, per replay date. */
typedef struct {
    finding_t *f;
    long n, cap;
} flist_t;

static void flist_add(flist_t *l, const finding_t *f)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->f = xrealloc(l->f, (size_t)l->cap * sizeof *l->f);
    }
    l->f[l->n] = *f;
    l->f[l->n++].waiver = -1;
}

typedef struct {
    const model_t *m;
    const program_t *p;
    const eval_t *e;
    const uint8_t *verr, *vwarn; /* per voucher: its unwaived findings at as-of */
    const int *dates;
    long lo, hi;          /* vouchers [lo, hi) */
    acc_t acc;            /* w[0] only: the counts at each month-end, except the vouchers' */
    acc_t delta;          /* the vouchers': state at k minus state at k + 1 (see below) */
    flist_t held[REPLAYS]; /* findings of vouchers a waiver names */
    long evaluations;
    int failed;
} worker_t;

static int in(int lo, int hi, int d) { return d != DATE_NONE && lo < d && d <= hi; }

/* 1 when day d lies in (lo, hi] and event date until is absent or after d: a deadline
 * day matters only while the event that closes the deadline has not happened. */
static int open_in(int lo, int hi, int d, int until)
{
    return in(lo, hi, d) && (until == DATE_NONE || until > d);
}

/* 1 when some predicate of voucher v may flip between as-of lo (excluded) and hi: an
 * event becomes visible, or, while the voucher is not redeemed (not paid), its redeem
 * deadline (payment deadline) passes or enters the warning window. These are
 * evaluate.c's only comparisons with as-of. */
static int changes(const program_t *p, const voucher_t *v, int expires, int lo, int hi)
{
    for (int k = 0; k < EV_COUNT; k++)
        if (in(lo, hi, v->ev[k]))
            return 1;
    int last = p->milestone[MS_REDEEM_LAST_DAY], warn = p->window[WIN_WARNING];
    int rd = expires < last ? expires : last, redeemed = v->ev[EV_REDEEMED];
    if (open_in(lo, hi, rd + 1, redeemed) || open_in(lo, hi, rd - warn, redeemed))
        return 1;
    if (redeemed != DATE_NONE) {
        int pd = redeemed + p->window[WIN_PAYMENT], paid = v->ev[EV_PAYMENT];
        if (open_in(lo, hi, pd + 1, paid) || open_in(lo, hi, pd - warn, paid))
            return 1;
    }
    return 0;
}

static int waivable_voucher(const waivers_t *ws, const voucher_t *v)
{
    return ws && ws->n &&
           (hash_get(&ws->by_voucher, v->id) >= 0 ||
            (v->partner && hash_get(&ws->by_partner, v->partner) >= 0) ||
            (v->customer && hash_get(&ws->by_customer, v->customer) >= 0));
}

/* A voucher's contribution at one date. */
typedef struct {
    long open, days, err, warn;
} vstate_t;

static int same_state(const vstate_t *a, const vstate_t *b)
{
    return a->open == b->open && a->days == b->days && a->err == b->err && a->warn == b->warn;
}

/* Walks each voucher back from as-of, month-end by month-end. Its state at as-of is the
 * run's; at an earlier month-end it is the state of the month-end after it unless one of
 * its change days lies between the two (then it is evaluated again), or 0 before it was
 * created. Only the differences are added (w->delta[k] = state at k - state at k + 1), so
 * a voucher that does not change in the year costs one comparison per month-end. */
static void *replay_vouchers(void *arg)
{
    worker_t *w = arg;
    const model_t *m = w->m;
    const eval_t *e = w->e;
    eval_t s; /* one voucher's evaluation at a time: a one-slot scratch */
    memset(&s, 0, sizeof s);
    veval_t slot;
    s.v = &slot;
    for (long i = w->lo; i < w->hi && !w->failed; i++) {
        const voucher_t *v = &m->vouchers[i];
        const veval_t *x = &e->v[i];
        int created = v->ev[EV_CREATED];
        if (!x->exists)
            continue; /* created after as-of: exists at no month-end before it either */
        int held = waivable_voucher(m->waivers, v);
        vstate_t cur = {x->kind != DL_NONE, x->kind != DL_NONE ? v->days : 0,
                        held ? 0 : w->verr[i], held ? 0 : w->vwarn[i]};
        if (cur.open || cur.err || cur.warn)
            acc_add(&w->delta, REPLAYS, x->region, voucher_partner_ix(v), cur.open, cur.days, cur.err,
                    cur.warn);
        for (int k = REPLAYS - 1; k >= 0; k--) {
            vstate_t next = {0, 0, 0, 0};
            if (created <= w->dates[k]) {
                if (held || changes(w->p, v, x->expires, w->dates[k], w->dates[k + 1])) {
                    s.n_f = 0;
                    s.v_first = i;
                    slot = *x; /* what eval_voucher reads of the slot: expires, region */
                    if (eval_voucher(m, w->p, w->dates[k], i, &s) < 0) {
                        w->failed = 1;
                        break;
                    }
                    w->evaluations++;
                    next.open = slot.kind != DL_NONE;
                    next.days = next.open ? v->days : 0;
                    for (long j = 0; j < s.n_f; j++) {
                        if (held)
                            flist_add(&w->held[k], &s.f[j]);
                        else if (rule_info[s.f[j].rule].severity == SEV_ERROR)
                            next.err++;
                        else
                            next.warn++;
                    }
                } else
                    next = cur;
            }
            if (!same_state(&next, &cur))
                acc_add(&w->delta, k, x->region, voucher_partner_ix(v), next.open - cur.open,
                        next.days - cur.days, next.err - cur.err, next.warn - cur.warn);
            cur = next;
            if (created > w->dates[k])
                break; /* and did not exist before either */
        }
    }
    free(s.f);
    return NULL;
}

/* For each voucher that exists at as-of and has a customer: the first month-end k at
 * which it exists (k_of[i]); REPLAYS for the others. One byte a voucher: the days of a
 * customer's vouchers at each month-end are then summed one month-end at a time
 * (replay_customers), not kept for all of them at once (that was REPLAYS longs a
 * customer, 24 MB at 250,000 customers). */
static uint8_t *first_month_end(const model_t *m, const eval_t *e, const int *dates)
{
    uint8_t *k_of = xmalloc((size_t)(m->n_vouchers ? m->n_vouchers : 1));
    for (long i = 0; i < m->n_vouchers; i++) {
        const voucher_t *v = &m->vouchers[i];
        int k = 0;
        if (e->v[i].exists && voucher_customer_ix(v) >= 0)
            while (k < REPLAYS && v->ev[EV_CREATED] > dates[k])
                k++;
        else
            k = REPLAYS;
        k_of[i] = (uint8_t)k;
    }
    return k_of;
}

static void pt_add(trend_point_t *d, const trend_point_t *s, long n)
{
    for (long k = 0; k < n; k++) {
        d[k].open_vouchers += s[k].open_vouchers;
        d[k].open_days += s[k].open_days;
        d[k].errors += s[k].errors;
        d[k].warnings += s[k].warnings;
    }
}

static void merge(acc_t *dst, const acc_t *src, long n_partners)
{
    pt_add(dst->program, src->program, TREND_POINTS);
    pt_add(dst->region, src->region, REGION_COUNT * TREND_POINTS);
    pt_add(dst->partner, src->partner, n_partners * TREND_POINTS);
}

/* Each voucher's unwaived findings at as-of: errors in [0, n_vouchers), warnings in
 * [n_vouchers, 2 n_vouchers). The caller frees it. */
static uint8_t *unwaived_counts(const model_t *m, const eval_t *e)
{
    uint8_t *verr = xcalloc((size_t)(m->n_vouchers ? m->n_vouchers : 1), 2);
    uint8_t *vwarn = verr + m->n_vouchers;
    for (long j = 0; j < e->n_f; j++) {
        const finding_t *f = &e->f[j];
        if (f->voucher_ix >= 0 && f->waiver < 0)
            (rule_info[f->rule].severity == SEV_ERROR ? verr : vwarn)[f->voucher_ix]++;
    }
    return verr;
}

/* Replays the vouchers in up to `jobs` slices on threads, each with its own counts;
 * returns the workers (*nw of them), to be merged. */
static worker_t *replay_in_slices(const model_t *m, const program_t *p, const eval_t *e,
                                  int jobs, const int *dates, const uint8_t *verr, int *nw_out)
{
    long np = m->n_partners;
    int nw = slices_for(m->n_vouchers, jobs, 100000);
    worker_t *w = xcalloc((size_t)nw, sizeof *w);
    for (int k = 0; k < nw; k++) {
        w[k].m = m;
        w[k].p = p;
        w[k].dates = dates;
        w[k].lo = m->n_vouchers * k / nw;
        w[k].hi = m->n_vouchers * (k + 1) / nw;
        w[k].e = e;
        w[k].verr = verr;
        w[k].vwarn = verr + m->n_vouchers;
        if (k == 0) /* the replays add to delta only: acc is w[0]'s, filled after them */
            w[k].acc.partner = xcalloc((size_t)(np ? np : 1) * TREND_POINTS, sizeof(trend_point_t));
        w[k].delta.partner = xcalloc((size_t)(np ? np : 1) * TREND_POINTS, sizeof(trend_point_t));
    }
    slices_run(nw, replay_vouchers, w, sizeof *w);
    *nw_out = nw;
    return w;
}

/* Adds every worker's counts and held findings into w[0] (freeing theirs) and its
 * evaluations into t. Returns 1 when a worker failed. */
static int merge_workers(worker_t *w, int nw, const model_t *m, trend_t *t)
{
    long np = m->n_partners;
    int failed = w[0].failed;
    t->evaluations = w[0].evaluations;
    for (int k = 1; k < nw; k++) {
        merge(&w[0].delta, &w[k].delta, np);
        free(w[k].delta.partner);
        failed |= w[k].failed;
        t->evaluations += w[k].evaluations;
        for (int d = 0; d < REPLAYS; d++) {
            for (long j = 0; j < w[k].held[d].n; j++)
                flist_add(&w[0].held[d], &w[k].held[d].f[j]);
            free(w[k].held[d].f);
        }
    }
    return failed;
}

/* The customers' rules at each month-end, with the days of their vouchers existing by
 * then (summed here, month-end by month-end, from first_month_end's k_of). A customer a
 * waiver names has its findings held. Returns 1 when an evaluation failed. The findings
 * reach held[d] in customer order, as each month-end is one pass over the customers. */
static int replay_customers(const model_t *m, const program_t *p, const int *dates,
                            const uint8_t *k_of, flist_t *held, acc_t *a)
{
    long nc = m->n_customers;
    const waivers_t *ws = m->waivers && m->waivers->n ? m->waivers : NULL;
    int failed = 0;
    long *days = xcalloc((size_t)(nc ? nc : 1), sizeof *days); /* at month-end d */
    uint8_t *cheld = xcalloc((size_t)(nc ? nc : 1), 1);
    for (long u = 0; ws && u < nc; u++)
        cheld[u] = hash_get(&ws->by_customer, m->customers[u].id) >= 0;
    eval_t s;
    memset(&s, 0, sizeof s);
    s.unassigned = xcalloc((size_t)(nc ? nc : 1), sizeof *s.unassigned);
    for (int d = 0; d < REPLAYS && !failed; d++) {
        for (long i = 0; i < m->n_vouchers; i++)
            if (k_of[i] == d)
                days[voucher_customer_ix(&m->vouchers[i])] += m->vouchers[i].days;
        for (long u = 0; u < nc && !failed; u++) {
            const customer_t *cu = &m->customers[u];
            if (!cu->n_acc && !cu->n_conv && !cu->n_bal)
                continue; /* no rule of a customer reads anything else */
            s.n_f = 0;
            if (eval_customer(m, p, dates[d], u, days[u], &s) < 0)
                failed = 1;
            for (long j = 0; j < s.n_f; j++) {
                if (cheld[u])
                    flist_add(&held[d], &s.f[j]);
                else
                    acc_finding(a, d, &s.f[j]);
            }
        }
    }
    free(days);
    free(cheld);
    free(s.unassigned);
    free(s.f);
    return failed;
}

/* Findings that do not depend on as-of (what reading found, partners' profiles): at
 * every month-end, held when a waiver could match them. */
static void add_fixed_findings(const eval_t *e, const waivers_t *ws, flist_t *held, acc_t *a)
{
    for (long j = 0; j < e->n_f; j++) {
        const finding_t *f = &e->f[j];
        int fixed = f->rule == R_INVALID_RECORD || f->rule == R_INVALID_FILE ||
                    f->rule == R_DUPLICATE_ID || f->rule == R_PROFILE_MISSING;
        if (!fixed)
            continue;
        int fheld = ws && f->rule == R_PROFILE_MISSING && hash_get(&ws->by_partner, f->partner) >= 0;
        for (int d = 0; d < REPLAYS; d++) {
            if (fheld)
                flist_add(&held[d], f);
            else
                acc_finding(a, d, f);
        }
    }
}

/* The findings a waiver could match, through the waivers as of each date; and what the
 * waivers themselves raise then (waiver-expired, waiver-unused). */
static void apply_waivers(const model_t *m, const waivers_t *ws, const int *dates,
                          const flist_t *held, acc_t *a)
{
    for (int d = 0; d < REPLAYS; d++) {
        int32_t *by = xmalloc((size_t)(held[d].n ? held[d].n : 1) * sizeof *by);
        waiver_use_t u;
        waivers_use_init(&u, ws);
        waivers_apply(ws, dates[d], held[d].f, held[d].n, by, &u);
        for (long j = 0; j < held[d].n; j++)
            if (by[j] < 0)
                acc_finding(a, d, &held[d].f[j]);
        for (long k = 0; k < ws->n; k++) {
            int date, rule = waiver_raises(ws, &u, k, dates[d], &date);
            if (rule < 0)
                continue;
            int8_t region;
            int32_t pix;
            waiver_scope(&ws->w[k], m, &region, &pix);
            acc_add(a, d, region, rule == R_WAIVER_UNUSED ? -1 : pix, 0, 0, 0, 1);
        }
        waivers_use_free(&u);
        free(by);
    }
}

/* The vouchers at each month-end: the state at as-of plus the differences after it. */
static void add_deltas(acc_t *a, acc_t *delta, long np)
{
    for (int k = REPLAYS - 1; k >= 0; k--) {
        pt_add(&delta->program[k], &delta->program[k + 1], 1);
        for (int r = 0; r < REGION_COUNT; r++)
            pt_add(&delta->region[r * TREND_POINTS + k], &delta->region[r * TREND_POINTS + k + 1], 1);
        for (long q = 0; q < np; q++)
            pt_add(&delta->partner[q * TREND_POINTS + k], &delta->partner[q * TREND_POINTS + k + 1], 1);
    }
    for (int k = 0; k < REPLAYS; k++) {
        pt_add(&a->program[k], &delta->program[k], 1);
        for (int r = 0; r < REGION_COUNT; r++)
            pt_add(&a->region[r * TREND_POINTS + k], &delta->region[r * TREND_POINTS + k], 1);
        for (long q = 0; q < np; q++)
            pt_add(&a->partner[q * TREND_POINTS + k], &delta->partner[q * TREND_POINTS + k], 1);
    }
}

/* The last point: the run itself (open vouchers, unwaived findings at as-of). */
static void add_as_of(const model_t *m, const eval_t *e, acc_t *a)
{
    for (long k = 0; k < e->n_exist; k++) {
        long i = e->order[k];
        if (e->v[i].kind != DL_NONE)
            acc_add(a, REPLAYS, e->v[i].region, voucher_partner_ix(&m->vouchers[i]), 1,
                    m->vouchers[i].days, 0, 0);
    }
    for (long j = 0; j < e->n_f; j++)
        if (e->f[j].waiver < 0)
            acc_finding(a, REPLAYS, &e->f[j]);
}

/* Moves the counts of a into t (it takes a's partner array), each point dated. */
static void store(trend_t *t, acc_t *a, long np)
{
    t->n_partners = np;
    t->program = xmalloc(sizeof a->program);
    memcpy(t->program, a->program, sizeof a->program);
    t->region = xmalloc(sizeof a->region);
    memcpy(t->region, a->region, sizeof a->region);
    t->partner = a->partner;
    for (int k = 0; k < TREND_POINTS; k++) {
        t->program[k].date = t->dates[k];
        for (int r = 0; r < REGION_COUNT; r++)
            t->region[r * TREND_POINTS + k].date = t->dates[k];
        for (long q = 0; q < np; q++)
            t->partner[q * TREND_POINTS + k].date = t->dates[k];
    }
}

int trend_run(const model_t *m, const program_t *p, const eval_t *e, int jobs, trend_t *t)
{
    memset(t, 0, sizeof *t);
    trend_dates(e->as_of, t->dates);
    const waivers_t *ws = m->waivers && m->waivers->n ? m->waivers : NULL;
    uint8_t *verr = unwaived_counts(m, e);
    int nw;
    worker_t *w = replay_in_slices(m, p, e, jobs, t->dates, verr, &nw);
    int failed = merge_workers(w, nw, m, t);
    acc_t *a = &w[0].acc;
    flist_t *held = w[0].held;
    uint8_t *k_of = first_month_end(m, e, t->dates);
    if (!failed)
        failed = replay_customers(m, p, t->dates, k_of, held, a);
    free(k_of);
    add_fixed_findings(e, ws, held, a);
    if (ws)
        apply_waivers(m, ws, t->dates, held, a);
    for (int d = 0; d < REPLAYS; d++)
        free(held[d].f);
    add_deltas(a, &w[0].delta, m->n_partners);
    free(w[0].delta.partner);
    free(verr);
    add_as_of(m, e, a);
    store(t, a, m->n_partners);
    free(w);
    if (failed) {
        trend_free(t);
        return -1;
    }
    return 0;
}

void trend_free(trend_t *t)
{
    free(t->program);
    free(t->region);
    free(t->partner);
    memset(t, 0, sizeof *t);
}

const trend_point_t *trend_of(const trend_t *t, int kind, long id)
{
    if (kind == 0)
        return t->program;
    if (kind == 1)
        return id >= 0 && id < REGION_COUNT ? &t->region[id * TREND_POINTS] : NULL;
    return id >= 0 && id < t->n_partners ? &t->partner[id * TREND_POINTS] : NULL;
}
