/* test_widgets.c - the dashboard's text widgets rendered to strings. */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "../../src/tui/widgets.h"
#include "tap.h"

/* The glyphs, as separate literals so a following letter never joins an
 * escape.  Pk = left k/8 block; Lk = lower k/8 block; M = pace marker. */
#define F "\xe2\x96\x88"
#define P1 "\xe2\x96\x8f"
#define P2 "\xe2\x96\x8e"
#define P3 "\xe2\x96\x8d"
#define P4 "\xe2\x96\x8c"
#define P5 "\xe2\x96\x8b"
#define P6 "\xe2\x96\x8a"
#define P7 "\xe2\x96\x89"
#define M "\xe2\x94\x82"
#define L1 "\xe2\x96\x81"
#define L2 "\xe2\x96\x82"
#define L3 "\xe2\x96\x83"
#define L4 "\xe2\x96\x84"
#define L5 "\xe2\x96\x85"
#define L6 "\xe2\x96\x86"
#define L7 "\xe2\x96\x87"
#define L8 "\xe2\x96\x88"

#define BUF 512

/* Display cells of our output: every glyph used is one cell wide, so count
 * code points (bytes that do not continue a UTF-8 sequence). */
static int cells(const char *s)
{
	int c = 0;

	for (; *s; s++)
		c += ((unsigned char)*s & 0xC0) != 0x80;
	return c;
}

struct bar_case {
	int width;
	double pct, pace;
	int ascii;
	const char *want;
	int filled, marker;
};

static const struct bar_case bar_cases[] = {
	/* degenerate widths */
	{0, 50, 50, 0, "", 0, -1},
	{0, 50, 50, 1, "", 0, -1},
	{1, 0, NAN, 0, " ", 0, -1},
	{1, 100, NAN, 0, F, 1, -1},
	{1, 50, NAN, 0, P4, 1, -1},
	{1, 50, NAN, 1, "=", 1, -1},
	{1, 50, 50, 0, M, 1, 0},
	{1, 50, 50, 1, "|", 1, 0},
	/* 0, 100, above 100, NaN, negative */
	{10, 0, 0, 1, "|         ", 0, 0},
	{10, 0, NAN, 0, "          ", 0, -1},
	{10, 100, 100, 1, "#########|", 10, 9},
	{10, 100, NAN, 0, F F F F F F F F F F, 10, -1},
	{10, 150, NAN, 1, "##########", 10, -1},
	{10, INFINITY, NAN, 1, "##########", 10, -1},
	{10, NAN, 50, 1, "     |    ", 0, 5},
	{10, NAN, NAN, 0, "          ", 0, -1},
	{10, -20, NAN, 1, "          ", 0, -1},
	{10, -INFINITY, 30, 0, "   " M "      ", 0, 3},
	/* exact eighths: width 8 is 64 eighths, 1.5625% each */
	{8, 1.5625, NAN, 0, P1 "       ", 1, -1},
	{8, 12.5, NAN, 0, F "       ", 1, -1},
	{8, 14.0625, NAN, 0, F P1 "      ", 2, -1},
	{8, 15.625, NAN, 0, F P2 "      ", 2, -1},
	{8, 17.1875, NAN, 0, F P3 "      ", 2, -1},
	{8, 18.75, NAN, 0, F P4 "      ", 2, -1},
	{8, 20.3125, NAN, 0, F P5 "      ", 2, -1},
	{8, 21.875, NAN, 0, F P6 "      ", 2, -1},
	{8, 23.4375, NAN, 0, F P7 "      ", 2, -1},
	{8, 25, NAN, 0, F F "      ", 2, -1},
	/* ASCII partials: a half or more is '=', less is blank and not inked */
	{4, 34.375, NAN, 1, "#   ", 1, -1},
	{4, 37.5, NAN, 1, "#=  ", 2, -1},
	{4, 43.75, NAN, 1, "#=  ", 2, -1},
	/* rounding to the nearest eighth: width 10 = 80 eighths */
	{10, 50.6, NAN, 0, F F F F F "     ", 5, -1},       /* 40.48 */
	{10, 50.625, NAN, 0, F F F F F P1 "    ", 6, -1},   /* 40.5 */
	{10, 50.65, NAN, 0, F F F F F P1 "    ", 6, -1},    /* 40.52 */
	/* a trace is visible, and only 100% looks complete */
	{10, 0.01, NAN, 0, P1 "         ", 1, -1},
	{10, 0.01, NAN, 1, "          ", 0, -1},
	{10, 99.99, NAN, 0, F F F F F F F F F P7, 10, -1},
	{10, 99.99, NAN, 1, "#########=", 10, -1},
	/* the marker: rounding, clamping, over a filled cell */
	{10, 0, 45, 1, "     |    ", 0, 5},
	{10, 0, 44.9, 1, "    |     ", 0, 4},
	{10, 0, -5, 1, "|         ", 0, 0},
	{10, 0, 250, 1, "         |", 0, 9},
	{10, 0, INFINITY, 1, "         |", 0, 9},
	{4, 100, 50, 0, F F M F, 4, 2},
	{4, 50, 50, 1, "##| ", 2, 2},
	{4, 25, 75, 0, F "  " M, 1, 3},
};

static void test_bar_cases(void)
{
	for (size_t i = 0; i < sizeof bar_cases / sizeof bar_cases[0]; i++) {
		const struct bar_case *c = &bar_cases[i];
		char buf[BUF];
		struct bar_info info = {-7, -7};
		int r = bar_render(buf, sizeof buf, c->width, c->pct, c->pace, c->ascii, &info);

		is_str(buf, c->want, "bar w=%d pct=%g pace=%g %s", c->width, c->pct, c->pace,
		       c->ascii ? "ascii" : "utf8");
		ok(r == (int)strlen(buf) && cells(buf) == c->width,
		   "bar w=%d pct=%g: %d bytes returned, %d cells", c->width, c->pct, r,
		   cells(buf));
		ok(info.filled == c->filled && info.marker == c->marker,
		   "bar w=%d pct=%g pace=%g: filled %d marker %d (want %d %d)", c->width,
		   c->pct, c->pace, info.filled, info.marker, c->filled, c->marker);
	}
}

/* Every fill of a width-8 bar, against a reference built cell by cell. */
static void test_bar_every_eighth(void)
{
	static const char *const part[8] = {"", P1, P2, P3, P4, P5, P6, P7};
	int bad = 0;

	for (int e = 1; e < 64; e++) {
		char buf[BUF], want[BUF] = "";
		int cellsw = 0;

		for (int k = 0; k < e / 8; k++, cellsw++)
			strcat(want, F);
		if (e % 8) {
			strcat(want, part[e % 8]);
			cellsw++;
		}
		for (; cellsw < 8; cellsw++)
			strcat(want, " ");
		bar_render(buf, sizeof buf, 8, e * 100.0 / 64, NAN, 0, NULL);
		if (strcmp(buf, want) != 0) {
			bad++;
			printf("# %d eighths: got \"%s\" want \"%s\"\n", e, buf, want);
		}
	}
	is_int(bad, 0, "bar: all 63 partial fills of width 8 are exact");
}

static void test_bar_errors(void)
{
	char buf[BUF];

	is_int(bar_render(buf, 40, 10, 50, 50, 0, NULL), -1, "bar: n = width*4 refused");
	is_int(bar_render(buf, 41, 10, 50, 50, 0, NULL), (int)strlen(buf),
	       "bar: n = width*4+1 accepted");
	is_int(bar_render(buf, sizeof buf, -1, 50, 50, 0, NULL), -1, "bar: negative width");
	is_int(bar_fill(buf, sizeof buf, 3, 100, 1, NULL), 3, "bar_fill: clamped high");
	is_str(buf, "###", "bar_fill: more eighths than cells fill it");
	is_int(bar_fill(buf, sizeof buf, 3, -5, 0, NULL), 3, "bar_fill: clamped low");
	is_str(buf, "   ", "bar_fill: negative eighths are empty");
}

struct level_case {
	double completion, expected, red, yellow;
	enum bar_level want;
};

static const struct level_case level_cases[] = {
	{NAN, 50, 70, 100, BAR_NONE},
	{50, NAN, 70, 100, BAR_NONE},
	{NAN, 0, 70, 100, BAR_NONE},
	{0, 0, 70, 100, BAR_GREEN},   /* nothing expected yet */
	{10, 0, 70, 100, BAR_GREEN},
	{-1, 0, 70, 100, BAR_RED},
	{0, 50, 70, 100, BAR_RED},
	{34.9, 50, 70, 100, BAR_RED},  /* 69.8% of pace */
	{35, 50, 70, 100, BAR_YELLOW}, /* exactly 70% */
	{21, 30, 70, 100, BAR_YELLOW}, /* 70%, 0.7 not exact in binary */
	{7, 10, 70, 100, BAR_YELLOW},
	{69.99, 100, 70, 100, BAR_RED},
	{49.99, 50, 70, 100, BAR_YELLOW},
	{50, 50, 70, 100, BAR_GREEN},  /* exactly on pace */
	{33, 33, 70, 100, BAR_GREEN},
	{120, 100, 70, 100, BAR_GREEN},
	{INFINITY, 50, 70, 100, BAR_GREEN},
	{45, 100, 50, 90, BAR_RED},    /* configured thresholds */
	{50, 100, 50, 90, BAR_YELLOW},
	{89.9, 100, 50, 90, BAR_YELLOW},
	{90, 100, 50, 90, BAR_GREEN},
};

static void test_bar_level(void)
{
	for (size_t i = 0; i < sizeof level_cases / sizeof level_cases[0]; i++) {
		const struct level_case *c = &level_cases[i];

		is_int(bar_level(c->completion, c->expected, c->red, c->yellow), c->want,
		       "bar_level(%g, %g, %g, %g)", c->completion, c->expected, c->red,
		       c->yellow);
	}
}

struct alert_case {
	double completion, expected, margin;
	int want;
};

static const struct alert_case alert_cases[] = {
	{NAN, 50, 10, 0},
	{50, NAN, 10, 0},
	{NAN, NAN, 10, 0},
	{39.9, 50, 10, 1},
	{40, 50, 10, 0}, /* exactly the margin is not behind */
	{50, 50, 10, 0},
	{0, 5, 10, 0},   /* early in the period nobody is flagged */
	{0, 10.1, 10, 1},
	{49.9, 50, 0, 1},
	{50, 50, 0, 0},
	{200, 50, 10, 0},
};

static void test_alert_behind(void)
{
	for (size_t i = 0; i < sizeof alert_cases / sizeof alert_cases[0]; i++) {
		const struct alert_case *c = &alert_cases[i];

		is_int(alert_behind(c->completion, c->expected, c->margin), c->want,
		       "alert_behind(%g, %g, %g)", c->completion, c->expected, c->margin);
	}
}

struct funnel_case {
	int width;
	double value, first;
	int ascii;
	const char *want;
};

static const struct funnel_case funnel_cases[] = {
	{0, 5, 10, 0, ""},
	{1, 0, 10, 0, " "},
	{1, 10, 10, 0, F},
	{1, 1, 2, 0, P4},
	{1, 1, 2, 1, "="},
	{10, 100, 100, 0, F F F F F F F F F F},
	{10, 100, 100, 1, "##########"},
	{10, 50, 100, 0, F F F F F "     "},
	{10, 0, 100, 0, "          "},
	{10, NAN, 100, 0, "          "},
	{10, -3, 100, 1, "          "},
	{10, 1, 1000, 0, P1 "         "}, /* a trace stays visible */
	{10, 1, 1000, 1, "=         "},
	{10, 120, 100, 1, "##########"},  /* a stage above the first */
	{10, 5, 0, 1, "##########"},      /* nothing to compare with */
	{10, 5, NAN, 1, "##########"},
	{10, 0, 0, 1, "          "},
	{10, 999, 1000, 0, F F F F F F F F F P7},
	{10, 999, 1000, 1, "#########="},
	{3, 1, 3, 0, F "  "},
	{4, 13, 32, 1, "#=  "},
	{4, 11, 32, 1, "#   "},
	{4, 11, 32, 0, F P3 "  "},
	{8, 17, 64, 0, F F P1 "     "},
};

static void test_funnel(void)
{
	char buf[BUF];

	for (size_t i = 0; i < sizeof funnel_cases / sizeof funnel_cases[0]; i++) {
		const struct funnel_case *c = &funnel_cases[i];
		int r = funnel_render(buf, sizeof buf, c->width, c->value, c->first, c->ascii);

		is_str(buf, c->want, "funnel w=%d %g of %g %s", c->width, c->value, c->first,
		       c->ascii ? "ascii" : "utf8");
		ok(r == (int)strlen(buf) && cells(buf) == c->width,
		   "funnel w=%d %g of %g: %d bytes, %d cells", c->width, c->value, c->first, r,
		   cells(buf));
	}
	is_int(funnel_render(buf, 20, 5, 1, 1, 0), -1, "funnel: n too small");
	is_int(funnel_render(buf, sizeof buf, -2, 1, 1, 0), -1, "funnel: negative width");
}

struct spark_case {
	const double *values;
	size_t count;
	int width, ascii;
	const char *want;
};

static const double one_to_eight[] = {1, 2, 3, 4, 5, 6, 7, 8};
static const double gaps[] = {0, 5, 0};
static const double zeros[] = {0, 0, 0};
static const double with_nan[] = {NAN, 2, 4};
static const double dropped[] = {100, 1, 2};
static const double single[] = {3};
static const double tiny[] = {0.001, 1000};
static const double negative[] = {-5, 5};
static const double infinite[] = {INFINITY, 4};
static const double halves[] = {3, 6};
static const double thirds[] = {1, 3};
static const double ascii_mid[] = {0, 1, 2};

static const struct spark_case spark_cases[] = {
	{one_to_eight, 8, 0, 0, ""},
	{NULL, 0, 5, 0, "     "},
	{NULL, 0, 0, 1, ""},
	{one_to_eight, 8, 8, 0, L1 L2 L3 L4 L5 L6 L7 L8},
	{one_to_eight, 8, 8, 1, ".:-=+*##"},
	{gaps, 3, 3, 0, " " L8 " "},
	{gaps, 3, 3, 1, " # "},
	{zeros, 3, 3, 0, "   "},
	{with_nan, 3, 3, 0, " " L4 L8},
	{dropped, 3, 2, 0, L4 L8}, /* the dropped 100 does not set the scale */
	{single, 1, 4, 0, "   " L8},
	{single, 1, 4, 1, "   #"},
	{tiny, 2, 2, 0, L1 L8},
	{tiny, 2, 2, 1, ".#"},
	{negative, 2, 2, 0, " " L8},
	{infinite, 2, 2, 0, " " L8},
	{halves, 2, 2, 0, L4 L8},
	{thirds, 2, 2, 0, L3 L8},
	{ascii_mid, 3, 3, 1, " =#"},
	{one_to_eight, 8, 3, 0, L6 L7 L8},
	{one_to_eight, 8, 1, 1, "#"},
};

static void test_spark(void)
{
	char buf[BUF];

	for (size_t i = 0; i < sizeof spark_cases / sizeof spark_cases[0]; i++) {
		const struct spark_case *c = &spark_cases[i];
		int r = spark_render(buf, sizeof buf, c->values, c->count, c->width, c->ascii);

		is_str(buf, c->want, "spark case %zu (%zu values, w=%d, %s)", i, c->count,
		       c->width, c->ascii ? "ascii" : "utf8");
		ok(r == (int)strlen(buf) && cells(buf) == c->width,
		   "spark case %zu: %d bytes, %d cells", i, r, cells(buf));
	}
	is_int(spark_render(buf, 32, one_to_eight, 8, 8, 0), -1, "spark: n too small");
	is_int(spark_render(buf, sizeof buf, NULL, 3, 3, 0), -1, "spark: NULL values");
	is_int(spark_render(buf, sizeof buf, one_to_eight, 8, -1, 0), -1,
	       "spark: negative width");
}

struct compact_case {
	double v;
	int max_width;
	const char *want;
};

static const struct compact_case compact_cases[] = {
	{NAN, 5, "-"},
	{INFINITY, 3, "-"},
	{0, 1, "0"},
	{-0.4, 3, "0"}, /* never "-0" */
	{0.5, 3, "1"},
	{-0.5, 3, "-1"},
	{999, 3, "999"},
	{123, 2, "##"}, /* under 1000 there is nothing to shorten */
	{-123, 3, "###"},
	{1000, 5, "1,000"},
	{1000, 4, "1.0k"},
	{1000, 2, "1k"},
	{1000, 1, "#"},
	{1234.5, 5, "1,235"},
	{12345, 6, "12,345"},
	{12345, 5, "12.3k"},
	{123456, 6, "123k"},
	{1234567, 9, "1,234,567"},
	{1234567, 8, "1.23M"},
	{1234567, 4, "1.2M"},
	{1234567, 2, "1M"},
	{-1234567, 6, "-1.23M"},
	{-1234567, 5, "-1.2M"},
	{-1234567, 3, "-1M"},
	{-1234567, 2, "##"},
	{9999, 4, "10k"},     /* not "10.00k" */
	{9999, 5, "9,999"},   /* grouped fits: no shortening */
	{9949, 4, "9.9k"},
	{99950, 5, "100k"},
	{999999, 6, "1.00M"}, /* not "1000k" */
	{1.5e9, 5, "1.50B"},
	{1e12, 5, "1.00T"},
	{1e16, 6, "10000T"},
	{1e16, 5, "#####"},
};

static void test_compact(void)
{
	char buf[BUF];

	for (size_t i = 0; i < sizeof compact_cases / sizeof compact_cases[0]; i++) {
		const struct compact_case *c = &compact_cases[i];
		int r = fmt_compact(buf, sizeof buf, c->v, c->max_width);

		is_str(buf, c->want, "fmt_compact(%g, %d)", c->v, c->max_width);
		ok(r == (int)strlen(buf) && r <= c->max_width, "fmt_compact(%g, %d) returns %d",
		   c->v, c->max_width, r);
	}
	is_int(fmt_compact(buf, sizeof buf, 5, 0), -1, "fmt_compact: max_width 0");
	is_int(fmt_compact(buf, 5, 5, 5), -1, "fmt_compact: n too small");
	is_int(fmt_compact(buf, 6, 1234567, 5), 5, "fmt_compact: n = max_width + 1");
}

int main(void)
{
	test_bar_cases();
	test_bar_every_eighth();
	test_bar_errors();
	test_bar_level();
	test_alert_behind();
	test_funnel();
	test_spark();
	test_compact();
	return tap_done();
}
