package io.feedlake.report;

import io.feedlake.FeedlakeException;
import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpec.Param;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the values given for a report's parameters and turns them into the values bound
 * through Spark's parameterized SQL. Nothing is ever spliced into SQL text; the validation is what
 * gives the user a clear message (a bad date or a value outside the allowed set) instead of an
 * empty result.
 */
public final class ParameterBinder {
  private ParameterBinder() {}

  /**
   * @param given parameter name to the text given on the command line
   * @return parameter name to the value to bind: dates and strings as text, integers as Long
   * @throws FeedlakeException exit 2 listing every problem
   */
  public static Map<String, Object> bind(ReportSpec spec, Map<String, String> given) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : given.keySet()) {
      if (spec.params().stream().noneMatch(p -> p.name().equals(name))) {
        problems.add("report " + spec.name() + " has no parameter '" + name + "' (parameters: "
            + spec.params().stream().map(Param::name).toList() + ")");
      }
    }
    for (Param p : spec.params()) {
      String v = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
      if (v == null) {
        problems.add("report " + spec.name() + " needs parameter '" + p.name() + "' (" + describe(p) + "): give --"
            + (List.of("date", "from", "to").contains(p.name()) ? p.name() + " VALUE" : "param " + p.name() + "=VALUE"));
        continue;
      }
      switch (p.type()) {
        case DATE -> {
          try {
            out.put(p.name(), LocalDate.parse(v).toString());
          } catch (DateTimeParseException e) {
            problems.add("parameter " + p.name() + ": '" + v + "' is not a date (expected YYYY-MM-DD)");
          }
        }
        case INT -> {
          try {
            out.put(p.name(), Long.parseLong(v.trim()));
          } catch (NumberFormatException e) {
            problems.add("parameter " + p.name() + ": '" + v + "' is not an integer");
          }
        }
        case STRING -> {
          if (!p.allowed().isEmpty() && !p.allowed().contains(v)) {
            problems.add("parameter " + p.name() + ": '" + v + "' is not allowed (allowed: "
                + String.join(", ", p.allowed()) + ")");
          } else {
            out.put(p.name(), v);
          }
        }
      }
    }
    if (out.containsKey("from") && out.containsKey("to")
        && String.valueOf(out.get("from")).compareTo(String.valueOf(out.get("to"))) > 0) {
      problems.add("parameters from/to: " + out.get("from") + " is after " + out.get("to"));
    }
    if (!problems.isEmpty()) {
      throw FeedlakeException.usage(String.join(System.lineSeparator(), problems));
    }
    return out;
  }

  /** A short description of a parameter for messages and {@code report list}. */
  public static String describe(Param p) {
    String type = switch (p.type()) {
      case DATE -> "date YYYY-MM-DD";
      case INT -> "integer";
      case STRING -> p.allowed().isEmpty() ? "string" : "one of " + String.join("|", p.allowed());
    };
    return type + (p.defaultValue() != null ? ", default " + p.defaultValue() : "");
  }
}
