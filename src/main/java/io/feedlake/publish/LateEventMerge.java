package io.feedlake.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.layout.PartitionLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Merges late events (rows whose event date is before the date being ingested) into their own
 * dates: for each such date, a new run holding the date's current rows plus the late rows not
 * already there is written, verified and swapped in like any run. Rows already published are
 * never dropped; a late row is dropped only when a row with the same dedupe key is already in the
 * date (or earlier among the late rows), so merging the same late events again publishes nothing
 * new. Runs on the driver; one Spark job per date to count and one to write.
 */
public final class LateEventMerge {
  private static final String LATE = "_late";
  private static final String RANK = "_late_rank";

  private final SparkSession spark;
  private final PartitionCatalog catalog;
  private final PartitionWriter writer;
  private final PartitionLayout layout;
  private final TableName table;
  private final String tableLocation;
  private final List<String> dedupeKey;

  /**
   * @param dedupeKey columns identifying an event; rows with a null key column fall back to
   *     (kafka_topic, kafka_partition, kafka_offset) when the table has them, else to the whole row
   */
  public LateEventMerge(SparkSession spark, PartitionCatalog catalog, PartitionWriter writer, PartitionLayout layout,
      TableName table, String tableLocation, List<String> dedupeKey) {
    this.spark = spark;
    this.catalog = catalog;
    this.writer = writer;
    this.layout = layout;
    this.table = table;
    this.tableLocation = tableLocation;
    this.dedupeKey = List.copyOf(dedupeKey);
  }

  /**
   * What happened to one date.
   *
   * @param date the event date
   * @param lateRows late rows for it in this run
   * @param added late rows that were new to the date (0: nothing was published)
   * @param written the new run, or null when nothing was new
   */
  public record Outcome(String date, long lateRows, long added, WrittenPartition written) {}

  /**
   * Merges the late rows.
   *
   * @param late late rows: the table's data columns plus {@code date} (the event date)
   * @param dataColumns the table's data columns
   * @param runId the run id of the new runs (one per date)
   * @param commit the commit protocol: each date is locked before its current rows are read, and
   *     published through it
   * @return one outcome per event date, oldest first
   * @throws io.feedlake.FeedlakeException exit 5 when a date is locked by another run
   */
  public List<Outcome> merge(Dataset<Row> late, StructType dataColumns, String runId, RunCommit commit) {
    List<Outcome> out = new ArrayList<>();
    List<String> dates = late.select(PartitionLayout.PARTITION_COLUMN).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
    for (String date : dates) {
      try (AutoCloseable lock = commit.lock(date)) {
        out.add(mergeDate(late, dataColumns, runId, commit, date));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Cannot release the lock of date=" + date + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private Outcome mergeDate(Dataset<Row> late, StructType dataColumns, String runId, RunCommit commit, String date) {
    // Read under the date's lock: no other run can swap the date between this read and the swap.
    SortedMap<String, String> registered = catalog.partitionLocations(table);
    Dataset<Row> lateRows = late.filter(col(PartitionLayout.PARTITION_COLUMN).equalTo(date)).withColumn(LATE, lit(true));
    Dataset<Row> union = lateRows;
    String current = registered.get(date);
    if (current != null) {
      Dataset<Row> existing = spark.read().schema(dataColumns).parquet(current)
          .withColumn(PartitionLayout.PARTITION_COLUMN, lit(date)).withColumn(LATE, lit(false));
      union = existing.unionByName(lateRows);
    }
    Dataset<Row> ranked = union.withColumn(RANK, row_number().over(Window.partitionBy(key(dataColumns))
        .orderBy(orderBy(dataColumns)))).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> kept = ranked.filter(col(LATE).equalTo(false).or(col(RANK).equalTo(1)));
      long lateCount = ranked.filter(col(LATE)).count();
      long added = kept.filter(col(LATE)).count();
      if (added == 0) {
        return new Outcome(date, lateCount, 0, null);
      }
      long rows = kept.count();
      Dataset<Row> rowsToWrite = kept.drop(LATE, RANK);
      WrittenPartition written = writer.writeRun(layout.arrange(rowsToWrite, 1), tableLocation, date, runId, rows,
          layout.rowGroupBytes(), dataColumns);
      commit.publish(date, written, added, () -> catalog.registerPartition(table, date, written.location()));
      return new Outcome(date, lateCount, added, written);
    } finally {
      ranked.unpersist();
    }
  }

  private Column key(StructType dataColumns) {
    List<String> cols = Arrays.asList(dataColumns.fieldNames());
    List<String> keys = dedupeKey.stream().filter(cols::contains).toList();
    List<String> fallback = List.of("kafka_topic", "kafka_partition", "kafka_offset");
    Column fallbackKey = cols.containsAll(fallback)
        ? concat_ws("\u0001", fallback.stream().map(c -> col(c).cast("string")).toArray(Column[]::new))
        : org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
            cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)));
    if (keys.isEmpty()) {
      return fallbackKey;
    }
    Column allPresent = keys.stream().map(c -> col(c).isNotNull()).reduce(Column::and).orElseThrow();
    return when(allPresent, concat_ws("\u0001", keys.stream().map(c -> col(c).cast("string")).toArray(Column[]::new)))
        .otherwise(fallbackKey);
  }

  private static Column[] orderBy(StructType dataColumns) {
    List<Column> order = new ArrayList<>();
    // Published rows first: a late row never replaces one.
    order.add(col(LATE).asc());
    if (Arrays.asList(dataColumns.fieldNames()).contains("kafka_offset")) {
      order.add(col("kafka_offset").asc());
    }
    return order.toArray(Column[]::new);
  }
}
