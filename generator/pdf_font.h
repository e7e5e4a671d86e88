/* pdf_font.h - the fonts of one PDF: which installed font draws each character, each
 * font cut at run time to the characters the document uses and embedded by libharu.
 *
 * The main font (DejaVu Sans) draws what it has; fontconfig names, for each character it
 * lacks, the installed TrueType font that has it (CJK, Thai, Indic ...). HarfBuzz cuts
 * every font used to the document's characters; libharu embeds the cut. Right-to-left
 * text (Hebrew, Arabic) is put in display order by FriBidi, Arabic in its joined forms.
 * Characters no installed font has are drawn as '?' and counted.
 *
 * Use: pdf_fonts_new, pdf_fonts_add for all the text the document may draw, then
 * pdf_fonts_load with the document's HPDF_Doc, then width/show; pdf_fonts_free. What
 * every document shares (faces, fontconfig's answers, coverage and widths per
 * character) is kept per process until pdf_fonts_engine_free.
 */
#ifndef PSREPORT_PDF_FONT_H
#define PSREPORT_PDF_FONT_H

#include <hpdf.h>
#include <stddef.h>

typedef struct pdf_fonts pdf_fonts_t;

/* A document's fonts, main_font (a TrueType file; NULL: DejaVu Sans as fontconfig
 * finds it) first. Never NULL; freed by pdf_fonts_free. */
pdf_fonts_t *pdf_fonts_new(const char *main_font);

/* Notes the characters of utf8 as the document will draw them (NULL is ""). Only
 * before pdf_fonts_load. */
void pdf_fonts_add(pdf_fonts_t *f, const char *utf8);

/* Makes doc, a document made for this one PDF, the one the fonts are drawn into.
 * Each font is cut to the characters noted for it and loaded into doc when the document
 * first draws with it (never, when it does not), so the fonts' names follow the order
 * the document draws them in. Returns 0, or -1 with a message in err (the main font
 * cannot be read). libharu's errors, and a cut that cannot be made, go to doc's error
 * handler. */
int pdf_fonts_load(pdf_fonts_t *f, HPDF_Doc doc, char *err, size_t errlen);
/* The loaded document's UTF-8 encoder (for its Type0 fonts, and metadata and outline
 * entries beyond ASCII), made at its first use: its tables were 1 % of a partner
 * report's CPU, and most partner PDFs need none. */
HPDF_Encoder pdf_fonts_utf8(pdf_fonts_t *f);

/* The width of utf8 set at size points. */
double pdf_fonts_width(pdf_fonts_t *f, const char *utf8, double size);

/* Draws utf8 with its baseline starting at (x, y) on page, inside a text object
 * (the caller's HPDF_Page_BeginText/EndText), one run per font. */
void pdf_fonts_show(pdf_fonts_t *f, HPDF_Page page, double x, double y, double size,
                    const char *utf8);

/* Before the document is saved: each Type0 font's widths, CIDToGIDMap and ToUnicode
 * cut to the characters drawn through it. */
void pdf_fonts_finish(pdf_fonts_t *f);

/* utf8 in the order and forms it is drawn in, left to right (FriBidi: right-to-left
 * runs reversed, Arabic joined, brackets mirrored; control characters as spaces);
 * valid until the next call on f. */
const char *pdf_fonts_visual(pdf_fonts_t *f, const char *utf8);

/* utf8 for the document's metadata and outline (UTF-8, control characters as spaces);
 * valid until the next call on f. */
const char *pdf_fonts_plain(pdf_fonts_t *f, const char *utf8);

/* How many characters were drawn as '?' because no installed font has them; *first
 * (may be NULL) gets the first of them. */
long pdf_fonts_replaced(const pdf_fonts_t *f, unsigned *first);

/* The file of the font that draws c (NULL: none; '?' is drawn instead), main_font as
 * in pdf_fonts_new. For tests. */
const char *pdf_fonts_file_of(const char *main_font, unsigned c);

void pdf_fonts_free(pdf_fonts_t *f);

/* Frees what every document of the process shares. */
void pdf_fonts_engine_free(void);
/* Opens the main font (main_font, or DejaVu Sans through fontconfig when NULL) and asks
 * fontconfig for its fallbacks, as the first document would. */
void pdf_fonts_engine_init(const char *main_font);

#endif
