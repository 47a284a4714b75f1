package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code feedlake backfill} on the bundled vsco_events samples and a fresh lake, with {@code
 * status} after each step: three dates published (two at a time, FAIR pools), a second run does
 * nothing and says so, one changed input file re-runs that date alone, and a date whose input
 * fails its contract is failed in status and gives the backfill's exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path alpha;
  private static Path lake;

  @BeforeAll
  static void setUp() throws Exception {
    Path home = Paths.get("").toAbsolutePath();
    System.setProperty("feedlake.home", home.toString());
    Path root = Files.createTempDirectory("feedlake-backfill-it");
    alpha = root.resolve("alpha");
    lake = root.resolve("lake");
    FileUtils.copyDirectory(home.resolve("data-samples/kafka/vsco_behavior").toFile(),
        alpha.resolve("vsco_behavior").toFile());
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static Cli.Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "source.path=" + alpha, "--set", "lake.root=" + lake));
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<String> states() throws Exception {
    Cli.Result r = feedlake("status", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03", "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    List<String> out = new ArrayList<>();
    JSON.readTree(r.out()).path("states").forEach(s -> out.add(s.path("date").asText() + " " + s.path("state").asText()));
    return out;
  }

  private static String runIdOf(String date) throws Exception {
    Cli.Result r = feedlake("status", "--job", "vsco_events", "--from", date, "--to", date, "--json");
    return JSON.readTree(r.out()).path("states").get(0).path("run_id").asText();
  }

  @Test
  @Order(1)
  void aFreshLakePublishesTheThreeDates() throws Exception {
    assertThat(states()).containsExactly("2024-03-01 missing", "2024-03-02 missing", "2024-03-03 missing");

    Cli.Result dry = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03",
        "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isEqualTo(0);
    assertThat(dry.out()).contains("3 date(s) to run", "  run   2024-03-02  missing ", "dry run: nothing was run");
    assertThat(states()).containsOnly("2024-03-01 missing", "2024-03-02 missing", "2024-03-03 missing");

    Cli.Result r = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03",
        "--parallelism", "2", "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("results")).hasSize(3);
    json.path("results").forEach(d -> assertThat(d.path("status").asText()).isEqualTo("published"));
    assertThat(json.path("dates")).hasSize(3);
    assertThat(r.err()).contains("[3/3] beta.vsco_events date=", "backfill beta.vsco_events: 3 published, 0 failed");
    assertThat(states()).containsExactly("2024-03-01 published", "2024-03-02 published", "2024-03-03 published");
    SparkSession spark = SparkSession.getDefaultSession().get();
    assertThat(spark.sparkContext().getConf().get("spark.scheduler.mode")).isEqualTo("FAIR");
    assertThat(spark.sql("SELECT DISTINCT date FROM beta.vsco_events ORDER BY date").collectAsList().toString())
        .isEqualTo("[[2024-03-01], [2024-03-02], [2024-03-03]]");
  }

  @Test
  @Order(2)
  void aSecondRunDoesNothingAndSaysSo() throws Exception {
    Cli.Result r = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("0 date(s) to run", "  skip  2024-03-01  published ",
        "nothing to do: no date of 2024-03-01 to 2024-03-03 is missing, failed, changed with ready input");
  }

  @Test
  @Order(3)
  void aChangedInputFileReRunsThatDateAlone() throws Exception {
    String before1 = runIdOf("2024-03-01");
    String before2 = runIdOf("2024-03-02");
    Path p1 = alpha.resolve("vsco_behavior/dt=2024-03-02/vsco_behavior-p1.json");
    Files.write(p1, "\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThat(states()).containsExactly("2024-03-01 published", "2024-03-02 changed", "2024-03-03 published");

    Cli.Result r = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03",
        "--only", "changed", "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode results = JSON.readTree(r.out()).path("results");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).path("date").asText()).isEqualTo("2024-03-02");
    assertThat(results.get(0).path("reason").asText()).isEqualTo("changed");
    assertThat(states()).containsExactly("2024-03-01 published", "2024-03-02 published", "2024-03-03 published");
    assertThat(runIdOf("2024-03-01")).isEqualTo(before1);
    assertThat(runIdOf("2024-03-02")).isNotEqualTo(before2);
  }

  @Test
  @Order(4)
  void aDateThatBreaksItsContractIsFailedAndGivesTheExitCode() throws Exception {
    Path dir = Files.createDirectories(alpha.resolve("vsco_behavior/dt=2024-03-04"));
    Files.writeString(dir.resolve("vsco_behavior-p0.json"), "not json\nnot json either\n");
    Cli.Result r = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-05",
        "--continue-on-error");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("  skip  2024-03-05  not-ready ", "FAILED (exit 3)");
    Cli.Result status = feedlake("status", "--job", "vsco_events", "--from", "2024-03-04", "--to", "2024-03-04");
    assertThat(status.out()).startsWith("2024-03-04  failed     run ").contains("exit 3");
  }

  @Test
  @Order(5)
  void ingestAppliesTheMarkerRuleBeforeReading() throws Exception {
    Path dir = alpha.resolve("vsco_behavior/dt=2024-03-03");
    Files.deleteIfExists(dir.resolve("_SUCCESS"));
    String before = runIdOf("2024-03-03");
    String[] ingest = {"ingest", "--job", "vsco_events", "--date", "2024-03-03", "--set", "source.ready=marker"};

    Cli.Result refused = feedlake(ingest);
    assertThat(refused.exit()).as(refused.err()).isEqualTo(4);
    assertThat(refused.err()).contains("marker file " + dir.resolve("_SUCCESS") + " is missing (source.ready = marker)");
    assertThat(runIdOf("2024-03-03")).isEqualTo(before);

    Files.writeString(dir.resolve("_SUCCESS"), "");
    Cli.Result after = feedlake(ingest);
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(runIdOf("2024-03-03")).isNotEqualTo(before);
  }

  @Test
  @Order(6)
  void lateEventsOfParallelDatesWaitForTheEarlierDateInsteadOfFailing() throws Exception {
    // 2024-03-02's dump holds a late event of 2024-03-01 and 2024-03-03's two of 2024-03-02: with
    // three dates at once, each merge finds the earlier date locked by its own run of this command.
    Cli.Result r = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03",
        "--only", "all", "--parallelism", "3", "--set", "publish.late-events=merge", "--set", "quarantine.max-ratio=1",
        "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    json.path("results").forEach(d -> assertThat(d.path("status").asText()).isEqualTo("published"));
    assertThat(r.out()).contains("late event(s) into date=2024-03-01", "late event(s) into date=2024-03-02");
    // A merged date's own input is unchanged: it is published, not changed, so a default backfill
    // (missing, failed, changed) does not re-run it and drop the merged late events.
    assertThat(states()).containsExactly("2024-03-01 published", "2024-03-02 published", "2024-03-03 published");
    Cli.Result again = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-03");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("0 date(s) to run");
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
