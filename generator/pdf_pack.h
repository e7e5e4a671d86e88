/* pdf_pack.h - the last step of every PDF: libharu's file, compressed as PDF 1.5 allows.
 *
 * libharu 2.3.0 writes PDF 1.3: every dictionary (pages, fonts, widths, outline, info)
 * as plain text, and a cross-reference table of 20 bytes an object. PDF 1.5 lets both
 * be compressed (ISO 32000-1 7.5.7 object streams, 7.5.8 cross-reference streams),
 * which libharu cannot write. pdf_pack reads the file libharu has just saved and writes
 * it again as PDF 1.5: the same objects under the same numbers; every stream libharu
 * left plain (render_pdf.c asks it to leave them all plain) deflated here, once, with
 * libdeflate (level 5: 3 % over zlib level 6's size in 42 % of its time); every other
 * object in one deflated object stream; and a deflated cross-reference stream. A median bench partner
 * PDF went from 32.7 to 27.7 KB.
 *
 * qpdf does the same (`qpdf --object-streams=generate`), and libqpdf was measured for
 * it: 0.89 ms of CPU per partner PDF on top of libharu's own deflate (about 2.4 ms),
 * where this whole step, the streams deflated included, takes about 0.8 ms in place of
 * libharu's deflate; and its C API lets an allocation failure in qpdf_init escape as a
 * C++ exception (an abort, not psreport's clean out-of-memory exit). This reads only libharu's own output, whose shape is fixed:
 * a file of any other shape is written unchanged, and a stream of any other shape is
 * kept as it is. The tests check every packed PDF with qpdf and poppler against the
 * file libharu wrote (PSREPORT_PDF_PACK=off).
 */
#ifndef PSREPORT_PDF_PACK_H
#define PSREPORT_PDF_PACK_H

#include <stddef.h>
#include <stdio.h>

/* Writes the n bytes of the PDF at pdf to out, packed (or as they are when they are not
 * a file libharu wrote, or when PSREPORT_PDF_PACK=off: libharu's own file, for the tests
 * that compare the two). Returns 0, or -1 when out could not be written. Runs out of
 * memory as util/alloc.h says. */
int pdf_pack(const unsigned char *pdf, size_t n, FILE *out);

/* Frees what pdf_pack keeps between PDFs (its compressor, the last font programs it
 * deflated). */
void pdf_pack_free(void);

/* Whether pdf_pack would pack these bytes (a test's question). */
int pdf_pack_can(const unsigned char *pdf, size_t n);

#endif
