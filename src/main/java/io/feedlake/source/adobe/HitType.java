package io.feedlake.source.adobe;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The beta type of an Adobe data feed column, decided by the column's name: columns are typed
 * only where the type is a documented fact of the format (FEEDS.md section 1, "Types worth
 * knowing"; Adobe Experience League, "Data column reference"), and every other column is kept
 * as STRING under its original name. Empty numeric and timestamp fields become null; empty
 * strings stay empty (Adobe has no NULL marker: empty means "not set").
 */
public enum HitType {
  /** Text as delivered. */
  STRING(DataTypes.StringType),
  /** Unsigned 64-bit id as DECIMAL(20,0) (see {@link UnsignedIds}). */
  UNSIGNED_ID(DataTypes.createDecimalType(20, 0)),
  /** 64-bit integer: browser and os ids (above 2^31), Unix seconds, visit counters. */
  BIGINT(DataTypes.LongType),
  /** Lookup codes (country, language, ref_type, search engine, ...). */
  INT(DataTypes.IntegerType),
  /** Flags and small codes (exclude_hit, hit_source, page_event, ...). */
  SMALLINT(DataTypes.ShortType),
  /**
   * {@code YYYY-MM-DD HH:MM:SS} local time of the report suite, as an instant. A local time in a
   * daylight saving overlap resolves to the earlier offset and one in a gap moves forward by the
   * gap ({@link java.time.ZonedDateTime#of} rules); {@code hit_time_utc} (from {@code
   * hit_time_gmt}) is exact.
   */
  LOCAL_DATETIME(DataTypes.TimestampType),
  /** An event list decoded into events (see {@link EventList}). */
  EVENT_LIST(
      ArrayType.apply(
          new StructType()
              .add("id", DataTypes.IntegerType, false)
              .add("value", DataTypes.StringType, true)
              .add("name", DataTypes.StringType, true)));

  private static final Set<String> UNSIGNED_IDS =
      Set.of("visid_high", "visid_low", "post_visid_high", "post_visid_low", "hitid_high", "hitid_low");

  private static final Set<String> BIGINTS =
      Set.of(
          "browser", "os", "hit_time_gmt", "cust_hit_time_gmt", "post_cust_hit_time_gmt",
          "visit_start_time_gmt", "first_hit_time_gmt", "last_hit_time_gmt",
          "last_purchase_time_gmt", "visit_num", "visit_page_num", "last_purchase_num");

  private static final Set<String> INTS =
      Set.of(
          "country", "language", "ref_type", "visit_ref_type", "first_hit_ref_type",
          "search_engine", "post_search_engine", "visit_search_engine", "color",
          "connection_type", "javascript", "resolution", "browser_height", "browser_width",
          "post_browser_height", "post_browser_width", "geo_dma", "va_closer_id", "va_finder_id",
          "userid", "sourceid", "curr_factor", "mobile_id", "post_mobile_id");

  private static final Set<String> SMALLINTS =
      Set.of(
          "exclude_hit", "hit_source", "page_event", "post_page_event", "daily_visitor",
          "hourly_visitor", "weekly_visitor", "monthly_visitor", "quarterly_visitor",
          "yearly_visitor", "new_visit", "paid_search", "visid_type", "duplicate_purchase",
          "va_instance_event", "va_new_engagement");

  private final DataType sparkType;

  HitType(DataType sparkType) {
    this.sparkType = sparkType;
  }

  /** The Spark SQL type of the beta column. */
  public DataType sparkType() {
    return sparkType;
  }

  /**
   * The type of a delivered column.
   *
   * @param column the name from column_headers.tsv
   * @param eventLists the columns configured as event lists ({@code source.event-lists})
   */
  public static HitType of(String column, List<String> eventLists) {
    if (eventLists.contains(column)) {
      return EVENT_LIST;
    }
    if (column.equals("date_time")) {
      return LOCAL_DATETIME;
    }
    if (UNSIGNED_IDS.contains(column)) {
      return UNSIGNED_ID;
    }
    if (BIGINTS.contains(column)) {
      return BIGINT;
    }
    if (INTS.contains(column)) {
      return INT;
    }
    if (SMALLINTS.contains(column)) {
      return SMALLINT;
    }
    return STRING;
  }
}
