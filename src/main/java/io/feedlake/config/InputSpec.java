package io.feedlake.config;

/**
 * How far a job trusts its input: the largest record and the largest decompression ratio read
 * before a record is quarantined or the date fails, and what kcat's own error lines do. Validated
 * from {@code source.max-record-bytes}, {@code source.max-expansion} and {@code
 * source.on-kcat-error} (see reference.conf).
 *
 * @param maxRecordBytes the longest record in bytes (a line, or an Adobe record with its escaped
 *     newlines); a longer one is quarantined as {@code record_too_large} without being held whole
 * @param maxExpansion the most decompressed bytes per compressed byte of one file; beyond it the
 *     date fails with exit 3 naming the file
 * @param onKcatError what a {@code % ERROR:} line (or a librdkafka log line of level 3 or lower)
 *     in a kcat dump does
 */
public record InputSpec(long maxRecordBytes, long maxExpansion, OnKcatError onKcatError) {
  /** The defaults of reference.conf: 16 MiB records, 1000× expansion, fail. */
  public static final InputSpec DEFAULTS =
      new InputSpec(16L * 1024 * 1024, 1000, OnKcatError.FAIL);

  /** What a kcat error line in a dump does. */
  public enum OnKcatError {
    /** The date fails with exit 3 naming the file, line and kcat's text (the default). */
    FAIL,
    /** The line is counted as skipped ({@code kcat_error}) and its text is added to the run notes. */
    WARN
  }
}
