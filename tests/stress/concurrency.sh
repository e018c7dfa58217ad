#!/bin/sh
# Concurrency on one shared database: 8 processes set distinct cells with
# `kpitop add` while a large `kpitop import` runs and two dashboards watch in
# tmux. No writer may see an error (writers wait for each other and retry),
# every committed value must be there afterwards, and both dashboards must
# stay up and show the final totals.
. "$TESTLIB"

export TERM=xterm-256color
WRITERS=8 ADDS=40 ROWS=20000

kp init
for t in North South East; do kp team add "$t"; done
# M01-M12 belong to the import, M13-M20 to the writers (one each), so every
# cell has exactly one author and its final value is known.
team_of() { if [ "$1" -le 7 ]; then echo North; elif [ "$1" -le 14 ]; then echo South; else echo East; fi; }
i=1
while [ $i -le 20 ]; do
	kp manager add "$(printf 'M%02d' $i)" --team "$(team_of $i)"
	i=$((i + 1))
done
expect_eq "$(sql "SELECT count(*) FROM manager")" "20" "setup: 20 salespeople in 3 teams"

# days N: the N days up to KPITOP_TODAY (2026-11-20), newest first.
days() {
	awk -v n="$1" 'BEGIN {
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
		y = 2026; m = 11; d = 20
		for (k = 0; k < n; k++) {
			printf "%04d-%02d-%02d\n", y, m, d
			if (--d == 0) { if (--m == 0) { m = 12; y-- } d = ml[m] }
		}
	}'
}

# The import: ROWS rows of M01-M12 x 6 channels x days, 6 metrics each.
days 400 | awk -v n=$ROWS '
	BEGIN {
		split("phone website instagram whatsapp email walk-in", ch, " ")
		print "date,team,manager,channel,calls,leads,meetings,proposals,deals,revenue"
	}
	{
		for (i = 1; i <= 12 && r < n; i++)
			for (c = 1; c <= 6 && r < n; c++) {
				t = i <= 7 ? "North" : "South"
				printf "%s,%s,M%02d,%s,%d,%d,%d,%d,%d,%d\n", $0, t, i, ch[c],
					r % 50, r % 20, r % 10, r % 5, r % 3, (r % 997) * 100
				r++
			}
	}' >"$T/big.csv"
expect_eq "$(grep -c '' "$T/big.csv")" "$((ROWS + 1))" "setup: an import file of $ROWS rows"
# The cells the import must leave, as day,manager,channel,metric,value
# (money in minor units, as the entry table stores it).
awk -F, 'NR == 1 { for (i = 5; i <= NF; i++) key[i] = $i; next }
	{ for (i = 5; i <= NF; i++) print $1 "," $3 "," $4 "," key[i] "," (key[i] == "revenue" ? $i * 100 : $i) }' \
	"$T/big.csv" | LC_ALL=C sort >"$T/import.want"

# say TEXT: a multi-line diagnostic, every line a TAP comment.
say() { printf '%s\n' "$@" | sed 's/^/# /'; }

cells() { # WHERE: the entry table as day,manager,channel,metric,value
	sql "SELECT e.day || ',' || m.name || ',' || c.name || ',' || k.key || ',' || e.value
	     FROM entry e JOIN manager m ON m.id = e.manager_id JOIN channel c ON c.id = e.channel_id
	     JOIN metric k ON k.id = e.metric_id WHERE $1" | LC_ALL=C sort
}

# Two dashboards: one on the Teams view, one on the Managers view.
dash=
if [ -z "${TMUX_BIN:-}" ]; then
	diag "tmux not found: the dashboard parts are skipped"
else
	dash=1
	sock="kpitop-stress-$$" sockpath=
	tm() { "$TMUX_BIN" -L "$sock" "$@"; }
	trap 'tm kill-server 2>/dev/null; rm -f "$sockpath"; rm -rf "$T"' EXIT
	for n in 1 2; do
		cmd="env $TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color KPITOP_TODAY=$KPITOP_TODAY '$KPITOP' --db '$DB'; echo EXIT=\$? >'$T/exit$n'; sleep 60"
		if [ $n = 1 ]; then
			tm -f /dev/null new-session -d -s d1 -x 100 -y 30 "$cmd"
			# kill-server leaves the socket file behind: remember it.
			sockpath=$(tm display-message -p '#{socket_path}')
		else
			tm new-session -d -s d2 -x 100 -y 30 "$cmd"
		fi
	done
	# pane_has N REGEX [TRIES]: poll dashboard N every 0.05 s.
	pane_has() {
		k=0
		while [ $k -lt "${3:-100}" ]; do
			tm capture-pane -p -t "d$1" >"$T/pane$1" 2>/dev/null
			grep -Eq -- "$2" "$T/pane$1" && return 0
			sleep 0.05
			k=$((k + 1))
		done
		return 1
	}
	if pane_has 1 "^ TOTAL " && pane_has 2 "^ TOTAL "; then
		pass "two dashboards are open"
	else
		fail "two dashboards are open"
		say "$(cat "$T/pane1")" "$(cat "$T/pane2")"
	fi
	tm send-keys -t d2 2
	if pane_has 2 "Managers ·"; then pass "the second one shows the Managers view"; else fail "the second one shows the Managers view"; say "$(cat "$T/pane2")"; fi
fi

# writer W: ADDS adds of manager M(12+W), one day each, 3 metrics per add.
# Records what it set in $T/wW.want and every failure in $T/wW.fail.
writer() {
	w=$1 m=$(printf 'M%02d' $((12 + $1))) j=0
	: >"$T/w$w.fail"
	: >"$T/w$w.want"
	days $ADDS >"$T/w$w.days"
	while read -r day; do
		j=$((j + 1))
		calls=$((w * 100 + j)) deals=$((j % 7)) rev=$((w * 1000 + j))
		"$KPITOP" --db "$DB" add --date "$day" --manager "$m" --channel website \
			calls=$calls deals=$deals revenue=$rev >/dev/null 2>>"$T/w$w.err"
		st=$?
		[ $st -eq 0 ] || echo "add --date $day --manager $m: exit $st" >>"$T/w$w.fail"
		printf '%s,%s,website,calls,%s\n%s,%s,website,deals,%s\n%s,%s,website,revenue,%s\n' \
			"$day" "$m" $calls "$day" "$m" $deals "$day" "$m" $((rev * 100)) >>"$T/w$w.want"
	done <"$T/w$w.days"
}

start=$(date +%s)
"$KPITOP" --db "$DB" import "$T/big.csv" >"$T/import.out" 2>"$T/import.err" &
imp=$!
w=1
while [ $w -le $WRITERS ]; do
	: >"$T/w$w.err"
	writer $w &
	eval "wpid$w=\$!"
	w=$((w + 1))
done
if kill -0 $imp 2>/dev/null; then
	diag "the import was still running when the $WRITERS writers started"
else
	diag "warning: the import ended before the writers started (no overlap)"
fi
wait $imp
expect_eq "$?" "0" "the import succeeded alongside the writers"
if [ -s "$T/import.err" ]; then fail "the import printed no error"; say "$(cat "$T/import.err")"; else pass "the import printed no error"; fi
w=1
while [ $w -le $WRITERS ]; do
	eval "wait \$wpid$w"
	w=$((w + 1))
done
diag "import and $((WRITERS * ADDS)) adds took about $(($(date +%s) - start)) s"

cat "$T"/w*.fail >"$T/fails"
cat "$T"/w*.err >"$T/errs"
expect_eq "$(grep -c '' "$T/fails")" "0" "no writer exited non-zero"
[ -s "$T/fails" ] && say "$(head -20 "$T/fails")"
if [ -s "$T/errs" ]; then
	fail "no writer printed an error"
	say "$(head -20 "$T/errs")"
else
	pass "no writer printed an error"
fi

LC_ALL=C sort "$T"/w*.want >"$T/writers.want"
cells "m.name >= 'M13'" >"$T/writers.got"
expect_eq "$(grep -c '' "$T/writers.want")" "$((WRITERS * ADDS * 3))" "the writers set $((WRITERS * ADDS * 3)) values"
if cmp -s "$T/writers.want" "$T/writers.got"; then
	pass "every value each writer set is in the database"
else
	fail "every value each writer set is in the database"
	say "$(diff "$T/writers.want" "$T/writers.got" | head -20)"
fi
expect_eq "$(sql "SELECT count(*) FROM audit a JOIN manager m ON m.id = a.manager_id WHERE m.name >= 'M13'")" \
	"$((WRITERS * ADDS * 3))" "and each is in the audit trail"

cells "m.name < 'M13'" >"$T/import.got"
expect_eq "$(grep -c '' "$T/import.got")" "$((ROWS * 6))" "the import's $((ROWS * 6)) values are all there"
if cmp -s "$T/import.want" "$T/import.got"; then
	pass "with the values of the file"
else
	fail "with the values of the file"
	say "$(diff "$T/import.want" "$T/import.got" | head -20)"
fi

kp check
expect_rc 0 "kpitop check passes"
expect_out "integrity: ok" "kpitop check reports integrity ok"
expect_eq "$(sql "PRAGMA integrity_check")" "ok" "PRAGMA integrity_check is ok"

if [ -n "$dash" ]; then
	# The total revenue of this month, in whole units as the screen shows it.
	"$KPITOP" --db "$DB" report --format csv >"$T/report.csv"
	total=$(grep '^TOTAL,' "$T/report.csv" | cut -d, -f7)
	expect_eq "${total#*.}" "00" "the month's total revenue is whole units ($total)"
	total=${total%.*}
	# Poll both panes every 0.05 s for up to 3 s.
	k=0 seen1= seen2=
	while [ $k -lt 60 ]; do
		[ -n "$seen1" ] || { tm capture-pane -p -t d1 >"$T/pane1"; grep -Eq "^ TOTAL +$total " "$T/pane1" && seen1=1; }
		[ -n "$seen2" ] || { tm capture-pane -p -t d2 >"$T/pane2"; grep -Eq "^ TOTAL +$total " "$T/pane2" && seen2=1; }
		[ -n "$seen1" ] && [ -n "$seen2" ] && break
		sleep 0.05
		k=$((k + 1))
	done
	for n in 1 2; do
		if [ -f "$T/exit$n" ]; then
			fail "dashboard $n is still running"
			say "it exited: $(cat "$T/exit$n")" "$(tm capture-pane -p -t d$n)"
		else
			# The pane runs sh -c '...'; kpitop is that shell's child.
			sh_pid=$(tm display-message -p -t d$n '#{pane_pid}')
			if pgrep -P "$sh_pid" -f -- "--db $DB" >/dev/null; then
				pass "dashboard $n is still running"
			else
				fail "dashboard $n is still running"
				say "no kpitop process under the pane's shell $sh_pid" "$(ps -o pid,ppid,args --ppid "$sh_pid")"
			fi
		fi
		eval "seen=\$seen$n"
		if [ -n "$seen" ]; then
			pass "dashboard $n shows the final TOTAL revenue $total"
		else
			fail "dashboard $n shows the final TOTAL revenue $total"
			say "$(cat "$T/pane$n")"
		fi
	done
	tm kill-server 2>/dev/null
	rm -f "$sockpath"
fi
done_testing
