/* ui.h - the dashboard's shared state, views and drawing helpers (curses). */
#ifndef KPITOP_TUI_UI_H
#define KPITOP_TUI_UI_H

#include <curses.h>
#include <sys/types.h>
#include <stdint.h>
#include <time.h>

#include "../cmd.h"
#include "kpitop/editor.h"
#include "kpitop/i18n.h"
#include "kpitop/kpi.h"
#include "kpitop/report.h"
#include "kpitop/snapshot.h"

/* What a key handler asks the loop to do next (bit flags). */
enum { DONE = 0, REDRAW = 1 << 0, RELOAD = 1 << 1, QUIT = 1 << 2 };

/* Colours by meaning; see theme.c. */
enum color_role {
	C_NORMAL,
	C_HEADER,
	C_TITLE,
	C_SELECTED,
	C_OK,
	C_WARN,
	C_BAD,
	C_ALERT,
	C_DIM,
	C_BAR_OK,
	C_BAR_WARN,
	C_BAR_BAD,
	C_MARKER,
	C_FUNNEL,
	C_SPARK,
	C_STATUS,
	C_HELP,
	C_NROLES
};

/* Dashboard actions, declared once in keys.c with their keys and help. */
enum action {
	A_NONE,
	A_QUIT,
	A_HELP,
	A_VIEW_TEAMS,
	A_VIEW_MANAGERS,
	A_VIEW_CHANNELS,
	A_VIEW_DAY,
	A_VIEW_PLANS,
	A_VIEW_LOG,
	A_NEXT_VIEW,
	A_PREV_VIEW,
	A_UP,
	A_DOWN,
	A_PAGE_UP,
	A_PAGE_DOWN,
	A_HOME,
	A_END,
	A_OPEN,
	A_BACK,
	A_PREV_PERIOD,
	A_NEXT_PERIOD,
	A_TODAY,
	A_CYCLE_PERIOD,
	A_CYCLE_PERIOD_BACK,
	A_FIND,
	A_FIND_NEXT,
	A_SORT,
	A_SORT_REVERSE,
	A_REFRESH,
	A_UNDO,
	A_NACTIONS
};

struct keydef {
	enum action action;
	const char *name; /* for the configuration and the help */
	int keys[4];      /* curses key codes or characters; 0 ends */
	const char *keys_label;
	const char *help;
};
extern const struct keydef keydefs[];
extern const size_t nkeydefs;
/* The Day sheet's and Plans' own keys, for the help. */
struct gridkey {
	const char *keys_label;
	const char *help;
};
extern const struct gridkey gridkeys[];
extern const size_t ngridkeys;
/* The action bound to a key (function keys are KEY_* codes). */
enum action keys_action(int key, int is_function_key);

/* The KPI views come first: views[], tables[] and order[] hold only them. */
enum view_id {
	VIEW_TEAMS,
	VIEW_MANAGERS,
	VIEW_CHANNELS,
	NKPI,
	VIEW_DAY = NKPI,
	VIEW_PLANS,
	VIEW_LOG,
	NVIEWS
};

/* The Day sheet and Plans grids (view_grid.c). */
struct grid {
	int plans;             /* 0: day sheet, 1: monthly plans */
	kp_date day;           /* day sheet */
	int year, month;       /* plans */
	int64_t team_id;       /* kept across reloads; 0 = the first team */
	int64_t channel_id;    /* day sheet; 0 = the first channel */
	int row, col, top;
	int left;              /* first metric column shown (sideways scroll) */
	int64_t row_id, col_id; /* the cursor's manager (or team) and metric */
	int nrows, ncols;
	int64_t *ids;          /* manager id per row; plans: row 0 is the team */
	const char **names;
	int *metrics;          /* dims metric index per column */
	int64_t *vals;         /* nrows x ncols */
	unsigned char *has;
	double *team_sum;      /* plans: sum of the managers' plans per column */
	int editing;
	uint64_t edit_cell;    /* cell_identity of the cell being typed */
	struct editor ed;
	int confirm;           /* the value is over the sanity limit: asked */
	int64_t confirm_value;
};

/* Where a view's selection was when / was pressed: a find that is
 * cancelled or matches nothing goes back there. */
struct find_mark {
	int sel, top;       /* the selected position and the first row shown */
	int64_t id;         /* the selected row's id (kept across reloads) */
	int total;          /* tables: TOTAL was selected */
};

struct table_state {
	int sel;            /* index into the sorted order */
	int top;            /* first row shown */
	int sort_col;       /* -1: natural order */
	int sort_desc;
	int64_t sel_id;     /* kept across reloads */
	int sel_total;      /* TOTAL selected */
	unsigned shown;     /* columns on screen at the last draw (bit per column) */
};

struct ui {
	struct app *app;
	struct store *s;
	struct kpi_settings set;
	struct report_style style;
	struct snapshot snap;
	struct kpi_view views[NKPI];
	int loaded;
	enum period_kind pkind;
	kp_date asof;
	int follow_today;       /* asof moves with the clock */
	int64_t data_version;
	char last_change[16];   /* HH:MM:SS of the last change seen */
	int view;
	struct table_state tables[NKPI];
	int *order[NKPI];       /* sorted row indexes (TOTAL excluded) */
	int kpi_view;           /* the last KPI view shown (for the card, Esc) */
	struct grid grids[2];   /* day sheet, plans */
	struct kp_audit *log;   /* the Log view */
	size_t nlog;
	int log_sel, log_top;   /* the selected change and the first shown */
	int64_t log_sel_id;     /* the selected audit row, kept across reloads */
	int card;               /* the detail card is open */
	int help;               /* the help overlay is open */
	int help_top;
	char msg[1024];
	int msg_error;
	int wait_shown;         /* msg says the database is busy (on_db_wait) */
	int undo_armed;         /* u was pressed on a KPI view: u again undoes */
	int finding;            /* the find prompt is open */
	struct find_mark find_from; /* where / was pressed */
	char find[256];
	size_t find_len;
	int utf8, ascii, color;
	attr_t attr[C_NROLES];
	int alerts_seen;        /* for the bell: count at the last draw */
	dev_t db_dev;           /* the file opened, to notice it replaced */
	ino_t db_ino;
	int db_gone;            /* the file was deleted while open */
	int db_stale;           /* replaced by a file that cannot be opened */
	int too_small;
};

/* theme.c */
void theme_init(struct ui *u, int want_color);

/* draw.c: the current attributes and colour pair from one attr_t (a role's
 * u->attr[]: COLOR_PAIR bits and all). */
void ui_attr_set(attr_t a);
/* draw.c: text into the screen, fitted to display columns. */
void draw_text(int y, int x, int cols, const char *s, int align_right, attr_t attr);
void draw_fill(int y, int x, int cols, attr_t attr);
/* s from line y, wrapped at spaces over at most max_lines (>= 1) lines, the
 * ones after the first indented; the last is cut if s goes on.  Returns the
 * lines used. */
int draw_wrapped(int y, int max_lines, const char *s, int indent, attr_t attr);
/* Names from the database are sanitized before they reach the terminal. */
void draw_name(int y, int x, int cols, const char *name, attr_t attr);
/* The same text appended to sb, for a line made of several parts. */
void draw_name_text(struct strbuf *sb, const char *name);
void fmt_money(const struct ui *u, double minor, char *buf, size_t n);
void fmt_count(const struct ui *u, double v, int decimals, char *buf, size_t n);
void fmt_pct(const struct ui *u, double v, char *buf, size_t n);
/* A number shortened to w columns ("12.3M", "12,3 млн"), as fmt_compact. */
void fmt_compact_local(const struct ui *u, char *buf, size_t n, double v, int w);
void ui_message(struct ui *u, int error, const char *fmt, ...) KP_PRINTF(3, 4);

/* view_table.c: the Teams, Managers and Channels views. */
void table_draw(struct ui *u, int top, int rows);
int table_key(struct ui *u, enum action a);
void table_restore(struct ui *u);
void panel_draw(struct ui *u, const struct kpi_view *v, const struct kpi_row *r, int y, int x,
		int w, int h);
const struct kpi_row *table_selected(const struct ui *u);
int table_find(struct ui *u, const char *needle, int from_next);
void table_find_save(const struct ui *u, struct find_mark *m);
void table_find_restore(struct ui *u, const struct find_mark *m);
/* needle in hay, ignoring case (every script the C library knows). */
int ui_contains(const char *hay, const char *needle);
int table_alerts(const struct ui *u);

/* view_card.c: the detail card of the selected row. */
void card_draw(struct ui *u, int top, int rows);

/* view_grid.c: the Day sheet and Plans grids. */
int grid_load(struct ui *u, struct grid *g, struct kp_err *e);
void grid_free(struct grid *g);
void grid_draw(struct ui *u, struct grid *g, int top, int rows);
/* Raw keys first (digits start editing); returns loop flags, or -1 when
 * the key is not the grid's. */
int grid_key(struct ui *u, struct grid *g, wint_t ch, int is_fn);
const char *grid_title(const struct ui *u, const struct grid *g, char *buf, size_t n);
/* The bottom line while a cell is typed (the value in full): 1, or 0. */
int grid_status(const struct ui *u, const struct grid *g, char *buf, size_t n);
/* Move the cursor to the next row whose name contains needle: 1, or 0. */
int grid_find(struct ui *u, struct grid *g, const char *needle, int from_next);
void grid_find_save(const struct grid *g, struct find_mark *m);
void grid_find_restore(struct ui *u, struct grid *g, const struct find_mark *m);

/* view_log.c: the audit trail. */
int log_load(struct ui *u, struct kp_err *e);
void log_draw(struct ui *u, int top, int rows);
int log_key(struct ui *u, enum action a);
/* Select the next change that mentions needle: 1, or 0. */
int log_find(struct ui *u, const char *needle, int from_next);
void log_find_save(const struct ui *u, struct find_mark *m);
void log_find_restore(struct ui *u, const struct find_mark *m);

/* app.c: before a write, is the database file the dashboard read still
 * there and the same?  0, with a message, when the write must not go ahead
 * (deleted; or replaced, and the new one is now loaded: reload). */
int ui_file_ok(struct ui *u);
/* app.c: undo the user's last change, with a message. */
int ui_undo(struct ui *u);
/* app.c: the message for an edit refused on a read-only database: why the
 * user cannot write and the fix, when known. */
void ui_say_readonly(struct ui *u);

/* help.c */
void help_draw(struct ui *u, int top, int rows);

#endif
