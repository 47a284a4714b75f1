package io.feedlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.source.adobe.EscapedTsvReader;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.spark.SparkEnv;

/**
 * Measures Adobe Analytics ingest throughput (a benchmark that prints figures, not a timed test).
 * Builds, in a temporary directory, a daily multi-file delivery of report suite {@code
 * examplersid} for 2024-03-02 holding N hits (default 200,000) in up to 4 data files of about N/4
 * records each, by cycling through the 1,957 records of data-samples/adobe with their escaped
 * bytes as delivered: copy k of a record gets {@code hitid_low + k * 0x9E3779B97F4A7C15} (mod
 * 2^64, written as an unsigned decimal; the column is found by name in the lookup archive's
 * {@code column_headers.tsv}), so copies are not duplicates of each other. The sample's own
 * anomalies are kept in every copy: the record with the wrong field count (left as it is), the
 * late hit and the in-delivery duplicate. The lookup archive is copied unchanged and the manifest
 * (MD5, size and record count of every file) is written last. Then runs {@code feedlake ingest
 * --job adobe_clickstream --json} in-process twice, into a temporary lake: a cold JVM, then a
 * warm one (same delivery, table {@code adobe_bench2}). Checks that every record is accounted for
 * (the counts must also match what the copies' anomalies predict) and prints records/s and MB/s
 * (10^6 bytes) of compressed and uncompressed input, by the run summary's seconds and by wall
 * clock around the command, and the disk the delivery, the lake and Spark's shuffle files take.
 * Deletes its temporary directories at the end (Hive's session resources directory is put inside
 * the temporary lake for that). Run with {@code scripts/bench adobe [hits]}.
 */
public final class AdobeIngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RSID = "examplersid";
  static final String DAY = "2024-03-02";
  private static final String LOOKUP = RSID + "_" + DAY + "-lookup_data.tar.gz";
  private static final int MAX_FILES = 4;
  /** Odd, so k * STEP (mod 2^64) differs for every copy k. */
  private static final long STEP = 0x9E3779B97F4A7C15L;

  private AdobeIngestBenchmark() {}

  /** What the ingest does with a sample record (and so with every copy of it). */
  private enum Kind { WRITTEN, DUPLICATE, QUARANTINED }

  /**
   * One sample record, split around its {@code hitid_low} field.
   *
   * @param raw the record's bytes as delivered, without the LF
   * @param lowStart offset of {@code hitid_low} in raw, or -1 when the record is not a valid hit
   * @param lowEnd offset just after {@code hitid_low}
   * @param low the original {@code hitid_low}
   * @param kind what the ingest does with it
   */
  private record Sample(byte[] raw, int lowStart, int lowEnd, long low, Kind kind) {}

  /** A data file written: name, MD5, compressed size, records and uncompressed bytes. */
  private record DataFile(String name, String md5, long size, long records, long uncompressed) {}

  /** One ingest: its label, the command's result, its parsed JSON summary and wall seconds. */
  private record Run(String label, Cli.Result result, JsonNode summary, double wallSeconds) {}

  /**
   * A delivery written by {@link #buildDelivery}.
   *
   * @param hits records in the data files
   * @param files data files written (the lookup archive and manifest come on top)
   * @param expected rows the ingest must write, duplicates and quarantined records, in that order
   * @param columns columns of the report suite (from column_headers.tsv)
   * @param compressed bytes of the gzip data files
   * @param uncompressed bytes of the data files after gunzip
   */
  record Built(long hits, int files, long[] expected, int columns, long compressed, long uncompressed) {}

  /**
   * Builds the delivery this benchmark ingests (see the class comment) for {@code n} hits into
   * {@code dir}, from {@code <home>/data-samples/adobe}; used by {@link IngestBenchmark} too.
   *
   * @throws IOException when the sample cannot be read or the delivery written
   */
  static Built buildDelivery(Path home, Path dir, long n) throws IOException {
    check(n > 0, "hits must be positive, got " + n);
    Path sample = home.resolve("data-samples/adobe");
    List<String> columns = columnHeaders(sample.resolve(LOOKUP));
    List<Sample> samples = samples(sample, columns);
    List<DataFile> files = writeDelivery(dir, sample, samples, n);
    return new Built(n, files.size(), expectedCounts(samples, n), columns.size(),
        files.stream().mapToLong(DataFile::size).sum(), files.stream().mapToLong(DataFile::uncompressed).sum());
  }

  /** Hits whose uncompressed records take about {@code bytes} bytes (at least 1). */
  static long hitsForBytes(Path home, long bytes) throws IOException {
    Path sample = home.resolve("data-samples/adobe");
    List<Sample> samples = samples(sample, columnHeaders(sample.resolve(LOOKUP)));
    double mean = samples.stream().mapToLong(s -> s.raw().length + 1L).average().orElseThrow();
    return Math.max(1, Math.round(bytes / mean));
  }

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 200_000L;
    check(n > 0, "hits must be positive");
    Path home = home();
    System.setProperty("feedlake.home", home.toString());
    Path sample = home.resolve("data-samples/adobe");
    Path delivery = Files.createTempDirectory("feedlake-adobe-bench-delivery");
    Path lake = Files.createTempDirectory("feedlake-adobe-bench-lake");
    try {
      List<String> columns = columnHeaders(sample.resolve(LOOKUP));
      List<Sample> samples = samples(sample, columns);
      long t0 = System.nanoTime();
      List<DataFile> files = writeDelivery(delivery, sample, samples, n);
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      long compressed = files.stream().mapToLong(DataFile::size).sum();
      long uncompressed = files.stream().mapToLong(DataFile::uncompressed).sum();
      long[] expected = expectedCounts(samples, n);
      System.out.printf("delivery: %,d hits in %d data files, %,d bytes compressed, %,d bytes uncompressed"
          + " (built in %.1f s from %,d sample records, %d columns)%n",
          n, files.size(), compressed, uncompressed, buildSeconds, samples.size(), columns.size());

      List<Run> runs = new ArrayList<>();
      runs.add(verify(ingest("run 1 (cold JVM)", delivery, lake, "adobe_clickstream"), n, files.size(), expected));
      runs.add(verify(ingest("run 2 (warm JVM)", delivery, lake, "adobe_bench2"), n, files.size(), expected));
      long deliveryDisk = diskBytes(delivery);
      long lakeDisk = diskBytes(lake);
      long sparkDisk = 0;
      for (File dir : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
        sparkDisk += diskBytes(dir.toPath());
      }

      System.out.println();
      System.out.printf("hits: %,d; data files: %d; compressed: %,d bytes; uncompressed: %,d bytes%n",
          n, files.size(), compressed, uncompressed);
      System.out.printf("expected: %,d written, %,d duplicates, %,d quarantined (every copy keeps the sample's"
          + " anomalies)%n", expected[0], expected[1], expected[2]);
      for (Run r : runs) {
        JsonNode date = r.summary().get("dates").get(0);
        JsonNode c = date.get("counts");
        System.out.printf("%s: %,d read, %,d written, %,d duplicates, %,d quarantined %s; Parquet %,d bytes in %d"
            + " file(s)%n", r.label(), c.get("lines_read").asLong(), c.get("written").asLong(),
            c.get("duplicates").asLong(), c.get("quarantined").asLong(), c.get("quarantined_by_reason"),
            date.get("bytes_written").asLong(), date.get("files_written").asInt());
        rates("summary (per-date seconds)", date.get("seconds").asDouble(), n, compressed, uncompressed);
        rates("wall clock (whole command)", r.wallSeconds(), n, compressed, uncompressed);
      }
      System.out.printf("disk: delivery %,d bytes, lake after both runs %,d bytes (both deleted now); Spark local"
          + " dirs (shuffle files, deleted by Spark when it stops) %,d bytes%n", deliveryDisk, lakeDisk, sparkDisk);
    } finally {
      LocalSpark.stop();
      deleteTree(delivery);
      deleteTree(lake);
    }
  }

  private static void rates(String label, double seconds, long n, long compressed, long uncompressed) {
    System.out.printf("  %-28s %7.1f s: %,9.0f rows/s, %6.2f MB/s compressed, %6.2f MB/s uncompressed%n",
        label, seconds, n / seconds, compressed / seconds / 1e6, uncompressed / seconds / 1e6);
  }

  /** The checkout: {@code feedlake.home} when set, else two levels above target/test-classes. */
  private static Path home() throws URISyntaxException {
    String property = System.getProperty("feedlake.home");
    Path home = property != null ? Paths.get(property)
        : Paths.get(AdobeIngestBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getParent().getParent();
    home = home.toAbsolutePath().normalize();
    check(Files.isDirectory(home.resolve("data-samples/adobe")), "no data-samples/adobe under " + home);
    return home;
  }

  private static Run ingest(String label, Path delivery, Path lake, String table) throws IOException {
    System.err.printf("%s: ingest into table beta.%s ...%n", label, table);
    long t0 = System.nanoTime();
    // Hive's session would otherwise leave an empty <session id>_resources directory in /tmp.
    List<String> args = new ArrayList<>(List.of("ingest", "--job", "adobe_clickstream", "--date", DAY,
        "--set", "lake.root=" + lake, "--set", "source.path=" + delivery, "--set", "table.name=" + table,
        "--set", "spark.conf.\"spark.hadoop.hive.downloaded.resources.dir\"=" + lake.resolve("_hive_resources"),
        "--json"));
    // -Dbench.set="k=v;k2=v2": extra --set overrides for both runs, to price one setting.
    for (String kv : System.getProperty("bench.set", "").split(";")) {
      if (!kv.isBlank()) {
        args.addAll(List.of("--set", kv.strip()));
      }
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    double wall = (System.nanoTime() - t0) / 1e9;
    check(r.exit() == 0, label + ": exit " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
    return new Run(label, r, JSON.readTree(r.out().strip()), wall);
  }

  /** Every record accounted for, and the counts the copies' anomalies predict; throws otherwise. */
  private static Run verify(Run r, long n, int files, long[] expected) {
    JsonNode date = r.summary().get("dates").get(0);
    JsonNode c = date.get("counts");
    long read = c.get("lines_read").asLong();
    long written = c.get("written").asLong();
    long duplicates = c.get("duplicates").asLong();
    long quarantined = c.get("quarantined").asLong();
    String what = r.label() + " summary " + r.summary();
    check(date.get("exit_code").asInt() == 0 && date.get("input_files").asInt() == files, what);
    check(read == n, what + ": lines_read " + read + " != " + n + " records delivered");
    check(written + duplicates + quarantined == read, what + ": written + duplicates + quarantined != lines_read");
    check(c.get("filtered").asLong() == 0 && c.get("skipped").asLong() == 0, what + ": filtered or skipped rows");
    check(written == expected[0] && duplicates == expected[1] && quarantined == expected[2],
        what + ": expected " + Arrays.toString(expected) + " (written, duplicates, quarantined)");
    return r;
  }

  /** Written, duplicates and quarantined when records 0..n-1 cycle through the samples. */
  private static long[] expectedCounts(List<Sample> samples, long n) {
    long[] out = new long[3];
    long full = n / samples.size();
    for (int i = 0; i < samples.size(); i++) {
      out[samples.get(i).kind().ordinal()] += full + (i < n % samples.size() ? 1 : 0);
    }
    return out;
  }

  private static List<String> columnHeaders(Path archive) throws IOException {
    try (InputStream file = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        if (e.getName().equals("column_headers.tsv")) {
          String line = new String(tar.readAllBytes(), StandardCharsets.UTF_8).strip();
          return List.of(line.split("\t", -1));
        }
      }
    }
    throw new IllegalStateException("no column_headers.tsv in " + archive);
  }

  /**
   * The sample's records in delivery order (file 01, then 02), each classified as the ingest
   * will: wrong field count, then a repeated (hitid_high, hitid_low), then a date_time outside
   * the day, are not written.
   */
  private static List<Sample> samples(Path dir, List<String> columns) throws IOException {
    int high = columns.indexOf("hitid_high");
    int low = columns.indexOf("hitid_low");
    int dateTime = columns.indexOf("date_time");
    check(high >= 0 && low >= 0 && dateTime >= 0, "hitid_high, hitid_low or date_time missing from column_headers");
    List<Sample> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String name : List.of("01-", "02-")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name + RSID + "_" + DAY + ".tsv.gz")),
          1 << 16)) {
        EscapedTsvReader reader = new EscapedTsvReader(in);
        for (EscapedTsvReader.Record r = reader.next(); r != null; r = reader.next()) {
          check(!r.blank(), "blank line in the sample");
          if (r.fields().length != columns.size()) {
            out.add(new Sample(r.raw(), -1, -1, 0, Kind.QUARANTINED));
            continue;
          }
          int[] span = fieldSpan(r.raw(), low);
          long id = Long.parseUnsignedLong(r.fields()[low]);
          check(new String(r.raw(), span[0], span[1] - span[0], StandardCharsets.US_ASCII).equals(r.fields()[low]),
              "hitid_low span of record " + r.index());
          Kind kind = !ids.add(r.fields()[high] + "/" + r.fields()[low]) ? Kind.DUPLICATE
              : r.fields()[dateTime].startsWith(DAY) ? Kind.WRITTEN : Kind.QUARANTINED;
          out.add(new Sample(r.raw(), span[0], span[1], id, kind));
        }
      }
    }
    return out;
  }

  /** Start and end offset of field {@code index} in a record's escaped bytes. */
  private static int[] fieldSpan(byte[] raw, int index) {
    int field = 0;
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\\') {
        i++;
      } else if (raw[i] == '\t') {
        if (field == index) {
          return new int[] {start, i};
        }
        field++;
        start = i + 1;
      }
    }
    check(field == index, "record has no field " + index);
    return new int[] {start, raw.length};
  }

  /** Data files, then the lookup archive as it is, then the manifest (Adobe delivers it last). */
  private static List<DataFile> writeDelivery(Path dir, Path sample, List<Sample> samples, long n)
      throws IOException {
    int count = (int) Math.min(MAX_FILES, n);
    List<DataFile> files = new ArrayList<>();
    long next = 0;
    for (int f = 0; f < count; f++) {
      long records = n / count + (f < n % count ? 1 : 0);
      String name = String.format("%02d-%s_%s.tsv.gz", f + 1, RSID, DAY);
      MessageDigest md5 = md5();
      long uncompressed = 0;
      try (OutputStream out = new BufferedOutputStream(new GZIPOutputStream(
          new DigestOutputStream(Files.newOutputStream(dir.resolve(name)), md5), 1 << 16), 1 << 16)) {
        for (long i = next; i < next + records; i++) {
          uncompressed += write(out, samples.get((int) (i % samples.size())), i / samples.size());
        }
      }
      next += records;
      files.add(new DataFile(name, HexFormat.of().formatHex(md5.digest()), Files.size(dir.resolve(name)), records,
          uncompressed));
    }
    Files.copy(sample.resolve(LOOKUP), dir.resolve(LOOKUP));
    StringBuilder manifest = new StringBuilder()
        .append("Datafeed-Manifest-Version: 1.0\nLookup-Files: 1\nData-Files: ").append(files.size())
        .append("\nTotal-Records: ").append(n)
        .append("\n\nLookup-File: ").append(LOOKUP)
        .append("\nMD5-Digest: ").append(HexFormat.of().formatHex(md5().digest(Files.readAllBytes(dir.resolve(LOOKUP)))))
        .append("\nFile-Size: ").append(Files.size(dir.resolve(LOOKUP)));
    for (DataFile f : files) {
      manifest.append("\n\nData-File: ").append(f.name()).append("\nMD5-Digest: ").append(f.md5())
          .append("\nFile-Size: ").append(f.size()).append("\nRecord-Count: ").append(f.records());
    }
    Files.writeString(dir.resolve(RSID + "_" + DAY + ".txt"), manifest, StandardCharsets.UTF_8);
    return files;
  }

  /** Writes copy k of a sample record and its LF; returns the bytes written. */
  private static long write(OutputStream out, Sample s, long k) throws IOException {
    if (s.lowStart() < 0) {
      out.write(s.raw());
      out.write('\n');
      return s.raw().length + 1L;
    }
    byte[] id = Long.toUnsignedString(s.low() + k * STEP).getBytes(StandardCharsets.US_ASCII);
    out.write(s.raw(), 0, s.lowStart());
    out.write(id);
    out.write(s.raw(), s.lowEnd(), s.raw().length - s.lowEnd());
    out.write('\n');
    return s.raw().length - (s.lowEnd() - s.lowStart()) + id.length + 1L;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long diskBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Benchmark sanity check failed: " + what);
    }
  }
}
