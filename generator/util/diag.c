/* diag.c - diagnostics on one line each, whatever the input says (see diag.h). */
#include "util/diag.h"

#include "util/alloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0 when s does not start one
 * (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short). */
static int utf8_valid_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    int n;
    unsigned char lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong form */
        hi = c == 0xED ? 0x9F : 0xBF; /* no surrogate */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static void put_hex(strbuf_t *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    sb_put(out, e, sizeof e);
}

void diag_escape(strbuf_t *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        int n = utf8_valid_len(p);
        /* C1 controls are U+0080-U+009F: 0xC2 0x80 .. 0xC2 0x9F */
        int control = n == 1 ? (*p < 0x20 || *p == 0x7F) : n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
        if (n == 0) {
            put_hex(out, *p++);
        } else if (control) {
            for (int i = 0; i < n; i++)
                put_hex(out, *p++);
        } else {
            sb_put(out, (const char *)p, (size_t)n);
            p += n;
        }
    }
}

void diag(FILE *f, const char *file, long line, const char *level, const char *fmt, ...)
{
    if (!f)
        return;
    strbuf_t msg = {0}, out = {0};
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small) { /* a long one (libxml2 quotes whole values) */
        char *big = xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sb_puts(&msg, big);
        free(big);
    } else if (n > 0) {
        sb_puts(&msg, small);
    }
    diag_escape(&out, file);
    if (line > 0)
        sb_printf(&out, ":%ld", line);
    sb_printf(&out, ": %s: ", level);
    diag_escape(&out, sb_str(&msg));
    sb_putc(&out, '\n');
    fputs(sb_str(&out), f);
    sb_free(&msg);
    sb_free(&out);
}
