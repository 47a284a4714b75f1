package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: {@code feedlake ingest} over each new input layout (fixtures/jobs: console-consumer,
 * Kafka Connect S3 JSON with a time-based partitioner, Kafka Connect S3 Avro with the default
 * partitioner, kcat -J with Avro-decoded values, a delimited vendor log) into one temporary lake,
 * then the quarantine tables queried with SQL. The expected figures are those the fixture
 * generators list line by line. Own JVM (failsafe): one embedded metastore per process.
 */
class InputsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DAY = "2024-03-01";
  private static Path lake;


  @BeforeAll
  static void home() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    lake = Files.createTempDirectory("feedlake-inputs-it");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static Cli.Result feedlake(String... args) {
    return Cli.run(args);
  }

  /** Ingests one fixture job for a date and returns the date's counts from the JSON summary. */
  private static JsonNode ingest(String job, String date) throws IOException {
    Cli.Result r = feedlake("ingest", "--job", job, "--date", date, "--json", "--set", "lake.root=" + lake,
        "--set", "jobs.dir=" + Fixtures.DIR.resolve("jobs"));
    assertThat(r.exit()).as(job + ": " + r.err() + r.out()).isZero();
    JsonNode summary = JSON.readTree(r.out().strip());
    JsonNode counts = summary.get("dates").get(0).get("counts");
    long read = counts.get("lines_read").asLong() - counts.get("skipped").asLong();
    assertThat(read).as(job + " reconciles").isEqualTo(counts.get("written").asLong()
        + counts.get("duplicates").asLong() + counts.get("quarantined").asLong() + counts.get("filtered").asLong());
    return counts;
  }

  private static long[] figures(JsonNode c) {
    return new long[] {c.get("lines_read").asLong(), c.get("skipped").asLong(), c.get("written").asLong(),
        c.get("duplicates").asLong(), c.get("quarantined").asLong(), c.get("filtered").asLong()};
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  private static Map<String, Long> quarantineByReason(String table) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : spark().sql("SELECT reason, count(*) FROM beta." + table + "_quarantine WHERE `date` = '" + DAY
        + "' GROUP BY reason").collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static long betaRows(String table) {
    return spark().sql("SELECT count(*) FROM beta." + table + " WHERE `date` = '" + DAY + "'").first().getLong(0);
  }

  @Test
  void consoleConsumerDump() throws IOException {
    JsonNode c = ingest("console_clicks", DAY);

    // lines, skipped, written, duplicates, quarantined, filtered
    assertThat(figures(c)).containsExactly(18, 2, 6, 1, 8, 1);
    assertThat(quarantineByReason("console_clicks")).containsExactly(
        entry("late_event", 1L), entry("line_parse_error", 4L), entry("missing_event_time", 1L),
        entry("payload_parse_error", 2L));
    assertThat(betaRows("console_clicks")).isEqualTo(6);
    Row bad = spark().sql("SELECT source_file, line_number, stage, message FROM beta.console_clicks_quarantine "
        + "WHERE reason = 'line_parse_error' ORDER BY source_file, line_number").first();
    assertThat(bad.getString(0)).endsWith("kafka-console/ad_clicks/dt=2024-03-01/ad_clicks-p0.txt");
    assertThat(bad.getLong(1)).isEqualTo(8L);
    assertThat(bad.getString(2)).isEqualTo("read");
    assertThat(bad.getString(3)).startsWith("expected 6 fields");
  }

  @Test
  void connectS3JsonWithTimeBasedPartitioner() throws IOException {
    JsonNode c = ingest("connect_json_clicks", DAY);

    assertThat(figures(c)).containsExactly(9, 0, 4, 1, 3, 1);
    assertThat(quarantineByReason("connect_json_clicks")).containsExactly(
        entry("early_event", 1L), entry("missing_event_time", 1L), entry("payload_parse_error", 1L));
    List<Row> offsets = spark().sql("SELECT kafka_partition, kafka_offset FROM beta.connect_json_clicks "
        + "WHERE `date` = '" + DAY + "' ORDER BY 1, 2").collectAsList();
    assertThat(offsets).extracting(r -> r.getInt(0) + ":" + r.getLong(1)).containsExactly("0:1000", "0:1001", "1:500", "1:502");
    assertThat(figures(ingest("connect_json_clicks", "2024-03-02"))).containsExactly(1, 0, 1, 0, 0, 0);
  }

  @Test
  void connectS3AvroOnePerCodec() throws IOException {
    JsonNode c = ingest("connect_avro_clicks", DAY);

    assertThat(figures(c)).containsExactly(12, 0, 8, 1, 3, 0);
    assertThat(quarantineByReason("connect_avro_clicks")).containsExactly(
        entry("early_event", 1L), entry("late_event", 1L), entry("missing_event_time", 1L));
    Row late = spark().sql("SELECT raw_record, kafka_partition, kafka_offset, line_number, event_date "
        + "FROM beta.connect_avro_clicks_quarantine WHERE reason = 'late_event'").first();
    assertThat(late.getString(0)).contains("\"event_id\":\"c-b2\"");
    assertThat(late.getInt(1)).isEqualTo(1);
    assertThat(late.getLong(2)).isEqualTo(1L);
    assertThat(late.getLong(3)).isEqualTo(2L);
    assertThat(late.getString(4)).isEqualTo("2024-02-29");
    assertThat(spark().table("beta.connect_avro_clicks").columns()).contains("campaign_id", "cost_micros", "kafka_offset");
  }

  @Test
  void kcatWithAvroDecodedValues() throws IOException {
    JsonNode c = ingest("kcat_avro_clicks", DAY);

    assertThat(figures(c)).containsExactly(7, 1, 3, 0, 3, 0);
    assertThat(quarantineByReason("kcat_avro_clicks")).containsExactly(
        entry("key_error", 1L), entry("payload_error", 1L), entry("payload_parse_error", 1L));
    assertThat(spark().sql("SELECT sum(cost_micros) FROM beta.kcat_avro_clicks").first().getLong(0))
        .isEqualTo(1_250_000L);
  }

  @Test
  void delimitedVendorLog() throws IOException {
    JsonNode c = ingest("annalect_impressions", DAY);

    assertThat(figures(c)).containsExactly(14, 3, 5, 1, 5, 0);
    assertThat(quarantineByReason("annalect_impressions")).containsExactly(
        entry("csv_parse_error", 3L), entry("late_event", 1L), entry("missing_event_time", 1L));
    Row sums = spark().sql("SELECT sum(impressions), sum(cost_usd) FROM beta.annalect_impressions").first();
    assertThat(sums.getLong(0)).isEqualTo(11L);
    assertThat(sums.getDecimal(1)).isEqualByComparingTo("0.0683");
  }

  @Test
  void aMissingDeliveryIsInputNotReady() {
    Cli.Result r = feedlake("ingest", "--job", "annalect_impressions", "--date", "2024-03-09", "--json",
        "--set", "lake.root=" + lake, "--set", "jobs.dir=" + Fixtures.DIR.resolve("jobs"));

    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("No delimited files on 2024-03-09: directory ", "annalect/dt=2024-03-09 does not exist");
  }
}
