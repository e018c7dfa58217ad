/* cmd_report.c - `kpitop report`: the KPI table without the dashboard, for
 * cron, mail and scripts (SPEC section 5). */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "kpitop/calendar.h"
#include "kpitop/i18n.h"
#include "kpitop/kpi.h"
#include "kpitop/report.h"
#include "kpitop/snapshot.h"
#include "kpitop/store.h"

static const char *const report_usage =
	N_("Usage: kpitop report [OPTIONS]\n"
	   "Print the KPI table of a period: one row per team, manager or channel, then TOTAL.\n"
	   "\n"
	   "  -v, --view VIEW       teams (default), managers or channels\n"
	   "  -p, --period PERIOD   day, week, month, quarter or year: the one containing\n"
	   "                        the date (default from [ui] default_period, else month)\n"
	   "  -d, --date YYYY-MM-DD as-of date: entries up to and including it (default today)\n"
	   "  -f, --format FORMAT   text (default, an aligned table), csv or json\n"
	   "  -h, --help            show this help and exit\n"
	   "\n"
	   "CSV and JSON columns: name, each metric's actual by key, revenue_plan,\n"
	   "revenue_completion_pct, deals_plan, deals_completion_pct, expected_pct,\n"
	   "revenue_forecast, revenue_required_per_day, avg_deal, conversion_pct.\n"
	   "Money and plans have two decimals, percentages one; no value is an empty\n"
	   "cell (CSV) or null (JSON).\n");

struct report_args {
	enum kpi_view_kind view;
	enum period_kind period;
	kp_date asof;
	enum report_format format;
};

/* EXIT_OK to go on, -1 after --help, else a usage status. */
static int parse_args(struct app *app, int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		{"view", required_argument, NULL, 'v'},   {"period", required_argument, NULL, 'p'},
		{"date", required_argument, NULL, 'd'},   {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	a->view = KPI_VIEW_TEAMS;
	if (!app->cfg.default_period || period_kind_parse(app->cfg.default_period, &a->period))
		a->period = PERIOD_MONTH;
	a->asof = kp_today();
	a->format = REPORT_TEXT;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+v:p:d:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (kpi_view_parse(optarg, &a->view))
				return app_usage("report", _("bad view '%s': valid: teams, managers, channels"),
						 optarg);
			break;
		case 'p':
			if (period_kind_parse(optarg, &a->period))
				return app_usage("report",
						 _("bad period '%s': valid: day, week, month, quarter, year"),
						 optarg);
			break;
		case 'd':
			if (date_parse(optarg, &a->asof))
				return app_usage("report", _("bad date '%s': expected YYYY-MM-DD"), optarg);
			break;
		case 'f':
			if (report_format_parse(optarg, &a->format))
				return app_usage("report", _("bad format '%s': valid: text, csv, json"),
						 optarg);
			break;
		case 'h':
			fputs(_(report_usage), stdout);
			return -1;
		default:
			return app_bad_option("report", "+v:p:d:f:h", opts, argv);
		}
	}
	if (optind < argc)
		return app_usage("report", _("unexpected argument '%s'"), argv[optind]);
	return EXIT_OK;
}

static int locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int cmd_report(struct app *app, int argc, char **argv)
{
	struct report_args a;
	int rc = parse_args(app, argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct store *s = app_open_store(app, STORE_READONLY);
	if (!s)
		return EXIT_RUNTIME;

	struct kpi_settings set;
	struct snapshot sn;
	struct kpi_view v = {0};
	struct kp_err e;
	kpi_settings_from_config(&set, &app->cfg);
	rc = EXIT_OK;
	if (snapshot_load(&sn, s, a.period, a.asof, 0, &e) != 0) {
		rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	} else {
		struct report_style st;
		const struct lconv *lc = localeconv();
		int utf8 = locale_is_utf8() && !app->cfg.ascii;
		snapshot_view(&sn, &set, a.view, &v);
		report_style_from_config(&st, &app->cfg, utf8, lc->thousands_sep, lc->decimal_point);
		if (report_write(stdout, &v, a.format, &st, &e) != 0)
			rc = app_error(EXIT_RUNTIME, "%s", e.msg);
		kpi_view_free(&v);
		snapshot_free(&sn);
	}
	store_close(s);
	return rc;
}
