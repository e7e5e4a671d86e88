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
    /* waivers (waiver.c) */
    R_WAIVER_EXPIRED, R_WAIVER_UNUSED,
    R_COUNT
} rule_t;

/* Why a record or a file was rejected (invalid-record, duplicate-id, invalid-file): the
 * variant of the rule's message in the catalogues ("rule/<rule>/message/<reason>"), named
 * in reason_names, with the words from the input in ARG_* (finding_t.arg). ingest.c maps
 * libxml2's schema and parser errors to these; the wording is the catalogues'. */
typedef enum {
    RS_NONE,
    /* invalid-record */
    RS_NOT_A_RECORD,          /* ELEMENT has no place in this kind of export */
    RS_ATTRIBUTE_NOT_ALLOWED, /* ATTRIBUTE on ELEMENT */
    RS_ATTRIBUTE_MISSING,     /* ATTRIBUTE of ELEMENT */
    RS_BAD_DATE,              /* VALUE of ELEMENT ATTRIBUTE is not a possible YYYY-MM-DD */
    RS_BAD_NUMBER,            /* VALUE is not a whole number (of days) the format allows */
    RS_BAD_VALUE,             /* VALUE is not of the attribute's type */
    RS_NOT_IN_LIST,           /* VALUE is none of LIST */
    RS_EMPTY_VALUE,           /* ATTRIBUTE of ELEMENT is empty */
    RS_EMPTY_TEXT,            /* the text of ELEMENT is empty */
    RS_TOO_LONG,              /* VALUE of ATTRIBUTE has N1 characters, more than N2 */
    RS_TOO_LONG_TEXT,         /* the text of ELEMENT has N1 characters, more than N2 */
    RS_BAD_FORM,              /* VALUE does not have the attribute's form */
    RS_UNEXPECTED_ELEMENT,    /* ELEMENT inside PLACE where LIST was expected */
    RS_MISSING_ELEMENT,       /* ELEMENT lacks a child of LIST */
    RS_TEXT_NOT_ALLOWED,      /* ELEMENT holds text where the format has none */
    RS_NOT_WELL_FORMED,       /* the XML of the record is wrong (libxml2 error N1) */
    RS_INVALID,               /* any other schema error (libxml2 error N1) */
    /* duplicate-id */
    RS_DUPLICATE,             /* ELEMENT with ID VALUE, first seen at PLACE */
    RS_WAIVER_RULE,           /* waiver VALUE names rule LIST, unknown or never waived */
    RS_WAIVER_SUBJECT,        /* waiver VALUE names no partner, customer or voucher */
    RS_WAIVER_DATES,          /* waiver VALUE expires before it is granted */
    RS_WAIVER_REASON,         /* waiver VALUE gives no reason */
    /* invalid-file */
    RS_CANNOT_OPEN,           /* VALUE: the system's reason */
    RS_NOT_FOUND,
    RS_NO_PERMISSION,
    RS_NOT_REGULAR,
    RS_EMPTY_FILE,
    RS_NO_ELEMENT,
    RS_DOCTYPE,
    RS_ROOT_NAMESPACE,        /* the root ELEMENT is in a namespace */
    RS_UNKNOWN_ROOT,          /* the root ELEMENT */
    RS_NO_VERSION,
    RS_BAD_VERSION,           /* VALUE */
    RS_NO_EXPORTED,
    RS_BAD_EXPORTED,          /* VALUE */
    RS_ROOT_ATTRIBUTE,        /* ATTRIBUTE on the root ELEMENT */
    RS_NOT_XML,               /* unreadable before the root, at the finding's line */
    RS_CUT,                   /* reading stopped at the finding's line; N1 records read */
    RS_CUT_RECORD,            /* the same, and the record at line N2 was not read */
    RS_COUNT
} reason_t;
extern const char *const reason_names[RS_COUNT];

/* The words of an ingest finding's message (placeholders {element} {attribute} {value}
 * {list} {place}); a list holds its items separated by '\n'. */
enum { ARG_ELEMENT, ARG_ATTRIBUTE, ARG_VALUE, ARG_LIST, ARG_PLACE, ARG_COUNT };

typedef struct {
    const char *name;
    severity_t severity;
    int step; /* the programme workflow step (1..8) it belongs to; 0 = data quality */
} rule_info_t;
extern const rule_info_t rule_info[R_COUNT];

/* The rule named name, or -1. */
int rule_from_name(const char *name);

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
