/* view_card.c - the detail card of the selected team, manager or channel:
 * every KPI, the funnel, the trend, what it takes to reach the plan, the
 * change against the previous period and the bonus (SPEC section 4). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpitop/i18n.h"
#include "kpitop/numfmt.h"
#include "kpitop/textw.h"
#include "ui.h"
#include "widgets.h"

static const char *row_kind_name(const struct kpi_row *r)
{
	switch (r->kind) {
	case KPI_ROW_TEAM: return "team";
	case KPI_ROW_MANAGER: return "manager";
	case KPI_ROW_CHANNEL: return "channel";
	default: return "whole company";
	}
}

static void fmt_metric(const struct ui *u, const struct kp_metric *m, double v, char *buf,
		       size_t n)
{
	if (m->kind == METRIC_MONEY)
		fmt_money(u, v, buf, n);
	else
		fmt_count(u, v, kpi_absent(v) || v == (double)(long long)v ? 0 : 1, buf, n);
}

static void fmt_change(const struct ui *u, double v, char *buf, size_t n)
{
	if (kpi_absent(v)) {
		snprintf(buf, n, "%s", u->utf8 ? "—" : "-");
		return;
	}
	char tmp[32];
	fmt_pct(u, v, tmp, sizeof tmp);
	snprintf(buf, n, "%s%s", v > 0 ? "+" : "", tmp);
}

/* "7 more deals ≈ 25 leads ≈ 290 calls; per day: 1.2 deals, 4.1 leads, 48 calls" */
static void decomposition(const struct ui *u, const struct kpi_view *v, const struct kpi_row *r,
			  char *buf, size_t n)
{
	const char *approx = u->utf8 ? "≈" : "~";
	if (v->m_revenue < 0 || kpi_absent(r->plan[v->m_revenue])) {
		snprintf(buf, n, "To plan: no revenue plan for this %s", row_kind_name(r));
		return;
	}
	if ((double)r->actual[v->m_revenue] >= r->plan[v->m_revenue]) {
		snprintf(buf, n, "To plan: the revenue plan is reached");
		return;
	}
	const struct kpi_decomp *d = &r->decomp;
	char a[32], b[32], c[32], pa[32], pb[32], pc[32];
	fmt_count(u, d->deals, 0, a, sizeof a);
	fmt_count(u, d->leads, 0, b, sizeof b);
	fmt_count(u, d->calls, 0, c, sizeof c);
	fmt_count(u, d->deals_per_day, 1, pa, sizeof pa);
	fmt_count(u, d->leads_per_day, 1, pb, sizeof pb);
	fmt_count(u, d->calls_per_day, 0, pc, sizeof pc);
	snprintf(buf, n, "To plan: %s more deals %s %s leads %s %s calls; per day: %s deals, %s leads, %s calls",
		 a, approx, b, approx, c, pa, pb, pc);
}

/* A team's head (SPEC 3): "Head: Anna — KPI 96.3% (team 98.2% × 0.85 +
 * personal 85.4% × 0.15)", each completion that of revenue. */
static void head_line(const struct ui *u, const struct kpi_view *v, const struct kpi_row *r,
		      int y)
{
	double w = u->set.team_weight;
	char kpi[32], team[32], personal[32], tw[32], pw[32];
	fmt_pct(u, r->head_kpi, kpi, sizeof kpi);
	fmt_pct(u, v->m_revenue < 0 ? KPI_ABSENT : r->completion[v->m_revenue], team, sizeof team);
	fmt_pct(u, r->head_personal, personal, sizeof personal);
	/* Like the percentages beside them (fmt_pct), not the locale's money. */
	num_format_fixed(w, 2, tw, sizeof tw);
	num_format_fixed(1.0 - w, 2, pw, sizeof pw);
	const char *dash = u->utf8 ? "—" : "-", *times = u->utf8 ? "×" : "x";
	struct strbuf sb, name;
	sb_init(&sb);
	sb_init(&name);
	textw_sanitize(&name, r->head->name);
	/* TRANSLATORS: the head of a team on its card: name, a dash, the head's
	 * KPI, then team completion x team weight + personal completion x the
	 * rest; the dash and the x sign come as %s (ASCII on plain terminals). */
	sb_printf(&sb, _("Head: %s %s KPI %s (team %s %s %s + personal %s %s %s)"), name.buf,
		  dash, kpi, team, times, tw, personal, times, pw);
	draw_text(y, 0, COLS, sb.buf, 0, u->attr[C_NORMAL]);
	sb_free(&name);
	sb_free(&sb);
}

void card_draw(struct ui *u, int top, int rows)
{
	const struct kpi_view *v = &u->views[u->view];
	const struct kpi_row *r = table_selected(u);
	char buf[512], period[32], asof[16];
	if (!r || rows < 3)
		return;
	int y = top, end = top + rows;

	struct strbuf sb;
	sb_init(&sb);
	textw_sanitize(&sb, r->name);
	period_label(v->period, period, sizeof period);
	date_format(v->asof, asof);
	const char *dot = u->utf8 ? "·" : "|";
	sb_printf(&sb, " %s %s %s %s %s %s as of %s", u->utf8 ? "—" : "-", row_kind_name(r), dot,
		  period_kind_name(v->period.kind), period, dot, asof);
	draw_text(y++, 0, COLS, sb.buf, 0, u->attr[C_TITLE]);
	sb_free(&sb);

	/* Metric table. */
	static const char *const heads[] = {"Metric", "Actual", "Plan", "Done", "Forecast",
					    "Need/day", "vs prev"};
	static const int widths[] = {12, 12, 12, 7, 12, 11, 8};
	int x = 0;
	for (int i = 0; i < 7 && x < COLS; i++) {
		draw_text(y, x, widths[i], heads[i], i > 0, u->attr[C_TITLE]);
		x += widths[i] + 1;
	}
	y++;
	for (size_t m = 0; m < v->nmetrics && y < end - 4; m++) {
		const struct kp_metric *km = &v->dims->metrics[m];
		if (km->archived)
			continue;
		double vals[6] = {(double)r->actual[m], r->plan[m], r->completion[m],
				  r->forecast[m], r->required[m], r->change[m]};
		x = 0;
		draw_text(y, x, widths[0], km->label, 0, u->attr[C_NORMAL]);
		x += widths[0] + 1;
		for (int i = 0; i < 6 && x < COLS; i++) {
			if (i == 2)
				fmt_pct(u, vals[i], buf, sizeof buf);
			else if (i == 5)
				fmt_change(u, vals[i], buf, sizeof buf);
			else
				fmt_metric(u, km, vals[i], buf, sizeof buf);
			draw_text(y, x, widths[i + 1], buf, 1, u->attr[C_NORMAL]);
			x += widths[i + 1] + 1;
		}
		y++;
	}

	/* The revenue completion bar with the pace marker. */
	if (v->m_revenue >= 0 && y < end) {
		const struct kp_config *cfg = &u->app->cfg;
		char pct[32], pace[32], bar[WIDGET_BUFSIZE(120)];
		struct bar_info info;
		int bw = COLS - 34;
		if (bw > 120)
			bw = 120;
		double done = r->completion[v->m_revenue];
		fmt_pct(u, done, pct, sizeof pct);
		fmt_pct(u, v->expected, pace, sizeof pace);
		snprintf(buf, sizeof buf, "Revenue %s, pace %s", pct, pace);
		draw_text(y, 0, 32, buf, 0, u->attr[C_NORMAL]);
		if (bw > 4) {
			bar_render(bar, sizeof bar, bw, done, v->expected, u->ascii, &info);
			enum bar_level lv = bar_level(done, v->expected, cfg->red_below,
						      cfg->yellow_below);
			attr_set(lv == BAR_RED	   ? u->attr[C_BAR_BAD]
				 : lv == BAR_YELLOW ? u->attr[C_BAR_WARN]
				 : lv == BAR_GREEN  ? u->attr[C_BAR_OK]
						    : u->attr[C_DIM],
				 0, NULL);
			mvaddstr(y, 33, bar);
			if (info.marker >= 0) {
				attr_set(u->attr[C_MARKER], 0, NULL);
				mvaddstr(y, 33 + info.marker, u->ascii ? "|" : "│");
			}
			attr_set(A_NORMAL, 0, NULL);
		}
		y++;
	}
	if (y < end) {
		decomposition(u, v, r, buf, sizeof buf);
		draw_text(y++, 0, COLS, buf, 0, u->attr[C_HELP]);
	}
	if (y < end) {
		char cpd[32], win[32], miss[32];
		fmt_count(u, r->calls_per_deal, 1, cpd, sizeof cpd);
		fmt_pct(u, r->win_rate, win, sizeof win);
		fmt_pct(u, r->missed_share, miss, sizeof miss);
		snprintf(buf, sizeof buf, "Calls per deal %s %s win rate %s %s missed calls %s", cpd,
			 dot, win, dot, miss);
		draw_text(y++, 0, COLS, buf, 0, u->attr[C_NORMAL]);
	}
	if (y < end && r->kind == KPI_ROW_TEAM && r->head)
		head_line(u, v, r, y++);
	if (y < end && r->kind == KPI_ROW_MANAGER) {
		char pct[32], amount[64];
		fmt_pct(u, r->bonus_pct, pct, sizeof pct);
		if (u->app->cfg.bonus_base > 0) {
			fmt_money(u, r->bonus_amount, amount, sizeof amount);
			snprintf(buf, sizeof buf, "Bonus %s of base: %s", pct, amount);
		} else {
			snprintf(buf, sizeof buf, "Bonus %s (set [bonus] base for the amount)", pct);
		}
		draw_text(y++, 0, COLS, buf, 0, u->attr[C_NORMAL]);
	}
	if (y + 2 < end)
		panel_draw(u, v, r, y + 1, 0, COLS < 90 ? COLS : 90, end - y - 1);
}
