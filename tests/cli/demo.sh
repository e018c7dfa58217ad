#!/bin/sh
# The demo company: deterministic, plausible, never the real database.
. "$TESTLIB"

kpx --demo report --format csv
expect_rc 0 "--demo report builds the demo database and reports"
demo="$XDG_DATA_HOME/kpitop/demo.db"
if [ -f "$demo" ]; then pass "demo database at \$XDG_DATA_HOME/kpitop/demo.db"; else fail "demo database at \$XDG_DATA_HOME/kpitop/demo.db"; fi
if [ -e "$XDG_DATA_HOME/kpitop/kpitop.db" ]; then fail "the real database is untouched"; else pass "the real database is untouched"; fi
q() { "${SQLITE3:-sqlite3}" -batch -noheader "$demo" "$1"; }
expect_eq "$(q "SELECT count(*) FROM team")" "3" "three teams"
n=$(q "SELECT count(*) FROM manager")
if [ "$n" -ge 12 ] && [ "$n" -le 16 ]; then pass "about 14 managers ($n)"; else fail "about 14 managers ($n)"; fi
expect_eq "$(q "SELECT count(*) > 0 FROM manager WHERE name GLOB '*[а-яА-Я]*'")" "1" "Russian names"
expect_eq "$(q "SELECT count(*) > 0 FROM manager WHERE name GLOB '[A-Z][a-z]* [A-Z]*'")" "1" "English names"
expect_eq "$(q "SELECT count(*) FROM channel")" "6" "six channels"
expect_eq "$(q "SELECT max(day) FROM entry")" "2026-11-20" "data up to today"
days=$(q "SELECT julianday(max(day)) - julianday(min(day)) FROM entry")
case $days in 11[0-9].0|12[0-9].0) pass "about 120 days ($days)";; *) fail "about 120 days ($days)";; esac
expect_eq "$(q "SELECT count(*) > 0 FROM plan WHERE month = '2026-11'")" "1" "plans for this month"
if [ "$(q "SELECT sum(value) FROM entries WHERE metric='leads'")" -gt "$(q "SELECT sum(value) FROM entries WHERE metric='deals'")" ]; then
	pass "more leads than deals"; else fail "more leads than deals"; fi
expect_eq "$(q "SELECT count(*) FROM entries WHERE strftime('%w', day) = '0'")" "0" "no entries on Sundays"

"${SQLITE3:-sqlite3}" "$demo" .dump >"$T/dump1"
rm -f "$demo"*
"$KPITOP" --db "$T/d2.db" init --demo >"$T/out" 2>"$T/err"
expect_eq "$?" "0" "init --demo fills a new database"
"${SQLITE3:-sqlite3}" "$T/d2.db" "SELECT * FROM entry ORDER BY 1,2,3,4" >"$T/e2"
"$KPITOP" --db "$T/d3.db" init --demo >/dev/null 2>&1
"${SQLITE3:-sqlite3}" "$T/d3.db" "SELECT * FROM entry ORDER BY 1,2,3,4" >"$T/e3"
if cmp -s "$T/e2" "$T/e3"; then pass "the demo is deterministic"; else fail "the demo is deterministic"; fi
"$KPITOP" --db "$T/d2.db" init --demo >"$T/out" 2>"$T/err"
expect_eq "$?" "1" "init --demo refuses a database that has teams"
# --demo followed by more arguments on the first run, when the demo database
# is built before the command runs (the command used to be lost: "unknown
# command '--demo'").
rm -rf "$XDG_DATA_HOME/kpitop"
kpx --no-color --demo report --format csv
expect_rc 0 "first run: --no-color --demo report"
expect_out '^name,' "first run: the report follows the demo's creation"
expect_err 'demo company added' "first run: the demo database was built"
if grep -q "unknown command" "$T/err"; then fail "first run: no 'unknown command'"; else pass "first run: no 'unknown command'"; fi
rm -rf "$XDG_DATA_HOME/kpitop"
printf '<dump>' >"$T/keys"
kpx --demo --keys "$T/keys" --dump "$T/dump" --size 80x24
expect_rc 0 "first run: --demo --keys FILE opens the scripted dashboard"
if grep -q 'Teams' "$T/dump" 2>/dev/null; then pass "first run: --demo --keys draws the dashboard"; else fail "first run: --demo --keys draws the dashboard"; diag "$(head -c 400 "$T/err")"; fi
done_testing
