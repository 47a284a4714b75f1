package io.feedlake.report;

import io.feedlake.FeedlakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs {@code <report dir>/<name>.sql} against the catalog with named parameters bound through
 * Spark's parameterized SQL ({@code SparkSession.sql(String, Map)}): values are never spliced into
 * the SQL text. Collects at most {@code maxRows} rows to the driver and reports what the scans
 * read.
 */
public final class ReportRunner {
  private final SparkSession spark;
  private final Path reportDir;
  private final int maxRows;

  /**
   * @param spark a session on the lake's catalog
   * @param reportDir directory of {@code <name>.sql} files
   * @param maxRows the most rows a report may return
   */
  public ReportRunner(SparkSession spark, String reportDir, int maxRows) {
    this.spark = spark;
    this.reportDir = Paths.get(reportDir);
    this.maxRows = maxRows;
  }

  /** Report names available in the report directory, sorted. */
  public static List<String> names(String reportDir) {
    Path dir = Paths.get(reportDir);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    } catch (IOException e) {
      throw FeedlakeException.usage("Cannot list reports in " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Reads a report's SQL text.
   *
   * @throws FeedlakeException exit 2 when the report does not exist
   */
  public static String sql(String reportDir, String name) {
    Path file = Paths.get(reportDir, name + ".sql");
    if (!Files.isRegularFile(file)) {
      throw FeedlakeException.usage(
          "No report '" + name + "': " + file + " does not exist (reports: " + names(reportDir) + ")");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FeedlakeException.usage("Cannot read report " + file + ": " + e.getMessage());
    }
  }

  /**
   * Runs a report.
   *
   * @param name report name
   * @param available parameter values offered by the caller; the report gets those its SQL uses
   * @return the rows and scan figures
   * @throws FeedlakeException exit 2 when the report uses a parameter that was not given, or
   *     returns more than {@code maxRows} rows
   */
  public ReportResult run(String name, Map<String, Object> available) {
    String text = sql(reportDir.toString(), name);
    Set<String> used = SqlParameters.markers(text);
    Map<String, Object> args = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String p : used) {
      if (available.containsKey(p) && available.get(p) != null) {
        args.put(p, available.get(p));
      } else {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      throw FeedlakeException.usage(
          "Report '" + name + "' needs parameter(s) " + missing.stream().map(m -> ":" + m).toList()
              + "; give them with " + missing.stream().map(m -> "--" + m).toList()
              + " (for :from/:to, --date sets both)");
    }
    long start = System.nanoTime();
    Dataset<Row> df = spark.sql(text, args);
    Dataset<Row> limited = df.limit(maxRows + 1);
    List<Row> rows = limited.collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rows.size() > maxRows) {
      throw FeedlakeException.usage(
          "Report '" + name + "' returned more than report.max-rows = " + maxRows
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
    return new ReportResult(name, args, List.of(df.columns()), values,
        ScanMetrics.of(limited.queryExecution().executedPlan()), seconds);
  }
}
