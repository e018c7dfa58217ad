#!/bin/sh
# Run command-line tests with every kpitop process under valgrind: any
# definite leak or memory error fails the test (make check-valgrind).
# Usage: tests/valgrind.sh KPITOP TEST.sh...
set -u
real=$1
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/kpitop-vg.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cat >"$dir/kpitop" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	--error-exitcode=99 --log-file="$dir/vg.%p" "$real" "\$@"
WRAP
chmod +x "$dir/kpitop"
status=0
i=0
for t in "$@"; do # all at once: valgrind is slow, the machine has cores
	i=$((i + 1))
	(KPITOP="$dir/kpitop" sh "$t" >"$dir/out.$i" 2>&1; echo $? >"$dir/rc.$i") &
done
wait
i=0
for t in "$@"; do
	i=$((i + 1))
	if [ "$(cat "$dir/rc.$i")" != 0 ]; then
		echo "FAIL: $t"
		grep -A3 '^not ok' "$dir/out.$i" | head -20
		status=1
	fi
	echo "$t: $(grep -c '^ok' "$dir/out.$i") ok under valgrind"
done
# valgrind's own reports: every non-empty log is a problem.
for f in "$dir"/vg.*; do
	[ -s "$f" ] || continue
	echo "valgrind report $f:"
	head -40 "$f"
	status=1
done
[ $status -eq 0 ] && echo "valgrind: no errors, no definite leaks"
exit $status
