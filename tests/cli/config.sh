#!/bin/sh
# Configuration files seen from the command line: precedence, diagnostics
# with file:line, hostile files.
. "$TESTLIB"

kp init

# CVE-2023-33461: a section named like a key crashes libiniparser 4.1 lookups.
printf '[ui]\nrefresh_ms = 2\n[ui:refresh_ms]\n' >"$T/cve.ini"
kp --config "$T/cve.ini" check
if [ "$rc" -lt 128 ]; then pass "the CVE-2023-33461 file does not crash"; else fail "the CVE-2023-33461 file does not crash (status $rc)"; fi
expect_rc 0 "and the program runs on"
expect_err "cve.ini:3" "the stray section is reported with file:line"

printf '[ui]\nrefresh = 2\n' >"$T/unknown.ini"
kp --config "$T/unknown.ini" check
expect_rc 0 "an unknown key does not stop the program"
expect_err "unknown.ini:2: .*'refresh'.*refresh_ms" "an unknown key is reported with file:line and the valid keys"

printf '; comment\n[ui]\ncolor = sometimes\n' >"$T/badval.ini"
kp --config "$T/badval.ini" check
expect_err "badval.ini:3: .*sometimes.*auto, always, never" "a bad value lists the valid choices"

kp --config "$T" check
expect_rc 1 "a directory as --config fails"
expect_err "is a directory" "and says so"
one_line_err "in one line"

head -c 2048 /dev/urandom >"$T/binary.ini"
printf '\0' >>"$T/binary.ini"
kp --config "$T/binary.ini" check
expect_rc 1 "a binary --config fails"
expect_err "not a text file" "and says so"

kp --config "$T/missing.ini" check
expect_rc 1 "a missing --config fails"

# Precedence: system, then user, then --config; later wins per key.
printf '[database]\npath = %s\n' "$T/sys.db" >"$KPITOP_SYSCONFDIR/kpitop/kpitop.ini" 2>/dev/null || {
	mkdir -p "$KPITOP_SYSCONFDIR/kpitop"
	printf '[database]\npath = %s\n' "$T/sys.db" >"$KPITOP_SYSCONFDIR/kpitop/kpitop.ini"
}
kpx init
expect_out "sys.db" "the system file sets the database path"
mkdir -p "$XDG_CONFIG_HOME/kpitop"
printf '[database]\npath = %s\n' "$T/user.db" >"$XDG_CONFIG_HOME/kpitop/kpitop.ini"
kpx init
expect_out "user.db" "the user's file overrides the system file"
printf '[database]\npath = %s\n' "$T/explicit.db" >"$T/explicit.ini"
kpx --config "$T/explicit.ini" init
expect_out "explicit.db" "--config overrides the user's file"
kpx --config "$T/explicit.ini" --db "$T/cmdline.db" init
expect_out "cmdline.db" "--db overrides every file"
done_testing
