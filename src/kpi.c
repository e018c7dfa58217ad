/* kpi.c - KPI formulas (SPEC section 3) and the rows of the views; pure. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpitop/calendar.h"
#include "kpitop/kpi.h"
#include "kpitop/model.h"
#include "kpitop/util.h"

/* ---- single formulas ---- */

double kpi_ratio(double num, double den)
{
	if (kpi_absent(num) || kpi_absent(den) || den == 0)
		return KPI_ABSENT;
	return num / den;
}

double kpi_pct(double num, double den)
{
	double r = kpi_ratio(num, den);
	return kpi_absent(r) ? r : r * 100.0;
}

/* SPEC 3 "Plan": month plan x working days inside / working days of month. */
double kpi_prorate(double month_plan, int wd_inside, int wd_month, int days_inside,
		   int days_month)
{
	if (kpi_absent(month_plan))
		return KPI_ABSENT;
	if (wd_month > 0)
		return month_plan * wd_inside / wd_month;
	/* A month with no working day at all: spread the plan over its days
	 * rather than lose it. */
	if (days_month > 0)
		return month_plan * days_inside / days_month;
	return KPI_ABSENT;
}

/* SPEC 3 "Completion %" = actual / plan x 100. */
double kpi_completion(double actual, double plan)
{
	return kpi_pct(actual, plan);
}

/* SPEC 3 "Expected by now %" = elapsed / total working days x 100. */
double kpi_expected(int elapsed, int total)
{
	return kpi_pct(elapsed, total);
}

/* SPEC 3 "Forecast" = actual / elapsed x total (elapsed = 0 -> actual). */
double kpi_forecast(double actual, int elapsed, int total)
{
	if (kpi_absent(actual))
		return KPI_ABSENT;
	if (elapsed <= 0)
		return actual;
	return actual / elapsed * total;
}

/* SPEC 3 "Required per day" = max(0, plan - actual) / remaining
 * (no remaining day -> the whole shortfall). */
double kpi_required_per_day(double plan, double actual, int remaining)
{
	if (kpi_absent(plan) || kpi_absent(actual))
		return KPI_ABSENT;
	double gap = plan > actual ? plan - actual : 0.0;
	return remaining > 0 ? gap / remaining : gap;
}

/* SPEC 3 "Average deal" = revenue / deals. */
double kpi_avg_deal(double revenue, double deals)
{
	return kpi_ratio(revenue, deals);
}

/* SPEC 3 "Conversion" = deals / leads x 100. */
double kpi_conversion(double deals, double leads)
{
	return kpi_pct(deals, leads);
}

/* SPEC 3 stage conversion = a stage / the stage before it x 100. */
double kpi_stage_conversion(double stage, double before)
{
	return kpi_pct(stage, before);
}

/* SPEC 3 "calls per deal" = calls / deals. */
double kpi_calls_per_deal(double calls, double deals)
{
	return kpi_ratio(calls, deals);
}

/* SPEC 3 "Win rate" = deals / (deals + lost) x 100. */
double kpi_win_rate(double deals, double lost)
{
	return kpi_pct(deals, deals + lost);
}

/* SPEC 3 "Missed-call share" = missed / (calls + missed) x 100. */
double kpi_missed_share(double missed, double calls)
{
	return kpi_pct(missed, calls + missed);
}

double kpi_change_pct(double cur, double prev)
{
	if (kpi_absent(cur))
		return KPI_ABSENT;
	return kpi_pct(cur - prev, prev);
}

double kpi_ceil(double v)
{
	if (kpi_absent(v))
		return v;
	double r = round(v);
	if (fabs(v - r) <= 1e-9 * fmax(1.0, fabs(v)))
		return r;
	return ceil(v);
}

double kpi_ceil_to(double v, int decimals)
{
	if (kpi_absent(v))
		return v;
	double scale = pow(10.0, decimals);
	return kpi_ceil(v * scale) / scale;
}

int kpi_is_whole(double v, int decimals)
{
	double scale = pow(10.0, decimals);
	double r = round(v * scale) / scale;
	return r == floor(r);
}

static double per_day(double units, int remaining)
{
	if (kpi_absent(units))
		return units;
	return remaining > 0 ? units / remaining : units;
}

/* SPEC 3 "Plan decomposition": deals = gap / average deal; leads = deals x
 * 100 / conversion; calls = deals x calls per deal; rounded up; and each per
 * remaining working day. */
struct kpi_decomp kpi_decompose(double revenue_plan, double revenue_actual,
				double avg_deal, double conversion,
				double calls_per_deal, int remaining)
{
	struct kpi_decomp d = {KPI_ABSENT, KPI_ABSENT, KPI_ABSENT,
			       KPI_ABSENT, KPI_ABSENT, KPI_ABSENT};
	if (kpi_absent(revenue_plan) || kpi_absent(revenue_actual))
		return d;
	double gap = revenue_plan - revenue_actual;
	if (gap <= 0) {
		d.deals = d.leads = d.calls = 0;
	} else if (!kpi_absent(avg_deal) && avg_deal > 0) {
		d.deals = kpi_ceil(gap / avg_deal);
		if (!kpi_absent(conversion) && conversion > 0)
			d.leads = kpi_ceil(d.deals * 100.0 / conversion);
		if (!kpi_absent(calls_per_deal))
			d.calls = kpi_ceil(d.deals * calls_per_deal);
	}
	d.deals_per_day = per_day(d.deals, remaining);
	d.leads_per_day = per_day(d.leads, remaining);
	d.calls_per_day = per_day(d.calls, remaining);
	return d;
}

/* SPEC 3 "Bonus": f is 0 below the floor, the completion up to the cap. */
double kpi_bonus_term(double completion, double floor_pct, double cap_pct)
{
	if (kpi_absent(completion))
		return KPI_ABSENT;
	if (completion < floor_pct)
		return 0.0;
	return completion < cap_pct ? completion : cap_pct;
}

double kpi_bonus_pct(const double *completion, const double *weight, size_t n,
		     double floor_pct, double cap_pct)
{
	if (n == 0)
		return KPI_ABSENT;
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		double f = kpi_bonus_term(completion[i], floor_pct, cap_pct);
		if (kpi_absent(f))
			return KPI_ABSENT;
		sum += weight[i] * f;
	}
	return sum;
}

double kpi_bonus_amount(double pct, int64_t base)
{
	if (kpi_absent(pct))
		return KPI_ABSENT;
	return (double)base * pct / 100.0;
}

/* SPEC 3: head's KPI = team x team weight + personal x (1 - team weight). */
double kpi_head(double team_completion, double personal_completion, double team_weight)
{
	if (kpi_absent(team_completion) || kpi_absent(personal_completion))
		return KPI_ABSENT;
	return team_completion * team_weight + personal_completion * (1.0 - team_weight);
}

void kpi_settings_from_config(struct kpi_settings *s, const struct kp_config *c)
{
	memcpy(s->cal.workdays, c->workdays, sizeof s->cal.workdays);
	s->cal.holidays = c->holidays;
	s->cal.nholidays = c->nholidays;
	s->bonus_floor = c->bonus_floor;
	s->bonus_cap = c->bonus_cap;
	s->bonus_base = c->bonus_base;
	s->team_weight = c->team_weight;
	s->bonus = c->bonus;
	s->nbonus = c->nbonus;
}

/* ---- collectors ---- */

void kpi_sums_init(struct kpi_sums *s)
{
	memset(s, 0, sizeof *s);
}

void kpi_sums_free(struct kpi_sums *s)
{
	free(s->items);
	memset(s, 0, sizeof *s);
}

void kpi_sums_add(void *ctx, int64_t manager_id, int64_t channel_id, int64_t metric_id,
		  int64_t sum)
{
	struct kpi_sums *s = ctx;
	xgrow(&s->items, &s->cap, s->n + 1, sizeof *s->items);
	s->items[s->n++] = (struct kpi_sum){manager_id, channel_id, metric_id, sum};
}

void kpi_plans_init(struct kpi_plans *p)
{
	memset(p, 0, sizeof *p);
}

void kpi_plans_free(struct kpi_plans *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}

void kpi_plans_add(void *ctx, int year, int month, int64_t team_id, int64_t manager_id,
		   int64_t metric_id, int64_t value)
{
	struct kpi_plans *p = ctx;
	xgrow(&p->items, &p->cap, p->n + 1, sizeof *p->items);
	p->items[p->n++] = (struct kpi_plan_row){year, month, team_id, manager_id,
						 metric_id, value};
}

/* ---- the rows of a view ---- */

static const char *const view_names[] = {"teams", "managers", "channels"};

int kpi_view_parse(const char *s, enum kpi_view_kind *out)
{
	for (int i = 0; s && i < 3; i++) {
		if (strcmp(s, view_names[i]) == 0) {
			*out = (enum kpi_view_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *kpi_view_name(enum kpi_view_kind v)
{
	return (unsigned)v < 3 ? view_names[v] : "?";
}

void kpi_view_ranges(enum period_kind k, kp_date asof, struct period *period,
		     struct period *prev_period, kp_date *prev_asof)
{
	*period = period_containing(k, asof);
	*prev_period = period_prev(*period);
	*prev_asof = period_same_point(*prev_period, *period, asof);
}

/* id -> index, so the builder needs nothing but the dims arrays. */
struct idpair {
	int64_t id;
	int idx;
};
struct idmap {
	struct idpair *p;
	size_t n;
};

static int idpair_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct idpair *)a)->id, y = ((const struct idpair *)b)->id;
	return (x > y) - (x < y);
}

static void idmap_sort(struct idmap *m)
{
	qsort(m->p, m->n, sizeof *m->p, idpair_cmp);
}

static int idmap_find(const struct idmap *m, int64_t id)
{
	struct idpair key = {id, 0};
	const struct idpair *hit = bsearch(&key, m->p, m->n, sizeof *m->p, idpair_cmp);
	return hit ? hit->idx : -1;
}

#define IDMAP_FILL(m, arr, count)                                              \
	do {                                                                   \
		(m)->n = (count);                                              \
		(m)->p = xcalloc((count), sizeof *(m)->p);                     \
		for (size_t i_ = 0; i_ < (count); i_++)                        \
			(m)->p[i_] = (struct idpair){(arr)[i_].id, (int)i_};    \
		idmap_sort(m);                                                 \
	} while (0)

struct build {
	const struct kpi_input *in;
	const struct kp_dims *d;
	size_t nm;
	struct idmap teams, mgrs, chans, mets;
	int64_t *mcur, *mprev; /* [manager][metric] */
	int64_t *ccur, *cprev; /* [channel][metric] */
	int64_t *tcur, *tprev; /* [metric], the whole company */
	double *mplan;         /* [manager][metric] prorated, absent = none */
	double *tplan;         /* [team][metric] */
	double *cplan;         /* [metric], the company */
};

static double *absent_array(size_t n)
{
	double *a = xcalloc(n, sizeof *a);
	for (size_t i = 0; i < n; i++)
		a[i] = KPI_ABSENT;
	return a;
}

/* Add v to an accumulator that starts absent; an absent v changes nothing. */
static void acc_add(double *acc, double v)
{
	if (kpi_absent(v))
		return;
	*acc = kpi_absent(*acc) ? v : *acc + v;
}

static void build_init(struct build *b, const struct kpi_input *in)
{
	const struct kp_dims *d = in->dims;
	memset(b, 0, sizeof *b);
	b->in = in;
	b->d = d;
	b->nm = d->nmetrics;
	IDMAP_FILL(&b->teams, d->teams, d->nteams);
	IDMAP_FILL(&b->mgrs, d->managers, d->nmanagers);
	IDMAP_FILL(&b->chans, d->channels, d->nchannels);
	IDMAP_FILL(&b->mets, d->metrics, d->nmetrics);
	b->mcur = xcalloc(d->nmanagers * b->nm, sizeof *b->mcur);
	b->mprev = xcalloc(d->nmanagers * b->nm, sizeof *b->mprev);
	b->ccur = xcalloc(d->nchannels * b->nm, sizeof *b->ccur);
	b->cprev = xcalloc(d->nchannels * b->nm, sizeof *b->cprev);
	b->tcur = xcalloc(b->nm, sizeof *b->tcur);
	b->tprev = xcalloc(b->nm, sizeof *b->tprev);
	b->mplan = absent_array(d->nmanagers * b->nm);
	b->tplan = absent_array(d->nteams * b->nm);
	b->cplan = absent_array(b->nm);
}

static void build_free(struct build *b)
{
	free(b->teams.p);
	free(b->mgrs.p);
	free(b->chans.p);
	free(b->mets.p);
	free(b->mcur);
	free(b->mprev);
	free(b->ccur);
	free(b->cprev);
	free(b->tcur);
	free(b->tprev);
	free(b->mplan);
	free(b->tplan);
	free(b->cplan);
}

/* Spread (manager, channel, metric) sums over managers, channels and the
 * company; entries of unknown managers or channels still count in TOTAL. */
static void build_sums(struct build *b, const struct kpi_sums *s, int64_t *mgr,
		       int64_t *chan, int64_t *tot)
{
	for (size_t i = 0; s && i < s->n; i++) {
		const struct kpi_sum *e = &s->items[i];
		int mi = idmap_find(&b->mets, e->metric_id);
		if (mi < 0)
			continue;
		tot[mi] += e->sum;
		int k = idmap_find(&b->mgrs, e->manager_id);
		if (k >= 0)
			mgr[(size_t)k * b->nm + (size_t)mi] += e->sum;
		int c = idmap_find(&b->chans, e->channel_id);
		if (c >= 0)
			chan[(size_t)c * b->nm + (size_t)mi] += e->sum;
	}
}

/* The share of month (y, m) that falls in the period (SPEC 3 "Plan"). */
static double month_share(const struct build *b, int y, int m)
{
	const struct workcal *cal = &b->in->set->cal;
	kp_date mfrom = date_from_ymd(y, m, 1);
	kp_date mto = mfrom + date_days_in_month(y, m) - 1;
	kp_date a, z;
	if (period_clip_month(b->in->period, y, m, &a, &z) != 0)
		return 0.0;
	return kpi_prorate(1.0, cal_workdays(cal, a, z), cal_workdays(cal, mfrom, mto),
			   z - a + 1, mto - mfrom + 1);
}

/* One month's plans: managers' explicit ones, teams' explicit else the sum of
 * their active managers', the company's the sum of active teams'; each added
 * to the period plans weighted by the month's share. */
static void build_month_plans(struct build *b, int y, int m, double *mm, double *tm,
			      double *fallback)
{
	const struct kp_dims *d = b->d;
	size_t nm = b->nm, nmm = d->nmanagers * nm, ntm = d->nteams * nm;
	for (size_t i = 0; i < nmm; i++)
		mm[i] = KPI_ABSENT;
	for (size_t i = 0; i < ntm; i++)
		tm[i] = fallback[i] = KPI_ABSENT;
	const struct kpi_plans *pl = b->in->plans;
	for (size_t i = 0; pl && i < pl->n; i++) {
		const struct kpi_plan_row *r = &pl->items[i];
		int mi = idmap_find(&b->mets, r->metric_id);
		if (r->year != y || r->month != m || mi < 0)
			continue;
		if (r->manager_id) {
			int k = idmap_find(&b->mgrs, r->manager_id);
			if (k >= 0)
				mm[(size_t)k * nm + (size_t)mi] = (double)r->value;
		} else {
			int t = idmap_find(&b->teams, r->team_id);
			if (t >= 0)
				tm[(size_t)t * nm + (size_t)mi] = (double)r->value;
		}
	}
	for (size_t k = 0; k < d->nmanagers; k++) {
		int t = idmap_find(&b->teams, d->managers[k].team_id);
		if (d->managers[k].archived || t < 0)
			continue;
		for (size_t mi = 0; mi < nm; mi++)
			acc_add(&fallback[(size_t)t * nm + mi], mm[k * nm + mi]);
	}
	double share = month_share(b, y, m);
	for (size_t i = 0; i < nmm; i++)
		acc_add(&b->mplan[i], mm[i] * share);
	for (size_t t = 0; t < d->nteams; t++) {
		for (size_t mi = 0; mi < nm; mi++) {
			size_t x = t * nm + mi;
			double v = kpi_absent(tm[x]) ? fallback[x] : tm[x];
			acc_add(&b->tplan[x], v * share);
			if (!d->teams[t].archived)
				acc_add(&b->cplan[mi], v * share);
		}
	}
}

static void build_plans(struct build *b)
{
	int y1, m1, y2, m2;
	size_t nm = b->nm;
	double *mm = xcalloc(b->d->nmanagers * nm, sizeof *mm);
	double *tm = xcalloc(b->d->nteams * nm, sizeof *tm);
	double *fb = xcalloc(b->d->nteams * nm, sizeof *fb);
	period_months(b->in->period, &y1, &m1, &y2, &m2);
	for (int y = y1, m = m1; y < y2 || (y == y2 && m <= m2);) {
		build_month_plans(b, y, m, mm, tm, fb);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	free(mm);
	free(tm);
	free(fb);
}

static int metric_role(const struct kp_dims *d, const char *key)
{
	for (size_t i = 0; i < d->nmetrics; i++)
		if (strcmp(d->metrics[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int funnel_cmp(const void *a, const void *b, void *ctx)
{
	const struct kp_dims *d = ctx;
	int x = *(const int *)a, y = *(const int *)b;
	int fx = d->metrics[x].funnel, fy = d->metrics[y].funnel;
	if (fx != fy)
		return (fx > fy) - (fx < fy);
	return (x > y) - (x < y);
}

static void view_roles(struct kpi_view *v)
{
	const struct kp_dims *d = v->dims;
	v->m_calls = metric_role(d, "calls");
	v->m_leads = metric_role(d, "leads");
	v->m_deals = metric_role(d, "deals");
	v->m_revenue = metric_role(d, "revenue");
	v->m_lost = metric_role(d, "lost");
	v->m_missed = metric_role(d, "missed_calls");
	v->funnel = xcalloc(d->nmetrics, sizeof *v->funnel);
	v->nfunnel = 0;
	for (size_t i = 0; i < d->nmetrics; i++)
		if (d->metrics[i].funnel > 0 && !d->metrics[i].archived)
			v->funnel[v->nfunnel++] = (int)i;
	qsort_r(v->funnel, v->nfunnel, sizeof *v->funnel, funnel_cmp, (void *)d);
}

static double role_value(const struct kpi_row *r, int mi)
{
	return mi < 0 ? KPI_ABSENT : (double)r->actual[mi];
}

static void row_bonus(const struct kpi_view *v, const struct kpi_settings *set,
		      struct kpi_row *r)
{
	r->bonus_pct = r->bonus_amount = KPI_ABSENT;
	if (!set || set->nbonus == 0)
		return;
	double sum = 0;
	for (size_t i = 0; i < set->nbonus; i++) {
		int mi = metric_role(v->dims, set->bonus[i].metric);
		double f = kpi_bonus_term(mi < 0 ? KPI_ABSENT : r->completion[mi],
					  set->bonus_floor, set->bonus_cap);
		if (kpi_absent(f))
			return;
		sum += set->bonus[i].weight * f;
	}
	r->bonus_pct = sum;
	r->bonus_amount = kpi_bonus_amount(sum, set->bonus_base);
}

void kpi_row_compute(const struct kpi_view *v, const struct kpi_settings *set,
		     struct kpi_row *r)
{
	const struct workpace *w = &v->pace;
	for (size_t i = 0; i < v->nmetrics; i++) {
		double a = (double)r->actual[i];
		r->completion[i] = kpi_completion(a, r->plan[i]);
		r->forecast[i] = kpi_forecast(a, w->elapsed, w->total);
		r->required[i] = kpi_required_per_day(r->plan[i], a, w->remaining);
		r->change[i] = kpi_change_pct(a, (double)r->prev[i]);
		r->stage[i] = KPI_ABSENT;
	}
	for (size_t j = 1; j < v->nfunnel; j++)
		r->stage[v->funnel[j]] = kpi_stage_conversion(
			(double)r->actual[v->funnel[j]], (double)r->actual[v->funnel[j - 1]]);
	double rev = role_value(r, v->m_revenue), deals = role_value(r, v->m_deals);
	double calls = role_value(r, v->m_calls);
	r->avg_deal = kpi_avg_deal(rev, deals);
	r->conversion = kpi_conversion(deals, role_value(r, v->m_leads));
	r->calls_per_deal = kpi_calls_per_deal(calls, deals);
	r->win_rate = kpi_win_rate(deals, role_value(r, v->m_lost));
	r->missed_share = kpi_missed_share(role_value(r, v->m_missed), calls);
	double plan = v->m_revenue < 0 ? KPI_ABSENT : r->plan[v->m_revenue];
	r->decomp = kpi_decompose(plan, rev, r->avg_deal, r->conversion, r->calls_per_deal,
				  w->remaining);
	row_bonus(v, set, r);
	r->head_kpi = KPI_ABSENT;
	if (r->head && set && v->m_revenue >= 0)
		r->head_kpi = kpi_head(r->completion[v->m_revenue], r->head_personal,
				       set->team_weight);
}

/* A row whose arrays live in two blocks: int64 actual|prev, double plan|...|stage. */
static struct kpi_row *row_add(struct kpi_view *v, enum kpi_row_kind kind, int64_t id,
			       const char *name)
{
	size_t nm = v->nmetrics;
	struct kpi_row *r = &v->rows[v->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->id = id;
	r->name = name;
	r->actual = xcalloc(2 * nm, sizeof *r->actual);
	r->prev = r->actual + nm;
	r->plan = absent_array(6 * nm);
	r->completion = r->plan + nm;
	r->forecast = r->plan + 2 * nm;
	r->required = r->plan + 3 * nm;
	r->change = r->plan + 4 * nm;
	r->stage = r->plan + 5 * nm;
	r->head_personal = r->head_kpi = KPI_ABSENT;
	return r;
}

/* Add sums to a row and, when given, set its plan. */
static void row_fill(struct kpi_row *r, size_t nm, const int64_t *cur, const int64_t *prev,
		     const double *plan)
{
	for (size_t i = 0; i < nm; i++) {
		if (cur)
			r->actual[i] += cur[i];
		if (prev)
			r->prev[i] += prev[i];
		if (plan)
			r->plan[i] = plan[i];
	}
}

/* The team's head and their personal revenue completion (SPEC 3). */
static void row_head(struct kpi_row *r, const struct build *b, const struct kp_team *t)
{
	int rev = metric_role(b->d, "revenue");
	r->head = dims_team_head(b->d, t);
	if (!r->head || rev < 0)
		return;
	size_t x = (size_t)idmap_find(&b->mgrs, r->head->id) * b->nm + (size_t)rev;
	r->head_personal = kpi_completion((double)b->mcur[x], b->mplan[x]);
}

static void build_rows(struct kpi_view *v, const struct build *b)
{
	const struct kp_dims *d = b->d;
	size_t nm = b->nm;
	v->rows = xcalloc(d->nteams + d->nmanagers + d->nchannels + 1, sizeof *v->rows);
	if (v->kind == KPI_VIEW_TEAMS) {
		for (size_t t = 0; t < d->nteams; t++) {
			if (d->teams[t].archived)
				continue;
			struct kpi_row *r = row_add(v, KPI_ROW_TEAM, d->teams[t].id,
						    d->teams[t].name);
			row_fill(r, nm, NULL, NULL, b->tplan + t * nm);
			/* A team's actual is its managers', archived ones included. */
			for (size_t k = 0; k < d->nmanagers; k++)
				if (d->managers[k].team_id == d->teams[t].id)
					row_fill(r, nm, b->mcur + k * nm, b->mprev + k * nm, NULL);
			row_head(r, b, &d->teams[t]);
		}
	} else if (v->kind == KPI_VIEW_MANAGERS) {
		for (size_t k = 0; k < d->nmanagers; k++) {
			if (d->managers[k].archived)
				continue;
			struct kpi_row *r = row_add(v, KPI_ROW_MANAGER, d->managers[k].id,
						    d->managers[k].name);
			row_fill(r, nm, b->mcur + k * nm, b->mprev + k * nm, b->mplan + k * nm);
		}
	} else {
		for (size_t c = 0; c < d->nchannels; c++) {
			if (d->channels[c].archived)
				continue;
			struct kpi_row *r = row_add(v, KPI_ROW_CHANNEL, d->channels[c].id,
						    d->channels[c].name);
			row_fill(r, nm, b->ccur + c * nm, b->cprev + c * nm, NULL);
		}
	}
	struct kpi_row *tot = row_add(v, KPI_ROW_TOTAL, 0, "TOTAL");
	row_fill(tot, nm, b->tcur, b->tprev, b->cplan);
}

void kpi_view_build(struct kpi_view *v, enum kpi_view_kind kind, const struct kpi_input *in)
{
	struct build b;
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->dims = in->dims;
	v->nmetrics = in->dims->nmetrics;
	v->period = in->period;
	v->asof = in->asof;
	v->prev_period = period_prev(in->period);
	v->prev_asof = period_same_point(v->prev_period, in->period, in->asof);
	v->pace = cal_pace(&in->set->cal, in->period, in->asof);
	v->expected = kpi_expected(v->pace.elapsed, v->pace.total);
	view_roles(v);
	build_init(&b, in);
	build_sums(&b, in->cur, b.mcur, b.ccur, b.tcur);
	build_sums(&b, in->prev, b.mprev, b.cprev, b.tprev);
	build_plans(&b);
	build_rows(v, &b);
	for (size_t i = 0; i < v->nrows; i++)
		kpi_row_compute(v, in->set, &v->rows[i]);
	build_free(&b);
}

void kpi_view_free(struct kpi_view *v)
{
	for (size_t i = 0; i < v->nrows; i++) {
		free(v->rows[i].actual);
		free(v->rows[i].plan);
	}
	free(v->rows);
	free(v->funnel);
	memset(v, 0, sizeof *v);
}
