package io.feedlake.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Side-by-side ingest benchmark of issue 11 (prints figures; not a timed test). Run with {@code
 * scripts/bench ingest [MB] [adobe MB]} (defaults 128 and MB/2; 10^6 bytes per MB).
 *
 * <p>Builds in a temporary directory (a) a kcat -J dump of one date of topic vsco_behavior with
 * {@link KafkaDumpGenerator} (seed 11, about MB megabytes, 2% duplicate event ids, 0.5% broken
 * payloads) and (b) the multi-file Adobe delivery of {@link AdobeIngestBenchmark#buildDelivery}
 * (about adobe-MB megabytes uncompressed, the sample's escapes, duplicate and bad records in every
 * copy). Then, on the same files and each in a new JVM started with this JVM's options and class
 * path ({@code -Xmx2g}) under {@code /usr/bin/time -v}: feedlake's CLI ingest ({@link CliTwice}:
 * the command in a fresh JVM, "cold", timed from process start; then again in the same JVM into a
 * second table, "warm"), the hand-written Spark job ({@link HandWrittenIngest}) and DuckDB with 2
 * threads ({@link DuckDbIngest}). Reads every output back with DuckDB, fails unless the JSON
 * engines agree on rows written and on a checksum (sum of {@code hash} of event id, type and time, each
 * hash taken mod 10^9+7), and unless feedlake's Adobe rows are what the builder predicts; prints
 * per engine wall seconds, input rows/s, MB/s of uncompressed input, MB/s per core, Parquet files
 * and bytes, peak RSS, and the throughput ratios. Temporary files are deleted unless {@code
 * -Dbench.keep=true}.
 */
public final class IngestBenchmark {
  private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern MARK = Pattern.compile(
      "run=(\\d) exit=(\\d+) start_ms=(\\d+) end_ms=(\\d+) vmhwm_kb=(-?\\d+)");
  private static final int THREADS = 2;

  private IngestBenchmark() {}

  /** One engine's measured run over one input. */
  record Result(String engine, double wall, long rows, long checksum, long files, long bytes, long rssKb,
      String note) {}

  public static void main(String[] args) throws Exception {
    long mb = args.length > 0 ? Long.parseLong(args[0]) : 128;
    long adobeMb = args.length > 1 ? Long.parseLong(args[1]) : Math.max(1, mb / 2);
    Path home = Paths.get(System.getProperty("feedlake.home", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("feedlake-ingest-bench");
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      System.err.printf("building inputs in %s ...%n", work);
      KafkaDumpGenerator.Dump dump = KafkaDumpGenerator.write(work.resolve("kafka"), mb * 1_000_000L, 11);
      long hits = AdobeIngestBenchmark.hitsForBytes(home, adobeMb * 1_000_000L);
      AdobeIngestBenchmark.Built adobe = AdobeIngestBenchmark.buildDelivery(home,
          Files.createDirectories(work.resolve("adobe")), hits);
      System.out.printf("JSON input: %,d lines, %,d bytes in 2 files; %,d events, %,d duplicates, %,d broken"
          + " payloads%n", dump.lines(), dump.bytes(), dump.events(), dump.duplicates(), dump.broken());
      System.out.printf("Adobe input: %,d hits, %d columns, %d data files, %,d bytes gzip, %,d bytes uncompressed;"
          + " expected %,d written, %,d duplicates, %,d quarantined%n", adobe.hits(), adobe.columns(), adobe.files(),
          adobe.compressed(), adobe.uncompressed(), adobe.expected()[0], adobe.expected()[1], adobe.expected()[2]);
      System.out.println("load before: " + uptime());

      List<Result> json = new ArrayList<>();
      json.addAll(feedlake(work, "vsco_events", work.resolve("kafka"), KafkaDumpGenerator.DATE));
      json.add(child("hand-written Spark", work, HandWrittenIngest.class, "json", work.resolve("kafka").toString(),
          work.resolve("out/spark-json").toString()));
      json.add(child("DuckDB (2 threads)", work, DuckDbIngest.class, "json", work.resolve("kafka").toString(),
          work.resolve("out/duckdb-json").toString(), String.valueOf(THREADS)));
      String afterJson = uptime();

      List<Result> adobeRuns = new ArrayList<>();
      adobeRuns.addAll(feedlake(work, "adobe_clickstream", work.resolve("adobe"), AdobeIngestBenchmark.DAY));
      adobeRuns.add(child("Spark read.csv sep=\\t", work, HandWrittenIngest.class, "adobe-csv",
          work.resolve("adobe").toString(), work.resolve("out/spark-adobe").toString()));
      adobeRuns.add(child("DuckDB read_csv (2 threads)", work, DuckDbIngest.class, "adobe-csv",
          work.resolve("adobe").toString(), work.resolve("out/duckdb-adobe").toString(), String.valueOf(THREADS)));
      String afterAdobe = uptime();

      System.out.println();
      System.out.printf("JSON (vsco_events shape), %,d bytes, %,d lines; load during: %s%n", dump.bytes(),
          dump.lines(), afterJson);
      table(json, dump.lines(), dump.bytes(), cores);
      ratios(json, "hand-written Spark", "DuckDB (2 threads)");
      System.out.println();
      System.out.printf("Adobe (%d columns, escapes), %,d bytes uncompressed, %,d hits; load during: %s%n",
          adobe.columns(), adobe.uncompressed(), adobe.hits(), afterAdobe);
      table(adobeRuns, adobe.hits(), adobe.uncompressed(), cores);
      ratios(adobeRuns, "Spark read.csv sep=\\t", "DuckDB read_csv (2 threads)");

      for (Result r : json) {
        check(r.rows() == dump.events(), "JSON: " + r.engine() + " wrote " + r.rows() + " rows, the generator wrote "
            + dump.events() + " distinct valid events");
        check(r.checksum() == json.get(0).checksum(), "JSON: checksum of " + r.engine() + " " + r.checksum()
            + " != feedlake's " + json.get(0).checksum());
      }
      for (Result r : adobeRuns.subList(0, 2)) {
        check(r.rows() == adobe.expected()[0], "Adobe: " + r.engine() + " wrote " + r.rows() + " rows, expected "
            + adobe.expected()[0]);
      }
      System.out.printf("%nchecks: the JSON engines agree on %,d rows and checksum %d; feedlake's Adobe rows are the"
          + " %,d the builder predicts (the CSV readers' row counts are printed, not compared: they neither dedupe"
          + " nor quarantine, and split records at escaped newlines)%n", dump.events(), json.get(0).checksum(),
          adobe.expected()[0]);
    } finally {
      if (!Boolean.getBoolean("bench.keep")) {
        deleteTree(work);
      }
    }
  }

  private static void table(List<Result> rs, long rowsIn, long bytesIn, int cores) {
    System.out.printf("| %-30s | %7s | %10s | %7s | %12s | %5s | %14s | %13s | %11s | %s%n", "engine", "wall s",
        "rows in/s", "MB/s", "MB/s per core", "files", "bytes written", "rows written", "peak RSS MB", "note");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : rs) {
      double mbs = bytesIn / r.wall() / 1e6;
      System.out.printf("| %-30s | %7.1f | %,10.0f | %7.2f | %12.2f | %5d | %,14d | %,13d | %,11d | %s%n",
          r.engine(), r.wall(), rowsIn / r.wall(), mbs, mbs / cores, r.files(), r.bytes(), r.rows(),
          r.rssKb() / 1024, r.note());
    }
  }

  private static void ratios(List<Result> rs, String spark, String duck) {
    Result s = rs.stream().filter(r -> r.engine().equals(spark)).findFirst().orElseThrow();
    Result d = rs.stream().filter(r -> r.engine().equals(duck)).findFirst().orElseThrow();
    for (Result f : rs.subList(0, 2)) {
      System.out.printf("%s throughput: %.2fx %s, %.2fx %s%n", f.engine(), s.wall() / f.wall(), spark,
          d.wall() / f.wall(), duck);
    }
  }

  /** feedlake cold (new JVM, timed from its start) and warm (same JVM, second table). */
  private static List<Result> feedlake(Path work, String job, Path source, String date) throws Exception {
    Path lake = work.resolve("lake-" + job);
    Path marker = work.resolve("marker-" + job);
    long start = System.currentTimeMillis();
    List<String> args = new ArrayList<>(List.of(marker.toString(), job + "_warm", "ingest", "--job", job,
        "--date", date, "--set", "lake.root=" + lake, "--set", "source.path=" + source, "--set",
        "spark.conf.\"spark.hadoop.hive.downloaded.resources.dir\"=" + lake.resolve("_hive_resources"), "--json"));
    // -Dbench.set="k=v;k2=v2": extra --set overrides for both feedlake runs, to price one setting
    // (for example checks.after-ingest=false) against the default.
    for (String kv : System.getProperty("bench.set", "").split(";")) {
      if (!kv.isBlank()) {
        args.addAll(List.of("--set", kv.strip()));
      }
    }
    Child c = run(work, "feedlake " + job, CliTwice.class, args.toArray(String[]::new));
    List<String> marks = Files.readAllLines(marker);
    check(marks.size() == 2, "feedlake " + job + ": expected 2 runs, marker file says " + marks);
    Matcher m1 = match(MARK, marks.get(0));
    Matcher m2 = match(MARK, marks.get(1));
    Path beta = lake.resolve("beta");
    Result cold = measured("feedlake CLI cold", (Long.parseLong(m1.group(4)) - start) / 1e3,
        beta.resolve(job), Long.parseLong(m1.group(5)), "new JVM, wall from process start");
    Result warm = measured("feedlake warm session", (Long.parseLong(m2.group(4)) - Long.parseLong(m2.group(3))) / 1e3,
        beta.resolve(job + "_warm"), c.rssKb(), "2nd ingest in the same JVM; RSS = peak of both runs");
    return List.of(cold, warm);
  }

  private static Result child(String engine, Path work, Class<?> main, String... args) throws Exception {
    Child c = run(work, engine, main, args);
    return measured(engine, c.wall(), Paths.get(args[2]), c.rssKb(), "new JVM");
  }

  /** Rows, checksum, files and bytes of the Parquet files under {@code out}, read by DuckDB. */
  private static Result measured(String engine, double wall, Path out, long rssKb, String note) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(out)) {
      files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    check(!files.isEmpty(), engine + " wrote no Parquet file under " + out);
    long bytes = files.stream().mapToLong(IngestBenchmark::size).sum();
    long rows;
    long checksum = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + THREADS);
      String scan = "read_parquet('" + out.toString().replace("'", "''") + "/**/*.parquet', hive_partitioning = false,"
          + " union_by_name = true)";
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + scan)) {
        r.next();
        rows = r.getLong(1);
      }
      boolean events = false;
      try (ResultSet r = s.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM " + scan + ")")) {
        while (r.next()) {
          events |= r.getString(1).equals("event_id");
        }
      }
      if (events) {
        try (ResultSet r = s.executeQuery("SELECT CAST(sum(hash(concat_ws('|', event_id, event_type, event_time)) % 1000000007)"
            + " AS BIGINT) FROM " + scan)) {
          r.next();
          checksum = r.getLong(1);
        }
      }
    }
    return new Result(engine, wall, rows, checksum, files.size(), bytes, rssKb, note);
  }

  /** A finished child process: wall seconds and peak RSS in KiB (from /usr/bin/time -v). */
  private record Child(double wall, long rssKb) {}

  private static Child run(Path work, String engine, Class<?> main, String... args) throws Exception {
    String tag = engine.replaceAll("[^A-Za-z0-9]+", "_");
    Path time = work.resolve(tag + ".time");
    Path log = work.resolve(tag + ".log");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", time.toString(),
        ProcessHandle.current().info().command().orElse("java")));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      cmd.add(a.startsWith("-Xmx") ? "-Xmx2g" : a);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    System.err.printf("%s: running ...%n", engine);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    String timeOut = Files.readString(time, StandardCharsets.UTF_8);
    check(exit == 0, engine + ": exit " + exit + "; log " + log + ":\n" + tail(log) + "\n" + timeOut);
    System.err.printf("%s: %.1f s%n", engine, wall);
    return new Child(wall, Long.parseLong(match(MAX_RSS, timeOut).group(1)));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Matcher match(Pattern p, String s) {
    Matcher m = p.matcher(s);
    check(m.find(), "no " + p + " in " + s);
    return m;
  }

  private static String uptime() throws IOException {
    return Files.readString(Paths.get("/proc/loadavg")).strip() + " (1/5/15-min load, running/total, last pid)";
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
  }


  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Benchmark check failed: " + what);
    }
  }
}
