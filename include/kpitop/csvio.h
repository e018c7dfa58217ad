/* csvio.h - RFC 4180 CSV reading and writing (pure). */
#ifndef KPITOP_CSVIO_H
#define KPITOP_CSVIO_H

#include <stddef.h>
#include <stdio.h>

/* A reader over a stream; records may span lines inside quotes. */
struct csv_reader {
	FILE *fp;
	long line;        /* line where the current record starts (1-based) */
	long next_line;   /* line the next record starts on */
	char **fields;
	size_t nfields, cap;
	char *buf;        /* field storage */
	size_t buflen, bufcap;
	size_t *offs;     /* field start offsets into buf */
	size_t offcap;
};

void csv_init(struct csv_reader *r, FILE *fp);
void csv_free(struct csv_reader *r);
/* Read one record: 1 on success (fields valid until the next call), 0 at end
 * of file, -1 on a malformed record with *why set (static text). A UTF-8 BOM
 * at the start of the file is skipped; CRLF and LF both end records. */
int csv_read(struct csv_reader *r, const char **why);

/* Write one field, quoting when it holds a comma, quote, CR or LF, starts
 * or ends with a space or tab, or starts with a UTF-8 BOM. */
void csv_write_field(FILE *fp, const char *s);

/* Write the fields of one record, comma-separated, without the line end.
 * A record of a single empty field is written as "" (a bare empty line
 * would be read as no record at all). */
void csv_write_record(FILE *fp, const char *const *fields, size_t n);

#endif
