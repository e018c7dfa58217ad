/* textw.c - display width of UTF-8 text and terminal-safe names; pure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kpitop/textw.h"
#include "kpitop/util.h"

static int cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t textw_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char b = s[0];
	*cp = TEXTW_INVALID;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	/* Lead byte -> length and the allowed range of the second byte, which
	 * rules out overlong forms, surrogates and code points past U+10FFFF. */
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		len = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		len = 3, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
	else if (b >= 0xF0 && b <= 0xF4)
		len = 4, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
	else
		return 1;
	if (n < len || s[1] < lo || s[1] > hi)
		return 1;
	for (size_t i = 2; i < len; i++)
		if (!cont(s[i]))
			return 1;
	uint32_t v = b & (0xFF >> (len + 1));
	for (size_t i = 1; i < len; i++)
		v = v << 6 | (s[i] & 0x3F);
	*cp = v;
	return len;
}

struct range {
	uint32_t lo, hi;
};

/* Zero-width: combining marks and invisible format characters. */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF},
	{0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	{0xE0100, 0xE01EF},
};

/* East Asian wide and fullwidth blocks, and the emoji pictographs. */
static const struct range wide[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
	{0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
	{0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
	{0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
	{0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
	{0x30000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int textw_cp_width(uint32_t cp)
{
	if (cp == TEXTW_INVALID)
		return 1;
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* The locale does not know (C locale, or a control): our own tables. */
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof *zero_width))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof *wide))
		return 2;
	return 1;
}

int textw_widthn(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += textw_decode(s + i, n - i, &cp);
		w += textw_cp_width(cp);
	}
	return w;
}

int textw_width(const char *s)
{
	return textw_widthn(s, strlen(s));
}

static void pad(struct strbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		sb_putc(sb, ' ');
}

void textw_fit(struct strbuf *sb, const char *s, int cols, enum textw_align align,
	       int utf8)
{
	if (cols <= 0)
		return;
	size_t n = strlen(s);
	int w = textw_widthn(s, n);
	if (w <= cols) {
		if (align == TEXTW_RIGHT)
			pad(sb, cols - w);
		sb_add(sb, s, n);
		if (align == TEXTW_LEFT)
			pad(sb, cols - w);
		return;
	}
	/* Keep whole characters while they and the marker fit; zero-width
	 * marks stay with the character they follow. */
	int budget = cols - 1, used = 0;
	size_t keep = 0;
	while (keep < n) {
		uint32_t cp;
		size_t len = textw_decode(s + keep, n - keep, &cp);
		int cw = textw_cp_width(cp);
		if (used + cw > budget)
			break;
		used += cw;
		keep += len;
	}
	if (align == TEXTW_RIGHT)
		pad(sb, budget - used);
	sb_add(sb, s, keep);
	sb_puts(sb, utf8 ? "\xE2\x80\xA6" : "~");
	if (align == TEXTW_LEFT)
		pad(sb, budget - used);
}

void textw_fit_tail(struct strbuf *sb, const char *s, int cols, int utf8)
{
	if (cols <= 0)
		return;
	size_t n = strlen(s);
	if (textw_widthn(s, n) <= cols) {
		sb_add(sb, s, n);
		return;
	}
	/* The last whole characters that fit after the marker: walk from the
	 * start, remembering where each character begins, then take the
	 * shortest suffix-start that fits. */
	int budget = cols - 1;
	size_t from = n;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = textw_decode(s + i, n - i, &cp);
		if (textw_widthn(s + i, n - i) <= budget) {
			from = i;
			break;
		}
		i += len;
	}
	/* Zero-width marks belong to the character before them. */
	while (from < n) {
		uint32_t cp;
		textw_decode(s + from, n - from, &cp);
		if (textw_cp_width(cp) != 0)
			break;
		from += textw_decode(s + from, n - from, &cp);
	}
	sb_puts(sb, utf8 ? "\xE2\x80\xA6" : "~");
	sb_add(sb, s + from, n - from);
}

size_t textw_break(const char *s, int cols, size_t *next)
{
	size_t n = strlen(s), at = 0, last_space = 0;
	int used = 0, seen_space = 0;
	while (at < n) {
		uint32_t cp;
		size_t len = textw_decode(s + at, n - at, &cp);
		int cw = textw_cp_width(cp);
		if (used + cw > cols)
			break;
		/* Only ASCII spaces break: no-break spaces (digit groups) hold. */
		if (cp == ' ' && at > 0) {
			last_space = at;
			seen_space = 1;
		}
		used += cw;
		at += len;
	}
	if (at >= n) {
		*next = n;
		return n;
	}
	/* The character after the last fitting one may be the space itself. */
	if (s[at] == ' ') {
		last_space = at;
		seen_space = 1;
	}
	if (!seen_space) {
		/* One word longer than the line: cut it, keeping whole characters
		 * (and at least one, so that a caller always moves on). */
		if (at == 0) {
			uint32_t cp;
			at = textw_decode(s, n, &cp);
		}
		*next = at;
		return at;
	}
	size_t end = last_space;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	size_t from = last_space;
	while (s[from] == ' ')
		from++;
	*next = from;
	return end;
}

/* Code points that reorder or break lines on a terminal. */
static int is_hazard(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void textw_sanitize(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = textw_decode(s + i, n - i, &cp);
		unsigned char b = (unsigned char)s[i];
		if (cp == TEXTW_INVALID || cp < 0x20 || cp == 0x7F)
			sb_printf(sb, "\\x%02x", b);
		else if (is_hazard(cp))
			sb_printf(sb, "\\u%04x", (unsigned)cp);
		else
			sb_add(sb, s + i, len);
		i += len;
	}
}

char *textw_sanitized(const char *s)
{
	struct strbuf sb;
	sb_init(&sb);
	textw_sanitize(&sb, s);
	return sb.buf;
}
