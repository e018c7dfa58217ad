#!/bin/sh
# tmux: the real dashboard in a real terminal.  tmux runs kpitop in a
# detached session; send-keys types, capture-pane reads the screen and
# pipe-pane records every byte the program writes.  The test never sleeps a
# fixed time to wait for the program: it polls the pane for the text it
# expects, with a deadline.  Covered: the views show the known names and
# numbers; a change committed by another process (kpitop add, sqlite3) is on
# screen within one second with the view, the selection and a half-typed
# find kept, and without a full repaint; resize to 60x15 and back; LANG=C
# with TERM=vt100 shows ASCII bars and writes no byte outside ASCII; q,
# SIGTERM and SIGHUP exit cleanly and give the terminal back; a vanished
# terminal ends the program.
. "$TESTLIB"

if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
unset TMUX TMUX_PANE
SOCK="kpitop-test-$$"
# The session commands are POSIX sh whatever the user's shell.
tm() { SHELL=/bin/sh "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }
sock_path=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$sock_path" ] && rm -f "$sock_path"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# ---- helpers ----

now_ms() {
	_t=$(date +%s%3N 2>/dev/null)
	case $_t in
	'' | *[!0-9]*) _t=$(($(date +%s) * 1000)) ;;
	esac
	echo "$_t"
}

to_ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }

# pane: the visible screen of the current session ($S) into $T/pane.
pane() { tm capture-pane -p -t "$S" >"$T/pane" 2>/dev/null; }

# _wait WANT GREP_FLAG PATTERN SECONDS: poll the pane every 0.05 s until
# grep finds PATTERN (WANT=1) or no longer finds it (WANT=0); 0 when it
# happened before the deadline.  $waited is the time it took in ms.
_wait() {
	_start=$(now_ms)
	_deadline=$((_start + $(to_ms "$4")))
	while :; do
		pane
		if grep -q "$2" -- "$3" "$T/pane"; then _found=1; else _found=0; fi
		_now=$(now_ms)
		if [ "$_found" = "$1" ]; then
			waited=$((_now - _start))
			return 0
		fi
		if [ "$_now" -ge "$_deadline" ]; then
			waited=$((_now - _start))
			return 1
		fi
		sleep 0.05
	done
}

# wait_for TEXT [SECONDS]: TEXT (fixed string) appears on $S's screen.
wait_for() { _wait 1 -F "$1" "${2:-5}"; }
# wait_re REGEX [SECONDS]: a line matching REGEX (grep -E) appears.
wait_re() { _wait 1 -E "$1" "${2:-5}"; }
# wait_gone TEXT [SECONDS]: TEXT is no longer on the screen.
wait_gone() { _wait 0 -F "$1" "${2:-5}"; }

# wait_file FILE [SECONDS]: FILE exists and is not empty.
wait_file() {
	_deadline=$(($(now_ms) + $(to_ms "${2:-5}")))
	while [ ! -s "$1" ]; do
		[ "$(now_ms)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
	return 0
}

# wait_quiet FILE: FILE stops growing (no new byte for 0.3 s; at most 3 s).
wait_quiet() {
	_deadline=$(($(now_ms) + 3000))
	_size=-1
	_since=$(now_ms)
	while [ "$(now_ms)" -lt "$_deadline" ]; do
		_s=$(wc -c <"$1")
		if [ "$_s" != "$_size" ]; then
			_size=$_s
			_since=$(now_ms)
		elif [ $(($(now_ms) - _since)) -ge 300 ]; then
			break
		fi
		sleep 0.05
	done
}

# show_pane: the pane in the log after a failure.
show_pane() { pane; sed 's/^/#   | /' "$T/pane"; }

# check TEST DESC: pass when the shell test succeeds, else fail and show the pane.
check() {
	if eval "$1"; then pass "$2"; else
		fail "$2"
		show_pane
	fi
}

# pane_fmt FORMAT: tmux's view of the current pane, e.g. its terminal modes.
pane_fmt() { tm display-message -p -t "$S" "$1"; }

# start NAME DB [VAR=VALUE...]: kpitop --db DB in a new 100x30 session NAME
# (made the current one, $S).  The session prints BEFORE-KPITOP, waits
# until pipe-pane records, runs kpitop (its pid in $T/pid.NAME), then prints
# and files EXIT=status and stays open.
start() {
	S=$1
	_db=$2
	shift 2
	rm -f "$T/go.$S" "$T/exit.$S" "$T/pid.$S" "$T/bytes.$S"
	: >"$T/bytes.$S"
	cat >"$T/run.$S.sh" <<EOF
echo BEFORE-KPITOP
while [ ! -e '$T/go.$S' ]; do sleep 0.05; done
sh -c 'echo \$\$ >"\$1"; shift; exec "\$@"' sh '$T/pid.$S' \\
	env $TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \\
	XDG_CACHE_HOME='$XDG_CACHE_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' TZ=UTC \\
	LANG=C.UTF-8 LC_ALL=C.UTF-8 KPITOP_TODAY='$KPITOP_TODAY' TERM=xterm-256color $* \\
	'$KPITOP' --db '$_db'
st=\$?
echo "EXIT=\$st" >'$T/exit.$S'
echo "EXIT=\$st"
sleep 30
EOF
	# A session that outlives the others: once the last one goes the server
	# quits, and a new-session racing that shutdown finds no server.
	[ -n "$sock_path" ] || tm new-session -d -s keep "sleep 3600"
	tm new-session -d -s "$S" -x 100 -y 30 "sh '$T/run.$S.sh'"
	[ -n "$sock_path" ] || sock_path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
	tm pipe-pane -t "$S" -o "cat >>'$T/bytes.$S'"
	touch "$T/go.$S"
	wait_file "$T/pid.$S" 10
	PID=$(cat "$T/pid.$S" 2>/dev/null)
}

# value VIEW NAME COLUMN: a column of the report (CSV) for this database.
value() {
	"$KPITOP" --db "$DB" report --view "$1" --format csv |
		tr -d '\r' | awk -F, -v n="$2" -v c="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
		NR > 1 && $1 == n { print $k }'
}

# units AMOUNT: money as the dashboard shows it (whole units, half away from zero).
units() { awk -v a="$1" 'BEGIN { printf "%.0f\n", int(a + 0.5) }'; }

# ---- the company ----
kp init
ok=1
must() { kp "$@"; [ "$rc" -eq 0 ] || { ok=0; diag "$* -> $rc: $(cat "$T/err")"; }; }
must team add Alpha
must team add "Отдел Б"
must manager add "Анна Смирнова" --team Alpha
must manager add "Bob Stone" --team Alpha
must manager add "Иван Петров" --team "Отдел Б"
must add --date 2026-11-03 --manager "Анна Смирнова" calls=200 leads=30 meetings=12 \
	proposals=9 deals=7 revenue=11884721.40
must add --date 2026-11-10 --manager "Иван Петров" --channel website calls=40 leads=11 \
	deals=2 revenue=5000.50
must add --date 2026-11-12 --manager "Bob Stone" --channel email leads=9 deals=3 revenue=123456.78
must plan --month 2026-11 --manager "Анна Смирнова" revenue=20000000 deals=10
must plan --month 2026-11 --manager "Иван Петров" revenue=100000
expect_eq "$ok" 1 "build a small company with the CLI"

# ---- the views ----
start main "$DB"
if wait_for "kpitop · Teams" 10; then
	pass "the dashboard starts in a terminal and shows Teams (${waited} ms)"
else
	fail "the dashboard starts in a terminal and shows Teams"
	show_pane
	diag "stderr/exit: $(cat "$T/exit.main" 2>/dev/null)"
fi
pane
rows_ok=1
for name in Alpha "Отдел Б" TOTAL; do
	rev=$(units "$(value teams "$name" revenue)")
	grep -Eq "^.$name +$rev " "$T/pane" || { rows_ok=0; diag "no row '$name ... $rev'"; }
done
check '[ "$rows_ok" = 1 ]' "Teams: every team and TOTAL with the report's revenue"
expect_eq "$(pane_fmt '#{alternate_on}')" 1 "the dashboard runs on the alternate screen"
wait_quiet "$T/bytes.main"
first_paint=$(wc -c <"$T/bytes.main")
diag "first paint of 100x30: $first_paint bytes"

tm send-keys -t "$S" 2
if wait_for "kpitop · Managers"; then pass "2 shows Managers"; else fail "2 shows Managers"; show_pane; fi
pane
rows_ok=1
for name in "Анна Смирнова" "Bob Stone" "Иван Петров" TOTAL; do
	rev=$(units "$(value managers "$name" revenue)")
	grep -Eq "^.$name +$rev " "$T/pane" || { rows_ok=0; diag "no row '$name ... $rev'"; }
done
check '[ "$rows_ok" = 1 ]' "Managers: every manager (Cyrillic too) and TOTAL with the report's revenue"

tm send-keys -t "$S" j
if wait_for "Funnel · Bob Stone"; then pass "j selects the next row; the funnel follows"; else
	fail "j selects the next row; the funnel follows"; show_pane; fi

# ---- colours (xterm-256color): what the terminal is actually sent ----
esc=$(printf '\033')
tm capture-pane -e -p -t "$S" >"$T/color" 2>/dev/null
# The selected row (Bob Stone) in the selected role's colours, black on
# white; the header on cyan; column titles in cyan.
check 'grep "Bob Stone" "$T/color" | grep -q "${esc}\[30m${esc}\[47m"' \
	"256 colours: the selected row is drawn in colour (black on white)"
check 'head -n 1 "$T/color" | grep -q "${esc}\[46m"' "256 colours: the header bar on cyan"
check 'grep -q "${esc}\[36mName" "$T/color"' "256 colours: column titles in cyan"
check 'grep -Eq "${esc}\[3[123]m[█▏▎▍▌▋▊▉]" "$T/color"' "256 colours: completion bars green, yellow or red"

# ---- live refresh ----
# live DESC NEEDLE COMMAND...: run COMMAND (another process) and wait up to
# one second for NEEDLE; the time counts from before the command.
LIMIT=1
live() {
	_desc=$1 _needle=$2
	shift 2
	wait_quiet "$T/bytes.$S"
	_b0=$(wc -c <"$T/bytes.$S")
	_t0=$(now_ms)
	"$@" >"$T/out" 2>"$T/err" || diag "$* failed: $(cat "$T/err")"
	if _wait 1 -F "$_needle" "$LIMIT"; then
		_ms=$(($(now_ms) - _t0))
		pass "$_desc: on screen in $_ms ms (limit ${LIMIT}s)"
	else
		fail "$_desc: on screen within ${LIMIT}s"
		show_pane
		wait_for "$_needle" 5 && diag "it came after $(($(now_ms) - _t0)) ms"
	fi
	wait_quiet "$T/bytes.$S"
	change_bytes=$(($(wc -c <"$T/bytes.$S") - _b0))
}

# Another manager's revenue changes: the selected row stays Bob.
ivan=$(value managers "Иван Петров" revenue)
new=$(units "$(awk -v a="$ivan" 'BEGIN { printf "%.2f", a + 123456 }')")
live "kpitop add from another process" " $new " "$KPITOP" --db "$DB" add --manager "Иван Петров" revenue=123456
pane
check 'grep -q "kpitop · Managers" "$T/pane"' "after the change: still the Managers view"
check 'grep -q "Funnel · Bob Stone" "$T/pane"' "after the change: the selection is kept (the funnel still names Bob Stone)"
diag "bytes written for that change: $change_bytes (first paint $first_paint)"
if [ "$change_bytes" -gt 0 ] && [ "$change_bytes" -lt $((first_paint / 2)) ]; then
	pass "a change redraws only what changed ($change_bytes bytes, first paint $first_paint)"
else
	fail "a change redraws only what changed ($change_bytes bytes, first paint $first_paint)"
fi

# The selected row itself changes.
bob=$(value managers "Bob Stone" revenue)
new=$(units "$(awk -v a="$bob" 'BEGIN { printf "%.2f", a + 5555 }')")
live "a change of the selected row" " $new " "$KPITOP" --db "$DB" add --manager "Bob Stone" --channel phone revenue=5555
check 'grep -q "Funnel · Bob Stone" "$T/pane"' "the changed row stays selected"

# A plain sqlite3 client writing the documented table.
anna=$(value managers "Анна Смирнова" revenue)
new=$(units "$(awk -v a="$anna" 'BEGIN { printf "%.2f", a + 777 }')")
live "a row written directly with sqlite3" " $new " sql "INSERT INTO entry (day, manager_id, channel_id, metric_id, value)
	VALUES ('$KPITOP_TODAY', (SELECT id FROM manager WHERE name = 'Анна Смирнова'),
		(SELECT id FROM channel WHERE name = 'email'),
		(SELECT id FROM metric WHERE key = 'revenue'), 77700)"

# A half-typed find survives a refresh.
tm send-keys -t "$S" / && tm send-keys -t "$S" -l "Ив"
if wait_for "Find: Ив"; then pass "/ opens the find prompt"; else fail "/ opens the find prompt"; show_pane; fi
ivan=$(value managers "Иван Петров" revenue)
new=$(units "$(awk -v a="$ivan" 'BEGIN { printf "%.2f", a + 1000 }')")
live "a change while typing a search" " $new " "$KPITOP" --db "$DB" add --manager "Иван Петров" --channel email revenue=1000
check 'grep -q "Find: Ив" "$T/pane"' "the half-typed search is kept"
tm send-keys -t "$S" Enter
if wait_for "Funnel · Иван Петров"; then pass "Enter ends the search on the found row"; else
	fail "Enter ends the search on the found row"; show_pane; fi

# ---- resize ----
tm resize-window -t "$S" -x 60 -y 15
if wait_re '^─{60}$'; then pass "resized to 60x15: redrawn at the new width"; else
	fail "resized to 60x15: redrawn at the new width"; show_pane; fi
check 'head -1 "$T/pane" | grep -q "^ kpitop · Managers"' "60x15: the header"
tm resize-window -t "$S" -x 100 -y 30
if wait_re '^─{100}$'; then pass "back to 100x30: redrawn at the new width"; else
	fail "back to 100x30: redrawn at the new width"; show_pane; fi
check 'head -1 "$T/pane" | grep -q "^ kpitop · Managers · month 2026-11"' "100x30: the whole header is back"
check 'grep -q "Funnel · Иван Петров" "$T/pane"' "100x30: the selection survived the resizes"
check '[ "$(wc -l <"$T/pane")" -eq 30 ] && tail -1 "$T/pane" | grep -q "q quit"' "100x30: the status line on the last row"

# ---- idle ----
if [ -r "/proc/$PID/stat" ]; then
	ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
	c0=$(ticks)
	sleep 1 # a measuring window, not a wait for the program
	c1=$(ticks)
	hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	check '[ $((c1 - c0)) -le $((hz / 20)) ]' "idle: under 5% CPU over one second ($((c1 - c0)) ticks of $hz)"
fi

# ---- q ----
tm send-keys -t "$S" q
if wait_file "$T/exit.$S"; then
	expect_eq "$(cat "$T/exit.$S")" "EXIT=0" "q exits with status 0"
else
	fail "q exits with status 0"
	show_pane
fi
if wait_for "EXIT=0"; then pass "after q the shell's output is back on the screen"; else
	fail "after q the shell's output is back on the screen"; fi
pane
check '! grep -q "kpitop · " "$T/pane" && grep -q BEFORE-KPITOP "$T/pane"' "after q the dashboard is gone and the screen before it is restored"
expect_eq "$(pane_fmt '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}')" "0 1 0" \
	"after q: alternate screen left, cursor visible, keypad mode off"

# ---- [colors] overrides reach the terminal ----
mkdir -p "$T/etc2/kpitop"
printf '[colors]\nheader = white,red\nselected = yellow,blue\n' >"$T/etc2/kpitop/kpitop.ini"
start colors "$DB" KPITOP_SYSCONFDIR="$T/etc2"
if wait_for "kpitop · Teams" 10; then
	tm capture-pane -e -p -t "$S" >"$T/color" 2>/dev/null
	check 'head -n 1 "$T/color" | grep -q "${esc}\[37m${esc}\[41m"' "[colors] header = white,red: the header so"
	check 'grep -q "${esc}\[33m${esc}\[44m" "$T/color"' "[colors] selected = yellow,blue: the selected row so"
else
	fail "[colors]: the dashboard starts"; show_pane
fi
tm send-keys -t "$S" q

# ---- ASCII: LANG=C, TERM=vt100 ----
start ascii "$DB" LANG=C LC_ALL=C TERM=vt100
if wait_for "kpitop | Teams" 10; then pass "LANG=C TERM=vt100: the dashboard starts"; else
	fail "LANG=C TERM=vt100: the dashboard starts"; show_pane; fi
wait_quiet "$T/bytes.ascii"
pane
check 'grep -Eq "^.Alpha +[0-9]+ +[0-9.]+% [#= ]*#[#= ]*\|" "$T/pane"' "LANG=C TERM=vt100: ASCII completion bar ('#' fill, '|' pace marker)"
check 'grep -q "^-----" "$T/pane"' "LANG=C TERM=vt100: ASCII rule"
tm capture-pane -e -p -t "$S" >"$T/color" 2>/dev/null
check '! grep -Eq "${esc}\[(3|4)[0-7]m" "$T/color"' "TERM=vt100: no colour sent"
check 'grep -q "${esc}\[7m" "$T/color"' "TERM=vt100: the selection in reverse video"
high=$(LC_ALL=C tr -d '\000-\177' <"$T/bytes.ascii" | wc -c)
expect_eq "$high" 0 "LANG=C TERM=vt100: not one byte outside ASCII written to the terminal"
tm send-keys -t "$S" q
if wait_file "$T/exit.$S"; then
	expect_eq "$(cat "$T/exit.$S")" "EXIT=0" "LANG=C TERM=vt100: q exits with status 0"
else
	fail "LANG=C TERM=vt100: q exits with status 0"
fi
expect_eq "$(pane_fmt '#{cursor_flag} #{keypad_cursor_flag}')" "1 0" "LANG=C TERM=vt100: cursor and keypad restored"

# ---- signals ----
for sig in TERM HUP; do
	start "sig$sig" "$DB"
	wait_for "kpitop · Teams" 10 || diag "SIG$sig session did not start"
	if [ -n "$PID" ] && kill -s "$sig" "$PID"; then
		if wait_file "$T/exit.$S"; then
			st=$(sed 's/^EXIT=//' "$T/exit.$S")
			case $st in
			0 | $((128 + $(kill -l "$sig" 2>/dev/null || echo 0)))) pass "SIG$sig: kpitop exits (status $st)" ;;
			*) fail "SIG$sig: kpitop exits cleanly (status $st)" ;;
			esac
		else
			fail "SIG$sig: kpitop exits"
		fi
	else
		fail "SIG$sig: kpitop exits (no pid)"
	fi
	if wait_for "EXIT=" && wait_gone "kpitop · "; then
		pass "SIG$sig: the dashboard is gone and the shell's output is back"
	else
		fail "SIG$sig: the dashboard is gone and the shell's output is back"
		show_pane
	fi
	expect_eq "$(pane_fmt '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}')" "0 1 0" \
		"SIG$sig: alternate screen left, cursor visible, keypad mode off"
done

# ---- the terminal goes away ----
start gone "$DB"
wait_for "kpitop · Teams" 10 || diag "the session did not start"
tm kill-session -t "$S"
deadline=$(($(now_ms) + 5000))
while [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do
	sleep 0.05
done
if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
	pass "the terminal closed under it: kpitop ends"
else
	fail "the terminal closed under it: kpitop ends"
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
fi

# ---- a background job that cannot read its terminal ----
# Started with job control and SIGTTIN ignored, kpitop is woken by a key it
# is not allowed to read: it must wait for the foreground, not spin on the
# readable terminal (it used to burn a core), and still end when the
# terminal goes.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
if command -v bash >/dev/null 2>&1 && [ -r /proc/self/stat ]; then
	S=bg
	rm -f "$T/pid.bg"
	cat >"$T/run.bg.sh" <<EOF
set -m
trap '' TTIN TTOU
env $TUI_ASAN HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' \\
	LANG=C.UTF-8 LC_ALL=C.UTF-8 KPITOP_TODAY='$KPITOP_TODAY' TERM=xterm-256color \\
	'$KPITOP' --db '$DB' 2>/dev/null &
echo \$! >'$T/pid.bg'
echo BACKGROUND-STARTED
wait
sleep 30
EOF
	tm new-session -d -s bg -x 100 -y 30 "bash '$T/run.bg.sh'"
	wait_file "$T/pid.bg" 10
	PID=$(cat "$T/pid.bg" 2>/dev/null)
	wait_for "BACKGROUND-STARTED" 10
	tm send-keys -t bg x
	sleep 0.3
	t0=$(cpu_ticks "$PID")
	sleep 2
	t1=$(cpu_ticks "$PID")
	if [ -n "$t0" ] && [ -n "$t1" ] && [ $((t1 - t0)) -lt 40 ]; then
		pass "in the background with a key waiting: no busy loop ($((t1 - t0)) ticks in 2 s)"
	else
		fail "in the background with a key waiting: no busy loop"
		diag "CPU ticks: ${t0:-?} -> ${t1:-?} (pid ${PID:-?})"
	fi
	tm kill-session -t bg
	deadline=$(($(now_ms) + 5000))
	while [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.05
	done
	if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
		pass "in the background: ends when the terminal closes"
	else
		fail "in the background: ends when the terminal closes"
		[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	fi
fi

done_testing
