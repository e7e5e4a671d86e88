/* model.h - the compact, indexed model of everything the inputs say.
 *
 * ingest.c fills it one record at a time; evaluate.c reads it. Strings live in the
 * model's arena; partner, customer, offering and engagement IDs named by vouchers are
 * interned, so a million vouchers cost about 100 bytes each. Records are indexed by ID
 * (byte-exact) in hash maps. Dates are day numbers (util/date.h), DATE_NONE = absent.
 *
 * Ownership: model_init / model_free; everything inside belongs to the model.
 */
#ifndef PSREPORT_MODEL_H
#define PSREPORT_MODEL_H

#include "program.h"
#include "rules.h"
#include "util/arena.h"
#include "util/hash.h"

#include <stdint.h>

/* An index into the model's or the evaluation's arrays (vouchers, findings, partners)
 * in the lists kept per voucher or finding: 32 bits, half a long, as there is one entry
 * per voucher in several of them (evaluate.h's order, report_index.c's groups). */
typedef int32_t idx_t;

typedef enum { REGION_AMER, REGION_EMEA, REGION_APAC, REGION_COUNT, REGION_NONE = -1 } region_t;
extern const char *const region_names[REGION_COUNT];
region_t region_from_name(const char *s);

typedef enum { KIND_UNKNOWN, KIND_PARTNERS, KIND_VOUCHERS, KIND_PROGRAM, KIND_WAIVERS } file_kind_t;
extern const char *const file_kind_names[];

/* The kinds of record, each a child element of an export's root. */
typedef enum { REC_PARTNER, REC_CUSTOMER, REC_VOUCHER, REC_KINDS } rec_kind_t;
extern const char *const rec_kind_names[REC_KINDS]; /* the element names */

/* What every record starts with: its ID and where it was read. */
typedef struct {
    const char *id;
    uint32_t file; /* index into model files (32 bits: 65,536 files and more) */
    uint32_t line;
} record_head_t;

/* The head of a record, as `head` for code that handles every kind alike, and as the
 * record's own fields (p->id, p->file, p->line). */
#define RECORD_HEAD                                                                        \
    union {                                                                                \
        record_head_t head;                                                                \
        struct {                                                                           \
            const char *id;                                                                \
            uint32_t file;                                                                 \
            uint32_t line;                                                                 \
        };                                                                                 \
    }

/* One input file and what happened to it. */
typedef struct {
    char *path;
    file_kind_t kind;
    int exported;      /* date part of the root's exported attribute */
    const char *exported_at; /* that attribute as written (in the arena), or NULL */
    int hashed;        /* 1 when sha256 holds the SHA-256 of every byte of the file */
    unsigned char sha256[32];
    long records;      /* records read = kept + rejected */
    long rejected;
    int invalid;       /* 1 when an invalid-file finding was raised */
} input_file_t;

typedef struct {
    char *name;
    int gold; /* 1 gold, 0 silver */
    int earned, expires;
} competency_t;

typedef struct {
    char *offering;
    int date;
} enrollment_t;

typedef struct {
    char *id;
    int passed;
} exam_t;

typedef struct {
    char *id, *name;
    int n_exams;
    exam_t *exams;
} consultant_t;

typedef struct {
    RECORD_HEAD;
    char *name;
    char country[3];
    int8_t region;
    int agreement, profile; /* signed / updated, DATE_NONE when absent */
    int n_comp, n_enr, n_cons;
    competency_t *comp;
    enrollment_t *enr;
    consultant_t *cons;
} partner_t;

typedef struct {
    int date;
    long days;
} dated_days_t;

typedef struct {
    int date;
    long training, planning;
} conversion_t;

typedef struct {
    RECORD_HEAD;
    char *name;
    char country[3];
    int8_t region;
    int activated;
    int n_acc, n_conv, n_bal;
    dated_days_t *acc;  /* accruals */
    conversion_t *conv;
    dated_days_t *bal;  /* balances, in file order */
} customer_t;

/* The lifecycle events, in the order rules.md requires them. */
typedef enum {
    EV_CREATED, EV_ASSIGNED, EV_RESERVED, EV_DELIVERED_START, EV_DELIVERED_END,
    EV_COMPLETION, EV_REDEEMED, EV_PAYMENT, EV_COUNT
} event_t;
extern const char *const event_names[EV_COUNT];

#define VOUCHER_DAYS_BITS 20 /* 1,000,000 < 2^20 */
/* voucher_t.eng: the engagement's index in the program, -1 unknown, or VOUCHER_ENG_FAR:
 * an index too wide for the field (a definition with more than 2,046 engagements),
 * found again from the offering and engagement IDs when read. */
#define VOUCHER_ENG_FAR ((1 << (31 - VOUCHER_DAYS_BITS)) - 1)

typedef struct {
    RECORD_HEAD;
    const char *customer, *partner;       /* interned; partner may be NULL */
    const char *offering, *engagement;    /* interned */
    const char *consultant;               /* interned; NULL when absent */
    int ev[EV_COUNT];                     /* event dates, DATE_NONE when absent */
    int expires_given;                    /* <expires>, DATE_NONE when absent */
    /* days and the engagement share 32 bits, so a voucher is 96 bytes, not 104 (2M
     * vouchers: 16 MB). days: 1 to 1,000,000, the schema's positive-days (20 bits).
     * eng: set by model_link; read it with voucher_engagement_ix. */
    uint32_t days : VOUCHER_DAYS_BITS;
    int32_t eng : 32 - VOUCHER_DAYS_BITS;
} voucher_t; /* its partner and customer indexes live with the interned IDs */

/* What an interned string names, set by model_link: each voucher finds its partner and
 * customer through its interned IDs, so a voucher carries no index of its own. */
typedef struct {
    int32_t partner_ix, customer_ix; /* what the string names, once linked; -1 none */
    int32_t eng_ix;                  /* engagement index for eng_off, or -2: not resolved */
    union {
        const char *eng_off;
        /* in a part's model, which is never linked (ingest_split.c): the main model's
         * copy of the string, once model_move_record has interned it there, else NULL */
        const char *moved;
    };
} intern_hdr_t;

static inline const intern_hdr_t *model_intern_hdr(const char *interned)
{
    return (const intern_hdr_t *)(const void *)interned - 1;
}
/* The voucher's partner and customer, resolved by model_link: an index, -1 unknown. */
static inline int32_t voucher_partner_ix(const voucher_t *v)
{
    return v->partner ? model_intern_hdr(v->partner)->partner_ix : -1;
}
static inline int32_t voucher_customer_ix(const voucher_t *v)
{
    return v->customer ? model_intern_hdr(v->customer)->customer_ix : -1;
}

/* The voucher's engagement: an index into p->eng, -1 unknown (model_link resolved it). */
static inline int32_t voucher_engagement_ix(const voucher_t *v, const program_t *p)
{
    return v->eng != VOUCHER_ENG_FAR ? v->eng
                                     : (int32_t)program_find_engagement(p, v->offering, v->engagement);
}

/* A finding raised while reading (invalid-file, invalid-record, duplicate-id). */
typedef struct {
    int rule;       /* rule_t */
    uint8_t reason; /* reason_t: the catalogue's wording */
    char *partner, *customer, *voucher;
    uint32_t file;
    uint32_t line;
    char *message;  /* in English, for stderr (libxml2's own words included) */
    char *arg[ARG_COUNT]; /* the words from the input the catalogue's message names */
    long n1, n2;
} ingest_finding_t;

struct waivers; /* waiver.h */

/* model_intern's memo: slots of recently interned strings, found by a hash of their
 * bytes (model.c) */
#define INTERN_MEMO 256

typedef struct {
    arena_t arena;
    struct waivers *waivers; /* from <waivers> files; NULL when none was read */
    input_file_t *files;
    int n_files;
    partner_t *partners;
    customer_t *customers;
    voucher_t *vouchers;
    ingest_finding_t *ifind;
    long n_partners, n_customers, n_vouchers, n_ifind;
    long cap_partners, cap_customers, cap_vouchers, cap_ifind;
    hash_t partner_ix, customer_ix, voucher_ix, intern;
    const char *intern_memo[INTERN_MEMO];
} model_t;

void model_init(model_t *m);
void model_free(model_t *m);

/* Nothing here returns NULL for lack of memory: out of memory ends the run
 * (util/alloc.h). */

/* Returns a stable copy of s shared by every equal string (NULL stays NULL). Each
 * interned string carries a small header, just before it, where model_link caches what
 * the string resolves to, so linking a million vouchers does no hash lookups. */
const char *model_intern(model_t *m, const char *s);

/* Records of any kind: how many, the head of record i, the ID index. */
long model_count(const model_t *m, rec_kind_t k);
record_head_t *model_head(model_t *m, rec_kind_t k, long i);
hash_t *model_index(model_t *m, rec_kind_t k);
/* Appends a zeroed record of kind k and returns its head. */
record_head_t *model_new_record(model_t *m, rec_kind_t k);
/* Drops the records of kind k from index n on, with the arrays they own (a rejected
 * record's slot, or a file read again). */
void model_drop(model_t *m, rec_kind_t k, long n);
/* Appends record i of kind k of src to m: its arrays move to m (src's record is
 * zeroed), its interned strings are interned in m (src's interning headers keep m's
 * copies: src is never linked, and moves into one model only); its other strings stay
 * in src's arena, which m must adopt (arena_adopt). Returns the new record's head. */
record_head_t *model_move_record(model_t *m, model_t *src, rec_kind_t k, long i);
/* Vouchers 0 .. n-1 of m are not read again (moved out by model_move_record, or the
 * reports are written): the whole memory pages they fill go back to the system and read
 * as zeros from now on (a voucher owns no memory of its own). Merging a part of a split
 * file (ingest_split.c) so holds one copy of each voucher, not two, at its peak. */
void model_release_vouchers(model_t *m, long n);
/* The partner, customer and voucher ID record i names (who[REC_PARTNER] ...; NULL where
 * it names none): a voucher names all three, the others only themselves. */
void model_names(model_t *m, rec_kind_t k, long i, const char *who[REC_KINDS]);

ingest_finding_t *model_new_ifind(model_t *m);
/* Adds an input file; returns its index. */
int model_new_file(model_t *m, const char *path);

/* Resolves the partner, customer and engagement of every voucher. */
void model_link(model_t *m, const program_t *p);

/* Frees the maps that only reading, linking and placing need: the interning map (after
 * model_link, model_intern must not be called), and the voucher and customer ID maps
 * (hash_get finds nothing in them from then on). The partner map stays. At a million
 * vouchers they are 27 MB, which every worker of the report burst would carry too. */
void model_drop_lookups(model_t *m);

#endif
