package io.feedlake.report;

import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings.PartitionFilterPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scan discipline of Spectrum and Athena teams made automatic: a query over a partitioned
 * table must have a predicate on its partition column, and its estimated scan must stay under a
 * limit (like Redshift WLM {@code spectrum_scan_size_mb} or an Athena workgroup cut-off).
 */
public final class Guardrails {
  private Guardrails() {}

  /** Overrides given on the command line. */
  public enum Override {
    /** {@code --allow-full-scan}: run even without a partition predicate. */
    ALLOW_FULL_SCAN,
    /** {@code --allow-large-scan}: run even over the scan limit. */
    ALLOW_LARGE_SCAN
  }

  /**
   * Checks an estimate.
   *
   * @param limitBytes the scan limit in bytes
   * @param limitSource where the limit comes from, for the message
   * @param warn receives warnings
   * @throws FeedlakeException exit 3 when a rule is broken and not overridden
   */
  public static void check(
      ScanEstimate estimate, long limitBytes, String limitSource, PartitionFilterPolicy policy,
      java.util.Set<Override> overrides, Consumer<String> warn) {
    List<String> unfiltered = new ArrayList<>();
    for (ScanEstimate.TableScan s : estimate.scans()) {
      if (s.partitioned() && s.partitionFilters().isEmpty()) {
        unfiltered.add(s.table() + " (" + s.partitions() + " partitions, " + String.format("%,d", s.bytes()) + " bytes)");
      }
    }
    if (!unfiltered.isEmpty() && policy != PartitionFilterPolicy.OFF) {
      String message = "The query reads " + String.join(", ", unfiltered)
          + " with no predicate on the partition column `date`: estimated scan "
          + String.format("%,d bytes, $%.6f", estimate.bytes(), ScanEstimate.costUsd(estimate.bytes()))
          + ". Add a `date` predicate";
      if (policy == PartitionFilterPolicy.REFUSE && !overrides.contains(Override.ALLOW_FULL_SCAN)) {
        throw FeedlakeException.dataContract("Refused: " + message + ", or pass --allow-full-scan.");
      }
      warn.accept("warning: " + message + ".");
    }
    if (estimate.bytes() > limitBytes && !overrides.contains(Override.ALLOW_LARGE_SCAN)) {
      throw FeedlakeException.dataContract(String.format(
          "Refused: the query would scan %,d bytes ($%.4f at $5/TB) over %d partition(s) and %d file(s), above the"
              + " limit of %,d bytes (%s). Narrow the date range, or pass --allow-large-scan.",
          estimate.bytes(), ScanEstimate.costUsd(estimate.bytes()), estimate.partitions(), estimate.files(),
          limitBytes, limitSource));
    }
  }
}
