/* pdf_sections.c - the sections of a PDF report: what each part of the model looks like
 * on the page.
 *
 * The title block, the key figures as cards and small tables, the charts (chart.c draws
 * them as vectors), the tables of regions, partners, vouchers and findings, the partner's
 * actions, the rules appendix and the report details. Each section reads its part of
 * the model and draws it with the layout engine of render_pdf.c, which breaks pages;
 * nothing here knows where a page ends. A partner page starts with what to do.
 */
#include "render_pdf_internal.h"

#include "pdf_ops.h"

#include "chart.h"
#include "pdf_font.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void title_block(pdf_t *p)
{
    xmlNodePtr prog = xt_child(p->root, "program"), subj = xt_child(p->root, "subject");
    pdf_box(p, ML, p->y - 4, CW, 4, C_HEAD);
    p->y -= 16;
    pdf_paragraph(p, at0(prog, "name"), 11, 0, C_MUTED);
    int n = pdf_wrap(p, at0(subj, "title"), 20, 1, CW, &p->para);
    const char *l = sb_str(&p->para);
    for (int i = 0; i < n; i++) {
        pdf_text_at(p, ML, p->y - 20, 20, 1, C_INK, l);
        p->y -= 25;
        l += strlen(l) + 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s %s  -  %s %s", pdf_label(p, "as-of"), pdf_date_text(p, 0, at0(prog, "as-of")),
             pdf_label(p, "generated-by"), at0(p->root, "generated-by"));
    pdf_paragraph(p, buf, 9, 0, C_MUTED);
    p->y -= 4;
}

/* With --baseline, "+3 since 2021-05-31" beside a headline figure that has a change. */
static void change_since(pdf_t *p, xmlNodePtr s, const char *attr, double x, double y)
{
    char name[64], buf[128];
    snprintf(name, sizeof name, "%s-change", attr);
    const char *d = xt_at(s, name);
    if (!d)
        return;
    snprintf(buf, sizeof buf, "%s%s %s %s", d[0] == '-' ? "" : "+", d, pdf_label(p, "since"),
             pdf_date_text(p, 0, at0(s, "baseline-as-of")));
    pdf_text_at(p, x, y, 7, 1, C_HEAD, buf);
}

/* A row of figure cards: each a number and, under it, its label with its unit. */
static void cards(pdf_t *p, xmlNodePtr s, const char *const (*c)[2], int n)
{
    enum { PER_ROW = 5 };
    double w = (CW - (PER_ROW - 1) * 6) / PER_ROW, h = 44;
    for (int i = 0; i < n; i++) { /* a card grows with its label: nothing is cut */
        int nl = pdf_wrap(p, pdf_label(p, c[i][0]), 7, 0, w - 10, &p->para);
        h = 28 + 8 * nl > h ? 28 + 8 * nl : h;
    }
    pdf_need(p, h + 6);
    for (int i = 0; i < n; i++) {
        double x = ML + i * (w + 6);
        pdf_box(p, x, p->y - h, w, h, C_ZEBRA);
        unsigned color = strcmp(c[i][1], "errors") == 0 || strcmp(c[i][1], "rejected") == 0
                             ? C_ERROR
                         : strcmp(c[i][1], "warnings") == 0 ? C_WARN : C_HEAD;
        pdf_text_at(p, x + 6, p->y - 19, 15, 1, color, at0(s, c[i][1]));
        int nl = pdf_wrap(p, pdf_label(p, c[i][0]), 7, 0, w - 10, &p->para);
        const char *l = sb_str(&p->para);
        for (int j = 0; j < nl; j++, l += strlen(l) + 1)
            pdf_text_at(p, x + 6, p->y - 29 - j * 8, 7, 0, C_MUTED, l);
        change_since(p, s, c[i][1], x + 6, p->y - 29 - nl * 8); /* under its label */
    }
    p->y -= h + 6;
}

/* "Where the risk is": rank, the first list's names and values, the second's. */
static void top_table(pdf_t *p, xmlNodePtr s, const char *kind)
{
    const char *head = pdf_label(p, strcmp(kind, "region") == 0 ? "regions" : "partners");
    col_t c[5] = {{pdf_label(p, "rank"), 0.1, 1}, {pdf_label(p, "most-errors"), 0.31, 0},
                  {pdf_label(p, "errors"), 0.09, 1}, {pdf_label(p, "most-days-at-risk"), 0.33, 0},
                  {pdf_label(p, "planning-days"), 0.17, 1}};
    pdf_subheading(p, head);
    pdf_table_begin(p, c, 5);
    strbuf_t *ap = &p->s1, *bp = &p->s2;
    for (int rank = 1; rank <= 5; rank++) {
        xmlNodePtr e = NULL, d = NULL;
        char want[8];
        snprintf(want, sizeof want, "%d", rank);
        for (xmlNodePtr t = s->children; t; t = t->next) {
            if (!xt_is(t, "top") || strcmp(at0(t, "kind"), kind) || strcmp(at0(t, "rank"), want))
                continue;
            if (strcmp(at0(t, "by"), "errors") == 0)
                e = t;
            else
                d = t;
        }
        if (!e && !d && rank > 1)
            break;
        sb_reset(ap);
        sb_reset(bp);
        if (e)
            sb_printf(ap, strcmp(kind, "region") == 0 ? "%s" : "%s %s", at0(e, "id"), at0(e, "name"));
        if (d)
            sb_printf(bp, strcmp(kind, "region") == 0 ? "%s" : "%s %s", at0(d, "id"), at0(d, "name"));
        const char *none = rank == 1 ? pdf_label(p, "none") : ""; /* an empty list says so once */
        const char *cells[5] = {want, e ? sb_str(ap) : none, e ? at0(e, "value") : "",
                                d ? sb_str(bp) : none, d ? at0(d, "value") : ""};
        unsigned colors[5] = {0, 0, e ? C_ERROR : 0, 0, d ? C_ERROR : 0};
        pdf_table_row(p, cells, colors, 0);
    }
    pdf_table_end(p);
}

/* Key figures. Programme and region: the manager's summary, every figure with its unit
 * in its label, where the risk is, and what falls due in 30, 60 and 90 days; closed
 * vouchers are counted here and not listed. Partner: its own figures. */
static void key_figures(pdf_t *p)
{
    xmlNodePtr s = xt_child(p->root, "summary");
    int partner = strcmp(at0(p->root, "scope"), "partner") == 0;
    pdf_heading(p, pdf_label(p, partner ? "key-figures" : "executive-summary"));
    static const char *const row1[5][2] = {{"open-vouchers", "open-vouchers"},
                                           {"open-days", "open-days"},
                                           {"errors", "errors"},
                                           {"warnings", "warnings"},
                                           {"rejected-records", "rejected"}};
    static const char *const row2[5][2] = {{"partners", "partners"},
                                           {"customers", "customers"},
                                           {"vouchers", "vouchers"},
                                           {"closed-vouchers", "closed-vouchers"},
                                           {"due-30", "due30-days"}};
    cards(p, s, row1, 5);
    cards(p, s, row2 + partner, 5 - partner);
    p->y -= 6;
    if (!partner) {
        pdf_subheading(p, pdf_label(p, "where-the-risk-is"));
        if (strcmp(at0(p->root, "scope"), "program") == 0)
            top_table(p, s, "region");
        top_table(p, s, "partner");
    }
    pdf_subheading(p, pdf_label(p, "falls-due"));
    col_t cd[3] = {{pdf_label(p, "due-within"), 0.5, 0}, {pdf_label(p, "vouchers"), 0.25, 1},
                   {pdf_label(p, "planning-days"), 0.25, 1}};
    pdf_table_begin(p, cd, 3);
    static const char *const due[3][3] = {{"within-30", "due30-vouchers", "due30-days"},
                                          {"within-60", "due60-vouchers", "due60-days"},
                                          {"within-90", "due90-vouchers", "due90-days"}};
    for (int d = 0; d < 3; d++) {
        const char *cells[3] = {pdf_label(p, due[d][0]), at0(s, due[d][1]), at0(s, due[d][2])};
        pdf_table_row(p, cells, NULL, 0);
    }
    pdf_table_end(p);
    pdf_subheading(p, pdf_label(p, "vouchers-by-status"));
    static const col_t cols[] = {{"", 0.5, 0}, {"", 0.25, 1}, {"", 0.25, 1}};
    col_t c[3];
    memcpy(c, cols, sizeof c);
    c[0].head = pdf_label(p, "status");
    c[1].head = pdf_label(p, "vouchers");
    c[2].head = pdf_label(p, "planning-days");
    pdf_table_begin(p, c, 3);
    for (xmlNodePtr st = s ? s->children : NULL; st; st = st->next) {
        if (!xt_is(st, "status"))
            continue;
        const char *cells[3] = {at0(st, "label"), at0(st, "count"), at0(st, "days")};
        pdf_table_row(p, cells, NULL, 0);
    }
    pdf_table_end(p);
}

static void inputs(pdf_t *p)
{
    xmlNodePtr ins = xt_child(p->root, "inputs");
    if (!ins)
        return;
    pdf_heading(p, pdf_label(p, "inputs"));
    col_t c[5] = {{pdf_label(p, "file"), 0.46, 0}, {pdf_label(p, "kind"), 0.15, 0},
                  {pdf_label(p, "records"), 0.13, 1}, {pdf_label(p, "kept"), 0.13, 1},
                  {pdf_label(p, "rejected"), 0.13, 1}};
    pdf_table_begin(p, c, 5);
    for (xmlNodePtr i = ins->children; i; i = i->next) {
        if (!xt_is(i, "input"))
            continue;
        const char *cells[5] = {at0(i, "path"), pdf_label(p, at0(i, "kind")), at0(i, "records"), at0(i, "kept"),
                                at0(i, "rejected")};
        unsigned colors[5] = {0, 0, 0, 0, strcmp(at0(i, "rejected"), "0") ? C_ERROR : 0};
        pdf_table_row(p, cells, colors, 0);
    }
    pdf_table_end(p);
}

static double cb_width(void *ctx, const char *utf8, double size)
{
    return pdf_width(ctx, utf8, size, 0);
}

static void cb_show(void *ctx, HPDF_Page page, double x, double y, double size, const char *utf8)
{
    pdf_t *p = ctx;
    pdf_text_mode(page, HPDF_FILL);
    pdf_fonts_show(p->fonts, page, x, y, size, utf8);
}

static void charts(pdf_t *p)
{
    xmlNodePtr cs = xt_child(p->root, "charts");
    if (!cs)
        return;
    pdf_heading(p, pdf_label(p, "charts"));
    chart_pdf_text_t cb = {p, cb_width, cb_show};
    for (xmlNodePtr c = cs->children; c; c = c->next) {
        if (!xt_is(c, "chart"))
            continue;
        chart_t ch;
        const char *why = NULL;
        if (chart_from_xml(c, &ch, &why) != 0) { /* as the HTML page: fail, never leave it out */
            snprintf(p->err, sizeof p->err, "chart: %s", why ? why : "invalid description");
            longjmp(p->jb, 1);
        }
        double w, h;
        chart_size(&ch, &w, &h);
        double cw = CW * 0.9, scale = cw / w; /* two charts a page, text still >= 6 pt */
        pdf_subheading(p, at0(c, "title"));
        pdf_need(p, h * scale + 30);
        double used = chart_pdf(&ch, p->page, &cb, ML + (CW - cw) / 2, p->y, cw);
        chart_free(&ch);
        if (used < 0) {
            snprintf(p->err, sizeof p->err, "chart %s could not be drawn", at0(c, "id"));
            longjmp(p->jb, 1);
        }
        p->y -= used + 4;
        pdf_paragraph(p, at0(c, "caption"), 8, 0, C_MUTED);
        p->y -= 6;
    }
}

static void regions(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "regions");
    if (!rs)
        return;
    pdf_heading(p, pdf_label(p, "regions"));
    col_t c[6] = {{pdf_label(p, "region"), 0.2, 0},   {pdf_label(p, "partners"), 0.16, 1},
                  {pdf_label(p, "vouchers"), 0.16, 1}, {pdf_label(p, "errors"), 0.16, 1},
                  {pdf_label(p, "warnings"), 0.16, 1}, {pdf_label(p, "open-days"), 0.16, 1}};
    pdf_table_begin(p, c, 6);
    for (xmlNodePtr r = rs->children; r; r = r->next) {
        if (!xt_is(r, "region"))
            continue;
        const char *cells[6] = {at0(r, "id"), at0(r, "partners"), at0(r, "vouchers"),
                                at0(r, "errors"), at0(r, "warnings"), at0(r, "open-days")};
        pdf_table_row(p, cells, NULL, 1);
    }
    pdf_table_end(p);
}

static void eligibility(pdf_t *p, xmlNodePtr pa)
{
    pdf_heading(p, pdf_label(p, "eligibility"));
    char buf[256];
    xmlNodePtr ag = xt_child(pa, "agreement"), pr = xt_child(pa, "profile");
    snprintf(buf, sizeof buf, "%s: %s", pdf_label(p, "agreement"),
             ag ? pdf_date_text(p, 0, at0(ag, "signed")) : pdf_label(p, "no-agreement"));
    pdf_paragraph(p, buf, 9, 0, ag ? C_INK : C_ERROR);
    snprintf(buf, sizeof buf, "%s: %s", pdf_label(p, "profile"),
             pr ? pdf_date_text(p, 0, at0(pr, "updated")) : pdf_label(p, "no-profile"));
    pdf_paragraph(p, buf, 9, 0, pr ? C_INK : C_WARN);
    pdf_subheading(p, pdf_label(p, "enrollments"));
    col_t ce[3] = {{pdf_label(p, "offering"), 0.2, 0}, {pdf_label(p, "name"), 0.6, 0}, {pdf_label(p, "date"), 0.2, 0}};
    pdf_table_begin(p, ce, 3);
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "enrollment")) {
            const char *cells[3] = {at0(e, "offering"), at0(e, "offering-name"),
                                    pdf_date_text(p, 0, at0(e, "date"))};
            pdf_table_row(p, cells, NULL, 0);
        }
    pdf_table_end(p);
    pdf_subheading(p, pdf_label(p, "competencies"));
    col_t cc[5] = {{pdf_label(p, "name"), 0.4, 0}, {pdf_label(p, "level"), 0.12, 0},
                   {pdf_label(p, "earned"), 0.16, 0}, {pdf_label(p, "expires"), 0.16, 0},
                   {pdf_label(p, "valid"), 0.16, 0}};
    pdf_table_begin(p, cc, 5);
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "competency")) {
            int valid = strcmp(at0(e, "valid"), "true") == 0;
            const char *cells[5] = {at0(e, "name"), at0(e, "level"), pdf_date_text(p, 0, at0(e, "earned")),
                                    xt_at(e, "expires") ? pdf_date_text(p, 1, at0(e, "expires")) : pdf_label(p, "never"),
                                    pdf_label(p, valid ? "yes" : "no")};
            unsigned colors[5] = {0, 0, 0, 0, valid ? 0x1e8449 : C_ERROR};
            pdf_table_row(p, cells, colors, 0);
        }
    pdf_table_end(p);
    pdf_subheading(p, pdf_label(p, "consultants"));
    col_t ck[3] = {{pdf_label(p, "consultant"), 0.2, 0}, {pdf_label(p, "name"), 0.3, 0}, {pdf_label(p, "exams"), 0.5, 0}};
    pdf_table_begin(p, ck, 3);
    strbuf_t *exp_ = &p->s1;
#define ex (*exp_)
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "consultant")) {
            sb_reset(&ex);
            for (xmlNodePtr x = e->children; x; x = x->next)
                if (xt_is(x, "exam"))
                    sb_printf(&ex, "%s%s (%s)", ex.len ? ", " : "", at0(x, "id"),
                              pdf_date_text(p, 0, at0(x, "passed")));
            const char *cells[3] = {at0(e, "id"), at0(e, "name"), sb_str(&ex)};
            pdf_table_row(p, cells, NULL, 0);
        }
#undef ex
    pdf_table_end(p);
}

static void partners(pdf_t *p)
{
    xmlNodePtr ps = xt_child(p->root, "partners");
    if (!ps)
        return;
    if (strcmp(at0(p->root, "scope"), "partner") == 0) {
        xmlNodePtr pa = xt_child(ps, "partner");
        if (pa)
            eligibility(p, pa);
        return;
    }
    pdf_heading(p, pdf_label(p, "partners-ranked"));
    col_t c[8] = {{pdf_label(p, "rank"), 0.1, 1},     {pdf_label(p, "partner"), 0.11, 0},
                  {pdf_label(p, "name"), 0.29, 0},    {pdf_label(p, "region"), 0.1, 0},
                  {pdf_label(p, "errors"), 0.1, 1},   {pdf_label(p, "warnings"), 0.1, 1},
                  {pdf_label(p, "vouchers"), 0.1, 1}, {pdf_label(p, "open-days"), 0.1, 1}};
    pdf_table_begin(p, c, 8);
    for (xmlNodePtr r = ps->children; r; r = r->next) {
        if (!xt_is(r, "partner"))
            continue;
        const char *cells[8] = {at0(r, "rank"),   at0(r, "id"),       at0(r, "name"),
                                at0(r, "region"), at0(r, "errors"),   at0(r, "warnings"),
                                at0(r, "vouchers"), at0(r, "open-days")};
        unsigned colors[8] = {0, 0, 0, 0, strcmp(at0(r, "errors"), "0") ? C_ERROR : 0,
                              strcmp(at0(r, "warnings"), "0") ? C_WARN : 0, 0, 0};
        pdf_table_row(p, cells, colors, 0);
    }
    pdf_table_end(p);
    pdf_more_rows(p, ps);
}

/* The vouchers. Programme and region: the open ones only, with their partner; the
 * closed ones are counted in the summary (their rows would fill most of the pages). */
static void vouchers(pdf_t *p)
{
    xmlNodePtr vs = xt_child(p->root, "vouchers");
    if (!vs)
        return;
    int wide = strcmp(at0(p->root, "scope"), "partner") != 0;
    pdf_heading(p, pdf_label(p, wide ? "open-vouchers" : "vouchers"));
    long closed = 0, open = 0;
    for (xmlNodePtr v = vs->children; v; v = v->next)
        if (xt_is(v, "voucher"))
            *(xt_at(v, "deadline-kind") ? &open : &closed) += 1;
    if (!open && (!closed || wide)) {
        pdf_paragraph(p, pdf_label(p, "no-vouchers"), 9, 0, C_MUTED);
    } else {
        col_t pc[9] = {{pdf_label(p, "voucher"), 0.145, 0},  {pdf_label(p, "partner"), 0.085, 0},
                       {pdf_label(p, "customer"), 0.145, 0},  {pdf_label(p, "engagement"), 0.145, 0},
                       {pdf_label(p, "days"), 0.06, 1},       {pdf_label(p, "status"), 0.1, 0},
                       {pdf_label(p, "deadline"), 0.11, 0},   {pdf_label(p, "deadline-kind"), 0.1, 0},
                       {pdf_label(p, "days-remaining"), 0.11, 1}};
        col_t c[8]; /* a partner's page leaves out the partner */
        for (int i = 0, j = 0; !wide && i < 9; i++)
            if (i != 1)
                c[j++] = pc[i];
        if (!wide) {
            c[0].w = 0.15, c[1].w = 0.18, c[2].w = 0.18, c[3].w = 0.06, c[4].w = 0.12;
            c[5].w = 0.11, c[6].w = 0.1, c[7].w = 0.1;
        }
        /* A date breaks at most once, before its year ("28 September / 2021", not also
         * between day and month): the deadline column widens toward the widest date of the
         * table, taken from the days remaining (a number under a two-word heading) and the
         * status (one or two words a line) down to what their words need. The customer and
         * the engagement keep their width: narrower, they wrap into taller rows (6 % more
         * pages on the bench data when they gave their share). */
        col_t *cols = wide ? pc : c;
        int dl = wide ? 6 : 5;
        double widest = 0;
        for (xmlNodePtr v = vs->children; v; v = v->next)
            if (xt_is(v, "voucher") && (!wide || xt_at(v, "deadline-kind")))
                widest = fmax(widest, pdf_width(p, pdf_date_text(p, 0, at0(v, "deadline")), 8, 0));
        double more = (widest + 6.5) / CW - cols[dl].w;
        const struct { int col; double floor; } donors[] = {{dl + 2, 0.09}, {dl - 1, 0.1}};
        for (int i = 0; i < 2 && more > 0; i++) {
            double give = fmin(more, fmax(cols[donors[i].col].w - donors[i].floor, 0));
            cols[donors[i].col].w -= give;
            cols[dl].w += give;
            more -= give;
        }
        pdf_table_begin(p, cols, wide ? 9 : 8);
        strbuf_t *custp = &p->s1;
#define cust (*custp)
        for (xmlNodePtr v = vs->children; v; v = v->next) {
            if (!xt_is(v, "voucher") || (wide && !xt_at(v, "deadline-kind")))
                continue;
            sb_reset(&cust);
            sb_printf(&cust, "%s%s%s", at0(v, "customer"), xt_at(v, "customer-name") ? " " : "",
                      at0(v, "customer-name"));
            const char *tier = at0(v, "tier");
            unsigned tc = !strcmp(tier, "red") ? C_ERROR : !strcmp(tier, "amber") ? C_WARN
                          : !strcmp(tier, "green") ? 0x1e8449 : 0;
            const char *all[9] = {at0(v, "id"),      at0(v, "partner"), sb_str(&cust),
                                  xt_at(v, "engagement-name") ? at0(v, "engagement-name")
                                                           : at0(v, "engagement"),
                                  at0(v, "days"),    at0(v, "status-label"),
                                  pdf_date_text(p, 0, at0(v, "deadline")), at0(v, "deadline-label"),
                                  at0(v, "days-remaining")};
            unsigned allc[9] = {0, 0, 0, 0, 0, 0, tc, 0, tc};
            const char *cells[9];
            unsigned colors[9];
            for (int i = 0, j = 0; i < 9; i++)
                if (wide || i != 1) {
                    cells[j] = all[i];
                    colors[j++] = allc[i];
                }
            pdf_table_row(p, cells, colors, 0);
        }
#undef cust
        pdf_table_end(p);
    }
    if (wide) { /* the closed ones of the whole scope, not only of the model's rows */
        long total = strtol(at0(xt_child(p->root, "summary"), "closed-vouchers"), NULL, 10);
        char buf[512];
        snprintf(buf, sizeof buf, "%ld %s", total, pdf_label(p, "closed-not-listed"));
        pdf_paragraph(p, buf, 8.5, 0, C_MUTED);
    }
    if (!wide) {
        pdf_more_rows(p, vs);
        return;
    }
    /* a capped model holds the open vouchers first: rows beyond it are open ones only
     * when it holds no closed one */
    long open_total = strtol(at0(xt_child(p->root, "summary"), "open-vouchers"), NULL, 10);
    if (closed == 0 && open_total > open) {
        char buf[256];
        snprintf(buf, sizeof buf, "%ld %s", open_total - open, pdf_label(p, "more-rows"));
        pdf_paragraph(p, buf, 8.5, 0, C_MUTED);
    }
}

static void findings(pdf_t *p)
{
    xmlNodePtr fs = xt_child(p->root, "findings");
    if (!fs)
        return;
    pdf_heading(p, pdf_label(p, "findings"));
    if (!xt_child(fs, "finding")) {
        pdf_paragraph(p, pdf_label(p, "no-findings"), 9, 0, C_MUTED);
        return;
    }
    int wide = strcmp(at0(p->root, "scope"), "partner") != 0;
    col_t pc[4] = {{pdf_label(p, "severity"), 0.1, 0}, {pdf_label(p, "rule"), 0.2, 0},
                   {pdf_label(p, "message"), 0.58, 0}, {pdf_label(p, "date"), 0.12, 0}};
    col_t wc[6] = {{pdf_label(p, "severity"), 0.08, 0}, {pdf_label(p, "rule"), 0.15, 0},
                   {pdf_label(p, "partner"), 0.085, 0}, {pdf_label(p, "voucher"), 0.145, 0},
                   {pdf_label(p, "message"), 0.43, 0},  {pdf_label(p, "date"), 0.11, 0}};
    pdf_table_begin(p, wide ? wc : pc, wide ? 6 : 4);
    strbuf_t *textp = &p->s1, *rulep = &p->s2;
#define text (*textp)
#define rule (*rulep)
    for (xmlNodePtr f = fs->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        sb_reset(&text);
        sb_printf(&text, "%s %s: %s", content(xt_child(f, "message")), pdf_label(p, "remedy"),
                  content(xt_child(f, "remedy")));
        sb_reset(&rule);
        if (strcmp(at0(f, "change"), "new") == 0) /* a word, not a colour: reads in grey */
            sb_printf(&rule, "%s: ", pdf_label(p, "new"));
        sb_puts(&rule, at0(f, "title"));
        if (xt_at(f, "file"))
            sb_printf(&rule, " (%s:%s)", at0(f, "file"), at0(f, "line"));
        int err = strcmp(at0(f, "severity"), "error") == 0;
        /* what it is about: the voucher, else the customer */
        const char *about = xt_at(f, "voucher") ? at0(f, "voucher") : at0(f, "customer");
        const char *wcells[6] = {at0(f, "severity-label"), sb_str(&rule), at0(f, "partner"),
                                 about, sb_str(&text), pdf_date_text(p, 0, at0(f, "date"))};
        const char *pcells[4] = {at0(f, "severity-label"), sb_str(&rule), sb_str(&text),
                                 pdf_date_text(p, 0, at0(f, "date"))};
        unsigned colors[6] = {err ? C_ERROR : C_WARN, 0, 0, 0, 0, 0};
        pdf_table_row(p, wide ? wcells : pcells, colors, 1);
    }
#undef text
#undef rule
    pdf_table_end(p);
    pdf_more_rows(p, fs);
}

/* Waived findings: every one shown with its waiver (id, reason, approver, expiry). */
static void waived(pdf_t *p)
{
    xmlNodePtr ws = xt_child(p->root, "waived");
    if (!ws || !xt_child(ws, "finding"))
        return;
    pdf_heading(p, pdf_label(p, "waived"));
    pdf_paragraph(p, pdf_label(p, "waived-intro"), 9, 0, C_MUTED);
    /* the finding by its rule and subject (its message is in the HTML and the findings
     * files); the columns go to the waiver, which a cell of at most 4 lines must hold */
    col_t c[4] = {{pdf_label(p, "rule"), 0.28, 0},
                  {pdf_label(p, "reason"), 0.44, 0},
                  {pdf_label(p, "approved-by"), 0.15, 0},
                  {pdf_label(p, "waiver-expires"), 0.13, 0}};
    pdf_table_begin(p, c, 4);
    for (xmlNodePtr f = ws->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        const char *subject = xt_at(f, "voucher") ? at0(f, "voucher")
                              : xt_at(f, "customer") ? at0(f, "customer")
                                                  : at0(f, "partner");
        sb_reset(&p->s1);
        sb_printf(&p->s1, "%s: %s, %s", at0(f, "severity-label"), at0(f, "title"), subject);
        sb_reset(&p->s2);
        sb_printf(&p->s2, "%s %s: %s", pdf_label(p, "waiver"), at0(f, "waiver"),
                  content(xt_child(f, "waiver-reason")));
        const char *cells[4] = {sb_str(&p->s1), sb_str(&p->s2), at0(f, "waiver-approved-by"),
                                pdf_date_text(p, 1, at0(f, "waiver-expires"))};
        pdf_table_row(p, cells, NULL, 1);
    }
    pdf_table_end(p);
    pdf_more_rows(p, ws);
}

/* With --baseline: the findings of the previous report that are gone. */
static void resolved(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "resolved");
    if (!rs)
        return;
    char head[160];
    snprintf(head, sizeof head, "%s %s", pdf_label(p, "resolved-since"),
             pdf_date_text(p, 0, at0(rs, "since")));
    pdf_heading(p, head);
    if (!xt_child(rs, "finding")) {
        pdf_paragraph(p, pdf_label(p, "no-resolved"), 9, 0, C_MUTED);
        return;
    }
    col_t c[3] = {{pdf_label(p, "rule"), 0.26, 0}, {pdf_label(p, "message"), 0.62, 0},
                  {pdf_label(p, "date"), 0.12, 0}};
    pdf_table_begin(p, c, 3);
    for (xmlNodePtr f = rs->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        sb_reset(&p->s1);
        sb_printf(&p->s1, "%s: %s", at0(f, "severity-label"), at0(f, "title"));
        const char *cells[3] = {sb_str(&p->s1), content(xt_child(f, "message")),
                                pdf_date_text(p, 0, at0(f, "date"))};
        pdf_table_row(p, cells, NULL, 1);
    }
    pdf_table_end(p);
    pdf_more_rows(p, rs);
}

/* The partner's page 1: errors first, then what falls due soonest (report_sections.c
 * orders them); each row says by when, how many days that leaves, about what, and what to do. */
static void actions(pdf_t *p)
{
    xmlNodePtr as = xt_child(p->root, "actions");
    if (!as)
        return;
    pdf_heading(p, pdf_label(p, "next-actions"));
    if (!xt_child(as, "action")) {
        pdf_paragraph(p, pdf_label(p, "no-actions"), 9, 0, C_MUTED);
        return;
    }
    col_t c[4] = {{pdf_label(p, "act-by"), 0.17, 0}, {pdf_label(p, "days-left"), 0.09, 1},
                  {pdf_label(p, "subject"), 0.16, 0}, {pdf_label(p, "remedy"), 0.58, 0}};
    pdf_table_begin(p, c, 4);
    strbuf_t *textp = &p->s1;
#define text (*textp)
    for (xmlNodePtr a = as->children; a; a = a->next) {
        if (!xt_is(a, "action"))
            continue;
        long d = strtol(at0(a, "days-remaining"), NULL, 10);
        int dated = xt_at(a, "date") != NULL, err = strcmp(at0(a, "severity"), "error") == 0;
        unsigned tc = !dated ? C_MUTED : d <= 30 ? C_ERROR : d <= 90 ? C_WARN : 0x1e8449;
        const char *kind = at0(a, "kind");
        const char *when = dated ? pdf_date_text(p, 0, at0(a, "date"))
                           : pdf_label(p, strcmp(kind, "record") == 0 ? "for-the-record"
                                      : strcmp(kind, "notice") == 0 ? "for-information"
                                                                     : "no-date");
        sb_reset(&text);
        if (xt_at(a, "title"))
            sb_printf(&text, "%s (%s): ", at0(a, "title"), at0(a, "severity-label"));
        sb_puts(&text, content(a));
        const char *cells[4] = {when, at0(a, "days-remaining"), at0(a, "subject"), sb_str(&text)};
        unsigned colors[4] = {tc, tc, err ? C_ERROR : xt_at(a, "severity") ? C_WARN : 0, 0};
        pdf_table_row(p, cells, colors, 0);
    }
#undef text
    pdf_table_end(p);
}

static void rules_appendix(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "rules");
    if (!rs)
        return;
    pdf_new_page(p);
    pdf_heading(p, pdf_label(p, "rules-appendix"));
    strbuf_t *sbp = &p->s1;
#define sb (*sbp)
    for (xmlNodePtr r = rs->children; r; r = r->next) {
        if (!xt_is(r, "rule"))
            continue;
        pdf_need(p, 50);
        int err = strcmp(at0(r, "severity"), "error") == 0;
        sb_reset(&sb);
        sb_printf(&sb, "%s  (%s)", at0(r, "title"), pdf_label(p, err ? "errors" : "warnings"));
        pdf_paragraph(p, sb_str(&sb), 9.5, 1, err ? C_ERROR : C_WARN);
        p->y += 3;
        pdf_paragraph(p, content(xt_child(r, "description")), 8.5, 0, C_INK);
        p->y += 3;
        sb_reset(&sb);
        sb_printf(&sb, "%s: %s  [%s]", pdf_label(p, "remedy"), content(xt_child(r, "remedy")),
                  at0(r, "step-label"));
        pdf_paragraph(p, sb_str(&sb), 8.5, 0, C_MUTED);
    }
#undef sb
}

/* The report details (the model's <details>), the last section: what support files with
 * a ticket. Every value is whole; a SHA-256 fits its column on one line. */
static void details(pdf_t *p)
{
    xmlNodePtr d = xt_child(p->root, "details"), subj = xt_child(p->root, "subject");
    if (!d)
        return;
    pdf_heading(p, pdf_label(p, "report-details"));
    static const col_t c[2] = {{"", 0.26, 0}, {"", 0.74, 0}}; /* a list: no header row */
    pdf_table_begin(p, c, 2);
    strbuf_t *sb = &p->s1;
    xmlNodePtr pg = xt_child(d, "program");
    const char *rows[][2] = {
        {pdf_label(p, "report-id"), at0(d, "id")},
        {pdf_label(p, "scope"), at0(subj, "title")},
        {pdf_label(p, "as-of"), pdf_date_text(p, 0, at0(xt_child(p->root, "program"), "as-of"))},
        {pdf_label(p, "generated"), at0(d, "generated")},
        {pdf_label(p, "psreport-version"), at0(d, "version")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        pdf_table_row(p, rows[i], NULL, 1);
    sb_reset(sb);
    sb_printf(sb, "%s (%s, %s %s), %s", at0(pg, "name"), at0(pg, "id"), pdf_label(p, "version"),
              at0(pg, "version"), at0(pg, "file"));
    const char *prow[2] = {pdf_label(p, "programme-definition"), sb_str(sb)};
    pdf_table_row(p, prow, NULL, 1);
    const char *hrow[2] = {pdf_label(p, "sha256"), at0(pg, "sha256")};
    pdf_table_row(p, hrow, NULL, 0);
    for (xmlNodePtr i = d->children; i; i = i->next) {
        if (!xt_is(i, "input"))
            continue;
        sb_reset(sb);
        sb_printf(sb, "%s (%s)", at0(i, "file"), at0(i, "kind"));
        if (xt_at(i, "exported"))
            sb_printf(sb, ", %s %s", pdf_label(p, "exported"), at0(i, "exported"));
        const char *irow[2] = {pdf_label(p, "input-file"), sb_str(sb)};
        pdf_table_row(p, irow, NULL, 1);
        const char *shrow[2] = {pdf_label(p, "sha256"), xt_at(i, "sha256") ? at0(i, "sha256") : "-"};
        pdf_table_row(p, shrow, NULL, 0);
    }
    pdf_table_end(p);
}

void pdf_sections_draw(pdf_t *p)
{
    title_block(p);
    if (strcmp(at0(p->root, "scope"), "partner") == 0) {
        actions(p); /* page 1 is what to do */
        key_figures(p);
        partners(p); /* eligibility */
        findings(p);
        waived(p);
        resolved(p);
        vouchers(p);
        charts(p);
    } else {
        key_figures(p);
        charts(p);
        regions(p);
        partners(p);
        findings(p);
        waived(p);
        resolved(p);
        vouchers(p);
        inputs(p);
    }
    rules_appendix(p);
    details(p);
}
