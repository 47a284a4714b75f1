package io.feedlake.source.kafka;

import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.conform.PayloadParser;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.UnitShape.Origin;
import io.feedlake.conform.Units;
import io.feedlake.source.DumpDirectories;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.LineFiles;
import io.feedlake.source.PayloadSchemas;
import io.feedlake.source.Utf8Lines;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads kcat {@code -C -J} dumps (FEEDS.md section 2) for one topic and dump date into one row per
 * physical line ({@link KafkaRecords#SCHEMA}), keeping the file name and 1-based line number of
 * every line so that nothing is lost without a trace. Listing runs on the driver; files are read
 * on executors by {@link LineFiles}, one task per file.
 *
 * <p>Per line: informational kcat stderr ({@code %}) and blank lines are skipped ({@code stderr},
 * {@code blank}); kcat error lines are skipped as {@code kcat_error} with their text, and fail the
 * date unless {@code source.on-kcat-error = warn} (checked after counting, see {@code
 * ingest/InputChecks}); a
 * line that is not an envelope is rejected ({@code envelope_parse_error}); a value or key kcat
 * could not Avro-decode is rejected with kcat's error ({@code payload_error}, {@code key_error});
 * an Avro-decoded value ({@code value_schema_id} present) is rewritten from Avro's JSON encoding
 * to plain JSON with the job's {@code source.schema.avsc} ({@link AvroJsonPayload}), or rejected
 * ({@code payload_parse_error}) when it does not follow that schema or the job declares a DDL
 * schema, which cannot tell union wrappers from data.
 */
public final class KcatJsonSource implements FeedSource {
  /** Schema of the rows produced by {@link #lines}: {@link KafkaRecords#SCHEMA}. */
  public static final StructType LINE_SCHEMA = KafkaRecords.SCHEMA;

  /** The skip reason of a kcat error line ({@link KcatMessages#isError}). */
  public static final String KCAT_ERROR = "kcat_error";

  private final KafkaJsonSourceSpec spec;
  private final UnitShape shape;
  private final DumpDirectories dumps;
  private final String avsc;

  /**
   * Loads the payload schema before any data is read (conform checks it against the conform settings at start-up).
   *
   * @param spec validated source settings
   * @throws io.feedlake.config.ConfigException (exit 2) when the schema or a column is invalid
   */
  public KcatJsonSource(KafkaJsonSourceSpec spec) {
    this.spec = spec;
    this.shape = new UnitShape.Payload(PayloadSchemas.load(spec.payloadDdl(), spec.payloadAvsc()),
        PayloadParser.json(), Origin.KAFKA);
    this.dumps = new DumpDirectories(spec.path(), spec.dumpDir(), spec.topic(), "kcat dump for topic " + spec.topic(),
        spec.ready());
    this.avsc = spec.payloadAvsc() == null ? null : PayloadSchemas.avroSchemaText(spec.payloadAvsc());
  }

  @Override
  public String describe(LocalDate date) {
    return "kcat dump " + dumpDirectory(date);
  }

  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    return new Units(lines(spark, files, avsc), shape);
  }

  @Override
  public UnitShape shape() {
    return shape;
  }

  /** The dump directory of a date: {@code <path>/<dump-dir with {topic} and {date}>}. */
  public Path dumpDirectory(LocalDate date) {
    return dumps.directory(date);
  }

  /**
   * Lists the dump files of a date, sorted by name. Runs on the driver.
   *
   * @param conf Hadoop configuration used to reach the file system
   * @param date the dump date
   * @return the files whose names end with one of {@code source.extensions}
   * @throws io.feedlake.FeedlakeException exit 4 (input not ready) when the directory does not
   *     exist or holds no dump file
   */
  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    return dumps.list(conf, date, spec.extensions());
  }

  /**
   * Dates for which a dump directory exists, found by listing the parent of the dump directory
   * and matching the {@code {date}} placeholder. Runs on the driver.
   */
  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    return dumps.availableDates(conf);
  }

  /**
   * Reads the given files into one row per physical line ({@link #LINE_SCHEMA}), for payloads
   * that are JSON text (no Avro schema declared). Lazy: nothing is read until an action runs.
   */
  public static Dataset<Row> lines(SparkSession spark, List<InputFile> files) {
    return lines(spark, files, null);
  }

  /**
   * Reads the given files into one row per physical line ({@link #LINE_SCHEMA}).
   *
   * @param avsc the declared Avro schema's JSON text, used to read Avro-decoded values; or null
   */
  public static Dataset<Row> lines(SparkSession spark, List<InputFile> files, String avsc) {
    return LineFiles.read(spark, files, LINE_SCHEMA, path -> {
      Schema schema = avsc == null ? null : new Schema.Parser().parse(avsc);
      return line -> toRow(path, line, schema);
    });
  }

  static Row toRow(String path, Utf8Lines.Line line, Schema avroSchema) {
    KcatEnvelopeParser.Result result = KcatEnvelopeParser.parse(line.text());
    switch (result.kind()) {
      case STDERR:
        return KafkaRecords.notRecord(path, line, "stderr", null);
      case KCAT_ERROR:
        return KafkaRecords.notRecord(path, line, KCAT_ERROR, result.error());
      case BLANK:
        return KafkaRecords.notRecord(path, line, "blank", null);
      case INVALID:
        return KafkaRecords.notRecord(path, line, "envelope_parse_error", result.error());
      default:
        break;
    }
    KcatEnvelope e = result.envelope();
    KafkaRecords.Message m =
        new KafkaRecords.Message(e.topic(), e.partition(), e.offset(), e.timestampType(),
            e.timestampMs(), e.broker(), e.headers(), e.key(), e.payload());
    if (e.payloadError() != null) {
      return KafkaRecords.rejected(path, line, m, "payload_error",
          "kcat could not deserialize the value: " + e.payloadError());
    }
    if (e.keyError() != null) {
      return KafkaRecords.rejected(path, line, m, "key_error",
          "kcat could not deserialize the key: " + e.keyError());
    }
    if (e.valueSchemaId() == null || e.payload() == null) {
      return KafkaRecords.record(path, line, m);
    }
    if (avroSchema == null) {
      return KafkaRecords.rejected(path, line, m, "payload_parse_error",
          "the value was Avro-decoded by kcat (value_schema_id " + e.valueSchemaId()
              + "): Avro's JSON encoding wraps union values as {\"type\": value}, which a DDL "
              + "schema cannot tell from data; declare the value's Avro schema with source.schema.avsc");
    }
    try {
      String plain = AvroJsonPayload.toPlainJson(e.payload(), avroSchema);
      return KafkaRecords.record(path, line,
          new KafkaRecords.Message(m.topic(), m.partition(), m.offset(), m.timestampType(),
              m.timestampMs(), m.broker(), m.headers(), m.key(), plain));
    } catch (IllegalArgumentException ex) {
      return KafkaRecords.rejected(path, line, m, "payload_parse_error",
          "Avro-decoded value (value_schema_id " + e.valueSchemaId()
              + ") does not follow source.schema.avsc: " + ex.getMessage());
    }
  }
}
