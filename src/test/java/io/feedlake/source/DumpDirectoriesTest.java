package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ReadyMode;
import io.feedlake.config.JobSpec.ReadyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready rules of dump directories (source.ready): any, marker and quiet-period. */
class DumpDirectoriesTest {
  private static final LocalDate DATE = LocalDate.of(2024, 3, 1);
  private static final List<String> JSON = List.of(".json");

  @TempDir Path root;
  private Path dir;

  @BeforeEach
  void dumpWithOneFile() throws IOException {
    dir = Files.createDirectories(root.resolve("events/dt=2024-03-01"));
    write("part-0.json", Instant.now().minus(Duration.ofHours(1)));
  }

  private void write(String name, Instant modified) throws IOException {
    Path f = Files.writeString(dir.resolve(name), "{}\n");
    Files.setLastModifiedTime(f, FileTime.from(modified));
  }

  private List<InputFile> list(ReadyRule rule) {
    return new DumpDirectories(root.toString(), "{topic}/dt={date}", "events", "kcat dump for topic events", rule)
        .list(new Configuration(), DATE, JSON);
  }

  private FeedlakeException notReady(ReadyRule rule) {
    FeedlakeException e = catchThrowableOfType(() -> list(rule), FeedlakeException.class);
    assertThat(e).as("expected the input not to be ready").isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
    return e;
  }

  @Test
  void anyIsReadyWithOneDataFile() {
    assertThat(list(ReadyRule.ANY)).extracting(f -> Path.of(java.net.URI.create(f.path())).getFileName().toString())
        .containsExactly("part-0.json");
  }

  @Test
  void markerMissingIsNotReadyAndNamesTheMarker() {
    FeedlakeException e = notReady(new ReadyRule(ReadyMode.MARKER, "_SUCCESS", Duration.ofMinutes(10)));

    assertThat(e.getMessage()).isEqualTo("Not ready: kcat dump for topic events on 2024-03-01: marker file "
        + dir.resolve("_SUCCESS") + " is missing (source.ready = marker)");
  }

  @Test
  void markerPresentIsReadyAndIsNotReadAsData() throws IOException {
    Files.writeString(dir.resolve("_SUCCESS"), "");
    assertThat(list(new ReadyRule(ReadyMode.MARKER, "_SUCCESS", Duration.ofMinutes(10)))).hasSize(1);

    Files.writeString(dir.resolve("DONE"), "");
    assertThat(list(new ReadyRule(ReadyMode.MARKER, "DONE", Duration.ofMinutes(10)))).hasSize(1);
  }

  @Test
  void aMarkerDirectoryIsNotAMarkerFile() throws IOException {
    Files.createDirectories(dir.resolve("_SUCCESS"));
    notReady(new ReadyRule(ReadyMode.MARKER, "_SUCCESS", Duration.ofMinutes(10)));
  }

  @Test
  void quietPeriodWaitsForTheNewestFileOfTheDirectory() throws IOException {
    ReadyRule tenMinutes = new ReadyRule(ReadyMode.QUIET_PERIOD, "_SUCCESS", Duration.ofMinutes(10));
    assertThat(list(tenMinutes)).hasSize(1);

    Instant recent = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    // a file still being copied under a temporary name holds the directory back too
    write("part-1.json.tmp", recent);
    FeedlakeException e = notReady(tenMinutes);
    assertThat(e.getMessage())
        .startsWith("Not ready: kcat dump for topic events on 2024-03-01: file:" + dir.resolve("part-1.json.tmp")
            + " was modified at " + recent + ", ")
        .contains("s ago, within source.quiet-period = 600s (source.ready = quiet-period); ready at "
            + recent.plus(Duration.ofMinutes(10)) + " if nothing changes");

    write("part-1.json.tmp", Instant.now().minus(Duration.ofMinutes(20)));
    assertThat(list(tenMinutes)).hasSize(1);
  }

  @Test
  void quietPeriodComparesWithTheGivenClock() throws IOException {
    ReadyRule rule = new ReadyRule(ReadyMode.QUIET_PERIOD, "_SUCCESS", Duration.ofMinutes(10));
    Instant modified = Instant.parse("2024-03-02T00:05:00Z");
    write("part-0.json", modified);
    var fs = org.apache.hadoop.fs.FileSystem.getLocal(new Configuration());
    var hdir = new org.apache.hadoop.fs.Path(dir.toUri());
    var files = List.of(fs.listStatus(hdir));

    DumpDirectories.requireReady(rule, fs, hdir, files, "dump", modified.plus(Duration.ofMinutes(10)));
    FeedlakeException e = catchThrowableOfType(
        () -> DumpDirectories.requireReady(rule, fs, hdir, files, "dump", modified.plus(Duration.ofSeconds(599))),
        FeedlakeException.class);
    assertThat(e.getMessage()).isEqualTo("Not ready: dump: file:" + dir.resolve("part-0.json") + " was modified at "
        + "2024-03-02T00:05:00Z, 599s ago, within source.quiet-period = 600s (source.ready = quiet-period); "
        + "ready at 2024-03-02T00:15:00Z if nothing changes");
  }

  @Test
  void aMissingDirectoryIsNotReadyWhateverTheRule() {
    FeedlakeException e = catchThrowableOfType(
        () -> new DumpDirectories(root.toString(), "{topic}/dt={date}", "other", "kcat dump for topic other",
            new ReadyRule(ReadyMode.MARKER, "_SUCCESS", Duration.ofMinutes(10))).list(new Configuration(), DATE, JSON),
        FeedlakeException.class);
    assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(e.getMessage()).startsWith("No kcat dump for topic other on 2024-03-01: directory ")
        .endsWith("does not exist");
  }

  @Test
  void hiddenFilesAreSkippedLikeHadoop() throws IOException {
    write(".part-1.json", Instant.now().minus(Duration.ofHours(1)));
    write("_tmp-part-2.json", Instant.now().minus(Duration.ofHours(1)));

    assertThat(list(ReadyRule.ANY)).extracting(f -> Path.of(java.net.URI.create(f.path())).getFileName().toString())
        .containsExactly("part-0.json");
  }
}
