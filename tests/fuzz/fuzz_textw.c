/* fuzz_textw.c - display widths, fitting and the terminal sanitizer
 * (src/textw.c), on arbitrary bytes, in the C locale and in C.UTF-8
 * (wcwidth answers differently in each).
 *
 * The first byte picks a width; the rest, up to a NUL, is the text.
 * Checks:
 *  - textw_decode steps through the text in 1..4 byte steps and agrees with
 *    an independent UTF-8 decoder about every sequence;
 *  - textw_width == textw_widthn(whole), never negative;
 *  - textw_fit appends exactly `cols` columns for many widths (0, 1, 2, the
 *    text's width and its neighbours, the chosen one), both alignments,
 *    with and without UTF-8; text that fits is kept whole; a cut keeps a
 *    prefix of the text, on a character boundary;
 *  - textw_fit_tail keeps the text's end within the columns asked;
 *  - textw_break wraps the text into lines of whole characters no wider
 *    than asked, dropping only spaces, and always moves on;
 *  - textw_sanitize's output has no C0 byte, DEL or ESC, is valid UTF-8,
 *    contains no C1, bidi override or line separator code point, and text
 *    with nothing to escape comes out unchanged. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kpitop/textw.h"
#include "kpitop/util.h"

#include "fuzz.h"

static int have_utf8_locale;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	have_utf8_locale = setlocale(LC_CTYPE, "C.UTF-8") != NULL;
	setlocale(LC_CTYPE, "C");
	return 0;
}

static void check_decode(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0, ref = 0;
		size_t len = textw_decode(s + i, n - i, &cp);
		size_t rlen = fuzz_utf8_len((const unsigned char *)s + i, n - i, &ref);
		FUZZ_CHECK(len >= 1 && len <= 4 && len <= n - i, "step of %zu at byte %zu", len, i);
		if (rlen) {
			FUZZ_CHECK(len == rlen && cp == ref, "byte %zu: U+%04X (%zu bytes) decoded "
				   "as %#x (%zu bytes)", i, (unsigned)ref, rlen, (unsigned)cp, len);
		} else {
			FUZZ_CHECK(len == 1 && cp == TEXTW_INVALID, "byte %zu: invalid sequence "
				   "decoded as %#x (%zu bytes)", i, (unsigned)cp, len);
		}
		i += len;
	}
}

/* Is p (len bytes) s cut at a character boundary? */
static int is_boundary_prefix(const char *s, size_t n, const char *p, size_t len)
{
	if (len > n || memcmp(s, p, len) != 0)
		return 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		i += textw_decode(s + i, n - i, &cp);
	}
	return i == len;
}

static void check_fit(const char *s, size_t n, int w, int cols)
{
	for (int align = 0; align <= 1; align++) {
		for (int utf8 = 0; utf8 <= 1; utf8++) {
			struct strbuf sb;
			sb_init(&sb);
			sb_puts(&sb, "|"); /* fit appends: what was there stays */
			textw_fit(&sb, s, cols, align ? TEXTW_RIGHT : TEXTW_LEFT, utf8);
			FUZZ_CHECK(sb.buf[0] == '|' && strlen(sb.buf) == sb.len, "fit clobbered");
			const char *out = sb.buf + 1;
			size_t olen = sb.len - 1;
			int want = cols > 0 ? cols : 0;
			int got = textw_width(out);
			FUZZ_CHECK(got == want, "fit to %d (align %d, utf8 %d) is %d columns wide: "
				   "\"%s\"", cols, align, utf8, got, out);
			if (cols <= 0) {
				FUZZ_CHECK(olen == 0, "fit to %d appended bytes", cols);
			} else if (w <= cols) {
				size_t padn = (size_t)(cols - w);
				FUZZ_CHECK(olen == n + padn && !memcmp(out + (align ? padn : 0), s, n),
					   "text that fits was changed: \"%s\"", out);
			} else {
				/* Cut: [pad] prefix marker [pad] */
				const char *mark = utf8 ? "\xE2\x80\xA6" : "~";
				size_t mlen = strlen(mark);
				size_t trail = 0;
				while (!align && trail < olen && out[olen - 1 - trail] == ' ')
					trail++;
				FUZZ_CHECK(olen >= trail + mlen &&
						   !memcmp(out + olen - trail - mlen, mark, mlen),
					   "cut text has no marker: \"%s\"", out);
				/* The padding of a right-aligned cut may run into spaces
				 * the text starts with: any split that works will do. */
				size_t body = olen - trail - mlen, spaces = strspn(out, " ");
				int found = 0;
				for (size_t lead = 0; !found && lead <= (align ? spaces : 0) &&
						      lead <= body; lead++)
					found = is_boundary_prefix(s, n, out + lead, body - lead);
				FUZZ_CHECK(found, "cut text is not a prefix of the text: \"%s\"", out);
			}
			sb_free(&sb);
		}
	}
}

/* Wrapping the text line by line at cols: every step moves on, each line
 * is whole characters of the text, no wider than cols (unless it is one
 * character wider than a tiny cols), and only spaces are dropped between
 * lines. */
static void check_break(const char *s, size_t n, int cols)
{
	size_t at = 0;
	while (at < n) {
		const char *p = s + at;
		size_t rest = n - at, next, end = textw_break(p, cols, &next);
		FUZZ_CHECK(end <= next && next <= rest && next > 0,
			   "break at %d: end %zu, next %zu of %zu", cols, end, next, rest);
		FUZZ_CHECK(is_boundary_prefix(p, rest, p, end), "a line ends inside a character");
		for (size_t i = end; i < next; i++)
			FUZZ_CHECK(p[i] == ' ', "break at %d dropped byte %#x", cols,
				   (unsigned)(unsigned char)p[i]);
		int lw = textw_widthn(p, end);
		uint32_t cp;
		size_t first = textw_decode(p, rest, &cp);
		/* (A line of nothing but spaces comes out empty, even at cols <= 0.) */
		FUZZ_CHECK(lw <= (cols > 0 ? cols : 0) || end == first, "line of %d columns at %d",
			   lw, cols);
		if (textw_width(p) <= cols)
			FUZZ_CHECK(end == rest && next == rest, "text that fits was broken at %d", cols);
		at += next;
	}
}

/* Keeping the end: within cols, the text itself when it fits, else the
 * marker and a tail of the text that starts on a character boundary. */
static void check_fit_tail(const char *s, size_t n, int w, int cols)
{
	for (int utf8 = 0; utf8 <= 1; utf8++) {
		struct strbuf sb;
		sb_init(&sb);
		textw_fit_tail(&sb, s, cols, utf8);
		int got = textw_width(sb.buf);
		FUZZ_CHECK(got <= (cols > 0 ? cols : 0), "fit_tail to %d is %d wide", cols, got);
		if (cols > 0 && w <= cols) {
			FUZZ_CHECK(sb.len == n && !memcmp(sb.buf, s, n), "fit_tail changed text that fits");
		} else if (cols > 0) {
			const char *mark = utf8 ? "\xE2\x80\xA6" : "~";
			size_t ml = strlen(mark), tail = sb.len - ml;
			FUZZ_CHECK(sb.len >= ml && !memcmp(sb.buf, mark, ml) &&
					   !memcmp(sb.buf + ml, s + n - tail, tail) &&
					   is_boundary_prefix(s, n, s, n - tail),
				   "fit_tail is not the marker and a tail: \"%s\"", sb.buf);
		}
		sb_free(&sb);
	}
}

static int is_escaped_cp(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static void check_sanitize(const char *s, size_t n)
{
	struct strbuf sb;
	sb_init(&sb);
	textw_sanitize(&sb, s);
	const unsigned char *o = (const unsigned char *)sb.buf;
	int needs_escape = 0;
	for (size_t i = 0; i < sb.len;) {
		uint32_t cp = 0;
		size_t len = fuzz_utf8_len(o + i, sb.len - i, &cp);
		FUZZ_CHECK(len > 0, "sanitized text is not UTF-8 at byte %zu", i);
		FUZZ_CHECK(!is_escaped_cp(cp), "sanitized text holds U+%04X at byte %zu",
			   (unsigned)cp, i);
		i += len;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = fuzz_utf8_len((const unsigned char *)s + i, n - i, &cp);
		if (!len || is_escaped_cp(cp)) {
			needs_escape = 1;
			break;
		}
		i += len;
	}
	if (!needs_escape)
		FUZZ_CHECK(sb.len == n && !memcmp(sb.buf, s, n), "clean text was changed");
	char *copy = textw_sanitized(s);
	FUZZ_CHECK(!strcmp(copy, sb.buf), "textw_sanitized differs from textw_sanitize");
	free(copy);
	sb_free(&sb);
}

static void check_all(const char *s, size_t n, int chosen)
{
	check_decode(s, n);
	int w = textw_width(s);
	FUZZ_CHECK(w >= 0 && w == textw_widthn(s, n), "width %d", w);
	FUZZ_CHECK((size_t)w <= 2 * n, "width %d for %zu bytes", w, n);
	const int cols[] = {-1, 0, 1, 2, 3, w - 1, w, w + 1, chosen};
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		check_fit(s, n, w, cols[i]);
	for (int c = 0; c <= 12; c += 3)
		check_break(s, n, c);
	for (int c = 0; c <= 9; c += 3)
		check_fit_tail(s, n, w, c);
	check_fit_tail(s, n, w, w - 1);
	check_break(s, n, chosen);
	check_sanitize(s, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	int chosen = (int)fuzz_byte(&in) - 8;
	char *s = fuzz_cstr(in.p, in.n);
	size_t n = strlen(s);
	check_all(s, n, chosen);
	if (have_utf8_locale) {
		setlocale(LC_CTYPE, "C.UTF-8");
		check_all(s, n, chosen);
		setlocale(LC_CTYPE, "C");
	}
	free(s);
	return 0;
}
