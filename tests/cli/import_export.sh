#!/bin/sh
# import/export: RFC 4180, idempotent, all or nothing with file:line errors,
# export -> import -> export byte for byte.
. "$TESTLIB"

cat >"$T/in.csv" <<'CSV'
date,team,manager,channel,calls,leads,meetings,proposals,deals,revenue
2026-11-02,Москва,Анна Смирнова,phone,40,8,4,3,2,150000.50
2026-11-02,Москва,Анна Смирнова,website,,5,,,1,99000
2026-11-02,Regions,"Smith, John",phone,30,6,3,2,1,45000
2026-11-03,Regions,"Smith, John",walk-in,,,,,1,"12000.05"
2026-11-03,"Online ""Direct""",Mike Johnson,email,12,3,1,1,0,0
CSV

kp init
kp import "$T/in.csv"
expect_rc 1 "unknown names are refused without --create"
expect_err "in.csv:2: unknown team 'Москва' \(use --create" "the error names file:line and why"
expect_err "nothing imported" "and says nothing was imported"
expect_eq "$(sql "SELECT count(*) FROM entry")" "0" "nothing was imported"

kp import --create "$T/in.csv"
expect_rc 0 "import --create"
expect_out "5 rows, 23 values set, 23 changed" "import reports rows and values"
expect_eq "$(sql "SELECT count(*) FROM entry")" "23" "23 entries"
expect_eq "$(sql "SELECT sum(value) FROM entries WHERE metric='revenue'")" "306000.55" "revenue sum"
expect_eq "$(sql "SELECT count(*) FROM manager")" "3" "three managers created"
expect_eq "$(sql "SELECT name FROM team WHERE name LIKE 'Online%'")" 'Online "Direct"' "quoted quotes unescaped"

kp import --create "$T/in.csv"
expect_rc 0 "a second import succeeds"
expect_out "23 values set, 0 changed" "a second import changes nothing (idempotent)"
expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "23 30600178" "same totals after importing twice"

kp export "$T/out1.csv"
expect_rc 0 "export to a file"
head -1 "$T/out1.csv" | tr -d '\r' >"$T/hdr"
expect_eq "$(cat "$T/hdr")" "date,team,manager,channel,calls,leads,meetings,proposals,deals,revenue" "export header"
expect_eq "$(grep -c '' "$T/out1.csv")" "6" "header and five rows"
if grep -q '^2026-11-02,Regions,"Smith, John",phone,30,6,3,2,1,45000.00' "$T/out1.csv"; then pass "quoted name and money with two decimals"; else fail "quoted name and money with two decimals"; diag "$(cat "$T/out1.csv")"; fi

DB2="$T/kp2.db"
"$KPITOP" --db "$DB2" init >/dev/null
"$KPITOP" --db "$DB2" import --create "$T/out1.csv" >"$T/out" 2>"$T/err"
expect_eq "$?" "0" "the export imports into a new database"
"$KPITOP" --db "$DB2" export "$T/out2.csv"
if cmp -s "$T/out1.csv" "$T/out2.csv"; then pass "export -> import -> export is byte-identical"; else fail "export -> import -> export is byte-identical"; diag "$(diff "$T/out1.csv" "$T/out2.csv")"; fi

kp export --from 2026-11-03 --to 2026-11-03
expect_eq "$(grep -c '^2026-11-03' "$T/out")" "2" "export --from/--to limits the days"
kp export --from 2026-11-31
expect_rc 2 "export with a bad date is a usage error"

# All or nothing: a bad row late in the file.
before=$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")
check_bad_csv() { # DESC LINE-REGEX CSV-BODY
	printf 'date,team,manager,channel,calls,revenue\n%s\n' "$3" >"$T/bad.csv"
	kp import --create "$T/bad.csv"
	expect_rc 1 "$1: refused"
	expect_err "bad.csv:$2" "$1: file:line and why"
	expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "$before" "$1: nothing imported"
}
check_bad_csv "letters in a count" "3: calls 'abc': not a whole number" "2026-11-05,Regions,New Guy,phone,5,1
2026-11-05,Regions,New Guy,phone,abc,1"
check_bad_csv "three decimals" "2: revenue '1.005': more than two decimals" "2026-11-05,Regions,New Guy,phone,5,1.005"
check_bad_csv "a negative value" "2: calls '-1'" "2026-11-05,Regions,New Guy,phone,-1,"
check_bad_csv "an invalid date" "2: '2026-02-30' is not a valid date" "2026-02-30,Regions,New Guy,phone,1,"
check_bad_csv "a short row" "2: 5 fields, the header has 6" "2026-11-05,Regions,New Guy,phone,1"
check_bad_csv "an unterminated quote" "2: " '2026-11-05,Regions,"New Guy,phone,1,'
check_bad_csv "a manager in another team" "2: manager 'Mike Johnson' is in team" "2026-11-05,Regions,Mike Johnson,phone,1,"
check_bad_csv "a decimal comma in CSV" "2: revenue" '2026-11-05,Regions,New Guy,phone,1,"1,5"'
expect_eq "$(sql "SELECT count(*) FROM manager WHERE name='New Guy'")" "0" "refused imports create no names"

# write_csv FILE ROW...: $T/FILE with the header of check_bad_csv and the rows.
write_csv() {
	_f=$1
	shift
	{ echo 'date,team,manager,channel,calls,revenue'; printf '%s\n' "$@"; } >"$T/$_f"
}

# A second row for the same day, manager and channel would overwrite the
# first: it is a bad row, reported with the line it repeats.
write_csv dup.csv \
	'2026-11-07,Regions,"Smith, John",email,7,2500.5' \
	'2026-11-07,Regions,"Smith, John",phone,1,' \
	'2026-11-07,Regions,"Smith, John",email,8,2600' \
	'2026-11-08,Regions,"Smith, John",email,8,2600'
kp import "$T/dup.csv"
expect_rc 1 "a repeated day, manager and channel is refused"
expect_err "^kpitop: [^ ]*dup.csv:4: another row for the same day, manager and channel as line 2$" \
	"the repeat names its line and the first one's"
expect_err "dup.csv: nothing imported" "and nothing is imported"
expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "$before" "a repeated row: the database is unchanged"
expect_eq "$(sql "SELECT count(*) FROM entry WHERE day >= '2026-11-07'")" "0" "not even the rows before the repeat"
# Names made by --create: the same new name twice is the same salesperson.
write_csv dup.csv \
	'2026-11-03,Sales,Иван Петров,email,7,2500.5' \
	'2026-11-03,Sales,Иван Петров,fax,7,2500.5' \
	'2026-11-03,Sales,Иван Петров,email,8,2600'
kp import --create "$T/dup.csv"
expect_rc 1 "a repeat among names made by --create is refused"
expect_err "dup.csv:4: another row for the same day, manager and channel as line 2" \
	"the repeat of a new name is found"
expect_eq "$(sql "SELECT count(*) FROM manager WHERE name='Иван Петров'")" "0" "the refused import made no manager"
expect_eq "$(sql "SELECT count(*) FROM team WHERE name='Sales'") $(sql "SELECT count(*) FROM channel WHERE name='fax'")" \
	"0 0" "nor team or channel"
expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "$before" "a repeat of a new name: the database is unchanged"

# One run reports every problem of a file, in line order: format errors,
# unknown names and repeats alike.
write_csv many.csv \
	'2026-11-08,Regions,"Smith, John",phone,abc,1' \
	'2026-11-08,Regions,Nobody,phone,1,1' \
	'2026-11-08,Regions,"Smith, John",fax,1,1' \
	'2026-11-08,Nowhere,"Smith, John",website,1,1' \
	'2026-11-08,Москва,"Smith, John",email,1,1' \
	'2026-11-31,Regions,"Smith, John",phone,1,1' \
	'2026-11-09,Regions,"Smith, John",phone,1' \
	'2026-11-09,Regions,"Smith, John",phone,1,1' \
	'2026-11-09,Regions,"Smith, John",phone,2,2'
kp import "$T/many.csv"
expect_rc 1 "a file with many problems is refused"
expect_eq "$(sed -n 's/^kpitop: .*many\.csv:\([0-9]*\): .*/\1/p' "$T/err" | tr '\n' ' ')" "2 3 4 5 6 7 8 10 " \
	"every problem is reported, in line order"
expect_err "many.csv:2: calls 'abc': not a whole number" "a bad number"
expect_err "many.csv:3: unknown manager 'Nobody' \(use --create" "an unknown manager after a format error"
expect_err "many.csv:4: unknown channel 'fax'" "an unknown channel after an unknown manager"
expect_err "many.csv:5: unknown team 'Nowhere'" "an unknown team"
expect_err "many.csv:6: manager 'Smith, John' is in team 'Regions', not 'Москва'" "a salesperson in the wrong team"
expect_err "many.csv:7: '2026-11-31' is not a valid date" "a bad date after unknown names"
expect_err "many.csv:8: 5 fields, the header has 6" "a short row"
expect_err "many.csv:10: another row for the same day, manager and channel as line 9" "a repeat"
expect_eq "$(tail -n 1 "$T/err")" "kpitop: $T/many.csv: nothing imported" "then: nothing imported"
expect_eq "$(grep -c '' "$T/err")" "9" "eight problems and the last line"
expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "$before" "many problems: the database is unchanged"

# More than ten: the first ten, then a note that there are more.
{
	echo 'date,team,manager,channel,calls,revenue'
	for i in 1 2 3 4 5 6; do
		echo "2026-11-1$i,Regions,Nobody $i,phone,1,1"
		echo "2026-11-1$i,Regions,\"Smith, John\",phone,$i.5,1"
	done
} >"$T/cap.csv"
kp import "$T/cap.csv"
expect_rc 1 "a file with twelve problems is refused"
expect_eq "$(sed -n 's/^kpitop: .*cap\.csv:\([0-9]*\): .*/\1/p' "$T/err" | tr '\n' ' ')" "2 3 4 5 6 7 8 9 10 11 " \
	"the first ten problems are shown"
expect_err "cap.csv:10: unknown manager 'Nobody 5'" "unknown names count among the ten"
expect_err "cap.csv: more errors not shown" "more than ten says so"
expect_eq "$(tail -n 1 "$T/err")" "kpitop: $T/cap.csv: nothing imported" "and ends with: nothing imported"

# A good file still imports: one row per day, manager and channel.
write_csv good.csv \
	'2026-11-07,Regions,"Smith, John",email,7,2500.5' \
	'2026-11-07,Regions,"Smith, John",phone,1,' \
	'2026-11-08,Regions,"Smith, John",email,8,2600' \
	'2026-11-07,"Online ""Direct""",Mike Johnson,email,3,100'
kp import "$T/good.csv"
expect_rc 0 "a file without problems imports"
expect_out "4 rows, 7 values set, 7 changed" "its summary"
expect_eq "$(cat "$T/err")" "" "and says nothing on stderr"
expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-07' AND manager='Smith, John' AND channel='email' AND metric='revenue'")" \
	"2500.5" "its values arrived"
before=$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")

printf 'date,team,manager,channel,frogs\n' >"$T/badhdr.csv"
kp import "$T/badhdr.csv"
expect_err "badhdr.csv:1: unknown column 'frogs'" "an unknown column is named with file:1"
printf 'date,manager,channel,calls\n' >"$T/badhdr.csv"
kp import "$T/badhdr.csv"
expect_err "badhdr.csv:1: missing column 'team'" "a missing column is named"
: >"$T/empty.csv"
kp import "$T/empty.csv"
expect_rc 1 "an empty file is refused"
kp import "$T/nonexistent.csv"
expect_rc 1 "a missing file is refused"
expect_err "nonexistent.csv: No such file" "and named"
head -c 3000 /dev/urandom >"$T/binary.csv"
kp import "$T/binary.csv"
expect_rc 1 "a binary file is refused"

# CRLF, BOM and stdin
printf '\357\273\277date,team,manager,channel,calls\r\n2026-11-06,Regions,"Smith, John",phone,77\r\n' | \
	"$KPITOP" --db "$DB" import - >"$T/out" 2>"$T/err"
expect_eq "$?" "0" "import from stdin with a BOM and CRLF"
expect_eq "$(sql "SELECT value FROM entries WHERE day='2026-11-06'")" "77" "the value arrived"
# Archived salespeople: rows that repeat stored values import (an export of
# the database imports back), new numbers are refused as add refuses them.
kp manager archive "Анна Смирнова"
kp export "$T/arch.csv"
kp import "$T/arch.csv"
expect_rc 0 "an export with an archived salesperson imports back"
expect_out "0 changed" "and changes nothing"
before=$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")
printf 'date,team,manager,channel,calls\n2026-11-06,Regions,"Smith, John",phone,78\n2026-11-02,Москва,Анна Смирнова,phone,41\n' >"$T/arch2.csv"
kp import "$T/arch2.csv"
expect_rc 1 "a changed value for an archived salesperson is refused"
expect_err "arch2.csv:3: manager 'Анна Смирнова' is archived" "with file:line and why"
expect_err "arch2.csv: nothing imported" "and the whole file is refused"
printf 'date,team,manager,channel,calls\n2026-11-10,Москва,Анна Смирнова,phone,5\n' >"$T/arch3.csv"
kp import "$T/arch3.csv"
expect_rc 1 "a new day for an archived salesperson is refused"
expect_eq "$(sql "SELECT count(*) || ' ' || sum(value) FROM entry")" "$before" "nothing was imported"
kp manager unarchive "Анна Смирнова"
kp import "$T/arch2.csv"
expect_rc 0 "after unarchive the same file imports"
done_testing
