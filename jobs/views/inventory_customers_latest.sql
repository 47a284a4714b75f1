-- Current rows of the Debezium changelog beta.inventory_customers: per key, the latest change in
-- the source's own order (PostgreSQL lsn; MySQL binlog file, position and row; MongoDB ts_ms and
-- ord; then the Kafka offset, which orders a key's changes within its partition), with deleted
-- rows left out. A latest-state view needs every change up to today, so it reads every date up to
-- the current one (the date predicate is that range, stated for the partition-filter guard).
SELECT id, first_name, last_name, email, ts_ms AS changed_at, op AS last_op, `date`
FROM (
  SELECT *,
         row_number() OVER (
           PARTITION BY key
           ORDER BY source_lsn DESC NULLS LAST, source_file DESC NULLS LAST, source_pos DESC NULLS LAST,
                    source_row DESC NULLS LAST, source_ts_ms DESC NULLS LAST, source_ord DESC NULLS LAST,
                    kafka_partition DESC NULLS LAST, kafka_offset DESC NULLS LAST) AS change_rank
  FROM beta.inventory_customers
  WHERE `date` <= date_format(current_date(), 'yyyy-MM-dd')
) changes
WHERE change_rank = 1 AND op <> 'd'
