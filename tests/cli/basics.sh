#!/bin/sh
# Global options, help, version, usage errors and exit statuses.
. "$TESTLIB"

kpx --help
expect_rc 0 "--help exits 0"
expect_out '^Usage: kpitop' "--help prints usage on stdout"
expect_out 'import \[--create\]' "--help lists the commands"

# --help names every command and option the parsers accept.
for want in '--db PATH' '--config PATH' '--demo' '--no-color' '--help' '--version' \
	'--keys FILE' '--dump OUT' '--size COLSxROWS' 'init \[--demo\] \[--shared GROUP \[--readers\]\]' \
	'add \[' 'plan \[' 'import \[' 'export \[' 'report \[' 'list \[--all\]' 'manager move' \
	'undo' 'log \[N\]' 'backup FILE' 'check'; do
	expect_out "$want" "--help shows $want"
done
kp team --help
for want in 'team add NAME .*' 'list \[--all\]$' '-t, --team TEAM' '-l, --label LABEL' '-m, --money' \
	'-f, --funnel N' '-a, --all' '-h, --help'; do
	expect_out "$want" "admin --help shows $want"
done
expect_eq "$(grep -c 'list \[--all\]' "$T/out")" "4" "admin --help: list [--all] for teams, managers, channels and metrics"
kp init --help
expect_out '--shared GROUP' "init --help shows --shared"
expect_out '--readers' "init --help shows --readers"
kp export --help
expect_out '--from D' "export --help shows --from"
expect_out '--to D' "export --help shows --to"

kpx --version
expect_rc 0 "--version exits 0"
expect_out '^kpitop [0-9]+\.[0-9]+' "--version prints the version"

kpx --bogus
expect_rc 2 "an unknown option is a usage error"
expect_err "unknown option '--bogus'" "the unknown option is named on stderr"

# An option without its value is named as typed, long or short, before
# or after the command.
for args in "--db" "-d" "report --view" "report -v" "init --shared" "add --manager" "team add x --team"; do
	# shellcheck disable=SC2086
	kpx $args
	name=$(printf '%s\n' "$args" | awk '{ print $NF }')
	expect_rc 2 "'$args': a usage error"
	expect_err "option '$name' needs a value" "'$args': says $name needs a value"
done
kpx report --vie
expect_err "option '--view' needs a value" "an abbreviated option is named in full"
kpx --d
expect_err "option '--d' is ambiguous" "an ambiguous abbreviation says so"
kpx restore --yes=1 x.db
expect_err "option '--yes' takes no value" "a value given to a flag is refused as such"
kpx report -Z
expect_err "unknown option '-Z'" "an unknown short option is named"
kpx team list --bogus
expect_err "^kpitop team: unknown option '--bogus'" "an unknown long option after a command is named"

# A command's --help whatever the configuration holds (here a directory).
mkdir -p "$T/brokenetc/kpitop/kpitop.ini"
KPITOP_SYSCONFDIR="$T/brokenetc" kpx add --help
expect_rc 0 "add --help with a broken system configuration"
expect_out "^Usage: kpitop add" "prints its usage"
KPITOP_SYSCONFDIR="$T/brokenetc" kpx report
expect_rc 1 "while a command itself still refuses it"

kpx --demo --db "$T/x.db" report
expect_rc 2 "--demo and --db together: a usage error"
expect_err "give --demo or --db, not both" "saying which"

KPITOP_TODAY=2026-13-01 kpx --db "$T/none.db" check
expect_err "warning: KPITOP_TODAY is not a date \(YYYY-MM-DD\); the real today is used" \
	"a mistyped KPITOP_TODAY is reported, not silently ignored"

kpx frobnicate
expect_rc 2 "an unknown command is a usage error"
expect_err "unknown command 'frobnicate'" "the unknown command is named"

kpx --db
expect_rc 2 "--db without a value is a usage error"

for cmd in add plan import export report init log undo backup check team; do
	"$KPITOP" --db "$DB" $cmd --help >"$T/out" 2>&1 || echo "$cmd --help failed" >>"$T/helpfail"
done
expect_eq "$(cat "$T/helpfail" 2>/dev/null)" "" "every command has --help"

kp add --manager x calls=1
expect_rc 1 "a command on a missing database fails with status 1"
expect_err "no database here \(create one with: kpitop --db $DB init\)" "and says how to create that one"

kp init
expect_rc 0 "init creates the database"
kp init
expect_out "up to date" "a second init leaves it as it is"

# Default location: $XDG_DATA_HOME/kpitop/kpitop.db, directory created.
kpx init
if [ -f "$XDG_DATA_HOME/kpitop/kpitop.db" ]; then pass "init without --db uses \$XDG_DATA_HOME/kpitop"; else fail "init without --db uses \$XDG_DATA_HOME/kpitop"; fi
done_testing
