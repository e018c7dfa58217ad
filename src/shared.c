/* shared.c - file modes of a database several Unix users share.
 *
 * SQLite creates -wal and -shm with the database file's mode, owned by
 * whoever opens it first.  A user who may only read and opens first would
 * leave files the writers cannot write ("attempt to write a readonly
 * database"), so this module looks at the files before SQLite touches them
 * and says exactly what to run when they are wrong. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kpitop/i18n.h"
#include "kpitop/shared.h"

static char *dir_of(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	if (!slash) {
		free(d);
		return xstrdup(".");
	}
	if (slash == d)
		slash[1] = '\0';
	else
		*slash = '\0';
	return d;
}

static const char *user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);
	if (pw)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%lu", (unsigned long)uid);
	return buf;
}

static const char *group_name(gid_t gid, char *buf, size_t n)
{
	struct group *gr = getgrgid(gid);
	if (gr)
		snprintf(buf, n, "%s", gr->gr_name);
	else
		snprintf(buf, n, "%lu", (unsigned long)gid);
	return buf;
}

/* Whether this process has gid among its groups. */
static int in_group(gid_t gid)
{
	if (getegid() == gid)
		return 1;
	int n = getgroups(0, NULL);
	if (n <= 0)
		return 0;
	gid_t *v = xcalloc((size_t)n, sizeof *v);
	n = getgroups(n, v);
	int found = 0;
	for (int i = 0; i < n && !found; i++)
		found = v[i] == gid;
	free(v);
	return found;
}

/* The class of st's mode bits that apply to this process, as chmod names it. */
static char mode_class(const struct stat *st)
{
	return geteuid() == st->st_uid ? 'u' : in_group(st->st_gid) ? 'g' : 'o';
}

/* A setgid directory whose group is not its owner's own: made for a group. */
static int group_dir(const struct stat *dst)
{
	struct passwd *pw = getpwuid(dst->st_uid);
	return (dst->st_mode & S_ISGID) && (!pw || pw->pw_gid != dst->st_gid);
}

/* stat(db) said EACCES: name the first directory on the way that this user
 * may not enter, and what lets them in. */
static enum shared_level unreachable(const char *db, struct strbuf *msg)
{
	char *p = dir_of(db);
	enum shared_level lv = SHARED_OK;
	for (char *s = p;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		const char *d = *p ? p : "/";
		struct stat st;
		if (access(d, X_OK) != 0 && stat(d, &st) == 0) {
			char me[64], owner[64], group[64];
			user_name(geteuid(), me, sizeof me);
			user_name(st.st_uid, owner, sizeof owner);
			group_name(st.st_gid, group, sizeof group);
			char cls = mode_class(&st);
			if (cls == 'o' && group_dir(&st))
				sb_printf(msg,
					  _("%s: cannot be reached: directory %s (%s:%s, mode %04o) is only for "
					    "members of group %s, and you (%s) are not one; to let you in (as "
					    "root): usermod -aG %s %s, then log in again\n"),
					  db, d, owner, group, (unsigned)st.st_mode & 07777, group, me, group, me);
			else
				sb_printf(msg,
					  _("%s: cannot be reached: you (%s) may not enter directory %s (%s:%s, "
					    "mode %04o); fix (as root): chmod %c+x %s\n"),
					  db, me, d, owner, group, (unsigned)st.st_mode & 07777, cls, d);
			lv = SHARED_FATAL;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return lv;
}

/* The database and those of its -wal/-shm that exist, separated by spaces;
 * *who gets whom to run a chgrp or chmod of them as: their one owner, or
 * root (both malloc'd). */
static char *present_files(const char *db, char **who)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	struct strbuf sb;
	sb_init(&sb);
	uid_t uid = 0;
	int n = 0, one_owner = 1;
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", db, suffixes[i]);
		struct stat st;
		if (stat(p, &st) == 0) {
			if (n++ == 0)
				uid = st.st_uid;
			else if (st.st_uid != uid)
				one_owner = 0;
			sb_printf(&sb, "%s%s", sb.len ? " " : "", p);
		}
		free(p);
	}
	char name[64];
	*who = one_owner && n > 0 && uid != 0
		       ? xasprintf(_("%s or root"), user_name(uid, name, sizeof name))
		       : xstrdup("root");
	return sb.buf;
}

/* A database in a directory made for a group (setgid) that the group cannot
 * write: what is wrong and the fix (malloc'd), or NULL. */
static char *group_problem(const char *db, const struct stat *st)
{
	char *dir = dir_of(db);
	struct stat dst;
	int shared = stat(dir, &dst) == 0 && group_dir(&dst);
	free(dir);
	if (!shared || (st->st_gid == dst.st_gid && (st->st_mode & S_IWGRP)))
		return NULL;
	char *who, *files = present_files(db, &who);
	char group[64], dgroup[64];
	group_name(st->st_gid, group, sizeof group);
	group_name(dst.st_gid, dgroup, sizeof dgroup);
	unsigned want = ((unsigned)st->st_mode & 0666) | 0060;
	struct strbuf fix;
	sb_init(&fix);
	if (st->st_gid != dst.st_gid)
		sb_printf(&fix, "chgrp %s %s", dgroup, files);
	if (((unsigned)st->st_mode & 0666) != want)
		sb_printf(&fix, "%schmod %04o %s", fix.len ? " && " : "", want, files);
	char *r;
	if (st->st_gid != dst.st_gid)
		r = xasprintf(_("the database belongs to group %s but its directory to group %s, so "
				"members of %s cannot write it unless they are in %s too; fix (as %s): %s"),
			      group, dgroup, dgroup, group, who, fix.buf);
	else
		r = xasprintf(_("the database has mode %04o: its directory is group %s's, but the "
				"group cannot write it; fix (as %s): %s"),
			      (unsigned)st->st_mode & 07777, dgroup, who, fix.buf);
	sb_free(&fix);
	free(files);
	free(who);
	return r;
}

/* Why this user cannot write the database file (access said err). */
static char *file_why(const char *db, const struct stat *st, int err)
{
	if (err == EROFS)
		return xstrdup(_("the database is on a read-only file system"));
	char *r = group_problem(db, st);
	if (r)
		return r;
	char me[64], owner[64], group[64];
	user_name(geteuid(), me, sizeof me);
	user_name(st->st_uid, owner, sizeof owner);
	group_name(st->st_gid, group, sizeof group);
	unsigned mode = (unsigned)st->st_mode & 07777;
	char cls = mode_class(st);
	if (cls == 'u' && !(st->st_mode & S_IWUSR))
		return xasprintf(_("the database is yours but its mode %04o does not let you write it; "
				   "fix: chmod u+w %s"),
				 mode, db);
	if (cls == 'g' && !(st->st_mode & S_IWGRP)) {
		char *who, *files = present_files(db, &who);
		r = xasprintf(_("the database's group %s may not write it (mode %04o); fix (as %s): "
				"chmod g+w %s"),
			      group, mode, who, files);
		free(files);
		free(who);
		return r;
	}
	if (cls == 'o' && !(st->st_mode & S_IWOTH)) {
		if (st->st_mode & S_IWGRP)
			return xasprintf(_("the database belongs to %s:%s (mode %04o) and you (%s) are "
					   "not in its group; to let you write (as root): usermod -aG %s "
					   "%s, then log in again"),
					 owner, group, mode, me, group, me);
		return xasprintf(_("the database belongs to %s:%s (mode %04o) and only its owner may "
				   "write it"),
				 owner, group, mode);
	}
	return xasprintf(_("the database is not writable for you: %s"), strerror(err));
}

/* The clause for a directory that cannot hold new -wal/-shm files. */
static char *dir_why(const char *db, const char *dir)
{
	return xasprintf(_("the database's directory %s is not writable for you and its "
			   "-wal/-shm files are missing; fix (once, as root): kpitop --db %s check, "
			   "which creates them with the database's owner and mode"),
			 dir, db);
}

/* Whether the -wal or the -shm file is missing. */
static int side_files_missing(const char *db)
{
	char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
	int missing = access(wal, F_OK) != 0 || access(shm, F_OK) != 0;
	free(wal);
	free(shm);
	return missing;
}

int shared_can_write(const char *db, char **why)
{
	struct stat st;
	char *r = NULL;
	if (why)
		*why = NULL;
	if (stat(db, &st) != 0)
		return 1; /* not there yet: whoever creates it can write it */
	if (access(db, W_OK) != 0) {
		int err = errno;
		if (why)
			*why = file_why(db, &st, err);
		return 0;
	}
	for (int i = 0; i < 2 && !r; i++) {
		char *p = xasprintf("%s%s", db, i ? "-shm" : "-wal");
		struct stat sst;
		if (stat(p, &sst) == 0 && access(p, W_OK) != 0) {
			char owner[64], group[64];
			r = xasprintf(_("%s is not writable for you (%s:%s, mode %04o)"), p,
				      user_name(sst.st_uid, owner, sizeof owner),
				      group_name(sst.st_gid, group, sizeof group),
				      (unsigned)sst.st_mode & 07777);
		}
		free(p);
	}
	/* kpitop keeps -wal and -shm (PERSIST_WAL): once they exist, writing
	 * needs no right to the directory. */
	if (!r && side_files_missing(db)) {
		char *dir = dir_of(db);
		if (access(dir, W_OK) != 0)
			r = dir_why(db, dir);
		free(dir);
	}
	if (why)
		*why = r;
	else
		free(r);
	return r == NULL;
}

/* One -wal/-shm file next to a database we can write. */
static enum shared_level check_side_file(const char *db, const struct stat *dbst,
					 const char *suffix, struct strbuf *msg)
{
	char *path = xasprintf("%s%s", db, suffix);
	struct stat st;
	enum shared_level lv = SHARED_OK;
	/* A link is refused when the database is opened (store.c); its
	 * target's modes are nothing to advise on. */
	if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode)) {
		free(path);
		return SHARED_OK;
	}
	char owner[64], group[64], fowner[64], fgroup[64];
	user_name(dbst->st_uid, owner, sizeof owner);
	group_name(dbst->st_gid, group, sizeof group);
	unsigned mode = (unsigned)dbst->st_mode & 0666;
	if (access(path, R_OK | W_OK) != 0) {
		sb_printf(msg,
			  _("%s belongs to %s:%s (mode %04o) and you cannot write it, so no change can "
			    "be saved; fix (as root): chown %s:%s %s%s %s%s && chmod %04o %s-wal %s-shm\n"),
			  path, user_name(st.st_uid, fowner, sizeof fowner),
			  group_name(st.st_gid, fgroup, sizeof fgroup), (unsigned)st.st_mode & 07777,
			  owner, group, db, "-wal", db, "-shm", mode, db, db);
		lv = SHARED_FATAL;
	} else if ((dbst->st_mode & S_IWGRP) &&
		   (st.st_gid != dbst->st_gid || (st.st_mode & 0666) != mode)) {
		sb_printf(msg,
			  _("%s has group %s and mode %04o but the database has %s and %04o, so other "
			    "members may be locked out; fix: chgrp %s %s-wal %s-shm && chmod %04o %s-wal %s-shm\n"),
			  path, group_name(st.st_gid, fgroup, sizeof fgroup), (unsigned)st.st_mode & 07777,
			  group, mode, group, db, db, mode, db, db);
		lv = SHARED_WARN;
	}
	free(path);
	return lv;
}

enum shared_level shared_check(const char *db, struct strbuf *msg)
{
	struct stat st, dst;
	if (stat(db, &st) != 0)
		return errno == EACCES ? unreachable(db, msg) : SHARED_OK;
	if (!S_ISREG(st.st_mode))
		return SHARED_OK; /* store_open says what is wrong */
	char *dir = dir_of(db);
	enum shared_level lv = SHARED_OK;
	if (access(db, W_OK) == 0) {
		enum shared_level a = check_side_file(db, &st, "-wal", msg);
		enum shared_level b = check_side_file(db, &st, "-shm", msg);
		lv = a > b ? a : b;
		/* Without -wal/-shm and a directory to create them in, SQLite
		 * cannot open the file at all. */
		if (lv < SHARED_FATAL && side_files_missing(db) && access(dir, W_OK) != 0) {
			char *why = dir_why(db, dir);
			sb_printf(msg, "%s: %s\n", db, why);
			free(why);
			lv = SHARED_FATAL;
		}
		/* We can write it; the others in the directory's group may not. */
		char *problem = group_problem(db, &st);
		if (problem) {
			sb_printf(msg, "%s: %s\n", db, problem);
			free(problem);
			if (lv < SHARED_WARN)
				lv = SHARED_WARN;
		}
		/* Shared on purpose: group-writable, and not the owner's own group. */
		struct passwd *pw = getpwuid(st.st_uid);
		int shared = (st.st_mode & S_IWGRP) && pw && pw->pw_gid != st.st_gid;
		if (shared && stat(dir, &dst) == 0 && !(dst.st_mode & S_ISGID)) {
			char group[64];
			sb_printf(msg,
				  _("%s is shared with group %s but its directory is not setgid, so new "
				    "files may get the wrong group; fix: chgrp %s %s && chmod g+s %s\n"),
				  db, group_name(st.st_gid, group, sizeof group), group, dir, dir);
			if (lv < SHARED_WARN)
				lv = SHARED_WARN;
		}
	} else if (access(db, R_OK) == 0) {
		/* Read-only: SQLite needs -wal and -shm to exist already, and
		 * must not create them owned by us. */
		char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
		if (access(wal, F_OK) != 0 || access(shm, F_OK) != 0) {
			sb_printf(msg,
				  _("%s is read-only for you and its -wal/-shm files are missing; %s; "
				    "someone who can write it must open it once (kpitop --db %s check), "
				    "then try again\n"),
				  db,
				  access(dir, W_OK) == 0
					  ? _("opening it now would create them owned by you and lock the writers out")
					  : _("without them it cannot be read"),
				  db);
			lv = SHARED_FATAL;
		}
		free(wal);
		free(shm);
	} else {
		/* Not even readable: say whose it is and what would let us in. */
		char me[64], owner[64], group[64];
		user_name(geteuid(), me, sizeof me);
		user_name(st.st_uid, owner, sizeof owner);
		group_name(st.st_gid, group, sizeof group);
		unsigned mode = (unsigned)st.st_mode & 07777;
		if ((st.st_mode & S_IRGRP) && !in_group(st.st_gid) && st.st_uid != geteuid())
			sb_printf(msg,
				  _("%s: cannot be read: it belongs to %s:%s (mode %04o) and you (%s) "
				    "are not in its group; to let you in (as root): usermod -aG %s %s, "
				    "then log in again\n"),
				  db, owner, group, mode, me, group, me);
		else
			sb_printf(msg,
				  _("%s: cannot be read: it belongs to %s:%s and its mode %04o does not "
				    "let you (%s) read it\n"),
				  db, owner, group, mode, me);
		lv = SHARED_FATAL;
	}
	free(dir);
	return lv;
}

static int lookup_group(const char *group, gid_t *gid, struct kp_err *e)
{
	struct group *gr = getgrnam(group);
	if (!gr)
		return kp_fail(e, _("no group named '%s' (create it with: groupadd %s)"), group, group);
	*gid = gr->gr_gid;
	return 0;
}

int shared_prepare_dir(const char *db_path, const char *group, int readers, struct kp_err *e)
{
	gid_t gid = 0;
	if (lookup_group(group, &gid, e))
		return -1;
	char *dir = dir_of(db_path);
	unsigned mode = readers ? 02775 : 02770;
	int rc = 0;
	/* Only the database's own directory is the group's; the ones above
	 * it that init makes must let the members through. */
	if (kp_mkparents(dir, 0755, e) || kp_mkdirs(dir, 0775, e))
		rc = -1;
	else if (chown(dir, (uid_t)-1, gid) != 0)
		rc = kp_fail(e, _("cannot give %s to group %s: %s; run as root: chgrp %s %s && chmod %04o %s"),
			     dir, group, strerror(errno), group, dir, mode, dir);
	else if (chmod(dir, (mode_t)mode) != 0)
		rc = kp_fail(e, _("cannot set the mode of %s: %s; run: chmod %04o %s"), dir,
			     strerror(errno), mode, dir);
	free(dir);
	return rc;
}

int shared_fix_files(const char *db_path, const char *group, int readers, struct kp_err *e)
{
	gid_t gid = 0;
	if (lookup_group(group, &gid, e))
		return -1;
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	mode_t mode = readers ? 0664 : 0660;
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", db_path, suffixes[i]);
		/* Through the file itself, never a link: in a group-writable
		 * directory a member could point one at any file root owns. */
		int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		int rc = 0;
		if (fd < 0 && errno == ENOENT) {
			rc = 0;
		} else if (fd < 0 && errno == ELOOP) {
			rc = kp_fail(e, _("%s is a symbolic link: refused (remove it; kpitop makes its own)"), p);
		} else if (fd < 0 || fstat(fd, &st) != 0) {
			rc = kp_fail(e, "%s: %s", p, strerror(errno));
		} else if (!S_ISREG(st.st_mode)) {
			rc = kp_fail(e, _("%s: not a regular file"), p);
		} else if (fchown(fd, (uid_t)-1, gid) != 0 || fchmod(fd, mode) != 0) {
			rc = kp_fail(e, _("cannot give %s to group %s: %s; run as root: chgrp %s %s* && chmod %04o %s*"),
				     p, group, strerror(errno), group, db_path, (unsigned)mode, db_path);
		}
		if (fd >= 0)
			close(fd);
		free(p);
		if (rc)
			return -1;
	}
	return 0;
}
