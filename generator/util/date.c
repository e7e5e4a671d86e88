/* date.c - civil calendar arithmetic (Howard Hinnant's days_from_civil algorithm). */
#include "date.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

int date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse(const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return DATE_NONE;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DATE_NONE;
    return date_from_ymd(y, m, d);
}

int date_parse_timestamp(const char *s)
{
    size_t n = strlen(s);
    if (n == 10)
        return date_parse(s, 10);
    if (n < 11 || s[10] != 'T')
        return DATE_NONE;
    return date_parse(s, 10);
}

void date_format(int day, char buf[11])
{
    int y, m, d;
    if (day == DATE_NONE) {
        buf[0] = '\0';
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    if (y < 0 || y > 9999) /* outside what date_parse accepts: never from input */
        y = 0;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

int date_format_text(int day, const char *const months[12], char *buf, size_t n)
{
    int y, m, d;
    if (day == DATE_NONE) {
        if (n)
            buf[0] = '\0';
        return 0;
    }
    date_to_ymd(day, &y, &m, &d);
    return snprintf(buf, n, "%d %s %d", d, months[m - 1] ? months[m - 1] : "", y);
}

const char *date_text_of_iso(const char *iso, const char *const months[12], char *buf,
                             size_t n)
{
    int day = iso ? date_parse(iso, strlen(iso)) : DATE_NONE;
    if (day == DATE_NONE)
        snprintf(buf, n, "%s", iso ? iso : "");
    else
        date_format_text(day, months, buf, n);
    return buf;
}

int date_weekday(int day)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int w = (day + 3) % 7;
    return w < 0 ? w + 7 : w;
}
