package io.feedlake;

/**
 * A failure that feedlake understands and maps to a documented process exit code. The message is
 * written for the person running the job: what could not be done, why, and the offending value.
 */
public class FeedlakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  /**
   * @param exitCode the exit code the process ends with when this exception reaches the CLI
   * @param message what could not be done, why, and the value involved
   */
  public FeedlakeException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /**
   * @param exitCode the exit code the process ends with when this exception reaches the CLI
   * @param message what could not be done, why, and the value involved
   * @param cause the underlying error
   */
  public FeedlakeException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit code this failure maps to. */
  public ExitCode exitCode() {
    return exitCode;
  }

  /** A data contract violation (exit 3): the input or output broke a rule; not retryable. */
  public static FeedlakeException dataContract(String message) {
    return new FeedlakeException(ExitCode.DATA_CONTRACT, message);
  }

  /** Input not ready (exit 4): the delivery or dump is not there yet; retry later. */
  public static FeedlakeException inputNotReady(String message) {
    return new FeedlakeException(ExitCode.INPUT_NOT_READY, message);
  }

  /** A usage error (exit 2): the command line asks for something impossible. */
  public static FeedlakeException usage(String message) {
    return new FeedlakeException(ExitCode.USAGE, message);
  }
}
