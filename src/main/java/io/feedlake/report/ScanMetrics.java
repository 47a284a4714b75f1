package io.feedlake.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.Option;
import scala.collection.Iterator;

/**
 * What a finished query's file scans read, from the executed physical plan's metrics: for each
 * {@code FileSourceScanExec}, the table, the partitions and files selected after partition
 * pruning, and their total size on storage ({@code filesSize}, bytes; Spark's file-level figure,
 * which ignores column pruning). Call after an action has run. Runs on the driver.
 *
 * @param scans one entry per file scan in the plan
 */
public record ScanMetrics(List<Scan> scans) {
  public ScanMetrics {
    scans = List.copyOf(scans);
  }

  /**
   * One file scan.
   *
   * @param table {@code database.table}, or the path when the scan is not of a catalog table
   * @param partitions partitions read (0 for an unpartitioned source)
   * @param files files read
   * @param bytes total size of those files on storage, in bytes
   */
  public record Scan(String table, long partitions, long files, long bytes) {}

  /** Partitions read over all scans. */
  public long partitions() {
    return scans.stream().mapToLong(Scan::partitions).sum();
  }

  /** Files read over all scans. */
  public long files() {
    return scans.stream().mapToLong(Scan::files).sum();
  }

  /** Bytes of files read over all scans. */
  public long bytes() {
    return scans.stream().mapToLong(Scan::bytes).sum();
  }

  /** Collects the scans of an executed plan, looking through adaptive execution wrappers. */
  public static ScanMetrics of(SparkPlan executedPlan) {
    List<Scan> scans = new ArrayList<>();
    visit(executedPlan, scans);
    return new ScanMetrics(scans);
  }

  private static void visit(SparkPlan plan, List<Scan> out) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      visit(adaptive.executedPlan(), out);
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      visit(stage.plan(), out);
      return;
    }
    if (plan instanceof FileSourceScanExec scan) {
      Option<org.apache.spark.sql.catalyst.TableIdentifier> id = scan.tableIdentifier();
      String table = id.isDefined() ? id.get().unquotedString().replaceFirst("^spark_catalog\\.", "") : scan.relation().location().rootPaths().mkString(",");
      out.add(new Scan(table, metric(scan, "numPartitions"), metric(scan, "numFiles"), metric(scan, "filesSize")));
    }
    Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      visit(children.next(), out);
    }
    Iterator<SparkPlan> subqueries = plan.subqueries().iterator();
    while (subqueries.hasNext()) {
      visit(subqueries.next(), out);
    }
  }

  private static long metric(FileSourceScanExec scan, String name) {
    Option<SQLMetric> m = scan.metrics().get(name);
    return m.isDefined() ? m.get().value() : 0L;
  }
}
