package io.feedlake.bench;

import io.feedlake.ledger.DateLocks;
import io.feedlake.publish.TableStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;

/**
 * Measures, on the local file system of a temporary lake, what the commit protocol adds per date:
 * the write lock (acquire, the fencing check, release: what every ingest of a date does) and the
 * parking of the superseded run after the swap (a run of F files moved outside the table
 * directory). Prints the median and the 90th percentile over N dates (default 500, F = 4). Run
 * with {@code scripts/bench lock [dates] [files]}.
 */
public final class LockBenchmark {
  private LockBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path lake = Files.createTempDirectory("feedlake-lock-bench");
    try {
      Configuration conf = new Configuration();
      DateLocks locks = new DateLocks(conf, lake.toString(), Duration.ofHours(2));
      String root = "file:" + lake.resolve("beta/t");
      TableStorage storage = new TableStorage(conf, "file:" + lake, "beta.t", root);
      double[] lock = new double[n];
      double[] park = new double[n];
      for (int i = 0; i < n; i++) {
        String date = java.time.LocalDate.parse("2020-01-01").plusDays(i).toString();
        Path run = lake.resolve("beta/t/date=" + date + "/run=20240101T000000Z-old");
        Files.createDirectories(run);
        for (int f = 0; f < files; f++) {
          Files.write(run.resolve("part-" + f + ".snappy.parquet"), new byte[64 * 1024]);
        }
        long t0 = System.nanoTime();
        try (DateLocks.Lease lease = locks.acquire("beta.t", date, "20240101T000001Z-new")) {
          lease.check();
        }
        long t1 = System.nanoTime();
        storage.converge(date, java.util.Optional.of(root + "/date=" + date + "/run=20240101T000001Z-new"));
        long t2 = System.nanoTime();
        lock[i] = (t1 - t0) / 1e6;
        park[i] = (t2 - t1) / 1e6;
      }
      System.out.printf("lock (acquire + fencing check + release), %d dates: median %.2f ms, p90 %.2f ms%n", n,
          pct(lock, 50), pct(lock, 90));
      System.out.printf("park the superseded run (%d files of 64 KiB), %d dates: median %.2f ms, p90 %.2f ms%n", files,
          n, pct(park, 50), pct(park, 90));
    } finally {
      FileUtils.deleteDirectory(lake.toFile());
    }
  }

  private static double pct(double[] values, int p) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }
}
