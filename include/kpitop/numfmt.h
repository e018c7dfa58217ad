/* numfmt.h - parsing and formatting of counts, money and rates (pure). */
#ifndef KPITOP_NUMFMT_H
#define KPITOP_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Largest value a cell may hold: counts and money in minor units alike. */
#define NUM_MAX_VALUE INT64_C(999999999999999) /* 15 digits */

enum num_kind { NUM_COUNT, NUM_MONEY };

/* Parse a whole non-negative count ("42").  Returns 0, or -1 with a short
 * reason in *why (static text) for letters, signs, decimals, overflow. */
int num_parse_count(const char *s, int64_t *out, const char **why);

/* Parse money into minor units: "1234", "1234.5", "1234.50"; with
 * allow_comma also "1234,50".  At most two fractional digits. */
int num_parse_money(const char *s, int allow_comma, int64_t *out, const char **why);

/* Parse by kind (money: allow_comma as above). */
int num_parse(enum num_kind kind, const char *s, int allow_comma, int64_t *out,
	      const char **why);

/* Plain machine formats (CSV/JSON): "1234.50", "-3.00"; "42". */
void num_format_money_plain(int64_t minor, char *buf, size_t n);
void num_format_plain(enum num_kind kind, int64_t v, char *buf, size_t n);
/* A double with a fixed number of decimals, "-" never "-0.0"; "" for NaN. */
void num_format_fixed(double v, int decimals, char *buf, size_t n);

/* Human format: thousands grouping with sep (e.g. "," or " " or U+202F),
 * decimal point dec, `decimals` fractional digits.  buf gets UTF-8. */
void num_format_grouped(double v, int decimals, const char *sep, const char *dec,
			char *buf, size_t n);

#endif
