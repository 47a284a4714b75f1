package io.feedlake.config;

import java.time.ZoneId;
import java.util.List;

/**
 * One feed job, validated from {@code jobs/<name>.conf} layered over the application config.
 *
 * @param name the job name (the file name without {@code .conf})
 * @param table the beta table the job writes
 * @param source where and how the raw feed is read
 * @param conform conformance rules: event time and deduplication
 * @param layout physical layout of the Parquet output
 */
public record JobSpec(
    String name, TableName table, SourceSpec source, ConformSpec conform, LayoutSpec layout) {

  /**
   * A catalog table name.
   *
   * @param database Hive/Glue database
   * @param table table name inside the database
   */
  public record TableName(String database, String table) {
    /** {@code database.table}, as printed in summaries. */
    public String qualified() {
      return database + "." + table;
    }

    /** The name of the table holding this table's quarantined rows. */
    public TableName quarantine() {
      return new TableName(database, table + "_quarantine");
    }
  }

  /** Where a job's raw input comes from; one record type per supported source. */
  public sealed interface SourceSpec
      permits KafkaJsonSourceSpec, KafkaConsoleSourceSpec, KafkaConnectS3SourceSpec, DelimitedSourceSpec {}

  /**
   * kcat {@code -C -J} JSON dumps (FEEDS.md section 2), one directory per topic and dump date.
   *
   * @param path alpha root (local path or Hadoop FS URI)
   * @param topic Kafka topic name, substituted for {@code {topic}} in {@code dumpDir}
   * @param dumpDir directory of one dump below {@code path}, with {@code {topic}} and {@code
   *     {date}} (ISO date) placeholders
   * @param extensions file name endings read ({@code .json}, {@code .jsonl}, each optionally
   *     {@code .gz})
   * @param payloadDdl Spark DDL of the payload schema, or null when {@code payloadAvsc} is used
   * @param payloadAvsc path of an Avro {@code .avsc} payload schema, or null when DDL is used
   */
  public record KafkaJsonSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      String payloadDdl,
      String payloadAvsc)
      implements SourceSpec {
    public KafkaJsonSourceSpec {
      extensions = List.copyOf(extensions);
    }
  }

  /**
   * {@code kafka-console-consumer} text dumps (FEEDS.md section 2; Apache Kafka's
   * DefaultMessageFormatter), one directory per topic and dump date.
   *
   * @param path alpha root (local path or Hadoop FS URI)
   * @param topic Kafka topic name: the dump does not print it; substituted for {@code {topic}}
   * @param dumpDir directory of one dump below {@code path}, with {@code {topic}} and {@code
   *     {date}} placeholders
   * @param extensions file name endings read
   * @param payloadDdl Spark DDL of the value schema, or null when {@code payloadAvsc} is used
   * @param payloadAvsc path of an Avro {@code .avsc} value schema, or null when DDL is used
   * @param format which fields the consumer printed and with which separators
   */
  public record KafkaConsoleSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      String payloadDdl,
      String payloadAvsc,
      ConsoleFormat format)
      implements SourceSpec {
    public KafkaConsoleSourceSpec {
      extensions = List.copyOf(extensions);
    }
  }

  /**
   * The {@code kafka-console-consumer --property} settings a dump was made with (serializable: the
   * line parser ships it to executors). Printed fields
   * come in this fixed order, each followed by {@code separator}: timestamp, partition, offset,
   * headers, key, then the value and a newline.
   *
   * @param timestamp {@code print.timestamp}
   * @param partition {@code print.partition}
   * @param offset {@code print.offset}
   * @param headers {@code print.headers}
   * @param key {@code print.key}
   * @param separator {@code key.separator}, written between every two fields (Kafka default TAB)
   * @param headersSeparator {@code headers.separator}, between two headers (Kafka default comma)
   * @param nullLiteral {@code null.literal}, printed for a null key, value or header value (Kafka
   *     default {@code null})
   */
  public record ConsoleFormat(
      boolean timestamp,
      boolean partition,
      boolean offset,
      boolean headers,
      boolean key,
      String separator,
      String headersSeparator,
      String nullLiteral)
      implements java.io.Serializable {}

  /**
   * Objects written by the Confluent Kafka Connect S3 sink connector (FEEDS.md section 2):
   * {@code <topic>+<partition>+<startOffset>.<ext>} below a topic directory, with the default
   * partitioner ({@code partition=<p>/}) or a time-based one ({@code year=YYYY/month=MM/day=dd[/hour=HH]/}).
   *
   * @param path root holding the connector's {@code topics.dir} (local path or Hadoop FS URI)
   * @param topic Kafka topic name
   * @param topicDir {@code source.dump-dir}: the directory below {@code path} holding the topic's
   *     objects, with {@code {topic}} and, in {@link ConnectDateSelection#PREFIX} mode, {@code
   *     {date}}
   * @param format the connector's {@code format.class}: JSON lines or Avro container files
   * @param dateSelection which objects belong to a run date
   * @param payloadDdl Spark DDL of the value schema, or null when {@code payloadAvsc} is used
   * @param payloadAvsc path of an Avro {@code .avsc} value schema, or null when DDL is used
   */
  public record KafkaConnectS3SourceSpec(
      String path,
      String topic,
      String topicDir,
      ConnectFormat format,
      ConnectDateSelection dateSelection,
      String payloadDdl,
      String payloadAvsc)
      implements SourceSpec {}

  /** The Kafka Connect S3 sink's {@code format.class}. */
  public enum ConnectFormat {
    /** {@code JsonFormat}: one JSON value per line, {@code .json} or {@code .json.gz}. */
    JSON,
    /** {@code AvroFormat}: Avro container files, {@code .avro}. */
    AVRO
  }

  /** Which Kafka Connect S3 sink objects belong to a run date. */
  public enum ConnectDateSelection {
    /**
     * Objects below {@code year=YYYY/month=MM/day=dd/} (and any {@code hour=HH/} below it) of the
     * run date, as a daily or hourly time-based partitioner writes them.
     */
    PATH_DATE,
    /** Every object below the topic directory, whose path then holds the date ({@code {date}}). */
    PREFIX
  }

  /**
   * Delimited vendor logs (CSV or TSV with a header row), one directory per delivery date.
   * Columns are matched to the header by name, case-insensitively.
   *
   * @param path alpha root (local path or Hadoop FS URI)
   * @param dumpDir directory of one date's files below {@code path}, with {@code {date}} ({@code
   *     {topic}} already substituted when {@code source.topic} is set)
   * @param extensions file name endings read
   * @param columnsDdl Spark DDL of the declared columns and their types
   * @param delimiter field delimiter (one character, e.g. comma or TAB)
   * @param quote quote character
   * @param escape escape character inside quoted values
   * @param nullValue the text that stands for null
   * @param timestampFormat pattern of TIMESTAMP columns (Spark datetime pattern), or null for
   *     ISO-8601 as Spark's CSV reader parses it by default
   */
  public record DelimitedSourceSpec(
      String path,
      String dumpDir,
      List<String> extensions,
      String columnsDdl,
      char delimiter,
      char quote,
      char escape,
      String nullValue,
      String timestampFormat)
      implements SourceSpec {
    public DelimitedSourceSpec {
      extensions = List.copyOf(extensions);
    }
  }

  /** How an event-time field is encoded in the payload. */
  public enum EventTimeFormat {
    /** ISO-8601 text such as {@code 2024-03-01T13:05:07.123Z}; without an offset it is UTC. */
    ISO8601,
    /** Milliseconds since the Unix epoch, UTC. */
    EPOCH_MILLIS,
    /** Seconds since the Unix epoch, UTC. */
    EPOCH_SECONDS
  }

  /**
   * @param field flattened (snake_case) payload column holding the event time
   * @param format its encoding
   * @param zone time zone whose local calendar day is the partition {@code date}
   * @param dedupeKey flattened columns that identify an event; when any is null for a record, the
   *     record is keyed by (topic, partition, offset) instead
   */
  public record ConformSpec(
      String field, EventTimeFormat format, ZoneId zone, List<String> dedupeKey) {
    public ConformSpec {
      dedupeKey = List.copyOf(dedupeKey);
    }
  }

  /**
   * @param sortBy columns sorted within each date partition, after the leading {@code date}
   * @param targetFileBytes desired Parquet file size in bytes; the file count per date is the
   *     input bytes of that date divided by this, at least 1
   * @param rowGroupBytes Parquet row group size in bytes ({@code parquet.block.size})
   */
  public record LayoutSpec(List<String> sortBy, long targetFileBytes, long rowGroupBytes) {
    public LayoutSpec {
      sortBy = List.copyOf(sortBy);
    }
  }
}
