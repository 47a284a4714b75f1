package io.feedlake.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fields that the input carries and the declared schema does not name, which a reader would
 * otherwise drop without a word. Collects them per dotted path (struct fields included, e.g.
 * {@code properties.preset}) with the number of inputs (files) that carry each, and renders the
 * run-summary note (the {@code warn} behaviour of undeclared fields). Names match as {@link
 * io.feedlake.source.files.FileColumns} matches them: exactly, else case-insensitively. Driver
 * only; not thread-safe.
 */
public final class UndeclaredFields {
  /** Most paths named in a note. */
  public static final int EXAMPLES = 5;

  private final Map<String, Integer> inputsByPath = new TreeMap<>();
  private int inputs;

  /**
   * Records one input's schema.
   *
   * @param found the input's own schema
   * @param declared the declared schema
   * @param ignored top-level columns read for another purpose (e.g. Kafka coordinates)
   */
  public void add(StructType found, StructType declared, Collection<String> ignored) {
    inputs++;
    List<String> paths = new ArrayList<>();
    collect(found, declared, "", ignored, paths);
    paths.forEach(p -> inputsByPath.merge(p, 1, Integer::sum));
  }

  /** Undeclared paths, sorted, with the number of inputs carrying each. */
  public Map<String, Integer> paths() {
    return Map.copyOf(inputsByPath);
  }

  /**
   * The note for the run summary, e.g. {@code undeclared fields, not read (2 paths in 1 of 3
   * files): properties.preset (1), user.locale (1)}; null when there are none.
   *
   * @param noun what an input is, e.g. {@code files}
   */
  public String note(String noun) {
    if (inputsByPath.isEmpty()) {
      return null;
    }
    List<String> shown = new ArrayList<>();
    int carrying = 0;
    for (Map.Entry<String, Integer> e : inputsByPath.entrySet()) {
      carrying = Math.max(carrying, e.getValue());
      if (shown.size() < EXAMPLES) {
        shown.add(e.getKey() + " (" + e.getValue() + ")");
      }
    }
    int more = inputsByPath.size() - shown.size();
    return "undeclared fields, not read (" + inputsByPath.size() + " path" + (inputsByPath.size() == 1 ? "" : "s")
        + " in up to " + carrying + " of " + inputs + " " + noun + "): " + String.join(", ", shown)
        + (more > 0 ? " and " + more + " more" : "");
  }

  private static void collect(StructType found, StructType declared, String prefix, Collection<String> ignored,
      List<String> out) {
    for (StructField f : found.fields()) {
      String path = prefix + f.name();
      if (prefix.isEmpty() && ignored.contains(f.name())) {
        continue;
      }
      StructField d = field(declared, f.name());
      if (d == null) {
        out.add(path);
      } else if (f.dataType() instanceof StructType fs && d.dataType() instanceof StructType ds) {
        collect(fs, ds, path + ".", ignored, out);
      }
    }
  }

  private static StructField field(StructType t, String name) {
    for (StructField f : t.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    for (StructField f : t.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }
}
