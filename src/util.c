/* util.c - errors, memory and small string helpers. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kpitop/date.h"
#include "kpitop/i18n.h"
#include "kpitop/util.h"

int kp_fail(struct kp_err *e, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void oom(void)
{
	fputs(_("kpitop: out of memory\n"), stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void xgrow(void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / size)
		oom();
	*(void **)items = xrealloc(*(void **)items, ncap * size);
	*cap = ncap;
}

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	xgrow(&sb->buf, &sb->cap, 64, 1);
	sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	xgrow(&sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	xgrow(&sb->buf, &sb->cap, sb->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *kp_username(void)
{
	static char name[256];
	if (name[0])
		return name;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && pw->pw_name[0])
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid%lu", (unsigned long)getuid());
	return name;
}

int32_t kp_today(void)
{
	const char *fixed = getenv("KPITOP_TODAY");
	kp_date d;
	if (fixed && *fixed && date_parse(fixed, &d) == 0)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return (int32_t)(now / 86400);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* mkdir -p on p (modified while it runs); with exact, every directory made
 * gets exactly mode, whatever the umask. */
static int mkdirs(char *p, unsigned mode, int exact, struct kp_err *e)
{
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) == 0) {
			if (exact && chmod(p, (mode_t)mode) != 0)
				return kp_fail(e, _("cannot set the mode of %s: %s; run: chmod %04o %s"), p,
					       strerror(errno), mode, p);
		} else if (errno != EEXIST) {
			return kp_fail(e, _("cannot create directory %s: %s"), p, strerror(errno));
		}
		*s = c;
		if (c == '\0')
			return 0;
	}
}

int kp_mkdirs(const char *path, unsigned mode, struct kp_err *e)
{
	char *p = xstrdup(path);
	int rc = mkdirs(p, mode, 0, e);
	free(p);
	return rc;
}

int kp_mkparents(const char *path, unsigned mode, struct kp_err *e)
{
	char *p = xstrdup(path);
	char *slash = strrchr(p, '/');
	int rc = 0;
	if (slash && slash != p) {
		*slash = '\0';
		rc = mkdirs(p, mode, 1, e);
	}
	free(p);
	return rc;
}

char *kp_xdg_dir(const char *xdg_var, const char *fallback)
{
	const char *base = getenv(xdg_var);
	if (base && base[0] == '/')
		return xasprintf("%s/kpitop", base);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return xasprintf("%s/%s/kpitop", home, fallback);
}
