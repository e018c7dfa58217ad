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

static void value_text(const struct kp_audit *a, int has, int64_t v, char *buf, size_t n)
{
	if (!has)
		snprintf(buf, n, "(none)");
	else
		num_format_plain(a->mkind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT, v, buf, n);
}

void log_draw(struct ui *u, int top, int rows)
{
	char old[48], new_value[48];
	draw_text(top, 0, COLS, "Log: newest first (u undoes your last change)", 0,
		  u->attr[C_TITLE]);
	if (u->nlog == 0) {
		draw_text(top + 2, 2, COLS - 2, "No changes yet.", 0, u->attr[C_DIM]);
		return;
	}
	int body = rows - 1;
	if (u->log_top > (int)u->nlog - body)
		u->log_top = (int)u->nlog - body;
	if (u->log_top < 0)
		u->log_top = 0;
	for (int i = 0; i < body && u->log_top + i < (int)u->nlog; i++) {
		const struct kp_audit *a = &u->log[u->log_top + i];
		value_text(a, a->has_old, a->old_value, old, sizeof old);
		value_text(a, a->has_new, a->new_value, new_value, sizeof new_value);
		struct strbuf sb;
		sb_init(&sb);
		sb_printf(&sb, "%s  ", a->at);
		textw_sanitize(&sb, a->user);
		sb_printf(&sb, "  #%lld %s  ", (long long)a->change_id, a->what);
		textw_sanitize(&sb, a->scope);
		sb_printf(&sb, " %s  %s %s %s%s", a->metric, old, u->utf8 ? "→" : "->", new_value,
			  a->undone_by ? "  (undone)" : "");
		draw_text(top + 1 + i, 0, COLS, sb.buf, 0,
			  a->id == u->log_found ? u->attr[C_SELECTED]
			  : a->undone_by	? u->attr[C_DIM]
						: u->attr[C_NORMAL]);
		sb_free(&sb);
	}
}

/* Who, what, where and which metric: what a user may look for. */
static int log_matches(const struct kp_audit *a, const char *needle)
{
	return ui_contains(a->user, needle) || ui_contains(a->what, needle) ||
	       ui_contains(a->scope, needle) || ui_contains(a->metric, needle);
}

int log_find(struct ui *u, const char *needle, int from_next)
{
	int n = (int)u->nlog;
	if (!*needle || n == 0)
		return 0;
	int from = u->log_top < n ? u->log_top : n - 1;
	for (int k = 0; k < n; k++) {
		int i = (from + k + (from_next ? 1 : 0)) % n;
		if (log_matches(&u->log[i], needle)) {
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
