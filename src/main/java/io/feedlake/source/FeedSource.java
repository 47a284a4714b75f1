package io.feedlake.source;

import io.feedlake.conform.Classified;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One kind of raw feed (kcat dumps, Adobe deliveries, ...) for one job. A source lists a date's
 * input on the driver, and builds a lazy plan that classifies every input unit (line or record)
 * into the columns of {@link Classified}: nothing is dropped inside a source, so every run can
 * reconcile its counts.
 */
public interface FeedSource {
  /**
   * Lists the input of a date. Runs on the driver.
   *
   * @throws io.feedlake.FeedlakeException exit 4 when the input is not there yet, exit 3 when a
   *     delivery is present but broken (e.g. a checksum mismatch)
   */
  List<InputFile> list(Configuration conf, LocalDate date);

  /** Dates for which input exists, sorted. Runs on the driver. */
  List<LocalDate> availableDates(Configuration conf);

  /** Where the input of a date is read from, for messages. */
  String describe(LocalDate date);

  /**
   * A lazy plan with one row per input unit: the {@link Classified} internal columns, the output
   * columns of {@link #outputColumns()} and {@code date}.
   *
   * @param files the files {@link #list} returned
   * @param date the date being ingested
   */
  Dataset<Row> classify(SparkSession spark, List<InputFile> files, LocalDate date);

  /**
   * Output columns in order (without {@code date}), as written to the beta table. Sources with a
   * declared schema know them up front; sources whose columns come with each delivery (Adobe's
   * column_headers.tsv) return an empty list until {@link #classify} has run for a date, and the
   * columns of that date's delivery afterwards.
   */
  List<String> outputColumns();

  /**
   * Checks source-specific totals after counting and before anything is written (for example an
   * Adobe manifest's record counts).
   *
   * @param recordsPerFile records (units not skipped) per input file path
   * @return notes for the run summary
   * @throws io.feedlake.FeedlakeException exit 3 when a total does not match
   */
  default List<String> verify(Map<String, Long> recordsPerFile) {
    return List.of();
  }
}
