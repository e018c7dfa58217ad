# lib.sh - TAP helpers for the command-line tests (sourced by tests/cli/*.sh).
#
# Each test runs the built binary ($KPITOP) in its own temporary HOME and
# XDG directories with a fixed TZ, locale and "today".
set -u

T=$(mktemp -d "${TMPDIR:-/tmp}/kpitop-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" \
	XDG_CACHE_HOME="$T/cache" KPITOP_SYSCONFDIR="$T/etc"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$KPITOP_SYSCONFDIR"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 KPITOP_TODAY=${KPITOP_TODAY:-2026-11-20}
unset NO_COLOR KPITOP_DB 2>/dev/null || true
DB="$T/kp.db"

_n=0
_failed=0


# pass/fail DESC
pass() { _n=$((_n + 1)); echo "ok $_n - $1"; }
fail() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; }

# diag TEXT...: a comment line for the log
diag() { printf '# %s\n' "$@"; }

# kp ARGS...: run kpitop on $DB, capturing stdout, stderr and status into
# $T/out, $T/err and $rc.
kp() {
	"$KPITOP" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# kpx ARGS...: like kp but without --db (the test sets its own).
kpx() {
	"$KPITOP" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_rc WANT DESC: the last kp's status.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then
		pass "$2"
	else
		fail "$2"
		diag "status $rc, want $1" "stdout: $(head -c 600 "$T/out")" "stderr: $(head -c 600 "$T/err")"
	fi
}

# expect_err REGEX DESC: stderr of the last kp matches (grep -E).
expect_err() {
	if grep -Eq -- "$1" "$T/err"; then
		pass "$2"
	else
		fail "$2"
		diag "stderr does not match /$1/:" "$(head -c 600 "$T/err")"
	fi
}

# expect_out REGEX DESC: stdout of the last kp matches (grep -E).
expect_out() {
	if grep -Eq -- "$1" "$T/out"; then
		pass "$2"
	else
		fail "$2"
		diag "stdout does not match /$1/:" "$(head -c 600 "$T/out")"
	fi
}

# expect_eq GOT WANT DESC
expect_eq() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "got:  $1" "want: $2"
	fi
}

# one_line_err DESC: stderr of the last kp is exactly one line.
one_line_err() {
	if [ "$(wc -l <"$T/err")" -eq 1 ]; then
		pass "$1"
	else
		fail "$1"
		diag "stderr has $(wc -l <"$T/err") lines:" "$(head -c 600 "$T/err")"
	fi
}

# sql QUERY: run a query on $DB with the sqlite3 shell.
sql() { "${SQLITE3:-sqlite3}" -batch -noheader "$DB" "$1"; }

# hold_lock: another program (the sqlite3 shell) takes $DB's write lock
# and keeps it until release_lock; returns once the lock is held.
hold_lock() {
	rm -f "$T/release"
	{
		# (waiting out the probe below, which takes the lock for a moment)
		echo ".timeout 10000"
		echo "BEGIN IMMEDIATE;"
		while [ ! -e "$T/release" ]; do sleep 0.05; done
		echo "COMMIT;"
	} | "${SQLITE3:-sqlite3}" -batch "$DB" &
	LOCK_PID=$!
	# Until another writer is refused (at once: no busy timeout here); on
	# a loaded machine the shell may take seconds to start.
	_w=0
	while [ $_w -lt 600 ] && "${SQLITE3:-sqlite3}" -batch "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; do
		sleep 0.05
		_w=$((_w + 1))
	done
	[ $_w -lt 600 ] || diag "hold_lock: the lock was never taken"
}
release_lock() {
	touch "$T/release"
	wait "$LOCK_PID"
}

# TUI_ASAN: the environment for a dashboard that runs in a real terminal
# (tmux) which the test may take away.  In an ASan build, LeakSanitizer's
# exit-time check ptrace-stops the process; when the terminal's session
# goes, the kernel sends the orphaned process group SIGHUP and SIGCONT, the
# SIGCONT can cancel that stop, and tracer and process then wait for each
# other forever, the process spinning on a core (seen: orphans of earlier
# CI runs at 55% CPU each).  So these processes run without the leak check;
# the --keys runs of the same code keep it.  Nothing changes without ASan.
TUI_ASAN="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# done_testing: the TAP plan (at the end, as TAP allows) and the status.
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
