/* ingest_split.c - a big export read in parts, on threads, merged in file order.
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
#define _POSIX_C_SOURCE 200809L
#include "ingest_internal.h"

#include "util/alloc.h"
#include "util/hashed_fd.h"

#include <nettle/sha2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ingest_log_order(ingest_t *in, int kind, long ix)
{
    if (in->n_order == in->cap_order) {
        in->cap_order = in->cap_order ? in->cap_order * 2 : 4096;
        in->order = xrealloc(in->order, (size_t)in->cap_order * sizeof *in->order);
    }
    in->order[in->n_order].kind = (uint8_t)kind;
    in->order[in->n_order++].ix = (uint32_t)ix;
}

typedef struct {
    const char *head; /* bytes before the range: a later part's prolog and root start tag */
    size_t head_len, head_pos;
    hashed_fd_t range; /* the range of the file; the last part hashes it as it passes */
    const char *tail; /* bytes after it: part 0's root end tag */
    size_t tail_len, tail_pos;
} src_t;

static int src_read(void *ctx, char *buf, int len)
{
    src_t *s = ctx;
    int n = 0;
    while (n < len && s->head_pos < s->head_len)
        buf[n++] = s->head[s->head_pos++];
    if (n < len) {
        int got = hashed_fd_read(&s->range, buf + n, len - n);
        if (got < 0)
            return -1;
        if (got > 0) /* a file that shrank ends the range early: the part then fails */
            return n + got;
    }
    while (n < len && s->tail_pos < s->tail_len)
        buf[n++] = s->tail[s->tail_pos++];
    return n;
}

static int src_close(void *ctx) { return hashed_fd_close(&((src_t *)ctx)->range); }

/* Counts the newlines of [from, to); -1 on a read error or a bare CR (which libxml2
 * may count otherwise). With sha, hashes the bytes read. */
static long count_lines(int fd, off_t from, off_t to, struct sha256_ctx *sha)
{
    static const size_t chunk = 1 << 20;
    char *buf = xmalloc(chunk);
    long lines = 0;
    char prev = 0;
    while (from < to) {
        size_t want = (off_t)chunk < to - from ? chunk : (size_t)(to - from);
        ssize_t got = pread(fd, buf, want, from);
        if (got <= 0) {
            lines = -1;
            break;
        }
        if (sha)
            sha256_update(sha, (size_t)got, (const uint8_t *)buf);
        if (prev != '\r' && !memchr(buf, '\r', (size_t)got)) { /* the usual chunk: memchr */
            for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))); p++)
                lines++; /* a third of a byte loop's time (243 MB: 0.06 against 0.16 s) */
            prev = buf[got - 1];
            from += got;
            continue;
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
    if (prev == '\r')
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
    char *b = xmalloc(WINDOW);
    off_t found = -1;
    ssize_t n = pread(fd, b, WINDOW, from);
    for (ssize_t i = 0; i + 1 < n && from + i < limit && found < 0; i++) {
        if (b[i] != '>')
            continue;
        ssize_t j = i + 1;
        while (j < n && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n'))
            j++;
        if (j + 1 >= n || b[j] != '<')
            continue;
        for (int r = 0; r < REC_KINDS && found < 0; r++) {
            size_t len = strlen(rec_kind_names[r]); /* the record elements' names */
            if (j + 1 + (ssize_t)len < n && memcmp(b + j + 1, rec_kind_names[r], len) == 0 &&
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
    /* The last part hashes the whole file in one pass, in order: the bytes before its
     * range while it counts their lines (a read it makes anyway), then its range as its
     * reader takes it. */
    int hash;
    struct sha256_ctx sha;
} part_t;

/* A reader of the bytes src gives. */
static xmlTextReaderPtr reader_for(src_t *src, const char *path)
{
    xmlTextReaderPtr r = xmlReaderForIO(src_read, src_close, src, path, NULL, READER_OPTIONS);
    if (!r)
        alloc_fail(); /* NULL only without memory */
    return r;
}

/* 1 when the part in read was read whole: no error, every line known, an export. */
static int part_ok(const ingest_t *in)
{
    const input_file_t *f = &in->m->files[in->file];
    return !in->fatal && !in->line_guess && !f->invalid &&
           (f->kind == KIND_PARTNERS || f->kind == KIND_VOUCHERS);
}

static void *part_main(void *arg)
{
    part_t *p = arg;
    if (p->hash) {
        sha256_init(&p->sha);
        p->src.range.sha = &p->sha;
    }
    hashed_fd_t *range = &p->src.range;
    long lines = count_lines(range->fd, 0, range->at, range->sha);
    if (lines < 0)
        return NULL;
    model_init(&p->m);
    ingest_t *in = ingest_new(&p->m, p->parent->schema_dir, NULL, 0, NULL);
    if (!in)
        return NULL;
    in->file = model_new_file(&p->m, p->path);
    in->part_bytes = &p->parent->part_progress[p->index];
    in->part_records = &p->parent->part_count[p->index];
    in->no_index = 1;
    in->defer_diag = 1;
    in->line_offset = lines - p->lines_before;
    ingest_read(in, range->fd, reader_for(&p->src, p->path));
    p->ok = part_ok(in);
    if (p->hash && p->ok) /* what the reader left of the range (blanks after the root) */
        p->ok = count_lines(range->fd, range->at, range->end, range->sha) >= 0;
    p->order = in->order;
    p->n_order = in->n_order;
    in->order = NULL;
    ingest_free(in); /* on this thread: it resets this thread's error handler */
    return NULL;
}

/* What the main model held before part 0, to go back to when a part fails. */
typedef struct {
    long count[REC_KINDS], n_ifind, total_records;
    input_file_t file;
} snapshot_t;

static void restore(ingest_t *in, const snapshot_t *s)
{
    model_t *m = in->m;
    m->n_ifind = s->n_ifind;
    m->files[in->file] = s->file;
    in->total_records = s->total_records;
    for (int k = 0; k < REC_KINDS; k++) {
        model_drop(m, (rec_kind_t)k, s->count[k]);
        /* the kept records before the file are unique: index them again */
        hash_t *ix = model_index(m, (rec_kind_t)k);
        hash_free(ix);
        for (long i = 0; i < s->count[k]; i++)
            hash_put(ix, model_head(m, (rec_kind_t)k, i)->id, (uint32_t)i);
    }
}

/* Appends a later part's records and findings to the main model, in file order. */
static void merge_part(ingest_t *in, part_t *p)
{
    model_t *m = in->m, *b = &p->m;
    input_file_t *f = &m->files[in->file];
    f->records += b->files[0].records;
    f->rejected += b->files[0].rejected;
    /* the part's own indexes are not read again: only the main model's decide */
    hash_free(&b->partner_ix);
    hash_free(&b->customer_ix);
    hash_free(&b->voucher_ix);
    hash_free(&b->intern);
    for (long k = 0; k < p->n_order; k++) {
        int kind = p->order[k].kind;
        long ix = p->order[k].ix;
        if ((k & 4095) == 4095 && kind == REC_VOUCHER)
            model_release_vouchers(b, ix); /* in file order: those before moved */
        if (kind == ORDER_FINDING) {
            ingest_finding_t *x = model_new_ifind(m);
            *x = b->ifind[ix];
            x->file = (uint32_t)in->file;
            continue;
        }
        rec_kind_t rk = (rec_kind_t)kind;
        record_head_t *h = model_move_record(m, b, rk, ix);
        h->file = (uint32_t)in->file;
        long i = model_count(m, rk) - 1;
        why_t why = {0};
        if (!ingest_index(in, rk, i, &why)) { /* a duplicate: rejected */
            const char *who[REC_KINDS];
            model_names(m, rk, i, who);
            f->rejected++;
            ingest_finding(in, R_DUPLICATE_ID, h->line, &why, who);
            model_drop(m, rk, i); /* its slot, the last, goes */
        }
        why_free(&why);
    }
    /* the part's strings live on in the main model's arena */
    arena_adopt(&m->arena, &b->arena);
}

static void free_part(part_t *p)
{
    free(p->order);
    model_free(&p->m); /* records merged were zeroed; the arena was adopted or is freed */
}

int ingest_read_split(ingest_t *in, int fd, off_t size)
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
    /* only the exports whose records part_ok accepts: a part 0 that fails is undone by
     * restore(), which knows records and findings, not the waivers table */
    if (head_len < 0 || (strcmp(root, "partners-export") != 0 && strcmp(root, "vouchers-export") != 0))
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
        p->src = (src_t){.head = head, .head_len = (size_t)head_len,
                         .tail = k + 1 < n ? tail : NULL, .tail_len = k + 1 < n ? strlen(tail) : 0};
        hashed_fd_init_range(&p->src.range, fd, cut[k], cut[k + 1], NULL);
        p->hash = k == n - 1;
        p->started = pthread_create(&p->thread, NULL, part_main, p) == 0;
        if (!p->started)
            break;
    }
    snapshot_t snap = {{0}, in->m->n_ifind, in->total_records, in->m->files[in->file]};
    for (int k = 0; k < REC_KINDS; k++)
        snap.count[k] = model_count(in->m, (rec_kind_t)k);
    src_t src0 = {.tail = tail, .tail_len = strlen(tail)};
    hashed_fd_init_range(&src0.range, fd, 0, cut[1], NULL);
    in->defer_diag = 1;
    in->line_guess = 0;
    int ok = 1;
    for (int k = 1; k < n; k++)
        ok &= parts[k].started;
    if (ok) {
        ingest_read(in, fd, reader_for(&src0, path));
        ok = part_ok(in);
    }
    for (int k = 1; k < n; k++) {
        if (parts[k].started)
            pthread_join(parts[k].thread, NULL);
        ok &= parts[k].ok; /* every part has part 0's root start tag: the same kind */
    }
    if (ok) {
        for (int k = 1; k < n; k++) {
            merge_part(in, &parts[k]);
            in->total_records += parts[k].m.files[0].records;
        }
        input_file_t *f = &in->m->files[in->file];
        sha256_digest(&parts[n - 1].sha, SHA256_DIGEST_SIZE, f->sha256);
        f->hashed = 1;
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
        ingest_diag(in, in->m->ifind[i].line, in->m->ifind[i].message);
    if (getenv("PSREPORT_TIMES")) /* tests and make bench see that the parts were used */
        fprintf(stderr, "psreport: time: %s read in %d parts\n", path, n);
    return 1;
}
