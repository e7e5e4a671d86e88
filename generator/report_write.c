/* report_write.c - the output tree of cli.md: which files, where, by which worker.
 *
 * The list of page reports (programme, regions, partners) is fixed first; with -j N the
 * process forks N workers that each take the next report when free (the model is
 * shared copy-on-write, libxml2 and libxslt are used after fork as pitfalls.md
 * measured), so the files are the same whatever N is. The findings files and
 * index.html are written by the parent. Every file of the tree is written by
 * write_file, and only there: to a hidden temporary name, renamed into place when every
 * write, the flush, the fsync and the close succeeded (for a page, a few files later:
 * later_t).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "report_write.h"

#include "util/alloc.h"
#include "util/diag.h"
#include "util/output.h"
#include "util/progress.h"

#include <ctype.h>
#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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

/* Removes the temporary files an earlier run left in the directory handle dir when it
 * was killed (SIGKILL leaves no chance to clean up): only names of out_begin_at's form
 * (".NAME.psreport.tmp" and 12 hex digits), which no other program makes; a user's
 * ".notes.tmp42" stays. Called with the output directory's lock held, so no other run
 * is writing them. */
static void remove_stale(int dir)
{
    int fd = dup(dir);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d); /* the duplicate shares the handle's offset: an earlier call read to the end */
    struct dirent *de;
    while ((de = readdir(d)))
        if (out_is_tmp_name(de->d_name))
            unlinkat(dir, de->d_name, 0);
    closedir(d);
}

/* Whether report_lock made the output directory (report_unlock removes it if empty). */
static int made_outdir;

int report_lock(const char *outdir, FILE *err)
{
    struct stat st;
    made_outdir = stat(outdir, &st) != 0;
    if (out_mkdir(outdir) != 0) {
        diag(err, outdir, 0, "error", "cannot create the output directory: %s", strerror(errno));
        return -1;
    }
    int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        diag(err, outdir, 0, "error", "cannot open the output directory: %s", strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (e == EWOULDBLOCK)
            diag(err, outdir, 0, "error", "another psreport run is writing to this output "
                 "directory; nothing written (try again when it has finished)");
        else
            diag(err, outdir, 0, "error", "cannot lock the output directory: %s", strerror(e));
        close(fd);
        return -1;
    }
    return fd;
}

int report_own_files(const char *outdir, struct stat *own, int max)
{
    int dir = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
    if (dir < 0)
        return 0;
    static const char *const stems[] = {"findings", "program", "index"};
    for (int i = 0; i < n_formats; i++)
        for (size_t k = 0; k < sizeof stems / sizeof *stems && n < max; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s.%s", stems[k], formats[i].name);
            if (fstatat(dir, name, &own[n], AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(own[n].st_mode))
                n++;
        }
    close(dir);
    return n;
}

void report_unlock(int fd, const char *outdir)
{
    if (fd < 0)
        return;
    if (made_outdir) /* a run that wrote nothing leaves no empty directory behind */
        rmdir(outdir);
    close(fd);
}

#define CAP_PROGRAM 1000 /* rows per long table on programme and region pages */
#define CAP_PARTNER 5000 /* a partner sees all its rows up to this */

/* What the writers of one run share. */
typedef struct {
    const run_t *r;
    const report_index_t *ix;
    const output_opts_t *o;
    FILE *err;
    int root;         /* the output directory's handle */
    int sub[SC_COUNT]; /* the handles of its report directories (regions/, partners/) */
    void *state[32]; /* each page format's run-wide state (a format set is 32 bits) */
    struct later *later; /* set only for the pages of write_pages: their commits that wait */
} writer_t;

/* The page files of this process whose commit has started (out_commit_start) and not
 * ended. A thread of the process, the committer, ends each commit (fsync, close,
 * rename) in the order they came, while the process draws the next reports; the process
 * waits only when LATER files wait. Measured (perf sched, a -j2 burst): with the commits
 * in the drawing thread, a few files late, each worker still spent 7 % of its time in
 * fsync (ext4 writes the new inode and its bitmaps at once); with a commit at once, a
 * tenth. A file is in place only once committed, as before; an interrupted run removes
 * the waiting temporaries. Without a thread (pthread_create failed), the oldest file is
 * committed in the drawing thread when a ninth would wait. */
#define LATER 8
typedef struct later {
    outfile_t out[LATER];
    char *path[LATER];
    int first, n;
    FILE *err;
    int failed;  /* a commit failed (each is said) */
    int started; /* the committer runs */
    int quit;    /* no more files: the committer ends when none waits */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} later_t;

/* Ends the commit of waiting file i. Returns 0, or -1 with the error said. */
static int commit_one(later_t *l, int i)
{
    int rc = 0;
    if (out_commit(&l->out[i]) != 0) {
        diag(l->err, l->path[i], 0, "error", "cannot write: %s", strerror(errno));
        rc = -1;
    }
    free(l->path[i]);
    l->path[i] = NULL;
    return rc;
}

static void *committer(void *arg)
{
    later_t *l = arg;
    pthread_mutex_lock(&l->mu);
    for (;;) {
        while (!l->n && !l->quit)
            pthread_cond_wait(&l->cv, &l->mu);
        if (!l->n)
            break;
        int i = l->first;
        pthread_mutex_unlock(&l->mu); /* slot i is the committer's until n drops */
        int rc = commit_one(l, i);
        pthread_mutex_lock(&l->mu);
        l->failed |= rc;
        l->first = (i + 1) % LATER;
        l->n--;
        pthread_cond_broadcast(&l->cv);
    }
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

/* Commits the oldest waiting file on this thread (no committer runs). */
static void commit_oldest(later_t *l)
{
    l->failed |= commit_one(l, l->first);
    l->first = (l->first + 1) % LATER;
    l->n--;
}

/* Puts a file at the end of the waiting ones (there is room). */
static void push(later_t *l, const outfile_t *out, char *path)
{
    int i = (l->first + l->n++) % LATER;
    l->out[i] = *out;
    l->path[i] = path;
}

static void later_init(later_t *l, FILE *err)
{
    memset(l, 0, sizeof *l);
    l->err = err;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
}

/* Hands a file whose commit has started to the committer (started here on the first). */
static void later_add(later_t *l, const outfile_t *out, char *path)
{
    if (!l->started && !l->quit)
        l->started = pthread_create(&l->thread, NULL, committer, l) == 0;
    if (!l->started) {
        l->quit = 1; /* no thread: not tried again */
        if (l->n == LATER)
            commit_oldest(l);
        push(l, out, path);
        return;
    }
    pthread_mutex_lock(&l->mu);
    while (l->n == LATER)
        pthread_cond_wait(&l->cv, &l->mu);
    push(l, out, path);
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}

/* Ends every waiting commit and the committer: 0, or -1 when one failed (each said). */
static int commit_all(later_t *l)
{
    if (l->started) {
        pthread_mutex_lock(&l->mu);
        l->quit = 1;
        pthread_cond_broadcast(&l->cv);
        pthread_mutex_unlock(&l->mu);
        pthread_join(l->thread, NULL);
        l->started = 0;
    }
    while (l->n)
        commit_oldest(l);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
    return l->failed ? -1 : 0;
}

/* The one way a file of the output tree is written: the format's writer fills a
 * temporary file next to OUTDIR/rel, which is renamed into place only when the writer,
 * every write, the flush, the fsync and the close succeeded; else it is removed and
 * the error is said once on err. pg and model are for page formats. */
static int write_file(const writer_t *w, const char *rel, const format_t *f, page_t *pg,
                      xmlDocPtr model)
{
    size_t len = strlen(w->o->outdir) + strlen(rel) + 2;
    char *path = xmalloc(len);
    snprintf(path, len, "%s/%s", w->o->outdir, rel);
    /* rel is NAME or DIR/NAME, DIR one of report_dir's, opened by make_dirs */
    int dir = w->root;
    const char *slash = strchr(rel, '/'), *name = slash ? slash + 1 : rel;
    for (int k = 0; slash && k < SC_COUNT; k++) {
        const char *d = report_dir((scope_kind_t)k);
        if (d && strlen(d) == (size_t)(slash - rel) && memcmp(d, rel, strlen(d)) == 0)
            dir = w->sub[k];
    }
    outfile_t out;
    int rc = -1;
    if (dir < 0 || out_begin_at(&out, dir, name) != 0) {
        diag(w->err, path, 0, "error", "cannot write: %s", strerror(dir < 0 ? EBADF : errno));
        goto done;
    }
    if (pg) {
        pg->name = path;
        pg->why[0] = '\0';
    }
    errno = 0;
    rc = f->kind == FORMAT_FINDINGS ? f->findings(w->r, out.f) : f->page(pg, model, out.f);
    if (rc != 0 || ferror(out.f)) { /* a failed write says why better than the writer */
        int e = errno ? errno : EIO, stream = ferror(out.f);
        out_abort(&out);
        if (pg && pg->why[0] && !stream)
            diag(w->err, path, 0, "error", "%s", pg->why);
        else
            diag(w->err, path, 0, "error", "cannot write: %s", strerror(e));
        rc = -1;
        goto done;
    }
    rc = 0;
    if (w->later) { /* a page of write_pages: its commit waits (later_t) */
        if (out_commit_start(&out) != 0) {
            int e = errno;
            out_abort(&out);
            diag(w->err, path, 0, "error", "cannot write: %s", strerror(e));
            rc = -1;
            goto done;
        }
        later_add(w->later, &out, path);
        path = NULL;
    } else if (out_commit(&out) != 0) {
        diag(w->err, path, 0, "error", "cannot write: %s", strerror(errno));
        rc = -1;
    }
done:
    if (pg)
        pg->name = NULL;
    free(path);
    return rc;
}

static int selected(const output_opts_t *o, int i, format_kind_t kind)
{
    return (o->formats & FORMAT_BIT(i)) && formats[i].kind == kind;
}

/* One report: its model is built once and given to every page format in table order. */
static int render_job(const writer_t *w, const report_ref_t *ref)
{
    long cap = ref->kind == SC_PARTNER ? CAP_PARTNER : CAP_PROGRAM;
    xmlDocPtr doc = report_build(w->r, w->ix, ref->kind, ref->id, cap);
    int rc = 0;
    for (int i = 0; i < n_formats; i++) {
        if (!selected(w->o, i, FORMAT_PAGE))
            continue;
        char rel[600];
        report_path(w->ix, ref->kind, ref->id, formats[i].name, rel, sizeof rel);
        page_t pg = {.opts = &w->o->render, .state = w->state[i]};
        rc |= write_file(w, rel, &formats[i], &pg, doc);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* The findings files (findings.json, .csv ...), written by the process that calls it. */
static int write_findings(const writer_t *w)
{
    int rc = 0;
    for (int i = 0; i < n_formats; i++)
        if (selected(w->o, i, FORMAT_FINDINGS)) {
            char rel[64];
            snprintf(rel, sizeof rel, "findings.%s", formats[i].name);
            rc |= write_file(w, rel, &formats[i], NULL, NULL);
        }
    return rc;
}

/* The shard (1..n) of a partner ID: FNV-1a of its bytes, modulo n, plus one. */
static int shard_of(const char *id, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (int)(h % (uint64_t)n) + 1;
}

/* The page reports of this run, in index order; mine[k]: written by this process
 * (--shard: the shared reports by shard 1, a partner's by the shard its ID hashes to). */
static long plan_pages(const writer_t *w, int first, report_ref_t *refs, char *mine)
{
    const output_opts_t *o = w->o;
    const model_t *m = w->r->m;
    long n = 0;
    if (o->scopes & SCOPE_BIT(SC_PROGRAM)) {
        refs[n] = (report_ref_t){SC_PROGRAM, 0};
        mine[n++] = (char)first;
    }
    for (int g = 0; g < REGION_COUNT && (o->scopes & SCOPE_BIT(SC_REGION)); g++)
        if (!o->regions || (o->regions & (1u << g))) {
            refs[n] = (report_ref_t){SC_REGION, g};
            mine[n++] = (char)first;
        }
    for (long k = 0; k < m->n_partners && (o->scopes & SCOPE_BIT(SC_PARTNER)); k++) {
        long p = report_partner_order(w->ix, k);
        int want = o->n_partners == 0;
        for (int q = 0; q < o->n_partners && !want; q++)
            want = strcmp(o->partners[q], m->partners[p].id) == 0;
        if (!want)
            continue;
        refs[n] = (report_ref_t){SC_PARTNER, p};
        mine[n++] = (char)(!o->shards || shard_of(m->partners[p].id, o->shards) == o->shard);
    }
    return n;
}

/* The directories the reports go to (regions/, partners/), opened in the output
 * directory without following a symlink out of it. Returns 0 or -1. */
static int make_dirs(writer_t *w, const report_ref_t *refs, long n)
{
    int need[SC_COUNT] = {0};
    for (long k = 0; k < n; k++)
        need[refs[k].kind] = 1;
    for (int k = 0; k < SC_COUNT; k++) {
        const char *dir = report_dir((scope_kind_t)k);
        if (!need[k] || !dir)
            continue;
        w->sub[k] = out_subdir(w->root, dir);
        if (w->sub[k] < 0) {
            int e = errno;
            strbuf_t path = {0};
            sb_printf(&path, "%s/%s", w->o->outdir, dir);
            if (e == ELOOP || e == ENOTDIR)
                diag(w->err, path.s, 0, "error", "not a directory of the output tree (a symbolic "
                     "link or a file); nothing written there");
            else
                diag(w->err, path.s, 0, "error", "cannot create: %s", strerror(e));
            sb_free(&path);
            return -1;
        }
        remove_stale(w->sub[k]);
    }
    return 0;
}

/* The run-wide state of the chosen page formats (compiled templates). Returns 0 or -1. */
static int prepare_formats(writer_t *w)
{
    for (int i = 0; i < n_formats; i++)
        if (selected(w->o, i, FORMAT_PAGE) && formats[i].prepare) {
            w->state[i] = formats[i].prepare(&w->o->render, w->err);
            if (!w->state[i])
                return -1;
        }
    return 0;
}

/* Releases what prepare_formats made (and what the formats keep per process). */
static void release_formats(const writer_t *w)
{
    for (int i = 0; i < n_formats; i++)
        if (selected(w->o, i, FORMAT_PAGE) && formats[i].release &&
            (w->state[i] || !formats[i].prepare))
            formats[i].release(w->state[i]);
}

/* Waits for worker pid, updating the progress bar from the shared page while it works
 * (with --progress). Returns waitpid's answer; when it fails, says so: the run then
 * ends with exit 4, which was silent (tests/faults/syscalls.sh, waitpid). */
static pid_t wait_worker(const writer_t *w, pid_t pid, int *status, const long *done,
                         progress_t *bar)
{
    pid_t got;
    while ((got = waitpid(pid, status, w->o->progress ? WNOHANG : 0)) == 0) {
        long d = done ? __atomic_load_n(done, __ATOMIC_RELAXED) : 0;
        progress_update(bar, (double)d, d, "reports");
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    if (got < 0)
        diag(w->err, "psreport", 0, "error", "cannot wait for a worker process: %s; the "
             "reports it had still to write may be missing", strerror(errno));
    return got;
}

/* Renders the reports todo[] in worker processes, each taking the next report when it
 * is free, while this process writes the findings files (with `findings`). Returns 0, or
 * -1 when a worker failed, was killed or could not start, or a findings file failed. */
static int run_workers(const writer_t *w, const report_ref_t *refs, const long *todo,
                       long n_todo, int workers, int findings, progress_t *bar)
{
    int rc = 0, killed = 0, oom = 0;
    fflush(w->err);
    /* fontconfig's configuration loaded once, before fork, for the workers to share (main.c
     * loads it before reading already; loaded late it fails badly: see main.c's run) */
    FcInit();
    /* a shared page: [0] reports done (for the progress bar), [1] the next report to
     * take; each worker takes the next one when it is free, so a long report (the
     * programme's) does not leave the others idle at the end */
    long *done = mmap(NULL, 2 * sizeof(long), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (done == MAP_FAILED)
        done = NULL;
    if (done)
        done[0] = done[1] = 0;
    pid_t *pids = xcalloc((size_t)workers, sizeof *pids);
    pid_t parent = getpid();
    for (int wk = 0; wk < workers; wk++) {
        pid_t pid = fork();
        if (pid == 0) {
            /* a worker ends with its parent, even a SIGKILLed one: SIGTERM (its handler
             * removes the temporary being written, nothing more is renamed into place);
             * the getppid check covers a parent that died before prctl */
            n_workers = 0;
            alloc_quiet_worker();
            if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) { /* it was silent: exit 4, no word */
                diag(w->err, "psreport", 0, "error", "a worker cannot watch its parent "
                     "process (prctl): %s; its reports are not written", strerror(errno));
                fflush(w->err);
                _exit(4);
            }
            if (getppid() != parent)
                _exit(4);
            int wrc = 0;
            long mine = wk; /* without the shared page: every workers-th report */
            for (;;) {
                long k = done ? __atomic_fetch_add(&done[1], 1, __ATOMIC_RELAXED) : mine;
                if (k >= n_todo || getppid() != parent)
                    break;
                mine += workers;
                wrc |= render_job(w, &refs[todo[k]]);
                if (done)
                    __atomic_fetch_add(&done[0], 1, __ATOMIC_RELAXED);
            }
            wrc |= commit_all(w->later);
            release_formats(w);
            fflush(w->err);
            _exit(wrc ? 4 : 0);
        }
        if (pid < 0) {
            diag(w->err, "psreport", 0, "error", "cannot start a worker: %s", strerror(errno));
            rc = -1;
            break;
        }
        pids[wk] = pid;
        if (wk < MAX_WORKERS) {
            worker_pid[wk] = pid;
            n_workers = wk + 1;
        }
    }
    if (findings) { /* beside the workers; with its commits at once (no later_t) */
        writer_t wf = *w;
        wf.later = NULL;
        rc |= write_findings(&wf);
        fflush(w->err);
    }
    for (int wk = 0; wk < workers; wk++) {
        int status = 0;
        if (pids[wk] <= 0)
            continue;
        pid_t got = wait_worker(w, pids[wk], &status, done, bar);
        if (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            rc = -1;
        if (got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == ALLOC_WORKER_STATUS)
            oom = 1;
        /* a worker that failed said why; one that was killed (the OOM killer, an
         * operator's kill) could not: say it, and remove the temporary it left */
        if (got > 0 && WIFSIGNALED(status)) {
            diag(w->err, "psreport", 0, "error", "a worker process was killed by signal %d "
                 "(%s); the reports it had still to write are missing", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
            killed = 1;
        }
    }
    if (killed || oom) { /* under the lock, every temporary of psreport's form is this run's */
        remove_stale(w->root);
        for (int k = 0; k < SC_COUNT; k++)
            if (w->sub[k] >= 0)
                remove_stale(w->sub[k]);
    }
    n_workers = 0;
    free(pids);
    if (done)
        munmap(done, 2 * sizeof(long));
    if (oom) /* a worker ran out of memory: the run stops, said once, as it would at -j 1 */
        alloc_fail();
    return rc;
}

/* The findings files (with `first`) and the page reports this process writes: the
 * findings first, then the reports, in this process; or with -j workers, the reports in
 * the workers while this process writes the findings (findings.json is 300 MB at 1M
 * vouchers: 2 s, in which the other cores were idle when it was written first). */
static int write_pages(const writer_t *w, const report_ref_t *refs, const char *mine, long n, int first)
{
    int rc = 0;
    long *todo = xmalloc((size_t)(n ? n : 1) * sizeof *todo), n_todo = 0;
    for (long k = 0; k < n; k++)
        if (mine[k])
            todo[n_todo++] = k;
    int jobs = w->o->jobs;
    int workers = jobs > 1 && n_todo > 1 ? (jobs < n_todo ? jobs : (int)n_todo) : 1;
    if (first && workers == 1)
        rc |= write_findings(w);
    progress_t bar;
    progress_start(&bar, w->o->progress, "writing", (double)n_todo);
    later_t later; /* each worker has its own copy, empty at fork (its committer starts there) */
    later_init(&later, w->err);
    writer_t wl = *w;
    wl.later = &later;
    if (workers == 1) {
        for (long k = 0; k < n_todo; k++) {
            rc |= render_job(&wl, &refs[todo[k]]);
            progress_update(&bar, (double)(k + 1), k + 1, "reports");
        }
    } else {
        rc = run_workers(&wl, refs, todo, n_todo, workers, first, &bar);
    }
    rc |= commit_all(&later); /* with workers, this process's is empty */
    progress_end(&bar);
    free(todo);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(formats[*(const int *)a].name, formats[*(const int *)b].name);
}

/* index.<ext> for each chosen format that renders the index: every report of the run
 * (all shards'), linked in each chosen page format, and the findings files, in name order. */
static int write_index(const writer_t *w, const report_ref_t *refs, const report_row_t *rows, long n)
{
    report_link_t links[32];
    report_file_t files[32];
    char names[32][2][32];
    int found[32], n_found = 0, rc = 0;
    report_index_spec_t spec = {.refs = refs, .rows = rows, .n_refs = n, .links = links, .files = files};
    for (int i = 0; i < n_formats; i++) {
        if (selected(w->o, i, FORMAT_PAGE) && formats[i].index_link)
            links[spec.n_links++] = (report_link_t){formats[i].index_link, formats[i].name};
        if (selected(w->o, i, FORMAT_FINDINGS))
            found[n_found++] = i;
    }
    qsort(found, (size_t)n_found, sizeof *found, by_name);
    for (int k = 0; k < n_found; k++) {
        const char *name = formats[found[k]].name;
        snprintf(names[k][0], sizeof names[k][0], "findings.%s", name);
        snprintf(names[k][1], sizeof names[k][1], "%s", name);
        for (char *c = names[k][1]; *c; c++) /* "CSV" */
            *c = (char)toupper((unsigned char)*c);
        files[spec.n_files++] = (report_file_t){names[k][0], names[k][1]};
    }
    for (int i = 0; i < n_formats; i++) {
        if (!selected(w->o, i, FORMAT_PAGE) || !formats[i].index_page)
            continue;
        xmlDocPtr doc = report_index_model(w->r, w->ix, &spec);
        char rel[64];
        snprintf(rel, sizeof rel, "index.%s", formats[i].name);
        page_t pg = {.opts = &w->o->render, .state = w->state[i]};
        rc |= write_file(w, rel, &formats[i], &pg, doc);
        xmlFreeDoc(doc);
    }
    return rc;
}

int report_write_all(const run_t *r, const output_opts_t *o, FILE *err, void (*done)(void *), void *ctx)
{
    int rc = 0;
    writer_t w = {.r = r, .o = o, .err = err};
    for (int k = 0; k < SC_COUNT; k++)
        w.sub[k] = -1;
    if (out_mkdir(o->outdir) != 0) {
        diag(err, o->outdir, 0, "error", "cannot create the output directory: %s", strerror(errno));
        return -1;
    }
    if ((w.root = open(o->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        diag(err, o->outdir, 0, "error", "cannot open the output directory: %s", strerror(errno));
        return -1;
    }
    remove_stale(w.root);
    report_index_t *ix = report_index_new(r);
    w.ix = ix;
    /* sharded: the shared files (findings, programme, regions, index) come from shard 1,
     * partner reports from the shard their ID hashes to; the trees merge by copying */
    int first = o->shards == 0 || o->shard == 1;
    int pages = 0, index_pages = 0;
    for (int i = 0; i < n_formats; i++) {
        pages |= selected(o, i, FORMAT_PAGE);
        index_pages |= selected(o, i, FORMAT_PAGE) && formats[i].index_page;
    }
    report_ref_t *refs = xcalloc((size_t)(r->m->n_partners + REGION_COUNT + 1), sizeof *refs);
    char *mine = xcalloc((size_t)(r->m->n_partners + REGION_COUNT + 1), 1);
    long n = pages ? plan_pages(&w, first, refs, mine) : 0;
    if (n && (make_dirs(&w, refs, n) != 0 || prepare_formats(&w) != 0))
        rc = -1, n = 0;
    rc |= write_pages(&w, refs, mine, n, first);
    /* the index's figures, then the records' memory back (done), then the index: at a
     * million vouchers and 10,000 partners its model and page take 80 MB, which came on
     * top of the records' 150 MB */
    report_row_t *rows = n && first && index_pages ? report_index_rows(r, ix, refs, n) : NULL;
    if (done)
        done(ctx);
    if (rows)
        rc |= write_index(&w, refs, rows, n);
    free(rows);
    release_formats(&w);
    free(mine);
    free(refs);
    report_index_free(ix);
    for (int k = 0; k < SC_COUNT; k++)
        if (w.sub[k] >= 0)
            close(w.sub[k]);
    close(w.root);
    return rc ? -1 : 0;
}
