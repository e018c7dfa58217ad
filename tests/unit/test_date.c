/* test_date.c - civil dates: parsing, formatting, weekdays, round trips. */
#include "config.h"

#include "kpitop/date.h"
#include "tap.h"

static void test_parse(void)
{
	static const struct {
		const char *s;
		int ok, y, m, d;
	} cases[] = {
		{"", 0, 0, 0, 0},
		{"2026-11-2", 0, 0, 0, 0},
		{"2026-11-020", 0, 0, 0, 0},
		{"2026/11/20", 0, 0, 0, 0},
		{"2026-1a-20", 0, 0, 0, 0},
		{" 2026-11-20", 0, 0, 0, 0},
		{"2026-11-20 ", 0, 0, 0, 0},
		{"+026-11-20", 0, 0, 0, 0},
		{"2026-00-10", 0, 0, 0, 0},
		{"2026-13-10", 0, 0, 0, 0},
		{"2026-11-00", 0, 0, 0, 0},
		{"2026-11-31", 0, 0, 0, 0},
		{"2026-02-29", 0, 0, 0, 0},
		{"2026-02-30", 0, 0, 0, 0},
		{"1900-02-29", 0, 0, 0, 0},
		{"1899-12-31", 0, 0, 0, 0},
		{"2024-02-29", 1, 2024, 2, 29},
		{"2000-02-29", 1, 2000, 2, 29},
		{"1900-01-01", 1, 1900, 1, 1},
		{"9999-12-31", 1, 9999, 12, 31},
		{"2026-11-20", 1, 2026, 11, 20},
		{"2026-12-31", 1, 2026, 12, 31},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kp_date d = 0;
		int rc = date_parse(cases[i].s, &d);
		if (!cases[i].ok) {
			ok(rc == -1, "date_parse refuses \"%s\"", cases[i].s);
			continue;
		}
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		ok(rc == 0 && y == cases[i].y && m == cases[i].m && dd == cases[i].d,
		   "date_parse \"%s\"", cases[i].s);
	}
	ok(date_parse(NULL, &(kp_date){0}) == -1, "date_parse refuses NULL");
}

static void test_months(void)
{
	int y, m;
	ok(month_parse("2026-11", &y, &m) == 0 && y == 2026 && m == 11, "month_parse 2026-11");
	ok(month_parse("2026-13", &y, &m) == -1, "month_parse refuses 2026-13");
	ok(month_parse("2026-1", &y, &m) == -1, "month_parse refuses 2026-1");
	ok(month_parse("2026-11-01", &y, &m) == -1, "month_parse refuses a date");
	char buf[16];
	month_format(2026, 3, buf);
	is_str(buf, "2026-03", "month_format");
	is_int(date_days_in_month(2024, 2), 29, "February of a leap year");
	is_int(date_days_in_month(2100, 2), 28, "2100 is not a leap year");
	is_int(date_days_in_month(2000, 2), 29, "2000 is a leap year");
	is_int(date_days_in_month(2026, 4), 30, "April has 30 days");
	is_int(date_days_in_month(2026, 13), 0, "month 13 has no days");
}

static void test_numbers(void)
{
	is_int(date_from_ymd(1970, 1, 1), 0, "the epoch is day 0");
	is_int(date_from_ymd(1969, 12, 31), -1, "the day before is -1");
	is_int(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2, "2000-02-29 exists");
	is_int(date_weekday(date_from_ymd(1970, 1, 1)), 3, "1970-01-01 was a Thursday");
	is_int(date_weekday(date_from_ymd(2026, 11, 22)), 6, "2026-11-22 is a Sunday");
	is_int(date_weekday(date_from_ymd(2026, 11, 23)), 0, "2026-11-23 is a Monday");
	is_int(date_weekday(date_from_ymd(1900, 1, 1)), 0, "1900-01-01 was a Monday");
	char buf[16];
	date_format(date_from_ymd(2026, 2, 3), buf);
	is_str(buf, "2026-02-03", "date_format pads with zeros");
	date_format(date_from_ymd(1901, 12, 31), buf);
	is_str(buf, "1901-12-31", "date_format before 1970");
	/* Every day from 1900 to 2100 survives a round trip. */
	int bad = 0;
	kp_date a = date_from_ymd(1900, 1, 1), b = date_from_ymd(2100, 12, 31);
	for (kp_date d = a; d <= b; d++) {
		int y, m, dd;
		kp_date back;
		date_to_ymd(d, &y, &m, &dd);
		date_format(d, buf);
		if (!date_valid(y, m, dd) || date_from_ymd(y, m, dd) != d || date_parse(buf, &back) ||
		    back != d || (d > a && date_weekday(d) != (date_weekday(d - 1) + 1) % 7))
			bad++;
	}
	is_int(bad, 0, "round trips of every day 1900..2100");
}

int main(void)
{
	test_parse();
	test_months();
	test_numbers();
	return tap_done();
}
