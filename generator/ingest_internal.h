/* ingest_internal.h - what the three files of the ingest stage share: ingest.c (reading
 * a file in one piece, diagnostics, schemas), ingest_record.c (each record checked and
 * converted into the model) and ingest_split.c (a big file in parts on threads, merged
 * in file order). Not for other stages: they use ingest.h.
 */
#ifndef PSREPORT_INGEST_INTERNAL_H
#define PSREPORT_INGEST_INTERNAL_H

#include "ingest.h"
#include "rules.h"
#include "util/strbuf.h"

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

enum { SK_PARTNERS, SK_VOUCHERS, SK_WAIVERS, SK_COUNT };

/* What a later part of a split file read, in file order, for the merge. */
typedef struct {
    uint8_t kind; /* rec_kind_t of a kept record, or ORDER_FINDING */
    uint32_t ix;
} order_t;
#define ORDER_FINDING REC_KINDS

/* Why a record or a file is rejected: the reason (rules.h) and the words from the input
 * that the catalogues' message names, plus an English sentence for stderr. Zeroed to
 * start; why_free releases it. */
typedef struct {
    reason_t reason;
    char *arg[ARG_COUNT];
    long n1, n2;
    strbuf_t text;
} why_t;

#define MAX_PARTS 8
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

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
    /* the first error's structured parts, for the catalogue's wording (why_of_error) */
    int err_code, err_domain;
    strbuf_t err_el, err_parent, err_str[3];
    int fatal;                /* a well-formedness error stopped the file */
    long fatal_line;
    strbuf_t fatal_msg;
    strbuf_t generic_msg;     /* first unstructured error of the file */
    /* attribute values that had to be allocated; freed after each record */
    xmlChar **scratch;
    int n_scratch, cap_scratch;
    void (*progress)(void *, long, double);
    void *progress_ctx;
    long total_records;
    double bytes_before;     /* bytes of the files finished */
    /* reading a big file in parts (ingest_split.c) */
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

/* ingest.c */

/* Reads the file open on fd with the reader r (NULL: a reader on fd), which it frees. */
void ingest_read(ingest_t *in, int fd, xmlTextReaderPtr r);
/* Prints a diagnostic of the file being read (up to max_diag of them). */
void ingest_diag(ingest_t *in, long line, const char *msg);
/* Adds an ingest finding about the file being read; who: the partner, customer and
 * voucher it names (NULL: none). Prints it unless diagnostics are deferred. */
void ingest_finding(ingest_t *in, rule_t rule, long line, const why_t *why,
                    const char *const who[REC_KINDS]);
/* Sets the reason and its words (NULL: none); the English text is the caller's. */
void why_set(why_t *w, reason_t r, const char *element, const char *attribute,
             const char *value);
void why_free(why_t *w);

/* The line of element n as libxml2 gives it (past line 65535 found from the text after
 * its start tag; else the parser's line r, and *guess set). */
long ingest_node_line(xmlNodePtr n, xmlTextReaderPtr r, int *guess);

/* ingest_record.c */

/* One child element n of the root of a file of kind `kind`, starting at line: kept as a
 * record of the model, or rejected with a finding. */
void ingest_record(ingest_t *in, xmlNodePtr n, file_kind_t kind, long line);
/* Frees the attribute values a record had to allocate; after each record. */
void ingest_free_scratch(ingest_t *in);
/* Indexes record i of kind k under its ID. Returns 1; or 0 for a duplicate ID (the first
 * record is kept), with the reason in why. */
int ingest_index(ingest_t *in, rec_kind_t k, long i, why_t *why);

/* ingest_split.c */

/* Reads a big file in parts, one thread each. Returns 1 when it did (the file is read),
 * 0 when the file is to be read in one piece. */
int ingest_read_split(ingest_t *in, int fd, off_t size);
/* A later part notes each kept record (kind) and finding (ORDER_FINDING) in file order. */
void ingest_log_order(ingest_t *in, int kind, long ix);

#endif
