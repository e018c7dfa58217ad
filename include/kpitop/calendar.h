/* calendar.h - report periods and working days (pure: no I/O, no clock).
 *
 * A period is the day, ISO week, month, quarter or year containing an as-of
 * date (SPEC section 3).  Working days come from a weekday mask and a sorted
 * holiday list, passed in a small struct so the module does not depend on the
 * configuration. */
#ifndef KPITOP_CALENDAR_H
#define KPITOP_CALENDAR_H

#include <stddef.h>

#include "kpitop/date.h"

enum period_kind { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
#define PERIOD_NKINDS 5

/* The inclusive range [from, to] of one period. */
struct period {
	enum period_kind kind;
	kp_date from, to;
};

/* Working-day rules: workdays[0] = Monday .. [6] = Sunday (non-zero = works);
 * holidays sorted ascending (duplicates tolerated); a holiday on a day off
 * changes nothing. */
struct workcal {
	unsigned char workdays[7];
	const kp_date *holidays;
	size_t nholidays;
};

/* Working days of a period as seen on an as-of date. */
struct workpace {
	int total;     /* working days in the period */
	int elapsed;   /* working days from its start up to and including as-of */
	int remaining; /* total - elapsed */
};

/* "day" | "week" | "month" | "quarter" | "year": 0, or -1 for anything else. */
int period_kind_parse(const char *s, enum period_kind *out);
/* The name parsed above; "?" for an out-of-range value. */
const char *period_kind_name(enum period_kind k);

/* The period of kind k containing d. */
struct period period_containing(enum period_kind k, kp_date d);
/* The period of the same kind just before / after p. */
struct period period_prev(struct period p);
struct period period_next(struct period p);
/* The as-of date in prev that matches asof in cur for a like-for-like
 * comparison: as many days after prev's start as asof is after cur's start,
 * capped at prev's end; prev's end when asof is at or past cur's end. */
kp_date period_same_point(struct period prev, struct period cur, kp_date asof);

/* First and last month touched by p. */
void period_months(struct period p, int *y1, int *m1, int *y2, int *m2);
/* The part of p inside month (y, m); 0, or -1 when they do not meet. */
int period_clip_month(struct period p, int y, int m, kp_date *from, kp_date *to);

/* ISO 8601 week of d: the week-numbering year and week 1..53. */
void date_iso_week(kp_date d, int *iso_year, int *week);

/* A short label: "2026-10-15", "2026-W42", "2026-10", "2026-Q4", "2026".
 * buf needs at least 16 bytes. */
void period_label(struct period p, char *buf, size_t n);

/* Working-day arithmetic. */
int cal_is_workday(const struct workcal *c, kp_date d);
/* Working days in [from, to] inclusive; 0 when to < from. */
int cal_workdays(const struct workcal *c, kp_date from, kp_date to);
/* Total / elapsed / remaining working days of p on asof (asof before p: none
 * elapsed; after p: all elapsed). */
struct workpace cal_pace(const struct workcal *c, struct period p, kp_date asof);

#endif
