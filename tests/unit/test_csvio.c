/* test_csvio.c - RFC 4180 reading and writing over in-memory streams. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/csvio.h"
#include "kpitop/util.h"
#include "tap.h"

/* Each case reads `in` (len bytes; 0 = strlen) to the end or the first error
 * and describes what it got: one "LINE:[f1][f2]" per record, then "LINE:!"
 * and the reason on an error. */
struct read_case {
	const char *name;
	const char *in;
	size_t len;
	const char *want;
};

static const struct read_case read_cases[] = {
	{"empty file", "", 0, ""},
	{"only a BOM", "\xef\xbb\xbf", 0, ""},
	{"only newlines", "\n\r\n\n", 0, ""},
	{"one field, no newline", "a", 0, "1:[a]"},
	{"one field, LF", "a\n", 0, "1:[a]"},
	{"two records LF", "a,b\nc,d\n", 0, "1:[a][b]2:[c][d]"},
	{"two records CRLF", "a,b\r\nc,d\r\n", 0, "1:[a][b]2:[c][d]"},
	{"lone CR ends a record", "a\rb\r", 0, "1:[a]2:[b]"},
	{"final record without newline", "a,b\nc,d", 0, "1:[a][b]2:[c][d]"},
	{"empty fields", ",,\n", 0, "1:[][][]"},
	{"trailing comma at EOF", "a,", 0, "1:[a][]"},
	{"blank lines skipped but counted", "a\n\n\nb\n", 0, "1:[a]4:[b]"},
	{"blank CRLF lines counted", "a\r\n\r\nb\r\n", 0, "1:[a]3:[b]"},
	{"spaces kept", " a , b \n", 0, "1:[ a ][ b ]"},
	{"quoted simple", "\"a\",\"b\"\n", 0, "1:[a][b]"},
	{"quoted empty", "\"\"\n", 0, "1:[]"},
	{"quoted empty among others", "a,\"\",b\n", 0, "1:[a][][b]"},
	{"escaped quotes", "\"say \"\"hi\"\"\"\n", 0, "1:[say \"hi\"]"},
	{"only an escaped quote", "\"\"\"\"\n", 0, "1:[\"]"},
	{"comma inside quotes", "\"a,b\",c\n", 0, "1:[a,b][c]"},
	{"LF inside quotes counts lines", "\"a\nb\",c\nd\n", 0, "1:[a\nb][c]3:[d]"},
	{"CRLF inside quotes kept", "\"a\r\nb\"\r\nd\r\n", 0, "1:[a\r\nb]3:[d]"},
	{"lone CR inside quotes", "\"a\rb\"\nd\n", 0, "1:[a\rb]3:[d]"},
	{"many lines in one field", "x\n\"1\n2\n3\n4\"\ny", 0, "1:[x]2:[1\n2\n3\n4]6:[y]"},
	{"quoted field at EOF", "a,\"b\"", 0, "1:[a][b]"},
	{"BOM skipped", "\xef\xbb\xbf" "date,team\n", 0, "1:[date][team]"},
	{"BOM then quoted", "\xef\xbb\xbf\"a\"\n", 0, "1:[a]"},
	{"partial BOM is data", "\xef\xbb" "x\n", 0, "1:[\xef\xbbx]"},
	{"lone EF byte is data", "\xef,a\n", 0, "1:[\xef][a]"},
	{"BOM only at file start", "a\n\xef\xbb\xbf" "b\n", 0, "1:[a]2:[\xef\xbb\xbf" "b]"},
	{"Cyrillic", "Анна Смирнова,Москва\n", 0, "1:[Анна Смирнова][Москва]"},
	{"Cyrillic quoted", "\"Иванов, Пётр\",\"«Юг»\"\n", 0, "1:[Иванов, Пётр][«Юг»]"},
	{"ragged records", "a\nb,c,d\n", 0, "1:[a]2:[b][c][d]"},
	{"quote inside unquoted field", "ab\"c\",d\n", 0, "1:!quote inside an unquoted"},
	{"quote at end of unquoted", "a,b\"\n", 0, "1:!quote inside an unquoted"},
	{"text after closing quote", "\"ab\"c,d\n", 0, "1:!text after a closing quote"},
	{"space after closing quote", "\"ab\" ,d\n", 0, "1:!text after a closing quote"},
	{"unterminated quote at EOF", "a,\"bc\n", 0, "1:!unterminated"},
	{"unterminated after good records", "a\nb\n\"c\nd", 0, "1:[a]2:[b]3:!unterminated"},
	{"error line is the record start", "a\n\"x\ny\"z\n", 0, "1:[a]2:!text after a closing quote"},
	{"NUL byte", "a,b\0c\n", 6, "1:!NUL byte"},
	{"NUL in quotes", "\"a\0\"\n", 5, "1:!NUL byte"},
	{"NUL on a later line", "ok\n\0", 4, "1:[ok]2:!NUL byte"},
};

/* Show CR and LF visibly so TAP diagnostics stay one line each. */
static char *visible(const char *s)
{
	struct strbuf sb;
	sb_init(&sb);
	for (; *s; s++) {
		if (*s == '\n')
			sb_puts(&sb, "\\n");
		else if (*s == '\r')
			sb_puts(&sb, "\\r");
		else
			sb_putc(&sb, *s);
	}
	return sb.buf;
}

/* Run the reader over the bytes and describe the result. */
static char *describe(const char *in, size_t len, int stop_on_error)
{
	struct strbuf sb;
	sb_init(&sb);
	FILE *fp = fmemopen((void *)in, len ? len : 1, "r");
	if (!fp) {
		sb_puts(&sb, "fmemopen failed");
		return sb.buf;
	}
	if (len == 0)
		getc(fp); /* fmemopen refuses size 0: read past a dummy byte */
	struct csv_reader r;
	csv_init(&r, fp);
	for (;;) {
		const char *why = NULL;
		int rc = csv_read(&r, &why);
		if (rc == 0)
			break;
		sb_printf(&sb, "%ld:", r.line);
		if (rc < 0) {
			sb_printf(&sb, "!%s", why ? why : "(no reason)");
			if (stop_on_error)
				break;
			continue;
		}
		for (size_t i = 0; i < r.nfields; i++)
			sb_printf(&sb, "[%s]", r.fields[i]);
	}
	csv_free(&r);
	fclose(fp);
	return sb.buf;
}

static void test_read(void)
{
	for (size_t i = 0; i < sizeof read_cases / sizeof read_cases[0]; i++) {
		const struct read_case *c = &read_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *got = describe(c->in, len, 1);
		const char *bang = strchr(c->want, '!');
		if (bang) /* errors: the reason need only start with the wanted words */
			ok(strncmp(got, c->want, strlen(c->want)) == 0, "read: %s", c->name);
		else
			ok(strcmp(got, c->want) == 0, "read: %s", c->name);
		if (strncmp(got, c->want, strlen(c->want)) != 0 ||
		    (!bang && strcmp(got, c->want) != 0))
		{
			char *g = visible(got), *w = visible(c->want);
			printf("#   got  \"%s\"\n#   want \"%s\"\n", g, w);
			free(g);
			free(w);
		}
		free(got);
	}
}

static void test_read_misc(void)
{
	/* The reason is static text and the reader carries on at the next line. */
	char *got = describe("a\"b\nc,d\n", 8, 0);
	is_str(got, "1:!quote inside an unquoted field2:[c][d]", "reading resumes after an error");
	free(got);

	/* A field far longer than any fixed buffer. */
	size_t big = 1 << 20;
	char *in = malloc(big + 8);
	in[0] = '"';
	memset(in + 1, 'x', big);
	memcpy(in + 1 + big, "\",y\n", 5);
	FILE *fp = fmemopen(in, big + 4, "r");
	struct csv_reader r;
	csv_init(&r, fp);
	const char *why = NULL;
	is_int(csv_read(&r, &why), 1, "1 MiB field read");
	is_int(r.nfields, 2, "1 MiB field: two fields");
	is_int(r.nfields ? strlen(r.fields[0]) : 0, big, "1 MiB field: full length");
	is_str(r.nfields > 1 ? r.fields[1] : NULL, "y", "1 MiB field: next field");
	is_int(csv_read(&r, &why), 0, "1 MiB field: then EOF");
	is_int(csv_read(&r, &why), 0, "EOF again stays EOF");
	csv_free(&r);
	fclose(fp);
	free(in);

	/* Many fields in one record. */
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < 5000; i++)
		sb_printf(&sb, "%s%d", i ? "," : "", i);
	got = describe(sb.buf, sb.len, 1);
	ok(strstr(got, "[0][1][2]") && strstr(got, "[4998][4999]"), "5000 fields in a record");
	free(got);
	sb_free(&sb);
}

struct write_case {
	const char *in;
	const char *want;
};

static const struct write_case write_cases[] = {
	{"", ""},
	{"plain", "plain"},
	{"Москва", "Москва"},
	{"a,b", "\"a,b\""},
	{"say \"hi\"", "\"say \"\"hi\"\"\""},
	{"\"", "\"\"\"\""},
	{"two\nlines", "\"two\nlines\""},
	{"cr\rhere", "\"cr\rhere\""},
	{" lead", "\" lead\""},
	{"trail ", "\"trail \""},
	{"in side", "in side"},
	{"1234.50", "1234.50"},
	{"\xEF\xBB\xBF" "bom", "\"\xEF\xBB\xBF" "bom\""},
	{"x\xEF\xBB\xBF", "x\xEF\xBB\xBF"},
};

static char *write_to_string(const char *const *fields, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	csv_write_record(fp, fields, n);
	putc('\n', fp);
	fclose(fp);
	return out;
}

static void test_write(void)
{
	for (size_t i = 0; i < sizeof write_cases / sizeof write_cases[0]; i++) {
		char *got = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&got, &len);
		csv_write_field(fp, write_cases[i].in);
		fclose(fp);
		char *name = visible(write_cases[i].in);
		is_str(got, write_cases[i].want, "write \"%s\"", name);
		free(name);
		free(got);
	}
}

/* Records that must come back field for field after write then read, each
 * as the first record of a file (where a BOM would be skipped). */
struct trip {
	size_t n;
	const char *f[4];
};

static const struct trip trip_records[] = {
	{4, {"2026-03-02", "Москва", "Анна Смирнова", "phone"}},
	{4, {"a,b", "c\"d", "e\r\nf", "g\nh"}},
	{4, {" x ", "", "\"", ",,,"}},
	{4, {"Иванов, \"Пётр\"", "«Юг»\n2", "walk-in", "1234.50"}},
	{4, {"", "", "", "last"}},
	/* Found by fuzzing: a lone empty field was written as a blank line. */
	{1, {""}},
	{2, {"", ""}},
	{1, {"x"}},
	/* Found by fuzzing: a field starting with BOM bytes lost them. */
	{2, {"\xEF\xBB\xBFteam", "b"}},
	{1, {"\xEF\xBB\xBF"}},
};

static void test_round_trip(void)
{
	for (size_t i = 0; i < sizeof trip_records / sizeof trip_records[0]; i++) {
		const struct trip *t = &trip_records[i];
		char *text = write_to_string(t->f, t->n);
		FILE *fp = fmemopen(text, strlen(text), "r");
		struct csv_reader r;
		csv_init(&r, fp);
		const char *why = NULL;
		int rc = csv_read(&r, &why);
		int same = rc == 1 && r.nfields == t->n;
		for (size_t k = 0; same && k < t->n; k++)
			same = strcmp(r.fields[k], t->f[k]) == 0;
		ok(same, "round trip record %zu", i);
		if (!same)
			printf("#   rc %d, %zu fields, text \"%s\"\n", rc, r.nfields, text);
		is_int(csv_read(&r, &why), 0, "round trip record %zu: nothing more", i);
		csv_free(&r);
		fclose(fp);
		free(text);
	}
}

int main(void)
{
	test_read();
	test_read_misc();
	test_write();
	test_round_trip();
	return tap_done();
}
