package io.feedlake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.feedlake.conform.Classified;
import io.feedlake.conform.Conformed;
import io.feedlake.conform.Sanitize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Measures the cost of the sanitize step: N rows (default 1,000,000) with five string columns of
 * realistic text (accents, CJK, emoji; 1% of values carry a control character or U+FFFD), cached
 * in memory, then fully evaluated through Spark's noop sink without and with Sanitize (including
 * its per-column counters and a 64-byte truncation on one column). Prints the median of 3 runs.
 * Run with {@code scripts/bench sanitize [rows]}.
 */
public final class SanitizeBenchmark {
  private SanitizeBenchmark() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    SparkSession spark = SparkSession.builder().master("local[*]").appName("sanitize-benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    List<String> columns = List.of("caption", "search_term", "page_title", "user_agent", "referrer");
    List<Column> cols = new ArrayList<>();
    cols.add(col("id"));
    for (int i = 0; i < columns.size(); i++) {
      cols.add(expr("concat(element_at(array('Caf\u00e9 au lait \u2615', '\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8',"
          + " 'plain ascii text for a page title', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)',"
          + " 'https://example.com/p?q=\u00f1', 'emoji \ud83d\udcf7\ud83d\udc69\u200d\ud83d\udcbb'), cast(id % 6 + 1 as int)),"
          + " if(id % 100 = " + i + ", '\u0007\ufffd', ''), cast(id as string))").alias(columns.get(i)));
    }
    Dataset<Row> data = spark.range(n).select(cols.toArray(Column[]::new))
        .withColumn(Classified.DISPOSITION, lit(Classified.WRITTEN))
        .persist(StorageLevel.MEMORY_ONLY());
    System.out.printf("rows: %,d, cached: %,d%n", n, data.count());

    double baseline = median(() -> data.write().format("noop").mode("overwrite").save());
    Conformed sanitized = new Sanitize("?", Map.of("user_agent", 64)).apply(new Conformed(data, columns));
    String[] metrics = Arrays.stream(sanitized.rows().columns()).filter(c -> c.startsWith(Conformed.METRIC_PREFIX))
        .toArray(String[]::new);
    double withSanitize = median(() -> sanitized.rows().write().format("noop").mode("overwrite").save());
    Row counts = sanitized.rows().selectExpr(Arrays.stream(metrics).map(m -> "sum(" + m + ")").toArray(String[]::new)).first();

    System.out.printf("baseline (scan 5 string columns): %.2f s%n", baseline);
    System.out.printf("with sanitize + counters + truncation: %.2f s%n", withSanitize);
    System.out.printf("sanitize cost: %.2f s per million rows (%.2f s per million values), %.0f%% over baseline%n",
        (withSanitize - baseline) * 1e6 / n, (withSanitize - baseline) * 1e6 / n / columns.size(),
        100 * (withSanitize - baseline) / baseline);
    for (int i = 0; i < metrics.length; i++) {
      System.out.printf("  %s = %,d%n", Conformed.metricName(metrics[i]), counts.getLong(i));
    }
    spark.stop();
  }

  private static double median(Runnable r) {
    double[] t = new double[3];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - s) / 1e9;
    }
    Arrays.sort(t);
    return t[1];
  }
}
