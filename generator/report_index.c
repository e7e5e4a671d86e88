/* report_index.c - which vouchers, findings and partners each scope sees, and where
 * each report's file goes in the output tree.
 *
 * The run is grouped once, by partner and by region (a counting sort per grouping), and
 * every scope is then a slice of one grouping: report.c builds a model from a slice and
 * never looks beyond it, which is how a partner's report holds only its own data.
 */
#define _GNU_SOURCE /* qsort_r */
#include "report.h"

#include "baseline.h"
#include "util/alloc.h"
#include "util/output.h"

#include <stdlib.h>
#include <string.h>

struct report_index {
    const run_t *r;
    /* vouchers (existing, in ID order) and findings grouped by partner and by region:
     * group g holds items[start[g] .. start[g+1]) */
    idx_t *v_by_partner, *v_start_partner;
    idx_t *f_by_partner, *f_start_partner;
    idx_t *v_by_region, *v_start_region;
    idx_t *f_by_region, *f_start_region;
    idx_t *p_by_region, *p_start_region; /* partners per region, in ID order */
    idx_t *partner_order;                /* all partners in ID order */
    idx_t *self;                         /* self[p] = p: a one-partner list */
    idx_t *all_f;                        /* every finding not waived: the programme's list */
    long n_all_f;
    idx_t *w_by_partner, *w_start_partner; /* waived findings (f_by_* hold the others) */
    idx_t *w_by_region, *w_start_region;
    idx_t *all_w;                          /* every waived finding */
    long n_all_w;
    idx_t *b_by_partner, *b_start_partner; /* baseline findings, by the current model */
    idx_t *b_by_region, *b_start_region;
    uint8_t *b_resolved;                  /* per baseline finding */
    char **partner_file;
    long n_partners;
};

/* Counting sort of n items into groups by key (key -1: no group). */
static void group(long n, long n_groups, long (*key)(const run_t *, long), const run_t *r,
                  const idx_t *items, idx_t **out, idx_t **start)
{
    *start = xcalloc((size_t)n_groups + 2, sizeof **start);
    *out = xmalloc((size_t)(n ? n : 1) * sizeof **out);
    for (long k = 0; k < n; k++) {
        long g = key(r, items ? items[k] : k);
        if (g >= 0)
            (*start)[g + 1]++;
    }
    for (long g = 0; g < n_groups; g++)
        (*start)[g + 1] += (*start)[g];
    long *fill = xcalloc((size_t)n_groups + 1, sizeof *fill);
    for (long k = 0; k < n; k++) {
        long item = items ? items[k] : k;
        long g = key(r, item);
        if (g >= 0)
            (*out)[(*start)[g] + fill[g]++] = (idx_t)item;
    }
    free(fill);
}

static long v_partner(const run_t *r, long i) { return voucher_partner_ix(&r->m->vouchers[i]); }
static long v_region(const run_t *r, long i) { return r->e->v[i].region; }
/* A waived finding counts nowhere: it is grouped apart (w_*), shown in its own list. */
static long f_partner(const run_t *r, long i)
{
    return r->e->f[i].waiver >= 0 ? -1 : r->e->f[i].partner_ix;
}
static long f_region(const run_t *r, long i)
{
    return r->e->f[i].waiver >= 0 ? -1 : r->e->f[i].region;
}
static long w_partner(const run_t *r, long i)
{
    return r->e->f[i].waiver < 0 ? -1 : r->e->f[i].partner_ix;
}
static long w_region(const run_t *r, long i)
{
    return r->e->f[i].waiver < 0 ? -1 : r->e->f[i].region;
}
/* A baseline finding's partner and region in the current model (baseline_mark). */
static long b_partner(const run_t *r, long i) { return r->base->f[i].partner_ix; }
static long b_region(const run_t *r, long i) { return r->base->f[i].region; }
static long p_region(const run_t *r, long i) { return r->m->partners[i].region; }

static int by_partner_id(const void *a, const void *b, void *run)
{
    const run_t *r = run;
    return strcmp(r->m->partners[*(const idx_t *)a].id, r->m->partners[*(const idx_t *)b].id);
}

/* Unique file names, in ID order: the first keeps the plain name, the next get ~2, ~3. */
static void name_files(report_index_t *ix, const model_t *m)
{
    hash_t used = {0};
    for (long k = 0; k < m->n_partners; k++) {
        long p = ix->partner_order[k];
        char base[300], name[320];
        out_safe_name(m->partners[p].id, base, sizeof base);
        snprintf(name, sizeof name, "%s", base);
        for (int n = 2; hash_get(&used, name) >= 0; n++)
            snprintf(name, sizeof name, "%s~%d", base, n);
        ix->partner_file[p] = xstrdup(name);
        if (hash_put(&used, ix->partner_file[p], 0) < 0)
            alloc_fail();
    }
    hash_free(&used);
}

report_index_t *report_index_new(const run_t *r)
{
    report_index_t *ix = xcalloc(1, sizeof *ix);
    const model_t *m = r->m;
    size_t np = (size_t)(m->n_partners ? m->n_partners : 1);
    ix->r = r;
    ix->n_partners = m->n_partners;
    ix->partner_order = xmalloc(np * sizeof *ix->partner_order);
    ix->self = xmalloc(np * sizeof *ix->self);
    ix->partner_file = xcalloc(np, sizeof(char *));
    for (long p = 0; p < m->n_partners; p++)
        ix->partner_order[p] = ix->self[p] = (idx_t)p;
    qsort_r(ix->partner_order, (size_t)m->n_partners, sizeof *ix->partner_order, by_partner_id, (void *)r);
    ix->all_f = xmalloc((size_t)(r->e->n_f ? r->e->n_f : 1) * sizeof *ix->all_f);
    ix->all_w = xmalloc((size_t)(r->e->waived ? r->e->waived : 1) * sizeof *ix->all_w);
    for (long k = 0; k < r->e->n_f; k++) {
        if (r->e->f[k].waiver >= 0)
            ix->all_w[ix->n_all_w++] = (idx_t)k;
        else
            ix->all_f[ix->n_all_f++] = (idx_t)k;
    }
    group(r->e->n_f, m->n_partners, w_partner, r, NULL, &ix->w_by_partner, &ix->w_start_partner);
    group(r->e->n_f, REGION_COUNT, w_region, r, NULL, &ix->w_by_region, &ix->w_start_region);
    if (r->base) {
        group(r->base->n, m->n_partners, b_partner, r, NULL, &ix->b_by_partner,
              &ix->b_start_partner);
        group(r->base->n, REGION_COUNT, b_region, r, NULL, &ix->b_by_region, &ix->b_start_region);
        ix->b_resolved = xcalloc((size_t)(r->base->n ? r->base->n : 1), 1);
        for (long k = 0; k < r->base->n; k++)
            ix->b_resolved[k] = (uint8_t)baseline_resolved(r->base, k);
    }
    group(r->e->n_exist, m->n_partners, v_partner, r, r->e->order, &ix->v_by_partner,
          &ix->v_start_partner);
    group(r->e->n_exist, REGION_COUNT, v_region, r, r->e->order, &ix->v_by_region,
          &ix->v_start_region);
    group(r->e->n_f, m->n_partners, f_partner, r, NULL, &ix->f_by_partner, &ix->f_start_partner);
    group(r->e->n_f, REGION_COUNT, f_region, r, NULL, &ix->f_by_region, &ix->f_start_region);
    group(m->n_partners, REGION_COUNT, p_region, r, ix->partner_order, &ix->p_by_region,
          &ix->p_start_region);
    name_files(ix, m);
    return ix;
}

void report_index_free(report_index_t *ix)
{
    if (!ix)
        return;
    for (long p = 0; p < ix->n_partners; p++)
        free(ix->partner_file[p]);
    free(ix->partner_file);
    free(ix->partner_order);
    free(ix->self);
    free(ix->all_f);
    free(ix->all_w);
    free(ix->w_by_partner);
    free(ix->w_start_partner);
    free(ix->w_by_region);
    free(ix->w_start_region);
    free(ix->b_by_partner);
    free(ix->b_start_partner);
    free(ix->b_by_region);
    free(ix->b_start_region);
    free(ix->b_resolved);
    free(ix->v_by_partner);
    free(ix->v_start_partner);
    free(ix->f_by_partner);
    free(ix->f_start_partner);
    free(ix->v_by_region);
    free(ix->v_start_region);
    free(ix->f_by_region);
    free(ix->f_start_region);
    free(ix->p_by_region);
    free(ix->p_start_region);
    free(ix);
}

long report_partner_order(const report_index_t *ix, long k) { return ix->partner_order[k]; }

void report_scope_lists(const report_index_t *ix, scope_kind_t kind, long id, scope_lists_t *s)
{
    const eval_t *e = ix->r->e;
    const baseline_t *base = ix->r->base;
    s->b = NULL;
    s->nb = 0;
    if (kind == SC_PROGRAM) {
        s->v = e->order;
        s->nv = e->n_exist;
        s->f = ix->all_f;
        s->nf = ix->n_all_f;
        s->w = ix->all_w;
        s->nw = ix->n_all_w;
        s->nb = base ? base->n : 0;
        s->p = ix->partner_order;
        s->np = ix->n_partners;
    } else if (kind == SC_REGION) {
        s->v = ix->v_by_region + ix->v_start_region[id];
        s->nv = ix->v_start_region[id + 1] - ix->v_start_region[id];
        s->f = ix->f_by_region + ix->f_start_region[id];
        s->nf = ix->f_start_region[id + 1] - ix->f_start_region[id];
        s->p = ix->p_by_region + ix->p_start_region[id];
        s->np = ix->p_start_region[id + 1] - ix->p_start_region[id];
        s->w = ix->w_by_region + ix->w_start_region[id];
        s->nw = ix->w_start_region[id + 1] - ix->w_start_region[id];
        if (base) {
            s->b = ix->b_by_region + ix->b_start_region[id];
            s->nb = ix->b_start_region[id + 1] - ix->b_start_region[id];
        }
    } else {
        s->v = ix->v_by_partner + ix->v_start_partner[id];
        s->nv = ix->v_start_partner[id + 1] - ix->v_start_partner[id];
        s->f = ix->f_by_partner + ix->f_start_partner[id];
        s->nf = ix->f_start_partner[id + 1] - ix->f_start_partner[id];
        s->p = ix->self + id;
        s->np = 1;
        s->w = ix->w_by_partner + ix->w_start_partner[id];
        s->nw = ix->w_start_partner[id + 1] - ix->w_start_partner[id];
        if (base) {
            s->b = ix->b_by_partner + ix->b_start_partner[id];
            s->nb = ix->b_start_partner[id + 1] - ix->b_start_partner[id];
        }
    }
}

int report_resolved(const report_index_t *ix, long i) { return ix->b_resolved[i]; }

const char *report_dir(scope_kind_t kind)
{
    return kind == SC_REGION ? "regions" : kind == SC_PARTNER ? "partners" : NULL;
}

void report_path(const report_index_t *ix, scope_kind_t kind, long id, const char *ext,
                 char *buf, size_t size)
{
    if (kind == SC_PROGRAM)
        snprintf(buf, size, "program.%s", ext);
    else if (kind == SC_REGION)
        snprintf(buf, size, "%s/%s.%s", report_dir(kind), region_names[id], ext);
    else
        snprintf(buf, size, "%s/%s.%s", report_dir(kind), ix->partner_file[id], ext);
}
