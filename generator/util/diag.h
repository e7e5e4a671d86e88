/* diag.h - the one printer of diagnostics: "FILE:LINE: LEVEL: MESSAGE", one line each.
 *
 * A diagnostic quotes what it is about: a file name, an ID, a value of the input. Any of
 * them may hold a newline or a terminal escape, and printed raw would forge a line of its
 * own ("x.xml:1: error: ...") or drive the terminal. So every diagnostic goes through
 * diag(), which escapes the file name and the message: each byte of a control character
 * (C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F) and each byte that is not part of
 * valid UTF-8 is written as \xHH, lowercase hex (a newline as \x0a, a tab as \x09,
 * U+009B as \xc2\x9b). One form for all of them, so a reader (or a grep) needs to know
 * one rule. Backslashes are left as they are (libxml2's messages quote patterns such as
 * \d): the escaped form is for reading, not for decoding back.
 */
#ifndef PSREPORT_DIAG_H
#define PSREPORT_DIAG_H

#include "util/strbuf.h"

#include <stdio.h>

/* Writes "FILE:LINE: LEVEL: MESSAGE\n" to f (":LINE" only when line > 0), the message
 * made from fmt as printf does; file and message escaped as above. Nothing when f is
 * NULL. One fputs, so lines of several threads or workers do not interleave. */
void diag(FILE *f, const char *file, long line, const char *level, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends s with its control characters and invalid UTF-8 escaped as above. */
void diag_escape(strbuf_t *out, const char *s);

#endif
