/* store.c - the shared SQLite database; the only place SQL lives.
 *
 * Writes: BEGIN IMMEDIATE (retried while another writer holds the lock),
 * prepared statements with bound parameters, an audit row per changed cell.
 * Reads: a few aggregate statements per view. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpitop/numfmt.h"
#include "kpitop/store.h"

/* Schema migrations, indexed by the user_version they lead to minus one.
 * All pending steps run in one transaction on open. */
static const char *const migrations[] = {
	/* 1: the whole schema of SPEC section 2, default channels and metrics,
	 * and read-only views for other tools (see share/schema.md). */
	"CREATE TABLE team ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
	"CREATE TABLE manager ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),"
	"  team_id INTEGER NOT NULL REFERENCES team (id),"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
	"CREATE INDEX manager_by_team ON manager (team_id);"
	"CREATE TABLE channel ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
	"CREATE TABLE metric ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 32"
	"    AND key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),"
	"  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),"
	"  kind TEXT NOT NULL CHECK (kind IN ('count', 'money')),"
	"  funnel INTEGER CHECK (funnel IS NULL OR funnel > 0),"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
	"CREATE TABLE entry ("
	"  day TEXT NOT NULL CHECK (day GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	"  manager_id INTEGER NOT NULL REFERENCES manager (id),"
	"  channel_id INTEGER NOT NULL REFERENCES channel (id),"
	"  metric_id INTEGER NOT NULL REFERENCES metric (id),"
	"  value INTEGER NOT NULL CHECK (typeof(value) = 'integer' AND value >= 0),"
	"  PRIMARY KEY (day, manager_id, channel_id, metric_id)) WITHOUT ROWID;"
	"CREATE TABLE plan ("
	"  month TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),"
	"  team_id INTEGER REFERENCES team (id),"
	"  manager_id INTEGER REFERENCES manager (id),"
	"  metric_id INTEGER NOT NULL REFERENCES metric (id),"
	"  value INTEGER NOT NULL CHECK (typeof(value) = 'integer' AND value >= 0),"
	"  CHECK ((team_id IS NULL) <> (manager_id IS NULL)));"
	"CREATE UNIQUE INDEX plan_of_team ON plan (month, team_id, metric_id)"
	"  WHERE team_id IS NOT NULL;"
	"CREATE UNIQUE INDEX plan_of_manager ON plan (month, manager_id, metric_id)"
	"  WHERE manager_id IS NOT NULL;"
	"CREATE TABLE change ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),"
	"  user TEXT NOT NULL,"
	"  what TEXT NOT NULL,"
	"  undoes INTEGER REFERENCES change (id),"
	"  undone_by INTEGER REFERENCES change (id));"
	"CREATE INDEX change_by_user ON change (user, id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  change_id INTEGER NOT NULL REFERENCES change (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('entry', 'plan')),"
	"  day TEXT NOT NULL,"
	"  team_id INTEGER, manager_id INTEGER, channel_id INTEGER,"
	"  metric_id INTEGER NOT NULL,"
	"  old_value INTEGER, new_value INTEGER);"
	"CREATE INDEX audit_by_change ON audit (change_id);"
	"INSERT INTO channel (name, position) VALUES ('phone', 1), ('website', 2),"
	"  ('instagram', 3), ('whatsapp', 4), ('email', 5), ('walk-in', 6);"
	"INSERT INTO metric (key, label, kind, funnel, position) VALUES"
	"  ('calls', 'Calls', 'count', NULL, 1), ('leads', 'Leads', 'count', 1, 2),"
	"  ('meetings', 'Meetings', 'count', 2, 3), ('proposals', 'Proposals', 'count', 3, 4),"
	"  ('deals', 'Deals', 'count', 4, 5), ('revenue', 'Revenue', 'money', NULL, 6);"
	/* Views for other tools: money as decimal units, names resolved. */
	"CREATE VIEW entries AS SELECT e.day, t.name AS team, m.name AS manager,"
	"  c.name AS channel, x.key AS metric,"
	"  CASE x.kind WHEN 'money' THEN e.value / 100.0 ELSE e.value END AS value"
	"  FROM entry e JOIN manager m ON m.id = e.manager_id JOIN team t ON t.id = m.team_id"
	"  JOIN channel c ON c.id = e.channel_id JOIN metric x ON x.id = e.metric_id;"
	"CREATE VIEW daily_totals AS SELECT e.day, t.name AS team, m.name AS manager,"
	"  x.key AS metric,"
	"  CASE x.kind WHEN 'money' THEN sum(e.value) / 100.0 ELSE sum(e.value) END AS value"
	"  FROM entry e JOIN manager m ON m.id = e.manager_id JOIN team t ON t.id = m.team_id"
	"  JOIN metric x ON x.id = e.metric_id GROUP BY e.day, e.manager_id, e.metric_id;"
	"CREATE VIEW monthly_kpi AS WITH act AS ("
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
	"    AND p.metric_id = k.metric_id;"
	"CREATE VIEW audit_log AS SELECT a.id, c.id AS change, c.at, c.user, c.what,"
	"  a.kind, a.day, t.name AS team, m.name AS manager, ch.name AS channel,"
	"  x.key AS metric, a.old_value, a.new_value, c.undoes, c.undone_by"
	"  FROM audit a JOIN change c ON c.id = a.change_id"
	"  LEFT JOIN team t ON t.id = a.team_id LEFT JOIN manager m ON m.id = a.manager_id"
	"  LEFT JOIN channel ch ON ch.id = a.channel_id LEFT JOIN metric x ON x.id = a.metric_id;",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION, "one migration per schema version");

/* Prepared once, reused: bind, step, reset. */
enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_DATA_VERSION,
	ST_CHANGE_ADD,
	ST_AUDIT_ADD,
	ST_ENTRY_GET,
	ST_ENTRY_PUT,
	ST_ENTRY_DEL,
	ST_PLAN_GET_T,
	ST_PLAN_GET_M,
	ST_PLAN_PUT_T,
	ST_PLAN_PUT_M,
	ST_PLAN_DEL_T,
	ST_PLAN_DEL_M,
	ST_SUM,
	ST_DAILY,
	ST_PLANS,
	NSTMT
};

static const char *const stmt_sql[NSTMT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_CHANGE_ADD] = "INSERT INTO change (user, what, undoes) VALUES (?1, ?2, ?3)",
	[ST_AUDIT_ADD] = "INSERT INTO audit (change_id, kind, day, team_id, manager_id,"
			 " channel_id, metric_id, old_value, new_value)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_ENTRY_GET] = "SELECT value FROM entry WHERE day = ?1 AND manager_id = ?2"
			 " AND channel_id = ?3 AND metric_id = ?4",
	[ST_ENTRY_PUT] = "INSERT INTO entry (day, manager_id, channel_id, metric_id, value)"
			 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (day, manager_id,"
			 " channel_id, metric_id) DO UPDATE SET value = excluded.value",
	[ST_ENTRY_DEL] = "DELETE FROM entry WHERE day = ?1 AND manager_id = ?2"
			 " AND channel_id = ?3 AND metric_id = ?4",
	[ST_PLAN_GET_T] = "SELECT value FROM plan WHERE month = ?1 AND team_id = ?2"
			  " AND metric_id = ?3",
	[ST_PLAN_GET_M] = "SELECT value FROM plan WHERE month = ?1 AND manager_id = ?2"
			  " AND metric_id = ?3",
	[ST_PLAN_PUT_T] = "INSERT INTO plan (month, team_id, metric_id, value)"
			  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (month, team_id, metric_id)"
			  " WHERE team_id IS NOT NULL DO UPDATE SET value = excluded.value",
	[ST_PLAN_PUT_M] = "INSERT INTO plan (month, manager_id, metric_id, value)"
			  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (month, manager_id, metric_id)"
			  " WHERE manager_id IS NOT NULL DO UPDATE SET value = excluded.value",
	[ST_PLAN_DEL_T] = "DELETE FROM plan WHERE month = ?1 AND team_id = ?2 AND metric_id = ?3",
	[ST_PLAN_DEL_M] = "DELETE FROM plan WHERE month = ?1 AND manager_id = ?2"
			  " AND metric_id = ?3",
	[ST_SUM] = "SELECT manager_id, channel_id, metric_id, sum(value) FROM entry"
		   " WHERE day BETWEEN ?1 AND ?2 GROUP BY manager_id, channel_id, metric_id",
	[ST_DAILY] = "SELECT day, manager_id, metric_id, sum(value) FROM entry"
		     " WHERE day BETWEEN ?1 AND ?2 GROUP BY day, manager_id, metric_id",
	[ST_PLANS] = "SELECT month, coalesce(team_id, 0), coalesce(manager_id, 0), metric_id,"
		     " value FROM plan WHERE month BETWEEN ?1 AND ?2",
};

struct store {
	sqlite3 *db;
	char *path;
	int readonly;
	int audit_on;
	int depth;          /* nesting of store_begin */
	char *user, *what;  /* of the open transaction */
	int64_t change_id;  /* 0 until the transaction changes something */
	int64_t undoes;     /* set by store_undo for its change row */
	sqlite3_stmt *st[NSTMT];
};

/* One clear sentence for an SQLite failure. */
static int db_fail(struct store *s, struct kp_err *e, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db);
	const char *why;
	switch (code & 0xff) {
	case SQLITE_FULL:
		why = "the disk is full";
		break;
	case SQLITE_READONLY:
		why = "the database is read-only for this user";
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		why = "the database stayed busy (another program is writing); try again";
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		why = "the database file is corrupt";
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		why = sqlite3_errmsg(s->db);
		break;
	default:
		why = sqlite3_errmsg(s->db);
	}
	return kp_fail(e, "%s: %s: %s", s->path, doing, why);
}

static sqlite3_stmt *stmt(struct store *s, enum stmt_id id, struct kp_err *e)
{
	if (!s->st[id] && sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					     &s->st[id], NULL) != SQLITE_OK) {
		db_fail(s, e, "preparing a query");
		return NULL;
	}
	return s->st[id];
}

/* Step a statement that returns no rows, then reset it. */
static int step_done(struct store *s, sqlite3_stmt *q, struct kp_err *e, const char *doing)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(s, e, doing);
	return 0;
}

static int exec(struct store *s, const char *sql, struct kp_err *e, const char *doing)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, e, doing);
	return 0;
}

static void bind_date(sqlite3_stmt *q, int i, kp_date d)
{
	char buf[16];
	date_format(d, buf);
	sqlite3_bind_text(q, i, buf, -1, SQLITE_TRANSIENT);
}

static void bind_month(sqlite3_stmt *q, int i, int y, int m)
{
	char buf[16];
	month_format(y, m, buf);
	sqlite3_bind_text(q, i, buf, -1, SQLITE_TRANSIENT);
}

static void bind_id_or_null(sqlite3_stmt *q, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(q, i, id);
	else
		sqlite3_bind_null(q, i);
}

/* A single integer from a query with bound text parameters (may be NULL). */
static int query_int(struct store *s, const char *sql, int64_t *out, struct kp_err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "reading the database");
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return db_fail(s, e, "reading the database");
	return 0;
}

/* ---- opening ---- */

static int check_file(const char *path, int flags, int *exists, struct kp_err *e)
{
	struct stat st;
	*exists = 0;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return kp_fail(e, "%s: is a directory, not a database", path);
		if (!S_ISREG(st.st_mode))
			return kp_fail(e, "%s: not a regular file", path);
		*exists = 1;
		if (st.st_size == 0)
			return 0;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return kp_fail(e, "%s: cannot open: %s", path, strerror(errno));
		char head[16];
		ssize_t n = read(fd, head, sizeof head);
		close(fd);
		if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
			return kp_fail(e, "%s: not a kpitop database (not an SQLite file)", path);
		return 0;
	}
	if (errno != ENOENT)
		return kp_fail(e, "%s: %s", path, strerror(errno));
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash) {
		*slash = '\0';
		const char *d = slash == dir ? "/" : dir;
		if (stat(d, &st) != 0)
			rc = kp_fail(e, "%s: directory %s does not exist", path, d);
		else if (!S_ISDIR(st.st_mode))
			rc = kp_fail(e, "%s: %s is not a directory", path, d);
	}
	free(dir);
	if (rc == 0 && !(flags & STORE_CREATE))
		rc = kp_fail(e, "%s: no database here (create one with: kpitop init)", path);
	return rc;
}

/* Can this process write the file and create -wal/-shm beside it? */
static int can_write(const char *path)
{
	if (access(path, W_OK) != 0)
		return 0;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int ok = 1;
	if (slash) {
		*slash = '\0';
		ok = access(slash == dir ? "/" : dir, W_OK) == 0;
	}
	free(dir);
	return ok;
}

static int migrate(struct store *s, struct kp_err *e)
{
	int64_t v;
	if (query_int(s, "PRAGMA user_version", &v, e))
		return -1;
	if (v > STORE_SCHEMA_VERSION)
		return kp_fail(e, "%s: written by a newer kpitop (schema %lld; this one knows up to %d)",
			       s->path, (long long)v, STORE_SCHEMA_VERSION);
	if (v == 0) {
		int64_t n;
		if (query_int(s, "SELECT count(*) FROM sqlite_master", &n, e))
			return -1;
		if (n > 0)
			return kp_fail(e, "%s: not a kpitop database (it holds other tables)", s->path);
	}
	if (v == STORE_SCHEMA_VERSION)
		return 0;
	if (s->readonly)
		return kp_fail(e, "%s: needs a schema upgrade; open it once with write access", s->path);
	if (store_begin(s, "kpitop", "migrate", e))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (query_int(s, "PRAGMA user_version", &v, e))
		goto fail;
	for (; v < STORE_SCHEMA_VERSION; v++) {
		if (exec(s, migrations[v], e, "upgrading the schema"))
			goto fail;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", (long long)v + 1);
		if (exec(s, sql, e, "upgrading the schema"))
			goto fail;
	}
	return store_commit(s, e);
fail:
	store_rollback(s);
	return -1;
}

int store_open(struct store **out, const char *path, int flags, struct kp_err *e)
{
	int exists;
	*out = NULL;
	if (check_file(path, flags, &exists, e))
		return -1;
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->audit_on = 1;
	s->readonly = (flags & STORE_READONLY) || (exists && !can_write(path));
	int oflags = s->readonly ? SQLITE_OPEN_READONLY
				 : SQLITE_OPEN_READWRITE | (flags & STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (!s->db) {
			kp_fail(e, "%s: cannot open: out of memory", path);
		} else {
			db_fail(s, e, "cannot open");
		}
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	/* Keep -wal and -shm when the last connection closes: created once with
	 * the right owner and mode, they must never be re-created by a reader
	 * (SPEC section 7; see shared.c). */
	int persist = 1;
	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	int64_t v;
	/* The first read of the schema is where a non-database or corrupt file shows. */
	if (query_int(s, "SELECT count(*) FROM sqlite_master", &v, e) ||
	    exec(s, "PRAGMA foreign_keys = ON", e, "opening") ||
	    (!s->readonly && exec(s, "PRAGMA journal_mode = WAL", e, "switching to WAL")) ||
	    migrate(s, e)) {
		/* Keep only the first line of the reason. */
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db)
		sqlite3_close(s->db);
	free(s->user);
	free(s->what);
	free(s->path);
	free(s);
}

int store_readonly(const struct store *s)
{
	return s->readonly;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

void store_set_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms);
}

void store_audit_enable(struct store *s, int on)
{
	s->audit_on = on;
}

int store_data_version(struct store *s, int64_t *out, struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_DATA_VERSION, e);
	if (!q)
		return -1;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : db_fail(s, e, "checking for changes");
}

/* ---- transactions ---- */

int store_begin(struct store *s, const char *user, const char *what, struct kp_err *e)
{
	if (s->depth++ > 0)
		return 0;
	if (s->readonly) {
		s->depth = 0;
		return kp_fail(e, "%s: opened read-only; changes are not possible", s->path);
	}
	sqlite3_stmt *q = stmt(s, ST_BEGIN, e);
	if (!q) {
		s->depth = 0;
		return -1;
	}
	/* The busy handler waits out most writers; a few more tries cover the
	 * rest (a writer that holds the lock for longer than the timeout). */
	int rc;
	for (int tries = 0;; tries++) {
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if ((rc & 0xff) != SQLITE_BUSY || tries >= 3)
			break;
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (rc != SQLITE_DONE) {
		s->depth = 0;
		return db_fail(s, e, "starting a change");
	}
	free(s->user);
	free(s->what);
	s->user = xstrdup(user ? user : kp_username());
	s->what = xstrdup(what ? what : "change");
	s->change_id = 0;
	s->undoes = 0;
	return 0;
}

int store_commit(struct store *s, struct kp_err *e)
{
	if (s->depth == 0)
		return kp_fail(e, "internal error: commit without a transaction");
	if (--s->depth > 0)
		return 0;
	sqlite3_stmt *q = stmt(s, ST_COMMIT, e);
	if (!q || step_done(s, q, e, "saving the change")) {
		/* A failed COMMIT (disk full) leaves the transaction open: end it. */
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	if (s->depth == 0)
		return;
	s->depth = 0;
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int need_tx(struct store *s, struct kp_err *e)
{
	if (s->depth == 0)
		return kp_fail(e, "internal error: a write outside a transaction");
	return 0;
}

/* The change row is written when the transaction first changes a cell. */
static int change_id(struct store *s, struct kp_err *e, int64_t *id)
{
	if (!s->change_id) {
		sqlite3_stmt *q = stmt(s, ST_CHANGE_ADD, e);
		if (!q)
			return -1;
		sqlite3_bind_text(q, 1, s->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, s->what, -1, SQLITE_STATIC);
		bind_id_or_null(q, 3, s->undoes);
		if (step_done(s, q, e, "writing the audit trail"))
			return -1;
		s->change_id = sqlite3_last_insert_rowid(s->db);
	}
	*id = s->change_id;
	return 0;
}

struct cell {
	const char *kind;  /* "entry" or "plan" */
	char day[16];      /* date or month */
	int64_t team_id, manager_id, channel_id, metric_id;
};

static int audit_add(struct store *s, const struct cell *c, int has_old, int64_t old,
		     int has_new, int64_t new_value, struct kp_err *e)
{
	if (!s->audit_on)
		return 0;
	int64_t cid;
	if (change_id(s, e, &cid))
		return -1;
	sqlite3_stmt *q = stmt(s, ST_AUDIT_ADD, e);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, cid);
	sqlite3_bind_text(q, 2, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, c->day, -1, SQLITE_STATIC);
	bind_id_or_null(q, 4, c->team_id);
	bind_id_or_null(q, 5, c->manager_id);
	bind_id_or_null(q, 6, c->channel_id);
	sqlite3_bind_int64(q, 7, c->metric_id);
	if (has_old)
		sqlite3_bind_int64(q, 8, old);
	if (has_new)
		sqlite3_bind_int64(q, 9, new_value);
	return step_done(s, q, e, "writing the audit trail");
}

/* ---- dimensions ---- */

static int valid_name(const char *what, const char *name, struct kp_err *e)
{
	size_t n = strlen(name), chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (n == 0)
		return kp_fail(e, "%s name is empty", what);
	if (chars > 200)
		return kp_fail(e, "%s name is too long (at most 200 characters)", what);
	if (name[0] == ' ' || name[n - 1] == ' ')
		return kp_fail(e, "%s name '%s' starts or ends with a space", what, name);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return kp_fail(e, "%s name contains a control character", what);
	return 0;
}

static int insert_named(struct store *s, const char *sql, const char *what, const char *name,
			int64_t extra, int64_t *id, struct kp_err *e)
{
	if (need_tx(s, e) || valid_name(what, name, e))
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "adding");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (extra)
		sqlite3_bind_int64(q, 2, extra);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, "a %s named '%s' already exists", what, name);
	if (rc != SQLITE_DONE)
		return db_fail(s, e, "adding");
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_team_add(struct store *s, const char *name, int64_t *id, struct kp_err *e)
{
	return insert_named(s, "INSERT INTO team (name) VALUES (?1)", "team", name, 0, id, e);
}

int store_manager_add(struct store *s, const char *name, int64_t team_id, int64_t *id,
		      struct kp_err *e)
{
	return insert_named(s, "INSERT INTO manager (name, team_id) VALUES (?1, ?2)", "manager",
			    name, team_id, id, e);
}

int store_channel_add(struct store *s, const char *name, int64_t *id, struct kp_err *e)
{
	return insert_named(s,
			    "INSERT INTO channel (name, position) VALUES (?1,"
			    " (SELECT coalesce(max(position), 0) + 1 FROM channel))",
			    "channel", name, 0, id, e);
}

static int valid_metric_key(const char *key, struct kp_err *e)
{
	/* CSV columns of import/export and report. */
	static const char *const reserved[] = {
		"date", "team", "manager", "channel", "name", "revenue_plan",
		"revenue_completion_pct", "deals_plan", "deals_completion_pct", "expected_pct",
		"revenue_forecast", "revenue_required_per_day", "avg_deal", "conversion_pct", NULL};
	size_t n = strlen(key);
	if (n == 0 || n > 32 || key[0] < 'a' || key[0] > 'z')
		return kp_fail(e, "metric key '%s' must start with a-z and be at most 32 characters",
			       key);
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return kp_fail(e, "metric key '%s' may hold only a-z, 0-9 and _", key);
	for (int i = 0; reserved[i]; i++)
		if (strcmp(key, reserved[i]) == 0)
			return kp_fail(e, "metric key '%s' is reserved (a CSV or report column)", key);
	return 0;
}

int store_metric_add(struct store *s, const char *key, const char *label,
		     enum metric_kind kind, int funnel, int64_t *id, struct kp_err *e)
{
	if (need_tx(s, e) || valid_metric_key(key, e) || valid_name("metric label", label, e))
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO metric (key, label, kind, funnel, position) VALUES"
			       " (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM metric))",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "adding a metric");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, kind == METRIC_MONEY ? "money" : "count", -1, SQLITE_STATIC);
	if (funnel > 0)
		sqlite3_bind_int(q, 4, funnel);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, "a metric with key '%s' already exists", key);
	if (rc != SQLITE_DONE)
		return db_fail(s, e, "adding a metric");
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* Table names come from this fixed list only, never from the user. */
static const char *dim_table(const char *table)
{
	static const char *const tables[] = {"team", "manager", "channel", "metric", NULL};
	for (int i = 0; tables[i]; i++)
		if (strcmp(table, tables[i]) == 0)
			return tables[i];
	return NULL;
}

static int update_dim(struct store *s, const char *table, const char *set, int64_t id,
		      const char *text, int64_t num, struct kp_err *e)
{
	const char *t = dim_table(table);
	if (!t)
		return kp_fail(e, "internal error: unknown table %s", table);
	if (need_tx(s, e))
		return -1;
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE id = ?2", t, set);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "updating");
	if (text)
		sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(q, 1, num);
	sqlite3_bind_int64(q, 2, id);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, "a %s named '%s' already exists", t, text ? text : "?");
	if (rc != SQLITE_DONE)
		return db_fail(s, e, "updating");
	if (sqlite3_changes(s->db) != 1)
		return kp_fail(e, "no such %s", t);
	return 0;
}

int store_rename(struct store *s, const char *table, int64_t id, const char *name,
		 struct kp_err *e)
{
	int is_metric = strcmp(table, "metric") == 0;
	if (valid_name(is_metric ? "metric label" : table, name, e))
		return -1;
	return update_dim(s, table, is_metric ? "label = ?1" : "name = ?1", id, name, 0, e);
}

int store_archive(struct store *s, const char *table, int64_t id, int archived,
		  struct kp_err *e)
{
	return update_dim(s, table, "archived = ?1", id, NULL, archived ? 1 : 0, e);
}

int store_manager_move(struct store *s, int64_t manager_id, int64_t team_id,
		       struct kp_err *e)
{
	return update_dim(s, "manager", "team_id = ?1", manager_id, NULL, team_id, e);
}

int store_load_dims(struct store *s, struct kp_dims *d, struct kp_err *e)
{
	static const char *const sql[4] = {
		"SELECT id, name, archived, 0 FROM team ORDER BY id",
		"SELECT id, name, archived, team_id FROM manager ORDER BY team_id, id",
		"SELECT id, name, archived, 0 FROM channel ORDER BY position, id",
		"SELECT id, key, archived, funnel, label, kind FROM metric ORDER BY position, id",
	};
	memset(d, 0, sizeof *d);
	size_t caps[4] = {0, 0, 0, 0};
	for (int t = 0; t < 4; t++) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(s->db, sql[t], -1, &q, NULL) != SQLITE_OK) {
			dims_free(d);
			return db_fail(s, e, "reading teams, managers, channels and metrics");
		}
		int rc;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(q, 0);
			const char *name = (const char *)sqlite3_column_text(q, 1);
			int archived = sqlite3_column_int(q, 2) != 0;
			int64_t extra = sqlite3_column_int64(q, 3);
			char *nm = xstrdup(name ? name : "");
			switch (t) {
			case 0:
				xgrow(&d->teams, &caps[0], d->nteams + 1, sizeof *d->teams);
				d->teams[d->nteams++] = (struct kp_team){id, nm, archived};
				break;
			case 1:
				xgrow(&d->managers, &caps[1], d->nmanagers + 1, sizeof *d->managers);
				d->managers[d->nmanagers++] =
					(struct kp_manager){id, nm, extra, archived};
				break;
			case 2:
				xgrow(&d->channels, &caps[2], d->nchannels + 1, sizeof *d->channels);
				d->channels[d->nchannels++] = (struct kp_channel){id, nm, archived};
				break;
			default: {
				const char *label = (const char *)sqlite3_column_text(q, 4);
				const char *kind = (const char *)sqlite3_column_text(q, 5);
				xgrow(&d->metrics, &caps[3], d->nmetrics + 1, sizeof *d->metrics);
				d->metrics[d->nmetrics++] = (struct kp_metric){
					id, nm, xstrdup(label ? label : nm),
					kind && strcmp(kind, "money") == 0 ? METRIC_MONEY
									   : METRIC_COUNT,
					(int)extra, archived};
			}
			}
		}
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE) {
			dims_free(d);
			return db_fail(s, e, "reading teams, managers, channels and metrics");
		}
	}
	return 0;
}

/* ---- cells: entries and plans ---- */

static int get_value(struct store *s, sqlite3_stmt *q, int64_t *value, int *found,
		     struct kp_err *e)
{
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (*found)
		*value = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, e, "reading a value");
	return 0;
}

static void bind_cell(sqlite3_stmt *q, const struct cell *c)
{
	sqlite3_bind_text(q, 1, c->day, -1, SQLITE_TRANSIENT);
	if (c->kind[0] == 'e') {
		sqlite3_bind_int64(q, 2, c->manager_id);
		sqlite3_bind_int64(q, 3, c->channel_id);
		sqlite3_bind_int64(q, 4, c->metric_id);
	} else {
		sqlite3_bind_int64(q, 2, c->team_id ? c->team_id : c->manager_id);
		sqlite3_bind_int64(q, 3, c->metric_id);
	}
}

static int cell_get(struct store *s, const struct cell *c, int64_t *value, int *found,
		    struct kp_err *e)
{
	enum stmt_id id = c->kind[0] == 'e' ? ST_ENTRY_GET : c->team_id ? ST_PLAN_GET_T : ST_PLAN_GET_M;
	sqlite3_stmt *q = stmt(s, id, e);
	if (!q)
		return -1;
	bind_cell(q, c);
	return get_value(s, q, value, found, e);
}

/* Set (has_value) or clear a cell, auditing a real change. */
static int cell_put(struct store *s, const struct cell *c, int has_value, int64_t value,
		    int *changed, struct kp_err *e)
{
	int64_t old = 0;
	int found;
	if (changed)
		*changed = 0;
	if (need_tx(s, e))
		return -1;
	if (has_value && (value < 0 || value > NUM_MAX_VALUE))
		return kp_fail(e, "value %lld is out of range", (long long)value);
	if (cell_get(s, c, &old, &found, e))
		return -1;
	if (found == has_value && (!found || old == value))
		return 0;
	int entry = c->kind[0] == 'e';
	enum stmt_id id = has_value ? (entry ? ST_ENTRY_PUT : c->team_id ? ST_PLAN_PUT_T : ST_PLAN_PUT_M)
				    : (entry ? ST_ENTRY_DEL : c->team_id ? ST_PLAN_DEL_T : ST_PLAN_DEL_M);
	sqlite3_stmt *q = stmt(s, id, e);
	if (!q)
		return -1;
	bind_cell(q, c);
	if (has_value)
		sqlite3_bind_int64(q, entry ? 5 : 4, value);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, "no such manager, team, channel or metric");
	if (rc != SQLITE_DONE)
		return db_fail(s, e, "saving a value");
	if (changed)
		*changed = 1;
	return audit_add(s, c, found, old, has_value, value, e);
}

static struct cell entry_cell(kp_date day, int64_t manager_id, int64_t channel_id,
			      int64_t metric_id)
{
	struct cell c = {"entry", "", 0, manager_id, channel_id, metric_id};
	date_format(day, c.day);
	return c;
}

static struct cell plan_cell(int year, int month, int64_t team_id, int64_t manager_id,
			     int64_t metric_id)
{
	struct cell c = {"plan", "", team_id, team_id ? 0 : manager_id, 0, metric_id};
	month_format(year, month, c.day);
	return c;
}

int store_entry_set(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		    int64_t metric_id, int64_t value, int *changed, struct kp_err *e)
{
	struct cell c = entry_cell(day, manager_id, channel_id, metric_id);
	return cell_put(s, &c, 1, value, changed, e);
}

int store_entry_clear(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		      int64_t metric_id, int *changed, struct kp_err *e)
{
	struct cell c = entry_cell(day, manager_id, channel_id, metric_id);
	return cell_put(s, &c, 0, 0, changed, e);
}

int store_day_values(struct store *s, kp_date day, int64_t channel_id, store_cell_cb cb,
		     void *ctx, struct kp_err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT manager_id, metric_id, value FROM entry"
			       " WHERE day = ?1 AND channel_id = ?2",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "reading the day");
	bind_date(q, 1, day);
	sqlite3_bind_int64(q, 2, channel_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		cb(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
		   sqlite3_column_int64(q, 2));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "reading the day");
}

int store_entry_get(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		    int64_t metric_id, int64_t *value, int *found, struct kp_err *e)
{
	struct cell c = entry_cell(day, manager_id, channel_id, metric_id);
	return cell_get(s, &c, value, found, e);
}

int store_plan_set(struct store *s, int year, int month, int64_t team_id,
		   int64_t manager_id, int64_t metric_id, int64_t value, int *changed,
		   struct kp_err *e)
{
	if (!team_id == !manager_id)
		return kp_fail(e, "internal error: a plan is for a team or a manager");
	struct cell c = plan_cell(year, month, team_id, manager_id, metric_id);
	return cell_put(s, &c, 1, value, changed, e);
}

int store_plan_clear(struct store *s, int year, int month, int64_t team_id,
		     int64_t manager_id, int64_t metric_id, int *changed, struct kp_err *e)
{
	if (!team_id == !manager_id)
		return kp_fail(e, "internal error: a plan is for a team or a manager");
	struct cell c = plan_cell(year, month, team_id, manager_id, metric_id);
	return cell_put(s, &c, 0, 0, changed, e);
}

int store_plan_get(struct store *s, int year, int month, int64_t team_id,
		   int64_t manager_id, int64_t metric_id, int64_t *value, int *found,
		   struct kp_err *e)
{
	struct cell c = plan_cell(year, month, team_id, manager_id, metric_id);
	return cell_get(s, &c, value, found, e);
}

/* ---- aggregates ---- */

int store_sum_entries(struct store *s, kp_date from, kp_date to, store_sum_cb cb, void *ctx,
		      struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_SUM, e);
	if (!q)
		return -1;
	bind_date(q, 1, from);
	bind_date(q, 2, to);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		cb(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
		   sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "summing entries");
}

static kp_date column_date(sqlite3_stmt *q, int col)
{
	kp_date d = 0;
	const char *t = (const char *)sqlite3_column_text(q, col);
	if (t)
		date_parse(t, &d);
	return d;
}

int store_daily_sums(struct store *s, kp_date from, kp_date to, store_daily_cb cb, void *ctx,
		     struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_DAILY, e);
	if (!q)
		return -1;
	bind_date(q, 1, from);
	bind_date(q, 2, to);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		cb(ctx, column_date(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
		   sqlite3_column_int64(q, 3));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "summing days");
}

int store_plans(struct store *s, int y1, int m1, int y2, int m2, store_plan_cb cb, void *ctx,
		struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_PLANS, e);
	if (!q)
		return -1;
	bind_month(q, 1, y1, m1);
	bind_month(q, 2, y2, m2);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int y, m;
		const char *t = (const char *)sqlite3_column_text(q, 0);
		if (!t || month_parse(t, &y, &m))
			continue;
		cb(ctx, y, m, sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
		   sqlite3_column_int64(q, 3), sqlite3_column_int64(q, 4));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "reading plans");
}

int store_export_rows(struct store *s, const struct kp_dims *dims, kp_date from, kp_date to,
		      store_row_cb cb, void *ctx, struct kp_err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT e.day, e.manager_id, e.channel_id, e.metric_id, e.value"
			       " FROM entry e JOIN manager m ON m.id = e.manager_id"
			       " JOIN channel c ON c.id = e.channel_id"
			       " WHERE e.day BETWEEN ?1 AND ?2"
			       " ORDER BY e.day, m.team_id, m.id, c.position, c.id",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "exporting");
	if (from)
		bind_date(q, 1, from);
	else
		sqlite3_bind_text(q, 1, "0000", -1, SQLITE_STATIC);
	if (to)
		bind_date(q, 2, to);
	else
		sqlite3_bind_text(q, 2, "9999-99-99", -1, SQLITE_STATIC);
	size_t n = dims->nmetrics;
	int64_t *values = xcalloc(n, sizeof *values);
	int *present = xcalloc(n, sizeof *present);
	kp_date day = 0;
	int64_t mid = 0, cid = 0;
	int have = 0, rc, stop = 0;
	while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		kp_date d = column_date(q, 0);
		int64_t m = sqlite3_column_int64(q, 1), c = sqlite3_column_int64(q, 2);
		if (have && (d != day || m != mid || c != cid)) {
			stop = cb(ctx, day, mid, cid, values, present);
			memset(present, 0, n * sizeof *present);
			have = 0;
		}
		int i = dims_metric_index(dims, sqlite3_column_int64(q, 3));
		if (i >= 0) {
			values[i] = sqlite3_column_int64(q, 4);
			present[i] = 1;
		}
		day = d, mid = m, cid = c, have = 1;
	}
	if (!stop && have)
		stop = cb(ctx, day, mid, cid, values, present);
	sqlite3_finalize(q);
	free(values);
	free(present);
	if (stop)
		return kp_fail(e, "export stopped");
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(s, e, "exporting");
}

/* ---- audit trail and undo ---- */

void audit_free(struct kp_audit *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].user);
		free(a[i].what);
		free(a[i].kind);
		free(a[i].scope);
		free(a[i].metric);
	}
	free(a);
}

static char *column_dup(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	return xstrdup(t ? t : "");
}

int store_log(struct store *s, int limit, struct kp_audit **out, size_t *n, struct kp_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT a.id, c.id, c.at, c.user, c.what, a.kind, a.day,"
		    " coalesce(t.name, ''), coalesce(m.name, ''), coalesce(ch.name, ''),"
		    " coalesce(x.key, '?'), x.kind, a.old_value, a.new_value,"
		    " coalesce(c.undoes, 0), coalesce(c.undone_by, 0)"
		    " FROM audit a JOIN change c ON c.id = a.change_id"
		    " LEFT JOIN team t ON t.id = a.team_id"
		    " LEFT JOIN manager m ON m.id = a.manager_id"
		    " LEFT JOIN channel ch ON ch.id = a.channel_id"
		    " LEFT JOIN metric x ON x.id = a.metric_id"
		    " ORDER BY a.id DESC LIMIT ?1",
		    -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "reading the audit trail");
	sqlite3_bind_int(q, 1, limit > 0 ? limit : -1);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow(out, &cap, *n + 1, sizeof **out);
		struct kp_audit *a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(q, 0);
		a->change_id = sqlite3_column_int64(q, 1);
		snprintf(a->at, sizeof a->at, "%s", (const char *)sqlite3_column_text(q, 2));
		a->user = column_dup(q, 3);
		a->what = column_dup(q, 4);
		a->kind = column_dup(q, 5);
		const char *day = (const char *)sqlite3_column_text(q, 6);
		const char *team = (const char *)sqlite3_column_text(q, 7);
		const char *mgr = (const char *)sqlite3_column_text(q, 8);
		const char *chan = (const char *)sqlite3_column_text(q, 9);
		if (strcmp(a->kind, "entry") == 0)
			a->scope = xasprintf("%s %s / %s", day, mgr, chan);
		else if (*team)
			a->scope = xasprintf("%s team %s", day, team);
		else
			a->scope = xasprintf("%s %s", day, mgr);
		a->metric = column_dup(q, 10);
		const char *kind = (const char *)sqlite3_column_text(q, 11);
		a->mkind = kind && strcmp(kind, "money") == 0 ? METRIC_MONEY : METRIC_COUNT;
		a->has_old = sqlite3_column_type(q, 12) != SQLITE_NULL;
		a->old_value = sqlite3_column_int64(q, 12);
		a->has_new = sqlite3_column_type(q, 13) != SQLITE_NULL;
		a->new_value = sqlite3_column_int64(q, 13);
		a->undoes = sqlite3_column_int64(q, 14);
		a->undone_by = sqlite3_column_int64(q, 15);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		audit_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(s, e, "reading the audit trail");
	}
	return 0;
}

/* Restore every cell of change `cid` to its old value, refusing when a cell
 * was changed again since (that later change is someone's work). */
static int undo_cells(struct store *s, int64_t cid, size_t *cells, struct kp_err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT kind, day, coalesce(team_id, 0), coalesce(manager_id, 0),"
			       " coalesce(channel_id, 0), metric_id, old_value, new_value"
			       " FROM audit WHERE change_id = ?1 ORDER BY id DESC",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "reading the audit trail");
	sqlite3_bind_int64(q, 1, cid);
	int rc, failed = 0;
	*cells = 0;
	while (!failed && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct cell c;
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		c.kind = kind && strcmp(kind, "plan") == 0 ? "plan" : "entry";
		snprintf(c.day, sizeof c.day, "%s", (const char *)sqlite3_column_text(q, 1));
		c.team_id = sqlite3_column_int64(q, 2);
		c.manager_id = sqlite3_column_int64(q, 3);
		c.channel_id = sqlite3_column_int64(q, 4);
		c.metric_id = sqlite3_column_int64(q, 5);
		int has_old = sqlite3_column_type(q, 6) != SQLITE_NULL;
		int64_t old = sqlite3_column_int64(q, 6);
		int has_new = sqlite3_column_type(q, 7) != SQLITE_NULL;
		int64_t new_value = sqlite3_column_int64(q, 7);
		int64_t cur = 0;
		int found;
		if (cell_get(s, &c, &cur, &found, e)) {
			failed = 1;
			break;
		}
		if (found != has_new || (found && cur != new_value)) {
			kp_fail(e, "cannot undo change #%lld: a value it set (%s %s) was changed again since",
				(long long)cid, c.kind, c.day);
			failed = 1;
			break;
		}
		if (cell_put(s, &c, has_old, old, NULL, e)) {
			failed = 1;
			break;
		}
		++*cells;
	}
	sqlite3_finalize(q);
	if (failed)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "reading the audit trail");
}

int store_undo(struct store *s, const char *user, int64_t *undone_id, size_t *cells,
	       struct kp_err *e)
{
	*undone_id = 0;
	*cells = 0;
	char what[64];
	if (store_begin(s, user, "undo", e))
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT id FROM change WHERE user = ?1 AND undoes IS NULL"
			       " AND undone_by IS NULL AND EXISTS (SELECT 1 FROM audit"
			       " WHERE change_id = change.id) ORDER BY id DESC LIMIT 1",
			       -1, &q, NULL) != SQLITE_OK) {
		db_fail(s, e, "reading the audit trail");
		goto fail;
	}
	sqlite3_bind_text(q, 1, user, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	int64_t cid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s, e, "reading the audit trail");
		goto fail;
	}
	if (!cid) {
		store_rollback(s);
		return 0;
	}
	snprintf(what, sizeof what, "undo #%lld", (long long)cid);
	free(s->what);
	s->what = xstrdup(what);
	s->undoes = cid;
	if (undo_cells(s, cid, cells, e))
		goto fail;
	int64_t self;
	if (change_id(s, e, &self))
		goto fail;
	if (sqlite3_prepare_v2(s->db, "UPDATE change SET undone_by = ?1 WHERE id = ?2", -1, &q,
			       NULL) != SQLITE_OK) {
		db_fail(s, e, "writing the audit trail");
		goto fail;
	}
	sqlite3_bind_int64(q, 1, self);
	sqlite3_bind_int64(q, 2, cid);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		db_fail(s, e, "writing the audit trail");
		goto fail;
	}
	if (store_commit(s, e))
		return -1;
	*undone_id = cid;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

/* ---- maintenance ---- */

int store_backup(struct store *s, const char *dest, struct kp_err *e)
{
	struct stat st;
	if (stat(dest, &st) == 0)
		return kp_fail(e, "%s: already exists; choose a new file name", dest);
	sqlite3 *out;
	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		kp_fail(e, "%s: cannot create: %s", dest, out ? sqlite3_errmsg(out) : "out of memory");
		sqlite3_close(out);
		return -1;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", s->db, "main");
	int rc = SQLITE_ERROR;
	if (b) {
		/* Copy in steps so writers are not held off for the whole copy. */
		do {
			rc = sqlite3_backup_step(b, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	}
	int ret = 0;
	if (rc != SQLITE_DONE) {
		ret = kp_fail(e, "%s: backup failed: %s", dest, sqlite3_errmsg(out));
		unlink(dest);
	}
	sqlite3_close(out);
	return ret;
}

int store_check(struct store *s, struct store_check *c, struct kp_err *e)
{
	memset(c, 0, sizeof *c);
	int64_t v;
	if (query_int(s, "PRAGMA user_version", &v, e))
		return -1;
	c->user_version = (int)v;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, "checking integrity");
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(q, 0);
		c->ok = r && strcmp(r, "ok") == 0;
		snprintf(c->detail, sizeof c->detail, "%s", r ? r : "");
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return db_fail(s, e, "checking integrity");
	if (c->ok) {
		/* Foreign keys are part of consistency too. */
		if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &q, NULL) != SQLITE_OK)
			return db_fail(s, e, "checking integrity");
		if (sqlite3_step(q) == SQLITE_ROW) {
			c->ok = 0;
			snprintf(c->detail, sizeof c->detail, "foreign key violation in table %s",
				 (const char *)sqlite3_column_text(q, 0));
		}
		sqlite3_finalize(q);
	}
	struct {
		const char *sql;
		int64_t *out;
	} counts[] = {
		{"SELECT count(*) FROM team", &c->teams},
		{"SELECT count(*) FROM manager", &c->managers},
		{"SELECT count(*) FROM channel", &c->channels},
		{"SELECT count(*) FROM metric", &c->metrics},
		{"SELECT count(*) FROM entry", &c->entries},
		{"SELECT count(*) FROM plan", &c->plans},
		{"SELECT count(*) FROM change", &c->changes},
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (query_int(s, counts[i].sql, counts[i].out, e))
			return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			snprintf(c->journal_mode, sizeof c->journal_mode, "%s",
				 (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	return 0;
}
