/* view_table.c - the Teams, Managers and Channels views: a KPI table with
 * sortable columns and a selected row, and beside or below it the selected
 * row's funnel and daily sparkline (SPEC section 4). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "kpitop/textw.h"
#include "ui.h"
#include "widgets.h"

enum col_kind {
	COL_NAME,
	COL_REVENUE,
	COL_PLAN,
	COL_DONE,
	COL_FORECAST,
	COL_DEALS,
	COL_AVG,
	COL_CONV,
	COL_REQ,
	COL_LEADS,
	COL_SHARE,
};

struct col_def {
	enum col_kind kind;
	int width; /* the least for the numbers (the name's: its minimum) */
	int prio;  /* columns with the highest prio go first when space is short */
};

/* Titles are translated (col_title) and a column is at least as wide as
 * its title and the sort mark, so a longer language still aligns. */
static const struct col_def kpi_cols[] = {
	{COL_NAME, 12, 0},     {COL_REVENUE, 11, 1},  {COL_DONE, 17, 2},
	{COL_PLAN, 11, 3},     {COL_DEALS, 6, 4},     {COL_REQ, 10, 5},
	{COL_FORECAST, 11, 6}, {COL_CONV, 6, 7},      {COL_AVG, 10, 8},
};

static const struct col_def channel_cols[] = {
	{COL_NAME, 12, 0}, {COL_LEADS, 7, 1},    {COL_DEALS, 6, 2}, {COL_CONV, 6, 3},
	{COL_REVENUE, 11, 4}, {COL_SHARE, 6, 5}, {COL_AVG, 10, 6},
};

static int col_is_money(enum col_kind k);

/* The configured currency sign, which money columns name in their titles
 * ("Revenue, ₽"): their cells are too narrow to repeat it.  Set by
 * table_draw; "" for none. */
static const char *money_unit = "";

static const char *col_title_plain(int view, enum col_kind k);

static const char *col_title(int view, enum col_kind k)
{
	static char titles[COL_SHARE + 1][96];
	const char *t = col_title_plain(view, k);
	if (!*money_unit || !col_is_money(k))
		return t;
	/* TRANSLATORS: a money column's title and the currency sign. */
	snprintf(titles[k], sizeof titles[k], C_("column", "%s, %s"), t, money_unit);
	return titles[k];
}

static const char *col_title_plain(int view, enum col_kind k)
{
	switch (k) {
	case COL_NAME:
		/* TRANSLATORS: the first column of the Teams / Managers tables. */
		return view == VIEW_CHANNELS  ? C_("column", "Channel")
		       : view == VIEW_TEAMS ? C_("teams column", "Name")
					    : C_("managers column", "Name");
	case COL_REVENUE: return C_("column", "Revenue");
	case COL_PLAN: return C_("column", "Plan");
	/* TRANSLATORS: plan completion (%, and a bar). */
	case COL_DONE: return C_("column", "Done");
	case COL_FORECAST: return C_("column", "Forecast");
	case COL_DEALS: return C_("column", "Deals");
	/* TRANSLATORS: average deal (revenue / deals). */
	case COL_AVG: return C_("column", "Avg deal");
	/* TRANSLATORS: conversion, deals / leads in %. */
	case COL_CONV: return C_("column", "Conv");
	/* TRANSLATORS: revenue still required per remaining working day. */
	case COL_REQ: return C_("column", "Need/day");
	case COL_LEADS: return C_("column", "Leads");
	/* TRANSLATORS: a channel's share of the revenue. */
	case COL_SHARE: return C_("column", "Share");
	}
	return "?";
}

/* A column's width: its numbers' or its title's with the sort mark. */
static int col_width(int view, const struct col_def *c)
{
	int tw = textw_width(col_title(view, c->kind)) + 1 + (c->kind == COL_NAME);
	return tw > c->width ? tw : c->width;
}

#define MAX_COLS 12

struct layout {
	const struct col_def *cols[MAX_COLS];
	int width[MAX_COLS];
	int ncols;
};

static const struct col_def *view_cols(int view, size_t *n)
{
	if (view == VIEW_CHANNELS) {
		*n = sizeof channel_cols / sizeof channel_cols[0];
		return channel_cols;
	}
	*n = sizeof kpi_cols / sizeof kpi_cols[0];
	return kpi_cols;
}

/* Drop the least important columns until the rest fit; spare room goes to
 * the name as far as the longest name (name_w columns with its marker)
 * needs, up to 20 more, then to the completion bar. */
static void layout_columns(int view, int avail, int name_w, struct layout *lay)
{
	size_t n;
	const struct col_def *defs = view_cols(view, &n);
	int maxprio = (int)n - 1;
	for (;;) {
		int sum = 0, k = 0;
		for (size_t i = 0; i < n; i++)
			if (defs[i].prio <= maxprio) {
				lay->cols[k] = &defs[i];
				lay->width[k] = col_width(view, &defs[i]);
				sum += lay->width[k] + (k ? 1 : 0);
				k++;
			}
		lay->ncols = k;
		/* The completion column is the last to go: before it would, its
		 * bar does, down to the percentage. */
		int last = k - 1;
		if (sum > avail && k > 0 && lay->cols[last]->kind == COL_DONE) {
			int tw = textw_width(col_title(view, COL_DONE)) + 1;
			int min = tw > 7 ? tw : 7, cut = sum - avail;
			if (cut > lay->width[last] - min)
				cut = lay->width[last] - min;
			if (cut > 0) {
				lay->width[last] -= cut;
				sum -= cut;
			}
			if (sum <= avail)
				return;
		}
		if (sum <= avail || maxprio == 0) {
			/* Spare columns go to the name, then to the completion bar. */
			int extra = avail - sum, want = name_w - lay->width[0];
			int to_name = want > 20 ? 20 : want > 0 ? want : 0;
			if (to_name > extra)
				to_name = extra > 0 ? extra : 0;
			lay->width[0] += to_name;
			extra -= to_name;
			for (int i = 0; i < k && extra > 0; i++)
				if (lay->cols[i]->kind == COL_DONE)
					lay->width[i] += extra > 30 ? 30 : extra;
			if (lay->width[0] > avail)
				lay->width[0] = avail;
			return;
		}
		maxprio--;
	}
}

static const struct kpi_view *cur_view(const struct ui *u)
{
	return &u->views[u->view];
}

/* Value of a numeric column for sorting and drawing. */
static double col_value(const struct kpi_view *v, const struct kpi_row *r, enum col_kind k)
{
	int rev = v->m_revenue, deals = v->m_deals;
	switch (k) {
	case COL_REVENUE:
		return rev >= 0 ? (double)r->actual[rev] : KPI_ABSENT;
	case COL_PLAN:
		return rev >= 0 ? r->plan[rev] : KPI_ABSENT;
	case COL_DONE:
		return rev >= 0 ? r->completion[rev] : KPI_ABSENT;
	case COL_FORECAST:
		return rev >= 0 ? r->forecast[rev] : KPI_ABSENT;
	case COL_REQ:
		return rev >= 0 ? r->required[rev] : KPI_ABSENT;
	case COL_DEALS:
		return deals >= 0 ? (double)r->actual[deals] : KPI_ABSENT;
	case COL_LEADS:
		return v->m_leads >= 0 ? (double)r->actual[v->m_leads] : KPI_ABSENT;
	case COL_AVG:
		return r->avg_deal;
	case COL_CONV:
		return r->conversion;
	case COL_SHARE: {
		const struct kpi_row *total = &v->rows[v->nrows - 1];
		return rev >= 0 ? kpi_pct((double)r->actual[rev], (double)total->actual[rev])
				: KPI_ABSENT;
	}
	case COL_NAME:
		break;
	}
	return KPI_ABSENT;
}

static int col_is_money(enum col_kind k)
{
	return k == COL_REVENUE || k == COL_PLAN || k == COL_FORECAST || k == COL_REQ ||
	       k == COL_AVG;
}

/* ---- order and selection ---- */

static const struct ui *sort_ui;

static int cmp_rows(const void *a, const void *b)
{
	const struct ui *u = sort_ui;
	const struct kpi_view *v = cur_view(u);
	const struct table_state *t = &u->tables[u->view];
	const struct kpi_row *ra = &v->rows[*(const int *)a], *rb = &v->rows[*(const int *)b];
	size_t n;
	const struct col_def *defs = view_cols(u->view, &n);
	enum col_kind k = defs[t->sort_col].kind;
	int c;
	if (k == COL_NAME) {
		c = strcmp(ra->name, rb->name);
	} else {
		double x = col_value(v, ra, k), y = col_value(v, rb, k);
		/* Absent values go last whatever the direction. */
		if (kpi_absent(x) || kpi_absent(y))
			return kpi_absent(x) - kpi_absent(y);
		c = x < y ? -1 : x > y;
		c = -c; /* numbers: largest first */
	}
	if (t->sort_desc)
		c = -c;
	return c ? c : *(const int *)a - *(const int *)b;
}

/* Number of data rows (TOTAL excluded). */
static int data_rows(const struct kpi_view *v)
{
	return v->nrows > 0 ? (int)v->nrows - 1 : 0;
}

static void sort_view(struct ui *u, int view)
{
	const struct kpi_view *v = &u->views[view];
	int n = data_rows(v);
	free(u->order[view]);
	u->order[view] = xcalloc((size_t)n + 1, sizeof(int));
	for (int i = 0; i < n; i++)
		u->order[view][i] = i;
	if (u->tables[view].sort_col >= 0) {
		int saved = u->view;
		u->view = view;
		sort_ui = u;
		qsort(u->order[view], (size_t)n, sizeof(int), cmp_rows);
		u->view = saved;
	}
	u->order[view][n] = n; /* TOTAL stays last */
}

/* Row index (into v->rows) at position pos of the sorted order. */
static int row_at(const struct ui *u, int view, int pos)
{
	return u->order[view][pos];
}

static void remember_selection(struct ui *u, int view)
{
	struct table_state *t = &u->tables[view];
	const struct kpi_view *v = &u->views[view];
	if (v->nrows == 0)
		return;
	const struct kpi_row *r = &v->rows[row_at(u, view, t->sel)];
	t->sel_total = r->kind == KPI_ROW_TOTAL;
	t->sel_id = r->id;
}

/* After a reload: sort again and find the selected row by id. */
void table_restore(struct ui *u)
{
	for (int view = 0; view < NKPI; view++) {
		struct table_state *t = &u->tables[view];
		const struct kpi_view *v = &u->views[view];
		int n = data_rows(v);
		sort_view(u, view);
		int found = -1;
		for (int pos = 0; pos <= n && found < 0; pos++) {
			const struct kpi_row *r = &v->rows[row_at(u, view, pos)];
			if (t->sel_total ? r->kind == KPI_ROW_TOTAL
					 : r->kind != KPI_ROW_TOTAL && r->id == t->sel_id)
				found = pos;
		}
		if (found >= 0) {
			t->sel = found;
		} else {
			if (t->sel > n)
				t->sel = n;
			/* The card's row went (archived, moved, deleted): close
			 * it rather than show the next one under the same eyes. */
			if (u->card && view == u->view) {
				u->card = 0;
				ui_message(u, 0, "%s",
					   _("the row of the open card is gone (archived or moved)"));
			}
		}
		remember_selection(u, view);
	}
}

const struct kpi_row *table_selected(const struct ui *u)
{
	const struct kpi_view *v = cur_view(u);
	if (v->nrows == 0)
		return NULL;
	return &v->rows[row_at(u, u->view, u->tables[u->view].sel)];
}

int table_alerts(const struct ui *u)
{
	int n = 0;
	const struct kp_config *c = &u->app->cfg;
	for (int view = VIEW_TEAMS; view <= VIEW_MANAGERS; view++) {
		const struct kpi_view *v = &u->views[view];
		for (size_t i = 0; v->m_revenue >= 0 && i + 1 < v->nrows; i++)
			n += alert_behind(v->rows[i].completion[v->m_revenue], v->expected,
					  c->alert_margin);
	}
	return n;
}

/* A lower-case wide copy of s (code points decoded whatever the locale). */
static wchar_t *lower_wide(const char *s)
{
	size_t n = strlen(s), k = 0;
	wchar_t *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += textw_decode(s + i, n - i, &cp);
		w[k++] = (wchar_t)towlower((wint_t)cp);
	}
	w[k] = L'\0';
	return w;
}

int ui_contains(const char *hay, const char *needle)
{
	wchar_t *h = lower_wide(hay), *nd = lower_wide(needle);
	int found = wcsstr(h, nd) != NULL;
	free(h);
	free(nd);
	return found;
}

int table_find(struct ui *u, const char *needle, int from_next)
{
	const struct kpi_view *v = cur_view(u);
	struct table_state *t = &u->tables[u->view];
	int n = (int)v->nrows;
	if (!*needle || n == 0)
		return 0;
	for (int k = 0; k < n; k++) {
		int pos = (t->sel + k + (from_next ? 1 : 0)) % n;
		const struct kpi_row *r = &v->rows[row_at(u, u->view, pos)];
		if (ui_contains(r->name, needle) || ui_contains(report_row_name(r), needle)) {
			t->sel = pos;
			remember_selection(u, u->view);
			return 1;
		}
	}
	return 0;
}

void table_find_save(const struct ui *u, struct find_mark *m)
{
	const struct table_state *t = &u->tables[u->view];
	m->sel = t->sel;
	m->top = t->top;
	m->id = t->sel_id;
	m->total = t->sel_total;
}

/* The row by its id (a reload may have moved it), and the scroll. */
void table_find_restore(struct ui *u, const struct find_mark *m)
{
	struct table_state *t = &u->tables[u->view];
	t->sel = m->sel;
	t->top = m->top;
	t->sel_id = m->id;
	t->sel_total = m->total;
	table_restore(u);
}

/* ---- keys ---- */

static int visible_rows_cache = 10;

int table_key(struct ui *u, enum action a)
{
	const struct kpi_view *v = cur_view(u);
	struct table_state *t = &u->tables[u->view];
	int last = (int)v->nrows - 1;
	size_t ncols;
	view_cols(u->view, &ncols);
	if (last < 0)
		return DONE;
	switch (a) {
	case A_UP:
		t->sel = t->sel > 0 ? t->sel - 1 : 0;
		break;
	case A_DOWN:
		t->sel = t->sel < last ? t->sel + 1 : last;
		break;
	case A_PAGE_UP:
		t->sel = t->sel > visible_rows_cache ? t->sel - visible_rows_cache : 0;
		break;
	case A_PAGE_DOWN:
		t->sel = t->sel + visible_rows_cache < last ? t->sel + visible_rows_cache : last;
		break;
	case A_HOME:
		t->sel = 0;
		break;
	case A_END:
		t->sel = last;
		break;
	case A_SORT:
		/* Each column on screen in turn (its title gets the mark), then
		 * back to the natural order (-1). */
		do
			t->sort_col = t->sort_col + 1 < (int)ncols ? t->sort_col + 1 : -1;
		while (t->sort_col >= 0 && t->shown && !(t->shown & (1u << t->sort_col)));
		t->sort_desc = 0;
		remember_selection(u, u->view);
		table_restore(u);
		if (t->sort_col < 0)
			ui_message(u, 0, "%s", _("natural order"));
		else
			ui_message(u, 0, _("sorted by %s"),
				   col_title(u->view, view_cols(u->view, &ncols)[t->sort_col].kind));
		return REDRAW;
	case A_SORT_REVERSE:
		t->sort_desc = !t->sort_desc;
		remember_selection(u, u->view);
		table_restore(u);
		return REDRAW;
	default:
		return DONE;
	}
	remember_selection(u, u->view);
	return REDRAW;
}

/* ---- drawing ---- */

static void draw_cell(const struct ui *u, const struct kpi_view *v, const struct kpi_row *r,
		      const struct col_def *c, int y, int x, int w, attr_t attr)
{
	char buf[128];
	double val = col_value(v, r, c->kind);
	if (c->kind == COL_DONE) {
		const struct kp_config *cfg = &u->app->cfg;
		char bar[WIDGET_BUFSIZE(64)];
		struct bar_info info;
		int bw = w - 7;
		fmt_pct(u, val, buf, sizeof buf);
		draw_text(y, x, 6, buf, 1, attr);
		draw_fill(y, x + 6, 1, attr);
		if (bw < 1)
			return;
		if (bw > 64)
			bw = 64;
		bar_render(bar, sizeof bar, bw, val, v->expected, u->ascii, &info);
		enum bar_level lv = bar_level(val, v->expected, cfg->red_below, cfg->yellow_below);
		attr_t ink = lv == BAR_RED	? u->attr[C_BAR_BAD]
			     : lv == BAR_YELLOW ? u->attr[C_BAR_WARN]
			     : lv == BAR_GREEN	? u->attr[C_BAR_OK]
						: u->attr[C_DIM];
		ui_attr_set(ink);
		mvaddstr(y, x + 7, bar);
		if (info.marker >= 0) {
			/* The pace marker in its own colour over the bar. */
			ui_attr_set(u->attr[C_MARKER]);
			mvaddstr(y, x + 7 + info.marker, u->ascii ? "|" : "│");
		}
		ui_attr_set(A_NORMAL);
		return;
	}
	if (c->kind == COL_CONV || c->kind == COL_SHARE)
		fmt_pct(u, val, buf, sizeof buf);
	else if (col_is_money(c->kind))
		fmt_money(u, val, buf, sizeof buf);
	else
		fmt_count(u, val, 0, buf, sizeof buf);
	if (textw_width(buf) > w) /* too wide: 12.3M rather than ### */
		fmt_compact_local(u, buf, sizeof buf, col_is_money(c->kind) ? val / 100.0 : val, w);
	draw_text(y, x, w, buf, 1, attr);
}

static void draw_row(const struct ui *u, const struct layout *lay, const struct kpi_row *r,
		     int y, int selected)
{
	const struct kpi_view *v = cur_view(u);
	const struct kp_config *cfg = &u->app->cfg;
	int is_total = r->kind == KPI_ROW_TOTAL;
	attr_t attr = selected ? u->attr[C_SELECTED] : is_total ? A_BOLD : u->attr[C_NORMAL];
	int alert = !is_total && v->m_revenue >= 0 &&
		    alert_behind(r->completion[v->m_revenue], v->expected, cfg->alert_margin);
	int x = 0;
	for (int i = 0; i < lay->ncols; i++) {
		int w = lay->width[i];
		if (i > 0) {
			draw_fill(y, x, 1, attr);
			x++;
		}
		if (lay->cols[i]->kind == COL_NAME) {
			/* "!" marks a row behind pace, in colour or not. */
			attr_t a = alert && !selected ? u->attr[C_ALERT] : attr;
			draw_text(y, x, 1, alert ? "!" : " ", 0, a);
			draw_name(y, x + 1, w - 1, report_row_name(r), attr);
		} else {
			draw_cell(u, v, r, lay->cols[i], y, x, w, attr);
		}
		x += w;
	}
}

/* The selected row's daily values of a metric over the last days. */
static int row_series(const struct ui *u, const struct kpi_row *r, int metric, double *out,
		      int n)
{
	const struct snapshot *sn = &u->snap;
	if (metric < 0 || r->kind == KPI_ROW_CHANNEL)
		return 0;
	int64_t mid = sn->dims.metrics[metric].id;
	kp_date first = sn->asof - (n - 1);
	for (int i = 0; i < n; i++)
		out[i] = 0;
	for (size_t i = 0; i < sn->ndays; i++) {
		const struct snap_day *d = &sn->days[i];
		if (d->metric_id != mid || d->day < first || d->day > sn->asof)
			continue;
		if (r->kind == KPI_ROW_MANAGER && d->manager_id != r->id)
			continue;
		if (r->kind == KPI_ROW_TEAM) {
			int mi = dims_manager_index(&sn->dims, d->manager_id);
			if (mi < 0 || sn->dims.managers[mi].team_id != r->id)
				continue;
		}
		out[d->day - first] += (double)d->sum;
	}
	return 1;
}

/* Funnel, sparkline and the key ratios of the selected row in a box. */
void panel_draw(struct ui *u, const struct kpi_view *v, const struct kpi_row *r, int y, int x,
		int w, int h)
{
	char buf[256], bar[WIDGET_BUFSIZE(128)];
	int line = y;
	if (w < 20 || h < 2 || !r)
		return;
	struct strbuf title;
	sb_init(&title);
	/* TRANSLATORS: the sales funnel of the selected row. */
	sb_puts(&title, _("Funnel"));
	sb_puts(&title, u->utf8 ? " · " : " | ");
	textw_sanitize(&title, report_row_name(r));
	draw_text(line++, x, w, title.buf, 0, u->attr[C_TITLE]);
	sb_free(&title);
	double first = v->nfunnel ? (double)r->actual[v->funnel[0]] : 0;
	int label_w = 10, num_w = 8, pct_w = 7;
	int bar_w = w - label_w - num_w - pct_w - 3;
	if (bar_w > 128)
		bar_w = 128;
	for (size_t i = 0; i < v->nfunnel && line < y + h; i++) {
		int m = v->funnel[i];
		draw_text(line, x, label_w, report_metric_label(&v->dims->metrics[m]), 0,
			  u->attr[C_NORMAL]);
		fmt_count(u, (double)r->actual[m], 0, buf, sizeof buf);
		draw_text(line, x + label_w + 1, num_w, buf, 1, u->attr[C_NORMAL]);
		if (bar_w > 0) {
			funnel_render(bar, sizeof bar, bar_w, (double)r->actual[m], first, u->ascii);
			ui_attr_set(u->attr[C_FUNNEL]);
			mvaddstr(line, x + label_w + num_w + 2, bar);
			ui_attr_set(A_NORMAL);
		}
		if (i > 0) {
			fmt_pct(u, r->stage[m], buf, sizeof buf);
			draw_text(line, x + w - pct_w, pct_w, buf, 1, u->attr[C_DIM]);
		}
		line++;
	}
	if (line < y + h) {
		char avg[64], conv[64];
		struct strbuf sb;
		sb_init(&sb);
		fmt_money(u, r->avg_deal, avg, sizeof avg);
		fmt_pct(u, r->conversion, conv, sizeof conv);
		sb_printf(&sb, _("Conversion %s"), conv);
		sb_puts(&sb, u->utf8 ? " · " : " | ");
		sb_printf(&sb, _("avg deal %s"), avg);
		draw_text(line++, x, w, sb.buf, 0, u->attr[C_NORMAL]);
		sb_free(&sb);
	}
	int metric = v->m_revenue >= 0 ? v->m_revenue : v->m_deals;
	double series[SNAPSHOT_DAYS];
	int sw = w - 12;
	if (line < y + h && sw > 4 && row_series(u, r, metric, series, SNAPSHOT_DAYS)) {
		if (sw > SNAPSHOT_DAYS)
			sw = SNAPSHOT_DAYS;
		char label[64];
		if (metric == v->m_revenue)
			/* TRANSLATORS: before the sparkline of daily revenue. */
			snprintf(label, sizeof label, P_("%d day", "%d days", SNAPSHOT_DAYS),
				 SNAPSHOT_DAYS);
		else
			snprintf(label, sizeof label, "%s", _("Deals/day"));
		draw_text(line, x, 11, label, 0, u->attr[C_DIM]);
		spark_render(bar, sizeof bar, series, SNAPSHOT_DAYS, sw, u->ascii);
		ui_attr_set(u->attr[C_SPARK]);
		mvaddstr(line, x + 12, bar);
		ui_attr_set(A_NORMAL);
	}
}

/* The columns of a layout as a bit per column of view_cols (which s may
 * sort by: those on screen). */
static unsigned shown_columns(int view, const struct layout *lay)
{
	size_t n;
	const struct col_def *defs = view_cols(view, &n);
	unsigned mask = 0;
	for (int i = 0; i < lay->ncols; i++)
		mask |= 1u << (unsigned)(lay->cols[i] - defs);
	return mask;
}

/* Columns the longest name of the view takes, with its marker column. */
static int names_width(const struct kpi_view *v)
{
	int name_w = 0;
	for (size_t i = 0; i < v->nrows; i++) {
		char *name = textw_sanitized(report_row_name(&v->rows[i]));
		int w = textw_width(name) + 2; /* the marker column and a space */
		name_w = w > name_w ? w : name_w;
		free(name);
	}
	return name_w;
}

/* Columns the table wants: every column, and names whole (as far as
 * layout_columns would widen them). */
static int natural_width(int view, int name_w)
{
	size_t n;
	const struct col_def *defs = view_cols(view, &n);
	int sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += col_width(view, &defs[i]) + (i ? 1 : 0);
	int extra = name_w - col_width(view, &defs[0]);
	return sum + (extra > 20 ? 20 : extra > 0 ? extra : 0);
}

enum { SIDE_W = 46 };

void table_draw(struct ui *u, int top, int rows)
{
	money_unit = u->style.currency;
	const struct kpi_view *v = cur_view(u);
	struct table_state *t = &u->tables[u->view];
	/* The funnel beside the table only where the table keeps every column
	 * and whole names; otherwise below it. */
	int name_w = names_width(v);
	int side = COLS >= 130 && COLS - SIDE_W >= natural_width(u->view, name_w);
	int panel_h = side ? 0 : (rows >= 18 ? 7 : rows >= 14 ? 5 : 0);
	int table_w = side ? COLS - SIDE_W : COLS;
	int table_h = rows - panel_h - (panel_h ? 1 : 0);
	struct layout lay;
	layout_columns(u->view, table_w, name_w, &lay);
	t->shown = shown_columns(u->view, &lay);

	/* Column titles; the sort column is marked. */
	int x = 0;
	for (int i = 0; i < lay.ncols; i++) {
		char title[160];
		size_t n;
		const struct col_def *defs = view_cols(u->view, &n);
		int sorted = t->sort_col >= 0 && lay.cols[i] == &defs[t->sort_col];
		snprintf(title, sizeof title, "%s%s", col_title(u->view, lay.cols[i]->kind),
			 sorted ? (t->sort_desc ? (u->ascii ? "^" : "▲") : (u->ascii ? "v" : "▼")) : "");
		if (i > 0)
			x++;
		draw_text(top, x + (i == 0), lay.width[i] - (i == 0), title,
			  lay.cols[i]->kind != COL_NAME && lay.cols[i]->kind != COL_DONE,
			  u->attr[C_TITLE]);
		x += lay.width[i];
	}

	int n = data_rows(v);
	int body = table_h - 3; /* titles, rule, TOTAL */
	if (body < 1)
		body = 1;
	visible_rows_cache = body;
	int sel = t->sel;
	if (sel < n) {
		if (sel < t->top)
			t->top = sel;
		if (sel >= t->top + body)
			t->top = sel - body + 1;
	}
	if (t->top > n - body)
		t->top = n - body > 0 ? n - body : 0;
	for (int i = 0; i < body && t->top + i < n; i++) {
		int pos = t->top + i;
		draw_row(u, &lay, &v->rows[row_at(u, u->view, pos)], top + 1 + i, pos == sel);
	}
	int shown = n - t->top < body ? n - t->top : body;
	int rule_y = top + 1 + shown;
	if (u->ascii)
		mvhline(rule_y, 0, '-', table_w);
	else {
		ui_attr_set(u->attr[C_DIM]);
		for (int i = 0; i < table_w; i++)
			mvaddstr(rule_y, i, "─");
		ui_attr_set(A_NORMAL);
	}
	if (n > body) {
		char range[96], more[128];
		/* TRANSLATORS: rows shown of all rows ("1-10 of 14"). */
		snprintf(range, sizeof range, _("%d-%d of %d"), t->top + 1, t->top + shown, n);
		snprintf(more, sizeof more, " %s ", range);
		int mw = textw_width(more);
		draw_text(rule_y, table_w - mw - 1, mw, more, 0, u->attr[C_DIM]);
	}
	if (v->nrows > 0)
		draw_row(u, &lay, &v->rows[row_at(u, u->view, n)], rule_y + 1, sel == n);

	const struct kpi_row *r = table_selected(u);
	if (side)
		panel_draw(u, v, r, top, table_w + 2, COLS - table_w - 3, rows);
	else if (panel_h)
		panel_draw(u, v, r, top + rows - panel_h, 0, COLS < 90 ? COLS : 90, panel_h);
}
