/* snapshot.h - everything the views of one period need, read from the store
 * in a few aggregate queries: dimensions, sums of the period and of the
 * previous period, plans of the months touched, and recent daily sums. */
#ifndef KPITOP_SNAPSHOT_H
#define KPITOP_SNAPSHOT_H

#include "kpitop/calendar.h"
#include "kpitop/kpi.h"
#include "kpitop/store.h"

/* Days of daily history kept for sparklines and trends. */
#define SNAPSHOT_DAYS 30

struct snap_day {
	kp_date day;
	int64_t manager_id, metric_id, sum;
};

struct snapshot {
	struct kp_dims dims;
	enum period_kind kind;
	kp_date asof;
	struct period period, prev_period;
	kp_date prev_asof;
	struct kpi_sums cur, prev;
	struct kpi_plans plans;
	struct snap_day *days; /* the SNAPSHOT_DAYS days up to asof, with_daily only */
	size_t ndays, capdays;
};

/* Read a snapshot; with_daily adds the daily sums.  0, or -1 with e set
 * (and the snapshot empty). */
int snapshot_load(struct snapshot *sn, struct store *s, enum period_kind kind, kp_date asof,
		  int with_daily, struct kp_err *e);
void snapshot_free(struct snapshot *sn);

/* Build one view (teams, managers or channels) from a snapshot. */
void snapshot_view(const struct snapshot *sn, const struct kpi_settings *set,
		   enum kpi_view_kind kind, struct kpi_view *v);

#endif
