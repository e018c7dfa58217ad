#!/bin/sh
# Crashes. (a) kill -9 of a large import at several points: the database
# holds all of the file or nothing of it, and stays sound. (b) SIGHUP, SIGTERM
# and a closed terminal while the dashboard has a half-typed cell: kpitop
# exits, gives the terminal back, and writes nothing.
. "$TESTLIB"

export TERM=xterm-256color
ROWS=200000

# say TEXT: a multi-line diagnostic, every line a TAP comment.
say() { printf '%s\n' "$@" | sed 's/^/# /'; }

kp init
for t in North South East; do kp team add "$t"; done
i=1
while [ $i -le 20 ]; do
	if [ $i -le 7 ]; then t=North; elif [ $i -le 14 ]; then t=South; else t=East; fi
	kp manager add "$(printf 'M%02d' $i)" --team $t
	i=$((i + 1))
done
# Some committed data the crashes must not touch (days the import lacks).
kp add --date 2020-01-06 --manager M01 calls=5 revenue=100
kp add --date 2020-01-07 --manager M02 --channel email calls=7 deals=1
expect_eq "$(sql "SELECT count(*) FROM entry")" "4" "setup: 20 salespeople and 4 values"

# The import: ROWS rows (M01-M20 x 6 channels x the days back from
# 2026-11-20), calls and revenue: 2 * ROWS new cells.
awk -v n=$ROWS 'BEGIN {
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	split("phone website instagram whatsapp email walk-in", ch, " ")
	print "date,team,manager,channel,calls,revenue"
	y = 2026; m = 11; d = 20
	while (r < n) {
		for (i = 1; i <= 20 && r < n; i++)
			for (c = 1; c <= 6 && r < n; c++) {
				t = i <= 7 ? "North" : (i <= 14 ? "South" : "East")
				printf "%04d-%02d-%02d,%s,M%02d,%s,%d,%d\n", y, m, d, t, i, ch[c], r % 50 + 1, r % 997 + 1
				r++
			}
		if (--d == 0) { if (--m == 0) { m = 12; y-- } d = ml[m] }
	}
}' >"$T/big.csv"
expect_eq "$(grep -c '' "$T/big.csv")" "$((ROWS + 1))" "setup: an import file of $ROWS rows"
# What the whole file adds to the sum of the entry table (minor units).
file_sum=$(awk -F, 'NR > 1 { s += $5 + $6 * 100 } END { printf "%d", s }' "$T/big.csv")

# state: entries, their sum, changes and audit rows.
state() {
	sql "SELECT (SELECT count(*) FROM entry) || ' ' || (SELECT sum(value) FROM entry) || ' '
	     || (SELECT count(*) FROM change) || ' ' || (SELECT count(*) FROM audit)"
}
# all_of STATE: the state after the whole file is imported on top of STATE.
all_of() {
	set -- $1
	echo "$(($1 + 2 * ROWS)) $(($2 + file_sum)) $(($3 + 1)) $(($4 + 2 * ROWS))"
}

kp backup "$T/base.db"
expect_rc 0 "setup: a backup to go back to"

# crash_at DESC HOW: start the import, wait as HOW says, kill -9 it.
#   now         at once (it has printed nothing yet)
#   wal:BYTES   once the -wal file has grown to BYTES (mid-transaction)
#   checkpoint  once the database file grows: committed, copying the WAL back
#   printed     once it has printed its result
#   SECONDS     after a fixed delay: the delay only picks the kill point
crash_at() {
	before=$(state)
	"$KPITOP" --db "$DB" import "$T/big.csv" >"$T/imp.out" 2>"$T/imp.err" &
	p=$!
	committed=
	case $2 in
	now) ;;
	wal:*)
		while kill -0 $p 2>/dev/null &&
			[ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -lt "${2#wal:}" ]; do
			sleep 0.01
		done ;;
	checkpoint)
		size=$(stat -c %s "$DB")
		while kill -0 $p 2>/dev/null && [ "$(stat -c %s "$DB")" -le "$size" ]; do
			sleep 0.005
		done
		[ "$(stat -c %s "$DB")" -gt "$size" ] && committed="the database file grew" ;;
	printed)
		k=0
		while [ ! -s "$T/imp.out" ] && [ $k -lt 6000 ]; do sleep 0.01; k=$((k + 1)); done ;;
	*) sleep "$2" ;;
	esac
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null # (no "Killed" from the shell)
	st=$?
	after=$(state)
	if [ $st -eq 137 ]; then
		diag "$1: killed (stdout: '$(cat "$T/imp.out")')"
	else
		diag "$1: the import had already ended with status $st"
	fi
	if [ "$after" = "$before" ]; then
		pass "$1: nothing of the file is there"
	elif [ "$after" = "$(all_of "$before")" ]; then
		pass "$1: all of the file is there"
	else
		fail "$1: all of the file or nothing"
		say "before:   $before" "after:    $after" "all:      $(all_of "$before")" \
			"(entries, sum, changes, audit rows)"
	fi
	# A commit must survive: one the import reported, or one that SQLite
	# had begun to copy into the database file.
	[ -s "$T/imp.out" ] && committed="it printed: $(cat "$T/imp.out")"
	if [ -n "$committed" ] && [ "$after" != "$(all_of "$before")" ]; then
		fail "$1: a committed import is not undone"
		say "$committed"
	else
		pass "$1: a committed import is not undone"
	fi
	kp check
	expect_rc 0 "$1: kpitop check passes"
	expect_eq "$(sql "PRAGMA integrity_check")" "ok" "$1: PRAGMA integrity_check is ok"
	if [ "$after" != "$before" ]; then
		# It got through: start the next crash from the base data again.
		rm -f "$DB" "$DB-wal" "$DB-shm"
		cp "$T/base.db" "$DB"
	fi
	# The killed writer left no lock behind: a write goes through.
	kp add --date 2020-01-06 --manager M01 calls=$((_n + 100))
	expect_rc 0 "$1: the next write succeeds"
}

crash_at "kill -9 at once" now
crash_at "kill -9 after 0.05 s" 0.05
crash_at "kill -9 after 0.2 s" 0.2
crash_at "kill -9 after 0.5 s" 0.5
crash_at "kill -9 with 4 MB in the WAL" wal:4000000
crash_at "kill -9 with 20 MB in the WAL" wal:20000000
crash_at "kill -9 after 1.5 s" 1.5
crash_at "kill -9 in the checkpoint after the commit" checkpoint
crash_at "kill -9 after it printed its result" printed

# import --create: the teams and salespeople it creates are part of the
# same transaction, so a crash leaves none of them behind.
sed 's/^\([^,]*\),[^,]*,M\([0-9]*\),/\1,New,N\2,/' "$T/big.csv" >"$T/new.csv"
names() { sql "SELECT (SELECT count(*) FROM team) || ' ' || (SELECT count(*) FROM manager) || ' ' || (SELECT count(*) FROM entry)"; }
names_before=$(names)
set -- $names_before
names_all="$(($1 + 1)) $(($2 + 20)) $(($3 + 2 * ROWS))"
"$KPITOP" --db "$DB" import --create "$T/new.csv" >"$T/imp.out" 2>"$T/imp.err" &
p=$!
while kill -0 $p 2>/dev/null && [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -lt 8000000 ]; do
	sleep 0.01
done
kill -9 $p 2>/dev/null
wait $p 2>/dev/null
st=$?
[ $st -eq 137 ] || diag "import --create: the import had already ended with status $st"
names_after=$(names)
if [ "$names_after" = "$names_before" ] || [ "$names_after" = "$names_all" ]; then
	pass "kill -9 of import --create: all of it (names too) or nothing"
else
	fail "kill -9 of import --create: all of it (names too) or nothing"
	say "teams, managers, entries before: $names_before" "after: $names_after" "all: $names_all"
fi
expect_eq "$(sql "PRAGMA integrity_check")" "ok" "kill -9 of import --create: PRAGMA integrity_check is ok"

before=$(state)
kp import "$T/big.csv"
expect_rc 0 "a full import after the crashes succeeds"
expect_out "$ROWS rows, $((2 * ROWS)) values set, $((2 * ROWS)) changed" "and sets every value"
expect_eq "$(state)" "$(all_of "$before")" "all of the file is there"
expect_eq "$(sql "SELECT value FROM entries WHERE day = '2020-01-07' AND manager = 'M02' AND metric = 'calls'")" \
	"7" "the data from before the crashes is intact"
kp check
expect_rc 0 "kpitop check passes"

# (b) Signals to a dashboard with a half-typed cell.
if [ -z "${TMUX_BIN:-}" ]; then
	diag "tmux not found: the dashboard signal tests are skipped"
	done_testing
	exit
fi
sock="kpitop-crash-$$" sockpath=
tm() { "$TMUX_BIN" -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -f "$sockpath"; rm -rf "$T"' EXIT
# The cell the Day sheet opens on: M01, today, phone, calls.
cell="SELECT value FROM entries WHERE day = '2026-11-20' AND manager = 'M01' AND channel = 'phone' AND metric = 'calls'"
cell_before=$(sql "$cell")

wait_for() { # SESSION TEXT [TRIES]: poll the pane every 0.05 s
	k=0
	while [ $k -lt "${3:-100}" ]; do
		tm capture-pane -p -t "$1" >"$T/pane" 2>/dev/null
		grep -q -- "$2" "$T/pane" && return 0
		sleep 0.05
		k=$((k + 1))
	done
	return 1
}
gone() { # PID: wait up to 10 s for it to end (a loaded CI machine is slow)
	k=0
	while kill -0 "$1" 2>/dev/null; do
		if [ $k -ge 200 ]; then
			# Say where it is stuck, for the log.
			say "pid $1: $(grep -E '^(State|SigPnd|ShdPnd|SigCgt)' "/proc/$1/status" 2>/dev/null | tr '\n\t' '  ')"
			say "pid $1 waits in: $(cat "/proc/$1/wchan" 2>/dev/null); $(cat "/proc/$1/stack" 2>/dev/null | head -5 | tr '\n' ' ')"
			return 1
		fi
		sleep 0.05
		k=$((k + 1))
	done
}

# half_typed NAME LABEL: a dashboard in session NAME on the Day sheet with 987
# typed into a cell; sets $pid to its kpitop process.
first=1
half_typed() {
	cmd="stty -g >'$T/stty.before.$1'; env ${extra_env:-} HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color KPITOP_TODAY=$KPITOP_TODAY '$KPITOP' --db '$DB'; st=\$?; stty -g >'$T/stty.after.$1'; echo \$st >'$T/exit.$1'; echo SHELL-AFTER-KPITOP EXIT=\$st; sleep 60"
	if [ -n "$first" ]; then
		tm -f /dev/null new-session -d -s "$1" -x 100 -y 30 "$cmd"
		# kill-server leaves the socket file behind: remember it.
		sockpath=$(tm display-message -p '#{socket_path}')
		first=
	else
		tm new-session -d -s "$1" -x 100 -y 30 "$cmd"
	fi
	pid=
	if wait_for "$1" "TOTAL" && tm send-keys -t "$1" 4 && wait_for "$1" "Day sheet ·" &&
		tm send-keys -t "$1" 9 8 7 && wait_for "$1" "987_"; then
		pass "$2: the Day sheet with 987 half-typed"
	else
		fail "$2: the Day sheet with 987 half-typed"
		say "$(cat "$T/pane")"
	fi
	# The pane runs sh -c '...'; kpitop is that shell's child.
	pid=$(pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" -f -- "--db $DB")
}

nothing_written() { # NAME
	expect_eq "$(sql "$cell")" "$cell_before" "$1: the half-typed value was not written"
	expect_eq "$(sql "SELECT count(*) FROM audit WHERE new_value = 987")" "0" "$1: no 987 in the audit trail"
	expect_eq "$(state)" "$before" "$1: nothing else changed"
	expect_eq "$(sql "PRAGMA integrity_check")" "ok" "$1: PRAGMA integrity_check is ok"
}

before=$(state)
for sig in HUP TERM; do
	half_typed "sig$sig" "SIG$sig"
	if [ -z "$pid" ]; then
		fail "SIG$sig: found the dashboard's process"
		continue
	fi
	kill -$sig "$pid"
	if gone "$pid"; then pass "SIG$sig: the dashboard exits"; else fail "SIG$sig: the dashboard exits"; kill -9 "$pid"; fi
	if wait_for "sig$sig" "SHELL-AFTER-KPITOP" 60; then
		pass "SIG$sig: the shell's line after kpitop is on the screen"
		diag "SIG$sig: kpitop's exit status $(cat "$T/exit.sig$sig")"
	else
		fail "SIG$sig: the shell's line after kpitop is on the screen"
		say "$(cat "$T/pane")"
	fi
	expect_eq "$(tm display-message -p -t "sig$sig" '#{alternate_on}')" "0" "SIG$sig: the alternate screen was left"
	expect_eq "$(tm display-message -p -t "sig$sig" '#{cursor_flag}')" "1" "SIG$sig: the cursor is visible again"
	expect_eq "$(tm display-message -p -t "sig$sig" '#{keypad_cursor_flag}')" "0" "SIG$sig: the keypad is back in normal mode"
	expect_eq "$(cat "$T/stty.after.sig$sig" 2>/dev/null)" "$(cat "$T/stty.before.sig$sig")" \
		"SIG$sig: the terminal modes (stty) are restored"
	nothing_written "SIG$sig"
done

# A dropped connection: the terminal itself goes away.  In an ASan build,
# LeakSanitizer's exit-time check (a tracer that ptrace-stops the process)
# spins forever in about half the runs once the terminal has hung up (seen
# here: 3 hangs in 6 with leak detection, none in 6 without; the plain build
# always leaves), so it is off for this one process; the SIGHUP case above
# takes the same way out with leak detection on.
extra_env="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
half_typed hangup hangup
extra_env=
if [ -z "$pid" ]; then
	fail "hangup: found the dashboard's process"
else
	tm kill-session -t hangup
	if gone "$pid"; then pass "hangup: the dashboard exits when its terminal closes"; else fail "hangup: the dashboard exits when its terminal closes"; kill -9 "$pid"; fi
	nothing_written "hangup"
fi
tm kill-server 2>/dev/null
rm -f "$sockpath"
done_testing
