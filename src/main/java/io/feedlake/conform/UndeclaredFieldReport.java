package io.feedlake.conform;

import io.feedlake.config.Rules.OnUnknown;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an {@link UnknownFieldScan} saw of one date's JSON payloads, summed over its files: the
 * run-summary notes, the run metrics and, with {@code schema.on-unknown = fail}, the failure
 * message. Built on the driver after the read ran.
 *
 * @param payloads JSON object payloads scanned
 * @param withUnknown payloads holding at least one undeclared field
 * @param paths occurrences per undeclared path, most frequent first (then by path); at most {@link
 *     #MAX_PATHS} paths
 * @param unlisted occurrences of undeclared paths not in {@code paths} (over the caps)
 * @param firstFile the first file (by path) with an undeclared field; null when none
 * @param firstLine that field's line or record index in its file; -1 when none
 * @param firstPath that field's path; null when none
 * @param absent declared leaf paths that hold no non-null value in any scanned payload, in schema
 *     order; empty when no payload was scanned
 */
public record UndeclaredFieldReport(long payloads, long withUnknown, Map<String, Long> paths, long unlisted,
    String firstFile, long firstLine, String firstPath, List<String> absent) {
  /** Most distinct paths kept for a date. */
  public static final int MAX_PATHS = 1000;
  /** Paths named in a note or a message. */
  public static final int EXAMPLES = 5;
  /** Absent fields named in a note. */
  public static final int MAX_ABSENT_NAMED = 20;

  public UndeclaredFieldReport {
    paths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    absent = List.copyOf(absent);
  }

  static UndeclaredFieldReport of(UndeclaredFieldTally tally, List<String> declaredLeaves) {
    if (tally == null) {
      return new UndeclaredFieldReport(0, 0, Map.of(), 0, null, -1, null, List.of());
    }
    long payloads = 0;
    long withUnknown = 0;
    long unlisted = 0;
    long[] present = new long[declaredLeaves.size()];
    Map<String, Long> all = new HashMap<>();
    String firstFile = null;
    long firstLine = -1;
    String firstPath = null;
    for (String file : tally.paths()) {
      UndeclaredFieldTally.FileTally t = tally.value().get(file);
      payloads += t.payloads();
      withUnknown += t.withUnknown();
      unlisted += t.overflow();
      for (int i = 0; i < present.length; i++) {
        present[i] += t.present(i);
      }
      t.unknown().forEach((p, n) -> all.merge(p, n, Long::sum));
      if (firstFile == null && t.firstLine() >= 0) {
        firstFile = file;
        firstLine = t.firstLine();
        firstPath = t.firstPath();
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    List<Map.Entry<String, Long>> entries = new ArrayList<>(all.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    for (Map.Entry<String, Long> e : entries) {
      if (sorted.size() < MAX_PATHS) {
        sorted.put(e.getKey(), e.getValue());
      } else {
        unlisted += e.getValue();
      }
    }
    List<String> absent = new ArrayList<>();
    if (payloads > 0) {
      for (int i = 0; i < present.length; i++) {
        if (present[i] == 0) {
          absent.add(declaredLeaves.get(i));
        }
      }
    }
    return new UndeclaredFieldReport(payloads, withUnknown, sorted, unlisted, firstFile, firstLine, firstPath,
        absent);
  }

  /** Whether any payload held an undeclared field. */
  public boolean found() {
    return withUnknown > 0;
  }

  /**
   * The run-summary notes: the undeclared fields ({@code undeclared payload fields, not read
   * (schema.on-unknown = warn): 2 paths in 7 of 10 payloads: payload.repository_id (7), org (3)}),
   * and the declared fields absent from every record; none when there is nothing to say.
   */
  public List<String> notes(OnUnknown mode) {
    List<String> out = new ArrayList<>();
    if (found()) {
      out.add("undeclared payload fields, " + (mode == OnUnknown.CAPTURE ? "kept in column "
          + UnknownFieldScan.EXTRA : "not read") + " (schema.on-unknown = " + name(mode) + "): " + counted());
    }
    if (!absent.isEmpty()) {
      List<String> named = absent.subList(0, Math.min(absent.size(), MAX_ABSENT_NAMED));
      out.add("declared fields absent from every record (null or missing in all " + payloads + " payload"
          + (payloads == 1 ? "" : "s") + "): " + String.join(", ", named)
          + (absent.size() > named.size() ? " and " + (absent.size() - named.size()) + " more" : ""));
    }
    return out;
  }

  /** {@code 2 paths in 7 of 10 payloads: a (7), b (3)}, with {@code and N more paths} beyond the examples. */
  public String counted() {
    String shown = paths.entrySet().stream().limit(EXAMPLES).map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
    int more = paths.size() - Math.min(paths.size(), EXAMPLES);
    return paths.size() + (unlisted > 0 ? "+" : "") + " path" + (paths.size() == 1 && unlisted == 0 ? "" : "s")
        + " in " + withUnknown + " of " + payloads + " payload" + (payloads == 1 ? "" : "s") + ": " + shown
        + (more > 0 ? " and " + more + " more path" + (more == 1 ? "" : "s") : "")
        + (unlisted > 0 ? " (and " + unlisted + " occurrence(s) of further paths over the cap of " + MAX_PATHS
            + " paths)" : "");
  }

  /**
   * Run metrics: {@code undeclared_fields.records} (payloads with an undeclared field), {@code
   * undeclared_fields.paths} (distinct paths), {@code undeclared.<path>} (occurrences) for the
   * {@link #EXAMPLES} most frequent paths, and {@code absent_fields.count}; only non-zero ones.
   */
  public Map<String, Long> metrics() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (found()) {
      out.put("undeclared_fields.records", withUnknown);
      out.put("undeclared_fields.paths", (long) paths.size());
      paths.entrySet().stream().limit(EXAMPLES).forEach(e -> out.put("undeclared." + e.getKey(), e.getValue()));
    }
    if (!absent.isEmpty()) {
      out.put("absent_fields.count", (long) absent.size());
    }
    return out;
  }

  /** The message of a date failed by {@code schema.on-unknown = fail}; null when nothing was found. */
  public String failure() {
    if (!found()) {
      return null;
    }
    return "Undeclared payload field '" + firstPath + "' in " + firstFile + " record " + firstLine
        + ": the declared schema (source.schema) does not name it, and schema.on-unknown = fail; "
        + counted() + ". Declare the fields, or set schema.on-unknown to warn, capture or ignore";
  }

  private static String name(OnUnknown mode) {
    return mode.name().toLowerCase(java.util.Locale.ROOT);
  }
}
