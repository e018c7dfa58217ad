/* help.c - every key, generated from the action tables in keys.c: the
 * dashboard's actions, then the grids' own keys. */
#include "config.h"

#include <stdio.h>

#include "kpitop/textw.h"
#include "ui.h"

/* Line i of the help body: a key and what it does, a heading, or blank. */
struct help_line {
	const char *keys, *text;
	int heading;
};

static size_t help_lines(struct help_line *out, size_t cap)
{
	size_t n = 0;
#define ADD(k, t, h)                                                     \
	do {                                                             \
		if (n < cap)                                             \
			out[n] = (struct help_line){(k), (t), (h)};      \
		n++;                                                     \
	} while (0)
	for (size_t i = 0; i < nkeydefs; i++)
		ADD(_(keydefs[i].keys_label), _(keydefs[i].help), 0);
	ADD(NULL, NULL, 0);
	ADD(NULL, _("In the Day sheet and Plans:"), 1);
	for (size_t i = 0; i < ngridkeys; i++)
		ADD(_(gridkeys[i].keys_label), _(gridkeys[i].help), 0);
	ADD(NULL, NULL, 0);
	ADD(NULL, _("Rows marked ! are behind pace by more than [thresholds] alert_margin."), 0);
#undef ADD
	return n;
}

/* "key-label   text", the label padded to 16 display columns. */
static void help_line_draw(const struct ui *u, int y, const struct help_line *l)
{
	if (!l->text)
		return;
	if (!l->keys) {
		draw_text(y, 2, COLS - 2, l->text, 0, l->heading ? u->attr[C_TITLE] : u->attr[C_DIM]);
		return;
	}
	int kw = textw_width(l->keys);
	draw_text(y, 2, 16, l->keys, 0, u->attr[C_NORMAL]);
	int x = 2 + (kw < 16 ? 16 : kw) + 1;
	draw_text(y, x, COLS - x, l->text, 0, u->attr[C_NORMAL]);
}

void help_draw(struct ui *u, int top, int rows)
{
	struct help_line lines[96];
	size_t cap = sizeof lines / sizeof lines[0];
	int total = (int)help_lines(lines, cap);
	if (total > (int)cap)
		total = (int)cap;
	draw_text(top, 0, COLS, _("Keys (Esc or q closes this help)"), 0, u->attr[C_TITLE]);
	int avail = rows - 1;
	/* Scrolling stops when the last line is on screen. */
	int max_top = total - avail > 0 ? total - avail : 0;
	if (u->help_top > max_top)
		u->help_top = max_top;
	int left = total - u->help_top;
	/* When the lines do not fit, the last one says there is more. */
	int more = left > avail;
	int shown = more ? avail - 1 : left;
	for (int i = 0; i < shown; i++)
		help_line_draw(u, top + 1 + i, &lines[u->help_top + i]);
	if (more)
		draw_text(top + rows - 1, 2, COLS - 2,
			  u->utf8 ? _("↓ more: Down scrolls") : _("more: Down scrolls"), 0,
			  u->attr[C_DIM]);
}
