/* program.c - loads the program definition (a small document: DOM is fine here).
 *
 * The file is parsed without entity expansion or DTD loading, rejected if it carries a
 * DOCTYPE, validated against program.xsd, and then every milestone and window the rules
 * need must be present: a rule never falls back on a built-in date.
 */
#include "program.h"

#include "util/date.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

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
    size_t n = e->message ? strlen(e->message) : 0;
    while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
        n--;
    fprintf(c->err, "%s:%d: error: %.*s\n", e->file ? e->file : "(program)", e->line,
            (int)n, e->message ? e->message : "");
    c->errors++;
}

static char *attr(program_t *p, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? arena_strdup(&p->arena, (const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static int attr_date(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int d = v ? date_parse((const char *)v, strlen((const char *)v)) : DATE_NONE;
    xmlFree(v);
    return d;
}

static long attr_long(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    long d = v ? strtol((const char *)v, NULL, 10) : -1;
    xmlFree(v);
    return d;
}

static char *text(program_t *p, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = arena_strdup(&p->arena, v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static int is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int count(xmlNodePtr parent, const char *name)
{
    int k = 0;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        k += is(c, name);
    return k;
}

static void *alloc_n(program_t *p, int n, size_t size)
{
    return arena_alloc(&p->arena, (size_t)(n ? n : 1) * size);
}

static int build(program_t *p, xmlNodePtr root, FILE *err)
{
    for (int i = 0; i < MS_COUNT; i++)
        p->milestone[i] = DATE_NONE;
    for (int i = 0; i < WIN_COUNT; i++)
        p->window[i] = -1;
    p->id = attr(p, root, "id");
    p->n_ext = count(root, "validity-extension");
    p->n_off = count(root, "offering");
    p->n_eng = 0;
    for (xmlNodePtr o = root->children; o; o = o->next)
        if (is(o, "offering"))
            p->n_eng += count(o, "engagement");
    p->ext = alloc_n(p, p->n_ext, sizeof *p->ext);
    p->off = alloc_n(p, p->n_off, sizeof *p->off);
    p->eng = alloc_n(p, p->n_eng, sizeof *p->eng);
    if (!p->ext || !p->off || !p->eng)
        return -1;
    int ne = 0, no = 0, nx = 0;
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (is(n, "name")) {
            p->name = text(p, n);
        } else if (is(n, "milestone")) {
            char *id = attr(p, n, "id");
            for (int i = 0; i < MS_COUNT; i++)
                if (id && strcmp(id, milestone_names[i]) == 0)
                    p->milestone[i] = attr_date(n, "date");
        } else if (is(n, "window")) {
            char *id = attr(p, n, "id");
            for (int i = 0; i < WIN_COUNT; i++)
                if (id && strcmp(id, window_names[i]) == 0)
                    p->window[i] = (int)attr_long(n, "days");
        } else if (is(n, "validity-extension")) {
            p->ext[nx].created_before = attr_date(n, "created-before");
            p->ext[nx].days = (int)attr_long(n, "days");
            nx++;
        } else if (is(n, "offering")) {
            offering_t *o = &p->off[no];
            o->id = attr(p, n, "id");
            o->name = attr(p, n, "name");
            if (hash_put(&p->off_ix, o->id, (uint32_t)no) == 0)
                fprintf(err, "%s:%ld: error: offering %s defined twice\n", p->path,
                        xmlGetLineNo(n), o->id);
            for (xmlNodePtr g = n->children; g; g = g->next) {
                if (!is(g, "engagement"))
                    continue;
                engagement_t *e = &p->eng[ne];
                e->id = attr(p, g, "id");
                e->name = attr(p, g, "name");
                e->days = (int)attr_long(g, "days");
                char *cloud = attr(p, g, "cloud");
                e->cloud = cloud && (strcmp(cloud, "true") == 0 || strcmp(cloud, "1") == 0);
                e->offering = no;
                e->n_comp = count(g, "competency");
                e->n_exams = count(g, "exam");
                e->comp = alloc_n(p, e->n_comp, sizeof *e->comp);
                e->exams = alloc_n(p, e->n_exams, sizeof *e->exams);
                if (!e->comp || !e->exams)
                    return -1;
                int kc = 0, kx = 0;
                for (xmlNodePtr c = g->children; c; c = c->next) {
                    if (is(c, "competency"))
                        e->comp[kc++] = attr(p, c, "name");
                    else if (is(c, "exam"))
                        e->exams[kx++] = attr(p, c, "id");
                }
                size_t kl = strlen(o->id) + strlen(e->id) + 2;
                char *key = arena_alloc(&p->arena, kl);
                if (!key)
                    return -1;
                snprintf(key, kl, "%s\x1f%s", o->id, e->id);
                if (hash_put(&p->eng_ix, key, (uint32_t)ne) == 0) {
                    fprintf(err, "%s:%ld: error: engagement %s defined twice in offering %s\n",
                            p->path, xmlGetLineNo(g), e->id, o->id);
                    return -1;
                }
                ne++;
            }
            no++;
        }
    }
    int bad = 0;
    for (int i = 0; i < MS_COUNT; i++)
        if (p->milestone[i] == DATE_NONE) {
            fprintf(err, "%s: error: the program definition has no milestone '%s'\n", p->path,
                    milestone_names[i]);
            bad = 1;
        }
    for (int i = 0; i < WIN_COUNT; i++)
        if (p->window[i] < 0) {
            fprintf(err, "%s: error: the program definition has no window '%s'\n", p->path,
                    window_names[i]);
            bad = 1;
        }
    return bad ? -1 : 0;
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
        return -1;
    xmlSetStructuredErrorFunc(&ctx, on_error);
    xmlDocPtr doc = xmlCtxtReadFile(pctx, path, NULL, XML_PARSE_NONET);
    if (!doc) {
        if (!ctx.errors)
            fprintf(err, "%s: error: cannot read the program definition\n", path);
        goto out;
    }
    if (doc->intSubset || doc->extSubset) {
        fprintf(err, "%s:%d: error: a DOCTYPE is not allowed\n", path,
                doc->intSubset ? (int)xmlGetLineNo((xmlNodePtr)doc->intSubset) : 1);
        goto out;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "program") != 0) {
        fprintf(err, "%s:%ld: error: the root element is not <program>\n", path,
                root ? xmlGetLineNo(root) : 1);
        goto out;
    }
    pc = xmlSchemaNewParserCtxt(schema_path);
    schema = pc ? xmlSchemaParse(pc) : NULL;
    if (!schema) {
        fprintf(err, "%s: error: cannot load the schema\n", schema_path);
        goto out;
    }
    vc = xmlSchemaNewValidCtxt(schema);
    if (!vc)
        goto out;
    xmlSchemaSetValidStructuredErrors(vc, on_error, &ctx);
    if (xmlSchemaValidateDoc(vc, doc) != 0) {
        if (!ctx.errors)
            fprintf(err, "%s: error: the program definition is not valid\n", path);
        goto out;
    }
    rc = build(p, root, err);
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
