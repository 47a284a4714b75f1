package io.feedlake.ledger;

import io.feedlake.FeedlakeException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every input line of one (table, date) run went. Lines that are not records (kcat stderr
 * lines, blank lines) are {@code skipped}; every record is either written, a duplicate,
 * quarantined or filtered, so {@code recordsRead = written + duplicates + quarantined + filtered}
 * and {@code linesRead = recordsRead + skipped}.
 *
 * @param linesRead physical lines read from the input files
 * @param skipped lines that are not records
 * @param written rows written to the beta partition
 * @param duplicates records removed as duplicates of a kept record
 * @param quarantined records set aside in the quarantine table
 * @param filtered records removed on purpose by a rule (for Kafka: tombstones)
 * @param invalidUtf8Lines lines whose bytes were not valid UTF-8 (invalid sequences replaced by
 *     U+FFFD; the records still count in the figures above)
 * @param skippedByReason {@code skipped} broken down by reason
 * @param quarantinedByReason {@code quarantined} broken down by reason code
 * @param filteredByReason {@code filtered} broken down by reason
 * @param latin1Fields fields that were not valid UTF-8 and were decoded as ISO-8859-1 instead
 *     (Adobe data feeds; their records still count in the figures above)
 */
public record RunCounts(
    long linesRead,
    long skipped,
    long written,
    long duplicates,
    long quarantined,
    long filtered,
    long invalidUtf8Lines,
    Map<String, Long> skippedByReason,
    Map<String, Long> quarantinedByReason,
    Map<String, Long> filteredByReason,
    long latin1Fields) {

  public RunCounts {
    skippedByReason = Map.copyOf(skippedByReason);
    quarantinedByReason = Map.copyOf(quarantinedByReason);
    filteredByReason = Map.copyOf(filteredByReason);
  }

  /** Counts of a source that decodes no field as ISO-8859-1 ({@code latin1Fields} = 0). */
  public RunCounts(
      long linesRead,
      long skipped,
      long written,
      long duplicates,
      long quarantined,
      long filtered,
      long invalidUtf8Lines,
      Map<String, Long> skippedByReason,
      Map<String, Long> quarantinedByReason,
      Map<String, Long> filteredByReason) {
    this(linesRead, skipped, written, duplicates, quarantined, filtered, invalidUtf8Lines,
        skippedByReason, quarantinedByReason, filteredByReason, 0);
  }

  /** Records read: lines that are not skipped. */
  public long recordsRead() {
    return linesRead - skipped;
  }

  /** Whether {@code recordsRead = written + duplicates + quarantined + filtered}. */
  public boolean reconciles() {
    return recordsRead() == written + duplicates + quarantined + filtered
        && skipped == sum(skippedByReason)
        && quarantined == sum(quarantinedByReason)
        && filtered == sum(filteredByReason);
  }

  /**
   * Fails the run when the figures do not add up.
   *
   * @param what the run, e.g. {@code beta.vsco_events date=2024-03-01}
   * @throws FeedlakeException exit 3 with every figure
   */
  public void requireReconciled(String what) {
    if (!reconciles()) {
      throw FeedlakeException.dataContract(
          "Counts do not reconcile for " + what + ": records read " + recordsRead()
              + " != written " + written + " + duplicates " + duplicates + " + quarantined "
              + quarantined + " + filtered " + filtered + " (lines " + linesRead + ", skipped "
              + skipped + ", by reason: quarantined " + new TreeMap<>(quarantinedByReason)
              + ", filtered " + new TreeMap<>(filteredByReason) + ", skipped "
              + new TreeMap<>(skippedByReason) + ")");
    }
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }
}
