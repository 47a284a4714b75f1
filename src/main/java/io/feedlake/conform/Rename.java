package io.feedlake.conform;

import io.feedlake.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gives output columns friendly names ({@code post_evar1 -> internal_campaign}). Pure projection.
 * The renames are applied one after another in the configured order: {@code { a = b, b = c }}
 * turns {@code a} into {@code b} and then that {@code b} into {@code c}, on every run.
 */
public final class Rename implements ConformStep {
  private final Map<String, String> names;

  /** @param names old name to new name, in the order the renames are applied */
  public Rename(Map<String, String> names) {
    this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
  }

  @Override
  public Conformed apply(Conformed in) {
    List<String> problems = new ArrayList<>();
    List<String> out = new ArrayList<>(in.columns());
    Dataset<Row> df = in.rows();
    for (Map.Entry<String, String> e : names.entrySet()) {
      int i = out.indexOf(e.getKey());
      if (i < 0) {
        problems.add("conform.rename." + e.getKey() + ": no output column '" + e.getKey() + "' (columns: " + in.columns() + ")");
      } else if (out.contains(e.getValue()) || List.of(df.columns()).contains(e.getValue())) {
        problems.add("conform.rename." + e.getKey() + ": new name '" + e.getValue() + "' is already a column");
      } else {
        out.set(i, e.getValue());
        df = df.withColumnRenamed(e.getKey(), e.getValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Conformed(df, out);
  }
}
