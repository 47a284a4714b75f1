package io.feedlake.conform;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Ranks records that share a deduplication key so that exactly one of them (rank 1) is kept.
 * Shuffles by the key. Pure: marks, never drops, so the caller can count what it removes.
 */
public final class Dedupe {
  private Dedupe() {}

  /**
   * Adds an INT column {@code rankColumn}: 1 for the record kept, 2.. for its duplicates, null
   * for rows that do not take part.
   *
   * @param df input rows
   * @param eligible rows taking part in deduplication (others, such as rows already quarantined,
   *     are keyed by {@code identity} so they neither collide nor pile up under one key)
   * @param identity columns unique per row (for dump lines: source file and line number)
   * @param key the key columns; when any of them is null for a row, or the list is empty, {@code
   *     fallbackKey} is used for that row instead (for Kafka: topic, partition, offset)
   * @param fallbackKey columns identifying a row when its key is incomplete
   * @param order ordering inside a key; the first row wins (e.g. Kafka offset ascending)
   * @param rankColumn name of the added column
   */
  public static Dataset<Row> rank(
      Dataset<Row> df,
      Column eligible,
      List<String> identity,
      List<String> key,
      List<String> fallbackKey,
      List<Column> order,
      String rankColumn) {
    // An empty key would put every row under one key: rows are then keyed by the fallback.
    Column keyComplete = functions.lit(!key.isEmpty());
    List<Column> keyParts = new ArrayList<>();
    keyParts.add(functions.lit("k"));
    for (String k : key) {
      keyComplete = keyComplete.and(functions.col(k).isNotNull());
      keyParts.add(functions.col(k).cast("string"));
    }
    List<Column> fallbackParts = new ArrayList<>();
    fallbackParts.add(functions.lit("f"));
    for (String k : fallbackKey) {
      fallbackParts.add(functions.coalesce(functions.col(k).cast("string"), functions.lit("")));
    }
    List<Column> identityParts = new ArrayList<>();
    identityParts.add(functions.lit("i"));
    for (String k : identity) {
      identityParts.add(functions.col(k).cast("string"));
    }
    // \u0001 cannot occur in ordinary keys, so joined parts cannot collide.
    Column dedupeKey =
        functions
            .when(functions.not(eligible), functions.concat_ws("\u0001", identityParts.toArray(Column[]::new)))
            .when(keyComplete, functions.concat_ws("\u0001", keyParts.toArray(Column[]::new)))
            .otherwise(functions.concat_ws("\u0001", fallbackParts.toArray(Column[]::new)));
    Column rank =
        functions.row_number().over(Window.partitionBy(dedupeKey).orderBy(order.toArray(Column[]::new)));
    return df.withColumn(rankColumn, functions.when(eligible, rank));
  }
}
