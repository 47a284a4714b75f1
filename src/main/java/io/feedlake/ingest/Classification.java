package io.feedlake.ingest;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.Rules.OnUnknown;
import io.feedlake.conform.Classifier;
import io.feedlake.conform.UndeclaredFieldReport;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.Units;
import io.feedlake.conform.UnknownFieldScan;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The read-then-classify step of an ingest: the job's source reads a date's input into units, and
 * conform's {@link Classifier} decides every unit's fate. With JSON text payloads and {@code
 * schema.on-unknown} other than {@code ignore}, the classification is built with an {@link
 * UnknownFieldScan} active, so that fields the declared schema does not name are counted in the
 * ingest's own read; {@link #verify} turns what was found into run-summary notes ({@code warn},
 * {@code capture}) or fails the date ({@code fail}: exit 3 naming the first file, record and
 * field, before anything is written). With {@code capture} the output columns end with {@link
 * UnknownFieldScan#EXTRA} ({@code STRING}, JSON text of the undeclared fields).
 *
 * <p>Driver only; one instance per job, used for one date at a time (it keeps the last date's
 * scan and classifier).
 */
public final class Classification {
  private static final UndeclaredFieldReport EMPTY =
      new UndeclaredFieldReport(0, 0, Map.of(), 0, null, -1, null, List.of());

  private final FeedSource source;
  private final ConformSpec conform;
  private final OnUnknown mode;
  private Classifier classifier;
  private UnitShape shape;
  private UnknownFieldScan scan;

  private Classification(FeedSource source, ConformSpec conform, OnUnknown mode) {
    this.source = source;
    this.conform = conform;
    this.mode = mode;
    this.shape = source.shape();
    this.classifier = shape == null ? null : Classifier.of(shape, conform);
  }

  /**
   * The classification of a job's source. Checks the conform settings against the source's
   * declared shape now, before any data is read (sources whose shape comes with each delivery
   * are checked when they are read).
   *
   * @throws io.feedlake.config.ConfigException (exit 2) when the event-time field, a dedupe key,
   *     a rename or a drop does not fit the declared schema
   */
  public static Classification of(FeedSource source, JobSpec job) {
    return of(source, job.conform(), job.rules() == null ? OnUnknown.WARN : job.rules().onUnknown());
  }

  /**
   * The classification of a source with explicit settings (see {@link #of(FeedSource, JobSpec)}).
   *
   * @param conform event time and dedupe settings
   * @param onUnknown what to do with payload fields the declared schema does not name
   * @throws io.feedlake.config.ConfigException (exit 2) as {@link #of(FeedSource, JobSpec)}
   */
  public static Classification of(FeedSource source, ConformSpec conform, OnUnknown onUnknown) {
    return new Classification(source, conform, onUnknown);
  }

  /** The source whose units this classifies. */
  public FeedSource source() {
    return source;
  }

  /**
   * Output columns in order (without {@code date}), as written to the beta table: known up front
   * for sources with a declared schema; for sources whose columns come with each delivery
   * (Adobe), empty until {@link #classify} has run for a date, then that delivery's columns.
   */
  public List<String> outputColumns() {
    if (classifier == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(classifier.outputColumns());
    if (mode == OnUnknown.CAPTURE && scanned(shape)) {
      out.add(UnknownFieldScan.EXTRA);
    }
    return out;
  }

  /**
   * Reads a date's input and builds its lazy classification plan: {@link #outputColumns()}, {@code
   * date} and the internal columns of {@link io.feedlake.conform.Classified}.
   *
   * @param files the files the source listed for {@code date}
   * @throws FeedlakeException as the source's {@link FeedSource#read}
   */
  public Dataset<Row> classify(SparkSession spark, List<InputFile> files, LocalDate date) {
    Units units = source.read(spark, files, date);
    // Built from what was read: Adobe's shape comes with each delivery, a delimited source's
    // with each date's headers. Building one is cheap (schema checks, no Spark).
    Classifier c = Classifier.of(units.shape(), conform);
    classifier = c;
    shape = units.shape();
    if (!scanned(shape)) {
      scan = null;
      return c.classify(units.rows(), date);
    }
    UnknownFieldScan s = new UnknownFieldScan(mode, spark.sparkContext());
    scan = s;
    return s.within(() -> c.classify(units.rows(), date));
  }

  private boolean scanned(UnitShape shape) {
    return mode != OnUnknown.IGNORE && shape instanceof UnitShape.Payload p && p.jsonText();
  }

  /** What the scan of the last classified date found; empty before its plan ran, or without a scan. */
  public UndeclaredFieldReport report() {
    return scan == null ? EMPTY : scan.report();
  }

  /** The run metrics of the last classified date's scan ({@link UndeclaredFieldReport#metrics}). */
  public Map<String, Long> metrics() {
    return scan == null ? Map.of() : scan.report().metrics();
  }

  /**
   * The source's checks and notes ({@link FeedSource#verify}), then the undeclared fields and the
   * declared fields absent from every record.
   *
   * @param recordsPerFile records (units not skipped) per input file path
   * @throws FeedlakeException exit 3 when a source total does not match, or with {@code
   *     schema.on-unknown = fail} when a payload holds an undeclared field: {@code Undeclared
   *     payload field 'org' in <file> record 3: ...}
   */
  public List<String> verify(Map<String, Long> recordsPerFile) {
    List<String> notes = new ArrayList<>(source.verify(recordsPerFile));
    UndeclaredFieldReport report = report();
    if (mode == OnUnknown.FAIL && report.found()) {
      throw new FeedlakeException(ExitCode.DATA_CONTRACT, report.failure());
    }
    if (scan != null) {
      notes.addAll(report.notes(mode));
    }
    return notes;
  }
}
