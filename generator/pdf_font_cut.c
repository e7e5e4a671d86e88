/* pdf_font_cut.c - a font cut to the characters a document draws, as libharu 2.3.0 can
 * embed it.
 *
 * HarfBuzz's subsetter keeps only the tables libharu reads, without hinting; then the
 * cut is finished for libharu's sake: composite glyphs that nest composites are made one
 * level deep (libharu embeds components one level down only), the cmap is rewritten as
 * one format 4 subtable libharu reads fast, and an empty 'prep' is added so libharu's
 * table walk never seeks past its stream. The last cuts are kept and given again for the
 * same face and characters (pdf_font_cut_kept). pdf_font.c decides which faces to cut
 * and loads the results.
 */
#include "pdf_font_internal.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static hb_blob_t *finish(hb_blob_t *font, const uint64_t *chars);

/* face fc cut to the characters of chars: only the tables libharu reads, no hinting,
 * then made ready for libharu (finish). NULL when HarfBuzz cannot cut it. */
hb_blob_t *pdf_font_cut(face_t *fc, const uint64_t *chars)
{
    if (!fc->hb) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(fc->file);
        if (!blob)
            return NULL;
        fc->hb = hb_face_create(blob, (unsigned)fc->index);
        hb_blob_destroy(blob);
    }
    hb_subset_input_t *in = must(hb_subset_input_create_or_fail());
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (unsigned w = 0; w < BMP_WORDS; w++)
        for (uint64_t b = chars[w]; b; b &= b - 1)
            hb_set_add(unicodes, w * 64 + (unsigned)__builtin_ctzll(b));
    /* drop every table but those libharu reads (and so no layout closure is computed) */
    static const char keep[][5] = {"OS/2", "cmap", "glyf", "head", "hhea",
                                   "hmtx", "loca", "maxp", "name", "post"};
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned n = 64;
    for (unsigned start = 0;; start += n, n = 64) {
        hb_face_get_table_tags(fc->hb, start, &n, tags);
        for (unsigned i = 0; i < n; i++) {
            int kept = 0;
            for (size_t j = 0; j < sizeof keep / sizeof *keep; j++)
                kept |= tags[i] == hb_tag_from_string(keep[j], 4);
            if (!kept)
                hb_set_add(drop, tags[i]);
        }
        if (n < 64)
            break;
    }
    /* libharu reads the PostScript name (6) and the style (2) from the Macintosh or the
     * Windows English records: keep those two, in both (the rest is 0.3 KB a font) */
    hb_set_t *names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(names);
    hb_set_add(names, 2);
    hb_set_add(names, 6);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY);
    hb_face_t *sub = hb_subset_or_fail(fc->hb, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return NULL;
    hb_blob_t *b = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    hb_blob_t *done = finish(b, chars);
    hb_blob_destroy(b);
    return done;
}

/* ---- composite glyphs ------------------------------------------------------------------ */

/* libharu 2.3.0 embeds only the glyphs it saw drawn and the components of those, one
 * level down: a component that is itself made of components (DejaVu's Vietnamese ầ is
 * a + [circumflex + grave], its Arabic qaf a dotless qaf + dots) loses its outlines. So
 * before libharu sees a cut, every composite glyph that nests composites is rewritten as
 * one level of simple glyphs with their offsets added (only plain offsets: a glyph with a
 * scaled component is left as it is). */

#define CG_WORDS 0x0001 /* ARG_1_AND_2_ARE_WORDS */
#define CG_XY 0x0002    /* ARGS_ARE_XY_VALUES */
#define CG_SCALE 0x0008 /* WE_HAVE_A_SCALE */
#define CG_MORE 0x0020  /* MORE_COMPONENTS */
#define CG_XYSCALE 0x0040
#define CG_2X2 0x0080

typedef struct {
    const uint8_t *glyf, *loca;
    unsigned glyf_len, loca_len, n_glyphs;
    int long_loca;
} glyf_t;

static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const uint8_t *p) { return (unsigned long)be16(p) << 16 | be16(p + 2); }

/* Glyph gid's bytes; 0, or -1 when loca points outside glyf. */
static int glyph_data(const glyf_t *g, unsigned gid, const uint8_t **data, size_t *len)
{
    unsigned long a, b;
    if (gid >= g->n_glyphs || (gid + 2) * (g->long_loca ? 4u : 2u) > g->loca_len)
        return -1;
    if (g->long_loca) {
        a = be32(g->loca + 4 * gid);
        b = be32(g->loca + 4 * gid + 4);
    } else {
        a = 2ul * be16(g->loca + 2 * gid);
        b = 2ul * be16(g->loca + 2 * gid + 2);
    }
    if (b < a || b > g->glyf_len)
        return -1;
    *data = g->glyf + a;
    *len = b - a;
    return 0;
}

static int is_composite(const uint8_t *data, size_t len)
{
    return len >= 10 && be16(data) == 0xFFFF;
}

/* Calls fn for each component of composite glyph data: its glyph, offsets and flags.
 * Returns -1 when the record is cut short, else the first non-zero fn result, or 0. */
static int components(const uint8_t *data, size_t len,
                      int (*fn)(void *ctx, unsigned gid, int dx, int dy, unsigned flags),
                      void *ctx)
{
    const uint8_t *p = data + 10, *end = data + len;
    for (;;) {
        if (p + 4 > end)
            return -1;
        unsigned flags = be16(p), gid = be16(p + 2);
        int a1, a2;
        p += 4;
        if (flags & CG_WORDS) {
            if (p + 4 > end)
                return -1;
            a1 = (int16_t)be16(p);
            a2 = (int16_t)be16(p + 2);
            p += 4;
        } else {
            if (p + 2 > end)
                return -1;
            a1 = (int8_t)p[0];
            a2 = (int8_t)p[1];
            p += 2;
        }
        p += flags & CG_SCALE ? 2 : flags & CG_XYSCALE ? 4 : flags & CG_2X2 ? 8 : 0;
        int r = fn(ctx, gid, a1, a2, flags);
        if (r != 0 || !(flags & CG_MORE))
            return r;
    }
}

typedef struct {
    const glyf_t *g;
    int dx, dy, depth;
    strbuf_t *out; /* per simple glyph: gid, dx, dy as big-endian 16-bit words */
    int nested;
} flat_t;

static void put16(strbuf_t *b, unsigned v)
{
    char c[2] = {(char)(v >> 8), (char)(v & 0xFF)};
    sb_put(b, c, 2);
}

static int find_nested(void *ctx, unsigned gid, int dx, int dy, unsigned flags)
{
    flat_t *f = ctx;
    const uint8_t *d;
    size_t len;
    (void)dx, (void)dy, (void)flags;
    if (glyph_data(f->g, gid, &d, &len) == 0 && is_composite(d, len))
        f->nested = 1;
    return 0;
}

static int expand(void *ctx, unsigned gid, int dx, int dy, unsigned flags)
{
    flat_t *f = ctx;
    const uint8_t *d;
    size_t len;
    if (!(flags & CG_XY) || (flags & (CG_SCALE | CG_XYSCALE | CG_2X2)) ||
        glyph_data(f->g, gid, &d, &len) != 0)
        return -1;
    dx += f->dx;
    dy += f->dy;
    if (!is_composite(d, len)) {
        if (dx < -32768 || dx > 32767 || dy < -32768 || dy > 32767)
            return -1;
        put16(f->out, gid);
        put16(f->out, (unsigned)dx & 0xFFFF);
        put16(f->out, (unsigned)dy & 0xFFFF);
        return 0;
    }
    if (f->depth > 8)
        return -1;
    flat_t in = {f->g, dx, dy, f->depth + 1, f->out, 0};
    return components(d, len, expand, &in);
}

/* The glyphs of face with their nested composites made one level deep (see above): the
 * new glyf and loca (long offsets) tables, and head saying so. 1 when a glyph changed,
 * 0 when none did or the tables are not what HarfBuzz writes (left as they are). */
static int flatten(hb_face_t *face, strbuf_t *nglyf, strbuf_t *nloca, char nhead[54])
{
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *loca = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    glyf_t g = {0};
    unsigned head_len = 0;
    const uint8_t *h = (const uint8_t *)hb_blob_get_data(head, &head_len);
    g.glyf = (const uint8_t *)hb_blob_get_data(glyf, &g.glyf_len);
    g.loca = (const uint8_t *)hb_blob_get_data(loca, &g.loca_len);
    g.n_glyphs = hb_face_get_glyph_count(face);
    g.long_loca = head_len >= 54 && be16(h + 50) == 1;
    strbuf_t flat = {0};
    int changed = 0;
    for (unsigned gid = 0; head_len >= 54 && gid < g.n_glyphs; gid++) {
        const uint8_t *d;
        size_t len;
        if (glyph_data(&g, gid, &d, &len) != 0) {
            changed = 0;
            break;
        }
        put16(nloca, (unsigned)(nglyf->len >> 16));
        put16(nloca, (unsigned)(nglyf->len & 0xFFFF));
        flat_t f = {&g, 0, 0, 0, &flat, 0};
        sb_reset(&flat);
        if (is_composite(d, len) && components(d, len, find_nested, &f) == 0 && f.nested &&
            components(d, len, expand, &f) == 0 && flat.len) {
            sb_put(nglyf, (const char *)d, 10); /* -1 contours, the same bounding box */
            for (size_t i = 0; i < flat.len; i += 6) {
                put16(nglyf, CG_WORDS | CG_XY | (i + 6 < flat.len ? CG_MORE : 0));
                sb_put(nglyf, flat.s + i, 6);
            }
            changed = 1;
        } else {
            sb_put(nglyf, (const char *)d, len);
        }
        while (nglyf->len % 4)
            sb_putc(nglyf, '\0');
    }
    if (changed) {
        put16(nloca, (unsigned)(nglyf->len >> 16));
        put16(nloca, (unsigned)(nglyf->len & 0xFFFF));
        memcpy(nhead, h, 54);
        nhead[50] = 0;
        nhead[51] = 1; /* loca now holds long offsets */
    }
    sb_free(&flat);
    hb_blob_destroy(glyf);
    hb_blob_destroy(loca);
    hb_blob_destroy(head);
    return changed;
}

/* ---- the cmap libharu reads -------------------------------------------------------- */

/* libharu 2.3.0 makes a Type0 font's CIDToGIDMap by looking each of the 65,536 code
 * points up in the font's format 4 cmap, each lookup a linear scan of its segments: with
 * HarfBuzz's cmap, one segment per run of consecutive characters (50 to 100 for a page of
 * Latin with a few accents, as many for a few CJK names), that was 2 ms a font. So a
 * cut gets a cmap of its own, one Windows Unicode format 4 subtable whose segments span
 * runs up to CMAP_GAP code points apart, the code points between them mapped to glyph 0
 * (zeros: a few bytes once the font stream is compressed), at most CMAP_SPAN code points
 * in all so that libharu, which reads each entry with a call of its own, loads it fast. */
#define CMAP_GAP 512
#define CMAP_SPAN 8192

typedef struct {
    unsigned start, end, first; /* code points; the first pair of the segment */
} cmap_seg_t;

/* A cmap being made: the pairs (code point, glyph) in code point order, the segments,
 * and how each maps (by a delta, or through the glyph array from array_at). */
typedef struct {
    unsigned *cp, *gid, n;
    cmap_seg_t *seg;
    unsigned ns;
    unsigned *delta, *array_at, array_len;
} cmap_t;

/* The characters of chars that face has a glyph for, with their glyphs. */
static void cmap_pairs(cmap_t *c, hb_face_t *face, const uint64_t *chars)
{
    hb_font_t *font = must(hb_font_create(face));
    unsigned cap = 256;
    c->n = 0;
    c->cp = xmalloc(cap * sizeof *c->cp);
    c->gid = xmalloc(cap * sizeof *c->gid);
    for (unsigned u = 0; u < 0xFFFF; u++) {
        hb_codepoint_t g;
        if (!bit_has(chars, u) || !hb_font_get_nominal_glyph(font, u, &g) || !g)
            continue;
        if (c->n == cap) {
            cap *= 2;
            c->cp = xrealloc(c->cp, cap * sizeof *c->cp);
            c->gid = xrealloc(c->gid, cap * sizeof *c->gid);
        }
        c->cp[c->n] = u;
        c->gid[c->n++] = g;
    }
    hb_font_destroy(font);
}

/* Segments: runs of code points (with the gaps allowed), then the closing segment. */
static void cmap_segments(cmap_t *c)
{
    const unsigned *cp = c->cp;
    c->seg = xmalloc((c->n + 1) * sizeof *c->seg);
    unsigned ns = 0, span = 0;
    for (unsigned i = 0; i < c->n; i++) {
        cmap_seg_t *last = ns ? &c->seg[ns - 1] : NULL;
        if (last && (cp[i] == last->end + 1 ||
                     (cp[i] - last->end <= CMAP_GAP && span + cp[i] - last->end <= CMAP_SPAN))) {
            span += cp[i] - last->end;
            last->end = cp[i];
        } else {
            c->seg[ns++] = (cmap_seg_t){cp[i], cp[i], i};
            span++;
        }
    }
    c->seg[ns++] = (cmap_seg_t){0xFFFF, 0xFFFF, c->n}; /* the closing segment format 4 needs */
    c->ns = ns;
}

/* Each segment maps by a delta when its code points and glyphs both run without a gap,
 * else through the glyph array. */
static void cmap_mapping(cmap_t *c)
{
    const cmap_seg_t *seg = c->seg;
    unsigned ns = c->ns;
    c->delta = xcalloc(ns, sizeof *c->delta);
    c->array_at = xcalloc(ns, sizeof *c->array_at);
    c->array_len = 0;
    for (unsigned k = 0; k + 1 < ns; k++) {
        unsigned count = seg[k].end - seg[k].start + 1, plain = 1;
        for (unsigned i = seg[k].first; plain && i < seg[k].first + count; i++)
            plain = i < c->n && c->cp[i] == seg[k].start + (i - seg[k].first) &&
                    c->gid[i] == c->gid[seg[k].first] + (i - seg[k].first);
        if (plain) {
            c->delta[k] = (c->gid[seg[k].first] - seg[k].start) & 0xFFFF;
            c->array_at[k] = UINT32_MAX;
        } else {
            c->array_at[k] = c->array_len;
            c->array_len += count;
        }
    }
    c->delta[ns - 1] = 1; /* 0xFFFF + 1: glyph 0 */
    c->array_at[ns - 1] = UINT32_MAX;
}

/* The table: one Windows Unicode BMP subtable of format 4, sub_len bytes long. */
static hb_blob_t *cmap_write(const cmap_t *c, size_t sub_len)
{
    const cmap_seg_t *seg = c->seg;
    unsigned ns = c->ns;
    strbuf_t t = {0};
    unsigned range = 1, selector = 0;
    while (range * 2 <= ns) {
        range *= 2;
        selector++;
    }
    put16(&t, 0); /* cmap version */
    put16(&t, 1); /* one subtable: */
    put16(&t, 3); /* Windows */
    put16(&t, 1); /* Unicode BMP */
    put16(&t, 0);
    put16(&t, 12); /* its offset */
    put16(&t, 4);
    put16(&t, (unsigned)sub_len);
    put16(&t, 0); /* language */
    put16(&t, 2 * ns);
    put16(&t, 2 * range);
    put16(&t, selector);
    put16(&t, 2 * ns - 2 * range);
    for (unsigned k = 0; k < ns; k++)
        put16(&t, seg[k].end);
    put16(&t, 0); /* reserved pad */
    for (unsigned k = 0; k < ns; k++)
        put16(&t, seg[k].start);
    for (unsigned k = 0; k < ns; k++)
        put16(&t, c->delta[k]);
    for (unsigned k = 0; k < ns; k++) /* from this entry to its first in the array */
        put16(&t, c->array_at[k] == UINT32_MAX ? 0 : 2 * (ns - k + c->array_at[k]));
    for (unsigned k = 0; k + 1 < ns; k++) {
        if (c->array_at[k] == UINT32_MAX)
            continue;
        for (unsigned u = seg[k].start, i = seg[k].first; u <= seg[k].end; u++) {
            unsigned g = 0;
            if (i < c->n && c->cp[i] == u)
                g = c->gid[i++];
            put16(&t, g);
        }
    }
    hb_blob_t *table = hb_blob_create(t.s, (unsigned)t.len, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
    sb_free(&t);
    return table;
}

/* The cmap table of face for the characters of chars; NULL when it would not fit the
 * format (the cut keeps HarfBuzz's). */
static hb_blob_t *cmap_table(hb_face_t *face, const uint64_t *chars)
{
    cmap_t c;
    cmap_pairs(&c, face, chars);
    cmap_segments(&c);
    cmap_mapping(&c);
    size_t sub_len = 16 + 8 * (size_t)c.ns + 2 * (size_t)c.array_len;
    hb_blob_t *table = sub_len <= 0xFFFF ? cmap_write(&c, sub_len) : NULL;
    free(c.cp);
    free(c.gid);
    free(c.seg);
    free(c.delta);
    free(c.array_at);
    return table;
}

/* libharu 2.3.0 re-writes an embedded font into a memory stream of 4,096-byte blocks,
 * then seeks back to each of its 13 tables to sum them; a table the font lacks is a
 * zero-length table at the current end. 'prep', the last of the 13, is dropped with the
 * hinting, so libharu seeks to the very end of the stream, and when the stream is a
 * whole number of blocks long that seek finds no block: HPDF_INVALID_OBJECT (0x1033),
 * the PDF is not saved. Which glyph set lands on a multiple of 4,096 is chance (a
 * label's dash moved the bench partner P000409 onto one). So every cut carries a
 * 'prep' of its own, a program that does nothing (PUSHB[0] 0, POP): the last table is
 * never empty and the seek always lands inside the stream. */
static const unsigned char prep[] = {0xB0, 0x00, 0x21};

/* font (a cut of the characters of chars) as libharu gets it: nested composite glyphs
 * made one level deep, a cmap of its own, a 'prep' table (see above). */
static hb_blob_t *finish(hb_blob_t *font, const uint64_t *chars)
{
    hb_face_t *face = hb_face_create(font, 0);
    strbuf_t nglyf = {0}, nloca = {0};
    char nhead[54];
    int flat = flatten(face, &nglyf, &nloca, nhead);
    hb_blob_t *cmap = cmap_table(face, chars);
    hb_face_t *b = must(hb_face_builder_create());
    int has_prep = 0;
    hb_tag_t tags[64];
    unsigned n = 64;
    for (unsigned start = 0;; start += n, n = 64) {
        hb_face_get_table_tags(face, start, &n, tags);
        for (unsigned i = 0; i < n; i++) {
            hb_blob_t *t;
            has_prep |= tags[i] == HB_TAG('p', 'r', 'e', 'p');
            if (flat && tags[i] == HB_TAG('g', 'l', 'y', 'f'))
                t = hb_blob_create(nglyf.s, (unsigned)nglyf.len, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
            else if (flat && tags[i] == HB_TAG('l', 'o', 'c', 'a'))
                t = hb_blob_create(nloca.s, (unsigned)nloca.len, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
            else if (flat && tags[i] == HB_TAG('h', 'e', 'a', 'd'))
                t = hb_blob_create(nhead, 54, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
            else if (cmap && tags[i] == HB_TAG('c', 'm', 'a', 'p'))
                t = hb_blob_reference(cmap);
            else
                t = hb_face_reference_table(face, tags[i]);
            hb_face_builder_add_table(b, tags[i], t);
            hb_blob_destroy(t);
        }
        if (n < 64)
            break;
    }
    if (!has_prep) {
        hb_blob_t *t = hb_blob_create((const char *)prep, sizeof prep, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_builder_add_table(b, HB_TAG('p', 'r', 'e', 'p'), t);
        hb_blob_destroy(t);
    }
    hb_blob_t *result = hb_face_reference_blob(b);
    hb_face_destroy(b);
    hb_blob_destroy(cmap);
    sb_free(&nglyf);
    sb_free(&nloca);
    hb_face_destroy(face);
    return result;
}

/* The cuts made last: a face cut to one set of characters. */
#define CUTS 8
static struct {
    const face_t *face; /* NULL: an empty slot */
    uint64_t sum;       /* set_sum of chars */
    uint64_t chars[BMP_WORDS];
    hb_blob_t *blob;
    unsigned long used; /* cut_clock at its last use */
} *cuts;
static unsigned long cut_clock;

/* A sum of a set of characters, compared before the sets themselves. */
static uint64_t set_sum(const uint64_t *set)
{
    uint64_t h = 0;
    for (int w = 0; w < BMP_WORDS; w++)
        h = (h ^ set[w]) * 0x100000001B3ull + (uint64_t)w;
    return h;
}

/* A cut depends on its face and characters only, and documents often draw the same
 * characters: 300 bench partner PDFs embed 400 cuts, of which 8 are made and 392 found
 * here. Kept, they skip HarfBuzz's work, 3 % of a partner report's CPU. */
hb_blob_t *pdf_font_cut_kept(face_t *fc, const uint64_t *chars)
{
    if (!cuts)
        cuts = xcalloc(CUTS, sizeof *cuts);
    uint64_t sum = set_sum(chars);
    int old = 0;
    for (int i = 0; i < CUTS; i++) {
        if (cuts[i].face == fc && cuts[i].sum == sum && memcmp(cuts[i].chars, chars, sizeof cuts[i].chars) == 0) {
            cuts[i].used = ++cut_clock;
            return hb_blob_reference(cuts[i].blob);
        }
        if (cuts[i].used < cuts[old].used)
            old = i;
    }
    hb_blob_t *b = pdf_font_cut(fc, chars);
    if (!b)
        return NULL;
    hb_blob_destroy(cuts[old].blob);
    cuts[old].face = fc;
    cuts[old].sum = sum;
    memcpy(cuts[old].chars, chars, sizeof cuts[old].chars);
    cuts[old].blob = hb_blob_reference(b);
    cuts[old].used = ++cut_clock;
    return b;
}

void pdf_font_cuts_forget(void)
{
    for (int i = 0; cuts && i < CUTS; i++)
        hb_blob_destroy(cuts[i].blob);
    free(cuts);
    cuts = NULL;
}
