#!/bin/sh
# regress.sh - replay the fuzz corpus and every saved crash (TAP).
#
# Builds each harness tests/fuzz/fuzz_NAME.c without libFuzzer, with the
# ordinary C compiler and standalone.c as main(), under ASan/UBSan when the
# compiler has them, and runs it over tests/fuzz/corpus/NAME/* and
# tests/fuzz/regressions/NAME/*.  One test per harness; an input that fails
# is named in its own "not ok" line.  The source tree is $srcdir when the
# automake test driver sets it, else the tree this script lives in.  The
# compiler is $CC_FOR_FUZZ, else $CC, else gcc.

# Flag and object lists are split on spaces on purpose (no spaces in paths,
# as automake requires too).
# shellcheck disable=SC2086
set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir:-}" ] && [ -f "$srcdir/tests/fuzz/standalone.c" ]; then
	src=$(cd "$srcdir" && pwd)
else
	src=$(cd "$here/../.." && pwd)
fi
fuzzdir=$src/tests/fuzz
cc=${CC_FOR_FUZZ:-${CC:-gcc}}
command -v "$cc" >/dev/null 2>&1 || cc=cc

work=$(mktemp -d "${TMPDIR:-/tmp}/kpitop-regress.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
diag() { sed 's/^/# /'; }
# Run quietly: a harness that aborts is reported by us, not by the shell's
# "Aborted" notice (the subshell, not this shell, is its parent).
replay() {
	(
		"$bin" "$@" >"$work/out" 2>&1
		echo $? >"$work/rc"
	) 2>/dev/null
	[ "$(cat "$work/rc")" -eq 0 ]
}

mkdir -p "$work/cfg"
{
	echo '#define PACKAGE_VERSION "fuzz"'
	echo '#define _GNU_SOURCE 1'
	if [ -f /usr/include/iniparser/iniparser.h ]; then
		echo '#define HAVE_INIPARSER_INIPARSER_H 1'
	fi
} >"$work/cfg/config.h"

# Sanitizers when this compiler can link them (fast to check, worth it).
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
echo 'int main(void) { return 0; }' >"$work/probe.c"
"$cc" $san "$work/probe.c" -o "$work/probe" >/dev/null 2>&1 || san=
cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer $san -I$work/cfg -I$src/include -I$fuzzdir"

# Compile everything in parallel: the product, main() and the harnesses.
sources="util date numfmt csvio editor textw config"
for s in $sources; do
	"$cc" $cflags -c "$src/src/$s.c" -o "$work/$s.o" 2>"$work/$s.err" &
done
"$cc" $cflags -c "$fuzzdir/standalone.c" -o "$work/standalone.o" 2>"$work/standalone.err" &
names=
for h in "$fuzzdir"/fuzz_*.c; do
	name=$(basename "$h" .c)
	name=${name#fuzz_}
	names="$names $name"
	"$cc" $cflags -c "$h" -o "$work/h_$name.o" 2>"$work/h_$name.err" &
done
wait

objs=
for s in $sources standalone; do
	objs="$objs $work/$s.o"
	if [ ! -f "$work/$s.o" ]; then
		not_ok "compile $s.c"
		diag <"$work/$s.err"
	fi
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

for name in $names; do
	bin=$work/fuzz_$name
	if [ ! -f "$work/h_$name.o" ] ||
		! "$cc" $cflags "$work/h_$name.o" $objs -liniparser -lm -o "$bin" \
			2>>"$work/h_$name.err"; then
		not_ok "fuzz_$name: builds without libFuzzer"
		diag <"$work/h_$name.err"
		continue
	fi
	set --
	for f in "$fuzzdir/corpus/$name"/* "$fuzzdir/regressions/$name"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -eq 0 ]; then
		not_ok "fuzz_$name: no inputs in tests/fuzz/corpus/$name"
		continue
	fi
	count=$#
	if replay "$@"; then
		ok "fuzz_$name: $count inputs replayed"
		continue
	fi
	# Something failed: run the inputs one by one to name each culprit.
	for f in "$@"; do
		if ! replay "$f"; then
			not_ok "fuzz_$name: ${f#"$src"/}"
			grep -m 8 -E 'invariant broken|ERROR: |SUMMARY|runtime error|#[0-9]+ 0x' \
				"$work/out" | diag
		fi
	done
done

echo "1..$n"
exit 0
