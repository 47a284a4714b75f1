package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.catalog.SparkSessionCatalog;
import io.feedlake.catalog.TableShape;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.ingest.IngestRunner;
import io.feedlake.source.Sources;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The swap publish protocol end to end on the embedded catalog: every ingest of a date writes a
 * new run directory and swaps the partition to it; a failure injected between the write and the
 * swap leaves readers on the previous run; rollback walks back; vacuum lists then deletes only
 * unreferenced runs; overwrite mode keeps the classic layout; sync finds and drops a partition
 * whose data is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DDL = "order_id STRING, ts STRING, amount STRING";
  private static final TableName ORDERS = new TableName("beta", "orders");
  private static Path lake;
  private static Path alpha;
  private static Path jobs;
  private static final List<String> runs = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path root = Files.createTempDirectory("feedlake-publish-it");
    lake = root.resolve("lake");
    alpha = root.resolve("alpha");
    jobs = root.resolve("jobs");
    Files.createDirectories(jobs);
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders, schema.ddl = \"" + DDL + "\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }"));
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static void dump(String date, String... ids) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      String payload = "{\"order_id\":\"" + ids[i] + "\",\"ts\":\"" + date + "T10:00:00Z\",\"amount\":\"1.00\"}";
      lines.add("{\"topic\":\"orders\",\"partition\":0,\"offset\":" + i + ",\"tstype\":\"create\",\"ts\":1714557600000,"
          + "\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}");
    }
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("orders-p0.json"), String.join("\n", lines) + "\n");
  }

  record Result(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out.strip());
    }
  }

  private static Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "lake.root=" + lake, "--set", "jobs.dir=" + jobs));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  private static List<String> orderIds(String date) {
    spark().catalog().refreshTable("beta.orders");
    return spark().sql("SELECT order_id FROM beta.orders WHERE `date` = '" + date + "' ORDER BY order_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String registered(String date) {
    return new SparkSessionCatalog(spark()).partitionLocations(ORDERS).get(date);
  }

  private static String runDir(String date, String runId) {
    return "file:" + lake.resolve("beta/orders/date=" + date + "/run=" + runId);
  }

  private static String parkedDir(String date, String runId) {
    return "file:" + lake.resolve("_feedlake/superseded/beta.orders/date=" + date + "/run=" + runId);
  }

  /** The run directories of a date on storage: under the table directory and parked. */
  private static List<String> runDirs(String date) throws IOException {
    List<String> out = new ArrayList<>(liveRunDirs(date));
    Path parked = lake.resolve("_feedlake/superseded/beta.orders/date=" + date);
    if (Files.isDirectory(parked)) {
      try (Stream<Path> s = Files.list(parked)) {
        s.map(p -> p.getFileName().toString()).forEach(out::add);
      }
    }
    return out.stream().sorted().toList();
  }

  /** The run directories under the table directory (what path readers see). */
  private static List<String> liveRunDirs(String date) throws IOException {
    try (Stream<Path> s = Files.list(lake.resolve("beta/orders/date=" + date))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  @Order(1)
  void everyIngestWritesANewRunAndSwapsThePartitionToIt() throws Exception {
    dump("2024-05-01", "o1", "o2");
    Result first = feedlake("ingest", "--job", "orders", "--date", "2024-05-01", "--json");
    assertThat(first.exit).as(first.err).isZero();
    runs.add(first.json().get("run_id").asText());
    dump("2024-05-01", "o1", "o2", "o3");

    Result second = feedlake("ingest", "--job", "orders", "--date", "2024-05-01", "--json");

    assertThat(second.exit).as(second.err).isZero();
    runs.add(second.json().get("run_id").asText());
    assertThat(runDirs("2024-05-01")).containsExactly("run=" + runs.get(0), "run=" + runs.get(1));
    assertThat(liveRunDirs("2024-05-01")).as("path readers see the served run only").containsExactly("run=" + runs.get(1));
    assertThat(second.json().at("/dates/0/location").asText()).isEqualTo(runDir("2024-05-01", runs.get(1)));
    assertThat(registered("2024-05-01")).isEqualTo(runDir("2024-05-01", runs.get(1)));
    assertThat(orderIds("2024-05-01")).containsExactly("o1", "o2", "o3");
    try (Stream<Path> files = Files.list(lake.resolve("beta/orders/date=2024-05-01/run=" + runs.get(1)))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList())
          .singleElement().asString().startsWith("part-").endsWith(".snappy.parquet");
    }
  }

  @Test
  @Order(2)
  void aFailureBetweenTheWriteAndTheSwapLeavesReadersOnThePreviousRun() throws Exception {
    dump("2024-05-01", "o1", "o2", "o3", "o4");
    ConfigLoader loader = ConfigLoader.load(Paths.get("").toAbsolutePath(), null,
        Map.of("lake.root", lake.toString(), "jobs.dir", jobs.toString()));
    JobSpec job = loader.job("orders");
    PartitionCatalog failing = new FailingSwap(new SparkSessionCatalog(spark()));
    IngestRunner runner = new IngestRunner(spark(), loader.jobSettings("orders"), job, Sources.create(job), failing);
    String runId = FeedlakeCommand.newRunId();

    assertThatThrownBy(() -> runner.run(LocalDate.parse("2024-05-01"), runId))
        .hasMessage("injected: the catalog is unreachable at the swap");

    runs.add(runId);
    assertThat(registered("2024-05-01")).isEqualTo(runDir("2024-05-01", runs.get(1)));
    assertThat(orderIds("2024-05-01")).containsExactly("o1", "o2", "o3");
    assertThat(runDirs("2024-05-01")).contains("run=" + runId);
    JsonNode record = JSON.readTree(lake.resolve("_feedlake/runs/beta.orders/date=2024-05-01/run=" + runId + ".json").toFile());
    assertThat(record.at("/result/status").asText()).isEqualTo("failed");
    assertThat(record.at("/result/notes").toString()).contains("run directory " + runDir("2024-05-01", runId)
        + " was written and verified but not published");
  }

  @Test
  @Order(3)
  void rollbackPointsTheDateAtThePreviousRunAndStopsAtTheFirst() throws Exception {
    Result back = feedlake("rollback", "--job", "orders", "--date", "2024-05-01", "--json");

    assertThat(back.exit).as(back.err).isZero();
    assertThat(back.json().get("from").asText()).isEqualTo(runDir("2024-05-01", runs.get(1)));
    assertThat(back.json().get("to").asText()).isEqualTo(runDir("2024-05-01", runs.get(0)));
    assertThat(orderIds("2024-05-01")).containsExactly("o1", "o2");

    Result none = feedlake("rollback", "--job", "orders", "--date", "2024-05-01");
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains("is the earliest published run still on storage; there is nothing earlier to go back to");
  }

  @Test
  @Order(4)
  void vacuumListsByDefaultAndDeletesOnlyUnreferencedRunsWithExecute() throws Exception {
    Result young = feedlake("vacuum", "--job", "orders", "--json");
    assertThat(young.exit).as(young.err).isZero();
    assertThat(young.json().at("/vacuum/would_delete")).isEmpty();

    Result dry = feedlake("vacuum", "--job", "orders", "--older-than", "0s");

    assertThat(dry.exit).as(dry.err).isZero();
    assertThat(dry.out).contains("would delete " + parkedDir("2024-05-01", runs.get(1)),
        "would delete " + parkedDir("2024-05-01", runs.get(2)), "dry run");
    assertThat(runDirs("2024-05-01")).hasSize(3);

    Result wet = feedlake("vacuum", "--job", "orders", "--older-than", "0s", "--execute", "--json");

    assertThat(wet.exit).as(wet.err).isZero();
    // The superseded beta runs and their quarantine runs (rollback moved the quarantine back too).
    assertThat(wet.json().at("/vacuum/deleted")).hasSize(4);
    assertThat(runDirs("2024-05-01")).containsExactly("run=" + runs.get(0));
    try (Stream<Path> q = Files.list(lake.resolve("beta/_quarantine/orders/date=2024-05-01"))) {
      assertThat(q.map(p -> p.getFileName().toString()).toList()).containsExactly("run=" + runs.get(0));
    }
    assertThat(orderIds("2024-05-01")).containsExactly("o1", "o2");
  }

  @Test
  @Order(5)
  void overwriteModeWritesTheDateDirectoryItself() throws Exception {
    dump("2024-05-02", "o7");
    List<String> otherDate = orderIds("2024-05-01");

    Result r = feedlake("ingest", "--job", "orders", "--date", "2024-05-02", "--set", "publish.mode=overwrite");

    assertThat(r.exit).as(r.err).isZero();
    // Dynamic partition overwrite (the write's own option, not a session default) replaces this date only.
    assertThat(orderIds("2024-05-01")).as("the other date's rows").isNotEmpty().isEqualTo(otherDate);
    assertThat(registered("2024-05-02")).isEqualTo("file:" + lake.resolve("beta/orders/date=2024-05-02"));
    try (Stream<Path> s = Files.list(lake.resolve("beta/orders/date=2024-05-02"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList()).hasSize(1);
    }
    assertThat(orderIds("2024-05-02")).containsExactly("o7");
    Result rollback = feedlake("rollback", "--job", "orders", "--date", "2024-05-02");
    assertThat(rollback.exit).isEqualTo(2);
    assertThat(rollback.err).contains("date=2024-05-02 is the earliest published run still on storage");
  }

  @Test
  @Order(6)
  void syncReportsAPartitionWhoseDataIsGoneAndFixDropsIt() throws Exception {
    try (Stream<Path> s = Files.walk(lake.resolve("beta/orders/date=2024-05-02"))) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.createDirectories(lake.resolve("beta/orders/date=2024-13-01"));

    Result report = feedlake("sync", "--job", "orders", "--json");
    assertThat(report.exit).as(report.err).isZero();
    assertThat(report.json().at("/tables/beta.orders/dangling").toString()).contains("2024-05-02");
    assertThat(report.json().at("/tables/beta.orders/orphans").toString())
        .contains("date=2024-13-01 (not a date=YYYY-MM-DD directory)");
    assertThat(registered("2024-05-02")).isNotNull();

    Result fixed = feedlake("sync", "--job", "orders", "--fix", "--json");
    assertThat(fixed.json().at("/tables/beta.orders/dropped").toString()).isEqualTo("[\"2024-05-02\"]");
    assertThat(new SparkSessionCatalog(spark()).partitions(ORDERS)).containsExactly("2024-05-01");
  }

  @Test
  @Order(7)
  void lateEventsAreMergedIntoTheirOwnDateOnceAndNothingIsLost() throws Exception {
    List<String> before = orderIds("2024-05-01");
    String late = "{\"order_id\":\"o8\",\"ts\":\"2024-05-01T23:00:00Z\",\"amount\":\"1.00\"}";
    String dup = "{\"order_id\":\"o1\",\"ts\":\"2024-05-01T10:00:00Z\",\"amount\":\"1.00\"}";
    String today = "{\"order_id\":\"o9\",\"ts\":\"2024-05-03T08:00:00Z\",\"amount\":\"1.00\"}";
    Path dir = alpha.resolve("orders/dt=2024-05-03");
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    int offset = 0;
    for (String payload : List.of(late, dup, today)) {
      lines.add("{\"topic\":\"orders\",\"partition\":1,\"offset\":" + offset++ + ",\"tstype\":\"create\","
          + "\"ts\":1714557600000,\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}");
    }
    Files.writeString(dir.resolve("orders-p1.json"), String.join("\n", lines) + "\n");

    Result merged = feedlake("ingest", "--job", "orders", "--date", "2024-05-03", "--json",
        "--set", "publish.late-events=merge", "--set", "quarantine.max-ratio=1");

    assertThat(merged.exit).as(merged.err).isZero();
    JsonNode d = merged.json().at("/dates/0");
    assertThat(d.at("/counts/quarantined_by_reason/late_event").asInt()).isEqualTo(2);
    assertThat(d.at("/metrics/late_merged").asInt()).isEqualTo(1);
    assertThat(d.get("notes").toString()).contains("merged 1 of 2 late event(s) into date=2024-05-01");
    List<String> after = new ArrayList<>(before);
    after.add("o8");
    assertThat(orderIds("2024-05-01")).containsExactlyElementsOf(after);
    assertThat(orderIds("2024-05-03")).containsExactly("o9");
    String mergedRun = merged.json().get("run_id").asText();
    assertThat(registered("2024-05-01")).isEqualTo(runDir("2024-05-01", mergedRun));

    Result again = feedlake("ingest", "--job", "orders", "--date", "2024-05-03", "--json",
        "--set", "publish.late-events=merge", "--set", "quarantine.max-ratio=1");

    assertThat(again.exit).as(again.err).isZero();
    assertThat(again.json().at("/dates/0/notes").toString())
        .contains("2 late event(s) for date=2024-05-01 were already published there");
    assertThat(orderIds("2024-05-01")).containsExactlyElementsOf(after);
    assertThat(registered("2024-05-01")).isEqualTo(runDir("2024-05-01", mergedRun));
    Result rollback = feedlake("rollback", "--job", "orders", "--date", "2024-05-01", "--json");
    assertThat(rollback.exit).as(rollback.err).isZero();
    assertThat(orderIds("2024-05-01")).containsExactlyElementsOf(before);
  }

  /** Writes a kcat dump for a date whose orders carry the given event times (id to ISO instant). */
  private static void dumpWithTimes(String date, Map<String, String> timesById) throws IOException {
    List<String> lines = new ArrayList<>();
    int offset = 0;
    for (Map.Entry<String, String> e : timesById.entrySet()) {
      String payload = "{\"order_id\":\"" + e.getKey() + "\",\"ts\":\"" + e.getValue() + "\",\"amount\":\"1.00\"}";
      lines.add("{\"topic\":\"orders\",\"partition\":0,\"offset\":" + offset++ + ",\"tstype\":\"create\","
          + "\"ts\":1714557600000,\"key\":null,\"payload\":" + JSON.valueToTree(payload) + "}");
    }
    Path dir = alpha.resolve("orders/dt=" + date);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("orders-p0.json"), String.join("\n", lines) + "\n");
  }

  private static JsonNode record(String date, String runId) throws IOException {
    return JSON.readTree(lake.resolve("_feedlake/runs/beta.orders/date=" + date + "/run=" + runId + ".json").toFile());
  }

  @Test
  @Order(8)
  void aRangeWithLateEventMergeGivesEachDateItsOwnRunAndRecordsEveryDate() throws Exception {
    dumpWithTimes("2024-06-01", new java.util.LinkedHashMap<>(Map.of("a1", "2024-06-01T10:00:00Z")));
    var second = new java.util.LinkedHashMap<String, String>();
    second.put("b1", "2024-06-02T10:00:00Z");
    second.put("late-b-for-1", "2024-06-01T22:00:00Z");
    dumpWithTimes("2024-06-02", second);
    var third = new java.util.LinkedHashMap<String, String>();
    third.put("c1", "2024-06-03T10:00:00Z");
    third.put("late-c-for-1", "2024-06-01T23:00:00Z");
    third.put("late-c-for-2", "2024-06-02T23:00:00Z");
    dumpWithTimes("2024-06-03", third);

    Result r = feedlake("ingest", "--job", "orders", "--from", "2024-06-01", "--to", "2024-06-03", "--json",
        "--set", "publish.late-events=merge", "--set", "quarantine.max-ratio=1");

    assertThat(r.exit).as(r.err).isZero();
    String command = r.json().get("run_id").asText();
    String run1 = command + "-20240601";
    String run2 = command + "-20240602";
    String run3 = command + "-20240603";
    assertThat(IngestRunner.dateRunId(command, LocalDate.parse("2024-06-02"), 3)).isEqualTo(run2);
    assertThat(r.json().at("/dates/0/location").asText()).isEqualTo(runDir("2024-06-01", run1));
    assertThat(r.json().at("/dates/1/location").asText()).isEqualTo(runDir("2024-06-02", run2));
    assertThat(r.json().at("/dates/2/location").asText()).isEqualTo(runDir("2024-06-03", run3));
    // 2024-06-01 got a merged run from each later dump; 2024-06-02 one from the third.
    assertThat(runDirs("2024-06-01")).containsExactly("run=" + run1, "run=" + run2, "run=" + run3);
    assertThat(runDirs("2024-06-02")).containsExactly("run=" + run2, "run=" + run3);
    assertThat(registered("2024-06-01")).isEqualTo(runDir("2024-06-01", run3));
    assertThat(registered("2024-06-02")).isEqualTo(runDir("2024-06-02", run3));
    assertThat(registered("2024-06-03")).isEqualTo(runDir("2024-06-03", run3));
    assertThat(orderIds("2024-06-01")).containsExactly("a1", "late-b-for-1", "late-c-for-1");
    assertThat(orderIds("2024-06-02")).containsExactly("b1", "late-c-for-2");
    assertThat(orderIds("2024-06-03")).containsExactly("c1");
    for (String[] dateAndRun : new String[][] {{"2024-06-01", run1}, {"2024-06-01", run2}, {"2024-06-01", run3},
        {"2024-06-02", run2}, {"2024-06-02", run3}, {"2024-06-03", run3}}) {
      JsonNode rec = record(dateAndRun[0], dateAndRun[1]);
      assertThat(rec.at("/result/status").asText()).as(dateAndRun[0] + " " + dateAndRun[1]).isEqualTo("succeeded");
      assertThat(rec.at("/result/location").asText()).isEqualTo(runDir(dateAndRun[0], dateAndRun[1]));
    }
    assertThat(record("2024-06-03", run3).at("/result/notes").toString())
        .contains("merged 1 of 1 late event(s) into date=2024-06-01", "merged 1 of 1 late event(s) into date=2024-06-02");
  }

  @Test
  @Order(9)
  void aCrashBetweenTheSwapAndTheRecordNeverMovesTheDateBackAndABrokenRecordIsNamed() throws Exception {
    String run3 = runDirs("2024-06-01").get(2).substring("run=".length());
    String current = runDir("2024-06-01", run3);
    assertThat(registered("2024-06-01")).isEqualTo(current);
    Path record = lake.resolve("_feedlake/runs/beta.orders/date=2024-06-01/run=" + run3 + ".json");
    var intent = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(record.toFile());
    intent.put("status", "publishing");
    Files.writeString(record, intent.toString());

    Result register = feedlake("register", "--job", "orders", "--date", "2024-06-01");

    assertThat(register.exit).as(register.err).isZero();
    assertThat(registered("2024-06-01")).isEqualTo(current);
    assertThat(JSON.readTree(record.toFile()).get("status").asText()).isEqualTo("published");
    Result vacuum = feedlake("vacuum", "--job", "orders", "--older-than", "0s");
    assertThat(vacuum.exit).as(vacuum.err).isZero();
    assertThat(vacuum.out).doesNotContain("would delete " + current);

    Files.write(record, new byte[0]);
    Result broken = feedlake("register", "--job", "orders", "--date", "2024-06-01");

    assertThat(broken.exit).isEqualTo(3);
    assertThat(broken.err).contains("Cannot read the run record file:" + record + " (0 bytes): it is empty");
    assertThat(registered("2024-06-01")).isEqualTo(current);
    Files.writeString(record, intent.toString());
  }

  @Test
  @Order(10)
  void aSecondWriterOfADateExitsFiveNamingTheRunThatHoldsItsLock() throws Exception {
    var locks = new io.feedlake.ledger.DateLocks(spark().sparkContext().hadoopConfiguration(), lake.toString(),
        java.time.Duration.ofHours(2));
    try (var held = locks.acquire("beta.orders", "2024-06-02", "20240602T000000Z-holder")) {
      Result second = feedlake("ingest", "--job", "orders", "--date", "2024-06-02", "--json");

      assertThat(second.exit).as(second.err).isEqualTo(5);
      assertThat(second.err).containsPattern("table beta\\.orders date 2024-06-02 is being written by run"
          + " 20240602T000000Z-holder since \\S+ \\(lease until \\S+, host [^)]+\\)");
      Result vacuum = feedlake("vacuum", "--job", "orders", "--older-than", "0s");
      assertThat(vacuum.out).contains("left alone: date=2024-06-02: 2 run directories left alone: being written by run"
          + " 20240602T000000Z-holder");
    }
    Result after = feedlake("ingest", "--job", "orders", "--date", "2024-06-02", "--json",
        "--set", "quarantine.max-ratio=1");
    assertThat(after.exit).as(after.err).isZero();
    // A re-run replaces the date with its own dump's rows (the late row merged from 2024-06-03 was not in it).
    assertThat(orderIds("2024-06-02")).containsExactly("b1");
  }

  @Test
  @Order(11)
  void aReRunRefusedOverTheQuarantineRatioLeavesThePublishedQuarantineRowsAsTheyWere() throws Exception {
    String published = runDirs("2024-06-03").get(0).substring("run=".length());
    spark().catalog().refreshTable("beta.orders_quarantine");
    String before = "SELECT run_id, count(*) FROM beta.orders_quarantine WHERE `date` = '2024-06-03' GROUP BY run_id";
    assertThat(spark().sql(before).collectAsList().toString()).isEqualTo("[[" + published + ",2]]");

    Result refused = feedlake("ingest", "--job", "orders", "--date", "2024-06-03", "--json");

    assertThat(refused.exit).as(refused.err).isEqualTo(3);
    assertThat(refused.err).contains("over quarantine.max-ratio", "not registered in table beta.orders_quarantine");
    spark().catalog().refreshTable("beta.orders_quarantine");
    assertThat(spark().sql(before).collectAsList().toString()).isEqualTo("[[" + published + ",2]]");
    assertThat(orderIds("2024-06-03")).containsExactly("c1");
  }

  /** Fails the swap of the beta table, as if the catalog went away right after the write. */
  private static final class FailingSwap implements PartitionCatalog {
    private final PartitionCatalog delegate;

    FailingSwap(PartitionCatalog delegate) {
      this.delegate = delegate;
    }

    @Override
    public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
      delegate.ensureTable(table, dataColumns, location, evolution);
    }

    @Override
    public Optional<TableShape> table(TableName table) {
      return delegate.table(table);
    }

    @Override
    public void registerPartition(TableName table, String date, String location) {
      if (table.equals(ORDERS)) {
        throw new IllegalStateException("injected: the catalog is unreachable at the swap");
      }
      delegate.registerPartition(table, date, location);
    }

    @Override
    public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
      return delegate.registerPartitions(table, locations);
    }

    @Override
    public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
      return delegate.dropPartitions(table, dates);
    }

    @Override
    public SortedMap<String, String> partitionLocations(TableName table) {
      return delegate.partitionLocations(table);
    }
  }
}
