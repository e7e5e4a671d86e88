/* messages.h - the message catalogues of templates/i18n/: every word a report shows.
 *
 * rules.<lang>.xml holds rule titles, descriptions, messages and remedies, and the
 * names of statuses, deadline kinds, events, steps and milestones; <lang>.xml holds the
 * page labels. English is loaded first and the chosen language on top, so a missing
 * translation falls back to English, never to nothing. Every one of these files is
 * required and checked (cat_load says what and where: "PATH[:LINE]: error: ...").
 *
 * Ownership: cat_load / cat_free; returned strings belong to the catalogue.
 */
#ifndef PSREPORT_MESSAGES_H
#define PSREPORT_MESSAGES_H

#include "evaluate.h"
#include "util/strbuf.h"

#include <stdio.h>

typedef struct catalogue {
    arena_t arena;
    hash_t map; /* "kind/id[/field[/variant]]" -> index into strs */
    char **strs;
    long n, cap;
    char lang[8];
    /* label keys in catalogue order, for copying all labels into the report model */
    char **label_keys;
    long n_labels, cap_labels;
    /* month names (labels month-N, month-short-N) for util/date.c's date_format_text */
    const char *months[12], *months_short[12];
} catalogue_t;

int cat_load(catalogue_t *c, const char *i18n_dir, const char *lang, FILE *err);
void cat_free(catalogue_t *c);

/* Looks up "kind/id" or "kind/id/field"; returns fallback when absent. */
const char *cat_get(const catalogue_t *c, const char *kind, const char *id, const char *field,
                    const char *fallback);
const char *cat_label(const catalogue_t *c, const char *key);

/* Appends the date as a person reads it in the catalogue's language ("15 giugno 2021");
 * short = 1 for the short month names of chart axes ("15 giu 2021"). DATE_NONE: "-". */
void cat_date(const catalogue_t *c, int day, int short_names, strbuf_t *out);

/* Appends items[0..n) as a list in the catalogue's language: "a, b or c" ("a, b o c"). */
void cat_list_or(const catalogue_t *c, const char *const *items, int n, strbuf_t *out);

/* Writes the message (which = "message") or remedy (which = "remedy", as msg_remedy
 * for MSG_OPERATOR) of a finding, for a person: dates as cat_date writes them. */
void msg_format(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                const finding_t *f, const char *which, strbuf_t *out);
/* The same with dates in ISO form, for the data files (findings.json, findings.csv). */
void msg_format_iso(const catalogue_t *c, const model_t *m, const program_t *p,
                    const eval_t *e, const finding_t *f, const char *which, strbuf_t *out);

/* Who reads a remedy: the export's operator and programme staff (programme and region
 * reports, findings files), or the partner the finding is about (its report pages, dates
 * for a person). */
typedef enum { MSG_OPERATOR, MSG_PARTNER } msg_reader_t;

/* The remedy of a finding as fits its voucher's state on the as-of date: the rule's
 * variant "closed" when the voucher has no open deadline (the finding stands for the
 * record, and who reviews it), "redeemed" while only the payment request is open, else
 * the plain one. A partner reads the variant "partner" of a finding only the export's
 * operator can fix, never the operator's instruction. */
void msg_remedy(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                const finding_t *f, msg_reader_t reader, strbuf_t *out);

/* The state variant msg_remedy uses for f: "closed", "redeemed" or "". */
const char *msg_state(const eval_t *e, const finding_t *f);

/* 1 when only the export's operator can fix what f reports (its rule has a partner
 * wording in the catalogue). */
int msg_for_operator(const catalogue_t *c, const finding_t *f);

#endif
