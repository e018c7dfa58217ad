/* snapshot.c - read a period's data for the views in a few queries. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpitop/snapshot.h"

static void day_add(void *ctx, kp_date day, int64_t manager_id, int64_t metric_id, int64_t sum)
{
	struct snapshot *sn = ctx;
	xgrow(&sn->days, &sn->capdays, sn->ndays + 1, sizeof *sn->days);
	sn->days[sn->ndays++] = (struct snap_day){day, manager_id, metric_id, sum};
}

int snapshot_load(struct snapshot *sn, struct store *s, enum period_kind kind, kp_date asof,
		  int with_daily, struct kp_err *e)
{
	int y1, m1, y2, m2;
	memset(sn, 0, sizeof *sn);
	sn->kind = kind;
	sn->asof = asof;
	kpi_sums_init(&sn->cur);
	kpi_sums_init(&sn->prev);
	kpi_plans_init(&sn->plans);
	kpi_view_ranges(kind, asof, &sn->period, &sn->prev_period, &sn->prev_asof);
	period_months(sn->period, &y1, &m1, &y2, &m2);
	if (store_load_dims(s, &sn->dims, e) ||
	    store_sum_entries(s, sn->period.from, asof, kpi_sums_add, &sn->cur, e) ||
	    store_sum_entries(s, sn->prev_period.from, sn->prev_asof, kpi_sums_add, &sn->prev, e) ||
	    store_plans(s, y1, m1, y2, m2, kpi_plans_add, &sn->plans, e) ||
	    (with_daily &&
	     store_daily_sums(s, asof - (SNAPSHOT_DAYS - 1), asof, day_add, sn, e))) {
		snapshot_free(sn);
		return -1;
	}
	return 0;
}

void snapshot_free(struct snapshot *sn)
{
	dims_free(&sn->dims);
	kpi_sums_free(&sn->cur);
	kpi_sums_free(&sn->prev);
	kpi_plans_free(&sn->plans);
	free(sn->days);
	sn->days = NULL;
	sn->ndays = sn->capdays = 0;
}

void snapshot_view(const struct snapshot *sn, const struct kpi_settings *set,
		   enum kpi_view_kind kind, struct kpi_view *v)
{
	struct kpi_input in = {&sn->dims, set, sn->period, sn->asof, &sn->cur, &sn->prev,
			       &sn->plans};
	kpi_view_build(v, kind, &in);
}
