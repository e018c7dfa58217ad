/* keys.c - every dashboard action once: its keys and its help line.  The
 * help overlay and the key bar are generated from this table. */
#include "config.h"

#include "ui.h"

#define CTRL(c) ((c) & 0x1f)

const struct keydef keydefs[] = {
	{A_VIEW_TEAMS, "view-teams", {'1', KEY_F(2)}, "1 F2", "Teams view"},
	{A_VIEW_MANAGERS, "view-managers", {'2', KEY_F(3)}, "2 F3", "Managers view"},
	{A_VIEW_CHANNELS, "view-channels", {'3', KEY_F(4)}, "3 F4", "Channels view"},
	{A_VIEW_DAY, "view-day", {'4', KEY_F(5)}, "4 F5", "Day sheet: enter a day's numbers"},
	{A_VIEW_PLANS, "view-plans", {'5', KEY_F(6)}, "5 F6", "Plans: enter monthly plans"},
	{A_VIEW_LOG, "view-log", {'6', KEY_F(7)}, "6 F7", "Log: who changed what"},
	{A_NEXT_VIEW, "next-view", {'\t'}, "Tab", "next view"},
	{A_PREV_VIEW, "prev-view", {KEY_BTAB}, "S-Tab", "previous view"},
	{A_UP, "up", {KEY_UP, 'k'}, "Up k", "previous row"},
	{A_DOWN, "down", {KEY_DOWN, 'j'}, "Down j", "next row"},
	{A_PAGE_UP, "page-up", {KEY_PPAGE, CTRL('b')}, "PgUp ^B", "page up"},
	{A_PAGE_DOWN, "page-down", {KEY_NPAGE, CTRL('f'), ' '}, "PgDn ^F Space", "page down"},
	{A_HOME, "first", {KEY_HOME, 'g'}, "Home g", "first row"},
	{A_END, "last", {KEY_END, 'G'}, "End G", "last row (TOTAL)"},
	{A_OPEN, "open", {'\n', '\r', KEY_ENTER}, "Enter", "detail card of the selected row"},
	{A_BACK, "back", {27, KEY_BACKSPACE, 127, CTRL('h')}, "Esc Backspace",
	 "back: close the card or the help; leave Day sheet, Plans, Log"},
	{A_PREV_PERIOD, "prev-period", {KEY_LEFT, 'h', '['}, "Left h [", "previous period"},
	{A_NEXT_PERIOD, "next-period", {KEY_RIGHT, 'l', ']'}, "Right l ]", "next period"},
	{A_TODAY, "today", {'t', '.'}, "t .", "back to today"},
	{A_CYCLE_PERIOD, "cycle-period", {'p'}, "p",
	 "period: day, week, month, quarter, year"},
	{A_CYCLE_PERIOD_BACK, "cycle-period-back", {'P'}, "P", "period, the other way"},
	{A_FIND, "find", {'/'}, "/", "find a row by name"},
	{A_FIND_NEXT, "find-next", {'n'}, "n", "next match"},
	{A_SORT, "sort", {'s', '>'}, "s >", "sort by the next column"},
	{A_SORT_REVERSE, "sort-reverse", {'S', '<'}, "S <", "reverse the sort"},
	{A_REFRESH, "refresh", {CTRL('l'), 'r'}, "^L r", "reload and repaint"},
	{A_UNDO, "undo", {'u'}, "u", "undo your last change"},
	{A_HELP, "help", {'?', KEY_F(1)}, "? F1", "this help"},
	{A_QUIT, "quit", {'q', KEY_F(10)}, "q F10", "quit"},
};
const size_t nkeydefs = sizeof keydefs / sizeof keydefs[0];

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
