-- GIPHY-style daily clicks for the US. The table is sorted by country within each date, so
-- the country predicate lets Parquet min/max statistics skip most row groups.
-- Parameter: :date.
SELECT `date`, country, count(*) AS events, sum(impressions) AS impressions, sum(clicks) AS clicks
FROM beta.gif_activity
WHERE `date` = :date AND country = 'US'
GROUP BY `date`, country
