/* messages.c - catalogue loading and {placeholder} filling. */
#define _POSIX_C_SOURCE 200809L
#include "messages.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/xmltree.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(catalogue_t *c, const char *key, const char *val)
{
    long i = hash_get(&c->map, key);
    char *v = arena_strdup(&c->arena, val);
    if (i >= 0) {
        c->strs[i] = v; /* the chosen language overrides English */
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->strs = xrealloc(c->strs, (size_t)c->cap * sizeof *c->strs);
    }
    hash_put(&c->map, arena_strdup(&c->arena, key), (uint32_t)c->n);
    c->strs[c->n++] = v;
}

static void add_label_key(catalogue_t *c, const char *key)
{
    char full[300];
    snprintf(full, sizeof full, "label/%s", key);
    if (hash_get(&c->map, full) >= 0)
        return;
    if (c->n_labels == c->cap_labels) {
        c->cap_labels = c->cap_labels ? c->cap_labels * 2 : 128;
        c->label_keys = xrealloc(c->label_keys, (size_t)c->cap_labels * sizeof *c->label_keys);
    }
    c->label_keys[c->n_labels++] = arena_strdup(&c->arena, key);
}

/* The first error libxml2 reports while a catalogue is parsed (its last one is often a
 * consequence, "Extra content at the end of the document"). */
typedef struct {
    char msg[512];
    long line;
} first_error_t;

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    first_error_t *first = ctx;
    xt_check_memory(e);
    if (e->level < XML_ERR_ERROR || first->msg[0])
        return;
    snprintf(first->msg, sizeof first->msg, "%s", e->message ? e->message : "unreadable");
    size_t n = strlen(first->msg);
    while (n && (first->msg[n - 1] == '\n' || first->msg[n - 1] == ' '))
        first->msg[--n] = '\0'; /* diag escapes what is left */
    first->line = e->line;
}

/* The attribute naming an entry of a catalogue: <label key>, <step n>, else id. */
static const char *id_attr(const char *el)
{
    return strcmp(el, "step") == 0 ? "n" : strcmp(el, "label") == 0 ? "key" : "id";
}

/* Reads one catalogue file into c: labels = 1 for a page-label catalogue (<lang>.xml),
 * whose entries are all <label key>; 0 for a rule catalogue (rules.<lang>.xml). Every
 * catalogue a run reads is required, like the rule catalogue always was: a missing,
 * unreadable, malformed or empty one, a DOCTYPE, an entry without its key is an error
 * said on err as "PATH[:LINE]: error: ..." (then -1), never a report of raw keys. */
static int load_file(catalogue_t *c, const char *path, int labels, FILE *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag(err, path, 0, "error", "cannot read the message catalogue: %s", strerror(errno));
        return -1;
    }
    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx)
        alloc_fail(); /* NULL only without memory */
    first_error_t first = {"", 0};
    xmlSetStructuredErrorFunc(&first, on_parse_error);
    xmlDocPtr doc = xmlCtxtReadFd(pctx, fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(pctx);
    close(fd);
    if (!doc || first.msg[0]) {
        diag(err, path, first.line, "error", "the message catalogue is not well-formed XML: %s",
             first.msg[0] ? first.msg : "unreadable");
        xmlFreeDoc(doc);
        return -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    const char *bad = NULL;
    long bad_line = 0, entries = 0;
    if (doc->intSubset) {
        bad = "a DOCTYPE is not allowed in a catalogue";
        bad_line = xmlGetLineNo((xmlNodePtr)doc->intSubset);
    } else if (!root || strcmp((const char *)root->name, "catalogue") != 0 || root->ns) {
        bad = "the root element is not <catalogue>";
        bad_line = root ? xmlGetLineNo(root) : 0;
    }
    char key[512];
    for (xmlNodePtr n = root && !bad ? root->children : NULL; n && !bad; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *el = (const char *)n->name;
        char *id = xt_prop(n, id_attr(el));
        if (labels && strcmp(el, "label") != 0)
            bad = "a label catalogue holds only <label key=\"...\"> elements";
        else if (!id || !*id)
            bad = labels ? "a <label> without its key" : "an entry without its id";
        if (bad) {
            bad_line = xmlGetLineNo(n);
            free(id);
            break;
        }
        entries++;
        if (strcmp(el, "rule") == 0) {
            char *title = xt_prop(n, "title");
            if (title) {
                snprintf(key, sizeof key, "rule/%s/title", id);
                put(c, key, title);
            }
            free(title);
            for (xmlNodePtr k = n->children; k; k = k->next) {
                if (k->type != XML_ELEMENT_NODE)
                    continue;
                char *variant = xt_prop(k, "variant");
                xmlChar *text = xt_content(k);
                snprintf(key, sizeof key, "rule/%s/%s%s%s", id, (const char *)k->name,
                         variant ? "/" : "", variant ? variant : "");
                put(c, key, (const char *)text);
                xmlFree(text);
                free(variant);
            }
        } else {
            xmlChar *text = xt_content(n);
            if (strcmp(el, "label") == 0)
                add_label_key(c, id);
            snprintf(key, sizeof key, "%s/%s", el, id);
            put(c, key, (const char *)text);
            xmlFree(text);
        }
        free(id);
    }
    if (!bad && entries == 0) {
        bad = labels ? "the catalogue holds no label" : "the catalogue holds no entry";
        bad_line = root ? xmlGetLineNo(root) : 0;
    }
    if (bad)
        diag(err, path, bad_line, "error", "%s", bad);
    xmlFreeDoc(doc);
    return bad ? -1 : 0;
}

int cat_load(catalogue_t *c, const char *dir, const char *lang, FILE *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->lang, sizeof c->lang, "%s", lang);
    char path[4096];
    int rc = 0;
    const char *langs[2] = {"en", lang};
    for (int i = 0; i < (strcmp(lang, "en") ? 2 : 1) && !rc; i++) {
        snprintf(path, sizeof path, "%s/rules.%s.xml", dir, langs[i]);
        rc |= load_file(c, path, 0, err);
        snprintf(path, sizeof path, "%s/%s.xml", dir, langs[i]);
        rc |= load_file(c, path, 1, err);
    }
    if (rc) {
        cat_free(c);
        return rc;
    }
    static const char *const iso_months[12] = {"01", "02", "03", "04", "05", "06",
                                               "07", "08", "09", "10", "11", "12"};
    for (int i = 0; i < 12; i++) {
        char key[32];
        snprintf(key, sizeof key, "month-%d", i + 1);
        c->months[i] = cat_get(c, "label", key, NULL, iso_months[i]);
        snprintf(key, sizeof key, "month-short-%d", i + 1);
        c->months_short[i] = cat_get(c, "label", key, NULL, c->months[i]);
    }
    return 0;
}

void cat_free(catalogue_t *c)
{
    hash_free(&c->map);
    free(c->strs);
    free(c->label_keys);
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}

const char *cat_get(const catalogue_t *c, const char *kind, const char *id, const char *field,
                    const char *fallback)
{
    char key[512];
    snprintf(key, sizeof key, "%s/%s%s%s", kind, id ? id : "", field ? "/" : "",
             field ? field : "");
    long i = hash_get(&c->map, key);
    return i >= 0 ? c->strs[i] : fallback;
}

const char *cat_label(const catalogue_t *c, const char *key)
{
    return cat_get(c, "label", key, NULL, key);
}

void cat_date(const catalogue_t *c, int day, int short_names, strbuf_t *out)
{
    char buf[96];
    if (day == DATE_NONE) {
        sb_puts(out, "-");
        return;
    }
    date_format_text(day, short_names ? c->months_short : c->months, buf, sizeof buf);
    sb_puts(out, buf);
}

void cat_list_or(const catalogue_t *c, const char *const *items, int n, strbuf_t *out)
{
    const char *or = cat_label(c, "list-or");
    for (int i = 0; i < n; i++) {
        if (i == n - 1 && i)
            sb_printf(out, " %s ", or);
        else if (i)
            sb_puts(out, ", ");
        sb_puts(out, items[i]);
    }
}

/* Before a date whose day starts with a vowel sound, the article that ends out takes its
 * elided form ("il 8 marzo" -> "l'8 marzo", "del 11" -> "dell'11"): the labels
 * date-elide-days ("8 11") and date-elisions ("il=l' del=dell'") of the catalogue. */
static void elide(const catalogue_t *c, strbuf_t *out, int d)
{
    int y, m, day;
    char num[8];
    date_to_ymd(d, &y, &m, &day);
    snprintf(num, sizeof num, "%d", day);
    const char *days = cat_label(c, "date-elide-days"), *p = days;
    size_t n = strlen(num);
    while ((p = strstr(p, num)) && ((p > days && p[-1] != ' ') || (p[n] && p[n] != ' ')))
        p += n;
    if (!p || out->len == 0)
        return;
    for (const char *e = cat_label(c, "date-elisions"); *e;) {
        e += strspn(e, " ");
        const char *eq = strchr(e, '='), *end = e + strcspn(e, " ");
        if (!eq || eq > end)
            break;
        size_t wl = (size_t)(eq - e);
        /* out ends with "WORD " at its start or after a space */
        if (out->len >= wl + 1 && out->s[out->len - 1] == ' ' &&
            memcmp(out->s + out->len - 1 - wl, e, wl) == 0 &&
            (out->len == wl + 1 || out->s[out->len - 2 - wl] == ' ')) {
            out->len -= wl + 1;
            out->s[out->len] = '\0';
            sb_put(out, eq + 1, (size_t)(end - eq - 1));
            return;
        }
        e = end;
    }
}

static void put_date(const catalogue_t *c, strbuf_t *out, int d, int iso)
{
    char buf[11];
    if (!iso) {
        if (d != DATE_NONE)
            elide(c, out, d);
        cat_date(c, d, 0, out);
    } else if (d == DATE_NONE) {
        sb_puts(out, "-");
    } else {
        date_format(d, buf);
        sb_puts(out, buf);
    }
}

/* A word of an ingest finding's message (finding_t.arg), "-" when it has none. */
static const char *arg(const finding_t *f, int i)
{
    return f->arg && f->arg[i] ? f->arg[i] : "-";
}

/* Items separated by '\n' as a list in the catalogue's language. */
static void put_items(const catalogue_t *c, const char *list, strbuf_t *out)
{
    const char *items[64];
    int n = 0;
    strbuf_t copy = {0};
    sb_puts(&copy, list);
    for (char *p = copy.s, *q; p && n < 64; p = q) {
        q = strchr(p, '\n');
        if (q)
            *q++ = '\0';
        items[n++] = p;
    }
    cat_list_or(c, items, n, out);
    sb_free(&copy);
}

static void fill(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                 const finding_t *f, const char *tpl, int iso, strbuf_t *out)
{
    const voucher_t *v = f->voucher_ix >= 0 ? &m->vouchers[f->voucher_ix] : NULL;
    int32_t gx = v ? voucher_engagement_ix(v, p) : -1;
    const engagement_t *g = gx >= 0 ? &p->eng[gx] : NULL;
    for (const char *s = tpl; *s;) {
        const char *open = strchr(s, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            sb_puts(out, s);
            break;
        }
        sb_put(out, s, (size_t)(open - s));
        size_t n = (size_t)(close - open - 1);
        const char *k = open + 1;
#define IS(name) (n == strlen(name) && memcmp(k, name, n) == 0)
        if (IS("voucher"))
            sb_puts(out, f->voucher ? f->voucher : "-");
        else if (IS("partner"))
            sb_puts(out, f->partner ? f->partner : "-");
        else if (IS("customer"))
            sb_puts(out, f->customer ? f->customer : "-");
        else if (IS("offering"))
            sb_puts(out, v && v->offering ? v->offering : "-");
        else if (IS("engagement"))
            sb_puts(out, g ? g->name : v && v->engagement ? v->engagement : "-");
        else if (IS("consultant"))
            sb_puts(out, v && v->consultant ? v->consultant : "-");
        else if (IS("date"))
            put_date(c, out, f->date, iso);
        else if (IS("d1"))
            put_date(c, out, f->d1, iso);
        else if (IS("d2"))
            put_date(c, out, f->d2, iso);
        else if (IS("as-of"))
            put_date(c, out, e->as_of, iso);
        else if (IS("n1"))
            sb_printf(out, "%ld", f->n1);
        else if (IS("n2"))
            sb_printf(out, "%ld", f->n2);
        else if (IS("ev1") || IS("ev2"))
            sb_puts(out, cat_get(c, "event", event_names[IS("ev1") ? f->ev1 : f->ev2], NULL,
                                 event_names[IS("ev1") ? f->ev1 : f->ev2]));
        else if (IS("competencies") && g)
            cat_list_or(c, (const char *const *)g->comp, g->n_comp, out);
        else if (IS("exams") && g)
            cat_list_or(c, (const char *const *)g->exams, g->n_exams, out);
        else if (IS("status") && f->voucher_ix >= 0)
            sb_puts(out, cat_get(c, "status", status_names[e->v[f->voucher_ix].status], NULL,
                                 status_names[e->v[f->voucher_ix].status]));
        else if (IS("text"))
            sb_puts(out, f->text ? f->text : "");
        else if (IS("line"))
            sb_printf(out, "%u", (unsigned)f->line);
        else if (IS("element") || IS("attribute") || IS("value") || IS("place"))
            sb_puts(out, arg(f, IS("element") ? ARG_ELEMENT : IS("attribute") ? ARG_ATTRIBUTE
                               : IS("value") ? ARG_VALUE : ARG_PLACE));
        else if (IS("record"))
            sb_puts(out, cat_get(c, "record", arg(f, ARG_ELEMENT), NULL, arg(f, ARG_ELEMENT)));
        else if (IS("list"))
            put_items(c, arg(f, ARG_LIST), out);
        else
            sb_put(out, open, n + 2);
#undef IS
        s = close + 1;
    }
}

/* The catalogue's text of a finding for one field: the state variant first (remedies
 * only), then the message variant, then the plain one, then the reader's own text. */
static const char *pick(const catalogue_t *c, const finding_t *f, const char *which,
                        const char *state)
{
    const char *rule = rule_info[f->rule].name;
    const char *variant = eval_variant_name(f);
    char field[64];
    const char *tpl = NULL;
    if (state && *state) {
        snprintf(field, sizeof field, "%s/%s", which, state);
        tpl = cat_get(c, "rule", rule, field, NULL);
    }
    if (!tpl && *variant) {
        snprintf(field, sizeof field, "%s/%s", which, variant);
        tpl = cat_get(c, "rule", rule, field, NULL);
    }
    if (!tpl)
        tpl = cat_get(c, "rule", rule, which, NULL);
    if (!tpl)
        tpl = f->text ? f->text : rule;
    return tpl;
}

const char *msg_state(const eval_t *e, const finding_t *f)
{
    if (f->voucher_ix < 0 || !e->v[f->voucher_ix].exists)
        return "";
    switch (e->v[f->voucher_ix].kind) {
    case DL_NONE:
        return "closed";
    case DL_PAYMENT_REQUEST:
        return "redeemed";
    default:
        return "";
    }
}

int msg_for_operator(const catalogue_t *c, const finding_t *f)
{
    return cat_get(c, "rule", rule_info[f->rule].name, "remedy/partner", NULL) != NULL;
}

/* A remedy as fits the voucher's state (msg_state); any other field as it is. */
static void format(const catalogue_t *c, const model_t *m, const program_t *p,
                   const eval_t *e, const finding_t *f, const char *which, int iso,
                   strbuf_t *out)
{
    const char *state = strcmp(which, "remedy") == 0 ? msg_state(e, f) : NULL;
    fill(c, m, p, e, f, pick(c, f, which, state), iso, out);
}

void msg_format(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                const finding_t *f, const char *which, strbuf_t *out)
{
    format(c, m, p, e, f, which, 0, out);
}

void msg_format_iso(const catalogue_t *c, const model_t *m, const program_t *p,
                    const eval_t *e, const finding_t *f, const char *which, strbuf_t *out)
{
    format(c, m, p, e, f, which, 1, out);
}

void msg_remedy(const catalogue_t *c, const model_t *m, const program_t *p, const eval_t *e,
                const finding_t *f, msg_reader_t reader, strbuf_t *out)
{
    const char *tpl = NULL;
    if (reader == MSG_PARTNER)
        tpl = cat_get(c, "rule", rule_info[f->rule].name, "remedy/partner", NULL);
    if (!tpl)
        tpl = pick(c, f, "remedy", msg_state(e, f));
    fill(c, m, p, e, f, tpl, 0, out);
}
