/* report.h - the report model per scope, and the run's whole output tree.
 *
 * report_build turns the evaluated run into one XML document per scope (programme,
 * one region, one partner) as docs/report-model.md describes. Who-sees-what is
 * enforced here and only here: a partner model is built from that partner's vouchers
 * and findings alone, so no renderer can show another partner's data.
 *
 * report_write_all writes everything the options ask for (cli.md's output tree), each
 * file through a temporary name.
 */
#ifndef PSREPORT_REPORT_H
#define PSREPORT_REPORT_H

#include "render.h"

#include <libxml/tree.h>

enum { FMT_PDF = 1, FMT_HTML = 2, FMT_JSON = 4, FMT_CSV = 8, FMT_XML = 16 };
enum { SCOPE_PROGRAM = 1, SCOPE_REGION = 2, SCOPE_PARTNER = 4 };

typedef struct {
    const char *outdir;
    unsigned formats, scopes;
    unsigned regions;          /* --region bits; 0 = all */
    const char **partners;     /* --partner IDs; none = all */
    int n_partners;
    const char *lang;
    const char *templates_dir;
    const char *fonts_dir;     /* holds DejaVuSans.ttf for the PDFs */
    int jobs, verbose, quiet, progress;
    int shard, shards;         /* --shard K/N: 1-based K; shards = 0 when not sharded */
} report_opts_t;

typedef enum { SC_PROGRAM, SC_REGION, SC_PARTNER } scope_kind_t;

typedef struct report_index report_index_t; /* per-partner and per-region groupings */

/* Groups vouchers and findings by partner and region once, and gives every partner a
 * unique file name. Returns NULL on out-of-memory. */
report_index_t *report_index_new(const run_t *r);
void report_index_free(report_index_t *ix);
/* The shard (1..n) of a partner ID: FNV-1a of its bytes, modulo n, plus one. */
int report_shard_of(const char *id, int n);

/* The k-th partner in ID order. */
long report_partner_order(const report_index_t *ix, long k);
/* The file name (without extension) of partner p's report: unique, [A-Za-z0-9._-]. */
const char *report_partner_file(const report_index_t *ix, long p);

/* Builds the model of one scope: id = region_t for SC_REGION, partner index for
 * SC_PARTNER. cap = most rows per long table (0 = no cap). */
xmlDocPtr report_build(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id,
                       long cap);

/* The key figures of a scope without building its model (for index.html). */
typedef struct {
    long partners, vouchers, open_days, errors, warnings;
} report_counts_t;
int report_counts(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id,
                  report_counts_t *out);

int report_write_all(const run_t *r, const report_opts_t *o, FILE *err);

/* Sends sig to the worker processes of report_write_all (from a signal handler). */
void report_stop_workers(int sig);

#endif
