package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.glue.FakeGlue;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code catalog.type = glue} with a session catalog that holds nothing (as in a fresh process: a
 * new pod, the next Airflow task): the dates are ingested into {@link FakeGlue} with {@code
 * catalog.glue.mirror-embedded = false}, so the embedded catalog never sees the tables; reports and
 * ad hoc SQL then read the table and only the partitions their date filters select from Glue
 * ({@code GetPartitions} with an {@code Expression}), asserted on what the fake received.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlueFreshReportIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeGlue fake;
  private static String[] glue;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    System.setProperty("aws.accessKeyId", "AKIDFEEDLAKETEST");
    System.setProperty("aws.secretAccessKey", "not-a-secret");
    fake = FakeGlue.start();
    Path dir = Files.createTempDirectory("feedlake-glue-fresh-it");
    glue = new String[] {"--set", "catalog.type=glue", "--set", "catalog.glue.endpoint=" + fake.endpoint(),
        "--set", "catalog.glue.region=eu-west-1", "--set", "catalog.glue.retry.base-delay=5ms",
        "--set", "catalog.glue.mirror-embedded=false", "--set", "lake.root=" + dir.resolve("lake"),
        "--set", "catalog.embedded.dir=" + dir.resolve("catalog")};
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
    fake.close();
  }

  private static Cli.Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(glue));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void threeDatesAreInGlueAndNoneInTheSessionCatalog() {
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events").keySet()).containsExactly(
        "2024-03-01", "2024-03-02", "2024-03-03");
    assertThat(SparkSession.active().catalog().tableExists("beta", "vsco_events")).isFalse();
  }

  @Test
  @Order(2)
  void aReportReadsTheTableAndOnlyItsDatesPartitionFromGlue() throws Exception {
    fake.resetCounts();
    Cli.Result r = feedlake("report", "events_per_type_per_day", "--date", "2024-03-02", "--format", "csv");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(fake.partitionExpressions()).containsExactly("date >= '2024-03-02' AND date <= '2024-03-02'");
    assertThat(fake.requests()).containsEntry("GetPartitions", 1);
    assertThat(r.err()).contains("glue: beta.vsco_events: 1 partition(s) from GetPartitions with Expression");
    assertThat(SparkSession.active().sql("SHOW PARTITIONS beta.vsco_events").collectAsList())
        .extracting(row -> row.getString(0)).containsExactly("date=2024-03-02");
    JsonNode expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/reports/events_per_type_per_day");
    List<String> lines = r.out().strip().lines().toList();
    int rows = 0;
    for (JsonNode row : expected) {
      if (row.get("date").asText().equals("2024-03-02")) {
        rows++;
        assertThat(lines).contains("2024-03-02," + row.get("event_type").asText() + "," + row.get("events").asLong());
      }
    }
    assertThat(lines).hasSize(rows + 1);
  }

  @Test
  @Order(3)
  void aRangeAndAnInListArePrunedByGlueAndADateDroppedFromGlueIsNotRead() {
    fake.resetCounts();
    Cli.Result range = feedlake("report", "events_per_type_per_day", "--from", "2024-03-02", "--to", "2024-03-03",
        "--format", "csv");
    assertThat(range.exit()).as(range.err()).isZero();
    assertThat(fake.partitionExpressions()).containsExactly("date >= '2024-03-02' AND date <= '2024-03-03'");
    assertThat(range.err()).contains("glue: beta.vsco_events: 2 partition(s)");
    assertThat(range.out()).contains("2024-03-03,").doesNotContain("2024-03-01,");

    // Another process rolls 2024-03-03 out of Glue; this session catalog still has it registered.
    assertThat(fake.removePartition(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events", "2024-03-03")).isTrue();
    Cli.Result in = feedlake("sql", "--format", "csv",
        "SELECT count(*) AS n FROM beta.vsco_events WHERE `date` IN ('2024-03-01', '2024-03-03')");
    assertThat(in.exit()).as(in.err()).isZero();
    assertThat(fake.partitionExpressions()).last().isEqualTo("date IN ('2024-03-01', '2024-03-03')");
    assertThat(in.err()).contains("glue: beta.vsco_events: 1 partition(s)");
    long written = readWritten("2024-03-01");
    assertThat(in.out().strip().lines().toList()).containsExactly("n", String.valueOf(written));
  }

  private static long readWritten(String date) {
    try {
      return JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/jobs/vsco_events/dates/" + date + "/written")
          .asLong();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
