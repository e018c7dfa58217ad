#!/bin/sh
# manpages: kpitop(1) and kpitop.ini(5) render without a warning, and they
# document what the program has: every command and option its --help lists
# (global and per command), every key of the dashboard's help overlay and of
# the Day sheet's and Plans' key bars, every key of share/kpitop.ini.example
# in its section and with its default; share/schema.md names every table and
# view of a new database and its schema version.
. "$TESTLIB"

SRC=${TESTLIB%/tests/cli/lib.sh}
MAN1="$SRC/share/kpitop.1"
MAN5="$SRC/share/kpitop.ini.5"
EXAMPLE="$SRC/share/kpitop.ini.example"
SCHEMA="$SRC/share/schema.md"
export TERM=xterm-256color

# render PAGE WIDTH: the page as text into $T/page, warnings into $T/warn.
render() {
	LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=$2 man --warnings -E UTF-8 -l "$1" \
		>"$T/page" 2>"$T/warn"
}

# section NAME: one section (".SH NAME") of the rendered $T/page.
section() {
	awk -v s="$1" '/^[A-Z]/ { f = ($0 == s); next } f' "$T/page"
}

# missing_words LIST FILE: the words of LIST that FILE lacks (whole words,
# fixed strings), on one line.
missing_words() {
	_m=
	for _w in $1; do
		grep -qwF -- "$_w" "$2" || _m="$_m $_w"
	done
	echo "$_m"
}

if ! command -v man >/dev/null 2>&1; then
	echo "1..0 # SKIP man is not installed (./bootstrap installs man-db)"
	exit 0
fi

# ---- both pages render cleanly ----

for page in "$MAN1" "$MAN5"; do
	name=${page##*/}
	render "$page" 80
	if [ -s "$T/page" ] && [ ! -s "$T/warn" ]; then
		pass "$name renders at 80 columns without warnings"
	else
		fail "$name renders at 80 columns without warnings"
		diag "$(head -c 1500 "$T/warn")"
	fi
done

# ---- kpitop(1): commands and options of --help ----

# Wide enough that no tag line wraps: a tag starts at column 8.
render "$MAN1" 200
section COMMANDS >"$T/commands"
section OPTIONS >"$T/options"

"$KPITOP" --help >"$T/help"
commands=$(awk '/^Commands/ { f = 1; next } f && /^$/ { exit }
	f && /^  [a-z]/ { print $1 }' "$T/help" | tr '|' ' ')
n=$(echo $commands | wc -w)
if [ "$n" -ge 14 ]; then
	pass "--help lists the commands ($n)"
else
	fail "--help lists the commands (found $n: $commands)"
fi

# The text of one command's entry: its tag lines and what follows them.
command_block() {
	awk -v c="$1" '/^       [^ ]/ { split($0, w, " "); cur = w[1] } cur == c' \
		"$T/commands" >"$T/block"
}

missing=
for c in $commands; do
	command_block "$c"
	[ -s "$T/block" ] || missing="$missing $c"
done
expect_eq "$missing" "" "kpitop(1) has an entry for every command of --help"

# Global options: long ones and their short forms.
opts=$(awk '/^Options/ { f = 1; next } f && /^$/ { exit } f' "$T/help" |
	grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | tr -d ' ,' | sort -u)
expect_eq "$(missing_words "$opts" "$T/options")" "" \
	"kpitop(1) OPTIONS has every global option of --help ($(echo $opts | wc -w))"

admin="team manager channel metric"
for c in $commands; do
	"$KPITOP" "$c" --help >"$T/chelp" 2>&1
	case " $admin " in
	*" $c "*)
		# The shared usage: only this table's lines ("kpitop team ..." and
		# the "| ..." lines after it).
		awk -v c="$c" '/kpitop [a-z]+ / { cur = $0; sub(/.*kpitop /, "", cur);
			sub(/ .*/, "", cur) } cur == c' "$T/chelp" >"$T/cusage"
		actions=$(grep -oE '(kpitop [a-z]+ |\| )[a-z]+' "$T/cusage" |
			awk '{ print $NF }' | sort -u)
		;;
	*)
		cp "$T/chelp" "$T/cusage"
		actions=
		;;
	esac
	# Options in the usage and example lines and at the start of a line.
	copts=$(grep -E '^(Usage:| +kpitop | +-| +\|)' "$T/cusage" |
		grep -oE -- '(^|[ ,[(|])--?[a-zA-Z][a-z-]*' | tr -d ' ,[(|' |
		grep -vxE -- '--?h(elp)?' | sort -u)
	command_block "$c"
	words="$copts $actions"
	if [ -z "$(echo $words)" ]; then
		continue
	fi
	expect_eq "$(missing_words "$words" "$T/block")" "" \
		"kpitop(1) '$c' has its options and actions:$(printf ' %s' $words)"
done

# ---- kpitop(1): every key of the help overlay and the grids' key bars ----

"$KPITOP" --db "$DB" init >/dev/null 2>&1
printf '?<dump><Esc>4<dump><Esc>5<dump>' >"$T/keys"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump "$T/dump" --size 140x60 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "the dashboard's help and grids are scripted"

# screen N: screen N of the dump into $T/scr.
screen() {
	awk -v n="$1" '/^=== screen [0-9]+ \(/ { s = $3 + 0; next } s == n' "$T/dump" >"$T/scr"
}

# The help: "  LABEL(16 columns) text" lines under its title.
screen 1
awk '/^Keys \(/ { f = 1; next } f && !/^  [^ ]/ { exit } f { print substr($0, 3, 16) }' "$T/scr" |
	sed 's/ *$//' >"$T/labels"
n=$(wc -l <"$T/labels")
if [ "$n" -ge 20 ] && ! grep -q 'more: Down scrolls' "$T/scr"; then
	pass "the help overlay shows all its $n keys"
else
	fail "the help overlay shows all its keys (found $n)"
	sed 's/^/#   | /' "$T/scr"
fi

# The first column of each row of the tbl tables of kpitop(1) under a
# heading (.SH or .SS), roff escapes undone, one row per line.
table_keys() {
	awk -v h="$1" '
		/^\.S[HS] / { sub(/^\.S[HS] /, ""); gsub(/"/, ""); head = $0; next }
		/^\.TS/ { intab = 1; fmt = 1; next }
		/^\.TE/ { intab = 0; next }
		intab && fmt { if ($0 ~ /\.$/) fmt = 0; next }
		intab && head == h { sub(/\t.*/, ""); print }' "$MAN1" |
		sed -e 's/\\(ha/^/g' -e 's/\\-/-/g' -e 's/\\(en/-/g' -e 's/\\&//g'
}

# covered ROWS LABELS: the labels whose keys are not all in one row
# (keys split at spaces; a trailing comma is a separator, a lone one a key).
covered() {
	awk 'function toks(s, arr,   n, i, a, t) {
			n = split(s, a, / +/)
			for (i = 1; i <= n; i++) {
				t = a[i]
				if (length(t) > 1) sub(/,$/, "", t)
				if (t != "") arr[t] = 1
			}
		}
		NR == FNR { rows[NR] = $0; nrows = NR; next }
		{
			ok = 0
			for (r = 1; r <= nrows && !ok; r++) {
				delete have; delete want
				toks(rows[r], have); toks($0, want)
				ok = 1
				for (k in want) if (!(k in have)) ok = 0
			}
			if (!ok) printf "[%s] ", $0
		}' "$1" "$2"
}

table_keys KEYS >"$T/keyrows"
n=$(wc -l <"$T/keyrows")
if [ "$n" -ge 20 ]; then pass "kpitop(1) KEYS has a key table ($n rows)"; else fail "kpitop(1) KEYS has a key table ($n rows)"; fi
expect_eq "$(covered "$T/keyrows" "$T/labels")" "" \
	"every key of the help overlay is in one row of kpitop(1) KEYS"

# The grids' bottom bar: "digits type  Enter/Tab save+move  [ ] day ...":
# each item's keys are its first word (split at '/') and the one-character
# words after it.
table_keys "Day sheet and Plans" >"$T/gridrows"
tr ' ' '\n' <"$T/gridrows" | sed 's/^\(..*\),$/\1/' | grep -v '^$' >"$T/gridkeys"
for n in 2 3; do
	screen "$n"
	bar=$(tail -n 1 "$T/scr")
	keys=$(printf '%s\n' "$bar" | sed 's/^ *//; s/   */\n/g' | awk '{
		n = split($1, a, "/"); for (i = 1; i <= n; i++) print a[i]
		for (i = 2; i <= NF && length($i) == 1; i++) print $i }')
	missing=
	for k in $keys; do
		grep -qxF -- "$k" "$T/gridkeys" || missing="$missing $k"
	done
	if [ -n "$keys" ] && [ -z "$missing" ]; then
		pass "kpitop(1) 'Day sheet and Plans' table has every key of screen $n's bar"
	else
		fail "kpitop(1) 'Day sheet and Plans' table has every key of screen $n's bar"
		diag "bar: $bar" "missing:$missing"
	fi
done

# ---- kpitop.ini(5): every key of the example, in its section, with its default ----

render "$MAN5" 200
section KEYS >"$T/keys5"
awk '/^\[[a-z]+\]$/ { sec = $0; next }
	/^;[a-z_]+ =/ { key = $0; sub(/^;/, "", key); sub(/ =.*/, "", key)
		val = $0; sub(/^;[a-z_]+ =/, "", val); sub(/^ /, "", val)
		print sec "\t" key "\t" val }' "$EXAMPLE" >"$T/example"
n=$(wc -l <"$T/example")
if [ "$n" -ge 30 ]; then pass "the example lists the keys ($n)"; else fail "the example lists the keys ($n)"; fi
bad=
while IFS='	' read -r sec key val; do
	if [ -n "$val" ]; then want="$key (default $val)"; else want="$key (default: empty)"; fi
	# The lines of the section's subsection ("   [ui]" up to the next one).
	awk -v s="   $sec" '/^   [^ ]/ { f = ($0 == s); next } f' "$T/keys5" >"$T/sub"
	grep -qxF -- "       $want" "$T/sub" || bad="$bad $sec$key"
done <"$T/example"
expect_eq "$bad" "" "kpitop.ini(5) documents every key of the example in its section with its default"

sections=$(grep -oE '^\[[a-z]+\]$' "$EXAMPLE" | tr '\n' ' ')
missing=
for s in $sections; do
	grep -qxF -- "   $s" "$T/keys5" || missing="$missing $s"
done
expect_eq "$missing" "" "kpitop.ini(5) has a subsection for every section of the example"

# ---- schema.md: every table and view of a new database ----

if command -v "${SQLITE3:-sqlite3}" >/dev/null 2>&1; then
	names=$(sql "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
		AND name NOT LIKE 'sqlite_%' ORDER BY name")
	missing=
	for x in $names; do
		grep -qF -- "\`$x\`" "$SCHEMA" || missing="$missing $x"
	done
	expect_eq "$missing" "" "schema.md names every table and view ($(echo $names | wc -w))"
	v=$(sql "PRAGMA user_version")
	if grep -qE "user_version\` \(currently $v\)" "$SCHEMA"; then
		pass "schema.md gives the current schema version ($v)"
	else
		fail "schema.md gives the current schema version ($v)"
	fi
else
	pass "schema.md names every table and view # SKIP sqlite3 is not installed"
fi

done_testing
