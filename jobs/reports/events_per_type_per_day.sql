-- Events per type per day over a date range (VSCO-style behavioural events).
-- Parameters: :from, :to (dates; `report --date D` sets both).
SELECT `date`, event_type, count(*) AS events
FROM beta.vsco_events
WHERE `date` BETWEEN :from AND :to
GROUP BY `date`, event_type
ORDER BY `date`, event_type
