/* report_write.h - the output tree of cli.md: which files a run writes, and how.
 *
 * report_write_all writes what the options ask for: the findings files of the chosen
 * findings formats, then one file per page format for every chosen report (programme,
 * regions, partners), then index.html. Every file goes the one way report_write.c
 * writes files: a temporary name, every write checked, renamed into place only whole.
 */
#ifndef PSREPORT_REPORT_WRITE_H
#define PSREPORT_REPORT_WRITE_H

#include "render.h"
#include "report.h"

#include <sys/stat.h>

/* The bit of a scope in output_opts_t.scopes. */
#define SCOPE_BIT(kind) (1u << (kind))

typedef struct {
    const char *outdir;
    unsigned formats;          /* FORMAT_BIT(i) for formats[i] */
    unsigned scopes;           /* SCOPE_BIT(scope_kind_t) */
    unsigned regions;          /* --region bits (1u << region_t); 0 = all */
    const char **partners;     /* --partner IDs; none = all */
    int n_partners;
    render_opts_t render;      /* what the page formats read */
    int jobs;                  /* worker processes for the page reports */
    int progress;              /* draw the writing bar on stderr */
    int shard, shards;         /* --shard K/N: 1-based K; shards = 0 when not sharded */
} output_opts_t;

/* Returns 0, or -1 when any file could not be written (each said on err). done(ctx),
 * when done is not NULL, is called once every file but the index is written: from then
 * on no voucher, voucher evaluation or finding of r is read (their memory may go back);
 * the partners, the programme, the catalogue and r->e's counts and as-of still are. */
int report_write_all(const run_t *r, const output_opts_t *o, FILE *err, void (*done)(void *), void *ctx);

/* Creates the output directory and takes an exclusive flock on it (the directory
 * itself: no lock file to leave behind, and it works with no inode free) without
 * waiting. Returns the lock's descriptor (the lock is held until it and every worker's
 * inherited copy are closed), or -1 after saying why on err: another run holds it, or
 * the directory cannot be made or opened. */
int report_lock(const char *outdir, FILE *err);
/* Releases the lock; removes the output directory if report_lock made it and it is
 * still empty. */
void report_unlock(int fd, const char *outdir);

/* The files at the top of the output directory that psreport writes, whichever run and
 * --format wrote them (findings.*, program.*, index.* of every format): their device and
 * inode into own[0..max), for telling an input that is psreport's own output (an output
 * directory that is also an input directory) from an export. Returns how many exist
 * (0 when outdir does not). A symlink there is not psreport's (it writes by rename). */
int report_own_files(const char *outdir, struct stat *own, int max);

/* Sends sig to the worker processes of report_write_all (from a signal handler). */
void report_stop_workers(int sig);

#endif
