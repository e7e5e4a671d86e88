/* ingest_record.c - one record of an export: checked, converted into the model, or
 * rejected with the reason in the catalogue's words.
 *
 * A record arrives expanded alone from the reader (ingest.c). Its kind must belong to
 * the file, libxml2 must have raised no error inside it and it must be valid against
 * the global declaration of its schema; then it is copied into a new record of its
 * kind (read_partner, read_customer, read_voucher: the first impossible date or number
 * rejects it) and indexed under its ID, or handed to waiver.c for a waiver. A rejected
 * record becomes invalid-record or duplicate-id, with libxml2's error mapped to one
 * reason_t and the words it names (why_of_error).
 */
#define _POSIX_C_SOURCE 200809L
#include "ingest_internal.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/xmltree.h"
#include "waiver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

void ingest_free_scratch(ingest_t *in)
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
        c->why_line = ingest_node_line(n, c->in->reader, &c->in->line_guess) + c->in->line_offset;
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
        c->why_line = ingest_node_line(n, c->in->reader, &c->in->line_guess) + c->in->line_offset;
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
    for (;;) { /* ends at the first empty item: at the latest the end of s */
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
void ingest_record(ingest_t *in, xmlNodePtr n, file_kind_t kind, long line)
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
