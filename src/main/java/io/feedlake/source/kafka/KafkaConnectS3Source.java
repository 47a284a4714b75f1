package io.feedlake.source.kafka;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ConnectDateSelection;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
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
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the objects the Confluent Kafka Connect S3 sink connector writes for one topic (FEEDS.md
 * section 2; Confluent S3 sink connector documentation): {@code
 * <topic-dir>/partition=<p>/<topic>+<p>+<startOffset>.<ext>} with the default partitioner, or
 * {@code <topic-dir>/year=YYYY/month=MM/day=dd[/hour=HH]/<topic>+<p>+<startOffset>.<ext>} with a
 * time-based one. The objects carry no Kafka metadata: topic, partition and start offset come from
 * the object name ({@link ConnectObjectName}), and a record's offset is the start offset plus its
 * index in the object. {@code kafka_timestamp}, {@code kafka_key} and {@code kafka_headers} are
 * null; sibling {@code .keys.<ext>} / {@code .headers.<ext>} objects are listed in the log and not
 * read.
 *
 * <p>JSON objects ({@code .json}, {@code .json.gz}; one value per line) are read on executors by
 * {@link LineFiles}, one task per object: a line's index is its line number; a {@code null} line
 * is a tombstone, a blank line is skipped ({@code blank}). Avro container files ({@code .avro};
 * codecs null, deflate, snappy, bzip2) are read with spark-avro against the declared schema
 * (reader schema {@code source.schema.avsc}, or the DDL schema matched by field name), which
 * splits large files at Avro sync markers. A record's index is then its rank within its file
 * ordered by (split start, position in the split): a task reads its split's records in file order
 * and {@code monotonically_increasing_id} numbers them in that order, so the rank is stable for a
 * given listing; this ranks with one shuffle by file. Both are then classified by the shared
 * {@link RecordClassifier} (Kafka columns).
 */
public final class KafkaConnectS3Source implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnectS3Source.class);

  private final KafkaConnectS3SourceSpec spec;
  private final StructType payloadSchema;
  private final UnitShape shape;
  private final String avsc;

  /**
   * Loads the value schema before any data is read (conform checks it against the conform settings at start-up).
   *
   * @throws io.feedlake.config.ConfigException (exit 2) when the schema or a column is invalid
   */
  public KafkaConnectS3Source(KafkaConnectS3SourceSpec spec) {
    this.spec = spec;
    this.payloadSchema = PayloadSchemas.load(spec.payloadDdl(), spec.payloadAvsc());
    PayloadParser parser = spec.format() == ConnectFormat.AVRO ? PayloadParser.typed() : PayloadParser.json();
    this.shape = new UnitShape.Payload(payloadSchema, parser, Origin.KAFKA);
    this.avsc = spec.payloadAvsc() == null ? null : PayloadSchemas.avroSchemaText(spec.payloadAvsc());
  }

  /** File name endings of data objects for the configured format. */
  public List<String> extensions() {
    return spec.format() == ConnectFormat.AVRO ? List.of(".avro") : List.of(".json", ".json.gz");
  }

  /**
   * The directory holding a date's objects: {@code <path>/<topic-dir>/year=YYYY/month=MM/day=dd}
   * (path-date) or {@code <path>/<topic-dir with {date}>} (prefix).
   */
  public Path dateDirectory(LocalDate date) {
    if (spec.dateSelection() == ConnectDateSelection.PREFIX) {
      return prefixDumps().directory(date);
    }
    return new Path(topicRoot(), String.format("year=%04d/month=%02d/day=%02d",
        date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
  }

  private Path topicRoot() {
    return new Path(spec.path(), spec.topicDir().replace("{topic}", spec.topic()));
  }

  private DumpDirectories prefixDumps() {
    return new DumpDirectories(spec.path(), spec.topicDir(), spec.topic(),
        "Kafka Connect S3 objects for topic " + spec.topic(), spec.ready());
  }

  @Override
  public String describe(LocalDate date) {
    return "Kafka Connect S3 sink objects (" + spec.format().name().toLowerCase(java.util.Locale.ROOT)
        + ") below " + dateDirectory(date);
  }

  /**
   * Lists the data objects below a date's directory (recursively, so every {@code hour=HH/} and
   * {@code partition=<p>/} is included), sorted by path. Runs on the driver.
   *
   * @throws FeedlakeException exit 4 when the directory does not exist, holds no data object or is
   *     not complete by {@code source.ready} ({@link DumpDirectories#requireReady});
   *     exit 3 when an object with the format's extension has a name that does not follow the
   *     sink's pattern, names another topic, or sits below a {@code partition=} directory of
   *     another partition; exit 5 when the file system cannot be listed
   */
  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    Path dir = dateDirectory(date);
    String what = "Kafka Connect S3 objects for topic " + spec.topic() + " on " + date;
    List<InputFile> files = new ArrayList<>();
    List<String> siblings = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<FileStatus> all = new ArrayList<>();
    FileSystem fs;
    try {
      fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        throw FeedlakeException.inputNotReady("No " + what + ": directory " + dir + " does not exist");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        all.add(st);
        String name = st.getPath().getName();
        if (extensions().stream().noneMatch(name::endsWith)) {
          ignored.add(st.getPath().toString());
          continue;
        }
        String problem = checkObject(st.getPath(), dir);
        if (problem == null) {
          files.add(new InputFile(st.getPath().toString(), st.getLen()));
        } else if (problem.isEmpty()) {
          siblings.add(name);
        } else {
          problems.add(problem);
        }
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw FeedlakeException.dataContract("Cannot read " + what + " below " + dir + ": "
          + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
          + (problems.size() > 10 ? " (and " + (problems.size() - 10) + " more)" : ""));
    }
    if (!siblings.isEmpty()) {
      LOG.info("Not reading {} key/header sibling object(s) below {} (written with store.kafka.keys/headers;"
          + " kafka_key and kafka_headers stay null): {}", siblings.size(), dir, siblings);
    }
    if (!ignored.isEmpty()) {
      LOG.info("Ignoring {} object(s) below {} that do not end with {}: {}", ignored.size(), dir, extensions(),
          ignored);
    }
    if (files.isEmpty()) {
      throw FeedlakeException.inputNotReady("No " + what + ": " + dir + " holds no object ending with " + extensions());
    }
    DumpDirectories.requireReady(spec.ready(), fs, dir, all, what, java.time.Instant.now());
    files.sort(Comparator.comparing(InputFile::path));
    return files;
  }

  /** Null for a data object to read, empty for a sibling, else the problem. */
  private String checkObject(Path path, Path dir) {
    ConnectObjectName n;
    try {
      n = ConnectObjectName.parse(path.getName());
    } catch (IllegalArgumentException e) {
      return path + ": " + e.getMessage();
    }
    if (n.isSibling()) {
      return "";
    }
    if (extensions().stream().noneMatch(ext -> ext.equals("." + n.extension()))) {
      return path + ": extension '." + n.extension() + "' is not one of " + extensions();
    }
    if (!n.topic().equals(spec.topic())) {
      return path + ": the object belongs to topic '" + n.topic() + "', not '" + spec.topic() + "'";
    }
    for (Path p = path.getParent(); p != null && !p.equals(dir); p = p.getParent()) {
      String segment = p.getName();
      if (segment.startsWith("partition=") && !segment.equals("partition=" + n.partition())) {
        return path + ": the name says partition " + n.partition() + " but the directory is " + segment;
      }
    }
    return null;
  }

  /**
   * Dates with objects: the {@code year=/month=/day=} directories below the topic directory
   * (path-date), or the directories matching {@code {date}} (prefix). Runs on the driver.
   */
  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    if (spec.dateSelection() == ConnectDateSelection.PREFIX) {
      return prefixDumps().availableDates(conf);
    }
    Path root = topicRoot();
    List<LocalDate> dates = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return dates;
      }
      for (FileStatus y : subdirectories(fs, root, "year=")) {
        for (FileStatus m : subdirectories(fs, y.getPath(), "month=")) {
          for (FileStatus d : subdirectories(fs, m.getPath(), "day=")) {
            try {
              dates.add(LocalDate.of(value(y), value(m), value(d)));
            } catch (DateTimeException | NumberFormatException e) {
              LOG.debug("Skipping {}: not a date directory", d.getPath());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list " + root + ": " + e.getMessage(), e);
    }
    dates.sort(Comparator.naturalOrder());
    return dates;
  }

  private static List<FileStatus> subdirectories(FileSystem fs, Path dir, String prefix) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.isDirectory() && st.getPath().getName().startsWith(prefix)) {
        out.add(st);
      }
    }
    return out;
  }

  private static int value(FileStatus dir) {
    String name = dir.getPath().getName();
    return Integer.parseInt(name.substring(name.indexOf('=') + 1));
  }

  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    return new Units(spec.format() == ConnectFormat.AVRO ? avroRecords(spark, files) : jsonLines(spark, files), shape);
  }

  @Override
  public UnitShape shape() {
    return shape;
  }

  /**
   * Reads JSON objects into one row per line ({@link KafkaRecords#SCHEMA}); the offset of line
   * {@code n} is the start offset plus {@code n - 1}. Lazy.
   */
  public static Dataset<Row> jsonLines(SparkSession spark, List<InputFile> files) {
    return LineFiles.read(spark, files, KafkaRecords.SCHEMA, path -> {
      ConnectObjectName name = ConnectObjectName.parse(new Path(path).getName());
      return line -> {
        if (line.text().isBlank()) {
          return KafkaRecords.notRecord(path, line, "blank", null);
        }
        String payload = line.text().equals("null") ? null : line.text();
        return KafkaRecords.record(path, line,
            new KafkaRecords.Message(name.topic(), name.partition(), name.offsetAt(line.number()), null,
                null, null, null, null, payload));
      };
    });
  }

  /**
   * Reads Avro container files with spark-avro into the {@link KafkaRecords#SCHEMA} columns, with
   * {@code payload} a struct of the declared schema and {@code _line_number} the record's 1-based
   * index in its file. Lazy; shuffles once (by file) to rank the records.
   */
  Dataset<Row> avroRecords(SparkSession spark, List<InputFile> files) {
    DataFrameReader reader = spark.read().format("avro").option("recursiveFileLookup", "true");
    reader = avsc != null ? reader.option("avroSchema", avsc) : reader.schema(payloadSchema);
    Dataset<Row> raw =
        reader.load(files.stream().map(InputFile::path).toArray(String[]::new));
    List<Column> fields = new ArrayList<>();
    for (String f : payloadSchema.fieldNames()) {
      fields.add(col("`" + f.replace("`", "``") + "`"));
    }
    Dataset<Row> located =
        raw.select(
            functions.struct(fields.toArray(Column[]::new)).alias("payload"),
            col("_metadata.file_path").alias("_source_file"),
            col("_metadata.file_name").alias("_file_name"),
            col("_metadata.file_block_start").alias("_split_start"),
            functions.monotonically_increasing_id().alias("_read_order"));
    Column index =
        functions.row_number()
            .over(Window.partitionBy("_source_file").orderBy(col("_split_start"), col("_read_order")))
            .cast("long");
    Column startOffset = functions.regexp_extract(col("_file_name"), ConnectObjectName.REGEX, 3).cast("long");
    Column partition = functions.regexp_extract(col("_file_name"), ConnectObjectName.REGEX, 2).cast("int");
    StructType shape = KafkaRecords.SCHEMA;
    return located
        .withColumn("_line_number", index)
        .select(
            col("_source_file"),
            col("_line_number"),
            lit(null).cast("string").alias("_read_reason"),
            lit(null).cast("string").alias("_read_message"),
            functions.to_json(col("payload")).alias("_raw_line"),
            lit(false).alias("_invalid_utf8"),
            lit(spec.topic()).alias("kafka_topic"),
            partition.alias("kafka_partition"),
            startOffset.plus(col("_line_number")).minus(1).alias("kafka_offset"),
            lit(null).cast("string").alias("kafka_timestamp_type"),
            lit(null).cast("long").alias("kafka_timestamp_ms"),
            lit(null).cast("int").alias("kafka_broker"),
            lit(null).cast(shape.apply("kafka_headers").dataType()).alias("kafka_headers"),
            lit(null).cast("string").alias("kafka_key"),
            col("payload"));
  }
}
