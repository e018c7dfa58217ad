/* cmd.h - the command-line commands (main.c dispatches to these). */
#ifndef KPITOP_CMD_H
#define KPITOP_CMD_H

#include <stdio.h>

#include "kpitop/config.h"
#include "kpitop/store.h"

/* Exit statuses (SPEC section 5). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* What every command gets: global options already applied. */
struct app {
	const char *progname;
	struct kp_config cfg;
	char *db_path;       /* resolved: --db, config, or the XDG default */
	const char *config_path;
	int no_color;
	FILE *status;        /* where init reports (stderr when building the demo) */
};

/* Open app->db_path (flags as for store_open); prints the error itself and
 * returns NULL on failure. */
struct store *app_open_store(struct app *app, int flags);

/* Print "kpitop: <msg>" on stderr; returns the status given. */
int app_error(int status, const char *fmt, ...) KP_PRINTF(2, 3);
/* printf to stdout with control characters in the result escaped (names
 * from the database); the format's own newline is kept. */
void app_printf(const char *fmt, ...) KP_PRINTF(1, 2);
/* Usage error for a command: message, then a hint to --help; returns 2. */
int app_usage(const char *cmd, const char *fmt, ...) KP_PRINTF(2, 3);
/* The usage error for what getopt_long refused (optstring and longopts as
 * given to it): an option without its value, named as typed, or an unknown
 * one. */
struct option;
int app_bad_option(const char *cmd, const char *optstring, const struct option *longopts,
		   char **argv);

/* Each command parses its own options (argv[0] is the command name) and
 * returns an exit status. */
int cmd_init(struct app *app, int argc, char **argv);
int cmd_add(struct app *app, int argc, char **argv);
int cmd_plan(struct app *app, int argc, char **argv);
int cmd_import(struct app *app, int argc, char **argv);
int cmd_export(struct app *app, int argc, char **argv);
int cmd_undo(struct app *app, int argc, char **argv);
int cmd_log(struct app *app, int argc, char **argv);
int cmd_backup(struct app *app, int argc, char **argv);
int cmd_restore(struct app *app, int argc, char **argv);
int cmd_check(struct app *app, int argc, char **argv);
int cmd_admin(struct app *app, int argc, char **argv); /* team|manager|channel|metric */
int cmd_report(struct app *app, int argc, char **argv);

/* The demo database path: $XDG_DATA_HOME/kpitop/demo.db; malloc'd. */
char *app_demo_path(void);

#endif
