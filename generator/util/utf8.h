/* utf8.h - UTF-8 as the renderers read it: one code point at a time, and a string cut
 * to a width with "…".
 *
 * The text comes from libxml2, so it is valid UTF-8; these functions still never read
 * past the terminating NUL whatever the bytes are. */
#ifndef PSREPORT_UTF8_H
#define PSREPORT_UTF8_H

#include "util/strbuf.h"

/* The code point at *s, advancing *s past it. A malformed sequence gives what its bytes
 * spell (a stray continuation byte is returned as itself); a NUL is never skipped. */
unsigned utf8_next(const unsigned char **s);

/* Whether c is a combining mark drawn over or under the character before it (Latin
 * accents, Hebrew points, Arabic harakat, Thai vowels and tone marks, Indic signs). */
int utf8_is_mark(unsigned c);

/* The width of utf8 as a renderer measures it. */
typedef double (*utf8_width_fn)(void *ctx, const char *utf8);

/* Writes into out the string s when it is at most max_w wide, else the longest prefix
 * of whole characters followed by "…" that is (never cutting a character from its
 * combining marks), else "…" alone. Returns sb_str(out). */
const char *utf8_fit(strbuf_t *out, const char *s, double max_w, utf8_width_fn width,
                     void *ctx);

#endif
