package io.feedlake.source.kafka;

import io.feedlake.source.Utf8Lines;
import io.feedlake.source.kafka.KcatEnvelope.Header;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The row shape every line-based Kafka dump reader produces (kcat {@code -J}, console-consumer,
 * Kafka Connect JSON objects), as {@link io.feedlake.conform.RecordClassifier} with origin {@code
 * KAFKA} and the JSON payload parser expect it: one row per physical line. Rows are built on
 * executors.
 *
 * <p>Shape ({@link #SCHEMA}): {@code _source_file STRING, _line_number BIGINT, _read_reason
 * STRING, _read_message STRING, _raw_line STRING, _invalid_utf8 BOOLEAN, kafka_topic STRING,
 * kafka_partition INT, kafka_offset BIGINT, kafka_timestamp_type STRING (create, logappend,
 * unknown), kafka_timestamp_ms BIGINT (epoch ms), kafka_broker INT, kafka_headers
 * ARRAY<STRUCT<key: STRING, value: STRING>>, kafka_key STRING, payload STRING}. Kafka columns are
 * null when the dump does not carry them.
 */
public final class KafkaRecords {
  /** Schema of the rows built by {@link #record} and {@link #notRecord}. */
  public static final StructType SCHEMA =
      io.feedlake.source.LineFiles.lineSchema(
            DataTypes.createStructField("kafka_topic", DataTypes.StringType, true),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, true),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, true),
            DataTypes.createStructField("kafka_timestamp_type", DataTypes.StringType, true),
            DataTypes.createStructField("kafka_timestamp_ms", DataTypes.LongType, true),
            DataTypes.createStructField("kafka_broker", DataTypes.IntegerType, true),
            DataTypes.createStructField(
                "kafka_headers",
                ArrayType.apply(
                    new StructType()
                        .add("key", DataTypes.StringType, false)
                        .add("value", DataTypes.StringType, true)),
                true),
            DataTypes.createStructField("kafka_key", DataTypes.StringType, true),
            DataTypes.createStructField("payload", DataTypes.StringType, true));

  private KafkaRecords() {}

  /**
   * A line that holds one Kafka record.
   *
   * @param file the source file path
   * @param line the line
   * @param m the record's Kafka metadata and payload
   */
  public static Row record(String file, Utf8Lines.Line line, Message m) {
    Object headers = null;
    if (m.headers() != null) {
      List<Row> rows = new ArrayList<>(m.headers().size());
      for (Header h : m.headers()) {
        rows.add(RowFactory.create(h.key(), h.value()));
      }
      headers = scala.collection.JavaConverters.asScalaBuffer(rows).toList();
    }
    return RowFactory.create(
        file, line.number(), null, null, line.text(), line.invalidUtf8(), m.topic(), m.partition(),
        m.offset(), m.timestampType(), m.timestampMs(), m.broker(), headers, m.key(), m.payload());
  }

  /**
   * A line that is not a usable record: skipped (reason in {@link
   * io.feedlake.conform.RecordClassifier#SKIP_REASONS}) or rejected by the reader (quarantined).
   *
   * @param reason reason code, e.g. {@code blank} or {@code line_parse_error}
   * @param message why, for the quarantine table; null for skipped lines
   */
  public static Row notRecord(String file, Utf8Lines.Line line, String reason, String message) {
    return RowFactory.create(
        file, line.number(), reason, message, line.text(), line.invalidUtf8(), null, null, null,
        null, null, null, null, null, null);
  }

  /**
   * A line that is a Kafka record the reader rejected, with the metadata it could read (so the
   * quarantine row keeps the partition and offset).
   */
  public static Row rejected(
      String file, Utf8Lines.Line line, Message m, String reason, String message) {
    return RowFactory.create(
        file, line.number(), reason, message, line.text(), line.invalidUtf8(), m.topic(),
        m.partition(), m.offset(), null, null, null, null, null, null);
  }

  /**
   * One Kafka record as a dump shows it.
   *
   * @param topic topic name
   * @param partition partition, or null when the dump does not show it
   * @param offset offset within the partition, or null when the dump does not show it
   * @param timestampType {@code create}, {@code logappend} or {@code unknown}; null without a
   *     timestamp
   * @param timestampMs record timestamp in epoch milliseconds (UTC), or null
   * @param broker broker id, or null
   * @param headers headers in order; empty when the record has none, null when the dump does not
   *     show headers
   * @param key the key as text, or null
   * @param payload the value as text, or null for a tombstone
   */
  public record Message(
      String topic,
      Integer partition,
      Long offset,
      String timestampType,
      Long timestampMs,
      Integer broker,
      List<Header> headers,
      String key,
      String payload) {}
}
