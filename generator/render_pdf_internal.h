/* render_pdf_internal.h - what the two files of the PDF renderer share: render_pdf.c (the
 * layout engine and the document's frame) and pdf_sections.c (the sections of the model
 * drawn with it). Not for other stages: they use render_pdf.h.
 *
 * Every block asks pdf_need for its height first; a heading waits for its first block;
 * a table repeats its header on a new page. Strings a section builds live in pdf_t's
 * buffers, so a libharu error that jumps out (longjmp to p->jb) leaks nothing.
 */
#ifndef PSREPORT_RENDER_PDF_INTERNAL_H
#define PSREPORT_RENDER_PDF_INTERNAL_H

#include "pdf_font.h"
#include "render_pdf.h"
#include "util/strbuf.h"
#include "util/xmltree.h"

#include <hpdf.h>
#include <libxml/tree.h>
#include <setjmp.h>

/* A4 in points, the margins, the content width, where text starts and stops. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define ML 42.0
#define MR 42.0
#define CW (PAGE_W - ML - MR)
#define TOP (PAGE_H - 62.0)
#define BOTTOM 52.0

#define C_INK 0x222222u
#define C_MUTED 0x666666u
#define C_RULE 0xbbbbbbu
#define C_ZEBRA 0xf3f5f7u
#define C_HEAD 0x1f3a5fu
#define C_ERROR 0xb03a2eu
#define C_WARN 0xb9770eu

/* A table's column: its heading, its share of the content width, right-aligned. */
typedef struct {
    const char *head;
    double w; /* fraction of the content width */
    int right;
} col_t;

typedef struct pdf_s {
    HPDF_Doc pdf;
    jmp_buf jb;
    char err[256];
    pdf_fonts_t *fonts;
    HPDF_Page *pages;
    int n_pages, cap_pages;
    HPDF_Page page;
    double y;
    xmlNodePtr root, labels;
    const char *months[12]; /* the labels month-1 .. month-12, for the reader's dates */
    struct pdf_label_s *lab; /* the labels by key (pdf_label), n_lab of them */
    int n_lab;
    char dates[4][96];      /* the dates of one row, as the reader reads them */
    strbuf_t tmp;
    /* every buffer lives here, so a libharu error that jumps out leaks nothing */
    strbuf_t line, para, cells[12], s1, s2, head;
    /* the table being laid out, for repeating its header */
    const col_t *cols;
    int n_cols;
    int zebra;
    double head_h; /* the height of its header */
    /* headings waiting for the first block under them (need) */
    struct {
        const char *title;
        int level;
    } pend[4];
    int n_pend;
} pdf_t;

/* ---- reading the model ------------------------------------------------------------- */

/* The attribute name of n, "" when absent. */
static inline const char *at0(xmlNodePtr n, const char *name)
{
    const char *v = xt_at(n, name);
    return v ? v : "";
}

/* The text of the element n, "" when it has none. */
static inline const char *content(xmlNodePtr n)
{
    return n && n->children && n->children->type == XML_TEXT_NODE && n->children->content
               ? (const char *)n->children->content
               : "";
}

/* The label key of the model's catalogue (the key itself when it has none). */
const char *pdf_label(pdf_t *p, const char *key);
/* The ISO date iso as the reader reads it, in the row's buffer slot (0..3). */
const char *pdf_date_text(pdf_t *p, int slot, const char *iso);

/* ---- the layout engine (render_pdf.c) ----------------------------------------------- */

/* The width of utf8 at size points (bold is as wide). */
double pdf_width(pdf_t *p, const char *utf8, double size, int bold);
/* Draws utf8 with its baseline at (x, y); bold is the regular face filled and stroked. */
void pdf_text_at(pdf_t *p, double x, double y, double size, int bold, unsigned color,
                 const char *utf8);
/* Word-wraps utf8 to width w, the lines NUL-separated in out; returns how many (>= 1). */
int pdf_wrap(pdf_t *p, const char *utf8, double size, int bold, double w, strbuf_t *out);
/* A filled rectangle. */
void pdf_box(pdf_t *p, double x, double y, double w, double h, unsigned color);
/* Starts a new page; the cursor at its top. */
void pdf_new_page(pdf_t *p);
/* Makes room for a block of h points (a new page when it does not fit), and draws the
 * headings waiting for it. */
void pdf_need(pdf_t *p, double h);
/* A section heading (in the outline) and a subheading; each waits for its first block. */
void pdf_heading(pdf_t *p, const char *title);
void pdf_subheading(pdf_t *p, const char *title);
/* A wrapped paragraph across the content width. */
void pdf_paragraph(pdf_t *p, const char *text, double size, int bold, unsigned color);
/* A table: its columns (kept until pdf_table_end), then its rows; cells wrap whole,
 * colors[i] 0 = ink, bold0 sets the first column bold. */
void pdf_table_begin(pdf_t *p, const col_t *cols, int n);
void pdf_table_row(pdf_t *p, const char *const *cells, const unsigned *colors, int bold0);
void pdf_table_end(pdf_t *p);
/* "N more rows in findings.csv" under a list the model capped (its total and shown). */
void pdf_more_rows(pdf_t *p, xmlNodePtr list);

/* ---- the sections (pdf_sections.c) ------------------------------------------------- */

/* The title block and every section of the model, in the order of its scope. */
void pdf_sections_draw(pdf_t *p);

#endif
