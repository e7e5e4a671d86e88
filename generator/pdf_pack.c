/* pdf_pack.c - libharu's PDF 1.3 file written again as PDF 1.5 with its dictionaries in
 * one object stream and a cross-reference stream (pdf_pack.h).
 *
 * The shape libharu 2.3.0 writes (hpdf_doc.c, hpdf_xref.c), and the only one read here:
 *   %PDF-1.x\n%<4 bytes>\n
 *   N 0 obj\n<content>\nendobj\n          for N = 1 .. size-1, in that order
 *   xref\n0 SIZE\n<SIZE entries "oooooooooo ggggg n\r\n", the first "... 65535 f\r\n">
 *   trailer\n<<\n/Key value\n ... >>\nstartxref\nOFFSET\n%%EOF\n
 * A stream object's content ends with "endstream". Anything else (another generation
 * than 0, a free object past 0, an encrypted file, an offset out of place) and the file
 * is written as it is.
 */
#include "pdf_pack.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    size_t at, len; /* the content, between "N 0 obj\n" and "\nendobj\n" */
    int stream;
} obj_t;

typedef struct {
    const unsigned char *pdf;
    size_t n;
    int size;             /* objects 0 .. size-1 */
    obj_t *obj;           /* [size]; obj[0] unused */
    size_t xref;          /* where "xref\n" starts: the end of the last object */
    size_t trailer, tlen; /* the trailer dictionary's lines, between "<<\n" and ">>" */
} layout_t;

static int has(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, s, k) == 0)
            return 1;
    return 0;
}

static int starts(const unsigned char *p, size_t left, const char *s)
{
    size_t k = strlen(s);
    return left >= k && memcmp(p, s, k) == 0;
}

/* The decimal number of at most max digits at *i (advanced past it), or -1. */
static long number(const unsigned char *p, size_t n, size_t *i, int max)
{
    long v = 0;
    int digits = 0;
    while (*i < n && p[*i] >= '0' && p[*i] <= '9' && digits < max) {
        v = v * 10 + (p[*i] - '0');
        (*i)++, digits++;
    }
    return digits ? v : -1;
}

/* Reads the layout of a file libharu wrote into l. Returns 0, or -1 for any other. */
static int read_layout(layout_t *l, const unsigned char *p, size_t n)
{
    memset(l, 0, sizeof *l);
    l->pdf = p, l->n = n;
    if (n < 64 || !starts(p, n, "%PDF-1.") || p[8] != '\n' || p[9] != '%' || p[14] != '\n')
        return -1;
    /* "startxref\nOFFSET\n%%EOF\n" at the end */
    size_t tail = n - 19; /* "\nstartxref\n", at least one digit, "\n%%EOF\n" */
    while (tail > n - 40 && !starts(p + tail, n - tail, "\nstartxref\n"))
        tail--;
    size_t i = tail + 11;
    long x = number(p, n, &i, 12);
    if (!starts(p + tail, n - tail, "\nstartxref\n") || x < 15 || (size_t)x >= tail ||
        !starts(p + i, n - i, "\n%%EOF\n") || i + 7 != n)
        return -1;
    l->xref = (size_t)x;
    i = l->xref;
    if (!starts(p + i, n - i, "xref\n0 "))
        return -1;
    i += 7;
    long size = number(p, n, &i, 6);
    if (size < 2 || size > 65535 || !starts(p + i, n - i, "\n") || n - ++i < (size_t)size * 20)
        return -1;
    if (!starts(p + i, n - i, "0000000000 65535 f\r\n"))
        return -1;
    l->size = (int)size;
    l->obj = xcalloc((size_t)size, sizeof *l->obj);
    int ok = 1;
    for (int k = 1; k < size && ok; k++) {
        size_t e = i + 20 * (size_t)k, j = e;
        long off = number(p, n, &j, 10);
        ok = off >= 15 && (size_t)off < l->xref && starts(p + j, n - j, " 00000 n\r\n");
        l->obj[k].at = (size_t)off;
    }
    i += 20 * (size_t)size;
    if (ok && starts(p + i, n - i, "trailer\n<<\n")) {
        l->trailer = i + 11;
        l->tlen = tail + 1 - l->trailer;
        ok = l->tlen >= 3 && starts(p + tail - 2, 3, ">>\n") && !has(p + l->trailer, l->tlen, "/Encrypt");
        l->tlen -= 3;
    } else {
        ok = 0;
    }
    /* every object where the table says, in number order from the header to "xref" */
    size_t at = 15;
    for (int k = 1; k < size && ok; k++) {
        obj_t *o = &l->obj[k];
        char head[24];
        int h = snprintf(head, sizeof head, "%d 0 obj\n", k);
        size_t end = k + 1 < size ? l->obj[k + 1].at : l->xref;
        ok = o->at == at && end > at && end - at > (size_t)h + 8 && starts(p + at, end - at, head) &&
             starts(p + end - 8, 8, "\nendobj\n");
        o->at = at + (size_t)h;
        o->len = end - 8 - o->at;
        o->stream = o->len >= 9 && memcmp(p + o->at + o->len - 9, "endstream", 9) == 0;
        at = end;
    }
    if (!ok) {
        free(l->obj);
        l->obj = NULL;
        return -1;
    }
    return 0;
}

int pdf_pack_can(const unsigned char *pdf, size_t n)
{
    layout_t l;
    if (read_layout(&l, pdf, n) != 0)
        return 0;
    free(l.obj);
    return 1;
}

/* Deflates n bytes at s into a new buffer of *len bytes. */
static unsigned char *deflated(const char *s, size_t n, unsigned long *len)
{
    *len = compressBound(n);
    unsigned char *z = xmalloc(*len);
    int rc = compress2(z, len, (const unsigned char *)s, n, Z_BEST_COMPRESSION);
    if (rc != Z_OK) /* Z_MEM_ERROR; the buffer is large enough by compressBound */
        alloc_fail();
    return z;
}

/* Writes a stream object (its dictionary's lines, then the deflated data) and adds the
 * bytes written to *at. Returns 0 or -1. */
static int put_stream(FILE *out, size_t *at, int num, const char *dict, const unsigned char *z,
                      unsigned long len)
{
    int h = fprintf(out, "%d 0 obj\n<<\n%s/Filter /FlateDecode\n/Length %lu\n>>\nstream\r\n", num, dict, len);
    if (h < 0 || fwrite(z, 1, len, out) != len || fputs("\r\nendstream\nendobj\n", out) < 0)
        return -1;
    *at += (size_t)h + len + 19;
    return 0;
}

static int pack(const layout_t *l, FILE *out)
{
    const unsigned char *p = l->pdf;
    int size = l->size, objstm = size, xrefstm = size + 1;
    size_t *where = xcalloc((size_t)size + 2, sizeof *where); /* offset, or index in objstm */
    /* the header, as PDF 1.5, and libharu's binary comment line */
    if (fputs("%PDF-1.5\n", out) < 0 || fwrite(p + 9, 1, 6, out) != 6) {
        free(where);
        return -1;
    }
    size_t at = 15;
    strbuf_t index = {0}, body = {0}, dict = {0};
    int packed = 0, rc = 0;
    for (int k = 1; k < size && rc == 0; k++) {
        const obj_t *o = &l->obj[k];
        if (!o->stream) {
            sb_printf(&index, "%d %zu ", k, body.len);
            sb_put(&body, (const char *)p + o->at, o->len);
            sb_putc(&body, '\n');
            where[k] = (size_t)packed++;
            continue;
        }
        int h = fprintf(out, "%d 0 obj\n", k);
        rc = h > 0 && fwrite(p + o->at, 1, o->len, out) == o->len && fputs("\nendobj\n", out) >= 0 ? 0 : -1;
        where[k] = at;
        at += (size_t)h + o->len + 8;
    }
    /* the object stream: "number offset" pairs, then the objects */
    size_t first = index.len;
    sb_put(&index, body.s ? body.s : "", body.len);
    unsigned long zlen;
    unsigned char *z = deflated(index.s ? index.s : "", index.len, &zlen);
    sb_printf(&dict, "/Type /ObjStm\n/N %d\n/First %zu\n", packed, first);
    where[objstm] = at;
    if (rc == 0)
        rc = put_stream(out, &at, objstm, sb_str(&dict), z, zlen);
    free(z);
    /* the cross-reference stream: type, offset or object stream, generation or index */
    size_t xref_at = at;
    int w = 1;
    while (w < (int)sizeof xref_at && xref_at >> (8 * w))
        w++;
    where[xrefstm] = xref_at;
    sb_reset(&body);
    for (int k = 0; k < size + 2; k++) {
        int type = k == 0 ? 0 : k < size && !l->obj[k].stream ? 2 : 1;
        size_t f2 = type == 2 ? (size_t)objstm : type == 1 ? where[k] : 0;
        size_t f3 = type == 2 ? where[k] : k == 0 ? 65535 : 0;
        sb_putc(&body, (char)type);
        for (int b = w - 1; b >= 0; b--)
            sb_putc(&body, (char)(f2 >> (8 * b) & 0xFF));
        sb_putc(&body, (char)(f3 >> 8 & 0xFF));
        sb_putc(&body, (char)(f3 & 0xFF));
    }
    z = deflated(body.s, body.len, &zlen);
    /* the trailer's lines but /Size, which is the stream's own */
    sb_reset(&dict);
    sb_printf(&dict, "/Type /XRef\n/Size %d\n/W [ 1 %d 2 ]\n", size + 2, w);
    const char *t = (const char *)p + l->trailer, *end = t + l->tlen;
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        const char *stop = nl ? nl + 1 : end;
        if (!(stop - t >= 6 && memcmp(t, "/Size ", 6) == 0))
            sb_put(&dict, t, (size_t)(stop - t));
        t = stop;
    }
    if (dict.len && dict.s[dict.len - 1] != '\n')
        sb_putc(&dict, '\n');
    if (rc == 0)
        rc = put_stream(out, &at, xrefstm, sb_str(&dict), z, zlen);
    if (rc == 0 && fprintf(out, "startxref\n%zu\n%%%%EOF\n", xref_at) < 0)
        rc = -1;
    free(z);
    free(where);
    sb_free(&index);
    sb_free(&body);
    sb_free(&dict);
    return rc;
}

int pdf_pack(const unsigned char *pdf, size_t n, FILE *out)
{
    layout_t l;
    const char *e = getenv("PSREPORT_PDF_PACK");
    if ((e && strcmp(e, "off") == 0) || read_layout(&l, pdf, n) != 0)
        return fwrite(pdf, 1, n, out) == n ? 0 : -1;
    int rc = pack(&l, out);
    free(l.obj);
    return rc;
}
