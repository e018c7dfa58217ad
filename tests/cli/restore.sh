#!/bin/sh
# restore: a backup put back while others keep working.  Exactly the
# backup's entries and plans afterwards (export, report, plan rows), check
# passes, the replaced data is kept, the log shows the restore and undo
# does not reach back past it; an older schema is upgraded and bad roll-ups
# rebuilt; a damaged database is replaced; a reader holding a snapshot (as
# a dashboard does) sees the old data until it ends and the backup's after,
# also once checkpointed; a writer holding the lock is waited for; refusals
# (not a database, corrupt, newer schema, another page size, no --yes
# without a terminal, the database itself, a database of a newer kpitop)
# are one line each with the documented status and change nothing; in tmux, the question on a terminal and a live dashboard showing
# the restored numbers within a second; a dashboard under a file moved over
# the database warns when the old -wal still held commits and points to
# kpitop restore.
. "$TESTLIB"

BK="$T/backup.db"

# snapshot NAME [DB]: what the data is, as scripts see it: export, the
# managers' year and the teams' month (plans prorated), the plan rows.
snapshot() {
	_db=${2:-$DB}
	"$KPITOP" --db "$_db" export >"$T/$1.export" 2>&1
	"$KPITOP" --db "$_db" report --view managers --period year --format csv >"$T/$1.report" 2>&1
	"$KPITOP" --db "$_db" report --view teams --format csv >>"$T/$1.report" 2>&1
	"${SQLITE3:-sqlite3}" -batch -noheader "$_db" "SELECT p.month, coalesce(t.name, ''),
		coalesce(m.name, ''), x.key, p.value FROM plan p LEFT JOIN team t ON t.id = p.team_id
		LEFT JOIN manager m ON m.id = p.manager_id JOIN metric x ON x.id = p.metric_id
		ORDER BY 1, 2, 3, 4" >"$T/$1.plans" 2>&1
}

# same A B DESC: snapshots A and B are equal.
same() {
	for _k in export report plans; do
		if ! cmp -s "$T/$1.$_k" "$T/$2.$_k"; then
			fail "$3"
			diag "$_k differs:" "$(diff "$T/$1.$_k" "$T/$2.$_k" | head -20)"
			return
		fi
	done
	pass "$3"
}

# A company, its backup, then work done after the backup.
kp init
kp team add Sales
kp team add Support
kp manager add Anna --team Sales
kp manager add Bob --team Support
kp add --date 2026-11-02 --manager Anna calls=10 deals=2 revenue=4321
kp add --date 2026-10-15 --manager Bob --channel website leads=4 deals=1 revenue=300.50
kp plan --month 2026-11 --manager Anna revenue=10000 deals=5
kp plan --month 2026-11 --team Support deals=12
kp backup "$BK"
expect_rc 0 "a backup of the company"
snapshot backup

after_backup() {
	kp add --date 2026-11-03 --manager Anna calls=99 deals=9 revenue=55555
	kp add --date 2026-11-02 --manager Anna calls=11
	kp plan --month 2026-11 --manager Bob revenue=5000
	kp manager add Carl --team Sales
	kp add --date 2026-11-04 --manager Carl deals=1
}
after_backup
snapshot changed

# ---- refusals: one line, the documented status, nothing changed ----

# refused STATUS REGEX DESC ARGS...: restore ARGS is refused like that and
# neither the data nor the directory changed.
refused() {
	_st=$1 _re=$2 _desc=$3
	shift 3
	ls "$T" | grep -E '\.db|-wal|-shm|before-restore' >"$T/ls.before"
	kp restore "$@" </dev/null
	expect_rc "$_st" "$_desc: exit status $_st"
	expect_err "$_re" "$_desc: says why"
	one_line_err "$_desc: in one line"
	snapshot now
	same changed now "$_desc: nothing changed"
	ls "$T" | grep -E '\.db|-wal|-shm|before-restore' >"$T/ls.after"
	expect_eq "$(diff "$T/ls.before" "$T/ls.after")" "" "$_desc: no file left behind"
}

printf 'date,team\n2026-11-02,Sales\n' >"$T/notdb.csv"
refused 1 "notdb.csv: not a kpitop database \(not an SQLite file\)" "not a database" --yes "$T/notdb.csv"
"${SQLITE3:-sqlite3}" "$T/other.db" "CREATE TABLE t (x); PRAGMA journal_mode = DELETE;" >/dev/null
refused 1 "other.db: not a kpitop database" "an SQLite file of another program" --yes "$T/other.db"
cp "$BK" "$T/corrupt.db"
printf 'garbage%.0s' $(seq 600) | dd of="$T/corrupt.db" bs=4096 seek=5 conv=notrunc 2>/dev/null
refused 1 "corrupt.db: damaged, not restored: " "a corrupt backup" --yes "$T/corrupt.db"
cp "$BK" "$T/newer.db"
"${SQLITE3:-sqlite3}" "$T/newer.db" "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;" >/dev/null
refused 1 "newer.db: written by a newer kpitop \(schema 99" "a backup of a newer schema" --yes "$T/newer.db"
{ echo "PRAGMA page_size = 1024;"; cat "$TESTDATA/schema2.sql"; } | "${SQLITE3:-sqlite3}" "$T/page1k.db"
refused 1 "page1k.db: its pages are 1024 bytes, the database's 4096; restore a copy converted with: sqlite3 COPY 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM'" \
	"a backup of another page size" --yes "$T/page1k.db"
refused 1 "No such file" "a missing file" --yes "$T/missing.db"
refused 1 "is the database itself" "the database itself" --yes "$DB"
refused 2 "needs --yes when standard input is not a terminal" "no --yes and no terminal" "$BK"
sql "PRAGMA user_version = 99"
kp restore --yes "$BK"
expect_rc 1 "a database of a newer kpitop is not replaced"
expect_err "kp.db: written by a newer kpitop \(schema 99" "and says so"
one_line_err "in one line"
sql "PRAGMA user_version = 3"
snapshot now
same changed now "and is unchanged"
kp restore
expect_rc 2 "restore without a FILE is a usage error"
kp restore --yes "$BK" "$BK"
expect_rc 2 "restore with two files is a usage error"
[ ! -e "$BK-wal" ] && [ ! -e "$BK-shm" ]
expect_eq "$?" 0 "checking a backup leaves no -wal or -shm beside it"

# ---- restore --yes ----
kp restore --yes --keep "$T/kept.db" "$BK"
expect_rc 0 "restore --yes"
expect_out "backup.db: restored \(entries: 6, plans: 3; the changes since the backup are gone; a backup of what was replaced is in .*/kept.db\)$" \
	"it says what it did"
snapshot restored
same backup restored "exactly the backup's entries and plans (export, reports, plans)"
kp check
expect_rc 0 "check passes afterwards"
expect_out "^roll-ups: ok$" "the roll-ups agree with the entries"
expect_out "^journal: wal$" "the database is still in WAL mode"
snapshot kept "$T/kept.db"
same changed kept "what was replaced is in the --keep file"
expect_eq "$(stat -c %a "$T/kept.db")" "664" "the kept copy gets 0666 less the umask"
kp log 2
expect_out "#[0-9]+ restore .*/backup.db$" "log shows the restore"
kp undo
expect_rc 1 "undo does not reach back past a restore"
expect_err "nothing of yours since restore #[0-9]+ \(.*backup.db\); undo does not reach back past a restore" \
	"and says so, naming the restore"

# Without --keep: beside the database, with a time stamp.
after_backup
kp restore --yes "$BK"
expect_rc 0 "restore without --keep"
kept=$(ls "$DB".before-restore-* 2>/dev/null | head -n 1)
if [ -n "$kept" ] && grep -qF "is in $kept)" "$T/out"; then
	pass "the replaced data is kept beside the database ($(basename "$kept"))"
else
	fail "the replaced data is kept beside the database"
	diag "$(cat "$T/out")" "$(ls "$T")"
fi
[ -n "$kept" ] && snapshot kept2 "$kept"
same changed kept2 "and holds what was replaced"

# ---- an older schema, roll-ups that disagree ----
"${SQLITE3:-sqlite3}" "$T/schema2.db" <"$TESTDATA/schema2.sql"
n2=$("${SQLITE3:-sqlite3}" "$T/schema2.db" "SELECT count(*) FROM entry")
kp restore --yes "$T/schema2.db"
expect_rc 0 "a backup of schema 2 is restored"
expect_out "schema2.db: schema 2 upgraded to 3" "and says it was upgraded"
kp check
expect_rc 0 "check passes after restoring schema 2"
expect_out "^schema: 3$" "the restored database has this kpitop's schema"
expect_out "^entries: $n2$" "with the backup's entries"
entries_view="SELECT * FROM entries ORDER BY day, manager, channel, metric"
expect_eq "$(sql "$entries_view")" "$("${SQLITE3:-sqlite3}" "$T/schema2.db" "$entries_view")" \
	"the entries are the backup's"

cp "$BK" "$T/badsums.db"
"${SQLITE3:-sqlite3}" "$T/badsums.db" "UPDATE entry_sum SET value = value + 1 WHERE period = '2026-11'"
kp restore --yes "$T/badsums.db"
expect_rc 0 "a backup whose roll-ups disagree is restored"
expect_out "roll-ups disagreed with its entries and were rebuilt" "and says they were rebuilt"
kp check
expect_rc 0 "check passes: the roll-ups were rebuilt"

# ---- a damaged database (what a restore may be for) ----
after_backup
snapshot changed
root=$(sql "SELECT rootpage FROM sqlite_master WHERE name = 'team'")
sql "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
printf 'garbage%.0s' $(seq 600) | dd of="$DB" bs=4096 seek=$((root - 1)) conv=notrunc 2>/dev/null
kp check
expect_rc 1 "a damaged database fails check"
kp restore --yes --keep "$T/damaged.db" "$BK"
expect_rc 0 "a damaged database is replaced by the backup"
snapshot repaired
same backup repaired "with exactly the backup's data"
kp check
expect_rc 0 "and passes check"
"$KPITOP" --db "$T/damaged.db" check >/dev/null 2>&1
expect_eq "$?" 1 "the damaged data is kept as it was"

# ---- a reader holding a snapshot (a dashboard mid-read, a report) ----
kp restore --yes "$BK"
after_backup
rm -f "$T/release"
{
	echo "BEGIN;"
	echo "SELECT 'before', count(*) FROM entry;"
	while [ ! -e "$T/release" ]; do sleep 0.05; done
	echo "SELECT 'after', count(*) FROM entry;"
	echo "COMMIT;"
} | "${SQLITE3:-sqlite3}" -batch "$DB" >"$T/reader.out" 2>&1 &
READER=$!
w=0
while [ $w -lt 600 ] && ! grep -q before "$T/reader.out"; do sleep 0.05; w=$((w + 1)); done
# More committed frames in the -wal that the reader keeps from the file.
kp add --date 2026-11-05 --manager Anna calls=5
snapshot changed
kp restore --yes "$BK"
expect_rc 0 "restore while another process holds a read transaction"
snapshot during
same backup during "the backup's data at once for everyone else"
touch "$T/release"
wait "$READER"
expect_eq "$(sed -n 's/^before|//p' "$T/reader.out")" "$(sed -n 's/^after|//p' "$T/reader.out")" \
	"the reader saw the old data until its transaction ended"
snapshot closed
same backup closed "the backup's data stays once that reader has closed"
sql "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
snapshot checkpointed
same backup checkpointed "and once the -wal is checkpointed into the file"
kp check
expect_rc 0 "check passes after all that"

# ---- a writer holding the lock: restore waits for it, like every write ----
after_backup
hold_lock
"$KPITOP" --db "$DB" restore --yes "$BK" >"$T/wout" 2>"$T/werr" &
RPID=$!
sleep 0.5
release_lock
wait "$RPID"
rc=$?
expect_rc 0 "restore waits for a writer holding the lock, then restores"
snapshot waited
same backup waited "and the data is the backup's"

# ---- on a terminal (tmux): the question, and a live dashboard ----
if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	diag "tmux not found: the terminal checks are skipped"
	done_testing
	exit
fi
unset TMUX TMUX_PANE
sock="kpitop-restore-$$"
tm() { SHELL=/bin/sh "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
ENVS="$TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 KPITOP_TODAY=$KPITOP_TODAY TERM=xterm-256color"
tm new-session -d -s keep "sleep 3600"

now_ms() { date +%s%3N; }
# wait_re SESSION REGEX SECONDS: a line of the session's screen matches.
wait_re() {
	_end=$(($(now_ms) + $3 * 1000))
	while :; do
		tm capture-pane -p -t "$1" >"$T/pane" 2>/dev/null
		grep -Eq -- "$2" "$T/pane" && return 0
		[ "$(now_ms)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

# The question, answered no, then yes.
after_backup
snapshot changed
tm new-session -d -s ask -x 200 -y 10 \
	"env $ENVS '$KPITOP' --db '$DB' restore '$BK'; echo EXIT=\$?; sleep 30"
if wait_re ask "replace 10 entries and 4 plans in .*kp.db with the backup's 6 entries and 3 plans\? \[y/N\]" 10; then
	pass "on a terminal it asks, with the counts"
else
	fail "on a terminal it asks, with the counts"
	diag "$(cat "$T/pane")"
fi
tm send-keys -t ask n Enter
wait_re ask "EXIT=1" 10
expect_eq "$?" 0 "answered no: exit status 1"
grep -q "not confirmed; nothing changed" "$T/pane"
expect_eq "$?" 0 "answered no: it says nothing changed"
snapshot declined
same changed declined "answered no: the data is unchanged"
tm kill-session -t ask
tm new-session -d -s ask -x 200 -y 10 \
	"env $ENVS '$KPITOP' --db '$DB' restore '$BK'; echo EXIT=\$?; sleep 30"
wait_re ask "\[y/N\]" 10
tm send-keys -t ask y Enter
wait_re ask "EXIT=0" 10
expect_eq "$?" 0 "answered y: exit status 0"
snapshot confirmed
same backup confirmed "answered y: the backup's data"
tm kill-session -t ask

# A dashboard open all day: it shows the restored numbers within a second.
after_backup
tm new-session -d -s dash -x 100 -y 30 "env $ENVS '$KPITOP' --db '$DB'; echo EXIT=\$?; sleep 30"
if wait_re dash "^.Sales +59876 " 10; then
	pass "the dashboard shows the numbers of the day (Sales 59876)"
else
	fail "the dashboard shows the numbers of the day (Sales 59876)"
	diag "$(cat "$T/pane")"
fi
kp restore --yes "$BK"
t0=$(now_ms)
if wait_re dash "^.Sales +4321 " 1; then
	pass "the dashboard shows the restored numbers (Sales 4321) in $(($(now_ms) - t0)) ms"
else
	fail "the dashboard shows the restored numbers within a second"
	diag "$(cat "$T/pane")"
fi
tm send-keys -t dash q
wait_re dash "EXIT=0" 10
expect_eq "$?" 0 "the dashboard quits normally afterwards"

# The tester's way (cp and mv over the open file): the dashboard warns
# when the old -wal still held commits, which SQLite applies to the new
# file; otherwise it says to use kpitop restore next time.
after_backup
tm new-session -d -s mv -x 100 -y 30 "env $ENVS '$KPITOP' --db '$DB'; echo EXIT=\$?; sleep 30"
wait_re mv "^.Sales +59876 " 10
kp add --date 2026-11-06 --manager Anna calls=1
cp "$BK" "$T/tmp.db" && mv "$T/tmp.db" "$DB"
if wait_re mv "the old file's -wal was" 5; then
	pass "a file moved over an open database with commits in its -wal: the dashboard warns"
else
	fail "a file moved over an open database with commits in its -wal: the dashboard warns"
	diag "$(cat "$T/pane")"
fi
grep -q "use 'kpitop restore' instead" "$T/pane"
expect_eq "$?" 0 "and points to kpitop restore"
sql "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$BK" "$T/tmp.db" && mv "$T/tmp.db" "$DB"
if wait_re mv "replaced: showing the new one \(to put a backup back, use 'kpitop restore'\)" 5; then
	pass "with nothing pending in the -wal: it shows the new file and points to kpitop restore"
else
	fail "with nothing pending in the -wal: it shows the new file and points to kpitop restore"
	diag "$(cat "$T/pane")"
fi
tm kill-server 2>/dev/null
done_testing
