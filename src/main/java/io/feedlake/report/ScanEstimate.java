package io.feedlake.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.datasources.FileStatusWithMetadata;
import org.apache.spark.sql.execution.datasources.PartitionDirectory;
import scala.collection.Iterator;

/**
 * What a query will read, known before it runs: for every file scan in its physical plan, the
 * partitions selected by the catalog's partition pruning (for Hive-catalog tables Spark asks the
 * metastore for the matching partitions only; no full listing), their files and bytes on storage,
 * and the columns read. Cost follows Redshift Spectrum and Athena pricing: $5 per TB scanned,
 * bytes rounded up to the megabyte with a 10 MB minimum per query (AWS pricing pages; TB and MB
 * taken as 2^40 and 2^20 bytes). Runs on the driver; lists files but reads no data.
 *
 * @param scans one entry per file scan
 */
public record ScanEstimate(List<TableScan> scans) {
  /** Dollars per TB scanned. */
  public static final double USD_PER_TB = 5.0;

  /** Minimum billed bytes per query (10 MB). */
  public static final long MIN_BILLED_BYTES = 10L << 20;

  public ScanEstimate {
    scans = List.copyOf(scans);
  }

  /**
   * One file scan.
   *
   * @param table {@code database.table}, or the paths of a scan that is not a catalog table
   * @param partitioned whether the scanned relation has partition columns
   * @param partitionFilters the predicates on partition columns pushed to pruning (as SQL)
   * @param partitions partitions selected
   * @param files files selected
   * @param bytes bytes of those files on storage
   * @param columns data columns read (after column pruning)
   */
  public record TableScan(
      String table, boolean partitioned, List<String> partitionFilters, long partitions, long files, long bytes,
      List<String> columns) {
    public TableScan {
      partitionFilters = List.copyOf(partitionFilters);
      columns = List.copyOf(columns);
    }
  }

  /** Bytes of files selected over all scans. */
  public long bytes() {
    return scans.stream().mapToLong(TableScan::bytes).sum();
  }

  /** Partitions selected over all scans. */
  public long partitions() {
    return scans.stream().mapToLong(TableScan::partitions).sum();
  }

  /** Files selected over all scans. */
  public long files() {
    return scans.stream().mapToLong(TableScan::files).sum();
  }

  /** Estimated cost in USD of scanning {@code bytes}: megabytes rounded up, 10 MB minimum. */
  public static double costUsd(long bytes) {
    long mb = Math.max((bytes + (1L << 20) - 1) >> 20, MIN_BILLED_BYTES >> 20);
    return mb / (double) (1L << 20) * USD_PER_TB;
  }

  /** Builds the estimate from a query's physical plan without running it. */
  public static ScanEstimate of(Dataset<Row> query) {
    List<TableScan> scans = new ArrayList<>();
    for (FileSourceScanExec scan : FileScans.of(query.queryExecution().executedPlan())) {
      long files = 0;
      long bytes = 0;
      PartitionDirectory[] parts = scan.selectedPartitions();
      for (PartitionDirectory p : parts) {
        Iterator<FileStatusWithMetadata> it = p.files().iterator();
        while (it.hasNext()) {
          files++;
          bytes += it.next().getLen();
        }
      }
      boolean partitioned = scan.relation().partitionSchema().nonEmpty();
      List<String> filters = new ArrayList<>();
      scan.partitionFilters().foreach(e -> filters.add(e.sql()));
      scans.add(new TableScan(FileScans.table(scan), partitioned, filters, partitioned ? parts.length : 0, files, bytes,
          List.of(scan.requiredSchema().fieldNames())));
    }
    return new ScanEstimate(scans);
  }
}
