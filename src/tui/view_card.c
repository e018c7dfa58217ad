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
	case KPI_ROW_TEAM: return C_("scope", "team");
	case KPI_ROW_MANAGER: return C_("scope", "manager");
	case KPI_ROW_CHANNEL: return C_("scope", "channel");
	default: return C_("scope", "whole company");
	}
}

static void fmt_metric(const struct ui *u, const struct kp_metric *m, double v, char *buf,
		       size_t n)
{
	if (m->kind == METRIC_MONEY)
		fmt_money(u, v, buf, n);
	else
		/* A decimal only where one shows: 906.00001 (a forecast's float
		 * remainder) is "906", not "906.0". */
		fmt_count(u, v, kpi_absent(v) || kpi_is_whole(v, 1) ? 0 : 1, buf, n);
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

/* A whole count for a plural form (huge values saturate). */
static unsigned long plural_n(double v)
{
	return v >= 0 && v < 1e15 ? (unsigned long)(v + 0.5) : 1000000;
}

/* "To plan: 7 more deals ≈ 25 leads ≈ 290 calls; per day: 1.2 deals,
 * 4.1 leads, 48 calls" (SPEC 4, plan decomposition). */
static void decomposition(const struct ui *u, const struct kpi_view *v, const struct kpi_row *r,
			  struct strbuf *sb)
{
	const char *approx = u->utf8 ? " ≈ " : " ~ ";
	if (v->m_revenue < 0 || kpi_absent(r->plan[v->m_revenue])) {
		switch (r->kind) {
		case KPI_ROW_TEAM:
			sb_puts(sb, _("To plan: no revenue plan for this team"));
			break;
		case KPI_ROW_MANAGER:
			sb_puts(sb, _("To plan: no revenue plan for this manager"));
			break;
		case KPI_ROW_CHANNEL:
			sb_puts(sb, _("To plan: no revenue plan for this channel"));
			break;
		default:
			sb_puts(sb, _("To plan: no revenue plan for the company"));
		}
		return;
	}
	if ((double)r->actual[v->m_revenue] >= r->plan[v->m_revenue]) {
		sb_puts(sb, _("To plan: the revenue plan is reached"));
		return;
	}
	const struct kpi_decomp *d = &r->decomp;
	char a[32], b[32], c[32], pa[32], pb[32], pc[32];
	fmt_count(u, d->deals, 0, a, sizeof a);
	fmt_count(u, d->leads, 0, b, sizeof b);
	fmt_count(u, d->calls, 0, c, sizeof c);
	/* Rounded up like the totals (SPEC 3): deals and leads to a tenth, so
	 * that 0.2 deals a day does not read as 1; calls to whole calls. */
	fmt_count(u, kpi_ceil_to(d->deals_per_day, 1), 1, pa, sizeof pa);
	fmt_count(u, kpi_ceil_to(d->leads_per_day, 1), 1, pb, sizeof pb);
	fmt_count(u, kpi_ceil_to(d->calls_per_day, 0), 0, pc, sizeof pc);
	/* TRANSLATORS: what it takes to reach the revenue plan: "To plan: 7
	 * more deals ≈ 25 leads ≈ 290 calls; per day: ...". */
	sb_puts(sb, _("To plan:"));
	sb_putc(sb, ' ');
	sb_printf(sb, P_("%s more deal", "%s more deals", plural_n(d->deals)), a);
	sb_puts(sb, approx);
	sb_printf(sb, P_("%s lead", "%s leads", plural_n(d->leads)), b);
	sb_puts(sb, approx);
	sb_printf(sb, P_("%s call", "%s calls", plural_n(d->calls)), c);
	/* TRANSLATORS: the same per remaining working day; the numbers may
	 * have decimals ("1.2 deals"). */
	sb_printf(sb, _("; per day: %s deals, %s leads, %s calls"), pa, pb, pc);
}

/* A team's head (SPEC 3): "Head: Anna — KPI 96.3% (team 98.2% × 0.85 +
 * personal 85.4% × 0.15)", each completion that of revenue. */
static int head_line(const struct ui *u, const struct kpi_view *v, const struct kpi_row *r,
		     int y, int max_lines)
{
	double w = u->set.team_weight;
	char kpi[32], team[32], personal[32], tw[32], pw[32];
	fmt_pct(u, r->head_kpi, kpi, sizeof kpi);
	fmt_pct(u, v->m_revenue < 0 ? KPI_ABSENT : r->completion[v->m_revenue], team, sizeof team);
	fmt_pct(u, r->head_personal, personal, sizeof personal);
	/* With the locale's decimal point, like the percentages beside them. */
	num_format_grouped(w, 2, "", u->style.dec, tw, sizeof tw);
	num_format_grouped(1.0 - w, 2, "", u->style.dec, pw, sizeof pw);
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
	int used = draw_wrapped(y, max_lines, sb.buf, 2, u->attr[C_NORMAL]);
	sb_free(&name);
	sb_free(&sb);
	return used;
}

void card_draw(struct ui *u, int top, int rows)
{
	const struct kpi_view *v = &u->views[u->view];
	const struct kpi_row *r = table_selected(u);
	char buf[512], period[128], asof[DATE_TEXT_MAX];
	if (!r || rows < 3)
		return;
	int y = top, end = top + rows;

	struct strbuf sb;
	sb_init(&sb);
	textw_sanitize(&sb, report_row_name(r));
	report_period(&u->style, v->period, period, sizeof period);
	report_date(&u->style, v->asof, asof);
	const char *dot = u->utf8 ? "·" : "|";
	sb_printf(&sb, " %s %s %s %s %s ", u->utf8 ? "—" : "-", row_kind_name(r), dot, period, dot);
	sb_printf(&sb, _("as of %s"), asof);
	sb_printf(&sb, " %s ", dot);
	/* TRANSLATORS: working days of the period after the as-of date. */
	sb_printf(&sb, P_("%d working day left", "%d working days left", v->pace.remaining),
		  v->pace.remaining);
	draw_text(y++, 0, COLS, sb.buf, 0, u->attr[C_TITLE]);
	sb_free(&sb);

	/* Metric table. */
	const char *heads[] = {
		C_("card column", "Metric"), C_("card column", "Actual"),
		C_("card column", "Plan"),
		/* TRANSLATORS: plan completion in %. */
		C_("card column", "Done"), C_("card column", "Forecast"),
		/* TRANSLATORS: still required per remaining working day. */
		C_("card column", "Need/day"),
		/* TRANSLATORS: change against the previous period, in %. */
		C_("card column", "vs prev"),
	};
	int widths[] = {12, 12, 12, 7, 12, 11, 8};
	/* A column is as wide as its (translated) title. */
	for (int i = 0; i < 7; i++)
		if (textw_width(heads[i]) > widths[i])
			widths[i] = textw_width(heads[i]);
	int x = 0;
	for (int i = 0; i < 7 && x < COLS; i++) {
		draw_text(y, x, widths[i], heads[i], i > 0, u->attr[C_TITLE]);
		x += widths[i] + 1;
	}
	y++;
	/* As many metric rows as fit above the four lines below them; when
	 * some do not, the last row says how many. */
	int active = 0;
	for (size_t m = 0; m < v->nmetrics; m++)
		active += !v->dims->metrics[m].archived;
	int room = end - 4 - y, shown = 0;
	int fit = active <= room ? active : room - 1;
	for (size_t m = 0; m < v->nmetrics && shown < fit; m++) {
		const struct kp_metric *km = &v->dims->metrics[m];
		if (km->archived)
			continue;
		shown++;
		double vals[6] = {(double)r->actual[m], r->plan[m], r->completion[m],
				  r->forecast[m], r->required[m], r->change[m]};
		x = 0;
		draw_text(y, x, widths[0], report_metric_label(km), 0, u->attr[C_NORMAL]);
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
	if (shown < active && y < end) {
		/* TRANSLATORS: the card's last metric row when the screen is too
		 * short for all of them. */
		snprintf(buf, sizeof buf,
			 P_("… %d more metric (a taller screen shows it)",
			    "… %d more metrics (a taller screen shows them)", active - shown),
			 active - shown);
		draw_text(y++, 0, COLS, buf, 0, u->attr[C_DIM]);
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
		/* TRANSLATORS: beside the completion bar: revenue plan done, and
		 * where it should be by now. */
		snprintf(buf, sizeof buf, _("Revenue %s, pace %s"), pct, pace);
		draw_text(y, 0, 32, buf, 0, u->attr[C_NORMAL]);
		if (bw > 4) {
			bar_render(bar, sizeof bar, bw, done, v->expected, u->ascii, &info);
			enum bar_level lv = bar_level(done, v->expected, cfg->red_below,
						      cfg->yellow_below);
			ui_attr_set(lv == BAR_RED      ? u->attr[C_BAR_BAD]
				    : lv == BAR_YELLOW ? u->attr[C_BAR_WARN]
				    : lv == BAR_GREEN  ? u->attr[C_BAR_OK]
						       : u->attr[C_DIM]);
			mvaddstr(y, 33, bar);
			if (info.marker >= 0) {
				ui_attr_set(u->attr[C_MARKER]);
				mvaddstr(y, 33 + info.marker, u->ascii ? "|" : "│");
			}
			ui_attr_set(A_NORMAL);
		}
		y++;
	}
	if (y < end) {
		struct strbuf d;
		sb_init(&d);
		decomposition(u, v, r, &d);
		/* What it takes per remaining day is the point of the line: on
		 * a narrow screen it goes on below rather than being cut. */
		y += draw_wrapped(y, end - y < 2 ? end - y : 2, d.buf, 2, u->attr[C_HELP]);
		sb_free(&d);
	}
	if (y < end) {
		char cpd[32], win[32], miss[32];
		fmt_count(u, r->calls_per_deal, 1, cpd, sizeof cpd);
		fmt_pct(u, r->win_rate, win, sizeof win);
		fmt_pct(u, r->missed_share, miss, sizeof miss);
		struct strbuf k;
		sb_init(&k);
		sb_printf(&k, _("Calls per deal %s"), cpd);
		sb_printf(&k, " %s ", dot);
		sb_printf(&k, _("win rate %s"), win);
		sb_printf(&k, " %s ", dot);
		sb_printf(&k, _("missed calls %s"), miss);
		draw_text(y++, 0, COLS, k.buf, 0, u->attr[C_NORMAL]);
		sb_free(&k);
	}
	if (y < end && r->kind == KPI_ROW_TEAM && r->head)
		y += head_line(u, v, r, y, end - y < 2 ? end - y : 2);
	if (y < end && r->kind == KPI_ROW_MANAGER) {
		char pct[32], amount[64];
		fmt_pct(u, r->bonus_pct, pct, sizeof pct);
		if (u->app->cfg.bonus_base > 0) {
			fmt_money(u, r->bonus_amount, amount, sizeof amount);
			snprintf(buf, sizeof buf, _("Bonus %s of base: %s"), pct, amount);
		} else {
			snprintf(buf, sizeof buf, _("Bonus %s (set [bonus] base for the amount)"), pct);
		}
		draw_text(y++, 0, COLS, buf, 0, u->attr[C_NORMAL]);
	}
	/* The funnel panel: its title, a line per stage, conversion and the
	 * sparkline; a blank line before it when they all still fit. */
	int panel_h = (int)v->nfunnel + 3;
	if (end - y - 1 >= panel_h)
		y++;
	if (y + 1 < end)
		panel_draw(u, v, r, y, 0, COLS < 90 ? COLS : 90, end - y);
}
