package io.feedlake.report;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums the bytes tasks actually read from storage ({@code inputMetrics.bytesRead}) while a query
 * runs. Unlike the scan's {@code filesSize}, this reflects column pruning and Parquet row groups
 * skipped by min/max statistics. Register before the action, {@link #finish} after it. Runs on the
 * driver (listener bus thread).
 */
public final class InputBytesListener extends SparkListener {
  private final AtomicLong bytes = new AtomicLong();
  private final SparkContext sc;

  private InputBytesListener(SparkContext sc) {
    this.sc = sc;
  }

  /** Starts counting. */
  public static InputBytesListener start(SparkContext sc) {
    InputBytesListener l = new InputBytesListener(sc);
    sc.addSparkListener(l);
    return l;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null) {
      bytes.addAndGet(taskEnd.taskMetrics().inputMetrics().bytesRead());
    }
  }

  /**
   * Stops counting once the listener bus has delivered the query's events.
   *
   * @return bytes read from storage by the tasks that ran
   */
  public long finish() {
    try {
      sc.listenerBus().waitUntilEmpty(10_000L);
    } catch (TimeoutException e) {
      // The figure may then miss the last tasks; the report says "at least".
    } finally {
      sc.removeSparkListener(this);
    }
    return bytes.get();
  }
}
