/* widgets.h - the dashboard's text widgets rendered to plain UTF-8 strings
 * (pure: no curses, no I/O), so their output can be unit-tested byte for
 * byte.  The curses side draws the strings and colours the zones reported.
 *
 * Every renderer writes exactly `width` display cells.  All characters used
 * are one cell wide, so cells == code points; a cell takes at most 3 bytes,
 * and callers pass n >= width * 4 + 1 (renderers refuse smaller buffers with
 * -1 so a mistake shows at once rather than as a cut-off bar). */
#ifndef KPITOP_TUI_WIDGETS_H
#define KPITOP_TUI_WIDGETS_H

#include <stddef.h>

/* Buffer size a renderer needs for `width` cells. */
#define WIDGET_BUFSIZE(width) ((size_t)(width) * 4 + 1)

/* Where the colourable parts of a completion bar are (cell columns). */
struct bar_info {
	int filled; /* cells 0..filled-1 carry ink (a partial cell counts) */
	int marker; /* column of the pace marker, -1 when there is none */
};

/* Plan-completion bar (SPEC 4): the full width stands for 100%; above 100%
 * the bar is full and the caller prints the number.  Sub-cell precision in
 * eighths (U+2588 and U+258F..U+2589; ASCII: '#' full, '=' for a half or
 * more), empty cells are spaces.  The bar is full only when pct >= 100 and
 * empty only when pct <= 0, so neither state is shown by rounding alone.
 * A pace marker (U+2502, ASCII '|') replaces the cell at column
 * round(pace_pct / 100 * width), clamped to [0, width - 1]; pace NaN: none.
 * pct NaN or negative: empty bar.  info may be NULL.
 * Returns the bytes written (without the NUL), or -1 (bad width or n). */
int bar_render(char *buf, size_t n, int width, double pct, double pace_pct, int ascii,
	       struct bar_info *info);

/* Draw `eighths` eighths of a cell as blocks, padded with spaces to exactly
 * width cells (the engine behind bar_render and funnel_render).  *filled
 * (may be NULL) gets the cells carrying ink.  Returns bytes or -1. */
int bar_fill(char *buf, size_t n, int width, long eighths, int ascii, int *filled);

enum bar_level { BAR_NONE, BAR_RED, BAR_YELLOW, BAR_GREEN };

/* Bar colour (SPEC 4): ratio = completion / expected * 100 (both in %);
 * red below red_below (default 70), yellow below yellow_below (100), green
 * otherwise.  completion NaN (no plan) or expected NaN: BAR_NONE; nothing
 * expected yet (expected <= 0): green unless completion is negative. */
enum bar_level bar_level(double completion, double expected, double red_below,
			 double yellow_below);

/* Behind-pace alert (SPEC 4): completion < expected - margin, in percentage
 * points; false when either is NaN. */
int alert_behind(double completion, double expected, double margin);

/* One funnel stage's bar: value / first_value of the width (the first stage
 * fills it), in eighths; any value > 0 shows at least one visible mark (a
 * 1/8 block, in ASCII '='); a stage larger than the first is clamped to the
 * full width; first_value <= 0 with value > 0 fills it; value NaN or <= 0:
 * blank.  Padded with spaces to exactly width cells.  Returns bytes or -1. */
int funnel_render(char *buf, size_t n, int width, double value, double first_value,
		  int ascii);

/* Sparkline of the last `width` values (older ones dropped; fewer values are
 * right-aligned after spaces), one cell each: U+2581..U+2588 scaled between 0
 * and the largest value shown, ASCII " .:-=+*#".  Exactly 0, negative, NaN
 * and infinite values are spaces, so days with nothing show as gaps, and any
 * positive value gets at least the lowest block.  values may be NULL when
 * count is 0.  Returns bytes or -1. */
int spark_render(char *buf, size_t n, const double *values, size_t count, int width,
		 int ascii);

/* A number for a narrow table column, ASCII, at most max_width characters:
 * the value rounded to a whole number with ',' grouping ("1,234,567") when
 * that fits, else three significant digits with a suffix k, M, B, T
 * ("1.23M", "12.3k", "123k"), dropping decimals to fit ("1.2M", "1M");
 * "-" for NaN/infinite; when nothing fits, max_width '#' (as spreadsheets
 * do).  Returns the characters written, or -1 (max_width < 1 or n too small
 * for max_width + 1). */
int fmt_compact(char *buf, size_t n, double v, int max_width);

#endif
