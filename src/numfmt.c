/* numfmt.c - parsing and formatting of counts, money and rates; pure.
 *
 * Parsing is strict on purpose: a cell is typed by hand or read from CSV, and
 * "1e3", " 5" or "1.005" are far more often mistakes than intentions.  All
 * arithmetic stays within NUM_MAX_VALUE, so no input can overflow. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kpitop/i18n.h"
#include "kpitop/numfmt.h"

/* Reasons for refusals, returned through `why` and translated where shown
 * (_(why)): the command line and the grids. */
#define WHY_EMPTY N_("empty")
#define WHY_NEGATIVE N_("negative values are not allowed")
#define WHY_TOO_LARGE N_("too large (max 999999999999999)")
#define WHY_NOT_WHOLE N_("not a whole number")
#define WHY_NOT_AMOUNT N_("not an amount (e.g. 1234.50)")
#define WHY_NO_COMMA N_("use '.' as the decimal point, not ','")
#define WHY_DECIMALS N_("more than two decimals")
#define WHY_MONEY_LARGE N_("too large (max 9999999999999.99)")

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

/* Accumulate the digits of s[0..n) into *v; 1 when the value exceeds max
 * (scanning stops growing it, so nothing overflows), else 0. */
static int digits_value(const char *s, size_t n, int64_t max, int64_t *v)
{
	int64_t acc = 0;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] - '0';
		if (acc > (max - d) / 10)
			return 1;
		acc = acc * 10 + d;
	}
	*v = acc;
	return 0;
}

/* A leading minus before a digit (or a decimal point and digit) reads as a
 * negative number, which deserves its own message. */
static int looks_negative(const char *s)
{
	return s[0] == '-' && (is_digit(s[1]) || ((s[1] == '.' || s[1] == ',') &&
						  is_digit(s[2])));
}

int num_parse_count(const char *s, int64_t *out, const char **why)
{
	if (!s || !*s)
		return fail(why, WHY_EMPTY);
	if (looks_negative(s))
		return fail(why, WHY_NEGATIVE);
	size_t n = strspn(s, "0123456789");
	if (n == 0 || s[n] != '\0')
		return fail(why, WHY_NOT_WHOLE);
	int64_t v;
	if (digits_value(s, n, NUM_MAX_VALUE, &v))
		return fail(why, WHY_TOO_LARGE);
	*out = v;
	return 0;
}

int num_parse_money(const char *s, int allow_comma, int64_t *out, const char **why)
{
	if (!s || !*s)
		return fail(why, WHY_EMPTY);
	if (looks_negative(s))
		return fail(why, WHY_NEGATIVE);
	size_t n = strspn(s, "0123456789");
	const char *p = s + n;
	size_t nfrac = 0;
	if (*p == ',' && !allow_comma) {
		/* "1,5" is a decimal comma; "1,234" may be grouping: say which. */
		size_t k = strspn(p + 1, "0123456789");
		return fail(why, n && (k == 1 || k == 2) && p[1 + k] == '\0' ? WHY_NO_COMMA
									 : WHY_NOT_AMOUNT);
	}
	if (*p == '.' || *p == ',') {
		nfrac = strspn(p + 1, "0123456789");
		if (nfrac == 0 || p[1 + nfrac] != '\0' || n == 0)
			return fail(why, WHY_NOT_AMOUNT);
		if (nfrac > 2)
			return fail(why, WHY_DECIMALS);
	} else if (*p != '\0' || n == 0) {
		return fail(why, WHY_NOT_AMOUNT);
	}
	int64_t whole, frac = 0;
	if (digits_value(s, n, NUM_MAX_VALUE / 100, &whole))
		return fail(why, WHY_MONEY_LARGE);
	if (nfrac > 0)
		frac = (p[1] - '0') * 10 + (nfrac == 2 ? p[2] - '0' : 0);
	if (whole > (NUM_MAX_VALUE - frac) / 100)
		return fail(why, WHY_MONEY_LARGE);
	*out = whole * 100 + frac;
	return 0;
}

int num_parse(enum num_kind kind, const char *s, int allow_comma, int64_t *out,
	      const char **why)
{
	if (kind == NUM_MONEY)
		return num_parse_money(s, allow_comma, out, why);
	return num_parse_count(s, out, why);
}

void num_format_money_plain(int64_t minor, char *buf, size_t n)
{
	/* Work on the unsigned magnitude so INT64_MIN is not undefined. */
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	snprintf(buf, n, "%s%llu.%02llu", minor < 0 ? "-" : "",
		 (unsigned long long)(mag / 100), (unsigned long long)(mag % 100));
}

void num_format_plain(enum num_kind kind, int64_t v, char *buf, size_t n)
{
	if (kind == NUM_MONEY)
		num_format_money_plain(v, buf, n);
	else
		snprintf(buf, n, "%lld", (long long)v);
}

/* The rounded magnitude of v as a plain digit string with `decimals` digits
 * after an implied point (at least decimals + 1 digits).  Rounds half away
 * from zero as people do on paper: a value within a few ulps of a half (2.675
 * is stored as 2.67499999...) counts as that half.  Returns 0 when the
 * rounded value is zero (so no "-0" is ever printed), 1 otherwise. */
static int fixed_digits(double v, int decimals, char *digits, size_t cap)
{
	double x = fabs(v) * pow(10.0, decimals);
	if (x < 9e18) {
		double fl = floor(x), frac = x - fl;
		double slack = 3 * (nextafter(x, INFINITY) - x); /* a few ulps */
		int up = frac >= 0.5 || (slack < 0.25 && frac >= 0.5 - slack);
		double r = fl + up;
		unsigned long long u = (unsigned long long)r;
		snprintf(digits, cap, "%0*llu", decimals + 1, u);
		return u != 0;
	}
	/* Beyond 64-bit integers: printf is exact enough, and never a half. */
	snprintf(digits, cap, "%.*f", decimals, fabs(v));
	char *dot = strchr(digits, '.');
	if (dot)
		memmove(dot, dot + 1, strlen(dot + 1) + 1);
	return 1;
}

/* Shared by the fixed and grouped formats; sep "" means no grouping. */
static void format_number(double v, int decimals, const char *sep, const char *dec,
			  char *buf, size_t n)
{
	/* DBL_MAX has 309 integer digits; 9 decimals at most. */
	char digits[DBL_MAX_10_EXP + 16];
	size_t len = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (isnan(v) || isinf(v))
		return;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	int nonzero = fixed_digits(v, decimals, digits, sizeof digits);
	size_t nd = strlen(digits), nint = nd - (size_t)decimals;
	size_t seplen = strlen(sep), declen = strlen(dec);

#define PUT(str, k)                                                              \
	do {                                                                     \
		size_t k_ = (k);                                                 \
		if (len + k_ >= n)                                               \
			goto done;                                               \
		memcpy(buf + len, (str), k_);                                    \
		len += k_;                                                       \
	} while (0)

	if (v < 0 && nonzero)
		PUT("-", 1);
	for (size_t i = 0; i < nint; i++) {
		if (i > 0 && seplen && (nint - i) % 3 == 0)
			PUT(sep, seplen);
		PUT(digits + i, 1);
	}
	if (decimals > 0) {
		PUT(dec, declen);
		PUT(digits + nint, (size_t)decimals);
	}
#undef PUT
done:
	buf[len] = '\0';
}

void num_format_fixed(double v, int decimals, char *buf, size_t n)
{
	format_number(v, decimals, "", ".", buf, n);
}

void num_format_grouped(double v, int decimals, const char *sep, const char *dec,
			char *buf, size_t n)
{
	format_number(v, decimals, sep ? sep : "", dec ? dec : ".", buf, n);
}
