#!/bin/sh
# Files that are not (or no longer) a usable kpitop database: one clear line,
# exit status 1, no crash.
. "$TESTLIB"

check_bad() { # FILE REGEX DESC
	"$KPITOP" --db "$1" report >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 "$3: exit status 1"
	expect_err "$2" "$3: says why"
	one_line_err "$3: one line"
}

head -c 8192 /dev/urandom >"$T/random.db"
check_bad "$T/random.db" "not a kpitop database" "random bytes"

printf 'date,team,manager\n2026-01-01,a,b\n' >"$T/text.db"
check_bad "$T/text.db" "not a kpitop database" "a text file"

check_bad "$T/nodir/kp.db" "directory .*nodir does not exist" "a missing directory"

# A zero-byte file (a failed copy, a touch): no command but init turns it
# into an empty database.
: >"$T/zero.db"
check_bad "$T/zero.db" "an empty file, not a database \(to make it one: kpitop --db .*zero.db init\)" \
	"a zero-byte file"
for args in "team add X" "add --manager X calls=1" "check"; do
	# shellcheck disable=SC2086
	"$KPITOP" --db "$T/zero.db" $args >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 "a zero-byte file: '$args' refused"
done
printf '' >"$T/keys"
"$KPITOP" --db "$T/zero.db" --keys "$T/keys" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "a zero-byte file: the dashboard refuses it"
expect_eq "$(wc -c <"$T/zero.db" | tr -d ' ')" "0" "and the file is still empty"
"$KPITOP" --db "$T/zero.db" init >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "init makes it a database"
"$KPITOP" --db "$T/zero.db" check >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "which then opens"

kp init >/dev/null
sql "PRAGMA user_version = 42"
check_bad "$DB" "newer kpitop \(schema 42" "a newer schema"

rm -f "$DB"*
kp init
"${SQLITE3:-sqlite3}" "$DB" "CREATE TABLE x (a); PRAGMA user_version = 0;" 2>/dev/null
"${SQLITE3:-sqlite3}" "$T/other.db" "CREATE TABLE t (a)"
check_bad "$T/other.db" "not a kpitop database" "another program's database"

check_bad "$T" "is a directory" "a directory as --db"

# A database whose pages are damaged after the header.
rm -f "$DB"*
kp init
kp team add Sales
"${SQLITE3:-sqlite3}" "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
dd if=/dev/urandom of="$DB" bs=1 seek=4096 count=4096 conv=notrunc 2>/dev/null
"$KPITOP" --db "$DB" check >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "a damaged database: check exits 1"
if [ "$(wc -l <"$T/err")" -le 2 ] && grep -q "corrupt\|integrity\|malformed" "$T/err"; then
	pass "a damaged database: a short clear error"
else
	fail "a damaged database: a short clear error"; diag "$(cat "$T/err")"
fi
done_testing
