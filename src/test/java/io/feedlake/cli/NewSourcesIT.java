package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end over the bundled samples of the registered source types: {@code files} (the VSCO
 * Parquet sample) and {@code debezium} (the inventory.customers changes), each date checked
 * against the EXPECTED.json its generator worked out; then the report over the view
 * inventory_customers_latest against the generator's current rows. Own JVM (failsafe).
 */
class NewSourcesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path lake;

  @BeforeAll
  static void home() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    lake = Files.createTempDirectory("feedlake-new-sources-it");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static JsonNode ingest(String job) throws IOException {
    Cli.Result r = Cli.run("ingest", "--job", job, "--from", "2024-03-01", "--to", "2024-03-02", "--json",
        "--set", "lake.root=" + lake);
    assertThat(r.exit()).as(job + ": " + r.err() + r.out()).isZero();
    return JSON.readTree(r.out().strip());
  }

  private static void assertMatchesExpected(JsonNode summary, JsonNode expected, String job) {
    assertThat(summary.get("dates")).hasSize(2);
    for (JsonNode d : summary.get("dates")) {
      String ctx = job + " " + d.get("date").asText();
      JsonNode want = expected.at("/jobs/" + job + "/dates/" + d.get("date").asText());
      JsonNode c = d.get("counts");
      assertThat(c.get("lines_read").asLong() - c.get("skipped").asLong()).as(ctx + " reconciles")
          .isEqualTo(c.get("written").asLong() + c.get("duplicates").asLong() + c.get("quarantined").asLong()
              + c.get("filtered").asLong());
      for (String k : List.of("written", "duplicates", "quarantined", "filtered", "skipped")) {
        assertThat(c.get(k).asLong()).as(ctx + " " + k).isEqualTo(want.get(k).asLong());
      }
      assertThat(c.get("lines_read").asLong()).as(ctx).isEqualTo(want.get("lines").asLong());
      assertThat(d.get("input_files").asLong()).as(ctx).isEqualTo(want.get("files").asLong());
      assertThat(c.get("quarantined_by_reason")).as(ctx).isEqualTo(want.get("quarantined_by_reason"));
      if (want.has("filtered_by_reason")) {
        assertThat(c.get("filtered_by_reason")).as(ctx).isEqualTo(want.get("filtered_by_reason"));
        assertThat(d.get("metrics")).as(ctx + " op counts").isEqualTo(want.get("metrics"));
      }
    }
  }

  @Test
  void parquetFilesIngestAsTheGeneratorSaysAndAMisshapenFileIsQuarantinedWhole() throws IOException {
    JsonNode expected = JSON.readTree(new File("data-samples/vsco-parquet/EXPECTED.json"));
    assertMatchesExpected(ingest("vsco_alpha_parquet"), expected, "vsco_alpha_parquet");

    SparkSession spark = SparkSession.active();
    List<Row> reasons = spark.sql("SELECT DISTINCT regexp_replace(message, '^file [^ ]*/', 'file ') "
        + "FROM beta.vsco_alpha_parquet_quarantine WHERE reason = 'file_schema_mismatch'").collectAsList();
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0).getString(0)).isEqualTo("file part-00002.parquet: column properties.durationMs: "
        + "found string, expected bigint (a column of another type is read only when it up-casts without loss)");
    Row upcast = spark.sql("SELECT count(*), min(typeof(properties_duration_ms)) FROM beta.vsco_alpha_parquet "
        + "WHERE event_id LIKE 'evt-2024-03-02-int-%'").collectAsList().get(0);
    assertThat(upcast.getLong(0)).as("rows of the INT file, read as BIGINT").isEqualTo(20);
    assertThat(upcast.getString(1)).isEqualTo("bigint");
  }

  @Test
  void debeziumChangesGiveTheCurrentRowsThroughTheLatestView() throws IOException {
    JsonNode expected = JSON.readTree(new File("data-samples/debezium/EXPECTED.json"));
    assertMatchesExpected(ingest("inventory_customers"), expected, "inventory_customers");

    SparkSession spark = SparkSession.active();
    spark.sql("CREATE OR REPLACE VIEW beta.inventory_customers_latest AS\n"
        + Files.readString(Paths.get("jobs/views/inventory_customers_latest.sql")));
    List<String> got = new ArrayList<>();
    for (Row r : spark.sql(Files.readString(Paths.get("jobs/reports/inventory_customers_current.sql"))).collectAsList()) {
      got.add(r.getInt(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3));
    }
    List<String> want = new ArrayList<>();
    for (JsonNode row : expected.get("latest")) {
      want.add(row.get("id").asInt() + "|" + row.get("first_name").asText() + "|" + row.get("last_name").asText()
          + "|" + row.get("email").asText());
    }
    assertThat(got).as("current rows, in id order").isEqualTo(want);
  }
}
