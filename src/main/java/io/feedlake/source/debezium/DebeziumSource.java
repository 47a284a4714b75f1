package io.feedlake.source.debezium;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigException;
import io.feedlake.config.sources.DebeziumSourceConfig.BeforeImage;
import io.feedlake.config.sources.DebeziumSourceConfig.Container;
import io.feedlake.config.sources.DebeziumSourceConfig.DebeziumSourceSpec;
import io.feedlake.conform.PayloadParser;
import io.feedlake.conform.RecordClassifier;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.UnitShape.Origin;
import io.feedlake.conform.Units;
import io.feedlake.source.DumpDirectories;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.PayloadSchemas;
import io.feedlake.source.kafka.ConnectObjectName;
import io.feedlake.source.kafka.ConsoleLineParser;
import io.feedlake.source.kafka.KafkaConnectS3Source;
import io.feedlake.source.kafka.KafkaConsoleSource;
import io.feedlake.source.kafka.KcatJsonSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads {@code source.type = debezium}: Debezium change events of one topic into a changelog
 * table, one row per change. The dump is read by the Kafka readers (kcat {@code -J} envelopes,
 * {@code kafka-console-consumer} text lines, or Kafka Connect S3 sink JSON objects), each value is split into its parts by {@link
 * DebeziumEnvelope}, and the rows go through the shared {@link RecordClassifier} with Kafka
 * coordinates: event time, partition date, late and early events and dedupe follow {@code
 * conform.*} (the job sets {@code conform.event-time.field = ts_ms}).
 *
 * <p>Output columns: {@code op STRING} (c, u, d, r), {@code ts_ms TIMESTAMP} (the event's {@code
 * ts_ms}), {@code source_connector, source_name, source_db, source_schema, source_table,
 * source_snapshot STRING, source_ts_ms BIGINT, source_file STRING, source_pos BIGINT, source_row
 * INT, source_lsn BIGINT, source_tx_id BIGINT, source_ord INT}, {@code key STRING} (compact JSON:
 * the Kafka key without its schema wrapper, or the {@code source.debezium.key} fields), the {@code
 * after} image flattened by the declared schema (null for deletes), {@code before} (JSON text, or
 * flattened {@code before_*} columns with {@code source.debezium.before = struct}), then the Kafka
 * columns of {@link UnitShape.Origin#KAFKA}.
 *
 * <p>A null value is a tombstone (filtered, reason {@code tombstone}): Debezium sends one after
 * each delete, and it is not a record. A value that is not a row change event is quarantined
 * ({@code payload_parse_error}). Written rows are counted per operation as {@code op.c}, {@code
 * op.u}, {@code op.d} (deletes) and {@code op.r} in the run's metrics.
 */
public final class DebeziumSource implements FeedSource {
  /** Changelog columns before the row image, in output order. */
  public static final List<String> CHANGE_COLUMNS = List.of("op", "ts_ms", "source", "key");

  private final DebeziumSourceSpec spec;
  private final UnitShape shape;
  private final DumpDirectories dumps;

  /**
   * Loads the row schema before any data is read (conform checks it against the conform settings at start-up).
   *
   * @throws ConfigException (exit 2) when the schema is invalid, a row field is named like a
   *     changelog column, or a conform column is not an output column
   */
  public DebeziumSource(DebeziumSourceSpec spec) {
    this.spec = spec;
    StructType row = PayloadSchemas.load(spec.rowDdl(), spec.rowAvsc());
    List<String> clashes = new ArrayList<>();
    for (String f : row.fieldNames()) {
      if (CHANGE_COLUMNS.contains(f) || f.equals("before") || f.startsWith("source_")) {
        clashes.add("source.schema: row field '" + f + "' is named like a changelog column (" + CHANGE_COLUMNS
            + ", before, source_*); rename it with source.rename { \"" + f + "\" = new_name }");
      }
    }
    for (String f : spec.keyFields()) {
      if (!List.of(row.fieldNames()).contains(f)) {
        clashes.add("source.debezium.key: '" + f + "' is not a field of the declared row schema (fields: "
            + List.of(row.fieldNames()) + ")");
      }
    }
    if (!clashes.isEmpty()) {
      throw new ConfigException(clashes);
    }
    this.shape = new UnitShape.Payload(changelogSchema(row, spec.before()),
        new ChangeEventParser(row, spec.before(), spec.keyFields()), Origin.KAFKA,
        Map.of("op", List.of("c", "u", "d", "r")), true);
    this.dumps = new DumpDirectories(spec.path(), spec.dumpDir(), null,
        "Debezium " + switch (spec.container()) {
          case KCAT -> "kcat dump";
          case CONSOLE -> "console-consumer dump";
          case CONNECT_JSON -> "Kafka Connect objects";
        } + " for topic " + spec.topic(), spec.ready());
  }

  /** The struct every event becomes: the changelog columns, the row image, then {@code before}. */
  static StructType changelogSchema(StructType row, BeforeImage before) {
    StructType s = new StructType()
        .add("op", DataTypes.StringType)
        .add("ts_ms", DataTypes.TimestampType)
        .add("source", DebeziumEnvelope.SOURCE)
        .add("key", DataTypes.StringType);
    for (StructField f : row.fields()) {
      s = s.add(f.name(), f.dataType(), true);
    }
    return s.add("before", before == BeforeImage.STRUCT ? row : DataTypes.StringType);
  }

  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    List<InputFile> files = dumps.list(conf, date, spec.extensions());
    if (spec.container() == Container.CONNECT_JSON) {
      for (InputFile f : files) {
        try {
          ConnectObjectName name = ConnectObjectName.parse(new Path(f.path()).getName());
          if (!name.topic().equals(spec.topic())) {
            throw new IllegalArgumentException("object of topic '" + name.topic() + "', expected " + spec.topic());
          }
        } catch (IllegalArgumentException e) {
          throw new FeedlakeException(ExitCode.DATA_CONTRACT,
              "Cannot read " + f.path() + " as a Kafka Connect S3 object: " + e.getMessage());
        }
      }
    }
    return files;
  }

  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    return dumps.availableDates(conf);
  }

  @Override
  public String describe(LocalDate date) {
    return "Debezium change events in " + dumps.directory(date);
  }

  @Override
  public UnitShape shape() {
    return shape;
  }

  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    Dataset<Row> lines = switch (spec.container()) {
      case KCAT -> KcatJsonSource.lines(spark, files);
      case CONSOLE -> KafkaConsoleSource.lines(spark, files, new ConsoleLineParser(spec.console(), spec.topic()));
      case CONNECT_JSON -> KafkaConnectS3Source.jsonLines(spark, files);
    };
    return new Units(lines, shape);
  }

  /**
   * Parses the {@code payload} (a change event value) into the changelog struct: the envelope by
   * {@link DebeziumEnvelope}, the {@code after} image by Spark's {@code from_json} with the
   * declared row schema, as {@link PayloadParser#json()} parses kcat payloads (so a wrong JSON
   * type names its field). An event that is not a row change is invalid.
   */
  static final class ChangeEventParser implements PayloadParser {
    private final StructType row;
    private final BeforeImage before;
    private final List<String> keyFields;

    ChangeEventParser(StructType row, BeforeImage before, List<String> keyFields) {
      this.row = row;
      this.before = before;
      this.keyFields = List.copyOf(keyFields);
    }

    @Override
    public String invalidReason() {
      return "payload_parse_error";
    }

    @Override
    public Dataset<Row> parse(Dataset<Row> rows, StructType schema) {
      DebeziumEnvelope envelope = new DebeziumEnvelope(keyFields);
      UserDefinedFunction parts =
          functions.udf((UDF2<String, String, Row>) envelope::read, DebeziumEnvelope.PARTS);
      Dataset<Row> split = rows
          .withColumn("_dbz", parts.apply(col("payload"), col("kafka_key")))
          .withColumnRenamed("payload", "_dbz_value")
          .withColumn("payload", col("_dbz.after"));
      Dataset<Row> parsed = PayloadParser.json().parse(split, row);
      List<Column> fields = new ArrayList<>();
      fields.add(col("_dbz.op").alias("op"));
      fields.add(functions.timestamp_millis(col("_dbz.ts_ms")).alias("ts_ms"));
      fields.add(col("_dbz.source").alias("source"));
      fields.add(col("_dbz.key").alias("key"));
      for (String f : row.fieldNames()) {
        fields.add(col(PARSED).getField(f).alias(f));
      }
      fields.add((before == BeforeImage.STRUCT
          ? functions.from_json(col("_dbz.before"), row)
          : col("_dbz.before")).alias("before"));
      Column envelopeError = col("_dbz.error");
      return parsed
          .withColumn(PARSED, functions.struct(fields.toArray(Column[]::new)))
          .withColumn(INVALID, envelopeError.isNotNull().or(col(INVALID)))
          .withColumn(MESSAGE, when(envelopeError.isNotNull(), envelopeError).otherwise(col(MESSAGE)))
          .drop("payload", "_dbz")
          .withColumnRenamed("_dbz_value", "payload");
    }
  }
}
