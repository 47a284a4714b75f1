package io.feedlake.source.files;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Matches a data file's own schema to the declared one by name, the way the declared schema is
 * what beta gets: a declared field the file lacks is null; a file column the schema does not
 * declare is not read; struct fields are matched by name at every level (Spark's plain cast of
 * structs goes by position); a column of another type is cast only when Spark's up-cast rule
 * allows it without loss ({@code Cast.canUpCast}: e.g. INT to BIGINT, FLOAT to DOUBLE, DATE to
 * TIMESTAMP, numbers to STRING), which is the lossless subset of what {@code conform.cast}'s
 * {@code try_cast} accepts. Anything else makes the whole file a mismatch. Names match exactly,
 * else case-insensitively (Spark's default resolution). Pure, driver side.
 */
public final class FileColumns {
  private FileColumns() {}

  /**
   * The result of matching one file.
   *
   * @param payload a struct column of the declared schema over the file's columns; null on a
   *     mismatch
   * @param problems one entry per column that cannot be cast: {@code column <path>: found <type>,
   *     expected <type>}
   */
  public record Match(Column payload, List<String> problems) {
    public Match {
      problems = List.copyOf(problems);
    }

    /** Whether the file's columns all fit the declared schema. */
    public boolean fits() {
      return problems.isEmpty();
    }
  }

  /**
   * @param found the file's schema, as its reader reports it
   * @param declared the declared schema
   */
  public static Match match(StructType found, StructType declared) {
    List<String> problems = new ArrayList<>();
    List<Column> fields = new ArrayList<>();
    for (StructField f : declared.fields()) {
      StructField in = field(found, f.name());
      Column value =
          in == null
              ? lit(null).cast(f.dataType())
              : conform(functions.col(quote(in.name())), in.dataType(), f.dataType(), f.name(), problems);
      fields.add(value.alias(f.name()));
    }
    Column payload = problems.isEmpty() ? functions.struct(fields.toArray(Column[]::new)) : null;
    return new Match(payload, problems);
  }

  private static Column conform(Column c, DataType found, DataType expected, String path, List<String> problems) {
    if (found.equals(expected)) {
      return c;
    }
    if (found instanceof StructType fs && expected instanceof StructType es) {
      List<Column> fields = new ArrayList<>();
      for (StructField f : es.fields()) {
        StructField in = field(fs, f.name());
        Column v = in == null
            ? lit(null).cast(f.dataType())
            : conform(c.getField(in.name()), in.dataType(), f.dataType(), path + "." + f.name(), problems);
        fields.add(v.alias(f.name()));
      }
      return when(c.isNotNull(), functions.struct(fields.toArray(Column[]::new)));
    }
    if (!(found instanceof StructType) && !(expected instanceof StructType) && Cast.canUpCast(found, expected)) {
      return c.cast(expected);
    }
    problems.add("column " + path + ": found " + found.sql().toLowerCase(Locale.ROOT) + ", expected "
        + expected.sql().toLowerCase(Locale.ROOT));
    return c;
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

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
