/* rules.c - the tables of rules.h. */
#include "rules.h"

#include <stddef.h>

const char *const severity_names[2] = {"error", "warning"};

#define E SEV_ERROR
#define W SEV_WARNING
const rule_info_t rule_info[R_COUNT] = {
    [R_CLOUD_ENGAGEMENT_RETIRED] = {"cloud-engagement-retired", E, 5, "milestones"},
    [R_TRAINING_CONVERSION_RETIRED] = {"training-conversion-retired", E, 4, "milestones"},
    [R_ACCRUAL_AFTER_END] = {"accrual-after-end", E, 4, "milestones"},
    [R_VOUCHER_CREATED_AFTER_CUTOFF] = {"voucher-created-after-cutoff", E, 4, "milestones"},
    [R_VOUCHER_ASSIGNED_AFTER_CUTOFF] = {"voucher-assigned-after-cutoff", E, 4, "milestones"},
    [R_DAYS_NOT_REMOVED] = {"days-not-removed", E, 4, "milestones"},
    [R_DAYS_REMOVAL_PENDING] = {"days-removal-pending", W, 4, "milestones"},
    [R_REDEEMED_AFTER_LAST_DAY] = {"redeemed-after-last-day", E, 7, "milestones"},
    [R_PAYMENT_REQUEST_LATE] = {"payment-request-late", E, 8, "milestones"},
    [R_PAYMENT_WINDOW_MISSED] = {"payment-window-missed", E, 8, "milestones"},
    [R_RESERVED_AFTER_EXPIRY] = {"reserved-after-expiry", E, 5, "lifecycle"},
    [R_DELIVERED_AFTER_EXPIRY] = {"delivered-after-expiry", E, 6, "lifecycle"},
    [R_REDEEMED_AFTER_EXPIRY] = {"redeemed-after-expiry", E, 7, "lifecycle"},
    [R_EVENTS_OUT_OF_ORDER] = {"events-out-of-order", E, 0, "lifecycle"},
    [R_MISSING_STEP] = {"missing-step", E, 0, "lifecycle"},
    [R_DAYS_EXCEED_ENGAGEMENT] = {"days-exceed-engagement", E, 4, "lifecycle"},
    [R_CREATED_BEFORE_ACTIVATION] = {"created-before-activation", E, 4, "lifecycle"},
    [R_DEADLINE_APPROACHING] = {"deadline-approaching", W, 7, "lifecycle"},
    [R_VOUCHER_EXPIRED] = {"voucher-expired", W, 7, "lifecycle"},
    [R_VOUCHER_FORFEITED] = {"voucher-forfeited", W, 7, "lifecycle"},
    [R_AGREEMENT_MISSING] = {"agreement-missing", E, 2, "eligibility"},
    [R_NOT_ENROLLED] = {"not-enrolled", E, 2, "eligibility"},
    [R_COMPETENCY_MISSING] = {"competency-missing", E, 1, "eligibility"},
    [R_CONSULTANT_NOT_QUALIFIED] = {"consultant-not-qualified", E, 6, "eligibility"},
    [R_PROFILE_MISSING] = {"profile-missing", W, 3, "eligibility"},
    [R_UNKNOWN_PARTNER] = {"unknown-partner", E, 0, "integrity"},
    [R_UNKNOWN_CUSTOMER] = {"unknown-customer", W, 0, "integrity"},
    [R_UNKNOWN_ENGAGEMENT] = {"unknown-engagement", E, 0, "integrity"},
    [R_DUPLICATE_ID] = {"duplicate-id", E, 0, "integrity"},
    [R_INVALID_RECORD] = {"invalid-record", E, 0, "integrity"},
    [R_INVALID_FILE] = {"invalid-file", E, 0, "integrity"},
};
#undef E
#undef W

const char *const status_names[ST_COUNT] = {
    "created",  "assigned",          "reserved",       "delivered", "redeemed",
    "payment-requested", "payment-missed", "expired", "forfeited"};

const char *const deadline_kind_names[DL_COUNT] = {NULL, "voucher-expiry", "redeem-last-day",
                                                   "payment-request"};
