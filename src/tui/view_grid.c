/* view_grid.c - the Day sheet (a team's managers x metrics for one date and
 * channel) and the Plans grid (managers and the team x metrics for a
 * month): typed by keyboard only, each Enter saved at once in its own
 * audited transaction (SPEC section 4). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/numfmt.h"
#include "kpitop/textw.h"
#include "ui.h"

void grid_free(struct grid *g)
{
	free(g->ids);
	free(g->names);
	free(g->metrics);
	free(g->vals);
	free(g->has);
	free(g->team_sum);
	g->ids = NULL;
	g->names = NULL;
	g->metrics = NULL;
	g->vals = NULL;
	g->has = NULL;
	g->team_sum = NULL;
	g->nrows = g->ncols = 0;
}

/* The active team the grid shows, found by id (the first when gone). */
static const struct kp_team *grid_team(const struct ui *u, struct grid *g)
{
	const struct kp_dims *d = &u->snap.dims;
	const struct kp_team *first = NULL;
	for (size_t i = 0; i < d->nteams; i++) {
		if (d->teams[i].archived)
			continue;
		if (!first)
			first = &d->teams[i];
		if (d->teams[i].id == g->team_id)
			return &d->teams[i];
	}
	g->team_id = first ? first->id : 0;
	return first;
}

static const struct kp_channel *grid_channel(const struct ui *u, struct grid *g)
{
	const struct kp_dims *d = &u->snap.dims;
	int i = dims_channel_index(d, g->channel_id);
	if (i >= 0 && !d->channels[i].archived)
		return &d->channels[i];
	const struct kp_channel *c = dims_first_channel(d);
	g->channel_id = c ? c->id : 0;
	return c;
}

static int row_of(const struct grid *g, int64_t id)
{
	for (int r = 0; r < g->nrows; r++)
		if (g->ids[r] == id)
			return r;
	return -1;
}

static void set_cell(struct grid *g, int r, int c, int64_t v)
{
	if (r < 0 || c < 0)
		return;
	g->vals[r * g->ncols + c] = v;
	g->has[r * g->ncols + c] = 1;
}

struct grid_ctx {
	struct grid *g;
	const struct kp_dims *d;
	int64_t team_id;
};

static int metric_col(const struct grid_ctx *x, int64_t metric_id)
{
	for (int c = 0; c < x->g->ncols; c++)
		if (x->d->metrics[x->g->metrics[c]].id == metric_id)
			return c;
	return -1;
}

static void day_cell(void *ctx, int64_t manager_id, int64_t metric_id, int64_t value)
{
	struct grid_ctx *x = ctx;
	set_cell(x->g, row_of(x->g, manager_id), metric_col(x, metric_id), value);
}

static void plan_cell(void *ctx, int year, int month, int64_t team_id, int64_t manager_id,
		      int64_t metric_id, int64_t value)
{
	struct grid_ctx *x = ctx;
	int c = metric_col(x, metric_id);
	(void)year, (void)month;
	if (c < 0)
		return;
	if (team_id) {
		if (team_id == x->team_id)
			set_cell(x->g, 0, c, value);
		return;
	}
	int r = row_of(x->g, manager_id);
	if (r > 0) {
		set_cell(x->g, r, c, value);
		x->g->team_sum[c] += (double)value;
	}
}

/* What the cursor's cell is, as a number: its row's id and name, its
 * metric's id, key and kind, and (Day sheet) the channel.  Ids alone are
 * not enough: a restore may bring a database where the same id is someone
 * else. */
static uint64_t cell_identity(const struct ui *u, const struct grid *g)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const struct kp_metric *m = &u->snap.dims.metrics[g->metrics[g->col]];
	const char *parts[] = {g->names[g->row], m->key};
	int64_t nums[] = {g->ids[g->row], m->id, m->kind, g->plans ? 0 : g->channel_id};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		for (const char *p = parts[i];; p++) {
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
			if (!*p)
				break;
		}
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
		for (int b = 0; b < 8; b++)
			h = (h ^ (uint64_t)((nums[i] >> (8 * b)) & 0xff)) * 1099511628211ULL;
	return h;
}

int grid_load(struct ui *u, struct grid *g, struct kp_err *e)
{
	const struct kp_dims *d = &u->snap.dims;
	grid_free(g);
	const struct kp_team *team = grid_team(u, g);
	g->metrics = xcalloc(d->nmetrics + 1, sizeof *g->metrics);
	for (size_t i = 0; i < d->nmetrics; i++)
		if (!d->metrics[i].archived)
			g->metrics[g->ncols++] = (int)i;
	g->ids = xcalloc(d->nmanagers + 2, sizeof *g->ids);
	g->names = xcalloc(d->nmanagers + 2, sizeof *g->names);
	if (g->plans && team) {
		/* The team row's id is negated: ids never collide with managers'. */
		g->ids[g->nrows] = -team->id;
		g->names[g->nrows++] = team->name;
	}
	for (size_t i = 0; team && i < d->nmanagers; i++)
		if (d->managers[i].team_id == team->id && !d->managers[i].archived) {
			g->ids[g->nrows] = d->managers[i].id;
			g->names[g->nrows++] = d->managers[i].name;
		}
	size_t cells = (size_t)(g->nrows ? g->nrows : 1) * (size_t)(g->ncols ? g->ncols : 1);
	g->vals = xcalloc(cells, sizeof *g->vals);
	g->has = xcalloc(cells, 1);
	g->team_sum = xcalloc((size_t)g->ncols + 1, sizeof *g->team_sum);
	struct grid_ctx x = {g, d, team ? team->id : 0};
	int rc = 0;
	if (!team) {
		rc = 0;
	} else if (g->plans) {
		rc = store_plans(u->s, g->year, g->month, g->year, g->month, plan_cell, &x, e);
	} else {
		const struct kp_channel *c = grid_channel(u, g);
		if (c)
			rc = store_day_values(u->s, g->day, c->id, day_cell, &x, e);
	}
	/* Keep the cursor on the same manager and metric. */
	int r = row_of(g, g->row_id);
	if (r >= 0)
		g->row = r;
	for (int c = 0; c < g->ncols; c++)
		if (d->metrics[g->metrics[c]].id == g->col_id)
			g->col = c;
	if (g->row >= g->nrows)
		g->row = g->nrows > 0 ? g->nrows - 1 : 0;
	if (g->col >= g->ncols)
		g->col = g->ncols > 0 ? g->ncols - 1 : 0;
	/* The cell being typed went (archived, restored away): the value must
	 * not slide into a neighbour's cell. */
	if (g->editing &&
	    (g->nrows == 0 || g->ncols == 0 || cell_identity(u, g) != g->edit_cell)) {
		g->editing = 0;
		g->confirm = 0;
		ui_message(u, 1, _("the cell being typed is gone (changed by someone else): %s was not saved"),
			   g->ed.buf);
	}
	return rc;
}

static void remember_cursor(const struct ui *u, struct grid *g)
{
	if (g->nrows > 0)
		g->row_id = g->ids[g->row];
	if (g->ncols > 0)
		g->col_id = u->snap.dims.metrics[g->metrics[g->col]].id;
}

const char *grid_title(const struct ui *u, const struct grid *g, char *buf, size_t n)
{
	const struct kp_dims *d = &u->snap.dims;
	int ti = dims_team_index(d, g->team_id), ci = dims_channel_index(d, g->channel_id);
	char date[128];
	const char *dot = u->utf8 ? "·" : "|";
	struct strbuf sb;
	sb_init(&sb);
	if (g->plans) {
		report_month(&u->style, g->year, g->month, date, sizeof date);
		sb_printf(&sb, "%s %s %s %s %s ", C_("view", "Plans"), dot, date, dot,
			  C_("grid title", "team"));
	} else {
		report_date(&u->style, g->day, date);
		sb_printf(&sb, "%s %s %s %s %s %s ", C_("view", "Day sheet"), dot, date,
			  u->style.wdays[date_weekday(g->day)], dot, C_("grid title", "team"));
	}
	textw_sanitize(&sb, ti >= 0 ? d->teams[ti].name : C_("grid title", "(none)"));
	if (!g->plans) {
		sb_printf(&sb, " %s %s ", dot, C_("grid title", "channel"));
		textw_sanitize(&sb, ci >= 0 ? report_channel_name(d->channels[ci].name)
					    : C_("grid title", "(none)"));
	}
	snprintf(buf, n, "%s", sb.buf);
	sb_free(&sb);
	return buf;
}

int grid_find(struct ui *u, struct grid *g, const char *needle, int from_next)
{
	if (!*needle || g->nrows == 0)
		return 0;
	for (int k = 0; k < g->nrows; k++) {
		int r = (g->row + k + (from_next ? 1 : 0)) % g->nrows;
		if (ui_contains(g->names[r], needle)) {
			g->row = r;
			remember_cursor(u, g);
			return 1;
		}
	}
	return 0;
}

void grid_find_save(const struct grid *g, struct find_mark *m)
{
	m->sel = g->row;
	m->top = g->top;
	m->id = g->row_id;
	m->total = 0;
}

/* The row by its manager (a reload may have moved it), and the scroll. */
void grid_find_restore(struct ui *u, struct grid *g, const struct find_mark *m)
{
	int r = row_of(g, m->id);
	g->row = r >= 0 ? r : m->sel < g->nrows ? m->sel : 0;
	g->top = m->top;
	remember_cursor(u, g);
}

/* ---- drawing ---- */

/* A value in at most w columns: grouped (when groups), else without
 * grouping, else shortened ("17.7M"); prefix (the plans' "Σ") before it. */
static void value_fit(const struct ui *u, double v, int decimals, const char *prefix, int w,
		      int groups, char *buf, size_t n)
{
	char num[64];
	int pw = *prefix ? textw_width(prefix) + 1 : 0;
	num_format_grouped(v, decimals, groups ? u->style.sep : "", u->style.dec, num, sizeof num);
	if (pw + textw_width(num) > w)
		num_format_grouped(v, decimals, "", u->style.dec, num, sizeof num);
	if (pw + textw_width(num) > w && w - pw >= 1)
		fmt_compact_local(u, num, sizeof num, v, w - pw);
	snprintf(buf, n, "%s%s%s", prefix, *prefix ? " " : "", num);
}

/* A cell's text in w columns; groups: with digit groups (a column has them
 * in every row or in none). */
static void cell_text(const struct ui *u, const struct grid *g, int r, int c, int w, int groups,
		      char *buf, size_t n)
{
	const struct kp_metric *m = &u->snap.dims.metrics[g->metrics[c]];
	size_t i = (size_t)r * (size_t)g->ncols + (size_t)c;
	int money = m->kind == METRIC_MONEY;
	if (g->has[i]) {
		double v = money ? (double)g->vals[i] / 100.0 : (double)g->vals[i];
		value_fit(u, v, money && g->vals[i] % 100 ? 2 : 0, "", w, groups, buf, n);
	} else if (g->plans && r == 0 && g->team_sum[c] > 0) {
		/* No explicit team plan: the sum of the managers' plans. */
		int kopecks = money && (int64_t)g->team_sum[c] % 100;
		/* TRANSLATORS: a team's plan shown as the sum of its managers'
		 * (ASCII terminals; UTF-8 ones show "Σ"). */
		value_fit(u, money ? g->team_sum[c] / 100.0 : g->team_sum[c], kopecks ? 2 : 0,
			  u->utf8 ? "Σ" : _("sum"), w, groups, buf, n);
	} else {
		snprintf(buf, n, "%s", u->utf8 ? "·" : ".");
	}
}

/* Cells: at least CELL_MIN, at most CELL_MAX for titles and spare room,
 * VALUE_MAX for a value (so even a trillion shows whole). */
enum { CELL_MIN = 6, CELL_MAX = 16, VALUE_MAX = 24, NAME_MIN = 10 };

/* Column widths from what they hold: every value whole (grouped, kopecks
 * too) and every title, when the screen has room; otherwise titles are cut
 * first, then digit groups go, and then columns scroll sideways: an entry
 * grid never shows a value shortened ("17.7M") unless one column alone is
 * wider than the screen.  Spare room is shared out.  x[c] is where column
 * c starts; columns not shown (scrolled off either side) have x[c] < 0.
 * value_w and min_w are scratch; all four hold g->ncols. */
static void grid_layout(const struct ui *u, struct grid *g, int *name_w, int *w, int *x,
			int *value_w, int *min_w)
{
	const struct kp_dims *d = &u->snap.dims;
	int cap = COLS >= 100 ? 24 : 18;
	int nw = textw_width(g->plans ? C_("grid column", "Plan for") : C_("grid column", "Manager"));
	for (int r = 0; r < g->nrows; r++) {
		int t = textw_width(g->names[r]);
		nw = t > nw ? t : nw;
	}
	nw = nw > cap ? cap : nw < NAME_MIN ? NAME_MIN : nw;
	int total = 0;
	for (int c = 0; c < g->ncols; c++) {
		char buf[128];
		int vw = CELL_MIN, mw = CELL_MIN;
		for (int r = 0; r < g->nrows; r++) {
			/* Whole, with digit groups and without (the least it needs). */
			cell_text(u, g, r, c, VALUE_MAX * 4, 1, buf, sizeof buf);
			int t = textw_width(buf);
			cell_text(u, g, r, c, VALUE_MAX * 4, 0, buf, sizeof buf);
			int e = textw_width(buf);
			vw = t > vw ? t : vw;
			mw = e > mw ? e : mw;
		}
		int tw = textw_width(report_metric_label(&d->metrics[g->metrics[c]]));
		value_w[c] = vw > VALUE_MAX ? VALUE_MAX : vw;
		min_w[c] = mw > value_w[c] ? value_w[c] : mw;
		w[c] = tw > value_w[c] ? (tw > CELL_MAX ? CELL_MAX : tw) : value_w[c];
		total += w[c] + 1;
	}
	int avail = COLS - nw - 1;
	/* Titles give way to values... */
	for (int c = g->ncols - 1; c >= 0 && total > avail; c--) {
		int cut = w[c] - value_w[c];
		if (cut > total - avail)
			cut = total - avail;
		w[c] -= cut;
		total -= cut;
	}
	/* ...then digit groups, the widest column first; values stay exact
	 * (what does not fit then scrolls sideways, below). */
	while (total > avail) {
		int widest = -1;
		for (int c = 0; c < g->ncols; c++)
			if (w[c] > min_w[c] && (widest < 0 || w[c] > w[widest]))
				widest = c;
		if (widest < 0)
			break;
		w[widest]--;
		total--;
	}
	/* Spare room: to every column alike, up to CELL_MAX. */
	for (int grew = 1; grew && total < avail;) {
		grew = 0;
		for (int c = 0; c < g->ncols && total < avail; c++)
			if (w[c] < CELL_MAX) {
				w[c]++;
				total++;
				grew = 1;
			}
	}
	/* More columns than the screen holds: they scroll sideways so that
	 * the cursor's column is always shown (never typed into unseen), and
	 * the last screen column is kept for the mark that more follow. */
	int hidden = total > avail;
	avail -= hidden;
	if (g->col < g->left)
		g->left = g->col;
	for (;;) {
		int span = 0;
		for (int c = g->left; c <= g->col && c < g->ncols; c++)
			span += w[c] + 1;
		if (span <= avail || g->left >= g->col)
			break;
		g->left++;
	}
	/* And back, as far as the room allows (a wider screen, say). */
	while (g->left > 0) {
		int span = 0;
		for (int c = g->left - 1; c <= g->col && c < g->ncols; c++)
			span += w[c] + 1;
		if (span > avail)
			break;
		g->left--;
	}
	int at = nw + 1;
	for (int c = 0; c < g->ncols; c++) {
		if (c < g->left) {
			x[c] = -1;
			continue;
		}
		x[c] = at + w[c] <= COLS - hidden ? at : -1;
		at += w[c] + 1;
	}
	*name_w = nw;
}

/* The text being typed in w columns with the cursor: its end, when it is
 * longer, after an ellipsis (what is typed now stays in view). */
static void editing_text(const struct ui *u, const struct grid *g, int w, struct strbuf *out)
{
	struct strbuf t;
	sb_init(&t);
	sb_printf(&t, "%s_", g->ed.buf);
	if ((int)t.len <= w) {
		sb_puts(out, t.buf);
	} else {
		/* The editor takes ASCII only: bytes are columns. */
		sb_puts(out, u->utf8 ? "…" : "~");
		sb_puts(out, t.buf + t.len - (size_t)(w - 1));
	}
	sb_free(&t);
}

int grid_status(const struct ui *u, const struct grid *g, char *buf, size_t n)
{
	if (!g->editing)
		return 0;
	const struct kp_metric *m = &u->snap.dims.metrics[g->metrics[g->col]];
	char num[64];
	int64_t v;
	const char *why;
	if (g->ed.len > 0 && editor_value(&g->ed, &v, &why) == 0)
		num_format_grouped(m->kind == METRIC_MONEY ? (double)v / 100.0 : (double)v,
				   m->kind == METRIC_MONEY && v % 100 ? 2 : 0, u->style.sep,
				   u->style.dec, num, sizeof num);
	else
		snprintf(num, sizeof num, "%s", g->ed.buf);
	/* Whose cell, each name cut to a share of the screen: the value comes
	 * first and must never be what gives way. */
	struct strbuf name, label, whose;
	sb_init(&name);
	sb_init(&label);
	sb_init(&whose);
	char *clean = textw_sanitized(g->names[g->row]);
	textw_fit(&name, clean, textw_width(clean) < COLS / 3 ? textw_width(clean) : COLS / 3,
		  TEXTW_LEFT, MB_CUR_MAX > 1);
	free(clean);
	clean = textw_sanitized(report_metric_label(m));
	textw_fit(&label, clean, textw_width(clean) < COLS / 4 ? textw_width(clean) : COLS / 4,
		  TEXTW_LEFT, MB_CUR_MAX > 1);
	free(clean);
	/* TRANSLATORS: the bottom line while a grid cell is typed: the value
	 * so far in full (the cell may be too narrow), then the metric and
	 * whose it is. */
	sb_printf(&whose, _("%s   %s for %s   Enter saves, Esc cancels"), num, label.buf, name.buf);
	snprintf(buf, n, "%s", whose.buf);
	sb_free(&name);
	sb_free(&label);
	sb_free(&whose);
	return 1;
}

/* Column c's title in w[c] columns.  Cut at its end, unless another
 * column shown would then read the same ("Metri…" twice): then the end is
 * kept ("…ric 1"), where labels differ most often. */
static void column_title(const struct ui *u, const struct grid *g, int c, const int *w,
			 const int *xs, struct strbuf *out)
{
	const struct kp_dims *d = &u->snap.dims;
	const char *label = report_metric_label(&d->metrics[g->metrics[c]]);
	int utf8 = MB_CUR_MAX > 1;
	if (textw_width(label) <= w[c]) {
		sb_puts(out, label);
		return;
	}
	struct strbuf mine, other;
	sb_init(&mine);
	sb_init(&other);
	textw_fit(&mine, label, w[c], TEXTW_LEFT, utf8);
	int clash = 0;
	for (int k = g->left; k < g->ncols && xs[k] >= 0 && !clash; k++) {
		const char *l2 = report_metric_label(&d->metrics[g->metrics[k]]);
		if (k == c || strcmp(l2, label) == 0)
			continue;
		sb_reset(&other);
		textw_fit(&other, l2, w[c], TEXTW_LEFT, utf8);
		clash = strcmp(other.buf, mine.buf) == 0;
	}
	if (clash)
		textw_fit_tail(out, label, w[c], utf8);
	else
		sb_puts(out, mine.buf);
	sb_free(&mine);
	sb_free(&other);
}

void grid_draw(struct ui *u, struct grid *g, int top, int rows)
{
	char buf[256];
	draw_text(top, 0, COLS, grid_title(u, g, buf, sizeof buf), 0, u->attr[C_TITLE]);
	if (g->nrows == 0) {
		draw_text(top + 2, 2, COLS - 2,
			  _("No team with active managers: add them with kpitop team/manager add."),
			  0, u->attr[C_DIM]);
		return;
	}
	int name_w, *w = xcalloc(4 * (size_t)g->ncols + 1, sizeof *w), *xs = w + g->ncols;
	int *vw_of = xs + g->ncols; /* each column's widest value, grouped */
	grid_layout(u, g, &name_w, w, xs, vw_of, xs + 2 * g->ncols);
	/* Column titles. */
	draw_text(top + 1, 0, name_w,
		  /* TRANSLATORS: the Plans grid's first column: whose plan
		   * (the team, then its managers). */
		  g->plans ? C_("grid column", "Plan for") : C_("grid column", "Manager"), 0,
		  u->attr[C_TITLE]);
	int last = g->left - 1;
	for (int c = g->left; c < g->ncols && xs[c] >= 0; c++) {
		struct strbuf t;
		sb_init(&t);
		column_title(u, g, c, w, xs, &t);
		draw_text(top + 1, xs[c], w[c], t.buf, 1,
			  c == g->col ? u->attr[C_TITLE] | A_UNDERLINE : u->attr[C_TITLE]);
		sb_free(&t);
		last = c;
	}
	/* Columns scrolled off: a mark in the gap on that side. */
	if (g->left > 0)
		draw_text(top + 1, name_w, 1, u->utf8 ? "◂" : "<", 0, u->attr[C_DIM]);
	if (last + 1 < g->ncols && last >= 0 && xs[last] + w[last] < COLS)
		draw_text(top + 1, xs[last] + w[last], 1, u->utf8 ? "▸" : ">", 0, u->attr[C_DIM]);
	int body = rows - 3;
	if (g->row < g->top)
		g->top = g->row;
	if (g->row >= g->top + body)
		g->top = g->row - body + 1;
	for (int i = 0; i < body && g->top + i < g->nrows; i++) {
		int r = g->top + i, y = top + 2 + i;
		attr_t rowattr = g->plans && r == 0 ? A_BOLD : u->attr[C_NORMAL];
		draw_name(y, 0, name_w, g->names[r], r == g->row ? rowattr | A_BOLD : rowattr);
		for (int c = g->left; c < g->ncols && xs[c] >= 0; c++) {
			int cur = r == g->row && c == g->col;
			if (cur && g->editing) {
				struct strbuf t;
				sb_init(&t);
				editing_text(u, g, w[c], &t);
				draw_text(y, xs[c], w[c], t.buf, 1, u->attr[C_HELP] | A_REVERSE);
				sb_free(&t);
				continue;
			}
			cell_text(u, g, r, c, w[c], w[c] >= vw_of[c], buf, sizeof buf);
			size_t i2 = (size_t)r * (size_t)g->ncols + (size_t)c;
			attr_t a = cur ? u->attr[C_SELECTED] : g->has[i2] ? u->attr[C_NORMAL] : u->attr[C_DIM];
			draw_text(y, xs[c], w[c], buf, 1, a);
		}
	}
	free(w);
}

/* ---- editing ---- */

static const struct kp_metric *cur_metric(const struct ui *u, const struct grid *g)
{
	return &u->snap.dims.metrics[g->metrics[g->col]];
}

static int save_value(struct ui *u, struct grid *g, int clear, int64_t value)
{
	struct kp_err e;
	int changed = 0, rc;
	const struct kp_metric *m = cur_metric(u, g);
	int64_t id = g->ids[g->row] < 0 ? -g->ids[g->row] : g->ids[g->row];
	/* A deleted file would take the value and lose it on quit. */
	if (!ui_file_ok(u))
		return RELOAD | REDRAW;
	if (store_begin(u->s, kp_username(), g->plans ? "plans grid" : "day sheet", &e)) {
		/* Keys typed while it waited were meant for the next cells:
		 * added to this one they would make another number. */
		flushinp();
		ui_message(u, 1, _("not saved: %s"), e.msg);
		return REDRAW;
	}
	if (g->plans) {
		int64_t team = g->row == 0 ? id : 0, mgr = g->row == 0 ? 0 : id;
		rc = clear ? store_plan_clear(u->s, g->year, g->month, team, mgr, m->id, &changed, &e)
			   : store_plan_set(u->s, g->year, g->month, team, mgr, m->id, value,
					    &changed, &e);
	} else {
		rc = clear ? store_entry_clear(u->s, g->day, id, g->channel_id, m->id, &changed, &e)
			   : store_entry_set(u->s, g->day, id, g->channel_id, m->id, value, &changed,
					     &e);
	}
	if (rc) {
		store_rollback(u->s);
		ui_message(u, 1, _("not saved: %s"), e.msg);
		return REDRAW;
	}
	if (store_commit(u->s, &e)) {
		ui_message(u, 1, _("not saved: %s"), e.msg);
		return REDRAW;
	}
	g->editing = 0;
	g->confirm = 0;
	/* TRANSLATORS: after Enter in a grid; %s is the metric ("saved Calls"). */
	if (!changed)
		ui_message(u, 0, _("unchanged %s"), report_metric_label(m));
	else if (clear)
		ui_message(u, 0, _("cleared %s"), report_metric_label(m));
	else
		ui_message(u, 0, _("saved %s"), report_metric_label(m));
	return RELOAD | REDRAW;
}

static void cursor_move(const struct ui *u, struct grid *g, int dr, int dc)
{
	if (g->nrows == 0 || g->ncols == 0)
		return;
	g->row += dr;
	g->col += dc;
	/* Enter at the bottom goes on at the top of the next column; Tab at
	 * the right end at the start of the next row. */
	if (g->row >= g->nrows) {
		g->row = 0;
		g->col = g->col + 1 < g->ncols ? g->col + 1 : 0;
	}
	if (g->col >= g->ncols) {
		g->col = 0;
		g->row = g->row + 1 < g->nrows ? g->row + 1 : 0;
	}
	if (g->row < 0)
		g->row = 0;
	if (g->col < 0)
		g->col = 0;
	remember_cursor(u, g);
}

/* Finish the cell being typed; 0 when saved (or nothing typed). */
static int commit_edit(struct ui *u, struct grid *g, int *flags)
{
	const struct kp_metric *m = cur_metric(u, g);
	const char *why;
	int64_t v;
	if (g->ed.len == 0) {
		g->editing = 0;
		return 0;
	}
	if (editor_value(&g->ed, &v, &why)) {
		ui_message(u, 1, "%s: %s", report_metric_label(m), _(why));
		*flags = REDRAW;
		return -1;
	}
	const struct kp_config *c = &u->app->cfg;
	/* Daily values only: monthly plans are far larger by nature. */
	if (!g->plans && !g->confirm && editor_over_limit(m->kind, v, c->max_count, c->max_money)) {
		char limit[64];
		int64_t lim = m->kind == METRIC_MONEY ? c->max_money : c->max_count;
		if (m->kind == METRIC_MONEY)
			num_format_grouped((double)lim / 100.0, lim % 100 ? 2 : 0, u->style.sep,
					   u->style.dec, limit, sizeof limit);
		else
			num_format_grouped((double)lim, 0, u->style.sep, u->style.dec, limit,
					   sizeof limit);
		g->confirm = 1;
		g->confirm_value = v;
		/* TRANSLATORS: the value typed, the metric, the configured limit. */
		ui_message(u, 1, _("%s %s is over the limit of %s: Enter again saves it, Esc edits"),
			   g->ed.buf, report_metric_label(m), limit);
		*flags = REDRAW;
		return -1;
	}
	*flags = save_value(u, g, 0, v);
	return g->editing ? -1 : 0;
}

/* The previous working day's value (day sheet) or last month's plan. */
static int copy_previous(struct ui *u, struct grid *g)
{
	const struct kp_metric *m = cur_metric(u, g);
	int64_t id = g->ids[g->row] < 0 ? -g->ids[g->row] : g->ids[g->row], v = 0;
	int found = 0;
	struct kp_err e;
	int rc;
	if (g->plans) {
		int y = g->month == 1 ? g->year - 1 : g->year, mo = g->month == 1 ? 12 : g->month - 1;
		rc = store_plan_get(u->s, y, mo, g->row == 0 ? id : 0, g->row == 0 ? 0 : id, m->id, &v,
				    &found, &e);
	} else {
		kp_date prev = g->day - 1;
		for (int i = 0; i < 14 && !cal_is_workday(&u->set.cal, prev); i++)
			prev--;
		rc = store_entry_get(u->s, prev, id, g->channel_id, m->id, &v, &found, &e);
	}
	if (rc) {
		ui_message(u, 1, "%s", e.msg);
		return REDRAW;
	}
	if (!found) {
		if (g->plans)
			ui_message(u, 0, _("nothing to copy: no %s plan last month"),
				   report_metric_label(m));
		else
			ui_message(u, 0, _("nothing to copy: no %s on the previous working day"),
				   report_metric_label(m));
		return REDRAW;
	}
	int flags = save_value(u, g, 0, v);
	if (flags & RELOAD)
		cursor_move(u, g, 1, 0);
	return flags;
}

static int edit_key(struct ui *u, struct grid *g, wint_t ch, int is_fn)
{
	int flags = REDRAW;
	const char *why;
	if (g->confirm) {
		if (!is_fn && (ch == '\n' || ch == '\r')) {
			int f = save_value(u, g, 0, g->confirm_value);
			if (f & RELOAD)
				cursor_move(u, g, 1, 0);
			return f;
		}
		g->confirm = 0;
		ui_message(u, 0, "%s", _("not saved; go on editing"));
		if (!is_fn && ch == 27)
			return REDRAW;
	}
	if (!is_fn && ch == 27) {
		g->editing = 0;
		ui_message(u, 0, "%s", _("cancelled"));
		return REDRAW;
	}
	if ((is_fn && ch == KEY_BACKSPACE) || (!is_fn && (ch == 127 || ch == 8))) {
		editor_backspace(&g->ed);
		return REDRAW;
	}
	int dr = 0, dc = 0;
	if (!is_fn && (ch == '\n' || ch == '\r'))
		dr = 1;
	else if (!is_fn && ch == '\t')
		dc = 1;
	else if (is_fn && ch == KEY_ENTER)
		dr = 1;
	else if (is_fn && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_LEFT || ch == KEY_RIGHT ||
			   ch == KEY_BTAB)) {
		dr = ch == KEY_UP ? -1 : ch == KEY_DOWN ? 1 : 0;
		dc = ch == KEY_LEFT || ch == KEY_BTAB ? -1 : ch == KEY_RIGHT ? 1 : 0;
	} else if (is_fn) {
		ui_message(u, 1, "%s", _("finish the cell first: Enter saves, Esc cancels"));
		return REDRAW;
	} else {
		/* A refusal stays on the message line while typing goes on. */
		if (editor_put(&g->ed, (uint32_t)ch, &why))
			ui_message(u, 1, "%s: %s", report_metric_label(cur_metric(u, g)), _(why));
		return REDRAW;
	}
	if (commit_edit(u, g, &flags) == 0)
		cursor_move(u, g, dr, dc);
	return flags;
}

int grid_key(struct ui *u, struct grid *g, wint_t ch, int is_fn)
{
	if (g->editing)
		return edit_key(u, g, ch, is_fn);
	int have = g->nrows > 0 && g->ncols > 0;
	if (!is_fn && ch >= '0' && ch <= '9') {
		if (!have)
			return REDRAW;
		if (store_readonly(u->s)) {
			ui_say_readonly(u);
			return REDRAW;
		}
		const char *why;
		editor_start(&g->ed, cur_metric(u, g)->kind);
		editor_put(&g->ed, (uint32_t)ch, &why);
		g->editing = 1;
		g->edit_cell = cell_identity(u, g);
		g->confirm = 0;
		u->msg[0] = '\0';
		return REDRAW;
	}
	u->msg[0] = '\0';
	if (!is_fn) {
		switch (ch) {
		case '-':
			ui_message(u, 1, "%s", _("negative values are not allowed"));
			return REDRAW;
		case '\n':
		case '\r':
		case 'j':
			cursor_move(u, g, 1, 0);
			return REDRAW;
		case 'k':
			cursor_move(u, g, -1, 0);
			return REDRAW;
		case '\t':
		case 'l':
			cursor_move(u, g, 0, 1);
			return REDRAW;
		case 'h':
			cursor_move(u, g, 0, -1);
			return REDRAW;
		case '[':
		case ']':
			if (g->plans) {
				g->month += ch == ']' ? 1 : -1;
				if (g->month > 12)
					g->month = 1, g->year++;
				if (g->month < 1)
					g->month = 12, g->year--;
			} else {
				g->day += ch == ']' ? 1 : -1;
			}
			return RELOAD | REDRAW;
		case 't':
		case '.': {
			int d;
			g->day = kp_today();
			date_to_ymd(g->day, &g->year, &g->month, &d);
			return RELOAD | REDRAW;
		}
		case '{':
		case '}':
		case '(':
		case ')': {
			/* Next or previous active team / channel. */
			const struct kp_dims *d = &u->snap.dims;
			int team = ch == '{' || ch == '}', step = ch == '}' || ch == ')' ? 1 : -1;
			int n = team ? (int)d->nteams : (int)d->nchannels;
			int cur = team ? dims_team_index(d, g->team_id) : dims_channel_index(d, g->channel_id);
			if (!team && g->plans)
				return REDRAW;
			for (int k = 1; k <= n; k++) {
				int i = ((cur < 0 ? 0 : cur) + step * k + n * 2) % n;
				if (team && !d->teams[i].archived) {
					g->team_id = d->teams[i].id;
					break;
				}
				if (!team && !d->channels[i].archived) {
					g->channel_id = d->channels[i].id;
					break;
				}
			}
			return RELOAD | REDRAW;
		}
		case 'y':
			return have ? copy_previous(u, g) : REDRAW;
		case 'x':
			if (!have)
				return REDRAW;
			if (store_readonly(u->s)) {
				ui_say_readonly(u);
				return REDRAW;
			}
			return save_value(u, g, 1, 0);
		}
		if (ch > ' ' && ch < 127 && !strchr("qu?/rn", (int)ch)) {
			ui_message(u, 1,
				   _("'%c' is not a number: type digits to enter a value (? for keys)"),
				   (int)ch);
			return REDRAW;
		}
		return -1;
	}
	switch (ch) {
	case KEY_UP:
		cursor_move(u, g, -1, 0);
		return REDRAW;
	case KEY_DOWN:
	case KEY_ENTER:
		cursor_move(u, g, 1, 0);
		return REDRAW;
	case KEY_LEFT:
	case KEY_BTAB:
		cursor_move(u, g, 0, -1);
		return REDRAW;
	case KEY_RIGHT:
		cursor_move(u, g, 0, 1);
		return REDRAW;
	case KEY_HOME:
		g->row = 0;
		remember_cursor(u, g);
		return REDRAW;
	case KEY_END:
		g->row = g->nrows > 0 ? g->nrows - 1 : 0;
		remember_cursor(u, g);
		return REDRAW;
	case KEY_DC:
		return have ? save_value(u, g, 1, 0) : REDRAW;
	}
	return -1;
}
