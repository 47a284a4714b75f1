package io.feedlake.bench;

import io.feedlake.cli.Main;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.io.FileUtils;

/**
 * Backfill wall time against parallelism: builds D small dates (copies of the vsco_events sample
 * dump of 2024-03-01, with the date in every line rewritten to the copy's date so no event is
 * late), warms the JVM (Spark session and embedded catalog) with a one-date backfill, then runs
 * {@code feedlake backfill} over the D dates once per parallelism N into a table of its own
 * ({@code bench_backfill_p<N>}) in one JVM. Prints the wall time per N and the load average.
 *
 * <p>Usage: {@code scripts/bench backfill [dates] [N...]} (default 30 dates, N = 1 2 4).
 */
public final class BackfillBenchmark {
  private static final String SAMPLE_DATE = "2024-03-01";

  private BackfillBenchmark() {}

  public static void main(String[] args) throws Exception {
    int dates = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    List<Integer> ns = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      ns.add(Integer.parseInt(args[i]));
    }
    if (ns.isEmpty()) {
      ns = List.of(1, 2, 4);
    }
    Path home = Paths.get(System.getProperty("feedlake.home", ".")).toAbsolutePath();
    Path root = Files.createTempDirectory("feedlake-backfill-bench");
    int code = 0;
    try {
      Path alpha = root.resolve("alpha");
      Path lake = root.resolve("lake");
      Path sample = home.resolve("data-samples/kafka/vsco_behavior/dt=" + SAMPLE_DATE);
      LocalDate first = LocalDate.parse("2024-01-01");
      for (int i = 0; i <= dates; i++) {
        copy(sample, alpha.resolve("vsco_behavior/dt=" + first.plusDays(i)), first.plusDays(i).toString());
      }
      LocalDate last = first.plusDays(dates - 1L);
      String warmDate = first.plusDays(dates).toString();
      long w = System.nanoTime();
      int warm = run(alpha, lake, "bench_backfill_warm", warmDate, warmDate, 1);
      System.out.printf("warm-up (Spark session, embedded catalog, 1 date): %.1f s, exit %d%n",
          (System.nanoTime() - w) / 1e9, warm);
      for (int n : ns) {
        String before = Files.readString(Paths.get("/proc/loadavg")).strip();
        long t = System.nanoTime();
        int exit = run(alpha, lake, "bench_backfill_p" + n, first.toString(), last.toString(), n);
        double seconds = (System.nanoTime() - t) / 1e9;
        code = Math.max(code, exit);
        System.out.printf("backfill %d dates, parallelism %d: %.1f s (%.2f s/date), exit %d; load average before %s,"
            + " after %s%n", dates, n, seconds, seconds / dates, exit, before,
            Files.readString(Paths.get("/proc/loadavg")).strip());
      }
      System.out.printf("cores: %d%n", Runtime.getRuntime().availableProcessors());
    } finally {
      FileUtils.deleteDirectory(root.toFile());
    }
    org.apache.spark.sql.SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }

  private static int run(Path alpha, Path lake, String table, String from, String to, int n) {
    return Main.run("backfill", "--job", "vsco_events", "--from", from, "--to", to, "--parallelism",
        String.valueOf(n), "--set", "source.path=" + alpha, "--set", "lake.root=" + lake, "--set", "table.name=" + table,
        "--json");
  }

  /** Copies a dump directory, rewriting the sample date in every file (gzip kept) to {@code date}. */
  private static void copy(Path from, Path to, String date) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        boolean gz = name.endsWith(".gz");
        byte[] bytes;
        try (InputStream in = gz ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f)) {
          bytes = in.readAllBytes();
        }
        // ISO-8859-1 maps every byte to one char and back, so bytes that are not UTF-8 survive.
        byte[] out = new String(bytes, StandardCharsets.ISO_8859_1).replace(SAMPLE_DATE, date)
            .getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream o = gz ? new GZIPOutputStream(Files.newOutputStream(to.resolve(name)))
            : Files.newOutputStream(to.resolve(name))) {
          o.write(out);
        }
      }
    }
  }
}
