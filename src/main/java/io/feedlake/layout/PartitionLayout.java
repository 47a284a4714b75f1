package io.feedlake.layout;

import io.feedlake.config.JobSpec.LayoutSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Decides the physical shape of one date's Parquet output: how many files, and the sort order
 * inside each file. The partition column leads the sort order: Spark's planned write (3.4+) sorts
 * by the partition column before writing and discards any order that does not start with it.
 */
public final class PartitionLayout {
  /** Name of the partition column, Hive-style ({@code date=YYYY-MM-DD}). */
  public static final String PARTITION_COLUMN = "date";

  private final LayoutSpec spec;

  /** @param spec validated layout settings */
  public PartitionLayout(LayoutSpec spec) {
    this.spec = spec;
  }

  /**
   * Number of files for one date: the input bytes that end up written, divided by {@code
   * layout.target-file-bytes}, rounded up, at least 1.
   *
   * @param inputBytes bytes of the date's input files on storage
   * @param writtenFraction share of the input records that are written (0..1)
   */
  public int fileCount(long inputBytes, double writtenFraction) {
    double bytes = inputBytes * Math.max(0.0, Math.min(1.0, writtenFraction));
    return (int) Math.max(1, Math.ceil(bytes / spec.targetFileBytes()));
  }

  /**
   * Arranges rows for writing: range-partitioned on the sort columns into {@code files} tasks
   * (so each file covers its own range and min/max statistics separate files), then sorted within
   * each task by {@code date} and the sort columns. Shuffles once; for one file it does not
   * shuffle at all: the rows are coalesced into one task and sorted there (a shuffle to one
   * partition would write and read every row once more for nothing). Callers pass materialized
   * rows (a checkpoint or a cache), so coalescing moves no upstream work into that one task.
   */
  public Dataset<Row> arrange(Dataset<Row> df, int files) {
    List<Column> sort = new ArrayList<>();
    sort.add(functions.col(PARTITION_COLUMN));
    spec.sortBy().forEach(c -> sort.add(functions.col(c)));
    Dataset<Row> spread =
        files == 1 ? df.coalesce(1)
        : spec.sortBy().isEmpty()
            ? df.repartition(files)
            : df.repartitionByRange(files, sort.toArray(Column[]::new));
    return spread.sortWithinPartitions(sort.toArray(Column[]::new));
  }

  /** The configured sort columns after {@code date}. */
  public List<String> sortColumns() {
    return spec.sortBy();
  }

  /** Parquet row group size in bytes. */
  public long rowGroupBytes() {
    return spec.rowGroupBytes();
  }
}
