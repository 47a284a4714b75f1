package io.feedlake.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * A classified plan computed once and kept as rows for the passes that follow (the tally, the
 * beta write, the quarantine write, the late-event merge).
 *
 * <p>Uses {@link Dataset#localCheckpoint(boolean)} (eager): the plan runs in one Spark job and
 * its rows are kept in the block manager as they are ({@code UnsafeRow} copies, storage level
 * {@code MEMORY_AND_DISK}: spilled to local disk when storage memory is full, never recomputed).
 * The alternative, {@code persist()}, builds Spark's compressed columnar cache: for wide rows
 * (Adobe delivers about 270 string columns) gathering compression statistics and encoding each
 * column on the way in, and extracting every column on the way out, was 13% of the CPU samples of
 * an 8 MB Adobe ingest (docs/performance.md, "Stage profile"); every later pass reads all columns
 * anyway, so the columnar form buys nothing here. The checkpoint also cuts the lineage, so the
 * source's read (and its accumulators, such as the Adobe file digests) runs exactly once.
 */
final class Materialized implements AutoCloseable {
  private final Dataset<Row> rows;

  private Materialized(Dataset<Row> rows) {
    this.rows = rows;
  }

  /**
   * Runs {@code plan} now (one Spark job) and keeps its rows.
   *
   * @throws org.apache.spark.SparkException (unchecked, wrapped by Spark) whatever the plan throws
   *     while reading the input, e.g. a storage error
   */
  static Materialized of(Dataset<Row> plan) {
    return new Materialized(plan.localCheckpoint(true));
  }

  /** The kept rows: the same schema as the plan, read from the block manager. */
  Dataset<Row> rows() {
    return rows;
  }

  /** Drops the kept blocks (memory and local disk); the rows cannot be read after this. */
  @Override
  public void close() {
    LogicalPlan plan = rows.logicalPlan();
    if (plan instanceof LogicalRDD rdd) {
      rdd.rdd().unpersist(false);
    }
  }
}
