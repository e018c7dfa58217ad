/* fuzz.h - what every harness in tests/fuzz shares.
 *
 * A harness is one LLVMFuzzerTestOneInput().  It is linked either with
 * libFuzzer (run.sh, clang) or with standalone.c (regress.sh, any compiler),
 * which replays the seed corpus and every saved crash.  A broken invariant
 * is a crash on purpose: FUZZ_CHECK prints what failed and aborts, so
 * libFuzzer saves the input exactly as it does for a sanitizer report. */
#ifndef KPITOP_FUZZ_H
#define KPITOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                        \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__,   \
				__LINE__, #cond);                                    \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* The input as a C string: everything up to the first NUL (the product's
 * string functions never see a NUL inside a value). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Take bytes from the front of the input (zeros once it runs out), so one
 * input can choose parameters and then carry text. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline unsigned fuzz_byte(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline void fuzz_bytes(struct fuzz_in *in, void *out, size_t k)
{
	memset(out, 0, k);
	size_t take = k < in->n ? k : in->n;
	memcpy(out, in->p, take);
	in->p += take;
	in->n -= take;
}

/* Independent UTF-8 check (written from the definition, not from
 * textw.c): the length of the well-formed sequence at s, 0 if there is
 * none.  Used to judge the product's decoder and sanitizer. */
static inline size_t fuzz_utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t v, min;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		len = 2, v = s[0] & 0x1F, min = 0x80;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3, v = s[0] & 0x0F, min = 0x800;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4, v = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

#endif
