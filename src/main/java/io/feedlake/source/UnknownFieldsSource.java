package io.feedlake.source;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.Rules.OnUnknown;
import io.feedlake.config.sources.DebeziumSourceConfig.DebeziumSourceSpec;
import io.feedlake.config.sources.FilesSourceConfig.FileFormat;
import io.feedlake.config.sources.FilesSourceConfig.FilesSourceSpec;
import io.feedlake.conform.UndeclaredFieldReport;
import io.feedlake.conform.UnknownFieldScan;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A source with JSON text payloads, decorated with {@code schema.on-unknown}: its classify plan
 * is built with an {@link UnknownFieldScan} active, so that the fields the declared schema does
 * not name are counted in the ingest's own read; {@link #verify} then turns what was found into
 * run-summary notes ({@code warn}, {@code capture}) or fails the date ({@code fail}: exit 3 naming
 * the first file, record and field, before anything is written). With {@code capture} the output
 * columns end with {@link UnknownFieldScan#EXTRA} ({@code STRING}, JSON text of the undeclared
 * fields). Everything else is the wrapped source's. Driver only; one instance per ingested date at
 * a time (it keeps the last date's scan).
 */
public final class UnknownFieldsSource implements FeedSource {
  private static final UndeclaredFieldReport EMPTY =
      new UndeclaredFieldReport(0, 0, Map.of(), 0, null, -1, null, List.of());

  private final FeedSource inner;
  private final OnUnknown mode;
  private UnknownFieldScan scan;

  private UnknownFieldsSource(FeedSource inner, OnUnknown mode) {
    this.inner = inner;
    this.mode = mode;
  }

  /**
   * The job's source, decorated when its payloads are JSON text (kafka-json, kafka-console,
   * kafka-connect-s3 json, files json, debezium) and {@code schema.on-unknown} is not {@code
   * ignore}; otherwise {@code source} itself.
   */
  public static FeedSource wrap(FeedSource source, JobSpec job) {
    OnUnknown mode = job.rules() == null ? OnUnknown.WARN : job.rules().onUnknown();
    return mode == OnUnknown.IGNORE || !jsonPayloads(job.source()) ? source : new UnknownFieldsSource(source, mode);
  }

  private static boolean jsonPayloads(JobSpec.SourceSpec spec) {
    return spec instanceof KafkaJsonSourceSpec
        || spec instanceof KafkaConsoleSourceSpec
        || (spec instanceof KafkaConnectS3SourceSpec c && c.format() == ConnectFormat.JSON)
        || (spec instanceof FilesSourceSpec f && f.format() == FileFormat.JSON)
        || spec instanceof DebeziumSourceSpec;
  }

  /**
   * The run metrics of the last classified date of a decorated source ({@link
   * UndeclaredFieldReport#metrics}); empty for any other source.
   */
  public static Map<String, Long> metrics(FeedSource source) {
    return source instanceof UnknownFieldsSource u && u.scan != null ? u.scan.report().metrics() : Map.of();
  }

  /** What the scan of the last classified date found; empty before {@link #classify} ran its plan. */
  public UndeclaredFieldReport report() {
    return scan == null ? EMPTY : scan.report();
  }

  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    return inner.list(conf, date);
  }

  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    return inner.availableDates(conf);
  }

  @Override
  public String describe(LocalDate date) {
    return inner.describe(date);
  }

  @Override
  public Dataset<Row> classify(SparkSession spark, List<InputFile> files, LocalDate date) {
    UnknownFieldScan s = new UnknownFieldScan(mode, spark.sparkContext());
    scan = s;
    return s.within(() -> inner.classify(spark, files, date));
  }

  @Override
  public List<String> outputColumns() {
    List<String> out = new ArrayList<>(inner.outputColumns());
    if (mode == OnUnknown.CAPTURE) {
      out.add(UnknownFieldScan.EXTRA);
    }
    return out;
  }

  /**
   * The wrapped source's notes, then the undeclared fields and the declared fields absent from
   * every record.
   *
   * @throws FeedlakeException exit 3 with {@code schema.on-unknown = fail} when a payload holds
   *     an undeclared field: {@code Undeclared payload field 'org' in <file> record 3: ...}
   */
  @Override
  public List<String> verify(Map<String, Long> recordsPerFile) {
    List<String> notes = new ArrayList<>(inner.verify(recordsPerFile));
    UndeclaredFieldReport report = report();
    if (mode == OnUnknown.FAIL && report.found()) {
      throw new FeedlakeException(ExitCode.DATA_CONTRACT, report.failure());
    }
    notes.addAll(report.notes(mode));
    return notes;
  }
}
