package io.feedlake.bench;

import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.SparkSessionCatalog;
import io.feedlake.catalog.glue.FakeGlue;
import io.feedlake.catalog.glue.GlueCatalog;
import io.feedlake.catalog.glue.GlueClients;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.config.Settings;
import io.feedlake.config.Settings.GlueSettings;
import io.feedlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measures partition registration (a benchmark that prints figures, not a timed test): on the
 * embedded Derby metastore, registering 1,000 and 10,000 date partitions by explicit batches
 * ({@link SparkSessionCatalog#registerPartitions}, 100 per metastore call) and by {@code MSCK
 * REPAIR TABLE}, then one new day on the 10,000-partition table both ways (median of 3); and the
 * AWS Glue calls the same work takes through {@link GlueCatalog}, counted against {@link
 * FakeGlue} (a loopback protocol fake: call counts are exact, its times say nothing about Glue).
 * Each partition directory holds one small Parquet file. Run with {@code scripts/bench catalog
 * [sizes...]} (default {@code 1000 10000}).
 */
public final class CatalogBenchmark {
  private static final StructType COLUMNS = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);

  private CatalogBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {1000, 10000};
    Path root = Files.createTempDirectory("feedlake-catalog-bench");
    Settings settings = ConfigLoader.load(Paths.get("").toAbsolutePath(), null, Map.of("lake.root", root.toString()))
        .settings();
    SparkSession spark = SparkSessions.getOrCreate(settings, "catalog benchmark");
    spark.sparkContext().setLogLevel("WARN");
    SparkSessionCatalog catalog = new SparkSessionCatalog(spark);
    Path template = template(spark, root);
    List<String> lines = new ArrayList<>();
    warmUp(spark, catalog, root, template);
    for (int n : sizes) {
      Path dir = root.resolve("beta/bench_" + n);
      SortedMap<String, String> dates = layout(dir, n, template);
      TableName explicit = new TableName("beta", "explicit_" + n);
      TableName msck = new TableName("beta", "msck_" + n);
      catalog.ensureTable(explicit, COLUMNS, "file:" + dir, SchemaEvolution.ADDITIVE);
      catalog.ensureTable(msck, COLUMNS, "file:" + dir, SchemaEvolution.ADDITIVE);

      long t0 = System.nanoTime();
      PartitionBatchResult r = catalog.registerPartitions(explicit, dates);
      double explicitSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      spark.sql("MSCK REPAIR TABLE beta.msck_" + n);
      double msckSeconds = (System.nanoTime() - t0) / 1e9;
      check(r.created().size() == n && catalog.partitions(msck).size() == n, "registration of " + n + " partitions");
      lines.add(String.format("embedded  register %,6d partitions: explicit batches %7.2f s, MSCK REPAIR %7.2f s (%.1fx)",
          n, explicitSeconds, msckSeconds, msckSeconds / explicitSeconds));

      if (n == sizes[sizes.length - 1]) {
        String newDay = LocalDate.parse(dates.lastKey()).plusDays(1).toString();
        String location = "file:" + addDay(dir, newDay, template);
        double[] one = new double[3];
        double[] repair = new double[3];
        for (int i = 0; i < 3; i++) {
          catalog.dropPartitions(explicit, List.of(newDay));
          catalog.dropPartitions(msck, List.of(newDay));
          t0 = System.nanoTime();
          catalog.registerPartition(explicit, newDay, location);
          one[i] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          spark.sql("MSCK REPAIR TABLE beta.msck_" + n);
          repair[i] = (System.nanoTime() - t0) / 1e9;
        }
        check(catalog.partitions(explicit).size() == n + 1 && catalog.partitions(msck).size() == n + 1, "new day");
        double a = median(one);
        double b = median(repair);
        lines.add(String.format("embedded  one new day on a %,d-partition table: explicit %.3f s, MSCK REPAIR %.2f s"
            + " (median of 3; MSCK takes %.0fx as long)", n, a, b, b / a));
      }
    }
    lines.addAll(glue(sizes));
    System.out.println();
    lines.forEach(System.out::println);
    spark.stop();
  }

  private static List<String> glue(int[] sizes) throws IOException {
    System.setProperty("aws.accessKeyId", "AKIDFEEDLAKEBENCH");
    System.setProperty("aws.secretAccessKey", "not-a-secret");
    List<String> out = new ArrayList<>();
    try (FakeGlue fake = FakeGlue.start(); GlueClients clients = GlueClients.open(new GlueSettings("us-east-1",
        fake.endpoint(), "", List.of(), "", 8, Duration.ofMillis(50), Duration.ofSeconds(5), false))) {
      GlueCatalog glue = new GlueCatalog(clients.glue(), "", 8, Duration.ofMillis(50), Duration.ofSeconds(5));
      for (int n : sizes) {
        TableName table = new TableName("beta", "glue_" + n);
        String root = "s3://lake/beta/glue_" + n;
        glue.ensureTable(table, COLUMNS, root, SchemaEvolution.ADDITIVE);
        SortedMap<String, String> dates = new TreeMap<>();
        LocalDate d = LocalDate.parse("2000-01-01");
        for (int i = 0; i < n; i++) {
          dates.put(d.plusDays(i).toString(), root + "/date=" + d.plusDays(i) + "/run=20240101T000000Z-bench0");
        }
        clients.counter().reset();
        glue.registerPartitions(table, dates);
        out.add(String.format("glue      register %,6d partitions: %s", n, clients.counter().calls()));
        clients.counter().reset();
        glue.registerPartitions(table, dates);
        out.add(String.format("glue      re-register the same %,6d (idempotent, nothing changes): %s", n, clients.counter().calls()));
        clients.counter().reset();
        glue.partitionLocations(table);
        out.add(String.format("glue      list %,6d partitions (sync, vacuum): %s", n, clients.counter().calls()));
        if (n == sizes[sizes.length - 1]) {
          String newDay = LocalDate.parse(dates.lastKey()).plusDays(1).toString();
          clients.counter().reset();
          glue.registerPartition(table, newDay, root + "/date=" + newDay + "/run=20240101T000000Z-bench0");
          out.add(String.format("glue      one new day on a %,d-partition table: %s", n, clients.counter().calls()));
          clients.counter().reset();
          glue.registerPartition(table, newDay, root + "/date=" + newDay + "/run=20240102T000000Z-bench1");
          out.add(String.format("glue      swap one day to a new run: %s", clients.counter().calls()));
        }
      }
    }
    return out;
  }

  /** Both paths once on a throwaway table, so that neither measurement pays for class loading and JIT. */
  private static void warmUp(SparkSession spark, SparkSessionCatalog catalog, Path root, Path template) throws IOException {
    Path dir = root.resolve("beta/warm_up");
    SortedMap<String, String> dates = layout(dir, 300, template);
    TableName a = new TableName("beta", "warm_up_explicit");
    TableName b = new TableName("beta", "warm_up_msck");
    catalog.ensureTable(a, COLUMNS, "file:" + dir, SchemaEvolution.ADDITIVE);
    catalog.ensureTable(b, COLUMNS, "file:" + dir, SchemaEvolution.ADDITIVE);
    catalog.registerPartitions(a, dates);
    spark.sql("MSCK REPAIR TABLE beta.warm_up_msck");
  }

  private static Path template(SparkSession spark, Path root) throws IOException {
    Path dir = root.resolve("template");
    spark.range(1).selectExpr("id", "'x' AS name").coalesce(1).write().parquet(dir.toString());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  private static SortedMap<String, String> layout(Path dir, int n, Path template) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    LocalDate d = LocalDate.parse("2000-01-01");
    for (int i = 0; i < n; i++) {
      String date = d.plusDays(i).toString();
      out.put(date, "file:" + addDay(dir, date, template));
    }
    return out;
  }

  private static Path addDay(Path dir, String date, Path template) throws IOException {
    Path day = dir.resolve("date=" + date);
    Files.createDirectories(day);
    Files.copy(template, day.resolve("part-00000.snappy.parquet"));
    return day;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Benchmark sanity check failed: " + what);
    }
  }
}
