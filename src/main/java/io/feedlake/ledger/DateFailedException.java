package io.feedlake.ledger;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;

/**
 * A date that failed after it was counted (for example over the quarantine threshold): carries
 * the date's result with its counts, so the run summary shows what was read and set aside.
 */
public final class DateFailedException extends FeedlakeException {
  private static final long serialVersionUID = 1L;

  private final transient DateResult result;

  /**
   * @param code the exit code
   * @param result the date's result, status failed, with its counts
   */
  public DateFailedException(ExitCode code, DateResult result) {
    super(code, result.message());
    this.result = result;
  }

  /** The failed date's result. */
  public DateResult result() {
    return result;
  }
}
