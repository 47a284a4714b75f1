package io.feedlake.report;

import io.feedlake.FeedlakeException;
import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpecs;
import io.feedlake.config.Settings.ReportSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs SQL against the lake's catalog with the report discipline: parameters validated and bound
 * through Spark's parameterized SQL ({@code SparkSession.sql(String, Map)}, never spliced), the
 * scan explained before running ({@link ScanEstimate}), guardrails applied ({@link Guardrails}),
 * then at most {@code report.max-rows} rows collected on the driver with what the scans read. A
 * report that declares optional columns runs on a table that lacks them ({@link
 * OptionalColumnsPlanner}): what could not be filtered or computed is said in its {@code notes}.
 */
public final class ReportRunner {
  private final SparkSession spark;
  private final ReportSettings settings;

  /**
   * @param spark a session on the lake's catalog
   * @param settings report settings (directory, row and scan limits, partition-filter policy)
   */
  public ReportRunner(SparkSession spark, ReportSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /**
   * Writes a collected result as one snappy Parquet file in the directory {@code out} (Spark's
   * writer; the directory must not exist).
   */
  public void writeParquet(ReportResult r, String out) {
    List<Row> rows = r.rows().stream().map(v -> org.apache.spark.sql.RowFactory.create(v.toArray())).toList();
    spark.createDataFrame(rows, r.schema()).coalesce(1).write().option("compression", "snappy").parquet(out);
  }

  /** Loads a report definition from the report directory. */
  public ReportSpec spec(String name) {
    return ReportSpecs.load(settings.dir(), name, SqlParameters::markers);
  }

  /**
   * A query ready to run: analysed and planned, with its scan estimate; nothing has been read.
   *
   * @param name report name, or {@code sql} for ad hoc queries
   * @param query the planned query
   * @param parameters the bound values
   * @param estimate what it will scan
   * @param limitBytes the scan limit that applies
   * @param limitSource where that limit comes from
   * @param notes what the result lacks because the table lacks optional columns (a filter not
   *     applied, an output that is NULL); empty when nothing is missing
   */
  public record Prepared(
      String name, Dataset<Row> query, Map<String, Object> parameters, ScanEstimate estimate, long limitBytes,
      String limitSource, List<String> notes) {
    public Prepared {
      notes = List.copyOf(notes);
    }
  }

  /**
   * Plans a report with the given parameter values.
   *
   * @throws FeedlakeException exit 2 when a parameter is missing or invalid
   */
  public Prepared prepare(ReportSpec spec, Map<String, String> given) {
    Map<String, Object> args = ParameterBinder.bind(spec, given);
    long limit = spec.maxScanBytes() != null ? spec.maxScanBytes() : settings.maxScanBytes();
    String source = spec.maxScanBytes() != null ? spec.name() + ".conf max-scan-bytes" : "report.max-scan-bytes";
    return plan(spec.name(), spec.sql(), spec.optionalColumns(), args, limit, source);
  }

  /** Plans an ad hoc query (no parameters) under the global scan limit. */
  public Prepared prepareAdHoc(String sql) {
    Set<String> markers = SqlParameters.markers(sql);
    if (!markers.isEmpty()) {
      throw FeedlakeException.usage("Ad hoc SQL takes no parameters, but the query uses " + markers
          + "; write the values in, or make it a report with a .conf declaring them");
    }
    return plan("sql", sql, null, Map.of(), settings.maxScanBytes(), "report.max-scan-bytes");
  }

  private Prepared plan(
      String name, String sql, ReportSpec.OptionalColumns optional, Map<String, Object> args, long limit, String source) {
    Dataset<Row> df;
    List<String> notes = List.of();
    try {
      if (optional == null) {
        df = spark.sql(sql, args);
      } else {
        OptionalColumnsPlanner.Planned planned = OptionalColumnsPlanner.plan(spark, name, optional, sql, args);
        df = planned.query();
        notes = planned.notes();
      }
    } catch (org.apache.spark.sql.AnalysisException e) {
      // Also what spark.sql throws undeclared. A ParseException's message starts with a line
      // break: its first non-blank line is the reason; an analysis error's plan dump follows it.
      throw FeedlakeException.usage("Cannot plan " + name + ": "
          + e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("(Spark gave no reason)").strip());
    }
    return new Prepared(name, df, args, ScanEstimate.of(df), limit, source, notes);
  }

  /**
   * Checks the guardrails, runs the query and collects its rows.
   *
   * @param overrides guardrail overrides from the command line
   * @param warn receives guardrail warnings
   * @throws FeedlakeException exit 3 when a guardrail refuses the query; exit 2 when the result
   *     has more than {@code report.max-rows} rows
   */
  public ReportResult run(Prepared p, Set<Guardrails.Override> overrides, Consumer<String> warn) {
    Guardrails.check(p.estimate(), p.limitBytes(), p.limitSource(), settings.partitionFilter(), overrides, warn);
    long start = System.nanoTime();
    Dataset<Row> limited = p.query().limit(settings.maxRows() + 1);
    InputBytesListener listener = InputBytesListener.start(spark.sparkContext());
    List<Row> rows;
    long bytesRead;
    try {
      rows = limited.collectAsList();
    } finally {
      bytesRead = listener.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rows.size() > settings.maxRows()) {
      throw FeedlakeException.usage(
          p.name() + " returned more than report.max-rows = " + settings.maxRows()
              + " rows; narrow the query or raise report.max-rows");
    }
    List<List<Object>> values = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<Object> v = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        v.add(r.get(i));
      }
      values.add(v);
    }
    return new ReportResult(p.name(), p.parameters(), List.of(p.query().columns()), values, p.estimate(),
        ScanMetrics.of(limited.queryExecution().executedPlan()), bytesRead, seconds, p.query().schema());
  }
}
