/* date.h - civil dates as day numbers (pure: no I/O, no clock). */
#ifndef KPITOP_DATE_H
#define KPITOP_DATE_H

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

#endif
