/* date.h - calendar dates as day numbers; the only place that knows the calendar.
 *
 * Inside psreport a date is an int: days since 1970-01-01 (proleptic Gregorian).
 * DATE_NONE marks "no date". Parsing and formatting happen only at the edges.
 */
#ifndef PSREPORT_DATE_H
#define PSREPORT_DATE_H

#include <limits.h>
#include <stddef.h>

#define DATE_NONE INT_MIN

/* Day number of a valid Gregorian date (year 1..9999). */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);

/* Parses exactly "YYYY-MM-DD" (len bytes, no NUL needed). Returns the day number or
 * DATE_NONE when the text is not a possible date (2021-02-30, 2021-13-01, 0000-01-01). */
int date_parse(const char *s, size_t len);

/* Parses the date part of an ISO 8601 timestamp "YYYY-MM-DDThh:mm:ss..." or a plain
 * date. Returns DATE_NONE when the date part is impossible. */
int date_parse_timestamp(const char *s);

/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void date_format(int day, char buf[11]);

/* The date as a person reads it, "15 June 2021" or "15 giugno 2021": the day without a
 * leading zero, the name of the month from months[0..11] (the catalogue's names, long or
 * short: "15 Jun 2021"), the year. Writes at most n bytes with the NUL (truncating like
 * snprintf) and returns the length of the whole text; DATE_NONE writes "". Every date a
 * report shows to a person goes through here; data files keep date_format's ISO form. */
int date_format_text(int day, const char *const months[12], char *buf, size_t n);

/* date_format_text of the ISO date "YYYY-MM-DD" in iso; text that is not such a date is
 * copied as it is. Returns buf. */
const char *date_text_of_iso(const char *iso, const char *const months[12], char *buf,
                             size_t n);

/* Day of the week, 0 = Monday. */
int date_weekday(int day);

#endif
