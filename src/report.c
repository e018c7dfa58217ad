/* report.c - a view's rows as an aligned text table, CSV (RFC 4180) or JSON
 * (SPEC section 5, `report`).  The columns are declared once, below; every
 * format walks the same list. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/calendar.h"
#include "kpitop/csvio.h"
#include "kpitop/i18n.h"
#include "kpitop/kpi.h"
#include "kpitop/numfmt.h"
#include "kpitop/report.h"
#include "kpitop/textw.h"
#include "kpitop/util.h"

int report_format_parse(const char *s, enum report_format *out)
{
	static const char *const names[] = {"text", "csv", "json"};
	for (int i = 0; s && i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

/* Not empty, valid UTF-8, nothing but printable characters. */
static int name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += textw_decode(s + i, n - i, &cp);
		if (cp == TEXTW_INVALID || cp < 0x20 || cp == 0x7F)
			return 0;
	}
	return 1;
}

/* Dates from the current LC_TIME: its D_FMT, nominative month names (glibc's
 * ALTMON: "Ноябрь", where MON has the genitive "ноября") and weekdays. */
static void style_dates_from_locale(struct report_style *st)
{
	const char *lt = setlocale(LC_TIME, NULL);
	const char *pattern = date_pattern_choose(nl_langinfo(D_FMT), lt);
	const char *months[12], *wdays[7];
	int named = strcmp(pattern, DATE_ISO_PATTERN) != 0;
	for (int i = 0; i < 12; i++)
#ifdef ALTMON_1
		months[i] = nl_langinfo((nl_item)(ALTMON_1 + i));
#else
		months[i] = nl_langinfo((nl_item)(MON_1 + i));
#endif
	for (int i = 0; i < 7; i++)
		wdays[i] = nl_langinfo((nl_item)(ABDAY_1 + i));
	report_style_dates(st, pattern, named ? months : NULL, wdays);
}

void report_style_dates(struct report_style *st, const char *pattern,
			const char *const *months, const char *const *wdays_from_sunday)
{
	static const char *const en_wdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	snprintf(st->date_pattern, sizeof st->date_pattern, "%s",
		 pattern && *pattern ? pattern : DATE_ISO_PATTERN);
	if (date_pattern_day_month(st->date_pattern, st->day_month_pattern,
				   sizeof st->day_month_pattern) < 0)
		snprintf(st->day_month_pattern, sizeof st->day_month_pattern, "%s", "%m-%d");
	for (int i = 0; i < 12; i++)
		snprintf(st->months[i], sizeof st->months[i], "%s",
			 months && months[i] ? months[i] : "");
	for (int i = 0; i < 7; i++) {
		const char *w = wdays_from_sunday && wdays_from_sunday[(i + 1) % 7]
					? wdays_from_sunday[(i + 1) % 7]
					: en_wdays[(i + 1) % 7];
		snprintf(st->wdays[i], sizeof st->wdays[i], "%s", w);
	}
	/* Twelve whole names or none: then months are shown as numbers. */
	for (int i = 0; i < 12; i++)
		if (!name_ok(st->months[i]))
			for (int k = 0; k < 12; k++)
				st->months[k][0] = '\0';
}

void report_style_from_config(struct report_style *st, const struct kp_config *c,
			      int utf8, const char *loc_sep, const char *loc_dec)
{
	st->utf8 = utf8;
	st->currency = c->currency ? c->currency : "";
	st->currency_before = c->currency_before;
	switch (c->numformat) {
	case NUMFMT_EN:
		st->sep = ",";
		st->dec = ".";
		break;
	case NUMFMT_RU:
		st->sep = utf8 ? "\xC2\xA0" : " "; /* a no-break space */
		st->dec = ",";
		break;
	case NUMFMT_PLAIN:
		st->sep = "";
		st->dec = ".";
		break;
	default:
		st->sep = loc_sep ? loc_sep : "";
		st->dec = loc_dec && *loc_dec ? loc_dec : ".";
		break;
	}
	style_dates_from_locale(st);
}

/* ---- words and dates for people ---- */

void report_date(const struct report_style *st, kp_date d, char buf[DATE_TEXT_MAX])
{
	if (date_format_pattern(d, st->date_pattern, buf, DATE_TEXT_MAX) < 0)
		date_format(d, buf);
}

void report_day_month(const struct report_style *st, kp_date d, char buf[DATE_TEXT_MAX])
{
	if (date_format_pattern(d, st->day_month_pattern, buf, DATE_TEXT_MAX) < 0)
		date_format_pattern(d, "%m-%d", buf, DATE_TEXT_MAX);
}

void report_month(const struct report_style *st, int year, int month, char *buf, size_t n)
{
	if (month >= 1 && month <= 12 && st->months[month - 1][0])
		/* TRANSLATORS: a month as a heading: the month's name in the
		 * nominative (from the locale), then the year: "Ноябрь 2026". */
		snprintf(buf, n, _("%1$s %2$d"), st->months[month - 1], year);
	else
		snprintf(buf, n, "%04d-%02d", year, month);
}

void report_period(const struct report_style *st, struct period p, char *buf, size_t n)
{
	int y, m, d;
	char date[DATE_TEXT_MAX];
	date_to_ymd(p.from, &y, &m, &d);
	switch (p.kind) {
	case PERIOD_DAY:
		report_date(st, p.from, date);
		/* TRANSLATORS: the period shown: one day ("day 30.11.2026"). */
		snprintf(buf, n, _("day %s"), date);
		break;
	case PERIOD_WEEK: {
		int iy, w;
		date_iso_week(p.from, &iy, &w);
		/* TRANSLATORS: the period shown: an ISO week, year then week
		 * number ("week 2026-W47"); reorder with %2$d, %1$d. */
		snprintf(buf, n, _("week %d-W%02d"), iy, w);
		break;
	}
	case PERIOD_MONTH:
		if (st->months[m - 1][0]) {
			report_month(st, y, m, buf, n);
		} else {
			/* TRANSLATORS: the period shown: a month as numbers, in
			 * locales without month names ("month 2026-11"). */
			snprintf(buf, n, _("month %04d-%02d"), y, m);
		}
		break;
	case PERIOD_QUARTER:
		/* TRANSLATORS: the period shown: year and quarter ("quarter
		 * 2026-Q4"); reorder with %2$d, %1$d. */
		snprintf(buf, n, _("quarter %d-Q%d"), y, (m - 1) / 3 + 1);
		break;
	case PERIOD_YEAR:
		/* TRANSLATORS: the period shown: a year ("year 2026"). */
		snprintf(buf, n, _("year %d"), y);
		break;
	default:
		snprintf(buf, n, "?");
	}
}

const char *report_period_kind(enum period_kind k)
{
	switch (k) {
	case PERIOD_DAY: return C_("period", "day");
	case PERIOD_WEEK: return C_("period", "week");
	case PERIOD_MONTH: return C_("period", "month");
	case PERIOD_QUARTER: return C_("period", "quarter");
	case PERIOD_YEAR: return C_("period", "year");
	}
	return "?";
}

/* The schema's default metrics: a label nobody renamed is translated. */
const char *report_metric_label(const struct kp_metric *m)
{
	static const struct {
		const char *key, *label;
	} defaults[] = {
		{"calls", "Calls"}, {"leads", "Leads"}, {"meetings", "Meetings"},
		{"proposals", "Proposals"}, {"deals", "Deals"}, {"revenue", "Revenue"},
	};
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
		if (strcmp(m->key, defaults[i].key) != 0 || strcmp(m->label, defaults[i].label) != 0)
			continue;
		switch (i) {
		case 0: return C_("metric", "Calls");
		case 1: return C_("metric", "Leads");
		case 2: return C_("metric", "Meetings");
		case 3: return C_("metric", "Proposals");
		case 4: return C_("metric", "Deals");
		default: return C_("metric", "Revenue");
		}
	}
	return m->label;
}

/* The schema's default channels, shown in the user's language (the name
 * typed on the command line stays the stored one). */
const char *report_channel_name(const char *name)
{
	if (strcmp(name, "phone") == 0)
		return C_("channel", "phone");
	if (strcmp(name, "website") == 0)
		return C_("channel", "website");
	if (strcmp(name, "instagram") == 0)
		return C_("channel", "instagram");
	if (strcmp(name, "whatsapp") == 0)
		return C_("channel", "whatsapp");
	if (strcmp(name, "email") == 0)
		return C_("channel", "email");
	if (strcmp(name, "walk-in") == 0)
		return C_("channel", "walk-in");
	return name;
}

const struct kp_channel *report_channel_find(const struct kp_dims *d, const char *name)
{
	const struct kp_channel *c = dims_channel_by_name(d, name);
	if (c)
		return c;
	/* The name as the user sees it on the dashboard ("телефон"). */
	for (size_t i = 0; i < d->nchannels; i++) {
		const char *shown = report_channel_name(d->channels[i].name);
		if (shown != d->channels[i].name && strcmp(shown, name) == 0)
			return &d->channels[i];
	}
	return NULL;
}

const char *report_row_name(const struct kpi_row *r)
{
	if (r->kind == KPI_ROW_TOTAL)
		/* TRANSLATORS: the whole company's row at the bottom of a table. */
		return C_("row", "TOTAL");
	if (r->kind == KPI_ROW_CHANNEL)
		return report_channel_name(r->name);
	return r->name;
}

/* ---- the columns ---- */

enum col_what {
	W_NAME, W_ACTUAL, W_PLAN, W_COMPLETION, W_EXPECTED, W_FORECAST, W_REQUIRED,
	W_AVG_DEAL, W_CONVERSION,
};
enum col_role { R_NONE, R_REVENUE, R_DEALS };

struct col {
	const char *key;   /* CSV / JSON */
	const char *title; /* text header */
	enum col_what what;
	int metric;        /* metric index giving the value and its unit; -1 none */
};

/* After `name` and the metric actuals, in SPEC section 5's order.  The
 * titles are for the text table, translated where used (tail_title). */
static const struct {
	const char *key;
	enum col_what what;
	enum col_role role;
} tail_cols[] = {
	{"revenue_plan", W_PLAN, R_REVENUE},
	{"revenue_completion_pct", W_COMPLETION, R_REVENUE},
	{"deals_plan", W_PLAN, R_DEALS},
	{"deals_completion_pct", W_COMPLETION, R_DEALS},
	{"expected_pct", W_EXPECTED, R_NONE},
	{"revenue_forecast", W_FORECAST, R_REVENUE},
	{"revenue_required_per_day", W_REQUIRED, R_REVENUE},
	{"avg_deal", W_AVG_DEAL, R_REVENUE},
	{"conversion_pct", W_CONVERSION, R_NONE},
};
#define NTAIL (sizeof tail_cols / sizeof *tail_cols)

static const char *tail_title(size_t i)
{
	switch (i) {
	case 0: return C_("report column", "Rev plan");
	case 1: return C_("report column", "Rev %");
	case 2: return C_("report column", "Deals plan");
	case 3: return C_("report column", "Deals %");
	case 4: return C_("report column", "Pace %");
	case 5: return C_("report column", "Forecast");
	case 6: return C_("report column", "Need/day");
	case 7: return C_("report column", "Avg deal");
	default: return C_("report column", "Conv %");
	}
}

static const char *view_title(enum kpi_view_kind k)
{
	return k == KPI_VIEW_TEAMS	  ? C_("report column", "Team")
	       : k == KPI_VIEW_MANAGERS ? C_("report column", "Manager")
					: C_("report column", "Channel");
}

/* The columns of v; *n set.  Archived metrics have no column. */
static struct col *columns(const struct kpi_view *v, size_t *n)
{
	const struct kp_dims *d = v->dims;
	struct col *c = xcalloc(d->nmetrics + NTAIL + 1, sizeof *c);
	size_t k = 0;
	c[k++] = (struct col){"name", view_title(v->kind), W_NAME, -1};
	for (size_t i = 0; i < d->nmetrics; i++)
		if (!d->metrics[i].archived)
			c[k++] = (struct col){d->metrics[i].key, report_metric_label(&d->metrics[i]),
					      W_ACTUAL, (int)i};
	for (size_t i = 0; i < NTAIL; i++) {
		int m = tail_cols[i].role == R_REVENUE ? v->m_revenue
			: tail_cols[i].role == R_DEALS ? v->m_deals : -1;
		c[k++] = (struct col){tail_cols[i].key, tail_title(i), tail_cols[i].what, m};
	}
	*n = k;
	return c;
}

/* One cell's value before formatting. */
enum cell_type { C_TEXT, C_INT, C_AMOUNT, C_PCT };
struct cell {
	enum cell_type type;
	int money;       /* the value is in minor units */
	int64_t i;       /* C_INT */
	double d;        /* C_AMOUNT, C_PCT; absent possible */
	const char *s;   /* C_TEXT */
};

static struct cell cell_get(const struct kpi_view *v, const struct kpi_row *r,
			    const struct col *c)
{
	struct cell x = {C_AMOUNT, 0, 0, KPI_ABSENT, NULL};
	int m = c->metric;
	x.money = m >= 0 && v->dims->metrics[m].kind == METRIC_MONEY;
	switch (c->what) {
	case W_NAME:
		x.type = C_TEXT;
		x.s = r->name;
		break;
	case W_ACTUAL:
		x.type = C_INT;
		x.i = r->actual[m];
		break;
	case W_PLAN:
		x.d = m >= 0 ? r->plan[m] : KPI_ABSENT;
		break;
	case W_FORECAST:
		x.d = m >= 0 ? r->forecast[m] : KPI_ABSENT;
		break;
	case W_REQUIRED:
		x.d = m >= 0 ? r->required[m] : KPI_ABSENT;
		break;
	case W_AVG_DEAL:
		x.d = m >= 0 ? r->avg_deal : KPI_ABSENT;
		break;
	case W_COMPLETION:
		x.type = C_PCT;
		x.d = m >= 0 ? r->completion[m] : KPI_ABSENT;
		break;
	case W_EXPECTED:
		x.type = C_PCT;
		x.d = v->expected;
		break;
	case W_CONVERSION:
		x.type = C_PCT;
		x.d = r->conversion;
		break;
	}
	return x;
}

/* Machine format: plain decimals, dot; 0 when absent (buf = ""). */
static int cell_plain(const struct cell *x, char *buf, size_t n)
{
	buf[0] = '\0';
	switch (x->type) {
	case C_TEXT:
		snprintf(buf, n, "%s", x->s);
		return 1;
	case C_INT:
		num_format_plain(x->money ? NUM_MONEY : NUM_COUNT, x->i, buf, n);
		return 1;
	case C_AMOUNT:
		if (kpi_absent(x->d))
			return 0;
		if (x->money)
			num_format_money_plain(llround(x->d), buf, n);
		else
			num_format_fixed(x->d, 2, buf, n);
		return 1;
	case C_PCT:
		if (kpi_absent(x->d))
			return 0;
		num_format_fixed(x->d, 1, buf, n);
		return 1;
	}
	return 0;
}

/* ---- text ---- */

static void human_money(struct strbuf *sb, double minor, const struct report_style *st)
{
	char num[128];
	num_format_grouped(minor / 100.0, 2, st->sep, st->dec, num, sizeof num);
	if (!*st->currency)
		sb_puts(sb, num);
	else if (st->currency_before)
		sb_printf(sb, "%s%s", st->currency, num);
	else
		sb_printf(sb, "%s %s", num, st->currency);
}

/* Human format into a fresh string (sanitized names, grouped numbers). */
static char *cell_human(const struct cell *x, const struct report_style *st)
{
	struct strbuf sb;
	char num[128];
	sb_init(&sb);
	if (x->type == C_TEXT) {
		textw_sanitize(&sb, x->s);
	} else if (x->type != C_INT && kpi_absent(x->d)) {
		sb_puts(&sb, st->utf8 ? "\xE2\x80\x94" : "-");
	} else if (x->type == C_INT && x->money) {
		human_money(&sb, (double)x->i, st);
	} else if (x->type == C_INT) {
		num_format_grouped((double)x->i, 0, st->sep, st->dec, num, sizeof num);
		sb_puts(&sb, num);
	} else if (x->type == C_AMOUNT && x->money) {
		human_money(&sb, x->d, st);
	} else {
		num_format_grouped(x->d, 1, st->sep, st->dec, num, sizeof num);
		sb_puts(&sb, num);
	}
	return sb.buf;
}

#define NAME_MAX_COLS 32

static void text_header(struct strbuf *sb, const struct kpi_view *v,
			const struct report_style *st)
{
	const char *title = v->kind == KPI_VIEW_TEAMS	  ? C_("view", "Teams")
			    : v->kind == KPI_VIEW_MANAGERS ? C_("view", "Managers")
							   : C_("view", "Channels");
	const char *dot = st->utf8 ? " \xC2\xB7 " : " | ";
	const char *dash = st->utf8 ? " \xE2\x80\x93 " : " .. ";
	char label[128], from[DATE_TEXT_MAX], to[DATE_TEXT_MAX], asof[DATE_TEXT_MAX];
	report_period(st, v->period, label, sizeof label);
	report_date(st, v->period.from, from);
	report_date(st, v->period.to, to);
	report_date(st, v->asof, asof);
	sb_printf(sb, "%s%s%s (%s%s%s)%s", title, dot, label, from, dash, to, dot);
	/* TRANSLATORS: "as of 2026-11-20": the numbers up to that date. */
	sb_printf(sb, _("as of %s"), asof);
	sb_puts(sb, dot);
	/* TRANSLATORS: working days of the period: elapsed/total ("working
	 * days 14/21"). */
	sb_printf(sb, _("working days %d/%d"), v->pace.elapsed, v->pace.total);
	sb_putc(sb, '\n');
}

static void text_rule(struct strbuf *sb, const int *width, size_t ncols, int utf8)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			sb_puts(sb, "  ");
		for (int i = 0; i < width[c]; i++)
			sb_puts(sb, utf8 ? "\xE2\x94\x80" : "-");
	}
	sb_putc(sb, '\n');
}

static void text_line(struct strbuf *sb, char *const *cells, const int *width, size_t ncols,
		      int utf8)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			sb_puts(sb, "  ");
		/* The last column needs no padding after it. */
		textw_fit(sb, cells[c], width[c], c == 0 ? TEXTW_LEFT : TEXTW_RIGHT, utf8);
	}
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	sb_putc(sb, '\n');
}

void report_text(struct strbuf *sb, const struct kpi_view *v, const struct report_style *st)
{
	size_t ncols;
	struct col *cols = columns(v, &ncols);
	size_t nlines = v->nrows + 1; /* titles first */
	char **cells = xcalloc(nlines * ncols, sizeof *cells);
	int *width = xcalloc(ncols, sizeof *width);
	for (size_t c = 0; c < ncols; c++)
		cells[c] = textw_sanitized(cols[c].title);
	for (size_t r = 0; r < v->nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			struct cell x = cell_get(v, &v->rows[r], &cols[c]);
			if (x.type == C_TEXT)
				x.s = report_row_name(&v->rows[r]);
			cells[(r + 1) * ncols + c] = cell_human(&x, st);
		}
	}
	for (size_t i = 0; i < nlines * ncols; i++) {
		int w = textw_width(cells[i]);
		if (w > width[i % ncols])
			width[i % ncols] = w;
	}
	if (width[0] > NAME_MAX_COLS)
		width[0] = NAME_MAX_COLS;

	text_header(sb, v, st);
	text_line(sb, cells, width, ncols, st->utf8);
	text_rule(sb, width, ncols, st->utf8);
	for (size_t r = 0; r < v->nrows; r++) {
		if (v->rows[r].kind == KPI_ROW_TOTAL && r > 0)
			text_rule(sb, width, ncols, st->utf8);
		text_line(sb, cells + (r + 1) * ncols, width, ncols, st->utf8);
	}
	for (size_t i = 0; i < nlines * ncols; i++)
		free(cells[i]);
	free(cells);
	free(width);
	free(cols);
}

/* ---- CSV and JSON ---- */

static void write_csv(FILE *fp, const struct kpi_view *v, const struct col *cols, size_t ncols)
{
	char buf[512];
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			putc(',', fp);
		csv_write_field(fp, cols[c].key);
	}
	fputs("\r\n", fp);
	for (size_t r = 0; r < v->nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			struct cell x = cell_get(v, &v->rows[r], &cols[c]);
			if (c)
				putc(',', fp);
			if (x.type == C_TEXT)
				csv_write_field(fp, x.s);
			else if (cell_plain(&x, buf, sizeof buf))
				csv_write_field(fp, buf);
		}
		fputs("\r\n", fp);
	}
}

/* A JSON string: quotes, backslashes and controls escaped; invalid UTF-8
 * replaced by U+FFFD so the document stays valid. */
static void json_string(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	putc('"', fp);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = textw_decode(s + i, n - i, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(fp, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", fp);
		else if (cp == '\t')
			fputs("\\t", fp);
		else if (cp == TEXTW_INVALID)
			fputs("\\ufffd", fp);
		else if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
			fprintf(fp, "\\u%04x", (unsigned)cp);
		else
			fwrite(s + i, 1, len, fp);
		i += len;
	}
	putc('"', fp);
}

static void write_json(FILE *fp, const struct kpi_view *v, const struct col *cols,
		       size_t ncols)
{
	char buf[512];
	fputs("[", fp);
	for (size_t r = 0; r < v->nrows; r++) {
		fputs(r ? ",\n  {" : "\n  {", fp);
		for (size_t c = 0; c < ncols; c++) {
			struct cell x = cell_get(v, &v->rows[r], &cols[c]);
			if (c)
				fputs(", ", fp);
			json_string(fp, cols[c].key);
			fputs(": ", fp);
			if (x.type == C_TEXT)
				json_string(fp, x.s);
			else if (cell_plain(&x, buf, sizeof buf))
				fputs(buf, fp);
			else
				fputs("null", fp);
		}
		fputs("}", fp);
	}
	fputs("\n]\n", fp);
}

int report_write(FILE *fp, const struct kpi_view *v, enum report_format f,
		 const struct report_style *st, struct kp_err *e)
{
	if (f == REPORT_TEXT) {
		struct strbuf sb;
		sb_init(&sb);
		report_text(&sb, v, st);
		fwrite(sb.buf, 1, sb.len, fp);
		sb_free(&sb);
	} else {
		size_t ncols;
		struct col *cols = columns(v, &ncols);
		if (f == REPORT_CSV)
			write_csv(fp, v, cols, ncols);
		else
			write_json(fp, v, cols, ncols);
		free(cols);
	}
	if (fflush(fp) != 0 || ferror(fp))
		return kp_fail(e, "cannot write the report: %s", strerror(errno));
	return 0;
}
