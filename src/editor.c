/* editor.c - keystroke-level validation for the entry grids: a bad key is
 * refused with a reason and the text typed so far is kept. */
#include "config.h"

#include <string.h>

#include "kpitop/editor.h"
#include "kpitop/i18n.h"
#include "kpitop/numfmt.h"

void editor_start(struct editor *ed, enum metric_kind kind)
{
	ed->len = 0;
	ed->buf[0] = '\0';
	ed->kind = kind;
}

static const char *decimal_point(const struct editor *ed)
{
	const char *dot = strchr(ed->buf, '.');
	return dot ? dot : strchr(ed->buf, ',');
}

int editor_put(struct editor *ed, uint32_t ch, const char **why)
{
	int money = ed->kind == METRIC_MONEY;
	const char *dot = decimal_point(ed);
	if (ch == '-') {
		*why = N_("negative values are not allowed");
		return -1;
	}
	if (ch == '.' || ch == ',') {
		if (!money) {
			*why = N_("whole numbers only for this metric");
			return -1;
		}
		if (dot) {
			*why = N_("one decimal point only");
			return -1;
		}
		if (ed->len == 0) {
			*why = N_("start with a digit (0.50, not .50)");
			return -1;
		}
	} else if (ch < '0' || ch > '9') {
		*why = money ? N_("only digits and one decimal point")
			     : N_("only digits (a whole number)");
		return -1;
	} else if (dot && strlen(dot + 1) >= 2) {
		*why = N_("more than two decimals");
		return -1;
	} else {
		/* Digits before the point, at most the 15 that fit a cell. */
		size_t whole = dot ? (size_t)(dot - ed->buf) : ed->len;
		if (!dot && whole >= (money ? 13 : 15)) {
			*why = money ? N_("too large (max 9999999999999.99)")
				     : N_("too large (max 999999999999999)");
			return -1;
		}
	}
	if (ed->len >= EDITOR_MAX) {
		*why = N_("too long");
		return -1;
	}
	ed->buf[ed->len++] = (char)ch;
	ed->buf[ed->len] = '\0';
	return 0;
}

int editor_backspace(struct editor *ed)
{
	if (ed->len == 0)
		return -1;
	ed->buf[--ed->len] = '\0';
	return 0;
}

int editor_value(const struct editor *ed, int64_t *out, const char **why)
{
	return num_parse(ed->kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT, ed->buf, 1, out, why);
}

int editor_over_limit(enum metric_kind kind, int64_t value, int64_t max_count,
		      int64_t max_money)
{
	int64_t limit = kind == METRIC_MONEY ? max_money : max_count;
	return limit > 0 && value > limit;
}
