/* test_trend.c - every trend point equals what a separate run as of that date counts,
 * for the programme, each region and each partner, waivers included: on the samples, at
 * several as-of dates, and on the samples with their event dates shuffled at random
 * (so every change day of trend.c is crossed many times). */
#include "ingest.h"
#include "trend.h"
#include "util/date.h"
#include "waiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - trend: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int d(const char *s) { return date_parse(s, strlen(s)); }

/* What a run as of e->as_of counts for one scope (report.c's figures). */
static void counts(const model_t *m, const eval_t *e, int kind, long id, trend_point_t *pt)
{
    memset(pt, 0, sizeof *pt);
    for (long k = 0; k < e->n_exist; k++) {
        long i = e->order[k];
        int in = kind == 0 || (kind == 1 && e->v[i].region == id) ||
                 (kind == 2 && voucher_partner_ix(&m->vouchers[i]) == id);
        if (in && e->v[i].kind != DL_NONE) {
            pt->open_vouchers++;
            pt->open_days += m->vouchers[i].days;
        }
    }
    for (long k = 0; k < e->n_f; k++) {
        const finding_t *f = &e->f[k];
        int in = kind == 0 || (kind == 1 && f->region == id) || (kind == 2 && f->partner_ix == id);
        if (!in || f->waiver >= 0)
            continue;
        if (rule_info[f->rule].severity == SEV_ERROR)
            pt->errors++;
        else
            pt->warnings++;
    }
}

/* Compares the trend of a run as of as_of with 13 separate runs; returns mismatches. */
static long compare(const model_t *m, const program_t *p, int as_of, int jobs, long *evals)
{
    eval_t e;
    trend_t t;
    long bad = 0;
    if (eval_run(m, p, as_of, jobs, &e) != 0 || trend_run(m, p, &e, jobs, &t) != 0)
        return -1;
    *evals = t.evaluations;
    for (int k = 0; k < TREND_POINTS; k++) {
        eval_t x;
        if (eval_run(m, p, t.dates[k], 1, &x) != 0)
            return -1;
        for (int kind = 0; kind < 3; kind++) {
            long n = kind == 0 ? 1 : kind == 1 ? REGION_COUNT : m->n_partners;
            for (long id = 0; id < n; id++) {
                trend_point_t want;
                counts(m, &x, kind, id, &want);
                const trend_point_t *got = &trend_of(&t, kind, id)[k];
                if (got->date != t.dates[k] || got->open_vouchers != want.open_vouchers ||
                    got->open_days != want.open_days || got->errors != want.errors ||
                    got->warnings != want.warnings) {
                    if (bad++ < 5) {
                        char buf[11];
                        date_format(t.dates[k], buf);
                        fprintf(stderr,
                                "# %s scope %d/%ld: got %ld %ld %ld %ld, want %ld %ld %ld %ld\n",
                                buf, kind, id, got->open_vouchers, got->open_days, got->errors,
                                got->warnings, want.open_vouchers, want.open_days, want.errors,
                                want.warnings);
                    }
                }
            }
        }
        eval_free(&x);
    }
    trend_free(&t);
    eval_free(&e);
    return bad;
}

/* 1 when a run in slices on threads (eval_run with jobs < 0) equals the single pass:
 * every slot, the same findings in the same order, the same counts. */
static int same_in_slices(const model_t *m, const program_t *p, int as_of, int slices)
{
    eval_t a, b;
    if (eval_run(m, p, as_of, 1, &a) != 0 || eval_run(m, p, as_of, -slices, &b) != 0)
        return 0;
    int same = a.n_f == b.n_f && a.n_exist == b.n_exist && a.errors == b.errors &&
               a.warnings == b.warnings && a.waived == b.waived &&
               memcmp(a.v, b.v, (size_t)m->n_vouchers * sizeof *a.v) == 0 &&
               memcmp(a.order, b.order, (size_t)a.n_exist * sizeof *a.order) == 0 &&
               memcmp(a.unassigned, b.unassigned, (size_t)m->n_customers * sizeof *a.unassigned) == 0 &&
               (a.n_f == 0 || memcmp(a.f, b.f, (size_t)a.n_f * sizeof *a.f) == 0);
    eval_free(&a);
    eval_free(&b);
    return same;
}

static void waiver(model_t *m, const char *id, const char *rule, const char *partner,
                   const char *customer, const char *voucher, const char *granted,
                   const char *expires)
{
    char why[200];
    waiver_t w = {.id = id, .partner = partner, .customer = customer, .voucher = voucher,
                  .granted = d(granted), .expires = d(expires), .approved_by = "PO",
                  .reason = "test"};
    if (waivers_add(m->waivers, &w, rule, why, sizeof why) != WAIVER_KEPT)
        check(0, why);
}

int main(void)
{
    int dates[TREND_POINTS];
    char buf[11];
    trend_dates(d("2021-05-31"), dates);
    date_format(dates[0], buf);
    check(strcmp(buf, "2020-05-31") == 0, "the first point is the month-end 12 months back");
    date_format(dates[9], buf);
    check(strcmp(buf, "2021-02-28") == 0, "February's last day");
    date_format(dates[11], buf);
    check(strcmp(buf, "2021-04-30") == 0 && dates[12] == d("2021-05-31"),
          "the last month-end before as-of's month, then as-of");
    trend_dates(d("2021-01-15"), dates);
    date_format(dates[0], buf);
    check(strcmp(buf, "2020-01-31") == 0 && dates[11] == d("2020-12-31"),
          "across a year end");

    program_t p;
    if (program_load(&p, "input/program.xml", "input/schema/program.xsd", stderr) != 0)
        return 1;
    model_t m;
    model_init(&m);
    ingest_t *in = ingest_new(&m, "input/schema", NULL, 0, stderr);
    if (!in)
        return 1;
    const char *files[] = {"input/partners.xml", "input/vouchers.xml",
                           "input/vouchers_corrections.xml"};
    for (int k = 0; k < 3; k++)
        ingest_file(in, files[k]);
    ingest_free(in);
    model_link(&m, &p);
    check(m.n_vouchers > 100, "the samples are read");

    long evals = 0;
    static const char *as_ofs[] = {"2021-05-31", "2021-04-30", "2021-07-20", "2021-12-31",
                                   "2020-09-15"};
    for (size_t k = 0; k < sizeof as_ofs / sizeof *as_ofs; k++) {
        char what[120];
        snprintf(what, sizeof what, "samples as of %s: 13 points equal 13 separate runs",
                 as_ofs[k]);
        check(compare(&m, &p, d(as_ofs[k]), 1, &evals) == 0, what);
    }

    /* waivers that begin, hold and expire inside the trend's year, of each kind of
     * finding: voucher, partner (profile), customer, and one matching nothing */
    m.waivers = calloc(1, sizeof *m.waivers);
    waivers_init(m.waivers);
    for (long i = 0; i < m.n_vouchers; i += 7) {
        char id[32];
        snprintf(id, sizeof id, "W-V%ld", i);
        int g = d("2020-06-15") + (int)(i * 13 % 300), x = g + (int)(i * 7 % 200);
        char gs[11], xs[11];
        date_format(g, gs);
        date_format(x, xs);
        static const char *rules[] = {"deadline-approaching", "voucher-expired",
                                      "not-enrolled", "unknown-customer", "missing-step"};
        waiver(&m, id, rules[i / 7 % 5], NULL, NULL, m.vouchers[i].id, gs, xs);
    }
    for (long k = 0; k < m.n_partners; k += 2) {
        char id[32];
        snprintf(id, sizeof id, "W-P%ld", k);
        waiver(&m, id, k % 4 ? "profile-missing" : "agreement-missing", m.partners[k].id, NULL,
               NULL, "2020-10-01", "2021-03-31");
    }
    for (long k = 0; k < m.n_customers; k += 3) {
        char id[32];
        snprintf(id, sizeof id, "W-C%ld", k);
        waiver(&m, id, k % 2 ? "accrual-after-end" : "days-removal-pending", NULL,
               m.customers[k].id, NULL, "2020-12-01", "2021-06-15");
    }
    waiver(&m, "W-NONE", "payment-request-late", "no-such-partner", NULL, NULL, "2020-01-01",
           "2021-02-15");
    check(m.waivers->n > 40, "waivers added");
    for (size_t k = 0; k < sizeof as_ofs / sizeof *as_ofs; k++) {
        char what[120];
        snprintf(what, sizeof what, "with waivers, as of %s: 13 points equal 13 separate runs",
                 as_ofs[k]);
        check(compare(&m, &p, d(as_ofs[k]), 1, &evals) == 0, what);
    }
    check(compare(&m, &p, d("2021-05-31"), -3, &evals) == 0,
          "the vouchers evaluated and replayed in three slices on threads: the same");
    check(same_in_slices(&m, &p, d("2021-05-31"), 3) && same_in_slices(&m, &p, d("2021-07-20"), 8),
          "with waivers, the rules in 3 and in 8 slices equal the single pass");

    /* the samples with every event moved at random: 30 shuffles, each compared */
    srand(20210531);
    int (*orig)[EV_COUNT + 1] = malloc((size_t)m.n_vouchers * sizeof *orig);
    for (long i = 0; i < m.n_vouchers; i++) {
        memcpy(orig[i], m.vouchers[i].ev, sizeof m.vouchers[i].ev);
        orig[i][EV_COUNT] = m.vouchers[i].expires_given;
    }
    long bad = 0, runs = 0, sliced_bad = 0;
    long replayed = 0, exist_total = 0;
    for (int round = 0; round < 30; round++) {
        for (long i = 0; i < m.n_vouchers; i++) {
            voucher_t *v = &m.vouchers[i];
            memcpy(v->ev, orig[i], sizeof v->ev);
            v->expires_given = orig[i][EV_COUNT];
            v->ev[0] += rand() % 240 - 120;
            for (int k = 1; k < EV_COUNT; k++)
                if (v->ev[k] != DATE_NONE || rand() % 8 == 0) {
                    int base = v->ev[k - 1] != DATE_NONE ? v->ev[k - 1] : v->ev[0];
                    v->ev[k] = base + rand() % 90 - 10;
                    if (rand() % 10 == 0)
                        v->ev[k] = DATE_NONE;
                }
            if (rand() % 4 == 0)
                v->expires_given = v->ev[0] + rand() % 400;
        }
        static const char *when[] = {"2021-05-31", "2021-07-01", "2021-03-15"};
        long r = compare(&m, &p, d(when[round % 3]), 1, &evals);
        sliced_bad += !same_in_slices(&m, &p, d(when[round % 3]), 2 + round % 7);
        bad += r != 0;
        runs++;
        replayed += evals;
        exist_total += m.n_vouchers * 12;
    }
    char what[160];
    snprintf(what, sizeof what,
             "%ld runs on shuffled event dates: every point equal (replay evaluated %ld of "
             "%ld voucher-months)",
             runs, replayed, exist_total);
    check(bad == 0, what);
    check(sliced_bad == 0, "on each of the 30, the rules run in 2 to 8 slices on threads equal the single pass "
                           "(every slot, every finding in order, the counts)");
    free(orig);

    model_free(&m);
    program_free(&p);
    return failed;
}
