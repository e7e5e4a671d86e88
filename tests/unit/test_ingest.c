/* test_ingest.c - reading exports through ingest.h: every record counted (kept + rejected
 * = read, per file), a bad record rejected alone with its file and line while the rest is
 * read, a duplicate ID rejected with the first one kept, and a file read in two parts on
 * threads (the -j2 path) giving the same model as a one-part read. */
#define _POSIX_C_SOURCE 200809L
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - ingest: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static const rec_kind_t kinds[] = {REC_PARTNER, REC_CUSTOMER, REC_VOUCHER};

/* Records of file `file` kept in the model. */
static long kept(model_t *m, int file)
{
    long n = 0;
    for (int k = 0; k < 3; k++)
        for (long i = 0; i < model_count(m, kinds[k]); i++)
            n += (int)model_head(m, kinds[k], i)->file == file;
    return n;
}

/* Record elements in a file's text: lines starting "  <partner ", "  <customer ",
 * "  <voucher " (how the samples and the exports below are laid out). */
static long elements(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    long n = 0;
    while (f && fgets(line, sizeof line, f))
        n += !strncmp(line, "  <partner ", 11) || !strncmp(line, "  <customer ", 12) ||
             !strncmp(line, "  <voucher ", 11);
    if (f)
        fclose(f);
    return n;
}

/* Reads files into m with threads and min_part; returns the number of "read in N parts"
 * lines ingest_split.c wrote (it writes them when PSREPORT_TIMES is set). */
static int read_all(model_t *m, const char *const *files, int n, int threads, long min_part,
                    FILE *diag)
{
    model_init(m);
    ingest_t *in = ingest_new(m, "input/schema", diag, 100, stderr);
    if (!in)
        return -1;
    ingest_set_threads(in, threads, min_part);
    fflush(stderr);
    FILE *cap = tmpfile();
    int saved = dup(2);
    dup2(fileno(cap), 2);
    for (int k = 0; k < n; k++)
        ingest_file(in, files[k]);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ingest_free(in);
    rewind(cap);
    char line[1024];
    int parts = 0;
    while (fgets(line, sizeof line, cap)) {
        if (strstr(line, "parts\n"))
            parts++;
        else
            fputs(line, stderr);
    }
    fclose(cap);
    return parts;
}

/* 1 when a and b hold the same records (IDs, files, lines, days, events) and findings. */
static int same_model(model_t *a, model_t *b)
{
    int same = a->n_files == b->n_files && a->n_ifind == b->n_ifind;
    for (int i = 0; same && i < a->n_files; i++)
        same = a->files[i].records == b->files[i].records &&
               a->files[i].rejected == b->files[i].rejected;
    for (int k = 0; same && k < 3; k++) {
        same = model_count(a, kinds[k]) == model_count(b, kinds[k]);
        for (long i = 0; same && i < model_count(a, kinds[k]); i++) {
            record_head_t *x = model_head(a, kinds[k], i), *y = model_head(b, kinds[k], i);
            same = !strcmp(x->id, y->id) && x->file == y->file && x->line == y->line;
        }
    }
    for (long i = 0; same && i < a->n_vouchers; i++) {
        const voucher_t *x = &a->vouchers[i], *y = &b->vouchers[i];
        same = x->days == y->days && !memcmp(x->ev, y->ev, sizeof x->ev) &&
               !strcmp(x->customer, y->customer) && x->expires_given == y->expires_given;
    }
    for (long i = 0; same && i < a->n_ifind; i++) {
        const ingest_finding_t *x = &a->ifind[i], *y = &b->ifind[i];
        same = x->rule == y->rule && x->file == y->file && x->line == y->line &&
               !strcmp(x->message, y->message);
    }
    return same;
}

#define VOUCHER(id, days)                                                                   \
    "  <voucher id=\"" id "\" customer=\"CU-1\" partner=\"P-1\" offering=\"DDPS\" "          \
    "engagement=\"DDPS-WINOFF\" days=\"" days "\">\n"                                        \
    "    <created date=\"2021-05-03\"/>\n"                                                  \
    "  </voucher>\n"

/* A small export: line 4 the customer, then vouchers at lines 5, 8, 11, 14, 17. The one at
 * line 8 has days="0" (the schema wants a positive number); the one at 14 repeats V-1. */
static const char export_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<vouchers-export version=\"1\" exported=\"2021-06-15T06:00:00Z\">\n"
    "  <!-- test export -->\n"
    "  <customer id=\"CU-1\" region=\"EMEA\" country=\"IT\"><name>C</name></customer>\n"
    VOUCHER("V-1", "5") VOUCHER("V-2", "0") VOUCHER("V-3", "3") VOUCHER("V-1", "10")
    VOUCHER("V-4", "1")
    "</vouchers-export>\n";

static const ingest_finding_t *finding_at(const model_t *m, int rule, uint32_t line)
{
    for (long i = 0; i < m->n_ifind; i++)
        if (m->ifind[i].rule == rule && m->ifind[i].line == line)
            return &m->ifind[i];
    return NULL;
}

static void small_export(void)
{
    char path[] = "/tmp/test_ingest_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, export_text, sizeof export_text - 1) != sizeof export_text - 1) {
        check(0, "temp file written");
        return;
    }
    close(fd);
    char *diag_text = NULL;
    size_t diag_len = 0;
    FILE *diag = open_memstream(&diag_text, &diag_len);
    model_t m;
    const char *files[] = {path};
    read_all(&m, files, 1, 1, 0, diag);
    fclose(diag);
    const input_file_t *f = &m.files[0];
    check(m.n_files == 1 && f->records == 6 && f->rejected == 2 && kept(&m, 0) == 4,
          "small export: 6 records read = 4 kept + 2 rejected");
    check(m.n_vouchers == 3 && !strcmp(m.vouchers[0].id, "V-1") &&
              !strcmp(m.vouchers[1].id, "V-3") && !strcmp(m.vouchers[2].id, "V-4"),
          "the records after a rejected one are still read, in file order");
    const ingest_finding_t *bad = finding_at(&m, R_INVALID_RECORD, 8);
    check(bad && bad->file == 0 && bad->voucher && !strcmp(bad->voucher, "V-2"),
          "days=\"0\": invalid-record for V-2 at its line (8)");
    char want[600];
    snprintf(want, sizeof want, "%s:8: error:", path);
    check(diag_text && strstr(diag_text, want) != NULL, "its diagnostic says FILE:8: error:");
    const ingest_finding_t *dup = finding_at(&m, R_DUPLICATE_ID, 14);
    check(dup && dup->voucher && !strcmp(dup->voucher, "V-1"),
          "the second V-1 (line 14) is a duplicate-id");
    check(m.vouchers[0].line == 5 && m.vouchers[0].days == 5,
          "the first V-1 (line 5, 5 days) is the one kept");
    check(m.n_ifind == 2, "no other findings");

    /* the same file in parts as small as 100 bytes on two threads */
    model_t s;
    int parts = read_all(&s, files, 1, 2, 100, NULL);
    check(parts == 1 && same_model(&m, &s),
          "small export read in 2 parts: the same records, lines and findings");
    model_free(&s);
    model_free(&m);
    free(diag_text);
    unlink(path);
}

static void samples(void)
{
    const char *files[] = {"input/partners.xml", "input/vouchers.xml",
                           "input/vouchers_corrections.xml"};
    model_t m;
    read_all(&m, files, 3, 1, 0, NULL);
    int counted = m.n_files == 3;
    for (int i = 0; counted && i < 3; i++) {
        long want = elements(files[i]);
        counted = want > 0 && m.files[i].records == want &&
                  m.files[i].records == kept(&m, i) + m.files[i].rejected;
        if (!counted)
            fprintf(stderr, "# %s: %ld elements, read %ld, kept %ld, rejected %ld\n",
                    files[i], want, m.files[i].records, kept(&m, i), m.files[i].rejected);
    }
    check(counted, "samples: every record element read, kept + rejected = read, per file");
    check(m.files[2].rejected == 3,
          "the corrections file: its 3 bad records (2 duplicates, 1 bad date) rejected");
    check(finding_at(&m, R_DUPLICATE_ID, 9) && finding_at(&m, R_DUPLICATE_ID, 5) &&
              finding_at(&m, R_INVALID_RECORD, 7),
          "each at its line in vouchers_corrections.xml (5, 7, 9)");
    long ix = hash_get(&m.voucher_ix, "PS-2020-000001");
    check(ix >= 0 && m.vouchers[ix].file == 1, "PS-2020-000001 is kept from vouchers.xml");

    model_t s;
    int parts = read_all(&s, files, 3, 2, 16384, NULL);
    check(parts >= 2, "with 2 threads and 16 KB parts the two big samples are split");
    check(same_model(&m, &s), "split read: the same model as the one-part read");
    model_free(&s);
    model_free(&m);
}

int main(void)
{
    setenv("PSREPORT_TIMES", "1", 1); /* ingest_split.c then says when it read in parts */
    small_export();
    samples();
    return failed;
}
