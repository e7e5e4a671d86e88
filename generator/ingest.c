/* ingest.c - the streaming reader of the exports (see ingest.h for the idea).
 *
 * Safety: the reader is opened on a file descriptor we opened ourselves, with
 * XML_PARSE_NONET and without NOENT, DTDLOAD or HUGE, so no entity is expanded, no DTD
 * or network resource is fetched and libxml2's size and depth limits stay on. A file
 * carrying a DOCTYPE is rejected before its root is looked at.
 */
#define _POSIX_C_SOURCE 200809L
#include "ingest.h"

#include "rules.h"
#include "util/date.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SK_PARTNERS, SK_VOUCHERS, SK_COUNT };

typedef enum { REC_PARTNER, REC_CUSTOMER, REC_VOUCHER, REC_OTHER } rec_kind_t;

/* What a later part of a split file read, in file order, for the merge. */
typedef struct {
    uint8_t kind; /* rec_kind_t; REC_OTHER = a finding */
    uint32_t ix;
} order_t;

#define MAX_PARTS 8

struct ingest {
    model_t *m;
    xmlSchemaPtr schema[SK_COUNT];
    xmlSchemaValidCtxtPtr vctx[SK_COUNT];
    FILE *diag;
    long max_diag, printed;
    int file;                 /* index of the file being read */
    xmlTextReaderPtr reader;
    xmlDocPtr salvaged_doc;   /* kept from the reader after an error; freed after it */
    /* errors collected while a record is expanded or validated */
    int n_errors;
    long err_line;
    strbuf_t err_msg;
    int fatal;                /* a well-formedness error stopped the file */
    long fatal_line;
    strbuf_t fatal_msg;
    strbuf_t generic_msg;     /* first unstructured error of the file */
    /* attribute values that had to be allocated; freed after each record */
    xmlChar *scratch[32];
    int n_scratch;
    void (*progress)(void *, long, double);
    void *progress_ctx;
    long total_records;
    double bytes_before;     /* bytes of the files finished */
    /* reading a big file in parts (see read_split) */
    char *schema_dir;        /* each part's thread compiles its own schemas */
    int threads;             /* at most this many parts */
    long min_part;           /* bytes a part has at least */
    long line_offset;        /* added to the lines of a later part's reader */
    int defer_diag;          /* print the file's diagnostics after its parts are merged */
    int line_guess;          /* a line was the parser's, not the node's (node_line) */
    int no_index;            /* a later part: records are indexed when merged */
    order_t *order;
    long n_order, cap_order;
    _Atomic long *part_bytes; /* a later part's bytes and records read, for the progress bar */
    _Atomic long *part_records;
    _Atomic long part_progress[MAX_PARTS], part_count[MAX_PARTS];
};

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

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    ingest_t *in = ctx;
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
        trim_message(&in->err_msg, e->message);
    }
}

static void on_valid_error(void *ctx, xmlErrorPtr e)
{
    ingest_t *in = ctx;
    if (e->level < XML_ERR_ERROR)
        return;
    if (!in->n_errors++) {
        in->err_line = (e->node ? node_line(e->node, in->reader, &in->line_guess) : e->line) + in->line_offset;
        trim_message(&in->err_msg, e->message);
    }
}

/* Generic (unstructured) libxml2 errors: never to the terminal raw. Some parser limits
 * ("huge text node") arrive only here and stop the parser without a fatal error through
 * the reader, so the first message is kept for the invalid-file finding. */
static void on_generic_error(void *ctx, const char *msg, ...)
{
    ingest_t *in = ctx;
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

static void diag(ingest_t *in, long line, const char *msg)
{
    if (!in->diag)
        return;
    if (in->printed < in->max_diag) {
        if (line > 0)
            fprintf(in->diag, "%s:%ld: error: %s\n", file_path(in), line, msg);
        else
            fprintf(in->diag, "%s: error: %s\n", file_path(in), msg);
    } else if (in->printed == in->max_diag) {
        fprintf(in->diag, "%s: note: further errors of this file are in findings.json\n",
                file_path(in));
    }
    in->printed++;
}

/* A later part notes each kept record and finding in file order (merge_part). */
static void log_order(ingest_t *in, int kind, long ix)
{
    if (in->n_order == in->cap_order) {
        long cap = in->cap_order ? in->cap_order * 2 : 4096;
        order_t *o = realloc(in->order, (size_t)cap * sizeof *o);
        if (!o) {
            in->fatal = 1; /* the part fails, and the file is read again in one piece */
            return;
        }
        in->order = o;
        in->cap_order = cap;
    }
    in->order[in->n_order].kind = (uint8_t)kind;
    in->order[in->n_order++].ix = (uint32_t)ix;
}

static void add_finding(ingest_t *in, rule_t rule, long line, const char *msg,
                        const char *partner, const char *customer, const char *voucher)
{
    model_t *m = in->m;
    ingest_finding_t *f = model_new_ifind(m);
    if (!f)
        return;
    f->rule = rule;
    f->file = (uint16_t)in->file;
    f->line = (uint32_t)(line > 0 ? line : 0);
    f->message = arena_strdup(&m->arena, msg);
    f->partner = arena_strdup(&m->arena, partner);
    f->customer = arena_strdup(&m->arena, customer);
    f->voucher = arena_strdup(&m->arena, voucher);
    if (in->no_index)
        log_order(in, REC_OTHER /* a finding */, m->n_ifind - 1);
    if (!in->defer_diag)
        diag(in, line, msg);
}

static void invalid_file(ingest_t *in, long line, const char *fmt, const char *a, const char *b)
{
    strbuf_t sb = {0};
    sb_printf(&sb, fmt, a ? a : "", b ? b : "");
    add_finding(in, R_INVALID_FILE, line, sb_str(&sb), NULL, NULL, NULL);
    in->m->files[in->file].invalid = 1;
    sb_free(&sb);
}

/* ---- attribute access ------------------------------------------------------------- */

/* The value of an attribute without allocating in the common case (one text child). */
static const char *av(ingest_t *in, xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (a->ns || a->name[0] != (xmlChar)name[0] || strcmp((const char *)a->name, name) != 0)
            continue; /* the first-byte test spares most strcmp calls on the hot path */
        xmlNodePtr t = a->children;
        if (!t)
            return "";
        if (t->type == XML_TEXT_NODE && !t->next)
            return t->content ? (const char *)t->content : "";
        if (in->n_scratch == (int)(sizeof in->scratch / sizeof *in->scratch))
            return NULL;
        xmlChar *v = xmlNodeListGetString(n->doc, t, 1);
        if (v)
            in->scratch[in->n_scratch++] = v;
        return (const char *)v;
    }
    return NULL;
}

static void free_scratch(ingest_t *in)
{
    while (in->n_scratch)
        xmlFree(in->scratch[--in->n_scratch]);
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

/* Text content of <name>, whitespace kept as given. Allocated in the model arena. */
static char *child_text(model_t *m, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = arena_strdup(&m->arena, v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

/* A record being converted: the first impossible value rejects it. */
typedef struct {
    ingest_t *in;
    strbuf_t why;
    long why_line;
} conv_t;

static int cdate(conv_t *c, xmlNodePtr n, const char *attr, int required)
{
    const char *v = av(c->in, n, attr);
    if (!v)
        return DATE_NONE;
    int d = date_parse(v, strlen(v));
    if (d == DATE_NONE && !c->why.len) {
        sb_printf(&c->why, "'%s' in <%s %s> is not a possible date YYYY-MM-DD", v,
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
    if ((errno || *end || end == v || x < 0) && !c->why.len) {
        sb_printf(&c->why, "bad number '%s' in <%s %s>", v, (const char *)n->name, attr);
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

#define COUNT_CHILDREN(n, name, k)                                                        \
    do {                                                                                  \
        k = 0;                                                                            \
        for (xmlNodePtr c_ = (n)->children; c_; c_ = c_->next)                            \
            k += is_el(c_, name);                                                         \
    } while (0)

static int read_partner(conv_t *c, xmlNodePtr n, partner_t *p)
{
    model_t *m = c->in->m;
    p->agreement = p->profile = DATE_NONE;
    p->region = (int8_t)region_from_name(av(c->in, n, "region"));
    country(p->country, av(c->in, n, "country"));
    int nc, ne, nk;
    COUNT_CHILDREN(n, "competency", nc);
    COUNT_CHILDREN(n, "enrollment", ne);
    COUNT_CHILDREN(n, "consultant", nk);
    p->comp = nc ? calloc((size_t)nc, sizeof *p->comp) : NULL;
    p->enr = ne ? calloc((size_t)ne, sizeof *p->enr) : NULL;
    p->cons = nk ? calloc((size_t)nk, sizeof *p->cons) : NULL;
    if ((nc && !p->comp) || (ne && !p->enr) || (nk && !p->cons))
        return -1;
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (is_el(k, "name")) {
            p->name = child_text(m, k);
        } else if (is_el(k, "agreement")) {
            p->agreement = cdate(c, k, "signed", 1);
        } else if (is_el(k, "profile")) {
            p->profile = cdate(c, k, "updated", 1);
        } else if (is_el(k, "competency")) {
            competency_t *x = &p->comp[p->n_comp++];
            x->name = (char *)model_intern(m, av(c->in, k, "name"));
            const char *lvl = av(c->in, k, "level");
            x->gold = lvl && strcmp(lvl, "gold") == 0;
            x->earned = cdate(c, k, "earned", 1);
            x->expires = cdate(c, k, "expires", 0);
        } else if (is_el(k, "enrollment")) {
            enrollment_t *x = &p->enr[p->n_enr++];
            x->offering = (char *)model_intern(m, av(c->in, k, "offering"));
            x->date = cdate(c, k, "date", 1);
        } else if (is_el(k, "consultant")) {
            consultant_t *x = &p->cons[p->n_cons++];
            x->id = arena_strdup(&m->arena, av(c->in, k, "id"));
            int nx;
            COUNT_CHILDREN(k, "exam", nx);
            x->exams = nx ? calloc((size_t)nx, sizeof *x->exams) : NULL;
            if (nx && !x->exams)
                return -1;
            for (xmlNodePtr e = k->children; e; e = e->next) {
                if (is_el(e, "name"))
                    x->name = child_text(m, e);
                else if (is_el(e, "exam")) {
                    exam_t *ex = &x->exams[x->n_exams++];
                    ex->id = (char *)model_intern(m, av(c->in, e, "id"));
                    ex->passed = cdate(c, e, "passed", 1);
                }
            }
        }
    }
    return 0;
}

static int read_customer(conv_t *c, xmlNodePtr n, customer_t *u)
{
    model_t *m = c->in->m;
    u->activated = DATE_NONE;
    u->region = (int8_t)region_from_name(av(c->in, n, "region"));
    country(u->country, av(c->in, n, "country"));
    int na, nv, nb;
    COUNT_CHILDREN(n, "accrual", na);
    COUNT_CHILDREN(n, "conversion", nv);
    COUNT_CHILDREN(n, "balance", nb);
    u->acc = na ? calloc((size_t)na, sizeof *u->acc) : NULL;
    u->conv = nv ? calloc((size_t)nv, sizeof *u->conv) : NULL;
    u->bal = nb ? calloc((size_t)nb, sizeof *u->bal) : NULL;
    if ((na && !u->acc) || (nv && !u->conv) || (nb && !u->bal))
        return -1;
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (is_el(k, "name")) {
            u->name = child_text(m, k);
        } else if (is_el(k, "benefit")) {
            u->activated = cdate(c, k, "activated", 1);
        } else if (is_el(k, "accrual")) {
            dated_days_t *x = &u->acc[u->n_acc++];
            x->date = cdate(c, k, "date", 1);
            x->days = cnum(c, k, "days");
        } else if (is_el(k, "conversion")) {
            conversion_t *x = &u->conv[u->n_conv++];
            x->date = cdate(c, k, "date", 1);
            x->training = cnum(c, k, "training-days");
            x->planning = cnum(c, k, "planning-days");
        } else if (is_el(k, "balance")) {
            dated_days_t *x = &u->bal[u->n_bal++];
            x->date = cdate(c, k, "date", 1);
            x->days = cnum(c, k, "days");
        }
    }
    return 0;
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

static int read_voucher(conv_t *c, xmlNodePtr n, voucher_t *v)
{
    model_t *m = c->in->m;
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
        if (is_el(k, "expires")) {
            v->expires_given = cdate(c, k, "date", 1);
            continue;
        }
        for (size_t i = 0; i < sizeof voucher_events / sizeof *voucher_events; i++)
            if (k->name[0] == (xmlChar)voucher_events[i].element[0] &&
                strcmp((const char *)k->name, voucher_events[i].element) == 0)
                v->ev[voucher_events[i].ev] = cdate(c, k, voucher_events[i].attr, 1);
        if (is_el(k, "delivered"))
            v->consultant = model_intern(m, av(c->in, k, "consultant"));
    }
    return 0;
}


static const char *rec_label[] = {"partner", "customer", "voucher"};

static void first_seen(ingest_t *in, rec_kind_t k, long ix, strbuf_t *out);

/* Drops the record in slot `count` (the last) of its kind. */
static void drop_slot(model_t *m, rec_kind_t rk, long count)
{
    if (rk == REC_PARTNER)
        model_drop_partners(m, count);
    else if (rk == REC_CUSTOMER)
        model_drop_customers(m, count);
    else
        m->n_vouchers = count;
}

static hash_t *index_of(model_t *m, rec_kind_t rk)
{
    return rk == REC_PARTNER ? &m->partner_ix : rk == REC_CUSTOMER ? &m->customer_ix
                                                                   : &m->voucher_ix;
}

/* Indexes the record in slot `count` under id. Returns 1; or 0 for a duplicate ID (the
 * first record is kept) and -1 out of memory, with the reason in why. */
static int index_record(ingest_t *in, rec_kind_t rk, const char *id, long count, strbuf_t *why)
{
    hash_t *ix = index_of(in->m, rk);
    int put = id ? hash_put(ix, id, (uint32_t)count) : -1;
    if (put == 0) {
        strbuf_t where = {0};
        first_seen(in, rk, hash_get(ix, id), &where);
        sb_printf(why, "duplicate %s ID '%s' (first seen at %s); this record is rejected",
                  rec_label[rk], id, sb_str(&where));
        sb_free(&where);
    } else if (put < 0) {
        sb_puts(why, "out of memory");
    }
    return put;
}

/* Where a kept record's ID was first seen, for the duplicate-id message. */
static void first_seen(ingest_t *in, rec_kind_t k, long ix, strbuf_t *out)
{
    model_t *m = in->m;
    uint16_t f = 0;
    uint32_t line = 0;
    if (k == REC_PARTNER) {
        f = m->partners[ix].file;
        line = m->partners[ix].line;
    } else if (k == REC_CUSTOMER) {
        f = m->customers[ix].file;
        line = m->customers[ix].line;
    } else {
        f = m->vouchers[ix].file;
        line = m->vouchers[ix].line;
    }
    sb_printf(out, "%s:%u", m->files[f].path, line);
}

static void record(ingest_t *in, xmlNodePtr n, file_kind_t kind, long line)
{
    model_t *m = in->m;
    input_file_t *file = &m->files[in->file];
    file->records++;
    in->total_records++;
    if ((in->total_records & 0xfff) == 0) {
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

    rec_kind_t rk = REC_OTHER;
    if (kind == KIND_PARTNERS && is_el(n, "partner"))
        rk = REC_PARTNER;
    else if (kind == KIND_VOUCHERS && is_el(n, "customer"))
        rk = REC_CUSTOMER;
    else if (kind == KIND_VOUCHERS && is_el(n, "voucher"))
        rk = REC_VOUCHER;

    const char *id = av(in, n, "id");
    const char *partner = rk == REC_PARTNER ? id : rk == REC_VOUCHER ? av(in, n, "partner") : NULL;
    const char *customer = rk == REC_CUSTOMER ? id : rk == REC_VOUCHER ? av(in, n, "customer") : NULL;
    const char *voucher = rk == REC_VOUCHER ? id : NULL;

    strbuf_t why = {0};
    long why_line = line;
    int dup = 0;
    if (rk == REC_OTHER) {
        sb_printf(&why, "unexpected element <%s> in a %s export; the record is rejected",
                  (const char *)n->name, file_kind_names[kind]);
    } else if (in->n_errors) { /* a namespace or other parser error inside the record */
        sb_printf(&why, "invalid %s record: %s", rec_label[rk], sb_str(&in->err_msg));
        why_line = in->err_line ? in->err_line : line;
    } else {
        xmlSchemaValidCtxtPtr vc = in->vctx[kind == KIND_PARTNERS ? SK_PARTNERS : SK_VOUCHERS];
        if (xmlSchemaValidateOneElement(vc, n) != 0) {
            sb_printf(&why, "invalid %s record: %s", rec_label[rk],
                      in->n_errors ? sb_str(&in->err_msg) : "schema validation failed");
            why_line = in->n_errors && in->err_line ? in->err_line : line;
        }
    }
    if (!why.len) {
        conv_t c = {in, {0}, 0};
        int rc;
        long count = rk == REC_PARTNER ? m->n_partners
                   : rk == REC_CUSTOMER ? m->n_customers : m->n_vouchers;
        if (rk == REC_PARTNER) {
            partner_t *p = model_new_partner(m);
            rc = p ? read_partner(&c, n, p) : -1;
            if (p) {
                p->id = arena_strdup(&m->arena, id);
                p->file = (uint16_t)in->file;
                p->line = (uint32_t)line;
            }
        } else if (rk == REC_CUSTOMER) {
            customer_t *u = model_new_customer(m);
            rc = u ? read_customer(&c, n, u) : -1;
            if (u) {
                u->id = arena_strdup(&m->arena, id);
                u->file = (uint16_t)in->file;
                u->line = (uint32_t)line;
            }
        } else {
            voucher_t *v = model_new_voucher(m);
            rc = v ? read_voucher(&c, n, v) : -1;
            if (v) {
                v->id = arena_strdup(&m->arena, id);
                v->file = (uint16_t)in->file;
                v->line = (uint32_t)line;
            }
        }
        long now = rk == REC_PARTNER ? m->n_partners
                 : rk == REC_CUSTOMER ? m->n_customers : m->n_vouchers;
        if (rc == 0 && !c.why.len) {
            const char *key = rk == REC_PARTNER ? m->partners[count].id
                            : rk == REC_CUSTOMER ? m->customers[count].id
                                                 : m->vouchers[count].id;
            /* a later part of a split file: indexed when merged (merge_part) */
            int put = in->no_index ? (key ? 1 : -1) : index_record(in, rk, key, count, &why);
            if (put == 1) {
                if (in->no_index)
                    log_order(in, rk, count);
                sb_free(&c.why);
                sb_free(&why);
                return; /* kept */
            }
            dup = put == 0;
            if (put < 0 && !why.len)
                sb_puts(&why, "out of memory");
        } else {
            sb_printf(&why, "invalid %s record: %s", rec_label[rk],
                      c.why.len ? sb_str(&c.why) : "out of memory");
            why_line = c.why_line ? c.why_line : line;
        }
        if (now > count)
            drop_slot(m, rk, count); /* the record is rejected */
        sb_free(&c.why);
    }
    file->rejected++;
    add_finding(in, dup ? R_DUPLICATE_ID : R_INVALID_RECORD, why_line, sb_str(&why), partner,
                customer, voucher);
    sb_free(&why);
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
    return KIND_UNKNOWN;
}

static char *prop(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* Checks the root element. Returns its kind, or KIND_UNKNOWN after raising invalid-file. */
static file_kind_t check_root(ingest_t *in, xmlNodePtr node)
{
    input_file_t *f = &in->m->files[in->file];
    long line = node_line(node, NULL, NULL);
    const char *name = (const char *)node->name;
    file_kind_t kind = root_kind(name);
    if (node->ns) {
        invalid_file(in, line, "the root element <%s> is in a namespace; exports have none%s",
                     name, NULL);
        return KIND_UNKNOWN;
    }
    if (kind == KIND_UNKNOWN) {
        invalid_file(in, line,
                     "unknown root element <%s>: expected <partners-export>, "
                     "<vouchers-export> or <program>%s",
                     name, NULL);
        return KIND_UNKNOWN;
    }
    f->kind = kind;
    if (kind == KIND_PROGRAM)
        return kind;
    char *version = prop(node, "version");
    char *exported = prop(node, "exported");
    int ok = 0;
    if (!version)
        invalid_file(in, line, "the root element <%s> has no version attribute%s", name, NULL);
    else if (strcmp(version, "1") != 0)
        invalid_file(in, line, "unsupported version '%s' of <%s>: this tool reads version 1",
                     version, name);
    else if (!exported)
        invalid_file(in, line, "the root element <%s> has no exported attribute%s", name, NULL);
    else if ((f->exported = date_parse_timestamp(exported)) == DATE_NONE)
        invalid_file(in, line, "exported='%s' is not an ISO 8601 timestamp with a possible date%s",
                     exported, NULL);
    else
        ok = 1;
    /* unknown root attributes make the file invalid, like unknown record attributes */
    for (xmlAttrPtr a = node->properties; ok && a; a = a->next)
        if (a->ns || (strcmp((const char *)a->name, "version") != 0 &&
                      strcmp((const char *)a->name, "exported") != 0)) {
            invalid_file(in, line, "unknown attribute '%s' on <%s>", (const char *)a->name, name);
            ok = 0;
        }
    xmlFree(version);
    xmlFree(exported);
    if (!ok)
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
static long salvage(ingest_t *in, xmlTextReaderPtr r, file_kind_t kind, long last_line)
{
    xmlDocPtr doc = in->salvaged_doc;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    long cut = 0;
    (void)r;
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

#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* Reads the file open on fd with the reader r (NULL: a reader on fd), which it frees. */
static void read_file(ingest_t *in, int fd, xmlTextReaderPtr r)
{
    model_t *m = in->m;
    input_file_t *f = &m->files[in->file];
    if (!r)
        r = xmlReaderForFd(fd, f->path, NULL, READER_OPTIONS);
    if (!r) {
        invalid_file(in, 0, "cannot start reading this file%s%s", NULL, NULL);
        return;
    }
    in->reader = r;
    in->fatal = 0;
    in->n_errors = 0;
    sb_reset(&in->generic_msg);
    xmlTextReaderSetStructuredErrorHandler(r, on_parse_error, in);

    file_kind_t kind = KIND_UNKNOWN;
    int seen_root = 0, root_closed = 0, stop = 0, ret = xmlTextReaderRead(r);
    long partial_line = 0, last_line = 0;
    while (ret == 1 && !stop) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            invalid_file(in, doctype_line(fd),
                         "a DOCTYPE is not allowed in an export (no DTD or entity is ever "
                         "loaded); the file is rejected%s%s",
                         NULL, NULL);
            stop = 1;
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT && depth == 0 && !seen_root) {
            seen_root = 1;
            root_closed = xmlTextReaderIsEmptyElement(r) == 1;
            kind = check_root(in, xmlTextReaderCurrentNode(r));
            if (kind == KIND_UNKNOWN || kind == KIND_PROGRAM)
                break;
        } else if (type == XML_READER_TYPE_END_ELEMENT && depth == 0) {
            root_closed = 1;
        } else if (type == XML_READER_TYPE_ELEMENT && depth == 1) {
            in->n_errors = 0;
            partial_line = xmlTextReaderGetParserLineNumber(r);
            xmlNodePtr n = xmlTextReaderExpand(r);
            if (!n || in->fatal)
                break; /* the record is cut off by a well-formedness error */
            long line = node_line(n, r, &in->line_guess) + in->line_offset;
            record(in, n, kind, line);
            free_scratch(in);
            partial_line = 0;
            last_line = line;
            ret = xmlTextReaderNext(r);
            continue;
        }
        ret = xmlTextReaderRead(r);
    }
    /* a parser limit can stop the reader quietly: a root never closed is a cut file */
    int cut_file = ret < 0 || in->fatal || (seen_root && !root_closed && !stop && !f->invalid &&
                                            (kind == KIND_PARTNERS || kind == KIND_VOUCHERS));
    if (cut_file && !in->fatal) {
        in->fatal = 1;
        in->fatal_line = xmlTextReaderGetParserLineNumber(r);
        sb_reset(&in->fatal_msg);
        sb_puts(&in->fatal_msg, in->generic_msg.len ? sb_str(&in->generic_msg)
                                                    : "the file ends before its root element is closed");
    }
    if (!stop && !f->invalid && cut_file) {
        in->salvaged_doc = xmlTextReaderCurrentDoc(r);
        xmlNodePtr root = in->salvaged_doc ? xmlDocGetRootElement(in->salvaged_doc) : NULL;
        if (in->salvaged_doc && in->salvaged_doc->intSubset) {
            /* a DOCTYPE that made the parser fail before the reader showed it */
            invalid_file(in, doctype_line(fd),
                         "a DOCTYPE is not allowed in an export (no DTD or entity is ever "
                         "loaded); the file is rejected%s%s",
                         NULL, NULL);
            stop = 1;
        } else if (!seen_root && root) { /* the error came before the reader showed the root */
            seen_root = 1;
            kind = check_root(in, root);
        }
    }
    if (!stop && !f->invalid && cut_file) {
        if (seen_root && (kind == KIND_PARTNERS || kind == KIND_VOUCHERS)) {
            long cut = salvage(in, r, kind, last_line);
            if (cut)
                partial_line = cut;
        }
        strbuf_t sb = {0};
        long line = in->fatal ? in->fatal_line : xmlTextReaderGetParserLineNumber(r);
        if (!seen_root)
            sb_printf(&sb, "not a readable XML document: %s",
                      in->fatal ? sb_str(&in->fatal_msg) : "empty or unreadable");
        else {
            sb_printf(&sb, "not well-formed: %s; reading stopped at line %ld, %ld record(s) "
                           "before it were read",
                      in->fatal ? sb_str(&in->fatal_msg) : "read error", line, f->records);
            if (partial_line)
                sb_printf(&sb, "; the record at line %ld is incomplete and was not read",
                          partial_line);
        }
        add_finding(in, R_INVALID_FILE, line, sb_str(&sb), NULL, NULL, NULL);
        f->invalid = 1;
        sb_free(&sb);
    } else if (!seen_root && !f->invalid) {
        invalid_file(in, 0, "the file holds no XML element (empty file)%s%s", NULL, NULL);
    }
    free_scratch(in);
    xmlFreeTextReader(r);
    if (in->salvaged_doc)
        xmlFreeDoc(in->salvaged_doc);
    in->salvaged_doc = NULL;
    in->reader = NULL;
}

/* ---- big files in parts ------------------------------------------------------------------
 *
 * A big export is read in parts, one thread each, so the parse and the per-record
 * validation (most of the time) use every core. The split points are found in the raw
 * bytes: just before a record's start tag ("<voucher ") that follows a '>' and blanks. Part 0 is the
 * file's bytes up to the first split point plus the root's end tag; part k > 0 is the
 * file's prolog and root start tag, copied, then its range of bytes (and the root's end
 * tag, but for the last part). A split point inside
 * a comment, CDATA, a processing instruction or a nested element leaves a part that is
 * not well-formed ('<' cannot occur in an attribute value), so when every part reads
 * without a well-formedness error the parts are exactly the file's records, cut between
 * two of them. Any error in any part (a bad file, a cut file, a DOCTYPE, a bare CR that
 * would shift line numbers) discards the parts and reads the file again in one piece, so
 * every finding and message is the one-piece reading's.
 *
 * Part 0 reads into the model on the calling thread; a later part reads into its own
 * model, without indexing IDs, and notes what it kept and rejected in file order. The
 * merge then appends each later part's records in that order, interning their IDs into
 * the main model and raising duplicate-id exactly where the one-piece reading would. The
 * later parts' strings stay where they are: their arenas join the main model's.
 */

typedef struct {
    int fd;
    const char *head; /* bytes before the range: a later part's prolog and root start tag */
    size_t head_len, head_pos;
    off_t pos, end;   /* the range of the file */
    const char *tail; /* bytes after it: part 0's root end tag */
    size_t tail_len, tail_pos;
} src_t;

static int src_read(void *ctx, char *buf, int len)
{
    src_t *s = ctx;
    int n = 0;
    while (n < len && s->head_pos < s->head_len)
        buf[n++] = s->head[s->head_pos++];
    if (n < len && s->pos < s->end) {
        size_t want = (size_t)(len - n);
        if ((off_t)want > s->end - s->pos)
            want = (size_t)(s->end - s->pos);
        ssize_t got = pread(s->fd, buf + n, want, s->pos);
        if (got < 0)
            return -1;
        if (got == 0) /* the file shrank: end the part, which then fails */
            s->end = s->pos;
        s->pos += got;
        n += (int)got;
        return n;
    }
    while (n < len && s->tail_pos < s->tail_len)
        buf[n++] = s->tail[s->tail_pos++];
    return n;
}

static int src_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Counts the newlines of [from, to); -1 on a read error or a bare CR (which libxml2
 * may count otherwise). */
static long count_lines(int fd, off_t from, off_t to)
{
    static const size_t chunk = 1 << 20;
    char *buf = malloc(chunk);
    long lines = 0;
    char prev = 0;
    while (buf && from < to) {
        size_t want = (off_t)chunk < to - from ? chunk : (size_t)(to - from);
        ssize_t got = pread(fd, buf, want, from);
        if (got <= 0) {
            lines = -1;
            break;
        }
        for (ssize_t i = 0; i < got; i++) {
            if (prev == '\r' && buf[i] != '\n') {
                lines = -1;
                break;
            }
            lines += buf[i] == '\n';
            prev = buf[i];
        }
        if (lines < 0)
            break;
        from += got;
    }
    if (!buf || prev == '\r')
        lines = -1;
    free(buf);
    return lines;
}

/* The end of the root start tag in the first bytes b[0..n), its name into name; -1 when
 * the file does not begin in an ASCII-compatible way, has a DOCTYPE or an empty root. */
static long root_tag_end(const char *b, long n, char *name, size_t cap)
{
    long i = 0;
    if (n >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
        (unsigned char)b[2] == 0xBF)
        i = 3;
    for (;;) {
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
            i++;
        if (i + 1 >= n || b[i] != '<')
            return -1;
        const char *end = NULL;
        if (b[i + 1] == '?')
            end = strstr(b + i, "?>");
        else if (n - i >= 4 && strncmp(b + i, "<!--", 4) == 0)
            end = strstr(b + i + 4, "-->");
        else if (b[i + 1] == '!')
            return -1; /* a DOCTYPE: read in one piece, where it is rejected */
        else
            break;
        if (!end)
            return -1;
        i = (long)(end - b) + (b[i + 1] == '?' ? 2 : 3);
    }
    long start = ++i;
    while (i < n && b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n' && b[i] != '>' &&
           b[i] != '/')
        i++;
    if (i == start || (size_t)(i - start) >= cap)
        return -1;
    memcpy(name, b + start, (size_t)(i - start));
    name[i - start] = '\0';
    char quote = 0;
    for (; i < n; i++) {
        if (quote) {
            if (b[i] == quote)
                quote = 0;
        } else if (b[i] == '"' || b[i] == '\'') {
            quote = b[i];
        } else if (b[i] == '>') {
            return b[i - 1] == '/' ? -1 : i + 1;
        }
    }
    return -1;
}

/* A split point at or after `from`: the offset of a record's start tag ("<voucher ")
 * that follows a '>' and blanks; -1 when none is found in the next 256 KB. */
static off_t find_split(int fd, off_t from, off_t limit)
{
    enum { WINDOW = 256 * 1024 };
    char *b = malloc(WINDOW);
    off_t found = -1;
    ssize_t n = b ? pread(fd, b, WINDOW, from) : -1;
    for (ssize_t i = 0; i + 1 < n && from + i < limit && found < 0; i++) {
        if (b[i] != '>')
            continue;
        ssize_t j = i + 1;
        while (j < n && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n'))
            j++;
        if (j + 1 >= n || b[j] != '<')
            continue;
        for (int r = 0; r < 3 && found < 0; r++) {
            size_t len = strlen(rec_label[r]); /* the record elements' names */
            if (j + 1 + (ssize_t)len < n && memcmp(b + j + 1, rec_label[r], len) == 0 &&
                strchr(" \t\r\n/>", b[j + 1 + (ssize_t)len]))
                found = from + j;
        }
    }
    free(b);
    return found < limit ? found : -1;
}

typedef struct {
    ingest_t *parent;
    int index;         /* k of part k */
    model_t m;
    order_t *order;    /* what it kept and rejected, in file order */
    long n_order;
    src_t src;
    const char *path;
    long lines_before; /* newlines of the prolog copied into the part */
    int ok;
    pthread_t thread;
    int started;
} part_t;

static void *part_main(void *arg)
{
    part_t *p = arg;
    long lines = count_lines(p->src.fd, 0, p->src.pos);
    if (lines < 0)
        return NULL;
    model_init(&p->m);
    ingest_t *in = ingest_new(&p->m, p->parent->schema_dir, NULL, 0, NULL);
    if (!in || model_new_file(&p->m, p->path) != 0) {
        ingest_free(in);
        return NULL;
    }
    in->file = 0;
    in->part_bytes = &p->parent->part_progress[p->index];
    in->part_records = &p->parent->part_count[p->index];
    in->no_index = 1;
    in->defer_diag = 1;
    in->line_offset = lines - p->lines_before;
    xmlTextReaderPtr r = xmlReaderForIO(src_read, src_close, &p->src, p->path, NULL,
                                        READER_OPTIONS);
    if (r)
        read_file(in, p->src.fd, r);
    file_kind_t kind = p->m.files[0].kind;
    p->ok = r && !in->fatal && !in->line_guess && !p->m.files[0].invalid &&
            (kind == KIND_PARTNERS || kind == KIND_VOUCHERS); /* the same as part 0's: read_split */
    p->order = in->order;
    p->n_order = in->n_order;
    in->order = NULL;
    ingest_free(in); /* on this thread: it resets this thread's error handler */
    return NULL;
}

/* What the main model held before part 0, to go back to when a part fails. */
typedef struct {
    long n_partners, n_customers, n_vouchers, n_ifind, total_records;
    input_file_t file;
} snapshot_t;

static void clear_index(hash_t *h)
{
    hash_free(h);
    memset(h, 0, sizeof *h);
}

static void restore(ingest_t *in, const snapshot_t *s)
{
    model_t *m = in->m;
    model_drop_partners(m, s->n_partners);
    model_drop_customers(m, s->n_customers);
    m->n_vouchers = s->n_vouchers;
    m->n_ifind = s->n_ifind;
    m->files[in->file] = s->file;
    in->total_records = s->total_records;
    /* the kept records before the file are unique: index them again */
    clear_index(&m->partner_ix);
    clear_index(&m->customer_ix);
    clear_index(&m->voucher_ix);
    for (long i = 0; i < m->n_partners; i++)
        hash_put(index_of(m, REC_PARTNER), m->partners[i].id, (uint32_t)i);
    for (long i = 0; i < m->n_customers; i++)
        hash_put(index_of(m, REC_CUSTOMER), m->customers[i].id, (uint32_t)i);
    for (long i = 0; i < m->n_vouchers; i++)
        hash_put(index_of(m, REC_VOUCHER), m->vouchers[i].id, (uint32_t)i);
}

/* Appends a later part's records and findings to the main model, in file order. */
static void merge_part(ingest_t *in, part_t *p)
{
    model_t *m = in->m, *b = &p->m;
    input_file_t *f = &m->files[in->file];
    f->records += b->files[0].records;
    f->rejected += b->files[0].rejected;
    for (long k = 0; k < p->n_order; k++) {
        rec_kind_t rk = (rec_kind_t)p->order[k].kind;
        long ix = p->order[k].ix;
        if (rk == REC_OTHER) {
            ingest_finding_t *x = model_new_ifind(m);
            if (x) {
                *x = b->ifind[ix];
                x->file = (uint16_t)in->file;
            }
            continue;
        }
        const char *id, *partner = NULL, *customer = NULL, *voucher = NULL;
        long line;
        long count;
        if (rk == REC_PARTNER) {
            partner_t *x = model_new_partner(m);
            if (!x)
                continue;
            *x = b->partners[ix];
            memset(&b->partners[ix], 0, sizeof *x); /* its arrays are the main model's now */
            for (int c = 0; c < x->n_comp; c++)
                x->comp[c].name = (char *)model_intern(m, x->comp[c].name);
            for (int e = 0; e < x->n_enr; e++)
                x->enr[e].offering = (char *)model_intern(m, x->enr[e].offering);
            for (int c = 0; c < x->n_cons; c++)
                for (int e = 0; e < x->cons[c].n_exams; e++)
                    x->cons[c].exams[e].id = (char *)model_intern(m, x->cons[c].exams[e].id);
            x->file = (uint16_t)in->file;
            id = partner = x->id;
            line = x->line;
            count = m->n_partners - 1;
        } else if (rk == REC_CUSTOMER) {
            customer_t *x = model_new_customer(m);
            if (!x)
                continue;
            *x = b->customers[ix];
            memset(&b->customers[ix], 0, sizeof *x);
            x->file = (uint16_t)in->file;
            id = customer = x->id;
            line = x->line;
            count = m->n_customers - 1;
        } else {
            voucher_t *x = model_new_voucher(m);
            if (!x)
                continue;
            *x = b->vouchers[ix];
            x->customer = model_intern(m, x->customer);
            x->partner = model_intern(m, x->partner);
            x->offering = model_intern(m, x->offering);
            x->engagement = model_intern(m, x->engagement);
            x->consultant = model_intern(m, x->consultant);
            x->file = (uint16_t)in->file;
            id = voucher = x->id;
            partner = x->partner;
            customer = x->customer;
            line = x->line;
            count = m->n_vouchers - 1;
        }
        strbuf_t why = {0};
        int put = index_record(in, rk, id, count, &why);
        if (put == 1)
            continue;
        drop_slot(m, rk, count); /* rejected: its slot goes (it is the last one) */
        f->rejected++;
        add_finding(in, put == 0 ? R_DUPLICATE_ID : R_INVALID_RECORD, line, sb_str(&why), partner,
                    customer, voucher);
        sb_free(&why);
    }
    /* the part's strings live on in the main model's arena */
    arena_adopt(&m->arena, &b->arena);
}

static void free_part(part_t *p)
{
    free(p->order);
    model_free(&p->m); /* records merged were zeroed; the arena was adopted or is freed */
}

/* Reads a big file in parts, one thread each. Returns 1 when it did (the file is read),
 * 0 when the file is to be read in one piece. */
static int read_split(ingest_t *in, int fd, off_t size)
{
    long min_part = in->min_part > 0 ? in->min_part : 16L << 20;
    int n = in->threads < MAX_PARTS ? in->threads : MAX_PARTS;
    if (n > size / min_part)
        n = (int)(size / min_part);
    if (n < 2)
        return 0;
    char head[65536], root[256], tail[300];
    ssize_t got = pread(fd, head, sizeof head - 1, 0);
    if (got <= 0)
        return 0;
    head[got] = '\0';
    long head_len = root_tag_end(head, got, root, sizeof root);
    if (head_len < 0)
        return 0;
    snprintf(tail, sizeof tail, "</%s>", root);
    long head_lines = 0;
    for (long i = 0; i < head_len; i++)
        head_lines += head[i] == '\n';

    off_t cut[MAX_PARTS + 1];
    cut[0] = head_len;
    cut[n] = size;
    for (int k = 1; k < n; k++) {
        cut[k] = find_split(fd, size / n * k, size);
        if (cut[k] <= cut[k - 1])
            return 0;
    }
    part_t parts[MAX_PARTS];
    memset(parts, 0, sizeof parts);
    const char *path = in->m->files[in->file].path;
    for (int k = 1; k < n; k++) {
        part_t *p = &parts[k];
        p->parent = in;
        p->index = k;
        p->path = path;
        p->lines_before = head_lines;
        p->src = (src_t){fd, head, (size_t)head_len, 0, cut[k], cut[k + 1],
                         k + 1 < n ? tail : NULL, k + 1 < n ? strlen(tail) : 0, 0};
        p->started = pthread_create(&p->thread, NULL, part_main, p) == 0;
        if (!p->started)
            break;
    }
    snapshot_t snap = {in->m->n_partners, in->m->n_customers, in->m->n_vouchers,
                       in->m->n_ifind, in->total_records, in->m->files[in->file]};
    src_t src0 = {fd, NULL, 0, 0, 0, cut[1], tail, strlen(tail), 0};
    in->defer_diag = 1;
    in->line_guess = 0;
    int ok = 1;
    for (int k = 1; k < n; k++)
        ok &= parts[k].started;
    if (ok) {
        xmlTextReaderPtr r = xmlReaderForIO(src_read, src_close, &src0, path, NULL,
                                            READER_OPTIONS);
        if (r)
            read_file(in, fd, r);
        file_kind_t kind = in->m->files[in->file].kind;
        ok = r && !in->fatal && !in->line_guess && !in->m->files[in->file].invalid &&
             (kind == KIND_PARTNERS || kind == KIND_VOUCHERS);
    }
    for (int k = 1; k < n; k++) {
        if (parts[k].started)
            pthread_join(parts[k].thread, NULL);
        ok &= parts[k].ok && parts[k].m.n_files && parts[k].m.files[0].kind == in->m->files[in->file].kind;
    }
    if (ok)
        for (int k = 1; k < n; k++) {
            merge_part(in, &parts[k]);
            in->total_records += parts[k].m.files[0].records;
        }
    in->defer_diag = 0;
    for (int k = 1; k < n; k++) {
        free_part(&parts[k]);
        atomic_store(&in->part_progress[k], 0);
        atomic_store(&in->part_count[k], 0);
    }
    if (!ok) {
        restore(in, &snap);
        in->fatal = 0;
        return 0;
    }
    for (long i = snap.n_ifind; i < in->m->n_ifind; i++)
        diag(in, in->m->ifind[i].line, in->m->ifind[i].message);
    if (getenv("PSREPORT_TIMES")) /* tests and make bench see that the parts were used */
        fprintf(stderr, "psreport: time: %s read in %d parts\n", path, n);
    return 1;
}

int ingest_file(ingest_t *in, const char *path)
{
    int ix = model_new_file(in->m, path);
    if (ix < 0)
        return -1;
    in->file = ix;
    in->printed = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        invalid_file(in, 0, "cannot open: %s%s", strerror(errno), NULL);
        return ix;
    }
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        invalid_file(in, 0, "not a regular file%s%s", NULL, NULL);
        close(fd);
        return ix;
    }
    if (st.st_size == 0) {
        invalid_file(in, 0, "the file is empty%s%s", NULL, NULL);
        close(fd);
        return ix;
    }
    if (!read_split(in, fd, st.st_size))
        read_file(in, fd, NULL);
    close(fd);
    in->bytes_before += (double)st.st_size;
    return ix;
}

/* ---- set-up ---------------------------------------------------------------------------- */

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    FILE *err = ctx;
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
        return NULL;
    xmlSchemaSetParserStructuredErrors(pc, on_schema_error, err);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!s && err)
        fprintf(err, "%s: error: cannot compile the schema\n", path);
    return s;
}

ingest_t *ingest_new(model_t *m, const char *schema_dir, FILE *diag, long max_diag, FILE *err)
{
    ingest_t *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->m = m;
    in->diag = diag;
    in->max_diag = max_diag;
    in->threads = 1;
    in->schema_dir = strdup(schema_dir);
    if (!in->schema_dir) {
        free(in);
        return NULL;
    }
    xmlSetGenericErrorFunc(in, on_generic_error);
    static const char *names[SK_COUNT] = {"partners.xsd", "vouchers.xsd"};
    for (int k = 0; k < SK_COUNT; k++) {
        in->schema[k] = compile(schema_dir, names[k], err);
        in->vctx[k] = in->schema[k] ? xmlSchemaNewValidCtxt(in->schema[k]) : NULL;
        if (!in->vctx[k]) {
            ingest_free(in);
            return NULL;
        }
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
    sb_free(&in->fatal_msg);
    sb_free(&in->generic_msg);
    free(in->schema_dir);
    free(in->order);
    xmlSetGenericErrorFunc(NULL, NULL);
    free(in);
}
