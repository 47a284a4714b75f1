package io.feedlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reconciliation of the per-run line and record counts. */
class RunCountsTest {

  private static final String WHAT = "beta.vsco_events date=2024-03-01";

  /** 100 lines: 2 skipped, 98 records = 90 written + 3 duplicates + 4 quarantined + 1 filtered. */
  private static RunCounts counts(long written, Map<String, Long> quarantinedByReason) {
    return new RunCounts(
        100, 2, written, 3, 4, 1, 5,
        Map.of("stderr", 1L, "blank", 1L),
        quarantinedByReason,
        Map.of("tombstone", 1L));
  }

  private static final Map<String, Long> QUARANTINED = Map.of("bad_json", 3L, "no_event_time", 1L);

  @Test
  void consistentFiguresReconcile() {
    RunCounts c = counts(90, QUARANTINED);

    assertThat(c.recordsRead()).isEqualTo(98);
    assertThat(c.reconciles()).isTrue();
    assertThatCode(() -> c.requireReconciled(WHAT)).doesNotThrowAnyException();
  }

  @Test
  void emptyRunReconciles() {
    RunCounts c = new RunCounts(0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of());

    assertThat(c.reconciles()).isTrue();
  }

  @Test
  void writtenOffByOneDoesNotReconcile() {
    RunCounts c = counts(91, QUARANTINED);

    assertThat(c.reconciles()).isFalse();
  }

  @Test
  void requireReconciledFailsWithDataContractAndEveryFigure() {
    RunCounts c = counts(91, QUARANTINED);

    FeedlakeException e = catchThrowableOfType(() -> c.requireReconciled(WHAT), FeedlakeException.class);

    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage())
        .isEqualTo(
            "Counts do not reconcile for beta.vsco_events date=2024-03-01: records read 98 != written 91"
                + " + duplicates 3 + quarantined 4 + filtered 1 (lines 100, skipped 2, by reason:"
                + " quarantined {bad_json=3, no_event_time=1}, filtered {tombstone=1}, skipped {blank=1, stderr=1})");
  }

  @Test
  void quarantineReasonsNotSummingToTotalDoNotReconcile() {
    RunCounts c = counts(90, Map.of("bad_json", 3L, "no_event_time", 2L));

    assertThat(c.reconciles()).isFalse();
    FeedlakeException e = catchThrowableOfType(() -> c.requireReconciled(WHAT), FeedlakeException.class);
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).contains("quarantined 4", "quarantined {bad_json=3, no_event_time=2}");
  }

  @Test
  void filterReasonsNotSummingToTotalDoNotReconcile() {
    RunCounts c =
        new RunCounts(100, 2, 90, 3, 4, 1, 0, Map.of("stderr", 2L), QUARANTINED, Map.of("tombstone", 0L));

    assertThat(c.reconciles()).isFalse();
  }

  @Test
  void skipReasonsNotSummingToTotalDoNotReconcile() {
    RunCounts c =
        new RunCounts(100, 2, 90, 3, 4, 1, 0, Map.of("stderr", 1L), QUARANTINED, Map.of("tombstone", 1L));

    assertThat(c.reconciles()).isFalse();
    assertThat(catchThrowableOfType(() -> c.requireReconciled(WHAT), FeedlakeException.class))
        .isNotNull()
        .extracting(FeedlakeException::exitCode)
        .isEqualTo(ExitCode.DATA_CONTRACT);
  }

  @Test
  void invalidUtf8LinesDoNotAffectReconciliation() {
    RunCounts c =
        new RunCounts(100, 2, 90, 3, 4, 1, 100, Map.of("stderr", 2L), QUARANTINED, Map.of("tombstone", 1L));

    assertThat(c.reconciles()).isTrue();
  }

  @Test
  void reasonMapsAreCopied() {
    java.util.HashMap<String, Long> reasons = new java.util.HashMap<>(QUARANTINED);
    RunCounts c = counts(90, reasons);
    reasons.put("late", 10L);

    assertThat(c.quarantinedByReason()).isEqualTo(QUARANTINED);
    assertThat(c.reconciles()).isTrue();
  }
}
