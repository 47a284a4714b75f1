package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.ledger.DateStates;
import io.feedlake.ledger.DateStates.DateState;
import io.feedlake.ledger.DateStates.State;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedlake status}: the state of each date of a job, from the ledger ({@link DateStates})
 * and a listing of the input; one line per date and the totals, or per-date objects under {@code
 * states} in the {@code --json} summary, or a self-contained HTML page ({@link StatusPage}). Reads
 * no data file and starts no Spark session or catalog. Exit 0 whatever the states; 2 for a bad job
 * or range, 3 for an unreadable run record, 5 when storage cannot be listed.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the state of each date of a job, from its run records (<lake>/_feedlake/runs) and",
      "a listing of its input: published (run id, rows, quarantined, published at), changed",
      "(published, but the input's files or sizes differ from the published run's), failed",
      "(exit code, first line of the error), missing (no run, input ready), not-ready (no run,",
      "input absent or incomplete by source.ready / the Adobe manifest), hidden (published,",
      "out of the retention window). Totals at the end. The range defaults to the dates with",
      "input or run records.",
      "Exit codes: 0 ok, 2 usage/config, 3 unreadable run record, 5 transient."
    })
final class StatusCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD",
      description = "First date (inclusive); default: the first date with input or run records.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD",
      description = "Last date (inclusive); default: the last date with input or run records.")
  LocalDate to;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write a self-contained HTML page (calendar by state, rows and quarantine per date).")
  Path html;

  @Override
  void execute(RunSummary summary) {
    summary.put("job", job);
    var loader = config();
    JobSpec spec = loader.job(job);
    Settings settings = loader.jobSettings(job);
    String table = spec.table().qualified();
    summary.put("table", table);
    FeedSource source = Sources.create(spec);
    Configuration conf = SparkSessions.hadoopConfiguration(settings);
    DateStates ledger = new DateStates(conf, settings.lakeRoot(), table, DateStates.of(source, conf));
    LocalDate[] range = range(from, to, () -> {
      TreeSet<LocalDate> known = new TreeSet<>(source.availableDates(conf));
      known.addAll(ledger.recordedDates());
      return known;
    });
    summary.put("from", range[0].toString());
    summary.put("to", range[1].toString());
    List<DateState> states = ledger.between(range[0], range[1]);
    summary.put("states", states);
    Map<String, Object> totals = totals(states);
    summary.put("totals", totals);
    if (human()) {
      states.forEach(s -> say(line(s)));
    }
    say(totalsLine(totals));
    if (html != null) {
      try {
        Files.writeString(html, StatusPage.render(job + " (" + table + ")", states, Instant.now().toString()),
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot write the status page " + html + ": " + e.getMessage(), e);
      }
      summary.put("html", html.toString());
      note("status page written to " + html);
    }
  }

  /**
   * The inclusive range: the given bounds, the missing ones from the known dates (dates with input
   * or records).
   *
   * @throws FeedlakeException exit 2 when from is after to, or a bound is missing and no date is known
   */
  static LocalDate[] range(LocalDate from, LocalDate to, java.util.function.Supplier<TreeSet<LocalDate>> known) {
    if (from == null || to == null) {
      TreeSet<LocalDate> dates = known.get();
      if (dates.isEmpty()) {
        throw FeedlakeException.usage("No date with input or run records: give --from and --to");
      }
      from = from == null ? dates.first() : from;
      to = to == null ? dates.last() : to;
    }
    if (to.isBefore(from)) {
      throw FeedlakeException.usage("--from " + from + " is after --to " + to);
    }
    return new LocalDate[] {from, to};
  }

  /** Counts per state (by label), the number of dates, rows and quarantined records summed. */
  static Map<String, Object> totals(List<DateState> states) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dates", states.size());
    DateStates.totals(states).forEach((s, n) -> out.put(s.label(), n));
    out.put("rows", states.stream().filter(s -> s.state() != State.FAILED).mapToLong(s -> s.rows() == null ? 0 : s.rows()).sum());
    out.put("quarantined", states.stream().filter(s -> s.state() != State.FAILED)
        .mapToLong(s -> s.quarantined() == null ? 0 : s.quarantined()).sum());
    return out;
  }

  static String totalsLine(Map<String, Object> totals) {
    StringBuilder b = new StringBuilder("total: " + totals.get("dates") + " date(s):");
    for (State s : State.values()) {
      b.append(' ').append(s.label()).append(' ').append(totals.get(s.label())).append(',');
    }
    return b.append(" rows ").append(totals.get("rows")).append(", quarantined ").append(totals.get("quarantined"))
        .append(" (published, changed and hidden dates)").toString();
  }

  /** One date as a line, e.g. {@code 2024-03-01  published  run R  rows 9  quarantined 1  at T}. */
  static String line(DateState s) {
    StringBuilder b = new StringBuilder(String.format("%s  %-9s", s.date(), s.state().label()));
    switch (s.state()) {
      case PUBLISHED, CHANGED, HIDDEN -> b.append("  run ").append(s.runId()).append("  rows ").append(s.rows())
          .append("  quarantined ").append(s.quarantined()).append("  published ").append(s.publishedAt());
      case FAILED -> b.append("  run ").append(s.runId()).append("  exit ").append(s.exitCode()).append("  ")
          .append(s.error());
      case MISSING -> b.append("  input ").append(s.inputFiles()).append(" file(s), ").append(s.inputBytes())
          .append(" bytes");
      default -> { }
    }
    if (s.detail() != null && !s.detail().isEmpty()) {
      b.append("  (").append(s.detail()).append(')');
    }
    return b.toString();
  }
}
