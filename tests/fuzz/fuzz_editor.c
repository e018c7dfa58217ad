/* fuzz_editor.c - the cell editor of the entry grids (src/editor.c).
 *
 * The first byte picks the metric kind; every later byte is a keystroke:
 * 0x7F and 0x08 are Backspace, 0xFF takes the next four bytes as one code
 * point (wide keys), anything else is offered to editor_put as it is.
 * Checks after every key:
 *  - a refused key leaves the buffer exactly as it was, with a reason;
 *  - a taken key is appended; the buffer stays NUL-terminated, within
 *    EDITOR_MAX, digits plus at most one decimal point (money only), never
 *    starting with the point;
 *  - what the editor holds can always be committed: editor_value succeeds
 *    unless the buffer is empty or ends with the point, and then gives the
 *    value of the text, never above NUM_MAX_VALUE. */
#include "config.h"

#include <string.h>

#include "kpitop/editor.h"
#include "kpitop/numfmt.h"

#include "fuzz.h"

static void check_state(const struct editor *ed)
{
	FUZZ_CHECK(ed->len <= EDITOR_MAX, "length %zu", ed->len);
	FUZZ_CHECK(ed->buf[ed->len] == '\0' && strlen(ed->buf) == ed->len, "not terminated");
	int money = ed->kind == METRIC_MONEY;
	size_t digits = strspn(ed->buf, "0123456789");
	size_t point = strcspn(ed->buf, ".,");
	if (!money)
		FUZZ_CHECK(digits == ed->len, "count editor holds \"%s\"", ed->buf);
	else if (point < ed->len)
		FUZZ_CHECK(point > 0 && point == digits &&
				   strspn(ed->buf + point + 1, "0123456789") == ed->len - point - 1 &&
				   ed->len - point - 1 <= 2,
			   "money editor holds \"%s\"", ed->buf);
	else
		FUZZ_CHECK(digits == ed->len, "money editor holds \"%s\"", ed->buf);

	int64_t v = -1;
	const char *why = NULL;
	int rc = editor_value(ed, &v, &why);
	int open = ed->len == 0 || ed->buf[ed->len - 1] == '.' || ed->buf[ed->len - 1] == ',';
	if (open) {
		FUZZ_CHECK(rc != 0 && why && *why, "\"%s\" has a value", ed->buf);
		return;
	}
	FUZZ_CHECK(rc == 0, "\"%s\" was typed but cannot be committed: %s", ed->buf, why);
	FUZZ_CHECK(v >= 0 && v <= NUM_MAX_VALUE, "\"%s\" is %lld", ed->buf, (long long)v);

	/* The value of the text, computed here: whole part, then the cents. */
	int64_t want = 0;
	for (size_t i = 0; i < digits; i++)
		want = want * 10 + (ed->buf[i] - '0');
	if (money) {
		int64_t cents = 0;
		if (point < ed->len) {
			const char *f = ed->buf + point + 1;
			cents = (f[0] - '0') * 10 + (f[1] ? f[1] - '0' : 0);
		}
		want = want * 100 + cents;
	}
	FUZZ_CHECK(v == want, "\"%s\" is %lld, expected %lld", ed->buf, (long long)v,
		   (long long)want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	struct editor ed;
	editor_start(&ed, fuzz_byte(&in) & 1 ? METRIC_MONEY : METRIC_COUNT);
	check_state(&ed);
	while (in.n) {
		uint32_t ch = fuzz_byte(&in);
		struct editor before = ed;
		if (ch == 0x7F || ch == 0x08) {
			int rc = editor_backspace(&ed);
			FUZZ_CHECK(rc == (before.len ? 0 : -1), "backspace on \"%s\": %d", before.buf,
				   rc);
			FUZZ_CHECK(ed.len == (before.len ? before.len - 1 : 0) &&
					   !strncmp(ed.buf, before.buf, ed.len),
				   "backspace on \"%s\" left \"%s\"", before.buf, ed.buf);
		} else {
			if (ch == 0xFF)
				fuzz_bytes(&in, &ch, sizeof ch);
			const char *why = NULL;
			int rc = editor_put(&ed, ch, &why);
			if (rc != 0) {
				FUZZ_CHECK(rc == -1 && why && *why, "key %#x refused without a reason",
					   (unsigned)ch);
				FUZZ_CHECK(ed.len == before.len && !strcmp(ed.buf, before.buf) &&
						   ed.kind == before.kind,
					   "refused key %#x changed \"%s\" to \"%s\"", (unsigned)ch,
					   before.buf, ed.buf);
			} else {
				FUZZ_CHECK(ed.len == before.len + 1 && !strncmp(ed.buf, before.buf,
									     before.len) &&
						   (unsigned char)ed.buf[before.len] == ch,
					   "key %#x on \"%s\" gave \"%s\"", (unsigned)ch, before.buf,
					   ed.buf);
			}
		}
		check_state(&ed);
	}
	return 0;
}
