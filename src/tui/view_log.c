/* view_log.c - the audit trail: who changed what, when, old -> new. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpitop/numfmt.h"
#include "kpitop/textw.h"
#include "ui.h"

#define LOG_ROWS 500

int log_load(struct ui *u, struct kp_err *e)
{
	struct kp_audit *a;
	size_t n;
	if (store_log(u->s, LOG_ROWS, &a, &n, e))
		return -1;
	audit_free(u->log, u->nlog);
	u->log = a;
	u->nlog = n;
	return 0;
}

static void value_text(const struct ui *u, const struct kp_audit *a, int has, int64_t v,
		       char *buf, size_t n)
{
	if (!has)
		/* TRANSLATORS: the Log: a cell with no value before or after. */
		snprintf(buf, n, "%s", C_("log value", "(none)"));
	else if (a->mkind == METRIC_MONEY)
		num_format_grouped((double)v / 100.0, 2, u->style.sep, u->style.dec, buf, n);
	else
		num_format_grouped((double)v, 0, u->style.sep, u->style.dec, buf, n);
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
		textw_sanitize(sb, what + 7);
	} else
		textw_sanitize(sb, what);
}

/* The stored scope ("2026-11-20 Anna / phone", "2026-11 team Sales",
 * "2026-11 Anna"): its date in the user's order and words translated. */
static void scope_text(const struct ui *u, struct strbuf *sb, const char *scope)
{
	kp_date d;
	int y, m;
	char buf[DATE_TEXT_MAX], head[16];
	const char *rest = scope;
	size_t n = strcspn(scope, " ");
	if (n < sizeof head) {
		memcpy(head, scope, n);
		head[n] = '\0';
		if (date_parse(head, &d) == 0) {
			report_date(&u->style, d, buf);
			sb_puts(sb, buf);
			rest = scope + n;
		} else if (month_parse(head, &y, &m) == 0) {
			report_month(&u->style, y, m, buf, sizeof buf);
			sb_puts(sb, buf);
			rest = scope + n;
		}
	}
	if (strncmp(rest, " team ", 6) == 0) {
		sb_printf(sb, " %s ", C_("grid title", "team"));
		textw_sanitize(sb, rest + 6);
		return;
	}
	const char *slash = strrchr(rest, '/');
	if (slash && slash > rest && slash[-1] == ' ' && slash[1] == ' ') {
		struct strbuf who;
		sb_init(&who);
		sb_add(&who, rest, (size_t)(slash - rest));
		textw_sanitize(sb, who.buf);
		sb_free(&who);
		sb_puts(sb, "/ ");
		textw_sanitize(sb, report_channel_name(slash + 2));
		return;
	}
	textw_sanitize(sb, rest);
}

/* A metric by its key, as labelled now (the key when it is gone). */
static const char *metric_text(const struct ui *u, const char *key)
{
	const struct kp_metric *m = dims_metric_by_key(&u->snap.dims, key);
	return m ? report_metric_label(m) : key;
}

/* "YYYY-MM-DD HH:MM:SS" (UTC, as stored) with the date in the user's order. */
static void at_text(const struct ui *u, struct strbuf *sb, const char *at)
{
	char head[11], buf[DATE_TEXT_MAX];
	kp_date d;
	size_t n = strnlen(at, 10);
	memcpy(head, at, n);
	head[n] = '\0';
	if (n == 10 && date_parse(head, &d) == 0) {
		report_date(&u->style, d, buf);
		sb_puts(sb, buf);
		sb_puts(sb, at + 10);
	} else {
		textw_sanitize(sb, at);
	}
}

/* One change as the Log shows it: when, who, #, what, where, metric,
 * old -> new. */
static void log_line(const struct ui *u, const struct kp_audit *a, struct strbuf *sb)
{
	char old[64], new_value[64];
	value_text(u, a, a->has_old, a->old_value, old, sizeof old);
	value_text(u, a, a->has_new, a->new_value, new_value, sizeof new_value);
	at_text(u, sb, a->at);
	sb_puts(sb, "  ");
	textw_sanitize(sb, a->user);
	sb_printf(sb, "  #%lld ", (long long)a->change_id);
	what_text(sb, a->what);
	sb_puts(sb, "  ");
	scope_text(u, sb, a->scope);
	sb_puts(sb, " ");
	textw_sanitize(sb, metric_text(u, a->metric));
	sb_printf(sb, "  %s %s %s", old, u->utf8 ? "→" : "->", new_value);
	if (a->undone_by)
		/* TRANSLATORS: the Log: this change was undone later. */
		sb_printf(sb, "  %s", _("(undone)"));
}

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
	int body = rows - 1;
	if (u->log_top > (int)u->nlog - body)
		u->log_top = (int)u->nlog - body;
	if (u->log_top < 0)
		u->log_top = 0;
	for (int i = 0; i < body && u->log_top + i < (int)u->nlog; i++) {
		const struct kp_audit *a = &u->log[u->log_top + i];
		struct strbuf sb;
		sb_init(&sb);
		log_line(u, a, &sb);
		draw_text(top + 1 + i, 0, COLS, sb.buf, 0,
			  a->id == u->log_found ? u->attr[C_SELECTED]
			  : a->undone_by	? u->attr[C_DIM]
						: u->attr[C_NORMAL]);
		sb_free(&sb);
	}
}

/* Who, what, where and which metric, as shown or as stored. */
static int log_matches(const struct ui *u, const struct kp_audit *a, const char *needle)
{
	struct strbuf sb;
	sb_init(&sb);
	log_line(u, a, &sb);
	int found = ui_contains(sb.buf, needle) || ui_contains(a->what, needle) ||
		    ui_contains(a->scope, needle) || ui_contains(a->metric, needle);
	sb_free(&sb);
	return found;
}

int log_find(struct ui *u, const char *needle, int from_next)
{
	int n = (int)u->nlog;
	if (!*needle || n == 0)
		return 0;
	int from = u->log_top < n ? u->log_top : n - 1;
	for (int k = 0; k < n; k++) {
		int i = (from + k + (from_next ? 1 : 0)) % n;
		if (log_matches(u, &u->log[i], needle)) {
			u->log_top = i;
			u->log_found = u->log[i].id;
			return 1;
		}
	}
	return 0;
}

int log_key(struct ui *u, enum action a)
{
	int page = LINES - 4 > 1 ? LINES - 4 : 1;
	switch (a) {
	case A_UP:
		u->log_top--;
		break;
	case A_DOWN:
		u->log_top++;
		break;
	case A_PAGE_UP:
		u->log_top -= page;
		break;
	case A_PAGE_DOWN:
		u->log_top += page;
		break;
	case A_HOME:
		u->log_top = 0;
		break;
	case A_END:
		u->log_top = (int)u->nlog;
		break;
	default:
		return DONE;
	}
	if (u->log_top < 0)
		u->log_top = 0;
	return REDRAW;
}
