/* pdf_font_internal.h - what the two files of the PDF font engine share: pdf_font.c
 * (which font draws each character, widths, loading into libharu, runs) and
 * pdf_font_cut.c (a font cut to a document's characters). Not for other stages: they
 * use pdf_font.h.
 */
#ifndef PSREPORT_PDF_FONT_INTERNAL_H
#define PSREPORT_PDF_FONT_INTERNAL_H

#include "pdf_font.h"
#include "util/alloc.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdint.h>

#define MAX_FACES 32 /* faces opened per process, the unusable ones included */
#define BMP_WORDS (65536 / 64) /* a set of BMP code points as a bitmap */

/* An installed font face the engine opened. */
typedef struct {
    char *file;
    int index;       /* face in a collection (.ttc) */
    int usable;      /* 0: libharu cannot load a cut of it (tried once) */
    FT_Face ft;      /* coverage and advances */
    hb_face_t *hb;   /* what HarfBuzz cuts */
    int has_space;
    int16_t space_w; /* advance of U+0020, 1/1000 em */
} face_t;

static inline int bit_has(const uint64_t *set, unsigned c)
{
    return set && c < 65536 && (set[c >> 6] >> (c & 63) & 1);
}

static inline void bit_set(uint64_t *set, unsigned c) { set[c >> 6] |= (uint64_t)1 << (c & 63); }

/* p, or the end of the run when a library allocator gave NULL (alloc.h). Unlike
 * ALLOC_CHECK it evaluates its argument once. */
static inline void *must(void *p)
{
    if (!p)
        alloc_fail();
    return p;
}

/* Face fc cut to the characters of chars (a BMP bitmap) and finished for libharu; NULL
 * when HarfBuzz cannot cut it. The caller destroys the blob. */
hb_blob_t *pdf_font_cut(face_t *fc, const uint64_t *chars);
/* pdf_font_cut, or the same cut made before (the last 8 are kept): a new reference the
 * caller destroys. pdf_font_cuts_forget drops them (before the faces are closed). */
hb_blob_t *pdf_font_cut_kept(face_t *fc, const uint64_t *chars);
void pdf_font_cuts_forget(void);

#endif
