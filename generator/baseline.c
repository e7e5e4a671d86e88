/* baseline.c - reading an earlier findings.json with jansson, and matching keys. */
#include "baseline.h"

#include "util/alloc.h"
#include "util/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string member, or NULL for null/absent; *bad set when it is something else. */
static const char *opt_str(const json_t *o, const char *name, int *bad)
{
    const json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

static int opt_date(const json_t *o, const char *name, int *bad)
{
    const char *s = opt_str(o, name, bad);
    if (!s)
        return DATE_NONE;
    int d = date_parse(s, strlen(s));
    if (d == DATE_NONE)
        *bad = 1;
    return d;
}

void baseline_key(strbuf_t *key, const char *rule, const char *partner, const char *customer,
                  const char *voucher, int date)
{
    /* each field length-prefixed, null as "-": no ID, however odd, makes two keys equal */
    const char *fields[4] = {rule, partner, customer, voucher};
    sb_reset(key);
    for (int k = 0; k < 4; k++) {
        if (fields[k])
            sb_printf(key, "%zu:%s", strlen(fields[k]), fields[k]);
        else
            sb_putc(key, '-');
    }
    if (!voucher && date != DATE_NONE)
        sb_printf(key, "@%d", date);
    if (key->oom)
        alloc_fail();
}

static int fail(char *err, size_t len, const char *path, const char *why)
{
    snprintf(err, len, "%s: %s", path, why);
    return -1;
}

int baseline_load(baseline_t *b, const char *path, const char *program, int as_of, char *err,
                  size_t err_len)
{
    char why[512], d1[11], d2[11];
    memset(b, 0, sizeof *b);
    b->path = xstrdup(path);
    json_error_t je;
    b->root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!b->root) {
        if (je.line > 0)
            snprintf(why, sizeof why, "not valid JSON (line %d: %s)", je.line, je.text);
        else
            snprintf(why, sizeof why, "cannot be read as JSON (%s)", je.text);
        return fail(err, err_len, path, why);
    }
    const json_t *root = b->root, *tool = json_object_get(root, "tool");
    const json_t *findings = json_object_get(root, "findings");
    const char *name = tool ? json_string_value(json_object_get(tool, "name")) : NULL;
    const char *prog = json_string_value(json_object_get(root, "program"));
    const char *as = json_string_value(json_object_get(root, "as_of"));
    if (!json_is_object(root) || !name || strcmp(name, "psreport") != 0 || !prog || !as ||
        !json_is_array(findings))
        return fail(err, err_len, path, "not a findings.json written by psreport");
    b->as_of = date_parse(as, strlen(as));
    if (b->as_of == DATE_NONE)
        return fail(err, err_len, path, "not a findings.json written by psreport (bad as_of)");
    if (strcmp(prog, program) != 0) {
        snprintf(why, sizeof why, "a baseline of programme \"%s\", not of \"%s\"", prog, program);
        return fail(err, err_len, path, why);
    }
    if (b->as_of > as_of) {
        date_format(b->as_of, d1);
        date_format(as_of, d2);
        snprintf(why, sizeof why, "the baseline is as of %s, later than this run's as-of %s", d1,
                 d2);
        return fail(err, err_len, path, why);
    }
    b->inputs = json_object_get(root, "inputs");

    size_t n = json_array_size(findings);
    b->f = xcalloc(n ? n : 1, sizeof *b->f);
    strbuf_t key = {0};
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(findings, i);
        base_finding_t *x = &b->f[i];
        int bad = !json_is_object(o);
        x->obj = o;
        x->rule = opt_str(o, "rule", &bad);
        x->partner = opt_str(o, "partner", &bad);
        x->customer = opt_str(o, "customer", &bad);
        x->voucher = opt_str(o, "voucher", &bad);
        x->date = opt_date(o, "date", &bad);
        x->message = opt_str(o, "message", &bad);
        const char *sev = opt_str(o, "severity", &bad);
        x->error = sev && strcmp(sev, "error") == 0;
        const json_t *wv = json_object_get(o, "waiver");
        x->waived = wv && !json_is_null(wv);
        if (bad || !x->rule) {
            sb_free(&key);
            snprintf(why, sizeof why, "not a findings.json written by psreport (finding %zu)",
                     i + 1);
            return fail(err, err_len, path, why);
        }
        baseline_key(&key, x->rule, x->partner, x->customer, x->voucher, x->date);
        char *k = arena_strndup(&b->arena, key.s, key.len);
        ALLOC_CHECK(k);
        if (hash_put(&b->key_ix, k, (uint32_t)i) < 0)
            alloc_fail();
    }
    b->n = (long)n;
    sb_free(&key);
    return 0;
}

void baseline_free(baseline_t *b)
{
    free(b->path);
    json_decref(b->root);
    free(b->f);
    hash_free(&b->key_ix);
    arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}

int baseline_match(baseline_t *b, strbuf_t *key, const char *rule, const char *partner,
                   const char *customer, const char *voucher, int date)
{
    baseline_key(key, rule, partner, customer, voucher, date);
    long i = hash_get(&b->key_ix, key->s);
    if (i < 0)
        return 0;
    b->f[i].seen = 1;
    return 1;
}

void baseline_mark(baseline_t *b, eval_t *e, const model_t *m)
{
    for (long i = 0; i < b->n; i++) {
        base_finding_t *x = &b->f[i];
        long v = x->voucher ? hash_get(&m->voucher_ix, x->voucher) : -1;
        long p = x->partner ? hash_get(&m->partner_ix, x->partner) : -1;
        long c = x->customer ? hash_get(&m->customer_ix, x->customer) : -1;
        int32_t vp = v >= 0 ? voucher_partner_ix(&m->vouchers[v]) : -1;
        x->partner_ix = vp >= 0                                             ? vp
                        : x->rule && strcmp(x->rule, "waiver-unused") == 0 ? -1
                                                                            : (int32_t)p;
        x->region = p >= 0 ? m->partners[p].region : c >= 0 ? m->customers[c].region : -1;
    }
    strbuf_t key = {0};
    for (long k = 0; k < e->n_f; k++) {
        finding_t *f = &e->f[k];
        f->change = baseline_match(b, &key, rule_info[f->rule].name, f->partner, f->customer,
                                   f->voucher, f->date)
                        ? CHANGE_UNCHANGED
                        : CHANGE_NEW;
    }
    sb_free(&key);
}

int baseline_resolved(const baseline_t *b, long i)
{
    strbuf_t key = {0};
    const base_finding_t *x = &b->f[i];
    baseline_key(&key, x->rule, x->partner, x->customer, x->voucher, x->date);
    long first = hash_get(&b->key_ix, key.s);
    sb_free(&key);
    return first < 0 || !b->f[first].seen;
}

static char *dump(json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    return ALLOC_CHECK(s); /* ALLOC_CHECK evaluates its argument twice */
}

char *baseline_finding_json(const baseline_t *b, long i)
{
    json_t *copy = json_copy((json_t *)b->f[i].obj);
    json_t *resolved = json_string("resolved");
    if (!ALLOC_CHECK(copy) || !ALLOC_CHECK(resolved) ||
        json_object_set_new(copy, "change", resolved) < 0)
        alloc_fail();
    char *s = dump(copy);
    json_decref(copy);
    return s;
}

char *baseline_inputs_json(const baseline_t *b)
{
    json_t *none = json_array();
    ALLOC_CHECK(none);
    char *s = dump(b->inputs ? (json_t *)b->inputs : none);
    json_decref(none);
    return s;
}
