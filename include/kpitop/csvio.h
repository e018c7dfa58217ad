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

/* Write one field, quoting when it holds a comma, quote, CR or LF, or
 * starts/ends with a space. */
void csv_write_field(FILE *fp, const char *s);

#endif
