#!/bin/sh
# The Log view (6): at 80 columns every line shows the change's cell and its
# old -> new values whole, and who made it, for names like the demo's, in
# English and (where the locale is installed) in Russian; 120 columns keep
# years, seconds and each change's source; 60 and 40 columns degrade without
# a line wider than the screen; the selected change is shown in full below
# the list.  Find (/) in the Managers table, the Day sheet and the Log: a
# failed or cancelled search puts the selection and the scroll back, a
# match is kept.
. "$TESTLIB"
. "${TESTLIB%/cli/lib.sh}/tui/scr.sh"

export TERM=xterm-256color
have_locale() { locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/' | grep -qx "$1"; }
HAVE_RU=0
if have_locale ru_ru.utf8 && [ -f "$(dirname "$KPITOP")/../locale/ru/LC_MESSAGES/kpitop.mo" ]; then
	HAVE_RU=1
fi
RU="LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 LANGUAGE="
SEP=$(LC_ALL=ru_RU.UTF-8 locale thousands_sep 2>/dev/null)
[ -n "$SEP" ] || SEP=' '

# Two teams of the demo's salespeople; changes from the command line (entries,
# plans, an undo) and from the Day sheet.
kp init
kp team add Москва
kp team add Regions
for n in "Анна Смирнова" "Дмитрий Козлов" "Елена Волкова" "Kate Wilson" "Сергей Морозов" "Ольга Павлова"; do
	kp manager add "$n" --team Москва
done
for n in "Mike Johnson" "Игорь Новиков" "Sarah Miller" "Алексей Попов" "Никита Фёдоров" "Emily Davis" "Максим Соколов"; do
	kp manager add "$n" --team Regions
done
kp add --date 2026-11-20 --manager "Елена Волкова" leads=4
kp add --date 2026-11-20 --manager "Елена Волкова" leads=7 calls=120
kp add --date 2026-11-19 --manager "Никита Фёдоров" --channel whatsapp revenue=1234567.50 deals=3
kp add --date 2026-11-19 --manager "Sarah Miller" --channel walk-in revenue=150000
kp plan --month 2026-11 --manager "Kate Wilson" revenue=2500000 deals=12
kp plan --month 2026-11 --team Москва revenue=9000000
kp add --date 2026-11-18 --manager "Дмитрий Козлов" --channel instagram meetings=2
kp undo
printf '4<Down><Down>12<Enter>' >"$T/keys"
"$KPITOP" --db "$DB" --keys "$T/keys" --dump /dev/null >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM change")" 9 "nine changes made"
# Known times and users: change N at 2026-11-20 (N+8):(7N):N UTC, the first
# one last year; odd ones by ivanov, even ones by petrova.
sql "UPDATE change SET at = printf('2026-11-20 %02d:%02d:%02d', 8 + id, (id * 7) % 60, id),
	user = CASE WHEN id % 2 THEN 'ivanov' ELSE 'petrova' END;
     UPDATE change SET at = '2025-12-30 10:00:00' WHERE id = 1"


# list_lines: the Log's lines in $T/scr (after its title, before the rule).
list_lines() { awk 'NR > 3 && /^[─-]+/ { exit } NR > 3 && NF' "$T/scr"; }

# whole_values N DESC: N lines of the list, each with old -> new whole and
# then who made it.
whole_values() {
	_got=$(list_lines | grep -Ec -- ' → [^ ]+( [^ ]+)*  (ivanov|petrova)( |$)')
	if [ "$_got" = "$1" ]; then pass "$2"; else
		fail "$2"
		diag "$_got lines with old → new and who, want $1:"
		sed 's/^/#   | /' "$T/scr"
	fi
}

# fits COLS DESC: no line of $T/scr is wider than COLS (all the text here
# is one column a character).
fits() {
	_wide=0
	while IFS= read -r _line; do
		[ "$(printf '%s' "$_line" | wc -m)" -le "$1" ] || _wide=$((_wide + 1))
	done <"$T/scr"
	if [ "$_wide" = 0 ]; then pass "$2"; else
		fail "$2"
		diag "$_wide lines wider than $1:"
		sed 's/^/#   | /' "$T/scr"
	fi
}

# ---- 80x24, English (C.UTF-8: ISO dates) ----
dump "$T/en" 80x24 '6<dump><Down><Down><dump>'
expect_rc 0 "en 80x24: the Log runs"
screen "$T/en" 1
has "11-20 17:03  11-20 Елена Волкова / phone Calls  120 → 12  ivanov" \
	"en 80: when (this year's date without the year, no seconds), the cell, old → new, who"
has "11-19 Никита Фёдоров / whatsapp Revenue  — → 1234567.50  ivanov" \
	"en 80: a long name, channel and amount all whole"
has "11-19 Sarah Miller / walk-in Revenue  — → 150000  petrova" "en 80: money without kopecks when whole"
has "2026-11 Москва Revenue (team plan)  — → 9000000  petrova" "en 80: a team's plan says so"
has "2026-11 Kate Wilson Deals (plan)  — → 12  ivanov" "en 80: a manager's plan says so"
has "11-18 Дмитрий Козлов / instagram Meetings  — → 2 (undone)  ivanov" "en 80: an undone change says so"
has_re "^2025-12-30 10:00  11-20 Елена Волкова / phone Leads  — → 4  ivanov" "en 80: a change of another year keeps its year"
whole_values 12 "en 80: all twelve lines show old → new whole and who"
has_re "^2026-11-20 Елена Волкова / phone Calls: 120 → 12$" "en 80: the selected change's cell in full below the list"
has_re "^#9 day sheet · 2026-11-20 17:03:09 UTC · ivanov$" "en 80: and its number, source, time (UTC) and user"
fits 80 "en 80: no line wider than the screen"
screen "$T/en" 2
has_re "^#7 add · 2026-11-20 15:49:07 UTC · ivanov · undone by #8$" "en 80: Down selects the next change; an undone one names its undo"
has_re "^2026-11-18 Дмитрий Козлов / instagram Meetings: \(none\) → 2$" "en 80: no value is (none) in the detail"

# ---- 120 columns: everything, as before ----
dump "$T/wide" 120x30 '6<dump>'
screen "$T/wide" 1
has "2026-11-20 17:03:09  2026-11-20 Елена Волкова / phone Calls  120 → 12  ivanov  #9 day sheet" \
	"en 120: full dates, seconds and the change's source"
has "2026-11-20 11:21:03  2026-11-19 Никита Фёдоров / whatsapp Revenue  — → 1234567.50  ivanov  #3 add" \
	"en 120: the longest line whole"
fits 120 "en 120: no line wider than the screen"

# ---- 60 and 40 columns: less, but the values whole and nothing too wide ----
dump "$T/n60" 60x20 '6<dump><End><dump>'
expect_rc 0 "en 60x20: the Log runs"
screen "$T/n60" 1
has "Calls  120 → 12  ivanov" "en 60: values and who whole"
whole_values 12 "en 60: all twelve lines show old → new whole and who"
fits 60 "en 60: no line wider than the screen"
dump "$T/n40" 40x16 '6<dump><End><dump><PgUp><dump><resize 40x10><dump>'
expect_rc 0 "en 40x16: the Log runs, End, PgUp and a resize to 40x10 too"
for n in 1 2 3 4; do
	screen "$T/n40" $n
	fits 40 "en 40: screen $n: no line wider than the screen"
done
screen "$T/n40" 1
has "Calls 120 → 12 ivanov" "en 40: the values and who whole on a short line"
has "Meetings 2 → — petrova" "en 40: the values and who whole on another"
screen "$T/n40" 2
has_re "^#1 add · 2025-12-30 10:00:00 UTC ·" "en 40: End selects the oldest change, shown in full"

# ---- Russian ----
if [ "$HAVE_RU" = 1 ]; then
	dump "$T/ru" 80x24 '6<dump>' $RU
	expect_rc 0 "ru 80x24: the Log runs"
	screen "$T/ru" 1
	has "20.11 17:03  20.11 Елена Волкова / телефон Звонки  120 → 12  ivanov" \
		"ru 80: dates as DD.MM, the cell in Russian, old → new, who"
	has "19.11 Никита Фёдоров / WhatsApp Выручка  — → 1${SEP}234${SEP}567,50  ivanov" \
		"ru 80: a long name and amount whole, grouped the Russian way"
	has "19.11 Sarah Miller / визит в офис Выручка  — → 150${SEP}000  petrova" "ru 80: a long channel name whole"
	has "Ноябрь Москва Выручка (план команды)  — → 9${SEP}000${SEP}000  petrova" "ru 80: a team's plan by the month's name"
	has "18.11 Дмитрий Козлов / Instagram Встречи  — → 2 (отменено)  ivanov" "ru 80: an undone change says so"
	has_re "^30\.12\.2025 10:00  20\.11 Елена Волкова / телефон Лиды  — → 4  ivanov" "ru 80: another year's change keeps its year"
	whole_values 12 "ru 80: all twelve lines show old → new whole and who"
	has_re "^20\.11\.2026 Елена Волкова / телефон Звонки: 120 → 12$" "ru 80: the selected change in full"
	has_re "^#9 ввод за день · 20\.11\.2026 17:03:09 UTC · ivanov$" "ru 80: its source in Russian"
	fits 80 "ru 80: no line wider than the screen"
	dump "$T/ru40" 40x16 '6<dump><End><dump>' $RU
	expect_rc 0 "ru 40x16: the Log runs"
	for n in 1 2; do
		screen "$T/ru40" $n
		fits 40 "ru 40: screen $n: no line wider than the screen"
	done
	screen "$T/ru40" 1
	has "Звонки 120 → 12 ivanov" "ru 40: the values and who whole"
else
	pass "# SKIP Russian Log checks: no ru_RU.UTF-8 locale or no catalogue"
fi

# ---- find: a failed or cancelled search goes back (as less and vim) ----
# The Managers table: the third row (Елена Волкова) selected, Kate Wilson
# just below matches the first letters typed.
dump "$T/fm" 80x24 '2<Down><Down><dump>/Kax<dump><Enter><dump>/Kat<Esc><dump>/Kate<Enter><dump>'
expect_rc 0 "Managers: find runs"
screen "$T/fm" 1
has "Funnel · Елена Волкова" "Managers: the third row selected"
screen "$T/fm" 2
has "Funnel · Елена Волкова" "Managers: while the text matches nothing, the selection is where / was pressed"
screen "$T/fm" 3
has "no row matches 'Kax'" "Managers: a failed find says so"
has "Funnel · Елена Волкова" "Managers: and the selection goes back (not left on Kate Wilson, a partial match)"
screen "$T/fm" 4
has "Funnel · Елена Волкова" "Managers: Esc puts the selection back"
screen "$T/fm" 5
has "Funnel · Kate Wilson" "Managers: Enter on a match keeps it"
lacks "no row matches" "Managers: and says nothing"
# The scroll goes back too: Максим Соколов is the last of 13 rows.
dump "$T/fs" 80x24 '2<dump>/Максим<dump>x<Enter><dump>'
screen "$T/fs" 2
has "4-13 of 13" "Managers: a find scrolls to the row it selects"
screen "$T/fs" 3
has "1-10 of 13" "Managers: a failed find scrolls back"
has "Funnel · Анна Смирнова" "Managers: and selects the first row again"

# A grid: the cursor on Елена Волкова's row; the digit typed afterwards
# lands on the row selected.
dump "$T/fg" 80x24 '4<Down><Down>/Kax<Enter><dump>9<dump>'
expect_rc 0 "Day sheet: find runs"
screen "$T/fg" 1
has "no row matches 'Kax'" "Day sheet: a failed find says so"
screen "$T/fg" 2
has_re "^Елена Волкова +9_" "Day sheet: and the cursor is back on its row"
dump "$T/fg" 80x24 '4<Down><Down>/Kat<Esc>9<dump>'
screen "$T/fg" 1
has_re "^Елена Волкова +9_" "Day sheet: Esc puts the cursor back"
dump "$T/fg" 80x24 '4<Down><Down>/Kate<Enter>9<dump>'
screen "$T/fg" 1
has_re "^Kate Wilson +9_" "Day sheet: Enter on a match keeps it"

# The Log: change #7 selected; Sarah Miller's (#4) matches the first letters.
dump "$T/fl" 80x24 '6<Down><Down><dump>/Sarz<Enter><dump>/Sar<Esc><dump>/Sarah<Enter><dump>'
expect_rc 0 "Log: find runs"
screen "$T/fl" 1
has_re "^#7 add · " "Log: change #7 selected"
screen "$T/fl" 2
has "no change matches 'Sarz'" "Log: a failed find says so"
has_re "^#7 add · " "Log: and the selection goes back"
screen "$T/fl" 3
has_re "^#7 add · " "Log: Esc puts the selection back"
screen "$T/fl" 4
has_re "^2026-11-19 Sarah Miller / walk-in Revenue: \(none\) → 150000$" "Log: Enter on a match keeps it"
# The scroll too, on a short screen: the oldest change is at the bottom.
dump "$T/fk" 80x12 '6<dump>/2025-12-30<dump>x<Enter><dump>'
screen "$T/fk" 1
has "1-5 of 12" "Log 80x12: five changes shown"
screen "$T/fk" 2
has "8-12 of 12" "Log 80x12: a find scrolls to the change it selects"
has_re "^#1 add · " "Log 80x12: and selects it"
screen "$T/fk" 3
has "1-5 of 12" "Log 80x12: a failed find scrolls back"
has_re "^#9 day sheet · " "Log 80x12: and selects the newest change again"

done_testing
