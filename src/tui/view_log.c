/* view_log.c - the audit trail: who changed what, when, old -> new.  One
 * line per changed value, laid out so that the cell and its old -> new
 * values survive a narrow terminal: the least needed parts go first, then
 * names are cut; below the list, the selected change in full. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpitop/numfmt.h"
#include "kpitop/textw.h"
#include "ui.h"

#define LOG_ROWS 500

/* How much of the dates and times a line shows, by the screen's width. */
enum log_form {
	FORM_FULL,   /* 120 columns and more: years, seconds */
	FORM_SHORT,  /* this year's dates without the year, times without seconds */
	FORM_NARROW, /* below 60: no time of the change (the detail has it) */
};

struct log_ctx {
	const struct ui *u;
	enum log_form form;
	int year;          /* today's: its dates go without the year */
	const char *arrow;
	const char *dot;   /* between the parts of the detail */
};

static void ctx_init(struct log_ctx *c, const struct ui *u, int cols)
{
	int m, d;
	c->u = u;
	c->form = cols >= 120 ? FORM_FULL : cols >= 60 ? FORM_SHORT : FORM_NARROW;
	date_to_ymd(kp_today(), &c->year, &m, &d);
	c->arrow = u->utf8 ? "→" : "->";
	c->dot = u->utf8 ? " · " : " | ";
}

/* ---- the selection ---- */

static void log_select(struct ui *u, int i)
{
	int n = (int)u->nlog;
	if (i >= n)
		i = n - 1;
	if (i < 0)
		i = 0;
	u->log_sel = i;
	u->log_sel_id = n > 0 ? u->log[i].id : 0;
}

/* The same change stays selected when new ones arrive above it. */
static void log_keep_selection(struct ui *u)
{
	for (int i = 0; i < (int)u->nlog; i++)
		if (u->log[i].id == u->log_sel_id) {
			u->log_sel = i;
			return;
		}
	log_select(u, u->log_sel);
}

int log_load(struct ui *u, struct kp_err *e)
{
	struct kp_audit *a;
	size_t n;
	if (store_log(u->s, LOG_ROWS, &a, &n, e))
		return -1;
	audit_free(u->log, u->nlog);
	u->log = a;
	u->nlog = n;
	log_keep_selection(u);
	return 0;
}

/* ---- the parts of a change, as text ---- */

/* A value as the Day sheet shows it: money without kopecks when whole; no
 * value is "—" in a line (as in the tables), "(none)" in the detail. */
static void value_text(const struct ui *u, const struct kp_audit *a, int has, int64_t v,
		       int full, struct strbuf *sb)
{
	char buf[64];
	if (!has) {
		/* TRANSLATORS: the Log: a cell with no value before or after. */
		sb_puts(sb, full || !u->utf8 ? C_("log value", "(none)") : "—");
		return;
	}
	if (a->mkind == METRIC_MONEY)
		num_format_grouped((double)v / 100.0, v % 100 ? 2 : 0, u->style.sep, u->style.dec,
				   buf, sizeof buf);
	else
		num_format_grouped((double)v, 0, u->style.sep, u->style.dec, buf, sizeof buf);
	sb_puts(sb, buf);
}

static void values_text(const struct log_ctx *c, const struct kp_audit *a, int full,
			struct strbuf *sb)
{
	value_text(c->u, a, a->has_old, a->old_value, full, sb);
	sb_printf(sb, " %s ", c->arrow);
	value_text(c->u, a, a->has_new, a->new_value, full, sb);
}

/* The change's description as its writer stored it, in the user's
 * language: the dashboard's and the command line's own words. */
static void what_text(struct strbuf *sb, const char *what)
{
	long long id;
	if (strcmp(what, "day sheet") == 0)
		sb_puts(sb, C_("log", "day sheet"));
	else if (strcmp(what, "plans grid") == 0)
		sb_puts(sb, C_("log", "plans grid"));
	else if (strcmp(what, "add") == 0)
		sb_puts(sb, C_("log", "add"));
	else if (strcmp(what, "plan") == 0)
		sb_puts(sb, C_("log", "plan"));
	else if (strcmp(what, "demo") == 0)
		sb_puts(sb, C_("log", "demo"));
	else if (strcmp(what, "migrate") == 0)
		sb_puts(sb, C_("log", "migrate"));
	else if (strcmp(what, "undo") == 0)
		sb_puts(sb, C_("log", "undo"));
	else if (sscanf(what, "undo #%lld", &id) == 1)
		/* The Log: a change that undid change #N. */
		sb_printf(sb, "%s #%lld", C_("log", "undo"), id);
	else if (strncmp(what, "import ", 7) == 0) {
		/* TRANSLATORS: the Log: entries imported from a file (the
		 * file's name follows). */
		sb_printf(sb, "%s ", C_("log", "import"));
		draw_name_text(sb, what + 7);
	} else if (strncmp(what, "restore ", 8) == 0) {
		/* TRANSLATORS: the Log: the database was restored from a
		 * backup file (the file's name follows). */
		sb_printf(sb, "%s ", C_("log", "restore"));
		draw_name_text(sb, what + 8);
	} else
		draw_name_text(sb, what);
}

/* A restore changed no single cell: it replaced them all. */
static const char *restore_text(void)
{
	/* TRANSLATORS: the Log: in place of a cell and its values, for
	 * kpitop restore. */
	return C_("log", "all entries and plans replaced by a backup");
}

/* "#12 day sheet": the change's number and where it came from. */
static void change_text(const struct kp_audit *a, struct strbuf *sb)
{
	sb_printf(sb, "#%lld ", (long long)a->change_id);
	what_text(sb, a->what);
}

/* "YYYY-MM-DD HH:MM:SS" (UTC, as stored): the date in the user's order,
 * this year's without the year and the time without seconds unless full. */
static void when_text(const struct log_ctx *c, const char *at, int full, struct strbuf *sb)
{
	char head[11], buf[DATE_TEXT_MAX];
	kp_date d;
	int y, m, dd;
	size_t n = strnlen(at, 10);
	memcpy(head, at, n);
	head[n] = '\0';
	if (n != 10 || date_parse(head, &d) != 0 || strlen(at) < 16) {
		draw_name_text(sb, at);
		return;
	}
	date_to_ymd(d, &y, &m, &dd);
	if (full || y != c->year)
		report_date(&c->u->style, d, buf);
	else
		report_day_month(&c->u->style, d, buf);
	sb_puts(sb, buf);
	sb_putc(sb, ' ');
	/* Other programs may write the table: the time is sanitized too. */
	snprintf(buf, sizeof buf, "%.*s", full ? 8 : 5, at + 11);
	draw_name_text(sb, buf);
}

/* The cell's day (a plan's month) in the user's order and words. */
static void day_text(const struct log_ctx *c, const struct kp_audit *a, int full,
		     struct strbuf *sb)
{
	const struct report_style *st = &c->u->style;
	char buf[DATE_TEXT_MAX + 64];
	kp_date d;
	int y, m, dd;
	if (date_parse(a->day, &d) == 0) {
		date_to_ymd(d, &y, &m, &dd);
		if (full || y != c->year)
			report_date(st, d, buf);
		else
			report_day_month(st, d, buf);
		sb_puts(sb, buf);
	} else if (month_parse(a->day, &y, &m) == 0) {
		if (!full && y == c->year && st->months[m - 1][0])
			sb_puts(sb, st->months[m - 1]);
		else {
			report_month(st, y, m, buf, sizeof buf);
			sb_puts(sb, buf);
		}
	} else {
		draw_name_text(sb, a->day);
	}
}

/* Whose cell: the manager, or the team for a team's plan (plan_mark says
 * which). */
static void name_text(const struct kp_audit *a, struct strbuf *sb)
{
	draw_name_text(sb, *a->team ? a->team : a->manager);
}

/* A metric by its key, as labelled now (the key when it is gone). */
static void metric_text(const struct log_ctx *c, const struct kp_audit *a, struct strbuf *sb)
{
	const struct kp_metric *m = dims_metric_by_key(&c->u->snap.dims, a->metric);
	draw_name_text(sb, m ? report_metric_label(m) : a->metric);
}

/* After the metric of a plan's change: it is a plan (its date is a month,
 * and its source may not fit the line), and whose. */
static const char *plan_mark(const struct kp_audit *a)
{
	if (strcmp(a->kind, "plan") != 0)
		return "";
	/* TRANSLATORS: the Log: after a metric, the change was to a
	 * manager's monthly plan ("Anna Revenue (plan)"), or to a team's
	 * ("Sales Revenue (team plan)"). */
	return *a->team ? C_("log", "(team plan)") : C_("log", "(plan)");
}

/* ---- one line of the list ---- */

enum log_field {
	F_WHEN,
	F_DAY,
	F_NAME,
	F_CHANNEL,
	F_METRIC,
	F_PLAN,
	F_VALUES,
	F_UNDONE,
	F_USER,
	F_CHANGE,
	NFIELDS
};

struct log_line {
	struct strbuf text[NFIELDS];
	int width[NFIELDS]; /* each part's display columns */
	int room[NFIELDS];  /* the columns it may take (cut with an ellipsis); 0: left out */
	int gap;            /* spaces between the groups */
};

static void line_build(const struct log_ctx *c, const struct kp_audit *a, struct log_line *l)
{
	for (int f = 0; f < NFIELDS; f++)
		sb_init(&l->text[f]);
	if (c->form != FORM_NARROW)
		when_text(c, a->at, c->form == FORM_FULL, &l->text[F_WHEN]);
	if (*a->kind) {
		day_text(c, a, c->form == FORM_FULL, &l->text[F_DAY]);
		name_text(a, &l->text[F_NAME]);
		if (*a->channel)
			draw_name_text(&l->text[F_CHANNEL], report_channel_name(a->channel));
		metric_text(c, a, &l->text[F_METRIC]);
		sb_puts(&l->text[F_PLAN], plan_mark(a));
		values_text(c, a, 0, &l->text[F_VALUES]);
	} else {
		sb_puts(&l->text[F_NAME], restore_text());
	}
	if (a->undone_by)
		/* TRANSLATORS: the Log: this change was undone later. */
		sb_puts(&l->text[F_UNDONE], _("(undone)"));
	draw_name_text(&l->text[F_USER], a->user);
	change_text(a, &l->text[F_CHANGE]);
	for (int f = 0; f < NFIELDS; f++)
		l->room[f] = l->width[f] = textw_width(l->text[f].buf);
	l->gap = c->form == FORM_NARROW ? 1 : 2;
}

static void line_free(struct log_line *l)
{
	for (int f = 0; f < NFIELDS; f++)
		sb_free(&l->text[f]);
}

static int line_shows(const struct log_line *l, int f)
{
	return l->room[f] > 0 && l->text[f].len > 0;
}

/* The separator before part f (when something comes before it). */
static const char *line_sep(const struct log_line *l, int f)
{
	switch (f) {
	case F_CHANNEL: return " / ";
	case F_NAME:
		/* After the cell's day; without one (a restore) after the time. */
		if (!line_shows(l, F_DAY))
			return l->gap == 1 ? " " : "  ";
		return " ";
	case F_METRIC:
	case F_PLAN:
	case F_UNDONE: return " ";
	default: return l->gap == 1 ? " " : "  ";
	}
}

static int line_width(const struct log_line *l)
{
	int w = 0, any = 0;
	for (int f = 0; f < NFIELDS; f++) {
		if (!line_shows(l, f))
			continue;
		if (any)
			w += textw_width(line_sep(l, f));
		w += l->room[f] < l->width[f] ? l->room[f] : l->width[f];
		any = 1;
	}
	return w;
}

static void line_text(const struct log_line *l, int utf8, struct strbuf *sb)
{
	int any = 0;
	for (int f = 0; f < NFIELDS; f++) {
		if (!line_shows(l, f))
			continue;
		if (any)
			sb_puts(sb, line_sep(l, f));
		if (l->room[f] < l->width[f])
			textw_fit(sb, l->text[f].buf, l->room[f], TEXTW_LEFT, utf8);
		else
			sb_puts(sb, l->text[f].buf);
		any = 1;
	}
}

/* Fit a line into cols: the change's source goes first (its number stays
 * when it fits), then names are cut and the marks and the channel go (the
 * dimmed colour and the selected line's detail still show them); the
 * values stay whole. */
static void line_fit(struct log_line *l, int cols)
{
	static const struct {
		enum log_field f;
		int min; /* cut down to this; 0: leave the part out */
	} steps[] = {
		{F_NAME, 10}, {F_UNDONE, 0}, {F_PLAN, 0},  {F_CHANNEL, 4}, {F_CHANNEL, 0},
		{F_NAME, 6},  {F_USER, 4},   {F_NAME, 3},  {F_METRIC, 4},
	};
	if (line_width(l) <= cols)
		return;
	/* The change's source goes whole; its number stays if it fits. */
	struct strbuf *change = &l->text[F_CHANGE];
	change->len = strcspn(change->buf, " ");
	change->buf[change->len] = '\0';
	l->room[F_CHANGE] = l->width[F_CHANGE] = textw_width(change->buf);
	if (line_width(l) <= cols)
		return;
	l->room[F_CHANGE] = 0;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		int over = line_width(l) - cols;
		if (over <= 0)
			return;
		enum log_field f = steps[i].f;
		int w = l->room[f] < l->width[f] ? l->room[f] : l->width[f];
		if (steps[i].min == 0) {
			l->room[f] = 0;
			continue;
		}
		int target = w - over < steps[i].min ? steps[i].min : w - over;
		if (target < w)
			l->room[f] = target;
	}
}

/* ---- the selected change in full ---- */

/* "20.11.2026 Anna / phone Calls: 32 → 5 (undone)" */
static void detail_cell(const struct log_ctx *c, const struct kp_audit *a, struct strbuf *sb)
{
	if (!*a->kind) {
		sb_puts(sb, restore_text());
		return;
	}
	day_text(c, a, 1, sb);
	sb_putc(sb, ' ');
	name_text(a, sb);
	if (*a->channel) {
		sb_puts(sb, " / ");
		draw_name_text(sb, report_channel_name(a->channel));
	}
	sb_putc(sb, ' ');
	metric_text(c, a, sb);
	if (*plan_mark(a)) {
		sb_putc(sb, ' ');
		sb_puts(sb, plan_mark(a));
	}
	sb_puts(sb, ": ");
	values_text(c, a, 1, sb);
}

/* "#12 day sheet · 30.11.2026 05:46:22 UTC · anna · undone by #13" */
static void detail_change(const struct log_ctx *c, const struct kp_audit *a, struct strbuf *sb)
{
	change_text(a, sb);
	sb_puts(sb, c->dot);
	when_text(c, a->at, 1, sb);
	sb_puts(sb, " UTC");
	sb_puts(sb, c->dot);
	draw_name_text(sb, a->user);
	if (a->undone_by) {
		sb_puts(sb, c->dot);
		/* TRANSLATORS: the Log's detail line: the change that undid
		 * this one. */
		sb_printf(sb, C_("log", "undone by #%lld"), (long long)a->undone_by);
	}
}

/* Lines s takes wrapped into cols (later lines indented), at most max. */
static int wrap_lines(const char *s, int cols, int indent, int max)
{
	int n = 0;
	do {
		size_t next;
		textw_break(s, cols - (n ? indent : 0), &next);
		if (next == 0)
			break;
		s += next;
		n++;
	} while (*s && n < max);
	return n > 0 ? n : 1;
}

static void draw_rule(const struct ui *u, int y)
{
	if (u->ascii) {
		ui_attr_set(u->attr[C_DIM]);
		mvhline(y, 0, '-', COLS);
	} else {
		ui_attr_set(u->attr[C_DIM]);
		for (int i = 0; i < COLS; i++)
			mvaddstr(y, i, "─");
	}
	ui_attr_set(A_NORMAL);
}

/* ---- drawing ---- */

static int log_body = 10; /* list lines last drawn: the page for PgUp/PgDn */

void log_draw(struct ui *u, int top, int rows)
{
	char title[256];
	/* TRANSLATORS: the Log view's title; the count of changes shown. */
	snprintf(title, sizeof title,
		 P_("Log: %zu change, newest first (u undoes your last change)",
		    "Log: %zu changes, newest first (u undoes your last change)", u->nlog),
		 u->nlog);
	draw_text(top, 0, COLS, title, 0, u->attr[C_TITLE]);
	if (u->nlog == 0) {
		draw_text(top + 2, 2, COLS - 2, _("No changes yet."), 0, u->attr[C_DIM]);
		return;
	}
	struct log_ctx c;
	ctx_init(&c, u, COLS);
	log_keep_selection(u);
	const struct kp_audit *sel = &u->log[u->log_sel];
	struct strbuf cell, change;
	sb_init(&cell);
	sb_init(&change);
	detail_cell(&c, sel, &cell);
	detail_change(&c, sel, &change);

	/* Below the list: a rule, then the selected change over up to two
	 * lines each; less when the screen is short. */
	int avail = rows - 1, rule = 1;
	int n1 = wrap_lines(cell.buf, COLS, 2, 2), n2 = wrap_lines(change.buf, COLS, 2, 2);
	if (avail - rule - n1 - n2 < 3) {
		rule = 0;
		n1 = n2 = 1;
	}
	if (avail - n1 - n2 < 3)
		n1 = n2 = 0;
	int body = avail - rule - n1 - n2, n = (int)u->nlog;
	log_body = body > 1 ? body : 1;
	if (u->log_sel < u->log_top)
		u->log_top = u->log_sel;
	if (u->log_sel >= u->log_top + body)
		u->log_top = u->log_sel - body + 1;
	if (u->log_top > n - body)
		u->log_top = n - body;
	if (u->log_top < 0)
		u->log_top = 0;

	for (int i = 0; i < body && u->log_top + i < n; i++) {
		int k = u->log_top + i;
		const struct kp_audit *a = &u->log[k];
		struct log_line l;
		struct strbuf sb;
		line_build(&c, a, &l);
		line_fit(&l, COLS);
		sb_init(&sb);
		line_text(&l, u->utf8, &sb);
		draw_text(top + 1 + i, 0, COLS, sb.buf, 0,
			  k == u->log_sel ? u->attr[C_SELECTED]
			  : a->undone_by  ? u->attr[C_DIM]
					  : u->attr[C_NORMAL]);
		sb_free(&sb);
		line_free(&l);
	}
	int y = top + 1 + body;
	if (rule) {
		draw_rule(u, y);
		if (n > body) {
			char range[96], more[128];
			int shown = n - u->log_top < body ? n - u->log_top : body;
			snprintf(range, sizeof range, _("%d-%d of %d"), u->log_top + 1,
				 u->log_top + shown, n);
			snprintf(more, sizeof more, " %s ", range);
			int mw = textw_width(more);
			draw_text(y, COLS - mw - 1, mw, more, 0, u->attr[C_DIM]);
		}
		y++;
	}
	if (n1 > 0) {
		y += draw_wrapped(y, n1, cell.buf, 2, u->attr[C_NORMAL] | A_BOLD);
		draw_wrapped(y, n2, change.buf, 2, u->attr[C_NORMAL]);
	}
	sb_free(&cell);
	sb_free(&change);
}

/* ---- find and keys ---- */

/* The change in full (in the user's words) or as stored. */
static int log_matches(const struct log_ctx *c, const struct kp_audit *a, const char *needle)
{
	struct strbuf sb;
	sb_init(&sb);
	detail_cell(c, a, &sb);
	sb_putc(&sb, '\n');
	detail_change(c, a, &sb);
	int found = ui_contains(sb.buf, needle) || ui_contains(a->what, needle) ||
		    ui_contains(a->scope, needle) || ui_contains(a->metric, needle);
	sb_free(&sb);
	return found;
}

int log_find(struct ui *u, const char *needle, int from_next)
{
	int n = (int)u->nlog;
	struct log_ctx c;
	if (!*needle || n == 0)
		return 0;
	ctx_init(&c, u, COLS);
	for (int k = 0; k < n; k++) {
		int i = (u->log_sel + k + (from_next ? 1 : 0)) % n;
		if (log_matches(&c, &u->log[i], needle)) {
			log_select(u, i);
			return 1;
		}
	}
	return 0;
}

void log_find_save(const struct ui *u, struct find_mark *m)
{
	m->sel = u->log_sel;
	m->top = u->log_top;
	m->id = u->log_sel_id;
	m->total = 0;
}

/* The change by its id (new ones may have arrived), and the scroll. */
void log_find_restore(struct ui *u, const struct find_mark *m)
{
	u->log_sel = m->sel;
	u->log_sel_id = m->id;
	u->log_top = m->top;
	log_keep_selection(u);
}

int log_key(struct ui *u, enum action a)
{
	int sel = u->log_sel;
	if (u->nlog == 0)
		return DONE;
	switch (a) {
	case A_UP:
		sel--;
		break;
	case A_DOWN:
		sel++;
		break;
	case A_PAGE_UP:
		sel -= log_body;
		break;
	case A_PAGE_DOWN:
		sel += log_body;
		break;
	case A_HOME:
		sel = 0;
		break;
	case A_END:
		sel = (int)u->nlog - 1;
		break;
	default:
		return DONE;
	}
	log_select(u, sel);
	return REDRAW;
}
