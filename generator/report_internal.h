/* report_internal.h - what the three files of the report model share: report.c (the
 * scope, its figures, the model's frame and head sections, the index), report_charts.c
 * (the charts) and report_sections.c (tables, actions, rules appendix). Not for other
 * stages: they use report.h.
 */
#ifndef PSREPORT_REPORT_INTERNAL_H
#define PSREPORT_REPORT_INTERNAL_H

#include "report.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/xmltree.h"

#include <stdio.h>

/* What one model is built from: the run, the index and the lists of the scope
 * (report_scope_lists). */
typedef struct {
    const run_t *r;
    const report_index_t *ix;
    scope_kind_t kind;
    long id;
    const idx_t *v, *f, *p; /* vouchers, findings (not waived), partners of the scope */
    long nv, nf, np;
    const idx_t *w;         /* waived findings */
    long nw;
    const idx_t *b;         /* baseline findings (NULL: all of them; nb 0 without --baseline) */
    long nb;
} scope_t;

/* ---- writing the tree: an element, its text, its number and date attributes ---------- */

static inline xmlNodePtr el(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (!n)
        alloc_fail();
    return n;
}

static inline xmlNodePtr text_el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = el(parent, name);
    xmlNodeAddContent(n, (const xmlChar *)(text ? text : ""));
    return n;
}

static inline void attr_long(xmlNodePtr n, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    xt_set(n, name, buf);
}

static inline void attr_date(xmlNodePtr n, const char *name, int d)
{
    if (d == DATE_NONE)
        return;
    char buf[11];
    date_format(d, buf);
    xt_set(n, name, buf);
}

/* report.c */

/* The base name of an input's path: a report never shows where an operator keeps the
 * files. */
const char *report_base_name(const char *path);

/* report_charts.c */

/* Adds <charts> with the charts of the scope; urgent: its vouchers, open ones first by
 * deadline. */
void report_add_charts(xmlNodePtr root, const scope_t *s, const idx_t *urgent);

/* report_sections.c: each adds its section of the scope to the model (cap: the most rows
 * of a long table, 0 = all) */

void report_add_tops(xmlNodePtr summary, const scope_t *s);
void report_add_partners(xmlNodePtr root, const scope_t *s, long cap);
void report_add_regions(xmlNodePtr root, const scope_t *s);
void report_add_vouchers(xmlNodePtr root, const scope_t *s, const idx_t *urgent, long cap);
void report_add_findings(xmlNodePtr root, const scope_t *s, long cap);
void report_add_waived(xmlNodePtr root, const scope_t *s, long cap);
void report_add_resolved(xmlNodePtr root, const scope_t *s, long cap);
void report_add_actions(xmlNodePtr root, const scope_t *s, const idx_t *urgent);
void report_add_rules(xmlNodePtr root, const scope_t *s);

#endif
