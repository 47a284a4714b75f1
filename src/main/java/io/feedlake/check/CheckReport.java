package io.feedlake.check;

import java.util.List;

/**
 * Every data-quality check of one job for one date.
 *
 * @param job the job name
 * @param table {@code database.table}
 * @param date the date checked ({@code yyyy-MM-dd})
 * @param checks the checks that ran, in a fixed order (gaps, volume, schema, unknown-fields,
 *     quarantine)
 * @param skipped enabled checks that could not run for this job or date, each with why (e.g. {@code
 *     unknown-fields: the adobe source has no JSON payload})
 */
public record CheckReport(String job, String table, String date, List<CheckResult> checks, List<String> skipped) {
  public CheckReport {
    checks = List.copyOf(checks);
    skipped = List.copyOf(skipped);
  }

  /** The checks with status {@code fail}: those that make the command exit 6. */
  public List<CheckResult> failed() {
    return checks.stream().filter(c -> CheckResult.FAIL.equals(c.status())).toList();
  }

  /** The checks that did not pass (warn or fail). */
  public List<CheckResult> flagged() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}
