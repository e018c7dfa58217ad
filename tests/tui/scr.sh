# scr.sh - reading screens of `kpitop --keys ... --dump` (sourced by
# tests/tui/*.sh after $TESTLIB).

# screen DUMP N: screen N of a dump into $T/scr.
screen() {
	awk -v n="$2" '/^=== screen [0-9]+ \(/ { s = $3 + 0; next } s == n' "$1" >"$T/scr"
}

# has TEXT DESC: $T/scr contains TEXT (fixed string).
has() {
	if grep -qF -- "$1" "$T/scr"; then
		pass "$2"
	else
		fail "$2"
		diag "no '$1' on the screen:"
		sed 's/^/#   | /' "$T/scr"
	fi
}

# has_re REGEX DESC: a line of $T/scr matches REGEX (grep -E).
has_re() {
	if grep -Eq -- "$1" "$T/scr"; then
		pass "$2"
	else
		fail "$2"
		diag "nothing matches /$1/ on the screen:"
		sed 's/^/#   | /' "$T/scr"
	fi
}

# lacks TEXT DESC: $T/scr does not contain TEXT.
lacks() {
	if grep -qF -- "$1" "$T/scr"; then
		fail "$2"
		diag "'$1' is on the screen:"
		sed 's/^/#   | /' "$T/scr"
	else
		pass "$2"
	fi
}

# joined: $T/scr with each wrapped line ("  " and more text) put back
# after the line it continues.
joined() {
	awk '/^  [^ ]/ && NR > 1 { sub(/^  /, ""); line = line " " $0; next }
	     NR > 1 { print line } { line = $0 } END { print line }' "$T/scr"
}

# has_joined TEXT DESC: $T/scr contains TEXT once wrapped lines are joined.
has_joined() {
	if joined | grep -qF -- "$1"; then
		pass "$2"
	else
		fail "$2"
		diag "no '$1' on the screen (wrapped lines joined):"
		sed 's/^/#   | /' "$T/scr"
	fi
}

# dump OUT SIZE KEYS ENV...: the dashboard on $DB with a key script.
dump() {
	_out=$1 _size=$2
	printf '%s' "$3" >"$T/keys"
	shift 3
	env "$@" "$KPITOP" --db "$DB" --keys "$T/keys" --dump "$_out" --size "$_size" \
		>"$T/stdout" 2>"$T/err"
	rc=$?
}
