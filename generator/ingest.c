/* ingest.c - the streaming reader of the exports (see ingest.h for the idea).
 *
 * Safety: the reader is opened on a file descriptor we opened ourselves, with
 * XML_PARSE_NONET and without NOENT, DTDLOAD or HUGE, so no entity is expanded, no DTD
 * or network resource is fetched and libxml2's size and depth limits stay on. A file
 * carrying a DOCTYPE is rejected before its root is looked at.
 *
 * This file owns the reader: files, their root and salvage after an error, libxml2's
 * error handlers and the diagnostics, the input hashes, the compiled schemas. Each
 * record it expands goes to ingest_record.c; a big file is read in parts by
 * ingest_split.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "ingest_internal.h"

#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/hashed_fd.h"
#include "util/xmltree.h"

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

/* The line a text node ends on: libxml2 notes it when the text ends (past line 65535 in
 * psvi, with XML_PARSE_BIG_LINES). */
static long text_end(xmlNodePtr t)
{
    return t->line < 65535 ? (long)t->line : (long)(ptrdiff_t)t->psvi;
}

/* The node after x and its children in document order; NULL past what is parsed. */
static xmlNodePtr past(xmlNodePtr x)
{
    while (x && !x->next)
        x = x->parent;
    return x ? x->next : NULL;
}

/* Line of an element: the line its start tag ends on, as libxml2 gives it. libxml2
 * stores element lines in 16 bits; past line 65535 the line is where the first text
 * after the start tag starts, in document order: inside n, else after it
 * (xmlTextReaderExpand parses on until a record has a following sibling). That text
 * starts where the last tag before it ends: n's own start tag when no tag in between
 * holds a line break (<customer id="C"><name>x, <voucher id="V"><created date="d"/>
 * </voucher>, <voucher id="V"/> and the blanks after it). With nothing parsed after n,
 * the blanks before it end on its line when they are still there; else the line is the
 * parser's (r), only a guess, which *guess notes (a part of a split file then fails). */
long ingest_node_line(xmlNodePtr n, xmlTextReaderPtr r, int *guess)
{
    if (n->line < 65535)
        return n->line;
    xmlNodePtr after = n->children ? n->children : past(n);
    while (after && after->type != XML_TEXT_NODE)
        after = after->children ? after->children : past(after);
    if (after) {
        long line = text_end(after);
        for (const xmlChar *p = after->content; *p; p++)
            line -= *p == '\n';
        return line;
    }
    if (n->prev && n->prev->type == XML_TEXT_NODE)
        return text_end(n->prev);
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
        in->err_line = (e->node ? ingest_node_line(e->node, in->reader, &in->line_guess) : e->line) + in->line_offset;
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
    if (in->generic_msg.len) /* ctx: the ingest set in ingest_new, reset in ingest_free */
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
    long line = ingest_node_line(node, NULL, NULL);
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
        long line = ingest_node_line(n, NULL, NULL);
        if (line <= last_line)
            continue;
        if (!n->next) {
            cut = line;
            break;
        }
        in->n_errors = 0;
        ingest_record(in, n, kind, line);
        ingest_free_scratch(in);
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
            long line = ingest_node_line(n, r, &in->line_guess) + in->line_offset;
            ingest_record(in, n, w->kind, line);
            ingest_free_scratch(in);
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

void ingest_read(ingest_t *in, int fd, xmlTextReaderPtr r)
{
    input_file_t *f = &in->m->files[in->file];
    hashed_fd_t src; /* the file's bytes in order, each hashed as it passes */
    hashed_fd_init(&src, fd);
    int hash = !r; /* a part of a split file is hashed by ingest_split.c */
    if (!r && !(r = xmlReaderForIO(hashed_fd_read, hashed_fd_close, &src, f->path, NULL,
                                   READER_OPTIONS)))
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
    ingest_free_scratch(in);
    xmlFreeTextReader(r);
    /* what the reader left unread (after an error, or past the records it needed); no
     * hash when the file cannot be read to its end */
    input_file_t *done = &in->m->files[in->file];
    if (hash && hashed_fd_finish(&src, done->sha256) == 0)
        done->hashed = 1;
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
    if (!err || e->level < XML_ERR_ERROR)
        return;
    size_t n = e->message ? strlen(e->message) : 0; /* libxml2 ends it with a newline */
    while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
        n--;
    diag(err, e->file ? e->file : "(schema)", e->line, "error", "%.*s", (int)n,
         e->message ? e->message : "");
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
    if (!s)
        diag(err, path, 0, "error", "cannot compile the schema");
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
