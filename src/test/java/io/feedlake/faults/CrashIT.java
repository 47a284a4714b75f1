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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills a child feedlake JVM ({@code kill -9}) at each of the six publish stages ({@link
 * PausePoints#STAGES}), each on its own date of one lake, on the marker the child writes when it
 * gets there (no sleeping). Before that, two writers at once: the baseline ingest of every date
 * is held inside the lock of the first date while a second process ingests that date (it exits 5
 * with the lock message); the first then publishes. Then, in this JVM: the catalog shows, per
 * date, the old run or the new one, beta and quarantine from the same run, never a mix; {@code
 * register} keeps that and converges the path layout (DuckDB and {@code spark.read.parquet} over
 * the table directory count exactly the served rows); {@code vacuum --older-than 0s --execute}
 * deletes the crashed runs and keeps the served ones; a re-run of every date converges to exactly
 * the new rows; a rollback serves the old rows again, to path readers too.
 *
 * <p>Only the processes that are killed or held are child JVMs (eight: started small, see {@link
 * ChildFeedlake}); everything after the kills runs in this JVM's session ({@code local[2]}, two
 * shuffle partitions). One IT: child JVMs and the embedded Derby metastore (one process at a time)
 * rule out running it in parallel with anything on the same lake. The crash matrix it observed,
 * with the time of each phase, is written to {@code target/faults/crash-matrix.md}.
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

  /** The in-process commands' session: small, like the children's (spark.* system properties). */
  @BeforeAll
  static void smallSpark() {
    System.setProperty("spark.master", "local[2]");
    System.setProperty("spark.sql.shuffle.partitions", "2");
    System.setProperty("spark.default.parallelism", "2");
    System.setProperty("spark.ui.enabled", "false");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
    List.of("spark.master", "spark.sql.shuffle.partitions", "spark.default.parallelism", "spark.ui.enabled")
        .forEach(System::clearProperty);
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
    int dates = stages.size();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (int i = 0; i < dates; i++) {
      dump(date(i), OLD);
    }
    // Baseline and two writers at once: the baseline ingest of every date is held inside the lock
    // of the first date (at "classified": lock taken, nothing written, Derby not opened yet) while
    // a second process ingests that date; the second exits 5, the first then publishes every date.
    long t0 = System.nanoTime();
    ChildFeedlake first = ChildFeedlake.start(work, "writer-1", PausePoints.CLASSIFIED,
        args("ingest", "--job", "orders", "--from", date(0), "--to", date(dates - 1), "--run-id", "writer1"));
    first.awaitPause(600);
    ChildFeedlake second = ChildFeedlake.start(work, "writer-2", null,
        args("ingest", "--job", "orders", "--date", date(0), "--run-id", "writer2"));
    assertThat(second.exit(600)).as(second.tail()).isEqualTo(5);
    // A caller-named run id gets the command's start time in front of it, a date of a range its date.
    String heldRun = "\\d{8}T\\d{6}Z-writer1-" + date(0).replace("-", "");
    assertThat(second.output()).containsPattern("table beta\\.orders date " + date(0)
        + " is being written by run " + heldRun + " since .* \\(lease until ");
    assertThat(second.output()).doesNotContain("SessionHiveMetaStoreClient");
    first.resume();
    assertThat(first.exit(600)).as(first.tail()).isZero();
    assertThat(PathReaders.duckDb(lake.resolve("beta/orders"))).as("exact rows after the two writers")
        .containsEntry(date(0), (long) OLD.size()).hasSize(dates);
    try (Stream<Path> records = Files.list(lake.resolve("_feedlake/runs/beta.orders/date=" + date(0)))) {
      List<Path> all = records.toList();
      assertThat(all).as("one run of %s: the held writer's", date(0)).hasSize(1);
      assertThat(all.get(0).getFileName().toString()).matches("run=" + heldRun + "\\.json");
      assertThat(JSON.readTree(all.get(0).toFile()).at("/status").asText()).isEqualTo("published");
    }
    seconds.put("baseline + two writers", (System.nanoTime() - t0) / 1e9);

    // One date per stage: a re-run with new rows, killed when it reaches the stage. A short lease:
    // the fencing check only asks whether another run took the lease over, and nothing else runs
    // meanwhile; register and vacuum below must find the leases expired.
    Map<String, String> stageOf = new LinkedHashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      long t = System.nanoTime();
      dump(date(i), NEW);
      ChildFeedlake child = ChildFeedlake.start(work, "crash-" + stages.get(i), stages.get(i),
          args("ingest", "--job", "orders", "--date", date(i), "--set", "publish.lock.lease=2s"));
      child.awaitPause(600);
      child.kill();
      stageOf.put(date(i), stages.get(i));
      seconds.put("kill at " + stages.get(i), (System.nanoTime() - t) / 1e9);
    }

    // The crashed runs' leases end; until then register and vacuum would leave those dates alone.
    DateLocks locks = new DateLocks(new Configuration(), lake.toString(), Duration.ofSeconds(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!locks.liveLeases(ORDERS.qualified()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(locks.liveLeases(ORDERS.qualified())).isEmpty();
    long inProcess = System.nanoTime();

    // What the catalog serves right after the crashes: old or new, beta and quarantine together.
    Cli.Result sql = feedlake("sql", "SELECT 1");
    assertThat(sql.exit()).as(sql.err()).isZero();
    SparkSessionCatalog catalog = new SparkSessionCatalog(spark());
    SortedMap<String, String> beta = catalog.partitionLocations(ORDERS);
    SortedMap<String, String> quar = catalog.partitionLocations(QUARANTINE);
    Path tableDir = lake.resolve("beta/orders");
    // A task killed while writing leaves its partial file under run=<id>/_temporary/; DuckDB's **
    // reads it and fails the whole query until register, vacuum --execute or a re-run converges.
    SortedMap<String, Long> duckBefore = null;
    String duckError = null;
    try {
      duckBefore = PathReaders.duckDb(tableDir);
    } catch (java.sql.SQLException e) {
      duckError = e.getMessage();
    }
    if (stages.contains(PausePoints.BETA_WRITE) || stages.contains(PausePoints.QUARANTINE_WRITE)) {
      assertThat(duckError).as("DuckDB over a table with a killed task's partial file").contains("_temporary");
    }
    String duckNote = duckError;
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
          .append(rows.size()).append(" | ")
          .append(duckBefore != null ? String.valueOf(rows(duckBefore, d)) : "query fails (a killed task's partial file)")
          .append(" | ").append(killedRecord).append(" |\n");
    }
    if (!stageOf.get(date(0)).equals(PausePoints.SWAPPED)) {
      assertThat(runOf(beta.get(date(0)))).as("the held writer's run still serves %s", date(0)).matches(heldRun);
    }

    // register: the catalog stays where it is (never back to an older run), the killed run's
    // intent is repaired where the catalog serves it, and the layout converges.
    Cli.Result register = feedlake("register", "--job", "orders", "--from", date(0), "--to", date(dates - 1), "--json");
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

    if (duckNote != null) {
      matrix.append("\nDuckDB before register: ").append(duckNote.lines().findFirst().orElse("")).append("\n");
    }
    seconds.put("in-process: catalog, register, vacuum, re-run, rollback", (System.nanoTime() - inProcess) / 1e9);
    matrix.append("\n| phase | seconds |\n|---|---|\n");
    seconds.forEach((k, v) -> matrix.append("| ").append(k).append(" | ").append(String.format("%.1f", v)).append(" |\n"));
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
