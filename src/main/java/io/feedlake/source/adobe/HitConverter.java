package io.feedlake.source.adobe;

import static io.feedlake.conform.UnitShape.READ_MESSAGE;
import static io.feedlake.conform.UnitShape.READ_REASON;

import io.feedlake.conform.Classified;
import io.feedlake.source.adobe.EscapedTsvReader.Record;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one record of an Adobe data file into one row: typed columns named by
 * column_headers.tsv, the UTC hit time, the lookup name columns, and the internal columns that
 * locate it and carry the reader's reason when it cannot be read. Dating, dedupe and every other
 * decision about a hit are conform's ({@link io.feedlake.conform.ColumnsClassifier}). Built on the driver from one delivery's columns and lookups, then
 * broadcast; {@link #convert} runs on executors. Pure: no I/O.
 *
 * <p>Row shape ({@link #schema()}): {@code _source_file STRING, _line_number BIGINT} (1-based
 * record index), {@code _raw_line STRING} (the record as delivered), {@code _invalid_utf8 BOOLEAN}
 * (always false: invalid UTF-8 is decoded as ISO-8859-1, counted in {@code _latin1_fields INT}),
 * {@code _read_reason STRING, _read_message STRING} (why the record cannot be read, or null),
 * then the delivery's columns in file order with their {@link HitType} ({@code date_time} as the
 * instant of its local time in the report suite's zone), {@code hit_time_utc TIMESTAMP} when
 * {@code hit_time_gmt} is delivered (null for an empty or 0 {@code hit_time_gmt}), and one STRING
 * per lookup.
 *
 * <p>Reasons: {@code blank} (an empty physical line, skipped), {@code record_too_large}, {@code
 * wrong_field_count}, {@code invalid_value} (a typed column that does not parse, or an event list
 * item without a numeric id). The data columns of a row with a reason are null.
 */
public final class HitConverter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Internal columns, in row order, before {@code date} and the data columns. */
  static final List<String> INTERNAL =
      List.of(Classified.SOURCE_FILE, Classified.LINE_NUMBER, Classified.RAW, Classified.INVALID_UTF8,
          Classified.LATIN1_FIELDS, READ_REASON, READ_MESSAGE);

  /** The UTC timestamp added from {@code hit_time_gmt}. */
  public static final String HIT_TIME_UTC = "hit_time_utc";

  private static final int FIRST_COLUMN = INTERNAL.size();

  /**
   * A lookup resolved on executors.
   *
   * @param name output column
   * @param column index of the id column in the delivery
   * @param names normalized id (see {@link #normalizeId}) to name
   */
  record Lookup(String name, int column, Map<String, String> names) implements Serializable {}

  private final String[] columns;
  private final HitType[] types;
  private final ZoneId zone;
  private final int hitTime;
  private final List<Lookup> lookups;
  private final Map<Integer, String> eventNames;

  /**
   * @param columns the delivery's columns, from column_headers.tsv
   * @param types their types, same order
   * @param zone the report suite's time zone (the zone of {@code date_time})
   * @param lookups name columns to add
   * @param eventNames event id to name, from event.tsv (empty when not delivered)
   */
  HitConverter(List<String> columns, List<HitType> types, ZoneId zone, List<Lookup> lookups,
      Map<Integer, String> eventNames) {
    this.columns = columns.toArray(String[]::new);
    this.types = types.toArray(HitType[]::new);
    this.zone = zone;
    this.hitTime = columns.indexOf("hit_time_gmt");
    this.lookups = List.copyOf(lookups);
    this.eventNames = Map.copyOf(eventNames);
  }

  /** The shape of the rows {@link #convert} returns. */
  public StructType schema() {
    StructType s =
        new StructType()
            .add(Classified.SOURCE_FILE, DataTypes.StringType, false)
            .add(Classified.LINE_NUMBER, DataTypes.LongType, false)
            .add(Classified.RAW, DataTypes.StringType, true)
            .add(Classified.INVALID_UTF8, DataTypes.BooleanType, false)
            .add(Classified.LATIN1_FIELDS, DataTypes.IntegerType, false)
            .add(READ_REASON, DataTypes.StringType, true)
            .add(READ_MESSAGE, DataTypes.StringType, true);
    for (int i = 0; i < columns.length; i++) {
      s = s.add(columns[i], types[i].sparkType(), true);
    }
    for (String c : derivedColumns()) {
      s = s.add(c, c.equals(HIT_TIME_UTC) ? DataTypes.TimestampType : DataTypes.StringType, true);
    }
    return s;
  }

  /** Columns added after the delivery's own: {@code hit_time_utc} (if possible), then lookups. */
  public List<String> derivedColumns() {
    List<String> out = new ArrayList<>();
    if (hitTime >= 0) {
      out.add(HIT_TIME_UTC);
    }
    lookups.forEach(l -> out.add(l.name()));
    return out;
  }

  /**
   * Converts one record.
   *
   * @param path the data file's path, stored in {@code _source_file}
   * @param record the record as read
   * @return a row shaped as {@link #schema()}
   */
  public Row convert(String path, Record record) {
    Object[] out = new Object[FIRST_COLUMN + columns.length + (hitTime >= 0 ? 1 : 0) + lookups.size()];
    out[0] = path;
    out[1] = record.index();
    out[2] = record.rawText();
    out[3] = false;
    out[4] = record.latin1Fields();
    if (record.tooLong()) {
      return setAside(out, record, io.feedlake.source.LineFiles.RECORD_TOO_LARGE, "record " + record.index() + " (line "
          + record.line() + ") of " + path + " is " + record.bytes() + " bytes, over source.max-record-bytes; its first "
          + record.raw().length + " bytes are kept");
    }
    if (record.blank()) {
      return setAside(out, record, "blank", "empty line " + record.line());
    }
    String[] fields = record.fields();
    if (fields.length != columns.length) {
      return setAside(out, record, "wrong_field_count",
          "record " + record.index() + " (line " + record.line() + ") has " + fields.length
              + " fields, but column_headers.tsv names " + columns.length + " columns");
    }
    for (int i = 0; i < columns.length; i++) {
      try {
        if (types[i] == HitType.LOCAL_DATETIME) {
          LocalDateTime local = localDateTime(fields[i]);
          out[FIRST_COLUMN + i] =
              local == null ? null : Timestamp.from(local.atZone(zone).toInstant());
        } else {
          out[FIRST_COLUMN + i] = value(types[i], fields[i]);
        }
      } catch (IllegalArgumentException | DateTimeException e) {
        Arrays.fill(out, FIRST_COLUMN, out.length, null);
        return setAside(out, record, "invalid_value",
            "column " + columns[i] + " of record " + record.index() + " (line " + record.line()
                + "): " + e.getMessage());
      }
    }
    Long gmt = hitTime < 0 ? null : (Long) out[FIRST_COLUMN + hitTime];
    if (gmt != null && gmt == 0) {
      gmt = null;
    }
    int next = FIRST_COLUMN + columns.length;
    if (hitTime >= 0) {
      out[next++] = gmt == null ? null : Timestamp.from(Instant.ofEpochSecond(gmt));
    }
    for (Lookup l : lookups) {
      Object id = out[FIRST_COLUMN + l.column()];
      out[next++] = id == null ? null : l.names().get(normalizeId(id.toString()));
    }
    return RowFactory.create(out);
  }

  private static Row setAside(Object[] out, Record record, String reason, String message) {
    out[5] = reason;
    out[6] = message;
    return RowFactory.create(out);
  }

  private Object value(HitType type, String text) {
    if (type == HitType.STRING) {
      return text;
    }
    if (text.isEmpty()) {
      return null;
    }
    return switch (type) {
      case UNSIGNED_ID -> UnsignedIds.parse(text);
      case BIGINT -> integral(text, type, Long.MIN_VALUE, Long.MAX_VALUE);
      case INT -> (int) integral(text, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case SMALLINT -> (short) integral(text, type, Short.MIN_VALUE, Short.MAX_VALUE);
      case EVENT_LIST -> events(text);
      default -> throw new IllegalStateException("No conversion for " + type);
    };
  }

  private static long integral(String text, HitType type, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number (" + type.sparkType().sql() + ")");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("'" + text + "' is out of " + type.sparkType().sql() + " range ("
          + min + ".." + max + ")");
    }
    return v;
  }

  private Object events(String text) {
    try {
      List<Row> rows = new ArrayList<>();
      for (EventList.Event e : EventList.decode(text, eventNames)) {
        rows.add(RowFactory.create(e.id(), e.value(), e.name()));
      }
      return scala.collection.JavaConverters.asScalaBuffer(rows).toList();
    } catch (EventList.InvalidEventList e) {
      throw new IllegalArgumentException("'" + text + "' is not an event list: " + e.getMessage());
    }
  }

  /**
   * Parses {@code YYYY-MM-DD HH:MM:SS}; null for an empty field.
   *
   * @throws DateTimeException when the text has another shape or names no valid time
   */
  static LocalDateTime localDateTime(String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      throw new DateTimeException("'" + text + "' is not a date_time (expected YYYY-MM-DD HH:MM:SS)");
    }
    try {
      return LocalDateTime.of(
          Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
          Integer.parseInt(text, 8, 10, 10), Integer.parseInt(text, 11, 13, 10),
          Integer.parseInt(text, 14, 16, 10), Integer.parseInt(text, 17, 19, 10));
    } catch (NumberFormatException | DateTimeException e) {
      throw new DateTimeException("'" + text + "' is not a date_time (expected YYYY-MM-DD HH:MM:SS)");
    }
  }

  /**
   * The key a lookup id is matched by: digits without leading zeros (lookup files may zero-pad
   * ids, e.g. plugins), anything else as it is.
   */
  static String normalizeId(String id) {
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return id;
    }
    int i = 0;
    while (i < id.length() - 1 && id.charAt(i) == '0') {
      i++;
    }
    return id.substring(i);
  }
}
