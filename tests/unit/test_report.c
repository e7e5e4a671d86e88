/* test_report.c - the report model through report.h, on the samples (waivers included):
 * the programme, every region and every partner scope built with report_build; each
 * scope's figures equal what the evaluation counts for it, and a partner's model holds
 * only that partner's vouchers and findings (rules.md, "who sees what"). Then what the
 * writer does once the reports are written: a baseline placed in the model, the ID maps
 * dropped, and index.html's model the same before and after the records went back. */
#define _DEFAULT_SOURCE /* mkstemp */
#include "baseline.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "report.h"
#include "util/date.h"

#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - report: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static long xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr c = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, c);
    double v = o ? xmlXPathCastToNumber(o) : -1;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    return v == v ? (long)v : -1; /* NaN: the attribute is missing */
}

/* What the evaluation counts for a scope (kind 0 programme, 1 region, 2 partner). */
typedef struct {
    long vouchers, open, open_days, errors, warnings, findings, waived, rejected;
} want_t;

static int in_scope(int kind, long id, long region, long partner)
{
    return kind == SC_PROGRAM || (kind == SC_REGION && region == id) ||
           (kind == SC_PARTNER && partner == id);
}

static void counted(const run_t *r, int kind, long id, want_t *w)
{
    const eval_t *e = r->e;
    memset(w, 0, sizeof *w);
    for (long k = 0; k < e->n_exist; k++) {
        long i = e->order[k];
        if (!in_scope(kind, id, e->v[i].region, voucher_partner_ix(&r->m->vouchers[i])))
            continue;
        w->vouchers++;
        if (e->v[i].kind != DL_NONE) {
            w->open++;
            w->open_days += r->m->vouchers[i].days;
        }
    }
    for (long k = 0; k < e->n_f; k++) {
        const finding_t *f = &e->f[k];
        if (!in_scope(kind, id, f->region, f->partner_ix))
            continue;
        if (f->waiver >= 0) {
            w->waived++;
            continue;
        }
        w->findings++;
        w->rejected += f->rule == R_DUPLICATE_ID || f->rule == R_INVALID_RECORD;
        if (rule_info[f->rule].severity == SEV_ERROR)
            w->errors++;
        else
            w->warnings++;
    }
}

/* 1 when the model's figures are what the evaluation counts; says what differs. */
static int figures_match(xmlDocPtr doc, const run_t *r, int kind, long id)
{
    want_t w;
    counted(r, kind, id, &w);
    long got[] = {xp(doc, "/report/summary/@vouchers"),
                  xp(doc, "count(/report/vouchers/voucher)"),
                  xp(doc, "/report/summary/@open-vouchers"),
                  xp(doc, "/report/summary/@open-days"),
                  xp(doc, "/report/summary/@errors"),
                  xp(doc, "/report/summary/severity[@id='error']/@count"),
                  xp(doc, "/report/summary/@warnings"),
                  xp(doc, "/report/findings/@total"),
                  xp(doc, "count(/report/findings/finding)"),
                  xp(doc, "/report/waived/@total"),
                  xp(doc, "/report/summary/@rejected"),
                  xp(doc, "/report/summary/@closed-vouchers")};
    long want[] = {w.vouchers, w.vouchers, w.open, w.open_days, w.errors, w.errors,
                   w.warnings, w.findings, w.findings, w.waived, w.rejected,
                   w.vouchers - w.open};
    int same = 1;
    for (size_t k = 0; k < sizeof got / sizeof *got; k++)
        if (got[k] != want[k]) {
            fprintf(stderr, "# scope %d/%ld: figure %zu is %ld, the evaluation counts %ld\n",
                    kind, id, k, got[k], want[k]);
            same = 0;
        }
    return same;
}

/* The urgent order, said plainly: open vouchers first, by deadline, then by ID. */
static const run_t *urgent_run;
static int urgent_cmp(const void *a, const void *b)
{
    const veval_t *x = &urgent_run->e->v[*(const idx_t *)a], *y = &urgent_run->e->v[*(const idx_t *)b];
    int xo = x->kind != DL_NONE, yo = y->kind != DL_NONE;
    if (xo != yo)
        return yo - xo;
    if (xo && x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    return strcmp(urgent_run->m->vouchers[*(const idx_t *)a].id,
                  urgent_run->m->vouchers[*(const idx_t *)b].id);
}

/* 1 when the model's <vouchers> list the scope's vouchers (all n of them) in the
 * urgent order; *open: how many of them are open. */
static int in_urgent_order(xmlDocPtr doc, const run_t *r, long *open)
{
    const eval_t *e = r->e;
    idx_t *want = malloc((size_t)e->n_exist * sizeof *want);
    memcpy(want, e->order, (size_t)e->n_exist * sizeof *want);
    urgent_run = r;
    qsort(want, (size_t)e->n_exist, sizeof *want, urgent_cmp);
    long k = 0;
    int same = 1;
    *open = 0;
    xmlNodePtr vs = xmlDocGetRootElement(doc)->children;
    while (vs && !(vs->type == XML_ELEMENT_NODE && strcmp((const char *)vs->name, "vouchers") == 0))
        vs = vs->next;
    for (xmlNodePtr n = vs ? vs->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "voucher") != 0)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        same &= k < e->n_exist && id && strcmp((const char *)id, r->m->vouchers[want[k]].id) == 0;
        *open += k < e->n_exist && e->v[want[k]].kind != DL_NONE;
        xmlFree(id);
        k++;
    }
    free(want);
    return same && k == e->n_exist;
}

/* 1 when word occurs in text as a whole token (not inside a longer ID). */
static int has_token(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        int before = p > text && (strchr("-_", p[-1]) || (p[-1] >= '0' && p[-1] <= '9'));
        int after = p[n] && (strchr("-_", p[n]) || (p[n] >= '0' && p[n] <= '9'));
        if (!before && !after)
            return 1;
    }
    return 0;
}

int main(void)
{
    program_t p;
    catalogue_t cat;
    if (program_load(&p, "input/program.xml", "input/schema/program.xsd", stderr) != 0 ||
        cat_load(&cat, "templates/i18n", "en", stderr) != 0)
        return 1;
    model_t m;
    model_init(&m);
    ingest_t *in = ingest_new(&m, "input/schema", NULL, 0, stderr);
    if (!in)
        return 1;
    const char *files[] = {"input/partners.xml", "input/vouchers.xml",
                           "input/vouchers_corrections.xml", "input/waivers.xml"};
    for (int k = 0; k < 4; k++)
        ingest_file(in, files[k]);
    ingest_free(in);
    model_link(&m, &p);
    eval_t e;
    if (eval_run(&m, &p, date_parse("2021-06-15", 10), 1, &e) != 0)
        return 1;
    check(m.n_partners > 10 && e.n_f > 20 && e.waived > 0,
          "samples read and evaluated as of 2021-06-15, some findings waived");
    run_t r = {.m = &m, .p = &p, .e = &e, .cat = &cat};
    report_index_t *ix = report_index_new(&r);

    xmlDocPtr doc = report_build(&r, ix, SC_PROGRAM, 0, 0);
    check(doc && figures_match(doc, &r, SC_PROGRAM, 0) &&
              e.errors == xp(doc, "/report/summary/@errors") &&
              e.warnings == xp(doc, "/report/summary/@warnings"),
          "programme: vouchers, open, days, errors, warnings, findings, waived, rejected "
          "equal the evaluation's");
    long rejected = 0;
    for (int i = 0; i < m.n_files; i++)
        rejected += m.files[i].rejected;
    check(xp(doc, "/report/summary/@rejected") == rejected &&
              xp(doc, "sum(/report/inputs/input/@rejected)") == rejected &&
              xp(doc, "count(/report/inputs/input)") == m.n_files,
          "programme: rejected = the records ingest rejected, file by file in <inputs>");
    long open = 0;
    check(in_urgent_order(doc, &r, &open) && open > 10 && open < e.n_exist,
          "programme: the vouchers listed open first by deadline, then by ID (open and closed ones)");
    check(xp(doc, "count(/report/partners/partner)") == m.n_partners &&
              xp(doc, "/report/summary/@partners") == m.n_partners,
          "programme: every partner listed");
    xmlFreeDoc(doc);

    /* milestones in date order whatever the definition's order: reversed here */
    int saved[MS_COUNT];
    memcpy(saved, p.milestone, sizeof saved);
    for (int i = 0; i < MS_COUNT; i++)
        p.milestone[i] = date_parse("2022-01-01", 10) - 10 * i;
    doc = report_build(&r, ix, SC_PROGRAM, 0, 0);
    char first_ms[160];
    snprintf(first_ms, sizeof first_ms, "/report/program/milestone[1]/@id = '%s'",
             milestone_names[MS_COUNT - 1]);
    check(doc && xp(doc, "count(/report/program/milestone)") == MS_COUNT && xp(doc, first_ms) == 1 &&
              xp(doc, "count(/report/program/milestone[number(translate(@date, '-', '')) < "
                      "number(translate(preceding-sibling::milestone[1]/@date, '-', ''))])") == 0,
          "programme: milestones listed by date, not in the definition's order");
    xmlFreeDoc(doc);
    memcpy(p.milestone, saved, sizeof saved);

    int regions_ok = 1, sums_ok = 1;
    long vouchers = 0;
    for (long g = 0; g < REGION_COUNT; g++) {
        doc = report_build(&r, ix, SC_REGION, g, 0);
        char q[160];
        snprintf(q, sizeof q, "count(/report/vouchers/voucher[@region!='%s'])", region_names[g]);
        regions_ok &= doc && figures_match(doc, &r, SC_REGION, g) && xp(doc, q) == 0;
        vouchers += xp(doc, "/report/summary/@vouchers");
        xmlFreeDoc(doc);
    }
    check(regions_ok, "each region: its figures equal the evaluation's, only its vouchers");
    long unplaced = 0;
    for (long k = 0; k < e.n_exist; k++)
        unplaced += e.v[e.order[k]].region == REGION_NONE;
    sums_ok = vouchers + unplaced == e.n_exist;
    check(sums_ok, "the regions' vouchers and the unplaced ones add up to the programme's");

    int isolated = 1, partners_ok = 1;
    long with_findings = 0;
    for (long k = 0; k < m.n_partners; k++) {
        const char *pid = m.partners[k].id;
        doc = report_build(&r, ix, SC_PARTNER, k, 0);
        if (!doc) {
            partners_ok = 0;
            continue;
        }
        partners_ok &= figures_match(doc, &r, SC_PARTNER, k);
        char q[300];
        snprintf(q, sizeof q,
                 "count(//voucher[@partner!='%s']) + count(//finding[@partner!='%s']) + "
                 "count(/report/partners/partner[@id!='%s']) + count(/report/inputs) + "
                 "count(/report/regions)",
                 pid, pid, pid);
        isolated &= xp(doc, q) == 0 && xp(doc, "count(/report/partners/partner)") == 1;
        snprintf(q, sizeof q, "/report/subject[@kind='partner']/@id = '%s'", pid);
        isolated &= xp(doc, q) == 1;
        with_findings += xp(doc, "/report/findings/@total") > 0;
        /* the whole text: no other partner's ID, and no voucher of another partner */
        xmlChar *text = NULL;
        int len = 0;
        xmlDocDumpMemory(doc, &text, &len);
        for (long q2 = 0; text && q2 < m.n_partners; q2++)
            if (q2 != k && has_token((const char *)text, m.partners[q2].id)) {
                fprintf(stderr, "# partner %s's model names partner %s\n", pid,
                        m.partners[q2].id);
                isolated = 0;
            }
        for (long i = 0; text && i < m.n_vouchers; i++) {
            long owner = voucher_partner_ix(&m.vouchers[i]);
            if (owner != k && has_token((const char *)text, m.vouchers[i].id)) {
                fprintf(stderr, "# partner %s's model names voucher %s (partner %ld)\n", pid,
                        m.vouchers[i].id, owner);
                isolated = 0;
            }
        }
        xmlFree(text);
        xmlFreeDoc(doc);
    }
    check(partners_ok, "each partner: its figures equal the evaluation's counts for it");
    check(with_findings > 5, "partner scopes with findings are among them");
    check(isolated, "each partner's model holds only its vouchers, findings and itself; "
                    "no other partner's ID nor another partner.s voucher in its text");

    /* a baseline's findings placed in this model (baseline_mark), as evaluate.c scopes a
     * finding: by the voucher's partner, else the finding's own partner (waiver-unused:
     * the programme's only), the region of that partner, else of the customer */
    long c_amer = -1, p_apac = -1;
    for (long u = 0; u < m.n_customers && c_amer < 0; u++)
        if (m.customers[u].region == REGION_AMER)
            c_amer = u;
    for (long k = 0; k < m.n_partners && p_apac < 0; k++)
        if (m.partners[k].region == REGION_APAC)
            p_apac = k;
    const voucher_t *v0 = &m.vouchers[0];
    long v0p = voucher_partner_ix(v0);
    char json[2048], path[] = "/tmp/psreport-test-report-XXXXXX";
    int fd = mkstemp(path);
    snprintf(json, sizeof json,
             "{\"tool\": {\"name\": \"psreport\"}, \"program\": \"%s\", \"as_of\": \"2021-05-31\", "
             "\"findings\": ["
             "{\"rule\": \"voucher-expired\", \"partner\": \"%s\", \"customer\": \"%s\", \"voucher\": \"%s\"},"
             "{\"rule\": \"waiver-unused\", \"partner\": \"%s\"},"
             "{\"rule\": \"profile-missing\", \"partner\": \"%s\", \"customer\": \"%s\"},"
             "{\"rule\": \"accrual-after-end\", \"customer\": \"%s\"},"
             "{\"rule\": \"voucher-expired\", \"partner\": \"NO-SUCH\", \"voucher\": \"NO-SUCH-V\"}]}",
             p.id, m.partners[p_apac].id, m.customers[c_amer].id, v0->id, m.partners[p_apac].id,
             m.partners[p_apac].id, m.customers[c_amer].id, m.customers[c_amer].id);
    baseline_t b;
    char why[600];
    int loaded = fd >= 0 && write(fd, json, strlen(json)) == (ssize_t)strlen(json) &&
                 baseline_load(&b, path, p.id, e.as_of, why, sizeof why) == 0;
    if (fd >= 0)
        close(fd);
    unlink(path);
    check(loaded && c_amer >= 0 && p_apac >= 0 && v0p >= 0 && v0p != p_apac && b.n == 5,
          "a baseline naming sample partners, customers and a voucher is read");
    if (loaded) {
        baseline_mark(&b, &e, &m);
        check(b.f[0].partner_ix == v0p && b.f[0].region == REGION_APAC,
              "baseline: a voucher's finding is its voucher's partner's; its region, the named partner's");
        check(b.f[1].partner_ix == -1 && b.f[1].region == REGION_APAC,
              "baseline: waiver-unused is the programme office's, whatever partner it names");
        check(b.f[2].partner_ix == p_apac && b.f[2].region == REGION_APAC,
              "baseline: a finding without a voucher is its partner's, in its partner's region");
        check(b.f[3].partner_ix == -1 && b.f[3].region == REGION_AMER,
              "baseline: a customer's finding without a partner: the customer's region, no partner");
        check(b.f[4].partner_ix == -1 && b.f[4].region == -1,
              "baseline: a partner and voucher this run does not know: the programme's only");
        baseline_free(&b);
    }

    /* the maps only reading and placing need go (model_drop_lookups); the records and the
     * partner map stay */
    long p0 = hash_get(&m.partner_ix, m.partners[3].id);
    char v0id[64];
    snprintf(v0id, sizeof v0id, "%s", v0->id);
    model_drop_lookups(&m);
    check(p0 == 3 && hash_get(&m.partner_ix, m.partners[3].id) == 3 && m.voucher_ix.cap == 0 &&
              m.customer_ix.cap == 0 && m.intern.cap == 0 && hash_get(&m.voucher_ix, v0id) == -1 &&
              strcmp(m.vouchers[0].id, v0id) == 0 && voucher_partner_ix(&m.vouchers[0]) == v0p,
          "model_drop_lookups: the voucher, customer and interning maps are freed; the partner map "
          "and the vouchers (with their links) stay");

    /* index.html's model, made from rows taken before the records' memory went back, is
     * the same before and after it went back (report_write.c: the index comes last) */
    long n_refs = 1 + REGION_COUNT + m.n_partners;
    report_ref_t *refs = calloc((size_t)n_refs, sizeof *refs);
    refs[0] = (report_ref_t){SC_PROGRAM, 0};
    for (long g = 0; g < REGION_COUNT; g++)
        refs[1 + g] = (report_ref_t){SC_REGION, g};
    for (long k = 0; k < m.n_partners; k++)
        refs[1 + REGION_COUNT + k] = (report_ref_t){SC_PARTNER, k};
    report_row_t *rows = report_index_rows(&r, ix, refs, n_refs);
    report_link_t link = {"html", "html"};
    report_index_spec_t spec = {.refs = refs, .rows = rows, .n_refs = n_refs, .links = &link, .n_links = 1};
    int rows_ok = rows[0].errors == e.errors && rows[0].warnings == e.warnings &&
                  rows[0].vouchers == e.n_exist && rows[0].partners == m.n_partners;
    for (long k = 0; k < m.n_partners; k++) {
        doc = report_build(&r, ix, SC_PARTNER, k, 0);
        const report_row_t *w = &rows[1 + REGION_COUNT + k];
        rows_ok &= doc && w->errors == xp(doc, "/report/summary/@errors") &&
                   w->warnings == xp(doc, "/report/summary/@warnings") &&
                   w->vouchers == xp(doc, "/report/summary/@vouchers") &&
                   w->open_days == xp(doc, "/report/summary/@open-days") && w->partners == 1;
        xmlFreeDoc(doc);
    }
    check(rows_ok, "index rows: the programme's and every partner's figures are their reports'");
    xmlChar *before = NULL, *after = NULL;
    int n_before = 0, n_after = 0;
    doc = report_index_model(&r, ix, &spec);
    xmlDocDumpMemory(doc, &before, &n_before);
    xmlFreeDoc(doc);
    model_release_vouchers(&m, m.n_vouchers);
    eval_release_records(&e);
    doc = report_index_model(&r, ix, &spec);
    xmlDocDumpMemory(doc, &after, &n_after);
    xmlFreeDoc(doc);
    check(e.v == NULL && e.f == NULL && e.n_f == 0 && e.errors == rows[0].errors &&
              e.n_exist == rows[0].vouchers,
          "eval_release_records: the per-voucher results and findings are gone, the counts stay");
    check(before && after && n_before == n_after && memcmp(before, after, (size_t)n_before) == 0 &&
              n_before > 1000,
          "the index model is the same after the vouchers and findings went back");
    xmlFree(before);
    xmlFree(after);
    free(rows);
    free(refs);

    report_index_free(ix);
    eval_free(&e);
    model_free(&m);
    cat_free(&cat);
    program_free(&p);
    xmlCleanupParser();
    return failed;
}
