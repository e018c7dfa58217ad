#!/bin/sh
# Translation of the command line: under ru_RU.UTF-8 help, errors and
# confirmations are Russian with correct plural forms; under en_US.UTF-8 and
# C they are English; what scripts read (CSV, JSON, export, check, lists)
# is byte-identical in every locale.
. "$TESTLIB"
unset LANGUAGE LC_MESSAGES 2>/dev/null || true

RU=ru_RU.UTF-8 EN=en_US.UTF-8

# has_locale NAME: `locale -a` lists it (spelled utf8 or UTF-8).
has_locale() {
	_want=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
	locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/' | grep -qx "$_want"
}
if ! has_locale "$RU"; then
	echo "1..0 # SKIP the $RU locale is not installed (./bootstrap generates it; or: locale-gen $RU)"
	exit 0
fi
mo="$(dirname "$(dirname "$KPITOP")")/locale/ru/LC_MESSAGES/kpitop.mo"
if [ ! -f "$mo" ]; then
	echo "1..0 # SKIP built without NLS: no $mo (configure --disable-nls?)"
	exit 0
fi

# skip DESC REASON: a test that cannot run here.
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }

# kl LOCALE ARGS...: kp under LOCALE (LANG and LC_ALL).
kl() {
	_loc=$1
	shift
	LANG=$_loc LC_ALL=$_loc "$KPITOP" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# no_cyrillic FILE DESC: the output stayed English (no byte that starts a
# Cyrillic letter in UTF-8, 0xD0 or 0xD1; ranges like [А-я] are not portable).
cyr=$(printf '[\320\321]')
no_cyrillic() {
	if LC_ALL=C grep -q "$cyr" "$1"; then
		fail "$2"
		diag "$(LC_ALL=C grep "$cyr" "$1" | head -5)"
	else
		pass "$2"
	fi
}

# ---- --help ----
kl "$RU" --help
expect_rc 0 "ru: --help exits 0"
expect_out '^Использование: kpitop \[ПАРАМЕТРЫ\] \[КОМАНДА \[АРГУМЕНТЫ\]\]$' "ru: --help usage line"
expect_out '^Параметры:$' "ru: --help options heading"
expect_out '^  -h, --help           показать эту справку и выйти$' "ru: --help describes --help"
expect_out '^      --demo           работать с демо-базой \(\$XDG_DATA_HOME/kpitop/demo.db\)$' "ru: --help describes --demo"
expect_out '^Команды \(без команды открывается панель\):$' "ru: --help commands heading"
expect_out '^  import \[--create\] ФАЙЛ.csv          загрузить данные из CSV \(всё или ничего\)$' \
	"ru: --help describes import, aligned"
expect_out '^Код возврата: 0 — успех, 1 — ошибка выполнения, 2 — ошибка в командной строке\.$' \
	"ru: --help exit statuses"
if grep -q 'show this help\|Usage:\|Options:' "$T/out"; then fail "ru: no English left in --help"; diag "$(grep 'show this help\|Usage:\|Options:' "$T/out")"; else pass "ru: no English left in --help"; fi

for cmd in add plan import export report init log undo backup check team manager channel metric; do
	kl "$RU" $cmd --help
	if [ "$rc" -eq 0 ] && grep -q '^Использование:' "$T/out" && ! grep -q 'Usage:\|show this help' "$T/out"; then
		pass "ru: $cmd --help is Russian"
	else
		fail "ru: $cmd --help is Russian"
		diag "status $rc" "$(head -3 "$T/out")"
	fi
done
kl "$RU" add --help
expect_out '^Задаёт \(а не прибавляет\) показатели менеджера за один день по одному каналу\.$' "ru: add --help text"
kl "$RU" report --help
expect_out '^  -f, --format ФОРМАТ   text \(по умолчанию, выровненная таблица\), csv или json$' "ru: report --help options"
kl "$RU" team --help
expect_out '^  -a, --all           показать и архивные записи \(с пометкой archived\)$' "ru: admin --help options"

for loc in C "$EN"; do
	if [ "$loc" = "$EN" ] && ! has_locale "$EN"; then
		skip "$loc: --help is English" "the $EN locale is not installed"
		continue
	fi
	kl "$loc" --help
	expect_out '^Usage: kpitop \[OPTIONS\] \[COMMAND \[ARGS\]\]$' "$loc: --help is English"
	no_cyrillic "$T/out" "$loc: no Russian in --help"
	kl "$loc" import --help
	no_cyrillic "$T/out" "$loc: no Russian in import --help"
done

# ---- errors ----
kl "$RU" frobnicate
expect_rc 2 "ru: an unknown command is still a usage error"
expect_err '^kpitop: неизвестная команда «frobnicate»$' "ru: unknown command"
expect_err '^Подробнее: «kpitop --help»\.$' "ru: the hint to --help"
kl "$RU" --bogus
expect_err '^kpitop: неизвестный параметр «--bogus»$' "ru: unknown option"
kl "$RU" report --view weekly
expect_rc 2 "ru: a bad report view is a usage error"
expect_err '^kpitop report: неверный вид «weekly»; допустимо: teams, managers, channels$' "ru: bad view"
expect_err '^Подробнее: «kpitop report --help»\.$' "ru: the hint to report --help"
kl "$RU" report
expect_rc 1 "ru: no database: status 1"
expect_err "^kpitop: .*kp.db: базы данных нет \(создайте её: kpitop --db .*kp.db init\)$" "ru: no database"
one_line_err "ru: no database: one line"

kl "$RU" init
expect_rc 0 "ru: init"
expect_out 'kp.db: база данных создана$' "ru: init confirms"
kl "$RU" init
expect_out 'kp.db: база данных в актуальном состоянии$' "ru: a second init"
kl "$RU" team add Sales
kl "$RU" manager add Bob --team Sales
kl "$RU" team add Sales
expect_err "^kpitop: team: команда «Sales» уже существует$" "ru: a name taken"
kl "$RU" add --manager Nobody calls=1
expect_rc 1 "ru: an unknown manager: status 1"
expect_err "^kpitop: add: нет менеджера «Nobody» \(список: kpitop manager list\)$" "ru: unknown manager"
kl "$RU" add --manager Bob frogs=1
expect_err "^kpitop: add: неизвестный показатель «frogs»; известные: calls leads meetings proposals deals revenue$" \
	"ru: unknown metric"

printf 'date,team,manager,channel,calls\n2026-11-02,Sales,Bob,phone,1\n2026-02-30,Sales,Bob,phone,2\n2026-11-04,Sales,Bob,phone\n' >"$T/bad.csv"
kl "$RU" import "$T/bad.csv"
expect_rc 1 "ru: a bad CSV row: status 1"
expect_err "^kpitop: .*bad.csv:3: «2026-02-30» — неверная дата \(ГГГГ-ММ-ДД\)$" "ru: bad CSV row with file:line"
expect_err "^kpitop: .*bad.csv:4: 4 поля, а в заголовке 5$" "ru: a short CSV row, plural of fields"
expect_err "^kpitop: .*bad.csv: ничего не загружено$" "ru: nothing imported"
expect_eq "$(sql "SELECT count(*) FROM entry")" "0" "ru: the bad file imported nothing"
printf 'date,team,manager,channel,calls\n2026-11-02,Sales,Bob,phone,1\n2026-11-02,Sales,Bob,phone,2\n' >"$T/dup.csv"
kl "$RU" import "$T/dup.csv"
expect_err "^kpitop: .*dup.csv:3: ещё одна строка с тем же днём, менеджером и каналом, что и строка 2$" \
	"ru: a repeated row names the first one's line"

mkdir -p "$T/cfg"
printf '[ui]\nfoo = 1\nrefresh_ms = 5\n' >"$T/cfg/c.ini"
kl "$RU" --config "$T/cfg/c.ini" check
expect_err "c.ini:2: неизвестный ключ «foo» в \[ui\]; допустимые ключи: refresh_ms, default_view" "ru: config: unknown key with file:line and valid keys"
expect_err "c.ini:3: \[ui\] refresh_ms = 5 вне допустимого диапазона 100..60000$" "ru: config: out of range"

# A database whose schema page is damaged: one Russian line, status 1.
cp "$DB" "$T/corrupt.db"
"${SQLITE3:-sqlite3}" "$T/corrupt.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
head -c 3996 /dev/zero | tr '\0' '\377' | dd of="$T/corrupt.db" bs=1 seek=100 conv=notrunc 2>/dev/null
for loc in "$RU" C; do
	LANG=$loc LC_ALL=$loc "$KPITOP" --db "$T/corrupt.db" report >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 "$loc: a corrupt database: status 1"
	one_line_err "$loc: a corrupt database: one line"
	if [ "$loc" = "$RU" ]; then
		expect_err "^kpitop: .*corrupt.db: чтение базы данных: файл базы данных повреждён$" "ru: a corrupt database says so"
	else
		expect_err "^kpitop: .*corrupt.db: reading the database: the database file is corrupt$" "C: a corrupt database says so"
	fi
done
printf 'not a database\n' >"$T/text.db"
kl "$RU" --db "$T/text.db" report
expect_err "text.db: не база данных kpitop \(не файл SQLite\)$" "ru: not a database"

# The same errors stay English under C and en_US.
for loc in C "$EN"; do
	if [ "$loc" = "$EN" ] && ! has_locale "$EN"; then
		skip "$loc: errors are English" "the $EN locale is not installed"
		continue
	fi
	kl "$loc" frobnicate
	expect_err "^kpitop: unknown command 'frobnicate'$" "$loc: unknown command"
	expect_err "^Try 'kpitop --help' for more information\.$" "$loc: the hint to --help"
	kl "$loc" import "$T/bad.csv"
	expect_err "bad.csv:3: '2026-02-30' is not a valid date \(YYYY-MM-DD\)$" "$loc: bad CSV row"
	expect_err "bad.csv:4: 4 fields, the header has 5$" "$loc: a short CSV row"
	no_cyrillic "$T/err" "$loc: no Russian in import errors"
	kl "$loc" --config "$T/cfg/c.ini" check
	expect_err "c.ini:2: unknown key 'foo' in \[ui\]; valid keys: refresh_ms" "$loc: config diagnostics"
done

# ---- plural forms ----
# import: N rows of N values, each on its own days (all new, all changed).
month=0
for n in 1 2 5 11 21 22 25; do
	month=$((month + 1))
	{
		echo "date,team,manager,channel,calls"
		i=1
		while [ "$i" -le "$n" ]; do
			printf '2025-%02d-%02d,Sales,Bob,phone,%d\n' "$month" "$i" "$i"
			i=$((i + 1))
		done
	} >"$T/n$n.csv"
	case $n in
	1) want="1 строка, задано 1 значение, изменено 1" ;;
	2) want="2 строки, задано 2 значения, изменено 2" ;;
	5) want="5 строк, задано 5 значений, изменено 5" ;;
	11) want="11 строк, задано 11 значений, изменено 11" ;;
	21) want="21 строка, задано 21 значение, изменено 21" ;;
	22) want="22 строки, задано 22 значения, изменено 22" ;;
	25) want="25 строк, задано 25 значений, изменено 25" ;;
	esac
	kl "$RU" import "$T/n$n.csv"
	expect_eq "$(cat "$T/out")" "$T/n$n.csv: $want" "ru: import of $n rows"
done
kl C import "$T/n1.csv"
expect_eq "$(cat "$T/out")" "$T/n1.csv: 1 row, 1 value set, 0 changed" "C: import of 1 row"
kl C import "$T/n21.csv"
expect_eq "$(cat "$T/out")" "$T/n21.csv: 21 rows, 21 values set, 0 changed" "C: import of 21 rows"

kl "$RU" add --date 2026-11-02 --manager Bob calls=1
expect_eq "$(cat "$T/out")" "задано 1 значение, изменено 1" "ru: add of 1 value"
kl "$RU" add --date 2026-11-02 --manager Bob calls=1 leads=2
expect_eq "$(cat "$T/out")" "задано 2 значения, изменено 1" "ru: add of 2 values"
kl "$RU" add --date 2026-11-02 --manager Bob calls=3 leads=3 meetings=3 proposals=3 deals=3
expect_eq "$(cat "$T/out")" "задано 5 значений, изменено 5" "ru: add of 5 values"
kl "$RU" undo
expect_out '^изменение #[0-9]+ отменено \(восстановлено 5 значений\)$' "ru: undo of 5 values"
kl "$RU" undo
expect_out '^изменение #[0-9]+ отменено \(восстановлено 1 значение\)$' "ru: undo of 1 value"
kl C add --date 2026-11-02 --manager Bob calls=7 leads=7
expect_eq "$(cat "$T/out")" "2 values set, 2 changed" "C: add of 2 values"
kl "$RU" team rename
expect_err "^kpitop team: team rename принимает 2 аргумента$" "ru: arity, plural of arguments"
kl "$RU" team archive
expect_err "^kpitop team: team archive принимает 1 аргумент$" "ru: arity, singular"

# ---- what scripts read: the same bytes in every locale ----
"$KPITOP" --db "$T/demo.db" init --demo >/dev/null 2>&1
locales="C $RU"
if has_locale "$EN"; then locales="$locales $EN"; else skip "en_US: machine-readable output" "the $EN locale is not installed"; fi
same() { # DESC ARGS...: the output of ARGS is the same in every locale
	_desc=$1
	shift
	_first=
	_ok=1
	for loc in $locales; do
		LANG=$loc LC_ALL=$loc "$KPITOP" --db "$T/demo.db" "$@" >"$T/same.$loc" 2>&1
		if [ -z "$_first" ]; then
			_first=$loc
		elif ! cmp -s "$T/same.$_first" "$T/same.$loc"; then
			_ok=0
			diag "$_first vs $loc:" "$(diff "$T/same.$_first" "$T/same.$loc" | head -6)"
		fi
	done
	if [ "$_ok" = 1 ] && [ -s "$T/same.$_first" ]; then pass "$_desc"; else fail "$_desc"; fi
}
for view in teams managers channels; do
	for fmt in csv json; do
		same "report --view $view --format $fmt: identical in C, ru_RU, en_US" report --view "$view" --format "$fmt"
	done
done
same "report --period quarter --format csv: identical" report --period quarter --format csv
same "export: identical" export
same "check: identical" check
same "team list: identical" team list --all
same "manager list: identical" manager list --all
same "metric list: identical" metric list --all
# A default channel shown in Russian ("телефон") may be named so on the
# command line, as well as by its stored name; other locales do not know
# the Russian name.
LANG=$RU LC_ALL=$RU "$KPITOP" --db "$T/demo.db" add --date 2026-11-21 --manager "Анна Смирнова" \
	--channel телефон calls=7 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "ru: add --channel телефон (the name the dashboard shows)"
expect_eq "$("${SQLITE3:-sqlite3}" -batch "$T/demo.db" "SELECT channel FROM entries WHERE day='2026-11-21' AND metric='calls' AND manager='Анна Смирнова'")" \
	"phone" "is the phone channel"
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$KPITOP" --db "$T/demo.db" add --date 2026-11-21 --manager "Анна Смирнова" \
	--channel телефон calls=8 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "C: телефон names no channel"
printf 'date,team,manager,channel,calls\n2026-11-22,Москва,Анна Смирнова,телефон,3\n' >"$T/ru-chan.csv"
LANG=$RU LC_ALL=$RU "$KPITOP" --db "$T/demo.db" import "$T/ru-chan.csv" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "ru: import takes the shown channel name too"
expect_eq "$("${SQLITE3:-sqlite3}" -batch "$T/demo.db" "SELECT channel FROM entries WHERE day='2026-11-22' AND metric='calls' AND manager='Анна Смирнова'")" \
	"phone" "and files the row under phone, creating no channel"
LANG=$RU LC_ALL=$RU "$KPITOP" --db "$T/demo.db" channel archive "эл. почта" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "ru: admin commands take the shown name too (channel archive «эл. почта»)"
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$KPITOP" --db "$T/demo.db" channel list --all >"$T/out"
expect_out "^email	archived$" "and it was the email channel"
LANG=$RU LC_ALL=$RU "$KPITOP" --db "$T/demo.db" channel unarchive email >/dev/null 2>&1

LANG=$RU LC_ALL=$RU "$KPITOP" --db "$T/demo.db" report --format csv >"$T/out"
expect_out '^name,calls,leads,meetings,proposals,deals,revenue,revenue_plan,' "ru: CSV columns keep their keys"
expect_out '^TOTAL,' "ru: the CSV total row is TOTAL"
done_testing
