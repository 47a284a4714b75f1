package io.feedlake.conform;

import io.feedlake.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Adds columns computed from Spark SQL expressions over the output columns, e.g. a CASE channel
 * mapping. Expressions are analysed when the plan is built, so a bad one fails before any data is
 * read.
 */
public final class Derive implements ConformStep {
  private final Map<String, String> expressions;

  /** @param expressions new column name to Spark SQL expression, in order */
  public Derive(Map<String, String> expressions) {
    this.expressions = new java.util.LinkedHashMap<>(expressions);
  }

  @Override
  public Conformed apply(Conformed in) {
    List<String> out = new ArrayList<>(in.columns());
    Dataset<Row> df = in.rows();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : expressions.entrySet()) {
      if (List.of(df.columns()).contains(e.getKey())) {
        problems.add("conform.derive." + e.getKey() + ": '" + e.getKey() + "' is already a column");
        continue;
      }
      try {
        df = df.withColumn(e.getKey(), functions.expr(e.getValue()));
        out.add(e.getKey());
      } catch (Exception ex) {
        // Scala throws AnalysisException (checked in Java) without declaring it.
        if (!(ex instanceof AnalysisException)) {
          throw ex;
        }
        problems.add("conform.derive." + e.getKey() + ": invalid expression '" + e.getValue() + "': "
            + ex.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Conformed(df, out);
  }
}
