/* messages.h - the message catalogues of templates/i18n/: every word a report shows.
 *
 * rules.<lang>.xml holds rule titles, descriptions, messages and remedies, and the
 * names of statuses, deadline kinds, events, steps and milestones; <lang>.xml holds the
 * page labels. English is loaded first and the chosen language on top, so a missing
 * translation falls back to English, never to nothing.
 *
 * Ownership: cat_load / cat_free; returned strings belong to the catalogue.
 */
#ifndef PSREPORT_MESSAGES_H
#define PSREPORT_MESSAGES_H

#include "evaluate.h"
#include "util/strbuf.h"

#include <stdio.h>

typedef struct {
    arena_t arena;
    hash_t map; /* "kind/id[/field[/variant]]" -> index into strs */
    char **strs;
    long n, cap;
    char lang[8];
    /* label keys in catalogue order, for copying all labels into the report model */
    char **label_keys;
    long n_labels, cap_labels;
} catalogue_t;

int cat_load(catalogue_t *c, const char *i18n_dir, const char *lang, FILE *err);
void cat_free(catalogue_t *c);

/* Looks up "kind/id" or "kind/id/field"; returns fallback when absent. */
const char *cat_get(const catalogue_t *c, const char *kind, const char *id, const char *field,
                    const char *fallback);
const char *cat_label(const catalogue_t *c, const char *key);

/* Writes the message (which = "message") or remedy (which = "remedy") of a finding. */
void msg_format(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                const finding_t *f, const char *which, strbuf_t *out);

#endif
