#!/usr/bin/env python3
"""bench.py - kpitop at scale (SPEC section 9): every figure beside its target
and its floor, the same work done directly by SQLite on the same file.

Run by run.sh (make bench) on the cached benchmark company; only the Python
standard library.  The dashboard runs in a pseudo-terminal like a user's: the
harness counts the bytes it writes, waits until the screen settles (no byte
for QUIET seconds), and reads its CPU time from /proc.
"""
import argparse
import os
import pty
import random
import re
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import fcntl
import time

ASOF = "2025-11-20"          # the last day of the benchmark data
QUIET = 0.35                 # seconds without output: the screen has settled
MANAGER = "Manager 001"


def now():
    return time.monotonic()


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def run_timed(argv, env):
    """Wall and CPU seconds, exit status and output of one process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = now()
    p = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = now() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
    return wall, cpu, p.returncode, p.stdout, p.stderr


def run_rss(argv, env):
    """Wall seconds and peak RSS (KB) of one process, reaped with wait4."""
    t0 = now()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(argv[0], argv, env)
    _, status, ru = os.wait4(pid, 0)
    return now() - t0, ru.ru_maxrss, status


def cpu_ns(pid):
    """CPU time of a process in ns (schedstat; /proc/PID/stat ticks if absent)."""
    try:
        with open("/proc/%d/schedstat" % pid) as f:
            return int(f.read().split()[0])
    except OSError:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        hz = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // hz


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


class Dashboard:
    """kpitop in a pseudo-terminal of cols x rows."""

    def __init__(self, kpitop, db, env, cols, rows):
        self.t_start = now()
        pid, fd = pty.fork()
        if pid == 0:
            # The size must be there before curses asks for it.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(kpitop, [kpitop, "--db", db], env)
        self.pid, self.fd = pid, fd

    def read_burst(self, timeout=10.0, quiet=QUIET):
        """Bytes until the screen settles; times of the first and last byte."""
        buf = bytearray()
        first = last = None
        deadline = now() + timeout
        while now() < deadline:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                if buf:
                    break
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            t = now()
            if first is None:
                first = t
            last = t
            buf += data
        return bytes(buf), first, last

    def drain(self):
        while select.select([self.fd], [], [], 0)[0]:
            try:
                if not os.read(self.fd, 65536):
                    break
            except OSError:
                break

    def key(self, s):
        os.write(self.fd, s.encode())

    def quit(self):
        try:
            self.key("q")
            deadline = now() + 3
            while now() < deadline:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                self.drain()
                time.sleep(0.02)
            else:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def add_argv(a, db, value):
    """One number entered: a manager's revenue of the day (on the Teams view,
    it moves the team's and the company's revenue and what follows from it)."""
    return [a.kpitop, "--db", db, "add", "--date", ASOF, "--manager", MANAGER,
            "--channel", "phone", "revenue=%d" % value]


def sql_add(a, db, value):
    """The floor of `kpitop add`: the same upsert by the sqlite3 shell."""
    return [a.sqlite3, db,
            "BEGIN IMMEDIATE; INSERT INTO entry SELECT '%s', m.id, c.id, x.id, %d"
            " FROM manager m, channel c, metric x WHERE m.name = '%s' AND c.name = 'phone'"
            " AND x.key = 'revenue' ON CONFLICT DO UPDATE SET value = excluded.value; COMMIT;"
            % (ASOF, value * 100, MANAGER)]


def view_times(a):
    out = subprocess.run([a.viewtime, a.db, ASOF, str(a.reps)], check=True,
                         capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"view (\w+) (.*)", line)
        if m:
            res[m.group(1)] = {k: float(v) for k, v in
                               (kv.split("=") for kv in m.group(2).split())}
    return res


def sql_report_floor(a, kind):
    """The plain GROUP BY statements a year (or month) view needs, run by the
    sqlite3 shell: the floor of `kpitop report`."""
    ranges = {"year": (("2025-01-01", ASOF), ("2024-01-01", "2024-11-20")),
              "month": (("2025-11-01", ASOF), ("2025-10-01", "2025-10-20"))}[kind]
    sql = ";".join("SELECT manager_id, channel_id, metric_id, sum(value) FROM entry"
                   " WHERE day BETWEEN '%s' AND '%s' GROUP BY 1, 2, 3" % r for r in ranges)
    return [a.sqlite3, "-readonly", a.db, sql + ";"]


def import_floor_sql(csv):
    """The floor of `kpitop import`: the same load by the sqlite3 shell (the
    triggers keep the roll-ups exact)."""
    return """.import --csv '%s' staging
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO team (name) SELECT DISTINCT team FROM staging;
INSERT OR IGNORE INTO manager (name, team_id)
  SELECT DISTINCT s.manager, t.id FROM staging s JOIN team t ON t.name = s.team;
INSERT INTO entry (day, manager_id, channel_id, metric_id, value)
  SELECT s.date, m.id, c.id, x.id, CASE x.key
    WHEN 'calls' THEN CAST(s.calls AS INTEGER) WHEN 'leads' THEN CAST(s.leads AS INTEGER)
    WHEN 'meetings' THEN CAST(s.meetings AS INTEGER)
    WHEN 'proposals' THEN CAST(s.proposals AS INTEGER)
    WHEN 'deals' THEN CAST(s.deals AS INTEGER)
    ELSE CAST(round(CAST(s.revenue AS REAL) * 100) AS INTEGER) END
  FROM staging s JOIN manager m ON m.name = s.manager JOIN channel c ON c.name = s.channel
  JOIN metric x ON x.key IN ('calls', 'leads', 'meetings', 'proposals', 'deals', 'revenue');
COMMIT;
DROP TABLE staging;
""" % csv


def dashboard_figures(a, env, res):
    """First paint, a change by another process, idle CPU, memory."""
    d = Dashboard(a.kpitop, a.db, env, 80, 24)
    try:
        buf, first, last = d.read_burst()
        res["paint80_bytes"] = len(buf)
        res["paint80_ms"] = (last - d.t_start) * 1000 if last else float("nan")
        # Idle: nothing changes for IDLE seconds.
        c0, t0 = cpu_ns(d.pid), now()
        idle_end = t0 + a.idle
        while now() < idle_end:
            extra, _, _ = d.read_burst(timeout=idle_end - now(), quiet=idle_end - now())
        c1, t1 = cpu_ns(d.pid), now()
        idle_rate = (c1 - c0) / (t1 - t0)          # ns of CPU per s
        res["idle_pct"] = idle_rate / 1e9 * 100
        # A change committed by another process, several times.
        lat, cost, nbytes = [], [], []
        rnd = random.Random(7)
        for i in range(a.changes):
            # Anywhere between two refresh ticks of the dashboard.
            time.sleep(rnd.uniform(0, 0.5))
            d.drain()
            c0 = cpu_ns(d.pid)
            t_add = now()
            subprocess.run(add_argv(a, a.db, 20000 + i), env=env, check=True,
                           stdout=subprocess.DEVNULL)
            t_done = now()
            buf, first, last = d.read_burst(timeout=3)
            c1 = cpu_ns(d.pid)
            if not buf:
                print("bench: the dashboard did not redraw after kpitop add", file=sys.stderr)
                continue
            lat.append((last - t_done) * 1000)
            # CPU of the reload and redraw: what the process used minus its
            # idle ticks over the same time.
            cost.append(max(0.0, (c1 - c0) - idle_rate * (last - t_add)) / 1e6)
            nbytes.append(len(buf))
        res["change_bytes"] = median(nbytes) if nbytes else float("nan")
        res["change_bytes_max"] = max(nbytes) if nbytes else float("nan")
        res["change_shown_ms"] = median(lat) if lat else float("nan")
        res["change_shown_max_ms"] = max(lat) if lat else float("nan")
        res["redraw_cpu_ms"] = median(cost) if cost else float("nan")
        # Every period kind on screen: p cycles month, quarter, year, day, week.
        switch = {}
        for kind in ("quarter", "year", "day", "week", "month"):
            d.drain()
            t0 = now()
            d.key("p")
            buf, first, last = d.read_burst(timeout=5)
            switch[kind] = ((last or t0) - t0) * 1000
        res["switch_ms"] = switch
        res["rss_kb"] = vm_hwm_kb(d.pid)
    finally:
        d.quit()
    d = Dashboard(a.kpitop, a.db, env, 200, 50)
    try:
        buf, first, last = d.read_burst()
        res["paint200_bytes"] = len(buf)
        res["paint200_ms"] = (last - d.t_start) * 1000 if last else float("nan")
        res["rss_kb"] = max(res["rss_kb"], vm_hwm_kb(d.pid))
    finally:
        d.quit()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpitop", required=True)
    ap.add_argument("--viewtime", required=True)
    ap.add_argument("--sqlite3", default="sqlite3")
    ap.add_argument("--db", required=True, help="a scratch copy of the benchmark company")
    ap.add_argument("--year-csv", required=True, help="one year of entries to import")
    ap.add_argument("--work", required=True)
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--idle", type=float, default=10.0)
    ap.add_argument("--changes", type=int, default=7)
    a = ap.parse_args()
    a.sqlite3 = shutil.which(a.sqlite3) or a.sqlite3

    home = os.path.join(a.work, "home")
    for sub in ("", "config", "data"):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "XDG_CONFIG_HOME": os.path.join(home, "config"),
           "XDG_DATA_HOME": os.path.join(home, "data"),
           "USER": os.environ.get("USER", "bench"), "LOGNAME": os.environ.get("USER", "bench"),
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color",
           "KPITOP_TODAY": ASOF}
    res = {}
    t_all = now()

    print("views (%d runs each) ..." % a.reps, file=sys.stderr)
    views = view_times(a)

    print("report, add ...", file=sys.stderr)
    for kind in ("month", "year"):
        argv = [a.kpitop, "--db", a.db, "report", "--period", kind, "--date", ASOF]
        runs = [run_rss(argv, env) for _ in range(5)]
        res["report_%s_ms" % kind] = median([r[0] for r in runs]) * 1000
        res["report_%s_rss" % kind] = max(r[1] for r in runs)
        floor = [run_rss(sql_report_floor(a, kind), env) for _ in range(5)]
        res["report_%s_floor_ms" % kind] = median([r[0] for r in floor]) * 1000
    adds = [run_rss(add_argv(a, a.db, 10000 + i), env)[0] for i in range(9)]
    res["add_ms"] = median(adds) * 1000
    res["add_floor_ms"] = median([run_rss(sql_add(a, a.db, 10000 + i), env)[0]
                                  for i in range(9)]) * 1000

    print("dashboard in a pty (idle %.0f s) ..." % a.idle, file=sys.stderr)
    dashboard_figures(a, env, res)

    print("import ...", file=sys.stderr)
    imp = os.path.join(a.work, "import.db")
    rates, cpu_rates = [], []
    for i in range(3):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(imp + suffix):
                os.unlink(imp + suffix)
        subprocess.run([a.kpitop, "--db", imp, "init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        wall, cpu, rc, out, err = run_timed([a.kpitop, "--db", imp, "import", "--create",
                                             a.year_csv], env)
        m = re.search(r"(\d+) values set", out)
        if rc != 0 or not m:
            sys.exit("bench: import failed: " + err)
        values = int(m.group(1))
        rates.append(values / wall)
        cpu_rates.append(values / cpu)
    res["import_rate"] = max(rates)
    res["import_cpu_rate"] = max(cpu_rates)
    res["import_values"] = values
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(imp + suffix):
            os.unlink(imp + suffix)
    subprocess.run([a.kpitop, "--db", imp, "init"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    t0 = now()
    subprocess.run([a.sqlite3, imp], input=import_floor_sql(a.year_csv), text=True,
                   check=True, env=env, stdout=subprocess.DEVNULL)
    res["import_floor_rate"] = values / (now() - t0)

    report(a, views, res, now() - t_all)


def report(a, views, res, seconds):
    rows = []

    def row(name, value, unit, target, floor=None, better="low"):
        if isinstance(value, float) and value != value:
            status = "??"
        elif target is None:
            status = ""
        else:
            status = "ok" if (value <= target if better == "low" else value >= target) else "MISS"
        fl = ratio = "-"
        if floor is not None and floor == floor and floor > 0:
            fl = fmt(floor, unit)
            ratio = "%.2f" % (value / floor if better == "low" else floor / value)
        tg = "-" if target is None else ("%s %s" % ("<=" if better == "low" else ">=",
                                                    fmt(target, unit)))
        rows.append((name, fmt(value, unit), tg, fl, ratio, status))

    for kind, target in (("day", None), ("week", None), ("month", 10), ("quarter", 20),
                         ("year", 30)):
        v = views[kind]
        row("%s view ready (queries %.1f + KPI math %.1f; CPU %.1f)"
            % (kind, v["queries"], v["math"], v["cpu"]), v["cold"], "ms", target, v["floor"])
    row("year view ready, same connection again", views["year"]["warm"], "ms", 30,
        views["year"]["floor"])
    row("first paint 80x24, time", res["paint80_ms"], "ms", None)
    row("first paint 80x24, bytes", res["paint80_bytes"], "B", 8192)
    row("first paint 200x50, bytes", res["paint200_bytes"], "B", None)
    row("change by another process shown (median)", res["change_shown_ms"], "ms", 1000)
    row("change by another process shown (worst)", res["change_shown_max_ms"], "ms", 1000)
    row("re-query + redraw after a change (CPU)", res["redraw_cpu_ms"], "ms", 20)
    row("one-number change, bytes (median)", res["change_bytes"], "B", 300)
    row("one-number change, bytes (worst)", res["change_bytes_max"], "B", 300)
    for kind in ("quarter", "year", "day", "week", "month"):
        row("key p: %s view on screen" % kind, res["switch_ms"][kind], "ms", None)
    row("idle CPU over %.0f s" % a.idle, res["idle_pct"], "%", 0.5)
    row("dashboard peak RSS (VmHWM)", res["rss_kb"] / 1024, "MB", 16)
    row("report --period year, peak RSS", res["report_year_rss"] / 1024, "MB", 16)
    row("report --period month, wall", res["report_month_ms"], "ms", None,
        res["report_month_floor_ms"])
    row("report --period year, wall", res["report_year_ms"], "ms", None,
        res["report_year_floor_ms"])
    row("kpitop add, wall", res["add_ms"], "ms", 20, res["add_floor_ms"])
    row("import %d values, rate" % res["import_values"], res["import_rate"], "v/s", 200000,
        res["import_floor_rate"], better="high")
    row("import, values per CPU second", res["import_cpu_rate"], "v/s", None)

    head = ("figure", "measured", "target", "floor", "ratio", "")
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(6)]
    line = "  ".join("%-*s" % (w[0], head[0]) if i == 0 else "%*s" % (w[i], head[i])
                     for i in range(6))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join("%-*s" % (w[0], r[0]) if i == 0 else "%*s" % (w[i], r[i])
                        for i in range(6)))
    misses = [r[0] for r in rows if r[5] == "MISS"]
    print()
    print("floor: the same aggregates (or write) done directly by SQLite on the same file;"
          " ratio: kpitop / floor (for import: floor rate / kpitop rate); below 1 is faster.")
    print("machine: %d cores, %s; SQLite %s; %.0f s" % (os.cpu_count(), cpu_model(),
                                                      sqlite_version(a), seconds))
    print("all targets met" if not misses else "MISSED: " + "; ".join(misses))


def fmt(v, unit):
    if unit == "ms":
        return "%.1f ms" % v
    if unit == "B":
        return "%d B" % v
    if unit == "%":
        return "%.2f %%" % v
    if unit == "MB":
        return "%.1f MB" % v
    if unit == "v/s":
        return "%d/s" % v
    return str(v)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def sqlite_version(a):
    try:
        return subprocess.run([a.sqlite3, ":memory:", "SELECT sqlite_version()"],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
