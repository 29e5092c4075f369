-- The three-rule audit a data analyst would write in DuckDB over the long CSV
-- (bench/run.sh, run (d)): U1 (notification assessed within 24 hours), B1 (investigation
-- completed within 4 months of awareness) and A1 (refusals and partial grants justified),
-- counted per status. A comparison workload, not a second implementation: linking is
-- approximated by "the next answer of its kind in the same case".
-- bench/run.sh replaces __CSV__ and __AS_OF__.
CREATE TEMP TABLE ev AS
SELECT case_id, type, outcome, justification, has_justification,
       CAST("date" AS TIMESTAMP) AS ts, length("date") > 10 AS timed
FROM read_csv('__CSV__', header = true, all_varchar = true);

WITH n AS (
  SELECT case_id, ts, timed FROM ev WHERE type = 'notification_received'
), a AS (
  SELECT case_id, ts, timed FROM ev WHERE type = 'notification_assessed'
), u1 AS (
  SELECT n.case_id, n.ts, n.timed,
         (SELECT min(a.ts) FROM a WHERE a.case_id = n.case_id AND a.ts >= n.ts) AS done,
         (SELECT bool_and(a.timed) FROM a WHERE a.case_id = n.case_id AND a.ts >= n.ts) AS done_timed
  FROM n
)
SELECT 'U1' AS rule,
  CASE
    WHEN done IS NULL AND n_due >= DATE '__AS_OF__' THEN 'pending'
    WHEN done IS NULL THEN 'fail'
    WHEN timed AND done_timed AND done <= ts + INTERVAL 24 HOUR THEN 'pass'
    WHEN NOT (timed AND done_timed) AND CAST(done AS DATE) <= CAST(ts AS DATE) + 1 THEN 'pass'
    ELSE 'fail'
  END AS status, count(*) AS n
FROM (SELECT *, CAST(ts AS DATE) + 1 AS n_due FROM u1)
GROUP BY ALL
UNION ALL
SELECT 'B1', CASE
    WHEN done IS NULL AND due >= DATE '__AS_OF__' THEN 'pending'
    WHEN done IS NULL OR CAST(done AS DATE) > due THEN 'fail'
    ELSE 'pass' END, count(*)
FROM (
  SELECT s.case_id,
    CAST(coalesce(
      (SELECT max(w.ts) FROM ev w WHERE w.case_id = s.case_id AND w.type = 'awareness' AND w.ts <= s.ts),
      (SELECT max(w.ts) FROM ev w WHERE w.case_id = s.case_id AND w.type = 'notification_received' AND w.ts <= s.ts),
      s.ts) AS DATE) + INTERVAL 4 MONTH AS due,
    (SELECT min(c.ts) FROM ev c WHERE c.case_id = s.case_id AND c.type = 'investigation_completed' AND c.ts >= s.ts) AS done
  FROM ev s WHERE s.type = 'investigation_started'
)
GROUP BY ALL
UNION ALL
SELECT 'A1', CASE
    WHEN coalesce(trim(justification), '') <> '' THEN 'pass'
    WHEN lower(has_justification) IN ('true', 'ja', 'yes', '1', 'x') THEN 'pass'
    WHEN lower(has_justification) IN ('false', 'nej', 'no', '0') THEN 'fail'
    ELSE 'not_assessable' END, count(*)
FROM ev WHERE type = 'decision' AND outcome IN ('refused', 'partly_granted')
GROUP BY ALL
ORDER BY 1, 2;
