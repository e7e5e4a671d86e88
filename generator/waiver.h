/* waiver.h - the programme office's accepted exceptions (export-format.md "Waivers",
 * rules.md "Waivers").
 *
 * The one idea: a waiver is looked up by the one ID it is indexed under (its voucher if
 * it gives one, else its partner, else its customer), so matching a finding costs at
 * most three hash lookups and a short chain, never a scan of the waivers. Which waivers
 * hold, which finding each waives, which have expired or go unused is a pure function of
 * (waivers, findings, as-of): waivers_apply. evaluate.c calls it once for the report,
 * trend.c once per month-end on the few findings a waiver could match.
 *
 * Ownership: waivers_init / waivers_free; strings live in the set's arena. A
 * waiver_use_t belongs to the caller (waivers_use_new / free).
 */
#ifndef PSREPORT_WAIVER_H
#define PSREPORT_WAIVER_H

#include "evaluate.h"
#include "rules.h"
#include "util/arena.h"
#include "util/hash.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *id;
    int rule;                                /* rule_t */
    const char *partner, *customer, *voucher; /* NULL: not given (matches anything) */
    int granted, expires;                    /* day numbers; expires is the last day */
    const char *approved_by, *reason;
    uint16_t file;
    uint32_t line;
} waiver_t;

typedef struct waivers {
    arena_t arena;
    waiver_t *w;
    long n, cap;
    int32_t *next;                        /* chain of waivers sharing an index key */
    hash_t by_id, by_voucher, by_partner, by_customer; /* -> first waiver of the chain */
} waivers_t;

/* What waivers_add decided about a waiver: kept, a duplicate id, or why it is invalid. */
typedef enum {
    WAIVER_KEPT, WAIVER_DUPLICATE,
    WAIVER_BAD_RULE,   /* unknown, or a rule never waived */
    WAIVER_NO_SUBJECT, /* no partner, customer or voucher */
    WAIVER_BAD_DATES,  /* a date missing, or expires before granted */
    WAIVER_NO_REASON,  /* a blank reason */
} waiver_verdict_t;
#define WAIVER_INVALID(v) ((v) >= WAIVER_BAD_RULE)

void waivers_init(waivers_t *ws);
void waivers_free(waivers_t *ws);

/* 1 when a waiver may name this rule (never the data problems invalid-record,
 * invalid-file, duplicate-id, nor waiver-expired / waiver-unused themselves). */
int waiver_rule_waivable(int rule);

/* Checks a waiver read from a file (rule by name; dates already parsed, DATE_NONE when
 * absent) and keeps a copy. An invalid one (an invalid-record) gets the reason in why,
 * in English; WAIVER_DUPLICATE means its id was already seen (duplicate-id). */
waiver_verdict_t waivers_add(waivers_t *ws, const waiver_t *w, const char *rule_name,
                             char *why, size_t why_len);

/* 1 when w matches finding f: same rule, and every ID the waiver gives equals f's. */
int waiver_matches(const waiver_t *w, const finding_t *f);
/* 1 when w holds on as_of: granted <= as_of <= expires. */
int waiver_holds(const waiver_t *w, int as_of);

/* The outcome of applying the waivers to a set of findings as of a date. */
enum {
    WU_MATCHED = 1,      /* holds, and matches at least one finding */
    WU_EXPIRED_OPEN = 2, /* granted <= as-of, expired, matches a finding no waiver waives */
};
typedef struct {
    uint8_t *flags; /* per waiver, WU_* bits */
    long errors, warnings; /* findings waived, by severity */
} waiver_use_t;

void waivers_use_init(waiver_use_t *u, const waivers_t *ws);
void waivers_use_free(waiver_use_t *u);

/* Decides, for each of the n findings, the waiver that waives it as of as_of (index into
 * ws->w, or -1) into waived_by[n], and accumulates into u which waivers were used or
 * expired with an open finding. May be called several times on one u for findings
 * given in parts (the flags and counts add up). */
void waivers_apply(const waivers_t *ws, int as_of, const finding_t *f, long n,
                   int32_t *waived_by, waiver_use_t *u);

/* The finding a waiver raises after waivers_apply (R_WAIVER_EXPIRED or R_WAIVER_UNUSED,
 * with its date), or -1 for none. */
int waiver_raises(const waivers_t *ws, const waiver_use_t *u, long k, int as_of, int *date);

/* The scope of the findings a waiver raises: the partner it names when known (else -1),
 * and the region of that partner, else of the customer it names, else of the voucher. */
void waiver_scope(const waiver_t *w, const model_t *m, int8_t *region, int32_t *partner_ix);

#endif
