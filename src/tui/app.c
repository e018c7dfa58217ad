/* app.c - the dashboard's loop: one thread waits on the keyboard and the
 * refresh tick together, reloads only when the database changed (PRAGMA
 * data_version), and draws through one doupdate() per pass so curses sends
 * only the cells that changed. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "kpitop/textw.h"
#include "tui.h"
#include "ui.h"

static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/* A crash must still give the terminal back. */
static void on_fatal_signal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

enum keyboard { KB_LIVE, KB_BACKGROUND, KB_GONE };

/* Called when poll said the keyboard was readable but curses got no key.
 * A live terminal does that at most now and then (half an escape sequence).
 * A job in the background that ignores SIGTTIN cannot read its terminal:
 * it should wait without spinning.  A terminal at end of file or failing
 * reads, which poll does not flag as a hang-up, does it on every wake-up:
 * time to leave. */
static enum keyboard keyboard_state(int *wakeups)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);
	if (fg < 0)
		return KB_GONE;
	if (fg != getpgrp())
		return KB_BACKGROUND;
	int avail = 0;
	if (ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 && avail > 0) {
		*wakeups = 0;
		return KB_LIVE;
	}
	return ++*wakeups >= 3 ? KB_GONE : KB_LIVE;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = (int)SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ---- data ---- */

static void views_free(struct ui *u)
{
	for (int i = 0; i < NKPI; i++)
		kpi_view_free(&u->views[i]);
}

static int ui_reload(struct ui *u, struct kp_err *e)
{
	struct snapshot sn;
	if (u->follow_today)
		u->asof = kp_today();
	if (snapshot_load(&sn, u->s, u->pkind, u->asof, 1, e))
		return -1;
	if (u->loaded) {
		views_free(u);
		snapshot_free(&u->snap);
	}
	u->snap = sn;
	for (int i = 0; i < NKPI; i++) {
		memset(&u->views[i], 0, sizeof u->views[i]);
		snapshot_view(&u->snap, &u->set, (enum kpi_view_kind)i, &u->views[i]);
	}
	u->loaded = 1;
	table_restore(u);
	/* The grids and the log are small: kept current with everything else. */
	if (grid_load(u, &u->grids[0], e) || grid_load(u, &u->grids[1], e) || log_load(u, e))
		return -1;
	return 0;
}

static void stamp_now(struct ui *u)
{
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm))
		strftime(u->last_change, sizeof u->last_change, "%H:%M:%S", &tm);
}

static void remember_file(struct ui *u)
{
	struct stat st;
	if (stat(store_path(u->s), &st) == 0) {
		u->db_dev = st.st_dev;
		u->db_ino = st.st_ino;
	}
}

/* The database file deleted or replaced under us: keep showing what was
 * read, or switch to the new file. */
static void draw_status(struct ui *u);

static const char *wait_text(void)
{
	return _("waiting for the database: another program is writing to it");
}

/* A write (or, rarely, a read) waits for another program's transaction: say
 * so at once, or the screen looks frozen until the lock is free. */
static void on_db_wait(void *arg)
{
	struct ui *u = arg;
	ui_message(u, 0, "%s", wait_text());
	u->wait_shown = 1;
	if (u->too_small)
		return;
	draw_status(u);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The wait is over: its message goes unless something replaced it. */
static int wait_over(struct ui *u)
{
	if (!u->wait_shown)
		return DONE;
	u->wait_shown = 0;
	if (strcmp(u->msg, wait_text()) != 0)
		return DONE;
	u->msg[0] = '\0';
	return REDRAW;
}

static int check_file(struct ui *u);

int ui_file_ok(struct ui *u)
{
	int f = check_file(u);
	if (u->db_gone) {
		ui_message(u, 1, "%s", _("not saved: the database file was deleted"));
		return 0;
	}
	if (u->db_stale) {
		/* The connection is the old file's: a commit would land in a
		 * -wal beside a file it does not belong to. */
		ui_message(u, 1, "%s",
			   _("not saved: the database file was replaced by one that cannot be opened"));
		return 0;
	}
	if (f != DONE) {
		/* Its rows may not be the ones on the screen.  A warning about
		 * the new file stays, after what happened to the value. */
		if (u->msg_error) {
			char said[sizeof u->msg];
			snprintf(said, sizeof said, "%s", u->msg);
			ui_message(u, 1, _("not saved: %s"), said);
		} else {
			ui_message(u, 1, "%s",
				   _("not saved: the database file was replaced; the new one is shown now"));
		}
		return 0;
	}
	return 1;
}

static int check_file(struct ui *u)
{
	struct stat st;
	struct kp_err e;
	if (stat(store_path(u->s), &st) != 0) {
		if (u->db_gone)
			return DONE;
		ui_message(u, 1, "%s", _("the database file was deleted; showing the last data read"));
		u->db_gone = 1;
		return REDRAW;
	}
	int same = st.st_dev == u->db_dev && st.st_ino == u->db_ino;
	if (!u->db_gone && !u->db_stale && same)
		return DONE;
	/* Looked at before this process opens the new file: an old -wal that
	 * still holds commits is applied to it, and what it shows then may be
	 * neither file's data. */
	int stale_wal = store_wal_pending(store_path(u->s));
	struct store *fresh;
	if (store_open(&fresh, store_path(u->s), 0, &e)) {
		/* Tried again on every tick, quietly while it is the same file
		 * (someone may chmod it); nothing is saved meanwhile. */
		if (u->db_stale && same)
			return DONE;
		ui_message(u, 1, _("the database file was replaced and cannot be opened: %s"), e.msg);
		u->db_dev = st.st_dev;
		u->db_ino = st.st_ino;
		u->db_stale = 1;
		u->db_gone = 0;
		return REDRAW;
	}
	store_close(u->s);
	u->s = fresh;
	u->db_stale = 0;
	store_set_busy_timeout(u->s, u->app->cfg.busy_timeout_ms);
	store_on_wait(u->s, on_db_wait, u);
	u->db_gone = 0;
	remember_file(u);
	store_data_version(u->s, &u->data_version, &e);
	if (stale_wal)
		ui_message(u, 1, "%s",
			   _("the database file was replaced while in use: the old file's -wal was "
			     "applied to it, so the data may be wrong; use 'kpitop restore' instead"));
	else
		ui_message(u, 0, "%s",
			   _("the database file was replaced: showing the new one (to put a backup "
			     "back, use 'kpitop restore')"));
	stamp_now(u);
	return RELOAD | REDRAW;
}

/* The refresh tick: a changed data_version (another connection committed)
 * or a new day when following today. */
static int ui_tick(struct ui *u)
{
	int64_t dv;
	struct kp_err e;
	int f = check_file(u);
	if (f != DONE)
		return f;
	if (store_data_version(u->s, &dv, &e)) {
		ui_message(u, 1, "%s", e.msg);
		return REDRAW;
	}
	int changed = dv != u->data_version;
	if (changed || (u->follow_today && kp_today() != u->asof)) {
		u->data_version = dv;
		if (changed)
			stamp_now(u);
		return RELOAD | REDRAW;
	}
	return DONE;
}

/* ---- drawing ---- */

static const char *view_title(int view)
{
	switch (view) {
	case VIEW_TEAMS: return C_("view", "Teams");
	case VIEW_MANAGERS: return C_("view", "Managers");
	case VIEW_CHANNELS: return C_("view", "Channels");
	case VIEW_DAY: return C_("view", "Day sheet");
	case VIEW_PLANS: return C_("view", "Plans");
	default: return C_("view", "Log");
	}
}

/* The short names on the tab line. */
static const char *tab_title(int view)
{
	switch (view) {
	case VIEW_TEAMS: return C_("tab", "Teams");
	case VIEW_MANAGERS: return C_("tab", "Managers");
	case VIEW_CHANNELS: return C_("tab", "Channels");
	case VIEW_DAY: return C_("tab", "Day");
	case VIEW_PLANS: return C_("tab", "Plans");
	default: return C_("tab", "Log");
	}
}

static struct grid *cur_grid(struct ui *u)
{
	return u->view == VIEW_DAY ? &u->grids[0] : u->view == VIEW_PLANS ? &u->grids[1] : NULL;
}

/* Segments of the top line, dropped from the end while they do not fit
 * beside the live indicator. */
static void draw_header(struct ui *u)
{
	const struct kpi_view *v = &u->views[u->view < NKPI ? u->view : u->kpi_view];
	char asof[DATE_TEXT_MAX], pace[32], seg[6][128], right[256];
	report_date(&u->style, v->asof, asof);
	fmt_pct(u, v->expected, pace, sizeof pace);
	snprintf(seg[0], sizeof seg[0], " kpitop");
	snprintf(seg[1], sizeof seg[1], "%s", view_title(u->view));
	report_period(&u->style, v->period, seg[2], sizeof seg[2]);
	/* TRANSLATORS: header: the numbers are up to this date. */
	snprintf(seg[3], sizeof seg[3], _("as of %s"), asof);
	/* TRANSLATORS: header: working days of the period, elapsed/total. */
	snprintf(seg[4], sizeof seg[4], _("day %d/%d"), v->pace.elapsed, v->pace.total);
	/* TRANSLATORS: header: % of the period's working days gone (the pace
	 * the plan should be at). */
	snprintf(seg[5], sizeof seg[5], _("pace %s"), pace);
	/* What the user cannot do, for as long as it lasts. */
	const char *state = u->db_gone		   ? C_("header", "file deleted")
			    : u->db_stale	   ? C_("header", "file unusable")
			    : store_readonly(u->s) ? C_("header", "read-only")
						   : "";
	snprintf(right, sizeof right, "%s%s%s %s %s ", state, *state ? " " : "",
		 u->utf8 ? "●" : "*", u->last_change, kp_username());
	const char *dot = u->utf8 ? " · " : " | ";
	int rw = textw_width(right), nseg = u->view < NKPI ? 6 : 2;
	struct strbuf sb;
	sb_init(&sb);
	for (;;) {
		sb_reset(&sb);
		for (int i = 0; i < nseg; i++) {
			if (i > 0)
				sb_puts(&sb, dot);
			sb_puts(&sb, seg[i]);
		}
		if (textw_width(sb.buf) + rw + 1 <= COLS || nseg <= 2)
			break;
		nseg--;
	}
	draw_fill(0, 0, COLS, u->attr[C_HEADER]);
	draw_text(0, 0, COLS, sb.buf, 0, u->attr[C_HEADER] | A_BOLD);
	if (textw_width(sb.buf) + rw + 1 <= COLS)
		draw_text(0, COLS - rw, rw, right, 1, u->attr[C_HEADER]);
	sb_free(&sb);
}

static void draw_tabs(struct ui *u)
{
	int x = 1;
	draw_fill(1, 0, COLS, u->attr[C_NORMAL]);
	for (int i = 0; i < NVIEWS && x < COLS; i++) {
		char tab[64];
		snprintf(tab, sizeof tab, " %d %s ", i + 1, tab_title(i));
		int w = textw_width(tab);
		if (w > COLS - x)
			w = COLS - x; /* never past the edge: it would wrap */
		draw_text(1, x, w, tab, 0, i == u->view ? u->attr[C_SELECTED] : u->attr[C_DIM]);
		x += w + 1;
	}
	if (u->card && x + 1 < COLS)
		draw_text(1, x + 1, COLS - x - 1, C_("tab", "card"), 0, u->attr[C_TITLE]);
}

static void draw_status(struct ui *u)
{
	int y = LINES - 1;
	draw_fill(y, 0, COLS, u->attr[C_STATUS]);
	if (u->finding) {
		char buf[600];
		/* TRANSLATORS: the find prompt on the bottom line. */
		snprintf(buf, sizeof buf, _("Find: %s"), u->find);
		draw_text(y, 0, COLS, buf, 0, u->attr[C_STATUS]);
		return;
	}
	if (u->msg[0]) {
		attr_t a = u->msg_error ? u->attr[C_BAD] : u->attr[C_STATUS];
		/* A message longer than the line takes rows above as well (until
		 * it goes), up to four, rather than losing its end: a refusal's
		 * fix comes last. */
		int lines = 0;
		for (const char *p = u->msg; *p && lines < 4; lines++) {
			size_t next;
			textw_break(p, COLS, &next);
			p += next;
		}
		if (lines > y - 2)
			lines = y - 2 > 1 ? y - 2 : 1;
		for (int i = 1; i < lines; i++)
			draw_fill(y - i, 0, COLS, a);
		draw_wrapped(y - lines + 1, lines, u->msg, 0, a);
		return;
	}
	char typing[2048];
	struct grid *g = cur_grid(u);
	if (g && grid_status(u, g, typing, sizeof typing)) {
		draw_text(y, 1, COLS - 1, typing, 0, u->attr[C_STATUS]);
		return;
	}
	const char *keys;
	/* TRANSLATORS: the key bars: a key, then what it does, two spaces
	 * between pairs; help first, then the most used (the end is cut on
	 * narrow terminals). */
	if (u->view == VIEW_DAY)
		keys = _("? help  digits type  Enter/Tab save+move  [ ] day  { } team  ( ) channel"
			 "  y copy prev day  x clear  u undo  / find  Esc back");
	else if (u->view == VIEW_PLANS)
		keys = _("? help  digits type  Enter/Tab save+move  [ ] month  { } team"
			 "  y copy last month  x clear  u undo  / find  Esc back");
	else if (u->view == VIEW_LOG)
		keys = _("? help  Up/Down select  / find  u undo  1-6/Tab views  Esc back  q quit");
	else if (u->card)
		keys = _("? help  Esc back  Up/Down row  Left/Right period  p period kind  q quit");
	else
		keys = _("? help  1-6/Tab view  Enter card  Left/Right period  p kind  t today  / find"
			 "  s sort  q quit");
	draw_text(y, 1, COLS - 1, keys, 0, u->attr[C_STATUS]);
}

#define MIN_COLS 40
#define MIN_ROWS 10

static void ui_draw(struct ui *u)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		char buf[256];
		snprintf(buf, sizeof buf, _("Too small: %dx%d (need %dx%d)"), COLS, LINES,
			 MIN_COLS, MIN_ROWS);
		draw_text(LINES / 2, 0, COLS, buf, 0, A_BOLD);
		u->too_small = 1;
	} else {
		u->too_small = 0;
		draw_header(u);
		draw_tabs(u);
		int top = 2, rows = LINES - 3;
		if (u->help)
			help_draw(u, top, rows);
		else if (cur_grid(u))
			grid_draw(u, cur_grid(u), top, rows);
		else if (u->view == VIEW_LOG)
			log_draw(u, top, rows);
		else if (u->card)
			card_draw(u, top, rows);
		else
			table_draw(u, top, rows);
		draw_status(u);
	}
	wnoutrefresh(stdscr);
	doupdate();
	if (u->app->cfg.bell) {
		int alerts = table_alerts(u);
		if (alerts > u->alerts_seen)
			beep();
		u->alerts_seen = alerts;
	}
}

/* ---- keys ---- */

static int move_period(struct ui *u, int dir)
{
	struct period p = period_containing(u->pkind, u->asof);
	kp_date today = kp_today();
	p = dir < 0 ? period_prev(p) : period_next(p);
	if (p.from > today) {
		ui_message(u, 0, "%s", _("no data in the future"));
		return REDRAW;
	}
	/* A past period is shown whole; the current one up to today. */
	u->asof = p.to < today ? p.to : today;
	u->follow_today = u->asof == today;
	return RELOAD | REDRAW;
}

/* `/` and `n` in every view: a row of a table, a manager (or the team) of a
 * grid, a line of the log; each view keeps its own cursor. */
static int ui_find(struct ui *u, const char *needle, int from_next)
{
	struct grid *g = cur_grid(u);
	if (u->view < NKPI)
		return table_find(u, needle, from_next);
	if (g)
		return grid_find(u, g, needle, from_next);
	if (u->view == VIEW_LOG)
		return log_find(u, needle, from_next);
	return 0;
}

/* Where the selection is, to go back to when the find is cancelled or
 * matches nothing (as less and vim do). */
static void find_save(struct ui *u)
{
	struct grid *g = cur_grid(u);
	if (u->view < NKPI)
		table_find_save(u, &u->find_from);
	else if (g)
		grid_find_save(g, &u->find_from);
	else if (u->view == VIEW_LOG)
		log_find_save(u, &u->find_from);
}

static void find_restore(struct ui *u)
{
	struct grid *g = cur_grid(u);
	if (u->view < NKPI)
		table_find_restore(u, &u->find_from);
	else if (g)
		grid_find_restore(u, g, &u->find_from);
	else if (u->view == VIEW_LOG)
		log_find_restore(u, &u->find_from);
}

/* Each change of the text searches again from where / was pressed, so
 * Backspace goes back to an earlier match and no match leaves the
 * selection where it was. */
static int find_again(struct ui *u)
{
	find_restore(u);
	return u->find_len && ui_find(u, u->find, 0);
}

static void find_failed(struct ui *u)
{
	if (u->view == VIEW_LOG)
		ui_message(u, 1, _("no change matches '%s'"), u->find);
	else
		ui_message(u, 1, _("no row matches '%s'"), u->find);
}

static int find_key(struct ui *u, wint_t ch, int is_fn)
{
	if ((!is_fn && (ch == 27)) || (is_fn && ch == KEY_F(10))) {
		u->finding = 0;
		find_restore(u);
		return REDRAW;
	}
	if ((!is_fn && (ch == '\n' || ch == '\r')) || (is_fn && ch == KEY_ENTER)) {
		u->finding = 0;
		if (!find_again(u) && u->find_len)
			find_failed(u);
		return REDRAW;
	}
	if ((is_fn && ch == KEY_BACKSPACE) || (!is_fn && (ch == 127 || ch == 8))) {
		/* Drop one whole UTF-8 character. */
		while (u->find_len > 0 && ((unsigned char)u->find[u->find_len - 1] & 0xC0) == 0x80)
			u->find_len--;
		if (u->find_len > 0)
			u->find_len--;
		u->find[u->find_len] = '\0';
		find_again(u);
		return REDRAW;
	}
	if (!is_fn && ch >= 32 && ch != 127) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = wcrtomb(mb, (wchar_t)ch, &st);
		if (n != (size_t)-1 && u->find_len + n < sizeof u->find) {
			memcpy(u->find + u->find_len, mb, n);
			u->find_len += n;
			u->find[u->find_len] = '\0';
			find_again(u);
		}
	}
	return REDRAW;
}

void ui_say_readonly(struct ui *u)
{
	const char *why = store_readonly_why(u->s);
	if (why)
		ui_message(u, 1, _("read-only: %s"), why);
	else
		ui_message(u, 1, _("read-only: this user cannot write %s"), store_path(u->s));
}

int ui_undo(struct ui *u)
{
	struct kp_err e;
	int64_t id;
	size_t cells;
	if (!ui_file_ok(u))
		return RELOAD | REDRAW;
	if (store_readonly(u->s))
		ui_say_readonly(u);
	else if (store_undo(u->s, kp_username(), &id, &cells, &e))
		ui_message(u, 1, "%s: %s", C_("message", "undo"), e.msg);
	else if (!id)
		ui_message(u, 0, "%s", _("nothing of yours to undo"));
	else
		ui_message(u, 0,
			   P_("undid change #%lld (%zu value restored)",
			      "undid change #%lld (%zu values restored)", cells),
			   (long long)id, cells);
	return RELOAD | REDRAW;
}

/* Entering a grid from a team or manager row opens that team. */
static int switch_view(struct ui *u, int view)
{
	if (view >= NKPI && view != VIEW_LOG && u->view < NKPI) {
		const struct kpi_row *r = table_selected(u);
		struct grid *g = &u->grids[view == VIEW_PLANS];
		if (r && r->kind == KPI_ROW_TEAM)
			g->team_id = r->id;
		if (r && r->kind == KPI_ROW_MANAGER) {
			int mi = dims_manager_index(&u->snap.dims, r->id);
			if (mi >= 0)
				g->team_id = u->snap.dims.managers[mi].team_id;
			g->row_id = r->id;
		}
	}
	if (view < NKPI)
		u->kpi_view = view;
	/* The Log opens on the newest change, however long ago it was left. */
	if (view == VIEW_LOG && u->view != VIEW_LOG) {
		u->log_sel = u->log_top = 0;
		u->log_sel_id = 0;
	}
	u->view = view;
	u->card = 0;
	return RELOAD | REDRAW;
}

static int ui_key(struct ui *u, wint_t ch, int is_fn)
{
	if (is_fn && ch == KEY_RESIZE)
		return REDRAW;
	if (u->finding)
		return find_key(u, ch, is_fn);
	struct grid *g = cur_grid(u);
	if (g && !u->help) {
		int f = grid_key(u, g, ch, is_fn);
		if (f >= 0)
			return f;
	}
	u->msg[0] = '\0';
	enum action a = keys_action((int)ch, is_fn);
	if (u->help) {
		int page = LINES - 5 > 1 ? LINES - 5 : 1;
		if (a == A_DOWN)
			u->help_top++;
		else if (a == A_UP && u->help_top > 0)
			u->help_top--;
		else if (a == A_PAGE_DOWN)
			u->help_top += page; /* help_draw stops at the end */
		else if (a == A_PAGE_UP)
			u->help_top = u->help_top > page ? u->help_top - page : 0;
		else if (a == A_HOME)
			u->help_top = 0;
		else if (a == A_END)
			u->help_top = 1 << 20;
		else if (a == A_BACK || a == A_QUIT || a == A_HELP || a == A_OPEN)
			u->help = 0;
		return REDRAW;
	}
	/* On the read-mostly views, undo takes u twice: one stray key must
	 * not revert data (the grids and the Log undo at once). */
	int armed = u->undo_armed;
	u->undo_armed = 0;
	switch (a) {
	case A_QUIT:
		if (u->card) {
			u->card = 0;
			return REDRAW;
		}
		return QUIT;
	case A_HELP:
		u->help = 1;
		u->help_top = 0;
		return REDRAW;
	case A_VIEW_TEAMS:
	case A_VIEW_MANAGERS:
	case A_VIEW_CHANNELS:
	case A_VIEW_DAY:
	case A_VIEW_PLANS:
	case A_VIEW_LOG:
		return switch_view(u, a - A_VIEW_TEAMS);
	case A_NEXT_VIEW:
		return switch_view(u, (u->view + 1) % NVIEWS);
	case A_PREV_VIEW:
		return switch_view(u, (u->view + NVIEWS - 1) % NVIEWS);
	case A_OPEN:
		if (u->view < NKPI)
			u->card = 1;
		return REDRAW;
	case A_BACK:
		if (u->view >= NKPI)
			return switch_view(u, u->kpi_view);
		u->card = 0;
		return REDRAW;
	case A_UNDO:
		if (u->view < NKPI && !armed) {
			u->undo_armed = 1;
			ui_message(u, 0, "%s", _("u again undoes your last change; any other key keeps it"));
			return REDRAW;
		}
		return ui_undo(u);
	case A_PREV_PERIOD:
		return move_period(u, -1);
	case A_NEXT_PERIOD:
		return move_period(u, 1);
	case A_TODAY:
		u->follow_today = 1;
		return RELOAD | REDRAW;
	case A_CYCLE_PERIOD:
	case A_CYCLE_PERIOD_BACK:
		u->pkind = (enum period_kind)((u->pkind + (a == A_CYCLE_PERIOD ? 1 : PERIOD_NKINDS - 1)) %
					      PERIOD_NKINDS);
		/* TRANSLATORS: the message after p: the period kind now shown. */
		ui_message(u, 0, _("period: %s"), report_period_kind(u->pkind));
		return RELOAD | REDRAW;
	case A_FIND:
		u->finding = 1;
		u->find_len = 0;
		u->find[0] = '\0';
		find_save(u);
		return REDRAW;
	case A_FIND_NEXT:
		if (u->find_len && !ui_find(u, u->find, 1))
			find_failed(u);
		return REDRAW;
	case A_REFRESH:
		clearok(curscr, TRUE);
		return RELOAD | REDRAW;
	case A_NONE:
		return DONE;
	default:
		if (u->view == VIEW_LOG)
			return log_key(u, a);
		return u->view < NKPI ? table_key(u, a) : DONE;
	}
}

/* ---- scripted test mode ---- */

struct script {
	char *text;
	size_t pos, len;
	FILE *dump;
	int ndumps;
};

static const struct {
	const char *name;
	int key, is_fn;
} key_names[] = {
	{"Enter", '\n', 0},	{"Esc", 27, 0},		   {"Tab", '\t', 0},
	{"BTab", KEY_BTAB, 1},	{"Up", KEY_UP, 1},	   {"Down", KEY_DOWN, 1},
	{"Left", KEY_LEFT, 1},	{"Right", KEY_RIGHT, 1},   {"PgUp", KEY_PPAGE, 1},
	{"PgDn", KEY_NPAGE, 1}, {"Home", KEY_HOME, 1},	   {"End", KEY_END, 1},
	{"Backspace", KEY_BACKSPACE, 1}, {"F1", KEY_F(1), 1}, {"F10", KEY_F(10), 1},
	{"Space", ' ', 0},	{"lt", '<', 0},
};

/* Write the screen as text, one line per row, trailing spaces dropped. */
static void dump_screen(struct script *sc)
{
	fprintf(sc->dump, "=== screen %d (%dx%d)\n", ++sc->ndumps, COLS, LINES);
	wchar_t *w = xcalloc((size_t)COLS + 1, sizeof *w);
	char *mb = xmalloc((size_t)COLS * MB_LEN_MAX + 1);
	for (int y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, w, COLS);
		if (n < 0)
			n = 0;
		w[n] = L'\0';
		size_t len = wcstombs(mb, w, (size_t)COLS * MB_LEN_MAX);
		if (len == (size_t)-1)
			len = 0;
		while (len > 0 && mb[len - 1] == ' ')
			len--;
		fprintf(sc->dump, "%.*s\n", (int)len, mb);
	}
	fflush(sc->dump);
	free(w);
	free(mb);
}

/* Next scripted key: 1 with the key set, 0 at the end.  Commands
 * (<dump>, <resize WxH>) are carried out here. */
static int script_next(struct script *sc, wint_t *ch, int *is_fn)
{
	while (sc->pos < sc->len) {
		char c = sc->text[sc->pos];
		if (c == '\n') {
			sc->pos++;
			continue;
		}
		if (c == '<') {
			char *end = memchr(sc->text + sc->pos, '>', sc->len - sc->pos);
			if (end) {
				size_t n = (size_t)(end - (sc->text + sc->pos)) - 1;
				const char *name = sc->text + sc->pos + 1;
				int w, h;
				sc->pos += n + 2;
				if (n == 4 && strncmp(name, "dump", 4) == 0) {
					dump_screen(sc);
					continue;
				}
				if (sscanf(name, "resize %dx%d", &w, &h) == 2) {
					resizeterm(h, w);
					*ch = KEY_RESIZE;
					*is_fn = 1;
					return 1;
				}
				for (size_t k = 0; k < sizeof key_names / sizeof key_names[0]; k++)
					if (strlen(key_names[k].name) == n &&
					    strncmp(name, key_names[k].name, n) == 0) {
						*ch = (wint_t)key_names[k].key;
						*is_fn = key_names[k].is_fn;
						return 1;
					}
				sc->pos -= n + 2; /* not a key name: type it */
			}
		}
		wchar_t wc;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = mbrtowc(&wc, sc->text + sc->pos, sc->len - sc->pos, &st);
		if (n == 0 || n > sc->len - sc->pos) {
			wc = (unsigned char)c;
			n = 1;
		}
		sc->pos += n;
		*ch = (wint_t)wc;
		*is_fn = 0;
		return 1;
	}
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sb_add(&sb, buf, n);
	fclose(fp);
	*len = sb.len;
	return sb.buf;
}

/* ---- setup and loop ---- */

static int locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

static void ui_init_state(struct ui *u, struct app *app)
{
	memset(u, 0, sizeof *u);
	u->app = app;
	kpi_settings_from_config(&u->set, &app->cfg);
	u->utf8 = locale_utf8() && !app->cfg.ascii;
	u->ascii = !u->utf8;
	const struct lconv *lc = localeconv();
	report_style_from_config(&u->style, &app->cfg, u->utf8, lc->thousands_sep,
				 lc->decimal_point);
	if (period_kind_parse(app->cfg.default_period ? app->cfg.default_period : "month",
			      &u->pkind))
		u->pkind = PERIOD_MONTH;
	enum kpi_view_kind vk;
	const char *dv = app->cfg.default_view ? app->cfg.default_view : "teams";
	u->view = kpi_view_parse(dv, &vk) == 0 ? (int)vk
		  : strcmp(dv, "day") == 0     ? VIEW_DAY
		  : strcmp(dv, "plans") == 0   ? VIEW_PLANS
					       : VIEW_TEAMS;
	u->follow_today = 1;
	for (int i = 0; i < NKPI; i++)
		u->tables[i].sort_col = -1;
	u->kpi_view = u->view < NKPI ? u->view : VIEW_TEAMS;
	int d;
	u->grids[1].plans = 1;
	for (int i = 0; i < 2; i++) {
		u->grids[i].day = kp_today();
		date_to_ymd(u->grids[i].day, &u->grids[i].year, &u->grids[i].month, &d);
	}
}

static int want_color(const struct app *app)
{
	const char *nc = getenv("NO_COLOR");
	if (app->no_color || app->cfg.color == COLOR_NEVER)
		return 0;
	if (app->cfg.color == COLOR_ALWAYS)
		return 1;
	return !(nc && *nc);
}

static int curses_start(struct script *sc, const struct tui_opts *o, SCREEN **scr, FILE **null)
{
	if (sc) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", o->cols > 0 ? o->cols : 80);
		setenv("COLUMNS", buf, 1);
		snprintf(buf, sizeof buf, "%d", o->rows > 0 ? o->rows : 24);
		setenv("LINES", buf, 1);
		*null = fopen("/dev/null", "w+");
		if (!*null)
			return -1;
		*scr = newterm(NULL, *null, *null);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			app_error(EXIT_RUNTIME, "%s", _("the dashboard needs a terminal (for scripts: kpitop report)"));
			return -1;
		}
		*scr = newterm(NULL, stdout, stdin);
	}
	if (!*scr) {
		app_error(EXIT_RUNTIME, _("cannot start the terminal (TERM=%s)"),
			  getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(*scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	nodelay(stdscr, TRUE);
	return 0;
}

int tui_run(struct app *app, const struct tui_opts *o)
{
	struct ui u;
	struct kp_err e;
	struct script script = {0}, *sc = NULL;
	ui_init_state(&u, app);
	u.s = app_open_store(app, 0);
	if (!u.s)
		return EXIT_RUNTIME;
	if (store_data_version(u.s, &u.data_version, &e) || ui_reload(&u, &e)) {
		store_close(u.s);
		return app_error(EXIT_RUNTIME, "%s", e.msg);
	}
	stamp_now(&u);
	remember_file(&u);
	if (o && o->keys_file) {
		sc = &script;
		sc->text = read_file(o->keys_file, &sc->len);
		if (!sc->text) {
			store_close(u.s);
			return app_error(EXIT_RUNTIME, "%s: %s", o->keys_file, strerror(errno));
		}
		sc->dump = o->dump_file ? fopen(o->dump_file, "w") : stdout;
		if (!sc->dump) {
			free(sc->text);
			store_close(u.s);
			return app_error(EXIT_RUNTIME, "%s: %s", o->dump_file, strerror(errno));
		}
	}
	SCREEN *scr = NULL;
	FILE *null = NULL;
	int rc = EXIT_OK;
	if (curses_start(sc, o, &scr, &null)) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	install_signals();
	theme_init(&u, want_color(app));
	store_on_wait(u.s, on_db_wait, &u);

	int flags = REDRAW, dead_wakeups = 0;
	while (!(flags & QUIT) && !quit_signal) {
		if (flags & RELOAD) {
			if (ui_reload(&u, &e))
				ui_message(&u, 1, "%s", e.msg);
		}
		if (flags & (REDRAW | RELOAD))
			ui_draw(&u);
		flags = DONE;
		wint_t ch;
		int is_fn = 0;
		if (sc) {
			/* Keys are taken only when idle: after the tick's check. */
			flags |= ui_tick(&u);
			if (flags & RELOAD)
				continue;
			if (!script_next(sc, &ch, &is_fn)) {
				dump_screen(sc);
				break;
			}
			flags |= ui_key(&u, ch, is_fn);
			flags |= wait_over(&u);
			continue;
		}
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		int pr = poll(&pfd, 1, app->cfg.refresh_ms);
		if (pr < 0 && errno != EINTR)
			break;
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* the terminal is gone */
		/* Read everything waiting (a resize arrives as KEY_RESIZE). */
		int got = 0, r;
		while ((r = get_wch(&ch)) != ERR) {
			flags |= ui_key(&u, ch, r == KEY_CODE_YES);
			got = 1;
			if ((flags & QUIT) || quit_signal)
				break;
		}
		/* Readable, yet no key: see keyboard_state. */
		if (pr > 0 && !got) {
			enum keyboard kb = keyboard_state(&dead_wakeups);
			if (kb == KB_GONE)
				break;
			if (kb == KB_BACKGROUND)
				poll(NULL, 0, app->cfg.refresh_ms);
		}
		if (got || pr == 0)
			dead_wakeups = 0;
		if (!got || pr == 0)
			flags |= ui_tick(&u);
		flags |= wait_over(&u);
	}
	endwin();
	delscreen(scr);
out:
	if (null)
		fclose(null);
	if (sc) {
		if (sc->dump != stdout)
			fclose(sc->dump);
		free(sc->text);
	}
	for (int i = 0; i < NKPI; i++)
		free(u.order[i]);
	grid_free(&u.grids[0]);
	grid_free(&u.grids[1]);
	audit_free(u.log, u.nlog);
	if (u.loaded) {
		views_free(&u);
		snapshot_free(&u.snap);
	}
	store_close(u.s);
	return rc;
}
