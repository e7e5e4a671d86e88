/* test_date.c - the calendar, to the day: leap years, month ends, impossible dates; dates
 * as a person reads them, with the month names of the catalogues (templates/i18n). */
#include "messages.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - date: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int p(const char *s) { return date_parse(s, strlen(s)); }

int main(void)
{
    char buf[11];
    check(p("1970-01-01") == 0, "1970-01-01 is day 0");
    check(p("2021-07-01") - p("2021-06-30") == 1, "June has 30 days");
    check(p("2020-03-01") - p("2020-02-28") == 2, "2020 is a leap year");
    check(p("2021-03-01") - p("2021-02-28") == 1, "2021 is not a leap year");
    check(p("2000-03-01") - p("2000-02-28") == 2, "2000 is a leap year");
    check(p("1900-03-01") - p("1900-02-28") == 1, "1900 is not a leap year");
    check(p("2022-01-01") - p("2021-01-01") == 365, "365 days in 2021");
    check(p("2021-01-10") + 180 == p("2021-07-09"), "2021-01-10 + 180 days = 2021-07-09");
    check(p("2021-02-30") == DATE_NONE, "2021-02-30 is impossible");
    check(p("2020-02-29") != DATE_NONE, "2020-02-29 exists");
    check(p("2021-02-29") == DATE_NONE, "2021-02-29 is impossible");
    check(p("2021-13-01") == DATE_NONE, "month 13 is impossible");
    check(p("2021-00-10") == DATE_NONE, "month 0 is impossible");
    check(p("2021-04-31") == DATE_NONE, "April 31 is impossible");
    check(p("0000-01-01") == DATE_NONE, "year 0 is refused");
    check(p("2021-1-01") == DATE_NONE, "short month refused");
    check(p("2021-01-01Z") == DATE_NONE, "trailing text refused");
    check(p("20x1-01-01") == DATE_NONE, "non-digit refused");
    check(date_parse_timestamp("2021-05-31T22:00:00Z") == p("2021-05-31"), "timestamp date part");
    check(date_parse_timestamp("2021-05-31") == p("2021-05-31"), "plain date as timestamp");
    check(date_parse_timestamp("2021-02-30T00:00:00Z") == DATE_NONE, "impossible timestamp");
    check(date_parse_timestamp("2021-05-31 22:00") == DATE_NONE, "space instead of T refused");
    for (int d = p("1999-12-25"); d < p("2024-03-05"); d++) {
        date_format(d, buf);
        if (p(buf) != d) {
            check(0, "format/parse round trip");
            return 1;
        }
    }
    check(1, "format/parse round trip 1999-12-25 .. 2024-03-04");
    date_format(p("2021-07-09"), buf);
    check(strcmp(buf, "2021-07-09") == 0, "format 2021-07-09");
    check(date_weekday(p("2021-05-31")) == 0, "2021-05-31 was a Monday");
    check(date_weekday(p("2021-06-06")) == 6, "2021-06-06 was a Sunday");

    /* the reader's form, in both languages, on each side of month and year ends */
    static const struct {
        const char *iso, *en, *it, *it_short;
    } text[] = {
        {"2021-06-15", "15 June 2021", "15 giugno 2021", "15 giu 2021"},
        {"2021-01-31", "31 January 2021", "31 gennaio 2021", "31 gen 2021"},
        {"2021-02-01", "1 February 2021", "1 febbraio 2021", "1 feb 2021"},
        {"2021-02-28", "28 February 2021", "28 febbraio 2021", "28 feb 2021"},
        {"2021-03-01", "1 March 2021", "1 marzo 2021", "1 mar 2021"},
        {"2020-02-29", "29 February 2020", "29 febbraio 2020", "29 feb 2020"},
        {"2021-04-30", "30 April 2021", "30 aprile 2021", "30 apr 2021"},
        {"2021-05-01", "1 May 2021", "1 maggio 2021", "1 mag 2021"},
        {"2021-08-31", "31 August 2021", "31 agosto 2021", "31 ago 2021"},
        {"2021-09-01", "1 September 2021", "1 settembre 2021", "1 set 2021"},
        {"2021-12-31", "31 December 2021", "31 dicembre 2021", "31 dic 2021"},
        {"2022-01-01", "1 January 2022", "1 gennaio 2022", "1 gen 2022"},
    };
    catalogue_t en, it;
    if (cat_load(&en, "templates/i18n", "en", stderr) || cat_load(&it, "templates/i18n", "it", stderr)) {
        check(0, "the catalogues load (run from the repository root)");
        return 1;
    }
    char out[64];
    int all_en = 1, all_it = 1, all_short = 1, n_text = (int)(sizeof text / sizeof text[0]);
    for (int i = 0; i < n_text; i++) {
        date_format_text(p(text[i].iso), en.months, out, sizeof out);
        all_en &= strcmp(out, text[i].en) == 0;
        if (strcmp(out, text[i].en))
            printf("# en %s: %s\n", text[i].iso, out);
        date_format_text(p(text[i].iso), it.months, out, sizeof out);
        all_it &= strcmp(out, text[i].it) == 0;
        if (strcmp(out, text[i].it))
            printf("# it %s: %s\n", text[i].iso, out);
        date_format_text(p(text[i].iso), it.months_short, out, sizeof out);
        all_short &= strcmp(out, text[i].it_short) == 0;
    }
    check(all_en, "English text at month and year ends (\"1 February 2021\", \"31 December 2021\")");
    check(all_it, "Italian text at month and year ends (\"1 febbraio 2021\", \"29 febbraio 2020\")");
    check(all_short, "Italian short month names (\"31 dic 2021\")");
    check(date_format_text(DATE_NONE, en.months, out, sizeof out) == 0 && !out[0], "no date: empty text");
    check(date_format_text(p("2021-09-30"), it.months, out, 8) == (int)strlen("30 settembre 2021") &&
              strcmp(out, "30 sett") == 0, "a short buffer truncates and returns the whole length");
    check(strcmp(date_text_of_iso("2021-06-15", it.months, out, sizeof out), "15 giugno 2021") == 0,
          "ISO text to the reader's form");
    check(strcmp(date_text_of_iso("2021-02-30", it.months, out, sizeof out), "2021-02-30") == 0 &&
              strcmp(date_text_of_iso("never", it.months, out, sizeof out), "never") == 0,
          "text that is not a date stays as it is");
    strbuf_t sb = {0};
    cat_date(&it, p("2021-07-01"), 0, &sb);
    check(strcmp(sb_str(&sb), "1 luglio 2021") == 0, "cat_date: the catalogue's language");
    sb_reset(&sb);
    const char *items[3] = {"MD-100", "MD-101", "AZ-104"};
    cat_list_or(&it, items, 2, &sb);
    check(strcmp(sb_str(&sb), "MD-100 o MD-101") == 0, "a list of two joined in Italian");
    sb_reset(&sb);
    cat_list_or(&en, items, 3, &sb);
    check(strcmp(sb_str(&sb), "MD-100, MD-101 or AZ-104") == 0, "a list of three joined in English");
    sb_reset(&sb);
    cat_list_or(&en, items, 1, &sb);
    check(strcmp(sb_str(&sb), "MD-100") == 0, "a list of one");
    sb_free(&sb);
    cat_free(&en);
    cat_free(&it);
    return failed;
}
