package io.feedlake.conform;

import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.EventTimeParsing;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Event-time conversions as Spark column expressions. ISO-8601 and the epoch formats use Spark
 * built-ins; a {@link EventTimeFormat#PATTERN} is parsed by {@link DateTimeFormatter} in a UDF,
 * because Spark's own datetime patterns refuse day-of-week text ({@code EEE}) for parsing and
 * always use {@code Locale.US}. They assume the session time zone is UTC, which {@link
 * io.feedlake.spark.SparkSessions} sets and the configuration enforces.
 */
public final class EventTime {
  private EventTime() {}

  /**
   * ISO-8601 text that has a time of day: a date ({@code yyyy-[m]m-[d]d}), {@code T} or a blank,
   * then a digit of the hour.
   */
  private static final String DATE_AND_TIME = "^\\s*[+-]?\\d{4,}-\\d{1,2}-\\d{1,2}[T ]\\s*\\d";

  /**
   * ISO-8601 text that starts with a date (Spark's cast also reads {@code 2024-03} and {@code
   * 2024} as midnight); text with a time of day only, which Spark's cast would put on the current
   * day, never matches.
   */
  private static final String STARTS_WITH_DATE = "^\\s*[+-]?\\d{4,}(-|\\s*$|[T ]\\s*\\d)";

  /**
   * The event time as a TIMESTAMP with the default parsing ({@link EventTimeParsing#DEFAULT}).
   *
   * @see #timestamp(Column, EventTimeFormat, EventTimeParsing)
   */
  public static Column timestamp(Column raw, EventTimeFormat format) {
    return timestamp(raw, format, EventTimeParsing.DEFAULT);
  }

  /**
   * The event time as a TIMESTAMP (an instant, stored as INT64 microseconds in Parquet).
   *
   * @param raw the payload column: text for ISO-8601 and patterns, integral for epoch formats
   * @param format how {@code raw} is encoded; ISO-8601 text or pattern text without an offset is
   *     read as UTC
   * @param parsing the pattern and its locale ({@link EventTimeFormat#PATTERN}), and whether an
   *     ISO-8601 value without a time of day is midnight UTC or invalid
   * @return a TIMESTAMP column, null when {@code raw} is null or does not parse (the caller
   *     quarantines it as {@code invalid_event_time})
   */
  public static Column timestamp(Column raw, EventTimeFormat format, EventTimeParsing parsing) {
    return switch (format) {
      case ISO8601 -> {
        Column text = raw.cast("string");
        Column accepted = text.rlike(parsing.dateOnlyAllowed() ? STARTS_WITH_DATE : DATE_AND_TIME);
        yield functions.when(accepted, text.cast("timestamp"));
      }
      case EPOCH_MILLIS -> functions.timestamp_millis(raw.cast("long"));
      case EPOCH_SECONDS -> functions.timestamp_seconds(raw.cast("long"));
      case EPOCH_MICROS -> functions.timestamp_micros(raw.cast("long"));
      case PATTERN -> functions.timestamp_micros(
          functions.udf(new PatternParser(parsing.pattern(), parsing.locale()), DataTypes.LongType)
              .apply(raw.cast("string")));
    };
  }

  /**
   * How the format reads, for messages: {@code iso8601 (date and time of day)}, {@code
   * epoch-millis}, {@code pattern 'EEE MMM dd HH:mm:ss Z yyyy' (locale root)}.
   */
  public static String describe(EventTimeFormat format, EventTimeParsing parsing) {
    return switch (format) {
      case ISO8601 -> parsing.dateOnlyAllowed()
          ? "iso8601"
          : "iso8601 with a time of day (a date alone is refused unless conform.event-time.date-only = allowed)";
      case PATTERN -> "pattern '" + parsing.pattern() + "' (locale "
          + (parsing.locale().equals(Locale.ROOT) ? "root" : parsing.locale().toLanguageTag()) + ")";
      default -> format.name().toLowerCase(Locale.ROOT).replace('_', '-');
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

  /**
   * Parses text with a {@link DateTimeFormatter} pattern into microseconds since the epoch, or
   * null when the text does not match. Strict: a day of month out of range (Feb 30) or a
   * day-of-week that contradicts the date is not adjusted but refused; {@code yyyy} means the
   * year of the common era. Without an offset or zone the local date-time is UTC; without a time
   * of day, midnight. Runs on executors; the formatter is built once per deserialized instance.
   */
  static final class PatternParser implements UDF1<String, Long> {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final Locale locale;
    private transient DateTimeFormatter formatter;

    PatternParser(String pattern, Locale locale) {
      this.pattern = pattern;
      this.locale = locale;
      formatter();
    }

    private DateTimeFormatter formatter() {
      if (formatter == null) {
        formatter =
            new DateTimeFormatterBuilder()
                .appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1)
                .toFormatter(locale)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
      }
      return formatter;
    }

    @Override
    public Long call(String text) {
      if (text == null) {
        return null;
      }
      try {
        TemporalAccessor t = formatter().parse(text);
        Instant instant;
        if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
          instant = Instant.from(t);
        } else {
          LocalDate date = t.query(TemporalQueries.localDate());
          if (date == null) {
            return null;
          }
          LocalTime time = t.query(TemporalQueries.localTime());
          instant = date.atTime(time == null ? LocalTime.MIDNIGHT : time).toInstant(ZoneOffset.UTC);
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
      } catch (DateTimeException | ArithmeticException e) {
        return null;
      }
    }
  }
}
