/* cmd_data.c - commands that set and read numbers: add, plan, import,
 * export, undo, log. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kpitop/cellset.h"
#include "kpitop/csvio.h"
#include "kpitop/i18n.h"
#include "kpitop/numfmt.h"
#include "kpitop/report.h"

/* One METRIC=VALUE argument, parsed and checked. */
struct assignment {
	const struct kp_metric *metric;
	int64_t value;
};

/* Parse every METRIC=VALUE first, so one bad value writes nothing. */
static int parse_assignments(const char *cmd, const struct kp_dims *d, int argc, char **argv,
			     struct assignment **out, size_t *n)
{
	*out = xcalloc((size_t)argc, sizeof **out);
	*n = 0;
	if (argc == 0)
		return app_usage(cmd, _("nothing to set: give METRIC=VALUE pairs"));
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return app_usage(cmd, _("'%s' is not METRIC=VALUE"), argv[i]);
		*eq = '\0';
		const struct kp_metric *m = dims_metric_by_key(d, argv[i]);
		if (!m || m->archived) {
			/* A well-formed key the database does not have: like an
			 * unknown manager, a runtime error (1), not a usage error. */
			struct strbuf known;
			sb_init(&known);
			for (size_t k = 0; k < d->nmetrics; k++)
				if (!d->metrics[k].archived)
					sb_printf(&known, "%s%s", known.len ? " " : "", d->metrics[k].key);
			app_error(EXIT_RUNTIME, _("%s: unknown metric '%s'; known: %s"), cmd, argv[i],
				  known.buf);
			sb_free(&known);
			return EXIT_RUNTIME;
		}
		const char *why;
		int64_t v;
		if (num_parse(m->kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT, eq + 1, 1, &v, &why))
			return app_usage(cmd, "%s=%s: %s", m->key, eq + 1, _(why));
		for (size_t k = 0; k < *n; k++)
			if ((*out)[k].metric == m)
				return app_usage(cmd, _("metric '%s' given twice"), m->key);
		(*out)[(*n)++] = (struct assignment){m, v};
	}
	return EXIT_OK;
}

static const struct kp_manager *find_manager(const struct kp_dims *d, const char *cmd,
					     const char *name)
{
	const struct kp_manager *m = dims_manager_by_name(d, name);
	if (!m)
		app_error(EXIT_RUNTIME, _("%s: no manager named '%s' (see: kpitop manager list)"), cmd,
			  name);
	return m;
}

static const struct kp_team *find_team(const struct kp_dims *d, const char *cmd,
				       const char *name)
{
	const struct kp_team *t = dims_team_by_name(d, name);
	if (!t)
		app_error(EXIT_RUNTIME, _("%s: no team named '%s' (see: kpitop team list)"), cmd, name);
	return t;
}

/* Shared shape of add and plan: options, then METRIC=VALUE pairs written in
 * one transaction. */
struct setter {
	const char *cmd;
	int is_plan;
	const char *date, *month, *manager, *team, *channel;
};

static int parse_setter(struct setter *st, int argc, char **argv, const char *usage)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},    {"month", required_argument, NULL, 'm'},
		{"manager", required_argument, NULL, 'M'}, {"team", required_argument, NULL, 't'},
		{"channel", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "+d:m:M:t:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': st->date = optarg; break;
		case 'm': st->month = optarg; break;
		case 'M': st->manager = optarg; break;
		case 't': st->team = optarg; break;
		case 'c': st->channel = optarg; break;
		case 'h': fputs(_(usage), stdout); return -1;
		default: return app_bad_option(st->cmd, "+d:m:M:t:c:h", opts, argv);
		}
	}
	return EXIT_OK;
}

static void print_value(FILE *fp, enum metric_kind kind, int64_t v)
{
	char buf[64];
	num_format_plain(kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT, v, buf, sizeof buf);
	fputs(buf, fp);
}

static int write_cells(struct app *app, struct store *s, const struct setter *st,
		       const struct assignment *as, size_t n, kp_date day, int y, int m,
		       int64_t manager_id, int64_t team_id, int64_t channel_id)
{
	struct kp_err e;
	size_t changed = 0;
	char *what = xasprintf("%s", st->cmd);
	if (store_begin(s, NULL, what, &e)) {
		free(what);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	free(what);
	for (size_t i = 0; i < n; i++) {
		int ch;
		int rc = !st->is_plan ? store_entry_set(s, day, manager_id, channel_id, as[i].metric->id,
						    as[i].value, &ch, &e)
				  : store_plan_set(s, y, m, team_id, manager_id, as[i].metric->id,
						   as[i].value, &ch, &e);
		if (rc) {
			store_rollback(s);
			return app_error(EXIT_RUNTIME, "%s", e.msg);
		}
		changed += (size_t)ch;
	}
	if (store_commit(s, &e))
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	(void)app;
	printf(P_("%zu value set, %zu changed\n", "%zu values set, %zu changed\n", n), n, changed);
	return EXIT_OK;
}

static const char *const add_usage =
	N_("Usage: kpitop add [--date YYYY-MM-DD] --manager NAME [--channel NAME] METRIC=VALUE...\n"
	   "Set (not add to) a salesperson's numbers for one day and channel.\n"
	   "  -d, --date D       the day (default today)\n"
	   "  -M, --manager NAME the salesperson\n"
	   "  -c, --channel NAME the channel (default the first one)\n"
	   "  -h, --help         show this help and exit\n"
	   "Money takes up to two decimals (1234.50 or 1234,50). Example:\n"
	   "  kpitop add --manager 'Anna Smirnova' calls=42 deals=3 revenue=150000\n");

int cmd_add(struct app *app, int argc, char **argv)
{
	struct setter st = {.cmd = "add"};
	int rc = parse_setter(&st, argc, argv, add_usage);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (st.month || st.team)
		return app_usage("add", _("add takes --date and --manager (plans: kpitop plan)"));
	if (!st.manager)
		return app_usage("add", _("--manager NAME is required"));
	kp_date day = kp_today();
	if (st.date && date_parse(st.date, &day))
		return app_error(EXIT_USAGE, _("%s: '%s' is not a valid date (YYYY-MM-DD)"), "add",
				 st.date);
	struct store *s = app_open_store(app, 0);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_dims d;
	struct kp_err e;
	struct assignment *as = NULL;
	size_t n = 0;
	if (store_load_dims(s, &d, &e)) {
		store_close(s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	const struct kp_manager *m = find_manager(&d, "add", st.manager);
	const struct kp_channel *c = NULL;
	rc = EXIT_RUNTIME;
	if (!m)
		goto out;
	if (m->archived) {
		app_error(EXIT_RUNTIME, _("%s: manager '%s' is archived"), "add", m->name);
		goto out;
	}
	c = st.channel ? report_channel_find(&d, st.channel) : dims_first_channel(&d);
	if (!c) {
		app_error(EXIT_RUNTIME, _("%s: no channel named '%s' (see: kpitop channel list)"),
			  "add", st.channel ? st.channel : "");
		goto out;
	}
	if (c->archived) {
		app_error(EXIT_RUNTIME, _("%s: channel '%s' is archived"), "add", c->name);
		goto out;
	}
	rc = parse_assignments("add", &d, argc - optind, argv + optind, &as, &n);
	if (rc == EXIT_OK)
		rc = write_cells(app, s, &st, as, n, day, 0, 0, m->id, 0, c->id);
out:
	free(as);
	dims_free(&d);
	store_close(s);
	return rc;
}

static const char *const plan_usage =
	N_("Usage: kpitop plan [--month YYYY-MM] (--manager NAME | --team NAME) METRIC=VALUE...\n"
	   "Set monthly plans for a salesperson or a whole team.\n"
	   "  -m, --month M      the month (default this month)\n"
	   "  -M, --manager NAME a salesperson's plan\n"
	   "  -t, --team NAME    a team's own plan (else it is the sum of its managers')\n"
	   "  -h, --help         show this help and exit\n"
	   "Money takes up to two decimals (1234.50 or 1234,50). Example:\n"
	   "  kpitop plan --month 2026-12 --team Regions deals=40 revenue=3500000\n");

int cmd_plan(struct app *app, int argc, char **argv)
{
	struct setter st = {.cmd = "plan", .is_plan = 1};
	int rc = parse_setter(&st, argc, argv, plan_usage);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (st.date || st.channel)
		return app_usage("plan", _("plan takes --month and --manager or --team"));
	if (!st.manager == !st.team)
		return app_usage("plan", _("give exactly one of --manager NAME or --team NAME"));
	int y, mo, dd;
	date_to_ymd(kp_today(), &y, &mo, &dd);
	if (st.month && month_parse(st.month, &y, &mo))
		return app_error(EXIT_USAGE, _("%s: '%s' is not a valid month (YYYY-MM)"), "plan",
				 st.month);
	struct store *s = app_open_store(app, 0);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_dims d;
	struct kp_err e;
	struct assignment *as = NULL;
	size_t n = 0;
	if (store_load_dims(s, &d, &e)) {
		store_close(s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	int64_t manager_id = 0, team_id = 0;
	rc = EXIT_RUNTIME;
	if (st.manager) {
		const struct kp_manager *m = find_manager(&d, "plan", st.manager);
		if (!m)
			goto out;
		/* As for add: an archived salesperson's plan counts nowhere. */
		if (m->archived) {
			app_error(EXIT_RUNTIME, _("%s: manager '%s' is archived"), "plan", m->name);
			goto out;
		}
		manager_id = m->id;
	} else {
		const struct kp_team *t = find_team(&d, "plan", st.team);
		if (!t)
			goto out;
		team_id = t->id;
	}
	rc = parse_assignments("plan", &d, argc - optind, argv + optind, &as, &n);
	if (rc == EXIT_OK)
		rc = write_cells(app, s, &st, as, n, 0, y, mo, manager_id, team_id, 0);
out:
	free(as);
	dims_free(&d);
	store_close(s);
	return rc;
}

/* ---- import ---- */

enum { COL_DATE, COL_TEAM, COL_MANAGER, COL_CHANNEL, NFIXED };
static const char *const fixed_cols[NFIXED] = {"date", "team", "manager", "channel"};

#define IMPORT_MAX_ERRORS 10

struct importer {
	const char *file;
	int create;
	struct store *s;
	struct kp_dims d;
	int fixed[NFIXED];              /* column of each fixed field */
	const struct kp_metric **cols;  /* metric of each column, or NULL */
	int64_t *vals;                  /* the current row's value of each column */
	size_t ncols;
	struct cellset cells;           /* the cells of the rows so far */
	size_t rows, values, changed;
	int errors;
};

static void import_error(struct importer *im, long line, const char *fmt, ...) KP_PRINTF(3, 4);

static void import_error(struct importer *im, long line, const char *fmt, ...)
{
	if (++im->errors > IMPORT_MAX_ERRORS)
		return;
	/* The message quotes the file: app_error escapes control characters. */
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	app_error(EXIT_RUNTIME, "%s:%ld: %s", im->file, line, msg);
}

static int import_header(struct importer *im, struct csv_reader *r)
{
	im->ncols = r->nfields;
	im->cols = xcalloc(r->nfields, sizeof *im->cols);
	im->vals = xcalloc(r->nfields, sizeof *im->vals);
	for (int k = 0; k < NFIXED; k++)
		im->fixed[k] = -1;
	for (size_t i = 0; i < r->nfields; i++) {
		const char *name = r->fields[i];
		int k;
		for (k = 0; k < NFIXED; k++)
			if (strcmp(name, fixed_cols[k]) == 0)
				break;
		if (k < NFIXED) {
			if (im->fixed[k] >= 0)
				import_error(im, r->line, _("column '%s' appears twice"), name);
			im->fixed[k] = (int)i;
			continue;
		}
		const struct kp_metric *m = dims_metric_by_key(&im->d, name);
		if (!m) {
			import_error(im, r->line,
				     _("unknown column '%s' (not a metric key; see: kpitop metric list)"),
				     name);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (im->cols[j] == m)
				import_error(im, r->line, _("column '%s' appears twice"), name);
		im->cols[i] = m;
	}
	for (int k = 0; k < NFIXED; k++)
		if (im->fixed[k] < 0)
			import_error(im, r->line,
				     _("missing column '%s' (header: date,team,manager,channel,<metrics>...)"),
				     fixed_cols[k]);
	return im->errors ? -1 : 0;
}

/* Find or (with --create) make the team, manager and channel a row names.
 * Each one that is empty, unknown or cannot be made is reported and comes
 * back NULL; a manager of another team is reported but comes back (the row
 * still names a cell, which may be repeated). */
static void import_resolve(struct importer *im, long line, char **f,
			   const struct kp_manager **mp, const struct kp_channel **cp)
{
	const char *team = f[im->fixed[COL_TEAM]], *manager = f[im->fixed[COL_MANAGER]],
		   *channel = f[im->fixed[COL_CHANNEL]];
	struct kp_err e;
	int64_t id;
	/* Stored names are never empty, so an empty one is not found. */
	const struct kp_team *t = dims_team_by_name(&im->d, team);
	if (!t && !team[0])
		import_error(im, line, "%s", _("empty team"));
	else if (!t && !im->create)
		import_error(im, line, _("unknown team '%s' (use --create to add it)"), team);
	else if (!t && store_team_add(im->s, team, &id, &e))
		import_error(im, line, "%s", e.msg);
	else if (!t)
		t = dims_push_team(&im->d, id, team);

	/* A new manager joins the row's team: without one (reported above)
	 * there is none to make. */
	const struct kp_manager *m = dims_manager_by_name(&im->d, manager);
	if (!m && !manager[0])
		import_error(im, line, "%s", _("empty manager"));
	else if (!m && !im->create)
		import_error(im, line, _("unknown manager '%s' (use --create to add it)"), manager);
	else if (!m && t && store_manager_add(im->s, manager, t->id, &id, &e))
		import_error(im, line, "%s", e.msg);
	else if (!m && t)
		m = dims_push_manager(&im->d, id, manager, t->id);
	else if (m && t && m->team_id != t->id) {
		int ti = dims_team_index(&im->d, m->team_id);
		import_error(im, line, _("manager '%s' is in team '%s', not '%s'"), manager,
			     ti >= 0 ? im->d.teams[ti].name : "?", team);
	}

	const struct kp_channel *c = report_channel_find(&im->d, channel);
	if (!c && !channel[0])
		import_error(im, line, "%s", _("empty channel"));
	else if (!c && !im->create)
		import_error(im, line, _("unknown channel '%s' (use --create to add it)"), channel);
	else if (!c && store_channel_add(im->s, channel, &id, &e))
		import_error(im, line, "%s", e.msg);
	else if (!c)
		c = dims_push_channel(&im->d, id, channel);
	*mp = m;
	*cp = c;
}

/* Parse the row's metric cells into im->vals, reporting each bad one. */
static void import_values(struct importer *im, long line, char **f)
{
	for (size_t i = 0; i < im->ncols; i++) {
		const char *why;
		if (!im->cols[i] || !f[i][0])
			continue;
		enum num_kind kind = im->cols[i]->kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT;
		if (num_parse(kind, f[i], 0, &im->vals[i], &why))
			import_error(im, line, "%s '%s': %s", im->cols[i]->key, f[i], _(why));
	}
}

/* A second row for a cell would overwrite the first one's values without a
 * word: it is a bad row like any other. */
static void import_repeat_check(struct importer *im, long line, kp_date day, int64_t manager_id,
				int64_t channel_id)
{
	long first = cellset_add(&im->cells, day, manager_id, channel_id, line);
	if (first)
		import_error(im, line,
			     _("another row for the same day, manager and channel as line %ld"), first);
}

/* An archived salesperson's row may only repeat what is stored: an export
 * of the database imports back unchanged, but new numbers for someone who
 * left are refused as `add` refuses them (unarchive first).  0 or -1. */
static int import_archived_check(struct importer *im, long line, char **f, kp_date day,
				 int64_t manager_id, int64_t channel_id)
{
	for (size_t i = 0; i < im->ncols; i++) {
		struct kp_err e;
		int64_t cur;
		int found;
		if (!im->cols[i] || !f[i][0])
			continue;
		if (store_entry_get(im->s, day, manager_id, channel_id, im->cols[i]->id, &cur, &found,
				    &e))
			return import_error(im, line, "%s", e.msg), -1;
		if (!found || cur != im->vals[i])
			return import_error(im, line,
					    _("manager '%s' is archived: their numbers can only be "
					      "changed after kpitop manager unarchive"),
					    f[im->fixed[COL_MANAGER]]),
			       -1;
	}
	return 0;
}

/* Set the row's values (checked already). */
static void import_set(struct importer *im, long line, char **f, kp_date day,
		       int64_t manager_id, int64_t channel_id)
{
	for (size_t i = 0; i < im->ncols; i++) {
		struct kp_err e;
		int ch;
		if (!im->cols[i] || !f[i][0])
			continue;
		if (store_entry_set(im->s, day, manager_id, channel_id, im->cols[i]->id, im->vals[i],
				    &ch, &e)) {
			import_error(im, line, "%s", e.msg);
			return;
		}
		im->values++;
		im->changed += (size_t)ch;
	}
}

/* Check a row, reporting every problem it has, so that one run lists all
 * the problems of a file (up to IMPORT_MAX_ERRORS).  Its values are set
 * only while the file has none: after the first, the transaction is rolled
 * back anyway.  Names made by --create before that vanish with it. */
static void import_row(struct importer *im, struct csv_reader *r)
{
	long line = r->line;
	char **f = r->fields;
	if (r->nfields != im->ncols) {
		if (r->nfields == 1 && f[0][0] == '\0')
			return; /* a blank line */
		import_error(im, line, P_("%zu field, the header has %zu", "%zu fields, the header has %zu",
					 r->nfields),
			     r->nfields, im->ncols);
		return;
	}
	im->rows++;
	int before = im->errors;
	kp_date day;
	int dated = date_parse(f[im->fixed[COL_DATE]], &day) == 0;
	if (!dated)
		import_error(im, line, _("'%s' is not a valid date (YYYY-MM-DD)"), f[im->fixed[COL_DATE]]);
	const struct kp_manager *m;
	const struct kp_channel *c;
	import_resolve(im, line, f, &m, &c);
	import_values(im, line, f);
	if (!dated || !m || !c)
		return;
	/* A row with bad values still takes its cell: a later row for the same
	 * cell is a repeat either way. */
	import_repeat_check(im, line, day, m->id, c->id);
	if (im->errors > before)
		return;
	if (m->archived && import_archived_check(im, line, f, day, m->id, c->id))
		return;
	if (im->errors == 0)
		import_set(im, line, f, day, m->id, c->id);
}

static const char *const import_usage =
	N_("Usage: kpitop import [--create] FILE.csv\n"
	   "Set entries from a CSV file (header: date,team,manager,channel,<metric keys>...).\n"
	   "The whole file is one transaction: any bad row imports nothing and is reported\n"
	   "as FILE:LINE. Empty cells are left as they are. FILE '-' reads standard input.\n"
	   "Rows of archived salespeople may only repeat the values already stored.\n"
	   "      --create   add unknown teams, managers and channels instead of refusing them\n"
	   "  -h, --help     show this help and exit\n");

int cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{"create", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct importer im = {.file = NULL};
	cellset_init(&im.cells);
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'C')
			im.create = 1;
		else if (c == 'h')
			return fputs(_(import_usage), stdout), EXIT_OK;
		else
			return app_bad_option("import", "+h", opts, argv);
	}
	if (argc - optind != 1)
		return app_usage("import", _("give exactly one CSV file"));
	im.file = argv[optind];
	int use_stdin = strcmp(im.file, "-") == 0;
	FILE *fp = use_stdin ? stdin : fopen(im.file, "rb");
	if (!fp)
		return app_error(EXIT_RUNTIME, "%s: %s", im.file, strerror(errno));
	if (use_stdin)
		im.file = "<stdin>";
	im.s = app_open_store(app, 0);
	if (!im.s) {
		if (!use_stdin)
			fclose(fp);
		return EXIT_RUNTIME;
	}
	struct kp_err e;
	struct csv_reader r;
	csv_init(&r, fp);
	int rc = EXIT_RUNTIME;
	char *what = xasprintf("import %s", im.file);
	if (store_load_dims(im.s, &im.d, &e) || store_begin(im.s, NULL, what, &e)) {
		app_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	const char *why;
	int got = csv_read(&r, &why);
	if (got == 0)
		import_error(&im, 1, _("empty file (expected a header row)"));
	else if (got < 0)
		import_error(&im, r.line, "%s", _(why));
	else if (import_header(&im, &r) == 0) {
		/* A malformed record is one more problem: csv_read goes on at the
		 * next line, so later rows are still checked (not after a read
		 * error, which would only repeat). */
		while (im.errors <= IMPORT_MAX_ERRORS && (got = csv_read(&r, &why)) != 0) {
			if (got > 0) {
				import_row(&im, &r);
				continue;
			}
			import_error(&im, r.line, "%s", _(why));
			if (ferror(fp))
				break;
		}
	}
	if (!use_stdin && ferror(fp))
		import_error(&im, r.line, _("read error: %s"), strerror(errno));
	if (im.errors) {
		store_rollback(im.s);
		if (im.errors > IMPORT_MAX_ERRORS)
			app_error(EXIT_RUNTIME, _("%s: more errors not shown"), im.file);
		app_error(EXIT_RUNTIME, _("%s: nothing imported"), im.file);
	} else if (store_commit(im.s, &e)) {
		app_error(EXIT_RUNTIME, _("%s: nothing imported: %s"), im.file, e.msg);
	} else {
		/* TRANSLATORS: the summary of an import, e.g. "x.csv: 5 rows, 30 values
		 * set, 12 changed"; each count is translated with its own plural. */
		char *rows = xasprintf(P_("%zu row", "%zu rows", im.rows), im.rows);
		char *vals = xasprintf(P_("%zu value set", "%zu values set", im.values), im.values);
		char *changed = xasprintf(_("%zu changed"), im.changed);
		app_printf("%s: %s, %s, %s", im.file, rows, vals, changed);
		putchar('\n');
		free(rows);
		free(vals);
		free(changed);
		rc = EXIT_OK;
	}
out:
	free(what);
	csv_free(&r);
	if (!use_stdin)
		fclose(fp);
	free(im.cols);
	free(im.vals);
	cellset_free(&im.cells);
	dims_free(&im.d);
	store_close(im.s);
	return rc;
}

/* ---- export ---- */

struct exporter {
	FILE *fp;
	const struct kp_dims *d;
};

static int export_row(void *ctx, kp_date day, int64_t manager_id, int64_t channel_id,
		      const int64_t *values, const int *present)
{
	struct exporter *x = ctx;
	const struct kp_dims *d = x->d;
	char buf[64];
	int mi = dims_manager_index(d, manager_id);
	int ci = dims_channel_index(d, channel_id);
	int ti = mi >= 0 ? dims_team_index(d, d->managers[mi].team_id) : -1;
	date_format(day, buf);
	fputs(buf, x->fp);
	fputc(',', x->fp);
	csv_write_field(x->fp, ti >= 0 ? d->teams[ti].name : "");
	fputc(',', x->fp);
	csv_write_field(x->fp, mi >= 0 ? d->managers[mi].name : "");
	fputc(',', x->fp);
	csv_write_field(x->fp, ci >= 0 ? d->channels[ci].name : "");
	for (size_t i = 0; i < d->nmetrics; i++) {
		fputc(',', x->fp);
		if (present[i]) {
			num_format_plain(d->metrics[i].kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT,
					 values[i], buf, sizeof buf);
			fputs(buf, x->fp);
		}
	}
	fputs("\r\n", x->fp);
	return ferror(x->fp) ? -1 : 0;
}

static const char *const export_usage =
	N_("Usage: kpitop export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [FILE]\n"
	   "Write entries as CSV (RFC 4180, UTF-8, header row) to FILE or standard output\n"
	   "(also when FILE is '-'). The output imports back unchanged with kpitop import.\n"
	   "      --from D   the first day (default: the first entry)\n"
	   "      --to D     the last day (default: the last entry)\n"
	   "  -h, --help     show this help and exit\n");

int cmd_export(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kp_date from = 0, to = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
		case 't':
			if (date_parse(optarg, c == 'f' ? &from : &to))
				return app_error(EXIT_USAGE, _("%s: '%s' is not a valid date (YYYY-MM-DD)"),
						 "export", optarg);
			break;
		case 'h':
			return fputs(_(export_usage), stdout), EXIT_OK;
		default:
			return app_bad_option("export", "+h", opts, argv);
		}
	}
	if (argc - optind > 1)
		return app_usage("export", _("at most one output file"));
	if (from && to && from > to)
		return app_usage("export", _("--from is after --to"));
	const char *file = optind < argc && strcmp(argv[optind], "-") != 0 ? argv[optind] : NULL;
	struct store *s = app_open_store(app, STORE_READONLY);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_dims d;
	struct kp_err e;
	if (store_load_dims(s, &d, &e)) {
		store_close(s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	/* A file is written beside its final name and renamed into place, so a
	 * failed export never leaves half a file. */
	char *tmp = file ? xasprintf("%s.tmp%ld", file, (long)getpid()) : NULL;
	FILE *fp = file ? fopen(tmp, "wb") : stdout;
	int rc = EXIT_RUNTIME;
	if (!fp) {
		app_error(EXIT_RUNTIME, "%s: %s", file, strerror(errno));
		goto out;
	}
	struct exporter x = {fp, &d};
	fputs("date,team,manager,channel", fp);
	for (size_t i = 0; i < d.nmetrics; i++) {
		fputc(',', fp);
		csv_write_field(fp, d.metrics[i].key);
	}
	fputs("\r\n", fp);
	if (store_export_rows(s, &d, from, to, export_row, &x, &e) == 0 && fflush(fp) == 0 &&
	    !ferror(fp))
		rc = EXIT_OK;
	else
		app_error(EXIT_RUNTIME, "export: %s", ferror(fp) ? strerror(errno) : e.msg);
	if (file) {
		if (fclose(fp) != 0 && rc == EXIT_OK)
			rc = app_error(EXIT_RUNTIME, "%s: %s", file, strerror(errno));
		if (rc == EXIT_OK && rename(tmp, file) != 0)
			rc = app_error(EXIT_RUNTIME, "%s: %s", file, strerror(errno));
		if (rc != EXIT_OK)
			unlink(tmp);
	}
out:
	free(tmp);
	dims_free(&d);
	store_close(s);
	return rc;
}

/* ---- undo and log ---- */

int cmd_undo(struct app *app, int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			fputs(_("Usage: kpitop undo\n"
				"Undo your last change (entries or plans), as recorded in the audit trail.\n"),
			      stdout);
			return EXIT_OK;
		}
		return app_usage("undo", _("undo takes no arguments"));
	}
	struct store *s = app_open_store(app, 0);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_err e;
	int64_t id;
	size_t cells;
	int rc = EXIT_OK;
	if (store_undo(s, kp_username(), &id, &cells, &e))
		rc = app_error(EXIT_RUNTIME, "undo: %s", e.msg);
	else if (!id)
		rc = app_error(EXIT_RUNTIME, _("undo: nothing of yours to undo"));
	else
		printf(P_("undid change #%lld (%zu value restored)\n",
			  "undid change #%lld (%zu values restored)\n", cells),
		       (long long)id, cells);
	store_close(s);
	return rc;
}

static void log_value(int has, enum metric_kind kind, int64_t v)
{
	if (has)
		print_value(stdout, kind, v);
	else
		fputs(_("(none)"), stdout);
}

int cmd_log(struct app *app, int argc, char **argv)
{
	long limit = 20;
	if (argc > 2)
		return app_usage("log", _("log takes at most one number"));
	if (argc == 2) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			fputs(_("Usage: kpitop log [N]\n"
				"Show the last N changed values (default 20), newest first:\n"
				"when (UTC), who, change, what, old -> new.\n"),
			      stdout);
			return EXIT_OK;
		}
		char *end;
		errno = 0;
		limit = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || limit < 1 || limit > 1000000)
			return app_usage("log", _("'%s' is not a count from 1 to 1000000"), argv[1]);
	}
	struct store *s = app_open_store(app, STORE_READONLY);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_audit *a;
	size_t n;
	struct kp_err e;
	if (store_log(s, (int)limit, &a, &n, &e)) {
		store_close(s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	const char *arrow = strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "→" : "->";
	for (size_t i = 0; i < n; i++) {
		if (!*a[i].kind) {
			/* A restore: no single cell changed, everything did. */
			app_printf("%s  %s  #%lld %s", a[i].at, a[i].user, (long long)a[i].change_id,
				   a[i].what);
			putchar('\n');
			continue;
		}
		app_printf("%s  %s  #%lld %s  %s %s ", a[i].at, a[i].user, (long long)a[i].change_id,
			   a[i].what, a[i].scope, a[i].metric);
		log_value(a[i].has_old, a[i].mkind, a[i].old_value);
		printf(" %s ", arrow);
		log_value(a[i].has_new, a[i].mkind, a[i].new_value);
		if (a[i].undone_by)
			printf(_("  (undone by #%lld)"), (long long)a[i].undone_by);
		putchar('\n');
	}
	if (n == 0)
		puts(_("no changes yet"));
	audit_free(a, n);
	store_close(s);
	return EXIT_OK;
}
