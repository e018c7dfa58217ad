/* help.c - every key, generated from the action table in keys.c. */
#include "config.h"

#include <stdio.h>

#include "ui.h"

void help_draw(struct ui *u, int top, int rows)
{
	char line[256];
	draw_text(top, 0, COLS, "Keys (Esc or q closes this help)", 0, u->attr[C_TITLE]);
	int y = top + 1, end = top + rows;
	if (u->help_top > (int)nkeydefs - 1)
		u->help_top = (int)nkeydefs - 1;
	for (size_t i = (size_t)u->help_top; i < nkeydefs && y < end; i++, y++) {
		snprintf(line, sizeof line, "%-16s %s", keydefs[i].keys_label, keydefs[i].help);
		draw_text(y, 2, COLS - 2, line, 0, u->attr[C_NORMAL]);
	}
	if (y < end - 1) {
		draw_text(y + 1, 2, COLS - 2,
			  "Rows marked ! are behind pace by more than [thresholds] alert_margin.", 0,
			  u->attr[C_DIM]);
	}
}
