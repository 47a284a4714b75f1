package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import io.feedlake.testing.RecordedLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feedlake check} and the checks {@code ingest} runs after publishing, from the command
 * line, over a lake whose earlier dates are run records ({@link RecordedLake}): a day at a third
 * of the trailing median warns (exit 0) and fails with {@code checks.fail-on = [volume]} (exit 6).
 * The ingest side (publish, then exit 6) needs the Hive catalog: {@link ChecksIT}.
 */
class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;

  @TempDir Path root;
  private Path lake;
  private Path alpha;
  private Path jobs;

  @BeforeAll
  static void start() {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    spark = LocalSpark.start();
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  @BeforeEach
  void lake() throws IOException {
    lake = root.resolve("lake");
    alpha = root.resolve("alpha");
    jobs = root.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"order_id STRING, ts STRING\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }"));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (int day = 1; day <= 7; day++) {
      RecordedLake.publish(conf, lake, "orders", "2024-03-0" + day, 9, 0);
    }
  }

  private Cli.Result feedlake(String... args) {
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
  void aThirdOfTheMedianWarnsAndFailsWhenFailOnNamesVolume() throws IOException {
    RecordedLake.publish(spark.sparkContext().hadoopConfiguration(), lake, "orders", "2024-03-08", 3, 0);

    Cli.Result warn = feedlake("check", "--job", "orders", "--date", "2024-03-08");
    assertThat(warn.exit()).as(warn.err()).isZero();
    assertThat(warn.out()).contains("volume          warn  beta.orders date=2024-03-08: 3 rows, 0.3333 x the median"
        + " 9 of the last 7 published date(s), outside 0.5..2");

    Cli.Result fail = feedlake("check", "--job", "orders", "--date", "2024-03-08", "--json",
        "--set", "checks.fail-on=[volume]");
    assertThat(fail.exit()).as(fail.err()).isEqualTo(6);
    JsonNode json = JSON.readTree(fail.out().strip());
    assertThat(json.get("job").asText()).isEqualTo("orders");
    assertThat(json.get("table").asText()).isEqualTo("beta.orders");
    assertThat(json.get("date").asText()).isEqualTo("2024-03-08");
    assertThat(json.get("exit_code").asInt()).isEqualTo(6);
    assertThat(json.has("dates")).isFalse();
    JsonNode volume = named(json.get("checks"), "volume");
    assertThat(volume.get("name").asText()).isEqualTo("volume");
    assertThat(volume.get("status").asText()).isEqualTo("fail");
    assertThat(volume.get("observed").asLong()).isEqualTo(3);
    assertThat(volume.get("expected").asText()).startsWith("4.5..18 rows");
    assertThat(volume.get("examples")).hasSize(5);
    assertThat(json.at("/checks/0/name").asText()).isEqualTo("gaps");
    assertThat(json.at("/checks/0/status").asText()).isEqualTo("ok");
    assertThat(fail.err()).contains("feedlake check: error (exit 6): 1 check(s) named in checks.fail-on failed for"
        + " beta.orders date=2024-03-08: volume: beta.orders date=2024-03-08: 3 rows");
  }

  @Test
  void aFailOnNameThatIsNoCheckIsAConfigurationError() {
    Cli.Result r = feedlake("check", "--job", "orders", "--date", "2024-03-08", "--set", "checks.fail-on=[volumes]");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("checks.fail-on: [volumes] is not a check (expected any of [gaps, volume, schema,"
        + " unknown-fields, quarantine])");
  }
}
