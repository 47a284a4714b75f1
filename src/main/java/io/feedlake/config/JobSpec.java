package io.feedlake.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One feed job, validated from {@code jobs/<name>.conf} layered over the application config.
 *
 * @param name the job name (the file name without {@code .conf})
 * @param table the beta table the job writes
 * @param source where and how the raw feed is read
 * @param conform conformance rules of kcat sources: event time and deduplication; null for Adobe
 *     sources, whose event time (date_time, hit_time_gmt) and dedupe key (hitid_high, hitid_low)
 *     are fixed by the feed format and configured in {@link AdobeSourceSpec}
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
  public sealed interface SourceSpec permits KafkaJsonSourceSpec, AdobeSourceSpec {}

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
   * Adobe Analytics Data Feed deliveries (FEEDS.md section 1): manifest, lookup archive and
   * escaped-TSV data files of one report suite, all in one directory.
   *
   * @param path directory the deliveries land in (local path or Hadoop FS URI)
   * @param reportSuite report suite id, the prefix of every delivered file name
   * @param timeZone the report suite's time zone: {@code date_time} is local time in it
   * @param partitionDate which day a hit belongs to
   * @param allowFin accept a delivery marked by {@code <rsid>_<date>.fin} instead of a manifest
   *     (no sizes, digests or counts to check)
   * @param allowUnmarked accept data files with neither manifest nor {@code .fin} (completeness
   *     is then assumed)
   * @param lookups name columns added from the lookup archive, in output order
   * @param eventLists columns decoded in place into event arrays through {@code event.tsv}
   * @param rename friendly output names: Adobe column name to output column name
   * @param labels code-to-label columns, in output order
   */
  public record AdobeSourceSpec(
      String path,
      String reportSuite,
      ZoneId timeZone,
      PartitionDate partitionDate,
      boolean allowFin,
      boolean allowUnmarked,
      List<LookupSpec> lookups,
      List<String> eventLists,
      Map<String, String> rename,
      List<LabelSpec> labels)
      implements SourceSpec {
    public AdobeSourceSpec {
      lookups = List.copyOf(lookups);
      eventLists = List.copyOf(eventLists);
      rename = Map.copyOf(rename);
      labels = List.copyOf(labels);
    }
  }

  /** Which day an Adobe hit belongs to. */
  public enum PartitionDate {
    /** The local day of {@code date_time} in the report suite's time zone (Adobe's own cut). */
    LOCAL,
    /** The UTC day of {@code hit_time_gmt}. */
    UTC
  }

  /**
   * A name column resolved through an {@code id<TAB>name} member of the lookup archive.
   *
   * @param name the output column, e.g. {@code browser_name}
   * @param column the Adobe column holding the id, e.g. {@code browser}
   * @param file the archive member, e.g. {@code browser.tsv}
   */
  public record LookupSpec(String name, String column, String file) {}

  /**
   * A label column computed from a code column with a mapping given in the job config (for
   * example {@code va_closer_id} to {@code last_touch_channel}).
   *
   * @param column the Adobe column holding the code
   * @param name the output column
   * @param values code (as text) to label
   * @param otherwise label of codes not in {@code values}, or null
   */
  public record LabelSpec(String column, String name, Map<String, String> values, String otherwise) {
    public LabelSpec {
      values = Map.copyOf(values);
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
