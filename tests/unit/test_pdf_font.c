/* test_pdf_font.c - the font engine: which installed font draws each script (measured
 * in the fonts' cmaps, not assumed), display order of right-to-left text, widths, and a
 * document whose fonts are cut, embedded and subset. */
#define _GNU_SOURCE /* memfd_create, memmem, setenv */
#include "pdf_font.h"

#include <errno.h>
#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* memfd_create, failing and counted: the engine once wrote its cuts to an anonymous
 * file (or $TMPDIR) for libharu to open; they now reach libharu in memory, and nothing
 * may call it. The executable's definition is the one the objects link to. */
static int memfd_calls;

int memfd_create(const char *name, unsigned flags)
{
    (void)name;
    (void)flags;
    memfd_calls++;
    errno = ENOSYS;
    return -1;
}

static jmp_buf jb;
static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    printf("# libharu error 0x%04X (%u)\n", (unsigned)e, (unsigned)d);
    longjmp(jb, 1);
}


/* The bytes of a one-page PDF drawing text with a new document of main font `font`, or
 * NULL when libharu refused it (its error printed); *len its size, *replaced the
 * characters drawn as '?'. */
static unsigned char *one_pdf(const char *font, const char *text, size_t *len, long *replaced)
{
    pdf_fonts_t *f = pdf_fonts_new(font);
    pdf_fonts_add(f, text);
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    unsigned char *out = NULL;
    char err[256] = "";
    *len = 0;
    if (!setjmp(jb)) {
        HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
        if (pdf_fonts_load(f, doc, err, sizeof err) == 0) {
            HPDF_Page page = HPDF_AddPage(doc);
            HPDF_Page_BeginText(page);
            pdf_fonts_show(f, page, 40, 700, 12, text);
            HPDF_Page_EndText(page);
            if (HPDF_SaveToStream(doc) == HPDF_OK) {
                HPDF_UINT32 n = HPDF_GetStreamSize(doc);
                out = malloc(n);
                if (out && HPDF_ReadFromStream(doc, out, &n) == HPDF_OK)
                    *len = n;
            }
        } else {
            printf("# %s\n", err);
        }
    }
    if (replaced)
        *replaced = pdf_fonts_replaced(f, NULL);
    pdf_fonts_free(f);
    HPDF_Free(doc);
    return out;
}

static int has(const unsigned char *b, size_t n, const char *s)
{
    return b && memmem(b, n, s, strlen(s)) != NULL;
}

/* Display order and plain text beyond the common cases: every kind of right-to-left
 * mark, invisible marks, control characters inside right-to-left text, characters
 * beyond the BMP. */
static void test_text_forms(void)
{
    pdf_fonts_t *f = pdf_fonts_new(DEJAVU);
    check(strcmp(pdf_fonts_visual(f, NULL), "") == 0, "visual: NULL is the empty string");
    check(strcmp(pdf_fonts_visual(f, "a\x7F" "b"), "a b") == 0, "visual: DEL becomes a space");
    /* alef bet with a tab and a DEL inside: spaces, and reversed */
    check(strcmp(pdf_fonts_visual(f, "\xD7\x90\t\xD7\x91\x7F"), " \xD7\x91 \xD7\x90") == 0,
          "visual: control characters inside right-to-left text become spaces, reversed with it");
    /* RLO ... PDF: the Latin letters between are drawn right to left, the marks vanish */
    check(strcmp(pdf_fonts_visual(f, "\xE2\x80\xAE" "abc" "\xE2\x80\xAC"), "cba") == 0,
          "visual: right-to-left override (U+202E) reverses Latin letters; the marks are not drawn");
    /* Latin letters inside an embedding or an isolate stay left to right (level 2);
     * the embedding orders its words right to left */
    check(strcmp(pdf_fonts_visual(f, "\xE2\x80\xAB" "\xD7\x90 ab" "\xE2\x80\xAC"), "ab \xD7\x90") == 0,
          "visual: right-to-left embedding (U+202B): its words right to left; the marks are not drawn");
    check(strcmp(pdf_fonts_visual(f, "ab\xE2\x80\x8F"), "ab") == 0,
          "visual: a right-to-left mark (U+200F) alone is not drawn, the letters stay");
    check(strcmp(pdf_fonts_visual(f, "x \xE2\x81\xA7" "\xD7\x90 ab" "\xE2\x81\xA9 y"),
                 "x ab \xD7\x90 y") == 0,
          "visual: right-to-left isolate (U+2067 ... U+2069) in a Latin line: only it is reordered");
    /* zero width space, LRI, BOM inside Hebrew: not drawn */
    check(strcmp(pdf_fonts_visual(f, "\xD7\x90\xE2\x80\x8B\xD7\x91\xE2\x81\xA6\xEF\xBB\xBF"),
                 "\xD7\x91\xD7\x90") == 0,
          "visual: zero width space, LRI and BOM in Hebrew text are not drawn");
    /* Hebrew presentation form (shin with shin dot, U+FB2A) and Arabic presentation
     * forms A (U+FDF2) and B (U+FEFB): right to left */
    check(strcmp(pdf_fonts_visual(f, "\xEF\xAC\xAA" "\xD7\x90"), "\xD7\x90\xEF\xAC\xAA") == 0,
          "visual: Hebrew presentation forms (U+FB2A) are right-to-left");
    check(strcmp(pdf_fonts_visual(f, "\xEF\xB7\xB2 \xEF\xBB\xBB"), "\xEF\xBB\xBB \xEF\xB7\xB2") == 0,
          "visual: Arabic presentation forms A (U+FDF2) and B (U+FEFB) are right-to-left");
    /* an emoji in right-to-left text keeps its four bytes */
    check(strcmp(pdf_fonts_visual(f, "\xD7\x90 \xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80 \xD7\x90") == 0,
          "visual: a character beyond the BMP in right-to-left text keeps its 4 bytes");
    check(strcmp(pdf_fonts_plain(f, "a\tb\x7F" "c\xF0\x9F\x98\x80" "d\xC3\xA9"), "a b c?d\xC3\xA9") == 0,
          "plain: control characters and DEL as spaces, beyond the BMP as '?', the rest kept");
    check(strcmp(pdf_fonts_plain(f, NULL), "") == 0, "plain: NULL is the empty string");
    check(pdf_fonts_replaced(f, NULL) == 0, "replaced: no first character asked for");
    /* widths before the document: a character not noted is measured as the '?' drawn
     * for it; once noted, as itself, the same as after the document is given */
    double unnoted = pdf_fonts_width(f, "Planning 2021", 10);
    check(pdf_fonts_width(f, NULL, 10) == 0, "width of NULL: 0");
    pdf_fonts_add(f, "Planning 2021");
    double before = pdf_fonts_width(f, "Planning 2021", 10);
    printf("# widths: not noted %.3f, noted %.3f\n", unnoted, before);
    check(unnoted != before && unnoted == pdf_fonts_width(f, "???????? 2021", 10),
          "before it is noted, a letter is measured as the '?' drawn for it");
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    char err[256];
    if (!setjmp(jb) && pdf_fonts_load(f, doc, err, sizeof err) == 0) {
        check(before > 50 && pdf_fonts_width(f, "Planning 2021", 10) == before,
              "the width of an ASCII string is the same before and after the document is given");
        HPDF_Page page = HPDF_AddPage(doc);
        HPDF_Page_BeginText(page);
        pdf_fonts_show(f, page, 10, 10, 10, NULL);
        pdf_fonts_show(f, page, 10, 10, 10, "");
        HPDF_Page_EndText(page);
        check(HPDF_Page_GetCurrentFont(page) == NULL, "showing NULL or \"\" sets no font, draws nothing");
    } else {
        check(0, "a document for the widths");
    }
    pdf_fonts_free(f);
    HPDF_Free(doc);
    pdf_fonts_free(NULL);
}

/* Main fonts: fontconfig's DejaVu Sans, a file, a switch between them in one process,
 * files that are not fonts or have no TrueType outlines, a collection. */
static void test_main_fonts(void)
{
    const char *fc = pdf_fonts_file_of(NULL, 'A');
    check(fc && strstr(fc, "DejaVuSans") != NULL, "no main font given: fontconfig's DejaVu Sans draws 'A'");
    check(from_dejavu('A'), "then a main font given by file: the engine opens that one");
    const char *mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    const char *m = pdf_fonts_file_of(mono, 'A');
    check(m && strcmp(m, mono) == 0, "then another main font: DejaVu Sans Mono draws 'A'");
    fc = pdf_fonts_file_of(NULL, 'A');
    check(fc && strstr(fc, "DejaVuSans") != NULL, "and back to fontconfig's");
    size_t n1 = 0, n2 = 0;
    unsigned char *a = one_pdf(mono, "iiii", &n1, NULL);
    unsigned char *b = one_pdf(DEJAVU, "iiii", &n2, NULL);
    check(a && b && has(a, n1, "DejaVuSansMono") && !has(b, n2, "DejaVuSansMono"),
          "two documents, two main fonts, one process: each embeds its own");
    free(a);
    free(b);
    char path[] = "/tmp/test_pdf_font_XXXXXX";
    int fd = mkstemp(path);
    check(fd >= 0 && write(fd, "not a font\n", 11) == 11, "a text file made");
    close(fd);
    pdf_fonts_t *f = pdf_fonts_new(path);
    char err[512] = "";
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    check(pdf_fonts_load(f, doc, err, sizeof err) == -1 && strstr(err, path),
          "a main font that is not a font: an error that names the file");
    pdf_fonts_free(f);
    HPDF_Free(doc);
    unlink(path);
    /* DejaVu Sans with its 'glyf' table renamed: a font FreeType opens, without the
     * TrueType outlines libharu needs (as a CFF-only OpenType font) */
    FILE *in = fopen(DEJAVU, "rb");
    unsigned char *ttf = malloc(1 << 20);
    size_t n = in ? fread(ttf, 1, 1 << 20, in) : 0;
    if (in)
        fclose(in);
    unsigned tables = n > 12 ? (unsigned)(ttf[4] << 8 | ttf[5]) : 0, renamed = 0;
    for (unsigned i = 0; i < tables && 12 + 16 * i + 16 <= n; i++)
        if (memcmp(ttf + 12 + 16 * i, "glyf", 4) == 0) {
            memcpy(ttf + 12 + 16 * i, "glyx", 4); /* still in tag order */
            renamed = 1;
        }
    strcpy(path, "/tmp/test_pdf_font_XXXXXX");
    fd = mkstemp(path);
    check(renamed && fd >= 0 && write(fd, ttf, n) == (ssize_t)n, "a copy of DejaVu Sans without 'glyf' made");
    close(fd);
    free(ttf);
    f = pdf_fonts_new(path);
    doc = HPDF_New(on_error, NULL);
    check(pdf_fonts_load(f, doc, err, sizeof err) == -1 && strstr(err, "cannot read the font") &&
              strstr(err, path),
          "a main font without TrueType outlines: 'cannot read the font' and its file");
    check(pdf_fonts_file_of(path, 'A') == NULL, "... and it draws nothing");
    pdf_fonts_free(f);
    HPDF_Free(doc);
    unlink(path);
    /* a TrueType collection (the first face of WenQuanYi Zen Hei) as the main font */
    const char *ttc = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
    if (access(ttc, R_OK) == 0) {
        long rep = -1;
        unsigned char *c = one_pdf(ttc, "Seoul \xEC\x84\x9C\xEC\x9A\xB8 \xE6\x9D\xB1", &n1, &rep);
        check(c && rep == 0 && has(c, n1, "FontFile2") && pdf_fonts_file_of(ttc, 0x6771) &&
                  strcmp(pdf_fonts_file_of(ttc, 0x6771), ttc) == 0,
              "a collection (.ttc) as the main font: its first face draws Latin, Hangul, Han");
        free(c);
    }
    pdf_fonts_engine_free();
}

/* PSREPORT_PDF_FONTS=base14: Helvetica in WinAnsi, nothing cut or embedded; any other
 * value is the normal engine. */
static void test_base14(void)
{
    volatile double base14_w = -1;
    setenv("PSREPORT_PDF_FONTS", "base14", 1);
    size_t n = 0;
    long rep = -1;
    unsigned char *b = one_pdf(DEJAVU, "Caf\xC3\xA9 \xE6\x9D\xB1", &n, &rep);
    check(b && has(b, n, "/Helvetica") && !has(b, n, "FontFile2") && !has(b, n, "HPDFAA"),
          "base14: Helvetica, no font embedded");
    pdf_fonts_t *f = pdf_fonts_new(DEJAVU);
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    char err[256];
    if (!setjmp(jb) && pdf_fonts_load(f, doc, err, sizeof err) == 0) {
        base14_w = pdf_fonts_width(f, "0123 \xC3\xA9", 10);
    }
    pdf_fonts_free(f);
    HPDF_Free(doc);
    free(b);
    setenv("PSREPORT_PDF_FONTS", "embedded", 1);
    f = pdf_fonts_new(DEJAVU);
    pdf_fonts_add(f, "\xC3\xA9");
    double dejavu_w = pdf_fonts_width(f, "0123 \xC3\xA9", 10);
    pdf_fonts_free(f);
    printf("# widths of '0123 e-acute': base14 %.3f, DejaVu Sans %.3f\n", base14_w, dejavu_w);
    check(base14_w > 0 && base14_w == dejavu_w, "base14: the same layout (DejaVu Sans's widths)");
    b = one_pdf(DEJAVU, "Caf\xC3\xA9", &n, &rep);
    check(b && has(b, n, "FontFile2") && !has(b, n, "/Helvetica"),
          "PSREPORT_PDF_FONTS=embedded (not base14): the cut DejaVu Sans is embedded");
    free(b);
    unsetenv("PSREPORT_PDF_FONTS");
}

/* The cuts reach libharu in memory: no memfd, no file, no $TMPDIR, and the fallback
 * fonts are tried the same way. The last cuts are kept (pdf_font.c, cut_of): documents
 * drawing sets of characters in turn, more sets than are kept, each get the bytes a
 * fresh engine gives them. */
static void test_in_memory(void)
{
    pdf_fonts_engine_free();
    setenv("TMPDIR", "/nonexistent-psreport-dir", 1);
    memfd_calls = 0;
    size_t n = 0;
    long r = -1;
    unsigned char *b = one_pdf(DEJAVU, "Tokyo \xE6\x9D\xB1\xE4\xBA\xAC, Z\xC3\xBCrich", &n, &r);
    const char *cjk = pdf_fonts_file_of(DEJAVU, 0x6771);
    check(b && r == 0 && cjk && strcmp(cjk, DEJAVU) != 0 && has(b, n, "FontFile2") && memfd_calls == 0,
          "no memfd_create, TMPDIR nowhere: the cuts (a fallback's too) are embedded from memory");
    free(b);
    unsetenv("TMPDIR");

    enum { SETS = 11 }; /* more than the cuts kept */
    unsigned char *ref[SETS];
    size_t len[SETS];
    char text[SETS][64];
    for (int k = 0; k < SETS; k++) {
        /* each set one letter of its own, with a Han character from the fallback */
        snprintf(text[k], sizeof text[k], "Partner %c%c \xE6\x9D\xB1 %d", 'A' + k, 'a' + k, k);
        pdf_fonts_engine_free();
        ref[k] = one_pdf(DEJAVU, text[k], &len[k], NULL);
    }
    int same = 1, differ = 1;
    pdf_fonts_engine_free();
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < SETS; k++) {
            int at = round == 1 ? k % 3 : k; /* round 1: three sets in turn, from the kept cuts */
            size_t m = 0;
            unsigned char *x = one_pdf(DEJAVU, text[at], &m, NULL);
            same &= x && ref[at] && m == len[at] && memcmp(x, ref[at], m) == 0;
            free(x);
        }
    for (int k = 1; k < SETS; k++)
        differ &= len[k] != len[0] || memcmp(ref[k], ref[0], len[0]) != 0;
    check(same && differ, "kept cuts: 11 sets of characters in turn, again and again, each the "
                          "bytes a fresh engine gives it");
    for (int k = 0; k < SETS; k++)
        free(ref[k]);
    pdf_fonts_engine_free();
}

/* A document drawing many characters of one fallback font: its cut's cmap grows. */
static void test_many_characters(void)
{
    char text[8 * 1024];
    size_t k = 0;
    for (unsigned c = 0x4E00; c < 0x4E00 + 600; c++) { /* 600 Han characters */
        text[k++] = (char)(0xE0 | c >> 12);
        text[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
        text[k++] = (char)(0x80 | (c & 0x3F));
    }
    text[k] = '\0';
    size_t n = 0;
    long rep = -1;
    unsigned char *b = one_pdf(DEJAVU, text, &n, &rep);
    printf("# 600 Han characters: %zu bytes, %ld replaced\n", n, rep);
    check(b && rep == 0 && has(b, n, "FontFile2"), "600 Han characters in one document: every one drawn");
    free(b);
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
    test_text_forms();
    test_main_fonts();
    test_base14();
    test_in_memory();
    test_many_characters();
    pdf_fonts_engine_free();
    return failed;
}
