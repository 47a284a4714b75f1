package io.feedlake.source.kafka;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.PayloadSchemas;
import io.feedlake.source.Utf8Lines;
import io.feedlake.source.kafka.KcatEnvelope.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads kcat {@code -C -J} dumps (FEEDS.md section 2) for one topic and dump date into one row per
 * physical line, keeping the file name and 1-based line number of every line so that nothing is
 * lost without a trace. Listing runs on the driver; files are read on executors, one task per
 * file (gzip is not splittable), streamed line by line: no file is collected on the driver.
 *
 * <p>Output shape ({@link #LINE_SCHEMA}): {@code _source_file STRING, _line_number BIGINT,
 * _line_kind STRING (RECORD|STDERR|BLANK|INVALID), _line_error STRING, _raw_line STRING,
 * _invalid_utf8 BOOLEAN, kafka_topic STRING, kafka_partition INT, kafka_offset BIGINT,
 * kafka_timestamp_type STRING, kafka_timestamp_ms BIGINT, kafka_broker INT, kafka_headers
 * ARRAY<STRUCT<key: STRING, value: STRING>>, kafka_key STRING, payload STRING}.
 */
public final class KcatJsonSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(KcatJsonSource.class);

  /** Schema of the rows produced by {@link #lines}. */
  public static final StructType LINE_SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("_source_file", DataTypes.StringType, false),
            DataTypes.createStructField("_line_number", DataTypes.LongType, false),
            DataTypes.createStructField("_line_kind", DataTypes.StringType, false),
            DataTypes.createStructField("_line_error", DataTypes.StringType, true),
            DataTypes.createStructField("_raw_line", DataTypes.StringType, true),
            DataTypes.createStructField("_invalid_utf8", DataTypes.BooleanType, false),
            DataTypes.createStructField("kafka_topic", DataTypes.StringType, true),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, true),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, true),
            DataTypes.createStructField("kafka_timestamp_type", DataTypes.StringType, true),
            DataTypes.createStructField("kafka_timestamp_ms", DataTypes.LongType, true),
            DataTypes.createStructField("kafka_broker", DataTypes.IntegerType, true),
            DataTypes.createStructField(
                "kafka_headers",
                ArrayType.apply(
                    new StructType()
                        .add("key", DataTypes.StringType, false)
                        .add("value", DataTypes.StringType, true)),
                true),
            DataTypes.createStructField("kafka_key", DataTypes.StringType, true),
            DataTypes.createStructField("payload", DataTypes.StringType, true)
          });

  private final KafkaJsonSourceSpec spec;
  private final KcatClassifier classifier;

  /**
   * Loads the payload schema and checks it against the conform settings, before any data is read.
   *
   * @param spec validated source settings
   * @param conform event time and dedupe settings
   * @throws io.feedlake.config.ConfigException (exit 2) when the schema or a column is invalid
   */
  public KcatJsonSource(KafkaJsonSourceSpec spec, ConformSpec conform) {
    this.spec = spec;
    this.classifier =
        new KcatClassifier(PayloadSchemas.load(spec.payloadDdl(), spec.payloadAvsc()), conform);
  }

  @Override
  public String describe(LocalDate date) {
    return "kcat dump " + dumpDirectory(date);
  }

  @Override
  public Dataset<Row> classify(SparkSession spark, List<InputFile> files, LocalDate date) {
    return classifier.classify(lines(spark, files), date);
  }

  @Override
  public List<String> outputColumns() {
    return classifier.outputColumns();
  }

  /** The dump directory of a date: {@code <path>/<dump-dir with {topic} and {date}>}. */
  public Path dumpDirectory(LocalDate date) {
    String rel = spec.dumpDir().replace("{topic}", spec.topic()).replace("{date}", date.toString());
    return new Path(spec.path(), rel);
  }

  /**
   * Lists the dump files of a date, sorted by name. Runs on the driver.
   *
   * @param conf Hadoop configuration used to reach the file system
   * @param date the dump date
   * @return the files whose names end with one of {@code source.extensions}
   * @throws FeedlakeException exit 4 (input not ready) when the directory does not exist or holds
   *     no dump file
   */
  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    Path dir = dumpDirectory(date);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        throw FeedlakeException.inputNotReady(
            "No kcat dump for topic " + spec.topic() + " on " + date + ": directory " + dir
                + " does not exist");
      }
      List<InputFile> files = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      FileStatus[] statuses = fs.listStatus(dir);
      Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus st : statuses) {
        String name = st.getPath().getName();
        if (st.isFile() && spec.extensions().stream().anyMatch(name::endsWith)) {
          files.add(new InputFile(st.getPath().toString(), st.getLen()));
        } else {
          ignored.add(name);
        }
      }
      if (!ignored.isEmpty()) {
        LOG.info("Ignoring {} entries in {} that do not end with {}: {}", ignored.size(), dir,
            spec.extensions(), ignored);
      }
      if (files.isEmpty()) {
        throw FeedlakeException.inputNotReady(
            "No kcat dump for topic " + spec.topic() + " on " + date + ": " + dir
                + " holds no file ending with " + spec.extensions());
      }
      return files;
    } catch (IOException e) {
      throw new FeedlakeException(
          io.feedlake.ExitCode.TRANSIENT, "Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Dates for which a dump directory exists, found by listing the parent of the dump directory
   * and matching the {@code {date}} placeholder. Runs on the driver.
   */
  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    String pattern = spec.dumpDir().replace("{topic}", spec.topic());
    int idx = pattern.indexOf("{date}");
    String before = pattern.substring(0, idx);
    int slash = before.lastIndexOf('/');
    Path parent = new Path(spec.path(), slash < 0 ? "." : before.substring(0, slash));
    String prefix = slash < 0 ? before : before.substring(slash + 1);
    List<LocalDate> dates = new ArrayList<>();
    try {
      FileSystem fs = parent.getFileSystem(conf);
      if (!fs.exists(parent)) {
        return dates;
      }
      for (FileStatus st : fs.listStatus(parent)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith(prefix)) {
          try {
            dates.add(LocalDate.parse(name.substring(prefix.length())));
          } catch (java.time.format.DateTimeParseException e) {
            LOG.debug("Skipping {}: not a dump date directory", st.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dates.sort(Comparator.naturalOrder());
    return dates;
  }

  /**
   * Reads the given files into one row per physical line ({@link #LINE_SCHEMA}). Lazy: nothing is
   * read until an action runs.
   */
  public static Dataset<Row> lines(SparkSession spark, List<InputFile> files) {
    SerializableConfiguration conf =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    List<String> paths = files.stream().map(InputFile::path).toList();
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, Math.max(1, paths.size()))
            .flatMap(path -> new FileLines(conf.value(), path));
    return spark.createDataFrame(rows, LINE_SCHEMA);
  }

  /** Streams one file's lines as rows; closes the file at its end. Runs on executors. */
  private static final class FileLines implements Iterator<Row> {
    private final String path;
    private final InputStream in;
    private final Utf8Lines lines;
    private Row next;

    FileLines(Configuration conf, String path) throws IOException {
      this.path = path;
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      InputStream raw = fs.open(p);
      this.in = codec == null ? raw : codec.createInputStream(raw);
      this.lines = new Utf8Lines(in);
      advance();
    }

    private void advance() {
      try {
        Utf8Lines.Line line = lines.next();
        if (line == null) {
          next = null;
          in.close();
        } else {
          next = toRow(path, line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Row r = next;
      advance();
      return r;
    }
  }

  static Row toRow(String path, Utf8Lines.Line line) {
    KcatEnvelopeParser.Result result = KcatEnvelopeParser.parse(line.text());
    KcatEnvelope e = result.envelope();
    if (e == null) {
      return RowFactory.create(
          path, line.number(), result.kind().name(), result.error(), line.text(),
          line.invalidUtf8(), null, null, null, null, null, null, null, null, null);
    }
    List<Row> headers = new ArrayList<>(e.headers().size());
    for (Header h : e.headers()) {
      headers.add(RowFactory.create(h.key(), h.value()));
    }
    return RowFactory.create(
        path, line.number(), result.kind().name(), null, line.text(), line.invalidUtf8(),
        e.topic(), e.partition(), e.offset(), e.timestampType(), e.timestampMs(), e.broker(),
        scala.collection.JavaConverters.asScalaBuffer(headers).toList(), e.key(), e.payload());
  }
}
