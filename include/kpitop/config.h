/* config.h - configuration: built-in defaults, then the system file, the
 * user's XDG file and --config, later wins per key (SPEC section 6). */
#ifndef KPITOP_CONFIG_H
#define KPITOP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "kpitop/date.h"
#include "kpitop/util.h"

#define CONFIG_MAX_BONUS 16

enum cfg_color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum cfg_numformat { NUMFMT_LOCALE, NUMFMT_EN, NUMFMT_RU, NUMFMT_PLAIN };

struct bonus_weight {
	char *metric; /* metric key */
	double weight;
};

struct kp_config {
	/* [database] */
	char *db_path;        /* NULL = $XDG_DATA_HOME/kpitop/kpitop.db */
	unsigned umask;       /* applied before creating files, default 0002 */
	int busy_timeout_ms;  /* default 5000 */
	/* [ui] */
	int refresh_ms;       /* default 500 */
	char *default_view;   /* teams|managers|channels|day|plans */
	char *default_period; /* day|week|month|quarter|year */
	enum cfg_color_mode color;
	int bell;             /* bell on a new alert */
	int ascii;            /* force ASCII bars */
	/* [calendar] */
	unsigned char workdays[7]; /* index 0 = Monday */
	kp_date *holidays;         /* sorted, unique */
	size_t nholidays;
	/* [format] */
	char *currency;            /* "" = none; e.g. "₽" or "$" */
	int currency_before;       /* "$1,234" vs "1 234 ₽" */
	enum cfg_numformat numformat;
	/* [thresholds]: percent of pace */
	double red_below;     /* default 70 */
	double yellow_below;  /* default 100 */
	double alert_margin;  /* default 10: percentage points behind pace */
	/* [bonus] */
	double bonus_floor;   /* default 70 */
	double bonus_cap;     /* default 150 */
	int64_t bonus_base;   /* minor units, default 0 */
	double team_weight;   /* default 0.85 */
	struct bonus_weight bonus[CONFIG_MAX_BONUS];
	size_t nbonus;        /* default revenue 0.6, deals 0.4 */
	/* [entry] sanity limits: a larger value asks for confirmation */
	int64_t max_count;    /* default 10000 */
	int64_t max_money;    /* minor units, default 100000000 (1,000,000.00) */
	/* [colors]: "fg,bg" names per element, kept raw for the TUI theme */
	char *colors[16];
	char *color_names[16];
	size_t ncolors;
};

/* One problem found while reading a file: printed by the caller. */
struct cfg_diag {
	char *msg; /* "file:line: ..." */
};

struct cfg_diags {
	struct cfg_diag *items;
	size_t n, cap;
};
void cfg_diags_free(struct cfg_diags *d);

void config_defaults(struct kp_config *c);
void config_free(struct kp_config *c);

/* Apply one file over c.  Missing file: 0 when optional, else -1.  A file that
 * is a directory, unreadable, or not text: -1 with e set.  Unknown keys and
 * bad values go to diags ("file:line: ...: valid: ...") and leave the earlier
 * value in place; they do not make the call fail. */
int config_load_file(struct kp_config *c, const char *path, int optional,
		     struct cfg_diags *diags, struct kp_err *e);

/* Defaults, then SYSCONFDIR/kpitop/kpitop.ini, then the user's XDG file,
 * then explicit (may be NULL, must exist when given). */
int config_load_all(struct kp_config *c, const char *explicit_path,
		    struct cfg_diags *diags, struct kp_err *e);

/* Working-day predicate from [calendar]. */
int config_is_workday(const struct kp_config *c, kp_date d);

#endif
