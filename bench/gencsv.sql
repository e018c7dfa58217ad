-- gencsv.sql - the benchmark company as one CSV for `kpitop import --create`:
-- 10 teams of 10 managers, the 6 default channels and metrics, 5 years of
-- daily entries ending on the as-of date in the temp table bench_asof
-- (run.sh creates it), about 2 million values.  Deterministic: a hash of
-- (day, manager, channel) decides which channels a manager used that day
-- (about 40% on weekdays, 10% on weekends) and the numbers.
.headers on
.mode csv
WITH RECURSIVE
  d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 1825),
  m(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM m WHERE n < 100),
  c(id, name) AS (VALUES (1, 'phone'), (2, 'website'), (3, 'instagram'), (4, 'whatsapp'),
                         (5, 'email'), (6, 'walk-in')),
  cell AS (
    SELECT date((SELECT asof FROM bench_asof), '-' || (1825 - d.n) || ' days') AS day,
           m.n AS mgr, c.id AS ch, c.name AS channel,
           ((d.n * 7919 + m.n * 104729 + c.id * 1299709) * 2654435761) % 4294967296 AS h
    FROM d, m, c),
  used AS (
    SELECT day, mgr, ch, channel, 4 + h / 1000 % 37 AS calls, h
    FROM cell
    WHERE h % 1000 < CASE WHEN strftime('%w', day) IN ('0', '6') THEN 100 ELSE 400 END)
SELECT day AS date, 'Team ' || ((mgr - 1) / 10 + 1) AS team, printf('Manager %03d', mgr) AS manager,
       channel, calls, calls / 3 AS leads, calls / 6 AS meetings, calls / 9 AS proposals,
       calls / 14 AS deals,
       printf('%d.%02d', calls / 14 * (2000000 + h / 40000 % 6000000) / 100,
              calls / 14 * (2000000 + h / 40000 % 6000000) % 100) AS revenue
FROM used ORDER BY day, mgr, ch;
