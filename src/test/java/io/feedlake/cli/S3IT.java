package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.glue.FakeGlue;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import io.feedlake.testing.S3Server;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * feedlake on an S3-protocol store: S3Proxy on loopback ({@link S3Server}), the bundled kcat and Adobe
 * samples copied to {@code s3a://alpha/}, the lake at {@code s3a://lake/l}, the embedded catalog on
 * local disk. Ingest (Adobe's MD5 and size checks read S3 streams), report, re-run, rollback, vacuum
 * and sync, with the counts compared with data-samples/*&#47;EXPECTED.json as {@link DemoIT} does;
 * then the same S3 lake with the Glue fake ({@link FakeGlue}) as its catalog: ingest, sync, register,
 * a report that reads its partitions from Glue, retention and ddl.
 * The S3A request counts of one ingest and one sync are written to {@code
 * target/s3-it-requests.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3IT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAKE = "s3a://lake/l";
  private static final List<String> DATES = List.of("2024-03-01", "2024-03-02", "2024-03-03");
  private static final StringBuilder REQUESTS = new StringBuilder();
  private static S3Server s3;
  private static Path confFile;
  private static Configuration hadoop;
  private static long started;

  @BeforeAll
  static void startServerAndCopyTheSamples() throws IOException {
    started = System.nanoTime();
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path dir = Files.createTempDirectory("feedlake-s3-it");
    s3 = S3Server.start(dir.resolve("s3"));
    s3.createBucket("alpha");
    s3.createBucket("lake");
    hadoop = new Configuration();
    s3.hadoopSettings().forEach(hadoop::set);
    FileSystem alpha = FileSystem.get(URI.create("s3a://alpha/"), hadoop);
    alpha.copyFromLocalFile(new org.apache.hadoop.fs.Path(new File("data-samples/kafka").getAbsoluteFile().toURI()),
        new org.apache.hadoop.fs.Path("s3a://alpha/kafka"));
    alpha.copyFromLocalFile(new org.apache.hadoop.fs.Path(new File("data-samples/adobe").getAbsoluteFile().toURI()),
        new org.apache.hadoop.fs.Path("s3a://alpha/adobe"));
    // The S3 settings are test configuration in a --conf-file that includes the shipped one.
    StringBuilder conf = new StringBuilder("include file(\"" + Paths.get("conf/application.conf").toAbsolutePath() + "\")\n");
    conf.append("lake.root = \"").append(LAKE).append("\"\n");
    conf.append("catalog.embedded.dir = \"").append(dir.resolve("catalog")).append("\"\n");
    s3.hadoopSettings().forEach((k, v) -> conf.append("spark.conf.\"spark.hadoop.").append(k).append("\" = \"").append(v).append("\"\n"));
    confFile = dir.resolve("s3.conf");
    Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() throws IOException {
    LocalSpark.stop();
    if (s3 != null) {
      s3.close();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    REQUESTS.insert(0, String.format("S3IT wall time: %.1f s%n", seconds));
    Files.createDirectories(Paths.get("target"));
    Files.writeString(Paths.get("target/s3-it-requests.txt"), REQUESTS.toString(), StandardCharsets.UTF_8);
    System.err.print(REQUESTS);
  }

  private static Cli.Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf-file");
    all.add(confFile.toString());
    return Cli.run(all.toArray(String[]::new));
  }

  /**
   * Requests S3Proxy served since {@code from} (an index into {@link S3Server#requests}), by method
   * ({@code GET} with a listing query counted as {@code LIST}; copies are {@code PUT}s, which the log
   * does not tell apart).
   */
  private static Map<String, Long> requestsSince(int from) {
    List<String> all = s3.requests();
    Map<String, Long> out = new TreeMap<>();
    for (String r : all.subList(from, all.size())) {
      // "Request(GET http://127.0.0.1:port/bucket/key?query)@hash"
      String[] parts = r.replaceFirst("^Request\\(", "").split(" ", 3);
      String method = parts[0];
      String uri = parts.length > 1 ? parts[1] : "";
      String kind = method;
      if (method.equals("GET") && (uri.contains("list-type") || uri.contains("delimiter") || uri.contains("prefix="))) {
        kind = "LIST";
      } else if (method.equals("POST") && uri.contains("delete")) {
        kind = "DELETE (multi)";
      }
      out.merge(kind, 1L, Long::sum);
    }
    out.put("total", (long) (all.size() - from));
    return out;
  }

  private static JsonNode json(Cli.Result r) throws IOException {
    assertThat(r.out().strip()).as(r.err()).isNotEmpty();
    return JSON.readTree(r.out().strip());
  }

  @Test
  @Order(1)
  void kcatJobsIngestFromS3IntoAnS3LakeWithTheGeneratorsCounts() throws IOException {
    JsonNode expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json"));
    for (String job : List.of("vsco_events", "gif_activity")) {
      int from = s3.requests().size();
      Cli.Result r = feedlake("ingest", "--job", job, "--from", DATES.get(0), "--to", DATES.get(2), "--json",
          "--set", "source.path=s3a://alpha/kafka");
      JsonNode summary = json(r);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(summary.get("dates")).hasSize(3);
      for (JsonNode d : summary.get("dates")) {
        JsonNode want = expected.at("/jobs/" + job + "/dates/" + d.get("date").asText());
        JsonNode c = d.get("counts");
        String ctx = job + " " + d.get("date").asText();
        assertThat(d.get("location").asText()).as(ctx).startsWith(LAKE + "/beta/" + job + "/date=");
        assertThat(c.get("lines_read").asLong()).as(ctx).isEqualTo(want.get("lines").asLong());
        assertThat(c.get("written").asLong()).as(ctx).isEqualTo(want.get("written").asLong());
        assertThat(c.get("duplicates").asLong()).as(ctx).isEqualTo(want.get("duplicates").asLong());
        assertThat(c.get("quarantined").asLong()).as(ctx).isEqualTo(want.get("quarantined").asLong());
        assertThat(c.get("filtered").asLong()).as(ctx).isEqualTo(want.get("filtered").asLong());
        assertThat(c.get("quarantined_by_reason")).as(ctx).isEqualTo(want.get("quarantined_by_reason"));
      }
      if (job.equals("vsco_events")) {
        REQUESTS.append("ingest vsco_events, 3 dates (whole command, both buckets): ")
            .append(requestsSince(from)).append('\n');
      }
    }
    FileSystem fs = FileSystem.get(URI.create(LAKE), SparkSession.active().sparkContext().hadoopConfiguration());
    for (String d : DATES) {
      FileStatus[] runs = fs.listStatus(new org.apache.hadoop.fs.Path(LAKE + "/beta/vsco_events/date=" + d));
      assertThat(runs).as(d).hasSize(1);
      assertThat(runs[0].getPath().getName()).startsWith("run=");
      assertThat(fs.listStatus(runs[0].getPath(), p -> p.getName().endsWith(".snappy.parquet"))).as(d).isNotEmpty();
    }
    List<Row> partitions = SparkSession.active().sql("SHOW PARTITIONS beta.vsco_events").collectAsList();
    assertThat(partitions).extracting(r -> r.getString(0))
        .containsExactly("date=2024-03-01", "date=2024-03-02", "date=2024-03-03");
  }

  @Test
  @Order(2)
  void adobeDeliveryIsVerifiedByMd5AndSizeOverS3AndReconciles() throws IOException {
    JsonNode adobe = JSON.readTree(new File("data-samples/adobe/EXPECTED.json"));
    Cli.Result r = feedlake("ingest", "--job", "adobe_clickstream", "--date", "2024-03-02", "--json",
        "--set", "source.path=s3a://alpha/adobe");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode c = json(r).get("dates").get(0).get("counts");
    assertThat(c.get("lines_read").asLong()).isEqualTo(adobe.at("/counts/records_read").asLong());
    assertThat(c.get("written").asLong()).isEqualTo(adobe.at("/counts/written").asLong());
    assertThat(c.get("duplicates").asLong()).isEqualTo(adobe.at("/counts/duplicates").asLong());
    assertThat(c.get("quarantined_by_reason")).isEqualTo(adobe.at("/counts/quarantined_by_reason"));
    assertThat(r.err()).contains("by size and MD5");

    Cli.Result report = feedlake("report", "adobe_daily_metrics", "--date", "2024-03-02", "--json");
    assertThat(report.exit()).as(report.err()).isZero();
    Row m = SparkSession.active().sql("SELECT hits, page_views, visits, visitors FROM (" + Files.readString(
        Paths.get("jobs/reports/adobe_daily_metrics.sql")).replace(":date", "'2024-03-02'") + ")").collectAsList().get(0);
    JsonNode want = adobe.at("/reports/adobe_daily_metrics/2024-03-02");
    assertThat(List.of(m.getLong(0), m.getLong(1), m.getLong(2), m.getLong(3))).containsExactly(
        want.get("hits").asLong(), want.get("page_views").asLong(), want.get("visits").asLong(),
        want.get("visitors").asLong());
  }

  @Test
  @Order(3)
  void aReportOverTheS3LakeMatchesTheGeneratorsFigures() throws IOException {
    JsonNode expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/reports/events_per_type_per_day");
    Cli.Result r = feedlake("report", "events_per_type_per_day", "--from", DATES.get(0), "--to", DATES.get(2),
        "--format", "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(expected.size() + 1);
    for (JsonNode row : expected) {
      assertThat(lines).as(row.toString()).contains(
          row.get("date").asText() + "," + row.get("event_type").asText() + "," + row.get("events").asLong());
    }
  }

  @Test
  @Order(4)
  void reRunRollbackAndVacuumWorkOnS3() throws IOException {
    String date = "2024-03-02";
    Cli.Result again = feedlake("ingest", "--job", "vsco_events", "--date", date, "--json", "--set", "source.path=s3a://alpha/kafka");
    assertThat(again.exit()).as(again.err()).isZero();
    String second = json(again).get("dates").get(0).get("location").asText();

    Cli.Result back = feedlake("rollback", "--job", "vsco_events", "--date", date, "--json");
    assertThat(back.exit()).as(back.err()).isZero();
    JsonNode b = json(back);
    assertThat(b.get("from").asText()).isEqualTo(second);
    assertThat(b.get("to").asText()).isNotEqualTo(second).startsWith(LAKE + "/beta/vsco_events/date=" + date + "/run=");
    assertThat(SparkSession.active().sql("DESCRIBE FORMATTED beta.vsco_events PARTITION (date='" + date + "')")
        .where("col_name = 'Location'").first().getString(1)).isEqualTo(b.get("to").asText());

    Cli.Result vacuum = feedlake("vacuum", "--job", "vsco_events", "--older-than", "0s", "--execute", "--json");
    assertThat(vacuum.exit()).as(vacuum.err()).isZero();
    // The rolled-back run's quarantine rows live in that run's own directory and go with it.
    String secondQuarantine = second.replace(LAKE + "/beta/vsco_events/", LAKE + "/beta/_quarantine/vsco_events/");
    // Both were parked outside the table directories by the rollback (path readers).
    assertThat(json(vacuum).at("/vacuum/deleted")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
        second.replace(LAKE + "/beta/vsco_events/", LAKE + "/_feedlake/superseded/beta.vsco_events/"),
        second.replace(LAKE + "/beta/vsco_events/", LAKE + "/_feedlake/superseded/beta.vsco_events_quarantine/"));
    FileSystem fs = FileSystem.get(URI.create(LAKE), SparkSession.active().sparkContext().hadoopConfiguration());
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(second))).isFalse();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(secondQuarantine))).isFalse();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(b.get("to").asText()))).isTrue();
  }

  @Test
  @Order(5)
  void syncFindsTheS3LakeAndTheCatalogInAgreement() throws IOException {
    int from = s3.requests().size();
    Cli.Result sync = feedlake("sync", "--job", "vsco_events", "--json");
    assertThat(sync.exit()).as(sync.err()).isZero();
    Map<String, Long> requests = requestsSince(from);
    REQUESTS.append("sync vsco_events, 3 dates: ").append(requests).append('\n');
    assertThat(requests.get("total")).as(requests.toString()).isPositive();
    JsonNode t = json(sync).at("/tables/beta.vsco_events");
    assertThat(t.get("on_storage").asInt()).isEqualTo(3);
    assertThat(t.get("registered_before").asInt()).isEqualTo(3);
    assertThat(t.get("added").isObject() && t.get("added").isEmpty()).as(t.toString()).isTrue();
    assertThat(t.get("dangling").isObject() && t.get("dangling").isEmpty()).as(t.toString()).isTrue();
  }

  @Test
  @Order(6)
  void theOutcomeOfACallerNamedRunIsReadBackFromTheS3Lake() throws IOException {
    Cli.Result missing = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-09", "--run-id", "s3it.missing",
        "--set", "source.path=s3a://alpha/kafka");
    assertThat(missing.exit()).as(missing.err()).isEqualTo(4);
    Cli.Result four = feedlake("outcome", "--run-id", "s3it.missing", "--job", "vsco_events", "--json");
    assertThat(four.exit()).as(four.err()).isEqualTo(4);
    assertThat(json(four).get("recorded").asBoolean()).isTrue();
    assertThat(json(four).at("/outcomes/0/record").asText())
        .isEqualTo(LAKE + "/_feedlake/outcomes/vsco_events/run=s3it.missing.json");

    // One flipped byte in an Adobe data file: same size, wrong MD5.
    Path bad = Files.createTempDirectory("feedlake-s3-it-adobe-bad");
    for (File f : new File("data-samples/adobe").listFiles()) {
      Path copy = bad.resolve(f.getName());
      Files.copy(f.toPath(), copy);
      if (f.getName().startsWith("01-")) {
        byte[] b = Files.readAllBytes(copy);
        b[b.length / 2] ^= 0x01;
        Files.write(copy, b);
      }
      s3.putObject("alpha", "adobe-bad/" + f.getName(), copy);
    }
    Cli.Result corrupt = feedlake("ingest", "--job", "adobe_clickstream", "--date", "2024-03-02", "--run-id", "s3it.corrupt",
        "--set", "source.path=s3a://alpha/adobe-bad");
    assertThat(corrupt.exit()).as(corrupt.err()).isEqualTo(3);
    Cli.Result three = feedlake("outcome", "--run-id", "s3it.corrupt", "--job", "adobe_clickstream");
    assertThat(three.exit()).as(three.err()).isEqualTo(3);
    assertThat(three.err()).contains("run s3it.corrupt (adobe_clickstream) ended with exit 3", "MD5");
  }

  @Test
  @Order(7)
  void aConfFileOnS3IsReadWithTheFilesItIncludes() throws IOException {
    Path local = Files.createTempDirectory("feedlake-s3-it-conf");
    Files.writeString(local.resolve("cluster.conf"), "include \"base.conf\"\n", StandardCharsets.UTF_8);
    s3.putObject("alpha", "conf/cluster.conf", local.resolve("cluster.conf"));
    s3.putObject("alpha", "conf/base.conf", confFile);
    // As spark-submit --conf spark.hadoop.* would pass them: how to reach the store holding the file.
    s3.hadoopSettings().forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
    try {
      Cli.Result r = Cli.run("outcome", "--run-id", "s3it.missing", "--job", "vsco_events", "--json",
          "--conf-file", "s3a://alpha/conf/cluster.conf");
      // The lake root (s3a://lake/l) came from base.conf, through the include.
      assertThat(r.exit()).as(r.err()).isEqualTo(4);
      assertThat(json(r).get("recorded").asBoolean()).as(r.err()).isTrue();
      Cli.Result missing = Cli.run("outcome", "--run-id", "x", "--conf-file", "s3a://alpha/conf/nope.conf");
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.err()).contains("--conf-file: s3a://alpha/conf/nope.conf does not exist");
    } finally {
      s3.hadoopSettings().keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
    }
  }

  @Test
  @Order(8)
  void theS3LakeWithTheGlueFakeAsItsCatalog() throws IOException {
    String table = LAKE + "/beta/vsco_events/date=";
    try (FakeGlue fake = FakeGlue.start()) {
      // The Glue client's default chain reads these; S3A keeps its own (test) provider.
      System.setProperty("aws.accessKeyId", "AKIDFEEDLAKETEST");
      System.setProperty("aws.secretAccessKey", "not-a-secret");
      String[] glue = {"--set", "catalog.type=glue", "--set", "catalog.glue.endpoint=" + fake.endpoint(),
          "--set", "catalog.glue.region=eu-west-1", "--set", "catalog.glue.retry.base-delay=5ms",
          "--set", "catalog.glue.mirror-embedded=false"};
      java.util.function.Function<String[], Cli.Result> withGlue = args -> {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(glue));
        return feedlake(all.toArray(String[]::new));
      };

      // The first ingest into Glue creates the tables; the other two dates are on S3 already.
      Cli.Result ingest = withGlue.apply(new String[] {"ingest", "--job", "vsco_events", "--date", DATES.get(2),
          "--set", "source.path=s3a://alpha/kafka"});
      assertThat(ingest.exit()).as(ingest.err()).isZero();
      assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events")).containsOnlyKeys(DATES.get(2));

      Cli.Result sync = withGlue.apply(new String[] {"sync", "--job", "vsco_events", "--json"});
      assertThat(sync.exit()).as(sync.err()).isZero();
      Map<String, String> locations = new TreeMap<>();
      fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events")
          .forEach((d, p) -> locations.put(d, p.at("/StorageDescriptor/Location").asText()));
      assertThat(locations).containsOnlyKeys(DATES);
      locations.forEach((d, l) -> assertThat(l).startsWith(table + d + "/run="));
      assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events_quarantine")).containsOnlyKeys(DATES);

      Cli.Result register = withGlue.apply(new String[] {"register", "--job", "vsco_events", "--from", DATES.get(0),
          "--to", DATES.get(2), "--json"});
      assertThat(register.exit()).as(register.err()).isZero();
      assertThat(json(register).at("/tables/beta.vsco_events/unchanged").asInt()).as(register.out()).isEqualTo(3);

      JsonNode expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/reports/events_per_type_per_day");
      fake.resetCounts();
      Cli.Result report = withGlue.apply(new String[] {"report", "events_per_type_per_day", "--date", DATES.get(1),
          "--format", "csv"});
      assertThat(report.exit()).as(report.err()).isZero();
      assertThat(fake.partitionExpressions()).containsExactly("date >= '2024-03-02' AND date <= '2024-03-02'");
      List<String> lines = report.out().strip().lines().toList();
      int rows = 0;
      for (JsonNode row : expected) {
        if (row.get("date").asText().equals(DATES.get(1))) {
          rows++;
          assertThat(lines).contains(DATES.get(1) + "," + row.get("event_type").asText() + "," + row.get("events").asLong());
        }
      }
      assertThat(lines).hasSize(rows + 1);

      Cli.Result ddl = withGlue.apply(new String[] {"ddl", "--job", "vsco_events", "--dialect", "athena"});
      assertThat(ddl.exit()).as(ddl.err()).isZero();
      // Athena reads s3:// (the s3a:// of the catalog rewritten), with the partition Glue holds.
      assertThat(ddl.out()).contains("PARTITION (`date`='2024-03-03') LOCATION 's3:"
          + locations.get(DATES.get(2)).substring("s3a:".length()));

      Cli.Result retention = withGlue.apply(new String[] {"retention", "--job", "vsco_events", "--json",
          "--set", "catalog.retention.days=2"});
      assertThat(retention.exit()).as(retention.err()).isZero();
      assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events")).containsOnlyKeys(DATES.get(1), DATES.get(2));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
