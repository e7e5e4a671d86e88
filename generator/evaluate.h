/* evaluate.h - statuses, open deadlines, days remaining and findings, as of a date.
 *
 * The one idea: as-of is a filter. Every event dated after as-of is treated as absent
 * (a voucher created after it does not exist), then each rule of rules.md is a plain
 * predicate over what is left. All dates and windows come from the program_t.
 *
 * Ownership: eval_run fills an eval_t that eval_free releases. Findings point into the
 * model's strings, so the model must outlive the eval_t.
 */
#ifndef PSREPORT_EVALUATE_H
#define PSREPORT_EVALUATE_H

#include "model.h"
#include "rules.h"

#include <limits.h>
#include <stdint.h>

#define DAYS_UNKNOWN LONG_MIN

/* The message variants of a rule: which of its catalogue messages a finding takes
 * ("rule/<rule>/message/<variant>"), named in variant_names; VAR_NONE for the plain one.
 * deadline-approaching has one variant per deadline kind, VAR_DEADLINE + the kind,
 * named like the kind (deadline_kind_names); the findings of reading take VAR_REASON +
 * their reason_t, named like the reason (reason_names). */
typedef enum {
    VAR_NONE,
    VAR_NO_PARTNER,       /* unknown-partner: reserved without naming one */
    VAR_UNKNOWN_OFFERING, /* unknown-engagement: the offering itself is unknown */
    VAR_NO_BENEFIT,       /* created-before-activation: no <benefit> at all */
    VAR_NOT_CONSULTANT,   /* consultant-not-qualified: not one of the partner's */
    VAR_NO_CONSULTANT,    /* consultant-not-qualified: the delivery names nobody */
    VAR_COUNT,
    VAR_DEADLINE = VAR_COUNT, /* + deadline_kind_t (not DL_NONE) */
    VAR_REASON = VAR_DEADLINE + DL_COUNT /* + reason_t (not RS_NONE) */
} variant_t;
_Static_assert(VAR_REASON + RS_COUNT <= 256, "a variant fits finding_t.variant");
extern const char *const variant_names[VAR_COUNT];

typedef struct {
    uint8_t exists;   /* created on or before as-of */
    uint8_t status;   /* status_t */
    uint8_t kind;     /* deadline_kind_t, DL_NONE when no open deadline */
    int8_t region;    /* the partner's region, else the customer's, else REGION_NONE */
    int expires;      /* expires(v) */
    int deadline;     /* DATE_NONE when no open deadline */
} veval_t;

typedef struct { /* widest members first: 96 bytes, not 112 */
    const char *partner, *customer, *voucher;
    const char *text;         /* ingest findings: the message as written at reading;
                                 waiver-expired / waiver-unused: the waiver's id */
    char *const *arg;         /* ingest findings: the words of the message (ARG_*) */
    long n1, n2;              /* number arguments */
    int32_t partner_ix;       /* known partner this finding belongs to, else -1 */
    int date;                 /* DATE_NONE: null */
    int d1, d2;               /* date arguments of the message */
    int32_t voucher_ix;       /* -1 when not about a kept voucher */
    int32_t file;             /* -1: null */
    uint32_t line;
    int32_t waiver;           /* index into m->waivers->w of the waiver that waives it, -1 */
    uint8_t rule;             /* rule_t */
    uint8_t variant;          /* variant_t */
    int8_t region;            /* for region scoping */
    uint8_t ev1, ev2;         /* event_t arguments */
    uint8_t change;           /* change_t: against --baseline (baseline.c) */
} finding_t;

typedef enum { CHANGE_NONE, CHANGE_NEW, CHANGE_UNCHANGED } change_t; /* NONE: no baseline */

typedef struct {
    int as_of;
    veval_t *v;          /* one per model voucher: voucher i's is v[i - v_first] */
    long v_first;        /* 0, except in a replay's one-voucher scratch (trend.c) */
    idx_t *order;        /* existing vouchers by ID (byte order) */
    long n_exist;
    long *unassigned;    /* per customer; DAYS_UNKNOWN when unknown */
    finding_t *f;        /* sorted by severity, rule, partner, voucher, date */
    long n_f, cap_f;
    int f_mapped;        /* f is in pages of its own (util/pages.h), not malloc's: eval_run's */
    long errors, warnings;    /* waived findings excluded */
    long waived;              /* findings waived */
} eval_t;

/* Evaluates every rule as of as_of; with jobs > 1 and 100,000 vouchers or more, the
 * vouchers' rules run in jobs slices on threads (jobs < 0: -jobs slices whatever the
 * number, for the tests), with the same result. Returns 0 (out of memory ends the run:
 * util/alloc.h). */
int eval_run(const model_t *m, const program_t *p, int as_of, int jobs, eval_t *out);
/* Frees the per-voucher results, the order and the findings (v, order, unassigned, f:
 * NULL, n_f 0); as_of and the counts stay. */
void eval_release_records(eval_t *e);
void eval_free(eval_t *e);

/* Replays (trend.c) evaluate one voucher or customer alone as of a date, with the same
 * code eval_run uses. eval_voucher sets voucher i's slot, e->v[i - e->v_first], and
 * appends the voucher's findings to e->f, unsorted; it returns 1, 0 when the voucher
 * does not exist at as_of, -1 out of memory. eval_customer appends customer u's
 * findings and sets e->unassigned[u], given the days of u's vouchers existing at as_of;
 * it returns 0 or -1. */
int eval_voucher(const model_t *m, const program_t *p, int as_of, long i, eval_t *e);
int eval_customer(const model_t *m, const program_t *p, int as_of, long u, long voucher_days,
                   eval_t *e);

/* The message variant of deadline-approaching for a deadline kind (its remedy says
 * what to do before such a deadline; report_sections.c reuses it for the next-actions list). */
uint8_t eval_deadline_variant(deadline_kind_t kind);

/* The finding's variant name, for the catalogue key ("" for the plain message). */
const char *eval_variant_name(const finding_t *f);

/* Adds the findings e->f[ix[0..n)] (ix NULL: e->f[0..n)) to *errors or *warnings by
 * their rule's severity; waived findings count as neither. */
void eval_count_severity(const eval_t *e, const idx_t *ix, long n, long *errors,
                         long *warnings);

/* The evaluated run as the renderers and the report model read it (read-only). */
struct catalogue;
struct trend;
struct baseline;
typedef struct {
    const model_t *m;
    const program_t *p;
    const eval_t *e;
    const struct catalogue *cat; /* messages.h */
    const struct trend *trend;   /* trend.h; NULL: none computed */
    const struct baseline *base; /* baseline.h: --baseline, else NULL */
    long long generated; /* when the reports were made, seconds since 1970 (UTC):
                          * SOURCE_DATE_EPOCH when set, so builds are reproducible */
    int jobs;            /* -j: above 1, a renderer may use a second thread (render_json.c) */
} run_t;

#endif
