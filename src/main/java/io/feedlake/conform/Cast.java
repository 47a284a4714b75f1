package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import io.feedlake.config.Rules.ColumnCast;
import io.feedlake.config.Rules.OnCastError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Casts output columns to their declared types with Spark built-ins: {@code try_cast} (ANSI
 * semantics that return null instead of failing, so {@code '12.5'} does not silently become the
 * integer 12), {@code timestamp_seconds/millis/micros} for epoch values and {@code to_timestamp}
 * for patterns. A non-null value that does not cast becomes null and is counted ({@code
 * cast_null.<col>}), or quarantines the row with reason {@code cast_error} and a message naming the
 * column, the value and the type, per column policy. Assumes the session time zone is UTC.
 */
public final class Cast implements ConformStep {
  private final Map<String, ColumnCast> columns;

  /** @param columns column to declared type, in order */
  public Cast(Map<String, ColumnCast> columns) {
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  @Override
  public Conformed apply(Conformed in) {
    List<String> missing = new ArrayList<>();
    columns.keySet().stream().filter(c -> !in.columns().contains(c)).forEach(c ->
        missing.add("conform.cast." + c + ": no output column '" + c + "' (columns: " + in.columns() + ")"));
    if (!missing.isEmpty()) {
      throw new ConfigException(missing);
    }
    Dataset<Row> df = in.rows();
    Column written = col(Classified.DISPOSITION).equalTo(Classified.WRITTEN);
    Column firstFailure = null;
    for (Map.Entry<String, ColumnCast> e : columns.entrySet()) {
      String name = e.getKey();
      ColumnCast spec = e.getValue();
      String temp = "_cast__" + name;
      df = df.withColumn(temp, target(name, spec));
      Column failed = col(name).isNotNull().and(col(temp).isNull());
      if (spec.onError() == OnCastError.NULL) {
        df = df.withColumn(Conformed.metricColumn("cast_null", name), when(written.and(failed), lit(1)).otherwise(lit(0)));
      } else {
        Column message = concat(lit("column " + name + ": cannot cast '"), col(name).cast("string"),
            lit("' to " + spec.type().toLowerCase(Locale.ROOT) + describe(spec)));
        firstFailure = firstFailure == null
            ? when(failed, message)
            : firstFailure.when(failed, message);
      }
    }
    if (firstFailure != null) {
      df = df.withColumn("_cast_failure", when(written, firstFailure))
          .withColumn(Classified.REASON, when(col("_cast_failure").isNotNull(), lit("cast_error")).otherwise(col(Classified.REASON)))
          .withColumn(Classified.STAGE, when(col("_cast_failure").isNotNull(), lit("conform")).otherwise(col(Classified.STAGE)))
          .withColumn(Classified.MESSAGE, when(col("_cast_failure").isNotNull(), col("_cast_failure")).otherwise(col(Classified.MESSAGE)))
          .withColumn(Classified.DISPOSITION,
              when(col("_cast_failure").isNotNull(), lit(Classified.QUARANTINED)).otherwise(col(Classified.DISPOSITION)))
          .drop("_cast_failure");
    }
    for (String name : columns.keySet()) {
      df = df.withColumn(name, col("_cast__" + name)).drop("_cast__" + name);
    }
    return new Conformed(df, in.columns());
  }

  private static String describe(ColumnCast spec) {
    if (spec.from() == null) {
      return "";
    }
    return switch (spec.from()) {
      case PATTERN -> " with pattern " + spec.pattern();
      case ISO8601 -> " from ISO-8601";
      default -> " from " + spec.from().name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }

  /** The cast expression for one column, by name. */
  static Column target(String name, ColumnCast spec) {
    String type = org.apache.spark.sql.types.DataType.fromDDL(spec.type()).sql();
    String c = "`" + name.replace("`", "``") + "`";
    if (type.equals("TIMESTAMP") && spec.from() != null) {
      return switch (spec.from()) {
        case ISO8601 -> functions.expr("try_cast(CAST(" + c + " AS STRING) AS TIMESTAMP)");
        case EPOCH_SECONDS -> functions.expr("timestamp_seconds(try_cast(" + c + " AS BIGINT))");
        case EPOCH_MILLIS -> functions.expr("timestamp_millis(try_cast(" + c + " AS BIGINT))");
        case EPOCH_MICROS -> functions.expr("timestamp_micros(try_cast(" + c + " AS BIGINT))");
        case PATTERN -> functions.to_timestamp(col(name).cast("string"), spec.pattern());
      };
    }
    return functions.expr("try_cast(" + c + " AS " + type + ")");
  }
}
