/* i18n.h - message translation (GNU gettext).
 *
 *   _("text")            translated now
 *   N_("text")           marked for translation, translated where used: _(s)
 *   P_("1 deal", "%d deals", n)   plural forms (Russian has three)
 *   C_("context", "text")         the same English word in two senses
 *
 * Without NLS (configure --disable-nls) all of these return the English.
 * Text meant for machines (CSV, JSON, column keys, configuration keys,
 * command and option names) is never translated. */
#ifndef KPITOP_I18N_H
#define KPITOP_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
/* msgctxt support: "context\004text", as gettext's pgettext does. */
#define C_(ctx, s) kp_pgettext(ctx "\004" s, s)
static inline const char *kp_pgettext(const char *key, const char *s)
{
	const char *t = gettext(key);
	return t == key ? s : t;
}
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#define C_(ctx, s) ((void)(ctx), (s))
#endif
#define N_(s) (s)

/* Bind the message catalogue (main() calls this after setlocale). */
void i18n_init(void);

#endif
