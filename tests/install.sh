#!/bin/sh
# make install DESTDIR=...: the binary, both man pages, the example
# configuration, the schema notes and the Russian catalogue land where an
# FHS system expects them, and the installed program finds its catalogue.
# Run from the top of a configured build tree (.ci/run does).
set -u
d=$(mktemp -d "${TMPDIR:-/tmp}/kpitop-install.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
n=0 failed=0
check() { n=$((n + 1)); if eval "$1"; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

make -s install DESTDIR="$d/root" prefix=/usr sysconfdir=/etc >"$d/log" 2>&1
rc=$?
check '[ "$rc" -eq 0 ]' "make install DESTDIR=... prefix=/usr succeeds"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$d/log"
r="$d/root"
check '[ -x "$r/usr/bin/kpitop" ]' "the program: /usr/bin/kpitop"
check '[ -f "$r/usr/share/man/man1/kpitop.1" ]' "kpitop(1): /usr/share/man/man1"
check '[ -f "$r/usr/share/man/man5/kpitop.ini.5" ]' "kpitop.ini(5): /usr/share/man/man5"
check '[ -f "$r/usr/share/doc/kpitop/kpitop.ini.example" ]' "the example configuration: /usr/share/doc/kpitop"
check '[ -f "$r/usr/share/doc/kpitop/schema.md" ]' "the schema notes: /usr/share/doc/kpitop"
check '[ -f "$r/usr/share/locale/ru/LC_MESSAGES/kpitop.mo" ]' "the Russian catalogue: /usr/share/locale/ru/LC_MESSAGES"
if locale -a 2>/dev/null | grep -qix 'ru_RU.utf-\{0,1\}8'; then
	out=$(env -u LANGUAGE HOME="$d" LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 \
		KPITOP_LOCALEDIR="$r/usr/share/locale" "$r/usr/bin/kpitop" --help 2>&1)
	check 'printf "%s" "$out" | grep -q "Использование\|Команды"' "the installed program speaks Russian from the installed catalogue"
else
	n=$((n + 1)); echo "ok $n # SKIP the ru_RU.UTF-8 locale is missing"
fi
check '[ "$("$r/usr/bin/kpitop" --version)" = "kpitop $(sed -n "s/^AC_INIT(\[kpitop\], \[\([^]]*\)\].*/\1/p" "$(dirname "$0")/../configure.ac")" ]' \
	"--version shows configure.ac's version"
echo "1..$n"
echo "# PASS:  $((n - failed))"
echo "# FAIL:  $failed"
[ "$failed" -eq 0 ]
