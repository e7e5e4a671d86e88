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
 */
#define _POSIX_C_SOURCE 200809L
#include "render_pdf.h"

#include "chart.h"
#include "pdf_font.h"
#include "render.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmltree.h"

#include <hpdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    pdf_t *p = user;
    snprintf(p->err, sizeof p->err, "libharu error 0x%04X (detail %u)", (unsigned)e,
             (unsigned)detail);
    longjmp(p->jb, 1);
}

void pdf_engine_free(void) { pdf_fonts_engine_free(); }

/* ---- text ---------------------------------------------------------------------------- */

/* Bold is the same width: it is the regular face filled and stroked. */
static double width_of(pdf_t *p, const char *utf8, double size, int bold)
{
    (void)bold;
    return pdf_fonts_width(p->fonts, utf8, size);
}

/* A colour component with 3 decimals (short in the content stream, and exact enough). */
static HPDF_REAL component(unsigned c) { return (HPDF_REAL)(floor(c / 255.0 * 1000 + 0.5) / 1000); }

/* Sets the fill colour when it changes (it is part of the graphics state). */
static void set_rgb(HPDF_Page page, unsigned c)
{
    HPDF_RGBColor now = HPDF_Page_GetRGBFill(page);
    HPDF_REAL r = component((c >> 16) & 255), g = component((c >> 8) & 255), b = component(c & 255);
    if (now.r != r || now.g != g || now.b != b)
        HPDF_Page_SetRGBFill(page, r, g, b);
}

/* Bold is the regular face filled and stroked: one embedded font per script instead of
 * two, half the size of a partner PDF. */
static void text_at(pdf_t *p, double x, double y, double size, int bold, unsigned color,
                    const char *utf8)
{
    set_rgb(p->page, color);
    if (bold) {
        HPDF_Page_SetRGBStroke(p->page, ((color >> 16) & 255) / 255.0f,
                               ((color >> 8) & 255) / 255.0f, (color & 255) / 255.0f);
        HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)(size * 0.035));
    }
    HPDF_Page_BeginText(p->page);
    if (bold)
        HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL_THEN_STROKE);
    pdf_fonts_show(p->fonts, p->page, x, y, size, utf8);
    if (bold)
        HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL);
    HPDF_Page_EndText(p->page);
}

struct fit_ctx {
    pdf_t *p;
    double size;
};

static double fit_width(void *ctx, const char *utf8)
{
    struct fit_ctx *f = ctx;
    return width_of(f->p, utf8, f->size, 0);
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
static int wrap(pdf_t *p, const char *utf8, double size, int bold, double w, strbuf_t *out)
{
    sb_reset(out);
    int lines = 0;
    const char *s = utf8 ? utf8 : "";
    strbuf_t line = p->line;
    if (width_of(p, s, size, bold) <= w) { /* the common case: it fits */
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
            double sw = width_of(p, sb_str(&line), size, bold);
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
                if (width_of(p, sb_str(&line), size, bold) > w && c != s)
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
        double w = width_of(p, sb_str(&line), size, bold);
        most = w > most ? w : most;
        s = e;
    }
    p->line = line;
    return most;
}

/* ---- the model ----------------------------------------------------------------------- */

static const char *at0(xmlNodePtr n, const char *name)
{
    const char *v = xt_at(n, name);
    return v ? v : "";
}

static const char *content(xmlNodePtr n)
{
    return n && n->children && n->children->type == XML_TEXT_NODE && n->children->content
               ? (const char *)n->children->content
               : "";
}

static const char *label(pdf_t *p, const char *key)
{
    for (xmlNodePtr l = p->labels ? p->labels->children : NULL; l; l = l->next)
        if (xt_is(l, "label") && strcmp(at0(l, "key"), key) == 0)
            return content(l);
    return key;
}

/* The ISO date iso as the reader reads it ("15 giugno 2021", util/date.c), in the row's
 * buffer slot (0..3); text that is not a date stays as it is. */
static const char *date_text(pdf_t *p, int slot, const char *iso)
{
    if (!p->months[0])
        return iso;
    return date_text_of_iso(iso, p->months, p->dates[slot], sizeof p->dates[slot]);
}

static void load_months(pdf_t *p)
{
    for (int i = 0; i < 12; i++) {
        char key[16];
        snprintf(key, sizeof key, "month-%d", i + 1);
        const char *m = label(p, key);
        p->months[i] = strcmp(m, key) ? m : NULL;
    }
    for (int i = 0; i < 12; i++)
        if (!p->months[i])
            p->months[0] = NULL; /* a model without month names: ISO dates */
}

/* ---- pages ----------------------------------------------------------------------------- */

static void new_page(pdf_t *p)
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
    HPDF_Page_SetRGBStroke(p->page, ((color >> 16) & 255) / 255.0f, ((color >> 8) & 255) / 255.0f,
                           (color & 255) / 255.0f);
    HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)w);
    HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)y);
    HPDF_Page_Stroke(p->page);
}

static void box(pdf_t *p, double x, double y, double w, double h, unsigned color)
{
    set_rgb(p->page, color);
    HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
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
static void need(pdf_t *p, double h)
{
    if (p->y - h - pending_height(p) < BOTTOM && p->y < TOP) {
        new_page(p);
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
    HPDF_SetCurrentEncoder(p->pdf, ascii(s) ? "WinAnsiEncoding" : "UTF-8");
    HPDF_SetInfoAttr(p->pdf, type, s);
    HPDF_SetCurrentEncoder(p->pdf, "UTF-8");
}

static HPDF_Outline outline(pdf_t *p, const char *title)
{
    const char *t = pdf_fonts_plain(p->fonts, title);
    HPDF_Outline o = HPDF_CreateOutline(p->pdf, NULL, t, ascii(t) ? NULL : HPDF_GetEncoder(p->pdf, "UTF-8"));
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
        text_at(p, ML, p->y - 14, 14, 1, C_HEAD, title);
        p->y -= 20;
        hline(p, ML, ML + CW, p->y, 0.8, C_HEAD);
        p->y -= 10;
    } else {
        text_at(p, ML, p->y - 11, 11, 1, C_INK, title);
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
        need(p, 0);
    p->pend[p->n_pend].title = title;
    p->pend[p->n_pend++].level = level;
}

static void heading(pdf_t *p, const char *title) { push_heading(p, title, 1); }

static void subheading(pdf_t *p, const char *title) { push_heading(p, title, 2); }

static void paragraph(pdf_t *p, const char *text, double size, int bold, unsigned color)
{
    int n = wrap(p, text, size, bold, CW, &p->para);
    const char *l = sb_str(&p->para);
    for (int i = 0; i < n; i++) {
        need(p, size + 4);
        text_at(p, ML, p->y - size, size, bold, color, l);
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
        int n = wrap(p, p->cols[i].head, head_size(p, i), 1, p->cols[i].w * CW - 6, &p->head);
        most = n > most ? n : most;
    }
    double h = most * T_LEAD + 8;
    box(p, ML, p->y - h, CW, h, C_HEAD);
    double x = ML;
    for (int i = 0; i < p->n_cols; i++) {
        double w = p->cols[i].w * CW, size = head_size(p, i);
        int n = wrap(p, p->cols[i].head, size, 1, w - 6, &p->head);
        const char *t = sb_str(&p->head);
        for (int k = 0; k < n; k++) { /* bottom-aligned, like the one-line headings */
            double tx = p->cols[i].right ? x + w - 3 - width_of(p, t, size, 1) : x + 3;
            text_at(p, tx, p->y - h + 5.5 + T_LEAD * (n - 1 - k), size, 1, 0xffffff, t);
            t += strlen(t) + 1;
        }
        x += w;
    }
    p->y -= h;
    p->head_h = h;
    p->zebra = 0;
}

static void table_begin(pdf_t *p, const col_t *cols, int n)
{
    need(p, 3 * (T_LEAD + 8)); /* the header and a row or two */
    p->cols = cols;
    p->n_cols = n;
    table_header(p);
}

static void table_end(pdf_t *p)
{
    p->cols = NULL;
    p->y -= 10;
}

/* One row: every cell wrapped whole in its column, colors[i] 0 = ink. A row that does
 * not fit the rest of the page starts on the next one; a row taller than a page breaks
 * across pages, the header repeated above each part. */
static void table_row(pdf_t *p, const char *const *cells, const unsigned *colors, int bold0)
{
    strbuf_t *lines = p->cells;
    int n = p->n_cols < 12 ? p->n_cols : 12;
    int n_lines[12], most = 1;
    const char *cur[12];
    for (int i = 0; i < n; i++) {
        n_lines[i] = wrap(p, cells[i], T_SIZE, bold0 && i == 0, p->cols[i].w * CW - 6, &lines[i]);
        most = n_lines[i] > most ? n_lines[i] : most;
        cur[i] = sb_str(&lines[i]);
    }
    int shade = p->zebra++ % 2;
    int page_lines = (int)((TOP - BOTTOM - p->head_h - 6) / T_LEAD);
    for (int done = 0; done < most;) {
        int left = most - done, room = (int)((p->y - BOTTOM - 6) / T_LEAD);
        if (room < left && (room < 2 || (done == 0 && left <= page_lines))) {
            new_page(p);
            table_header(p);
            continue;
        }
        int k = left < room ? left : room;
        double h = k * T_LEAD + 6;
        if (shade)
            box(p, ML, p->y - h, CW, h, C_ZEBRA);
        double x = ML;
        for (int i = 0; i < n; i++) {
            double w = p->cols[i].w * CW;
            for (int j = done; j < done + k && j < n_lines[i]; j++) {
                double tx = p->cols[i].right ? x + w - 3 - width_of(p, cur[i], T_SIZE, 0) : x + 3;
                text_at(p, tx, p->y - 3 - T_LEAD * (j - done + 1) + 2, T_SIZE, bold0 && i == 0,
                        colors && colors[i] ? colors[i] : C_INK, cur[i]);
                cur[i] += strlen(cur[i]) + 1;
            }
            x += w;
        }
        p->y -= h;
        done += k;
    }
}

static void more_rows(pdf_t *p, xmlNodePtr list)
{
    long total = strtol(at0(list, "total"), NULL, 10), shown = strtol(at0(list, "shown"), NULL, 10);
    if (shown >= total)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, "%ld %s", total - shown, label(p, "more-rows"));
    paragraph(p, buf, 8.5, 0, C_MUTED);
}

/* ---- sections ------------------------------------------------------------------------- */

static void title_block(pdf_t *p)
{
    xmlNodePtr prog = xt_child(p->root, "program"), subj = xt_child(p->root, "subject");
    box(p, ML, p->y - 4, CW, 4, C_HEAD);
    p->y -= 16;
    paragraph(p, at0(prog, "name"), 11, 0, C_MUTED);
    int n = wrap(p, at0(subj, "title"), 20, 1, CW, &p->para);
    const char *l = sb_str(&p->para);
    for (int i = 0; i < n; i++) {
        text_at(p, ML, p->y - 20, 20, 1, C_INK, l);
        p->y -= 25;
        l += strlen(l) + 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s %s  -  %s %s", label(p, "as-of"), date_text(p, 0, at0(prog, "as-of")),
             label(p, "generated-by"), at0(p->root, "generated-by"));
    paragraph(p, buf, 9, 0, C_MUTED);
    p->y -= 4;
}

/* With --baseline, "+3 since 2021-05-31" beside a headline figure that has a change. */
static void change_since(pdf_t *p, xmlNodePtr s, const char *attr, double x, double y)
{
    char name[64], buf[128];
    snprintf(name, sizeof name, "%s-change", attr);
    const char *d = xt_at(s, name);
    if (!d)
        return;
    snprintf(buf, sizeof buf, "%s%s %s %s", d[0] == '-' ? "" : "+", d, label(p, "since"),
             date_text(p, 0, at0(s, "baseline-as-of")));
    text_at(p, x, y, 7, 1, C_HEAD, buf);
}

/* A row of figure cards: each a number and, under it, its label with its unit. */
static void cards(pdf_t *p, xmlNodePtr s, const char *const (*c)[2], int n)
{
    enum { PER_ROW = 5 };
    double w = (CW - (PER_ROW - 1) * 6) / PER_ROW, h = 44;
    for (int i = 0; i < n; i++) { /* a card grows with its label: nothing is cut */
        int nl = wrap(p, label(p, c[i][0]), 7, 0, w - 10, &p->para);
        h = 28 + 8 * nl > h ? 28 + 8 * nl : h;
    }
    need(p, h + 6);
    for (int i = 0; i < n; i++) {
        double x = ML + i * (w + 6);
        box(p, x, p->y - h, w, h, C_ZEBRA);
        unsigned color = strcmp(c[i][1], "errors") == 0 || strcmp(c[i][1], "rejected") == 0
                             ? C_ERROR
                         : strcmp(c[i][1], "warnings") == 0 ? C_WARN : C_HEAD;
        text_at(p, x + 6, p->y - 19, 15, 1, color, at0(s, c[i][1]));
        int nl = wrap(p, label(p, c[i][0]), 7, 0, w - 10, &p->para);
        const char *l = sb_str(&p->para);
        for (int j = 0; j < nl; j++, l += strlen(l) + 1)
            text_at(p, x + 6, p->y - 29 - j * 8, 7, 0, C_MUTED, l);
        change_since(p, s, c[i][1], x + 6, p->y - 29 - nl * 8); /* under its label */
    }
    p->y -= h + 6;
}

/* "Where the risk is": rank, the first list's names and values, the second's. */
static void top_table(pdf_t *p, xmlNodePtr s, const char *kind)
{
    const char *head = label(p, strcmp(kind, "region") == 0 ? "regions" : "partners");
    col_t c[5] = {{label(p, "rank"), 0.1, 1}, {label(p, "most-errors"), 0.31, 0},
                  {label(p, "errors"), 0.09, 1}, {label(p, "most-days-at-risk"), 0.33, 0},
                  {label(p, "planning-days"), 0.17, 1}};
    subheading(p, head);
    table_begin(p, c, 5);
    strbuf_t *ap = &p->s1, *bp = &p->s2;
    for (int rank = 1; rank <= 5; rank++) {
        xmlNodePtr e = NULL, d = NULL;
        char want[8];
        snprintf(want, sizeof want, "%d", rank);
        for (xmlNodePtr t = s->children; t; t = t->next) {
            if (!xt_is(t, "top") || strcmp(at0(t, "kind"), kind) || strcmp(at0(t, "rank"), want))
                continue;
            if (strcmp(at0(t, "by"), "errors") == 0)
                e = t;
            else
                d = t;
        }
        if (!e && !d && rank > 1)
            break;
        sb_reset(ap);
        sb_reset(bp);
        if (e)
            sb_printf(ap, strcmp(kind, "region") == 0 ? "%s" : "%s %s", at0(e, "id"), at0(e, "name"));
        if (d)
            sb_printf(bp, strcmp(kind, "region") == 0 ? "%s" : "%s %s", at0(d, "id"), at0(d, "name"));
        const char *none = rank == 1 ? label(p, "none") : ""; /* an empty list says so once */
        const char *cells[5] = {want, e ? sb_str(ap) : none, e ? at0(e, "value") : "",
                                d ? sb_str(bp) : none, d ? at0(d, "value") : ""};
        unsigned colors[5] = {0, 0, e ? C_ERROR : 0, 0, d ? C_ERROR : 0};
        table_row(p, cells, colors, 0);
    }
    table_end(p);
}

/* Key figures. Programme and region: the manager's summary, every figure with its unit
 * in its label, where the risk is, and what falls due in 30, 60 and 90 days; closed
 * vouchers are counted here and not listed. Partner: its own figures. */
static void key_figures(pdf_t *p)
{
    xmlNodePtr s = xt_child(p->root, "summary");
    int partner = strcmp(at0(p->root, "scope"), "partner") == 0;
    heading(p, label(p, partner ? "key-figures" : "executive-summary"));
    static const char *const row1[5][2] = {{"open-vouchers", "open-vouchers"},
                                           {"open-days", "open-days"},
                                           {"errors", "errors"},
                                           {"warnings", "warnings"},
                                           {"rejected-records", "rejected"}};
    static const char *const row2[5][2] = {{"partners", "partners"},
                                           {"customers", "customers"},
                                           {"vouchers", "vouchers"},
                                           {"closed-vouchers", "closed-vouchers"},
                                           {"due-30", "due30-days"}};
    cards(p, s, row1, 5);
    cards(p, s, row2 + partner, 5 - partner);
    p->y -= 6;
    if (!partner) {
        subheading(p, label(p, "where-the-risk-is"));
        if (strcmp(at0(p->root, "scope"), "program") == 0)
            top_table(p, s, "region");
        top_table(p, s, "partner");
    }
    subheading(p, label(p, "falls-due"));
    col_t cd[3] = {{label(p, "due-within"), 0.5, 0}, {label(p, "vouchers"), 0.25, 1},
                   {label(p, "planning-days"), 0.25, 1}};
    table_begin(p, cd, 3);
    static const char *const due[3][3] = {{"within-30", "due30-vouchers", "due30-days"},
                                          {"within-60", "due60-vouchers", "due60-days"},
                                          {"within-90", "due90-vouchers", "due90-days"}};
    for (int d = 0; d < 3; d++) {
        const char *cells[3] = {label(p, due[d][0]), at0(s, due[d][1]), at0(s, due[d][2])};
        table_row(p, cells, NULL, 0);
    }
    table_end(p);
    subheading(p, label(p, "vouchers-by-status"));
    static const col_t cols[] = {{"", 0.5, 0}, {"", 0.25, 1}, {"", 0.25, 1}};
    col_t c[3];
    memcpy(c, cols, sizeof c);
    c[0].head = label(p, "status");
    c[1].head = label(p, "vouchers");
    c[2].head = label(p, "planning-days");
    table_begin(p, c, 3);
    for (xmlNodePtr st = s ? s->children : NULL; st; st = st->next) {
        if (!xt_is(st, "status"))
            continue;
        const char *cells[3] = {at0(st, "label"), at0(st, "count"), at0(st, "days")};
        table_row(p, cells, NULL, 0);
    }
    table_end(p);
}

static void inputs(pdf_t *p)
{
    xmlNodePtr ins = xt_child(p->root, "inputs");
    if (!ins)
        return;
    heading(p, label(p, "inputs"));
    col_t c[5] = {{label(p, "file"), 0.46, 0}, {label(p, "kind"), 0.15, 0},
                  {label(p, "records"), 0.13, 1}, {label(p, "kept"), 0.13, 1},
                  {label(p, "rejected"), 0.13, 1}};
    table_begin(p, c, 5);
    for (xmlNodePtr i = ins->children; i; i = i->next) {
        if (!xt_is(i, "input"))
            continue;
        const char *cells[5] = {at0(i, "path"), label(p, at0(i, "kind")), at0(i, "records"), at0(i, "kept"),
                                at0(i, "rejected")};
        unsigned colors[5] = {0, 0, 0, 0, strcmp(at0(i, "rejected"), "0") ? C_ERROR : 0};
        table_row(p, cells, colors, 0);
    }
    table_end(p);
}

static double cb_width(void *ctx, const char *utf8, double size)
{
    return width_of(ctx, utf8, size, 0);
}

static void cb_show(void *ctx, HPDF_Page page, double x, double y, double size, const char *utf8)
{
    pdf_t *p = ctx;
    HPDF_Page_BeginText(page);
    pdf_fonts_show(p->fonts, page, x, y, size, utf8);
    HPDF_Page_EndText(page);
}

static void charts(pdf_t *p)
{
    xmlNodePtr cs = xt_child(p->root, "charts");
    if (!cs)
        return;
    heading(p, label(p, "charts"));
    chart_pdf_text_t cb = {p, cb_width, cb_show};
    for (xmlNodePtr c = cs->children; c; c = c->next) {
        if (!xt_is(c, "chart"))
            continue;
        chart_t ch;
        const char *why = NULL;
        if (chart_from_xml(c, &ch, &why) != 0)
            continue;
        double w, h;
        chart_size(&ch, &w, &h);
        double cw = CW * 0.9, scale = cw / w; /* two charts a page, text still >= 6 pt */
        subheading(p, at0(c, "title"));
        need(p, h * scale + 30);
        double used = chart_pdf(&ch, p->page, &cb, ML + (CW - cw) / 2, p->y, cw);
        chart_free(&ch);
        if (used < 0) {
            snprintf(p->err, sizeof p->err, "chart %s could not be drawn", at0(c, "id"));
            longjmp(p->jb, 1);
        }
        p->y -= used + 4;
        paragraph(p, at0(c, "caption"), 8, 0, C_MUTED);
        p->y -= 6;
    }
}

static void regions(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "regions");
    if (!rs)
        return;
    heading(p, label(p, "regions"));
    col_t c[6] = {{label(p, "region"), 0.2, 0},   {label(p, "partners"), 0.16, 1},
                  {label(p, "vouchers"), 0.16, 1}, {label(p, "errors"), 0.16, 1},
                  {label(p, "warnings"), 0.16, 1}, {label(p, "open-days"), 0.16, 1}};
    table_begin(p, c, 6);
    for (xmlNodePtr r = rs->children; r; r = r->next) {
        if (!xt_is(r, "region"))
            continue;
        const char *cells[6] = {at0(r, "id"), at0(r, "partners"), at0(r, "vouchers"),
                                at0(r, "errors"), at0(r, "warnings"), at0(r, "open-days")};
        table_row(p, cells, NULL, 1);
    }
    table_end(p);
}

static void eligibility(pdf_t *p, xmlNodePtr pa)
{
    heading(p, label(p, "eligibility"));
    char buf[256];
    xmlNodePtr ag = xt_child(pa, "agreement"), pr = xt_child(pa, "profile");
    snprintf(buf, sizeof buf, "%s: %s", label(p, "agreement"),
             ag ? date_text(p, 0, at0(ag, "signed")) : label(p, "no-agreement"));
    paragraph(p, buf, 9, 0, ag ? C_INK : C_ERROR);
    snprintf(buf, sizeof buf, "%s: %s", label(p, "profile"),
             pr ? date_text(p, 0, at0(pr, "updated")) : label(p, "no-profile"));
    paragraph(p, buf, 9, 0, pr ? C_INK : C_WARN);
    subheading(p, label(p, "enrollments"));
    col_t ce[3] = {{label(p, "offering"), 0.2, 0}, {label(p, "name"), 0.6, 0}, {label(p, "date"), 0.2, 0}};
    table_begin(p, ce, 3);
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "enrollment")) {
            const char *cells[3] = {at0(e, "offering"), at0(e, "offering-name"),
                                    date_text(p, 0, at0(e, "date"))};
            table_row(p, cells, NULL, 0);
        }
    table_end(p);
    subheading(p, label(p, "competencies"));
    col_t cc[5] = {{label(p, "name"), 0.4, 0}, {label(p, "level"), 0.12, 0},
                   {label(p, "earned"), 0.16, 0}, {label(p, "expires"), 0.16, 0},
                   {label(p, "valid"), 0.16, 0}};
    table_begin(p, cc, 5);
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "competency")) {
            int valid = strcmp(at0(e, "valid"), "true") == 0;
            const char *cells[5] = {at0(e, "name"), at0(e, "level"), date_text(p, 0, at0(e, "earned")),
                                    xt_at(e, "expires") ? date_text(p, 1, at0(e, "expires")) : label(p, "never"),
                                    label(p, valid ? "yes" : "no")};
            unsigned colors[5] = {0, 0, 0, 0, valid ? 0x1e8449 : C_ERROR};
            table_row(p, cells, colors, 0);
        }
    table_end(p);
    subheading(p, label(p, "consultants"));
    col_t ck[3] = {{label(p, "consultant"), 0.2, 0}, {label(p, "name"), 0.3, 0}, {label(p, "exams"), 0.5, 0}};
    table_begin(p, ck, 3);
    strbuf_t *exp_ = &p->s1;
#define ex (*exp_)
    for (xmlNodePtr e = pa->children; e; e = e->next)
        if (xt_is(e, "consultant")) {
            sb_reset(&ex);
            for (xmlNodePtr x = e->children; x; x = x->next)
                if (xt_is(x, "exam"))
                    sb_printf(&ex, "%s%s (%s)", ex.len ? ", " : "", at0(x, "id"),
                              date_text(p, 0, at0(x, "passed")));
            const char *cells[3] = {at0(e, "id"), at0(e, "name"), sb_str(&ex)};
            table_row(p, cells, NULL, 0);
        }
#undef ex
    table_end(p);
}

static void partners(pdf_t *p)
{
    xmlNodePtr ps = xt_child(p->root, "partners");
    if (!ps)
        return;
    if (strcmp(at0(p->root, "scope"), "partner") == 0) {
        xmlNodePtr pa = xt_child(ps, "partner");
        if (pa)
            eligibility(p, pa);
        return;
    }
    heading(p, label(p, "partners-ranked"));
    col_t c[8] = {{label(p, "rank"), 0.1, 1},     {label(p, "partner"), 0.11, 0},
                  {label(p, "name"), 0.29, 0},    {label(p, "region"), 0.1, 0},
                  {label(p, "errors"), 0.1, 1},   {label(p, "warnings"), 0.1, 1},
                  {label(p, "vouchers"), 0.1, 1}, {label(p, "open-days"), 0.1, 1}};
    table_begin(p, c, 8);
    for (xmlNodePtr r = ps->children; r; r = r->next) {
        if (!xt_is(r, "partner"))
            continue;
        const char *cells[8] = {at0(r, "rank"),   at0(r, "id"),       at0(r, "name"),
                                at0(r, "region"), at0(r, "errors"),   at0(r, "warnings"),
                                at0(r, "vouchers"), at0(r, "open-days")};
        unsigned colors[8] = {0, 0, 0, 0, strcmp(at0(r, "errors"), "0") ? C_ERROR : 0,
                              strcmp(at0(r, "warnings"), "0") ? C_WARN : 0, 0, 0};
        table_row(p, cells, colors, 0);
    }
    table_end(p);
    more_rows(p, ps);
}

/* The vouchers. Programme and region: the open ones only, with their partner; the
 * closed ones are counted in the summary (their rows would fill most of the pages). */
static void vouchers(pdf_t *p)
{
    xmlNodePtr vs = xt_child(p->root, "vouchers");
    if (!vs)
        return;
    int wide = strcmp(at0(p->root, "scope"), "partner") != 0;
    heading(p, label(p, wide ? "open-vouchers" : "vouchers"));
    long closed = 0, open = 0;
    for (xmlNodePtr v = vs->children; v; v = v->next)
        if (xt_is(v, "voucher"))
            *(xt_at(v, "deadline-kind") ? &open : &closed) += 1;
    if (!open && (!closed || wide)) {
        paragraph(p, label(p, "no-vouchers"), 9, 0, C_MUTED);
    } else {
        col_t pc[9] = {{label(p, "voucher"), 0.145, 0},  {label(p, "partner"), 0.085, 0},
                       {label(p, "customer"), 0.145, 0},  {label(p, "engagement"), 0.145, 0},
                       {label(p, "days"), 0.06, 1},       {label(p, "status"), 0.1, 0},
                       {label(p, "deadline"), 0.11, 0},   {label(p, "deadline-kind"), 0.1, 0},
                       {label(p, "days-remaining"), 0.11, 1}};
        col_t c[8]; /* a partner's page leaves out the partner */
        for (int i = 0, j = 0; !wide && i < 9; i++)
            if (i != 1)
                c[j++] = pc[i];
        if (!wide) {
            c[0].w = 0.15, c[1].w = 0.18, c[2].w = 0.18, c[3].w = 0.06, c[4].w = 0.12;
            c[5].w = 0.11, c[6].w = 0.1, c[7].w = 0.1;
        }
        table_begin(p, wide ? pc : c, wide ? 9 : 8);
        strbuf_t *custp = &p->s1;
#define cust (*custp)
        for (xmlNodePtr v = vs->children; v; v = v->next) {
            if (!xt_is(v, "voucher") || (wide && !xt_at(v, "deadline-kind")))
                continue;
            sb_reset(&cust);
            sb_printf(&cust, "%s%s%s", at0(v, "customer"), xt_at(v, "customer-name") ? " " : "",
                      at0(v, "customer-name"));
            const char *tier = at0(v, "tier");
            unsigned tc = !strcmp(tier, "red") ? C_ERROR : !strcmp(tier, "amber") ? C_WARN
                          : !strcmp(tier, "green") ? 0x1e8449 : 0;
            const char *all[9] = {at0(v, "id"),      at0(v, "partner"), sb_str(&cust),
                                  xt_at(v, "engagement-name") ? at0(v, "engagement-name")
                                                           : at0(v, "engagement"),
                                  at0(v, "days"),    at0(v, "status-label"),
                                  date_text(p, 0, at0(v, "deadline")), at0(v, "deadline-label"),
                                  at0(v, "days-remaining")};
            unsigned allc[9] = {0, 0, 0, 0, 0, 0, tc, 0, tc};
            const char *cells[9];
            unsigned colors[9];
            for (int i = 0, j = 0; i < 9; i++)
                if (wide || i != 1) {
                    cells[j] = all[i];
                    colors[j++] = allc[i];
                }
            table_row(p, cells, colors, 0);
        }
#undef cust
        table_end(p);
    }
    if (wide) { /* the closed ones of the whole scope, not only of the model's rows */
        long total = strtol(at0(xt_child(p->root, "summary"), "closed-vouchers"), NULL, 10);
        char buf[512];
        snprintf(buf, sizeof buf, "%ld %s", total, label(p, "closed-not-listed"));
        paragraph(p, buf, 8.5, 0, C_MUTED);
    }
    if (!wide) {
        more_rows(p, vs);
        return;
    }
    /* a capped model holds the open vouchers first: rows beyond it are open ones only
     * when it holds no closed one */
    long open_total = strtol(at0(xt_child(p->root, "summary"), "open-vouchers"), NULL, 10);
    if (closed == 0 && open_total > open) {
        char buf[256];
        snprintf(buf, sizeof buf, "%ld %s", open_total - open, label(p, "more-rows"));
        paragraph(p, buf, 8.5, 0, C_MUTED);
    }
}

static void findings(pdf_t *p)
{
    xmlNodePtr fs = xt_child(p->root, "findings");
    if (!fs)
        return;
    heading(p, label(p, "findings"));
    if (!xt_child(fs, "finding")) {
        paragraph(p, label(p, "no-findings"), 9, 0, C_MUTED);
        return;
    }
    int wide = strcmp(at0(p->root, "scope"), "partner") != 0;
    col_t pc[4] = {{label(p, "severity"), 0.1, 0}, {label(p, "rule"), 0.2, 0},
                   {label(p, "message"), 0.58, 0}, {label(p, "date"), 0.12, 0}};
    col_t wc[6] = {{label(p, "severity"), 0.08, 0}, {label(p, "rule"), 0.15, 0},
                   {label(p, "partner"), 0.085, 0}, {label(p, "voucher"), 0.145, 0},
                   {label(p, "message"), 0.43, 0},  {label(p, "date"), 0.11, 0}};
    table_begin(p, wide ? wc : pc, wide ? 6 : 4);
    strbuf_t *textp = &p->s1, *rulep = &p->s2;
#define text (*textp)
#define rule (*rulep)
    for (xmlNodePtr f = fs->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        sb_reset(&text);
        sb_printf(&text, "%s %s: %s", content(xt_child(f, "message")), label(p, "remedy"),
                  content(xt_child(f, "remedy")));
        sb_reset(&rule);
        if (strcmp(at0(f, "change"), "new") == 0) /* a word, not a colour: reads in grey */
            sb_printf(&rule, "%s: ", label(p, "new"));
        sb_puts(&rule, at0(f, "title"));
        if (xt_at(f, "file"))
            sb_printf(&rule, " (%s:%s)", at0(f, "file"), at0(f, "line"));
        int err = strcmp(at0(f, "severity"), "error") == 0;
        /* what it is about: the voucher, else the customer */
        const char *about = xt_at(f, "voucher") ? at0(f, "voucher") : at0(f, "customer");
        const char *wcells[6] = {at0(f, "severity-label"), sb_str(&rule), at0(f, "partner"),
                                 about, sb_str(&text), date_text(p, 0, at0(f, "date"))};
        const char *pcells[4] = {at0(f, "severity-label"), sb_str(&rule), sb_str(&text),
                                 date_text(p, 0, at0(f, "date"))};
        unsigned colors[6] = {err ? C_ERROR : C_WARN, 0, 0, 0, 0, 0};
        table_row(p, wide ? wcells : pcells, colors, 1);
    }
#undef text
#undef rule
    table_end(p);
    more_rows(p, fs);
}

/* The partner's page 1: errors first, then what falls due soonest (report.c orders
 * them); each row says by when, how many days that leaves, about what, and what to do. */
/* Waived findings: every one shown with its waiver (id, reason, approver, expiry). */
static void waived(pdf_t *p)
{
    xmlNodePtr ws = xt_child(p->root, "waived");
    if (!ws || !xt_child(ws, "finding"))
        return;
    heading(p, label(p, "waived"));
    paragraph(p, label(p, "waived-intro"), 9, 0, C_MUTED);
    /* the finding by its rule and subject (its message is in the HTML and the findings
     * files); the columns go to the waiver, which a cell of at most 4 lines must hold */
    col_t c[4] = {{label(p, "rule"), 0.28, 0},
                  {label(p, "reason"), 0.44, 0},
                  {label(p, "approved-by"), 0.15, 0},
                  {label(p, "waiver-expires"), 0.13, 0}};
    table_begin(p, c, 4);
    for (xmlNodePtr f = ws->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        const char *subject = xt_at(f, "voucher") ? at0(f, "voucher")
                              : xt_at(f, "customer") ? at0(f, "customer")
                                                  : at0(f, "partner");
        sb_reset(&p->s1);
        sb_printf(&p->s1, "%s: %s, %s", at0(f, "severity-label"), at0(f, "title"), subject);
        sb_reset(&p->s2);
        sb_printf(&p->s2, "%s %s: %s", label(p, "waiver"), at0(f, "waiver"),
                  content(xt_child(f, "waiver-reason")));
        const char *cells[4] = {sb_str(&p->s1), sb_str(&p->s2), at0(f, "waiver-approved-by"),
                                date_text(p, 1, at0(f, "waiver-expires"))};
        table_row(p, cells, NULL, 1);
    }
    table_end(p);
    more_rows(p, ws);
}

/* With --baseline: the findings of the previous report that are gone. */
static void resolved(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "resolved");
    if (!rs)
        return;
    char head[160];
    snprintf(head, sizeof head, "%s %s", label(p, "resolved-since"),
             date_text(p, 0, at0(rs, "since")));
    heading(p, head);
    if (!xt_child(rs, "finding")) {
        paragraph(p, label(p, "no-resolved"), 9, 0, C_MUTED);
        return;
    }
    col_t c[3] = {{label(p, "rule"), 0.26, 0}, {label(p, "message"), 0.62, 0},
                  {label(p, "date"), 0.12, 0}};
    table_begin(p, c, 3);
    for (xmlNodePtr f = rs->children; f; f = f->next) {
        if (!xt_is(f, "finding"))
            continue;
        sb_reset(&p->s1);
        sb_printf(&p->s1, "%s: %s", at0(f, "severity-label"), at0(f, "title"));
        const char *cells[3] = {sb_str(&p->s1), content(xt_child(f, "message")),
                                date_text(p, 0, at0(f, "date"))};
        table_row(p, cells, NULL, 1);
    }
    table_end(p);
    more_rows(p, rs);
}

static void actions(pdf_t *p)
{
    xmlNodePtr as = xt_child(p->root, "actions");
    if (!as)
        return;
    heading(p, label(p, "next-actions"));
    if (!xt_child(as, "action")) {
        paragraph(p, label(p, "no-actions"), 9, 0, C_MUTED);
        return;
    }
    col_t c[4] = {{label(p, "act-by"), 0.17, 0}, {label(p, "days-left"), 0.09, 1},
                  {label(p, "subject"), 0.16, 0}, {label(p, "remedy"), 0.58, 0}};
    table_begin(p, c, 4);
    strbuf_t *textp = &p->s1;
#define text (*textp)
    for (xmlNodePtr a = as->children; a; a = a->next) {
        if (!xt_is(a, "action"))
            continue;
        long d = strtol(at0(a, "days-remaining"), NULL, 10);
        int dated = xt_at(a, "date") != NULL, err = strcmp(at0(a, "severity"), "error") == 0;
        unsigned tc = !dated ? C_MUTED : d <= 30 ? C_ERROR : d <= 90 ? C_WARN : 0x1e8449;
        const char *kind = at0(a, "kind");
        const char *when = dated ? date_text(p, 0, at0(a, "date"))
                           : label(p, strcmp(kind, "record") == 0 ? "for-the-record"
                                      : strcmp(kind, "notice") == 0 ? "for-information"
                                                                     : "no-date");
        sb_reset(&text);
        if (xt_at(a, "title"))
            sb_printf(&text, "%s (%s): ", at0(a, "title"), at0(a, "severity-label"));
        sb_puts(&text, content(a));
        const char *cells[4] = {when, at0(a, "days-remaining"), at0(a, "subject"), sb_str(&text)};
        unsigned colors[4] = {tc, tc, err ? C_ERROR : xt_at(a, "severity") ? C_WARN : 0, 0};
        table_row(p, cells, colors, 0);
    }
#undef text
    table_end(p);
}

static void rules_appendix(pdf_t *p)
{
    xmlNodePtr rs = xt_child(p->root, "rules");
    if (!rs)
        return;
    new_page(p);
    heading(p, label(p, "rules-appendix"));
    strbuf_t *sbp = &p->s1;
#define sb (*sbp)
    for (xmlNodePtr r = rs->children; r; r = r->next) {
        if (!xt_is(r, "rule"))
            continue;
        need(p, 50);
        int err = strcmp(at0(r, "severity"), "error") == 0;
        sb_reset(&sb);
        sb_printf(&sb, "%s  (%s)", at0(r, "title"), label(p, err ? "errors" : "warnings"));
        paragraph(p, sb_str(&sb), 9.5, 1, err ? C_ERROR : C_WARN);
        p->y += 3;
        paragraph(p, content(xt_child(r, "description")), 8.5, 0, C_INK);
        p->y += 3;
        sb_reset(&sb);
        sb_printf(&sb, "%s: %s  [%s]", label(p, "remedy"), content(xt_child(r, "remedy")),
                  at0(r, "step-label"));
        paragraph(p, sb_str(&sb), 8.5, 0, C_MUTED);
    }
#undef sb
}

/* The report details (the model's <details>), the last section: what support files with
 * a ticket. Every value is whole; a SHA-256 fits its column on one line. */
static void details(pdf_t *p)
{
    xmlNodePtr d = xt_child(p->root, "details"), subj = xt_child(p->root, "subject");
    if (!d)
        return;
    heading(p, label(p, "report-details"));
    static const col_t c[2] = {{"", 0.26, 0}, {"", 0.74, 0}}; /* a list: no header row */
    table_begin(p, c, 2);
    strbuf_t *sb = &p->s1;
    xmlNodePtr pg = xt_child(d, "program");
    const char *rows[][2] = {
        {label(p, "report-id"), at0(d, "id")},
        {label(p, "scope"), at0(subj, "title")},
        {label(p, "as-of"), date_text(p, 0, at0(xt_child(p->root, "program"), "as-of"))},
        {label(p, "generated"), at0(d, "generated")},
        {label(p, "psreport-version"), at0(d, "version")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        table_row(p, rows[i], NULL, 1);
    sb_reset(sb);
    sb_printf(sb, "%s (%s, %s %s), %s", at0(pg, "name"), at0(pg, "id"), label(p, "version"),
              at0(pg, "version"), at0(pg, "file"));
    const char *prow[2] = {label(p, "programme-definition"), sb_str(sb)};
    table_row(p, prow, NULL, 1);
    const char *hrow[2] = {label(p, "sha256"), at0(pg, "sha256")};
    table_row(p, hrow, NULL, 0);
    for (xmlNodePtr i = d->children; i; i = i->next) {
        if (!xt_is(i, "input"))
            continue;
        sb_reset(sb);
        sb_printf(sb, "%s (%s)", at0(i, "file"), at0(i, "kind"));
        if (xt_at(i, "exported"))
            sb_printf(sb, ", %s %s", label(p, "exported"), at0(i, "exported"));
        const char *irow[2] = {label(p, "input-file"), sb_str(sb)};
        table_row(p, irow, NULL, 1);
        const char *shrow[2] = {label(p, "sha256"), xt_at(i, "sha256") ? at0(i, "sha256") : "-"};
        table_row(p, shrow, NULL, 0);
    }
    table_end(p);
}

/* The running header's title, at most w wide: a long name is shortened, never the ID
 * after it. Result in p->s2. */
static const char *header_title(pdf_t *p, xmlNodePtr subj, double w)
{
    strbuf_t *sb = &p->s2;
    sb_reset(sb);
    const char *title = at0(subj, "title");
    if (width_of(p, title, 8, 1) <= w || strcmp(at0(subj, "kind"), "partner") != 0) {
        sb_puts(sb, fit(p, title, 8, 1, w));
        return sb_str(sb);
    }
    char tail[300];
    snprintf(tail, sizeof tail, " (%s)", at0(subj, "id"));
    sb_printf(sb, "%s: ", label(p, "partner-report"));
    double room = w - width_of(p, sb_str(sb), 8, 1) - width_of(p, tail, 8, 1);
    if (room < w * 0.3) { /* too narrow for the label as well: the name and the ID */
        sb_reset(sb);
        room = w - width_of(p, tail, 8, 1);
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
        const char *t = header_title(p, subj, CW * 0.6);
        double tw = width_of(p, t, 8, 1);
        text_at(p, ML + CW - tw, PAGE_H - 34, 8, 1, C_INK, t);
        text_at(p, ML, PAGE_H - 34, 8, 0, C_MUTED, fit(p, at0(prog, "name"), 8, 0, CW - tw - 12));
        hline(p, ML, ML + CW, PAGE_H - 40, 0.5, C_RULE);
        hline(p, ML, ML + CW, 38, 0.5, C_RULE);
        snprintf(buf, sizeof buf, "%s %s", label(p, "as-of"), date_text(p, 0, at0(prog, "as-of")));
        text_at(p, ML, 26, 8, 0, C_MUTED, buf);
        snprintf(buf, sizeof buf, "%s %d %s %d", label(p, "page"), i + 1, label(p, "of"), p->n_pages);
        text_at(p, ML + CW - width_of(p, buf, 8, 0), 26, 8, 0, C_MUTED, buf);
        const char *mid = "psreport";
        text_at(p, ML + CW / 2 - width_of(p, mid, 8, 0) / 2, 26, 8, 0, C_MUTED, mid);
    }
}

static void info(pdf_t *p)
{
    xmlNodePtr prog = xt_child(p->root, "program"), subj = xt_child(p->root, "subject");
    strbuf_t *sbp = &p->s2;
#define sb (*sbp)
    sb_reset(&sb);
    info_attr(p, HPDF_INFO_TITLE, at0(subj, "title"));
    sb_printf(&sb, "%s, %s %s", at0(prog, "name"), label(p, "as-of"), date_text(p, 0, at0(prog, "as-of")));
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

/* Copies the saved document from libharu's memory stream to out. */
static int save(pdf_t *p, FILE *out)
{
    HPDF_BYTE buf[16384];
    if (HPDF_SaveToStream(p->pdf) != HPDF_OK || HPDF_ResetStream(p->pdf) != HPDF_OK)
        return 1;
    for (HPDF_UINT32 left = HPDF_GetStreamSize(p->pdf); left > 0;) {
        HPDF_UINT32 n = left < sizeof buf ? left : (HPDF_UINT32)sizeof buf;
        if (HPDF_ReadFromStream(p->pdf, buf, &n) != HPDF_OK || n == 0 ||
            fwrite(buf, 1, n, out) != n)
            return 1;
        left -= n;
    }
    return 0;
}

/* Lays out the document and writes it to out. Returns 0, or 1 with the error in p->err. */
static int attempt(pdf_t *p, xmlDocPtr model, FILE *out)
{
    int jumped = setjmp(p->jb);
    if (jumped)
        return jumped;
    p->pdf = HPDF_New(on_error, p); /* one per document: each has its own font cuts */
    if (!p->pdf)
        alloc_fail();
    HPDF_SetCompressionMode(p->pdf, HPDF_COMP_ALL);
    collect(p->fonts, xmlDocGetRootElement(model));
    if (pdf_fonts_load(p->fonts, p->pdf, p->err, sizeof p->err) != 0)
        return 1;
    HPDF_SetPageMode(p->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    p->root = xmlDocGetRootElement(model);
    p->labels = xt_child(p->root, "labels");
    load_months(p);
    info(p);
    new_page(p);
    title_block(p);
    if (strcmp(at0(p->root, "scope"), "partner") == 0) {
        actions(p); /* page 1 is what to do */
        key_figures(p);
        partners(p); /* eligibility */
        findings(p);
        waived(p);
        resolved(p);
        vouchers(p);
        charts(p);
    } else {
        key_figures(p);
        charts(p);
        regions(p);
        partners(p);
        findings(p);
        waived(p);
        resolved(p);
        vouchers(p);
        inputs(p);
    }
    rules_appendix(p);
    details(p);
    need(p, 0); /* a heading with nothing under it is still drawn */
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
    const char *dir = pg->opts->fonts_dir;
    snprintf(font, sizeof font, "%s/DejaVuSans.ttf", dir ? dir : "");
    p->fonts = pdf_fonts_new(dir && *dir ? font : NULL);
    int rc = attempt(p, model, out);
    unsigned first = 0;
    long replaced = pdf_fonts_replaced(p->fonts, &first);
    if (rc == 0 && replaced && warn)
        fprintf(warn, "%s: warning: %ld character(s) have no glyph in any installed font "
                      "(first U+%04X) and are shown as '?'\n",
                pg->name, replaced, first);
    if (rc != 0)
        snprintf(pg->why, sizeof pg->why, "%s", p->err[0] ? p->err : "the PDF could not be made");
    reset(p);
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
