/* test_textw.c - UTF-8 decoding, display width, fitting and sanitizing.
 * Width cases run twice: in the C locale (our fallback tables) and, when the
 * system has it, in C.UTF-8 (wcwidth). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/textw.h"
#include "kpitop/util.h"
#include "tap.h"

static void test_decode(void)
{
	static const struct {
		const char *s;
		size_t n, len;
		uint32_t cp;
		const char *name;
	} t[] = {
		{"A", 1, 1, 0x41, "ASCII"},
		{"\xD0\x96", 2, 2, 0x416, "Cyrillic Zhe"},
		{"\xE2\x82\xAC", 3, 3, 0x20AC, "euro sign"},
		{"\xF0\x9F\x98\x80", 4, 4, 0x1F600, "emoji"},
		{"\xC0\x80", 2, 1, TEXTW_INVALID, "overlong NUL"},
		{"\xE0\x80\xAF", 3, 1, TEXTW_INVALID, "overlong slash"},
		{"\xED\xA0\x80", 3, 1, TEXTW_INVALID, "surrogate"},
		{"\xF4\x90\x80\x80", 4, 1, TEXTW_INVALID, "past U+10FFFF"},
		{"\xE2\x82\xAC", 2, 1, TEXTW_INVALID, "cut short by n"},
		{"\xE2\x82", 2, 1, TEXTW_INVALID, "truncated sequence"},
		{"\x80", 1, 1, TEXTW_INVALID, "lone continuation byte"},
		{"\xFF", 1, 1, TEXTW_INVALID, "0xFF"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		uint32_t cp = 0;
		size_t len = textw_decode(t[i].s, t[i].n, &cp);
		ok(len == t[i].len && cp == t[i].cp, "decode %s: %zu byte(s), U+%04X", t[i].name,
		   t[i].len, (unsigned)t[i].cp);
	}
}

static void test_width(const char *loc)
{
	static const struct {
		const char *s;
		int w;
		const char *name;
	} t[] = {
		{"", 0, "empty"},
		{"abc", 3, "ASCII"},
		{"\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", 4, "Анна"},
		{"\xD0\x9F\xD1\x80\xD0\xBE\xD0\xB4\xD0\xB0\xD0\xB6\xD0\xB8 \xD0\x91", 9, "Продажи Б"},
		{"\xE6\x97\xA5\xE6\x9C\xAC", 4, "two CJK ideographs"},
		{"\xEF\xBC\xA1\xEF\xBC\xA2", 4, "fullwidth AB"},
		{"e\xCC\x81", 1, "e + combining acute"},
		{"\xE2\x82\xAC", 1, "euro sign"},
		{"\xF0\x9F\x98\x80", 2, "emoji"},
		{"\xFF", 1, "invalid byte"},
		{"a\xFF" "b", 3, "invalid byte inside"},
		{"\xE2\x82", 2, "truncated sequence: two bytes"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_int(textw_width(t[i].s), t[i].w, "[%s] width of %s = %d", loc, t[i].name, t[i].w);
	is_int(textw_widthn("abcdef", 2), 2, "[%s] widthn counts only n bytes", loc);
}

static void test_fit(const char *loc)
{
	static const struct {
		const char *s;
		int cols;
		enum textw_align al;
		int utf8;
		const char *want;
	} t[] = {
		{"abc", 5, TEXTW_LEFT, 1, "abc  "},
		{"abc", 5, TEXTW_RIGHT, 1, "  abc"},
		{"ab", 2, TEXTW_LEFT, 1, "ab"},
		{"abcdef", 4, TEXTW_LEFT, 1, "abc\xE2\x80\xA6"},
		{"abcdef", 4, TEXTW_LEFT, 0, "abc~"},
		{"12345", 3, TEXTW_RIGHT, 0, "12~"},
		{"abcdef", 1, TEXTW_LEFT, 1, "\xE2\x80\xA6"},
		{"abc", 0, TEXTW_LEFT, 1, ""},
		{"abc", -3, TEXTW_LEFT, 1, ""},
		{"\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0", 6,
		 TEXTW_LEFT, 1, "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xE2\x80\xA6"},
		{"\xD0\x92\xD0\xB5\xD1\x80\xD0\xB0", 6, TEXTW_RIGHT, 1,
		 "  \xD0\x92\xD0\xB5\xD1\x80\xD0\xB0"},
		{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4, TEXTW_LEFT, 1, "\xE6\x97\xA5\xE2\x80\xA6 "},
		{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4, TEXTW_RIGHT, 1, " \xE6\x97\xA5\xE2\x80\xA6"},
		{"e\xCC\x81tude", 3, TEXTW_LEFT, 1, "e\xCC\x81t\xE2\x80\xA6"},
	};
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		sb_reset(&sb);
		textw_fit(&sb, t[i].s, t[i].cols, t[i].al, t[i].utf8);
		is_str(sb.buf, t[i].want, "[%s] fit \"%s\" into %d (%s, %s)", loc, t[i].s, t[i].cols,
		       t[i].al == TEXTW_LEFT ? "left" : "right", t[i].utf8 ? "UTF-8" : "ASCII");
		if (t[i].cols > 0)
			is_int(textw_width(sb.buf), t[i].cols, "[%s]   …and it is %d columns wide",
			       loc, t[i].cols);
	}
	sb_puts(&sb, "keep");
	sb_reset(&sb);
	sb_puts(&sb, ">");
	textw_fit(&sb, "xy", 3, TEXTW_LEFT, 1);
	is_str(sb.buf, ">xy ", "[%s] fit appends to what is there", loc);
	sb_free(&sb);
}

/* Wrapping: where the first line ends and the next begins. */
static void test_break(const char *loc)
{
	static const struct {
		const char *s;
		int cols;
		const char *line, *rest;
	} t[] = {
		{"", 10, "", ""},
		{"short", 10, "short", ""},
		{"exactly10!", 10, "exactly10!", ""},
		{"two words", 5, "two", "words"},
		{"two words", 3, "two", "words"},  /* the space right after the fit */
		{"two words", 4, "two", "words"},  /* the space is the last fitting one */
		{"two   words", 5, "two", "words"}, /* runs of spaces go */
		{"a b c d e", 5, "a b c", "d e"},
		{"unbreakable", 4, "unbr", "eakable"}, /* a long word is cut */
		{"x unbreakable", 4, "x", "unbreakable"},
		{" lead", 3, " le", "ad"},         /* a leading space is no break */
		{"Звонков на сделку", 10, "Звонков на", "сделку"}, /* columns, not bytes */
		{"ещё 1\u202f885 звонков", 8, "ещё", "1\u202f885 звонков"}, /* NNBSP holds */
		{"ещё 1\u202f885 звонков", 9, "ещё 1\u202f885", "звонков"},
		{"ещё 30 сделок", 8, "ещё 30", "сделок"},
		{"Жжжжж", 2, "Жж", "жжж"},
		{"a", 0, "a", ""},                /* no room: still one character */
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		size_t next, end = textw_break(t[i].s, t[i].cols, &next);
		char line[64];
		snprintf(line, sizeof line, "%.*s", (int)end, t[i].s);
		is_str(line, t[i].line, "[%s] break \"%s\" at %d: the line", loc, t[i].s, t[i].cols);
		is_str(t[i].s + next, t[i].rest, "[%s]   …and the rest", loc);
	}
}

/* Keeping the end of a text that is too wide. */
static void test_fit_tail(const char *loc)
{
	static const struct {
		const char *s;
		int cols, utf8;
		const char *want;
	} t[] = {
		{"Metric 1", 8, 1, "Metric 1"},      /* fits: whole, no marker */
		{"Metric 1", 6, 1, "…ric 1"},
		{"Metric 1", 6, 0, "~ric 1"},
		{"Выручка", 4, 1, "…чка"},           /* columns, not bytes */
		{"日本語", 4, 1, "…語"},              /* a wide character does not split */
		{"abc", 1, 1, "…"},
		{"abc", 0, 1, ""},
		{"", 3, 1, ""},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct strbuf sb;
		sb_init(&sb);
		textw_fit_tail(&sb, t[i].s, t[i].cols, t[i].utf8);
		is_str(sb.buf, t[i].want, "[%s] fit_tail(\"%s\", %d)", loc, t[i].s, t[i].cols);
		ok(textw_width(sb.buf) <= (t[i].cols > 0 ? t[i].cols : 0), "[%s]   …within %d columns",
		   loc, t[i].cols);
		sb_free(&sb);
	}
}

static void test_sanitize(void)
{
	static const struct {
		const char *s, *want, *name;
	} t[] = {
		{"Anna", "Anna", "plain ASCII"},
		{"\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "Cyrillic"},
		{"", "", "empty"},
		{"a\x1b[31mb", "a\\x1b[31mb", "ESC"},
		{"tab\there", "tab\\x09here", "TAB"},
		{"line\nnext\r", "line\\x0anext\\x0d", "LF and CR"},
		{"del\x7f", "del\\x7f", "DEL"},
		{"\xC2\x9B" "2J", "\\u009b2J", "C1 CSI"},
		{"bad\xFF", "bad\\xff", "invalid byte"},
		{"\xE2\x82", "\\xe2\\x82", "truncated sequence"},
		{"x\xE2\x80\xAEy", "x\\u202ey", "bidi override"},
		{"\xE2\x80\xA8", "\\u2028", "line separator"},
		{"\xE2\x82\xAC 5", "\xE2\x82\xAC 5", "euro sign stays"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char *got = textw_sanitized(t[i].s);
		is_str(got, t[i].want, "sanitize %s", t[i].name);
		free(got);
	}
}

int main(void)
{
	test_decode();
	test_sanitize();
	setlocale(LC_CTYPE, "C");
	test_width("C");
	test_fit("C");
	test_break("C");
	if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8") ||
	    setlocale(LC_CTYPE, "en_US.UTF-8")) {
		test_width("UTF-8");
		test_fit("UTF-8");
		test_break("UTF-8");
		test_fit_tail("UTF-8");
	}
	return tap_done();
}
