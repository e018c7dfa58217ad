/* standalone.c - a main() for the fuzz harnesses without libFuzzer: each
 * file named on the command line is read whole and passed once to
 * LLVMFuzzerTestOneInput.  regress.sh uses it to replay the seed corpus and
 * every saved crash with any compiler, so a fixed bug stays fixed.
 *
 * A broken invariant or a sanitizer report aborts the process; a file that
 * cannot be read is exit status 2.  On success it prints one line per file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Harnesses that need set-up define it; the others get this one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

/* The whole file in a buffer of exactly its size, so that reading one byte
 * past the input is caught by AddressSanitizer as under libFuzzer. */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			abort();
		len += fread(buf + len, 1, cap - len, fp);
		if (len < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		return NULL;
	}
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact)
		abort();
	memcpy(exact, buf, len);
	free(buf);
	*n = len;
	return exact;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t n = 0;
		unsigned char *data = slurp(argv[i], &n);
		if (!data) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(data, n);
		free(data);
		printf("ran %s (%zu bytes)\n", argv[i], n);
	}
	return 0;
}
