/* funnel.c - one funnel stage's bar, proportional to the first stage (SPEC 4). */
#include "config.h"

#include <math.h>

#include "widgets.h"

/* Eighths for value against the first stage: full only when the stage is at
 * least the first (or there is no first to compare with); a stage with
 * anything in it never disappears, and in ASCII a mark under half a cell
 * would be blank, so there the least mark is half a cell ('='). */
static long funnel_eighths(double value, double first, int width, int ascii)
{
	long total = (long)width * 8, least = ascii ? 4 : 1, e;

	if (width == 0 || isnan(value) || value <= 0)
		return 0;
	if (isnan(first) || first <= 0 || value >= first)
		return total;
	e = (long)floor(value / first * total + 0.5);
	if (e < least)
		e = least;
	if (e > total - 1)
		e = total - 1;
	return e;
}

int funnel_render(char *buf, size_t n, int width, double value, double first_value,
		  int ascii)
{
	if (width < 0)
		return -1;
	return bar_fill(buf, n, width, funnel_eighths(value, first_value, width, ascii),
			ascii, NULL);
}
