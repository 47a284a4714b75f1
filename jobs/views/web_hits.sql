-- Web hits of the Adobe clickstream as analysts read them (the late-binding view pattern):
-- friendly names, the last-touch channel label, and only hits Adobe counts: excluded hits
-- (exclude_hit > 0) and data source uploads (hit_source 5, 7, 8, 9) are left out.
SELECT
  `date`,
  hit_time_utc,
  post_visid_high AS visitor_high,
  post_visid_low AS visitor_low,
  visit_num,
  post_pagename AS page_name,
  post_page_url AS page_url,
  internal_campaign,
  last_touch_channel
FROM beta.adobe_clickstream
WHERE exclude_hit = 0 AND coalesce(hit_source, 0) NOT IN (5, 7, 8, 9)
