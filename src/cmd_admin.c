/* cmd_admin.c - init, teams/managers/channels/metrics, backup, check. */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "kpitop/demo.h"
#include "kpitop/i18n.h"
#include "kpitop/report.h"
#include "kpitop/shared.h"

static const char *const init_usage =
	N_("Usage: kpitop init [--demo] [--shared GROUP [--readers]]\n"
	   "Create the database (with the default channels and metrics) if it does not\n"
	   "exist, and upgrade its schema if it does.\n"
	   "      --demo          fill a new database with a demo company\n"
	   "      --shared GROUP  for a department: the directory becomes group-owned and\n"
	   "                      setgid (2770), the database and its -wal/-shm files 0660,\n"
	   "                      so every member of GROUP can read and write\n"
	   "      --readers       also let everyone else read (2775 and 0664)\n"
	   "  -h, --help          show this help and exit\n");

/* The default database directory is ours to create; an explicit --db path's
 * directory must already exist. */
static int ensure_default_dir(struct app *app)
{
	char *dir = kp_xdg_dir("XDG_DATA_HOME", ".local/share");
	size_t n = strlen(dir);
	int rc = 0;
	if (strncmp(app->db_path, dir, n) == 0 && app->db_path[n] == '/' &&
	    !strchr(app->db_path + n + 1, '/')) {
		struct kp_err e;
		if (kp_mkdirs(dir, 0777, &e))
			rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	free(dir);
	return rc;
}

int cmd_init(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{"demo", no_argument, NULL, 'D'},
		{"shared", required_argument, NULL, 's'},
		{"readers", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int demo = 0, readers = 0, c;
	const char *group = NULL;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'D')
			demo = 1;
		else if (c == 's')
			group = optarg;
		else if (c == 'r')
			readers = 1;
		else if (c == 'h')
			return fputs(_(init_usage), stdout), EXIT_OK;
		else
			return app_bad_option("init", "+h", opts, argv);
	}
	if (optind < argc)
		return app_usage("init", _("unexpected argument '%s'"), argv[optind]);
	if (readers && !group)
		return app_usage("init", _("--readers goes with --shared GROUP"));
	struct kp_err e;
	if (group) {
		/* Files are created for the group: rw for it, r or nothing for others. */
		umask(readers ? 0002 : 0007);
		/* Existing files first, so that a repair opens them without
		 * warnings about the modes it is about to fix. */
		if (shared_prepare_dir(app->db_path, group, readers, &e) ||
		    shared_fix_files(app->db_path, group, readers, &e))
			return app_error(EXIT_RUNTIME, "init: %s", e.msg);
	} else if (ensure_default_dir(app)) {
		return EXIT_RUNTIME;
	}
	struct stat st;
	int existed = stat(app->db_path, &st) == 0 && st.st_size > 0;
	struct store *s = app_open_store(app, STORE_CREATE);
	if (!s)
		return EXIT_RUNTIME;
	int rc = EXIT_OK;
	if (store_readonly(s)) {
		const char *why = store_readonly_why(s);
		rc = why ? app_error(EXIT_RUNTIME, _("%s: read-only for this user: %s"), app->db_path, why)
			 : app_error(EXIT_RUNTIME, _("%s: read-only for this user"), app->db_path);
	} else if (demo) {
		struct kp_dims d;
		if (store_load_dims(s, &d, &e)) {
			rc = app_error(EXIT_RUNTIME, "%s", e.msg);
		} else {
			if (d.nteams > 0)
				rc = app_error(EXIT_RUNTIME,
					       _("%s: already has teams; the demo goes into a new database"),
					       app->db_path);
			else if (demo_build(s, kp_today(), &e))
				rc = app_error(EXIT_RUNTIME, "demo: %s", e.msg);
			dims_free(&d);
		}
	}
	store_close(s);
	if (rc == EXIT_OK && group && shared_fix_files(app->db_path, group, readers, &e))
		rc = app_error(EXIT_RUNTIME, "init: %s", e.msg);
	if (rc == EXIT_OK) {
		FILE *out = app->status ? app->status : stdout;
		fprintf(out, "%s: %s", app->db_path,
			existed ? _("database is up to date") : _("database created"));
		if (demo)
			fputs(_(", demo company added"), out);
		if (group)
			fprintf(out, _(", shared with group %s"), group);
		fputc('\n', out);
	}
	return rc;
}

/* ---- team | manager | channel | metric ---- */

static const char *const admin_usage =
	N_("Usage: kpitop team add NAME | rename NAME NEW | archive NAME | unarchive NAME\n"
	   "                   | head NAME MANAGER | head NAME --none | list [--all]\n"
	   "       kpitop manager add NAME --team TEAM | rename NAME NEW | move NAME --team TEAM\n"
	   "                      | archive NAME | unarchive NAME | list [--all]\n"
	   "       kpitop channel add NAME | rename NAME NEW | archive NAME | unarchive NAME\n"
	   "                      | list [--all]\n"
	   "       kpitop metric add KEY [--label LABEL] [--money] [--funnel N]\n"
	   "                     | rename KEY LABEL | archive KEY | unarchive KEY | list [--all]\n"
	   "  -t, --team TEAM     the team of a salesperson (manager add, manager move)\n"
	   "  -l, --label LABEL   the label shown for a metric (default its key)\n"
	   "  -m, --money         the metric is an amount of money, not a count\n"
	   "  -f, --funnel N      the metric's stage in the sales funnel (1..100)\n"
	   "  -a, --all           list archived rows too, marked 'archived'\n"
	   "  -h, --help          show this help and exit\n"
	   "Options may come anywhere after the action.\n"
	   "Lists print one row per line, fields separated by tabs.\n"
	   "A team's head, an active manager of it, is rated by the team's completion and\n"
	   "their own: team x [bonus] team_weight + personal x (1 - team_weight);\n"
	   "'team head NAME --none' leaves the team without a head.\n");

struct admin {
	const char *table; /* team, manager, channel, metric */
	const char *action;
	const char *team;  /* --team */
	const char *label; /* --label */
	int money, funnel, all, none;
	char **args;
	int nargs;
};

/* The id of a named row of the admin's table, or 0 with a message. */
static int64_t admin_find(const struct kp_dims *d, const char *table, const char *name)
{
	/* One message per table: other languages inflect the noun. */
	if (strcmp(table, "team") == 0) {
		const struct kp_team *t = dims_team_by_name(d, name);
		if (t)
			return t->id;
		app_error(EXIT_RUNTIME, _("%s: no team named '%s'"), table, name);
	} else if (strcmp(table, "manager") == 0) {
		const struct kp_manager *m = dims_manager_by_name(d, name);
		if (m)
			return m->id;
		app_error(EXIT_RUNTIME, _("%s: no manager named '%s'"), table, name);
	} else if (strcmp(table, "channel") == 0) {
		const struct kp_channel *c = report_channel_find(d, name);
		if (c)
			return c->id;
		app_error(EXIT_RUNTIME, _("%s: no channel named '%s'"), table, name);
	} else {
		const struct kp_metric *m = dims_metric_by_key(d, name);
		if (m)
			return m->id;
		app_error(EXIT_RUNTIME, _("%s: no metric named '%s'"), table, name);
	}
	return 0;
}

static void admin_list(const struct admin *a, const struct kp_dims *d)
{
	if (strcmp(a->table, "team") == 0) {
		for (size_t i = 0; i < d->nteams; i++) {
			size_t n = 0;
			for (size_t k = 0; k < d->nmanagers; k++)
				n += d->managers[k].team_id == d->teams[i].id && !d->managers[k].archived;
			if (!a->all && d->teams[i].archived)
				continue;
			app_printf("%s", d->teams[i].name);
			printf("\t%zu manager%s%s", n, n == 1 ? "" : "s",
			       d->teams[i].archived ? "\tarchived" : "");
			/* Last, so the fields before it stay where scripts expect them. */
			const struct kp_manager *h = dims_team_head(d, &d->teams[i]);
			if (h)
				fputs("\thead ", stdout), app_printf("%s", h->name);
			putchar('\n');
		}
	} else if (strcmp(a->table, "manager") == 0) {
		for (size_t i = 0; i < d->nmanagers; i++) {
			const struct kp_manager *m = &d->managers[i];
			int ti = dims_team_index(d, m->team_id);
			if (a->all || !m->archived)
				app_printf("%s", m->name), putchar('\t'),
					app_printf("%s", ti >= 0 ? d->teams[ti].name : "?"),
					printf("%s\n", m->archived ? "\tarchived" : "");
		}
	} else if (strcmp(a->table, "channel") == 0) {
		for (size_t i = 0; i < d->nchannels; i++)
			if (a->all || !d->channels[i].archived)
				app_printf("%s", d->channels[i].name),
					printf("%s\n", d->channels[i].archived ? "\tarchived" : "");
	} else {
		for (size_t i = 0; i < d->nmetrics; i++) {
			const struct kp_metric *m = &d->metrics[i];
			if (!a->all && m->archived)
				continue;
			app_printf("%s", m->key);
			putchar('\t');
			app_printf("%s", m->label);
			printf("\t%s", m->kind == METRIC_MONEY ? "money" : "count");
			if (m->funnel)
				printf("\tfunnel %d", m->funnel);
			printf("%s\n", m->archived ? "\tarchived" : "");
		}
	}
}

static int admin_parse(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"team", required_argument, NULL, 't'}, {"label", required_argument, NULL, 'l'},
		{"money", no_argument, NULL, 'm'},      {"funnel", required_argument, NULL, 'f'},
		{"all", no_argument, NULL, 'a'},        {"help", no_argument, NULL, 'h'},
		{"none", no_argument, NULL, 'N'},
		{NULL, 0, NULL, 0},
	};
	a->table = argv[0];
	if (argc < 2)
		return app_usage(a->table, "%s",
				 strcmp(a->table, "team") == 0
					 ? _("give an action: add, rename, head, archive, unarchive or list")
				 : strcmp(a->table, "manager") == 0
					 ? _("give an action: add, move, rename, archive, unarchive or list")
					 : _("give an action: add, rename, archive, unarchive or list"));
	a->action = argv[1];
	if (strcmp(a->action, "--help") == 0 || strcmp(a->action, "-h") == 0)
		return fputs(_(admin_usage), stdout), -1;
	int c;
	/* Parse from the action on, so options may come anywhere after it. */
	argc--, argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "t:l:mf:ah", opts, NULL)) != -1) {
		switch (c) {
		case 't': a->team = optarg; break;
		case 'l': a->label = optarg; break;
		case 'm': a->money = 1; break;
		case 'a': a->all = 1; break;
		case 'N': a->none = 1; break;
		case 'f': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 100)
				return app_usage(a->table, _("--funnel takes a stage number 1..100"));
			a->funnel = (int)v;
			break;
		}
		case 'h': return fputs(_(admin_usage), stdout), -1;
		default: return app_bad_option(a->table, "t:l:mf:ah", opts, argv);
		}
	}
	a->args = argv + optind;
	a->nargs = argc - optind;
	static const struct {
		const char *action;
		int nargs;
	} arity[] = {{"add", 1}, {"rename", 2}, {"archive", 1}, {"unarchive", 1}, {"list", 0},
		     {"move", 1}, {"head", 2}};
	int head = strcmp(a->action, "head") == 0;
	if (a->none && !head)
		return app_usage(a->table, _("--none goes with team head"));
	if (head && strcmp(a->table, "team") == 0 && a->none)
		return a->nargs == 1 ? EXIT_OK
				     : app_usage(a->table, _("team head NAME --none takes no manager"));
	for (size_t i = 0; i < sizeof arity / sizeof arity[0]; i++) {
		if (strcmp(a->action, arity[i].action) != 0)
			continue;
		if (strcmp(a->action, "move") == 0 && strcmp(a->table, "manager") != 0)
			break;
		if (head && strcmp(a->table, "team") != 0)
			break;
		if (a->nargs != arity[i].nargs)
			return app_usage(a->table,
					 P_("%s %s takes %d argument", "%s %s takes %d arguments",
					    (unsigned long)arity[i].nargs),
					 a->table, a->action, arity[i].nargs);
		if (strcmp(a->table, "manager") == 0 && !a->team &&
		    (strcmp(a->action, "add") == 0 || strcmp(a->action, "move") == 0))
			return app_usage(a->table, _("manager %s needs --team TEAM"), a->action);
		return EXIT_OK;
	}
	return app_usage(a->table, _("unknown action '%s'"), a->action);
}

static int admin_apply(const struct admin *a, struct store *s, struct kp_dims *d,
		       struct kp_err *e)
{
	const char *act = a->action;
	if (strcmp(act, "add") == 0) {
		if (strcmp(a->table, "team") == 0)
			return store_team_add(s, a->args[0], NULL, e);
		if (strcmp(a->table, "channel") == 0)
			return store_channel_add(s, a->args[0], NULL, e);
		if (strcmp(a->table, "metric") == 0)
			return store_metric_add(s, a->args[0], a->label ? a->label : a->args[0],
						a->money ? METRIC_MONEY : METRIC_COUNT, a->funnel, NULL, e);
	}
	const char *arg = a->args[0];
	int64_t team_id = 0, id = 0;
	if (a->team) {
		const struct kp_team *t = dims_team_by_name(d, a->team);
		if (!t)
			return kp_fail(e, _("no team named '%s'"), a->team);
		team_id = t->id;
	}
	if (strcmp(act, "add") == 0)
		return store_manager_add(s, arg, team_id, NULL, e);
	if (!(id = admin_find(d, a->table, arg)))
		return -2; /* already reported */
	if (strcmp(act, "rename") == 0)
		return store_rename(s, a->table, id, a->args[1], e);
	if (strcmp(act, "move") == 0)
		return store_manager_move(s, id, team_id, e);
	if (strcmp(act, "head") == 0) {
		int64_t head = 0;
		if (!a->none && !(head = admin_find(d, "manager", a->args[1])))
			return -2;
		return store_team_head(s, id, head, e);
	}
	int archive = strcmp(act, "archive") == 0;
	if (archive && strcmp(a->table, "team") == 0) {
		/* Its people would count in TOTAL under no team row. */
		size_t active = 0;
		for (size_t i = 0; i < d->nmanagers; i++)
			active += d->managers[i].team_id == id && !d->managers[i].archived;
		if (active > 0)
			return kp_fail(e,
				       P_("%s: %zu active salesperson is in this team; move or archive "
					  "them first",
					  "%s: %zu active salespeople are in this team; move or archive "
					  "them first",
					  active),
				       arg, active);
	}
	if (archive && strcmp(a->table, "channel") == 0) {
		/* Every entry names a channel: the last one must stay. */
		size_t active = 0;
		int this_active = 0;
		for (size_t i = 0; i < d->nchannels; i++) {
			active += !d->channels[i].archived;
			this_active |= d->channels[i].id == id && !d->channels[i].archived;
		}
		if (active == 1 && this_active)
			return kp_fail(e, _("%s: the last active channel cannot be archived "
					    "(entries need one; add another first)"),
				       arg);
	}
	return store_archive(s, a->table, id, archive, e);
}

int cmd_admin(struct app *app, int argc, char **argv)
{
	struct admin a = {0};
	int rc = admin_parse(&a, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int listing = strcmp(a.action, "list") == 0;
	struct store *s = app_open_store(app, listing ? STORE_READONLY : 0);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_dims d;
	struct kp_err e;
	if (store_load_dims(s, &d, &e)) {
		store_close(s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	rc = EXIT_OK;
	if (listing) {
		admin_list(&a, &d);
	} else if (store_begin(s, NULL, a.table, &e)) {
		rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	} else {
		/* Again, now under the write lock: the checks below (the last
		 * active channel, a team's active people) must see what another
		 * writer committed while this one waited. */
		dims_free(&d);
		int r = store_load_dims(s, &d, &e) ? -1 : admin_apply(&a, s, &d, &e);
		if (r) {
			store_rollback(s);
			rc = r == -2 ? EXIT_RUNTIME : app_error(EXIT_RUNTIME, "%s: %s", a.table, e.msg);
		} else if (store_commit(s, &e)) {
			rc = app_error(EXIT_RUNTIME, "%s", e.msg);
		}
	}
	dims_free(&d);
	store_close(s);
	return rc;
}

/* ---- backup, check ---- */

int cmd_backup(struct app *app, int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(_("Usage: kpitop backup FILE\n"
			"Write a consistent copy of the database to a new FILE while others keep working\n"
			"(SQLite online backup).\n"),
		      stdout);
		return EXIT_OK;
	}
	if (argc != 2)
		return app_usage("backup", _("give the backup FILE"));
	struct store *s = app_open_store(app, STORE_READONLY);
	if (!s)
		return EXIT_RUNTIME;
	struct kp_err e;
	int rc = EXIT_OK;
	if (store_backup(s, argv[1], &e))
		rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	else
		app_printf(_("%s: backup written"), argv[1]), putchar('\n');
	store_close(s);
	return rc;
}

/* ---- restore ---- */

static const char *const restore_usage =
	N_("Usage: kpitop restore [--yes] [--keep PATH] FILE\n"
	   "Put the backup FILE back while others keep working.  FILE is checked first\n"
	   "(a kpitop database, intact, not from a newer kpitop; an older one is upgraded),\n"
	   "then its data replaces all of the database's in one step, and open dashboards\n"
	   "show it within a second.  The changes made since the backup are gone; what is\n"
	   "replaced is first copied to a new file, beside the database unless --keep.\n"
	   "  -y, --yes         do not ask (needed when standard input is not a terminal)\n"
	   "  -k, --keep PATH   copy what is replaced to PATH (default\n"
	   "                    DATABASE.before-restore-YYYYMMDD-HHMMSS)\n"
	   "  -h, --help        show this help and exit\n"
	   "Never copy a backup over the database file while kpitop runs anywhere: the\n"
	   "old file's -wal is applied to the copy, which undoes the restore or corrupts it.\n");

/* DATABASE.before-restore-YYYYMMDD-HHMMSS (local time), a name not taken. */
static char *restore_keep_path(const char *db)
{
	char stamp[32] = "";
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	char *p = xasprintf("%s.before-restore-%s", db, stamp);
	struct stat st;
	for (int i = 2; i < 100 && lstat(p, &st) == 0; i++) {
		free(p);
		p = xasprintf("%s.before-restore-%s-%d", db, stamp, i);
	}
	return p;
}

/* "12 entries and 3 plans" */
static char *restore_amount(int64_t entries, int64_t plans)
{
	char *a = xasprintf(P_("%lld entry", "%lld entries", (unsigned long)entries),
			    (long long)entries);
	char *b = xasprintf(P_("%lld plan", "%lld plans", (unsigned long)plans), (long long)plans);
	/* TRANSLATORS: "12 entries and 3 plans" in restore's question. */
	char *r = xasprintf(_("%s and %s"), a, b);
	free(a);
	free(b);
	return r;
}

/* The question on the terminal; 1 for the locale's yes (or y). */
static int restore_ask(const char *question)
{
	char line[256];
	fputs(question, stderr);
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin)) {
		fputc('\n', stderr);
		return 0;
	}
	line[strcspn(line, "\n")] = '\0';
	if (line[0] == 'y' || line[0] == 'Y')
		return 1;
	regex_t re;
	int yes = 0;
	if (regcomp(&re, nl_langinfo(YESEXPR), REG_EXTENDED | REG_NOSUB) == 0) {
		yes = regexec(&re, line, 0, NULL, 0) == 0;
		regfree(&re);
	}
	return yes;
}

static int restore_confirm(struct store *s, const struct app *app,
			   const struct store_restore *info, struct kp_err *e)
{
	int64_t entries, plans;
	struct kp_err why;
	char *then = restore_amount(info->entries, info->plans);
	struct strbuf q;
	sb_init(&q);
	if (store_counts(s, &entries, &plans, &why) == 0) {
		char *now = restore_amount(entries, plans);
		sb_printf(&q, _("kpitop: replace %s in %s with the backup's %s? [y/N] "), now,
			  app->db_path, then);
		free(now);
	} else {
		/* A damaged database: the reason instead of its counts. */
		sb_printf(&q, _("kpitop: %s; replace it with the backup's %s? [y/N] "), why.msg, then);
	}
	int yes = restore_ask(q.buf);
	sb_free(&q);
	free(then);
	return yes ? 0 : kp_fail(e, _("restore: not confirmed; nothing changed"));
}

int cmd_restore(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"keep", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int yes = 0, c;
	const char *keep_opt = NULL;
	while ((c = getopt_long(argc, argv, "yk:h", opts, NULL)) != -1) {
		if (c == 'y')
			yes = 1;
		else if (c == 'k')
			keep_opt = optarg;
		else if (c == 'h')
			return fputs(_(restore_usage), stdout), EXIT_OK;
		else
			return app_bad_option("restore", "yk:h", opts, argv);
	}
	if (optind >= argc)
		return app_usage("restore", _("give the backup FILE to restore"));
	if (optind + 1 < argc)
		return app_usage("restore", _("unexpected argument '%s'"), argv[optind + 1]);
	const char *file = argv[optind];
	/* Before any work: a script must say so. */
	if (!yes && !isatty(STDIN_FILENO))
		return app_error(EXIT_USAGE,
				 _("restore: replacing the database needs --yes when standard input is not a terminal"));
	/* Unchecked: a damaged database is what a restore may be for. */
	struct store *s = app_open_store(app, STORE_NO_CHECK);
	if (!s)
		return EXIT_RUNTIME;
	struct store *staged = NULL;
	struct store_restore info;
	struct kp_err e;
	char *keep = NULL;
	int rc = EXIT_OK;
	if (store_readonly(s))
		rc = app_error(EXIT_RUNTIME, _("%s: read-only for this user"), app->db_path);
	else if (store_restore_stage(s, file, kp_username(), &staged, &info, &e) ||
		 (!yes && restore_confirm(s, app, &info, &e)))
		rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	if (rc == EXIT_OK) {
		keep = keep_opt ? xstrdup(keep_opt) : restore_keep_path(app->db_path);
		if (store_restore_apply(s, staged, keep, &e))
			rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	if (rc == EXIT_OK) {
		if (info.schema < STORE_SCHEMA_VERSION)
			app_printf(_("%s: schema %d upgraded to %d"), file, info.schema,
				   STORE_SCHEMA_VERSION),
				putchar('\n');
		if (info.rollups_rebuilt)
			app_printf(_("%s: its roll-ups disagreed with its entries and were rebuilt"), file),
				putchar('\n');
		app_printf(_("%s: restored (entries: %lld, plans: %lld; the changes since the backup "
			     "are gone; a backup of what was replaced is in %s)"),
			   file, (long long)info.entries, (long long)info.plans, keep);
		putchar('\n');
	}
	free(keep);
	store_close(staged);
	store_close(s);
	return rc;
}

int cmd_check(struct app *app, int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(_("Usage: kpitop check\n"
			"Run SQLite's integrity and foreign-key checks, compare the roll-ups with the entries,\n"
			"and print the schema version and counts (fixed English lines, for scripts).\n"
			"Exit status 1 when the database is damaged or a roll-up disagrees.\n"),
		      stdout);
		return EXIT_OK;
	}
	if (argc != 1)
		return app_usage("check", _("check takes no arguments"));
	struct store *s = app_open_store(app, STORE_READONLY);
	if (!s)
		return EXIT_RUNTIME;
	struct store_check c;
	struct kp_err e;
	int rc = EXIT_OK;
	if (store_check(s, &c, &e)) {
		rc = app_error(EXIT_RUNTIME, "%s", e.msg);
	} else {
		printf("database: %s%s\n", app->db_path, store_readonly(s) ? "" : "");
		printf("schema: %d\njournal: %s\nintegrity: %s\n", c.user_version, c.journal_mode,
		       c.ok ? "ok" : c.detail);
		if (c.rollups_ok)
			printf("roll-ups: ok\n");
		printf("teams: %lld\nmanagers: %lld\nchannels: %lld\nmetrics: %lld\n"
		       "entries: %lld\nplans: %lld\nchanges: %lld\n",
		       (long long)c.teams, (long long)c.managers, (long long)c.channels,
		       (long long)c.metrics, (long long)c.entries, (long long)c.plans,
		       (long long)c.changes);
		if (!c.ok)
			rc = app_error(EXIT_RUNTIME, _("%s: integrity check failed: %s"), app->db_path,
				       c.detail);
	}
	store_close(s);
	return rc;
}
