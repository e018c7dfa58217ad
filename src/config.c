/* config.c - kpitop.ini: built-in defaults, then the system file, the user's
 * XDG file and --config, later wins per key (SPEC section 6).
 *
 * Every key is declared once, in cfg_keys[]: its section, name, type, default
 * (as it would be written in a file), where the value goes and a one-line doc.
 * config_defaults() parses those default texts with the same code that
 * parses files, so a default can never disagree with the rules for the key.
 *
 * Reading one file takes two passes over the same bytes:
 *  1. our own line scanner checks the text (binary data, UTF-8, size), finds
 *     line numbers for messages, reports syntax errors and unknown sections,
 *     and writes a cleaned copy in which every bad line is blank;
 *  2. iniparser parses the cleaned copy, and we read the values only by
 *     walking the sections and keys it returns.
 * The copy is needed because iniparser 4.1 (Debian 12) discards a whole file
 * for one bad line, joins lines ending in '\', and cannot read a UTF-8 BOM.
 * The walk is needed because of CVE-2023-33461: a section named like a key
 * ("[ui:refresh_ms]") replaces that key's value with NULL, and iniparser's
 * typed getters then crash.  We never call them; a NULL value is "not a key",
 * and every number is parsed here, without the locale (LC_NUMERIC may say
 * that the decimal separator is a comma). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "kpitop/config.h"
#include "kpitop/date.h"
#include "kpitop/i18n.h"
#include "kpitop/util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define CFG_MAX_FILE (1024 * 1024) /* a config file is a few KiB; more is a mistake */
#define CFG_MAX_LINE 1000          /* iniparser 4.1 refuses lines of 1024 bytes */
#define CFG_MAX_STRING 16          /* [format] currency, in bytes */
#define CFG_MAX_HOLIDAY_RANGE 366  /* days in one "from..to" item */

/* ---------------------------------------------------------------------- */
/* The keys                                                                */

enum cfg_type {
	CT_STRING,   /* char *, at most max bytes */
	CT_PATH,     /* char *, absolute or ~/...; empty = NULL */
	CT_OCTAL,    /* unsigned, min..max */
	CT_INT,      /* int, min..max */
	CT_INT64,    /* int64_t, min..max */
	CT_NUMBER,   /* double, min..max */
	CT_MONEY,    /* int64_t minor units, min..max (minor units) */
	CT_BOOL,     /* int 0/1 */
	CT_WORD,     /* char *, one of choices */
	CT_CHOICE,   /* int (or enum), index into choices */
	CT_WORKDAYS, /* workdays[7] */
	CT_HOLIDAYS, /* holidays, nholidays */
	CT_WEIGHTS,  /* bonus[], nbonus */
	CT_COLOR,    /* colors[off], named color_names[off] */
};

struct cfg_key {
	const char *section, *name;
	enum cfg_type type;
	const char *def;            /* default, written as in a file */
	size_t off;                 /* offsetof the field; CT_COLOR: element index */
	double min, max;            /* inclusive range of numbers */
	const char *const *choices; /* CT_WORD, CT_CHOICE: NULL-terminated */
	const char *doc;
};

#define F(field) offsetof(struct kp_config, field)

static const char *const views[] = {"teams", "managers", "channels", "day", "plans", NULL};
static const char *const periods[] = {"day", "week", "month", "quarter", "year", NULL};
static const char *const color_modes[] = {"auto", "always", "never", NULL};
static const char *const positions[] = {"after", "before", NULL}; /* = currency_before */
static const char *const numformats[] = {"locale", "en", "ru", "plain", NULL};
static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
static const char *const color_words[] = {"default", "black", "red",     "green", "yellow",
					  "blue",    "magenta", "cyan", "white", NULL};
static const char *const bool_words[] = {"true", "false", "yes", "no", "on", "off", "1", "0", NULL};

/* CT_CHOICE stores the index, so the lists above follow the enums. */
_Static_assert(COLOR_AUTO == 0 && COLOR_ALWAYS == 1 && COLOR_NEVER == 2, "color_modes order");
_Static_assert(NUMFMT_LOCALE == 0 && NUMFMT_EN == 1 && NUMFMT_RU == 2 && NUMFMT_PLAIN == 3,
	       "numformats order");
_Static_assert(sizeof(enum cfg_color_mode) == sizeof(int) && sizeof(enum cfg_numformat) == sizeof(int),
	       "CT_CHOICE writes an int");

/* Sections in the order files and messages show them. */
static const struct cfg_section {
	const char *name, *doc;
} cfg_sections[] = {
	{"database", "Where the database lives and how it is shared"},
	{"ui", "The dashboard"},
	{"calendar", "Working days: plans are prorated over them, and pace, forecast "
		     "and required per day count them"},
	{"format", "How money and numbers look on screen (CSV and JSON never change)"},
	{"thresholds", "Colours of completion bars and alerts, in percent of the "
		       "expected-by-now pace"},
	{"bonus", "KPI-based pay: bonus % = sum of weight x f(completion), where f is 0 "
		  "below floor and at most cap"},
	{"entry", "Sanity limits of the day sheet and plans"},
	{"colors", "Colour of each screen element, as fg or fg,bg: each one of default, "
		   "black, red, green, yellow, blue, magenta, cyan, white, or a number "
		   "0..255 on 256-colour terminals; fg alone keeps the terminal's "
		   "background"},
};

#define NSECTIONS (sizeof cfg_sections / sizeof cfg_sections[0])

#define COLOR_KEY(i, name, def, doc) {"colors", name, CT_COLOR, def, i, 0, 0, NULL, doc}

static const struct cfg_key cfg_keys[] = {
	{"database", "path", CT_PATH, "", F(db_path), 0, 0, NULL,
	 "Database file; empty means $XDG_DATA_HOME/kpitop/kpitop.db"},
	{"database", "umask", CT_OCTAL, "0002", F(umask), 0, 0777, NULL,
	 "File mode mask set before kpitop creates the database, its -wal and -shm "
	 "files and directories; 0002 keeps them writable for the group"},
	{"database", "busy_timeout_ms", CT_INT, "5000", F(busy_timeout_ms), 0, 600000, NULL,
	 "How long a write waits for another writer, in milliseconds"},
	{"ui", "refresh_ms", CT_INT, "500", F(refresh_ms), 100, 60000, NULL,
	 "How often the dashboard checks the database for changes, in milliseconds"},
	{"ui", "default_view", CT_WORD, "teams", F(default_view), 0, 0, views,
	 "The view the dashboard opens on"},
	{"ui", "default_period", CT_WORD, "month", F(default_period), 0, 0, periods,
	 "The period the dashboard opens on"},
	{"ui", "color", CT_CHOICE, "auto", F(color), 0, 0, color_modes,
	 "Colours; auto uses them when the terminal has them and NO_COLOR is not set"},
	{"ui", "bell", CT_BOOL, "false", F(bell), 0, 0, NULL,
	 "Ring the terminal bell when a new alert appears"},
	{"ui", "ascii", CT_BOOL, "false", F(ascii), 0, 0, NULL,
	 "Draw bars with ASCII characters even in a UTF-8 locale"},
	{"calendar", "workdays", CT_WORKDAYS, "mon,tue,wed,thu,fri", F(workdays), 0, 0, NULL,
	 "The working days of the week"},
	{"calendar", "holidays", CT_HOLIDAYS, "", F(holidays), 0, 0, NULL,
	 "Days off, such as public holidays, that are not working days even when "
	 "they fall on one; for example 2026-01-01..2026-01-08, 2026-02-23"},
	{"format", "currency", CT_STRING, "", F(currency), 0, CFG_MAX_STRING, NULL,
	 "Currency sign shown with money, such as $ or ₽; empty shows none"},
	{"format", "currency_position", CT_CHOICE, "after", F(currency_before), 0, 0, positions,
	 "Where the currency sign goes: before ($1,234) or after (1 234 ₽) the amount"},
	{"format", "numbers", CT_CHOICE, "locale", F(numformat), 0, 0, numformats,
	 "Number format: locale follows LC_NUMERIC; en is 1,234.50; ru is 1 234,50; "
	 "plain is 1234.50"},
	{"thresholds", "red_below", CT_NUMBER, "70", F(red_below), 0, 1000, NULL,
	 "Completion below this percent of the expected-by-now pace is red"},
	{"thresholds", "yellow_below", CT_NUMBER, "100", F(yellow_below), 0, 1000, NULL,
	 "Completion below this percent of pace is yellow, from here on green; "
	 "at least red_below"},
	{"thresholds", "alert_margin", CT_NUMBER, "10", F(alert_margin), 0, 100, NULL,
	 "A row more than this many percentage points behind pace is flagged as an alert"},
	{"bonus", "floor", CT_NUMBER, "70", F(bonus_floor), 0, 1000, NULL,
	 "Completion percent below which a metric earns no bonus"},
	{"bonus", "cap", CT_NUMBER, "150", F(bonus_cap), 0, 1000, NULL,
	 "Completion percent above which a metric earns no more; at least floor"},
	{"bonus", "base", CT_MONEY, "0", F(bonus_base), 0, 1e14, NULL,
	 "Bonus amount at 100% (bonus = base x bonus % / 100), in main currency units"},
	{"bonus", "team_weight", CT_NUMBER, "0.85", F(team_weight), 0, 1, NULL,
	 "Share of a team head's KPI that is the team's completion; the rest is "
	 "their own"},
	{"bonus", "weights", CT_WEIGHTS, "revenue:0.6, deals:0.4", F(bonus), 0, 1000, NULL,
	 "The metrics (by key) a bonus is made of, and their weights"},
	{"entry", "max_count", CT_INT64, "10000", F(max_count), 1, 1e12, NULL,
	 "A larger count typed in a Day sheet cell asks for confirmation"},
	{"entry", "max_money", CT_MONEY, "1000000.00", F(max_money), 1, 1e14, NULL,
	 "A larger amount typed in a Day sheet cell asks for confirmation"},
	COLOR_KEY(0, "header", "black,cyan", "Top line: period, date, working days, user"),
	COLOR_KEY(1, "title", "cyan", "View and column titles"),
	COLOR_KEY(2, "selected", "black,white", "The selected row"),
	COLOR_KEY(3, "ok", "green", "Numbers on or ahead of pace"),
	COLOR_KEY(4, "warn", "yellow", "Numbers somewhat behind pace"),
	COLOR_KEY(5, "bad", "red", "Numbers far behind pace"),
	COLOR_KEY(6, "alert", "white,red", "Alert markers"),
	COLOR_KEY(7, "dim", "default", "Secondary text and empty values"),
	COLOR_KEY(8, "bar_ok", "green", "Completion bar on pace"),
	COLOR_KEY(9, "bar_warn", "yellow", "Completion bar somewhat behind"),
	COLOR_KEY(10, "bar_bad", "red", "Completion bar far behind"),
	COLOR_KEY(11, "marker", "white", "Expected-by-now marker on bars"),
	COLOR_KEY(12, "funnel", "cyan", "Funnel bars"),
	COLOR_KEY(13, "spark", "blue", "Sparklines"),
	COLOR_KEY(14, "status", "black,white", "Bottom status and key bar"),
	COLOR_KEY(15, "help", "default", "Help overlay"),
};

#define NKEYS (sizeof cfg_keys / sizeof cfg_keys[0])

/* Pairs that must stay ordered (lo <= hi); checked after each file. */
static const struct cfg_order {
	const char *section, *lo, *hi;
	size_t lo_off, hi_off;
} cfg_orders[] = {
	{"thresholds", "red_below", "yellow_below", F(red_below), F(yellow_below)},
	{"bonus", "floor", "cap", F(bonus_floor), F(bonus_cap)},
};

#define NORDERS (sizeof cfg_orders / sizeof cfg_orders[0])

static const struct cfg_key *key_find(const char *section, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(cfg_keys[i].section, section) && !strcmp(cfg_keys[i].name, name))
			return &cfg_keys[i];
	return NULL;
}

static int section_known(const char *section)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!strcmp(cfg_sections[i].name, section))
			return 1;
	return 0;
}

/* "database, ui, ..." (section NULL) or the keys of one section. */
static void names_list(struct strbuf *sb, const char *section)
{
	if (!section)
		for (size_t i = 0; i < NSECTIONS; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", cfg_sections[i].name);
	for (size_t i = 0; section && i < NKEYS; i++)
		if (!strcmp(cfg_keys[i].section, section))
			sb_printf(sb, "%s%s", sb->len ? ", " : "", cfg_keys[i].name);
}

static void choices_list(struct strbuf *sb, const char *const *choices)
{
	for (size_t i = 0; choices[i]; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", choices[i]);
}

/* ---------------------------------------------------------------------- */
/* Small text helpers                                                      */

static int is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* s[0..*n) without blanks at both ends; returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_blank((unsigned char)s[0]))
		s++, (*n)--;
	while (*n && is_blank((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

static char *lower_dup(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[n] = '\0';
	return out;
}

static int choice_index(const char *const *choices, const char *s)
{
	for (int i = 0; choices[i]; i++)
		if (!strcasecmp(choices[i], s))
			return i;
	return -1;
}

/* Next comma-separated item of *p, trimmed, into item; 0 at the end. */
static int list_next(const char **p, struct strbuf *item)
{
	if (!**p)
		return 0;
	const char *start = *p, *comma = strchr(start, ',');
	size_t n = comma ? (size_t)(comma - start) : strlen(start);
	*p = comma ? comma + 1 : start + n;
	sb_reset(item);
	start = trim(start, &n);
	sb_add(item, start, n);
	return 1;
}

/* Strict decimal "[+-]digits[.digits]" as mant / 10^scale, without the
 * locale and without exponents: 0, -1 when malformed, -2 when too long. */
static int decimal_parse(const char *s, int allow_point, long long *mant, int *scale)
{
	int neg = 0, digits = 0, frac = -1;
	long long m = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s; s++) {
		if (*s == '.' && allow_point && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		if (m > (LLONG_MAX - 9) / 10)
			return -2;
		m = m * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (!digits)
		return -1;
	*mant = neg ? -m : m;
	*scale = frac < 0 ? 0 : frac;
	return 0;
}

static double pow10i(int n)
{
	double p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* A range end as the user would write it: 70, 0.85, 1000000000000. */
static void number_put(struct strbuf *sb, double v)
{
	sb_printf(sb, "%.15g", v);
}

static void money_put(struct strbuf *sb, double minor)
{
	long long m = (long long)minor;
	sb_printf(sb, "%s%lld.%02lld", m < 0 ? "-" : "", llabs(m) / 100, llabs(m) % 100);
}

/* ---------------------------------------------------------------------- */
/* Value parsers: each checks a value and, only when it is good, stores it.
 * On failure the message (after "file:line: ") is left in why.            */

typedef int (*cfg_parse_fn)(const struct cfg_key *k, const char *v, struct kp_config *c,
			    struct strbuf *why);

static void *field(struct kp_config *c, const struct cfg_key *k)
{
	return (char *)c + k->off;
}

/* "[ui] color = 'sometimes' <tail>", returns -1. */
static int bad(struct strbuf *why, const struct cfg_key *k, const char *v, const char *fmt, ...)
	KP_PRINTF(4, 5);
static int bad(struct strbuf *why, const struct cfg_key *k, const char *v, const char *fmt, ...)
{
	sb_printf(why, "[%s] %s = '%s' ", k->section, k->name, v);
	va_list ap;
	va_start(ap, fmt);
	char *tail = NULL;
	if (vasprintf(&tail, fmt, ap) < 0)
		tail = NULL;
	va_end(ap);
	sb_puts(why, tail ? tail : _("is not valid"));
	free(tail);
	return -1;
}

static int bad_choice(struct strbuf *why, const struct cfg_key *k, const char *v,
		      const char *const *choices)
{
	struct strbuf list;
	sb_init(&list);
	choices_list(&list, choices);
	bad(why, k, v, _("is not valid; valid: %s"), list.buf);
	sb_free(&list);
	return -1;
}

/* "[ui] refresh_ms = 50 is out of range 100..60000" (the value is a number). */
static int bad_range(struct strbuf *why, const struct cfg_key *k, const char *v)
{
	sb_printf(why, _("[%s] %s = %s is out of range "), k->section, k->name, v);
	void (*put)(struct strbuf *, double) = k->type == CT_MONEY ? money_put : number_put;
	if (k->type == CT_OCTAL) {
		sb_printf(why, "%04o..%04o", (unsigned)k->min, (unsigned)k->max);
		return -1;
	}
	put(why, k->min);
	sb_puts(why, "..");
	put(why, k->max);
	return -1;
}

static void str_replace(char **slot, char *s)
{
	free(*slot);
	*slot = s;
}

static int parse_string(const struct cfg_key *k, const char *v, struct kp_config *c,
			struct strbuf *why)
{
	if (k->max > 0 && strlen(v) > (size_t)k->max)
		return bad(why, k, v, P_("is too long (at most %d byte)", "is too long (at most %d bytes)",
					 (unsigned long)k->max),
			   (int)k->max);
	str_replace(field(c, k), xstrdup(v));
	return 0;
}

static int parse_path(const struct cfg_key *k, const char *v, struct kp_config *c,
		      struct strbuf *why)
{
	char *path;
	if (!*v) {
		path = NULL;
	} else if (v[0] == '/') {
		path = xstrdup(v);
	} else if (v[0] == '~' && v[1] == '/') {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw && pw->pw_dir ? pw->pw_dir : NULL;
		}
		if (!home)
			return bad(why, k, v, _("cannot be expanded: HOME is not set"));
		path = xasprintf("%s%s", home, v + 1);
	} else {
		return bad(why, k, v, _("is not valid; valid: an absolute path, a path "
				      "starting with ~/, or empty for the default"));
	}
	str_replace(field(c, k), path);
	return 0;
}

static int parse_octal(const struct cfg_key *k, const char *v, struct kp_config *c,
		       struct strbuf *why)
{
	unsigned long n = 0;
	if (!*v || strspn(v, "01234567") != strlen(v))
		return bad(why, k, v, _("is not an octal number (like 0002 or 0027)"));
	for (const char *p = v; *p; p++) {
		n = n * 8 + (unsigned long)(*p - '0');
		if (n > (unsigned long)k->max)
			return bad_range(why, k, v);
	}
	*(unsigned *)field(c, k) = (unsigned)n;
	return 0;
}

static int parse_int(const struct cfg_key *k, const char *v, struct kp_config *c,
		     struct strbuf *why)
{
	long long n;
	int scale, rc = decimal_parse(v, 0, &n, &scale);
	if (rc == -1)
		return bad(why, k, v, _("is not a whole number; valid: %.0f..%.0f"), k->min, k->max);
	if (rc == -2 || (double)n < k->min || (double)n > k->max)
		return bad_range(why, k, v);
	if (k->type == CT_INT)
		*(int *)field(c, k) = (int)n;
	else
		*(int64_t *)field(c, k) = n;
	return 0;
}

/* A decimal number as a double; 0 or -1 (malformed), -2 (too long). */
static int number_value(const char *v, double *out)
{
	long long m;
	int scale, rc = decimal_parse(v, 1, &m, &scale);
	if (rc == 0)
		*out = (double)m / pow10i(scale);
	return rc;
}

static int parse_number(const struct cfg_key *k, const char *v, struct kp_config *c,
			struct strbuf *why)
{
	double d = 0;
	int rc = number_value(v, &d);
	if (rc == -1)
		return bad(why, k, v, _("is not a number (digits with an optional '.', like 0.85)"));
	if (rc == -2 || d < k->min || d > k->max)
		return bad_range(why, k, v);
	*(double *)field(c, k) = d;
	return 0;
}

static int parse_money(const struct cfg_key *k, const char *v, struct kp_config *c,
		       struct strbuf *why)
{
	long long m;
	int scale, rc = decimal_parse(v, 1, &m, &scale);
	if (rc == -1 || (rc == 0 && scale > 2))
		return bad(why, k, v, _("is not an amount (digits with up to 2 decimals, like 1500.50)"));
	if (rc == -2 || m > LLONG_MAX / 100 || m < -(LLONG_MAX / 100))
		return bad_range(why, k, v);
	m *= scale == 0 ? 100 : scale == 1 ? 10 : 1;
	if ((double)m < k->min || (double)m > k->max)
		return bad_range(why, k, v);
	*(int64_t *)field(c, k) = m;
	return 0;
}

static int parse_bool(const struct cfg_key *k, const char *v, struct kp_config *c,
		      struct strbuf *why)
{
	int i = choice_index(bool_words, v);
	if (i < 0)
		return bad_choice(why, k, v, bool_words);
	*(int *)field(c, k) = i % 2 == 0; /* true, yes, on, 1 sit at even places */
	return 0;
}

static int parse_word(const struct cfg_key *k, const char *v, struct kp_config *c,
		      struct strbuf *why)
{
	int i = choice_index(k->choices, v);
	if (i < 0)
		return bad_choice(why, k, v, k->choices);
	str_replace(field(c, k), xstrdup(k->choices[i]));
	return 0;
}

static int parse_choice(const struct cfg_key *k, const char *v, struct kp_config *c,
			struct strbuf *why)
{
	int i = choice_index(k->choices, v);
	if (i < 0)
		return bad_choice(why, k, v, k->choices);
	*(int *)field(c, k) = i;
	return 0;
}

static int parse_workdays(const struct cfg_key *k, const char *v, struct kp_config *c,
			  struct strbuf *why)
{
	unsigned char days[7] = {0};
	int any = 0, rc = 0;
	struct strbuf item;
	sb_init(&item);
	for (const char *p = v; rc == 0 && list_next(&p, &item);) {
		if (!item.len)
			continue;
		int i = choice_index(day_names, item.buf);
		if (i < 0) {
			struct strbuf list;
			sb_init(&list);
			choices_list(&list, day_names);
			rc = bad(why, k, v, _("has '%s', which is not a day; valid: %s"), item.buf,
				 list.buf);
			sb_free(&list);
		} else {
			days[i] = 1;
			any = 1;
		}
	}
	sb_free(&item);
	if (rc == 0 && !any)
		rc = bad(why, k, v, _("names no day; at least one is needed (like mon,tue,wed,thu,fri)"));
	if (rc == 0)
		memcpy(c->workdays, days, sizeof days);
	return rc;
}

static int date_cmp(const void *a, const void *b)
{
	kp_date x = *(const kp_date *)a, y = *(const kp_date *)b;
	return (x > y) - (x < y);
}

/* "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" into first..last. */
static int holiday_item(const char *s, kp_date *first, kp_date *last)
{
	const char *dots = strstr(s, "..");
	if (!dots)
		return date_parse(s, first) == 0 ? (*last = *first, 0) : -1;
	size_t n = (size_t)(dots - s);
	const char *a = trim(s, &n);
	char *from = xasprintf("%.*s", (int)n, a);
	n = strlen(dots + 2);
	const char *b = trim(dots + 2, &n);
	char *to = xasprintf("%.*s", (int)n, b);
	int rc = date_parse(from, first) == 0 && date_parse(to, last) == 0 ? 0 : -1;
	free(from);
	free(to);
	return rc;
}

static int parse_holidays(const struct cfg_key *k, const char *v, struct kp_config *c,
			  struct strbuf *why)
{
	kp_date *days = NULL, a, b;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct strbuf item;
	sb_init(&item);
	for (const char *p = v; rc == 0 && list_next(&p, &item);) {
		if (!item.len)
			continue;
		if (holiday_item(item.buf, &a, &b) != 0)
			rc = bad(why, k, v, _("has '%s', which is not a date; valid: YYYY-MM-DD "
					    "or YYYY-MM-DD..YYYY-MM-DD"), item.buf);
		else if (b < a || b - a >= CFG_MAX_HOLIDAY_RANGE)
			rc = bad(why, k, v,
				 P_("has '%s', which is not a range of 1 to %d day",
				    "has '%s', which is not a range of 1 to %d days", CFG_MAX_HOLIDAY_RANGE),
				 item.buf, CFG_MAX_HOLIDAY_RANGE);
		for (kp_date d = a; rc == 0 && d <= b; d++) {
			xgrow(&days, &cap, n + 1, sizeof *days);
			days[n++] = d;
		}
	}
	sb_free(&item);
	if (rc != 0) {
		free(days);
		return rc;
	}
	if (n)
		qsort(days, n, sizeof *days, date_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || days[i] != days[u - 1])
			days[u++] = days[i];
	free(c->holidays);
	c->holidays = days;
	c->nholidays = u;
	return 0;
}

static int metric_key_valid(const char *s, size_t n)
{
	/* The rule kpitop metric add enforces: no other key can match. */
	if (n == 0 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", s[i]))
			return 0;
	return 1;
}

/* One "metric:weight" item into w (metric malloc'd); 0 or -1 with why set. */
static int weight_item(const struct cfg_key *k, const char *v, const char *item,
		       struct bonus_weight *w, struct strbuf *why)
{
	const char *colon = strchr(item, ':');
	size_t n = colon ? (size_t)(colon - item) : 0;
	const char *name = trim(item, &n);
	if (!colon)
		return bad(why, k, v, _("has '%s'; valid: metric:weight pairs like revenue:0.6"), item);
	if (!metric_key_valid(name, n))
		return bad(why, k, v,
			   _("has '%s', whose '%.*s' is not a metric key (a-z, 0-9 and _, "
			     "starting with a letter; see kpitop metric list)"),
			   item, (int)n, name);
	double d;
	int rc = number_value(colon + 1 + strspn(colon + 1, " \t"), &d);
	if (rc != 0 || d < k->min || d > k->max)
		return bad(why, k, v, _("has '%s', whose weight is not a number from 0 to %g"), item,
			   k->max);
	w->metric = xasprintf("%.*s", (int)n, name);
	w->weight = d;
	return 0;
}

static void weights_free(struct bonus_weight *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].metric);
}

static int parse_weights(const struct cfg_key *k, const char *v, struct kp_config *c,
			 struct strbuf *why)
{
	struct bonus_weight w[CONFIG_MAX_BONUS];
	size_t n = 0;
	int rc = 0;
	struct strbuf item;
	sb_init(&item);
	for (const char *p = v; rc == 0 && list_next(&p, &item);) {
		if (!item.len)
			continue;
		if (n == CONFIG_MAX_BONUS) {
			rc = bad(why, k, v, P_("has more than %d metric", "has more than %d metrics",
					       CONFIG_MAX_BONUS),
				 CONFIG_MAX_BONUS);
			break;
		}
		rc = weight_item(k, v, item.buf, &w[n], why);
		if (rc != 0)
			break;
		n++; /* w[0..n) own their names from here on */
		for (size_t i = 0; rc == 0 && i + 1 < n; i++)
			if (!strcmp(w[i].metric, w[n - 1].metric))
				rc = bad(why, k, v, _("names '%s' twice"), w[n - 1].metric);
	}
	sb_free(&item);
	if (rc != 0) {
		weights_free(w, n);
		return rc;
	}
	weights_free(c->bonus, c->nbonus);
	memcpy(c->bonus, w, n * sizeof *w);
	c->nbonus = n;
	return 0;
}

/* One colour of "fg[,bg]": a name or 0..255, appended to out normalized. */
static int color_word(const char *s, struct strbuf *out)
{
	int i = choice_index(color_words, s);
	if (i >= 0) {
		sb_puts(out, color_words[i]);
		return 0;
	}
	long long n;
	int scale;
	if (*s == '+' || *s == '-' || decimal_parse(s, 0, &n, &scale) != 0 || n > 255)
		return -1;
	sb_printf(out, "%lld", n);
	return 0;
}

static int parse_color(const struct cfg_key *k, const char *v, struct kp_config *c,
		       struct strbuf *why)
{
	struct strbuf item, norm;
	sb_init(&item);
	sb_init(&norm);
	int parts = 0, rc = 0;
	for (const char *p = v; rc == 0 && list_next(&p, &item); parts++) {
		if (parts)
			sb_putc(&norm, ',');
		if (parts >= 2 || color_word(item.buf, &norm) != 0)
			rc = -1;
	}
	if (rc != 0 || parts == 0) {
		struct strbuf list;
		sb_init(&list);
		choices_list(&list, color_words);
		rc = bad(why, k, v, _("is not valid; valid: fg or fg,bg, each one of %s or 0..255"),
			 list.buf);
		sb_free(&list);
	} else {
		str_replace(&c->colors[k->off], xstrdup(norm.buf));
	}
	sb_free(&item);
	sb_free(&norm);
	return rc;
}

static const cfg_parse_fn parsers[] = {
	[CT_STRING] = parse_string,     [CT_PATH] = parse_path,
	[CT_OCTAL] = parse_octal,       [CT_INT] = parse_int,
	[CT_INT64] = parse_int,         [CT_NUMBER] = parse_number,
	[CT_MONEY] = parse_money,       [CT_BOOL] = parse_bool,
	[CT_WORD] = parse_word,         [CT_CHOICE] = parse_choice,
	[CT_WORKDAYS] = parse_workdays, [CT_HOLIDAYS] = parse_holidays,
	[CT_WEIGHTS] = parse_weights,   [CT_COLOR] = parse_color,
};

/* ---------------------------------------------------------------------- */
/* Defaults and freeing                                                    */

void config_defaults(struct kp_config *c)
{
	struct strbuf why;
	memset(c, 0, sizeof *c);
	sb_init(&why);
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (k->type == CT_COLOR) {
			c->color_names[k->off] = xstrdup(k->name);
			c->ncolors = k->off + 1;
		}
		/* A default that does not parse is a bug in cfg_keys[]; the unit
		 * test checks every one, so this never reaches a user. */
		if (parsers[k->type](k, k->def, c, &why) != 0) {
			fprintf(stderr, "kpitop: bad built-in default: %s\n", why.buf);
			abort();
		}
	}
	sb_free(&why);
}

void config_free(struct kp_config *c)
{
	free(c->db_path);
	free(c->default_view);
	free(c->default_period);
	free(c->holidays);
	free(c->currency);
	weights_free(c->bonus, c->nbonus);
	for (size_t i = 0; i < sizeof c->colors / sizeof c->colors[0]; i++) {
		free(c->colors[i]);
		free(c->color_names[i]);
	}
	memset(c, 0, sizeof *c);
}

void cfg_diags_free(struct cfg_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].msg);
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

int config_is_workday(const struct kp_config *c, kp_date d)
{
	if (!c->workdays[date_weekday(d)])
		return 0;
	return !c->nholidays || !bsearch(&d, c->holidays, c->nholidays, sizeof d, date_cmp);
}

/* ---------------------------------------------------------------------- */
/* One file: reading and checking the bytes                                */

/* Read a regular file of at most CFG_MAX_FILE bytes into sb: 0, 1 when it
 * is missing and optional, -1 with e set. */
static int file_read(const char *path, int optional, struct strbuf *sb, struct kp_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (optional && (errno == ENOENT || errno == ENOTDIR))
			return 1;
		return kp_fail(e, "%s: %s", path, strerror(errno));
	}
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) != 0)
		rc = kp_fail(e, "%s: %s", path, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = kp_fail(e, _("%s: is a directory"), path);
	else if (!S_ISREG(st.st_mode))
		rc = kp_fail(e, _("%s: not a regular file"), path);
	char buf[8192];
	while (rc == 0) {
		ssize_t got = read(fd, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = kp_fail(e, "%s: %s", path, strerror(errno));
		else if (got == 0)
			break;
		else if (sb->len + (size_t)got > CFG_MAX_FILE)
			rc = kp_fail(e, _("%s: too large for a configuration file (over 1 MiB)"), path);
		else
			sb_add(sb, buf, (size_t)got);
	}
	close(fd);
	return rc;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* Text is UTF-8 without control characters other than tab and line ends. */
static int text_check(const char *path, const char *text, size_t n, struct kp_err *e)
{
	const unsigned char *s = (const unsigned char *)text;
	int line = 1;
	for (size_t i = 0; i < n;) {
		unsigned char ch = s[i];
		int crlf = ch == '\r' && (i + 1 == n || s[i + 1] == '\n');
		if ((ch < 0x20 && ch != '\t' && ch != '\n' && !crlf) || ch == 0x7F)
			return kp_fail(e, _("%s: not a text file (binary data at byte %zu, line %d)"),
				       path, i + 1, line);
		size_t len = utf8_len(s + i, n - i);
		if (!len)
			return kp_fail(e, _("%s: not a text file (invalid UTF-8 at byte %zu, line %d)"),
				       path, i + 1, line);
		line += ch == '\n';
		i += len;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* One file: the line scanner                                              */

struct cfg_line {
	int line;
	char *section; /* lower-case */
	char *key;     /* lower-case; NULL on a section header */
};

struct cfg_note {
	int line; /* 0 = the file as a whole */
	size_t seq;
	char *msg;
};

/* The state of loading one file. */
struct cfg_load {
	const char *path;
	struct cfg_line *lines; /* section headers and keys, in file order */
	size_t nlines, caplines;
	struct cfg_note *notes; /* diagnostics, sorted by line at the end */
	size_t nnotes, capnotes;
	struct strbuf clean; /* the text iniparser reads */
};

static void note(struct cfg_load *L, int line, const char *fmt, ...) KP_PRINTF(3, 4);
static void note(struct cfg_load *L, int line, const char *fmt, ...)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, line > 0 ? "%s:%d: " : "%s: ", L->path, line);
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	sb_puts(&sb, msg ? msg : "?");
	free(msg);
	xgrow(&L->notes, &L->capnotes, L->nnotes + 1, sizeof *L->notes);
	L->notes[L->nnotes] = (struct cfg_note){line, L->nnotes, sb.buf};
	L->nnotes++;
}

static void line_add(struct cfg_load *L, int line, const char *section, char *key)
{
	xgrow(&L->lines, &L->caplines, L->nlines + 1, sizeof *L->lines);
	L->lines[L->nlines++] = (struct cfg_line){line, xstrdup(section), key};
}

/* Where a message about section/key points: the key's last line, else the
 * section's first header, else 0 (the file as a whole). */
static int line_of(const struct cfg_load *L, const char *section, const char *key)
{
	int key_line = 0, head_line = 0;
	for (size_t i = 0; i < L->nlines; i++) {
		const struct cfg_line *l = &L->lines[i];
		if (strcmp(l->section, section) != 0)
			continue;
		if (key && l->key && !strcmp(l->key, key))
			key_line = l->line;
		else if (!l->key && !head_line)
			head_line = l->line;
	}
	return key_line ? key_line : head_line;
}

static int key_seen(const struct cfg_load *L, const char *section, const char *key)
{
	for (size_t i = 0; i < L->nlines; i++)
		if (L->lines[i].key && !strcmp(L->lines[i].section, section) &&
		    !strcmp(L->lines[i].key, key))
			return 1;
	return 0;
}

/* "[name]" with an optional comment after it; the name is left in *name. */
static int scan_section(struct cfg_load *L, int line, const char *s, size_t n, char **name)
{
	const char *close = memchr(s, ']', n);
	if (!close) {
		note(L, line, _("a section header must end with ']'"));
		return -1;
	}
	size_t rest = n - (size_t)(close + 1 - s);
	const char *after = trim(close + 1, &rest);
	size_t len = (size_t)(close - s - 1);
	const char *start = trim(s + 1, &len);
	if (rest && after[0] != ';' && after[0] != '#') {
		note(L, line, _("unexpected text after the section header"));
		return -1;
	}
	if (!len || memchr(start, '[', len)) {
		note(L, line, _("a section header is '[name]'"));
		return -1;
	}
	*name = lower_dup(start, len);
	if (!section_known(*name)) {
		struct strbuf list;
		sb_init(&list);
		names_list(&list, NULL);
		note(L, line, _("unknown section [%s]; valid sections: %s"), *name, list.buf);
		sb_free(&list);
	}
	return 0;
}

/* "key = value" inside a section; 0 when iniparser may see the line. */
static int scan_key(struct cfg_load *L, int line, const char *s, size_t n, const char *section)
{
	const char *eq = memchr(s, '=', n);
	if (!eq) {
		note(L, line, _("syntax error: expected '[section]', 'key = value' or a comment"));
		return -1;
	}
	size_t klen = (size_t)(eq - s);
	const char *k = trim(s, &klen);
	if (!klen) {
		note(L, line, _("a key name is missing before '='"));
		return -1;
	}
	char *key = lower_dup(k, klen);
	int rc = -1;
	if (!section)
		note(L, line, _("key '%s' is outside any [section]"), key);
	else if (strchr(key, ':'))
		note(L, line, _("key '%s': ':' is not allowed in a key name"), key);
	else if (s[n - 1] == '\\')
		note(L, line, _("[%s] %s: a line cannot end with '\\' (continued lines are not "
			      "supported)"), section, key);
	else
		rc = 0;
	if (rc == 0)
		line_add(L, line, section, key);
	else
		free(key);
	return rc;
}

/* One physical line: index it, report it, and copy it if iniparser may see it. */
static void scan_line(struct cfg_load *L, int line, const char *s, size_t n, char **section)
{
	s = trim(s, &n);
	if (n > CFG_MAX_LINE) {
		note(L, line, P_("line too long (%zu byte; at most %d)",
				 "line too long (%zu bytes; at most %d)", n),
		     n, CFG_MAX_LINE);
	} else if (n == 0 || s[0] == ';' || s[0] == '#') {
		/* blank or comment: nothing to copy */
	} else if (s[0] == '[') {
		char *name = NULL;
		if (scan_section(L, line, s, n, &name) == 0) {
			free(*section);
			*section = name;
			line_add(L, line, name, NULL);
			sb_printf(&L->clean, "[%s]", name);
		}
	} else if (scan_key(L, line, s, n, *section) == 0) {
		sb_add(&L->clean, s, n);
	}
	sb_putc(&L->clean, '\n'); /* one line for one line: iniparser's count matches */
}

static void scan(struct cfg_load *L, const char *text, size_t n)
{
	char *section = NULL;
	if (n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		text += 3, n -= 3;
	int line = 1;
	for (size_t i = 0; i < n; line++) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		scan_line(L, line, text + i, len, &section);
		i += len + 1;
	}
	free(section);
}

/* ---------------------------------------------------------------------- */
/* One file: iniparser on the cleaned copy                                 */

static int ini_quiet(const char *fmt, ...)
{
	(void)fmt; /* iniparser's own messages would go to stderr; we report ourselves */
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* iniparser 4.1 reads only named files: give it the copy as a memfd, or as a
 * temporary file when /proc or memfd_create is not available. */
static dictionary *ini_load_text(const char *text, size_t n)
{
	dictionary *d = NULL;
	iniparser_set_error_callback(ini_quiet);
#ifdef MFD_CLOEXEC
	int mfd = memfd_create("kpitop.ini", MFD_CLOEXEC);
	if (mfd >= 0) {
		if (write_all(mfd, text, n) == 0) {
			char *p = xasprintf("/proc/self/fd/%d", mfd);
			d = iniparser_load(p);
			free(p);
		}
		close(mfd);
	}
	if (d)
		return d;
#endif
	const char *dir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/kpitop-ini-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		if (write_all(fd, text, n) == 0)
			d = iniparser_load(tmp);
		unlink(tmp);
		close(fd);
	}
	free(tmp);
	return d;
}

static void walk_key(struct cfg_load *L, dictionary *d, struct kp_config *c, const char *sec,
		     const char *full, struct strbuf *why)
{
	const char *name = full + strlen(sec) + 1;
	if (strchr(name, ':'))
		return; /* a key of a section like [ui:x]: reported as unknown section */
	const char *val = iniparser_getstring(d, full, NULL);
	int line = line_of(L, sec, name);
	if (!val) {
		/* CVE-2023-33461: [sec:name] is a section and took the key's value;
		 * that section itself was reported as unknown by the scanner. */
		if (key_seen(L, sec, name))
			note(L, line, _("[%s] %s is ignored: the section [%s] (line %d) replaces it"),
			     sec, name, full, line_of(L, full, NULL));
		return;
	}
	const struct cfg_key *k = key_find(sec, name);
	if (!k) {
		struct strbuf list;
		sb_init(&list);
		names_list(&list, sec);
		note(L, line, _("unknown key '%s' in [%s]; valid keys: %s"), name, sec, list.buf);
		sb_free(&list);
		return;
	}
	sb_reset(why);
	if (parsers[k->type](k, val, c, why) != 0)
		note(L, line, "%s", why->buf);
}

static void walk(struct cfg_load *L, dictionary *d, struct kp_config *c)
{
	struct strbuf why;
	sb_init(&why);
	int nsec = iniparser_getnsec(d);
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (!sec || !section_known(sec))
			continue; /* the scanner reported it */
		int nkeys = iniparser_getsecnkeys(d, sec);
		if (nkeys <= 0)
			continue;
		const char **keys = xcalloc((size_t)nkeys, sizeof *keys);
		if (iniparser_getseckeys(d, sec, keys))
			for (int j = 0; j < nkeys; j++)
				if (keys[j])
					walk_key(L, d, c, sec, keys[j], &why);
		free(keys);
	}
	sb_free(&why);
}

/* After a file: an ordered pair that ended up reversed takes back the values
 * it had before the file (saved[2 * i], saved[2 * i + 1]). */
static void orders_check(struct cfg_load *L, struct kp_config *c, const double *saved)
{
	for (size_t i = 0; i < NORDERS; i++) {
		const struct cfg_order *o = &cfg_orders[i];
		double *lo = (double *)((char *)c + o->lo_off), *hi = (double *)((char *)c + o->hi_off);
		if (*lo <= *hi)
			continue;
		int l1 = line_of(L, o->section, o->lo), l2 = line_of(L, o->section, o->hi);
		note(L, l1 > l2 ? l1 : l2,
		     _("[%s] %s = %g must be at least %s = %g; keeping %s = %g, %s = %g"), o->section,
		     o->hi, *hi, o->lo, *lo, o->lo, saved[2 * i], o->hi, saved[2 * i + 1]);
		*lo = saved[2 * i];
		*hi = saved[2 * i + 1];
	}
}

static int note_cmp(const void *a, const void *b)
{
	const struct cfg_note *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Hand the notes over to diags, in line order. */
static void notes_flush(struct cfg_load *L, struct cfg_diags *diags)
{
	if (L->nnotes)
		qsort(L->notes, L->nnotes, sizeof *L->notes, note_cmp);
	for (size_t i = 0; i < L->nnotes; i++) {
		if (diags) {
			xgrow(&diags->items, &diags->cap, diags->n + 1, sizeof *diags->items);
			diags->items[diags->n++].msg = L->notes[i].msg;
		} else {
			free(L->notes[i].msg);
		}
	}
	L->nnotes = 0;
}

static void load_free(struct cfg_load *L)
{
	for (size_t i = 0; i < L->nlines; i++) {
		free(L->lines[i].section);
		free(L->lines[i].key);
	}
	free(L->lines);
	for (size_t i = 0; i < L->nnotes; i++)
		free(L->notes[i].msg);
	free(L->notes);
	sb_free(&L->clean);
}

/* Scan the text, let iniparser read the clean copy, apply the values. */
static int load_text(struct kp_config *c, const char *path, const char *text, size_t n,
		     struct cfg_diags *diags, struct kp_err *e)
{
	struct cfg_load L = {.path = path};
	double saved[2 * NORDERS];
	int rc = 0;
	sb_init(&L.clean);
	scan(&L, text, n);
	for (size_t i = 0; i < NORDERS; i++) {
		saved[2 * i] = *(double *)((char *)c + cfg_orders[i].lo_off);
		saved[2 * i + 1] = *(double *)((char *)c + cfg_orders[i].hi_off);
	}
	if (L.nlines) {
		dictionary *d = ini_load_text(L.clean.buf, L.clean.len);
		if (!d) {
			rc = kp_fail(e, _("%s: cannot parse (iniparser could not read a copy: %s)"),
				     path, strerror(errno));
		} else {
			walk(&L, d, c);
			iniparser_freedict(d);
			orders_check(&L, c, saved);
		}
	}
	notes_flush(&L, diags);
	load_free(&L);
	return rc;
}

int config_load_file(struct kp_config *c, const char *path, int optional,
		     struct cfg_diags *diags, struct kp_err *e)
{
	struct strbuf text;
	sb_init(&text);
	int rc = file_read(path, optional, &text, e);
	if (rc == 0)
		rc = text_check(path, text.buf, text.len, e);
	if (rc == 0)
		rc = load_text(c, path, text.buf, text.len, diags, e);
	sb_free(&text);
	return rc > 0 ? 0 : rc;
}

/* ---------------------------------------------------------------------- */
/* All files                                                               */

/* Two names of one file (--config naming the user's file) load once. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int config_load_all(struct kp_config *c, const char *explicit_path, struct cfg_diags *diags,
		    struct kp_err *e)
{
	config_defaults(c);
	const char *sysdir = getenv("KPITOP_SYSCONFDIR"); /* tests point it elsewhere */
	if (!sysdir || !*sysdir)
		sysdir = SYSCONFDIR;
	char *xdg = kp_xdg_dir("XDG_CONFIG_HOME", ".config");
	char *files[2] = {xasprintf("%s/kpitop/kpitop.ini", sysdir), xasprintf("%s/kpitop.ini", xdg)};
	free(xdg);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < 2; i++) {
		if (i == 1 && same_file(files[0], files[1]))
			break;
		rc = config_load_file(c, files[i], 1, diags, e);
	}
	if (rc == 0 && explicit_path && !(same_file(explicit_path, files[0]) ||
					   same_file(explicit_path, files[1])))
		rc = config_load_file(c, explicit_path, 0, diags, e);
	free(files[0]);
	free(files[1]);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* share/kpitop.ini.example and the key list of kpitop.ini(5) are printed
 * from cfg_keys[] by a build of this file with -DKPITOP_CONFIG_GEN:
 *   gcc -DKPITOP_CONFIG_GEN -I. -Iinclude src/config.c src/util.c src/date.c \
 *       -liniparser -o gen && ./gen example && ./gen man
 * test_config checks that the example loads to exactly the defaults. */
#ifdef KPITOP_CONFIG_GEN
static void type_describe(struct strbuf *sb, const struct cfg_key *k)
{
	switch (k->type) {
	case CT_STRING:
		sb_printf(sb, "text of at most %d bytes; quote it if it has ; or #", (int)k->max);
		break;
	case CT_PATH:
		sb_puts(sb, "an absolute path or ~/path; empty for the default");
		break;
	case CT_OCTAL:
		sb_printf(sb, "octal, %04o..%04o", (unsigned)k->min, (unsigned)k->max);
		break;
	case CT_INT:
	case CT_INT64:
		sb_printf(sb, "whole number, %.0f..%.0f", k->min, k->max);
		break;
	case CT_NUMBER:
		sb_printf(sb, "number, %g..%g", k->min, k->max);
		break;
	case CT_MONEY:
		sb_puts(sb, "amount with up to 2 decimals, ");
		money_put(sb, k->min), sb_puts(sb, ".."), money_put(sb, k->max);
		break;
	case CT_BOOL:
		sb_puts(sb, "true/false, yes/no, on/off or 1/0");
		break;
	case CT_WORD:
	case CT_CHOICE:
		sb_puts(sb, "one of "), choices_list(sb, k->choices);
		break;
	case CT_WORKDAYS:
		sb_puts(sb, "comma-separated days, at least one of "), choices_list(sb, day_names);
		break;
	case CT_HOLIDAYS:
		sb_printf(sb, "comma-separated YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (up to %d days)",
			  CFG_MAX_HOLIDAY_RANGE);
		break;
	case CT_WEIGHTS:
		sb_printf(sb, "comma-separated metric:weight, weight %g..%g, at most %d metrics",
			  k->min, k->max, CONFIG_MAX_BONUS);
		break;
	case CT_COLOR:
		sb_puts(sb, "fg or fg,bg, each one of "), choices_list(sb, color_words);
		sb_puts(sb, " or 0..255");
		break;
	}
}

static const char *section_doc(const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!strcmp(cfg_sections[i].name, name))
			return cfg_sections[i].doc;
	return "";
}

/* "# text" wrapped at 76 columns (counting UTF-8 characters, not bytes). */
static void comment_wrap(const char *text)
{
	const char *p = text;
	while (*p) {
		const char *end = p, *cut = NULL;
		for (int cols = 0; *end && cols <= 74; end++) {
			cols += ((unsigned char)*end & 0xC0) != 0x80;
			if (*end == ' ')
				cut = end;
		}
		if (!*end || !cut)
			cut = end;
		printf("# %.*s\n", (int)(cut - p), p);
		p = *cut == ' ' ? cut + 1 : cut;
	}
}

static void gen_example(void)
{
	puts("# kpitop.ini - kpitop's configuration; see kpitop.ini(5).\n#\n"
	     "# Read in this order, later files winning key by key:\n"
	     "#   /etc/kpitop/kpitop.ini, $XDG_CONFIG_HOME/kpitop/kpitop.ini\n"
	     "#   (~/.config/kpitop/kpitop.ini), then the file given with --config.\n#\n"
	     "# Every setting below is shown with its built-in default, commented out\n"
	     "# with ';'.  Remove the ';' to change it.  A comment is a line that starts\n"
	     "# with ';' or '#'; after a value, ';' or '#' also starts a comment, so quote\n"
	     "# values that contain them: currency = \"#\".");
	const char *section = "";
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (strcmp(section, k->section) != 0) {
			section = k->section;
			printf("\n\n");
			sb_reset(&sb);
			sb_printf(&sb, "%s.", section_doc(section));
			comment_wrap(sb.buf);
			printf("[%s]\n", section);
		}
		sb_reset(&sb);
		sb_printf(&sb, "%s.", k->doc);
		printf("\n");
		comment_wrap(sb.buf);
		sb_reset(&sb);
		sb_puts(&sb, "Valid: ");
		type_describe(&sb, k);
		sb_puts(&sb, ".");
		if (k->type != CT_COLOR) /* the section says it once */
			comment_wrap(sb.buf);
		printf(";%s =%s%s\n", k->name, *k->def ? " " : "", k->def);
	}
	sb_free(&sb);
}

/* man(7) text: \e for a backslash, \- for a hyphen, \[uXXXX] beyond ASCII. */
static void man_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t len = utf8_len(p, strlen((const char *)p));
		unsigned cp = len == 2 ? (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu)
			      : len == 3 ? (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)
					 : p[0];
		if (len > 1 && len < 4)
			printf("\\[u%04X]", cp);
		else if (*p == '\\')
			fputs("\\e", stdout);
		else if (*p == '-')
			fputs("\\-", stdout);
		else
			putchar(*p);
		p += len ? len : 1;
	}
}

static void gen_man(void)
{
	const char *section = "";
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (strcmp(section, k->section) != 0) {
			section = k->section;
			printf(".SS [%s]\n", section);
			man_text(section_doc(section));
			printf(".\n");
		}
		sb_reset(&sb);
		type_describe(&sb, k);
		printf(".TP\n.BR %s \" (default", k->name);
		if (*k->def) {
			printf(" \" \"");
			man_text(k->def);
			printf("\" )\n");
		} else {
			printf(": empty)\"\n");
		}
		man_text(k->doc);
		printf(".\n");
		if (k->type != CT_COLOR) { /* the section says it once */
			printf(".br\nValid: ");
			man_text(sb.buf);
			printf(".\n");
		}
	}
	sb_free(&sb);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "example"))
		gen_example();
	else if (argc == 2 && !strcmp(argv[1], "man"))
		gen_man();
	else
		return fputs("usage: gen example|man\n", stderr), 2;
	return 0;
}
#endif
