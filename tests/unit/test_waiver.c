/* test_waiver.c - waivers at their boundaries (rules.md "Waivers"), to the day. */
#include "waiver.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - waiver: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int d(const char *s) { return date_parse(s, strlen(s)); }

static waiver_verdict_t add(waivers_t *ws, const char *id, const char *rule, const char *partner,
                            const char *customer, const char *voucher, const char *granted,
                            const char *expires, const char *reason)
{
    char why[256];
    waiver_t w = {.id = id,
                  .partner = partner,
                  .customer = customer,
                  .voucher = voucher,
                  .granted = d(granted),
                  .expires = d(expires),
                  .approved_by = "EMEA programme office",
                  .reason = reason};
    return waivers_add(ws, &w, rule, why, sizeof why);
}

static finding_t fnd(rule_t rule, const char *partner, const char *customer, const char *voucher)
{
    finding_t f;
    memset(&f, 0, sizeof f);
    f.rule = (uint8_t)rule;
    f.partner = partner;
    f.customer = customer;
    f.voucher = voucher;
    return f;
}

/* Applies ws to one finding as of as_of; returns the waiving waiver's id or NULL, and
 * what waiver k raises in *raised (-1 none). */
static const char *one(const waivers_t *ws, finding_t f, const char *as_of, long k, int *raised,
                       int *date)
{
    waiver_use_t u;
    int32_t by;
    waivers_use_init(&u, ws);
    waivers_apply(ws, d(as_of), &f, 1, &by, &u);
    *raised = waiver_raises(ws, &u, k, d(as_of), date);
    waivers_use_free(&u);
    return by >= 0 ? ws->w[by].id : NULL;
}

int main(void)
{
    waivers_t ws;
    int raised, date;
    const char *by;
    finding_t prof = fnd(R_PROFILE_MISSING, "4412345", NULL, NULL);

    /* validation: each reason for rejecting a waiver alone */
    waivers_init(&ws);
    check(add(&ws, "W1", "profile-missing", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
              "migration") == WAIVER_KEPT,
          "a well-formed waiver is kept");
    check(add(&ws, "W1", "profile-missing", "4412399", NULL, NULL, "2021-05-20", "2021-05-31",
              "again") == WAIVER_DUPLICATE,
          "a second waiver with the same id is a duplicate-id");
    check(add(&ws, "W2", "invalid-record", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
              "x") >= WAIVER_BAD_RULE,
          "a waiver of invalid-record is rejected");
    check(add(&ws, "W3", "duplicate-id", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
              "x") >= WAIVER_BAD_RULE &&
              add(&ws, "W3", "invalid-file", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
                  "x") >= WAIVER_BAD_RULE &&
              add(&ws, "W3", "waiver-expired", "4412345", NULL, NULL, "2021-05-20",
                  "2021-05-31", "x") >= WAIVER_BAD_RULE &&
              add(&ws, "W3", "waiver-unused", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
                  "x") >= WAIVER_BAD_RULE,
          "waivers of duplicate-id, invalid-file, waiver-expired, waiver-unused are rejected");
    check(add(&ws, "W4", "no-such-rule", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
              "x") >= WAIVER_BAD_RULE,
          "an unknown rule is rejected");
    check(add(&ws, "W5", "profile-missing", NULL, NULL, NULL, "2021-05-20", "2021-05-31", "x") ==
              WAIVER_NO_SUBJECT,
          "a waiver naming no partner, customer or voucher is rejected");
    check(add(&ws, "W6", "profile-missing", "4412345", NULL, NULL, "2021-05-20", "2021-05-19",
              "x") == WAIVER_BAD_DATES,
          "expires the day before granted is rejected");
    check(add(&ws, "W7", "profile-missing", "4412345", NULL, NULL, "2021-05-20", "2021-05-20",
              "x") == WAIVER_KEPT,
          "expires on the day it is granted is kept");
    check(add(&ws, "W8", "profile-missing", "4412345", NULL, NULL, "2021-05-20", "2021-05-31",
              " \n ") >= WAIVER_BAD_RULE,
          "a blank reason is rejected");
    check(ws.n == 2, "only the valid waivers are kept");
    waivers_free(&ws);

    /* holding, to the day */
    waivers_init(&ws);
    add(&ws, "W-A", "profile-missing", "4412345", NULL, NULL, "2021-05-20", "2021-05-31", "r");
    by = one(&ws, prof, "2021-05-19", 0, &raised, &date);
    check(!by && raised < 0, "granted the day after as-of: does not exist yet (not waived, "
                             "nothing raised)");
    by = one(&ws, prof, "2021-05-20", 0, &raised, &date);
    check(by && strcmp(by, "W-A") == 0 && raised < 0, "granted on as-of: holds");
    by = one(&ws, prof, "2021-05-31", 0, &raised, &date);
    check(by && raised < 0, "expires on as-of: still holds");
    by = one(&ws, prof, "2021-06-01", 0, &raised, &date);
    check(!by && raised == R_WAIVER_EXPIRED && date == d("2021-06-01"),
          "expired the day before as-of: the finding counts again, waiver-expired dated "
          "expires + 1");
    finding_t other = fnd(R_PROFILE_MISSING, "4499999", NULL, NULL);
    by = one(&ws, other, "2021-05-25", 0, &raised, &date);
    check(!by && raised == R_WAIVER_UNUSED && date == d("2021-05-25"),
          "a waiver for another partner does not match; holding and unused: waiver-unused "
          "dated as-of");
    by = one(&ws, other, "2021-06-10", 0, &raised, &date);
    check(!by && raised < 0, "expired and matching nothing: no waiver-expired");
    finding_t other_rule = fnd(R_AGREEMENT_MISSING, "4412345", "CU1", "V1");
    by = one(&ws, other_rule, "2021-05-25", 0, &raised, &date);
    check(!by && raised == R_WAIVER_UNUSED, "a finding of another rule does not match");
    waivers_free(&ws);

    /* one waiver, two findings; attributes left out match anything */
    waivers_init(&ws);
    add(&ws, "W-P", "agreement-missing", "4412345", NULL, NULL, "2021-01-01", "2021-12-31", "r");
    finding_t two[3] = {fnd(R_AGREEMENT_MISSING, "4412345", "CU1", "V1"),
                        fnd(R_AGREEMENT_MISSING, "4412345", "CU2", "V2"),
                        fnd(R_AGREEMENT_MISSING, "4412346", "CU1", "V3")};
    int32_t bys[3];
    waiver_use_t u;
    waivers_use_init(&u, &ws);
    waivers_apply(&ws, d("2021-05-31"), two, 3, bys, &u);
    check(bys[0] == 0 && bys[1] == 0 && bys[2] == -1 && u.errors == 2 && u.warnings == 0,
          "a partner waiver matches both of its vouchers' findings, not another partner's");
    check(waiver_raises(&ws, &u, 0, d("2021-05-31"), &date) < 0, "a used waiver raises nothing");
    waivers_use_free(&u);
    waivers_free(&ws);

    /* a voucher waiver that also gives a partner must match both */
    waivers_init(&ws);
    add(&ws, "W-V", "agreement-missing", "4412399", NULL, "V1", "2021-01-01", "2021-12-31", "r");
    by = one(&ws, two[0], "2021-05-31", 0, &raised, &date);
    check(!by && raised == R_WAIVER_UNUSED, "voucher matches but partner differs: no match");
    waivers_free(&ws);

    /* the choice of the waiving waiver, and expired beside holding */
    waivers_init(&ws);
    add(&ws, "W-B", "agreement-missing", NULL, NULL, "V1", "2021-01-01", "2021-06-30", "r");
    add(&ws, "W-C", "agreement-missing", "4412345", NULL, NULL, "2021-01-01", "2021-07-31", "r");
    add(&ws, "W-A", "agreement-missing", NULL, "CU1", NULL, "2021-01-01", "2021-07-31", "r");
    add(&ws, "W-0", "agreement-missing", NULL, NULL, "V1", "2021-01-01", "2021-03-31", "r");
    by = one(&ws, two[0], "2021-05-31", 0, &raised, &date);
    check(by && strcmp(by, "W-A") == 0,
          "waived by the holding waiver that expires last, the lowest id on a tie");
    check(raised != R_WAIVER_UNUSED, "a holding waiver that matched but did not waive "
                                             "is not unused");
    by = one(&ws, two[0], "2021-05-31", 3, &raised, &date);
    check(raised < 0, "an expired waiver whose finding another waiver waives raises nothing");
    by = one(&ws, two[0], "2021-07-15", 0, &raised, &date);
    check(by && strcmp(by, "W-A") == 0 && raised < 0,
          "after one waiver expires the other still waives, no waiver-expired");
    by = one(&ws, two[0], "2021-08-01", 0, &raised, &date);
    check(!by && raised == R_WAIVER_EXPIRED && date == d("2021-07-01"),
          "all expired: the finding counts, each expired waiver raises waiver-expired");
    waivers_free(&ws);

    /* findings that are never waived */
    waivers_init(&ws);
    add(&ws, "W-X", "profile-missing", "4412345", NULL, NULL, "2021-01-01", "2021-12-31", "r");
    finding_t bad = fnd(R_INVALID_RECORD, "4412345", NULL, NULL);
    by = one(&ws, bad, "2021-05-31", 0, &raised, &date);
    check(!by, "an invalid-record finding is never waived");
    waivers_free(&ws);
    return failed;
}
