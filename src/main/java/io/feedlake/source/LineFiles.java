package io.feedlake.source;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.conform.Classified;
import io.feedlake.conform.UnitShape;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
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
        .add(UnitShape.READ_REASON, org.apache.spark.sql.types.DataTypes.StringType, true)
        .add(UnitShape.READ_MESSAGE, org.apache.spark.sql.types.DataTypes.StringType, true)
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
    ReadLimits limits = ReadLimits.from(spark.sparkContext().hadoopConfiguration());
    ReadTally tally = ReadTally.of(spark.sparkContext());
    java.util.Map<String, Long> sizes = new java.util.HashMap<>();
    files.forEach(f -> sizes.put(f.path(), f.bytes()));
    List<String> paths = files.stream().map(InputFile::path).toList();
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, Math.max(1, paths.size()))
            .flatMap(path -> new FileRows(conf.value(), path, sizes.getOrDefault(path, -1L), format.open(path),
                schema, limits, tally));
    return spark.createDataFrame(rows, schema);
  }

  /**
   * Streams one file's lines as rows. Runs on executors. Closes the file at its end, and when the
   * task ends another way (failed, killed, or stopped early) through a task completion listener.
   * A line over {@code source.max-record-bytes} becomes a {@code record_too_large} row (its first
   * bytes, file, line and length) without being parsed; the file's lines and byte order mark go to
   * the {@link ReadTally} when its end is reached.
   */
  private static final class FileRows extends LookAheadIterator<Row> {
    private final String path;
    private final InputStream in;
    private final Utf8Lines lines;
    private final LineParser parser;
    private final StructType schema;
    private final ReadLimits limits;
    private final ReadTally tally;
    private boolean closed;

    FileRows(Configuration conf, String path, long bytes, LineParser parser, StructType schema, ReadLimits limits,
        ReadTally tally) {
      this.path = path;
      this.parser = parser;
      this.schema = schema;
      this.limits = limits;
      this.tally = tally;
      Path p = new Path(path);
      try {
        FileSystem fs = p.getFileSystem(conf);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        InputStream raw = new StorageStream(fs.open(p));
        long size = bytes >= 0 ? bytes : fs.getFileStatus(p).getLen();
        if (codec != null && size == 0) {
          raw.close();
          throw new FeedlakeException(ExitCode.DATA_CONTRACT, "Cannot read " + path + ": the file is empty (0 bytes),"
              + " not a valid " + codec.getDefaultExtension() + " file; a complete compressed file has at least a header");
        }
        this.in = codec == null ? raw : limits.capExpansion(codec.createInputStream(raw), path, size);
      } catch (IOException e) {
        throw readFailure(path, 0, e);
      }
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(new org.apache.spark.util.TaskCompletionListener() {
          @Override
          public void onTaskCompletion(org.apache.spark.TaskContext context) {
            close();
          }
        });
      }
      this.lines = new Utf8Lines(in, limits.maxRecordBytes());
    }

    @Override
    protected Row fetch() {
      try {
        Utf8Lines.Line line = lines.next();
        if (line == null) {
          close();
          tally.add(new ReadTally.FileRead(path, lines.linesRead(), lines.byteOrderMarkRemoved()));
          return null;
        }
        return line.tooLong() ? tooLarge(line) : parser.parse(line);
      } catch (IOException e) {
        close();
        throw readFailure(path, lines.linesRead(), e);
      } catch (OutOfMemoryError e) {
        close();
        throw new FeedlakeException(ExitCode.INTERNAL, "Out of memory reading " + path + " after line "
            + lines.linesRead() + " (" + e.getMessage() + "); give the executors more memory or lower"
            + " source.max-record-bytes (" + limits.maxRecordBytes() + ")", e);
      }
    }

    /** The row of a line over the limit: the line schema's columns set, the source's own null. */
    private Row tooLarge(Utf8Lines.Line line) {
      Object[] values = new Object[schema.length()];
      values[0] = path;
      values[1] = line.number();
      values[2] = RECORD_TOO_LARGE;
      values[3] = "line " + line.number() + " of " + path + " is " + line.bytes() + " bytes, over source.max-record-bytes ("
          + limits.maxRecordBytes() + "); its first " + line.text().length() + " characters are kept";
      values[4] = line.text();
      values[5] = false;
      return org.apache.spark.sql.RowFactory.create(values);
    }

    private void close() {
      if (!closed) {
        closed = true;
        try {
          in.close();
        } catch (IOException e) {
          // The file was read (or the task is ending anyway): a failed close loses nothing.
        }
      }
    }
  }

  /** The reason of a record over {@code source.max-record-bytes}, quarantined at the read stage. */
  public static final String RECORD_TOO_LARGE = "record_too_large";

  /**
   * The storage stream of a file: marks its I/O errors as {@link StorageReadException}, so that
   * an {@link EOFException} of the storage (a truncated S3 read: retry) is told from one of the
   * decompressor (a truncated file: a data error).
   */
  private static final class StorageStream extends java.io.FilterInputStream {
    StorageStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new StorageReadException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new StorageReadException(e);
      }
    }
  }

  /** An I/O error of the storage under a file (not of its decompression). */
  public static final class StorageReadException extends IOException {
    /** @param cause what the storage stream threw */
    public StorageReadException(IOException cause) {
      super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * The error for a file that failed while it was being read, naming the file. A truncated or
   * corrupt compressed file (the codec's {@link EOFException} or {@link ZipException}) is a data
   * contract violation (exit 3): reading it again gives the same bytes. An error of the storage
   * itself ({@link StorageReadException}, e.g. an S3 read cut short: an {@code EOFException} from
   * the S3A stream, not from the decompressor) and any other I/O error are transient (exit 5),
   * also naming the file.
   *
   * @param path the file's path, as listed
   * @param linesRead the lines read before the failure
   * @param e what the stream threw
   * @return the exception to throw (runs on executors; serializable)
   */
  public static RuntimeException readFailure(String path, long linesRead, IOException e) {
    if (e instanceof StorageReadException) {
      return new FeedlakeException(ExitCode.TRANSIENT, "Cannot read " + path + ": the storage read failed after "
          + linesRead + " line" + (linesRead == 1 ? "" : "s") + " (" + e.getMessage() + "); retry", e);
    }
    if (e instanceof EOFException || e instanceof ZipException) {
      return new FeedlakeException(ExitCode.DATA_CONTRACT,
          "Cannot read " + path + ": the compressed file is truncated or corrupt after " + linesRead
              + " line" + (linesRead == 1 ? "" : "s") + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
          e);
    }
    return new FeedlakeException(ExitCode.TRANSIENT, "Cannot read " + path + ": " + e.getMessage(), e);
  }
}
