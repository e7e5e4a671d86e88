/* test_pdf_font.c - the font engine: which installed font draws each script (measured
 * in the fonts' cmaps, not assumed), display order of right-to-left text, widths, and a
 * document whose fonts are cut, embedded and subset. */
#include "pdf_font.h"

#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - pdf_font: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int from_dejavu(unsigned c)
{
    const char *f = pdf_fonts_file_of(DEJAVU, c);
    return f && strcmp(f, DEJAVU) == 0;
}

static int from_fallback(unsigned c)
{
    const char *f = pdf_fonts_file_of(DEJAVU, c);
    if (f)
        printf("# U+%04X from %s\n", c, f);
    return f && strcmp(f, DEJAVU) != 0;
}

static jmp_buf jb;
static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    printf("# libharu error 0x%04X (%u)\n", (unsigned)e, (unsigned)d);
    longjmp(jb, 1);
}

int main(void)
{
    /* coverage */
    check(from_dejavu('A') && from_dejavu(0x0141) && from_dejavu(0x03A9) && from_dejavu(0x0416),
          "Latin, Latin Extended, Greek, Cyrillic: DejaVu Sans");
    check(from_dejavu(0x1EC7) && from_dejavu(0x01B0), "Vietnamese (U+1EC7, U+01B0): DejaVu Sans");
    check(from_dejavu(0x05D0) && from_dejavu(0x05F4), "Hebrew letters and gershayim: DejaVu Sans");
    check(from_dejavu(0xFE8D) && from_dejavu(0xFEDF) && from_dejavu(0xFEFB),
          "Arabic presentation forms (isolated alef, initial lam, lam-alef): DejaVu Sans");
    check(from_fallback(0x6771) && from_fallback(0x30C7) && from_fallback(0x4EAC),
          "Han and Katakana: a fallback font");
    check(from_fallback(0xC11C), "Hangul: a fallback font");
    check(from_fallback(0x0E01) && from_fallback(0x0E48), "Thai letter and tone mark: a fallback font");
    check(from_fallback(0x0915), "Devanagari: a fallback font");
    check(pdf_fonts_file_of(DEJAVU, 0x1F600) == NULL, "beyond the BMP: no font (libharu stops there)");
    check(pdf_fonts_file_of(DEJAVU, 0x0378) == NULL, "an unassigned code point: no font");
    check(pdf_fonts_file_of("/nonexistent/DejaVuSans.ttf", 'A') == NULL, "a missing main font: none");

    /* display order */
    pdf_fonts_t *f = pdf_fonts_new(DEJAVU);
    check(strcmp(pdf_fonts_visual(f, "abc"), "abc") == 0, "left-to-right text stays as it is");
    check(strcmp(pdf_fonts_visual(f, "a\tb\n"), "a b ") == 0, "control characters become spaces");
    /* "shalom" in Hebrew letters: shin lamed vav final-mem, drawn right to left */
    check(strcmp(pdf_fonts_visual(f, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"),
                 "\xD7\x9D\xD7\x95\xD7\x9C\xD7\xA9") == 0,
          "Hebrew is reversed for drawing left to right");
    check(strcmp(pdf_fonts_visual(f, "ID 12 \xD7\x90\xD7\x91 (x)"),
                 "ID 12 \xD7\x91\xD7\x90 (x)") == 0,
          "a Hebrew word inside a left-to-right line: only it is reversed");
    /* Arabic "bab" (beh alef beh): final beh, isolated... joined forms, reversed */
    const char *v = pdf_fonts_visual(f, "\xD8\xA8\xD8\xA7\xD8\xA8");
    check(strcmp(v, "\xEF\xBA\x8F\xEF\xBA\x8E\xEF\xBA\x91") == 0,
          "Arabic: presentation forms (initial beh, final alef, isolated beh), right to left");
    /* lam + alef become one ligature, no placeholder left */
    v = pdf_fonts_visual(f, "\xD9\x84\xD8\xA7");
    check(strcmp(v, "\xEF\xBB\xBB") == 0, "Arabic lam-alef: one ligature glyph");

    /* a document */
    static const char *names[] = {
        "Contoso Consulting S.r.l.", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC",
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF", /* 東京データ */
        "\xEC\x84\x9C\xEC\x9A\xB8",                                     /* 서울 */
        "\xE0\xB8\x81\xE0\xB8\xA3\xE0\xB8\xB8\xE0\xB8\x87\xE0\xB9\x80\xE0\xB8\x97\xE0\xB8\x9E", /* กรุงเทพ */
        "\xD8\xB4\xD8\xB1\xD9\x83\xD8\xA9", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "H\xC3\xA0 N\xE1\xBB\x99i",
    };
    size_t n = sizeof names / sizeof *names;
    for (size_t i = 0; i < n; i++)
        pdf_fonts_add(f, names[i]);
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    int ok = 0;
    char err[256] = "";
    if (doc && !setjmp(jb)) {
        HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
        if (pdf_fonts_load(f, doc, err, sizeof err) == 0) {
            HPDF_Page page = HPDF_AddPage(doc);
            double y = 800;
            int widths = 1;
            for (size_t i = 0; i < n; i++, y -= 30) {
                double w = pdf_fonts_width(f, names[i], 12);
                widths &= w > 10 && w < 400;
                HPDF_Page_BeginText(page);
                pdf_fonts_show(f, page, 40, y, 12, names[i]);
                HPDF_Page_EndText(page);
            }
            check(widths, "every name has a width");
            check(pdf_fonts_width(f, "ab", 10) == pdf_fonts_width(f, "a", 10) + pdf_fonts_width(f, "b", 10),
                  "widths add up (no kerning)");
            check(pdf_fonts_width(f, "\xE6\x9D\xB1", 10) > pdf_fonts_width(f, "i", 10),
                  "a Han character is wider than i");
            ok = HPDF_SaveToStream(doc) == HPDF_OK;
            check(ok && HPDF_GetStreamSize(doc) < 40000,
                  "eight scripts in one PDF: fonts cut, under 40 KB");
        } else {
            printf("# %s\n", err);
        }
    }
    check(ok, "the document is made");
    unsigned first = 0;
    check(pdf_fonts_replaced(f, &first) == 0, "no character replaced");
    HPDF_Page page2 = ok ? HPDF_AddPage(doc) : NULL;
    if (page2 && !setjmp(jb)) {
        HPDF_Page_BeginText(page2);
        pdf_fonts_show(f, page2, 40, 700, 12, "o\xF0\x9F\x98\x80n\xE4\xB8\x80"); /* emoji, a Han not added */
        HPDF_Page_EndText(page2);
        long r = pdf_fonts_replaced(f, &first);
        printf("# replaced %ld, first U+%04X\n", r, first);
        check(r == 2 && first == 0x1F600,
              "characters without a glyph in the cut are drawn as '?' and counted");
    }
    pdf_fonts_free(f);
    if (doc)
        HPDF_Free(doc);

    f = pdf_fonts_new("/nonexistent/DejaVuSans.ttf");
    doc = HPDF_New(on_error, NULL);
    check(pdf_fonts_load(f, doc, err, sizeof err) == -1 && strstr(err, "cannot read the font"),
          "a missing main font is an error that names it");
    pdf_fonts_free(f);
    HPDF_Free(doc);
    pdf_fonts_engine_free();
    return failed;
}
