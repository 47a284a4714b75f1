package io.feedlake.catalog;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The difference between a catalog table's data columns and the conformed columns, decided
 * against the schema-evolution policy; shared by every backend so that they accept and refuse
 * the same changes with the same message. Columns are matched by name, case-insensitively.
 *
 * @param added columns to append (they are new)
 * @param evolved the complete new column list when the table must take changed or removed
 *     columns ({@code PERMISSIVE}); null otherwise
 */
public record SchemaChange(List<StructField> added, StructType evolved) {
  public SchemaChange {
    added = List.copyOf(added);
  }

  /** Whether the table stays as it is. */
  public boolean none() {
    return added.isEmpty() && evolved == null;
  }

  /**
   * Decides what to do with a table.
   *
   * @param table the table, for the message
   * @param existing the table's data columns now
   * @param wanted the conformed data columns
   * @param evolution the policy
   * @return no change; columns to add; or (permissive) the new full column list, keeping the
   *     table's column order (Hive matches columns by position) with new columns appended
   * @throws FeedlakeException exit 3 when the policy refuses a change, with a readable diff
   *     ({@code + added}, {@code ~ col: old -> new}, {@code - removed})
   */
  public static SchemaChange decide(TableName table, StructType existing, StructType wanted, SchemaEvolution evolution) {
    Map<String, StructField> old = new LinkedHashMap<>();
    for (StructField f : existing.fields()) {
      old.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    List<String> problems = new ArrayList<>();
    List<String> additions = new ArrayList<>();
    List<StructField> added = new ArrayList<>();
    Map<String, StructField> wantedByName = new LinkedHashMap<>();
    for (StructField f : wanted.fields()) {
      wantedByName.put(f.name().toLowerCase(Locale.ROOT), f);
      StructField before = old.get(f.name().toLowerCase(Locale.ROOT));
      if (before == null) {
        added.add(f);
        additions.add("  + " + f.name() + ": " + f.dataType().catalogString());
      } else if (!before.dataType().catalogString().equals(f.dataType().catalogString())) {
        problems.add("  ~ " + f.name() + ": " + before.dataType().catalogString() + " -> "
            + f.dataType().catalogString());
      }
    }
    for (StructField before : old.values()) {
      if (!wantedByName.containsKey(before.name().toLowerCase(Locale.ROOT))) {
        problems.add("  - " + before.name() + ": " + before.dataType().catalogString() + " (no longer produced)");
      }
    }
    if (evolution == SchemaEvolution.NONE && !added.isEmpty()) {
      problems.addAll(0, additions);
    }
    if (!problems.isEmpty() && evolution != SchemaEvolution.PERMISSIVE) {
      throw FeedlakeException.dataContract(
          "Cannot publish to " + table.qualified() + ": the conformed schema differs from the catalog"
              + " table and schema.evolution = " + evolution.name().toLowerCase(Locale.ROOT)
              + (evolution == SchemaEvolution.ADDITIVE ? " allows only added columns" : " allows no change")
              + ":\n" + String.join("\n", problems)
              + "\n(set schema.evolution = permissive in the job to accept these changes)");
    }
    if (problems.isEmpty()) {
      return new SchemaChange(added, null);
    }
    // PERMISSIVE: old partitions whose files hold another type for a column may fail to read it.
    StructType evolved = new StructType();
    for (StructField before : old.values()) {
      StructField now = wantedByName.get(before.name().toLowerCase(Locale.ROOT));
      if (now != null) {
        evolved = evolved.add(now);
      }
    }
    for (StructField f : added) {
      evolved = evolved.add(f);
    }
    return new SchemaChange(List.of(), evolved);
  }
}
