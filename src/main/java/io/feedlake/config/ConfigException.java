package io.feedlake.config;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.util.List;

/**
 * The configuration could not be loaded or validated (exit code 2). Carries every problem found,
 * each naming the key, the value and what was expected, so that one run reports them all.
 */
public final class ConfigException extends FeedlakeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** @param problems one line per problem, each starting with the key it concerns */
  public ConfigException(List<String> problems) {
    super(ExitCode.USAGE, render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The individual problems, one line each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static String render(List<String> problems) {
    StringBuilder sb = new StringBuilder("Invalid configuration (").append(problems.size());
    sb.append(problems.size() == 1 ? " problem):" : " problems):");
    for (String p : problems) {
      sb.append(System.lineSeparator()).append("  - ").append(p);
    }
    return sb.toString();
  }
}
