package io.feedlake.conform;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Classified rows between conform steps, with the names of the output columns (the columns that
 * will be written, without {@code date}; every other column is internal).
 *
 * <p>Steps may add counter columns named {@code _metric__<metric>__<column>} (INT, per row); the
 * runner sums them into the run summary as {@code <metric>.<column>} and never writes them.
 *
 * @param rows the rows, carrying the internal columns of {@link io.feedlake.conform.Classified}
 * @param columns output column names in order
 */
public record Conformed(Dataset<Row> rows, List<String> columns) {
  /** Prefix of per-row counter columns. */
  public static final String METRIC_PREFIX = "_metric__";

  public Conformed {
    columns = List.copyOf(columns);
  }

  /** The counter column name for a metric of a column. */
  public static String metricColumn(String metric, String column) {
    return METRIC_PREFIX + metric + "__" + column;
  }

  /** The summary name of a counter column, e.g. {@code sanitized.caption}. */
  public static String metricName(String metricColumn) {
    return metricColumn.substring(METRIC_PREFIX.length()).replace("__", ".");
  }
}
