#!/bin/sh
# report: every column of `report --format csv` and `--format json` equals
# SPEC section 3 computed independently (tests/cli/kpi_ref.py) for all three
# views, all five periods and as-of dates on weekends, holidays, period starts
# and ends; managers without entries, team and company plans, channels without
# plans; the text table aligns Cyrillic names; usage errors.
. "$TESTLIB"

R="$TESTDATA/report"
REF="${TESTLIB%/*}/kpi_ref.py"
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	echo "1..0 # SKIP python3 is needed for the reference values"
	exit 0
fi
CFG="$R/kpitop.ini"

# ---- the company: import, teams/managers without entries, plans ----
kp init
kp import --create "$R/entries.csv"
expect_rc 0 "import the fixture CSV"

tab=$(printf '\t')
setup_bad=0
while IFS="$tab" read -r action name team; do
	case $action in
	team) kp team add "$name" ;;
	manager) kp manager add "$name" --team "$team" ;;
	archive) continue ;; # after the plans: an archived salesperson takes none
	esac
	[ "$rc" -eq 0 ] || { setup_bad=1; diag "$action $name: $(cat "$T/err")"; }
done <"$R/setup.tsv"

plans_bad=0
{
	read -r header
	while IFS=, read -r month scope name metric value; do
		kp plan --month "$month" "--$scope" "$name" "$metric=$value"
		[ "$rc" -eq 0 ] || { plans_bad=1; diag "plan $month $scope $name: $(cat "$T/err")"; }
	done
} <"$R/plans.csv"
expect_eq "$plans_bad" 0 "set the month plans of managers and teams"
while IFS="$tab" read -r action name team; do
	[ "$action" = archive ] || continue
	kp manager archive "$name"
	[ "$rc" -eq 0 ] || { setup_bad=1; diag "$action $name: $(cat "$T/err")"; }
done <"$R/setup.tsv"
expect_eq "$setup_bad" 0 "add an empty team, a manager without entries, archive one (after the plans)"

# ---- every column against the reference ----
report() { # VIEW PERIOD DATE FORMAT
	kp --config "$CFG" report --view "$1" --period "$2" --date "$3" --format "$4"
}

DATES="2026-09-28 2026-09-30 2026-10-01 2026-10-04 2026-10-15 2026-10-17 2026-10-31
2026-11-02 2026-11-04 2026-11-30 2026-12-31 2027-01-01"
mkdir -p "$T/cases"
: >"$T/cases.txt"
for date in $DATES; do
	for period in day week month quarter year; do
		for view in teams managers channels; do
			f="$T/cases/$view-$period-$date"
			report "$view" "$period" "$date" csv
			csv_rc=$rc
			cp "$T/out" "$f.csv"
			report "$view" "$period" "$date" json
			json_rc=$rc
			cp "$T/out" "$f.json"
			if [ "$csv_rc" -ne 0 ] || [ "$json_rc" -ne 0 ]; then
				fail "$view/$period/$date: report runs"
				diag "status csv $csv_rc json $json_rc: $(cat "$T/err")"
				continue
			fi
			echo "$view $period $date $f.csv $f.json" >>"$T/cases.txt"
		done
	done
done
# One reference process checks every case; each case is one TAP line.
"$PY" "$REF" batch --data "$R" <"$T/cases.txt" >"$T/ref" 2>&1
while read -r verdict what; do
	case $verdict in
	PASS) pass "$what: CSV and JSON equal the reference" ;;
	FAIL) fail "$what: CSV and JSON equal the reference" ;;
	*) echo "$verdict $what" ;;
	esac
done <"$T/ref"
expect_eq "$(grep -c '^[PF]' "$T/ref")" "$(wc -l <"$T/cases.txt")" "the reference checked every case"

# JSON is valid for a JSON tool, not only for our reader.
for view in teams managers channels; do
	report "$view" month 2026-10-15 json
	if "$PY" -m json.tool "$T/out" >/dev/null 2>"$T/ref"; then
		pass "$view: json.tool accepts the JSON"
	else
		fail "$view: json.tool accepts the JSON"
		diag "$(cat "$T/ref")"
	fi
done

# ---- rows that must be there ----
report managers month 2026-10-15 csv
expect_out '^Ольга Пустова,0,0,0,0,0,0\.00,' "a manager with no entries appears with zeros"
if grep -q '^Carl Archived,' "$T/out"; then
	fail "an archived manager has no row"
else
	pass "an archived manager has no row"
fi
report teams month 2026-10-15 csv
expect_out '^Empty,0,0,0,0,0,0\.00,50000\.00,0\.0,,,' "a team without managers shows zeros and its own plan"
report channels month 2026-10-15 csv
expect_eq "$(grep -c '^[a-z-]*,\([0-9.]*,\)\{6\},,,,' "$T/out")" 6 "the six channels have no plans"
expect_out '^TOTAL,([0-9.]*,){6}[0-9]+\.[0-9]{2},' "the channels' TOTAL carries the company plan"

# ---- text ----
kp --config "$CFG" report --view managers --date 2026-10-15
expect_rc 0 "text report runs"
expect_out '^Managers .* month 2026-10 .*as of 2026-10-15.*working days 11/22' "text header: view, period, dates, working days"
# Every table line has the same display width (Cyrillic counted as one column).
widths=$(tail -n +2 "$T/out" | "$PY" -c '
import sys, unicodedata
for line in sys.stdin.read().splitlines():
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))' | sort -u | wc -l)
expect_eq "$widths" 1 "text columns align with Cyrillic names"
if grep -q 'Ольга Пустова' "$T/out" && grep -q 'Дмитрий Иванов' "$T/out"; then
	pass "text shows Cyrillic names whole"
else
	fail "text shows Cyrillic names whole"
fi

LANG=C LC_ALL=C kp --config "$CFG" report --view teams --date 2026-10-15
expect_rc 0 "text report in the C locale"
if LC_ALL=C grep -q "$(printf '\342\200\224')" "$T/out"; then
	fail "ASCII locale: no em dash for absent values"
else
	pass "ASCII locale: no em dash for absent values"
fi

# ---- defaults and usage ----
kp --config "$CFG" report --format csv
cp "$T/out" "$T/default.csv"
kp --config "$CFG" report --view teams --period month --date "$KPITOP_TODAY" --format csv
expect_eq "$(cat "$T/default.csv")" "$(cat "$T/out")" "defaults: teams, month, today"

mkdir -p "$XDG_CONFIG_HOME/kpitop"
printf '[ui]\ndefault_period = week\n' >"$XDG_CONFIG_HOME/kpitop/kpitop.ini"
kp report --format csv
cp "$T/out" "$T/default.csv"
kp report --period week --format csv
expect_eq "$(cat "$T/default.csv")" "$(cat "$T/out")" "[ui] default_period sets the default period"
rm -f "$XDG_CONFIG_HOME/kpitop/kpitop.ini"

kp report --help
expect_rc 0 "report --help exits 0"
expect_out '^Usage: kpitop report' "report --help prints the usage"

usage() { # DESC ARGS...
	desc=$1
	shift
	kp report "$@"
	expect_rc 2 "$desc: usage error"
	expect_err "." "$desc: says why"
}
usage "unknown view" --view people
usage "unknown period" --period fortnight
usage "impossible date" --date 2026-02-30
usage "unknown format" --format xml
usage "unknown option" --colour
usage "stray argument" extra
usage "missing value" --view

done_testing
