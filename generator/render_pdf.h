/* render_pdf.h - the PDF of one report model (any scope), laid out for A4 with libharu.
 *
 * Same content as the HTML page of the scope: title block, running header and footer
 * ("Page n of m"), one outline entry per section, tables that break across pages with
 * their header repeated, charts as vectors (chart_pdf). Text that fits WinAnsi is set in
 * the base-14 Helvetica (no font embedded: small files); other documents embed DejaVu
 * Sans. Characters DejaVu lacks (CJK, emoji) are shown as '?' and reported on `warn`.
 * The same model gives the same bytes: no clock, the as-of date is the document date.
 */
#ifndef PSREPORT_RENDER_PDF_H
#define PSREPORT_RENDER_PDF_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>

/* render_pdf (render.h) writes the PDF to its stream; pg->opts->fonts_dir holds
 * DejaVuSans.ttf (NULL or "": fontconfig finds DejaVu Sans), warnings go to pg->opts->warn as "NAME: warning: ...", a failure says
 * why in pg->why. */
/* Frees what every PDF of the process shares (the libharu document, DejaVu). */
void pdf_engine_free(void);

#endif
