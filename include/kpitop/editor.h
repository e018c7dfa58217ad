/* editor.h - the cell editor of the entry grids: which keystrokes a number
 * may take, and what the finished text means (pure). */
#ifndef KPITOP_EDITOR_H
#define KPITOP_EDITOR_H

#include <stddef.h>
#include <stdint.h>

#include "kpitop/model.h"

#define EDITOR_MAX 24

struct editor {
	char buf[EDITOR_MAX + 1];
	size_t len;
	enum metric_kind kind;
};

void editor_start(struct editor *ed, enum metric_kind kind);

/* Offer one character.  0: taken; -1: refused with *why (static text) and
 * the buffer unchanged, so a wrong key never loses what was typed. */
int editor_put(struct editor *ed, uint32_t ch, const char **why);
/* Drop the last character (Backspace); 0, or -1 when empty. */
int editor_backspace(struct editor *ed);

/* The value typed: 0 with *out in minor units for money, or -1 with *why. */
int editor_value(const struct editor *ed, int64_t *out, const char **why);

/* Does the value need a confirmation (above the configured sanity limit)? */
int editor_over_limit(enum metric_kind kind, int64_t value, int64_t max_count,
		      int64_t max_money);

#endif
