package io.feedlake.ingest;

import static org.apache.spark.sql.functions.col;

import io.feedlake.FeedlakeException;
import io.feedlake.config.InputSpec;
import io.feedlake.conform.Classified;
import io.feedlake.ledger.RunCounts;
import io.feedlake.source.ReadTally;
import io.feedlake.source.kafka.KcatJsonSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides, after a date's input has been counted and before anything is written, what the input's
 * own error reports do: kcat error lines fail the date (exit 3) or are noted, per {@code
 * source.on-kcat-error}. Runs on the driver; reads at most {@link #SHOWN} rows of the cached
 * classification (one small Spark job, only when there is something to report).
 */
final class InputChecks {
  /** How many error texts a message or note quotes. */
  static final int SHOWN = 3;

  private InputChecks() {}

  /**
   * Compares the lines each reader counted as it read ({@link ReadTally}) with the units the
   * classification accounted for, file by file. Files the tally has no entry for (sources that do
   * not read through {@code LineFiles}: Adobe, Connect Avro) are not compared; Adobe's record
   * counts are checked against its manifest instead.
   *
   * @param read what the readers counted, per file
   * @param classifiedPerFile the classified units of each file (every disposition)
   * @param what the run, for messages
   * @return notes (files that started with a byte order mark)
   * @throws FeedlakeException exit 3 with both figures when a file's counts differ
   */
  static List<String> reconcileReads(Map<String, ReadTally.FileRead> read, Map<String, Long> classifiedPerFile,
      String what) {
    List<String> mismatches = new ArrayList<>();
    List<String> boms = new ArrayList<>();
    for (ReadTally.FileRead f : new TreeMap<>(read).values()) {
      long classified = classifiedPerFile.getOrDefault(f.path(), 0L);
      if (classified != f.lines()) {
        mismatches.add(f.path() + ": the reader counted " + f.lines() + " line(s), the outcomes account for " + classified);
      }
      if (f.byteOrderMark()) {
        boms.add(f.path());
      }
    }
    for (Map.Entry<String, Long> e : classifiedPerFile.entrySet()) {
      if (!read.isEmpty() && !read.containsKey(e.getKey())) {
        mismatches.add(e.getKey() + ": the outcomes account for " + e.getValue() + " line(s), the reader counted none");
      }
    }
    if (!mismatches.isEmpty()) {
      throw FeedlakeException.dataContract("Counts do not reconcile for " + what + " (independent read count): "
          + String.join("; ", mismatches));
    }
    if (boms.isEmpty()) {
      return List.of();
    }
    return List.of(boms.size() + " file(s) started with a UTF-8 byte order mark, removed before the first line: "
        + String.join(", ", boms.subList(0, Math.min(SHOWN, boms.size()))) + (boms.size() > SHOWN ? ", ..." : ""));
  }

  /**
   * @param classified the date's cached classification ({@link Classified} columns)
   * @param counts its counts
   * @param input the job's input settings
   * @param what the run, e.g. {@code beta.vsco_events date=2024-03-03}
   * @return notes for the run summary (empty when kcat reported no error)
   * @throws FeedlakeException exit 3 naming the file, line and text of the first kcat errors when
   *     there is one and {@code source.on-kcat-error = fail}
   */
  static List<String> check(Dataset<Row> classified, RunCounts counts, InputSpec input, String what) {
    long errors = counts.skippedByReason().getOrDefault(KcatJsonSource.KCAT_ERROR, 0L);
    if (errors == 0) {
      return List.of();
    }
    List<String> shown = new ArrayList<>();
    for (Row r : classified
        .filter(col(Classified.REASON).equalTo(KcatJsonSource.KCAT_ERROR))
        .select(Classified.SOURCE_FILE, Classified.LINE_NUMBER, Classified.MESSAGE)
        .orderBy(Classified.SOURCE_FILE, Classified.LINE_NUMBER)
        .limit(SHOWN)
        .collectAsList()) {
      shown.add(r.getString(0) + " line " + r.getLong(1) + ": " + r.getString(2));
    }
    String list = String.join("; ", shown) + (errors > shown.size() ? "; ..." : "");
    String head = "kcat reported " + errors + " error" + (errors == 1 ? "" : "s") + " in the dump of " + what;
    if (input.onKcatError() == InputSpec.OnKcatError.FAIL) {
      throw FeedlakeException.dataContract(head + " (the dump may be incomplete): " + list
          + ". Nothing was published; re-dump the date, or set source.on-kcat-error = warn to publish it anyway");
    }
    return List.of(head + ", skipped as kcat_error (source.on-kcat-error = warn): " + list);
  }
}
