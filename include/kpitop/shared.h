/* shared.h - a database shared by a group of Unix users: the modes of the
 * database, its -wal/-shm files and its directory (SPEC section 7).  No SQL. */
#ifndef KPITOP_SHARED_H
#define KPITOP_SHARED_H

#include "kpitop/util.h"

enum shared_level { SHARED_OK, SHARED_WARN, SHARED_FATAL };

/* Look at the files before SQLite does.  Problems are appended to msg, one
 * line each, saying what is wrong and the exact command that fixes it.
 * SHARED_FATAL: opening now would fail or lock other users out. */
enum shared_level shared_check(const char *db_path, struct strbuf *msg);

/* Whether this process can write the database: the file, and its -wal and
 * -shm or the directory to create them in (kpitop keeps them, so once they
 * exist the directory need not be writable).  When it cannot and why is not
 * NULL, *why gets what is wrong and the fix, one clause (malloc'd). */
int shared_can_write(const char *db_path, char **why);

/* `kpitop init --shared GROUP`: make the database's directory group-owned,
 * setgid, rwx for the group (and r-x for others when readers); to be called
 * before the database is created.  0, or -1 with e (saying what to run). */
int shared_prepare_dir(const char *db_path, const char *group, int readers, struct kp_err *e);
/* After creation: the database and its -wal/-shm get the group and mode
 * 0660 (0664 with readers). */
int shared_fix_files(const char *db_path, const char *group, int readers, struct kp_err *e);

#endif
