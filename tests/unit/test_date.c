/* test_date.c - the calendar, to the day: leap years, month ends, impossible dates. */
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
    return failed;
}
