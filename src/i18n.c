/* i18n.c - where the message catalogues are. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kpitop/i18n.h"

#ifdef ENABLE_NLS
/* A kpitop run from its build tree (src/kpitop) uses the catalogues built
 * next to it in locale/, so that `src/kpitop --demo` speaks the user's
 * language before anything is installed. */
static int build_tree_localedir(char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return -1;
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	size_t dl = strlen(exe);
	if (dl < 4 || strcmp(exe + dl - 4, "/src") != 0)
		return -1;
	exe[dl - 4] = '\0';
	struct stat st;
	char probe[PATH_MAX + 64];
	snprintf(probe, sizeof probe, "%s/locale/.kpitop-build-tree", exe);
	if (stat(probe, &st) != 0)
		return -1;
	if ((size_t)snprintf(buf, n, "%s/locale", exe) >= n)
		return -1;
	return 0;
}
#endif

void i18n_init(void)
{
#ifdef ENABLE_NLS
	char dir[PATH_MAX];
	const char *d = getenv("KPITOP_LOCALEDIR");
	if (!d || !*d)
		d = build_tree_localedir(dir, sizeof dir) == 0 ? dir : LOCALEDIR;
	bindtextdomain(PACKAGE, d);
	textdomain(PACKAGE);
#endif
}
