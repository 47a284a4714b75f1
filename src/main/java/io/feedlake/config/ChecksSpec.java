package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data-quality checks of one job: the {@code checks { }} section of its job file over {@code
 * reference.conf} (every key and its default are documented there), validated on its own so that
 * {@link ConfigLoader} calls one method. Read by {@code feedlake check} and by {@code ingest} after
 * it publishes a date.
 *
 * @param enabled the checks that run ({@code checks.enabled})
 * @param failOn the checks whose failure exits 6; a subset of {@code enabled} ({@code
 *     checks.fail-on})
 * @param afterIngest whether ingest runs the checks after publishing each date
 * @param gapDays days looked back for dates without a published run, including the date checked
 * @param minHistory published dates a trend (volume, quarantine) needs before it judges
 * @param volumeWindow published dates before the checked one whose median row count is the norm
 * @param volumeMinRatio lowest accepted rows / median
 * @param volumeMaxRatio highest accepted rows / median
 * @param quarantineWindow published dates before the checked one whose median quarantined share
 *     is the norm
 * @param quarantineMaxFactor highest accepted share / median share
 * @param quarantineMinIncrease share above the median (0..1) that is never flagged, so that a
 *     median of 0 does not flag one quarantined record
 * @param sampleRecords payload records of the input read to find undeclared fields
 */
public record ChecksSpec(
    Set<Check> enabled,
    Set<Check> failOn,
    boolean afterIngest,
    int gapDays,
    int minHistory,
    int volumeWindow,
    double volumeMinRatio,
    double volumeMaxRatio,
    int quarantineWindow,
    double quarantineMaxFactor,
    double quarantineMinIncrease,
    int sampleRecords) {

  public ChecksSpec {
    enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
    failOn = failOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(failOn));
  }

  /** One data-quality check, named in the job file and in the output by {@link #key()}. */
  public enum Check {
    /** Dates without a published run in the last {@code checks.gaps.days} days. */
    GAPS("gaps"),
    /** Rows written against the trailing median. */
    VOLUME("volume"),
    /** Columns added or removed against the previous published date's run. */
    SCHEMA("schema"),
    /** Payload fields of the input that the declared schema does not know. */
    UNKNOWN_FIELDS("unknown-fields"),
    /** The quarantined share of records against its trailing median. */
    QUARANTINE("quarantine");

    private final String key;

    Check(String key) {
      this.key = key;
    }

    /** The name used in {@code checks.enabled}, {@code checks.fail-on} and the output. */
    public String key() {
      return key;
    }

    /** The check of a name; null when there is none. */
    static Check of(String key) {
      return Arrays.stream(values()).filter(c -> c.key.equals(key.trim().toLowerCase(Locale.ROOT)))
          .findFirst().orElse(null);
    }
  }

  /** Whether a check runs. */
  public boolean runs(Check check) {
    return enabled.contains(check);
  }

  /** Whether a check's failure exits 6 (otherwise it warns). */
  public boolean failsOn(Check check) {
    return failOn.contains(check);
  }

  /**
   * Reads and validates {@code checks.*} of a resolved job config (job file over {@code
   * reference.conf}, so every key is present).
   *
   * @param c the resolved config
   * @param problems where each problem is added, naming the key, the value and what was expected
   * @return the spec; null when a problem was found
   */
  public static ChecksSpec read(Config c, List<String> problems) {
    int before = problems.size();
    Set<Check> enabled = checkList(c, "checks.enabled", problems);
    Set<Check> failOn = checkList(c, "checks.fail-on", problems);
    Set<Check> notEnabled = EnumSet.noneOf(Check.class);
    notEnabled.addAll(failOn);
    notEnabled.removeAll(enabled);
    if (!notEnabled.isEmpty()) {
      problems.add("checks.fail-on: " + keys(notEnabled) + " not in checks.enabled " + keys(enabled)
          + " (a check that does not run cannot fail)");
    }
    boolean afterIngest = bool(c, "checks.after-ingest", problems);
    int gapDays = count(c, "checks.gaps.days", 1, problems);
    int minHistory = count(c, "checks.min-history", 1, problems);
    int volumeWindow = count(c, "checks.volume.window", 1, problems);
    double minRatio = number(c, "checks.volume.min-ratio", problems);
    double maxRatio = number(c, "checks.volume.max-ratio", problems);
    if (problems.size() == before && minRatio >= maxRatio) {
      problems.add("checks.volume.min-ratio: " + minRatio + " is not below checks.volume.max-ratio " + maxRatio);
    }
    int quarantineWindow = count(c, "checks.quarantine.window", 1, problems);
    double maxFactor = number(c, "checks.quarantine.max-factor", problems);
    if (maxFactor < 1 && !Double.isNaN(maxFactor)) {
      problems.add("checks.quarantine.max-factor: expected a number of at least 1, got " + maxFactor);
    }
    double minIncrease = number(c, "checks.quarantine.min-increase", problems);
    if (minIncrease > 1) {
      problems.add("checks.quarantine.min-increase: expected a share between 0 and 1, got " + minIncrease);
    }
    int sample = count(c, "checks.unknown-fields.sample-records", 1, problems);
    if (minHistory > Math.min(volumeWindow, quarantineWindow) && problems.size() == before) {
      problems.add("checks.min-history: " + minHistory + " is more than the smallest window (checks.volume.window "
          + volumeWindow + ", checks.quarantine.window " + quarantineWindow + "): the trend would never be judged");
    }
    if (problems.size() > before) {
      return null;
    }
    return new ChecksSpec(enabled, failOn, afterIngest, gapDays, minHistory, volumeWindow, minRatio, maxRatio,
        quarantineWindow, maxFactor, minIncrease, sample);
  }

  private static Set<Check> checkList(Config c, String key, List<String> problems) {
    Set<Check> out = EnumSet.noneOf(Check.class);
    List<String> names;
    try {
      names = c.getStringList(key);
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(key + ": expected a list of check names " + keys(EnumSet.allOf(Check.class)) + ", got "
          + render(c, key));
      return out;
    }
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      Check check = Check.of(n);
      if (check == null) {
        unknown.add(n);
      } else {
        out.add(check);
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(key + ": " + unknown + " " + (unknown.size() == 1 ? "is not a check" : "are not checks")
          + " (expected any of " + keys(EnumSet.allOf(Check.class)) + ")");
    }
    return out;
  }

  private static String keys(Set<Check> checks) {
    return checks.stream().map(Check::key).collect(Collectors.joining(", ", "[", "]"));
  }

  private static boolean bool(Config c, String key, List<String> problems) {
    try {
      return c.getBoolean(key);
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(key + ": expected true or false, got " + render(c, key));
      return false;
    }
  }

  private static int count(Config c, String key, int min, List<String> problems) {
    try {
      int v = c.getInt(key);
      if (v < min) {
        problems.add(key + ": expected a whole number of at least " + min + ", got " + v);
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(key + ": expected a whole number of at least " + min + ", got " + render(c, key));
      return 0;
    }
  }

  private static double number(Config c, String key, List<String> problems) {
    try {
      double v = c.getDouble(key);
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        problems.add(key + ": expected a number of at least 0, got " + v);
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(key + ": expected a number of at least 0, got " + render(c, key));
      return Double.NaN;
    }
  }

  private static String render(Config c, String key) {
    return c.hasPathOrNull(key) && !c.getIsNull(key) ? c.getValue(key).render(ConfigRenderOptions.concise()) : "nothing";
  }
}
