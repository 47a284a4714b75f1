package io.feedlake.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.InMemoryCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RecordStore;
import io.feedlake.ledger.RunCounts;
import io.feedlake.ledger.RunLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback, vacuum and sync over a lake laid out on local disk with real run records ({@link
 * RunLedger}) and an in-memory catalog: which run is current, where rollback goes, what vacuum
 * may delete, and what sync adds, reports and drops.
 */
class RunMaintenanceTest {
  private static final TableName TABLE = new TableName("beta", "orders");
  private static final String R1 = "20240301T010000Z-aaaaaa";
  private static final String R2 = "20240302T010000Z-bbbbbb";
  private static final String R3 = "20240303T010000Z-cccccc";

  @TempDir Path lake;
  private final Configuration conf = new Configuration();
  private final InMemoryCatalog catalog = new InMemoryCatalog();
  private RunLedger ledger;
  private TableStorage storage;

  @BeforeEach
  void setUp() {
    ledger = new RunLedger(conf, lake.toString());
    storage = new TableStorage(conf, lake.toString(), TABLE.qualified(), root());
    catalog.ensureTable(TABLE, new StructType().add("id", DataTypes.StringType), root(), SchemaEvolution.ADDITIVE);
  }

  private String root() {
    return "file:" + lake.resolve("beta/orders");
  }

  /** Writes a run directory with a file, records the run, and swaps the catalog to it. */
  private String publish(String date, String runId) throws IOException {
    Path dir = lake.resolve("beta/orders/date=" + date + "/run=" + runId);
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-00000.snappy.parquet"), new byte[100]);
    String location = "file:" + dir;
    ledger.record("orders", TABLE.qualified(), runId, result(date, "succeeded", location), Map.of());
    catalog.registerPartition(TABLE, date, location);
    return location;
  }

  private static DateResult result(String date, String status, String location) {
    RunCounts counts = new RunCounts(1, 0, 1, 0, 0, 0, 0, Map.of(), Map.of(), Map.of());
    return new DateResult(date, status, 0, null, 1, 10, counts, 1, 100, location, 1.0, List.of(), Map.of());
  }

  @Test
  void rollbackWalksBackOneRunAtATimeAndStopsAtTheEarliest() throws IOException {
    String l1 = publish("2024-03-01", R1);
    String l2 = publish("2024-03-01", R2);
    String l3 = publish("2024-03-01", R3);

    Rollback.Outcome first = Rollback.run(catalog, TABLE, storage, "2024-03-01");
    ledger.recordRollback("orders", TABLE.qualified(), "20240304T000000Z-rollbk", RunLedger.PUBLISHED, "2024-03-01", first.to(), first.from());

    assertThat(first.from()).isEqualTo(l3);
    assertThat(first.to()).isEqualTo(l2);
    assertThat(catalog.partitionLocations(TABLE)).containsEntry("2024-03-01", l2);
    assertThat(storage.current("2024-03-01")).contains(l2);

    Rollback.Outcome second = Rollback.run(catalog, TABLE, storage, "2024-03-01");
    assertThat(second.to()).isEqualTo(l1);
    catalog.registerPartition(TABLE, "2024-03-01", l1);
    assertThatThrownBy(() -> Rollback.run(catalog, TABLE, storage, "2024-03-01"))
        .isInstanceOf(FeedlakeException.class)
        .hasMessage("Cannot roll back beta.orders date=2024-03-01: " + l1
            + " is the earliest published run still on storage; there is nothing earlier to go back to");
    assertThatThrownBy(() -> Rollback.run(catalog, TABLE, storage, "2024-03-09"))
        .hasMessageStartingWith("Cannot roll back beta.orders date=2024-03-09: the date is not registered");
  }

  @Test
  void vacuumDeletesOnlySupersededRunsPastTheGracePeriod() throws IOException {
    publish("2024-03-01", R1);
    publish("2024-03-01", R2);
    String l3 = publish("2024-03-01", R3);
    publish("2024-03-02", R1);
    String hidden = publish("2024-03-02", R2);
    catalog.dropPartitions(TABLE, List.of("2024-03-02"));
    // A run whose swap failed: recorded as failed, never registered.
    Path failed = lake.resolve("beta/orders/date=2024-03-01/run=20240305T000000Z-ffffff");
    Files.createDirectories(failed);
    ledger.record("orders", TABLE.qualified(), "20240305T000000Z-ffffff", result("2024-03-01", "failed", null), Map.of());
    Files.createDirectories(lake.resolve("beta/orders/date=2024-03-01/run=manual-copy"));

    Vacuum.Plan withinGrace = Vacuum.plan(catalog, TABLE, storage, Instant.now().minus(Duration.ofDays(7)));
    assertThat(withinGrace.delete()).extracting(Vacuum.Candidate::runId).containsExactly("20240305T000000Z-ffffff");

    Vacuum.Plan plan = Vacuum.plan(catalog, TABLE, storage, Instant.now().plusSeconds(60));

    assertThat(plan.delete()).extracting(c -> c.date() + "/" + c.runId()).containsExactlyInAnyOrder(
        "2024-03-01/" + R1, "2024-03-01/" + R2, "2024-03-01/20240305T000000Z-ffffff", "2024-03-02/" + R1);
    assertThat(plan.referenced()).isEqualTo(2);
    assertThat(plan.unknown()).singleElement().asString().contains("run=manual-copy", "left alone");
    assertThat(plan.bytes()).isEqualTo(300);
    assertThat(plan.delete()).extracting(Vacuum.Candidate::location).doesNotContain(l3, hidden);
  }

  @Test
  void theCurrentLocationComesFromTheRecordsThenTheNewestRunThenTheDateDirectory() throws IOException {
    String l2 = publish("2024-03-01", R2);
    publish("2024-03-01", R1);
    assertThat(storage.current("2024-03-01")).as("last publication wins over run id order").contains(
        "file:" + lake.resolve("beta/orders/date=2024-03-01/run=" + R1));

    Files.createDirectories(lake.resolve("beta/orders/date=2024-03-05/run=" + R1));
    Files.createDirectories(lake.resolve("beta/orders/date=2024-03-05/run=" + R2));
    assertThat(storage.current("2024-03-05")).contains(l2.replace("2024-03-01", "2024-03-05"));

    Files.createDirectories(lake.resolve("beta/orders/date=2024-03-06"));
    assertThat(storage.current("2024-03-06")).contains("file:" + lake.resolve("beta/orders/date=2024-03-06"));

    Files.createDirectories(lake.resolve("beta/orders/date=2024-03-07/run=" + R3));
    ledger.record("orders", TABLE.qualified(), R3, result("2024-03-07", "failed", null), Map.of());
    assertThat(storage.current("2024-03-07")).as("a failed run is never registered by guess").isEmpty();
  }

  @Test
  void syncAddsMissingDatesReportsOrphansAndDropsDanglingPartitionsWithFix() throws IOException {
    publish("2024-03-01", R1);
    String l2 = publish("2024-03-02", R1);
    publish("2024-03-03", R1);
    Files.createDirectories(lake.resolve("beta/orders/date=2024-02-01/run=" + R1));
    Files.createDirectories(lake.resolve("beta/orders/date=2024-02-30"));
    Files.createDirectories(lake.resolve("beta/orders/_temporary"));
    catalog.dropPartitions(TABLE, List.of("2024-03-01", "2024-03-03"));
    catalog.registerPartition(TABLE, "2024-01-15", root() + "/date=2024-01-15/run=" + R1);
    catalog.registerPartition(TABLE, "2023-12-31", "file:/elsewhere/x");
    catalog.writes.clear();

    CatalogSync.Report r = CatalogSync.run(catalog, TABLE, storage, Optional.of("2024-03-01"), false, false);

    assertThat(r.added()).containsOnlyKeys("2024-03-01", "2024-03-03");
    assertThat(r.notExposed()).containsExactly("2024-02-01");
    assertThat(r.orphans()).containsExactly("_temporary (not a date=YYYY-MM-DD directory)",
        "date=2024-02-30 (not a date=YYYY-MM-DD directory)");
    assertThat(r.dangling()).containsOnlyKeys("2024-01-15", "2023-12-31");
    assertThat(r.foreign()).containsOnlyKeys("2023-12-31");
    assertThat(r.dropped()).isEmpty();
    assertThat(catalog.writes).containsExactly("registerAll beta.orders [2024-03-01, 2024-03-03]");

    Files.delete(lake.resolve("beta/orders/date=2024-03-02/run=" + R1 + "/part-00000.snappy.parquet"));
    Files.delete(lake.resolve("beta/orders/date=2024-03-02/run=" + R1));
    CatalogSync.Report quick = CatalogSync.run(catalog, TABLE, storage, Optional.empty(), true, false);
    assertThat(quick.dangling()).doesNotContainKey("2024-03-02");
    CatalogSync.Report full = CatalogSync.run(catalog, TABLE, storage, Optional.empty(), true, true);
    assertThat(full.dangling()).containsEntry("2024-03-02", l2);
    assertThat(full.dropped()).containsExactly("2024-03-02");
    assertThat(catalog.partitions(TABLE)).containsExactly("2024-02-01", "2024-03-01", "2024-03-03");
  }

  /** Writes a run directory and its intent record, and swaps the catalog to it: a crash after the swap. */
  private String publishWithoutConfirming(String date, String runId) throws IOException {
    Path dir = lake.resolve("beta/orders/date=" + date + "/run=" + runId);
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-00000.snappy.parquet"), new byte[100]);
    String location = "file:" + dir;
    ledger.record("orders", TABLE.qualified(), runId, RunLedger.PUBLISHING, result(date, "succeeded", location), Map.of());
    catalog.registerPartition(TABLE, date, location);
    return location;
  }

  private Path recordFile(String date, String runId) {
    return lake.resolve("_feedlake/runs/beta.orders/date=" + date + "/run=" + runId + ".json");
  }

  @Test
  void anIntentRecordTheCatalogServesIsPublishedAndRepairedSoNothingMovesTheDateBack() throws IOException {
    String l1 = publish("2024-03-01", R1);
    String l2 = publishWithoutConfirming("2024-03-01", R2);
    Optional<String> served = Optional.of(l2);

    assertThat(storage.current("2024-03-01", served, "register")).as("register keeps the run the catalog serves")
        .contains(l2);
    JsonNode repaired = new ObjectMapper().readTree(recordFile("2024-03-01", R2).toFile());
    assertThat(repaired.get("status").asText()).isEqualTo("published");
    assertThat(repaired.get("repaired_because").asText()).isEqualTo("the catalog serves " + l2 + " (found by register)");
    assertThat(storage.current("2024-03-01")).as("once repaired, the records alone say so").contains(l2);

    Vacuum.Plan plan = Vacuum.plan(catalog, TABLE, storage, Instant.now().plusSeconds(60));
    assertThat(plan.delete()).extracting(Vacuum.Candidate::location).containsExactly(l1);
    assertThat(Rollback.plan(catalog, TABLE, storage, "2024-03-01")).isEqualTo(new Rollback.Outcome("2024-03-01", l2, l1));
  }

  @Test
  void anIntentTheCatalogDoesNotServeIsNeitherCurrentNorRepaired() throws IOException {
    String l1 = publish("2024-03-01", R1);
    Path dir = lake.resolve("beta/orders/date=2024-03-01/run=" + R2);
    Files.createDirectories(dir);
    ledger.record("orders", TABLE.qualified(), R2, RunLedger.PUBLISHING, result("2024-03-01", "succeeded", "file:" + dir),
        Map.of());

    assertThat(storage.current("2024-03-01", Optional.of(l1), "register")).contains(l1);
    assertThat(new ObjectMapper().readTree(recordFile("2024-03-01", R2).toFile()).get("status").asText())
        .isEqualTo("publishing");
  }

  @Test
  void aRegisteredRunTheRecordsDoNotKnowIsKeptNotReplacedByAnOlderOne() throws IOException {
    publish("2024-03-01", R1);
    Path unknown = lake.resolve("beta/orders/date=2024-03-01/run=" + R3);
    Files.createDirectories(unknown);
    catalog.registerPartition(TABLE, "2024-03-01", "file:" + unknown);

    assertThat(storage.current("2024-03-01", Optional.of("file:" + unknown), "register")).contains("file:" + unknown);
  }

  @Test
  void anEmptyOrBrokenRunRecordIsAnErrorNamingTheFile() throws IOException {
    publish("2024-03-01", R1);
    Path empty = recordFile("2024-03-01", R2);
    Files.write(empty, new byte[0]);

    assertThatThrownBy(() -> storage.current("2024-03-01", Optional.empty(), "register"))
        .isInstanceOf(FeedlakeException.class)
        .satisfies(e -> assertThat(((FeedlakeException) e).exitCode()).isEqualTo(io.feedlake.ExitCode.DATA_CONTRACT))
        .hasMessageStartingWith("Cannot read the run record file:" + empty + " (0 bytes): it is empty;");

    Files.writeString(empty, "{\"run_id\": \"" + R2);
    assertThatThrownBy(() -> Vacuum.plan(catalog, TABLE, storage, Instant.now()))
        .hasMessageStartingWith("Cannot read the run record file:" + empty + " (" + Files.size(empty)
            + " bytes): it is not valid JSON (");
  }

  @Test
  void recordsAreReplacedWholeWithoutTemporaryOrChecksumFilesLeft() throws IOException {
    publish("2024-03-01", R1);
    Path file = recordFile("2024-03-01", R1);
    Files.writeString(file.resolveSibling(".run=" + R1 + ".json.crc"), "stale");
    ledger.record("orders", TABLE.qualified(), R1, RunLedger.FAILED, result("2024-03-01", "failed", null), Map.of());

    assertThat(new ObjectMapper().readTree(file.toFile()).get("status").asText()).isEqualTo("failed");
    try (var names = Files.list(file.getParent())) {
      assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly("run=" + R1 + ".json");
    }
    assertThat(new RecordStore(conf).methodFor(new org.apache.hadoop.fs.Path("file:" + file)))
        .isEqualTo(RecordStore.Method.LOCAL_RENAME);
    assertThat(new RecordStore(conf).methodFor(new org.apache.hadoop.fs.Path("hdfs://nn:8020/lake/x.json")))
        .isEqualTo(RecordStore.Method.RENAME);
  }
}
