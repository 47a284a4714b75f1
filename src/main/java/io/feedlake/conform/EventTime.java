package io.feedlake.conform;

import io.feedlake.config.JobSpec.EventTimeFormat;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Event-time conversions as Spark column expressions (built-in functions, no UDF). They assume
 * the session time zone is UTC, which {@link io.feedlake.spark.SparkSessions} enforces.
 */
public final class EventTime {
  private EventTime() {}

  /**
   * The event time as a TIMESTAMP (an instant, stored as INT64 microseconds in Parquet).
   *
   * @param raw the payload column: STRING for ISO-8601, integral for epoch formats
   * @param format how {@code raw} is encoded; ISO-8601 text without an offset is read as UTC
   * @return a TIMESTAMP column, null when {@code raw} is null or does not parse
   */
  public static Column timestamp(Column raw, EventTimeFormat format) {
    return switch (format) {
      case ISO8601 -> raw.cast("string").cast("timestamp");
      case EPOCH_MILLIS -> functions.timestamp_millis(raw.cast("long"));
      case EPOCH_SECONDS -> functions.timestamp_seconds(raw.cast("long"));
    };
  }

  /**
   * The local calendar day of an instant in a time zone, as {@code yyyy-MM-dd} text (the form the
   * {@code date} partition value takes in the catalog and in folder names).
   *
   * @param timestamp a TIMESTAMP column
   * @param zone the zone whose calendar decides the day
   */
  public static Column localDate(Column timestamp, ZoneId zone) {
    return functions.date_format(functions.from_utc_timestamp(timestamp, zone.getId()), "yyyy-MM-dd");
  }
}
