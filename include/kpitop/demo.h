/* demo.h - a plausible, deterministic demo company (kpitop --demo, init --demo). */
#ifndef KPITOP_DEMO_H
#define KPITOP_DEMO_H

#include "kpitop/date.h"
#include "kpitop/store.h"
#include "kpitop/util.h"

/* Fill a freshly created database (default channels and metrics present, no
 * teams yet) with 3 teams, 14 managers (one archived), ~120 days of entries
 * up to and including `today` and monthly plans, in one transaction with the
 * audit trail off.  The same `today` always gives the same data.
 * 0, or -1 with e filled and nothing written. */
int demo_build(struct store *s, kp_date today, struct kp_err *e);

#endif
