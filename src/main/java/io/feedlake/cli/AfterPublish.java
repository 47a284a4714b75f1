package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.check.CheckReport;
import io.feedlake.config.ChecksSpec;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-quality checks {@code ingest} runs after publishing each date ({@code
 * checks.after-ingest}), reported in the run summary as {@code checks: [{date, checks: [...],
 * skipped: [...]}]} (an {@code error} instead when the checks could not run) and, for people, one
 * line per flagged check. Never blocking: a check that cannot run is reported, not fatal, and a
 * failed check (named in {@code checks.fail-on}) makes ingest exit 6 only once every date is
 * published ({@link #failIfAny}).
 */
final class AfterPublish {
  private final FeedlakeCommand command;
  private final Settings settings;
  private final JobSpec job;
  private final ChecksSpec checks;
  private final List<Map<String, Object>> reported = new ArrayList<>();
  private final List<CheckReport> failed = new ArrayList<>();

  AfterPublish(FeedlakeCommand command, Settings settings, JobSpec job, ChecksSpec checks, RunSummary summary) {
    this.command = command;
    this.settings = settings;
    this.job = job;
    this.checks = checks;
    if (checks.afterIngest()) {
      summary.put("checks", reported);
    }
  }

  /** Runs the checks of a date that was just published. */
  void run(LocalDate date) {
    if (!checks.afterIngest()) {
      return;
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("date", date.toString());
    reported.add(entry);
    CheckReport report;
    try {
      report = DateChecks.run(command, settings, job, checks, date);
    } catch (RuntimeException e) {
      FeedlakeException known = Failures.classify(e);
      entry.put("error", known.getMessage());
      command.note("checks of " + job.table().qualified() + " date=" + date + " could not run (exit "
          + known.exitCode().code() + "; the date is published): " + known.getMessage());
      return;
    }
    entry.put("checks", report.checks());
    entry.put("skipped", report.skipped());
    report.flagged().forEach(c -> command.say("check " + DateChecks.line(c)));
    if (!report.failed().isEmpty()) {
      failed.add(report);
    }
  }

  /**
   * Exits 6 when a check named in {@code checks.fail-on} failed for any date.
   *
   * @throws FeedlakeException exit 6 naming the dates and checks (they stay published)
   */
  void failIfAny() {
    if (failed.isEmpty()) {
      return;
    }
    List<String> why = failed.stream().map(r -> DateChecks.failure(r).getMessage()).toList();
    throw new FeedlakeException(io.feedlake.ExitCode.CHECK_FAILED,
        String.join("; ", why) + " (published all the same: checks run after the publish)");
  }
}
