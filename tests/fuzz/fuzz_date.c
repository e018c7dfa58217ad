/* fuzz_date.c - the date and month parsers (src/date.c).
 *
 * Text: date_parse and month_parse must agree with a reference written here
 * from date.h's contract (strict YYYY-MM-DD / YYYY-MM, years 1900..9999, a
 * real day), and what they accept must format back to the same text.
 * Numbers: the first four bytes as a day number inside the supported years
 * must survive date_to_ymd -> date_from_ymd, date_format -> date_parse, and
 * consecutive days must be consecutive calendar days. */
#include "config.h"

#include <string.h>

#include "kpitop/date.h"

#include "fuzz.h"

static int ref_leap(long y)
{
	return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

static int ref_mdays(long y, long m)
{
	if (m == 2)
		return 28 + ref_leap(y);
	return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/* "dddd-dd-dd" / "dddd-dd" shape, then the calendar. */
static int ref_date(const char *s, int with_day)
{
	size_t want = with_day ? 10 : 7;
	if (strlen(s) != want)
		return -1;
	for (size_t i = 0; i < want; i++) {
		int dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	long m = (s[5] - '0') * 10 + (s[6] - '0');
	long d = with_day ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
	    d > ref_mdays(y, m))
		return -1;
	return 0;
}

static void check_text(const char *s)
{
	kp_date d = 0;
	int rc = date_parse(s, &d), rrc = ref_date(s, 1);
	FUZZ_CHECK(rc == rrc, "date \"%s\": parser %d, reference %d", s, rc, rrc);
	if (rc == 0) {
		char buf[11];
		date_format(d, buf);
		FUZZ_CHECK(!strcmp(buf, s), "date \"%s\" formats back as \"%s\"", s, buf);
	}
	int y = 0, m = 0;
	rc = month_parse(s, &y, &m);
	rrc = ref_date(s, 0);
	FUZZ_CHECK(rc == rrc, "month \"%s\": parser %d, reference %d", s, rc, rrc);
	if (rc == 0) {
		char buf[8];
		month_format(y, m, buf);
		FUZZ_CHECK(!strcmp(buf, s), "month \"%s\" formats back as \"%s\"", s, buf);
	}
}

static void check_day(kp_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	FUZZ_CHECK(date_valid(y, m, dd), "day %d is %d-%d-%d", (int)d, y, m, dd);
	FUZZ_CHECK(date_from_ymd(y, m, dd) == d, "day %d -> %d-%d-%d -> %d", (int)d, y, m, dd,
		   (int)date_from_ymd(y, m, dd));
	char buf[11];
	kp_date back = 0;
	date_format(d, buf);
	FUZZ_CHECK(date_parse(buf, &back) == 0 && back == d, "day %d formats as \"%s\"", (int)d,
		   buf);
	int w = date_weekday(d);
	FUZZ_CHECK(w >= 0 && w <= 6, "weekday %d", w);

	/* The next day: one later in the week, and the calendar's next day. */
	kp_date last = date_from_ymd(DATE_MAX_YEAR, 12, 31);
	if (d < last) {
		int y2, m2, d2;
		date_to_ymd(d + 1, &y2, &m2, &d2);
		int same_month = y2 == y && m2 == m && d2 == dd + 1;
		int next_month = d2 == 1 && dd == date_days_in_month(y, m) &&
				 ((m2 == m + 1 && y2 == y) || (m == 12 && m2 == 1 && y2 == y + 1));
		FUZZ_CHECK(same_month || next_month, "%d-%d-%d is followed by %d-%d-%d", y, m, dd,
			   y2, m2, d2);
		FUZZ_CHECK(date_weekday(d + 1) == (w + 1) % 7, "weekday after %d", w);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	check_text(s);
	free(s);

	struct fuzz_in in = {data, size};
	uint32_t raw;
	fuzz_bytes(&in, &raw, sizeof raw);
	kp_date first = date_from_ymd(DATE_MIN_YEAR, 1, 1);
	kp_date last = date_from_ymd(DATE_MAX_YEAR, 12, 31);
	check_day(first + (kp_date)(raw % (uint32_t)(last - first + 1)));
	return 0;
}
