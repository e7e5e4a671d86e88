/* report_charts.c - the charts of a report model: what each chart of a scope shows.
 *
 * A chart is data in the model (docs/report-model.md, <chart>): its kind, series with
 * colours and black-and-white patterns, rows of values and the texts around it
 * (title, caption with its numbers, alt text, axis labels) in the reader's language.
 * chart.c lays it out and draws it for both page formats; no renderer knows a chart.
 */
#include "report_internal.h"

#include "trend.h"
#include "util/date.h"
#include "util/xmltree.h"

#include <stdio.h>
#include <string.h>

/* The date d as the reader reads it ("15 giugno 2021"; short month names for chart
 * axes), in buf. */
static const char *date_text(const run_t *r, int d, int short_names, char *buf, size_t n)
{
    date_format_text(d, short_names ? r->cat->months_short : r->cat->months, buf, n);
    return buf;
}

static const char *color_of_kind[DL_COUNT] = {"#7f8c8d", "#c0392b", "#8e44ad", "#2980b9"};

/* The urgency tiers of rules.h, as the charts draw them. */
static const char *const tier_colors[TIER_COUNT] = {"#c0392b", "#d68910", "#1e8449"};
static const char *const tier_patterns[TIER_COUNT] = {"solid", "vertical", "outline"};


static xmlNodePtr chart(xmlNodePtr charts, const run_t *r, const char *id, const char *kind)
{
    xmlNodePtr c = el(charts, "chart");
    char key[64];
    xt_set(c, "id", id);
    xt_set(c, "kind", kind);
    snprintf(key, sizeof key, "chart-%s-title", id);
    xt_set(c, "title", cat_label(r->cat, key));
    snprintf(key, sizeof key, "chart-%s-caption", id);
    xt_set(c, "caption", cat_label(r->cat, key));
    xt_set(c, "no-data", cat_label(r->cat, "chart-no-data"));
    return c;
}

static void col(xmlNodePtr c, const char *label) { xt_set(el(c, "col"), "label", label); }

/* The caption of the catalogue's key with the numbers the chart shows: {n}, {total}. */
static void caption(xmlNodePtr c, const run_t *r, const char *key, long n, long total)
{
    strbuf_t t = {0};
    for (const char *p = cat_label(r->cat, key); *p; p++) {
        if (!strncmp(p, "{n}", 3) || !strncmp(p, "{total}", 7)) {
            sb_printf(&t, "%ld", p[1] == 'n' ? n : total);
            p += p[1] == 'n' ? 2 : 6;
        } else {
            sb_putc(&t, *p);
        }
    }
    xmlSetProp(c, (const xmlChar *)"caption", (const xmlChar *)sb_str(&t));
    sb_free(&t);
}

/* A series of a chart: its colour and, told apart in black and white, its pattern. */
static void series(xmlNodePtr c, const char *id, const char *label, const char *color,
                   const char *pattern)
{
    xmlNodePtr se = el(c, "series");
    xt_set(se, "id", id);
    xt_set(se, "label", label);
    xt_set(se, "color", color);
    xt_set(se, "pattern", pattern);
}

static xmlNodePtr row(xmlNodePtr c, const char *label)
{
    xmlNodePtr rw = el(c, "row");
    text_el(rw, "v", label);
    return rw;
}

static void val(xmlNodePtr rw, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    text_el(rw, "v", buf);
}

static void chart_timeline(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    xmlNodePtr c = chart(charts, r, "timeline", "timeline");
    attr_date(c, "as-of", r->e->as_of);
    xt_set(c, "as-of-label", cat_label(r->cat, "as-of"));
    char alt[512], d[96];
    xt_set(c, "as-of-text", date_text(r, r->e->as_of, 0, d, sizeof d));
    snprintf(alt, sizeof alt, "%s (%s %s)", cat_label(r->cat, "chart-timeline-alt"),
             cat_label(r->cat, "as-of"), d);
    xt_set(c, "alt", alt);
    col(c, cat_label(r->cat, "milestone"));
    col(c, cat_label(r->cat, "date"));
    for (xmlNodePtr m = xmlDocGetRootElement(c->doc)->children; m; m = m->next) {
        if (strcmp((const char *)m->name, "program") != 0)
            continue;
        for (xmlNodePtr k = m->children; k; k = k->next) {
            if (strcmp((const char *)k->name, "milestone") != 0)
                continue;
            xmlChar *label = xmlGetProp(k, (const xmlChar *)"label");
            xmlChar *date = xmlGetProp(k, (const xmlChar *)"date");
            xmlNodePtr rw = row(c, (const char *)label);
            /* the date as the reader reads it; the chart places it by the ISO date */
            int day = date ? date_parse((const char *)date, strlen((const char *)date)) : DATE_NONE;
            xt_set(text_el(rw, "v", date_text(r, day, 0, d, sizeof d)), "date", (const char *)date);
            xmlFree(label);
            xmlFree(date);
        }
    }
}

static void chart_status(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    static const char *colors[ST_COUNT] = {"#95a5a6", "#5dade2", "#2e86c1", "#1abc9c", "#27ae60",
                                           "#196f3d", "#e67e22", "#c0392b", "#8e44ad"};
    static const char *patterns[ST_COUNT] = {"outline", "dots",  "horizontal", "vertical", "grid",
                                             "solid",   "crosshatch", "hatch", "backhatch"};
    xmlNodePtr c = chart(charts, r, "status", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, s->kind == SC_PROGRAM ? "region" : "scope"));
    xt_set(c, "y-label", cat_label(r->cat, "vouchers"));
    for (int st = 0; st < ST_COUNT; st++)
        series(c, status_names[st], cat_get(r->cat, "status", status_names[st], NULL, status_names[st]),
               colors[st], patterns[st]);
    col(c, cat_label(r->cat, s->kind == SC_PROGRAM ? "region" : "scope"));
    for (int st = 0; st < ST_COUNT; st++)
        col(c, cat_get(r->cat, "status", status_names[st], NULL, status_names[st]));
    long counts[REGION_COUNT + 1][ST_COUNT];
    memset(counts, 0, sizeof counts);
    for (long k = 0; k < s->nv; k++) {
        const veval_t *x = &r->e->v[s->v[k]];
        int g = s->kind == SC_PROGRAM ? (x->region >= 0 ? x->region : REGION_COUNT) : 0;
        counts[g][x->status]++;
    }
    long total = 0;
    int groups = s->kind == SC_PROGRAM ? REGION_COUNT + 1 : 1;
    for (int g = 0; g < groups; g++) {
        long sum = 0;
        for (int st = 0; st < ST_COUNT; st++)
            sum += counts[g][st];
        if (g == REGION_COUNT && sum == 0)
            continue;
        const char *label = s->kind == SC_PROGRAM
                                ? (g < REGION_COUNT ? region_names[g] : cat_label(r->cat, "no-region"))
                            : s->kind == SC_REGION ? region_names[s->id]
                                                   : r->m->partners[s->id].id;
        xmlNodePtr rw = row(c, label);
        for (int st = 0; st < ST_COUNT; st++)
            val(rw, counts[g][st]);
        total += sum;
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld", cat_label(r->cat, "chart-status-alt"), total);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-status-caption", total, total);
}

static void chart_days_remaining(xmlNodePtr charts, const scope_t *s, const idx_t *urgent)
{
    const run_t *r = s->r;
    xmlNodePtr c = chart(charts, r, "days-remaining", "hbar");
    xt_set(c, "x-label", cat_label(r->cat, "days-remaining"));
    for (int t = 0; t < TIER_COUNT; t++) {
        char id[16];
        snprintf(id, sizeof id, "tier-%s", tier_info[t].name);
        series(c, id, cat_label(r->cat, id), tier_colors[t], tier_patterns[t]);
    }
    col(c, cat_label(r->cat, "voucher"));
    col(c, cat_label(r->cat, "days-remaining"));
    long n = 0, max = 0, open = 0;
    for (long k = 0; k < s->nv && n < 25; k++) {
        const veval_t *x = &r->e->v[urgent[k]];
        if (x->kind == DL_NONE)
            break;
        int days = x->deadline - r->e->as_of;
        xmlNodePtr rw = row(c, r->m->vouchers[urgent[k]].id);
        char tier_id[16];
        snprintf(tier_id, sizeof tier_id, "tier-%s", tier_info[tier_of(days)].name);
        xt_set(rw, "series", tier_id);
        val(rw, days);
        if (days > max)
            max = days;
        n++;
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld, 0-%ld", cat_label(r->cat, "chart-days-remaining-alt"), n,
             max);
    xt_set(c, "alt", alt);
    for (long k = 0; k < s->nv; k++)
        open += r->e->v[s->v[k]].kind != DL_NONE;
    caption(c, r, n < open ? "chart-days-remaining-caption" : "chart-days-remaining-caption-all", n,
            open);
}

static void chart_expiring(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    int as_of = r->e->as_of;
    int week0 = as_of - date_weekday(as_of); /* the Monday of the as-of week */
    enum { WEEKS = 26 };
    long counts[WEEKS][DL_COUNT];
    memset(counts, 0, sizeof counts);
    long total = 0;
    for (long k = 0; k < s->nv; k++) {
        const veval_t *x = &r->e->v[s->v[k]];
        if (x->kind == DL_NONE)
            continue;
        long w = (x->deadline - week0) / 7;
        if (w >= 0 && w < WEEKS) {
            counts[w][x->kind]++;
            total++;
        }
    }
    xmlNodePtr c = chart(charts, r, "expiring", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "week-starting"));
    xt_set(c, "y-label", cat_label(r->cat, "vouchers"));
    static const char *pattern_of_kind[DL_COUNT] = {"solid", "solid", "hatch", "horizontal"};
    for (int kd = 1; kd < DL_COUNT; kd++)
        series(c, deadline_kind_names[kd],
               cat_get(r->cat, "deadline", deadline_kind_names[kd], NULL, deadline_kind_names[kd]),
               color_of_kind[kd], pattern_of_kind[kd]);
    for (int i = 0; i < MS_COUNT; i++) {
        int d = r->p->milestone[i];
        if (d < week0 || d >= week0 + WEEKS * 7)
            continue;
        xmlNodePtr mk = el(c, "marker");
        char at[32], label[300], ds[96];
        snprintf(at, sizeof at, "%.3f", (d - week0) / 7.0);
        date_text(r, d, 1, ds, sizeof ds);
        snprintf(label, sizeof label, "%s %s",
                 cat_get(r->cat, "milestone", milestone_names[i], NULL, milestone_names[i]), ds);
        xt_set(mk, "at", at);
        xt_set(mk, "label", label);
    }
    col(c, cat_label(r->cat, "week-starting"));
    for (int kd = 1; kd < DL_COUNT; kd++)
        col(c, cat_get(r->cat, "deadline", deadline_kind_names[kd], NULL, deadline_kind_names[kd]));
    for (int w = 0; w < WEEKS; w++) {
        char ds[96];
        xmlNodePtr rw = row(c, date_text(r, week0 + 7 * w, 1, ds, sizeof ds));
        for (int kd = 1; kd < DL_COUNT; kd++)
            val(rw, counts[w][kd]);
    }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld", cat_label(r->cat, "chart-expiring-alt"), total);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-expiring-caption", total, total);
}

/* The trend of the scope (trend.c): errors and warnings at each month-end (waived ones
 * excluded), stacked, and the open planning days. Errors solid and dark, warnings light
 * and hatched, so the chart reads in black and white; the numbers are the table under it. */
static void chart_trend(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    const trend_point_t *pt = r->trend ? trend_of(r->trend, s->kind, s->id) : NULL;
    if (!pt)
        return;
    xmlNodePtr c = chart(charts, r, "trend", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "month-end"));
    xt_set(c, "y-label", cat_label(r->cat, "findings"));
    static const char *ids[2] = {"errors", "warnings"}, *colors[2] = {"#922b21", "#f0b27a"};
    static const char *patterns[2] = {"solid", "hatch"};
    for (int k = 0; k < 2; k++)
        series(c, ids[k], cat_label(r->cat, ids[k]), colors[k], patterns[k]);
    col(c, cat_label(r->cat, "month-end"));
    col(c, cat_label(r->cat, "errors"));
    col(c, cat_label(r->cat, "warnings"));
    for (int k = 0; k < TREND_POINTS; k++) {
        char ds[64];
        xmlNodePtr rw = row(c, date_text(r, pt[k].date, 1, ds, sizeof ds));
        val(rw, pt[k].errors);
        val(rw, pt[k].warnings);
    }
    char alt[300], d0[64], d1[64];
    date_text(r, pt[0].date, 0, d0, sizeof d0);
    date_text(r, pt[TREND_POINTS - 1].date, 0, d1, sizeof d1);
    snprintf(alt, sizeof alt, "%s, %s: %ld / %ld; %s: %ld / %ld", cat_label(r->cat, "chart-trend-alt"),
             d0, pt[0].errors, pt[0].warnings, d1, pt[TREND_POINTS - 1].errors,
             pt[TREND_POINTS - 1].warnings);
    xt_set(c, "alt", alt);

    c = chart(charts, r, "trend-open", "stacked");
    xt_set(c, "x-label", cat_label(r->cat, "month-end"));
    xt_set(c, "y-label", cat_label(r->cat, "open-days"));
    series(c, "open-days", cat_label(r->cat, "open-days"), "#2e86c1", "solid");
    col(c, cat_label(r->cat, "month-end"));
    col(c, cat_label(r->cat, "open-days"));
    for (int k = 0; k < TREND_POINTS; k++) {
        char ds[64];
        val(row(c, date_text(r, pt[k].date, 1, ds, sizeof ds)), pt[k].open_days);
    }
    snprintf(alt, sizeof alt, "%s, %s: %ld; %s: %ld", cat_label(r->cat, "chart-trend-open-alt"), d0,
             pt[0].open_days, d1, pt[TREND_POINTS - 1].open_days);
    xt_set(c, "alt", alt);
}

static void chart_findings(xmlNodePtr charts, const scope_t *s)
{
    const run_t *r = s->r;
    long counts[R_COUNT];
    memset(counts, 0, sizeof counts);
    for (long k = 0; k < s->nf; k++)
        counts[r->e->f[s->f[k]].rule]++;
    xmlNodePtr c = chart(charts, r, "findings", "hbar");
    xt_set(c, "x-label", cat_label(r->cat, "findings"));
    for (int sv = 0; sv < 2; sv++)
        series(c, severity_names[sv], cat_get(r->cat, "severity", severity_names[sv], NULL,
                                             severity_names[sv]),
               sv == 0 ? "#c0392b" : "#d68910", sv == 0 ? "solid" : "vertical");
    col(c, cat_label(r->cat, "rule"));
    col(c, cat_label(r->cat, "findings"));
    long rules = 0;
    for (int sv = 0; sv < 2; sv++)
        for (int i = 0; i < R_COUNT; i++) {
            if (!counts[i] || (int)rule_info[i].severity != sv)
                continue;
            xmlNodePtr rw = row(c, cat_get(r->cat, "rule", rule_info[i].name, "title",
                                           rule_info[i].name));
            xt_set(rw, "series", severity_names[sv]);
            val(rw, counts[i]);
            rules++;
        }
    char alt[200];
    snprintf(alt, sizeof alt, "%s: %ld, %ld", cat_label(r->cat, "chart-findings-alt"), rules,
             s->nf);
    xt_set(c, "alt", alt);
    caption(c, r, "chart-findings-caption", s->nf, s->nf);
}

/* The <charts> of a scope: the programme's milestones, the vouchers by status (not on a
 * partner page), the days remaining of the most urgent, what expires in the next 26
 * weeks, the findings by rule (not on a partner page: its table says it all) and the
 * trend. urgent: the scope's vouchers in urgent_order. */
void report_add_charts(xmlNodePtr root, const scope_t *s, const idx_t *urgent)
{
    xmlNodePtr charts = el(root, "charts");
    chart_timeline(charts, s);
    if (s->kind != SC_PARTNER)
        chart_status(charts, s);
    chart_days_remaining(charts, s, urgent);
    chart_expiring(charts, s);
    if (s->kind != SC_PARTNER) /* a partner's findings are few: its table says it all */
        chart_findings(charts, s);
    chart_trend(charts, s);
}
