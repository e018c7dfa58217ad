/* test_date.c - civil dates: parsing, formatting, weekdays, round trips. */
#include "config.h"

#include <string.h>

#include "kpitop/date.h"
#include "kpitop/report.h"
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

/* Dates by a pattern: edge cases (bad patterns, tiny buffers) first. */
static void test_pattern(void)
{
	char buf[DATE_TEXT_MAX];
	kp_date nov30 = date_from_ymd(2026, 11, 30), jan2 = date_from_ymd(2026, 1, 2);

	/* Refusals leave an empty string. */
	strcpy(buf, "junk");
	is_int(date_format_pattern(nov30, "%d %B", buf, sizeof buf), -1, "a month name is refused");
	is_str(buf, "", "and leaves buf empty");
	is_int(date_format_pattern(nov30, "%a %d.%m.%Y", buf, sizeof buf), -1, "a weekday name is refused");
	is_int(date_format_pattern(nov30, "%H:%M", buf, sizeof buf), -1, "a time is refused");
	is_int(date_format_pattern(nov30, "%d.%m.%", buf, sizeof buf), -1, "a lone %% at the end is refused");
	is_int(date_format_pattern(nov30, "%E", buf, sizeof buf), -1, "a lone modifier is refused");
	is_int(date_format_pattern(nov30, "%d.%m.%Y", buf, 10), -1, "10 bytes cannot hold 30.11.2026");
	is_int(date_format_pattern(nov30, "%d.%m.%Y", buf, 0), -1, "no room at all");
	is_int(date_format_pattern(nov30, "%d.%m.%Y", NULL, 16), -1, "no buffer");
	is_int(date_format_pattern(nov30, "%d.%m.%Y", buf, 11), 10, "11 bytes hold it exactly");
	is_str(buf, "30.11.2026", "exactly fitting");

	static const struct {
		int y, m, d;
		const char *pat, *want;
	} cases[] = {
		{2026, 11, 30, NULL, "2026-11-30"},
		{2026, 11, 30, "", "2026-11-30"},
		{2026, 11, 30, DATE_ISO_PATTERN, "2026-11-30"},
		{2026, 11, 30, "%d.%m.%Y", "30.11.2026"},          /* ru_RU, de_DE */
		{2026, 1, 2, "%d.%m.%Y", "02.01.2026"},
		{2026, 1, 2, "%m/%d/%Y", "01/02/2026"},            /* en_US */
		{2026, 1, 2, "%d/%m/%y", "02/01/26"},              /* en_GB */
		{2026, 1, 2, "%Y年%m月%d日", "2026年01月02日"},    /* ja_JP: bytes copied */
		{2026, 1, 2, "%e.%m.%Y", " 2.01.2026"},
		{2026, 1, 2, "%-d.%-m.%Y", "2.1.2026"},
		{2026, 1, 2, "%_m/%d", " 1/02"},
		{2026, 1, 2, "%0e", "02"},
		{2026, 1, 2, "%Ey|%Od|%Om|%EY", "26|02|01|2026"},
		{2026, 1, 2, "%F", "2026-01-02"},
		{2026, 1, 2, "%D", "01/02/26"},
		{2026, 1, 2, "%C|%y", "20|26"},
		{2000, 2, 29, "%d.%m.%Y", "29.02.2000"},
		{1900, 1, 1, "%d.%m.%y", "01.01.00"},
		{1900, 1, 1, "%C", "19"},
		{9999, 12, 31, "%d.%m.%Y", "31.12.9999"},
		{1969, 12, 31, "%Y-%m-%d", "1969-12-31"},
		{2026, 11, 30, "100%% %d", "100% 30"},
		{2026, 11, 30, "no fields", "no fields"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kp_date d = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		int len = date_format_pattern(d, cases[i].pat, buf, sizeof buf);
		ok(len == (int)strlen(cases[i].want) && strcmp(buf, cases[i].want) == 0,
		   "pattern \"%s\" gives \"%s\"", cases[i].pat ? cases[i].pat : "(null)",
		   cases[i].want);
		if (strcmp(buf, cases[i].want) != 0)
			printf("#   got \"%s\"\n", buf);
	}
	date_format_pattern(jan2, DATE_ISO_PATTERN, buf, sizeof buf);
	char iso[16];
	date_format(jan2, iso);
	is_str(buf, iso, "the ISO pattern equals date_format");
	/* Every day of 1900..2100 in the ISO pattern equals date_format. */
	int bad = 0;
	for (kp_date d = date_from_ymd(1900, 1, 1); d <= date_from_ymd(2100, 12, 31); d++) {
		date_format(d, iso);
		if (date_format_pattern(d, DATE_ISO_PATTERN, buf, sizeof buf) != 10 || strcmp(buf, iso))
			bad++;
	}
	is_int(bad, 0, "ISO pattern = date_format for every day 1900..2100");
}

static void test_choose(void)
{
	static const struct {
		const char *d_fmt, *locale, *want;
	} cases[] = {
		{"%m/%d/%y", NULL, DATE_ISO_PATTERN},
		{"%m/%d/%y", "C", DATE_ISO_PATTERN},
		{"%m/%d/%y", "POSIX", DATE_ISO_PATTERN},
		{"%m/%d/%y", "C.UTF-8", DATE_ISO_PATTERN},
		{"%m/%d/%y", "C.utf8", DATE_ISO_PATTERN},
		{"%d.%m.%Y", "ru_RU.UTF-8", "%d.%m.%Y"},
		{"%m/%d/%Y", "en_US.UTF-8", "%m/%d/%Y"},
		{"%d/%m/%y", "en_GB.UTF-8", "%d/%m/%y"},
		{"%F", "sv_SE.UTF-8", "%F"},
		{NULL, "ru_RU.UTF-8", DATE_ISO_PATTERN},
		{"", "ru_RU.UTF-8", DATE_ISO_PATTERN},
		{"%d.%m", "xx_XX", DATE_ISO_PATTERN},              /* no year */
		{"%m.%Y", "xx_XX", DATE_ISO_PATTERN},              /* no day */
		{"%a %d %b %Y", "xx_XX", DATE_ISO_PATTERN},        /* names */
		{"%d.%m.%Y %H", "xx_XX", DATE_ISO_PATTERN},        /* a time */
		{"%d.%m.%Y ..........................", "xx_XX", DATE_ISO_PATTERN}, /* too long */
		{"Cyyyy %d.%m.%Y", "Cyrillic_XX", "Cyyyy %d.%m.%Y"}, /* "C" only as a whole name */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(date_pattern_choose(cases[i].d_fmt, cases[i].locale), cases[i].want,
		       "choose \"%s\" in %s", cases[i].d_fmt ? cases[i].d_fmt : "(null)",
		       cases[i].locale ? cases[i].locale : "(null)");
}

static void test_day_month(void)
{
	static const struct {
		const char *pat, *want;
	} cases[] = {
		{"%d.%m.%Y", "%d.%m"},           /* ru_RU, de_DE */
		{"%m/%d/%Y", "%m/%d"},           /* en_US */
		{"%d/%m/%y", "%d/%m"},           /* en_GB */
		{DATE_ISO_PATTERN, "%m-%d"},
		{NULL, "%m-%d"},
		{"", "%m-%d"},
		{"%F", "%m-%d"},                 /* sv_SE */
		{"%D", "%m/%d"},
		{"%Y. %m. %d.", "%m. %d."},      /* hu_HU: the year first */
		{"%Y年%m月%d日", "%m月%d日"},    /* ja_JP */
		{"%e.%m.%Y г.", "%e.%m"},        /* the year last, text after it */
		{"%-d.%-m.%EY", "%-d.%-m"},      /* flags and modifiers */
		{"%d %Y %m", "%d %m"},           /* the year in the middle */
		{"%d.%m.%C%y", "%d.%m"},         /* century and year */
		{"%d.%m", "%d.%m"},              /* no year: as it is */
		{"%m.%Y", ""},                   /* no day */
		{"%d.%m.%", ""},                 /* a lone % */
	};
	char buf[DATE_TEXT_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = date_pattern_day_month(cases[i].pat, buf, sizeof buf);
		ok(rc == (*cases[i].want ? 0 : -1) && strcmp(buf, cases[i].want) == 0,
		   "day and month of \"%s\": \"%s\"", cases[i].pat ? cases[i].pat : "(null)",
		   cases[i].want);
		if (strcmp(buf, cases[i].want) != 0)
			printf("#   got \"%s\"\n", buf);
	}
	is_int(date_pattern_day_month("%d.%m.%Y", buf, 5), -1, "5 bytes cannot hold %%d.%%m");
	is_str(buf, "", "and leave it empty");
	is_int(date_pattern_day_month("%d.%m.%Y", buf, 6), 0, "6 bytes hold it");
	kp_date nov30 = date_from_ymd(2026, 11, 30);
	date_pattern_day_month("%d.%m.%Y", buf, sizeof buf);
	char text[DATE_TEXT_MAX];
	date_format_pattern(nov30, buf, text, sizeof text);
	is_str(text, "30.11", "which formats as 30.11");
}

/* The report style's dates (report.c): the pattern and names handed in,
 * as the caller takes them from the locale.  Messages are not translated
 * here (no catalogue is bound), so the words are the English ones. */
static void test_style(void)
{
	static const char *const ru_months[12] = {
		"Январь", "Февраль", "Март",     "Апрель",  "Май",    "Июнь",
		"Июль",   "Август",  "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"};
	static const char *const ru_wdays[7] = {"Вс", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб"};
	struct report_style st;
	char buf[128];
	kp_date nov30 = date_from_ymd(2026, 11, 30);

	/* Edge cases: nothing handed in, a refused pattern, a broken name. */
	report_style_dates(&st, NULL, NULL, NULL);
	report_date(&st, nov30, buf);
	is_str(buf, "2026-11-30", "no pattern: ISO");
	is_str(st.wdays[0], "Mon", "no names: English weekdays, Monday first");
	is_str(st.wdays[6], "Sun", "Sunday last");
	report_month(&st, 2026, 11, buf, sizeof buf);
	is_str(buf, "2026-11", "no month names: YYYY-MM");
	report_style_dates(&st, "%d %B %Y", NULL, NULL);
	report_date(&st, nov30, buf);
	is_str(buf, "2026-11-30", "a pattern date_format_pattern refuses falls back to ISO");
	const char *broken[12];
	for (int i = 0; i < 12; i++)
		broken[i] = ru_months[i];
	broken[4] = "\xD0"; /* half a character */
	report_style_dates(&st, "%d.%m.%Y", broken, ru_wdays);
	report_month(&st, 2026, 11, buf, sizeof buf);
	is_str(buf, "2026-11", "one broken month name: numbers for all");
	broken[4] = "";
	report_style_dates(&st, "%d.%m.%Y", broken, ru_wdays);
	report_month(&st, 2026, 5, buf, sizeof buf);
	is_str(buf, "2026-05", "one empty month name: numbers for all");

	/* ru_RU as the locale gives it. */
	report_style_dates(&st, "%d.%m.%Y", ru_months, ru_wdays);
	report_date(&st, nov30, buf);
	is_str(buf, "30.11.2026", "ru: DD.MM.YYYY");
	report_day_month(&st, nov30, buf);
	is_str(buf, "30.11", "ru: the day and month alone, DD.MM");
	report_date(&st, date_from_ymd(2027, 1, 1), buf);
	is_str(buf, "01.01.2027", "ru: leading zeros");
	is_str(st.wdays[date_weekday(nov30)], "Пн", "ru: 2026-11-30 is Пн");
	is_str(st.wdays[6], "Вс", "ru: Sunday last");
	report_month(&st, 2026, 11, buf, sizeof buf);
	is_str(buf, "Ноябрь 2026", "ru: a month heading in the nominative");
	report_month(&st, 2026, 13, buf, sizeof buf);
	is_str(buf, "2026-13", "month 13: numbers, no crash");
	static const struct {
		enum period_kind k;
		const char *want;
	} periods[] = {
		{PERIOD_DAY, "day 30.11.2026"},
		{PERIOD_WEEK, "week 2026-W49"},
		{PERIOD_MONTH, "Ноябрь 2026"},
		{PERIOD_QUARTER, "quarter 2026-Q4"},
		{PERIOD_YEAR, "year 2026"},
	};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		report_period(&st, period_containing(periods[i].k, nov30), buf, sizeof buf);
		is_str(buf, periods[i].want, "ru names: period %s", period_kind_name(periods[i].k));
	}
	/* C: ISO, and the month as numbers with its kind. */
	report_style_dates(&st, date_pattern_choose("%m/%d/%y", "C"), NULL, NULL);
	report_period(&st, period_containing(PERIOD_MONTH, nov30), buf, sizeof buf);
	is_str(buf, "month 2026-11", "C: month 2026-11");
	report_period(&st, period_containing(PERIOD_DAY, nov30), buf, sizeof buf);
	is_str(buf, "day 2026-11-30", "C: day 2026-11-30");
	report_day_month(&st, nov30, buf);
	is_str(buf, "11-30", "C: the day and month alone, MM-DD");
	report_period(&st, period_containing(PERIOD_WEEK, date_from_ymd(2027, 1, 1)), buf, sizeof buf);
	is_str(buf, "week 2026-W53", "C: 2027-01-01 is in ISO week 2026-W53");
	report_period(&st, period_containing(PERIOD_MONTH, nov30), buf, 8);
	is_str(buf, "month 2", "a small buffer is cut, not overrun");
	/* en_US. */
	report_style_dates(&st, "%m/%d/%Y", NULL, NULL);
	report_date(&st, nov30, buf);
	is_str(buf, "11/30/2026", "en_US: MM/DD/YYYY");
	report_day_month(&st, nov30, buf);
	is_str(buf, "11/30", "en_US: the day and month alone, MM/DD");
	report_style_dates(&st, "%d %B %Y", NULL, NULL);
	report_day_month(&st, nov30, buf);
	is_str(buf, "11-30", "a refused pattern: MM-DD, as ISO");
}

int main(void)
{
	test_parse();
	test_months();
	test_numbers();
	test_pattern();
	test_choose();
	test_day_month();
	test_style();
	return tap_done();
}
