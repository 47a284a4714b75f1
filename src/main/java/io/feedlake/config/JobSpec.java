package io.feedlake.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  public sealed interface SourceSpec
      permits KafkaJsonSourceSpec, AdobeSourceSpec, KafkaConsoleSourceSpec, KafkaConnectS3SourceSpec,
          DelimitedSourceSpec, RegisteredSourceSpec {}

  /**
   * The spec of a source type registered in {@link SourceTypes} with its own validator; such
   * specs live beside their validator (in {@code io.feedlake.config.sources}), not in this file.
   */
  public non-sealed interface RegisteredSourceSpec extends SourceSpec {}

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
   * @param ready when a dump directory counts as complete
   */
  public record KafkaJsonSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      String payloadDdl,
      String payloadAvsc,
      ReadyRule ready)
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
   * @param schedule daily deliveries, or hourly ones consolidated into the local day
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
      Schedule schedule,
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
      rename = ordered(rename);
      labels = List.copyOf(labels);
    }
  }

  /**
   * How often Adobe delivers a feed (Adobe Experience League, "Data feed contents - overview":
   * daily or hourly, single or multiple files).
   */
  public enum Schedule {
    /** One delivery per day: manifest {@code <rsid>_<YYYY-MM-DD>.txt}. */
    DAILY,
    /**
     * One delivery per hour of the report suite's local day: manifest {@code
     * <rsid>_<YYYYMMDD>-<HHMMSS>.txt}; a day is ingested once every hour of it is delivered.
     */
    HOURLY
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
      values = ordered(values);
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
   * @param ready when a dump directory counts as complete
   */
  public record KafkaConsoleSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      String payloadDdl,
      String payloadAvsc,
      ConsoleFormat format,
      ReadyRule ready)
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
   * @param ready when a date's directory counts as complete (the marker is looked for directly in
   *     it; the quiet period covers every object below it)
   */
  public record KafkaConnectS3SourceSpec(
      String path,
      String topic,
      String topicDir,
      ConnectFormat format,
      ConnectDateSelection dateSelection,
      String payloadDdl,
      String payloadAvsc,
      ReadyRule ready)
      implements SourceSpec {}

  /**
   * When a dump source's input of a date counts as complete ({@code source.ready}), checked by
   * {@code feedlake ready} and before {@code ingest} reads anything. Adobe deliveries are ready
   * when their manifest is, and do not use this.
   *
   * @param mode the rule
   * @param marker ({@link ReadyMode#MARKER}) the file name that marks a complete directory, {@code
   *     _SUCCESS} by default (the Hadoop output committer's and Secor's convention)
   * @param quietPeriod ({@link ReadyMode#QUIET_PERIOD}) how long no file of the date may have been
   *     modified, by the file system's modification times
   */
  public record ReadyRule(ReadyMode mode, String marker, Duration quietPeriod) implements java.io.Serializable {
    /** Today's behaviour: ready as soon as one data file is there. */
    public static final ReadyRule ANY = new ReadyRule(ReadyMode.ANY, "_SUCCESS", Duration.ofMinutes(10));
  }

  /** The rules of {@code source.ready}. */
  public enum ReadyMode {
    /** Ready when the date's directory holds at least one data file. */
    ANY,
    /** Ready when the date's directory also holds the marker file. */
    MARKER,
    /** Ready when no file of the date has been modified for the quiet period. */
    QUIET_PERIOD
  }

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
   * @param ready when a date's directory counts as complete
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
      String timestampFormat,
      ReadyRule ready)
      implements SourceSpec {
    public DelimitedSourceSpec {
      extensions = List.copyOf(extensions);
    }
  }

  /** How an event-time field is encoded in the payload. */
  public enum EventTimeFormat {
    /**
     * ISO-8601 text such as {@code 2024-03-01T13:05:07.123Z} (as Spark casts text to TIMESTAMP);
     * without an offset it is UTC. A value without a time of day ({@code 2024-03-01}, {@code
     * 2024-03}) is invalid unless {@link EventTimeParsing#dateOnlyAllowed()}.
     */
    ISO8601,
    /** Milliseconds since the Unix epoch, UTC. */
    EPOCH_MILLIS,
    /** Seconds since the Unix epoch, UTC. */
    EPOCH_SECONDS,
    /** Microseconds since the Unix epoch, UTC. */
    EPOCH_MICROS,
    /**
     * Text in a {@link java.time.format.DateTimeFormatter} pattern ({@link
     * EventTimeParsing#pattern()}), parsed strictly in {@link EventTimeParsing#locale()}; without
     * an offset or zone in the pattern it is UTC, and a date-only pattern means midnight UTC.
     */
    PATTERN
  }

  /**
   * The details of how an event-time value is parsed, beyond its {@link EventTimeFormat}.
   *
   * @param pattern the {@link java.time.format.DateTimeFormatter} pattern of {@link
   *     EventTimeFormat#PATTERN}, e.g. {@code EEE MMM dd HH:mm:ss Z yyyy}; null for the other formats
   * @param locale the locale of the pattern's month and day names ({@link Locale#ROOT} by default)
   * @param dateOnlyAllowed whether an {@link EventTimeFormat#ISO8601} value without a time of day
   *     is read as midnight UTC instead of being invalid
   */
  public record EventTimeParsing(String pattern, Locale locale, boolean dateOnlyAllowed)
      implements java.io.Serializable {
    /** No pattern, {@link Locale#ROOT}, date-only values refused. */
    public static final EventTimeParsing DEFAULT = new EventTimeParsing(null, Locale.ROOT, false);

    public EventTimeParsing {
      locale = locale == null ? Locale.ROOT : locale;
    }
  }

  /**
   * @param field flattened (snake_case) payload column holding the event time (its name after
   *     {@code source.rename})
   * @param format its encoding
   * @param zone time zone whose local calendar day is the partition {@code date}
   * @param dedupeKey flattened columns that identify an event; when any is null for a record, the
   *     record is keyed by (topic, partition, offset) instead
   * @param keep which record of a key is kept
   * @param parsing pattern, locale and date-only rule of the event time
   * @param payloadNames payload fields renamed before the reserved-name check, by their path in
   *     the declared schema (dotted for nested fields, e.g. {@code $schema} or {@code meta.dt}) to
   *     the output column name, in configured order ({@code source.rename})
   * @param payloadDrops payload fields (paths as in {@code payloadNames}; a struct drops all its
   *     fields) that are not read at all ({@code source.drop})
   */
  public record ConformSpec(
      String field,
      EventTimeFormat format,
      ZoneId zone,
      List<String> dedupeKey,
      DedupeKeep keep,
      EventTimeParsing parsing,
      Map<String, String> payloadNames,
      List<String> payloadDrops) {
    public ConformSpec {
      dedupeKey = List.copyOf(dedupeKey);
      parsing = parsing == null ? EventTimeParsing.DEFAULT : parsing;
      payloadNames = ordered(payloadNames == null ? Map.of() : payloadNames);
      payloadDrops = List.copyOf(payloadDrops == null ? List.of() : payloadDrops);
    }

    /** Settings without a pattern, renames or drops. */
    public ConformSpec(
        String field, EventTimeFormat format, ZoneId zone, List<String> dedupeKey, DedupeKeep keep) {
      this(field, format, zone, dedupeKey, keep, EventTimeParsing.DEFAULT, Map.of(), List.of());
    }

    /** Settings that keep the earliest offset, the default. */
    public ConformSpec(String field, EventTimeFormat format, ZoneId zone, List<String> dedupeKey) {
      this(field, format, zone, dedupeKey, DedupeKeep.EARLIEST_OFFSET);
    }
  }

  /**
   * An unmodifiable copy that iterates in {@code map}'s order ({@code Map.copyOf} would iterate in
   * an order that changes between JVM runs).
   */
  static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Which record of a dedupe key is kept; ties fall back to offset, then file and line. */
  public enum DedupeKeep {
    /** The first one delivered: lowest Kafka offset (then partition), or first file and line. */
    EARLIEST_OFFSET,
    /** The one with the latest event time (a corrected re-send wins). */
    LATEST_TIMESTAMP
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
