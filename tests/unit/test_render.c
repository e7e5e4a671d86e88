/* test_render.c - the table of formats: what --format, --help and the output tree rely on. */
#include "render.h"

#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - render: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

int main(void)
{
    int writers = 1, unique = 1, index_pages = 0, names = 1;
    for (int i = 0; i < n_formats; i++) {
        const format_t *f = &formats[i];
        writers &= f->kind == FORMAT_FINDINGS ? f->findings && !f->page && !f->prepare
                                              : f->page && !f->findings;
        for (int j = 0; j < i; j++)
            unique &= strcmp(formats[j].name, f->name) != 0;
        index_pages += f->index_page;
        names &= f->name[0] && strspn(f->name, "abcdefghijklmnopqrstuvwxyz") == strlen(f->name) &&
                 f->help && f->help[0];
    }
    check(n_formats > 0 && n_formats <= 32, "the formats fit a 32-bit set");
    check(writers, "every row has exactly the writer of its kind");
    check(unique, "format names are unique");
    check(names, "names are lower-case words (file extensions) and every row has its help line");
    check(format_find("pdf") < format_find("html"), "the PDF is made before the HTML changes the model");
    check(index_pages == 1 && formats[format_find("html")].index_page, "html, and only html, renders index.html");
    unsigned want = FORMAT_BIT(format_find("pdf")) | FORMAT_BIT(format_find("html")) |
                    FORMAT_BIT(format_find("json")) | FORMAT_BIT(format_find("csv"));
    check(format_defaults() == want, "the default set is pdf,html,json,csv (cli.md)");
    check(format_find("ndjson") >= 0 && formats[format_find("ndjson")].kind == FORMAT_FINDINGS,
          "ndjson is a findings format");
    check(format_find("docx") == -1 && format_find("") == -1 && format_find("PDF") == -1,
          "unknown names are not found (case counts)");
    return failed;
}
