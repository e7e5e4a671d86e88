/* program.h - the program definition: milestones, windows, extensions, catalogue.
 *
 * The only global state of psreport is one immutable program_t, loaded once from
 * input/program.xml (or --program) after schema validation. No date or window of the
 * rules is a constant in the code: evaluate.c reads them all from here.
 */
#ifndef PSREPORT_PROGRAM_H
#define PSREPORT_PROGRAM_H

#include "util/arena.h"
#include "util/hash.h"

#include <stdio.h>

typedef enum {
    MS_CLOUD_RETIRED, MS_TRAINING_CONVERSION_END, MS_ACCRUAL_END, MS_CREATE_LAST_DAY,
    MS_DAYS_REMOVED, MS_REDEEM_LAST_DAY, MS_COUNT
} milestone_t;
extern const char *const milestone_names[MS_COUNT];

typedef enum { WIN_VALIDITY, WIN_PAYMENT, WIN_WARNING, WIN_COUNT } window_t;
extern const char *const window_names[WIN_COUNT];

typedef struct {
    char *id, *name;
    int days, cloud;
    int offering; /* index into offerings */
    int n_comp, n_exams;
    char **comp, **exams;
} engagement_t;

typedef struct {
    char *id, *name;
} offering_t;

typedef struct {
    int created_before, days;
} extension_t;

typedef struct {
    arena_t arena;
    char *path, *id, *name;
    char *version;            /* the definition's version attribute */
    unsigned char sha256[32]; /* of the file's bytes, hashed as they were parsed */
    int milestone[MS_COUNT];
    int window[WIN_COUNT];
    int n_ext, n_off, n_eng;
    extension_t *ext;
    offering_t *off;
    engagement_t *eng;
    hash_t eng_ix; /* "offering\x1fengagement" -> engagement index */
    hash_t off_ix; /* offering id -> offering index */
} program_t;

/* Loads and validates a program definition against schema_path. On error prints
 * "FILE:LINE: error: ..." lines to err and returns -1. */
int program_load(program_t *p, const char *path, const char *schema_path, FILE *err);
void program_free(program_t *p);

/* Index of the engagement, or -1 when the offering or engagement is unknown. */
int program_find_engagement(const program_t *p, const char *offering, const char *engagement);
int program_find_offering(const program_t *p, const char *offering);

#endif
