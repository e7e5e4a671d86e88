/* waiver.c - matching, holding and expiry of waivers, exactly as rules.md "Waivers". */
#include "waiver.h"

#include "util/alloc.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void waivers_init(waivers_t *ws) { memset(ws, 0, sizeof *ws); }

void waivers_free(waivers_t *ws)
{
    arena_free(&ws->arena);
    free(ws->w);
    free(ws->next);
    hash_free(&ws->by_id);
    hash_free(&ws->by_voucher);
    hash_free(&ws->by_partner);
    hash_free(&ws->by_customer);
    memset(ws, 0, sizeof *ws);
}

int waiver_rule_waivable(int rule)
{
    return rule >= 0 && rule < R_COUNT && rule != R_INVALID_RECORD && rule != R_INVALID_FILE &&
           rule != R_DUPLICATE_ID && rule != R_WAIVER_EXPIRED && rule != R_WAIVER_UNUSED;
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Appends waiver k to the chain of key in h (keys are the waiver's own strings). */
static void chain(waivers_t *ws, hash_t *h, const char *key, long k)
{
    ws->next[k] = -1;
    long head = hash_get(h, key);
    if (head < 0) {
        if (hash_put(h, key, (uint32_t)k) < 0)
            alloc_fail();
        return;
    }
    while (ws->next[head] >= 0)
        head = ws->next[head];
    ws->next[head] = (int32_t)k;
}

/* A copy in the set's arena (NULL stays NULL). */
static const char *keep(waivers_t *ws, const char *s)
{
    char *c = s ? arena_strdup(&ws->arena, s) : NULL;
    if (s && !c)
        alloc_fail();
    return c;
}

waiver_verdict_t waivers_add(waivers_t *ws, const waiver_t *w, const char *rule_name,
                             char *why, size_t why_len)
{
    char a[11], b[11];
    int rule = rule_from_name(rule_name);
    if (rule < 0) {
        snprintf(why, why_len, "waiver %s: unknown rule \"%s\"", w->id, rule_name ? rule_name : "");
        return WAIVER_BAD_RULE;
    }
    if (!waiver_rule_waivable(rule)) {
        snprintf(why, why_len, "waiver %s: %s findings cannot be waived", w->id, rule_name);
        return WAIVER_BAD_RULE;
    }
    if (!w->partner && !w->customer && !w->voucher) {
        snprintf(why, why_len, "waiver %s names no partner, customer or voucher", w->id);
        return WAIVER_NO_SUBJECT;
    }
    if (w->granted == DATE_NONE || w->expires == DATE_NONE) {
        snprintf(why, why_len, "waiver %s: granted and expires must be dates", w->id);
        return WAIVER_BAD_DATES;
    }
    if (w->expires < w->granted) {
        date_format(w->expires, a);
        date_format(w->granted, b);
        snprintf(why, why_len, "waiver %s expires on %s, before it was granted on %s", w->id, a,
                 b);
        return WAIVER_BAD_DATES;
    }
    if (blank(w->reason)) {
        snprintf(why, why_len, "waiver %s gives no reason", w->id);
        return WAIVER_NO_REASON;
    }
    if (hash_get(&ws->by_id, w->id) >= 0)
        return WAIVER_DUPLICATE;

    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 16;
        ws->w = xrealloc(ws->w, (size_t)ws->cap * sizeof *ws->w);
        ws->next = xrealloc(ws->next, (size_t)ws->cap * sizeof *ws->next);
    }
    long k = ws->n++;
    waiver_t *x = &ws->w[k];
    *x = *w;
    x->rule = rule;
    x->id = keep(ws, w->id);
    x->partner = keep(ws, w->partner);
    x->customer = keep(ws, w->customer);
    x->voucher = keep(ws, w->voucher);
    x->approved_by = keep(ws, w->approved_by ? w->approved_by : "");
    x->reason = keep(ws, w->reason);
    if (hash_put(&ws->by_id, x->id, (uint32_t)k) < 0)
        alloc_fail();
    if (x->voucher)
        chain(ws, &ws->by_voucher, x->voucher, k);
    else if (x->partner)
        chain(ws, &ws->by_partner, x->partner, k);
    else
        chain(ws, &ws->by_customer, x->customer, k);
    return WAIVER_KEPT;
}

static int same(const char *given, const char *actual)
{
    return !given || (actual && strcmp(given, actual) == 0);
}

int waiver_matches(const waiver_t *w, const finding_t *f)
{
    return w->rule == f->rule && same(w->partner, f->partner) && same(w->customer, f->customer) &&
           same(w->voucher, f->voucher);
}

int waiver_holds(const waiver_t *w, int as_of) { return w->granted <= as_of && as_of <= w->expires; }

void waivers_use_init(waiver_use_t *u, const waivers_t *ws)
{
    memset(u, 0, sizeof *u);
    u->flags = xcalloc((size_t)(ws->n ? ws->n : 1), 1);
}

void waivers_use_free(waiver_use_t *u)
{
    free(u->flags);
    memset(u, 0, sizeof *u);
}

/* Does holding waiver a win over b: it expires later, or on the same day with a lower id. */
static int better(const waiver_t *a, const waiver_t *b)
{
    return a->expires != b->expires ? a->expires > b->expires : strcmp(a->id, b->id) < 0;
}

void waivers_apply(const waivers_t *ws, int as_of, const finding_t *f, long n,
                   int32_t *waived_by, waiver_use_t *u)
{
    for (long i = 0; i < n; i++) {
        waived_by[i] = -1;
        if (!ws->n || !waiver_rule_waivable(f[i].rule))
            continue;
        /* every waiver that can match f[i] is in one of these three chains */
        long heads[3] = {f[i].voucher ? hash_get(&ws->by_voucher, f[i].voucher) : -1,
                         f[i].partner ? hash_get(&ws->by_partner, f[i].partner) : -1,
                         f[i].customer ? hash_get(&ws->by_customer, f[i].customer) : -1};
        long best = -1;
        int expired = 0;
        for (int h = 0; h < 3; h++)
            for (long k = heads[h]; k >= 0; k = ws->next[k]) {
                const waiver_t *w = &ws->w[k];
                if (w->granted > as_of || !waiver_matches(w, &f[i]))
                    continue;
                if (w->expires < as_of) {
                    expired = 1;
                    continue;
                }
                u->flags[k] |= WU_MATCHED;
                if (best < 0 || better(w, &ws->w[best]))
                    best = k;
            }
        waived_by[i] = (int32_t)best;
        if (best >= 0) {
            if (rule_info[f[i].rule].severity == SEV_ERROR)
                u->errors++;
            else
                u->warnings++;
        } else if (expired) {
            for (int h = 0; h < 3; h++)
                for (long k = heads[h]; k >= 0; k = ws->next[k]) {
                    const waiver_t *w = &ws->w[k];
                    if (w->granted <= as_of && w->expires < as_of && waiver_matches(w, &f[i]))
                        u->flags[k] |= WU_EXPIRED_OPEN;
                }
        }
    }
}

int waiver_raises(const waivers_t *ws, const waiver_use_t *u, long k, int as_of, int *date)
{
    const waiver_t *w = &ws->w[k];
    if (waiver_holds(w, as_of) && !(u->flags[k] & WU_MATCHED)) {
        *date = as_of;
        return R_WAIVER_UNUSED;
    }
    if (w->granted <= as_of && w->expires < as_of && (u->flags[k] & WU_EXPIRED_OPEN)) {
        *date = w->expires + 1;
        return R_WAIVER_EXPIRED;
    }
    return -1;
}

void waiver_scope(const waiver_t *w, const model_t *m, int8_t *region, int32_t *partner_ix)
{
    long p = w->partner ? hash_get(&m->partner_ix, w->partner) : -1;
    long c = w->customer ? hash_get(&m->customer_ix, w->customer) : -1;
    long v = w->voucher ? hash_get(&m->voucher_ix, w->voucher) : -1;
    *partner_ix = (int32_t)p;
    if (p >= 0)
        *region = m->partners[p].region;
    else if (c >= 0)
        *region = m->customers[c].region;
    else if (v >= 0 && voucher_partner_ix(&m->vouchers[v]) >= 0)
        *region = m->partners[voucher_partner_ix(&m->vouchers[v])].region;
    else if (v >= 0 && voucher_customer_ix(&m->vouchers[v]) >= 0)
        *region = m->customers[voucher_customer_ix(&m->vouchers[v])].region;
    else
        *region = REGION_NONE;
}
