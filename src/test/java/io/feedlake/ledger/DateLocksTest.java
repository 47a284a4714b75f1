package io.feedlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The (table, date) lease lock on a local lake: exclusion, release, takeover of an expired lease, fencing. */
class DateLocksTest {
  private static final String TABLE = "beta.t";
  private static final String DATE = "2024-03-01";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  @TempDir Path lake;
  private final Configuration conf = new Configuration();
  private final MovableClock clock = new MovableClock(T0);

  private DateLocks locks(String host) {
    return new DateLocks(conf, lake.toString(), Duration.ofHours(2), clock, host);
  }

  @Test
  void aSecondWriterIsRefusedWithExit5NamingTheHolderAndItsLease() {
    DateLocks.Lease first = locks("h1").acquire(TABLE, DATE, "R1");

    assertThatThrownBy(() -> locks("h2").acquire(TABLE, DATE, "R2"))
        .isInstanceOf(FeedlakeException.class)
        .satisfies(e -> assertThat(((FeedlakeException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT))
        .hasMessage("table beta.t date 2024-03-01 is being written by run R1 since 2024-03-01T10:00:00Z"
            + " (lease until 2024-03-01T12:00:00Z, host h1); retry when that run has ended (an expired lease is"
            + " taken over)");
    first.check();
    assertThat(first.takeover()).isEmpty();
  }

  @Test
  void releasingLetsTheNextWriterInAndOtherDatesAreIndependent() throws Exception {
    DateLocks.Lease first = locks("h1").acquire(TABLE, DATE, "R1");
    DateLocks.Lease otherDate = locks("h1").acquire(TABLE, "2024-03-02", "R9");
    first.close();

    DateLocks.Lease second = locks("h2").acquire(TABLE, DATE, "R2");

    second.check();
    assertThat(locks("h3").liveLeases(TABLE)).containsOnlyKeys(DATE, "2024-03-02");
    assertThat(locks("h3").liveLeases(TABLE).get(DATE).runId()).isEqualTo("R2");
    second.close();
    otherDate.close();
    assertThat(locks("h1").files(TABLE)).isEmpty();
  }

  @Test
  void anExpiredLeaseIsTakenOverSaidSoAndTheOldHolderIsFencedOff() throws Exception {
    DateLocks.Lease stale = locks("h1").acquire(TABLE, DATE, "R1");
    clock.set(T0.plus(Duration.ofHours(3)));

    DateLocks.Lease taker = locks("h2").acquire(TABLE, DATE, "R2");

    assertThat(taker.takeover()).contains("took over the expired lock of run R1 (held since 2024-03-01T10:00:00Z,"
        + " lease until 2024-03-01T12:00:00Z, host h1)");
    taker.check();
    assertThatThrownBy(stale::check)
        .satisfies(e -> assertThat(((FeedlakeException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT))
        .hasMessageStartingWith("Cannot publish table beta.t date 2024-03-01: run R1 no longer holds the lock on it"
            + " (table beta.t date 2024-03-01 is being written by run R2 since 2024-03-01T13:00:00Z")
        .hasMessageEndingWith("nothing was published by this run");
    stale.close();
    assertThat(locks("h1").files(TABLE)).containsExactly("date=2024-03-01.lease.1");
    assertThat(locks("h3").liveLeases(TABLE).get(DATE).runId()).isEqualTo("R2");
  }

  // Repeated: before the give-way check, 5 of 150 repetitions had two takers win (a listing that
  // raced with a takeover saw no lease and re-created generation 0) and 7 more failed reading a
  // lease file deleted under them; 0 of 400 do now.
  @RepeatedTest(25)
  void ofManyWritersStartingTogetherExactlyOneGetsTheLockAndOfManyTakersExactlyOneTakesItOver() throws Exception {
    assertThat(race(8, "fresh")).hasSize(1);
    clock.set(T0.plus(Duration.ofHours(5)));
    assertThat(race(8, "takeover")).hasSize(1);
  }

  @Test
  void aRunWaitsForAHolderItAcceptsAndFailsAtOnceOnAnyOther() throws Exception {
    DateLocks.Lease sibling = locks("h").acquire(TABLE, DATE, "cmd-20240301");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<DateLocks.Lease> waiting = pool.submit(() -> locks("h").acquireAfter(TABLE, DATE, "cmd-20240302",
          holder -> holder.startsWith("cmd-"), Duration.ofMillis(50)));
      Thread.sleep(300);
      assertThat(waiting).as("still waiting while the sibling holds the date").isNotDone();
      assertThatThrownBy(() -> locks("h").acquireAfter(TABLE, DATE, "other-20240302",
          holder -> holder.startsWith("other-"), Duration.ofMillis(50)))
          .isInstanceOf(FeedlakeException.class)
          .hasMessageStartingWith("table beta.t date 2024-03-01 is being written by run cmd-20240301");

      sibling.close();

      DateLocks.Lease mine = waiting.get(30, TimeUnit.SECONDS);
      mine.check();
      assertThat(locks("h").liveLeases(TABLE).get(DATE).runId()).isEqualTo("cmd-20240302");
      mine.close();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code n} threads acquiring the same date at once; returns the run ids that got it. */
  private List<String> race(int n, String tag) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String run = tag + "-" + i;
        results.add(pool.submit(() -> {
          start.await();
          try {
            locks("h").acquire(TABLE, DATE, run);
            return run;
          } catch (FeedlakeException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.TRANSIENT);
            assertThat(e.getMessage()).contains("is being written by run " + tag + "-");
            return null;
          }
        }));
      }
      List<String> winners = new ArrayList<>();
      for (Future<String> f : results) {
        if (f.get() != null) {
          winners.add(f.get());
        }
      }
      return winners;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
