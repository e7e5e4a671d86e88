/* rules.c - the tables of rules.h. */
#include "rules.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

const char *const severity_names[2] = {"error", "warning"};

#define E SEV_ERROR
#define W SEV_WARNING
const rule_info_t rule_info[R_COUNT] = {
    [R_CLOUD_ENGAGEMENT_RETIRED] = {"cloud-engagement-retired", E, 5},
    [R_TRAINING_CONVERSION_RETIRED] = {"training-conversion-retired", E, 4},
    [R_ACCRUAL_AFTER_END] = {"accrual-after-end", E, 4},
    [R_VOUCHER_CREATED_AFTER_CUTOFF] = {"voucher-created-after-cutoff", E, 4},
    [R_VOUCHER_ASSIGNED_AFTER_CUTOFF] = {"voucher-assigned-after-cutoff", E, 4},
    [R_DAYS_NOT_REMOVED] = {"days-not-removed", E, 4},
    [R_DAYS_REMOVAL_PENDING] = {"days-removal-pending", W, 4},
    [R_REDEEMED_AFTER_LAST_DAY] = {"redeemed-after-last-day", E, 7},
    [R_PAYMENT_REQUEST_LATE] = {"payment-request-late", E, 8},
    [R_PAYMENT_WINDOW_MISSED] = {"payment-window-missed", E, 8},
    [R_RESERVED_AFTER_EXPIRY] = {"reserved-after-expiry", E, 5},
    [R_DELIVERED_AFTER_EXPIRY] = {"delivered-after-expiry", E, 6},
    [R_REDEEMED_AFTER_EXPIRY] = {"redeemed-after-expiry", E, 7},
    [R_EVENTS_OUT_OF_ORDER] = {"events-out-of-order", E, 0},
    [R_MISSING_STEP] = {"missing-step", E, 0},
    [R_DAYS_EXCEED_ENGAGEMENT] = {"days-exceed-engagement", E, 4},
    [R_CREATED_BEFORE_ACTIVATION] = {"created-before-activation", E, 4},
    [R_DEADLINE_APPROACHING] = {"deadline-approaching", W, 7},
    [R_VOUCHER_EXPIRED] = {"voucher-expired", W, 7},
    [R_VOUCHER_FORFEITED] = {"voucher-forfeited", W, 7},
    [R_AGREEMENT_MISSING] = {"agreement-missing", E, 2},
    [R_NOT_ENROLLED] = {"not-enrolled", E, 2},
    [R_COMPETENCY_MISSING] = {"competency-missing", E, 1},
    [R_CONSULTANT_NOT_QUALIFIED] = {"consultant-not-qualified", E, 6},
    [R_PROFILE_MISSING] = {"profile-missing", W, 3},
    [R_UNKNOWN_PARTNER] = {"unknown-partner", E, 0},
    [R_UNKNOWN_CUSTOMER] = {"unknown-customer", W, 0},
    [R_UNKNOWN_ENGAGEMENT] = {"unknown-engagement", E, 0},
    [R_DUPLICATE_ID] = {"duplicate-id", E, 0},
    [R_INVALID_RECORD] = {"invalid-record", E, 0},
    [R_INVALID_FILE] = {"invalid-file", E, 0},
    [R_WAIVER_EXPIRED] = {"waiver-expired", W, 0},
    [R_WAIVER_UNUSED] = {"waiver-unused", W, 0},
};
#undef E
#undef W

const char *const reason_names[RS_COUNT] = {
    [RS_NONE] = "",
    [RS_NOT_A_RECORD] = "not-a-record",
    [RS_ATTRIBUTE_NOT_ALLOWED] = "attribute-not-allowed",
    [RS_ATTRIBUTE_MISSING] = "attribute-missing",
    [RS_BAD_DATE] = "bad-date",
    [RS_BAD_NUMBER] = "bad-number",
    [RS_BAD_VALUE] = "bad-value",
    [RS_NOT_IN_LIST] = "not-in-list",
    [RS_EMPTY_VALUE] = "empty-value",
    [RS_EMPTY_TEXT] = "empty-text",
    [RS_TOO_LONG] = "too-long",
    [RS_TOO_LONG_TEXT] = "too-long-text",
    [RS_BAD_FORM] = "bad-form",
    [RS_UNEXPECTED_ELEMENT] = "unexpected-element",
    [RS_MISSING_ELEMENT] = "missing-element",
    [RS_TEXT_NOT_ALLOWED] = "text-not-allowed",
    [RS_NOT_WELL_FORMED] = "not-well-formed",
    [RS_INVALID] = "invalid",
    [RS_DUPLICATE] = "duplicate",
    [RS_WAIVER_RULE] = "waiver-rule",
    [RS_WAIVER_SUBJECT] = "waiver-subject",
    [RS_WAIVER_DATES] = "waiver-dates",
    [RS_WAIVER_REASON] = "waiver-reason",
    [RS_CANNOT_OPEN] = "cannot-open",
    [RS_NOT_FOUND] = "not-found",
    [RS_NO_PERMISSION] = "no-permission",
    [RS_NOT_REGULAR] = "not-regular",
    [RS_EMPTY_FILE] = "empty-file",
    [RS_NO_ELEMENT] = "no-element",
    [RS_DOCTYPE] = "doctype",
    [RS_ROOT_NAMESPACE] = "root-namespace",
    [RS_UNKNOWN_ROOT] = "unknown-root",
    [RS_NO_VERSION] = "no-version",
    [RS_BAD_VERSION] = "bad-version",
    [RS_NO_EXPORTED] = "no-exported",
    [RS_BAD_EXPORTED] = "bad-exported",
    [RS_ROOT_ATTRIBUTE] = "root-attribute",
    [RS_NOT_XML] = "not-xml",
    [RS_CUT] = "cut",
    [RS_CUT_RECORD] = "cut-record",
};

const char *const status_names[ST_COUNT] = {
    "created",  "assigned",          "reserved",       "delivered", "redeemed",
    "payment-requested", "payment-missed", "expired", "forfeited"};

const tier_info_t tier_info[TIER_COUNT] = {
    [TIER_RED] = {"red", 30},
    [TIER_AMBER] = {"amber", 90},
    [TIER_GREEN] = {"green", LONG_MAX},
};

tier_t tier_of(long days)
{
    int t = 0;
    while (days > tier_info[t].max_days)
        t++;
    return (tier_t)t;
}

const char *const deadline_kind_names[DL_COUNT] = {NULL, "voucher-expiry", "redeem-last-day",
                                                   "payment-request"};

int rule_from_name(const char *name)
{
    for (int r = 0; name && r < R_COUNT; r++)
        if (strcmp(rule_info[r].name, name) == 0)
            return r;
    return -1;
}
