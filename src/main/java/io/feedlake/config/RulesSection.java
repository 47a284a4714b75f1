package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conform steps and data rules of a job ({@link Rules}): {@code conform.steps} and each step's
 * section ({@code conform.sanitize.*}, {@code conform.cast*}, {@code conform.rename}, {@code
 * conform.derive}, {@code conform.filter}, {@code conform.arrays}), {@code quarantine.max-ratio},
 * {@code schema.evolution} and the input limits ({@code source.max-record-bytes}, {@code
 * source.max-expansion}, {@code source.on-kcat-error}).
 */
final class RulesSection {
  /** The conform steps, each with the section that configures it. */
  static final Map<String, List<String>> STEP_SECTIONS =
      Map.of(
          "sanitize", List.of("conform.sanitize.replacement", "conform.sanitize.max-bytes",
              "conform.sanitize.control-characters"),
          "cast", List.of("conform.cast", "conform.cast-on-error"),
          "rename", List.of("conform.rename"),
          "derive", List.of("conform.derive"),
          "filter", List.of("conform.filter"),
          "arrays", List.of("conform.arrays"));

  static final List<String> STEP_NAMES =
      List.of("sanitize", "cast", "rename", "derive", "filter", "arrays");

  static final long MAX_RECORD_BYTES_LIMIT = 1L << 30;

  private RulesSection() {}

  /**
   * The conform steps. Every step's section is validated whether or not the step is listed, and a
   * section set to anything but its default while its step is not in {@code conform.steps} is a
   * problem: it would otherwise be ignored without a word.
   *
   * @param reference reference.conf, for the defaults
   */
  static Rules read(Config c, Problems p, WrittenOrder order, Config reference) {
    List<String> names = p.stringList(c, "conform.steps", "a list of steps from " + STEP_NAMES);
    Rules.OnCastError defaultOnError =
        p.enumValue(c, "conform.cast-on-error", Rules.OnCastError.class, "null, quarantine", Rules.OnCastError.NULL);
    Map<String, Rules.Step> configured = new LinkedHashMap<>();
    configured.put("sanitize", new Rules.Sanitize(
        p.string(c, "conform.sanitize.replacement", "a replacement string"), maxBytes(c, p, order),
        p.enumValue(c, "conform.sanitize.control-characters", Rules.ControlCharacters.class, "keep, replace",
            Rules.ControlCharacters.KEEP)));
    configured.put("cast", new Rules.Cast(casts(c, p, defaultOnError, order)));
    configured.put("rename", new Rules.Rename(stringMap(c, "conform.rename", p, order)));
    configured.put("derive", new Rules.Derive(stringMap(c, "conform.derive", p, order)));
    configured.put("filter", new Rules.Filter(stringMap(c, "conform.filter", p, order)));
    configured.put("arrays", new Rules.Arrays(
        p.enumValue(c, "conform.arrays", Rules.ArrayMode.class, "keep, json", Rules.ArrayMode.KEEP)));
    List<Rules.Step> steps = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (String step : names == null ? List.<String>of() : names) {
      if (!STEP_NAMES.contains(step)) {
        p.add("conform.steps: unknown step '" + step + "' (expected steps from " + STEP_NAMES + ")");
      } else if (!listed.add(step)) {
        p.add("conform.steps: step '" + step + "' is listed twice (got " + names + "; each step runs once)");
      } else {
        steps.add(configured.get(step));
      }
    }
    if (names != null) {
      for (String step : STEP_NAMES) {
        if (listed.contains(step)) {
          continue;
        }
        for (String key : STEP_SECTIONS.get(step)) {
          if (!ConfigKeys.isDefault(reference, c, key)) {
            p.add(key + ": is set (" + c.getValue(key).render(ConfigRenderOptions.concise()) + ") but step '" + step
                + "' is not in conform.steps " + names + ", so it would be ignored; add \"" + step
                + "\" to conform.steps where it should run, or remove " + key);
          }
        }
      }
    }
    double maxRatio = p.share(c, "quarantine.max-ratio");
    Rules.SchemaEvolution evolution =
        p.enumValue(c, "schema.evolution", Rules.SchemaEvolution.class, "none, additive, permissive",
            Rules.SchemaEvolution.ADDITIVE);
    return new Rules(steps, maxRatio, evolution, input(c, p), p.enumValue(c, "schema.on-unknown",
        Rules.OnUnknown.class, "ignore, warn, fail, capture", Rules.OnUnknown.WARN));
  }

  /** The input limits of a job ({@link InputSpec}); every source type reads them. */
  static InputSpec input(Config c, Problems p) {
    long maxRecord = p.bytes(c, "source.max-record-bytes");
    if (maxRecord > MAX_RECORD_BYTES_LIMIT) {
      p.add("source.max-record-bytes: at most 1 GiB (a record is held in one array), got " + maxRecord);
    }
    return new InputSpec(
        maxRecord,
        p.positiveLong(c, "source.max-expansion", "a positive ratio of decompressed to compressed bytes such as 1000"),
        p.enumValue(c, "source.on-kcat-error", InputSpec.OnKcatError.class, "fail, warn", InputSpec.OnKcatError.FAIL));
  }

  static Map<String, Integer> maxBytes(Config c, Problems p, WrittenOrder order) {
    Map<String, Integer> maxBytes = new LinkedHashMap<>();
    ConfigObject o = p.object(c, "conform.sanitize.max-bytes", "an object of column = bytes pairs such as { caption = 256 }");
    if (o == null) {
      return maxBytes;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      Object v = e.getValue().unwrapped();
      if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0
          && n.longValue() <= Integer.MAX_VALUE) {
        maxBytes.put(e.getKey(), n.intValue());
      } else {
        p.add("conform.sanitize.max-bytes." + ConfigKeys.pathElement(e.getKey())
            + ": expected a positive whole number of bytes, got " + e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return maxBytes;
  }

  static Map<String, String> stringMap(Config c, String key, Problems p, WrittenOrder order) {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigObject o = p.object(c, key, "an object of name = \"text\" pairs");
    if (o == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      if (e.getValue().valueType() == ConfigValueType.STRING) {
        out.put(e.getKey(), (String) e.getValue().unwrapped());
      } else {
        p.add(key + "." + ConfigKeys.pathElement(e.getKey()) + ": expected a string, got " + e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return out;
  }

  static Map<String, Rules.ColumnCast> casts(
      Config c, Problems p, Rules.OnCastError defaultOnError, WrittenOrder order) {
    Map<String, Rules.ColumnCast> out = new LinkedHashMap<>();
    ConfigObject all = p.object(c, "conform.cast", "an object of column = { type = ... } entries");
    if (all == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> entry : order.entries(all)) {
      String column = entry.getKey();
      String key = "conform.cast." + (Problems.IDENTIFIER.matcher(column).matches() ? column : ConfigUtil.quoteString(column));
      if (!(entry.getValue() instanceof ConfigObject oneObject)) {
        p.add(key + ": expected an object such as { type = \"decimal(12,2)\" }, got " + entry.getValue().render(ConfigRenderOptions.concise()));
        continue;
      }
      Config one = oneObject.toConfig();
      for (String k : new TreeSet<>(oneObject.keySet())) {
        if (!Set.of("type", "from", "pattern", "on-error").contains(k)) {
          p.add(key + "." + k + ": unknown key (expected type, from, pattern, on-error)");
        }
      }
      String type = one.hasPath("type") ? p.string(one, "type", "a Spark SQL type", key + ".") : null;
      if (type == null) {
        if (!one.hasPath("type")) {
          p.add(key + ".type: missing (expected a Spark SQL type such as decimal(12,2), timestamp, boolean, int)");
        }
        continue;
      }
      try {
        org.apache.spark.sql.types.DataType.fromDDL(type);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java but not declared.
        p.add(key + ".type: '" + type + "' is not a Spark SQL type (expected e.g. decimal(12,2), timestamp, boolean, int)");
        continue;
      }
      boolean timestamp = type.trim().equalsIgnoreCase("timestamp");
      Rules.TimestampSource from = null;
      if (one.hasPath("from")) {
        from = p.enumValue(one, "from", Rules.TimestampSource.class,
            "iso8601, epoch-seconds, epoch-millis, epoch-micros, pattern", null, key + ".");
        if (from != null && !timestamp) {
          p.add(key + ".from: applies to type timestamp only (got type '" + type + "'); remove it");
        }
      } else if (timestamp) {
        from = Rules.TimestampSource.ISO8601;
      }
      String pattern = one.hasPath("pattern") ? p.string(one, "pattern", "a Spark datetime pattern", key + ".") : null;
      if (from == Rules.TimestampSource.PATTERN && pattern == null && !one.hasPath("pattern")) {
        p.add(key + ".pattern: missing (expected a Spark datetime pattern with from = pattern)");
      } else if (pattern != null && from != Rules.TimestampSource.PATTERN) {
        p.add(key + ".pattern: used only with from = pattern (got from = "
            + (from == null ? "nothing" : from.name().toLowerCase(Locale.ROOT).replace('_', '-')) + "); remove it");
      } else if (pattern != null) {
        String problem = sparkPatternProblem(pattern);
        if (problem != null) {
          p.add(key + ".pattern: '" + pattern + "' is not a Spark datetime pattern (" + problem + ")");
        }
      }
      Rules.OnCastError onError = one.hasPath("on-error")
          ? p.enumValue(one, "on-error", Rules.OnCastError.class, "null, quarantine", defaultOnError, key + ".")
          : defaultOnError;
      out.put(column, new Rules.ColumnCast(type, from, pattern, onError));
    }
    return out;
  }

  /**
   * Why Spark cannot parse with a datetime pattern, or null. Checked with Spark's own formatter
   * (the one {@code to_timestamp} uses) so that letters Spark refuses for parsing ({@code E},
   * {@code F}, {@code q}, {@code Q}) and unknown letters are found before any data is read.
   */
  static String sparkPatternProblem(String pattern) {
    try {
      org.apache.spark.sql.catalyst.util.TimestampFormatter.apply(pattern, java.time.ZoneOffset.UTC, true)
          .validatePatternString(false);
      return null;
    } catch (org.apache.spark.SparkUpgradeException e) {
      // Raised when only Spark 2's formatter would accept the pattern.
      return "Spark 3 cannot parse with it: letters such as E, F, q and Q only format, and week-based letters"
          + " are not supported (Spark SQL Datetime Patterns)";
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      return m.lines().findFirst().orElse(m);
    }
  }
}
