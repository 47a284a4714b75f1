package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.check.CheckReport;
import io.feedlake.check.CheckResult;
import io.feedlake.check.DataChecks;
import io.feedlake.check.InputPayloads;
import io.feedlake.config.ChecksSpec;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.spark.SparkSessions;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import java.util.stream.Collectors;

/** Runs a job's data-quality checks for a date from a command ({@code check}, {@code ingest}). */
final class DateChecks {
  private DateChecks() {}

  /**
   * Runs the checks; Spark is started (through the command) only when the input is sampled.
   *
   * @throws FeedlakeException exit 5 when the lake cannot be read, exit 3 for a corrupt run record
   */
  static CheckReport run(FeedlakeCommand command, Settings settings, JobSpec job, ChecksSpec checks, LocalDate date) {
    String who = command.spec.name() + " " + job.name();
    // The lake is read through Hadoop only; Spark is started for an input sample, not for the catalog.
    var conf = SparkSession.getDefaultSession().isDefined()
        ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
        : SparkSessions.hadoopConfiguration(settings);
    InputPayloads payloads = new InputPayloads(job, () -> command.spark(settings, who), conf);
    return new DataChecks(conf, settings.lakeRoot(), job.name(), job.table().qualified(), checks, payloads).run(date);
  }

  /** One line per check for people: name, status, message. */
  static String line(CheckResult c) {
    return String.format("%-15s %-5s %s", c.name(), c.status(), c.message());
  }

  /** The exception that makes the command exit 6 when a check failed; null when none did. */
  static FeedlakeException failure(CheckReport report) {
    if (report.failed().isEmpty()) {
      return null;
    }
    return new FeedlakeException(ExitCode.CHECK_FAILED, report.failed().size() + " check(s) named in checks.fail-on"
        + " failed for " + report.table() + " date=" + report.date() + ": " + report.failed().stream()
            .map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("; ")));
  }

  /**
   * Exits 6 when a check failed.
   *
   * @throws FeedlakeException exit 6 naming every failed check
   */
  static void failIfAny(CheckReport report) {
    FeedlakeException f = failure(report);
    if (f != null) {
      throw f;
    }
  }
}
