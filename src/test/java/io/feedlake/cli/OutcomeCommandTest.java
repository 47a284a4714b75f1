package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --run-id} and {@code feedlake outcome}, on commands that fail before Spark would start
 * (the exit 3 and 4 cases over real ingests are in {@link S3IT}).
 */
class OutcomeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path lake;

  @BeforeAll
  static void home() {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
  }

  private Cli.Result feedlake(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--set";
    all[args.length + 1] = "lake.root=" + lake;
    return Cli.run(all);
  }

  @Test
  void aRunIdThatCannotNameAFileIsAUsageError() {
    Cli.Result r = feedlake("vacuum", "--job", "vsco_events", "--run-id", "scheduled__2024-03-01T00:00:00+00:00");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--run-id: 'scheduled__2024-03-01T00:00:00+00:00' is not a run id (letters, digits,");
    assertThat(lake.resolve("_feedlake")).doesNotExist();
  }

  @Test
  void noRecordYetExitsFourAndSaysSo() throws Exception {
    Cli.Result r = feedlake("outcome", "--run-id", "airflow-1", "--job", "vsco_events", "--json");
    assertThat(r.exit()).isEqualTo(4);
    JsonNode s = JSON.readTree(r.out().strip());
    assertThat(s.get("recorded").asBoolean()).isFalse();
    assertThat(s.get("exit_code").asInt()).isEqualTo(4);
    assertThat(r.err()).contains("no outcome recorded for run airflow-1 of vsco_events under " + lake);
  }

  @Test
  void theRecordedExitCodeOfAFailedRunIsTheOutcomesExitCode() throws Exception {
    Cli.Result run = feedlake("vacuum", "--job", "vsco_events", "--older-than", "a week", "--run-id", "dag.vacuum_1", "--json");
    assertThat(run.exit()).isEqualTo(2);
    JsonNode ran = JSON.readTree(run.out().strip());
    // The run is named by its start time and the caller's id, as every run id starts with its time.
    assertThat(ran.get("run_id").asText()).matches("\\d{8}T\\d{6}Z-dag\\.vacuum_1");
    Path record = lake.resolve("_feedlake/outcomes/vsco_events/run=dag.vacuum_1.json");
    assertThat(record).exists();
    try (var files = Files.list(record.getParent())) {
      // No temporary file left behind (Hadoop's local file system adds its hidden .crc beside it).
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList())
          .containsExactly("run=dag.vacuum_1.json");
    }

    Cli.Result outcome = feedlake("outcome", "--run-id", "dag.vacuum_1", "--job", "vsco_events");
    assertThat(outcome.exit()).isEqualTo(2);
    assertThat(outcome.out()).contains("vsco_events run dag.vacuum_1 (" + ran.get("run_id").asText() + "): failed, exit 2");
    assertThat(outcome.err()).contains("run dag.vacuum_1 (vsco_events) ended with exit 2: --older-than: 'a week' is not an age");
    // Without --job, every record under the id; another job's record is not this one.
    assertThat(feedlake("outcome", "--run-id", "dag.vacuum_1").exit()).isEqualTo(2);
    assertThat(feedlake("outcome", "--run-id", "dag.vacuum_1", "--job", "gif_activity").exit()).isEqualTo(4);
  }

  @Test
  void outcomeWithoutARunIdIsAUsageError() {
    Cli.Result r = feedlake("outcome", "--job", "vsco_events");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("outcome: --run-id ID is required");
  }
}
