package io.feedlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.ingest.Backfill.Outcome;
import io.feedlake.ingest.Backfill.Plan;
import io.feedlake.ingest.Backfill.Step;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.DateStates.DateState;
import io.feedlake.ledger.DateStates.State;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Backfill}: the choice of dates, the exit code order, and the schedule on threads. */
class BackfillTest {
  private static DateState state(String date, State s, int files, String detail) {
    return new DateState(date, s, null, null, null, null, null, null, files, files * 100L, detail);
  }

  private static final List<DateState> RANGE = List.of(
      state("2024-03-01", State.PUBLISHED, 2, ""),
      state("2024-03-02", State.FAILED, 1, ""),
      state("2024-03-03", State.CHANGED, 3, "input changed"),
      state("2024-03-04", State.MISSING, 2, "no run; input ready"),
      state("2024-03-05", State.NOT_READY, 0, "No dump on 2024-03-05"),
      state("2024-03-06", State.HIDDEN, 0, "older than the exposure start"),
      state("2024-03-07", State.FAILED, 0, "input not ready: gone"));

  private static List<String> dates(Plan p) {
    return p.steps().stream().map(s -> s.date() + " " + s.reason()).toList();
  }

  @Test
  void theDefaultRunsMissingFailedAndChangedDatesWithReadyInput() {
    Plan p = Backfill.plan(RANGE, Backfill.only(Backfill.DEFAULT_ONLY));
    assertThat(dates(p)).containsExactly("2024-03-02 failed", "2024-03-03 changed", "2024-03-04 missing");
    assertThat(p.inputBytes()).isEqualTo(600);
    assertThat(p.skipped()).extracting(s -> s.date() + " " + s.why()).containsExactly(
        "2024-03-01 published (not selected by --only)", "2024-03-05 No dump on 2024-03-05",
        "2024-03-06 older than the exposure start", "2024-03-07 input not ready: gone");
  }

  @Test
  void allReRunsPublishedDatesButNeverNotReadyOrHiddenOnes() {
    Plan p = Backfill.plan(RANGE, Backfill.only("all"));
    assertThat(dates(p)).containsExactly("2024-03-01 published", "2024-03-02 failed", "2024-03-03 changed",
        "2024-03-04 missing");
    assertThat(dates(Backfill.plan(RANGE, Backfill.only("changed")))).containsExactly("2024-03-03 changed");
  }

  @Test
  void anUnknownOnlyValueIsAUsageError() {
    assertThat(Backfill.only(" Missing , failed")).isEqualTo(EnumSet.of(State.MISSING, State.FAILED));
    assertThatThrownBy(() -> Backfill.only("missing,gone")).isInstanceOf(FeedlakeException.class)
        .hasMessage("--only: 'gone' is not one of missing, failed, changed, all (comma-separated; got 'missing,gone')")
        .extracting(e -> ((FeedlakeException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void exitCodesOrderThreeOverFiveOverFourOverZeroAndOthersOverAll() {
    assertThat(List.of(0, 4, 5, 3).stream().reduce(0, Backfill::worse)).isEqualTo(3);
    assertThat(List.of(4, 0, 5).stream().reduce(0, Backfill::worse)).isEqualTo(5);
    assertThat(List.of(0, 4, 0).stream().reduce(0, Backfill::worse)).isEqualTo(4);
    assertThat(List.of(3, 2, 5).stream().reduce(0, Backfill::worse)).isEqualTo(2);
    assertThat(List.of(3, 1).stream().reduce(0, Backfill::worse)).isEqualTo(1);
    assertThat(Backfill.worse(0, -1)).isEqualTo(0);
  }

  private static List<Step> steps(int n) {
    List<Step> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new Step(String.format("2024-03-%02d", i), "missing", 1, 10));
    }
    return out;
  }

  private static DateResult ok(java.time.LocalDate d) {
    return new DateResult(d.toString(), "succeeded", 0, null, 1, 10, null, 1, 1, "x", 0, List.of(), Map.of());
  }

  @Test
  void upToNDatesRunAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoIn = new CountDownLatch(2);
    List<Outcome> out = Backfill.run(steps(6), 2, false, d -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      twoIn.countDown();
      try {
        // Every date waits until two have started: with one thread this would never end.
        assertThat(twoIn.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      running.decrementAndGet();
      return ok(d);
    }, o -> { });
    assertThat(out).extracting(o -> o.step().date() + " " + o.exitCode()).containsExactly("2024-03-01 0",
        "2024-03-02 0", "2024-03-03 0", "2024-03-04 0", "2024-03-05 0", "2024-03-06 0");
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void aFailureStopsTheStartOfLaterDatesUnlessContinueOnError() {
    Backfill.DateRun failsOnTheSecond = d -> {
      if (d.getDayOfMonth() == 2) {
        throw FeedlakeException.dataContract("counts do not reconcile\nsecond line");
      }
      return ok(d);
    };
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    List<Outcome> stopped = Backfill.run(steps(4), 1, false, failsOnTheSecond, o -> done.add(o.step().date()));
    assertThat(stopped).extracting(Outcome::exitCode).containsExactly(0, 3, -1, -1);
    assertThat(stopped.get(1).message()).isEqualTo("counts do not reconcile\nsecond line");
    assertThat(stopped.get(2).message()).startsWith("not started: an earlier date failed");
    assertThat(done).containsExactly("2024-03-01", "2024-03-02");

    List<Outcome> all = Backfill.run(steps(4), 1, true, failsOnTheSecond, o -> { });
    assertThat(all).extracting(Outcome::exitCode).containsExactly(0, 3, 0, 0);
  }

  @Test
  void dateRunsOfOneCommandAreSiblingsAndNoOtherRunIs() {
    String command = "20240601T000000Z-ab12cd";
    String a = IngestRunner.dateRunId(command, LocalDate.parse("2024-06-01"), 3);
    String b = IngestRunner.dateRunId(command, LocalDate.parse("2024-06-02"), 3);

    assertThat(IngestRunner.sameCommand(a, b)).isTrue();
    assertThat(IngestRunner.sameCommand(a, command)).as("a single-date ingest").isFalse();
    assertThat(
        IngestRunner.sameCommand(a, IngestRunner.dateRunId("20240601T000001Z-ff00ee", LocalDate.parse("2024-06-02"), 2)))
        .as("another command's date").isFalse();
  }
}
