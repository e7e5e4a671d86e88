/* baseline.h - the findings.json of an earlier run (--baseline): what changed since.
 *
 * The one idea: a finding is identified across runs by its key (rule, partner, customer,
 * voucher, and for a finding that belongs to no voucher its date: rules.md "Change since
 * the last report"). The baseline's keys go into a hash map once; each current finding is
 * then one lookup ("unchanged" when found, "new" otherwise), and the baseline findings
 * whose key no current finding looked up are the resolved ones.
 *
 * The file is read with jansson, never by hand. Anything that is not a findings.json of
 * psreport for the same programme, at an as-of on or before this run's, is refused with
 * one message naming the file (a usage error: exit 2).
 *
 * Ownership: baseline_load / baseline_free. The strings of a base_finding_t belong to
 * the baseline's jansson tree.
 */
#ifndef PSREPORT_BASELINE_H
#define PSREPORT_BASELINE_H

#include "evaluate.h"
#include "util/arena.h"
#include "util/hash.h"
#include "util/strbuf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct json_t json_t; /* jansson's, kept out of every other stage */

typedef struct {
    const char *rule, *partner, *customer, *voucher; /* NULL for JSON null */
    int date;                                        /* DATE_NONE for null */
    const char *message;
    uint8_t error;     /* severity "error" */
    uint8_t waived;    /* it carried a waiver: not counted */
    const json_t *obj; /* the finding as the baseline wrote it */
    uint8_t seen;      /* a current finding has its key (set on the first of equal keys) */
    /* where it belongs in this run's model (baseline_mark), as evaluate.c scopes a
     * finding: its partner's index and its region; -1: the programme's only */
    int32_t partner_ix, region;
} base_finding_t;

typedef struct baseline {
    char *path;
    json_t *root;
    int as_of;
    const json_t *inputs; /* the baseline's "inputs" array */
    base_finding_t *f;
    long n;
    arena_t arena; /* the keys */
    hash_t key_ix; /* key -> index of the first baseline finding with it */
} baseline_t;

/* Reads and checks path. Returns 0, or -1 with one line "PATH: why" in err. program is
 * this run's programme id, as_of its as-of. */
int baseline_load(baseline_t *b, const char *path, const char *program, int as_of, char *err,
                  size_t err_len);
void baseline_free(baseline_t *b);

/* The key of a finding, into key (reset first). */
void baseline_key(strbuf_t *key, const char *rule, const char *partner, const char *customer,
                  const char *voucher, int date);

/* 1 when the baseline holds a finding with this key ("unchanged"), 0 ("new"); marks it
 * seen, so it is not resolved. key is a scratch buffer. */
int baseline_match(baseline_t *b, strbuf_t *key, const char *rule, const char *partner,
                   const char *customer, const char *voucher, int date);

/* Marks every finding of e CHANGE_NEW or CHANGE_UNCHANGED, and places every baseline
 * finding in m (partner_ix, region): the voucher's partner, else the finding's partner
 * (none for waiver-unused, which is the programme office's); the partner's region, else
 * the customer's. Done here, while m's ID maps are there (model_drop_lookups). */
void baseline_mark(baseline_t *b, eval_t *e, const model_t *m);

/* 1 when baseline finding i is resolved: no current finding had its key. Valid once
 * every current finding went through baseline_match. */
int baseline_resolved(const baseline_t *b, long i);

/* The baseline finding i as compact JSON with "change": "resolved" (caller frees). */
char *baseline_finding_json(const baseline_t *b, long i);
/* The baseline's "inputs" as compact JSON (caller frees). */
char *baseline_inputs_json(const baseline_t *b);

#endif
