#!/usr/bin/env python3
"""kpi_ref.py - an independent reference for `kpitop report` (SPEC section 3).

It reads the same fixtures the test imports (entries.csv, plans.csv,
setup.tsv, kpitop.ini in one directory), computes every CSV column the naive
way (walking the calendar day by day, money in Decimal), and compares the
result with what kpitop printed:

    kpi_ref.py check --data DIR --view V --period P --date D --csv F [--json F]
    kpi_ref.py batch --data DIR <cases    (lines "VIEW PERIOD DATE CSV JSON")

check: exit status 0 when every cell matches (money and plans within 0.01,
percentages within 0.05, counts exactly, the formats as SPEC section 5 says),
1 with one "# ..." line per difference otherwise.  batch: one "PASS case" or
"FAIL case" line per input line, each failure followed by its "# ..." lines
(one process for all cases keeps the test fast).  Standard library only.
"""
import argparse
import configparser
import csv
import datetime as dt
import json
import re
import sys
from decimal import Decimal

METRICS = ["calls", "leads", "meetings", "proposals", "deals", "revenue"]
MONEY = {"revenue"}
CHANNELS = ["phone", "website", "instagram", "whatsapp", "email", "walk-in"]
TAIL = ["revenue_plan", "revenue_completion_pct", "deals_plan", "deals_completion_pct",
        "expected_pct", "revenue_forecast", "revenue_required_per_day", "avg_deal",
        "conversion_pct"]
MONEY_COLS = {"revenue", "revenue_plan", "revenue_forecast", "revenue_required_per_day",
              "avg_deal"}
PLAN_COLS = {"deals_plan"}
PCT_COLS = {c for c in TAIL if c.endswith("_pct")}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Company:
    def __init__(self, data):
        self.entries = []          # (date, manager, channel, {metric: Decimal})
        self.team_of = {}          # manager -> team
        self.teams = []
        self.archived = set()
        self.channels = list(CHANNELS)
        with open(f"{data}/entries.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                team, mgr, ch = row["team"], row["manager"], row["channel"]
                self._team(team)
                self.team_of.setdefault(mgr, team)
                if ch not in self.channels:
                    self.channels.append(ch)
                vals = {m: Decimal(row[m]) for m in METRICS if row.get(m, "") != ""}
                self.entries.append((dt.date.fromisoformat(row["date"]), mgr, ch, vals))
        with open(f"{data}/setup.tsv", encoding="utf-8") as f:
            for line in f:
                action, name, team = (line.rstrip("\n").split("\t") + ["", ""])[:3]
                if action == "team":
                    self._team(name)
                elif action == "manager":
                    self._team(team)
                    self.team_of[name] = team
                elif action == "archive":
                    self.archived.add(name)
        self.plans = {}            # (y, m) -> {(scope, name): {metric: Decimal}}
        with open(f"{data}/plans.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                y, m = map(int, row["month"].split("-"))
                key = (row["scope"], row["name"])
                self.plans.setdefault((y, m), {}).setdefault(key, {})[row["metric"]] = \
                    Decimal(row["value"])
        ini = configparser.ConfigParser()
        ini.read(f"{data}/kpitop.ini", encoding="utf-8")
        cal = ini["calendar"] if ini.has_section("calendar") else {}
        days = [d.strip() for d in cal.get("workdays", "mon,tue,wed,thu,fri").split(",")]
        self.workdays = {DAYS.index(d) for d in days if d}
        self.holidays = {dt.date.fromisoformat(h.strip())
                         for h in cal.get("holidays", "").split(",") if h.strip()}

    def _team(self, name):
        if name not in self.teams:
            self.teams.append(name)

    def is_workday(self, d):
        return d.weekday() in self.workdays and d not in self.holidays

    def workdays_in(self, a, b):
        n, d = 0, a
        while d <= b:
            n += self.is_workday(d)
            d += dt.timedelta(days=1)
        return n


def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_of(kind, d):
    if kind == "day":
        return d, d
    if kind == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return monday, monday + dt.timedelta(days=6)
    if kind == "month":
        return d.replace(day=1), month_end(d.year, d.month)
    if kind == "quarter":
        first = (d.month - 1) // 3 * 3 + 1
        return dt.date(d.year, first, 1), month_end(d.year, first + 2)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def months_of(a, b):
    y, m = a.year, a.month
    while (y, m) <= (b.year, b.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def add_plan(acc, v):
    if v is None:
        return acc
    return v if acc is None else acc + v


class Report:
    def __init__(self, co, view, kind, asof):
        self.co, self.view, self.asof = co, view, asof
        self.start, self.end = period_of(kind, asof)
        self.total = co.workdays_in(self.start, self.end)
        self.elapsed = co.workdays_in(self.start, min(asof, self.end))
        self.remaining = self.total - self.elapsed
        self.shares = {}
        for y, m in months_of(self.start, self.end):
            a, b = max(self.start, dt.date(y, m, 1)), min(self.end, month_end(y, m))
            wd_month = co.workdays_in(dt.date(y, m, 1), month_end(y, m))
            if wd_month:
                share = Decimal(co.workdays_in(a, b)) / wd_month
            else:  # no working day in the month: by calendar days
                share = Decimal((b - a).days + 1) / month_end(y, m).day
            self.shares[(y, m)] = share

    def actuals(self, keep):
        s = {m: Decimal(0) for m in METRICS}
        for d, mgr, ch, vals in self.co.entries:
            if self.start <= d <= self.asof and keep(mgr, ch):
                for m, v in vals.items():
                    s[m] += v
        return s

    def month_plan(self, ym, scope, name, metric):
        return self.co.plans.get(ym, {}).get((scope, name), {}).get(metric)

    def team_month_plan(self, ym, team, metric):
        v = self.month_plan(ym, "team", team, metric)
        if v is not None:
            return v
        acc = None
        for mgr, t in self.co.team_of.items():
            if t == team and mgr not in self.co.archived:
                acc = add_plan(acc, self.month_plan(ym, "manager", mgr, metric))
        return acc

    def plan(self, month_plan):
        acc = None
        for ym, share in self.shares.items():
            v = month_plan(ym)
            acc = add_plan(acc, None if v is None else v * share)
        return acc

    def plans(self, scope, name):
        out = {}
        for metric in METRICS:
            if scope == "manager":
                f = lambda ym, m=metric: self.month_plan(ym, "manager", name, m)
            elif scope == "team":
                f = lambda ym, m=metric: self.team_month_plan(ym, name, m)
            elif scope == "company":
                def f(ym, m=metric):
                    acc = None
                    for t in self.co.teams:
                        acc = add_plan(acc, self.team_month_plan(ym, t, m))
                    return acc
            else:
                f = lambda ym: None
            out[metric] = self.plan(f)
        return out

    def rows(self):
        co, out = self.co, []
        if self.view == "teams":
            for t in co.teams:
                out.append((t, self.actuals(lambda mgr, ch, t=t: co.team_of.get(mgr) == t),
                            self.plans("team", t)))
        elif self.view == "managers":
            for mgr in co.team_of:
                if mgr not in co.archived:
                    out.append((mgr, self.actuals(lambda m, ch, x=mgr: m == x),
                                self.plans("manager", mgr)))
        else:
            for c in co.channels:
                out.append((c, self.actuals(lambda m, ch, x=c: ch == x), self.plans("none", c)))
        out.append(("TOTAL", self.actuals(lambda m, ch: True), self.plans("company", None)))
        return [(name, self.kpis(a, p)) for name, a, p in out]

    def kpis(self, a, p):
        def pct(x, y):
            return None if x is None or y is None or y == 0 else float(x) / float(y) * 100

        def required(plan, actual):
            if plan is None:
                return None
            gap = max(Decimal(0), plan - actual)
            return float(gap / self.remaining if self.remaining else gap)

        r = {m: float(a[m]) for m in METRICS}
        rev, deals = a["revenue"], a["deals"]
        r["revenue_plan"] = None if p["revenue"] is None else float(p["revenue"])
        r["revenue_completion_pct"] = pct(rev, p["revenue"])
        r["deals_plan"] = None if p["deals"] is None else float(p["deals"])
        r["deals_completion_pct"] = pct(deals, p["deals"])
        r["expected_pct"] = pct(self.elapsed, self.total)
        r["revenue_forecast"] = float(rev if self.elapsed == 0
                                      else rev / self.elapsed * self.total)
        r["revenue_required_per_day"] = required(p["revenue"], rev)
        r["avg_deal"] = None if deals == 0 else float(rev / deals)
        r["conversion_pct"] = pct(deals, a["leads"])
        return r


FORMATS = {"money": re.compile(r"-?\d+\.\d\d$"), "plan": re.compile(r"-?\d+\.\d\d$"),
           "pct": re.compile(r"-?\d+\.\d$"), "count": re.compile(r"\d+$")}


def col_kind(col):
    if col in MONEY_COLS:
        return "money", 0.01
    if col in PLAN_COLS:
        return "plan", 0.01
    if col in PCT_COLS:
        return "pct", 0.05
    return "count", 0.0


def compare(want, got_rows, where, problems, text_cells):
    """got_rows: list of (name, {col: value-or-None}); values are strings for
    CSV (formats checked) and numbers for JSON."""
    names = [n for n, _ in got_rows]
    if not names or names[-1] != "TOTAL":
        problems.append(f"{where}: the last row is not TOTAL: {names[-1:]}")
    if sorted(names) != sorted(n for n, _ in want):
        problems.append(f"{where}: rows {names} != expected {[n for n, _ in want]}")
    got = dict(got_rows)
    for name, exp in want:
        row = got.get(name)
        if row is None:
            continue
        for col, w in exp.items():
            g = row.get(col)
            kind, tol = col_kind(col)
            if w is None:
                if g is not None:
                    problems.append(f"{where}: {name}.{col} = {g!r}, want absent")
                continue
            if g is None:
                problems.append(f"{where}: {name}.{col} absent, want {w:.4f}")
                continue
            if text_cells and not FORMATS[kind].match(g):
                problems.append(f"{where}: {name}.{col} = {g!r} is not a {kind} cell")
                continue
            if isinstance(g, bool) or abs(float(g) - w) > tol + 1e-9:
                problems.append(f"{where}: {name}.{col} = {g}, want {w:.4f}")


def read_csv(path, columns, problems):
    with open(path, newline="", encoding="utf-8") as f:
        raw = f.read()
    if raw and not raw.endswith("\r\n"):
        problems.append("csv: records do not end with CRLF")
    rows = list(csv.reader(raw.splitlines()))
    if not rows or rows[0] != columns:
        problems.append(f"csv: header {rows[0] if rows else None} != {columns}")
        return []
    out = []
    for r in rows[1:]:
        if len(r) != len(columns):
            problems.append(f"csv: row {r} has {len(r)} fields")
            continue
        out.append((r[0], {c: (v if v != "" else None) for c, v in zip(columns[1:], r[1:])}))
    return out


def read_json(path, columns, problems):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f, object_pairs_hook=list)
    out = []
    if not isinstance(doc, list):
        problems.append("json: not an array")
        return out
    for obj in doc:
        keys = [k for k, _ in obj]
        if keys != columns:
            problems.append(f"json: keys {keys} != {columns}")
            continue
        d = dict(obj)
        if not isinstance(d["name"], str):
            problems.append(f"json: name {d['name']!r} is not a string")
        for c in columns[1:]:
            if d[c] is not None and not isinstance(d[c], (int, float)):
                problems.append(f"json: {d['name']}.{c} = {d[c]!r} is not a number")
        out.append((d["name"], {c: d[c] for c in columns[1:]}))
    return out


def check(co, view, period, date, csv_path, json_path):
    """The differences between kpitop's output files and the reference."""
    want = Report(co, view, period, dt.date.fromisoformat(date)).rows()
    columns = ["name"] + METRICS + TAIL
    problems = []
    where = f"{view}/{period}/{date}"
    if csv_path:
        compare(want, read_csv(csv_path, columns, problems), where + " csv", problems, True)
    if json_path:
        try:
            got = read_json(json_path, columns, problems)
        except ValueError as e:
            problems.append(f"{where} json: not valid JSON: {e}")
        else:
            compare(want, got, where + " json", problems, False)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["check", "batch", "show"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--view")
    ap.add_argument("--period")
    ap.add_argument("--date")
    ap.add_argument("--csv")
    ap.add_argument("--json")
    a = ap.parse_args()
    co = Company(a.data)
    if a.mode == "show":
        for name, r in Report(co, a.view, a.period, dt.date.fromisoformat(a.date)).rows():
            print(name, r)
        return 0
    if a.mode == "check":
        problems = check(co, a.view, a.period, a.date, a.csv, a.json)
        for p in problems[:20]:
            print("# " + p)
        return 1 if problems else 0
    failed = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        view, period, date, csv_path, json_path = line.split()
        problems = check(co, view, period, date, csv_path, json_path)
        print(("FAIL " if problems else "PASS ") + f"{view}/{period}/{date}")
        for p in problems[:20]:
            print("# " + p)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
