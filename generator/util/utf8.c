/* utf8.c - see utf8.h. The one idea of utf8_fit: cut at character boundaries from the
 * end until the prefix plus "…" fits; a mark stays with the character it belongs to. */
#include "util/utf8.h"

#include <string.h>

unsigned utf8_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = *p;
    if (c)
        p++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra)
        c &= 0x3Fu >> extra;
    for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
        c = (c << 6) | (*p++ & 0x3Fu);
    *s = p;
    return c;
}

int utf8_is_mark(unsigned c)
{
    static const unsigned ranges[][2] = {
        {0x0300, 0x036F}, /* combining diacritical marks */
        {0x0483, 0x0489}, /* Cyrillic */
        {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2}, {0x05C4, 0x05C5},
        {0x05C7, 0x05C7}, /* Hebrew points */
        {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC},
        {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, /* Arabic */
        {0x0900, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F}, {0x0951, 0x0957},
        {0x0962, 0x0963}, /* Devanagari */
        {0x0981, 0x0983}, {0x09BC, 0x09BC}, {0x09BE, 0x09CD}, /* Bengali */
        {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, /* Thai */
        {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0x3099, 0x309A},
        {0xFE20, 0xFE2F},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        if (c >= ranges[i][0] && c <= ranges[i][1])
            return 1;
    return 0;
}

#define ELLIPSIS "\xE2\x80\xA6"

const char *utf8_fit(strbuf_t *out, const char *s, double max_w, utf8_width_fn width,
                     void *ctx)
{
    sb_reset(out);
    sb_puts(out, s ? s : "");
    if (width(ctx, sb_str(out)) <= max_w)
        return sb_str(out);
    size_t n = out->len;
    while (n > 0) {
        /* back to the start of the character before n, and on while that character
         * is a mark: a cut never separates a letter from its accents */
        for (;;) {
            do
                n--;
            while (n > 0 && ((unsigned char)out->s[n] & 0xC0) == 0x80);
            const unsigned char *at = (const unsigned char *)out->s + n;
            if (n == 0 || !utf8_is_mark(utf8_next(&at)))
                break;
        }
        out->len = n;
        out->s[n] = '\0';
        sb_puts(out, ELLIPSIS);
        if (width(ctx, sb_str(out)) <= max_w)
            return sb_str(out);
    }
    return sb_str(out); /* "…" alone */
}
