package io.feedlake.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.SparkSessionCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.ledger.DateLocks;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus as a table: each case builds its input (generated here, or a copy of the
 * bundled Adobe delivery with one fault), runs one feedlake command in-process, and is checked
 * for its exit code, a reason in stderr, and whether the date's catalog partition changed
 * (published). Cases run in order on one lake: some need a published date first. The observed
 * table is written to {@code target/faults/corpus.md} (docs/reliability.md shows it).
 */
class BadInputCorpusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DDL = "order_id STRING, ts STRING, amount STRING";
  private static final TableName ORDERS = new TableName("beta", "orders");

  private Path lake;
  private Path alpha;
  private Path jobs;

  /**
   * One case.
   *
   * @param name what is wrong with the input
   * @param setup builds the input; may run commands of its own (a published date to start from)
   * @param table the table whose partition {@code date} is watched
   * @param date the date
   * @param exit the expected exit code
   * @param reason text stderr must contain
   * @param published whether the date's partition must change
   * @param command the feedlake command line (lake root added)
   */
  record Case(String name, Setup setup, TableName table, String date, int exit, String reason, boolean published,
      List<String> command) {}

  /** Builds a case's input. */
  interface Setup {
    void run() throws Exception;
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private List<String> kafka(String... command) {
    List<String> all = new ArrayList<>(Arrays.asList(command));
    all.addAll(List.of("--set", "jobs.dir=" + jobs));
    return all;
  }

  private static String line(String date, int offset, String id) {
    String payload = "{\"order_id\":\"" + id + "\",\"ts\":\"" + date + "T10:00:00Z\",\"amount\":\"1.00\"}";
    return "{\"topic\":\"orders\",\"partition\":0,\"offset\":" + offset + ",\"tstype\":\"create\",\"ts\":1714557600000,"
        + "\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}";
  }

  /** A dump of {@code good} orders followed by {@code bad} lines that are not JSON. */
  private Path dump(String date, int good, int bad) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < good; i++) {
      lines.add(line(date, i, "o" + i));
    }
    for (int i = 0; i < bad; i++) {
      lines.add("{not json " + i);
    }
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("orders-p0.json"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private Path gzipDump(String date, int good, int keepBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < good; i++) {
        gz.write((line(date, i, "g" + i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] all = bytes.toByteArray();
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    return Files.write(dir.resolve("orders-p0.json.gz"), Arrays.copyOf(all, keepBytes < 0 ? all.length + keepBytes : keepBytes));
  }

  private Optional<String> location(TableName table, String date) {
    if (SparkSession.getActiveSession().isEmpty() || !SparkSession.active().catalog().tableExists(table.qualified())) {
      return Optional.empty();
    }
    return Optional.ofNullable(new SparkSessionCatalog(SparkSession.active()).partitionLocations(table).get(date));
  }

  private void ok(Cli.Result r) {
    assertThat(r.exit()).as(r.err()).isZero();
  }

  private Cli.Result run(List<String> command) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of("--set", "lake.root=" + lake));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void everyCaseOfTheCorpusEndsAsTheTableSays() throws Exception {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path work = Files.createTempDirectory("feedlake-corpus-it");
    lake = work.resolve("lake");
    alpha = work.resolve("alpha");
    jobs = work.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"" + DDL + "\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }",
        "quarantine.max-ratio = 0.5"));
    Path adobe = work.resolve("adobe");
    TableName adobeTable = new TableName("beta", "adobe_badmd5");
    TableName quarantine = ORDERS.quarantine();
    String held = "20240101T000000Z-other";

    List<Case> corpus = List.of(
        new Case("1 of 10 lines not JSON (under quarantine.max-ratio)", () -> dump("2024-07-01", 9, 1), ORDERS,
            "2024-07-01", 0, "", true, kafka("ingest", "--job", "orders", "--date", "2024-07-01")),
        new Case("re-run with 9 of 10 lines not JSON (over quarantine.max-ratio): the published quarantine stays",
            () -> dump("2024-07-01", 1, 9), quarantine, "2024-07-01", 3,
            "over quarantine.max-ratio 0.5; nothing was published to beta.orders", false,
            kafka("ingest", "--job", "orders", "--date", "2024-07-01")),
        new Case("no dump for the date", () -> { }, ORDERS, "2024-07-02", 4, "", false,
            kafka("ingest", "--job", "orders", "--date", "2024-07-02")),
        new Case("gzip dump cut off before its end", () -> gzipDump("2024-07-03", 200, -40), ORDERS, "2024-07-03", 3,
            "", false, kafka("ingest", "--job", "orders", "--date", "2024-07-03")),
        new Case("empty (0-byte) .gz file", () -> gzipDump("2024-07-04", 0, 0), ORDERS, "2024-07-04", 3, "", false,
            kafka("ingest", "--job", "orders", "--date", "2024-07-04")),
        new Case("another run holds the date's lock (a second writer)", () -> {
          dump("2024-07-05", 3, 0);
          new DateLocks(new Configuration(), lake.toString(), Duration.ofHours(1))
              .acquire(ORDERS.qualified(), "2024-07-05", held);
        }, ORDERS, "2024-07-05", 5, "table beta.orders date 2024-07-05 is being written by run " + held, false,
            kafka("ingest", "--job", "orders", "--date", "2024-07-05")),
        new Case("the lock of a crashed run whose lease ended (taken over)", () -> {
          dump("2024-07-06", 3, 0);
          new DateLocks(new Configuration(), lake.toString(), Duration.ofMillis(1))
              .acquire(ORDERS.qualified(), "2024-07-06", held);
          Thread.sleep(5);
        }, ORDERS, "2024-07-06", 0, "", true, kafka("ingest", "--job", "orders", "--date", "2024-07-06")),
        new Case("0-byte run record of a published date: register", () -> {
          try (Stream<Path> records = Files.list(lake.resolve("_feedlake/runs/beta.orders/date=2024-07-06"))) {
            Files.write(records.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow(), new byte[0]);
          }
        }, ORDERS, "2024-07-06", 3, "_feedlake/runs/beta.orders/date=2024-07-06/run=", false,
            kafka("register", "--job", "orders", "--date", "2024-07-06")),
        new Case("Adobe manifest with a wrong MD5-Digest for a data file", () -> {
          Files.createDirectories(adobe);
          try (Stream<Path> files = Files.list(Paths.get("data-samples/adobe"))) {
            for (Path f : files.toList()) {
              Files.copy(f, adobe.resolve(f.getFileName()));
            }
          }
          Path manifest = adobe.resolve("examplersid_2024-03-02.txt");
          Files.writeString(manifest, Files.readString(manifest).replaceFirst("MD5-Digest: [0-9a-f]{32}",
              "MD5-Digest: 00000000000000000000000000000000"));
        }, adobeTable, "2024-03-02", 3, "does not match the manifest's MD5-Digest 00000000000000000000000000000000",
            false, List.of("ingest", "--job", "adobe_clickstream", "--date", "2024-03-02", "--set",
                "source.path=" + adobe, "--set", "table.name=adobe_badmd5")));

    SoftAssertions soft = new SoftAssertions();
    StringBuilder table = new StringBuilder("| # | input | command | exit | published | reason (first line of stderr) |\n"
        + "|---|---|---|---|---|---|\n");
    int n = 0;
    for (Case c : corpus) {
      n++;
      c.setup().run();
      Optional<String> before = location(c.table(), c.date());
      Cli.Result r = run(c.command());
      Optional<String> after = location(c.table(), c.date());
      boolean published = !after.equals(before);
      String reason = r.err().lines().filter(l -> l.startsWith("feedlake")).findFirst().orElse("");
      soft.assertThat(r.exit()).as("case %d (%s): exit; stderr %s", n, c.name(), r.err()).isEqualTo(c.exit());
      soft.assertThat(published).as("case %d (%s): published", n, c.name()).isEqualTo(c.published());
      soft.assertThat(r.err()).as("case %d (%s): reason", n, c.name()).contains(c.reason());
      table.append("| ").append(n).append(" | ").append(c.name()).append(" | `").append(c.command().get(0)).append("` | ")
          .append(r.exit()).append(" | ").append(published ? "yes" : "no").append(" | ")
          .append(reason.replace(lake.toString(), "<lake>").replace(work.toString(), "<tmp>").replace("|", "\\|"))
          .append(" |\n");
    }
    // The refused re-run (case 2) left the published date as it was: its 9 rows, its 1 quarantine row.
    SparkSession spark = SparkSession.active();
    spark.catalog().refreshTable("beta.orders");
    spark.catalog().refreshTable("beta.orders_quarantine");
    soft.assertThat(spark.sql("SELECT count(*) FROM beta.orders WHERE `date` = '2024-07-01'").first().getLong(0))
        .isEqualTo(9);
    soft.assertThat(spark.sql("SELECT count(*) FROM beta.orders_quarantine WHERE `date` = '2024-07-01'").first()
        .getLong(0)).isEqualTo(1);
    Files.createDirectories(Paths.get("target/faults"));
    Files.writeString(Paths.get("target/faults/corpus.md"), table.toString(), StandardCharsets.UTF_8);
    soft.assertAll();
  }
}
