#!/bin/sh
# add, plan, undo, log: values are set (not added), bad input writes nothing.
. "$TESTLIB"

kp init
kp team add Sales
kp manager add "Анна Смирнова" --team Sales
kp manager add Bob --team Sales

kp add --date 2026-11-20 --manager "Анна Смирнова" calls=40 deals=3 revenue=150000.50
expect_rc 0 "add sets values"
expect_out "3 values set, 3 changed" "add reports what it set"
expect_eq "$(sql "SELECT value FROM entries WHERE metric='calls'")" "40" "calls stored"
expect_eq "$(sql "SELECT e.value FROM entry e JOIN metric m ON m.id=e.metric_id WHERE m.key='revenue'")" \
	"15000050" "money is stored in minor units"
expect_eq "$(sql "SELECT channel FROM entries LIMIT 1")" "phone" "the channel defaults to the first"

kp add --date 2026-11-20 --manager "Анна Смирнова" calls=35
expect_eq "$(sql "SELECT value FROM entries WHERE metric='calls'")" "35" "a second add sets, it does not add"

kp add --manager Bob --channel website leads=7
expect_rc 0 "add without --date uses today"
expect_eq "$(sql "SELECT day || ' ' || channel FROM entries WHERE manager='Bob'")" "2026-11-20 website" \
	"today (KPITOP_TODAY) and the channel given"

kp add --date 2026-11-20 --manager Bob revenue=1234,5
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Bob' AND metric='revenue'")" "1234.5" \
	"a decimal comma is accepted on the command line"

before=$(sql "SELECT group_concat(value) FROM (SELECT value FROM entry ORDER BY 1)")
changes=$(sql "SELECT count(*) FROM change")
bad() { # DESC WANT-RC ERR-REGEX ARGS...
	desc=$1 want=$2 re=$3; shift 3
	kp "$@"
	expect_rc "$want" "$desc: refused with status $want"
	expect_err "$re" "$desc: clear message"
	expect_eq "$(sql "SELECT group_concat(value) FROM (SELECT value FROM entry ORDER BY 1)")" "$before" \
		"$desc: nothing written"
}
bad "letters" 2 "^kpitop add: calls=abc: not a whole number" add --manager Bob calls=abc
expect_err "^Try .kpitop add --help." "letters: and where to read more"
bad "a negative value" 2 "negative" add --manager Bob calls=-5
bad "money with three decimals" 2 "more than two decimals" add --manager Bob revenue=1.005
bad "a 20-digit number" 2 "too large" add --manager Bob calls=12345678901234567890
bad "a date that does not exist" 2 "'2026-02-30' is not a valid date" add --date 2026-02-30 --manager Bob calls=1
bad "an unknown manager" 1 "no manager named 'Nobody'" add --manager Nobody calls=1
bad "an unknown metric" 1 "unknown metric 'frogs'" add --manager Bob frogs=1
bad "an unknown channel" 1 "no channel named 'pigeon'" add --manager Bob --channel pigeon calls=1
bad "one bad value among good ones" 2 "deals=x" add --manager Bob calls=5 deals=x
bad "no values" 2 "METRIC=VALUE" add --manager Bob
bad "a metric given twice" 2 "given twice" add --manager Bob calls=1 calls=2
bad "no manager" 2 "--manager NAME is required" add calls=1
# A well-formed name the database does not have is a runtime error (1) for
# every kind of name; only a malformed command line is a usage error (2).
bad "plan: an unknown metric" 1 "unknown metric 'frogs'" plan --month 2026-11 --manager Bob frogs=1
bad "plan: an unknown manager" 1 "no manager named 'Nobody'" plan --month 2026-11 --manager Nobody calls=1
bad "plan: an unknown team" 1 "no team named 'Nobody'" plan --month 2026-11 --team Nobody calls=1
bad "plan: a malformed month" 2 "'2026-13' is not a valid month" plan --month 2026-13 --manager Bob calls=1
expect_eq "$(sql "SELECT count(*) FROM change")" "$changes" "refused commands leave no audit trail"

# Plans
kp plan --month 2026-11 --manager Bob revenue=500000 deals=10
expect_rc 0 "plan for a manager"
kp plan --month 2026-11 --team Sales revenue=2000000
expect_rc 0 "plan for a team"
expect_eq "$(sql "SELECT count(*) FROM plan")" "3" "three plan rows"
kp plan --month 2026-11 --team Sales revenue=2500000
expect_eq "$(sql "SELECT value FROM plan WHERE team_id IS NOT NULL")" "250000000" "a plan is set, not added"
kp plan --month 2026-13 --team Sales revenue=1
expect_rc 2 "an invalid month is refused"
kp plan --month 2026-11 --team Sales --manager Bob revenue=1
expect_rc 2 "a plan for both a team and a manager is a usage error"
kp plan --month 2026-11 --team Nobody revenue=1
expect_rc 1 "a plan for an unknown team is refused"

# Undo and log
kp undo
expect_rc 0 "undo"
expect_eq "$(sql "SELECT value FROM plan WHERE team_id IS NOT NULL")" "200000000" "undo restores the previous plan"
kp log 3
expect_rc 0 "log"
expect_out "$(id -un).*undo #" "log shows the undo with the user's name"
expect_out "team Sales revenue 2500000.00 → 2000000.00" "log shows old → new"
expect_out "plan.*team Sales revenue 2000000.00 → 2500000.00  \(undone by" "log marks the undone change"
kp log 0
expect_rc 2 "log 0 is a usage error"
kp log abc
expect_rc 2 "log abc is a usage error"

# Two writers on the same cell: the later write wins and both are logged.
kp add --date 2026-11-21 --manager Bob meetings=3 &
wait
kp add --date 2026-11-21 --manager Bob meetings=4
expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-21' AND metric='meetings'")" "4" "the later write wins"
kp log 2
expect_out "2026-11-21 Bob / phone meetings 3 → 4" "the log has the later write"
expect_out "2026-11-21 Bob / phone meetings \(none\) → 3" "and the earlier one"

# Another program holds the write lock: a write waits for it, a person at
# a terminal is told why the command pauses, a script's stderr stays quiet,
# and a lock held past the timeout is one clear refusal with nothing written.
hold_lock
"$KPITOP" --db "$DB" add --date 2026-11-22 --manager Bob calls=9 >"$T/out" 2>"$T/err" &
adder=$!
sleep 0.5
expect_eq "$(sql "SELECT count(*) FROM entries WHERE day='2026-11-22'")" "0" "while the lock is held, add waits"
release_lock
wait "$adder"
rc=$?
expect_rc 0 "and saves once it is free"
expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-22' AND metric='calls'")" "9" "the value is there"
if grep -q "waiting" "$T/err"; then fail "stderr that is not a terminal hears nothing of the wait"; diag "$(cat "$T/err")"
else pass "stderr that is not a terminal hears nothing of the wait"; fi

if command -v script >/dev/null 2>&1; then
	hold_lock
	script -qec "'$KPITOP' --db '$DB' add --date 2026-11-22 --manager Bob calls=10" /dev/null >"$T/tty" 2>&1 &
	adder=$!
	_w=0
	# kpitop announces the wait after a third of a second; its start (and
	# script's) may take much longer on a loaded machine or under valgrind.
	while [ $_w -lt 600 ] && ! grep -q "waiting" "$T/tty"; do sleep 0.05; _w=$((_w + 1)); done
	release_lock
	wait "$adder"
	if grep -q "^kpitop: waiting for the database: another program is writing to it" "$T/tty"; then
		pass "at a terminal, a wait is announced"
	else
		fail "at a terminal, a wait is announced"
		diag "$(cat "$T/tty")"
	fi
	expect_eq "$(grep -c "waiting" "$T/tty")" "1" "once"
	expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-22' AND metric='calls'")" "10" \
		"and the value is saved after it"
else
	pass "# SKIP script(1) is missing: no terminal for the wait notice"
fi

printf '[database]\nbusy_timeout_ms = 200\n' >"$T/busy.ini"
hold_lock
kp --config "$T/busy.ini" add --date 2026-11-22 --manager Bob calls=11
release_lock
expect_rc 1 "a lock held past busy_timeout_ms: add fails"
expect_err "stayed busy" "saying the database stayed busy"
one_line_err "in one line"
expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-22' AND metric='calls'")" "10" "and nothing is written"

# Undo the undo chain back to nothing.
i=0
while kp undo && [ $i -lt 20 ]; do i=$((i + 1)); done
expect_err "nothing of yours to undo" "undo says when there is nothing left"
expect_eq "$(sql "SELECT count(*) FROM entry") $(sql "SELECT count(*) FROM plan")" "0 0" \
	"undoing every change empties entries and plans"
done_testing
