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

/* Renders to `path` (the caller renames it into place as `name`). fonts_dir holds
 * DejaVuSans.ttf. Warnings go to warn (may be NULL) as "NAME: warning: ...".
 * Returns 0, or -1 with a message in err (and no file left at path). */
int pdf_render(xmlDocPtr model, const char *path, const char *name, const char *fonts_dir,
               FILE *warn, char *err, size_t errlen);
/* Frees what every PDF of the process shares (the libharu document, DejaVu). */
void pdf_engine_free(void);

#endif
