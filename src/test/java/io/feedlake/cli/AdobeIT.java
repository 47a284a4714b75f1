package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: {@code feedlake ingest --job adobe_clickstream} over the bundled Adobe delivery
 * (data-samples/adobe) into a temporary lake, checked against data-samples/adobe/EXPECTED.json,
 * which the sample generator worked out from its own hit model. Then broken and empty
 * deliveries copied to temporary directories. One Hive-enabled session (created by the first
 * command) for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdobeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DAY = "2024-03-02";
  private static final Path SAMPLE = Paths.get("data-samples/adobe");
  private static Path lake;
  private static JsonNode expected;
  private static Cli.Result ingest;
  private static JsonNode summary;

  @BeforeAll
  static void ingestTheSample() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    lake = Files.createTempDirectory("feedlake-adobe-it");
    expected = JSON.readTree(new File("data-samples/adobe/EXPECTED.json"));
    ingest = feedlake("ingest", "--job", "adobe_clickstream", "--date", DAY, "--set", "lake.root=" + lake, "--json");
    summary = JSON.readTree(ingest.out().strip());
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  static Cli.Result feedlake(String... args) {
    return Cli.run(args);
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  private static Row hit(JsonNode id, String columns) {
    List<Row> rows = spark().sql("SELECT " + columns + " FROM beta.adobe_clickstream WHERE `date` = '" + DAY
        + "' AND hitid_high = " + id.get("hitid_high").asText() + " AND hitid_low = " + id.get("hitid_low").asText())
        .collectAsList();
    assertThat(rows).as("hit " + id).hasSize(1);
    return rows.get(0);
  }

  @Test
  @Order(1)
  void ingestSucceedsAndEveryRecordOfTheManifestIsAccountedFor() {
    assertThat(ingest.exit()).as(ingest.err()).isZero();
    JsonNode date = summary.get("dates").get(0);
    JsonNode c = date.get("counts");
    JsonNode want = expected.get("counts");
    assertThat(c.get("lines_read").asLong()).isEqualTo(want.get("records_read").asLong());
    assertThat(c.get("skipped").asLong()).isZero();
    assertThat(c.get("written").asLong()).isEqualTo(want.get("written").asLong());
    assertThat(c.get("duplicates").asLong()).isEqualTo(want.get("duplicates").asLong()).isEqualTo(1);
    assertThat(c.get("quarantined").asLong()).isEqualTo(want.get("quarantined").asLong());
    assertThat(c.get("quarantined_by_reason")).isEqualTo(want.get("quarantined_by_reason"));
    assertThat(c.get("filtered").asLong()).isZero();
    assertThat(c.get("latin1_fields").asLong()).isEqualTo(want.get("latin1_fields").asLong());
    long manifestTotal = expected.get("files").findValues("records").stream().mapToLong(JsonNode::asLong).sum();
    assertThat(c.get("lines_read").asLong())
        .as("records read = Total-Records = written + duplicates + quarantined")
        .isEqualTo(manifestTotal)
        .isEqualTo(c.get("written").asLong() + c.get("duplicates").asLong() + c.get("quarantined").asLong());
    assertThat(date.get("input_files").asInt()).isEqualTo(2);
    assertThat(date.get("notes").toString()).contains(
        "verified against manifest", "Record-Count of each data file and Total-Records " + manifestTotal,
        "5 field(s) were not valid UTF-8 and were decoded as ISO-8859-1",
        "1 lookup value(s) were not valid UTF-8 and were decoded as ISO-8859-1");
  }

  @Test
  @Order(2)
  void betaColumnsAreNamedByColumnHeadersAndTypedByName() {
    StructType schema = spark().table("beta.adobe_clickstream").schema();
    Map<String, String> types = Stream.of(schema.fields())
        .collect(Collectors.toMap(f -> f.name(), f -> f.dataType().simpleString()));

    assertThat(schema.fields()).hasSize(expected.get("columns").asInt() + 1 + 6 + 1 + 1);
    assertThat(types).containsEntry("hitid_high", "decimal(20,0)").containsEntry("hitid_low", "decimal(20,0)")
        .containsEntry("post_visid_high", "decimal(20,0)").containsEntry("visid_low", "decimal(20,0)")
        .containsEntry("date_time", "timestamp").containsEntry("hit_time_utc", "timestamp")
        .containsEntry("hit_time_gmt", "bigint").containsEntry("browser", "bigint").containsEntry("os", "bigint")
        .containsEntry("visit_num", "bigint").containsEntry("exclude_hit", "smallint")
        .containsEntry("hit_source", "smallint").containsEntry("post_page_event", "smallint")
        .containsEntry("country", "int").containsEntry("ref_type", "int")
        .containsEntry("post_event_list", "array<struct<id:int,value:string,name:string>>")
        .containsEntry("event_list", "string").containsEntry("post_pagename", "string")
        .containsEntry("internal_campaign", "string").containsEntry("browser_name", "string")
        .containsEntry("referrer_type_name", "string").containsEntry("last_touch_channel", "string")
        .containsEntry("date", "string");
    assertThat(types).doesNotContainKey("post_evar1");
    assertThat(spark().sql("SHOW PARTITIONS beta.adobe_clickstream").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("date=" + DAY);
  }

  @Test
  @Order(3)
  void escapedValuesLatin1AndQuotesComeBackExactly() {
    JsonNode h = expected.get("hits");
    assertThat(hit(h.get("tab"), "internal_campaign").getString(0)).isEqualTo("spring\tsale");
    assertThat(hit(h.get("newline"), "post_evar2").getString(0)).isEqualTo("red\nshoes");
    assertThat(hit(h.get("backslash_end"), "post_evar2").getString(0)).isEqualTo("C:\\Users\\");
    assertThat(hit(h.get("backslash_inside"), "post_page_url").getString(0))
        .isEqualTo(h.get("backslash_inside").get("post_page_url").asText());
    assertThat(hit(h.get("quote"), "post_pagename").getString(0)).isEqualTo("say \"hello\"");
    assertThat(hit(h.get("caret"), "post_product_list").getString(0))
        .isEqualTo(h.get("caret").get("post_product_list").asText());
    assertThat(hit(h.get("latin1"), "geo_city").getString(0)).isEqualTo("Montréal");
  }

  @Test
  @Order(4)
  void lookupNamesLabelsAndDecodedEventLists() throws IOException {
    JsonNode h = expected.get("hits");
    JsonNode names = h.get("lookups");
    List<String> columns = List.of("browser_name", "os_name", "country_name", "language_name",
        "search_engine_name", "referrer_type_name", "last_touch_channel");
    Row row = hit(names, String.join(", ", columns));
    for (int i = 0; i < columns.size(); i++) {
      assertThat(row.getString(i)).as(columns.get(i)).isEqualTo(names.get(columns.get(i)).asText());
    }
    for (String which : List.of("purchase", "unknown_event")) {
      String events = JSON.writeValueAsString(JSON.readTree(
          hit(h.get(which), "to_json(post_event_list)").getString(0)));
      String want = JSON.writeValueAsString(h.get(which).get("post_event_list")).replace(",\"value\":null", "")
          .replace(",\"name\":null", "");
      assertThat(events).as(which).isEqualTo(want);
    }
  }

  @Test
  @Order(5)
  void unsignedIdsAbove2To63RoundTripExactly() {
    Row r = spark().sql("SELECT max(post_visid_low), count(DISTINCT post_visid_low) FILTER (WHERE post_visid_low >= "
        + "9223372036854775808) FROM beta.adobe_clickstream").collectAsList().get(0);

    assertThat(r.getDecimal(0)).isEqualTo(new BigDecimal(expected.get("largest_post_visid_low").asText()));
    assertThat(r.getLong(1)).isEqualTo(expected.get("post_visid_low_at_or_above_2_63").asLong());
  }

  @Test
  @Order(6)
  void quarantineHoldsTheWrongFieldCountRowAndTheLateHitWithFileAndRecordIndex() {
    List<Row> rows = spark().sql("SELECT reason, source_file, line_number, stage, message, raw_record, event_date"
        + " FROM beta.adobe_clickstream_quarantine WHERE `date` = '" + DAY + "' ORDER BY reason").collectAsList();

    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("late_event", "wrong_field_count");
    JsonNode late = expected.get("hits").get("late");
    Row l = rows.get(0);
    assertThat(l.getString(1)).endsWith("/" + late.get("file").asText());
    assertThat(l.getLong(2)).isEqualTo(late.get("record").asLong());
    assertThat(l.getString(3)).isEqualTo("conform");
    assertThat(l.getString(4)).isEqualTo(
        "hit day 2024-03-01 (local day of date_time in America/New_York) is before the delivery date " + DAY);
    assertThat(l.getString(5)).contains(late.get("hitid_low").asText());
    assertThat(l.getString(6)).isEqualTo("2024-03-01");
    JsonNode bad = expected.get("hits").get("wrong_field_count");
    Row w = rows.get(1);
    assertThat(w.getString(1)).endsWith("/" + bad.get("file").asText());
    assertThat(w.getLong(2)).isEqualTo(bad.get("record").asLong());
    assertThat(w.getString(3)).isEqualTo("read");
    assertThat(w.getString(4)).isEqualTo("record " + bad.get("record").asLong() + " (line "
        + bad.get("record").asLong() + ") has " + bad.get("fields").asInt() + " fields, but column_headers.tsv names "
        + expected.get("columns").asInt() + " columns");
    assertThat(w.getString(5)).contains(bad.get("hitid_low").asText());
  }

  @Test
  @Order(7)
  void duplicateHitIdIsWrittenOnceAllHitsAreKeptAndNothingIsDropped() {
    Row dup = hit(expected.get("hits").get("duplicate_of"), "count(*), min(hit_source)");
    assertThat(dup.getLong(0)).isEqualTo(1);
    Row kinds = spark().sql("SELECT count_if(exclude_hit > 0), count_if(hit_source IN (5, 7, 8, 9)), count(*)"
        + " FROM beta.adobe_clickstream WHERE `date` = '" + DAY + "'").collectAsList().get(0);
    assertThat(kinds.getLong(0)).as("excluded hits are kept").isPositive();
    assertThat(kinds.getLong(1)).as("data source hits are kept").isEqualTo(12);
    assertThat(kinds.getLong(2)).isEqualTo(expected.get("counts").get("written").asLong());
  }

  @Test
  @Order(8)
  void reportGivesAdobesMetricsAsTheGeneratorComputedThem() throws IOException {
    Cli.Result r = feedlake("report", "adobe_daily_metrics", "--date", DAY, "--set", "lake.root=" + lake,
        "--format", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode row = JSON.readTree(r.out().lines().findFirst().orElseThrow());
    JsonNode want = expected.at("/reports/adobe_daily_metrics/" + DAY);
    for (String k : List.of("date", "hits", "page_views", "visits", "visitors", "custom_links", "download_links",
        "exit_links")) {
      assertThat(row.get(k).asText()).as(k).isEqualTo(want.get(k).asText());
    }
  }

  @Test
  @Order(9)
  void oneCorruptByteFailsWithExit3NamingTheFileAndPublishesNothing(@org.junit.jupiter.api.io.TempDir Path alpha)
      throws Exception {
    copySample(alpha);
    Path file = alpha.resolve("01-examplersid_2024-03-02.tsv.gz");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    String actual = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    JsonNode manifest = expected.get("files").get("01-examplersid_2024-03-02.tsv.gz");

    Cli.Result r = feedlake("ingest", "--job", "adobe_clickstream", "--date", DAY, "--set", "lake.root=" + lake,
        "--set", "source.path=" + alpha, "--set", "table.name=adobe_corrupt", "--json");

    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains(
        "data file file:" + file.toAbsolutePath() + ": MD5 " + actual + " does not match the manifest's MD5-Digest "
            + manifest.get("md5").asText() + " (" + manifest.get("bytes").asLong() + " bytes read)",
        "nothing was published");
    assertThat(r.out()).contains("\"status\":\"failed\"", "\"exit_code\":3");
    assertThat(spark().catalog().tableExists("beta", "adobe_corrupt")).isFalse();
    assertThat(spark().catalog().tableExists("beta", "adobe_corrupt_quarantine")).isFalse();
    assertThat(lake.resolve("beta/adobe_corrupt")).doesNotExist();
    assertThat(lake.resolve("beta/_quarantine/adobe_corrupt")).doesNotExist();
  }

  @Test
  @Order(10)
  void missingManifestIsExit4NamingTheManifest() {
    Cli.Result r = feedlake("ingest", "--job", "adobe_clickstream", "--date", "2024-03-05", "--set",
        "lake.root=" + lake, "--json");

    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("No Adobe Analytics delivery for report suite examplersid on 2024-03-05 yet: manifest",
        "examplersid_2024-03-05.txt does not exist");
  }

  @Test
  @Order(11)
  void emptyPeriodRegistersAnEmptyPartitionAndSaysSo(@org.junit.jupiter.api.io.TempDir Path alpha) throws Exception {
    Path lookup = alpha.resolve("examplersid_2024-03-03-lookup_data.tar.gz");
    Files.copy(SAMPLE.resolve("examplersid_2024-03-02-lookup_data.tar.gz"), lookup);
    byte[] bytes = Files.readAllBytes(lookup);
    Files.writeString(alpha.resolve("examplersid_2024-03-03.txt"), String.join("\n",
        "Datafeed-Manifest-Version: 1.0", "Lookup-Files: 1", "Data-Files: 0", "Total-Records: 0", "",
        "Lookup-File: " + lookup.getFileName(),
        "MD5-Digest: " + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)),
        "File-Size: " + bytes.length));

    Cli.Result r = feedlake("ingest", "--job", "adobe_clickstream", "--date", "2024-03-03", "--set",
        "lake.root=" + lake, "--set", "source.path=" + alpha, "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode date = JSON.readTree(r.out().strip()).get("dates").get(0);
    assertThat(date.get("counts").get("written").asLong()).isZero();
    assertThat(date.get("notes").toString()).contains("empty period: manifest", "lists no data files (Data-Files: 0)",
        "no rows to write: the partition is registered empty");
    spark().catalog().refreshTable("beta.adobe_clickstream");
    List<String> partitions = new ArrayList<>();
    spark().sql("SHOW PARTITIONS beta.adobe_clickstream").collectAsList().forEach(p -> partitions.add(p.getString(0)));
    assertThat(partitions).containsExactly("date=2024-03-02", "date=2024-03-03");
    assertThat(spark().sql("SELECT count(*) FROM beta.adobe_clickstream WHERE `date` = '2024-03-03'")
        .collectAsList().get(0).getLong(0)).isZero();
  }

  /**
   * Ingests another delivery shape of the same hits into its own table and checks its counts
   * against that shape's EXPECTED.json and its beta rows against the multi-file sample's.
   */
  private static JsonNode ingestShape(Path delivery, String table, String... more) throws IOException {
    JsonNode shape = JSON.readTree(delivery.resolve("EXPECTED.json").toFile());
    List<String> args = new ArrayList<>(List.of("ingest", "--job", "adobe_clickstream", "--date", DAY,
        "--set", "lake.root=" + lake, "--set", "source.path=" + delivery.toAbsolutePath(),
        "--set", "table.name=" + table, "--json"));
    args.addAll(List.of(more));
    Cli.Result r = feedlake(args.toArray(String[]::new));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode date = JSON.readTree(r.out().strip()).get("dates").get(0);
    JsonNode c = date.get("counts");
    JsonNode want = shape.get("counts");
    assertThat(want).as("the generator keeps the counts of every shape equal").isEqualTo(expected.get("counts"));
    assertThat(c.get("lines_read").asLong()).isEqualTo(want.get("records_read").asLong());
    assertThat(c.get("written").asLong()).isEqualTo(want.get("written").asLong());
    assertThat(c.get("duplicates").asLong()).isEqualTo(want.get("duplicates").asLong());
    assertThat(c.get("quarantined_by_reason")).isEqualTo(want.get("quarantined_by_reason"));
    assertThat(c.get("latin1_fields").asLong()).isEqualTo(want.get("latin1_fields").asLong());
    assertThat(date.get("input_files").asInt()).isEqualTo(shape.get("files").size());

    LocalSpark.assertSameRows(spark().table("beta.adobe_clickstream").where("`date` = '" + DAY + "'"),
        spark().table("beta." + table).where("`date` = '" + DAY + "'"));
    JsonNode bad = shape.get("hits").get("wrong_field_count");
    Row q = spark().sql("SELECT source_file, line_number FROM beta." + table + "_quarantine WHERE reason ="
        + " 'wrong_field_count'").collectAsList().get(0);
    assertThat(q.getString(0)).endsWith("/" + bad.get("file").asText());
    assertThat(q.getLong(1)).isEqualTo(bad.get("record").asLong());
    return date;
  }

  @Test
  @Order(12)
  void aSingleFileTarGzDeliveryOfTheSameHitsGivesTheSameBetaRows() throws IOException {
    JsonNode date = ingestShape(Paths.get("data-samples/adobe-single"), "adobe_single");

    assertThat(date.get("notes").toString()).contains(
        "1 data and 0 lookup file(s) by size and MD5, Record-Count of each data file and Total-Records 1957",
        "no separate lookup file: column names and lookups were read from the data archive"
            + " examplersid_2024-03-02.tar.gz");
  }

  @Test
  @Order(13)
  void hourlyDeliveriesOfTheSameHitsAreConsolidatedIntoTheSameBetaRows(@org.junit.jupiter.api.io.TempDir Path alpha)
      throws IOException {
    Path hourly = Paths.get("data-samples/adobe-hourly");
    JsonNode date = ingestShape(hourly, "adobe_hourly", "--set", "source.schedule=hourly");

    assertThat(date.get("notes").toString()).contains(
        "consolidated the hourly deliveries of 2024-03-02: 24 hourly manifest(s) verified, 24 data and 1 lookup file(s)"
            + " by size and MD5, Record-Count of each data file and Total-Records of each manifest (1957 in all)");

    try (Stream<Path> files = Files.list(hourly)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("examplersid_20240302-230000.txt")) {
          Files.copy(f, alpha.resolve(f.getFileName()));
        }
      }
    }
    Cli.Result r = feedlake("ingest", "--job", "adobe_clickstream", "--date", DAY, "--set", "lake.root=" + lake,
        "--set", "source.path=" + alpha, "--set", "source.schedule=hourly", "--set", "table.name=adobe_partial");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("is not complete yet: 1 hour(s) have no manifest in",
        ": examplersid_20240302-230000.txt");
    assertThat(spark().catalog().tableExists("beta", "adobe_partial")).isFalse();
  }

  private static void copySample(Path to) throws IOException {
    try (Stream<Path> files = Files.list(SAMPLE)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
