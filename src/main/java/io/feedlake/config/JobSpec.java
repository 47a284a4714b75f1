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
 * @param rules conform steps, quarantine threshold and schema-evolution policy
 */
public record JobSpec(
    String name, TableName table, SourceSpec source, ConformSpec conform, LayoutSpec layout, Rules rules) {

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
  public sealed interface SourceSpec permits KafkaJsonSourceSpec {}

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
