#!/bin/sh
# The Day sheet and Plans grids: keyboard-only entry, validation in place,
# undo, the log, and values from other processes appearing live.
. "$TESTLIB"

export TERM=xterm-256color
kp init
kp team add Sales
kp team add Support
for i in 01 02 03 04 05 06 07 08 09 10; do kp manager add "Менеджер $i" --team Sales; done
kp manager add "Zoe" --team Support

screen() { # SCRIPT: run the dashboard on $DB with keys, screens to $T/screen
	printf '%s' "$1" >"$T/keys"
	"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" --size 100x30 >"$T/out" 2>"$T/err"
	rc=$?
}
# last_screen: the last dump only
last_screen() { awk '/^=== screen/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}' "$T/screen"; }
csv() { "$KPITOP" --db "$DB" report --view managers --format csv; }

# 10 managers x 6 metrics with digits, Tab (which wraps to the next row)
# and nothing else.
keys=4
i=1
while [ $i -le 10 ]; do
	keys="$keys$((i * 10))<Tab>$i<Tab>$((i % 4))<Tab>$((i % 3))<Tab>$((i % 2))<Tab>$((i * 1000)).5<Tab>"
	i=$((i + 1))
done
screen "$keys"
expect_rc 0 "a sheet typed with digits and Tab only"
csv >"$T/csv"
expect_eq "$(grep -c '^Менеджер' "$T/csv")" "10" "ten managers in the report"
expect_eq "$(grep '^Менеджер 07,' "$T/csv" | cut -d, -f2-7)" "70,7,3,1,1,7000.50" "row 7 has the typed values"
expect_eq "$(grep '^TOTAL,' "$T/csv" | cut -d, -f2,7)" "550,55005.00" "totals of the typed sheet"
expect_eq "$(sql "SELECT count(*) FROM entry")" "60" "sixty cells saved"
expect_eq "$(sql "SELECT count(*) FROM change")" "60" "each cell in its own audited change"
expect_eq "$(sql "SELECT count(DISTINCT user) FROM change")" "1" "the audit names the user"

# Enter saves and moves down (a column at a time).
screen "4<Right>11<Enter>12<Enter>13<Enter><dump>"
expect_eq "$(sql "SELECT group_concat(value) FROM (SELECT value FROM entries WHERE metric='leads' AND manager IN ('Менеджер 01','Менеджер 02','Менеджер 03') ORDER BY manager)")" \
	"11,12,13" "Enter saves and moves down"

# Validation in place: nothing written, the program keeps running.
before=$(sql "SELECT group_concat(value) FROM (SELECT value FROM entry ORDER BY 1)")
screen "4a<dump>"
expect_out_screen() { if last_screen | grep -Eq -- "$1"; then pass "$2"; else fail "$2"; diag "$(last_screen)"; fi; }
expect_out_screen "'a' is not a number" "letters are refused with a message"
screen "45a<dump>"
expect_out_screen "Calls: only digits" "a letter inside a number is refused"
expect_out_screen "^Менеджер 01 +5_" "and the digits typed so far stay"
screen "4-<dump>"
expect_out_screen "negative values are not allowed" "a minus sign is refused"
screen "4<End><Right><Right><Right><Right><Right>1.005<dump>"
expect_out_screen "Revenue: more than two decimals" "money with three decimals is refused"
screen "412345678901234567890<dump>"
expect_out_screen "too large" "a 20-digit number is refused"
screen "4<Right>1.5<dump>"
expect_out_screen "whole numbers only" "a decimal point in a count is refused"
screen "4777<Esc><dump>"
expect_out_screen "cancelled" "Esc cancels the cell"
expect_eq "$(sql "SELECT group_concat(value) FROM (SELECT value FROM entry ORDER BY 1)")" "$before" \
	"refused and cancelled input changes nothing"

# The sanity limit asks once; Enter again saves.
screen "425000<Enter><dump>"
expect_out_screen "over the limit of 10000" "a value over the limit asks for confirmation"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls'")" "10" "and saves nothing yet"
screen "425000<Enter><Enter><dump>"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls'")" "25000" "Enter again saves it"

# Undo from the sheet, then from the log the user sees.
screen "4u<dump>"
expect_out_screen "undid change #" "u undoes"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls'")" "10" "u restores the previous value"
kp log 2
expect_out "$(id -un).*undo #.*Менеджер 01 / phone calls 25000 → 10" "kpitop log shows the undo with the user's name"
expect_out "$(id -un).*day sheet.*Менеджер 01 / phone calls 10 → 25000  \(undone by" "and the change it undid"

# Copy the previous working day (Friday -> the Thursday before).
kp add --date 2026-11-19 --manager "Менеджер 02" calls=33
screen "4<Down>y<dump>"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 02' AND metric='calls' AND day='2026-11-20'")" "33" "y copies the previous working day's value"
# Clear a cell.
screen "4<Down>x<dump>"
expect_eq "$(sql "SELECT count(*) FROM entries WHERE manager='Менеджер 02' AND metric='calls' AND day='2026-11-20'")" "0" "x clears a cell"

# Date, team and channel keys.
screen "4[<dump>"
expect_out_screen "Day sheet · 2026-11-19 Thu" "[ goes to the previous day"
screen "4}<dump>"
expect_out_screen "team Support" "} goes to the next team"
expect_out_screen "^Zoe" "and shows its managers"
screen "4)<dump>"
expect_out_screen "channel website" ") goes to the next channel"
screen "4)55<Enter><dump>"
expect_eq "$(sql "SELECT channel || '=' || value FROM entries WHERE manager='Менеджер 01' AND metric='calls' AND day='2026-11-20' AND channel='website'")" \
	"website=55" "values go to the channel shown"

# Plans: the team row shows the sum of its managers until it has its own.
kp plan --month 2026-11 --manager "Менеджер 01" revenue=1000000
kp plan --month 2026-11 --manager "Менеджер 02" revenue=500000
screen "5<dump>"
expect_out_screen "Plans · 2026-11" "the Plans grid opens on this month"
expect_out_screen "^Sales .*Σ 1500000" "the team row shows the sum of its managers' plans"
screen "5<End><Right><Right><Right><Right><Right>2000000<Enter><dump>"
expect_eq "$(sql "SELECT value FROM plan WHERE manager_id = (SELECT id FROM manager WHERE name='Менеджер 10')")" "200000000" "a manager's plan typed in the grid"
screen "5<Right><Right><Right><Right><Right>9000000<Enter><dump>"
expect_eq "$(sql "SELECT value FROM plan WHERE team_id IS NOT NULL")" "900000000" "an explicit team plan typed in the grid"

# Money in full: while typing, a cell too narrow for the number keeps its
# end in view and the bottom line shows all of it; once saved, the columns
# make room for the amount whole, kopecks too (80 columns; 60 for typing).
printf '%s' "4<End><Right><Right><Right><Right><Right>7654321.50<dump>" >"$T/keys"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" --size 60x24 >"$T/out" 2>&1
if last_screen | grep -q "^Менеджер 10 .* …321\.50_\$"; then pass "60x24: the cell being typed shows the end of the number"
else fail "60x24: the cell being typed shows the end of the number"; diag "$(last_screen)"; fi
if last_screen | grep -q "^ 7654321.50   Revenue for Менеджер 10   Enter saves"; then pass "and the bottom line shows it all, first"
else fail "and the bottom line shows it all, first"; diag "$(last_screen)"; fi
printf '%s' "4<End><Right><Right><Right><Right><Right>7654321.50<Enter><Enter><dump>" >"$T/keys"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" --size 80x24 >"$T/out" 2>&1
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 10' AND metric='revenue' AND day='2026-11-20' AND channel='phone'")" \
	"7654321.5" "80x24: a seven-figure revenue typed in the Day sheet"
if last_screen | grep -q "^Менеджер 10 .* 7654321\.50\$"; then pass "80x24: saved, the cell shows the amount whole"
else fail "80x24: saved, the cell shows the amount whole"; diag "$(last_screen)"; fi
if last_screen | grep -q "^Manager .*Proposals .*Revenue\$"; then pass "80x24: every column title still whole"
else fail "80x24: every column title still whole"; diag "$(last_screen)"; fi
if [ "$(last_screen | awk '{ if (length($0) > 80) n++ } END { print n + 0 }')" = 0 ]; then pass "80x24: no line wider than the screen"
else fail "80x24: no line wider than the screen"; diag "$(last_screen)"; fi

# Undo on the tables takes u twice; anything between disarms it.
kp add --manager "Менеджер 05" deals=42
screen "2u<dump>"
expect_out_screen "u again undoes your last change" "Managers: the first u asks for a second"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 05' AND metric='deals' AND day='2026-11-20' AND channel='phone'")" \
	"42" "and undoes nothing"
screen "2uju<dump>"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 05' AND metric='deals' AND day='2026-11-20' AND channel='phone'")" \
	"42" "u, another key, u: still nothing undone"
screen "2uu<dump>"
expect_out_screen "undid change #" "u u undoes"
expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 05' AND metric='deals' AND day='2026-11-20' AND channel='phone'")" \
	"1" "the value before the change is back"

# More metrics than an 80-column screen holds: the columns scroll sideways
# with the cursor, a mark says more are off screen, and a value is typed
# into the column shown (never into one off screen).
W="$T/wide.db"
"$KPITOP" --db "$W" init >/dev/null
"$KPITOP" --db "$W" team add T && "$KPITOP" --db "$W" manager add "Анна Смирнова" --team T
for m in lost missed_calls demos trials renewals upsells; do "$KPITOP" --db "$W" metric add "$m"; done
"$KPITOP" --db "$W" metric add bonus_rev --money --label "Extra revenue"
printf '%s' "4<dump><End><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right>12345.67<dump><Enter>" >"$T/keys"
"$KPITOP" --db "$W" --keys "$T/keys" --dump "$T/screen" --size 80x24 >"$T/out" 2>&1
awk '/^=== screen 1 /{s=1; next} /^=== screen/{s=0} s' "$T/screen" >"$T/s1"
awk '/^=== screen 2 /{s=1; next} /^=== screen/{s=0} s' "$T/screen" >"$T/s2"
if grep -q "^Manager .*Calls.*▸\$" "$T/s1" && ! grep -q "Extra" "$T/s1"; then pass "13 metrics at 80 columns: the first ones shown, a mark for the rest"
else fail "13 metrics at 80 columns: the first ones shown, a mark for the rest"; diag "$(cat "$T/s1")"; fi
if grep -q "^Manager  *◂ .*Extra" "$T/s2" && grep -q "^Анна Смирнова .*5\.67_\$" "$T/s2" &&
	grep -q "12345.67   Extra revenue for Анна Смирнова" "$T/s2"; then
	pass "the cursor's column scrolls into view, typed into there"
else fail "the cursor's column scrolls into view, typed into there"; diag "$(cat "$T/s2")"; fi
expect_eq "$("${SQLITE3:-sqlite3}" -batch "$W" "SELECT value FROM entries WHERE metric='bonus_rev'")" \
	"12345.67" "and saved to the metric under the cursor"
printf '%s' "4<End><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right><Right><dump><resize 250x24><dump>" >"$T/keys"
"$KPITOP" --db "$W" --keys "$T/keys" --dump "$T/screen" --size 80x24 >"$T/out" 2>&1
if last_screen | grep -q "^Manager  *Calls .*Extra revenue" && ! last_screen | grep -q "◂"; then
	pass "given room (80 to 250 columns), every column comes back"
else fail "given room (80 to 250 columns), every column comes back"; diag "$(last_screen)"; fi

# The mark that more columns follow, even when the columns shown would
# fill the screen exactly (the demo company with nine more metrics at 80).
X="$T/exact.db"
"$KPITOP" --db "$X" init --demo >/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9; do "$KPITOP" --db "$X" metric add "m$i" --label "Metric $i"; done
printf '4<dump>' >"$T/keys"
"$KPITOP" --db "$X" --keys "$T/keys" --dump "$T/screen" --size 80x24 >"$T/out" 2>&1
if last_screen | grep -q "^Manager .*▸\$"; then pass "80 columns filled exactly: the ▸ mark is still there"
else fail "80 columns filled exactly: the ▸ mark is still there"; diag "$(last_screen)"; fi
if last_screen | grep -q " …ric 1 …ric 2 "; then pass "titles that would be cut alike keep their ends (…ric 1 …ric 2)"
else fail "titles that would be cut alike keep their ends (…ric 1 …ric 2)"; diag "$(last_screen)"; fi

# The card on a short screen says how many metric rows it left out.
printf '2<Enter><dump>' >"$T/keys"
"$KPITOP" --db "$X" --keys "$T/keys" --dump "$T/screen" --size 60x20 >"$T/out" 2>&1
if last_screen | grep -q "^… 5 more metrics (a taller screen shows them)"; then
	pass "60x20 card with 15 metrics: the rows left out are counted"
else fail "60x20 card with 15 metrics: the rows left out are counted"; diag "$(last_screen)"; fi

# A team's sum of plans is never shortened, and a column has digit groups
# in every row or in none.
"$KPITOP" --db "$X" plan --month 2026-11 --manager "Анна Смирнова" revenue=123456789012.34 >/dev/null
"$KPITOP" --db "$X" plan --month 2026-11 --manager "Дмитрий Козлов" revenue=123456789012.34 >/dev/null
printf '5<dump>' >"$T/keys"
LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 "$KPITOP" --db "$X" --keys "$T/keys" --dump "$T/screen" --size 160x24 >"$T/out" 2>&1
if locale -a 2>/dev/null | grep -qix 'ru_RU.utf-\{0,1\}8'; then
	sep=$(LC_ALL=ru_RU.UTF-8 locale thousands_sep)
	if last_screen | grep -q "Σ 246${sep}924${sep}078${sep}024,68 " &&
		last_screen | grep -q " 123${sep}456${sep}789${sep}012,34 "; then
		pass "ru 160 columns: a trillion Σ whole, grouped like the rows below"
	else fail "ru 160 columns: a trillion Σ whole, grouped like the rows below"; diag "$(last_screen)"; fi
else
	pass "# SKIP the ru_RU.UTF-8 locale is missing"
fi

# Log view
screen "6<dump>"
expect_out_screen "plans grid" "the Log view lists changes"

# Find (/ and n) in the grids and the log: a row or a change, never a crash
# (it used to index the tables' arrays with the grid's view number).
screen "4/A<dump>"
expect_rc 0 "Day sheet: / then a letter does not crash"
screen "4/Менеджер 07<Enter>9<dump>"
expect_rc 0 "Day sheet: / finds a manager"
expect_out_screen "^Менеджер 07 +9_" "Day sheet: the cursor goes to the manager found"
screen "4/Менеджер<Enter>n9<dump>"
expect_out_screen "^Менеджер 02 +9_" "Day sheet: n goes to the next match"
screen "4/менеджер 03<Enter>9<dump>"
expect_out_screen "^Менеджер 03 +9_" "Day sheet: find ignores case, Cyrillic too"
screen "4/xyz<Enter><dump>"
expect_out_screen "no row matches 'xyz'" "Day sheet: no match says so"
screen "5/a<dump><Down><Down>/Sales<Enter>9<dump>"
expect_rc 0 "Plans: / then a letter does not crash"
expect_out_screen "^Sales +9_" "Plans: / finds the team row"
screen "6/a<dump><Enter>n<dump>/Менеджер 10<Enter><dump>/xyz<Enter><dump>"
expect_rc 0 "Log: / and n do not crash"
expect_out_screen "no change matches 'xyz'" "Log: no match says so"
screen "6/Менеджер 09<Enter><dump>"
expect_out_screen "^Log" "Log: a match keeps the log on screen"
expect_out_screen "^2026-11-20 Менеджер 09 / phone Revenue: \(none\) → 9000\.50$" "Log: the change found is selected (its detail line below the list)"

# The Log view's key bar names the six views.
screen "6<dump>"
expect_out_screen "1-6/Tab views" "the Log key bar says 1-6 views"
if last_screen | grep -q "1-5 views"; then fail "no '1-5 views' left"; else pass "no '1-5 views' left"; fi
# Backspace goes back like Esc (from the log, a grid, the card, the help).
screen "6<Backspace><dump>"
expect_out_screen "^ Name " "Backspace leaves the Log"
screen "4<Backspace><dump>"
expect_out_screen "^ Name " "Backspace leaves the Day sheet"
screen "47<Backspace><dump>"
expect_out_screen "Day sheet" "Backspace while typing edits the cell (stays on the sheet)"

# A read-only database: entry keys explain why they do nothing.
cp "$DB" "$T/ro.db"
chmod 444 "$T/ro.db"
printf '45<dump>' >"$T/keys"
if [ "$(id -u)" != 0 ]; then
	"$KPITOP" --db "$T/ro.db" --keys "$T/keys" --dump "$T/screen" >/dev/null 2>&1
	expect_out_screen "read-only" "a read-only database refuses entry with a reason"
elif command -v setpriv >/dev/null 2>&1; then
	# Root writes any file: run as nobody, in a directory nobody can write.
	ro=$(mktemp -d "${TMPDIR:-/tmp}/kpitop-ro.XXXXXX")
	chmod 755 "$ro"
	cp "$DB" "$ro/ro.db"
	cp "$T/keys" "$ro/"
	# Its owner opens it once, leaving the -wal/-shm a reader needs.
	"$KPITOP" --db "$ro/ro.db" check >/dev/null
	chmod 444 "$ro/ro.db"
	: >"$ro/screen"
	chmod 666 "$ro/screen"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HOME="$ro" XDG_CONFIG_HOME="$ro" XDG_DATA_HOME="$ro" KPITOP_SYSCONFDIR="$ro" \
		timeout 30 "$KPITOP" --db "$ro/ro.db" --keys "$ro/keys" --dump "$ro/screen" >/dev/null 2>"$T/err"
	cp "$ro/screen" "$T/screen"
	rm -rf "$ro"
	expect_out_screen "read-only" "a read-only database refuses entry with a reason (as nobody)"
else
	pass "# SKIP read-only check: root writes any file and setpriv is missing"
fi

# Live: another process writes while the sheet is open with a half-typed cell.
if [ -z "${TMUX_BIN:-}" ]; then
	diag "tmux not found: live grid test skipped"
else
	sock="kpitop-grid-$$"
	tm() { "$TMUX_BIN" -L "$sock" "$@"; }
	trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
	# dashboard [ARGS]: kpitop on $DB in a new 100x30 session of $sock.
	dashboard() {
		tm -f /dev/null new-session -d -x 100 -y 30 \
			"env $TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' LANG=C.UTF-8 TERM=xterm-256color KPITOP_TODAY=$KPITOP_TODAY '$KPITOP' --db '$DB' $*; sleep 30"
	}
	dashboard
	wait_for() { # TEXT [TENTHS]
		n=0
		while [ $n -lt "${2:-50}" ]; do
			tm capture-pane -p >"$T/pane" 2>/dev/null
			grep -q -- "$1" "$T/pane" && return 0
			sleep 0.1
			n=$((n + 1))
		done
		return 1
	}
	wait_for "Teams" && tm send-keys 4 && wait_for "Day sheet ·"
	tm send-keys 1 2 3
	wait_for "123_"
	"$KPITOP" --db "$DB" add --manager "Менеджер 03" deals=7777 >/dev/null
	if wait_for " 7777" 15; then pass "a value saved by another process appears in the open sheet"; else fail "a value saved by another process appears in the open sheet"; diag "$(cat "$T/pane")"; fi
	if grep -q "123_" "$T/pane"; then pass "the half-typed cell survives the refresh"; else fail "the half-typed cell survives the refresh"; fi
	tm send-keys Enter
	wait_for "saved Calls" 30
	expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls' AND day='2026-11-20' AND channel='phone'")" "123" "and then saves"

	# Another program holds the write lock: the save waits, the message
	# line says why, and the value lands once the lock is free.
	hold_lock
	tm send-keys 4 5 6 Enter
	if wait_for "waiting for the database: another program is writing to it" 200; then
		pass "a save behind another writer's lock says it is waiting"
	else
		fail "a save behind another writer's lock says it is waiting"
		diag "$(cat "$T/pane")"
	fi
	expect_eq "$(sql "SELECT count(*) FROM entries WHERE manager='Менеджер 02' AND metric='calls' AND day='2026-11-20' AND value=456")" \
		"0" "nothing is saved while the lock is held"
	release_lock
	if wait_for "saved Calls" 50 && ! grep -q "waiting for the database" "$T/pane"; then
		pass "once the lock is free the save goes through and the message says so"
	else
		fail "once the lock is free the save goes through and the message says so"
		diag "$(cat "$T/pane")"
	fi
	expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 02' AND metric='calls' AND day='2026-11-20' AND channel='phone'")" \
		"456" "the value typed during the wait is saved"

	# The salesperson whose card is open is archived elsewhere: the card
	# closes and says why, instead of showing the next person.
	tm send-keys Escape 2
	wait_for "kpitop · Managers"
	tm send-keys / Z o e Enter Enter
	wait_for "Zoe — manager" 30
	"$KPITOP" --db "$DB" manager archive Zoe
	if wait_for "the row of the open card is gone" 30 && ! grep -q " — manager" "$T/pane"; then
		pass "a card whose row is archived meanwhile closes, saying why"
	else
		fail "a card whose row is archived meanwhile closes, saying why"
		diag "$(cat "$T/pane")"
	fi
	"$KPITOP" --db "$DB" manager unarchive Zoe

	# The row being typed in is archived meanwhile: the value must not
	# slide into the neighbour's cell.
	tm send-keys 4
	wait_for "Day sheet ·" 30
	tm send-keys /
	tm send-keys -l "Менеджер 10"
	tm send-keys Enter 6 6
	wait_for "Менеджер 10  *66_" 30
	"$KPITOP" --db "$DB" manager archive "Менеджер 10"
	if wait_for "the cell being typed is gone" 30 && ! grep -q "66_" "$T/pane"; then
		pass "a row archived under a value being typed: the value is dropped, saying so"
	else
		fail "a row archived under a value being typed: the value is dropped, saying so"
		diag "$(cat "$T/pane")"
	fi
	tm send-keys Enter
	sleep 0.3
	expect_eq "$(sql "SELECT count(*) FROM entries WHERE value = 66")" "0" \
		"and nothing of it is saved anywhere"
	"$KPITOP" --db "$DB" manager unarchive "Менеджер 10"
	tm kill-server 2>/dev/null

	# A save that times out behind another writer: the keys typed during
	# the wait (meant for the next cells) are dropped, not added to it.
	printf '[database]\nbusy_timeout_ms = 400\n' >"$T/short.ini"
	sock="kpitop-grid2-$$" # a new server: the old one may still be going away
	dashboard --config "'$T/short.ini'"
	wait_for "Teams" && tm send-keys 4 && wait_for "Day sheet ·"
	before=$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls' AND day='2026-11-20' AND channel='phone'")
	hold_lock
	tm send-keys 8 Enter 1 Enter
	if wait_for "not saved: .*stayed busy" 50 && grep -q "^Менеджер 01  *8_" "$T/pane"; then
		pass "a save that timed out keeps its value; keys typed meanwhile are dropped"
	else
		fail "a save that timed out keeps its value; keys typed meanwhile are dropped"
		diag "$(cat "$T/pane")"
	fi
	release_lock
	tm send-keys Escape
	expect_eq "$(sql "SELECT value FROM entries WHERE manager='Менеджер 01' AND metric='calls' AND day='2026-11-20' AND channel='phone'")" \
		"$before" "and nothing was saved"

	# The Log, left and opened again later, opens on the newest change.
	tm send-keys Escape 6
	wait_for "^Log: " 30
	tm send-keys Escape
	wait_for "kpitop · Teams" 30
	"$KPITOP" --db "$DB" add --manager "Менеджер 04" leads=4321 >/dev/null
	sleep 1
	tm send-keys 6
	if wait_for "Leads: 4 → 4321" 30 || wait_for "Leads: .* → 4321" 10; then
		pass "the Log opened again shows the newest change selected"
	else
		fail "the Log opened again shows the newest change selected"; diag "$(cat "$T/pane")"
	fi
	tm kill-server 2>/dev/null
fi
done_testing
