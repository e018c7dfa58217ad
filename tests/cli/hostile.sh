#!/bin/sh
# Hostile and broken environments: a full disk, huge values, very long
# names, escape sequences in names, the database deleted or replaced under
# a running dashboard.
. "$TESTLIB"
export TERM=xterm-256color

kp init
kp team add Sales
kp manager add Anna --team Sales

# Huge values: the largest count and amount a cell holds.
kp add --manager Anna calls=999999999999999 revenue=9999999999999.99
expect_rc 0 "the largest values are accepted"
kp report --view managers --format csv
expect_rc 0 "and reported"
expect_out "^Anna,999999999999999,.*9999999999999.99" "without losing a digit"
kp report
expect_rc 0 "the text report copes with them"
printf '<dump>2<dump>' >"$T/keys"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" >/dev/null 2>&1
expect_eq "$?" "0" "so does the dashboard"

# Very long names (the longest kpitop accepts, and longer ones written by
# another tool).
long="$(printf 'Долгое имя %.0s' 1 2 3 4 5 6 7 8 9 10 11 12)конец"
kp manager add "$long" --team Sales
expect_rc 0 "a long Cyrillic name is accepted"
kp manager add "$(printf 'x%.0s' $(seq 1 201))" --team Sales
expect_rc 1 "a name over 200 characters is refused"
expect_err "too long" "with a reason"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" --size 80x24 >/dev/null 2>&1
too_wide=$(python3 -c 'import sys
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    w = max(w, len(line.rstrip("\n")))
print(w > 80)' "$T/screen" 2>/dev/null || echo skip)
expect_eq "$too_wide" "False" "long names are cut to the screen"

# Escape sequences in names written by another tool are never sent raw.
sql "INSERT INTO team (name) VALUES ('Evil' || char(27) || '[2J' || char(7))"
sql "INSERT INTO manager (name, team_id) VALUES ('Mallory' || char(27) || ']0;pwned' || char(7), (SELECT max(id) FROM team))"
kp add --manager "Anna" leads=1
for what in "team list" "manager list" "report" "report --view managers" "log"; do
	# shellcheck disable=SC2086
	"$KPITOP" --db "$DB" $what >"$T/out" 2>&1
	if grep -q "$(printf '\033')" "$T/out"; then fail "$what: no raw ESC"; else pass "$what: no raw ESC"; fi
done
kp team list
expect_out 'Evil\\x1b\[2J\\x07' "the escape is shown escaped"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/screen" >/dev/null 2>&1
if grep -q "$(printf '\033')" "$T/screen"; then fail "the dashboard shows no raw ESC"; else pass "the dashboard shows no raw ESC"; fi
if grep -q 'Evil\\x1b' "$T/screen"; then pass "the dashboard shows it escaped"; else fail "the dashboard shows it escaped"; fi
printf 'date,team,manager,channel,calls\n2026-11-20,Sales,"Bad\033[31m",phone,1\n' >"$T/esc.csv"
kp import "$T/esc.csv"
if grep -q "$(printf '\033')" "$T/err"; then fail "import errors quote names escaped"; else pass "import errors quote names escaped"; fi

# A full disk: the write is refused with a clear message; nothing is lost.
if [ "$(id -u)" = 0 ] && mkdir -p "$T/small" && mount -t tmpfs -o size=600k tmpfs "$T/small" 2>/dev/null; then
	trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
	F="$T/small/kp.db"
	"$KPITOP" --db "$F" init >/dev/null && "$KPITOP" --db "$F" team add Sales &&
		"$KPITOP" --db "$F" manager add Anna --team Sales && "$KPITOP" --db "$F" add --manager Anna calls=5 >/dev/null
	dd if=/dev/zero of="$T/small/filler" bs=4k 2>/dev/null
	# A big import cannot fit.
	awk 'BEGIN { print "date,team,manager,channel,calls,leads,meetings,proposals,deals,revenue";
		for (d = 0; d < 3000; d++) printf "2026-%02d-%02d,Sales,Anna,phone,1,2,3,4,5,6\n", d % 12 + 1, d % 28 + 1 }' >"$T/big.csv"
	"$KPITOP" --db "$F" import "$T/big.csv" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 "a full disk: the import fails"
	expect_err "disk is full|nothing imported" "with a clear message"
	"$KPITOP" --db "$F" add --manager Anna --date 2026-11-19 calls=1 meetings=2 >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -ne 0 ]; then expect_err "disk is full" "a full disk: add says the disk is full"; else pass "a full disk: a small add still fit"; fi
	printf '4777<Enter><dump>' >"$T/keys"
	"$KPITOP" --db "$F" --keys "$T/keys" --dump "$T/screen" >/dev/null 2>&1
	expect_eq "$?" "0" "a full disk: the dashboard stays up"
	rm -f "$T/small/filler"
	expect_eq "$("$KPITOP" --db "$F" report --view managers --format csv | grep '^Anna' | cut -d, -f2)" "5" \
		"nothing committed was lost"
	"$KPITOP" --db "$F" check >/dev/null 2>&1
	expect_eq "$?" "0" "and the database passes check"
else
	diag "a full disk needs root and tmpfs: skipped"
fi

# The database deleted or replaced under a running dashboard.
if [ -n "${TMUX_BIN:-}" ]; then
	sock="kpitop-hostile-$$"
	tm() { "$TMUX_BIN" -L "$sock" "$@"; }
	trap 'tm kill-server 2>/dev/null; umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
	L="$T/live.db"
	"$KPITOP" --db "$L" init >/dev/null && "$KPITOP" --db "$L" team add Alpha
	"$KPITOP" --db "$L" manager add Ann --team Alpha
	"$KPITOP" --db "$T/other.db" init >/dev/null && "$KPITOP" --db "$T/other.db" team add Omega
	"$KPITOP" --db "$T/other.db" manager add Olga --team Omega
	tm -f /dev/null new-session -d -x 100 -y 30 \
		"env $TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' LANG=C.UTF-8 TERM=xterm-256color KPITOP_TODAY=$KPITOP_TODAY '$KPITOP' --db '$L'; echo EXIT=\$?; sleep 30"
	wait_for() {
		n=0
		while [ $n -lt "${2:-50}" ]; do
			tm capture-pane -p >"$T/pane" 2>/dev/null
			grep -q -- "$1" "$T/pane" && return 0
			sleep 0.1
			n=$((n + 1))
		done
		return 1
	}
	wait_for "Alpha"
	rm -f "$L" "$L-wal" "$L-shm"
	if wait_for "was deleted" 30; then pass "a deleted database is noticed"; else fail "a deleted database is noticed"; diag "$(cat "$T/pane")"; fi
	tm send-keys 2
	if wait_for "Managers" 30 && ! grep -q "EXIT=" "$T/pane"; then pass "and the dashboard stays up"; else fail "and the dashboard stays up"; fi
	if head -n 1 "$T/pane" | grep -q "file deleted"; then pass "the header says the file is deleted"
	else fail "the header says the file is deleted"; diag "$(cat "$T/pane")"; fi
	# A value typed now would go into the deleted file and vanish on quit.
	tm send-keys 4
	wait_for "Day sheet ·" 30
	tm send-keys 7 Enter
	if wait_for "not saved: the database file was deleted" 30; then pass "a save into the deleted file is refused, saying why"
	else fail "a save into the deleted file is refused, saying why"; diag "$(cat "$T/pane")"; fi
	if grep -q "^Ann  *7_" "$T/pane"; then pass "and the typed value stays in the cell"
	else fail "and the typed value stays in the cell"; diag "$(cat "$T/pane")"; fi
	tm send-keys Escape Escape 2
	wait_for "Managers" 30
	cp "$T/other.db" "$L"
	wait_for "was replaced" 30
	tm send-keys 1
	if wait_for "Omega" 30; then pass "a replaced database is shown"; else fail "a replaced database is shown"; diag "$(cat "$T/pane")"; fi
	# Replaced again, by a file that cannot be opened (a failed copy): the
	# connection is still the old file's, so nothing may be saved through it.
	mv "$L" "$T/old-inode.db"
	: >"$L"
	if wait_for "was replaced and cannot be opened" 30; then pass "a replacement that cannot be opened is said"
	else fail "a replacement that cannot be opened is said"; diag "$(cat "$T/pane")"; fi
	tm send-keys 4
	wait_for "Day sheet ·" 30
	tm send-keys 7 Enter
	if wait_for "not saved: the database file was replaced by one that cannot be opened" 30 &&
		head -n 1 "$T/pane" | grep -q "file unusable"; then
		pass "and a save is refused, the header saying the file is unusable"
	else
		fail "and a save is refused, the header saying the file is unusable"; diag "$(cat "$T/pane")"
	fi
	expect_eq "$(wc -c <"$L" | tr -d ' ')" "0" "the empty file is left alone"
	tm send-keys Escape Escape
	tm send-keys q
	wait_for "EXIT=0" 30 && pass "q still exits 0" || fail "q still exits 0"
	tm kill-server 2>/dev/null
fi
done_testing
