package io.feedlake.check;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.check.PublishedRuns.PublishedRun;
import io.feedlake.config.ChecksSpec;
import io.feedlake.config.ChecksSpec.Check;
import io.feedlake.ledger.RecordStore;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;

/**
 * Runs a job's data-quality checks ({@link ChecksSpec}) for one date against what the run records
 * say was published ({@link PublishedRuns}) and, for undeclared payload fields, a sample of the
 * date's input ({@link InputPayloads}). Every check that does not pass is {@code warn}, or {@code
 * fail} when {@code checks.fail-on} names it; the caller exits 6 on a failure. Runs on the driver:
 * reads run records and one Parquet footer per compared run; only the input sample may start Spark
 * work.
 *
 * <ul>
 *   <li>{@code gaps}: dates without a published run among the last {@code checks.gaps.days} days
 *       up to the date, starting no earlier than the table's first recorded date (a new table has
 *       no gaps before its first run).
 *   <li>{@code volume}: rows written for the date against the median rows of the last {@code
 *       checks.volume.window} published dates before it; outside {@code min-ratio..max-ratio}
 *       times the median is flagged, and so is a date that is not published.
 *   <li>{@code schema}: top-level columns of the date's published run against those of the
 *       latest published date before it, read from one Parquet footer of each run directory.
 *   <li>{@code unknown-fields}: payload fields of the input the declared schema does not know.
 *   <li>{@code quarantine}: the date's quarantined share of records against the median share of
 *       the last {@code checks.quarantine.window} published dates.
 * </ul>
 *
 * Trends judge only with at least {@code checks.min-history} published dates in their window.
 */
public final class DataChecks {
  private final Configuration conf;
  private final String job;
  private final String table;
  private final ChecksSpec spec;
  private final PublishedRuns runs;
  private final InputPayloads payloads;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root
   * @param job the job name
   * @param table {@code database.table}
   * @param spec the job's checks
   * @param payloads the sampler of the job's input payloads
   */
  public DataChecks(Configuration conf, String lakeRoot, String job, String table, ChecksSpec spec,
      InputPayloads payloads) {
    this.conf = conf;
    this.job = job;
    this.table = table;
    this.spec = spec;
    this.runs = new PublishedRuns(conf, lakeRoot, table);
    this.payloads = payloads;
  }

  /**
   * Runs every enabled check for a date.
   *
   * @throws FeedlakeException exit 5 when the run records or run directories cannot be read, exit
   *     3 when a run record is corrupt
   */
  public CheckReport run(LocalDate date) {
    List<CheckResult> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Optional<PublishedRun> run = runs.published(date);
    String what = table + " date=" + date;
    if (spec.runs(Check.GAPS)) {
      out.add(gaps(date));
    }
    if (spec.runs(Check.VOLUME)) {
      out.add(volume(date, run, what));
    }
    if (spec.runs(Check.SCHEMA)) {
      schema(date, run, what, skipped).ifPresent(out::add);
    }
    if (spec.runs(Check.UNKNOWN_FIELDS)) {
      InputPayloads.Sample sample = payloads.sample(date, spec.sampleRecords());
      if (sample.skipped() != null) {
        skipped.add(Check.UNKNOWN_FIELDS.key() + ": " + sample.skipped());
      } else {
        out.add(unknownFields(sample.fields(), what));
      }
    }
    if (spec.runs(Check.QUARANTINE)) {
      quarantine(date, run, what, skipped).ifPresent(out::add);
    }
    return new CheckReport(job, table, date.toString(), out, skipped);
  }

  private CheckResult result(Check check, boolean flagged, Object observed, String expected, String message,
      List<String> examples) {
    String status = !flagged ? CheckResult.OK : spec.failsOn(check) ? CheckResult.FAIL : CheckResult.WARN;
    return new CheckResult(check.key(), status, observed, expected, message, examples);
  }

  private CheckResult gaps(LocalDate date) {
    LocalDate from = date.minusDays(spec.gapDays() - 1L);
    List<LocalDate> recorded = runs.recordedDates();
    if (!recorded.isEmpty() && recorded.get(0).isAfter(from)) {
      from = recorded.get(0).isAfter(date) ? date : recorded.get(0);
    }
    List<String> missing = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(date); d = d.plusDays(1)) {
      if (runs.published(d).isEmpty()) {
        missing.add(d.toString());
      }
    }
    long days = java.time.temporal.ChronoUnit.DAYS.between(from, date) + 1;
    String range = from + ".." + date;
    String message = missing.isEmpty()
        ? table + ": every date of " + range + " is published"
        : table + ": " + missing.size() + " of the " + days + " date(s) " + range + " have no published run: "
            + String.join(", ", missing.subList(0, Math.min(missing.size(), CheckResult.MAX_EXAMPLES)))
            + (missing.size() > CheckResult.MAX_EXAMPLES ? ", ..." : "");
    return result(Check.GAPS, !missing.isEmpty(), missing.size(), "0 unpublished dates in " + range, message,
        missing);
  }

  private CheckResult volume(LocalDate date, Optional<PublishedRun> run, String what) {
    if (run.isEmpty() || run.get().written() == null) {
      return result(Check.VOLUME, true, null, "a published run", what + " has no published run with counts:"
          + " its volume cannot be compared", List.of());
    }
    long rows = run.get().written();
    List<PublishedRun> window = runs.latestBefore(date, spec.volumeWindow()).stream()
        .filter(r -> r.written() != null).toList();
    if (window.size() < spec.minHistory()) {
      return result(Check.VOLUME, false, rows, "at least " + spec.minHistory() + " earlier published date(s)",
          what + ": " + rows + " rows; not judged, only " + window.size() + " earlier published date(s)"
              + " (checks.min-history = " + spec.minHistory() + ")", List.of());
    }
    double median = median(window.stream().map(r -> (double) r.written()).toList());
    double ratio = median == 0 ? (rows == 0 ? 1 : Double.POSITIVE_INFINITY) : rows / median;
    boolean flagged = ratio < spec.volumeMinRatio() || ratio > spec.volumeMaxRatio();
    String expected = String.format(Locale.ROOT, "%s..%s rows (%s..%s x median %s of %d published date(s) %s..%s)",
        figure(spec.volumeMinRatio() * median), figure(spec.volumeMaxRatio() * median), figure(spec.volumeMinRatio()),
        figure(spec.volumeMaxRatio()), figure(median), window.size(), window.get(window.size() - 1).date(),
        window.get(0).date());
    String message = String.format(Locale.ROOT, "%s: %d rows, %s x the median %s of the last %d published date(s)%s",
        what, rows, Double.isInfinite(ratio) ? "infinite" : figure(ratio), figure(median), window.size(),
        flagged ? ", outside " + figure(spec.volumeMinRatio()) + ".." + figure(spec.volumeMaxRatio()) : "");
    List<String> examples = window.stream().map(r -> r.date() + ": " + r.written() + " rows").toList();
    return result(Check.VOLUME, flagged, rows, expected, message, flagged ? examples : List.of());
  }

  private Optional<CheckResult> schema(LocalDate date, Optional<PublishedRun> run, String what, List<String> skipped) {
    if (run.isEmpty()) {
      skipped.add(Check.SCHEMA.key() + ": " + what + " has no published run");
      return Optional.empty();
    }
    List<PublishedRun> previous = runs.latestBefore(date, 1);
    if (previous.isEmpty()) {
      return Optional.of(result(Check.SCHEMA, false, 0, "no column added or removed", what
          + ": no earlier published date to compare the columns with", List.of()));
    }
    PublishedRun prev = previous.get(0);
    Optional<List<String>> now = columns(run.get().location());
    Optional<List<String>> before = columns(prev.location());
    if (now.isEmpty() || before.isEmpty()) {
      skipped.add(Check.SCHEMA.key() + ": no Parquet file in " + (now.isEmpty() ? run.get().location()
          : prev.location()));
      return Optional.empty();
    }
    List<String> added = now.get().stream().filter(c -> !before.get().contains(c)).toList();
    List<String> removed = before.get().stream().filter(c -> !now.get().contains(c)).toList();
    List<String> examples = new ArrayList<>();
    added.forEach(c -> examples.add("+ " + c));
    removed.forEach(c -> examples.add("- " + c));
    boolean flagged = !examples.isEmpty();
    String message = !flagged
        ? what + ": the same " + now.get().size() + " columns as date=" + prev.date() + " (run " + prev.runId() + ")"
        : what + " (run " + run.get().runId() + ") against date=" + prev.date() + " (run " + prev.runId() + "): "
            + (added.isEmpty() ? "" : added.size() + " column(s) added " + added)
            + (!added.isEmpty() && !removed.isEmpty() ? ", " : "")
            + (removed.isEmpty() ? "" : removed.size() + " column(s) removed " + removed);
    return Optional.of(result(Check.SCHEMA, flagged, added.size() + removed.size(),
        "no column added or removed against date=" + prev.date(), message, examples));
  }

  private CheckResult unknownFields(PayloadFields fields, String what) {
    Map<String, Long> unknown = fields.unknown();
    boolean flagged = !unknown.isEmpty();
    List<String> examples = unknown.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    String message = !flagged
        ? what + ": every field of " + fields.records() + " sampled payload(s) is declared"
        : what + ": " + fields.recordsWithUnknown() + " of " + fields.records() + " sampled payload(s) hold "
            + unknown.size() + " field(s) the declared schema does not know (dropped on ingest): "
            + unknown.keySet().stream().limit(CheckResult.MAX_EXAMPLES).collect(Collectors.joining(", "))
            + (unknown.size() > CheckResult.MAX_EXAMPLES ? ", ..." : "");
    return result(Check.UNKNOWN_FIELDS, flagged, unknown.size(), "0 undeclared fields", message, examples);
  }

  private Optional<CheckResult> quarantine(LocalDate date, Optional<PublishedRun> run, String what,
      List<String> skipped) {
    if (run.isEmpty() || run.get().quarantineRatio() == null) {
      skipped.add(Check.QUARANTINE.key() + ": " + what + " has no published run with counts");
      return Optional.empty();
    }
    double share = run.get().quarantineRatio();
    List<PublishedRun> window = runs.latestBefore(date, spec.quarantineWindow()).stream()
        .filter(r -> r.quarantineRatio() != null).toList();
    String observed = figure(share);
    if (window.size() < spec.minHistory()) {
      return Optional.of(result(Check.QUARANTINE, false, share, "at least " + spec.minHistory()
          + " earlier published date(s)", what + ": quarantined share " + observed + "; not judged, only "
          + window.size() + " earlier published date(s) (checks.min-history = " + spec.minHistory() + ")", List.of()));
    }
    double median = median(window.stream().map(PublishedRun::quarantineRatio).toList());
    double limit = Math.max(median * spec.quarantineMaxFactor(), median + spec.quarantineMinIncrease());
    boolean flagged = share > limit;
    String message = what + ": quarantined " + run.get().quarantined() + " of " + run.get().recordsRead()
        + " records (share " + observed + "), median share " + figure(median) + " of the last " + window.size()
        + " published date(s)" + (flagged ? ", above " + figure(limit) : "");
    List<String> examples = window.stream().map(r -> r.date() + ": " + figure(r.quarantineRatio())).toList();
    return Optional.of(result(Check.QUARANTINE, flagged, share, "at most " + figure(limit) + " (median "
        + figure(median) + " x " + figure(spec.quarantineMaxFactor()) + ", and at least median + "
        + figure(spec.quarantineMinIncrease()) + ")", message, flagged ? examples : List.of()));
  }

  /**
   * The top-level columns of a run directory, from the footer of its first Parquet file (name
   * order; hidden files skipped); empty when it holds none.
   */
  private Optional<List<String>> columns(String location) {
    Path dir = new Path(location);
    try {
      FileStatus[] files = dir.getFileSystem(conf).listStatus(dir,
          p -> p.getName().endsWith(".parquet") && !RecordStore.hidden(p.getName()));
      if (files.length == 0) {
        return Optional.empty();
      }
      Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(files[0], conf))) {
        return Optional.of(reader.getFooter().getFileMetaData().getSchema().getFields().stream().map(Type::getName)
            .toList());
      }
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the Parquet footer of a run in " + location
          + " for the schema check of " + table + ": " + e.getMessage(), e);
    }
  }

  /** The median of a non-empty list (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** A figure for messages: whole numbers without a fraction, others with up to 4 decimals. */
  private static String figure(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }
}
