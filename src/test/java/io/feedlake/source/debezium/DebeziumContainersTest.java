package io.feedlake.source.debezium;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.config.ConfigException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Debezium change events taken off Kafka two ways: the repository's kcat {@code -J}
 * sample ({@code data-samples/debezium}, job {@code inventory_customers}) and a {@code
 * kafka-console-consumer} dump of the same messages, written here line by line from the kcat
 * envelopes as the console consumer prints them with {@code --property print.partition=true
 * print.offset=true print.key=true} (TAB between fields, {@code null} for a null key or value).
 * Both containers must give the same outcomes and the same changelog rows.
 */
class DebeziumContainersTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-02");
  private static final String TOPIC = "dbserver1.inventory.customers";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COLUMNS =
      {"op", "ts_ms", "key", "id", "first_name", "last_name", "email", "before", "source_file", "source_pos",
          "kafka_partition", "kafka_offset", "date"};
  private static SparkSession spark;

  @TempDir static Path alpha;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start();
    Path kcat = Paths.get("data-samples/debezium", TOPIC, "dt=" + DAY);
    Path console = Files.createDirectories(alpha.resolve(TOPIC).resolve("dt=" + DAY));
    List<String> withKey = new ArrayList<>();
    List<String> valueOnly = new ArrayList<>();
    try (var files = Files.list(kcat)) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode m = JSON.readTree(line);
          String value = text(m.get("payload"));
          withKey.add("Partition:" + m.get("partition").asInt() + "\tOffset:" + m.get("offset").asLong() + "\t"
              + text(m.get("key")) + "\t" + value);
          valueOnly.add("Partition:" + m.get("partition").asInt() + "\tOffset:" + m.get("offset").asLong() + "\t"
              + value);
        }
      }
    }
    assertThat(withKey).hasSizeGreaterThan(3);
    Files.write(console.resolve(TOPIC + "-p0.txt"), withKey, StandardCharsets.UTF_8);
    Path noKey = Files.createDirectories(alpha.resolve("no-key").resolve(TOPIC).resolve("dt=" + DAY));
    Files.write(noKey.resolve(TOPIC + "-p0.txt"), valueOnly, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  /** The generator's own counts (scripts/generate_debezium.py), not feedlake's. */
  private static JsonNode readExpected() {
    try {
      return JSON.readTree(Paths.get("data-samples/debezium/EXPECTED.json").toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "null" : n.asText();
  }

  private static JobSpec job(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null, all).job("inventory_customers");
  }

  private static JobSpec console(String root, boolean printKey, String key) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("source.path", root);
    o.put("source.debezium.container", "console");
    o.put("source.console.print-partition", "true");
    o.put("source.console.print-offset", "true");
    o.put("source.console.print-key", String.valueOf(printKey));
    if (key != null) {
      o.put("source.debezium.key", key);
    }
    return job(o);
  }

  private static Dataset<Row> classify(JobSpec job) {
    Classification source = Classification.of(Sources.create(job), job);
    return source.classify(spark, source.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY).cache();
  }

  private static List<String> written(Dataset<Row> classified, JobSpec job) {
    return Classified.written(classified, Classification.of(Sources.create(job), job).outputColumns())
        .selectExpr("to_json(struct(" + String.join(", ", COLUMNS) + "))")
        .orderBy("to_json(struct(" + String.join(", ", COLUMNS) + "))")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  @Test
  void aConsoleDumpWithKeysGivesTheKcatDumpsOutcomesAndRows() {
    JobSpec kcat = job(Map.of());
    JobSpec console = console(alpha.toString(), true, null);
    Dataset<Row> fromKcat = classify(kcat);
    Dataset<Row> fromConsole = classify(console);

    Map<String, Long> outcomes = Fixtures.outcomes(fromKcat);
    JsonNode expected = readExpected().path("jobs").path("inventory_customers").path("dates").path(DAY.toString());
    assertThat(outcomes).containsEntry("written", expected.get("written").asLong())
        .containsEntry("duplicate", expected.get("duplicates").asLong())
        .containsEntry("filtered/tombstone", expected.path("filtered_by_reason").get("tombstone").asLong());
    assertThat(Fixtures.outcomes(fromConsole)).isEqualTo(outcomes);
    List<String> rows = written(fromKcat, kcat);
    assertThat(rows).hasSize(outcomes.get("written").intValue());
    assertThat(written(fromConsole, console)).containsExactlyElementsOf(rows);
    assertThat(rows).anyMatch(r -> r.contains("\"op\":\"d\"")).anyMatch(r -> r.contains("\"op\":\"u\""));
  }

  @Test
  void aConsoleDumpWithoutKeysTakesTheKeyFromTheRowFields() {
    JobSpec console = console(alpha.resolve("no-key").toString(), false, "[id]");
    List<String> rows = written(classify(console), console);
    assertThat(rows).isNotEmpty().allMatch(r -> r.matches(".*\"key\":\"\\{\\\\\"id\\\\\":\\d+\\}\".*"));
  }

  @Test
  void aConsoleDumpWithoutKeysNeedsTheKeyFields() {
    assertThatThrownBy(() -> console(alpha.resolve("no-key").toString(), false, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.debezium.key: required with container console and "
            + "source.console.print-key = false");
  }

  @Test
  void anUnknownContainerListsTheThree() {
    assertThatThrownBy(() -> job(Map.of("source.debezium.container", "mqtt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.debezium.container: 'mqtt' is not supported (expected one of kcat, console, "
            + "connect-json)");
  }
}
