#!/bin/sh
# i18n: the dashboard and `kpitop report` in Russian and in US English.
# Under LANG=ru_RU.UTF-8, in a real terminal (tmux): the Teams view's header,
# column titles and TOTAL, the help overlay, a Day sheet refusal, Russian
# digit grouping and decimal comma, dates as DD.MM.YYYY and plural forms.
# Under en_US.UTF-8 the same screen is English with 1,234.50-style numbers
# and MM/DD/YYYY dates.  The screen-dump mode checks 80x24 and 110x30 for
# alignment and for text cut in the middle of a character.  The text report's
# headers are translated; CSV and JSON are the same bytes in every locale.
. "$TESTLIB"
. "${TESTLIB%/cli/lib.sh}/tui/scr.sh"

# Skip (with the reason) what this machine cannot show.
have_locale() { locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/' | grep -qx "$1"; }
if ! have_locale ru_ru.utf8; then
	echo "1..0 # SKIP the ru_RU.UTF-8 locale is missing (./bootstrap generates it)"
	exit 0
fi
if [ ! -f "$(dirname "$KPITOP")/../locale/ru/LC_MESSAGES/kpitop.mo" ]; then
	echo "1..0 # SKIP no Russian catalogue next to $KPITOP (configure --disable-nls?)"
	exit 0
fi
HAVE_EN=1
have_locale en_us.utf8 || HAVE_EN=0
unset LANGUAGE LC_MESSAGES LC_NUMERIC LC_TIME 2>/dev/null || true
export TERM=xterm-256color
RU="LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8"
EN="LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8"
# The locale's own thousands separator (U+202F in glibc's ru_RU).
SEP=$(LC_ALL=ru_RU.UTF-8 locale thousands_sep 2>/dev/null)
[ -n "$SEP" ] || SEP=' '

# A small known company; today is Friday 2026-11-20 (lib.sh), so November
# has 15 of 21 working days gone and 6 left.
kp init
kp team add Sales
kp manager add "Иван Петров" --team Sales
kp manager add "Zoe Quinn" --team Sales
kp add --date 2026-11-20 --manager "Иван Петров" calls=1500 leads=20 deals=1 revenue=1234567.50
kp plan --month 2026-11 --team Sales revenue=5000000 deals=10
kp plan --month 2026-11 --manager "Иван Петров" revenue=4000000 deals=8
kp add --date 2026-11-19 --manager "Zoe Quinn" deals=2 revenue=1234.50
expect_rc 0 "a small company built with the command line"
# Revenue 1,235,802.00 of a 5,000,000 plan: 24.7%.

# ---- the screen-dump mode ----


dump "$T/ru1" 110x30 '<dump>2/Иван<Enter><Enter><dump>' $RU
expect_rc 0 "ru: the dashboard runs"
screen "$T/ru1" 1
has "Команды · Ноябрь 2026 · на 20.11.2026 · раб. день 15/21 · темп 71,4%" \
	"ru: header with the month's name, the date as DD.MM.YYYY and a decimal comma"
has_re "^ Команда +Выручка Выполнение +План +Сделки +Нужно/день +Прогноз +Конв\. +Ср\. чек$" \
	"ru: Teams column titles in Russian"
has " ИТОГО " "ru: the TOTAL row is ИТОГО"
has "1${SEP}235${SEP}802" "ru: revenue grouped with the locale's separator"
has_re " 24,7% " "ru: completion with a decimal comma"
lacks "Revenue" "ru: no English column title"
screen "$T/ru1" 2
has "Иван Петров — менеджер · Ноябрь 2026 · на 20.11.2026 · осталось 6 рабочих дней" \
	"ru: card title, plural of 6 (рабочих дней)"
has_re "^Показатель +Факт +План +% плана +Прогноз +Нужно/день +к пред\.$" "ru: card column titles"
has_re "До плана: ещё [0-9]+ сдел(ка|ки|ок) ≈ [0-9${SEP}]+ ли(д|да|дов) ≈ [0-9${SEP}]+ звон(ок|ка|ков); в день:" \
	"ru: plan decomposition with plural nouns"

# The other two Russian plural forms: 1 working day left (Friday 27th), and
# 2 values restored by an undo.
KPITOP_TODAY=2026-11-27 dump "$T/ru2" 110x30 '2/Иван<Enter><Enter><dump>' $RU
screen "$T/ru2" 1
has "остался 1 рабочий день" "ru: plural of 1 (рабочий день)"
cp "$DB" "$T/undo.db"
DB_SAVE=$DB DB="$T/undo.db"
dump "$T/ru3" 110x30 'uu<dump>' $RU
DB=$DB_SAVE
screen "$T/ru3" 1
has_re "отменено изменение №[0-9]+ \(восстановлено 2 значения\)" "ru: plural of 2 (значения)"

# Alignment and whole characters at 80x24 and 110x30, every view.
for size in 80x24 110x30; do
	dump "$T/al$size" "$size" '<dump>2<dump>3<dump>2<Enter><dump><Esc>4<dump><Esc>5<dump><Esc>6<dump>?<dump>' $RU
	if iconv -f UTF-8 -t UTF-8 "$T/al$size" >/dev/null 2>&1; then
		pass "ru $size: every screen is valid UTF-8 (nothing cut mid-character)"
	else
		fail "ru $size: every screen is valid UTF-8 (nothing cut mid-character)"
	fi
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$T/al$size" "${size%x*}" >"$T/align" 2>&1 <<'EOF'
import sys, unicodedata
path, cols = sys.argv[1], int(sys.argv[2])
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
bad = []
screens, cur = [], None
for line in open(path, encoding='utf-8'):
    line = line.rstrip('\n')
    if line.startswith('=== screen'):
        cur = []
        screens.append(cur)
        continue
    cur.append(line)
for n, scr in enumerate(screens, 1):
    for i, l in enumerate(scr):
        if width(l) > cols:
            bad.append('screen %d line %d is %d columns wide' % (n, i + 1, width(l)))
    # Tables: the last column's numbers end where its title ends.
    for i, l in enumerate(scr):
        if not (l.startswith(' Команда ') or l.startswith(' Менеджер ') or l.startswith(' Канал ')):
            continue
        if '…' in l:
            bad.append('screen %d: a column title is cut: %r' % (n, l))
        for r in scr[i + 1:i + 4]:
            if not r.strip() or r.startswith('─'):
                break
            if width(r) != width(l):
                bad.append('screen %d: %r ends at %d, its title line at %d' % (n, r, width(r), width(l)))
print('\n'.join(bad) if bad else 'ok')
EOF
		if [ "$(cat "$T/align")" = ok ]; then
			pass "ru $size: no line wider than the screen; titles whole; last columns line up with their titles"
		else
			fail "ru $size: no line wider than the screen; titles whole; last columns line up with their titles"
			sed 's/^/# /' "$T/align"
		fi
	else
		pass "# SKIP ru $size alignment (no python3)"
	fi
done

# Russian at 80 columns: long lines go on below instead of losing their
# ends (a refusal on the message line, a description in the help), and the
# key bar starts with help.
cp "$DB" "$T/long.db"
DB_SAVE=$DB DB="$T/long.db"
dump "$T/ru4" 80x24 '4425000000<Enter><dump><Esc><Esc>?<dump><Esc><Esc><dump>' $RU
DB=$DB_SAVE
screen "$T/ru4" 1
has_joined_flat() { # TEXT DESC: TEXT across two screen lines (joined with a space)
	if awk '{ if (NR > 1) print prev " " $0; prev = $0 }' "$T/scr" | grep -qF -- "$1"; then pass "$2"
	else fail "$2"; sed 's/^/#   | /' "$T/scr"; fi
}
has_joined_flat "Звонки: 425000000 больше предела 10${SEP}000: Enter ещё раз — сохранить, Esc — исправить" \
	"ru 80x24: a long refusal takes two lines, whole"
screen "$T/ru4" 2
joined >"$T/j"
if grep -q "^  Esc Backspace  *назад: закрыть карточку или справку; выйти из ввода за день, планов, журнала$" "$T/j" ||
	awk '{ if (NR > 1) print prev " " $0; prev = $0 }' "$T/scr" | sed 's/   */ /g' |
	grep -qF "Esc Backspace назад: закрыть карточку или справку; выйти из ввода за день, планов, журнала"; then
	pass "ru 80x24: a long help line goes on below, whole"
else
	fail "ru 80x24: a long help line goes on below, whole"
	sed 's/^/#   | /' "$T/scr"
fi
screen "$T/ru4" 3
has_re "^ \? справка  1-6/Tab вид" "ru 80x24: the key bar starts with ? справка"

# ---- a real terminal (tmux) ----

if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	diag "tmux not found: the real-terminal checks are skipped"
else
	unset TMUX TMUX_PANE
	SOCK="kpitop-i18n-$$"
	tm() { SHELL=/bin/sh "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }
	trap 'tm kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
	# wait_for TEXT [TENTHS]: TEXT (fixed string) appears in the pane.
	wait_for() {
		_w=0
		while [ $_w -lt "${2:-100}" ]; do
			tm capture-pane -p -t "$S" >"$T/pane" 2>/dev/null
			grep -qF -- "$1" "$T/pane" && return 0
			sleep 0.05
			_w=$((_w + 1))
		done
		return 1
	}
	# see TEXT DESC: wait for TEXT, pass or fail showing the pane.
	see() {
		if wait_for "$1"; then pass "$2"; else
			fail "$2"
			diag "no '$1' in the pane:"
			sed 's/^/#   | /' "$T/pane"
		fi
	}
	# start NAME ENV...: kpitop on $DB in a 100x30 tmux session NAME.
	start() {
		S=$1
		shift
		tm new-session -d -s "$S" -x 100 -y 30 \
			"env $TUI_ASAN HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' KPITOP_SYSCONFDIR='$KPITOP_SYSCONFDIR' TZ=UTC KPITOP_TODAY=$KPITOP_TODAY TERM=xterm-256color $* '$KPITOP' --db '$DB'; sleep 30"
	}

	# A session that outlives the others: killing the last session stops
	# the server, and a new-session racing that shutdown finds no server.
	tm new-session -d -s keep "sleep 600"
	start ru $RU
	see "Команды · Ноябрь 2026 · на 20.11.2026" "tmux ru: the header is Russian, the date DD.MM.YYYY"
	see "Выручка Выполнение" "tmux ru: column titles are Russian"
	see "1${SEP}235${SEP}802" "tmux ru: Russian digit grouping"
	see "24,7%" "tmux ru: decimal comma"
	see " ИТОГО " "tmux ru: ИТОГО row"
	tm send-keys -t ru '?'
	see "Клавиши (Esc или q закрывает справку)" "tmux ru: the help overlay is Russian"
	see "назад: закрыть карточку или справку" "tmux ru: help lines are Russian"
	tm send-keys -t ru Escape
	tm send-keys -t ru 4
	see "Ввод за день · 20.11.2026 Пт · команда Sales · канал телефон" "tmux ru: Day sheet title, date and weekday"
	see "Менеджер" "tmux ru: Day sheet column titles"
	tm send-keys -t ru a
	see "«a» — не число" "tmux ru: a Day sheet refusal is Russian"
	tm send-keys -t ru 5 -
	see "Звонки: отрицательные значения недопустимы" "tmux ru: an editor refusal is Russian"
	tm send-keys -t ru Escape Escape 6
	see "Журнал: " "tmux ru: Log title"
	see "20.11 Иван Петров / телефон Выручка" "tmux ru: Log dates (this year's without it) and words in Russian"
	see "19.11.2026 Zoe Quinn / телефон Выручка: (нет) →" "tmux ru: the selected change in full below the Log"
	tm send-keys -t ru q
	tm kill-session -t ru 2>/dev/null

	if [ "$HAVE_EN" = 1 ]; then
		start en $EN
		see "Teams · November 2026 · as of 11/20/2026 · day 15/21 · pace 71.4%" "tmux en: the header is English, the date MM/DD/YYYY"
		see " Name " "tmux en: column titles are English"
		see "1,235,802" "tmux en: 1,234-style grouping"
		see "24.7%" "tmux en: decimal point"
		see " TOTAL " "tmux en: TOTAL row"
		tm send-keys -t en q
		tm kill-session -t en 2>/dev/null
	else
		pass "# SKIP en_US checks: the en_US.UTF-8 locale is missing"
	fi
fi

# ---- kpitop report ----

env $RU "$KPITOP" --db "$DB" report --date 2026-11-20 >"$T/ru.txt" 2>&1
sed -n 1,2p "$T/ru.txt" >"$T/scr"
has "Команды · Ноябрь 2026 (01.11.2026 – 30.11.2026) · на 20.11.2026 · рабочий день 15 из 21" \
	"report ru: header in Russian with DD.MM.YYYY dates"
has_re "^Команда +Звонки +Лиды +Встречи +КП +Сделки +Выручка +План выр\. +% выр\. +План сделок +% сделок +Темп % +Прогноз +Нужно/день +Ср\. чек +Конв\. %$" \
	"report ru: column titles in Russian"
cp "$T/ru.txt" "$T/scr"
has "1${SEP}235${SEP}802,00" "report ru: money grouped with a decimal comma"
has "ИТОГО" "report ru: ИТОГО row"
env $RU "$KPITOP" --db "$DB" report --view managers --date 2026-11-20 >"$T/scr" 2>&1
has_re "^Менеджер +Звонки" "report ru: the managers' table title"
printf '[format]\ncurrency = ₽\n' >"$T/rub.ini"
env $RU "$KPITOP" --db "$DB" --config "$T/rub.ini" report --date 2026-11-20 >"$T/scr" 2>&1
has "1${SEP}235${SEP}802,00 ₽" "report ru with currency = ₽: 1 234 567,50 ₽ style"
dump "$T/rub" 80x24 '<dump>3<dump>' $RU
screen "$T/rub" 1
lacks "₽" "the dashboard names no currency when none is configured"
mkdir -p "$XDG_CONFIG_HOME/kpitop" && cp "$T/rub.ini" "$XDG_CONFIG_HOME/kpitop/kpitop.ini"
dump "$T/rub" 80x24 '<dump>3<dump>' $RU
rm -f "$XDG_CONFIG_HOME/kpitop/kpitop.ini"
screen "$T/rub" 1
has_re "Выручка, ₽ .*План, ₽" "dashboard ru with currency = ₽: money columns name it"
screen "$T/rub" 2
has_re "Выручка, ₽ .*Ср\. чек, ₽" "and so do the channels' money columns"
if [ "$HAVE_EN" = 1 ]; then
	env $EN "$KPITOP" --db "$DB" report --date 2026-11-20 >"$T/scr" 2>&1
	has "Teams · November 2026 (11/01/2026 – 11/30/2026) · as of 11/20/2026 · working days 15/21" \
		"report en: English header, MM/DD/YYYY dates"
	has "1,235,802.00" "report en: 1,234,567.50 style"
	has "TOTAL" "report en: TOTAL row"
fi
kp report --date 2026-11-20
cp "$T/out" "$T/scr"
has "Teams · month 2026-11 (2026-11-01 – 2026-11-30) · as of 2026-11-20 · working days 15/21" \
	"report C.UTF-8: ISO dates, as before"

for f in csv json; do
	for v in teams managers channels; do
		kp report --view $v --date 2026-11-20 --format $f
		cp "$T/out" "$T/c.$f"
		env $RU "$KPITOP" --db "$DB" report --view $v --date 2026-11-20 --format $f >"$T/r.$f"
		same=1
		cmp -s "$T/c.$f" "$T/r.$f" || same=0
		if [ "$HAVE_EN" = 1 ]; then
			env $EN "$KPITOP" --db "$DB" report --view $v --date 2026-11-20 --format $f >"$T/e.$f"
			cmp -s "$T/c.$f" "$T/e.$f" || same=0
		fi
		expect_eq "$same" 1 "report --format $f --view $v: the same bytes under C, ru_RU and en_US"
	done
done
cp "$T/c.csv" "$T/scr"
has "name,calls,leads" "csv keys stay English"
has "TOTAL," "csv TOTAL stays TOTAL"
kp report --view managers --date 2026-11-20 --format csv
cp "$T/out" "$T/scr"
has "Иван Петров,1500,20,0,0,1,1234567.50,4000000.00,30.9," "csv money stays a plain decimal, dot, no grouping"

done_testing
