package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Removes written rows for which a named predicate is not true (false or null), as {@code
 * filtered} with reason {@code filter:<name>}: counted, never silent. The first failing predicate
 * names the reason.
 */
public final class Filter implements ConformStep {
  private final Map<String, String> keep;

  /** @param keep filter name to Spark SQL predicate that rows must satisfy */
  public Filter(Map<String, String> keep) {
    this.keep = new java.util.LinkedHashMap<>(keep);
  }

  @Override
  public Conformed apply(Conformed in) {
    Dataset<Row> df = in.rows();
    Column reason = null;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : keep.entrySet()) {
      Column predicate;
      try {
        predicate = functions.coalesce(functions.expr(e.getValue()), lit(false));
        df.select(predicate);
      } catch (Exception ex) {
        // Scala throws AnalysisException (checked in Java) without declaring it.
        if (!(ex instanceof AnalysisException)) {
          throw ex;
        }
        problems.add("conform.filter." + e.getKey() + ": invalid predicate '" + e.getValue() + "': "
            + ex.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      Column removed = functions.not(predicate);
      reason = reason == null
          ? when(removed, lit("filter:" + e.getKey()))
          : reason.when(removed, lit("filter:" + e.getKey()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (reason == null) {
      return in;
    }
    Column written = col(Classified.DISPOSITION).equalTo(Classified.WRITTEN);
    df = df.withColumn("_filter_reason", when(written, reason))
        .withColumn(Classified.REASON, functions.coalesce(col("_filter_reason"), col(Classified.REASON)))
        .withColumn(Classified.STAGE, when(col("_filter_reason").isNotNull(), lit("conform")).otherwise(col(Classified.STAGE)))
        .withColumn(Classified.DISPOSITION,
            when(col("_filter_reason").isNotNull(), lit(Classified.FILTERED)).otherwise(col(Classified.DISPOSITION)))
        .drop("_filter_reason");
    return new Conformed(df, in.columns());
  }
}
