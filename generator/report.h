/* report.h - the report model: one XML document per scope, and the index of them all.
 *
 * report_build turns the evaluated run into one XML document per scope (programme,
 * one region, one partner) as docs/report-model.md describes. Who-sees-what is
 * enforced here and only here: a partner model is built from that partner's vouchers
 * and findings alone, so no renderer can show another partner's data. The page formats
 * of render.h read these models; where their files go in the output tree (and the links
 * between them) is decided here too, by report_path.
 *
 * report_index.c groups the run by scope once; report.c builds the models (with
 * report_charts.c and report_sections.c, report_internal.h).
 *
 * Ownership: report_index_new / report_index_free; models are the caller's to
 * xmlFreeDoc. The index keeps pointers into the run, which must outlive it.
 */
#ifndef PSREPORT_REPORT_H
#define PSREPORT_REPORT_H

#include "render.h"

#include <libxml/tree.h>

typedef enum { SC_PROGRAM, SC_REGION, SC_PARTNER, SC_COUNT } scope_kind_t;

/* The scopes' names, as --scope and the models spell them. */
extern const char *const scope_names[SC_COUNT];

typedef struct report_index report_index_t; /* per-partner and per-region groupings */

/* Groups vouchers and findings by partner and region once, and gives every partner a
 * unique file name. */
report_index_t *report_index_new(const run_t *r);
void report_index_free(report_index_t *ix);

/* The k-th partner in ID order. */
long report_partner_order(const report_index_t *ix, long k);

/* What a scope sees: its vouchers (existing ones, in ID order), its findings (in
 * findings order) and its partners (in ID order), as indexes into the run. */
typedef struct {
    const idx_t *v, *f, *p;
    long nv, nf, np;
    const idx_t *w; /* its waived findings (not among f: they count nowhere) */
    long nw;
    const idx_t *b; /* with --baseline: the baseline's findings of the scope, by the current
                    * model's partners and regions (NULL with nb = all of them) */
    long nb;
} scope_lists_t;
void report_scope_lists(const report_index_t *ix, scope_kind_t kind, long id, scope_lists_t *s);
/* 1 when baseline finding i is resolved (computed once per run). */
int report_resolved(const report_index_t *ix, long i);

/* The directory of a scope's reports in the output tree ("regions"), NULL for the
 * top level. */
const char *report_dir(scope_kind_t kind);
/* The path of a report's file relative to the output directory, with extension ext:
 * "program.EXT", "regions/EMEA.EXT", "partners/ID.EXT" (the ID made safe and unique). */
void report_path(const report_index_t *ix, scope_kind_t kind, long id, const char *ext,
                 char *buf, size_t size);

/* Builds the model of one scope: id = region_t for SC_REGION, partner index for
 * SC_PARTNER. cap = most rows per long table (0 = no cap). */
xmlDocPtr report_build(const run_t *r, const report_index_t *ix, scope_kind_t kind, long id,
                       long cap);

/* What index.html lists: every report of the run, the files of each report it links
 * (links[k].attr holds report_path(..., links[k].ext)), and the run's findings files. */
typedef struct {
    scope_kind_t kind;
    long id;
} report_ref_t;
typedef struct {
    const char *attr, *ext;
} report_link_t;
typedef struct {
    const char *href, *format; /* "findings.csv", "CSV" */
} report_file_t;
/* A report's key figures on its index line. */
typedef struct {
    long errors, warnings, vouchers, open_days, partners;
} report_row_t;
typedef struct {
    const report_ref_t *refs;
    const report_row_t *rows; /* [n_refs]: report_index_rows */
    long n_refs;
    const report_link_t *links;
    int n_links;
    const report_file_t *files;
    int n_files;
} report_index_spec_t;

/* The key figures of refs[0 .. n), without building their models. */
report_row_t *report_index_rows(const run_t *r, const report_index_t *ix, const report_ref_t *refs,
                                long n);
/* The model of index.html (docs/report-model.md, "index"). It reads no voucher, voucher
 * evaluation or finding of r (spec->rows has their figures): report_write.c makes it
 * after their memory went back. */
xmlDocPtr report_index_model(const run_t *r, const report_index_t *ix,
                             const report_index_spec_t *spec);

#endif
