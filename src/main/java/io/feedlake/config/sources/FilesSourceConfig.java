package io.feedlake.config.sources;

import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.config.JobSpec.RegisteredSourceSpec;
import io.feedlake.config.SourceConfigValidator;
import io.feedlake.config.SourceSection;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code source.type = files}: alpha data files (Parquet, ORC, Avro or JSON lines) laid
 * out one directory per date ({@code source.dump-dir} with {@code {date}}), as a Kafka consumer,
 * Secor or the Kafka Connect S3 sink writes them. Keys: {@code source.path}, {@code
 * source.dump-dir}, optional {@code source.topic}, {@code source.extensions} (default by format),
 * {@code source.schema.ddl} or {@code .avsc}, {@code source.ready*} and {@code source.files.*}.
 */
public final class FilesSourceConfig implements SourceConfigValidator {
  /** The {@code source.type} value. */
  public static final String TYPE = "files";

  /** A data file format, read with Spark's own reader of that name. */
  public enum FileFormat {
    /** Apache Parquet ({@code .parquet}), Spark's built-in reader. */
    PARQUET,
    /** Apache ORC ({@code .orc}), Spark's built-in reader. */
    ORC,
    /** Avro container files ({@code .avro}), read by spark-avro. */
    AVRO,
    /** JSON lines, one object per line, optionally gzip-compressed. */
    JSON
  }

  /** File name endings read when {@code source.extensions} is empty. */
  static final Map<FileFormat, List<String>> DEFAULT_EXTENSIONS =
      Map.of(
          FileFormat.PARQUET, List.of(".parquet"),
          FileFormat.ORC, List.of(".orc"),
          FileFormat.AVRO, List.of(".avro"),
          FileFormat.JSON, List.of(".json", ".jsonl", ".json.gz", ".jsonl.gz"));

  /**
   * The columns of a data file that hold each row's Kafka coordinates (as Secor or a consumer
   * writes them), used to order duplicates; Serializable for executors.
   *
   * @param topic column of the topic name, or null to use {@code source.topic}
   * @param partition column of the partition (cast to INT)
   * @param offset column of the offset (cast to BIGINT)
   */
  public record KafkaColumns(String topic, String partition, String offset) implements java.io.Serializable {}

  /**
   * @param path alpha root (local path or Hadoop FS URI)
   * @param topic Kafka topic, or null; substituted for {@code {topic}} in the dump dir
   * @param dumpDir directory of one date below {@code path}, {@code {topic}} substituted, with
   *     {@code {date}}
   * @param extensions file name endings read
   * @param format the files' format
   * @param payloadDdl the declared schema as Spark DDL, or null
   * @param payloadAvsc the declared schema as an Avro {@code .avsc} file, or null
   * @param kafkaColumns where the files carry Kafka coordinates, or null when they do not (rows
   *     are then ordered by file name and row index)
   * @param ready when a date's directory counts as complete
   */
  public record FilesSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      FileFormat format,
      String payloadDdl,
      String payloadAvsc,
      KafkaColumns kafkaColumns,
      ReadyRule ready)
      implements RegisteredSourceSpec {
    public FilesSourceSpec {
      extensions = List.copyOf(extensions);
    }
  }

  @Override
  public FilesSourceSpec validate(SourceSection s) {
    int before = s.problemCount();
    String path = s.string("source.path", "the alpha directory or URI holding the files");
    String topic = s.optionalString("source.topic");
    String dumpDir = s.dumpDir(topic);
    FileFormat format =
        s.enumValue("source.files.format", FileFormat.class, "parquet, orc, avro, json", FileFormat.PARQUET);
    List<String> extensions = s.stringList("source.extensions", "a list of file endings");
    if (extensions != null && extensions.isEmpty()) {
      extensions = DEFAULT_EXTENSIONS.get(format);
    }
    String[] schema = s.payloadSchema();
    String partition = s.optionalString("source.files.kafka-partition-column");
    String offset = s.optionalString("source.files.kafka-offset-column");
    String topicColumn = s.optionalString("source.files.kafka-topic-column");
    KafkaColumns kafka = null;
    if (partition != null && offset != null) {
      kafka = new KafkaColumns(topicColumn, partition, offset);
      if (format == FileFormat.JSON) {
        s.problem("source.files.kafka-offset-column: JSON-lines files are ordered by file and line (got "
            + "kafka-partition-column '" + partition + "' and kafka-offset-column '" + offset + "'; remove them)");
      }
    } else if (partition != null || offset != null || topicColumn != null) {
      s.problem("source.files.kafka-partition-column and source.files.kafka-offset-column: set both or neither "
          + "(got partition '" + partition + "', offset '" + offset + "')");
    }
    if (s.problemCount() > before) {
      return null;
    }
    return new FilesSourceSpec(path, topic, dumpDir, extensions, format, schema[0], schema[1], kafka, s.ready());
  }
}
