/* kpi.h - the KPI formulas of SPEC section 3 and the rows of the teams,
 * managers and channels views (pure: no I/O, no SQL, no drawing).
 *
 * Money is in minor units.  Actuals stay int64; derived values (prorated
 * plans, forecasts, averages) are doubles in the same units, rounded only when
 * formatted.  A value that cannot be computed (no plan, division by zero, a
 * metric the company does not track) is "absent": KPI_ABSENT, tested with
 * kpi_absent().  Absent inputs make absent outputs. */
#ifndef KPITOP_KPI_H
#define KPITOP_KPI_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "kpitop/calendar.h"
#include "kpitop/config.h"
#include "kpitop/date.h"
#include "kpitop/model.h"

#define KPI_ABSENT ((double)NAN)

static inline int kpi_absent(double v)
{
	return isnan(v);
}

/* ---- single formulas (SPEC section 3) ---- */

/* num / den; absent when den is 0 or either side absent. */
double kpi_ratio(double num, double den);
/* num / den x 100, absent likewise. */
double kpi_pct(double num, double den);
/* A month plan's share of a period: plan x working days of the month inside
 * the period / working days of the month.  A month without working days
 * (an empty workweek, all holidays) is shared by calendar days instead. */
double kpi_prorate(double month_plan, int wd_inside, int wd_month, int days_inside,
		   int days_month);
double kpi_completion(double actual, double plan);        /* % */
double kpi_expected(int elapsed, int total);               /* % of pace */
double kpi_forecast(double actual, int elapsed, int total); /* run rate */
double kpi_required_per_day(double plan, double actual, int remaining);
double kpi_avg_deal(double revenue, double deals);
double kpi_conversion(double deals, double leads);         /* % */
double kpi_stage_conversion(double stage, double before);  /* % */
double kpi_calls_per_deal(double calls, double deals);
double kpi_win_rate(double deals, double lost);            /* % */
double kpi_missed_share(double missed, double calls);      /* % */
double kpi_change_pct(double cur, double prev);            /* % */
/* Round up to a whole unit, forgiving float noise (7.0000000001 -> 7). */
double kpi_ceil(double v);
/* The same at a number of decimals (kpi_ceil_to(1.83, 1) = 1.9). */
double kpi_ceil_to(double v, int decimals);
/* Does v show as a whole number at that many decimals (906.00001 at 1)? */
int kpi_is_whole(double v, int decimals);

/* What it takes to close the revenue gap; each field may be absent. */
struct kpi_decomp {
	double deals, leads, calls;                      /* whole units */
	double deals_per_day, leads_per_day, calls_per_day;
};
/* conversion in %, remaining in working days (0: per day = the whole). */
struct kpi_decomp kpi_decompose(double revenue_plan, double revenue_actual,
				double avg_deal, double conversion,
				double calls_per_deal, int remaining);

/* f(completion): 0 below floor, the completion itself up to cap. */
double kpi_bonus_term(double completion, double floor_pct, double cap_pct);
/* Sum of weight_i x f(completion_i), in %; absent if any term is absent. */
double kpi_bonus_pct(const double *completion, const double *weight, size_t n,
		     double floor_pct, double cap_pct);
/* base x pct / 100 in minor units. */
double kpi_bonus_amount(double pct, int64_t base);
/* Team head: team completion x team_weight + personal x (1 - team_weight). */
double kpi_head(double team_completion, double personal_completion, double team_weight);

/* ---- settings the views need (a subset of the configuration) ---- */

struct kpi_settings {
	struct workcal cal;
	double bonus_floor, bonus_cap, team_weight;
	int64_t bonus_base;
	const struct bonus_weight *bonus; /* metric key + weight */
	size_t nbonus;
};
/* Points into c: c must outlive s. */
void kpi_settings_from_config(struct kpi_settings *s, const struct kp_config *c);

/* ---- collectors shaped like store.h's callbacks ---- */

struct kpi_sum {
	int64_t manager_id, channel_id, metric_id, sum;
};
struct kpi_sums {
	struct kpi_sum *items;
	size_t n, cap;
};
void kpi_sums_init(struct kpi_sums *s);
void kpi_sums_free(struct kpi_sums *s);
/* A store_sum_cb: ctx is a struct kpi_sums. */
void kpi_sums_add(void *ctx, int64_t manager_id, int64_t channel_id, int64_t metric_id,
		  int64_t sum);

struct kpi_plan_row {
	int year, month;
	int64_t team_id, manager_id, metric_id, value;
};
struct kpi_plans {
	struct kpi_plan_row *items;
	size_t n, cap;
};
void kpi_plans_init(struct kpi_plans *p);
void kpi_plans_free(struct kpi_plans *p);
/* A store_plan_cb: ctx is a struct kpi_plans. */
void kpi_plans_add(void *ctx, int year, int month, int64_t team_id, int64_t manager_id,
		   int64_t metric_id, int64_t value);

/* ---- the rows of a view ---- */

enum kpi_view_kind { KPI_VIEW_TEAMS, KPI_VIEW_MANAGERS, KPI_VIEW_CHANNELS };
enum kpi_row_kind { KPI_ROW_TEAM, KPI_ROW_MANAGER, KPI_ROW_CHANNEL, KPI_ROW_TOTAL };

/* "teams" | "managers" | "channels". */
int kpi_view_parse(const char *s, enum kpi_view_kind *out);
const char *kpi_view_name(enum kpi_view_kind v);

/* One row; every array is indexed like dims->metrics (archived included). */
struct kpi_row {
	enum kpi_row_kind kind;
	int64_t id;           /* team / manager / channel id; 0 for TOTAL */
	const char *name;     /* points into dims; "TOTAL" for the total */
	int64_t *actual;      /* sums from the period start up to as-of */
	int64_t *prev;        /* same for the previous period's like point */
	double *plan;         /* prorated plan, absent when none */
	double *completion;   /* % */
	double *forecast;     /* run rate to period end */
	double *required;     /* per remaining working day */
	double *change;       /* % vs the previous period */
	double *stage;        /* % of the previous funnel stage; absent for the first */
	double avg_deal, conversion, calls_per_deal, win_rate, missed_share;
	struct kpi_decomp decomp;
	double bonus_pct, bonus_amount;
	/* A team's head (dims_team_head), or NULL: the head's own revenue
	 * completion and KPI (kpi_head with the team's revenue completion). */
	const struct kp_manager *head;
	double head_personal, head_kpi;
};

struct kpi_view {
	enum kpi_view_kind kind;
	const struct kp_dims *dims;
	struct period period, prev_period;
	kp_date asof, prev_asof;
	struct workpace pace;
	double expected;      /* % of the period's working days elapsed */
	size_t nmetrics;
	/* Metric indexes by role, -1 when the company does not track it. */
	int m_calls, m_leads, m_deals, m_revenue, m_lost, m_missed;
	int *funnel;          /* metric indexes in funnel order */
	size_t nfunnel;
	struct kpi_row *rows; /* the view's rows, then TOTAL */
	size_t nrows;
};

/* What the builder reads.  cur holds the sums over [period.from, asof],
 * prev over [prev_period.from, prev_asof] (see kpi_view_ranges); plans every
 * plan row of the months the period touches. */
struct kpi_input {
	const struct kp_dims *dims;
	const struct kpi_settings *set;
	struct period period;
	kp_date asof;
	const struct kpi_sums *cur, *prev;
	const struct kpi_plans *plans;
};

/* The ranges to query for a period kind and as-of date. */
void kpi_view_ranges(enum period_kind k, kp_date asof, struct period *period,
		     struct period *prev_period, kp_date *prev_asof);

/* Build the rows: every non-archived team / manager / channel, even without
 * entries, then TOTAL (the whole company, with the company plan).  Channels
 * have no plans.  Free with kpi_view_free. */
void kpi_view_build(struct kpi_view *v, enum kpi_view_kind kind, const struct kpi_input *in);
void kpi_view_free(struct kpi_view *v);

/* Recompute one row's KPIs from its actual/prev/plan (the builder calls this;
 * the TUI may after changing a row). */
void kpi_row_compute(const struct kpi_view *v, const struct kpi_settings *set,
		     struct kpi_row *r);

#endif
