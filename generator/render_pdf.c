/* render_pdf.c - lays a report model out as an A4 audit document with libharu.
 *
 * The one idea: a cursor walks down the page; every block (heading, paragraph, table
 * row, chart) first asks for its height and gets a new page when it does not fit, and a
 * table row that starts a page repeats the table's header. Running headers and footers
 * are drawn last, when the page count is known ("Page n of m").
 *
 * Fonts (pdf_font.c): every document embeds the fonts it draws with, cut to its
 * characters: DejaVu Sans, and for what DejaVu lacks the installed fonts fontconfig
 * names; a character no font has is drawn as '?' and one warning names it. libharu
 * errors are sticky, so its error handler jumps out and the document is abandoned.
 *
 * This file is the layout engine (text, wrapping, pages, headings that wait for their
 * first block, tables, running header and footer) and the document's frame (fonts,
 * information, outline, saving); pdf_sections.c draws the sections of the model with it
 * (render_pdf_internal.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "render_pdf_internal.h"

#include "pdf_font.h"
#include "pdf_ops.h"
#include "pdf_pack.h"
#include "render.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <hpdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    pdf_t *p = user;
    snprintf(p->err, sizeof p->err, "libharu error 0x%04X (detail %u)", (unsigned)e,
             (unsigned)detail);
    longjmp(p->jb, 1);
}

/* The main font's file in fonts_dir, in buf; NULL (fontconfig finds DejaVu Sans) when
 * fonts_dir is NULL or "". */
static const char *main_font(const char *fonts_dir, char *buf, size_t size)
{
    snprintf(buf, size, "%s/DejaVuSans.ttf", fonts_dir ? fonts_dir : "");
    return fonts_dir && *fonts_dir ? buf : NULL;
}

void pdf_engine_init(const char *fonts_dir)
{
    char font[4096];
    pdf_fonts_engine_init(main_font(fonts_dir, font, sizeof font));
}

void pdf_engine_free(void)
{
    pdf_fonts_engine_free();
    pdf_pack_free();
}

/* ---- text ---------------------------------------------------------------------------- */

/* Bold is the same width: it is the regular face filled and stroked. */
double pdf_width(pdf_t *p, const char *utf8, double size, int bold)
{
    (void)bold;
    return pdf_fonts_width(p->fonts, utf8, size);
}

/* Bold is the regular face filled and stroked: one embedded font per script instead of
 * two, half the size of a partner PDF. Text that is empty draws nothing. */
void pdf_text_at(pdf_t *p, double x, double y, double size, int bold, unsigned color,
                    const char *utf8)
{
    if (!utf8 || !*utf8)
        return;
    pdf_color(p->page, 0, color);
    if (bold) { /* the stroke, like the fill, is set only when it changes */
        pdf_color(p->page, 1, color);
        pdf_line_width(p->page, size * 0.035);
    }
    pdf_text_mode(p->page, bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    pdf_fonts_show(p->fonts, p->page, x, y, size, utf8);
}

struct fit_ctx {
    pdf_t *p;
    double size;
};

static double fit_width(void *ctx, const char *utf8)
{
    struct fit_ctx *f = ctx;
    return pdf_width(f->p, utf8, f->size, 0);
}

/* utf8 cut with "…" to fit w (utf8_fit). Result in p->tmp. */
static const char *fit(pdf_t *p, const char *utf8, double size, int bold, double w)
{
    (void)bold;
    struct fit_ctx f = {p, size};
    return utf8_fit(&p->tmp, utf8, w, fit_width, &f);
}

/* Word-wraps utf8 into lines of width w, written NUL-separated into out; a word wider
 * than the line is broken inside it. Nothing is dropped. Returns the number of lines
 * (at least 1). */
int pdf_wrap(pdf_t *p, const char *utf8, double size, int bold, double w, strbuf_t *out)
{
    sb_reset(out);
    int lines = 0;
    const char *s = utf8 ? utf8 : "";
    strbuf_t line = p->line;
    if (pdf_width(p, s, size, bold) <= w) { /* the common case: it fits */
        sb_put(out, s, strlen(s) + 1);
        return 1;
    }
    while (*s) {
        const char *last_fit = s;
        const char *q = s;
        double used = 0; /* widths add up: libharu sets no kerning */
        while (*q) {
            const char *word_end = q;
            while (*word_end == ' ')
                word_end++;
            while (*word_end && *word_end != ' ')
                word_end++;
            sb_reset(&line);
            sb_put(&line, q, (size_t)(word_end - q));
            double sw = pdf_width(p, sb_str(&line), size, bold);
            if (used + sw > w)
                break;
            used += sw;
            last_fit = word_end;
            q = word_end;
        }
        if (last_fit == s) { /* one word wider than the line: break inside it */
            const char *c = s;
            const unsigned char *u = (const unsigned char *)s;
            while (*u) {
                utf8_next(&u);
                sb_reset(&line);
                sb_put(&line, s, (size_t)((const char *)u - s));
                if (pdf_width(p, sb_str(&line), size, bold) > w && c != s)
                    break;
                c = (const char *)u;
            }
            last_fit = c;
        }
        sb_reset(&line);
        sb_put(&line, s, (size_t)(last_fit - s));
        s = last_fit;
        while (*s == ' ')
            s++;
        lines++;
        sb_put(out, sb_str(&line), line.len + 1);
    }
    p->line = line;
    if (!lines) {
        sb_putc(out, '\0');
        lines = 1;
    }
    return lines;
}

/* The width of the widest word of utf8. */
static double widest_word(pdf_t *p, const char *utf8, double size, int bold)
{
    double most = 0;
    strbuf_t line = p->line;
    for (const char *s = utf8 ? utf8 : ""; *s;) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        sb_reset(&line);
        sb_put(&line, s, (size_t)(e - s));
        double w = pdf_width(p, sb_str(&line), size, bold);
        most = w > most ? w : most;
        s = e;
    }
    p->line = line;
    return most;
}

/* ---- the model ----------------------------------------------------------------------- */

/* The labels of the model, sorted by key (the first of equal keys first): a partner PDF
 * asks for a label a few hundred times, among some two hundred. */
struct pdf_label_s {
    const char *key, *text;
    int order;
};

static int by_key(const void *a, const void *b)
{
    const struct pdf_label_s *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void index_labels(pdf_t *p)
{
    int n = 0;
    for (xmlNodePtr l = p->labels ? p->labels->children : NULL; l; l = l->next)
        n += xt_is(l, "label");
    p->lab = xmalloc((size_t)(n ? n : 1) * sizeof *p->lab);
    p->n_lab = 0;
    for (xmlNodePtr l = p->labels ? p->labels->children : NULL; l; l = l->next)
        if (xt_is(l, "label")) {
            p->lab[p->n_lab] = (struct pdf_label_s){at0(l, "key"), content(l), p->n_lab};
            p->n_lab++;
        }
    qsort(p->lab, (size_t)p->n_lab, sizeof *p->lab, by_key);
}

const char *pdf_label(pdf_t *p, const char *key)
{
    int lo = 0, hi = p->n_lab; /* the first entry whose key is not below key */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(p->lab[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_lab && strcmp(p->lab[lo].key, key) == 0 ? p->lab[lo].text : key;
}

/* The ISO date iso as the reader reads it ("15 giugno 2021", util/date.c), in the row's
 * buffer slot (0..3); text that is not a date stays as it is. */
const char *pdf_date_text(pdf_t *p, int slot, const char *iso)
{
    if (!p->months[0])
        return iso;
    return date_text_of_iso(iso, p->months, p->dates[slot], sizeof p->dates[slot]);
}

static void load_months(pdf_t *p)
{
    index_labels(p);
    for (int i = 0; i < 12; i++) {
        char key[16];
        snprintf(key, sizeof key, "month-%d", i + 1);
        const char *m = pdf_label(p, key);
        p->months[i] = strcmp(m, key) ? m : NULL;
    }
    for (int i = 0; i < 12; i++)
        if (!p->months[i])
            p->months[0] = NULL; /* a model without month names: ISO dates */
}

/* ---- pages ----------------------------------------------------------------------------- */

void pdf_new_page(pdf_t *p)
{
    if (p->n_pages == p->cap_pages) {
        int cap = p->cap_pages ? p->cap_pages * 2 : 16;
        HPDF_Page *pg = realloc(p->pages, (size_t)cap * sizeof *pg);
        if (!pg) {
            snprintf(p->err, sizeof p->err, "out of memory");
            longjmp(p->jb, 1);
        }
        p->pages = pg;
        p->cap_pages = cap;
    }
    p->page = HPDF_AddPage(p->pdf);
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->pages[p->n_pages++] = p->page;
    p->y = TOP;
}

static void hline(pdf_t *p, double x1, double x2, double y, double w, unsigned color)
{
    pdf_end_text(p->page);
    pdf_color(p->page, 1, color);
    pdf_line_width(p->page, w);
    pdf_move_to(p->page, pdf_grid(x1, 4), pdf_grid(y, 4));
    pdf_line_to(p->page, pdf_grid(x2, 4), pdf_grid(y, 4));
    HPDF_Page_Stroke(p->page);
}

void pdf_box(pdf_t *p, double x, double y, double w, double h, unsigned color)
{
    pdf_end_text(p->page);
    pdf_color(p->page, 0, color);
    HPDF_REAL x0 = pdf_grid(x, 4), y0 = pdf_grid(y, 4); /* the corners on the grid */
    pdf_rect(p->page, x0, y0, pdf_grid(x + w, 4) - x0, pdf_grid(y + h, 4) - y0);
    HPDF_Page_Fill(p->page);
}

static void table_header(pdf_t *p);
static void flush_headings(pdf_t *p);

/* The height the pending headings take when drawn. */
static double pending_height(const pdf_t *p)
{
    double h = 0;
    for (int i = 0; i < p->n_pend; i++)
        h += p->pend[i].level == 1 ? 44 : 18;
    return h;
}

/* Makes room for a block of h points, on a new page if needed (repeating a table's
 * header); the headings waiting for their first block go with it, so a heading never
 * stands alone at the foot of a page. Every block asks here before it draws. */
void pdf_need(pdf_t *p, double h)
{
    if (p->y - h - pending_height(p) < BOTTOM && p->y < TOP) {
        pdf_new_page(p);
        if (p->cols && !p->n_pend)
            table_header(p);
    }
    flush_headings(p);
}

static int ascii(const char *s)
{
    while (*s && (unsigned char)*s < 0x80)
        s++;
    return !*s;
}

/* An entry of the document information: ASCII as it is, anything else as UTF-16 (what
 * libharu writes with the UTF-8 encoder, four hex digits a character). */
static void info_attr(pdf_t *p, HPDF_InfoType type, const char *utf8)
{
    const char *s = pdf_fonts_plain(p->fonts, utf8);
    int plain = ascii(s);
    if (!plain) /* made with its checked conversion before libharu makes it without */
        pdf_fonts_utf8(p->fonts);
    HPDF_SetCurrentEncoder(p->pdf, plain ? "WinAnsiEncoding" : "UTF-8");
    HPDF_SetInfoAttr(p->pdf, type, s);
}

static HPDF_Outline outline(pdf_t *p, const char *title)
{
    const char *t = pdf_fonts_plain(p->fonts, title);
    HPDF_Outline o = HPDF_CreateOutline(p->pdf, NULL, t, ascii(t) ? NULL : pdf_fonts_utf8(p->fonts));
    HPDF_Destination d = HPDF_Page_CreateDestination(p->page);
    HPDF_Destination_SetFitH(d, (HPDF_REAL)(p->y + 24));
    HPDF_Outline_SetDestination(o, d);
    return o;
}

static void draw_heading(pdf_t *p, const char *title, int level)
{
    if (level == 1) {
        p->y -= 14;
        outline(p, title);
        pdf_text_at(p, ML, p->y - 14, 14, 1, C_HEAD, title);
        p->y -= 20;
        hline(p, ML, ML + CW, p->y, 0.8, C_HEAD);
        p->y -= 10;
    } else {
        pdf_text_at(p, ML, p->y - 11, 11, 1, C_INK, title);
        p->y -= 18;
    }
}

static void flush_headings(pdf_t *p)
{
    int n = p->n_pend;
    p->n_pend = 0;
    for (int i = 0; i < n; i++)
        draw_heading(p, p->pend[i].title, p->pend[i].level);
}

/* A heading waits for the first block under it (need), and is drawn with it. */
static void push_heading(pdf_t *p, const char *title, int level)
{
    if (p->n_pend == (int)(sizeof p->pend / sizeof *p->pend))
        pdf_need(p, 0);
    p->pend[p->n_pend].title = title;
    p->pend[p->n_pend++].level = level;
}

void pdf_heading(pdf_t *p, const char *title) { push_heading(p, title, 1); }

void pdf_subheading(pdf_t *p, const char *title) { push_heading(p, title, 2); }

void pdf_paragraph(pdf_t *p, const char *text, double size, int bold, unsigned color)
{
    int n = pdf_wrap(p, text, size, bold, CW, &p->para);
    const char *l = sb_str(&p->para);
    for (int i = 0; i < n; i++) {
        pdf_need(p, size + 4);
        pdf_text_at(p, ML, p->y - size, size, bold, color, l);
        p->y -= size + 3.5;
        l += strlen(l) + 1;
    }
    p->y -= 4;
}

/* ---- tables -------------------------------------------------------------------------- */

#define T_SIZE 8.0
#define T_LEAD 10.0

/* The size of column i's heading: the table's size, or smaller until its widest word
 * fits the column, so a heading wraps between words and is never broken inside one. */
static double head_size(pdf_t *p, int i)
{
    double w = p->cols[i].w * CW - 6, size = T_SIZE;
    while (size > 5.5 && widest_word(p, p->cols[i].head, size, 1) > w)
        size -= 0.25;
    return size;
}

/* The header row: a heading that does not fit its column wraps between words, aligned
 * like the column. Its own buffer: a page break inside table_row draws it while the
 * row's cells are laid out. */
static void table_header(pdf_t *p)
{
    int most = 1, bare = 1;
    for (int i = 0; i < p->n_cols; i++)
        bare &= !*p->cols[i].head;
    p->zebra = 0;
    p->head_h = 0;
    if (bare)
        return;
    for (int i = 0; i < p->n_cols; i++) {
        int n = pdf_wrap(p, p->cols[i].head, head_size(p, i), 1, p->cols[i].w * CW - 6, &p->head);
        most = n > most ? n : most;
    }
    double h = most * T_LEAD + 8;
    pdf_box(p, ML, p->y - h, CW, h, C_HEAD);
    double x = ML;
    for (int i = 0; i < p->n_cols; i++) {
        double w = p->cols[i].w * CW, size = head_size(p, i);
        int n = pdf_wrap(p, p->cols[i].head, size, 1, w - 6, &p->head);
        const char *t = sb_str(&p->head);
        for (int k = 0; k < n; k++) { /* bottom-aligned, like the one-line headings */
            double tx = p->cols[i].right ? x + w - 3 - pdf_width(p, t, size, 1) : x + 3;
            pdf_text_at(p, tx, p->y - h + 5.5 + T_LEAD * (n - 1 - k), size, 1, 0xffffff, t);
            t += strlen(t) + 1;
        }
        x += w;
    }
    p->y -= h;
    p->head_h = h;
    p->zebra = 0;
}

void pdf_table_begin(pdf_t *p, const col_t *cols, int n)
{
    pdf_need(p, 3 * (T_LEAD + 8)); /* the header and a row or two */
    p->cols = cols;
    p->n_cols = n;
    table_header(p);
}

void pdf_table_end(pdf_t *p)
{
    p->cols = NULL;
    p->y -= 10;
}

/* One row: every cell wrapped whole in its column, colors[i] 0 = ink. A row that does
 * not fit the rest of the page starts on the next one; a row taller than a page breaks
 * across pages, the header repeated above each part. */
void pdf_table_row(pdf_t *p, const char *const *cells, const unsigned *colors, int bold0)
{
    strbuf_t *lines = p->cells;
    int n = p->n_cols < 12 ? p->n_cols : 12;
    int n_lines[12], most = 1;
    const char *cur[12];
    for (int i = 0; i < n; i++) {
        n_lines[i] = pdf_wrap(p, cells[i], T_SIZE, bold0 && i == 0, p->cols[i].w * CW - 6, &lines[i]);
        most = n_lines[i] > most ? n_lines[i] : most;
        cur[i] = sb_str(&lines[i]);
    }
    int shade = p->zebra++ % 2;
    int page_lines = (int)((TOP - BOTTOM - p->head_h - 6) / T_LEAD);
    for (int done = 0; done < most;) {
        int left = most - done, room = (int)((p->y - BOTTOM - 6) / T_LEAD);
        if (room < left && (room < 2 || (done == 0 && left <= page_lines))) {
            pdf_new_page(p);
            table_header(p);
            continue;
        }
        int k = left < room ? left : room;
        double h = k * T_LEAD + 6;
        if (shade)
            pdf_box(p, ML, p->y - h, CW, h, C_ZEBRA);
        double x = ML;
        for (int i = 0; i < n; i++) {
            double w = p->cols[i].w * CW;
            for (int j = done; j < done + k && j < n_lines[i]; j++) {
                double tx = p->cols[i].right ? x + w - 3 - pdf_width(p, cur[i], T_SIZE, 0) : x + 3;
                pdf_text_at(p, tx, p->y - 3 - T_LEAD * (j - done + 1) + 2, T_SIZE, bold0 && i == 0,
                        colors && colors[i] ? colors[i] : C_INK, cur[i]);
                cur[i] += strlen(cur[i]) + 1;
            }
            x += w;
        }
        p->y -= h;
        done += k;
    }
}

void pdf_more_rows(pdf_t *p, xmlNodePtr list)
{
    long total = strtol(at0(list, "total"), NULL, 10), shown = strtol(at0(list, "shown"), NULL, 10);
    if (shown >= total)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, "%ld %s", total - shown, pdf_label(p, "more-rows"));
    pdf_paragraph(p, buf, 8.5, 0, C_MUTED);
}


/* ---- the frame ------------------------------------------------------------------------ */

/* The running header's title, at most w wide: a long name is shortened, never the ID
 * after it. Result in p->s2. */
static const char *header_title(pdf_t *p, xmlNodePtr subj, double w)
{
    strbuf_t *sb = &p->s2;
    sb_reset(sb);
    const char *title = at0(subj, "title");
    if (pdf_width(p, title, 8, 1) <= w || strcmp(at0(subj, "kind"), "partner") != 0) {
        sb_puts(sb, fit(p, title, 8, 1, w));
        return sb_str(sb);
    }
    char tail[300];
    snprintf(tail, sizeof tail, " (%s)", at0(subj, "id"));
    sb_printf(sb, "%s: ", pdf_label(p, "partner-report"));
    double room = w - pdf_width(p, sb_str(sb), 8, 1) - pdf_width(p, tail, 8, 1);
    if (room < w * 0.3) { /* too narrow for the label as well: the name and the ID */
        sb_reset(sb);
        room = w - pdf_width(p, tail, 8, 1);
    }
    sb_puts(sb, fit(p, at0(subj, "name"), 8, 1, room));
    sb_puts(sb, tail);
    return sb_str(sb);
}

/* Running header and footer, now that the page count is known. */
static void furniture(pdf_t *p)
{
    xmlNodePtr prog = xt_child(p->root, "program"), subj = xt_child(p->root, "subject");
    char buf[128];
    for (int i = 0; i < p->n_pages; i++) {
        p->page = p->pages[i];
        hline(p, ML, ML + CW, PAGE_H - 40, 0.5, C_RULE);
        hline(p, ML, ML + CW, 38, 0.5, C_RULE);
        const char *t = header_title(p, subj, CW * 0.6);
        double tw = pdf_width(p, t, 8, 1);
        pdf_text_at(p, ML + CW - tw, PAGE_H - 34, 8, 1, C_INK, t);
        pdf_text_at(p, ML, PAGE_H - 34, 8, 0, C_MUTED, fit(p, at0(prog, "name"), 8, 0, CW - tw - 12));
        snprintf(buf, sizeof buf, "%s %s", pdf_label(p, "as-of"), pdf_date_text(p, 0, at0(prog, "as-of")));
        pdf_text_at(p, ML, 26, 8, 0, C_MUTED, buf);
        snprintf(buf, sizeof buf, "%s %d %s %d", pdf_label(p, "page"), i + 1, pdf_label(p, "of"), p->n_pages);
        pdf_text_at(p, ML + CW - pdf_width(p, buf, 8, 0), 26, 8, 0, C_MUTED, buf);
        const char *mid = "psreport";
        pdf_text_at(p, ML + CW / 2 - pdf_width(p, mid, 8, 0) / 2, 26, 8, 0, C_MUTED, mid);
        pdf_end_text(p->page); /* the last thing drawn on the page */
    }
}

static void info(pdf_t *p)
{
    xmlNodePtr prog = xt_child(p->root, "program"), subj = xt_child(p->root, "subject");
    strbuf_t *sbp = &p->s2;
#define sb (*sbp)
    sb_reset(&sb);
    info_attr(p, HPDF_INFO_TITLE, at0(subj, "title"));
    sb_printf(&sb, "%s, %s %s", at0(prog, "name"), pdf_label(p, "as-of"), pdf_date_text(p, 0, at0(prog, "as-of")));
    info_attr(p, HPDF_INFO_SUBJECT, sb_str(&sb));
    HPDF_SetInfoAttr(p->pdf, HPDF_INFO_AUTHOR, "psreport");
    info_attr(p, HPDF_INFO_CREATOR, at0(p->root, "generated-by"));
    sb_reset(&sb);
    sb_printf(&sb, "Planning Services, compliance, %s, %s", at0(p->root, "scope"), at0(subj, "id"));
    info_attr(p, HPDF_INFO_KEYWORDS, sb_str(&sb));
#undef sb
    int y = 0, m = 0, d = 0;
    if (sscanf(at0(prog, "as-of"), "%d-%d-%d", &y, &m, &d) == 3) {
        HPDF_Date date = {y, m, d, 0, 0, 0, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_MOD_DATE, date);
    }
}

/* Notes every text of the model with the fonts: what a report draws is in its model. */
static void collect(pdf_fonts_t *f, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            pdf_fonts_add(f, (const char *)n->content);
        if (n->type == XML_ELEMENT_NODE) {
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                collect(f, a->children);
            collect(f, n->children);
        }
    }
}

/* Before saving: what every page would repeat, said once. libharu writes each page's
 * dictionary uncompressed with its own MediaBox and a ProcSet. The page size moves to the
 * page tree when all pages share it (MediaBox is inherited, ISO 32000-1 7.7.3.3), and
 * ProcSet, obsolete since PDF 1.4 (14.2), is left out: about 75 bytes a page. */
static void compact_pages(HPDF_Doc pdf, const HPDF_Page *pages, int n)
{
    if (n <= 0)
        return;
    HPDF_REAL w = HPDF_Page_GetWidth(pages[0]), h = HPDF_Page_GetHeight(pages[0]);
    int same = 1;
    for (int i = 1; i < n; i++)
        same &= HPDF_Page_GetWidth(pages[i]) == w && HPDF_Page_GetHeight(pages[i]) == h;
    if (same) {
        HPDF_Box box = {0, 0, w, h};
        same = HPDF_Dict_Add(pdf->root_pages, "MediaBox", HPDF_Box_Array_New(pdf->mmgr, box)) == HPDF_OK;
    }
    for (int i = 0; i < n; i++) {
        if (same)
            HPDF_Dict_RemoveElement(pages[i], "MediaBox");
        HPDF_Dict res = HPDF_Dict_GetItem(pages[i], "Resources", HPDF_OCLASS_DICT);
        if (res)
            HPDF_Dict_RemoveElement(res, "ProcSet");
    }
}

/* Saves the document into libharu's memory stream and writes it to out, packed
 * (pdf_pack.h). */
static int save(pdf_t *p, FILE *out)
{
    pdf_fonts_finish(p->fonts);
    compact_pages(p->pdf, p->pages, p->n_pages);
    if (HPDF_SaveToStream(p->pdf) != HPDF_OK || HPDF_ResetStream(p->pdf) != HPDF_OK)
        return 1;
    HPDF_UINT32 size = HPDF_GetStreamSize(p->pdf), got = size;
    HPDF_BYTE *buf = xmalloc(size ? size : 1);
    int rc = size == 0 || HPDF_ReadFromStream(p->pdf, buf, &got) != HPDF_OK || got != size ||
             pdf_pack(buf, size, out) != 0;
    free(buf);
    return rc;
}

/* Lays out the document and writes it to out. Returns 0, or 1 with the error in p->err. */
static int attempt(pdf_t *p, xmlDocPtr model, FILE *out)
{
    int jumped = setjmp(p->jb);
    if (jumped)
        return jumped;
    p->pdf = pdf_doc_new(on_error, p); /* one per document: each has its own font cuts */
    if (!p->pdf)
        alloc_fail();
    /* streams plain: pdf_pack deflates each once, faster than libharu's zlib */
    HPDF_SetCompressionMode(p->pdf, HPDF_COMP_NONE);
    collect(p->fonts, xmlDocGetRootElement(model));
    if (pdf_fonts_load(p->fonts, p->pdf, p->err, sizeof p->err) != 0)
        return 1;
    HPDF_SetPageMode(p->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    p->root = xmlDocGetRootElement(model);
    p->labels = xt_child(p->root, "labels");
    load_months(p);
    info(p);
    pdf_new_page(p);
    pdf_sections_draw(p);
    pdf_need(p, 0); /* a heading with nothing under it is still drawn */
    furniture(p);
    if (save(p, out) != 0) {
        snprintf(p->err, sizeof p->err, "cannot write the PDF");
        return 1;
    }
    return 0;
}

static void reset(pdf_t *p)
{
    if (p->pdf)
        HPDF_Free(p->pdf);
    p->pdf = NULL;
    pdf_fonts_free(p->fonts);
    p->fonts = NULL;
    free(p->pages);
    p->pages = NULL;
    p->n_pages = p->cap_pages = 0;
    p->cols = NULL;
}

int render_pdf(page_t *pg, xmlDocPtr model, FILE *out)
{
    FILE *warn = pg->opts->warn;
    pdf_t *p = xcalloc(1, sizeof *p);
    char font[4096];
    p->fonts = pdf_fonts_new(main_font(pg->opts->fonts_dir, font, sizeof font));
    int rc = attempt(p, model, out);
    unsigned first = 0;
    long replaced = pdf_fonts_replaced(p->fonts, &first);
    if (rc == 0 && replaced && warn)
        diag(warn, pg->name, 0, "warning",
             "%ld character(s) have no glyph in any installed font (first U+%04X) and are "
             "shown as '?'", replaced, first);
    if (rc != 0)
        snprintf(pg->why, sizeof pg->why, "%s", p->err[0] ? p->err : "the PDF could not be made");
    reset(p);
    free(p->lab);
    sb_free(&p->tmp);
    sb_free(&p->line);
    sb_free(&p->para);
    sb_free(&p->s1);
    sb_free(&p->s2);
    sb_free(&p->head);
    for (int i = 0; i < 12; i++)
        sb_free(&p->cells[i]);
    free(p);
    return rc == 0 ? 0 : -1;
}
