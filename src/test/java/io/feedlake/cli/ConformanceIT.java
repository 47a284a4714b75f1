package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 4's guarantees end to end on a small kcat dump written by the test: exact counts that add
 * up (a bad line, a bad cast, a duplicate, a filtered row), the quarantine table queried with SQL,
 * additive schema evolution, a type change refused with a diff unless the policy allows it, and
 * the quarantine ratio threshold publishing nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DDL = "order_id STRING, ts STRING, amount STRING, country STRING, test BOOLEAN";
  private static Path lake;
  private static Path alpha;
  private static Path jobs;

  @BeforeAll
  static void setUp() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path root = Files.createTempDirectory("feedlake-conformance-it");
    lake = root.resolve("lake");
    alpha = root.resolve("alpha");
    jobs = root.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"" + DDL + "\" }",
        "conform {",
        "  event-time { field = ts, format = iso8601 }",
        "  dedupe.key = [order_id]",
        "  steps = [sanitize, cast, filter]",
        "  cast { amount { type = \"decimal(10,2)\", on-error = quarantine } }",
        "  filter { not_test = \"NOT coalesce(test, false)\" }",
        "}",
        "quarantine.max-ratio = 0.5",
        "layout.sort-by = [country]"));
    dump("2024-05-01",
        order(0, 1, "o1", "2024-05-01T10:00:00Z", "10.50", "US", null),
        order(0, 2, "o2", "2024-05-01T11:00:00Z", "7", "FR", null),
        order(0, 3, "o1", "2024-05-01T10:00:00Z", "10.50", "US", null),
        "{\"topic\":\"orders\",\"partition\":0,\"offset\":4,\"payl",
        order(0, 5, "o3", "2024-05-01T12:00:00Z", "abc", "US", null),
        order(0, 6, "o4", "2024-05-01T13:00:00Z", "1.00", "DE", "true"),
        order(0, 7, "o5", "2024-05-01T14:00:00Z", "3.25", "US\\uffff", null));
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static String order(int p, long offset, String id, String ts, String amount, String country, String test) {
    String payload = "{\"order_id\":\"" + id + "\",\"ts\":\"" + ts + "\",\"amount\":\"" + amount + "\",\"country\":\""
        + country + "\"" + (test == null ? "" : ",\"test\":" + test) + "}";
    return "{\"topic\":\"orders\",\"partition\":" + p + ",\"offset\":" + offset + ",\"tstype\":\"create\",\"ts\":1714557600000,"
        + "\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}";
  }

  private static void dump(String date, String... lines) throws IOException {
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("orders-p0.json"), String.join("\n", lines) + "\n");
  }

  record Result(int exit, JsonNode summary, String err) {}

  private static Result ingest(String date, String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("ingest", "--job", "orders", "--date", date, "--json",
        "--set", "lake.root=" + lake, "--set", "jobs.dir=" + jobs));
    args.addAll(List.of(extra));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    return new Result(r.exit(), JSON.readTree(r.out().strip()), r.err());
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  @Test
  @Order(1)
  void countsOfABadLineABadCastADuplicateAndAFilteredRowAddUp() throws IOException {
    Result r = ingest("2024-05-01");

    assertThat(r.exit).as(r.err).isZero();
    JsonNode c = r.summary.get("dates").get(0).get("counts");
    assertThat(c.get("lines_read").asInt()).isEqualTo(7);
    assertThat(c.get("written").asInt()).isEqualTo(3);
    assertThat(c.get("duplicates").asInt()).isEqualTo(1);
    assertThat(c.get("quarantined").asInt()).isEqualTo(2);
    assertThat(c.get("filtered").asInt()).isEqualTo(1);
    assertThat(c.get("quarantined_by_reason").toString()).isIn(
        "{\"envelope_parse_error\":1,\"cast_error\":1}", "{\"cast_error\":1,\"envelope_parse_error\":1}");
    assertThat(c.get("filtered_by_reason").toString()).isEqualTo("{\"filter:not_test\":1}");
    assertThat(r.summary.get("records_read").asInt()).isEqualTo(3 + 1 + 2 + 1);
    assertThat(r.summary.get("dates").get(0).get("metrics").toString()).isEqualTo("{\"sanitized.country\":1}");
    List<Row> rows = spark().sql("SELECT order_id, amount, country FROM beta.orders ORDER BY order_id").collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[o1,10.50,US]", "[o2,7.00,FR]", "[o5,3.25,US?]");
  }

  @Test
  @Order(2)
  void quarantineTableAnswersReasonCounts() {
    Map<String, Long> byReason = spark().sql("SELECT reason, count(*) FROM beta.orders_quarantine GROUP BY reason")
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(byReason).containsExactlyInAnyOrderEntriesOf(Map.of("cast_error", 1L, "envelope_parse_error", 1L));
    Row cast = spark().sql("SELECT message, line_number, kafka_offset FROM beta.orders_quarantine WHERE reason = 'cast_error'").first();
    assertThat(cast.getString(0)).isEqualTo("column amount: cannot cast 'abc' to decimal(10,2)");
    assertThat(cast.getLong(1)).isEqualTo(5L);
    assertThat(cast.getLong(2)).isEqualTo(5L);
  }

  @Test
  @Order(3)
  void aNewFieldBecomesAColumnThatOldPartitionsReadAsNull() throws IOException {
    dump("2024-05-02", order(0, 8, "o6", "2024-05-02T09:00:00Z", "2.00", "US", null)
        .replace("\\\"country\\\"", "\\\"coupon\\\":\\\"SPRING\\\",\\\"country\\\""));

    Result r = ingest("2024-05-02", "--set", "source.schema.ddl=" + DDL + ", coupon STRING");

    assertThat(r.exit).as(r.err).isZero();
    spark().catalog().refreshTable("beta.orders");
    List<Row> rows = spark().sql("SELECT `date`, order_id, coupon FROM beta.orders ORDER BY order_id").collectAsList();
    assertThat(rows).extracting(Row::toString)
        .containsExactly("[2024-05-01,o1,null]", "[2024-05-01,o2,null]", "[2024-05-01,o5,null]",
            "[2024-05-02,o6,SPRING]");
  }

  @Test
  @Order(4)
  void aChangedTypeFailsWithADiffUnlessThePolicyAllowsIt() throws IOException {
    String[] retype = {"--set", "source.schema.ddl=" + DDL + ", coupon STRING",
        "--set", "conform.cast={ amount { type = \"decimal(12,2)\", on-error = quarantine } }"};

    Result refused = ingest("2024-05-02", retype);

    assertThat(refused.exit).isEqualTo(3);
    assertThat(refused.err).contains(
        "Cannot publish to beta.orders: the conformed schema differs from the catalog table and schema.evolution = additive",
        "~ amount: decimal(10,2) -> decimal(12,2)");
    List<String> args = new java.util.ArrayList<>(List.of(retype));
    args.addAll(List.of("--set", "schema.evolution=permissive"));
    Result allowed = ingest("2024-05-02", args.toArray(String[]::new));
    assertThat(allowed.exit).as(allowed.err).isZero();
    spark().catalog().refreshTable("beta.orders");
    assertThat(spark().table("beta.orders").schema().apply("amount").dataType().simpleString()).isEqualTo("decimal(12,2)");
  }

  @Test
  @Order(5)
  void overTheQuarantineRatioNothingIsPublishedAndTheRunExitsThree() throws IOException {
    dump("2024-05-03",
        order(0, 9, "o7", "2024-05-03T09:00:00Z", "1.00", "US", null),
        order(0, 10, "o8", "2024-05-03T09:00:00Z", "x", "US", null),
        order(0, 11, "o9", "2024-05-03T09:00:00Z", "y", "US", null));

    Result r = ingest("2024-05-03", "--set", "quarantine.max-ratio=0.5", "--set", "schema.evolution=permissive",
        "--set", "source.schema.ddl=" + DDL + ", coupon STRING");

    assertThat(r.exit).isEqualTo(3);
    assertThat(r.err).contains("Quarantined 2 of 3 records (ratio 0.6667)", "over quarantine.max-ratio 0.5",
        "nothing was published to beta.orders", "Top reasons: cast_error=2");
    JsonNode failed = r.summary.get("dates").get(0);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("counts").get("quarantined").asInt()).isEqualTo(2);
    assertThat(failed.get("counts").get("written").asInt()).isEqualTo(1);
    spark().catalog().refreshTable("beta.orders");
    assertThat(spark().sql("SHOW PARTITIONS beta.orders").collectAsList()).extracting(x -> x.getString(0))
        .containsExactly("date=2024-05-01", "date=2024-05-02");
    assertThat(Files.exists(lake.resolve("beta/orders/date=2024-05-03"))).isFalse();
    // A refused run changes nothing readers see: its quarantine rows are kept in its own run
    // directory, not registered.
    spark().catalog().refreshTable("beta.orders_quarantine");
    assertThat(spark().sql("SELECT count(*) FROM beta.orders_quarantine WHERE `date` = '2024-05-03'").first().getLong(0))
        .isZero();
    String runDir = "_feedlake/superseded/beta.orders_quarantine/date=2024-05-03/run=" + r.summary.get("run_id").asText();
    assertThat(r.err).contains("The quarantine rows are at file:" + lake.resolve(runDir));
    assertThat(spark().read().parquet(lake.resolve(runDir).toString()).count()).isEqualTo(2L);
  }

  @Test
  @Order(6)
  void aSingleDateIngestPrintsTheLabelledSummaryTable() {
    Cli.Result r = Cli.run("ingest", "--job", "orders", "--date", "2024-05-01", "--set", "lake.root=" + lake,
        "--set", "jobs.dir=" + jobs, "--set", "table.name=orders_human");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    int header = lines.indexOf(Tables.dateHeader());
    assertThat(header).as(r.out()).isNotNegative();
    assertThat(Tables.dateHeader()).startsWith("table").contains("date", "lines", "written", "quar");
    assertThat(lines.get(header + 1)).as(r.out()).startsWith(String.format("%-28s %-10s", "beta.orders_human", "2024-05-01"))
        .matches(".*\\s7\\s+3\\s+1\\s+2\\s+1\\s+0\\s+\\d+\\s+\\d+\\s+\\d+\\.\\d");
  }
}
