/* fuzz_csv.c - the CSV reader (src/csvio.c) on arbitrary bytes.
 *
 * Checks, besides the sanitizers:
 *  - reading ends: at most one record per input byte, then 0 (end);
 *  - every record's line number is the physical line it starts on, counted
 *    here independently (LF, CRLF and a lone CR are one line each; blank
 *    lines are skipped but counted);
 *  - round trip: the records read, written back with csv_write_record, read
 *    again without error as exactly the same fields. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/csvio.h"
#include "kpitop/util.h"

#include "fuzz.h"

struct rec {
	char **f;
	size_t n;
};

struct recs {
	struct rec *r;
	size_t n, cap;
};

static void recs_add(struct recs *rs, const struct csv_reader *r)
{
	xgrow(&rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
	struct rec *x = &rs->r[rs->n++];
	x->n = r->nfields;
	x->f = xcalloc(r->nfields, sizeof *x->f);
	for (size_t i = 0; i < r->nfields; i++)
		x->f[i] = xstrdup(r->fields[i]);
}

static void recs_free(struct recs *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		for (size_t j = 0; j < rs->r[i].n; j++)
			free(rs->r[i].f[j]);
		free(rs->r[i].f);
	}
	free(rs->r);
}

/* 1 + the line ends in d[0..end): the line a byte at `end` is on. */
static long line_at(const uint8_t *d, size_t end)
{
	long line = 1;
	for (size_t i = 0; i < end; i++)
		if (d[i] == '\n' || (d[i] == '\r' && (i + 1 == end || d[i + 1] != '\n')))
			line++;
	return line;
}

/* Read everything; good records go to rs, malformed ones are counted. */
static void read_all(const uint8_t *data, size_t size, struct recs *rs, size_t *nbad)
{
	/* fmemopen refuses a zero size; an empty file has no records anyway. */
	if (size == 0)
		return;
	FILE *fp = fmemopen((void *)data, size, "r");
	if (!fp)
		abort();
	struct csv_reader r;
	csv_init(&r, fp);
	long prev_line = 0;
	for (size_t calls = 0;; calls++) {
		FUZZ_CHECK(calls <= size + 1, "csv_read does not reach the end");
		long pos = ftell(fp);
		const char *why = NULL;
		int rc = csv_read(&r, &why);
		FUZZ_CHECK(rc >= -1 && rc <= 1, "csv_read returned %d", rc);
		if (rc == 0)
			break;
		if (rc < 0) {
			FUZZ_CHECK(why && *why, "no reason for a malformed record");
			++*nbad;
		} else {
			recs_add(rs, &r);
		}
		/* Where the record starts: past a BOM at the start of the file
		 * and past the blank lines the reader skips. */
		size_t start = pos < 0 ? 0 : (size_t)pos;
		if (start == 0 && size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
			start = 3;
		while (start < size && (data[start] == '\n' || data[start] == '\r'))
			start++;
		long want = line_at(data, start);
		FUZZ_CHECK(r.line == want, "record %zu: line %ld, expected %ld", calls, r.line,
			   want);
		FUZZ_CHECK(r.line > prev_line, "line numbers go back: %ld after %ld", r.line,
			   prev_line);
		prev_line = r.line;
	}
	csv_free(&r);
	fclose(fp);
}

static void write_all(const struct recs *rs, char **out, size_t *outlen)
{
	FILE *fp = open_memstream(out, outlen);
	if (!fp)
		abort();
	for (size_t i = 0; i < rs->n; i++) {
		csv_write_record(fp, (const char *const *)rs->r[i].f, rs->r[i].n);
		fputs(i % 2 ? "\r\n" : "\n", fp); /* both line ends, as files mix them */
	}
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recs first = {0}, again = {0};
	size_t nbad = 0, nbad2 = 0;
	read_all(data, size, &first, &nbad);

	char *text = NULL;
	size_t len = 0;
	write_all(&first, &text, &len);
	read_all((const uint8_t *)text, len, &again, &nbad2);
	FUZZ_CHECK(nbad2 == 0, "the written CSV has %zu malformed records", nbad2);
	FUZZ_CHECK(again.n == first.n, "%zu records written, %zu read back", first.n, again.n);
	for (size_t i = 0; i < first.n; i++) {
		FUZZ_CHECK(again.r[i].n == first.r[i].n, "record %zu: %zu fields, %zu read back", i,
			   first.r[i].n, again.r[i].n);
		for (size_t j = 0; j < first.r[i].n; j++)
			FUZZ_CHECK(!strcmp(again.r[i].f[j], first.r[i].f[j]),
				   "record %zu field %zu: [%s] read back as [%s]", i, j,
				   first.r[i].f[j], again.r[i].f[j]);
	}
	free(text);
	recs_free(&first);
	recs_free(&again);
	return 0;
}
