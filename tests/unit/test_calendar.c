/* test_calendar.c - periods, ISO weeks and working days, against
 * hand-computed values (2026-10-01 is a Thursday; 2026-01-01 a Thursday). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpitop/calendar.h"
#include "kpitop/date.h"
#include "tap.h"

static kp_date D(const char *s)
{
	kp_date d;
	if (date_parse(s, &d) != 0) {
		printf("Bail out! bad test date %s\n", s);
		exit(1);
	}
	return d;
}

static const char *S(kp_date d)
{
	static char bufs[4][16];
	static int i;
	char *b = bufs[i++ % 4];
	date_format(d, b);
	return b;
}

/* Holidays of the examples: two New Year days, a Wednesday, a Saturday
 * (changes nothing) and a Wednesday in November; one duplicate. */
static kp_date hol[6];
static struct workcal five, six, none, plain;

static void setup(void)
{
	const char *h[] = {"2026-01-01", "2026-01-02", "2026-01-07",
			   "2026-05-09", "2026-11-04", "2026-11-04"};
	for (int i = 0; i < 6; i++)
		hol[i] = D(h[i]);
	struct workcal base = {{1, 1, 1, 1, 1, 0, 0}, hol, 6};
	five = base;
	six = base;
	six.workdays[5] = 1;
	none = base;
	memset(none.workdays, 0, 7);
	plain = base;
	plain.holidays = NULL;
	plain.nholidays = 0;
}

static void test_kind_names(void)
{
	static const struct {
		const char *s;
		int rc;
		enum period_kind k;
	} t[] = {
		{"day", 0, PERIOD_DAY},       {"week", 0, PERIOD_WEEK},
		{"month", 0, PERIOD_MONTH},   {"quarter", 0, PERIOD_QUARTER},
		{"year", 0, PERIOD_YEAR},     {"Month", -1, 0},
		{"", -1, 0},                  {"weeks", -1, 0},
		{"mon", -1, 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		enum period_kind k = PERIOD_YEAR;
		int rc = period_kind_parse(t[i].s, &k);
		ok(rc == t[i].rc && (rc != 0 || (k == t[i].k &&
						  strcmp(period_kind_name(k), t[i].s) == 0)),
		   "period_kind_parse(\"%s\") = %d", t[i].s, t[i].rc);
	}
	is_str(period_kind_name((enum period_kind)9), "?", "period_kind_name out of range");
}

static void test_containing(void)
{
	static const struct {
		enum period_kind k;
		const char *d, *from, *to;
	} t[] = {
		{PERIOD_DAY, "2026-10-15", "2026-10-15", "2026-10-15"},
		{PERIOD_DAY, "2024-02-29", "2024-02-29", "2024-02-29"},
		{PERIOD_WEEK, "2026-10-15", "2026-10-12", "2026-10-18"},
		{PERIOD_WEEK, "2026-10-12", "2026-10-12", "2026-10-18"},
		{PERIOD_WEEK, "2026-10-18", "2026-10-12", "2026-10-18"},
		{PERIOD_WEEK, "2026-01-01", "2025-12-29", "2026-01-04"},
		{PERIOD_WEEK, "2027-01-01", "2026-12-28", "2027-01-03"},
		{PERIOD_WEEK, "2026-09-30", "2026-09-28", "2026-10-04"},
		{PERIOD_WEEK, "1970-01-01", "1969-12-29", "1970-01-04"},
		{PERIOD_MONTH, "2026-02-15", "2026-02-01", "2026-02-28"},
		{PERIOD_MONTH, "2024-02-29", "2024-02-01", "2024-02-29"},
		{PERIOD_MONTH, "2000-02-10", "2000-02-01", "2000-02-29"},
		{PERIOD_MONTH, "1900-02-10", "1900-02-01", "1900-02-28"},
		{PERIOD_MONTH, "2026-12-31", "2026-12-01", "2026-12-31"},
		{PERIOD_MONTH, "2026-04-30", "2026-04-01", "2026-04-30"},
		{PERIOD_MONTH, "2026-10-01", "2026-10-01", "2026-10-31"},
		{PERIOD_QUARTER, "2026-10-15", "2026-10-01", "2026-12-31"},
		{PERIOD_QUARTER, "2026-03-31", "2026-01-01", "2026-03-31"},
		{PERIOD_QUARTER, "2026-04-01", "2026-04-01", "2026-06-30"},
		{PERIOD_QUARTER, "2026-08-31", "2026-07-01", "2026-09-30"},
		{PERIOD_YEAR, "2026-06-15", "2026-01-01", "2026-12-31"},
		{PERIOD_YEAR, "2024-12-31", "2024-01-01", "2024-12-31"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct period p = period_containing(t[i].k, D(t[i].d));
		ok(p.kind == t[i].k && p.from == D(t[i].from) && p.to == D(t[i].to),
		   "%s containing %s = %s..%s (got %s..%s)", period_kind_name(t[i].k),
		   t[i].d, t[i].from, t[i].to, S(p.from), S(p.to));
	}
}

static void test_prev_next(void)
{
	static const struct {
		enum period_kind k;
		const char *d, *pfrom, *pto, *nfrom, *nto;
	} t[] = {
		{PERIOD_DAY, "2026-03-01", "2026-02-28", "2026-02-28", "2026-03-02", "2026-03-02"},
		{PERIOD_DAY, "2024-03-01", "2024-02-29", "2024-02-29", "2024-03-02", "2024-03-02"},
		{PERIOD_WEEK, "2026-01-01", "2025-12-22", "2025-12-28", "2026-01-05", "2026-01-11"},
		{PERIOD_MONTH, "2026-03-31", "2026-02-01", "2026-02-28", "2026-04-01", "2026-04-30"},
		{PERIOD_MONTH, "2026-01-15", "2025-12-01", "2025-12-31", "2026-02-01", "2026-02-28"},
		{PERIOD_MONTH, "2026-12-01", "2026-11-01", "2026-11-30", "2027-01-01", "2027-01-31"},
		{PERIOD_QUARTER, "2026-02-01", "2025-10-01", "2025-12-31", "2026-04-01", "2026-06-30"},
		{PERIOD_YEAR, "2026-07-07", "2025-01-01", "2025-12-31", "2027-01-01", "2027-12-31"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct period p = period_containing(t[i].k, D(t[i].d));
		struct period a = period_prev(p), b = period_next(p);
		ok(a.kind == t[i].k && a.from == D(t[i].pfrom) && a.to == D(t[i].pto),
		   "prev %s of %s = %s..%s", period_kind_name(t[i].k), t[i].d, t[i].pfrom,
		   t[i].pto);
		ok(b.from == D(t[i].nfrom) && b.to == D(t[i].nto), "next %s of %s = %s..%s",
		   period_kind_name(t[i].k), t[i].d, t[i].nfrom, t[i].nto);
	}
}

static void test_iso_week(void)
{
	static const struct {
		const char *d;
		int y, w;
		const char *label;
	} t[] = {
		{"2026-01-01", 2026, 1, "2026-W01"},  {"2025-12-29", 2026, 1, "2026-W01"},
		{"2027-01-01", 2026, 53, "2026-W53"}, {"2027-01-04", 2027, 1, "2027-W01"},
		{"2021-01-03", 2020, 53, "2020-W53"}, {"2024-12-30", 2025, 1, "2025-W01"},
		{"2026-10-15", 2026, 42, "2026-W42"}, {"2008-12-29", 2009, 1, "2009-W01"},
		{"2020-12-31", 2020, 53, "2020-W53"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		int y, w;
		char buf[16];
		date_iso_week(D(t[i].d), &y, &w);
		period_label(period_containing(PERIOD_WEEK, D(t[i].d)), buf, sizeof buf);
		ok(y == t[i].y && w == t[i].w && strcmp(buf, t[i].label) == 0,
		   "ISO week of %s = %d-W%02d (got %d-W%02d, label %s)", t[i].d, t[i].y,
		   t[i].w, y, w, buf);
	}
}

static void test_labels(void)
{
	static const struct {
		enum period_kind k;
		const char *d, *label;
	} t[] = {
		{PERIOD_DAY, "2026-10-05", "2026-10-05"}, {PERIOD_MONTH, "2026-10-05", "2026-10"},
		{PERIOD_QUARTER, "2026-10-05", "2026-Q4"}, {PERIOD_QUARTER, "2026-03-31", "2026-Q1"},
		{PERIOD_YEAR, "2026-10-05", "2026"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char buf[16];
		period_label(period_containing(t[i].k, D(t[i].d)), buf, sizeof buf);
		is_str(buf, t[i].label, "label of %s %s", period_kind_name(t[i].k), t[i].d);
	}
}

static void test_months_clip(void)
{
	int y1, m1, y2, m2;
	period_months(period_containing(PERIOD_WEEK, D("2027-01-01")), &y1, &m1, &y2, &m2);
	ok(y1 == 2026 && m1 == 12 && y2 == 2027 && m2 == 1,
	   "a week across New Year touches 2026-12..2027-01");
	period_months(period_containing(PERIOD_QUARTER, D("2026-11-11")), &y1, &m1, &y2, &m2);
	ok(y1 == 2026 && m1 == 10 && y2 == 2026 && m2 == 12, "Q4 touches 10..12");

	struct period w = period_containing(PERIOD_WEEK, D("2026-09-30"));
	kp_date a = 0, b = 0;
	ok(period_clip_month(w, 2026, 9, &a, &b) == 0 && a == D("2026-09-28") &&
		   b == D("2026-09-30"),
	   "week 09-28..10-04 inside September = 09-28..09-30");
	ok(period_clip_month(w, 2026, 10, &a, &b) == 0 && a == D("2026-10-01") &&
		   b == D("2026-10-04"),
	   "week 09-28..10-04 inside October = 10-01..10-04");
	ok(period_clip_month(w, 2026, 11, &a, &b) == -1, "that week misses November");
}

static void test_workdays(void)
{
	static const struct {
		const struct workcal *c;
		const char *name, *from, *to;
		int want;
	} t[] = {
		{&five, "Mon-Fri", "2026-10-01", "2026-10-31", 22},
		{&five, "Mon-Fri + holidays", "2026-01-01", "2026-01-31", 19},
		{&plain, "Mon-Fri no holidays", "2026-01-01", "2026-01-31", 22},
		{&plain, "leap February", "2024-02-01", "2024-02-29", 21},
		{&five, "February 2026", "2026-02-01", "2026-02-28", 20},
		{&five, "holiday on a Saturday", "2026-05-01", "2026-05-31", 21},
		{&five, "November with a Wednesday off", "2026-11-01", "2026-11-30", 20},
		{&five, "December", "2026-12-01", "2026-12-31", 23},
		{&five, "year 2026", "2026-01-01", "2026-12-31", 257},
		{&plain, "year 2026 no holidays", "2026-01-01", "2026-12-31", 261},
		{&six, "six-day week", "2026-10-01", "2026-10-31", 27},
		{&none, "empty workweek", "2026-10-01", "2026-10-31", 0},
		{&five, "a Saturday", "2026-10-17", "2026-10-17", 0},
		{&five, "a weekend", "2026-10-17", "2026-10-18", 0},
		{&five, "a holiday", "2026-01-07", "2026-01-07", 0},
		{&five, "a Monday", "2026-10-12", "2026-10-12", 1},
		{&five, "reversed range", "2026-10-31", "2026-10-01", 0},
		{&five, "week of New Year", "2025-12-29", "2026-01-04", 3},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_int(cal_workdays(t[i].c, D(t[i].from), D(t[i].to)), t[i].want,
		       "working days %s..%s (%s) = %d", t[i].from, t[i].to, t[i].name,
		       t[i].want);
	ok(!cal_is_workday(&five, D("2026-11-04")) && cal_is_workday(&five, D("2026-11-05")) &&
		   !cal_is_workday(&five, D("2026-11-07")) && cal_is_workday(&six, D("2026-11-07")),
	   "cal_is_workday: holiday, Thursday, Saturday, Saturday in a six-day week");
}

static void test_pace(void)
{
	static const struct {
		enum period_kind k;
		const char *asof;
		int total, elapsed, remaining;
		const char *why;
	} t[] = {
		{PERIOD_MONTH, "2026-10-15", 22, 11, 11, "mid-month Thursday"},
		{PERIOD_MONTH, "2026-10-17", 22, 12, 10, "Saturday counts up to Friday"},
		{PERIOD_MONTH, "2026-10-18", 22, 12, 10, "Sunday likewise"},
		{PERIOD_MONTH, "2026-10-01", 22, 1, 21, "first day of the month"},
		{PERIOD_MONTH, "2026-10-31", 22, 22, 0, "last day (a Saturday)"},
		{PERIOD_MONTH, "2026-01-01", 19, 0, 19, "New Year holiday at the start"},
		{PERIOD_MONTH, "2026-01-02", 19, 0, 19, "still a holiday"},
		{PERIOD_MONTH, "2026-01-05", 19, 1, 18, "first working day"},
		{PERIOD_MONTH, "2026-11-04", 20, 2, 18, "as-of on a midweek holiday"},
		{PERIOD_DAY, "2026-10-17", 0, 0, 0, "a Saturday: no working day"},
		{PERIOD_DAY, "2026-10-16", 1, 1, 0, "a Friday"},
		{PERIOD_DAY, "2026-01-07", 0, 0, 0, "a holiday"},
		{PERIOD_WEEK, "2026-01-01", 3, 3, 0, "New Year week on the holiday"},
		{PERIOD_WEEK, "2025-12-29", 3, 1, 2, "New Year week on its Monday"},
		{PERIOD_WEEK, "2026-10-18", 5, 5, 0, "week's Sunday"},
		{PERIOD_QUARTER, "2026-11-04", 65, 24, 41, "Q4 on a holiday"},
		{PERIOD_QUARTER, "2026-12-31", 65, 65, 0, "Q4 last day"},
		{PERIOD_YEAR, "2026-01-01", 257, 0, 257, "year on New Year"},
		{PERIOD_YEAR, "2026-12-31", 257, 257, 0, "year on its last day"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct period p = period_containing(t[i].k, D(t[i].asof));
		struct workpace w = cal_pace(&five, p, D(t[i].asof));
		ok(w.total == t[i].total && w.elapsed == t[i].elapsed &&
			   w.remaining == t[i].remaining,
		   "%s %s: %d/%d, %d left (%s) (got %d/%d, %d)", period_kind_name(t[i].k),
		   t[i].asof, t[i].elapsed, t[i].total, t[i].remaining, t[i].why, w.elapsed,
		   w.total, w.remaining);
	}
	struct period oct = period_containing(PERIOD_MONTH, D("2026-10-10"));
	struct workpace w = cal_pace(&five, oct, D("2026-09-30"));
	ok(w.total == 22 && w.elapsed == 0 && w.remaining == 22, "as-of before the period");
	w = cal_pace(&five, oct, D("2026-12-01"));
	ok(w.elapsed == 22 && w.remaining == 0, "as-of after the period");
	w = cal_pace(&none, oct, D("2026-10-10"));
	ok(w.total == 0 && w.elapsed == 0 && w.remaining == 0, "zero-working-day period");
}

static void test_same_point(void)
{
	static const struct {
		enum period_kind k;
		const char *asof, *want;
	} t[] = {
		{PERIOD_MONTH, "2026-10-15", "2026-09-15"},
		{PERIOD_MONTH, "2026-03-31", "2026-02-28"},
		{PERIOD_MONTH, "2026-03-30", "2026-02-28"},
		{PERIOD_MONTH, "2026-02-28", "2026-01-31"},
		{PERIOD_MONTH, "2026-10-01", "2026-09-01"},
		{PERIOD_WEEK, "2026-10-14", "2026-10-07"},
		{PERIOD_DAY, "2026-10-14", "2026-10-13"},
		{PERIOD_YEAR, "2025-03-01", "2024-02-29"}, /* 59 days in */
		{PERIOD_QUARTER, "2026-12-31", "2026-09-30"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct period p = period_containing(t[i].k, D(t[i].asof));
		kp_date got = period_same_point(period_prev(p), p, D(t[i].asof));
		ok(got == D(t[i].want), "%s on %s compares with %s (got %s)",
		   period_kind_name(t[i].k), t[i].asof, t[i].want, S(got));
	}
}

int main(void)
{
	setup();
	test_kind_names();
	test_containing();
	test_prev_next();
	test_iso_week();
	test_labels();
	test_months_clip();
	test_workdays();
	test_pace();
	test_same_point();
	return tap_done();
}
