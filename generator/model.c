/* model.c - growth of the record arrays, interning, and linking vouchers to records.
 * Each kind of record has its own typed array; the functions on records of any kind
 * (model_head, model_new_record, ...) are the one place that picks the array. */
#define _DEFAULT_SOURCE /* madvise */
#include "model.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/pages.h"
#include "waiver.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

_Static_assert(sizeof(voucher_t) == 96, "a voucher is 96 bytes (bench: bytes per voucher)");
_Static_assert(1000000 < (1L << VOUCHER_DAYS_BITS), "voucher_t.days holds the schema's positive-days");

const char *const region_names[REGION_COUNT] = {"AMER", "EMEA", "APAC"};
const char *const file_kind_names[] = {"unknown", "partners", "vouchers", "program", "waivers"};
const char *const rec_kind_names[REC_KINDS] = {"partner", "customer", "voucher"};
const char *const event_names[EV_COUNT] = {
    "created", "assigned", "reserved", "delivered", "delivered-end",
    "completion-report", "redeemed", "payment-request"};

region_t region_from_name(const char *s)
{
    for (int r = 0; r < REGION_COUNT; r++)
        if (s && strcmp(s, region_names[r]) == 0)
            return (region_t)r;
    return REGION_NONE;
}

/* The ID indexes store no keys: a record's ID is found from its index (util/hash.h). */
#define MODEL_OF(h, member) ((const model_t *)(const void *)((const char *)(h) - offsetof(model_t, member)))
static const char *partner_id(const hash_t *h, uint32_t i) { return MODEL_OF(h, partner_ix)->partners[i].id; }
static const char *customer_id(const hash_t *h, uint32_t i) { return MODEL_OF(h, customer_ix)->customers[i].id; }
static const char *voucher_id(const hash_t *h, uint32_t i) { return MODEL_OF(h, voucher_ix)->vouchers[i].id; }

void model_init(model_t *m)
{
    memset(m, 0, sizeof *m);
    m->partner_ix.key_of = partner_id;
    m->customer_ix.key_of = customer_id;
    m->voucher_ix.key_of = voucher_id;
}

static void free_partner(partner_t *p)
{
    free(p->comp);
    free(p->enr);
    for (int c = 0; c < p->n_cons; c++)
        free(p->cons[c].exams);
    free(p->cons);
}

static void free_customer(customer_t *u)
{
    free(u->acc);
    free(u->conv);
    free(u->bal);
}

void model_drop(model_t *m, rec_kind_t k, long n)
{
    if (n >= model_count(m, k))
        return;
    if (k == REC_PARTNER) {
        for (long i = n; i < m->n_partners; i++)
            free_partner(&m->partners[i]);
        m->n_partners = n;
    } else if (k == REC_CUSTOMER) {
        for (long i = n; i < m->n_customers; i++)
            free_customer(&m->customers[i]);
        m->n_customers = n;
    } else {
        m->n_vouchers = n; /* a voucher owns no array */
    }
}

void model_free(model_t *m)
{
    for (int k = 0; k < REC_KINDS; k++)
        model_drop(m, (rec_kind_t)k, 0);
    if (m->waivers) {
        waivers_free(m->waivers);
        free(m->waivers);
    }
    free(m->files);
    pages_resize(m->partners, (size_t)m->cap_partners * sizeof *m->partners, 0);
    pages_resize(m->customers, (size_t)m->cap_customers * sizeof *m->customers, 0);
    pages_resize(m->vouchers, (size_t)m->cap_vouchers * sizeof *m->vouchers, 0);
    pages_resize(m->ifind, (size_t)m->cap_ifind * sizeof *m->ifind, 0);
    hash_free(&m->partner_ix);
    hash_free(&m->customer_ix);
    hash_free(&m->voucher_ix);
    hash_free(&m->intern);
    arena_free(&m->arena);
}

void model_drop_lookups(model_t *m)
{
    hash_free(&m->customer_ix);
    hash_free(&m->voucher_ix);
    hash_free(&m->intern);
}

/* model_intern_hdr, writable: the model owns its interned strings */
static intern_hdr_t *hdr(const char *s) { return (intern_hdr_t *)model_intern_hdr(s); }

const char *model_intern(model_t *m, const char *s)
{
    if (!s)
        return NULL;
    /* a voucher's IDs repeat from one voucher to the next when a customer's vouchers
     * follow it in the export (as in the samples): a memo slot, one strcmp, answers
     * those without the map of every ID (260,000 at a million vouchers). Such an export
     * of a million vouchers read in 0.97x the time; with the IDs in random order (the
     * bench's exports), 1.00x. */
    unsigned x = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        x = x * 31u + *c;
    const char **memo = &m->intern_memo[x % INTERN_MEMO];
    if (*memo && strcmp(*memo, s) == 0)
        return *memo;
    const char *k = hash_key(&m->intern, s);
    if (k)
        return *memo = k;
    size_t n = strlen(s);
    intern_hdr_t *h = arena_alloc(&m->arena, sizeof *h + n + 1);
    h->partner_ix = h->customer_ix = -1; /* until model_link */
    h->eng_ix = -2;
    h->eng_off = NULL;
    char *copy = (char *)(h + 1);
    memcpy(copy, s, n + 1);
    hash_put(&m->intern, copy, 0);
    return *memo = copy;
}

/* Room for one more of n items in *arr, grown by doubling, in pages of its own
 * (util/pages.h: at two million vouchers the array is 192 MB; a copy beside it while
 * merging a part of a split file held both) */
static void *grow(void *arr, long *cap, long n, size_t size)
{
    if (n < *cap)
        return arr;
    long was = *cap;
    *cap = *cap ? *cap * 2 : 256;
    return pages_resize(arr, (size_t)was * size, (size_t)*cap * size);
}

#define NEW_SLOT(m, arr, n, cap)                                                         \
    ((m)->arr = grow((m)->arr, &(m)->cap, (m)->n, sizeof *(m)->arr),                     \
     memset(&(m)->arr[(m)->n], 0, sizeof *(m)->arr), &(m)->arr[(m)->n++])

ingest_finding_t *model_new_ifind(model_t *m) { return NEW_SLOT(m, ifind, n_ifind, cap_ifind); }

record_head_t *model_new_record(model_t *m, rec_kind_t k)
{
    switch (k) {
    case REC_PARTNER: return &NEW_SLOT(m, partners, n_partners, cap_partners)->head;
    case REC_CUSTOMER: return &NEW_SLOT(m, customers, n_customers, cap_customers)->head;
    default: return &NEW_SLOT(m, vouchers, n_vouchers, cap_vouchers)->head;
    }
}

long model_count(const model_t *m, rec_kind_t k)
{
    return k == REC_PARTNER ? m->n_partners : k == REC_CUSTOMER ? m->n_customers : m->n_vouchers;
}

record_head_t *model_head(model_t *m, rec_kind_t k, long i)
{
    switch (k) {
    case REC_PARTNER: return &m->partners[i].head;
    case REC_CUSTOMER: return &m->customers[i].head;
    default: return &m->vouchers[i].head;
    }
}

hash_t *model_index(model_t *m, rec_kind_t k)
{
    return k == REC_PARTNER ? &m->partner_ix : k == REC_CUSTOMER ? &m->customer_ix : &m->voucher_ix;
}

/* s, interned in a part's model, as interned in m: looked up at its first move, then read
 * from the part's header (a voucher's five IDs were five lookups each: a fifth of a -j2
 * run's merge) */
static const char *intern_moved(model_t *m, const char *s)
{
    if (!s)
        return NULL;
    intern_hdr_t *h = hdr(s);
    if (!h->moved)
        h->moved = model_intern(m, s);
    return h->moved;
}

record_head_t *model_move_record(model_t *m, model_t *src, rec_kind_t k, long i)
{
    record_head_t *h = model_new_record(m, k);
    if (k == REC_PARTNER) {
        partner_t *x = &m->partners[m->n_partners - 1];
        *x = src->partners[i];
        memset(&src->partners[i], 0, sizeof *x); /* its arrays are m's now */
        for (int c = 0; c < x->n_comp; c++)
            x->comp[c].name = (char *)model_intern(m, x->comp[c].name);
        for (int e = 0; e < x->n_enr; e++)
            x->enr[e].offering = (char *)model_intern(m, x->enr[e].offering);
        for (int c = 0; c < x->n_cons; c++)
            for (int e = 0; e < x->cons[c].n_exams; e++)
                x->cons[c].exams[e].id = (char *)model_intern(m, x->cons[c].exams[e].id);
    } else if (k == REC_CUSTOMER) {
        customer_t *x = &m->customers[m->n_customers - 1];
        *x = src->customers[i];
        memset(&src->customers[i], 0, sizeof *x);
    } else {
        voucher_t *x = &m->vouchers[m->n_vouchers - 1];
        *x = src->vouchers[i];
        x->customer = intern_moved(m, x->customer);
        x->partner = intern_moved(m, x->partner);
        x->offering = intern_moved(m, x->offering);
        x->engagement = intern_moved(m, x->engagement);
        x->consultant = intern_moved(m, x->consultant);
    }
    return h;
}

void model_release_vouchers(model_t *m, long n)
{
    if (n <= 0)
        return;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return;
    uintptr_t lo = (uintptr_t)m->vouchers, hi = (uintptr_t)(m->vouchers + n);
    lo = (lo + (uintptr_t)page - 1) & ~((uintptr_t)page - 1); /* whole pages inside */
    hi &= ~((uintptr_t)page - 1);
    if (hi > lo) /* the pages read as zeros from now on; a failure only keeps them */
        (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

void model_names(model_t *m, rec_kind_t k, long i, const char *who[REC_KINDS])
{
    who[REC_PARTNER] = who[REC_CUSTOMER] = who[REC_VOUCHER] = NULL;
    who[k] = model_head(m, k, i)->id;
    if (k == REC_VOUCHER) {
        who[REC_PARTNER] = m->vouchers[i].partner;
        who[REC_CUSTOMER] = m->vouchers[i].customer;
    }
}

int model_new_file(model_t *m, const char *path)
{
    m->files = xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof *m->files);
    input_file_t *f = &m->files[m->n_files];
    memset(f, 0, sizeof *f);
    f->path = arena_strdup(&m->arena, path);
    f->exported = DATE_NONE;
    return m->n_files++;
}

void model_link(model_t *m, const program_t *p)
{
    /* resolve each distinct ID once, then every voucher by its interned pointers */
    for (size_t i = 0; i < m->intern.cap; i++) {
        const char *k = m->intern.keys[i];
        if (!k)
            continue;
        intern_hdr_t *h = hdr(k);
        h->partner_ix = (int32_t)hash_get(&m->partner_ix, k);
        h->customer_ix = (int32_t)hash_get(&m->customer_ix, k);
        h->eng_ix = -2;
        h->eng_off = NULL;
    }
    for (long i = 0; i < m->n_vouchers; i++) {
        voucher_t *v = &m->vouchers[i];
        intern_hdr_t *e = v->engagement ? hdr(v->engagement) : NULL;
        int32_t ix;
        if (!e) {
            ix = -1;
        } else if (e->eng_ix != -2 && e->eng_off == v->offering) {
            ix = e->eng_ix;
        } else {
            ix = (int32_t)program_find_engagement(p, v->offering, v->engagement);
            e->eng_ix = ix;
            e->eng_off = v->offering;
        }
        v->eng = ix < VOUCHER_ENG_FAR ? ix : VOUCHER_ENG_FAR;
    }
}
