/* viewtime.c - how long the dashboard needs to have a period's data ready:
 * snapshot_load (dimensions, the period's and the previous period's sums,
 * plans, 30 days of daily sums) and the KPI math of all three views, as the
 * dashboard does on every reload.  Beside it, the floor: the same aggregates
 * as plain GROUP BY statements run by SQLite itself on the same file.
 *
 * Usage: viewtime DB ASOF [REPS]
 * Prints one line per period kind:
 *   view KIND cold=MS cpu=MS warm=MS queries=MS math=MS floor=MS rows=N
 * cold: a fresh connection (empty page cache, as after another process
 * committed); cpu: the CPU time of cold (the same on an idle machine);
 * warm: the same connection again; queries and math split the cold figure;
 * floor: plain SQL on a fresh connection.  Medians of REPS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kpitop/calendar.h"
#include "kpitop/config.h"
#include "kpitop/kpi.h"
#include "kpitop/snapshot.h"
#include "kpitop/store.h"

#define MAX_REPS 100

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct timing {
	double total, cpu, queries, math;
	size_t rows;
};

/* One dashboard reload: the snapshot and the three views. */
static int reload(struct store *s, const struct kpi_settings *set, enum period_kind kind,
		  kp_date asof, struct timing *t, struct kp_err *e)
{
	struct snapshot sn;
	struct kpi_view v[3];
	double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ms();
	if (snapshot_load(&sn, s, kind, asof, 1, e))
		return -1;
	double t1 = now_ms();
	for (int i = 0; i < 3; i++) {
		memset(&v[i], 0, sizeof v[i]);
		snapshot_view(&sn, set, (enum kpi_view_kind)i, &v[i]);
	}
	double t2 = now_ms();
	t->cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
	t->queries = t1 - t0;
	t->math = t2 - t1;
	t->total = t2 - t0;
	t->rows = sn.cur.n + sn.prev.n + sn.ndays;
	for (int i = 0; i < 3; i++)
		kpi_view_free(&v[i]);
	snapshot_free(&sn);
	return 0;
}

/* The floor: what plain SQL needs for the same sums, every row grouped by
 * SQLite (no roll-up), on a fresh connection. */
static double floor_ms(const char *path, struct period p, kp_date asof, struct period pp,
		       kp_date pasof)
{
	static const char *const sum_sql =
		"SELECT manager_id, channel_id, metric_id, sum(value) FROM entry"
		" WHERE day BETWEEN ?1 AND ?2 GROUP BY manager_id, channel_id, metric_id";
	static const char *const daily_sql =
		"SELECT day, manager_id, metric_id, sum(value) FROM entry"
		" WHERE day BETWEEN ?1 AND ?2 GROUP BY day, manager_id, metric_id";
	kp_date from[3] = {p.from, pp.from, asof - (SNAPSHOT_DAYS - 1)};
	kp_date to[3] = {asof, pasof, asof};
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "viewtime: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	/* Read the schema before the clock starts, as store_open does. */
	sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	double t0 = now_ms();
	int64_t check = 0;
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *q;
		char a[16], b[16];
		date_format(from[i], a);
		date_format(to[i], b);
		if (sqlite3_prepare_v2(db, i < 2 ? sum_sql : daily_sql, -1, &q, NULL) != SQLITE_OK) {
			fprintf(stderr, "viewtime: %s\n", sqlite3_errmsg(db));
			exit(1);
		}
		sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW)
			check += sqlite3_column_int64(q, 3);
		sqlite3_finalize(q);
	}
	double t = now_ms() - t0;
	sqlite3_close(db);
	return check >= 0 ? t : -t;
}

static int bench_kind(const char *path, const struct kpi_settings *set, enum period_kind kind,
		      kp_date asof, int reps)
{
	double cold[MAX_REPS], cpu[MAX_REPS], warm[MAX_REPS], q[MAX_REPS], m[MAX_REPS];
	double fl[MAX_REPS];
	struct kp_err e;
	struct timing t = {0};
	struct period p, pp;
	kp_date pasof;
	kpi_view_ranges(kind, asof, &p, &pp, &pasof);
	for (int r = 0; r < reps; r++) {
		struct store *s;
		if (store_open(&s, path, STORE_READONLY, &e)) {
			fprintf(stderr, "viewtime: %s\n", e.msg);
			return -1;
		}
		if (reload(s, set, kind, asof, &t, &e))
			goto fail;
		cold[r] = t.total;
		cpu[r] = t.cpu;
		q[r] = t.queries;
		m[r] = t.math;
		if (reload(s, set, kind, asof, &t, &e))
			goto fail;
		warm[r] = t.total;
		store_close(s);
		fl[r] = floor_ms(path, p, asof, pp, pasof);
		continue;
fail:
		fprintf(stderr, "viewtime: %s\n", e.msg);
		store_close(s);
		return -1;
	}
	printf("view %s cold=%.3f cpu=%.3f warm=%.3f queries=%.3f math=%.3f floor=%.3f rows=%zu\n",
	       period_kind_name(kind), median(cold, reps), median(cpu, reps), median(warm, reps),
	       median(q, reps), median(m, reps), median(fl, reps), t.rows);
	return 0;
}

int main(int argc, char **argv)
{
	kp_date asof;
	int reps = argc > 3 ? atoi(argv[3]) : 15;
	if (argc < 3 || date_parse(argv[2], &asof) || reps < 1 || reps > MAX_REPS) {
		fprintf(stderr, "usage: viewtime DB YYYY-MM-DD [REPS 1..%d]\n", MAX_REPS);
		return 2;
	}
	struct kp_config cfg;
	struct kpi_settings set;
	config_defaults(&cfg);
	kpi_settings_from_config(&set, &cfg);
	int rc = 0;
	for (int k = 0; k < PERIOD_NKINDS && rc == 0; k++)
		rc = bench_kind(argv[1], &set, (enum period_kind)k, asof, reps);
	config_free(&cfg);
	return rc ? 1 : 0;
}
