/* bar.c - the plan-completion bar and its colour decision (SPEC 4), pure. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "widgets.h"

/* U+2588 FULL BLOCK; the left k/8 blocks are U+2590 - k (U+258F..U+2589). */
static const char full_block[] = "\xe2\x96\x88";
static const char partial_blocks[8][4] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
	"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
};
static const char pace_mark[] = "\xe2\x94\x82"; /* U+2502 */

/* The glyph of column col of a fill of `eighths` eighths. */
static const char *fill_glyph(int col, long eighths, int ascii)
{
	long full = eighths / 8, part = eighths % 8;

	if (col < full)
		return ascii ? "#" : full_block;
	if (col == full && part > 0) {
		if (ascii)
			return part >= 4 ? "=" : " ";
		return partial_blocks[part];
	}
	return " ";
}

/* Cells of a fill that show ink: an ASCII partial under a half is blank. */
static int fill_cells(long eighths, int ascii)
{
	long part = eighths % 8;
	int partial_inked = part > 0 && (!ascii || part >= 4);

	return (int)(eighths / 8) + partial_inked;
}

static int buf_fits(size_t n, int width)
{
	return width >= 0 && n >= WIDGET_BUFSIZE(width);
}

/* Lay out width cells: the fill, with the marker glyph at column marker. */
static int cells_write(char *buf, int width, long eighths, int ascii, int marker)
{
	size_t len = 0;

	for (int col = 0; col < width; col++) {
		const char *g = col == marker ? (ascii ? "|" : pace_mark)
					      : fill_glyph(col, eighths, ascii);
		size_t gl = strlen(g);

		memcpy(buf + len, g, gl);
		len += gl;
	}
	buf[len] = '\0';
	return (int)len;
}

int bar_fill(char *buf, size_t n, int width, long eighths, int ascii, int *filled)
{
	if (!buf_fits(n, width))
		return -1;
	if (eighths < 0)
		eighths = 0;
	if (eighths > (long)width * 8)
		eighths = (long)width * 8;
	if (filled)
		*filled = fill_cells(eighths, ascii);
	return cells_write(buf, width, eighths, ascii, -1);
}

/* Eighths of the bar for pct: full only at >= 100%, empty only at <= 0%,
 * so a 99.6% bar never looks complete and a 0.1% one never looks untouched. */
static long bar_eighths(double pct, int width)
{
	long total = (long)width * 8, e;

	if (width == 0 || isnan(pct) || pct <= 0)
		return 0;
	if (pct >= 100)
		return total;
	e = (long)floor(pct * total / 100 + 0.5);
	if (e < 1)
		e = 1;
	if (e > total - 1)
		e = total - 1;
	return e;
}

static int bar_marker(double pace, int width)
{
	double c;

	if (width == 0 || isnan(pace))
		return -1;
	c = floor(pace * width / 100 + 0.5);
	if (c < 0)
		return 0;
	if (c > width - 1)
		return width - 1;
	return (int)c;
}

int bar_render(char *buf, size_t n, int width, double pct, double pace_pct, int ascii,
	       struct bar_info *info)
{
	long eighths;
	int marker;

	if (!buf_fits(n, width))
		return -1;
	eighths = bar_eighths(pct, width);
	marker = bar_marker(pace_pct, width);
	if (info) {
		info->filled = fill_cells(eighths, ascii);
		info->marker = marker;
	}
	return cells_write(buf, width, eighths, ascii, marker);
}

/* A hair of tolerance so that 35 of an expected 50 is exactly 70% of pace
 * (yellow), whatever the binary rounding of the operands. */
#define LEVEL_EPS 1e-9

enum bar_level bar_level(double completion, double expected, double red_below,
			 double yellow_below)
{
	double ratio;

	if (isnan(completion) || isnan(expected))
		return BAR_NONE;
	if (expected <= 0)
		return completion >= 0 ? BAR_GREEN : BAR_RED;
	ratio = completion * 100 / expected;
	if (ratio < red_below - LEVEL_EPS)
		return BAR_RED;
	if (ratio < yellow_below - LEVEL_EPS)
		return BAR_YELLOW;
	return BAR_GREEN;
}

int alert_behind(double completion, double expected, double margin)
{
	if (isnan(completion) || isnan(expected) || isnan(margin))
		return 0;
	return completion < expected - margin;
}

/* ---- numbers beside bars and in narrow table columns ---- */

/* "1,234,567" for a whole number (|r| < 1e308 has at most 309 digits). */
static void compact_grouped(double r, char *out, size_t n)
{
	char digits[320];
	size_t nd, len = 0;

	snprintf(digits, sizeof digits, "%.0f", fabs(r));
	nd = strlen(digits);
	if (r < 0 && len + 1 < n)
		out[len++] = '-';
	for (size_t i = 0; i < nd && len + 1 < n; i++) {
		if (i > 0 && (nd - i) % 3 == 0 && len + 2 < n)
			out[len++] = ',';
		out[len++] = digits[i];
	}
	out[len] = '\0';
}

static const struct {
	double scale;
	char suffix;
} compact_units[] = {{1e3, 'k'}, {1e6, 'M'}, {1e9, 'B'}, {1e12, 'T'}};
#define NUNITS (sizeof compact_units / sizeof compact_units[0])

/* Digits in a formatted number ("10.0" has 3). */
static size_t compact_digits(const char *t)
{
	return strlen(t) - (strchr(t, '.') != NULL);
}

/* Unit and decimals for three significant digits of a >= 1000, judged on
 * the formatted text so rounding never shows "10.00k" or "1000k"
 * (9999 -> "10.0k", 999999 -> "1.00M"). */
static void compact_pick(double a, size_t *unit, int *dec)
{
	char t[352];
	size_t u = 0;

	while (u + 1 < NUNITS && a >= compact_units[u + 1].scale)
		u++;
	for (;;) {
		double s = a / compact_units[u].scale;

		for (*dec = 2; *dec > 0; (*dec)--) {
			snprintf(t, sizeof t, "%.*f", *dec, s);
			if (compact_digits(t) <= 3)
				break;
		}
		snprintf(t, sizeof t, "%.*f", *dec, s);
		if (compact_digits(t) <= 3 || u + 1 >= NUNITS)
			break;
		u++;
	}
	*unit = u;
}

/* The shortened form with at most `dec` decimals that fits max_width, into
 * out; 0, or -1 when even no decimals are too wide. */
static int compact_fit(double r, int max_width, char *out, size_t n)
{
	size_t unit;
	int dec;
	double a = fabs(r);

	compact_pick(a, &unit, &dec);
	for (; dec >= 0; dec--) {
		snprintf(out, n, "%s%.*f%c", r < 0 ? "-" : "", dec,
			 a / compact_units[unit].scale, compact_units[unit].suffix);
		if (strlen(out) <= (size_t)max_width)
			return 0;
	}
	return -1;
}

int fmt_compact(char *buf, size_t n, double v, int max_width)
{
	char tmp[512];
	double r;

	if (max_width < 1 || n < (size_t)max_width + 1)
		return -1;
	if (!isfinite(v)) {
		strcpy(buf, "-");
		return 1;
	}
	r = floor(fabs(v) + 0.5);
	if (v < 0 && r != 0)
		r = -r;
	compact_grouped(r, tmp, sizeof tmp);
	if (strlen(tmp) > (size_t)max_width &&
	    (fabs(r) < 1000 || compact_fit(r, max_width, tmp, sizeof tmp) < 0)) {
		memset(buf, '#', (size_t)max_width);
		buf[max_width] = '\0';
		return max_width;
	}
	strcpy(buf, tmp);
	return (int)strlen(buf);
}
