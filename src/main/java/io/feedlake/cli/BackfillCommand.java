package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.catalog.SerializedCatalog;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.ingest.Backfill;
import io.feedlake.ingest.Backfill.Outcome;
import io.feedlake.ingest.Backfill.Plan;
import io.feedlake.ingest.Backfill.Step;
import io.feedlake.ingest.Classification;
import io.feedlake.ingest.IngestRunner;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.DateStates;
import io.feedlake.ledger.RunLedger;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.spark.SparkSessions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedlake backfill}: ingests the dates of a range that need it, chosen from the ledger and
 * the inputs ({@link DateStates}, {@link Backfill#plan}), up to {@code --parallelism} dates at once
 * in one Spark application: each date is a separate set of Spark jobs submitted from its own
 * thread, in its own FAIR scheduler pool ({@code spark.scheduler.pool = date-<date>};
 * {@code spark.scheduler.mode = FAIR} is set when neither spark-submit nor {@code spark.conf} sets
 * the mode). Each date runs through {@link IngestRunner} with its own source instance; the catalog
 * is shared behind {@link SerializedCatalog} (one catalog call at a time). A date that fails
 * without a run record of its own (e.g. counts that do not reconcile) gets one with status {@code
 * failed}, so {@code status} shows it.
 *
 * <p>Exit: the worst code among the dates by {@link Backfill#worse} (0 when nothing needed doing);
 * 2 for a bad job, range or {@code --only}.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest the dates of a range that need it, chosen from the run records and the inputs",
      "(see status): --only missing,failed,changed (default) or all (every date with ready",
      "input, published ones too). Not-ready and hidden (retention) dates are never run.",
      "Up to --parallelism dates run at once in one Spark application (FAIR pool per date).",
      "Resumable: killed and restarted, it skips the dates already published.",
      "--dry-run prints the plan (dates, reason, input bytes) and exits 0. A failing date stops",
      "the start of further dates unless --continue-on-error.",
      "Progress: a bar on a terminal, one line per finished date otherwise; then a table.",
      "Exit codes: the worst among the dates, 3 over 5 over 4 over 0 (2 usage/config)."
    })
final class BackfillCommand extends FeedlakeCommand {
  private static final String SCHEDULER_MODE = "spark.scheduler.mode";

  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First date (inclusive).")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last date (inclusive).")
  LocalDate to;

  @Option(names = "--only", paramLabel = "WHICH", defaultValue = Backfill.DEFAULT_ONLY,
      description = "Which dates: missing, failed, changed (comma-separated) or all. Default: ${DEFAULT-VALUE}.")
  String only;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
      description = "Dates run at once (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--dry-run", description = "Print the plan and exit 0 without running anything.")
  boolean dryRun;

  @Option(names = "--continue-on-error", description = "Run the other dates after one fails.")
  boolean continueOnError;

  @Override
  void execute(RunSummary summary) {
    summary.put("job", job);
    if (to.isBefore(from)) {
      throw FeedlakeException.usage("--from " + from + " is after --to " + to);
    }
    if (parallelism < 1) {
      throw FeedlakeException.usage("--parallelism must be at least 1 (got " + parallelism + ")");
    }
    var selected = Backfill.only(only);
    var loader = config();
    JobSpec spec = loader.job(job);
    Settings settings = loader.jobSettings(job);
    String table = spec.table().qualified();
    summary.put("table", table);
    Configuration fsConf = SparkSessions.hadoopConfiguration(settings);
    FeedSource source = Sources.create(spec);
    // The conform settings are checked against the source's declared schema before Spark starts.
    Classification.of(source, spec);
    DateStates ledger = new DateStates(fsConf, settings.lakeRoot(), table, DateStates.of(source, fsConf));
    Plan plan = Backfill.plan(ledger.between(from, to), selected);
    summary.put("plan", plan.steps());
    summary.put("skipped", plan.skipped());
    summary.put("dry_run", dryRun);
    say("backfill " + table + " " + from + " to " + to + " --only " + only + ": " + plan.steps().size()
        + " date(s) to run, " + plan.inputBytes() + " input bytes; " + plan.skipped().size() + " skipped");
    if (human()) {
      plan.steps().forEach(s -> say(String.format("  run   %s  %-9s %d file(s), %d bytes", s.date(), s.reason(),
          s.inputFiles(), s.inputBytes())));
      plan.skipped().forEach(s -> say(String.format("  skip  %s  %-9s %s", s.date(), s.state(), s.why())));
    }
    if (plan.steps().isEmpty()) {
      say("nothing to do: no date of " + from + " to " + to + " is " + only.replace(",", ", ")
          + " with ready input");
      return;
    }
    if (dryRun) {
      say("dry run: nothing was run");
      return;
    }
    SparkSession spark = fairSpark(settings);
    PartitionCatalog catalog = new SerializedCatalog(catalog(settings, "backfill " + job));
    String runId = summary.runId();
    int n = plan.steps().size();
    Backfill.DateRun run = date -> {
      String pool = "date-" + date;
      spark.sparkContext().setLocalProperty("spark.scheduler.pool", pool);
      spark.sparkContext().setJobDescription("backfill " + table + " date=" + date);
      String dateRun = IngestRunner.dateRunId(runId, date, n);
      try {
        return new IngestRunner(spark, settings, spec, Sources.create(spec), catalog).run(date, dateRun);
      } catch (io.feedlake.ledger.DateFailedException e) {
        throw e;
      } catch (FeedlakeException e) {
        recordFailure(spark, settings, table, dateRun, date, e);
        throw e;
      } finally {
        spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
        spark.sparkContext().setJobDescription(null);
      }
    };
    List<Outcome> outcomes;
    AtomicInteger done = new AtomicInteger();
    boolean terminal = System.console() != null && human();
    if (terminal) {
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("backfill " + job).setInitialMax(n)
          .setUpdateIntervalMillis(500).continuousUpdate().build()) {
        outcomes = Backfill.run(plan.steps(), parallelism, continueOnError, run, o -> {
          bar.step();
          bar.setExtraMessage(o.step().date() + (o.exitCode() == 0 ? " ok" : " exit " + o.exitCode()));
        });
      }
    } else {
      outcomes = Backfill.run(plan.steps(), parallelism, continueOnError, run,
          o -> finished(table, o, done.incrementAndGet(), n));
    }
    report(summary, table, outcomes);
  }

  /**
   * The session, with {@code spark.scheduler.mode = FAIR} when nothing sets the mode (a system
   * property for the session's creation only: the builder's SparkConf reads {@code spark.*}
   * system properties). A session that already runs keeps its mode.
   */
  private SparkSession fairSpark(Settings settings) {
    boolean set = new SparkConf().contains(SCHEDULER_MODE) || settings.spark().conf().containsKey(SCHEDULER_MODE)
        || SparkSession.getDefaultSession().isDefined();
    if (set) {
      return spark(settings, "backfill " + job);
    }
    System.setProperty(SCHEDULER_MODE, "FAIR");
    try {
      return spark(settings, "backfill " + job);
    } finally {
      System.clearProperty(SCHEDULER_MODE);
    }
  }

  private synchronized void finished(String table, Outcome o, int done, int n) {
    DateResult r = o.result();
    String what = o.exitCode() == 0 && r != null
        ? "published " + r.counts().written() + " rows, " + r.counts().quarantined() + " quarantined in "
            + String.format("%.1f", r.seconds()) + " s"
        : "failed (exit " + o.exitCode() + "): " + firstLine(o.message());
    say("[" + done + "/" + n + "] " + table + " date=" + o.step().date() + " " + what);
  }

  /** A failed run record for a date whose failure left none (the runner records only some). */
  private void recordFailure(SparkSession spark, Settings settings, String table, String runId,
      LocalDate date, FeedlakeException e) {
    try {
      new RunLedger(spark.sparkContext().hadoopConfiguration(), settings.lakeRoot()).record(
          job, table, runId, RunLedger.FAILED,
          new DateResult(date.toString(), "failed", e.exitCode().code(), e.getMessage(), 0, 0, null, 0, 0, null, 0,
              List.of("recorded by backfill"), Map.of()), Map.of());
    } catch (IOException | RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  private void report(RunSummary summary, String table, List<Outcome> outcomes) {
    int worst = 0;
    List<Map<String, Object>> results = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (Outcome o : outcomes) {
      worst = Backfill.worse(worst, o.exitCode());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("date", o.step().date());
      row.put("reason", o.step().reason());
      row.put("status", !o.started() ? "not-started" : o.exitCode() == 0 ? "published" : "failed");
      row.put("exit_code", Math.max(0, o.exitCode()));
      row.put("message", o.message());
      results.add(row);
      if (o.result() != null) {
        summary.addDate(o.result());
        lines.add(Tables.dateLine(table, o.result()) + (o.exitCode() == 0 ? "" : "  FAILED (exit " + o.exitCode()
            + ")"));
      } else {
        lines.add(String.format("%-28s %-10s %s", table, o.step().date(), o.started()
            ? "FAILED (exit " + o.exitCode() + "): " + firstLine(o.message()) : o.message()));
      }
    }
    summary.put("results", results);
    long ok = outcomes.stream().filter(o -> o.exitCode() == 0).count();
    long failed = outcomes.stream().filter(o -> o.started() && o.exitCode() != 0).count();
    long notStarted = outcomes.stream().filter(o -> !o.started()).count();
    if (human()) {
      say(Tables.dateHeader());
      lines.forEach(this::say);
    }
    say("backfill " + table + ": " + ok + " published, " + failed + " failed, " + notStarted + " not started");
    if (worst != 0) {
      int worstCode = worst;
      ExitCode code = java.util.Arrays.stream(ExitCode.values()).filter(c -> c.code() == worstCode).findFirst()
          .orElse(ExitCode.INTERNAL);
      throw new FeedlakeException(code, failed + " of " + outcomes.size() + " date(s) failed; worst exit "
          + code.code() + ": " + outcomes.stream().filter(o -> o.exitCode() == code.code()).findFirst()
              .map(o -> "date=" + o.step().date() + ": " + firstLine(o.message())).orElse(""));
    }
  }

  /** The first line of a message, for one-line reports. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
