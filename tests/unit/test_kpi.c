/* test_kpi.c - every formula of SPEC section 3 and the view builder, against
 * hand-computed values.  Money is in minor units throughout. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpitop/calendar.h"
#include "kpitop/kpi.h"
#include "kpitop/model.h"
#include "tap.h"

#define A KPI_ABSENT
#define EPS 1e-6

/* got matches want, absent matching absent. */
static int same(double got, double want)
{
	if (kpi_absent(want))
		return kpi_absent(got);
	return !kpi_absent(got) && fabs(got - want) <= EPS * fmax(1.0, fabs(want));
}

#define is_val(got, want, ...)                                                    \
	do {                                                                      \
		double g2_ = (got), w2_ = (want);                                 \
		if (!ok(same(g2_, w2_), __VA_ARGS__))                             \
			printf("#   got %.9g, want %.9g\n", g2_, w2_);             \
	} while (0)

static kp_date D(const char *s)
{
	kp_date d;
	if (date_parse(s, &d) != 0) {
		printf("Bail out! bad date %s\n", s);
		exit(1);
	}
	return d;
}

/* ---- single formulas ---- */

static void test_two_arg(void)
{
	static const struct {
		const char *name;
		double (*f)(double, double);
		double a, b, want;
	} t[] = {
		{"ratio 10/4", kpi_ratio, 10, 4, 2.5},
		{"ratio 0/5", kpi_ratio, 0, 5, 0},
		{"ratio x/0 absent", kpi_ratio, 1, 0, A},
		{"ratio absent/3", kpi_ratio, A, 3, A},
		{"pct 1/8", kpi_pct, 1, 8, 12.5},
		{"completion 550/1000", kpi_completion, 550, 1000, 55},
		{"completion over plan", kpi_completion, 1500, 1000, 150},
		{"completion nothing done", kpi_completion, 0, 1000, 0},
		{"completion zero plan", kpi_completion, 5, 0, A},
		{"completion no plan", kpi_completion, 5, A, A},
		{"average deal", kpi_avg_deal, 1500000, 3, 500000},
		{"average deal, zero deals", kpi_avg_deal, 100, 0, A},
		{"average deal, no revenue", kpi_avg_deal, 0, 4, 0},
		{"average deal, no revenue metric", kpi_avg_deal, A, 4, A},
		{"conversion 3/40", kpi_conversion, 3, 40, 7.5},
		{"conversion, zero leads", kpi_conversion, 3, 0, A},
		{"conversion, zero deals", kpi_conversion, 0, 10, 0},
		{"stage 20/50", kpi_stage_conversion, 20, 50, 40},
		{"stage, empty stage before", kpi_stage_conversion, 5, 0, A},
		{"calls per deal 120/4", kpi_calls_per_deal, 120, 4, 30},
		{"calls per deal, zero deals", kpi_calls_per_deal, 120, 0, A},
		{"win rate 3 won 1 lost", kpi_win_rate, 3, 1, 75},
		{"win rate, nothing closed", kpi_win_rate, 0, 0, A},
		{"win rate, all lost", kpi_win_rate, 0, 5, 0},
		{"win rate, no lost metric", kpi_win_rate, 3, A, A},
		{"missed 10 of 100", kpi_missed_share, 10, 90, 10},
		{"missed, no calls at all", kpi_missed_share, 0, 0, A},
		{"missed, no missed metric", kpi_missed_share, A, 90, A},
		{"change +20%", kpi_change_pct, 120, 100, 20},
		{"change -20%", kpi_change_pct, 80, 100, -20},
		{"change from zero", kpi_change_pct, 5, 0, A},
		{"change zero to zero", kpi_change_pct, 0, 0, A},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_val(t[i].f(t[i].a, t[i].b), t[i].want, "%s", t[i].name);
}

static void test_prorate(void)
{
	static const struct {
		double plan;
		int wdin, wdm, din, dm;
		double want;
		const char *why;
	} t[] = {
		{1000, 11, 22, 15, 31, 500, "half the working days"},
		{1000, 22, 22, 31, 31, 1000, "the whole month"},
		{1000, 0, 22, 2, 31, 0, "a weekend inside the month"},
		{2200000, 3, 22, 3, 30, 300000, "three days of September"},
		{3100, 0, 0, 10, 31, 1000, "month without working days: by calendar days"},
		{100, 0, 0, 0, 0, A, "nothing to share by"},
		{A, 5, 22, 5, 31, A, "no plan"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_val(kpi_prorate(t[i].plan, t[i].wdin, t[i].wdm, t[i].din, t[i].dm), t[i].want,
		       "prorate: %s", t[i].why);
}

static void test_pace_formulas(void)
{
	static const struct {
		double actual;
		int elapsed, total;
		double forecast, expected;
	} t[] = {
		{1100, 11, 22, 2200, 50},
		{500, 0, 22, 500, 0},   /* as-of before the first working day */
		{0, 5, 20, 0, 25},
		{300, 0, 0, 300, A},    /* a day off: no working day at all */
		{7, 3, 20, 7.0 / 3 * 20, 15},
		{990, 22, 22, 990, 100},
		{A, 3, 20, A, 15},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		is_val(kpi_forecast(t[i].actual, t[i].elapsed, t[i].total), t[i].forecast,
		       "forecast %g after %d of %d days", t[i].actual, t[i].elapsed, t[i].total);
		is_val(kpi_expected(t[i].elapsed, t[i].total), t[i].expected,
		       "expected by now %d of %d", t[i].elapsed, t[i].total);
	}
	static const struct {
		double plan, actual;
		int remaining;
		double want;
	} r[] = {
		{1000, 400, 10, 60},  {1000, 1200, 10, 0}, {1000, 400, 0, 600},
		{1000, 1000, 5, 0},   {A, 400, 10, A},     {0, 0, 0, 0},
		{100, 0, 3, 100.0 / 3},
	};
	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		is_val(kpi_required_per_day(r[i].plan, r[i].actual, r[i].remaining), r[i].want,
		       "required per day: plan %g actual %g, %d days left", r[i].plan,
		       r[i].actual, r[i].remaining);
}

static void test_ceil(void)
{
	static const double t[][2] = {
		{7.0000000001, 7}, {6.9999999999, 7}, {6.2, 7}, {0, 0}, {7, 7}, {0.01, 1},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_val(kpi_ceil(t[i][0]), t[i][1], "kpi_ceil(%.10g)", t[i][0]);
	ok(kpi_absent(kpi_ceil(A)), "kpi_ceil(absent)");

	/* Per-day figures of the decomposition, rounded up at what shows. */
	static const struct {
		double v;
		int dec;
		double want;
	} c[] = {
		{2667.0 / 11, 0, 243}, {1.83, 1, 1.9}, {1.8, 1, 1.8}, {0.18, 1, 0.2},
		{21.0 / 11, 1, 2.0}, {0.30000000000000004, 1, 0.3}, {0, 1, 0}, {5, 0, 5},
		{0.001, 1, 0.1},
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		is_val(kpi_ceil_to(c[i].v, c[i].dec), c[i].want, "kpi_ceil_to(%.17g, %d)", c[i].v,
		       c[i].dec);
	ok(kpi_absent(kpi_ceil_to(A, 1)), "kpi_ceil_to(absent)");

	/* Whole at one decimal: the card shows no ".0" for float noise. */
	static const struct {
		double v;
		int whole;
	} w[] = {
		{906, 1}, {906.00000001, 1}, {905.99999999, 1}, {906.04, 1}, {906.05, 0},
		{5364.8, 0}, {0, 1}, {-3.0000001, 1}, {0.5, 0},
	};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		is_int(kpi_is_whole(w[i].v, 1), w[i].whole, "kpi_is_whole(%.10g, 1)", w[i].v);
}

static void test_decompose(void)
{
	static const struct {
		double plan, actual, avg, conv, cpd;
		int remaining;
		double deals, leads, calls, dpd, lpd, cpdd;
		const char *why;
	} t[] = {
		{1000000, 300000, 100000, 25, 12, 5, 7, 28, 84, 1.4, 5.6, 16.8, "exact"},
		{1000000, 300000, 100000, 30, 12, 5, 7, 24, 84, 1.4, 4.8, 16.8,
		 "leads rounded up (23.3)"},
		{1000000, 350000, 100000, 25, 11.5, 4, 7, 28, 81, 1.75, 7, 20.25,
		 "deals rounded up (6.5), calls (80.5)"},
		{1000000, 1200000, 100000, 25, 12, 5, 0, 0, 0, 0, 0, 0, "plan already met"},
		{1000000, 300000, 100000, 25, 12, 0, 7, 28, 84, 7, 28, 84,
		 "no working day left: all of it"},
		{1000000, 300000, A, A, A, 5, A, A, A, A, A, A, "no deals yet"},
		{1000000, 300000, 100000, A, 12, 5, 7, A, 84, 1.4, A, 16.8, "no leads"},
		{1000000, 300000, 100000, 25, A, 5, 7, 28, A, 1.4, 5.6, A, "no calls metric"},
		{A, 300000, 100000, 25, 12, 5, A, A, A, A, A, A, "no plan"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct kpi_decomp d = kpi_decompose(t[i].plan, t[i].actual, t[i].avg, t[i].conv,
						    t[i].cpd, t[i].remaining);
		int good = same(d.deals, t[i].deals) && same(d.leads, t[i].leads) &&
			   same(d.calls, t[i].calls) && same(d.deals_per_day, t[i].dpd) &&
			   same(d.leads_per_day, t[i].lpd) && same(d.calls_per_day, t[i].cpdd);
		if (!ok(good, "decomposition: %s", t[i].why))
			printf("#   got %g %g %g / %g %g %g\n", d.deals, d.leads, d.calls,
			       d.deals_per_day, d.leads_per_day, d.calls_per_day);
	}
}

static void test_bonus(void)
{
	static const double term[][2] = {{65, 0}, {70, 70}, {120, 120}, {150, 150}, {180, 150},
					 {69.99, 0}};
	for (size_t i = 0; i < sizeof term / sizeof *term; i++)
		is_val(kpi_bonus_term(term[i][0], 70, 150), term[i][1], "f(%g%%), floor 70 cap 150",
		       term[i][0]);
	is_val(kpi_bonus_term(A, 70, 150), A, "f(absent)");

	static const double w[] = {0.6, 0.4};
	static const struct {
		double c[2], want;
	} t[] = {
		{{110, 95}, 104}, {{110, 65}, 66}, {{200, 100}, 130}, {{50, 60}, 0}, {{A, 100}, A},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		is_val(kpi_bonus_pct(t[i].c, w, 2, 70, 150), t[i].want,
		       "bonus %% for %g%% and %g%%", t[i].c[0], t[i].c[1]);
	is_val(kpi_bonus_pct(NULL, NULL, 0, 70, 150), A, "no bonus weights: absent");
	is_val(kpi_bonus_amount(104, 5000000), 5200000, "bonus amount 104%% of 50,000.00");
	is_val(kpi_bonus_amount(50, 0), 0, "zero base");
	is_val(kpi_bonus_amount(A, 100), A, "absent bonus %%");
	is_val(kpi_head(90, 110, 0.85), 93, "head: 90 x .85 + 110 x .15");
	is_val(kpi_head(90, 110, 1.0), 90, "head with team weight 1");
	is_val(kpi_head(A, 110, 0.85), A, "head without a team plan");
	is_val(kpi_head(90, A, 0.85), A, "head without a plan of their own");
	is_val(kpi_head(A, A, 0.85), A, "head with neither");
	is_val(kpi_head(98.5, 85, 0.85), 96.475, "head: 98.5 x .85 + 85 x .15");
	is_val(kpi_head(90, 110, 0), 110, "head with team weight 0: personal only");
	is_val(kpi_head(0, 0, 0.85), 0, "head: nothing done");
}

/* ---- the view builder ---- */

static struct kp_team teams[] = {
	{10, (char *)"Sales A", 0, 0}, {20, (char *)"Продажи Б", 0, 0}, {30, (char *)"Old", 1, 0},
};
static struct kp_manager mgrs[] = {
	{1, (char *)"Anna", 10, 0},  {2, (char *)"Boris", 10, 0}, {3, (char *)"Вера", 20, 0},
	{4, (char *)"Gleb", 20, 1},  {5, (char *)"Dmitry", 30, 0}, {6, (char *)"Olga", 20, 0},
};
static struct kp_channel chans[] = {
	{100, (char *)"phone", 0}, {101, (char *)"web", 0}, {102, (char *)"fax", 1},
};
enum { CALLS, LEADS, MEETINGS, DEALS, REVENUE, LOST, NMET };
static struct kp_metric mets[] = {
	{1000, (char *)"calls", (char *)"Calls", METRIC_COUNT, 0, 0},
	{1001, (char *)"leads", (char *)"Leads", METRIC_COUNT, 1, 0},
	{1002, (char *)"meetings", (char *)"Meetings", METRIC_COUNT, 2, 0},
	{1003, (char *)"deals", (char *)"Deals", METRIC_COUNT, 3, 0},
	{1004, (char *)"revenue", (char *)"Revenue", METRIC_MONEY, 0, 0},
	{1005, (char *)"lost", (char *)"Lost", METRIC_COUNT, 0, 0},
};
static const struct kp_dims dims = {teams, 3, mgrs, 6, chans, 3, mets, NMET};

static const struct bonus_weight weights[] = {{(char *)"revenue", 0.6},
					      {(char *)"deals", 0.4}};

static void fixture_sums(struct kpi_sums *cur, struct kpi_sums *prev)
{
	static const int64_t c[][4] = {
		{1, 100, 1000, 100},    {1, 100, 1001, 20},   {1, 100, 1002, 8},
		{1, 100, 1003, 4},      {1, 100, 1004, 400000}, {1, 101, 1001, 10},
		{1, 101, 1003, 2},      {1, 101, 1004, 100000}, {1, 101, 1005, 2},
		{2, 100, 1000, 50},     {2, 100, 1001, 5},    {2, 100, 1003, 0},
		{3, 101, 1000, 30},     {3, 101, 1001, 10},   {3, 101, 1002, 5},
		{3, 101, 1003, 1},      {3, 101, 1004, 50000}, {4, 100, 1003, 1},
		{4, 100, 1004, 20000},  {5, 100, 1003, 1},    {5, 100, 1004, 10000},
		{99, 100, 1000, 7},     /* a manager the dims do not know */
		{1, 100, 9999, 5},      /* nor this metric */
	};
	kpi_sums_init(cur);
	kpi_sums_init(prev);
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		kpi_sums_add(cur, c[i][0], c[i][1], c[i][2], c[i][3]);
	kpi_sums_add(prev, 1, 100, 1004, 200000);
	kpi_sums_add(prev, 3, 101, 1004, 50000);
}

static void fixture_plans(struct kpi_plans *p)
{
	kpi_plans_init(p);
	kpi_plans_add(p, 2026, 10, 0, 1, 1004, 600000); /* Anna */
	kpi_plans_add(p, 2026, 10, 0, 1, 1003, 5);
	kpi_plans_add(p, 2026, 10, 0, 2, 1004, 500000); /* Boris */
	kpi_plans_add(p, 2026, 10, 10, 0, 1003, 20);    /* team A: deals only */
	kpi_plans_add(p, 2026, 10, 0, 3, 1004, 200000); /* Вера */
	kpi_plans_add(p, 2026, 10, 0, 4, 1004, 999999); /* archived: not in B */
	kpi_plans_add(p, 2026, 10, 30, 0, 1004, 300000); /* archived team */
	kpi_plans_add(p, 2026, 9, 0, 1, 1004, 2200000);  /* other months */
	kpi_plans_add(p, 2026, 11, 0, 1, 1004, 2000000);
}

static struct kpi_settings settings(void)
{
	struct kpi_settings s;
	memset(&s, 0, sizeof s);
	memcpy(s.cal.workdays, (unsigned char[7]){1, 1, 1, 1, 1, 0, 0}, 7);
	s.bonus_floor = 70;
	s.bonus_cap = 150;
	s.bonus_base = 5000000;
	s.team_weight = 0.85;
	s.bonus = weights;
	s.nbonus = 2;
	return s;
}

static const struct kpi_row *find(const struct kpi_view *v, const char *name)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (strcmp(v->rows[i].name, name) == 0)
			return &v->rows[i];
	return NULL;
}

static void build(struct kpi_view *v, enum kpi_view_kind k, enum period_kind pk,
		  const char *asof, const struct kpi_settings *s)
{
	static struct kpi_sums cur, prev;
	static struct kpi_plans plans;
	static int ready;
	if (!ready) {
		fixture_sums(&cur, &prev);
		fixture_plans(&plans);
		ready = 1;
	}
	struct kpi_input in = {&dims, s, period_containing(pk, D(asof)), D(asof), &cur,
			       &prev, &plans};
	kpi_view_build(v, k, &in);
}

static void test_teams_view(void)
{
	struct kpi_settings s = settings();
	struct kpi_view v;
	build(&v, KPI_VIEW_TEAMS, PERIOD_MONTH, "2026-10-15", &s);
	is_int(v.nrows, 3, "teams view: two active teams and TOTAL");
	ok(v.rows[0].kind == KPI_ROW_TEAM && v.rows[2].kind == KPI_ROW_TOTAL &&
		   strcmp(v.rows[2].name, "TOTAL") == 0 && !find(&v, "Old"),
	   "teams in order, archived team hidden, TOTAL last");
	ok(v.pace.elapsed == 11 && v.pace.total == 22 && same(v.expected, 50),
	   "October 15: 11 of 22 working days, 50%% expected");
	ok(v.m_calls == CALLS && v.m_deals == DEALS && v.m_revenue == REVENUE &&
		   v.m_lost == LOST && v.m_missed == -1 && v.nfunnel == 3,
	   "metric roles found; no missed_calls; 3 funnel stages");

	const struct kpi_row *a = find(&v, "Sales A");
	ok(a && a->actual[CALLS] == 150 && a->actual[LEADS] == 35 && a->actual[DEALS] == 6 &&
		   a->actual[REVENUE] == 500000 && a->actual[LOST] == 2,
	   "team A actuals = Anna + Boris");
	is_val(a->plan[REVENUE], 1100000, "team A revenue plan = sum of its managers'");
	is_val(a->plan[DEALS], 20, "team A deals plan = its explicit plan");
	is_val(a->plan[CALLS], A, "no calls plan anywhere: absent");
	is_val(a->completion[REVENUE], 500000.0 / 1100000 * 100, "team A revenue completion");
	is_val(a->completion[DEALS], 30, "team A deals completion 6/20");
	is_val(a->forecast[REVENUE], 1000000, "team A forecast 500000 / 11 x 22");
	is_val(a->required[REVENUE], 600000.0 / 11, "team A required per day");
	is_val(a->avg_deal, 500000.0 / 6, "team A average deal");
	is_val(a->conversion, 600.0 / 35, "team A conversion 6/35");
	is_val(a->calls_per_deal, 25, "team A calls per deal");
	is_val(a->win_rate, 75, "team A win rate 6/(6+2)");
	is_val(a->missed_share, A, "no missed_calls metric: absent");
	is_val(a->stage[LEADS], A, "first funnel stage has no conversion");
	is_val(a->stage[MEETINGS], 800.0 / 35, "leads -> meetings 8/35");
	is_val(a->stage[DEALS], 75, "meetings -> deals 6/8");
	is_val(a->change[REVENUE], 150, "team A revenue +150%% vs September");
	ok(same(a->decomp.deals, 8) && same(a->decomp.leads, 47) && same(a->decomp.calls, 200),
	   "team A: 8 deals (7.2) = 47 leads (46.7) = 200 calls to close the gap");
	is_val(a->decomp.deals_per_day, 8.0 / 11, "team A deals per remaining day");

	const struct kpi_row *b = find(&v, "Продажи Б");
	ok(b && b->actual[DEALS] == 2 && b->actual[REVENUE] == 70000 && b->actual[CALLS] == 30,
	   "team B includes its archived manager's entries");
	is_val(b->plan[REVENUE], 200000, "team B plan leaves out the archived manager");
	is_val(b->plan[DEALS], A, "team B has no deals plan");
	is_val(b->completion[DEALS], A, "no plan: completion absent");
	is_val(b->required[DEALS], A, "no plan: required per day absent");
	is_val(b->change[REVENUE], 40, "team B +40%% (70000 vs 50000)");

	const struct kpi_row *t = &v.rows[2];
	ok(t->actual[CALLS] == 187 && t->actual[DEALS] == 9 && t->actual[REVENUE] == 580000,
	   "TOTAL is the whole company, unknown managers included");
	is_val(t->plan[REVENUE], 1300000, "company revenue plan = sum of active teams'");
	is_val(t->plan[DEALS], 20, "company deals plan = team A's (B has none)");
	kpi_view_free(&v);
}

/* Team heads (SPEC 3), October 15, revenue completion:
 *   Sales A: 500,000 of Anna's 600,000 + Boris's 500,000 = 45.4545...%;
 *            Anna 500,000 of 600,000 = 83.333...%, Boris 0 of 500,000 = 0%
 *   Продажи Б: Вера 50,000 + archived Gleb 20,000 = 70,000 of Вера's
 *            200,000 = 35%; Вера 25%; Olga has no plan (absent). */
static void test_heads(void)
{
	struct kpi_settings s = settings();
	struct kpi_view v;
	teams[0].head_id = 1; /* Anna */
	teams[1].head_id = 3; /* Вера */
	build(&v, KPI_VIEW_TEAMS, PERIOD_MONTH, "2026-10-15", &s);
	const struct kpi_row *a = find(&v, "Sales A"), *b = find(&v, "Продажи Б");
	ok(a && a->head && a->head->id == 1 && b && b->head && b->head->id == 3,
	   "heads: each team row names its head");
	is_val(a ? a->head_personal : 0, 500000.0 / 600000 * 100, "heads: Anna's own 83.3%%");
	is_val(a ? a->head_kpi : 0, 500000.0 / 1100000 * 100 * 0.85 + 500000.0 / 600000 * 100 * 0.15,
	       "heads: Sales A 45.45 x .85 + 83.33 x .15 = 51.14");
	is_val(b ? b->head_kpi : 0, 33.5, "heads: Продажи Б 35 x .85 + 25 x .15 = 33.5");
	ok(!v.rows[v.nrows - 1].head && kpi_absent(v.rows[v.nrows - 1].head_kpi),
	   "heads: TOTAL has none");
	kpi_view_free(&v);

	s.team_weight = 0.6;
	teams[0].head_id = 2; /* Boris */
	teams[1].head_id = 6; /* Olga: no plan */
	build(&v, KPI_VIEW_TEAMS, PERIOD_MONTH, "2026-10-15", &s);
	a = find(&v, "Sales A"), b = find(&v, "Продажи Б");
	is_val(a ? a->head_kpi : 0, 500000.0 / 1100000 * 100 * 0.6, "heads: Boris 0%%, weight .6");
	ok(b && b->head && kpi_absent(b->head_personal) && kpi_absent(b->head_kpi),
	   "heads: no personal plan, no KPI");
	kpi_view_free(&v);

	teams[0].head_id = 3; /* Вера is in the other team */
	teams[1].head_id = 4; /* Gleb is archived */
	build(&v, KPI_VIEW_TEAMS, PERIOD_MONTH, "2026-10-15", &s);
	a = find(&v, "Sales A"), b = find(&v, "Продажи Б");
	ok(a && !a->head && kpi_absent(a->head_kpi) && b && !b->head && kpi_absent(b->head_kpi),
	   "heads: one from another team or archived is none");
	kpi_view_free(&v);

	build(&v, KPI_VIEW_MANAGERS, PERIOD_MONTH, "2026-10-15", &s);
	ok(!v.rows[0].head, "heads: manager rows have none");
	kpi_view_free(&v);
	teams[0].head_id = teams[1].head_id = 0;
}

static void test_managers_view(void)
{
	struct kpi_settings s = settings();
	struct kpi_view v;
	build(&v, KPI_VIEW_MANAGERS, PERIOD_MONTH, "2026-10-15", &s);
	is_int(v.nrows, 6, "managers view: five active managers and TOTAL");
	ok(!find(&v, "Gleb") && find(&v, "Dmitry"), "archived manager hidden");
	const struct kpi_row *o = find(&v, "Olga");
	ok(o && o->actual[CALLS] == 0 && o->actual[REVENUE] == 0 && o->actual[DEALS] == 0,
	   "a manager with no entries shows zeros");
	ok(o && kpi_absent(o->plan[REVENUE]) && kpi_absent(o->completion[REVENUE]) &&
		   kpi_absent(o->avg_deal) && kpi_absent(o->conversion) &&
		   same(o->forecast[REVENUE], 0),
	   "…and absent plan, completion, average deal, conversion; forecast 0");
	const struct kpi_row *an = find(&v, "Anna");
	is_val(an->completion[REVENUE], 500000.0 / 600000 * 100, "Anna revenue completion");
	is_val(an->completion[DEALS], 120, "Anna deals completion 6/5");
	is_val(an->bonus_pct, 0.6 * 500000.0 / 6000 + 0.4 * 120, "Anna bonus 50 + 48 = 98%%");
	is_val(an->bonus_amount, 4900000, "Anna bonus 98%% of 50,000.00");
	is_val(an->required[DEALS], 0, "Anna deals plan met: nothing required");
	const struct kpi_row *bo = find(&v, "Boris");
	is_val(bo->avg_deal, A, "Boris: zero deals, average deal absent");
	is_val(bo->conversion, 0, "Boris: 0 deals of 5 leads = 0%%");
	is_val(bo->bonus_pct, A, "Boris has no deals plan: bonus absent");
	is_val(v.rows[5].plan[REVENUE], 1300000, "TOTAL carries the company plan");
	kpi_view_free(&v);
}

static void test_channels_view(void)
{
	struct kpi_settings s = settings();
	struct kpi_view v;
	build(&v, KPI_VIEW_CHANNELS, PERIOD_MONTH, "2026-10-15", &s);
	is_int(v.nrows, 3, "channels view: two active channels and TOTAL");
	const struct kpi_row *ph = find(&v, "phone"), *web = find(&v, "web");
	ok(ph && ph->actual[CALLS] == 157 && ph->actual[DEALS] == 6 &&
		   ph->actual[REVENUE] == 430000,
	   "phone sums every manager's phone entries");
	ok(web && web->actual[LEADS] == 20 && web->actual[DEALS] == 3 && web->actual[LOST] == 2,
	   "web sums");
	ok(kpi_absent(ph->plan[REVENUE]) && kpi_absent(web->plan[DEALS]) &&
		   kpi_absent(ph->completion[REVENUE]),
	   "channels have no plans");
	is_val(web->conversion, 15, "web conversion 3/20");
	is_val(v.rows[2].plan[REVENUE], 1300000, "channels TOTAL carries the company plan");
	kpi_view_free(&v);
}

static void test_prorated_views(void)
{
	struct kpi_settings s = settings();
	struct kpi_view v;
	/* Week 09-28..10-04: Sep has 22 working days, 3 in the week; Oct 22 and 2. */
	build(&v, KPI_VIEW_MANAGERS, PERIOD_WEEK, "2026-10-01", &s);
	const struct kpi_row *an = find(&v, "Anna");
	is_val(an->plan[REVENUE], 2200000.0 * 3 / 22 + 600000.0 * 2 / 22,
	       "week across a month boundary: 300,000 + 54,545.45");
	is_val(an->plan[DEALS], 5.0 * 2 / 22, "count plan prorated is fractional");
	ok(v.pace.total == 5 && v.pace.elapsed == 4, "week: 4 of 5 days on Thursday");
	kpi_view_free(&v);

	/* Quarter Q4: Oct, Nov plans whole; Dec has none. */
	build(&v, KPI_VIEW_MANAGERS, PERIOD_QUARTER, "2026-11-30", &s);
	an = find(&v, "Anna");
	is_val(an->plan[REVENUE], 2600000, "quarter plan = Oct + Nov (Dec unset)");
	is_val(an->plan[DEALS], 5, "quarter deals plan = October's");
	kpi_view_free(&v);

	/* A day off: the plan share is 0, completion absent, nothing required. */
	build(&v, KPI_VIEW_MANAGERS, PERIOD_DAY, "2026-10-17", &s);
	an = find(&v, "Anna");
	ok(same(an->plan[REVENUE], 0) && kpi_absent(an->completion[REVENUE]) &&
		   same(an->required[REVENUE], 0) && kpi_absent(v.expected),
	   "Saturday: plan 0, completion absent, expected absent, nothing required");
	ok(same(an->forecast[REVENUE], 500000), "Saturday: forecast = actual (no elapsed day)");
	kpi_view_free(&v);

	build(&v, KPI_VIEW_MANAGERS, PERIOD_DAY, "2026-10-15", &s);
	is_val(find(&v, "Anna")->plan[REVENUE], 600000.0 / 22, "a working day's plan = 1/22");
	is_val(find(&v, "Anna")->required[REVENUE], 0,
	       "the day's plan already beaten, 0 required");
	kpi_view_free(&v);

	/* An empty workweek: plans spread by calendar days (3/30 + 4/31). */
	memset(s.cal.workdays, 0, 7);
	build(&v, KPI_VIEW_MANAGERS, PERIOD_WEEK, "2026-10-01", &s);
	is_val(find(&v, "Anna")->plan[REVENUE], 2200000.0 * 3 / 30 + 600000.0 * 4 / 31,
	       "no working days at all: calendar-day shares");
	ok(v.pace.total == 0 && kpi_absent(v.expected), "no working days: expected absent");
	kpi_view_free(&v);
}

static void test_names(void)
{
	enum kpi_view_kind k;
	ok(kpi_view_parse("managers", &k) == 0 && k == KPI_VIEW_MANAGERS &&
		   kpi_view_parse("Teams", &k) == -1 && kpi_view_parse("day", &k) == -1 &&
		   strcmp(kpi_view_name(KPI_VIEW_CHANNELS), "channels") == 0,
	   "view names");
	struct period p, pp;
	kp_date pa;
	kpi_view_ranges(PERIOD_MONTH, D("2026-10-15"), &p, &pp, &pa);
	ok(p.from == D("2026-10-01") && pp.from == D("2026-09-01") && pa == D("2026-09-15"),
	   "query ranges for October 15");
}

int main(void)
{
	test_two_arg();
	test_prorate();
	test_pace_formulas();
	test_ceil();
	test_decompose();
	test_bonus();
	test_teams_view();
	test_heads();
	test_managers_view();
	test_channels_view();
	test_prorated_views();
	test_names();
	return tap_done();
}
