/* test_editor.c - keystrokes the entry grid accepts and refuses. */
#include "config.h"

#include <string.h>

#include "kpitop/editor.h"
#include "tap.h"

/* Type s into a fresh editor; returns the number of refused keys and the
 * last reason. */
static int type(struct editor *ed, enum metric_kind kind, const char *s, const char **why)
{
	int refused = 0;
	editor_start(ed, kind);
	*why = NULL;
	for (; *s; s++)
		if (editor_put(ed, (unsigned char)*s, why))
			refused++;
	return refused;
}

int main(void)
{
	static const struct {
		enum metric_kind kind;
		const char *keys, *kept, *why;
		int refused;
	} cases[] = {
		{METRIC_COUNT, "", "", NULL, 0},
		{METRIC_COUNT, "0", "0", NULL, 0},
		{METRIC_COUNT, "42", "42", NULL, 0},
		{METRIC_COUNT, "abc", "", "only digits (a whole number)", 3},
		{METRIC_COUNT, "4a2", "42", "only digits (a whole number)", 1},
		{METRIC_COUNT, "-5", "5", "negative values are not allowed", 1},
		{METRIC_COUNT, "1.5", "15", "whole numbers only for this metric", 1},
		{METRIC_COUNT, "1,5", "15", "whole numbers only for this metric", 1},
		{METRIC_COUNT, "999999999999999", "999999999999999", NULL, 0},
		{METRIC_COUNT, "12345678901234567890", "123456789012345", "too large (max 999999999999999)", 5},
		{METRIC_COUNT, " 1", "1", "only digits (a whole number)", 1},
		{METRIC_MONEY, "1234.50", "1234.50", NULL, 0},
		{METRIC_MONEY, "1234,5", "1234,5", NULL, 0},
		{METRIC_MONEY, "1.005", "1.00", "more than two decimals", 1},
		{METRIC_MONEY, "1..5", "1.5", "one decimal point only", 1},
		{METRIC_MONEY, "1.,5", "1.5", "one decimal point only", 1},
		{METRIC_MONEY, ".5", "5", "start with a digit (0.50, not .50)", 1},
		{METRIC_MONEY, "-1", "1", "negative values are not allowed", 1},
		{METRIC_MONEY, "12e3", "123", "only digits and one decimal point", 1},
		{METRIC_MONEY, "9999999999999.99", "9999999999999.99", NULL, 0},
		{METRIC_MONEY, "99999999999999", "9999999999999", "too large (max 9999999999999.99)", 1},
	};
	struct editor ed;
	const char *why;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int refused = type(&ed, cases[i].kind, cases[i].keys, &why);
		ok(refused == cases[i].refused && strcmp(ed.buf, cases[i].kept) == 0 &&
			   (cases[i].why ? why && strcmp(why, cases[i].why) == 0 : why == NULL),
		   "%s \"%s\" keeps \"%s\" (%d refused: %s)",
		   cases[i].kind == METRIC_MONEY ? "money" : "count", cases[i].keys, ed.buf, refused,
		   why ? why : "-");
	}

	int64_t v;
	type(&ed, METRIC_MONEY, "1234.5", &why);
	ok(editor_value(&ed, &v, &why) == 0 && v == 123450, "money 1234.5 is 123450 minor units");
	type(&ed, METRIC_MONEY, "1234,05", &why);
	ok(editor_value(&ed, &v, &why) == 0 && v == 123405, "a decimal comma works");
	type(&ed, METRIC_MONEY, "12.", &why);
	ok(editor_value(&ed, &v, &why) == -1, "a trailing point is not a value yet");
	type(&ed, METRIC_COUNT, "", &why);
	ok(editor_value(&ed, &v, &why) == -1, "an empty cell is not a value");
	type(&ed, METRIC_COUNT, "007", &why);
	ok(editor_value(&ed, &v, &why) == 0 && v == 7, "leading zeros are fine");

	type(&ed, METRIC_COUNT, "12", &why);
	ok(editor_backspace(&ed) == 0 && strcmp(ed.buf, "1") == 0, "backspace drops a character");
	ok(editor_backspace(&ed) == 0 && editor_backspace(&ed) == -1, "backspace on empty fails");

	ok(!editor_over_limit(METRIC_COUNT, 10000, 10000, 100), "at the count limit: no question");
	ok(editor_over_limit(METRIC_COUNT, 10001, 10000, 100), "over the count limit: confirm");
	ok(editor_over_limit(METRIC_MONEY, 101, 10000, 100), "over the money limit: confirm");
	ok(!editor_over_limit(METRIC_MONEY, 1000000, 10000, 0), "a zero limit means none");
	return tap_done();
}
