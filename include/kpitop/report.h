/* report.h - a view's rows as text, CSV or JSON (SPEC section 5, `report`).
 *
 * CSV and JSON are for machines: the columns are `name`, each non-archived
 * metric's actual by key, `revenue_plan`, `revenue_completion_pct`,
 * `deals_plan`, `deals_completion_pct`, `expected_pct`, `revenue_forecast`,
 * `revenue_required_per_day`, `avg_deal`, `conversion_pct`; money and plans
 * with two decimals, percentages with one, a dot as decimal point, absent as
 * an empty cell / null.  Text is an aligned table for people. */
#ifndef KPITOP_REPORT_H
#define KPITOP_REPORT_H

#include <stdio.h>

#include "kpitop/config.h"
#include "kpitop/kpi.h"
#include "kpitop/util.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* "text" | "csv" | "json": 0, or -1. */
int report_format_parse(const char *s, enum report_format *out);

/* How the text table writes numbers (CSV/JSON ignore it). */
struct report_style {
	int utf8;               /* "…", "—", "─" rather than "~", "-", "-" */
	const char *sep;        /* thousands separator, "" for none */
	const char *dec;        /* decimal point */
	const char *currency;   /* "" for none */
	int currency_before;    /* "$1,234.00" rather than "1 234,00 ₽" */
};

/* The style the configuration asks for; loc_sep / loc_dec are the locale's
 * (used when numformat = locale; NULL or "" fall back to none / "."). */
void report_style_from_config(struct report_style *st, const struct kp_config *c,
			      int utf8, const char *loc_sep, const char *loc_dec);

/* The text table (header line, column titles, rows, TOTAL) appended to sb. */
void report_text(struct strbuf *sb, const struct kpi_view *v, const struct report_style *st);

/* Write the view to fp in the given format; -1 with e set on a write error. */
int report_write(FILE *fp, const struct kpi_view *v, enum report_format f,
		 const struct report_style *st, struct kp_err *e);

#endif
