package io.feedlake.source.files;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.feedlake.config.sources.FilesSourceConfig.FileFormat;
import io.feedlake.config.sources.FilesSourceConfig.FilesSourceSpec;
import io.feedlake.config.sources.FilesSourceConfig.KafkaColumns;
import io.feedlake.conform.Classified;
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
import io.feedlake.source.UndeclaredFields;
import io.feedlake.source.kafka.KafkaRecords;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads {@code source.type = files}: Parquet, ORC or Avro files with Spark's own readers, or JSON
 * lines, below one directory per date ({@link DumpDirectories}), into units that conform's {@link
 * RecordClassifier} classifies after the read; the rules (event time, dedupe, late and early
 * events) are the classifier's. Listing and schema matching run on the driver (one footer or header read per
 * file); the rows are read lazily on executors.
 *
 * <p>Typed files (Parquet, ORC, Avro): each file's own schema is matched to the declared one by
 * name ({@link FileColumns}); files with the same schema are read together. A file with a column
 * that cannot be up-cast is quarantined whole: every row of it is quarantined with reason {@code
 * file_schema_mismatch}, stage {@code read}, a message naming the file, the column and the found
 * and expected types, and the row as JSON. A unit's index is its 1-based row number in its file
 * (one shuffle by file ranks the rows by split start and read order, as for Kafka Connect Avro
 * objects). With {@code source.files.kafka-*-column} set, the rows carry Kafka coordinates
 * ({@link Origin#KAFKA}: duplicates keep the lowest offset); without them, the first by file name
 * and row index wins ({@link Origin#FILE}).
 *
 * <p>JSON lines: read line by line ({@link LineFiles}) and parsed with the declared schema like
 * kcat payloads ({@link PayloadParser#json()}); blank lines are skipped.
 */
public final class FilesSource implements FeedSource {
  /** Reason of the rows of a file whose columns do not fit the declared schema. */
  public static final String FILE_SCHEMA_MISMATCH = "file_schema_mismatch";

  private static final StructType JSON_LINE_SCHEMA =
      LineFiles.lineSchema(DataTypes.createStructField("payload", DataTypes.StringType, true));

  private final FilesSourceSpec spec;
  private final StructType declared;
  private final UnitShape shape;
  private final DumpDirectories dumps;
  private UndeclaredFields undeclared = new UndeclaredFields();

  /**
   * Loads the declared schema before any data is read (conform checks it against the conform settings at start-up).
   *
   * @throws io.feedlake.config.ConfigException (exit 2) when the schema or a column is invalid
   */
  public FilesSource(FilesSourceSpec spec) {
    this.spec = spec;
    this.declared = PayloadSchemas.load(spec.payloadDdl(), spec.payloadAvsc());
    PayloadParser parser = spec.format() == FileFormat.JSON ? PayloadParser.json() : PayloadParser.typed();
    Origin origin = spec.kafkaColumns() == null ? Origin.FILE : Origin.KAFKA;
    this.shape = new UnitShape.Payload(declared, parser, origin);
    this.dumps = new DumpDirectories(spec.path(), spec.dumpDir(), spec.topic(), formatName() + " files", spec.ready());
  }

  private String formatName() {
    return spec.format().name().toLowerCase(Locale.ROOT);
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
    return formatName() + " files in " + dumps.directory(date);
  }

  @Override
  public UnitShape shape() {
    return shape;
  }

  /**
   * For typed files: the columns the files carry and the declared schema does not name (found
   * from the footers read by the last {@link #read}), as a run-summary note.
   */
  @Override
  public List<String> verify(Map<String, Long> recordsPerFile) {
    String note = undeclared.note("files");
    return note == null ? List.of() : List.of(note);
  }

  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    return new Units(spec.format() == FileFormat.JSON ? jsonLines(spark, files) : typedRows(spark, files), shape);
  }

  private static Dataset<Row> jsonLines(SparkSession spark, List<InputFile> files) {
    return LineFiles.read(spark, files, JSON_LINE_SCHEMA, path -> line -> line.text().isBlank()
        ? RowFactory.create(path, line.number(), "blank", null, line.text(), line.invalidUtf8(), null)
        : RowFactory.create(path, line.number(), null, null, line.text(), line.invalidUtf8(), line.text()));
  }

  /** Reads typed files grouped by their own schema (read from each file's footer on the driver). */
  private Dataset<Row> typedRows(SparkSession spark, List<InputFile> files) {
    Map<StructType, List<String>> bySchema = new LinkedHashMap<>();
    undeclared = new UndeclaredFields();
    KafkaColumns kafka = spec.kafkaColumns();
    List<String> coordinates = kafka == null ? List.of()
        : java.util.stream.Stream.of(kafka.topic(), kafka.partition(), kafka.offset())
            .filter(java.util.Objects::nonNull).toList();
    for (InputFile f : files) {
      StructType own = spark.read().format(formatName()).load(f.path()).schema();
      undeclared.add(own, declared, coordinates);
      bySchema.computeIfAbsent(own, s -> new ArrayList<>()).add(f.path());
    }
    Dataset<Row> all = null;
    for (Map.Entry<StructType, List<String>> e : bySchema.entrySet()) {
      Dataset<Row> rows = group(spark, e.getKey(), e.getValue());
      all = all == null ? rows : all.union(rows);
    }
    return all;
  }

  private Dataset<Row> group(SparkSession spark, StructType own, List<String> paths) {
    FileColumns.Match match = FileColumns.match(own, declared);
    List<String> problems = new ArrayList<>(match.problems());
    KafkaColumns kafka = spec.kafkaColumns();
    if (kafka != null) {
      for (String c : new String[] {kafka.topic(), kafka.partition(), kafka.offset()}) {
        if (c != null && !List.of(own.fieldNames()).contains(c)) {
          problems.add("column " + c + ": missing (a Kafka coordinate column, source.files.kafka-*-column)");
        }
      }
    }
    boolean fits = problems.isEmpty();
    Dataset<Row> raw = spark.read().format(formatName()).schema(own).load(paths.toArray(String[]::new));
    Column whole = functions.struct(
        java.util.Arrays.stream(own.fieldNames()).map(n -> col(FileColumns.quote(n))).toArray(Column[]::new));
    List<Column> cols = new ArrayList<>();
    cols.add(col("_metadata.file_path").alias(Classified.SOURCE_FILE));
    cols.add(col("_metadata.file_block_start").alias("_split_start"));
    cols.add(functions.monotonically_increasing_id().alias("_read_order"));
    cols.add((fits ? lit(null).cast("string") : lit(FILE_SCHEMA_MISMATCH)).alias(UnitShape.READ_REASON));
    cols.add((fits ? lit(null).cast("string")
        : functions.concat(lit("file "), col("_metadata.file_path"), lit(": " + String.join("; ", problems)
            + " (a column of another type is read only when it up-casts without loss)")))
        .alias(UnitShape.READ_MESSAGE));
    cols.add(functions.to_json(whole).alias(Classified.RAW));
    cols.add(lit(false).alias(Classified.INVALID_UTF8));
    if (kafka != null) {
      StructType shape = KafkaRecords.SCHEMA;
      cols.add((kafka.topic() != null && fits ? col(FileColumns.quote(kafka.topic())).cast("string")
          : lit(spec.topic()).cast("string")).alias("kafka_topic"));
      cols.add((fits ? col(FileColumns.quote(kafka.partition())).cast("int") : lit(null).cast("int"))
          .alias("kafka_partition"));
      cols.add((fits ? col(FileColumns.quote(kafka.offset())).cast("long") : lit(null).cast("long"))
          .alias("kafka_offset"));
      for (String n : List.of("kafka_timestamp_type", "kafka_timestamp_ms", "kafka_broker", "kafka_headers",
          "kafka_key")) {
        StructField f = shape.apply(n);
        cols.add(lit(null).cast(f.dataType()).alias(n));
      }
    }
    cols.add((fits ? match.payload() : lit(null).cast(declared)).alias("payload"));
    Column index = functions.row_number()
        .over(Window.partitionBy(Classified.SOURCE_FILE).orderBy(col("_split_start"), col("_read_order")))
        .cast("long");
    Dataset<Row> located = raw.select(cols.toArray(Column[]::new));
    List<Column> out = new ArrayList<>();
    out.add(col(Classified.SOURCE_FILE));
    out.add(index.alias(Classified.LINE_NUMBER));
    for (String c : located.columns()) {
      if (!c.equals(Classified.SOURCE_FILE) && !c.equals("_split_start") && !c.equals("_read_order")) {
        out.add(col(c));
      }
    }
    return located.select(out.toArray(Column[]::new));
  }
}
