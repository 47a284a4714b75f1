package io.feedlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.FeedlakeException;
import io.feedlake.catalog.Retention;
import io.feedlake.ledger.DateStates.DateState;
import io.feedlake.ledger.DateStates.Input;
import io.feedlake.ledger.DateStates.State;
import io.feedlake.source.InputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DateStates} on a temporary lake: run records written by {@link RunLedger}, inputs given per date. */
class DateStatesTest {
  private static final String TABLE = "beta.events";
  private static final LocalDate D1 = LocalDate.parse("2024-03-01");

  @TempDir Path lake;

  private final Configuration conf = new Configuration();
  private final Map<LocalDate, Input> inputs = new HashMap<>();
  private RunLedger ledger;
  private DateStates states;

  @BeforeEach
  void setUp() {
    ledger = new RunLedger(conf, lake.toString());
    states = new DateStates(conf, lake.toString(), TABLE,
        d -> inputs.getOrDefault(d, Input.notReady("No dump on " + d + ": directory /alpha/dt=" + d + " does not exist")));
  }

  private static RunCounts counts(long written, long quarantined) {
    return new RunCounts(written + quarantined, 0, written, 0, quarantined, 0, 0, Map.of(), Map.of("bad_json", quarantined),
        Map.of(), 0);
  }

  private static List<InputFile> files(long... sizes) {
    List<InputFile> out = new java.util.ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      out.add(new InputFile("file:/alpha/dt=2024-03-01/p" + i + ".json", sizes[i]));
    }
    return out;
  }

  private static Map<String, Long> recorded(List<InputFile> files) {
    Map<String, Long> m = new LinkedHashMap<>();
    files.forEach(f -> m.put(f.path(), f.bytes()));
    return m;
  }

  private void publish(LocalDate date, String runId, long written, long quarantined, List<InputFile> files)
      throws Exception {
    DateResult r = new DateResult(date.toString(), "succeeded", 0, null, files.size(), 0, counts(written, quarantined),
        1, 100, lake.resolve("beta/events/date=" + date + "/run=" + runId).toUri().toString(), 1.0, List.of(), Map.of());
    ledger.record("events", TABLE, runId, RunLedger.PUBLISHING, r, recorded(files));
    ledger.record("events", TABLE, runId, RunLedger.PUBLISHED, r, recorded(files));
  }

  private void fail(LocalDate date, String runId, int exit, String message) throws Exception {
    DateResult r = new DateResult(date.toString(), "failed", exit, message, 1, 0, counts(2, 8), 0, 0, null, 1.0,
        List.of(), Map.of());
    ledger.record("events", TABLE, runId, RunLedger.FAILED, r, Map.of());
  }

  @Test
  void aPublishedDateShowsItsRunRowsAndQuarantineAndItsInputIsUnchanged() throws Exception {
    inputs.put(D1, Input.ready(files(10, 20)));
    publish(D1, "20240302T000000Z-a", 90, 3, files(10, 20));

    DateState s = states.of(D1);
    assertThat(s.state()).isEqualTo(State.PUBLISHED);
    assertThat(List.of(s.runId(), s.rows(), s.quarantined(), s.inputFiles(), s.inputBytes()))
        .containsExactly("20240302T000000Z-a", 90L, 3L, 2, 30L);
    assertThat(s.publishedAt()).isNotNull();
    assertThat(s.detail()).isEmpty();
  }

  @Test
  void aPublishedDateWhoseInputGrewOrLostAFileIsChanged() throws Exception {
    publish(D1, "20240302T000000Z-a", 90, 3, files(10, 20));

    inputs.put(D1, Input.ready(files(10, 25)));
    DateState resized = states.of(D1);
    assertThat(resized.state()).isEqualTo(State.CHANGED);
    assertThat(resized.detail()).isEqualTo("input changed since run 20240302T000000Z-a: 1 resized [p1.json 20 -> 25 bytes]");

    inputs.put(D1, Input.ready(files(10, 20, 5)));
    assertThat(states.of(D1).detail()).startsWith("input changed since run 20240302T000000Z-a: 1 added [p2.json]");

    inputs.put(D1, Input.ready(files(10)));
    assertThat(states.of(D1).detail()).startsWith("input changed since run 20240302T000000Z-a: 1 removed [p1.json]");
  }

  @Test
  void aDateWithOnlyAFailedRunIsFailedWithTheExitCodeAndTheFirstLineOfTheError() throws Exception {
    inputs.put(D1, Input.ready(files(10)));
    fail(D1, "20240302T000000Z-a", 3, "Quarantined 8 of 10 records\nTop reasons: bad_json=8");

    DateState s = states.of(D1);
    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(List.of(s.runId(), s.exitCode(), s.error())).containsExactly("20240302T000000Z-a", 3,
        "Quarantined 8 of 10 records");
  }

  @Test
  void aPublicationWinsOverALaterFailedRunWhichIsNoted() throws Exception {
    inputs.put(D1, Input.ready(files(10)));
    publish(D1, "20240302T000000Z-a", 9, 1, files(10));
    fail(D1, "20240303T000000Z-b", 5, "Cannot publish");

    DateState s = states.of(D1);
    assertThat(s.state()).isEqualTo(State.PUBLISHED);
    assertThat(s.runId()).isEqualTo("20240302T000000Z-a");
    assertThat(s.detail()).isEqualTo("a later run 20240303T000000Z-b failed (exit 5)");
  }

  @Test
  void noRunIsMissingWhenTheInputIsReadyAndNotReadyOtherwise() throws Exception {
    inputs.put(D1, Input.ready(files(10, 20)));
    DateState missing = states.of(D1);
    assertThat(List.of(missing.state(), missing.inputFiles(), missing.inputBytes(), missing.detail()))
        .containsExactly(State.MISSING, 2, 30L, "no run; input ready");

    DateState notReady = states.of(D1.plusDays(1));
    assertThat(notReady.state()).isEqualTo(State.NOT_READY);
    assertThat(notReady.detail()).isEqualTo("No dump on 2024-03-02: directory /alpha/dt=2024-03-02 does not exist");
  }

  @Test
  void anIntentRecordTheCatalogWasNeverFoundServingIsNoRun() throws Exception {
    inputs.put(D1, Input.ready(files(10)));
    DateResult r = new DateResult(D1.toString(), "succeeded", 0, null, 1, 10, counts(9, 1), 1, 100, "file:/l/run=x",
        1.0, List.of(), Map.of());
    ledger.record("events", TABLE, "20240302T000000Z-a", RunLedger.PUBLISHING, r, Map.of());

    DateState s = states.of(D1);
    assertThat(s.state()).isEqualTo(State.MISSING);
    assertThat(s.detail()).contains("run 20240302T000000Z-a has an intent record (publishing) not reconciled");
  }

  @Test
  void publishedDatesOlderThanTheRetentionStartAreHidden() throws Exception {
    inputs.put(D1, Input.ready(files(10)));
    inputs.put(D1.plusDays(1), Input.ready(files(10)));
    publish(D1, "20240302T000000Z-a", 9, 1, files(10));
    publish(D1.plusDays(1), "20240303T000000Z-a", 9, 1, files(10));
    Retention.saveExposedFrom(conf, lake.toString(), TABLE, "2024-03-02", "last 1 day(s)");

    List<DateState> all = states.between(D1, D1.plusDays(2));
    assertThat(all).extracting(DateState::state).containsExactly(State.HIDDEN, State.PUBLISHED, State.NOT_READY);
    assertThat(all.get(0).detail()).isEqualTo("older than the exposure start 2024-03-02 (retention)");
    assertThat(DateStates.totals(all)).containsEntry(State.HIDDEN, 1).containsEntry(State.PUBLISHED, 1)
        .containsEntry(State.NOT_READY, 1).containsEntry(State.FAILED, 0);
  }

  @Test
  void aRolledBackDateShowsTheRunItWentBackTo() throws Exception {
    inputs.put(D1, Input.ready(files(10)));
    publish(D1, "20240302T000000Z-a", 9, 1, files(10));
    publish(D1, "20240303T000000Z-b", 7, 3, files(10));
    String first = lake.resolve("beta/events/date=2024-03-01/run=20240302T000000Z-a").toUri().toString();
    ledger.recordRollback("events", TABLE, "20240304T000000Z-c", RunLedger.PUBLISHED, D1.toString(), first, "x");

    DateState s = states.of(D1);
    assertThat(List.of(s.state(), s.runId(), s.rows())).containsExactly(State.PUBLISHED, "20240302T000000Z-a", 9L);
    assertThat(s.detail()).isEqualTo("rolled back to this run by 20240304T000000Z-c");
  }

  @Test
  void aBrokenRecordIsAnErrorNamingTheFile() throws Exception {
    Path dir = Files.createDirectories(lake.resolve("_feedlake/runs/" + TABLE + "/date=2024-03-01"));
    Files.writeString(dir.resolve("run=x.json"), "{\"status\":");
    assertThatThrownBy(() -> states.of(D1)).isInstanceOf(FeedlakeException.class)
        .hasMessageStartingWith("Cannot read the run record ").hasMessageContaining("run=x.json")
        .hasMessageContaining("it is not valid JSON");
  }

  @Test
  void statesAreNamedAsOnTheCommandLine() {
    assertThat(State.NOT_READY.label()).isEqualTo("not-ready");
    assertThat(State.ofLabel("Changed")).contains(State.CHANGED);
    assertThat(State.ofLabel("gone")).isEmpty();
  }
}
