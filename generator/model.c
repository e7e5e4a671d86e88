/* model.c - growth of the record arrays, interning, and linking vouchers to records. */
#include "model.h"

#include "util/date.h"

#include <stdlib.h>
#include <string.h>

const char *const region_names[REGION_COUNT] = {"AMER", "EMEA", "APAC"};
const char *const file_kind_names[] = {"unknown", "partners", "vouchers", "program"};
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

void model_init(model_t *m) { memset(m, 0, sizeof *m); }

void model_drop_partners(model_t *m, long n)
{
    for (long i = n; i < m->n_partners; i++) {
        free(m->partners[i].comp);
        free(m->partners[i].enr);
        for (int c = 0; c < m->partners[i].n_cons; c++)
            free(m->partners[i].cons[c].exams);
        free(m->partners[i].cons);
    }
    if (n < m->n_partners)
        m->n_partners = n;
}

void model_drop_customers(model_t *m, long n)
{
    for (long i = n; i < m->n_customers; i++) {
        free(m->customers[i].acc);
        free(m->customers[i].conv);
        free(m->customers[i].bal);
    }
    if (n < m->n_customers)
        m->n_customers = n;
}

void model_free(model_t *m)
{
    model_drop_partners(m, 0);
    model_drop_customers(m, 0);
    free(m->files);
    free(m->partners);
    free(m->customers);
    free(m->vouchers);
    free(m->ifind);
    hash_free(&m->partner_ix);
    hash_free(&m->customer_ix);
    hash_free(&m->voucher_ix);
    hash_free(&m->intern);
    arena_free(&m->arena);
}

typedef struct {
    int32_t partner_ix, customer_ix; /* what the string names, once linked */
    int32_t eng_ix;                  /* engagement index for eng_off, or -2: not resolved */
    const char *eng_off;
} intern_hdr_t;

static intern_hdr_t *hdr(const char *s) { return (intern_hdr_t *)(void *)s - 1; }

const char *model_intern(model_t *m, const char *s)
{
    if (!s)
        return NULL;
    const char *k = hash_key(&m->intern, s);
    if (k)
        return k;
    size_t n = strlen(s);
    intern_hdr_t *h = arena_alloc(&m->arena, sizeof *h + n + 1);
    if (!h)
        return NULL;
    char *copy = (char *)(h + 1);
    memcpy(copy, s, n + 1);
    if (hash_put(&m->intern, copy, 0) < 0)
        return NULL;
    return copy;
}

static void *grow(void *arr, long *cap, long n, size_t size)
{
    if (n < *cap)
        return arr;
    long nc = *cap ? *cap * 2 : 256;
    void *p = realloc(arr, (size_t)nc * size);
    if (p)
        *cap = nc;
    return p;
}

#define NEW_SLOT(m, arr, n, cap)                                                         \
    do {                                                                                 \
        void *p_ = grow((m)->arr, &(m)->cap, (m)->n, sizeof *(m)->arr);                  \
        if (!p_)                                                                         \
            return NULL;                                                                 \
        (m)->arr = p_;                                                                   \
        memset(&(m)->arr[(m)->n], 0, sizeof *(m)->arr);                                  \
        return &(m)->arr[(m)->n++];                                                      \
    } while (0)

partner_t *model_new_partner(model_t *m) { NEW_SLOT(m, partners, n_partners, cap_partners); }
customer_t *model_new_customer(model_t *m) { NEW_SLOT(m, customers, n_customers, cap_customers); }
voucher_t *model_new_voucher(model_t *m) { NEW_SLOT(m, vouchers, n_vouchers, cap_vouchers); }
ingest_finding_t *model_new_ifind(model_t *m) { NEW_SLOT(m, ifind, n_ifind, cap_ifind); }

int model_new_file(model_t *m, const char *path)
{
    input_file_t *f = realloc(m->files, (size_t)(m->n_files + 1) * sizeof *f);
    if (!f)
        return -1;
    m->files = f;
    f = &m->files[m->n_files];
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
        v->partner_ix = v->partner ? hdr(v->partner)->partner_ix : -1;
        v->customer_ix = v->customer ? hdr(v->customer)->customer_ix : -1;
        intern_hdr_t *e = v->engagement ? hdr(v->engagement) : NULL;
        if (!e) {
            v->engagement_ix = -1;
        } else if (e->eng_ix != -2 && e->eng_off == v->offering) {
            v->engagement_ix = e->eng_ix;
        } else {
            v->engagement_ix = (int32_t)program_find_engagement(p, v->offering, v->engagement);
            e->eng_ix = v->engagement_ix;
            e->eng_off = v->offering;
        }
    }
}
