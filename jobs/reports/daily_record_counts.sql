-- Spectrum-style sanity check: records per day over a range, with the days that have none
-- listed as gaps. The table is a parameter restricted to an allowed set (bound with IDENTIFIER).
WITH days AS (
  SELECT date_format(d, 'yyyy-MM-dd') AS `date`
  FROM (SELECT explode(sequence(to_date(:from), to_date(:to), INTERVAL 1 DAY)) AS d)
),
counts AS (
  SELECT `date`, count(*) AS records
  FROM IDENTIFIER(:table)
  WHERE `date` BETWEEN :from AND :to
  GROUP BY `date`
)
SELECT days.`date`, coalesce(counts.records, 0) AS records,
       CASE WHEN counts.records IS NULL THEN 'GAP' ELSE 'ok' END AS status
FROM days LEFT JOIN counts ON days.`date` = counts.`date`
ORDER BY days.`date`
