/* pdf_font.c - the font engine of the PDFs: coverage, fallback, run-time subsets, widths.
 *
 * The one idea: every character is asked once per process which font draws it (the main
 * font when its cmap has it, else the first TrueType font of fontconfig's sorted
 * fallback list that has it) and how wide it is there; a document collects the
 * characters it will draw, each font it needs is cut by HarfBuzz to those characters and
 * embedded by libharu, and a line is drawn as runs, one per font.
 *
 * libharu draws a font in one of two ways. A Type0 font with UTF-8 reaches every
 * character of the BMP but costs a 65,536-entry CIDToGIDMap per font and document
 * (about 1.3 ms, with the compact cmap of each cut) and two bytes per character drawn
 * (written by flush and show, not by libharu's text operator). So the main font draws every
 * character that one of seven code pages holds as a simple TrueType font, one per code
 * page it draws from, and only the others (Vietnamese, Hebrew, Arabic forms ...)
 * through its Type0 font; all of them share one embedded cut. Fallback fonts are
 * always Type0.
 *
 * libharu 2.3.0 loads fonts from files only (no LoadTTFontFromMemory): a cut reaches it
 * through a memory stream of its own, by the steps of its file loader (load_cut). Each
 * document gets its own HPDF_Doc, so the cuts of one document never meet another's; the
 * last cuts made are kept and given again to a document that draws the same characters
 * in the same face (pdf_font_cut_kept). A font is cut and loaded when the document first
 * draws with it: what a document collects is what it may draw (all the labels of its
 * catalogue), and a font loaded for a character it never draws would only cost time;
 * the order of first use also names the fonts (HPDFAA+, HPDFAB+ ...) the same way in
 * every run, whatever the worker process drew before.
 *
 * How a font is cut (HarfBuzz's subsetter, nested composites flattened, a cmap of its
 * own) is pdf_font_cut.c's; this file finds the fonts, keeps their widths, loads the
 * cuts into libharu and draws the runs.
 */
#define _POSIX_C_SOURCE 200809L
#include "pdf_font_internal.h"

#include "pdf_ops.h"

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SB_PAGES 7   /* the code pages of the main font's simple fonts (sb_names) */
#define NONE 0xFF    /* face_of: no font has it */

/* The code pages the main font is drawn in as simple fonts, in order of preference. */
static const char *const sb_names[SB_PAGES] = {"WinAnsiEncoding", "CP1250", "CP1251",
                                               "CP1253",          "CP1254", "CP1257",
                                               "ISO8859-16"};

/* What the renderer draws besides the model's text: numbers, the punctuation it
 * composes lines with, the ellipsis of a cut string, the '?' of a missing character. */
static const char base_chars[] = " 0123456789.,:;-+%()[]/?\xE2\x80\xA6psreport";

/* What every document of the process shares: the faces, fontconfig's list, and per
 * code point of the BMP the face that draws it and its advance there. */
static struct {
    FT_Library ft;
    char *main_file;
    int main_ok;
    face_t faces[MAX_FACES]; /* [0]: the main font */
    int n_faces;
    int fc_tried;
    FcFontSet *sorted;        /* fontconfig's fallbacks for the main font, best first */
    uint8_t face_of[65536];   /* 0: not asked yet; k + 1: faces[k]; NONE */
    int16_t width[65536];     /* advance in face_of's face, 1/1000 em */
    int sb_ready;
    uint16_t sb_map[65536];   /* code point -> (code page + 1) << 8 | byte; 0: none */
} eng;

struct pdf_fonts {
    char *main_file;
    unsigned gen;                /* eng_gen when the main font was found open */
    uint64_t seen[BMP_WORDS];    /* the characters noted (pdf_fonts_add) */
    uint64_t *chars[MAX_FACES];  /* the characters each face draws here; NULL: unused */
    HPDF_Doc doc;
    const char *name[MAX_FACES]; /* libharu's name of each loaded cut */
    HPDF_Font type0[MAX_FACES];  /* UTF-8 fonts, made when first drawn */
    uint64_t *drawn[MAX_FACES];  /* the codes drawn through each Type0 font; NULL: none */
    HPDF_Font sbf[SB_PAGES];     /* the main cut in each code page, made when first drawn */
    uint64_t *sb_seen[SB_PAGES]; /* the codes drawn through each of them; NULL: none */
    int code_pages;              /* 0: the main font is drawn through its Type0 font and WinAnsi */
    int base14; /* PSREPORT_PDF_FONTS=base14: no font cut or embedded (pdf_fonts_new) */
    strbuf_t vis, run, plain;
    FriBidiChar *u32, *v32;
    size_t u32_cap;
    long replaced;
    unsigned first_bad;
    /* the advance of each printable ASCII character when the main font draws it in this
     * document (-1: it does not, or not yet known): most strings measured are ASCII */
    int16_t ascii_w[128];
};

/* Counts the openings of the engine's main font, so a document knows cheaply that the
 * font it found open is still the one open. */
static unsigned eng_gen;

/* ---- faces ------------------------------------------------------------------------- */

static void face_close(face_t *fc)
{
    if (fc->ft)
        FT_Done_Face(fc->ft);
    if (fc->hb)
        hb_face_destroy(fc->hb);
    free(fc->file);
    memset(fc, 0, sizeof *fc);
}

void pdf_fonts_engine_free(void)
{
    pdf_font_cuts_forget();
    for (int k = 0; k < eng.n_faces; k++)
        face_close(&eng.faces[k]);
    if (eng.sorted)
        FcFontSetDestroy(eng.sorted);
    if (eng.ft)
        FT_Done_FreeType(eng.ft);
    free(eng.main_file);
    memset(&eng, 0, sizeof eng);
}

static long advance(FT_Face ft, FT_UInt gid)
{
    FT_Fixed adv = 0;
    if (FT_Get_Advance(ft, gid, FT_LOAD_NO_SCALE, &adv) != 0)
        adv = 0;
    /* as libharu rounds it in its Widths and W arrays */
    return (long)((unsigned long)adv * 1000 / ft->units_per_EM);
}

/* Opens file's face index with FreeType; -1 when it cannot be read. */
static int face_open(const char *file, int index)
{
    for (int k = 0; k < eng.n_faces; k++)
        if (eng.faces[k].index == index && strcmp(eng.faces[k].file, file) == 0)
            return k;
    if (eng.n_faces == MAX_FACES)
        return -1;
    if (!eng.ft && FT_Init_FreeType(&eng.ft) != 0)
        return -1;
    face_t *fc = &eng.faces[eng.n_faces];
    if (FT_New_Face(eng.ft, file, index, &fc->ft) != 0 || !fc->ft->units_per_EM) {
        fc->ft = NULL;
        return -1;
    }
    fc->file = xstrdup(file);
    fc->index = index;
    FT_UInt space = FT_Get_Char_Index(fc->ft, ' ');
    fc->has_space = space != 0;
    fc->space_w = (int16_t)advance(fc->ft, space);
    FT_ULong len = 0;
    fc->usable = FT_Load_Sfnt_Table(fc->ft, TTAG_glyf, 0, NULL, &len) == 0 && len > 0;
    return eng.n_faces++;
}

static void fc_sort(void);

/* The main font, opened once per file (NULL: the file fontconfig gives for DejaVu Sans,
 * the head of its sorted list). 0, or -1 when it cannot be read. */
static int main_face(const char *file)
{
    if (eng.main_file ? file && strcmp(eng.main_file, file) == 0 : !file && eng.n_faces)
        return eng.main_ok ? 0 : -1;
    pdf_fonts_engine_free();
    eng_gen++;
    eng.main_file = file ? xstrdup(file) : NULL;
    FcChar8 *found = NULL;
    if (!file) {
        fc_sort();
        if (eng.sorted && eng.sorted->nfont > 0)
            FcPatternGetString(eng.sorted->fonts[0], FC_FILE, 0, &found);
        file = found ? (const char *)found : "";
    }
    eng.main_ok = face_open(file, 0) == 0 && eng.faces[0].usable;
    if (!eng.n_faces) /* remembers that the answer was asked for */
        eng.faces[eng.n_faces++].file = xstrdup("");
    return eng.main_ok ? 0 : -1;
}


/* Whether f's main font is open (main_face, asked once per document while the engine
 * keeps that font open). */
static int ready(pdf_fonts_t *f)
{
    if (f->gen && f->gen == eng_gen)
        return 1;
    if (main_face(f->main_file) != 0)
        return 0;
    f->gen = eng_gen;
    return 1;
}

/* The cut blob loaded into doc as an embedded TrueType font; its name, or NULL with the
 * error in doc. libharu 2.3.0 has no LoadTTFontFromMemory, and HPDF_LoadTTFontFromFile
 * reads the font through stdio, a seek (an lseek call) for every table and glyph it
 * looks at: about 230 system calls a partner PDF, and a file to put the cut in first.
 * So these are the steps of that function (hpdf_doc.c, LoadTTFontFromStream) with a
 * memory stream where it opens the file: the font definition loaded from the stream
 * (which it then owns), registered in the document, and tagged with the document's
 * next subset tag (HPDFAA, HPDFAB ...), as libharu tags each embedded font it loads.
 * The stream is one block a byte longer than the font: libharu's memory stream cannot
 * seek to the end of a stream that fills its blocks exactly (see pdf_font_cut.c). */
static const char *load_cut(HPDF_Doc doc, hb_blob_t *blob)
{
    unsigned n = 0;
    const char *data = blob ? hb_blob_get_data(blob, &n) : NULL;
    if (!data || n == 0 || n >= 0x7FFFFFFF)
        return NULL;
    HPDF_Stream s = HPDF_MemStream_New(doc->mmgr, n + 1);
    if (!s)
        return NULL;
    if (HPDF_Stream_Write(s, (const HPDF_BYTE *)data, n) != HPDF_OK) {
        HPDF_Stream_Free(s);
        return NULL;
    }
    HPDF_FontDef def = HPDF_TTFontDef_Load(doc->mmgr, s, HPDF_TRUE);
    if (!def || HPDF_Doc_RegisterFontDef(doc, def) != HPDF_OK) /* a failed one is freed */
        return NULL;
    HPDF_BYTE *tag = doc->ttfont_tag;
    if (tag[0] == 0)
        memcpy(tag, "HPDFAA", 6);
    else
        for (int i = 5; i >= 0; i--) {
            if (++tag[i] <= 'Z')
                break;
            tag[i] = 'A';
        }
    HPDF_TTFontDef_SetTagName(def, (char *)tag);
    return def->base_font;
}

static void trial_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    (void)e;
    (void)detail;
    *(int *)user = 1;
}

/* Whether libharu loads a cut of fallback face k (some fonts have names or tables it
 * refuses): tried once per face, so a document never fails on a fallback. */
static int trial(int k)
{
    face_t *fc = &eng.faces[k];
    if (fc->usable != 1)
        return fc->usable == 2;
    fc->usable = 0;
    uint64_t space[BMP_WORDS] = {0};
    bit_set(space, ' ');
    hb_blob_t *b = pdf_font_cut(fc, space);
    if (b) {
        int failed = 0;
        HPDF_Doc doc = must(pdf_doc_new(trial_error, &failed));
        HPDF_UseUTFEncodings(doc);
        const char *name = load_cut(doc, b);
        if (name && !failed)
            HPDF_GetFont(doc, name, "UTF-8");
        fc->usable = name && !failed ? 2 : 0;
        HPDF_Free(doc);
    }
    hb_blob_destroy(b);
    return fc->usable == 2;
}

/* ---- which font draws a character ---------------------------------------------------- */

/* fontconfig's fonts for DejaVu Sans, best first (asked once per process). */
static void fc_sort(void)
{
    if (!eng.fc_tried) {
        eng.fc_tried = 1;
        FcPattern *pat = FcInit() ? FcNameParse((const FcChar8 *)"DejaVu Sans") : NULL;
        if (pat) {
            FcResult r;
            FcConfigSubstitute(NULL, pat, FcMatchPattern);
            FcDefaultSubstitute(pat);
            eng.sorted = FcFontSort(NULL, pat, FcTrue, NULL, &r);
            FcPatternDestroy(pat);
        }
    }
}

void pdf_fonts_engine_init(const char *main_font)
{
    (void)main_face(main_font); /* a font that cannot be read is each document's error */
    fc_sort();
}

/* The fallback face for c (not in the main font): the first font of fontconfig's list
 * for the main font's family whose charset has c, with TrueType outlines, that
 * libharu loads. -1: none. */
static int fallback(unsigned c)
{
    fc_sort();
    for (int i = 0; eng.sorted && i < eng.sorted->nfont; i++) {
        FcPattern *fp = eng.sorted->fonts[i];
        FcCharSet *cs;
        FcChar8 *fmt, *file;
        int index = 0;
        if (FcPatternGetCharSet(fp, FC_CHARSET, 0, &cs) != FcResultMatch ||
            !FcCharSetHasChar(cs, c) ||
            FcPatternGetString(fp, FC_FONTFORMAT, 0, &fmt) != FcResultMatch ||
            strcmp((const char *)fmt, "TrueType") != 0 ||
            FcPatternGetString(fp, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(fp, FC_INDEX, 0, &index);
        int k = face_open((const char *)file, index);
        if (k > 0 && eng.faces[k].usable && FT_Get_Char_Index(eng.faces[k].ft, c) && trial(k))
            return k;
    }
    return -1;
}

/* The face that draws c, or -1; its advance in *w. The main font must be open. */
static int face_of(unsigned c, long *w)
{
    if (c > 0xFFFF) /* libharu's UTF-8 encoder stops at the BMP */
        return -1;
    if (!eng.face_of[c]) {
        int k = FT_Get_Char_Index(eng.faces[0].ft, c) ? 0 : fallback(c);
        eng.face_of[c] = k < 0 ? NONE : (uint8_t)(k + 1);
        if (k >= 0)
            eng.width[c] = (int16_t)advance(eng.faces[k].ft, FT_Get_Char_Index(eng.faces[k].ft, c));
    }
    if (eng.face_of[c] == NONE)
        return -1;
    if (w)
        *w = eng.width[c];
    return eng.face_of[c] - 1;
}

const char *pdf_fonts_file_of(const char *main_font, unsigned c)
{
    if (main_face(main_font) != 0)
        return NULL;
    int k = face_of(c, NULL);
    return k < 0 ? NULL : eng.faces[k].file;
}

/* ---- display order ------------------------------------------------------------------- */

static int is_rtl(unsigned c)
{
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || c == 0x200F || c == 0x202B || c == 0x202E ||
           c == 0x2067;
}

/* Marks that only steer the bidi algorithm, and what FriBidi leaves where two Arabic
 * letters became one ligature: drawn as nothing. */
static int is_invisible(unsigned c)
{
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* c as UTF-8 into u (4 bytes at most); returns the length. */
static size_t encode(unsigned c, char *u)
{
    if (c < 0x80) {
        u[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        u[0] = (char)(0xC0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        u[0] = (char)(0xE0 | c >> 12);
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | c >> 18);
    u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* utf8 as it is drawn, left to right: control characters as spaces; a line with
 * right-to-left letters reordered by FriBidi (its direction is that of its first strong
 * letter), Arabic in its joined presentation forms, brackets mirrored. In f->vis. */
static const char *visual(pdf_fonts_t *f, const char *utf8)
{
    size_t n = 0;
    int rtl = 0, ctl = 0;
    for (const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : ""); *s; n++) {
        if (*s < 0x80) {
            ctl |= *s < 0x20 || *s == 0x7F;
            s++;
        } else {
            rtl |= is_rtl(utf8_next(&s));
        }
    }
    if (!rtl && !ctl) /* drawn as it is written: no copy */
        return utf8 ? utf8 : "";
    sb_reset(&f->vis);
    if (!rtl) {
        for (const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : ""); *s;) {
            const unsigned char *start = s;
            unsigned c = utf8_next(&s);
            if (c < 0x20 || c == 0x7F)
                sb_putc(&f->vis, ' ');
            else
                sb_put(&f->vis, (const char *)start, (size_t)(s - start));
        }
        return sb_str(&f->vis);
    }
    if (n > f->u32_cap) {
        f->u32_cap = n;
        f->u32 = xrealloc(f->u32, n * sizeof *f->u32);
        f->v32 = xrealloc(f->v32, n * sizeof *f->v32);
    }
    n = 0;
    for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
        unsigned c = utf8_next(&s);
        f->u32[n++] = c < 0x20 || c == 0x7F ? ' ' : c;
    }
    FriBidiParType dir = FRIBIDI_PAR_ON;
    const FriBidiChar *out = f->v32;
    if (!fribidi_log2vis(f->u32, (FriBidiStrIndex)n, &dir, f->v32, NULL, NULL, NULL))
        out = f->u32; /* out of memory inside FriBidi: logical order */
    for (size_t i = 0; i < n; i++)
        if (!is_invisible(out[i])) {
            char u[4];
            sb_put(&f->vis, u, encode(out[i], u));
        }
    return sb_str(&f->vis);
}

const char *pdf_fonts_visual(pdf_fonts_t *f, const char *utf8) { return visual(f, utf8); }

/* The code point at *s, advancing *s past it (ASCII without a call). */
static unsigned next_char(const unsigned char **s)
{
    return **s < 0x80 ? *(*s)++ : utf8_next(s);
}

/* ---- a document's fonts -------------------------------------------------------------- */

pdf_fonts_t *pdf_fonts_new(const char *main_font)
{
    pdf_fonts_t *f = xcalloc(1, sizeof *f);
    f->main_file = main_font ? xstrdup(main_font) : NULL;
    memset(f->ascii_w, 0xFF, sizeof f->ascii_w); /* -1: not known */
    const char *e = getenv("PSREPORT_PDF_FONTS");
    f->base14 = e && strcmp(e, "base14") == 0;
    pdf_fonts_add(f, base_chars);
    return f;
}

static void note(pdf_fonts_t *f, int k, unsigned c)
{
    if (!f->chars[k]) {
        f->chars[k] = xcalloc(BMP_WORDS, sizeof *f->chars[k]);
        if (eng.faces[k].has_space)
            bit_set(f->chars[k], ' ');
    }
    bit_set(f->chars[k], c);
}

void pdf_fonts_add(pdf_fonts_t *f, const char *utf8)
{
    if (f->base14 || !ready(f))
        return;
    for (const unsigned char *s = (const unsigned char *)visual(f, utf8); *s;) {
        unsigned c = next_char(&s);
        if (c > 0xFFFF || bit_has(f->seen, c)) /* beyond the BMP: no font (face_of) */
            continue;
        bit_set(f->seen, c);
        int k = face_of(c, NULL);
        if (k >= 0)
            note(f, k, c);
    }
}

/* Which code page holds each code point: the first of sb_names that has it. */
static void sb_map_build(HPDF_Doc doc)
{
    if (eng.sb_ready)
        return;
    memset(eng.sb_map, 0, sizeof eng.sb_map);
    for (int e = SB_PAGES - 1; e >= 0; e--) {
        HPDF_Encoder enc = HPDF_GetEncoder(doc, sb_names[e]);
        for (unsigned b = 0x20; enc && b < 0x100; b++) {
            HPDF_UNICODE u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)b);
            if (u > 0x20 && u != 0x7F && (u < 0x80 || u > 0x9F))
                eng.sb_map[u] = (uint16_t)((unsigned)(e + 1) << 8 | b);
        }
    }
    eng.sb_map[' '] = 1u << 8 | ' ';
    /* libharu names these glyphs with names that text extraction (Adobe's glyph list)
     * reads as other characters: Greek Delta, Omega and mu as the increment, ohm and
     * micro signs, Romanian T with comma as T with cedilla. They need the Type0 font. */
    static const unsigned ambiguous[] = {0x0394, 0x03A9, 0x03BC, 0x021A, 0x021B};
    for (size_t i = 0; i < sizeof ambiguous / sizeof *ambiguous; i++)
        eng.sb_map[ambiguous[i]] = 0;
    eng.sb_ready = 1;
}

/* The text of a Type0 font as its codes: UTF-8 to UCS-2, big-endian, what libharu
 * 2.3.0's UTF-8 encoder does, but in memory from xmalloc (libharu frees it with free):
 * libharu's own takes its buffer with a malloc it never checks and writes through NULL
 * when that fails (tests/faults/oom.sh). A run holds only characters of the BMP
 * (glyph, encode); anything beyond is a space, as libharu makes it. */
static char *utf8_to_codes(HPDF_Encoder e, const char *text, HPDF_UINT len, HPDF_UINT *length)
{
    (void)e;
    char *out = xmalloc((size_t)len * 2 + 2), *o = out;
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end && *s) {
        unsigned c = utf8_next(&s);
        if (c > 0xFFFF)
            c = ' ';
        *o++ = (char)(c >> 8);
        *o++ = (char)(c & 0xFF);
    }
    *length = (HPDF_UINT)(o - out);
    return out;
}

HPDF_Encoder pdf_fonts_utf8(pdf_fonts_t *f)
{
    HPDF_Encoder utf8 = HPDF_GetEncoder(f->doc, "UTF-8");
    if (utf8) /* its conversion, with memory that is checked (utf8_to_codes) */
        utf8->encode_text_fn = utf8_to_codes;
    return utf8;
}

int pdf_fonts_load(pdf_fonts_t *f, HPDF_Doc doc, char *err, size_t errlen)
{
    if (!ready(f)) {
        snprintf(err, errlen, "cannot read the font %.300s",
                 f->main_file ? f->main_file : "DejaVu Sans (fontconfig)");
        return -1;
    }
    f->doc = doc;
    HPDF_UseUTFEncodings(doc); /* registered only: pdf_fonts_utf8 makes it */
    sb_map_build(doc);
    /* each simple font writes a Widths array of 224 numbers (about 0.9 KB): from three
     * code pages on, the Type0 font (W array, CIDToGIDMap, ToUnicode: about 1.5 KB) takes
     * every character but those of WinAnsi (glyph), which stay in their simple font: one
     * byte a character instead of two for ASCII, most of any report's text (a quarter
     * less content stream to deflate; 2.1 KB less a PDF of mixed scripts) */
    unsigned pages = 0;
    for (unsigned w = 0; f->chars[0] && w < BMP_WORDS; w++)
        for (uint64_t b = f->chars[0][w]; b; b &= b - 1) {
            unsigned c = w * 64 + (unsigned)__builtin_ctzll(b);
            if (eng.sb_map[c])
                pages |= 1u << (eng.sb_map[c] >> 8);
        }
    f->code_pages = f->base14 || __builtin_popcount(pages) <= 2;
    for (unsigned c = 0x20; c < 0x7F; c++) { /* the sums of pdf_fonts_width */
        long w = 0;
        int main = !f->base14 && f->chars[0] && face_of(c, &w) == 0 && bit_has(f->chars[0], c);
        if (c == ' ') /* a space joins the run it is in: the main font's space (glyph) */
            main = main && eng.faces[0].has_space && eng.faces[0].space_w == w;
        f->ascii_w[c] = main && w >= 0 && w < INT16_MAX ? (int16_t)w : -1;
    }
    if (f->base14)
        f->sbf[0] = HPDF_GetFont(doc, "Helvetica", "WinAnsiEncoding");
    return 0;
}

/* Cuts face k to the document's characters and loads the cut into the document: at the
 * first text drawn in it, so a font that the document's text might need but that it
 * never draws is never loaded, and the fonts are loaded (and so named HPDFAA+, HPDFAB+
 * ...) in the order the document first draws them, whatever other documents the process
 * made before. A cut that cannot be made is an error of the document (doc's handler). */
static const char *load_face(pdf_fonts_t *f, int k)
{
    if (f->name[k])
        return f->name[k];
    hb_blob_t *b = pdf_font_cut_kept(&eng.faces[k], f->chars[k]);
    f->name[k] = b ? load_cut(f->doc, b) : NULL;
    hb_blob_destroy(b);
    if (!f->name[k]) /* libharu's error, else the cut's */
        HPDF_RaiseError(&f->doc->error,
                        HPDF_GetError(f->doc) ? HPDF_GetError(f->doc) : HPDF_TTF_CANNOT_EMBEDDING_FONT, 0);
    return f->name[k];
}

/* ---- Type0 fonts ------------------------------------------------------------------- */


/* libharu 2.3.0 gives a Type0 font with UTF-8 a CIDToGIDMap of all 65,536 codes (128 KB
 * that every document deflated again: a third of the zlib time of a partner PDF) and, as
 * its ToUnicode, a copy of its encoding CMap (cidrange operators, which poppler rejects
 * with "Invalid 'begincidrange' operator in ToUnicode CMap"). Both streams are written
 * again here, through the structures libharu's installed headers declare (hpdf_font.h,
 * hpdf_streams.h): the map up to the highest code this document draws in the font (the
 * codes past the end of a CIDToGIDMap are never used), and a ToUnicode CMap of
 * bfranges, code = character, one for each 256 codes in use. */
static int stream_copy(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT n)
{
    HPDF_UINT got = n;
    return HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) == HPDF_OK &&
           HPDF_Stream_Read(s, buf, &got) == HPDF_OK && got == n;
}

static void type0_streams(pdf_fonts_t *f, int k, HPDF_Font font)
{
    const uint64_t *chars = f->drawn[k];
    if (!font || !chars)
        return;
    unsigned top = 0; /* the highest code drawn in the font */
    for (unsigned w = BMP_WORDS; w-- > 0;)
        if (chars[w]) {
            top = w * 64 + 63 - (unsigned)__builtin_clzll(chars[w]);
            break;
        }
    HPDF_FontAttr a = (HPDF_FontAttr)font->attr; /* the Type0 font keeps both streams */
    if (a->map_stream && a->map_stream->stream->size > (top + 1) * 2) {
        HPDF_Stream map = a->map_stream->stream;
        HPDF_UINT n = (top + 1) * 2;
        HPDF_BYTE *keep = xmalloc(n);
        if (stream_copy(map, keep, n)) {
            HPDF_MemStream_FreeData(map);
            HPDF_Stream_Write(map, keep, n);
        }
        free(keep);
    }
    if (!a->cmap_stream)
        return;
    strbuf_t r = {0}; /* the bfranges */
    unsigned n = 0;
    for (unsigned hi = 0; hi <= top >> 8; hi++)
        if (hi < 0xD8 || hi > 0xDF) /* no surrogates */
            for (unsigned w = hi * 4; w < hi * 4 + 4; w++)
                if (chars[w]) {
                    if (n % 100 == 0) /* at most 100 to a block */
                        sb_printf(&r, "%sbeginbfrange\n", n ? "endbfrange\n" : "");
                    sb_printf(&r, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
                    n++;
                    break;
                }
    HPDF_Stream cm = a->cmap_stream->stream;
    HPDF_MemStream_FreeData(cm);
    HPDF_Stream_WriteStr(cm, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                             "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                             "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    HPDF_Stream_Write(cm, (const HPDF_BYTE *)sb_str(&r), (HPDF_UINT)r.len);
    HPDF_Stream_WriteStr(cm, "endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
                             "end\nend\n");
    sb_free(&r);
    /* the keys of an encoding CMap (libharu's CreateCMap), not of a ToUnicode one; a key
     * not there is left alone (RemoveElement only returns a status) */
    static const char *const extra[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        HPDF_Dict_RemoveElement(a->cmap_stream, extra[i]);
}

/* The W array of face k's Type0 font cut to the codes drawn through it. libharu lists
 * every character of the cut, as groups `c [w1 w2 ...]` in ascending order, though the
 * font draws only what the code pages cannot (a DejaVu Type0 font beside WinAnsi: 0.6 KB
 * of widths, uncompressed, for one or two characters). A code left out has the default
 * width DW, as before; a W of another shape is left alone. */
static void type0_widths(pdf_fonts_t *f, int k, HPDF_Font font)
{
    HPDF_FontAttr a = (HPDF_FontAttr)font->attr;
    HPDF_Array w = a->descendant_font ? HPDF_Dict_GetItem(a->descendant_font, "W", HPDF_OCLASS_ARRAY)
                                      : NULL;
    if (!w || !f->drawn[k])
        return;
    HPDF_UINT n = HPDF_Array_Items(w), total = 0;
    for (HPDF_UINT i = 0; i + 1 < n; i += 2) {
        HPDF_Obj_Header *c = HPDF_List_ItemAt(w->list, i), *ws = HPDF_List_ItemAt(w->list, i + 1);
        if (!c || !ws || (c->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_NUMBER ||
            (ws->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_ARRAY)
            return;
        total += HPDF_Array_Items((HPDF_Array)ws);
    }
    if (n % 2)
        return;
    int32_t(*keep)[2] = xmalloc((total + 1) * sizeof *keep); /* code, width */
    HPDF_UINT kept = 0;
    for (HPDF_UINT i = 0; i < n; i += 2) {
        HPDF_Number c = HPDF_List_ItemAt(w->list, i);
        HPDF_Array ws = HPDF_List_ItemAt(w->list, i + 1);
        for (HPDF_UINT j = 0; j < HPDF_Array_Items(ws); j++) {
            HPDF_Obj_Header *v = HPDF_List_ItemAt(ws->list, j);
            int32_t code = c->value + (int32_t)j;
            if (v && (v->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_NUMBER && code >= 0 &&
                code < 65536 && bit_has(f->drawn[k], (unsigned)code)) {
                keep[kept][0] = code;
                keep[kept++][1] = ((HPDF_Number)v)->value;
            }
        }
    }
    HPDF_Array_Clear(w);
    HPDF_Array group = NULL;
    for (HPDF_UINT i = 0; i < kept; i++) {
        if (!group || keep[i][0] != keep[i - 1][0] + 1) {
            HPDF_Array_AddNumber(w, keep[i][0]);
            group = HPDF_Array_New(w->mmgr);
            HPDF_Array_Add(w, group);
        }
        HPDF_Array_AddNumber(group, keep[i][1]);
    }
    free(keep);
}

void pdf_fonts_finish(pdf_fonts_t *f)
{
    for (int k = 0; k < MAX_FACES; k++)
        if (f->type0[k]) {
            type0_streams(f, k, f->type0[k]);
            type0_widths(f, k, f->type0[k]);
        }
}

/* ---- runs ---------------------------------------------------------------------------- */

/* One character as drawn: its run (the face, and for the main font the code page), its
 * bytes for libharu and its advance. */
typedef struct {
    int run; /* k: Type0 font of face k; 100 + page: the main cut in code page `page` */
    char bytes[4];
    size_t len;
    long w;
} glyph_t;

/* c as drawn in the run `cur` (-1: none yet); count: a missing character is counted. */
static void glyph(pdf_fonts_t *f, unsigned c, int cur, int count, glyph_t *g)
{
    if (f->base14) { /* measuring only: Helvetica, '?' for what WinAnsi lacks */
        long w = 0;
        face_of(c, &w);
        unsigned v = c < 65536 ? eng.sb_map[c] : 0;
        g->run = 100;
        g->bytes[0] = v >> 8 == 1 ? (char)(v & 0xFF) : '?';
        g->len = 1;
        g->w = w;
        return;
    }
    int cur_face = cur < 0 ? -1 : cur >= 100 ? 0 : cur;
    if (c == ' ' && cur_face >= 0 && eng.faces[cur_face].has_space) { /* joins its run */
        g->run = cur;
        g->bytes[0] = ' ';
        g->len = 1;
        g->w = eng.faces[cur_face].space_w;
        return;
    }
    long w = 0;
    int k = face_of(c, &w);
    if (k < 0 || !bit_has(f->chars[k], c)) {
        if (count && !f->replaced++)
            f->first_bad = c;
        c = '?';
        k = face_of(c, &w);
    }
    if (k == 0 && eng.sb_map[c] && (f->code_pages || eng.sb_map[c] >> 8 == 1)) {
        unsigned v = eng.sb_map[c] - (1u << 8);
        g->run = 100 + (int)(v >> 8);
        g->bytes[0] = (char)(v & 0xFF);
        g->len = 1;
    } else {
        g->len = encode(c, g->bytes);
        g->run = k;
    }
    g->w = w;
}

double pdf_fonts_width(pdf_fonts_t *f, const char *utf8, double size)
{
    long w = 0;
    if (utf8 && f->doc && !f->base14) { /* printable ASCII, all in the main font: a sum */
        const unsigned char *s = (const unsigned char *)utf8;
        for (; *s >= 0x20 && *s < 0x7F && f->ascii_w[*s] >= 0; s++)
            w += f->ascii_w[*s];
        if (!*s)
            return (double)w * size / 1000.0;
        w = 0;
    }
    int run = -1;
    glyph_t g;
    for (const unsigned char *s = (const unsigned char *)visual(f, utf8); *s;) {
        glyph(f, next_char(&s), run, 0, &g);
        run = g.run;
        w += g.w;
    }
    return (double)w * size / 1000.0;
}

/* Tells libharu once per document and font that code c (its bytes in the run's
 * encoding) is drawn: its width goes into the font's Widths, and its glyph is embedded
 * (libharu keeps a glyph only when a width was asked for it: hpdf_font_tt.c CharWidth,
 * hpdf_fontdef_tt.c HPDF_TTFontDef_GetCharWidth). */
static void mark(HPDF_Font font, uint64_t **seen, unsigned c, const char *bytes, int len)
{
    if (!*seen)
        *seen = xcalloc(BMP_WORDS, sizeof **seen);
    if (bit_has(*seen, c))
        return;
    bit_set(*seen, c);
    HPDF_Font_TextWidth(font, (const HPDF_BYTE *)bytes, (HPDF_UINT)len);
}

/* One byte of a literal string at buf + n, escaped as it must be; the new length. */
static size_t put_code(char *buf, size_t n, unsigned char c)
{
    if (c == '(' || c == ')' || c == '\\')
        buf[n++] = '\\';
    if (c == '\r') { /* a reader would take a raw CR for a line end: LF */
        buf[n++] = '\\';
        c = 'r';
    }
    buf[n++] = (char)c;
    return n;
}

/* Appends "(codes) Tj" for the run to the page's content stream: a literal string, one
 * byte a code for a simple font (the run holds its codes), two (big-endian) for a Type0
 * font (the run is UTF-8 of the BMP: glyph), with only what a literal string must escape
 * escaped; each code is told to libharu once (mark). libharu's HPDF_Page_ShowText
 * measured every string again and wrote Type0 codes as hex, four characters a code. */
static void show(HPDF_Page page, HPDF_Font font, uint64_t **seen, const char *run, int type0)
{
    HPDF_Stream st = ((HPDF_PageAttr)page->attr)->stream;
    char buf[512];
    size_t n = 0;
    buf[n++] = '(';
    for (const unsigned char *s = (const unsigned char *)run; *s;) {
        const unsigned char *at = s;
        unsigned c = type0 ? next_char(&s) : *s++;
        mark(font, seen, c, (const char *)at, (int)(s - at));
        if (n > sizeof buf - 8) {
            HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
            n = 0;
        }
        if (type0)
            n = put_code(buf, n, (unsigned char)(c >> 8));
        n = put_code(buf, n, (unsigned char)(c & 0xFF));
    }
    memcpy(buf + n, ") Tj\n", 5);
    HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)n + 5);
}

/* Shows the run collected in f->run, and empties it. */
static void flush(pdf_fonts_t *f, HPDF_Page page, int run, double size)
{
    if (!f->run.len || run < 0)
        return;
    HPDF_Font font;
    uint64_t **seen;
    if (f->base14) {
        font = f->sbf[0];
        seen = &f->sb_seen[0];
    } else if (!load_face(f, run >= 100 ? 0 : run)) {
        return;
    } else if (run >= 100) {
        if (!f->sbf[run - 100])
            f->sbf[run - 100] = HPDF_GetFont(f->doc, f->name[0], sb_names[run - 100]);
        font = f->sbf[run - 100];
        seen = &f->sb_seen[run - 100];
    } else {
        if (!f->type0[run] && pdf_fonts_utf8(f))
            f->type0[run] = HPDF_GetFont(f->doc, f->name[run], "UTF-8");
        font = f->type0[run];
        seen = &f->drawn[run];
    }
    /* the font is part of the graphics state: set it only when it changes */
    if (HPDF_Page_GetCurrentFont(page) != font ||
        HPDF_Page_GetCurrentFontSize(page) != (HPDF_REAL)size)
        HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
    show(page, font, seen, sb_str(&f->run), run < 100 && !f->base14);
    sb_reset(&f->run);
}

void pdf_fonts_show(pdf_fonts_t *f, HPDF_Page page, double x, double y, double size,
                    const char *utf8)
{
    if (!utf8 || !*utf8)
        return;
    /* on a grid of 1/4 pt (exact in binary: short numbers in the content stream, a third
     * of its compressed size less); in the open text object, moved from the last text
     * (pdf_ops.h) */
    HPDF_REAL gx = pdf_grid(x, 4), gy = pdf_grid(y, 4);
    if (HPDF_Page_GetGMode(page) == HPDF_GMODE_TEXT_OBJECT) {
        HPDF_TransMatrix m = HPDF_Page_GetTextMatrix(page);
        pdf_move_text(page, gx - m.x, gy - m.y);
    } else {
        HPDF_Page_BeginText(page);
        pdf_move_text(page, gx, gy);
    }
    sb_reset(&f->run);
    int run = -1;
    glyph_t g;
    for (const unsigned char *s = (const unsigned char *)visual(f, utf8); *s;) {
        glyph(f, next_char(&s), run, 1, &g);
        if (g.run != run)
            flush(f, page, run, size);
        run = g.run;
        sb_put(&f->run, g.bytes, g.len);
    }
    flush(f, page, run, size);
}

const char *pdf_fonts_plain(pdf_fonts_t *f, const char *utf8)
{
    sb_reset(&f->plain);
    for (const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : ""); *s;) {
        const unsigned char *start = s;
        unsigned c = utf8_next(&s);
        if (c < 0x20 || c == 0x7F)
            sb_putc(&f->plain, ' ');
        else if (c > 0xFFFF) /* libharu's UTF-8 encoder stops at the BMP */
            sb_putc(&f->plain, '?');
        else
            sb_put(&f->plain, (const char *)start, (size_t)(s - start));
    }
    return sb_str(&f->plain);
}

long pdf_fonts_replaced(const pdf_fonts_t *f, unsigned *first)
{
    if (first)
        *first = f->first_bad;
    return f->replaced;
}

void pdf_fonts_free(pdf_fonts_t *f)
{
    if (!f)
        return;
    for (int k = 0; k < MAX_FACES; k++) {
        free(f->chars[k]);
        free(f->drawn[k]);
    }
    for (int k = 0; k < SB_PAGES; k++)
        free(f->sb_seen[k]);
    sb_free(&f->vis);
    sb_free(&f->run);
    sb_free(&f->plain);
    free(f->u32);
    free(f->v32);
    free(f->main_file);
    free(f);
}
