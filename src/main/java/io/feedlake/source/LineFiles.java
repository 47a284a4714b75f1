package io.feedlake.source;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads line-oriented input files into one row per physical line, keeping the file and the
 * 1-based line number of every line, for every source whose unit is a line (kcat dumps,
 * console-consumer dumps, Kafka Connect JSON objects, delimited logs). Files are read on
 * executors, one task per file (gzip is not splittable), decompressed by the Hadoop codec their
 * name selects, and streamed line by line through {@link Utf8Lines}: no file is collected on the
 * driver. Lazy: nothing is read until an action runs. Does not shuffle.
 */
public final class LineFiles {
  /**
   * The schema of rows read line by line: {@code _source_file STRING, _line_number BIGINT
   * (1-based), _read_reason STRING, _read_message STRING, _raw_line STRING, _invalid_utf8
   * BOOLEAN}, followed by the source's own columns.
   */
  public static StructType lineSchema(org.apache.spark.sql.types.StructField... sourceColumns) {
    StructType schema = new StructType()
        .add(Classified.SOURCE_FILE, org.apache.spark.sql.types.DataTypes.StringType, false)
        .add(Classified.LINE_NUMBER, org.apache.spark.sql.types.DataTypes.LongType, false)
        .add(RecordClassifier.READ_REASON, org.apache.spark.sql.types.DataTypes.StringType, true)
        .add(RecordClassifier.READ_MESSAGE, org.apache.spark.sql.types.DataTypes.StringType, true)
        .add(Classified.RAW, org.apache.spark.sql.types.DataTypes.StringType, true)
        .add(Classified.INVALID_UTF8, org.apache.spark.sql.types.DataTypes.BooleanType, false);
    for (org.apache.spark.sql.types.StructField f : sourceColumns) {
      schema = schema.add(f);
    }
    return schema;
  }

  private LineFiles() {}

  /**
   * Turns the lines of one kind of file into rows. Built on the driver and shipped to executors,
   * so it must be small and serializable.
   */
  @FunctionalInterface
  public interface Format extends Serializable {
    /**
     * Prepares the parsing of one file (for example the Kafka partition and start offset its name
     * carries). Runs on executors.
     *
     * @param path the file's fully qualified path, as listed
     * @return the parser of that file's lines
     */
    LineParser open(String path);
  }

  /** Parses the lines of one file, in order. Runs on executors; one instance per file. */
  @FunctionalInterface
  public interface LineParser {
    /**
     * @param line one physical line with its number and UTF-8 validity
     * @return one row in the format's schema (never null: every line becomes a row)
     */
    Row parse(Utf8Lines.Line line);
  }

  /**
   * Reads the given files into one row per physical line.
   *
   * @param files the files to read, one Spark task each
   * @param schema the schema of the rows {@code format} builds
   * @param format how lines become rows
   */
  public static Dataset<Row> read(
      SparkSession spark, List<InputFile> files, StructType schema, Format format) {
    SerializableConfiguration conf =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    List<String> paths = files.stream().map(InputFile::path).toList();
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, Math.max(1, paths.size()))
            .flatMap(path -> new FileRows(conf.value(), path, format.open(path)));
    return spark.createDataFrame(rows, schema);
  }

  /** Streams one file's lines as rows; closes the file at its end. Runs on executors. */
  private static final class FileRows extends LookAheadIterator<Row> {
    private final String path;
    private final InputStream in;
    private final Utf8Lines lines;
    private final LineParser parser;

    FileRows(Configuration conf, String path, LineParser parser) {
      this.path = path;
      this.parser = parser;
      Path p = new Path(path);
      try {
        FileSystem fs = p.getFileSystem(conf);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        InputStream raw = fs.open(p);
        this.in = codec == null ? raw : codec.createInputStream(raw);
      } catch (IOException e) {
        throw readFailure(path, 0, e);
      }
      this.lines = new Utf8Lines(in);
    }

    @Override
    protected Row fetch() {
      try {
        Utf8Lines.Line line = lines.next();
        if (line == null) {
          in.close();
          return null;
        }
        return parser.parse(line);
      } catch (IOException e) {
        throw readFailure(path, lines.linesRead(), e);
      }
    }
  }

  /**
   * The error for a file that failed while it was being read, naming the file. A truncated or
   * corrupt compressed file (the codec's {@link EOFException} or {@link ZipException}) is a data
   * contract violation (exit 3): reading it again gives the same bytes. Any other I/O error is
   * left as an {@link UncheckedIOException}, which the command line treats as transient (exit 5).
   *
   * @param path the file's path, as listed
   * @param linesRead the lines read before the failure
   * @param e what the stream threw
   * @return the exception to throw (runs on executors; serializable)
   */
  public static RuntimeException readFailure(String path, long linesRead, IOException e) {
    if (e instanceof EOFException || e instanceof ZipException) {
      return new FeedlakeException(ExitCode.DATA_CONTRACT,
          "Cannot read " + path + ": the compressed file is truncated or corrupt after " + linesRead
              + " line" + (linesRead == 1 ? "" : "s") + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
          e);
    }
    return new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
  }
}
