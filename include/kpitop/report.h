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

#include "kpitop/calendar.h"
#include "kpitop/config.h"
#include "kpitop/date.h"
#include "kpitop/kpi.h"
#include "kpitop/util.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* "text" | "csv" | "json": 0, or -1. */
int report_format_parse(const char *s, enum report_format *out);

/* How the text table (and the dashboard) writes numbers and dates for
 * people; CSV/JSON ignore it. */
struct report_style {
	int utf8;               /* "…", "—", "─" rather than "~", "-", "-" */
	const char *sep;        /* thousands separator, "" for none */
	const char *dec;        /* decimal point */
	const char *currency;   /* "" for none */
	int currency_before;    /* "$1,234.00" rather than "1 234,00 ₽" */
	char date_pattern[DATE_TEXT_MAX]; /* date_format_pattern's; ISO by default */
	char day_month_pattern[DATE_TEXT_MAX]; /* the same without the year */
	char months[12][64];    /* month names for headings ("Ноябрь"); "" = numeric */
	char wdays[7][32];      /* short weekday names, [0] = Monday */
};

/* The style the configuration asks for; loc_sep / loc_dec are the locale's
 * (used when numformat = locale; NULL or "" fall back to none / ".").  Dates
 * follow the current LC_TIME (its D_FMT, month and weekday names); ISO and
 * numeric months in the C and POSIX locales. */
void report_style_from_config(struct report_style *st, const struct kp_config *c,
			      int utf8, const char *loc_sep, const char *loc_dec);
/* The date part only: pattern as for date_pattern_choose; months (12,
 * nominative) and wdays (7, from Sunday as nl_langinfo's ABDAY) may be
 * NULL.  Pure, for tests. */
void report_style_dates(struct report_style *st, const char *pattern,
			const char *const *months, const char *const *wdays_from_sunday);

/* ---- words and dates for people (translated; never in CSV/JSON) ---- */

/* A date in the style's order: "30.11.2026", "11/30/2026", "2026-11-30". */
void report_date(const struct report_style *st, kp_date d, char buf[DATE_TEXT_MAX]);
/* The day and month only, in the same order: "30.11", "11/30", "11-30". */
void report_day_month(const struct report_style *st, kp_date d, char buf[DATE_TEXT_MAX]);
/* A month as a heading: "Ноябрь 2026", "November 2026"; "2026-11" without names. */
void report_month(const struct report_style *st, int year, int month, char *buf, size_t n);
/* A period with its kind: "month 2026-11", "Ноябрь 2026", "week 2026-W47"... */
void report_period(const struct report_style *st, struct period p, char *buf, size_t n);
/* "day", "week", ... translated. */
const char *report_period_kind(enum period_kind k);
/* A metric's label; the default metrics' untouched labels are translated. */
const char *report_metric_label(const struct kp_metric *m);
/* A channel's name; the default channels' names are translated. */
const char *report_channel_name(const char *name);
/* A channel by its stored name or, failing that, by the name the dashboard
 * shows for it in this language ("телефон" for phone); NULL if neither. */
const struct kp_channel *report_channel_find(const struct kp_dims *d, const char *name);
/* A row's name as shown: "TOTAL" translated, a default channel translated. */
const char *report_row_name(const struct kpi_row *r);

/* The text table (header line, column titles, rows, TOTAL) appended to sb. */
void report_text(struct strbuf *sb, const struct kpi_view *v, const struct report_style *st);

/* Write the view to fp in the given format; -1 with e set on a write error. */
int report_write(FILE *fp, const struct kpi_view *v, enum report_format f,
		 const struct report_style *st, struct kp_err *e);

#endif
