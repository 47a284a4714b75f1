package io.feedlake.source;

import io.feedlake.conform.UnitShape;
import io.feedlake.conform.Units;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * One kind of raw feed (kcat dumps, Adobe deliveries, ...) for one job. A source lists a date's
 * input on the driver and reads it into units: one row per record, or per reject with the
 * reader's reason (file, line or record index, reason, message). That is all a source does.
 * What happens to each record (event time, partition date, late and early events, dedupe, the
 * quarantine reasons, counting) is decided afterwards by conform's {@link
 * io.feedlake.conform.Classifier}, the same for every source. Nothing is dropped inside a source,
 * so every run can reconcile its counts.
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
   * Reads a date's input: a lazy plan with one row per input unit, and the shape of those rows
   * ({@link UnitShape}).
   *
   * @param files the files {@link #list} returned
   * @param date the date being ingested
   * @throws io.feedlake.FeedlakeException exit 3 when the input cannot be read as one table (e.g.
   *     a delivery whose column headers are unusable), exit 5 when it cannot be reached
   */
  Units read(SparkSession spark, List<InputFile> files, LocalDate date);

  /**
   * The shape of this source's units when it is known before any input is read (sources with a
   * declared schema), so that the conform settings are checked at start-up; null for sources
   * whose columns come with each delivery (Adobe's column_headers.tsv), whose shape comes with
   * {@link #read}.
   */
  UnitShape shape();

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
