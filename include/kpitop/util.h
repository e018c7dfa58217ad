/* util.h - errors, memory and small string helpers shared by every module. */
#ifndef KPITOP_UTIL_H
#define KPITOP_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* An error travels back to the caller in one of these; only main prints. */
struct kp_err {
	char msg[1024];
};

#if defined(__GNUC__)
#define KP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KP_PRINTF(a, b)
#endif

/* Fill e (when non-NULL) and return -1, so callers can `return kp_fail(...)`. */
int kp_fail(struct kp_err *e, const char *fmt, ...) KP_PRINTF(2, 3);

/* Allocation that never returns NULL: out of memory aborts with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) KP_PRINTF(1, 2);

/* Grow *items (of *cap elements of size) so that it holds at least need. */
void xgrow(void *items, size_t *cap, size_t need, size_t size);

/* A growable byte buffer, always NUL-terminated. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) KP_PRINTF(2, 3);

/* The Unix user running kpitop (for the audit trail); static storage. */
const char *kp_username(void);

/* Today's date as days since 1970-01-01 in local time; the environment
 * variable KPITOP_TODAY=YYYY-MM-DD overrides it (tests, reproducible runs). */
int32_t kp_today(void);

/* mkdir -p with the given mode; 0 or -1 with e filled. */
int kp_mkdirs(const char *path, unsigned mode, struct kp_err *e);
/* The missing directories above path (not path itself), each made with
 * exactly mode whatever the umask; 0 or -1 with e filled. */
int kp_mkparents(const char *path, unsigned mode, struct kp_err *e);

/* $XDG_DATA_HOME/kpitop or ~/.local/share/kpitop (likewise CONFIG); malloc'd. */
char *kp_xdg_dir(const char *xdg_var, const char *fallback);

#endif
