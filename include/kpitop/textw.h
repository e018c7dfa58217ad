/* textw.h - display width of UTF-8 text, fitting it into columns, and making
 * untrusted names safe for a terminal (pure). */
#ifndef KPITOP_TEXTW_H
#define KPITOP_TEXTW_H

#include <stddef.h>
#include <stdint.h>

#include "kpitop/util.h"

/* Decode one UTF-8 sequence from s (at most n bytes, n > 0).  Returns the
 * bytes it spans; an invalid, overlong, surrogate or truncated sequence is
 * one byte with *cp = TEXTW_INVALID. */
#define TEXTW_INVALID UINT32_C(0xFFFFFFFF)
size_t textw_decode(const char *s, size_t n, uint32_t *cp);

/* Columns one code point takes: wcwidth() when it knows (>= 0), else 0 for
 * combining marks, 2 for East Asian wide, 1 otherwise.  Controls count 1 (as
 * the sanitizer would show at least one cell), invalid bytes count 1. */
int textw_cp_width(uint32_t cp);
/* Columns of a string / of its first n bytes. */
int textw_width(const char *s);
int textw_widthn(const char *s, size_t n);

enum textw_align { TEXTW_LEFT, TEXTW_RIGHT };

/* Append s to sb in exactly cols columns: padded with spaces (text on the
 * left or right), or cut so that no character is split and the last column
 * shows "…" (utf8) or "~" (ASCII).  cols <= 0 appends nothing. */
void textw_fit(struct strbuf *sb, const char *s, int cols, enum textw_align align,
	       int utf8);

/* Append s in at most cols columns keeping its end: whole as it is when it
 * fits, else the marker ("…" in UTF-8, "~") and the last characters that
 * fit after it.  No padding. */
void textw_fit_tail(struct strbuf *sb, const char *s, int cols, int utf8);
/* Where to end the first line of s wrapped into cols columns: the bytes of
 * the longest run of whole words that fits, without the spaces at its end;
 * *next is where the next line starts (its leading spaces skipped).  Only
 * ASCII spaces break, so no-break spaces keep digit groups together; a word
 * wider than cols is cut between characters.  When all of s fits, both are
 * strlen(s). */
size_t textw_break(const char *s, int cols, size_t *next);
/* Append s with every control character (C0, DEL, C1, ESC), bidi override and
 * line separator written as an escape ("\x1b", "\u202e") and every invalid
 * byte as "\xNN", so untrusted text never reaches a terminal raw. */
void textw_sanitize(struct strbuf *sb, const char *s);
/* The same into a new string (malloc'd). */
char *textw_sanitized(const char *s);

#endif
