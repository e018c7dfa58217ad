#!/bin/sh
# team|manager|channel|metric add|rename|archive|unarchive|list; backup; check.
. "$TESTLIB"

kp init
kp team add Sales
expect_rc 0 "team add"
kp team add Sales
expect_rc 1 "a duplicate team is refused"
expect_err "already exists" "with a clear message"
kp team add "$(printf 'Evil\033[2J')"
expect_rc 1 "a name with an escape sequence is refused"
kp team add Support
kp team rename Support "Служба поддержки"
expect_rc 0 "team rename to Cyrillic"
kp team list
expect_out "^Служба поддержки	0 managers$" "team list shows the new name"

kp manager add "Анна" --team Sales
expect_rc 0 "manager add"
kp manager add Bob
expect_rc 2 "manager add needs --team"
kp manager add Bob --team Nowhere
expect_rc 1 "manager add with an unknown team is refused"
kp manager add Bob --team Sales
kp manager move Bob --team "Служба поддержки"
expect_rc 0 "manager move"
kp manager list
expect_out "^Bob	Служба поддержки$" "manager list shows the team"
kp manager archive Bob
expect_rc 0 "manager archive"
kp manager list
if grep -q Bob "$T/out"; then fail "archived managers are hidden"; else pass "archived managers are hidden"; fi
kp manager list --all
expect_out "^Bob	Служба поддержки	archived$" "list --all shows them marked"
kp add --manager Bob calls=1
expect_rc 1 "no entries for an archived manager"
kp manager unarchive Bob
kp add --manager Bob calls=1
expect_rc 0 "unarchive brings them back"
kp manager rename Ghost Casper
expect_rc 1 "renaming an unknown manager fails"
expect_err "no manager named 'Ghost'" "and says so"

kp channel list
expect_eq "$(tr '\n' ' ' <"$T/out")" "phone website instagram whatsapp email walk-in " "six default channels in order"
kp channel add telegram
kp channel archive instagram
kp channel list
expect_eq "$(tr '\n' ' ' <"$T/out")" "phone website whatsapp email walk-in telegram " "channels added and archived"

kp metric add lost --label "Lost deals"
expect_rc 0 "metric add"
kp metric add missed_calls --label "Missed calls"
kp metric add Bad-Key
expect_rc 1 "an invalid metric key is refused"
expect_err "a-z" "with the rule"
kp metric add date
expect_rc 1 "a metric named like a CSV column is refused"
kp metric add bonus_pool --money --label "Bonus pool"
kp metric list
expect_out "^lost	Lost deals	count$" "metric list shows a custom count metric"
expect_out "^bonus_pool	Bonus pool	money$" "and a money metric"
expect_out "^leads	Leads	count	funnel 1$" "and funnel positions"
kp add --manager Bob lost=2 bonus_pool=10.25
expect_rc 0 "custom metrics take values"
kp export
expect_out "^date,team,manager,channel,calls,leads,meetings,proposals,deals,revenue,lost,missed_calls,bonus_pool" \
	"export has a column per metric"
kp team frobnicate
expect_rc 2 "an unknown action is a usage error"
kp team rename Sales
expect_rc 2 "a missing argument is a usage error"

kp backup "$T/backup.db"
expect_rc 0 "backup"
expect_eq "$("${SQLITE3:-sqlite3}" "$T/backup.db" "PRAGMA integrity_check")" "ok" "the backup passes integrity_check"
expect_eq "$("${SQLITE3:-sqlite3}" "$T/backup.db" "SELECT count(*) FROM manager")" "2" "the backup holds the data"
kp backup "$T/backup.db"
expect_rc 1 "backup never overwrites"
kp backup "$T/no/such/dir/b.db"
expect_rc 1 "backup into a missing directory fails"
# The backup file's mode follows [database] umask, as the database's does
# (SQLite alone would make it 0644 whatever the umask).
kp backup "$T/b-default.db"
expect_eq "$(stat -c %a "$T/b-default.db")" "664" "a backup gets 0666 less the default umask 0002"
printf '[database]\numask = 0027\n' >"$T/umask.ini"
kp --config "$T/umask.ini" backup "$T/b-0027.db"
expect_eq "$(stat -c %a "$T/b-0027.db")" "640" "a backup gets 0666 less the configured umask"

kp check
expect_rc 0 "check"
expect_out "^integrity: ok$" "check reports integrity"
expect_out "^schema: 3$" "check reports the schema version"
expect_out "^journal: wal$" "check reports WAL"
expect_out "^managers: 2$" "check counts"
expect_out "^roll-ups: ok$" "check compares the roll-ups with the entries"

# Roll-ups that disagree with the entries (kpitop and the triggers never
# do this; a program writing entry_sum could) fail the check.
kp add --date 2026-11-20 --manager Bob calls=40 deals=3
kp add --date 2026-10-31 --manager Bob --channel website leads=9
sql "INSERT INTO entry VALUES ('2026-11-21', (SELECT id FROM manager WHERE name = 'Bob'),
	1, (SELECT id FROM metric WHERE key = 'calls'), 7)"
kp check
expect_rc 0 "check: entries written by kpitop and by sqlite3 keep the roll-ups exact"
expect_out "^roll-ups: ok$" "check: roll-ups ok after both kinds of write"
sql "UPDATE entry_sum SET value = value + 1 WHERE period = '2026-11'
	AND metric_id = (SELECT id FROM metric WHERE key = 'calls')"
kp check
expect_rc 1 "check fails when a roll-up disagrees"
expect_err "integrity check failed: [0-9]+ roll-up rows .* disagree with the entries" \
	"check names the roll-ups"
# The last active channel stays: every entry names one.
D2="$T/channels.db"
"$KPITOP" --db "$D2" init >/dev/null
for c in phone website instagram whatsapp email; do "$KPITOP" --db "$D2" channel archive "$c"; done
"$KPITOP" --db "$D2" channel archive walk-in >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "archiving the last active channel is refused"
expect_err "the last active channel cannot be archived" "saying why"
expect_eq "$("$KPITOP" --db "$D2" channel list)" "walk-in" "and it stays active"

# An archived salesperson takes no plan, as they take no entries.
"$KPITOP" --db "$D2" team add T && "$KPITOP" --db "$D2" manager add Gone --team T
"$KPITOP" --db "$D2" manager archive Gone
"$KPITOP" --db "$D2" plan --month 2026-11 --manager Gone revenue=5 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "plan for an archived salesperson is refused"
expect_err "manager 'Gone' is archived" "saying they are archived"

# A team with active salespeople stays: they would count in TOTAL under no
# team row.
"$KPITOP" --db "$D2" manager add Here --team T
"$KPITOP" --db "$D2" team archive T >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "a team with active salespeople cannot be archived"
expect_err "T: 1 active salesperson is in this team; move or archive them first" "saying how many and what to do"
# An archived channel takes no entries, as an archived salesperson.
"$KPITOP" --db "$D2" channel add web
"$KPITOP" --db "$D2" channel archive web
"$KPITOP" --db "$D2" add --manager Here --channel web calls=1 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "add to an archived channel is refused"
expect_err "channel 'web' is archived" "saying so"

# Two archives racing for the last two channels: the check runs under the
# write lock, so one of them must lose.
D3="$T/race.db"
"$KPITOP" --db "$D3" init >/dev/null
for c in website instagram whatsapp email; do "$KPITOP" --db "$D3" channel archive "$c"; done
DB_SAVE=$DB DB=$D3
hold_lock
"$KPITOP" --db "$D3" channel archive phone >/dev/null 2>&1 &
p1=$!
"$KPITOP" --db "$D3" channel archive walk-in >/dev/null 2>&1 &
p2=$!
sleep 0.3
release_lock
wait "$p1"; wait "$p2"
DB=$DB_SAVE
expect_eq "$("$KPITOP" --db "$D3" channel list | wc -l | tr -d ' ')" "1" \
	"two racing archives of the last two channels leave one active"

done_testing
