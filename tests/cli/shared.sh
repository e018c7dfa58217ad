#!/bin/sh
# A database shared by real Unix users: init --shared, two members writing,
# an outsider refused, a read-only viewer who cannot lock the owner out, and
# wrong -wal/-shm modes explained with the command that fixes them.
. "$TESTLIB"

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
	echo "1..0 # SKIP needs root, useradd and runuser to create test users"
	exit 0
fi
tag="kpt$$"
grp="${tag}g"
a="${tag}a" b="${tag}b" out="${tag}o" viewer="${tag}v"
cleanup() {
	# A user with a process left (a dashboard) cannot be deleted.
	for u in "$a" "$b" "$out" "$viewer"; do pkill -KILL -u "$u" 2>/dev/null; done
	for u in "$a" "$b" "$out" "$viewer"; do userdel "$u" 2>/dev/null; done
	groupdel "$grp" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
groupadd "$grp" || { echo "1..0 # SKIP groupadd failed"; exit 0; }
for u in "$a" "$b" "$out" "$viewer"; do useradd -M -N -g users "$u" || { echo "1..0 # SKIP useradd failed"; exit 0; }; done
usermod -aG "$grp" "$a"
usermod -aG "$grp" "$b"
chmod 755 "$T"
mkdir -p "$T/home" && chmod 777 "$T/home" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

as() { # USER ARGS...: run kpitop as USER
	u=$1; shift
	runuser -u "$u" -- env HOME="$T/home" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		KPITOP_SYSCONFDIR="$KPITOP_SYSCONFDIR" KPITOP_TODAY="$KPITOP_TODAY" LANG=C.UTF-8 \
		timeout 30 "$KPITOP" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
mode() { stat -c '%a %G' "$1"; }

S="$T/srv/kpitop/kp.db"
kpx --db "$S" init --shared "$grp"
expect_rc 0 "init --shared GROUP"
expect_eq "$(mode "$T/srv/kpitop")" "2770 $grp" "the directory is setgid and group-owned"
expect_eq "$(mode "$S")" "660 $grp" "the database is rw for the group"
expect_eq "$(mode "$S-wal")" "660 $grp" "so is its -wal, which stays"
expect_eq "$(mode "$S-shm")" "660 $grp" "and its -shm"
# $T/srv did not exist: init made it, for everyone to pass through.
expect_eq "$(stat -c '%a %U:%G' "$T/srv")" "755 root:root" "a parent directory init makes is 0755"
kpx --db "$S" team add Sales && kpx --db "$S" manager add Anna --team Sales

as "$a" --db "$S" add --manager Anna calls=10
expect_rc 0 "a member writes"
as "$b" --db "$S" add --manager Anna leads=5
expect_rc 0 "another member writes"
as "$a" --db "$S" add --manager Anna deals=2
expect_rc 0 "the first member still writes after the second"
expect_eq "$(sqlite3 -readonly "$S" "SELECT group_concat(value) FROM (SELECT value FROM entry ORDER BY metric_id)")" "10,5,2" \
	"every value is there"
expect_eq "$(mode "$S-wal") $(mode "$S-shm")" "660 $grp 660 $grp" "the -wal/-shm keep the group's mode"

# A directory on the way that a member may not enter is named, with the fix.
chmod 770 "$T/srv"
as "$a" --db "$S" report
expect_rc 1 "a member who cannot pass a parent directory is refused"
expect_err "may not enter directory $T/srv \\(root:root, mode 0770\\); fix \\(as root\\): chmod o\\+x $T/srv\$" \
	"with the directory named and the fix"
chmod o+x "$T/srv"
as "$a" --db "$S" report
expect_rc 0 "after the fix the member reads"

as "$out" --db "$S" report
expect_rc 1 "an outsider is refused"
if [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "Permission denied\|cannot\|read-only\|not" "$T/err"; then
	pass "with one clear line"; else fail "with one clear line"; diag "$(cat "$T/err")"; fi
expect_err "directory $T/srv/kpitop \\(root:$grp, mode 2770\\) is only for members of group $grp, and you \\($out\\) are not one" \
	"which says the directory is the group's"
kpx --db "$S" init --shared "no-such-group-$$"
expect_rc 1 "an unknown group is refused"
expect_err "no group named" "and named"

# --readers: everyone may read, only the group writes.
R="$T/pub/kpitop/kp.db"
kpx --db "$R" init --shared "$grp" --readers
expect_eq "$(mode "$T/pub/kpitop") $(mode "$R")" "2775 $grp 664 $grp" "--readers: 2775 and 0664"
kpx --db "$R" team add Sales && kpx --db "$R" manager add Anna --team Sales
as "$viewer" --db "$R" report --format csv
expect_rc 0 "a reader outside the group can read"
expect_out "^Sales," "and sees the data"
as "$viewer" --db "$R" add --manager Anna calls=1
expect_rc 1 "but cannot write"
expect_err "read-only" "and is told it is read-only"
as "$a" --db "$R" add --manager Anna calls=7
expect_rc 0 "a member still writes after the reader"

printf '2<dump>' >"$T/keys" && chmod 644 "$T/keys"
as "$viewer" --db "$R" --keys "$T/keys" --size 100x20
expect_rc 0 "a reader's scripted dashboard runs to its end"
expect_out "read-only" "and says it is read-only"

# The reader's dashboard: SQLite cannot tell it about commits (it may not
# write the -shm), so it watches the files, and sees a member's entry live.
if [ -n "${TMUX_BIN:-}" ]; then
	sock="$T/tmux.sock"
	"$TMUX_BIN" -S "$sock" -f /dev/null new-session -d -x 100 -y 24 \
		"runuser -u $viewer -- env $TUI_ASAN HOME='$T/home' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' KPITOP_TODAY='$KPITOP_TODAY' LANG=C.UTF-8 TERM=xterm '$KPITOP' --db '$R'; sleep 30"
	screen_has() { # TEXT SECONDS: wait for TEXT on the reader's screen
		k=0
		while ! "$TMUX_BIN" -S "$sock" capture-pane -p | grep -qF -- "$1"; do
			[ $k -ge $(($2 * 20)) ] && return 1
			sleep 0.05
			k=$((k + 1))
		done
	}
	if screen_has "Sales" 10; then pass "the reader's dashboard opens"; else fail "the reader's dashboard opens"; fi
	as "$a" --db "$R" add --manager Anna revenue=4007
	if screen_has "4007" 5; then pass "and shows a member's entry live"; else
		fail "and shows a member's entry live"; diag "$("$TMUX_BIN" -S "$sock" capture-pane -p)"; fi
	# The header's clock is the time of the last change seen.
	stamp() { "$TMUX_BIN" -S "$sock" capture-pane -p | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}'; }
	s0=$(stamp); sleep 2.5; s1=$(stamp)
	if [ -n "$s0" ] && [ "$s0" = "$s1" ]; then pass "idle, it sees no change where there is none"; else
		fail "idle, it sees no change where there is none"; diag "last change at $s0, then $s1"; fi
	"$TMUX_BIN" -S "$sock" send-keys q
	"$TMUX_BIN" -S "$sock" kill-server
else
	pass "# SKIP the reader's dashboard: tmux is missing"
fi

# A member's plain init in the group's directory: the files follow
# [database] umask (default 0002), not SQLite's 0644, so others can write.
G="$T/grp"
mkdir "$G" && chgrp "$grp" "$G" && chmod 2770 "$G"
as "$a" --db "$G/kp.db" init
expect_rc 0 "a member creates a database in the group's directory"
expect_eq "$(stat -c '%a %U:%G' "$G/kp.db" "$G/kp.db-wal" "$G/kp.db-shm" | tr '\n' ' ')" \
	"664 $a:$grp 664 $a:$grp 664 $a:$grp " "under the default umask it and its -wal/-shm are 0664"
as "$a" --db "$G/kp.db" team add Sales
as "$a" --db "$G/kp.db" manager add Anna --team Sales
as "$b" --db "$G/kp.db" add --manager Anna calls=4
expect_rc 0 "so another member writes"
printf '[database]\numask = 0007\n' >"$T/umask.ini" && chmod 644 "$T/umask.ini"
as "$a" --config "$T/umask.ini" --db "$G/k2.db" init
expect_eq "$(stat -c '%a' "$G/k2.db" "$G/k2.db-wal" "$G/k2.db-shm" | tr '\n' ' ')" "660 660 660 " \
	"[database] umask = 0007 gives 0660"

# A database the group cannot write (left 0644 by an older kpitop, or a
# copy): its owner is warned, another member told why the write is refused
# and the command that fixes it, which works.
chmod 644 "$G/kp.db" "$G/kp.db-wal" "$G/kp.db-shm"
files="$G/kp.db $G/kp.db-wal $G/kp.db-shm"
as "$a" --db "$G/kp.db" report
expect_err "^kpitop: warning: $G/kp.db: the database has mode 0644: its directory is group $grp's, but the group cannot write it; fix \(as $a or root\): chmod 0664 $files$" \
	"the owner of a 0644 database in the group's directory is warned, with the fix"
as "$b" --db "$G/kp.db" add --manager Anna calls=5
expect_rc 1 "another member cannot write it"
expect_err "^kpitop: $G/kp.db: opened read-only; changes are not possible: the database has mode 0644: its directory is group $grp's, but the group cannot write it; fix \(as $a or root\): chmod 0664 $files$" \
	"and is told why in the same line, with the fix"
one_line_err "in one line"
fix=$(sed -n 's/.*; fix (as [^)]*): //p' "$T/err")
printf '45<dump>' >"$T/keys45" && chmod 644 "$T/keys45"
as "$b" --db "$G/kp.db" --keys "$T/keys45" --size 100x24
expect_out "read-only: the database has mode 0644" "the dashboard refuses an entry with the same reason"
# At 80 columns that reason takes several lines, the fix last and whole
# (lines wrap at spaces: joined back with one, the command reads whole).
as "$b" --db "$G/kp.db" --keys "$T/keys45" --size 80x24
if awk 'NR > 1 { printf "%s ", $0 }' "$T/out" | tr -s ' ' | grep -qF "chmod 0664 $files"; then
	pass "80 columns: the reason and its whole fix on the message lines"
else
	fail "80 columns: the reason and its whole fix on the message lines"; sed 's/^/#   | /' "$T/out"
fi
runuser -u "$a" -- sh -c "$fix"
as "$b" --db "$G/kp.db" add --manager Anna calls=5
expect_rc 0 "after the owner runs the fix the other member writes"
expect_eq "$(mode "$G/kp.db") $(mode "$G/kp.db-wal") $(mode "$G/kp.db-shm")" "664 $grp 664 $grp 664 $grp" \
	"and the three files are 0664 again"

# The database in another group than its directory's.
chgrp root "$G/kp.db" "$G/kp.db-wal" "$G/kp.db-shm"
as "$b" --db "$G/kp.db" add --manager Anna calls=6
expect_rc 1 "a database in another group than its directory's refuses a member's write"
expect_err "the database belongs to group root but its directory to group $grp, so members of $grp cannot write it unless they are in root too; fix \(as $a or root\): chgrp $grp $files$" \
	"with why and the chgrp"
fix=$(sed -n 's/.*; fix (as [^)]*): //p' "$T/err")
runuser -u "$a" -- sh -c "$fix"
as "$b" --db "$G/kp.db" add --manager Anna calls=6
expect_rc 0 "after the owner's chgrp the member writes"

# A directory the members may not write (2755): with -wal and -shm there
# (kpitop keeps them) nothing needs creating, so members write all the same,
# and the last one to close checkpoints into the database file.
chmod 2755 "$G"
as "$b" --db "$G/kp.db" add --manager Anna calls=61
expect_rc 0 "a member writes although the directory is 2755"
expect_eq "$("${SQLITE3:-sqlite3}" "file:$G/kp.db?immutable=1" "SELECT count(*) FROM entry WHERE value = 61")" "1" \
	"and the last close checkpointed the write into the database file"
as "$a" --db "$G/kp.db" add --manager Anna calls=62
expect_rc 0 "so does the owner"
# Without them, SQLite would have to create them: said, with the fix.
rm -f "$G/kp.db-wal" "$G/kp.db-shm"
as "$b" --db "$G/kp.db" add --manager Anna calls=63
expect_rc 1 "without -wal/-shm a member cannot open it in a 2755 directory"
expect_err "^kpitop: $G/kp.db: the database's directory $G is not writable for you and its -wal/-shm files are missing; fix \(once, as root\): kpitop --db $G/kp.db check, which creates them with the database's owner and mode$" \
	"and is told why, with the fix"
one_line_err "in one line"
kpx --db "$G/kp.db" check
expect_eq "$(stat -c '%a %U:%G' "$G/kp.db-wal" "$G/kp.db-shm" | tr '\n' ' ')" "664 $a:$grp 664 $a:$grp " \
	"the fix creates them with the database's owner, group and mode"
as "$b" --db "$G/kp.db" add --manager Anna calls=63
expect_rc 0 "after the fix the member writes"

# A member replaces -wal or -shm with a link to someone else's file: no
# kpitop (root's included) writes through it, and init --shared does not
# hand its target to the group.
echo "root's secret" >"$T/target" && chmod 600 "$T/target"
mv "$G/kp.db-shm" "$T/shm.saved"
ln -s "$T/target" "$G/kp.db-shm"
kpx --db "$G/kp.db" check
expect_rc 1 "a linked -shm: refused"
expect_err "kp.db-shm is a symbolic link: refused" "saying why"
kpx --db "$G/kp.db" init --shared "$grp"
expect_rc 1 "init --shared refuses it too"
expect_eq "$(stat -c '%a %U:%G' "$T/target") $(cat "$T/target")" "600 root:root root's secret" \
	"and the link's target is untouched"
rm -f "$G/kp.db-shm" && mv "$T/shm.saved" "$G/kp.db-shm"
chmod 2755 "$G" # as before the init --shared above

# Someone outside the group where the directory lets them in (2755) but
# the 0660 database does not: whose it is, and what would let them read.
chmod 660 "$G/kp.db" "$G/kp.db-wal" "$G/kp.db-shm"
as "$out" --db "$G/kp.db" report
expect_rc 1 "an outsider cannot read a 0660 database"
expect_err "^kpitop: $G/kp.db: cannot be read: it belongs to $a:$grp \(mode 0660\) and you \($out\) are not in its group; to let you in \(as root\): usermod -aG $grp $out, then log in again$" \
	"and is told whose it is and how to be let in"
one_line_err "in one line"
chmod 664 "$G/kp.db" "$G/kp.db-wal" "$G/kp.db-shm"

# The trap SQLite sets on a plain 0644 database in a directory everyone may
# write: a reader opening first would create -wal/-shm the owner cannot write.
P="$T/open/kp.db"
mkdir -p "$T/open" && chmod 777 "$T/open"
as "$a" --db "$P" init
chmod 644 "$P"; rm -f "$P-wal" "$P-shm"
as "$a" --db "$P" team add Sales
as "$a" --db "$P" manager add Anna --team Sales
rm -f "$P-wal" "$P-shm" # as if nobody had it open
as "$viewer" --db "$P" report
expect_rc 1 "a reader opening first is stopped"
expect_err "lock the writers out" "and told why"
if [ -e "$P-shm" ] || [ -e "$P-wal" ]; then fail "it leaves no -wal/-shm behind"; else pass "it leaves no -wal/-shm behind"; fi
as "$a" --db "$P" add --manager Anna calls=3
expect_rc 0 "the owner can still write"
as "$viewer" --db "$P" report --format csv
expect_rc 0 "once the owner opened it, the reader reads"

# Wrong modes left by an earlier mistake are explained with the fix.
chown "$viewer" "$S-shm" && chmod 644 "$S-shm"
as "$a" --db "$S" add --manager Anna calls=11
expect_rc 1 "a -shm the member cannot write stops the write"
expect_err "chown .* && chmod 0660 .*-wal .*-shm" "with the exact command that fixes it"
chown root:"$grp" "$S-shm" && chmod 660 "$S-shm"
as "$a" --db "$S" add --manager Anna calls=11
expect_rc 0 "after the fix the member writes again"
done_testing
