-- plans.sql - monthly plans of the benchmark company for every month of
-- its five years: calls, leads, deals and revenue, per manager and per team.
BEGIN IMMEDIATE;
CREATE TEMP TABLE months AS
WITH RECURSIVE mo(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM mo WHERE n < 60)
SELECT strftime('%Y-%m', (SELECT max(day) FROM entry), 'start of month', '-' || n || ' months')
  AS month FROM mo;
INSERT INTO plan (month, manager_id, metric_id, value)
SELECT month, m.id, x.id, CASE x.key WHEN 'calls' THEN 1200 WHEN 'leads' THEN 380
  WHEN 'deals' THEN 58 ELSE 118000000 END
FROM months, manager m, metric x WHERE x.key IN ('calls', 'leads', 'deals', 'revenue');
INSERT INTO plan (month, team_id, metric_id, value)
SELECT month, t.id, x.id, CASE x.key WHEN 'calls' THEN 12000 WHEN 'leads' THEN 3800
  WHEN 'deals' THEN 580 ELSE 1180000000 END
FROM months, team t, metric x WHERE x.key IN ('calls', 'leads', 'deals', 'revenue');
COMMIT;
