-- Web leads by last-touch channel: CRM leads joined to the clickstream through the Adobe visitor
-- id, each lead credited to the channel of its visitor's last counted hit in the range (view
-- beta.web_hits). Leads whose visitor has no hit are 'No web visit'.
WITH leads AS (
  SELECT lead_id, visid_high, visid_low, lead_value
  FROM beta.crm_leads
  WHERE `date` BETWEEN :from AND :to
),
last_touch AS (
  SELECT visitor_high, visitor_low, max_by(last_touch_channel, hit_time_utc) AS channel
  FROM beta.web_hits
  WHERE `date` BETWEEN :from AND :to
  GROUP BY visitor_high, visitor_low
)
SELECT coalesce(t.channel, 'No web visit') AS last_touch_channel,
       count(*) AS leads,
       sum(l.lead_value) AS lead_value
FROM leads l
LEFT JOIN last_touch t ON l.visid_high = t.visitor_high AND l.visid_low = t.visitor_low
GROUP BY coalesce(t.channel, 'No web visit')
ORDER BY leads DESC, last_touch_channel
