-- Amazon Redshift Spectrum. An external schema over the Glue database exposes every table
-- registered in it; the CREATE EXTERNAL TABLE statements are for a catalog that does not
-- have them yet (catalog.type embedded or hive).
CREATE EXTERNAL SCHEMA IF NOT EXISTS "beta"
FROM DATA CATALOG
DATABASE 'beta'
REGION 'us-east-1'
IAM_ROLE 'arn:aws:iam::123456789012:role/feedlake-spectrum'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

CREATE EXTERNAL TABLE "beta"."vsco_events" (
  "event_id" VARCHAR(65535),
  "event_type" VARCHAR(65535),
  "event_time" VARCHAR(65535),
  "user_id" VARCHAR(65535),
  "user_country" VARCHAR(65535),
  "user_locale" VARCHAR(65535),
  "user_device_os" VARCHAR(65535),
  "user_device_os_version" VARCHAR(65535),
  "user_device_model" VARCHAR(65535),
  "properties_filter" VARCHAR(65535),
  "properties_preset" VARCHAR(65535),
  "properties_duration_ms" BIGINT,
  "properties_caption" VARCHAR(65535),
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
LOCATION 's3://feedlake-demo/lake/beta/vsco_events/'
TABLE PROPERTIES ('classification'='parquet', 'parquet.compression'='SNAPPY');

ALTER TABLE "beta"."vsco_events" ADD IF NOT EXISTS
  PARTITION ("date"='2024-03-01') LOCATION 's3://feedlake-demo/lake/beta/vsco_events/date=2024-03-01/run=<run-id>/'
  PARTITION ("date"='2024-03-02') LOCATION 's3://feedlake-demo/lake/beta/vsco_events/date=2024-03-02/run=<run-id>/'
  PARTITION ("date"='2024-03-03') LOCATION 's3://feedlake-demo/lake/beta/vsco_events/date=2024-03-03/run=<run-id>/';

CREATE EXTERNAL TABLE "beta"."vsco_events_quarantine" (
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
LOCATION 's3://feedlake-demo/lake/beta/_quarantine/vsco_events/'
TABLE PROPERTIES ('classification'='parquet', 'parquet.compression'='SNAPPY');

ALTER TABLE "beta"."vsco_events_quarantine" ADD IF NOT EXISTS
  PARTITION ("date"='2024-03-01') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/vsco_events/date=2024-03-01/run=<run-id>/'
  PARTITION ("date"='2024-03-02') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/vsco_events/date=2024-03-02/run=<run-id>/'
  PARTITION ("date"='2024-03-03') LOCATION 's3://feedlake-demo/lake/beta/_quarantine/vsco_events/date=2024-03-03/run=<run-id>/';
