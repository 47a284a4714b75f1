-- GIPHY-style daily clicks for one country. The table is sorted by country within each date, so
-- the country predicate lets Parquet min/max statistics skip the other countries' row groups.
SELECT `date`, country, count(*) AS events, sum(impressions) AS impressions, sum(clicks) AS clicks
FROM beta.gif_activity
WHERE `date` = :date AND country = :country
GROUP BY `date`, country
