/* pdf_pack.c - libharu's PDF 1.3 file written again as PDF 1.5 with its dictionaries in
 * one object stream and a cross-reference stream (pdf_pack.h).
 *
 * The shape libharu 2.3.0 writes (hpdf_doc.c, hpdf_xref.c), and the only one read here:
 *   %PDF-1.x\n%<4 bytes>\n
 *   N 0 obj\n<content>\nendobj\n          for N = 1 .. size-1, in that order
 *   xref\n0 SIZE\n<SIZE entries "oooooooooo ggggg n\r\n", the first "... 65535 f\r\n">
 *   trailer\n<<\n/Key value\n ... >>\nstartxref\nOFFSET\n%%EOF\n
 * A stream object's content ends with "endstream"; a plain one is "<<\n", its lines
 * ("/Length N 0 R\n" among them, object N holding the data's length), ">>\nstream\r\n",
 * the data, "\nendstream". Anything else (another generation than 0, a free object past
 * 0, an encrypted file, an offset out of place) and the file is written as it is.
 */
#define _GNU_SOURCE /* memmem */
#include "pdf_pack.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

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
        ok = l->tlen >= 3 && starts(p + tail - 2, 3, ">>\n") && !memmem(p + l->trailer, l->tlen, "/Encrypt", 8);
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

/* What the PDFs of a process share: one compressor (its allocation cost more than the
 * deflating of a small stream), and the last font programs deflated. A font program
 * is the same bytes whenever a document embeds the same cut of a font (pdf_font_cut.c
 * keeps the last cuts): of the 400 in 300 bench partner PDFs, 392 are found here. */
#define PACKED_FONTS 8
static struct {
    struct libdeflate_compressor *c;
    struct {
        unsigned char *raw, *z; /* the font program, and it deflated */
        size_t n, zn;
        unsigned long used;
    } font[PACKED_FONTS];
    unsigned long clock;
} packer;

void pdf_pack_free(void)
{
    if (packer.c)
        libdeflate_free_compressor(packer.c);
    for (int i = 0; i < PACKED_FONTS; i++) {
        free(packer.font[i].raw);
        free(packer.font[i].z);
    }
    memset(&packer, 0, sizeof packer);
}

/* Deflates n bytes at s (zlib format, as /FlateDecode reads it) into a new buffer of
 * *len bytes. libdeflate, measured on the streams of a partner PDF: its level 6 gives
 * zlib's level 6 size in half zlib's time (1.21 against 2.40 ms); its level 5, taken
 * here, 2.6 % more bytes in 1.01 ms (2 % less CPU for a partner report, side by side). */
static unsigned char *deflated(struct libdeflate_compressor *c, const void *s, size_t n, size_t *len)
{
    size_t cap = libdeflate_zlib_compress_bound(c, n);
    unsigned char *z = xmalloc(cap);
    *len = libdeflate_zlib_compress(c, s, n, z, cap);
    if (*len == 0) /* cannot be: cap is the bound */
        alloc_fail();
    return z;
}

/* A font program (a stream whose dictionary has /Length1) deflated: from the fonts
 * deflated before when it is one of them, else deflated and kept. The bytes stay
 * packer's (valid until the next call). */
static const unsigned char *deflated_font(struct libdeflate_compressor *c, const unsigned char *s, size_t n,
                                          size_t *len)
{
    int old = 0;
    for (int i = 0; i < PACKED_FONTS; i++) {
        if (packer.font[i].raw && packer.font[i].n == n && memcmp(packer.font[i].raw, s, n) == 0) {
            packer.font[i].used = ++packer.clock;
            *len = packer.font[i].zn;
            return packer.font[i].z;
        }
        if (packer.font[i].used < packer.font[old].used)
            old = i;
    }
    free(packer.font[old].raw);
    free(packer.font[old].z);
    packer.font[old].raw = xmalloc(n ? n : 1);
    memcpy(packer.font[old].raw, s, n);
    packer.font[old].z = deflated(c, s, n, len);
    packer.font[old].n = n;
    packer.font[old].zn = *len;
    packer.font[old].used = ++packer.clock;
    return packer.font[old].z;
}

/* Writes object num as a stream: "<<\n", the dictionary's lines dict (each ending in a
 * newline), then the n bytes of data, deflated; adds the bytes written to *at. length:
 * the dictionary's /Length is written (NULL: it is among dict's lines, as an indirect
 * object). Returns 0 or -1. */
static int put_stream(FILE *out, size_t *at, int num, const char *dict, size_t dlen, const unsigned char *z,
                      size_t n, int length)
{
    int h = fprintf(out, "%d 0 obj\n<<\n", num);
    if (h < 0 || fwrite(dict, 1, dlen, out) != dlen)
        return -1;
    int t = length ? fprintf(out, "/Filter /FlateDecode\n/Length %zu\n>>\nstream\r\n", n)
                   : fprintf(out, "/Filter /FlateDecode\n>>\nstream\r\n");
    if (t < 0 || fwrite(z, 1, n, out) != n || fputs("\nendstream\nendobj\n", out) < 0)
        return -1;
    *at += (size_t)h + dlen + (size_t)t + n + 18;
    return 0;
}

/* For stream object k as libharu writes it unfiltered ("<<\n", lines, "/Length N 0 R\n"
 * among them, ">>\nstream\r\n", the data, "\nendstream", where object N holds the data's
 * length): its lines (without "<<\n"), its data and N. Returns 0, or -1 for any other
 * stream (one already filtered, or not of that shape), which is written as it is. */
static int plain_stream(const layout_t *l, int k, const char **lines, size_t *nlines, const unsigned char **data,
                        size_t *n, int *len_obj)
{
    const unsigned char *c = l->pdf + l->obj[k].at, *end = c + l->obj[k].len;
    const unsigned char *d = memmem(c, (size_t)(end - c), "\n>>\nstream\r\n", 12);
    if (!starts(c, (size_t)(end - c), "<<\n") || !d || memmem(c, (size_t)(d - c), "/Filter", 7))
        return -1;
    const unsigned char *lr = memmem(c + 2, (size_t)(d - c) - 2, "\n/Length ", 9);
    if (!lr)
        return -1;
    lr += 9;
    size_t i = (size_t)(lr - l->pdf);
    long ref = number(l->pdf, (size_t)(d - l->pdf), &i, 6), len = -1;
    if (ref < 1 || ref >= l->size || l->obj[ref].stream || !starts(l->pdf + i, (size_t)(d + 1 - l->pdf) - i, " 0 R\n"))
        return -1;
    size_t j = l->obj[ref].at, stop = j + l->obj[ref].len;
    len = number(l->pdf, stop, &j, 12);
    if (len < 0 || j != stop || (size_t)(end - (d + 12)) != (size_t)len + 10 ||
        memcmp(d + 12 + len, "\nendstream", 10) != 0)
        return -1;
    *lines = (const char *)c + 3, *nlines = (size_t)(d + 1 - (c + 3));
    *data = d + 12, *n = (size_t)len, *len_obj = (int)ref;
    return 0;
}

/* Writes stream object k, which libharu left plain (its lines and data: plain_stream),
 * deflated (a font program from the kept ones: deflated_font); its new length in *zn. */
static int put_deflated(FILE *out, size_t *at, int k, const char *lines, size_t nlines,
                        const unsigned char *data, size_t n, size_t *zn)
{
    if (memmem(lines, nlines, "/Length1 ", 9)) {
        const unsigned char *kept = deflated_font(packer.c, data, n, zn);
        return put_stream(out, at, k, lines, nlines, kept, *zn, 0);
    }
    unsigned char *z = deflated(packer.c, data, n, zn);
    int rc = put_stream(out, at, k, lines, nlines, z, *zn, 0);
    free(z);
    return rc;
}

static int pack(const layout_t *l, FILE *out)
{
    const unsigned char *p = l->pdf;
    int size = l->size, objstm = size, xrefstm = size + 1;
    size_t *where = xcalloc((size_t)size + 2, sizeof *where); /* offset, or index in objstm */
    size_t *deflated_len = xcalloc((size_t)size, sizeof *deflated_len); /* 1 + a /Length's new value */
    if (!packer.c)
        packer.c = ALLOC_CHECK(libdeflate_alloc_compressor(5));
    struct libdeflate_compressor *c = packer.c;
    /* the header, as PDF 1.5, and libharu's binary comment line */
    int rc = fputs("%PDF-1.5\n", out) >= 0 && fwrite(p + 9, 1, 6, out) == 6 ? 0 : -1;
    size_t at = 15;
    /* the streams, deflated here when libharu left them plain */
    for (int k = 1; k < size && rc == 0; k++) {
        const obj_t *o = &l->obj[k];
        const char *lines;
        const unsigned char *data;
        size_t nlines, n, zn;
        int len_obj;
        if (!o->stream)
            continue;
        where[k] = at;
        if (plain_stream(l, k, &lines, &nlines, &data, &n, &len_obj) == 0) {
            rc = put_deflated(out, &at, k, lines, nlines, data, n, &zn);
            deflated_len[len_obj] = zn + 1;
            continue;
        }
        int h = fprintf(out, "%d 0 obj\n", k);
        rc = h > 0 && fwrite(p + o->at, 1, o->len, out) == o->len && fputs("\nendobj\n", out) >= 0 ? 0 : -1;
        at += (size_t)h + o->len + 8;
    }
    /* the object stream: "number offset" pairs, then the other objects */
    strbuf_t index = {0}, body = {0}, dict = {0};
    int packed = 0;
    for (int k = 1; k < size; k++) {
        const obj_t *o = &l->obj[k];
        if (o->stream)
            continue;
        sb_printf(&index, "%d %zu ", k, body.len);
        if (deflated_len[k])
            sb_printf(&body, "%zu", deflated_len[k] - 1);
        else
            sb_put(&body, (const char *)p + o->at, o->len);
        sb_putc(&body, '\n');
        where[k] = (size_t)packed++;
    }
    size_t first = index.len, zn;
    sb_put(&index, body.s ? body.s : "", body.len);
    unsigned char *z = deflated(c, index.s ? index.s : "", index.len, &zn);
    sb_printf(&dict, "/Type /ObjStm\n/N %d\n/First %zu\n", packed, first);
    where[objstm] = at;
    if (rc == 0)
        rc = put_stream(out, &at, objstm, dict.s, dict.len, z, zn, 1);
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
    z = deflated(c, body.s, body.len, &zn);
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
        rc = put_stream(out, &at, xrefstm, dict.s, dict.len, z, zn, 1);
    if (rc == 0 && fprintf(out, "startxref\n%zu\n%%%%EOF\n", xref_at) < 0)
        rc = -1;
    free(z);
    free(where);
    free(deflated_len);
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
