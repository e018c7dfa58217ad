/* store.h - the shared SQLite database: the only module that speaks SQL.
 *
 * Every write runs in BEGIN IMMEDIATE ... COMMIT (retried while busy) and
 * leaves an audit trail: one `change` row (who, when, what command) and one
 * `audit` row per cell with its old and new value. */
#ifndef KPITOP_STORE_H
#define KPITOP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "kpitop/date.h"
#include "kpitop/model.h"
#include "kpitop/util.h"

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 3

struct store;

enum {
	STORE_CREATE = 1 << 0,   /* create the file if missing (init) */
	STORE_READONLY = 1 << 1, /* open read-only */
	/* Neither read the schema nor migrate: restore replaces a database
	 * that may be damaged or of an older schema. */
	STORE_NO_CHECK = 1 << 2,
};

/* Open (and migrate) the database at path.  A missing file is an error unless
 * STORE_CREATE; a non-database, corrupt file, newer schema or missing directory
 * is an error with one clear line in e.  Sets WAL, busy timeout, foreign keys.
 * When the file is not writable it is opened read-only and store_readonly()
 * says so (and store_readonly_why why). */
int store_open(struct store **out, const char *path, int flags, struct kp_err *e);
void store_close(struct store *s);
int store_readonly(const struct store *s);
/* For a store opened read-only although the caller may write: what keeps
 * this user from writing and the fix, one clause; NULL otherwise. */
const char *store_readonly_why(const struct store *s);
const char *store_path(const struct store *s);

/* PRAGMA data_version: changes whenever another connection commits. */
int store_data_version(struct store *s, int64_t *out, struct kp_err *e);

/* Write transactions.  Nested begins are counted; the outermost commit
 * commits.  `what` describes the change for the audit trail ("add",
 * "import file.csv", "grid"...).  Every mutating call below must run inside
 * one; rollback undoes the whole outermost transaction. */
int store_begin(struct store *s, const char *user, const char *what, struct kp_err *e);
int store_commit(struct store *s, struct kp_err *e);
void store_rollback(struct store *s);

/* Bulk loads that are not user changes (the demo company) may switch the
 * audit trail off for this connection; it is on after store_open. */
void store_audit_enable(struct store *s, int on);
/* Milliseconds a statement waits for another writer (default 5000). */
void store_set_busy_timeout(struct store *s, int ms);
/* fn(arg) runs once in a wait for another writer that lasts long enough to
 * notice (a third of a second), so that the user learns why nothing moves;
 * NULL turns it off. */
void store_on_wait(struct store *s, void (*fn)(void *arg), void *arg);

/* Dimensions. */
int store_load_dims(struct store *s, struct kp_dims *out, struct kp_err *e);
int store_team_add(struct store *s, const char *name, int64_t *id, struct kp_err *e);
int store_manager_add(struct store *s, const char *name, int64_t team_id, int64_t *id,
		      struct kp_err *e);
int store_channel_add(struct store *s, const char *name, int64_t *id, struct kp_err *e);
int store_metric_add(struct store *s, const char *key, const char *label,
		     enum metric_kind kind, int funnel, int64_t *id, struct kp_err *e);
/* table is one of "team", "manager", "channel", "metric". */
int store_rename(struct store *s, const char *table, int64_t id, const char *name,
		 struct kp_err *e);
int store_archive(struct store *s, const char *table, int64_t id, int archived,
		  struct kp_err *e);
int store_manager_move(struct store *s, int64_t manager_id, int64_t team_id,
		       struct kp_err *e);
/* Make an active manager of the team its head, or with manager_id 0 leave
 * it without one (SPEC section 3, the head's KPI). */
int store_team_head(struct store *s, int64_t team_id, int64_t manager_id, struct kp_err *e);

/* Entries: set (upsert) a day's value; audited when it changes.
 * *changed (may be NULL) is set to 1 when the stored value changed. */
int store_entry_set(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		    int64_t metric_id, int64_t value, int *changed, struct kp_err *e);
/* Current value; *found = 0 when not entered. */
int store_entry_get(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		    int64_t metric_id, int64_t *value, int *found, struct kp_err *e);

/* Clear a cell back to "not entered" (audited); *changed as above. */
int store_entry_clear(struct store *s, kp_date day, int64_t manager_id, int64_t channel_id,
		      int64_t metric_id, int *changed, struct kp_err *e);
/* Every entry of one day and channel: one callback per (manager, metric). */
typedef void (*store_cell_cb)(void *ctx, int64_t manager_id, int64_t metric_id, int64_t value);
int store_day_values(struct store *s, kp_date day, int64_t channel_id, store_cell_cb cb,
		     void *ctx, struct kp_err *e);

/* Plans: exactly one of team_id / manager_id is non-zero. */
int store_plan_set(struct store *s, int year, int month, int64_t team_id,
		   int64_t manager_id, int64_t metric_id, int64_t value, int *changed,
		   struct kp_err *e);
int store_plan_clear(struct store *s, int year, int month, int64_t team_id,
		     int64_t manager_id, int64_t metric_id, int *changed, struct kp_err *e);
int store_plan_get(struct store *s, int year, int month, int64_t team_id,
		   int64_t manager_id, int64_t metric_id, int64_t *value, int *found,
		   struct kp_err *e);

/* Aggregates for views: sums of entries over [from, to] inclusive, one
 * callback per (manager, channel, metric) with a non-empty sum, in that
 * order: exactly a GROUP BY over entry, read from the cheapest mix of the
 * roll-ups (years, quarters, months, thirds of months) and raw entries. */
typedef void (*store_sum_cb)(void *ctx, int64_t manager_id, int64_t channel_id,
			     int64_t metric_id, int64_t sum);
int store_sum_entries(struct store *s, kp_date from, kp_date to, store_sum_cb cb,
		      void *ctx, struct kp_err *e);
/* Daily sums over [from, to], one callback per (day, manager, metric), in
 * that order (from the daily roll-up). */
typedef void (*store_daily_cb)(void *ctx, kp_date day, int64_t manager_id,
			       int64_t metric_id, int64_t sum);
int store_daily_sums(struct store *s, kp_date from, kp_date to, store_daily_cb cb,
		     void *ctx, struct kp_err *e);
/* Every plan row of the months from (y1,m1) to (y2,m2) inclusive; team_id or
 * manager_id is 0 for the other kind of row. */
typedef void (*store_plan_cb)(void *ctx, int year, int month, int64_t team_id,
			      int64_t manager_id, int64_t metric_id, int64_t value);
int store_plans(struct store *s, int y1, int m1, int y2, int m2, store_plan_cb cb,
		void *ctx, struct kp_err *e);

/* Every entry over [from, to] (0 = unbounded) in (day, team, manager, channel)
 * order, grouped per cell row: the callback gets one row's values per metric
 * index of dims (present[i] = 0 when not entered). */
typedef int (*store_row_cb)(void *ctx, kp_date day, int64_t manager_id,
			    int64_t channel_id, const int64_t *values, const int *present);
int store_export_rows(struct store *s, const struct kp_dims *dims, kp_date from,
		      kp_date to, store_row_cb cb, void *ctx, struct kp_err *e);

/* The audit trail, newest first. */
struct kp_audit {
	int64_t id, change_id;
	char at[32];       /* "YYYY-MM-DD HH:MM:SS" UTC */
	char *user;
	char *what;        /* the change's description */
	char *kind;        /* "entry" or "plan"; "" for a restore, which
			    * replaced everything (no cell, metric or values) */
	char *scope;       /* "2026-11-20 Anna / phone" or "2026-11 team Sales" */
	/* The scope's parts, as stored: day "YYYY-MM-DD" (a plan's: "YYYY-MM"),
	 * the team's name (a team's plan), the manager's and the channel's
	 * (an entry); "" where there is none. */
	char *day, *team, *manager, *channel;
	char *metric;
	int64_t old_value, new_value;
	int has_old, has_new;
	enum metric_kind mkind;
	int64_t undoes;    /* id of the change this one undid, or 0 */
	int64_t undone_by; /* id of the change that undid this one, or 0 */
};
void audit_free(struct kp_audit *a, size_t n);
int store_log(struct store *s, int limit, struct kp_audit **out, size_t *n,
	      struct kp_err *e);

/* Undo the newest change by `user` that is neither undone nor itself an undo
 * and is newer than the last restore, restoring every cell it touched; the
 * undo is a change of its own.  *undone_id = the change undone, 0 if nothing left. */
int store_undo(struct store *s, const char *user, int64_t *undone_id, size_t *cells,
	       struct kp_err *e);

/* Online, consistent copy through the SQLite backup API. */
int store_backup(struct store *s, const char *dest, struct kp_err *e);

/* Entries and plans in the database now. */
int store_counts(struct store *s, int64_t *entries, int64_t *plans, struct kp_err *e);

/* Restoring a backup while others keep working (kpitop restore), in two
 * steps so that the user can confirm in between.  store_restore_stage
 * checks the backup `file` (a kpitop database, SQLite's integrity and
 * foreign-key checks, a schema not newer than this kpitop's) and copies it
 * into a private temporary database, *staged, where it is upgraded to this
 * schema, its roll-ups are rebuilt if they disagree with its entries, and
 * the restore is recorded in the audit trail (a change "restore FILE" by
 * user).  Nothing is written beside file or to s.  A database s of a newer
 * schema than this kpitop's is refused. */
struct store_restore {
	int schema;          /* the backup's schema version before the upgrade */
	int rollups_rebuilt; /* its roll-ups disagreed with its entries */
	int64_t entries, plans;
};
int store_restore_stage(struct store *s, const char *file, const char *user,
			struct store **staged, struct store_restore *info, struct kp_err *e);
/* Replace all of s with the staged copy in one write transaction through
 * the SQLite backup API, so that every reader sees either the old data or
 * the backup's (PRAGMA data_version changes) and the -wal stays the live
 * file's.  Under the same write lock, before the copy, what is replaced is
 * written as it is (damaged or not) to the new file keep.  On failure
 * nothing is changed and keep is not left behind.  The caller closes
 * staged with store_close.  s may be opened with STORE_NO_CHECK: a
 * database that cannot be read but whose header can is replaced too. */
int store_restore_apply(struct store *s, struct store *staged, const char *keep,
			struct kp_err *e);

/* 1 when the -wal beside path holds committed frames not yet copied into
 * the database file (its -shm says so): a database file moved into place
 * now gets those frames of another file applied to it. */
int store_wal_pending(const char *path);

/* Integrity check and counts. */
struct store_check {
	int user_version;
	int ok;             /* integrity_check said "ok" */
	int rollups_ok;     /* entry_sum and entry_day equal a GROUP BY of entry */
	char detail[512];   /* first problem when !ok */
	int64_t teams, managers, channels, metrics, entries, plans, changes;
	char journal_mode[16];
};
int store_check(struct store *s, struct store_check *out, struct kp_err *e);

#endif
