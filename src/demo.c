/* demo.c - a plausible, deterministic demo company for kpitop --demo.
 *
 * Everything goes through the store API.  Each (day, manager) draws from its
 * own small PRNG seeded from a constant, the day and the manager, so a given
 * `today` always yields the same database, and the funnel is sampled stage by
 * stage (leads -> meetings -> proposals -> deals), so conversions are
 * consistent in every scope the dashboard can show. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kpitop/date.h"
#include "kpitop/demo.h"
#include "kpitop/i18n.h"
#include "kpitop/model.h"
#include "kpitop/store.h"
#include "kpitop/util.h"

#define DEMO_DAYS 120
#define DEMO_SEED UINT64_C(0x6b7069746f702121) /* "kpitop!!" */

enum { CH_PHONE, CH_WEBSITE, CH_INSTAGRAM, CH_WHATSAPP, CH_EMAIL, CH_WALKIN, NCHAN };
enum { M_CALLS, M_LEADS, M_MEETINGS, M_PROPOSALS, M_DEALS, M_REVENUE, NMET };

static const char *const chan_names[NCHAN] = {"phone", "website", "instagram",
					       "whatsapp", "email", "walk-in"};
static const char *const metric_keys[NMET] = {"calls", "leads", "meetings",
					       "proposals", "deals", "revenue"};

/* What each channel brings: share of leads and of calls (before a team's
 * emphasis), and how well its leads turn into meetings.  Website and phone
 * carry the volume; walk-ins are few but ready to buy. */
static const struct {
	double leads, calls, meet;
} chan_profile[NCHAN] = {
	{0.30, 0.55, 1.00}, {0.34, 0.22, 1.10}, {0.12, 0.05, 0.70},
	{0.11, 0.10, 0.90}, {0.08, 0.06, 0.80}, {0.05, 0.02, 1.70},
};

/* Per manager on an ordinary weekday: calls and leads; funnel stage
 * probabilities; the average deal in rubles; channel emphasis. */
static const struct demo_team {
	const char *name;
	double calls, leads;
	double p_meet, p_prop, p_deal;
	double avg_deal;
	double chan[NCHAN];
	int explicit_plan; /* the one team whose plan is not the sum of managers' */
} teams[] = {
	{"Москва", 55, 9, 0.45, 0.60, 0.35, 185000, {1.0, 1.0, 0.7, 0.8, 1.2, 1.6}, 0},
	{"Regions", 70, 11, 0.35, 0.55, 0.33, 92000, {1.3, 0.9, 0.8, 1.2, 0.8, 1.0}, 1},
	{"Online", 25, 22, 0.25, 0.70, 0.45, 28500, {0.6, 1.6, 1.8, 1.3, 1.0, 0.1}, 0},
};
#define NTEAMS (sizeof teams / sizeof teams[0])

/* skill scales activity, conv the whole funnel, plan the personal target
 * (all against the team norm); started/left are days before today. */
static const struct demo_manager {
	const char *name;
	int team;
	double skill, conv, plan;
	int saturdays;
	int started, left;
} managers[] = {
	{"Анна Смирнова", 0, 1.15, 1.15, 1.10, 1, 0, 0}, /* star */
	{"Дмитрий Козлов", 0, 1.00, 1.02, 1.00, 0, 0, 0},
	{"Елена Волкова", 0, 0.97, 1.05, 1.00, 1, 0, 0},
	{"Сергей Морозов", 0, 1.04, 0.95, 1.00, 0, 0, 0},
	{"Ольга Павлова", 0, 0.80, 0.80, 1.00, 0, 0, 0}, /* laggard */
	{"Mike Johnson", 1, 1.05, 1.00, 1.00, 1, 0, 0},
	{"Игорь Новиков", 1, 1.15, 1.15, 1.10, 1, 0, 0}, /* star */
	{"Sarah Miller", 1, 0.95, 1.03, 1.00, 0, 0, 0},
	{"Алексей Попов", 1, 1.00, 0.97, 1.00, 0, 0, 0},
	{"Татьяна Лебедева", 1, 0.90, 0.95, 1.00, 0, 0, 52}, /* left: archived */
	{"Emily Davis", 2, 1.05, 1.00, 1.00, 1, 0, 0},
	{"Максим Соколов", 2, 0.98, 1.04, 1.00, 1, 0, 0},
	{"Kate Wilson", 2, 0.75, 0.82, 1.00, 0, 0, 0}, /* laggard */
	{"Никита Фёдоров", 2, 1.00, 0.95, 0.70, 0, 45, 0}, /* new, ramping up */
};
#define NMANAGERS (sizeof managers / sizeof managers[0])

struct demo {
	struct store *s;
	kp_date today;
	int64_t team_id[NTEAMS], manager_id[NMANAGERS];
	int64_t chan_id[NCHAN], metric_id[NMET]; /* 0 when renamed away */
};

/* ---- a small PRNG: splitmix64 ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Poisson(lambda) by Knuth's product method, in steps so exp() stays sane. */
static int64_t rng_poisson(struct rng *r, double lambda)
{
	int64_t n = 0;
	while (lambda > 0) {
		double step = lambda > 20 ? 20 : lambda;
		double limit = exp(-step), p = 1.0;
		lambda -= step;
		while ((p *= rng_unit(r)) > limit)
			n++;
	}
	return n;
}

static int64_t rng_binomial(struct rng *r, int64_t n, double p)
{
	int64_t k = 0;
	for (int64_t i = 0; i < n; i++)
		k += rng_unit(r) < p;
	return k;
}

/* Standard normal (Box-Muller). */
static double rng_normal(struct rng *r)
{
	double u = 1.0 - rng_unit(r), v = rng_unit(r);
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* ---- the calendar of the demo company ---- */

/* Russian public holidays: nobody enters anything, so the dip shows. */
static int demo_holiday(kp_date d)
{
	static const unsigned char fixed[][2] = {{2, 23}, {3, 8},  {5, 1},  {5, 9},
						 {6, 12}, {11, 4}, {12, 31}};
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	if (m == 1 && dd <= 8)
		return 1;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i][0] == m && fixed[i][1] == dd)
			return 1;
	return 0;
}

static int demo_workdays(kp_date from, kp_date to)
{
	int n = 0;
	for (kp_date d = from; d <= to; d++)
		n += date_weekday(d) < 5 && !demo_holiday(d);
	return n;
}

/* Deals close faster at month end and before the New Year. */
static double demo_push(kp_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	if (m == 12 && dd >= 20)
		return 1.25;
	return dd > date_days_in_month(y, m) - 4 ? 1.2 : 1.0;
}

/* The first day a manager works and the first day they no longer do. */
static kp_date demo_joined(const struct demo *dm, size_t mi)
{
	return managers[mi].started ? dm->today - managers[mi].started : INT32_MIN;
}

static kp_date demo_gone(const struct demo *dm, size_t mi)
{
	return managers[mi].left ? dm->today - managers[mi].left : INT32_MAX;
}

/* How busy manager mi is on day d against an ordinary weekday; 0 = off. */
static double demo_presence(const struct demo *dm, size_t mi, kp_date d, struct rng *r)
{
	static const double week[7] = {0.92, 1.05, 1.10, 1.05, 0.88, 0.35, 0};
	const struct demo_manager *m = &managers[mi];
	int wd = date_weekday(d);
	if (d < demo_joined(dm, mi) || d >= demo_gone(dm, mi) || demo_holiday(d))
		return 0;
	if (wd == 6 || (wd == 5 && !m->saturdays))
		return 0;
	if (rng_unit(r) < 0.03)
		return 0; /* ill, a day off, out at a client's all day */
	double f = week[wd] * (0.8 + 0.4 * rng_unit(r));
	int ago = dm->today - d;
	f *= 0.92 + 0.16 * (DEMO_DAYS - 1 - ago) / (DEMO_DAYS - 1); /* growing */
	if (wd < 5 && demo_holiday(d + 1))
		f *= 0.75; /* the eve of a holiday */
	if (m->started) {
		double t = (double)(d - demo_joined(dm, mi)) / 30.0;
		f *= t >= 1 ? 1 : 0.4 + 0.6 * t; /* a newcomer ramps up */
	}
	return f;
}

/* ---- the team's funnel ---- */

/* A team's share of leads (which = 0) or calls (1) that channel c gets. */
static double demo_share(const struct demo_team *t, int c, int which)
{
	double sum = 0, mine = 0;
	for (int k = 0; k < NCHAN; k++) {
		double w = t->chan[k] * (which ? chan_profile[k].calls : chan_profile[k].leads);
		sum += w;
		if (k == c)
			mine = w;
	}
	return mine / sum;
}

static double clamp_p(double p)
{
	return p > 0.95 ? 0.95 : p;
}

/* Expected deals per ordinary weekday of a manager at the team norm. */
static double demo_norm_deals(const struct demo_team *t)
{
	double deals = 0;
	for (int c = 0; c < NCHAN; c++)
		deals += t->leads * demo_share(t, c, 0) * clamp_p(t->p_meet * chan_profile[c].meet) *
			 t->p_prop * t->p_deal;
	return deals;
}

/* One deal in kopecks: lognormal around the team's average, rounded to ten
 * rubles, and some with kopecks (discounts, VAT arithmetic). */
static int64_t demo_deal_amount(struct rng *r, double avg)
{
	const double sigma = 0.45;
	double rub = avg * exp(sigma * rng_normal(r) - sigma * sigma / 2);
	if (rub < avg / 5)
		rub = avg / 5;
	int64_t kop = llround(rub / 10) * 1000;
	if (rng_unit(r) < 0.4)
		kop += 1 + (int64_t)(rng_unit(r) * 99);
	return kop;
}

/* ---- writing ---- */

static int demo_put(struct demo *dm, kp_date d, size_t mi, int c, const int64_t *v,
		    struct kp_err *e)
{
	for (int k = 0; k < NMET; k++)
		if (dm->metric_id[k] &&
		    store_entry_set(dm->s, d, dm->manager_id[mi], dm->chan_id[c], dm->metric_id[k],
				    v[k], NULL, e))
			return -1;
	return 0;
}

/* One manager's day: every channel that saw any activity gets a full row. */
static int demo_day(struct demo *dm, size_t mi, kp_date d, struct kp_err *e)
{
	struct rng r = {DEMO_SEED ^ ((uint64_t)(uint32_t)d << 20) ^ (uint64_t)mi};
	rng_next(&r); /* decorrelate neighbouring seeds */
	double f = demo_presence(dm, mi, d, &r);
	if (f <= 0)
		return 0;
	const struct demo_manager *m = &managers[mi];
	const struct demo_team *t = &teams[m->team];
	double cs = cbrt(m->conv); /* spread over the three stages */
	for (int c = 0; c < NCHAN; c++) {
		int64_t v[NMET] = {0};
		if (!dm->chan_id[c])
			continue;
		v[M_LEADS] = rng_poisson(&r, t->leads * demo_share(t, c, 0) * m->skill * f);
		v[M_CALLS] = rng_poisson(&r, t->calls * demo_share(t, c, 1) * m->skill * f);
		if (!v[M_LEADS] && !v[M_CALLS])
			continue;
		v[M_MEETINGS] = rng_binomial(&r, v[M_LEADS],
					     clamp_p(t->p_meet * chan_profile[c].meet * cs));
		v[M_PROPOSALS] = rng_binomial(&r, v[M_MEETINGS], clamp_p(t->p_prop * cs));
		v[M_DEALS] = rng_binomial(&r, v[M_PROPOSALS], clamp_p(t->p_deal * cs * demo_push(d)));
		for (int64_t k = 0; k < v[M_DEALS]; k++)
			v[M_REVENUE] += demo_deal_amount(&r, t->avg_deal);
		if (demo_put(dm, d, mi, c, v, e))
			return -1;
	}
	return 0;
}

static int64_t round_to(double x, int64_t step)
{
	int64_t v = llround(x / (double)step) * step;
	return v < step ? step : v;
}

/* Monthly targets for revenue (kopecks), deals, leads and calls. */
struct plan4 {
	int64_t revenue, deals, leads, calls;
};

static int demo_plan_set(struct demo *dm, int y, int mo, int64_t team_id, int64_t manager_id,
			 const struct plan4 *p, struct kp_err *e)
{
	const int64_t v[NMET] = {[M_CALLS] = p->calls, [M_LEADS] = p->leads,
				 [M_DEALS] = p->deals, [M_REVENUE] = p->revenue};
	static const int keys[] = {M_REVENUE, M_DEALS, M_LEADS, M_CALLS};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int k = keys[i];
		if (dm->metric_id[k] &&
		    store_plan_set(dm->s, y, mo, team_id, manager_id, dm->metric_id[k], v[k], NULL, e))
			return -1;
	}
	return 0;
}

/* A manager's plan for a month: the team norm over its working days, scaled
 * by the personal factor and the part of the month they are on the team. */
static int demo_manager_plan(struct demo *dm, size_t mi, int y, int mo, struct plan4 *p)
{
	const struct demo_manager *m = &managers[mi];
	const struct demo_team *t = &teams[m->team];
	kp_date first = date_from_ymd(y, mo, 1);
	kp_date last = first + date_days_in_month(y, mo) - 1;
	kp_date from = demo_joined(dm, mi), to = demo_gone(dm, mi) - 1;
	if (from > last || to < first)
		return 0;
	double days = demo_workdays(from > first ? from : first, to < last ? to : last);
	if (days <= 0)
		return 0;
	double scale = days * m->plan * (from > first ? 0.7 : 1.0);
	p->leads = round_to(t->leads * scale, 5);
	p->calls = round_to(t->calls * scale, 50);
	p->deals = round_to(demo_norm_deals(t) * scale * 1.05, 1);
	p->revenue = round_to((double)p->deals * t->avg_deal, 50000) * 100;
	return 1;
}

static int demo_month_plans(struct demo *dm, int y, int mo, struct kp_err *e)
{
	struct plan4 sum[NTEAMS];
	memset(sum, 0, sizeof sum);
	for (size_t mi = 0; mi < NMANAGERS; mi++) {
		struct plan4 p;
		if (!demo_manager_plan(dm, mi, y, mo, &p))
			continue;
		if (demo_plan_set(dm, y, mo, 0, dm->manager_id[mi], &p, e))
			return -1;
		struct plan4 *ts = &sum[managers[mi].team];
		ts->revenue += p.revenue;
		ts->deals += p.deals;
		ts->leads += p.leads;
		ts->calls += p.calls;
	}
	/* The head of one team set a stretch target above the managers' sum. */
	for (size_t ti = 0; ti < NTEAMS; ti++) {
		if (!teams[ti].explicit_plan || !sum[ti].deals)
			continue;
		struct plan4 tp = {
			.revenue = round_to(sum[ti].revenue / 100 * 1.08, 100000) * 100,
			.deals = round_to(sum[ti].deals * 1.08, 5),
			.leads = round_to(sum[ti].leads * 1.05, 10),
			.calls = round_to(sum[ti].calls * 1.05, 100),
		};
		if (demo_plan_set(dm, y, mo, dm->team_id[ti], 0, &tp, e))
			return -1;
	}
	return 0;
}

/* ---- the whole company ---- */

static int demo_people(struct demo *dm, struct kp_err *e)
{
	for (size_t ti = 0; ti < NTEAMS; ti++)
		if (store_team_add(dm->s, teams[ti].name, &dm->team_id[ti], e))
			return -1;
	for (size_t mi = 0; mi < NMANAGERS; mi++) {
		if (store_manager_add(dm->s, managers[mi].name, dm->team_id[managers[mi].team],
				      &dm->manager_id[mi], e))
			return -1;
		if (managers[mi].left &&
		    store_archive(dm->s, "manager", dm->manager_id[mi], 1, e))
			return -1;
	}
	/* Each team's head: a seller too, whose KPI mixes both (SPEC section 3). */
	static const size_t heads[] = {1, 5, 11};
	_Static_assert(sizeof heads / sizeof heads[0] == NTEAMS, "a head per team");
	for (size_t ti = 0; ti < NTEAMS; ti++)
		if (store_team_head(dm->s, dm->team_id[ti], dm->manager_id[heads[ti]], e))
			return -1;
	return 0;
}

/* Channels and metrics come with the schema; find their ids by name. */
static int demo_lookup(struct demo *dm, struct kp_err *e)
{
	struct kp_dims dims;
	memset(&dims, 0, sizeof dims);
	if (store_load_dims(dm->s, &dims, e))
		return -1;
	for (int c = 0; c < NCHAN; c++) {
		const struct kp_channel *ch = dims_channel_by_name(&dims, chan_names[c]);
		dm->chan_id[c] = ch && !ch->archived ? ch->id : 0;
	}
	for (int k = 0; k < NMET; k++) {
		const struct kp_metric *mt = dims_metric_by_key(&dims, metric_keys[k]);
		dm->metric_id[k] = mt && !mt->archived ? mt->id : 0;
	}
	dims_free(&dims);
	if (!dm->chan_id[CH_PHONE] && !dm->chan_id[CH_WEBSITE])
		return kp_fail(e, _("demo: the default channels are missing"));
	if (!dm->metric_id[M_LEADS] || !dm->metric_id[M_DEALS])
		return kp_fail(e, _("demo: the default metrics are missing"));
	return 0;
}

static int demo_fill(struct demo *dm, struct kp_err *e)
{
	kp_date first = dm->today - (DEMO_DAYS - 1);
	if (demo_lookup(dm, e) || demo_people(dm, e))
		return -1;
	/* Day-major order matches the entry table's key: appends, not inserts. */
	for (kp_date d = first; d <= dm->today; d++)
		for (size_t mi = 0; mi < NMANAGERS; mi++)
			if (demo_day(dm, mi, d, e))
				return -1;
	int y, mo, dd, ylast, molast;
	date_to_ymd(first, &y, &mo, &dd);
	date_to_ymd(dm->today, &ylast, &molast, &dd);
	for (; y < ylast || (y == ylast && mo <= molast); mo = mo % 12 + 1, y += mo == 1)
		if (demo_month_plans(dm, y, mo, e))
			return -1;
	return 0;
}

int demo_build(struct store *s, kp_date today, struct kp_err *e)
{
	struct demo dm;
	memset(&dm, 0, sizeof dm);
	dm.s = s;
	dm.today = today;
	if (today - DEMO_DAYS < date_from_ymd(DATE_MIN_YEAR, 1, 1) ||
	    today > date_from_ymd(DATE_MAX_YEAR, 12, 1))
		return kp_fail(e, _("demo: today is out of range"));
	store_audit_enable(s, 0);
	int rc = store_begin(s, kp_username(), "demo", e);
	if (rc == 0) {
		rc = demo_fill(&dm, e);
		if (rc == 0)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	store_audit_enable(s, 1);
	return rc;
}
