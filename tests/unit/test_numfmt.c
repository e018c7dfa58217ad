/* test_numfmt.c - parsing and formatting of counts, money and rates. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kpitop/numfmt.h"
#include "tap.h"

/* want_why: NULL for success, else a substring the reason must contain. */
struct parse_case {
	const char *in;
	int64_t want;
	const char *want_why;
};

static const struct parse_case count_cases[] = {
	{"", 0, "empty"},
	{"0", 0, NULL},
	{"00", 0, NULL},
	{"007", 7, NULL},
	{"42", 42, NULL},
	{"999999999999999", INT64_C(999999999999999), NULL},
	{"000000000000000000000999999999999999", INT64_C(999999999999999), NULL},
	{"1000000000000000", 0, "too large"},
	{"12345678901234567890", 0, "too large"},
	{"99999999999999999999999999999999999999", 0, "too large"},
	{"1e3", 0, "not a whole number"},
	{" 5", 0, "not a whole number"},
	{"5 ", 0, "not a whole number"},
	{"+5", 0, "not a whole number"},
	{"-5", 0, "negative"},
	{"-0", 0, "negative"},
	{"-", 0, "not a whole number"},
	{"--5", 0, "not a whole number"},
	{"1.5", 0, "not a whole number"},
	{"1.0", 0, "not a whole number"},
	{"1,5", 0, "not a whole number"},
	{"abc", 0, "not a whole number"},
	{"12a", 0, "not a whole number"},
	{"0x10", 0, "not a whole number"},
	{"１", 0, "not a whole number"}, /* full-width digit one */
	{"1 000", 0, "not a whole number"},
};

/* allow_comma is 0 for these. */
static const struct parse_case money_cases[] = {
	{"", 0, "empty"},
	{"0", 0, NULL},
	{"00", 0, NULL},
	{"007", 700, NULL},
	{"0.05", 5, NULL},
	{"1234", 123400, NULL},
	{"1234.5", 123450, NULL},
	{"1234.50", 123450, NULL},
	{"1234.05", 123405, NULL},
	{"0.00", 0, NULL},
	{"9999999999999.99", INT64_C(999999999999999), NULL},
	{"9999999999999", INT64_C(999999999999900), NULL},
	{"10000000000000", 0, "too large"},
	{"10000000000000.00", 0, "too large"},
	{"12345678901234567890", 0, "too large"},
	{"12345678901234567890.99", 0, "too large"},
	{"1.005", 0, "more than two decimals"},
	{"1.000", 0, "more than two decimals"},
	{"12.", 0, "not an amount"},
	{".5", 0, "not an amount"},
	{".", 0, "not an amount"},
	{"1.2.3", 0, "not an amount"},
	{"1e3", 0, "not an amount"},
	{" 5", 0, "not an amount"},
	{"5 ", 0, "not an amount"},
	{"+5", 0, "not an amount"},
	{"-5", 0, "negative"},
	{"-0.50", 0, "negative"},
	{"-.5", 0, "negative"},
	{"1,5", 0, "use '.'"},
	{"1,50", 0, "use '.'"},
	{"1,234", 0, "not an amount"},
	{"1,234.50", 0, "not an amount"},
	{"12 345", 0, "not an amount"},
	{"₽5", 0, "not an amount"},
	{"5₽", 0, "not an amount"},
};

static const struct parse_case money_comma_cases[] = {
	{"1,5", 150, NULL},
	{"1,50", 150, NULL},
	{"1.5", 150, NULL},
	{"0,05", 5, NULL},
	{"1,005", 0, "more than two decimals"},
	{"1,", 0, "not an amount"},
	{",5", 0, "not an amount"},
	{"1,2,3", 0, "not an amount"},
	{"1.2,3", 0, "not an amount"},
	{"-1,5", 0, "negative"},
	{"9999999999999,99", INT64_C(999999999999999), NULL},
};

static void check_parse(const char *what, const struct parse_case *c, int rc,
			int64_t got, const char *why)
{
	if (!c->want_why) {
		is_int(rc, 0, "%s \"%s\" accepted", what, c->in);
		is_int(got, c->want, "%s \"%s\" value", what, c->in);
		return;
	}
	ok(rc == -1 && why && strstr(why, c->want_why), "%s \"%s\" refused: %s", what,
	   c->in, c->want_why);
	if (rc != -1 || !why || !strstr(why, c->want_why))
		printf("#   rc %d, why \"%s\"\n", rc, why ? why : "(null)");
	is_int(got, -77, "%s \"%s\" leaves the output alone", what, c->in);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_parse(void)
{
	for (size_t i = 0; i < N(count_cases); i++) {
		int64_t v = -77;
		const char *why = NULL;
		int rc = num_parse_count(count_cases[i].in, &v, &why);
		check_parse("count", &count_cases[i], rc, v, why);
	}
	for (size_t i = 0; i < N(money_cases); i++) {
		int64_t v = -77;
		const char *why = NULL;
		int rc = num_parse_money(money_cases[i].in, 0, &v, &why);
		check_parse("money", &money_cases[i], rc, v, why);
	}
	for (size_t i = 0; i < N(money_comma_cases); i++) {
		int64_t v = -77;
		const char *why = NULL;
		int rc = num_parse_money(money_comma_cases[i].in, 1, &v, &why);
		check_parse("money,comma", &money_comma_cases[i], rc, v, why);
	}
}

static void test_parse_misc(void)
{
	int64_t v = -77;
	const char *why = NULL;
	is_int(num_parse_count(NULL, &v, &why), -1, "NULL count refused");
	is_str(why, "empty", "NULL count is empty");
	is_int(num_parse_money(NULL, 1, &v, &why), -1, "NULL money refused");
	is_int(num_parse_count("", &v, NULL), -1, "why may be NULL");
	is_int(num_parse(NUM_COUNT, "12", 0, &v, &why), 0, "num_parse count");
	is_int(v, 12, "num_parse count value");
	is_int(num_parse(NUM_COUNT, "1.5", 1, &v, &why), -1, "num_parse count refuses 1.5");
	is_int(num_parse(NUM_MONEY, "1,5", 1, &v, &why), 0, "num_parse money comma");
	is_int(v, 150, "num_parse money comma value");
	is_int(num_parse(NUM_MONEY, "1,5", 0, &v, &why), -1, "num_parse money no comma");
}

struct money_fmt_case {
	int64_t minor;
	const char *want;
};

static const struct money_fmt_case money_fmt_cases[] = {
	{0, "0.00"},
	{5, "0.05"},
	{50, "0.50"},
	{100, "1.00"},
	{123450, "1234.50"},
	{-307, "-3.07"},
	{-300, "-3.00"},
	{-5, "-0.05"},
	{INT64_C(999999999999999), "9999999999999.99"},
	{INT64_MAX, "92233720368547758.07"},
	{INT64_MIN, "-92233720368547758.08"},
};

static void test_format_plain(void)
{
	char buf[64];
	for (size_t i = 0; i < N(money_fmt_cases); i++) {
		num_format_money_plain(money_fmt_cases[i].minor, buf, sizeof buf);
		is_str(buf, money_fmt_cases[i].want, "money plain %lld",
		       (long long)money_fmt_cases[i].minor);
	}
	num_format_plain(NUM_COUNT, 42, buf, sizeof buf);
	is_str(buf, "42", "plain count");
	num_format_plain(NUM_COUNT, -7, buf, sizeof buf);
	is_str(buf, "-7", "plain negative count");
	num_format_plain(NUM_MONEY, 4200, buf, sizeof buf);
	is_str(buf, "42.00", "plain money via kind");
	num_format_money_plain(123450, buf, 5);
	is_str(buf, "1234", "money plain truncated to the buffer");
}

struct fixed_case {
	double v;
	int decimals;
	const char *want;
};

static const struct fixed_case fixed_cases[] = {
	{0.0, 1, "0.0"},
	{-0.0, 1, "0.0"},
	{-0.04, 1, "0.0"},
	{-0.049, 1, "0.0"},
	{-0.05, 1, "-0.1"},
	{-0.4, 0, "0"},
	{-0.5, 0, "-1"},
	{0.5, 0, "1"},
	{1.5, 0, "2"},
	{2.5, 0, "3"},
	{0.125, 2, "0.13"},
	{-0.125, 2, "-0.13"},
	{2.675, 2, "2.68"},
	{1.005, 2, "1.01"},
	{12.25, 1, "12.3"},
	{12.24, 1, "12.2"},
	{99.95, 1, "100.0"},
	{66.666666, 1, "66.7"},
	{100.0, 1, "100.0"},
	{1234567.5, 2, "1234567.50"},
	{3.0, 0, "3"},
	{-3.07, 2, "-3.07"},
	{0.1, 5, "0.10000"},
	{1e20, 0, "100000000000000000000"},
	{-1e20, 1, "-100000000000000000000.0"},
	{1.5, -1, "2"},
	{NAN, 1, ""},
	{INFINITY, 1, ""},
	{-INFINITY, 1, ""},
};

static void test_format_fixed(void)
{
	char buf[400];
	for (size_t i = 0; i < N(fixed_cases); i++) {
		strcpy(buf, "junk");
		num_format_fixed(fixed_cases[i].v, fixed_cases[i].decimals, buf, sizeof buf);
		is_str(buf, fixed_cases[i].want, "fixed %.17g with %d decimals",
		       fixed_cases[i].v, fixed_cases[i].decimals);
	}
	num_format_fixed(1e308, 2, buf, sizeof buf);
	is_int(strlen(buf), 309 + 3, "fixed DBL-scale value fits, no overflow");
	num_format_fixed(12345.678, 2, buf, 4);
	is_str(buf, "123", "fixed truncated to the buffer");
	buf[0] = 'x';
	num_format_fixed(1.0, 1, buf, 0);
	is_int(buf[0], 'x', "size 0 writes nothing");
}

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

struct grouped_case {
	double v;
	int decimals;
	const char *sep, *dec;
	const char *want;
};

static const struct grouped_case grouped_cases[] = {
	{0, 2, ",", ".", "0.00"},
	{-0.001, 2, ",", ".", "0.00"},
	{1, 0, ",", ".", "1"},
	{999, 0, ",", ".", "999"},
	{1000, 0, ",", ".", "1,000"},
	{-1000, 0, ",", ".", "-1,000"},
	{999.995, 2, ",", ".", "1,000.00"},
	{12345, 0, ",", ".", "12,345"},
	{123456, 0, ",", ".", "123,456"},
	{1234567.5, 2, ",", ".", "1,234,567.50"},
	{-1234567.5, 2, ",", ".", "-1,234,567.50"},
	{1234567.5, 2, NBSP, ",", "1" NBSP "234" NBSP "567,50"},
	{1234567.5, 2, NNBSP, ",", "1" NNBSP "234" NNBSP "567,50"},
	{-9876543210.25, 2, NNBSP, ",", "-9" NNBSP "876" NNBSP "543" NNBSP "210,25"},
	{1234567.5, 2, "", ".", "1234567.50"},
	{1234567.5, 2, NULL, NULL, "1234567.50"},
	{9999999999999.99, 2, ",", ".", "9,999,999,999,999.99"},
	{1e21, 0, ",", ".", "1,000,000,000,000,000,000,000"},
	{NAN, 2, ",", ".", ""},
};

static void test_format_grouped(void)
{
	char buf[200];
	for (size_t i = 0; i < N(grouped_cases); i++) {
		const struct grouped_case *c = &grouped_cases[i];
		num_format_grouped(c->v, c->decimals, c->sep, c->dec, buf, sizeof buf);
		is_str(buf, c->want, "grouped %.17g/%d", c->v, c->decimals);
	}
	/* Truncation never splits a multibyte separator. */
	num_format_grouped(1234567, 0, NNBSP, ",", buf, 5);
	is_str(buf, "1" NNBSP, "grouped truncated whole separator kept");
	num_format_grouped(1234567, 0, NNBSP, ",", buf, 4);
	is_str(buf, "1", "grouped truncated before a separator that does not fit");
}

int main(void)
{
	test_parse();
	test_parse_misc();
	test_format_plain();
	test_format_fixed();
	test_format_grouped();
	return tap_done();
}
