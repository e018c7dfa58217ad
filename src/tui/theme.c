/* theme.c - colours named by meaning, with a monochrome row for terminals
 * without colour, NO_COLOR and --no-color.  [colors] in the configuration
 * overrides the colour of any role. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* A role's colours come from [colors] in the configuration, whose built-in
 * defaults (config.c, documented in kpitop.ini(5)) always fill every key;
 * here only the attributes that go with them. */
struct role {
	const char *name; /* the [colors] key */
	attr_t color_attr;
	attr_t mono;      /* used without colour */
};

static const struct role roles[C_NROLES] = {
	[C_NORMAL] = {"normal", A_NORMAL, A_NORMAL},
	[C_HEADER] = {"header", A_NORMAL, A_REVERSE},
	[C_TITLE] = {"title", A_BOLD, A_BOLD},
	[C_SELECTED] = {"selected", A_NORMAL, A_REVERSE},
	[C_OK] = {"ok", A_NORMAL, A_NORMAL},
	[C_WARN] = {"warn", A_NORMAL, A_NORMAL},
	[C_BAD] = {"bad", A_BOLD, A_BOLD},
	[C_ALERT] = {"alert", A_BOLD, A_BOLD},
	[C_DIM] = {"dim", A_DIM, A_DIM},
	[C_BAR_OK] = {"bar_ok", A_NORMAL, A_NORMAL},
	[C_BAR_WARN] = {"bar_warn", A_NORMAL, A_NORMAL},
	[C_BAR_BAD] = {"bar_bad", A_NORMAL, A_NORMAL},
	[C_MARKER] = {"marker", A_BOLD, A_BOLD},
	[C_FUNNEL] = {"funnel", A_NORMAL, A_NORMAL},
	[C_SPARK] = {"spark", A_NORMAL, A_NORMAL},
	[C_STATUS] = {"status", A_NORMAL, A_REVERSE},
	[C_HELP] = {"help", A_BOLD, A_BOLD},
};

static const char *const color_names[] = {"black", "red",     "green", "yellow",
					  "blue",  "magenta", "cyan",  "white"};

/* "red", "default", or 0..255; the configuration validated the syntax. */
static short color_value(const char *s, short dflt)
{
	while (*s == ' ')
		s++;
	if (strncmp(s, "default", 7) == 0)
		return -1;
	for (short i = 0; i < 8; i++)
		if (strncmp(s, color_names[i], strlen(color_names[i])) == 0)
			return i;
	if (*s >= '0' && *s <= '9') {
		long v = strtol(s, NULL, 10);
		if (v < COLORS)
			return (short)v;
	}
	return dflt;
}

static void apply_override(const struct ui *u, int role, short *fg, short *bg)
{
	const struct kp_config *c = &u->app->cfg;
	for (size_t i = 0; i < c->ncolors; i++) {
		if (!c->color_names[i] || strcmp(c->color_names[i], roles[role].name) != 0)
			continue;
		const char *v = c->colors[i];
		*fg = color_value(v, *fg);
		const char *comma = strchr(v, ',');
		if (comma)
			*bg = color_value(comma + 1, *bg);
	}
}

void theme_init(struct ui *u, int want_color)
{
	u->color = want_color && has_colors() && start_color() == OK;
	if (u->color)
		use_default_colors();
	for (int r = 0; r < C_NROLES; r++) {
		if (!u->color) {
			u->attr[r] = roles[r].mono;
			continue;
		}
		short fg = -1, bg = -1;
		apply_override(u, r, &fg, &bg);
		if (r == C_NORMAL && fg < 0 && bg < 0) {
			u->attr[r] = A_NORMAL;
			continue;
		}
		init_pair((short)r, fg, bg);
		u->attr[r] = COLOR_PAIR(r) | roles[r].color_attr;
	}
}
