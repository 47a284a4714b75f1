package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.check.PublishedRuns;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import io.feedlake.testing.RecordedLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ingest} runs the checks after publishing, on the embedded (Hive) catalog: over seven
 * recorded dates of 9 rows, a dump of 3 records is published, then the volume check named in
 * {@code checks.fail-on} makes ingest exit 6, with the checks in the summary and the date still
 * published; an undeclared payload field of the dump is reported too.
 */
class ChecksIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path lake;
  private static Path alpha;
  private static Path jobs;

  @BeforeAll
  static void setUp() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path root = Files.createTempDirectory("feedlake-checks-it");
    lake = root.resolve("lake");
    alpha = root.resolve("alpha");
    jobs = root.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"order_id STRING, ts STRING\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }"));
    for (int day = 1; day <= 7; day++) {
      RecordedLake.publish(new Configuration(), lake, "orders", "2024-03-0" + day, 9, 0);
    }
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static Cli.Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "lake.root=" + lake, "--set", "jobs.dir=" + jobs));
    return Cli.run(all.toArray(String[]::new));
  }

  private static JsonNode named(JsonNode checks, String name) {
    for (JsonNode c : checks) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + checks);
  }

  @Test
  void ingestPublishesTheDateThenExitsSixWhenAFailOnCheckFails() throws IOException {
    RecordedLake.kcatDump(alpha, "orders", "2024-03-08", List.of(
        "{\"order_id\":\"o1\",\"ts\":\"2024-03-08T10:00:00Z\"}",
        "{\"order_id\":\"o2\",\"ts\":\"2024-03-08T10:00:00Z\",\"coupon\":\"SPRING\"}",
        "{\"order_id\":\"o3\",\"ts\":\"2024-03-08T10:00:00Z\"}"));

    Cli.Result r = feedlake("ingest", "--job", "orders", "--date", "2024-03-08", "--json",
        "--set", "checks.fail-on=[volume]");

    assertThat(r.exit()).as(r.err()).isEqualTo(6);
    JsonNode json = JSON.readTree(r.out().strip());
    assertThat(json.at("/dates/0/status").asText()).isEqualTo("succeeded");
    assertThat(json.at("/dates/0/counts/written").asLong()).isEqualTo(3);
    assertThat(json.at("/checks/0/date").asText()).isEqualTo("2024-03-08");
    assertThat(named(json.at("/checks/0/checks"), "volume").get("status").asText()).isEqualTo("fail");
    JsonNode unknown = named(json.at("/checks/0/checks"), "unknown-fields");
    assertThat(unknown.get("status").asText()).isEqualTo("warn");
    assertThat(unknown.at("/examples/0").asText()).isEqualTo("coupon (1)");
    assertThat(r.err()).contains("(published all the same: checks run after the publish)");
    // The data stays published.
    var published = new PublishedRuns(new Configuration(), lake.toString(), "beta.orders")
        .published(LocalDate.parse("2024-03-08"));
    assertThat(published).isPresent();
    assertThat(published.get().written()).isEqualTo(3);
    assertThat(published.get().runId()).isEqualTo(json.get("run_id").asText());
  }
}
