/* test_store.c - the database layer on temporary files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpitop/store.h"
#include "tap.h"

static char dir[256];

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (fp) {
		fwrite(data, 1, n, fp);
		fclose(fp);
	}
}

static int64_t sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int64_t v = -1;
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return v;
}

static void test_open_errors(void)
{
	struct store *s;
	struct kp_err e;
	char *p = path_in("missing.db");
	char *want = xasprintf("kpitop --db %s init", p);
	ok(store_open(&s, p, 0, &e) == -1 && strstr(e.msg, want),
	   "a missing file without STORE_CREATE says to run init on it");
	free(want);
	free(p);

	p = path_in("nodir/x.db");
	ok(store_open(&s, p, STORE_CREATE, &e) == -1 && strstr(e.msg, "does not exist"),
	   "a missing directory is named");
	free(p);

	p = path_in("random.db");
	unsigned char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 131 + 7);
	write_file(p, junk, sizeof junk);
	ok(store_open(&s, p, 0, &e) == -1 && strstr(e.msg, "not a kpitop database"),
	   "random bytes are not a database");
	free(p);

	p = path_in("text.db");
	write_file(p, "date,team\n", 10);
	ok(store_open(&s, p, 0, &e) == -1 && strstr(e.msg, "not a kpitop database"),
	   "a text file is not a database");
	free(p);

	ok(store_open(&s, dir, 0, &e) == -1 && strstr(e.msg, "directory"),
	   "a directory is refused");

	/* A valid SQLite file from some other program. */
	p = path_in("other.db");
	sqlite3 *db;
	sqlite3_open(p, &db);
	sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL);
	sqlite3_close(db);
	ok(store_open(&s, p, 0, &e) == -1 && strstr(e.msg, "other tables"),
	   "another program's SQLite file is refused");
	free(p);

	/* A database from a newer kpitop. */
	p = path_in("newer.db");
	ok(store_open(&s, p, STORE_CREATE, &e) == 0, "create a database");
	store_close(s);
	sqlite3_open(p, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	ok(store_open(&s, p, 0, &e) == -1 && strstr(e.msg, "newer kpitop"),
	   "a newer schema is refused");
	free(p);

	/* A corrupt database: a good header, garbage pages. */
	p = path_in("corrupt.db");
	ok(store_open(&s, p, STORE_CREATE, &e) == 0, "create a database to corrupt");
	store_close(s);
	/* The persistent -wal still holds good copies of the first pages: a
	 * later open would read those and never see the damage.  A file copied
	 * without its -wal is the case to test. */
	char side[512];
	snprintf(side, sizeof side, "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", p);
	unlink(side);
	FILE *fp = fopen(p, "r+b");
	if (fp) {
		fseek(fp, 100, SEEK_SET);
		fwrite(junk, 1, 1500, fp);
		fclose(fp);
	}
	int rc = store_open(&s, p, 0, &e);
	ok(rc == -1 && strchr(e.msg, '\n') == NULL, "a corrupt file fails with one line (%s)",
	   rc ? e.msg : "opened");
	if (rc == 0)
		store_close(s);
	free(p);
}

static void test_schema(struct store *s, const char *p)
{
	struct kp_dims d;
	struct kp_err e;
	is_int(sql_int(p, "PRAGMA user_version"), STORE_SCHEMA_VERSION, "user_version is set");
	is_int(sql_int(p, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
	       1, "the database is in WAL mode");
	ok(store_load_dims(s, &d, &e) == 0, "load dimensions");
	is_int(d.nchannels, 6, "six default channels");
	is_int(d.nmetrics, 6, "six default metrics");
	is_str(d.channels[0].name, "phone", "first channel is phone");
	is_str(d.metrics[5].key, "revenue", "revenue is the sixth metric");
	is_int(d.metrics[5].kind, METRIC_MONEY, "revenue is money");
	is_int(d.metrics[1].funnel, 1, "leads open the funnel");
	is_int(d.metrics[4].funnel, 4, "deals close the funnel");
	dims_free(&d);
}

struct sums {
	int64_t total;
	int rows;
};

static void sum_cb(void *ctx, int64_t m, int64_t c, int64_t x, int64_t v)
{
	struct sums *s = ctx;
	(void)m, (void)c, (void)x;
	s->total += v;
	s->rows++;
}

static void test_entries(struct store *s, const char *p)
{
	struct kp_err e;
	int64_t team, anna, bob, v;
	int changed, found;
	kp_date day = date_from_ymd(2026, 11, 20);

	ok(store_team_add(s, "Sales", &team, &e) == -1 && strstr(e.msg, "transaction"),
	   "writes outside a transaction are refused");
	ok(store_begin(s, "alice", "test", &e) == 0, "begin");
	ok(store_team_add(s, "Sales", &team, &e) == 0, "add a team");
	ok(store_team_add(s, "Sales", NULL, &e) == -1 && strstr(e.msg, "already exists"),
	   "duplicate team names are refused");
	ok(store_team_add(s, "bad\x1bname", NULL, &e) == -1 && strstr(e.msg, "control"),
	   "control characters in names are refused");
	ok(store_manager_add(s, "Анна Смирнова", team, &anna, &e) == 0, "add a Cyrillic manager");
	ok(store_manager_add(s, "Bob", team, &bob, &e) == 0, "add a second manager");
	ok(store_entry_set(s, day, anna, 1, 1, 40, &changed, &e) == 0 && changed,
	   "set calls=40");
	ok(store_entry_set(s, day, anna, 1, 1, 40, &changed, &e) == 0 && !changed,
	   "setting the same value changes nothing");
	ok(store_entry_set(s, day, anna, 1, 1, 35, &changed, &e) == 0 && changed,
	   "set calls=35 (upsert)");
	ok(store_entry_set(s, day, anna, 1, 1, -1, &changed, &e) == -1, "negative values are refused");
	ok(store_entry_set(s, day, 999, 1, 1, 5, &changed, &e) == -1, "an unknown manager is refused");
	ok(store_entry_set(s, day, bob, 2, 6, 1234550, NULL, &e) == 0, "set money in minor units");
	ok(store_commit(s, &e) == 0, "commit");

	ok(store_entry_get(s, day, anna, 1, 1, &v, &found, &e) == 0 && found && v == 35,
	   "the value is set, not added");
	is_int(sql_int(p, "SELECT count(*) FROM entry"), 2, "two entry rows");
	is_int(sql_int(p, "SELECT count(*) FROM change"), 1, "one change row for the transaction");
	is_int(sql_int(p, "SELECT count(*) FROM audit"), 3, "three audited cell changes");
	is_int(sql_int(p, "SELECT value FROM entries WHERE metric = 'revenue'") , 12345,
	       "the entries view shows money in units (integer part)");

	struct sums sm = {0, 0};
	ok(store_sum_entries(s, day, day, sum_cb, &sm, &e) == 0 && sm.rows == 2 &&
		   sm.total == 35 + 1234550,
	   "sum_entries over the day");
	sm = (struct sums){0, 0};
	store_sum_entries(s, day + 1, day + 30, sum_cb, &sm, &e);
	is_int(sm.rows, 0, "no sums outside the range");

	/* Plans: team and manager rows are distinct. */
	ok(store_begin(s, "alice", "plan", &e) == 0, "begin plans");
	ok(store_plan_set(s, 2026, 11, team, 0, 6, 100000000, &changed, &e) == 0 && changed,
	   "team plan");
	ok(store_plan_set(s, 2026, 11, 0, anna, 6, 50000000, &changed, &e) == 0 && changed,
	   "manager plan");
	ok(store_plan_set(s, 2026, 11, 0, anna, 6, 60000000, &changed, &e) == 0 && changed,
	   "manager plan updated");
	ok(store_plan_set(s, 2026, 11, team, anna, 6, 1, &changed, &e) == -1,
	   "a plan for both a team and a manager is refused");
	ok(store_commit(s, &e) == 0, "commit plans");
	is_int(sql_int(p, "SELECT count(*) FROM plan"), 2, "two plan rows");
	is_int(sql_int(p, "SELECT value FROM plan WHERE manager_id IS NOT NULL"), 60000000,
	       "the manager plan is upserted");

	/* Rollback writes nothing. */
	ok(store_begin(s, "alice", "x", &e) == 0, "begin to roll back");
	store_entry_set(s, day, bob, 1, 1, 77, NULL, &e);
	store_rollback(s);
	is_int(sql_int(p, "SELECT count(*) FROM entry WHERE value = 77"), 0, "rollback keeps nothing");
}

static void test_undo_log(struct store *s)
{
	struct kp_err e;
	int64_t id;
	size_t cells;
	struct kp_audit *a;
	size_t n;
	int64_t v;
	int found;
	kp_date day = date_from_ymd(2026, 11, 20);

	ok(store_undo(s, "alice", &id, &cells, &e) == 0 && id == 2 && cells == 3,
	   "undo reverts the last change (the plans, three cells)");
	ok(store_plan_get(s, 2026, 11, 0, 2, 6, &v, &found, &e) == 0 && !found,
	   "the new manager plan is gone again");
	ok(store_undo(s, "bob", &id, &cells, &e) == 0 && id == 0, "bob has nothing to undo");
	ok(store_undo(s, "alice", &id, &cells, &e) == 0 && id == 1, "undo the entries too");
	ok(store_entry_get(s, day, 1, 1, 1, &v, &found, &e) == 0 && !found,
	   "calls are not entered again");
	ok(store_undo(s, "alice", &id, &cells, &e) == 0 && id == 0, "nothing more to undo");
	ok(store_log(s, 100, &a, &n, &e) == 0 && n == 12, "the log has every cell change (%zu)", n);
	if (n > 0) {
		is_str(a[0].user, "alice", "the log names the user");
		ok(strncmp(a[0].what, "undo #", 6) == 0, "the newest entry is an undo");
	}
	/* The scope's parts match the scope text. */
	int parts_ok = 1, entries = 0, plans = 0;
	for (size_t i = 0; i < n; i++) {
		char *want = strcmp(a[i].kind, "entry") == 0
				     ? xasprintf("%s %s / %s", a[i].day, a[i].manager, a[i].channel)
				     : xasprintf("%s %s", a[i].day, a[i].manager);
		if (strcmp(a[i].kind, "entry") == 0) {
			entries++;
			parts_ok &= strlen(a[i].day) == 10 && !*a[i].team && *a[i].channel;
		} else {
			plans++;
			parts_ok &= strlen(a[i].day) == 7 && !*a[i].channel;
		}
		if (!*a[i].team)
			parts_ok &= strcmp(a[i].scope, want) == 0;
		free(want);
	}
	ok(parts_ok && entries > 0 && plans > 0,
	   "each change's day, team, manager and channel agree with its scope");
	audit_free(a, n);
	ok(store_log(s, 3, &a, &n, &e) == 0 && n == 3, "the log honours its limit");
	audit_free(a, n);
}

static void test_undo_conflict(struct store *s)
{
	struct kp_err e;
	int64_t id;
	size_t cells;
	kp_date day = date_from_ymd(2026, 11, 21);
	store_begin(s, "alice", "add", &e);
	store_entry_set(s, day, 1, 1, 1, 10, NULL, &e);
	store_commit(s, &e);
	store_begin(s, "bob", "add", &e);
	store_entry_set(s, day, 1, 1, 1, 20, NULL, &e);
	store_commit(s, &e);
	ok(store_undo(s, "alice", &id, &cells, &e) == -1 && strstr(e.msg, "changed again"),
	   "undo refuses to overwrite a later change by someone else");
	ok(store_undo(s, "bob", &id, &cells, &e) == 0 && id > 0, "bob can undo his change");
	ok(store_undo(s, "alice", &id, &cells, &e) == 0 && id > 0, "then alice can undo hers");
}

static void test_backup_check(struct store *s)
{
	struct kp_err e;
	struct store_check c;
	char *p = path_in("backup.db");
	ok(store_backup(s, p, &e) == 0, "backup");
	ok(store_backup(s, p, &e) == -1 && strstr(e.msg, "exists"), "backup never overwrites");
	is_int(sql_int(p, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
	       1, "the backup passes integrity_check");
	is_int(sql_int(p, "SELECT count(*) FROM team"), 1, "the backup has the data");
	ok(store_check(s, &c, &e) == 0 && c.ok && c.user_version == STORE_SCHEMA_VERSION,
	   "check reports ok and the schema version");
	is_int(c.teams, 1, "check counts teams");
	is_int(c.managers, 2, "check counts managers");
	is_str(c.journal_mode, "wal", "check reports WAL");
	free(p);
}

static void test_readonly(const char *p)
{
	struct store *s;
	struct kp_err e;
	ok(store_open(&s, p, STORE_READONLY, &e) == 0 && store_readonly(s), "open read-only");
	ok(store_begin(s, "alice", "x", &e) == -1 && strstr(e.msg, "read-only"),
	   "a read-only store refuses to write");
	store_close(s);
}

struct waiter {
	int calls;
	sqlite3 *holder; /* when set, the callback ends its transaction */
};

static void on_wait(void *arg)
{
	struct waiter *w = arg;
	w->calls++;
	if (w->holder)
		sqlite3_exec(w->holder, "COMMIT", NULL, NULL, NULL);
}

static long ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Another connection holds the write lock: the store waits, says so once a
 * wait is long enough to notice, and gives up with a clear reason. */
static void test_busy(const char *p)
{
	struct store *s;
	struct kp_err e;
	sqlite3 *other;
	struct waiter w = {0, NULL};
	if (!ok(store_open(&s, p, 0, &e) == 0 && sqlite3_open(p, &other) == SQLITE_OK,
		"open the store and a second connection"))
		return;
	store_on_wait(s, on_wait, &w);
	sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	store_set_busy_timeout(s, 100);
	long t0 = ms_now();
	ok(store_begin(s, "alice", "x", &e) == -1 && strstr(e.msg, "busy"),
	   "busy for longer than the timeout: the write is refused as busy");
	ok(ms_now() - t0 >= 95, "after waiting about the timeout (%ld ms)", ms_now() - t0);
	ok(w.calls == 0, "a wait too short to notice is not announced (%d)", w.calls);

	store_set_busy_timeout(s, 500);
	t0 = ms_now();
	ok(store_begin(s, "alice", "x", &e) == -1, "500 ms: refused again");
	long took = ms_now() - t0;
	ok(took >= 490 && took < 1500, "after about the timeout in all, not once per try (%ld ms)", took);
	ok(w.calls == 1, "a longer wait is announced, once for all its tries (%d)", w.calls);

	w.calls = 0;
	w.holder = other;
	store_set_busy_timeout(s, 5000);
	t0 = ms_now();
	int64_t team;
	int begun = store_begin(s, "alice", "x", &e) == 0;
	ok(begun && store_team_add(s, "Busy", &team, &e) == 0 && store_commit(s, &e) == 0,
	   "the lock freed during the wait: the write goes through");
	ok(w.calls == 1, "announced exactly once (%d)", w.calls);
	ok(ms_now() - t0 < 2000, "without waiting out the timeout (%ld ms)", ms_now() - t0);
	sqlite3_close(other);
	store_close(s);
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s/kpitop-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 99;
	test_open_errors();

	struct store *s;
	struct kp_err e;
	char *p = path_in("kp.db");
	if (!ok(store_open(&s, p, STORE_CREATE, &e) == 0, "create a database")) {
		printf("# %s\n", e.msg);
		return tap_done();
	}
	test_schema(s, p);
	test_entries(s, p);
	test_undo_log(s);
	test_undo_conflict(s);
	test_backup_check(s);
	store_close(s);
	test_busy(p);
	test_readonly(p);
	free(p);

	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return tap_done();
}
