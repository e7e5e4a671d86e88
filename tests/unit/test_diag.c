/* test_diag.c - util/diag.c: a diagnostic is one line whatever its words hold. */
#define _DEFAULT_SOURCE
#include "util/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - diag: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int escapes_to(const char *in, const char *want)
{
    strbuf_t b = {0};
    diag_escape(&b, in);
    int same = strcmp(sb_str(&b), want) == 0;
    if (!same)
        printf("# got '%s', want '%s'\n", sb_str(&b), want);
    sb_free(&b);
    return same;
}

int main(void)
{
    check(escapes_to("plain V-1 \xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80 \\d", "plain V-1 \xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80 \\d"),
          "printable ASCII, UTF-8 of 2, 3 and 4 bytes and backslashes stay as they are");
    check(escapes_to("a\nb\rc\td\x1b[31me\x7f", "a\\x0ab\\x0dc\\x09d\\x1b[31me\\x7f"),
          "C0 controls and DEL: \\xHH each");
    check(escapes_to("x\xc2\x9b" "31m\xc2\x85y\xc2\xa0z", "x\\xc2\\x9b31m\\xc2\\x85y\xc2\xa0z"),
          "C1 controls (U+009B, U+0085): each byte \\xHH; U+00A0 is not a control");
    check(escapes_to("\x80" "a\xc0\xaf" "b\xed\xa0\x80" "c\xf4\x90\x80\x80" "d\xe2\x82", "\\x80a\\xc0\\xafb\\xed\\xa0\\x80c\\xf4\\x90\\x80\\x80d\\xe2\\x82"),
          "invalid UTF-8 (stray continuation, overlong, surrogate, past U+10FFFF, cut short): \\xHH each byte");
    check(escapes_to(NULL, ""), "NULL is the empty string");

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag(f, "in\nx.xml", 12, "error", "duplicate ID '%s'", "V1\nx.xml:1: error: forged");
    diag(f, "a.xml", 0, "note", "no line");
    diag(NULL, "a.xml", 1, "error", "nowhere");
    char longer[2000];
    memset(longer, 'v', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    diag(f, "b.xml", 3, "error", "%s\n", longer);
    fclose(f);
    const char *want1 = "in\\x0ax.xml:12: error: duplicate ID 'V1\\x0ax.xml:1: error: forged'\n"
                        "a.xml: note: no line\n";
    check(strncmp(buf, want1, strlen(want1)) == 0, "diag: FILE:LINE: LEVEL: MESSAGE, escaped, one line each; no line when 0");
    const char *third = buf + strlen(want1);
    check(strncmp(third, "b.xml:3: error: vvv", 19) == 0 && strlen(third) == 16 + 1999 + 4 + 1 &&
              strcmp(third + strlen(third) - 5, "\\x0a\n") == 0,
          "a message longer than the first buffer is whole (and its own newline escaped)");
    free(buf);
    return failed;
}
