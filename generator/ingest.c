/* ingest.c - the streaming reader of the exports (see ingest.h for the idea).
 *
 * Safety: the reader is opened on a file descriptor we opened ourselves, with
 * XML_PARSE_NONET and without NOENT, DTDLOAD or HUGE, so no entity is expanded, no DTD
 * or network resource is fetched and libxml2's size and depth limits stay on. A file
 * carrying a DOCTYPE is rejected before its root is looked at.
 */
#define _POSIX_C_SOURCE 200809L
#include "ingest_internal.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/xmltree.h"
#include "waiver.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- diagnostics ---------------------------------------------------------------- */

static void trim_message(strbuf_t *b, const char *msg)
{
    sb_reset(b);
    if (!msg)
        return;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '\r'))
        n--;
    for (size_t i = 0; i < n; i++) {
        if (msg[i] == '\n')
            sb_puts(b, "; ");
        else if (msg[i] != '\r')
            sb_putc(b, msg[i]);
    }
}

/* The line where a text node starts: libxml2 notes the line a text node ends on (past
 * line 65535 in its psvi field, with XML_PARSE_BIG_LINES); -1 when it has none. */
static long text_start(xmlNodePtr t)
{
    long line = t->line < 65535 ? (long)t->line : t->psvi ? (long)(ptrdiff_t)t->psvi : -1;
    if (line < 0)
        return -1;
    for (const xmlChar *p = t->content; p && *p; p++)
        line -= *p == '\n';
    return line;
}

/* Line of a node: for an element, the line its start tag ends on, as libxml2 gives it.
 * libxml2 stores element lines in 16 bits; past line 65535 the line is where the text
 * right after the start tag starts (its first child, or for an empty element inside a
 * record the next sibling). Without such text the line is the parser's (r) and only
 * a guess, which *guess notes (a part of a split file then fails: see read_split). */
static long node_line(xmlNodePtr n, xmlTextReaderPtr r, int *guess)
{
    if (!n)
        return 0;
    if (n->type == XML_ATTRIBUTE_NODE && n->parent)
        n = n->parent;
    if (n->type == XML_TEXT_NODE) {
        long line = text_start(n);
        if (line >= 0)
            return line;
    }
    if (n->line < 65535)
        return n->line;
    xmlNodePtr after = n->children;
    /* the next sibling of a record itself may not be parsed yet */
    if (!after && n->parent && n->parent->parent && n->parent->parent->type == XML_ELEMENT_NODE)
        after = n->next;
    if (after && after->type == XML_TEXT_NODE) {
        long line = text_start(after);
        if (line >= 0)
            return line;
    }
    if (guess)
        *guess = 1;
    return r ? xmlTextReaderGetParserLineNumber(r) : 65535;
}

/* Keeps the first error of a record: libxml2's message (for stderr) and its structured
 * parts (for the catalogue's wording: why_of_error). */
static void note_error(ingest_t *in, const xmlError *e)
{
    trim_message(&in->err_msg, e->message);
    in->err_code = e->code;
    in->err_domain = e->domain;
    const xmlNode *n = e->node;
    if (n && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    sb_reset(&in->err_el);
    sb_reset(&in->err_parent);
    if (n && n->type == XML_ELEMENT_NODE) {
        sb_puts(&in->err_el, (const char *)n->name);
        if (n->parent && n->parent->type == XML_ELEMENT_NODE)
            sb_puts(&in->err_parent, (const char *)n->parent->name);
    }
    const char *str[3] = {e->str1, e->str2, e->str3};
    for (int i = 0; i < 3; i++) {
        sb_reset(&in->err_str[i]);
        if (str[i])
            sb_puts(&in->err_str[i], str[i]);
    }
}

/* libxml2's errors: out of memory ends the run (it is never the input's fault); the
 * others are kept for the record's or the file's finding. */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    ingest_t *in = ctx;
    xt_check_memory(e);
    if (e->level < XML_ERR_ERROR)
        return;
    if (e->level == XML_ERR_FATAL) {
        if (!in->fatal) {
            in->fatal = 1;
            in->fatal_line = e->line;
            trim_message(&in->fatal_msg, e->message);
        }
        return;
    }
    if (!in->n_errors++) {
        in->err_line = e->line > 0 ? e->line + in->line_offset : 0;
        note_error(in, e);
    }
}

static void on_valid_error(void *ctx, xmlErrorPtr e)
{
    ingest_t *in = ctx;
    xt_check_memory(e);
    if (e->level < XML_ERR_ERROR)
        return;
    if (!in->n_errors++) {
        in->err_line = (e->node ? node_line(e->node, in->reader, &in->line_guess) : e->line) + in->line_offset;
        note_error(in, e);
    }
}

/* Generic (unstructured) libxml2 errors: never to the terminal raw. Some parser limits
 * ("huge text node") arrive only here and stop the parser without a fatal error through
 * the reader, so the first message is kept for the invalid-file finding. */
static void on_generic_error(void *ctx, const char *msg, ...)
{
    ingest_t *in = ctx;
    xt_check_memory(xmlGetLastError());
    if (!in || in->generic_msg.len)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, msg);
    vsnprintf(buf, sizeof buf, msg, ap);
    va_end(ap);
    trim_message(&in->generic_msg, buf);
}

static const char *file_path(ingest_t *in) { return in->m->files[in->file].path; }

void ingest_diag(ingest_t *in, long line, const char *msg)
{
    if (!in->diag)
        return;
    if (in->printed < in->max_diag)
        diag(in->diag, file_path(in), line, "error", "%s", msg); /* IDs may hold a newline */
    else if (in->printed == in->max_diag)
        diag(in->diag, file_path(in), 0, "note", "further errors of this file are in findings.json");
    in->printed++;
}

void why_set(why_t *w, reason_t r, const char *element, const char *attribute,
             const char *value)
{
    w->reason = r;
    const char *a[3] = {element, attribute, value};
    for (int i = 0; i < 3; i++) {
        free(w->arg[i]);
        w->arg[i] = a[i] ? xstrdup(a[i]) : NULL;
    }
}

void why_free(why_t *w)
{
    for (int i = 0; i < ARG_COUNT; i++)
        free(w->arg[i]);
    sb_free(&w->text);
    memset(w, 0, sizeof *w);
}

void ingest_finding(ingest_t *in, rule_t rule, long line, const why_t *why,
                    const char *const who[REC_KINDS])
{
    model_t *m = in->m;
    ingest_finding_t *f = model_new_ifind(m);
    const char *msg = why->text.len ? why->text.s : "";
    f->rule = rule;
    f->reason = (uint8_t)why->reason;
    f->file = (uint32_t)in->file;
    f->line = (uint32_t)(line > 0 ? line : 0);
    f->message = arena_strdup(&m->arena, msg);
    for (int i = 0; i < ARG_COUNT; i++)
        f->arg[i] = why->arg[i] ? arena_strdup(&m->arena, why->arg[i]) : NULL;
    f->n1 = why->n1;
    f->n2 = why->n2;
    if (who) {
        f->partner = arena_strdup(&m->arena, who[REC_PARTNER]);
        f->customer = arena_strdup(&m->arena, who[REC_CUSTOMER]);
        f->voucher = arena_strdup(&m->arena, who[REC_VOUCHER]);
    }
    if (in->no_index)
        ingest_log_order(in, ORDER_FINDING, m->n_ifind - 1);
    if (!in->defer_diag)
        ingest_diag(in, line, msg);
}

/* An invalid-file finding: reason r with its words (element, attribute, value: NULL for
 * none); fmt and a, b make the English sentence for stderr. */
static void invalid_file(ingest_t *in, long line, reason_t r, const char *element,
                         const char *attribute, const char *value, const char *fmt,
                         const char *a, const char *b)
{
    why_t why = {0};
    why_set(&why, r, element, attribute, value);
    sb_printf(&why.text, fmt, a ? a : "", b ? b : "");
    ingest_finding(in, R_INVALID_FILE, line, &why, NULL);
    in->m->files[in->file].invalid = 1;
    why_free(&why);
}

/* ---- attribute access ------------------------------------------------------------- */

/* The value of an attribute without allocating in the common case (one text child). */
static const char *av(ingest_t *in, xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xt_attr(n, name);
    if (!a)
        return NULL;
    const char *v = xt_value(a);
    if (v)
        return v;
    xmlChar *s = xmlNodeListGetString(n->doc, a->children, 1);
    if (!s)
        return "";
    if (in->n_scratch == in->cap_scratch) {
        in->cap_scratch = in->cap_scratch ? in->cap_scratch * 2 : 16;
        in->scratch = xrealloc(in->scratch, (size_t)in->cap_scratch * sizeof *in->scratch);
    }
    in->scratch[in->n_scratch++] = s;
    return (const char *)s;
}

static void free_scratch(ingest_t *in)
{
    while (in->n_scratch)
        xmlFree(in->scratch[--in->n_scratch]);
}

/* Text content of <name>, whitespace kept as given. Allocated in the model arena. */
static char *child_text(model_t *m, xmlNodePtr n)
{
    xmlChar *v = xt_content(n);
    char *s = arena_strdup(&m->arena, (const char *)v);
    xmlFree(v);
    return s;
}

/* A record being converted: the first impossible value rejects it. */
typedef struct {
    ingest_t *in;
    why_t why;
    long why_line;
} conv_t;

static int cdate(conv_t *c, xmlNodePtr n, const char *attr, int required)
{
    const char *v = av(c->in, n, attr);
    if (!v)
        return DATE_NONE;
    int d = date_parse(v, strlen(v));
    if (d == DATE_NONE && !c->why.text.len) {
        why_set(&c->why, RS_BAD_DATE, (const char *)n->name, attr, v);
        sb_printf(&c->why.text, "'%s' in <%s %s> is not a possible date YYYY-MM-DD", v,
                  (const char *)n->name, attr);
        c->why_line = node_line(n, c->in->reader, &c->in->line_guess) + c->in->line_offset;
    }
    (void)required;
    return d;
}

static long cnum(conv_t *c, xmlNodePtr n, const char *attr)
{
    const char *v = av(c->in, n, attr);
    if (!v)
        return 0;
    errno = 0;
    char *end;
    long x = strtol(v, &end, 10);
    if ((errno || *end || end == v || x < 0) && !c->why.text.len) {
        why_set(&c->why, RS_BAD_NUMBER, (const char *)n->name, attr, v);
        sb_printf(&c->why.text, "bad number '%s' in <%s %s>", v, (const char *)n->name, attr);
        c->why_line = node_line(n, c->in->reader, &c->in->line_guess) + c->in->line_offset;
    }
    return x;
}

static void country(char dst[3], const char *v)
{
    dst[0] = dst[1] = dst[2] = '\0';
    if (v && strlen(v) == 2)
        memcpy(dst, v, 2);
}

/* ---- records ------------------------------------------------------------------------ */

/* An array for the children of n called name; NULL when there are none. */
#define CHILD_ARRAY(n, name, arr)                                                         \
    do {                                                                                  \
        int k_ = xt_count(n, name);                                                       \
        (arr) = k_ ? xcalloc((size_t)k_, sizeof *(arr)) : NULL;                           \
    } while (0)

static void read_partner(conv_t *c, xmlNodePtr n, long ix)
{
    model_t *m = c->in->m;
    partner_t *p = &m->partners[ix];
    p->agreement = p->profile = DATE_NONE;
    p->region = (int8_t)region_from_name(av(c->in, n, "region"));
    country(p->country, av(c->in, n, "country"));
    CHILD_ARRAY(n, "competency", p->comp);
    CHILD_ARRAY(n, "enrollment", p->enr);
    CHILD_ARRAY(n, "consultant", p->cons);
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (xt_is(k, "name")) {
            p->name = child_text(m, k);
        } else if (xt_is(k, "agreement")) {
            p->agreement = cdate(c, k, "signed", 1);
        } else if (xt_is(k, "profile")) {
            p->profile = cdate(c, k, "updated", 1);
        } else if (xt_is(k, "competency")) {
            competency_t *x = &p->comp[p->n_comp++];
            x->name = (char *)model_intern(m, av(c->in, k, "name"));
            const char *lvl = av(c->in, k, "level");
            x->gold = lvl && strcmp(lvl, "gold") == 0;
            x->earned = cdate(c, k, "earned", 1);
            x->expires = cdate(c, k, "expires", 0);
        } else if (xt_is(k, "enrollment")) {
            enrollment_t *x = &p->enr[p->n_enr++];
            x->offering = (char *)model_intern(m, av(c->in, k, "offering"));
            x->date = cdate(c, k, "date", 1);
        } else if (xt_is(k, "consultant")) {
            consultant_t *x = &p->cons[p->n_cons++];
            x->id = arena_strdup(&m->arena, av(c->in, k, "id"));
            CHILD_ARRAY(k, "exam", x->exams);
            for (xmlNodePtr e = k->children; e; e = e->next) {
                if (xt_is(e, "name"))
                    x->name = child_text(m, e);
                else if (xt_is(e, "exam")) {
                    exam_t *ex = &x->exams[x->n_exams++];
                    ex->id = (char *)model_intern(m, av(c->in, e, "id"));
                    ex->passed = cdate(c, e, "passed", 1);
                }
            }
        }
    }
}

static void read_customer(conv_t *c, xmlNodePtr n, long ix)
{
    customer_t *u = &c->in->m->customers[ix];
    u->activated = DATE_NONE;
    u->region = (int8_t)region_from_name(av(c->in, n, "region"));
    country(u->country, av(c->in, n, "country"));
    CHILD_ARRAY(n, "accrual", u->acc);
    CHILD_ARRAY(n, "conversion", u->conv);
    CHILD_ARRAY(n, "balance", u->bal);
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (xt_is(k, "name")) {
            u->name = child_text(c->in->m, k);
        } else if (xt_is(k, "benefit")) {
            u->activated = cdate(c, k, "activated", 1);
        } else if (xt_is(k, "accrual")) {
            dated_days_t *x = &u->acc[u->n_acc++];
            x->date = cdate(c, k, "date", 1);
            x->days = cnum(c, k, "days");
        } else if (xt_is(k, "conversion")) {
            conversion_t *x = &u->conv[u->n_conv++];
            x->date = cdate(c, k, "date", 1);
            x->training = cnum(c, k, "training-days");
            x->planning = cnum(c, k, "planning-days");
        } else if (xt_is(k, "balance")) {
            dated_days_t *x = &u->bal[u->n_bal++];
            x->date = cdate(c, k, "date", 1);
            x->days = cnum(c, k, "days");
        }
    }
}

static const struct {
    const char *element, *attr;
    event_t ev;
} voucher_events[] = {
    {"created", "date", EV_CREATED},
    {"assigned", "date", EV_ASSIGNED},
    {"reserved", "date", EV_RESERVED},
    {"delivered", "start", EV_DELIVERED_START},
    {"delivered", "end", EV_DELIVERED_END},
    {"completion-report", "date", EV_COMPLETION},
    {"redeemed", "date", EV_REDEEMED},
    {"payment-request", "date", EV_PAYMENT},
};

static void read_voucher(conv_t *c, xmlNodePtr n, long ix)
{
    model_t *m = c->in->m;
    voucher_t *v = &m->vouchers[ix];
    for (int e = 0; e < EV_COUNT; e++)
        v->ev[e] = DATE_NONE;
    v->expires_given = DATE_NONE;
    v->customer = model_intern(m, av(c->in, n, "customer"));
    v->partner = model_intern(m, av(c->in, n, "partner"));
    v->offering = model_intern(m, av(c->in, n, "offering"));
    v->engagement = model_intern(m, av(c->in, n, "engagement"));
    v->days = cnum(c, n, "days");
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (xt_is(k, "expires")) {
            v->expires_given = cdate(c, k, "date", 1);
            continue;
        }
        for (size_t i = 0; i < sizeof voucher_events / sizeof *voucher_events; i++)
            if (k->name[0] == (xmlChar)voucher_events[i].element[0] &&
                strcmp((const char *)k->name, voucher_events[i].element) == 0)
                v->ev[voucher_events[i].ev] = cdate(c, k, voucher_events[i].attr, 1);
        if (xt_is(k, "delivered"))
            v->consultant = model_intern(m, av(c->in, k, "consultant"));
    }
}

/* Copies a valid record element into the record ix of its kind, whose head is set. */
static void (*const read_record[REC_KINDS])(conv_t *, xmlNodePtr, long) = {
    [REC_PARTNER] = read_partner, [REC_CUSTOMER] = read_customer, [REC_VOUCHER] = read_voucher};


/* Where a kept record's ID was first seen, for the duplicate-id message. */
static void first_seen(ingest_t *in, rec_kind_t k, long i, strbuf_t *out)
{
    const record_head_t *h = model_head(in->m, k, i);
    sb_printf(out, "%s:%u", in->m->files[h->file].path, h->line);
}

int ingest_index(ingest_t *in, rec_kind_t k, long i, why_t *why)
{
    hash_t *ix = model_index(in->m, k);
    const char *id = model_head(in->m, k, i)->id;
    int put = hash_put(ix, id, (uint32_t)i);
    if (!put) {
        strbuf_t where = {0};
        first_seen(in, k, hash_get(ix, id), &where);
        why_set(why, RS_DUPLICATE, rec_kind_names[k], "id", id);
        why->arg[ARG_PLACE] = xstrdup(sb_str(&where));
        sb_printf(&why->text, "duplicate %s ID '%s' (first seen at %s); this record is rejected",
                  rec_kind_names[k], id, sb_str(&where));
        sb_free(&where);
    }
    return put;
}

/* Now and then: the records and bytes read so far, to the progress callback (and from a
 * later part of a split file, to the counters the callback adds up). */
static void note_progress(ingest_t *in)
{
    if ((in->total_records & 0xfff) != 0)
        return;
    if (in->part_bytes) {
        atomic_store_explicit(in->part_bytes, xmlTextReaderByteConsumed(in->reader),
                              memory_order_relaxed);
        atomic_store_explicit(in->part_records, in->total_records, memory_order_relaxed);
    }
    if (in->progress) {
        double parts = 0;
        long records = in->total_records;
        for (int k = 0; k < MAX_PARTS; k++) {
            parts += (double)atomic_load_explicit(&in->part_progress[k], memory_order_relaxed);
            records += atomic_load_explicit(&in->part_count[k], memory_order_relaxed);
        }
        in->progress(in->progress_ctx, records,
                     in->bytes_before + parts + (double)xmlTextReaderByteConsumed(in->reader));
    }
}

/* The kind of a record element in a file of kind `kind`; REC_KINDS when it has no place
 * there. */
static rec_kind_t record_kind(xmlNodePtr n, file_kind_t kind)
{
    for (int k = 0; k < REC_KINDS; k++)
        if ((kind == KIND_PARTNERS) == (k == REC_PARTNER) && xt_is(n, rec_kind_names[k]))
            return (rec_kind_t)k;
    return REC_KINDS;
}

/* The text between the first `open` after `after` (NULL: from the start) in msg and the
 * next `close`, as a malloc'd string; NULL when absent. */
static char *between(const char *msg, const char *after, const char *open, const char *close)
{
    const char *a = after ? strstr(msg, after) : msg;
    const char *o = a ? strstr(a, open) : NULL;
    const char *c = o ? strstr(o + strlen(open), close) : NULL;
    return c ? xstrndup(o + strlen(open), (size_t)(c - o - strlen(open))) : NULL;
}

/* "( a, b, c )" or "'a', 'b'" as the items of a list separated by '\n'. */
static char *list_items(const char *s)
{
    strbuf_t sb = {0};
    const char *p = s;
    while (*p) {
        p += strspn(p, " ,'()");
        size_t n = strcspn(p, ",')");
        while (n && p[n - 1] == ' ')
            n--;
        if (!n)
            break;
        if (sb.len)
            sb_putc(&sb, '\n');
        sb_put(&sb, p, n);
        p += n;
    }
    char *out = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return out;
}

/* The first libxml2 error of a record (note_error) as a reason of the catalogues with
 * its words: the codes of libxml2's schema validator (xmlerror.h, XML_SCHEMAV_*) that an
 * export can raise; any other error is RS_INVALID (schemas) or RS_NOT_WELL_FORMED (the
 * parser) with its code in n1. libxml2 names the attribute, the expected elements and
 * the enumeration only in its message ("Element 'e', attribute 'a': ...", "Expected is
 * one of ( a, b )."): those are read from it. */
static void why_of_error(ingest_t *in, const char *record, why_t *why)
{
    const char *msg = sb_str(&in->err_msg);
    const char *el = in->err_el.len ? sb_str(&in->err_el) : record;
    const char *s1 = in->err_str[0].len ? sb_str(&in->err_str[0]) : NULL;
    char *attr = strncmp(msg, "Element '", 9) == 0 ? between(msg, NULL, "', attribute '", "': ") : NULL;
    char *type = NULL, *list = NULL, *place = NULL;
    reason_t r = RS_INVALID;
    const char *value = NULL;
    long n1 = 0, n2 = 0;
    int has_value = strstr(msg, "The value '") != NULL;
    if (in->err_domain != XML_FROM_SCHEMASV) {
        r = RS_NOT_WELL_FORMED;
        n1 = in->err_code;
    } else {
        switch (in->err_code) {
        case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
        case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
            r = RS_ATTRIBUTE_NOT_ALLOWED;
            if (!attr && s1)
                attr = xstrdup(s1);
            break;
        case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
            r = RS_ATTRIBUTE_MISSING;
            free(attr);
            attr = s1 ? xstrdup(s1) : NULL;
            break;
        case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
            type = between(msg, "atomic type", "'", "'");
            r = type && (strcmp(type, "date") == 0 || strcmp(type, "xs:date") == 0) ? RS_BAD_DATE
                : type && strstr(type, "days") ? RS_BAD_NUMBER : RS_BAD_VALUE;
            value = s1;
            break;
        case XML_SCHEMAV_CVC_ENUMERATION_VALID:
            r = RS_NOT_IN_LIST;
            value = s1;
            list = list_items(sb_str(&in->err_str[1]));
            break;
        case XML_SCHEMAV_CVC_LENGTH_VALID:
        case XML_SCHEMAV_CVC_MINLENGTH_VALID:
            r = RS_EMPTY_VALUE;
            break;
        case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
            r = RS_TOO_LONG;
            value = has_value ? s1 : NULL;
            n1 = strtol(sb_str(&in->err_str[has_value ? 1 : 0]), NULL, 10);
            n2 = strtol(sb_str(&in->err_str[has_value ? 2 : 1]), NULL, 10);
            break;
        case XML_SCHEMAV_CVC_PATTERN_VALID:
            r = RS_BAD_FORM;
            value = s1;
            break;
        case XML_SCHEMAV_ELEMENT_CONTENT: {
            r = strstr(msg, "Missing child") ? RS_MISSING_ELEMENT : RS_UNEXPECTED_ELEMENT;
            char *items = between(msg, "Expected is", "(", ")");
            list = items ? list_items(items) : NULL;
            free(items);
            if (r == RS_UNEXPECTED_ELEMENT && in->err_parent.len)
                place = xstrdup(sb_str(&in->err_parent));
            break;
        }
        case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
        case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
            r = RS_TEXT_NOT_ALLOWED;
            break;
        default:
            n1 = in->err_code;
            break;
        }
    }
    if (!attr && r == RS_EMPTY_VALUE)
        r = RS_EMPTY_TEXT;
    if (!attr && r == RS_TOO_LONG)
        r = RS_TOO_LONG_TEXT;
    why_set(why, r, el, attr, value);
    free(why->arg[ARG_LIST]);
    free(why->arg[ARG_PLACE]);
    why->arg[ARG_LIST] = list;
    why->arg[ARG_PLACE] = place;
    why->n1 = n1;
    why->n2 = n2;
    free(attr);
    free(type);
}

/* Why the element n cannot be a record (its place, a parser error, the schema): into why
 * and *why_line; nothing when it can. */
static void check_record(ingest_t *in, xmlNodePtr n, file_kind_t kind, rec_kind_t rk,
                         why_t *why, long *why_line)
{
    if (rk == REC_KINDS) {
        why_set(why, RS_NOT_A_RECORD, (const char *)n->name, NULL, NULL);
        sb_printf(&why->text, "unexpected element <%s> in a %s export; the record is rejected",
                  (const char *)n->name, file_kind_names[kind]);
    } else if (in->n_errors) { /* a namespace or other parser error inside the record */
        why_of_error(in, (const char *)n->name, why);
        sb_printf(&why->text, "invalid %s record: %s", rec_kind_names[rk], sb_str(&in->err_msg));
        if (in->err_line)
            *why_line = in->err_line;
    } else {
        xmlSchemaValidCtxtPtr vc = in->vctx[kind == KIND_PARTNERS ? SK_PARTNERS : SK_VOUCHERS];
        if (xmlSchemaValidateOneElement(vc, n) != 0) {
            if (in->n_errors)
                why_of_error(in, (const char *)n->name, why);
            else
                why_set(why, RS_INVALID, (const char *)n->name, NULL, NULL);
            sb_printf(&why->text, "invalid %s record: %s", rec_kind_names[rk],
                      in->n_errors ? sb_str(&in->err_msg) : "schema validation failed");
            if (in->n_errors && in->err_line)
                *why_line = in->err_line;
        }
    }
}

/* Converts the valid record n into a new record of its kind and indexes it. Returns 1
 * when it is kept; else 0 with the slot dropped, the reason in why and *dup set for a
 * duplicate ID. */
static int keep_record(ingest_t *in, xmlNodePtr n, rec_kind_t rk, const char *id, long line,
                       why_t *why, long *why_line, int *dup)
{
    model_t *m = in->m;
    long ix = model_count(m, rk);
    record_head_t *h = model_new_record(m, rk);
    h->id = arena_strdup(&m->arena, id);
    h->file = (uint32_t)in->file;
    h->line = (uint32_t)line;
    conv_t c = {in, {0}, 0};
    read_record[rk](&c, n, ix);
    if (c.why.text.len) {
        why_set(why, c.why.reason, c.why.arg[ARG_ELEMENT], c.why.arg[ARG_ATTRIBUTE],
                c.why.arg[ARG_VALUE]);
        sb_printf(&why->text, "invalid %s record: %s", rec_kind_names[rk], sb_str(&c.why.text));
        if (c.why_line)
            *why_line = c.why_line;
    } else if (in->no_index) { /* a later part of a split file: indexed when merged */
        ingest_log_order(in, rk, ix);
    } else {
        *dup = !ingest_index(in, rk, ix, why);
    }
    why_free(&c.why);
    if (why->text.len)
        model_drop(m, rk, ix); /* the record is rejected: its slot, the last, goes */
    return !why->text.len;
}

/* Keeps a schema-valid <waiver> (waiver.c checks the rest): 1, or 0 with why set. */
static int keep_waiver(ingest_t *in, xmlNodePtr n, long line, why_t *why, int *dup)
{
    model_t *m = in->m;
    if (!m->waivers) {
        m->waivers = xcalloc(1, sizeof *m->waivers);
        waivers_init(m->waivers);
    }
    const char *g = av(in, n, "granted"), *x = av(in, n, "expires"), *rule = av(in, n, "rule");
    char *reason = NULL;
    for (xmlNodePtr k = n->children; k && !reason; k = k->next)
        if (xt_is(k, "reason"))
            reason = (char *)xmlNodeGetContent(k);
    waiver_t w = {.id = av(in, n, "id"),
                  .partner = av(in, n, "partner"),
                  .customer = av(in, n, "customer"),
                  .voucher = av(in, n, "voucher"),
                  .granted = g ? date_parse(g, strlen(g)) : DATE_NONE,
                  .expires = x ? date_parse(x, strlen(x)) : DATE_NONE,
                  .approved_by = av(in, n, "approved-by"),
                  .reason = reason,
                  .file = (uint16_t)in->file,
                  .line = (uint32_t)line};
    char msg[600];
    waiver_verdict_t v = waivers_add(m->waivers, &w, rule, msg, sizeof msg);
    xmlFree(reason);
    if (v == WAIVER_KEPT)
        return 1;
    static const reason_t reasons[] = {[WAIVER_DUPLICATE] = RS_DUPLICATE,
                                       [WAIVER_BAD_RULE] = RS_WAIVER_RULE,
                                       [WAIVER_NO_SUBJECT] = RS_WAIVER_SUBJECT,
                                       [WAIVER_BAD_DATES] = RS_WAIVER_DATES,
                                       [WAIVER_NO_REASON] = RS_WAIVER_REASON};
    why_set(why, reasons[v], "waiver", v == WAIVER_DUPLICATE ? "id" : NULL, w.id);
    *dup = v == WAIVER_DUPLICATE;
    if (*dup) {
        const waiver_t *first = &m->waivers->w[hash_get(&m->waivers->by_id, w.id)];
        strbuf_t where = {0};
        sb_printf(&where, "%s:%u", m->files[first->file].path, first->line);
        why->arg[ARG_PLACE] = xstrdup(sb_str(&where));
        sb_printf(&why->text, "duplicate waiver ID '%s' (first seen at %s); this record is rejected",
                  w.id, sb_str(&where));
        sb_free(&where);
    } else {
        if (v == WAIVER_BAD_RULE)
            why->arg[ARG_LIST] = xstrdup(rule ? rule : "");
        sb_printf(&why->text, "invalid waiver record: %s", msg);
    }
    return 0;
}

/* A <waiver> of a waivers file: validated like any record (waivers.xsd), then checked and
 * kept by waiver.c; a rejected one becomes invalid-record / duplicate-id with its file and
 * line, naming nobody (it is the programme office's record, not a partner's). */
static void waiver_record(ingest_t *in, xmlNodePtr n, long line)
{
    why_t why = {0};
    long why_line = line;
    int dup = 0;
    if (!xt_is(n, "waiver")) {
        why_set(&why, RS_NOT_A_RECORD, (const char *)n->name, NULL, NULL);
        sb_printf(&why.text, "unexpected element <%s> in a waivers file; the record is rejected",
                  (const char *)n->name);
    } else if (in->n_errors) {
        why_of_error(in, "waiver", &why);
        sb_printf(&why.text, "invalid waiver record: %s", sb_str(&in->err_msg));
        if (in->err_line)
            why_line = in->err_line;
    } else if (xmlSchemaValidateOneElement(in->vctx[SK_WAIVERS], n) != 0) {
        if (in->n_errors)
            why_of_error(in, "waiver", &why);
        else
            why_set(&why, RS_INVALID, "waiver", NULL, NULL);
        sb_printf(&why.text, "invalid waiver record: %s",
                  in->n_errors ? sb_str(&in->err_msg) : "schema validation failed");
        if (in->n_errors && in->err_line)
            why_line = in->err_line;
    } else if (keep_waiver(in, n, line, &why, &dup)) {
        why_free(&why);
        return;
    }
    in->m->files[in->file].rejected++;
    const char *nobody[REC_KINDS] = {NULL, NULL, NULL};
    ingest_finding(in, dup ? R_DUPLICATE_ID : R_INVALID_RECORD, why_line, &why, nobody);
    why_free(&why);
}

/* One child element of the root: kept as a record, or rejected with a finding. */
static void record(ingest_t *in, xmlNodePtr n, file_kind_t kind, long line)
{
    in->m->files[in->file].records++;
    in->total_records++;
    note_progress(in);
    if (kind == KIND_WAIVERS) {
        waiver_record(in, n, line);
        return;
    }

    rec_kind_t rk = record_kind(n, kind);
    const char *who[REC_KINDS] = {NULL, NULL, NULL};
    if (rk != REC_KINDS)
        who[rk] = av(in, n, "id");
    if (rk == REC_VOUCHER) {
        who[REC_PARTNER] = av(in, n, "partner");
        who[REC_CUSTOMER] = av(in, n, "customer");
    }
    why_t why = {0};
    long why_line = line;
    int dup = 0;
    check_record(in, n, kind, rk, &why, &why_line);
    if (!why.text.len && keep_record(in, n, rk, who[rk], line, &why, &why_line, &dup)) {
        why_free(&why);
        return;
    }
    in->m->files[in->file].rejected++;
    ingest_finding(in, dup ? R_DUPLICATE_ID : R_INVALID_RECORD, why_line, &why, who);
    why_free(&why);
}

/* ---- files ---------------------------------------------------------------------------- */

static file_kind_t root_kind(const char *name)
{
    if (strcmp(name, "partners-export") == 0)
        return KIND_PARTNERS;
    if (strcmp(name, "vouchers-export") == 0)
        return KIND_VOUCHERS;
    if (strcmp(name, "program") == 0)
        return KIND_PROGRAM;
    if (strcmp(name, "waivers") == 0)
        return KIND_WAIVERS;
    return KIND_UNKNOWN;
}

/* Checks the root element. Returns its kind, or KIND_UNKNOWN after raising invalid-file. */
static file_kind_t check_root(ingest_t *in, xmlNodePtr node)
{
    input_file_t *f = &in->m->files[in->file];
    long line = node_line(node, NULL, NULL);
    const char *name = (const char *)node->name;
    file_kind_t kind = root_kind(name);
    if (node->ns) {
        invalid_file(in, line, RS_ROOT_NAMESPACE, name, NULL, NULL,
                     "the root element <%s> is in a namespace; exports have none%s", name, NULL);
        return KIND_UNKNOWN;
    }
    if (kind == KIND_UNKNOWN) {
        invalid_file(in, line, RS_UNKNOWN_ROOT, name, NULL, NULL,
                     "unknown root element <%s>: expected <partners-export>, "
                     "<vouchers-export>, <waivers> or <program>%s",
                     name, NULL);
        return KIND_UNKNOWN;
    }
    f->kind = kind;
    if (kind == KIND_PROGRAM)
        return kind;
    char *version = xt_prop(node, "version");
    char *exported = xt_prop(node, "exported");
    int ok = 0;
    if (!version)
        invalid_file(in, line, RS_NO_VERSION, name, "version", NULL,
                     "the root element <%s> has no version attribute%s", name, NULL);
    else if (strcmp(version, "1") != 0)
        invalid_file(in, line, RS_BAD_VERSION, name, "version", version,
                     "unsupported version '%s' of <%s>: this tool reads version 1", version, name);
    else if (!exported && kind == KIND_WAIVERS)
        ok = 1; /* optional on <waivers> */
    else if (!exported)
        invalid_file(in, line, RS_NO_EXPORTED, name, "exported", NULL,
                     "the root element <%s> has no exported attribute%s", name, NULL);
    else if ((f->exported = date_parse_timestamp(exported)) == DATE_NONE)
        invalid_file(in, line, RS_BAD_EXPORTED, name, "exported", exported,
                     "exported='%s' is not an ISO 8601 timestamp with a possible date%s", exported, NULL);
    else
        ok = 1;
    /* unknown root attributes make the file invalid, like unknown record attributes */
    for (xmlAttrPtr a = node->properties; ok && a; a = a->next)
        if (a->ns || (strcmp((const char *)a->name, "version") != 0 &&
                      strcmp((const char *)a->name, "exported") != 0)) {
            invalid_file(in, line, RS_ROOT_ATTRIBUTE, name, (const char *)a->name, NULL,
                         "unknown attribute '%s' on <%s>", (const char *)a->name, name);
            ok = 0;
        }
    if (ok)
        f->exported_at = arena_strdup(&in->m->arena, exported);
    free(version);
    free(exported);
    if (!ok || kind == KIND_WAIVERS) /* a waivers file never sets the default as-of */
        f->exported = DATE_NONE;
    return ok ? kind : KIND_UNKNOWN;
}

/* The line of "<!DOCTYPE" in the first bytes of the file (libxml2 keeps no line for it). */
static long doctype_line(int fd)
{
    char buf[65536];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 1;
    buf[n] = '\0';
    long line = 1;
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == '\n')
            line++;
        else if (buf[i] == '<' && strncmp(buf + i, "<!DOCTYPE", 9) == 0)
            return line;
    }
    return 1;
}

/* After a well-formedness error the reader returns -1 at once, although the parser may
 * have built complete records past the last one handed out (it reads ahead in chunks).
 * A record that has a following sibling was closed before the error: read those. The
 * last element, without a following sibling, is the one the error cut. Returns the line
 * of that cut record, or 0. */
static long salvage(ingest_t *in, file_kind_t kind, long last_line)
{
    xmlDocPtr doc = in->salvaged_doc;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    long cut = 0;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        long line = node_line(n, NULL, NULL);
        if (line <= last_line)
            continue;
        if (!n->next) {
            cut = line;
            break;
        }
        in->n_errors = 0;
        record(in, n, kind, line);
        free_scratch(in);
    }
    return cut;
}

/* Where the reading of a file stands. */
typedef struct {
    file_kind_t kind;
    int ret;                 /* of the last xmlTextReaderRead / Next */
    int seen_root, root_closed;
    int stop;                /* the file was rejected as a whole */
    long partial_line;       /* a record being expanded, when the parser fails in it */
    long last_line;          /* the last record read */
} walk_t;

static const char doctype_msg[] = "a DOCTYPE is not allowed in an export (no DTD or entity is "
                                  "ever loaded); the file is rejected%s%s";

/* Reads the root and then each record of the file, until its end or an error. */
static void walk(ingest_t *in, int fd, xmlTextReaderPtr r, walk_t *w)
{
    w->ret = xmlTextReaderRead(r);
    while (w->ret == 1) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            invalid_file(in, doctype_line(fd), RS_DOCTYPE, NULL, NULL, NULL, doctype_msg, NULL, NULL);
            w->stop = 1;
            return;
        }
        if (type == XML_READER_TYPE_ELEMENT && depth == 0 && !w->seen_root) {
            w->seen_root = 1;
            w->root_closed = xmlTextReaderIsEmptyElement(r) == 1;
            w->kind = check_root(in, xmlTextReaderCurrentNode(r));
            if (w->kind == KIND_UNKNOWN || w->kind == KIND_PROGRAM)
                return;
        } else if (type == XML_READER_TYPE_END_ELEMENT && depth == 0) {
            w->root_closed = 1;
        } else if (type == XML_READER_TYPE_ELEMENT && depth == 1) {
            in->n_errors = 0;
            w->partial_line = xmlTextReaderGetParserLineNumber(r);
            xmlNodePtr n = xmlTextReaderExpand(r);
            if (!n || in->fatal)
                return; /* the record is cut off by a well-formedness error */
            long line = node_line(n, r, &in->line_guess) + in->line_offset;
            record(in, n, w->kind, line);
            free_scratch(in);
            w->partial_line = 0;
            w->last_line = line;
            w->ret = xmlTextReaderNext(r);
            continue;
        }
        w->ret = xmlTextReaderRead(r);
    }
}

static int is_export(file_kind_t kind)
{
    return kind == KIND_PARTNERS || kind == KIND_VOUCHERS || kind == KIND_WAIVERS;
}

/* After a well-formedness error or a parser limit: the records the parser completed
 * are read (salvage) and the file gets its invalid-file finding. */
static void end_cut_file(ingest_t *in, int fd, xmlTextReaderPtr r, walk_t *w)
{
    input_file_t *f = &in->m->files[in->file];
    in->salvaged_doc = xmlTextReaderCurrentDoc(r);
    xmlNodePtr root = in->salvaged_doc ? xmlDocGetRootElement(in->salvaged_doc) : NULL;
    if (in->salvaged_doc && in->salvaged_doc->intSubset) {
        /* a DOCTYPE that made the parser fail before the reader showed it */
        invalid_file(in, doctype_line(fd), RS_DOCTYPE, NULL, NULL, NULL, doctype_msg, NULL, NULL);
        return;
    }
    if (!w->seen_root && root) { /* the error came before the reader showed the root */
        w->seen_root = 1;
        w->kind = check_root(in, root);
    }
    if (f->invalid)
        return;
    if (w->seen_root && is_export(w->kind)) {
        long cut = salvage(in, w->kind, w->last_line);
        if (cut)
            w->partial_line = cut;
    }
    why_t why = {0};
    strbuf_t *sb = &why.text;
    long line = in->fatal_line;
    if (!w->seen_root) {
        why.reason = RS_NOT_XML;
        sb_printf(sb, "not a readable XML document: %s", sb_str(&in->fatal_msg));
    } else {
        why.reason = w->partial_line ? RS_CUT_RECORD : RS_CUT;
        why.n1 = f->records;
        why.n2 = w->partial_line;
        sb_printf(sb, "not well-formed: %s; reading stopped at line %ld, %ld record(s) "
                      "before it were read",
                  sb_str(&in->fatal_msg), line, f->records);
        if (w->partial_line)
            sb_printf(sb, "; the record at line %ld is incomplete and was not read",
                      w->partial_line);
    }
    ingest_finding(in, R_INVALID_FILE, line, &why, NULL);
    f->invalid = 1;
    why_free(&why);
}

/* The one-piece reader's input: the file's bytes in order, each hashed as it passes, so
 * the file's SHA-256 costs no second read. */
typedef struct {
    int fd;
    struct sha256_ctx sha;
} fd_src_t;

static int fd_read(void *ctx, char *buf, int len)
{
    fd_src_t *s = ctx;
    ssize_t got;
    do
        got = read(s->fd, buf, (size_t)len);
    while (got < 0 && errno == EINTR);
    if (got > 0)
        sha256_update(&s->sha, (size_t)got, (const uint8_t *)buf);
    return (int)got;
}

static int fd_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Hashes what the reader left unread (after an error, or past the records it needed),
 * then stores the digest in f. Nothing is stored when the file cannot be read to its end. */
static void finish_hash(fd_src_t *s, input_file_t *f)
{
    char buf[65536];
    int got;
    while ((got = fd_read(s, buf, (int)sizeof buf)) > 0)
        ;
    if (got == 0) {
        sha256_digest(&s->sha, SHA256_DIGEST_SIZE, f->sha256);
        f->hashed = 1;
    }
}

void ingest_read(ingest_t *in, int fd, xmlTextReaderPtr r)
{
    input_file_t *f = &in->m->files[in->file];
    fd_src_t src;
    src.fd = fd;
    int hash = !r; /* a part of a split file is hashed by ingest_split.c */
    sha256_init(&src.sha);
    if (!r && !(r = xmlReaderForIO(fd_read, fd_close, &src, f->path, NULL, READER_OPTIONS)))
        alloc_fail(); /* NULL only without memory: the file is open */
    in->reader = r;
    in->fatal = 0;
    in->n_errors = 0;
    sb_reset(&in->generic_msg);
    xmlTextReaderSetStructuredErrorHandler(r, on_parse_error, in);

    walk_t w = {KIND_UNKNOWN, 0, 0, 0, 0, 0, 0};
    walk(in, fd, r, &w);
    /* a parser limit can stop the reader quietly: a root never closed is a cut file */
    int cut_file = w.ret < 0 || in->fatal ||
                   (w.seen_root && !w.root_closed && !w.stop && !f->invalid && is_export(w.kind));
    if (cut_file && !in->fatal) {
        in->fatal = 1;
        in->fatal_line = xmlTextReaderGetParserLineNumber(r);
        sb_reset(&in->fatal_msg);
        sb_puts(&in->fatal_msg, in->generic_msg.len ? sb_str(&in->generic_msg)
                                                    : "the file ends before its root element is closed");
    }
    if (!w.stop && !f->invalid && cut_file)
        end_cut_file(in, fd, r, &w);
    else if (!w.seen_root && !f->invalid)
        invalid_file(in, 0, RS_NO_ELEMENT, NULL, NULL, NULL,
                     "the file holds no XML element (empty file)%s%s", NULL, NULL);
    free_scratch(in);
    xmlFreeTextReader(r);
    if (hash)
        finish_hash(&src, &in->m->files[in->file]);
    if (in->salvaged_doc)
        xmlFreeDoc(in->salvaged_doc);
    in->salvaged_doc = NULL;
    in->reader = NULL;
}

int ingest_file(ingest_t *in, const char *path)
{
    int ix = model_new_file(in->m, path);
    in->file = ix;
    in->printed = 0;
    /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; it is
     * refused below as not a regular file, and a regular file reads the same */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0) {
        int e = errno;
        invalid_file(in, 0, e == ENOENT ? RS_NOT_FOUND : e == EACCES ? RS_NO_PERMISSION : RS_CANNOT_OPEN,
                     NULL, NULL, strerror(e), "cannot open: %s%s", strerror(e), NULL);
        return ix;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        invalid_file(in, 0, RS_NOT_REGULAR, NULL, NULL, NULL, "not a regular file%s%s", NULL, NULL);
        close(fd);
        return ix;
    }
    if (st.st_size == 0) {
        struct sha256_ctx sha;
        sha256_init(&sha);
        sha256_digest(&sha, SHA256_DIGEST_SIZE, in->m->files[ix].sha256);
        in->m->files[ix].hashed = 1;
        invalid_file(in, 0, RS_EMPTY_FILE, NULL, NULL, NULL, "the file is empty%s%s", NULL, NULL);
        close(fd);
        return ix;
    }
    if (!ingest_read_split(in, fd, st.st_size))
        ingest_read(in, fd, NULL);
    close(fd);
    in->bytes_before += (double)st.st_size;
    return ix;
}

/* ---- set-up ---------------------------------------------------------------------------- */

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    FILE *err = ctx;
    xt_check_memory(e);
    if (err && e->level >= XML_ERR_ERROR)
        fprintf(err, "%s:%d: error: %s", e->file ? e->file : "(schema)", e->line,
                e->message ? e->message : "\n");
}

static xmlSchemaPtr compile(const char *dir, const char *name, FILE *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (!pc)
        alloc_fail(); /* NULL only without memory */
    xmlSchemaSetParserStructuredErrors(pc, on_schema_error, err);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!s && err)
        fprintf(err, "%s: error: cannot compile the schema\n", path);
    return s;
}

ingest_t *ingest_new(model_t *m, const char *schema_dir, FILE *diag, long max_diag, FILE *err)
{
    ingest_t *in = xcalloc(1, sizeof *in);
    in->m = m;
    in->diag = diag;
    in->max_diag = max_diag;
    in->threads = 1;
    in->schema_dir = xstrdup(schema_dir);
    xmlSetGenericErrorFunc(in, on_generic_error);
    static const char *names[SK_COUNT] = {"partners.xsd", "vouchers.xsd", "waivers.xsd"};
    for (int k = 0; k < SK_COUNT; k++) {
        in->schema[k] = compile(schema_dir, names[k], err);
        if (!in->schema[k]) {
            ingest_free(in);
            return NULL;
        }
        if (!(in->vctx[k] = xmlSchemaNewValidCtxt(in->schema[k])))
            alloc_fail(); /* NULL only without memory */
        xmlSchemaSetValidStructuredErrors(in->vctx[k], on_valid_error, in);
    }
    return in;
}

void ingest_set_model(ingest_t *in, model_t *m)
{
    in->m = m;
    in->total_records = 0;
    in->bytes_before = 0;
}

void ingest_set_threads(ingest_t *in, int threads, long min_part)
{
    in->threads = threads > 0 ? threads : 1;
    in->min_part = min_part;
}

void ingest_set_progress(ingest_t *in, void (*cb)(void *, long, double), void *ctx)
{
    in->progress = cb;
    in->progress_ctx = ctx;
}

void ingest_free(ingest_t *in)
{
    if (!in)
        return;
    for (int k = 0; k < SK_COUNT; k++) {
        xmlSchemaFreeValidCtxt(in->vctx[k]);
        xmlSchemaFree(in->schema[k]);
    }
    sb_free(&in->err_msg);
    sb_free(&in->err_el);
    sb_free(&in->err_parent);
    for (int i = 0; i < 3; i++)
        sb_free(&in->err_str[i]);
    sb_free(&in->fatal_msg);
    sb_free(&in->generic_msg);
    free(in->schema_dir);
    free(in->order);
    free(in->scratch);
    xmlSetGenericErrorFunc(NULL, NULL);
    free(in);
}
