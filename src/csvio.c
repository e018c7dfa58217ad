/* csvio.c - RFC 4180 CSV reading and writing; pure (stdio streams only).
 *
 * The reader is a small state machine fed one byte at a time.  Field text
 * goes into one growing buffer, NUL-separated, so fields of any length cost
 * one allocation pattern per file rather than per field.  Empty lines are
 * skipped (they are never meaningful in an import), but counted.  After a
 * malformed record (-1) reading on resumes at the next physical line, so a
 * caller can report it and check the rest of the file (import does).  The
 * reasons are English, marked with N_(): callers translate them with _(why). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/csvio.h"
#include "kpitop/i18n.h"
#include "kpitop/util.h"

enum csv_state {
	ST_FIELD_START, /* nothing of the field read yet */
	ST_UNQUOTED,    /* inside a plain field */
	ST_QUOTED,      /* inside "..." */
	ST_QUOTE_SEEN,  /* a quote inside "...": escape or end of field */
};

void csv_init(struct csv_reader *r, FILE *fp)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->line = 0; /* 0 until the first read: that is when a BOM may appear */
	r->next_line = 1;
}

void csv_free(struct csv_reader *r)
{
	free(r->fields);
	free(r->buf);
	free(r->offs);
	r->fields = NULL;
	r->buf = NULL;
	r->offs = NULL;
	r->nfields = r->cap = r->buflen = r->bufcap = r->offcap = 0;
}

/* Bytes to replay before reading the stream (a partial BOM). */
struct pending {
	unsigned char b[3];
	int n, i;
};

static int next_byte(struct csv_reader *r, struct pending *p)
{
	if (p->i < p->n)
		return p->b[p->i++];
	return getc_unlocked(r->fp);
}

/* Skip a UTF-8 BOM at the start of the file; bytes of an incomplete one are
 * data and are queued in p. */
static void skip_bom(struct csv_reader *r, struct pending *p)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	p->n = p->i = 0;
	for (int k = 0; k < 3; k++) {
		int c = getc_unlocked(r->fp);
		if (c == EOF)
			return;
		p->b[p->n++] = (unsigned char)c;
		if (c != bom[k])
			return;
	}
	p->n = 0; /* a whole BOM: drop it */
}

static void buf_put(struct csv_reader *r, char c)
{
	if (r->buflen + 1 > r->bufcap)
		xgrow(&r->buf, &r->bufcap, r->buflen + 1, 1);
	r->buf[r->buflen++] = c;
}

static void field_begin(struct csv_reader *r)
{
	xgrow(&r->offs, &r->offcap, r->nfields + 1, sizeof *r->offs);
	r->offs[r->nfields++] = r->buflen;
}

static void field_end(struct csv_reader *r)
{
	buf_put(r, '\0');
}

/* Point fields[] into buf now that buf no longer moves. */
static void fields_publish(struct csv_reader *r)
{
	xgrow(&r->fields, &r->cap, r->nfields, sizeof *r->fields);
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->buf + r->offs[i];
}

/* The next byte without consuming it. */
static int peek_byte(struct csv_reader *r, struct pending *p)
{
	if (p->i < p->n)
		return p->b[p->i];
	int c = getc_unlocked(r->fp);
	if (c != EOF)
		ungetc(c, r->fp);
	return c;
}

/* After CR: swallow a following LF, so CRLF, LF and a lone CR each end one
 * line. */
static void eat_lf(struct csv_reader *r, struct pending *p)
{
	if (peek_byte(r, p) == '\n')
		next_byte(r, p);
}

/* After a malformed record, drop the rest of its physical line so a caller
 * that wants to go on reading starts on the next line. */
static int fail_line(struct csv_reader *r, struct pending *p, int c, const char **why,
		     const char *reason)
{
	while (c != EOF && c != '\n' && c != '\r')
		c = next_byte(r, p);
	if (c == '\r')
		eat_lf(r, p);
	if (c != EOF)
		r->next_line++;
	r->nfields = 0;
	if (why)
		*why = reason;
	return -1;
}

static int fail_now(struct csv_reader *r, const char **why, const char *reason)
{
	r->nfields = 0;
	if (why)
		*why = reason;
	return -1;
}

/* Feed one byte (not NUL or EOF) to the state machine.  Sets *done when it
 * ends the record; returns a reason when the record is malformed. */
static const char *csv_byte(struct csv_reader *r, struct pending *p, int c,
			    enum csv_state *st, int *done)
{
	if (*st == ST_QUOTED) {
		if (c == '"')
			*st = ST_QUOTE_SEEN;
		else
			buf_put(r, (char)c);
		if (c == '\n' || (c == '\r' && peek_byte(r, p) != '\n'))
			r->next_line++; /* LF, CRLF and a lone CR are one line each */
		return NULL;
	}
	if (c == ',' || c == '\n' || c == '\r') {
		int eol = c != ',';
		if (eol && c == '\r')
			eat_lf(r, p);
		if (eol)
			r->next_line++;
		if (eol && *st == ST_FIELD_START && r->nfields == 0) {
			r->line = r->next_line; /* an empty line: skipped, counted */
			return NULL;
		}
		if (*st == ST_FIELD_START)
			field_begin(r);
		field_end(r);
		*st = ST_FIELD_START;
		*done = eol;
		return NULL;
	}
	if (*st == ST_QUOTE_SEEN) {
		if (c != '"')
			return N_("text after a closing quote (quote the whole field)");
		buf_put(r, '"'); /* "" inside quotes */
		*st = ST_QUOTED;
		return NULL;
	}
	if (c == '"') {
		if (*st == ST_UNQUOTED)
			return N_("quote inside an unquoted field");
		field_begin(r);
		*st = ST_QUOTED;
		return NULL;
	}
	if (*st == ST_FIELD_START)
		field_begin(r);
	buf_put(r, (char)c);
	*st = ST_UNQUOTED;
	return NULL;
}

int csv_read(struct csv_reader *r, const char **why)
{
	struct pending p = {.n = 0, .i = 0};
	enum csv_state st = ST_FIELD_START;
	int done = 0;

	if (r->line == 0)
		skip_bom(r, &p);
	r->nfields = 0;
	r->buflen = 0;
	r->line = r->next_line;
	while (!done) {
		int c = next_byte(r, &p);
		if (c == '\0')
			return fail_line(r, &p, c, why, N_("NUL byte (binary file?)"));
		if (c == EOF) {
			if (ferror(r->fp))
				return fail_now(r, why, N_("read error"));
			if (st == ST_QUOTED)
				return fail_now(r, why, N_("unterminated quoted field"));
			if (r->nfields == 0 && st == ST_FIELD_START)
				return 0; /* nothing after the last record */
			/* End of file ends the last record too. */
			if (st == ST_FIELD_START)
				field_begin(r);
			field_end(r);
			break;
		}
		const char *bad = csv_byte(r, &p, c, &st, &done);
		if (bad)
			return fail_line(r, &p, c, why, bad);
	}
	fields_publish(r);
	return 1;
}

void csv_write_field(FILE *fp, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	/* A field that starts with the UTF-8 BOM is quoted too: unquoted at
	 * the start of a file, the reader would take those bytes for a BOM. */
	int quote = strpbrk(s, ",\"\r\n") != NULL ||
		    (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
			       s[n - 1] == '\t')) ||
		    !strncmp(s, "\xEF\xBB\xBF", 3);
	if (!quote) {
		fwrite(s, 1, n, fp);
		return;
	}
	putc('"', fp);
	for (const char *q = s; *q; q++) {
		if (*q == '"')
			putc('"', fp);
		putc(*q, fp);
	}
	putc('"', fp);
}

void csv_write_record(FILE *fp, const char *const *fields, size_t n)
{
	/* A record of one empty field would be a blank line, which readers
	 * skip: write it as "" so that it survives. */
	if (n == 1 && fields[0] && !fields[0][0]) {
		fputs("\"\"", fp);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', fp);
		csv_write_field(fp, fields[i]);
	}
}
