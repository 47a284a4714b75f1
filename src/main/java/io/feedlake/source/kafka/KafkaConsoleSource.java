package io.feedlake.source.kafka;

import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.conform.PayloadParser;
import io.feedlake.conform.RecordClassifier;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.UnitShape.Origin;
import io.feedlake.conform.Units;
import io.feedlake.source.DumpDirectories;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.LineFiles;
import io.feedlake.source.PayloadSchemas;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads {@code kafka-console-consumer} text dumps (FEEDS.md section 2) for one topic and dump date:
 * one row per physical line ({@link KafkaRecords#SCHEMA}), parsed by {@link ConsoleLineParser},
 * then classified by the shared {@link RecordClassifier} (JSON values, Kafka columns). Listing
 * runs on the driver; files are read on executors by {@link LineFiles}, one task per file.
 *
 * <p>Reasons of the reader: {@code blank} and {@code stderr} (skipped), {@code line_parse_error}
 * (quarantined at stage read, with the field that does not parse). Columns the dump does not print
 * are null ({@code kafka_partition}, {@code kafka_offset}, {@code kafka_timestamp}, {@code
 * kafka_headers}, {@code kafka_key}); {@code kafka_topic} is {@code source.topic}; {@code
 * kafka_broker} is never printed.
 */
public final class KafkaConsoleSource implements FeedSource {
  private final KafkaConsoleSourceSpec spec;
  private final UnitShape shape;
  private final DumpDirectories dumps;
  private final ConsoleLineParser parser;

  /**
   * Loads the value schema before any data is read (conform checks it against the conform settings at start-up).
   *
   * @throws io.feedlake.config.ConfigException (exit 2) when the schema or a column is invalid
   */
  public KafkaConsoleSource(KafkaConsoleSourceSpec spec) {
    this.spec = spec;
    this.shape = new UnitShape.Payload(PayloadSchemas.load(spec.payloadDdl(), spec.payloadAvsc()),
        PayloadParser.json(), Origin.KAFKA);
    this.dumps = new DumpDirectories(spec.path(), spec.dumpDir(), spec.topic(),
        "console-consumer dump for topic " + spec.topic(), spec.ready());
    this.parser = new ConsoleLineParser(spec.format(), spec.topic());
  }

  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    return dumps.list(conf, date, spec.extensions());
  }

  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    return dumps.availableDates(conf);
  }

  @Override
  public String describe(LocalDate date) {
    return "console-consumer dump " + dumps.directory(date) + " (fields " + parser.fields() + ")";
  }

  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    return new Units(lines(spark, files, parser), shape);
  }

  @Override
  public UnitShape shape() {
    return shape;
  }

  /**
   * Reads the given dump files into one row per physical line ({@link KafkaRecords#SCHEMA}). Lazy.
   */
  public static Dataset<Row> lines(SparkSession spark, List<InputFile> files, ConsoleLineParser parser) {
    return LineFiles.read(spark, files, KafkaRecords.SCHEMA, path -> line -> {
      ConsoleLineParser.Result r = parser.parse(line.text());
      if (r.message() != null) {
        return KafkaRecords.record(path, line, r.message());
      }
      return KafkaRecords.notRecord(path, line, r.reason(), r.error());
    });
  }
}
