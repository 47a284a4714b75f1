package io.feedlake.conform;

import io.feedlake.FeedlakeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Flattens struct columns into top-level snake_case columns: {@code user.device.osVersion}
 * becomes {@code user_device_os_version}. Arrays and maps are kept as they are. A pure projection
 * (no shuffle); the output column order follows the input schema depth-first.
 */
public final class Flatten {
  private Flatten() {}

  /**
   * Flattens every struct column of {@code df}.
   *
   * @throws FeedlakeException exit 3 when two paths flatten to the same column name, naming both
   */
  public static Dataset<Row> apply(Dataset<Row> df) {
    return apply(df, Map.of(), List.of());
  }

  /**
   * Flattens every struct column of {@code df}, first dropping and renaming fields by path.
   *
   * @param rename field path (dotted for nested fields, as in the schema: {@code $schema}, {@code
   *     meta.dt}) to the output column name used instead of its snake_case name
   * @param drop field paths left out; a struct's path leaves out all of its fields
   * @throws FeedlakeException exit 3 when two paths flatten to the same column name, naming both
   */
  public static Dataset<Row> apply(Dataset<Row> df, Map<String, String> rename, Collection<String> drop) {
    Map<String, String> names = new LinkedHashMap<>();
    List<Column> columns = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      collect(functions.col(quote(f.name())), f, f.name(), snakeCase(f.name()), names, columns, rename, drop);
    }
    return df.select(columns.toArray(Column[]::new));
  }

  /**
   * The flattened column names and their source paths, without building a Dataset; used to
   * validate configuration against a declared schema before any data is read.
   *
   * @return map from flattened name to dotted source path, in output order
   * @throws FeedlakeException exit 3 on a name collision
   */
  public static Map<String, String> flattenedNames(StructType schema) {
    return flattenedNames(schema, Map.of(), List.of());
  }

  /**
   * {@link #flattenedNames(StructType)} after dropping and renaming fields as {@link
   * #apply(Dataset, Map, Collection)} does.
   */
  public static Map<String, String> flattenedNames(
      StructType schema, Map<String, String> rename, Collection<String> drop) {
    Map<String, String> names = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      collect(null, f, f.name(), snakeCase(f.name()), names, null, rename, drop);
    }
    return names;
  }

  /** Every field path of a schema, structs and leaves, dotted, in schema order. */
  public static List<String> paths(StructType schema) {
    List<String> out = new ArrayList<>();
    paths(schema, "", out, true);
    return out;
  }

  /** The field paths of a schema that become columns (every field that is not a struct). */
  public static List<String> leafPaths(StructType schema) {
    List<String> out = new ArrayList<>();
    paths(schema, "", out, false);
    return out;
  }

  private static void paths(StructType struct, String prefix, List<String> out, boolean structs) {
    for (StructField f : struct.fields()) {
      String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
      if (f.dataType() instanceof StructType child) {
        if (structs) {
          out.add(path);
        }
        paths(child, path, out, structs);
      } else {
        out.add(path);
      }
    }
  }

  private static void collect(
      Column column,
      StructField field,
      String path,
      String name,
      Map<String, String> names,
      List<Column> out,
      Map<String, String> rename,
      Collection<String> drop) {
    if (drop.contains(path)) {
      return;
    }
    if (field.dataType() instanceof StructType struct) {
      for (StructField child : struct.fields()) {
        Column childColumn = column == null ? null : column.getField(child.name());
        collect(childColumn, child, path + "." + child.name(), name + "_" + snakeCase(child.name()),
            names, out, rename, drop);
      }
      return;
    }
    String outputName = rename.getOrDefault(path, name);
    String previous = names.putIfAbsent(outputName, path);
    if (previous != null) {
      throw FeedlakeException.dataContract(
          "Cannot flatten the payload: fields '" + previous + "' and '" + path
              + "' both become column '" + outputName + "'; rename or drop one of them with source.rename or "
              + "source.drop");
    }
    if (out != null) {
      out.add(column.alias(outputName));
    }
  }

  /** A column name as Spark's {@code col} parses it: in backticks, inner backticks doubled. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * Converts a field name to snake_case: camelCase and PascalCase words are split ({@code
   * osVersion} to {@code os_version}, {@code HTTPStatus} to {@code http_status}, {@code userID} to
   * {@code user_id}), characters other than letters, digits and {@code _} become {@code _}, and
   * the result is lower case. Existing underscores are kept.
   */
  public static String snakeCase(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean prevLowerOrDigit =
            i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
        boolean acronymEnd =
            i > 0 && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if ((prevLowerOrDigit || acronymEnd) && sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        sb.append(Character.toLowerCase(c));
      } else if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '_') {
        sb.append('_');
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
