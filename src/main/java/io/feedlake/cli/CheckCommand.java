package io.feedlake.cli;

import io.feedlake.check.CheckReport;
import io.feedlake.config.ChecksSpec;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedlake check}: a job's data-quality checks for one date ({@code checks { }} of the job
 * file; see {@link io.feedlake.check.DataChecks}), over the run records and, for undeclared
 * payload fields, a sample of the date's input. Prints one line per check, or with {@code --json}
 * one object for an alerting task: {@code job, table, date, checks: [{name, status, observed,
 * expected, message, examples}], skipped, exit_code} (plus the common {@code command, run_id,
 * status, seconds}).
 *
 * <p>Exits 0 when every check passed or only warned, 6 when a check named in {@code
 * checks.fail-on} failed, 2 for a bad job file, 5 when the lake cannot be read, 3 for a corrupt run
 * record. Spark starts only to sample a JSON payload source's input.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Run a job's data-quality checks for a date (checks { } in the job file): gaps (dates without a",
      "published run in the last checks.gaps.days days), volume (rows vs the median of the last",
      "checks.volume.window published dates, min-ratio..max-ratio), schema (columns added or removed vs",
      "the previous published date), unknown-fields (payload fields of the input the declared schema",
      "does not know) and quarantine (quarantined share vs its trailing median). ingest runs them too",
      "after publishing each date (checks.after-ingest).",
      "A flagged check warns (exit 0) unless checks.fail-on names it: then it fails (exit 6).",
      "--json prints one object: job, table, date, checks [{name, status ok|warn|fail, observed,",
      "expected, message, examples}], skipped, exit_code.",
      "Exit codes: 0 ok or warnings only, 6 check failed, 2 usage/config, 3 corrupt run record, 5 transient."
    })
final class CheckCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The date to check.")
  LocalDate date;

  @Override
  void execute(RunSummary summary) {
    summary.put("job", job);
    summary.put("date", date.toString());
    var loader = config();
    JobSpec spec = loader.job(job);
    ChecksSpec checks = loader.checks(job);
    Settings settings = loader.jobSettings(job);
    summary.put("table", spec.table().qualified());
    CheckReport report = DateChecks.run(this, settings, spec, checks, date);
    summary.put("checks", report.checks());
    summary.put("skipped", report.skipped());
    report.checks().forEach(c -> say(DateChecks.line(c)));
    report.skipped().forEach(s -> say(String.format("%-15s %-5s %s", s.substring(0, s.indexOf(':')), "skip",
        s.substring(s.indexOf(':') + 2))));
    DateChecks.failIfAny(report);
  }
}
