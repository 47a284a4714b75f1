package io.feedlake.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: {@code feedlake ingest} of kcat dumps that cannot be trusted, each written by the
 * test into its own topic of one temporary alpha directory: kcat error lines (the default fails
 * the date, {@code source.on-kcat-error = warn} publishes and notes them), a record over {@code
 * source.max-record-bytes} (quarantined, the rest read), a gzip over {@code source.max-expansion}
 * (exit 3 naming the file), a byte order mark (removed and noted), an envelope without payload and
 * one with two payload keys (quarantined), hidden files (ignored). The table of these cases and
 * their outcomes is in docs/reliability.md, "Untrusted input". Own JVM (failsafe).
 */
class UntrustedInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DAY = "2024-03-01";
  private static Path alpha;
  private static Path jobs;
  private static Path lake;

  @BeforeAll
  static void home() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path root = Files.createTempDirectory("feedlake-untrusted-it");
    alpha = Files.createDirectories(root.resolve("alpha"));
    jobs = Files.createDirectories(root.resolve("jobs"));
    lake = root.resolve("lake");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static String envelope(int offset, String payloadJson) {
    return "{\"topic\":\"t\",\"partition\":0,\"offset\":" + offset + ",\"tstype\":\"create\",\"ts\":1709251200000,"
        + "\"key\":\"k" + offset + "\",\"payload\":" + JSON.valueToTree(payloadJson) + "}";
  }

  private static String event(int n) {
    return "{\"event_id\":\"e" + n + "\",\"event_time\":\"2024-03-01T10:00:0" + (n % 10) + "Z\"}";
  }

  /** Writes the job of a topic; {@code extra} is HOCON added at the end. */
  private static String job(String topic, String extra) throws IOException {
    Files.writeString(jobs.resolve(topic + ".conf"), "table.name = \"" + topic + "\"\n"
        + "source { type = \"kafka-json\", path = \"" + alpha + "\", topic = \"" + topic + "\"\n"
        + "  schema.ddl = \"event_id STRING, event_time STRING\" }\n"
        + "conform { event-time { field = \"event_time\", format = \"iso8601\", zone = \"UTC\" }, dedupe.key = [\"event_id\"] }\n"
        + "quarantine.max-ratio = 1.0\n" + extra + "\n");
    return topic;
  }

  private static Path dumpDir(String topic) throws IOException {
    return Files.createDirectories(alpha.resolve(topic + "/dt=" + DAY));
  }

  private static Cli.Result ingest(String job) {
    return Cli.run("ingest", "--job", job, "--date", DAY, "--json", "--set", "lake.root=" + lake,
        "--set", "jobs.dir=" + jobs);
  }

  private static JsonNode summary(Cli.Result r) throws IOException {
    return JSON.readTree(r.out().strip());
  }

  private static List<String> quarantineReasons(String table) {
    List<String> out = new ArrayList<>();
    for (Row r : SparkSession.active().sql("SELECT reason, line_number FROM beta." + table + "_quarantine WHERE `date` = '"
        + DAY + "' ORDER BY line_number").collectAsList()) {
      out.add(r.getString(0) + "@" + r.getLong(1));
    }
    return out;
  }

  @Test
  void aKcatErrorLineFailsTheDateByDefaultAndIsNotedWithWarn() throws IOException {
    List<String> lines = List.of(envelope(1, event(1)), "% Reached end of topic t [0] at offset 2",
        "% ERROR: Local: Broker transport failure", envelope(2, event(2)));
    Path file = Files.write(dumpDir("kcat_err").resolve("t-p0.json"), lines);
    Files.write(dumpDir("kcat_warn").resolve("t-p0.json"), lines);

    Cli.Result failed = ingest(job("kcat_err", ""));
    Cli.Result warned = ingest(job("kcat_warn", "source.on-kcat-error = \"warn\""));

    assertThat(failed.exit()).as(failed.err()).isEqualTo(3);
    assertThat(failed.err()).contains("kcat reported 1 error in the dump of beta.kcat_err date=" + DAY
        + " (the dump may be incomplete): " + file.toUri().toString().replace("file:///", "file:/") + " line 3: % ERROR: Local:"
        + " Broker transport failure. Nothing was published");
    assertThat(warned.exit()).as(warned.err()).isZero();
    JsonNode date = summary(warned).get("dates").get(0);
    assertThat(date.get("counts").get("written").asLong()).isEqualTo(2);
    JsonNode skippedByReason = date.get("counts").get("skipped_by_reason");
    assertThat(skippedByReason.size()).as(skippedByReason.toString()).isEqualTo(2);
    assertThat(skippedByReason.get("kcat_error").asLong()).isEqualTo(1);
    assertThat(skippedByReason.get("stderr").asLong()).isEqualTo(1);
    assertThat(date.get("notes").toString()).contains("kcat reported 1 error in the dump of beta.kcat_warn date=" + DAY
        + ", skipped as kcat_error (source.on-kcat-error = warn): ").contains("line 3: % ERROR: Local: Broker transport failure");
  }

  @Test
  void aRecordOverMaxRecordBytesIsQuarantinedAndTheRestOfTheFileIsRead() throws IOException {
    Files.write(dumpDir("big_record").resolve("t-p0.json"), List.of(envelope(1, event(1)),
        envelope(2, "{\"event_id\":\"e2\",\"event_time\":\"2024-03-01T10:00:00Z\",\"pad\":\"" + "x".repeat(5000) + "\"}"),
        envelope(3, event(3))));

    Cli.Result r = ingest(job("big_record", "source.max-record-bytes = 1 KiB"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode c = summary(r).get("dates").get(0).get("counts");
    assertThat(c.get("written").asLong()).isEqualTo(2);
    assertThat(c.get("quarantined_by_reason").toString()).isEqualTo("{\"record_too_large\":1}");
    assertThat(quarantineReasons("big_record")).containsExactly("record_too_large@2");
  }

  @Test
  void aGzipOverMaxExpansionFailsTheDateNamingTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 2000; i++) {
        gz.write((envelope(i, event(i % 10)) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    Path file = Files.write(dumpDir("bomb").resolve("t-p0.json.gz"), bytes.toByteArray());

    Cli.Result r = ingest(job("bomb", "source.max-expansion = 5"));

    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("it decompresses to more than " + 5L * bytes.size() + " bytes, over source.max-expansion (5 x its "
        + bytes.size() + " compressed bytes)").contains(file.getFileName().toString());
  }

  @Test
  void aByteOrderMarkIsRemovedAndNotedAndBadEnvelopesAreQuarantinedAndHiddenFilesIgnored() throws IOException {
    Path dir = dumpDir("odd_input");
    byte[] body = String.join("\n", envelope(1, event(1)),
        "{\"topic\":\"t\",\"partition\":0,\"offset\":2,\"key\":\"k\"}",
        "{\"topic\":\"t\",\"partition\":0,\"offset\":3,\"payload\":" + JSON.valueToTree(event(3)) + ",\"payload\":"
            + JSON.valueToTree(event(4)) + "}", envelope(5, event(5))).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream withBom = new ByteArrayOutputStream();
    withBom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    withBom.write(body);
    Files.write(dir.resolve("t-p0.json"), withBom.toByteArray());
    Files.write(dir.resolve(".t-p1.json"), List.of(envelope(10, event(6))));
    Files.write(dir.resolve("_tmp-t-p2.json"), List.of(envelope(11, event(7))));

    Cli.Result r = ingest(job("odd_input", ""));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode date = summary(r).get("dates").get(0);
    assertThat(date.get("input_files").asLong()).isEqualTo(1);
    assertThat(date.get("counts").get("written").asLong()).isEqualTo(2);
    assertThat(quarantineReasons("odd_input")).containsExactly("envelope_parse_error@2", "envelope_parse_error@3");
    assertThat(date.get("notes").toString()).contains("1 file(s) started with a UTF-8 byte order mark, removed before the first line");
    // The hidden files are in the --json summary: counted, and named in a note.
    assertThat(date.at("/metrics/hidden_files").asLong()).isEqualTo(2);
    assertThat(date.get("notes").toString()).contains("2 hidden file(s) (names starting with . or _, skipped as Hadoop"
        + " and Spark do) were not read: " + dir.resolve(".t-p1.json").toUri().toString().replace("file:///", "file:/")
        + ", " + dir.resolve("_tmp-t-p2.json").toUri().toString().replace("file:///", "file:/"));
  }
}
