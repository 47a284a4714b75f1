package io.feedlake.publish;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
import io.feedlake.layout.PartitionLayout;
import io.feedlake.publish.WrittenPartition.WrittenFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one date of a table, then reads every footer back to check the {@link ParquetContract}
 * and the row count: in the classic {@code overwrite} layout ({@link #overwrite}: {@code
 * <table location>/date=YYYY-MM-DD/part-*.snappy.parquet}, replacing that date only by dynamic
 * partition overwrite), or into a new run directory ({@link #writeRun}: {@code
 * date=YYYY-MM-DD/run=<run id>/}) for the swap protocol. Data is written before the catalog hears
 * of it (publish order: data, then metadata).
 */
public final class PartitionWriter {
  private final SparkSession spark;

  /** @param spark the session whose Hadoop configuration reaches the lake */
  public PartitionWriter(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Replaces the partition {@code date=<date>} of the table at {@code tableLocation}.
   *
   * @param rows rows to write; must contain the {@code date} column with the value {@code date}
   *     only, and already be arranged by {@link PartitionLayout#arrange}
   * @param tableLocation the table's root directory (fully qualified)
   * @param date the partition value ({@code yyyy-MM-dd})
   * @param expectedRows how many rows the caller counted; 0 empties the partition without a
   *     Spark job
   * @param rowGroupBytes Parquet row group size
   * @param dataColumns the table's data columns (without {@code date}) the files must hold
   * @return the files now in the partition, read back from their footers
   * @throws FeedlakeException exit 3 when the footers hold a different number of rows than
   *     expected; {@link IllegalStateException} when a file breaks the output contract (a bug)
   */
  public WrittenPartition overwrite(
      Dataset<Row> rows, String tableLocation, String date, long expectedRows, long rowGroupBytes,
      org.apache.spark.sql.types.StructType dataColumns) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path dir = new Path(tableLocation, PartitionLayout.PARTITION_COLUMN + "=" + date);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (expectedRows == 0) {
        // Dynamic overwrite of an empty Dataset would leave the old files in place.
        fs.delete(dir, true);
        fs.mkdirs(dir);
      } else {
        rows.write()
            .mode(SaveMode.Overwrite)
            .option("partitionOverwriteMode", "dynamic")
            .option("compression", "snappy")
            .option("parquet.block.size", String.valueOf(rowGroupBytes))
            .partitionBy(PartitionLayout.PARTITION_COLUMN)
            .parquet(tableLocation);
      }
      WrittenPartition written = readBack(fs, conf, dir, dataColumns);
      if (written.rows() != expectedRows) {
        throw FeedlakeException.dataContract(
            "Partition " + dir + " holds " + written.rows() + " rows in its Parquet footers, but "
                + expectedRows + " were counted for writing");
      }
      return written;
    } catch (IOException e) {
      throw new FeedlakeException(
          ExitCode.TRANSIENT, "Cannot write or verify partition " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one date into a new run directory {@code <table location>/date=<date>/run=<run id>/}
   * (publish mode {@code swap}) and verifies it like {@link #overwrite}. Nothing else on storage
   * changes, and nothing is registered: the caller points the partition at the returned location
   * once this returns.
   *
   * @param rows rows to write, with the {@code date} column (value {@code date} only), already
   *     arranged by {@link PartitionLayout#arrange}; the column is not stored in the files (it is
   *     the partition key)
   * @param runId the run id, unique per run
   * @return the files of the run directory, read back from their footers
   * @throws FeedlakeException exit 3 when the footers hold a different number of rows than
   *     expected, exit 5 on storage errors; {@link IllegalStateException} when the run directory
   *     already exists or a file breaks the output contract (bugs)
   */
  public WrittenPartition writeRun(
      Dataset<Row> rows, String tableLocation, String date, String runId, long expectedRows, long rowGroupBytes,
      org.apache.spark.sql.types.StructType dataColumns) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path dir = LakePaths.runDir(tableLocation, date, runId);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        throw new IllegalStateException("Run directory " + dir + " already exists: run id " + runId + " was used before");
      }
      if (expectedRows == 0) {
        fs.mkdirs(dir);
      } else {
        rows.drop(PartitionLayout.PARTITION_COLUMN)
            .write()
            .mode(SaveMode.ErrorIfExists)
            .option("compression", "snappy")
            .option("parquet.block.size", String.valueOf(rowGroupBytes))
            .parquet(dir.toString());
      }
      WrittenPartition written = readBack(fs, conf, dir, dataColumns);
      if (written.rows() != expectedRows) {
        throw FeedlakeException.dataContract(
            "Run directory " + dir + " holds " + written.rows() + " rows in its Parquet footers, but "
                + expectedRows + " were counted for writing; it is not published");
      }
      return written;
    } catch (IOException e) {
      throw new FeedlakeException(
          ExitCode.TRANSIENT, "Cannot write or verify run directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static WrittenPartition readBack(
      FileSystem fs, Configuration conf, Path dir, org.apache.spark.sql.types.StructType dataColumns)
      throws IOException {
    FileStatus[] statuses = fs.listStatus(dir, p -> p.getName().endsWith(".parquet"));
    Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
    List<WrittenFile> files = new ArrayList<>();
    for (FileStatus st : statuses) {
      ParquetContract.FooterCheck check = ParquetContract.check(conf, st.getPath(), dataColumns);
      if (!check.violations().isEmpty()) {
        throw new IllegalStateException(
            "feedlake wrote " + st.getPath() + " in breach of its output contract: "
                + check.violations());
      }
      files.add(new WrittenFile(st.getPath().toString(), st.getLen(), check.rows()));
    }
    return new WrittenPartition(fs.makeQualified(dir).toString(), files);
  }
}
