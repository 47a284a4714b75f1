-- Adobe Analytics daily metrics from the data feed, computed the way Adobe documents them
-- (Experience League, "Calculate common metrics"; FEEDS.md section 1): excluded hits
-- (exclude_hit > 0) never count; visits and visitors also leave out data source hits
-- (hit_source 5, 7, 8, 9). Page views are hits with a page name or page URL; visits are distinct
-- (post_visid_high, post_visid_low, visit_num, visit_start_time_gmt); visitors are distinct
-- (post_visid_high, post_visid_low); links are post_page_event 100 (custom), 101 (download) and
-- 102 (exit). Parameter: :date.
-- A feed carries the columns its customer chose: adobe_daily_metrics.conf declares the columns this
-- report can do without. One the table lacks reads as NULL, so each filter is written to let NULL
-- pass (the filter is then not applied), and a metric that needs it is NULL; the notes column says which.
SELECT
  CAST(:date AS STRING) AS `date`,
  count(*) AS hits,
  count_if(coalesce(post_pagename, '') <> '' OR coalesce(post_page_url, '') <> '') AS page_views,
  count(DISTINCT post_visid_high, post_visid_low, visit_num, visit_start_time_gmt)
    FILTER (WHERE coalesce(hit_source, 0) NOT IN (5, 7, 8, 9)) AS visits,
  count(DISTINCT post_visid_high, post_visid_low)
    FILTER (WHERE coalesce(hit_source, 0) NOT IN (5, 7, 8, 9)) AS visitors,
  count_if(post_page_event = 100) AS custom_links,
  count_if(post_page_event = 101) AS download_links,
  count_if(post_page_event = 102) AS exit_links
FROM beta.adobe_clickstream
WHERE `date` = :date AND coalesce(exclude_hit, 0) = 0
