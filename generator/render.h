/* render.h - the output formats: one table, two kinds of writer, one file per format.
 *
 * As in cmark (cmark_render_html, _xml, _man...), every format is one renderer file and
 * one row of formats[] (render.c); the command line, the help text and the output tree
 * all read that table. A findings format writes one file for the whole run from the
 * evaluated run (findings.json, .csv, .xml, .ndjson); a page format writes one file per
 * report from that report's model (report.h). A writer only writes to the stream it is
 * given and returns 0 or -1: the temporary file, the checks and the rename are the
 * output tree's (report_write.c), the one place that opens output files.
 */
#ifndef PSREPORT_RENDER_H
#define PSREPORT_RENDER_H

#include "evaluate.h"
#include "messages.h"

#include <libxml/tree.h>
#include <stdio.h>

#define PSREPORT_VERSION "0.1.0"

/* What the page formats need from the command line. */
typedef struct {
    const char *templates_dir; /* report.xsl, index.xsl, report.css, report.js */
    const char *fonts_dir;     /* DejaVuSans.ttf for the PDFs */
    FILE *warn;                /* warnings as "FILE: warning: ..."; NULL when quiet */
} render_opts_t;

/* One page file being written. */
typedef struct {
    const render_opts_t *opts;
    void *state;   /* the format's run-wide state from its prepare (NULL without one) */
    const char *name; /* the file's final path, for warnings */
    char why[256]; /* a writer failing for a reason of its own says it here */
} page_t;

typedef enum { FORMAT_FINDINGS, FORMAT_PAGE } format_kind_t;

typedef struct {
    const char *name;  /* its --format name, and the extension of its files */
    format_kind_t kind;
    int by_default;    /* in the default --format list */
    const char *help;  /* one line of --help */
    int (*findings)(const run_t *r, FILE *out);          /* FORMAT_FINDINGS */
    int (*page)(page_t *pg, xmlDocPtr model, FILE *out); /* FORMAT_PAGE */
    /* page formats: run-wide state made once before the pages (NULL: failed, said on
     * err) and released after them; both may be NULL */
    void *(*prepare)(const render_opts_t *o, FILE *err);
    void (*release)(void *state);
    /* page formats: what they load before the exports are read, while memory is not yet
     * short (their fonts: fontconfig 2.14.1 crashes or loops when an allocation fails
     * inside it); NULL: nothing */
    void (*early)(const render_opts_t *o);
    const char *index_link; /* the attribute of index.html's model linking its pages */
    int index_page;         /* also renders the index model, as index.<name> */
} format_t;

/* Page formats come first and in this order: the HTML writer adds to the model it is
 * given (the charts' SVG slots), so the PDF is made before it. */
extern const format_t formats[];
extern const int n_formats;

/* A set of formats has bit i for formats[i]. */
#define FORMAT_BIT(i) (1u << (i))
/* The index of the format called name, or -1. */
int format_find(const char *name);
/* The default set (the rows marked by_default). */
unsigned format_defaults(void);

/* The writers, one file each. */
int render_json(const run_t *r, FILE *out);   /* findings.json as cli.md shows it */
int render_csv(const run_t *r, FILE *out);    /* findings.csv (RFC 4180, BOM) */
int render_xml(const run_t *r, FILE *out);    /* findings.xml: the programme's model */
int render_ndjson(const run_t *r, FILE *out); /* findings.ndjson: one finding a line */
int render_pdf(page_t *pg, xmlDocPtr model, FILE *out);
int render_html(page_t *pg, xmlDocPtr model, FILE *out); /* a report or the index */
void *render_html_prepare(const render_opts_t *o, FILE *err);
void render_html_release(void *state);
void render_html_early(const render_opts_t *o); /* the charts' face in cairo */

#endif
