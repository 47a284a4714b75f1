package io.feedlake;

/**
 * Process exit codes of every feedlake command, as documented in ARCHITECTURE.md, so that
 * spark-submit wrappers and Airflow tasks can decide whether to retry.
 */
public enum ExitCode {
  /** The command did what it was asked. */
  OK(0),
  /** An unexpected failure: a bug in feedlake or an environment problem it does not classify. */
  INTERNAL(1),
  /** Usage or configuration error: fix the command line or the config file; never retry as is. */
  USAGE(2),
  /** Data contract violated (checksum, reject ratio, schema change, reconciliation): fatal. */
  DATA_CONTRACT(3),
  /** Input not ready (for example no dump for the date yet): retryable later. */
  INPUT_NOT_READY(4),
  /** Transient infrastructure error (storage or catalog unavailable): retryable. */
  TRANSIENT(5),
  /**
   * A data-quality check named in the job's {@code checks.fail-on} failed ({@code feedlake check},
   * or {@code ingest} after it published the date: the data stays published). Needs a person;
   * never retry as is.
   */
  CHECK_FAILED(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The numeric process exit status. */
  public int code() {
    return code;
  }
}
