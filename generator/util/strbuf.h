/* strbuf.h - a growable byte buffer, always NUL-terminated. */
#ifndef PSREPORT_STRBUF_H
#define PSREPORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *s;
    size_t len, cap;
    int oom; /* always 0: out of memory ends the run (util/alloc.h). Goes when
              * pdf_font.c stops testing it. */
} strbuf_t;

void sb_put(strbuf_t *b, const char *s, size_t n);
void sb_puts(strbuf_t *b, const char *s);
void sb_putc(strbuf_t *b, char c);
void sb_printf(strbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(strbuf_t *b);
void sb_free(strbuf_t *b);
const char *sb_str(strbuf_t *b); /* "" when empty */

#endif
