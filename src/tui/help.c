/* help.c - every key, generated from the action table in keys.c. */
#include "config.h"

#include <stdio.h>

#include "ui.h"

void help_draw(struct ui *u, int top, int rows)
{
	char line[256];
	draw_text(top, 0, COLS, "Keys (Esc or q closes this help)", 0, u->attr[C_TITLE]);
	int avail = rows - 1;
	/* Scrolling stops when the last key is on screen. */
	int max_top = (int)nkeydefs - avail > 0 ? (int)nkeydefs - avail : 0;
	if (u->help_top > max_top)
		u->help_top = max_top;
	int left = (int)nkeydefs - u->help_top;
	/* When the keys do not fit, the last line says there is more. */
	int more = left > avail;
	int shown = more ? avail - 1 : left;
	for (int i = 0; i < shown; i++) {
		const struct keydef *k = &keydefs[u->help_top + i];
		snprintf(line, sizeof line, "%-16s %s", k->keys_label, k->help);
		draw_text(top + 1 + i, 2, COLS - 2, line, 0, u->attr[C_NORMAL]);
	}
	if (more)
		draw_text(top + rows - 1, 2, COLS - 2,
			  u->utf8 ? "↓ more: Down scrolls" : "more: Down scrolls", 0, u->attr[C_DIM]);
	else if (shown + 2 < avail)
		draw_text(top + shown + 2, 2, COLS - 2,
			  "Rows marked ! are behind pace by more than [thresholds] alert_margin.", 0,
			  u->attr[C_DIM]);
}
