package io.feedlake.bench;

import io.feedlake.config.JobSpec.LayoutSpec;
import io.feedlake.layout.PartitionLayout;
import io.feedlake.report.InputBytesListener;
import io.feedlake.report.ScanMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What sorting within partitions saves: a GIF-activity table (default 3 days x 1,000,000 rows,
 * 7 countries, US about 40%) written twice as snappy Parquet partitioned by date with 1 MiB row
 * groups, once arranged by feedlake's {@link PartitionLayout} (date, country, event_ts) and once
 * in random order. Then {@code sum(clicks)} for country US with and without a date predicate on
 * each copy, printing bytes of files selected and bytes actually read from storage (row groups
 * skipped by min/max statistics are not read). Run with {@code scripts/bench scan [rows-per-day]}.
 */
public final class ScanBenchmark {
  private ScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    long perDay = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    SparkSession spark = SparkSession.builder().master("local[*]").appName("scan-benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS").getOrCreate();
    Path dir = Files.createTempDirectory("feedlake-scan-bench");
    Dataset<Row> data = spark.range(3 * perDay).selectExpr(
        "date_format(date_add(DATE'2024-03-01', cast(id % 3 as int)), 'yyyy-MM-dd') AS date",
        "element_at(array('US','US','US','US','CA','GB','MX','BR','JP','DE'), cast((hash(id) % 10 + 10) % 10 + 1 AS INT)) AS country",
        "timestamp_seconds(1709251200 + (id % 3) * 86400 + hash(id, 1) % 86400) AS event_ts",
        "substr(sha2(cast(id as string), 256), 1, 12) AS gif_id",
        "cast(abs(hash(id, 2)) % 50 + 1 as int) AS impressions",
        "cast(abs(hash(id, 3)) % 10 as int) AS clicks",
        "concat('term ', cast(abs(hash(id, 4)) % 5000 as string)) AS search_term");
    int filesPerDay = 2;
    PartitionLayout layout = new PartitionLayout(new LayoutSpec(List.of("country", "event_ts"), 1L << 40, 1L << 20));
    String sorted = dir.resolve("sorted").toString();
    String unsorted = dir.resolve("unsorted").toString();
    write(layout.arrange(data, 3 * filesPerDay), sorted);
    write(data.repartition(3 * filesPerDay).sortWithinPartitions("date"), unsorted);

    System.out.printf("rows: %,d (%,d per day), 1 MiB row groups, %d files per day%n", 3 * perDay, perDay, filesPerDay);
    System.out.printf("%-9s %-22s %14s %16s %10s%n", "layout", "query", "bytes of files", "bytes read", "sum");
    for (String[] q : new String[][] {
        {"date+country", "date = '2024-03-02' AND country = 'US'"},
        {"country only", "country = 'US'"}}) {
      for (String path : List.of(sorted, unsorted)) {
        Dataset<Row> df = spark.read().parquet(path).where(q[1]).agg(org.apache.spark.sql.functions.sum("clicks"));
        InputBytesListener l = InputBytesListener.start(spark.sparkContext());
        long sum = df.collectAsList().get(0).getLong(0);
        long read = l.finish();
        ScanMetrics m = ScanMetrics.of(df.queryExecution().executedPlan());
        System.out.printf("%-9s %-22s %,14d %,16d %,10d%n", path.endsWith("unsorted") ? "unsorted" : "sorted", q[0],
            m.bytes(), read, sum);
      }
    }
    spark.stop();
  }

  private static void write(Dataset<Row> df, String path) {
    df.write().mode(SaveMode.Overwrite).option("compression", "snappy").option("parquet.block.size", String.valueOf(1 << 20))
        .partitionBy("date").parquet(path);
  }
}
