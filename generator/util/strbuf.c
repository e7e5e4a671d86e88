/* strbuf.c - doubling growth (out of memory ends the run: util/alloc.h). */
#include "strbuf.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(strbuf_t *b, size_t need)
{
    if (b->len + need + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + need + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void sb_put(strbuf_t *b, const char *s, size_t n)
{
    grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_puts(strbuf_t *b, const char *s) { sb_put(b, s, strlen(s)); }
void sb_putc(strbuf_t *b, char c) { sb_put(b, &c, 1); }

void sb_printf(strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_reset(strbuf_t *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

void sb_free(strbuf_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

const char *sb_str(strbuf_t *b) { return b->s ? b->s : ""; }
