/* help.c - every key, generated from the action tables in keys.c: the
 * dashboard's actions, then the grids' own keys. */
#include "config.h"

#include <stdio.h>
#include <string.h>

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

/* One screen row of the help: a key label (or none) and a piece of text. */
struct help_row {
	const char *keys;    /* only on the first row of a line */
	const char *text;    /* NULL: blank */
	size_t len;
	int x;               /* where the text starts */
	int heading;
};

/* The help's lines as screen rows: a description wider than the screen goes
 * on below, under itself, rather than being cut. */
static size_t help_rows(const struct help_line *lines, size_t nlines, struct help_row *out,
			size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < nlines; i++) {
		const struct help_line *l = &lines[i];
		int x = 2;
		if (l->keys) {
			int kw = textw_width(l->keys);
			x = 2 + (kw < 16 ? 16 : kw) + 1;
		}
		if (!l->text || COLS - x < 10) {
			if (n < cap)
				out[n] = (struct help_row){l->keys, l->text, l->text ? strlen(l->text) : 0,
							   x, l->heading};
			n++;
			continue;
		}
		const char *p = l->text;
		const char *keys = l->keys;
		do {
			size_t next, end = textw_break(p, COLS - x, &next);
			if (n < cap)
				out[n] = (struct help_row){keys, p, end, x, l->heading};
			n++;
			keys = NULL;
			p += next;
		} while (*p);
	}
	return n < cap ? n : cap;
}

static void help_row_draw(const struct ui *u, int y, const struct help_row *r)
{
	if (!r->text)
		return;
	if (r->keys)
		draw_text(y, 2, 16, r->keys, 0, u->attr[C_NORMAL]);
	char buf[512];
	snprintf(buf, sizeof buf, "%.*s", (int)r->len, r->text);
	attr_t a = r->heading ? u->attr[C_TITLE] : r->x == 2 ? u->attr[C_DIM] : u->attr[C_NORMAL];
	draw_text(y, r->x, COLS - r->x, buf, 0, a);
}

void help_draw(struct ui *u, int top, int rows)
{
	struct help_line lines[96];
	struct help_row screen_rows[192];
	size_t cap = sizeof lines / sizeof lines[0];
	size_t nlines = help_lines(lines, cap);
	if (nlines > cap)
		nlines = cap;
	int total = (int)help_rows(lines, nlines, screen_rows,
				   sizeof screen_rows / sizeof screen_rows[0]);
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
		help_row_draw(u, top + 1 + i, &screen_rows[u->help_top + i]);
	if (more)
		draw_text(top + rows - 1, 2, COLS - 2,
			  u->utf8 ? _("↓ more: Down scrolls") : _("more: Down scrolls"), 0,
			  u->attr[C_DIM]);
}
