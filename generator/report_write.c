/* report_write.c - the output tree of cli.md: which reports, where, by which worker.
 *
 * The list of page reports (programme, regions, partners) is fixed first; with -j N the
 * process forks N workers that take every N-th report (the model is shared
 * copy-on-write, libxml2 and libxslt are used after fork as pitfalls.md measured), so
 * the files are the same whatever N is. The machine-readable files and index.html are
 * written by the parent.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "report.h"

#include "render_html.h"
#include "render_pdf.h"
#include "util/date.h"
#include "util/output.h"
#include "util/progress.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The worker processes of this run, for report_stop_workers (async-signal-safe). */
#define MAX_WORKERS 256
static pid_t worker_pid[MAX_WORKERS];
static volatile sig_atomic_t n_workers;

void report_stop_workers(int sig)
{
    for (int i = 0; i < n_workers; i++)
        if (worker_pid[i] > 0)
            kill(worker_pid[i], sig);
}

/* Removes temporary files an earlier run left when it was killed (SIGKILL leaves no
 * chance to clean up): hidden names ".NAME.tmpPID" in the output tree. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char path[4096];
    while ((de = readdir(d))) {
        const char *t = de->d_name[0] == '.' ? strstr(de->d_name, ".tmp") : NULL;
        if (!t || !t[4] || strspn(t + 4, "0123456789") != strlen(t + 4))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
}

#define CAP_PROGRAM 1000 /* rows per long table on programme and region pages */
#define CAP_PARTNER 5000 /* a partner sees all its rows up to this */

typedef struct {
    scope_kind_t kind;
    long id;
    int mine;       /* rendered by this process (--shard); all jobs are listed in the index */
    char base[512]; /* path without extension, relative to outdir */
} job_t;


static void fail(FILE *err, const char *path, const char *what)
{
    fprintf(err, "%s: error: %s\n", path, what);
}

static int write_file(const char *path, const run_t *r, int (*fn)(const run_t *, FILE *),
                      FILE *err)
{
    outfile_t o;
    if (out_begin(&o, path) != 0) {
        fprintf(err, "%s: error: cannot write: %s\n", path, strerror(errno));
        return -1;
    }
    if (fn(r, o.f) != 0) {
        out_abort(&o);
        fail(err, path, "cannot write");
        return -1;
    }
    if (out_commit(&o) != 0) {
        fprintf(err, "%s: error: cannot write: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int save_xml(xmlDocPtr doc, const char *path, FILE *err)
{
    outfile_t o;
    if (out_begin(&o, path) != 0) {
        fprintf(err, "%s: error: cannot write: %s\n", path, strerror(errno));
        return -1;
    }
    fclose(o.f);
    o.f = NULL;
    if (xmlSaveFormatFileEnc(o.tmp, doc, "UTF-8", 1) < 0) {
        out_abort(&o);
        fail(err, path, "cannot write");
        return -1;
    }
    o.f = fopen(o.tmp, "rb"); /* out_commit closes and renames */
    if (!o.f || out_commit(&o) != 0) {
        out_abort(&o);
        fprintf(err, "%s: error: cannot write: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* One report: its model is built once, set as PDF, then as HTML (which adds the SVGs). */
static int render_job(const run_t *r, const report_index_t *ix, const report_opts_t *o,
                      html_t *html, const job_t *j, FILE *err)
{
    int rc = 0;
    char path[4096], msg[512];
    long cap = j->kind == SC_PARTNER ? CAP_PARTNER : CAP_PROGRAM;
    xmlDocPtr doc = report_build(r, ix, j->kind, j->id, cap);
    if (!doc) {
        fprintf(err, "%s/%s: error: out of memory building the report\n", o->outdir, j->base);
        return -1;
    }
    if (o->formats & FMT_PDF) {
        snprintf(path, sizeof path, "%s/%s.pdf", o->outdir, j->base);
        char tmp[4096];
        out_tmp_name(path, tmp, sizeof tmp);
        out_track(tmp);
        msg[0] = '\0';
        if (pdf_render(doc, tmp, path, o->fonts_dir, o->quiet ? NULL : err, msg, sizeof msg) != 0) {
            unlink(tmp);
            fail(err, path, msg[0] ? msg : "cannot write the PDF");
            rc = -1;
        } else if (rename(tmp, path) != 0) {
            unlink(tmp);
            fprintf(err, "%s: error: cannot write: %s\n", path, strerror(errno));
            rc = -1;
        }
        out_untrack(tmp);
    }
    if (html) {
        snprintf(path, sizeof path, "%s/%s.html", o->outdir, j->base);
        msg[0] = '\0';
        if (html_render(html, doc, path, msg, sizeof msg) != 0) {
            fail(err, path, msg[0] ? msg : "cannot write the HTML");
            rc = -1;
        }
    }
    xmlFreeDoc(doc);
    return rc;
}

/* Counts of one scope for index.html, computed from the groupings. */
static xmlDocPtr index_model(const run_t *r, const report_index_t *ix, const job_t *jobs,
                             long n, const report_opts_t *o)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"index", NULL);
    xmlDocSetRootElement(doc, root);
    char d[11];
    date_format(r->e->as_of, d);
    xmlNewProp(root, (const xmlChar *)"as-of", (const xmlChar *)d);
    xmlNewProp(root, (const xmlChar *)"program-name", (const xmlChar *)r->p->name);
    xmlNewProp(root, (const xmlChar *)"lang", (const xmlChar *)r->cat->lang);
    for (long k = 0; k < n; k++) {
        const job_t *j = &jobs[k];
        report_counts_t c;
        if (report_counts(r, ix, j->kind, j->id, &c) != 0)
            continue;
        xmlNodePtr e = xmlNewChild(root, NULL, (const xmlChar *)"report", NULL);
        static const char *kinds[] = {"program", "region", "partner"};
        static const char *title_keys[] = {"programme-report", "region-report", "partner-report"};
        xmlNewProp(e, (const xmlChar *)"kind", (const xmlChar *)kinds[j->kind]);
        char buf[600];
        if (o->formats & FMT_HTML) {
            snprintf(buf, sizeof buf, "%s.html", j->base);
            xmlNewProp(e, (const xmlChar *)"href", (const xmlChar *)buf);
        }
        if (o->formats & FMT_PDF) {
            snprintf(buf, sizeof buf, "%s.pdf", j->base);
            xmlNewProp(e, (const xmlChar *)"pdf", (const xmlChar *)buf);
        }
        const char *id = j->kind == SC_PROGRAM ? "program"
                         : j->kind == SC_REGION ? region_names[j->id] : r->m->partners[j->id].id;
        const char *name = j->kind == SC_PROGRAM ? r->p->name
                           : j->kind == SC_REGION ? region_names[j->id] : r->m->partners[j->id].name;
        strbuf_t t = {0};
        if (j->kind == SC_PARTNER)
            sb_printf(&t, "%s: %s (%s)", cat_label(r->cat, title_keys[j->kind]), name, id);
        else
            sb_printf(&t, "%s: %s", cat_label(r->cat, title_keys[j->kind]), name);
        xmlNewProp(e, (const xmlChar *)"title", (const xmlChar *)sb_str(&t));
        sb_free(&t);
        xmlNewProp(e, (const xmlChar *)"id", (const xmlChar *)id);
        xmlNewProp(e, (const xmlChar *)"name", (const xmlChar *)name);
        static const char *attrs[] = {"errors", "warnings", "vouchers", "open-days", "partners"};
        long vals[] = {c.errors, c.warnings, c.vouchers, c.open_days, c.partners};
        for (int a = 0; a < 5; a++) {
            snprintf(buf, sizeof buf, "%ld", vals[a]);
            xmlNewProp(e, (const xmlChar *)attrs[a], (const xmlChar *)buf);
        }
        if (j->kind == SC_PARTNER && r->m->partners[j->id].region >= 0)
            xmlNewProp(e, (const xmlChar *)"region",
                       (const xmlChar *)region_names[r->m->partners[j->id].region]);
    }
    /* the findings files this run writes, for index.html to link */
    static const struct { unsigned fmt; const char *file, *format; } ff[] = {
        {FMT_CSV, "findings.csv", "CSV"}, {FMT_JSON, "findings.json", "JSON"},
        {FMT_XML, "findings.xml", "XML"}};
    for (int k = 0; k < 3; k++)
        if (o->formats & ff[k].fmt) {
            xmlNodePtr f = xmlNewChild(root, NULL, (const xmlChar *)"findings", NULL);
            xmlNewProp(f, (const xmlChar *)"href", (const xmlChar *)ff[k].file);
            xmlNewProp(f, (const xmlChar *)"format", (const xmlChar *)ff[k].format);
        }
    xmlNodePtr ls = xmlNewChild(root, NULL, (const xmlChar *)"labels", NULL);
    for (long k = 0; k < r->cat->n_labels; k++) {
        xmlNodePtr l = xmlNewTextChild(ls, NULL, (const xmlChar *)"label",
                                       (const xmlChar *)cat_label(r->cat, r->cat->label_keys[k]));
        xmlNewProp(l, (const xmlChar *)"key", (const xmlChar *)r->cat->label_keys[k]);
    }
    return doc;
}

int report_write_all(const run_t *r, const report_opts_t *o, FILE *err)
{
    int rc = 0;
    char path[4096];
    if (out_mkdir(o->outdir) != 0) {
        fprintf(err, "%s: error: cannot create the output directory: %s\n", o->outdir,
                strerror(errno));
        return -1;
    }
    remove_stale(o->outdir);
    snprintf(path, sizeof path, "%s/regions", o->outdir);
    remove_stale(path);
    snprintf(path, sizeof path, "%s/partners", o->outdir);
    remove_stale(path);
    report_index_t *ix = report_index_new(r);
    if (!ix) {
        fputs("psreport: error: out of memory\n", err);
        return -1;
    }
    /* sharded: the shared files (findings, programme, regions, index) come from shard 1,
     * partner reports from the shard their ID hashes to; the trees merge by copying */
    int first = o->shards == 0 || o->shard == 1;
    if ((o->formats & FMT_JSON) && first) {
        snprintf(path, sizeof path, "%s/findings.json", o->outdir);
        rc |= write_file(path, r, render_json, err);
    }
    if ((o->formats & FMT_CSV) && first) {
        snprintf(path, sizeof path, "%s/findings.csv", o->outdir);
        rc |= write_file(path, r, render_csv, err);
    }
    if ((o->formats & FMT_XML) && first) {
        xmlDocPtr doc = report_build(r, ix, SC_PROGRAM, 0, 0);
        snprintf(path, sizeof path, "%s/findings.xml", o->outdir);
        if (!doc || save_xml(doc, path, err) != 0)
            rc = -1;
        xmlFreeDoc(doc);
    }

    /* the page reports of this run */
    job_t *jobs = calloc((size_t)(r->m->n_partners + REGION_COUNT + 1), sizeof *jobs);
    long n = 0;
    if (!jobs) {
        report_index_free(ix);
        return -1;
    }
    int pages = (o->formats & (FMT_PDF | FMT_HTML)) != 0;
    if (pages && (o->scopes & SCOPE_PROGRAM)) {
        jobs[n].mine = first;
        jobs[n].kind = SC_PROGRAM;
        snprintf(jobs[n++].base, sizeof jobs->base, "program");
    }
    if (pages && (o->scopes & SCOPE_REGION))
        for (int g = 0; g < REGION_COUNT; g++)
            if (!o->regions || (o->regions & (1u << g))) {
                jobs[n].mine = first;
                jobs[n].kind = SC_REGION;
                jobs[n].id = g;
                snprintf(jobs[n++].base, sizeof jobs->base, "regions/%s", region_names[g]);
            }
    if (pages && (o->scopes & SCOPE_PARTNER))
        for (long k = 0; k < r->m->n_partners; k++) {
            long p = report_partner_order(ix, k);
            int want = o->n_partners == 0;
            for (int q = 0; q < o->n_partners && !want; q++)
                want = strcmp(o->partners[q], r->m->partners[p].id) == 0;
            if (!want)
                continue;
            jobs[n].kind = SC_PARTNER;
            jobs[n].id = p;
            jobs[n].mine = !o->shards || report_shard_of(r->m->partners[p].id, o->shards) == o->shard;
            snprintf(jobs[n++].base, sizeof jobs->base, "partners/%s", report_partner_file(ix, p));
        }
    for (long k = 0; k < n; k++) {
        const char *sub = jobs[k].kind == SC_REGION ? "regions" : jobs[k].kind == SC_PARTNER ? "partners" : NULL;
        if (sub) {
            snprintf(path, sizeof path, "%s/%s", o->outdir, sub);
            if (out_mkdir(path) != 0) {
                fprintf(err, "%s: error: cannot create: %s\n", path, strerror(errno));
                rc = -1;
                n = 0;
            }
        }
    }

    html_t *html = NULL;
    if (n && (o->formats & FMT_HTML)) {
        html = html_new(o->templates_dir, err);
        if (!html)
            rc = -1, n = 0;
    }
    long *todo = malloc((size_t)(n ? n : 1) * sizeof *todo), n_todo = 0;
    for (long k = 0; todo && k < n; k++)
        if (jobs[k].mine)
            todo[n_todo++] = k;
    if (!todo)
        rc = -1;
    int workers = o->jobs > 1 && n_todo > 1 ? (o->jobs < n_todo ? o->jobs : (int)n_todo) : 1;
    progress_t bar;
    progress_start(&bar, o->progress, "writing", (double)n_todo);
    if (workers == 1) {
        for (long k = 0; k < n_todo; k++) {
            rc |= render_job(r, ix, o, html, &jobs[todo[k]], err);
            progress_update(&bar, (double)(k + 1), k + 1, "reports");
        }
    } else {
        fflush(err);
        /* a shared page: [0] reports done (for the progress bar), [1] the next report to
         * take; each worker takes the next one when it is free, so a long report (the
         * programme's) does not leave the others idle at the end */
        long *done = mmap(NULL, 2 * sizeof(long), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (done == MAP_FAILED)
            done = NULL;
        if (done)
            done[0] = done[1] = 0;
        pid_t *pids = calloc((size_t)workers, sizeof *pids);
        for (int w = 0; pids && w < workers; w++) {
            pid_t pid = fork();
            if (pid == 0) {
                int wrc = 0;
                long mine = w; /* without the shared page: every workers-th report */
                for (;;) {
                    long k = done ? __atomic_fetch_add(&done[1], 1, __ATOMIC_RELAXED) : mine;
                    if (k >= n_todo)
                        break;
                    mine += workers;
                    wrc |= render_job(r, ix, o, html, &jobs[todo[k]], err);
                    if (done)
                        __atomic_fetch_add(&done[0], 1, __ATOMIC_RELAXED);
                }
                pdf_engine_free();
                fflush(err);
                _exit(wrc ? 4 : 0);
            }
            if (pid < 0) {
                fprintf(err, "psreport: error: cannot start a worker: %s\n", strerror(errno));
                rc = -1;
                break;
            }
            pids[w] = pid;
            if (w < MAX_WORKERS) {
                worker_pid[w] = pid;
                n_workers = w + 1;
            }
        }
        for (int w = 0; pids && w < workers; w++) {
            int status = 0;
            if (pids[w] <= 0)
                continue;
            pid_t got;
            while ((got = waitpid(pids[w], &status, o->progress ? WNOHANG : 0)) == 0) {
                long d = done ? __atomic_load_n(done, __ATOMIC_RELAXED) : 0;
                progress_update(&bar, (double)d, d, "reports");
                struct timespec ts = {0, 100000000};
                nanosleep(&ts, NULL);
            }
            if (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                rc = -1;
        }
        n_workers = 0;
        free(pids);
        if (done)
            munmap(done, 2 * sizeof(long));
    }
    progress_end(&bar);
    free(todo);
    if (html && n && first) {
        xmlDocPtr idx = index_model(r, ix, jobs, n, o);
        char msg[512] = "";
        snprintf(path, sizeof path, "%s/index.html", o->outdir);
        if (!idx || html_render_index(html, idx, path, msg, sizeof msg) != 0) {
            fail(err, path, msg[0] ? msg : "cannot build the index");
            rc = -1;
        }
        xmlFreeDoc(idx);
    }
    html_free(html);
    pdf_engine_free();
    free(jobs);
    report_index_free(ix);
    return rc ? -1 : 0;
}
