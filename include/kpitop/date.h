/* date.h - civil dates as day numbers (pure: no I/O, no clock). */
#ifndef KPITOP_DATE_H
#define KPITOP_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (proleptic Gregorian); negative before 1970. */
typedef int32_t kp_date;

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 9999

int date_is_leap(int year);
int date_days_in_month(int year, int month); /* month 1..12 */
int date_valid(int year, int month, int day);
kp_date date_from_ymd(int year, int month, int day);
void date_to_ymd(kp_date d, int *year, int *month, int *day);
/* 0 = Monday .. 6 = Sunday */
int date_weekday(kp_date d);

/* Strict "YYYY-MM-DD" within DATE_MIN_YEAR..DATE_MAX_YEAR: 0, or -1 when
 * malformed or not a real day (2026-02-30). */
int date_parse(const char *s, kp_date *out);
/* Strict "YYYY-MM": 0 or -1. */
int month_parse(const char *s, int *year, int *month);
/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void date_format(kp_date d, char *buf);
/* Writes "YYYY-MM" and a NUL into buf (at least 8 bytes). */
void month_format(int year, int month, char *buf);

/* ---- dates for people, in the locale's order (SPEC 4) ----
 * The caller takes the pattern from nl_langinfo(D_FMT) once at start-up and
 * passes it in; these functions never look at the locale themselves. */

#define DATE_ISO_PATTERN "%Y-%m-%d"
/* Room for any date a supported pattern can produce, with its NUL. */
#define DATE_TEXT_MAX 32

/* Format d by a strftime-like pattern of numeric fields only: %d (01-31),
 * %e (day padded with a space), %m (01-12), %Y (four digits), %y (two),
 * %C (century), %F (= %Y-%m-%d), %D (= %m/%d/%y), %%; glibc's flags '-'
 * (no padding), '_' (space), '0' (zero) and the E/O modifiers are accepted.
 * Other characters are copied.  Returns the length written, or -1 (buf
 * then holds "") when the pattern has any other conversion or the result
 * does not fit n bytes.  NULL or "" pattern means DATE_ISO_PATTERN. */
int date_format_pattern(kp_date d, const char *pattern, char *buf, size_t n);

/* The pattern to show dates with: d_fmt (the locale's D_FMT) when it shows
 * the day, the month and the year with supported fields only and fits
 * DATE_TEXT_MAX; DATE_ISO_PATTERN otherwise, and always for the C and POSIX
 * locales (locale_name "C", "POSIX", "C.UTF-8", ...; NULL counts as C),
 * whose D_FMT "%m/%d/%y" is nobody's preference. */
const char *date_pattern_choose(const char *d_fmt, const char *locale_name);

/* The day and the month of a pattern date_pattern_choose accepts, in its
 * order and words, without the year: "%d.%m.%Y" gives "%d.%m", "%m/%d/%Y"
 * "%m/%d", "%F" "%m-%d", "%Y年%m月%d日" "%m月%d日".  The year's field goes
 * with the separator that joins it (the text after it when it comes first,
 * before it otherwise; a last field also takes the text after it).  Returns
 * 0, or -1 (out then holds "") when the result would not show both the day
 * and the month or does not fit n bytes. */
int date_pattern_day_month(const char *pattern, char *out, size_t n);

#endif
