/* test_rollup.c - the roll-ups of schema 2 always agree with the entries.
 *
 * Random entries are written through the store (sets, overwrites, clears,
 * rolled-back transactions, one import-sized transaction) and through plain
 * SQL on a second connection (INSERT, INSERT OR REPLACE, OR IGNORE, upserts,
 * UPDATE of values and of keys, DELETE; with recursive triggers on and off).
 * After each round:
 *   - entry_sum and entry_day equal a GROUP BY over entry;
 *   - store_sum_entries gives exactly the rows, in the order, of
 *     SELECT ... GROUP BY manager_id, channel_id, metric_id over many
 *     [from, to] ranges (days, weeks, months, quarters, years, like-for-like
 *     ranges, ranges across years, outside the data, reversed);
 *   - store_daily_sums equals GROUP BY day, manager_id, metric_id.
 * Also: undo, reads inside a write transaction, one transaction larger than
 * what the store keeps in memory, references checked without foreign keys,
 * days that are not dates refused, the views daily_totals and monthly_kpi
 * unchanged, and a version 1 file upgraded with its roll-ups back-filled. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "kpitop/calendar.h"
#include "kpitop/store.h"
#include "tap.h"

static char dir[256];

/* A small deterministic generator (xorshift64*): the same run every time. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

static int rnd(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* The data lives around a year boundary, so ranges cross every kind of
 * period: 2025-11-15 .. 2026-03-20. */
static kp_date day0, day1;

static kp_date rnd_day(void)
{
	return day0 + rnd(day1 - day0 + 1);
}

/* ---- rows of an aggregate ---- */

struct row {
	int64_t a, b, c, v;
};

struct rows {
	struct row *r;
	size_t n, cap;
};

static void rows_push(struct rows *rs, int64_t a, int64_t b, int64_t c, int64_t v)
{
	xgrow(&rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
	rs->r[rs->n++] = (struct row){a, b, c, v};
}

static void sum_cb(void *ctx, int64_t m, int64_t c, int64_t x, int64_t v)
{
	rows_push(ctx, m, c, x, v);
}

static void daily_cb(void *ctx, kp_date d, int64_t m, int64_t x, int64_t v)
{
	rows_push(ctx, d, m, x, v);
}

/* Rows of a query with two date parameters; a date-valued first column is
 * turned into a day number. */
static int sql_rows(sqlite3 *db, const char *sql, kp_date from, kp_date to, int day_first,
		    struct rows *out)
{
	char a[16], b[16];
	sqlite3_stmt *q;
	date_format(from, a);
	date_format(to, b);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		printf("# %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t first = sqlite3_column_int64(q, 0);
		if (day_first) {
			kp_date d = 0;
			date_parse((const char *)sqlite3_column_text(q, 0), &d);
			first = d;
		}
		rows_push(out, first, sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
			  sqlite3_column_int64(q, 3));
	}
	return sqlite3_finalize(q) == SQLITE_OK ? 0 : -1;
}

/* Same rows in the same order; the first difference is printed. */
static int rows_same(const struct rows *x, const struct rows *y, const char *what, kp_date from,
		     kp_date to)
{
	char a[16], b[16];
	date_format(from, a);
	date_format(to, b);
	if (x->n != y->n) {
		printf("# %s %s..%s: %zu rows, want %zu\n", what, a, b, x->n, y->n);
		return 0;
	}
	for (size_t i = 0; i < x->n; i++) {
		const struct row *p = &x->r[i], *q = &y->r[i];
		if (p->a != q->a || p->b != q->b || p->c != q->c || p->v != q->v) {
			printf("# %s %s..%s row %zu: (%lld %lld %lld %lld), want (%lld %lld %lld %lld)\n",
			       what, a, b, i, (long long)p->a, (long long)p->b, (long long)p->c,
			       (long long)p->v, (long long)q->a, (long long)q->b, (long long)q->c,
			       (long long)q->v);
			return 0;
		}
	}
	return 1;
}

static const char *const sum_sql =
	"SELECT manager_id, channel_id, metric_id, sum(value) FROM entry"
	" WHERE day BETWEEN ?1 AND ?2 GROUP BY manager_id, channel_id, metric_id"
	" ORDER BY manager_id, channel_id, metric_id";
static const char *const daily_sql =
	"SELECT day, manager_id, metric_id, sum(value) FROM entry"
	" WHERE day BETWEEN ?1 AND ?2 GROUP BY day, manager_id, metric_id"
	" ORDER BY day, manager_id, metric_id";

static int sum_agrees(struct store *s, sqlite3 *db, kp_date from, kp_date to)
{
	struct rows got = {0}, want = {0};
	struct kp_err e;
	int ok_ = store_sum_entries(s, from, to, sum_cb, &got, &e) == 0 &&
		  sql_rows(db, sum_sql, from, to, 0, &want) == 0 &&
		  rows_same(&got, &want, "sum", from, to);
	free(got.r);
	free(want.r);
	return ok_;
}

static int daily_agrees(struct store *s, sqlite3 *db, kp_date from, kp_date to)
{
	struct rows got = {0}, want = {0};
	struct kp_err e;
	int ok_ = store_daily_sums(s, from, to, daily_cb, &got, &e) == 0 &&
		  sql_rows(db, daily_sql, from, to, 1, &want) == 0 &&
		  rows_same(&got, &want, "daily", from, to);
	free(got.r);
	free(want.r);
	return ok_;
}

/* A range of the kind the dashboard asks for, or an arbitrary one. */
static void rnd_range(kp_date *from, kp_date *to)
{
	kp_date d = rnd_day();
	struct period p, pp;
	int kind = rnd(8);
	switch (kind) {
	case 0: /* the views: a period up to as-of, or its like-for-like */
	case 1:
		p = period_containing((enum period_kind)rnd(PERIOD_NKINDS), d);
		pp = period_prev(p);
		if (kind == 0) {
			*from = p.from, *to = d;
		} else {
			*from = pp.from, *to = period_same_point(pp, p, d);
		}
		break;
	case 2: /* whole periods */
		p = period_containing((enum period_kind)rnd(PERIOD_NKINDS), d);
		*from = p.from, *to = p.to;
		break;
	case 3: /* long ranges, partly outside the data */
		*from = d - rnd(500);
		*to = d + rnd(500);
		break;
	case 4: /* outside the data, or reversed */
		if (rnd(2)) {
			*from = day1 + 1 + rnd(30);
			*to = *from + rnd(60);
		} else {
			*from = d;
			*to = d - 1 - rnd(10);
		}
		break;
	default: /* anything inside */
		*from = rnd_day();
		*to = rnd_day();
		if (*from > *to) {
			kp_date t = *from;
			*from = *to;
			*to = t;
		}
	}
}

/* Roll-up tables minus GROUP BY and the other way round: 0 when equal. */
static int64_t rollup_mismatches(sqlite3 *db)
{
	static const char *const sql =
		"WITH want (period, manager_id, channel_id, metric_id, n, value) AS ("
		"  SELECT substr(day, 1, 4), manager_id, channel_id, metric_id, count(*), sum(value)"
		"    FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 5) || 'Q' || ((substr(day, 6, 2) + 2) / 3),"
		"    manager_id, channel_id, metric_id, count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 7), manager_id, channel_id, metric_id, count(*),"
		"    sum(value) FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 8) || 'D' || min(3, (substr(day, 9, 2) + 9) / 10),"
		"    manager_id, channel_id, metric_id, count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4),"
		" want_day (day, manager_id, metric_id, n, value) AS ("
		"  SELECT day, manager_id, metric_id, count(*), sum(value) FROM entry GROUP BY 1, 2, 3)"
		" SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM entry_sum))"
		"  + (SELECT count(*) FROM (SELECT * FROM entry_sum EXCEPT SELECT * FROM want))"
		"  + (SELECT count(*) FROM (SELECT * FROM want_day EXCEPT SELECT * FROM entry_day))"
		"  + (SELECT count(*) FROM (SELECT * FROM entry_day EXCEPT SELECT * FROM want_day))";
	sqlite3_stmt *q;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	else
		printf("# %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return n;
}

static int64_t count_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Everything agrees: the tables, and many ranges. */
static void check_round(struct store *s, sqlite3 *db, const char *what, int nranges)
{
	is_int(rollup_mismatches(db), 0, "%s: roll-up tables equal GROUP BY over entry", what);
	int good = 0;
	for (int i = 0; i < nranges; i++) {
		kp_date from, to;
		rnd_range(&from, &to);
		if (!sum_agrees(s, db, from, to))
			break;
		good++;
	}
	is_int(good, nranges, "%s: store_sum_entries equals GROUP BY on %d ranges", what, nranges);
	good = 0;
	for (int i = 0; i < nranges / 4; i++) {
		kp_date from, to;
		rnd_range(&from, &to);
		if (to - from > 120)
			to = from + 120;
		if (!daily_agrees(s, db, from, to))
			break;
		good++;
	}
	is_int(good, nranges / 4, "%s: store_daily_sums equals GROUP BY on %d ranges", what,
	       nranges / 4);
}

/* ---- writers ---- */

#define NMANAGERS 5
#define NCHANNELS 6
#define NMETRICS 6

static int64_t mgr_ids[NMANAGERS];

static int64_t rnd_value(void)
{
	/* Zeros matter: a cell holding 0 still makes a group. */
	return rnd(5) == 0 ? 0 : rnd(4) == 0 ? (int64_t)rnd(1000000) * 100 : rnd(60);
}

/* A transaction of n random sets and clears through the store; rolled
 * back instead of committed when rollback. */
static int store_round(struct store *s, int n, int rollback)
{
	struct kp_err e;
	if (store_begin(s, "tester", "random", &e))
		return printf("# %s\n", e.msg), -1;
	for (int i = 0; i < n; i++) {
		kp_date d = rnd_day();
		int64_t m = mgr_ids[rnd(NMANAGERS)], c = 1 + rnd(NCHANNELS), x = 1 + rnd(NMETRICS);
		int rc = rnd(5) == 0 ? store_entry_clear(s, d, m, c, x, NULL, &e)
				     : store_entry_set(s, d, m, c, x, rnd_value(), NULL, &e);
		if (rc) {
			printf("# %s\n", e.msg);
			store_rollback(s);
			return -1;
		}
	}
	if (rollback) {
		store_rollback(s);
		return 0;
	}
	if (store_commit(s, &e))
		return printf("# %s\n", e.msg), -1;
	return 0;
}

static int exec_bound(sqlite3 *db, const char *sql, kp_date d, int64_t m, int64_t c, int64_t x,
		    int64_t v)
{
	char day[16];
	sqlite3_stmt *q;
	date_format(d, day);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
		return -1;
	}
	for (int i = 1; i <= sqlite3_bind_parameter_count(q); i++) {
		const char *name = sqlite3_bind_parameter_name(q, i);
		if (!name)
			continue;
		switch (name[1]) {
		case 'd':
			sqlite3_bind_text(q, i, day, -1, SQLITE_TRANSIENT);
			break;
		case 'm':
			sqlite3_bind_int64(q, i, m);
			break;
		case 'c':
			sqlite3_bind_int64(q, i, c);
			break;
		case 'x':
			sqlite3_bind_int64(q, i, x);
			break;
		case 'v':
			sqlite3_bind_int64(q, i, v);
			break;
		case 'k': /* days to shift by */
			sqlite3_bind_int64(q, i, 1 + rnd(9));
			break;
		}
	}
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	/* A refused statement (a duplicate key) changes nothing: fine here. */
	return rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT ? 0 : -1;
}

/* What other programs do to entry, in one transaction. */
static int sql_round(sqlite3 *db, int n)
{
	static const char *const ops[] = {
		"INSERT INTO entry VALUES (:d, :m, :c, :x, :v)",
		"INSERT OR REPLACE INTO entry VALUES (:d, :m, :c, :x, :v)",
		"REPLACE INTO entry (day, manager_id, channel_id, metric_id, value)"
		" VALUES (:d, :m, :c, :x, :v)",
		"INSERT OR IGNORE INTO entry VALUES (:d, :m, :c, :x, :v)",
		"INSERT INTO entry VALUES (:d, :m, :c, :x, :v) ON CONFLICT DO UPDATE"
		" SET value = value + excluded.value",
		"INSERT INTO entry VALUES (:d, :m, :c, :x, :v) ON CONFLICT DO NOTHING",
		"UPDATE entry SET value = :v WHERE day = :d AND manager_id = :m",
		"UPDATE entry SET value = value + 1 WHERE metric_id = :x AND day BETWEEN :d"
		" AND date(:d, '+3 days')",
		"UPDATE OR REPLACE entry SET day = date(day, '+' || :k || ' days')"
		" WHERE day = :d AND manager_id = :m AND day < '2026-03-10'",
		"UPDATE OR IGNORE entry SET channel_id = :c WHERE day = :d AND metric_id = :x",
		"UPDATE OR REPLACE entry SET manager_id = :m, metric_id = :x WHERE day = :d"
		" AND channel_id = :c",
		"DELETE FROM entry WHERE day = :d AND manager_id = :m",
		"DELETE FROM entry WHERE day BETWEEN :d AND date(:d, '+2 days') AND channel_id = :c",
		"INSERT OR REPLACE INTO entry SELECT date(day, '+7 days'), manager_id, channel_id,"
		" metric_id, value + 1 FROM entry WHERE day = :d AND day < '2026-03-10'",
	};
	const int nops = (int)(sizeof ops / sizeof ops[0]);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		if (exec_bound(db, ops[rnd(nops)], rnd_day(), mgr_ids[rnd(NMANAGERS)],
			     1 + rnd(NCHANNELS), 1 + rnd(NMETRICS), rnd_value())) {
			printf("# %s\n", sqlite3_errmsg(db));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The views of schema 1, as schema 1 wrote them: schema 2 reads them from
 * the roll-ups and must give the same rows. */
static const char *const v1_daily_totals =
	"SELECT e.day, t.name AS team, m.name AS manager, x.key AS metric,"
	"  CASE x.kind WHEN 'money' THEN sum(e.value) / 100.0 ELSE sum(e.value) END AS value"
	"  FROM entry e JOIN manager m ON m.id = e.manager_id JOIN team t ON t.id = m.team_id"
	"  JOIN metric x ON x.id = e.metric_id GROUP BY e.day, e.manager_id, e.metric_id";
static const char *const v1_monthly_kpi =
	"WITH act AS ("
	"    SELECT substr(day, 1, 7) AS month, manager_id, metric_id, sum(value) AS actual"
	"    FROM entry GROUP BY 1, 2, 3),"
	"  keys AS (SELECT month, manager_id, metric_id FROM act UNION"
	"    SELECT month, manager_id, metric_id FROM plan WHERE manager_id IS NOT NULL)"
	"  SELECT k.month, t.name AS team, m.name AS manager, x.key AS metric,"
	"    CASE x.kind WHEN 'money' THEN coalesce(a.actual, 0) / 100.0"
	"      ELSE coalesce(a.actual, 0) END AS actual,"
	"    CASE x.kind WHEN 'money' THEN p.value / 100.0 ELSE p.value END AS plan,"
	"    round(100.0 * coalesce(a.actual, 0) / nullif(p.value, 0), 1) AS completion_pct"
	"  FROM keys k JOIN manager m ON m.id = k.manager_id JOIN team t ON t.id = m.team_id"
	"  JOIN metric x ON x.id = k.metric_id"
	"  LEFT JOIN act a ON a.month = k.month AND a.manager_id = k.manager_id"
	"    AND a.metric_id = k.metric_id"
	"  LEFT JOIN plan p ON p.month = k.month AND p.manager_id = k.manager_id"
	"    AND p.metric_id = k.metric_id";

/* Rows of a view that schema 1 would not give, and the other way round. */
static int64_t view_mismatches(sqlite3 *db, const char *view, const char *v1)
{
	char *sql = xasprintf("SELECT (SELECT count(*) FROM (SELECT * FROM %s EXCEPT"
			      " SELECT * FROM (%s))) + (SELECT count(*) FROM (SELECT * FROM (%s)"
			      " EXCEPT SELECT * FROM %s))",
			      view, v1, v1, view);
	int64_t n = count_of(db, sql);
	free(sql);
	return n;
}

/* ---- the tests ---- */

static int setup_company(struct store *s)
{
	struct kp_err e;
	int64_t t1, t2;
	if (store_begin(s, "tester", "setup", &e) || store_team_add(s, "North", &t1, &e) ||
	    store_team_add(s, "South", &t2, &e))
		return printf("# %s\n", e.msg), -1;
	for (int i = 0; i < NMANAGERS; i++) {
		char name[32];
		snprintf(name, sizeof name, "Manager %d", i + 1);
		if (store_manager_add(s, name, i % 2 ? t2 : t1, &mgr_ids[i], &e))
			return printf("# %s\n", e.msg), -1;
	}
	return store_commit(s, &e) ? printf("# %s\n", e.msg), -1 : 0;
}

static void test_empty(struct store *s, sqlite3 *db)
{
	is_int(count_of(db, "SELECT count(*) FROM entry_sum"), 0, "an empty file has no roll-ups");
	check_round(s, db, "empty", 20);
}

static void test_random(struct store *s, sqlite3 *db)
{
	char what[64];
	for (int round = 0; round < 12; round++) {
		int via_sql = round % 3 == 2;
		if (via_sql) {
			/* This SQLite may default to recursive triggers: try both. */
			sqlite3_exec(db, round % 2 ? "PRAGMA recursive_triggers = ON"
						   : "PRAGMA recursive_triggers = OFF",
				     NULL, NULL, NULL);
			ok(sql_round(db, 150) == 0, "round %d: plain SQL writes entries", round);
		} else {
			ok(store_round(s, 400, 0) == 0, "round %d: the store writes entries", round);
		}
		snprintf(what, sizeof what, "round %d (%s)", round, via_sql ? "SQL" : "store");
		check_round(s, db, what, 120);
	}
	is_int(count_of(db, "SELECT count(*) > 1000 FROM entry"), 1,
	       "the rounds left a good number of entries");
}

static void test_rollback(struct store *s, sqlite3 *db)
{
	int64_t before = count_of(db, "SELECT total(value) + count(*) FROM entry_sum");
	ok(store_round(s, 300, 1) == 0, "a transaction that is rolled back");
	is_int(count_of(db, "SELECT total(value) + count(*) FROM entry_sum"), before,
	       "its roll-up changes are dropped with it");
	check_round(s, db, "after a rollback", 30);
}

static void test_views(struct store *s, sqlite3 *db)
{
	struct kp_err e;
	int good = store_begin(s, "tester", "plans", &e) == 0;
	for (int i = 0; i < 40 && good; i++)
		good = store_plan_set(s, 2025 + rnd(2), 1 + rnd(12), 0, mgr_ids[rnd(NMANAGERS)],
				      1 + rnd(NMETRICS), rnd_value(), NULL, &e) == 0;
	ok(good && store_commit(s, &e) == 0, "some plans");
	ok(count_of(db, "SELECT count(*) FROM daily_totals") > 100 &&
	   count_of(db, "SELECT count(*) FROM monthly_kpi") > 100,
	   "the views have rows");
	is_int(view_mismatches(db, "daily_totals", v1_daily_totals), 0,
	       "daily_totals gives the rows of schema 1");
	is_int(view_mismatches(db, "monthly_kpi", v1_monthly_kpi), 0,
	       "monthly_kpi gives the rows of schema 1");
}

/* Undo restores cells through the same path: the roll-ups follow. */
static void test_undo(struct store *s, sqlite3 *db)
{
	struct kp_err e;
	int64_t undone = 0;
	size_t cells = 0;
	ok(store_round(s, 200, 0) == 0, "a change to undo");
	int rc = store_undo(s, "tester", &undone, &cells, &e);
	ok(rc == 0 && undone > 0 && cells > 0, "undo restores %zu cells", cells);
	check_round(s, db, "after undo", 30);
}

/* A transaction that reads what it wrote sees it in the sums. */
static void test_read_own_writes(struct store *s, sqlite3 *db)
{
	struct kp_err e;
	struct rows got = {0};
	kp_date d = date_from_ymd(2026, 2, 14);
	int64_t m = mgr_ids[0];
	ok(store_begin(s, "tester", "read own", &e) == 0 &&
	   store_entry_set(s, d, m, 1, 1, 0, NULL, &e) == 0 &&
	   store_entry_set(s, d, m, 1, 1, 987654321, NULL, &e) == 0,
	   "set a cell inside a transaction");
	ok(store_sum_entries(s, date_from_ymd(2026, 1, 1), date_from_ymd(2026, 12, 31), sum_cb,
			     &got, &e) == 0,
	   "sum the year inside the transaction");
	int64_t total = 0;
	for (size_t i = 0; i < got.n; i++)
		if (got.r[i].a == m && got.r[i].b == 1 && got.r[i].c == 1)
			total = got.r[i].v;
	ok(total >= 987654321, "the uncommitted value is in the year's sum");
	ok(store_commit(s, &e) == 0, "commit it");
	free(got.r);
	check_round(s, db, "after reading own writes", 30);
}

/* So many cells in one transaction that the store writes roll-ups before
 * the commit (more than 65,536 day cells), then changes cells written
 * before that again: in a file of its own, with 30 managers over 400 days. */
static void test_big_transaction(void)
{
	struct store *s;
	struct kp_err e;
	sqlite3 *db;
	char *p = xasprintf("%s/big.db", dir);
	kp_date save0 = day0, save1 = day1;
	int64_t mgr[30], team;
	int good = store_open(&s, p, STORE_CREATE, &e) == 0 &&
		   store_begin(s, "tester", "setup", &e) == 0 &&
		   store_team_add(s, "All", &team, &e) == 0;
	for (int i = 0; i < 30 && good; i++) {
		char name[32];
		snprintf(name, sizeof name, "Seller %d", i + 1);
		good = store_manager_add(s, name, team, &mgr[i], &e) == 0;
	}
	good = good && store_commit(s, &e) == 0;
	day0 = date_from_ymd(2023, 1, 1);
	day1 = day0 + 399;
	size_t n = 0;
	good = good && store_begin(s, "tester", "import", &e) == 0;
	for (kp_date d = day0; d <= day1 && good; d++)
		for (int mi = 0; mi < 30 && good; mi++)
			for (int x = 1; x <= NMETRICS && good; x++, n++)
				good = store_entry_set(s, d, mgr[mi], 1 + (d + mi) % NCHANNELS, x,
						       (int64_t)(d % 97 + mi + x), NULL, &e) == 0;
	for (int i = 0; i < 3000 && good; i++) {
		kp_date d = rnd_day();
		int mi = rnd(30), x = 1 + rnd(NMETRICS), c = 1 + (d + mi) % NCHANNELS;
		good = (rnd(3) ? store_entry_set(s, d, mgr[mi], c, x, rnd_value(), NULL, &e)
			       : store_entry_clear(s, d, mgr[mi], c, x, NULL, &e)) == 0;
	}
	good = good && store_commit(s, &e) == 0;
	if (!ok(good, "one transaction sets %zu values, then changes 3000 of them", n))
		printf("# %s\n", e.msg);
	sqlite3_open(p, &db);
	ok(count_of(db, "SELECT count(*) FROM entry_day") > 65536,
	   "more day cells than the store keeps in memory");
	check_round(s, db, "after the big transaction", 150);
	sqlite3_close(db);
	store_close(s);
	day0 = save0, day1 = save1;
	free(p);
}

/* kpitop's connections check references themselves (foreign keys are off
 * for speed): a missing team, manager, channel or metric is refused, with
 * nothing written. */
static void test_references(struct store *s, sqlite3 *db)
{
	struct kp_err e;
	kp_date d = date_from_ymd(2026, 1, 5);
	int64_t id, before = count_of(db, "SELECT count(*) FROM entry");
	ok(store_begin(s, "tester", "refs", &e) == 0, "a transaction");
	ok(store_entry_set(s, d, 9999, 1, 1, 5, NULL, &e) == -1 && strstr(e.msg, "no such"),
	   "an entry of a missing manager is refused (%s)", e.msg);
	ok(store_entry_set(s, d, mgr_ids[0], 99, 1, 5, NULL, &e) == -1 && strstr(e.msg, "no such"),
	   "an entry of a missing channel is refused");
	ok(store_entry_set(s, d, mgr_ids[0], 1, 99, 5, NULL, &e) == -1 && strstr(e.msg, "no such"),
	   "an entry of a missing metric is refused");
	ok(store_plan_set(s, 2026, 1, 77, 0, 1, 5, NULL, &e) == -1 && strstr(e.msg, "no such"),
	   "a plan of a missing team is refused");
	ok(store_plan_set(s, 2026, 1, 0, 9999, 1, 5, NULL, &e) == -1 && strstr(e.msg, "no such"),
	   "a plan of a missing manager is refused");
	ok(store_manager_add(s, "Nobody", 4242, &id, &e) == -1 && strstr(e.msg, "no such team"),
	   "a manager in a missing team is refused (%s)", e.msg);
	ok(store_manager_move(s, mgr_ids[0], 4242, &e) == -1 && strstr(e.msg, "no such team"),
	   "a move to a missing team is refused");
	ok(store_entry_set(s, d, mgr_ids[0], 1, 1, 5, NULL, &e) == 0,
	   "an entry of existing rows is fine");
	ok(store_commit(s, &e) == 0, "commit");
	is_int(count_of(db, "SELECT count(*) FROM entry") - before, 1, "only that entry was written");
	is_int(count_of(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0,
	       "no row refers to a missing one");
}

/* Direct writes get real dates only: a day like 2026-02-30 would sit
 * between months and make roll-ups and day ranges disagree. */
static void test_bad_day(sqlite3 *db)
{
	int64_t before = count_of(db, "SELECT count(*) FROM entry");
	ok(sqlite3_exec(db, "INSERT INTO entry VALUES ('2026-02-30', 1, 1, 1, 5)", NULL, NULL,
			NULL) != SQLITE_OK,
	   "plain SQL cannot insert 2026-02-30");
	ok(sqlite3_exec(db, "UPDATE entry SET day = '2025-11-31'"
			    " WHERE day = (SELECT min(day) FROM entry)",
			NULL, NULL, NULL) != SQLITE_OK,
	   "nor move entries to 2025-11-31");
	ok(sqlite3_exec(db, "REPLACE INTO entry VALUES ('2026-13-01', 1, 1, 1, 5)", NULL, NULL,
			NULL) != SQLITE_OK,
	   "nor REPLACE into month 13");
	is_int(count_of(db, "SELECT count(*) FROM entry"), before, "nothing changed");
	is_int(rollup_mismatches(db), 0, "roll-ups still equal GROUP BY");
}

/* A file of schema 1 (no roll-ups) is upgraded on open and back-filled. */
static void test_upgrade(void)
{
	struct store *s;
	struct kp_err e;
	char *p = xasprintf("%s/v1.db", dir);
	ok(store_open(&s, p, STORE_CREATE, &e) == 0 && setup_company(s) == 0 &&
	   store_round(s, 2000, 0) == 0,
	   "a file with entries");
	store_close(s);
	/* Take it back to the objects of schema 1: what kpitop 1 left. */
	sqlite3 *db;
	sqlite3_open(p, &db);
	char *v1 = xasprintf("DROP TRIGGER entry_before_insert; DROP TRIGGER entry_after_insert;"
			     "DROP TRIGGER entry_before_update; DROP TRIGGER entry_after_update;"
			     "DROP TRIGGER entry_after_delete; DROP TRIGGER entry_delta_apply;"
			     "DROP VIEW entry_delta; DROP TABLE entry_sum; DROP TABLE entry_day;"
			     "DROP TABLE entry_replaced; DROP INDEX plan_by_month;"
			     "DROP VIEW daily_totals; CREATE VIEW daily_totals AS %s;"
			     "DROP VIEW monthly_kpi; CREATE VIEW monthly_kpi AS %s;"
			     /* Schema 3's team.head_id: the table as schema 1 made it. */
			     "PRAGMA legacy_alter_table = ON;"
			     "CREATE TABLE team_v1 (id INTEGER PRIMARY KEY,"
			     "  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),"
			     "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
			     "INSERT INTO team_v1 SELECT id, name, archived FROM team;"
			     "DROP TABLE team; ALTER TABLE team_v1 RENAME TO team;"
			     "PRAGMA user_version = 1;",
			     v1_daily_totals, v1_monthly_kpi);
	int rc = sqlite3_exec(db, v1, NULL, NULL, NULL);
	free(v1);
	ok(rc == SQLITE_OK, "the file is made schema 1 (%s)", sqlite3_errmsg(db));
	is_int(count_of(db, "SELECT count(*) FROM sqlite_master WHERE name GLOB 'entry_*'"
			    " OR name = 'plan_by_month'") +
		       count_of(db, "SELECT count(*) FROM pragma_table_info('team')"
				    " WHERE name = 'head_id'"),
	       0, "no object of schema 2 or 3 is left");
	/* Entries schema 1 could hold and the triggers would refuse. */
	int64_t entries = count_of(db, "SELECT count(*) FROM entry");
	ok(entries > 1000, "it holds %lld entries", (long long)entries);
	sqlite3_close(db);

	/* Read-only by choice, by a user who may write it (report, check): it
	 * is upgraded first, through a connection of its own. */
	ok(store_open(&s, p, STORE_READONLY, &e) == 0, "opened read-only by a writer, it is upgraded");
	store_close(s);
	ok(store_open(&s, p, 0, &e) == 0, "and then opens for writing as it is");
	sqlite3_open(p, &db);
	is_int(count_of(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION, "schema %d",
	       STORE_SCHEMA_VERSION);
	is_int(count_of(db, "SELECT count(*) > 0 FROM entry_sum"), 1, "roll-ups were back-filled");
	is_int(count_of(db, "SELECT count(*) FROM pragma_table_info('team') WHERE name = 'head_id'"),
	       1, "team has head_id (schema 3)");
	is_int(view_mismatches(db, "daily_totals", v1_daily_totals) +
		       view_mismatches(db, "monthly_kpi", v1_monthly_kpi),
	       0, "the upgraded views give the same rows");
	check_round(s, db, "after the upgrade", 60);
	ok(store_round(s, 500, 0) == 0 && sql_round(db, 100) == 0,
	   "the upgraded file takes writes from both sides");
	check_round(s, db, "upgraded, after writes", 60);
	sqlite3_close(db);
	store_close(s);
	free(p);
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s/kpitop-rollup-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 99;
	day0 = date_from_ymd(2025, 11, 15);
	day1 = date_from_ymd(2026, 3, 20);

	struct store *s;
	struct kp_err e;
	sqlite3 *db = NULL;
	char *p = xasprintf("%s/kp.db", dir);
	if (!ok(store_open(&s, p, STORE_CREATE, &e) == 0 && setup_company(s) == 0,
		"a database with %d managers", NMANAGERS)) {
		printf("# %s\n", e.msg);
		return tap_done();
	}
	/* Another program's connection: triggers on, as in the sqlite3 shell. */
	sqlite3_open(p, &db);
	sqlite3_busy_timeout(db, 5000);
	test_empty(s, db);
	test_random(s, db);
	test_rollback(s, db);
	test_undo(s, db);
	test_read_own_writes(s, db);
	test_views(s, db);
	test_references(s, db);
	test_bad_day(db);
	sqlite3_close(db);
	store_close(s);
	test_big_transaction();
	test_upgrade();
	free(p);

	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return tap_done();
}
