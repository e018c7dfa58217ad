/* test_cellset.c - the set of entry cells behind import's repeated-row check. */
#include "config.h"

#include <stdlib.h>

#include "kpitop/cellset.h"
#include "tap.h"

/* Each case adds a cell on the next line (2, 3, ...) of one file and wants
 * 0 (new) or the line that first had it. */
static void test_cases(void)
{
	static const struct {
		kp_date day;
		int64_t manager, channel;
		long want;
		const char *name;
	} t[] = {
		{20000, 1, 1, 0, "the first cell is new"},
		{20000, 1, 1, 2, "the same cell again names line 2"},
		{20000, 1, 2, 0, "another channel is another cell"},
		{20000, 2, 1, 0, "another manager is another cell"},
		{20001, 1, 1, 0, "another day is another cell"},
		{20000, 2, 1, 5, "a repeat of line 5"},
		{20000, 1, 1, 2, "a third time still names the first line"},
		{-1, 0, 0, 0, "a day before 1970, id 0"},
		{-1, 0, 0, 9, "and its repeat"},
		{20000, INT64_MAX, INT64_MIN, 0, "extreme ids"},
		{20000, INT64_MIN, INT64_MAX, 0, "the same ids swapped are another cell"},
		{20000, INT64_MAX, INT64_MIN, 11, "extreme ids repeated"},
	};
	struct cellset cs;
	cellset_init(&cs);
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_int(cellset_add(&cs, t[i].day, t[i].manager, t[i].channel, (long)i + 2), t[i].want,
		       "%s", t[i].name);
	cellset_free(&cs);
	is_int(cs.n, 0, "freed set is empty");
	is_int(cellset_add(&cs, 20000, 1, 1, 7), 0, "a freed set can be used again");
	cellset_free(&cs);
}

/* A year of 100 managers on 6 channels, added in a file's usual order, then
 * every cell once more: the table grows many times and loses nothing. */
static void test_growth(void)
{
	struct cellset cs;
	cellset_init(&cs);
	long line = 2, news = 0, repeats = 0, right_line = 0;
	for (kp_date day = 19723; day < 19723 + 366; day++)
		for (int64_t m = 1; m <= 100; m++)
			for (int64_t c = 1; c <= 6; c++)
				news += cellset_add(&cs, day, m, c, line++) == 0;
	long first = 2;
	for (kp_date day = 19723; day < 19723 + 366; day++)
		for (int64_t m = 1; m <= 100; m++)
			for (int64_t c = 1; c <= 6; c++) {
				long got = cellset_add(&cs, day, m, c, line++);
				repeats += got != 0;
				right_line += got == first++;
			}
	is_int(news, 366 * 600, "every cell of the year is new once");
	is_int(repeats, 366 * 600, "and found again");
	is_int(right_line, 366 * 600, "each with the line it was first seen on");
	is_int(cs.n, 366 * 600, "the set holds each cell once");
	ok(cs.n * 4 <= cs.cap * 3, "at most three quarters full (%zu of %zu)", cs.n, cs.cap);
	cellset_free(&cs);
}

int main(void)
{
	test_cases();
	test_growth();
	return tap_done();
}
