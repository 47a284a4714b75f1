package io.feedlake.conform;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * What a source's units look like, which is all conform needs to classify them: a source reads a
 * date's input into one row per unit (a record, or a reject with the reader's reason) and
 * describes those rows with a shape; conform then decides every record's fate ({@link
 * Classifier#of}). A shape holds no rule of its own: event time, partition date, dedupe and the
 * reasons' wording are the classifier's.
 */
public sealed interface UnitShape permits UnitShape.Payload, UnitShape.Columns {
  /** Unit column: why the reader skipped or rejected a unit; null for a record. */
  String READ_REASON = "_read_reason";
  /** Unit column: the reader's explanation of {@link #READ_REASON}. */
  String READ_MESSAGE = "_read_message";

  /** Where the units come from: decides the columns added besides the payload, and dedupe order. */
  enum Origin {
    /**
     * Kafka records: {@code kafka_topic STRING, kafka_partition INT, kafka_offset BIGINT,
     * kafka_timestamp_type STRING, kafka_timestamp_ms BIGINT, kafka_broker INT, kafka_headers
     * ARRAY<STRUCT<key, value>>, kafka_key STRING} in, {@code kafka_timestamp TIMESTAMP} derived
     * from the milliseconds. A record with an incomplete dedupe key is keyed by (topic,
     * partition, offset), or by its file and line when the dump has no offsets; the lowest offset
     * wins (then partition, file, line).
     */
    KAFKA(
        List.of("event_ts", "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp",
            "kafka_timestamp_type", "kafka_key", "kafka_headers")),
    /**
     * Plain file rows (delimited logs): no columns besides the payload and {@code event_ts}. A
     * record with an incomplete dedupe key is not deduplicated; the first by file and line wins.
     */
    FILE(List.of("event_ts"));

    private final List<String> outputColumns;

    Origin(List<String> outputColumns) {
      this.outputColumns = outputColumns;
    }

    /** Columns added to every written row after the payload columns, in order. */
    public List<String> outputColumns() {
      return outputColumns;
    }
  }

  /**
   * How the late/early messages name the unit's day and the date it is compared with, e.g.
   * "event date 2024-01-01 (UTC) is before the dump date 2024-01-02".
   *
   * @param subject what the day is, e.g. {@code event date} or {@code hit day}
   * @param how how the day was derived, shown in parentheses, e.g. a zone id
   * @param against what the ingested date is, e.g. {@code dump date} or {@code delivery date}
   */
  record DayWording(String subject, String how, String against) {}


  /**
   * Units that carry one payload each, parsed by conform with the declared schema: the Kafka dumps,
   * delimited logs, alpha files and Debezium change events ({@link RecordClassifier}).
   *
   * <p>Row columns: {@code _source_file STRING, _line_number BIGINT, _read_reason STRING} (null
   * for a record, else the reader's reason), {@code _read_message STRING, _raw_line STRING,
   * _invalid_utf8 BOOLEAN}, {@code payload} (as {@code parser} expects it) and the columns of
   * {@code origin}.
   *
   * @param schema the declared payload schema (flattened into the output columns)
   * @param parser how {@code payload} becomes a struct of {@code schema}
   * @param origin Kafka records or plain file rows: the extra columns and the dedupe order
   * @param writtenCounts per output column, the values whose written rows are counted as run
   *     metrics {@code <column>.<value>} (e.g. Debezium's {@code op} → c, u, d, r); usually empty
   * @param jsonText whether {@code payload} is JSON text, so that fields the schema does not name
   *     can be detected ({@code schema.on-unknown})
   */
  record Payload(StructType schema, PayloadParser parser, Origin origin, Map<String, List<String>> writtenCounts,
      boolean jsonText) implements UnitShape {
    public Payload {
      writtenCounts = Map.copyOf(writtenCounts);
    }

    /** A payload shape without run metrics. */
    public Payload(StructType schema, PayloadParser parser, Origin origin) {
      this(schema, parser, origin, Map.of(), parser == PayloadParser.json());
    }
  }

  /**
   * Units the reader has already split into typed columns (Adobe hits, whose columns come with each
   * delivery): classified by {@link ColumnsClassifier}.
   *
   * <p>Row columns: {@code _source_file STRING, _line_number BIGINT} (1-based record index),
   * {@code _read_reason STRING, _read_message STRING} (the reader's reason, or null), {@code
   * _raw_line STRING} (the unit as delivered), {@code _invalid_utf8 BOOLEAN}, {@code
   * _latin1_fields INT}, then {@code columns}.
   *
   * @param columns the output columns, in order
   * @param day how a unit's partition date is found
   * @param dedupeKey key columns; the first unit of a key by file and record index is kept; empty
   *     for no deduplication
   */
  record Columns(List<String> columns, EventDay day, List<String> dedupeKey) implements UnitShape {
    public Columns {
      columns = List.copyOf(columns);
      dedupeKey = List.copyOf(dedupeKey);
    }
  }

  /**
   * How a typed unit is dated.
   *
   * @param column a {@code TIMESTAMP} column whose local date in {@code zone} is the unit's
   *     partition date; null when the input has no time column, and every unit is dated with the
   *     ingested date
   * @param zone the zone of that local date (e.g. the report suite's zone, or UTC)
   * @param named how messages name the deciding input field (e.g. {@code date_time}): a unit with
   *     a null {@code column} is {@code missing_event_time}, "record 7 has no date_time to decide
   *     its day"
   * @param wording how late/early messages name the unit's day
   */
  record EventDay(String column, ZoneId zone, String named, DayWording wording) {}
}
