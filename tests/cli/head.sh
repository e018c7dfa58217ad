#!/bin/sh
# head: a team's head (SPEC 3).  `team head TEAM MANAGER` sets it, `--none`
# clears it, a salesperson of another team or an archived one is refused;
# `team list` ends with "head NAME"; a schema-2 file gains team.head_id on
# open, keeps its data and views, and takes a head.
. "$TESTLIB"

kp init
kp team add Sales
kp team add Support
kp manager add "Анна Петрова" --team Sales
kp manager add Bob --team Sales
kp manager add Carl --team Support

kp team head Sales "Анна Петрова"
expect_rc 0 "team head sets the head"
expect_eq "$(sql "SELECT m.name FROM team t JOIN manager m ON m.id = t.head_id WHERE t.name = 'Sales'")" \
	"Анна Петрова" "team.head_id names her"
kp team list
expect_out "^Sales	2 managers	head Анна Петрова$" "team list ends with the head"
expect_out "^Support	1 manager$" "a team without a head has no head field"

kp team head Sales Carl
expect_rc 1 "a manager of another team is refused"
expect_err "Carl is not a manager of team Sales" "and the message says why"
kp manager archive Bob
kp team head Sales Bob
expect_rc 1 "an archived manager is refused"
expect_err "Bob is archived" "and the message says so"
kp team head Sales Nobody
expect_rc 1 "an unknown manager is refused"
kp team head Nowhere Bob
expect_rc 1 "an unknown team is refused"
expect_eq "$(sql "SELECT head_id FROM team WHERE name = 'Sales'")" \
	"$(sql "SELECT id FROM manager WHERE name = 'Анна Петрова'")" "refusals change nothing"

kp team head Sales
expect_rc 2 "team head without a manager is a usage error"
kp team head Sales Bob --none
expect_rc 2 "--none with a manager is a usage error"
kp manager list --none
expect_rc 2 "--none belongs to team head"
kp manager head Bob Sales
expect_rc 2 "head is a team action"

kp team head Sales --none
expect_rc 0 "team head --none"
expect_eq "$(sql "SELECT quote(head_id) FROM team WHERE name = 'Sales'")" "NULL" "clears head_id"
kp team list
expect_out "^Sales	1 manager$" "team list without the head"

# An archived head or one moved away no longer counts.
kp team head Support Carl
kp manager archive Carl
kp team list --all
expect_out "^Support	0 managers$" "an archived head is not listed"
kp manager unarchive Carl
kp team list
expect_out "^Support	1 manager	head Carl$" "unarchived, the head is back"
kp manager move Carl --team Sales
kp team list
expect_out "^Support	0 managers$" "a head moved to another team heads it no more"
expect_eq "$(sql "SELECT quote(head_id) FROM team WHERE name = 'Support'")" "NULL" \
	"the move clears head_id"
kp team archive Support
kp team list --all
expect_out "^Support	0 managers	archived$" "the head field comes after 'archived'"

kp team --help
expect_out "head NAME MANAGER" "team --help shows team head"
expect_out "head NAME --none" "and --none"
kpx --help
expect_out "team head NAME MANAGER\|--none" "kpitop --help lists team head"

# ---- a file of schema 2 is upgraded ----
DB="$T/v2.db"
"${SQLITE3:-sqlite3}" "$DB" <"$TESTDATA/schema2.sql"
expect_eq "$(sql "PRAGMA user_version")" 2 "the fixture is schema 2"
kp team list
expect_rc 0 "a read-only command, run by someone who may write the file, upgrades it first"
expect_out "^Sales" "and then reads it"
expect_eq "$(sql "PRAGMA user_version")" 3 "now schema 3"
kp init
expect_rc 0 "init on it after that changes nothing"
expect_eq "$(sql "SELECT count(*) FROM pragma_table_info('team') WHERE name = 'head_id'")" 1 \
	"team has head_id"
expect_eq "$(sql "SELECT count(*) FROM team WHERE head_id IS NULL")" 2 "no team has a head yet"
kp check
expect_rc 0 "check passes after the upgrade"
expect_out "^roll-ups: ok$" "roll-ups still agree"
expect_eq "$(sql "SELECT group_concat(manager || ' ' || metric || ' ' || value, ', ') FROM
	(SELECT * FROM entries ORDER BY day, manager, metric)")" \
	"Anna deals 2, Anna revenue 1500.0, Bob leads 5, Bob revenue 700.5" \
	"the entries view reads the old data"
expect_eq "$(sql "SELECT count(*) FROM daily_totals")" 4 "daily_totals works"
expect_eq "$(sql "SELECT completion_pct FROM monthly_kpi WHERE manager = 'Anna' AND metric = 'revenue'")" \
	15.0 "monthly_kpi works"
expect_eq "$(sql "SELECT count(*) FROM audit_log")" 5 "audit_log works"
kp team head Sales Anna
expect_rc 0 "the upgraded file takes a head"
kp team list
expect_out "^Sales	2 managers	head Anna$" "and lists it"
kp init
expect_out "database is up to date" "a second open does nothing"

done_testing
