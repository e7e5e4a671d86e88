/* program.c - loads the program definition (a small document: DOM is fine here).
 *
 * The file is parsed without entity expansion or DTD loading, rejected if it carries a
 * DOCTYPE, validated against program.xsd, and then every milestone and window the rules
 * need must be present: a rule never falls back on a built-in date.
 */
#define _POSIX_C_SOURCE 200809L
#include "program.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/hashed_fd.h"
#include "util/xmltree.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const milestone_names[MS_COUNT] = {
    "cloud-engagements-retired", "training-conversion-end", "accrual-end",
    "voucher-create-last-day",   "remaining-days-removed",  "redeem-last-day"};
const char *const window_names[WIN_COUNT] = {"voucher-validity", "payment-request",
                                             "deadline-warning"};

typedef struct {
    FILE *err;
    int errors;
} load_ctx_t;

static void on_error(void *ctx, xmlErrorPtr e)
{
    load_ctx_t *c = ctx;
    xt_check_memory(e); /* never the definition's fault */
    size_t n = e->message ? strlen(e->message) : 0;
    while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
        n--;
    diag(c->err, e->file ? e->file : "(program)", e->line, "error", "%.*s", (int)n,
         e->message ? e->message : "");
    c->errors++;
}

/* A copy of attribute name of n in the program's arena; NULL when absent. */
static char *attr(program_t *p, xmlNodePtr n, const char *name)
{
    char *v = xt_prop(n, name);
    char *s = arena_strdup(&p->arena, v);
    free(v);
    return s;
}

/* The date of attribute name of n. The schema's xs:date also allows a time zone and
 * years past 9999 ("2021-02-01Z", "12021-02-01"): those are said as an error (what is
 * the element called what), and DATE_NONE returned. */
static int attr_date(program_t *p, xmlNodePtr n, const char *name, const char *what,
                     FILE *err)
{
    char *v = xt_prop(n, name);
    int d = v ? date_parse(v, strlen(v)) : DATE_NONE;
    if (v && d == DATE_NONE)
        diag(err, p->path, xmlGetLineNo(n), "error", "%s: '%s' is not a date YYYY-MM-DD", what,
             v);
    free(v);
    return d;
}

static long attr_long(xmlNodePtr n, const char *name)
{
    char *v = xt_prop(n, name);
    long d = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return d;
}

static char *text(program_t *p, xmlNodePtr n)
{
    xmlChar *v = xt_content(n);
    char *s = arena_strdup(&p->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static void *alloc_n(program_t *p, int n, size_t size)
{
    return arena_alloc(&p->arena, (size_t)(n ? n : 1) * size);
}

/* Engagement g of offering no, as p->eng[ne]; -1 (said on err) when the offering
 * already has one of its ID. */
static int read_engagement(program_t *p, xmlNodePtr g, int no, int ne, FILE *err)
{
    const offering_t *o = &p->off[no];
    engagement_t *e = &p->eng[ne];
    e->id = attr(p, g, "id");
    e->name = attr(p, g, "name");
    e->days = (int)attr_long(g, "days");
    char *cloud = attr(p, g, "cloud");
    e->cloud = cloud && (strcmp(cloud, "true") == 0 || strcmp(cloud, "1") == 0);
    e->offering = no;
    e->n_comp = xt_count(g, "competency");
    e->n_exams = xt_count(g, "exam");
    e->comp = alloc_n(p, e->n_comp, sizeof *e->comp);
    e->exams = alloc_n(p, e->n_exams, sizeof *e->exams);
    int kc = 0, kx = 0;
    for (xmlNodePtr c = g->children; c; c = c->next) {
        if (xt_is(c, "competency"))
            e->comp[kc++] = attr(p, c, "name");
        else if (xt_is(c, "exam"))
            e->exams[kx++] = attr(p, c, "id");
    }
    size_t kl = strlen(o->id) + strlen(e->id) + 2;
    char *key = arena_alloc(&p->arena, kl);
    snprintf(key, kl, "%s\x1f%s", o->id, e->id);
    if (hash_put(&p->eng_ix, key, (uint32_t)ne) == 0) {
        diag(err, p->path, xmlGetLineNo(g), "error", "engagement %s defined twice in offering %s",
             e->id, o->id);
        return -1;
    }
    return 0;
}

static int build(program_t *p, xmlNodePtr root, FILE *err)
{
    for (int i = 0; i < MS_COUNT; i++)
        p->milestone[i] = DATE_NONE;
    for (int i = 0; i < WIN_COUNT; i++)
        p->window[i] = -1;
    p->id = attr(p, root, "id");
    p->n_ext = xt_count(root, "validity-extension");
    p->n_off = xt_count(root, "offering");
    p->n_eng = 0;
    for (xmlNodePtr o = root->children; o; o = o->next)
        if (xt_is(o, "offering"))
            p->n_eng += xt_count(o, "engagement");
    p->ext = alloc_n(p, p->n_ext, sizeof *p->ext);
    p->off = alloc_n(p, p->n_off, sizeof *p->off);
    p->eng = alloc_n(p, p->n_eng, sizeof *p->eng);
    int ne = 0, no = 0, nx = 0, bad = 0, seen[MS_COUNT] = {0};
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (xt_is(n, "name")) {
            p->name = text(p, n);
        } else if (xt_is(n, "milestone")) {
            char *id = attr(p, n, "id");
            for (int i = 0; i < MS_COUNT; i++)
                if (id && strcmp(id, milestone_names[i]) == 0) {
                    char what[64];
                    snprintf(what, sizeof what, "milestone '%s'", id);
                    if (seen[i]++) { /* which date would the rules use? */
                        diag(err, p->path, xmlGetLineNo(n), "error", "%s given twice", what);
                        bad = 1;
                    } else if ((p->milestone[i] = attr_date(p, n, "date", what, err)) == DATE_NONE) {
                        bad = 1; /* said: not "missing" as well */
                    }
                }
        } else if (xt_is(n, "window")) {
            char *id = attr(p, n, "id");
            for (int i = 0; i < WIN_COUNT; i++)
                if (id && strcmp(id, window_names[i]) == 0) {
                    if (p->window[i] >= 0) {
                        diag(err, p->path, xmlGetLineNo(n), "error", "window '%s' given twice",
                             id);
                        bad = 1;
                    }
                    p->window[i] = (int)attr_long(n, "days");
                }
        } else if (xt_is(n, "validity-extension")) {
            p->ext[nx].created_before = attr_date(p, n, "created-before", "validity-extension", err);
            bad |= p->ext[nx].created_before == DATE_NONE;
            p->ext[nx].days = (int)attr_long(n, "days");
            nx++;
        } else if (xt_is(n, "offering")) {
            offering_t *o = &p->off[no];
            o->id = attr(p, n, "id");
            o->name = attr(p, n, "name");
            if (hash_put(&p->off_ix, o->id, (uint32_t)no) == 0) {
                diag(err, p->path, xmlGetLineNo(n), "error", "offering %s defined twice", o->id);
                return -1;
            }
            for (xmlNodePtr g = n->children; g; g = g->next)
                if (xt_is(g, "engagement") && read_engagement(p, g, no, ne++, err) != 0)
                    return -1;
            no++;
        }
    }
    for (int i = 0; i < MS_COUNT; i++)
        if (!seen[i]) {
            diag(err, p->path, 0, "error", "the program definition has no milestone '%s'",
                 milestone_names[i]);
            bad = 1;
        }
    for (int i = 0; i < WIN_COUNT; i++)
        if (p->window[i] < 0) {
            diag(err, p->path, 0, "error", "the program definition has no window '%s'",
                 window_names[i]);
            bad = 1;
        }
    return bad ? -1 : 0;
}

/* The line of the file's "<!DOCTYPE", 0 when not found. libxml2 keeps no line for a
 * DTD node (xmlGetLineNo of one reads another field: -1, or a wrong line). */
static long doctype_line(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static const char tag[] = "<!DOCTYPE";
    long line = 1;
    size_t matched = 0;
    int c;
    while ((c = getc(f)) != EOF && tag[matched]) {
        matched = c == tag[matched] ? matched + 1 : c == tag[0];
        line += c == '\n';
    }
    fclose(f);
    return tag[matched] ? 0 : line;
}

int program_load(program_t *p, const char *path, const char *schema_path, FILE *err)
{
    memset(p, 0, sizeof *p);
    p->path = arena_strdup(&p->arena, path);
    load_ctx_t ctx = {err, 0};
    int rc = -1;
    xmlSchemaParserCtxtPtr pc = NULL;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vc = NULL;
    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx)
        alloc_fail(); /* NULL only without memory */
    xmlSetStructuredErrorFunc(&ctx, on_error);
    hashed_fd_t in; /* the file's bytes, each hashed as it passes */
    hashed_fd_init(&in, open(path, O_RDONLY | O_CLOEXEC));
    xmlDocPtr doc = NULL;
    if (in.fd >= 0) {
        doc = xmlCtxtReadIO(pctx, hashed_fd_read, hashed_fd_close, &in, path, NULL,
                            XML_PARSE_NONET);
        hashed_fd_finish(&in, p->sha256); /* and what the parser did not need */
        close(in.fd);
    }
    if (!doc) {
        if (!ctx.errors)
            diag(err, path, 0, "error", "cannot read the program definition");
        goto out;
    }
    if (doc->intSubset || doc->extSubset) {
        long line = doctype_line(path);
        if (line > 0)
            diag(err, path, line, "error", "a DOCTYPE is not allowed");
        else
            diag(err, path, 0, "error", "a DOCTYPE is not allowed");
        goto out;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "program") != 0) {
        diag(err, path, root ? xmlGetLineNo(root) : 1, "error",
             "the root element is not <program>");
        goto out;
    }
    if (!(pc = xmlSchemaNewParserCtxt(schema_path)))
        alloc_fail(); /* NULL only without memory */
    schema = xmlSchemaParse(pc);
    if (!schema) {
        diag(err, schema_path, 0, "error", "cannot load the schema");
        goto out;
    }
    if (!(vc = xmlSchemaNewValidCtxt(schema)))
        alloc_fail(); /* NULL only without memory */
    xmlSchemaSetValidStructuredErrors(vc, on_error, &ctx);
    if (xmlSchemaValidateDoc(vc, doc) != 0) {
        if (!ctx.errors)
            diag(err, path, 0, "error", "the program definition is not valid");
        goto out;
    }
    rc = build(p, root, err);
    xmlChar *version = xmlGetProp(root, (const xmlChar *)"version");
    p->version = arena_strdup(&p->arena, (const char *)version);
    xmlFree(version);
out:
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    if (rc)
        program_free(p);
    return rc;
}

void program_free(program_t *p)
{
    hash_free(&p->eng_ix);
    hash_free(&p->off_ix);
    arena_free(&p->arena);
}

int program_find_engagement(const program_t *p, const char *offering, const char *engagement)
{
    if (!offering || !engagement)
        return -1;
    char key[300];
    if ((size_t)snprintf(key, sizeof key, "%s\x1f%s", offering, engagement) >= sizeof key)
        return -1;
    return (int)hash_get(&p->eng_ix, key);
}

int program_find_offering(const program_t *p, const char *offering)
{
    return offering ? (int)hash_get(&p->off_ix, offering) : -1;
}
