package io.feedlake.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.SparkSessionCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.ledger.DateLocks;
import io.feedlake.publish.PausePoints;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kills a child feedlake JVM ({@code kill -9}) at each of the six publish stages ({@link
 * PausePoints#STAGES}), each on its own date of one lake, on the marker the child writes when it
 * gets there (no sleeping); holds a seventh date's writer while a second process tries the same
 * date. Then, in this JVM: the catalog shows, per date, the old run or the new one, beta and
 * quarantine from the same run, never a mix; {@code register} keeps that and converges the path
 * layout (DuckDB and {@code spark.read.parquet} over the table directory count exactly the served
 * rows); {@code vacuum --older-than 0s --execute} deletes the crashed runs and keeps the served
 * ones; a re-run of every date converges to exactly the new rows; a rollback serves the old rows
 * again, to path readers too.
 *
 * <p>One IT: child JVMs and the embedded Derby metastore (one process at a time) rule out running
 * it in parallel with anything on the same lake. The crash matrix it observed is written to {@code
 * target/faults/crash-matrix.md}.
 */
class CrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DDL = "order_id STRING, ts STRING, amount STRING";
  private static final TableName ORDERS = new TableName("beta", "orders");
  private static final TableName QUARANTINE = ORDERS.quarantine();
  private static final LocalDate FIRST = LocalDate.parse("2024-06-01");
  private static final List<String> OLD = List.of("a1", "a2", "a3");
  private static final List<String> NEW = List.of("b1", "b2", "b3", "b4");

  private Path work;
  private Path lake;
  private Path alpha;
  private Path jobs;

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static String date(int i) {
    return FIRST.plusDays(i).toString();
  }

  /** A kcat -J dump of one date: the given order ids and one line that is not JSON (quarantined). */
  private void dump(String date, List<String> ids) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String payload = "{\"order_id\":\"" + ids.get(i) + "\",\"ts\":\"" + date + "T10:00:00Z\",\"amount\":\"1.00\"}";
      lines.add("{\"topic\":\"orders\",\"partition\":0,\"offset\":" + i + ",\"tstype\":\"create\",\"ts\":1714557600000,"
          + "\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}");
    }
    lines.add("{not json");
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("orders-p0.json"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private List<String> args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of("--set", "lake.root=" + lake, "--set", "jobs.dir=" + jobs));
    return all;
  }

  private Cli.Result feedlake(String... command) {
    return Cli.run(args(command).toArray(String[]::new));
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  private static List<String> ids(String date) {
    spark().catalog().refreshTable(ORDERS.qualified());
    return spark().sql("SELECT order_id FROM beta.orders WHERE `date` = '" + date + "' ORDER BY order_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String runOf(String location) {
    return location.substring(location.lastIndexOf("/run=") + 5);
  }

  private static long rows(SortedMap<String, Long> counts, String date) {
    return counts.getOrDefault(date, 0L);
  }

  private JsonNode record(String table, String date, String runId) throws IOException {
    return JSON.readTree(lake.resolve("_feedlake/runs/" + table + "/date=" + date + "/run=" + runId + ".json").toFile());
  }

  @Test
  void aKillAtEveryPublishStageLeavesTheOldRunOrTheNewOneAndEverythingConverges() throws Exception {
    work = Files.createTempDirectory("feedlake-crash-it");
    lake = work.resolve("lake");
    alpha = work.resolve("alpha");
    jobs = work.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"" + DDL + "\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }",
        "quarantine.max-ratio = 0.5"));
    // -Dfaults.stages=a,b runs a subset (a quick check on a loaded machine); all six by default.
    String only = System.getProperty("faults.stages", "");
    List<String> stages = only.isBlank() ? PausePoints.STAGES
        : PausePoints.STAGES.stream().filter(List.of(only.split(","))::contains).toList();
    int dates = stages.size() + 1;
    for (int i = 0; i < dates; i++) {
      dump(date(i), OLD);
    }
    ChildFeedlake base = ChildFeedlake.start(work, "baseline", null,
        args("ingest", "--job", "orders", "--from", date(0), "--to", date(dates - 1)));
    assertThat(base.exit(1200)).as(base.tail()).isZero();

    // One date per stage: a re-run with new rows, killed when it reaches the stage.
    Map<String, String> stageOf = new LinkedHashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      dump(date(i), NEW);
      ChildFeedlake child = ChildFeedlake.start(work, "crash-" + stages.get(i), stages.get(i),
          args("ingest", "--job", "orders", "--date", date(i), "--set", "publish.lock.lease=40s"));
      child.awaitPause(900);
      child.kill();
      stageOf.put(date(i), stages.get(i));
    }

    // Two writers on one date: the first is held after taking the lock, the second exits 5.
    String contested = date(dates - 1);
    dump(contested, NEW);
    ChildFeedlake first = ChildFeedlake.start(work, "writer-1", PausePoints.CLASSIFIED,
        args("ingest", "--job", "orders", "--date", contested, "--run-id", "20240607T000000Z-writer1"));
    first.awaitPause(900);
    ChildFeedlake second = ChildFeedlake.start(work, "writer-2", null,
        args("ingest", "--job", "orders", "--date", contested, "--run-id", "20240607T000001Z-writer2"));
    assertThat(second.exit(900)).as(second.tail()).isEqualTo(5);
    // A caller-named run id gets the command's start time in front of it.
    assertThat(second.output()).containsPattern("table beta\\.orders date " + contested
        + " is being written by run \\d{8}T\\d{6}Z-20240607T000000Z-writer1 since .* \\(lease until ");
    assertThat(second.output()).doesNotContain("SessionHiveMetaStoreClient");
    first.resume();
    assertThat(first.exit(900)).as(first.tail()).isZero();

    // The crashed runs' leases (40 s) end; until then register and vacuum leave those dates alone.
    DateLocks locks = new DateLocks(new Configuration(), lake.toString(), Duration.ofSeconds(40));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!locks.liveLeases(ORDERS.qualified()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(locks.liveLeases(ORDERS.qualified())).isEmpty();

    // What the catalog serves right after the crashes: old or new, beta and quarantine together.
    Cli.Result sql = feedlake("sql", "SELECT 1");
    assertThat(sql.exit()).as(sql.err()).isZero();
    SparkSessionCatalog catalog = new SparkSessionCatalog(spark());
    SortedMap<String, String> beta = catalog.partitionLocations(ORDERS);
    SortedMap<String, String> quar = catalog.partitionLocations(QUARANTINE);
    Path tableDir = lake.resolve("beta/orders");
    SortedMap<String, Long> duckBefore = PathReaders.duckDb(tableDir);
    StringBuilder matrix = new StringBuilder(
        "| stage killed | catalog serves | beta rows | path readers before register (DuckDB) | record of the killed run |\n"
            + "|---|---|---|---|---|\n");
    Map<String, List<String>> served = new TreeMap<>();
    for (Map.Entry<String, String> e : stageOf.entrySet()) {
      String d = e.getKey();
      List<String> rows = ids(d);
      served.put(d, rows);
      assertThat(runOf(quar.get(d))).as("beta and quarantine of %s come from one run", d).isEqualTo(runOf(beta.get(d)));
      boolean swapped = e.getValue().equals(PausePoints.SWAPPED);
      assertThat(rows).as("%s killed at %s", d, e.getValue()).isEqualTo(swapped ? NEW : OLD);
      String killedRecord;
      try (Stream<Path> records = Files.list(lake.resolve("_feedlake/runs/beta.orders/date=" + d))) {
        List<String> names = records.map(p -> p.getFileName().toString()).sorted().toList();
        killedRecord = names.size() == 1 ? "none" : "`" + record("beta.orders", d, names.get(1).replaceAll("^run=|\\.json$", ""))
            .at("/status").asText() + "`";
      }
      matrix.append("| ").append(e.getValue()).append(" | ").append(swapped ? "new run" : "old run").append(" | ")
          .append(rows.size()).append(" | ").append(rows(duckBefore, d)).append(" | ").append(killedRecord).append(" |\n");
    }
    assertThat(ids(contested)).isEqualTo(NEW);
    assertThat(runOf(beta.get(contested))).endsWith("-20240607T000000Z-writer1");

    // register: the catalog stays where it is (never back to an older run), the killed run's
    // intent is repaired where the catalog serves it, and the layout converges.
    Cli.Result register = feedlake("register", "--job", "orders", "--from", date(0), "--to", contested, "--json");
    assertThat(register.exit()).as(register.err()).isZero();
    assertThat(catalog.partitionLocations(ORDERS)).isEqualTo(beta);
    assertThat(catalog.partitionLocations(QUARANTINE)).isEqualTo(quar);
    if (stages.contains(PausePoints.SWAPPED)) {
      String swappedDate = date(stages.indexOf(PausePoints.SWAPPED));
      assertThat(record("beta.orders", swappedDate, runOf(beta.get(swappedDate))).at("/status").asText())
          .as("the intent record of a run killed after its swap is repaired by register").isEqualTo("published");
    }
    assertPathReadersSeeTheCatalog(tableDir);

    // vacuum: the crashed runs go, the served runs stay.
    Cli.Result vacuum = feedlake("vacuum", "--job", "orders", "--older-than", "0s", "--execute", "--json");
    assertThat(vacuum.exit()).as(vacuum.err()).isZero();
    JsonNode deleted = JSON.readTree(vacuum.out().strip()).at("/vacuum/deleted");
    assertThat(deleted.toString()).doesNotContain(beta.values().stream().map(CrashIT::runOf).toArray(String[]::new));
    for (String location : beta.values()) {
      assertThat(Path.of(java.net.URI.create(location))).exists();
    }
    for (String d : stageOf.keySet()) {
      if (!stageOf.get(d).equals(PausePoints.CLASSIFIED)) {
        assertThat(deleted.toString()).as("a run killed at %s wrote a directory that vacuum deletes", stageOf.get(d))
            .contains("date=" + d + "/run=");
      }
    }
    assertPathReadersSeeTheCatalog(tableDir);

    // A re-run converges every date to exactly the new rows; a rollback serves the old ones again.
    Cli.Result rerun = feedlake("ingest", "--job", "orders", "--from", date(0), "--to", date(stages.size() - 1));
    assertThat(rerun.exit()).as(rerun.err()).isZero();
    for (int i = 0; i < stages.size(); i++) {
      assertThat(ids(date(i))).as(date(i)).isEqualTo(NEW);
    }
    assertPathReadersSeeTheCatalog(tableDir);
    Cli.Result back = feedlake("rollback", "--job", "orders", "--date", date(0));
    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(ids(date(0))).isEqualTo(OLD);
    assertThat(rows(PathReaders.duckDb(tableDir), date(0))).isEqualTo(OLD.size());
    assertPathReadersSeeTheCatalog(tableDir);

    Files.createDirectories(Path.of("target/faults"));
    Files.writeString(Path.of("target/faults/crash-matrix.md"), matrix.toString(), StandardCharsets.UTF_8);
  }

  /** DuckDB and spark.read.parquet over the table directory count what the catalog serves, per date. */
  private static void assertPathReadersSeeTheCatalog(Path tableDir) throws Exception {
    SortedMap<String, Long> catalog = new TreeMap<>();
    spark().catalog().refreshTable(ORDERS.qualified());
    spark().sql("SELECT CAST(`date` AS STRING), count(*) FROM beta.orders GROUP BY 1").collectAsList()
        .forEach(r -> catalog.put(r.getString(0), r.getLong(1)));
    assertThat(PathReaders.duckDb(tableDir)).as("DuckDB read_parquet(hive_partitioning) vs the catalog").isEqualTo(catalog);
    assertThat(PathReaders.spark(spark(), tableDir)).as("spark.read.parquet(table dir) vs the catalog").isEqualTo(catalog);
  }
}
