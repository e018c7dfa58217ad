/* main.c - command line: global options, configuration, dispatch. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "kpitop/date.h"
#include "kpitop/demo.h"
#include "kpitop/i18n.h"
#include "kpitop/shared.h"
#include "kpitop/textw.h"
#include "tui/tui.h"

/* --help, in chunks a translator can align one at a time. */
static const char *const usage_text[] = {
	N_("Usage: kpitop [OPTIONS] [COMMAND [ARGS]]\n"
	   "A live terminal dashboard of sales KPIs on a shared SQLite database.\n"),
	N_("Options:\n"
	   "  -d, --db PATH        database file (default $XDG_DATA_HOME/kpitop/kpitop.db)\n"
	   "  -c, --config PATH    read this configuration file after the others\n"
	   "      --demo           use the demo database ($XDG_DATA_HOME/kpitop/demo.db)\n"
	   "      --no-color       no colours on the dashboard (so does NO_COLOR)\n"
	   "  -h, --help           show this help and exit\n"
	   "  -V, --version        show the version and exit\n"),
	N_("Testing (see kpitop(1), TESTING OPTIONS):\n"
	   "      --keys FILE      run the dashboard without a terminal, keys from FILE\n"
	   "      --dump OUT       write its screens to OUT (default standard output)\n"
	   "      --size COLSxROWS the screen size for --keys (default 80x24)\n"),
	N_("Commands (none: open the dashboard):\n"
	   "  init [--demo] [--shared GROUP [--readers]]\n"
	   "                                      create the database (--demo: fill it;\n"
	   "                                      --shared: for a group, see init --help)\n"
	   "  add [--date D] --manager NAME [--channel NAME] METRIC=VALUE...\n"
	   "                                      set a day's numbers\n"
	   "  plan [--month YYYY-MM] (--manager NAME | --team NAME) METRIC=VALUE...\n"
	   "                                      set monthly plans\n"
	   "  import [--create] FILE.csv          set entries from CSV (all or nothing)\n"
	   "  export [--from D] [--to D] [FILE]   write entries as CSV\n"
	   "  report [--view V] [--period P] [--date D] [--format F]\n"
	   "                                      the KPI table without the dashboard\n"
	   "  team|manager|channel|metric add|rename|archive|unarchive|list [--all] ...\n"
	   "  manager move NAME --team TEAM\n"
	   "  team head NAME MANAGER|--none\n"
	   "                                      manage teams, salespeople, channels, metrics\n"
	   "                                      (a team's head: its KPI counts the team's)\n"
	   "  undo                                undo your last change\n"
	   "  log [N]                             show the last N changes (default 20)\n"
	   "  backup FILE                         consistent copy of the live database\n"
	   "  restore [--yes] [--keep PATH] FILE  put a backup back while others work\n"
	   "  check                               integrity and roll-up check, schema, counts\n"),
	N_("Run 'kpitop COMMAND --help' for a command's options; see kpitop(1).\n"
	   "Exit status: 0 ok, 1 runtime error, 2 usage error.\n"),
};

static void usage_print(void)
{
	for (size_t i = 0; i < sizeof usage_text / sizeof usage_text[0]; i++)
		printf("%s%s", i ? "\n" : "", _(usage_text[i]));
}

/* Messages quote names from files and the database: never raw control
 * characters to the terminal. */
static void print_sanitized(FILE *fp, const char *fmt, va_list ap)
{
	struct strbuf raw, safe;
	sb_init(&raw);
	sb_init(&safe);
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		xgrow(&raw.buf, &raw.cap, (size_t)n + 1, 1);
		vsnprintf(raw.buf, (size_t)n + 1, fmt, ap);
		raw.len = (size_t)n;
	}
	textw_sanitize(&safe, raw.buf);
	fputs(safe.buf, fp);
	sb_free(&raw);
	sb_free(&safe);
}

int app_error(int status, const char *fmt, ...)
{
	va_list ap;
	fputs("kpitop: ", stderr);
	va_start(ap, fmt);
	print_sanitized(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

void app_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_sanitized(stdout, fmt, ap);
	va_end(ap);
}

int app_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "kpitop%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'kpitop %s%s--help' for more information.\n"), cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

int app_bad_option(const char *cmd, const char *optstring, const struct option *longopts,
		   char **argv)
{
	const char *typed = argv[optind - 1];
	if (strncmp(typed, "--", 2) == 0) {
		/* The option getopt took it for: the exact name, else the one
		 * name it abbreviates (--vie for --view). */
		size_t len = strcspn(typed + 2, "=");
		const struct option *hit = NULL;
		int prefixes = 0;
		for (const struct option *o = longopts; o && o->name; o++) {
			if (strncmp(o->name, typed + 2, len) != 0)
				continue;
			if (strlen(o->name) == len) {
				hit = o;
				prefixes = 1;
				break;
			}
			hit = o;
			prefixes++;
		}
		if (hit && prefixes == 1) {
			if (typed[2 + len] == '=' && hit->has_arg == no_argument)
				return app_usage(cmd, _("option '--%s' takes no value"), hit->name);
			if (hit->has_arg == required_argument)
				return app_usage(cmd, _("option '--%s' needs a value"), hit->name);
		}
		if (prefixes > 1)
			return app_usage(cmd, _("option '%.*s' is ambiguous"), (int)(len + 2), typed);
		return app_usage(cmd, _("unknown option '%s'"), typed);
	}
	const char *known = optopt ? strchr(optstring, optopt) : NULL;
	char shortopt[3] = {'-', (char)optopt, '\0'};
	if (known && known[1] == ':')
		return app_usage(cmd, _("option '%s' needs a value"), shortopt);
	return app_usage(cmd, _("unknown option '%s'"), optopt ? shortopt : typed);
}

static void say_waiting(void *arg)
{
	(void)arg;
	fprintf(stderr, "kpitop: %s\n", _("waiting for the database: another program is writing to it"));
}

struct store *app_open_store(struct app *app, int flags)
{
	struct store *s;
	struct kp_err e;
	struct strbuf msg;
	/* File modes first: SQLite must not create -wal/-shm that lock others out. */
	sb_init(&msg);
	enum shared_level lv = shared_check(app->db_path, &msg);
	for (char *line = msg.buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		fprintf(stderr, "kpitop: %s%s\n", lv == SHARED_FATAL ? "" : _("warning: "), line);
	}
	sb_free(&msg);
	if (lv == SHARED_FATAL)
		return NULL;
	if (store_open(&s, app->db_path, flags, &e)) {
		app_error(EXIT_RUNTIME, "%s", e.msg);
		return NULL;
	}
	store_set_busy_timeout(s, app->cfg.busy_timeout_ms);
	/* Someone at a terminal learns why the command pauses (scripts and
	 * pipes are not told). */
	if (isatty(STDERR_FILENO))
		store_on_wait(s, say_waiting, NULL);
	return s;
}

char *app_demo_path(void)
{
	char *dir = kp_xdg_dir("XDG_DATA_HOME", ".local/share");
	char *p = xasprintf("%s/demo.db", dir);
	free(dir);
	return p;
}

/* The demo database is rebuilt when missing; it never touches the real one. */
static int prepare_demo(struct app *app)
{
	free(app->db_path);
	app->db_path = app_demo_path();
	struct stat st;
	if (stat(app->db_path, &st) == 0)
		return 0;
	struct kp_err e;
	char *dir = kp_xdg_dir("XDG_DATA_HOME", ".local/share");
	int rc = kp_mkdirs(dir, 0777, &e);
	free(dir);
	if (rc)
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	char init[] = "init", demo[] = "--demo";
	char *argv[] = {init, demo, NULL};
	/* cmd_init parses its own argv with getopt: main's place in the real
	 * command line (the command after --demo) must survive it. */
	int saved_optind = optind;
	optind = 0;
	/* stdout belongs to the command that follows (report --format csv). */
	app->status = stderr;
	rc = cmd_init(app, 2, argv);
	app->status = stdout;
	optind = saved_optind;
	return rc;
}

static const struct {
	const char *name;
	int (*run)(struct app *, int, char **);
} commands[] = {
	{"init", cmd_init},       {"add", cmd_add},         {"plan", cmd_plan},
	{"import", cmd_import},   {"export", cmd_export},   {"report", cmd_report},
	{"undo", cmd_undo},       {"log", cmd_log},         {"backup", cmd_backup},
	{"restore", cmd_restore}, {"check", cmd_check},     {"team", cmd_admin},
	{"manager", cmd_admin},   {"channel", cmd_admin},   {"metric", cmd_admin},
};


int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"demo", no_argument, NULL, 'D'},
		{"no-color", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		/* The scripted screen test mode (see kpitop(1), TESTING). */
		{"keys", required_argument, NULL, 'K'},
		{"dump", required_argument, NULL, 'U'},
		{"size", required_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	struct app app = {.progname = "kpitop", .status = stdout};
	struct tui_opts tui = {NULL, NULL, 80, 24};
	const char *db_opt = NULL;
	int demo = 0, c;

	setlocale(LC_ALL, "");
	i18n_init();
	opterr = 0;
	/* '+': stop at the first non-option, the command. */
	while ((c = getopt_long(argc, argv, "+d:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_opt = optarg;
			break;
		case 'c':
			app.config_path = optarg;
			break;
		case 'D':
			demo = 1;
			break;
		case 'N':
			app.no_color = 1;
			break;
		case 'h':
			usage_print();
			return EXIT_OK;
		case 'V':
			printf("kpitop %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case 'K':
			tui.keys_file = optarg;
			break;
		case 'U':
			tui.dump_file = optarg;
			break;
		case 'S':
			if (sscanf(optarg, "%dx%d", &tui.cols, &tui.rows) != 2 || tui.cols < 1 ||
			    tui.rows < 1 || tui.cols > 1000 || tui.rows > 1000)
				return app_usage(NULL, _("--size takes COLSxROWS, e.g. 80x24"));
			break;
		default:
			return app_bad_option(NULL, "+d:c:hV", opts, argv);
		}
	}

	if (demo && db_opt)
		return app_usage(NULL, _("--demo uses its own database: give --demo or --db, not both"));

	/* A command's --help must work whatever the configuration files hold
	 * (like kpitop --help above, which returns before them). */
	int help = 0;
	for (int i = optind + 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		help |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;

	struct cfg_diags diags = {0};
	struct kp_err e;
	int rc = 0;
	if (help)
		config_defaults(&app.cfg);
	else
		rc = config_load_all(&app.cfg, app.config_path, &diags, &e);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "kpitop: %s\n", diags.items[i].msg);
	cfg_diags_free(&diags);
	if (rc) {
		app_error(EXIT_RUNTIME, "%s", e.msg);
		config_free(&app.cfg);
		return EXIT_RUNTIME;
	}
	umask((mode_t)app.cfg.umask);
	/* A mistyped date would silently give the real today. */
	const char *today = getenv("KPITOP_TODAY");
	kp_date fixed;
	if (today && *today && date_parse(today, &fixed) != 0)
		fprintf(stderr, "kpitop: %s%s\n", _("warning: "),
			_("KPITOP_TODAY is not a date (YYYY-MM-DD); the real today is used"));

	if (db_opt)
		app.db_path = xstrdup(db_opt);
	else if (app.cfg.db_path && *app.cfg.db_path)
		app.db_path = xstrdup(app.cfg.db_path);
	else {
		char *dir = kp_xdg_dir("XDG_DATA_HOME", ".local/share");
		app.db_path = xasprintf("%s/kpitop.db", dir);
		free(dir);
	}

	rc = EXIT_OK;
	if (demo)
		rc = prepare_demo(&app);
	if (rc == EXIT_OK) {
		if (optind >= argc) {
			rc = tui_run(&app, &tui);
		} else {
			const char *name = argv[optind];
			size_t i, n = sizeof commands / sizeof commands[0];
			for (i = 0; i < n; i++)
				if (strcmp(commands[i].name, name) == 0)
					break;
			if (i == n)
				rc = app_usage(NULL, _("unknown command '%s'"), name);
			else if (demo && strcmp(name, "report") != 0 && strcmp(name, "export") != 0 &&
				 strcmp(name, "check") != 0 && strcmp(name, "log") != 0)
				rc = app_usage(NULL, _("--demo goes with no command, report, export, log or check"));
			else {
				optind++;
				int sub_argc = argc - optind + 1;
				char **sub_argv = argv + optind - 1;
				optind = 0; /* full getopt reinitialisation for the command */
				rc = commands[i].run(&app, sub_argc, sub_argv);
			}
		}
	}
	free(app.db_path);
	config_free(&app.cfg);
	return rc;
}
