/* keys.c - every dashboard action once: its keys and its help line.  The
 * help overlay and the key bar are generated from this table. */
#include "config.h"

#include "ui.h"

#define CTRL(c) ((c) & 0x1f)

/* keys_label and help are marked for translation and translated where
 * shown (help.c); key caps that read the same in every language are not. */
const struct keydef keydefs[] = {
	{A_VIEW_TEAMS, "view-teams", {'1', KEY_F(2)}, "1 F2", N_("Teams view")},
	{A_VIEW_MANAGERS, "view-managers", {'2', KEY_F(3)}, "2 F3", N_("Managers view")},
	{A_VIEW_CHANNELS, "view-channels", {'3', KEY_F(4)}, "3 F4", N_("Channels view")},
	{A_VIEW_DAY, "view-day", {'4', KEY_F(5)}, "4 F5", N_("Day sheet: enter a day's numbers")},
	{A_VIEW_PLANS, "view-plans", {'5', KEY_F(6)}, "5 F6", N_("Plans: enter monthly plans")},
	{A_VIEW_LOG, "view-log", {'6', KEY_F(7)}, "6 F7", N_("Log: who changed what")},
	{A_NEXT_VIEW, "next-view", {'\t'}, "Tab", N_("next view")},
	{A_PREV_VIEW, "prev-view", {KEY_BTAB}, N_("S-Tab"), N_("previous view")},
	{A_UP, "up", {KEY_UP, 'k'}, N_("Up k"), N_("previous row")},
	{A_DOWN, "down", {KEY_DOWN, 'j'}, N_("Down j"), N_("next row")},
	{A_PAGE_UP, "page-up", {KEY_PPAGE, CTRL('b')}, "PgUp ^B", N_("page up")},
	{A_PAGE_DOWN, "page-down", {KEY_NPAGE, CTRL('f'), ' '}, N_("PgDn ^F Space"), N_("page down")},
	{A_HOME, "first", {KEY_HOME, 'g'}, "Home g", N_("first row")},
	{A_END, "last", {KEY_END, 'G'}, "End G", N_("last row (TOTAL)")},
	{A_OPEN, "open", {'\n', '\r', KEY_ENTER}, "Enter", N_("detail card of the selected row")},
	{A_BACK, "back", {27, KEY_BACKSPACE, 127, CTRL('h')}, N_("Esc Backspace"),
	 N_("back: close the card or the help; leave Day sheet, Plans, Log")},
	{A_PREV_PERIOD, "prev-period", {KEY_LEFT, 'h', '['}, N_("Left h ["), N_("previous period")},
	{A_NEXT_PERIOD, "next-period", {KEY_RIGHT, 'l', ']'}, N_("Right l ]"), N_("next period")},
	{A_TODAY, "today", {'t', '.'}, "t .", N_("back to today")},
	{A_CYCLE_PERIOD, "cycle-period", {'p'}, "p",
	 N_("period: day, week, month, quarter, year")},
	{A_CYCLE_PERIOD_BACK, "cycle-period-back", {'P'}, "P", N_("period, the other way")},
	{A_FIND, "find", {'/'}, "/", N_("find (a row, a change); Enter keeps the match, Esc goes back")},
	{A_FIND_NEXT, "find-next", {'n'}, "n", N_("next match")},
	{A_SORT, "sort", {'s', '>'}, "s >", N_("sort by the next column")},
	{A_SORT_REVERSE, "sort-reverse", {'S', '<'}, "S <", N_("reverse the sort")},
	{A_REFRESH, "refresh", {CTRL('l'), 'r'}, "^L r", N_("reload and repaint")},
	{A_UNDO, "undo", {'u'}, "u", N_("undo your last change (tables: press u twice)")},
	{A_HELP, "help", {'?', KEY_F(1)}, "? F1", N_("this help")},
	{A_QUIT, "quit", {'q', KEY_F(10)}, "q F10", N_("quit")},
};
const size_t nkeydefs = sizeof keydefs / sizeof keydefs[0];

/* The grids read keys before the table above (view_grid.c, grid_key and
 * edit_key): listed in the help as they work there. */
const struct gridkey gridkeys[] = {
	{"0-9 . ,", N_("type a value (a digit starts the cell)")},
	{"Enter", N_("save the cell and go down (as in a spreadsheet)")},
	{N_("Tab S-Tab"), N_("save the cell and go right / left")},
	{N_("arrows h j k l"), N_("move (arrows also save a cell being typed)")},
	{"Esc", N_("cancel the cell being typed; otherwise back")},
	{"Backspace", N_("delete the last character typed; otherwise back")},
	{"[ ]", N_("previous / next day (Plans: month)")},
	{"t .", N_("back to today (Plans: this month)")},
	{"{ }", N_("previous / next team")},
	{"( )", N_("previous / next channel (Day sheet)")},
	{"y", N_("copy the previous working day's value (Plans: last month's)")},
	{"x Del", N_("clear the cell")},
	{"u", N_("undo your last change")},
};
const size_t ngridkeys = sizeof gridkeys / sizeof gridkeys[0];

enum action keys_action(int key, int is_function_key)
{
	for (size_t i = 0; i < nkeydefs; i++)
		for (int k = 0; k < 4 && keydefs[i].keys[k]; k++) {
			int code = keydefs[i].keys[k];
			/* Function-key codes live above 0x100; characters below. */
			int is_fn = code >= KEY_MIN;
			if (code == key && is_fn == !!is_function_key)
				return keydefs[i].action;
		}
	return A_NONE;
}
