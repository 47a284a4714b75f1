package io.feedlake.check;

import java.util.List;

/**
 * The outcome of one data-quality check for one date, as printed in {@code feedlake check --json}
 * and in ingest's run summary.
 *
 * @param name the check ({@code gaps}, {@code volume}, {@code schema}, {@code unknown-fields},
 *     {@code quarantine})
 * @param status {@link #OK}, {@link #WARN} (not in {@code checks.fail-on}) or {@link #FAIL}
 * @param observed what was measured (a number, or text such as a column list); null when nothing
 *     could be measured
 * @param expected the accepted range or value, in words (e.g. {@code 0.5..2.0 x median 300})
 * @param message one line for people, naming the table, the date and the figures
 * @param examples at most {@link #MAX_EXAMPLES} examples (missing dates, column names, field
 *     names with their counts)
 */
public record CheckResult(
    String name, String status, Object observed, String expected, String message, List<String> examples) {
  /** Status of a check that passed. */
  public static final String OK = "ok";
  /** Status of a check that did not pass and is not named in {@code checks.fail-on}. */
  public static final String WARN = "warn";
  /** Status of a check that did not pass and is named in {@code checks.fail-on}. */
  public static final String FAIL = "fail";
  /** Most examples kept per check. */
  public static final int MAX_EXAMPLES = 5;

  public CheckResult {
    examples = List.copyOf(examples.size() > MAX_EXAMPLES ? examples.subList(0, MAX_EXAMPLES) : examples);
  }

  /** Whether the check passed. */
  public boolean passed() {
    return OK.equals(status);
  }
}
