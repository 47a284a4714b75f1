package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.glue.FakeGlue;
import io.feedlake.testing.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code catalog.type = glue} end to end against {@link FakeGlue} (a loopback protocol fake of
 * the Glue API, not an emulator), by configuration alone: catalog commands without Spark, the
 * demo registering in Glue in another account while mirroring into the embedded catalog for its
 * reports, then register and retention through Glue.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlueDemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "444455556666";
  private static FakeGlue fake;
  private static Path lake;
  private static String[] glue;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    System.setProperty("aws.accessKeyId", "AKIDFEEDLAKETEST");
    System.setProperty("aws.secretAccessKey", "not-a-secret");
    fake = FakeGlue.start();
    lake = Files.createTempDirectory("feedlake-glue-it").resolve("lake");
    glue = new String[] {"--set", "catalog.type=glue", "--set", "catalog.glue.endpoint=" + fake.endpoint(),
        "--set", "catalog.glue.region=eu-west-1", "--set", "catalog.glue.catalog-id=" + ACCOUNT,
        "--set", "catalog.glue.retry.base-delay=5ms"};
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
    fake.close();
  }

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out.strip());
    }
  }

  static Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(glue));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  @Order(1)
  void withoutTheMirrorCatalogCommandsRunWithoutSpark() throws Exception {
    Result r = feedlake("sync", "--job", "vsco_events", "--json", "--set", "lake.root=" + lake,
        "--set", "catalog.glue.mirror-embedded=false");

    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.json().at("/tables/beta.vsco_events/registered_before").asInt()).isZero();
    assertThat(r.json().get("glue_calls").toString()).isEqualTo("{\"GetTable\":2}");
    assertThat(SparkSession.getDefaultSession().isDefined()).isFalse();
  }

  @Test
  @Order(2)
  void theDemoRegistersInGlueAndReportsOnTheMirror() throws Exception {
    fake.resetCounts();
    Result r = feedlake("demo", "--lake", lake.toString(), "--json");

    assertThat(r.exit).as(r.err).isZero();
    JsonNode s = r.json();
    assertThat(s.get("dates")).hasSize(12);
    assertThat(s.get("report_runs").asInt()).isEqualTo(10);
    String runId = s.get("run_id").asText();
    for (String table : List.of("vsco_events", "gif_activity")) {
      Map<String, String> locations = new TreeMap<>();
      fake.partitions(ACCOUNT, "beta", table).forEach((d, p) -> locations.put(d, p.at("/StorageDescriptor/Location").asText()));
      assertThat(locations).as(table).containsOnlyKeys("2024-03-01", "2024-03-02", "2024-03-03");
      locations.forEach((d, l) -> assertThat(l).isEqualTo("file:" + lake.resolve("beta/" + table + "/date=" + d + "/run=" + runId + "-" + d.replace("-", ""))));
      assertThat(fake.partitions(ACCOUNT, "beta", table + "_quarantine")).hasSize(3);
    }
    assertThat(fake.catalogIds()).containsOnly(ACCOUNT);
    assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "vsco_events")).isEmpty();
    assertThat(s.get("glue_calls").get("CreateTable").asInt()).isEqualTo(12); // six beta tables and their quarantine tables
    assertThat(SparkSession.active().sql("SHOW PARTITIONS beta.vsco_events").count()).isEqualTo(3);
  }

  @Test
  @Order(3)
  void reRegisteringIsIdempotentAndRetentionHidesOldDatesInGlueAndTheMirror() throws Exception {
    Result again = feedlake("register", "--job", "gif_activity", "--from", "2024-03-01", "--to", "2024-03-03",
        "--json", "--set", "lake.root=" + lake);
    assertThat(again.exit).as(again.err).isZero();
    assertThat(again.json().at("/tables/beta.gif_activity/unchanged").asInt()).isEqualTo(3);
    assertThat(again.json().at("/glue_calls/BatchCreatePartition").asInt()).isEqualTo(2);

    Result kept = feedlake("retention", "--job", "gif_activity", "--json", "--set", "lake.root=" + lake,
        "--set", "catalog.retention.days=2");

    assertThat(kept.exit).as(kept.err).isZero();
    assertThat(kept.json().get("expose_from").asText()).isEqualTo("2024-03-02");
    assertThat(fake.partitions(ACCOUNT, "beta", "gif_activity")).containsOnlyKeys("2024-03-02", "2024-03-03");
    assertThat(fake.partitions(ACCOUNT, "beta", "gif_activity_quarantine")).containsOnlyKeys("2024-03-02", "2024-03-03");
    SparkSession.active().catalog().refreshTable("beta.gif_activity");
    assertThat(SparkSession.active().sql("SHOW PARTITIONS beta.gif_activity").count()).isEqualTo(2);

    Result sync = feedlake("sync", "--job", "gif_activity", "--json", "--set", "lake.root=" + lake);
    assertThat(sync.json().at("/tables/beta.gif_activity/added").size()).as("sync keeps what retention hid").isZero();

    Result back = feedlake("retention", "--job", "gif_activity", "--json", "--set", "lake.root=" + lake,
        "--set", "catalog.retention.days=2", "--expose-from", "2024-03-01");
    assertThat(back.exit).as(back.err).isZero();
    assertThat(fake.partitions(ACCOUNT, "beta", "gif_activity")).containsOnlyKeys("2024-03-01", "2024-03-02", "2024-03-03");
  }
}
