package io.feedlake.source.delimited;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.conform.RecordClassifier;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.UnitShape.Origin;
import io.feedlake.conform.Units;
import io.feedlake.source.DumpDirectories;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.LineFiles;
import io.feedlake.source.PayloadSchemas;
import io.feedlake.source.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads delimited vendor logs (CSV or TSV with a header row, as delivered to a landing zone) for
 * one date: every file of {@code <path>/<dump-dir>}. The first line of each file is its header:
 * columns are matched to the declared columns ({@code source.schema.ddl}) by name, so files may
 * order them differently or carry extra columns (logged, not read); a missing declared column
 * fails the run (exit 3). Headers are read on the driver (first line of each file); data lines on
 * executors by {@link LineFiles}, one task per file, keeping file and line number, then parsed by
 * Spark's CSV parser with the declared types ({@link DelimitedPayload}) and classified by the
 * shared {@link RecordClassifier} (origin FILE: no Kafka columns; dedupe by the configured key, no
 * fallback).
 *
 * <p>Rows ({@link #LINE_SCHEMA}): {@code _source_file STRING, _line_number BIGINT, _read_reason
 * STRING (header, blank), _read_message STRING, _raw_line STRING, _invalid_utf8 BOOLEAN,
 * _header_group INT, payload STRING}. A row is one physical line: a quoted value holding a newline
 * splits its record, and both halves are quarantined ({@code csv_parse_error}).
 */
public final class DelimitedSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(DelimitedSource.class);

  /** Schema of the rows produced by {@link #lines}. */
  public static final StructType LINE_SCHEMA =
      io.feedlake.source.LineFiles.lineSchema(
            DataTypes.createStructField(DelimitedPayload.HEADER_GROUP, DataTypes.IntegerType, true),
            DataTypes.createStructField("payload", DataTypes.StringType, true));

  private final DelimitedSourceSpec spec;
  private final StructType columns;
  private final CsvDialect dialect;
  private final DumpDirectories dumps;

  /**
   * Parses the declared columns before any data is read.
   *
   * @throws ConfigException (exit 2) when the DDL or a column is invalid
   */
  public DelimitedSource(DelimitedSourceSpec spec) {
    this.spec = spec;
    this.columns = PayloadSchemas.load(spec.columnsDdl(), null);
    for (StructField f : columns.fields()) {
      if (f.dataType() instanceof StructType || f.dataType() instanceof org.apache.spark.sql.types.ArrayType
          || f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        throw new ConfigException(List.of("source.schema.ddl: column '" + f.name() + "' is "
            + f.dataType().simpleString() + ", but delimited columns hold single values (expected e.g. STRING, "
            + "INT, BIGINT, DECIMAL(p,s), DOUBLE, BOOLEAN, DATE, TIMESTAMP)"));
      }
    }
    this.dialect = CsvDialect.of(spec);
    this.dumps = new DumpDirectories(spec.path(), spec.dumpDir(), null, "delimited files", spec.ready());
  }

  private UnitShape.Payload shape(List<HeaderLayout> layouts) {
    return new UnitShape.Payload(columns, new DelimitedPayload(layouts, dialect), Origin.FILE);
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
    return "delimited files in " + dumps.directory(date) + " (delimiter "
        + (dialect.delimiter() == '\t' ? "TAB" : "'" + dialect.delimiter() + "'") + ")";
  }

  /**
   * Reads each file's header on the driver, then builds the lazy classification plan.
   *
   * @throws FeedlakeException exit 3 when a header lacks a declared column or repeats a name; exit
   *     5 when a header cannot be read
   */
  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<HeaderLayout> layouts = new ArrayList<>();
    Map<String, Integer> groups = new HashMap<>();
    Map<HeaderLayout, List<String>> filesByLayout = new LinkedHashMap<>();
    for (InputFile f : files) {
      String header = firstLine(conf, f.path());
      if (header == null) {
        LOG.info("{} is empty: no header and no rows", f.path());
        continue;
      }
      HeaderLayout layout = HeaderLayout.match(dialect.split(header), columns, f.path());
      int index = layouts.indexOf(layout);
      if (index < 0) {
        index = layouts.size();
        layouts.add(layout);
      }
      groups.put(f.path(), index);
      filesByLayout.computeIfAbsent(layout, k -> new ArrayList<>()).add(f.path());
    }
    filesByLayout.forEach((layout, paths) -> {
      if (!layout.undeclared().isEmpty()) {
        LOG.warn("Columns {} of {} file(s) are not declared in source.schema.ddl and are not read: {}",
            layout.undeclared(), paths.size(), paths);
      }
    });
    return new Units(lines(spark, files, groups), shape(layouts));
  }

  /** The shape before any header is read: the declared columns, with no file layouts yet. */
  @Override
  public UnitShape shape() {
    return shape(List.of());
  }

  /**
   * Reads the files into one row per physical line ({@link #LINE_SCHEMA}): line 1 is the header
   * (skipped, reason {@code header}), blank lines are skipped ({@code blank}). Lazy.
   *
   * @param groups for each file path, the index of its header layout
   */
  public static Dataset<Row> lines(SparkSession spark, List<InputFile> files, Map<String, Integer> groups) {
    HashMap<String, Integer> byPath = new HashMap<>(groups);
    return LineFiles.read(spark, files, LINE_SCHEMA, path -> {
      Integer group = byPath.get(path);
      return line -> row(path, line, group);
    });
  }

  private static Row row(String path, Utf8Lines.Line line, Integer group) {
    String reason = null;
    if (line.number() == 1) {
      reason = "header";
    } else if (line.text().isBlank()) {
      reason = "blank";
    }
    return RowFactory.create(path, line.number(), reason, null, line.text(), line.invalidUtf8(), group,
        reason == null ? line.text() : null);
  }

  private static String firstLine(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      InputStream raw = p.getFileSystem(conf).open(p);
      try (InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
        Utf8Lines.Line line = new Utf8Lines(in).next();
        return line == null ? null : line.text();
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the header of " + path + ": " + e.getMessage(), e);
    }
  }
}
