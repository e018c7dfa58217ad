#!/bin/sh
# run.sh - build the libFuzzer harnesses of tests/fuzz with clang and run
# each for a bounded time, then print one line per fuzzer:
#     fuzz_csv: 1234567 inputs, 0 crashes (10 s, 123456 inputs/s)
#
# usage: run.sh [BUILD_DIR [SOURCE_DIR]]
#   BUILD_DIR   where binaries, working corpora and logs go (/tmp/kpitop-fuzz)
#   SOURCE_DIR  the kpitop source tree (the one this script is in)
# environment:
#   FUZZ_SECONDS  time per fuzzer (default 10)
#   FUZZ_JOBS     fuzzers run at once (default: the number of CPUs)
#   FUZZ_ONLY     run only these harnesses, e.g. "csv config"
#   CLANG         the compiler (default clang)
#
# Each fuzzer starts from a fresh copy of tests/fuzz/corpus/NAME plus
# tests/fuzz/regressions/NAME (so a past crash that is not fixed fails at
# once), with tests/fuzz/NAME.dict as its dictionary when there is one.
# A crash, leak, timeout or broken invariant is copied into
# tests/fuzz/regressions/NAME/, where regress.sh replays it on every
# `make check`, and the script exits 1.  Without a clang that has libFuzzer
# it says so and exits 0.

# Flag and object lists are split on spaces on purpose (no spaces in paths,
# as automake requires too).
# shellcheck disable=SC2086,SC2012
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-/tmp/kpitop-fuzz}
src=${2:-$(cd "$here/../.." && pwd)}
seconds=${FUZZ_SECONDS:-10}
clang=${CLANG:-clang}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
fuzzdir=$src/tests/fuzz

mkdir -p "$build/cfg" || exit 1
build=$(cd "$build" && pwd)

# A probe: clang must exist and link -fsanitize=fuzzer.
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)(n & 0); }' \
	>"$build/probe.c"
if ! command -v "$clang" >/dev/null 2>&1 ||
	! "$clang" -fsanitize=fuzzer,address,undefined "$build/probe.c" -o "$build/probe" \
		>/dev/null 2>&1; then
	echo "fuzz: skipped (clang with libFuzzer not found)"
	exit 0
fi

# The few things config.h says that these sources need.
{
	echo '#define PACKAGE_VERSION "fuzz"'
	echo '#define _GNU_SOURCE 1'
	if [ -f /usr/include/iniparser/iniparser.h ]; then
		echo '#define HAVE_INIPARSER_INIPARSER_H 1'
	fi
} >"$build/cfg/config.h"

cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all \
-I$build/cfg -I$src/include -I$fuzzdir"
sources="util date numfmt csvio editor textw config"

# The product once, instrumented for coverage; each harness links it.
objs=
for s in $sources; do
	if ! "$clang" $cflags -fsanitize=fuzzer-no-link,address,undefined \
		-c "$src/src/$s.c" -o "$build/$s.o" 2>"$build/$s.err"; then
		cat "$build/$s.err" >&2
		echo "fuzz: cannot compile src/$s.c" >&2
		exit 1
	fi
	objs="$objs $build/$s.o"
done

names=
for h in "$fuzzdir"/fuzz_*.c; do
	name=$(basename "$h" .c)
	name=${name#fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $name "*) ;; *) continue ;; esac
	fi
	if ! "$clang" $cflags -fsanitize=fuzzer,address,undefined "$h" $objs \
		-liniparser -lm -o "$build/fuzz_$name" 2>"$build/fuzz_$name.err"; then
		cat "$build/fuzz_$name.err" >&2
		echo "fuzz: cannot build fuzz_$name" >&2
		exit 1
	fi
	names="$names $name"
done

# One fuzzer: fresh corpus, bounded time, its log kept in the build dir.
run_one() {
	name=$1
	corpus=$build/corpus/$name
	art=$build/artifacts/$name
	rm -rf "$corpus" "$art"
	mkdir -p "$corpus" "$art"
	for d in "$fuzzdir/corpus/$name" "$fuzzdir/regressions/$name"; do
		[ -d "$d" ] && cp "$d"/* "$corpus"/ 2>/dev/null
	done
	dict=
	[ -f "$fuzzdir/$name.dict" ] && dict=-dict=$fuzzdir/$name.dict
	start=$(date +%s)
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$build/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-artifact_prefix="$art/" $dict "$corpus" >"$build/fuzz_$name.log" 2>&1
	echo $? >"$build/fuzz_$name.rc"
	echo $(($(date +%s) - start)) >"$build/fuzz_$name.time"
}

# In batches of $jobs, so the time bound holds on small CI machines.
set -- $names
while [ $# -gt 0 ]; do
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
		run_one "$1" &
		shift
		i=$((i + 1))
	done
	wait
done

status=0
for name in $names; do
	log=$build/fuzz_$name.log
	rc=$(cat "$build/fuzz_$name.rc" 2>/dev/null || echo 1)
	# The final stats; a run that crashed has only its progress lines.
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
	runs=${runs:-0}
	took=$(cat "$build/fuzz_$name.time" 2>/dev/null || echo 0)
	rate=$((runs / (took > 0 ? took : 1)))
	crashes=$(ls "$build/artifacts/$name" 2>/dev/null | wc -l)
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1 # died without leaving an input (should not happen)
	fi
	echo "fuzz_$name: $runs inputs, $crashes crashes ($took s, $rate inputs/s)"
	if [ "$crashes" -ne 0 ]; then
		status=1
		# The report: what broke, then the frames in our own code.
		{
			grep -E 'invariant broken|ERROR: |SUMMARY|runtime error' "$log" | head -n 4
			grep -E '#[0-9]+ 0x.* in .*/(src|tests/fuzz)/' "$log" | head -n 6
		} | sed "s/^/    /"
		keep=$fuzzdir/regressions/$name
		mkdir -p "$keep" 2>/dev/null
		for a in "$build/artifacts/$name"/*; do
			[ -f "$a" ] || continue
			for k in "$keep"/*; do # a known input that still fails: no copy
				if [ -f "$k" ] && cmp -s "$a" "$k"; then
					echo "    still fails: ${k#"$src"/}"
					continue 2
				fi
			done
			if cp "$a" "$keep"/ 2>/dev/null; then
				echo "    saved: ${keep#"$src"/}/$(basename "$a")"
			else
				echo "    not saved (read-only source tree?): $a"
			fi
		done
		echo "    full log: $log"
	fi
done
exit $status
