package io.feedlake.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.Option;

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
    for (FileSourceScanExec scan : FileScans.of(executedPlan)) {
      scans.add(new Scan(FileScans.table(scan), metric(scan, "numPartitions"), metric(scan, "numFiles"),
          metric(scan, "filesSize")));
    }
    return new ScanMetrics(scans);
  }

  private static long metric(FileSourceScanExec scan, String name) {
    Option<SQLMetric> m = scan.metrics().get(name);
    return m.isDefined() ? m.get().value() : 0L;
  }
}
