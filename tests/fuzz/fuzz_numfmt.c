/* fuzz_numfmt.c - the count and money parsers and the formatters
 * (src/numfmt.c).
 *
 * The input is parsed as text by num_parse_count and num_parse_money (with
 * and without a decimal comma) and compared with a reference parser written
 * here from numfmt.h's contract.  Every value parsed is formatted with
 * num_format_plain and must parse back to itself.  The same bytes, read as
 * an int64 and as a double with a few parameters, drive the formatters:
 * plain values must parse back, and the fixed/grouped formats must stay in
 * their buffer, end in a NUL and never print a negative zero. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kpitop/numfmt.h"

#include "fuzz.h"

/* Reference: digits-only "\d+" worth at most max, or -1. */
static int ref_digits(const char *s, size_t n, int64_t max, int64_t *out)
{
	while (n > 1 && *s == '0')
		s++, n--;
	if (n > 18)
		return -1; /* more digits than any limit here */
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int ref_count(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || strspn(s, "0123456789") != n)
		return -1;
	return ref_digits(s, n, NUM_MAX_VALUE, out);
}

/* Reference money: "\d+" or "\d+[.]\d{1,2}" ("," too when allowed). */
static int ref_money(const char *s, int allow_comma, int64_t *out)
{
	size_t n = strlen(s), w = strspn(s, "0123456789");
	int64_t whole, frac = 0;
	if (w == 0)
		return -1;
	if (w < n) {
		char p = s[w];
		size_t k = strspn(s + w + 1, "0123456789");
		if (!(p == '.' || (p == ',' && allow_comma)) || k < 1 || k > 2 || w + 1 + k != n)
			return -1;
		frac = (s[w + 1] - '0') * 10 + (k == 2 ? s[w + 2] - '0' : 0);
	}
	if (ref_digits(s, w, NUM_MAX_VALUE, &whole) != 0 ||
	    whole > (NUM_MAX_VALUE - frac) / 100)
		return -1;
	*out = whole * 100 + frac;
	return 0;
}

/* A value the parsers accepted: in range, and its plain format reads back. */
static void check_roundtrip(enum num_kind kind, int64_t v)
{
	char buf[64];
	int64_t back = -1;
	const char *why = NULL;
	num_format_plain(kind, v, buf, sizeof buf);
	int rc = num_parse(kind, buf, 0, &back, &why);
	FUZZ_CHECK(rc == 0 && back == v, "%lld formatted as \"%s\" parses back to %lld (%s)",
		   (long long)v, buf, (long long)back, why ? why : "ok");
}

static void check_text(const char *s)
{
	int64_t v = -1, ref = -1;
	const char *why = NULL;

	int rc = num_parse_count(s, &v, &why);
	int rrc = ref_count(s, &ref);
	FUZZ_CHECK(rc == rrc, "count \"%s\": parser says %d, reference %d", s, rc, rrc);
	FUZZ_CHECK(rc == 0 || (why && *why), "count \"%s\": refused without a reason", s);
	if (rc == 0) {
		FUZZ_CHECK(v == ref, "count \"%s\": %lld, reference %lld", s, (long long)v,
			   (long long)ref);
		check_roundtrip(NUM_COUNT, v);
	}

	for (int comma = 0; comma <= 1; comma++) {
		why = NULL;
		rc = num_parse_money(s, comma, &v, &why);
		rrc = ref_money(s, comma, &ref);
		FUZZ_CHECK(rc == rrc, "money \"%s\" (comma %d): parser says %d, reference %d", s,
			   comma, rc, rrc);
		FUZZ_CHECK(rc == 0 || (why && *why), "money \"%s\": refused without a reason", s);
		if (rc == 0) {
			FUZZ_CHECK(v == ref, "money \"%s\": %lld, reference %lld", s, (long long)v,
				   (long long)ref);
			check_roundtrip(NUM_MONEY, v);
		}
	}
}

/* An arbitrary int64: in range it round-trips, negative it is refused. */
static void check_value(int64_t v)
{
	for (int k = 0; k <= 1; k++) {
		enum num_kind kind = k ? NUM_MONEY : NUM_COUNT;
		if (v >= 0 && v <= NUM_MAX_VALUE) {
			check_roundtrip(kind, v);
		} else {
			char buf[64];
			int64_t back;
			const char *why = NULL;
			num_format_plain(kind, v, buf, sizeof buf);
			FUZZ_CHECK(num_parse(kind, buf, 1, &back, &why) != 0,
				   "out-of-range %lld accepted back from \"%s\"", (long long)v, buf);
		}
	}
}

/* The human formats: bounded output, "-" only before a nonzero digit, and a
 * buffer that is too small gets a prefix of what a large one gets. */
static void check_double(double v, int decimals, size_t n, const char *sep, const char *dec)
{
	char full[1024]; /* DBL_MAX grouped with 3-byte separators fits */
	char *buf = malloc(n ? n : 1); /* exact size: ASan sees one byte too far */
	if (!buf)
		abort();
	for (int grouped = 0; grouped <= 1; grouped++) {
		if (grouped) {
			num_format_grouped(v, decimals, sep, dec, full, sizeof full);
			num_format_grouped(v, decimals, sep, dec, buf, n);
		} else {
			num_format_fixed(v, decimals, full, sizeof full);
			num_format_fixed(v, decimals, buf, n);
		}
		size_t flen = strlen(full);
		if (isnan(v) || isinf(v))
			FUZZ_CHECK(flen == 0, "format of %.17g gave \"%s\"", v, full);
		else
			FUZZ_CHECK(flen > 0, "nothing printed for %.17g", v);
		if (full[0] == '-')
			FUZZ_CHECK(strpbrk(full, "123456789") != NULL,
				   "negative zero: \"%s\" for %.17g", full, v);
		if (n == 0)
			continue;
		size_t len = strnlen(buf, n);
		FUZZ_CHECK(len < n, "format of %.17g: no NUL within %zu bytes", v, n);
		FUZZ_CHECK(len <= flen && !memcmp(buf, full, len),
			   "format of %.17g into %zu bytes: \"%s\", not a prefix of \"%s\"", v, n,
			   buf, full);
		if (flen < n)
			FUZZ_CHECK(len == flen, "format of %.17g into %zu bytes: \"%s\", not \"%s\"",
				   v, n, buf, full);
	}
	/* Fixed with two decimals is what exports print: it must read back as
	 * money within a cent of the value (rounding half away from zero). */
	if (v >= 0 && v < 1e12) {
		num_format_fixed(v, 2, full, sizeof full);
		int64_t back;
		const char *why = NULL;
		FUZZ_CHECK(num_parse_money(full, 0, &back, &why) == 0, "fixed \"%s\" of %.17g: %s",
			   full, v, why);
		double diff = fabs((double)back - v * 100);
		FUZZ_CHECK(diff <= 1.0, "fixed \"%s\" is %.17g", full, v);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const seps[] = {"", ",", " ", ".", "\xE2\x80\xAF", "'"};
	char *s = fuzz_cstr(data, size);
	check_text(s);
	free(s);

	struct fuzz_in in = {data, size};
	int64_t iv;
	double dv;
	fuzz_bytes(&in, &iv, sizeof iv);
	check_value(iv);
	in = (struct fuzz_in){data, size};
	fuzz_bytes(&in, &dv, sizeof dv);
	int decimals = (int)(fuzz_byte(&in) % 14) - 2; /* -2..11: out of range too */
	size_t n = fuzz_byte(&in);
	unsigned pick = fuzz_byte(&in);
	const size_t nseps = sizeof seps / sizeof *seps;
	check_double(dv, decimals, n, seps[pick % nseps], seps[(pick / nseps) % nseps]);
	return 0;
}
