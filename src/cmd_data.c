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
#include "kpitop/csvio.h"
#include "kpitop/numfmt.h"

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
		return app_usage(cmd, "nothing to set: give METRIC=VALUE pairs");
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return app_usage(cmd, "'%s' is not METRIC=VALUE", argv[i]);
		*eq = '\0';
		const struct kp_metric *m = dims_metric_by_key(d, argv[i]);
		if (!m || m->archived) {
			fprintf(stderr, "kpitop %s: unknown metric '%s'; known:", cmd, argv[i]);
			for (size_t k = 0; k < d->nmetrics; k++)
				if (!d->metrics[k].archived)
					fprintf(stderr, " %s", d->metrics[k].key);
			fputc('\n', stderr);
			return EXIT_USAGE;
		}
		const char *why;
		int64_t v;
		if (num_parse(m->kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT, eq + 1, 1, &v, &why))
			return app_error(EXIT_USAGE, "%s=%s: %s", m->key, eq + 1, why);
		for (size_t k = 0; k < *n; k++)
			if ((*out)[k].metric == m)
				return app_usage(cmd, "metric '%s' given twice", m->key);
		(*out)[(*n)++] = (struct assignment){m, v};
	}
	return EXIT_OK;
}

static const struct kp_manager *find_manager(const struct kp_dims *d, const char *cmd,
					     const char *name)
{
	const struct kp_manager *m = dims_manager_by_name(d, name);
	if (!m)
		app_error(EXIT_RUNTIME, "%s: no manager named '%s' (see: kpitop manager list)", cmd,
			  name);
	return m;
}

static const struct kp_team *find_team(const struct kp_dims *d, const char *cmd,
				       const char *name)
{
	const struct kp_team *t = dims_team_by_name(d, name);
	if (!t)
		app_error(EXIT_RUNTIME, "%s: no team named '%s' (see: kpitop team list)", cmd, name);
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
		case 'h': fputs(usage, stdout); return -1;
		default: return app_usage(st->cmd, "bad option '%s'", argv[optind - 1]);
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
	printf("%zu value%s set, %zu changed\n", n, n == 1 ? "" : "s", changed);
	return EXIT_OK;
}

static const char add_usage[] =
	"Usage: kpitop add [--date YYYY-MM-DD] --manager NAME [--channel NAME] METRIC=VALUE...\n"
	"Set (not add to) a salesperson's numbers for one day and channel.\n"
	"  -d, --date D       the day (default today)\n"
	"  -M, --manager NAME the salesperson\n"
	"  -c, --channel NAME the channel (default the first one)\n"
	"Money takes up to two decimals (1234.50 or 1234,50). Example:\n"
	"  kpitop add --manager 'Anna Smirnova' calls=42 deals=3 revenue=150000\n";

int cmd_add(struct app *app, int argc, char **argv)
{
	struct setter st = {.cmd = "add"};
	int rc = parse_setter(&st, argc, argv, add_usage);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (st.month || st.team)
		return app_usage("add", "add takes --date and --manager (plans: kpitop plan)");
	if (!st.manager)
		return app_usage("add", "--manager NAME is required");
	kp_date day = kp_today();
	if (st.date && date_parse(st.date, &day))
		return app_error(EXIT_USAGE, "add: '%s' is not a valid date (YYYY-MM-DD)", st.date);
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
		app_error(EXIT_RUNTIME, "add: manager '%s' is archived", m->name);
		goto out;
	}
	c = st.channel ? dims_channel_by_name(&d, st.channel) : dims_first_channel(&d);
	if (!c) {
		app_error(EXIT_RUNTIME, "add: no channel named '%s' (see: kpitop channel list)",
			  st.channel ? st.channel : "");
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

static const char plan_usage[] =
	"Usage: kpitop plan [--month YYYY-MM] (--manager NAME | --team NAME) METRIC=VALUE...\n"
	"Set monthly plans for a salesperson or a whole team.\n"
	"  -m, --month M      the month (default this month)\n"
	"  -M, --manager NAME a salesperson's plan\n"
	"  -t, --team NAME    a team's own plan (else it is the sum of its managers')\n";

int cmd_plan(struct app *app, int argc, char **argv)
{
	struct setter st = {.cmd = "plan", .is_plan = 1};
	int rc = parse_setter(&st, argc, argv, plan_usage);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (st.date || st.channel)
		return app_usage("plan", "plan takes --month and --manager or --team");
	if (!st.manager == !st.team)
		return app_usage("plan", "give exactly one of --manager NAME or --team NAME");
	int y, mo, dd;
	date_to_ymd(kp_today(), &y, &mo, &dd);
	if (st.month && month_parse(st.month, &y, &mo))
		return app_error(EXIT_USAGE, "plan: '%s' is not a valid month (YYYY-MM)", st.month);
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
	size_t ncols;
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
				import_error(im, r->line, "column '%s' appears twice", name);
			im->fixed[k] = (int)i;
			continue;
		}
		const struct kp_metric *m = dims_metric_by_key(&im->d, name);
		if (!m) {
			import_error(im, r->line, "unknown column '%s' (not a metric key; see: kpitop metric list)",
				     name);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (im->cols[j] == m)
				import_error(im, r->line, "column '%s' appears twice", name);
		im->cols[i] = m;
	}
	for (int k = 0; k < NFIXED; k++)
		if (im->fixed[k] < 0)
			import_error(im, r->line, "missing column '%s' (header: date,team,manager,channel,<metrics>...)",
				     fixed_cols[k]);
	return im->errors ? -1 : 0;
}

/* Find or (with --create) make the team, manager and channel of a row. */
static int import_resolve(struct importer *im, long line, const char *team, const char *manager,
			  const char *channel, int64_t *manager_id, int64_t *channel_id)
{
	struct kp_err e;
	int64_t id;
	const struct kp_team *t = dims_team_by_name(&im->d, team);
	if (!t && im->create) {
		if (store_team_add(im->s, team, &id, &e))
			return import_error(im, line, "%s", e.msg), -1;
		t = dims_push_team(&im->d, id, team);
	}
	if (!t)
		return import_error(im, line, "unknown team '%s' (use --create to add it)", team), -1;
	const struct kp_manager *m = dims_manager_by_name(&im->d, manager);
	if (!m && im->create) {
		if (store_manager_add(im->s, manager, t->id, &id, &e))
			return import_error(im, line, "%s", e.msg), -1;
		m = dims_push_manager(&im->d, id, manager, t->id);
	}
	if (!m)
		return import_error(im, line, "unknown manager '%s' (use --create to add it)", manager), -1;
	if (m->team_id != t->id) {
		int ti = dims_team_index(&im->d, m->team_id);
		return import_error(im, line, "manager '%s' is in team '%s', not '%s'", manager,
				    ti >= 0 ? im->d.teams[ti].name : "?", team), -1;
	}
	const struct kp_channel *c = dims_channel_by_name(&im->d, channel);
	if (!c && im->create) {
		if (store_channel_add(im->s, channel, &id, &e))
			return import_error(im, line, "%s", e.msg), -1;
		c = dims_push_channel(&im->d, id, channel);
	}
	if (!c)
		return import_error(im, line, "unknown channel '%s' (use --create to add it)", channel), -1;
	*manager_id = m->id;
	*channel_id = c->id;
	return 0;
}

static void import_row(struct importer *im, struct csv_reader *r)
{
	long line = r->line;
	char **f = r->fields;
	if (r->nfields != im->ncols) {
		if (r->nfields == 1 && f[0][0] == '\0')
			return; /* a blank line */
		import_error(im, line, "%zu fields, the header has %zu", r->nfields, im->ncols);
		return;
	}
	kp_date day;
	if (date_parse(f[im->fixed[COL_DATE]], &day)) {
		import_error(im, line, "'%s' is not a valid date (YYYY-MM-DD)", f[im->fixed[COL_DATE]]);
		return;
	}
	for (int k = COL_TEAM; k < NFIXED; k++)
		if (!f[im->fixed[k]][0]) {
			import_error(im, line, "empty %s", fixed_cols[k]);
			return;
		}
	/* Values first: a bad one must not create names. */
	int64_t *vals = xcalloc(im->ncols, sizeof *vals);
	int bad = 0;
	for (size_t i = 0; i < im->ncols; i++) {
		const char *why;
		if (!im->cols[i] || !f[i][0])
			continue;
		enum num_kind kind = im->cols[i]->kind == METRIC_MONEY ? NUM_MONEY : NUM_COUNT;
		if (num_parse(kind, f[i], 0, &vals[i], &why)) {
			import_error(im, line, "%s '%s': %s", im->cols[i]->key, f[i], why);
			bad = 1;
		}
	}
	int64_t manager_id, channel_id;
	if (!bad && im->errors == 0 &&
	    import_resolve(im, line, f[im->fixed[COL_TEAM]], f[im->fixed[COL_MANAGER]],
			   f[im->fixed[COL_CHANNEL]], &manager_id, &channel_id) == 0) {
		for (size_t i = 0; i < im->ncols; i++) {
			struct kp_err e;
			int ch;
			if (!im->cols[i] || !f[i][0])
				continue;
			if (store_entry_set(im->s, day, manager_id, channel_id, im->cols[i]->id,
					    vals[i], &ch, &e)) {
				import_error(im, line, "%s", e.msg);
				break;
			}
			im->values++;
			im->changed += (size_t)ch;
		}
	}
	free(vals);
	im->rows++;
}

static const char import_usage[] =
	"Usage: kpitop import [--create] FILE.csv\n"
	"Set entries from a CSV file (header: date,team,manager,channel,<metric keys>...).\n"
	"The whole file is one transaction: any bad row imports nothing and is reported\n"
	"as FILE:LINE. Empty cells are left as they are. FILE '-' reads standard input.\n"
	"  --create   add unknown teams, managers and channels instead of refusing them\n";

int cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{"create", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct importer im = {.file = NULL};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'C')
			im.create = 1;
		else if (c == 'h')
			return fputs(import_usage, stdout), EXIT_OK;
		else
			return app_usage("import", "bad option '%s'", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return app_usage("import", "give exactly one CSV file");
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
		import_error(&im, 1, "empty file (expected a header row)");
	else if (got < 0)
		import_error(&im, r.line, "%s", why);
	else if (import_header(&im, &r) == 0) {
		while ((got = csv_read(&r, &why)) > 0 && im.errors <= IMPORT_MAX_ERRORS)
			import_row(&im, &r);
		if (got < 0)
			import_error(&im, r.line, "%s", why);
	}
	if (!use_stdin && ferror(fp))
		import_error(&im, r.line, "read error: %s", strerror(errno));
	if (im.errors) {
		store_rollback(im.s);
		if (im.errors > IMPORT_MAX_ERRORS)
			fprintf(stderr, "kpitop: %s: more errors not shown\n", im.file);
		fprintf(stderr, "kpitop: %s: nothing imported\n", im.file);
	} else if (store_commit(im.s, &e)) {
		app_error(EXIT_RUNTIME, "%s: nothing imported: %s", im.file, e.msg);
	} else {
		printf("%s: %zu rows, %zu values set, %zu changed\n", im.file, im.rows, im.values,
		       im.changed);
		rc = EXIT_OK;
	}
out:
	free(what);
	csv_free(&r);
	if (!use_stdin)
		fclose(fp);
	free(im.cols);
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

static const char export_usage[] =
	"Usage: kpitop export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [FILE]\n"
	"Write entries as CSV (RFC 4180, UTF-8, header row) to FILE or standard output.\n"
	"The output imports back unchanged with kpitop import.\n";

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
				return app_error(EXIT_USAGE, "export: '%s' is not a valid date (YYYY-MM-DD)",
						 optarg);
			break;
		case 'h':
			return fputs(export_usage, stdout), EXIT_OK;
		default:
			return app_usage("export", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return app_usage("export", "at most one output file");
	if (from && to && from > to)
		return app_usage("export", "--from is after --to");
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
			puts("Usage: kpitop undo\nUndo your last change (entries or plans), "
			     "as recorded in the audit trail.");
			return EXIT_OK;
		}
		return app_usage("undo", "undo takes no arguments");
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
		rc = app_error(EXIT_RUNTIME, "undo: nothing of yours to undo");
	else
		printf("undid change #%lld (%zu value%s restored)\n", (long long)id, cells,
		       cells == 1 ? "" : "s");
	store_close(s);
	return rc;
}

static void log_value(int has, enum metric_kind kind, int64_t v)
{
	if (has)
		print_value(stdout, kind, v);
	else
		fputs("(none)", stdout);
}

int cmd_log(struct app *app, int argc, char **argv)
{
	long limit = 20;
	if (argc > 2)
		return app_usage("log", "log takes at most one number");
	if (argc == 2) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			puts("Usage: kpitop log [N]\nShow the last N changed values (default 20), "
			     "newest first:\nwhen (UTC), who, change, what, old -> new.");
			return EXIT_OK;
		}
		char *end;
		errno = 0;
		limit = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || limit < 1 || limit > 1000000)
			return app_usage("log", "'%s' is not a count from 1 to 1000000", argv[1]);
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
		app_printf("%s  %s  #%lld %s  %s %s ", a[i].at, a[i].user, (long long)a[i].change_id,
			   a[i].what, a[i].scope, a[i].metric);
		log_value(a[i].has_old, a[i].mkind, a[i].old_value);
		printf(" %s ", arrow);
		log_value(a[i].has_new, a[i].mkind, a[i].new_value);
		if (a[i].undone_by)
			printf("  (undone by #%lld)", (long long)a[i].undone_by);
		putchar('\n');
	}
	if (n == 0)
		puts("no changes yet");
	audit_free(a, n);
	store_close(s);
	return EXIT_OK;
}
