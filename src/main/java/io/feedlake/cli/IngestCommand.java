package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.ingest.Classification;
import io.feedlake.ingest.IngestRunner;
import io.feedlake.ledger.DateResult;
import io.feedlake.source.Sources;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake ingest}: one job, one date or a range of dates processed date by date. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest a job's raw dump for a date (or each date of a range) into its beta table:",
      "read, classify every line, write snappy Parquet to <lake>/beta/<table>/date=D/run=<run id>/",
      "(publish.mode = swap; date=D/ itself with overwrite), verify the footers, quarantine bad",
      "and late records to <lake>/beta/_quarantine/<table>/date=D/run=<run id>/, then point both",
      "partitions at the new run (run record written first with status publishing).",
      "",
      "Re-running a date replaces that date only (the previous run stays for rollback until",
      "vacuum). A range stops at the first failing date.",
      "After publishing each date, the job's data-quality checks run (see `feedlake check --help`;",
      "checks.after-ingest) and are reported in the summary; a check named in checks.fail-on that",
      "fails makes ingest exit 6 once every date is done: the data stays published.",
      "Exit codes: 0 ok, 2 usage/config, 3 data contract, 4 input not ready, 5 transient, 6 check failed."
    })
final class IngestCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @ArgGroup(exclusive = true, multiplicity = "1")
  DateSelection dates;

  @Override
  void execute(RunSummary summary) {
    List<LocalDate> list = dates.expand();
    summary.put("job", job);
    var loader = config();
    JobSpec spec = loader.job(job);
    Settings settings = loader.jobSettings(job);
    summary.put("table", spec.table().qualified());
    var source = Sources.create(spec);
    // The conform settings are checked against the source's declared schema before Spark starts.
    Classification.of(source, spec);
    var spark = spark(settings, "ingest " + job);
    IngestRunner runner = new IngestRunner(spark, settings, spec, source, catalog(settings, "ingest " + job));
    String runId = summary.runId();
    List<String> lines = new ArrayList<>();
    AfterPublish checks = new AfterPublish(this, settings, spec, loader.checks(job), summary);
    for (LocalDate d : list) {
      say("ingest " + spec.table().qualified() + " date=" + d + " ...");
      DateResult r;
      try {
        r = runner.run(d, IngestRunner.dateRunId(runId, d, list.size()));
      } catch (io.feedlake.ledger.DateFailedException e) {
        summary.addDate(e.result());
        throw e;
      } catch (FeedlakeException e) {
        summary.addDate(new DateResult(d.toString(), "failed", e.exitCode().code(), e.getMessage(),
            0, 0, null, 0, 0, null, 0, List.of(), java.util.Map.of()));
        throw e;
      }
      summary.addDate(r);
      String table = spec.table().qualified();
      lines.add(Tables.dateLine(table, r));
      say(Tables.dateLine(table, r) + "  " + Tables.reasons(r));
      checks.run(d);
    }
    // The labelled table is printed for one date too: a lone line of numbers has no column names.
    if (human()) {
      say(Tables.dateHeader());
      lines.forEach(this::say);
    }
    checks.failIfAny();
  }

  /** Either one date or a from/to range. */
  static final class DateSelection {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The date to ingest.")
    LocalDate date;

    @ArgGroup(exclusive = false)
    Range range;

    List<LocalDate> expand() {
      if (date != null) {
        return List.of(date);
      }
      if (range.to.isBefore(range.from)) {
        throw FeedlakeException.usage("--from " + range.from + " is after --to " + range.to);
      }
      List<LocalDate> out = new ArrayList<>();
      for (LocalDate d = range.from; !d.isAfter(range.to); d = d.plusDays(1)) {
        out.add(d);
      }
      return out;
    }
  }

  /** An inclusive date range. */
  static final class Range {
    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First date (inclusive).")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last date (inclusive).")
    LocalDate to;
  }
}
