/* calendar.c - report periods and working days; pure. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpitop/calendar.h"
#include "kpitop/date.h"

static const char *const kind_names[PERIOD_NKINDS] = {
	"day", "week", "month", "quarter", "year",
};

int period_kind_parse(const char *s, enum period_kind *out)
{
	for (int k = 0; s && k < PERIOD_NKINDS; k++) {
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum period_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *period_kind_name(enum period_kind k)
{
	return (unsigned)k < PERIOD_NKINDS ? kind_names[k] : "?";
}

static kp_date month_last(int y, int m)
{
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

struct period period_containing(enum period_kind k, kp_date d)
{
	struct period p = {k, d, d};
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	switch (k) {
	case PERIOD_DAY:
		break;
	case PERIOD_WEEK:
		p.from = d - date_weekday(d);
		p.to = p.from + 6;
		break;
	case PERIOD_MONTH:
		p.from = date_from_ymd(y, m, 1);
		p.to = month_last(y, m);
		break;
	case PERIOD_QUARTER: {
		int first = (m - 1) / 3 * 3 + 1;
		p.from = date_from_ymd(y, first, 1);
		p.to = month_last(y, first + 2);
		break;
	}
	case PERIOD_YEAR:
		p.from = date_from_ymd(y, 1, 1);
		p.to = date_from_ymd(y, 12, 31);
		break;
	}
	return p;
}

struct period period_prev(struct period p)
{
	return period_containing(p.kind, p.from - 1);
}

struct period period_next(struct period p)
{
	return period_containing(p.kind, p.to + 1);
}

kp_date period_same_point(struct period prev, struct period cur, kp_date asof)
{
	if (asof >= cur.to)
		return prev.to;
	if (asof < cur.from)
		return prev.from;
	kp_date d = prev.from + (asof - cur.from);
	return d > prev.to ? prev.to : d;
}

void period_months(struct period p, int *y1, int *m1, int *y2, int *m2)
{
	int d;
	date_to_ymd(p.from, y1, m1, &d);
	date_to_ymd(p.to, y2, m2, &d);
}

int period_clip_month(struct period p, int y, int m, kp_date *from, kp_date *to)
{
	kp_date a = date_from_ymd(y, m, 1), b = month_last(y, m);
	if (a < p.from)
		a = p.from;
	if (b > p.to)
		b = p.to;
	if (b < a)
		return -1;
	*from = a;
	*to = b;
	return 0;
}

void date_iso_week(kp_date d, int *iso_year, int *week)
{
	/* The ISO year is the year of the week's Thursday; week 1 holds the
	 * year's first Thursday. */
	kp_date thu = d - date_weekday(d) + 3;
	int y, m, dd;
	date_to_ymd(thu, &y, &m, &dd);
	*iso_year = y;
	*week = (thu - date_from_ymd(y, 1, 1)) / 7 + 1;
}

void period_label(struct period p, char *buf, size_t n)
{
	int y, m, d;
	date_to_ymd(p.from, &y, &m, &d);
	switch (p.kind) {
	case PERIOD_DAY:
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
		break;
	case PERIOD_WEEK: {
		int iy, w;
		date_iso_week(p.from, &iy, &w);
		snprintf(buf, n, "%04d-W%02d", iy, w);
		break;
	}
	case PERIOD_MONTH:
		snprintf(buf, n, "%04d-%02d", y, m);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "%04d-Q%d", y, (m - 1) / 3 + 1);
		break;
	case PERIOD_YEAR:
		snprintf(buf, n, "%04d", y);
		break;
	default:
		snprintf(buf, n, "?");
	}
}

static int is_holiday(const struct workcal *c, kp_date d)
{
	size_t lo = 0, hi = c->nholidays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->holidays[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nholidays && c->holidays[lo] == d;
}

int cal_is_workday(const struct workcal *c, kp_date d)
{
	return c->workdays[date_weekday(d)] && !is_holiday(c, d);
}

/* Holidays inside [from, to] that fall on a working weekday. */
static int holidays_off(const struct workcal *c, kp_date from, kp_date to)
{
	int n = 0;
	for (size_t i = 0; i < c->nholidays; i++) {
		kp_date h = c->holidays[i];
		if (h < from || h > to || (i > 0 && c->holidays[i - 1] == h))
			continue;
		n += c->workdays[date_weekday(h)] != 0;
	}
	return n;
}

int cal_workdays(const struct workcal *c, kp_date from, kp_date to)
{
	if (to < from)
		return 0;
	int per_week = 0;
	for (int i = 0; i < 7; i++)
		per_week += c->workdays[i] != 0;
	/* Whole weeks hold every weekday once; walk only the remainder. */
	int ndays = to - from + 1;
	int n = ndays / 7 * per_week;
	for (kp_date d = from + ndays / 7 * 7; d <= to; d++)
		n += c->workdays[date_weekday(d)] != 0;
	return n - holidays_off(c, from, to);
}

struct workpace cal_pace(const struct workcal *c, struct period p, kp_date asof)
{
	struct workpace w;
	w.total = cal_workdays(c, p.from, p.to);
	w.elapsed = cal_workdays(c, p.from, asof < p.to ? asof : p.to);
	w.remaining = w.total - w.elapsed;
	return w;
}
