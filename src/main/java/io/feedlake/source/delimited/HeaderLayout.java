package io.feedlake.source.delimited;

import io.feedlake.FeedlakeException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a delimited file's header row, matched by name to the declared columns: which
 * declared column (if any) each position holds. Names match case-insensitively after trimming
 * spaces; a UTF-8 byte order mark before the first name is ignored. Pure; built on the driver.
 *
 * @param names the header's names as written, in file order
 * @param declared for each position, the declared column's name, or null for an undeclared column
 */
public record HeaderLayout(List<String> names, List<String> declared) implements Serializable {
  public HeaderLayout {
    names = List.copyOf(names);
    declared = java.util.Collections.unmodifiableList(new ArrayList<>(declared));
  }

  /**
   * Matches a header row to the declared columns.
   *
   * @param fields the header row's fields
   * @param schema the declared columns
   * @param file the file, for messages
   * @throws FeedlakeException exit 3 when a declared column is missing or a name repeats
   */
  public static HeaderLayout match(String[] fields, StructType schema, String file) {
    List<String> names = new ArrayList<>(Arrays.asList(fields));
    if (!names.isEmpty() && names.get(0) != null && names.get(0).startsWith("\uFEFF")) {
      names.set(0, names.get(0).substring(1));
    }
    Map<String, String> byLowerCase = new HashMap<>();
    for (StructField f : schema.fields()) {
      byLowerCase.put(f.name().toLowerCase(Locale.ROOT), f.name());
    }
    List<String> declared = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String key = names.get(i) == null ? "" : names.get(i).trim().toLowerCase(Locale.ROOT);
      Integer before = seen.put(key, i);
      if (before != null) {
        throw FeedlakeException.dataContract("Cannot read " + file + ": its header names column '"
            + names.get(i) + "' twice (positions " + (before + 1) + " and " + (i + 1) + "; header: " + names + ")");
      }
      declared.add(byLowerCase.get(key));
    }
    List<String> missing = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!declared.contains(f.name())) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      throw FeedlakeException.dataContract("Cannot read " + file + ": its header has no column " + missing
          + " declared in source.schema.ddl (header: " + names + ")");
    }
    return new HeaderLayout(names, declared);
  }

  /** Number of fields a row of this file has. */
  public int size() {
    return names.size();
  }

  /** The declared column at a 0-based position, or null. */
  public String declaredAt(int position) {
    return declared.get(position);
  }

  /** Header names that are not declared columns (they are not read). */
  public List<String> undeclared() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (declared.get(i) == null) {
        out.add(names.get(i));
      }
    }
    return out;
  }
}
