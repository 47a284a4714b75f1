package io.feedlake.ledger;

import java.util.List;

/**
 * The outcome of ingesting one date, as reported in the run summary and the run record.
 *
 * @param date the partition date (ISO {@code yyyy-MM-dd})
 * @param status {@code succeeded} or {@code failed}
 * @param exitCode process exit code this date alone would give
 * @param message failure message, or null
 * @param inputFiles input files read
 * @param inputBytes their size on storage, in bytes
 * @param counts where every line went; null when the run failed before counting
 * @param filesWritten Parquet files in the beta partition
 * @param bytesWritten their size in bytes
 * @param location the beta partition's location
 * @param seconds wall time of this date, in seconds
 * @param notes remarks for the operator (e.g. an empty partition)
 * @param metrics conform counters over written rows, e.g. {@code sanitized.caption} (characters
 *     replaced), {@code truncated.caption}, {@code cast_null.amount}; only non-zero ones
 */
public record DateResult(
    String date,
    String status,
    int exitCode,
    String message,
    int inputFiles,
    long inputBytes,
    RunCounts counts,
    int filesWritten,
    long bytesWritten,
    String location,
    double seconds,
    List<String> notes,
    java.util.Map<String, Long> metrics) {

  public DateResult {
    notes = List.copyOf(notes);
    metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
  }
}
