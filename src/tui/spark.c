/* spark.c - a daily sparkline in one row of cells (SPEC 4), pure. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "widgets.h"

static const char ascii_levels[] = " .:-=+*#";

static int spark_shown(double v)
{
	return isfinite(v) && v > 0;
}

/* Level 0 (blank) .. levels for v against the largest value shown.  Rounded
 * up, so any positive day is visible and exact eighths land on their block;
 * the epsilon keeps 3/6 from becoming 4.0000001 eighths. */
static int spark_level(double v, double max, int levels)
{
	double x;
	int lv;

	if (!spark_shown(v) || !(max > 0))
		return 0;
	x = ceil(v / max * levels - 1e-9);
	lv = (int)x;
	if (lv < 1)
		lv = 1;
	if (lv > levels)
		lv = levels;
	return lv;
}

static size_t spark_put(char *out, int level, int ascii)
{
	if (ascii || level == 0) {
		out[0] = ascii_levels[level];
		return 1;
	}
	/* U+2581..U+2588: LOWER ONE EIGHTH BLOCK .. FULL BLOCK */
	out[0] = '\xe2';
	out[1] = '\x96';
	out[2] = (char)(0x80 + level);
	return 3;
}

int spark_render(char *buf, size_t n, const double *values, size_t count, int width,
		 int ascii)
{
	size_t shown, start, len = 0;
	double max = 0;
	int levels = ascii ? (int)strlen(ascii_levels) - 1 : 8;

	if (width < 0 || n < WIDGET_BUFSIZE(width) || (count > 0 && !values))
		return -1;
	shown = count < (size_t)width ? count : (size_t)width;
	start = count - shown;
	for (size_t i = start; i < count; i++)
		if (spark_shown(values[i]) && values[i] > max)
			max = values[i];
	for (size_t i = shown; i < (size_t)width; i++)
		buf[len++] = ' ';
	for (size_t i = start; i < count; i++)
		len += spark_put(buf + len, spark_level(values[i], max, levels), ascii);
	buf[len] = '\0';
	return (int)len;
}
