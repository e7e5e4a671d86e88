/* trend.h - the 13-point trend (cli.md "trend"): open vouchers, open planning days,
 * errors and warnings at each of the 12 month-ends before the month of as-of, and at
 * as-of, for the programme, each region and each partner.
 *
 * The one idea: every event is dated, so the exports alone give the past; a point is
 * exactly what a run with --as-of that date would count, computed by replaying the same
 * rule code (eval_voucher, eval_customer) without reading the input again. A voucher's
 * findings can only change on the days one of its predicates flips: an event becomes
 * visible, a deadline passes, a deadline enters the warning window. Those change days
 * are derived once per voucher; a voucher is evaluated again only at a month-end with a
 * change day since the last month-end it was evaluated at, and otherwise its counts of
 * the month before are carried. The findings a waiver could match (few) are collected
 * per month-end and go through waivers_apply, so waived findings, waiver-expired and
 * waiver-unused count exactly as in a run. The as-of point is read off the run itself.
 *
 * Ownership: trend_run fills a trend_t that trend_free releases.
 */
#ifndef PSREPORT_TREND_H
#define PSREPORT_TREND_H

#include "evaluate.h"

#define TREND_POINTS 13

typedef struct {
    int date;
    long open_vouchers, open_days, errors, warnings;
} trend_point_t;

typedef struct trend {
    int dates[TREND_POINTS];
    trend_point_t *program;  /* [TREND_POINTS] */
    trend_point_t *region;   /* [REGION_COUNT * TREND_POINTS] */
    trend_point_t *partner;  /* [n_partners * TREND_POINTS] */
    long n_partners;
    long evaluations;        /* voucher evaluations the replay needed (for -v) */
} trend_t;

/* The 13 dates: the last day of each of the 12 calendar months before as-of's month,
 * oldest first, then as-of. */
void trend_dates(int as_of, int dates[TREND_POINTS]);

/* Computes every trend; e is the run at e->as_of (its findings carry their waivers).
 * jobs > 1 replays the vouchers on that many threads (at most 8) when there are
 * 100,000 or more; jobs < 0 always uses -jobs threads (tests). Returns 0, -1 on failure. */
int trend_run(const model_t *m, const program_t *p, const eval_t *e, int jobs, trend_t *t);
void trend_free(trend_t *t);

/* The 13 points of a scope: SC kinds of report.h (0 programme, 1 region, 2 partner). */
const trend_point_t *trend_of(const trend_t *t, int kind, long id);

#endif
