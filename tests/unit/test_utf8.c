/* test_utf8.c - reading code points and cutting a string to a width with "…". */
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - utf8: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

/* every code point counts 1, "…" too: widths in characters */
static double count(void *ctx, const char *s)
{
    (void)ctx;
    double n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        utf8_next(&p);
        n++;
    }
    return n;
}

static unsigned cp(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return utf8_next(&p);
}

int main(void)
{
    check(cp("A") == 'A', "ASCII");
    check(cp("\xC3\xA9") == 0xE9, "two bytes: e acute");
    check(cp("\xE6\x9D\xB1") == 0x6771, "three bytes: a Han character");
    check(cp("\xF0\x9F\x98\x80") == 0x1F600, "four bytes: beyond the BMP");
    const unsigned char *p = (const unsigned char *)"\xE6\x9D";
    unsigned c = utf8_next(&p);
    check(*p == '\0' && c == ((0x6u << 6) | 0x1D), "a cut sequence stops at the NUL");
    p = (const unsigned char *)"";
    utf8_next(&p);
    check(*p == '\0', "the NUL is never skipped");
    p = (const unsigned char *)"\x80Z";
    check(utf8_next(&p) == 0x80 && *p == 'Z', "a stray continuation byte is read as itself");
    check(utf8_is_mark(0x0301) && utf8_is_mark(0x0E48) && utf8_is_mark(0x05B4) &&
              utf8_is_mark(0x064E) && utf8_is_mark(0x093F),
          "marks: Latin acute, Thai tone, Hebrew point, Arabic fatha, Devanagari vowel sign");
    check(!utf8_is_mark('a') && !utf8_is_mark(0x0E01) && !utf8_is_mark(0x05D0),
          "letters are not marks");

    strbuf_t b = {0};
    check(strcmp(utf8_fit(&b, "short", 5, count, NULL), "short") == 0, "a string that fits is whole");
    check(strcmp(utf8_fit(&b, "longer", 5, count, NULL), "long\xE2\x80\xA6") == 0,
          "boundary: one too wide is cut to 4 characters and …");
    check(strcmp(utf8_fit(&b, "\xC5\x81\xC3\xB3\x64\xC5\xBA", 3, count, NULL),
                 "\xC5\x81\xC3\xB3\xE2\x80\xA6") == 0,
          "multi-byte letters are cut whole (Łódź to Łó…)");
    check(strcmp(utf8_fit(&b, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x83\x87", 2, count, NULL),
                 "\xE6\x9D\xB1\xE2\x80\xA6") == 0,
          "CJK cut whole");
    /* Thai: ko kai + mai ek (a tone mark) + ko kai: never cut between a letter and its mark */
    check(strcmp(utf8_fit(&b, "\xE0\xB8\x81\xE0\xB9\x88\xE0\xB8\x81\xE0\xB8\x81", 3, count, NULL),
                 "\xE0\xB8\x81\xE0\xB9\x88\xE2\x80\xA6") == 0,
          "a letter keeps its combining mark");
    check(strcmp(utf8_fit(&b, "e\xCC\x81xyz", 2, count, NULL), "\xE2\x80\xA6") == 0,
          "a letter and its mark that do not fit with … go together");
    check(strcmp(utf8_fit(&b, "abc", 0.5, count, NULL), "\xE2\x80\xA6") == 0,
          "nothing fits: … alone");
    check(strcmp(utf8_fit(&b, NULL, 3, count, NULL), "") == 0, "NULL is the empty string");
    sb_free(&b);
    return failed;
}
