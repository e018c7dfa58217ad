#!/bin/sh
# run.sh SRCDIR BUILDDIR - make bench.  Builds the benchmark company once
# (bench/cache/ in the build tree, reused while the generator and the schema
# stay the same), then measures a scratch copy of it with bench.py.
# Environment: SQLITE3, PYTHON (default python3), BENCH_ARGS (extra options
# for bench.py, e.g. "--idle 5 --reps 5").
set -eu
srcdir=${1:?usage: run.sh SRCDIR BUILDDIR}
builddir=${2:?usage: run.sh SRCDIR BUILDDIR}
KPITOP=$builddir/src/kpitop
VIEWTIME=$builddir/bench/viewtime
SQLITE3=${SQLITE3:-sqlite3}
PYTHON=${PYTHON:-python3}
[ -n "$SQLITE3" ] || SQLITE3=sqlite3
[ -n "$PYTHON" ] || PYTHON=python3
CACHE=$builddir/bench/cache
ASOF=2025-11-20

command -v "$SQLITE3" >/dev/null 2>&1 || { echo "bench: sqlite3 is needed" >&2; exit 1; }
command -v "$PYTHON" >/dev/null 2>&1 || { echo "bench: python3 is needed" >&2; exit 1; }
mkdir -p "$CACHE"

ms() { date +%s%N | cut -c1-13; }

# The cache is keyed by the generator and the schema kpitop writes.
probe=$CACHE/probe.db
rm -f "$probe" "$probe-wal" "$probe-shm"
"$KPITOP" --db "$probe" init >/dev/null
schema=$("$KPITOP" --db "$probe" check | sed -n 's/^schema: //p')
rm -f "$probe" "$probe-wal" "$probe-shm"
key=$(cat "$srcdir/bench/gencsv.sql" "$srcdir/bench/plans.sql" | cksum | cut -d' ' -f1)
company=$CACHE/company-s$schema-$key.db
year=$CACHE/year-2024.csv

if [ ! -f "$company" ] || [ ! -f "$year" ]; then
	echo "bench: building the benchmark company (once) in $CACHE ..." >&2
	rm -f "$CACHE"/company-*.db* "$year"
	tmp=$CACHE/building.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	t0=$(ms)
	{ echo "CREATE TEMP TABLE bench_asof AS SELECT '$ASOF' AS asof;"
	  cat "$srcdir/bench/gencsv.sql"; } | "$SQLITE3" :memory: >"$CACHE/company.csv"
	t1=$(ms)
	"$KPITOP" --db "$tmp" init >/dev/null
	out=$("$KPITOP" --db "$tmp" import --create "$CACHE/company.csv")
	t2=$(ms)
	"$SQLITE3" "$tmp" <"$srcdir/bench/plans.sql"
	"$KPITOP" --db "$tmp" export --from 2024-01-01 --to 2024-12-31 "$year"
	values=$(echo "$out" | sed -n 's/.* \([0-9]*\) values set.*/\1/p')
	echo "bench: CSV written in $((t1 - t0)) ms; $out;" \
	     "imported in $((t2 - t1)) ms ($((values * 1000 / (t2 - t1 + 1))) values/s)" >&2
	rm -f "$CACHE/company.csv"
	mv "$tmp" "$company"
	rm -f "$tmp-wal" "$tmp-shm"
fi

# A scratch copy: the measurements add entries.
run=$CACHE/run.db
rm -rf "$run" "$run-wal" "$run-shm" "$CACHE/work"
cp "$company" "$run"
set +e
# shellcheck disable=SC2086
"$PYTHON" "$srcdir/bench/bench.py" --kpitop "$KPITOP" --viewtime "$VIEWTIME" \
	--sqlite3 "$SQLITE3" --db "$run" --year-csv "$year" --work "$CACHE/work" ${BENCH_ARGS:-}
rc=$?
rm -rf "$run" "$run-wal" "$run-shm" "$CACHE/work"
exit $rc
