/* draw.c - putting text on the screen by display columns, and formatting
 * numbers the way the configuration and locale ask. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/numfmt.h"
#include "kpitop/textw.h"
#include "ui.h"
#include "widgets.h"

void ui_attr_set(attr_t a)
{
	/* attr_set's own pair argument, not the COLOR_PAIR bits of a, decides
	 * the colour: pass those bits as the pair. */
	attr_set(a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
}

void draw_fill(int y, int x, int cols, attr_t attr)
{
	if (cols > COLS - x)
		cols = COLS - x;
	if (cols <= 0 || y < 0 || y >= LINES)
		return;
	ui_attr_set(attr);
	mvhline(y, x, ' ', cols);
	ui_attr_set(A_NORMAL);
}

void draw_text(int y, int x, int cols, const char *s, int align_right, attr_t attr)
{
	/* Text past the right edge would wrap onto the next line. */
	if (cols > COLS - x)
		cols = COLS - x;
	if (cols <= 0 || y < 0 || y >= LINES)
		return;
	struct strbuf sb;
	sb_init(&sb);
	/* The screen's charset decides the ellipsis: curses shows UTF-8 only
	 * in a UTF-8 locale. */
	textw_fit(&sb, s, cols, align_right ? TEXTW_RIGHT : TEXTW_LEFT, MB_CUR_MAX > 1);
	ui_attr_set(attr);
	mvaddstr(y, x, sb.buf);
	ui_attr_set(A_NORMAL);
	sb_free(&sb);
}

int draw_wrapped(int y, int max_lines, const char *s, int indent, attr_t attr)
{
	struct strbuf line;
	sb_init(&line);
	int used = 0;
	const char *p = s;
	do {
		int x = used ? indent : 0;
		size_t next, end = textw_break(p, COLS - x, &next);
		/* The last line allowed takes the rest, cut with an ellipsis. */
		if (used + 1 >= max_lines)
			end = next = strlen(p);
		sb_reset(&line);
		sb_add(&line, p, end);
		draw_text(y + used, x, COLS - x, line.buf, 0, attr);
		used++;
		p += next;
	} while (*p && used < max_lines);
	sb_free(&line);
	return used;
}

void draw_name_text(struct strbuf *sb, const char *name)
{
	size_t from = sb->len;
	textw_sanitize(sb, name);
	/* The locale, not [ui] ascii (which only picks the bars' characters),
	 * decides whether letters can be shown. */
	if (MB_CUR_MAX == 1) {
		/* An ASCII terminal cannot show other letters: one '?' each
		 * rather than bytes curses would print as ~X. */
		char *w = sb->buf + from;
		for (const char *p = w; *p;) {
			uint32_t cp;
			size_t n = textw_decode(p, strlen(p), &cp);
			*w++ = cp < 0x80 ? *p : '?';
			p += n;
		}
		*w = '\0';
		sb->len = (size_t)(w - sb->buf);
	}
}

void draw_name(int y, int x, int cols, const char *name, attr_t attr)
{
	struct strbuf sb;
	sb_init(&sb);
	draw_name_text(&sb, name);
	draw_text(y, x, cols, sb.buf, 0, attr);
	sb_free(&sb);
}

void fmt_count(const struct ui *u, double v, int decimals, char *buf, size_t n)
{
	if (kpi_absent(v)) {
		snprintf(buf, n, "%s", u->utf8 ? "—" : "-");
		return;
	}
	num_format_grouped(v, decimals, u->style.sep, u->style.dec, buf, n);
}

/* Money on the dashboard: whole units (kopecks are noise at a glance). */
void fmt_money(const struct ui *u, double minor, char *buf, size_t n)
{
	fmt_count(u, kpi_absent(minor) ? minor : minor / 100.0, 0, buf, n);
}

/* One decimal and the locale's decimal point: "66.7%", "66,7%". */
void fmt_pct(const struct ui *u, double v, char *buf, size_t n)
{
	if (kpi_absent(v)) {
		snprintf(buf, n, "%s", u->utf8 ? "—" : "-");
		return;
	}
	num_format_grouped(v, 1, "", u->style.dec, buf, n - 1);
	strcat(buf, "%");
}

/* The suffix of a shortened number in the user's language. */
static const char *compact_suffix(char c)
{
	switch (c) {
	/* TRANSLATORS: shortened numbers in narrow columns: "12.3k" (a
	 * thousand), "1.23M", "4.5B", "2T"; include a leading (no-break)
	 * space if your language wants one; the Latin letter is used when
	 * yours does not fit the column. */
	case 'k': return C_("number suffix", "k");
	case 'M': return C_("number suffix", "M");
	case 'B': return C_("number suffix", "B");
	case 'T': return C_("number suffix", "T");
	}
	return NULL;
}

/* fmt_compact with the locale's decimal point and grouping and translated
 * suffixes, at most w display columns. */
void fmt_compact_local(const struct ui *u, char *buf, size_t n, double v, int w)
{
	char tmp[160];
	if (w > 120)
		w = 120;
	if (fmt_compact(tmp, sizeof tmp, v, w) < 0) {
		snprintf(buf, n, "#");
		return;
	}
	size_t len = strlen(tmp);
	const char *suffix = len > 0 ? compact_suffix(tmp[len - 1]) : NULL;
	if (suffix && textw_width(suffix) > 1) {
		/* A wider suffix takes room from the digits, when they still fit. */
		char narrow[160];
		int sw = textw_width(suffix);
		if (w - sw + 1 >= 1 && fmt_compact(narrow, sizeof narrow, v, w - sw + 1) >= 0 &&
		    narrow[strlen(narrow) - 1] == tmp[len - 1]) {
			snprintf(tmp, sizeof tmp, "%s", narrow);
			len = strlen(tmp);
		} else {
			suffix = NULL;
		}
	}
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < len; i++) {
		if (tmp[i] == '.')
			sb_puts(&sb, u->style.dec);
		else if (tmp[i] == ',')
			sb_puts(&sb, u->style.sep);
		else if (i + 1 == len && suffix)
			sb_puts(&sb, suffix);
		else
			sb_putc(&sb, tmp[i]);
	}
	snprintf(buf, n, "%s", textw_width(sb.buf) <= w ? sb.buf : tmp);
	sb_free(&sb);
}

void ui_message(struct ui *u, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_error = error;
}
