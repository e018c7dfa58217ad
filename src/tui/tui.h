/* tui.h - the dashboard's entry point (the only header main needs). */
#ifndef KPITOP_TUI_H
#define KPITOP_TUI_H

struct app;

/* How the dashboard runs.  keys_file/dump_file select the scripted screen
 * test mode: curses draws into memory only, keys come from the script (taken
 * only when the program is idle) and screens are written to dump_file. */
struct tui_opts {
	const char *keys_file;
	const char *dump_file;
	int cols, rows; /* screen size in test mode (default 80x24) */
};

/* Run until the user quits; returns an exit status. */
int tui_run(struct app *app, const struct tui_opts *opts);

#endif
