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

#include "kpitop/i18n.h"
#include "kpitop/numfmt.h"
#include "kpitop/shared.h"
#include "kpitop/store.h"

/* The roll-ups of schema 2 computed from the entries, into empty tables:
 * migration 2's back-fill, and a restored backup whose roll-ups disagree
 * with its entries. */
#define ROLLUP_FILL_SQL \
	"INSERT INTO entry_sum SELECT substr(day, 1, 4), manager_id, channel_id, metric_id," \
	"  count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4;" \
	"INSERT INTO entry_sum SELECT substr(day, 1, 5) || 'Q' || ((substr(day, 6, 2) + 2) / 3)," \
	"  manager_id, channel_id, metric_id, count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4;" \
	"INSERT INTO entry_sum SELECT substr(day, 1, 7), manager_id, channel_id, metric_id," \
	"  count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4;" \
	"INSERT INTO entry_sum SELECT substr(day, 1, 8) || 'D' || min(3, (substr(day, 9, 2) + 9) / 10)," \
	"  manager_id, channel_id, metric_id, count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4;" \
	"INSERT INTO entry_day SELECT day, manager_id, metric_id, count(*), sum(value)" \
	"  FROM entry GROUP BY 1, 2, 3;"

/* A restore (store_restore_stage) leaves one change row whose `what` starts
 * with this, and no audit rows: store_log shows it, store_undo does not
 * reach back past it. */
#define RESTORE_WHAT "restore "

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

	/* 2: roll-ups, so a year view reads a few thousand sums instead of
	 * every entry (SPEC section 9).  entry_sum holds, per period, the count
	 * and sum of the entries of each (manager, channel, metric); a period is
	 * a year "2026", a quarter "2026-Q4", a month "2026-11" or a third of a
	 * month "2026-11-D2" (days 1-10, 11-20, 21-end).  entry_day holds the
	 * daily sums over channels.  Rows whose count falls to 0 are deleted, so
	 * each table equals a GROUP BY over entry.
	 *
	 * kpitop keeps them itself, in the transaction that writes the entries
	 * (its connections run with triggers off: see rollup_flush).  The
	 * triggers below keep them exact for every other program that writes
	 * entry directly, whatever the statement: INSERT, INSERT OR REPLACE (whose
	 * implicit delete fires no trigger, so BEFORE INSERT remembers the row
	 * it may replace in entry_replaced), upserts, UPDATE of any column,
	 * DELETE.  They also refuse days that are not real dates, which would
	 * make the roll-ups disagree with ranges of real days. */
	"CREATE TABLE entry_sum ("
	"  period TEXT NOT NULL,"
	"  manager_id INTEGER NOT NULL,"
	"  channel_id INTEGER NOT NULL,"
	"  metric_id INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  PRIMARY KEY (period, manager_id, channel_id, metric_id)) WITHOUT ROWID;"
	"CREATE TABLE entry_day ("
	"  day TEXT NOT NULL,"
	"  manager_id INTEGER NOT NULL,"
	"  metric_id INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  PRIMARY KEY (day, manager_id, metric_id)) WITHOUT ROWID;"
	"CREATE TABLE entry_replaced ("
	"  day TEXT NOT NULL, manager_id INTEGER NOT NULL, channel_id INTEGER NOT NULL,"
	"  metric_id INTEGER NOT NULL, value INTEGER NOT NULL,"
	"  PRIMARY KEY (day, manager_id, channel_id, metric_id)) WITHOUT ROWID;"
	/* Inserting (entry key, n, value) here adds n entries of that total to
	 * every roll-up; the one place the roll-up arithmetic is written in SQL. */
	"CREATE VIEW entry_delta AS SELECT day, manager_id, channel_id, metric_id, 0 AS n, value"
	"  FROM entry WHERE 0;"
	"CREATE TRIGGER entry_delta_apply INSTEAD OF INSERT ON entry_delta BEGIN"
	"  INSERT INTO entry_sum (period, manager_id, channel_id, metric_id, n, value) VALUES"
	"    (substr(NEW.day, 1, 4), NEW.manager_id, NEW.channel_id, NEW.metric_id, NEW.n, NEW.value),"
	"    (substr(NEW.day, 1, 5) || 'Q' || ((substr(NEW.day, 6, 2) + 2) / 3),"
	"     NEW.manager_id, NEW.channel_id, NEW.metric_id, NEW.n, NEW.value),"
	"    (substr(NEW.day, 1, 7), NEW.manager_id, NEW.channel_id, NEW.metric_id, NEW.n, NEW.value),"
	"    (substr(NEW.day, 1, 8) || 'D' || min(3, (substr(NEW.day, 9, 2) + 9) / 10),"
	"     NEW.manager_id, NEW.channel_id, NEW.metric_id, NEW.n, NEW.value)"
	"    ON CONFLICT (period, manager_id, channel_id, metric_id)"
	"    DO UPDATE SET n = n + excluded.n, value = value + excluded.value;"
	"  DELETE FROM entry_sum WHERE NEW.n < 0 AND n <= 0 AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id"
	"    AND period IN (substr(NEW.day, 1, 4),"
	"      substr(NEW.day, 1, 5) || 'Q' || ((substr(NEW.day, 6, 2) + 2) / 3),"
	"      substr(NEW.day, 1, 7),"
	"      substr(NEW.day, 1, 8) || 'D' || min(3, (substr(NEW.day, 9, 2) + 9) / 10));"
	"  INSERT INTO entry_day (day, manager_id, metric_id, n, value)"
	"    VALUES (NEW.day, NEW.manager_id, NEW.metric_id, NEW.n, NEW.value)"
	"    ON CONFLICT (day, manager_id, metric_id)"
	"    DO UPDATE SET n = n + excluded.n, value = value + excluded.value;"
	"  DELETE FROM entry_day WHERE NEW.n < 0 AND n <= 0 AND day = NEW.day"
	"    AND manager_id = NEW.manager_id AND metric_id = NEW.metric_id;"
	"END;"
	"CREATE TRIGGER entry_before_insert BEFORE INSERT ON entry BEGIN"
	"  SELECT RAISE(ABORT, 'entry.day must be a real date (YYYY-MM-DD)')"
	"    WHERE date(NEW.day, '+0 days') IS NOT NEW.day;"
	"  DELETE FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  INSERT INTO entry_replaced SELECT day, manager_id, channel_id, metric_id, value"
	"    FROM entry WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"END;"
	"CREATE TRIGGER entry_after_insert AFTER INSERT ON entry BEGIN"
	"  INSERT INTO entry_delta SELECT day, manager_id, channel_id, metric_id, -1, -value"
	"    FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  DELETE FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  INSERT INTO entry_delta VALUES"
	"    (NEW.day, NEW.manager_id, NEW.channel_id, NEW.metric_id, 1, NEW.value);"
	"END;"
	"CREATE TRIGGER entry_before_update BEFORE UPDATE ON entry BEGIN"
	"  SELECT RAISE(ABORT, 'entry.day must be a real date (YYYY-MM-DD)')"
	"    WHERE date(NEW.day, '+0 days') IS NOT NEW.day;"
	"  DELETE FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  INSERT INTO entry_replaced SELECT day, manager_id, channel_id, metric_id, value"
	"    FROM entry WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id"
	"    AND NOT (NEW.day = OLD.day AND NEW.manager_id = OLD.manager_id"
	"      AND NEW.channel_id = OLD.channel_id AND NEW.metric_id = OLD.metric_id);"
	"END;"
	"CREATE TRIGGER entry_after_update AFTER UPDATE ON entry BEGIN"
	"  INSERT INTO entry_delta SELECT day, manager_id, channel_id, metric_id, -1, -value"
	"    FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  DELETE FROM entry_replaced WHERE day = NEW.day AND manager_id = NEW.manager_id"
	"    AND channel_id = NEW.channel_id AND metric_id = NEW.metric_id;"
	"  INSERT INTO entry_delta VALUES"
	"    (OLD.day, OLD.manager_id, OLD.channel_id, OLD.metric_id, -1, -OLD.value),"
	"    (NEW.day, NEW.manager_id, NEW.channel_id, NEW.metric_id, 1, NEW.value);"
	"END;"
	/* With recursive_triggers on, REPLACE's delete fires this: then the
	 * remembered row must not be subtracted a second time. */
	"CREATE TRIGGER entry_after_delete AFTER DELETE ON entry BEGIN"
	"  DELETE FROM entry_replaced WHERE day = OLD.day AND manager_id = OLD.manager_id"
	"    AND channel_id = OLD.channel_id AND metric_id = OLD.metric_id;"
	"  INSERT INTO entry_delta VALUES"
	"    (OLD.day, OLD.manager_id, OLD.channel_id, OLD.metric_id, -1, -OLD.value);"
	"END;"
	/* Plans of a period in one range scan. */
	"CREATE INDEX plan_by_month ON plan (month, team_id, manager_id, metric_id, value);"
	/* The views of schema 1, same columns and rows, from the roll-ups. */
	"DROP VIEW daily_totals;"
	"CREATE VIEW daily_totals AS SELECT d.day, t.name AS team, m.name AS manager,"
	"  x.key AS metric,"
	"  CASE x.kind WHEN 'money' THEN d.value / 100.0 ELSE d.value END AS value"
	"  FROM entry_day d JOIN manager m ON m.id = d.manager_id JOIN team t ON t.id = m.team_id"
	"  JOIN metric x ON x.id = d.metric_id;"
	"DROP VIEW monthly_kpi;"
	"CREATE VIEW monthly_kpi AS WITH act AS ("
	"    SELECT period AS month, manager_id, metric_id, sum(value) AS actual FROM entry_sum"
	"    WHERE period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' GROUP BY 1, 2, 3),"
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
	/* Back-fill from the entries already there. */
	ROLLUP_FILL_SQL,

	/* 3: the salesperson who heads a team (SPEC section 3, the head's KPI).
	 * NULL = none.  kpitop only sets an active manager of that team; one
	 * who has since left the team or been archived counts as no head. */
	"ALTER TABLE team ADD COLUMN head_id INTEGER REFERENCES manager (id);",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION, "one migration per schema version");

/* Prepared once, reused: bind, step, reset. */
enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_DATA_VERSION,
	ST_HAS_TEAM,
	ST_HAS_MANAGER,
	ST_HAS_CHANNEL,
	ST_HAS_METRIC,
	ST_CHANGE_ADD,
	ST_AUDIT_ADD,
	ST_AUDIT_MANY,
	ST_ENTRY_GET,
	ST_ENTRY_NEW,
	ST_ENTRY_PUT,
	ST_ENTRY_DEL,
	ST_PLAN_GET_T,
	ST_PLAN_GET_M,
	ST_PLAN_PUT_T,
	ST_PLAN_PUT_M,
	ST_PLAN_DEL_T,
	ST_PLAN_DEL_M,
	ST_READ_BEGIN,
	ST_BOUNDS,
	ST_RAW,
	ST_ROLLUP,
	ST_DAILY,
	ST_SUM_ADD,
	ST_SUM_MANY,
	ST_SUM_DROP,
	ST_DAY_ADD,
	ST_DAY_MANY,
	ST_DAY_DROP,
	ST_REPLACED_CLEAR,
	ST_PLANS,
	NSTMT
};

/* Rows per multi-row INSERT (the _MANY statements): one statement for many
 * rows costs about half as much per row.  64 x 9 parameters stays under
 * the 999 of older SQLite builds. */
#define BATCH 64

/* NULL for the _MANY statements: batch_sql() writes them. */
static const char *const stmt_sql[NSTMT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_HAS_TEAM] = "SELECT 1 FROM team WHERE id = ?1",
	[ST_HAS_MANAGER] = "SELECT 1 FROM manager WHERE id = ?1",
	[ST_HAS_CHANNEL] = "SELECT 1 FROM channel WHERE id = ?1",
	[ST_HAS_METRIC] = "SELECT 1 FROM metric WHERE id = ?1",
	[ST_CHANGE_ADD] = "INSERT INTO change (user, what, undoes) VALUES (?1, ?2, ?3)",
	[ST_AUDIT_ADD] = "INSERT INTO audit (change_id, kind, day, team_id, manager_id,"
			 " channel_id, metric_id, old_value, new_value)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_ENTRY_GET] = "SELECT value FROM entry WHERE day = ?1 AND manager_id = ?2"
			 " AND channel_id = ?3 AND metric_id = ?4",
	/* A new cell in one step; an existing one is read, then updated. */
	[ST_ENTRY_NEW] = "INSERT INTO entry (day, manager_id, channel_id, metric_id, value)"
			 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (day, manager_id,"
			 " channel_id, metric_id) DO NOTHING",
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
	[ST_READ_BEGIN] = "BEGIN",
	[ST_BOUNDS] = "SELECT (SELECT min(day) FROM entry), (SELECT max(day) FROM entry)",
	[ST_RAW] = "SELECT manager_id, channel_id, metric_id, value FROM entry"
		   " WHERE day BETWEEN ?1 AND ?2",
	[ST_ROLLUP] = "SELECT manager_id, channel_id, metric_id, n, value FROM entry_sum"
		      " WHERE period = ?1",
	[ST_DAILY] = "SELECT day, manager_id, metric_id, value FROM entry_day"
		     " WHERE day BETWEEN ?1 AND ?2",
	[ST_SUM_ADD] = "INSERT INTO entry_sum (period, manager_id, channel_id, metric_id, n, value)"
		       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (period, manager_id,"
		       " channel_id, metric_id) DO UPDATE SET n = n + excluded.n,"
		       " value = value + excluded.value",
	[ST_SUM_DROP] = "DELETE FROM entry_sum WHERE period = ?1 AND manager_id = ?2"
			" AND channel_id = ?3 AND metric_id = ?4 AND n <= 0",
	[ST_DAY_ADD] = "INSERT INTO entry_day (day, manager_id, metric_id, n, value)"
		       " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, manager_id, metric_id)"
		       " DO UPDATE SET n = n + excluded.n, value = value + excluded.value",
	[ST_DAY_DROP] = "DELETE FROM entry_day WHERE day = ?1 AND manager_id = ?2"
			" AND metric_id = ?3 AND n <= 0",
	[ST_REPLACED_CLEAR] = "DELETE FROM entry_replaced",
	[ST_PLANS] = "SELECT month, coalesce(team_id, 0), coalesce(manager_id, 0), metric_id,"
		     " value FROM plan WHERE month BETWEEN ?1 AND ?2",
};

/* A multi-row statement: the single-row one with its VALUES group written
 * BATCH times. */
static char *batch_sql(enum stmt_id id)
{
	enum stmt_id one = id == ST_AUDIT_MANY ? ST_AUDIT_ADD
			   : id == ST_SUM_MANY ? ST_SUM_ADD : ST_DAY_ADD;
	const char *text = stmt_sql[one];
	const char *open = strstr(text, " VALUES (") + 8, *close = strchr(open, ')') + 1;
	struct strbuf sb;
	sb_init(&sb);
	sb_add(&sb, text, (size_t)(open - text));
	for (int i = 0; i < BATCH; i++) {
		if (i)
			sb_puts(&sb, ", ");
		sb_add(&sb, open, (size_t)(close - open));
	}
	sb_puts(&sb, close);
	return sb.buf;
}

/* Cells with a count and a sum: the roll-up changes of the open write
 * transaction, and the running sums of store_sum_entries.  An open-addressing
 * hash table with plain integer keys; level 0 marks a free slot. */
struct acc_key {
	int32_t level;   /* enum level */
	kp_date unit;    /* first day of the period, or the day (0 in queries) */
	int64_t manager_id, channel_id, metric_id;
};

struct acc_slot {
	struct acc_key k;
	int64_t n, value;
};

struct acc {
	struct acc_slot *slots;
	size_t cap, used; /* cap is 0 or a power of two */
};

/* Audit rows wait here and go BATCH at a time. */
struct audit_row {
	int64_t change_id, team_id, manager_id, channel_id, metric_id, old_value, new_value;
	const char *kind;
	char day[16];
	int has_old, has_new;
};

struct store {
	sqlite3 *db;
	char *path;
	int readonly;
	char *readonly_why; /* why a store opened for writing is read-only */
	int asked_readonly; /* opened with STORE_READONLY */
	int audit_on;
	int depth;          /* nesting of store_begin */
	char *user, *what;  /* of the open transaction */
	int64_t change_id;  /* 0 until the transaction changes something */
	int64_t undoes;     /* set by store_undo for its change row */
	struct acc delta;   /* roll-up changes not yet written (see rollup_flush) */
	struct acc coarse;  /* the same for months, quarters and years */
	struct acc sums;    /* scratch of store_sum_entries */
	struct acc parents; /* rows known to exist in this transaction */
	kp_date note_day, note_dekad; /* rollup_note's last day and its third */
	struct audit_row audit[BATCH];
	int naudit;         /* audit rows not yet written */
	int watch_files;    /* 1: see store_data_version; 0 not yet known */
	int busy_ms;        /* how long a statement waits for another writer */
	struct timespec busy_since; /* when the current wait began */
	struct timespec wait_origin; /* when a write began waiting (wait_begin) */
	int in_wait;        /* between wait_begin and wait_end */
	void (*on_wait)(void *arg); /* told once per wait that outlasts a moment */
	void *wait_arg;
	int wait_told;      /* on_wait ran in this wait */
	sqlite3_stmt *st[NSTMT];
};

/* One clear sentence for an SQLite failure; `doing` is marked with N_(). */
static int db_fail(struct store *s, struct kp_err *e, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db);
	const char *why;
	switch (code & 0xff) {
	case SQLITE_FULL:
		why = _("the disk is full");
		break;
	case SQLITE_READONLY:
		why = _("the database is read-only for this user");
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		why = _("the database stayed busy (another program is writing); try again");
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		why = _("the database file is corrupt");
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		why = sqlite3_errmsg(s->db);
		break;
	default:
		why = sqlite3_errmsg(s->db);
	}
	return kp_fail(e, "%s: %s: %s", s->path, _(doing), why);
}

static sqlite3_stmt *stmt(struct store *s, enum stmt_id id, struct kp_err *e)
{
	if (!s->st[id]) {
		char *many = stmt_sql[id] ? NULL : batch_sql(id);
		int rc = sqlite3_prepare_v3(s->db, many ? many : stmt_sql[id], -1,
					    SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL);
		free(many);
		if (rc != SQLITE_OK) {
			db_fail(s, e, N_("preparing a query"));
			return NULL;
		}
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
		return db_fail(s, e, N_("reading the database"));
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return db_fail(s, e, N_("reading the database"));
	return 0;
}

/* ---- roll-ups ---- */

/* The periods of entry_sum, largest first, then single days (raw entries,
 * and entry_day, which sums a day over channels).  0 marks a free acc slot. */
enum level { LV_NONE, LV_YEAR, LV_QUARTER, LV_MONTH, LV_DEKAD, LV_DAY };

/* The period of `level` containing d: its first and last day. */
static void level_span(int level, kp_date d, kp_date *from, kp_date *to)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	switch (level) {
	case LV_YEAR:
		*from = date_from_ymd(y, 1, 1);
		*to = date_from_ymd(y, 12, 31);
		break;
	case LV_QUARTER: {
		int m1 = (m - 1) / 3 * 3 + 1;
		*from = date_from_ymd(y, m1, 1);
		*to = date_from_ymd(y, m1 + 2, date_days_in_month(y, m1 + 2));
		break;
	}
	case LV_MONTH:
		*from = date_from_ymd(y, m, 1);
		*to = date_from_ymd(y, m, date_days_in_month(y, m));
		break;
	case LV_DEKAD:
		*from = date_from_ymd(y, m, dd <= 10 ? 1 : dd <= 20 ? 11 : 21);
		*to = dd <= 20 ? *from + 9 : date_from_ymd(y, m, date_days_in_month(y, m));
		break;
	default:
		*from = *to = d;
	}
}

/* entry_sum.period of the period of `level` containing d ("2026",
 * "2026-Q4", "2026-11", "2026-11-D2"; the day itself for LV_DAY); the
 * triggers of migration 2 compute the same text from entry.day. */
static void level_name(int level, kp_date d, char buf[static 16])
{
	date_format(d, buf); /* YYYY-MM-DD */
	int m = (buf[5] - '0') * 10 + buf[6] - '0', dd = (buf[8] - '0') * 10 + buf[9] - '0';
	switch (level) {
	case LV_YEAR:
		buf[4] = '\0';
		break;
	case LV_QUARTER:
		buf[5] = 'Q';
		buf[6] = (char)('0' + (m + 2) / 3);
		buf[7] = '\0';
		break;
	case LV_MONTH:
		buf[7] = '\0';
		break;
	case LV_DEKAD:
		buf[8] = 'D';
		buf[9] = dd <= 10 ? '1' : dd <= 20 ? '2' : '3';
		break;
	default:
		break;
	}
}

static uint64_t acc_hash(const struct acc_key *k)
{
	uint64_t h = (uint64_t)(uint32_t)k->level << 32 | (uint32_t)k->unit;
	h ^= (uint64_t)k->manager_id * 0x9E3779B97F4A7C15u;
	h ^= (uint64_t)k->channel_id * 0xC2B2AE3D27D4EB4Fu;
	h ^= (uint64_t)k->metric_id * 0x165667B19E3779F9u;
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9u;
	return h ^ (h >> 29);
}

static int acc_same(const struct acc_key *a, const struct acc_key *b)
{
	return a->level == b->level && a->unit == b->unit && a->manager_id == b->manager_id &&
	       a->channel_id == b->channel_id && a->metric_id == b->metric_id;
}

static void acc_add(struct acc *a, const struct acc_key *k, int64_t n, int64_t value);

static void acc_grow(struct acc *a)
{
	struct acc old = *a;
	a->cap = old.cap ? old.cap * 2 : 1024;
	a->slots = xcalloc(a->cap, sizeof *a->slots);
	a->used = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].k.level)
			acc_add(a, &old.slots[i].k, old.slots[i].n, old.slots[i].value);
	free(old.slots);
}

static void acc_add(struct acc *a, const struct acc_key *k, int64_t n, int64_t value)
{
	if (2 * (a->used + 1) > a->cap)
		acc_grow(a);
	size_t mask = a->cap - 1;
	for (size_t i = (size_t)acc_hash(k) & mask;; i = (i + 1) & mask) {
		struct acc_slot *sl = &a->slots[i];
		if (!sl->k.level) {
			*sl = (struct acc_slot){*k, n, value};
			a->used++;
			return;
		}
		if (acc_same(&sl->k, k)) {
			sl->n += n;
			sl->value += value;
			return;
		}
	}
}

/* Empty, keeping the table. */
static void acc_clear(struct acc *a)
{
	if (a->used) {
		memset(a->slots, 0, a->cap * sizeof *a->slots);
		a->used = 0;
	}
}

/* Empty, and give back a large table (after a transaction or a query). */
static void acc_release(struct acc *a)
{
	if (a->cap > 16384) {
		free(a->slots);
		memset(a, 0, sizeof *a);
	} else {
		acc_clear(a);
	}
}

static int acc_cmp(const void *pa, const void *pb)
{
	const struct acc_key *a = &(*(struct acc_slot *const *)pa)->k;
	const struct acc_key *b = &(*(struct acc_slot *const *)pb)->k;
	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->manager_id != b->manager_id)
		return a->manager_id < b->manager_id ? -1 : 1;
	if (a->channel_id != b->channel_id)
		return a->channel_id < b->channel_id ? -1 : 1;
	return a->metric_id < b->metric_id ? -1 : a->metric_id > b->metric_id;
}

struct keyed {
	uint64_t key;
	struct acc_slot *slot;
};

/* Sort by key, 8 bits a pass over the bits in use. */
static void radix_sort(struct keyed *v, size_t n, int bits)
{
	struct keyed *tmp = xcalloc(n, sizeof *tmp);
	for (int shift = 0; shift < bits; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < n; i++)
			count[((v[i].key >> shift) & 0xff) + 1]++;
		for (int d = 0; d < 256; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++)
			tmp[count[(v[i].key >> shift) & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
}

/* Bits needed for v. */
static int bit_width(uint64_t v)
{
	int n = 0;
	for (; v; v >>= 1)
		n++;
	return n;
}

/* The used slots in key order: (level, unit, manager, channel, metric) is
 * GROUP BY's order for query sums and B-tree order for writes.  The key
 * packs into 64 bits for any real company (ids are small row ids), and a
 * radix sort of a few thousand cells takes microseconds; otherwise qsort. */
static struct acc_slot **acc_sorted(const struct acc *a, size_t *n)
{
	struct keyed *v = xcalloc(a->used, sizeof *v);
	*n = 0;
	int bad = 0;
	int64_t lo = INT64_MAX, max[5] = {0, 0, 0, 0, 0};
	for (size_t i = 0; i < a->cap; i++) {
		struct acc_slot *sl = &a->slots[i];
		if (!sl->k.level)
			continue;
		v[(*n)++].slot = sl;
		if (sl->k.unit < lo)
			lo = sl->k.unit;
	}
	for (size_t i = 0; i < *n; i++) {
		const struct acc_key *k = &v[i].slot->k;
		int64_t f[5] = {k->level, k->unit - lo, k->manager_id, k->channel_id, k->metric_id};
		for (int j = 0; j < 5; j++) {
			bad |= f[j] < 0;
			if (f[j] > max[j])
				max[j] = f[j];
		}
	}
	int w[5], bits = 0;
	for (int j = 0; j < 5; j++)
		bits += w[j] = bit_width((uint64_t)max[j]);
	struct acc_slot **out = xcalloc(*n, sizeof *out);
	if (!bad && bits <= 64) {
		for (size_t i = 0; i < *n; i++) {
			const struct acc_key *k = &v[i].slot->k;
			uint64_t f[5] = {(uint64_t)k->level, (uint64_t)(k->unit - lo),
					 (uint64_t)k->manager_id, (uint64_t)k->channel_id,
					 (uint64_t)k->metric_id};
			uint64_t key = 0;
			for (int j = 0; j < 5; j++)
				key = w[j] ? key << w[j] | f[j] : key;
			v[i].key = key;
		}
		radix_sort(v, *n, bits);
		for (size_t i = 0; i < *n; i++)
			out[i] = v[i].slot;
	} else {
		for (size_t i = 0; i < *n; i++)
			out[i] = v[i].slot;
		qsort(out, *n, sizeof *out, acc_cmp);
	}
	free(v);
	return out;
}

static int pending_flush(struct store *s, struct kp_err *e);
static void pending_drop(struct store *s);

/* Write the delta of the finest periods early when it holds this many cells:
 * an import of millions of values keeps a table of ~6 MB.  Smaller tables
 * measured slower (cells of a period written again after each flush). */
#define DELTA_MAX 65536

static int rollup_flush_fine(struct store *s, struct kp_err *e);
static int rollup_flush_coarse(struct store *s, struct kp_err *e);

/* An entry cell changed by (dn entries, dv in sum).  Only the finest periods
 * are counted here, per cell: a third of a month and a day; months, quarters
 * and years follow from the thirds when they are written. */
static int rollup_note(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		       int64_t metric_id, int64_t dn, int64_t dv, struct kp_err *e)
{
	/* An import writes a day's cells one after the other. */
	if (day != s->note_day) {
		kp_date to;
		level_span(LV_DEKAD, day, &s->note_dekad, &to);
		s->note_day = day;
	}
	struct acc_key k = {LV_DEKAD, s->note_dekad, manager_id, channel_id, metric_id};
	acc_add(&s->delta, &k, dn, dv);
	k = (struct acc_key){LV_DAY, day, manager_id, 0, metric_id};
	acc_add(&s->delta, &k, dn, dv);
	return s->delta.used >= DELTA_MAX ? rollup_flush_fine(s, e) : 0;
}

/* Write a sorted run of roll-up changes to entry_sum (day = 0) or entry_day:
 * upserts BATCH rows at a time, then drop the rows left with no entry. */
static int rollup_write(struct store *s, struct acc_slot **v, size_t n, int day,
			struct kp_err *e)
{
	char names[BATCH][32];
	size_t i = 0;
	while (i < n) {
		size_t take = n - i >= BATCH ? BATCH : 1;
		enum stmt_id id = day ? take > 1 ? ST_DAY_MANY : ST_DAY_ADD
				      : take > 1 ? ST_SUM_MANY : ST_SUM_ADD;
		sqlite3_stmt *q = stmt(s, id, e);
		if (!q)
			return -1;
		int p = 1;
		for (size_t j = 0; j < take; j++) {
			const struct acc_slot *sl = v[i + j];
			level_name(sl->k.level, sl->k.unit, names[j]);
			sqlite3_bind_text(q, p++, names[j], -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, p++, sl->k.manager_id);
			if (!day)
				sqlite3_bind_int64(q, p++, sl->k.channel_id);
			sqlite3_bind_int64(q, p++, sl->k.metric_id);
			sqlite3_bind_int64(q, p++, sl->n);
			sqlite3_bind_int64(q, p++, sl->value);
		}
		if (step_done(s, q, e, N_("updating the roll-ups")))
			return -1;
		i += take;
	}
	for (i = 0; i < n; i++) {
		const struct acc_slot *sl = v[i];
		if (sl->n >= 0)
			continue;
		sqlite3_stmt *q = stmt(s, day ? ST_DAY_DROP : ST_SUM_DROP, e);
		if (!q)
			return -1;
		level_name(sl->k.level, sl->k.unit, names[0]);
		sqlite3_bind_text(q, 1, names[0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, sl->k.manager_id);
		sqlite3_bind_int64(q, 3, day ? sl->k.metric_id : sl->k.channel_id);
		if (!day)
			sqlite3_bind_int64(q, 4, sl->k.metric_id);
		if (step_done(s, q, e, N_("updating the roll-ups")))
			return -1;
	}
	return 0;
}

/* Write the thirds of months and the days, and carry the thirds into their
 * months, quarters and years (written by rollup_flush). */
static int rollup_flush_fine(struct store *s, struct kp_err *e)
{
	size_t n, nday = 0, nsum = 0;
	struct acc_slot **v = acc_sorted(&s->delta, &n);
	/* Sorted by level: thirds first, then days; skip cells that net out. */
	for (size_t i = 0; i < n; i++) {
		if (!v[i]->n && !v[i]->value)
			continue;
		if (v[i]->k.level == LV_DAY)
			v[nsum + nday++] = v[i];
		else
			v[nsum++] = v[i];
	}
	int rc = rollup_write(s, v, nsum, 0, e) || rollup_write(s, v + nsum, nday, 1, e);
	for (size_t i = 0; i < nsum && rc == 0; i++) {
		int y, m, d;
		date_to_ymd(v[i]->k.unit, &y, &m, &d);
		kp_date start[3] = {date_from_ymd(y, 1, 1), date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1),
				    date_from_ymd(y, m, 1)};
		for (int level = LV_YEAR; level < LV_DEKAD; level++) {
			struct acc_key k = {level, start[level - LV_YEAR], v[i]->k.manager_id,
					    v[i]->k.channel_id, v[i]->k.metric_id};
			acc_add(&s->coarse, &k, v[i]->n, v[i]->value);
		}
	}
	free(v);
	acc_clear(&s->delta);
	return rc ? -1 : s->coarse.used >= DELTA_MAX ? rollup_flush_coarse(s, e) : 0;
}

/* Write the months, quarters and years. */
static int rollup_flush_coarse(struct store *s, struct kp_err *e)
{
	size_t n, keep = 0;
	struct acc_slot **v = acc_sorted(&s->coarse, &n);
	for (size_t i = 0; i < n; i++)
		if (v[i]->n || v[i]->value)
			v[keep++] = v[i];
	int rc = rollup_write(s, v, keep, 0, e);
	free(v);
	acc_clear(&s->coarse);
	return rc;
}

/* Write every remembered roll-up change, before the commit or a read.
 *
 * kpitop's connections run with triggers off (store_open) and keep the
 * roll-ups here instead: the triggers of migration 2 cost several
 * statements per entry, which would bring `import` from ~300,000 to under
 * 80,000 values a second (measured), while this writes each changed roll-up
 * row once per transaction, 64 rows to a statement.  Other programs writing entry directly keep the triggers,
 * and the roll-ups stay exact either way. */
static int rollup_flush(struct store *s, struct kp_err *e)
{
	if (!s->delta.used && !s->coarse.used)
		return 0;
	int rc = rollup_flush_fine(s, e) || rollup_flush_coarse(s, e) ? -1 : 0;
	if (rc == 0) {
		/* Rows the triggers remembered for an INSERT then ignored. */
		sqlite3_stmt *q = stmt(s, ST_REPLACED_CLEAR, e);
		rc = q ? step_done(s, q, e, N_("updating the roll-ups")) : -1;
	}
	return rc;
}

/* ---- opening ---- */

/* SQLite opens DB-wal and DB-shm (beside the file the path leads to) for
 * writing, following links: in a group-writable directory a member could
 * point one at a file of whoever runs kpitop next, root included. */
static int side_file_links(const char *path, struct kp_err *e)
{
	char *real = realpath(path, NULL);
	const char *bases[] = {path, real && strcmp(real, path) != 0 ? real : NULL};
	static const char *const suffixes[] = {"-wal", "-shm"};
	int rc = 0;
	for (size_t b = 0; b < 2 && rc == 0; b++) {
		for (size_t i = 0; bases[b] && i < 2 && rc == 0; i++) {
			char *p = xasprintf("%s%s", bases[b], suffixes[i]);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
				rc = kp_fail(e, _("%s is a symbolic link: refused (remove it; kpitop makes its own)"),
					     p);
			free(p);
		}
	}
	free(real);
	return rc;
}

static int check_file(const char *path, int flags, int *exists, struct kp_err *e)
{
	struct stat st;
	*exists = 0;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return kp_fail(e, _("%s: is a directory, not a database"), path);
		if (!S_ISREG(st.st_mode))
			return kp_fail(e, _("%s: not a regular file"), path);
		*exists = 1;
		/* What a failed copy or a touch leaves: only init may make it a
		 * database, never a command that would silently start empty. */
		if (st.st_size == 0)
			return flags & STORE_CREATE
				       ? 0
				       : kp_fail(e, _("%s: an empty file, not a database (to make it "
						      "one: kpitop --db %s init)"),
						 path, path);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return kp_fail(e, _("%s: cannot open: %s"), path, strerror(errno));
		char head[16];
		ssize_t n = read(fd, head, sizeof head);
		close(fd);
		if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
			return kp_fail(e, _("%s: not a kpitop database (not an SQLite file)"), path);
		return side_file_links(path, e);
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
			rc = kp_fail(e, _("%s: directory %s does not exist"), path, d);
		else if (!S_ISDIR(st.st_mode))
			rc = kp_fail(e, _("%s: %s is not a directory"), path, d);
	}
	free(dir);
	if (rc == 0 && !(flags & STORE_CREATE))
		rc = kp_fail(e, _("%s: no database here (create one with: kpitop --db %s init)"), path,
			     path);
	return rc;
}

static int migrate(struct store *s, struct kp_err *e)
{
	int64_t v;
	if (query_int(s, "PRAGMA user_version", &v, e))
		return -1;
	if (v > STORE_SCHEMA_VERSION)
		return kp_fail(e, _("%s: written by a newer kpitop (schema %lld; this one knows up to %d)"),
			       s->path, (long long)v, STORE_SCHEMA_VERSION);
	if (v == 0) {
		int64_t n;
		if (query_int(s, "SELECT count(*) FROM sqlite_master", &n, e))
			return -1;
		if (n > 0)
			return kp_fail(e, _("%s: not a kpitop database (it holds other tables)"), s->path);
	}
	if (v == STORE_SCHEMA_VERSION)
		return 0;
	if (s->readonly) {
		/* Read-only by choice (report, backup, check...) but writable by
		 * this user: upgrade through a connection of its own, then read
		 * on (SQLite re-reads the schema when it changes). */
		if (s->asked_readonly && shared_can_write(s->path, NULL)) {
			struct store *w;
			if (store_open(&w, s->path, 0, e))
				return -1;
			store_close(w);
			return 0;
		}
		return kp_fail(e,
			       _("%s: needs a schema upgrade, which this user may not write; someone "
				 "who may must run any kpitop command on it once (kpitop --db %s check)"),
			       s->path, s->path);
	}
	if (store_begin(s, "kpitop", "migrate", e))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (query_int(s, "PRAGMA user_version", &v, e))
		goto fail;
	for (; v < STORE_SCHEMA_VERSION; v++) {
		if (exec(s, migrations[v], e, N_("upgrading the schema")))
			goto fail;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", (long long)v + 1);
		if (exec(s, sql, e, N_("upgrading the schema")))
			goto fail;
	}
	return store_commit(s, e);
fail:
	store_rollback(s);
	return -1;
}

/* Once per process, before SQLite starts: no global memory statistics, which
 * take a mutex on every allocation (about 5% of an import).  Too late if the
 * program already used SQLite; then nothing changes. */
static void sqlite_setup(void)
{
	static int done;
	if (!done) {
		done = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
}

int store_open(struct store **out, const char *path, int flags, struct kp_err *e)
{
	int exists;
	*out = NULL;
	sqlite_setup();
	if (check_file(path, flags, &exists, e))
		return -1;
	/* SQLite would create the file 0644 whatever the umask, and its -wal
	 * and -shm take the file's mode: create it ourselves, 0666 less the
	 * umask ([database] umask), so the group may write all three. */
	if (!exists && (flags & STORE_CREATE) && !(flags & STORE_READONLY)) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return kp_fail(e, _("%s: cannot create: %s"), path, strerror(errno));
	}
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->audit_on = 1;
	s->asked_readonly = (flags & STORE_READONLY) != 0;
	s->readonly = (flags & STORE_READONLY) || (exists && !shared_can_write(path, &s->readonly_why));
	int oflags = s->readonly ? SQLITE_OPEN_READONLY
				 : SQLITE_OPEN_READWRITE | (flags & STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (!s->db) {
			kp_fail(e, _("%s: cannot open: out of memory"), path);
		} else {
			db_fail(s, e, N_("cannot open"));
		}
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	store_set_busy_timeout(s, 5000);
	/* This connection keeps the roll-ups itself (see rollup_flush): with
	 * the triggers on as well, every entry would count twice. */
	int triggers = 1;
	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &triggers) != SQLITE_OK ||
	    triggers) {
		kp_fail(e, _("%s: cannot open: this SQLite cannot turn triggers off"), path);
		store_close(s);
		return -1;
	}
	/* Keep -wal and -shm when the last connection closes: created once with
	 * the right owner and mode, they must never be re-created by a reader
	 * (SPEC section 7; see shared.c). */
	int persist = 1;
	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	int64_t v;
	int check = !(flags & STORE_NO_CHECK);
	/* The first read of the schema is where a non-database or corrupt file shows. */
	if ((check && query_int(s, "SELECT count(*) FROM sqlite_master", &v, e)) ||
	    /* Off: parent_check does the same once per id and transaction,
	     * instead of three lookups per entry written (a sixth of an
	     * import's time). */
	    exec(s, "PRAGMA foreign_keys = OFF", e, N_("opening")) ||
	    (!s->readonly && exec(s, "PRAGMA journal_mode = WAL", e, N_("switching to WAL"))) ||
	    /* With the -wal file kept, cut it back after checkpoints and to
	     * nothing on the last close: otherwise the next process to open
	     * the file re-reads all of a big import's WAL (+30 ms for 50 MB). */
	    (!s->readonly && exec(s, "PRAGMA journal_size_limit = 4194304", e, N_("opening"))) ||
	    (check && migrate(s, e))) {
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
	free(s->readonly_why);
	free(s->delta.slots);
	free(s->coarse.slots);
	free(s->sums.slots);
	free(s->parents.slots);
	free(s);
}

int store_readonly(const struct store *s)
{
	return s->readonly;
}

const char *store_readonly_why(const struct store *s)
{
	return s->readonly_why;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* SQLite's busy handler: n is how many times it was called for this lock.
 * Waits like sqlite3_busy_timeout (short sleeps first, for the common case
 * of a writer about to commit), and tells the user once the wait is long
 * enough to notice, so a save behind a big import is not a frozen screen. */
static int busy_wait(void *arg, int n)
{
	static const int steps[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
	enum { NOTICE_MS = 300 };
	struct store *s = arg;
	/* A write's tries (wait_begin) are one wait, within one timeout; any
	 * other statement's wait starts with its first call. */
	if (n == 0 && !s->in_wait) {
		clock_gettime(CLOCK_MONOTONIC, &s->busy_since);
		s->wait_told = 0;
	}
	const struct timespec *origin = s->in_wait ? &s->wait_origin : &s->busy_since;
	long waited = ms_since(origin);
	if (waited >= s->busy_ms)
		return 0;
	if (s->on_wait && !s->wait_told && waited >= NOTICE_MS) {
		s->wait_told = 1;
		s->on_wait(s->wait_arg);
		waited = ms_since(origin);
	}
	long step = steps[n < (int)(sizeof steps / sizeof *steps) ? n : 11];
	if (step > s->busy_ms - waited)
		step = s->busy_ms - waited;
	if (step > 0)
		sqlite3_sleep((int)step);
	return 1;
}

/* A write about to take the lock: its tries share one timeout and one
 * notice. */
static void wait_begin(struct store *s)
{
	clock_gettime(CLOCK_MONOTONIC, &s->wait_origin);
	s->wait_told = 0;
	s->in_wait = 1;
}

/* Try again after SQLITE_BUSY?  While the timeout lasts (the busy handler
 * gives up early in a few cases, such as a lock held for recovery), or a
 * few times without one. */
static int wait_again(struct store *s, int tries)
{
	if (s->busy_ms > 0 ? ms_since(&s->wait_origin) >= s->busy_ms : tries >= 3) {
		s->in_wait = 0;
		return 0;
	}
	sqlite3_sleep(50);
	return 1;
}

void store_set_busy_timeout(struct store *s, int ms)
{
	s->busy_ms = ms;
	sqlite3_busy_handler(s->db, ms > 0 ? busy_wait : NULL, s);
}

void store_on_wait(struct store *s, void (*fn)(void *arg), void *arg)
{
	s->on_wait = fn;
	s->wait_arg = arg;
}

void store_audit_enable(struct store *s, int on)
{
	s->audit_on = on;
}

/* A fingerprint of the database and its -wal: size, time and inode. */
static int64_t files_version(const char *path)
{
	uint64_t h = 1469598103934665603u;
	char wal[PATH_MAX];
	const char *files[2] = {path, wal};
	snprintf(wal, sizeof wal, "%s-wal", path);
	for (int i = 0; i < 2; i++) {
		struct stat st;
		uint64_t v[4] = {0, 0, 0, 0};
		if (stat(files[i], &st) == 0) {
			v[0] = (uint64_t)st.st_size;
			v[1] = (uint64_t)st.st_mtim.tv_sec;
			v[2] = (uint64_t)st.st_mtim.tv_nsec;
			v[3] = (uint64_t)st.st_ino;
		}
		for (int j = 0; j < 4; j++)
			h = (h ^ v[j]) * 1099511628211u;
	}
	return (int64_t)(h >> 1);
}

/* PRAGMA data_version tells whether another connection committed.  A
 * reader who cannot write the -shm file shares no wal-index with writers,
 * so SQLite counts every read transaction as a change; such a reader
 * watches the files instead (a commit grows or rewrites the -wal, a
 * checkpoint rewrites the database). */
int store_data_version(struct store *s, int64_t *out, struct kp_err *e)
{
	if (!s->watch_files) {
		char shm[PATH_MAX];
		snprintf(shm, sizeof shm, "%s-shm", s->path);
		s->watch_files = s->readonly && access(shm, W_OK) != 0 ? 1 : -1;
	}
	if (s->watch_files > 0) {
		*out = files_version(s->path);
		return 0;
	}
	sqlite3_stmt *q = stmt(s, ST_DATA_VERSION, e);
	if (!q)
		return -1;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : db_fail(s, e, N_("checking for changes"));
}

/* ---- transactions ---- */

int store_begin(struct store *s, const char *user, const char *what, struct kp_err *e)
{
	if (s->depth++ > 0)
		return 0;
	if (s->readonly) {
		s->depth = 0;
		if (s->readonly_why)
			return kp_fail(e, _("%s: opened read-only; changes are not possible: %s"), s->path,
				       s->readonly_why);
		return kp_fail(e, _("%s: opened read-only; changes are not possible"), s->path);
	}
	sqlite3_stmt *q = stmt(s, ST_BEGIN, e);
	if (!q) {
		s->depth = 0;
		return -1;
	}
	/* The busy handler waits out most writers; a few more tries cover the
	 * rest (a writer that holds the lock for longer than the timeout). */
	int rc;
	wait_begin(s);
	for (int tries = 0;; tries++) {
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if ((rc & 0xff) != SQLITE_BUSY || !wait_again(s, tries))
			break;
	}
	s->in_wait = 0;
	if (rc != SQLITE_DONE) {
		s->depth = 0;
		return db_fail(s, e, N_("starting a change"));
	}
	free(s->user);
	free(s->what);
	s->user = xstrdup(user ? user : kp_username());
	s->what = xstrdup(what ? what : "change");
	s->change_id = 0;
	acc_clear(&s->parents);
	s->undoes = 0;
	return 0;
}

int store_commit(struct store *s, struct kp_err *e)
{
	if (s->depth == 0)
		return kp_fail(e, _("internal error: commit without a transaction"));
	if (--s->depth > 0)
		return 0;
	if (pending_flush(s, e)) {
		s->depth = 1;
		store_rollback(s);
		return -1;
	}
	pending_drop(s);
	sqlite3_stmt *q = stmt(s, ST_COMMIT, e);
	if (!q || step_done(s, q, e, N_("saving the change"))) {
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
	pending_drop(s);
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int need_tx(struct store *s, struct kp_err *e)
{
	if (s->depth == 0)
		return kp_fail(e, _("internal error: a write outside a transaction"));
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
		if (step_done(s, q, e, N_("writing the audit trail")))
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
	kp_date date;      /* of an entry */
};

/* Write the waiting audit rows: BATCH in one statement, or one by one. */
static int audit_flush(struct store *s, struct kp_err *e)
{
	int i = 0;
	while (i < s->naudit) {
		int take = s->naudit - i >= BATCH ? BATCH : 1;
		sqlite3_stmt *q = stmt(s, take > 1 ? ST_AUDIT_MANY : ST_AUDIT_ADD, e);
		if (!q)
			return -1;
		for (int j = 0; j < take; j++) {
			const struct audit_row *a = &s->audit[i + j];
			int p = 9 * j;
			sqlite3_bind_int64(q, p + 1, a->change_id);
			sqlite3_bind_text(q, p + 2, a->kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, p + 3, a->day, -1, SQLITE_STATIC);
			bind_id_or_null(q, p + 4, a->team_id);
			bind_id_or_null(q, p + 5, a->manager_id);
			bind_id_or_null(q, p + 6, a->channel_id);
			sqlite3_bind_int64(q, p + 7, a->metric_id);
			if (a->has_old)
				sqlite3_bind_int64(q, p + 8, a->old_value);
			else
				sqlite3_bind_null(q, p + 8);
			if (a->has_new)
				sqlite3_bind_int64(q, p + 9, a->new_value);
			else
				sqlite3_bind_null(q, p + 9);
		}
		if (step_done(s, q, e, N_("writing the audit trail")))
			return -1;
		i += take;
	}
	s->naudit = 0;
	return 0;
}

/* Everything a write transaction holds back: before its commit, and before
 * it reads what it wrote. */
static int pending_flush(struct store *s, struct kp_err *e)
{
	return audit_flush(s, e) || rollup_flush(s, e) ? -1 : 0;
}

static void pending_drop(struct store *s)
{
	s->naudit = 0;
	acc_release(&s->delta);
	acc_release(&s->coarse);
}

static int audit_add(struct store *s, const struct cell *c, int has_old, int64_t old,
		     int has_new, int64_t new_value, struct kp_err *e)
{
	if (!s->audit_on)
		return 0;
	int64_t cid;
	if (change_id(s, e, &cid))
		return -1;
	if (s->naudit == BATCH && audit_flush(s, e))
		return -1;
	struct audit_row *a = &s->audit[s->naudit++];
	*a = (struct audit_row){cid,	       c->team_id, c->manager_id, c->channel_id,
				c->metric_id, old,	   new_value,	  c->kind,
				"",	       has_old,	   has_new};
	snprintf(a->day, sizeof a->day, "%s", c->day);
	return 0;
}

/* ---- references ----
 *
 * kpitop's connections run with foreign keys off and check here instead that
 * a row it writes refers to existing teams, managers, channels and metrics.
 * Inside a write transaction no one else can delete them (and kpitop never
 * deletes them), so each id is looked up once per transaction. */

enum parent { P_TEAM = 1, P_MANAGER, P_CHANNEL, P_METRIC };

static int acc_has(const struct acc *a, const struct acc_key *k)
{
	if (!a->cap)
		return 0;
	size_t mask = a->cap - 1;
	for (size_t i = (size_t)acc_hash(k) & mask; a->slots[i].k.level; i = (i + 1) & mask)
		if (acc_same(&a->slots[i].k, k))
			return 1;
	return 0;
}

/* 0 when the row exists, -1 with "no such ..." in e (or an SQLite error). */
static int parent_check(struct store *s, int table, int64_t id, struct kp_err *e)
{
	struct acc_key k = {table, 0, id, 0, 0};
	if (acc_has(&s->parents, &k))
		return 0;
	sqlite3_stmt *q = stmt(s, (enum stmt_id)(ST_HAS_TEAM + table - P_TEAM), e);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW) {
		acc_add(&s->parents, &k, 1, 0);
		return 0;
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, e, N_("reading the database"));
	return kp_fail(e, _("no such manager, team, channel or metric"));
}

static int cell_parents(struct store *s, const struct cell *c, struct kp_err *e)
{
	if (c->kind[0] == 'e')
		return parent_check(s, P_MANAGER, c->manager_id, e) ||
		       parent_check(s, P_CHANNEL, c->channel_id, e) ||
		       parent_check(s, P_METRIC, c->metric_id, e) ? -1 : 0;
	return parent_check(s, c->team_id ? P_TEAM : P_MANAGER,
			    c->team_id ? c->team_id : c->manager_id, e) ||
	       parent_check(s, P_METRIC, c->metric_id, e) ? -1 : 0;
}

/* ---- dimensions ---- */

/* "team name" and the like, translated whole: other languages inflect. */
static const char *name_of(const char *what)
{
	if (strcmp(what, "team") == 0)
		return _("team name");
	if (strcmp(what, "manager") == 0)
		return _("manager name");
	if (strcmp(what, "channel") == 0)
		return _("channel name");
	return _("metric label");
}

static int valid_name(const char *what, const char *name, struct kp_err *e)
{
	size_t n = strlen(name), chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (n == 0)
		return kp_fail(e, _("%s is empty"), name_of(what));
	if (chars > 200)
		return kp_fail(e, _("%s is too long (at most 200 characters)"), name_of(what));
	if (name[0] == ' ' || name[n - 1] == ' ')
		return kp_fail(e, _("%s '%s' starts or ends with a space"), name_of(what), name);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return kp_fail(e, _("%s contains a control character"), name_of(what));
	return 0;
}

/* A name taken already, one message per table (see name_of). */
static int taken(struct kp_err *e, const char *table, const char *name)
{
	if (strcmp(table, "team") == 0)
		return kp_fail(e, _("a team named '%s' already exists"), name);
	if (strcmp(table, "manager") == 0)
		return kp_fail(e, _("a manager named '%s' already exists"), name);
	if (strcmp(table, "channel") == 0)
		return kp_fail(e, _("a channel named '%s' already exists"), name);
	return kp_fail(e, _("a metric named '%s' already exists"), name);
}

static int no_such(struct kp_err *e, const char *table)
{
	if (strcmp(table, "team") == 0)
		return kp_fail(e, _("no such team"));
	if (strcmp(table, "manager") == 0)
		return kp_fail(e, _("no such manager"));
	if (strcmp(table, "channel") == 0)
		return kp_fail(e, _("no such channel"));
	return kp_fail(e, _("no such metric"));
}

static int insert_named(struct store *s, const char *sql, const char *what, const char *name,
			int64_t extra, int64_t *id, struct kp_err *e)
{
	if (need_tx(s, e) || valid_name(what, name, e))
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("adding"));
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (extra)
		sqlite3_bind_int64(q, 2, extra);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return taken(e, what, name);
	if (rc != SQLITE_DONE)
		return db_fail(s, e, N_("adding"));
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_team_add(struct store *s, const char *name, int64_t *id, struct kp_err *e)
{
	return insert_named(s, "INSERT INTO team (name) VALUES (?1)", "team", name, 0, id, e);
}

/* A team a manager is put in must exist (see parent_check). */
static int team_check(struct store *s, int64_t team_id, struct kp_err *e)
{
	struct kp_err why;
	if (need_tx(s, e))
		return -1;
	if (parent_check(s, P_TEAM, team_id, &why) == 0)
		return 0;
	return kp_fail(e, _("no such team (id %lld)"), (long long)team_id);
}

int store_manager_add(struct store *s, const char *name, int64_t team_id, int64_t *id,
		      struct kp_err *e)
{
	if (team_check(s, team_id, e))
		return -1;
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
		return kp_fail(e, _("metric key '%s' must start with a-z and be at most 32 characters"),
			       key);
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return kp_fail(e, _("metric key '%s' may hold only a-z, 0-9 and _"), key);
	for (int i = 0; reserved[i]; i++)
		if (strcmp(key, reserved[i]) == 0)
			return kp_fail(e, _("metric key '%s' is reserved (a CSV or report column)"), key);
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
		return db_fail(s, e, N_("adding a metric"));
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, kind == METRIC_MONEY ? "money" : "count", -1, SQLITE_STATIC);
	if (funnel > 0)
		sqlite3_bind_int(q, 4, funnel);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, _("a metric with key '%s' already exists"), key);
	if (rc != SQLITE_DONE)
		return db_fail(s, e, N_("adding a metric"));
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
		return kp_fail(e, _("internal error: unknown table %s"), table);
	if (need_tx(s, e))
		return -1;
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE id = ?2", t, set);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("updating"));
	if (text)
		sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(q, 1, num);
	sqlite3_bind_int64(q, 2, id);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return taken(e, t, text ? text : "?");
	if (rc != SQLITE_DONE)
		return db_fail(s, e, N_("updating"));
	if (sqlite3_changes(s->db) != 1)
		return no_such(e, t);
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
	if (team_check(s, team_id, e))
		return -1;
	if (update_dim(s, "manager", "team_id = ?1", manager_id, NULL, team_id, e))
		return -1;
	/* A head who leaves the team no longer heads it. */
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "UPDATE team SET head_id = NULL WHERE head_id = ?1 AND id <> ?2",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("updating"));
	sqlite3_bind_int64(q, 1, manager_id);
	sqlite3_bind_int64(q, 2, team_id);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("updating"));
}

/* The head must be an active manager of the team (SPEC section 3). */
static int head_check(struct store *s, int64_t team_id, int64_t manager_id, struct kp_err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT m.team_id, m.archived, m.name, t.name FROM manager m"
			       " JOIN team t ON t.id = ?2 WHERE m.id = ?1",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("reading teams, managers, channels and metrics"));
	sqlite3_bind_int64(q, 1, manager_id);
	sqlite3_bind_int64(q, 2, team_id);
	int rc = sqlite3_step(q), bad = 0;
	if (rc == SQLITE_ROW) {
		const char *mname = (const char *)sqlite3_column_text(q, 2);
		const char *tname = (const char *)sqlite3_column_text(q, 3);
		if (sqlite3_column_int64(q, 0) != team_id)
			bad = kp_fail(e, _("%s is not a manager of team %s"), mname ? mname : "?",
				      tname ? tname : "?");
		else if (sqlite3_column_int(q, 1))
			bad = kp_fail(e, _("%s is archived and cannot head a team"),
				      mname ? mname : "?");
	} else if (rc == SQLITE_DONE) {
		bad = kp_fail(e, _("no such manager"));
	} else {
		bad = db_fail(s, e, N_("reading teams, managers, channels and metrics"));
	}
	sqlite3_finalize(q);
	return bad ? -1 : 0;
}

int store_team_head(struct store *s, int64_t team_id, int64_t manager_id, struct kp_err *e)
{
	if (need_tx(s, e) || (manager_id && head_check(s, team_id, manager_id, e)))
		return -1;
	return update_dim(s, "team", "head_id = nullif(?1, 0)", team_id, NULL, manager_id, e);
}

int store_load_dims(struct store *s, struct kp_dims *d, struct kp_err *e)
{
	static const char *const sql[4] = {
		"SELECT id, name, archived, coalesce(head_id, 0) FROM team ORDER BY id",
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
			return db_fail(s, e, N_("reading teams, managers, channels and metrics"));
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
				d->teams[d->nteams++] = (struct kp_team){id, nm, archived, extra};
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
			return db_fail(s, e, N_("reading teams, managers, channels and metrics"));
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
		return db_fail(s, e, N_("reading a value"));
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

/* Step a write of one cell. */
static int cell_step(struct store *s, sqlite3_stmt *q, struct kp_err *e)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kp_fail(e, _("no such manager, team, channel or metric"));
	if (rc != SQLITE_DONE)
		return db_fail(s, e, N_("saving a value"));
	return 0;
}

/* Set an entry that may be new in one statement (an import of new days
 * writes only these); *inserted = 0 when the cell already existed. */
static int entry_insert(struct store *s, const struct cell *c, int64_t value, int *inserted,
			struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_ENTRY_NEW, e);
	if (!q)
		return -1;
	bind_cell(q, c);
	sqlite3_bind_int64(q, 5, value);
	if (cell_step(s, q, e))
		return -1;
	*inserted = sqlite3_changes(s->db) > 0;
	return 0;
}

/* Set (has_value) or clear a cell, auditing a real change. */
static int cell_put(struct store *s, const struct cell *c, int has_value, int64_t value,
		    int *changed, struct kp_err *e)
{
	int64_t old = 0;
	int found = 0, inserted = 0;
	if (changed)
		*changed = 0;
	if (need_tx(s, e))
		return -1;
	if (has_value && (value < 0 || value > NUM_MAX_VALUE))
		return kp_fail(e, _("value %lld is out of range"), (long long)value);
	int entry = c->kind[0] == 'e';
	if (has_value && cell_parents(s, c, e))
		return -1;
	if (entry && has_value && entry_insert(s, c, value, &inserted, e))
		return -1;
	if (inserted)
		goto changed;
	if (cell_get(s, c, &old, &found, e))
		return -1;
	if (found == has_value && (!found || old == value))
		return 0;
	enum stmt_id id = has_value ? (entry ? ST_ENTRY_PUT : c->team_id ? ST_PLAN_PUT_T : ST_PLAN_PUT_M)
				    : (entry ? ST_ENTRY_DEL : c->team_id ? ST_PLAN_DEL_T : ST_PLAN_DEL_M);
	sqlite3_stmt *q = stmt(s, id, e);
	if (!q)
		return -1;
	bind_cell(q, c);
	if (has_value)
		sqlite3_bind_int64(q, entry ? 5 : 4, value);
	if (cell_step(s, q, e))
		return -1;
changed:
	if (changed)
		*changed = 1;
	if (entry && rollup_note(s, c->date, c->manager_id, c->channel_id, c->metric_id,
				 has_value - found, (has_value ? value : 0) - (found ? old : 0), e))
		return -1;
	return audit_add(s, c, found, old, has_value, value, e);
}

static struct cell entry_cell(kp_date day, int64_t manager_id, int64_t channel_id,
			      int64_t metric_id)
{
	struct cell c = {"entry", "", 0, manager_id, channel_id, metric_id, day};
	date_format(day, c.day);
	return c;
}

static struct cell plan_cell(int year, int month, int64_t team_id, int64_t manager_id,
			     int64_t metric_id)
{
	struct cell c = {"plan", "", team_id, team_id ? 0 : manager_id, 0, metric_id, 0};
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
		return db_fail(s, e, N_("reading the day"));
	bind_date(q, 1, day);
	sqlite3_bind_int64(q, 2, channel_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		cb(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
		   sqlite3_column_int64(q, 2));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("reading the day"));
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
		return kp_fail(e, _("internal error: a plan is for a team or a manager"));
	struct cell c = plan_cell(year, month, team_id, manager_id, metric_id);
	return cell_put(s, &c, 1, value, changed, e);
}

int store_plan_clear(struct store *s, int year, int month, int64_t team_id,
		     int64_t manager_id, int64_t metric_id, int *changed, struct kp_err *e)
{
	if (!team_id == !manager_id)
		return kp_fail(e, _("internal error: a plan is for a team or a manager"));
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

/* Reading one roll-up row costs about what reading the raw entries of this
 * many days does (measured on the bench company: ~3,600 roll-up rows vs
 * ~1,100 entries a day). */
#define ROLLUP_COST 3

/* A sum over a range is a signed list of terms: roll-up periods (level <
 * LV_DAY, the period starting at `from`) and raw ranges of entries. */
struct term {
	int level, sign;
	kp_date from, to;
};

struct plan {
	struct term *t;
	size_t n, cap;
	long cost;
};

static void plan_push(struct plan *p, int level, kp_date from, kp_date to, int sign, long cost)
{
	xgrow(&p->t, &p->cap, p->n + 1, sizeof *p->t);
	p->t[p->n++] = (struct term){level, sign, from, to};
	p->cost += cost;
}

static void plan_take(struct plan *p, struct plan *q)
{
	for (size_t i = 0; i < q->n; i++)
		plan_push(p, q->t[i].level, q->t[i].from, q->t[i].to, q->t[i].sign, 0);
	p->cost += q->cost;
	free(q->t);
}

static void plan_span(struct plan *p, int level, kp_date a, kp_date b, int sign, kp_date lo,
		      kp_date hi);

/* [a, b] cut at the periods of `level`. */
static void plan_pieces(struct plan *p, int level, kp_date a, kp_date b, int sign, kp_date lo,
			kp_date hi)
{
	if (a < lo)
		a = lo;
	if (b > hi)
		b = hi;
	while (a <= b) {
		kp_date from, to;
		level_span(level, a, &from, &to);
		plan_span(p, level, a, to < b ? to : b, sign, lo, hi);
		a = to + 1;
	}
}

/* The cheapest terms for [a, b] inside one period of `level`: the period's
 * roll-up when [a, b] covers every day that can hold entries (lo..hi);
 * otherwise the smaller of its parts one level down, or its roll-up minus
 * the parts outside [a, b]. */
static void plan_span(struct plan *p, int level, kp_date a, kp_date b, int sign, kp_date lo,
		      kp_date hi)
{
	if (a < lo)
		a = lo;
	if (b > hi)
		b = hi;
	if (a > b)
		return;
	if (level == LV_DAY) {
		plan_push(p, LV_DAY, a, b, sign, b - a + 1);
		return;
	}
	kp_date from, to;
	level_span(level, a, &from, &to);
	if (a <= (from > lo ? from : lo) && b >= (to < hi ? to : hi)) {
		plan_push(p, level, from, to, sign, ROLLUP_COST);
		return;
	}
	struct plan parts = {0}, rest = {0};
	plan_pieces(&parts, level + 1, a, b, sign, lo, hi);
	plan_push(&rest, level, from, to, sign, ROLLUP_COST);
	if (a > from)
		plan_pieces(&rest, level + 1, from, a - 1, -sign, lo, hi);
	if (b < to)
		plan_pieces(&rest, level + 1, b + 1, to, -sign, lo, hi);
	if (rest.cost < parts.cost) {
		plan_take(p, &rest);
		free(parts.t);
	} else {
		plan_take(p, &parts);
		free(rest.t);
	}
}

/* Raw ranges next to each other with the same sign become one scan. */
static void plan_merge(struct plan *p)
{
	size_t out = 0;
	for (size_t i = 0; i < p->n; i++) {
		struct term *t = &p->t[i];
		struct term *last = out ? &p->t[out - 1] : NULL;
		if (last && t->level == LV_DAY && last->level == LV_DAY && last->sign == t->sign &&
		    last->to + 1 == t->from)
			last->to = t->to;
		else
			p->t[out++] = *t;
	}
	p->n = out;
}

/* The first and last day holding an entry; *any = 0 when there is none. */
static int entry_bounds(struct store *s, kp_date *lo, kp_date *hi, int *any, struct kp_err *e)
{
	sqlite3_stmt *q = stmt(s, ST_BOUNDS, e);
	if (!q)
		return -1;
	int rc = sqlite3_step(q);
	*any = 0;
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*any = date_parse((const char *)sqlite3_column_text(q, 0), lo) == 0 &&
		       date_parse((const char *)sqlite3_column_text(q, 1), hi) == 0;
		if (!*any) {
			/* A day that is not a real date (written around the
			 * triggers): let the raw ranges decide, unbounded. */
			*lo = date_from_ymd(DATE_MIN_YEAR, 1, 1);
			*hi = date_from_ymd(DATE_MAX_YEAR, 12, 31);
			*any = 1;
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : db_fail(s, e, N_("summing entries"));
}

static int run_term(struct store *s, const struct term *t, store_sum_cb cb, void *ctx,
		    struct kp_err *e)
{
	int raw = t->level == LV_DAY;
	sqlite3_stmt *q = stmt(s, raw ? ST_RAW : ST_ROLLUP, e);
	if (!q)
		return -1;
	char a[32], b[16];
	if (raw) {
		date_format(t->from, a);
		date_format(t->to, b);
		sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
	} else {
		level_name(t->level, t->from, a);
	}
	sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t n = raw ? 1 : sqlite3_column_int64(q, 3);
		int64_t v = sqlite3_column_int64(q, raw ? 3 : 4);
		if (cb) {
			/* The only term: rows come in key order, one per cell. */
			if (n > 0)
				cb(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
				   sqlite3_column_int64(q, 2), v);
			continue;
		}
		struct acc_key k = {LV_DAY, 0, sqlite3_column_int64(q, 0),
				    sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2)};
		acc_add(&s->sums, &k, t->sign * n, t->sign * v);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("summing entries"));
}

/* Report the cells with entries of s->sums in (manager, channel, metric)
 * order, as GROUP BY does. */
static void sums_report(struct store *s, store_sum_cb cb, void *ctx)
{
	size_t n;
	struct acc_slot **v = acc_sorted(&s->sums, &n);
	for (size_t i = 0; i < n; i++)
		if (v[i]->n > 0)
			cb(ctx, v[i]->k.manager_id, v[i]->k.channel_id, v[i]->k.metric_id,
			   v[i]->value);
	free(v);
}

/* Statements of one aggregate see one snapshot of the file; inside a write
 * transaction, the roll-ups must first hold its changes. */
static int read_begin(struct store *s, int *began, struct kp_err *e)
{
	*began = 0;
	if (s->depth > 0)
		return pending_flush(s, e);
	if (!sqlite3_get_autocommit(s->db))
		return 0;
	sqlite3_stmt *q = stmt(s, ST_READ_BEGIN, e);
	if (!q || step_done(s, q, e, N_("reading the database")))
		return -1;
	*began = 1;
	return 0;
}

/* Ending a read transaction cannot fail in a way that matters to the read. */
static void read_end(struct store *s, int began)
{
	sqlite3_stmt *q;
	if (began && (q = stmt(s, ST_COMMIT, NULL)) != NULL) {
		sqlite3_step(q);
		sqlite3_reset(q);
	}
}

/* The same groups and sums as SELECT ... GROUP BY manager_id, channel_id,
 * metric_id over the range, in that order, from the cheapest mix of
 * roll-ups and raw entries: a year view reads a handful of roll-up periods
 * instead of every entry of the year. */
int store_sum_entries(struct store *s, kp_date from, kp_date to, store_sum_cb cb, void *ctx,
		      struct kp_err *e)
{
	int began, any, rc = 0;
	kp_date lo = 0, hi = 0;
	struct plan p = {0};
	if (read_begin(s, &began, e))
		return -1;
	if (entry_bounds(s, &lo, &hi, &any, e)) {
		rc = -1;
		goto out;
	}
	if (any && from <= to)
		plan_pieces(&p, LV_YEAR, from, to, 1, lo, hi);
	plan_merge(&p);
	/* One roll-up, or one day: its rows are the answer, in order. */
	if (p.n == 1 && p.t[0].sign > 0 && (p.t[0].level != LV_DAY || p.t[0].from == p.t[0].to)) {
		rc = run_term(s, &p.t[0], cb, ctx, e);
		goto out;
	}
	for (size_t i = 0; i < p.n && rc == 0; i++)
		rc = run_term(s, &p.t[i], NULL, NULL, e);
	if (rc == 0)
		sums_report(s, cb, ctx);
	acc_release(&s->sums);
out:
	read_end(s, began);
	free(p.t);
	return rc;
}

int store_daily_sums(struct store *s, kp_date from, kp_date to, store_daily_cb cb, void *ctx,
		     struct kp_err *e)
{
	int began;
	if (read_begin(s, &began, e))
		return -1;
	sqlite3_stmt *q = stmt(s, ST_DAILY, e);
	if (!q) {
		read_end(s, began);
		return -1;
	}
	bind_date(q, 1, from);
	bind_date(q, 2, to);
	/* Rows come in day order: parse each day once. */
	char last[16] = "";
	kp_date day = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		if (t && strncmp(t, last, sizeof last) != 0) {
			snprintf(last, sizeof last, "%s", t);
			if (date_parse(t, &day))
				day = 0;
		}
		cb(ctx, day, sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
		   sqlite3_column_int64(q, 3));
	}
	sqlite3_reset(q);
	read_end(s, began);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("summing days"));
}

static kp_date column_date(sqlite3_stmt *q, int col)
{
	kp_date d = 0;
	const char *t = (const char *)sqlite3_column_text(q, col);
	if (t)
		date_parse(t, &d);
	return d;
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
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("reading plans"));
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
		return db_fail(s, e, N_("exporting"));
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
		return kp_fail(e, _("export stopped"));
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(s, e, N_("exporting"));
}

/* ---- audit trail and undo ---- */

void audit_free(struct kp_audit *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].user);
		free(a[i].what);
		free(a[i].kind);
		free(a[i].scope);
		free(a[i].day);
		free(a[i].team);
		free(a[i].manager);
		free(a[i].channel);
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
	if (s->depth > 0 && pending_flush(s, e))
		return -1;
	sqlite3_stmt *q;
	/* The newest cells, and the restores among the changes they span (all
	 * of them when the cells are fewer than the limit): a restore's change
	 * has no cells.  Audit ids grow with change ids. */
	if (sqlite3_prepare_v2(
		    s->db,
		    "WITH a AS (SELECT * FROM audit ORDER BY id DESC LIMIT ?1),"
		    " lo AS (SELECT CASE WHEN ?1 < 0 OR count(*) < ?1 THEN 0"
		    "  ELSE min(change_id) END AS id FROM a)"
		    " SELECT a.id, c.id, c.at, c.user, c.what, a.kind, a.day,"
		    " coalesce(t.name, ''), coalesce(m.name, ''), coalesce(ch.name, ''),"
		    " coalesce(x.key, '?'), x.kind, a.old_value, a.new_value,"
		    " coalesce(c.undoes, 0), coalesce(c.undone_by, 0)"
		    " FROM a JOIN change c ON c.id = a.change_id"
		    " LEFT JOIN team t ON t.id = a.team_id"
		    " LEFT JOIN manager m ON m.id = a.manager_id"
		    " LEFT JOIN channel ch ON ch.id = a.channel_id"
		    " LEFT JOIN metric x ON x.id = a.metric_id"
		    " UNION ALL SELECT -c.id, c.id, c.at, c.user, c.what, '', '', '', '', '', '',"
		    " NULL, NULL, NULL, coalesce(c.undoes, 0), coalesce(c.undone_by, 0)"
		    " FROM change c WHERE c.id > (SELECT id FROM lo)"
		    " AND c.what GLOB '" RESTORE_WHAT "*'"
		    " AND NOT EXISTS (SELECT 1 FROM audit WHERE change_id = c.id)"
		    " ORDER BY 2 DESC, 1 DESC LIMIT ?1",
		    -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("reading the audit trail"));
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
		a->day = column_dup(q, 6);
		a->team = column_dup(q, 7);
		a->manager = column_dup(q, 8);
		a->channel = column_dup(q, 9);
		if (!*a->kind) {
			a->scope = xstrdup("");
		} else if (strcmp(a->kind, "entry") == 0) {
			a->scope = xasprintf("%s %s / %s", a->day, a->manager, a->channel);
			a->team[0] = '\0';
		} else if (*a->team) {
			/* TRANSLATORS: a team's plan in the change log: the month,
			 * then the team's name. */
			a->scope = xasprintf(_("%s team %s"), a->day, a->team);
			a->manager[0] = a->channel[0] = '\0';
		} else {
			a->scope = xasprintf("%s %s", a->day, a->manager);
			a->channel[0] = '\0';
		}
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
		return db_fail(s, e, N_("reading the audit trail"));
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
		return db_fail(s, e, N_("reading the audit trail"));
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
		c.date = 0;
		if (c.kind[0] == 'e' && date_parse(c.day, &c.date)) {
			kp_fail(e, _("cannot undo change #%lld: bad day '%s' in the audit trail"),
				(long long)cid, c.day);
			failed = 1;
			break;
		}
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
			kp_fail(e, _("cannot undo change #%lld: a value it set (%s %s) was changed again since"),
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
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, N_("reading the audit trail"));
}

int store_undo(struct store *s, const char *user, int64_t *undone_id, size_t *cells,
	       struct kp_err *e)
{
	*undone_id = 0;
	*cells = 0;
	char what[64];
	if (store_begin(s, user, "undo", e))
		return -1;
	/* Inside a caller's transaction, its audit rows must be readable. */
	if (audit_flush(s, e))
		goto fail;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT id FROM change WHERE user = ?1 AND undoes IS NULL"
			       " AND undone_by IS NULL AND EXISTS (SELECT 1 FROM audit"
			       " WHERE change_id = change.id) AND id > coalesce((SELECT r.id"
			       " FROM change r WHERE r.what GLOB '" RESTORE_WHAT "*' AND NOT EXISTS"
			       " (SELECT 1 FROM audit WHERE change_id = r.id) ORDER BY r.id DESC"
			       " LIMIT 1), 0) ORDER BY id DESC LIMIT 1",
			       -1, &q, NULL) != SQLITE_OK) {
		db_fail(s, e, N_("reading the audit trail"));
		goto fail;
	}
	sqlite3_bind_text(q, 1, user, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	int64_t cid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s, e, N_("reading the audit trail"));
		goto fail;
	}
	if (!cid) {
		/* Nothing since a restore: say that undo stops there, and why,
		 * rather than that there is nothing at all. */
		int64_t rid = 0;
		char *file = NULL;
		if (sqlite3_prepare_v2(s->db,
				       "SELECT id, substr(what, length('" RESTORE_WHAT "') + 1) FROM change"
				       " r WHERE what GLOB '" RESTORE_WHAT "*' AND NOT EXISTS (SELECT 1"
				       " FROM audit WHERE change_id = r.id) ORDER BY id DESC LIMIT 1",
				       -1, &q, NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW) {
				rid = sqlite3_column_int64(q, 0);
				file = xstrdup((const char *)sqlite3_column_text(q, 1));
			}
			sqlite3_finalize(q);
		}
		store_rollback(s);
		if (rid) {
			kp_fail(e, _("nothing of yours since restore #%lld (%s); undo does not reach back "
				     "past a restore: to go back, restore the copy it kept"),
				(long long)rid, file);
			free(file);
			return -1;
		}
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
		db_fail(s, e, N_("writing the audit trail"));
		goto fail;
	}
	sqlite3_bind_int64(q, 1, self);
	sqlite3_bind_int64(q, 2, cid);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		db_fail(s, e, N_("writing the audit trail"));
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

/* A consistent copy of src's main database in the new file dest.  The file
 * is created here, not by SQLite, so that it gets 0666 less the umask (a
 * group-shared directory's umask lets the group restore it) and so that an
 * existing file is never overwritten, even by a race. */
static int backup_to_file(sqlite3 *src, const char *dest, struct kp_err *e)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		if (errno == EEXIST)
			return kp_fail(e, _("%s: already exists; choose a new file name"), dest);
		return kp_fail(e, _("%s: cannot create: %s"), dest, strerror(errno));
	}
	close(fd);
	sqlite3 *out;
	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		kp_fail(e, _("%s: cannot create: %s"), dest,
			out ? sqlite3_errmsg(out) : _("out of memory"));
		sqlite3_close(out);
		unlink(dest);
		return -1;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", src, "main");
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
		ret = kp_fail(e, _("%s: backup failed: %s"), dest, sqlite3_errmsg(out));
		unlink(dest);
	}
	sqlite3_close(out);
	return ret;
}

int store_backup(struct store *s, const char *dest, struct kp_err *e)
{
	return backup_to_file(s->db, dest, e);
}

/* SQLite's integrity and foreign-key checks: *ok, or the first problem in
 * detail. */
static int db_integrity(struct store *s, int *ok, char detail[static 512], struct kp_err *e)
{
	sqlite3_stmt *q;
	*ok = 0;
	detail[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &q, NULL) != SQLITE_OK)
		return db_fail(s, e, N_("checking integrity"));
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(q, 0);
		*ok = r && strcmp(r, "ok") == 0;
		/* One line: without the "*** in database main ***" heading. */
		if (r && strncmp(r, "*** ", 4) == 0 && strchr(r, '\n'))
			r = strchr(r, '\n') + 1;
		snprintf(detail, 512, "%s", r ? r : "");
		for (char *nl = detail; (nl = strchr(nl, '\n'));)
			*nl = ' ';
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return db_fail(s, e, N_("checking integrity"));
	if (*ok) {
		/* Foreign keys are part of consistency too. */
		if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &q, NULL) != SQLITE_OK)
			return db_fail(s, e, N_("checking integrity"));
		if (sqlite3_step(q) == SQLITE_ROW) {
			*ok = 0;
			snprintf(detail, 512, "foreign key violation in table %s",
				 (const char *)sqlite3_column_text(q, 0));
		}
		sqlite3_finalize(q);
	}
	return 0;
}

/* How many roll-up rows differ from a GROUP BY over entry, row for row. */
static int rollups_bad(struct store *s, int64_t *bad, struct kp_err *e)
{
	static const char rollups_sql[] =
		"WITH want(period, manager_id, channel_id, metric_id, n, value) AS ("
		"  SELECT substr(day, 1, 4), manager_id, channel_id, metric_id, count(*),"
		"    sum(value) FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 5) || 'Q' || ((substr(day, 6, 2) + 2) / 3),"
		"    manager_id, channel_id, metric_id, count(*), sum(value)"
		"    FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 7), manager_id, channel_id, metric_id,"
		"    count(*), sum(value) FROM entry GROUP BY 1, 2, 3, 4"
		"  UNION ALL SELECT substr(day, 1, 8) || 'D' || min(3, (substr(day, 9, 2) + 9) / 10),"
		"    manager_id, channel_id, metric_id, count(*), sum(value)"
		"    FROM entry GROUP BY 1, 2, 3, 4),"
		" days(day, manager_id, metric_id, n, value) AS ("
		"  SELECT day, manager_id, metric_id, count(*), sum(value) FROM entry"
		"  GROUP BY 1, 2, 3)"
		"SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT"
		"    SELECT period, manager_id, channel_id, metric_id, n, value FROM entry_sum))"
		" + (SELECT count(*) FROM (SELECT period, manager_id, channel_id, metric_id, n,"
		"    value FROM entry_sum EXCEPT SELECT * FROM want))"
		" + (SELECT count(*) FROM (SELECT * FROM days EXCEPT"
		"    SELECT day, manager_id, metric_id, n, value FROM entry_day))"
		" + (SELECT count(*) FROM (SELECT day, manager_id, metric_id, n, value"
		"    FROM entry_day EXCEPT SELECT * FROM days))";
	return query_int(s, rollups_sql, bad, e);
}

int store_check(struct store *s, struct store_check *c, struct kp_err *e)
{
	memset(c, 0, sizeof *c);
	int64_t v;
	if (query_int(s, "PRAGMA user_version", &v, e))
		return -1;
	c->user_version = (int)v;
	if (db_integrity(s, &c->ok, c->detail, e))
		return -1;
	if (c->ok) {
		int64_t bad;
		if (rollups_bad(s, &bad, e))
			return -1;
		c->rollups_ok = bad == 0;
		if (bad) {
			c->ok = 0;
			snprintf(c->detail, sizeof c->detail,
				 "%lld roll-up rows (entry_sum, entry_day) disagree with the entries",
				 (long long)bad);
		}
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
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			snprintf(c->journal_mode, sizeof c->journal_mode, "%s",
				 (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	return 0;
}

/* ---- restore ---- */

int store_counts(struct store *s, int64_t *entries, int64_t *plans, struct kp_err *e)
{
	if (query_int(s, "SELECT count(*) FROM entry", entries, e))
		return -1;
	return query_int(s, "SELECT count(*) FROM plan", plans, e);
}

/* A store around a connection opened here (the backup, its staged copy, a
 * second reader of the live file), so that the helpers above serve it too;
 * name is the file as the user knows it, for messages. */
static struct store *store_wrap(sqlite3 *db, const char *name, int busy_ms)
{
	struct store *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->path = xstrdup(name);
	s->audit_on = 1;
	sqlite3_extended_result_codes(db, 1);
	store_set_busy_timeout(s, busy_ms);
	return s;
}

/* "file:" URI of an absolute path: every byte but unreserved ones and '/'
 * percent-encoded, then query. */
static char *file_uri(const char *abs, const char *query)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			sb_putc(&sb, (char)*p);
		else
			sb_printf(&sb, "%%%02X", *p);
	}
	sb_puts(&sb, query);
	return sb.buf;
}

/* The backup, read-only, with nothing written beside it: one without a
 * -wal of its own is opened immutable, so that SQLite neither locks it nor
 * leaves -wal and -shm files next to it. */
static int backup_open(const char *abs, const char *file, int busy_ms, struct store **out,
		       struct kp_err *e)
{
	struct stat st;
	char *wal = xasprintf("%s-wal", abs);
	int own_wal = stat(wal, &st) == 0 && st.st_size > 0;
	free(wal);
	char *uri = file_uri(abs, own_wal ? "?mode=ro" : "?mode=ro&immutable=1");
	sqlite3 *db;
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (!db)
		return kp_fail(e, _("%s: cannot open: out of memory"), file);
	*out = store_wrap(db, file, busy_ms);
	if (rc != SQLITE_OK)
		return db_fail(*out, e, N_("cannot open"));
	return 0;
}

/* A kpitop database this kpitop can take: its tables, a schema not newer
 * than ours, and SQLite's checks passed. */
static int backup_check(struct store *b, int *version, struct kp_err *e)
{
	int64_t v, n;
	/* The first read is where a non-database or a corrupt file shows. */
	if (query_int(b, "SELECT count(*) FROM sqlite_master", &n, e) ||
	    query_int(b, "PRAGMA user_version", &v, e))
		return -1;
	if (v > STORE_SCHEMA_VERSION)
		return kp_fail(e, _("%s: written by a newer kpitop (schema %lld; this one knows up to %d)"),
			       b->path, (long long)v, STORE_SCHEMA_VERSION);
	if (query_int(b,
		      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('team',"
		      " 'manager', 'channel', 'metric', 'entry', 'plan', 'change', 'audit')",
		      &n, e))
		return -1;
	if (v < 1 || n != 8)
		return kp_fail(e, _("%s: not a kpitop database (no kpitop tables in it)"), b->path);
	int ok;
	char detail[512];
	if (db_integrity(b, &ok, detail, e))
		return -1;
	if (!ok)
		return kp_fail(e, _("%s: damaged, not restored: %s"), b->path, detail);
	*version = (int)v;
	return 0;
}

/* A backup into a WAL database cannot change its page size, nor can
 * VACUUM in SQLite's temporary databases: a backup of another page size
 * (made by another SQLite, or converted by hand) is refused with the fix. */
static int same_page_size(struct store *s, struct store *b, struct kp_err *e)
{
	int64_t want, have;
	if (query_int(s, "PRAGMA page_size", &want, e) || query_int(b, "PRAGMA page_size", &have, e))
		return -1;
	if (want == have)
		return 0;
	return kp_fail(e, _("%s: its pages are %lld bytes, the database's %lld; restore a copy "
			    "converted with: sqlite3 COPY 'PRAGMA journal_mode = DELETE; "
			    "PRAGMA page_size = %lld; VACUUM'"),
		       b->path, (long long)have, (long long)want, (long long)want);
}

/* Copy all of src into dst in one step; an SQLite result code. */
static int copy_all(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return sqlite3_errcode(dst);
	int rc = sqlite3_backup_step(b, -1);
	int fin = sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? fin : rc;
}

/* The staged copy made ready for the live file: our schema, exact roll-ups
 * and the restore's row in the audit trail. */
static int stage_prepare(struct store *t, const char *what, const char *user,
			 struct store_restore *info, struct kp_err *e)
{
	/* Like store_open: kpitop keeps the roll-ups itself. */
	int triggers = 1;
	sqlite3_db_config(t->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &triggers);
	if (migrate(t, e))
		return -1;
	int64_t bad = 0;
	/* Migration 2 has just computed them for an older backup. */
	if (info->schema >= 2 && rollups_bad(t, &bad, e))
		return -1;
	if (bad) {
		if (store_begin(t, "kpitop", "restore", e))
			return -1;
		if (exec(t, "DELETE FROM entry_sum; DELETE FROM entry_day; DELETE FROM entry_replaced;"
			    ROLLUP_FILL_SQL, e, N_("rebuilding the roll-ups"))) {
			store_rollback(t);
			return -1;
		}
		if (store_commit(t, e))
			return -1;
		info->rollups_rebuilt = 1;
	}
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(t->db, "INSERT INTO change (user, what) VALUES (?1, ?2)", -1, &q,
			       NULL) != SQLITE_OK)
		return db_fail(t, e, N_("writing the audit trail"));
	sqlite3_bind_text(q, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, what, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_fail(t, e, N_("writing the audit trail"));
	return store_counts(t, &info->entries, &info->plans, e);
}

int store_restore_stage(struct store *s, const char *file, const char *user,
			struct store **staged, struct store_restore *info, struct kp_err *e)
{
	struct stat st, live;
	int exists;
	*staged = NULL;
	memset(info, 0, sizeof *info);
	int64_t v;
	/* The header, which a damaged database may still have. */
	if (query_int(s, "PRAGMA user_version", &v, e))
		return -1;
	if (v > STORE_SCHEMA_VERSION)
		return kp_fail(e, _("%s: written by a newer kpitop (schema %lld; this one knows up to %d)"),
			       s->path, (long long)v, STORE_SCHEMA_VERSION);
	if (stat(file, &st) != 0)
		return kp_fail(e, "%s: %s", file, strerror(errno));
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return kp_fail(e, _("%s: not a kpitop database (not an SQLite file)"), file);
	if (check_file(file, 0, &exists, e))
		return -1;
	if (stat(s->path, &live) == 0 && live.st_dev == st.st_dev && live.st_ino == st.st_ino)
		return kp_fail(e, _("%s: is the database itself, not a backup of it"), file);
	char *abs = realpath(file, NULL);
	if (!abs)
		return kp_fail(e, "%s: %s", file, strerror(errno));
	struct store *b = NULL, *t = NULL;
	char *what = NULL;
	int rc = -1;
	if (backup_open(abs, file, s->busy_ms, &b, e) || backup_check(b, &info->schema, e) ||
	    same_page_size(s, b, e))
		goto out;
	/* "": a private temporary database (on disk once it is big), deleted
	 * when closed. */
	sqlite3 *tdb;
	int orc = sqlite3_open_v2("", &tdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (!tdb) {
		kp_fail(e, _("%s: cannot open: out of memory"), file);
		goto out;
	}
	t = store_wrap(tdb, file, 0);
	if (orc != SQLITE_OK || copy_all(t->db, b->db) != SQLITE_OK) {
		db_fail(t, e, N_("making a temporary copy"));
		goto out;
	}
	what = xasprintf(RESTORE_WHAT "%s", abs);
	if (stage_prepare(t, what, user, info, e))
		goto out;
	*staged = t;
	t = NULL;
	rc = 0;
out:
	store_close(b);
	store_close(t);
	free(what);
	free(abs);
	return rc;
}

/* While the restore holds the write lock: what is about to be replaced,
 * copied page by page to keep through a second connection (a reader sees
 * the last commit, and no one can commit now). */
static int restore_keep(struct store *s, const char *keep, struct kp_err *e)
{
	sqlite3 *db;
	int rc = sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY, NULL);
	if (!db)
		return kp_fail(e, _("%s: cannot open: out of memory"), s->path);
	struct store *r = store_wrap(db, s->path, s->busy_ms);
	int ret = rc == SQLITE_OK ? backup_to_file(r->db, keep, e) : db_fail(r, e, N_("cannot open"));
	store_close(r);
	return ret;
}

int store_restore_apply(struct store *s, struct store *staged, const char *keep,
			struct kp_err *e)
{
	if (s->readonly)
		return kp_fail(e, _("%s: opened read-only; changes are not possible"), s->path);
	sqlite3_backup *b = sqlite3_backup_init(s->db, "main", staged->db, "main");
	if (!b)
		return db_fail(s, e, N_("restoring the backup"));
	/* The first step copies nothing: it takes the write lock, waiting for
	 * other writers as store_begin does, and SQLite holds that lock until
	 * the copy is finished. */
	int rc;
	wait_begin(s);
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, 0);
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) ||
		    !wait_again(s, tries))
			break;
	}
	s->in_wait = 0;
	int kept = 0;
	if (rc == SQLITE_OK) {
		if (restore_keep(s, keep, e)) {
			sqlite3_backup_finish(b);
			return -1;
		}
		kept = 1;
		rc = sqlite3_backup_step(b, -1);
	}
	/* Commits the copy, or rolls it back and leaves the error on s->db. */
	int fin = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE && fin == SQLITE_OK) {
		/* Move the restored pages into the file now, as far as readers
		 * allow, rather than at some later writer's commit. */
		sqlite3_exec(s->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
		return 0;
	}
	if (kept)
		unlink(keep); /* nothing was replaced: nothing to keep */
	return db_fail(s, e, N_("restoring the backup"));
}

/* The wal-index header at the start of the -shm file (SQLite's file format,
 * "WAL-mode File Format"): two copies of 48 bytes, then the checkpoint
 * information, whose first field is nBackfill. */
int store_wal_pending(const char *path)
{
	char *shm = xasprintf("%s-shm", path);
	int fd = open(shm, O_RDONLY | O_CLOEXEC);
	free(shm);
	if (fd < 0)
		return 0;
	unsigned char h[100];
	ssize_t n = read(fd, h, sizeof h);
	close(fd);
	if (n != (ssize_t)sizeof h || memcmp(h, h + 48, 48) != 0)
		return 0;
	uint32_t version, mx_frame, backfill;
	memcpy(&version, h, 4);
	memcpy(&mx_frame, h + 16, 4);
	memcpy(&backfill, h + 96, 4);
	/* isInit (byte 12): the header is valid. */
	return version == 3007000 && h[12] == 1 && mx_frame > backfill;
}
