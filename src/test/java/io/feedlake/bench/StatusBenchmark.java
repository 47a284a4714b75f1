package io.feedlake.bench;

import io.feedlake.cli.Main;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.DateStates;
import io.feedlake.ledger.RunCounts;
import io.feedlake.ledger.RunLedger;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;

/**
 * What {@code feedlake status} costs on a year of dates (local disk): builds N dated dump
 * directories (a copy of one vsco_events sample file each) and one published run record per date,
 * then times {@link DateStates#between} over the N dates (the first, cold, and the median of 5
 * warm repetitions) and the whole command in-process with {@code --html} ({@link Main#run}, its lines printed, config
 * loading included, JVM start excluded). Prints the figures and the load average.
 *
 * <p>Usage: {@code scripts/bench status [dates]} (default 365).
 */
public final class StatusBenchmark {
  private StatusBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 365;
    Path home = Paths.get(System.getProperty("feedlake.home", ".")).toAbsolutePath();
    Path root = Files.createTempDirectory("feedlake-status-bench");
    try {
      Path alpha = root.resolve("alpha");
      Path lake = root.resolve("lake");
      Path sample = home.resolve("data-samples/kafka/vsco_behavior/dt=2024-03-01/vsco_behavior-p1.json");
      LocalDate first = LocalDate.parse("2023-01-01");
      for (int i = 0; i < n; i++) {
        Path dir = Files.createDirectories(alpha.resolve("vsco_behavior/dt=" + first.plusDays(i)));
        Files.copy(sample, dir.resolve("vsco_behavior-p1.json"));
      }
      JobSpec spec = ConfigLoader.load(home, null, Map.of("source.path", alpha.toString())).job("vsco_events");
      Configuration conf = new Configuration();
      FeedSource source = Sources.create(spec);
      RunLedger ledger = new RunLedger(conf, lake.toString());
      String table = spec.table().qualified();
      RunCounts counts = new RunCounts(10, 0, 9, 0, 1, 0, 0, Map.of(), Map.of("bad_json", 1L), Map.of(), 0);
      for (int i = 0; i < n; i++) {
        LocalDate d = first.plusDays(i);
        List<InputFile> files = source.list(conf, d);
        Map<String, Long> inputs = new LinkedHashMap<>();
        files.forEach(f -> inputs.put(f.path(), f.bytes()));
        // Every tenth date is left without a run, so the range has missing dates too.
        if (i % 10 != 9) {
          ledger.record("vsco_events", table, "20240101T000000Z-" + i, RunLedger.PUBLISHED, new DateResult(d.toString(),
              "succeeded", 0, null, files.size(), 0, counts, 1, 100, lake + "/beta/x/date=" + d + "/run=r", 1,
              List.of(), Map.of()), inputs);
        }
      }
      DateStates states = new DateStates(conf, lake.toString(), table, DateStates.of(source, conf));
      LocalDate last = first.plusDays(n - 1L);
      long t0 = System.nanoTime();
      int size = states.between(first, last).size();
      double cold = (System.nanoTime() - t0) / 1e6;
      List<Double> warm = new ArrayList<>();
      for (int r = 0; r < 5; r++) {
        long t = System.nanoTime();
        states.between(first, last);
        warm.add((System.nanoTime() - t) / 1e6);
      }
      Collections.sort(warm);
      long c0 = System.nanoTime();
      int exit = Main.run("status", "--job", "vsco_events", "--from", first.toString(), "--to", last.toString(),
          "--set", "source.path=" + alpha, "--set", "lake.root=" + lake, "--html", root.resolve("status.html").toString());
      double command = (System.nanoTime() - c0) / 1e6;
      System.out.printf("status bench: %d dates (%d with a record), local disk%n", size, n - n / 10);
      System.out.printf("  DateStates.between: cold %.0f ms, warm median %.0f ms (%.2f ms/date)%n", cold, warm.get(2),
          warm.get(2) / size);
      System.out.printf("  feedlake status --html --json in-process: %.0f ms (exit %d)%n", command, exit);
      System.out.printf("  load average: %s%n", Files.readString(Paths.get("/proc/loadavg")).strip());
    } finally {
      FileUtils.deleteDirectory(root.toFile());
    }
  }
}
