/* date.c - civil dates as day numbers (Howard Hinnant's days-from-civil
 * algorithm, restated); pure. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpitop/date.h"

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

kp_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                   /* [0, 399] */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return (kp_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(kp_date z, int *year, int *month, int *day)
{
	int32_t zz = z + 719468;
	int era = (zz >= 0 ? zz : zz - 146096) / 146097;
	int doe = zz - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

int date_weekday(kp_date d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((d % 7 + 7 + 3) % 7);
	return w;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, kp_date *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d) || !date_valid(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int month_parse(const char *s, int *year, int *month)
{
	int y, m;
	if (!s || strlen(s) != 7 || s[4] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
	    !date_valid(y, m, 1))
		return -1;
	*year = y;
	*month = m;
	return 0;
}

/* Writes n digits of v (0 <= v < 10^n) into p. */
static void put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

void date_format(kp_date d, char *buf)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	put_digits(buf, (unsigned)(y < 0 ? 0 : y % 10000), 4);
	buf[4] = '-';
	put_digits(buf + 5, (unsigned)m, 2);
	buf[7] = '-';
	put_digits(buf + 8, (unsigned)dd, 2);
	buf[10] = '\0';
}

void month_format(int year, int month, char *buf)
{
	put_digits(buf, (unsigned)(year < 0 ? 0 : year % 10000), 4);
	buf[4] = '-';
	put_digits(buf + 5, (unsigned)(month < 0 ? 0 : month % 100), 2);
	buf[7] = '\0';
}

/* ---- dates by a pattern ---- */

struct pat_out {
	char *buf;
	size_t n, len;
	int overflow;
};

static void pat_put(struct pat_out *o, const char *s, size_t k)
{
	if (o->len + k >= o->n) {
		o->overflow = 1;
		return;
	}
	memcpy(o->buf + o->len, s, k);
	o->len += k;
	o->buf[o->len] = '\0';
}

/* v in at least width digits, padded as the flag says ('0', '_', '-'). */
static void pat_num(struct pat_out *o, unsigned v, int width, char flag)
{
	char tmp[16];
	int len = snprintf(tmp, sizeof tmp, "%u", v);
	for (int i = len; flag != '-' && i < width; i++)
		pat_put(o, flag == '_' ? " " : "0", 1);
	pat_put(o, tmp, (size_t)len);
}

/* One conversion (after '%' and its flag); 0, or -1 when unsupported. */
static int pat_conv(struct pat_out *o, char c, char flag, int y, int m, int d)
{
	unsigned uy = (unsigned)(y < 0 ? 0 : y);
	switch (c) {
	case 'd':
		pat_num(o, (unsigned)d, 2, flag ? flag : '0');
		return 0;
	case 'e':
		pat_num(o, (unsigned)d, 2, flag ? flag : '_');
		return 0;
	case 'm':
		pat_num(o, (unsigned)m, 2, flag ? flag : '0');
		return 0;
	case 'Y':
		pat_num(o, uy, flag == '-' ? 1 : 4, flag ? flag : '0');
		return 0;
	case 'y':
		pat_num(o, uy % 100, 2, flag ? flag : '0');
		return 0;
	case 'C':
		pat_num(o, uy / 100, 2, flag ? flag : '0');
		return 0;
	case 'F':
		pat_conv(o, 'Y', 0, y, m, d);
		pat_put(o, "-", 1);
		pat_conv(o, 'm', 0, y, m, d);
		pat_put(o, "-", 1);
		return pat_conv(o, 'd', 0, y, m, d);
	case 'D':
		pat_conv(o, 'm', 0, y, m, d);
		pat_put(o, "/", 1);
		pat_conv(o, 'd', 0, y, m, d);
		pat_put(o, "/", 1);
		return pat_conv(o, 'y', 0, y, m, d);
	case '%':
		pat_put(o, "%", 1);
		return 0;
	default:
		return -1;
	}
}

int date_format_pattern(kp_date d, const char *pattern, char *buf, size_t n)
{
	int y, m, dd;
	struct pat_out o = {buf, n, 0, 0};
	if (!buf || n == 0)
		return -1;
	buf[0] = '\0';
	if (!pattern || !*pattern)
		pattern = DATE_ISO_PATTERN;
	date_to_ymd(d, &y, &m, &dd);
	for (const char *p = pattern; *p; p++) {
		if (*p != '%') {
			pat_put(&o, p, 1);
			continue;
		}
		char flag = 0;
		p++;
		if (*p == '-' || *p == '_' || *p == '0')
			flag = *p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (!*p || pat_conv(&o, *p, flag, y, m, dd)) {
			buf[0] = '\0';
			return -1;
		}
	}
	if (o.overflow) {
		buf[0] = '\0';
		return -1;
	}
	return (int)o.len;
}

/* Which of day (1), month (2) and year (4) the pattern shows. */
static int pattern_fields(const char *p)
{
	int f = 0;
	for (; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '-' || *p == '_' || *p == '0')
			p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == 'd' || *p == 'e')
			f |= 1;
		else if (*p == 'm')
			f |= 2;
		else if (*p == 'Y' || *p == 'y')
			f |= 4;
		else if (*p == 'F' || *p == 'D')
			f |= 7;
		else if (!*p)
			break;
	}
	return f;
}

const char *date_pattern_choose(const char *d_fmt, const char *locale_name)
{
	char probe[DATE_TEXT_MAX];
	const char *l = locale_name;
	if (!l || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0 || strncmp(l, "C.", 2) == 0 ||
	    strncmp(l, "POSIX.", 6) == 0)
		return DATE_ISO_PATTERN;
	if (!d_fmt || !*d_fmt || pattern_fields(d_fmt) != 7)
		return DATE_ISO_PATTERN;
	/* The widest date (two-digit day and month, year 9999) must fit. */
	if (date_format_pattern(date_from_ymd(9999, 12, 31), d_fmt, probe, sizeof probe) < 0)
		return DATE_ISO_PATTERN;
	return d_fmt;
}

/* One piece of a pattern: a conversion ("%-d", "%EY") or a run of text. */
struct pat_piece {
	const char *s;
	size_t len;
	char conv; /* the conversion's letter, 0 for text */
};

/* Split p into pieces (at most cap); %F and %D come expanded.  Returns the
 * count, or -1 when there are too many or a '%' ends the pattern. */
static int pat_split(const char *p, struct pat_piece *out, int cap)
{
	int k = 0;
	while (*p) {
		if (k >= cap)
			return -1;
		const char *start = p;
		if (*p != '%') {
			while (*p && *p != '%')
				p++;
			out[k++] = (struct pat_piece){start, (size_t)(p - start), 0};
			continue;
		}
		p++;
		if (*p == '-' || *p == '_' || *p == '0')
			p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (!*p)
			return -1;
		if (*p == 'F' || *p == 'D') {
			int n = pat_split(*p == 'F' ? "%Y-%m-%d" : "%m/%d/%y", out + k, cap - k);
			if (n < 0)
				return -1;
			k += n;
		} else {
			out[k++] = (struct pat_piece){start, (size_t)(p + 1 - start), *p};
		}
		p++;
	}
	return k;
}

int date_pattern_day_month(const char *pattern, char *out, size_t n)
{
	struct pat_piece pc[64];
	struct pat_out o = {out, n, 0, 0};
	if (!out || n == 0)
		return -1;
	out[0] = '\0';
	int k = pat_split(pattern && *pattern ? pattern : DATE_ISO_PATTERN, pc,
			  (int)(sizeof pc / sizeof pc[0]));
	if (k < 0)
		return -1;
	int first = -1, last = -1;
	for (int i = 0; i < k; i++)
		if (pc[i].conv) {
			if (first < 0)
				first = i;
			last = i;
		}
	unsigned char drop[64] = {0};
	for (int i = 0; i < k; i++) {
		if (pc[i].conv != 'Y' && pc[i].conv != 'y' && pc[i].conv != 'C')
			continue;
		drop[i] = 1;
		if (i == first) {
			if (i + 1 < k && !pc[i + 1].conv)
				drop[i + 1] = 1;
		} else {
			if (i > 0 && !pc[i - 1].conv)
				drop[i - 1] = 1;
			if (i == last && i + 1 < k && !pc[i + 1].conv)
				drop[i + 1] = 1;
		}
	}
	for (int i = 0; i < k; i++)
		if (!drop[i])
			pat_put(&o, pc[i].s, pc[i].len);
	if (o.overflow || pattern_fields(out) != 3) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
