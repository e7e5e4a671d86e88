/* render_pdf.h - the PDF of one report model (any scope), laid out for A4 with libharu.
 *
 * Same content as the HTML page of the scope: title block, running header and footer
 * ("Page n of m"), one outline entry per section, tables that break across pages with
 * their header repeated, charts as vectors (chart_pdf). Every font is embedded, cut at
 * run time to the document's characters: DejaVu Sans, and for what it lacks the
 * fallback fontconfig finds (pdf_font.h); a character no installed font has is shown as
 * '?' and reported on `warn`. The same model gives the same bytes: no clock, the as-of
 * date is the document date.
 */
#ifndef PSREPORT_RENDER_PDF_H
#define PSREPORT_RENDER_PDF_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>

/* render_pdf (render.h) writes the PDF to its stream; pg->opts->fonts_dir holds
 * DejaVuSans.ttf (NULL or "": fontconfig finds DejaVu Sans), warnings go to pg->opts->warn as "NAME: warning: ...", a failure says
 * why in pg->why. */
/* Finds and opens the main font (fonts_dir/DejaVuSans.ttf, or DejaVu Sans through
 * fontconfig when fonts_dir is NULL or "") and fontconfig's fallback list now, before
 * the exports fill the memory: fontconfig 2.14.1 crashes when an allocation fails
 * inside it. Later documents reuse both. */
void pdf_engine_init(const char *fonts_dir);
/* Frees what every PDF of the process shares (the libharu document, DejaVu). */
void pdf_engine_free(void);

#endif
