-- Amazon Redshift Spectrum. An external schema over the Glue database exposes every table
-- registered in it; the CREATE EXTERNAL TABLE statements are for a catalog that does not
-- have them yet (catalog.type embedded or hive).
CREATE EXTERNAL SCHEMA IF NOT EXISTS "beta"
FROM DATA CATALOG
DATABASE 'beta'
REGION 'us-east-1'
IAM_ROLE 'arn:aws:iam::123456789012:role/feedlake-spectrum'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

CREATE EXTERNAL TABLE "beta"."gif_activity" (
  "event_id" VARCHAR(65535),
  "ts_ms" BIGINT,
  "country" VARCHAR(65535),
  "gif_id" VARCHAR(65535),
  "gif_rating" VARCHAR(65535),
  "search_term" VARCHAR(65535),
  "impressions" INTEGER,
  "clicks" INTEGER,
  "user_id" VARCHAR(65535),
  "user_device_platform" VARCHAR(65535),
  "event_ts" TIMESTAMP,
  "kafka_topic" VARCHAR(65535),
  "kafka_partition" INTEGER,
  "kafka_offset" BIGINT,
  "kafka_timestamp" TIMESTAMP,
  "kafka_timestamp_type" VARCHAR(65535),
  "kafka_key" VARCHAR(65535),
  "kafka_headers" array<struct<key:varchar(65535),value:varchar(65535)>>
)
PARTITIONED BY ("date" VARCHAR(10))
STORED AS PARQUET
LOCATION 's3://feedlake-demo/lake/beta/gif_activity/'
TABLE PROPERTIES ('classification'='parquet', 'parquet.compression'='SNAPPY');

ALTER TABLE "beta"."gif_activity" ADD IF NOT EXISTS
  PARTITION ("date"='2024-03-01') LOCATION 's3://feedlake-demo/lake/beta/gif_activity/date=2024-03-01/run=<run-id>/'
  PARTITION ("date"='2024-03-02') LOCATION 's3://feedlake-demo/lake/beta/gif_activity/date=2024-03-02/run=<run-id>/'
  PARTITION ("date"='2024-03-03') LOCATION 's3://feedlake-demo/lake/beta/gif_activity/date=2024-03-03/run=<run-id>/';

CREATE EXTERNAL TABLE "beta"."gif_activity_quarantine" (
  "raw_record" VARCHAR(65535),
  "source_file" VARCHAR(65535),
  "line_number" BIGINT,
  "kafka_partition" INTEGER,
  "kafka_offset" BIGINT,
  "event_date" VARCHAR(65535),
  "stage" VARCHAR(65535),
  "reason" VARCHAR(65535),
  "message" VARCHAR(65535),
  "run_id" VARCHAR(65535)
)
PARTITIONED BY ("date" VARCHAR(10))
STORED AS PARQUET
LOCATION 's3://feedlake-demo/lake/beta/_quarantine/gif_activity/'
TABLE PROPERTIES ('classification'='parquet', 'parquet.compression'='SNAPPY');

ALTER TABLE "beta"."gif_activity_quarantine" ADD IF NOT EXISTS
  PARTITION ("date"='2024-03-01') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/gif_activity/date=2024-03-01/run=<run-id>/'
  PARTITION ("date"='2024-03-02') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/gif_activity/date=2024-03-02/run=<run-id>/'
  PARTITION ("date"='2024-03-03') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/gif_activity/date=2024-03-03/run=<run-id>/';
