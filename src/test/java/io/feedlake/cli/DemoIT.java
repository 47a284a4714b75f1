package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: {@code feedlake demo} over the bundled samples into a temporary lake, checked
 * against data-samples/kafka/EXPECTED.json and data-samples/adobe/EXPECTED.json, which the sample
 * generators computed independently. The kcat jobs have three dates each and the Adobe job one
 * (2024-03-02); {@link AdobeIT} checks the Adobe table in depth. Then, on the same lake, the reports:
 * golden outputs (src/test/resources/golden/<report>/<case>.args with the expected CSV in
 * <case>.csv; rewritten only with {@code mvn verify -Dgolden.update=true}), the pruning guard and the
 * scan limit (both refuse and both can be overridden), and explain's figures equal to what the run
 * reads (these were ReportsIT, which ran the whole demo a second time). One Hive-enabled session
 * (created by the command) for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");
  private static final List<String> DATES = List.of("2024-03-01", "2024-03-02", "2024-03-03");
  private static Path lake;
  private static JsonNode expected;
  private static JsonNode summary;
  private static int demoExit;

  @BeforeAll
  static void runDemo() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    lake = Files.createTempDirectory("feedlake-demo-it");
    expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json"));
    Cli.Result r = feedlake("demo", "--lake", lake.toString(), "--json");
    demoExit = r.exit();
    summary = JSON.readTree(r.out().strip());
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  static Cli.Result feedlake(String... args) {
    return Cli.run(args);
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  @Test
  @Order(1)
  void demoSucceedsWithOneJsonSummaryLine() {
    assertThat(demoExit).as(summary.toString()).isZero();
    assertThat(summary.get("status").asText()).isEqualTo("succeeded");
    assertThat(summary.get("command").asText()).isEqualTo("demo");
    // 3 kcat dates x 2 jobs + 1 Adobe date + 1 CRM date + 2 Parquet dates + 2 Debezium dates;
    // reports: events_per_type_per_day, daily_record_counts, web_leads_by_channel and
    // inventory_customers_current once over the range, gif_clicks and adobe_daily_metrics once per date.
    assertThat(summary.get("dates")).hasSize(12);
    assertThat(summary.get("report_runs").asInt()).isEqualTo(10);
    for (String key : List.of("run_id", "exit_code", "records_read", "written", "duplicates", "quarantined",
        "filtered", "files_written", "bytes_written", "seconds")) {
      assertThat(summary.has(key)).as(key).isTrue();
    }
  }

  @Test
  @Order(2)
  void everyDateReconcilesAndMatchesTheGeneratorsCounts() {
    Map<String, String> tables = Map.of("beta.vsco_events", "vsco_events", "beta.gif_activity", "gif_activity");
    int checked = 0;
    for (JsonNode d : summary.get("dates")) {
      String location = d.get("location").asText();
      if (!location.contains("vsco_events") && !location.contains("gif_activity")) {
        if (location.contains("crm_leads")) {
          // The hand-written CRM export: 10 leads under a header row.
          assertThat(d.get("counts").get("written").asLong()).isEqualTo(10);
          assertThat(d.get("counts").get("skipped_by_reason").toString()).isEqualTo("{\"header\":1}");
        }
        continue;
      }
      String job = tables.get(d.get("location").asText().contains("vsco_events") ? "beta.vsco_events" : "beta.gif_activity");
      JsonNode c = d.get("counts");
      JsonNode want = expected.at("/jobs/" + job + "/dates/" + d.get("date").asText());
      String ctx = job + " " + d.get("date").asText();
      long read = c.get("lines_read").asLong() - c.get("skipped").asLong();
      assertThat(read).as(ctx).isEqualTo(c.get("written").asLong() + c.get("duplicates").asLong()
          + c.get("quarantined").asLong() + c.get("filtered").asLong());
      assertThat(c.get("lines_read").asLong()).as(ctx).isEqualTo(want.get("lines").asLong());
      assertThat(c.get("skipped").asLong()).as(ctx).isEqualTo(want.get("skipped").asLong());
      assertThat(c.get("written").asLong()).as(ctx).isEqualTo(want.get("written").asLong());
      assertThat(c.get("duplicates").asLong()).as(ctx).isEqualTo(want.get("duplicates").asLong());
      assertThat(c.get("quarantined").asLong()).as(ctx).isEqualTo(want.get("quarantined").asLong());
      assertThat(c.get("filtered").asLong()).as(ctx).isEqualTo(want.get("filtered").asLong());
      assertThat(c.get("invalid_utf8_lines").asLong()).as(ctx).isEqualTo(want.get("invalid_utf8_lines").asLong());
      assertThat(c.get("quarantined_by_reason")).as(ctx).isEqualTo(want.get("quarantined_by_reason"));
      checked++;
    }
    assertThat(checked).isEqualTo(6);
  }

  @Test
  @Order(10)
  void adobeDeliveryReconcilesWithItsManifestAndReportsAdobesMetrics() throws IOException {
    JsonNode adobe = JSON.readTree(new File("data-samples/adobe/EXPECTED.json"));
    List<JsonNode> dates = new ArrayList<>();
    summary.get("dates").forEach(d -> {
      if (d.get("location").asText().contains("adobe_clickstream")) {
        dates.add(d);
      }
    });
    assertThat(dates).extracting(d -> d.get("date").asText()).containsExactly("2024-03-02");
    JsonNode c = dates.get(0).get("counts");
    assertThat(c.get("lines_read").asLong()).isEqualTo(adobe.at("/counts/records_read").asLong());
    assertThat(c.get("written").asLong()).isEqualTo(adobe.at("/counts/written").asLong());
    assertThat(c.get("duplicates").asLong()).isEqualTo(adobe.at("/counts/duplicates").asLong());
    assertThat(c.get("quarantined_by_reason")).isEqualTo(adobe.at("/counts/quarantined_by_reason"));
    Row m = spark().sql("SELECT hits, page_views, visits, visitors FROM (" + Files.readString(
        Paths.get("jobs/reports/adobe_daily_metrics.sql")).replace(":date", "'2024-03-02'") + ")").collectAsList().get(0);
    JsonNode want = adobe.at("/reports/adobe_daily_metrics/2024-03-02");
    assertThat(List.of(m.getLong(0), m.getLong(1), m.getLong(2), m.getLong(3))).containsExactly(
        want.get("hits").asLong(), want.get("page_views").asLong(), want.get("visits").asLong(),
        want.get("visitors").asLong());
  }

  @Test
  @Order(3)
  void layoutIsHiveStyleSnappyParquetWithInt64MicrosTimestamps() throws IOException {
    for (String table : List.of("vsco_events", "gif_activity")) {
      try (Stream<Path> dirs = Files.list(lake.resolve("beta").resolve(table))) {
        assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList())
            .containsExactly("date=2024-03-01", "date=2024-03-02", "date=2024-03-03");
      }
      // publish.mode = swap (the default): each date holds the demo's run directory.
      for (String d : DATES) {
        try (Stream<Path> runs = Files.list(lake.resolve("beta").resolve(table).resolve("date=" + d))) {
          assertThat(runs.map(p -> p.getFileName().toString()).toList()).as(table + " " + d)
              .containsExactly("run=" + summary.get("run_id").asText() + "-" + d.replace("-", ""));
        }
      }
      for (Path f : parquetFiles(lake.resolve("beta").resolve(table))) {
        assertThat(f.getFileName().toString()).endsWith(".snappy.parquet");
        ParquetMetadata footer;
        try (ParquetFileReader reader =
            ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
          footer = reader.getFooter();
        }
        for (BlockMetaData b : footer.getBlocks()) {
          for (ColumnChunkMetaData c : b.getColumns()) {
            assertThat(c.getCodec()).as(f + " " + c.getPath()).isEqualTo(CompressionCodecName.SNAPPY);
          }
        }
        List<String> timestampColumns = new ArrayList<>();
        for (ColumnDescriptor col : footer.getFileMetaData().getSchema().getColumns()) {
          assertThat(col.getPrimitiveType().getPrimitiveTypeName()).as(f + " " + Arrays.toString(col.getPath()))
              .isNotEqualTo(PrimitiveTypeName.INT96);
          if (col.getPrimitiveType().getLogicalTypeAnnotation()
              instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
            assertThat(col.getPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
            assertThat(ts.getUnit()).isEqualTo(LogicalTypeAnnotation.TimeUnit.MICROS);
            timestampColumns.add(String.join(".", col.getPath()));
          }
        }
        assertThat(timestampColumns).contains("event_ts", "kafka_timestamp");
      }
    }
    assertThat(parquetFiles(lake.resolve("beta/_quarantine/vsco_events/date=2024-03-01/run="
        + summary.get("run_id").asText() + "-20240301"))).hasSize(1);
  }

  @Test
  @Order(4)
  void rowsAreSortedWithinEveryFile() throws IOException {
    assertSortedFiles("vsco_events", "event_type");
    assertSortedFiles("gif_activity", "country");
  }

  private void assertSortedFiles(String table, String first) throws IOException {
    for (Path f : parquetFiles(lake.resolve("beta").resolve(table))) {
      List<Row> rows = spark().read().parquet(f.toString()).select(first, "event_ts").collectAsList();
      assertThat(rows).as(f.toString()).hasSizeGreaterThan(100);
      for (int i = 1; i < rows.size(); i++) {
        Row a = rows.get(i - 1);
        Row b = rows.get(i);
        int byFirst = a.getString(0).compareTo(b.getString(0));
        boolean ordered = byFirst < 0 || (byFirst == 0 && !((Timestamp) a.get(1)).after((Timestamp) b.get(1)));
        assertThat(ordered).as(f + " row " + i + ": " + a + " then " + b).isTrue();
      }
    }
  }

  @Test
  @Order(5)
  void showPartitionsListsExactlyTheDatesWritten() {
    for (String t : List.of("beta.vsco_events", "beta.gif_activity", "beta.vsco_events_quarantine")) {
      List<String> parts = spark().sql("SHOW PARTITIONS " + t).collectAsList().stream().map(r -> r.getString(0)).toList();
      assertThat(parts).as(t).containsExactly("date=2024-03-01", "date=2024-03-02", "date=2024-03-03");
    }
    Map<String, String> locations = new io.feedlake.catalog.SparkSessionCatalog(spark())
        .partitionLocations(new io.feedlake.config.JobSpec.TableName("beta", "vsco_events"));
    for (String d : DATES) {
      assertThat(locations.get(d)).isEqualTo("file:" + lake.resolve("beta/vsco_events/date=" + d + "/run="
          + summary.get("run_id").asText() + "-" + d.replace("-", "")));
    }
    assertThat(new io.feedlake.catalog.SparkSessionCatalog(spark())
        .partitionLocations(new io.feedlake.config.JobSpec.TableName("beta", "vsco_events_quarantine")).get("2024-03-01"))
        .as("the quarantine follows the run")
        .isEqualTo("file:" + lake.resolve("beta/_quarantine/vsco_events/date=2024-03-01/run="
            + summary.get("run_id").asText() + "-20240301"));
  }

  @Test
  @Order(6)
  void sampleReportsGiveTheExpectedValues() throws IOException {
    Path csv = lake.resolve("events.csv");
    Cli.Result r = feedlake("report", "events_per_type_per_day", "--from", "2024-03-01", "--to", "2024-03-03",
        "--out", csv.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> want = new ArrayList<>(List.of("date,event_type,events"));
    for (JsonNode n : expected.at("/reports/events_per_type_per_day")) {
      want.add(n.get("date").asText() + "," + n.get("event_type").asText() + "," + n.get("events").asLong());
    }
    assertThat(Files.readAllLines(csv)).containsExactlyElementsOf(want);
    JsonNode s = JSON.readTree(r.out().strip());
    assertThat(s.get("rows").asInt()).isEqualTo(15);
    assertThat(s.get("partitions_read").asInt()).isEqualTo(3);
    assertThat(s.get("bytes_read").asLong()).isPositive();

    for (String d : DATES) {
      Cli.Result us = feedlake("report", "gif_clicks", "--date", d, "--format", "json");
      assertThat(us.exit()).as(us.err()).isZero();
      JsonNode row = JSON.readTree(us.out().lines().findFirst().orElseThrow());
      JsonNode want2 = expected.at("/reports/us_gif_activity/" + d);
      assertThat(row.get("clicks").asLong()).as(d).isEqualTo(want2.get("clicks").asLong());
      assertThat(row.get("impressions").asLong()).as(d).isEqualTo(want2.get("impressions").asLong());
      assertThat(row.get("events").asLong()).as(d).isEqualTo(want2.get("events").asLong());
      assertThat(us.err()).contains("read 1 partition(s), 1 file(s)");
    }
  }

  @Test
  @Order(7)
  void quarantineTableAnswersSqlWithFileLineAndReason() {
    List<Row> rows = spark().sql(
        "SELECT reason, source_file, line_number, message FROM beta.vsco_events_quarantine "
            + "WHERE `date` = '2024-03-01' ORDER BY reason").collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("early_event", "envelope_parse_error");
    Row bad = rows.get(1);
    assertThat(bad.getString(1)).endsWith("vsco_behavior/dt=2024-03-01/vsco_behavior-p0.json.gz");
    assertThat(bad.getLong(2)).isPositive();
    assertThat(bad.getString(3)).startsWith("not valid JSON");
    Map<String, Long> byReason = spark().sql(
            "SELECT reason, count(*) FROM beta.vsco_events_quarantine GROUP BY reason").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(byReason).containsEntry("late_event", 3L).containsEntry("payload_parse_error", 1L)
        .containsEntry("missing_event_time", 1L);
  }

  @Test
  @Order(8)
  void reRunningADateReplacesItWithIdenticalRowsAndLeavesOtherDatesAlone() throws IOException {
    Dataset<Row> before = spark().table("beta.vsco_events").where("`date` = '2024-03-02'").localCheckpoint();
    long otherBefore = spark().table("beta.vsco_events").where("`date` <> '2024-03-02'").count();

    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-02", "--set", "lake.root=" + lake);

    assertThat(r.exit()).as(r.err()).isZero();
    spark().catalog().refreshTable("beta.vsco_events");
    Dataset<Row> after = spark().table("beta.vsco_events").where("`date` = '2024-03-02'");
    LocalSpark.assertSameRows(before, after);
    assertThat(spark().table("beta.vsco_events").where("`date` <> '2024-03-02'").count()).isEqualTo(otherBefore);
    // The re-run wrote a second run directory and the partition now points at it; the replaced run
    // was moved out of the table directory, so path readers see only the served run.
    try (Stream<Path> runs = Files.list(lake.resolve("beta/vsco_events/date=2024-03-02"))) {
      assertThat(runs.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(1)
          .doesNotContain("run=" + summary.get("run_id").asText() + "-20240302");
    }
    assertThat(lake.resolve("_feedlake/superseded/beta.vsco_events/date=2024-03-02/run="
        + summary.get("run_id").asText() + "-20240302")).isDirectory();
    assertThat(new io.feedlake.catalog.SparkSessionCatalog(spark())
        .partitionLocations(new io.feedlake.config.JobSpec.TableName("beta", "vsco_events")).get("2024-03-02"))
        .doesNotContain(summary.get("run_id").asText());
  }

  @Test
  @Order(9)
  void aMissingDumpIsInputNotReadyWithTheDirectoryNamed() {
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-09", "--set", "lake.root=" + lake, "--json");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("No kcat dump for topic vsco_behavior on 2024-03-09", "dt=2024-03-09", "does not exist");
    assertThat(r.out()).contains("\"status\":\"failed\"", "\"exit_code\":4");
  }

  @Test
  @Order(10)
  void spectrumDdlOfTheSampleTablesMatchesTheGoldenFiles() throws IOException {
    for (String job : List.of("vsco_events", "gif_activity")) {
      Cli.Result r = feedlake("ddl", "--job", job, "--dialect", "spectrum", "--set", "lake.root=" + lake,
          "--location-root", "s3://feedlake-demo/lake", "--region", "us-east-1",
          "--iam-role", "arn:aws:iam::123456789012:role/feedlake-spectrum");
      assertThat(r.exit()).as(r.err()).isZero();
      // Run ids differ per run; the golden files name them <run-id>.
      String ddl = r.out().replaceAll("/run=[^/']+/", "/run=<run-id>/");
      Path golden = Paths.get("src/test/resources/ddl/" + job + ".spectrum.sql");
      if (Boolean.getBoolean("feedlake.regenerate-golden")) {
        Files.writeString(golden, ddl);
      }
      assertThat(ddl).as("golden file " + golden).isEqualTo(Files.readString(golden));
    }
  }

  @Test
  @Order(11)
  void everyGoldenCaseGivesItsCheckedInOutput() throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    List<Path> cases;
    try (Stream<Path> s = Files.walk(GOLDEN)) {
      cases = s.filter(p -> p.toString().endsWith(".args")).sorted().toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(4);
    for (Path args : cases) {
      String report = args.getParent().getFileName().toString();
      Path expected = Paths.get(args.toString().replaceFirst("\\.args$", ".csv"));
      Path out = Files.createTempFile("golden", ".csv");
      List<String> cmd = new ArrayList<>(List.of("report", report));
      cmd.addAll(Files.readAllLines(args, StandardCharsets.UTF_8));
      cmd.addAll(List.of("--format", "csv", "--out", out.toString()));
      Cli.Result r = inLake(cmd.toArray(String[]::new));
      assertThat(r.exit()).as(args + ": " + r.err()).isZero();
      String actual = Files.readString(out, StandardCharsets.UTF_8);
      if (update) {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
      } else {
        assertThat(expected).as("golden file for " + args + " (create with -Dgolden.update=true)").exists();
        assertThat(actual).as(args.toString()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  @Order(12)
  void aQueryWithoutADatePredicateIsRefusedNamingTheTableAndTheBytesUnlessAllowed() throws IOException {
    Cli.Result refused = inLake("sql", "SELECT count(*) AS n FROM beta.vsco_events");

    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).containsPattern(
        "Refused: The query reads beta\\.vsco_events \\(3 partitions, [0-9,]+ bytes\\) with no predicate on the"
            + " partition column `date`");

    Cli.Result allowed = inLake("sql", "SELECT count(*) AS n FROM beta.vsco_events", "--allow-full-scan",
        "--format", "json");
    assertThat(allowed.exit()).as(allowed.err()).isZero();
    assertThat(allowed.out().strip()).isEqualTo("{\"n\":2712}");
    assertThat(allowed.err()).contains("warning: The query reads beta.vsco_events");
  }

  @Test
  @Order(13)
  void aScanOverTheLimitIsRefusedWithTheEstimateAndTheLimitUnlessAllowed() {
    String[] args = {"report", "events_per_type_per_day", "--from", "2024-03-01", "--to", "2024-03-03",
        "--set", "report.max-scan-bytes=100000", "--format", "csv"};

    Cli.Result refused = inLake(args);

    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).containsPattern(
        "Refused: the query would scan [0-9,]+ bytes \\(\\$[0-9.]+ at \\$5/TB\\) over 3 partition\\(s\\) and 3 file\\(s\\),"
            + " above the limit of 100,000 bytes \\(report.max-scan-bytes\\)");
    List<String> more = new ArrayList<>(List.of(args));
    more.add("--allow-large-scan");
    Cli.Result allowed = inLake(more.toArray(String[]::new));
    assertThat(allowed.exit()).as(allowed.err()).isZero();
  }

  @Test
  @Order(14)
  void explainsFiguresEqualWhatTheRunReads() throws IOException {
    for (String country : List.of("US", "JP")) {
      Cli.Result explain = inLake("report", "explain", "gif_clicks", "--date", "2024-03-02", "--param",
          "country=" + country, "--json");
      Cli.Result run = inLake("report", "gif_clicks", "--date", "2024-03-02", "--param", "country=" + country,
          "--json", "--format", "csv");
      assertThat(explain.exit()).as(explain.err()).isZero();
      assertThat(run.exit()).as(run.err()).isZero();
      JsonNode e = JSON.readTree(explain.out().lines().reduce((a, b) -> b).orElseThrow());
      JsonNode r = JSON.readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
      assertThat(r.get("partitions_read").asLong()).isEqualTo(e.get("estimated_partitions").asLong()).isEqualTo(1);
      assertThat(r.get("files_read").asLong()).isEqualTo(e.get("estimated_files").asLong());
      assertThat(r.get("bytes_read").asLong()).isEqualTo(e.get("estimated_bytes").asLong());
      // Column pruning: only date, country, impressions and clicks are read from the files.
      assertThat(r.get("bytes_read_from_storage").asLong()).isPositive().isLessThan(r.get("bytes_read").asLong());
    }
  }

  /** The command with {@code --set lake.root=} the demo's lake appended (the report and sql tests). */
  private static Cli.Result inLake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "lake.root=" + lake));
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
