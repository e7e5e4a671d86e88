/* test_pdf_pack.c - libharu's file written again as PDF 1.5 (pdf_pack.h): every object
 * of the file libharu saved is found again in the packed file, under its number, with
 * the same content (streams byte for byte, the rest in the object stream), through the
 * packed file's own cross-reference stream; qpdf checks the packed file; a file of any
 * other shape is written as it is. */
#define _GNU_SOURCE /* open_memstream, memmem, setenv */
#include "pdf_pack.h"

#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libdeflate.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - pdf_pack: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static jmp_buf jb;
static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    printf("# libharu error 0x%04X (%u)\n", (unsigned)e, (unsigned)d);
    longjmp(jb, 1);
}

typedef struct {
    unsigned char *s;
    size_t n;
} bytes_t;

/* The file libharu saves doc as ({NULL, 0} when it cannot). */
static bytes_t saved(HPDF_Doc doc)
{
    bytes_t b = {NULL, 0};
    if (HPDF_SaveToStream(doc) == HPDF_OK) {
        HPDF_UINT32 n = HPDF_GetStreamSize(doc);
        b.s = malloc(n);
        if (b.s && HPDF_ReadFromStream(doc, b.s, &n) == HPDF_OK)
            b.n = n;
    }
    return b;
}

/* A libharu document of `pages` pages with an outline and a title; `lines` lines of
 * text a page (part of each line random letters), compressed or not. */
static bytes_t libharu_pdf(int pages, int lines, int compress)
{
    bytes_t b = {NULL, 0};
    static unsigned seed = 1;
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    if (!setjmp(jb)) {
        HPDF_SetCompressionMode(doc, compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
        HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, "Partner report (P000001)");
        HPDF_Font font = HPDF_GetFont(doc, "Helvetica", NULL);
        HPDF_Outline root = HPDF_CreateOutline(doc, NULL, "Report", NULL);
        for (int p = 0; p < pages; p++) {
            HPDF_Page page = HPDF_AddPage(doc);
            HPDF_Page_SetFontAndSize(page, font, 6);
            HPDF_Page_BeginText(page);
            for (int l = 0; l < lines; l++) {
                char t[160], noise[33];
                for (int i = 0; i < 32; i++) /* letters that deflate cannot shorten much */
                    noise[i] = (char)('A' + (seed = seed * 1103515245u + 12345u) % 26);
                noise[32] = '\0';
                snprintf(t, sizeof t, "page %d line %d: voucher V%06d in %d days %s", p, l, p * lines + l, l % 180,
                         noise);
                HPDF_Page_TextOut(page, 20, 820 - (HPDF_REAL)(l % 130) * 6, t);
            }
            HPDF_Page_EndText(page);
            char t[32];
            snprintf(t, sizeof t, "Page %d", p + 1);
            HPDF_Outline o = HPDF_CreateOutline(doc, root, t, NULL);
            HPDF_Destination d = HPDF_Page_CreateDestination(page);
            HPDF_Outline_SetDestination(o, d);
        }
        b = saved(doc);
    }
    HPDF_Free(doc);
    return b;
}

static bytes_t packed(bytes_t in, int *rc)
{
    bytes_t b = {NULL, 0};
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    *rc = pdf_pack(in.s, in.n, f);
    fclose(f);
    b.s = (unsigned char *)s, b.n = n;
    return b;
}

/* The inflated data of the stream object whose dictionary starts at d (its /Length
 * direct), or NULL. */
static unsigned char *inflated(const unsigned char *pdf, size_t n, const unsigned char *d, size_t *len)
{
    const unsigned char *l = memmem(d, n - (size_t)(d - pdf), "/Length ", 8);
    const unsigned char *s = memmem(d, n - (size_t)(d - pdf), "stream\r\n", 8);
    if (!l || !s || l > s)
        return NULL;
    size_t zn = strtoul((const char *)l + 8, NULL, 10), out = 0;
    unsigned char *buf = malloc(1 << 20);
    struct libdeflate_decompressor *dc = libdeflate_alloc_decompressor();
    int rc = libdeflate_zlib_decompress(dc, s + 8, zn, buf, 1 << 20, &out);
    libdeflate_free_decompressor(dc);
    if (rc != LIBDEFLATE_SUCCESS) {
        free(buf);
        return NULL;
    }
    *len = out;
    return buf;
}

/* The content of object k of libharu's file (between "k 0 obj\n" and "\nendobj\n"). */
static const unsigned char *original(bytes_t o, int k, size_t *len)
{
    char head[32];
    int h = snprintf(head, sizeof head, "\n%d 0 obj\n", k);
    const unsigned char *a = memmem(o.s, o.n, head, (size_t)h);
    if (!a)
        return NULL;
    a += h;
    const unsigned char *e = memmem(a, o.n - (size_t)(a - o.s), "\nendobj\n", 8);
    *len = e ? (size_t)(e - a) : 0;
    return e ? a : NULL;
}

/* The dictionary text (after "<<\n", up to "\n>>\nstream\r\n") and the data (up to
 * "\nendstream") of the stream object whose content is c (len bytes). */
static int split_stream(const unsigned char *c, size_t len, const unsigned char **dict, size_t *dn,
                        const unsigned char **data, size_t *n)
{
    const unsigned char *e = memmem(c, len, "\n>>\nstream\r\n", 12);
    if (!e || len < 13 || memcmp(c, "<<\n", 3) != 0 || memcmp(c + len - 10, "\nendstream", 10) != 0)
        return -1;
    *dict = c + 3, *dn = (size_t)(e - c) - 3;
    *data = e + 12, *n = (size_t)(c + len - 10 - *data);
    return 0;
}

/* Whether stream object k of the packed file (content got, plen bytes) is libharu's
 * (want, olen bytes): the same bytes, or libharu's plain stream deflated here (the same
 * lines and "/Filter /FlateDecode", the same data once inflated; its /Length object then
 * holds the deflated size: *len_obj and *zlen say which and what). */
static int same_stream(const unsigned char *want, size_t olen, const unsigned char *got, size_t plen, long *len_obj,
                       size_t *zlen)
{
    if (olen == plen && memcmp(want, got, olen) == 0)
        return 1;
    const unsigned char *od, *odata, *pd, *pdata;
    size_t odn, on, pdn, pn, dn = 0;
    if (split_stream(want, olen, &od, &odn, &odata, &on) || split_stream(got, plen, &pd, &pdn, &pdata, &pn) ||
        memmem(od, odn, "/Filter", 7) || pdn != odn + 21 || memcmp(pd, od, odn) != 0 ||
        memcmp(pd + odn, "\n/Filter /FlateDecode", 21) != 0)
        return 0;
    const unsigned char *lr = memmem(od, odn, "/Length ", 8);
    unsigned char *buf = malloc(on + 1);
    struct libdeflate_decompressor *dc = libdeflate_alloc_decompressor();
    int ok = lr && buf && libdeflate_zlib_decompress(dc, pdata, pn, buf, on + 1, &dn) == LIBDEFLATE_SUCCESS &&
             dn == on && memcmp(buf, odata, on) == 0;
    libdeflate_free_decompressor(dc);
    free(buf);
    if (ok)
        *len_obj = strtol((const char *)lr + 8, NULL, 10), *zlen = pn;
    return ok;
}

/* Reads every object of the packed file p back through its cross-reference stream and
 * compares it with libharu's file o. Returns the number of objects found equal, or -1;
 * *w2 the byte width of the offsets, *deflated the streams deflated here. */
static int read_back(bytes_t o, bytes_t p, int *w2, int *deflated)
{
    const unsigned char *sx = memmem(p.s + p.n - 40, 40, "startxref\n", 10);
    if (!sx)
        return -1;
    size_t xref = strtoul((const char *)sx + 10, NULL, 10), xn = 0;
    const unsigned char *xd = p.s + xref;
    const unsigned char *wk = memmem(xd, p.n - xref, "/W [ 1 ", 7);
    const unsigned char *sz = memmem(xd, p.n - xref, "/Size ", 6);
    unsigned char *x = inflated(p.s, p.n, xd, &xn);
    if (!wk || !sz || !x)
        return free(x), -1;
    int w = atoi((const char *)wk + 7), size = atoi((const char *)sz + 6), rec = 1 + w + 2, equal = 0;
    *w2 = w, *deflated = 0;
    unsigned char *os = NULL;
    size_t osn = 0, first = 0, count = 0;
    size_t *zlen = calloc((size_t)size, sizeof *zlen); /* 1 + what a /Length object now holds */
    if (xn != (size_t)size * (size_t)rec)
        return free(x), free(zlen), -1;
    /* the streams first, at their offsets; then the objects in the object stream */
    for (int pass = 1; pass <= 2; pass++) {
        for (int k = 1; k < size - 2; k++) { /* the last two: the object and xref streams */
            const unsigned char *e = x + (size_t)k * (size_t)rec;
            size_t f2 = 0, f3 = (size_t)e[1 + w] << 8 | e[2 + w];
            for (int b = 0; b < w; b++)
                f2 = f2 << 8 | e[1 + b];
            size_t olen = 0, plen = 0;
            const unsigned char *want = original(o, k, &olen), *got = NULL;
            if (e[0] != pass || !want)
                continue;
            if (e[0] == 1) { /* a stream, at its offset */
                char head[32];
                int h = snprintf(head, sizeof head, "%d 0 obj\n", k);
                if (f2 + (size_t)h > p.n || memcmp(p.s + f2, head, (size_t)h) != 0)
                    continue;
                got = p.s + f2 + h;
                const unsigned char *end = memmem(got, p.n - (size_t)(got - p.s), "endstream\nendobj\n", 17);
                plen = end ? (size_t)(end - got) + 9 : 0;
                long len_obj = -1;
                size_t zn = 0;
                if (end && same_stream(want, olen, got, plen, &len_obj, &zn)) {
                    equal++;
                    if (len_obj > 0 && len_obj < size)
                        zlen[len_obj] = zn + 1, (*deflated)++;
                }
                continue;
            }
            if (!os) { /* in the object stream: its index-th pair says where */
                char head[32];
                snprintf(head, sizeof head, "\n%zu 0 obj\n", f2);
                const unsigned char *d = memmem(p.s, p.n, head, strlen(head));
                const unsigned char *fs = d ? memmem(d, p.n - (size_t)(d - p.s), "/First ", 7) : NULL;
                const unsigned char *ns = d ? memmem(d, p.n - (size_t)(d - p.s), "/N ", 3) : NULL;
                os = d ? inflated(p.s, p.n, d, &osn) : NULL;
                if (!os || !fs || !ns)
                    break;
                first = strtoul((const char *)fs + 7, NULL, 10);
                count = strtoul((const char *)ns + 3, NULL, 10);
            }
            char *q = (char *)os;
            size_t num = 0, off = 0, next = 0;
            for (size_t i = 0; i <= f3; i++) {
                num = strtoul(q, &q, 10);
                off = strtoul(q, &q, 10);
            }
            if (f3 + 1 < count) {
                strtoul(q, &q, 10);
                next = strtoul(q, &q, 10);
            } else {
                next = osn - first;
            }
            if (num != (size_t)k)
                continue;
            got = os + first + off;
            plen = next - off - 1; /* objects end with a newline */
            char v[32];
            if (zlen[k]) /* the /Length of a stream deflated here: its new size */
                want = (const unsigned char *)v, olen = (size_t)snprintf(v, sizeof v, "%zu", zlen[k] - 1);
            if (plen == olen && memcmp(want, got, olen) == 0)
                equal++;
        }
    }
    free(zlen);
    free(os);
    free(x);
    return equal;
}

/* The number of objects of libharu's file (its xref's size less object 0). */
static int objects_of(bytes_t o)
{
    const unsigned char *x = memmem(o.s, o.n, "\nxref\n0 ", 8);
    return x ? atoi((const char *)x + 8) - 1 : -1;
}

static int qpdf_check(bytes_t b, const char *what)
{
    if (system("command -v qpdf >/dev/null") != 0) {
        printf("# qpdf not installed: %s not checked by it\n", what);
        return 1;
    }
    char path[] = "/tmp/test_pdf_pack_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, b.s, b.n) != (ssize_t)b.n)
        return 0;
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
    int rc = system(cmd);
    unlink(path);
    return rc == 0;
}

static void test_packed(const char *name, int pages, int lines, int compress, int want_w)
{
    char what[160];
    bytes_t o = libharu_pdf(pages, lines, compress);
    int rc = -1, w = 0, deflated = 0;
    bytes_t p = packed(o, &rc);
    int objs = objects_of(o), eq = o.n ? read_back(o, p, &w, &deflated) : -1;
    printf("# %s: libharu %zu bytes, %d objects; packed %zu bytes, %d found equal, offsets in %d bytes, "
           "%d stream(s) deflated here\n", name, o.n, objs, p.n, eq, w, deflated);
    snprintf(what, sizeof what, "%s: pdf_pack_can says yes to libharu's file", name);
    check(o.n > 0 && pdf_pack_can(o.s, o.n), what);
    snprintf(what, sizeof what, "%s: PDF 1.5, libharu's binary comment, an object stream and an xref stream, "
             "no xref table", name);
    check(rc == 0 && p.n > 15 && memcmp(p.s, "%PDF-1.5\n", 9) == 0 && memcmp(p.s + 9, o.s + 9, 6) == 0 &&
              memmem(p.s, p.n, "/Type /ObjStm", 13) && memmem(p.s, p.n, "/Type /XRef", 11) &&
              !memmem(p.s, p.n, "\nxref\n", 6) && !memmem(p.s, p.n, "trailer", 7), what);
    snprintf(what, sizeof what, "%s: every one of the %d objects read back through the xref stream, equal", name, objs);
    check(objs > 3 && eq == objs, what);
    snprintf(what, sizeof what, "%s: %s", name, compress ? "libharu's deflated streams kept as they are"
                                                          : "every plain stream of libharu's deflated here");
    check(compress ? deflated == 0 : deflated == pages, what); /* each page's content */
    snprintf(what, sizeof what, "%s: offsets in %d byte(s) (/W [ 1 %d 2 ])", name, want_w, want_w);
    check(w == want_w, what);
    snprintf(what, sizeof what, "%s: the trailer's Root and Info are the xref stream's", name);
    check(memmem(p.s, p.n, "/Root 1 0 R\n", 12) && memmem(p.s, p.n, "/Info ", 6), what);
    snprintf(what, sizeof what, "%s: smaller than libharu's file", name);
    check(p.n < o.n, what);
    snprintf(what, sizeof what, "%s: qpdf --check passes", name);
    check(qpdf_check(p, name), what);
    free(o.s);
    free(p.s);
}

/* A copy of o with `from` (first occurrence after `after`) replaced by `to`. */
static bytes_t edited(bytes_t o, const char *after, const char *from, const char *to)
{
    bytes_t b = {malloc(o.n + strlen(to) + 1), 0};
    const unsigned char *a = memmem(o.s, o.n, after, strlen(after));
    const unsigned char *f = a ? memmem(a, o.n - (size_t)(a - o.s), from, strlen(from)) : NULL;
    if (!f) {
        memcpy(b.s, o.s, o.n);
        b.n = o.n;
        return b;
    }
    size_t k = (size_t)(f - o.s);
    memcpy(b.s, o.s, k);
    memcpy(b.s + k, to, strlen(to));
    memcpy(b.s + k + strlen(to), f + strlen(from), o.n - k - strlen(from));
    b.n = o.n - strlen(from) + strlen(to);
    return b;
}

static void unchanged(bytes_t in, const char *what)
{
    int rc = -1;
    bytes_t p = packed(in, &rc);
    char w[160];
    snprintf(w, sizeof w, "%s: written as it is", what);
    check(!pdf_pack_can(in.s, in.n) && rc == 0 && p.n == in.n && memcmp(p.s, in.s, in.n) == 0, w);
    free(p.s);
}

/* An edit of libharu's file: `from` (its first occurrence after `after`) becomes `to`;
 * packed: whether the file is still packed (the change kept a plain stream as it is),
 * else it is written as it is. */
typedef struct {
    const char *after, *from, *to, *what;
    int packed;
} edit_t;

static void kept_plain(bytes_t in, const char *what);

static void apply_edits(bytes_t o, const edit_t *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bytes_t b = edited(o, e[i].after, e[i].from, e[i].to);
        if (e[i].packed)
            kept_plain(b, e[i].what);
        else
            unchanged(b, e[i].what);
        free(b.s);
    }
}

/* A plain stream of another shape than libharu's: the file packed, that stream kept
 * plain (its text operators readable in the packed file). */
static void kept_plain(bytes_t in, const char *what)
{
    int rc = -1;
    bytes_t p = packed(in, &rc);
    char w[160];
    snprintf(w, sizeof w, "%s: the file packed, that stream as it is", what);
    check(pdf_pack_can(in.s, in.n) && rc == 0 && p.n > 9 && memcmp(p.s, "%PDF-1.5\n", 9) == 0 &&
              memmem(p.s, p.n, ") Tj", 4) && memmem(p.s, p.n, "/Type /ObjStm", 13),
          w);
    free(p.s);
}

static void plain_shapes(void)
{
    bytes_t o = libharu_pdf(1, 2, 0);
    const unsigned char *l = memmem(o.s, o.n, "\n/Length ", 9);
    long ref = l ? strtol((const char *)l + 9, NULL, 10) : 0;
    char from[32], to[32], head[32];
    if (ref < 2 || ref > 9) { /* one digit: the edits below keep every offset */
        check(0, "libharu's one-page file has its content's /Length in object 2 to 9");
        free(o.s);
        return;
    }
    snprintf(head, sizeof head, "\n%ld 0 obj\n", ref);
    /* the longer edits move the offsets after them: the file is then not packed */
    static const edit_t edits[] = {
        {"\n/Length ", "/Length", "/Lxngth", "a plain stream without /Length", 1},
        {"\n/Length ", " 0 R\n>>", " 1 R\n>>", "a /Length of generation 1", 1},
        {"\n/Length ", "\n/Length", "\n/Length 0 0 R\n/Type /X", "a /Length naming object 0", 0},
        {"stream\r\n", "\nendstream", "\rendstream", "a stream not ending as libharu ends them", 1},
        {"\n/Length ", ">>\nstream", "/Filter /A\n>>\nstream", "a stream of another filter", 0},
    };
    apply_edits(o, edits, sizeof edits / sizeof *edits);
    const unsigned char *lo = memmem(o.s, o.n, head, strlen(head));
    bytes_t nn = {malloc(o.n), o.n};
    memcpy(nn.s, o.s, o.n);
    if (lo)
        nn.s[(size_t)(lo - o.s) + strlen(head)] = 'x'; /* "123" becomes "x23" */
    kept_plain(nn, "a /Length object holding no number");
    free(nn.s);
    snprintf(from, sizeof from, "/Length %ld 0 R", ref);
    snprintf(to, sizeof to, "/Length %ld 0 R", ref == 2 ? 3L : ref - 1); /* a /Length naming another object */
    bytes_t b = edited(o, "\n/Length ", from, to);
    kept_plain(b, "a /Length naming an object that is not a number");
    free(b.s);
    free(o.s);
}

/* pdf_pack of o into a stream with room for k bytes only (unbuffered: every write past
 * them fails at once). Returns pdf_pack's answer. */
static int pack_into(bytes_t o, size_t k)
{
    char *buf = malloc(k + 1);
    FILE *f = fmemopen(buf, k + 1, "w"); /* its last byte holds the NUL fmemopen writes */
    setvbuf(f, NULL, _IONBF, 0);
    int r = pdf_pack(o.s, o.n, f);
    fclose(f);
    free(buf);
    return r;
}

/* out holding only k bytes: every write past them fails; pdf_pack says so (-1) at
 * whatever point that falls, and succeeds once the whole packed file fits. */
static void failing_writes(bytes_t o)
{
    int rc = -1;
    bytes_t full = packed(o, &rc);
    int wrong = 0, points = 0;
    for (size_t k = 0; k <= full.n; k += k < 64 ? 1 : 37) {
        wrong += pack_into(o, k) != -1;
        points++;
    }
    int r = pack_into(o, full.n);
    printf("# failing writes: %d points, %d not reported\n", points, wrong);
    check(points > 80 && wrong == 0 && r == 0,
          "a write failing at any byte of the packed file: -1; room for all of it: 0");
    free(full.s);
}

static void test_other_shapes(void)
{
    bytes_t o = libharu_pdf(2, 3, 1);
    unchanged((bytes_t){(unsigned char *)"not a PDF at all, but long enough to be read as one if it were", 63},
              "not a PDF");
    unchanged((bytes_t){o.s, o.n - 10}, "libharu's file cut 10 bytes short");
    static const edit_t edits[] = {
        {"\nxref\n", " 00000 n\r\n", " 00001 n\r\n", "an object of generation 1", 0},
        {"\nxref\n", "0000000015 00000 n", "0000000016 00000 n", "an object not where the xref table says", 0},
        {"trailer\n<<\n", "/Root", "/Encrypt 9 0 R\n/Root", "an encrypted file (/Encrypt in the trailer)", 0},
        {"\nxref\n", " 00000 n\r\n", " 00000 f\r\n", "a free object past object 0", 0},
        {"\n2 0 obj\n", "\nendobj\n", "\nendobj \n", "an object not ending as libharu ends them", 0},
        {"%PDF", "-1.3\n", "-1.3\r", "a header line ending in CR", 0},
        {"%PDF", "\n%", "\n#", "no binary comment line", 0},
        {"\n1 0 obj", "\n", " ", "no line end before the first object", 0},
        {"\n1 0 obj", "1 0 obj", "1 1 obj", "an object's header not its xref entry's", 0},
        {"startxref\n", "\n%%EOF", " %%EOF", "no line end after startxref's offset", 0},
        {"startxref\n", "%%EOF\n", "%%EOF ", "no line end after %%EOF", 0},
        {"\nxref\n", "xref\n0 ", "xref\n1 ", "an xref section not from object 0", 0},
        {"\nxref\n", "0000000000 65535 f", "0000000000 65534 f", "object 0 not free with generation 65535", 0},
        {"\nxref\n", "0000000015 00000 n", "0000000003 00000 n", "an offset inside the header", 0},
        {"\nxref\n", "trailer\n<<", "trailer <<", "a trailer not as libharu writes it", 0},
        {"trailer\n<<\n", "\n>>\nstartxref", "\n> >\nstartxref", "a trailer dictionary not closed", 0},
    };
    apply_edits(o, edits, sizeof edits / sizeof *edits);
    /* bytes after %%EOF, a file too short, a startxref past the table */
    bytes_t t = {malloc(o.n + 4), o.n + 4};
    memcpy(t.s, o.s, o.n);
    memcpy(t.s + o.n, "junk", 4);
    unchanged(t, "bytes after %%EOF");
    unchanged((bytes_t){o.s, 40}, "40 bytes of libharu's file");
    bytes_t x = edited(o, "startxref\n", "\n%%EOF", "9\n%%EOF");
    unchanged(x, "a startxref past the file");
    free(x.s);
    free(t.s);
    plain_shapes();
    failing_writes(o);
    /* a plain stream whose /Length object does not say its length: packed, the stream
     * as it is */
    bytes_t plain = libharu_pdf(1, 2, 0);
    const unsigned char *l5 = memmem(plain.s, plain.n, "\n/Length ", 9), *o5 = NULL;
    char head[32];
    if (l5) {
        snprintf(head, sizeof head, "\n%ld 0 obj\n", strtol((const char *)l5 + 9, NULL, 10));
        o5 = memmem(plain.s, plain.n, head, strlen(head));
    }
    if (l5 && o5) {
        bytes_t c = {malloc(plain.n), plain.n};
        memcpy(c.s, plain.s, plain.n);
        size_t at = (size_t)(o5 - plain.s) + strlen(head);
        c.s[at] = c.s[at] == '1' ? '2' : '1'; /* the same number of digits: offsets hold */
        const unsigned char *st = memmem(plain.s, plain.n, "stream\r\n", 8);
        const unsigned char *en = st ? memmem(st, plain.n - (size_t)(st - plain.s), "endstream", 9) : NULL;
        int rc = -1;
        bytes_t p = packed(c, &rc);
        check(rc == 0 && pdf_pack_can(c.s, c.n) && st && en && memmem(p.s, p.n, st, (size_t)(en - st)) &&
                  memcmp(p.s, "%PDF-1.5", 8) == 0,
              "a plain stream whose /Length object is not its length: the file packed, that stream as it is");
        free(p.s);
        free(c.s);
    } else {
        check(0, "libharu's one-page file has its content's /Length in an object");
    }
    free(plain.s);
    setenv("PSREPORT_PDF_PACK", "off", 1);
    int rc = -1;
    bytes_t p = packed(o, &rc);
    check(rc == 0 && p.n == o.n && memcmp(p.s, o.s, o.n) == 0, "PSREPORT_PDF_PACK=off: libharu's file as it is");
    free(p.s);
    unsetenv("PSREPORT_PDF_PACK");
    /* a write that fails: -1, packed or not */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        check(pdf_pack(o.s, o.n, full) == -1, "a write that fails: -1");
        check(pdf_pack((const unsigned char *)"%PDF-1.3 but nothing more", 25, full) == -1,
              "a write that fails, not packed: -1");
        fclose(full);
    }
    free(o.s);
}

/* A one-page libharu document, nothing compressed, drawing text in the TrueType font
 * ttf, which it embeds (a stream with /Length1: a font program). */
static bytes_t font_pdf(const char *ttf, const char *text)
{
    bytes_t b = {NULL, 0};
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    if (!setjmp(jb)) {
        HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
        HPDF_Font font = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, ttf, HPDF_TRUE), NULL);
        HPDF_Page page = HPDF_AddPage(doc);
        HPDF_Page_SetFontAndSize(page, font, 12);
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, 40, 700, text);
        HPDF_Page_EndText(page);
        b = saved(doc);
    }
    HPDF_Free(doc);
    return b;
}

static int same_bytes(bytes_t a, bytes_t b) { return a.n && a.n == b.n && memcmp(a.s, b.s, a.n) == 0; }

/* pdf_pack keeps the font programs it deflated last, and gives them again for the same
 * bytes: two fonts in turn, and after pdf_pack_free, each file packed as the first time,
 * every object read back equal to libharu's. */
static void test_fonts_kept(void)
{
    bytes_t o1 = font_pdf("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Partner report"),
            o2 = font_pdf("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "Partner report");
    int rc[5], w = 0, deflated = 0;
    pdf_pack_free();
    bytes_t p1 = packed(o1, &rc[0]), p2 = packed(o2, &rc[1]), p1b = packed(o1, &rc[2]), p2b = packed(o2, &rc[3]);
    pdf_pack_free();
    bytes_t p1c = packed(o1, &rc[4]);
    check(o1.n && o2.n && memmem(o1.s, o1.n, "/Length1 ", 9) && memmem(o2.s, o2.n, "/Length1 ", 9),
          "two documents embedding a font program each (DejaVu Sans, DejaVu Sans Bold)");
    check(!rc[0] && !rc[1] && !rc[2] && !rc[3] && !rc[4] && same_bytes(p1, p1b) && same_bytes(p2, p2b) &&
              same_bytes(p1, p1c) && !same_bytes(p1, p2),
          "font programs deflated before: each file the bytes it had the first time, and after pdf_pack_free");
    check(read_back(o1, p1b, &w, &deflated) == objects_of(o1) && read_back(o2, p2b, &w, &deflated) == objects_of(o2),
          "... every object of the files packed with the kept fonts reads back equal to libharu's");
    check(qpdf_check(p2b, "font kept"), "... and qpdf --check passes");
    free(o1.s), free(o2.s), free(p1.s), free(p2.s), free(p1b.s), free(p2b.s), free(p1c.s);
    pdf_pack_free();
}

int main(void)
{
    test_packed("3 pages, compressed", 3, 20, 1, 2);
    test_packed("1 page, nothing compressed", 1, 1, 0, 2);
    test_packed("40 pages of 130 lines, nothing compressed (over 64 KB)", 40, 130, 0, 3);
    test_other_shapes();
    test_fonts_kept();
    return failed;
}
