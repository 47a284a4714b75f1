package io.feedlake.ingest;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.ledger.DateFailedException;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.DateStates.DateState;
import io.feedlake.ledger.DateStates.State;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code feedlake backfill}'s plan and schedule, without Spark: which dates of a range to run
 * (from their {@link DateState}s), running them on a pool of threads, and the exit code of the
 * whole. A date is run by a {@link DateRun} (the command's, which calls {@link IngestRunner}).
 * Resuming after a kill needs nothing here: published dates are not chosen again.
 */
public final class Backfill {
  /** The {@code --only} default. */
  public static final String DEFAULT_ONLY = "missing,failed,changed";

  private Backfill() {}

  /**
   * A date to run.
   *
   * @param date {@code yyyy-MM-dd}
   * @param reason its state (why it is run)
   * @param inputFiles input files listed
   * @param inputBytes their size in bytes
   */
  public record Step(String date, String reason, int inputFiles, long inputBytes) {}

  /**
   * A date of the range not run, with why.
   *
   * @param date {@code yyyy-MM-dd}
   * @param state its state
   * @param why e.g. {@code published} or the not-ready reason
   */
  public record Skip(String date, String state, String why) {}

  /** The dates to run, in date order, and the others. */
  public record Plan(List<Step> steps, List<Skip> skipped) {
    /** Bytes of input the steps read. */
    public long inputBytes() {
      return steps.stream().mapToLong(Step::inputBytes).sum();
    }
  }

  /**
   * The states an {@code --only} value selects: a comma-separated list of {@code missing}, {@code
   * failed}, {@code changed}, or {@code all} (every date whose input is ready, published ones
   * included; not-ready and hidden dates are never run: a hidden date's run would expose it again).
   *
   * @throws FeedlakeException exit 2 naming the unknown value
   */
  public static Set<State> only(String value) {
    Set<State> out = EnumSet.noneOf(State.class);
    for (String part : value.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      switch (p) {
        case "missing" -> out.add(State.MISSING);
        case "failed" -> out.add(State.FAILED);
        case "changed" -> out.add(State.CHANGED);
        case "all" -> out.addAll(EnumSet.of(State.MISSING, State.FAILED, State.CHANGED, State.PUBLISHED));
        default -> throw FeedlakeException.usage("--only: '" + part.strip() + "' is not one of missing, failed,"
            + " changed, all (comma-separated; got '" + value + "')");
      }
    }
    return out;
  }

  /**
   * Chooses the dates to run. A failed date whose input is not ready now is skipped (its run would
   * exit 4).
   *
   * @param states the range's dates in order
   * @param only the states to run ({@link #only})
   */
  public static Plan plan(List<DateState> states, Set<State> only) {
    List<Step> steps = new ArrayList<>();
    List<Skip> skipped = new ArrayList<>();
    for (DateState s : states) {
      boolean ready = s.state() != State.NOT_READY && s.state() != State.HIDDEN
          && !(s.state() == State.FAILED && s.inputFiles() == 0);
      if (ready && only.contains(s.state())) {
        steps.add(new Step(s.date(), s.state().label(), s.inputFiles(), s.inputBytes()));
      } else {
        String why = !ready && s.detail() != null && !s.detail().isEmpty() ? s.detail()
            : s.state().label() + (only.contains(s.state()) ? "" : " (not selected by --only)");
        skipped.add(new Skip(s.date(), s.state().label(), why));
      }
    }
    return new Plan(steps, skipped);
  }

  /** Runs one date. */
  @FunctionalInterface
  public interface DateRun {
    /**
     * @return the date's result (status succeeded)
     * @throws FeedlakeException with the date's exit code when it fails
     */
    DateResult run(LocalDate date);
  }

  /**
   * What became of a planned date.
   *
   * @param step the planned date
   * @param result its result when it ran and produced one (succeeded, or failed after counting)
   * @param exitCode 0, or the code of its failure; -1 when it was not started
   * @param message the failure, or why it was not started; null when it succeeded
   */
  public record Outcome(Step step, DateResult result, int exitCode, String message) {
    /** Whether the date was started. */
    public boolean started() {
      return exitCode >= 0;
    }
  }

  /**
   * Runs the steps, up to {@code parallelism} at once, in date order of start. A failure stops
   * the start of further dates unless {@code continueOnError} (dates already running finish).
   * Runs on the driver; {@code onDone} is called from the worker threads as each date ends.
   *
   * @return one outcome per step, in the steps' order
   */
  public static List<Outcome> run(List<Step> steps, int parallelism, boolean continueOnError, DateRun run,
      Consumer<Outcome> onDone) {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
      Thread t = new Thread(r, "feedlake-backfill");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Step step : steps) {
        futures.add(pool.submit(() -> {
          if (stop.get()) {
            return new Outcome(step, null, -1, "not started: an earlier date failed (use --continue-on-error)");
          }
          Outcome o = attempt(step, run);
          if (o.exitCode() != 0 && !continueOnError) {
            stop.set(true);
          }
          onDone.accept(o);
          return o;
        }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        try {
          out.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FeedlakeException(ExitCode.TRANSIENT, "Interrupted while waiting for the backfill's dates", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("A backfill worker failed outside its date", e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome attempt(Step step, DateRun run) {
    try {
      return new Outcome(step, run.run(LocalDate.parse(step.date())), 0, null);
    } catch (DateFailedException e) {
      return new Outcome(step, e.result(), e.exitCode().code(), e.getMessage());
    } catch (FeedlakeException e) {
      return new Outcome(step, null, e.exitCode().code(), e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(step, null, ExitCode.INTERNAL.code(), e.toString());
    }
  }

  /**
   * The worse of two exit codes: 3 (data contract) over 5 (transient) over 4 (not ready) over 0,
   * and any other code (2 usage, 1 internal) over all of them, the higher first. A data contract
   * failure needs a person; a transient one may pass on retry, a not-ready date later.
   */
  public static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case 0, -1 -> 0;
      case 4 -> 1;
      case 5 -> 2;
      case 3 -> 3;
      default -> 10 + code;
    };
  }
}
