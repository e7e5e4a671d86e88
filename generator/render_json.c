/* render_json.c - findings.json: the complete, machine-readable result of a run. */
#include "render_json.h"

#include "baseline.h"
#include "trend.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/output.h"
#include "waiver.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A write buffer: findings.json of a million vouchers is ~300 MB, so the writer
 * appends spans with memcpy instead of going through stdio a character at a time; and
 * the disk starts on each 8 MB written (out_write_behind), so the commit's fsync does
 * not wait for all of it.
 *
 * With jobs > 1 the writes are a second thread's: the writer fills one half of buf while
 * the thread writes the other to the stream, so formatting and the kernel's copy into
 * the page cache overlap (a million vouchers, -j 2, findings.json alone: 0.94 times the
 * wall time, side by side). The stream is the thread's from jw_new to jw_end. */
#define JW_HALF (1 << 18)

struct json_writer {
    FILE *out;        /* NULL: the bytes go to mem (a block formatter's writer) */
    strbuf_t *mem;
    size_t len;       /* bytes in the half being filled */
    int cur;          /* that half */
    long long behind; /* out_write_behind's mark */
    int threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t pending;   /* bytes of the other half the thread is to write; 0: none */
    int done;         /* no more halves: the thread ends */
    int error;        /* errno of the first failed write (it is per thread) */
    char buf[2][JW_HALF];
};

static void write_half(jw_t *w, const char *data, size_t n)
{
    if (w->mem) {
        sb_put(w->mem, data, n);
        return;
    }
    errno = 0;
    if (fwrite(data, 1, n, w->out) != n && !w->error)
        w->error = errno ? errno : EIO;
    out_write_behind(w->out, &w->behind);
}

static void *writer_main(void *arg)
{
    jw_t *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->pending && !w->done)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!w->pending)
            break;
        size_t n = w->pending;
        const char *data = w->buf[!w->cur];
        pthread_mutex_unlock(&w->mu);
        write_half(w, data, n);
        pthread_mutex_lock(&w->mu);
        w->pending = 0;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Hands the filled half over (to the thread, or writes it here) and starts the other. */
static void jw_flush(jw_t *w)
{
    if (!w->len)
        return;
    if (!w->threaded) {
        write_half(w, w->buf[w->cur], w->len);
        w->len = 0;
        return;
    }
    pthread_mutex_lock(&w->mu);
    while (w->pending) /* the other half is still being written */
        pthread_cond_wait(&w->cv, &w->mu);
    w->pending = w->len;
    w->cur = !w->cur;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    w->len = 0;
}

static void jw_put(jw_t *w, const char *s, size_t n)
{
    while (n) {
        size_t take = JW_HALF - w->len < n ? JW_HALF - w->len : n;
        memcpy(w->buf[w->cur] + w->len, s, take);
        w->len += take;
        s += take;
        n -= take;
        if (w->len == JW_HALF)
            jw_flush(w);
    }
}

void jw_puts(jw_t *w, const char *s) { jw_put(w, s, strlen(s)); }

static void jw_long(jw_t *w, long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    jw_put(w, tmp, (size_t)n);
}

static void jw_string(jw_t *w, const char *s)
{
    if (!s) {
        jw_put(w, "null", 4);
        return;
    }
    jw_put(w, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        jw_put(w, run, (size_t)((const char *)p - run));
        char esc[8];
        switch (*p) {
        case '"': jw_put(w, "\\\"", 2); break;
        case '\\': jw_put(w, "\\\\", 2); break;
        case '\n': jw_put(w, "\\n", 2); break;
        case '\r': jw_put(w, "\\r", 2); break;
        case '\t': jw_put(w, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            jw_put(w, esc, 6);
        }
        run = (const char *)p + 1;
    }
    jw_put(w, run, strlen(run));
    jw_put(w, "\"", 1);
}

jw_t *jw_new(FILE *out, int jobs)
{
    jw_t *w = xmalloc(sizeof *w);
    w->out = out;
    w->mem = NULL;
    w->len = 0;
    w->cur = 0;
    w->behind = 0;
    w->pending = 0;
    w->done = 0;
    w->error = 0;
    w->threaded = 0;
    if (jobs > 1 && pthread_mutex_init(&w->mu, NULL) == 0) {
        if (pthread_cond_init(&w->cv, NULL) == 0) {
            w->threaded = pthread_create(&w->thread, NULL, writer_main, w) == 0;
            if (!w->threaded)
                pthread_cond_destroy(&w->cv);
        }
        if (!w->threaded) /* no thread: the writes are this one's, as with jobs 1 */
            pthread_mutex_destroy(&w->mu);
    }
    return w;
}

int jw_end(jw_t *w)
{
    jw_flush(w);
    if (w->threaded) {
        pthread_mutex_lock(&w->mu);
        w->done = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL); /* it writes the last half first */
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
    }
    int bad = w->out && ferror(w->out), error = w->error;
    free(w);
    if (error) /* for the caller's message: the write's errno, not this thread's */
        errno = error;
    return bad ? -1 : 0;
}

/* A key (with its separator) and a string value. */
static void jw_kstr(jw_t *w, const char *key, const char *value)
{
    jw_puts(w, key);
    jw_string(w, value);
}

static void jw_date(jw_t *w, int d)
{
    if (d == DATE_NONE) {
        jw_put(w, "null", 4);
        return;
    }
    char buf[13];
    buf[0] = '"';
    date_format(d, buf + 1);
    buf[11] = '"';
    jw_put(w, buf, 12);
}

void jw_finding(jw_t *w, const run_t *r, const finding_t *f, const char *br, strbuf_t *sb)
{
    const rule_info_t *ri = &rule_info[f->rule];
    jw_puts(w, "{\"rule\": \"");
    jw_puts(w, ri->name);
    jw_puts(w, "\", \"severity\": \"");
    jw_puts(w, severity_names[ri->severity]);
    jw_puts(w, "\"");
    jw_puts(w, br);
    jw_kstr(w, "\"partner\": ", f->partner);
    jw_kstr(w, ", \"customer\": ", f->customer);
    jw_kstr(w, ", \"voucher\": ", f->voucher);
    jw_puts(w, br);
    jw_puts(w, "\"date\": ");
    jw_date(w, f->date);
    jw_kstr(w, ", \"file\": ", f->file >= 0 ? r->m->files[f->file].path : NULL);
    jw_puts(w, ", \"line\": ");
    if (f->file >= 0 && f->line > 0)
        jw_long(w, (long)f->line);
    else
        jw_puts(w, "null");
    jw_puts(w, br);
    jw_puts(w, "\"message\": ");
    sb_reset(sb);
    msg_format_iso(r->cat, r->m, r->p, r->e, f, "message", sb);
    jw_string(w, sb_str(sb));
    jw_puts(w, br);
    jw_puts(w, "\"remedy\": ");
    sb_reset(sb);
    msg_format_iso(r->cat, r->m, r->p, r->e, f, "remedy", sb);
    jw_string(w, sb_str(sb));
    jw_puts(w, ", \"step\": ");
    jw_long(w, ri->step);
    jw_puts(w, br);
    jw_puts(w, "\"waiver\": "); /* rules.md "Waivers" */
    if (f->waiver >= 0) {
        const waiver_t *wv = &r->m->waivers->w[f->waiver];
        jw_kstr(w, "{\"id\": ", wv->id);
        jw_kstr(w, ", \"reason\": ", wv->reason);
        jw_kstr(w, ", \"approved_by\": ", wv->approved_by);
        jw_puts(w, ", \"expires\": ");
        jw_date(w, wv->expires);
        jw_puts(w, "}");
    } else
        jw_puts(w, "null");
    jw_puts(w, ", \"change\": "); /* against --baseline; null without one */
    jw_puts(w, f->change == CHANGE_NEW         ? "\"new\"}"
               : f->change == CHANGE_UNCHANGED ? "\"unchanged\"}"
                                               : "null}");
}

/* The run's inputs and, with --baseline, the baseline it was compared with. */
static void json_inputs(jw_t *w, const run_t *r)
{
    const model_t *m = r->m;
    jw_puts(w, ",\n  \"inputs\": [");
    for (int i = 0; i < m->n_files; i++) {
        const input_file_t *f = &m->files[i];
        jw_puts(w, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        jw_string(w, f->path);
        jw_puts(w, ", \"kind\": \"");
        jw_puts(w, file_kind_names[f->kind]);
        jw_puts(w, "\", \"records\": ");
        jw_long(w, f->records);
        jw_puts(w, ", \"rejected\": ");
        jw_long(w, f->rejected);
        jw_puts(w, "}");
    }
    jw_puts(w, m->n_files ? "\n  ],\n" : "],\n");
    if (r->base) {
        jw_puts(w, "  \"baseline\": {\"path\": ");
        jw_string(w, r->base->path);
        jw_puts(w, ", \"as_of\": ");
        jw_date(w, r->base->as_of);
        jw_puts(w, ", \"inputs\": ");
        char *inputs = baseline_inputs_json(r->base);
        jw_puts(w, inputs);
        free(inputs);
        jw_puts(w, "},\n");
    }
}

static void json_summary(jw_t *w, const run_t *r)
{
    jw_puts(w, "  \"summary\": {\"partners\": ");
    jw_long(w, r->m->n_partners);
    jw_puts(w, ", \"customers\": ");
    jw_long(w, r->m->n_customers);
    jw_puts(w, ", \"vouchers\": ");
    jw_long(w, r->e->n_exist);
    jw_puts(w, ", \"errors\": ");
    jw_long(w, r->e->errors);
    jw_puts(w, ", \"warnings\": ");
    jw_long(w, r->e->warnings);
    jw_puts(w, "},\n");
}

/* Vouchers from..to (of the existing ones, in ID order) with their status and open
 * deadline, each after its separator. */
static void voucher_range(jw_t *w, const run_t *r, long from, long to)
{
    const model_t *m = r->m;
    const eval_t *e = r->e;
    for (long k = from; k < to; k++) {
        long i = e->order[k];
        const voucher_t *v = &m->vouchers[i];
        const veval_t *x = &e->v[i];
        jw_puts(w, k ? ",\n    {\"id\": " : "\n    {\"id\": ");
        jw_string(w, v->id);
        jw_kstr(w, ", \"partner\": ", v->partner);
        jw_kstr(w, ", \"customer\": ", v->customer);
        jw_kstr(w, ", \"region\": ", x->region >= 0 ? region_names[x->region] : NULL);
        jw_kstr(w, ", \"offering\": ", v->offering);
        jw_kstr(w, ", \"engagement\": ", v->engagement);
        jw_puts(w, ", \"days\": ");
        jw_long(w, v->days);
        jw_puts(w, ", \"status\": \"");
        jw_puts(w, status_names[x->status]);
        jw_puts(w, "\", \"expires\": ");
        jw_date(w, x->expires);
        jw_puts(w, ", \"deadline\": ");
        jw_date(w, x->deadline);
        jw_kstr(w, ", \"deadline_kind\": ", deadline_kind_names[x->kind]);
        jw_puts(w, ", \"days_remaining\": ");
        if (x->kind == DL_NONE)
            jw_puts(w, "null}");
        else {
            jw_long(w, x->deadline - e->as_of);
            jw_puts(w, "}");
        }
    }
}

/* Findings from..to, each after its separator. */
static void finding_range(jw_t *w, const run_t *r, long from, long to)
{
    strbuf_t sb = {0};
    for (long k = from; k < to; k++) {
        jw_puts(w, k ? ",\n    " : "\n    ");
        jw_finding(w, r, &r->e->f[k], ",\n     ", &sb);
    }
    sb_free(&sb);
}

/* With jobs > 1 the two long lists are formatted on two threads, a block at a time:
 * this thread formats block 0, 2, 4 ... into the stream while the helper formats the
 * next odd block into memory, which this thread then copies in, so the bytes are in
 * order and at most one block (BLOCK items, about 1 to 3 MB) waits in memory.
 * Formatting was 0.56 of the 0.64 s findings.json took at 1M vouchers, -j2. */
#define BLOCK 8192L /* PSREPORT_JSON_BLOCK sets it (the tests make it small) */
static long block_items(void)
{
    const char *e = getenv("PSREPORT_JSON_BLOCK");
    long n = e ? atol(e) : 0;
    return n > 0 ? n : BLOCK;
}

typedef void range_fn(jw_t *w, const run_t *r, long from, long to);
typedef struct {
    const run_t *r;
    range_fn *fn;
    long from, to;
    long block; /* items a block */
    int state;  /* IDLE: waits for a block; GIVEN: formats it; DONE: its bytes in mem; QUIT */
    jw_t *w;   /* the helper's writer: its bytes go to mem */
    strbuf_t mem;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} helper_t;
enum { IDLE, GIVEN, DONE, QUIT };

static void *helper_main(void *arg)
{
    helper_t *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (h->state == IDLE || h->state == DONE)
            pthread_cond_wait(&h->cv, &h->mu);
        if (h->state == QUIT)
            break;
        pthread_mutex_unlock(&h->mu);
        h->fn(h->w, h->r, h->from, h->to);
        jw_flush(h->w);
        pthread_mutex_lock(&h->mu);
        h->state = DONE;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

static void helper_set(helper_t *h, int state)
{
    pthread_mutex_lock(&h->mu);
    h->state = state;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* Items 0..n of fn's list into w: on this thread alone, or with the helper h. */
static void format_list(jw_t *w, const run_t *r, long n, range_fn *fn, helper_t *h)
{
    long size = h ? h->block : n;
    if (!h || n <= size) {
        fn(w, r, 0, n);
        return;
    }
    h->fn = fn;
    for (long b = 0; b * size < n; b += 2) {
        long odd = (b + 1) * size;
        if (odd < n) { /* the next odd block, for the helper */
            h->from = odd;
            h->to = odd + size < n ? odd + size : n;
            helper_set(h, GIVEN);
        }
        fn(w, r, b * size, odd < n ? odd : n);
        if (odd < n) {
            pthread_mutex_lock(&h->mu);
            while (h->state != DONE)
                pthread_cond_wait(&h->cv, &h->mu);
            pthread_mutex_unlock(&h->mu);
            jw_put(w, h->mem.s, h->mem.len);
            sb_reset(&h->mem);
        }
    }
}

/* The helper thread, when jobs > 1, a list is longer than a block and a thread starts;
 * NULL otherwise. */
static helper_t *helper_new(const run_t *r, int jobs)
{
    long block = block_items();
    if (jobs < 2 || (r->e->n_exist <= block && r->e->n_f <= block))
        return NULL;
    helper_t *h = xcalloc(1, sizeof *h);
    h->r = r;
    h->block = block;
    h->w = jw_new(NULL, 1);
    h->w->mem = &h->mem;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        jw_end(h->w);
        free(h);
        return NULL;
    }
    return h;
}

static void helper_free(helper_t *h)
{
    if (!h)
        return;
    helper_set(h, QUIT);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    jw_end(h->w);
    sb_free(&h->mem);
    free(h);
}

/* Every existing voucher in ID order with its status and open deadline. */
static void json_vouchers(jw_t *w, const run_t *r, helper_t *h)
{
    jw_puts(w, "  \"vouchers\": [");
    format_list(w, r, r->e->n_exist, voucher_range, h);
    jw_puts(w, r->e->n_exist ? "\n  ],\n" : "],\n");
}

/* The programme's 13 month-end points (trend.c). */
static void json_trend(jw_t *w, const run_t *r)
{
    if (!r->trend)
        return;
    jw_puts(w, "  \"trend\": [");
    for (int k = 0; k < TREND_POINTS; k++) {
        const trend_point_t *pt = &r->trend->program[k];
        jw_puts(w, k ? ",\n    {\"date\": " : "\n    {\"date\": ");
        jw_date(w, pt->date);
        jw_puts(w, ", \"open_vouchers\": ");
        jw_long(w, pt->open_vouchers);
        jw_puts(w, ", \"open_days\": ");
        jw_long(w, pt->open_days);
        jw_puts(w, ", \"errors\": ");
        jw_long(w, pt->errors);
        jw_puts(w, ", \"warnings\": ");
        jw_long(w, pt->warnings);
        jw_puts(w, "}");
    }
    jw_puts(w, "\n  ],\n");
}

/* With --baseline: the baseline's findings whose key is gone, as it wrote them. */
static void json_resolved(jw_t *w, const run_t *r)
{
    if (!r->base)
        return;
    jw_puts(w, ",\n  \"resolved\": [");
    long n = 0;
    for (long i = 0; i < r->base->n; i++) {
        if (!baseline_resolved(r->base, i))
            continue;
        jw_puts(w, n++ ? ",\n    " : "\n    ");
        char *j = baseline_finding_json(r->base, i);
        jw_puts(w, j);
        free(j);
    }
    jw_puts(w, n ? "\n  ]" : "]");
}

int render_json(const run_t *r, FILE *out)
{
    const eval_t *e = r->e;
    jw_t *w = jw_new(out, r->jobs);
    jw_puts(w, "{\n  \"tool\": {\"name\": \"psreport\", \"version\": \"" PSREPORT_VERSION "\"},\n");
    jw_kstr(w, "  \"program\": ", r->p->id);
    jw_puts(w, ",\n  \"as_of\": ");
    jw_date(w, e->as_of);
    json_inputs(w, r);
    json_summary(w, r);
    helper_t *h = helper_new(r, r->jobs);
    json_vouchers(w, r, h);
    json_trend(w, r);
    jw_puts(w, "  \"findings\": [");
    format_list(w, r, e->n_f, finding_range, h);
    helper_free(h);
    jw_puts(w, e->n_f ? "\n  ]" : "]");
    json_resolved(w, r);
    jw_puts(w, "\n}\n");
    return jw_end(w);
}
