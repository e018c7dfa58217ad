/* fuzz_config.c - the configuration reader (src/config.c) on arbitrary
 * files, iniparser included.
 *
 * The input becomes the content of a file (a memfd, else a temporary file)
 * that config_load_file reads twice over the defaults, the second time over
 * the values of the first, as the system file and the user's file are.
 * Checks, besides the sanitizers and the leak checker:
 *  - the call returns 0 or -1, and -1 comes with a message;
 *  - every diagnostic is "path:..." text;
 *  - a file that passed the text checks never fails because iniparser
 *    could not read the cleaned copy (that message means nothing to a
 *    user: the scanner exists to give iniparser only lines it accepts);
 *  - the loaded configuration keeps its own invariants: ordered thresholds
 *    and bonus bounds, sorted unique holidays, bounded lists, at least one
 *    working day. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kpitop/config.h"
#include "kpitop/util.h"

#include "fuzz.h"

static int file_fd = -1;
static char file_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
#ifdef MFD_CLOEXEC
	file_fd = memfd_create("fuzz.ini", MFD_CLOEXEC);
	if (file_fd >= 0)
		snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", file_fd);
#endif
	if (file_fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(file_path, sizeof file_path, "%s/kpitop-fuzz-XXXXXX",
			 dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
		file_fd = mkstemp(file_path);
		if (file_fd < 0)
			abort();
		unlink(file_path); /* reopened by name below: recreate each time */
		close(file_fd);
		file_fd = -1;
	}
	return 0;
}

static void file_put(const uint8_t *data, size_t size)
{
	if (file_fd >= 0) {
		if (ftruncate(file_fd, 0) != 0 || pwrite(file_fd, data, size, 0) != (ssize_t)size)
			abort();
		return;
	}
	FILE *fp = fopen(file_path, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
}

static void check_config(const struct kp_config *c)
{
	FUZZ_CHECK(c->red_below <= c->yellow_below, "red_below %g > yellow_below %g",
		   c->red_below, c->yellow_below);
	FUZZ_CHECK(c->bonus_floor <= c->bonus_cap, "bonus floor %g > cap %g", c->bonus_floor,
		   c->bonus_cap);
	FUZZ_CHECK(c->nbonus <= CONFIG_MAX_BONUS, "%zu bonus weights", c->nbonus);
	for (size_t i = 0; i < c->nbonus; i++)
		FUZZ_CHECK(c->bonus[i].metric && *c->bonus[i].metric, "bonus weight %zu unnamed", i);
	FUZZ_CHECK(c->ncolors <= 16, "%zu colours", c->ncolors);
	FUZZ_CHECK(c->nholidays == 0 || c->holidays, "holidays missing");
	for (size_t i = 1; i < c->nholidays; i++)
		FUZZ_CHECK(c->holidays[i - 1] < c->holidays[i], "holidays not sorted/unique at %zu",
			   i);
	int work = 0;
	for (int i = 0; i < 7; i++)
		work += c->workdays[i] != 0;
	FUZZ_CHECK(work > 0, "no working day left");
	FUZZ_CHECK(c->refresh_ms > 0 && c->busy_timeout_ms >= 0, "refresh %d, busy %d",
		   c->refresh_ms, c->busy_timeout_ms);
	FUZZ_CHECK(c->default_view && c->default_period && c->currency, "a string is NULL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	file_put(data, size);
	struct kp_config c;
	struct cfg_diags diags = {0};
	config_defaults(&c);
	for (int pass = 0; pass < 2; pass++) {
		struct kp_err e = {{0}};
		int rc = config_load_file(&c, file_path, 0, &diags, &e);
		FUZZ_CHECK(rc == 0 || (rc == -1 && e.msg[0]), "rc %d, message \"%s\"", rc, e.msg);
		FUZZ_CHECK(!strstr(e.msg, "iniparser could not read"), "%s", e.msg);
		check_config(&c);
		if (rc != 0)
			break;
	}
	size_t plen = strlen(file_path);
	for (size_t i = 0; i < diags.n; i++)
		FUZZ_CHECK(diags.items[i].msg && !strncmp(diags.items[i].msg, file_path, plen) &&
				   diags.items[i].msg[plen] == ':',
			   "diagnostic \"%s\"", diags.items[i].msg ? diags.items[i].msg : "(null)");
	cfg_diags_free(&diags);
	config_free(&c);
	return 0;
}
