/* test_config.c - kpitop.ini: defaults, every key good and bad, precedence of
 * the three files, hostile files, CVE-2023-33461, line numbers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kpitop/config.h"
#include "kpitop/date.h"
#include "kpitop/util.h"
#include "tap.h"

static char *tmpdir;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Write n bytes into tmpdir/name (directories created); malloc'd path. */
static char *write_bytes(const char *name, const char *data, size_t n)
{
	char *path = path_in(name);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	struct kp_err e;
	if (kp_mkdirs(path, 0700, &e) != 0)
		fprintf(stderr, "# %s\n", e.msg);
	*slash = '/';
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
	return path;
}

static char *write_text(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* The result of loading one file over the defaults. */
struct run {
	struct kp_config c;
	struct cfg_diags d;
	struct kp_err e;
	int rc;
	char *path;
};

static void run_bytes(struct run *r, const char *data, size_t n)
{
	memset(r, 0, sizeof *r);
	config_defaults(&r->c);
	r->path = write_bytes("t.ini", data, n);
	r->rc = config_load_file(&r->c, r->path, 0, &r->d, &r->e);
}

static void run_text(struct run *r, const char *text)
{
	run_bytes(r, text, strlen(text));
}

static void run_free(struct run *r)
{
	config_free(&r->c);
	cfg_diags_free(&r->d);
	free(r->path);
}

/* Is there a diagnostic that reads exactly "<file>:<rest>"? */
static int has_diag(const struct run *r, const char *rest)
{
	char *want = xasprintf("%s:%s", r->path, rest);
	int found = 0;
	for (size_t i = 0; i < r->d.n; i++)
		found |= !strcmp(r->d.items[i].msg, want);
	free(want);
	return found;
}

static void diags_show(const struct cfg_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		printf("#   diag: %s\n", d->items[i].msg);
}

static const char *const color_modes[] = {"auto", "always", "never"};
static const char *const numformats[] = {"locale", "en", "ru", "plain"};

/* A key's value as text, so tables can hold expected values of any type. */
static char *render(const struct kp_config *c, const char *key)
{
	struct strbuf sb;
	sb_init(&sb);
	const char *dot = strchr(key, '.'), *name = dot + 1;
	if (!strcmp(key, "database.path"))
		sb_puts(&sb, c->db_path ? c->db_path : "(null)");
	else if (!strcmp(key, "database.umask"))
		sb_printf(&sb, "%04o", c->umask);
	else if (!strcmp(key, "database.busy_timeout_ms"))
		sb_printf(&sb, "%d", c->busy_timeout_ms);
	else if (!strcmp(key, "ui.refresh_ms"))
		sb_printf(&sb, "%d", c->refresh_ms);
	else if (!strcmp(key, "ui.default_view"))
		sb_puts(&sb, c->default_view);
	else if (!strcmp(key, "ui.default_period"))
		sb_puts(&sb, c->default_period);
	else if (!strcmp(key, "ui.color"))
		sb_puts(&sb, color_modes[c->color]);
	else if (!strcmp(key, "ui.bell"))
		sb_printf(&sb, "%d", c->bell);
	else if (!strcmp(key, "ui.ascii"))
		sb_printf(&sb, "%d", c->ascii);
	else if (!strcmp(key, "calendar.workdays"))
		for (int i = 0; i < 7; i++)
			sb_putc(&sb, c->workdays[i] ? '1' : '0');
	else if (!strcmp(key, "calendar.holidays"))
		for (size_t i = 0; i < c->nholidays; i++) {
			char buf[11];
			date_format(c->holidays[i], buf);
			sb_printf(&sb, "%s%s", i ? "," : "", buf);
		}
	else if (!strcmp(key, "format.currency"))
		sb_puts(&sb, c->currency);
	else if (!strcmp(key, "format.currency_position"))
		sb_puts(&sb, c->currency_before ? "before" : "after");
	else if (!strcmp(key, "format.numbers"))
		sb_puts(&sb, numformats[c->numformat]);
	else if (!strcmp(key, "thresholds.red_below"))
		sb_printf(&sb, "%g", c->red_below);
	else if (!strcmp(key, "thresholds.yellow_below"))
		sb_printf(&sb, "%g", c->yellow_below);
	else if (!strcmp(key, "thresholds.alert_margin"))
		sb_printf(&sb, "%g", c->alert_margin);
	else if (!strcmp(key, "bonus.floor"))
		sb_printf(&sb, "%g", c->bonus_floor);
	else if (!strcmp(key, "bonus.cap"))
		sb_printf(&sb, "%g", c->bonus_cap);
	else if (!strcmp(key, "bonus.base"))
		sb_printf(&sb, "%lld", (long long)c->bonus_base);
	else if (!strcmp(key, "bonus.team_weight"))
		sb_printf(&sb, "%g", c->team_weight);
	else if (!strcmp(key, "bonus.weights"))
		for (size_t i = 0; i < c->nbonus; i++)
			sb_printf(&sb, "%s%s:%g", i ? "," : "", c->bonus[i].metric, c->bonus[i].weight);
	else if (!strcmp(key, "entry.max_count"))
		sb_printf(&sb, "%lld", (long long)c->max_count);
	else if (!strcmp(key, "entry.max_money"))
		sb_printf(&sb, "%lld", (long long)c->max_money);
	else if (!strncmp(key, "colors.", 7))
		for (size_t i = 0; i < c->ncolors; i++)
			if (c->color_names[i] && !strcmp(c->color_names[i], name))
				sb_puts(&sb, c->colors[i] ? c->colors[i] : "(null)");
	if (!sb.len)
		sb_puts(&sb, "?");
	return sb.buf;
}

static void is_key(const struct kp_config *c, const char *key, const char *want,
		   const char *what)
{
	char *got = render(c, key);
	is_str(got, want, "%s: %s = %s", what, key, want);
	free(got);
}

/* ---------------------------------------------------------------------- */
/* Defaults                                                                */

static const struct {
	const char *key, *value;
} defaults[] = {
	{"database.path", "(null)"},
	{"database.umask", "0002"},
	{"database.busy_timeout_ms", "5000"},
	{"ui.refresh_ms", "500"},
	{"ui.default_view", "teams"},
	{"ui.default_period", "month"},
	{"ui.color", "auto"},
	{"ui.bell", "0"},
	{"ui.ascii", "0"},
	{"calendar.workdays", "1111100"},
	{"calendar.holidays", "?"}, /* empty list */
	{"format.currency", "?"},   /* empty string */
	{"format.currency_position", "after"},
	{"format.numbers", "locale"},
	{"thresholds.red_below", "70"},
	{"thresholds.yellow_below", "100"},
	{"thresholds.alert_margin", "10"},
	{"bonus.floor", "70"},
	{"bonus.cap", "150"},
	{"bonus.base", "0"},
	{"bonus.team_weight", "0.85"},
	{"bonus.weights", "revenue:0.6,deals:0.4"},
	{"entry.max_count", "10000"},
	{"entry.max_money", "100000000"},
	{"colors.header", "black,cyan"},
	{"colors.title", "cyan"},
	{"colors.selected", "black,white"},
	{"colors.ok", "green"},
	{"colors.warn", "yellow"},
	{"colors.bad", "red"},
	{"colors.alert", "white,red"},
	{"colors.dim", "default"},
	{"colors.bar_ok", "green"},
	{"colors.bar_warn", "yellow"},
	{"colors.bar_bad", "red"},
	{"colors.marker", "white"},
	{"colors.funnel", "cyan"},
	{"colors.spark", "blue"},
	{"colors.status", "black,white"},
	{"colors.help", "default"},
};

#define NDEFAULTS (sizeof defaults / sizeof defaults[0])

static void test_defaults(void)
{
	struct kp_config c;
	config_defaults(&c);
	for (size_t i = 0; i < NDEFAULTS; i++)
		is_key(&c, defaults[i].key, defaults[i].value, "default");
	is_int(c.nholidays, 0, "default: no holidays");
	ok(c.currency && !*c.currency, "default: currency is an empty string, not NULL");
	is_int(c.ncolors, 16, "default: 16 colour elements");
	ok(c.default_view && c.default_period, "default: view and period are set");
	config_free(&c);
	ok(c.db_path == NULL && c.default_view == NULL && c.nbonus == 0,
	   "config_free leaves an empty config");
	config_free(&c); /* twice is harmless */
	ok(1, "config_free twice does not crash");
}

/* ---------------------------------------------------------------------- */
/* Every key, good and bad values                                          */

/* One key set in a one-section file (the key on line 2).  diag is the
 * message after "file:", NULL when the value must be accepted. */
static const struct {
	const char *section, *key, *value, *want, *diag;
} values[] = {
	/* [database] path */
	{"database", "path", "", "(null)", NULL},
	{"database", "path", "/srv/kpitop/sales.db", "/srv/kpitop/sales.db", NULL},
	{"database", "path", "sales.db", "(null)",
	 "2: [database] path = 'sales.db' is not valid; valid: an absolute path, a path "
	 "starting with ~/, or empty for the default"},
	{"database", "path", "~user/x.db", "(null)",
	 "2: [database] path = '~user/x.db' is not valid; valid: an absolute path, a path "
	 "starting with ~/, or empty for the default"},
	/* umask */
	{"database", "umask", "0027", "0027", NULL},
	{"database", "umask", "7", "0007", NULL},
	{"database", "umask", "0000", "0000", NULL},
	{"database", "umask", "0777", "0777", NULL},
	{"database", "umask", "01000", "0002", "2: [database] umask = 01000 is out of range 0000..0777"},
	{"database", "umask", "0008", "0002",
	 "2: [database] umask = '0008' is not an octal number (like 0002 or 0027)"},
	{"database", "umask", "-1", "0002",
	 "2: [database] umask = '-1' is not an octal number (like 0002 or 0027)"},
	{"database", "umask", "", "0002",
	 "2: [database] umask = '' is not an octal number (like 0002 or 0027)"},
	/* busy_timeout_ms */
	{"database", "busy_timeout_ms", "0", "0", NULL},
	{"database", "busy_timeout_ms", "600000", "600000", NULL},
	{"database", "busy_timeout_ms", "600001", "5000",
	 "2: [database] busy_timeout_ms = 600001 is out of range 0..600000"},
	{"database", "busy_timeout_ms", "-1", "5000",
	 "2: [database] busy_timeout_ms = -1 is out of range 0..600000"},
	{"database", "busy_timeout_ms", "99999999999999999999", "5000",
	 "2: [database] busy_timeout_ms = 99999999999999999999 is out of range 0..600000"},
	{"database", "busy_timeout_ms", "5s", "5000",
	 "2: [database] busy_timeout_ms = '5s' is not a whole number; valid: 0..600000"},
	{"database", "busy_timeout_ms", "1.5", "5000",
	 "2: [database] busy_timeout_ms = '1.5' is not a whole number; valid: 0..600000"},
	{"database", "busy_timeout_ms", "0x10", "5000",
	 "2: [database] busy_timeout_ms = '0x10' is not a whole number; valid: 0..600000"},
	/* [ui] refresh_ms */
	{"ui", "refresh_ms", "100", "100", NULL},
	{"ui", "refresh_ms", "60000", "60000", NULL},
	{"ui", "refresh_ms", "+250", "250", NULL},
	{"ui", "refresh_ms", "  750  ", "750", NULL},
	{"ui", "refresh_ms", "\"300\"", "300", NULL},
	{"ui", "refresh_ms", "700 ; comment", "700", NULL},
	{"ui", "refresh_ms", "50", "500", "2: [ui] refresh_ms = 50 is out of range 100..60000"},
	{"ui", "refresh_ms", "99", "500", "2: [ui] refresh_ms = 99 is out of range 100..60000"},
	{"ui", "refresh_ms", "60001", "500", "2: [ui] refresh_ms = 60001 is out of range 100..60000"},
	{"ui", "refresh_ms", "", "500",
	 "2: [ui] refresh_ms = '' is not a whole number; valid: 100..60000"},
	{"ui", "refresh_ms", "fast", "500",
	 "2: [ui] refresh_ms = 'fast' is not a whole number; valid: 100..60000"},
	/* default_view, default_period */
	{"ui", "default_view", "managers", "managers", NULL},
	{"ui", "default_view", "Plans", "plans", NULL},
	{"ui", "default_view", "day", "day", NULL},
	{"ui", "default_view", "graph", "teams",
	 "2: [ui] default_view = 'graph' is not valid; valid: teams, managers, channels, day, plans"},
	{"ui", "default_period", "quarter", "quarter", NULL},
	{"ui", "default_period", "YEAR", "year", NULL},
	{"ui", "default_period", "decade", "month",
	 "2: [ui] default_period = 'decade' is not valid; valid: day, week, month, quarter, year"},
	/* color, bell, ascii */
	{"ui", "color", "never", "never", NULL},
	{"ui", "color", "always", "always", NULL},
	{"ui", "color", "sometimes", "auto",
	 "2: [ui] color = 'sometimes' is not valid; valid: auto, always, never"},
	{"ui", "bell", "true", "1", NULL},
	{"ui", "bell", "YES", "1", NULL},
	{"ui", "bell", "on", "1", NULL},
	{"ui", "bell", "1", "1", NULL},
	{"ui", "bell", "maybe", "0",
	 "2: [ui] bell = 'maybe' is not valid; valid: true, false, yes, no, on, off, 1, 0"},
	{"ui", "bell", "2", "0",
	 "2: [ui] bell = '2' is not valid; valid: true, false, yes, no, on, off, 1, 0"},
	{"ui", "ascii", "off", "0", NULL},
	{"ui", "ascii", "yes", "1", NULL},
	/* [calendar] */
	{"calendar", "workdays", "sat,sun", "0000011", NULL},
	{"calendar", "workdays", "Mon, Tue", "1100000", NULL},
	{"calendar", "workdays", "mon,mon,,tue,", "1100000", NULL},
	{"calendar", "workdays", "mon,tue,wed,thu,fri,sat", "1111110", NULL},
	{"calendar", "workdays", "", "1111100",
	 "2: [calendar] workdays = '' names no day; at least one is needed (like "
	 "mon,tue,wed,thu,fri)"},
	{"calendar", "workdays", "mon,funday", "1111100",
	 "2: [calendar] workdays = 'mon,funday' has 'funday', which is not a day; valid: mon, "
	 "tue, wed, thu, fri, sat, sun"},
	{"calendar", "workdays", "monday", "1111100", "2: [calendar] workdays = 'monday' has "
						      "'monday', which is not a day; valid: mon, tue, wed, thu, fri, sat, sun"},
	{"calendar", "holidays", "2026-01-02, 2026-01-01, 2026-01-02", "2026-01-01,2026-01-02", NULL},
	{"calendar", "holidays", "2026-01-07..2026-01-09, 2026-01-08", "2026-01-07,2026-01-08,2026-01-09",
	 NULL},
	{"calendar", "holidays", "2025-12-31 .. 2026-01-01", "2025-12-31,2026-01-01", NULL},
	{"calendar", "holidays", "", "?", NULL},
	{"calendar", "holidays", "2026-02-30", "?",
	 "2: [calendar] holidays = '2026-02-30' has '2026-02-30', which is not a date; valid: "
	 "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"},
	{"calendar", "holidays", "2026-01-01, 1/5/2026", "?",
	 "2: [calendar] holidays = '2026-01-01, 1/5/2026' has '1/5/2026', which is not a date; "
	 "valid: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"},
	{"calendar", "holidays", "2026-01-05..2026-01-01", "?",
	 "2: [calendar] holidays = '2026-01-05..2026-01-01' has '2026-01-05..2026-01-01', which "
	 "is not a range of 1 to 366 days"},
	{"calendar", "holidays", "2026-01-01..2027-01-02", "?",
	 "2: [calendar] holidays = '2026-01-01..2027-01-02' has '2026-01-01..2027-01-02', which "
	 "is not a range of 1 to 366 days"},
	/* [format] */
	{"format", "currency", "₽", "₽", NULL},
	{"format", "currency", "\"руб.\"", "руб.", NULL},
	{"format", "currency", "\"#\"", "#", NULL},
	{"format", "currency", "'a;b'", "a;b", NULL},
	{"format", "currency", "$ ; dollars", "$", NULL},
	{"format", "currency", "\"\"", "?", NULL},
	{"format", "currency", "12345678901234567", "?",
	 "2: [format] currency = '12345678901234567' is too long (at most 16 bytes)"},
	{"format", "currency_position", "before", "before", NULL},
	{"format", "currency_position", "after", "after", NULL},
	{"format", "currency_position", "left", "after",
	 "2: [format] currency_position = 'left' is not valid; valid: after, before"},
	{"format", "numbers", "ru", "ru", NULL},
	{"format", "numbers", "plain", "plain", NULL},
	{"format", "numbers", "en", "en", NULL},
	{"format", "numbers", "fr", "locale",
	 "2: [format] numbers = 'fr' is not valid; valid: locale, en, ru, plain"},
	/* [thresholds] */
	{"thresholds", "red_below", "65.5", "65.5", NULL},
	{"thresholds", "red_below", "0", "0", NULL},
	{"thresholds", "red_below", ".5", "0.5", NULL},
	{"thresholds", "red_below", "abc", "70",
	 "2: [thresholds] red_below = 'abc' is not a number (digits with an optional '.', like "
	 "0.85)"},
	{"thresholds", "red_below", "1e1", "70",
	 "2: [thresholds] red_below = '1e1' is not a number (digits with an optional '.', like "
	 "0.85)"},
	{"thresholds", "red_below", "nan", "70",
	 "2: [thresholds] red_below = 'nan' is not a number (digits with an optional '.', like "
	 "0.85)"},
	{"thresholds", "red_below", "65,5", "70",
	 "2: [thresholds] red_below = '65,5' is not a number (digits with an optional '.', like "
	 "0.85)"},
	{"thresholds", "red_below", "-1", "70",
	 "2: [thresholds] red_below = -1 is out of range 0..1000"},
	{"thresholds", "yellow_below", "1000", "1000", NULL},
	{"thresholds", "yellow_below", "1000.01", "100",
	 "2: [thresholds] yellow_below = 1000.01 is out of range 0..1000"},
	{"thresholds", "alert_margin", "0", "0", NULL},
	{"thresholds", "alert_margin", "100", "100", NULL},
	{"thresholds", "alert_margin", "100.5", "10",
	 "2: [thresholds] alert_margin = 100.5 is out of range 0..100"},
	/* [bonus] */
	{"bonus", "floor", "50", "50", NULL},
	{"bonus", "floor", "1001", "70", "2: [bonus] floor = 1001 is out of range 0..1000"},
	{"bonus", "cap", "200", "200", NULL},
	{"bonus", "cap", "x", "150",
	 "2: [bonus] cap = 'x' is not a number (digits with an optional '.', like 0.85)"},
	{"bonus", "base", "50000.50", "5000050", NULL},
	{"bonus", "base", "7.5", "750", NULL},
	{"bonus", "base", "7.", "700", NULL},
	{"bonus", "base", ".05", "5", NULL},
	{"bonus", "base", "12.345", "0",
	 "2: [bonus] base = '12.345' is not an amount (digits with up to 2 decimals, like "
	 "1500.50)"},
	{"bonus", "base", "1 000", "0",
	 "2: [bonus] base = '1 000' is not an amount (digits with up to 2 decimals, like "
	 "1500.50)"},
	{"bonus", "base", "-5", "0",
	 "2: [bonus] base = -5 is out of range 0.00..1000000000000.00"},
	{"bonus", "base", "1000000000000.01", "0",
	 "2: [bonus] base = 1000000000000.01 is out of range 0.00..1000000000000.00"},
	{"bonus", "team_weight", "0.5", "0.5", NULL},
	{"bonus", "team_weight", "1", "1", NULL},
	{"bonus", "team_weight", "0", "0", NULL},
	{"bonus", "team_weight", "1.01", "0.85",
	 "2: [bonus] team_weight = 1.01 is out of range 0..1"},
	{"bonus", "weights", "revenue:1", "revenue:1", NULL},
	{"bonus", "weights", "calls : 0.2, deals:0.8", "calls:0.2,deals:0.8", NULL},
	{"bonus", "weights", "", "?", NULL},
	{"bonus", "weights", "missed_calls:0, win_rate2:2.5", "missed_calls:0,win_rate2:2.5", NULL},
	{"bonus", "weights", "Revenue:1", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'Revenue:1' has 'Revenue:1', whose 'Revenue' is not a metric key "
	 "(a-z, 0-9 and _, starting with a letter; see kpitop metric list)"},
	{"bonus", "weights", "win-rate:1", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'win-rate:1' has 'win-rate:1', whose 'win-rate' is not a metric "
	 "key (a-z, 0-9 and _, starting with a letter; see kpitop metric list)"},
	{"bonus", "weights", "2x:1", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = '2x:1' has '2x:1', whose '2x' is not a metric key (a-z, 0-9 and "
	 "_, starting with a letter; see kpitop metric list)"},
	{"bonus", "weights", "deals", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'deals' has 'deals'; valid: metric:weight pairs like revenue:0.6"},
	{"bonus", "weights", "deals:x", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'deals:x' has 'deals:x', whose weight is not a number from 0 to "
	 "1000"},
	{"bonus", "weights", "deals:-1", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'deals:-1' has 'deals:-1', whose weight is not a number from 0 "
	 "to 1000"},
	{"bonus", "weights", "a:1, a:2", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'a:1, a:2' names 'a' twice"},
	{"bonus", "weights", "d e:1", "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'd e:1' has 'd e:1', whose 'd e' is not a metric key (a-z, 0-9 and "
	 "_, starting with a letter; see kpitop metric list)"},
	{"bonus", "weights", "a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1,j:1,k:1,l:1,m:1,n:1,o:1,p:1",
	 "a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1,j:1,k:1,l:1,m:1,n:1,o:1,p:1", NULL},
	{"bonus", "weights", "a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1,j:1,k:1,l:1,m:1,n:1,o:1,p:1,q:1",
	 "revenue:0.6,deals:0.4",
	 "2: [bonus] weights = 'a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1,j:1,k:1,l:1,m:1,n:1,o:1,p:1,"
	 "q:1' has more than 16 metrics"},
	/* [entry] */
	{"entry", "max_count", "1", "1", NULL},
	{"entry", "max_count", "1000000000000", "1000000000000", NULL},
	{"entry", "max_count", "0", "10000", "2: [entry] max_count = 0 is out of range 1..1000000000000"},
	{"entry", "max_count", "1000000000001", "10000",
	 "2: [entry] max_count = 1000000000001 is out of range 1..1000000000000"},
	{"entry", "max_money", "0.01", "1", NULL},
	{"entry", "max_money", "2500000", "250000000", NULL},
	{"entry", "max_money", "0", "100000000",
	 "2: [entry] max_money = 0 is out of range 0.01..1000000000000.00"},
	/* [colors] */
	{"colors", "header", "white,blue", "white,blue", NULL},
	{"colors", "title", "Red", "red", NULL},
	{"colors", "ok", " yellow , black ", "yellow,black", NULL},
	{"colors", "bad", "196", "196", NULL},
	{"colors", "bad", "0,255", "0,255", NULL},
	{"colors", "bad", "007", "7", NULL},
	{"colors", "help", "default,default", "default,default", NULL},
	{"colors", "spark", "256", "blue",
	 "2: [colors] spark = '256' is not valid; valid: fg or fg,bg, each one of default, "
	 "black, red, green, yellow, blue, magenta, cyan, white or 0..255"},
	{"colors", "spark", "purple", "blue",
	 "2: [colors] spark = 'purple' is not valid; valid: fg or fg,bg, each one of default, "
	 "black, red, green, yellow, blue, magenta, cyan, white or 0..255"},
	{"colors", "spark", "red,green,blue", "blue",
	 "2: [colors] spark = 'red,green,blue' is not valid; valid: fg or fg,bg, each one of "
	 "default, black, red, green, yellow, blue, magenta, cyan, white or 0..255"},
	{"colors", "spark", "", "blue",
	 "2: [colors] spark = '' is not valid; valid: fg or fg,bg, each one of default, black, "
	 "red, green, yellow, blue, magenta, cyan, white or 0..255"},
	{"colors", "spark", "-1", "blue",
	 "2: [colors] spark = '-1' is not valid; valid: fg or fg,bg, each one of default, "
	 "black, red, green, yellow, blue, magenta, cyan, white or 0..255"},
};

static void test_values(void)
{
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct run r;
		char *text = xasprintf("[%s]\n%s = %s\n", values[i].section, values[i].key,
				       values[i].value);
		char *key = xasprintf("%s.%s", values[i].section, values[i].key);
		char *what = xasprintf("%s = %s", values[i].key, values[i].value);
		run_text(&r, text);
		is_key(&r.c, key, values[i].want, what);
		if (values[i].diag) {
			if (!ok(r.d.n == 1 && has_diag(&r, values[i].diag), "%s: reported", what)) {
				printf("#   want: %s:%s\n", r.path, values[i].diag);
				diags_show(&r.d);
			}
		} else if (!ok(r.d.n == 0 && r.rc == 0, "%s: no diagnostic", what)) {
			diags_show(&r.d);
		}
		free(text);
		free(key);
		free(what);
		run_free(&r);
	}
}

static void test_path_tilde(void)
{
	struct run r;
	char *old = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	setenv("HOME", "/home/anna", 1);
	run_text(&r, "[database]\npath = ~/sales/kpitop.db\n");
	is_str(r.c.db_path, "/home/anna/sales/kpitop.db", "path: ~/ is expanded from HOME");
	run_free(&r);
	if (old)
		setenv("HOME", old, 1);
	else
		unsetenv("HOME");
	free(old);
}

/* ---------------------------------------------------------------------- */
/* Rules between keys                                                      */

static void test_orders(void)
{
	struct run r;
	run_text(&r, "[thresholds]\nred_below = 80\nyellow_below = 60\n");
	is_key(&r.c, "thresholds.red_below", "70", "yellow < red: red keeps its value");
	is_key(&r.c, "thresholds.yellow_below", "100", "yellow < red: yellow keeps its value");
	ok(r.d.n == 1 && has_diag(&r, "3: [thresholds] yellow_below = 60 must be at least "
				      "red_below = 80; keeping red_below = 70, yellow_below = 100"),
	   "yellow < red: reported on the later line");
	run_free(&r);

	run_text(&r, "[thresholds]\nred_below = 120\n");
	is_key(&r.c, "thresholds.red_below", "70", "red above the default yellow is refused");
	ok(r.d.n == 1 && strstr(r.d.items[0].msg, ":2: "), "red above yellow: reported on line 2");
	run_free(&r);

	run_text(&r, "[thresholds]\nred_below = 110\nyellow_below = 120\n");
	is_key(&r.c, "thresholds.red_below", "110", "both raised together: red");
	is_key(&r.c, "thresholds.yellow_below", "120", "both raised together: yellow");
	is_int(r.d.n, 0, "both raised together: no diagnostic");
	run_free(&r);

	run_text(&r, "[thresholds]\nred_below = 90\nyellow_below = 90\n");
	is_int(r.d.n, 0, "red == yellow is allowed");
	run_free(&r);

	run_text(&r, "[bonus]\ncap = 60\n");
	is_key(&r.c, "bonus.cap", "150", "cap below floor is refused");
	ok(r.d.n == 1 && has_diag(&r, "2: [bonus] cap = 60 must be at least floor = 70; keeping "
				      "floor = 70, cap = 150"),
	   "cap below floor: reported");
	run_free(&r);

	run_text(&r, "[bonus]\nfloor = 50\ncap = 60\n");
	is_key(&r.c, "bonus.cap", "60", "floor and cap lowered together");
	run_free(&r);
}

/* ---------------------------------------------------------------------- */
/* Syntax, comments, quoting, line numbers                                 */

static void test_empty_and_comments(void)
{
	struct run r;
	run_text(&r, "");
	ok(r.rc == 0 && r.d.n == 0, "empty file: accepted, no diagnostics");
	is_key(&r.c, "ui.refresh_ms", "500", "empty file: defaults");
	run_free(&r);

	run_text(&r, "; only comments\n# and more\n\n   ; indented\n\t\n");
	ok(r.rc == 0 && r.d.n == 0, "only comments: accepted, no diagnostics");
	run_free(&r);

	run_text(&r, "; [ui]\n# refresh_ms = 100\n[ui]\n;refresh_ms = 200\n");
	is_key(&r.c, "ui.refresh_ms", "500", "commented-out settings are ignored");
	run_free(&r);
}

static void test_crlf_bom(void)
{
	struct run r;
	run_text(&r, "[ui]\r\nrefresh_ms = 700\r\ncolor = never\r\n[format]\r\nwhat = 1\r\n");
	is_key(&r.c, "ui.refresh_ms", "700", "CRLF: value read");
	is_key(&r.c, "ui.color", "never", "CRLF: value without a trailing CR");
	ok(r.d.n == 1 && strstr(r.d.items[0].msg, ":5: unknown key 'what' in [format]"),
	   "CRLF: line numbers count CRLF lines");
	run_free(&r);

	run_text(&r, "\xEF\xBB\xBF[ui]\nrefresh_ms = 800\n");
	is_key(&r.c, "ui.refresh_ms", "800", "UTF-8 BOM: first section still read");
	is_int(r.d.n, 0, "UTF-8 BOM: no diagnostic");
	run_free(&r);

	run_text(&r, "[ui]\nrefresh_ms = 900");
	is_key(&r.c, "ui.refresh_ms", "900", "no newline at the end of the file");
	run_free(&r);
}

static void test_case_and_spaces(void)
{
	struct run r;
	run_text(&r, "  [ UI ]  ; the dashboard\nRefresh_MS=1200\n\tDefault_View\t=\tChannels\n");
	is_key(&r.c, "ui.refresh_ms", "1200", "section and key names are case-insensitive");
	is_key(&r.c, "ui.default_view", "channels", "tabs around '=' and a comment after [ui]");
	is_int(r.d.n, 0, "case and spaces: no diagnostic");
	run_free(&r);
}

static void test_duplicates(void)
{
	struct run r;
	run_text(&r, "[ui]\nrefresh_ms = 1000\nrefresh_ms = 2000\n[calendar]\n[ui]\nrefresh_ms = "
		     "3000\n");
	is_key(&r.c, "ui.refresh_ms", "3000", "duplicated key: the last wins");
	is_int(r.d.n, 0, "duplicated key and section: no diagnostic");
	run_free(&r);

	run_text(&r, "[ui]\nrefresh_ms = 1\nrefresh_ms = 2\n");
	ok(r.d.n == 1 && has_diag(&r, "3: [ui] refresh_ms = 2 is out of range 100..60000"),
	   "duplicated bad key: reported at the line that counts");
	run_free(&r);
}

static void test_unknown(void)
{
	struct run r;
	run_text(&r, "[ui]\nrefresh = 5\nbell = yes\n");
	ok(has_diag(&r, "2: unknown key 'refresh' in [ui]; valid keys: refresh_ms, default_view, "
			"default_period, color, bell, ascii"),
	   "unknown key: file:line and the valid keys");
	is_key(&r.c, "ui.bell", "1", "unknown key: the rest of the section still applies");
	run_free(&r);

	run_text(&r, "[database]\npath = /x.db\n\n[server]\nport = 1\n[ui]\nbell = on\n");
	ok(r.d.n == 1 && has_diag(&r, "4: unknown section [server]; valid sections: database, ui, "
				      "calendar, format, thresholds, bonus, entry, colors"),
	   "unknown section: reported once, with the valid sections");
	is_key(&r.c, "ui.bell", "1", "unknown section: later sections still apply");
	run_free(&r);

	run_text(&r, "[colors]\nheadr = red\n");
	ok(r.d.n == 1 && strstr(r.d.items[0].msg, "unknown key 'headr' in [colors]; valid keys: "
						  "header, title, selected,"),
	   "unknown colour element: lists the elements");
	run_free(&r);
}

static void test_syntax(void)
{
	struct run r;
	run_text(&r, "[ui]\nthis is not ini\nrefresh_ms = 700\n");
	ok(has_diag(&r, "2: syntax error: expected '[section]', 'key = value' or a comment"),
	   "syntax error: reported with its line");
	is_key(&r.c, "ui.refresh_ms", "700", "syntax error: the rest of the file still applies");
	run_free(&r);

	run_text(&r, "refresh_ms = 100\n[ui]\nbell = yes\n");
	ok(has_diag(&r, "1: key 'refresh_ms' is outside any [section]"),
	   "key before any section: reported");
	is_key(&r.c, "ui.bell", "1", "key before any section: the rest applies");
	run_free(&r);

	run_text(&r, "[ui\nbell = yes\n");
	ok(has_diag(&r, "1: a section header must end with ']'"), "unclosed section header");
	ok(has_diag(&r, "2: key 'bell' is outside any [section]"),
	   "after a broken header, keys have no section");
	run_free(&r);

	run_text(&r, "[]\n[ui] x\n= 5\n");
	ok(r.d.n == 3 && has_diag(&r, "1: a section header is '[name]'") &&
		   has_diag(&r, "2: unexpected text after the section header") &&
		   has_diag(&r, "3: a key name is missing before '='"),
	   "empty section name, text after ], missing key name");
	run_free(&r);

	run_text(&r, "[ui]\nrefresh_ms = 700 \\\nbell = yes\n");
	ok(has_diag(&r, "2: [ui] refresh_ms: a line cannot end with '\\' (continued lines are not "
			"supported)"),
	   "trailing backslash: reported");
	is_key(&r.c, "ui.bell", "1", "trailing backslash: the next line is not swallowed");
	run_free(&r);

	run_text(&r, "[ui]\n; comment ending in \\\nbell = yes\n");
	is_key(&r.c, "ui.bell", "1", "comment ending in a backslash does not swallow a line");
	is_int(r.d.n, 0, "comment ending in a backslash: no diagnostic");
	run_free(&r);

	run_text(&r, "[ui]\nui:bell = yes\n");
	ok(r.d.n == 1 && has_diag(&r, "2: key 'ui:bell': ':' is not allowed in a key name"),
	   "':' in a key name: reported");
	is_key(&r.c, "ui.bell", "0", "':' in a key name: not applied");
	run_free(&r);

	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "[format]\ncurrency = ");
	for (int i = 0; i < 1100; i++)
		sb_putc(&sb, 'x');
	sb_puts(&sb, "\n[ui]\nbell = yes\n");
	run_text(&r, sb.buf);
	ok(has_diag(&r, "2: line too long (1111 bytes; at most 1000)"), "line too long: reported");
	is_key(&r.c, "ui.bell", "1", "line too long: the rest of the file still applies");
	run_free(&r);
	sb_free(&sb);
}

static void test_line_numbers(void)
{
	struct run r;
	run_text(&r, "; kpitop\n\n[ui]\ncolor = sometimes\n\n[calendar]\nworkdays = \n[ui]\n"
		     "nope = 1\n[thresholds]\nred_below = high\n");
	is_int(r.d.n, 4, "four problems, four diagnostics");
	if (r.d.n == 4) {
		ok(strstr(r.d.items[0].msg, ":4: [ui] color") != NULL, "first: line 4");
		ok(strstr(r.d.items[1].msg, ":7: [calendar] workdays") != NULL, "second: line 7");
		ok(strstr(r.d.items[2].msg, ":9: unknown key 'nope'") != NULL, "third: line 9");
		ok(strstr(r.d.items[3].msg, ":11: [thresholds] red_below") != NULL, "fourth: line 11");
	}
	run_free(&r);
}

/* ---------------------------------------------------------------------- */
/* CVE-2023-33461                                                          */

static void test_cve(void)
{
	struct run r;
	run_text(&r, "[ui]\nrefresh_ms = 2\n[ui:refresh_ms]\n");
	is_int(r.rc, 0, "CVE file: loads without crashing");
	is_key(&r.c, "ui.refresh_ms", "500", "CVE file: refresh_ms keeps its default");
	ok(has_diag(&r, "3: unknown section [ui:refresh_ms]; valid sections: database, ui, "
			"calendar, format, thresholds, bonus, entry, colors"),
	   "CVE file: the section is reported as unknown");
	ok(has_diag(&r, "2: [ui] refresh_ms is ignored: the section [ui:refresh_ms] (line 3) "
			"replaces it"),
	   "CVE file: the lost value is reported");
	is_int(r.d.n, 2, "CVE file: two diagnostics");
	run_free(&r);

	run_text(&r, "[ui]\nrefresh_s = 2\n[ui:refresh_s]\n");
	ok(r.rc == 0 && has_diag(&r, "3: unknown section [ui:refresh_s]; valid sections: "
				     "database, ui, calendar, format, thresholds, bonus, entry, colors"),
	   "CVE file from the issue (refresh_s): no crash, reported");
	run_free(&r);

	run_text(&r, "[ui]\nbell = yes\nrefresh_ms = 2000\n[ui:refresh_ms]\nx = 1\n[ui:bell]\n");
	is_key(&r.c, "ui.bell", "0", "two hijacked keys: bell ignored");
	is_key(&r.c, "ui.refresh_ms", "500", "two hijacked keys: refresh_ms ignored");
	ok(r.d.n == 4 && !has_diag(&r, "5: unknown key 'refresh_ms:x' in [ui]; valid keys: "
				       "refresh_ms, default_view, default_period, color, bell, ascii"),
	   "keys inside [ui:refresh_ms] are not taken for keys of [ui]");
	run_free(&r);

	run_text(&r, "[ui:refresh_ms]\n[ui]\nrefresh_ms = 2\n");
	ok(has_diag(&r, "3: [ui] refresh_ms = 2 is out of range 100..60000"),
	   "section before the key: the key's value is checked");
	run_free(&r);
}

/* ---------------------------------------------------------------------- */
/* Hostile files                                                           */

static void test_missing(void)
{
	struct kp_config c;
	struct cfg_diags d = {0};
	struct kp_err e = {{0}};
	char *p = path_in("does/not/exist.ini");
	config_defaults(&c);
	is_int(config_load_file(&c, p, 1, &d, &e), 0, "missing optional file: 0");
	is_int(config_load_file(&c, p, 0, &d, &e), -1, "missing required file: -1");
	char *want = xasprintf("%s: No such file or directory", p);
	is_str(e.msg, want, "missing required file: message");
	free(want);
	free(p);
	config_free(&c);
	cfg_diags_free(&d);
}

static void expect_fail(const char *what, const char *path, const char *tail)
{
	struct kp_config c;
	struct cfg_diags d = {0};
	struct kp_err e = {{0}};
	config_defaults(&c);
	int rc = config_load_file(&c, path, 1, &d, &e);
	char *want = xasprintf("%s: %s", path, tail);
	is_int(rc, -1, "%s: -1 even when optional", what);
	is_str(e.msg, want, "%s: one clear message", what);
	is_key(&c, "ui.refresh_ms", "500", what);
	free(want);
	config_free(&c);
	cfg_diags_free(&d);
}

/* expect_fail for root, who reads any file: the load runs in a child that
 * has become nobody, and reports back through a pipe. */
static void expect_fail_as_nobody(const char *what, const char *path, const char *tail)
{
	struct {
		int rc, refresh_ms;
		char msg[sizeof ((struct kp_err *)0)->msg];
	} got = {0, 0, ""};
	int fd[2];
	chmod(tmpdir, 0711); /* nobody may pass through to the file */
	if (pipe(fd) != 0) {
		perror("pipe");
		exit(99);
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		struct kp_config c;
		struct cfg_diags d = {0};
		struct kp_err e = {{0}};
		config_defaults(&c);
		got.rc = config_load_file(&c, path, 1, &d, &e);
		got.refresh_ms = c.refresh_ms;
		snprintf(got.msg, sizeof got.msg, "%s", e.msg);
		_exit(write(fd[1], &got, sizeof got) == (ssize_t)sizeof got ? 0 : 4);
	}
	close(fd[1]);
	ssize_t n = pid > 0 ? read(fd[0], &got, sizeof got) : -1;
	close(fd[0]);
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	chmod(tmpdir, 0700);
	if (n != (ssize_t)sizeof got && WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		ok(1, "# SKIP %s: root here cannot become nobody", what);
		return;
	}
	if (!ok(n == (ssize_t)sizeof got, "%s (as nobody): the child reported", what)) {
		printf("# fork %d, read %zd, child status %d\n", (int)pid, n, status);
		return;
	}
	char *want = xasprintf("%s: %s", path, tail);
	is_int(got.rc, -1, "%s (as nobody): -1 even when optional", what);
	is_str(got.msg, want, "%s (as nobody): one clear message", what);
	is_int(got.refresh_ms, 500, "%s (as nobody): the defaults stay", what);
	free(want);
}

static void test_hostile(void)
{
	char *dir = path_in("adir.ini/x");
	char *p = write_text("adir.ini/x", "");
	free(p);
	dir[strlen(dir) - 2] = '\0';
	expect_fail("directory", dir, "is a directory");
	free(dir);

	p = write_bytes("bin.ini", "[ui]\nre\0fresh_ms = 1\n", 21);
	expect_fail("NUL byte", p, "not a text file (binary data at byte 8, line 2)");
	free(p);

	p = write_bytes("bin2.ini", "\x7f" "ELF\x02\x01\x01", 7);
	expect_fail("binary garbage", p, "not a text file (binary data at byte 1, line 1)");
	free(p);

	p = write_text("latin1.ini", "[format]\ncurrency = \xa3\n");
	expect_fail("invalid UTF-8", p, "not a text file (invalid UTF-8 at byte 21, line 2)");
	free(p);

	p = write_text("overlong.ini", "[ui]\n\xc0\xaf = 1\n");
	expect_fail("overlong UTF-8", p, "not a text file (invalid UTF-8 at byte 6, line 2)");
	free(p);

	p = write_text("surrogate.ini", "\xed\xa0\x80\n");
	expect_fail("UTF-8 surrogate", p, "not a text file (invalid UTF-8 at byte 1, line 1)");
	free(p);

	p = write_text("cr.ini", "[ui]\rbell = yes\n");
	expect_fail("bare CR", p, "not a text file (binary data at byte 5, line 1)");
	free(p);

	size_t big = 1024 * 1024 + 1;
	char *data = xmalloc(big);
	memset(data, ';', big);
	for (size_t i = 79; i < big; i += 80)
		data[i] = '\n';
	p = write_bytes("big.ini", data, big);
	expect_fail("over 1 MiB", p, "too large for a configuration file (over 1 MiB)");
	free(p);
	free(data);

	expect_fail("character device", "/dev/null", "not a regular file");

	p = write_text("unreadable.ini", "[ui]\nbell = yes\n");
	chmod(p, 0);
	if (geteuid() == 0)
		expect_fail_as_nobody("unreadable", p, "Permission denied");
	else
		expect_fail("unreadable", p, "Permission denied");
	free(p);

	struct run r;
	run_text(&r, "[format]\ncurrency = ₽\n; комментарий по-русски\n");
	ok(r.rc == 0 && r.d.n == 0, "valid UTF-8 text with Cyrillic is accepted");
	run_free(&r);
}

/* ---------------------------------------------------------------------- */
/* Three files                                                             */

static void set_env(const char *sys, const char *xdg)
{
	char *s = path_in(sys), *x = path_in(xdg);
	setenv("KPITOP_SYSCONFDIR", s, 1);
	setenv("XDG_CONFIG_HOME", x, 1);
	free(s);
	free(x);
}

static void test_precedence(void)
{
	set_env("p/etc", "p/home/.config");
	char *sys = write_text("p/etc/kpitop/kpitop.ini",
			       "[ui]\nrefresh_ms = 1000\ncolor = never\nbell = yes\n"
			       "[calendar]\nholidays = 2026-01-01\n[format]\ncurrency = $\n");
	char *usr = write_text("p/home/.config/kpitop/kpitop.ini",
			       "[ui]\nrefresh_ms = 2000\ncolor = always\n[calendar]\n"
			       "holidays = 2026-05-01\n[format]\nnumbers = ru\n");
	char *exp = write_text("p/explicit.ini", "[ui]\nrefresh_ms = 3000\n[format]\nnumbers = en\n");
	struct kp_config c;
	struct cfg_diags d = {0};
	struct kp_err e = {{0}};
	is_int(config_load_all(&c, exp, &d, &e), 0, "three files: loaded");
	is_key(&c, "ui.refresh_ms", "3000", "three files: --config wins");
	is_key(&c, "ui.color", "always", "three files: user beats system");
	is_key(&c, "ui.bell", "1", "three files: system beats default");
	is_key(&c, "format.currency", "$", "three files: system value kept when others are silent");
	is_key(&c, "format.numbers", "en", "three files: --config beats user");
	is_key(&c, "calendar.holidays", "2026-05-01", "three files: a list is replaced, not merged");
	is_key(&c, "ui.default_view", "teams", "three files: default where no file speaks");
	is_int(d.n, 0, "three files: no diagnostics");
	config_free(&c);

	is_int(config_load_all(&c, NULL, &d, &e), 0, "no --config: loaded");
	is_key(&c, "ui.refresh_ms", "2000", "no --config: the user's file wins");
	config_free(&c);

	is_int(config_load_all(&c, usr, &d, &e), 0, "--config naming the user's file");
	is_key(&c, "ui.refresh_ms", "2000", "--config naming the user's file: its value");
	config_free(&c);

	cfg_diags_free(&d);
	free(sys);
	free(usr);
	free(exp);
}

static void test_load_all_errors(void)
{
	struct kp_config c;
	struct cfg_diags d = {0};
	struct kp_err e = {{0}};
	set_env("p/etc", "p/home/.config");
	char *missing = path_in("p/missing.ini");
	is_int(config_load_all(&c, missing, &d, &e), -1, "--config that does not exist: -1");
	ok(strstr(e.msg, "p/missing.ini: No such file or directory") != NULL,
	   "--config that does not exist: names the file");
	config_free(&c);
	free(missing);

	/* Diagnostics name the file they come from. */
	char *bad = write_text("p/home/.config/kpitop/kpitop.ini", "[ui]\ncolor = pink\n");
	is_int(config_load_all(&c, NULL, &d, &e), 0, "bad value in the user file: still 0");
	ok(d.n == 1 && strncmp(d.items[0].msg, bad, strlen(bad)) == 0 &&
		   strstr(d.items[0].msg, ":2: [ui] color = 'pink'"),
	   "bad value in the user file: the user file's name and line");
	is_key(&c, "ui.color", "never", "bad value in the user file: the system value stays");
	config_free(&c);
	cfg_diags_free(&d);
	config_load_all(&c, bad, &d, &e);
	is_int(d.n, 1, "--config naming the user's file: read once, reported once");
	config_free(&c);
	cfg_diags_free(&d);
	free(bad);

	set_env("p/none", "p/none");
	is_int(config_load_all(&c, NULL, &d, &e), 0, "no files at all: 0");
	is_key(&c, "ui.refresh_ms", "500", "no files at all: defaults");
	is_int(d.n, 0, "no files at all: no diagnostics");
	config_free(&c);

	set_env("p", "p/none"); /* p/kpitop/kpitop.ini is a directory */
	char *x = write_text("p/kpitop/kpitop.ini/x", "");
	is_int(config_load_all(&c, NULL, &d, &e), -1, "system file is a directory: -1");
	ok(strstr(e.msg, "kpitop/kpitop.ini: is a directory") != NULL,
	   "system file is a directory: says so");
	config_free(&c);
	free(x);

	cfg_diags_free(&d);
	unsetenv("KPITOP_SYSCONFDIR");
}

/* ---------------------------------------------------------------------- */
/* Working days                                                            */

static kp_date D(const char *s)
{
	kp_date d = 0;
	if (date_parse(s, &d) != 0)
		printf("# bad date %s\n", s);
	return d;
}

static void test_workday(void)
{
	struct run r;
	run_text(&r, "");
	ok(config_is_workday(&r.c, D("2026-01-05")), "default: Monday works");
	ok(config_is_workday(&r.c, D("2026-01-09")), "default: Friday works");
	ok(!config_is_workday(&r.c, D("2026-01-10")), "default: Saturday is off");
	ok(!config_is_workday(&r.c, D("2026-01-11")), "default: Sunday is off");
	ok(config_is_workday(&r.c, D("2026-01-01")), "default: no holidays, Jan 1 (Thu) works");
	run_free(&r);

	run_text(&r, "[calendar]\nholidays = 2026-01-01..2026-01-08, 2026-02-23\n");
	ok(!config_is_workday(&r.c, D("2026-01-01")), "holiday range: first day off");
	ok(!config_is_workday(&r.c, D("2026-01-08")), "holiday range: last day off");
	ok(config_is_workday(&r.c, D("2026-01-09")), "holiday range: the day after works");
	ok(!config_is_workday(&r.c, D("2026-02-23")), "single holiday: off");
	ok(config_is_workday(&r.c, D("2026-02-24")), "single holiday: next day works");
	is_int(r.c.nholidays, 9, "holiday range: 8 + 1 days");
	run_free(&r);

	run_text(&r, "[calendar]\nworkdays = mon,tue,wed,thu,fri,sat\nholidays = 2026-01-17\n");
	ok(config_is_workday(&r.c, D("2026-01-10")), "six-day week: Saturday works");
	ok(!config_is_workday(&r.c, D("2026-01-11")), "six-day week: Sunday is off");
	ok(!config_is_workday(&r.c, D("2026-01-17")), "six-day week: a Saturday holiday is off");
	run_free(&r);

	run_text(&r, "[calendar]\nworkdays = sun\n");
	ok(config_is_workday(&r.c, D("2026-01-11")), "only Sunday: Sunday works");
	ok(!config_is_workday(&r.c, D("2026-01-12")), "only Sunday: Monday is off");
	run_free(&r);
}

/* ---------------------------------------------------------------------- */
/* share/: the example file and the man page follow the keys               */

static char *share_file(const char *name)
{
	const char *srcdir = getenv("srcdir");
	const char *tries[] = {"%s/share/%s", "%s/../../share/%s", "%s/../share/%s"};
	for (size_t i = 0; i < 3; i++) {
		char *p = xasprintf(tries[i], srcdir ? srcdir : ".", name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static char *slurp(const char *path)
{
	struct strbuf sb;
	sb_init(&sb);
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&sb, buf, n);
	if (f)
		fclose(f);
	return sb.buf;
}

static void test_example(void)
{
	char *path = share_file("kpitop.ini.example");
	if (!ok(path != NULL, "share/kpitop.ini.example found"))
		return;
	char *text = slurp(path);
	struct strbuf active;
	sb_init(&active);
	int settings = 0;
	/* Turn every ";key = default" line into a setting. */
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (line[0] == ';' && n > 1 && line[1] != ' ') {
			sb_add(&active, line + 1, n - 1);
			settings++;
		} else {
			sb_add(&active, line, n);
		}
		sb_putc(&active, '\n');
		line += n + (nl != NULL);
	}
	struct run r, plain;
	run_text(&plain, text);
	ok(plain.rc == 0 && plain.d.n == 0, "example as shipped: loads cleanly");
	run_free(&plain);
	run_text(&r, active.buf);
	is_int(settings, (int)NDEFAULTS, "example: every key appears once");
	if (!ok(r.rc == 0 && r.d.n == 0, "example with every setting active: no diagnostics"))
		diags_show(&r.d);
	int same = 1;
	for (size_t i = 0; i < NDEFAULTS; i++) {
		char *got = render(&r.c, defaults[i].key);
		if (strcmp(got, defaults[i].value) != 0) {
			printf("#   %s = %s, default %s\n", defaults[i].key, got, defaults[i].value);
			same = 0;
		}
		free(got);
	}
	ok(same, "example: every value shown is the default");
	run_free(&r);
	sb_free(&active);
	free(text);
	free(path);
}

static void test_man(void)
{
	char *path = share_file("kpitop.ini.5");
	if (!ok(path != NULL, "share/kpitop.ini.5 found"))
		return;
	char *text = slurp(path);
	int all = 1;
	for (size_t i = 0; i < NDEFAULTS; i++) {
		const char *name = strchr(defaults[i].key, '.') + 1;
		char *want = xasprintf(".BR %s ", name);
		if (!strstr(text, want)) {
			printf("#   %s is not documented\n", defaults[i].key);
			all = 0;
		}
		free(want);
	}
	ok(all, "man page: documents every key");
	ok(strstr(text, "KPITOP_SYSCONFDIR") != NULL, "man page: mentions KPITOP_SYSCONFDIR");
	free(text);
	free(path);
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	tmpdir = xasprintf("%s/kpitop-test-config-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 99;
	}
	unsetenv("KPITOP_SYSCONFDIR");

	test_defaults();
	test_values();
	test_path_tilde();
	test_orders();
	test_empty_and_comments();
	test_crlf_bom();
	test_case_and_spaces();
	test_duplicates();
	test_unknown();
	test_syntax();
	test_line_numbers();
	test_cve();
	test_missing();
	test_hostile();
	test_precedence();
	test_load_all_errors();
	test_workday();
	test_example();
	test_man();

	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	free(tmpdir);
	return tap_done();
}
