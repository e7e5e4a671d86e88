/* rules.h - the rule, status and deadline vocabulary of rules.md, named exactly once.
 *
 * Each enum has one table mapping it to the spec's name; everything else (JSON, CSV,
 * XML, the catalogues) goes through these tables.
 */
#ifndef PSREPORT_RULES_H
#define PSREPORT_RULES_H

typedef enum { SEV_ERROR, SEV_WARNING } severity_t;
extern const char *const severity_names[2];

typedef enum {
    /* retirement milestones */
    R_CLOUD_ENGAGEMENT_RETIRED, R_TRAINING_CONVERSION_RETIRED, R_ACCRUAL_AFTER_END,
    R_VOUCHER_CREATED_AFTER_CUTOFF, R_VOUCHER_ASSIGNED_AFTER_CUTOFF, R_DAYS_NOT_REMOVED,
    R_DAYS_REMOVAL_PENDING, R_REDEEMED_AFTER_LAST_DAY, R_PAYMENT_REQUEST_LATE,
    R_PAYMENT_WINDOW_MISSED,
    /* voucher lifecycle */
    R_RESERVED_AFTER_EXPIRY, R_DELIVERED_AFTER_EXPIRY, R_REDEEMED_AFTER_EXPIRY,
    R_EVENTS_OUT_OF_ORDER, R_MISSING_STEP, R_DAYS_EXCEED_ENGAGEMENT,
    R_CREATED_BEFORE_ACTIVATION, R_DEADLINE_APPROACHING, R_VOUCHER_EXPIRED,
    R_VOUCHER_FORFEITED,
    /* partner eligibility */
    R_AGREEMENT_MISSING, R_NOT_ENROLLED, R_COMPETENCY_MISSING, R_CONSULTANT_NOT_QUALIFIED,
    R_PROFILE_MISSING,
    /* data integrity */
    R_UNKNOWN_PARTNER, R_UNKNOWN_CUSTOMER, R_UNKNOWN_ENGAGEMENT, R_DUPLICATE_ID,
    R_INVALID_RECORD, R_INVALID_FILE,
    R_COUNT
} rule_t;

typedef struct {
    const char *name;
    severity_t severity;
    int step; /* the programme workflow step (1..8) it belongs to; 0 = data quality */
} rule_info_t;
extern const rule_info_t rule_info[R_COUNT];

typedef enum {
    ST_CREATED, ST_ASSIGNED, ST_RESERVED, ST_DELIVERED, ST_REDEEMED, ST_PAYMENT_REQUESTED,
    ST_PAYMENT_MISSED, ST_EXPIRED, ST_FORFEITED, ST_COUNT
} status_t;
extern const char *const status_names[ST_COUNT];

typedef enum { DL_NONE, DL_VOUCHER_EXPIRY, DL_REDEEM_LAST_DAY, DL_PAYMENT_REQUEST, DL_COUNT } deadline_kind_t;
extern const char *const deadline_kind_names[DL_COUNT];

/* The urgency of an open deadline by its days remaining (docs/report-model.md): red up
 * to 30 days, amber up to 90, green beyond. */
typedef enum { TIER_RED, TIER_AMBER, TIER_GREEN, TIER_COUNT } tier_t;
typedef struct {
    const char *name;
    long max_days; /* the most days remaining of the tier */
} tier_info_t;
extern const tier_info_t tier_info[TIER_COUNT];
tier_t tier_of(long days_remaining);

#endif
